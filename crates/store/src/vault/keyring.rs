//! The operating system's keyring: Windows Credential Manager, macOS Keychain, or the Secret
//! Service (GNOME Keyring, KWallet) on Linux. One entry per database, named by its id.

use crate::error::{Result, StoreError};
use crate::vault::{DataKey, DbId, KeyVault};
use std::sync::OnceLock;
use zeroize::Zeroizing;

const SERVICE: &str = "Jeopsu";

/// The default credential store is process-wide in keyring-core: set it once.
static STORE_READY: OnceLock<std::result::Result<(), String>> = OnceLock::new();

fn init_store() -> std::result::Result<(), String> {
    #[cfg(target_os = "linux")]
    let store = zbus_secret_service_keyring_store::Store::new();
    #[cfg(windows)]
    let store = windows_native_keyring_store::Store::new();
    #[cfg(target_os = "macos")]
    let store = apple_native_keyring_store::keychain::Store::new();
    #[cfg(not(any(target_os = "linux", windows, target_os = "macos")))]
    let store: keyring_core::Result<std::sync::Arc<keyring_core::mock::Store>> = Err(
        keyring_core::Error::NotSupportedByStore("this operating system".into()),
    );

    let store = store.map_err(|e| e.to_string())?;
    keyring_core::set_default_store(store);
    Ok(())
}

/// The OS keyring. Construct with [`OsKeyring::connect`], which fails if there is none (e.g. a
/// Linux session without a Secret Service): the caller then falls back to the recovery phrase.
#[derive(Debug)]
pub struct OsKeyring {
    _private: (),
}

fn entry(db_id: &DbId) -> Result<keyring_core::Entry> {
    keyring_core::Entry::new(SERVICE, &format!("data-key-{}", db_id.to_hex()))
        .map_err(|e| StoreError::KeyringUnavailable(e.to_string()))
}

impl OsKeyring {
    pub fn connect() -> Result<OsKeyring> {
        STORE_READY
            .get_or_init(init_store)
            .clone()
            .map_err(StoreError::KeyringUnavailable)?;
        Ok(OsKeyring { _private: () })
    }
}

impl KeyVault for OsKeyring {
    fn name(&self) -> &'static str {
        "os-keyring"
    }

    fn load(&self, db_id: &DbId) -> Result<Option<DataKey>> {
        match entry(db_id)?.get_secret() {
            Ok(bytes) => {
                let bytes = Zeroizing::new(bytes);
                // A wrong-sized entry is not ours to trust: treat as absent, the phrase still works.
                Ok(DataKey::from_bytes(&bytes))
            }
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(StoreError::KeyringUnavailable(e.to_string())),
        }
    }

    fn store(&self, db_id: &DbId, key: &DataKey) -> Result<()> {
        entry(db_id)?
            .set_secret(key.expose_secret_bytes())
            .map_err(|e| StoreError::KeyringUnavailable(e.to_string()))
    }

    fn delete(&self, db_id: &DbId) -> Result<()> {
        match entry(db_id)?.delete_credential() {
            Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(e) => Err(StoreError::KeyringUnavailable(e.to_string())),
        }
    }
}
