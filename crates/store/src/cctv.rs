//! CCTV requests and the management ledger (docs/LAW.md "CCTV").
//!
//! Every function writes an access-log row in the transaction that reads or changes the data
//! (opening a screen, a request, the ledger; intake; every step; every ledger row; an export).
//! Which role may call which function is the caller's check (the app's commands).

use crate::audit::Entry;
use crate::error::{Result, StoreError};
use crate::{Store, Tx, settings};
use chrono::{NaiveDate, NaiveDateTime};
use jeopsu_core::audit::{Action, Actor, Subject};
use jeopsu_core::cctv::{
    self, CctvSetup, DecisionInput, DeletionInput, Event, FootageOutlook, LedgerDraft, LedgerInput,
    LedgerKind, LedgerReason, LedgerRow, LegalBasis, Preservation, Progress, Request, RequestInput,
    RequestKind, Status, ViewingInput,
};
use jeopsu_core::cctv::{CopyDestructionInput, Relation, RequestAnswer};
use jeopsu_core::field::minute_text;
use jeopsu_core::{FieldProblem, time};
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

pub const SETUP: &str = "cctv.setup";

/// The camera inventory and the rules; until the officer saves one, the policy's defaults with
/// the officer and the access authority named at setup (the clinic profile).
pub fn setup(store: &Store) -> Result<CctvSetup> {
    setup_in(store.conn())
}

fn setup_in(conn: &rusqlite::Connection) -> Result<CctvSetup> {
    if let Some(json) = settings::get(conn, SETUP)? {
        // A saved setup that does not read back is an error, never the defaults in its place
        // (that would silently forget the officer's cameras and rules).
        return serde_json::from_str(&json)
            .map_err(|e| StoreError::IntegrityFailed(format!("CCTV setup unreadable: {e}")));
    }
    let profile = settings::get(conn, settings::CLINIC_PROFILE)?
        .and_then(|json| serde_json::from_str::<jeopsu_core::clinic::ClinicProfile>(&json).ok());
    let mut s = CctvSetup::policy_defaults();
    if let Some(p) = profile {
        s.officer.name = p.cctv_officer;
        s.officer.contact = p.cctv_officer_contact;
        s.access = vec![cctv::Person {
            name: p.cctv_access,
            position: String::new(),
            contact: p.cctv_access_contact,
        }];
    }
    Ok(s)
}

/// How many years CCTV requests and the ledger are kept (the officer's setting).
pub(crate) fn setup_years(conn: &rusqlite::Connection) -> Result<u32> {
    Ok(setup_in(conn)?.record_years)
}

pub fn set_setup(store: &mut Store, actor: &Actor, setup: &CctvSetup) -> Result<CctvSetup> {
    let s = setup.normalised().map_err(StoreError::Invalid)?;
    let json = serde_json::to_string(&s).map_err(|e| StoreError::Internal(e.to_string()))?;
    store.write(|tx| {
        settings::put(tx.conn(), SETUP, &json)?;
        tx.log(
            Entry::new(Action::CctvSetupChanged, actor).detail(serde_json::json!({
                "locations": s.locations.len(),
                "cameras": s.total_cameras(),
                "retention": s.retention,
                "record_years": s.record_years,
            })),
        )?;
        Ok(())
    })?;
    Ok(s)
}

/// Records that a CCTV screen was opened (`screen` names it: `requests`, `setup`, `ledger`).
pub fn opened(store: &mut Store, actor: &Actor, screen: &str) -> Result<()> {
    store.write(|tx| {
        tx.log(
            Entry::new(Action::CctvOpened, actor).detail(serde_json::json!({ "screen": screen })),
        )?;
        Ok(())
    })
}

/// A request as listed: where it stands and how urgent it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RequestSummary {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    pub kind: RequestKind,
    pub requester_name: String,
    pub received_at: String,
    /// The last day to answer, `YYYY-MM-DD`.
    pub due: String,
    /// Days left to answer; negative when overdue. Meaningless once answered.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub days_left: i64,
    /// Not answered and past its due date.
    pub overdue: bool,
    pub status: Status,
    pub preservation: Preservation,
    pub appointment: Option<String>,
    /// The appointment is after the answer's due date (booked with a recorded reason).
    pub appointment_late: bool,
    pub outlook: FootageOutlook,
    /// The request ended with a preserved copy not yet destroyed: the last day to destroy it,
    /// `YYYY-MM-DD` (docs/LAW.md "CCTV").
    pub copy_due: Option<String>,
    /// That day has passed.
    pub copy_overdue: bool,
}

/// One step of a request's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct HistoryRow {
    /// Seoul time, `YYYY-MM-DD HH:MM`.
    pub at: String,
    pub staff: String,
    pub event: Event,
}

/// Another appointment too close to this request's.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Clash {
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub request_id: i64,
    pub at: String,
}

/// A request opened on screen.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RequestView {
    pub summary: RequestSummary,
    pub request: Request,
    pub received_by: String,
    pub progress: Progress,
    /// The steps that may follow now (`Progress::allowed`): the screen offers these and no
    /// others.
    pub allowed: Vec<jeopsu_core::cctv::StepKind>,
    pub history: Vec<HistoryRow>,
    pub ledger: Vec<LedgerRow>,
    pub clashes: Vec<Clash>,
}

/// A step on a request, as the screen sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum RequestStep {
    Preserved {
        note: String,
    },
    Decide(DecisionInput),
    Book {
        at: String,
        /// Needed when `at` is after the answer's due date.
        #[serde(default)]
        late_reason: String,
    },
    NoShow,
    View(ViewingInput),
    Delete(DeletionInput),
    /// The preserved copy was destroyed (after the request ended).
    CopyDestroyed(CopyDestructionInput),
}

fn seoul_now(tx: &Tx<'_>) -> NaiveDateTime {
    time::seoul_local(tx.now())
}

/// The display name of the signed-in staff member (the CLI's OS user otherwise).
fn staff_name(tx: &Tx<'_>, actor: &Actor) -> Result<String> {
    Ok(match actor {
        Actor::Staff { id, username } => tx
            .conn()
            .query_row(
                "SELECT display_name FROM staff WHERE id = ?1",
                [id.get()],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or_else(|| username.clone()),
        other => other.to_log_text(),
    })
}

fn json<T: Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Internal(e.to_string()))
}

fn parse_minute(s: &str) -> Result<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M")
        .map_err(|e| StoreError::IntegrityFailed(format!("stored minute {s:?}: {e}")))
}

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
                r.footage_from,
                r.footage_to,
                json(&r.locations)?,
                r.purpose,
                r.id_check.as_str(),
                r.id_check_note,
                r.received_at,
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

fn outlook_of(
    r: &Request,
    retention: cctv::Retention,
    now: NaiveDateTime,
    appointment: Option<&str>,
) -> Result<FootageOutlook> {
    let needed = cctv::needed_until(
        parse_minute(&r.received_at)?,
        appointment.map(parse_minute).transpose()?,
    );
    Ok(cctv::outlook(
        parse_minute(&r.footage_from)?,
        parse_minute(&r.footage_to)?,
        retention,
        now,
        needed,
    ))
}

fn append_event(tx: &Tx<'_>, id: i64, e: &Event, staff: &str, actor: &Actor) -> Result<()> {
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

struct Stored {
    request: Request,
    received_by: String,
    retention: cctv::Retention,
}

fn load(tx: &Tx<'_>, id: i64) -> Result<Stored> {
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
                        footage_from: row.get(7)?,
                        footage_to: row.get(8)?,
                        locations: vec![],
                        purpose: row.get(10)?,
                        id_check: cctv::IdCheck::Other,
                        id_check_note: row.get(12)?,
                        received_at: row.get(13)?,
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
        .ok_or_else(|| StoreError::NotFound(format!("CCTV request {id}")))
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
fn events(
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
            let at = time::from_stored(&at)
                .map(time::display_minutes)
                .unwrap_or(at);
            Ok((id, HistoryRow { at, staff, event }))
        })
        .collect()
}

fn history(tx: &Tx<'_>, id: i64) -> Result<Vec<HistoryRow>> {
    Ok(events(tx, "WHERE request_id = ?1", [id])?
        .into_iter()
        .map(|(_, h)| h)
        .collect())
}

/// Every request's steps, by request (one query for a whole list).
fn all_histories(tx: &Tx<'_>) -> Result<std::collections::HashMap<i64, Vec<HistoryRow>>> {
    let mut out: std::collections::HashMap<i64, Vec<HistoryRow>> = Default::default();
    for (id, h) in events(tx, "", [])? {
        out.entry(id).or_default().push(h);
    }
    Ok(out)
}

fn fold(s: &Stored, h: &[HistoryRow]) -> Progress {
    Progress::fold(s.request.kind, h.iter().map(|h| &h.event))
}

/// The Seoul day a request ended (the step that closed it).
fn ended_on(s: &Stored, h: &[HistoryRow]) -> Option<NaiveDate> {
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

fn summary(
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
    let due = cctv::answer_due(parse_minute(&s.request.received_at)?);
    let days_left = cctv::days_left(due, now);
    Ok(RequestSummary {
        id,
        kind: s.request.kind,
        requester_name: s.request.requester_name.clone(),
        received_at: s.request.received_at.clone(),
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

fn view_in(tx: &Tx<'_>, id: i64) -> Result<RequestView> {
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
fn clashes(tx: &Tx<'_>, id: i64, at: &str) -> Result<Vec<Clash>> {
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
                cctv::booking(at, late_reason, parse_minute(&s.request.received_at)?, now)
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

fn append_ledger(tx: &Tx<'_>, d: &LedgerDraft, staff: &str, actor: &Actor) -> Result<i64> {
    tx.conn().execute(
        "INSERT INTO cctv_ledger (kind, at, footage, staff, reason, purpose, party, basis,
             basis_text, form, period, request_id, corrects, written_at, actor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        params![
            d.kind.as_str(),
            d.at,
            d.footage,
            staff,
            d.reason.as_str(),
            d.purpose,
            d.party,
            d.basis.as_str(),
            d.basis_text,
            d.form,
            d.period,
            d.request_id,
            d.corrects,
            time::to_stored(tx.now()),
            actor.to_log_text(),
        ],
    )?;
    Ok(tx.conn().last_insert_rowid())
}

/// Writes a ledger row by hand (a use or provision outside a request, or a correction of an
/// earlier row, which must exist). Returns its number.
pub fn ledger_add(store: &mut Store, actor: &Actor, input: &LedgerInput) -> Result<i64> {
    store.write(|tx| {
        let d = input.validate(seoul_now(tx)).map_err(StoreError::Invalid)?;
        if let Some(old) = d.corrects {
            let exists: bool = tx.conn().query_row(
                "SELECT EXISTS (SELECT 1 FROM cctv_ledger WHERE no = ?1)",
                [old],
                |r| r.get(0),
            )?;
            if !exists {
                return Err(StoreError::Invalid(vec![FieldProblem::new(
                    "corrects",
                    "field-ledger-unknown",
                )]));
            }
        }
        let staff = staff_name(tx, actor)?;
        let no = append_ledger(tx, &d, &staff, actor)?;
        tx.log(
            Entry::new(Action::CctvLedgerWritten, actor).detail(serde_json::json!({
                "no": no,
                "kind": d.kind.as_str(),
                "corrects": d.corrects,
            })),
        )?;
        Ok(no)
    })
}

fn ledger_rows(tx: &Tx<'_>, filter: &str, args: impl rusqlite::Params) -> Result<Vec<LedgerRow>> {
    let sql = format!(
        "SELECT no, kind, at, footage, staff, reason, purpose, party, basis, basis_text, form,
                period, request_id, corrects
         FROM cctv_ledger {filter} ORDER BY no"
    );
    let mut stmt = tx.conn().prepare(&sql)?;
    let rows = stmt
        .query_map(args, |r| {
            Ok((
                r.get::<_, String>(1)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(8)?,
                LedgerRow {
                    no: r.get(0)?,
                    kind: LedgerKind::Use,
                    at: r.get(2)?,
                    footage: r.get(3)?,
                    staff: r.get(4)?,
                    reason: LedgerReason::Manual,
                    purpose: r.get(6)?,
                    party: r.get(7)?,
                    basis: LegalBasis::Other,
                    basis_text: r.get(9)?,
                    form: r.get(10)?,
                    period: r.get(11)?,
                    request_id: r.get(12)?,
                    corrects: r.get(13)?,
                    approved_by: None,
                    staff_present: None,
                },
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(kind, reason, basis, mut row)| {
            let bad = |w: &str| StoreError::IntegrityFailed(format!("ledger row {}: {w}", row.no));
            row.kind = LedgerKind::parse(&kind).ok_or_else(|| bad("kind"))?;
            row.reason = LedgerReason::parse(&reason).ok_or_else(|| bad("reason"))?;
            row.basis = LegalBasis::parse(&basis).ok_or_else(|| bad("basis"))?;
            // A viewing's rows carry who approved it and who was present.
            if let (Some(req), LedgerReason::Mask | LedgerReason::View | LedgerReason::Copy) =
                (row.request_id, row.reason)
                && let Some(v) = viewing_of(tx, req)?
            {
                row.approved_by = Some(v.approved_by);
                row.staff_present = Some(v.staff_present);
            }
            Ok(row)
        })
        .collect()
}

fn viewing_of(tx: &Tx<'_>, request_id: i64) -> Result<Option<jeopsu_core::cctv::ViewingRecord>> {
    let data: Option<String> = tx
        .conn()
        .prepare_cached(
            "SELECT data FROM cctv_events WHERE request_id = ?1 AND type = 'viewed'
             ORDER BY id DESC LIMIT 1",
        )?
        .query_row([request_id], |r| r.get(0))
        .optional()?;
    match data {
        None => Ok(None),
        Some(d) => match serde_json::from_str::<Event>(&d) {
            Ok(Event::Viewed(v)) => Ok(Some(v)),
            _ => Err(StoreError::IntegrityFailed(format!(
                "CCTV request {request_id}: viewing record"
            ))),
        },
    }
}

/// Which ledger rows to read: the days `from..=to` (Seoul dates of the act), optionally one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LedgerQuery {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub kind: Option<LedgerKind>,
}

impl LedgerQuery {
    /// The period and kind as typed (`YYYY-MM-DD`, a ledger kind or nothing), every problem named.
    pub fn parse(from: &str, to: &str, kind: Option<&str>) -> Result<LedgerQuery> {
        let from = jeopsu_core::field::date("from", from);
        let to = jeopsu_core::field::date("to", to);
        let kind = match kind.map(str::trim).filter(|k| !k.is_empty()) {
            None => Ok(None),
            Some(k) => LedgerKind::parse(k)
                .map(Some)
                .ok_or_else(|| FieldProblem::new("kind", "field-choose-one")),
        };
        match (from, to, kind) {
            (Ok(from), Ok(to), Ok(kind)) => Ok(LedgerQuery { from, to, kind }),
            (from, to, kind) => Err(StoreError::Invalid(
                [from.err(), to.err(), kind.err()]
                    .into_iter()
                    .flatten()
                    .collect(),
            )),
        }
    }
}

fn query_in(tx: &Tx<'_>, q: &LedgerQuery) -> Result<Vec<LedgerRow>> {
    if q.to < q.from {
        return Err(StoreError::Invalid(vec![FieldProblem::new(
            "to",
            "field-range-order",
        )]));
    }
    ledger_rows(
        tx,
        "WHERE substr(at, 1, 10) BETWEEN ?1 AND ?2 AND (?3 IS NULL OR kind = ?3)",
        params![
            q.from.to_string(),
            q.to.to_string(),
            q.kind.map(LedgerKind::as_str)
        ],
    )
}

/// Reads ledger rows (logged as the ledger screen showing them).
pub fn ledger(store: &mut Store, actor: &Actor, q: &LedgerQuery) -> Result<Vec<LedgerRow>> {
    store.write(|tx| {
        let rows = query_in(tx, q)?;
        tx.log(
            Entry::new(Action::CctvOpened, actor).detail(serde_json::json!({
                "screen": "ledger",
                "from": q.from.to_string(),
                "to": q.to.to_string(),
                "kind": q.kind.map(LedgerKind::as_str),
                "shown": rows.len(),
            })),
        )?;
        Ok(rows)
    })
}

/// What a ledger export holds: the rows, and the requests answered in the same period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerExport {
    pub rows: Vec<LedgerRow>,
    pub answers: Vec<RequestAnswer>,
}

fn answers_in(tx: &Tx<'_>, q: &LedgerQuery) -> Result<Vec<RequestAnswer>> {
    let mut stmt = tx.conn().prepare(
        "SELECT r.id, r.received_at, r.kind, r.relation, e.at, e.staff, e.data
         FROM cctv_events e JOIN cctv_requests r ON r.id = e.request_id
         WHERE e.type = 'decided' ORDER BY e.id",
    )?;
    let raw = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = vec![];
    for (id, received_at, kind, relation, at, staff, data) in raw {
        let bad = |w: &str| StoreError::IntegrityFailed(format!("CCTV request {id}: {w}"));
        let at = time::from_stored(&at).ok_or_else(|| bad("decision time"))?;
        let day = time::seoul_date(at);
        if day < q.from || day > q.to {
            continue;
        }
        let Ok(Event::Decided(decision)) = serde_json::from_str::<Event>(&data) else {
            return Err(bad("decision"));
        };
        out.push(RequestAnswer {
            request_id: id,
            received_at,
            kind: RequestKind::parse(&kind).ok_or_else(|| bad("kind"))?,
            relation: Relation::parse(&relation).ok_or_else(|| bad("relation"))?,
            decided_at: time::display_minutes(at),
            decided_by: staff,
            decision,
        });
    }
    Ok(out)
}

/// Reads ledger rows, and the requests answered in the period, for an export to `target` (a file
/// name or "print"), logging the export and its reason in the same transaction.
pub fn ledger_export(
    store: &mut Store,
    actor: &Actor,
    q: &LedgerQuery,
    format: &str,
    target: &str,
    reason: &str,
) -> Result<LedgerExport> {
    let reason =
        jeopsu_core::field::reason("reason", reason).map_err(|p| StoreError::Invalid(vec![p]))?;
    store.write(|tx| {
        let rows = query_in(tx, q)?;
        let answers = answers_in(tx, q)?;
        tx.log(
            Entry::new(Action::CctvLedgerExported, actor)
                .subject(Subject::file(target))
                .reason(&reason)
                .detail(serde_json::json!({
                    "format": format,
                    "from": q.from.to_string(),
                    "to": q.to.to_string(),
                    "rows": rows.len(),
                    "answers": answers.len(),
                })),
        )?;
        Ok(LedgerExport { rows, answers })
    })
}

/// Logs that a CCTV form was printed or saved (`form`: `request`, `decision`...).
pub fn form_printed(store: &mut Store, actor: &Actor, form: &str, id: Option<i64>) -> Result<()> {
    store.write(|tx| {
        let mut e =
            Entry::new(Action::CctvFormPrinted, actor).detail(serde_json::json!({ "form": form }));
        if let Some(id) = id {
            e = e.subject(Subject::cctv_request(id));
        }
        tx.log(e)?;
        Ok(())
    })
}
