use super::ipc;
use crate::dto::{KeyStatusView, NewStaffInput, StaffRow};
use crate::error::IpcResult;
use crate::state::AppState;
use jeopsu_api::ApiError;
use jeopsu_core::{Permission, Role, time};
use jeopsu_store::staff::{self, NewStaff, Password, StaffInfo};
use tauri::State;

fn row(s: StaffInfo, now: chrono::DateTime<chrono::Utc>) -> StaffRow {
    StaffRow {
        locked_until: s
            .locked_until
            .as_deref()
            .and_then(time::from_stored)
            .filter(|t| *t > now)
            .map(time::display_minutes),
        created: s.created_at.get(..10).unwrap_or_default().to_string(),
        username: s.username,
        display_name: s.display_name,
        role: s.role,
        disabled: s.disabled,
        has_slot: s.has_slot,
    }
}

/// Where the keys stand: slot mode, the old keyring entry, who has no slot yet.
#[tauri::command]
pub fn key_status(state: State<'_, AppState>) -> IpcResult<KeyStatusView> {
    let mut inner = state.lock();
    let r = inner
        .require(Some(Permission::ManageStaff))
        .and_then(|(_, store)| Ok(jeopsu_store::keys::status(store)?))
        .map(|k| KeyStatusView {
            mode: k.mode.map(str::to_string),
            legacy_key_in_keyring: k.legacy_key_in_keyring,
            without_slot: k.without_slot,
        });
    ipc(&inner, r)
}

/// The administrator finishes the upgrade: the database key itself leaves the keyring. Those
/// without a slot then need a password reset.
#[tauri::command]
pub fn forget_legacy_key(state: State<'_, AppState>) -> IpcResult<bool> {
    state.run(Permission::ManageStaff, |actor, store, _| {
        jeopsu_store::keys::forget_legacy_key(store, actor)
    })
}

/// Test-only probe: how many copies of the data key this process holds (none while locked).
/// A release build answers nothing (docs/SECURITY.md "Key slots").
#[tauri::command]
pub fn debug_live_keys() -> Option<usize> {
    #[cfg(debug_assertions)]
    return Some(jeopsu_store::vault::live_data_keys());
    #[cfg(not(debug_assertions))]
    None
}

#[tauri::command]
pub fn staff_list(state: State<'_, AppState>) -> IpcResult<Vec<StaffRow>> {
    state.run(Permission::ManageStaff, |actor, store, _| {
        let now = store.now();
        Ok::<_, ApiError>(
            staff::list(store, actor)?
                .into_iter()
                .map(|s| row(s, now))
                .collect(),
        )
    })
}

#[tauri::command(async)]
pub fn staff_add(state: State<'_, AppState>, mut input: NewStaffInput) -> IpcResult<StaffRow> {
    state.run(Permission::ManageStaff, |actor, store, _| {
        let now = store.now();
        let new = NewStaff {
            username: std::mem::take(&mut input.username),
            display_name: Some(std::mem::take(&mut input.display_name)),
            role: input.role,
            password: Password::new(std::mem::take(&mut input.password)),
        };
        staff::add(store, actor, new).map(|s| row(s, now))
    })
}

#[tauri::command]
pub fn staff_set_role(state: State<'_, AppState>, username: String, role: Role) -> IpcResult<()> {
    state.run(Permission::ManageStaff, |actor, store, _| {
        staff::set_role(store, actor, &username, role).map(|_| ())
    })
}

#[tauri::command]
pub fn staff_set_disabled(
    state: State<'_, AppState>,
    username: String,
    disabled: bool,
) -> IpcResult<()> {
    state.run(Permission::ManageStaff, |actor, store, _| {
        staff::set_disabled(store, actor, &username, disabled).map(|_| ())
    })
}

#[tauri::command(async)]
pub fn staff_reset_password(
    state: State<'_, AppState>,
    username: String,
    password: String,
) -> IpcResult<()> {
    let mut inner = state.lock();
    let password = Password::new(password);
    let r = inner
        .require(Some(Permission::ManageStaff))
        .and_then(|(actor, store)| Ok(staff::reset_password(store, &actor, &username, &password)?));
    ipc(&inner, r)
}
