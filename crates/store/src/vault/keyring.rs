//! The operating system's keyring: Windows Credential Manager, macOS Keychain, or the Secret
//! Service (GNOME Keyring, KWallet) on Linux. Entries are named by the database id
//! ([`VaultEntry::name`]).

use crate::error::{Result, StoreError};
use crate::vault::{KeyVault, VaultEntry};
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

fn entry(which: VaultEntry) -> Result<keyring_core::Entry> {
    keyring_core::Entry::new(SERVICE, &which.name())
        .map_err(|e| StoreError::KeyringUnavailable(e.to_string()))
}

impl OsKeyring {
    /// The OS keyring (the Secret Service on Linux, the Credential Manager on Windows, the Keychain
    /// on macOS); `KeyringUnavailable` if it cannot be reached.
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

    fn get(&self, which: VaultEntry) -> Result<Option<Zeroizing<[u8; 32]>>> {
        match entry(which)?.get_secret() {
            Ok(bytes) => {
                let bytes = Zeroizing::new(bytes);
                // A wrong-sized entry is not ours to trust: treat as absent, the phrase still works.
                let Ok(arr) = <[u8; 32]>::try_from(bytes.as_slice()) else {
                    return Ok(None);
                };
                Ok(Some(Zeroizing::new(arr)))
            }
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(e) => Err(StoreError::KeyringUnavailable(e.to_string())),
        }
    }

    fn set(&self, which: VaultEntry, bytes: &[u8; 32]) -> Result<()> {
        entry(which)?
            .set_secret(bytes)
            .map_err(|e| StoreError::KeyringUnavailable(e.to_string()))
    }

    fn remove(&self, which: VaultEntry) -> Result<()> {
        match entry(which)?.delete_credential() {
            Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(e) => Err(StoreError::KeyringUnavailable(e.to_string())),
        }
    }
}
