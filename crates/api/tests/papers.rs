//! The paper and export flows as the app and the CLI call them: each returns its document and
//! file name, and writes its log row (and only after its checks passed).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use jeopsu_api::papers::{self, CopyFormat, LedgerFormat};
use jeopsu_core::audit::Actor;
use jeopsu_core::patient::PatientInput;
use jeopsu_i18n::Lang;
use jeopsu_store::cctv::LedgerQuery;
use jeopsu_store::patients::{self, Duplicates};
use jeopsu_store::vault::MemoryVault;
use jeopsu_store::{Store, StoreError};
use std::sync::Arc;

fn desk() -> Actor {
    Actor::Staff {
        id: jeopsu_core::ids::StaffId(7),
        username: "desk.kim".into(),
    }
}

/// A new database on a pinned day (2026-11-25, Seoul) with one adult patient.
fn store_with_patient() -> (tempfile::TempDir, Store, i64) {
    let tmp = tempfile::tempdir().unwrap();
    let outcome = jeopsu_store::test_support::init_fast(
        &tmp.path().join("data"),
        Arc::new(MemoryVault::new()),
        &desk(),
    )
    .unwrap();
    let mut store = outcome.store;
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-25T01:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    store.set_clock(Box::new(move || at));
    let input = PatientInput {
        name: "김하나".into(),
        birth_date: "1980-01-01".into(),
        rrn: "800101-1234567".into(),
        gender: "M".into(),
        address: "서울특별시 강남구 1".into(),
        mobile: "010-1111-2222".into(),
        ..Default::default()
    };
    let id = patients::register(&mut store, &desk(), &input, Duplicates::Ask, &[])
        .unwrap()
        .id;
    (tmp, store, id)
}

/// The log rows written since `seq` (exclusive), as (action, subject id, reason).
fn rows_after(store: &mut Store, seq: i64) -> Vec<(String, Option<String>, Option<String>)> {
    store
        .audit_list(&desk(), None, None)
        .unwrap()
        .into_iter()
        .filter(|r| r.stream == "access" && r.seq > seq && r.action != "audit-listed")
        .map(|r| (r.action, r.subject_id, r.reason))
        .collect()
}

fn last_seq(store: &mut Store) -> i64 {
    store
        .audit_list(&desk(), None, None)
        .unwrap()
        .iter()
        .filter(|r| r.stream == "access")
        .map(|r| r.seq)
        .max()
        .unwrap()
}

#[test]
fn the_consent_copy_is_a_pdf_named_by_chart_number_and_logs_the_read_and_the_printing() {
    let (_tmp, mut store, id) = store_with_patient();
    let before = last_seq(&mut store);
    let paper = papers::consent_copy(&mut store, &desk(), Lang::Ko, id).unwrap();
    assert!(paper.bytes.starts_with(b"%PDF"), "a PDF");
    assert_eq!(paper.file_name, "jeopsu-consent-2026-00001.pdf");
    let rows = rows_after(&mut store, before);
    let actions: Vec<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(actions, ["patient-viewed", "consent-copy-printed"]);
    assert!(
        rows.iter()
            .all(|r| r.1.as_deref() == Some(&*id.to_string()))
    );
}

#[test]
fn a_subject_copy_with_a_bad_reason_is_refused_before_anything_is_read_or_logged() {
    let (_tmp, mut store, id) = store_with_patient();
    let before = last_seq(&mut store);
    let err = papers::subject_copy(
        &mut store,
        &desk(),
        Lang::Ko,
        id,
        CopyFormat::Json,
        " x ",
        None,
    )
    .unwrap_err();
    assert!(
        matches!(err, jeopsu_api::ApiError::Store(StoreError::Invalid(_))),
        "got {err:?}"
    );
    assert_eq!(rows_after(&mut store, before), []);

    let paper = papers::subject_copy(
        &mut store,
        &desk(),
        Lang::Ko,
        id,
        CopyFormat::Json,
        "본인 열람 청구",
        Some("/media/usb/copy.json"),
    )
    .unwrap();
    assert_eq!(paper.file_name, "jeopsu-subject-copy-2026-00001.json");
    let json: serde_json::Value = serde_json::from_slice(&paper.bytes).unwrap();
    assert_eq!(json["patient"]["name"], "김하나");
    let rows = rows_after(&mut store, before);
    let exported = rows
        .iter()
        .find(|r| r.0 == "subject-exported")
        .unwrap_or_else(|| panic!("no export row in {rows:?}"));
    assert_eq!(exported.2.as_deref(), Some("본인 열람 청구"));
}

#[test]
fn the_ledger_is_the_same_file_for_the_app_and_the_cli_and_names_where_it_went() {
    let (_tmp, mut store, _) = store_with_patient();
    let q = LedgerQuery::parse("2026-11-01", "2026-11-25", None).unwrap();
    let (csv, rows) = papers::cctv_ledger(
        &mut store,
        &desk(),
        Lang::Ko,
        &q,
        LedgerFormat::Csv,
        "분기 점검",
        None,
    )
    .unwrap();
    assert_eq!(rows, 0);
    assert_eq!(
        csv.file_name,
        "jeopsu-cctv-ledger-2026-11-01-2026-11-25.csv"
    );
    let (pdf, _) = papers::cctv_ledger(
        &mut store,
        &desk(),
        Lang::Ko,
        &q,
        LedgerFormat::Pdf,
        "분기 점검",
        Some("/media/usb/ledger.pdf"),
    )
    .unwrap();
    assert!(pdf.bytes.starts_with(b"%PDF"));
    let logged: Vec<(String, Option<String>)> = store
        .audit_list(&desk(), None, None)
        .unwrap()
        .into_iter()
        .filter(|r| r.action == "cctv-ledger-exported")
        .map(|r| (r.actor, r.subject_id))
        .collect();
    assert_eq!(
        logged,
        [
            ("staff:7:desk.kim".to_string(), Some(csv.file_name.clone())),
            (
                "staff:7:desk.kim".to_string(),
                Some("/media/usb/ledger.pdf".to_string())
            ),
        ]
    );
    assert!(LedgerFormat::parse("xlsx").is_err());
}
