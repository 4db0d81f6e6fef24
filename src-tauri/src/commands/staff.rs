use super::ipc;
use crate::dto::{NewStaffInput, StaffRow};
use crate::error::IpcResult;
use crate::state::AppState;
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
    }
}

#[tauri::command]
pub fn staff_list(state: State<'_, AppState>) -> IpcResult<Vec<StaffRow>> {
    let mut inner = state.lock();
    let r = inner
        .require(Some(Permission::ManageStaff))
        .and_then(|(actor, store)| {
            let now = store.now();
            Ok(staff::list(store, &actor)?
                .into_iter()
                .map(|s| row(s, now))
                .collect())
        });
    ipc(&inner, r)
}

#[tauri::command(async)]
pub fn staff_add(state: State<'_, AppState>, mut input: NewStaffInput) -> IpcResult<StaffRow> {
    let mut inner = state.lock();
    let r = inner
        .require(Some(Permission::ManageStaff))
        .and_then(|(actor, store)| {
            let now = store.now();
            let new = NewStaff {
                username: std::mem::take(&mut input.username),
                display_name: Some(std::mem::take(&mut input.display_name)),
                role: input.role,
                password: Password::new(std::mem::take(&mut input.password)),
            };
            staff::add(store, &actor, new).map(|s| row(s, now))
        });
    ipc(&inner, r)
}

#[tauri::command]
pub fn staff_set_role(state: State<'_, AppState>, username: String, role: Role) -> IpcResult<()> {
    let mut inner = state.lock();
    let r = inner
        .require(Some(Permission::ManageStaff))
        .and_then(|(actor, store)| staff::set_role(store, &actor, &username, role).map(|_| ()));
    ipc(&inner, r)
}

#[tauri::command]
pub fn staff_set_disabled(
    state: State<'_, AppState>,
    username: String,
    disabled: bool,
) -> IpcResult<()> {
    let mut inner = state.lock();
    let r = inner
        .require(Some(Permission::ManageStaff))
        .and_then(|(actor, store)| {
            staff::set_disabled(store, &actor, &username, disabled).map(|_| ())
        });
    ipc(&inner, r)
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
        .and_then(|(actor, store)| staff::reset_password(store, &actor, &username, &password));
    ipc(&inner, r)
}
