//! The monthly access-log review (safety standard: the log is reviewed monthly): which rows a
//! reviewer should look at first. No I/O: rows in, flags out.

use chrono::{NaiveDateTime, Timelike};
use serde::{Deserialize, Serialize};

/// An account that opens more than this many records within [`BURST_MINUTES`] is flagged.
pub const BURST_RECORDS: usize = 20;
/// The window, in minutes, in which record openings and refused duplicates are counted.
pub const BURST_MINUTES: i64 = 10;
/// More refused duplicates than this within [`BURST_MINUTES`] by one account is RRN probing.
pub const PROBE_REFUSALS: usize = 5;

word_enum!(
    /// Why a row stands out.
    Flag {
        /// Many records opened by one account in a short time.
        Burst = "burst",
        /// A resident registration number was revealed.
        RrnReveal = "rrn-reveal",
        /// Data left the app: a saved PDF, an export, a backup.
        Export = "export",
        /// Between 22:00 and 06:00 Seoul time.
        Night = "night",
        /// More than [`PROBE_REFUSALS`] registrations or corrections refused within
        /// [`BURST_MINUTES`] by one account because the RRN was another patient's: someone
        /// trying numbers to learn who is a patient.
        RrnProbing = "rrn-probing",
        /// A call refused for lack of permission.
        Refused = "refused",
    }
);

/// What the flags need of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen<'a> {
    /// Seoul wall-clock time.
    pub at: NaiveDateTime,
    /// Who, as logged (`staff:3:kim`).
    pub actor: &'a str,
    /// What, as logged (`patient-opened`).
    pub action: &'a str,
}

const EXPORTS: [&str; 5] = [
    "form-saved",
    "cctv-ledger-exported",
    "subject-exported",
    "backup-created",
    "patients-imported",
];

/// Flags every row of an account's run of more than `limit` `action` rows within
/// [`BURST_MINUTES`].
fn window(rows: &[Seen<'_>], out: &mut [Vec<Flag>], action: &str, limit: usize, flag: Flag) {
    let hits: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].action == action)
        .collect();
    for (k, &i) in hits.iter().enumerate() {
        let same: Vec<usize> = hits[k..]
            .iter()
            .copied()
            .filter(|&j| rows[j].actor == rows[i].actor)
            .take_while(|&j| (rows[j].at - rows[i].at).num_minutes() < BURST_MINUTES)
            .collect();
        if same.len() > limit {
            for j in same {
                if !out[j].contains(&flag) {
                    out[j].push(flag);
                }
            }
        }
    }
}

/// Which of `len` rows, in time order, page `back` shows when pages of `size` rows are counted
/// back from the newest (0 the newest; a number past the oldest shows the oldest): the rows
/// `start..end`, the page actually shown, and how many pages there are (at least 1).
pub fn page_window(len: usize, back: u32, size: usize) -> PageWindow {
    let size = size.max(1);
    let pages = len.div_ceil(size).max(1);
    let page = usize::try_from(back).unwrap_or(usize::MAX).min(pages - 1);
    let end = len - page * size;
    PageWindow {
        start: end.saturating_sub(size),
        end,
        page,
        pages,
    }
}

/// What [`page_window`] chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageWindow {
    /// The first row shown (0-based, in time order).
    pub start: usize,
    /// One past the last row shown.
    pub end: usize,
    /// The page shown, counted back from the newest.
    pub page: usize,
    /// How many pages the rows make.
    pub pages: usize,
}

/// The flags of each row, in the rows' order (rows sorted by time).
pub fn flags(rows: &[Seen<'_>]) -> Vec<Vec<Flag>> {
    let mut out: Vec<Vec<Flag>> = rows
        .iter()
        .map(|r| {
            let mut f = vec![];
            if r.action == "rrn-revealed" {
                f.push(Flag::RrnReveal);
            }
            if EXPORTS.contains(&r.action) {
                f.push(Flag::Export);
            }
            if r.action == "permission-refused" {
                f.push(Flag::Refused);
            }
            let h = r.at.hour();
            if !(6..22).contains(&h) && r.actor.starts_with("staff:") {
                f.push(Flag::Night);
            }
            f
        })
        .collect();
    // Bursts: per account, a window of opened records longer than the limit; the same for
    // refused duplicates (RRN probing).
    window(rows, &mut out, "patient-viewed", BURST_RECORDS, Flag::Burst);
    window(
        rows,
        &mut out,
        "duplicate-refused",
        PROBE_REFUSALS,
        Flag::RrnProbing,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_count_back_from_the_newest_and_stop_at_the_oldest() {
        let w = |len, back| {
            let p = page_window(len, back, 2000);
            (p.start, p.end, p.page, p.pages)
        };
        assert_eq!(w(4005, 0), (2005, 4005, 0, 3), "the newest");
        assert_eq!(w(4005, 1), (5, 2005, 1, 3), "ends where the newest begins");
        assert_eq!(w(4005, 2), (0, 5, 2, 3), "the oldest, short");
        assert_eq!(w(4005, u32::MAX), (0, 5, 2, 3), "past the oldest");
        assert_eq!(w(2000, 0), (0, 2000, 0, 1), "exactly one page");
        assert_eq!(w(0, 3), (0, 0, 0, 1), "nothing matches");
    }

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect(s)
    }

    /// Six refused registrations in ten minutes by one account is RRN probing; five is not, and
    /// another account's refusals do not add up with them.
    #[test]
    fn more_than_five_refused_duplicates_in_ten_minutes_is_rrn_probing() {
        let row = |m: u32, actor: &'static str| Seen {
            at: at(&format!("2026-11-03 10:{m:02}")),
            actor,
            action: "duplicate-refused",
        };
        let five: Vec<Seen<'_>> = (0..5).map(|m| row(m, "staff:2:desk.lee")).collect();
        assert!(flags(&five).iter().all(|f| f.is_empty()));
        let mut six = five.clone();
        six.push(row(9, "staff:2:desk.lee"));
        six.push(row(9, "staff:3:desk.kim"));
        let f = flags(&six);
        assert!(f[..6].iter().all(|f| f.contains(&Flag::RrnProbing)));
        assert!(f[6].is_empty(), "another account's refusal");
        let mut late = five;
        late.push(row(10, "staff:2:desk.lee"));
        assert!(
            flags(&late).iter().all(|f| f.is_empty()),
            "the sixth came ten minutes after the first"
        );
        let refused = [Seen {
            at: at("2026-11-03 10:00"),
            actor: "staff:2:desk.lee",
            action: "permission-refused",
        }];
        assert_eq!(flags(&refused)[0], [Flag::Refused]);
    }

    #[test]
    fn reveals_exports_and_night_work_stand_out() {
        let rows = [
            Seen {
                at: at("2026-11-03 10:00"),
                actor: "staff:2:desk.lee",
                action: "patient-viewed",
            },
            Seen {
                at: at("2026-11-03 10:05"),
                actor: "staff:3:officer.park",
                action: "rrn-revealed",
            },
            Seen {
                at: at("2026-11-03 23:30"),
                actor: "staff:2:desk.lee",
                action: "patient-viewed",
            },
            Seen {
                at: at("2026-11-04 05:59"),
                actor: "staff:2:desk.lee",
                action: "form-saved",
            },
            Seen {
                at: at("2026-11-04 06:00"),
                actor: "cli:root",
                action: "backup-created",
            },
        ];
        let f = flags(&rows);
        assert!(f[0].is_empty());
        assert_eq!(f[1], [Flag::RrnReveal]);
        assert_eq!(f[2], [Flag::Night]);
        assert_eq!(f[3], [Flag::Export, Flag::Night]);
        assert_eq!(f[4], [Flag::Export]);
    }

    #[test]
    fn more_than_twenty_records_in_ten_minutes_by_one_account_is_a_burst() {
        let times: Vec<String> = (0..20)
            .map(|i| format!("2026-11-03 10:{:02}", i / 3))
            .collect();
        let mut rows: Vec<Seen<'_>> = times
            .iter()
            .map(|t| Seen {
                at: at(t),
                actor: "staff:2:desk.lee",
                action: "patient-viewed",
            })
            .collect();
        assert!(
            flags(&rows).iter().all(|f| f.is_empty()),
            "20 within the window is not a burst yet"
        );
        rows.push(Seen {
            at: at("2026-11-03 10:07"),
            actor: "staff:2:desk.lee",
            action: "patient-viewed",
        });
        assert!(flags(&rows).iter().all(|f| f.contains(&Flag::Burst)));
        // The same count spread over an hour, or over two accounts, is not.
        let spread: Vec<String> = (0..22)
            .map(|i| format!("2026-11-03 {:02}:{:02}", 10 + i / 6, (i % 6) * 10))
            .collect();
        let rows: Vec<Seen<'_>> = spread
            .iter()
            .map(|t| Seen {
                at: at(t),
                actor: "staff:2:desk.lee",
                action: "patient-viewed",
            })
            .collect();
        assert!(flags(&rows).iter().all(|f| f.is_empty()));
    }
}
