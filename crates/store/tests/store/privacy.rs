use crate::common::{Fixture, actor, cache_size};
use crate::patients::{person, register};
use chrono::{TimeZone, Utc};
use jeopsu_core::consent::ConsentItem;
use jeopsu_core::privacy::{AnswerInput, Category, Outcome, PrivacyRequestInput};
use jeopsu_store::patients::{self, Duplicates};
use jeopsu_store::{StoreError, privacy, retention};
use std::sync::{Arc, Mutex};

fn seoul(y: i32, m: u32, d: u32) -> chrono::DateTime<Utc> {
    chrono_tz::Asia::Seoul
        .with_ymd_and_hms(y, m, d, 10, 0, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn moving_clock(
    f: &mut Fixture,
    start: chrono::DateTime<Utc>,
) -> Arc<Mutex<chrono::DateTime<Utc>>> {
    let clock = Arc::new(Mutex::new(start));
    let c = clock.clone();
    f.store().set_clock(Box::new(move || *c.lock().unwrap()));
    clock
}

fn request(kind: &str, target: &str, capacity: &str, check: &str) -> PrivacyRequestInput {
    PrivacyRequestInput {
        kind: kind.into(),
        target: target.into(),
        requester_name: "김영희".into(),
        capacity: capacity.into(),
        check: check.into(),
        details: "요청 내용".into(),
        ..Default::default()
    }
}

fn answer(outcome: &str, result: &str, reason: &str) -> AnswerInput {
    AnswerInput {
        outcome: outcome.into(),
        result: result.into(),
        reason: reason.into(),
        correction: None,
        follow_up_on: String::new(),
    }
}

#[test]
fn a_guardians_deletion_of_a_minors_marketing_consent_withdraws_it_at_once() {
    let mut f = Fixture::new();
    moving_clock(&mut f, seoul(2026, 11, 25));
    // 15 on the day: from 14 the optional item is offered to the legal representative.
    let teen = person(
        "이하준",
        "2011-05-05",
        "110505-3123456",
        "M",
        "010-1234-5678",
    );
    let id = register(f.store(), &actor(), &teen, Duplicates::Ask)
        .unwrap()
        .id;
    // The legal representative had agreed to marketing in the guardian step.
    let step = crate::guardians::step("pad");
    crate::guardians::record(&mut f, id, &step, &crate::guardians::notice()).unwrap();

    let rid = privacy::intake(
        f.store(),
        &actor(),
        id,
        &request(
            "deletion",
            "marketing",
            "legal-representative",
            "family-certificate",
        ),
    )
    .unwrap();
    let list = privacy::list(f.store(), &actor(), true).unwrap();
    assert_eq!(
        (list.len(), list[0].days_left, list[0].due.as_str()),
        (1, 10, "2026-12-05")
    );
    let v = privacy::answer(
        f.store(),
        &actor(),
        rid,
        &answer("done", "마케팅 동의를 철회하고 연락에 쓰지 않습니다", ""),
    )
    .unwrap();
    assert_eq!(v.answer.as_ref().unwrap().outcome, Outcome::Done);
    let rec = patients::open(f.store(), &actor(), id).unwrap();
    let last = rec
        .consents
        .iter()
        .filter(|c| c.item == ConsentItem::Marketing)
        .max_by_key(|c| c.id)
        .unwrap();
    assert!(!last.granted, "withdrawn");
    assert_eq!(
        last.signer.as_str(),
        "guardian",
        "signed by the legal representative"
    );
    assert!(
        privacy::list(f.store(), &actor(), true).unwrap().is_empty(),
        "answered"
    );
    // An answer is written once.
    let again = privacy::answer(f.store(), &actor(), rid, &answer("done", "x", ""));
    assert!(matches!(again, Err(StoreError::Conflict(_))));
}

#[test]
fn deleting_the_record_is_refused_naming_the_law_and_the_date_until_it_is_kept() {
    let mut f = Fixture::new();
    moving_clock(&mut f, seoul(2026, 11, 25));
    let p = person(
        "김민수",
        "1990-01-01",
        "900101-1234567",
        "M",
        "010-2345-6789",
    );
    let id = register(f.store(), &actor(), &p, Duplicates::Ask)
        .unwrap()
        .id;
    let adult_parent = privacy::intake(
        f.store(),
        &actor(),
        id,
        &request(
            "deletion",
            "record",
            "legal-representative",
            "family-certificate",
        ),
    );
    assert!(
        matches!(adult_parent, Err(StoreError::Invalid(ref p)) if p[0].message_id() == "field-representative-adult")
    );
    let rid = privacy::intake(
        f.store(),
        &actor(),
        id,
        &request("deletion", "record", "subject", "id-card"),
    )
    .unwrap();
    let done = privacy::answer(f.store(), &actor(), rid, &answer("done", "삭제", ""));
    assert!(
        matches!(done, Err(StoreError::Invalid(ref p)) if p[0].message_id() == "field-kept-by-law")
    );
    let v = privacy::answer(
        f.store(),
        &actor(),
        rid,
        &answer("refused", "", "의료법 시행규칙 제15조에 따라 보관합니다"),
    )
    .unwrap();
    let kept = v.answer.unwrap().kept_by_law.unwrap();
    assert_eq!(
        (kept.category, kept.until.as_str()),
        (Category::PatientList, "2031-11-25")
    );
}

fn wal_path(f: &Fixture) -> std::path::PathBuf {
    let mut p = f.db_path().into_os_string();
    p.push("-wal");
    p.into()
}

/// Decrypts one SQLCipher 4 page (the first page of the file starts with its 16-byte salt).
fn decrypt_page(page: &[u8], key_hex: &str, first: bool) -> Vec<u8> {
    use aes::cipher::{BlockModeDecrypt, KeyIvInit, block_padding::NoPadding};
    let key = hex::decode(key_hex).unwrap();
    let start = if first { 16 } else { 0 };
    let iv = &page[4096 - 80..4096 - 64];
    let mut data = page[start..4096 - 80].to_vec();
    cbc::Decryptor::<aes::Aes256>::new_from_slices(&key, iv)
        .unwrap()
        .decrypt_padded::<NoPadding>(&mut data)
        .unwrap()
        .to_vec()
}

/// Decrypts every page of a SQLCipher 4 file (raw key, 4096-byte pages, 80 reserved bytes: a
/// 16-byte IV and a 64-byte HMAC; page 1 starts with the 16-byte salt) and returns the plain
/// bytes of all pages, free pages included.
fn decrypted_pages(path: &std::path::Path, key_hex: &str) -> Vec<u8> {
    let file = std::fs::read(path).unwrap();
    file.chunks(4096)
        .enumerate()
        .flat_map(|(i, page)| decrypt_page(page, key_hex, i == 0))
        .collect()
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn a_destruction_run_leaves_no_trace_of_the_patient_in_the_file_or_the_wal() {
    let mut f = Fixture::new();
    let clock = moving_clock(&mut f, seoul(2020, 3, 2));
    let gone = person(
        "파기될환자",
        "1970-07-07",
        "700707-1234567",
        "M",
        "010-9999-8888",
    );
    let gone_id = register(f.store(), &actor(), &gone, Duplicates::Ask)
        .unwrap()
        .id;
    let held = person(
        "보류환자",
        "1971-08-08",
        "710808-2234567",
        "F",
        "010-7777-6666",
    );
    let held_id = register(f.store(), &actor(), &held, Duplicates::Ask)
        .unwrap()
        .id;
    privacy::place_hold(f.store(), &actor(), held_id, "진료비 미납(채권·채무 관계)").unwrap();
    patients::search(f.store(), &actor(), "파기될").unwrap();
    // Five years and a day later, the search index and the pages must both have held the name.
    *clock.lock().unwrap() = seoul(2026, 11, 25);
    let recent = person(
        "최근환자",
        "1980-01-01",
        "800101-1234567",
        "M",
        "010-5555-4444",
    );
    register(f.store(), &actor(), &recent, Duplicates::Ask).unwrap();
    let key = f.raw_key_hex();
    // Move what the WAL holds into the file so the scan of the file sees it.
    f.store()
        .conn()
        .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
        .unwrap();
    let before = decrypted_pages(&f.db_path(), &key);
    assert!(
        contains(&before, "파기될환자"),
        "the scan sees plain text before the run"
    );

    let due = retention::preview(f.store(), &actor()).unwrap();
    let patients_due = due
        .iter()
        .find(|d| d.category == Category::PatientList)
        .unwrap();
    assert_eq!(
        (patients_due.count, patients_due.held),
        (1, 1),
        "one due, one held"
    );
    assert_eq!(patients_due.oldest.as_deref(), Some("2020-03-02"));
    let access = due
        .iter()
        .find(|d| d.category == Category::AccessLog)
        .unwrap();
    assert!(access.count > 0, "2020's access-log rows are past 2 years");

    // The run grows the connection's page cache while it runs and puts its size back after.
    f.store()
        .conn()
        .execute_batch("PRAGMA cache_size = -1234")
        .unwrap();
    crate::common::run_retention(f.store()).unwrap();
    assert_eq!(
        cache_size(f.store()),
        -1234,
        "the connection's own cache size"
    );
    let wal_len = std::fs::metadata(wal_path(&f))
        .map(|m| m.len())
        .unwrap_or(0);
    assert_eq!(
        wal_len, 0,
        "the run ends with the WAL checkpointed and truncated"
    );
    f.store().verify_audit().unwrap();
    assert!(matches!(
        patients::open(f.store(), &actor(), gone_id),
        Err(StoreError::NotFound(_))
    ));
    patients::open(f.store(), &actor(), held_id).expect("held record kept");
    assert!(
        patients::search(f.store(), &actor(), "파기될")
            .unwrap()
            .is_empty()
    );

    let after = decrypted_pages(&f.db_path(), &key);
    for needle in ["파기될환자", "700707", "010-9999-8888"] {
        assert!(
            !contains(&after, needle),
            "{needle} still in the decrypted pages"
        );
    }
    assert!(
        contains(&after, "보류환자"),
        "the held patient is still there (the scan works)"
    );
    // Later writes (the reads above are logged) fill the WAL again: its pages, decrypted, hold
    // nothing of the destroyed patient either.
    let wal = std::fs::read(wal_path(&f)).unwrap_or_default();
    assert!(
        wal.len() > 32,
        "the reads after the run were logged through the WAL"
    );
    let frames: Vec<u8> = wal[32..]
        .chunks(24 + 4096)
        .flat_map(|frame| decrypt_page(&frame[24..], &key, false))
        .collect();
    for needle in ["파기될환자", "700707", "010-9999-8888"] {
        assert!(!contains(&frames, needle), "{needle} in the WAL");
    }

    let log = retention::log(f.store()).unwrap();
    let cats: Vec<&str> = log.iter().map(|d| d.category.as_str()).collect();
    assert!(
        cats.contains(&"patient-list") && cats.contains(&"access-log"),
        "{cats:?}"
    );
    let text = serde_json::to_string(&log).unwrap();
    for needle in ["파기될환자", "700707", "9999"] {
        assert!(
            !text.contains(needle),
            "no personal data in the destruction log: {text}"
        );
    }
    // Nothing more is due; a second run destroys nothing.
    let due = retention::preview(f.store(), &actor()).unwrap();
    assert_eq!(
        due.iter()
            .find(|d| d.category == Category::PatientList)
            .unwrap()
            .count,
        0
    );
}

#[test]
fn the_access_log_review_filters_flags_and_is_recorded() {
    use jeopsu_core::review::Flag;
    use jeopsu_store::review::{self, Filter};
    let mut f = Fixture::new();
    // 23:30 in Seoul: night work.
    let clock = moving_clock(&mut f, seoul(2026, 11, 3));
    *clock.lock().unwrap() = chrono_tz::Asia::Seoul
        .with_ymd_and_hms(2026, 11, 3, 23, 30, 0)
        .unwrap()
        .with_timezone(&Utc);
    crate::common::add_staff(f.store(), "desk.lee", Some("이접수"));
    let desk = jeopsu_store::staff::sign_in(
        f.store(),
        "desk.lee",
        &jeopsu_store::staff::Password::new("a long enough password".into()),
    )
    .unwrap()
    .actor();
    let p = person(
        "김민수",
        "1990-01-01",
        "900101-1234567",
        "M",
        "010-2345-6789",
    );
    let id = register(f.store(), &desk, &p, Duplicates::Ask).unwrap().id;
    patients::reveal_rrn(f.store(), &actor(), id, "보험 청구 확인").unwrap();
    let all = review::query(f.store(), &actor(), &Filter::default()).unwrap();
    assert!(all.total >= 3);
    let by_desk = review::query(
        f.store(),
        &actor(),
        &Filter {
            staff: Some("desk.lee".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(by_desk.rows.iter().all(|r| r.actor.ends_with(":desk.lee")));
    // People by name, patients by chart number (and name only when asked for).
    assert!(
        by_desk.rows.iter().all(|r| r.who == "이접수 (desk.lee)"),
        "{by_desk:?}"
    );
    let registered = by_desk
        .rows
        .iter()
        .find(|r| r.action == "patient-registered")
        .unwrap();
    assert_eq!(
        registered.subject.as_deref(),
        Some(&*format!("patient:{id}"))
    );
    assert_eq!(registered.about.as_deref(), Some("2026-00001"));
    let named = review::query(
        f.store(),
        &actor(),
        &Filter {
            staff: Some("desk.lee".into()),
            patient_names: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(
        named
            .rows
            .iter()
            .any(|r| r.about.as_deref() == Some("2026-00001 김민수")),
        "{named:?}"
    );
    // The CLI is shown as logged.
    assert!(
        all.rows.iter().any(|r| r.who == "cli:test"),
        "{:?}",
        all.rows.iter().map(|r| &r.who).collect::<Vec<_>>()
    );
    // The staff filter is the username exactly: LIKE's wildcards match nobody.
    for pattern in ["%", "desk_lee", "%lee", "desk.le"] {
        let none = review::query(
            f.store(),
            &actor(),
            &Filter {
                staff: Some(pattern.into()),
                ..Default::default()
            },
        )
        .unwrap();
        assert_eq!(none.total, 0, "{pattern} matches no one");
    }
    assert!(
        by_desk.rows.iter().any(|r| r.flags.contains(&Flag::Night)),
        "{by_desk:?}"
    );
    let about = review::query(
        f.store(),
        &actor(),
        &Filter {
            patient: Some(id),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(
        about
            .rows
            .iter()
            .any(|r| r.action == "rrn-revealed" && r.flags.contains(&Flag::RrnReveal))
    );
    let flagged = review::query(
        f.store(),
        &actor(),
        &Filter {
            flagged_only: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(flagged.total, flagged.flagged);
    let day = |s: &str| Some(s.parse().unwrap());
    let none = review::query(
        f.store(),
        &actor(),
        &Filter {
            from: day("2026-11-04"),
            to: day("2026-11-20"),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        none.total, 0,
        "23:30 on the 3rd in Seoul is the 3rd (the fixture was made on the 25th): {:?}",
        none.rows
    );
    let backwards = review::query(
        f.store(),
        &actor(),
        &Filter {
            from: day("2026-11-30"),
            to: day("2026-11-01"),
            ..Default::default()
        },
    );
    assert!(matches!(backwards, Err(StoreError::Invalid(_))));

    assert!(matches!(
        review::record(f.store(), &actor(), "2026-13", "x"),
        Err(StoreError::Invalid(_))
    ));
    review::record(
        f.store(),
        &actor(),
        "2026-10",
        "야간 열람 1건 확인, 이상 없음",
    )
    .unwrap();
    let done = review::reviews(f.store()).unwrap();
    assert_eq!(
        (done[0].month.as_str(), done[0].reviewer.as_str()),
        ("2026-10", "cli:test")
    );
    f.store().verify_audit().unwrap();
}

#[test]
fn a_correction_request_is_answered_with_the_correction_it_led_to() {
    let mut f = Fixture::new();
    moving_clock(&mut f, seoul(2026, 11, 25));
    let p = person(
        "김민수",
        "1990-01-01",
        "900101-1234567",
        "M",
        "010-2345-6789",
    );
    let id = register(f.store(), &actor(), &p, Duplicates::Ask)
        .unwrap()
        .id;
    let rid = privacy::intake(
        f.store(),
        &actor(),
        id,
        &request("correction", "field", "subject", "id-card"),
    )
    .unwrap();
    let unlinked = privacy::answer(
        f.store(),
        &actor(),
        rid,
        &answer("done", "주소를 고쳤습니다", ""),
    );
    assert!(
        matches!(unlinked, Err(StoreError::Invalid(ref p)) if p[0].message_id() == "field-correction-link")
    );
    let mut moved = p.clone();
    moved.address = "서울특별시 종로구 2".into();
    patients::correct(f.store(), &actor(), id, &moved).unwrap();
    let v = privacy::open(f.store(), &actor(), rid).unwrap();
    assert_eq!(v.corrections[0].fields, ["address"]);
    let mut a = answer("done", "주소를 고쳤습니다", "");
    a.correction = Some(v.corrections[0].id);
    let v = privacy::answer(f.store(), &actor(), rid, &a).unwrap();
    assert_eq!(v.answer.unwrap().correction, Some(v.corrections[0].id));
}

#[test]
fn cctv_requests_and_ledger_rows_go_after_their_years_and_recent_ones_stay() {
    use jeopsu_core::cctv::RequestInput;
    use jeopsu_store::cctv::{self, LedgerQuery, RequestStep};
    let mut f = Fixture::new();
    let clock = moving_clock(&mut f, seoul(2022, 1, 10));
    let input = |from: &str, to: &str| RequestInput {
        kind: "view".into(),
        requester_name: "박영희".into(),
        requester_birth: "1980-03-04".into(),
        requester_address: "서울시 강남구 테헤란로 1".into(),
        requester_phone: "010-1234-5678".into(),
        relation: "subject".into(),
        footage_from: from.into(),
        footage_to: to.into(),
        locations: vec!["별관".into()],
        purpose: "주차장 접촉사고 확인".into(),
        id_check: "id-card".into(),
        ..Default::default()
    };
    let old = cctv::intake(
        f.store(),
        &actor(),
        &input("2021-12-20 10:00", "2021-12-20 11:00"),
    )
    .unwrap();
    cctv::step(
        f.store(),
        &actor(),
        old,
        &RequestStep::Preserved { note: "USB".into() },
    )
    .unwrap();
    // Its preserved copy was destroyed then (a request keeps its history until it is).
    cctv::step(
        f.store(),
        &actor(),
        old,
        &RequestStep::CopyDestroyed(jeopsu_core::cctv::CopyDestructionInput {
            at: "2022-01-10 09:00".into(),
            method: "secure-erase".into(),
        }),
    )
    .unwrap();
    *clock.lock().unwrap() = seoul(2026, 11, 25);
    let recent = cctv::intake(
        f.store(),
        &actor(),
        &input("2026-11-20 10:00", "2026-11-20 11:00"),
    )
    .unwrap();
    let due = retention::preview(f.store(), &actor()).unwrap();
    let c = due
        .iter()
        .find(|d| d.category == Category::CctvRecords)
        .unwrap();
    assert_eq!(
        c.count, 3,
        "the old request and its two ledger rows (preserved, destroyed): {c:?}"
    );
    crate::common::run_retention(f.store()).unwrap();
    assert!(matches!(
        cctv::open(f.store(), &actor(), old),
        Err(StoreError::NotFound(_))
    ));
    cctv::open(f.store(), &actor(), recent).expect("recent request kept");
    let q = LedgerQuery::parse("2020-01-01", "2026-12-31", None).unwrap();
    assert!(cctv::ledger(f.store(), &actor(), &q).unwrap().is_empty());
    f.store().verify_audit().unwrap();
}

#[test]
fn a_processing_stop_of_marketing_takes_effect_at_once_and_shows_on_the_record() {
    let mut f = Fixture::new();
    moving_clock(&mut f, seoul(2026, 11, 25));
    let p = person(
        "김민수",
        "1990-01-01",
        "900101-1234567",
        "M",
        "010-2345-6789",
    );
    let id = register(f.store(), &actor(), &p, Duplicates::Ask)
        .unwrap()
        .id;
    let marketing = crate::patients::texts().remove(0);
    jeopsu_store::consents::set_marketing(
        f.store(),
        &actor(),
        id,
        true,
        Some(&marketing),
        jeopsu_store::consents::Method::InPerson,
    )
    .unwrap();
    let rid = privacy::intake(
        f.store(),
        &actor(),
        id,
        &request("processing-stop", "marketing", "subject", "id-card"),
    )
    .unwrap();
    privacy::answer(
        f.store(),
        &actor(),
        rid,
        &answer("done", "광고 연락을 멈췄습니다", ""),
    )
    .unwrap();
    let rec = patients::open(f.store(), &actor(), id).unwrap();
    let now = jeopsu_store::consents::current(&rec.consents);
    assert_eq!(
        now.iter().map(|c| (c.item, c.granted)).collect::<Vec<_>>(),
        [(ConsentItem::Marketing, false)],
        "the optional use the request names stops at once"
    );
    assert!(now[0].is_withdrawal(&rec.consents), "shown as a withdrawal");
}

#[test]
fn an_optional_field_is_deleted_on_its_own_and_the_deletion_is_on_the_record() {
    let mut f = Fixture::new();
    moving_clock(&mut f, seoul(2026, 11, 25));
    let mut p = person(
        "김민수",
        "1990-01-01",
        "900101-1234567",
        "M",
        "010-2345-6789",
    );
    p.email = "minsu@example.kr".into();
    p.service_status = "시술 예약".into();
    let id = register(f.store(), &actor(), &p, Duplicates::Ask)
        .unwrap()
        .id;
    let rid = privacy::intake(
        f.store(),
        &actor(),
        id,
        &request("deletion", "email", "subject", "id-card"),
    )
    .unwrap();
    privacy::answer(
        f.store(),
        &actor(),
        rid,
        &answer("done", "이메일을 지웠습니다", ""),
    )
    .unwrap();
    let rec = patients::open(f.store(), &actor(), id).unwrap();
    assert_eq!(rec.email, None, "deleted at once");
    assert_eq!(
        rec.service_status.as_deref(),
        Some("시술 예약"),
        "nothing else"
    );
    assert_eq!(
        rec.corrections.last().map(|c| c.fields.clone()),
        Some(vec!["email".to_string()]),
        "the deletion is a dated row on the record"
    );
    // A processing stop cannot name a single field (it is about a use, not a detail).
    let stop = privacy::intake(
        f.store(),
        &actor(),
        id,
        &request("processing-stop", "email", "subject", "id-card"),
    );
    assert!(matches!(stop, Err(StoreError::Invalid(_))), "{stop:?}");
}

#[test]
fn a_paper_original_is_shredded_and_recorded_before_its_record_goes() {
    use crate::guardians::{notice, record, step};
    use jeopsu_core::privacy::paper::ShreddingInput;
    let mut f = Fixture::new();
    let clock = moving_clock(&mut f, seoul(2020, 3, 2));
    let child = person(
        "종이원본",
        "2012-05-05",
        "120505-3123456",
        "M",
        "010-3333-2222",
    );
    let id = register(f.store(), &actor(), &child, Duplicates::Ask)
        .unwrap()
        .id;
    record(&mut f, id, &step("paper"), &notice()).unwrap();
    *clock.lock().unwrap() = seoul(2026, 11, 25);

    // Due, but waiting for its paper: the run keeps it, and the list says where the paper is.
    let due = retention::preview(f.store(), &actor()).unwrap();
    let list = due
        .iter()
        .find(|d| d.category == Category::PatientList)
        .unwrap();
    assert_eq!((list.count, list.waiting), (0, 1));
    let papers = retention::paper_originals(f.store(), &actor()).unwrap();
    assert_eq!(papers.len(), 1);
    assert_eq!(papers[0].filed_at, "접수대 서랍 2");
    assert_eq!(papers[0].patient_name, "종이원본");
    assert_eq!(papers[0].signed_on, "2020-03-02");
    assert!(!papers[0].shredded);
    crate::common::run_retention(f.store()).unwrap();
    patients::open(f.store(), &actor(), id).expect("kept until its paper is shredded");

    // A shredding dated tomorrow, or of a record not on the list, is refused.
    let mut input = ShreddingInput {
        record_ids: vec![papers[0].record_id],
        shredded_on: "2026-11-26".into(),
        method: "shredder".into(),
        shredded_by: "김민지".into(),
    };
    assert!(matches!(
        retention::record_shredding(f.store(), &actor(), &input),
        Err(StoreError::Invalid(p)) if p[0].message_id() == "field-date-future"
    ));
    input.shredded_on = "2026-11-25".into();
    let mut wrong = input.clone();
    wrong.record_ids = vec![papers[0].record_id + 100];
    assert!(matches!(
        retention::record_shredding(f.store(), &actor(), &wrong),
        Err(StoreError::Invalid(p)) if p[0].message_id() == "field-paper-not-due"
    ));
    assert_eq!(
        retention::record_shredding(f.store(), &actor(), &input).unwrap(),
        1
    );
    // Twice is refused: it is no longer waiting.
    assert!(retention::record_shredding(f.store(), &actor(), &input).is_err());

    let due = retention::preview(f.store(), &actor()).unwrap();
    let list = due
        .iter()
        .find(|d| d.category == Category::PatientList)
        .unwrap();
    assert_eq!((list.count, list.waiting), (1, 0));
    crate::common::run_retention(f.store()).unwrap();
    assert!(matches!(
        patients::open(f.store(), &actor(), id),
        Err(StoreError::NotFound(_))
    ));
    let log = retention::log(f.store()).unwrap();
    let row = log.iter().find(|d| d.category == "patient-list").unwrap();
    assert_eq!((row.count, row.papers), (1, 1));
    // The shredding record stays, with no patient data.
    let (method, by): (String, String) = f
        .store()
        .conn()
        .query_row("SELECT method, shredded_by FROM paper_shredding", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((method.as_str(), by.as_str()), ("shredder", "김민지"));
    f.store().verify_audit().unwrap();
}

#[test]
fn a_deferred_request_stays_open_and_is_due_again_on_its_day() {
    let mut f = Fixture::new();
    let clock = moving_clock(&mut f, seoul(2026, 11, 2));
    let p = person(
        "연기환자",
        "1980-05-05",
        "800505-1234567",
        "M",
        "010-2323-4545",
    );
    let id = register(f.store(), &actor(), &p, Duplicates::Ask)
        .unwrap()
        .id;
    let req = privacy::intake(
        f.store(),
        &actor(),
        id,
        &request("deletion", "marketing", "subject", "id-card"),
    )
    .unwrap();
    let rid = req;
    let consents_before = patients::open(f.store(), &actor(), id)
        .unwrap()
        .consents
        .len();
    let mut deferral = answer("deferred", "답변을 미룹니다", "본인 확인 서류 보완 요청");
    deferral.follow_up_on = "2026-11-20".into();
    let v = privacy::answer(f.store(), &actor(), rid, &deferral).unwrap();
    assert!(v.answer.is_none(), "a deferral is not the answer");
    assert_eq!(v.deferrals.len(), 1);
    assert_eq!(v.summary.follow_up_on.as_deref(), Some("2026-11-20"));
    assert!(!v.summary.follow_up_due);
    assert_eq!(v.summary.outcome, Some(Outcome::Deferred));
    // Nothing was done yet: the deferral wrote no consent row.
    assert_eq!(
        patients::open(f.store(), &actor(), id)
            .unwrap()
            .consents
            .len(),
        consents_before
    );
    // Past the 10 days it is not "overdue": it waits for its day, and stays on the open list.
    *clock.lock().unwrap() = seoul(2026, 11, 19);
    let open = privacy::list(f.store(), &actor(), true).unwrap();
    let s = open.iter().find(|s| s.id == rid).expect("still open");
    assert!(!s.overdue && !s.follow_up_due);
    *clock.lock().unwrap() = seoul(2026, 11, 20);
    let open = privacy::list(f.store(), &actor(), true).unwrap();
    assert!(open.iter().find(|s| s.id == rid).unwrap().follow_up_due);
    // Then the real answer.
    let v = privacy::answer(
        f.store(),
        &actor(),
        rid,
        &answer("done", "마케팅 정보 삭제", ""),
    )
    .unwrap();
    assert_eq!(v.answer.unwrap().outcome, Outcome::Done);
    assert_eq!(v.summary.follow_up_on, None);
    assert!(
        privacy::list(f.store(), &actor(), true)
            .unwrap()
            .iter()
            .all(|s| s.id != rid)
    );
    f.store().verify_audit().unwrap();
}

#[test]
fn the_review_names_a_privacy_request_by_its_number_and_its_patient() {
    use jeopsu_store::review::{self, Filter};
    let mut f = Fixture::new();
    moving_clock(&mut f, seoul(2026, 11, 2));
    let p = person(
        "요구환자",
        "1980-05-05",
        "800505-1234567",
        "M",
        "010-2323-4545",
    );
    let id = register(f.store(), &actor(), &p, Duplicates::Ask)
        .unwrap()
        .id;
    let chart = patients::open(f.store(), &actor(), id).unwrap().chart_no;
    let rid = privacy::intake(
        f.store(),
        &actor(),
        id,
        &request("access", "record", "subject", "id-card"),
    )
    .unwrap();
    privacy::open(f.store(), &actor(), rid).unwrap();

    let page = |names: bool, f: &mut Fixture| {
        review::query(
            f.store(),
            &actor(),
            &Filter {
                patient_names: names,
                ..Default::default()
            },
        )
        .unwrap()
    };
    let plain = page(false, &mut f);
    let row = plain
        .rows
        .iter()
        .find(|r| r.about_kind.as_deref() == Some("privacy-request"))
        .unwrap_or_else(|| panic!("no privacy-request row: {plain:?}"));
    assert_eq!(
        row.subject.as_deref(),
        Some(&*format!("privacy-request:{rid}"))
    );
    assert_eq!(
        row.about.as_deref(),
        Some(&*format!("#{rid} · {chart}")),
        "the request's number and its patient's chart number, not its log text"
    );
    let named = page(true, &mut f);
    assert!(
        named
            .rows
            .iter()
            .any(|r| r.about.as_deref() == Some(&*format!("#{rid} · {chart} 요구환자"))),
        "{named:?}"
    );
    // The patient rows carry their kind too, for the screen to name.
    assert!(
        plain
            .rows
            .iter()
            .any(|r| r.about_kind.as_deref() == Some("patient")
                && r.about.as_deref() == Some(&*chart))
    );
}

/// Who took a request in and who placed a hold read as the review reads them: the staff member's
/// name and username, not the log's `staff:3:officer.park`; the CLI as what ran it.
#[test]
fn requests_and_holds_name_who_took_them_as_the_review_does() {
    let mut f = Fixture::new();
    moving_clock(&mut f, seoul(2026, 11, 2));
    let officer = crate::common::signed_in(f.store(), "officer.park", Some("박영희"));
    let p = person(
        "보류환자",
        "1971-08-08",
        "710808-2234567",
        "F",
        "010-7777-6666",
    );
    let id = register(f.store(), &actor(), &p, Duplicates::Ask)
        .unwrap()
        .id;
    let by_officer = privacy::intake(
        f.store(),
        &officer,
        id,
        &request("access", "record", "subject", "id-card"),
    )
    .unwrap();
    let by_cli = privacy::intake(
        f.store(),
        &actor(),
        id,
        &request("access", "record", "subject", "id-card"),
    )
    .unwrap();
    assert_eq!(
        privacy::open(f.store(), &officer, by_officer)
            .unwrap()
            .received_by,
        "박영희 (officer.park)"
    );
    assert_eq!(
        privacy::open(f.store(), &officer, by_cli)
            .unwrap()
            .received_by,
        actor().to_log_text()
    );
    privacy::place_hold(f.store(), &officer, id, "진료비 미납(채권·채무 관계)").unwrap();
    let holds = privacy::active_holds(f.store()).unwrap();
    assert_eq!(holds.len(), 1);
    assert_eq!(holds[0].placed_by, "박영희 (officer.park)");
}

/// A saved setting that does not read back (a damaged or edited database) is an error that
/// names it, never the default in its place: the retention run must not destroy by periods the
/// clinic never chose, nor rotation delete copies it meant to keep.
#[test]
fn a_damaged_setting_is_an_error_never_the_default() {
    for (key, reader) in [
        (
            "retention.rules",
            (|s: &mut jeopsu_store::Store| privacy::rules(s).map(|_| ()))
                as fn(&mut jeopsu_store::Store) -> jeopsu_store::Result<()>,
        ),
        ("backup.rotation", |s| {
            jeopsu_store::backup_schedule::rotation(s.conn()).map(|_| ())
        }),
        ("clinic.profile", |s| {
            jeopsu_store::settings::clinic_profile(s).map(|_| ())
        }),
        ("cctv.setup", |s| jeopsu_store::cctv::setup(s).map(|_| ())),
        ("lockout.max_failures", |s| {
            jeopsu_store::staff::lockout_policy(s).map(|_| ())
        }),
    ] {
        // A database of its own for each (the CCTV setup's defaults read the clinic profile).
        let mut f = Fixture::new();
        reader(f.store()).unwrap_or_else(|e| panic!("{key} reads before: {e}"));
        f.store()
            .conn()
            .execute(
                "INSERT INTO settings (key, value) VALUES (?1, 'x{') \
                 ON CONFLICT (key) DO UPDATE SET value = 'x{'",
                [key],
            )
            .unwrap();
        match reader(f.store()) {
            Err(StoreError::IntegrityFailed(why)) => assert!(why.contains(key), "{why}"),
            other => panic!("{key}: {other:?}"),
        }
    }
}

/// A patient registered on 2019-03-04 and opened on `opened` (the access log keeps that row two
/// years after the record goes), with `between` run then; destroyed by the retention run of
/// 2026-11-25, on which day the clock stays. Returns the patient's id.
pub(crate) fn destroyed_patient(
    f: &mut Fixture,
    opened: chrono::DateTime<Utc>,
    between: impl FnOnce(&mut Fixture, i64),
) -> i64 {
    let clock = moving_clock(f, seoul(2019, 3, 4));
    let p = person(
        "최오래",
        "1975-05-05",
        "750505-1234567",
        "M",
        "010-7777-8888",
    );
    let old = register(f.store(), &actor(), &p, Duplicates::Ask)
        .unwrap()
        .id;
    *clock.lock().unwrap() = opened;
    patients::open(f.store(), &actor(), old).unwrap();
    between(f, old);
    *clock.lock().unwrap() = seoul(2026, 11, 25);
    crate::common::run_retention(f.store()).unwrap();
    assert_eq!(patients::count(f.store()).unwrap(), 0, "destroyed");
    old
}

/// A new adult patient (김새로), registered now; their id.
pub(crate) fn new_patient(f: &mut Fixture) -> i64 {
    let q = person(
        "김새로",
        "1990-01-01",
        "900101-2234567",
        "F",
        "010-1111-2222",
    );
    register(f.store(), &actor(), &q, Duplicates::Ask)
        .unwrap()
        .id
}

/// Patient `id`'s own copy (JSON), as a subject-access request is answered.
pub(crate) fn subject_copy(f: &mut Fixture, id: i64) -> privacy::SubjectExport {
    privacy::export_subject(
        f.store(),
        &actor(),
        id,
        "json",
        "copy.json",
        "본인 열람 청구",
    )
    .unwrap()
}

/// A database from before patient ids counted past destroyed ones could give a destroyed
/// patient's id to a new patient. The requests and log rows kept after a record are then not the
/// new patient's: their export lists only the requests made under their own chart number, and
/// their export and the review's search by patient only the log rows from their registration on.
#[test]
fn an_export_never_lists_the_requests_of_a_destroyed_patient_who_had_the_same_id() {
    let mut f = Fixture::new();
    let old = destroyed_patient(&mut f, seoul(2025, 6, 2), |f, old| {
        let rid = privacy::intake(
            f.store(),
            &actor(),
            old,
            &request("access", "record", "subject", "id-card"),
        )
        .unwrap();
        privacy::answer(f.store(), &actor(), rid, &answer("done", "열람", "")).unwrap();
    });
    // As a database from before the counter (the migration sets it; this one is new).
    f.store()
        .conn()
        .execute("DELETE FROM counters WHERE name = 'patient_id'", [])
        .unwrap();
    let new = new_patient(&mut f);
    assert_eq!(new, old, "the id given again, as before the counter");
    let export = subject_copy(&mut f, new);
    assert!(export.requests.is_empty(), "{:?}", export.requests);
    // Nor the destroyed patient's access-log rows: only the new patient's, from the
    // registration on, in the export and in the review's search by patient.
    let log = &export.access_log;
    assert!(
        log.iter().any(|r| r.action == "patient-registered"),
        "{log:?}"
    );
    assert!(
        log.iter().all(|r| r.at.starts_with("2026-11-25")),
        "{log:?}"
    );
    let by_patient = jeopsu_store::review::query(
        f.store(),
        &actor(),
        &jeopsu_store::review::Filter {
            patient: Some(new),
            ..Default::default()
        },
    )
    .unwrap()
    .rows;
    assert!(!by_patient.is_empty());
    assert!(
        by_patient.iter().all(|r| r.at.starts_with("2026-11-25")),
        "{by_patient:?}"
    );
}

/// A database from before patient ids counted past destroyed ones has no counter: migration
/// 0014 starts it past every id the database still mentions, here a destroyed patient's that
/// the access log names, so the next patient does not get that id.
#[test]
fn the_migration_starts_patient_ids_past_a_destroyed_patient_the_log_still_names() {
    let mut f = Fixture::new();
    let old = destroyed_patient(&mut f, seoul(2026, 1, 5), |_, _| {});
    f.close();
    {
        let conn = crate::faults::raw_connection(&f);
        conn.execute("DELETE FROM counters WHERE name = 'patient_id'", [])
            .unwrap();
        conn.pragma_update(None, "user_version", 13).unwrap();
    }
    f.reopen();
    let new = new_patient(&mut f);
    assert!(new > old, "a new id: {new} after {old}");
}

/// More rows than one page holds are all reachable, a page at a time, newest page first; the
/// page says where its rows stand among all that match, and a page past the oldest shows the
/// oldest.
#[test]
fn the_review_shows_every_matching_row_a_page_at_a_time() {
    use jeopsu_core::audit::Action;
    use jeopsu_store::audit::Entry;
    use jeopsu_store::review::{Filter, MAX_ROWS, query};
    let mut f = Fixture::new();
    let who = actor();
    let n = 2 * MAX_ROWS + 5;
    // Rows told apart by their reason: "0" the oldest.
    let reasons: Vec<String> = (0..n).map(|i| i.to_string()).collect();
    f.store()
        .write(|tx| {
            tx.log_all(
                reasons
                    .iter()
                    .map(|r| Entry::new(Action::PatientsSearched, &who).reason(r)),
            )
        })
        .unwrap();
    let mut page = |back: u32| {
        let p = query(
            f.store(),
            &actor(),
            &Filter {
                action: Some("patients-searched".into()),
                page: back,
                ..Default::default()
            },
        )
        .unwrap();
        let first = p.rows.first().and_then(|r| r.reason.clone());
        let last = p.rows.last().and_then(|r| r.reason.clone());
        (p.page, p.pages, p.first, p.rows.len(), p.total, first, last)
    };
    let s = |i: usize| Some(i.to_string());
    let total = n as i64;
    assert_eq!(
        page(0),
        (
            0,
            3,
            (n - MAX_ROWS + 1) as i64,
            MAX_ROWS,
            total,
            s(n - MAX_ROWS),
            s(n - 1)
        ),
        "the newest page"
    );
    assert_eq!(
        page(1),
        (1, 3, 6, MAX_ROWS, total, s(5), s(n - MAX_ROWS - 1)),
        "the page before it ends where the newest begins"
    );
    assert_eq!(page(2), (2, 3, 1, 5, total, s(0), s(4)), "the oldest");
    assert_eq!(page(7), page(2), "past the oldest: the oldest");

    // The log grows while it is read (the desk goes on searching): pages read against the log
    // as it stood at the first page stay where they were; read against the log as it stands,
    // they move by what was added.
    let first = query(
        f.store(),
        &actor(),
        &Filter {
            action: Some("patients-searched".into()),
            ..Default::default()
        },
    )
    .unwrap();
    f.store()
        .write(|tx| {
            tx.log_all(
                ["new 1", "new 2", "new 3"]
                    .map(|r| Entry::new(Action::PatientsSearched, &who).reason(r)),
            )
        })
        .unwrap();
    let mut earlier = |upto: Option<i64>| {
        let p = query(
            f.store(),
            &actor(),
            &Filter {
                action: Some("patients-searched".into()),
                page: 1,
                upto,
                ..Default::default()
            },
        )
        .unwrap();
        (
            p.first,
            p.total,
            p.upto,
            p.rows.first().and_then(|r| r.reason.clone()),
        )
    };
    assert_eq!(
        earlier(Some(first.upto)),
        (6, total, first.upto, s(5)),
        "the page before the first one, as the log stood"
    );
    let now = earlier(None);
    assert_eq!(
        (now.0, now.1, now.3),
        (9, total + 3, s(8)),
        "as it stands: moved by 3"
    );
    assert!(now.2 > first.upto);
}
