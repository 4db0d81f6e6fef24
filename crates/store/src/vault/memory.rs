//! A key vault in memory, for tests and for runs that must not touch the OS keyring.

use crate::error::{Result, StoreError};
use crate::vault::{DataKey, DbId, KeyVault};
use std::collections::HashMap;
use std::sync::Mutex;
use zeroize::Zeroizing;

#[derive(Debug, Default)]
pub struct MemoryVault {
    keys: Mutex<HashMap<DbId, Zeroizing<[u8; 32]>>>,
}

impl MemoryVault {
    pub fn new() -> MemoryVault {
        MemoryVault::default()
    }
}

fn poisoned() -> StoreError {
    StoreError::Internal("memory vault lock poisoned".into())
}

impl KeyVault for MemoryVault {
    fn name(&self) -> &'static str {
        "memory"
    }
    fn load(&self, db_id: &DbId) -> Result<Option<DataKey>> {
        let keys = self.keys.lock().map_err(|_| poisoned())?;
        Ok(keys
            .get(db_id)
            .and_then(|k| DataKey::from_bytes(k.as_slice())))
    }
    fn store(&self, db_id: &DbId, key: &DataKey) -> Result<()> {
        let mut keys = self.keys.lock().map_err(|_| poisoned())?;
        keys.insert(*db_id, Zeroizing::new(*key.expose_secret_bytes()));
        Ok(())
    }
    fn delete(&self, db_id: &DbId) -> Result<()> {
        self.keys.lock().map_err(|_| poisoned())?.remove(db_id);
        Ok(())
    }
}
