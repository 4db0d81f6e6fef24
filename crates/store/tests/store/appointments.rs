use crate::common::{Fixture, actor};
use crate::patients::{person, register};
use chrono::{TimeZone, Utc};
use jeopsu_core::appointment::{AppointmentInput, AppointmentStatus};
use jeopsu_core::visit::IdCheckInput;
use jeopsu_store::patients::{self, Duplicates};
use jeopsu_store::visits::{self, CheckinInput};
use jeopsu_store::{StoreError, appointments};
use std::sync::{Arc, Mutex};

fn seoul(y: i32, m: u32, d: u32, h: u32, min: u32) -> chrono::DateTime<Utc> {
    chrono_tz::Asia::Seoul
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn at(t: &str, room: &str) -> AppointmentInput {
    AppointmentInput {
        at: t.into(),
        room: room.into(),
        ..Default::default()
    }
}

#[test]
fn a_booking_clashes_in_its_room_moves_as_a_new_row_and_links_the_visit() {
    let mut f = Fixture::new();
    let clock = Arc::new(Mutex::new(seoul(2026, 11, 25, 9, 0)));
    let c = clock.clone();
    f.store().set_clock(Box::new(move || *c.lock().unwrap()));
    let a = register(
        f.store(),
        &actor(),
        &person(
            "김하나",
            "1980-01-01",
            "800101-1234567",
            "M",
            "010-1111-2222",
        ),
        Duplicates::Ask,
    )
    .unwrap()
    .id;
    let b = register(
        f.store(),
        &actor(),
        &person(
            "박두리",
            "1981-02-02",
            "810202-1234567",
            "M",
            "010-3333-4444",
        ),
        Duplicates::Ask,
    )
    .unwrap()
    .id;
    // The past is refused.
    assert!(matches!(
        appointments::book(f.store(), &actor(), a, &at("2026-11-25 08:59", ""), None),
        Err(StoreError::Invalid(p)) if p[0].message_id() == "field-appointment-past"
    ));
    let first = appointments::book(
        f.store(),
        &actor(),
        a,
        &at("2026-11-25 10:00", "1진료실"),
        None,
    )
    .unwrap();
    let second = appointments::book(
        f.store(),
        &actor(),
        b,
        &at("2026-11-25 10:10", "1진료실"),
        None,
    )
    .unwrap();
    assert_eq!(
        second.clashes,
        [first.id],
        "the same room at an overlapping time"
    );
    let other_room = appointments::book(
        f.store(),
        &actor(),
        b,
        &at("2026-11-25 10:10", "2진료실"),
        Some(second.id),
    )
    .unwrap();
    assert!(other_room.clashes.is_empty());
    assert_eq!(other_room.replaces, Some(second.id));
    let day = appointments::day(f.store(), &actor(), None).unwrap();
    let statuses: Vec<_> = day.iter().map(|r| (r.id, r.status)).collect();
    assert_eq!(
        statuses,
        [
            (first.id, AppointmentStatus::Booked),
            (second.id, AppointmentStatus::Rescheduled),
            (other_room.id, AppointmentStatus::Booked)
        ]
    );
    // The week view holds the next 7 days; the day view only today.
    let later =
        appointments::book(f.store(), &actor(), a, &at("2026-12-01 10:00", ""), None).unwrap();
    let week = appointments::range(f.store(), &actor(), None, 7).unwrap();
    assert!(week.iter().any(|r| r.id == later.id));
    let eighth =
        appointments::book(f.store(), &actor(), a, &at("2026-12-02 10:00", ""), None).unwrap();
    let week = appointments::range(f.store(), &actor(), None, 7).unwrap();
    assert!(
        !week.iter().any(|r| r.id == eighth.id),
        "the 8th day is outside"
    );
    assert!(
        !appointments::day(f.store(), &actor(), None)
            .unwrap()
            .iter()
            .any(|r| r.id == later.id)
    );
    // Arrival: the check-in hint offers today's booking and the visit names it.
    *clock.lock().unwrap() = seoul(2026, 11, 25, 9, 55);
    let hint = visits::checkin_hint(f.store(), a).unwrap();
    assert_eq!(hint.appointment.as_ref().map(|r| r.id), Some(first.id));
    let v = visits::checkin(
        f.store(),
        &actor(),
        a,
        &CheckinInput {
            id_check: IdCheckInput {
                method: "id-card".into(),
                reason: String::new(),
            },
            appointment_id: Some(first.id),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(v.appointment_id, Some(first.id));
    let rec = patients::open(f.store(), &actor(), a).unwrap();
    assert_eq!(rec.appointments[0].status, AppointmentStatus::Arrived);
    // Someone else's booking cannot be linked; a cancelled one cannot be cancelled again.
    assert!(appointments::cancel(f.store(), &actor(), other_room.id).is_ok());
    assert!(matches!(
        appointments::cancel(f.store(), &actor(), other_room.id),
        Err(StoreError::Conflict(_))
    ));
    for sql in [
        "UPDATE appointments SET at = '2026-11-25 11:00'",
        "DELETE FROM appointment_events",
    ] {
        assert!(f.store().conn().execute(sql, []).is_err(), "{sql}");
    }
    f.store().verify_audit().unwrap();
}

#[test]
fn a_phone_booking_keeps_a_name_and_mobile_until_the_caller_registers_at_arrival() {
    use jeopsu_core::appointment::CallerInput;
    let mut f = Fixture::new();
    f.store().set_clock(Box::new(|| seoul(2026, 11, 25, 9, 0)));
    let caller = CallerInput {
        name: "최전화".into(),
        mobile: "010-7777-8888".into(),
    };
    // No RRN, no birth date: a name and a mobile, checked.
    assert!(matches!(
        appointments::book_caller(
            f.store(),
            &actor(),
            &CallerInput { mobile: "02-123-4567".into(), ..caller.clone() },
            &at("2026-11-25 11:00", "")
        ),
        Err(StoreError::Invalid(p)) if p[0].field == "caller_mobile"
    ));
    let b = appointments::book_caller(f.store(), &actor(), &caller, &at("2026-11-25 11:00", ""))
        .unwrap();
    assert_eq!((b.patient_id, b.name.as_str()), (None, "최전화"));
    assert_eq!(b.caller_mobile.as_deref(), Some("010-7777-8888"));
    // At arrival they register through the normal form; the booking is linked, once.
    let id = register(
        f.store(),
        &actor(),
        &person(
            "최전화",
            "1975-05-05",
            "750505-1234567",
            "M",
            "010-7777-8888",
        ),
        Duplicates::Ask,
    )
    .unwrap()
    .id;
    let linked = appointments::link(f.store(), &actor(), b.id, id).unwrap();
    assert_eq!(linked.patient_id, Some(id));
    assert_eq!(
        linked.caller_mobile, None,
        "the record holds the mobile now"
    );
    assert!(appointments::link(f.store(), &actor(), b.id, id).is_err());
    assert_eq!(
        visits::checkin_hint(f.store(), id)
            .unwrap()
            .appointment
            .map(|a| a.id),
        Some(b.id),
        "check-in offers the linked booking"
    );
    f.store().verify_audit().unwrap();
}

#[test]
fn a_destroyed_patient_takes_their_bookings_and_linked_phone_bookings_along() {
    use jeopsu_core::appointment::CallerInput;
    let mut f = Fixture::new();
    let clock = Arc::new(Mutex::new(seoul(2020, 3, 2, 9, 0)));
    let c = clock.clone();
    f.store().set_clock(Box::new(move || *c.lock().unwrap()));
    let phoned = appointments::book_caller(
        f.store(),
        &actor(),
        &CallerInput {
            name: "최전화".into(),
            mobile: "010-7777-8888".into(),
        },
        &at("2020-03-02 11:00", ""),
    )
    .unwrap();
    let id = register(
        f.store(),
        &actor(),
        &person(
            "최전화",
            "1975-05-05",
            "750505-1234567",
            "M",
            "010-7777-8888",
        ),
        Duplicates::Ask,
    )
    .unwrap()
    .id;
    appointments::link(f.store(), &actor(), phoned.id, id).unwrap();
    // Moved after linking: the new booking names the linked one.
    appointments::book(
        f.store(),
        &actor(),
        id,
        &at("2020-03-03 10:00", ""),
        Some(phoned.id),
    )
    .unwrap();
    *clock.lock().unwrap() = seoul(2026, 11, 25, 9, 0);
    crate::common::run_retention(f.store()).unwrap();
    let left: i64 = f
        .store()
        .conn()
        .query_row(
            "SELECT (SELECT count(*) FROM appointments) + (SELECT count(*) FROM appointment_links)
                  + (SELECT count(*) FROM appointment_events)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(left, 0);
    assert!(patients::open(f.store(), &actor(), id).is_err());
}

#[test]
fn a_phone_booking_nobody_came_for_goes_after_the_clinics_period() {
    use jeopsu_core::appointment::CallerInput;
    use jeopsu_core::privacy::Category;
    let mut f = Fixture::new();
    let clock = Arc::new(Mutex::new(seoul(2026, 1, 10, 9, 0)));
    let c = clock.clone();
    f.store().set_clock(Box::new(move || *c.lock().unwrap()));
    let caller = CallerInput {
        name: "최전화".into(),
        mobile: "010-7777-8888".into(),
    };
    let b = appointments::book_caller(f.store(), &actor(), &caller, &at("2026-01-12 11:00", ""))
        .unwrap();
    // Six calendar months from the booked day: still kept on 12 July, gone after.
    *clock.lock().unwrap() = seoul(2026, 7, 12, 9, 0);
    let due = jeopsu_store::retention::preview(f.store(), &actor()).unwrap();
    let list = due
        .iter()
        .find(|d| d.category == Category::PatientList)
        .unwrap();
    assert_eq!(list.phone_bookings, 0);
    *clock.lock().unwrap() = seoul(2026, 7, 13, 9, 0);
    let due = jeopsu_store::retention::preview(f.store(), &actor()).unwrap();
    let list = due
        .iter()
        .find(|d| d.category == Category::PatientList)
        .unwrap();
    assert_eq!(list.phone_bookings, 1);
    assert!(jeopsu_store::retention::anything_due(f.store()).unwrap());
    crate::common::run_retention(f.store()).unwrap();
    assert!(matches!(
        appointments::cancel(f.store(), &actor(), b.id),
        Err(StoreError::NotFound(_))
    ));
    let log = jeopsu_store::retention::log(f.store()).unwrap();
    let row = log.iter().find(|d| d.category == "phone-bookings").unwrap();
    assert_eq!((row.count, row.oldest.as_deref()), (1, Some("2026-01-12")));
    // The clinic may keep them longer; outside 1-24 months is refused.
    assert!(jeopsu_store::settings::set_phone_booking_months(f.store(), &actor(), 25).is_err());
    f.store().verify_audit().unwrap();
}

/// A destroyed patient's id is never given again: the access log keeps its rows about
/// `patient:<id>`, and a new patient with that id would inherit them in the review and in
/// their own export.
#[test]
fn a_new_patient_never_gets_a_destroyed_patients_id_nor_its_log_rows() {
    let mut f = Fixture::new();
    let old = crate::privacy::destroyed_patient(&mut f, seoul(2020, 3, 2, 9, 0), |_, _| {});
    let new = crate::privacy::new_patient(&mut f);
    assert!(new > old, "a new id: {new} after {old}");
    let export = crate::privacy::subject_copy(&mut f, new);
    assert!(
        export.access_log.iter().all(|r| r.at.starts_with("2026")),
        "only the new patient's rows: {:?}",
        export.access_log
    );
}
