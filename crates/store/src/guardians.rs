//! A minor's legal representative consents (docs/LAW.md "Minors").
//!
//! [`record`] stores one signed record: the guardian(s) and how each was checked, the per-item
//! decisions (rows in `consents` with `signer = guardian`), the plain-language notice shown, the
//! signature strokes or where the signed paper is filed, and the witnessing staff member, with
//! an access-log row, all in one transaction. Records are immutable (triggers refuse an update
//! or a delete); a correction is a new record, the newest per item being in force.

use crate::audit::Entry;
use crate::consents::{self, ConsentRecord, Method, Signer};
use crate::error::{Result, StoreError};
use crate::patients::record_in;
use crate::staff::StaffNames;
use crate::{Store, Tx};
use jeopsu_core::audit::{Action, Actor, Subject};
use jeopsu_core::consent::{ConsentText, Notice};
use jeopsu_core::guardian::{
    Guardian, GuardianConsentInput, Relationship, SignMethod, Signature, Verification,
};
use jeopsu_core::time;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

/// One signed legal-representative consent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignedRecord {
    /// The record's number.
    pub id: i64,
    /// The patient's internal id.
    pub patient_id: i64,
    /// The language of the wording shown (`ko` or `en`).
    pub lang: String,
    /// Signed on the pad or on paper.
    pub method: SignMethod,
    /// The drawn signature, for the pad.
    pub signature: Option<Signature>,
    /// Where the paper is filed, for paper.
    pub paper_filed_at: Option<String>,
    /// From 14 to 18: the minor acknowledged the notice; `None` under 14.
    pub minor_ack: Option<bool>,
    /// The patient's age (만 나이) on the day.
    pub patient_age: u32,
    /// The hash of the plain-language notice shown.
    pub notice_hash: String,
    /// The registration notice read with it; `None` for a record from before it existed.
    pub registration_notice_hash: Option<String>,
    /// From 14 to 18: what the representative and the minor each answered (the decision in
    /// force is a "yes" only where both said yes); `None` under 14 and on older records.
    pub teen_answers: Option<jeopsu_core::guardian::TeenAnswers>,
    /// Someone other than the representatives came with the child, on their authorisation.
    pub companion: Option<jeopsu_core::guardian::Companion>,
    /// UTC RFC 3339.
    pub recorded_at: String,
    /// The witnessing staff member (the log's actor text).
    pub actor: String,
    /// The same, as a person reads it (`core::audit::Actor::as_read`).
    pub witness: String,
    /// The legal representatives who consented.
    pub guardians: Vec<Guardian>,
}

/// Checks the guardian step for patient `patient_id` against the wording current now (`items`,
/// `notice`) and the patient's age today (read in the same transaction, so a birthday cannot fall
/// between the check and the write), then stores it. Returns the record id.
pub fn record(
    store: &mut Store,
    actor: &Actor,
    patient_id: i64,
    input: &GuardianConsentInput,
    items: &[ConsentText],
    notice: &Notice,
    registration: &Notice,
) -> Result<i64> {
    let lang = notice.lang.clone();
    store.write(|tx| {
        let patient = record_in(tx, patient_id)?;
        let consent = input
            .validate(
                patient.age,
                crate::settings::consent_policy(tx)?,
                items,
                &notice.hash,
                &registration.hash,
                time::seoul_local(tx.now()),
            )
            .map_err(StoreError::Invalid)?;
        let now = time::to_stored(tx.now());
        keep_notice(tx, notice, &now)?;
        keep_notice(tx, registration, &now)?;
        let teen_answers = consent
            .teen_answers
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| StoreError::Internal(format!("teen answers: {e}")))?;
        let companion = consent
            .companion
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| StoreError::Internal(format!("companion: {e}")))?;
        let signature = consent
            .signature
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(|e| StoreError::IntegrityFailed(format!("signature: {e}")))?;
        tx.conn().execute(
            "INSERT INTO consent_records (patient_id, lang, method, signature, paper_filed_at,
                                          minor_ack, patient_age, notice_hash, recorded_at, actor,
                                          registration_notice_hash, teen_answers, companion)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                patient_id,
                lang,
                consent.method.as_str(),
                signature,
                consent.paper_filed_at,
                consent.minor_ack,
                patient.age.years,
                consent.notice_hash,
                now,
                actor.to_log_text(),
                registration.hash,
                teen_answers,
                companion,
            ],
        )?;
        let record_id = tx.conn().last_insert_rowid();
        for (i, g) in consent.guardians.iter().enumerate() {
            tx.conn().execute(
                "INSERT INTO guardians (record_id, position, name, relationship,
                                        relationship_other, mobile, verification,
                                        verification_note, called_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    record_id,
                    i as i64 + 1,
                    g.name,
                    g.relationship.as_str(),
                    g.relationship_other,
                    g.mobile,
                    g.verification.as_str(),
                    g.verification_note,
                    g.called_at,
                ],
            )?;
        }
        consents::record(
            tx,
            patient_id,
            &consent.decisions,
            Signer::Guardian,
            Method::InPerson,
            actor,
            Some(record_id),
        )?;
        tx.log(
            Entry::new(Action::GuardianConsentRecorded, actor)
                .subject(Subject::patient(patient_id))
                .detail(serde_json::json!({
                    "record": record_id,
                    "method": consent.method.as_str(),
                    "guardians": consent.guardians.len(),
                    "age": patient.age.years,
                    "consents": consent
                        .decisions
                        .iter()
                        .map(|d| (d.text.item.as_str(), d.granted))
                        .collect::<std::collections::BTreeMap<_, _>>(),
                })),
        )?;
        Ok(record_id)
    })
}

fn keep_notice(tx: &Tx<'_>, notice: &Notice, now: &str) -> Result<()> {
    tx.conn().execute(
        "INSERT INTO notice_texts (hash, lang, title, body, first_used)
         VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (hash) DO NOTHING",
        params![notice.hash, notice.lang, notice.title, notice.body(), now],
    )?;
    Ok(())
}

/// The stored wording of a notice version, checked against its hash.
pub fn notice(store: &Store, hash: &str) -> Result<Option<Notice>> {
    store
        .conn()
        .query_row(
            "SELECT lang, title, body FROM notice_texts WHERE hash = ?1",
            [hash],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            },
        )
        .optional()?
        .map(|(lang, title, body)| {
            let n = Notice::new(&lang, &title, &body);
            if n.hash == hash {
                Ok(n)
            } else {
                Err(StoreError::IntegrityFailed(format!(
                    "notice wording {hash} no longer matches its hash"
                )))
            }
        })
        .transpose()
}

/// The exact wording a signed record was given on: the item texts of its decisions (in the
/// order they were recorded), the plain-language notice and the registration notice (`None`
/// for a record from before it existed), as stored by hash.
pub fn wording(
    store: &Store,
    record: &SignedRecord,
    consents: &[ConsentRecord],
) -> Result<(Vec<ConsentText>, Notice, Option<Notice>)> {
    let mut items = vec![];
    for h in consents
        .iter()
        .filter(|c| c.record_id == Some(record.id))
        .filter_map(|c| c.text_hash.as_deref())
    {
        items.extend(consents::text(store, h)?);
    }
    let notice = notice(store, &record.notice_hash)?.ok_or_else(|| {
        StoreError::IntegrityFailed(format!("notice {} missing", record.notice_hash))
    })?;
    let registration = match &record.registration_notice_hash {
        Some(h) => Some(
            self::notice(store, h)?
                .ok_or_else(|| StoreError::IntegrityFailed(format!("notice {h} missing")))?,
        ),
        None => None,
    };
    Ok((items, notice, registration))
}

/// The signed records of one patient, oldest first, with their guardians; the witness named
/// from `names`.
pub(crate) fn records_in(
    tx: &Tx<'_>,
    patient_id: i64,
    names: &StaffNames,
) -> Result<Vec<SignedRecord>> {
    let ids: Vec<i64> = tx
        .conn()
        .prepare_cached("SELECT id FROM consent_records WHERE patient_id = ?1 ORDER BY id")?
        .query_map([patient_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    ids.into_iter()
        .map(|id| record_by_id(tx, id, names))
        .collect()
}

fn bad(what: &str) -> StoreError {
    StoreError::IntegrityFailed(format!("consent record: unknown {what}"))
}

pub(crate) fn record_by_id(tx: &Tx<'_>, id: i64, names: &StaffNames) -> Result<SignedRecord> {
    let row = tx
        .conn()
        .query_row(
            "SELECT patient_id, lang, method, signature, paper_filed_at, minor_ack, patient_age,
                    notice_hash, recorded_at, actor, registration_notice_hash, teen_answers,
                    companion
             FROM consent_records WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                    r.get::<_, Option<String>>(4)?,
                    r.get::<_, Option<bool>>(5)?,
                    r.get::<_, u32>(6)?,
                    r.get::<_, String>(7)?,
                    r.get::<_, String>(8)?,
                    r.get::<_, String>(9)?,
                    r.get::<_, Option<String>>(10)?,
                    r.get::<_, Option<String>>(11)?,
                    r.get::<_, Option<String>>(12)?,
                ))
            },
        )
        .optional()?
        .ok_or_else(|| StoreError::not_found(crate::error::Thing::ConsentRecord, id))?;
    let (
        patient_id,
        lang,
        method,
        signature,
        paper_filed_at,
        minor_ack,
        age,
        notice,
        at,
        actor,
        registration_notice_hash,
        teen_answers,
        companion,
    ) = row;
    let companion = companion
        .map(|s| serde_json::from_str(&s))
        .transpose()
        .map_err(|_| bad("companion"))?;
    let teen_answers = teen_answers
        .map(|s| serde_json::from_str(&s))
        .transpose()
        .map_err(|_| bad("teen answers"))?;
    let signature = signature
        .map(|s| serde_json::from_str::<Signature>(&s))
        .transpose()
        .map_err(|_| bad("signature"))?;
    let mut stmt = tx.conn().prepare_cached(
        "SELECT name, relationship, relationship_other, mobile, verification, verification_note,
                called_at
         FROM guardians WHERE record_id = ?1 ORDER BY position",
    )?;
    let raw = stmt
        .query_map([id], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<String>>(6)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let guardians = raw
        .into_iter()
        .map(|(name, rel, rel_other, mobile, ver, note, called_at)| {
            Ok(Guardian {
                name,
                relationship: Relationship::parse(&rel).ok_or_else(|| bad("relationship"))?,
                relationship_other: rel_other,
                mobile,
                verification: Verification::parse(&ver).ok_or_else(|| bad("verification"))?,
                verification_note: note,
                called_at,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(SignedRecord {
        id,
        patient_id,
        lang,
        method: SignMethod::parse(&method).ok_or_else(|| bad("method"))?,
        signature,
        paper_filed_at,
        minor_ack,
        patient_age: age,
        notice_hash: notice,
        registration_notice_hash,
        teen_answers,
        companion,
        recorded_at: at,
        witness: names.who(&actor),
        actor,
        guardians,
    })
}

/// One signed record (for its printed copy). Reading it is a read of the patient's record and
/// is logged.
pub fn signed_record(store: &mut Store, actor: &Actor, id: i64) -> Result<SignedRecord> {
    store.write(|tx| {
        let rec = record_by_id(tx, id, &StaffNames::load(tx.conn())?)?;
        tx.log(
            Entry::new(Action::PatientViewed, actor)
                .subject(Subject::patient(rec.patient_id))
                .detail(serde_json::json!({ "consent_record": id })),
        )?;
        Ok(rec)
    })
}
