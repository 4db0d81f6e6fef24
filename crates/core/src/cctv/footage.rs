//! Whether the footage asked for still exists (its retention) and the viewing appointment.

use super::*;
use crate::field::FieldMessage;

/// What will be left of the requested footage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct FootageOutlook {
    /// When the earliest requested minute is deleted (`YYYY-MM-DD HH:MM`).
    pub first_expiry: String,
    /// When the last requested minute is deleted.
    pub last_expiry: String,
    /// All of it is already gone: "the footage no longer exists" is the answer.
    pub gone: bool,
    /// Part of it is already gone.
    pub partly_gone: bool,
    /// Some of it is deleted before the request can be answered or viewed: preserve it now.
    pub urgent: bool,
}

/// Until when footage asked for on `received` must still exist: the end of the answer's due
/// day, or a booked viewing after it (docs/LAW.md "CCTV": viewing within 10 days).
pub fn needed_until(received: NaiveDateTime, appointment: Option<NaiveDateTime>) -> NaiveDateTime {
    let due_end = end_of(answer_due(received));
    match appointment {
        Some(a) if a > due_end => a,
        _ => due_end,
    }
}

/// The outlook for footage `from..=to` kept for `retention`, at `now`, when it must still exist
/// until `needed_until` (the end of the answer's due date, or a later appointment).
pub fn outlook(
    from: NaiveDateTime,
    to: NaiveDateTime,
    retention: Retention,
    now: NaiveDateTime,
    needed_until: NaiveDateTime,
) -> FootageOutlook {
    let first = retention.expiry(from);
    let last = retention.expiry(to);
    let gone = last <= now;
    FootageOutlook {
        first_expiry: minute_text(first),
        last_expiry: minute_text(last),
        gone,
        partly_gone: !gone && first <= now,
        urgent: !gone && first < needed_until,
    }
}

/// A viewing appointment time, not in the past.
pub fn appointment_at(v: &str, now: NaiveDateTime) -> Result<String, Vec<P>> {
    let t = minute("at", v).map_err(|p| vec![p])?;
    if t < now {
        return Err(vec![P::new("at", FieldMessage::DatePast)]);
    }
    Ok(minute_text(t))
}

/// A booking: the appointment not in the past and, when it falls after the answer's due date
/// (`received` + 10 days; docs/LAW.md "CCTV"), a recorded reason, or it is refused.
pub fn booking(
    at: &str,
    late_reason: &str,
    received: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<Event, Vec<P>> {
    let at = appointment_at(at, now)?;
    let late = minute("at", &at)
        .map(|t| t.date() > answer_due(received))
        .unwrap_or(false);
    let late_reason = if late {
        Some(crate::field::reason("late_reason", late_reason).map_err(|p| vec![p])?)
    } else {
        None
    };
    Ok(Event::Booked { at, late_reason })
}

/// Whether two appointments overlap (each takes [`APPOINTMENT_MINUTES`]).
pub fn appointments_conflict(a: NaiveDateTime, b: NaiveDateTime) -> bool {
    (a - b).num_minutes().abs() < APPOINTMENT_MINUTES
}
