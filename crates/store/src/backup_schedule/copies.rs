//! The copies in the backup folder: listing them, rotating old ones out, the status the
//! screen shows, the restore drill, and copies kept too long.

use super::*;

/// A copy of this database in the backup folder, as the admin screen and `jeopsu backup list`
/// show it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BackupCopy {
    /// The file's name in the backup folder.
    pub file_name: String,
    /// The full path (for a drill).
    pub path: String,
    /// Its size in bytes.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes: u64,
    /// Seoul time, `YYYY-MM-DD HH:MM:SS`.
    pub made_at: String,
    /// The check after writing: `true`, `false`, or `null` when this PC has no record of it.
    pub checked_ok: Option<bool>,
    /// What the check found wrong, if it failed.
    pub problem: Option<String>,
    /// Whether rotation keeps it (else it goes at the next scheduled backup).
    pub kept: bool,
    /// Past the age limit: the retention run deletes it.
    pub too_old: bool,
}

/// A copy made outside the backup folder ("Back up now", `jeopsu backup --out`), as its run was
/// recorded. The retention run cannot delete it with the folder's copies (the stick may be in a
/// drawer), so the admin's screen says where each one went and which are past the age limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct OtherCopy {
    /// The full path it was written to.
    pub path: String,
    /// Its size in bytes when written.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub bytes: u64,
    /// Seoul time, `YYYY-MM-DD HH:MM:SS`.
    pub made_at: String,
    /// Whether the check after writing passed.
    pub checked_ok: bool,
    /// What the check found wrong, if it failed.
    pub problem: Option<String>,
    /// Whether the file is there now (a stick that is out reads as not there).
    pub present: bool,
    /// Past the age limit: to be destroyed by hand where it is.
    pub too_old: bool,
}

/// How many of the latest copies made elsewhere the admin's screen lists.
pub const OTHER_COPIES_SHOWN: i64 = 20;

/// The latest copies made outside `folder` (the backup folder, if one is chosen), newest first.
pub(super) fn elsewhere(
    conn: &Connection,
    folder: Option<&Path>,
    now: DateTime<Utc>,
) -> Result<Vec<OtherCopy>> {
    let mut stmt = conn.prepare(
        "SELECT at, folder, file_name, bytes, ok, problem FROM backup_runs
         WHERE kind = 'manual' ORDER BY id DESC LIMIT ?1",
    )?;
    let rows = stmt
        .query_map([OTHER_COPIES_SHOWN], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, bool>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = vec![];
    for (at, dir, name, bytes, ok, problem) in rows {
        let dir = PathBuf::from(dir);
        if folder == Some(dir.as_path()) {
            continue;
        }
        let made = time::from_stored(&at)
            .ok_or_else(|| StoreError::IntegrityFailed(format!("backup run at {at}")))?;
        let path = dir.join(&name);
        out.push(OtherCopy {
            present: path.is_file(),
            path: path.display().to_string(),
            bytes: u64::try_from(bytes).unwrap_or(0),
            made_at: time::display_seconds(made),
            checked_ok: ok,
            problem,
            too_old: jeopsu_core::backup::too_old(made, now),
        });
    }
    Ok(out)
}

/// This database's backups in `folder` (other files and other databases' backups are never
/// touched), newest first, with the check's result and rotation's verdict.
pub(super) fn copies(
    conn: &Connection,
    folder: &Path,
    now: DateTime<Utc>,
    db_id: DbId,
) -> Result<Vec<BackupCopy>> {
    let rot = rotation(conn)?;
    let mut found: Vec<(backup::FoundBackup, String, DateTime<Utc>)> = backup::find_backups(folder)
        .into_iter()
        .filter_map(|f| {
            let name = file_name_of(&f.path);
            let made = jeopsu_core::backup::made_at(&name)?;
            (db_id_of(&f.path) == Some(db_id)).then_some((f, name, made))
        })
        .collect();
    found.sort_by_key(|f| std::cmp::Reverse(f.2));
    let times: Vec<DateTime<Utc>> = found.iter().map(|f| f.2).collect();
    let keep = jeopsu_core::backup::kept(&times, rot, now);
    let mut stmt = conn.prepare(
        "SELECT ok, problem FROM backup_runs WHERE file_name = ?1 AND kind != 'drill'
         ORDER BY id DESC LIMIT 1",
    )?;
    let mut out = vec![];
    for ((f, name, made), kept) in found.into_iter().zip(keep) {
        let row: Option<(bool, Option<String>)> = stmt
            .query_row([&name], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        out.push(BackupCopy {
            path: f.path.display().to_string(),
            file_name: name,
            bytes: f.bytes,
            made_at: time::display_seconds(made),
            checked_ok: row.as_ref().map(|r| r.0),
            problem: row.and_then(|r| r.1),
            kept,
            too_old: jeopsu_core::backup::too_old(made, now),
        });
    }
    Ok(out)
}

/// Deletes `name` from `folder` and logs it with `why`. A failure is reported, never ignored.
pub(super) fn delete_copy(
    store: &mut Store,
    actor: &Actor,
    folder: &Path,
    name: &str,
    why: &str,
) -> Result<()> {
    let path = folder.join(name);
    std::fs::remove_file(&path).map_err(|e| StoreError::io(&path, e))?;
    store.write(|tx| {
        tx.log(
            Entry::new(Action::BackupDeleted, actor)
                .subject(Subject::file(&path.display().to_string()))
                .detail(serde_json::json!({ "why": why })),
        )
        .map(|_| ())
    })
}

/// Applies rotation to this database's copies in `folder`; returns the deleted file names.
/// Half-written files a crash left behind (`*.partial`, older than an hour) go too.
pub(super) fn rotate(store: &mut Store, actor: &Actor, folder: &Path) -> Result<Vec<String>> {
    let list = copies(store.conn(), folder, store.now(), store.db_id())?;
    let mut deleted = vec![];
    for c in list.iter().filter(|c| !c.kept) {
        delete_copy(store, actor, folder, &c.file_name, "rotation")?;
        deleted.push(c.file_name.clone());
    }
    if let Ok(entries) = std::fs::read_dir(folder) {
        for e in entries.filter_map(|e| e.ok()) {
            let name = e.file_name().to_string_lossy().into_owned();
            let stale = e
                .metadata()
                .ok()
                .and_then(|m| m.modified().ok())
                .and_then(|m| m.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 3600);
            if name.starts_with("jeopsu-backup-") && name.ends_with(".partial") && stale {
                delete_copy(store, actor, folder, &name, "half-written")?;
                deleted.push(name);
            }
        }
    }
    Ok(deleted)
}

/// The newest good backup (scheduled or manual) this database recorded.
pub(super) fn last_good(conn: &Connection) -> Result<Option<DateTime<Utc>>> {
    let at: Option<String> = conn
        .query_row(
            "SELECT max(at) FROM backup_runs WHERE ok = 1 AND kind != 'drill'",
            [],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    Ok(at.and_then(|t| time::from_stored(&t)))
}

/// Whether the scheduled backup is due now: a folder is chosen and no good backup was made
/// today (Seoul). Read at each sign-in, sign-out and exit; not logged.
pub fn due(store: &Store) -> Result<bool> {
    Ok(folder(store.conn())?.is_some()
        && jeopsu_core::backup::due(last_good(store.conn())?, store.now()))
}

/// A restore drill's result.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DrillResult {
    /// Seoul time, `YYYY-MM-DD HH:MM`.
    pub at: String,
    /// The copy restored.
    pub file_name: String,
    /// Whether it restored and counted as it should.
    pub ok: bool,
    /// What went wrong, if it did not.
    pub problem: Option<String>,
    /// What the restored copy held.
    pub counts: Option<CopyCounts>,
}

/// What the admin screen shows about backups.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BackupStatus {
    /// The backup folder, if one is chosen.
    pub folder: Option<String>,
    /// Whether it is there now (a USB stick may be out).
    pub folder_present: bool,
    /// How many copies rotation keeps.
    pub rotation: Rotation,
    /// Seoul time of the newest good backup.
    pub last_good: Option<String>,
    /// What to tell the admin now, if anything.
    pub warning: Option<Warning>,
    /// The last restore drill.
    pub last_drill: Option<DrillResult>,
    /// The copies in the folder, newest first.
    pub copies: Vec<BackupCopy>,
    /// The latest copies made elsewhere, newest first ([`OTHER_COPIES_SHOWN`] at most).
    pub elsewhere: Vec<OtherCopy>,
}

/// The backup status (not logged: no personal data).
pub fn status(store: &Store) -> Result<BackupStatus> {
    let conn = store.conn();
    let now = store.now();
    let folder = folder(conn)?;
    let present = folder.as_deref().is_some_and(Path::is_dir);
    let last = last_good(conn)?;
    let since = settings::get(conn, settings::CREATED_AT)?
        .and_then(|t| time::from_stored(&t))
        .unwrap_or(now);
    let warning = jeopsu_core::backup::warning(folder.is_some(), present, last, since, now);
    let last_drill = conn
        .query_row(
            "SELECT at, file_name, ok, problem, counts FROM backup_runs WHERE kind = 'drill'
             ORDER BY id DESC LIMIT 1",
            [],
            |r| {
                let at: String = r.get(0)?;
                let counts: Option<String> = r.get(4)?;
                Ok(DrillResult {
                    at: time::stored_as_minutes(&at).unwrap_or(at),
                    file_name: r.get(1)?,
                    ok: r.get(2)?,
                    problem: r.get(3)?,
                    counts: counts.and_then(|c| serde_json::from_str(&c).ok()),
                })
            },
        )
        .optional()?;
    let copies = match (&folder, present) {
        (Some(f), true) => copies(conn, f, now, store.db_id())?,
        _ => vec![],
    };
    let elsewhere = elsewhere(conn, folder.as_deref(), now)?;
    Ok(BackupStatus {
        folder: folder.map(|f| f.display().to_string()),
        folder_present: present,
        rotation: rotation(conn)?,
        last_good: last.map(time::display_minutes),
        warning,
        last_drill,
        copies,
        elsewhere,
    })
}

/// A restore drill: `file` (a backup of this database) restored into a temporary folder beside
/// the database, exactly as a restore on a new PC would, opened, counted, and deleted. Nothing of
/// the live database is touched. Logged, and recorded for "last drill".
pub fn drill(
    store: &mut Store,
    actor: &Actor,
    file: &Path,
    progress: &mut dyn FnMut(Step),
) -> Result<DrillResult> {
    let root = store.data_dir().root().to_path_buf();
    // A drill a crash interrupted left its folder: it goes first.
    if let Ok(entries) = std::fs::read_dir(&root) {
        for e in entries.filter_map(|e| e.ok()) {
            if e.file_name().to_string_lossy().starts_with("drill-") {
                std::fs::remove_dir_all(e.path()).map_err(|err| StoreError::io(&e.path(), err))?;
            }
        }
    }
    let dir = root.join(format!("drill-{}", time::file_stamp(store.now())));
    let own = MemoryVault::new();
    own.store(&store.db_id(), store.data_key())?;
    let restored = backup::restore(&dir, file, Unlock::Vault(&own), false, actor, progress)
        .and_then(|(copy, _)| counts(copy.conn()));
    let removed = std::fs::remove_dir_all(&dir);
    if let Err(e) = removed
        && e.kind() != std::io::ErrorKind::NotFound
    {
        return Err(StoreError::io(&dir, e));
    }
    let (ok, problem, counts) = match restored {
        Ok(c) => (true, None, Some(c)),
        Err(e) => (false, Some(e.to_string()), None),
    };
    let file_name = file_name_of(file);
    let folder = file
        .parent()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default();
    let at = store.now();
    store.write(|tx| {
        tx.conn().execute(
            "INSERT INTO backup_runs (at, kind, folder, file_name, bytes, ok, problem, counts, actor)
             VALUES (?1, 'drill', ?2, ?3, 0, ?4, ?5, ?6, ?7)",
            params![
                time::to_stored(at),
                folder,
                file_name,
                ok,
                problem,
                counts.and_then(|c| serde_json::to_string(&c).ok()),
                actor.to_log_text()
            ],
        )?;
        tx.log(
            Entry::new(Action::BackupDrill, actor)
                .subject(Subject::file(&file.display().to_string()))
                .detail(serde_json::json!({ "ok": ok, "counts": counts, "problem": problem })),
        )?;
        Ok(())
    })?;
    Ok(DrillResult {
        at: time::display_minutes(at),
        file_name,
        ok,
        problem,
        counts,
    })
}

/// This database's copies in the backup folder past the age limit (for the retention preview;
/// empty when no folder is chosen or it is not there).
pub fn too_old(store: &Store) -> Result<Vec<BackupCopy>> {
    let Some(folder) = folder(store.conn())?.filter(|f| f.is_dir()) else {
        return Ok(vec![]);
    };
    Ok(copies(store.conn(), &folder, store.now(), store.db_id())?
        .into_iter()
        .filter(|c| c.too_old)
        .collect())
}

/// Deletes the copies past the age limit (the retention run) and returns how many went.
pub(crate) fn destroy_too_old(store: &mut Store, actor: &Actor) -> Result<Vec<BackupCopy>> {
    let old = too_old(store)?;
    if let Some(folder) = folder(store.conn())? {
        for c in &old {
            delete_copy(store, actor, &folder, &c.file_name, "age-limit")?;
        }
    }
    Ok(old)
}
