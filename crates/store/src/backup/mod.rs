//! Backup and restore.
//!
//! A backup is one file: the SQLCipher database (same format and key as the live one, written
//! by `sqlcipher_export`) together with the phrase-wrapped key file and the staff key slots, so
//! that on a new PC the file plus the recovery phrase are enough, and afterwards everyone signs
//! in with their own password. Layouts (DO NOT CHANGE either; add a version; both are read):
//! ```text
//! version 1: "JEOPSUBK" | u32 LE 1 | u32 LE key-file length | key file
//!            | u64 LE database length | database | SHA-256 of everything before it
//! version 2: "JEOPSUBK" | u32 LE 2 | u32 LE key-file length | key file
//!            | u32 LE slot-file length (0: the installation had none) | slot file
//!            | u64 LE database length | database | SHA-256 of everything before it
//! ```
//! The slot file is `jeopsu.slots` as it was on disk (vault/slots.rs): its slots open only with
//! the device secret and a password, and the device secret's copy in it only with the data key,
//! so it gives nothing to whoever holds the file without the phrase.
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
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

mod restore;

pub use restore::*;

const MAGIC: &[u8; 8] = b"JEOPSUBK";
/// The largest backup file read (16 GiB): far above any clinic's database, well below what a
/// crafted file could otherwise make the app try to hold in memory.
pub const MAX_FILE_BYTES: u64 = 16 << 30;
/// The layout written; [`read_layout`] also reads version 1 (no key slots).
const VERSION: u32 = 2;

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
    /// The staff key slots came back with the data (a new PC): everyone signs in with their own
    /// password, and the keyring gets this installation's device secret, not the data key.
    pub key_slots: bool,
}

/// Opens a database file with `key`, migrates it and runs every check, then closes it.
pub(crate) fn check_file(db_path: &Path, key: &DataKey) -> Result<Report> {
    let conn = db::open(db_path, key, Mode::Existing)?;
    let audit_key = AuditKey(key.derive(crate::audit::AUDIT_KEY_LABEL));
    let report = integrity::check(&conn, &audit_key);
    // The rest of the connection's page cache is freed by the close, and given back.
    let closed = db::close(conn);
    let report = report?;
    closed?;
    Ok(report)
}

/// Writes a backup of the database open on `conn` to `out` through `staging` (the exported copy,
/// deleted after): export, check the copy, then write the file atomically (a temporary name,
/// synced, renamed). Nothing is ever left under `out` half-written.
pub(crate) fn write_file(
    conn: &rusqlite::Connection,
    key: &DataKey,
    key_path: &Path,
    slots_path: &Path,
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
        // Read after the export: a staff change in between leaves slots a little newer than the
        // database, which sign-in already allows for (a slot for an account the database lacks
        // is removed at its first use; one it misses is an administrator's reset).
        let slots = match std::fs::read(slots_path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => vec![],
            Err(e) => return Err(StoreError::io(slots_path, e)),
        };
        let bytes = write_backup(out, &key_file, &slots, staging)?;
        Ok(BackupReport {
            path: out.to_path_buf(),
            bytes,
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
        self.run_manual(actor, job, progress)
    }

    /// [`Store::backup`] into `folder`, the file named by the time ("Back up now"). The app runs
    /// it on a handle of its own, so a sign-out while it runs does not leave the copy unrecorded.
    pub fn backup_into(
        &mut self,
        actor: &Actor,
        folder: &Path,
        progress: &mut dyn FnMut(Step),
    ) -> Result<BackupReport> {
        let job = self.job(crate::backup_schedule::Kind::Manual, folder)?;
        self.run_manual(actor, job, progress)
    }

    fn run_manual(
        &mut self,
        actor: &Actor,
        job: crate::backup_schedule::Job,
        progress: &mut dyn FnMut(Step),
    ) -> Result<BackupReport> {
        let (report, written) = job.run_with_report(progress)?;
        crate::hooks::test_pause("JEOPSU_TEST_BACKUP_NOW_PAUSE_MS");
        let check = written.check.clone();
        crate::backup_schedule::record(self, actor, written)?;
        check.map_err(StoreError::BackupDamaged)?;
        Ok(report)
    }
}

/// Writes the backup file `out` (atomically) from the key file's and the slot file's bytes (none:
/// empty) and the exported database at `db_path`, streamed through the checksum: memory stays at
/// one buffer whatever the database's size (it used to hold the file twice: 3.4 GB at a million
/// patients). Returns the file's length.
fn write_backup(out: &Path, key_file: &[u8], slots: &[u8], db_path: &Path) -> Result<u64> {
    let kf_len = u32::try_from(key_file.len())
        .map_err(|_| StoreError::Internal("key file too large".into()))?;
    let slots_len = u32::try_from(slots.len())
        .ok()
        .filter(|&n| n <= MAX_SLOT_FILE)
        .ok_or_else(|| StoreError::Internal("slot file too large".into()))?;
    let mut db = std::fs::File::open(db_path).map_err(|e| StoreError::io(db_path, e))?;
    let db_len = db.metadata().map_err(|e| StoreError::io(db_path, e))?.len();
    let mut written = 0;
    paths::write_atomic_with(out, |f, tmp| {
        let io = |e| StoreError::io(tmp, e);
        let mut w = Summed {
            inner: std::io::BufWriter::with_capacity(CHUNK, f),
            sum: Sha256::new(),
            len: 0,
        };
        w.write_all(MAGIC).map_err(io)?;
        w.write_all(&VERSION.to_le_bytes()).map_err(io)?;
        w.write_all(&kf_len.to_le_bytes()).map_err(io)?;
        w.write_all(key_file).map_err(io)?;
        w.write_all(&slots_len.to_le_bytes()).map_err(io)?;
        w.write_all(slots).map_err(io)?;
        w.write_all(&db_len.to_le_bytes()).map_err(io)?;
        let copied = std::io::copy(&mut (&mut db).take(db_len), &mut w).map_err(io)?;
        if copied != db_len {
            return Err(StoreError::Internal(
                "the exported database changed while it was written".into(),
            ));
        }
        let digest = w.sum.finalize();
        w.inner.write_all(&digest).map_err(io)?;
        w.inner.flush().map_err(io)?;
        written = w.len + digest.len() as u64;
        Ok(())
    })?;
    Ok(written)
}

/// A writer that keeps the SHA-256 and the length of what passes through it.
struct Summed<W: Write> {
    inner: W,
    sum: Sha256,
    len: u64,
}

impl<W: Write> Write for Summed<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.sum.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Reading and writing backups moves this much at a time.
const CHUNK: usize = 1 << 20;

/// A key file is 126 bytes; a length field far above that is damage, not a key file to read.
const MAX_KEY_FILE: u32 = 4096;
/// A slot file is at most its header and a 1 MiB body (vault/slots.rs).
const MAX_SLOT_FILE: u32 = 130 + (1 << 20);

/// Where the parts of a checked backup file lie.
#[derive(Debug)]
pub struct Layout {
    /// The phrase-wrapped key file it carries.
    pub key_file: KeyFile,
    /// The staff key slots' file as it was on disk (version 2; none in version 1, or when the
    /// installation had none). Not checked here: it opens only with the data key.
    pub slots: Option<Vec<u8>>,
    /// Where the database's bytes start.
    pub db_start: u64,
    /// How many there are.
    pub db_len: u64,
}

/// Checks a backup's frame as read from `r` (`len` bytes; `path` names it in errors) without
/// holding it in memory: the magic, the SHA-256 of everything before the last 32 bytes (so
/// truncation and damage are caught before any key is tried), the version, the key file, the
/// slot file's length and the database's length.
pub fn read_layout<R: Read + Seek>(r: &mut R, len: u64, path: &Path) -> Result<Layout> {
    let damaged = |why: &str| StoreError::BackupDamaged(why.to_string());
    let io = |e| StoreError::io(path, e);
    let mut head = [0u8; 16];
    if len < 8 + 4 + 4 + 8 + 32 {
        return Err(damaged("not a Jeopsu backup file"));
    }
    r.seek(SeekFrom::Start(0)).map_err(io)?;
    r.read_exact(&mut head).map_err(io)?;
    if &head[..8] != MAGIC {
        return Err(damaged("not a Jeopsu backup file"));
    }
    let body_len = len - 32;
    r.seek(SeekFrom::Start(0)).map_err(io)?;
    let mut sum = Sha256::new();
    let summed = std::io::copy(&mut (&mut *r).take(body_len), &mut sum).map_err(io)?;
    let mut digest = [0u8; 32];
    if summed != body_len || r.read_exact(&mut digest).is_err() {
        return Err(damaged(
            "the file is truncated or altered (checksum mismatch)",
        ));
    }
    if sum.finalize().as_slice() != digest {
        return Err(damaged(
            "the file is truncated or altered (checksum mismatch)",
        ));
    }
    let u32_at = |o: usize| u32::from_le_bytes([head[o], head[o + 1], head[o + 2], head[o + 3]]);
    let version = u32_at(8);
    if !(1..=VERSION).contains(&version) {
        return Err(damaged("made by a newer version of Jeopsu"));
    }
    let kf_len = u32_at(12);
    if kf_len > MAX_KEY_FILE {
        return Err(damaged("its key file is damaged"));
    }
    if 16 + u64::from(kf_len) > body_len {
        return Err(damaged("short key file"));
    }
    let mut kf_bytes = vec![0u8; kf_len as usize];
    r.seek(SeekFrom::Start(16)).map_err(io)?;
    r.read_exact(&mut kf_bytes).map_err(io)?;
    let key_file =
        KeyFile::from_bytes(&kf_bytes).ok_or_else(|| damaged("its key file is damaged"))?;
    let mut o = 16 + u64::from(kf_len);
    let mut slots = None;
    if version >= 2 {
        if o + 4 > body_len {
            return Err(damaged("short header"));
        }
        let mut n = [0u8; 4];
        r.read_exact(&mut n).map_err(io)?;
        let n = u32::from_le_bytes(n);
        if n > MAX_SLOT_FILE || o + 4 + u64::from(n) > body_len {
            return Err(damaged("its key slots are damaged"));
        }
        let mut b = vec![0u8; n as usize];
        r.read_exact(&mut b).map_err(io)?;
        slots = (n > 0).then_some(b);
        o += 4 + u64::from(n);
    }
    if o + 8 > body_len {
        return Err(damaged("short header"));
    }
    let mut len_bytes = [0u8; 8];
    r.read_exact(&mut len_bytes).map_err(io)?;
    let db_len = u64::from_le_bytes(len_bytes);
    let db_start = o + 8;
    if body_len - db_start != db_len {
        return Err(damaged("database length mismatch"));
    }
    Ok(Layout {
        key_file,
        slots,
        db_start,
        db_len,
    })
}

/// Copies the database out of a backup file whose [`Layout`] was read, into a new private file
/// `dest`, streamed.
pub fn copy_database<R: Read + Seek>(
    r: &mut R,
    layout: &Layout,
    path: &Path,
    dest: &Path,
) -> Result<()> {
    r.seek(SeekFrom::Start(layout.db_start))
        .map_err(|e| StoreError::io(path, e))?;
    let mut out = std::fs::File::create(dest).map_err(|e| StoreError::io(dest, e))?;
    paths::set_private(dest, false)?;
    let copied =
        std::io::copy(&mut r.take(layout.db_len), &mut out).map_err(|e| StoreError::io(dest, e))?;
    if copied != layout.db_len {
        return Err(StoreError::BackupDamaged(
            "the file changed while it was read".into(),
        ));
    }
    out.sync_all().map_err(|e| StoreError::io(dest, e))
}

/// Opens the backup `file` and checks its frame ([`read_layout`]), refusing one larger than any
/// backup before reading it.
pub fn open_backup(file: &Path) -> Result<(std::fs::File, Layout)> {
    let mut f = std::fs::File::open(file).map_err(|e| StoreError::io(file, e))?;
    let len = f.metadata().map_err(|e| StoreError::io(file, e))?.len();
    if len > MAX_FILE_BYTES {
        return Err(StoreError::BackupDamaged(
            "larger than any Jeopsu backup".into(),
        ));
    }
    let layout = read_layout(&mut f, len, file)?;
    Ok((f, layout))
}

/// The layout of the module's doc, built in memory: version 2 with `slots` (which may be empty),
/// or version 1 when `slots` is `None` (for tests that a version-1 file still reads).
#[cfg(test)]
fn encode(key_file: &[u8], slots: Option<&[u8]>, db: &[u8]) -> Result<Vec<u8>> {
    let kf_len = u32::try_from(key_file.len())
        .map_err(|_| StoreError::Internal("key file too large".into()))?;
    let mut b = Vec::with_capacity(key_file.len() + db.len() + 64);
    b.extend_from_slice(MAGIC);
    b.extend_from_slice(&(if slots.is_some() { 2u32 } else { 1 }).to_le_bytes());
    b.extend_from_slice(&kf_len.to_le_bytes());
    b.extend_from_slice(key_file);
    if let Some(s) = slots {
        b.extend_from_slice(&(s.len() as u32).to_le_bytes());
        b.extend_from_slice(s);
    }
    b.extend_from_slice(&(db.len() as u64).to_le_bytes());
    b.extend_from_slice(db);
    let digest = Sha256::digest(&b);
    b.extend_from_slice(&digest);
    Ok(b)
}

/// The parts of a backup held in memory: (key file, database bytes). The same checks as
/// [`read_layout`], which the app and the CLI use on files; this is for bytes already read (the
/// fuzz target, tests).
pub fn decode(b: &[u8]) -> Result<(KeyFile, &[u8])> {
    let layout = read_layout(
        &mut std::io::Cursor::new(b),
        b.len() as u64,
        Path::new("backup"),
    )?;
    let db = usize::try_from(layout.db_start)
        .ok()
        .zip(usize::try_from(layout.db_len).ok())
        .and_then(|(start, len)| b.get(start..)?.get(..len))
        .ok_or_else(|| StoreError::BackupDamaged("database length mismatch".into()))?;
    Ok((layout.key_file, db))
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

    fn key_file() -> KeyFile {
        let key = DataKey::generate().expect("key");
        let phrase = crate::vault::RecoveryPhrase::generate().expect("phrase");
        KeyFile::seal(
            &key,
            &phrase,
            crate::vault::DbId([3; 16]),
            crate::vault::KdfParams::TEST_LOW,
        )
        .expect("seal")
    }

    /// The file is written and read in pieces (a few chunks here; 1.7 GB at a million patients),
    /// never whole in memory, and it is byte for byte the documented layout.
    #[test]
    fn a_backup_streams_to_the_documented_layout_and_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let db: Vec<u8> = (0..(3 * CHUNK + 17)).map(|i| (i % 251) as u8).collect();
        let db_path = dir.path().join("export.db");
        std::fs::write(&db_path, &db).expect("db");
        let kf = key_file();
        let out = dir.path().join("b.jeopsubk");
        let slots = b"JEOPSUSL stands in for a slot file".to_vec();
        let n = write_backup(&out, &kf.to_bytes(), &slots, &db_path).expect("write");
        let mut bytes = std::fs::read(&out).expect("read");
        assert_eq!(n, bytes.len() as u64);
        assert!(
            bytes == encode(&kf.to_bytes(), Some(&slots), &db).expect("encode"),
            "the streamed file is the layout in the module's doc"
        );
        let (mut f, layout) = open_backup(&out).expect("open");
        assert_eq!(layout.key_file, kf);
        assert_eq!(layout.slots.as_deref(), Some(slots.as_slice()));
        assert_eq!(layout.db_len, db.len() as u64);
        let copy = dir.path().join("copy.db");
        copy_database(&mut f, &layout, &out, &copy).expect("copy");
        assert!(
            std::fs::read(&copy).expect("copy") == db,
            "the database comes back whole"
        );

        // One flipped bit deep in the database: the streamed checksum refuses the file.
        bytes[2 * CHUNK + 5] ^= 1;
        let bad = dir.path().join("bad.jeopsubk");
        std::fs::write(&bad, &bytes).expect("bad");
        assert!(matches!(
            open_backup(&bad),
            Err(StoreError::BackupDamaged(_))
        ));
        // A write that fails leaves no file, whole or partial.
        let nowhere = dir.path().join("missing-folder").join("b.jeopsubk");
        assert!(write_backup(&nowhere, &kf.to_bytes(), &[], &db_path).is_err());
        assert!(!nowhere.exists() && !dir.path().join("missing-folder").exists());
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
        // Version 1 (no slots) is still read, and version 2 with or without slots.
        for slots in [None, Some(&b""[..]), Some(&b"slot file bytes"[..])] {
            let bytes = encode(&kf.to_bytes(), slots, &db).expect("encode");
            let (kf2, db2) = decode(&bytes).expect("decode");
            assert_eq!(kf2, kf);
            assert_eq!(db2, db.as_slice(), "{slots:?}");
        }
        // A version this build does not know is refused as newer, before anything is read.
        let mut newer = encode(&kf.to_bytes(), Some(b"x"), &db).expect("encode");
        newer[8] = 3;
        let body = newer.len() - 32;
        let sum = Sha256::digest(&newer[..body]);
        newer[body..].copy_from_slice(&sum);
        assert!(
            matches!(decode(&newer), Err(StoreError::BackupDamaged(m)) if m.contains("newer")),
            "version 3"
        );
        // A slot length past the file: damage, said as such.
        let mut long = encode(&kf.to_bytes(), Some(b"x"), &db).expect("encode");
        let at = 16 + kf.to_bytes().len();
        long[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        let sum = Sha256::digest(&long[..body]);
        long[body..].copy_from_slice(&sum);
        assert!(matches!(decode(&long), Err(StoreError::BackupDamaged(_))));
        let bytes = encode(&kf.to_bytes(), Some(b"slot file bytes"), &db).expect("encode");
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
