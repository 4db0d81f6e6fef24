//! A key vault in memory, for tests and for runs that must not touch the OS keyring.

use crate::error::{Result, StoreError};
use crate::vault::{KeyVault, VaultEntry};
use std::collections::HashMap;
use std::sync::Mutex;
use zeroize::Zeroizing;

/// A vault in memory: for tests and benchmarks (nothing in it outlives the process).
#[derive(Debug, Default)]
pub struct MemoryVault {
    entries: Mutex<HashMap<VaultEntry, Zeroizing<[u8; 32]>>>,
}

impl MemoryVault {
    /// An empty vault.
    pub fn new() -> MemoryVault {
        MemoryVault::default()
    }
    /// Whether it holds no entry (a test checks a failed setup left nothing behind).
    pub fn is_empty(&self) -> bool {
        self.entries.lock().map(|e| e.is_empty()).unwrap_or(false)
    }
    /// A copy of every entry (a test copies "the keyring" to another PC with it).
    pub fn copy(&self) -> Result<MemoryVault> {
        let entries = self.entries.lock().map_err(|_| poisoned())?.clone();
        Ok(MemoryVault {
            entries: Mutex::new(entries),
        })
    }
}

fn poisoned() -> StoreError {
    StoreError::Internal("memory vault lock poisoned".into())
}

impl KeyVault for MemoryVault {
    fn name(&self) -> &'static str {
        "memory"
    }
    fn get(&self, entry: VaultEntry) -> Result<Option<Zeroizing<[u8; 32]>>> {
        Ok(self
            .entries
            .lock()
            .map_err(|_| poisoned())?
            .get(&entry)
            .cloned())
    }
    fn set(&self, entry: VaultEntry, bytes: &[u8; 32]) -> Result<()> {
        self.entries
            .lock()
            .map_err(|_| poisoned())?
            .insert(entry, Zeroizing::new(*bytes));
        Ok(())
    }
    fn remove(&self, entry: VaultEntry) -> Result<()> {
        self.entries.lock().map_err(|_| poisoned())?.remove(&entry);
        Ok(())
    }
}
