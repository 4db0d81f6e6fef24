//! Every form: text extracts back (pdftotext), the font is embedded as a subset (pdffonts), and
//! a PNG of each page is left in target-forms/ for a person to look at (pdftoppm).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use jeopsu_core::consent::{ConsentItem, Method, Signer};
use jeopsu_forms::{ConsentCopy, ConsentCopyItem, RecoverySheet, consent_copy, recovery_sheet};
use jeopsu_i18n::{Lang, Texts};
use std::path::{Path, PathBuf};
use std::process::Command;

fn groups() -> Vec<String> {
    [
        "7KQ2M", "0D4XH", "ZJ5X7", "77H32", "95H8Q", "PSS9J", "QRK01",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn artifacts() -> PathBuf {
    let d = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target-forms");
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} missing ({e}): run installers/linux/install-deps.sh (poppler-utils)")
    });
    assert!(
        out.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

fn render(lang: Lang) -> PathBuf {
    let g = groups();
    let sheet = RecoverySheet {
        clinic_name: "뮤즈클리닉",
        groups: &g,
        created: "2026-11-24 19:30",
        database_id: "3f9a0c1d",
    };
    let bytes = recovery_sheet(&Texts::new(lang), &sheet).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "a PDF");
    assert!(
        bytes.len() < 300_000,
        "subset font keeps it small: {} bytes",
        bytes.len()
    );
    let path = artifacts().join(format!("recovery-sheet-{}.pdf", lang.code()));
    std::fs::write(&path, &bytes).unwrap();
    path
}

/// pdftotext separates words with spaces or newlines depending on layout: compare word streams.
fn words(s: &str) -> Vec<String> {
    s.split_whitespace().map(str::to_string).collect()
}

#[test]
fn recovery_sheet_text_round_trips_in_both_languages() {
    for (lang, title, clinic) in [
        (Lang::Ko, "복구 문구 보관 용지", "의원: 뮤즈클리닉"),
        (Lang::En, "Recovery sheet", "Clinic: 뮤즈클리닉"),
    ] {
        let pdf = render(lang);
        let text = tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
        let flat = words(&text).join(" ");
        assert!(flat.contains(title), "{}: title in {flat}", lang.code());
        assert!(
            flat.contains(clinic),
            "{}: clinic line in {flat}",
            lang.code()
        );
        for g in groups() {
            assert!(flat.contains(&g), "{}: group {g} in {flat}", lang.code());
        }
        assert!(
            flat.contains(&groups().join("-")),
            "{}: typed form of the phrase",
            lang.code()
        );
        let texts = Texts::new(lang);
        let loss = texts.get("form-recovery-loss");
        assert!(
            flat.contains(&words(&loss).join(" ")),
            "{}: the whole loss paragraph, wrapped without losing a word",
            lang.code()
        );
        // Small type: pdftotext may drop the narrow spaces in "1 / 1 쪽", so compare without them.
        let footer: String = texts
            .format(
                "form-page-of",
                &[("page", 1usize.into()), ("pages", 1usize.into())],
            )
            .split_whitespace()
            .collect();
        let squeezed: String = flat.split_whitespace().collect();
        assert!(
            squeezed.contains(&footer),
            "{}: page footer {footer} in {squeezed}",
            lang.code()
        );
    }
}

#[test]
fn the_font_is_embedded_and_subset() {
    let pdf = render(Lang::Ko);
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "a font is listed: {fonts}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert!(
            cols[0].contains('+'),
            "subset fonts are named XXXXXX+Name: {row}"
        );
        let n = cols.len();
        assert_eq!(
            &cols[n - 5..n - 2],
            ["yes", "yes", "yes"],
            "emb, sub, uni: {row}"
        );
    }
}

/// A page rendered in grey (`pdftoppm -gray`, a binary PGM): width, height and one byte per
/// pixel, 0 black to 255 white.
fn grey_page(pdf: &Path, prefix: &Path) -> (usize, usize, Vec<u8>) {
    tool(
        "pdftoppm",
        &[
            "-gray",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let file = std::fs::read_dir(prefix.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.extension().is_some_and(|x| x == "pgm")
                && p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(&*prefix.file_name().unwrap().to_string_lossy())
        })
        .expect("pdftoppm wrote the page");
    let bytes = std::fs::read(&file).unwrap();
    // "P5\n<w> <h>\n255\n" then the pixels.
    let mut fields = vec![];
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..at]).to_string());
    }
    assert_eq!(fields[0], "P5", "a binary grey map");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let pixels = bytes[at + 1..].to_vec();
    assert_eq!(pixels.len(), w * h);
    (w, h, pixels)
}

/// Each language's recovery sheet renders to an A4 page with its text inside the margins: ink
/// at the top (the heading), a plausible share of ink overall (not blank, not black), nothing
/// in the outer edge bands where a printer cuts off. PNGs are left for a person to look at.
#[test]
fn each_page_renders_to_png_for_review() {
    for lang in [Lang::Ko, Lang::En] {
        let pdf = render(lang);
        let prefix = artifacts().join(format!("recovery-sheet-{}", lang.code()));
        tool(
            "pdftoppm",
            &[
                "-png",
                "-r",
                "60",
                pdf.to_str().unwrap(),
                prefix.to_str().unwrap(),
            ],
        );
        let png = artifacts().join(format!("recovery-sheet-{}-1.png", lang.code()));
        assert!(png.exists(), "a rendered page: {}", png.display());
        let grey = artifacts().join(format!("recovery-sheet-{}-grey", lang.code()));
        let (w, h, px) = grey_page(&pdf, &grey);
        // A4 portrait at 60 dpi: 496 x 702.
        assert!(
            (w as f32 / h as f32 - 210.0 / 297.0).abs() < 0.01,
            "A4: {w}x{h}"
        );
        let dark = |x0: usize, x1: usize, y0: usize, y1: usize| {
            (y0..y1)
                .flat_map(|y| (x0..x1).map(move |x| (x, y)))
                .filter(|&(x, y)| px[y * w + x] < 128)
                .count()
        };
        let all = dark(0, w, 0, h) as f32 / (w * h) as f32;
        assert!(
            (0.005..0.4).contains(&all),
            "{lang:?}: {:.1}% of the page is ink",
            all * 100.0
        );
        assert!(dark(0, w, 0, h / 5) > 0, "{lang:?}: a heading at the top");
        let edge = w / 25;
        assert_eq!(
            dark(0, edge, 0, h) + dark(w - edge, w, 0, h),
            0,
            "{lang:?}: nothing in the left or right edge band"
        );
    }
}

fn consent_items(lang: Lang) -> Vec<ConsentCopyItem> {
    let texts = Texts::new(lang).consent_texts("뮤즈클리닉");
    let mut items: Vec<ConsentCopyItem> = texts
        .iter()
        .map(|t| ConsentCopyItem {
            item: t.item,
            granted: t.item != ConsentItem::Marketing,
            withdrawal: false,
            text: Some(t.clone()),
            signer: Signer::Patient,
            method: Method::InPerson,
            recorded: "2026-11-24 09:15".into(),
            taken_by: "이접수 (reception1)".into(),
        })
        .collect();
    items.push(ConsentCopyItem {
        item: ConsentItem::Marketing,
        granted: true,
        withdrawal: false,
        text: Some(texts[0].clone()),
        signer: Signer::Patient,
        method: Method::Phone,
        recorded: "2026-11-25 10:00".into(),
        taken_by: "박접수 (reception2)".into(),
    });
    items.push(ConsentCopyItem {
        item: ConsentItem::Marketing,
        granted: false,
        withdrawal: true,
        text: None,
        signer: Signer::Patient,
        method: Method::InPerson,
        recorded: "2026-11-26 11:30".into(),
        taken_by: "이접수 (reception1)".into(),
    });
    items
}

fn render_consent(lang: Lang) -> PathBuf {
    let items = consent_items(lang);
    let copy = ConsentCopy {
        clinic_name: "뮤즈클리닉",
        patient_name: "김민수",
        chart_no: "2026-00001",
        birth_date: "1990-01-01",
        printed: "2026-11-26 12:00",
        guardian_pending: false,
        items: &items,
    };
    let bytes = consent_copy(&Texts::new(lang), &copy).unwrap();
    let path = artifacts().join(format!("consent-copy-{}.pdf", lang.code()));
    std::fs::write(&path, &bytes).unwrap();
    path
}

#[test]
fn the_consent_copy_carries_each_decision_with_its_exact_wording() {
    for lang in [Lang::Ko, Lang::En] {
        let pdf = render_consent(lang);
        let text = tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
        let flat = words(&text).join(" ");
        let t = Texts::new(lang);
        for needle in [
            t.get("form-consent-title"),
            "김민수".into(),
            "2026-00001".into(),
            t.get("form-consent-withdrawn"),
            t.get("form-consent-refused"),
            "이접수 (reception1)".into(),
        ] {
            assert!(
                flat.contains(&words(&needle).join(" ")),
                "{needle} in {flat}"
            );
        }
        for item in consent_items(lang).iter().filter_map(|i| i.text.as_ref()) {
            // Every line of the wording, wrapped, with no word lost; and its version.
            for line in item.body.lines() {
                assert!(
                    flat.contains(&words(line).join(" ")),
                    "{}: {line} in {flat}",
                    lang.code()
                );
            }
            assert!(flat.contains(item.short_hash()));
        }
        let prefix = artifacts().join(format!("consent-copy-{}", lang.code()));
        tool(
            "pdftoppm",
            &[
                "-png",
                "-r",
                "60",
                pdf.to_str().unwrap(),
                prefix.to_str().unwrap(),
            ],
        );
    }
}

// ---- the consent forms ---------------------------------------------------------

use jeopsu_core::guardian::Guardian;
use jeopsu_core::guardian::{Relationship, Signature, Verification};
use jeopsu_forms::{ConsentForm, FormKind, FormPatient, Signed, consent_form};

fn signature() -> Signature {
    // A looping scrawl with a separate dot-like stroke, in a 900 x 300 pad.
    let mut main = vec![];
    for i in 0..120 {
        let t = i as f32 / 119.0;
        let x = 60.0 + 700.0 * t;
        let y = 150.0 + 80.0 * (t * 18.0).sin() * (1.0 - t * 0.5);
        main.push([x, y]);
    }
    Signature {
        width: 900.0,
        height: 300.0,
        strokes: vec![main, vec![[800.0, 90.0], [812.0, 96.0]]],
    }
}

fn guardians() -> Vec<Guardian> {
    vec![
        Guardian {
            name: "김영희".into(),
            relationship: Relationship::Mother,
            relationship_other: None,
            mobile: "010-1234-5678".into(),
            verification: Verification::IdInPerson,
            verification_note: None,
            called_at: None,
        },
        Guardian {
            name: "이철수".into(),
            relationship: Relationship::Other,
            relationship_other: Some("할아버지".into()),
            mobile: "010-9876-5432".into(),
            verification: Verification::Phone,
            verification_note: Some("접수 박이 걸어 확인".into()),
            called_at: Some("2026-11-25 09:40".into()),
        },
    ]
}

#[derive(Clone, Copy, Debug)]
enum Fill {
    Blank,
    Prefilled,
    Signed,
}

fn render_form(kind: FormKind, lang: Lang, fill: Fill) -> (PathBuf, Vec<u8>) {
    let t = Texts::new(lang);
    let items = t.consent_texts("뮤즈클리닉");
    let notice = t.minor_notice("뮤즈클리닉");
    let registration = t.registration_notice("뮤즈클리닉");
    let sig = signature();
    let patient = FormPatient {
        name: "이하준".into(),
        birth_date: "2017-05-05".into(),
        chart_no: "2026-00042".into(),
        age: Some(match kind {
            FormKind::Adult => 36,
            // From 14 the optional item is offered, so the form carries it.
            FormKind::Guardian => 15,
            FormKind::MinorNotice => 9,
        }),
    };
    let form = ConsentForm {
        kind,
        clinic_name: "뮤즈클리닉",
        items: &items,
        notice: &notice,
        registration: Some(&registration),
        patient: (!matches!(fill, Fill::Blank)).then(|| patient.clone()),
        guardians: match (fill, kind) {
            (Fill::Blank, _) | (_, FormKind::Adult) => vec![],
            _ => guardians(),
        },
        signed: matches!(fill, Fill::Signed).then(|| Signed {
            record_id: 17,
            decisions: vec![(ConsentItem::Marketing, false)],
            // A 15-year-old's record: the representative said yes, the minor no.
            teen_answers: (kind == FormKind::Guardian).then(|| {
                jeopsu_core::guardian::TeenAnswers {
                    representative: vec![(ConsentItem::Marketing, true)],
                    minor: vec![(ConsentItem::Marketing, false)],
                }
            }),
            minor_ack: None,
            signature: Some(&sig),
            paper_filed_at: None,
            signed_at: "2026-11-25 10:05".into(),
            witness: "이접수 (reception1)".into(),
            companion: None,
        }),
    };
    let bytes = consent_form(&t, &form).unwrap();
    let name = format!(
        "{}-{}-{}",
        kind.as_str(),
        format!("{fill:?}").to_lowercase(),
        lang.code()
    );
    let path = artifacts().join(format!("{name}.pdf"));
    std::fs::write(&path, &bytes).unwrap();
    (path, bytes)
}

#[test]
fn every_consent_form_round_trips_its_wording_in_both_languages() {
    for lang in [Lang::Ko, Lang::En] {
        let t = Texts::new(lang);
        let items = t.consent_texts("뮤즈클리닉");
        let notice = t.minor_notice("뮤즈클리닉");
        let registration = t.registration_notice("뮤즈클리닉");
        for kind in FormKind::ALL {
            for fill in [Fill::Blank, Fill::Prefilled, Fill::Signed] {
                let (pdf, bytes) = render_form(kind, lang, fill);
                assert!(
                    bytes.len() < 300_000,
                    "{pdf:?}: {} bytes (limit 300 KB)",
                    bytes.len()
                );
                let text = tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
                let flat = words(&text).join(" ");
                let expect_lines: Vec<String> = match kind {
                    FormKind::MinorNotice => {
                        let mut v = notice.lines.clone();
                        v.push(notice.title.clone());
                        v
                    }
                    _ => items
                        .iter()
                        .flat_map(|i| i.body.lines().map(str::to_string).chain([i.title.clone()]))
                        .chain(registration.lines.iter().cloned())
                        .chain([registration.title.clone()])
                        .collect(),
                };
                for line in expect_lines {
                    assert!(
                        flat.contains(&words(&line).join(" ")),
                        "{pdf:?}: {line} in {flat}"
                    );
                }
                match fill {
                    Fill::Blank => assert!(!flat.contains("이하준"), "{pdf:?} is blank"),
                    Fill::Prefilled | Fill::Signed => {
                        assert!(flat.contains("이하준"), "{pdf:?} names the patient")
                    }
                }
                if kind == FormKind::Guardian && !matches!(fill, Fill::Blank) {
                    for needle in ["김영희", "010-1234-5678", "할아버지", "2026-11-25 09:40"]
                    {
                        assert!(flat.contains(needle), "{pdf:?}: {needle}");
                    }
                }
                let footer_id = if matches!(fill, Fill::Signed) {
                    "form-signed-footer"
                } else {
                    "form-blank-footer"
                };
                let squeezed: String = flat.split_whitespace().collect();
                let version = jeopsu_forms::version_of(&ConsentForm {
                    kind,
                    clinic_name: "뮤즈클리닉",
                    items: &items,
                    notice: &notice,
                    registration: Some(&registration),
                    patient: None,
                    guardians: vec![],
                    signed: None,
                });
                assert!(
                    squeezed.contains(&version[..12]),
                    "{pdf:?}: {footer_id} carries the version {version}"
                );
                if matches!(fill, Fill::Signed) {
                    assert!(flat.contains("이접수 (reception1)"), "{pdf:?}: witness");
                    assert!(flat.contains("2026-11-25 10:05"), "{pdf:?}: date");
                }
            }
        }
    }
}

#[test]
fn consent_forms_embed_a_subset_font_and_render_to_png() {
    for kind in FormKind::ALL {
        for lang in [Lang::Ko, Lang::En] {
            let (pdf, _) = render_form(kind, lang, Fill::Signed);
            let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
            for row in fonts.lines().skip(2) {
                let cols: Vec<&str> = row.split_whitespace().collect();
                let n = cols.len();
                assert!(cols[0].contains('+'), "subset: {row}");
                assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{row}");
            }
            let prefix = pdf.with_extension("");
            tool(
                "pdftoppm",
                &[
                    "-png",
                    "-r",
                    "60",
                    pdf.to_str().unwrap(),
                    prefix.to_str().unwrap(),
                ],
            );
        }
    }
    for lang in [Lang::Ko, Lang::En] {
        for kind in FormKind::ALL {
            render_form(kind, lang, Fill::Blank);
        }
    }
}

#[test]
fn the_adult_and_guardian_forms_state_the_legal_basis_as_a_notice_and_ask_only_marketing() {
    let t = Texts::new(Lang::Ko);
    for kind in [FormKind::Adult, FormKind::Guardian] {
        let (pdf, _) = blank(&t, kind);
        let text = tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
        let flat: String = text.split_whitespace().collect();
        for needle in [
            "안내(동의항목이아닙니다)",
            "제15조제1항제2호·제4호",
            "제24조의2",
            "(주)메먼트",
            "[선택]",
        ] {
            assert!(flat.contains(needle), "{pdf:?}: {needle} in {flat}");
        }
        assert!(
            !flat.contains("[필수]"),
            "{pdf:?}: nothing required is asked: {flat}"
        );
        // Marketing only: one pair of boxes; on the guardian form a second for the minor of 14
        // and over, who decides too.
        let pairs = if kind == FormKind::Guardian { 2 } else { 1 };
        assert_eq!(
            flat.matches("□동의함").count(),
            pairs,
            "{pdf:?}: boxes for marketing only: {flat}"
        );
        assert!(flat.contains("철회할수있고"), "{pdf:?}: how to withdraw");
    }
    let (pdf, _) = blank(&t, FormKind::Guardian);
    let flat: String = tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"])
        .split_whitespace()
        .collect();
    for needle in [
        "본인은위환자의법정대리인으로서",
        "법정대리인이대신동의합니다",
        "제22조의2",
        "만14세미만환자에게는이항목을묻지않습니다",
        "법정대리인으로서명하지않습니다",
        "미성년자본인(만14세이상):□동의함□동의하지않음",
    ] {
        assert!(flat.contains(needle), "guardian form: {needle} in {flat}");
    }
    assert!(!flat.contains("동의가곧동의"), "{flat}");
}

/// A blank form of `kind`, written to the artifacts folder.
fn blank(t: &Texts, kind: FormKind) -> (PathBuf, Vec<u8>) {
    let (bytes, _) = jeopsu_forms::blank_form(t, kind, "뮤즈클리닉").unwrap();
    let path = artifacts().join(format!("blank-{}-{}.pdf", kind.as_str(), t.lang().code()));
    std::fs::write(&path, &bytes).unwrap();
    (path, bytes)
}

#[test]
fn the_marks_the_forms_use_exist_in_the_font() {
    let face = ttf_parser::Face::parse(jeopsu_forms::FONT_BYTES, 0).unwrap();
    for c in ['■', '□', '▶', '·', '•'] {
        assert!(face.glyph_index(c).is_some(), "{c} has a glyph");
    }
}

/// Grey pixels of every page (pdftoppm -gray writes binary PGM).
fn grey_pages(pdf: &Path, name: &str) -> Vec<Vec<u8>> {
    let prefix = artifacts().join(name);
    tool(
        "pdftoppm",
        &[
            "-gray",
            "-r",
            "50",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let mut pages = vec![];
    for n in 1.. {
        let path = artifacts().join(format!("{name}-{n}.pgm"));
        let Ok(bytes) = std::fs::read(&path) else {
            break;
        };
        std::fs::remove_file(&path).unwrap();
        // "P5\n<w> <h>\n255\n" then the pixels.
        let mut fields = 0;
        let mut at = 0;
        while fields < 4 {
            while bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            while !bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            fields += 1;
        }
        pages.push(bytes[at + 1..].to_vec());
    }
    pages
}

/// The signature is drawn from its vectors: the signed form and the same form with no strokes
/// differ by a few hundred dark pixels, and the PDF holds no image (it is not a bitmap).
#[test]
fn the_signature_is_drawn_from_its_vectors() {
    let t = Texts::new(Lang::Ko);
    let items = t.consent_texts("뮤즈클리닉");
    let notice = t.minor_notice("뮤즈클리닉");
    let sig = signature();
    let form = |signature| ConsentForm {
        kind: FormKind::Guardian,
        clinic_name: "뮤즈클리닉",
        items: &items,
        notice: &notice,
        registration: None,
        patient: Some(FormPatient {
            name: "이하준".into(),
            birth_date: "2011-05-05".into(),
            chart_no: "2026-00042".into(),
            age: Some(15),
        }),
        guardians: guardians(),
        signed: Some(Signed {
            record_id: 17,
            decisions: vec![(ConsentItem::Marketing, true)],
            teen_answers: None,
            minor_ack: None,
            signature,
            paper_filed_at: None,
            signed_at: "2026-11-25 10:05".into(),
            witness: "이접수 (reception1)".into(),
            companion: None,
        }),
    };
    let with = artifacts().join("sig-with.pdf");
    let without = artifacts().join("sig-without.pdf");
    std::fs::write(&with, consent_form(&t, &form(Some(&sig))).unwrap()).unwrap();
    std::fs::write(&without, consent_form(&t, &form(None)).unwrap()).unwrap();
    let images = tool("pdfimages", &["-list", with.to_str().unwrap()]);
    assert_eq!(
        images.lines().count(),
        2,
        "no image, only the header: {images}"
    );
    let (a, b) = (
        grey_pages(&with, "sig-with"),
        grey_pages(&without, "sig-without"),
    );
    assert_eq!(a.len(), b.len());
    let inked: usize = a
        .iter()
        .zip(&b)
        .map(|(pa, pb)| {
            pa.iter()
                .zip(pb)
                .filter(|(x, y)| u16::from(**x) + 60 < u16::from(**y))
                .count()
        })
        .sum();
    let lightened: usize = a
        .iter()
        .zip(&b)
        .map(|(pa, pb)| {
            pa.iter()
                .zip(pb)
                .filter(|(x, y)| u16::from(**x) > u16::from(**y) + 60)
                .count()
        })
        .sum();
    assert!(
        inked > 150,
        "the strokes put ink on the page: {inked} pixels"
    );
    // Anti-aliasing where a stroke meets the box may lighten a stray pixel; nothing else moves.
    assert!(
        lightened <= inked / 50,
        "nothing else changed: {lightened} lighter"
    );
}

mod cctv {
    use super::{artifacts, tool, words};
    use jeopsu_core::cctv::{
        CctvSetup, Decision, DecisionRecord, IdCheck, LedgerKind, LedgerReason, LedgerRow,
        LegalBasis, RefusalGround, Relation, Request, RequestAnswer, RequestKind,
    };
    use jeopsu_forms::{
        DecisionNotice, FilledRequest, LedgerDoc, RequestForm, cctv_request_form, decision_notice,
        ledger_csv, ledger_pdf,
    };
    use jeopsu_i18n::{Lang, Texts};
    use std::path::PathBuf;

    fn request() -> Request {
        Request {
            kind: RequestKind::View,
            requester_name: "박영희".into(),
            requester_birth: "1980-03-04".into(),
            requester_address: "서울특별시 강남구 테헤란로 123, 4층".into(),
            requester_phone: "010-1234-5678".into(),
            // A delegate, for the person filmed, with the power of attorney checked.
            relation: Relation::Delegate,
            relation_reason: None,
            footage_from: "2026-11-01 10:00".parse().unwrap(),
            footage_to: "2026-11-01 11:00".parse().unwrap(),
            locations: vec!["별관".into(), "2층".into()],
            purpose: "주차장 접촉사고 확인".into(),
            id_check: IdCheck::DriverLicence,
            id_check_note: None,
            received_at: "2026-11-26 10:00".parse().unwrap(),
            filmed: Some(jeopsu_core::cctv::FilmedPerson {
                name: "김민수".into(),
                birth: "1950-02-03".into(),
            }),
            power_of_attorney: true,
        }
    }

    fn save(name: &str, bytes: &[u8]) -> PathBuf {
        assert!(bytes.starts_with(b"%PDF-"));
        let p = artifacts().join(name);
        std::fs::write(&p, bytes).unwrap();
        let prefix = artifacts().join(name.trim_end_matches(".pdf"));
        tool(
            "pdftoppm",
            &[
                "-png",
                "-r",
                "60",
                p.to_str().unwrap(),
                prefix.to_str().unwrap(),
            ],
        );
        p
    }

    fn text_of(p: &std::path::Path) -> String {
        words(&tool("pdftotext", &["-layout", p.to_str().unwrap(), "-"])).join(" ")
    }

    fn contains_words(flat: &str, s: &str) -> bool {
        flat.contains(&words(s).join(" "))
    }

    #[test]
    fn the_request_form_prints_blank_and_filled_in_both_languages() {
        let setup = CctvSetup::policy_defaults();
        let r = request();
        for lang in Lang::ALL {
            let t = Texts::new(lang);
            for filled in [false, true] {
                let form = RequestForm {
                    clinic_name: "뮤즈클리닉",
                    setup: &setup,
                    filled: filled.then_some(FilledRequest {
                        id: 12,
                        request: &r,
                        received_by: "하은환",
                        due: "2026-12-06",
                    }),
                };
                let bytes = cctv_request_form(&t, &form).unwrap();
                assert!(bytes.len() < 300_000, "{} bytes", bytes.len());
                let name = format!(
                    "cctv-request-{}-{}.pdf",
                    if filled { "filled" } else { "blank" },
                    lang.code()
                );
                let flat = text_of(&save(&name, &bytes));
                // The statute, the processing period and the delegate's authority on both.
                for id in [
                    "cctv-form-title",
                    "cctv-form-declare",
                    "cctv-form-guide-1",
                    "cctv-form-statute",
                    "cctv-form-period",
                    "cctv-form-filmed",
                    "cctv-form-poa-checked",
                ] {
                    assert!(contains_words(&flat, &t.get(id)), "{name}: {id} in {flat}");
                }
                if filled {
                    assert!(flat.contains("김민수") && flat.contains("1950-02-03"));
                }
                let guide = t.format(
                    "cctv-form-guide-2",
                    &[
                        ("count", jeopsu_i18n::Arg::from(setup.retention.count)),
                        (
                            "unit",
                            jeopsu_i18n::Arg::from(setup.retention.unit.as_str()),
                        ),
                    ],
                );
                assert!(
                    contains_words(&flat, &guide),
                    "{name}: the retention as the policy says it: {guide} in {flat}"
                );
                if lang == Lang::Ko {
                    assert!(
                        flat.contains("1개월(다음 달 같은 날까지)"),
                        "{name}: a calendar month, not 30 days"
                    );
                }
                assert!(flat.contains("총무과"), "{name}: the viewing place");
                for l in &setup.locations {
                    assert!(flat.contains(&l.name), "{name}: location {}", l.name);
                }
                let values = [
                    "박영희",
                    "2026-11-01 10:00 ~ 2026-11-01 11:00",
                    "주차장 접촉사고 확인",
                ];
                for v in values {
                    assert_eq!(flat.contains(v), filled, "{name}: {v}");
                }
                if filled {
                    assert!(
                        flat.contains("2026-12-06") && flat.contains("하은환"),
                        "{name}: receipt"
                    );
                }
            }
        }
    }

    #[test]
    fn the_decision_notice_says_the_ground_and_how_to_object() {
        let setup = CctvSetup::policy_defaults();
        let r = request();
        let refuse = DecisionRecord {
            decision: Decision::Refuse,
            ground: Some(RefusalGround::OthersRights),
            ground_text: None,
        };
        let masked = DecisionRecord {
            decision: Decision::ApproveMasked,
            ground: None,
            ground_text: None,
        };
        for lang in Lang::ALL {
            let t = Texts::new(lang);
            for (d, appointment, name) in [
                (&refuse, None, "refused"),
                (&masked, Some("2026-11-28 14:00"), "masked"),
            ] {
                let n = DecisionNotice {
                    clinic_name: "뮤즈클리닉",
                    setup: &setup,
                    id: 12,
                    request: &r,
                    decision: d,
                    appointment,
                    date: "2026-11-27",
                };
                let name = format!("cctv-notice-{name}-{}.pdf", lang.code());
                let flat = text_of(&save(&name, &decision_notice(&t, &n).unwrap()));
                assert!(
                    contains_words(&flat, &t.get("notice-object-bodies")),
                    "{name}: {flat}"
                );
                assert!(flat.contains("118") && flat.contains("1833-6972"));
                assert!(
                    flat.contains("하은환") && flat.contains("1544-2994"),
                    "{name}: officer"
                );
                if d.decision == Decision::Refuse {
                    assert!(
                        contains_words(&flat, &t.get("cctv-ground-others-rights")),
                        "{name}"
                    );
                } else {
                    assert!(
                        contains_words(&flat, &t.get("cctv-notice-masked")),
                        "{name}"
                    );
                    assert!(flat.contains("2026-11-28 14:00"), "{name}: appointment");
                }
            }
        }
    }

    fn rows(n: i64) -> Vec<LedgerRow> {
        (1..=n)
            .map(|no| LedgerRow {
                no,
                kind: if no % 3 == 0 {
                    LedgerKind::Viewing
                } else {
                    LedgerKind::Use
                },
                at: format!("2026-11-{:02} 14:00", 1 + no % 28),
                footage: "2026-11-01 10:00 ~ 2026-11-01 11:00 (별관, 2층)".into(),
                staff: "하은환".into(),
                reason: if no % 3 == 0 {
                    LedgerReason::View
                } else {
                    LedgerReason::Mask
                },
                purpose: "주차장 접촉사고 확인, \"긴급\"".into(),
                party: "박영희".into(),
                basis: LegalBasis::Access,
                basis_text: None,
                form: String::new(),
                period: String::new(),
                request_id: Some(12),
                corrects: (no == 4).then_some(3),
                approved_by: (no % 3 == 0).then(|| "원장 김철수".into()),
                staff_present: (no % 3 == 0).then(|| "간호사 이영희".into()),
            })
            .collect()
    }

    #[test]
    fn the_ledger_is_a_landscape_table_with_its_header_on_every_page() {
        for lang in Lang::ALL {
            let t = Texts::new(lang);
            let rs = rows(60);
            let doc = LedgerDoc {
                clinic_name: "뮤즈클리닉",
                from: "2026-11-01",
                to: "2026-11-30",
                rows: &rs,
                answers: &answers(),
                printed_at: "2026-11-30 18:00",
                printed_by: "하은환",
            };
            let name = format!("cctv-ledger-{}.pdf", lang.code());
            let p = save(&name, &ledger_pdf(&t, &doc).unwrap());
            let info = tool("pdfinfo", &[p.to_str().unwrap()]);
            assert!(info.contains("841.89 x 595.27"), "A4 landscape: {info}");
            let pages: usize = info
                .lines()
                .find(|l| l.starts_with("Pages:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
                .unwrap();
            assert!(pages > 1, "60 rows take more than a page");
            for page in 1..=pages {
                let one = words(&tool(
                    "pdftotext",
                    &[
                        "-f",
                        &page.to_string(),
                        "-l",
                        &page.to_string(),
                        p.to_str().unwrap(),
                        "-",
                    ],
                ))
                .join(" ");
                // Each page starts with the ledger's header, or the answers' on their own pages.
                assert!(
                    one.contains(&t.get("cctv-col-footage"))
                        || one.contains(&t.get("cctv-ans-ground")),
                    "{name} page {page}: header"
                );
            }
            let flat = text_of(&p);
            assert!(flat.contains(&t.get("cctv-ledger-title")));
            assert!(flat.contains("박영희") && flat.contains("하은환"));
            assert!(flat.contains(&t.get("cctv-kind-viewing")));
            // Who approved a viewing and who was present, and the answers with their grounds.
            assert!(flat.contains("원장 김철수") && flat.contains("간호사 이영희"));
            assert!(flat.contains(&t.get("cctv-answers-title")));
            assert!(flat.contains(&t.get("cctv-ans-existence-answered")));
            let ground: String = t
                .get("cctv-ground-not-subject")
                .split_whitespace()
                .take(2)
                .collect::<Vec<_>>()
                .join(" ");
            assert!(flat.contains(&ground), "{name}: the refusal's ground");
        }
    }

    fn answers() -> Vec<RequestAnswer> {
        vec![
            RequestAnswer {
                request_id: 7,
                received_at: "2026-11-02 09:10".into(),
                kind: RequestKind::Confirm,
                relation: Relation::Subject,
                decided_at: "2026-11-03 15:00".into(),
                decided_by: "하은환".into(),
                decision: DecisionRecord {
                    decision: Decision::Approve,
                    ground: None,
                    ground_text: None,
                },
            },
            RequestAnswer {
                request_id: 8,
                received_at: "2026-11-04 11:00".into(),
                kind: RequestKind::View,
                relation: Relation::Other,
                decided_at: "2026-11-05 10:00".into(),
                decided_by: "하은환".into(),
                decision: DecisionRecord {
                    decision: Decision::Refuse,
                    ground: Some(RefusalGround::NotSubject),
                    ground_text: None,
                },
            },
        ]
    }

    #[test]
    fn the_ledger_csv_has_a_bom_and_reads_back_in_korean() {
        let t = Texts::new(Lang::Ko);
        let bytes = ledger_csv(&t, &rows(4), &answers()).unwrap();
        assert!(
            bytes.starts_with(b"\xEF\xBB\xBF"),
            "UTF-8 byte-order mark for Excel"
        );
        std::fs::write(artifacts().join("cctv-ledger-ko.csv"), &bytes).unwrap();
        let mut r = csv::Reader::from_reader(&bytes[3..]);
        let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
        assert_eq!(header[0], "번호");
        assert_eq!(header.len(), 12);
        let all: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
        // The ledger's 4 rows, then the answers' title, header and 2 rows, as wide as the rest.
        assert_eq!(all.len(), 4 + 2 + 2);
        assert_eq!(&all[4][0], t.get("cctv-answers-title"));
        assert_eq!(&all[6][6], t.get("cctv-ans-existence-answered"));
        assert_eq!(&all[7][7], t.get("cctv-ground-not-subject"));
        let recs = &all[..4];
        assert_eq!(&recs[2][1], "열람");
        assert!(
            recs[0][5].contains("주차장 접촉사고 확인, \"긴급\""),
            "quotes survive"
        );
        assert_eq!(
            (&recs[3][10], &recs[3][11]),
            ("12", "3"),
            "request and corrected row"
        );
        // A destruction row's form column says how the footage was destroyed, in words.
        let mut destroyed = rows(1);
        destroyed[0].kind = LedgerKind::Destruction;
        destroyed[0].reason = LedgerReason::Delete;
        destroyed[0].form = "overwrite".into();
        let bytes = ledger_csv(&t, &destroyed, &[]).unwrap();
        let mut r = csv::Reader::from_reader(&bytes[3..]);
        let rec = r.records().next().unwrap().unwrap();
        assert!(
            rec.iter().any(|c| c == t.get("cctv-method-overwrite")),
            "the method in words: {rec:?}"
        );
    }

    /// Text someone typed that a spreadsheet would run as a formula is written as text.
    #[test]
    fn a_ledger_cell_that_starts_like_a_formula_is_written_as_text() {
        let t = Texts::new(Lang::Ko);
        let mut r = rows(1);
        r[0].party = "=HYPERLINK(\"http://example.invalid\",\"열기\")".into();
        r[0].staff = "@SUM(1+1)".into();
        r[0].footage = "-2+3".into();
        let bytes = ledger_csv(&t, &r, &[]).unwrap();
        let mut rd = csv::Reader::from_reader(&bytes[3..]);
        let rec = rd.records().next().unwrap().unwrap();
        assert!(
            rec.iter()
                .any(|c| c == "'=HYPERLINK(\"http://example.invalid\",\"열기\")"),
            "{rec:?}"
        );
        assert!(rec.iter().any(|c| c == "'@SUM(1+1)"), "{rec:?}");
        assert!(rec.iter().any(|c| c == "'-2+3"), "{rec:?}");
        assert!(
            !rec.iter().any(|c| c.starts_with(['=', '+', '@'])),
            "no cell starts a formula: {rec:?}"
        );
        assert_eq!(jeopsu_forms::csv_cell("-"), "-");
        assert_eq!(jeopsu_forms::csv_cell("-12"), "-12");
        assert_eq!(jeopsu_forms::csv_cell("\tx"), "'\tx");
        assert_eq!(jeopsu_forms::csv_cell("+82 10"), "'+82 10");
    }
}

mod privacy {
    use super::{artifacts, tool, words};
    use jeopsu_core::privacy::{
        Answer, AuthorityCheck, Capacity, Category, KeptByLaw, Outcome, PrivacyKind,
        PrivacyRequest, Target,
    };
    use jeopsu_forms::{PrivacyNotice, privacy_notice, subject_copy};
    use jeopsu_i18n::{Lang, Texts};

    #[test]
    fn the_refusal_notice_names_the_law_the_date_and_how_to_object() {
        let request = PrivacyRequest {
            kind: PrivacyKind::Deletion,
            target: Target::Record,
            requester_name: "김민수".into(),
            capacity: Capacity::Subject,
            check: AuthorityCheck::IdCard,
            check_note: None,
            details: "제 기록을 모두 지워 주세요".into(),
            received_at: "2026-11-25 10:00".into(),
        };
        let answer = Answer {
            outcome: Outcome::Refused,
            result: String::new(),
            reason: Some("법정 보관 기간 중입니다".into()),
            kept_by_law: Some(KeptByLaw {
                category: Category::PatientList,
                until: "2031-11-25".into(),
            }),
            correction: None,
            answered_at: "2026-11-26 09:00".into(),
            follow_up_on: None,
        };
        for lang in Lang::ALL {
            let t = Texts::new(lang);
            let n = PrivacyNotice {
                clinic_name: "뮤즈클리닉",
                officer: "원장",
                officer_contact: "1544-2994",
                id: 3,
                chart_no: "2026-00001",
                request: &request,
                answer: &answer,
                date: "2026-11-26",
            };
            let bytes = privacy_notice(&t, &n).unwrap();
            let p = artifacts().join(format!("privacy-notice-{}.pdf", lang.code()));
            std::fs::write(&p, &bytes).unwrap();
            tool(
                "pdftoppm",
                &[
                    "-png",
                    "-r",
                    "60",
                    p.to_str().unwrap(),
                    artifacts()
                        .join(format!("privacy-notice-{}", lang.code()))
                        .to_str()
                        .unwrap(),
                ],
            );
            let flat = words(&tool("pdftotext", &["-layout", p.to_str().unwrap(), "-"])).join(" ");
            let proviso = if lang == Lang::Ko {
                "제36조제1항 단서"
            } else {
                "Art. 36(1)"
            };
            for needle in [
                t.get("privacy-law-patient-list"),
                proviso.into(),
                "2031-11-25".into(),
                "118".into(),
                "1833-6972".into(),
                "1544-2994".into(),
            ] {
                assert!(
                    flat.contains(&words(&needle).join(" ")),
                    "{}: {needle} in {flat}",
                    lang.code()
                );
            }
        }
    }

    #[test]
    fn the_subject_copy_prints_every_part_of_the_export() {
        let export = serde_json::json!({
            "exported_at": "2026-11-26 09:00",
            "patient": { "chart_no": "2026-00001", "name": "김민수", "rrn_masked": "900101-1******",
                         "consents": [{ "item": "marketing", "granted": false }] },
            "requests": [],
            "holds": [],
            "kept_until": "2031-11-25",
            "access_log": [{ "at": "2026-11-25T01:00:00.000000Z", "action": "patient-viewed", "actor": "staff:2:desk.lee" }],
        });
        let t = Texts::new(Lang::Ko);
        let bytes = subject_copy(&t, "뮤즈클리닉", &export).unwrap();
        let p = artifacts().join("subject-copy-ko.pdf");
        std::fs::write(&p, &bytes).unwrap();
        let flat = words(&tool("pdftotext", &["-layout", p.to_str().unwrap(), "-"])).join(" ");
        for needle in [
            "보유 개인정보 사본",
            "김민수",
            "900101-1******",
            "marketing",
            "patient-viewed",
            "2031-11-25",
            "없음",
        ] {
            assert!(flat.contains(needle), "{needle} in {flat}");
        }
    }
}
