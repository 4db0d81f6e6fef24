//! Scheduled backups: when one is due, which copies rotation keeps, how old a copy may get, and
//! when someone must be told that backups stopped. The rules and their reasons: docs/LAW.md,
//! "Backups".

use crate::field::FieldMessage;
use crate::field::FieldProblem;
use crate::time::{seoul_date, seoul_local};
use chrono::{DateTime, Datelike, Months, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

/// How many copies rotation keeps: the newest copy of each of the last `daily` days, `weekly`
/// ISO weeks and `monthly` calendar months that have one (a copy kept by any rule stays).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Rotation {
    /// The newest copy of each of this many days.
    pub daily: u32,
    /// The newest copy of each of this many ISO weeks.
    pub weekly: u32,
    /// The newest copy of each of this many calendar months.
    pub monthly: u32,
}

impl Default for Rotation {
    fn default() -> Self {
        Rotation {
            daily: 7,
            weekly: 4,
            monthly: 12,
        }
    }
}

/// A backup holds every record as it was that day, including records destroyed since (at the end
/// of their retention period or at a patient's request). So a copy is itself kept only for a
/// bounded time: at most this many calendar months after it was made, whatever rotation says.
/// The retention run deletes an older copy it finds in the backup folder.
pub const MAX_AGE_MONTHS: u32 = 12;

/// The bounds of each count: at least one daily copy (the newest); no more monthly copies than
/// `MAX_AGE_MONTHS` allows; weekly copies within a year.
pub const DAILY_RANGE: (u32, u32) = (1, 31);
/// The bounds of the weekly count.
pub const WEEKLY_RANGE: (u32, u32) = (0, 52);
/// The bounds of the monthly count.
pub const MONTHLY_RANGE: (u32, u32) = (0, MAX_AGE_MONTHS);

/// Days without a good backup after which every signed-in admin is told.
pub const STALE_DAYS: i64 = 3;

impl Rotation {
    /// The counts, or a problem per count outside its range.
    pub fn check(self) -> Result<Rotation, Vec<FieldProblem>> {
        let mut problems = vec![];
        for (field, n, (min, max)) in [
            ("daily", self.daily, DAILY_RANGE),
            ("weekly", self.weekly, WEEKLY_RANGE),
            ("monthly", self.monthly, MONTHLY_RANGE),
        ] {
            if !(min..=max).contains(&n) {
                problems.push(
                    FieldProblem::new(field, FieldMessage::NumberRange)
                        .arg("min", min)
                        .arg("max", max),
                );
            }
        }
        if problems.is_empty() {
            Ok(self)
        } else {
            Err(problems)
        }
    }
}

/// Whether `taken` is past the age limit on `now` (both instants; compared in Seoul dates).
pub fn too_old(taken: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    seoul_date(taken)
        .checked_add_months(Months::new(MAX_AGE_MONTHS))
        .is_none_or(|limit| seoul_date(now) >= limit)
}

/// The day, ISO week or month a copy falls in.
type Bucket = fn(NaiveDate) -> (i32, u32);

/// Which of `copies` (when each was made) rotation keeps on `now`, in the same order. A copy
/// past `MAX_AGE_MONTHS` is never kept.
pub fn kept(copies: &[DateTime<Utc>], rotation: Rotation, now: DateTime<Utc>) -> Vec<bool> {
    let mut order: Vec<usize> = (0..copies.len()).collect();
    // Newest first; the newest copy of a day, week or month is the one kept for it.
    order.sort_by(|&a, &b| copies[b].cmp(&copies[a]));
    let mut keep = vec![false; copies.len()];
    let local: Vec<NaiveDateTime> = copies.iter().map(|t| seoul_local(*t)).collect();
    let rules: [(u32, Bucket); 3] = [
        (rotation.daily, |d| (d.year(), d.ordinal())),
        (rotation.weekly, |d| {
            let w = d.iso_week();
            (w.year(), w.week())
        }),
        (rotation.monthly, |d| (d.year(), d.month())),
    ];
    for (count, bucket) in rules {
        let mut last = None;
        let mut taken = 0;
        for &i in &order {
            if taken >= count {
                break;
            }
            let b = bucket(local[i].date());
            if last != Some(b) {
                last = Some(b);
                keep[i] = true;
                taken += 1;
            }
        }
    }
    for (i, k) in keep.iter_mut().enumerate() {
        if too_old(copies[i], now) {
            *k = false;
        }
    }
    keep
}

/// The file name extension of a backup.
pub const EXTENSION: &str = "jeopsubk";

/// The file name of a backup made at `at`: `jeopsu-backup-YYYYMMDD-HHMMSS.jeopsubk`, Seoul time.
pub fn file_name(at: DateTime<Utc>) -> String {
    format!("jeopsu-backup-{}.{EXTENSION}", crate::time::file_stamp(at))
}

/// When a backup named by `file_name` was made; `None` for any other name (rotation touches
/// only files it can date this way).
pub fn made_at(name: &str) -> Option<DateTime<Utc>> {
    let stamp = name
        .strip_prefix("jeopsu-backup-")?
        .strip_suffix(&format!(".{EXTENSION}"))?;
    let local = NaiveDateTime::parse_from_str(stamp, "%Y%m%d-%H%M%S").ok()?;
    use chrono::TimeZone;
    chrono_tz::Asia::Seoul
        .from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// Whether the scheduled backup is due: none good yet on `now`'s Seoul day. Checked at each
/// sign-in (so the first of the day writes one) and at sign-out and exit (if that day has none).
pub fn due(last_good: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    last_good.is_none_or(|t| seoul_date(t) < seoul_date(now))
}

/// What the admin (and, for a missing folder, the privacy officer) is told on their screens.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Warning {
    /// No backup folder chosen yet: nothing is backed up by itself.
    NoFolder,
    /// The folder is chosen but not there (a USB stick not plugged in): the backup waits.
    FolderMissing {
        /// Seoul time of the last good backup, `YYYY-MM-DD HH:MM`.
        last_good: Option<String>,
    },
    /// No good backup for `STALE_DAYS` days or more.
    Stale {
        /// Seoul time of the last good backup, `YYYY-MM-DD HH:MM`; `None` if there never was one.
        last_good: Option<String>,
        /// Days since the last good backup (or since backups became expected).
        #[cfg_attr(feature = "ts", ts(type = "number"))]
        days: i64,
    },
}

/// The warning to show on `now`, if any. `since` is when backups became expected (the
/// database's creation), so a new installation is not stale on its first day.
pub fn warning(
    folder_chosen: bool,
    folder_present: bool,
    last_good: Option<DateTime<Utc>>,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Option<Warning> {
    if !folder_chosen {
        return Some(Warning::NoFolder);
    }
    let shown = last_good.map(crate::time::display_minutes);
    if !folder_present {
        return Some(Warning::FolderMissing { last_good: shown });
    }
    let from = last_good.unwrap_or(since);
    let days = (seoul_date(now) - seoul_date(from)).num_days();
    (days >= STALE_DAYS).then_some(Warning::Stale {
        last_good: shown,
        days,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// Seoul wall-clock time as an instant.
    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        chrono_tz::Asia::Seoul
            .with_ymd_and_hms(y, m, d, h, 0, 0)
            .single()
            .expect("valid")
            .with_timezone(&Utc)
    }

    #[test]
    fn a_backup_is_due_once_per_seoul_day() {
        assert!(due(None, at(2026, 3, 2, 9)), "never backed up");
        // 23:59 Seoul the evening before is 14:59 UTC: the same UTC day as 09:00 Seoul, but not
        // the same Seoul day.
        let evening = chrono_tz::Asia::Seoul
            .with_ymd_and_hms(2026, 3, 1, 23, 59, 0)
            .single()
            .expect("valid")
            .with_timezone(&Utc);
        assert!(due(Some(evening), at(2026, 3, 2, 0)));
        assert!(!due(Some(at(2026, 3, 2, 0)), at(2026, 3, 2, 23)));
        // Seoul's midnight is 15:00 UTC: a backup at 08:00 Seoul and a sign-in at 01:00 Seoul
        // the next day are both on the same UTC day, yet a new backup is due.
        assert!(due(Some(at(2026, 3, 2, 8)), at(2026, 3, 3, 1)));
    }

    #[test]
    fn a_file_name_says_when_the_backup_was_made() {
        let t = at(2026, 3, 2, 9);
        let name = file_name(t);
        assert_eq!(name, "jeopsu-backup-20260302-090000.jeopsubk");
        assert_eq!(made_at(&name), Some(t));
        assert_eq!(
            made_at("jeopsu-backup-20260302-090000.jeopsubk.partial"),
            None
        );
        assert_eq!(made_at("jeopsu-backup-20261302-090000.jeopsubk"), None);
        assert_eq!(made_at("holiday.jeopsubk"), None);
    }

    #[test]
    fn counts_are_bounded_by_what_the_age_limit_allows() {
        assert!(Rotation::default().check().is_ok());
        let r = Rotation {
            daily: 0,
            weekly: 53,
            monthly: 13,
        };
        let fields: Vec<&str> = r
            .check()
            .expect_err("all three out of range")
            .into_iter()
            .map(|p| p.field)
            .collect();
        assert_eq!(fields, ["daily", "weekly", "monthly"]);
        assert!(
            Rotation {
                daily: 31,
                weekly: 52,
                monthly: 12
            }
            .check()
            .is_ok()
        );
    }

    #[test]
    fn a_copy_is_too_old_on_the_same_day_twelve_months_later() {
        let made = at(2025, 3, 31, 9);
        assert!(!too_old(made, at(2026, 3, 30, 23)));
        assert!(too_old(made, at(2026, 3, 31, 0)));
        // The end of a month: 2025-02-28 plus 12 months is 2026-02-28.
        assert!(too_old(at(2025, 2, 28, 9), at(2026, 2, 28, 9)));
    }

    /// One backup a day at 09:00 for a year and two months, rotated every day as the scheduled
    /// backup does: what remains is 7 days, 4 weeks and 12 months, never more, never older.
    #[test]
    fn rotation_keeps_exactly_the_right_copies_across_a_simulated_year() {
        let rot = Rotation::default();
        let start = NaiveDate::from_ymd_opt(2025, 1, 1).expect("date");
        let mut copies: Vec<DateTime<Utc>> = vec![];
        let mut day = start;
        let end = NaiveDate::from_ymd_opt(2026, 3, 15).expect("date");
        while day <= end {
            let now = at(day.year(), day.month(), day.day(), 9);
            copies.push(now);
            let keep = kept(&copies, rot, now);
            copies = copies
                .iter()
                .zip(&keep)
                .filter(|(_, k)| **k)
                .map(|(c, _)| *c)
                .collect();
            day = day.succ_opt().expect("next");
        }
        let mut days: Vec<NaiveDate> = copies.iter().map(|c| seoul_date(*c)).collect();
        days.sort();
        let d = |m, dd| NaiveDate::from_ymd_opt(2026, m, dd).expect("date");
        let old = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).expect("date");
        let expected = vec![
            // Monthly: the last copy of each of the 12 months 2025-04 to 2026-03 (the last two
            // are also kept by the other rules) ...
            old(2025, 4, 30),
            old(2025, 5, 31),
            old(2025, 6, 30),
            old(2025, 7, 31),
            old(2025, 8, 31),
            old(2025, 9, 30),
            old(2025, 10, 31),
            old(2025, 11, 30),
            old(2025, 12, 31),
            old(2026, 1, 31),
            // ... weekly: the last copy of each of 4 ISO weeks, which end on Sundays
            // (2026-03-15 is one; 2026-02-28, a Saturday, is February's) ...
            d(2, 22),
            d(2, 28),
            d(3, 1),
            d(3, 8),
            // ... and daily: the last 7 days.
            d(3, 9),
            d(3, 10),
            d(3, 11),
            d(3, 12),
            d(3, 13),
            d(3, 14),
            d(3, 15),
        ];
        assert_eq!(days, expected);
        assert!(copies.len() <= (rot.daily + rot.weekly + rot.monthly) as usize);
    }

    #[test]
    fn the_newest_copy_of_a_day_is_the_one_kept() {
        let copies = [at(2026, 3, 2, 9), at(2026, 3, 2, 18), at(2026, 3, 1, 9)];
        let r = Rotation {
            daily: 1,
            weekly: 0,
            monthly: 0,
        };
        assert_eq!(kept(&copies, r, at(2026, 3, 2, 19)), [false, true, false]);
    }

    #[test]
    fn warnings_say_what_is_wrong_and_since_when() {
        let now = at(2026, 3, 10, 9);
        let created = at(2026, 1, 1, 9);
        assert_eq!(
            warning(false, false, None, created, now),
            Some(Warning::NoFolder)
        );
        let last = Some(at(2026, 3, 9, 9));
        assert_eq!(
            warning(true, false, last, created, now),
            Some(Warning::FolderMissing {
                last_good: Some("2026-03-09 09:00".into())
            })
        );
        assert_eq!(warning(true, true, last, created, now), None);
        // Two days without: not yet. Three: every admin is told.
        assert_eq!(
            warning(true, true, Some(at(2026, 3, 8, 23)), created, now),
            None
        );
        assert_eq!(
            warning(true, true, Some(at(2026, 3, 7, 9)), created, now),
            Some(Warning::Stale {
                last_good: Some("2026-03-07 09:00".into()),
                days: 3
            })
        );
        // Never a good backup: counted from the database's creation.
        assert_eq!(warning(true, true, None, at(2026, 3, 9, 9), now), None);
        assert_eq!(
            warning(true, true, None, created, now),
            Some(Warning::Stale {
                last_good: None,
                days: 68
            })
        );
    }
}
