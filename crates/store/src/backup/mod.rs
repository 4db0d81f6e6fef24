//! Backup and restore.
//!
//! A backup is one file: the SQLCipher database (same format and key as the live one, written
//! by `sqlcipher_export`) together with the phrase-wrapped key file, so that on a new PC the file
//! plus the recovery phrase are enough. Layout, version 1 (DO NOT CHANGE; add a version):
//! ```text
//! "JEOPSUBK" | u32 LE version=1 | u32 LE key-file length | key file
//!            | u64 LE database length | database | SHA-256 of everything before it
//! ```
//! The SHA-256 catches truncation and corruption before any key is tried; SQLCipher's page
//! MACs and the audit chain are checked after. Nothing in the file is readable without the key.

use crate::audit::{AuditKey, Entry};
use crate::db::{self, Mode};
use crate::error::{Result, StoreError};
use crate::integrity::{self, Report};
use crate::paths::{self, DataDir, remove_db_files};
use crate::vault::{DataKey, KeyFile, KeyVault, MemoryVault, RecoveryPhrase};
use crate::{Store, Unlock};
use jeopsu_core::audit::{Action, Actor, Subject};
use rusqlite::params;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

mod restore;

pub use restore::*;

const MAGIC: &[u8; 8] = b"JEOPSUBK";
/// The largest backup file read (16 GiB): far above any clinic's database, well below what a
/// crafted file could otherwise make the app try to hold in memory.
pub const MAX_FILE_BYTES: u64 = 16 << 30;
const VERSION: u32 = 1;

/// Steps of a backup or restore, for a progress display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    /// The database copied into a staging file.
    Exporting,
    /// The copy checked (integrity and log chains).
    Checking,
    /// The backup file written.
    Writing,
    /// The written file re-opened and checked as a restore would (scheduled and manual backups).
    Verifying,
    /// The backup file read.
    Reading,
    /// The live database replaced by the restored one.
    Replacing,
    /// Finished.
    Done,
}

/// A backup written.
#[derive(Debug, Clone, Serialize)]
pub struct BackupReport {
    /// Where.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// What the check of the copy found.
    pub check: Report,
}

/// A restore done.
#[derive(Debug, Clone, Serialize)]
pub struct RestoreReport {
    /// What the check of the restored copy found.
    pub check: Report,
    /// Where the replaced database was kept (`--force`).
    pub safety_copy: Option<PathBuf>,
    /// What the replaced database had destroyed since the backup was made, destroyed again in
    /// the restored one; `None` when there was no replaced database of this same installation
    /// (a new PC) or it could not be read (then nothing could be re-applied: said on screen).
    pub reapplied: Option<crate::tombstones::Reapplied>,
}

/// Opens a database file with `key`, migrates it and runs every check, then closes it.
pub(crate) fn check_file(db_path: &Path, key: &DataKey) -> Result<Report> {
    let conn = db::open(db_path, key, Mode::Existing)?;
    let audit_key = AuditKey(key.derive(crate::audit::AUDIT_KEY_LABEL));
    let report = integrity::check(&conn, &audit_key)?;
    conn.close().map_err(|(_, e)| StoreError::Sqlite(e))?;
    Ok(report)
}

/// Writes a backup of the database open on `conn` to `out` through `staging` (the exported copy,
/// deleted after): export, check the copy, then write the file atomically (a temporary name,
/// synced, renamed). Nothing is ever left under `out` half-written.
pub(crate) fn write_file(
    conn: &rusqlite::Connection,
    key: &DataKey,
    key_path: &Path,
    staging: &Path,
    out: &Path,
    progress: &mut dyn FnMut(Step),
) -> Result<BackupReport> {
    remove_db_files(staging);
    let result = (|| -> Result<BackupReport> {
        progress(Step::Exporting);
        // The live connection is opened without SQLITE_OPEN_CREATE (so a missing database is
        // never silently created), and ATTACH inherits that: create the empty file first.
        std::fs::File::create(staging).map_err(|e| StoreError::io(staging, e))?;
        paths::set_private(staging, false)?;
        let literal = key.sqlcipher_literal();
        let path_text = staging
            .to_str()
            .ok_or_else(|| StoreError::InvalidInput("backup path is not UTF-8".into()))?;
        conn.execute(
            "ATTACH DATABASE ?1 AS backup KEY ?2",
            params![path_text, literal.as_str()],
        )
        .map_err(|e| StoreError::opening(staging, e))?;
        let exported = conn
            .query_row("SELECT sqlcipher_export('backup')", [], |_| Ok(()))
            .and_then(|_| {
                conn.pragma_update(Some("backup"), "user_version", crate::migrations::LATEST)
            });
        let detached = conn.execute("DETACH DATABASE backup", []);
        exported?;
        detached?;

        progress(Step::Checking);
        let check = check_file(staging, key)?;

        progress(Step::Writing);
        let key_file = std::fs::read(key_path).map_err(|e| StoreError::io(key_path, e))?;
        let db_bytes = std::fs::read(staging).map_err(|e| StoreError::io(staging, e))?;
        let bytes = encode(&key_file, &db_bytes)?;
        paths::write_atomic(out, &bytes)?;
        Ok(BackupReport {
            path: out.to_path_buf(),
            bytes: bytes.len() as u64,
            check,
        })
    })();
    remove_db_files(staging);
    result
}

impl Store {
    /// Writes a verified backup to `out` (which must not exist yet), checks the written file as
    /// a restore would, and records both (`backup_schedule::record`; no rotation).
    pub fn backup(
        &mut self,
        actor: &Actor,
        out: &Path,
        progress: &mut dyn FnMut(Step),
    ) -> Result<BackupReport> {
        let job = self.job_to(crate::backup_schedule::Kind::Manual, out)?;
        let (report, written) = job.run_with_report(progress)?;
        let check = written.check.clone();
        crate::backup_schedule::record(self, actor, written)?;
        check.map_err(StoreError::BackupDamaged)?;
        Ok(report)
    }
}

fn encode(key_file: &[u8], db: &[u8]) -> Result<Vec<u8>> {
    let kf_len = u32::try_from(key_file.len())
        .map_err(|_| StoreError::Internal("key file too large".into()))?;
    let mut b = Vec::with_capacity(key_file.len() + db.len() + 64);
    b.extend_from_slice(MAGIC);
    b.extend_from_slice(&VERSION.to_le_bytes());
    b.extend_from_slice(&kf_len.to_le_bytes());
    b.extend_from_slice(key_file);
    b.extend_from_slice(&(db.len() as u64).to_le_bytes());
    b.extend_from_slice(db);
    let digest = Sha256::digest(&b);
    b.extend_from_slice(&digest);
    Ok(b)
}

/// The parts of a backup file: (key file, database bytes).
pub fn decode(b: &[u8]) -> Result<(KeyFile, &[u8])> {
    let damaged = |why: &str| StoreError::BackupDamaged(why.to_string());
    if b.len() < 8 + 4 + 4 + 8 + 32 || &b[..8] != MAGIC {
        return Err(damaged("not a Jeopsu backup file"));
    }
    let (body, digest) = b.split_at(b.len() - 32);
    if Sha256::digest(body).as_slice() != digest {
        return Err(damaged(
            "the file is truncated or altered (checksum mismatch)",
        ));
    }
    let u32_at = |o: usize| {
        body.get(o..o + 4)
            .and_then(|s| s.try_into().ok())
            .map(u32::from_le_bytes)
    };
    if u32_at(8) != Some(VERSION) {
        return Err(damaged("made by a newer version of Jeopsu"));
    }
    let kf_len = u32_at(12).ok_or_else(|| damaged("short header"))? as usize;
    let kf_bytes = body
        .get(16..16 + kf_len)
        .ok_or_else(|| damaged("short key file"))?;
    let key_file =
        KeyFile::from_bytes(kf_bytes).ok_or_else(|| damaged("its key file is damaged"))?;
    let o = 16 + kf_len;
    let db_len = body
        .get(o..o + 8)
        .and_then(|s| s.try_into().ok())
        .map(u64::from_le_bytes)
        .ok_or_else(|| damaged("short header"))?;
    let db = body.get(o + 8..).ok_or_else(|| damaged("no database"))?;
    if db.len() as u64 != db_len {
        return Err(damaged("database length mismatch"));
    }
    Ok((key_file, db))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// A backup file from anywhere: decoding arbitrary bytes (with or without the magic and
        /// a valid checksum) returns an error or parts, never a panic.
        #[test]
        fn decoding_any_bytes_never_panics(body in proptest::collection::vec(any::<u8>(), 0..400), magic in any::<bool>(), sum in any::<bool>()) {
            let mut b = if magic { MAGIC.to_vec() } else { vec![] };
            b.extend_from_slice(&body);
            if sum {
                let d = Sha256::digest(&b);
                b.extend_from_slice(&d);
            }
            let _ = decode(&b);
            let _ = KeyFile::from_bytes(&body);
        }
    }

    #[test]
    fn container_round_trips_and_detects_damage() {
        let kf = {
            let key = DataKey::generate().expect("key");
            let phrase = crate::vault::RecoveryPhrase::generate().expect("phrase");
            let fast = crate::vault::KdfParams {
                m_cost_kib: 64,
                t_cost: 1,
                p_cost: 1,
            };
            KeyFile::seal(&key, &phrase, crate::vault::DbId([3; 16]), fast).expect("seal")
        };
        let db = vec![0x5Au8; 8192];
        let bytes = encode(&kf.to_bytes(), &db).expect("encode");
        let (kf2, db2) = decode(&bytes).expect("decode");
        assert_eq!(kf2, kf);
        assert_eq!(db2, db.as_slice());
        let mut flipped = bytes.clone();
        flipped[200] ^= 1;
        assert!(
            matches!(decode(&flipped), Err(StoreError::BackupDamaged(_))),
            "flipped byte"
        );
        assert!(
            matches!(
                decode(&bytes[..bytes.len() - 1]),
                Err(StoreError::BackupDamaged(_))
            ),
            "truncated"
        );
        assert!(
            matches!(decode(b"hello"), Err(StoreError::BackupDamaged(_))),
            "not a backup"
        );
    }
}

/// How long a restore's safety copy (`safety-<time>/`, the database it replaced) is kept: after
/// that the retention run destroys it with the rest.
pub const SAFETY_COPY_DAYS: i64 = 30;

/// A restore's safety copy in the data folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SafetyCopy {
    /// The folder's name (`safety-<time>`).
    pub name: String,
    /// Seoul time, `YYYY-MM-DD HH:MM`.
    pub made_at: String,
    /// Past [`SAFETY_COPY_DAYS`]: the next run destroys it.
    pub due: bool,
}

/// The safety copies in the data folder, oldest first.
pub fn safety_copies(store: &Store) -> Vec<SafetyCopy> {
    let now = store.now();
    let Ok(entries) = std::fs::read_dir(store.data_dir().root()) else {
        return vec![];
    };
    let mut v: Vec<(chrono::DateTime<chrono::Utc>, String)> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let stamp = name.strip_prefix("safety-")?;
            let t = chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%SZ").ok()?;
            Some((t.and_utc(), name))
        })
        .collect();
    v.sort();
    v.into_iter()
        .map(|(t, name)| SafetyCopy {
            name,
            made_at: jeopsu_core::time::display_minutes(t),
            due: (now - t).num_days() >= SAFETY_COPY_DAYS,
        })
        .collect()
}

/// Destroys the safety copies past their days (the retention run); returns how many went.
pub(crate) fn destroy_safety_copies(store: &Store) -> Result<Vec<SafetyCopy>> {
    let due: Vec<SafetyCopy> = safety_copies(store).into_iter().filter(|c| c.due).collect();
    for c in &due {
        let dir = store.data_dir().root().join(&c.name);
        std::fs::remove_dir_all(&dir).map_err(|e| StoreError::io(&dir, e))?;
    }
    Ok(due)
}
