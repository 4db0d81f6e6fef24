//! The monthly access-log review (safety standard: the log is reviewed monthly): which rows a
//! reviewer should look at first. No I/O: rows in, flags out.

use chrono::{NaiveDateTime, Timelike};
use serde::{Deserialize, Serialize};

/// An account that opens more than this many records within [`BURST_MINUTES`] is flagged.
pub const BURST_RECORDS: usize = 20;
pub const BURST_MINUTES: i64 = 10;

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
    }
);

/// What the flags need of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen<'a> {
    /// Seoul wall-clock time.
    pub at: NaiveDateTime,
    pub actor: &'a str,
    pub action: &'a str,
}

const EXPORTS: [&str; 5] = [
    "form-saved",
    "cctv-ledger-exported",
    "subject-exported",
    "backup-created",
    "patients-imported",
];

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
            let h = r.at.hour();
            if !(6..22).contains(&h) && r.actor.starts_with("staff:") {
                f.push(Flag::Night);
            }
            f
        })
        .collect();
    // Bursts: per account, a window of opened records longer than the limit.
    let opened: Vec<usize> = (0..rows.len())
        .filter(|&i| rows[i].action == "patient-viewed")
        .collect();
    for (k, &i) in opened.iter().enumerate() {
        let same: Vec<usize> = opened[k..]
            .iter()
            .copied()
            .filter(|&j| rows[j].actor == rows[i].actor)
            .take_while(|&j| (rows[j].at - rows[i].at).num_minutes() < BURST_MINUTES)
            .collect();
        if same.len() > BURST_RECORDS {
            for j in same {
                if !out[j].contains(&Flag::Burst) {
                    out[j].push(Flag::Burst);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect(s)
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
