use crate::common::{Fixture, actor};
use crate::patients::{person, register};
use chrono::{TimeZone, Utc};
use jeopsu_core::privacy::Category;
use jeopsu_core::visit::{IdCheckInput, IdCheckMethod, VisitStatus};
use jeopsu_store::patients::{self, Duplicates};
use jeopsu_store::visits::{self, CheckinInput};
use jeopsu_store::{StoreError, retention};
use std::sync::{Arc, Mutex};

fn seoul(y: i32, m: u32, d: u32, h: u32, min: u32) -> chrono::DateTime<Utc> {
    chrono_tz::Asia::Seoul
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn clock(f: &mut Fixture, start: chrono::DateTime<Utc>) -> Arc<Mutex<chrono::DateTime<Utc>>> {
    let clock = Arc::new(Mutex::new(start));
    let c = clock.clone();
    f.store().set_clock(Box::new(move || *c.lock().unwrap()));
    clock
}

fn with(method: &str) -> CheckinInput {
    CheckinInput {
        id_check: IdCheckInput {
            method: method.into(),
            reason: String::new(),
        },
        ..Default::default()
    }
}

fn adult(f: &mut Fixture, name: &str, rrn: &str, mobile: &str) -> i64 {
    let p = person(
        name,
        &format!("19{}-{}-{}", &rrn[..2], &rrn[2..4], &rrn[4..6]),
        rrn,
        "M",
        mobile,
    );
    register(f.store(), &actor(), &p, Duplicates::Ask)
        .unwrap()
        .id
}

#[test]
fn day_numbers_restart_at_seoul_midnight_not_utc() {
    let mut f = Fixture::new();
    // 23:50 in Seoul is 14:50 UTC; 00:05 the next Seoul day is still the same UTC day.
    let c = clock(&mut f, seoul(2026, 11, 25, 23, 50));
    let a = adult(&mut f, "김하나", "800101-1234567", "010-1111-2222");
    let b = adult(&mut f, "박두리", "810202-1234567", "010-3333-4444");
    let first = visits::checkin(f.store(), &actor(), a, &with("id-card")).unwrap();
    let second = visits::checkin(f.store(), &actor(), b, &with("mobile-card")).unwrap();
    assert_eq!((first.day.as_str(), first.day_no), ("2026-11-25", 1));
    assert_eq!(second.day_no, 2);
    // Twice the same day is refused while the first visit is open.
    assert!(matches!(
        visits::checkin(f.store(), &actor(), a, &with("id-card")),
        Err(StoreError::Conflict(_))
    ));
    *c.lock().unwrap() = seoul(2026, 11, 26, 0, 5);
    let next_day = visits::checkin(f.store(), &actor(), a, &with("exempt-recent")).unwrap();
    assert_eq!((next_day.day.as_str(), next_day.day_no), ("2026-11-26", 1));
    let board = visits::day(f.store(), &actor(), None).unwrap();
    assert_eq!(board.len(), 1, "today's board holds today's visits");
    f.store().verify_audit().unwrap();
}

#[test]
fn status_changes_are_events_and_undo_restores_the_one_before() {
    let mut f = Fixture::new();
    clock(&mut f, seoul(2026, 11, 25, 9, 0));
    let a = adult(&mut f, "김하나", "800101-1234567", "010-1111-2222");
    let v = visits::checkin(f.store(), &actor(), a, &with("id-card")).unwrap();
    assert!(!v.can_undo, "the check-in itself is not undone (cancel it)");
    visits::move_to(f.store(), &actor(), v.id, VisitStatus::Waiting).unwrap();
    let done = visits::move_to(f.store(), &actor(), v.id, VisitStatus::Done).unwrap();
    assert_eq!(done.status, VisitStatus::Done);
    assert!(matches!(
        visits::move_to(f.store(), &actor(), v.id, VisitStatus::Payment),
        Err(StoreError::Conflict(_))
    ));
    let back = visits::undo(f.store(), &actor(), v.id).unwrap();
    assert_eq!(
        back.status,
        VisitStatus::Waiting,
        "clicked 'done' by mistake"
    );
    let events: i64 = f
        .store()
        .conn()
        .query_row(
            "SELECT count(*) FROM visit_events WHERE visit_id = ?1",
            [v.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        events, 4,
        "check-in, two moves and the undo: nothing overwritten"
    );
    for sql in [
        "UPDATE visit_events SET to_status = 'done'",
        "DELETE FROM visit_events",
        "UPDATE visits SET day_no = 9",
        "DELETE FROM visits",
    ] {
        assert!(f.store().conn().execute(sql, []).is_err(), "{sql}");
    }
    // The record lists the visit; the log has the check-in and the three changes.
    let rec = patients::open(f.store(), &actor(), a).unwrap();
    assert_eq!(rec.visits.len(), 1);
    assert_eq!(rec.visits[0].status, VisitStatus::Waiting);
    f.store().verify_audit().unwrap();
}

#[test]
fn an_exemption_applies_only_where_its_rule_does() {
    let mut f = Fixture::new();
    let c = clock(&mut f, seoul(2026, 6, 1, 9, 0));
    let a = adult(&mut f, "김하나", "800101-1234567", "010-1111-2222");
    let child = register(
        f.store(),
        &actor(),
        &person(
            "이아이",
            "2015-05-05",
            "150505-3123456",
            "M",
            "010-5555-6666",
        ),
        Duplicates::Ask,
    )
    .unwrap()
    .id;
    // No check here before: the 6-month exemption is refused, naming the rule.
    let refused = visits::checkin(f.store(), &actor(), a, &with("exempt-recent"));
    assert!(
        matches!(&refused, Err(StoreError::Invalid(p)) if p[0].message_id() == "field-id-exempt-recent"),
        "{refused:?}"
    );
    let adult_minor = visits::checkin(f.store(), &actor(), a, &with("exempt-minor"));
    assert!(matches!(adult_minor, Err(StoreError::Invalid(_))));
    assert_eq!(
        visits::checkin_hint(f.store(), child).unwrap().suggested,
        Some(IdCheckMethod::ExemptMinor)
    );
    let v = visits::checkin(f.store(), &actor(), a, &with("id-card")).unwrap();
    visits::move_to(f.store(), &actor(), v.id, VisitStatus::Done).unwrap();
    // The same day 6 months later it still applies; the next day it does not.
    *c.lock().unwrap() = seoul(2026, 12, 1, 9, 0);
    let hint = visits::checkin_hint(f.store(), a).unwrap();
    assert_eq!(hint.suggested, Some(IdCheckMethod::ExemptRecent));
    assert_eq!(hint.last_confirmed.as_deref(), Some("2026-06-01"));
    *c.lock().unwrap() = seoul(2026, 12, 2, 9, 0);
    assert_eq!(visits::checkin_hint(f.store(), a).unwrap().suggested, None);
    assert!(visits::checkin(f.store(), &actor(), a, &with("exempt-recent")).is_err());
}

#[test]
fn the_patient_list_counts_from_the_last_visit_and_a_correction_does_not_restart_it() {
    let mut f = Fixture::new();
    let c = clock(&mut f, seoul(2020, 3, 2, 9, 0));
    let seen = adult(&mut f, "내원환자", "700101-1234567", "010-1111-2222");
    let corrected = adult(&mut f, "정정환자", "710101-1234567", "010-3333-4444");
    // Seen again in 2023; the other only corrected their address in 2025.
    *c.lock().unwrap() = seoul(2023, 5, 10, 9, 0);
    visits::checkin(f.store(), &actor(), seen, &with("id-card")).unwrap();
    *c.lock().unwrap() = seoul(2025, 1, 10, 9, 0);
    let mut input = person("정정환자", "1971-01-01", "", "M", "010-3333-4444");
    input.address = "부산광역시 해운대구 1".into();
    patients::correct(f.store(), &actor(), corrected, &input).unwrap();
    *c.lock().unwrap() = seoul(2026, 11, 25, 9, 0);
    let due = retention::preview(f.store(), &actor()).unwrap();
    let list = due
        .iter()
        .find(|d| d.category == Category::PatientList)
        .unwrap();
    assert_eq!(list.count, 1, "{list:?}");
    assert_eq!(
        list.oldest.as_deref(),
        Some("2020-03-02"),
        "from registration"
    );
    crate::common::run_retention(f.store()).unwrap();
    assert!(patients::open(f.store(), &actor(), corrected).is_err());
    let kept = patients::open(f.store(), &actor(), seen).unwrap();
    assert_eq!(
        kept.visits[0].day, "2023-05-10",
        "kept 5 years from its last visit"
    );
}

#[test]
fn an_imported_last_visit_dates_the_patient_list() {
    use jeopsu_store::patients::ImportRow;
    let mut f = Fixture::new();
    clock(&mut f, seoul(2026, 11, 25, 9, 0));
    let row = |line: usize, name: &str, rrn: &str, last: &str| ImportRow {
        line,
        input: person(
            name,
            &format!("19{}-{}-{}", &rrn[..2], &rrn[2..4], &rrn[4..6]),
            rrn,
            "M",
            &format!("010-1000-{:04}", line),
        ),
        marketing: "n".into(),
        last_visit: last.into(),
    };
    // A last visit in the future or before birth is refused, naming the line.
    let bad = patients::import(
        f.store(),
        &actor(),
        &[row(2, "미래환자", "700101-1234567", "2027-01-01")],
        false,
        &mut |_, _| {},
    );
    assert!(matches!(bad, Err(StoreError::ImportRejected(p)) if p[0].line == 2));
    patients::import(
        f.store(),
        &actor(),
        &[
            row(2, "오래된환자", "700101-1234567", "2021-11-24"),
            row(3, "최근환자", "710101-1234567", "2025-03-02"),
            row(4, "처음환자", "720101-1234567", ""),
        ],
        false,
        &mut |_, _| {},
    )
    .unwrap();
    // Registered today, but last seen five years and a day ago: due.
    let due = retention::preview(f.store(), &actor()).unwrap();
    let list = due
        .iter()
        .find(|d| d.category == Category::PatientList)
        .unwrap();
    assert_eq!(
        (list.count, list.oldest.as_deref()),
        (1, Some("2021-11-24")),
        "{list:?}"
    );
    let hit = patients::search(f.store(), &actor(), "최근환자").unwrap();
    let rec = patients::open(f.store(), &actor(), hit[0].id).unwrap();
    assert_eq!(rec.visits[0].day, "2025-03-02");
    assert_eq!(
        rec.visits[0].id_check, None,
        "imported: no check of its own"
    );
}

#[test]
fn the_preview_lists_the_due_patients_with_their_last_visit() {
    let mut f = Fixture::new();
    let c = clock(&mut f, seoul(2020, 3, 2, 9, 0));
    let seen = adult(&mut f, "내원환자", "700101-1234567", "010-1111-2222");
    adult(&mut f, "등록만", "710101-1234567", "010-3333-4444");
    *c.lock().unwrap() = seoul(2021, 1, 5, 9, 0);
    visits::checkin(f.store(), &actor(), seen, &with("id-card")).unwrap();
    *c.lock().unwrap() = seoul(2026, 11, 25, 9, 0);
    let due = retention::due_patients(f.store(), &actor()).unwrap();
    let got: Vec<_> = due
        .iter()
        .map(|d| (d.name.as_str(), d.last_visit.as_str(), d.never_visited))
        .collect();
    assert_eq!(
        got,
        [
            ("등록만", "2020-03-02", true),
            ("내원환자", "2021-01-05", false)
        ]
    );
}

#[test]
fn a_visit_goes_to_one_of_the_rooms_the_admin_keeps() {
    let mut f = Fixture::new();
    clock(&mut f, seoul(2026, 11, 25, 9, 0));
    let a = adult(&mut f, "김하나", "800101-1234567", "010-1111-2222");
    let rooms = visits::set_rooms(
        f.store(),
        &actor(),
        &[
            " 김원장 ".into(),
            "".into(),
            "김원장".into(),
            "피부관리실".into(),
        ],
    )
    .unwrap();
    assert_eq!(
        rooms,
        ["김원장", "피부관리실"],
        "trimmed, blanks and repeats dropped"
    );
    assert!(visits::set_rooms(f.store(), &actor(), &[]).is_err());
    let mut input = with("id-card");
    input.room = "3진료실".into();
    assert!(matches!(
        visits::checkin(f.store(), &actor(), a, &input),
        Err(StoreError::Invalid(p)) if p[0].field == "room"
    ));
    input.room = "피부관리실".into();
    let v = visits::checkin(f.store(), &actor(), a, &input).unwrap();
    assert_eq!(v.room.as_deref(), Some("피부관리실"));
}

#[test]
fn the_waiting_display_shows_day_numbers_and_masked_names_only_when_turned_on() {
    let mut f = Fixture::new();
    clock(&mut f, seoul(2026, 11, 25, 9, 0));
    let a = adult(&mut f, "김하나", "800101-1234567", "010-1111-2222");
    let b = adult(&mut f, "박두리", "810202-1234567", "010-3333-4444");
    visits::checkin(f.store(), &actor(), a, &with("id-card")).unwrap();
    let done = visits::checkin(f.store(), &actor(), b, &with("id-card")).unwrap();
    visits::move_to(f.store(), &actor(), done.id, VisitStatus::Done).unwrap();
    let before: i64 = f
        .store()
        .conn()
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    let rows = visits::display(f.store()).unwrap();
    assert_eq!(rows.len(), 1, "done visits leave the screen");
    assert_eq!((rows[0].day_no, rows[0].masked_name.clone()), (1, None));
    jeopsu_store::settings::set_display_names(f.store(), &actor(), true).unwrap();
    let rows = visits::display(f.store()).unwrap();
    assert_eq!(rows[0].masked_name.as_deref(), Some("김*나"));
    let after: i64 = f
        .store()
        .conn()
        .query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        after,
        before + 1,
        "only the setting change is logged, not the refreshes"
    );
}
