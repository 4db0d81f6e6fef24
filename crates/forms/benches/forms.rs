//! `make bench` (forms): how long a filled, signed consent form takes to render (release) and
//! how big it is, beside the size of the whole Korean font that subsetting keeps out of every
//! PDF. Prints Markdown.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use jeopsu_core::consent::ConsentItem;
use jeopsu_core::guardian::Guardian;
use jeopsu_core::guardian::{Relationship, Signature, Verification};
use jeopsu_forms::{ConsentForm, FormKind, FormPatient, Signed, consent_form};
use jeopsu_i18n::{Lang, Texts};
use std::time::{Duration, Instant};

fn signature() -> Signature {
    let main = (0..400)
        .map(|i| {
            let t = i as f32 / 399.0;
            [60.0 + 700.0 * t, 150.0 + 80.0 * (t * 18.0).sin()]
        })
        .collect();
    Signature {
        width: 900.0,
        height: 300.0,
        strokes: vec![main],
    }
}

fn pct(v: &mut [Duration], p: f64) -> f64 {
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i].as_secs_f64() * 1000.0
}

fn main() {
    let sig = signature();
    println!("| form | lang | render p50 | render p99 | size |");
    println!("|---|---|---:|---:|---:|");
    for kind in FormKind::ALL {
        for lang in [Lang::Ko, Lang::En] {
            let t = Texts::new(lang);
            let items = t.consent_texts("뮤즈클리닉");
            let notice = t.minor_notice("뮤즈클리닉");
            let registration = t.registration_notice("뮤즈클리닉");
            let form = ConsentForm {
                kind,
                clinic_name: "뮤즈클리닉",
                items: &items,
                notice: &notice,
                registration: Some(&registration),
                patient: Some(FormPatient {
                    name: "이하준".into(),
                    birth_date: "2017-05-05".into(),
                    chart_no: "2026-00042".into(),
                    age: Some(9),
                }),
                guardians: vec![Guardian {
                    name: "김영희".into(),
                    relationship: Relationship::Mother,
                    relationship_other: None,
                    mobile: "010-1234-5678".into(),
                    verification: Verification::IdInPerson,
                    verification_note: None,
                    called_at: None,
                }],
                signed: Some(Signed {
                    record_id: 17,
                    decisions: vec![(ConsentItem::Marketing, false)],
                    teen_answers: None,
                    minor_ack: None,
                    signature: Some(&sig),
                    paper_filed_at: None,
                    signed_at: "2026-11-25 10:05".into(),
                    witness: "reception1".into(),
                    companion: None,
                }),
            };
            let mut times = vec![];
            let mut size = 0;
            for _ in 0..40 {
                let start = Instant::now();
                let bytes = consent_form(&t, &form).unwrap();
                times.push(start.elapsed());
                size = bytes.len();
            }
            println!(
                "| {} (signed) | {} | {:.1} ms | {:.1} ms | {} KB |",
                kind.as_str(),
                lang.code(),
                pct(&mut times, 0.5),
                pct(&mut times, 0.99),
                size / 1024
            );
        }
    }
    println!(
        "\nFor comparison, the whole Korean font file that subsetting avoids embedding: {} KB.",
        jeopsu_forms::FONT_BYTES.len() / 1024
    );
}
