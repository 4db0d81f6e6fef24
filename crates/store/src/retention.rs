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
use crate::{Store, Tx};
use chrono::NaiveDate;
use jeopsu_core::FieldProblem;
use jeopsu_core::audit::{Action, Actor, Stream};
use jeopsu_core::privacy::paper::ShreddingInput;
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
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub record_id: i64,
    pub chart_no: String,
    pub patient_name: String,
    /// The day it was signed, `YYYY-MM-DD`.
    pub signed_on: String,
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
    pub actor: String,
    pub category: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub count: i64,
    pub oldest: Option<String>,
    pub newest: Option<String>,
    /// Paper originals shredded before the run and gone with its records.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub papers: i64,
}

/// The paper originals of the records due now (the patient's name and chart number, so the
/// paper can be found in the cabinet; logged), unshredded first.
pub fn paper_originals(store: &mut Store, actor: &Actor) -> Result<Vec<PaperOriginal>> {
    store.write(|tx| {
        let p = plan(tx)?;
        let mut out = vec![];
        for paper in &p.papers {
            let (chart_no, patient_name): (String, String) = tx.conn().query_row(
                "SELECT chart_no, name FROM patients WHERE id = ?1",
                [paper.patient_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            out.push(PaperOriginal {
                record_id: paper.record_id,
                chart_no,
                patient_name,
                signed_on: date_of_stored(&paper.recorded_at)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                filed_at: paper.filed_at.clone(),
                shredded: paper.shredded,
            });
        }
        out.sort_by_key(|o| (o.shredded, o.record_id));
        tx.log(
            Entry::new(Action::PaperOriginalsListed, actor)
                .detail(serde_json::json!({ "shown": out.len() })),
        )?;
        Ok(out)
    })
}

/// A patient due for destruction, for the privacy officer to look through before the run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DuePatient {
    pub chart_no: String,
    pub name: String,
    /// The day the period counts from: the last visit, or registration (`YYYY-MM-DD`).
    pub last_visit: String,
    /// Never seen: counted from registration.
    pub never_visited: bool,
}

/// The patients the next run destroys (chart number, name, last visit; logged: it shows names).
pub fn due_patients(store: &mut Store, actor: &Actor) -> Result<Vec<DuePatient>> {
    store.write(|tx| {
        let p = plan(tx)?;
        let mut out = vec![];
        for (id, last) in &p.patients {
            let (chart_no, name, visited): (String, String, bool) = tx.conn().query_row(
                "SELECT chart_no, name, EXISTS (SELECT 1 FROM visits v WHERE v.patient_id = p.id)
                 FROM patients p WHERE p.id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?;
            out.push(DuePatient {
                chart_no,
                name,
                last_visit: last.to_string(),
                never_visited: !visited,
            });
        }
        out.sort_by(|a, b| (&a.last_visit, &a.chart_no).cmp(&(&b.last_visit, &b.chart_no)));
        tx.log(
            Entry::new(Action::RetentionPreviewed, actor)
                .detail(serde_json::json!({ "patients_listed": out.len() })),
        )?;
        Ok(out)
    })
}

/// Records that the paper originals `input.record_ids` (each one of the due list, not yet
/// shredded) were shredded: when, how, by whom. Their records go in the next destruction run.
pub fn record_shredding(store: &mut Store, actor: &Actor, input: &ShreddingInput) -> Result<usize> {
    store.write(|tx| {
        let today = time::seoul_date(tx.now());
        let s = input.validate(today).map_err(StoreError::Invalid)?;
        let p = plan(tx)?;
        let now = time::to_stored(tx.now());
        for id in &s.record_ids {
            let Some(paper) = p.papers.iter().find(|x| x.record_id == *id && !x.shredded) else {
                return Err(StoreError::Invalid(vec![FieldProblem::new(
                    "record_ids",
                    "field-paper-not-due",
                )]));
            };
            tx.conn().execute(
                "INSERT INTO paper_shredding (record_id, record_recorded_at, filed_at, shredded_on,
                                              method, shredded_by, recorded_at, actor)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    paper.record_id,
                    paper.recorded_at,
                    paper.filed_at,
                    s.shredded_on.to_string(),
                    s.method.as_str(),
                    s.shredded_by,
                    now,
                    actor.to_log_text()
                ],
            )?;
        }
        tx.log(
            Entry::new(Action::PaperShredded, actor).detail(serde_json::json!({
                "records": s.record_ids,
                "shredded_on": s.shredded_on.to_string(),
                "method": s.method.as_str(),
                "by": s.shredded_by,
            })),
        )?;
        Ok(s.record_ids.len())
    })
}

/// Destroys everything due (a patient whose paper original is not yet shredded waits), in one
/// transaction, then makes the freed bytes unrecoverable.
/// Returns what was destroyed per category.
///
/// Refuses to start when the clock is behind the log or more than 30 days past its last
/// activity (`core::privacy::clock_trusted`) unless `confirmed` is today's date (Seoul), typed
/// by the officer.
pub fn run(store: &mut Store, actor: &Actor, confirmed: Option<NaiveDate>) -> Result<Vec<Due>> {
    check_clock(store, confirmed)?;
    let due = store.write(|tx| {
        let p = plan(tx)?;
        let due = p.due();
        let now = time::to_stored(tx.now());
        let c = tx.conn();
        c.execute("INSERT INTO retention_gate (opened_at) VALUES (?1)", [&now])?;
        // What goes is remembered by a keyed tag only, so a restored older backup loses it again.
        let ids = |v: &[(i64, NaiveDate)]| v.iter().map(|(id, _)| *id).collect::<Vec<_>>();
        let (patients, bookings, requests, ledger, cctv) = (
            ids(&p.patients),
            ids(&p.phone_bookings),
            ids(&p.requests),
            ids(&p.ledger),
            ids(&p.cctv_requests),
        );
        for (kind, list) in [
            (Tomb::Patient, &patients),
            (Tomb::Booking, &bookings),
            (Tomb::PrivacyRequest, &requests),
            (Tomb::LedgerRow, &ledger),
            (Tomb::CctvRequest, &cctv),
        ] {
            for id in list {
                tombstones::record(tx, kind, *id)?;
            }
        }
        destroy_patients(c, &patients)?;
        destroy_bookings(c, &bookings)?;
        if !p.phone_bookings.is_empty() {
            let days: Vec<NaiveDate> = p.phone_bookings.iter().map(|(_, d)| *d).collect();
            c.execute(
                "INSERT INTO destruction_log (at, actor, category, count, oldest, newest, papers)
                 VALUES (?1, ?2, 'phone-bookings', ?3, ?4, ?5, 0)",
                params![
                    now,
                    actor.to_log_text(),
                    i64::try_from(days.len()).unwrap_or(i64::MAX),
                    days.iter().min().map(|d| d.to_string()),
                    days.iter().max().map(|d| d.to_string())
                ],
            )?;
        }
        destroy_requests(c, &requests)?;
        destroy_ledger(c, &ledger)?;
        destroy_cctv_requests(c, &cctv)?;
        c.execute("DELETE FROM retention_gate", [])?;
        let going: std::collections::HashSet<i64> = p.patients.iter().map(|(id, _)| *id).collect();
        let papers = i64::try_from(
            p.papers
                .iter()
                .filter(|x| x.shredded && going.contains(&x.patient_id))
                .count(),
        )
        .unwrap_or(i64::MAX);
        for d in due.iter().filter(|d| d.count > 0) {
            let papers = if d.category == Category::PatientList {
                papers
            } else {
                0
            };
            c.execute(
                "INSERT INTO destruction_log (at, actor, category, count, oldest, newest, papers)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    now,
                    actor.to_log_text(),
                    d.category.as_str(),
                    d.count,
                    d.oldest,
                    d.newest,
                    papers
                ],
            )?;
        }
        for (stream, cutoff) in [
            (Stream::Access, p.access_cutoff),
            (Stream::Permission, p.permission_cutoff),
        ] {
            if let Some(cut) = time::seoul_midnight(cutoff)
                && audit::purge_before(c, tx.audit_key, stream, cut)? > 0
            {
                tombstones::record_purge(tx, stream, cut)?;
            }
        }
        tombstones::forget_old(tx)?;
        tx.log(Entry::new(Action::DestructionRun, actor).detail(counts(&due)))?;
        Ok(due)
    })?;
    scrub(store)?;
    // Backup copies past their age limit hold records destroyed since: they go too, each file
    // logged, and the destruction log counts them.
    let safety = crate::backup::destroy_safety_copies(store)?;
    if !safety.is_empty() {
        store.write(|tx| {
            let days: Vec<&str> = safety.iter().map(|c| &c.made_at[..10]).collect();
            tx.conn().execute(
                "INSERT INTO destruction_log (at, actor, category, count, oldest, newest, papers)
                 VALUES (?1, ?2, 'safety-copies', ?3, ?4, ?5, 0)",
                params![
                    time::to_stored(tx.now()),
                    actor.to_log_text(),
                    i64::try_from(safety.len()).unwrap_or(i64::MAX),
                    days.iter().min(),
                    days.iter().max()
                ],
            )?;
            Ok(())
        })?;
    }
    let copies = crate::backup_schedule::destroy_too_old(store, actor)?;
    if !copies.is_empty() {
        store.write(|tx| {
            let days: Vec<&str> = copies.iter().map(|c| &c.made_at[..10]).collect();
            tx.conn().execute(
                "INSERT INTO destruction_log (at, actor, category, count, oldest, newest, papers)
                 VALUES (?1, ?2, 'backup-copies', ?3, ?4, ?5, 0)",
                params![
                    time::to_stored(tx.now()),
                    actor.to_log_text(),
                    i64::try_from(copies.len()).unwrap_or(i64::MAX),
                    days.iter().min(),
                    days.iter().max()
                ],
            )?;
            Ok(())
        })?;
    }
    Ok(due)
}

/// The clock check before a run (see [`run`]).
fn check_clock(store: &Store, confirmed: Option<NaiveDate>) -> Result<()> {
    let now = store.now();
    let c = store.conn();
    let newest: Option<String> = c.query_row("SELECT max(at) FROM audit_log", [], |r| r.get(0))?;
    let hour_ago = time::to_stored(now - chrono::Duration::hours(1));
    let previous: Option<String> = c.query_row(
        "SELECT max(at) FROM audit_log WHERE at < ?1",
        [&hour_ago],
        |r| r.get(0),
    )?;
    let parse = |t: Option<String>| t.and_then(|t| time::from_stored(&t));
    jeopsu_core::privacy::clock_trusted(now, parse(newest), parse(previous), confirmed)
        .map_err(|(today, log)| StoreError::ClockSuspect { today, log })
}

/// A patient's whole record: their bookings (and phone bookings linked to them), visits, consent
/// records and guardians, corrections, holds, search entry and row. Inside the retention gate.
pub(crate) fn destroy_patients(c: &rusqlite::Connection, ids: &[i64]) -> Result<()> {
    for id in ids {
        // Phone bookings linked to this patient go with them.
        let linked: Vec<i64> = {
            let mut stmt =
                c.prepare("SELECT appointment_id FROM appointment_links WHERE patient_id = ?1")?;
            stmt.query_map([id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        // Their own bookings first (a move of a linked phone booking names it), then the
        // linked phone bookings, then the rest of the record.
        for sql in [
            "DELETE FROM appointment_events WHERE appointment_id IN (SELECT id FROM appointments WHERE patient_id = ?1)",
            "DELETE FROM appointment_links WHERE appointment_id IN (SELECT id FROM appointments WHERE patient_id = ?1)",
            "DELETE FROM appointments WHERE patient_id = ?1",
        ] {
            c.execute(sql, [id])?;
        }
        for booking in &linked {
            c.execute(
                "DELETE FROM appointment_events WHERE appointment_id = ?1",
                [booking],
            )?;
            c.execute(
                "DELETE FROM appointment_links WHERE appointment_id = ?1",
                [booking],
            )?;
            c.execute("DELETE FROM appointments WHERE id = ?1", [booking])?;
        }
        for sql in [
            "DELETE FROM visit_events WHERE visit_id IN (SELECT id FROM visits WHERE patient_id = ?1)",
            "DELETE FROM visits WHERE patient_id = ?1",
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
    Ok(())
}

/// Phone bookings nobody came for.
pub(crate) fn destroy_bookings(c: &rusqlite::Connection, ids: &[i64]) -> Result<()> {
    for id in ids {
        c.execute(
            "DELETE FROM appointment_events WHERE appointment_id = ?1",
            [id],
        )?;
        c.execute(
            "DELETE FROM appointment_links WHERE appointment_id = ?1",
            [id],
        )?;
        c.execute("DELETE FROM appointments WHERE id = ?1", [id])?;
    }
    Ok(())
}

pub(crate) fn destroy_requests(c: &rusqlite::Connection, ids: &[i64]) -> Result<()> {
    for id in ids {
        c.execute("DELETE FROM privacy_deferrals WHERE request_id = ?1", [id])?;
        c.execute("DELETE FROM privacy_answers WHERE request_id = ?1", [id])?;
        c.execute("DELETE FROM privacy_requests WHERE id = ?1", [id])?;
    }
    Ok(())
}

/// Ledger rows, newest first: a correction goes before the row it corrects.
pub(crate) fn destroy_ledger(c: &rusqlite::Connection, nos: &[i64]) -> Result<()> {
    let mut nos = nos.to_vec();
    nos.sort_unstable();
    for no in nos.iter().rev() {
        c.execute("DELETE FROM cctv_ledger WHERE no = ?1", [no])?;
    }
    Ok(())
}

pub(crate) fn destroy_cctv_requests(c: &rusqlite::Connection, ids: &[i64]) -> Result<()> {
    for id in ids {
        c.execute("DELETE FROM cctv_events WHERE request_id = ?1", [id])?;
        c.execute("DELETE FROM cctv_requests WHERE id = ?1", [id])?;
    }
    Ok(())
}

/// Makes deleted bytes unrecoverable: merges the search index (its segments still hold the
/// deleted rows' tokens until merged), checkpoints and truncates the WAL, and rebuilds the file.
pub(crate) fn scrub(store: &Store) -> Result<()> {
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
        "SELECT at, actor, category, count, oldest, newest, papers FROM destruction_log ORDER BY id DESC",
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
                papers: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
