use crate::common::{Fixture, actor, add_staff, snapshot};
use jeopsu_store::backup::{self, Step};
use jeopsu_store::vault::MemoryVault;
use jeopsu_store::{StoreError, Unlock};

#[test]
fn backup_then_restore_on_a_new_pc_with_the_phrase() {
    let mut f = Fixture::new();
    add_staff(f.store(), "backup.one", Some("백업확인"));
    let out = f.tmp.path().join("clinic.jeopsu");
    let mut steps = vec![];
    let report = f
        .store()
        .backup(&actor(), &out, &mut |s| steps.push(s))
        .unwrap();
    assert_eq!(report.check.counts.staff, 1);
    assert_eq!(
        steps.last(),
        Some(&Step::Done),
        "progress reported: {steps:?}"
    );
    let bytes = std::fs::read(&out).unwrap();
    assert!(
        !bytes.windows(10).any(|w| w == b"backup.one"),
        "backup holds no plaintext"
    );

    // A new PC: empty folder, no keyring entry; the phrase and the file are enough.
    let new_pc = tempfile::tempdir().unwrap();
    let (mut store, r) =
        crate::common::restore_with_phrase(new_pc.path(), &out, &f.phrase, false).unwrap();
    assert_eq!(r.check.counts.staff, 1);
    assert!(r.safety_copy.is_none());
    let names: Vec<String> = jeopsu_store::staff::list(&mut store, &actor())
        .unwrap()
        .into_iter()
        .map(|s| s.username)
        .collect();
    assert_eq!(names, ["backup.one"]);
    store.verify(&actor()).unwrap();
}

#[test]
fn restore_refuses_a_folder_with_a_database_unless_forced_and_keeps_a_safety_copy() {
    let mut f = Fixture::new();
    let out = f.tmp.path().join("b.jeopsu");
    f.store().backup(&actor(), &out, &mut |_| {}).unwrap();
    add_staff(f.store(), "after.backup", Some("백업확인"));
    f.close();
    let before = snapshot(&f.dir());
    let err = backup::restore(
        &f.dir(),
        &out,
        Unlock::Vault(&*f.vault),
        false,
        &actor(),
        &mut |_| {},
    )
    .unwrap_err();
    assert!(
        matches!(err, StoreError::AlreadyInitialized { .. }),
        "got {err:?}"
    );
    assert_eq!(
        snapshot(&f.dir()),
        before,
        "nothing touched without --force"
    );

    let (_, r) = backup::restore(
        &f.dir(),
        &out,
        Unlock::Vault(&*f.vault),
        true,
        &actor(),
        &mut |_| {},
    )
    .unwrap();
    let safety = r.safety_copy.expect("safety copy made");
    assert!(
        safety.join("jeopsu.db").exists() && safety.join("jeopsu.key").exists(),
        "{}",
        safety.display()
    );
    assert_eq!(
        r.check.counts.staff, 0,
        "the restored state is the backup's"
    );
}

#[test]
fn a_damaged_backup_is_refused_before_anything_changes() {
    let mut f = Fixture::new();
    let out = f.tmp.path().join("b.jeopsu");
    f.store().backup(&actor(), &out, &mut |_| {}).unwrap();
    let mut bytes = std::fs::read(&out).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0xFF;
    std::fs::write(&out, &bytes).unwrap();
    let target = tempfile::tempdir().unwrap();
    let err =
        crate::common::restore_with_phrase(target.path(), &out, &f.phrase, false).unwrap_err();
    assert!(matches!(err, StoreError::BackupDamaged(_)), "got {err:?}");
    assert!(
        std::fs::read_dir(target.path()).unwrap().next().is_none(),
        "target folder left empty"
    );
}

#[test]
fn another_installations_phrase_cannot_restore() {
    let mut f = Fixture::new();
    let out = f.tmp.path().join("b.jeopsu");
    f.store().backup(&actor(), &out, &mut |_| {}).unwrap();
    let other = Fixture::new();
    let target = tempfile::tempdir().unwrap();
    let err =
        crate::common::restore_with_phrase(target.path(), &out, &other.phrase, false).unwrap_err();
    assert!(matches!(err, StoreError::PhraseWrong), "got {err:?}");
    let empty = MemoryVault::new();
    let err = backup::restore(
        target.path(),
        &out,
        Unlock::Vault(&empty),
        false,
        &actor(),
        &mut |_| {},
    )
    .unwrap_err();
    assert!(matches!(err, StoreError::KeyNotInKeyring), "got {err:?}");
}

#[test]
fn backup_refuses_to_overwrite() {
    let mut f = Fixture::new();
    let out = f.tmp.path().join("exists.jeopsu");
    std::fs::write(&out, b"keep me").unwrap();
    let err = f.store().backup(&actor(), &out, &mut |_| {}).unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "got {err:?}");
    assert_eq!(std::fs::read(&out).unwrap(), b"keep me");
}

fn usernames(store: &mut jeopsu_store::Store) -> Vec<String> {
    jeopsu_store::staff::list(store, &actor())
        .unwrap()
        .into_iter()
        .map(|s| s.username)
        .collect()
}

#[test]
fn replace_from_backup_swaps_the_open_database_and_keeps_a_safety_copy() {
    let mut f = Fixture::new();
    add_staff(f.store(), "before.backup", Some("백업전"));
    let out = f.tmp.path().join(backup::file_name_at(chrono::Utc::now()));
    f.store().backup(&actor(), &out, &mut |_| {}).unwrap();
    add_staff(f.store(), "after.backup", Some("백업후"));

    let store = f.store.take().unwrap();
    let mut steps = vec![];
    let (store, result) = store.replace_from_backup(&out, None, &actor(), &mut |s| steps.push(s));
    let report = result.unwrap();
    f.store = store;
    assert_eq!(usernames(f.store()), ["before.backup"], "the backup's data");
    assert_eq!(steps.last(), Some(&Step::Done));
    let safety = report.safety_copy.expect("the replaced database is kept");
    assert!(safety.join("jeopsu.db").exists() && safety.join("jeopsu.key").exists());
    f.store().verify(&actor()).unwrap();
    // The restore itself is on the record of the restored database.
    let rows = f.store().audit_list(&actor(), None, None).unwrap();
    assert!(
        rows.iter().any(|r| r.action == "restored-from-backup"),
        "restore logged"
    );
}

#[test]
fn a_failed_replace_leaves_the_open_database_as_it_was() {
    let mut f = Fixture::new();
    add_staff(f.store(), "stays.here", Some("그대로"));
    let bad = f.tmp.path().join("broken.jeopsubk");
    std::fs::write(
        &bad,
        b"JEOPSUBK this is not a backup at all, only some bytes",
    )
    .unwrap();
    let before = {
        f.reopen();
        f.close();
        snapshot(&f.dir())
    };
    f.reopen();
    let store = f.store.take().unwrap();
    let (store, result) = store.replace_from_backup(&bad, None, &actor(), &mut |_| {});
    assert!(
        matches!(result, Err(StoreError::BackupDamaged(_))),
        "{result:?}"
    );
    f.store = store;
    assert_eq!(
        usernames(f.store()),
        ["stays.here"],
        "still open, same data"
    );
    f.close();
    assert_eq!(
        snapshot(&f.dir()).len(),
        before.len(),
        "no file added or removed"
    );
}

#[test]
fn find_backups_lists_only_backup_files_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.jeopsubk"), b"a").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(dir.path().join("new.JEOPSUBK"), b"bb").unwrap();
    std::fs::write(dir.path().join("notes.txt"), b"c").unwrap();
    std::fs::create_dir(dir.path().join("folder.jeopsubk")).unwrap();
    let found = backup::find_backups(dir.path());
    let names: Vec<_> = found
        .iter()
        .map(|b| b.path.file_name().unwrap().to_string_lossy().to_string())
        .collect();
    assert_eq!(names, ["new.JEOPSUBK", "old.jeopsubk"]);
    assert_eq!(found[0].bytes, 2);
    assert!(backup::find_backups(&dir.path().join("unplugged")).is_empty());
}

/// A backup of this installation whose key file was re-sealed under another phrase would make
/// the printed recovery phrase useless after the restore: refused, nothing changed.
#[test]
fn a_backup_whose_key_file_differs_from_this_installations_is_refused() {
    use sha2::Digest;
    let mut f = Fixture::new();
    let out = f.tmp.path().join("b.jeopsubk");
    f.store().backup(&actor(), &out, &mut |_| {}).unwrap();
    let kf_path = f.dir().join("jeopsu.key");
    let key = jeopsu_store::vault::KeyFile::read(&kf_path)
        .unwrap()
        .unwrap_key(&f.phrase)
        .unwrap();
    let other = jeopsu_store::vault::RecoveryPhrase::generate().unwrap();
    let db_id = f.store().db_id();
    let kf = jeopsu_store::vault::KeyFile::seal(&key, &other, db_id, crate::common::FAST_KDF)
        .unwrap()
        .to_bytes();
    let mut b = std::fs::read(&out).unwrap();
    let len = u32::from_le_bytes(b[12..16].try_into().unwrap()) as usize;
    assert_eq!(len, kf.len());
    b[16..16 + len].copy_from_slice(&kf);
    let n = b.len() - 32;
    let digest = sha2::Sha256::digest(&b[..n]);
    b[n..].copy_from_slice(&digest);
    std::fs::write(&out, &b).unwrap();
    f.close();
    let before = snapshot(&f.dir());
    let err = crate::common::restore_with_phrase(&f.dir(), &out, &other, true).unwrap_err();
    assert!(
        matches!(&err, StoreError::BackupDamaged(d) if d.contains("key file")),
        "{err:?}"
    );
    assert_eq!(snapshot(&f.dir()), before, "nothing changed");
}

/// A file larger than any backup is refused before it is read (a sparse 17 GiB file here).
#[test]
fn a_file_larger_than_any_backup_is_refused_before_reading() {
    let f = Fixture::new();
    let huge = f.tmp.path().join("huge.jeopsubk");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(backup::MAX_FILE_BYTES + 1)
        .unwrap();
    let new_pc = tempfile::tempdir().unwrap();
    let err =
        crate::common::restore_with_phrase(new_pc.path(), &huge, &f.phrase, false).unwrap_err();
    assert!(matches!(err, StoreError::BackupDamaged(_)), "{err:?}");
}
