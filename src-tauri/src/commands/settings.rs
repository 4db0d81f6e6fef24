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
                clinic: settings::clinic_profile(store)?,
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
