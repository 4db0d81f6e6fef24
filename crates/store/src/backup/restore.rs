//! Restoring a backup file: staged beside the database, checked, swapped in crash-safely (an
//! interrupted restore is finished at the next start), with a safety copy of what it replaced.

use super::*;
use crate::vault::{Counters, DbId, DeviceSecret, SlotFile};

/// The staged database, key file, key slots and sign-in counters of a restore, and its marker
/// (beside the live files).
pub(super) const STAGED_DB: &str = "jeopsu.db.restore-partial";
pub(super) const STAGED_KEY: &str = "jeopsu.key.restore-partial";
pub(super) const STAGED_SLOTS: &str = "jeopsu.slots.restore-partial";
pub(super) const STAGED_SIGNIN: &str = "jeopsu.signin.restore-partial";
pub(super) const MARKER: &str = "restore-in-progress";
/// Where a newer copy's database is read for its tombstones during a restore (still encrypted;
/// removed after reading, and by the next start if a crash left it).
const NEWER_COPY_DB: &str = "jeopsu.db.newer-copy-partial";

/// A test-only crash between the steps of a restore (`JEOPSU_TEST_RESTORE_CRASH_AT=N`).
pub(super) fn crash_point(n: u32) {
    crate::test_crash_point("JEOPSU_TEST_RESTORE_CRASH_AT", n);
}

/// The steps after the marker, each redone safely if a crash interrupted them: the live files
/// (the old data, while the staged database is still there) move into the safety copy, then the
/// staged key file, key slots and counters (when staged) and database take their places; the
/// marker goes last. `set_aside_slots`: a slot file that is not this database's (and its
/// counters) moves into the safety copy although the backup brings none in its place.
pub(super) fn complete_restore(
    dd: &DataDir,
    safety: Option<&Path>,
    set_aside_slots: bool,
) -> Result<()> {
    let root = dd.root();
    let (staged_db, staged_key) = (root.join(STAGED_DB), root.join(STAGED_KEY));
    let to_safety = |f: &Path| -> Result<()> {
        if let (Some(s), true) = (safety, f.exists()) {
            paths::create_private_dir(s)?;
            let name = f.file_name().unwrap_or_default();
            std::fs::rename(f, s.join(name)).map_err(|e| StoreError::io(f, e))?;
        }
        Ok(())
    };
    if staged_db.exists() {
        for f in dd.db_files() {
            to_safety(&f)?;
        }
        crash_point(3);
    }
    if staged_key.exists() {
        to_safety(&dd.key_path())?;
        crash_point(4);
        std::fs::rename(&staged_key, dd.key_path()).map_err(|e| StoreError::io(&staged_key, e))?;
        crash_point(5);
    }
    for (staged, live) in [
        (root.join(STAGED_SLOTS), dd.slots_path()),
        (root.join(STAGED_SIGNIN), dd.signin_path()),
    ] {
        if staged.exists() {
            to_safety(&live)?;
            std::fs::rename(&staged, &live).map_err(|e| StoreError::io(&staged, e))?;
        } else if set_aside_slots {
            to_safety(&live)?;
        }
    }
    if staged_db.exists() {
        std::fs::rename(&staged_db, dd.db_path()).map_err(|e| StoreError::io(&staged_db, e))?;
        crash_point(6);
    }
    paths::sync_dir(root);
    let marker = root.join(MARKER);
    if marker.exists() {
        std::fs::remove_file(&marker).map_err(|e| StoreError::io(&marker, e))?;
    }
    paths::sync_dir(root);
    Ok(())
}

/// Completes a restore a crash interrupted after its marker (or clears what one left staged
/// before it). Called before anything decides whether a data folder holds a database: the app's
/// start, `Store::unlock`, the CLI's open and a new restore. Returns whether one was completed.
pub fn finish_interrupted_restore(dir: &Path) -> Result<bool> {
    let dd = DataDir::new(dir);
    let marker = dd.root().join(MARKER);
    if !marker.exists() {
        // A restore that stopped before its marker changed nothing live: its staged files go.
        remove_db_files(&dd.root().join(STAGED_DB));
        remove_db_files(&dd.root().join(NEWER_COPY_DB));
        for staged in [STAGED_KEY, STAGED_SLOTS, STAGED_SIGNIN] {
            let _ = std::fs::remove_file(dd.root().join(staged));
        }
        return Ok(false);
    }
    let text = std::fs::read_to_string(&marker).map_err(|e| StoreError::io(&marker, e))?;
    let marker = serde_json::from_str::<serde_json::Value>(&text).ok();
    let safety = marker
        .as_ref()
        .and_then(|v| v.get("safety").and_then(|s| s.as_str()).map(str::to_string))
        .map(|name| dd.root().join(name));
    let set_aside = marker
        .as_ref()
        .and_then(|v| v.get("set_aside_slots")?.as_bool())
        .unwrap_or(false);
    complete_restore(&dd, safety.as_deref(), set_aside)?;
    Ok(true)
}

/// Restores `file` into `dir`. Refuses a directory that holds a database unless `force`, in which
/// case the current database and key file are first moved to `dir/safety-<time>/`.
/// The backup is fully checked before anything in `dir` is touched.
pub fn restore(
    dir: &Path,
    file: &Path,
    how: Unlock<'_>,
    force: bool,
    actor: &Actor,
    progress: &mut dyn FnMut(Step),
) -> Result<(Store, RestoreReport)> {
    progress(Step::Reading);
    // A file from anywhere: its frame and checksum are checked as it streams past, never held
    // in memory whole.
    let (mut backup, layout) = open_backup(file)?;
    let key_file = layout.key_file.clone();
    let key = match how {
        Unlock::Vault(v) => v
            .load(&key_file.db_id)?
            .ok_or(StoreError::KeyNotInKeyring)?,
        Unlock::Phrase(p) => key_file.unwrap_key(p)?,
    };
    finish_interrupted_restore(dir)?;
    let dd = DataDir::new(dir);
    if (dd.has_database() || dd.key_path().exists()) && !force {
        return Err(StoreError::AlreadyInitialized {
            dir: dir.to_path_buf(),
        });
    }
    // A backup of this installation carries this installation's key file. One that differs
    // would silently make the printed recovery phrase useless: refused.
    if let Ok(current) = KeyFile::read(&dd.key_path())
        && current.db_id == key_file.db_id
        && current != key_file
    {
        return Err(StoreError::BackupDamaged(
            "its key file differs from this installation's: the recovery phrase would change"
                .into(),
        ));
    }
    paths::create_private_dir(dir)?;

    progress(Step::Checking);
    let tmp = dd.root().join(STAGED_DB);
    remove_db_files(&tmp);
    let checked = (|| -> Result<Report> {
        copy_database(&mut backup, &layout, file, &tmp)?;
        check_file(&tmp, &key)
    })();
    let check = match checked {
        Ok(c) => c,
        Err(e) => {
            remove_db_files(&tmp);
            return Err(match e {
                StoreError::DatabaseUnreadable { .. } => {
                    StoreError::BackupDamaged("its database cannot be read with its key".into())
                }
                other => other,
            });
        }
    };

    // The database being replaced, if it is this same installation's: what it destroyed since
    // (its tombstones) and where its logs ended, before it moves aside.
    let (tombs, replaced_head) = replaced_state(&dd, &key, key_file.db_id);

    let slots = restorable_slots(&dd, &layout, &key);
    // The safety copy's folder is named by the real time, even under a test's pinned clock: two
    // restores under one pinned instant would otherwise share (and overwrite) one folder.
    let safety_copy = (dd.has_database() || dd.key_path().exists()).then(|| {
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
        dd.root().join(format!("safety-{stamp}"))
    });

    // Before anything moves, in the staged copy: what was destroyed after the backup was made
    // goes again, and the restore is logged. A crash before the marker discards both with the
    // copy; after it, the copy that moves into place has them already, so an interrupted
    // restore never brings a destroyed record back or goes unlogged.
    let staged = (|| -> Result<_> {
        let conn = db::open(&tmp, &key, Mode::Existing)?;
        // Without a replaced database (a new PC, a folder emptied by a failed disk), a newer copy
        // of the same database says what was destroyed after this one was made: beside the file
        // restored, or in the backup folder the restored database names (a copy picked from a
        // stick while the scheduled backups went on to a second disk).
        let tombs = tombs.or_else(|| {
            let scheduled = crate::backup_schedule::folder(&conn).ok().flatten();
            newer_copy_tombstones(file, scheduled.as_deref(), &key, key_file.db_id, &dd)
        });
        let mut staged = Store::assemble(conn, key.duplicate(), key_file.db_id, dd.clone());
        let reapplied = match &tombs {
            Some(t) => Some(crate::tombstones::reapply(&mut staged, actor, t)?),
            None => None,
        };
        staged.write(|tx| {
            tx.log(
                Entry::new(Action::RestoredFromBackup, actor)
                    .subject(Subject::file(&file.display().to_string()))
                    .detail(serde_json::json!({
                        "staff": check.counts.staff,
                        "safety_copy": safety_copy.is_some(),
                        "reapplied": reapplied,
                        "replaced_log_head": replaced_head,
                        "key_slots": slots.is_some(),
                    })),
            )
            .map(|_| ())
        })?;
        // The clinic's lockout policy and name, for the sign-in counters, as a sign-in copies them.
        let policy = crate::staff::lockout_policy(&staged).unwrap_or_default();
        let clinic = crate::settings::clinic_profile(&staged)
            .ok()
            .map(|p| p.name);
        close_staged(staged, &tmp)?;
        Ok((reapplied, policy, clinic))
    })();
    let (reapplied, policy, clinic) = match staged {
        Ok(x) => x,
        Err(e) => {
            remove_db_files(&tmp);
            return Err(e);
        }
    };

    progress(Step::Replacing);
    // Crash-safe from here: the checked database and the key file are staged beside the live
    // ones and synced, a marker says a restore is under way, and every step after it can be
    // redone; at the next start `finish_interrupted_restore` completes it. The old or the new
    // data always opens whole, and nothing ever looks like a first run.
    // Opened for writing: Windows flushes a file only through a handle that may write to it
    // (a read-only one gets "access denied").
    let sync = |p: &Path| -> Result<()> {
        std::fs::OpenOptions::new()
            .write(true)
            .open(p)
            .and_then(|f| f.sync_all())
            .map_err(|e| StoreError::io(p, e))
    };
    sync(&tmp)?;
    paths::write_atomic(&dd.root().join(STAGED_KEY), &key_file.to_bytes())?;
    if let Some((slot_file, device)) = &slots {
        slot_file.write(&dd.root().join(STAGED_SLOTS))?;
        // Fresh counters under the same secret (a missing file reads as tampering).
        let mut c = Counters::fresh(
            &dd.root().join(STAGED_SIGNIN),
            &key_file.db_id,
            slot_file.mode,
            device.as_ref(),
            policy,
        );
        c.set_clinic_name(clinic);
        c.save()?;
    }
    crash_point(1);
    // Slots of another database (or a damaged file) would refuse every sign-in: when the backup
    // brings none in their place, they go into the safety copy, and each person's first sign-in
    // makes their slot again (the phrase having put the data key in the keyring meanwhile).
    let set_aside_slots = slots.is_none() && foreign_slots(&dd, key_file.db_id);
    let marker = serde_json::json!({
        "safety": safety_copy.as_ref().and_then(|p| p.file_name()).map(|n| n.to_string_lossy().into_owned()),
        "set_aside_slots": set_aside_slots,
    });
    paths::write_atomic(&dd.root().join(MARKER), marker.to_string().as_bytes())?;
    crash_point(2);
    complete_restore(&dd, safety_copy.as_deref(), set_aside_slots)?;

    let conn = db::open(&dd.db_path(), &key, Mode::Existing)?;
    let store = Store::assemble(conn, key, key_file.db_id, dd);
    progress(Step::Done);
    Ok((
        store,
        RestoreReport {
            check,
            safety_copy,
            reapplied,
            key_slots: slots.is_some(),
        },
    ))
}

/// The backup's staff key slots (and their device secret, from its copy under the data key) when
/// they should come back with the data: this folder has no slot file of this database (a new PC,
/// a folder emptied by a failed disk, another installation's files being replaced, or a damaged
/// one), and the backup's open with `key`. Otherwise `None`: a slot file of this installation
/// already here is the newer (the slots are never older than the backup), and a backup without
/// slots (version 1, or an installation from before them) restores as it always did, the first
/// sign-in of each person making their slot.
fn restorable_slots(
    dd: &DataDir,
    layout: &Layout,
    key: &DataKey,
) -> Option<(SlotFile, Option<DeviceSecret>)> {
    let db_id = layout.key_file.db_id;
    if slots_of(dd, db_id) {
        return None;
    }
    let file = SlotFile::from_bytes(layout.slots.as_deref()?)?;
    if file.db_id != db_id {
        return None;
    }
    let (device, _) = file.open_with_data_key(key)?;
    Some((file, device))
}

/// Closes the staged copy with everything in its one file (the write-ahead log checkpointed into
/// it and removed), so that only that file moves into place.
fn close_staged(store: Store, path: &Path) -> Result<()> {
    let Store { conn, .. } = store;
    let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
    if busy != 0 {
        return Err(StoreError::Internal(
            "the restored copy's log could not be written into it".into(),
        ));
    }
    db::close(conn)?;
    for companion in &paths::db_files_of(path)[1..] {
        let _ = std::fs::remove_file(companion);
    }
    Ok(())
}

/// `dd` holds a readable slot file of database `db_id`.
fn slots_of(dd: &DataDir, db_id: DbId) -> bool {
    matches!(SlotFile::read(&dd.slots_path()), Ok(Some(f)) if f.db_id == db_id)
}

/// A slot file is in `dd` and is not a readable slot file of database `db_id`.
fn foreign_slots(dd: &DataDir, db_id: DbId) -> bool {
    dd.slots_path().exists() && !slots_of(dd, db_id)
}

/// The tombstones and the log heads (stream, last sequence number, last MAC in hex) of the
/// database in `dd`, if it is the installation `db_id` and opens with `key`. A database that
/// cannot be read gives `None`: the restore goes on (that is often why one restores).
pub(super) fn replaced_state(
    dd: &DataDir,
    key: &DataKey,
    db_id: crate::vault::DbId,
) -> (Option<crate::tombstones::Tombstones>, serde_json::Value) {
    let same = KeyFile::read(&dd.key_path()).is_ok_and(|k| k.db_id == db_id);
    if !dd.has_database() || !same {
        return (None, serde_json::Value::Null);
    }
    let Ok(conn) = db::open(&dd.db_path(), key, Mode::Existing) else {
        return (None, serde_json::Value::Null);
    };
    let tombs = crate::tombstones::read_all(&conn).ok();
    let heads = conn
        .prepare("SELECT stream, last_seq, hex(last_mac) FROM audit_head ORDER BY stream")
        .and_then(|mut s| {
            s.query_map([], |r| {
                Ok(serde_json::json!({
                    "stream": r.get::<_, String>(0)?,
                    "last_seq": r.get::<_, i64>(1)?,
                    "last_mac": r.get::<_, String>(2)?,
                }))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()
        })
        .map(serde_json::Value::from)
        .unwrap_or(serde_json::Value::Null);
    drop(conn);
    (tombs, heads)
}

/// The tombstones of the newest copy of database `db_id` written after `file` (by the file
/// system's time) that opens with `key`, in `file`'s folder or in `also` (the backup folder);
/// `None` if there is none. Its database is copied out, still encrypted, beside the data folder's
/// files and removed after reading. A copy that is damaged, from before tombstones existed or of
/// another database is passed over for the next newest.
fn newer_copy_tombstones(
    file: &Path,
    also: Option<&Path>,
    key: &DataKey,
    db_id: crate::vault::DbId,
    dd: &DataDir,
) -> Option<crate::tombstones::Tombstones> {
    let folder = file.parent()?;
    let made = std::fs::metadata(file).and_then(|m| m.modified()).ok()?;
    let made = chrono::DateTime::<chrono::Utc>::from(made);
    let staged = dd.root().join(NEWER_COPY_DB);
    let mut found = find_backups(folder);
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    };
    if let Some(other) = also.filter(|o| !same(o, folder)) {
        found.extend(find_backups(other));
        newest_first(&mut found);
    }
    found
        .into_iter()
        .filter(|b| b.modified.is_some_and(|m| m > made))
        .find_map(|b| {
            let (mut r, layout) = open_backup(&b.path).ok()?;
            if layout.key_file.db_id != db_id {
                return None;
            }
            remove_db_files(&staged);
            let read = copy_database(&mut r, &layout, &b.path, &staged)
                .and_then(|()| db::open_keyed(&staged, key, Mode::Existing))
                .and_then(|conn| crate::tombstones::read_all(&conn));
            remove_db_files(&staged);
            read.ok()
        })
}

/// The file name extension of a backup.
pub const EXTENSION: &str = "jeopsubk";

/// A backup file found in a folder.
#[derive(Debug, Clone, Serialize)]
pub struct FoundBackup {
    /// Where it is.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// When it was last modified, as the file system says.
    pub modified: Option<chrono::DateTime<chrono::Utc>>,
}

/// The backup files directly in `dir` (not in sub-folders), newest first. A folder that cannot
/// be read (an unplugged stick, no permission) simply has none.
pub fn find_backups(dir: &Path) -> Vec<FoundBackup> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return vec![];
    };
    let mut found: Vec<FoundBackup> = entries
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case(EXTENSION))
        })
        .filter_map(|e| {
            let meta = e.metadata().ok().filter(|m| m.is_file())?;
            Some(FoundBackup {
                path: e.path(),
                bytes: meta.len(),
                modified: meta.modified().ok().map(chrono::DateTime::from),
            })
        })
        .collect();
    newest_first(&mut found);
    found
}

/// Newest first by the file system's time, then by path.
fn newest_first(found: &mut [FoundBackup]) {
    found.sort_by(|a, b| b.modified.cmp(&a.modified).then(a.path.cmp(&b.path)));
}

/// The file name for a backup made at `at` (Seoul time): `jeopsu-backup-YYYYMMDD-HHMMSS.jeopsubk`.
pub fn file_name_at(at: chrono::DateTime<chrono::Utc>) -> String {
    format!(
        "jeopsu-backup-{}.{EXTENSION}",
        jeopsu_core::time::file_stamp(at)
    )
}

impl Store {
    /// Replaces this store's database with the backup `file`, keeping the current one as a
    /// safety copy. The connection is closed first (its files are about to move). The backup is
    /// opened with `phrase` if given, else with this store's own key (a backup of this same
    /// database). If the restore fails before anything moved, the current database is reopened
    /// with the key already in memory, so a failed restore changes nothing; the store is `None`
    /// only if even that reopening failed.
    pub fn replace_from_backup(
        self,
        file: &Path,
        phrase: Option<&RecoveryPhrase>,
        actor: &Actor,
        progress: &mut dyn FnMut(Step),
    ) -> (Option<Store>, Result<RestoreReport>) {
        let Store {
            conn,
            key,
            db_id,
            dir,
            ..
        } = self;
        if let Err((conn, e)) = conn.close() {
            return (
                Some(Store::assemble(conn, key, db_id, dir)),
                Err(StoreError::Sqlite(e)),
            );
        }
        let own = MemoryVault::new();
        let how = match phrase {
            Some(p) => Ok(Unlock::Phrase(p)),
            None => own.store(&db_id, &key).map(|()| Unlock::Vault(&own)),
        };
        let result = how.and_then(|how| restore(dir.root(), file, how, true, actor, progress));
        match result {
            Ok((store, report)) => (Some(store), Ok(report)),
            Err(e) => {
                let reopened = db::open(&dir.db_path(), &key, Mode::Existing)
                    .ok()
                    .map(|conn| Store::assemble(conn, key, db_id, dir));
                (reopened, Err(e))
            }
        }
    }
}
