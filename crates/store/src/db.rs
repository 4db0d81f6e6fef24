//! Opening the SQLCipher database with a raw key, safely.
//!
//! Nothing is written before the key has been proven right and the schema version accepted, so
//! a wrong key, a damaged file or a newer database leaves the file byte-for-byte as it was.

use crate::error::{Result, StoreError};
use crate::migrations;
use crate::vault::DataKey;
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

/// SQLCipher 4's default page size: a healthy database file is a whole number of pages.
pub(crate) const PAGE_SIZE: u64 = 4096;

/// Each connection's page cache, in KiB (64 MiB): the desk's working set with room to spare.
pub(crate) const CACHE_KIB: i64 = 64 * 1024;

/// The most page cache work over a whole large database takes while it runs, in KiB (256 MiB):
/// a full check, an import, the retention run. Each reaches index pages in an order unrelated
/// to where they are stored, so with a cache much smaller than the database nearly every step
/// reads and decrypts a page again (BENCHMARKS.md "Checking a large database", "The import's
/// floor, part by part" and "The retention run with a larger cache"). SQLite fills a cache only
/// with pages used, so a small database costs no more.
pub(crate) const LARGE_WORK_CACHE_KIB: i64 = 256 * 1024;

/// Sets `conn`'s page cache to `kib` KiB for a piece of work; returns the size it had, for
/// [`restore_cache`] after the work, whether it succeeded or not.
pub(crate) fn grow_cache(conn: &Connection, kib: i64) -> Result<i64> {
    let before: i64 = conn.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    // A negative size is in KiB.
    conn.pragma_update(None, "cache_size", -kib)?;
    Ok(before)
}

/// Puts back the size [`grow_cache`] returned; shrinking frees the pages above it, and they are
/// handed back to the system ([`give_back_freed_memory`]). The work's own result comes first: a
/// failed work is reported as such even if this fails too.
pub(crate) fn restore_cache<T>(conn: &Connection, before: i64, work: Result<T>) -> Result<T> {
    let restored = conn.pragma_update(None, "cache_size", before);
    give_back_freed_memory();
    let value = work?;
    restored?;
    Ok(value)
}

/// Closes a connection that read a whole database, table or log (a check, a count, the chain
/// check), then hands what its page cache held back to the system ([`give_back_freed_memory`]):
/// SQLite frees the cache page by page as it closes, and glibc would keep it.
pub(crate) fn close(conn: Connection) -> Result<()> {
    let closed = conn.close().map_err(|(_, e)| StoreError::Sqlite(e));
    give_back_freed_memory();
    closed
}

/// Hands memory the process freed back to the system, after work that filled a large page
/// cache. SQLite frees a cache's pages one by one, and glibc keeps freed small blocks for
/// reuse: after a backup of 200,000 patients the process held 43 MB more than before it, and
/// `malloc_trim` gave back all of it (BENCHMARKS.md "Memory a check leaves behind"). The app
/// runs for a whole day and backs up on its own, so this matters there most. Elsewhere (other
/// C libraries, Windows) nothing is done.
pub(crate) fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    #[allow(unsafe_code)]
    // SAFETY: `malloc_trim` takes no pointer; glibc takes its own arenas' locks, so it may run
    // on any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Starts SQLite, and SQLCipher with it, once per process and to the end, before the first
/// connection. SQLite marks itself started before it runs SQLCipher's own set-up
/// (`SQLITE_EXTRA_INIT`: its mutexes, its private heap, its crypto provider), so a second
/// thread opening a database at that moment went on with SQLCipher half set up, and its key was
/// refused: a CI run failed so when two tests created their first databases at once. Here every
/// other thread waits until the first start has returned. The outcome is kept: a failed start
/// fails every open alike.
fn start_sqlite() -> Result<()> {
    static STARTED: std::sync::OnceLock<std::os::raw::c_int> = std::sync::OnceLock::new();
    #[allow(unsafe_code)]
    // SAFETY: `sqlite3_initialize` takes no argument and may be called at any time; SQLite
    // serialises its own start, and the OnceLock makes the other threads wait for its end.
    let rc = *STARTED.get_or_init(|| unsafe { rusqlite::ffi::sqlite3_initialize() });
    if rc == rusqlite::ffi::SQLITE_OK {
        Ok(())
    } else {
        Err(StoreError::Internal(format!(
            "SQLite did not start (code {rc})"
        )))
    }
}

/// How [`open`] treats the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Create the file (it must not exist).
    Create,
    /// Open an existing database.
    Existing,
}

/// Opens `path` with `key`, applies the connection settings and pending migrations.
pub fn open(path: &Path, key: &DataKey, mode: Mode) -> Result<Connection> {
    let mut conn = open_keyed(path, key, mode)?;
    migrations::migrate(&mut conn)?;
    Ok(conn)
}

/// Opens and keys a connection and proves the key, without migrating. Used by `open`, backup
/// verification and restore.
pub(crate) fn open_keyed(path: &Path, key: &DataKey, mode: Mode) -> Result<Connection> {
    let unreadable = || StoreError::DatabaseUnreadable {
        path: path.to_path_buf(),
    };
    let flags = match mode {
        Mode::Create => {
            if path.exists() {
                return Err(StoreError::AlreadyInitialized {
                    dir: path.parent().unwrap_or(Path::new(".")).to_path_buf(),
                });
            }
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE
        }
        Mode::Existing => {
            let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
                std::io::ErrorKind::NotFound => StoreError::NotInitialized {
                    dir: path.parent().unwrap_or(Path::new(".")).to_path_buf(),
                },
                _ => StoreError::io(path, e),
            })?;
            // Truncated or padded files: refuse before SQLite tries to make sense of them.
            if meta.len() == 0 || meta.len() % PAGE_SIZE != 0 {
                return Err(unreadable());
            }
            OpenFlags::SQLITE_OPEN_READ_WRITE
        }
    } | OpenFlags::SQLITE_OPEN_NO_MUTEX;

    start_sqlite()?;

    let conn =
        Connection::open_with_flags(path, flags).map_err(|e| match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::CannotOpen) | Some(rusqlite::ErrorCode::PermissionDenied) => {
                StoreError::PermissionDenied {
                    path: path.to_path_buf(),
                }
            }
            _ => StoreError::Sqlite(e),
        })?;
    // SQLCipher logs key errors to stderr by itself; our messages say it better.
    let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE;");
    let literal = key.sqlcipher_literal();
    let mut pragma = zeroize::Zeroizing::new(String::with_capacity(80));
    pragma.push_str("PRAGMA key = \"");
    pragma.push_str(&literal);
    pragma.push_str("\";");
    conn.execute_batch(&pragma)?;

    // A wrong key is accepted by PRAGMA key and only fails at the first read.
    let check: rusqlite::Result<i64> =
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0));
    match check {
        Ok(_) => {}
        Err(e) => {
            return Err(match e.sqlite_error_code() {
                Some(rusqlite::ErrorCode::NotADatabase)
                | Some(rusqlite::ErrorCode::DatabaseCorrupt) => unreadable(),
                _ => StoreError::Sqlite(e),
            });
        }
    }
    // Refuse a newer schema before the journal-mode switch or anything else writes.
    let found = migrations::schema_version(&conn)?;
    if found > migrations::LATEST {
        return Err(StoreError::SchemaTooNew {
            found,
            known: migrations::LATEST,
        });
    }

    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreError::Internal(format!("journal mode stayed {mode}")));
    }
    conn.execute_batch(
        "PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA secure_delete = ON;
         PRAGMA busy_timeout = 5000;
         PRAGMA temp_store = MEMORY;",
    )?;
    // A negative size is in KiB.
    conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
    Ok(conn)
}
