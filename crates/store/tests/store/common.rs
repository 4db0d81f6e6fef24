use jeopsu_core::audit::Actor;
use jeopsu_store::vault::{KdfParams, KeyVault, MemoryVault, RecoveryPhrase};
use jeopsu_store::{Store, Unlock};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tempfile::TempDir;

/// Cheap Argon2 for tests that are not about its cost.
pub const FAST_KDF: KdfParams = KdfParams {
    m_cost_kib: 256,
    t_cost: 1,
    p_cost: 1,
};

/// Adds a reception account with a valid password; `display` defaults to the username.
pub fn add_staff(
    store: &mut Store,
    username: &str,
    display: Option<&str>,
) -> jeopsu_store::staff::StaffInfo {
    jeopsu_store::staff::add(
        store,
        &actor(),
        jeopsu_store::staff::NewStaff {
            username: username.into(),
            display_name: display.map(str::to_string),
            role: jeopsu_core::Role::Reception,
            password: jeopsu_store::staff::Password::new("a long enough password".into()),
        },
    )
    .unwrap()
}

/// A staff account added with [`add_staff`], as the actor of its sessions.
pub fn signed_in(store: &mut Store, username: &str, display: Option<&str>) -> Actor {
    let info = add_staff(store, username, display);
    Actor::Staff {
        id: info.id,
        username: info.username,
    }
}

/// This test binary again, running only `test` (its full path, `module::name`), one thread, its
/// output not captured: for a test whose work must happen in a child process of its own (a
/// kill, a process's first open). The caller adds the environment that tells the child what to do.
pub fn rerun(test: &str) -> std::process::Command {
    let mut c = std::process::Command::new(std::env::current_exe().unwrap());
    c.args(["--exact", test, "--nocapture", "--test-threads=1"]);
    c
}

pub fn actor() -> Actor {
    Actor::Cli {
        os_user: "test".into(),
    }
}

pub struct Fixture {
    pub tmp: TempDir,
    /// This "PC's" keyring: the device secret, and (for `reopen`) the data key the way an
    /// installation from before the key slots kept it.
    pub vault: Arc<MemoryVault>,
    pub phrase: RecoveryPhrase,
    pub store: Option<Store>,
}

impl Fixture {
    /// A new database in a temp dir, its key in a memory vault.
    pub fn new() -> Fixture {
        let tmp = tempfile::tempdir().unwrap();
        let vault = Arc::new(MemoryVault::new());
        let outcome = jeopsu_store::test_support::init_fast(
            &tmp.path().join("data"),
            vault.clone() as Arc<dyn KeyVault>,
            &actor(),
        )
        .unwrap();
        let mut store = outcome.store;
        store.set_clock(pinned_clock());
        store.set_slot_kdf(KdfParams::TEST_LOW);
        let f = Fixture {
            tmp,
            vault,
            phrase: outcome.phrase,
            store: Some(store),
        };
        // `reopen` opens with the data key from the vault (Unlock::Vault), so that tests about
        // anything but keys reopen without a sign-in or a phrase row in the log.
        let key = jeopsu_store::vault::KeyFile::read(&f.dir().join("jeopsu.key"))
            .unwrap()
            .unwrap_key(&f.phrase)
            .unwrap();
        f.vault
            .store(&f.store.as_ref().unwrap().db_id(), &key)
            .unwrap();
        f
    }

    pub fn vault_arc(&self) -> Arc<dyn KeyVault> {
        self.vault.clone()
    }

    pub fn dir(&self) -> PathBuf {
        self.tmp.path().join("data")
    }

    pub fn db_path(&self) -> PathBuf {
        self.dir().join("jeopsu.db")
    }

    pub fn store(&mut self) -> &mut Store {
        self.store.as_mut().unwrap()
    }

    /// Closes the open store (checkpointing the WAL into the main file).
    pub fn close(&mut self) {
        self.store = None;
    }

    pub fn reopen(&mut self) -> &mut Store {
        self.close();
        let mut store = Store::unlock(&self.dir(), Unlock::Vault(&*self.vault), &actor()).unwrap();
        store.set_clock(pinned_clock());
        store.set_slot_kdf(KdfParams::TEST_LOW);
        store.attach_vault(self.vault_arc());
        self.store = Some(store);
        self.store()
    }
}

/// The day every store test lives on unless it sets its own clock: 2026-11-25 10:00 in Seoul.
/// Ages and retention are computed from it, so no test depends on today's date.
pub const PINNED: &str = "2026-11-25T01:00:00Z";

pub fn pinned_clock() -> jeopsu_store::Clock {
    let at = chrono::DateTime::parse_from_rfc3339(PINNED)
        .unwrap()
        .with_timezone(&chrono::Utc);
    Box::new(move || at)
}

impl Fixture {
    /// The raw data key as 64 hex digits, unwrapped from the key file with the phrase, for
    /// tests that open the database with other tools.
    pub fn raw_key_hex(&self) -> String {
        let key = jeopsu_store::vault::KeyFile::read(&self.dir().join("jeopsu.key"))
            .unwrap()
            .unwrap_key(&self.phrase)
            .unwrap();
        key.expose_secret_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

/// All files of a directory with their bytes, for "nothing changed" assertions.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().to_string(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

/// The connection's page cache size as `PRAGMA cache_size` gives it (negative: KiB).
pub fn cache_size(store: &Store) -> i64 {
    store
        .conn()
        .query_row("PRAGMA cache_size", [], |r| r.get(0))
        .unwrap()
}

/// The store's today in Seoul: what a privacy officer types to confirm the clock before a
/// destruction run when the tests move the clock years ahead.
pub fn today(store: &Store) -> chrono::NaiveDate {
    jeopsu_core::time::seoul_date(store.now())
}

/// The destruction run, today's date confirmed (the tests move the clock years ahead).
pub fn run_retention(store: &mut Store) -> jeopsu_store::Result<Vec<jeopsu_store::retention::Due>> {
    let today = today(store);
    jeopsu_store::retention::run(store, &actor(), Some(today))
}

/// `backup::restore` of `file` into `dir` with the recovery phrase, as the app's first run and
/// the CLI's `restore` do it; `force` replaces what is there (kept in a safety copy).
pub fn restore_with_phrase(
    dir: &Path,
    file: &Path,
    phrase: &RecoveryPhrase,
    force: bool,
) -> jeopsu_store::Result<(Store, jeopsu_store::backup::RestoreReport)> {
    jeopsu_store::backup::restore(
        dir,
        file,
        Unlock::Phrase(phrase),
        force,
        &actor(),
        &mut |_| {},
    )
}
