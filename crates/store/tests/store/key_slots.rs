//! Staff key slots (docs/SECURITY.md "Key slots"): what a copied data folder, a copied keyring
//! entry, a disabled account or an edited counter file can and cannot open.

use crate::common::{Fixture, actor, add_staff, pinned_clock};
use jeopsu_store::keys;
use jeopsu_store::staff::{self, Password};
use jeopsu_store::vault::{KeyVault, MemoryVault, VaultEntry};
use jeopsu_store::{Store, StoreError, Unlock};
use std::path::Path;
use std::sync::Arc;

const PW: &str = "a long enough password";

fn pw(text: &str) -> Password {
    Password::new(text.into())
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    crate::common::snapshot(dir)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
        }
    }
}

/// A fixture whose vault holds only what a slot installation keeps there (the device secret),
/// with one reception account.
fn slotted() -> Fixture {
    let mut f = Fixture::new();
    add_staff(f.store(), "desk.kim", None);
    let db_id = f.store().db_id();
    f.vault.delete(&db_id).unwrap();
    f.close();
    f
}

fn sign_in(
    dir: &Path,
    vault: Option<Arc<dyn KeyVault>>,
    user: &str,
    password: &str,
) -> Result<Store, StoreError> {
    keys::sign_in(dir, vault, user, &pw(password), Some(pinned_clock())).map(|(s, _)| s)
}

#[test]
fn a_copied_folder_opens_only_with_password_and_device_secret_or_with_the_phrase() {
    let f = slotted();
    let elsewhere = f.tmp.path().join("stolen");
    copy_dir(&f.dir(), &elsewhere);
    let copied_keyring: Arc<dyn KeyVault> = Arc::new(f.vault.copy().unwrap());
    let empty_keyring: Arc<dyn KeyVault> = Arc::new(MemoryVault::new());

    // Folder and keyring entry, no password: nothing opens, nothing is written.
    let before = files(&elsewhere);
    for guess in ["", "password", "a long enough passwor"] {
        assert!(matches!(
            sign_in(&elsewhere, Some(copied_keyring.clone()), "desk.kim", guess),
            Err(StoreError::BadCredentials)
        ));
    }
    let after: Vec<_> = files(&elsewhere)
        .into_iter()
        .filter(|(n, _)| n != "jeopsu.signin")
        .collect();
    let before: Vec<_> = before
        .into_iter()
        .filter(|(n, _)| n != "jeopsu.signin")
        .collect();
    assert_eq!(after, before, "only the failure counters changed");

    // The password without the device secret (another PC's keyring, or none): nothing opens.
    let before = files(&elsewhere);
    assert!(matches!(
        sign_in(&elsewhere, Some(empty_keyring.clone()), "desk.kim", PW),
        Err(StoreError::DeviceSecretMissing)
    ));
    assert!(matches!(
        sign_in(&elsewhere, None, "desk.kim", PW),
        Err(StoreError::DeviceSecretMissing)
    ));
    assert_eq!(files(&elsewhere), before, "nothing written");
    assert!(keys::sign_in_possible(&elsewhere, Some(empty_keyring.as_ref())).is_err());

    // The phrase opens everything, and gives this new PC the device secret back.
    let mut store = Store::unlock(&elsewhere, Unlock::Phrase(&f.phrase), &actor()).unwrap();
    store
        .put_key_in_vault(empty_keyring.clone(), &actor())
        .unwrap();
    drop(store);
    assert!(keys::sign_in_possible(&elsewhere, Some(empty_keyring.as_ref())).is_ok());
    sign_in(&elsewhere, Some(empty_keyring), "desk.kim", PW).expect("the password works here now");

    // And the original, with its own keyring, still opens.
    sign_in(&f.dir(), Some(f.vault_arc()), "desk.kim", PW).expect("the clinic's PC");
}

#[test]
fn a_disabled_account_opens_nothing_even_with_an_old_copy_of_the_slot_file() {
    let mut f = slotted();
    let admin_store = sign_in(&f.dir(), Some(f.vault_arc()), "desk.kim", PW).unwrap();
    f.store = Some(admin_store);
    f.store()
        .set_slot_kdf(jeopsu_store::vault::KdfParams::TEST_LOW);
    add_staff(f.store(), "leaving.lee", None);
    let old_slots = std::fs::read(f.dir().join("jeopsu.slots")).unwrap();
    let old_device = f
        .vault
        .get(VaultEntry::Device(f.store_db_id()))
        .unwrap()
        .unwrap();
    staff::set_disabled(f.store(), &actor(), "leaving.lee", true).unwrap();
    f.close();
    let new_device = f
        .vault
        .get(VaultEntry::Device(f.store_db_id()))
        .unwrap()
        .unwrap();
    assert_ne!(
        *old_device, *new_device,
        "this PC's device secret was replaced"
    );

    assert!(matches!(
        sign_in(&f.dir(), Some(f.vault_arc()), "leaving.lee", PW),
        Err(StoreError::BadCredentials)
    ));
    // Put the slot file back as it was before the account was disabled.
    let current = std::fs::read(f.dir().join("jeopsu.slots")).unwrap();
    std::fs::write(f.dir().join("jeopsu.slots"), &old_slots).unwrap();
    assert!(
        matches!(
            sign_in(&f.dir(), Some(f.vault_arc()), "leaving.lee", PW),
            Err(StoreError::DeviceSecretMissing)
        ),
        "the old file needs the old device secret, which this PC no longer holds"
    );
    std::fs::write(f.dir().join("jeopsu.slots"), &current).unwrap();
    sign_in(&f.dir(), Some(f.vault_arc()), "desk.kim", PW).expect("everyone else still signs in");
}

#[test]
fn password_changes_and_resets_keep_the_slots_in_step() {
    let mut f = slotted();
    f.store = Some(sign_in(&f.dir(), Some(f.vault_arc()), "desk.kim", PW).unwrap());
    f.store()
        .set_slot_kdf(jeopsu_store::vault::KdfParams::TEST_LOW);
    let who = staff::sign_in(f.store(), "desk.kim", &pw(PW)).unwrap();
    staff::change_own_password(f.store(), &who, &pw(PW), &pw("a brand new password")).unwrap();
    f.close();
    assert!(matches!(
        sign_in(&f.dir(), Some(f.vault_arc()), "desk.kim", PW),
        Err(StoreError::BadCredentials)
    ));
    let mut store = sign_in(
        &f.dir(),
        Some(f.vault_arc()),
        "desk.kim",
        "a brand new password",
    )
    .unwrap();
    store.set_slot_kdf(jeopsu_store::vault::KdfParams::TEST_LOW);
    store.attach_vault(f.vault_arc());
    staff::reset_password(&mut store, &actor(), "desk.kim", &pw("one time password 1")).unwrap();
    drop(store);
    assert!(matches!(
        sign_in(
            &f.dir(),
            Some(f.vault_arc()),
            "desk.kim",
            "a brand new password"
        ),
        Err(StoreError::BadCredentials)
    ));
    let (_, who) = keys::sign_in(
        &f.dir(),
        Some(f.vault_arc()),
        "desk.kim",
        &pw("one time password 1"),
        Some(pinned_clock()),
    )
    .unwrap();
    assert!(
        who.password_change_due,
        "a reset password is changed at first sign-in"
    );
}

#[test]
fn lockout_survives_a_restart_and_an_edited_counter_file_is_detected_and_logged() {
    let f = slotted();
    let vault = || Some(f.vault_arc());
    for _ in 0..5 {
        assert!(matches!(
            sign_in(&f.dir(), vault(), "desk.kim", "wrong password"),
            Err(StoreError::BadCredentials)
        ));
    }
    // A "restart": nothing is kept in memory between calls. The right password now says locked.
    assert!(matches!(
        sign_in(&f.dir(), vault(), "desk.kim", PW),
        Err(StoreError::LockedOut { .. })
    ));

    // Someone resets the counters by editing the file: detected, everyone waits.
    let path = f.dir().join("jeopsu.signin");
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replace("\"failed\": 5", "\"failed\": 0");
    assert_ne!(edited, text);
    std::fs::write(&path, edited).unwrap();
    assert!(matches!(
        sign_in(&f.dir(), vault(), "desk.kim", PW),
        Err(StoreError::LockedOut { .. })
    ));

    // After the lockout period the person signs in; the log has the failures and the tampering.
    let later = chrono::DateTime::parse_from_rfc3339(crate::common::PINNED)
        .unwrap()
        .with_timezone(&chrono::Utc)
        + chrono::Duration::minutes(30);
    let (store, _) = keys::sign_in(
        &f.dir(),
        vault(),
        "desk.kim",
        &pw(PW),
        Some(Box::new(move || later)),
    )
    .unwrap();
    let count = |action: &str| -> i64 {
        store
            .conn()
            .query_row(
                "SELECT count(*) FROM audit_log WHERE action = ?1",
                [action],
                |r| r.get(0),
            )
            .unwrap()
    };
    assert_eq!(count("sign-in-failed"), 5);
    assert_eq!(count("sign-in-blocked"), 2);
    assert_eq!(count("sign-in-counters-tampered"), 1);
    assert_eq!(count("sign-in"), 1);
}

/// An installation from before the key slots: the data key itself in the keyring, no slot
/// file. Each person's slot is made at their first sign-in; the admin screen lists who has
/// none; when everyone has one, the data key leaves the keyring.
#[test]
fn an_installation_from_before_the_key_slots_migrates_at_each_first_sign_in() {
    let mut f = Fixture::new();
    add_staff(f.store(), "desk.kim", None);
    add_staff(f.store(), "desk.park", None);
    let db_id = f.store().db_id();
    f.close();
    // What the previous version left: key file, database, the data key in the keyring.
    for name in ["jeopsu.slots", "jeopsu.signin"] {
        std::fs::remove_file(f.dir().join(name)).unwrap();
    }
    f.vault.remove(VaultEntry::Device(db_id)).unwrap();
    assert!(f.vault.load(&db_id).unwrap().is_some());
    assert!(keys::sign_in_possible(&f.dir(), Some(f.vault_arc().as_ref())).is_ok());

    let store = sign_in(&f.dir(), Some(f.vault_arc()), "desk.kim", PW).expect("the old way");
    let status = keys::status(&store).unwrap();
    assert_eq!(status.mode, Some("device"));
    assert!(status.legacy_key_in_keyring);
    assert_eq!(status.without_slot, vec!["desk.park".to_string()]);
    drop(store);
    // desk.kim now signs in through the slot, even with the old entry gone.
    let key_copy = f.vault.load(&db_id).unwrap().unwrap();
    f.vault.delete(&db_id).unwrap();
    sign_in(&f.dir(), Some(f.vault_arc()), "desk.kim", PW).expect("through the slot");
    f.vault.store(&db_id, &key_copy).unwrap();
    drop(key_copy);

    let store = sign_in(&f.dir(), Some(f.vault_arc()), "desk.park", PW).expect("the last one");
    let status = keys::status(&store).unwrap();
    assert!(status.without_slot.is_empty());
    assert!(
        !status.legacy_key_in_keyring,
        "everyone has a slot: the data key left the keyring"
    );
    assert!(f.vault.load(&db_id).unwrap().is_none());
    let logged: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action IN ('key-slot-created', 'legacy-key-removed')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(logged, 3, "two slots made, one key removed");
}

impl Fixture {
    fn store_db_id(&self) -> jeopsu_store::vault::DbId {
        jeopsu_store::vault::KeyFile::read(&self.dir().join("jeopsu.key"))
            .unwrap()
            .db_id
    }
}

/// The locked screen shows the clinic's name before anything is open: a sign-in copies it
/// beside the counters (not personal data).
#[test]
fn the_clinic_name_is_readable_before_the_database_opens() {
    let mut f = slotted();
    assert_eq!(keys::clinic_name_for_display(&f.dir()), None);
    let mut store = sign_in(&f.dir(), Some(f.vault_arc()), "desk.kim", PW).unwrap();
    let profile = jeopsu_core::clinic::ClinicProfile {
        name: "뮤즈클리닉".into(),
        privacy_officer: "원장".into(),
        privacy_officer_contact: "1544-2994".into(),
        cctv_officer: "하은환".into(),
        cctv_officer_contact: "1544-2994".into(),
        cctv_access: "김현식".into(),
        cctv_access_contact: "1544-2994".into(),
        names_confirmed: true,
    };
    jeopsu_store::settings::set_clinic_profile(&mut store, &actor(), &profile).unwrap();
    drop(store);
    sign_in(&f.dir(), Some(f.vault_arc()), "desk.kim", PW).unwrap();
    f.close();
    assert_eq!(
        keys::clinic_name_for_display(&f.dir()).as_deref(),
        Some("뮤즈클리닉")
    );
}

/// A backup carries the key slots. Restored onto a new PC with the recovery phrase, everyone
/// signs in with their own password at once, the lockout counters start fresh (not read as
/// tampered) with the clinic's name, and the new keyring is given this installation's device
/// secret, never the data key. A file from before (layout version 1, no slots) restores as it
/// always did: the data key goes to the keyring until each person has signed in once.
#[test]
fn a_new_pc_restored_from_a_backup_signs_everyone_in_with_their_own_password() {
    let f = slotted();
    let db_id = f.store_db_id();
    let mut store = sign_in(&f.dir(), Some(f.vault_arc()), "desk.kim", PW).unwrap();
    let mut profile = jeopsu_store::settings::clinic_profile(&store).unwrap();
    profile.name = "뮤즈클리닉".into();
    profile.names_confirmed = true;
    jeopsu_store::settings::set_clinic_profile(&mut store, &actor(), &profile).unwrap();
    let out = f.tmp.path().join("clinic.jeopsubk");
    store.backup(&actor(), &out, &mut |_| {}).unwrap();
    drop(store);
    let bytes = std::fs::read(&out).unwrap();

    let new_pc = f.tmp.path().join("new-pc");
    let keyring: Arc<dyn KeyVault> = Arc::new(MemoryVault::new());
    let (mut store, report) =
        crate::common::restore_with_phrase(&new_pc, &out, &f.phrase, false).unwrap();
    assert!(report.key_slots, "the slots came back with the data");
    assert!(
        !keys::slots_suffice(&store, Some(keyring.as_ref())),
        "not before this PC's keyring has the device secret"
    );
    store.put_key_in_vault(keyring.clone(), &actor()).unwrap();
    assert!(
        keys::slots_suffice(&store, Some(keyring.as_ref())),
        "then the app may close the database before anyone signs in"
    );
    drop(store);
    assert!(
        keyring.load(&db_id).unwrap().is_none(),
        "the keyring never holds the data key"
    );
    assert_eq!(
        keyring.get(VaultEntry::Device(db_id)).unwrap().map(|d| *d),
        f.vault.get(VaultEntry::Device(db_id)).unwrap().map(|d| *d),
        "it holds this installation's device secret"
    );
    assert_eq!(
        keys::clinic_name_for_display(&new_pc).as_deref(),
        Some("뮤즈클리닉")
    );
    assert!(matches!(
        sign_in(
            &new_pc,
            Some(keyring.clone()),
            "desk.kim",
            "not her password"
        ),
        Err(StoreError::BadCredentials)
    ));
    let store = sign_in(&new_pc, Some(keyring.clone()), "desk.kim", PW)
        .expect("her own password, at once, on the new PC");
    let status = keys::status(&store).unwrap();
    assert!(status.without_slot.is_empty() && !status.legacy_key_in_keyring);
    let tampered: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM audit_log WHERE action = 'sign-in-counters-tampered'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tampered, 0, "fresh counters, not a tampered file");
    drop(store);
    // Nothing staged is left beside the data.
    let left: Vec<String> = std::fs::read_dir(&new_pc)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("restore"))
        .collect();
    assert!(left.is_empty(), "{left:?}");

    // The same backup as an older Jeopsu wrote it (version 1: no slots).
    let old = f.tmp.path().join("old.jeopsubk");
    std::fs::write(&old, as_version_1(&bytes)).unwrap();
    let older_pc = f.tmp.path().join("older-pc");
    let keyring: Arc<dyn KeyVault> = Arc::new(MemoryVault::new());
    let (mut store, report) =
        crate::common::restore_with_phrase(&older_pc, &old, &f.phrase, false).unwrap();
    assert!(!report.key_slots);
    store.put_key_in_vault(keyring.clone(), &actor()).unwrap();
    assert!(
        !keys::slots_suffice(&store, Some(keyring.as_ref())),
        "the first sign-ins need the open database"
    );
    drop(store);
    assert!(keyring.load(&db_id).unwrap().is_some(), "as before");
    sign_in(&older_pc, Some(keyring.clone()), "desk.kim", PW).expect("the old way");
    assert!(
        keyring.load(&db_id).unwrap().is_none(),
        "her slot made, the data key left the keyring"
    );
}

/// A version-2 backup file rewritten as version 1 (the module doc of `backup`): the slot file
/// taken out, the version and the checksum redone.
fn as_version_1(b: &[u8]) -> Vec<u8> {
    use sha2::Digest;
    let kf_len = u32::from_le_bytes(b[12..16].try_into().unwrap()) as usize;
    let at = 16 + kf_len;
    assert_eq!(u32::from_le_bytes(b[8..12].try_into().unwrap()), 2);
    let slots_len = u32::from_le_bytes(b[at..at + 4].try_into().unwrap()) as usize;
    let mut v = b[..at].to_vec();
    v[8..12].copy_from_slice(&1u32.to_le_bytes());
    v.extend_from_slice(&b[at + 4 + slots_len..b.len() - 32]);
    let sum = sha2::Sha256::digest(&v);
    v.extend_from_slice(&sum);
    v
}

/// Another installation's backup restored over this one (with that installation's phrase): this
/// one's slots and counters would refuse every sign-in, so they go into the safety copy. A
/// version-2 backup brings its own slots in their place; a version-1 one none, and each person's
/// first sign-in makes theirs.
#[test]
fn another_installations_backup_restored_here_brings_its_own_slots_or_none() {
    for version_1 in [false, true] {
        let here = slotted();
        let mut other = Fixture::new();
        add_staff(other.store(), "other.park", None);
        let out = other.tmp.path().join("other.jeopsubk");
        other.store().backup(&actor(), &out, &mut |_| {}).unwrap();
        let other_id = other.store().db_id();
        other.close();
        if version_1 {
            let b = std::fs::read(&out).unwrap();
            std::fs::write(&out, as_version_1(&b)).unwrap();
        }
        let (mut store, report) =
            crate::common::restore_with_phrase(&here.dir(), &out, &other.phrase, true).unwrap();
        assert_eq!(report.key_slots, !version_1);
        let safety = report.safety_copy.expect("a safety copy");
        assert!(
            safety.join("jeopsu.slots").exists() && safety.join("jeopsu.signin").exists(),
            "this installation's slots and counters are kept aside (version 1: {version_1})"
        );
        let keyring: Arc<dyn KeyVault> = Arc::new(MemoryVault::new());
        store.put_key_in_vault(keyring.clone(), &actor()).unwrap();
        drop(store);
        sign_in(&here.dir(), Some(keyring.clone()), "other.park", PW)
            .expect("the restored installation's account signs in");
        assert!(matches!(
            sign_in(&here.dir(), Some(keyring), "desk.kim", PW),
            Err(StoreError::BadCredentials)
        ));
        assert_eq!(
            jeopsu_store::vault::SlotFile::read(&here.dir().join("jeopsu.slots"))
                .unwrap()
                .unwrap()
                .db_id,
            other_id
        );
    }
}
