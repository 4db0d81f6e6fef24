//! Retention and destruction (DOMAIN.md "Retention and destruction"; issue 7).
//!
//! [`preview`] says what is due (category, how many, the range of their last events); [`run`]
//! destroys it in one transaction (holding the retention gate the immutability triggers check),
//! writes a destruction-log row per category (never the data), purges access-log rows older than
//! 2 years and permission-log rows older than 3 (re-anchoring each chain so it still verifies),
//! and then overwrites the freed space: `secure_delete` is on for every connection, the search
//! index is merged, the WAL is checkpointed and truncated, and the file is vacuumed. Nothing runs
//! by itself: the app offers the run to the privacy officer when something is due.

use crate::audit::{self, Entry};
use crate::error::Result;
use crate::privacy::{rules_in, years_of};
use crate::{Store, Tx};
use chrono::{Datelike, NaiveDate};
use jeopsu_core::audit::{Action, Actor, Stream};
use jeopsu_core::privacy::{Category, is_due, kept_until};
use jeopsu_core::time;
use rusqlite::params;
use serde::Serialize;

/// What one category has due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Due {
    pub category: Category,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub count: i64,
    /// The earliest and latest last-event dates among them, `YYYY-MM-DD`.
    pub oldest: Option<String>,
    pub newest: Option<String>,
    pub years: u32,
    /// Records due but kept because of a legal hold.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub held: i64,
}

struct Plan {
    /// (id, last event) per category.
    patients: Vec<(i64, NaiveDate)>,
    held: i64,
    requests: Vec<(i64, NaiveDate)>,
    ledger: Vec<(i64, NaiveDate)>,
    cctv_requests: Vec<(i64, NaiveDate)>,
    access_cutoff: NaiveDate,
    permission_cutoff: NaiveDate,
    access_rows: Vec<NaiveDate>,
    permission_rows: Vec<NaiveDate>,
    years: Vec<(Category, u32)>,
}

fn date_of_stored(s: &str) -> Option<NaiveDate> {
    time::from_stored(s).map(time::seoul_date)
}

fn date_of_minute(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

fn years_before(today: NaiveDate, years: u32) -> NaiveDate {
    let y = today.year() - i32::try_from(years).unwrap_or(0);
    NaiveDate::from_ymd_opt(y, today.month(), today.day())
        .or_else(|| NaiveDate::from_ymd_opt(y, today.month(), 28))
        .unwrap_or(today)
}

fn plan(tx: &Tx<'_>) -> Result<Plan> {
    let rules = rules_in(tx.conn())?;
    let today = time::seoul_date(tx.now());
    let due = |last: NaiveDate, c: Category| is_due(kept_until(last, years_of(&rules, c)), today);

    let mut patients = vec![];
    let mut held = 0;
    {
        let mut stmt = tx.conn().prepare(
            "SELECT p.id,
                    max(p.created_at, p.updated_at,
                        coalesce((SELECT max(recorded_at) FROM consents c WHERE c.patient_id = p.id), ''),
                        coalesce((SELECT max(recorded_at) FROM consent_records r WHERE r.patient_id = p.id), '')),
                    EXISTS (SELECT 1 FROM legal_holds h WHERE h.patient_id = p.id AND h.lifted_at IS NULL)
             FROM patients p",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, bool>(2)?,
            ))
        })?;
        for row in rows {
            let (id, last, on_hold) = row?;
            if let Some(d) = date_of_stored(&last).filter(|d| due(*d, Category::PatientList)) {
                if on_hold {
                    held += 1;
                } else {
                    patients.push((id, d));
                }
            }
        }
    }
    // Answered requests, from their answer; unanswered ones are never due.
    let requests = collect(
        tx,
        "SELECT request_id, at FROM privacy_answers",
        date_of_stored,
    )?
    .into_iter()
    .filter(|(_, d)| due(*d, Category::PrivacyRequests))
    .collect();
    let ledger: Vec<(i64, NaiveDate)> = collect(
        tx,
        "SELECT no, at FROM cctv_ledger ORDER BY no",
        date_of_minute,
    )?
    .into_iter()
    .filter(|(_, d)| due(*d, Category::CctvRecords))
    .collect();
    // A CCTV request goes from its last step, once none of its ledger rows remains.
    let cctv_requests = collect(
        tx,
        "SELECT r.id, max(r.created_at, coalesce((SELECT max(at) FROM cctv_events e WHERE e.request_id = r.id), ''))
         FROM cctv_requests r",
        date_of_stored,
    )?
    .into_iter()
    .filter(|(_, d)| due(*d, Category::CctvRecords))
    .collect::<Vec<_>>();
    // A CCTV request goes only once none of its ledger rows stays.
    let due_rows: std::collections::HashSet<i64> = ledger.iter().map(|(n, _)| *n).collect();
    let with_kept_rows: std::collections::HashSet<i64> = {
        let mut stmt = tx
            .conn()
            .prepare("SELECT request_id, no FROM cctv_ledger WHERE request_id IS NOT NULL")?;
        let rows = stmt
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.into_iter()
            .filter(|(_, no)| !due_rows.contains(no))
            .map(|(request, _)| request)
            .collect()
    };
    let requests_due: Vec<(i64, NaiveDate)> = cctv_requests
        .into_iter()
        .filter(|(id, _)| !with_kept_rows.contains(id))
        .collect();
    let access_cutoff = years_before(today, years_of(&rules, Category::AccessLog));
    let permission_cutoff = years_before(today, years_of(&rules, Category::PermissionLog));
    let log_dates = |stream: Stream, cutoff: NaiveDate| -> Result<Vec<NaiveDate>> {
        let before = time::seoul_midnight(cutoff)
            .map(time::to_stored)
            .unwrap_or_default();
        let mut stmt = tx
            .conn()
            .prepare("SELECT at FROM audit_log WHERE stream = ?1 AND at < ?2")?;
        let rows = stmt
            .query_map(params![stream.as_str(), before], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows.iter().filter_map(|s| date_of_stored(s)).collect())
    };
    Ok(Plan {
        access_rows: log_dates(Stream::Access, access_cutoff)?,
        permission_rows: log_dates(Stream::Permission, permission_cutoff)?,
        patients,
        held,
        requests,
        ledger,
        cctv_requests: requests_due,
        access_cutoff,
        permission_cutoff,
        years: Category::ALL
            .iter()
            .map(|&c| (c, years_of(&rules, c)))
            .collect(),
    })
}

fn collect(
    tx: &Tx<'_>,
    sql: &str,
    date: fn(&str) -> Option<NaiveDate>,
) -> Result<Vec<(i64, NaiveDate)>> {
    let mut stmt = tx.conn().prepare(sql)?;
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, s)| date(&s).map(|d| (id, d)))
        .collect())
}

impl Plan {
    fn due(&self) -> Vec<Due> {
        let years = |c: Category| {
            self.years
                .iter()
                .find(|(k, _)| *k == c)
                .map(|(_, y)| *y)
                .unwrap_or(0)
        };
        let one = |c: Category, dates: Vec<NaiveDate>, held: i64| Due {
            category: c,
            count: i64::try_from(dates.len()).unwrap_or(i64::MAX),
            oldest: dates.iter().min().map(|d| d.to_string()),
            newest: dates.iter().max().map(|d| d.to_string()),
            years: years(c),
            held,
        };
        let dates = |v: &[(i64, NaiveDate)]| v.iter().map(|(_, d)| *d).collect::<Vec<_>>();
        let mut cctv = dates(&self.ledger);
        cctv.extend(dates(&self.cctv_requests));
        vec![
            one(Category::PatientList, dates(&self.patients), self.held),
            one(Category::PrivacyRequests, dates(&self.requests), 0),
            one(Category::CctvRecords, cctv, 0),
            one(Category::AccessLog, self.access_rows.clone(), 0),
            one(Category::PermissionLog, self.permission_rows.clone(), 0),
        ]
    }
}

/// What is due now, per category (logged: the privacy officer looked).
pub fn preview(store: &mut Store, actor: &Actor) -> Result<Vec<Due>> {
    store.write(|tx| {
        let due = plan(tx)?.due();
        tx.log(Entry::new(Action::RetentionPreviewed, actor).detail(counts(&due)))?;
        Ok(due)
    })
}

/// Whether anything is due (for the privacy officer's start screen; not logged, reads counts).
pub fn anything_due(store: &mut Store) -> Result<bool> {
    store.write(|tx| Ok(plan(tx)?.due().iter().any(|d| d.count > 0)))
}

fn counts(due: &[Due]) -> serde_json::Value {
    serde_json::json!(
        due.iter()
            .map(|d| (d.category.as_str(), d.count))
            .collect::<std::collections::BTreeMap<_, _>>()
    )
}

/// A destruction-log row as read back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Destruction {
    /// Seoul time, `YYYY-MM-DD HH:MM`.
    pub at: String,
    pub actor: String,
    pub category: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub count: i64,
    pub oldest: Option<String>,
    pub newest: Option<String>,
}

/// Destroys everything due, in one transaction, then makes the freed bytes unrecoverable.
/// Returns what was destroyed per category.
pub fn run(store: &mut Store, actor: &Actor) -> Result<Vec<Due>> {
    let due = store.write(|tx| {
        let p = plan(tx)?;
        let due = p.due();
        let now = time::to_stored(tx.now());
        let c = tx.conn();
        c.execute("INSERT INTO retention_gate (opened_at) VALUES (?1)", [&now])?;
        for (id, _) in &p.patients {
            for sql in [
                "DELETE FROM guardians WHERE record_id IN (SELECT id FROM consent_records WHERE patient_id = ?1)",
                "DELETE FROM consents WHERE patient_id = ?1",
                "DELETE FROM consent_records WHERE patient_id = ?1",
                "DELETE FROM patient_corrections WHERE patient_id = ?1",
                "DELETE FROM legal_holds WHERE patient_id = ?1",
                "DELETE FROM patient_search WHERE rowid = ?1",
                "DELETE FROM patients WHERE id = ?1",
            ] {
                c.execute(sql, [id])?;
            }
        }
        for (id, _) in &p.requests {
            c.execute("DELETE FROM privacy_answers WHERE request_id = ?1", [id])?;
            c.execute("DELETE FROM privacy_requests WHERE id = ?1", [id])?;
        }
        // Newest first: a correction goes before the row it corrects.
        for (no, _) in p.ledger.iter().rev() {
            c.execute("DELETE FROM cctv_ledger WHERE no = ?1", [no])?;
        }
        for (id, _) in &p.cctv_requests {
            c.execute("DELETE FROM cctv_events WHERE request_id = ?1", [id])?;
            c.execute("DELETE FROM cctv_requests WHERE id = ?1", [id])?;
        }
        c.execute("DELETE FROM retention_gate", [])?;
        for d in due.iter().filter(|d| d.count > 0) {
            c.execute(
                "INSERT INTO destruction_log (at, actor, category, count, oldest, newest)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![now, actor.to_log_text(), d.category.as_str(), d.count, d.oldest, d.newest],
            )?;
        }
        for (stream, cutoff) in [(Stream::Access, p.access_cutoff), (Stream::Permission, p.permission_cutoff)] {
            if let Some(cut) = time::seoul_midnight(cutoff) {
                audit::purge_before(c, tx.audit_key, stream, cut)?;
            }
        }
        tx.log(Entry::new(Action::DestructionRun, actor).detail(counts(&due)))?;
        Ok(due)
    })?;
    scrub(store)?;
    Ok(due)
}

/// Makes deleted bytes unrecoverable: merges the search index (its segments still hold the
/// deleted rows' tokens until merged), checkpoints and truncates the WAL, and rebuilds the file.
fn scrub(store: &Store) -> Result<()> {
    let c = store.conn();
    c.execute_batch(
        "PRAGMA secure_delete = ON;
         INSERT INTO patient_search (patient_search) VALUES ('optimize');
         PRAGMA wal_checkpoint(TRUNCATE);
         VACUUM;
         PRAGMA wal_checkpoint(TRUNCATE);",
    )?;
    Ok(())
}

/// The destruction log, newest first.
pub fn log(store: &Store) -> Result<Vec<Destruction>> {
    let mut stmt = store.conn().prepare(
        "SELECT at, actor, category, count, oldest, newest FROM destruction_log ORDER BY id DESC",
    )?;
    let rows = stmt
        .query_map([], |r| {
            let at: String = r.get(0)?;
            Ok(Destruction {
                at: time::from_stored(&at)
                    .map(time::display_minutes)
                    .unwrap_or(at),
                actor: r.get(1)?,
                category: r.get(2)?,
                count: r.get(3)?,
                oldest: r.get(4)?,
                newest: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
