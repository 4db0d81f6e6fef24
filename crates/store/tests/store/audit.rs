use crate::common::{Fixture, actor};
use crate::faults::raw_connection;
use chrono::{Duration, Utc};
use jeopsu_core::audit::{Action, Stream};
use jeopsu_store::StoreError;
use jeopsu_store::audit::Entry;

fn some_rows(f: &mut Fixture, n: usize) {
    for _ in 0..n {
        f.store()
            .write(|tx| {
                tx.log(Entry::new(Action::StaffListed, &actor()))
                    .map(|_| ())
            })
            .unwrap();
    }
}

fn expect_integrity_failure(f: &mut Fixture, what: &str) {
    match f.reopen().verify_audit() {
        Err(StoreError::IntegrityFailed(msg)) => eprintln!("{what}: detected ({msg})"),
        other => panic!("{what}: not detected, got {other:?}"),
    }
}

#[test]
fn a_fresh_chain_verifies() {
    let mut f = Fixture::new();
    some_rows(&mut f, 5);
    let reports = f.store().verify_audit().unwrap();
    let access = reports.iter().find(|r| r.stream == "access").unwrap();
    assert_eq!(
        access.rows, 7,
        "database-created, key-stored-in-keyring, then 5 rows"
    );
}

#[test]
fn rows_cannot_be_updated_or_deleted_through_sql() {
    let mut f = Fixture::new();
    some_rows(&mut f, 2);
    f.close();
    let conn = raw_connection(&f);
    let upd = conn.execute(
        "UPDATE audit_log SET actor = 'someone-else' WHERE seq = 2",
        [],
    );
    assert!(upd.is_err(), "update refused by the trigger");
    let del = conn.execute("DELETE FROM audit_log WHERE seq = 2", []);
    assert!(del.is_err(), "delete refused by the trigger");
}

/// Tampering done by someone who holds the key and drops the triggers: the chain still tells.
fn tamper(f: &mut Fixture, sql: &str) {
    f.close();
    let conn = raw_connection(f);
    conn.execute_batch("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;")
        .unwrap();
    conn.execute_batch(sql).unwrap();
}

#[test]
fn an_altered_row_is_detected() {
    let mut f = Fixture::new();
    some_rows(&mut f, 4);
    tamper(
        &mut f,
        "UPDATE audit_log SET actor = 'cli:mallory' WHERE stream = 'access' AND seq = 3",
    );
    expect_integrity_failure(&mut f, "altered actor");
}

#[test]
fn a_removed_row_is_detected() {
    let mut f = Fixture::new();
    some_rows(&mut f, 4);
    tamper(
        &mut f,
        "DELETE FROM audit_log WHERE stream = 'access' AND seq = 3",
    );
    expect_integrity_failure(&mut f, "removed middle row");
}

#[test]
fn removed_newest_rows_are_detected() {
    let mut f = Fixture::new();
    some_rows(&mut f, 4);
    tamper(
        &mut f,
        "DELETE FROM audit_log WHERE stream = 'access' AND seq >= 4",
    );
    expect_integrity_failure(&mut f, "removed tail");
}

#[test]
fn reordered_rows_are_detected() {
    let mut f = Fixture::new();
    some_rows(&mut f, 4);
    tamper(
        &mut f,
        "UPDATE audit_log SET seq = -1 WHERE stream = 'access' AND seq = 2;
         UPDATE audit_log SET seq = 2 WHERE stream = 'access' AND seq = 3;
         UPDATE audit_log SET seq = 3 WHERE stream = 'access' AND seq = -1;",
    );
    expect_integrity_failure(&mut f, "swapped rows");
}

#[test]
fn a_change_and_its_log_row_commit_together_or_not_at_all() {
    let mut f = Fixture::new();
    let before = f.store().verify_audit().unwrap();
    let result: Result<(), StoreError> = f.store().write(|tx| {
        tx.conn().execute(
            "INSERT INTO settings (key, value) VALUES ('probe', 'x')",
            [],
        )?;
        tx.log(Entry::new(Action::SettingChanged, &actor()))?;
        Err(StoreError::InvalidInput(
            "the change fails after logging".into(),
        ))
    });
    assert!(result.is_err());
    let probe: i64 = f
        .store()
        .conn()
        .query_row(
            "SELECT count(*) FROM settings WHERE key = 'probe'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(probe, 0, "the change was rolled back");
    assert_eq!(
        f.store().verify_audit().unwrap(),
        before,
        "and so was its log row"
    );
}

#[test]
fn purging_old_rows_keeps_the_chain_verifiable() {
    let mut f = Fixture::new();
    // After the real time of database-created, so that row is the oldest.
    let t0 = Utc::now() + Duration::days(1);
    for days in [0, 30, 400, 800, 900] {
        let at = t0 + Duration::days(days);
        f.store().set_clock(Box::new(move || at));
        some_rows(&mut f, 2);
    }
    let now = t0 + Duration::days(901);
    f.store().set_clock(Box::new(move || now));
    let cutoff = now - Duration::days(365 * 2);
    let removed = f
        .store()
        .purge_audit_before(&actor(), Stream::Access, cutoff)
        .unwrap();
    assert_eq!(
        removed, 6,
        "the two rows of init and the rows of day 0 and day 30"
    );
    let reports = f
        .reopen()
        .verify_audit()
        .expect("chain verifies after purge");
    let access = reports.iter().find(|r| r.stream == "access").unwrap();
    assert_eq!(
        access.first_seq, 7,
        "the chain is re-anchored at the first kept row"
    );
}

/// The check the app runs in the background at every unlock, on its own connection: whole
/// chains pass; an altered row is found, said without personal data, and the result is logged.
#[test]
fn the_unlock_check_runs_on_its_own_connection_and_logs_a_break() {
    let mut f = Fixture::new();
    some_rows(&mut f, 4);
    let ok = f.store().chain_check().run();
    assert!(ok.as_ref().is_ok_and(|c| c.len() == 2), "{ok:?}");
    tamper(
        &mut f,
        "UPDATE audit_log SET actor = 'cli:mallory' WHERE stream = 'access' AND seq = 3",
    );
    let broken = f.reopen().chain_check().run();
    let problem = broken
        .as_ref()
        .expect_err("the altered row is found")
        .to_string();
    assert!(!problem.contains("mallory"), "no row content: {problem}");
    f.store().record_chain_check(&actor(), &broken).unwrap();
    let detail: String = f
        .store()
        .conn()
        .query_row(
            "SELECT detail FROM audit_log WHERE action = 'integrity-verified' ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(detail.contains("\"ok\":false"), "{detail}");
}
