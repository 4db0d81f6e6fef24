//! Staff key slots at the store level (docs/SECURITY.md "Key slots"): signing in before the
//! database is open, keeping the slots in step with every staff change, and the migration of an
//! installation whose data key sat in the OS keyring.

use crate::audit::Entry;
use crate::error::{Result, StoreError};
use crate::staff::{self, Password, SignedIn};
use crate::vault::{
    Counters, DataKey, DbId, DeviceSecret, KdfParams, KeyFile, KeyVault, Slot, SlotBody, SlotFile,
    SlotMode, UserTag, VaultEntry, default_slot_kdf,
};
use crate::{Clock, DataDir, Store, Tx, db, paths};
use jeopsu_core::audit::{Action, Actor, Subject};
use jeopsu_core::staff::{LockoutPolicy, Username};
use rusqlite::TransactionBehavior;
use serde::Serialize;
use std::path::Path;
use std::sync::Arc;

/// Creates the (empty) slot file and the sign-in counters of a new installation. With a vault,
/// a new device secret goes there first; without one the slots are password-only.
pub(crate) fn create_slot_file(
    dd: &DataDir,
    db_id: DbId,
    key: &DataKey,
    vault: Option<&dyn KeyVault>,
) -> Result<SlotMode> {
    let (mode, device) = match vault {
        Some(v) => {
            let d = DeviceSecret::generate()?;
            d.store(v, VaultEntry::Device(db_id))?;
            (SlotMode::Device, Some(d))
        }
        None => (SlotMode::PasswordOnly, None),
    };
    let body = SlotBody::empty()?;
    SlotFile::seal(db_id, mode, 1, key, device.as_ref(), &body)?.write(&dd.slots_path())?;
    Counters::fresh(
        &dd.signin_path(),
        &db_id,
        mode,
        device.as_ref(),
        LockoutPolicy::default(),
    )
    .save()?;
    Ok(mode)
}

/// The device secret that opens `file` and the opened body, and whether it is the "next" one
/// (a replacement a crash interrupted): [`sign_in`] then makes it the current one, after it
/// has read the counters, which may still be under the old one (returned too).
/// The other secrets the keyring held are returned too: the sign-in counters may still be under
/// one of them (a replacement interrupted between the slot file and the counters).
fn open_with_device(
    file: &SlotFile,
    vault: Option<&dyn KeyVault>,
) -> Result<(Option<DeviceSecret>, SlotBody, Vec<DeviceSecret>, bool)> {
    match file.mode {
        SlotMode::PasswordOnly => Ok((
            None,
            file.open(None)?.ok_or(StoreError::SlotsDamaged)?,
            vec![],
            false,
        )),
        SlotMode::Device => {
            let v = vault.ok_or(StoreError::DeviceSecretMissing)?;
            let mut others = vec![];
            let mut found = None;
            for (entry, d) in DeviceSecret::load_all(v, &file.db_id)? {
                match (&found, file.open(Some(&d))?) {
                    (None, Some(body)) => found = Some((entry, d, body)),
                    _ => others.push(d),
                }
            }
            let (entry, d, body) = found.ok_or(StoreError::DeviceSecretMissing)?;
            let promote = entry != VaultEntry::Device(file.db_id);
            Ok((Some(d), body, others, promote))
        }
    }
}

/// Whether staff can sign in here without the recovery phrase, checked without any password
/// and without opening the database. `Err` says why the phrase is needed.
pub fn sign_in_possible(dir: &Path, vault: Option<&dyn KeyVault>) -> Result<()> {
    let dd = DataDir::new(dir);
    if !dd.has_database() {
        return Err(StoreError::NotInitialized {
            dir: dir.to_path_buf(),
        });
    }
    let kf = KeyFile::read(&dd.key_path())?;
    let legacy = match vault {
        Some(v) => v.get(VaultEntry::LegacyDataKey(kf.db_id))?.is_some(),
        None => false,
    };
    match SlotFile::read(&dd.slots_path())? {
        None if legacy => Ok(()),
        None => Err(match vault {
            Some(_) => StoreError::KeyNotInKeyring,
            None => StoreError::DeviceSecretMissing,
        }),
        Some(file) => match open_with_device(&file, vault) {
            Ok(_) => Ok(()),
            Err(_) if legacy => Ok(()),
            Err(e) => Err(e),
        },
    }
}

/// The clinic's name for the locked screen (from the sign-in counters; display only).
pub fn clinic_name_for_display(dir: &Path) -> Option<String> {
    Counters::clinic_name_for_display(&DataDir::new(dir).signin_path())
}

/// Opens the database with a key that a slot, the phrase or the old keyring entry gave.
pub(crate) fn open_with_key(dd: DataDir, key: DataKey, db_id: DbId, clock: Clock) -> Result<Store> {
    let conn = db::open(&dd.db_path(), &key, db::Mode::Existing)?;
    let mut store = Store::assemble(conn, key, db_id, dd);
    store.clock = clock;
    // Sealed RRNs from before they were bound to their rows are re-sealed once.
    crate::patients::reseal_unbound(&mut store)?;
    let stored_id = crate::settings::get(&store.conn, crate::settings::DB_ID)?;
    if stored_id.as_deref() != Some(db_id.to_hex().as_str()) {
        return Err(StoreError::IntegrityFailed(
            "the key file belongs to another database".into(),
        ));
    }
    Ok(store)
}

/// Signs a staff member in with their key slot, then opens the database: the sign-in of the
/// app's locked screen and of the CLI's `--staff`. Lockout counts and failed attempts are
/// kept in the sign-in counters until the database is open; then they are logged.
///
/// An installation from before the key slots (the data key still in `vault`) signs in with
/// the password stored in the database and makes the person's slot on the way.
pub fn sign_in(
    dir: &Path,
    vault: Option<Arc<dyn KeyVault>>,
    username: &str,
    password: &Password,
    clock: Option<Clock>,
) -> Result<(Store, SignedIn)> {
    crate::backup::finish_interrupted_restore(dir)?;
    let dd = DataDir::new(dir);
    if !dd.has_database() {
        return Err(StoreError::NotInitialized {
            dir: dir.to_path_buf(),
        });
    }
    let clock = clock.unwrap_or_else(crate::default_clock);
    let db_id = KeyFile::read(&dd.key_path())?.db_id;
    let name = Username::parse(username)
        .map(|u| u.as_str().to_string())
        .unwrap_or_else(|_| username.to_string());
    let legacy = |v: &Option<Arc<dyn KeyVault>>| -> Result<Option<DataKey>> {
        match v {
            Some(v) => v.load(&db_id),
            None => Ok(None),
        }
    };
    let Some(file) = SlotFile::read(&dd.slots_path())? else {
        let key = legacy(&vault)?.ok_or(match vault {
            Some(_) => StoreError::KeyNotInKeyring,
            None => StoreError::DeviceSecretMissing,
        })?;
        return migrate_sign_in(dd, key, db_id, vault, &name, password, clock);
    };
    if file.db_id != db_id {
        return Err(StoreError::SlotsDamaged);
    }
    let (device, body, earlier, promote) = match open_with_device(&file, vault.as_deref()) {
        Ok(x) => x,
        Err(e) => {
            // Half-way through the migration on a PC whose keyring lost the device secret
            // but kept the old entry: the old way still works.
            return match legacy(&vault)? {
                Some(key) => migrate_sign_in(dd, key, db_id, vault, &name, password, clock),
                None => Err(e),
            };
        }
    };
    let now = clock();
    let mut counters = Counters::load_any(
        &dd.signin_path(),
        &db_id,
        file.mode,
        device.as_ref(),
        &earlier,
        now,
    );
    // The counters under the current secret first, then the "next" one becomes the current.
    if promote
        && counters.save().is_ok()
        && let (Some(v), Some(d)) = (vault.as_deref(), device.as_ref())
        && d.store(v, VaultEntry::Device(db_id)).is_ok()
    {
        let _ = v.remove(VaultEntry::DeviceNext(db_id));
    }
    let tag = body.tag(&name);
    let key = match body.find(&tag) {
        Some(slot) => slot.unwrap(&db_id, password.expose_secret().as_bytes())?,
        None => {
            if let Some(key) = legacy(&vault)? {
                return migrate_sign_in(dd, key, db_id, vault, &name, password, clock);
            }
            Slot::decoy(password.expose_secret().as_bytes(), default_slot_kdf())?;
            None
        }
    };
    if let Some(until) = counters.state(&tag, now).blocked_until(now) {
        counters.blocked(&tag, now);
        counters.save()?;
        return Err(match key {
            Some(_) => StoreError::LockedOut { until },
            None => StoreError::BadCredentials,
        });
    }
    let Some(key) = key else {
        counters.failed(&tag, now);
        counters.save()?;
        return Err(StoreError::BadCredentials);
    };
    let mut store = open_with_key(dd, key, db_id, clock)?;
    store.vault = vault;
    let (attempts, dropped, tampered) = counters.take_unlogged();
    let tags = |u: &str| body.tag(u);
    let outcome = staff::sign_in_with_slot(&mut store, &name, &tags, &attempts, dropped, tampered);
    match outcome {
        Ok(who) => {
            counters.succeeded(&tag);
            counters.set_policy(staff::lockout_policy(&store)?);
            counters.set_clinic_name(crate::settings::clinic_profile(&store).ok().map(|p| p.name));
            counters.save()?;
            Ok((store, who))
        }
        Err(e) => {
            // The slot opened, but the account is disabled or gone: that slot should not exist.
            let _ = store.write_with_slots(|_, s| {
                s.remove(&name);
                Ok(())
            });
            counters.save()?;
            Err(e)
        }
    }
}

fn migrate_sign_in(
    dd: DataDir,
    key: DataKey,
    db_id: DbId,
    vault: Option<Arc<dyn KeyVault>>,
    name: &str,
    password: &Password,
    clock: Clock,
) -> Result<(Store, SignedIn)> {
    let mut store = open_with_key(dd, key, db_id, clock)?;
    store.vault = vault;
    let who = staff::sign_in(&mut store, name, password)?;
    ensure_slot(&mut store, &who, password)?;
    Ok((store, who))
}

/// A sign-in while the database is already open (after the recovery phrase): the password is
/// checked against the database, and the person's slot is made if it is missing.
pub fn sign_in_open(store: &mut Store, username: &str, password: &Password) -> Result<SignedIn> {
    let who = staff::sign_in(store, username, password)?;
    ensure_slot(store, &who, password)?;
    Ok(who)
}

/// Makes `who`'s slot if they have none (the migration), creating the slot file with this
/// PC's keyring when there is none yet. Once every active account has a slot, the data key
/// itself leaves the keyring.
fn ensure_slot(store: &mut Store, who: &SignedIn, password: &Password) -> Result<()> {
    let dd = store.dir.clone();
    if !dd.slots_path().exists() {
        // No silent fallback to password-only slots: without a keyring the old way stays.
        let Some(v) = store.vault.clone() else {
            return Ok(());
        };
        create_slot_file(&dd, store.db_id, &store.key, Some(v.as_ref()))?;
    }
    store.write_with_slots(|tx, slots| {
        if !slots.has(&who.username) {
            slots.put(&who.username, password)?;
            tx.log(
                Entry::new(Action::KeySlotCreated, &who.actor()).subject(Subject::staff(who.id)),
            )?;
        }
        Ok(())
    })?;
    if without_slot(store)?.is_empty() {
        forget_legacy_key(store, &who.actor())?;
    }
    Ok(())
}

/// Removes the data key itself from the keyring (an installation from before the key slots):
/// automatic once every active account has a slot, or when an administrator decides. Those
/// still without a slot then need an administrator's password reset.
pub fn forget_legacy_key(store: &mut Store, actor: &Actor) -> Result<bool> {
    let Some(v) = store.vault.clone() else {
        return Ok(false);
    };
    if v.load(&store.db_id)?.is_none() {
        return Ok(false);
    }
    if !store.dir.slots_path().exists() {
        // Nobody could sign in afterwards: refuse instead.
        return Err(StoreError::Conflict(
            "no account has a key slot yet; sign in once first".into(),
        ));
    }
    v.delete(&store.db_id)?;
    store.write(|tx| {
        tx.log(Entry::new(Action::LegacyKeyRemoved, actor))
            .map(|_| ())
    })?;
    Ok(true)
}

/// The installation's keys as the administrator's screen shows them.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct KeyStatus {
    /// "device", "password-only", or `None` before the key slots.
    pub mode: Option<&'static str>,
    /// The data key itself is still in the keyring (the migration is not finished).
    pub legacy_key_in_keyring: bool,
    /// Active accounts without a slot: they sign in the old way until they have one, or need a
    /// password reset once the old key is gone.
    pub without_slot: Vec<String>,
}

/// The opened slot body, through the device secret's copy under the data key.
fn open_body(store: &Store) -> Result<Option<(SlotFile, Option<DeviceSecret>, SlotBody)>> {
    open_body_at(&store.dir, &store.key)
}

fn open_body_at(
    dir: &DataDir,
    key: &DataKey,
) -> Result<Option<(SlotFile, Option<DeviceSecret>, SlotBody)>> {
    let Some(file) = SlotFile::read(&dir.slots_path())? else {
        return Ok(None);
    };
    let device = match file.mode {
        SlotMode::Device => Some(file.device_secret(key).ok_or(StoreError::SlotsDamaged)?),
        SlotMode::PasswordOnly => None,
    };
    let body = file
        .open(device.as_ref())?
        .ok_or(StoreError::SlotsDamaged)?;
    Ok(Some((file, device, body)))
}

/// Active accounts without a slot (all of them before the key slots).
pub fn without_slot(store: &Store) -> Result<Vec<String>> {
    let body = open_body(store)?.map(|(_, _, b)| b);
    let mut stmt = store
        .conn
        .prepare("SELECT username FROM staff WHERE disabled_at IS NULL ORDER BY username")?;
    let names = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(names
        .into_iter()
        .filter(|n| body.as_ref().is_none_or(|b| b.find(&b.tag(n)).is_none()))
        .collect())
}

/// The opened slots and the sign-in counters (for the staff list).
pub(crate) fn slots_and_counters(store: &Store) -> Result<Option<(SlotBody, Counters)>> {
    Ok(open_body(store)?.map(|(file, device, body)| {
        let counters = Counters::load(
            &store.dir.signin_path(),
            &store.db_id,
            file.mode,
            device.as_ref(),
            store.now(),
        );
        (body, counters)
    }))
}

pub fn status(store: &Store) -> Result<KeyStatus> {
    let mode = SlotFile::read(&store.dir.slots_path())?.map(|f| f.mode.as_str());
    let legacy = match &store.vault {
        Some(v) => v.load(&store.db_id)?.is_some(),
        None => false,
    };
    Ok(KeyStatus {
        mode,
        legacy_key_in_keyring: legacy,
        without_slot: without_slot(store)?,
    })
}

/// Puts this installation's device secret (or, before the key slots, its data key) into
/// `vault`. Says which.
pub(crate) fn put_back(store: &Store, vault: &dyn KeyVault) -> Result<&'static str> {
    match SlotFile::read(&store.dir.slots_path())? {
        Some(file) if file.mode == SlotMode::Device => {
            let d = file
                .device_secret(&store.key)
                .ok_or(StoreError::SlotsDamaged)?;
            d.store(vault, VaultEntry::Device(store.db_id))?;
            Ok("device-secret")
        }
        Some(_) => Ok("nothing: password-only slots"),
        None => {
            vault.store(&store.db_id, &store.key)?;
            Ok("data-key")
        }
    }
}

/// A test-only crash inside a slot change (`JEOPSU_TEST_SLOTS_CRASH_AT=N`): 1 after the new
/// device secret is stored as "next", 2 after the new slot file is written (before the commit),
/// 3 after the commit (before the new secret becomes the current one).
fn crash_point(n: u32) {
    crate::test_crash_point("JEOPSU_TEST_SLOTS_CRASH_AT", n);
}

/// Changes to the slots made inside a staff change ([`Store::write_with_slots`]).
pub struct SlotEdit {
    body: Option<SlotBody>,
    key: DataKey,
    db_id: DbId,
    params: KdfParams,
    changed: bool,
    replace_device: bool,
    cleared: Vec<UserTag>,
}

impl std::fmt::Debug for SlotEdit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SlotEdit")
            .field("changed", &self.changed)
            .finish_non_exhaustive()
    }
}

impl SlotEdit {
    /// Makes or replaces `username`'s slot with `password` (nothing before the key slots: the
    /// person's slot is made at their next sign-in).
    pub fn put(&mut self, username: &str, password: &Password) -> Result<()> {
        if let Some(b) = self.body.as_mut() {
            b.put(
                username,
                &self.key,
                password.expose_secret().as_bytes(),
                self.params,
                &self.db_id,
            )?;
            self.changed = true;
        }
        Ok(())
    }

    pub fn remove(&mut self, username: &str) {
        if let Some(b) = self.body.as_mut() {
            self.changed |= b.remove(username);
        }
    }

    /// Replaces this PC's device secret, so a copy of the slot file from before this change
    /// opens nothing here any more.
    /// `true` if it will be replaced (there are slots, bound to this PC).
    pub fn replace_device_secret(&mut self) -> bool {
        if self.body.is_some() {
            self.changed = true;
            self.replace_device = true;
        }
        self.replace_device
    }

    pub fn clear_lockout(&mut self, username: &str) {
        if let Some(b) = self.body.as_ref() {
            self.cleared.push(b.tag(username));
        }
    }

    pub fn has(&self, username: &str) -> bool {
        self.body
            .as_ref()
            .is_some_and(|b| b.find(&b.tag(username)).is_some())
    }
}

impl Store {
    /// Like [`Store::write`], with the staff slots: `f` changes the database, logs, and edits
    /// the slots. The new slot file is written (atomically) just before the commit, and put
    /// back if the commit fails, so the slots and the staff table change together. A crash
    /// between the two leaves the slot file ahead of the database: a new account's slot
    /// without its row opens nothing (sign-in finds no account), and a removed slot cannot be
    /// used. Neither lets anyone in who should not be.
    pub fn write_with_slots<T>(
        &mut self,
        f: impl FnOnce(&Tx<'_>, &mut SlotEdit) -> Result<T>,
    ) -> Result<T> {
        let path = self.dir.slots_path();
        let now = (self.clock)();
        // The database's write lock first: another process changing staff (the CLI and the
        // app) waits here, so the slot file read below is the one it left.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (file, device, body) = match open_body_at(&self.dir, &self.key)? {
            Some((file, device, body)) => (Some(file), device, Some(body)),
            None => (None, None, None),
        };
        let mut edit = SlotEdit {
            body,
            key: self.key.duplicate(),
            db_id: self.db_id,
            params: self.slot_kdf,
            changed: false,
            replace_device: false,
            cleared: vec![],
        };
        let t = Tx {
            tx,
            audit_key: &self.audit_key,
            tomb_key: &self.tomb_key,
            now,
        };
        let value = f(&t, &mut edit)?;
        let (Some(file), Some(body), true) = (&file, &edit.body, edit.changed) else {
            t.tx.commit()?;
            return Ok(value);
        };
        let mut new_device = None;
        if edit.replace_device && file.mode == SlotMode::Device {
            let v = self.vault.as_deref().ok_or_else(|| {
                StoreError::KeyringUnavailable(
                    "this PC's keyring is needed to disable an account".into(),
                )
            })?;
            let d = DeviceSecret::generate()?;
            d.store(v, VaultEntry::DeviceNext(self.db_id))?;
            new_device = Some(d);
            crash_point(1);
        }
        let sealing_device = new_device.as_ref().or(device.as_ref());
        let sealed = SlotFile::seal(
            self.db_id,
            file.mode,
            file.generation.wrapping_add(1),
            &self.key,
            sealing_device,
            body,
        )?;
        sealed.write(&path)?;
        crash_point(2);
        if let Err(e) = t.tx.commit() {
            let _ = paths::write_atomic(&path, &file.to_bytes());
            return Err(e.into());
        }
        // The counters follow: a cleared lockout, and their MAC under the new secret.
        let mut counters = Counters::load(
            &self.dir.signin_path(),
            &self.db_id,
            file.mode,
            device.as_ref(),
            now,
        );
        for tag in &edit.cleared {
            counters.clear(tag);
        }
        counters.rekey(file.mode, sealing_device, &self.db_id);
        let saved = counters.save();
        crash_point(3);
        if let (Some(d), Some(v)) = (&new_device, self.vault.as_deref()) {
            // The file already opens with "next"; sign-in promotes it if this step is lost.
            if d.store(v, VaultEntry::Device(self.db_id)).is_ok() {
                let _ = v.remove(VaultEntry::DeviceNext(self.db_id));
            }
        }
        saved?;
        Ok(value)
    }
}
