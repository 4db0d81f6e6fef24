use crate::dto::AppSettings;
use crate::error::IpcResult;
use crate::state::AppState;
use jeopsu_api::ApiError;
use jeopsu_core::Permission;
use jeopsu_core::field::FieldMessage;
use jeopsu_store::settings;
use tauri::State;

#[tauri::command]
pub fn settings_get(state: State<'_, AppState>) -> IpcResult<AppSettings> {
    state.run(Permission::Settings, |_, store, _| {
        Ok::<_, ApiError>(AppSettings {
            idle_lock_minutes: settings::idle_lock_minutes(store)?,
            chart_no_format: settings::chart_no_format(store)?,
            clinic: settings::clinic_profile(store)?,
            password_max_age_months: settings::password_max_age_months(store)?,
            consent_policy: settings::consent_policy(store)?,
            rooms: jeopsu_store::visits::rooms(store)?,
            display_names: settings::display_names(store)?,
            phone_booking_months: settings::phone_booking_months(store)?,
        })
    })
}

#[tauri::command]
pub fn settings_set_idle_lock(state: State<'_, AppState>, minutes: u32) -> IpcResult<()> {
    state.run(Permission::Settings, |actor, store, _| {
        settings::set_idle_lock_minutes(store, actor, minutes)
    })
}

#[tauri::command]
pub fn settings_set_password_age(state: State<'_, AppState>, months: u32) -> IpcResult<()> {
    state.run(Permission::Settings, |actor, store, _| {
        settings::set_password_max_age_months(store, actor, months)
    })
}

#[tauri::command]
pub fn settings_set_phone_months(state: State<'_, AppState>, months: u32) -> IpcResult<()> {
    state.run(Permission::Settings, |actor, store, _| {
        settings::set_phone_booking_months(store, actor, months)
    })
}

#[tauri::command]
pub fn settings_set_display_names(state: State<'_, AppState>, on: bool) -> IpcResult<()> {
    state.run(Permission::Settings, |actor, store, _| {
        settings::set_display_names(store, actor, on)
    })
}

/// Sets the rooms (one per line on the screen); returns them as saved.
#[tauri::command]
pub fn settings_set_rooms(
    state: State<'_, AppState>,
    rooms: Vec<String>,
) -> IpcResult<Vec<String>> {
    state.run(Permission::Settings, |actor, store, _| {
        jeopsu_store::visits::set_rooms(store, actor, &rooms)
    })
}

#[tauri::command]
pub fn settings_set_consent_policy(
    state: State<'_, AppState>,
    policy: jeopsu_core::consent::ConsentPolicy,
) -> IpcResult<()> {
    state.run(Permission::Settings, |actor, store, _| {
        settings::set_consent_policy(store, actor, policy)
    })
}

/// Sets how new chart numbers look; returns the format as saved.
#[tauri::command]
pub fn settings_set_chart_format(state: State<'_, AppState>, format: String) -> IpcResult<String> {
    state.run(Permission::Settings, |actor, store, _| {
        settings::set_chart_no_format(store, actor, &format)
    })
}

/// What the next chart number would look like with `format` (this year, counter 42), or the
/// problem with it; writes nothing.
#[tauri::command]
pub fn settings_chart_preview(state: State<'_, AppState>, format: String) -> IpcResult<String> {
    state.run(Permission::Settings, |_, store, _| {
        let year = chrono::Datelike::year(&jeopsu_core::time::seoul_date(store.now()));
        jeopsu_core::patient::chart::render(format.trim(), year, 42).ok_or_else(|| {
            jeopsu_store::StoreError::Invalid(vec![jeopsu_core::FieldProblem::new(
                "chart_format",
                FieldMessage::ChartFormat,
            )])
        })
    })
}
