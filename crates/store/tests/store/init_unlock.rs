use crate::common::{FAST_KDF, Fixture, actor, add_staff, snapshot};
use jeopsu_store::vault::{MemoryVault, RecoveryPhrase};
use jeopsu_store::{InitOptions, Store, StoreError, Unlock};

#[test]
fn init_then_unlock_with_vault_and_with_phrase() {
    let mut f = Fixture::new();
    f.close();
    Store::unlock(&f.dir(), Unlock::Vault(&*f.vault), &actor()).expect("vault unlock");
    Store::unlock(&f.dir(), Unlock::Phrase(&f.phrase), &actor()).expect("phrase unlock");
}

#[test]
fn init_refuses_an_existing_database_and_leaves_it_alone() {
    let mut f = Fixture::new();
    f.close();
    let before = snapshot(&f.dir());
    let err = Store::init(
        &f.dir(),
        InitOptions {
            vault: None,
            actor: &actor(),
            kdf: FAST_KDF,
        },
    )
    .unwrap_err();
    assert!(
        matches!(err, StoreError::AlreadyInitialized { .. }),
        "got {err:?}"
    );
    assert_eq!(snapshot(&f.dir()), before, "files unchanged");
}

#[test]
fn the_database_file_holds_no_plaintext() {
    let mut f = Fixture::new();
    let marker = "plaintext.marker";
    add_staff(f.store(), marker, Some("홍길동표식"));
    // Check while open (data in the WAL) and after close (checkpointed into the main file).
    for phase in ["open", "closed"] {
        if phase == "closed" {
            f.close();
        }
        for entry in std::fs::read_dir(f.dir()).unwrap() {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            let hay = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
            assert!(
                !hay(b"SQLite format 3"),
                "{phase}: {} has a plain SQLite header",
                path.display()
            );
            assert!(
                !hay(marker.as_bytes()),
                "{phase}: {} holds the username",
                path.display()
            );
            assert!(
                !hay("홍길동표식".as_bytes()),
                "{phase}: {} holds the Hangul name",
                path.display()
            );
            assert!(
                !hay(b"CREATE TABLE"),
                "{phase}: {} holds schema text",
                path.display()
            );
        }
    }
}

#[test]
fn missing_database_says_not_initialized() {
    let tmp = tempfile::tempdir().unwrap();
    let vault = MemoryVault::new();
    let err = Store::unlock(tmp.path(), Unlock::Vault(&vault), &actor()).unwrap_err();
    assert!(
        matches!(err, StoreError::NotInitialized { .. }),
        "got {err:?}"
    );
}

#[test]
fn empty_vault_says_key_not_in_keyring() {
    let mut f = Fixture::new();
    f.close();
    let other = MemoryVault::new();
    let err = Store::unlock(&f.dir(), Unlock::Vault(&other), &actor()).unwrap_err();
    assert!(matches!(err, StoreError::KeyNotInKeyring), "got {err:?}");
}

#[test]
fn another_databases_phrase_is_wrong_and_changes_nothing() {
    let mut f = Fixture::new();
    f.close();
    let before = snapshot(&f.dir());
    let other = RecoveryPhrase::generate().unwrap();
    let err = Store::unlock(&f.dir(), Unlock::Phrase(&other), &actor()).unwrap_err();
    assert!(matches!(err, StoreError::PhraseWrong), "got {err:?}");
    assert_eq!(snapshot(&f.dir()), before, "files unchanged");
}

#[test]
fn a_mistyped_phrase_is_a_typo_with_its_group() {
    let f = Fixture::new();
    let mut text: Vec<char> = f.phrase.to_display().chars().collect();
    // Third character of group 2 (groups are 5 characters plus a hyphen).
    let i = 6 + 2;
    text[i] = if text[i] == 'A' { 'B' } else { 'A' };
    let typed: String = text.into_iter().collect();
    match RecoveryPhrase::parse(&typed) {
        Err(StoreError::PhraseTypo { group }) => assert!(group == 2 || group == 0, "group {group}"),
        other => panic!("expected a typo, got {other:?}"),
    }
}

#[test]
fn a_vault_with_a_stale_key_cannot_open_and_changes_nothing() {
    let mut f = Fixture::new();
    let db_id = f.store().db_id();
    f.close();
    let stale = MemoryVault::new();
    use jeopsu_store::vault::KeyVault;
    stale
        .store(&db_id, &jeopsu_store::vault::DataKey::generate().unwrap())
        .unwrap();
    let before = snapshot(&f.dir());
    let err = Store::unlock(&f.dir(), Unlock::Vault(&stale), &actor()).unwrap_err();
    assert!(
        matches!(err, StoreError::DatabaseUnreadable { .. }),
        "got {err:?}"
    );
    assert_eq!(snapshot(&f.dir()), before, "files unchanged");
}

#[test]
fn key_file_missing_or_damaged_is_reported() {
    let mut f = Fixture::new();
    f.close();
    let key = f.dir().join("jeopsu.key");
    let mut bytes = std::fs::read(&key).unwrap();
    bytes.truncate(100);
    std::fs::write(&key, &bytes).unwrap();
    let err = Store::unlock(&f.dir(), Unlock::Phrase(&f.phrase), &actor()).unwrap_err();
    assert!(
        matches!(err, StoreError::KeyFileDamaged { .. }),
        "got {err:?}"
    );
    std::fs::remove_file(&key).unwrap();
    let err = Store::unlock(&f.dir(), Unlock::Vault(&*f.vault), &actor()).unwrap_err();
    assert!(
        matches!(err, StoreError::KeyFileDamaged { .. }),
        "got {err:?}"
    );
}

/// Which crypto library SQLCipher runs on (the build vendors OpenSSL; sqlcipher-src also ships
/// libtomcrypt). Pinned here so a dependency bump that silently switches providers is noticed.
#[test]
fn sqlcipher_runs_on_the_vendored_openssl_provider() {
    let mut f = Fixture::new();
    let provider: String = f
        .store()
        .conn()
        .query_row("PRAGMA cipher_provider", [], |r| r.get(0))
        .unwrap();
    let version: String = f
        .store()
        .conn()
        .query_row("PRAGMA cipher_version", [], |r| r.get(0))
        .unwrap();
    assert!(version.starts_with("4."), "SQLCipher 4: {version}");
    assert_eq!(provider, "openssl", "provider (version {version})");
}

/// A companion handle (the retention run and the drill work on one, off the app's lock) sees
/// and writes the same database, with its own connection.
#[test]
fn a_companion_handle_writes_what_the_first_one_reads() {
    let mut f = crate::common::Fixture::new();
    let mut other = f.store().companion().unwrap();
    crate::common::add_staff(&mut other, "from.companion", None);
    drop(other);
    let n: i64 = f
        .store()
        .conn()
        .query_row(
            "SELECT count(*) FROM staff WHERE username = 'from.companion'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 1);
    assert!(
        f.store().verify_audit().is_ok(),
        "both handles wrote one chain"
    );
}

fn clinic() -> jeopsu_core::clinic::ClinicProfile {
    jeopsu_core::clinic::ClinicProfile {
        name: "뮤즈클리닉".into(),
        privacy_officer: "원장".into(),
        privacy_officer_contact: "1544-2994".into(),
        cctv_officer: "하은환".into(),
        cctv_officer_contact: "1544-2994".into(),
        cctv_access: "김현식".into(),
        cctv_access_contact: "1544-2994".into(),
        names_confirmed: true,
    }
}

fn first_admin(username: &str, password: &str) -> jeopsu_store::staff::NewStaff {
    jeopsu_store::staff::NewStaff {
        username: username.into(),
        display_name: Some("박원장".into()),
        // Made Admin by the first run whatever it says.
        role: jeopsu_core::Role::Reception,
        password: jeopsu_store::staff::Password::new(password.into()),
    }
}

/// The first run creates the database, the clinic's profile and its first admin in one call.
#[test]
fn first_run_creates_the_database_the_profile_and_an_admin_together() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let vault = std::sync::Arc::new(MemoryVault::new());
    let outcome = jeopsu_store::setup::first_run(
        &dir,
        InitOptions {
            vault: Some(vault),
            actor: &actor(),
            kdf: FAST_KDF,
        },
        &clinic(),
        first_admin("director.park", "long enough pass 77"),
    )
    .unwrap();
    let mut store = outcome.store;
    assert_eq!(
        jeopsu_store::settings::clinic_profile(&store).unwrap().name,
        "뮤즈클리닉"
    );
    let staff = jeopsu_store::staff::list(&mut store, &actor()).unwrap();
    assert_eq!(staff.len(), 1, "{staff:?}");
    assert_eq!(staff[0].username, "director.park");
    assert_eq!(staff[0].role, jeopsu_core::Role::Admin);
}

/// A wrong field creates nothing: every problem is listed and the folder stays empty.
#[test]
fn first_run_with_a_wrong_field_creates_nothing_and_lists_every_problem() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let mut profile = clinic();
    profile.name = String::new();
    let err = jeopsu_store::setup::first_run(
        &dir,
        InitOptions {
            vault: None,
            actor: &actor(),
            kdf: FAST_KDF,
        },
        &profile,
        first_admin("director.park", "short"),
    )
    .unwrap_err();
    let StoreError::Invalid(problems) = err else {
        panic!("got {err:?}");
    };
    let fields: Vec<&str> = problems.iter().map(|p| p.field).collect();
    assert!(fields.contains(&"name"), "{fields:?}");
    assert!(fields.contains(&"password"), "{fields:?}");
    assert!(!jeopsu_store::DataDir::new(&dir).has_database());
}

/// A failure after the database exists (here the step that adds the admin) removes the
/// database, its key files and the device secret: a second attempt starts clean, and no
/// database is left that nobody can sign in to.
#[test]
fn a_first_run_that_fails_after_the_database_exists_leaves_nothing_behind() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let vault = std::sync::Arc::new(MemoryVault::new());
    let who = actor();
    let opts = || InitOptions {
        vault: Some(vault.clone()),
        actor: &who,
        kdf: FAST_KDF,
    };
    let err = Store::init_with(&dir, opts(), |_| {
        Err(StoreError::Internal("the admin could not be added".into()))
    })
    .unwrap_err();
    assert!(matches!(err, StoreError::Internal(_)), "got {err:?}");
    assert!(!jeopsu_store::DataDir::new(&dir).has_database());
    let left: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.map(|e| e.unwrap().file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "left behind: {left:?}");
    assert!(
        vault.is_empty(),
        "the device secret was left in the keyring"
    );
    jeopsu_store::setup::first_run(
        &dir,
        opts(),
        &clinic(),
        first_admin("director.park", "long enough pass 77"),
    )
    .expect("a second attempt starts clean");
}

/// A clinic PC's user folder often has a Korean name (C:\Users\김접수 on Windows): the
/// database, its key file, a backup and a restore all work under one, with spaces too.
#[test]
fn a_user_folder_with_a_korean_name_holds_the_database_and_its_backups() {
    let tmp = tempfile::tempdir().unwrap();
    let home = tmp.path().join("김접수").join("앱 데이터");
    let vault = std::sync::Arc::new(jeopsu_store::vault::MemoryVault::new());
    let outcome = Store::init(
        &home.join("jeopsu"),
        InitOptions {
            vault: Some(vault.clone() as std::sync::Arc<dyn jeopsu_store::vault::KeyVault>),
            actor: &actor(),
            kdf: FAST_KDF,
        },
    )
    .unwrap();
    let mut store = outcome.store;
    add_staff(&mut store, "desk.kim", Some("김접수"));
    let backup_file = home.join("백업 폴더").join("뮤즈클리닉 백업.jeopsu");
    std::fs::create_dir_all(backup_file.parent().unwrap()).unwrap();
    store.backup(&actor(), &backup_file, &mut |_| {}).unwrap();
    drop(store);
    Store::unlock(
        &home.join("jeopsu"),
        Unlock::Phrase(&outcome.phrase),
        &actor(),
    )
    .expect("opens again from the Korean-named folder");

    let elsewhere = tmp.path().join("새 PC").join("접수");
    let (_, report) =
        crate::common::restore_with_phrase(&elsewhere, &backup_file, &outcome.phrase, false)
            .unwrap();
    assert_eq!(report.check.counts.staff, 1);
}

const FIRST_OPEN_CHILD: &str = "JEOPSU_TEST_FIRST_OPEN_DIR";
const FIRST_OPEN_KEY: &str = "JEOPSU_TEST_FIRST_OPEN_KEY";
const FIRST_OPEN_THREADS: usize = 4;
const FIRST_OPEN_ROUNDS: usize = 700;
const FIRST_OPEN_AT_ONCE: usize = 4;

/// SQLite marks itself started before SQLCipher's own set-up has run, so a thread that opened
/// a database while another was opening the process's first one could find SQLCipher half set
/// up, and its key was refused ("An error occurred with PRAGMA key"; a CI run failed so, when
/// the first two tests of this binary each created a database at once). The race happens once
/// per process, at its first open, so each round is a new process (this test binary again)
/// whose threads all open their first database at the same moment. Without
/// `db::start_sqlite`, 19 of 4,100 rounds failed and every one of 7 runs of this test failed
/// (docs/RELIABILITY.md); a run takes about 7 s. With it, none of 8,000 rounds failed.
#[test]
fn the_first_databases_a_process_opens_at_once_on_many_threads_all_open() {
    if let Some(dir) = std::env::var_os(FIRST_OPEN_CHILD) {
        first_opens_at_once(std::path::Path::new(&dir));
        return;
    }
    use jeopsu_store::db::{Mode, open};
    use jeopsu_store::vault::DataKey;
    // One database, copied for each thread: the rounds only open them (cheap), each its own
    // file so that no thread waits for another's lock.
    let tmp = tempfile::tempdir().unwrap();
    let key = DataKey::generate().unwrap();
    let first = tmp.path().join("first.db");
    drop(open(&first, &key, Mode::Create).unwrap());
    for slot in 0..FIRST_OPEN_AT_ONCE {
        let dir = tmp.path().join(slot.to_string());
        std::fs::create_dir(&dir).unwrap();
        for i in 0..FIRST_OPEN_THREADS {
            std::fs::copy(&first, dir.join(format!("{i}.db"))).unwrap();
        }
    }
    let key_hex = hex::encode(key.expose_secret_bytes());
    // Four rounds at a time: the machine busy, as on CI, makes the race likelier (a thread
    // put aside in the middle of SQLite's start is what lets another through).
    let mut failed = vec![];
    let rounds: Vec<usize> = (0..FIRST_OPEN_ROUNDS).collect();
    for batch in rounds.chunks(FIRST_OPEN_AT_ONCE) {
        let children: Vec<_> = batch
            .iter()
            .enumerate()
            .map(|(slot, round)| {
                let child = crate::common::rerun(
                    "init_unlock::the_first_databases_a_process_opens_at_once_on_many_threads_all_open",
                )
                    .env(FIRST_OPEN_CHILD, tmp.path().join(slot.to_string()))
                    .env(FIRST_OPEN_KEY, &key_hex)
                    .stdout(std::process::Stdio::piped())
                    .stderr(std::process::Stdio::null())
                    .spawn()
                    .unwrap();
                (round, child)
            })
            .collect();
        for (round, child) in children {
            let out = child.wait_with_output().unwrap();
            if !out.status.success() {
                let said = String::from_utf8_lossy(&out.stdout).into_owned();
                let lines: Vec<&str> = said.lines().filter(|l| l.contains("FIRST-OPEN")).collect();
                failed.push(format!("round {round}: {}", lines.join(" | ")));
            }
        }
    }
    assert!(
        failed.is_empty(),
        "{} of {FIRST_OPEN_ROUNDS} rounds: {failed:#?}",
        failed.len()
    );
}

/// In a new process: every thread opens its own copy of the database at the same moment (a
/// barrier), the process's first opens; every one must open and take its key.
fn first_opens_at_once(dir: &std::path::Path) {
    use jeopsu_store::db::{Mode, open};
    use jeopsu_store::vault::DataKey;
    let key = hex::decode(std::env::var(FIRST_OPEN_KEY).unwrap()).unwrap();
    let go = std::sync::Arc::new(std::sync::Barrier::new(FIRST_OPEN_THREADS));
    let threads: Vec<_> = (0..FIRST_OPEN_THREADS)
        .map(|i| {
            let go = go.clone();
            let path = dir.join(format!("{i}.db"));
            let key = DataKey::from_bytes(&key).unwrap();
            std::thread::spawn(move || {
                go.wait();
                open(&path, &key, Mode::Existing)
                    .map(drop)
                    .map_err(|e| format!("{e:?}"))
            })
        })
        .collect();
    let errors: Vec<String> = threads
        .into_iter()
        .filter_map(|t| match t.join() {
            Ok(Ok(())) => None,
            Ok(Err(e)) => Some(e),
            Err(_) => Some("the thread panicked".into()),
        })
        .collect();
    for e in &errors {
        println!("FIRST-OPEN {e}");
    }
    assert!(errors.is_empty(), "{errors:?}");
}
