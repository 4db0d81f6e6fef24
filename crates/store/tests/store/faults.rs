//! Bad files and interrupted writes: a clear error, and the database unchanged or consistent.

use crate::common::{Fixture, actor, add_staff, cache_size, snapshot};
use jeopsu_store::{Store, StoreError, Unlock};
use std::io::{BufRead, BufReader};
use std::process::Stdio;

/// A raw, keyed rusqlite connection, to do what the store never would.
pub fn raw_connection(f: &Fixture) -> rusqlite::Connection {
    let hex = f.raw_key_hex();
    let conn = rusqlite::Connection::open(f.db_path()).unwrap();
    conn.execute_batch(&format!("PRAGMA key = \"x'{hex}'\";"))
        .unwrap();
    conn
}

#[test]
fn truncated_database_is_unreadable_and_untouched() {
    let mut f = Fixture::new();
    f.close();
    let bytes = std::fs::read(f.db_path()).unwrap();
    for cut in [bytes.len() - 1000, 4096 + 17, 10, 0] {
        std::fs::write(f.db_path(), &bytes[..cut]).unwrap();
        let before = snapshot(&f.dir());
        let err = Store::unlock(&f.dir(), Unlock::Vault(&*f.vault), &actor()).unwrap_err();
        assert!(
            matches!(err, StoreError::DatabaseUnreadable { .. }),
            "cut at {cut}: got {err:?}"
        );
        assert_eq!(snapshot(&f.dir()), before, "cut at {cut}: files unchanged");
    }
}

#[test]
fn corrupted_page_fails_verification() {
    let mut f = Fixture::new();
    for i in 0..200 {
        add_staff(f.store(), &format!("user{i:03}"), None);
    }
    f.close();
    let mut bytes = std::fs::read(f.db_path()).unwrap();
    assert!(bytes.len() > 5 * 4096, "database has several pages");
    // Flip bytes in the middle of the third page: its HMAC no longer matches.
    for b in &mut bytes[2 * 4096 + 100..2 * 4096 + 140] {
        *b ^= 0x55;
    }
    std::fs::write(f.db_path(), &bytes).unwrap();
    let outcome = Store::unlock(&f.dir(), Unlock::Vault(&*f.vault), &actor())
        .and_then(|mut s| s.verify(&actor()));
    match outcome {
        Err(StoreError::IntegrityFailed(_)) | Err(StoreError::DatabaseUnreadable { .. }) => {}
        Err(StoreError::Sqlite(e))
            if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt) => {}
        other => panic!("damage went unnoticed: {other:?}"),
    }
}

/// A check runs with a larger page cache (integrity.rs) and leaves the connection's own size as
/// it found it, whether the check passes or fails.
#[test]
fn verify_leaves_the_page_cache_size_as_it_was() {
    let mut f = Fixture::new();
    let store = f.store();
    assert_eq!(cache_size(store), -65536, "the usual 64 MiB");
    store.verify(&actor()).unwrap();
    assert_eq!(cache_size(store), -65536, "after a check that passed");
    f.close();

    // A consent of a patient who does not exist: a broken reference, found by the check.
    let raw = raw_connection(&f);
    raw.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    raw.execute(
        "INSERT INTO consents (patient_id, item, granted, signer, method, recorded_at, actor)
             VALUES (424242, 'marketing', 0, 'import', 'import', '2026-01-01T00:00:00Z', 'test')",
        [],
    )
    .unwrap();
    drop(raw);
    let mut store = Store::unlock(&f.dir(), Unlock::Vault(&*f.vault), &actor()).unwrap();
    store
        .conn()
        .execute_batch("PRAGMA cache_size = -1234")
        .unwrap();
    let err = store.verify(&actor()).unwrap_err();
    assert!(
        matches!(&err, StoreError::IntegrityFailed(m) if m.contains("consents")),
        "{err:?}"
    );
    assert_eq!(cache_size(&store), -1234, "after a check that failed");
}

#[test]
fn a_newer_schema_is_refused_without_writing() {
    let mut f = Fixture::new();
    f.close();
    {
        let conn = raw_connection(&f);
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let before = snapshot(&f.dir());
    let err = Store::unlock(&f.dir(), Unlock::Vault(&*f.vault), &actor()).unwrap_err();
    match err {
        StoreError::SchemaTooNew { found, known } => {
            assert_eq!((found, known), (99, jeopsu_store::migrations::LATEST));
        }
        other => panic!("expected SchemaTooNew, got {other:?}"),
    }
    assert_eq!(snapshot(&f.dir()), before, "files unchanged");
}

const CHILD_ENV: &str = "JEOPSU_TEST_CHILD_WRITER_DIR";
const CHILD_PHRASE_ENV: &str = "JEOPSU_TEST_CHILD_WRITER_PHRASE";

/// The child side of `killed_mid_transaction_...`: starts a big transaction, says so, and waits
/// to be killed. Small page cache so uncommitted pages spill into the WAL before the kill.
fn child_writer(dir: &str) {
    let phrase =
        jeopsu_store::vault::RecoveryPhrase::parse(&std::env::var(CHILD_PHRASE_ENV).unwrap())
            .unwrap();
    let mut store =
        Store::unlock(std::path::Path::new(dir), Unlock::Phrase(&phrase), &actor()).unwrap();
    store
        .conn()
        .execute_batch("PRAGMA cache_size = 20;")
        .unwrap();
    let _ = store.write(|tx| {
        for i in 0..3000 {
            tx.conn().execute(
                "INSERT INTO staff (username, display_name, role, password_hash, created_at, password_changed_at)
                 VALUES (?1, ?2, 'reception', 'x', 'now', 'now')",
                rusqlite::params![format!("ghost{i}"), "x".repeat(500)],
            )?;
        }
        println!("IN-TRANSACTION");
        std::thread::sleep(std::time::Duration::from_secs(60));
        Ok(())
    });
}

#[test]
fn killed_mid_transaction_leaves_no_trace() {
    if let Ok(dir) = std::env::var(CHILD_ENV) {
        child_writer(&dir);
        return;
    }
    let mut f = Fixture::new();
    let staff_before = jeopsu_store::staff::list(f.store(), &actor())
        .unwrap()
        .len();
    f.close();
    let mut child = crate::common::rerun("faults::killed_mid_transaction_leaves_no_trace")
        .env(CHILD_ENV, f.dir())
        .env(CHILD_PHRASE_ENV, f.phrase.to_display().as_str())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let saw = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .any(|l| l.contains("IN-TRANSACTION"));
    assert!(saw, "child reached the middle of its transaction");
    let wal = std::fs::metadata(f.dir().join("jeopsu.db-wal"))
        .map(|m| m.len())
        .unwrap_or(0);
    child.kill().unwrap(); // SIGKILL: no destructors, no rollback by the child
    child.wait().unwrap();
    assert!(
        wal > 100_000,
        "uncommitted pages had spilled into the WAL ({wal} bytes)"
    );

    let mut store = f.reopen();
    let report = store
        .verify(&actor())
        .expect("database consistent after the kill");
    assert_eq!(
        report.counts.staff as usize, staff_before,
        "no half-applied rows"
    );
    let _ = &mut store;
}
