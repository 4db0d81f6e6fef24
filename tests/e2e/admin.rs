//! The admin screen beyond staff accounts: backup and restore with progress, a new PC restoring
//! from a backup, field checks by the backend's rules, and drafts kept over an idle lock.

use crate::flows::{ADMIN_PW, DESK_PW, at_desk, cli, prepared, sign_in};
use crate::harness::App;
use std::process::Command;

async fn staff_names(app: &App) -> String {
    app.text_of("staff-table").await
}

/// The admin adds a reception account on the admin screen and waits for the confirmation.
async fn add_staff_in_app(app: &App, username: &str, name: &str, password: &str) {
    app.type_into("new-username", username).await;
    app.type_into("new-name", name).await;
    app.type_into("new-password", password).await;
    app.click("add-staff").await;
    app.wait_text("직원을 추가했습니다").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn admin_backs_up_then_restores_and_everyone_signs_in_again() {
    let (tmp, _) = prepared(true);
    let usb = tempfile::tempdir().unwrap();
    let app = App::start_in("backup", tmp).await;
    sign_in(&app, "admin.kim", ADMIN_PW).await;
    app.click("nav-admin").await;
    app.el("backup-panel").await;

    app.click("place-other").await;
    app.type_into("backup-folder", usb.path().to_str().unwrap())
        .await;
    app.click("backup-now").await;
    let done = app.text_of("backup-done").await;
    assert!(done.contains("백업했습니다"), "{done}");
    app.axe("admin: backup done").await;
    app.shot("01-backup-done").await;
    let files: Vec<_> = std::fs::read_dir(usb.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "one backup file: {files:?}");
    assert!(
        files[0]
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("jeopsu-backup-"),
        "{files:?}"
    );
    // Listed among the copies made elsewhere: where it went, there now, its check passed.
    let elsewhere = app.text_of("sb-elsewhere").await;
    assert!(
        elsewhere.contains(&*files[0].file_name().unwrap().to_string_lossy())
            && elsewhere.contains("있음")
            && elsewhere.contains("통과"),
        "{elsewhere}"
    );
    app.axe("admin: a copy made elsewhere").await;
    app.scroll_to("sb-elsewhere").await;
    app.shot("01b-backup-elsewhere").await;

    // A staff account added after the backup disappears with the restore.
    add_staff_in_app(&app, "after.backup", "백업후", "after backup 12").await;
    assert!(staff_names(&app).await.contains("after.backup"));

    // Restoring needs the box ticked; a damaged file is refused with nothing changed.
    let bad = usb.path().join("damaged.jeopsubk");
    std::fs::write(&bad, b"JEOPSUBK not really").unwrap();
    app.click("restore-other").await;
    app.type_into("restore-file", bad.to_str().unwrap()).await;
    assert!(
        !app.el("restore-now").await.is_enabled().await.unwrap(),
        "disabled until the box is ticked"
    );
    app.click("restore-understood").await;
    app.click("restore-now").await;
    let err = app.text_of("restore-error").await;
    assert!(err.contains("백업 파일"), "damaged backup explained: {err}");
    assert!(
        staff_names(&app).await.contains("after.backup"),
        "unchanged"
    );

    app.type_into("restore-file", files[0].to_str().unwrap())
        .await;
    app.shot("02-restore-ready").await;
    app.click("restore-now").await;
    let notice = app.text_of("restored").await;
    assert!(
        notice.contains("복원했습니다") && notice.contains("safety-"),
        "{notice}"
    );
    app.axe("sign-in after restore").await;
    app.shot("03-restored-signin").await;
    sign_in(&app, "admin.kim", ADMIN_PW).await;
    app.click("nav-admin").await;
    app.el("staff-table").await;
    app.wait_text("desk.lee").await;
    assert!(
        !staff_names(&app).await.contains("after.backup"),
        "the backup's data is back"
    );
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_pc_restores_from_a_backup_with_the_phrase() {
    // The old PC kept its device key in the keyring, as a clinic's PC does.
    let (old_pc, phrase) = prepared(true);
    let file = old_pc.path().join("clinic.jeopsubk");
    let phrase_file = old_pc.path().join("phrase.txt");
    std::fs::write(&phrase_file, &phrase).unwrap();
    crate::flows::private(&phrase_file);
    let out = Command::new(cli())
        .arg("--data-dir")
        .arg(old_pc.path().join("data"))
        .arg("--recovery-phrase-file")
        .arg(&phrase_file)
        .args(["backup", "--out"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A new PC's keyring knows nothing of this installation.
    crate::flows::forget_device_secret(&old_pc);
    let db_id = jeopsu_store::vault::KeyFile::read(&old_pc.path().join("data/jeopsu.key"))
        .unwrap()
        .db_id;

    let app = App::start("new-pc").await;
    app.click("setup-restore").await;
    app.el("restore-panel").await;
    app.click("restore-other").await;
    app.type_into("restore-file", file.to_str().unwrap()).await;
    app.type_into("restore-phrase", "AAAAA-BBBBB").await;
    app.click("restore-now").await;
    app.el("restore-error").await;
    app.axe("setup: restore").await;
    app.shot("01-new-pc-restore").await;
    app.type_into("restore-phrase", &phrase).await;
    app.click("restore-now").await;
    app.el("signin-screen").await;
    crate::flows::assert_no_live_key(&app, "after the restore, before anyone signs in").await;
    sign_in(&app, "desk.lee", DESK_PW).await;
    at_desk(&app, "이접수").await;
    app.close().await;
    // The backup carried the sign-in keys: the new keyring got the device key back, and never
    // the data key itself (docs/SECURITY.md "Backups carry the slots").
    use jeopsu_store::vault::{KeyVault, OsKeyring, VaultEntry};
    let keyring = OsKeyring::connect().unwrap();
    assert!(keyring.get(VaultEntry::Device(db_id)).unwrap().is_some());
    assert!(
        keyring
            .get(VaultEntry::LegacyDataKey(db_id))
            .unwrap()
            .is_none(),
        "the data key is not in the keyring"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn fields_are_checked_by_the_backend_rules_and_drafts_survive_an_idle_lock() {
    let (tmp, _) = prepared(true);
    let app = App::start_in("drafts", tmp).await;
    sign_in(&app, "admin.kim", ADMIN_PW).await;
    app.click("nav-admin").await;
    app.el("staff-table").await;

    // The username rule comes from jeopsu-core, in Korean, next to the field.
    app.type_into("new-username", "A B").await;
    app.type_into("new-name", "임시직원").await;
    app.wait_text("아이디는 영문 소문자").await;
    app.type_into("new-password", "short").await;
    app.wait_text("비밀번호는 10자 이상").await;
    assert!(!app.el("add-staff").await.is_enabled().await.unwrap());
    app.shot("01-field-messages").await;
    app.type_into("new-username", "temp.kim").await;
    app.type_into("new-password", "long enough 123").await;

    // Locked by the button (as the idle lock does): the screen is cleared; the same person gets
    // the unsaved input back, without the password.
    app.click("lock").await;
    app.el("locked").await;
    assert!(!app.body_text().await.contains("임시직원"));
    sign_in(&app, "admin.kim", ADMIN_PW).await;
    assert_eq!(
        app.el("new-username")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("temp.kim"),
        "draft back, on the same screen"
    );
    assert_eq!(
        app.el("new-password")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some(""),
        "never the password"
    );

    // Someone else signs in after the lock: the draft is gone for good.
    app.click("lock").await;
    sign_in(&app, "desk.lee", DESK_PW).await;
    at_desk(&app, "이접수").await;
    assert!(!app.body_text().await.contains("temp.kim"));
    app.click("signout").await;
    sign_in(&app, "admin.kim", ADMIN_PW).await;
    app.click("nav-admin").await;
    assert_eq!(
        app.el("new-username")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some(""),
        "another user's sign-in dropped the draft"
    );
    app.close().await;
}

/// A password an administrator reset is changed at the first sign-in: nothing else opens until
/// it is (the backend refuses every other command), then the desk does. So is the first
/// password an admin chose for a new account.
#[tokio::test(flavor = "multi_thread")]
async fn a_reset_password_is_changed_at_the_first_sign_in() {
    let (tmp, _) = crate::flows::prepared(true);
    let pw = tmp.path().join("reset.pw");
    std::fs::write(&pw, "temporary pass 1\n").unwrap();
    crate::flows::private(&pw);
    let out = std::process::Command::new(crate::flows::cli())
        .arg("--data-dir")
        .arg(tmp.path().join("data"))
        .args(crate::flows::as_admin(&tmp))
        .args([
            "staff",
            "reset-password",
            "--username",
            "desk.lee",
            "--password-file",
        ])
        .arg(&pw)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let app = App::start_in("password-change", tmp).await;
    crate::flows::sign_in(&app, "desk.lee", "temporary pass 1").await;
    app.el("password-change-screen").await;
    assert_eq!(
        app.invoke_code("visits_today", serde_json::json!({})).await,
        "password-change-required",
        "the backend refuses everything else"
    );
    app.axe("password change").await;
    app.shot("01-password-change").await;
    app.type_into("pwc-current", "temporary pass 1").await;
    app.type_into("pwc-password", "my own desk pass 2026").await;
    app.type_into("pwc-password2", "my own desk pass 2026")
        .await;
    app.click("pwc-save").await;
    crate::flows::at_desk(&app, "이접수").await;
    // The key slot changed with the password: the new one opens the locked app, the old not.
    app.click("signout").await;
    crate::flows::sign_in(&app, "desk.lee", "temporary pass 1").await;
    app.el("signin-error").await;
    crate::flows::sign_in(&app, "desk.lee", "my own desk pass 2026").await;
    crate::flows::at_desk(&app, "이접수").await;

    // So is the first password an admin chose for a new account in the app: the form says so.
    app.click("signout").await;
    sign_in(&app, "admin.kim", ADMIN_PW).await;
    app.click("nav-admin").await;
    app.el("staff-table").await;
    assert!(
        app.text_of("add-staff-first-password")
            .await
            .contains("처음 로그인할 때"),
    );
    app.scroll_to("add-staff-first-password").await;
    app.shot("02-add-staff-first-password").await;
    add_staff_in_app(&app, "new.choi", "최신입", "chosen by the admin").await;
    app.click("signout").await;
    crate::flows::sign_in(&app, "new.choi", "chosen by the admin").await;
    app.el("password-change-screen").await;
    assert_eq!(
        app.invoke_code("visits_today", serde_json::json!({})).await,
        "password-change-required",
    );
    app.close().await;
}

/// An installation from before the key slots (the data key itself in the keyring, no slot
/// file), upgraded in place: each person's sign-in makes their slot, the admin screen lists who
/// has none, and the admin removes the old key; then only slots open it.
#[tokio::test(flavor = "multi_thread")]
async fn an_installation_from_before_the_key_slots_upgrades_at_each_sign_in() {
    use jeopsu_store::vault::{KeyFile, KeyVault, OsKeyring, RecoveryPhrase, VaultEntry};
    let (tmp, phrase) = prepared(true);
    let data = tmp.path().join("data");
    // What the previous version left behind: the key file, the database, and the data key in
    // the keyring; no slots, no counters, no device secret.
    let kf = KeyFile::read(&data.join("jeopsu.key")).unwrap();
    let key = kf
        .unwrap_key(&RecoveryPhrase::parse(&phrase).unwrap())
        .unwrap();
    let keyring = OsKeyring::connect().unwrap();
    for f in ["jeopsu.slots", "jeopsu.signin"] {
        std::fs::remove_file(data.join(f)).unwrap();
    }
    keyring.remove(VaultEntry::Device(kf.db_id)).unwrap();
    keyring.store(&kf.db_id, &key).unwrap();
    drop(key);

    let app = App::start_in("upgrade", tmp).await;
    sign_in(&app, "desk.lee", DESK_PW).await;
    at_desk(&app, "이접수").await;
    app.click("signout").await;
    sign_in(&app, "admin.kim", ADMIN_PW).await;
    app.click("nav-admin").await;
    let status = app.text_of("key-status").await;
    assert!(
        status.contains("officer.park")
            && status.contains("cctv.ha")
            && !status.contains("desk.lee"),
        "who has no sign-in key yet: {status}"
    );
    app.el("no-slot-officer.park").await;
    app.axe("admin: sign-in keys during the upgrade").await;
    app.shot("01-upgrade-in-progress").await;
    app.scroll_to("key-status").await;
    app.shot("02-sign-in-keys").await;
    app.click("forget-legacy-key").await;
    app.wait_text("비밀번호를 재설정하기 전까지 로그인할 수 없습니다")
        .await;
    app.click("forget-legacy-key-confirm").await;
    app.wait_text("예전 데이터베이스 열쇠를 키 보관함에서 지웠습니다")
        .await;
    assert!(
        keyring.load(&kf.db_id).unwrap().is_none(),
        "the data key left the keyring"
    );
    assert!(
        keyring.get(VaultEntry::Device(kf.db_id)).unwrap().is_some(),
        "the device key stays"
    );
    app.click("signout").await;
    // With a slot: in. Without one, and the old key gone: the usual "wrong username or password".
    sign_in(&app, "desk.lee", DESK_PW).await;
    at_desk(&app, "이접수").await;
    app.click("signout").await;
    sign_in(&app, "officer.park", crate::flows::OFFICER_PW).await;
    app.el("signin-error").await;
    app.close().await;
}

/// The audit-chain check each sign-in starts records its "integrity verified" row even when the
/// desk signs out before it ends (on a two-year log the check takes seconds). It used to record
/// through the desk's handle, which the sign-out closes, so the row was lost. A debug build's
/// `JEOPSU_TEST_CHAIN_CHECK_PAUSE_MS` holds the record back long enough to sign out first.
#[tokio::test(flavor = "multi_thread")]
async fn the_sign_in_chain_check_is_recorded_after_a_quick_sign_out() {
    let (root, officer, app) =
        with_a_pause("chain-check-sign-out", "JEOPSU_TEST_CHAIN_CHECK_PAUSE_MS").await;
    sign_in(&app, "desk.lee", DESK_PW).await;
    app.el("patient-search").await;
    app.click("signout").await;
    app.el("signin-username").await;

    let at_unlock = |r: &&serde_json::Value| {
        r["action"] == "integrity-verified"
            && r["detail"]
                .as_str()
                .is_some_and(|d| d.contains("\"unlock\""))
    };
    let (rows, out) =
        audit_rows_once(&root, &officer, |rows| rows.iter().any(|r| at_unlock(&r))).await;
    let checks: Vec<_> = rows.iter().filter(at_unlock).collect();
    assert_eq!(checks.len(), 1, "one check, one row: {out}");
    assert!(
        checks[0]["detail"]
            .as_str()
            .unwrap()
            .contains("\"ok\":true")
    );
    // Recorded after the sign-out, so the test tested what it says.
    let signed_out = rows_of(&rows, "sign-out");
    assert_eq!(signed_out.len(), 1, "{out}");
    assert!(
        checks[0]["seq"].as_i64().unwrap() > signed_out[0].0,
        "{out}"
    );
    app.close().await;
}

/// "Back up now" is recorded, with its `backup-created` row naming the admin who pressed it, even
/// when the admin signs out while it runs. It used to record through the desk's handle, which the
/// sign-out closes: a copy of every patient was left in the folder with no log row. A debug
/// build's `JEOPSU_TEST_BACKUP_NOW_PAUSE_MS` holds the record back long enough to sign out.
#[tokio::test(flavor = "multi_thread")]
async fn a_backup_now_is_recorded_when_the_admin_signs_out_while_it_runs() {
    let (root, officer, app) =
        with_a_pause("backup-now-sign-out", "JEOPSU_TEST_BACKUP_NOW_PAUSE_MS").await;
    let usb = root.join("usb");
    std::fs::create_dir(&usb).unwrap();
    sign_in(&app, "admin.kim", ADMIN_PW).await;
    app.click("nav-admin").await;
    app.el("backup-panel").await;
    app.click("place-other").await;
    app.type_into("backup-folder", usb.to_str().unwrap()).await;
    app.click("backup-now").await;
    app.click("signout").await;
    app.el("signin-username").await;

    // The copy is not in a scheduled folder, so the log says whether it was recorded.
    let (rows, out) = audit_rows_once(&root, &officer, |rows| {
        rows.iter().any(|r| r["action"] == "backup-checked")
    })
    .await;
    let (created, signed_out) = (rows_of(&rows, "backup-created"), rows_of(&rows, "sign-out"));
    assert_eq!(created.len(), 1, "{out}");
    assert!(created[0].1.contains("admin.kim"), "{out}");
    // Recorded after the sign-out, so the test tested what it says.
    assert_eq!(signed_out.len(), 1, "{out}");
    assert!(created[0].0 > signed_out[0].0, "{out}");
    let checked = rows
        .iter()
        .find(|r| r["action"] == "backup-checked")
        .unwrap();
    assert!(
        checked["detail"].as_str().unwrap().contains("\"ok\":true"),
        "{out}"
    );
    assert_eq!(std::fs::read_dir(&usb).unwrap().count(), 1, "one copy");
    app.close().await;
}

/// A prepared database, and the app on it with a debug build's pause `pause` (20 s) between a
/// background job's work and its record. Returns the folder the data folder is in, the privacy
/// officer's CLI arguments (the audit log is theirs to read) and the app.
async fn with_a_pause(name: &str, pause: &str) -> (std::path::PathBuf, Vec<String>, App) {
    let (tmp, _) = prepared(true);
    let root = tmp.path().to_path_buf();
    let officer = crate::flows::as_staff(&tmp, "officer.park");
    let app = App::start_in_with_env(name, tmp, &[(pause, "20000")]).await;
    (root, officer, app)
}

/// The audit log (read as `officer`) once `done` says it holds what is awaited; fails after 60 s.
async fn audit_rows_once(
    root: &std::path::Path,
    officer: &[String],
    done: impl Fn(&[serde_json::Value]) -> bool,
) -> (Vec<serde_json::Value>, String) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    loop {
        let (rows, out) = audit_rows(&root.join("data"), officer);
        if done(&rows) {
            return (rows, out);
        }
        assert!(std::time::Instant::now() < deadline, "not recorded: {out}");
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
}

/// The whole audit log as `jeopsu audit list --json` prints it for `officer` (the privacy
/// officer's arguments), and the text, to say what it held.
fn audit_rows(data: &std::path::Path, officer: &[String]) -> (Vec<serde_json::Value>, String) {
    let mut args = officer.to_vec();
    args.extend(["audit".into(), "list".into(), "--json".into()]);
    let out = crate::flows::run_cli(data, &args);
    (serde_json::from_str(&out).unwrap(), out)
}

/// The sequence number and actor of each row of `action`.
fn rows_of<'a>(rows: &'a [serde_json::Value], action: &str) -> Vec<(i64, &'a str)> {
    rows.iter()
        .filter(|r| r["action"] == action)
        .map(|r| (r["seq"].as_i64().unwrap(), r["actor"].as_str().unwrap()))
        .collect()
}
