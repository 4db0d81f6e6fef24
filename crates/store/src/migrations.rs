//! Numbered, append-only schema migrations, applied in one transaction when a database opens.
//!
//! The schema version is SQLite's `user_version`. A database with a higher version than this
//! program knows is refused before anything is written.

use crate::error::{Result, StoreError};
use rusqlite::{Connection, TransactionBehavior};

/// Never edit or reorder an entry that has shipped; append a new file.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_init.sql"),
    include_str!("migrations/0002_patients.sql"),
    include_str!("migrations/0003_guardians.sql"),
    include_str!("migrations/0004_cctv.sql"),
    include_str!("migrations/0005_privacy.sql"),
    include_str!("migrations/0006_reviews.sql"),
    include_str!("migrations/0007_law_fit.sql"),
    include_str!("migrations/0008_paper_and_followups.sql"),
];

/// The schema version this program writes.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

pub fn schema_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Brings the schema to [`LATEST`]. All pending migrations and the new version commit together
/// or not at all.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    let found = schema_version(conn)?;
    if found > LATEST {
        return Err(StoreError::SchemaTooNew {
            found,
            known: LATEST,
        });
    }
    if found == LATEST {
        return Ok(());
    }
    let start = usize::try_from(found)
        .map_err(|_| StoreError::IntegrityFailed(format!("schema version {found}")))?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    for sql in &MIGRATIONS[start..] {
        tx.execute_batch(sql)?;
    }
    tx.pragma_update(None, "user_version", LATEST)?;
    tx.commit()?;
    Ok(())
}
