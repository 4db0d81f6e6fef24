//! Data-subject requests, legal holds, and what a person's export holds.
//!
//! Every function writes its access-log row in the transaction that reads or changes the data.
//! Which role may call which is the caller's check (the app's commands: the privacy officer).

use crate::audit::{self, Entry};
use crate::consents::{self, Method, Signer};
use crate::error::{Result, StoreError};
use crate::patients::{PatientRecord, record_in};
use crate::{Store, Tx, settings};
use chrono::{NaiveDate, NaiveDateTime};
use jeopsu_core::FieldProblem;
use jeopsu_core::audit::{Action, Actor, Subject};
use jeopsu_core::field::minute_text;
use jeopsu_core::privacy::{
    Answer, AnswerInput, Capacity, Category, KeptByLaw, Outcome, PrivacyKind, PrivacyRequest,
    PrivacyRequestInput, RetentionRule, Target,
};
use jeopsu_core::time;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

mod export;
mod holds;
mod requests;

pub use export::*;
pub use holds::*;
pub use requests::*;

/// The setting the privacy officer's retention rules are saved under (JSON).
pub const RULES: &str = "retention.rules";

fn seoul_now(tx: &Tx<'_>) -> NaiveDateTime {
    time::seoul_local(tx.now())
}

fn json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Internal(e.to_string()))
}

/// The retention rules in force (the defaults until the privacy officer saves others).
pub fn rules_in(conn: &rusqlite::Connection) -> Result<Vec<RetentionRule>> {
    let saved: Option<Vec<RetentionRule>> = settings::get_json(conn, RULES)?;
    let mut rules = saved.unwrap_or_else(jeopsu_core::privacy::default_rules);
    // CCTV records follow the CCTV officer's setting.
    let cctv_years = crate::cctv::setup_years(conn)?;
    for r in &mut rules {
        if r.category == Category::CctvRecords {
            r.years = cctv_years;
        }
    }
    Ok(rules)
}

/// The retention rules in force ([`rules_in`] on the store's connection).
pub fn rules(store: &Store) -> Result<Vec<RetentionRule>> {
    rules_in(store.conn())
}

/// Saves the privacy officer's retention rules, checked, with their log row.
pub fn set_rules(
    store: &mut Store,
    actor: &Actor,
    new_rules: &[RetentionRule],
) -> Result<Vec<RetentionRule>> {
    let checked = jeopsu_core::privacy::check_rules(new_rules).map_err(StoreError::Invalid)?;
    let text = json(&checked)?;
    store.write(|tx| {
        settings::put(tx.conn(), RULES, &text)?;
        tx.log(Entry::new(Action::RetentionRulesChanged, actor).detail(serde_json::json!({
            "rules": checked.iter().map(|r| (r.category.as_str(), r.years)).collect::<std::collections::BTreeMap<_, _>>(),
        })))?;
        Ok(())
    })?;
    rules(store)
}

pub(crate) fn years_of(rules: &[RetentionRule], c: Category) -> u32 {
    rules
        .iter()
        .find(|r| r.category == c)
        .map(|r| r.years)
        .unwrap_or_else(|| c.default_years())
}

/// The Seoul date the patient list's period counts from: the last visit, or registration for a
/// patient never seen (docs/LAW.md "Retention"). Corrections and consent changes do not restart
/// it. The retention plan reads the same two dates.
pub(crate) fn last_event(tx: &Tx<'_>, patient_id: i64) -> Result<Option<NaiveDate>> {
    let (last_visit, created): (Option<String>, String) = tx.conn().query_row(
        &format!("SELECT {LAST_VISIT_DAY}, p.created_at FROM patients p WHERE p.id = ?1"),
        [patient_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(last_event_day(last_visit.as_deref(), &created))
}

/// The SQL for patient `p`'s last visit day (the `(patient_id, day)` index answers it), read with
/// [`last_event_day`]: the one rule for the patient list's start date, used here and by the
/// retention plan.
pub(crate) const LAST_VISIT_DAY: &str =
    "(SELECT max(v.day) FROM visits v WHERE v.patient_id = p.id)";

/// The last visit's day, or the registration's Seoul day for a patient never seen.
pub(crate) fn last_event_day(last_visit: Option<&str>, created: &str) -> Option<NaiveDate> {
    match last_visit {
        Some(day) => NaiveDate::parse_from_str(day, "%Y-%m-%d").ok(),
        None => time::from_stored(created).map(time::seoul_date),
    }
}

/// Where a request stands, as listed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PrivacySummary {
    /// The request's number.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// The patient's internal id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub patient_id: i64,
    /// The patient's chart number.
    pub chart_no: String,
    /// What is asked.
    pub kind: PrivacyKind,
    /// What it is about.
    pub target: Target,
    /// The requester's name.
    pub requester_name: String,
    /// In what capacity they ask.
    pub capacity: Capacity,
    /// When it was received, `YYYY-MM-DD HH:MM`, Seoul time.
    pub received_at: String,
    /// `YYYY-MM-DD`.
    pub due: String,
    /// Days left to answer; negative when overdue.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub days_left: i64,
    /// Not answered and past its due date.
    pub overdue: bool,
    /// The outcome, once answered.
    pub outcome: Option<Outcome>,
    /// Deferred and not yet answered: the day it comes back (`YYYY-MM-DD`).
    pub follow_up_on: Option<String>,
    /// That day has come: the request is due again.
    pub follow_up_due: bool,
}

/// A privacy request opened on screen.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PrivacyView {
    /// Where it stands, as listed.
    pub summary: PrivacySummary,
    /// The request as received.
    pub request: PrivacyRequest,
    /// The answer, once given.
    pub answer: Option<Answer>,
    /// Deferrals before the answer, oldest first.
    pub deferrals: Vec<Answer>,
    /// Who took it in, as a person reads it (`박영희 (officer.park)`, `cli:root`).
    pub received_by: String,
    /// The patient's corrections (newest first), to link one to a correction request.
    pub corrections: Vec<CorrectionRef>,
}

/// A correction made through the normal edit path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CorrectionRef {
    /// The correction's number.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// Seoul time.
    pub at: String,
    /// The fields it changed (their names only).
    pub fields: Vec<String>,
}

fn corrections_of(tx: &Tx<'_>, patient_id: i64) -> Result<Vec<CorrectionRef>> {
    let mut stmt = tx.conn().prepare(
        "SELECT id, at, fields FROM patient_corrections WHERE patient_id = ?1 ORDER BY id DESC",
    )?;
    let rows = stmt
        .query_map([patient_id], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows
        .into_iter()
        .map(|(id, at, fields)| CorrectionRef {
            id,
            at: time::stored_as_minutes(&at).unwrap_or(at),
            fields: serde_json::from_str(&fields).unwrap_or_default(),
        })
        .collect())
}
