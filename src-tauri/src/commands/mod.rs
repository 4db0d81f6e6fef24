//! Tauri commands. Each is a few lines: take the state, check the session and permission,
//! call jeopsu-store, map the error to `{code, message}`. No SQL and no rules here.

pub mod backup;
pub mod cctv;
pub mod guardians;
pub mod patients;
pub mod privacy;
pub mod session;
pub mod settings;
pub mod staff;
pub mod visits;

use crate::error::{IpcError, IpcResult};
use crate::state::Inner;
use jeopsu_api::ApiError;

/// Maps a store result to IPC in the UI's current language.
pub fn ipc<T, E: Into<ApiError>>(inner: &Inner, r: Result<T, E>) -> IpcResult<T> {
    r.map_err(|e| IpcError::from_api(&e.into(), inner.lang))
}
