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

mod ledger;
mod requests;

pub use ledger::*;
pub use requests::*;

/// The setting the CCTV setup is saved under (JSON of [`CctvSetup`]).
pub const SETUP: &str = "cctv.setup";

/// The camera inventory and the rules; until the officer saves one, the policy's defaults with
/// the officer and the access authority named at setup (the clinic profile).
pub fn setup(store: &Store) -> Result<CctvSetup> {
    setup_in(store.conn())
}

fn setup_in(conn: &rusqlite::Connection) -> Result<CctvSetup> {
    // A saved setup that does not read back is an error, never the defaults in its place
    // (that would silently forget the officer's cameras and rules).
    if let Some(saved) = settings::get_json(conn, SETUP)? {
        return Ok(saved);
    }
    let profile: Option<jeopsu_core::clinic::ClinicProfile> =
        settings::get_json(conn, settings::CLINIC_PROFILE)?;
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

/// Saves the officer's setup, checked and normalised, with its log row; returns what was saved.
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
    /// The request's number.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub id: i64,
    /// What is asked.
    pub kind: RequestKind,
    /// The requester's name.
    pub requester_name: String,
    /// When it was received.
    pub received_at: jeopsu_core::cctv::Minute,
    /// The last day to answer, `YYYY-MM-DD`.
    pub due: String,
    /// Days left to answer; negative when overdue. Meaningless once answered.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub days_left: i64,
    /// Not answered and past its due date.
    pub overdue: bool,
    /// Where it stands.
    pub status: Status,
    /// Whether footage had to be, or was, preserved.
    pub preservation: Preservation,
    /// The viewing booked now, `YYYY-MM-DD HH:MM`.
    pub appointment: Option<String>,
    /// The appointment is after the answer's due date (booked with a recorded reason).
    pub appointment_late: bool,
    /// Whether the footage asked for still exists, or expires soon.
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
    /// The staff member who recorded it.
    pub staff: String,
    /// What happened.
    pub event: Event,
}

/// Another appointment too close to this request's.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Clash {
    /// The other request's number.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub request_id: i64,
    /// Its appointment, `YYYY-MM-DD HH:MM`.
    pub at: String,
}

/// A request opened on screen.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RequestView {
    /// Where it stands, as listed.
    pub summary: RequestSummary,
    /// The request as received.
    pub request: Request,
    /// The staff member who received it.
    pub received_by: String,
    /// Where it stands, folded from its history.
    pub progress: Progress,
    /// The steps that may follow now (`Progress::allowed`): the screen offers these and no
    /// others.
    pub allowed: Vec<jeopsu_core::cctv::StepKind>,
    /// Every step so far, oldest first.
    pub history: Vec<HistoryRow>,
    /// The ledger rows it wrote.
    pub ledger: Vec<LedgerRow>,
    /// Other requests booked too close to this one's viewing.
    pub clashes: Vec<Clash>,
}

/// A step on a request, as the screen sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum RequestStep {
    /// The footage was preserved (on the recorder, outside this app).
    Preserved {
        /// What the officer did to keep it.
        note: String,
    },
    /// The officer's decision.
    Decide(DecisionInput),
    /// A viewing was booked.
    Book {
        /// When, `YYYY-MM-DD HH:MM`.
        at: String,
        /// Needed when `at` is after the answer's due date.
        #[serde(default)]
        late_reason: String,
    },
    /// The requester did not come to the booked viewing.
    NoShow,
    /// The viewing happened.
    View(ViewingInput),
    /// A deletion request was acted on.
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
