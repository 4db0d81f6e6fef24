//! Backup now and restore, from the admin screen (and restore from the first-run screen, on a
//! new PC). The work runs off the UI thread; progress comes back over a channel.

use super::ipc;
use super::session::status;
use crate::dto::{BackupDone, BackupFile, BackupPlace, RestoreDone};
use crate::error::{IpcError, IpcResult};
use crate::state::{AppState, Inner, app_actor};
use jeopsu_core::Permission;
use jeopsu_store::backup::{self, Step};
use jeopsu_store::vault::{OsKeyring, RecoveryPhrase};
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
fn may_browse(inner: &mut Inner) -> Result<(), StoreError> {
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

fn folder_of(text: &str) -> Result<PathBuf, StoreError> {
    let folder = PathBuf::from(text.trim());
    if text.trim().is_empty() || !folder.is_absolute() {
        return Err(StoreError::InvalidInput(
            "choose a folder (a full path, e.g. a USB stick)".into(),
        ));
    }
    if !folder.is_dir() {
        return Err(StoreError::NotFound(format!("folder {}", folder.display())));
    }
    Ok(folder)
}

#[tauri::command]
pub async fn backup_now(
    app: AppHandle,
    folder: String,
    on_progress: Channel<Step>,
) -> IpcResult<BackupDone> {
    blocking(app, move |inner| {
        let r = (|| {
            let folder = folder_of(&folder)?;
            let (actor, store) = inner.require(Some(Permission::Backup))?;
            let out = folder.join(backup::file_name_at(store.now()));
            let report = store.backup(&actor, &out, &mut |s| {
                let _ = on_progress.send(s);
            })?;
            Ok(BackupDone {
                path: report.path.display().to_string(),
                bytes: report.bytes,
                staff: report.check.counts.staff,
                audit_rows: report.check.counts.audit_rows,
            })
        })();
        ipc(inner, r)
    })
    .await
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
    blocking(app, move |inner| {
        let phrase_text = zeroize::Zeroizing::new(phrase.unwrap_or_default());
        let r = (|| {
            let file = PathBuf::from(file.trim());
            if !file.is_file() {
                return Err(StoreError::NotFound(format!("file {}", file.display())));
            }
            let phrase = if phrase_text.trim().is_empty() {
                None
            } else {
                Some(RecoveryPhrase::parse(&phrase_text)?)
            };
            restore_into(inner, &file, phrase.as_ref(), &mut |s| {
                let _ = on_progress.send(s);
            })
        })();
        let safety_copy = ipc(inner, r)?;
        Ok(RestoreDone {
            status: status(inner),
            safety_copy: safety_copy.map(|p| p.display().to_string()),
        })
    })
    .await
}

fn restore_into(
    inner: &mut Inner,
    file: &Path,
    phrase: Option<&RecoveryPhrase>,
    progress: &mut dyn FnMut(Step),
) -> Result<Option<PathBuf>, StoreError> {
    let keyring = OsKeyring::connect();
    let (mut store, report) = if inner.has_database() {
        let (actor, _) = inner.require(Some(Permission::Backup))?;
        let current = inner.store.take().ok_or(StoreError::SessionLocked)?;
        let (store, result) = current.replace_from_backup(file, phrase, &actor, progress);
        let Some(store) = store else {
            // Could not even reopen the current database: back to the unlock screen.
            inner.session = None;
            return result.map(|r| r.safety_copy);
        };
        let report = match result {
            Ok(r) => r,
            Err(e) => {
                inner.store = Some(store);
                return Err(e);
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
            (None, Ok(k)) => Unlock::Vault(k),
            (None, Err(_)) => return Err(StoreError::KeyNotInKeyring),
        };
        backup::restore(&inner.data_dir, file, how, false, &app_actor(), progress)?
    };
    if phrase.is_some()
        && let Ok(k) = &keyring
    {
        // Best effort, as after a phrase unlock: without it, the next start asks for the phrase.
        let _ = store.put_key_in_vault(k, &app_actor());
    }
    inner.store = Some(store);
    inner.keyring_note = None;
    Ok(report.safety_copy)
}
