//! What the key slots say: who has one, the keyring's part, putting the key back, and editing the
//! slot file crash-safely (SlotEdit).

use super::*;

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
pub(super) fn open_body(
    store: &Store,
) -> Result<Option<(SlotFile, Option<DeviceSecret>, SlotBody)>> {
    open_body_at(&store.dir, &store.key)
}

pub(super) fn open_body_at(
    dir: &DataDir,
    key: &DataKey,
) -> Result<Option<(SlotFile, Option<DeviceSecret>, SlotBody)>> {
    let Some(file) = SlotFile::read(&dir.slots_path())? else {
        return Ok(None);
    };
    let (device, body) = file
        .open_with_data_key(key)
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

/// Whether the open `store` may close with nobody signed in (after a recovery-phrase unlock or
/// a restore) and still let everyone sign in: the slot file is there, every active account has
/// a slot, and this PC opens the file (`vault` holds its device secret, or the slots are
/// password-only). Otherwise someone's first sign-in still needs the open database (their
/// password checked against it, their slot made then).
pub fn slots_suffice(store: &Store, vault: Option<&dyn KeyVault>) -> bool {
    store.dir.slots_path().exists()
        && without_slot(store).is_ok_and(|names| names.is_empty())
        && sign_in_possible(store.dir.root(), vault).is_ok()
}

/// How this database's keys stand: the slot file's mode, whether the data key is still in the
/// OS keyring, and the active accounts without a slot.
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
pub(super) fn crash_point(n: u32) {
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

    /// Removes the account's slot (nothing if it has none).
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

    /// Clears the account's failed sign-ins in the counters file once the change is saved.
    pub fn clear_lockout(&mut self, username: &str) {
        if let Some(b) = self.body.as_ref() {
            self.cleared.push(b.tag(username));
        }
    }

    /// Whether the account has a slot.
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
