//! Keys: the data key that opens the database, the recovery phrase that can always recover it,
//! the staff key slots that open it at sign-in, and this PC's device secret.
//!
//! ```text
//! recovery phrase (128 bits, printed once) --Argon2id--> wrapping key
//! wrapping key --XChaCha20-Poly1305--> jeopsu.key (wrapped data key, beside the database)
//! staff password --Argon2id (slot cost)--> slot key --XChaCha20-Poly1305--> one slot in jeopsu.slots
//! device secret (OS keyring) --HMAC--> outer key: seals the whole slot list
//! data key (256 bits, random) --raw SQLCipher key--> jeopsu.db
//! data key --HMAC-SHA256("jeopsu audit chain v1")--> audit-chain key
//! ```
//!
//! The OS keyring holds only the device secret. Before the key slots (installations from before
//! docs/SECURITY.md "Key slots") it held the data key itself; that entry is read for the
//! migration and deleted once every active account has a slot.

mod counters;
mod device;
mod keyfile;
mod keyring;
mod memory;
mod phrase;
mod secret;
mod slots;

pub use counters::{Attempt, Counters};
pub use device::DeviceSecret;
pub use keyfile::{KdfParams, KeyFile};
pub use keyring::OsKeyring;
pub use memory::MemoryVault;
pub use phrase::{PHRASE_GROUPS, RecoveryPhrase};
pub(crate) use secret::hmac_sha256;
pub(crate) use secret::random_bytes as secret_random;
pub use secret::{DataKey, DbId, live_data_keys};
pub use slots::{Slot, SlotBody, SlotFile, SlotMode, UserTag, default_slot_kdf};

use crate::error::Result;
use zeroize::Zeroizing;

/// What a vault entry holds. Each database has its own entries, named by its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VaultEntry {
    /// The data key itself: installations from before the key slots (migration only).
    LegacyDataKey(DbId),
    /// This PC's device secret, half of every staff slot.
    Device(DbId),
    /// A new device secret while it replaces the old one (a disabled account's slot file copy
    /// must stop opening): read if the current one does not open the slot file.
    DeviceNext(DbId),
}

impl VaultEntry {
    /// The keyring's user name for the entry. DO NOT CHANGE: existing keyrings hold these.
    pub fn name(&self) -> String {
        match self {
            VaultEntry::LegacyDataKey(id) => format!("data-key-{}", id.to_hex()),
            VaultEntry::Device(id) => format!("device-secret-{}", id.to_hex()),
            VaultEntry::DeviceNext(id) => format!("device-secret-next-{}", id.to_hex()),
        }
    }
}

/// Somewhere 32-byte secrets are kept between runs (the OS keyring; in tests, memory).
pub trait KeyVault: Send + Sync {
    /// A short name for messages and logs ("os-keyring", "memory").
    fn name(&self) -> &'static str;
    /// The entry's bytes, or `None` if this vault has none (or one of the wrong size).
    fn get(&self, entry: VaultEntry) -> Result<Option<Zeroizing<[u8; 32]>>>;
    /// Keeps `bytes` under the entry, replacing what was there.
    fn set(&self, entry: VaultEntry, bytes: &[u8; 32]) -> Result<()>;
    /// Removes the entry; removing an absent entry is not an error.
    fn remove(&self, entry: VaultEntry) -> Result<()>;

    /// The data key of an installation from before the key slots.
    fn load(&self, db_id: &DbId) -> Result<Option<DataKey>> {
        Ok(self
            .get(VaultEntry::LegacyDataKey(*db_id))?
            .and_then(|b| DataKey::from_bytes(b.as_slice())))
    }
    /// Stores the data key itself (tests of the migration build an old installation with it).
    fn store(&self, db_id: &DbId, key: &DataKey) -> Result<()> {
        self.set(VaultEntry::LegacyDataKey(*db_id), key.expose_secret_bytes())
    }
    /// Removes the data key of an installation from before the key slots.
    fn delete(&self, db_id: &DbId) -> Result<()> {
        self.remove(VaultEntry::LegacyDataKey(*db_id))
    }
}
