//! The real OS keyring. `make test` runs the suite inside a private D-Bus session with an
//! unlocked GNOME Keyring (scripts/with-keyring.sh), which sets JEOPSU_SECRET_SERVICE=1.

use crate::common::{FAST_KDF, actor};
use jeopsu_store::vault::{KeyVault, OsKeyring, VaultEntry};
use jeopsu_store::{InitOptions, Store, Unlock};
use std::sync::Arc;

#[test]
fn the_device_secret_round_trips_through_the_real_secret_service() {
    assert_eq!(
        std::env::var("JEOPSU_SECRET_SERVICE").as_deref(),
        Ok("1"),
        "run the tests through `make test` (scripts/with-keyring.sh starts a Secret Service)"
    );
    let keyring: Arc<dyn KeyVault> =
        Arc::new(OsKeyring::connect().expect("Secret Service reachable"));
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let outcome = Store::init(
        &dir,
        InitOptions {
            vault: Some(keyring.clone()),
            actor: &actor(),
            kdf: FAST_KDF,
        },
    )
    .unwrap();
    let mut store = outcome.store;
    store.set_slot_kdf(jeopsu_store::vault::KdfParams::TEST_LOW);
    crate::common::add_staff(&mut store, "desk.kim", None);
    let db_id = store.db_id();
    drop(store);
    assert!(
        keyring.get(VaultEntry::Device(db_id)).unwrap().is_some(),
        "the device secret is in the keyring"
    );
    assert!(
        keyring.load(&db_id).unwrap().is_none(),
        "the data key itself is not"
    );

    // A new process signs in the same way: the key file names the database, the keyring gives
    // the device secret, the password opens the slot.
    let pw = jeopsu_store::staff::Password::new("a long enough password".into());
    let (store, _) =
        jeopsu_store::keys::sign_in(&dir, Some(keyring.clone()), "desk.kim", &pw, None)
            .expect("signed in");
    drop(store);

    keyring.remove(VaultEntry::Device(db_id)).unwrap();
    let err = jeopsu_store::keys::sign_in(&dir, Some(keyring.clone()), "desk.kim", &pw, None)
        .unwrap_err();
    assert!(
        matches!(err, jeopsu_store::StoreError::DeviceSecretMissing),
        "after delete: {err:?}"
    );
    // The phrase still opens it, and puts the device secret back.
    let mut store = Store::unlock(&dir, Unlock::Phrase(&outcome.phrase), &actor()).unwrap();
    store.put_key_in_vault(keyring.clone(), &actor()).unwrap();
    drop(store);
    assert!(
        keyring.get(VaultEntry::Device(db_id)).unwrap().is_some(),
        "back in the keyring"
    );
    jeopsu_store::keys::sign_in(&dir, Some(keyring.clone()), "desk.kim", &pw, None)
        .expect("signs in again");
    keyring.remove(VaultEntry::Device(db_id)).unwrap();
}
