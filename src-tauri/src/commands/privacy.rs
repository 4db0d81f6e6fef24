//! Data-subject requests and retention, for the privacy officer (the permission
//! matrix in `jeopsu_core::role`: PrivacyRequests, RetentionAndAudit). Each command: session and permission, one call into
//! jeopsu-store (which logs), jeopsu-forms for paper.

use super::ipc;
use crate::error::IpcResult;
use crate::state::{AppState, Inner};
use jeopsu_api::ApiError;
use jeopsu_api::papers;
use jeopsu_core::Permission;
use jeopsu_core::privacy::paper::ShreddingInput;
use jeopsu_core::privacy::{AnswerInput, PrivacyRequestInput, RetentionRule};
use jeopsu_store::privacy::{self, PrivacySummary, PrivacyView};
use jeopsu_store::retention::{self, Destruction, Due, DuePatient, PaperOriginal};
use jeopsu_store::review;
use jeopsu_store::{StoreError, patients};
use tauri::State;

#[tauri::command(async)]
pub fn privacy_requests(
    state: State<'_, AppState>,
    open_only: bool,
) -> IpcResult<Vec<PrivacySummary>> {
    state.run(Permission::PrivacyRequests, |actor, store, _| {
        privacy::list(store, actor, open_only)
    })
}

#[tauri::command(async)]
pub fn privacy_request_open(state: State<'_, AppState>, id: i64) -> IpcResult<PrivacyView> {
    state.run(Permission::PrivacyRequests, |actor, store, _| {
        privacy::open(store, actor, id)
    })
}

/// Takes in a request about the patient with chart number `chart_no`.
#[tauri::command(async)]
pub fn privacy_intake(
    state: State<'_, AppState>,
    chart_no: String,
    input: PrivacyRequestInput,
) -> IpcResult<PrivacyView> {
    state.run(Permission::PrivacyRequests, |actor, store, _| {
        let patient = patients::id_of_input(store, &chart_no)?;
        let id = privacy::intake(store, actor, patient, &input)?;
        privacy::open(store, actor, id)
    })
}

#[tauri::command(async)]
pub fn privacy_answer(
    state: State<'_, AppState>,
    id: i64,
    input: AnswerInput,
) -> IpcResult<PrivacyView> {
    state.run(Permission::PrivacyRequests, |actor, store, _| {
        privacy::answer(store, actor, id, &input)
    })
}

/// Prints the result notice of request `id` (`notice`), or the copy of everything held about
/// its patient (`copy`, an export: the reason is asked and logged), through the private print
/// folder.
#[tauri::command(async)]
pub fn privacy_print(
    state: State<'_, AppState>,
    id: i64,
    form: String,
    reason: String,
) -> IpcResult<String> {
    let mut inner = state.lock();
    let r = print(&mut inner, id, &form, &reason);
    ipc(&inner, r)
}

fn print(inner: &mut Inner, id: i64, form: &str, reason: &str) -> Result<String, ApiError> {
    let lang = inner.lang;
    let (actor, store) = inner.require(Some(Permission::PrivacyRequests))?;
    let paper = match form {
        "notice" => papers::privacy_notice(store, &actor, lang, id)?,
        "copy" => {
            let patient = papers::privacy_request_patient(store, &actor, id)?;
            papers::subject_copy(
                store,
                &actor,
                lang,
                patient,
                papers::CopyFormat::Pdf,
                reason,
                None,
            )?
        }
        other => return Err(StoreError::InvalidInput(format!("form {other}")).into()),
    };
    Ok(crate::print::print(&mut inner.prints, &paper)?)
}

#[tauri::command(async)]
pub fn retention_rules_get(state: State<'_, AppState>) -> IpcResult<Vec<RetentionRule>> {
    state.run(Permission::RetentionAndAudit, |_, store, _| {
        privacy::rules(store)
    })
}

#[tauri::command(async)]
pub fn retention_rules_set(
    state: State<'_, AppState>,
    rules: Vec<RetentionRule>,
) -> IpcResult<Vec<RetentionRule>> {
    state.run(Permission::RetentionAndAudit, |actor, store, _| {
        privacy::set_rules(store, actor, &rules)
    })
}

#[tauri::command(async)]
pub fn retention_preview(state: State<'_, AppState>) -> IpcResult<Vec<Due>> {
    state.run(Permission::RetentionAndAudit, |actor, store, _| {
        retention::preview(store, actor)
    })
}

/// Backup copies in the backup folder past their 12 months: the next run deletes them.
#[tauri::command(async)]
pub fn retention_old_backups(
    state: State<'_, AppState>,
) -> IpcResult<Vec<jeopsu_store::backup_schedule::BackupCopy>> {
    state.run(Permission::RetentionAndAudit, |_, store, _| {
        jeopsu_store::backup_schedule::too_old(store)
    })
}

/// Restore safety copies past their 30 days: the next run destroys them.
#[tauri::command(async)]
pub fn retention_safety_copies(
    state: State<'_, AppState>,
) -> IpcResult<Vec<jeopsu_store::backup::SafetyCopy>> {
    let mut inner = state.lock();
    let r = inner
        .require(Some(Permission::RetentionAndAudit))
        .map(|(_, store)| {
            jeopsu_store::backup::safety_copies(store)
                .into_iter()
                .filter(|c| c.due)
                .collect()
        });
    ipc(&inner, r)
}

/// Whether anything is due: the privacy officer's screen offers the run (never runs it).
#[tauri::command(async)]
pub fn retention_due(state: State<'_, AppState>) -> IpcResult<bool> {
    state.run(Permission::RetentionAndAudit, |_, store, _| {
        retention::anything_due(store)
    })
}

#[tauri::command(async)]
pub fn retention_run(
    state: State<'_, AppState>,
    confirm_date: Option<String>,
) -> IpcResult<Vec<Due>> {
    let confirmed = confirm_date
        .filter(|d| !d.trim().is_empty())
        .map(|d| {
            jeopsu_core::field::date("confirm_date", &d).map_err(|p| StoreError::Invalid(vec![p]))
        })
        .transpose();
    // The permission is checked under the app's lock; the run itself works on a handle of its
    // own, off the lock, so the desk keeps working meanwhile.
    let prepared = {
        let mut inner = state.lock();
        let r = confirmed.map_err(ApiError::from).and_then(|confirmed| {
            inner
                .require(Some(Permission::RetentionAndAudit))
                .and_then(|(actor, store)| Ok((actor, store.companion()?, confirmed)))
        });
        ipc(&inner, r)?
    };
    let (actor, mut own, confirmed) = prepared;
    let r = retention::run(&mut own, &actor, confirmed);
    drop(own);
    ipc(&state.lock(), r)
}

/// The patients the next run destroys (chart number, name, last visit).
#[tauri::command(async)]
pub fn retention_patients(state: State<'_, AppState>) -> IpcResult<Vec<DuePatient>> {
    state.run(Permission::RetentionAndAudit, |actor, store, _| {
        retention::due_patients(store, actor)
    })
}

/// The paper originals that go with the records due (where each is filed).
#[tauri::command(async)]
pub fn retention_papers(state: State<'_, AppState>) -> IpcResult<Vec<PaperOriginal>> {
    state.run(Permission::RetentionAndAudit, |actor, store, _| {
        retention::paper_originals(store, actor)
    })
}

/// Records the shredding of paper originals; returns the list again.
#[tauri::command(async)]
pub fn retention_shredded(
    state: State<'_, AppState>,
    input: ShreddingInput,
) -> IpcResult<Vec<PaperOriginal>> {
    state.run(Permission::RetentionAndAudit, |actor, store, _| {
        retention::record_shredding(store, actor, &input)?;
        retention::paper_originals(store, actor)
    })
}

#[tauri::command(async)]
pub fn retention_log(state: State<'_, AppState>) -> IpcResult<Vec<Destruction>> {
    state.run(Permission::RetentionAndAudit, |_, store, _| {
        retention::log(store)
    })
}

/// The review screen's filter as typed: dates `YYYY-MM-DD`, a staff username, a chart number,
/// an action name; empty = any. `page`: which rows, counted back from the newest in pages
/// (`review::Filter::page`); `upto`: the first page's `upto` when moving between pages, so the
/// pages are of the log as it stood then (`review::Filter::upto`); null for a new filter.
#[derive(Debug, Clone, serde::Deserialize, ts_rs::TS)]
pub struct ReviewFilterInput {
    pub from: String,
    pub to: String,
    pub staff: String,
    pub chart_no: String,
    pub action: String,
    pub flagged_only: bool,
    pub page: u32,
    #[ts(type = "number | null")]
    pub upto: Option<i64>,
}

fn review_filter(
    store: &mut jeopsu_store::Store,
    f: &ReviewFilterInput,
) -> Result<review::Filter, ApiError> {
    let date = |field: &'static str, v: &str| -> Result<Option<chrono::NaiveDate>, ApiError> {
        if v.trim().is_empty() {
            return Ok(None);
        }
        jeopsu_core::field::date(field, v)
            .map(Some)
            .map_err(|p| StoreError::Invalid(vec![p]).into())
    };
    let opt = |v: &str| Some(v.trim().to_string()).filter(|v| !v.is_empty());
    let patient = match opt(&f.chart_no) {
        None => None,
        Some(c) => Some(patients::id_of_input(store, &c)?),
    };
    Ok(review::Filter {
        from: date("from", &f.from)?,
        to: date("to", &f.to)?,
        staff: opt(&f.staff),
        patient,
        action: opt(&f.action),
        flagged_only: f.flagged_only,
        patient_names: false,
        page: f.page,
        upto: f.upto,
    })
}

#[tauri::command(async)]
pub fn audit_review_query(
    state: State<'_, AppState>,
    filter: ReviewFilterInput,
) -> IpcResult<review::ReviewPage> {
    let mut inner = state.lock();
    // Patients by name only for a role that may see their records; by chart number otherwise.
    let names = inner.session.as_ref().is_some_and(|s| {
        jeopsu_core::PermissionMatrix::default().allows(s.user.role, Permission::EditPatients)
    });
    let r = inner
        .require(Some(Permission::RetentionAndAudit))
        .and_then(|(actor, store)| {
            let f = review::Filter {
                patient_names: names,
                ..review_filter(store, &filter)?
            };
            Ok(review::query(store, &actor, &f)?)
        });
    ipc(&inner, r)
}

#[tauri::command(async)]
pub fn audit_review_record(
    state: State<'_, AppState>,
    month: String,
    comment: String,
) -> IpcResult<Vec<review::Review>> {
    state.run(Permission::RetentionAndAudit, |actor, store, _| {
        review::record(store, actor, &month, &comment)?;
        review::reviews(store)
    })
}

#[tauri::command(async)]
pub fn audit_reviews(state: State<'_, AppState>) -> IpcResult<Vec<review::Review>> {
    state.run(Permission::RetentionAndAudit, |_, store, _| {
        review::reviews(store)
    })
}

#[tauri::command(async)]
pub fn holds(state: State<'_, AppState>) -> IpcResult<Vec<privacy::ActiveHold>> {
    state.run(Permission::RetentionAndAudit, |_, store, _| {
        privacy::active_holds(store)
    })
}

/// Places a legal hold on the patient with chart number `chart_no`.
#[tauri::command(async)]
pub fn hold_place(
    state: State<'_, AppState>,
    chart_no: String,
    reason: String,
) -> IpcResult<Vec<privacy::ActiveHold>> {
    state.run(Permission::RetentionAndAudit, |actor, store, _| {
        let id = patients::id_of_input(store, &chart_no)?;
        privacy::place_hold(store, actor, id, &reason)?;
        privacy::active_holds(store)
    })
}

#[tauri::command(async)]
pub fn hold_lift(state: State<'_, AppState>, id: i64) -> IpcResult<Vec<privacy::ActiveHold>> {
    state.run(Permission::RetentionAndAudit, |actor, store, _| {
        privacy::lift_hold(store, actor, id)?;
        privacy::active_holds(store)
    })
}
