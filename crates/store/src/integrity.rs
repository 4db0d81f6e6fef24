//! `verify`: is the database whole? SQLCipher's page MACs, SQLite's structure, foreign keys and
//! both audit chains.

use crate::audit::{self, AuditKey, ChainReport};
use crate::error::{Result, StoreError};
use crate::{Store, db};
use rusqlite::Connection;
use serde::Serialize;

/// Row counts per table, for backup and restore reports.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Counts {
    /// Staff accounts.
    pub staff: i64,
    /// Access- and permission-log rows.
    pub audit_rows: i64,
}

/// What a check of a database found (a healthy one; a failed check is an error).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Report {
    /// The schema version after migrating.
    pub schema_version: i64,
    /// Each log chain, verified.
    pub chains: Vec<ChainReport>,
    /// Row counts.
    pub counts: Counts,
}

pub(crate) fn counts(conn: &Connection) -> Result<Counts> {
    let n = |sql: &str| -> Result<i64> { Ok(conn.query_row(sql, [], |r| r.get(0))?) };
    Ok(Counts {
        staff: n("SELECT count(*) FROM staff")?,
        audit_rows: n("SELECT count(*) FROM audit_log")?,
    })
}

/// Runs every check on `conn`; the first failure is the error.
///
/// SQLite's index check and its foreign-key check look rows up in an order unrelated to where
/// they are stored, so with a page cache much smaller than the database nearly every lookup
/// reads and decrypts a page again: at 1,000,000 patients (1.9 GB) the two took 240 s with the
/// connection's 64 MiB, 69 s with 256 MiB and 70 s with 512 MiB (BENCHMARKS.md "Checking a
/// large database"). For the check's length the cache is the database's size, at least the
/// usual and at most [`db::LARGE_WORK_CACHE_KIB`]; the connection's own size is back after,
/// pass or fail.
pub(crate) fn check(conn: &Connection, key: &AuditKey) -> Result<Report> {
    let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
    let kib = pages
        .saturating_mul(db::PAGE_SIZE as i64 / 1024)
        .clamp(db::CACHE_KIB, db::LARGE_WORK_CACHE_KIB);
    let before = db::grow_cache(conn, kib)?;
    db::restore_cache(conn, before, check_with_cache(conn, key))
}

fn check_with_cache(conn: &Connection, key: &AuditKey) -> Result<Report> {
    // One row per page whose HMAC fails; no rows when all pages are intact.
    let mut stmt = conn.prepare("PRAGMA cipher_integrity_check")?;
    let bad: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if !bad.is_empty() {
        return Err(StoreError::IntegrityFailed(format!(
            "damaged pages: {}",
            bad.join("; ")
        )));
    }
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let result: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if result != ["ok"] {
        return Err(StoreError::IntegrityFailed(result.join("; ")));
    }
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let fk: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if !fk.is_empty() {
        return Err(StoreError::IntegrityFailed(format!(
            "broken references in {}",
            fk.join(", ")
        )));
    }
    let chains = audit::verify_all(conn, key)?;
    Ok(Report {
        schema_version: crate::migrations::schema_version(conn)?,
        chains,
        counts: counts(conn)?,
    })
}

impl Store {
    /// Verifies the whole database. Logs that a verification ran (after it passed).
    pub fn verify(&mut self, actor: &jeopsu_core::audit::Actor) -> Result<Report> {
        let report = check(self.conn(), self.audit_key())?;
        self.write(|tx| {
            tx.log(crate::audit::Entry::new(
                jeopsu_core::audit::Action::IntegrityVerified,
                actor,
            ))
            .map(|_| ())
        })?;
        Ok(report)
    }
}

/// Both audit chains verified on a connection of its own, so the app runs it in the background
/// at every unlock while the desk works (two years of log take longer than the 200 ms a start
/// may wait).
pub struct ChainCheck {
    db_path: std::path::PathBuf,
    key: crate::vault::DataKey,
}

impl std::fmt::Debug for ChainCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChainCheck").finish_non_exhaustive()
    }
}

impl Store {
    /// What a chain check needs, taken from the open store, to run without holding it.
    pub fn chain_check(&self) -> ChainCheck {
        ChainCheck {
            db_path: self.data_dir().db_path(),
            key: self.data_key().duplicate(),
        }
    }

    /// Logs the result of a [`ChainCheck`]: a break is an access-log row of its own
    /// (`integrity-verified` with `ok: false` and what broke).
    pub fn record_chain_check(
        &mut self,
        actor: &jeopsu_core::audit::Actor,
        result: &Result<Vec<ChainReport>>,
    ) -> Result<()> {
        let detail = match result {
            Ok(chains) => serde_json::json!({ "ok": true, "at": "unlock", "chains": chains }),
            Err(problem) => {
                serde_json::json!({ "ok": false, "at": "unlock", "problem": problem.to_string() })
            }
        };
        self.write(|tx| {
            tx.log(
                crate::audit::Entry::new(jeopsu_core::audit::Action::IntegrityVerified, actor)
                    .detail(detail),
            )
            .map(|_| ())
        })
    }
}

impl ChainCheck {
    /// Verifies both chains; the error says what broke (no personal data: stream and sequence).
    pub fn run(self) -> Result<Vec<ChainReport>> {
        let conn = crate::db::open(&self.db_path, &self.key, crate::db::Mode::Existing)?;
        let key = AuditKey(self.key.derive(crate::audit::AUDIT_KEY_LABEL));
        let result = audit::verify_all(&conn, &key);
        // The whole log went through this connection's page cache: given back as it closes,
        // as after every check. What the check found comes first.
        let closed = crate::db::close(conn);
        crate::hooks::test_pause("JEOPSU_TEST_CHAIN_CHECK_PAUSE_MS");
        let reports = result?;
        closed?;
        Ok(reports)
    }
}
