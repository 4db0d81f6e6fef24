//! A data subject's request: intake, the view, the list, the answer (or its deferral).

use super::*;
use jeopsu_core::field::FieldMessage;

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

pub(super) fn load(tx: &Tx<'_>, id: i64) -> Result<PrivacyView> {
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
        .ok_or_else(|| StoreError::not_found(crate::error::Thing::PrivacyRequest, id))?;
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
        received_by: crate::staff::who(tx.conn(), &actor)?,
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
                        FieldMessage::KeptByLaw,
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
                    FieldMessage::CorrectionLink,
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
