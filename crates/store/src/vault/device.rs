//! This PC's device secret: 256 random bits kept in the OS keyring, never in the data folder.
//! Every staff slot needs it besides the person's password, so a copied data folder opens
//! nothing on another PC without the recovery phrase (docs/SECURITY.md "Key slots").

use crate::error::Result;
use crate::vault::secret::random_bytes;
use crate::vault::{DbId, hmac_sha256};
use crate::vault::{KeyVault, VaultEntry};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// This PC's device secret: 32 random bytes kept in the OS keyring; staff slots need it as well
/// as a password. Wiped from memory when dropped.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct DeviceSecret([u8; 32]);

impl std::fmt::Debug for DeviceSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DeviceSecret(redacted)")
    }
}

impl DeviceSecret {
    /// A new random secret.
    pub fn generate() -> Result<DeviceSecret> {
        let mut b = [0u8; 32];
        random_bytes(&mut b)?;
        Ok(DeviceSecret(b))
    }

    pub(crate) fn from_array(b: &[u8; 32]) -> DeviceSecret {
        DeviceSecret(*b)
    }

    pub(crate) fn expose_secret_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// A key for one purpose, bound to one database. DO NOT CHANGE the labels used with it.
    pub(crate) fn derive(&self, label: &[u8], db_id: &DbId) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(hmac_sha256(&self.0, &[label, &db_id.0]))
    }

    /// The current entry and, while a replacement is under way, the next one (in that order).
    pub fn load_all(vault: &dyn KeyVault, db_id: &DbId) -> Result<Vec<(VaultEntry, DeviceSecret)>> {
        let mut out = Vec::new();
        for entry in [VaultEntry::Device(*db_id), VaultEntry::DeviceNext(*db_id)] {
            if let Some(b) = vault.get(entry)? {
                out.push((entry, DeviceSecret(*b)));
            }
        }
        Ok(out)
    }

    /// Puts the secret into `vault` under `entry`.
    pub fn store(&self, vault: &dyn KeyVault, entry: VaultEntry) -> Result<()> {
        vault.set(entry, &self.0)
    }
}
