//! The desk's day: check-in (with its ID check), status moves and their undo, the day's list, a
//! patient's visits, imported last visits, and the waiting-room display.

use super::*;
use jeopsu_core::field::FieldMessage;

/// What the check-in form preselects for patient `patient_id` (reads no record beyond the age
/// and the last check; not logged).
pub fn checkin_hint(store: &mut Store, patient_id: i64) -> Result<CheckinHint> {
    store.write(|tx| {
        let rec = crate::patients::record_in(tx, patient_id)?;
        let today = time::seoul_date(tx.now());
        let last = last_confirmed(tx, patient_id)?;
        Ok(CheckinHint {
            methods: IdCheckMethod::ALL.to_vec(),
            suggested: visit::suggested(rec.age, last, today),
            last_confirmed: last.map(|d| d.to_string()),
            rooms: rooms(tx)?,
            open_today: open_today(tx, patient_id, &today.to_string())?,
            appointment: crate::appointments::open_today(tx, patient_id, today)?,
        })
    })
}

/// Checks patient `patient_id` in: the ID check against the rules (an exemption that does not
/// apply is refused), the next day number of the Seoul day, the first status event and the log
/// row, in one transaction. A patient already checked in today and not done is refused.
pub fn checkin(
    store: &mut Store,
    actor: &Actor,
    patient_id: i64,
    input: &CheckinInput,
) -> Result<VisitRow> {
    store.write(|tx| {
        let rec = crate::patients::record_in(tx, patient_id)?;
        let today = time::seoul_date(tx.now());
        let check = input
            .id_check
            .validate(rec.age, last_confirmed(tx, patient_id)?, today)
            .map_err(StoreError::Invalid)?;
        let room = jeopsu_core::field::text("room", &input.room, 40, false)
            .map_err(|p| StoreError::Invalid(vec![p]))?;
        if let Some(r) = &room
            && !rooms(tx)?.contains(r)
        {
            return Err(StoreError::Invalid(vec![FieldProblem::new(
                "room",
                FieldMessage::ChooseOne,
            )]));
        }
        let note = jeopsu_core::field::text("note", &input.note, 200, false)
            .map_err(|p| StoreError::Invalid(vec![p]))?;
        let day = today.to_string();
        if let Some(open) = open_today(tx, patient_id, &day)? {
            return Err(StoreError::Conflict(format!(
                "already checked in today as number {}",
                open.day_no
            )));
        }
        let day_no: u32 = tx.conn().query_row(
            "SELECT coalesce(max(day_no), 0) + 1 FROM visits WHERE day = ?1",
            [&day],
            |r| r.get(0),
        )?;
        if let Some(a) = input.appointment_id {
            crate::appointments::arrive(tx, actor, a, patient_id)?;
        }
        let now = time::to_stored(tx.now());
        tx.conn().execute(
            "INSERT INTO visits (patient_id, day, day_no, checked_in_at, room, note, id_check,
                                 id_check_reason, actor, appointment_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                patient_id,
                day,
                day_no,
                now,
                room,
                note,
                check.method.as_str(),
                check.reason,
                actor.to_log_text(),
                input.appointment_id
            ],
        )?;
        let id = tx.conn().last_insert_rowid();
        tx.conn().execute(
            "INSERT INTO visit_events (visit_id, from_status, to_status, undo, at, actor)
             VALUES (?1, NULL, 'checked-in', 0, ?2, ?3)",
            params![id, now, actor.to_log_text()],
        )?;
        tx.log(
            Entry::new(Action::VisitCheckedIn, actor)
                .subject(Subject::patient(patient_id))
                .detail(serde_json::json!({
                    "visit": id,
                    "day_no": day_no,
                    "id_check": check.method.as_str(),
                })),
        )?;
        row(tx, id)
    })
}

pub(super) fn change(tx: &Tx<'_>, actor: &Actor, id: i64, c: StatusChange) -> Result<VisitRow> {
    let patient_id: i64 = tx
        .conn()
        .query_row("SELECT patient_id FROM visits WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?
        .ok_or_else(|| StoreError::not_found(crate::error::Thing::Visit, id))?;
    tx.conn().execute(
        "INSERT INTO visit_events (visit_id, from_status, to_status, undo, at, actor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            id,
            c.from.map(VisitStatus::as_str),
            c.to.as_str(),
            c.undo,
            time::to_stored(tx.now()),
            actor.to_log_text()
        ],
    )?;
    tx.log(
        Entry::new(Action::VisitStatusChanged, actor)
            .subject(Subject::patient(patient_id))
            .detail(serde_json::json!({
                "visit": id,
                "from": c.from.map(VisitStatus::as_str),
                "to": c.to.as_str(),
                "undo": c.undo,
            })),
    )?;
    row(tx, id)
}

/// Moves visit `id` to `to` (an event; refused when it does not follow).
pub fn move_to(store: &mut Store, actor: &Actor, id: i64, to: VisitStatus) -> Result<VisitRow> {
    store.write(|tx| {
        let h = history(tx, id)?;
        if h.is_empty() {
            return Err(StoreError::not_found(crate::error::Thing::Visit, id));
        }
        let from = visit::current(&h);
        visit::check_move(from, to).map_err(|e| StoreError::Conflict(e.to_string()))?;
        change(
            tx,
            actor,
            id,
            StatusChange {
                from: Some(from),
                to,
                undo: false,
            },
        )
    })
}

/// Undoes the last change of visit `id`: a new event back to the status before it.
pub fn undo(store: &mut Store, actor: &Actor, id: i64) -> Result<VisitRow> {
    store.write(|tx| {
        let h = history(tx, id)?;
        let c = visit::undo_of(&h).map_err(|e| StoreError::Conflict(e.to_string()))?;
        change(tx, actor, id, c)
    })
}

/// The visits of Seoul day `day` (today when `None`), in day-number order (the board; logged,
/// it shows names).
pub fn day(store: &mut Store, actor: &Actor, day: Option<NaiveDate>) -> Result<Vec<VisitRow>> {
    store.write(|tx| {
        let day = day
            .unwrap_or_else(|| time::seoul_date(tx.now()))
            .to_string();
        let rows = rows(tx, "v.day = ?1", "v.day_no", [&day])?;
        tx.log(
            Entry::new(Action::BoardOpened, actor)
                .detail(serde_json::json!({ "day": day, "shown": rows.len() })),
        )?;
        Ok(rows)
    })
}

/// A patient's visits, newest first (part of reading their record, logged there).
pub(crate) fn of_patient(tx: &Tx<'_>, patient_id: i64) -> Result<Vec<VisitRow>> {
    rows(
        tx,
        "v.patient_id = ?1",
        "v.day DESC, v.id DESC",
        [patient_id],
    )
}

/// A visit carried over from another program (the `last_visit` column of an import): done, on
/// that day, with no ID check of its own. It only dates the patient's last visit.
pub(crate) fn record_imported(
    tx: &Tx<'_>,
    actor: &Actor,
    patient_id: i64,
    day: NaiveDate,
) -> Result<()> {
    let at = time::seoul_midnight(day)
        .map(time::to_stored)
        .ok_or_else(|| StoreError::Internal(format!("no Seoul midnight on {day}")))?;
    let day_text = day.to_string();
    let day_no: u32 = tx.conn().query_row(
        "SELECT coalesce(max(day_no), 0) + 1 FROM visits WHERE day = ?1",
        [&day_text],
        |r| r.get(0),
    )?;
    tx.conn().execute(
        "INSERT INTO visits (patient_id, day, day_no, checked_in_at, id_check, actor)
         VALUES (?1, ?2, ?3, ?4, 'imported', ?5)",
        params![patient_id, day_text, day_no, at, actor.to_log_text()],
    )?;
    let id = tx.conn().last_insert_rowid();
    tx.conn().execute(
        "INSERT INTO visit_events (visit_id, from_status, to_status, undo, at, actor)
         VALUES (?1, NULL, 'done', 0, ?2, ?3)",
        params![id, at, actor.to_log_text()],
    )?;
    Ok(())
}

/// One line of the waiting-room screen: the day number and the status, and a masked name only
/// when the clinic turned names on. Nothing else about the patient.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DisplayRow {
    /// The day's number.
    pub day_no: u32,
    /// Where the visit stands.
    pub status: VisitStatus,
    /// The name masked (`김*수`, [`jeopsu_core::visit::mask_name`]), when the clinic shows names.
    pub masked_name: Option<String>,
}

/// Today's open visits for the waiting-room screen (checked in to payment). Its refreshes are not
/// logged: it shows day numbers, and masked names only if the clinic chose so.
pub fn display(store: &mut Store) -> Result<Vec<DisplayRow>> {
    store.write(|tx| {
        let names = settings::display_names(tx)?;
        let day = time::seoul_date(tx.now()).to_string();
        Ok(rows(tx, "v.day = ?1", "v.day_no", [&day])?
            .into_iter()
            .filter(|r| !r.status.is_final())
            .map(|r| DisplayRow {
                day_no: r.day_no,
                status: r.status,
                masked_name: names.then(|| visit::mask_name(&r.name)),
            })
            .collect())
    })
}
