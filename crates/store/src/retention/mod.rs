//! Retention and destruction (docs/LAW.md "Retention").
//!
//! [`preview`] says what is due (category, how many, the range of their last events); [`run`]
//! destroys it in one transaction (holding the retention gate the immutability triggers check),
//! writes a destruction-log row per category (never the data), purges access-log rows older than
//! 2 years and permission-log rows older than 3 (re-anchoring each chain so it still verifies),
//! and then overwrites the freed space: `secure_delete` is on for every connection, the search
//! index is merged, the WAL is checkpointed and truncated, and the file is vacuumed. Nothing runs
//! by itself: the app offers the run to the privacy officer when something is due.

use crate::audit::{self, Entry};
use crate::error::{Result, StoreError};
use crate::privacy::{LAST_VISIT_DAY, last_event_day, rules_in, years_of};
use crate::tombstones::{self, Tomb};
use crate::{Store, Tx, db};
use chrono::NaiveDate;
use jeopsu_core::FieldProblem;
use jeopsu_core::audit::{Action, Actor, Stream};
use jeopsu_core::privacy::paper::ShreddingInput;
use jeopsu_core::privacy::{Category, is_due, kept_until};
use jeopsu_core::time;
use rusqlite::params;
use serde::Serialize;

mod paper;
mod run;

pub use paper::*;
pub use run::*;

/// What one category has due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Due {
    /// The kind of record.
    pub category: Category,
    /// How many records are past their period.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub count: i64,
    /// The earliest and latest last-event dates among them, `YYYY-MM-DD`.
    pub oldest: Option<String>,
    /// See `oldest`.
    pub newest: Option<String>,
    /// The period, in years.
    pub years: u32,
    /// Records due but kept because of a legal hold.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub held: i64,
    /// Records waiting for something done outside the app first: the patient list's paper
    /// originals to shred ([`paper_originals`], [`record_shredding`]); the CCTV requests'
    /// preserved copies to destroy (recorded on the request). They go in the first run after.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub waiting: i64,
    /// On the patient list's row: phone bookings by people who never registered, past the
    /// clinic's own period (`desk.phone_booking_months`, 6 by default; no law sets it). The run
    /// destroys them with the rest.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub phone_bookings: i64,
}

/// A paper-signed consent original that goes with a record due for destruction: where it is
/// filed, so the privacy officer can take it out and shred it before the run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PaperOriginal {
    /// The guardian's record the paper belongs to.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub record_id: i64,
    /// The patient's chart number.
    pub chart_no: String,
    /// The patient's name.
    pub patient_name: String,
    /// The day it was signed, `YYYY-MM-DD`.
    pub signed_on: String,
    /// Where the signed paper is filed.
    pub filed_at: String,
    /// Its shredding is recorded (it goes in the next run).
    pub shredded: bool,
}

struct Paper {
    record_id: i64,
    patient_id: i64,
    recorded_at: String,
    filed_at: String,
    shredded: bool,
}

struct Plan {
    /// (id, last event) per category.
    patients: Vec<(i64, NaiveDate)>,
    held: i64,
    /// Due and not held, but a paper original is not yet shredded.
    waiting: i64,
    /// Preserved CCTV copies whose destruction is not recorded (their requests wait).
    copies: i64,
    /// Unlinked phone bookings past the clinic's period.
    phone_bookings: Vec<(i64, NaiveDate)>,
    /// The paper originals of every due, unheld patient.
    papers: Vec<Paper>,
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

fn plan(tx: &Tx<'_>) -> Result<Plan> {
    let rules = rules_in(tx.conn())?;
    let today = time::seoul_date(tx.now());
    let due = |last: NaiveDate, c: Category| is_due(kept_until(last, years_of(&rules, c)), today);

    let mut patients = vec![];
    let mut held = 0;
    {
        let mut stmt = tx.conn().prepare(&format!(
            "SELECT p.id, {LAST_VISIT_DAY}, p.created_at,
                    EXISTS (SELECT 1 FROM legal_holds h WHERE h.patient_id = p.id AND h.lifted_at IS NULL)
             FROM patients p"
        ))?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, bool>(3)?,
            ))
        })?;
        for row in rows {
            let (id, last_visit, created, on_hold) = row?;
            if let Some(d) = last_event_day(last_visit.as_deref(), &created)
                .filter(|d| due(*d, Category::PatientList))
            {
                if on_hold {
                    held += 1;
                } else {
                    patients.push((id, d));
                }
            }
        }
    }
    // Paper originals: a patient goes only once each of their papers is recorded as shredded.
    let papers = papers_of(tx, &patients)?;
    let waiting_ids: std::collections::HashSet<i64> = papers
        .iter()
        .filter(|p| !p.shredded)
        .map(|p| p.patient_id)
        .collect();
    let waiting = i64::try_from(waiting_ids.len()).unwrap_or(i64::MAX);
    patients.retain(|(id, _)| !waiting_ids.contains(id));
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
    // A request whose preserved copy is not recorded destroyed keeps its history until it is.
    let with_copy: std::collections::HashSet<i64> = {
        let mut stmt = tx.conn().prepare(
            "SELECT DISTINCT p.request_id FROM cctv_events p
             WHERE p.type = 'preserved'
               AND NOT EXISTS (SELECT 1 FROM cctv_events d
                               WHERE d.request_id = p.request_id AND d.type = 'copy-destroyed')",
        )?;
        stmt.query_map([], |r| r.get::<_, i64>(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    // Shown as waiting: the copies of requests that have ended (an open request still needs its
    // copy).
    let mut copies = 0i64;
    for id in &with_copy {
        if crate::cctv::copy_due_of(tx, *id)?.is_some() {
            copies += 1;
        }
    }
    // Phone bookings whose caller never registered: the clinic's own period, from the booked day.
    let months = crate::settings::phone_booking_months(tx)?;
    let phone_bookings: Vec<(i64, NaiveDate)> = collect(
        tx,
        "SELECT a.id, substr(a.at, 1, 10) FROM appointments a
         WHERE a.patient_id IS NULL
           AND NOT EXISTS (SELECT 1 FROM appointment_links l WHERE l.appointment_id = a.id)",
        |d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok(),
    )?
    .into_iter()
    .filter(|(_, d)| {
        d.checked_add_months(chrono::Months::new(months))
            .is_some_and(|until| today > until)
    })
    .collect();
    let requests_due: Vec<(i64, NaiveDate)> = cctv_requests
        .into_iter()
        .filter(|(id, _)| !with_kept_rows.contains(id) && !with_copy.contains(id))
        .collect();
    let access_cutoff =
        jeopsu_core::privacy::years_before(today, years_of(&rules, Category::AccessLog));
    let permission_cutoff =
        jeopsu_core::privacy::years_before(today, years_of(&rules, Category::PermissionLog));
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
        waiting,
        copies,
        phone_bookings,
        papers,
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

fn papers_of(tx: &Tx<'_>, patients: &[(i64, NaiveDate)]) -> Result<Vec<Paper>> {
    let mut stmt = tx.conn().prepare(
        "SELECT r.id, r.recorded_at, r.paper_filed_at,
                EXISTS (SELECT 1 FROM paper_shredding s
                        WHERE s.record_id = r.id AND s.record_recorded_at = r.recorded_at)
         FROM consent_records r WHERE r.patient_id = ?1 AND r.method = 'paper' ORDER BY r.id",
    )?;
    let mut out = vec![];
    for (patient_id, _) in patients {
        let rows = stmt
            .query_map([patient_id], |r| {
                Ok(Paper {
                    record_id: r.get(0)?,
                    patient_id: *patient_id,
                    recorded_at: r.get(1)?,
                    filed_at: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
                    shredded: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        out.extend(rows);
    }
    Ok(out)
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
            waiting: match c {
                Category::PatientList => self.waiting,
                Category::CctvRecords => self.copies,
                _ => 0,
            },
            phone_bookings: if c == Category::PatientList {
                i64::try_from(self.phone_bookings.len()).unwrap_or(i64::MAX)
            } else {
                0
            },
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
    store
        .write(|tx| {
            Ok(plan(tx)?
                .due()
                .iter()
                .any(|d| d.count > 0 || d.phone_bookings > 0))
        })
        .and_then(|due| {
            Ok(due
                || !crate::backup_schedule::too_old(store)?.is_empty()
                || crate::backup::safety_copies(store).iter().any(|c| c.due))
        })
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
    /// Who ran it (the log's actor text).
    pub actor: String,
    /// The category's word.
    pub category: String,
    /// How many records were destroyed.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub count: i64,
    /// The earliest last-event date among them, `YYYY-MM-DD`.
    pub oldest: Option<String>,
    /// The latest.
    pub newest: Option<String>,
    /// Paper originals shredded before the run and gone with its records.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub papers: i64,
}
