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
    include_str!("migrations/0009_cctv_delegate.sql"),
    include_str!("migrations/0010_visits.sql"),
    include_str!("migrations/0011_appointments.sql"),
    include_str!("migrations/0012_backups.sql"),
    include_str!("migrations/0013_tombstones.sql"),
    include_str!("migrations/0014_patient_id_counter.sql"),
];

/// The schema version this program writes.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

/// The schema version of the database on `conn`.
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
    // A migration that rebuilds a table (to change a CHECK) runs with foreign keys off, as
    // SQLite documents; every reference is checked before the commit, and the setting restored.
    let fk: bool = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
    conn.pragma_update(None, "foreign_keys", false)?;
    let result = (|| {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        for sql in &MIGRATIONS[start..] {
            tx.execute_batch(sql)?;
        }
        let broken: i64 =
            tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })?;
        if broken > 0 {
            return Err(StoreError::IntegrityFailed(format!(
                "migration left {broken} broken references"
            )));
        }
        tx.pragma_update(None, "user_version", LATEST)?;
        tx.commit()?;
        Ok(())
    })();
    conn.pragma_update(None, "foreign_keys", fk)?;
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A database at version 8 with a CCTV request and its steps migrates with every row kept,
    /// its references intact, and foreign keys on again afterwards.
    #[test]
    // An in-memory database that never reaches the disk: only the schema is under test.
    #[allow(clippy::disallowed_methods)]
    fn rebuilding_the_cctv_requests_table_keeps_every_row_and_reference() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", true).unwrap();
        for sql in &MIGRATIONS[..8] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 8).unwrap();
        conn.execute_batch(
            "INSERT INTO cctv_requests (id, kind, requester_name, requester_birth,
                 requester_address, requester_phone, relation, relation_reason, footage_from,
                 footage_to, locations, purpose, id_check, id_check_note, received_at,
                 received_by, retention_days, created_at, actor, retention_unit)
             VALUES (7, 'view', '박영희', '1980-03-04', '서울', '010-1234-5678',
                 'legal-representative', '딸', '2026-11-01 10:00', '2026-11-01 11:00', '[\"별관\"]',
                 '확인', 'id-card', NULL, '2026-11-02 09:00', '하은환', 1, 'x', 'y', 'months');
             INSERT INTO cctv_events (request_id, type, data, at, actor, staff)
             VALUES (7, 'preserved', '{}', 'x', 'y', 'z');",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        assert_eq!(schema_version(&conn).unwrap(), LATEST);
        let (relation, unit, poa): (String, String, bool) = conn
            .query_row(
                "SELECT relation, retention_unit, power_of_attorney FROM cctv_requests WHERE id = 7",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(
            (relation.as_str(), unit.as_str(), poa),
            ("legal-representative", "months", false)
        );
        let fk: bool = conn
            .query_row("PRAGMA foreign_keys", [], |r| r.get(0))
            .unwrap();
        assert!(fk, "foreign keys are on again");
        // The step still points at its request, and the rebuilt table keeps its guards.
        assert!(
            conn.execute("DELETE FROM cctv_requests WHERE id = 7", [])
                .is_err()
        );
        assert!(
            conn.execute(
                "INSERT INTO cctv_events (request_id, type, data, at, actor, staff)
                 VALUES (99, 'preserved', '{}', 'x', 'y', 'z')",
                [],
            )
            .is_err(),
            "a step of no request is refused"
        );
    }
}
