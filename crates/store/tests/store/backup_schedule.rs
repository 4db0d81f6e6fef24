//! Scheduled backups (docs/LAW.md, "Backups"): the schedule on Seoul days, the check after writing, rotation,
//! warnings, drills, the age limit in the retention run, and a kill in the middle of writing.

use crate::common::{Fixture, actor, add_staff};
use crate::patients::{person, register};
use chrono::{DateTime, TimeZone, Utc};
use jeopsu_core::backup::{Rotation, Warning};
use jeopsu_store::backup::Step;
use jeopsu_store::backup_schedule::{self as sched, Kind, Written};
use jeopsu_store::patients::Duplicates;
use jeopsu_store::visits::{self, CheckinInput};
use jeopsu_store::{Store, StoreError, Unlock, retention};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::{Arc, Mutex};

fn seoul(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    chrono_tz::Asia::Seoul
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn clock(f: &mut Fixture, start: DateTime<Utc>) -> Arc<Mutex<DateTime<Utc>>> {
    let clock = Arc::new(Mutex::new(start));
    let c = clock.clone();
    f.store().set_clock(Box::new(move || *c.lock().unwrap()));
    clock
}

/// A fixture with a backup folder chosen (`<tmp>/usb`).
fn with_folder(f: &mut Fixture) -> PathBuf {
    let usb = f.tmp.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    sched::set_folder(f.store(), &actor(), usb.to_str().unwrap()).unwrap();
    usb
}

/// A fixture whose clock stands at 2026-11-01, holding 김오래, registered in 2019 and never
/// seen since (due for destruction by the next retention run); the clock, to move on.
fn an_old_patient_registered_in_2019() -> (Fixture, Arc<Mutex<DateTime<Utc>>>) {
    let mut f = Fixture::new();
    let c = clock(&mut f, seoul(2019, 1, 2, 9, 0));
    let old = person(
        "김오래",
        "1970-01-01",
        "700101-1234567",
        "M",
        "010-1111-0001",
    );
    register(f.store(), &actor(), &old, Duplicates::Ask).unwrap();
    *c.lock().unwrap() = seoul(2026, 11, 1, 9, 0);
    (f, c)
}

/// Restores `file` into a new folder with the recovery phrase, as on a new PC.
fn on_a_new_pc(
    f: &Fixture,
    file: &Path,
) -> (
    tempfile::TempDir,
    Store,
    jeopsu_store::backup::RestoreReport,
) {
    let dir = tempfile::tempdir().unwrap();
    let (store, report) =
        crate::common::restore_with_phrase(dir.path(), file, &f.phrase, false).unwrap();
    (dir, store, report)
}

/// Sets `file`'s modification time a day back (by the file system's clock, which a later copy's
/// is compared with), so a copy written now is the newer one.
fn a_day_older(file: &Path) {
    let f = std::fs::File::options().write(true).open(file).unwrap();
    f.set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(86_400))
        .unwrap();
}

/// A restore into `dir` left no staged file behind.
fn nothing_staged_in(dir: &Path) {
    let left: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("partial"))
        .collect();
    assert!(left.is_empty(), "nothing staged is left: {left:?}");
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn log_actions(store: &mut Store) -> Vec<String> {
    let mut stmt = store
        .conn()
        .prepare("SELECT action FROM audit_log ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn a_scheduled_backup_is_written_checked_and_recorded_then_due_again_the_next_seoul_day() {
    let mut f = Fixture::new();
    let c = clock(&mut f, seoul(2026, 3, 2, 23, 50));
    assert!(!sched::due(f.store()).unwrap(), "no folder: nothing to do");
    assert_eq!(
        sched::status(f.store()).unwrap().warning,
        Some(Warning::NoFolder)
    );
    let usb = with_folder(&mut f);
    assert!(sched::due(f.store()).unwrap());
    let p = person(
        "김백업",
        "1980-01-01",
        "800101-1234567",
        "M",
        "010-1111-2222",
    );
    let id = register(f.store(), &actor(), &p, Duplicates::Ask)
        .unwrap()
        .id;
    let mut check = CheckinInput::default();
    check.id_check.method = "id-card".into();
    visits::checkin(f.store(), &actor(), id, &check).unwrap();

    let mut steps = vec![];
    let r = f
        .store()
        .scheduled_backup(&actor(), &mut |s| steps.push(s))
        .unwrap();
    assert_eq!(steps.last(), Some(&Step::Done), "{steps:?}");
    let counts = r
        .written
        .check
        .as_ref()
        .expect("the copy opens as a restore would");
    // An adult with no optional consent has no consent record (treatment needs none).
    assert_eq!((counts.patients, counts.visits, counts.consents), (1, 1, 0));
    assert_eq!(names_in(&usb), ["jeopsu-backup-20260302-235000.jeopsubk"]);
    assert!(!sched::due(f.store()).unwrap(), "done for today");

    // 00:05 in Seoul is still the same UTC day (15:05 UTC): a new backup is due all the same.
    *c.lock().unwrap() = seoul(2026, 3, 3, 0, 5);
    assert!(sched::due(f.store()).unwrap());

    let st = sched::status(f.store()).unwrap();
    assert_eq!(st.warning, None);
    assert_eq!(st.last_good.as_deref(), Some("2026-03-02 23:50"));
    assert_eq!(st.copies.len(), 1);
    assert_eq!(st.copies[0].checked_ok, Some(true));
    assert!(st.copies[0].kept);
    let actions = log_actions(f.store());
    assert!(actions.contains(&"backup-created".to_string()));
    assert!(actions.contains(&"backup-checked".to_string()));
    // The log rows name files, never a patient.
    let bytes = std::fs::read(usb.join(&r.written.file_name)).unwrap();
    assert!(
        !bytes
            .windows("김백업".len())
            .any(|w| w == "김백업".as_bytes())
    );
}

#[test]
fn rotation_deletes_only_this_databases_copies_it_does_not_keep() {
    let mut f = Fixture::new();
    let c = clock(&mut f, seoul(2026, 3, 1, 9, 0));
    let usb = with_folder(&mut f);
    sched::set_rotation(
        f.store(),
        &actor(),
        Rotation {
            daily: 3,
            weekly: 0,
            monthly: 0,
        },
    )
    .unwrap();
    // Someone else's files, and another clinic's backup named the same way: never touched.
    std::fs::write(usb.join("notes.txt"), "hello").unwrap();
    let mut other = Fixture::new();
    let other_file = usb.join("jeopsu-backup-20260101-090000.jeopsubk");
    other
        .store()
        .backup(&actor(), &other_file, &mut |_| {})
        .unwrap();

    // What a crash left two hours ago goes; one being written right now (another PC's) stays.
    let stale = usb.join("jeopsu-backup-20260228-090000.jeopsubk.partial");
    std::fs::write(&stale, b"half").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(7200))
        .unwrap();
    let fresh = usb.join("jeopsu-backup-20260228-100000.jeopsubk.partial");
    std::fs::write(&fresh, b"half").unwrap();
    for day in 1..=6 {
        *c.lock().unwrap() = seoul(2026, 3, day, 9, 0);
        f.store().scheduled_backup(&actor(), &mut |_| {}).unwrap();
    }
    assert_eq!(
        names_in(&usb),
        [
            "jeopsu-backup-20260101-090000.jeopsubk",
            "jeopsu-backup-20260228-100000.jeopsubk.partial",
            "jeopsu-backup-20260304-090000.jeopsubk",
            "jeopsu-backup-20260305-090000.jeopsubk",
            "jeopsu-backup-20260306-090000.jeopsubk",
            "notes.txt",
        ]
    );
    let deleted = log_actions(f.store())
        .iter()
        .filter(|a| *a == "backup-deleted")
        .count();
    assert_eq!(
        deleted, 4,
        "each deletion logged (3 by rotation, 1 half-written)"
    );
    // Counts above what the age limit allows are refused.
    let err = sched::set_rotation(
        f.store(),
        &actor(),
        Rotation {
            daily: 7,
            weekly: 4,
            monthly: 13,
        },
    )
    .unwrap_err();
    assert_eq!(err.problems()[0].field, "monthly");
}

#[test]
fn a_corrupted_backup_is_reported_by_the_check_and_never_counted_as_good() {
    let mut f = Fixture::new();
    clock(&mut f, seoul(2026, 3, 2, 9, 0));
    let usb = with_folder(&mut f);
    let r = f.store().scheduled_backup(&actor(), &mut |_| {}).unwrap();
    let file = usb.join(&r.written.file_name);
    let mut bytes = std::fs::read(&file).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x40;
    std::fs::write(&file, &bytes).unwrap();
    let staging = f.tmp.path().join("check");
    let problem = sched::check_copy(&file, &jeopsu_store_key(&f), f.store().db_id(), &staging)
        .map_err(|e| e.to_string())
        .expect_err("a flipped byte is found");
    assert!(problem.contains("checksum"), "{problem}");
    assert!(!staging.exists(), "the staged copy is gone");

    // A run whose check failed is recorded as failed and is not a good backup.
    let mut g = Fixture::new();
    clock(&mut g, seoul(2026, 3, 2, 9, 0));
    let usb2 = with_folder(&mut g);
    let bad = Written {
        kind: Kind::Scheduled,
        folder: usb2.clone(),
        file_name: "jeopsu-backup-20260302-090000.jeopsubk".into(),
        bytes: 10,
        check: Err("the file is truncated or altered (checksum mismatch)".into()),
    };
    sched::record(g.store(), &actor(), bad).unwrap();
    assert!(sched::due(g.store()).unwrap(), "still due: no good backup");
    assert_eq!(sched::status(g.store()).unwrap().last_good, None);
}

/// The data key, unwrapped with the phrase (what the store holds in memory).
fn jeopsu_store_key(f: &Fixture) -> jeopsu_store::vault::DataKey {
    jeopsu_store::vault::KeyFile::read(&f.dir().join("jeopsu.key"))
        .unwrap()
        .unwrap_key(&f.phrase)
        .unwrap()
}

#[test]
fn an_unplugged_folder_makes_the_backup_wait_and_three_days_without_one_warn_every_admin() {
    let mut f = Fixture::new();
    let c = clock(&mut f, seoul(2026, 3, 2, 9, 0));
    let usb = with_folder(&mut f);
    f.store().scheduled_backup(&actor(), &mut |_| {}).unwrap();
    // The stick is pulled out.
    let away = f.tmp.path().join("usb-away");
    std::fs::rename(&usb, &away).unwrap();
    *c.lock().unwrap() = seoul(2026, 3, 3, 9, 0);
    assert!(sched::due(f.store()).unwrap());
    assert!(matches!(
        f.store().scheduled_backup(&actor(), &mut |_| {}),
        Err(StoreError::BackupFolderMissing { .. })
    ));
    let st = sched::status(f.store()).unwrap();
    assert!(!st.folder_present);
    assert!(matches!(
        st.warning,
        Some(Warning::FolderMissing { last_good: Some(_) })
    ));
    // Plugged back in, but nothing for three days: stale until a backup is made.
    std::fs::rename(&away, &usb).unwrap();
    *c.lock().unwrap() = seoul(2026, 3, 5, 9, 0);
    assert!(matches!(
        sched::status(f.store()).unwrap().warning,
        Some(Warning::Stale { days: 3, .. })
    ));
    f.store().scheduled_backup(&actor(), &mut |_| {}).unwrap();
    assert_eq!(sched::status(f.store()).unwrap().warning, None);
}

#[test]
fn a_restore_drill_counts_what_is_live_and_leaves_nothing_behind() {
    let mut f = Fixture::new();
    clock(&mut f, seoul(2026, 3, 2, 9, 0));
    let usb = with_folder(&mut f);
    add_staff(f.store(), "drill.kim", Some("김훈련"));
    for (i, name) in ["김하나", "박두리"].iter().enumerate() {
        let p = person(
            name,
            &format!("1980-01-0{}", i + 1),
            &format!("80010{}-1234567", i + 1),
            "M",
            &format!("010-1111-222{i}"),
        );
        register(f.store(), &actor(), &p, Duplicates::Ask).unwrap();
    }
    let r = f.store().scheduled_backup(&actor(), &mut |_| {}).unwrap();
    let d = sched::drill(
        f.store(),
        &actor(),
        &usb.join(&r.written.file_name),
        &mut |_| {},
    )
    .unwrap();
    assert!(d.ok, "{:?}", d.problem);
    let counts = d.counts.unwrap();
    assert_eq!((counts.patients, counts.visits, counts.consents), (2, 0, 0));
    assert!(
        !names_in(&f.dir()).iter().any(|n| n.starts_with("drill-")),
        "the drill's copy is deleted"
    );
    let st = sched::status(f.store()).unwrap();
    assert_eq!(st.last_drill.unwrap().counts, Some(counts));
    assert!(log_actions(f.store()).contains(&"backup-drill".to_string()));
    // A drill of a damaged file fails, says why, and is recorded as failed.
    let junk = usb.join("junk.jeopsubk");
    std::fs::write(&junk, b"not a backup").unwrap();
    let d = sched::drill(f.store(), &actor(), &junk, &mut |_| {}).unwrap();
    assert!(!d.ok);
    assert!(d.problem.is_some());
}

#[test]
fn copies_past_twelve_months_are_destroyed_by_the_retention_run() {
    let mut f = Fixture::new();
    let c = clock(&mut f, seoul(2025, 3, 2, 9, 0));
    let usb = with_folder(&mut f);
    f.store().scheduled_backup(&actor(), &mut |_| {}).unwrap();
    // The schedule stopped (rotation never ran again); a year later the retention run finds it.
    *c.lock().unwrap() = seoul(2026, 3, 1, 9, 0);
    assert!(sched::too_old(f.store()).unwrap().is_empty(), "11 months");
    *c.lock().unwrap() = seoul(2026, 3, 2, 9, 0);
    let old = sched::too_old(f.store()).unwrap();
    assert_eq!(old.len(), 1);
    assert!(
        retention::anything_due(f.store()).unwrap(),
        "the privacy officer is offered the run"
    );
    crate::common::run_retention(f.store()).unwrap();
    assert!(names_in(&usb).is_empty());
    let log = retention::log(f.store()).unwrap();
    let row = log
        .iter()
        .find(|d| d.category == "backup-copies")
        .expect("the destruction log counts them");
    assert_eq!((row.count, row.oldest.as_deref()), (1, Some("2025-03-02")));
}

const CHILD_ENV: &str = "JEOPSU_TEST_CHILD_BACKUP_DIR";
const CHILD_PHRASE_ENV: &str = "JEOPSU_TEST_CHILD_BACKUP_PHRASE";
const CHILD_NOW_ENV: &str = "JEOPSU_TEST_CHILD_BACKUP_NOW";

/// The child side of the kill test: a scheduled backup that says when it starts writing.
fn child_backup(dir: &str) {
    let phrase =
        jeopsu_store::vault::RecoveryPhrase::parse(&std::env::var(CHILD_PHRASE_ENV).unwrap())
            .unwrap();
    let mut store = Store::unlock(Path::new(dir), Unlock::Phrase(&phrase), &actor()).unwrap();
    let now: DateTime<Utc> = std::env::var(CHILD_NOW_ENV).unwrap().parse().unwrap();
    store.set_clock(Box::new(move || now));
    let _ = store.scheduled_backup(&actor(), &mut |s| {
        if s == Step::Writing {
            println!("WRITING");
        }
    });
    println!("FINISHED");
}

/// kill -9 at several points while a backup is being written: the copies made before stay as
/// they were, and a file under a backup's final name is always whole (the check opens it).
#[test]
fn a_kill_during_a_backup_leaves_the_previous_copies_and_no_half_written_file() {
    if let Ok(dir) = std::env::var(CHILD_ENV) {
        child_backup(&dir);
        return;
    }
    let mut f = Fixture::new();
    clock(&mut f, seoul(2026, 3, 1, 9, 0));
    let usb = with_folder(&mut f);
    // About 8 MB of data, so that writing takes a while.
    f.store()
        .write(|tx| {
            for i in 0..16_000 {
                tx.conn().execute(
                    "INSERT INTO settings (key, value) VALUES (?1, ?2)",
                    rusqlite::params![format!("bulk.{i}"), "x".repeat(500)],
                )?;
            }
            Ok(())
        })
        .unwrap();
    f.store().scheduled_backup(&actor(), &mut |_| {}).unwrap();
    let first = names_in(&usb);
    let first_bytes = std::fs::read(usb.join(&first[0])).unwrap();
    let key = jeopsu_store_key(&f);
    let db_id = f.store().db_id();
    f.close();

    // Some at fixed delays after the writing step began; the rest the moment the temporary file
    // appears in the folder (the middle of writing it).
    let mut partial_seen = 0;
    let kills: [Option<u64>; 8] = [Some(0), Some(50), None, None, None, None, Some(120), None];
    for (run, delay) in kills.iter().enumerate() {
        let now = seoul(2026, 3, 2 + run as u32, 9, 0);
        let mut child = crate::common::rerun(
            "backup_schedule::a_kill_during_a_backup_leaves_the_previous_copies_and_no_half_written_file",
        )
            .env(CHILD_ENV, f.dir())
            .env(CHILD_PHRASE_ENV, f.phrase.to_display().as_str())
            .env(CHILD_NOW_ENV, now.to_rfc3339())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let saw = lines
            .by_ref()
            .map_while(Result::ok)
            .any(|l| l.contains("WRITING"));
        assert!(saw, "the child reached the writing step");
        match delay {
            Some(ms) => std::thread::sleep(std::time::Duration::from_millis(*ms)),
            None => {
                let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
                while !names_in(&usb).iter().any(|n| n.ends_with(".partial"))
                    && std::time::Instant::now() < deadline
                {
                    std::thread::sleep(std::time::Duration::from_micros(200));
                }
            }
        }
        child.kill().unwrap();
        child.wait().unwrap();
        let delay_ms = delay.unwrap_or(0);
        if names_in(&usb).iter().any(|n| n.ends_with(".partial")) {
            partial_seen += 1;
        }
        assert_eq!(
            std::fs::read(usb.join(&first[0])).unwrap(),
            first_bytes,
            "the earlier copy is untouched (kill after {delay_ms} ms)"
        );
        for name in names_in(&usb) {
            if jeopsu_core::backup::made_at(&name).is_some() {
                let staging = f.tmp.path().join("kill-check");
                sched::check_copy(&usb.join(&name), &key, db_id, &staging)
                    .unwrap_or_else(|p| panic!("{name} under a final name is whole: {p}"));
            } else {
                assert!(name.ends_with(".partial"), "only a temporary name: {name}");
            }
        }
    }
    assert!(
        partial_seen > 0,
        "at least one kill landed while the file was being written"
    );
    // The database itself opens whole after all those kills.
    f.reopen().verify(&actor()).unwrap();
}

/// Restoring a backup made before a destruction run destroys those records again before anyone
/// signs in, and says so; on a new PC the same is read from a newer copy of the same database
/// beside the file, and without one there is nothing to re-apply.
#[test]
fn restoring_an_older_backup_destroys_again_what_was_destroyed_since() {
    let (mut f, c) = an_old_patient_registered_in_2019();
    let new = person(
        "박최근",
        "1980-02-02",
        "800202-1234567",
        "M",
        "010-1111-0002",
    );
    register(f.store(), &actor(), &new, Duplicates::Ask).unwrap();
    let file = f.tmp.path().join("before-the-run.jeopsubk");
    f.store().backup(&actor(), &file, &mut |_| {}).unwrap();
    *c.lock().unwrap() = seoul(2026, 11, 25, 9, 0);
    crate::common::run_retention(f.store()).unwrap();
    assert!(
        jeopsu_store::patients::search(f.store(), &actor(), "김오래")
            .unwrap()
            .is_empty(),
        "destroyed by the run"
    );
    f.close();

    // Restore the older backup over it: the destroyed patient does not come back.
    let (mut restored, report) = jeopsu_store::backup::restore(
        &f.dir(),
        &file,
        Unlock::Vault(&*f.vault),
        true,
        &actor(),
        &mut |_| {},
    )
    .unwrap();
    let again = report.reapplied.expect("the replaced database was read");
    assert_eq!(again.patients, 1);
    // The destroyed patient is destroyed again; the rest is back.
    let found = |store: &mut jeopsu_store::Store, name: &str| {
        jeopsu_store::patients::search(store, &actor(), name)
            .unwrap()
            .len()
    };
    assert_eq!(
        (
            found(&mut restored, "김오래"),
            found(&mut restored, "박최근")
        ),
        (0, 1)
    );
    let log = retention::log(&restored).unwrap();
    assert!(
        log.iter()
            .any(|d| d.category == "patient-list" && d.actor.ends_with("(restore)")),
        "{log:?}"
    );
    let detail: String = restored
        .conn()
        .query_row(
            "SELECT detail FROM audit_log WHERE action = 'restored-from-backup' ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(detail.contains("replaced_log_head"), "{detail}");
    assert!(
        detail.contains("\"last_seq\""),
        "the old log's head: {detail}"
    );
    restored.verify(&actor()).unwrap();

    // A new PC: no replaced database, and no newer copy beside the file: nothing to compare
    // with, nothing re-applied (said in the report).
    let new_pc = |f: &Fixture| on_a_new_pc(f, &file);
    let (_dir, _, report) = new_pc(&f);
    assert!(report.reapplied.is_none());

    // A newer copy of the same database beside it (the backup folder's next day): restoring
    // the older one on a new PC destroys again what the newer copy says was destroyed.
    a_day_older(&file);
    restored
        .backup(
            &actor(),
            &f.tmp.path().join("the-next-day.jeopsubk"),
            &mut |_| {},
        )
        .unwrap();
    drop(restored);
    let (dir, mut on_new_pc, report) = new_pc(&f);
    assert_eq!(
        report.reapplied.expect("the newer copy was read").patients,
        1
    );
    assert_eq!(
        (
            found(&mut on_new_pc, "김오래"),
            found(&mut on_new_pc, "박최근")
        ),
        (0, 1)
    );
    on_new_pc.verify(&actor()).unwrap();
    nothing_staged_in(dir.path());
}

/// A copy picked from a stick, restored on a new PC, while the scheduled backups went on to the
/// backup folder: what was destroyed after the copy was made is read from the newest copy in
/// the backup folder the restored database names, and destroyed again before anyone signs in.
#[test]
fn a_new_pc_reads_what_was_destroyed_since_from_the_backup_folder_the_copy_names() {
    let (mut f, c) = an_old_patient_registered_in_2019();
    let folder = with_folder(&mut f);
    let stick = f.tmp.path().join("stick");
    std::fs::create_dir(&stick).unwrap();
    let file = stick.join("copy.jeopsubk");
    f.store().backup(&actor(), &file, &mut |_| {}).unwrap();
    a_day_older(&file);
    *c.lock().unwrap() = seoul(2026, 11, 25, 9, 0);
    crate::common::run_retention(f.store()).unwrap();

    let new_pc = |f: &Fixture| on_a_new_pc(f, &file);
    // Nothing newer in either folder yet: nothing to compare with.
    let (_dir, _, report) = new_pc(&f);
    assert!(report.reapplied.is_none());

    // The next scheduled backup, in the backup folder (not beside the copy restored).
    f.store()
        .backup(&actor(), &folder.join("the-next-day.jeopsubk"), &mut |_| {})
        .unwrap();
    let (dir, mut on_new_pc, report) = new_pc(&f);
    assert_eq!(
        report
            .reapplied
            .expect("the backup folder's copy was read")
            .patients,
        1
    );
    let mut found = |name: &str| {
        jeopsu_store::patients::search(&mut on_new_pc, &actor(), name)
            .unwrap()
            .len()
    };
    assert_eq!(found("김오래"), 0, "destroyed again");
    on_new_pc.verify(&actor()).unwrap();
    nothing_staged_in(dir.path());
}

/// Moving the clock years ahead does not destroy every patient "legally": the run refuses,
/// naming both dates, until today's date is typed; a wrong date does not confirm it.
#[test]
fn a_destruction_run_refuses_a_clock_far_ahead_until_today_is_confirmed() {
    let mut f = Fixture::new();
    let c = clock(&mut f, seoul(2026, 11, 25, 10, 0));
    let p = person(
        "김시계",
        "1970-01-01",
        "700101-1234567",
        "M",
        "010-1111-0003",
    );
    register(f.store(), &actor(), &p, Duplicates::Ask).unwrap();
    // Far ahead of any date this test may run on (the fixture's first rows carry the real date).
    *c.lock().unwrap() = seoul(2126, 11, 25, 10, 0);
    let err = retention::run(f.store(), &actor(), None).unwrap_err();
    assert!(
        matches!(err, StoreError::ClockSuspect { today, log }
            if today.to_string() == "2126-11-25" && log.to_string().as_str() >= "2026-11-25"
                && log < today),
        "{err:?}"
    );
    let wrong = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    assert!(matches!(
        retention::run(f.store(), &actor(), Some(wrong)),
        Err(StoreError::ClockSuspect { .. })
    ));
    assert_eq!(
        jeopsu_store::patients::search(f.store(), &actor(), "김시계")
            .unwrap()
            .len(),
        1,
        "nothing destroyed"
    );
    let today = crate::common::today(f.store());
    let done = retention::run(f.store(), &actor(), Some(today)).unwrap();
    assert!(done.iter().any(|d| d.count > 0));
}

/// A restore's safety copy (the replaced database) is kept 30 days, then the retention run
/// destroys it and the destruction log counts it.
#[test]
fn safety_copies_go_after_thirty_days_with_the_retention_run() {
    let mut f = Fixture::new();
    // The pinned day is 2026-11-25: one copy from 2026-10-01 (55 days), one from 2026-11-20.
    for name in ["safety-20261001T000000Z", "safety-20261120T000000Z"] {
        let dir = f.dir().join(name);
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("jeopsu.db"), b"old").unwrap();
    }
    let copies = jeopsu_store::backup::safety_copies(f.store());
    assert_eq!(
        copies
            .iter()
            .map(|c| (c.name.as_str(), c.due))
            .collect::<Vec<_>>(),
        [
            ("safety-20261001T000000Z", true),
            ("safety-20261120T000000Z", false)
        ]
    );
    assert!(retention::anything_due(f.store()).unwrap());
    crate::common::run_retention(f.store()).unwrap();
    assert!(!f.dir().join("safety-20261001T000000Z").exists());
    assert!(f.dir().join("safety-20261120T000000Z").exists());
    let log = retention::log(f.store()).unwrap();
    assert!(
        log.iter()
            .any(|d| d.category == "safety-copies" && d.count == 1),
        "{log:?}"
    );
}

/// A copy made outside the backup folder ("Back up now", `jeopsu backup --out`) is a copy of
/// every patient that the retention run cannot reach: the status lists where each went, whether
/// it is there now, and which are past the age limit. One made into the backup folder is not
/// among them (the folder's own list shows this database's copies there).
#[test]
fn copies_made_elsewhere_are_listed_with_where_they_are_and_their_age() {
    let mut f = Fixture::new();
    let c = clock(&mut f, seoul(2026, 1, 5, 9, 0));
    let usb = with_folder(&mut f);
    let drawer = f.tmp.path().join("drawer");
    std::fs::create_dir(&drawer).unwrap();
    let old = drawer.join("old.jeopsubk");
    f.store().backup(&actor(), &old, &mut |_| {}).unwrap();
    *c.lock().unwrap() = seoul(2026, 11, 25, 9, 0);
    let stick = f.tmp.path().join("stick");
    std::fs::create_dir(&stick).unwrap();
    let out = stick.join("now.jeopsubk");
    f.store().backup(&actor(), &out, &mut |_| {}).unwrap();
    f.store()
        .backup(&actor(), &usb.join("in-the-folder.jeopsubk"), &mut |_| {})
        .unwrap();
    std::fs::remove_dir_all(&stick).unwrap();

    let st = sched::status(f.store()).unwrap();
    let listed: Vec<_> = st
        .elsewhere
        .iter()
        .map(|c| (c.path.as_str(), c.checked_ok, c.present, c.too_old))
        .collect();
    assert_eq!(
        listed,
        vec![
            (out.to_str().unwrap(), true, false, false),
            (old.to_str().unwrap(), true, true, false),
        ]
    );
    assert_eq!(st.elsewhere[0].made_at, "2026-11-25 09:00:00");
    *c.lock().unwrap() = seoul(2027, 1, 6, 9, 0);
    let st = sched::status(f.store()).unwrap();
    assert!(st.elsewhere[1].too_old, "{:?}", st.elsewhere[1]);
    assert!(!st.elsewhere[0].too_old);
}
