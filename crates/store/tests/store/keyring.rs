//! The real OS keyring. `make test` runs the suite inside a private D-Bus session with an
//! unlocked GNOME Keyring (scripts/with-keyring.sh), which sets JEOPSU_SECRET_SERVICE=1.

use crate::common::{FAST_KDF, actor};
use jeopsu_store::vault::{KeyVault, OsKeyring};
use jeopsu_store::{InitOptions, Store, Unlock};

#[test]
fn the_data_key_round_trips_through_the_real_secret_service() {
    assert_eq!(
        std::env::var("JEOPSU_SECRET_SERVICE").as_deref(),
        Ok("1"),
        "run the tests through `make test` (scripts/with-keyring.sh starts a Secret Service)"
    );
    let keyring = OsKeyring::connect().expect("Secret Service reachable");
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let outcome = Store::init(
        &dir,
        InitOptions {
            vault: Some(&keyring),
            actor: &actor(),
            kdf: FAST_KDF,
        },
    )
    .unwrap();
    assert!(
        outcome.vault_error.is_none(),
        "stored in keyring: {:?}",
        outcome.vault_error
    );
    let db_id = outcome.store.db_id();
    drop(outcome.store);

    // A new process would find it the same way: by the database id in the key file.
    let store =
        Store::unlock(&dir, Unlock::Vault(&keyring), &actor()).expect("unlocked from the keyring");
    drop(store);

    keyring.delete(&db_id).unwrap();
    let err = Store::unlock(&dir, Unlock::Vault(&keyring), &actor()).unwrap_err();
    assert!(
        matches!(err, jeopsu_store::StoreError::KeyNotInKeyring),
        "after delete: {err:?}"
    );
    // The phrase still opens it, and can put the key back.
    let mut store = Store::unlock(&dir, Unlock::Phrase(&outcome.phrase), &actor()).unwrap();
    store.put_key_in_vault(&keyring, &actor()).unwrap();
    assert!(
        keyring.load(&db_id).unwrap().is_some(),
        "key back in the keyring"
    );
    keyring.delete(&db_id).unwrap();
}
