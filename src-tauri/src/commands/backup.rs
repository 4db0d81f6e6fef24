//! Backup now and restore, from the admin screen (and restore from the first-run screen, on a
//! new PC). The work runs off the UI thread; progress comes back over a channel.

use super::ipc;
use super::session::status;
use crate::dto::{BackupDone, BackupFile, BackupPlace, BackupStatusView, RestoreDone};
use crate::error::{IpcError, IpcResult};
use crate::state::{AppState, Inner, app_actor};
use jeopsu_api::ApiError;
use jeopsu_core::backup::{Rotation, Warning};
use jeopsu_core::{Permission, PermissionMatrix};
use jeopsu_store::backup::{self, Step};
use jeopsu_store::backup_schedule::{self, DrillResult};
use jeopsu_store::tombstones::Reapplied;
use jeopsu_store::vault::RecoveryPhrase;
use jeopsu_store::{StoreError, Unlock};
use std::path::{Path, PathBuf};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager};

/// Runs `f` with the app state on a blocking thread, so a long backup never freezes the window.
async fn blocking<T: Send + 'static>(
    app: AppHandle,
    f: impl FnOnce(&mut Inner) -> IpcResult<T> + Send + 'static,
) -> IpcResult<T> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let mut inner = state.lock();
        f(&mut inner)
    })
    .await
    .map_err(|e| IpcError::internal(&e.to_string()))?
}

/// Only the admin may list places once a database exists; on a first run (no database, nobody
/// to sign in) listing is allowed so that a new PC can be restored.
fn may_browse(inner: &mut Inner) -> Result<(), ApiError> {
    if inner.has_database() {
        inner.require(Some(Permission::Backup)).map(|_| ())
    } else {
        Ok(())
    }
}

#[tauri::command(async)]
pub fn backup_places(state: tauri::State<'_, AppState>) -> IpcResult<Vec<BackupPlace>> {
    let mut inner = state.lock();
    let r = may_browse(&mut inner).map(|()| {
        crate::places::backup_places()
            .into_iter()
            .map(|p| BackupPlace {
                backups: backup::find_backups(&p.path)
                    .into_iter()
                    .map(BackupFile::from)
                    .collect(),
                path: p.path.display().to_string(),
                label: p.label,
                removable: p.removable,
            })
            .collect()
    });
    ipc(&inner, r)
}

/// Backup files in a folder typed by hand.
#[tauri::command(async)]
pub fn backups_in(state: tauri::State<'_, AppState>, folder: String) -> IpcResult<Vec<BackupFile>> {
    let mut inner = state.lock();
    let r = may_browse(&mut inner).map(|()| {
        backup::find_backups(Path::new(folder.trim()))
            .into_iter()
            .map(BackupFile::from)
            .collect()
    });
    ipc(&inner, r)
}

fn folder_of(text: &str) -> Result<PathBuf, ApiError> {
    let folder = PathBuf::from(text.trim());
    if text.trim().is_empty() || !folder.is_absolute() {
        return Err(StoreError::InvalidInput(
            "choose a folder (a full path, e.g. a USB stick)".into(),
        )
        .into());
    }
    if !folder.is_dir() {
        return Err(StoreError::not_found(jeopsu_store::Thing::Folder, folder.display()).into());
    }
    Ok(folder)
}

/// "Back up now" to a folder of the admin's choosing. The permission is checked and a handle of
/// the app's own on the database taken under the desk's lock; the backup is written, checked and
/// recorded on that handle (`Store::backup_into`), without the lock. Its own handle because a
/// sign-out or the lock while it runs closes the desk's: it used to record there, and a copy of
/// every patient was left on the stick with no `backup-created` row. The admin who pressed the
/// button is the run's actor.
#[tauri::command]
pub async fn backup_now(
    app: AppHandle,
    folder: String,
    on_progress: Channel<Step>,
) -> IpcResult<BackupDone> {
    let (folder, actor, own) = {
        let state = app.state::<AppState>();
        let mut inner = state.lock();
        let r = folder_of(&folder).and_then(|folder| {
            let (actor, store) = inner.require(Some(Permission::Backup))?;
            Ok((folder, actor, store.companion()?))
        });
        ipc(&inner, r)?
    };
    let app2 = app.clone();
    let done = tauri::async_runtime::spawn_blocking(move || {
        let mut own = own;
        own.backup_into(&actor, &folder, &mut |s| {
            let _ = on_progress.send(s);
        })
    })
    .await
    .map_err(|e| IpcError::internal(&e.to_string()))?;
    let state = app2.state::<AppState>();
    let inner = state.lock();
    let r = done.map_err(ApiError::from).map(|report| BackupDone {
        path: report.path.display().to_string(),
        bytes: report.bytes,
        staff: report.check.counts.staff,
        audit_rows: report.check.counts.audit_rows,
    });
    ipc(&inner, r)
}

/// The scheduled backups: folder, rotation, copies, warnings, the last drill, and the running
/// backup's step. The admin's.
#[tauri::command(async)]
pub fn backup_status(state: tauri::State<'_, AppState>) -> IpcResult<BackupStatusView> {
    let mut inner = state.lock();
    let r = inner
        .require(Some(Permission::Backup))
        .and_then(|(_, store)| Ok(backup_schedule::status(store)?));
    let status = ipc(&inner, r)?;
    Ok(BackupStatusView {
        status,
        running: state.backups.step(),
        last_error: state.backups.last_error(),
    })
}

/// The backup warning for the signed-in person's screens: every warning for an admin; a missing
/// folder for the privacy officer too; nothing for anyone else. Not logged (no personal data).
#[tauri::command(async)]
pub fn backup_warning(state: tauri::State<'_, AppState>) -> IpcResult<Option<Warning>> {
    let mut inner = state.lock();
    let r = inner.require(None).map(|(actor, _)| actor);
    ipc(&inner, r)?;
    let role = inner.session.as_ref().map(|s| s.user.role);
    let matrix = PermissionMatrix::default();
    let admin = role.is_some_and(|r| matrix.allows(r, Permission::Backup));
    let officer = role.is_some_and(|r| matrix.allows(r, Permission::RetentionAndAudit));
    let r = match inner.store.as_ref() {
        Some(store) => backup_schedule::status(store).map(|s| s.warning),
        None => Ok(None),
    };
    let warning = ipc(&inner, r)?;
    Ok(match warning {
        Some(w) if admin => Some(w),
        Some(w @ Warning::FolderMissing { .. }) if officer => Some(w),
        _ => None,
    })
}

/// A break found in the audit chains at the last unlock, for the admin's and the privacy
/// officer's screens (what broke: a stream and a sequence number, no personal data).
#[tauri::command(async)]
pub fn integrity_warning(state: tauri::State<'_, AppState>) -> IpcResult<Option<String>> {
    let mut inner = state.lock();
    let r = inner.require(None).map(|_| ());
    ipc(&inner, r)?;
    let role = inner.session.as_ref().map(|s| s.user.role);
    let matrix = PermissionMatrix::default();
    let may = role.is_some_and(|r| {
        matrix.allows(r, Permission::Backup) || matrix.allows(r, Permission::RetentionAndAudit)
    });
    Ok(if may { state.chains.broken() } else { None })
}

#[tauri::command(async)]
pub fn backup_set_folder(
    state: tauri::State<'_, AppState>,
    folder: String,
) -> IpcResult<BackupStatusView> {
    {
        let mut inner = state.lock();
        let r = inner
            .require(Some(Permission::Backup))
            .and_then(|(actor, store)| Ok(backup_schedule::set_folder(store, &actor, &folder)?));
        ipc(&inner, r)?;
    }
    backup_status(state)
}

#[tauri::command(async)]
pub fn backup_set_rotation(
    state: tauri::State<'_, AppState>,
    rotation: Rotation,
) -> IpcResult<BackupStatusView> {
    {
        let mut inner = state.lock();
        let r = inner
            .require(Some(Permission::Backup))
            .and_then(|(actor, store)| Ok(backup_schedule::set_rotation(store, &actor, rotation)?));
        ipc(&inner, r)?;
    }
    backup_status(state)
}

/// Runs the scheduled backup now, in the background (the admin watches `backup_status`).
#[tauri::command(async)]
pub fn backup_run_scheduled(
    app: AppHandle,
    state: tauri::State<'_, AppState>,
) -> IpcResult<BackupStatusView> {
    {
        let mut inner = state.lock();
        let r = inner
            .require(Some(Permission::Backup))
            .map(|_| ())
            .and_then(|()| crate::autobackup::start(&app, &mut inner, true).map(|_| ()));
        ipc(&inner, r)?;
    }
    backup_status(state)
}

/// A restore drill of one copy: restored into a temporary folder, counted, deleted; logged.
#[tauri::command]
pub async fn backup_drill(
    app: AppHandle,
    file: String,
    on_progress: Channel<Step>,
) -> IpcResult<DrillResult> {
    // The check and a handle of its own under the app's lock; the drill off it, so the desk
    // keeps working while a copy is restored and counted.
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        let prepared = {
            let mut inner = state.lock();
            let r = (|| -> Result<_, ApiError> {
                let file = PathBuf::from(file.trim());
                if !file.is_file() {
                    return Err(
                        StoreError::not_found(jeopsu_store::Thing::File, file.display()).into(),
                    );
                }
                let (actor, store) = inner.require(Some(Permission::Backup))?;
                Ok((actor, store.companion()?, file))
            })();
            ipc(&inner, r)?
        };
        let (actor, mut own, file) = prepared;
        let r = backup_schedule::drill(&mut own, &actor, &file, &mut |s| {
            let _ = on_progress.send(s);
        });
        drop(own);
        ipc(&state.lock(), r)
    })
    .await
    .map_err(|e| IpcError::internal(&e.to_string()))?
}

/// Restores a backup. With a database open (the admin): it is replaced, kept as a safety copy,
/// and everyone is signed out. On a first run: into the empty data folder. The phrase is needed
/// unless the backup is of this same database (or its key is in the keyring).
#[tauri::command]
pub async fn restore_backup(
    app: AppHandle,
    file: String,
    phrase: Option<String>,
    on_progress: Channel<Step>,
) -> IpcResult<RestoreDone> {
    let running = app.state::<AppState>().backups.running();
    blocking(app, move |inner| {
        let phrase_text = zeroize::Zeroizing::new(phrase.unwrap_or_default());
        let r = (|| -> Result<_, ApiError> {
            let file = PathBuf::from(file.trim());
            if !file.is_file() {
                return Err(
                    StoreError::not_found(jeopsu_store::Thing::File, file.display()).into(),
                );
            }
            let phrase = if phrase_text.trim().is_empty() {
                None
            } else {
                Some(RecoveryPhrase::parse(&phrase_text)?)
            };
            restore_into(inner, running, &file, phrase.as_ref(), &mut |s| {
                let _ = on_progress.send(s);
            })
        })();
        let (safety_copy, reapplied) = ipc(inner, r)?;
        Ok(RestoreDone {
            status: status(inner),
            reapplied: reapplied.as_ref().map(|r| {
                r.patients + r.bookings + r.privacy_requests + r.ledger_rows + r.cctv_requests
            }),
            not_reapplied: safety_copy.is_some() && reapplied.is_none(),
            safety_copy: safety_copy.map(|p| p.display().to_string()),
        })
    })
    .await
}

fn restore_into(
    inner: &mut Inner,
    running_backup: bool,
    file: &Path,
    phrase: Option<&RecoveryPhrase>,
    progress: &mut dyn FnMut(Step),
) -> Result<(Option<PathBuf>, Option<Reapplied>), ApiError> {
    if running_backup {
        return Err(StoreError::Conflict(
            "a backup is being written; restore when it has finished".into(),
        )
        .into());
    }
    let keyring = inner.vault.clone();
    let (mut store, report) = if inner.has_database() {
        let (actor, _) = inner.require(Some(Permission::Backup))?;
        let current = inner.store.take().ok_or(ApiError::SessionLocked)?;
        let (store, result) = current.replace_from_backup(file, phrase, &actor, progress);
        let Some(store) = store else {
            // Could not even reopen the current database: back to the unlock screen.
            inner.session = None;
            return Ok(result.map(|r| (r.safety_copy, r.reapplied))?);
        };
        let report = match result {
            Ok(r) => r,
            Err(e) => {
                inner.store = Some(store);
                return Err(e.into());
            }
        };
        // The restored database may not even have this account: everyone signs in again. The
        // restore itself is on its record, with who did it.
        inner.session = None;
        inner.prints.clear();
        (store, report)
    } else {
        let how = match (phrase, &keyring) {
            (Some(p), _) => Unlock::Phrase(p),
            (None, Some(k)) => Unlock::Vault(k.as_ref()),
            (None, None) => return Err(StoreError::KeyNotInKeyring.into()),
        };
        backup::restore(&inner.data_dir, file, how, false, &app_actor(), progress)?
    };
    if phrase.is_some()
        && let Some(k) = keyring
    {
        // Best effort, as after a phrase unlock: without it, the next start asks for the phrase.
        let _ = store.put_key_in_vault(k, &app_actor());
    }
    inner.store = Some(store);
    inner.keyring_note = None;
    inner.close_if_slots_suffice();
    Ok((report.safety_copy, report.reapplied))
}
