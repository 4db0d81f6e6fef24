//! What the tests and benchmarks of every crate share, so a fixture is written once: never in a
//! shipped build (the `test-support` feature, or this crate's own tests).

use crate::vault::{KdfParams, KeyVault};
use crate::{InitOptions, InitOutcome, Result, Store};
use jeopsu_core::audit::Actor;
use std::path::Path;
use std::sync::Arc;

/// A new database in `dir`, its device secret in `vault`, its key file sealed at Argon2id's
/// lowest cost: for tests and benchmarks about anything but that cost.
pub fn init_fast(dir: &Path, vault: Arc<dyn KeyVault>, actor: &Actor) -> Result<InitOutcome> {
    Store::init(
        dir,
        InitOptions {
            vault: Some(vault),
            actor,
            kdf: KdfParams::TEST_LOW,
        },
    )
}
