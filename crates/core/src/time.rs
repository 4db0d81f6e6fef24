//! Dates and times as the clinic reads them: Asia/Seoul, YYYY-MM-DD, 24-hour.
//!
//! Stored times are UTC (RFC 3339 with microseconds); only display converts.

use chrono::{DateTime, NaiveDate, SecondsFormat, TimeZone, Utc};
use chrono_tz::Asia::Seoul;

/// The stored form of an instant: UTC, microseconds, `Z`. Sorts as text in time order.
pub fn to_stored(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// A stored time (RFC 3339, as [`to_stored`] writes it) back as UTC; `None` when it does not read.
pub fn from_stored(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// `2026-11-24 18:05` in Seoul time.
pub fn display_minutes(t: DateTime<Utc>) -> String {
    t.with_timezone(&Seoul).format("%Y-%m-%d %H:%M").to_string()
}

/// A stored time (RFC 3339, UTC) as `2026-11-24 18:05` in Seoul; `None` when it does not read.
pub fn stored_as_minutes(text: &str) -> Option<String> {
    from_stored(text).map(display_minutes)
}

/// `2026-11-24 18:05:09` in Seoul time.
pub fn display_seconds(t: DateTime<Utc>) -> String {
    t.with_timezone(&Seoul)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

/// `20261124-180509` in Seoul time (file names).
pub fn file_stamp(t: DateTime<Utc>) -> String {
    t.with_timezone(&Seoul).format("%Y%m%d-%H%M%S").to_string()
}

/// The wall-clock time in Seoul (for comparing with times typed at the desk).
pub fn seoul_local(t: DateTime<Utc>) -> chrono::NaiveDateTime {
    t.with_timezone(&Seoul).naive_local()
}

/// Today's date in Seoul.
pub fn seoul_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&Seoul).date_naive()
}

/// The first instant of a Seoul calendar date, in UTC (for "since DATE" filters).
pub fn seoul_midnight(date: NaiveDate) -> Option<DateTime<Utc>> {
    Seoul
        .from_local_datetime(&date.and_hms_opt(0, 0, 0)?)
        .single()
        .map(|t| t.with_timezone(&Utc))
}

/// Requests from people (privacy requests, CCTV requests) are answered within this many days of
/// receipt, the day of receipt not counted (PIPA Decree Art. 41, 43; Civil Act Art. 157).
pub const ANSWER_DAYS: i64 = 10;

/// The last day to answer a request received at `received` (Seoul wall-clock time). The answer
/// is due by the end of that day.
pub fn answer_due(received: chrono::NaiveDateTime) -> NaiveDate {
    received.date() + chrono::Duration::days(ANSWER_DAYS)
}

/// Days left to answer (negative when overdue): 0 on the due date itself.
pub fn days_left(due: NaiveDate, now: chrono::NaiveDateTime) -> i64 {
    (due - now.date()).num_days()
}

/// The end of a day: midnight after it.
pub fn end_of(day: NaiveDate) -> chrono::NaiveDateTime {
    day.succ_opt().map_or(chrono::NaiveDateTime::MAX, |d| {
        d.and_time(chrono::NaiveTime::MIN)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seoul_is_nine_hours_ahead() {
        let t = Utc
            .with_ymd_and_hms(2026, 11, 24, 15, 30, 0)
            .single()
            .expect("time");
        assert_eq!(
            display_minutes(t),
            "2026-11-25 00:30",
            "UTC 15:30 is 00:30 next day in Seoul"
        );
        assert_eq!(seoul_date(t).to_string(), "2026-11-25");
    }

    #[test]
    fn stored_form_round_trips_and_sorts() {
        let a = Utc
            .with_ymd_and_hms(2026, 1, 2, 3, 4, 5)
            .single()
            .expect("time");
        let b = a + chrono::Duration::microseconds(1);
        assert_eq!(from_stored(&to_stored(a)), Some(a));
        assert!(to_stored(a) < to_stored(b), "text order is time order");
    }

    #[test]
    fn seoul_midnight_is_previous_day_1500_utc() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
        let m = seoul_midnight(d).expect("midnight");
        assert_eq!(to_stored(m), "2026-11-23T15:00:00.000000Z");
    }
}
