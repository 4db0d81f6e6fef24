//! Keys: the data key that opens the database, the recovery phrase that can always recover it,
//! and the places the data key is kept between runs.
//!
//! ```text
//! recovery phrase (128 bits, printed once) --Argon2id--> wrapping key
//! wrapping key --XChaCha20-Poly1305--> jeopsu.key (wrapped data key, beside the database)
//! data key (256 bits, random) --raw SQLCipher key--> jeopsu.db
//! data key --HMAC-SHA256("jeopsu audit chain v1")--> audit-chain key
//! OS keyring: holds the data key itself, so daily unlocking needs no phrase
//! ```

mod keyfile;
mod keyring;
mod memory;
mod phrase;
mod secret;

pub use keyfile::{KdfParams, KeyFile};
pub use keyring::OsKeyring;
pub use memory::MemoryVault;
pub use phrase::{PHRASE_GROUPS, RecoveryPhrase};
pub(crate) use secret::hmac_sha256;
pub(crate) use secret::random_bytes as secret_random;
pub use secret::{DataKey, DbId};

use crate::error::Result;

/// Somewhere the data key can be kept so the database opens without the phrase.
pub trait KeyVault: Send + Sync {
    /// A short name for messages and logs ("os-keyring", "memory").
    fn name(&self) -> &'static str;
    /// The key of database `db_id`, or `None` if this vault has none.
    fn load(&self, db_id: &DbId) -> Result<Option<DataKey>>;
    fn store(&self, db_id: &DbId, key: &DataKey) -> Result<()>;
    fn delete(&self, db_id: &DbId) -> Result<()>;
}
