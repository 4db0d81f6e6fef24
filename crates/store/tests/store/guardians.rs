use crate::common::{Fixture, actor, signed_in};
use crate::patients::{person, register, texts};
use chrono::{TimeZone, Utc};
use jeopsu_core::audit::Actor;
use jeopsu_core::consent::{ConsentChoice, ConsentItem, Notice};
use jeopsu_core::guardian::{GuardianConsentInput, GuardianInput, SignMethod, Signature};
use jeopsu_store::patients::{self, Duplicates};
use jeopsu_store::{StoreError, guardians};

pub(crate) fn notice() -> Notice {
    Notice::new("ko", "쉬운 안내문", "한 줄\n두 줄")
}

fn registration() -> Notice {
    Notice::new("ko", "진료를 위한 안내", "법에 따라\n받습니다")
}

fn at(y: i32, m: u32, d: u32) -> chrono::DateTime<Utc> {
    // 10:00 in Seoul.
    Utc.with_ymd_and_hms(y, m, d, 1, 0, 0).unwrap()
}

pub(crate) fn step(method: &str) -> GuardianConsentInput {
    GuardianConsentInput {
        guardians: vec![GuardianInput {
            name: "김영희".into(),
            relationship: "mother".into(),
            mobile: "010-1234-5678".into(),
            verification: "id-in-person".into(),
            ..Default::default()
        }],
        choices: texts()
            .iter()
            .map(|t| ConsentChoice {
                item: t.item,
                granted: Some(true),
                hash: t.hash.clone(),
            })
            .collect(),
        // From 14 the minor says yes too (ignored under 14).
        minor_choices: texts()
            .iter()
            .map(|t| ConsentChoice {
                item: t.item,
                granted: Some(true),
                hash: t.hash.clone(),
            })
            .collect(),
        minor_ack: true,
        notice_hash: notice().hash,
        registration_notice_hash: registration().hash,
        method: method.into(),
        signature: Some(Signature {
            width: 800.0,
            height: 300.0,
            strokes: vec![
                vec![[100.0, 200.0], [200.0, 100.0], [300.0, 220.0]],
                vec![[350.0, 150.0], [600.0, 160.0]],
            ],
        }),
        paper_filed_at: "접수대 서랍 2".into(),
        companion: None,
    }
}

/// Records `input` for patient `id` on the test wording.
pub(crate) fn record(
    f: &mut Fixture,
    id: i64,
    input: &GuardianConsentInput,
    notice: &Notice,
) -> jeopsu_store::Result<i64> {
    guardians::record(
        f.store(),
        &actor(),
        id,
        input,
        &texts(),
        notice,
        &registration(),
    )
}

/// 이하준, a boy born on 5 May of `year`, registered by `by`.
fn register_child(f: &mut Fixture, by: &Actor, year: u32) -> patients::Registered {
    let yy = year % 100;
    let child = person(
        "이하준",
        &format!("{year}-05-05"),
        &format!("{yy:02}0505-3123456"),
        "M",
        "010-1234-5678",
    );
    register(f.store(), by, &child, Duplicates::Ask).unwrap()
}

#[test]
fn a_childs_guardian_signs_on_the_pad_and_the_record_shows_it() {
    let mut f = Fixture::new();
    f.store().set_clock(Box::new(|| at(2026, 11, 25)));
    let r = register_child(&mut f, &actor(), 2017);
    let before = patients::open(f.store(), &actor(), r.id).unwrap();
    assert!(before.guardian_consent_pending);
    assert!(before.signed_records.is_empty());

    let mut input = step("pad");
    input.minor_ack = false; // under 14: not asked
    let id = record(&mut f, r.id, &input, &notice()).unwrap();

    let rec = patients::open(f.store(), &actor(), r.id).unwrap();
    assert!(!rec.guardian_consent_pending, "the step is complete");
    assert!(!rec.adult_consent_due);
    assert_eq!(rec.signed_records.len(), 1);
    let s = &rec.signed_records[0];
    assert_eq!((s.id, s.patient_age, s.method), (id, 9, SignMethod::Pad));
    assert_eq!(s.minor_ack, None);
    assert_eq!(
        s.signature, input.signature,
        "the strokes come back exactly"
    );
    assert_eq!(s.guardians[0].name, "김영희");
    assert_eq!(s.guardians[0].mobile, "010-1234-5678");
    let items: Vec<_> = rec
        .consents
        .iter()
        .map(|c| (c.item, c.granted, c.record_id))
        .collect();
    assert!(
        items.is_empty(),
        "under 14 no optional item is offered, the signed record is the step: {items:?}"
    );
    assert_eq!(
        guardians::notice(f.store(), &notice().hash).unwrap(),
        Some(notice()),
        "the notice shown is kept by its hash"
    );
    let log = f.store().audit_list(&actor(), None, None).unwrap();
    let row = log
        .iter()
        .find(|r| r.action == "guardian-consent-recorded")
        .unwrap();
    let detail = row.detail.as_deref().unwrap_or_default();
    assert!(
        !detail.contains("김영희") && !detail.contains("1234"),
        "{detail}"
    );
    f.store().verify(&actor()).unwrap();
}

#[test]
fn paper_consent_records_where_it_is_filed_and_keeps_no_strokes() {
    let mut f = Fixture::new();
    f.store().set_clock(Box::new(|| at(2026, 11, 25)));
    let teen = person(
        "박서윤",
        "2010-03-01",
        "100301-4123456",
        "F",
        "010-5555-6666",
    );
    let r = register(f.store(), &actor(), &teen, Duplicates::Ask).unwrap();
    record(&mut f, r.id, &step("paper"), &notice()).unwrap();
    let s = &patients::open(f.store(), &actor(), r.id)
        .unwrap()
        .signed_records[0];
    assert_eq!(s.method, SignMethod::Paper);
    assert_eq!(s.signature, None);
    assert_eq!(s.paper_filed_at.as_deref(), Some("접수대 서랍 2"));
    assert_eq!(s.minor_ack, Some(true), "16: the minor acknowledged");
}

#[test]
fn a_signed_record_cannot_be_changed_or_deleted() {
    let mut f = Fixture::new();
    f.store().set_clock(Box::new(|| at(2026, 11, 25)));
    // 15: the optional item is offered, so the record carries a decision.
    let r = register_child(&mut f, &actor(), 2011);
    let mut input = step("pad");
    input.minor_ack = true;
    let id = record(&mut f, r.id, &input, &notice()).unwrap();
    for sql in [
        "UPDATE consent_records SET method = 'paper' WHERE id = ?1",
        "DELETE FROM consent_records WHERE id = ?1",
        "UPDATE guardians SET name = '다른사람' WHERE record_id = ?1",
        "DELETE FROM guardians WHERE record_id = ?1",
        "UPDATE consents SET granted = 1 WHERE record_id = ?1",
        "DELETE FROM consents WHERE record_id = ?1",
    ] {
        let err = f.store().conn().execute(sql, [id]).unwrap_err();
        assert!(
            err.to_string().contains("never"),
            "{sql} must be refused: {err}"
        );
    }
    let rec = patients::open(f.store(), &actor(), r.id).unwrap();
    assert_eq!(rec.signed_records[0].guardians[0].name, "김영희");
}

#[test]
fn a_correction_is_a_new_record_and_the_newest_is_in_force() {
    let mut f = Fixture::new();
    f.store().set_clock(Box::new(|| at(2026, 11, 25)));
    // 15: the optional item is offered, so the record carries a decision.
    let r = register_child(&mut f, &actor(), 2011);
    let mut input = step("pad");
    input.minor_ack = true;
    input.choices[0].granted = Some(false);
    record(&mut f, r.id, &input, &notice()).unwrap();
    input.choices[0].granted = Some(true);
    input.guardians[0].name = "김영희나".into();
    let second = record(&mut f, r.id, &input, &notice()).unwrap();
    let rec = patients::open(f.store(), &actor(), r.id).unwrap();
    assert_eq!(rec.signed_records.len(), 2);
    assert_eq!(rec.signed_records[0].guardians[0].name, "김영희", "kept");
    let now = jeopsu_store::consents::current(&rec.consents);
    assert!(now.iter().all(|c| c.record_id == Some(second)));
    assert!(now[0].granted, "marketing as on the newest record");
}

#[test]
fn an_adult_or_a_stale_notice_is_refused_and_nothing_is_written() {
    let mut f = Fixture::new();
    f.store().set_clock(Box::new(|| at(2026, 11, 25)));
    let r = register_child(&mut f, &actor(), 2017);
    let mut input = step("pad");
    input.minor_ack = false;
    let other = Notice::new("ko", "쉬운 안내문", "바뀐 글");
    let err = record(&mut f, r.id, &input, &other).unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");

    let adult = person(
        "최민준",
        "1990-01-01",
        "900101-1123456",
        "M",
        "010-7777-8888",
    );
    let a = register(f.store(), &actor(), &adult, Duplicates::Ask).unwrap();
    let err = record(&mut f, a.id, &input, &notice()).unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)), "{err:?}");
    let err = record(&mut f, 9999, &input, &notice()).unwrap_err();
    assert!(matches!(err, StoreError::NotFound(_)), "{err:?}");
    let n: i64 = f
        .store()
        .conn()
        .query_row("SELECT count(*) FROM consent_records", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
}

#[test]
fn turning_19_shows_on_the_record_and_offers_the_adult_consent() {
    let mut f = Fixture::new();
    // Born 2007-11-26: 18 on 2026-11-25, 19 on 2026-11-26.
    let clock = std::sync::Arc::new(std::sync::Mutex::new(at(2026, 11, 25)));
    let c = clock.clone();
    f.store().set_clock(Box::new(move || *c.lock().unwrap()));
    let teen = person(
        "정도윤",
        "2007-11-26",
        "071126-3123456",
        "M",
        "010-3333-4444",
    );
    let r = patients::register(f.store(), &actor(), &teen, Duplicates::Ask, &[]).unwrap();
    let rec = patients::open(f.store(), &actor(), r.id).unwrap();
    assert!(rec.age.minor && rec.guardian_consent_pending);
    assert_eq!(rec.adult_on.as_deref(), Some("2026-11-26"));
    let id = record(&mut f, r.id, &step("pad"), &notice()).unwrap();
    let rec = patients::open(f.store(), &actor(), r.id).unwrap();
    assert!(!rec.adult_consent_due);
    assert_eq!(
        rec.consents
            .iter()
            .map(|c| (c.item, c.granted, c.record_id, c.signer))
            .collect::<Vec<_>>(),
        [(
            ConsentItem::Marketing,
            true,
            Some(id),
            jeopsu_store::consents::Signer::Guardian
        )],
        "from 14 the legal representative decides the optional item"
    );

    *clock.lock().unwrap() = at(2026, 11, 26);
    let rec = patients::open(f.store(), &actor(), r.id).unwrap();
    assert!(!rec.age.minor);
    assert!(
        rec.adult_consent_due,
        "the representative's 'yes' spoke for a minor: the next visit asks the adult"
    );
    assert!(!rec.guardian_consent_pending);
    // A guardian step for an adult is refused now.
    let err = record(&mut f, r.id, &step("pad"), &notice()).unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)));
    // The adult consents for themselves: the offer is gone.
    let decisions = crate::patients::consents_for(&person("정도윤", "1990-01-01", "", "M", ""));
    patients::give_consents(f.store(), &actor(), r.id, &decisions).unwrap();
    assert!(
        !patients::open(f.store(), &actor(), r.id)
            .unwrap()
            .adult_consent_due
    );
}

#[test]
fn a_grandmother_who_brings_the_signed_paper_is_kept_as_the_companion() {
    use jeopsu_core::guardian::{Authorisation, CompanionInput};
    let mut f = Fixture::new();
    f.store().set_clock(Box::new(|| at(2026, 11, 25)));
    let child = person(
        "최하늘",
        "2018-04-04",
        "180404-4123456",
        "F",
        "010-4444-3333",
    );
    let r = register(f.store(), &actor(), &child, Duplicates::Ask).unwrap();
    let mut input = step("pad");
    input.companion = Some(CompanionInput {
        name: "이순자".into(),
        relationship: "할머니".into(),
        authorisation: "letter".into(),
        ..Default::default()
    });
    assert!(matches!(
        record(&mut f, r.id, &input, &notice()),
        Err(StoreError::Invalid(p)) if p[0].message_id() == "field-companion-cannot-sign"
    ));
    input.method = "paper".into();
    record(&mut f, r.id, &input, &notice()).unwrap();
    let s = &patients::open(f.store(), &actor(), r.id)
        .unwrap()
        .signed_records[0];
    let c = s.companion.as_ref().unwrap();
    assert_eq!(
        (c.name.as_str(), c.authorisation),
        ("이순자", Authorisation::Letter)
    );
    assert_eq!(
        s.guardians[0].name, "김영희",
        "the mother is the representative"
    );
}

#[test]
fn the_record_names_who_took_each_decision_as_the_review_does() {
    let mut f = Fixture::new();
    f.store().set_clock(Box::new(|| at(2026, 11, 25)));
    let desk = signed_in(f.store(), "reception.lee", Some("이접수"));
    // An adult registered at the desk (her refusal of marketing is a decision), then moved.
    let adult = person(
        "박서연",
        "1988-03-03",
        "880303-2123456",
        "F",
        "010-2222-3333",
    );
    let a = register(f.store(), &desk, &adult, Duplicates::Ask)
        .unwrap()
        .id;
    let mut moved = adult.clone();
    moved.address = "부산광역시 해운대구 1".into();
    patients::correct(f.store(), &desk, a, &moved).unwrap();
    // A child's guardian signs on the pad, witnessed at the desk.
    let c = register_child(&mut f, &actor(), 2017).id;
    let mut input = step("pad");
    input.minor_ack = false;
    guardians::record(
        f.store(),
        &desk,
        c,
        &input,
        &texts(),
        &notice(),
        &registration(),
    )
    .unwrap();

    let named = "이접수 (reception.lee)";
    let rec = patients::open(f.store(), &desk, a).unwrap();
    assert!(!rec.consents.is_empty());
    assert!(
        rec.consents.iter().all(|c| c.by == named),
        "{:?}",
        rec.consents
    );
    assert_eq!(rec.corrections[0].by, named);
    assert_eq!(
        rec.corrections[0].actor,
        desk.to_log_text(),
        "the log's own text is kept beside it"
    );
    let kid = patients::open(f.store(), &desk, c).unwrap();
    assert_eq!(kid.signed_records[0].witness, named);
    // The admin tool's correction reads as what ran it.
    moved.email = "seoyeon@example.kr".into();
    patients::correct(f.store(), &actor(), a, &moved).unwrap();
    let rec = patients::open(f.store(), &desk, a).unwrap();
    assert_eq!(rec.corrections[1].by, actor().to_log_text());
}
