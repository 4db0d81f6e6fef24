//! Jeopsu's encrypted database.
//!
//! One SQLCipher 4 file per installation, opened with a random 256-bit raw key. Every change of
//! data goes through [`Store::write`], which gives the closure a transaction and a way to write
//! the access-log entry for the change inside the same transaction: both commit or neither does.
#![warn(missing_docs)]

pub mod appointments;
pub mod audit;
pub mod backup;
pub mod backup_schedule;
pub mod cctv;
pub mod consents;
// The raw database and its schema: inside this crate only, but for tests and benchmarks
// (the `test-support` feature).
#[cfg(feature = "test-support")]
pub mod db;
#[cfg(not(feature = "test-support"))]
mod db;
pub mod error;
pub mod guardians;
mod hooks;
pub mod integrity;
pub mod keys;
#[cfg(feature = "test-support")]
pub mod migrations;
#[cfg(not(feature = "test-support"))]
mod migrations;
pub mod paths;
pub mod patients;
pub mod privacy;
pub mod retention;
pub mod review;
pub mod settings;
pub mod setup;
pub mod staff;
#[cfg(any(test, feature = "test-support"))]
pub mod test_support;
pub mod tombstones;
pub mod vault;
pub mod visits;

pub use error::{Missing, Result, StoreError, Thing};
pub(crate) use hooks::{default_clock, test_crash_point};
pub use paths::DataDir;

use audit::{AuditKey, Entry};
use chrono::{DateTime, Utc};
use jeopsu_core::audit::{Action, Actor};
use jeopsu_core::ids::AuditSeq;
use rusqlite::{Connection, Transaction, TransactionBehavior};
use std::path::Path;
use std::sync::Arc;
use vault::{DataKey, DbId, KdfParams, KeyFile, KeyVault, RecoveryPhrase};

/// Where the current time comes from; tests substitute a fixed or moving clock.
pub type Clock = Box<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// An open, unlocked database.
pub struct Store {
    conn: Connection,
    key: DataKey,
    audit_key: AuditKey,
    tomb_key: tombstones::TombKey,
    db_id: DbId,
    dir: DataDir,
    clock: Clock,
    /// Where this PC's device secret lives (the OS keyring), if it can be reached: needed to
    /// replace the secret when an account is disabled, and for the migration.
    vault: Option<Arc<dyn KeyVault>>,
    /// The Argon2id cost of new staff slots ([`vault::default_slot_kdf`]; tests lower it).
    slot_kdf: KdfParams,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("dir", &self.dir)
            .field("db_id", &self.db_id)
            .finish_non_exhaustive()
    }
}

/// How to get the data key when opening.
pub enum Unlock<'a> {
    /// From a key vault (normally the OS keyring).
    Vault(&'a dyn KeyVault),
    /// With the recovery phrase, through the key file beside the database.
    Phrase(&'a RecoveryPhrase),
}

impl std::fmt::Debug for Unlock<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unlock::Vault(v) => write!(f, "Unlock::Vault({})", v.name()),
            Unlock::Phrase(_) => f.write_str("Unlock::Phrase(redacted)"),
        }
    }
}

/// Options for [`Store::init`].
pub struct InitOptions<'a> {
    /// Where to keep this PC's device secret (the OS keyring): staff slots then need it as well
    /// as a password. `None`: password-only slots, which the clinic chose knowing they are
    /// weaker (docs/SECURITY.md). Nothing falls back from one to the other silently.
    pub vault: Option<Arc<dyn KeyVault>>,
    /// Who creates the database (logged as such).
    pub actor: &'a Actor,
    /// Argon2id cost for the key file. Tests lower it; everything else uses the default.
    pub kdf: KdfParams,
}

impl std::fmt::Debug for InitOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InitOptions")
            .field("actor", &self.actor)
            .field("kdf", &self.kdf)
            .finish_non_exhaustive()
    }
}

/// What `init` did besides creating the database.
#[derive(Debug)]
pub struct InitOutcome {
    /// The open database.
    pub store: Store,
    /// Shown once, printed on the recovery sheet, never stored.
    pub phrase: RecoveryPhrase,
}

/// What the store's setting readers read from: an open [`Store`] or a write transaction
/// ([`Tx`]). Sealed: its connection is reachable only inside this crate.
pub trait Db: sealed::Sealed {}

mod sealed {
    /// Only this crate can make one, so only this crate can call [`Sealed::connection`].
    #[derive(Debug, Clone, Copy)]
    pub struct Token(pub(crate) ());

    pub trait Sealed {
        fn connection(&self, token: Token) -> &rusqlite::Connection;
    }
}

impl sealed::Sealed for Store {
    fn connection(&self, _: sealed::Token) -> &Connection {
        &self.conn
    }
}
impl Db for Store {}
impl sealed::Sealed for Tx<'_> {
    fn connection(&self, _: sealed::Token) -> &Connection {
        &self.tx
    }
}
impl Db for Tx<'_> {}

/// The connection of a [`Db`], for this crate's readers.
pub(crate) fn conn_of(db: &impl Db) -> &Connection {
    sealed::Sealed::connection(db, sealed::Token(()))
}

/// A write transaction that can log what it does.
pub struct Tx<'a> {
    tx: Transaction<'a>,
    audit_key: &'a AuditKey,
    tomb_key: &'a tombstones::TombKey,
    now: DateTime<Utc>,
}

impl std::fmt::Debug for Tx<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tx")
            .field("now", &self.now)
            .finish_non_exhaustive()
    }
}

impl Tx<'_> {
    /// The transaction's connection. Outside this crate only with the `test-support` feature:
    /// changes go through the store's functions, which write their log rows with them.
    #[cfg(feature = "test-support")]
    pub fn conn(&self) -> &Connection {
        &self.tx
    }
    #[cfg(not(feature = "test-support"))]
    pub(crate) fn conn(&self) -> &Connection {
        &self.tx
    }
    /// The time of this transaction: every row it writes carries the same instant.
    pub fn now(&self) -> DateTime<Utc> {
        self.now
    }
    /// Writes an access- or permission-log row in this transaction.
    pub fn log(&self, entry: Entry<'_>) -> Result<AuditSeq> {
        audit::append(&self.tx, self.audit_key, self.now, &entry)
    }
    /// Writes log rows in this transaction, in order, with each chain's head read and written
    /// once for all of them (for bulk work: an import logs a row per patient).
    pub fn log_all<'e>(&self, entries: impl IntoIterator<Item = Entry<'e>>) -> Result<()> {
        audit::append_all(&self.tx, self.audit_key, self.now, entries)
    }
}

/// Removes what a failed [`Store::init`] or [`Store::init_with`] created: the database and its
/// side files, the key and slot files, and this PC's device secret for it.
fn discard(dd: &DataDir, vault: Option<&dyn KeyVault>, db_id: DbId) {
    paths::remove_db_files(&dd.db_path());
    for f in [dd.key_path(), dd.slots_path(), dd.signin_path()] {
        let _ = std::fs::remove_file(f);
    }
    if let Some(v) = vault {
        let _ = v.remove(vault::VaultEntry::Device(db_id));
    }
}

impl Store {
    /// Creates a new database in `dir` with a fresh data key and recovery phrase.
    ///
    /// On failure nothing is left behind: a second attempt starts clean.
    pub fn init(dir: &Path, opts: InitOptions<'_>) -> Result<InitOutcome> {
        let dd = DataDir::new(dir);
        if dd.has_database() || dd.key_path().exists() {
            return Err(StoreError::AlreadyInitialized {
                dir: dir.to_path_buf(),
            });
        }
        paths::create_private_dir(dir)?;
        let key = DataKey::generate()?;
        let db_id = DbId::generate()?;
        let phrase = RecoveryPhrase::generate()?;
        let result = (|| -> Result<Store> {
            KeyFile::seal(&key, &phrase, db_id, opts.kdf)?.write(&dd.key_path())?;
            keys::create_slot_file(&dd, db_id, &key, opts.vault.as_deref())?;
            let conn = db::open(&dd.db_path(), &key, db::Mode::Create)?;
            paths::set_private(&dd.db_path(), false)?;
            let mut store = Store::assemble(conn, key, db_id, dd.clone());
            store.vault = opts.vault.clone();
            store.write(|tx| {
                settings::put(tx.conn(), settings::DB_ID, &db_id.to_hex())?;
                // A new database seals every RRN bound to its row from the start.
                settings::put(tx.conn(), settings::RRN_BOUND, "1")?;
                settings::put(
                    tx.conn(),
                    settings::CREATED_AT,
                    &jeopsu_core::time::to_stored(tx.now()),
                )?;
                audit::init_chains(tx.conn(), tx.audit_key)?;
                tx.log(Entry::new(Action::DatabaseCreated, opts.actor))?;
                if let Some(v) = &opts.vault {
                    tx.log(Entry::new(Action::KeyStoredInKeyring, opts.actor).detail(
                        serde_json::json!({ "vault": v.name(), "what": "device-secret" }),
                    ))?;
                }
                Ok(())
            })?;
            Ok(store)
        })();
        let store = match result {
            Ok(s) => s,
            Err(e) => {
                discard(&dd, opts.vault.as_deref(), db_id);
                return Err(e);
            }
        };
        Ok(InitOutcome { store, phrase })
    }

    /// [`Store::init`], then `first` on the new store (the clinic's first run: its profile and
    /// first admin, `setup::first_run`). All or nothing: if `first` fails, the new database,
    /// its key files and its device secret are removed again, so a second attempt starts clean
    /// and no database is left that nobody can sign in to.
    pub fn init_with(
        dir: &Path,
        opts: InitOptions<'_>,
        first: impl FnOnce(&mut Store) -> Result<()>,
    ) -> Result<InitOutcome> {
        let vault = opts.vault.clone();
        let mut outcome = Store::init(dir, opts)?;
        match first(&mut outcome.store) {
            Ok(()) => Ok(outcome),
            Err(e) => {
                let db_id = outcome.store.db_id;
                drop(outcome);
                discard(&DataDir::new(dir), vault.as_deref(), db_id);
                Err(e)
            }
        }
    }

    /// Opens the database in `dir`.
    pub fn unlock(dir: &Path, how: Unlock<'_>, actor: &Actor) -> Result<Store> {
        backup::finish_interrupted_restore(dir)?;
        let dd = DataDir::new(dir);
        if !dd.has_database() {
            return Err(StoreError::NotInitialized {
                dir: dir.to_path_buf(),
            });
        }
        let kf = KeyFile::read(&dd.key_path())?;
        let key = match how {
            Unlock::Vault(v) => v.load(&kf.db_id)?.ok_or(StoreError::KeyNotInKeyring)?,
            Unlock::Phrase(p) => kf.unwrap_key(p)?,
        };
        let conn = db::open(&dd.db_path(), &key, db::Mode::Existing)?;
        let mut store = Store::assemble(conn, key, kf.db_id, dd);
        // Sealed RRNs from before they were bound to their rows are re-sealed once.
        patients::reseal_unbound(&mut store)?;
        let stored_id = settings::get(&store.conn, settings::DB_ID)?;
        if stored_id.as_deref() != Some(kf.db_id.to_hex().as_str()) {
            return Err(StoreError::IntegrityFailed(
                "the key file belongs to another database".into(),
            ));
        }
        if matches!(how, Unlock::Phrase(_)) {
            store.write(|tx| {
                tx.log(Entry::new(Action::UnlockedWithPhrase, actor))
                    .map(|_| ())
            })?;
        }
        Ok(store)
    }

    fn assemble(conn: Connection, key: DataKey, db_id: DbId, dir: DataDir) -> Store {
        let audit_key = AuditKey(key.derive(audit::AUDIT_KEY_LABEL));
        let tomb_key = tombstones::TombKey::of(&key);
        Store {
            conn,
            key,
            audit_key,
            tomb_key,
            db_id,
            dir,
            clock: default_clock(),
            vault: None,
            slot_kdf: vault::default_slot_kdf(),
        }
    }

    /// After a recovery-phrase unlock on a new PC (or a reinstalled one): puts this
    /// installation's device secret back into `vault` from its copy under the data key, so the
    /// staff passwords open the database here again. An installation from before the key slots
    /// gets its data key back instead, as before. The vault is kept for later slot changes.
    pub fn put_key_in_vault(&mut self, vault: Arc<dyn KeyVault>, actor: &Actor) -> Result<()> {
        let what = keys::put_back(self, vault.as_ref())?;
        let name = vault.name();
        self.vault = Some(vault);
        self.write(|tx| {
            tx.log(
                Entry::new(Action::KeyStoredInKeyring, actor)
                    .detail(serde_json::json!({ "vault": name, "what": what })),
            )
            .map(|_| ())
        })
    }

    /// A second handle on the same database: its own connection and its own copy of the key
    /// (zeroised when it is dropped), so long work (a retention run, a restore drill) runs off
    /// the app's lock while the desk keeps its handle. SQLite's own locking orders the writes.
    pub fn companion(&self) -> Result<Store> {
        let key = self.key.duplicate();
        let conn = db::open(&self.dir.db_path(), &key, db::Mode::Existing)?;
        let mut s = Store::assemble(conn, key, self.db_id, self.dir.clone());
        s.vault = self.vault.clone();
        s.slot_kdf = self.slot_kdf;
        Ok(s)
    }

    /// Keeps `vault` for slot changes that need this PC's device secret (disabling an account
    /// replaces it).
    pub fn attach_vault(&mut self, vault: Arc<dyn KeyVault>) {
        self.vault = Some(vault);
    }

    /// The Argon2id cost of new staff slots (tests lower it; nothing else should).
    pub fn set_slot_kdf(&mut self, params: KdfParams) {
        self.slot_kdf = params;
    }

    /// Replaces the clock (tests).
    pub fn set_clock(&mut self, clock: Clock) {
        self.clock = clock;
    }

    /// The current time, from the store's clock.
    pub fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    /// The database's random id.
    pub fn db_id(&self) -> DbId {
        self.db_id
    }

    /// The data folder.
    pub fn data_dir(&self) -> &DataDir {
        &self.dir
    }

    /// The connection, for queries inside this crate (reads of personal data log through
    /// [`Store::write`]). Outside it only with the `test-support` feature.
    #[cfg(feature = "test-support")]
    pub fn conn(&self) -> &Connection {
        &self.conn
    }
    #[cfg(not(feature = "test-support"))]
    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn data_key(&self) -> &DataKey {
        &self.key
    }

    pub(crate) fn audit_key(&self) -> &AuditKey {
        &self.audit_key
    }

    /// Runs `f` in one IMMEDIATE transaction: it commits if `f` returns `Ok`, rolls back
    /// otherwise. Log entries written through [`Tx::log`] share the transaction's fate.
    pub fn write<T>(&mut self, f: impl FnOnce(&Tx<'_>) -> Result<T>) -> Result<T> {
        let now = (self.clock)();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let t = Tx {
            tx,
            audit_key: &self.audit_key,
            tomb_key: &self.tomb_key,
            now,
        };
        let value = f(&t)?;
        t.tx.commit()?;
        Ok(value)
    }

    /// Verifies both log chains.
    pub fn verify_audit(&self) -> Result<Vec<audit::ChainReport>> {
        audit::verify_all(&self.conn, &self.audit_key)
    }

    /// Lists log rows (and records that the log was read).
    pub fn audit_list(
        &mut self,
        actor: &Actor,
        since: Option<DateTime<Utc>>,
        stream: Option<jeopsu_core::audit::Stream>,
    ) -> Result<Vec<audit::Row>> {
        self.write(|tx| {
            let rows = audit::list(tx.conn(), since, stream)?;
            tx.log(
                Entry::new(Action::AuditListed, actor)
                    .detail(serde_json::json!({ "rows": rows.len() })),
            )?;
            Ok(rows)
        })
    }

    /// Removes `stream` rows older than `cutoff` (their retention period has passed) and
    /// re-anchors the chain so it still verifies. The purge itself is logged as a new row.
    pub fn purge_audit_before(
        &mut self,
        actor: &Actor,
        stream: jeopsu_core::audit::Stream,
        cutoff: DateTime<Utc>,
    ) -> Result<i64> {
        self.write(|tx| {
            let removed = audit::purge_before(tx.conn(), tx.audit_key, stream, cutoff)?;
            tx.log(
                Entry::new(Action::AuditPurged, actor).detail(serde_json::json!({
                    "stream": stream.as_str(),
                    "rows": removed,
                    "before": jeopsu_core::time::to_stored(cutoff),
                })),
            )?;
            Ok(removed)
        })
    }
}
