//! CCTV requests, the camera setup and the management ledger. The CCTV officer works here; the
//! privacy officer may read (the permission matrix in `jeopsu_core::role`: ViewCctv / ManageCctv). Each command: session and
//! permission, one call into jeopsu-store (which logs), jeopsu-forms for paper.

use super::ipc;
use crate::error::IpcResult;
use crate::state::{AppState, Inner};
use jeopsu_api::ApiError;
use jeopsu_api::papers;
use jeopsu_core::Permission;
use jeopsu_core::cctv::{CctvSetup, LedgerInput, LedgerRow, RequestInput};
use jeopsu_store::cctv::{self, LedgerQuery, RequestStep, RequestSummary, RequestView};
use tauri::State;

#[tauri::command(async)]
pub fn cctv_setup_get(state: State<'_, AppState>) -> IpcResult<CctvSetup> {
    state.run(Permission::ViewCctv, |actor, store, _| {
        cctv::opened(store, actor, "setup")?;
        cctv::setup(store)
    })
}

/// The places of a setup (saved or being typed) that cameras must not see, or may see only
/// with consent: core decides, the screen shows.
#[tauri::command]
pub fn cctv_setup_warnings(
    state: State<'_, AppState>,
    setup: CctvSetup,
) -> IpcResult<Vec<jeopsu_core::cctv::CameraWarning>> {
    let mut inner = state.lock();
    let r = inner
        .require(Some(Permission::ViewCctv))
        .map(|_| setup.warnings());
    ipc(&inner, r)
}

/// The legal bases a new ledger row may name (core's list).
#[tauri::command]
pub fn cctv_ledger_bases(
    state: State<'_, AppState>,
) -> IpcResult<Vec<jeopsu_core::cctv::LegalBasis>> {
    let mut inner = state.lock();
    let r = inner
        .require(Some(Permission::ViewCctv))
        .map(|_| jeopsu_core::cctv::LegalBasis::CHOSEN.to_vec());
    ipc(&inner, r)
}

#[tauri::command(async)]
pub fn cctv_setup_set(state: State<'_, AppState>, setup: CctvSetup) -> IpcResult<CctvSetup> {
    state.run(Permission::ManageCctv, |actor, store, _| {
        cctv::set_setup(store, actor, &setup)
    })
}

#[tauri::command(async)]
pub fn cctv_requests(
    state: State<'_, AppState>,
    open_only: bool,
) -> IpcResult<Vec<RequestSummary>> {
    state.run(Permission::ViewCctv, |actor, store, _| {
        cctv::list(store, actor, open_only)
    })
}

#[tauri::command(async)]
pub fn cctv_request_open(state: State<'_, AppState>, id: i64) -> IpcResult<RequestView> {
    state.run(Permission::ViewCctv, |actor, store, _| {
        cctv::open(store, actor, id)
    })
}

#[tauri::command(async)]
pub fn cctv_intake(state: State<'_, AppState>, input: RequestInput) -> IpcResult<RequestView> {
    state.run(Permission::ManageCctv, |actor, store, _| {
        let id = cctv::intake(store, actor, &input)?;
        cctv::open(store, actor, id)
    })
}

#[tauri::command(async)]
pub fn cctv_step(state: State<'_, AppState>, id: i64, step: RequestStep) -> IpcResult<RequestView> {
    state.run(Permission::ManageCctv, |actor, store, _| {
        cctv::step(store, actor, id, &step)
    })
}

#[tauri::command(async)]
pub fn cctv_ledger(
    state: State<'_, AppState>,
    from: String,
    to: String,
    kind: Option<String>,
) -> IpcResult<Vec<LedgerRow>> {
    let mut inner = state.lock();
    let r = LedgerQuery::parse(&from, &to, kind.as_deref())
        .map_err(ApiError::from)
        .and_then(|q| {
            let (actor, store) = inner.require(Some(Permission::ViewCctv))?;
            Ok(cctv::ledger(store, &actor, &q)?)
        });
    ipc(&inner, r)
}

#[tauri::command(async)]
pub fn cctv_ledger_add(state: State<'_, AppState>, input: LedgerInput) -> IpcResult<i64> {
    state.run(Permission::ManageCctv, |actor, store, _| {
        cctv::ledger_add(store, actor, &input)
    })
}

/// Folders offered for an export (removable media first, then Documents).
#[tauri::command(async)]
pub fn cctv_export_places(state: State<'_, AppState>) -> IpcResult<Vec<String>> {
    let mut inner = state.lock();
    let r = inner.require(Some(Permission::ViewCctv)).map(|_| {
        crate::places::backup_places()
            .into_iter()
            .map(|p| p.path.display().to_string())
            .collect()
    });
    ipc(&inner, r)
}

/// Exports the ledger for `from..=to` as `pdf` or `csv` into `folder`, with the reason (logged
/// with the rows it read). Returns the file's path.
#[allow(clippy::too_many_arguments)]
#[tauri::command(async)]
pub fn cctv_ledger_export(
    state: State<'_, AppState>,
    from: String,
    to: String,
    kind: Option<String>,
    format: String,
    folder: String,
    reason: String,
) -> IpcResult<String> {
    let mut inner = state.lock();
    let lang = inner.lang;
    let r = (|| -> Result<_, ApiError> {
        let q = LedgerQuery::parse(&from, &to, kind.as_deref())?;
        let format = papers::LedgerFormat::parse(&format)?;
        let (actor, store) = inner.require(Some(Permission::ViewCctv))?;
        let folder = crate::print::chosen_folder(&folder)?;
        let (paper, _) = papers::cctv_ledger(store, &actor, lang, &q, format, &reason, None)?;
        Ok(crate::print::save(&folder, &paper)?)
    })();
    ipc(&inner, r)
}

/// Prints request `id`'s filled request form (`request`) or its decision notice (`notice`), or
/// the blank request form when `id` is `None`, through the private print folder; logged.
#[tauri::command(async)]
pub fn cctv_print(state: State<'_, AppState>, id: Option<i64>, form: String) -> IpcResult<String> {
    let mut inner = state.lock();
    let r = print(&mut inner, id, &form);
    ipc(&inner, r)
}

fn print(inner: &mut Inner, id: Option<i64>, form: &str) -> Result<String, ApiError> {
    let lang = inner.lang;
    let (actor, store) = inner.require(Some(Permission::ViewCctv))?;
    let paper = papers::cctv_form(store, &actor, lang, id, form)?;
    Ok(crate::print::print(&mut inner.prints, &paper)?)
}
