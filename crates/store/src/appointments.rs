//! Appointments: book, reschedule (a new booking naming the old), cancel, no-show, and arrival
//! through check-in (core::appointment has the rules). Every change and every opening of the
//! book writes its access-log row in the same transaction.

use crate::audit::Entry;
use crate::error::{Result, StoreError};
use crate::{Store, Tx};
use chrono::{NaiveDate, NaiveDateTime};
use jeopsu_core::appointment::{self, AppointmentInput, AppointmentStatus, CallerInput};
use jeopsu_core::audit::{Action, Actor, Subject};
use jeopsu_core::time;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

/// One booking as the book, the board and the record show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AppointmentRow {
    /// The booking's number.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// `None`: a phone booking by someone not yet registered (linked once they register).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub patient_id: Option<i64>,
    /// The patient's chart number, once linked.
    pub chart_no: Option<String>,
    /// The patient's name, or the caller's for a phone booking not yet linked.
    pub name: String,
    /// A phone booking not yet linked: the mobile number given.
    pub caller_mobile: Option<String>,
    /// `YYYY-MM-DD HH:MM`, Seoul time.
    pub at: String,
    /// How long, in minutes.
    pub minutes: u32,
    /// The room, if any.
    pub room: Option<String>,
    /// The desk's note, if any.
    pub note: Option<String>,
    /// Where it stands.
    pub status: AppointmentStatus,
    /// The booking this one moved.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub replaces: Option<i64>,
    /// Other bookings that hold the same room at an overlapping time.
    #[cfg_attr(feature = "ts", ts(type = "Array<number>"))]
    pub clashes: Vec<i64>,
}

fn parse_at(s: &str) -> Result<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M")
        .map_err(|_| StoreError::IntegrityFailed(format!("appointment time {s}")))
}

fn status_of(tx: &Tx<'_>, id: i64) -> Result<AppointmentStatus> {
    let last: Option<String> = tx
        .conn()
        .query_row(
            "SELECT status FROM appointment_events WHERE appointment_id = ?1 ORDER BY id DESC LIMIT 1",
            [id],
            |r| r.get(0),
        )
        .optional()?;
    match last {
        None => Ok(AppointmentStatus::Booked),
        Some(s) => AppointmentStatus::parse(&s)
            .ok_or_else(|| StoreError::IntegrityFailed(format!("appointment {id}: status"))),
    }
}

fn row(tx: &Tx<'_>, id: i64) -> Result<AppointmentRow> {
    let (patient_id, chart_no, name, at, minutes, room, note, replaces, caller_mobile) = tx
        .conn()
        .query_row(
            "SELECT coalesce(a.patient_id, l.patient_id), p.chart_no,
                    coalesce(p.name, a.caller_name), a.at, a.minutes, a.room, a.note, a.replaces,
                    CASE WHEN p.id IS NULL THEN a.caller_mobile END
             FROM appointments a
             LEFT JOIN appointment_links l ON l.appointment_id = a.id
             LEFT JOIN patients p ON p.id = coalesce(a.patient_id, l.patient_id)
             WHERE a.id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, Option<i64>>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, u32>(4)?,
                    r.get::<_, Option<String>>(5)?,
                    r.get::<_, Option<String>>(6)?,
                    r.get::<_, Option<i64>>(7)?,
                    r.get::<_, Option<String>>(8)?,
                ))
            },
        )
        .optional()?
        .ok_or_else(|| StoreError::not_found(crate::error::Thing::Appointment, id))?;
    let status = status_of(tx, id)?;
    let clashes = if status.holds_time() {
        clashes(tx, id, &at, minutes, room.as_deref())?
    } else {
        vec![]
    };
    Ok(AppointmentRow {
        id,
        patient_id,
        chart_no,
        name: name.unwrap_or_default(),
        caller_mobile,
        at,
        minutes,
        room,
        note,
        status,
        replaces,
        clashes,
    })
}

/// Bookings of the same room still holding a time that overlaps `at` for `minutes`.
fn clashes(tx: &Tx<'_>, id: i64, at: &str, minutes: u32, room: Option<&str>) -> Result<Vec<i64>> {
    let Some(room) = room else {
        return Ok(vec![]);
    };
    let start = parse_at(at)?;
    let day = &at[..10.min(at.len())];
    let others: Vec<(i64, String, u32)> = {
        let mut stmt = tx.conn().prepare_cached(
            "SELECT id, at, minutes FROM appointments
             WHERE room = ?1 AND substr(at, 1, 10) = ?2 AND id != ?3",
        )?;
        stmt.query_map(params![room, day, id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?
    };
    let mut out = vec![];
    for (other, other_at, other_minutes) in others {
        if status_of(tx, other)?.holds_time()
            && appointment::overlaps(start, minutes, parse_at(&other_at)?, other_minutes)
        {
            out.push(other);
        }
    }
    Ok(out)
}

/// Books patient `patient_id`; with `replaces`, moves that booking here (it becomes
/// "rescheduled"). A time in the past is refused; a clash is shown on the row, not refused.
pub fn book(
    store: &mut Store,
    actor: &Actor,
    patient_id: i64,
    input: &AppointmentInput,
    replaces: Option<i64>,
) -> Result<AppointmentRow> {
    store.write(|tx| {
        crate::patients::record_in(tx, patient_id)?;
        let now = time::seoul_local(tx.now());
        let a = input
            .validate(now, &crate::visits::rooms(tx)?)
            .map_err(StoreError::Invalid)?;
        if let Some(old) = replaces {
            let o = row(tx, old)?;
            if o.patient_id != Some(patient_id) || !o.status.holds_time() {
                return Err(StoreError::Conflict(format!(
                    "appointment {old} cannot be moved"
                )));
            }
            event(tx, actor, old, Some(patient_id), AppointmentStatus::Rescheduled)?;
        }
        let stored_now = time::to_stored(tx.now());
        tx.conn().execute(
            "INSERT INTO appointments (patient_id, at, minutes, room, note, replaces, created_at, actor)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                patient_id,
                appointment::at_text(a.at),
                a.minutes,
                a.room,
                a.note,
                replaces,
                stored_now,
                actor.to_log_text()
            ],
        )?;
        let id = tx.conn().last_insert_rowid();
        tx.log(
            Entry::new(Action::AppointmentBooked, actor)
                .subject(Subject::patient(patient_id))
                .detail(serde_json::json!({
                    "appointment": id,
                    "at": appointment::at_text(a.at),
                    "replaces": replaces,
                })),
        )?;
        row(tx, id)
    })
}

/// Books someone not yet registered who phoned: a name and a mobile number only.
pub fn book_caller(
    store: &mut Store,
    actor: &Actor,
    caller: &CallerInput,
    input: &AppointmentInput,
) -> Result<AppointmentRow> {
    store.write(|tx| {
        let now = time::seoul_local(tx.now());
        let mut problems = vec![];
        let c = caller.validate().map_err(|p| problems.extend(p)).ok();
        let a = input
            .validate(now, &crate::visits::rooms(tx)?)
            .map_err(|p| problems.extend(p))
            .ok();
        let (Some(c), Some(a)) = (c, a) else {
            return Err(StoreError::Invalid(problems));
        };
        tx.conn().execute(
            "INSERT INTO appointments (caller_name, caller_mobile, at, minutes, room, note,
                                       created_at, actor)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                c.name,
                c.mobile,
                appointment::at_text(a.at),
                a.minutes,
                a.room,
                a.note,
                time::to_stored(tx.now()),
                actor.to_log_text()
            ],
        )?;
        let id = tx.conn().last_insert_rowid();
        tx.log(
            Entry::new(Action::AppointmentBooked, actor).detail(serde_json::json!({
                "appointment": id,
                "at": appointment::at_text(a.at),
                "by_phone": true,
            })),
        )?;
        row(tx, id)
    })
}

/// Links a phone booking to the patient the caller registered as (at arrival, through the
/// normal form). Once only.
pub fn link(store: &mut Store, actor: &Actor, id: i64, patient_id: i64) -> Result<AppointmentRow> {
    store.write(|tx| {
        crate::patients::record_in(tx, patient_id)?;
        let r = row(tx, id)?;
        if r.patient_id.is_some() {
            return Err(StoreError::Conflict(format!(
                "appointment {id} already belongs to a patient"
            )));
        }
        tx.conn().execute(
            "INSERT INTO appointment_links (appointment_id, patient_id, at, actor)
             VALUES (?1, ?2, ?3, ?4)",
            params![
                id,
                patient_id,
                time::to_stored(tx.now()),
                actor.to_log_text()
            ],
        )?;
        tx.log(
            Entry::new(Action::AppointmentChanged, actor)
                .subject(Subject::patient(patient_id))
                .detail(serde_json::json!({ "appointment": id, "linked": true })),
        )?;
        row(tx, id)
    })
}

fn event(
    tx: &Tx<'_>,
    actor: &Actor,
    id: i64,
    patient_id: Option<i64>,
    status: AppointmentStatus,
) -> Result<()> {
    tx.conn().execute(
        "INSERT INTO appointment_events (appointment_id, status, at, actor) VALUES (?1, ?2, ?3, ?4)",
        params![id, status.as_str(), time::to_stored(tx.now()), actor.to_log_text()],
    )?;
    let mut e = Entry::new(Action::AppointmentChanged, actor)
        .detail(serde_json::json!({ "appointment": id, "status": status.as_str() }));
    if let Some(p) = patient_id {
        e = e.subject(Subject::patient(p));
    }
    tx.log(e)?;
    Ok(())
}

fn change(
    store: &mut Store,
    actor: &Actor,
    id: i64,
    to: AppointmentStatus,
) -> Result<AppointmentRow> {
    store.write(|tx| {
        let r = row(tx, id)?;
        if !r.status.holds_time() {
            return Err(StoreError::Conflict(format!(
                "appointment {id} is already {}",
                r.status.as_str()
            )));
        }
        event(tx, actor, id, r.patient_id, to)?;
        row(tx, id)
    })
}

/// Cancels a booking (an event; the row stays), with its log row.
pub fn cancel(store: &mut Store, actor: &Actor, id: i64) -> Result<AppointmentRow> {
    change(store, actor, id, AppointmentStatus::Cancelled)
}

/// Marks a booking the patient did not come to (at the end of the day).
pub fn no_show(store: &mut Store, actor: &Actor, id: i64) -> Result<AppointmentRow> {
    change(store, actor, id, AppointmentStatus::NoShow)
}

/// The patient came: called by check-in in its own transaction. The booking must be the
/// patient's and still hold its time.
pub(crate) fn arrive(tx: &Tx<'_>, actor: &Actor, id: i64, patient_id: i64) -> Result<()> {
    let r = row(tx, id)?;
    if r.patient_id != Some(patient_id) || !r.status.holds_time() {
        return Err(StoreError::Conflict(format!(
            "appointment {id} is not this patient's open booking"
        )));
    }
    event(tx, actor, id, Some(patient_id), AppointmentStatus::Arrived)
}

/// The patient's booking today that still holds its time, if any (to link at check-in).
pub(crate) fn open_today(
    tx: &Tx<'_>,
    patient_id: i64,
    day: NaiveDate,
) -> Result<Option<AppointmentRow>> {
    let ids: Vec<i64> = {
        let mut stmt = tx.conn().prepare_cached(
            "SELECT a.id FROM appointments a LEFT JOIN appointment_links l ON l.appointment_id = a.id
             WHERE coalesce(a.patient_id, l.patient_id) = ?1 AND substr(a.at, 1, 10) = ?2
             ORDER BY a.at",
        )?;
        stmt.query_map(params![patient_id, day.to_string()], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    for id in ids {
        let r = row(tx, id)?;
        if r.status.holds_time() {
            return Ok(Some(r));
        }
    }
    Ok(None)
}

/// The bookings of Seoul day `day` (today when `None`), by time (logged: it shows names).
pub fn day(
    store: &mut Store,
    actor: &Actor,
    day: Option<NaiveDate>,
) -> Result<Vec<AppointmentRow>> {
    range(store, actor, day, 1)
}

/// The bookings of `days` Seoul days from `from` (today when `None`), by time: the day view is
/// 1 day, the week view 7 (logged: it shows names).
pub fn range(
    store: &mut Store,
    actor: &Actor,
    from: Option<NaiveDate>,
    days: u32,
) -> Result<Vec<AppointmentRow>> {
    store.write(|tx| {
        let from = from.unwrap_or_else(|| time::seoul_date(tx.now()));
        let to = from + chrono::Days::new(u64::from(days.clamp(1, 31)) - 1);
        let ids: Vec<i64> = {
            let mut stmt = tx.conn().prepare_cached(
                "SELECT id FROM appointments WHERE substr(at, 1, 10) BETWEEN ?1 AND ?2
                 ORDER BY at, id",
            )?;
            stmt.query_map([from.to_string(), to.to_string()], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        let rows = ids
            .into_iter()
            .map(|id| row(tx, id))
            .collect::<Result<Vec<_>>>()?;
        tx.log(
            Entry::new(Action::AppointmentsOpened, actor).detail(serde_json::json!({
                "from": from.to_string(),
                "to": to.to_string(),
                "shown": rows.len(),
            })),
        )?;
        Ok(rows)
    })
}

/// A patient's bookings from today on (part of reading their record, logged there).
pub(crate) fn upcoming(tx: &Tx<'_>, patient_id: i64) -> Result<Vec<AppointmentRow>> {
    let today = time::seoul_date(tx.now()).to_string();
    let ids: Vec<i64> = {
        let mut stmt = tx.conn().prepare_cached(
            "SELECT a.id FROM appointments a LEFT JOIN appointment_links l ON l.appointment_id = a.id
             WHERE coalesce(a.patient_id, l.patient_id) = ?1 AND substr(a.at, 1, 10) >= ?2
             ORDER BY a.at, a.id",
        )?;
        stmt.query_map(params![patient_id, today], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    ids.into_iter().map(|id| row(tx, id)).collect()
}
