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

mod status;

pub use status::*;

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

/// Removes from `vault` every entry of the database in `dir` (its device secret, a "next" one
/// a crash left, the data key of an installation from before the key slots), before the data
/// folder itself is deleted (the Windows uninstaller's "delete the application data"), so no
/// secret of it outlives the data. Nothing is opened and no password is asked: the entries
/// only help open this database here, and the recovery phrase puts the device secret back.
/// Returns how many there were.
pub fn forget_keyring_entries(dir: &Path, vault: &dyn KeyVault) -> Result<usize> {
    let dd = DataDir::new(dir);
    let db_id = KeyFile::read(&dd.key_path())?.db_id;
    let mut removed = 0;
    for entry in [
        VaultEntry::Device(db_id),
        VaultEntry::DeviceNext(db_id),
        VaultEntry::LegacyDataKey(db_id),
    ] {
        if vault.get(entry)?.is_some() {
            vault.remove(entry)?;
            removed += 1;
        }
    }
    Ok(removed)
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
