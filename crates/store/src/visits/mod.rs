//! Visits: check-in, the day's board, status changes and undo (core::visit has the rules;
//! docs/LAW.md "Visits and the ID check"). Every check-in, status change and board opening writes
//! its access-log row in the same transaction.

use crate::audit::Entry;
use crate::error::{Result, StoreError};
use crate::{Store, Tx, settings};
use chrono::NaiveDate;
use jeopsu_core::FieldProblem;
use jeopsu_core::audit::{Action, Actor, Subject};
use jeopsu_core::field::FieldMessage;
use jeopsu_core::time;
use jeopsu_core::visit::{
    self, IdCheckInput, IdCheckMethod, IdCheckRecord, StatusChange, VisitStatus,
};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

mod desk;

pub use desk::*;

/// What the desk sends to check a patient in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CheckinInput {
    /// How identity was checked, or why not.
    pub id_check: IdCheckInput,
    /// One of the rooms the admin keeps, or empty.
    #[serde(default)]
    pub room: String,
    /// A note for the doctor or the desk; may be empty.
    #[serde(default)]
    pub note: String,
    /// The booking the patient came for (today's, theirs), if any.
    #[serde(default)]
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub appointment_id: Option<i64>,
}

/// One visit as the board and the record show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct VisitRow {
    /// The visit's number.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// Seoul date, `YYYY-MM-DD`.
    pub day: String,
    /// The visit's number in its day, in check-in order from 1 (the waiting-room screen calls it).
    pub day_no: u32,
    /// The patient's internal id.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub patient_id: i64,
    /// The patient's chart number.
    pub chart_no: String,
    /// The patient's name.
    pub name: String,
    /// Where the visit stands.
    pub status: VisitStatus,
    /// The board's "next step" (core's order of the day); `None` once done or cancelled.
    pub next: Option<VisitStatus>,
    /// Seoul time, `HH:MM`.
    pub checked_in_at: String,
    /// Minutes since check-in when read (the board adds the minutes since).
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub minutes_since: i64,
    /// The room it was sent to, if any.
    pub room: Option<String>,
    /// The desk's note, if any.
    pub note: Option<String>,
    /// `None` for a visit imported from another program.
    pub id_check: Option<IdCheckRecord>,
    /// A change can be undone (the last change was not the check-in itself).
    pub can_undo: bool,
    /// The booking it came from.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub appointment_id: Option<i64>,
}

/// What the check-in form needs for a patient: the ID check the rules preselect, and the rooms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CheckinHint {
    /// The ways of checking identity, in the order the desk offers them.
    pub methods: Vec<IdCheckMethod>,
    /// The way the rules preselect, if any (the desk may choose another).
    pub suggested: Option<IdCheckMethod>,
    /// The last identity check here, `YYYY-MM-DD`.
    pub last_confirmed: Option<String>,
    /// The rooms the admin keeps.
    pub rooms: Vec<String>,
    /// Already checked in today and not done or cancelled: the open visit.
    pub open_today: Option<VisitRow>,
    /// Today's booking still waiting for them: the check-in links it.
    pub appointment: Option<crate::appointments::AppointmentRow>,
}

/// The rooms (or doctors) the admin keeps; the default until one is set.
pub fn rooms(db: &impl crate::Db) -> Result<Vec<String>> {
    let conn = crate::conn_of(db);
    Ok(settings::get_json(conn, settings::DESK_ROOMS)?
        .unwrap_or_else(|| vec!["1진료실".to_string(), "2진료실".to_string()]))
}

/// Sets the rooms: each trimmed, 1 to 40 characters, no duplicates, 1 to 20 of them.
pub fn set_rooms(store: &mut Store, actor: &Actor, list: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = vec![];
    for r in list {
        let r = jeopsu_core::field::text("rooms", r, 40, false)
            .map_err(|p| StoreError::Invalid(vec![p]))?;
        if let Some(r) = r
            && !out.contains(&r)
        {
            out.push(r);
        }
    }
    if out.is_empty() || out.len() > 20 {
        return Err(StoreError::Invalid(vec![
            FieldProblem::new("rooms", FieldMessage::NumberRange)
                .arg("min", 1u32)
                .arg("max", 20u32),
        ]));
    }
    let json = serde_json::to_string(&out).map_err(|e| StoreError::Internal(e.to_string()))?;
    store.write(|tx| {
        settings::put(tx.conn(), settings::DESK_ROOMS, &json)?;
        tx.log(
            Entry::new(Action::SettingChanged, actor)
                .detail(serde_json::json!({ "setting": settings::DESK_ROOMS, "rooms": out.len() })),
        )?;
        Ok(())
    })?;
    Ok(out)
}

fn last_confirmed(tx: &Tx<'_>, patient_id: i64) -> Result<Option<NaiveDate>> {
    let day: Option<String> = tx.conn().query_row(
        "SELECT max(day) FROM visits WHERE patient_id = ?1 AND id_check IN ('id-card', 'mobile-card')",
        [patient_id],
        |r| r.get(0),
    )?;
    Ok(day.and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok()))
}

fn history(tx: &Tx<'_>, visit_id: i64) -> Result<Vec<StatusChange>> {
    Ok(histories(tx, "v.id = ?1", params![visit_id])?
        .remove(&visit_id)
        .unwrap_or_default())
}

/// The status changes of every visit `filter` selects (a `WHERE` on `visits v`), by visit, in
/// order: one query however many visits.
fn histories(
    tx: &Tx<'_>,
    filter: &str,
    args: impl rusqlite::Params,
) -> Result<HashMap<i64, Vec<StatusChange>>> {
    let mut stmt = tx.conn().prepare_cached(&format!(
        "SELECT e.visit_id, e.from_status, e.to_status, e.undo
         FROM visit_events e JOIN visits v ON v.id = e.visit_id
         WHERE {filter} ORDER BY e.id"
    ))?;
    let raw = stmt
        .query_map(args, |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, bool>(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out: HashMap<i64, Vec<StatusChange>> = HashMap::new();
    for (visit_id, from, to, undo) in raw {
        let bad = || StoreError::IntegrityFailed(format!("visit {visit_id}: status"));
        out.entry(visit_id).or_default().push(StatusChange {
            from: match from {
                None => None,
                Some(f) => Some(VisitStatus::parse(&f).ok_or_else(bad)?),
            },
            to: VisitStatus::parse(&to).ok_or_else(bad)?,
            undo,
        });
    }
    Ok(out)
}

/// The visits `filter` selects (a `WHERE` on `visits v`, then `order`), with their patients and
/// statuses: two queries however many visits.
fn rows(
    tx: &Tx<'_>,
    filter: &str,
    order: &str,
    args: impl rusqlite::Params + Copy,
) -> Result<Vec<VisitRow>> {
    let mut h = histories(tx, filter, args)?;
    let mut stmt = tx.conn().prepare_cached(&format!(
        "SELECT v.id, v.day, v.day_no, v.patient_id, p.chart_no, p.name, v.checked_in_at, v.room,
                v.note, v.id_check, v.id_check_reason, v.appointment_id
         FROM visits v JOIN patients p ON p.id = v.patient_id
         WHERE {filter} ORDER BY {order}"
    ))?;
    let raw = stmt
        .query_map(args, |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, u32>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, Option<String>>(7)?,
                r.get::<_, Option<String>>(8)?,
                r.get::<_, String>(9)?,
                r.get::<_, Option<String>>(10)?,
                r.get::<_, Option<i64>>(11)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let now = tx.now();
    raw.into_iter()
        .map(|raw| {
            let (
                id,
                day,
                day_no,
                patient_id,
                chart_no,
                name,
                at,
                room,
                note,
                check,
                reason,
                appointment_id,
            ) = raw;
            let h = h.remove(&id).unwrap_or_default();
            let at = time::from_stored(&at)
                .ok_or_else(|| StoreError::IntegrityFailed(format!("visit {id}: time")))?;
            let status = visit::current(&h);
            Ok(VisitRow {
                id,
                day,
                day_no,
                patient_id,
                chart_no,
                name,
                status,
                next: if status.is_final() {
                    None
                } else {
                    status.next()
                },
                checked_in_at: time::seoul_local(at).format("%H:%M").to_string(),
                minutes_since: (now - at).num_minutes().max(0),
                room,
                note,
                id_check: IdCheckMethod::parse(&check)
                    .map(|method| IdCheckRecord { method, reason }),
                can_undo: visit::undo_of(&h).is_ok(),
                appointment_id,
            })
        })
        .collect()
}

fn row(tx: &Tx<'_>, id: i64) -> Result<VisitRow> {
    rows(tx, "v.id = ?1", "v.id", [id])?
        .pop()
        .ok_or_else(|| StoreError::not_found(crate::error::Thing::Visit, id))
}

fn open_today(tx: &Tx<'_>, patient_id: i64, day: &str) -> Result<Option<VisitRow>> {
    Ok(rows(
        tx,
        "v.patient_id = ?1 AND v.day = ?2",
        "v.id",
        params![patient_id, day],
    )?
    .into_iter()
    .find(|r| !r.status.is_final()))
}
