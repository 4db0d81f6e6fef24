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
        assert!(
            std::fs::metadata(&png).unwrap().len() > 10_000,
            "a rendered page: {}",
            png.display()
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
            taken_by: "reception1".into(),
        })
        .collect();
    items.push(ConsentCopyItem {
        item: ConsentItem::Marketing,
        granted: true,
        withdrawal: false,
        text: Some(texts[2].clone()),
        signer: Signer::Patient,
        method: Method::Phone,
        recorded: "2026-11-25 10:00".into(),
        taken_by: "reception2".into(),
    });
    items.push(ConsentCopyItem {
        item: ConsentItem::Marketing,
        granted: false,
        withdrawal: true,
        text: None,
        signer: Signer::Patient,
        method: Method::InPerson,
        recorded: "2026-11-26 11:30".into(),
        taken_by: "reception1".into(),
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
