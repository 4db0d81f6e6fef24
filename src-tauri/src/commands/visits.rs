//! The desk's day: check-in (with the ID check the rules preselect), the day's board, status
//! changes and undo. Each command: session and permission, one call into jeopsu-store.

use super::ipc;
use crate::error::IpcResult;
use crate::state::AppState;
use jeopsu_core::Permission;
use jeopsu_core::appointment::{AppointmentInput, CallerInput};
use jeopsu_core::visit::VisitStatus;
use jeopsu_store::appointments::{self, AppointmentRow};
use jeopsu_store::visits::{self, CheckinHint, CheckinInput, DisplayRow, VisitRow};
use tauri::State;

/// What the check-in form preselects for a patient, and the rooms.
#[tauri::command]
pub fn visit_hint(state: State<'_, AppState>, patient_id: i64) -> IpcResult<CheckinHint> {
    state.run(Permission::EditPatients, |_, store, _| {
        visits::checkin_hint(store, patient_id)
    })
}

#[tauri::command]
pub fn visit_checkin(
    state: State<'_, AppState>,
    patient_id: i64,
    input: CheckinInput,
) -> IpcResult<VisitRow> {
    state.run(Permission::EditPatients, |actor, store, _| {
        visits::checkin(store, actor, patient_id, &input)
    })
}

/// Today's visits (the board; logged, it shows names).
#[tauri::command]
pub fn visits_today(state: State<'_, AppState>) -> IpcResult<Vec<VisitRow>> {
    state.run(Permission::EditPatients, |actor, store, _| {
        visits::day(store, actor, None)
    })
}

#[tauri::command]
pub fn visit_move(state: State<'_, AppState>, id: i64, to: VisitStatus) -> IpcResult<VisitRow> {
    state.run(Permission::EditPatients, |actor, store, _| {
        visits::move_to(store, actor, id, to)
    })
}

#[tauri::command]
pub fn visit_undo(state: State<'_, AppState>, id: i64) -> IpcResult<VisitRow> {
    state.run(Permission::EditPatients, |actor, store, _| {
        visits::undo(store, actor, id)
    })
}

/// Books patient `patient_id` (or moves booking `replaces` there).
#[tauri::command]
pub fn appointment_book(
    state: State<'_, AppState>,
    patient_id: i64,
    input: AppointmentInput,
    replaces: Option<i64>,
) -> IpcResult<AppointmentRow> {
    state.run(Permission::EditPatients, |actor, store, _| {
        appointments::book(store, actor, patient_id, &input, replaces)
    })
}

/// Cancels a booking, or marks it a no-show (`no_show`).
#[tauri::command]
pub fn appointment_close(
    state: State<'_, AppState>,
    id: i64,
    no_show: bool,
) -> IpcResult<AppointmentRow> {
    state.run(Permission::EditPatients, |actor, store, _| {
        if no_show {
            appointments::no_show(store, actor, id)
        } else {
            appointments::cancel(store, actor, id)
        }
    })
}

/// Today's bookings (the board's "expected"; logged, it shows names).
#[tauri::command]
pub fn appointments_today(state: State<'_, AppState>) -> IpcResult<Vec<AppointmentRow>> {
    state.run(Permission::EditPatients, |actor, store, _| {
        appointments::day(store, actor, None)
    })
}

/// The bookings of `days` days (1: the day view, 7: the week view) from today, Seoul time.
#[tauri::command]
pub fn appointments_range(state: State<'_, AppState>, days: u32) -> IpcResult<Vec<AppointmentRow>> {
    state.run(Permission::EditPatients, |actor, store, _| {
        appointments::range(store, actor, None, days)
    })
}

/// Books someone not yet registered who phoned (a name and a mobile number only).
#[tauri::command]
pub fn appointment_book_caller(
    state: State<'_, AppState>,
    caller: CallerInput,
    input: AppointmentInput,
) -> IpcResult<AppointmentRow> {
    state.run(Permission::EditPatients, |actor, store, _| {
        appointments::book_caller(store, actor, &caller, &input)
    })
}

/// Links a phone booking to the patient the caller registered as at arrival.
#[tauri::command]
pub fn appointment_link(
    state: State<'_, AppState>,
    id: i64,
    patient_id: i64,
) -> IpcResult<AppointmentRow> {
    state.run(Permission::EditPatients, |actor, store, _| {
        appointments::link(store, actor, id, patient_id)
    })
}

/// The waiting-room screen's lines (not logged: day numbers, masked names only if turned on).
/// After the idle lock this fails, and the screen keeps what it already shows.
#[tauri::command]
pub fn waiting_display(state: State<'_, AppState>) -> IpcResult<Vec<DisplayRow>> {
    state.run(Permission::EditPatients, |_, store, _| {
        visits::display(store)
    })
}

/// Opens the waiting-room screen as a second window (for a TV), or brings it forward.
#[tauri::command]
pub fn open_waiting_display(app: tauri::AppHandle, state: State<'_, AppState>) -> IpcResult<()> {
    use tauri::Manager;
    let mut inner = state.lock();
    let r = inner.require(Some(Permission::EditPatients)).map(|_| ());
    ipc(&inner, r)?;
    let lang = inner.lang;
    drop(inner);
    if let Some(w) = app.get_webview_window("display") {
        let _ = w.set_focus();
        return Ok(());
    }
    tauri::WebviewWindowBuilder::new(
        &app,
        "display",
        tauri::WebviewUrl::App("index.html#display".into()),
    )
    .title("Jeopsu")
    .inner_size(1280.0, 720.0)
    .build()
    .map_err(|e| {
        crate::error::IpcError::from_store(
            &jeopsu_store::StoreError::Internal(format!("display window: {e}")),
            lang,
        )
    })?;
    Ok(())
}
