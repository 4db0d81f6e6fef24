use crate::common::{Fixture, actor};
use chrono::{TimeZone, Utc};
use jeopsu_core::cctv::{
    DecisionInput, DeletionInput, LedgerInput, LedgerKind, LedgerReason, Preservation,
    RequestInput, Status, ViewingInput,
};
use jeopsu_store::StoreError;
use jeopsu_store::cctv::{self, LedgerQuery, RequestStep};
use std::sync::{Arc, Mutex};

/// A UTC instant given as Seoul wall-clock time.
fn seoul(y: i32, m: u32, d: u32, h: u32, min: u32) -> chrono::DateTime<Utc> {
    chrono_tz::Asia::Seoul
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn request(from: &str, to: &str) -> RequestInput {
    RequestInput {
        kind: "view".into(),
        requester_name: "박영희".into(),
        requester_birth: "1980-03-04".into(),
        requester_address: "서울시 강남구 테헤란로 1".into(),
        requester_phone: "010-1234-5678".into(),
        relation: "subject".into(),
        footage_from: from.into(),
        footage_to: to.into(),
        locations: vec!["별관".into(), "2층".into()],
        purpose: "주차장 접촉사고 확인".into(),
        id_check: "id-card".into(),
        ..Default::default()
    }
}

/// A fixture whose clock the test moves.
fn at_clock(start: chrono::DateTime<Utc>) -> (Fixture, Arc<Mutex<chrono::DateTime<Utc>>>) {
    let mut f = Fixture::new();
    let clock = Arc::new(Mutex::new(start));
    let c = clock.clone();
    f.store().set_clock(Box::new(move || *c.lock().unwrap()));
    (f, clock)
}

fn view_input(at: &str) -> ViewingInput {
    ViewingInput {
        viewer: "박영희".into(),
        staff_present: "하은환".into(),
        at: at.into(),
        shown: "별관 10:00-10:30".into(),
        masked: true,
        approved_by: "하은환".into(),
        ..Default::default()
    }
}

#[test]
fn footage_25_days_old_is_flagged_urgent_at_intake_with_a_preserve_task() {
    let (mut f, _) = at_clock(seoul(2026, 11, 26, 10, 0));
    let id = cctv::intake(
        f.store(),
        &actor(),
        &request("2026-11-01 10:00", "2026-11-01 11:00"),
    )
    .unwrap();
    let v = cctv::open(f.store(), &actor(), id).unwrap();
    assert!(v.summary.outlook.urgent, "{:?}", v.summary.outlook);
    assert_eq!(v.summary.outlook.first_expiry, "2026-12-01 10:00");
    assert_eq!(v.summary.preservation, Preservation::Asked);
    assert_eq!(v.summary.due, "2026-12-06");
    assert_eq!(v.summary.days_left, 10);
    assert_eq!(v.received_by, "cli:test");

    // Footage from last week is not urgent.
    let calm = cctv::intake(
        f.store(),
        &actor(),
        &request("2026-11-20 10:00", "2026-11-20 11:00"),
    )
    .unwrap();
    let v = cctv::open(f.store(), &actor(), calm).unwrap();
    assert!(!v.summary.outlook.urgent);
    assert_eq!(v.summary.preservation, Preservation::NotNeeded);
    assert!(v.history.is_empty());
}

#[test]
fn footage_past_its_month_is_reported_gone_at_the_edge() {
    // Shot 2026-10-27 10:00-11:00; kept one calendar month, the last minute is gone at
    // 2026-11-27 11:00 Seoul time (30 days would have said 26 November).
    let (mut f, clock) = at_clock(seoul(2026, 11, 26, 11, 0));
    let early = cctv::intake(
        f.store(),
        &actor(),
        &request("2026-10-27 10:00", "2026-10-27 11:00"),
    )
    .unwrap();
    let v = cctv::open(f.store(), &actor(), early).unwrap();
    assert!(
        !v.summary.outlook.partly_gone && !v.summary.outlook.gone,
        "day 30 of October's month: all still there: {:?}",
        v.summary.outlook
    );
    *clock.lock().unwrap() = seoul(2026, 11, 27, 10, 59);
    let before = cctv::intake(
        f.store(),
        &actor(),
        &request("2026-10-27 10:00", "2026-10-27 11:00"),
    )
    .unwrap();
    let v = cctv::open(f.store(), &actor(), before).unwrap();
    assert!(v.summary.outlook.partly_gone && !v.summary.outlook.gone);
    *clock.lock().unwrap() = seoul(2026, 11, 27, 11, 0);
    let v = cctv::open(f.store(), &actor(), before).unwrap();
    assert!(v.summary.outlook.gone, "{:?}", v.summary.outlook);
    assert!(!v.summary.outlook.urgent, "nothing left to preserve");
}

#[test]
fn the_deadline_is_counted_on_the_seoul_calendar() {
    // 15:30 UTC on 24 November is 00:30 on 25 November in Seoul: received on the 25th.
    let (mut f, clock) = at_clock(Utc.with_ymd_and_hms(2026, 11, 24, 15, 30, 0).unwrap());
    let id = cctv::intake(
        f.store(),
        &actor(),
        &request("2026-11-20 10:00", "2026-11-20 11:00"),
    )
    .unwrap();
    let v = cctv::open(f.store(), &actor(), id).unwrap();
    assert_eq!(v.request.received_at.to_string(), "2026-11-25 00:30");
    assert_eq!(v.summary.due, "2026-12-05");
    // Month end: still due on 5 December; overdue from 6 December (Seoul), not before.
    *clock.lock().unwrap() = seoul(2026, 12, 5, 23, 59);
    let s = cctv::list(f.store(), &actor(), true).unwrap();
    assert_eq!((s[0].days_left, s[0].overdue), (0, false));
    *clock.lock().unwrap() = seoul(2026, 12, 6, 0, 0);
    let s = cctv::list(f.store(), &actor(), true).unwrap();
    assert_eq!((s[0].days_left, s[0].overdue), (-1, true));
    // Answered requests are not overdue.
    cctv::step(
        f.store(),
        &actor(),
        id,
        &RequestStep::Decide(DecisionInput {
            decision: "refuse".into(),
            ground: "not-subject".into(),
            ..Default::default()
        }),
    )
    .unwrap();
    assert!(cctv::list(f.store(), &actor(), true).unwrap().is_empty());
    let all = cctv::list(f.store(), &actor(), false).unwrap();
    assert_eq!((all[0].status, all[0].overdue), (Status::Closed, false));
}

#[test]
fn a_viewing_writes_three_ledger_rows_and_the_ledger_is_append_only() {
    let (mut f, clock) = at_clock(seoul(2026, 11, 26, 10, 0));
    let id = cctv::intake(
        f.store(),
        &actor(),
        &request("2026-11-01 10:00", "2026-11-01 11:00"),
    )
    .unwrap();
    cctv::step(
        f.store(),
        &actor(),
        id,
        &RequestStep::Preserved {
            note: "USB 1".into(),
        },
    )
    .unwrap();
    cctv::step(
        f.store(),
        &actor(),
        id,
        &RequestStep::Decide(DecisionInput {
            decision: "approve-masked".into(),
            ..Default::default()
        }),
    )
    .unwrap();
    let v = cctv::step(
        f.store(),
        &actor(),
        id,
        &RequestStep::Book {
            at: "2026-11-28 14:00".into(),
            late_reason: String::new(),
        },
    )
    .unwrap();
    assert_eq!(v.summary.status, Status::Booked);
    // Viewing before it happened is refused; after, it is recorded.
    let early = cctv::step(
        f.store(),
        &actor(),
        id,
        &RequestStep::View(view_input("2026-11-28 14:00")),
    );
    assert!(matches!(early, Err(StoreError::Invalid(_))), "{early:?}");
    *clock.lock().unwrap() = seoul(2026, 11, 28, 14, 40);
    let v = cctv::step(
        f.store(),
        &actor(),
        id,
        &RequestStep::View(view_input("2026-11-28 14:00")),
    )
    .unwrap();
    assert_eq!(v.summary.status, Status::Closed);
    let kinds: Vec<_> = v.ledger.iter().map(|r| (r.kind, r.reason)).collect();
    assert_eq!(
        kinds,
        [
            (LedgerKind::Use, LedgerReason::Preserve),
            (LedgerKind::Use, LedgerReason::Mask),
            (LedgerKind::Viewing, LedgerReason::View)
        ]
    );
    assert_eq!(v.ledger[0].at, "2026-11-26 10:00");
    assert_eq!(v.ledger[2].party, "박영희");
    // The masking and the viewing carry who approved it and who was present; the
    // preservation does not.
    assert_eq!(v.ledger[2].approved_by.as_deref(), Some("하은환"));
    assert_eq!(v.ledger[1].staff_present.as_deref(), Some("하은환"));
    assert_eq!(v.ledger[0].approved_by, None);
    // The export lists the request's answer beside the rows.
    let q = LedgerQuery {
        from: "2026-11-01".parse().unwrap(),
        to: "2026-11-30".parse().unwrap(),
        kind: None,
    };
    let export =
        cctv::ledger_export(f.store(), &actor(), &q, "pdf", "ledger.pdf", "월례 점검").unwrap();
    assert_eq!(export.rows.len(), 3);
    assert_eq!(export.answers.len(), 1);
    assert_eq!(export.answers[0].request_id, id);

    // A closed request takes no more steps.
    let again = cctv::step(
        f.store(),
        &actor(),
        id,
        &RequestStep::Book {
            at: "2026-12-01 10:00".into(),
            late_reason: String::new(),
        },
    );
    assert!(matches!(again, Err(StoreError::Conflict(_))), "{again:?}");

    // Corrections are new rows that name the old; the old row cannot change or go.
    let fix = LedgerInput {
        kind: "viewing".into(),
        at: "2026-11-28 14:00".into(),
        footage: "별관 10:00-10:30".into(),
        purpose: "열람 시각 정정".into(),
        party: "박영희".into(),
        basis: "pipa-35".into(),
        corrects: Some(3),
        ..Default::default()
    };
    let no = cctv::ledger_add(f.store(), &actor(), &fix).unwrap();
    assert_eq!(no, 4);
    let unknown = LedgerInput {
        corrects: Some(99),
        ..fix.clone()
    };
    let r = cctv::ledger_add(f.store(), &actor(), &unknown);
    assert!(
        matches!(r, Err(StoreError::Invalid(ref p)) if p[0].message_id() == "field-ledger-unknown")
    );
    let conn = f.store().conn();
    for sql in [
        "UPDATE cctv_ledger SET purpose = 'x' WHERE no = 1",
        "DELETE FROM cctv_ledger WHERE no = 1",
        "UPDATE cctv_events SET data = '{}'",
        "DELETE FROM cctv_events",
        "UPDATE cctv_requests SET requester_name = 'x'",
        "DELETE FROM cctv_requests",
    ] {
        let e = conn.execute(sql, []).expect_err(sql);
        assert!(
            e.to_string().contains("never") || e.to_string().contains("only"),
            "{sql}: {e}"
        );
    }

    // The ledger by date and kind.
    let q = |from: &str, to: &str, kind| LedgerQuery {
        from: from.parse().unwrap(),
        to: to.parse().unwrap(),
        kind,
    };
    let all = cctv::ledger(f.store(), &actor(), &q("2026-11-01", "2026-11-30", None)).unwrap();
    assert_eq!(all.len(), 4);
    assert_eq!(all[3].corrects, Some(3));
    let views = cctv::ledger(
        f.store(),
        &actor(),
        &q("2026-11-27", "2026-11-28", Some(LedgerKind::Viewing)),
    )
    .unwrap();
    assert_eq!(views.iter().map(|r| r.no).collect::<Vec<_>>(), [3, 4]);
    let backwards = cctv::ledger(f.store(), &actor(), &q("2026-11-30", "2026-11-01", None));
    assert!(matches!(backwards, Err(StoreError::Invalid(_))));
}

#[test]
fn appointments_too_close_together_are_flagged() {
    let (mut f, _) = at_clock(seoul(2026, 11, 24, 10, 0));
    let approve = RequestStep::Decide(DecisionInput {
        decision: "approve".into(),
        ..Default::default()
    });
    let a = cctv::intake(
        f.store(),
        &actor(),
        &request("2026-11-20 10:00", "2026-11-20 11:00"),
    )
    .unwrap();
    let b = cctv::intake(
        f.store(),
        &actor(),
        &request("2026-11-21 10:00", "2026-11-21 11:00"),
    )
    .unwrap();
    for id in [a, b] {
        cctv::step(f.store(), &actor(), id, &approve).unwrap();
    }
    cctv::step(
        f.store(),
        &actor(),
        a,
        &RequestStep::Book {
            at: "2026-11-27 14:00".into(),
            late_reason: String::new(),
        },
    )
    .unwrap();
    let v = cctv::step(
        f.store(),
        &actor(),
        b,
        &RequestStep::Book {
            at: "2026-11-27 14:15".into(),
            late_reason: String::new(),
        },
    )
    .unwrap();
    assert_eq!(v.clashes.len(), 1);
    assert_eq!(
        (v.clashes[0].request_id, v.clashes[0].at.as_str()),
        (a, "2026-11-27 14:00")
    );
    // Rescheduled away, no clash.
    let v = cctv::step(
        f.store(),
        &actor(),
        b,
        &RequestStep::Book {
            at: "2026-11-27 15:00".into(),
            late_reason: String::new(),
        },
    )
    .unwrap();
    assert!(v.clashes.is_empty());
    assert_eq!(v.history.len(), 3, "decision, booking, reschedule all kept");
    // A time in the past is refused.
    let past = cctv::step(
        f.store(),
        &actor(),
        b,
        &RequestStep::Book {
            at: "2026-11-23 15:00".into(),
            late_reason: String::new(),
        },
    );
    assert!(
        matches!(past, Err(StoreError::Invalid(ref p)) if p[0].message_id() == "field-date-past")
    );
}

#[test]
fn a_deletion_is_a_destruction_row_and_a_refusal_is_not() {
    let (mut f, _) = at_clock(seoul(2026, 11, 24, 10, 0));
    let mut del = request("2026-11-20 10:00", "2026-11-20 11:00");
    del.kind = "delete".into();
    let id = cctv::intake(f.store(), &actor(), &del).unwrap();
    cctv::step(
        f.store(),
        &actor(),
        id,
        &RequestStep::Decide(DecisionInput {
            decision: "approve".into(),
            ..Default::default()
        }),
    )
    .unwrap();
    let v = cctv::step(
        f.store(),
        &actor(),
        id,
        &RequestStep::Delete(DeletionInput {
            deleted: true,
            what: "별관 3번 카메라 10:00-11:00".into(),
            at: "2026-11-24 09:50".into(),
            method: String::new(),
        }),
    );
    assert!(
        matches!(&v, Err(StoreError::Invalid(p)) if p[0].field == "method"),
        "a destruction names its method: {v:?}"
    );
    let v = cctv::step(
        f.store(),
        &actor(),
        id,
        &RequestStep::Delete(DeletionInput {
            deleted: true,
            what: "별관 3번 카메라 10:00-11:00".into(),
            at: "2026-11-24 09:50".into(),
            method: "overwrite".into(),
        }),
    )
    .unwrap();
    assert_eq!(v.ledger.len(), 1);
    assert_eq!(v.ledger[0].kind, LedgerKind::Destruction);
    assert_eq!(
        v.ledger[0].form, "overwrite",
        "the destruction row names the method"
    );
    assert_eq!(v.ledger[0].basis, jeopsu_core::cctv::LegalBasis::Deletion);
}

#[test]
fn every_cctv_read_and_change_is_logged_and_the_review_names_the_request_by_number() {
    let (mut f, _) = at_clock(seoul(2026, 11, 24, 10, 0));
    let id = cctv::intake(
        f.store(),
        &actor(),
        &request("2026-11-20 10:00", "2026-11-20 11:00"),
    )
    .unwrap();
    cctv::open(f.store(), &actor(), id).unwrap();
    cctv::list(f.store(), &actor(), true).unwrap();
    let q = LedgerQuery {
        from: "2026-11-01".parse().unwrap(),
        to: "2026-11-30".parse().unwrap(),
        kind: None,
    };
    cctv::ledger_export(f.store(), &actor(), &q, "csv", "ledger.csv", "월례 점검").unwrap();
    let refused = cctv::ledger_export(f.store(), &actor(), &q, "csv", "ledger.csv", " ");
    assert!(
        matches!(refused, Err(StoreError::Invalid(_))),
        "an export needs its reason"
    );
    let mut setup = cctv::setup(f.store()).unwrap();
    setup.retention = jeopsu_core::cctv::Retention {
        count: 14,
        unit: jeopsu_core::cctv::RetentionUnit::Days,
    };
    cctv::set_setup(f.store(), &actor(), &setup).unwrap();
    assert_eq!(cctv::setup(f.store()).unwrap().retention.count, 14);
    let rows = f.store().audit_list(&actor(), None, None).unwrap();
    let actions: Vec<&str> = rows.iter().map(|r| r.action.as_str()).collect();
    for a in [
        "cctv-request-received",
        "cctv-request-viewed",
        "cctv-opened",
        "cctv-ledger-exported",
        "cctv-setup-changed",
    ] {
        assert!(actions.contains(&a), "{a} missing from {actions:?}");
    }
    let export = rows
        .iter()
        .find(|r| r.action == "cctv-ledger-exported")
        .unwrap();
    assert_eq!(export.reason.as_deref(), Some("월례 점검"));
    // No personal data in the log details.
    assert!(
        rows.iter()
            .all(|r| !r.detail.clone().unwrap_or_default().contains("박영희"))
    );
    // The review names a request by its number, never by the requester, whatever the role.
    for names in [false, true] {
        let page = jeopsu_store::review::query(
            f.store(),
            &actor(),
            &jeopsu_store::review::Filter {
                patient_names: names,
                ..Default::default()
            },
        )
        .unwrap();
        let about: Vec<_> = page
            .rows
            .iter()
            .filter(|r| r.about_kind.as_deref() == Some("cctv-request"))
            .collect();
        assert!(
            about.len() >= 2,
            "received and viewed are about the request: {page:?}"
        );
        for r in about {
            assert_eq!(r.subject.as_deref(), Some(&*format!("cctv-request:{id}")));
            assert_eq!(r.about.as_deref(), Some(&*format!("#{id}")), "{r:?}");
        }
        assert!(
            page.rows
                .iter()
                .all(|r| !r.about.clone().unwrap_or_default().contains("박영희")),
            "{page:?}"
        );
    }
    f.store().verify_audit().unwrap();
}

#[test]
fn a_viewing_booked_after_the_deadline_needs_a_reason_and_shows_as_late() {
    // Received 2026-11-26 10:00: the answer is due 2026-12-06.
    let (mut f, _clock) = at_clock(seoul(2026, 11, 26, 10, 0));
    let id = cctv::intake(
        f.store(),
        &actor(),
        &request("2026-11-20 10:00", "2026-11-20 11:00"),
    )
    .unwrap();
    cctv::step(
        f.store(),
        &actor(),
        id,
        &RequestStep::Decide(DecisionInput {
            decision: "approve".into(),
            ..Default::default()
        }),
    )
    .unwrap();
    let late = |reason: &str| RequestStep::Book {
        at: "2026-12-08 10:00".into(),
        late_reason: reason.into(),
    };
    match cctv::step(f.store(), &actor(), id, &late("")) {
        Err(StoreError::Invalid(p)) => assert_eq!(
            (p[0].field, p[0].message_id()),
            ("late_reason", "field-reason-required")
        ),
        other => panic!("expected the reason to be asked, got {other:?}"),
    }
    let v = cctv::step(f.store(), &actor(), id, &late("청구인 요청: 해외 체류")).unwrap();
    assert!(v.summary.appointment_late, "shows as late");
    assert!(
        v.history.iter().any(|h| matches!(&h.event,
            jeopsu_core::cctv::Event::Booked { late_reason: Some(r), .. } if r == "청구인 요청: 해외 체류")),
        "the reason is in the history"
    );
}

#[test]
fn a_preserved_copy_is_destroyed_by_its_own_due_date_and_the_ledger_says_so() {
    let (mut f, clock) = at_clock(seoul(2026, 11, 26, 10, 0));
    let id = cctv::intake(
        f.store(),
        &actor(),
        &request("2026-11-01 10:00", "2026-11-01 11:00"),
    )
    .unwrap();
    let step = |f: &mut Fixture, s: RequestStep| cctv::step(f.store(), &actor(), id, &s);
    step(
        &mut f,
        RequestStep::Preserved {
            note: "USB 1".into(),
        },
    )
    .unwrap();
    // Destroying it in the future is refused.
    let destroy = RequestStep::CopyDestroyed(jeopsu_core::cctv::CopyDestructionInput {
        at: "2026-11-26 10:30".into(),
        method: "secure-erase".into(),
    });
    assert!(matches!(
        step(&mut f, destroy.clone()),
        Err(StoreError::Invalid(_))
    ));
    let v = step(
        &mut f,
        RequestStep::Decide(DecisionInput {
            decision: "refuse".into(),
            ground: "others-rights".into(),
            ..Default::default()
        }),
    )
    .unwrap();
    // Ended on the 26th: the copy is destroyed within 5 days, and the request stays on the
    // open list until it is.
    assert_eq!(v.summary.status, Status::Closed);
    assert_eq!(v.summary.copy_due.as_deref(), Some("2026-12-01"));
    assert!(!v.summary.copy_overdue);
    *clock.lock().unwrap() = seoul(2026, 12, 2, 9, 0);
    let open = cctv::list(f.store(), &actor(), true).unwrap();
    let s = open.iter().find(|s| s.id == id).expect("still open work");
    assert!(s.copy_overdue, "past its due date");
    let due = jeopsu_store::retention::preview(f.store(), &actor()).unwrap();
    let cctv_due = due
        .iter()
        .find(|d| d.category == jeopsu_core::privacy::Category::CctvRecords)
        .unwrap();
    assert_eq!(cctv_due.waiting, 1, "retention shows the copy to destroy");

    let v = step(
        &mut f,
        RequestStep::CopyDestroyed(jeopsu_core::cctv::CopyDestructionInput {
            at: "2026-12-02 08:30".into(),
            method: "secure-erase".into(),
        }),
    )
    .unwrap();
    assert_eq!(v.summary.copy_due, None);
    let last = v.ledger.last().unwrap();
    assert_eq!(
        (last.kind, last.reason, last.form.as_str()),
        (
            LedgerKind::Destruction,
            LedgerReason::PreservedCopy,
            "secure-erase"
        )
    );
    assert!(
        cctv::list(f.store(), &actor(), true)
            .unwrap()
            .iter()
            .all(|s| s.id != id)
    );
    // Twice is refused.
    assert!(matches!(
        step(&mut f, destroy),
        Err(StoreError::Conflict(_))
    ));
}

#[test]
fn a_delegates_request_keeps_the_person_filmed_and_the_power_of_attorney() {
    let (mut f, _) = at_clock(seoul(2026, 11, 26, 10, 0));
    let input = RequestInput {
        relation: "delegate".into(),
        filmed_name: "김민수".into(),
        filmed_birth: "1950-02-03".into(),
        power_of_attorney: true,
        ..request("2026-11-20 10:00", "2026-11-20 11:00")
    };
    let id = cctv::intake(f.store(), &actor(), &input).unwrap();
    let v = cctv::open(f.store(), &actor(), id).unwrap();
    assert_eq!(v.request.relation, jeopsu_core::cctv::Relation::Delegate);
    assert!(v.request.power_of_attorney);
    assert_eq!(v.request.filmed.unwrap().name, "김민수");
}
