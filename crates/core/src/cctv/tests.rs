#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;
use chrono::NaiveDate;
use rstest::rstest;

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect(s)
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect(s)
}

pub(crate) fn input() -> RequestInput {
    RequestInput {
        kind: "view".into(),
        requester_name: "박영희".into(),
        requester_birth: "1980-03-04".into(),
        requester_address: "서울시 강남구 테헤란로 1".into(),
        requester_phone: "01012345678".into(),
        relation: "subject".into(),
        relation_reason: String::new(),
        footage_from: "2026-11-01 10:00".into(),
        footage_to: "2026-11-01 11:00".into(),
        locations: vec!["별관".into()],
        purpose: "주차장 접촉사고 확인".into(),
        id_check: "id-card".into(),
        id_check_note: String::new(),
        received_at: String::new(),
        filmed_name: String::new(),
        filmed_birth: String::new(),
        power_of_attorney: false,
    }
}

fn fields(r: Result<Request, Vec<P>>) -> Vec<(&'static str, &'static str)> {
    r.expect_err("refused")
        .iter()
        .map(|p| (p.field, p.message_id()))
        .collect()
}

const MONTH: Retention = Retention::POLICY;

fn days(count: u32) -> Retention {
    Retention {
        count,
        unit: RetentionUnit::Days,
    }
}

#[rstest]
// "1 month from the shooting date" is the same day next month, at the same minute.
#[case("2026-11-01 10:00", MONTH, "2026-12-01 10:00")]
// February is shorter than 30 days: footage shot on 1 February is gone on 1 March.
#[case("2026-02-01 09:00", MONTH, "2026-03-01 09:00")]
// Month ends clamp to the last day: 31 January is gone on 28 February, or 29 in a leap year.
#[case("2027-01-31 23:00", MONTH, "2027-02-28 23:00")]
#[case("2028-01-31 23:00", MONTH, "2028-02-29 23:00")]
#[case("2026-03-31 08:00", MONTH, "2026-04-30 08:00")]
// Across the year end.
#[case("2026-12-15 08:30", MONTH, "2027-01-15 08:30")]
// A clinic that counts days keeps counting days.
#[case("2026-11-01 10:00", days(30), "2026-12-01 10:00")]
#[case("2027-01-31 23:00", days(30), "2027-03-02 23:00")]
#[case("2026-02-28 00:00", days(1), "2026-03-01 00:00")]
fn footage_expires_when_its_retention_ends(
    #[case] shot: &str,
    #[case] retention: Retention,
    #[case] expected: &str,
) {
    assert_eq!(retention.expiry(at(shot)), at(expected));
}

#[rstest]
#[case("2026-11-24 09:00", "2026-12-04")]
// The day of receipt is not counted; late at night is still that day.
#[case("2026-11-24 23:59", "2026-12-04")]
#[case("2027-01-25 10:00", "2027-02-04")]
#[case("2027-02-25 10:00", "2027-03-07")]
#[case("2028-02-25 10:00", "2028-03-06")]
#[case("2026-12-28 10:00", "2027-01-07")]
fn answer_is_due_ten_days_after_receipt(#[case] received: &str, #[case] due: &str) {
    assert_eq!(answer_due(at(received)), day(due));
}

#[test]
fn days_left_counts_to_the_due_date_and_goes_negative_after() {
    let due = day("2026-12-04");
    assert_eq!(days_left(due, at("2026-11-24 09:00")), 10);
    assert_eq!(days_left(due, at("2026-12-04 23:59")), 0);
    assert_eq!(days_left(due, at("2026-12-05 00:00")), -1);
}

#[test]
fn footage_25_days_old_is_urgent_before_a_ten_day_deadline() {
    let now = at("2026-11-26 10:00");
    let o = outlook(
        at("2026-11-01 10:00"),
        at("2026-11-01 11:00"),
        MONTH,
        now,
        end_of(answer_due(now)),
    );
    assert!(o.urgent && !o.gone && !o.partly_gone, "{o:?}");
    assert_eq!(o.first_expiry, "2026-12-01 10:00");
}

#[test]
fn footage_is_gone_at_the_month_edge_and_not_a_minute_before() {
    let (from, to) = (at("2026-10-01 09:00"), at("2026-10-01 10:00"));
    let needed = at("2026-11-20 00:00");
    let day_30 = outlook(from, to, MONTH, at("2026-10-31 10:00"), needed);
    assert!(
        !day_30.gone && !day_30.partly_gone,
        "October has 31 days: still there on day 30: {day_30:?}"
    );
    let before = outlook(from, to, MONTH, at("2026-11-01 09:59"), needed);
    assert!(
        !before.gone && before.partly_gone && before.urgent,
        "{before:?}"
    );
    let edge = outlook(from, to, MONTH, at("2026-11-01 10:00"), needed);
    assert!(edge.gone && !edge.urgent, "{edge:?}");
    // In February the month is 28 days: gone on 1 March, when 30 days would say 3 March.
    let feb = outlook(
        at("2026-02-01 10:00"),
        at("2026-02-01 11:00"),
        MONTH,
        at("2026-03-01 11:00"),
        at("2026-03-10 00:00"),
    );
    assert!(feb.gone, "{feb:?}");
}

#[test]
fn recent_footage_is_not_urgent_unless_the_appointment_is_late() {
    let now = at("2026-11-24 10:00");
    let (from, to) = (at("2026-11-20 10:00"), at("2026-11-20 11:00"));
    let due_end = end_of(answer_due(now));
    assert!(!outlook(from, to, MONTH, now, due_end).urgent);
    // An appointment after the footage expires (20 December 10:00) makes it urgent.
    assert!(outlook(from, to, MONTH, now, at("2026-12-21 14:00")).urgent);
}

#[test]
fn a_good_request_is_cleaned() {
    let r = input()
        .validate(
            &CctvSetup::policy_defaults().locations,
            at("2026-11-24 10:00"),
        )
        .expect("valid");
    assert_eq!(r.requester_phone, "010-1234-5678");
    assert_eq!(
        r.received_at.to_string(),
        "2026-11-24 10:00",
        "empty receipt time = now"
    );
    assert_eq!(r.kind, RequestKind::View);
    assert_eq!(
        footage_label(&r),
        "2026-11-01 10:00 ~ 2026-11-01 11:00 (별관)"
    );
}

#[test]
fn every_bad_field_is_named() {
    let locs = CctvSetup::policy_defaults().locations;
    let now = at("2026-11-24 10:00");
    let bad = RequestInput {
        kind: "watch".into(),
        requester_name: String::new(),
        requester_birth: "2030-01-01".into(),
        requester_address: " ".into(),
        requester_phone: "12".into(),
        relation: "other".into(),
        relation_reason: String::new(),
        footage_from: "2026-11-02 10:00".into(),
        footage_to: "2026-11-01 10:00".into(),
        locations: vec!["지하".into()],
        purpose: String::new(),
        id_check: "other".into(),
        id_check_note: String::new(),
        received_at: "2026-11-25 10:00".into(),
        ..input()
    };
    assert_eq!(
        fields(bad.validate(&locs, now)),
        [
            ("kind", "field-choose-one"),
            ("requester_name", "field-required"),
            ("requester_birth", "field-date-future"),
            ("requester_address", "field-required"),
            ("requester_phone", "field-phone-format"),
            ("relation_reason", "field-required"),
            ("received_at", "field-date-future"),
            ("footage_to", "field-range-order"),
            ("locations", "field-location-unknown"),
            ("purpose", "field-required"),
            ("id_check_note", "field-required"),
        ]
    );
    let mut future = input();
    future.footage_to = "2026-11-24 10:01".into();
    assert_eq!(
        fields(future.validate(&locs, now)),
        [("footage_to", "field-date-future")],
        "footage cannot be asked for before it is shot"
    );
    let mut none = input();
    none.locations.clear();
    assert_eq!(
        fields(none.validate(&locs, now)),
        [("locations", "field-required")]
    );
}

fn approved(d: Decision) -> Event {
    Event::Decided(DecisionRecord {
        decision: d,
        ground: None,
        ground_text: None,
    })
}

fn viewing(masked: bool, copy: bool) -> ViewingRecord {
    ViewingRecord {
        viewer: "박영희".into(),
        staff_present: "하은환".into(),
        at: "2026-11-28 14:00".into(),
        shown: "별관 10:00-11:00".into(),
        masked,
        copy_given: copy,
        copy_form: copy.then(|| "USB".into()),
        copy_reason: copy.then(|| "보험 청구".into()),
        copy_period: copy.then(|| "목적 달성 시까지".into()),
        approved_by: "하은환".into(),
    }
}

#[test]
fn a_viewing_request_goes_from_intake_to_closed() {
    let mut events = vec![];
    let step = |events: &mut Vec<Event>, e: Event| {
        Progress::fold(RequestKind::View, events.iter())
            .check(RequestKind::View, &e)
            .expect("step follows");
        events.push(e);
    };
    let p = Progress::fold(RequestKind::View, events.iter());
    assert_eq!(p.status, Status::Received);
    assert!(p.unanswered());
    assert_eq!(
        p.check(
            RequestKind::View,
            &Event::Booked {
                at: "x".into(),
                late_reason: None
            }
        ),
        Err(StepRefused::NotApproved)
    );
    step(
        &mut events,
        Event::PreservationAsked {
            expires: "2026-12-01 10:00".into(),
        },
    );
    step(
        &mut events,
        Event::Preserved {
            note: "USB 보관".into(),
        },
    );
    step(&mut events, approved(Decision::ApproveMasked));
    step(
        &mut events,
        Event::Booked {
            at: "2026-11-28 14:00".into(),
            late_reason: None,
        },
    );
    step(
        &mut events,
        Event::NoShow {
            at: "2026-11-28 14:00".into(),
        },
    );
    let p = Progress::fold(RequestKind::View, events.iter());
    assert_eq!((p.status, p.appointment.clone()), (Status::NoShow, None));
    assert_eq!(
        p.check(RequestKind::View, &Event::Viewed(viewing(true, false))),
        Err(StepRefused::NotBooked)
    );
    step(
        &mut events,
        Event::Booked {
            at: "2026-11-29 14:00".into(),
            late_reason: None,
        },
    );
    step(&mut events, Event::Viewed(viewing(true, false)));
    let p = Progress::fold(RequestKind::View, events.iter());
    assert_eq!(p.status, Status::Closed);
    assert_eq!(p.preservation, Preservation::Done);
    assert_eq!(
        p.check(
            RequestKind::View,
            &Event::Booked {
                at: "x".into(),
                late_reason: None
            }
        ),
        Err(StepRefused::Closed)
    );
    assert_eq!(
        p.check(RequestKind::View, &approved(Decision::Refuse)),
        Err(StepRefused::AlreadyDecided)
    );
}

#[test]
fn steps_that_do_not_fit_the_kind_are_refused() {
    let p = Progress::fold(RequestKind::Delete, [&approved(Decision::Approve)]);
    assert_eq!(
        p.check(
            RequestKind::Delete,
            &Event::Booked {
                at: "x".into(),
                late_reason: None
            }
        ),
        Err(StepRefused::WrongKind)
    );
    let refused = Progress::fold(RequestKind::View, [&approved(Decision::Refuse)]);
    assert_eq!(refused.status, Status::Closed);
    let confirm = Progress::fold(RequestKind::Confirm, [&approved(Decision::Approve)]);
    assert_eq!(
        confirm.status,
        Status::Closed,
        "confirming existence is the answer"
    );
}

#[test]
fn ledger_rows_follow_what_was_done() {
    let r = input()
        .validate(
            &CctvSetup::policy_defaults().locations,
            at("2026-11-24 10:00"),
        )
        .expect("valid");
    let kinds = |e: &Event| -> Vec<(LedgerKind, LedgerReason)> {
        ledger_rows_for(7, &r, e, "2026-11-24 10:05")
            .iter()
            .map(|d| (d.kind, d.reason))
            .collect()
    };
    assert_eq!(
        kinds(&Event::Preserved {
            note: String::new()
        }),
        [(LedgerKind::Use, LedgerReason::Preserve)]
    );
    assert_eq!(
        kinds(&Event::Viewed(viewing(true, true))),
        [
            (LedgerKind::Use, LedgerReason::Mask),
            (LedgerKind::Viewing, LedgerReason::View),
            (LedgerKind::Provision, LedgerReason::Copy)
        ]
    );
    assert_eq!(
        kinds(&Event::Viewed(viewing(false, false))),
        [(LedgerKind::Viewing, LedgerReason::View)]
    );
    assert!(kinds(&approved(Decision::Approve)).is_empty());
    let rows = ledger_rows_for(7, &r, &Event::Viewed(viewing(false, true)), "");
    assert_eq!(rows[1].form, "USB");
    assert_eq!(rows[1].basis, LegalBasis::Access);
    assert_eq!(rows[1].request_id, Some(7));
}

#[test]
fn decisions_need_a_ground_to_refuse() {
    let refuse = DecisionInput {
        decision: "refuse".into(),
        ..Default::default()
    };
    assert_eq!(
        refuse.validate().expect_err("no ground")[0].message_id(),
        "field-choose-one"
    );
    let other = DecisionInput {
        decision: "refuse".into(),
        ground: "other".into(),
        ground_text: String::new(),
    };
    assert_eq!(
        other.validate().expect_err("no text")[0].field,
        "ground_text"
    );
    let ok = DecisionInput {
        decision: "approve-masked".into(),
        ground: "others-rights".into(),
        ground_text: String::new(),
    }
    .validate()
    .expect("valid");
    assert_eq!(ok.ground, None, "an approval carries no refusal ground");
}

#[test]
fn appointments_are_in_the_future_and_conflict_within_30_minutes() {
    let now = at("2026-11-24 10:00");
    assert_eq!(
        appointment_at("2026-11-25T14:00", now).expect("ok"),
        "2026-11-25 14:00"
    );
    assert_eq!(
        appointment_at("2026-11-24 09:00", now).expect_err("past")[0].message_id(),
        "field-date-past"
    );
    assert!(appointments_conflict(
        at("2026-11-25 14:00"),
        at("2026-11-25 14:29")
    ));
    assert!(!appointments_conflict(
        at("2026-11-25 14:00"),
        at("2026-11-25 14:30")
    ));
}

#[test]
fn the_setup_defaults_are_the_policy_and_bad_values_are_named() {
    let d = CctvSetup::policy_defaults();
    assert_eq!(d.total_cameras(), 87, "20 + 23 + 13 + 15 + 16");
    assert!(d.normalised().is_ok());
    let mut bad = d.clone();
    bad.retention.count = 0;
    bad.locations.push(bad.locations[0].clone());
    bad.access.clear();
    let got: Vec<_> = bad
        .normalised()
        .expect_err("bad")
        .iter()
        .map(|p| (p.field, p.message_id()))
        .collect();
    assert_eq!(
        got,
        [
            ("locations", "field-location-repeated"),
            ("access", "field-required"),
            ("retention", "field-number-range")
        ]
    );
}

#[test]
fn a_viewing_with_a_copy_needs_its_form_reason_and_period() {
    let v = ViewingInput {
        viewer: "박영희".into(),
        staff_present: "하은환".into(),
        at: "2026-11-24 09:00".into(),
        shown: "별관".into(),
        masked: true,
        copy_given: true,
        approved_by: "하은환".into(),
        ..Default::default()
    };
    let got: Vec<_> = v
        .validate(at("2026-11-24 10:00"))
        .expect_err("copy fields")
        .iter()
        .map(|p| p.field)
        .collect();
    assert_eq!(got, ["copy_form", "copy_reason", "copy_period"]);
    let no_copy = ViewingInput {
        copy_given: false,
        copy_form: "USB".into(),
        ..v
    };
    let ok = no_copy.validate(at("2026-11-24 10:00")).expect("valid");
    assert_eq!(ok.copy_form, None, "no copy given, no copy form kept");
}

#[test]
fn serde_names_are_the_stored_names() {
    fn check<T: Serialize>(all: &[T], name: impl Fn(&T) -> &'static str) {
        for v in all {
            assert_eq!(
                serde_json::to_value(v).expect("json"),
                serde_json::json!(name(v))
            );
        }
    }
    check(RequestKind::ALL, |v| v.as_str());
    check(Relation::ALL, |v| v.as_str());
    check(IdCheck::ALL, |v| v.as_str());
    check(Decision::ALL, |v| v.as_str());
    check(RefusalGround::ALL, |v| v.as_str());
    check(Status::ALL, |v| v.as_str());
    check(Preservation::ALL, |v| v.as_str());
    check(LedgerKind::ALL, |v| v.as_str());
    check(LedgerReason::ALL, |v| v.as_str());
    check(LegalBasis::ALL, |v| v.as_str());
}

#[test]
fn camera_places_the_law_forbids_or_needs_consent_for_are_named() {
    let s = CctvSetup::policy_defaults();
    let w = s.warnings();
    // The policy's own range lists 탈의실 and the consulting rooms for every floor.
    for floor in ["별관", "5층", "2층"] {
        for concern in [PlaceConcern::ChangingRoom, PlaceConcern::ConsultingRoom] {
            assert!(
                w.contains(&CameraWarning {
                    location: floor.into(),
                    concern
                }),
                "{floor}: {concern:?} in {w:?}"
            );
        }
    }
    let mut plain = s.clone();
    plain.locations = vec![Location {
        name: "1층 Restroom corridor".into(),
        cameras: 1,
        range: "출입구".into(),
    }];
    assert_eq!(
        plain.warnings(),
        [CameraWarning {
            location: "1층 Restroom corridor".into(),
            concern: PlaceConcern::Restroom
        }]
    );
    plain.locations[0].name = "주차장".into();
    assert!(plain.warnings().is_empty(), "a car park is no concern");
}

#[test]
fn a_viewing_after_the_ten_days_needs_a_reason_and_shows_as_late() {
    let received = at("2026-11-24 09:00"); // due 2026-12-04
    let now = at("2026-11-25 10:00");
    // On the due date: no reason asked.
    assert_eq!(
        booking("2026-12-04 16:00", "", received, now),
        Ok(Event::Booked {
            at: "2026-12-04 16:00".into(),
            late_reason: None
        })
    );
    // The day after: refused without a reason, recorded with one.
    let refused = booking("2026-12-05 10:00", "", received, now).unwrap_err();
    assert_eq!(
        refused
            .iter()
            .map(|p| (p.field, p.message_id()))
            .collect::<Vec<_>>(),
        [("late_reason", "field-reason-required")]
    );
    let late = booking("2026-12-05 10:00", " 청구인이 해외 출장 중 ", received, now).unwrap();
    assert_eq!(
        late,
        Event::Booked {
            at: "2026-12-05 10:00".into(),
            late_reason: Some("청구인이 해외 출장 중".into())
        }
    );
    let p = Progress::fold(RequestKind::View, [&approved(Decision::Approve), &late]);
    assert!(p.appointment_late, "shows as late");
    // A reschedule within the deadline is on time again.
    let on_time = booking("2026-12-03 10:00", "", received, now).unwrap();
    let p = Progress::fold(
        RequestKind::View,
        [&approved(Decision::Approve), &late, &on_time],
    );
    assert!(!p.appointment_late);
}

#[test]
fn a_representative_or_a_delegate_names_the_person_filmed_and_a_delegate_shows_a_power_of_attorney()
{
    let locs = CctvSetup::policy_defaults().locations;
    let now = at("2026-11-24 10:00");
    let delegate = RequestInput {
        relation: "delegate".into(),
        ..input()
    };
    assert_eq!(
        fields(delegate.validate(&locs, now)),
        [
            ("filmed_name", "field-required"),
            ("filmed_birth", "field-required"),
            ("power_of_attorney", "field-power-of-attorney"),
        ]
    );
    let ok = RequestInput {
        filmed_name: "김민수".into(),
        filmed_birth: "1950-02-03".into(),
        power_of_attorney: true,
        ..delegate
    }
    .validate(&locs, now)
    .unwrap();
    assert_eq!(ok.filmed.unwrap().name, "김민수");
    assert!(ok.power_of_attorney);
    // The person themself: nothing of the kind is kept, whatever was typed.
    let own = RequestInput {
        filmed_name: "stale".into(),
        power_of_attorney: true,
        ..input()
    }
    .validate(&locs, now)
    .unwrap();
    assert_eq!((own.filmed, own.power_of_attorney), (None, false));
}

/// What the screen offers is what the store accepts: `allowed` lists exactly the steps
/// `check` lets follow, at each point of a viewing request's life.
#[test]
fn the_steps_offered_are_the_steps_that_follow_at_each_point_of_a_viewing() {
    use StepKind as S;
    let booked = Event::Booked {
        at: "2026-11-28 14:00".into(),
        late_reason: None,
    };
    let lives = [
        (vec![], vec![S::Preserve, S::Decide]),
        (
            vec![Event::PreservationAsked {
                expires: "2026-11-30".into(),
            }],
            vec![S::Preserve, S::Decide],
        ),
        (
            vec![approved(Decision::Approve)],
            vec![S::Preserve, S::Book],
        ),
        (
            vec![approved(Decision::Approve), booked.clone()],
            vec![S::Preserve, S::Book, S::NoShow, S::View],
        ),
        (
            vec![
                approved(Decision::Approve),
                booked.clone(),
                Event::Viewed(viewing(false, false)),
            ],
            vec![S::Preserve],
        ),
        (vec![approved(Decision::Refuse)], vec![S::Preserve]),
    ];
    for (events, offered) in lives {
        let p = Progress::fold(RequestKind::View, events.iter());
        assert_eq!(p.allowed(RequestKind::View), offered, "after {events:?}");
    }
    // A deletion request is offered the deletion once approved, never a booking.
    let p = Progress::fold(RequestKind::Delete, [&approved(Decision::Approve)]);
    assert_eq!(p.allowed(RequestKind::Delete), vec![S::Preserve, S::Delete]);
}

#[test]
fn footage_is_needed_until_the_answer_is_due_or_a_later_viewing() {
    let received = at("2026-11-02 09:00");
    let due_end = needed_until(received, None);
    assert_eq!(
        due_end,
        crate::time::end_of(crate::time::answer_due(received))
    );
    assert_eq!(
        needed_until(received, Some(at("2026-11-03 10:00"))),
        due_end
    );
    let later = due_end + chrono::Duration::days(3);
    assert_eq!(needed_until(received, Some(later)), later);
}
