//! Holds: a patient's records kept past their period while a dispute or request needs them.

use super::*;

/// A legal hold (an unsettled creditor-debtor relationship): the record is not destroyed while
/// it is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Hold {
    /// The hold's number.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// Why the record is held.
    pub reason: String,
    /// When it was placed (stored form, UTC).
    pub placed_at: String,
    /// Who placed it (the log's actor text).
    pub placed_by: String,
    /// When it was lifted, if it was.
    pub lifted_at: Option<String>,
}

/// Puts a legal hold on a patient's records, with its reason (2 to 200 characters) and its log
/// row; returns the hold's number.
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

/// Lifts a hold in force, with its log row; a hold already lifted or unknown is `NotFound`.
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
        let patient = patient
            .ok_or_else(|| StoreError::not_found(crate::error::Thing::LegalHold, hold_id))?;
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
    /// The hold's number.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// The patient's chart number.
    pub chart_no: String,
    /// Why the record is held.
    pub reason: String,
    /// Seoul time.
    pub placed_at: String,
    /// Who placed it, as a person reads it (`박영희 (officer.park)`, `cli:root`).
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
                placed_at: time::stored_as_minutes(&at).unwrap_or(at),
                placed_by: r.get(4)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<ActiveHold>>>()?;
    let names = crate::staff::StaffNames::load(store.conn())?;
    Ok(rows
        .into_iter()
        .map(|h| ActiveHold {
            placed_by: names.who(&h.placed_by),
            ..h
        })
        .collect())
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
