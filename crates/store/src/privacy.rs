//! Data-subject requests, legal holds, and what a person's export holds (issue 7).
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

pub const RULES: &str = "retention.rules";

fn seoul_now(tx: &Tx<'_>) -> NaiveDateTime {
    time::seoul_local(tx.now())
}

fn json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Internal(e.to_string()))
}

/// The retention rules in force (the defaults until the privacy officer saves others).
pub fn rules_in(conn: &rusqlite::Connection) -> Result<Vec<RetentionRule>> {
    let saved: Option<Vec<RetentionRule>> =
        settings::get(conn, RULES)?.and_then(|j| serde_json::from_str(&j).ok());
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

pub fn rules(store: &Store) -> Result<Vec<RetentionRule>> {
    rules_in(store.conn())
}

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
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub patient_id: i64,
    pub chart_no: String,
    pub kind: PrivacyKind,
    pub target: Target,
    pub requester_name: String,
    pub capacity: Capacity,
    pub received_at: String,
    /// `YYYY-MM-DD`.
    pub due: String,
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub days_left: i64,
    pub overdue: bool,
    pub outcome: Option<Outcome>,
    /// Deferred and not yet answered: the day it comes back (`YYYY-MM-DD`).
    pub follow_up_on: Option<String>,
    /// That day has come: the request is due again.
    pub follow_up_due: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PrivacyView {
    pub summary: PrivacySummary,
    pub request: PrivacyRequest,
    pub answer: Option<Answer>,
    /// Deferrals before the answer, oldest first.
    pub deferrals: Vec<Answer>,
    /// The staff member who took it in.
    pub received_by: String,
    /// The patient's corrections (newest first), to link one to a correction request.
    pub corrections: Vec<CorrectionRef>,
}

/// A correction made through the normal edit path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CorrectionRef {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// Seoul time.
    pub at: String,
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
            at: time::from_stored(&at)
                .map(time::display_minutes)
                .unwrap_or(at),
            fields: serde_json::from_str(&fields).unwrap_or_default(),
        })
        .collect())
}

/// Takes in a request about patient `patient_id` (whose age decides whether a parent may ask).
pub fn intake(
    store: &mut Store,
    actor: &Actor,
    patient_id: i64,
    input: &PrivacyRequestInput,
) -> Result<i64> {
    store.write(|tx| {
        let patient = record_in(tx, patient_id)?;
        let r = input
            .validate(patient.age.minor, seoul_now(tx))
            .map_err(StoreError::Invalid)?;
        tx.conn().execute(
            "INSERT INTO privacy_requests (patient_id, chart_no, kind, target, requester_name,
                 capacity, check_kind, check_note, details, received_at, created_at, actor)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                patient_id,
                patient.chart_no,
                r.kind.as_str(),
                r.target.as_str(),
                r.requester_name,
                r.capacity.as_str(),
                r.check.as_str(),
                r.check_note,
                r.details,
                r.received_at,
                time::to_stored(tx.now()),
                actor.to_log_text(),
            ],
        )?;
        let id = tx.conn().last_insert_rowid();
        tx.log(
            Entry::new(Action::PrivacyRequestReceived, actor)
                .subject(Subject::patient(patient_id))
                .detail(serde_json::json!({
                    "request": id,
                    "kind": r.kind.as_str(),
                    "target": r.target.as_str(),
                    "capacity": r.capacity.as_str(),
                })),
        )?;
        Ok(id)
    })
}

fn load(tx: &Tx<'_>, id: i64) -> Result<PrivacyView> {
    let row = tx
        .conn()
        .query_row(
            "SELECT patient_id, chart_no, kind, target, requester_name, capacity, check_kind,
                    check_note, details, received_at, actor,
                    (SELECT data FROM privacy_answers WHERE request_id = r.id)
             FROM privacy_requests r WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    [r.get::<_, String>(2)?, r.get(3)?, r.get(5)?, r.get(6)?],
                    r.get::<_, String>(4)?,
                    r.get::<_, Option<String>>(7)?,
                    r.get::<_, String>(8)?,
                    r.get::<_, String>(9)?,
                    r.get::<_, String>(10)?,
                    r.get::<_, Option<String>>(11)?,
                ))
            },
        )
        .optional()?
        .ok_or_else(|| StoreError::NotFound(format!("privacy request {id}")))?;
    let (
        patient_id,
        chart_no,
        words,
        requester_name,
        check_note,
        details,
        received_at,
        actor,
        answer,
    ) = row;
    let bad = |w: &str| StoreError::IntegrityFailed(format!("privacy request {id}: {w}"));
    let request = PrivacyRequest {
        kind: PrivacyKind::parse(&words[0]).ok_or_else(|| bad("kind"))?,
        target: Target::parse(&words[1]).ok_or_else(|| bad("target"))?,
        requester_name,
        capacity: Capacity::parse(&words[2]).ok_or_else(|| bad("capacity"))?,
        check: jeopsu_core::privacy::AuthorityCheck::parse(&words[3])
            .ok_or_else(|| bad("check"))?,
        check_note,
        details,
        received_at,
    };
    let answer: Option<Answer> = answer
        .map(|a| serde_json::from_str(&a).map_err(|_| bad("answer")))
        .transpose()?;
    let received = NaiveDateTime::parse_from_str(&request.received_at, "%Y-%m-%d %H:%M")
        .map_err(|_| bad("received_at"))?;
    let due = time::answer_due(received);
    let days_left = time::days_left(due, seoul_now(tx));
    let deferrals: Vec<Answer> = {
        let mut stmt = tx.conn().prepare_cached(
            "SELECT data FROM privacy_deferrals WHERE request_id = ?1 ORDER BY id",
        )?;
        let rows = stmt
            .query_map([id], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        rows.iter()
            .map(|d| serde_json::from_str(d).map_err(|_| bad("deferral")))
            .collect::<Result<_>>()?
    };
    // A deferred request waits for its follow-up day, not the 10-day deadline.
    let follow_up_on = answer
        .is_none()
        .then(|| deferrals.last().and_then(|d| d.follow_up_on.clone()))
        .flatten();
    let follow_up_due = follow_up_on
        .as_deref()
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .is_some_and(|d| seoul_now(tx).date() >= d);
    Ok(PrivacyView {
        summary: PrivacySummary {
            id,
            patient_id,
            chart_no,
            kind: request.kind,
            target: request.target,
            requester_name: request.requester_name.clone(),
            capacity: request.capacity,
            received_at: request.received_at.clone(),
            due: due.to_string(),
            days_left,
            overdue: answer.is_none() && follow_up_on.is_none() && days_left < 0,
            outcome: answer.as_ref().or(deferrals.last()).map(|a| a.outcome),
            follow_up_on,
            follow_up_due,
        },
        request,
        answer,
        deferrals,
        received_by: actor.rsplit(':').next().unwrap_or(&actor).to_string(),
        corrections: corrections_of(tx, patient_id)?,
    })
}

/// Opens a request (logged).
pub fn open(store: &mut Store, actor: &Actor, id: i64) -> Result<PrivacyView> {
    store.write(|tx| {
        let v = load(tx, id)?;
        tx.log(
            Entry::new(Action::PrivacyRequestViewed, actor).subject(Subject::privacy_request(id)),
        )?;
        Ok(v)
    })
}

/// Requests, newest first: all, or only those not answered yet (logged).
pub fn list(store: &mut Store, actor: &Actor, open_only: bool) -> Result<Vec<PrivacySummary>> {
    store.write(|tx| {
        let ids = {
            let mut stmt = tx.conn().prepare(
                "SELECT id FROM privacy_requests r
                 WHERE NOT ?1 OR NOT EXISTS (SELECT 1 FROM privacy_answers a WHERE a.request_id = r.id)
                 ORDER BY received_at DESC, id DESC",
            )?;
            stmt.query_map([open_only], |r| r.get::<_, i64>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?
        };
        let out = ids
            .into_iter()
            .map(|id| load(tx, id).map(|v| v.summary))
            .collect::<Result<Vec<_>>>()?;
        tx.log(Entry::new(Action::PrivacyListed, actor).detail(serde_json::json!({ "shown": out.len() })))?;
        Ok(out)
    })
}

/// Answers request `id`, once. What the answer does happens in the same transaction: a marketing
/// deletion, processing stop or consent withdrawal withdraws the marketing consent at once (a
/// new dated consent row, signed by the patient or the legal representative); a deletion of the
/// record cannot be "done" (the Medical Service Act keeps the patient list): the answer names the
/// law and the day until which it is kept, after which the retention run destroys it.
pub fn answer(
    store: &mut Store,
    actor: &Actor,
    id: i64,
    input: &AnswerInput,
) -> Result<PrivacyView> {
    store.write(|tx| {
        let v = load(tx, id)?;
        if v.answer.is_some() {
            return Err(StoreError::Conflict(format!(
                "privacy request {id} is already answered"
            )));
        }
        let mut a = input.validate(seoul_now(tx)).map_err(StoreError::Invalid)?;
        a.correction = a
            .correction
            .filter(|_| v.request.kind == PrivacyKind::Correction);
        // A deferral does nothing yet: the request stays open and comes back on its day.
        if a.outcome == Outcome::Deferred {
            tx.conn().execute(
                "INSERT INTO privacy_deferrals (request_id, data, follow_up_on, at, actor)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    id,
                    json(&a)?,
                    a.follow_up_on.clone().unwrap_or_default(),
                    time::to_stored(tx.now()),
                    actor.to_log_text()
                ],
            )?;
            tx.log(
                Entry::new(Action::PrivacyDeferred, actor)
                    .subject(Subject::patient(v.summary.patient_id))
                    .detail(serde_json::json!({ "request": id, "follow_up_on": a.follow_up_on })),
            )?;
            return load(tx, id);
        }
        let r = &v.request;
        let patient_id = v.summary.patient_id;
        let mut withdrew = false;
        if r.kind != PrivacyKind::Correction {
            a.correction = None;
        }
        match (r.kind, r.target) {
            (PrivacyKind::Deletion, Target::Record) => {
                if a.outcome == Outcome::Done {
                    return Err(StoreError::Invalid(vec![FieldProblem::new(
                        "outcome",
                        "field-kept-by-law",
                    )]));
                }
                let years = years_of(&rules_in(tx.conn())?, Category::PatientList);
                let last = last_event(tx, patient_id)?.unwrap_or_else(|| seoul_now(tx).date());
                a.kept_by_law = Some(KeptByLaw {
                    category: Category::PatientList,
                    until: jeopsu_core::privacy::kept_until(last, years).to_string(),
                });
            }
            (
                PrivacyKind::Deletion
                | PrivacyKind::ProcessingStop
                | PrivacyKind::ConsentWithdrawal,
                Target::Marketing,
            ) if matches!(a.outcome, Outcome::Done | Outcome::Partly) => {
                let signer = if r.capacity == Capacity::LegalRepresentative {
                    Signer::Guardian
                } else {
                    Signer::Patient
                };
                withdrew = consents::marketing_in(
                    tx,
                    actor,
                    patient_id,
                    false,
                    None,
                    Method::InPerson,
                    signer,
                )?;
            }
            // One optional field deleted on its own, at once (PIPA Art. 36).
            (PrivacyKind::Deletion, t) if matches!(a.outcome, Outcome::Done | Outcome::Partly) => {
                if let Some(column) = t.optional_field() {
                    crate::patients::erase_optional_in(tx, actor, patient_id, column)?;
                }
            }
            // The correction is made through the normal edit path; the answer names it.
            (PrivacyKind::Correction, _)
                if matches!(a.outcome, Outcome::Done | Outcome::Partly)
                    && !a
                        .correction
                        .is_some_and(|c| v.corrections.iter().any(|k| k.id == c)) =>
            {
                return Err(StoreError::Invalid(vec![FieldProblem::new(
                    "correction",
                    "field-correction-link",
                )]));
            }
            _ => {}
        }
        tx.conn().execute(
            "INSERT INTO privacy_answers (request_id, data, at, actor) VALUES (?1, ?2, ?3, ?4)",
            params![
                id,
                json(&a)?,
                time::to_stored(tx.now()),
                actor.to_log_text()
            ],
        )?;
        tx.log(
            Entry::new(Action::PrivacyAnswered, actor)
                .subject(Subject::patient(patient_id))
                .detail(serde_json::json!({
                    "request": id,
                    "outcome": a.outcome.as_str(),
                    "marketing_withdrawn": withdrew,
                    "kept_until": a.kept_by_law.as_ref().map(|k| k.until.clone()),
                    "correction": a.correction,
                })),
        )?;
        load(tx, id)
    })
}

/// A legal hold (an unsettled creditor-debtor relationship): the record is not destroyed while
/// it is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Hold {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub reason: String,
    pub placed_at: String,
    pub placed_by: String,
    pub lifted_at: Option<String>,
}

pub fn place_hold(store: &mut Store, actor: &Actor, patient_id: i64, reason: &str) -> Result<i64> {
    let reason =
        jeopsu_core::field::reason("reason", reason).map_err(|p| StoreError::Invalid(vec![p]))?;
    store.write(|tx| {
        record_in(tx, patient_id)?;
        tx.conn().execute(
            "INSERT INTO legal_holds (patient_id, reason, placed_at, placed_by) VALUES (?1, ?2, ?3, ?4)",
            params![patient_id, reason, time::to_stored(tx.now()), actor.to_log_text()],
        )?;
        let id = tx.conn().last_insert_rowid();
        tx.log(Entry::new(Action::LegalHoldPlaced, actor).subject(Subject::patient(patient_id)).detail(serde_json::json!({ "hold": id })))?;
        Ok(id)
    })
}

pub fn lift_hold(store: &mut Store, actor: &Actor, hold_id: i64) -> Result<()> {
    store.write(|tx| {
        let patient: Option<i64> = tx
            .conn()
            .query_row(
                "SELECT patient_id FROM legal_holds WHERE id = ?1 AND lifted_at IS NULL",
                [hold_id],
                |r| r.get(0),
            )
            .optional()?;
        let patient =
            patient.ok_or_else(|| StoreError::NotFound(format!("legal hold {hold_id}")))?;
        tx.conn().execute(
            "UPDATE legal_holds SET lifted_at = ?2, lifted_by = ?3 WHERE id = ?1",
            params![hold_id, time::to_stored(tx.now()), actor.to_log_text()],
        )?;
        tx.log(
            Entry::new(Action::LegalHoldLifted, actor)
                .subject(Subject::patient(patient))
                .detail(serde_json::json!({ "hold": hold_id })),
        )?;
        Ok(())
    })
}

/// A hold in force, as listed for the privacy officer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ActiveHold {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub chart_no: String,
    pub reason: String,
    /// Seoul time.
    pub placed_at: String,
    pub placed_by: String,
}

/// The holds not lifted yet.
pub fn active_holds(store: &Store) -> Result<Vec<ActiveHold>> {
    let mut stmt = store.conn().prepare(
        "SELECT h.id, p.chart_no, h.reason, h.placed_at, h.placed_by
         FROM legal_holds h JOIN patients p ON p.id = h.patient_id
         WHERE h.lifted_at IS NULL ORDER BY h.id",
    )?;
    let rows = stmt
        .query_map([], |r| {
            let at: String = r.get(3)?;
            Ok(ActiveHold {
                id: r.get(0)?,
                chart_no: r.get(1)?,
                reason: r.get(2)?,
                placed_at: time::from_stored(&at)
                    .map(time::display_minutes)
                    .unwrap_or(at),
                placed_by: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub(crate) fn holds_in(tx: &Tx<'_>, patient_id: i64) -> Result<Vec<Hold>> {
    let mut stmt = tx.conn().prepare(
        "SELECT id, reason, placed_at, placed_by, lifted_at FROM legal_holds WHERE patient_id = ?1 ORDER BY id",
    )?;
    let rows = stmt
        .query_map([patient_id], |r| {
            Ok(Hold {
                id: r.get(0)?,
                reason: r.get(1)?,
                placed_at: r.get(2)?,
                placed_by: r.get(3)?,
                lifted_at: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Everything held about one patient, for their access request: the record (RRN masked),
/// consents, guardians and corrections, their privacy requests and answers, legal holds, and
/// the access-log rows about them.
#[derive(Debug, Clone, Serialize)]
pub struct SubjectExport {
    pub exported_at: String,
    pub patient: PatientRecord,
    pub requests: Vec<PrivacyView>,
    pub holds: Vec<Hold>,
    pub kept_until: Option<String>,
    pub access_log: Vec<audit::Row>,
}

/// Gathers a patient's export for `target` (a file name) with the reason it is made; the export
/// and its reason are logged in the same transaction.
pub fn export_subject(
    store: &mut Store,
    actor: &Actor,
    patient_id: i64,
    format: &str,
    target: &str,
    reason: &str,
) -> Result<SubjectExport> {
    // Core's one rule for a reason, as every other copy taken out (it was a plain text check).
    let reason =
        jeopsu_core::field::reason("reason", reason).map_err(|p| StoreError::Invalid(vec![p]))?;
    store.write(|tx| {
        let patient = record_in(tx, patient_id)?;
        let ids = {
            let mut stmt = tx
                .conn()
                .prepare("SELECT id FROM privacy_requests WHERE patient_id = ?1 ORDER BY id")?;
            stmt.query_map([patient_id], |r| r.get::<_, i64>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?
        };
        let requests = ids
            .into_iter()
            .map(|id| load(tx, id))
            .collect::<Result<Vec<_>>>()?;
        let access_log = audit::about(tx.conn(), "patient", &patient_id.to_string())?;
        let years = years_of(&rules_in(tx.conn())?, Category::PatientList);
        let kept_until = last_event(tx, patient_id)?
            .map(|d| jeopsu_core::privacy::kept_until(d, years).to_string());
        let out = SubjectExport {
            exported_at: minute_text(seoul_now(tx)),
            holds: holds_in(tx, patient_id)?,
            patient,
            requests,
            kept_until,
            access_log,
        };
        tx.log(
            Entry::new(Action::SubjectExported, actor)
                .subject(Subject::patient(patient_id))
                .reason(&reason)
                .detail(serde_json::json!({ "format": format, "file": target })),
        )?;
        Ok(out)
    })
}
