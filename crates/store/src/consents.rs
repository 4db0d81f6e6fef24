//! Consent records (docs/LAW.md "Registration and consent"): one row per item and decision, on the exact
//! wording (kept in `consent_texts` by its hash), with who decided, how, and which staff member
//! took it. Rows are never changed or deleted (triggers refuse it); a withdrawal is a new row that
//! takes effect at once, because the current state is always the newest row per item.

use crate::audit::Entry;
use crate::error::{Result, StoreError};
use crate::{Store, Tx};
use jeopsu_core::audit::{Action, Actor, Subject};
use jeopsu_core::consent::{ConsentDecision, ConsentItem, ConsentText};
pub use jeopsu_core::consent::{Method, Signer};
use jeopsu_core::field::FieldMessage;
use jeopsu_core::time;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

/// One stored decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConsentRecord {
    /// The row's number.
    pub id: i64,
    /// The item decided.
    pub item: ConsentItem,
    /// Yes or no (a withdrawal is a no).
    pub granted: bool,
    /// The wording's version; `None` for an imported decision or a withdrawal.
    pub text_hash: Option<String>,
    /// `ko` / `en` of that wording.
    pub lang: Option<String>,
    /// Who decided: the patient, a legal representative, or an import.
    pub signer: Signer,
    /// How it was confirmed.
    pub method: Method,
    /// UTC RFC 3339.
    pub recorded_at: String,
    /// The staff member who took the decision (the log's actor text).
    pub actor: String,
    /// The same, as a person reads it: the staff member's name with the username
    /// (`core::audit::Actor::as_read`).
    pub by: String,
    /// The signed record it belongs to (a legal representative's consent), if any.
    pub record_id: Option<i64>,
}

impl ConsentRecord {
    /// Whether this row ended an earlier agreement (a "no" after a "yes").
    /// (`core::consent::is_withdrawal` over this item's earlier rows.)
    pub fn is_withdrawal(&self, history: &[ConsentRecord]) -> bool {
        let mut before: Vec<&ConsentRecord> = history
            .iter()
            .filter(|r| r.item == self.item && r.id < self.id)
            .collect();
        before.sort_by_key(|r| r.id);
        jeopsu_core::consent::is_withdrawal(self.granted, before.iter().map(|r| r.granted))
    }
}

/// Keeps the wording (once per hash) and records each decision. Inside the caller's transaction.
pub(crate) fn record(
    tx: &Tx<'_>,
    patient_id: i64,
    decisions: &[ConsentDecision],
    signer: Signer,
    method: Method,
    actor: &Actor,
    record_id: Option<i64>,
) -> Result<()> {
    let now = time::to_stored(tx.now());
    for d in decisions {
        keep_text(tx, &d.text, &now)?;
        tx.conn().execute(
            "INSERT INTO consents (patient_id, item, granted, text_hash, signer, method,
                                   recorded_at, actor, record_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                patient_id,
                d.text.item.as_str(),
                d.granted,
                d.text.hash,
                signer.as_str(),
                method.as_str(),
                now,
                actor.to_log_text(),
                record_id,
            ],
        )?;
    }
    Ok(())
}

pub(crate) fn keep_text(tx: &Tx<'_>, text: &ConsentText, now: &str) -> Result<()> {
    tx.conn().execute(
        "INSERT INTO consent_texts (hash, item, lang, title, body, first_used)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (hash) DO NOTHING",
        params![
            text.hash,
            text.item.as_str(),
            text.lang,
            text.title,
            text.body,
            now
        ],
    )?;
    Ok(())
}

/// Every decision on file for a patient, oldest first, who took each named from `names`.
pub(crate) fn history(
    tx: &Tx<'_>,
    patient_id: i64,
    names: &crate::staff::StaffNames,
) -> Result<Vec<ConsentRecord>> {
    let mut stmt = tx.conn().prepare_cached(
        "SELECT c.id, c.item, c.granted, c.text_hash, t.lang, c.signer, c.method,
                c.recorded_at, c.actor, c.record_id
         FROM consents c LEFT JOIN consent_texts t ON t.hash = c.text_hash
         WHERE c.patient_id = ?1 ORDER BY c.id",
    )?;
    let rows = stmt.query_map([patient_id], |r| {
        let actor: String = r.get(8)?;
        Ok((
            [r.get::<_, String>(1)?, r.get(5)?, r.get(6)?],
            ConsentRecord {
                id: r.get(0)?,
                item: ConsentItem::Collection,
                granted: r.get(2)?,
                text_hash: r.get(3)?,
                lang: r.get(4)?,
                signer: Signer::Patient,
                method: Method::InPerson,
                recorded_at: r.get(7)?,
                by: names.who(&actor),
                actor,
                record_id: r.get(9)?,
            },
        ))
    })?;
    let mut out = vec![];
    for row in rows {
        let ([item, signer, method], mut rec) = row?;
        // An unknown stored value is an error, never a default (who decided is the record).
        let unknown = |what: &str, v: &str| {
            StoreError::IntegrityFailed(format!("consent {}: unknown {what} {v:?}", rec.id))
        };
        rec.item = ConsentItem::parse(&item).ok_or_else(|| unknown("item", &item))?;
        rec.signer = Signer::parse(&signer).ok_or_else(|| unknown("signer", &signer))?;
        rec.method = Method::parse(&method).ok_or_else(|| unknown("method", &method))?;
        out.push(rec);
    }
    Ok(out)
}

/// The decision in force per item: the newest row of each.
pub fn current(history: &[ConsentRecord]) -> Vec<&ConsentRecord> {
    ConsentItem::ALL
        .into_iter()
        .filter_map(|item| {
            history
                .iter()
                .filter(|r| r.item == item)
                .max_by_key(|r| r.id)
        })
        .collect()
}

/// The stored wording of one version.
pub fn text(store: &Store, hash: &str) -> Result<Option<ConsentText>> {
    store
        .conn()
        .query_row(
            "SELECT item, lang, title, body FROM consent_texts WHERE hash = ?1",
            [hash],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, String>(3)?,
                ))
            },
        )
        .optional()?
        .map(|(item, lang, title, body)| {
            let item = ConsentItem::parse(&item).ok_or_else(|| {
                StoreError::IntegrityFailed(format!("unknown consent item {item}"))
            })?;
            let t = ConsentText::new(item, &lang, &title, &body);
            if t.hash != hash {
                return Err(StoreError::IntegrityFailed(format!(
                    "consent wording {hash} no longer matches its hash"
                )));
            }
            Ok(t)
        })
        .transpose()
}

/// Changes the marketing decision (docs/LAW.md "Minors": a withdrawal is a new dated record and takes
/// effect at once). Agreeing needs the wording shown; withdrawing needs none. A request that
/// changes nothing (already in that state) writes nothing and returns `false`.
pub fn set_marketing(
    store: &mut Store,
    actor: &Actor,
    patient_id: i64,
    granted: bool,
    text: Option<&ConsentText>,
    method: Method,
) -> Result<bool> {
    if granted && text.is_none_or(|t| t.item != ConsentItem::Marketing) {
        return Err(StoreError::Invalid(vec![jeopsu_core::FieldProblem::new(
            "consent_marketing",
            FieldMessage::ConsentChanged,
        )]));
    }
    store.write(|tx| {
        marketing_in(
            tx,
            actor,
            patient_id,
            granted,
            text,
            method,
            Signer::Patient,
        )
    })
}

/// [`set_marketing`] inside a transaction, for a step that also withdraws marketing (a privacy
/// request's answer); `signer` is who decided (the patient, or a minor's legal representative).
pub(crate) fn marketing_in(
    tx: &Tx<'_>,
    actor: &Actor,
    patient_id: i64,
    granted: bool,
    text: Option<&ConsentText>,
    method: Method,
    signer: Signer,
) -> Result<bool> {
    // The age is read in the same transaction as the write, so a birthday cannot fall between
    // the check and the row (docs/LAW.md "Minors": only the legal representative says yes).
    let age = crate::patients::age_in(tx, patient_id)?;
    jeopsu_core::consent::may_grant(age, signer, granted)
        .map_err(|p| StoreError::Invalid(vec![p]))?;
    let now_granted: Option<bool> = tx
        .conn()
        .query_row(
            "SELECT granted FROM consents WHERE patient_id = ?1 AND item = 'marketing'
             ORDER BY id DESC LIMIT 1",
            [patient_id],
            |r| r.get(0),
        )
        .optional()?;
    if now_granted.unwrap_or(false) == granted {
        return Ok(false);
    }
    let now = time::to_stored(tx.now());
    let hash = match text.filter(|_| granted) {
        Some(t) => {
            keep_text(tx, t, &now)?;
            Some(t.hash.clone())
        }
        None => None,
    };
    tx.conn().execute(
        "INSERT INTO consents (patient_id, item, granted, text_hash, signer, method,
                               recorded_at, actor)
         VALUES (?1, 'marketing', ?2, ?3, ?7, ?4, ?5, ?6)",
        params![
            patient_id,
            granted,
            hash,
            method.as_str(),
            now,
            actor.to_log_text(),
            signer.as_str()
        ],
    )?;
    let action = if granted {
        Action::ConsentRecorded
    } else {
        Action::ConsentWithdrawn
    };
    tx.log(
        Entry::new(action, actor)
            .subject(Subject::patient(patient_id))
            .detail(serde_json::json!({ "item": "marketing", "granted": granted })),
    )?;
    Ok(true)
}
