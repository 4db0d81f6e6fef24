use super::ipc;
use crate::dto::AppSettings;
use crate::error::IpcResult;
use crate::state::AppState;
use jeopsu_core::Permission;
use jeopsu_store::settings;
use tauri::State;

#[tauri::command]
pub fn settings_get(state: State<'_, AppState>) -> IpcResult<AppSettings> {
    let mut inner = state.lock();
    let r = inner
        .require(Some(Permission::Settings))
        .and_then(|(_, store)| {
            Ok(AppSettings {
                idle_lock_minutes: settings::idle_lock_minutes(store)?,
                chart_no_format: settings::chart_no_format(store)?,
                clinic: settings::clinic_profile(store)?,
                password_max_age_months: settings::password_max_age_months(store.conn())?,
                consent_policy: settings::consent_policy(store.conn())?,
                rooms: jeopsu_store::visits::rooms(store.conn())?,
                display_names: settings::display_names(store.conn())?,
                phone_booking_months: settings::phone_booking_months(store.conn())?,
            })
        });
    ipc(&inner, r)
}

#[tauri::command]
pub fn settings_set_idle_lock(state: State<'_, AppState>, minutes: u32) -> IpcResult<()> {
    let mut inner = state.lock();
    let r = inner
        .require(Some(Permission::Settings))
        .and_then(|(actor, store)| settings::set_idle_lock_minutes(store, &actor, minutes));
    ipc(&inner, r)
}

#[tauri::command]
pub fn settings_set_password_age(state: State<'_, AppState>, months: u32) -> IpcResult<()> {
    let mut inner = state.lock();
    let r = inner
        .require(Some(Permission::Settings))
        .and_then(|(actor, store)| settings::set_password_max_age_months(store, &actor, months));
    ipc(&inner, r)
}

#[tauri::command]
pub fn settings_set_phone_months(state: State<'_, AppState>, months: u32) -> IpcResult<()> {
    let mut inner = state.lock();
    let r = inner
        .require(Some(Permission::Settings))
        .and_then(|(actor, store)| settings::set_phone_booking_months(store, &actor, months));
    ipc(&inner, r)
}

#[tauri::command]
pub fn settings_set_display_names(state: State<'_, AppState>, on: bool) -> IpcResult<()> {
    let mut inner = state.lock();
    let r = inner
        .require(Some(Permission::Settings))
        .and_then(|(actor, store)| settings::set_display_names(store, &actor, on));
    ipc(&inner, r)
}

/// Sets the rooms (one per line on the screen); returns them as saved.
#[tauri::command]
pub fn settings_set_rooms(
    state: State<'_, AppState>,
    rooms: Vec<String>,
) -> IpcResult<Vec<String>> {
    let mut inner = state.lock();
    let r = inner
        .require(Some(Permission::Settings))
        .and_then(|(actor, store)| jeopsu_store::visits::set_rooms(store, &actor, &rooms));
    ipc(&inner, r)
}

#[tauri::command]
pub fn settings_set_consent_policy(
    state: State<'_, AppState>,
    policy: jeopsu_core::consent::ConsentPolicy,
) -> IpcResult<()> {
    let mut inner = state.lock();
    let r = inner
        .require(Some(Permission::Settings))
        .and_then(|(actor, store)| settings::set_consent_policy(store, &actor, policy));
    ipc(&inner, r)
}

/// Sets how new chart numbers look; returns the format as saved.
#[tauri::command]
pub fn settings_set_chart_format(state: State<'_, AppState>, format: String) -> IpcResult<String> {
    let mut inner = state.lock();
    let r = inner
        .require(Some(Permission::Settings))
        .and_then(|(actor, store)| settings::set_chart_no_format(store, &actor, &format));
    ipc(&inner, r)
}

/// What the next chart number would look like with `format` (this year, counter 42), or the
/// problem with it; writes nothing.
#[tauri::command]
pub fn settings_chart_preview(state: State<'_, AppState>, format: String) -> IpcResult<String> {
    let mut inner = state.lock();
    let r = inner
        .require(Some(Permission::Settings))
        .and_then(|(_, store)| {
            let year = chrono::Datelike::year(&jeopsu_core::time::seoul_date(store.now()));
            jeopsu_core::patient::chart::render(format.trim(), year, 42).ok_or_else(|| {
                jeopsu_store::StoreError::Invalid(vec![jeopsu_core::FieldProblem::new(
                    "chart_format",
                    "field-chart-format",
                )])
            })
        });
    ipc(&inner, r)
}
