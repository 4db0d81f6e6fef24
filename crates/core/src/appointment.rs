//! Appointments (예약): a time, a length and a room for a patient; a clash with another booking
//! of the same room is shown, a time in the past refused. Nothing is overwritten: a cancellation,
//! a no-show or an arrival is an event, and a reschedule is a new booking that names the old one.

use crate::field::FieldMessage;
use crate::field::{FieldProblem as P, minute, minute_text, text};
use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};

/// The usual length of an appointment, in minutes.
pub const DEFAULT_MINUTES: u32 = 15;
/// The lengths a booking may have, in minutes.
pub const MINUTES: std::ops::RangeInclusive<u32> = 5..=240;

word_enum!(
    /// Where a booking stands.
    AppointmentStatus {
        /// Booked and still to come.
        Booked = "booked",
        /// The patient came and was checked in (the visit names the booking).
        Arrived = "arrived",
        /// Cancelled, by the patient or the clinic.
        Cancelled = "cancelled",
        /// The patient did not come.
        NoShow = "no-show",
        /// Moved to another time (the new booking names this one).
        Rescheduled = "rescheduled",
    }
);

impl AppointmentStatus {
    /// Whether the booking still holds its time.
    pub fn holds_time(self) -> bool {
        self == AppointmentStatus::Booked
    }
}

/// A booking as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AppointmentInput {
    /// `YYYY-MM-DD HH:MM`, Seoul time.
    pub at: String,
    /// Empty: [`DEFAULT_MINUTES`].
    #[serde(default)]
    pub minutes: String,
    /// A room the admin keeps; empty for none.
    #[serde(default)]
    pub room: String,
    /// A note for the desk (what the visit is for); may be empty.
    #[serde(default)]
    pub note: String,
}

/// A checked booking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appointment {
    /// When, Seoul time.
    pub at: NaiveDateTime,
    /// How long, in minutes, within [`MINUTES`].
    pub minutes: u32,
    /// The room, one of those the admin keeps.
    pub room: Option<String>,
    /// The note, trimmed; `None` when empty.
    pub note: Option<String>,
}

impl AppointmentInput {
    /// Checks the booking at Seoul time `now` against the `rooms` the admin keeps.
    pub fn validate(&self, now: NaiveDateTime, rooms: &[String]) -> Result<Appointment, Vec<P>> {
        let mut bad = vec![];
        let at = match minute("at", &self.at) {
            Ok(t) if t < now => {
                bad.push(P::new("at", FieldMessage::AppointmentPast));
                None
            }
            Ok(t) => Some(t),
            Err(p) => {
                bad.push(p);
                None
            }
        };
        let minutes = if self.minutes.trim().is_empty() {
            Some(DEFAULT_MINUTES)
        } else {
            match self.minutes.trim().parse::<u32>() {
                Ok(m) if MINUTES.contains(&m) => Some(m),
                _ => {
                    bad.push(
                        P::new("minutes", FieldMessage::NumberRange)
                            .arg("min", *MINUTES.start())
                            .arg("max", *MINUTES.end()),
                    );
                    None
                }
            }
        };
        let room = text("room", &self.room, 40, false)
            .map_err(|p| bad.push(p))
            .ok()
            .flatten();
        if let Some(r) = &room
            && !rooms.contains(r)
        {
            bad.push(P::new("room", FieldMessage::ChooseOne));
        }
        let note = text("note", &self.note, 200, false)
            .map_err(|p| bad.push(p))
            .ok()
            .flatten();
        match (at, minutes) {
            (Some(at), Some(minutes)) if bad.is_empty() => Ok(Appointment {
                at,
                minutes,
                room,
                note,
            }),
            _ => Err(bad),
        }
    }
}

/// Someone not yet registered booking by phone: a name and a mobile number only (never an RRN
/// by phone). They register at arrival through the normal form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CallerInput {
    /// The caller's name as they give it.
    pub name: String,
    /// The caller's mobile number, as typed.
    pub mobile: String,
}

/// A checked caller: the name as written, the mobile normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// The name, checked as a patient's name is.
    pub name: String,
    /// The mobile number, normalised (`010-1234-5678`).
    pub mobile: String,
}

impl CallerInput {
    /// Checks the caller: a name and a mobile number, each as registration checks them.
    pub fn validate(&self) -> Result<Caller, Vec<P>> {
        let mut bad = vec![];
        let name = crate::patient::parse_name(&self.name)
            .map_err(|mut p| {
                p.field = "caller_name";
                bad.push(p)
            })
            .ok();
        let mobile = match crate::patient::phone::Phone::parse(&self.mobile) {
            Some(p) if p.is_mobile() => Some(p.as_str().to_string()),
            Some(_) => {
                bad.push(P::new("caller_mobile", FieldMessage::MobileNotMobile));
                None
            }
            None if self.mobile.trim().is_empty() => {
                bad.push(P::new("caller_mobile", FieldMessage::Required));
                None
            }
            None => {
                bad.push(P::new("caller_mobile", FieldMessage::PhoneFormat));
                None
            }
        };
        match (name, mobile) {
            (Some(name), Some(mobile)) if bad.is_empty() => Ok(Caller { name, mobile }),
            _ => Err(bad),
        }
    }
}

/// Whether two bookings overlap in time (`[start, start + minutes)` each).
pub fn overlaps(a: NaiveDateTime, a_minutes: u32, b: NaiveDateTime, b_minutes: u32) -> bool {
    a < b + Duration::minutes(i64::from(b_minutes))
        && b < a + Duration::minutes(i64::from(a_minutes))
}

/// The written form of a booking's time.
pub fn at_text(at: NaiveDateTime) -> String {
    minute_text(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn a_booking_is_in_the_future_in_a_known_room_and_of_a_sane_length() {
        let now = t("2026-11-25 10:00");
        let rooms = vec!["1진료실".to_string()];
        let ok = AppointmentInput {
            at: "2026-11-25 10:00".into(),
            room: "1진료실".into(),
            ..Default::default()
        }
        .validate(now, &rooms)
        .unwrap();
        assert_eq!(ok.minutes, DEFAULT_MINUTES);
        let bad = AppointmentInput {
            at: "2026-11-25 09:59".into(),
            minutes: "300".into(),
            room: "3진료실".into(),
            ..Default::default()
        }
        .validate(now, &rooms)
        .unwrap_err();
        let got: Vec<_> = bad.iter().map(|p| (p.field, p.message_id())).collect();
        assert_eq!(
            got,
            [
                ("at", "field-appointment-past"),
                ("minutes", "field-number-range"),
                ("room", "field-choose-one")
            ]
        );
    }

    #[test]
    fn a_phone_booking_takes_a_name_and_a_mobile_number_only() {
        let ok = CallerInput {
            name: " 김 민수 ".into(),
            mobile: "01012345678".into(),
        }
        .validate()
        .unwrap();
        assert_eq!(ok.mobile, "010-1234-5678");
        let bad = CallerInput {
            name: String::new(),
            mobile: "02-555-1234".into(),
        }
        .validate()
        .unwrap_err();
        let got: Vec<_> = bad.iter().map(|p| (p.field, p.message_id())).collect();
        assert_eq!(
            got,
            [
                ("caller_name", "field-required"),
                ("caller_mobile", "field-mobile-not-mobile")
            ]
        );
    }

    #[test]
    fn bookings_clash_only_when_their_times_overlap() {
        assert!(overlaps(
            t("2026-11-25 10:00"),
            15,
            t("2026-11-25 10:10"),
            15
        ));
        assert!(!overlaps(
            t("2026-11-25 10:00"),
            15,
            t("2026-11-25 10:15"),
            15
        ));
        assert!(overlaps(
            t("2026-11-25 10:00"),
            60,
            t("2026-11-25 10:30"),
            5
        ));
        assert!(!overlaps(
            t("2026-11-25 09:00"),
            60,
            t("2026-11-25 10:00"),
            15
        ));
    }
}
