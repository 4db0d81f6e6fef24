//! Backups that happen by themselves (docs/LAW.md, "Backups"): a folder chosen once, a backup each Seoul day
//! (at the first sign-in, or at sign-out or exit if the day has none), every copy checked after
//! it is written, rotation, warnings when backups stop, and restore drills.
//!
//! The rules (when one is due, which copies rotation keeps, the age limit, when to warn) are in
//! `jeopsu_core::backup`; this module does the files and the records. A backup is written by a
//! [`Job`], which holds its own copy of the key and opens its own connection, so the app runs it
//! on a background thread while the desk keeps using the store; only [`record`] needs the store.
//!
//! Every backup, check, deletion and drill writes an access-log row; none carries personal data
//! (file names, sizes, counts and results only).

use crate::audit::Entry;
use crate::backup::{self, BackupReport, Step};
use crate::db::{self, Mode};
use crate::error::{Result, StoreError};
use crate::paths::remove_db_files;
use crate::settings;
use crate::vault::{DataKey, DbId, KeyFile, KeyVault, MemoryVault};
use crate::{Store, Unlock};
use chrono::{DateTime, Utc};
use jeopsu_core::audit::{Action, Actor, Subject};
use jeopsu_core::backup::{Rotation, Warning};
use jeopsu_core::field::FieldMessage;
use jeopsu_core::time;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use std::io::Read;
use std::path::{Path, PathBuf};

mod copies;

pub use copies::*;

/// Why a backup was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// By the schedule (or `jeopsu backup --auto`): the chosen folder, rotation, the check.
    Scheduled,
    /// "Back up now" to a folder of the admin's choosing, or `jeopsu backup --out`.
    Manual,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Scheduled => "scheduled",
            Kind::Manual => "manual",
        }
    }
}

/// The backup folder, if one was chosen.
pub fn folder(conn: &Connection) -> Result<Option<PathBuf>> {
    Ok(settings::get(conn, settings::BACKUP_FOLDER)?
        .filter(|s| !s.is_empty())
        .map(PathBuf::from))
}

/// Chooses the backup folder: a full path to a folder that exists now (a USB stick, a second
/// disk, a network drive the OS has mounted). Logged.
pub fn set_folder(store: &mut Store, actor: &Actor, dir: &str) -> Result<PathBuf> {
    let dir = dir.trim();
    let path = PathBuf::from(dir);
    if dir.is_empty() || !path.is_absolute() {
        return Err(StoreError::Invalid(vec![jeopsu_core::FieldProblem::new(
            "folder",
            FieldMessage::FolderAbsolute,
        )]));
    }
    if !path.is_dir() {
        return Err(StoreError::BackupFolderMissing { dir: path });
    }
    let text = path
        .to_str()
        .ok_or_else(|| StoreError::InvalidInput("the folder's path is not UTF-8".into()))?
        .to_string();
    store.write(|tx| {
        settings::put(tx.conn(), settings::BACKUP_FOLDER, &text)?;
        tx.log(
            Entry::new(Action::SettingChanged, actor)
                .detail(serde_json::json!({ "setting": settings::BACKUP_FOLDER, "folder": text })),
        )?;
        Ok(())
    })?;
    Ok(path)
}

/// The rotation counts (7 daily, 4 weekly, 12 monthly unless the admin changed them).
pub fn rotation(conn: &Connection) -> Result<Rotation> {
    // Unreadable is an error (`get_json`); counts outside today's bounds (saved by a version
    // with other bounds) keep the defaults, so a backup is never stopped by them.
    let saved: Option<Rotation> = settings::get_json(conn, settings::BACKUP_ROTATION)?;
    Ok(saved.and_then(|r| r.check().ok()).unwrap_or_default())
}

/// Changes the rotation counts, within what the age limit allows. Logged.
pub fn set_rotation(store: &mut Store, actor: &Actor, r: Rotation) -> Result<Rotation> {
    let r = r.check().map_err(StoreError::Invalid)?;
    let json = serde_json::to_string(&r).map_err(|e| StoreError::Internal(e.to_string()))?;
    store.write(|tx| {
        settings::put(tx.conn(), settings::BACKUP_ROTATION, &json)?;
        tx.log(
            Entry::new(Action::SettingChanged, actor)
                .detail(serde_json::json!({ "setting": settings::BACKUP_ROTATION, "rotation": r })),
        )?;
        Ok(())
    })?;
    Ok(r)
}

/// Everything a backup needs, taken from the store, so that writing and checking run without it.
pub struct Job {
    kind: Kind,
    db_path: PathBuf,
    key: DataKey,
    db_id: DbId,
    key_path: PathBuf,
    slots_path: PathBuf,
    staging: PathBuf,
    folder: PathBuf,
    out: PathBuf,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Job")
            .field("kind", &self.kind)
            .field("out", &self.out)
            .finish_non_exhaustive()
    }
}

/// What a finished job wrote and what the check after writing found.
#[derive(Debug, Clone, Serialize)]
pub struct Written {
    /// Scheduled or manual.
    pub kind: Kind,
    /// The folder it went to.
    pub folder: PathBuf,
    /// The file's name.
    pub file_name: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// `Ok` with the copy's counts when it opened as a restore would open it; else why not.
    pub check: std::result::Result<CopyCounts, String>,
}

/// What a check or a drill counted in a copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CopyCounts {
    /// Patients in the copy.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub patients: i64,
    /// Visits in the copy.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub visits: i64,
    /// Consent rows in the copy.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub consents: i64,
}

pub(crate) fn counts(conn: &Connection) -> Result<CopyCounts> {
    let n = |sql: &str| -> Result<i64> { Ok(conn.query_row(sql, [], |r| r.get(0))?) };
    Ok(CopyCounts {
        patients: n("SELECT count(*) FROM patients")?,
        visits: n("SELECT count(*) FROM visits")?,
        consents: n("SELECT count(*) FROM consent_records")?,
    })
}

impl Store {
    /// Prepares the scheduled backup: the chosen folder must be there. Cheap; the work is in
    /// [`Job::run`].
    pub fn scheduled_job(&self) -> Result<Job> {
        let folder = folder(self.conn())?.ok_or_else(|| {
            StoreError::Invalid(vec![jeopsu_core::FieldProblem::new(
                "folder",
                FieldMessage::FolderAbsolute,
            )])
        })?;
        self.job(Kind::Scheduled, &folder)
    }

    /// Prepares a backup of `kind` into `folder`, named by the time (Seoul).
    pub fn job(&self, kind: Kind, folder: &Path) -> Result<Job> {
        if !folder.is_dir() {
            return Err(StoreError::BackupFolderMissing {
                dir: folder.to_path_buf(),
            });
        }
        let mut out = folder.join(jeopsu_core::backup::file_name(self.now()));
        // Two in the same second (a manual one right after the scheduled one): a new name.
        let mut n = 1;
        while out.exists() {
            n += 1;
            let name = jeopsu_core::backup::file_name(self.now());
            let stem = name.trim_end_matches(&format!(".{}", backup::EXTENSION));
            out = folder.join(format!("{stem}-{n}.{}", backup::EXTENSION));
        }
        self.job_to(kind, &out)
    }

    /// Prepares a backup of `kind` to the file `out`, which must not exist yet.
    pub fn job_to(&self, kind: Kind, out: &Path) -> Result<Job> {
        if out.exists() {
            return Err(StoreError::Conflict(format!(
                "{} already exists",
                out.display()
            )));
        }
        let folder = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if !folder.is_dir() {
            return Err(StoreError::BackupFolderMissing {
                dir: folder.to_path_buf(),
            });
        }
        let dir = self.data_dir();
        sweep_staging(dir.root());
        // Its own staging file: the app's scheduled backup, a manual one and the CLI's may run
        // at the same time.
        static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let staging = dir
            .root()
            .join(format!("{STAGING}{}-{n}", std::process::id()));
        Ok(Job {
            kind,
            db_path: dir.db_path(),
            key: self.data_key().duplicate(),
            db_id: self.db_id(),
            key_path: dir.key_path(),
            slots_path: dir.slots_path(),
            staging,
            folder: folder.to_path_buf(),
            out: out.to_path_buf(),
        })
    }
}

/// The prefix of a job's staging file beside the database (an encrypted export, deleted when the
/// job ends).
const STAGING: &str = "jeopsu.db.backup-partial-";

/// Deletes staging files a crashed job left (older than an hour, so a running job's stays).
fn sweep_staging(root: &Path) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for e in entries.filter_map(|e| e.ok()) {
        let stale = e
            .metadata()
            .ok()
            .and_then(|m| m.modified().ok())
            .and_then(|m| m.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 3600);
        if stale && e.file_name().to_string_lossy().starts_with(STAGING) {
            remove_db_files(&e.path());
        }
    }
}

impl Job {
    /// Writes the backup on a connection of its own (a consistent snapshot: the database is in
    /// WAL mode), then opens the written file as a restore would and checks it. An error means
    /// nothing was written under the final name; a failed check is in [`Written::check`].
    pub fn run(self, progress: &mut dyn FnMut(Step)) -> Result<Written> {
        self.run_with_report(progress).map(|(_, w)| w)
    }

    /// [`Job::run`], with the check of the exported copy before it was written (its counts of
    /// staff and log rows, for "Back up now" and `jeopsu backup --out`).
    pub fn run_with_report(
        self,
        progress: &mut dyn FnMut(Step),
    ) -> Result<(BackupReport, Written)> {
        let conn = db::open(&self.db_path, &self.key, Mode::Existing)?;
        let written: Result<BackupReport> = backup::write_file(
            &conn,
            &self.key,
            &self.key_path,
            &self.slots_path,
            &self.staging,
            &self.out,
            progress,
        );
        drop(conn);
        let report = written?;
        progress(Step::Verifying);
        // Recorded as data (the run's row says why a check failed), so kept as its text.
        let check = check_copy(&report.path, &self.key, self.db_id, &self.staging)
            .map_err(|e| e.to_string());
        progress(Step::Done);
        let w = Written {
            kind: self.kind,
            folder: self.folder.clone(),
            file_name: file_name_of(&report.path),
            bytes: report.bytes,
            check,
        };
        Ok((report, w))
    }
}

fn file_name_of(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Opens the backup `file` as a restore would, without replacing anything: its checksum, its
/// key file (this database's), then the database through `staging` with every check a restore
/// runs (page MACs, structure, references, both audit chains), and its counts.
pub fn check_copy(file: &Path, key: &DataKey, db_id: DbId, staging: &Path) -> Result<CopyCounts> {
    let result = (|| -> Result<CopyCounts> {
        let (mut f, layout) = backup::open_backup(file)?;
        if layout.key_file.db_id != db_id {
            return Err(StoreError::BackupDamaged(
                "it is a backup of another database".into(),
            ));
        }
        remove_db_files(staging);
        backup::copy_database(&mut f, &layout, file, staging)?;
        backup::check_file(staging, key)?;
        let conn = db::open(staging, key, Mode::Existing)?;
        let c = counts(&conn)?;
        // The counts read whole indexes through the copy's page cache: given back as it closes,
        // as after the check (BENCHMARKS.md "What a backup's counts left behind").
        db::close(conn)?;
        Ok(c)
    })();
    remove_db_files(staging);
    result
}

/// What [`record`] did after a job: the run's row, and the copies rotation deleted.
#[derive(Debug, Clone, Serialize)]
pub struct Recorded {
    /// The job's result.
    pub written: Written,
    /// The file names rotation deleted.
    pub deleted: Vec<String>,
}

/// Records a finished job (its row, a log row for the backup and one for its check), then, for
/// the scheduled folder, applies rotation.
pub fn record(store: &mut Store, actor: &Actor, w: Written) -> Result<Recorded> {
    store.write(|tx| {
        let (ok, problem, counts) = match &w.check {
            Ok(c) => (true, None, serde_json::to_string(c).ok()),
            Err(p) => (false, Some(p.clone()), None),
        };
        tx.conn().execute(
            "INSERT INTO backup_runs (at, kind, folder, file_name, bytes, ok, problem, counts, actor)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                time::to_stored(tx.now()),
                w.kind.as_str(),
                w.folder.to_string_lossy(),
                w.file_name,
                i64::try_from(w.bytes).unwrap_or(i64::MAX),
                ok,
                problem,
                counts,
                actor.to_log_text()
            ],
        )?;
        let subject = Subject::file(&w.folder.join(&w.file_name).display().to_string());
        tx.log(
            Entry::new(Action::BackupCreated, actor)
                .subject(subject.clone())
                .detail(serde_json::json!({ "bytes": w.bytes, "kind": w.kind.as_str() })),
        )?;
        tx.log(
            Entry::new(Action::BackupChecked, actor)
                .subject(subject)
                .detail(serde_json::json!({ "ok": ok, "problem": problem })),
        )?;
        Ok(())
    })?;
    let deleted = if w.kind == Kind::Scheduled {
        rotate(store, actor, &w.folder)?
    } else {
        vec![]
    };
    Ok(Recorded {
        written: w,
        deleted,
    })
}

impl Store {
    /// The scheduled backup, start to end, on this thread (`jeopsu backup --auto`; tests).
    pub fn scheduled_backup(
        &mut self,
        actor: &Actor,
        progress: &mut dyn FnMut(Step),
    ) -> Result<Recorded> {
        let job = self.scheduled_job()?;
        let written = job.run(progress)?;
        record(self, actor, written)
    }
}

/// The database id in a backup file's header (its key file), reading only the header.
fn db_id_of(file: &Path) -> Option<DbId> {
    let mut f = std::fs::File::open(file).ok()?;
    let mut head = [0u8; 16];
    f.read_exact(&mut head).ok()?;
    if &head[..8] != b"JEOPSUBK" {
        return None;
    }
    let len = u32::from_le_bytes(head[12..16].try_into().ok()?) as usize;
    if len > 64 * 1024 {
        return None;
    }
    let mut kf = vec![0u8; len];
    f.read_exact(&mut kf).ok()?;
    KeyFile::from_bytes(&kf).map(|k| k.db_id)
}
