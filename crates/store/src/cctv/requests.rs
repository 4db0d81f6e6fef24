//! A request's life: intake, its events and where it stands, the steps (each checked by
//! `Progress::allows` and logged), the list and the view.

use super::*;

/// Takes a request in. Flags footage that is deleted before the answer is due (a "preserve
/// footage" step is added for the officer). Returns the request number.
pub fn intake(store: &mut Store, actor: &Actor, input: &RequestInput) -> Result<i64> {
    store.write(|tx| {
        let setup = setup_in(tx.conn())?;
        let now = seoul_now(tx);
        let r = input
            .validate(&setup.locations, now)
            .map_err(StoreError::Invalid)?;
        let staff = staff_name(tx, actor)?;
        let stored_now = time::to_stored(tx.now());
        tx.conn().execute(
            "INSERT INTO cctv_requests (kind, requester_name, requester_birth, requester_address,
                 requester_phone, relation, relation_reason, footage_from, footage_to, locations,
                 purpose, id_check, id_check_note, received_at, received_by, retention_days,
                 created_at, actor, retention_unit, filmed, power_of_attorney)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
                     ?19, ?20, ?21)",
            params![
                r.kind.as_str(),
                r.requester_name,
                r.requester_birth,
                r.requester_address,
                r.requester_phone,
                r.relation.as_str(),
                r.relation_reason,
                r.footage_from.to_string(),
                r.footage_to.to_string(),
                json(&r.locations)?,
                r.purpose,
                r.id_check.as_str(),
                r.id_check_note,
                r.received_at.to_string(),
                staff,
                setup.retention.count,
                stored_now,
                actor.to_log_text(),
                setup.retention.unit.as_str(),
                r.filmed.as_ref().map(json).transpose()?,
                r.power_of_attorney,
            ],
        )?;
        let id = tx.conn().last_insert_rowid();
        let o = outlook_of(&r, setup.retention, now, None)?;
        if o.urgent {
            append_event(
                tx,
                id,
                &Event::PreservationAsked {
                    expires: o.first_expiry.clone(),
                },
                &staff,
                actor,
            )?;
        }
        tx.log(
            Entry::new(Action::CctvRequestReceived, actor)
                .subject(Subject::cctv_request(id))
                .detail(serde_json::json!({
                    "kind": r.kind.as_str(),
                    "urgent": o.urgent,
                    "gone": o.gone,
                })),
        )?;
        Ok(id)
    })
}

pub(super) fn outlook_of(
    r: &Request,
    retention: cctv::Retention,
    now: NaiveDateTime,
    appointment: Option<&str>,
) -> Result<FootageOutlook> {
    let needed = cctv::needed_until(
        r.received_at.get(),
        appointment.map(parse_minute).transpose()?,
    );
    Ok(cctv::outlook(
        r.footage_from.get(),
        r.footage_to.get(),
        retention,
        now,
        needed,
    ))
}

pub(super) fn append_event(
    tx: &Tx<'_>,
    id: i64,
    e: &Event,
    staff: &str,
    actor: &Actor,
) -> Result<()> {
    tx.conn().execute(
        "INSERT INTO cctv_events (request_id, type, data, at, actor, staff)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            id,
            e.name(),
            json(e)?,
            time::to_stored(tx.now()),
            actor.to_log_text(),
            staff
        ],
    )?;
    Ok(())
}

pub(super) struct Stored {
    request: Request,
    received_by: String,
    retention: cctv::Retention,
}

pub(super) fn load(tx: &Tx<'_>, id: i64) -> Result<Stored> {
    tx.conn()
        .query_row(
            "SELECT kind, requester_name, requester_birth, requester_address, requester_phone,
                    relation, relation_reason, footage_from, footage_to, locations, purpose,
                    id_check, id_check_note, received_at, received_by, retention_days,
                    retention_unit, filmed, power_of_attorney
             FROM cctv_requests WHERE id = ?1",
            [id],
            |row| {
                let word = |i: usize| row.get::<_, String>(i);
                // A stored minute that does not read is an error naming its column.
                let minute = |i: usize| -> rusqlite::Result<cctv::Minute> {
                    row.get::<_, String>(i)?.parse().map_err(|e| {
                        rusqlite::Error::FromSqlConversionFailure(
                            i,
                            rusqlite::types::Type::Text,
                            Box::new(e),
                        )
                    })
                };
                let locations: String = row.get(9)?;
                Ok((
                    word(0)?,
                    word(5)?,
                    word(11)?,
                    locations,
                    Request {
                        kind: RequestKind::View,
                        requester_name: row.get(1)?,
                        requester_birth: row.get(2)?,
                        requester_address: row.get(3)?,
                        requester_phone: row.get(4)?,
                        relation: cctv::Relation::Subject,
                        relation_reason: row.get(6)?,
                        footage_from: minute(7)?,
                        footage_to: minute(8)?,
                        locations: vec![],
                        purpose: row.get(10)?,
                        id_check: cctv::IdCheck::Other,
                        id_check_note: row.get(12)?,
                        received_at: minute(13)?,
                        filmed: None,
                        power_of_attorney: row.get(18)?,
                    },
                    row.get::<_, String>(14)?,
                    row.get::<_, u32>(15)?,
                    row.get::<_, String>(16)?,
                    row.get::<_, Option<String>>(17)?,
                ))
            },
        )
        .optional()?
        .ok_or_else(|| StoreError::not_found(crate::error::Thing::CctvRequest, id))
        .and_then(
            |(
                kind,
                relation,
                id_check,
                locations,
                mut request,
                received_by,
                count,
                unit,
                filmed,
            )| {
                let bad =
                    |what: &str| StoreError::IntegrityFailed(format!("CCTV request {id}: {what}"));
                request.kind = RequestKind::parse(&kind).ok_or_else(|| bad("kind"))?;
                request.relation =
                    cctv::Relation::parse(&relation).ok_or_else(|| bad("relation"))?;
                request.id_check =
                    cctv::IdCheck::parse(&id_check).ok_or_else(|| bad("id check"))?;
                request.locations =
                    serde_json::from_str(&locations).map_err(|_| bad("locations"))?;
                request.filmed = filmed
                    .map(|f| serde_json::from_str(&f))
                    .transpose()
                    .map_err(|_| bad("filmed person"))?;
                Ok(Stored {
                    request,
                    received_by,
                    retention: cctv::Retention {
                        count,
                        unit: cctv::RetentionUnit::parse(&unit)
                            .ok_or_else(|| bad("retention unit"))?,
                    },
                })
            },
        )
}

/// Steps with their request ids, oldest first, for the requests `filter` selects.
pub(super) fn events(
    tx: &Tx<'_>,
    filter: &str,
    args: impl rusqlite::Params,
) -> Result<Vec<(i64, HistoryRow)>> {
    let mut stmt = tx.conn().prepare(&format!(
        "SELECT request_id, data, at, staff FROM cctv_events {filter} ORDER BY id"
    ))?;
    let rows = stmt
        .query_map(args, |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get(3)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(id, data, at, staff)| {
            let event = serde_json::from_str(&data)
                .map_err(|e| StoreError::IntegrityFailed(format!("CCTV step: {e}")))?;
            let at = time::stored_as_minutes(&at).unwrap_or(at);
            Ok((id, HistoryRow { at, staff, event }))
        })
        .collect()
}

pub(super) fn history(tx: &Tx<'_>, id: i64) -> Result<Vec<HistoryRow>> {
    Ok(events(tx, "WHERE request_id = ?1", [id])?
        .into_iter()
        .map(|(_, h)| h)
        .collect())
}

/// Every request's steps, by request (one query for a whole list).
pub(super) fn all_histories(
    tx: &Tx<'_>,
) -> Result<std::collections::HashMap<i64, Vec<HistoryRow>>> {
    let mut out: std::collections::HashMap<i64, Vec<HistoryRow>> = Default::default();
    for (id, h) in events(tx, "", [])? {
        out.entry(id).or_default().push(h);
    }
    Ok(out)
}

pub(super) fn fold(s: &Stored, h: &[HistoryRow]) -> Progress {
    Progress::fold(s.request.kind, h.iter().map(|h| &h.event))
}

/// The Seoul day a request ended (the step that closed it).
pub(super) fn ended_on(s: &Stored, h: &[HistoryRow]) -> Option<NaiveDate> {
    (0..h.len())
        .find(|&i| fold(s, &h[..=i]).status == Status::Closed)
        .and_then(|i| h[i].at.get(..10))
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
}

/// The last day to destroy request `id`'s preserved copy, when it ended with one not destroyed
/// (for the retention preview).
pub(crate) fn copy_due_of(tx: &Tx<'_>, id: i64) -> Result<Option<NaiveDate>> {
    let s = load(tx, id)?;
    let h = history(tx, id)?;
    let p = fold(&s, &h);
    Ok(
        (p.preservation == Preservation::Done && p.status == Status::Closed)
            .then(|| ended_on(&s, &h).map(cctv::copy_destruction_due))
            .flatten(),
    )
}

pub(super) fn summary(
    tx: &Tx<'_>,
    id: i64,
    s: &Stored,
    p: &Progress,
    h: &[HistoryRow],
) -> Result<RequestSummary> {
    let now = seoul_now(tx);
    let copy_due = (p.preservation == Preservation::Done && p.status == Status::Closed)
        .then(|| ended_on(s, h).map(cctv::copy_destruction_due))
        .flatten();
    let due = cctv::answer_due(s.request.received_at.get());
    let days_left = cctv::days_left(due, now);
    Ok(RequestSummary {
        id,
        kind: s.request.kind,
        requester_name: s.request.requester_name.clone(),
        received_at: s.request.received_at,
        due: due.to_string(),
        days_left,
        overdue: p.unanswered() && days_left < 0,
        status: p.status,
        preservation: p.preservation,
        appointment: p.appointment.clone(),
        appointment_late: p.appointment_late,
        outlook: outlook_of(&s.request, s.retention, now, p.appointment.as_deref())?,
        copy_due: copy_due.map(|d| d.to_string()),
        copy_overdue: copy_due.is_some_and(|d| now.date() > d),
    })
}

pub(super) fn view_in(tx: &Tx<'_>, id: i64) -> Result<RequestView> {
    let s = load(tx, id)?;
    let history = history(tx, id)?;
    let progress = fold(&s, &history);
    let clashes = match &progress.appointment {
        Some(at) => clashes(tx, id, at)?,
        None => vec![],
    };
    Ok(RequestView {
        summary: summary(tx, id, &s, &progress, &history)?,
        request: s.request.clone(),
        received_by: s.received_by.clone(),
        ledger: ledger_rows(tx, "WHERE request_id = ?1", params![id])?,
        allowed: progress.allowed(s.request.kind),
        progress,
        history,
        clashes,
    })
}

/// Appointments in force on other requests within the appointment length of `at`.
pub(super) fn clashes(tx: &Tx<'_>, id: i64, at: &str) -> Result<Vec<Clash>> {
    let mine = parse_minute(at)?;
    let mut out = vec![];
    for (other, h) in all_histories(tx)? {
        if other == id || !h.iter().any(|h| matches!(h.event, Event::Booked { .. })) {
            continue;
        }
        let p = fold(&load(tx, other)?, &h);
        if let (Status::Booked, Some(theirs)) = (p.status, &p.appointment)
            && cctv::appointments_conflict(mine, parse_minute(theirs)?)
        {
            out.push(Clash {
                request_id: other,
                at: theirs.clone(),
            });
        }
    }
    out.sort_by_key(|c| c.request_id);
    Ok(out)
}

/// Opens a request (logged).
pub fn open(store: &mut Store, actor: &Actor, id: i64) -> Result<RequestView> {
    store.write(|tx| {
        let v = view_in(tx, id)?;
        tx.log(Entry::new(Action::CctvRequestViewed, actor).subject(Subject::cctv_request(id)))?;
        Ok(v)
    })
}

/// Requests, newest first: all, or only those still open (logged as the list screen opening).
pub fn list(store: &mut Store, actor: &Actor, open_only: bool) -> Result<Vec<RequestSummary>> {
    store.write(|tx| {
        let ids = {
            let mut stmt = tx
                .conn()
                .prepare("SELECT id FROM cctv_requests ORDER BY received_at DESC, id DESC")?;
            stmt.query_map([], |r| r.get::<_, i64>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?
        };
        let mut histories = all_histories(tx)?;
        let mut out = vec![];
        for id in ids {
            let s = load(tx, id)?;
            let h = histories.remove(&id).unwrap_or_default();
            let p = fold(&s, &h);
            // A closed request whose preserved copy waits to be destroyed is still open work.
            if open_only && p.status == Status::Closed && p.preservation != Preservation::Done {
                continue;
            }
            out.push(summary(tx, id, &s, &p, &h)?);
        }
        tx.log(
            Entry::new(Action::CctvOpened, actor).detail(serde_json::json!({
                "screen": "requests",
                "shown": out.len(),
            })),
        )?;
        Ok(out)
    })
}

/// Applies a step to request `id` and writes the ledger rows it implies, in one transaction.
pub fn step(store: &mut Store, actor: &Actor, id: i64, step: &RequestStep) -> Result<RequestView> {
    store.write(|tx| {
        let s = load(tx, id)?;
        let now = seoul_now(tx);
        let event = match step {
            RequestStep::Preserved { note } => Event::Preserved {
                note: jeopsu_core::field::text("note", note, 200, false)
                    .map_err(|p| StoreError::Invalid(vec![p]))?
                    .unwrap_or_default(),
            },
            RequestStep::Decide(d) => Event::Decided(d.validate().map_err(StoreError::Invalid)?),
            RequestStep::Book { at, late_reason } => {
                cctv::booking(at, late_reason, s.request.received_at.get(), now)
                    .map_err(StoreError::Invalid)?
            }
            RequestStep::NoShow => Event::NoShow {
                at: minute_text(now),
            },
            RequestStep::View(v) => Event::Viewed(v.validate(now).map_err(StoreError::Invalid)?),
            RequestStep::Delete(d) => {
                Event::Deletion(d.validate(now).map_err(StoreError::Invalid)?)
            }
            RequestStep::CopyDestroyed(c) => {
                Event::CopyDestroyed(c.validate(now).map_err(StoreError::Invalid)?)
            }
        };
        fold(&s, &history(tx, id)?)
            .check(s.request.kind, &event)
            .map_err(|e| StoreError::Conflict(e.to_string()))?;
        let staff = staff_name(tx, actor)?;
        append_event(tx, id, &event, &staff, actor)?;
        let mut numbers = vec![];
        for row in cctv::ledger_rows_for(id, &s.request, &event, &minute_text(now)) {
            numbers.push(append_ledger(tx, &row, &staff, actor)?);
        }
        tx.log(
            Entry::new(Action::CctvRequestStep, actor)
                .subject(Subject::cctv_request(id))
                .detail(serde_json::json!({ "step": event.name(), "ledger": numbers })),
        )?;
        view_in(tx, id)
    })
}
