use crate::harness::App;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

pub const ADMIN_PW: &str = "admin password 1";
pub const DESK_PW: &str = "desk password 12";
pub const OFFICER_PW: &str = "officer password 1";
pub const CCTV_PW: &str = "cctv password 12";

/// Readable only by its owner: the CLI refuses a password or phrase file others can read.
pub fn private(p: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    // Windows has no permission bits for the CLI to read: a temp file is its user's already.
    #[cfg(not(unix))]
    let _ = p;
}

pub fn cli() -> PathBuf {
    if let Ok(p) = std::env::var("JEOPSU_CLI_BIN") {
        return PathBuf::from(p);
    }
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target.join(format!("debug/jeopsu{}", std::env::consts::EXE_SUFFIX))
}

/// `jeopsu --data-dir DATA ARGS...` through the real CLI; it must succeed. Returns stdout.
pub fn run_cli<S: AsRef<std::ffi::OsStr> + std::fmt::Debug>(data: &Path, args: &[S]) -> String {
    let out = Command::new(cli())
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "jeopsu {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).to_string()
}

/// A database made with the real CLI: an admin, a reception, a privacy-officer and a CCTV-officer
/// account. With `keyring`, this PC's device secret is in the (test session's) Secret Service, so
/// staff passwords open the database; without, the slots are password-only (`init
/// --no-keyring`). Returns the temp dir and the phrase.
pub fn prepared(keyring: bool) -> (tempfile::TempDir, String) {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let phrase_file = tmp.path().join("phrase.txt");
    let run = |args: &[&str]| run_cli(&data, args);
    let mut init = vec![
        "init",
        "--recovery-phrase-out",
        phrase_file.to_str().unwrap(),
    ];
    if !keyring {
        init.push("--no-keyring");
    }
    run(&init);
    let p = phrase_file.to_str().unwrap();
    for (user, role, pw, name) in [
        ("admin.kim", "admin", ADMIN_PW, "김관리"),
        ("desk.lee", "reception", DESK_PW, "이접수"),
        ("officer.park", "privacy-officer", OFFICER_PW, "박책임"),
        ("cctv.ha", "cctv-officer", CCTV_PW, "하은환"),
    ] {
        let pwf = tmp.path().join(format!("{user}.pw"));
        std::fs::write(&pwf, format!("{pw}\n")).unwrap();
        private(&pwf);
        run(&[
            "--recovery-phrase-file",
            p,
            "staff",
            "add",
            "--username",
            user,
            "--role",
            role,
            "--password-file",
            pwf.to_str().unwrap(),
            "--name",
            name,
        ]);
    }
    let phrase = std::fs::read_to_string(&phrase_file)
        .unwrap()
        .trim()
        .to_string();
    std::fs::remove_file(&phrase_file).unwrap();
    (tmp, phrase)
}

/// The CLI's sign-in as one of the accounts made by [`prepared`]: `--staff USER
/// --staff-password-file FILE` (the CLI checks the role as the app does).
pub fn as_staff(tmp: &tempfile::TempDir, user: &str) -> Vec<String> {
    vec![
        "--staff".into(),
        user.into(),
        "--staff-password-file".into(),
        tmp.path().join(format!("{user}.pw")).display().to_string(),
    ]
}

pub fn as_admin(tmp: &tempfile::TempDir) -> Vec<String> {
    as_staff(tmp, "admin.kim")
}

/// "A new PC": this installation's device secret taken out of the test session's keyring, so
/// staff passwords open nothing until the recovery phrase puts it back.
pub fn forget_device_secret(tmp: &tempfile::TempDir) {
    use jeopsu_store::vault::{KeyFile, KeyVault, OsKeyring, VaultEntry};
    let db_id = KeyFile::read(&tmp.path().join("data/jeopsu.key"))
        .unwrap()
        .db_id;
    OsKeyring::connect()
        .unwrap()
        .remove(VaultEntry::Device(db_id))
        .unwrap();
}

/// Someone `years` old today (Seoul), whose birthday was about forty days ago: the birth date
/// and an RRN whose tail is `tail` (six digits). The ages these tests rely on (a child of 9, a
/// minor of 14) then hold in whatever year they run; the RRN's old check digit is never tested.
pub fn born(years: i32, female: bool, tail: &str) -> (String, String) {
    use chrono::Datelike;
    let day = chrono::Utc::now()
        .with_timezone(&chrono_tz::Asia::Seoul)
        .date_naive()
        - chrono::Days::new(40);
    let birth = chrono::NaiveDate::from_ymd_opt(day.year() - years, day.month(), day.day().min(28))
        .unwrap();
    let first = if birth.year() >= 2000 { 3 } else { 1 } + u32::from(female);
    (
        birth.format("%Y-%m-%d").to_string(),
        format!("{}-{first}{tail}", birth.format("%y%m%d")),
    )
}

/// The minor of [`import_patients`] (14, so the optional marketing item is hers to answer):
/// birth date and RRN.
pub fn minor_14() -> (String, String) {
    born(14, true, "123456")
}

/// `n` synthetic patients as the CLI's import reads them (made-up names, numbers that belong to
/// nobody), chart numbers `B0000` onwards.
pub fn synthetic_patients_csv(n: usize) -> String {
    let fam: Vec<char> = "김이박최정강조윤장임".chars().collect();
    let mid: Vec<char> = "민서지현수영준하도예".chars().collect();
    let last: Vec<char> = "준윤우진호아은빈희원".chars().collect();
    let mut csv = String::from(
        "name,birth_date,rrn,gender,address,phone,mobile,email,chart_no,marketing_consent\n",
    );
    for i in 0..n {
        let d = 1 + i % 28;
        csv.push_str(&format!(
            "{}{}{},1980-01-{d:02},8001{d:02}-1{i:06},M,서울특별시 강남구 {},,010-5{:03}-{:04},,B{i:04},n\n",
            fam[i % 10],
            mid[(i / 10) % 10],
            last[(i / 100) % 10],
            i + 1,
            // Mobile numbers from a range the phone-number rules hold valid (010-5000 to 5299).
            i % 300,
            i % 10_000,
        ));
    }
    csv
}

/// Synthetic patients through the real CLI import (its CSV contract: README, "The jeopsu admin
/// tool"): two adults and a minor of 14, signed in as reception.
pub fn import_patients(tmp: &tempfile::TempDir) {
    let csv = tmp.path().join("patients.csv");
    let (birth, rrn) = minor_14();
    std::fs::write(
        &csv,
        format!(
            "\u{feff}name,birth_date,rrn,gender,address,phone,mobile,email,chart_no,marketing_consent\n\
             김민수,1990-01-01,900101-1234567,M,서울특별시 강남구 1,,010-1234-5678,,,n\n\
             박민지,1985-05-05,850505-2234567,F,서울특별시 서초구 2,02-555-1234,010-2345-6789,minji@example.kr,,y\n\
             이영희,{birth},{rrn},F,서울특별시 송파구 3,,010-3456-7890,,,n\n"
        ),
    )
    .unwrap();
    let out = Command::new(cli())
        .arg("--data-dir")
        .arg(tmp.path().join("data"))
        .args(as_staff(tmp, "desk.lee"))
        .args(["import", "patients"])
        .arg(&csv)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "import: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Reception lands on the desk: the search box, with the signed-in name beside it.
pub async fn at_desk(app: &App, name: &str) {
    app.el("patient-search").await;
    let who = app.text_of("who").await;
    assert!(who.contains(name), "{name} is signed in: {who}");
}

pub async fn sign_in(app: &App, user: &str, pw: &str) {
    app.type_into("signin-username", user).await;
    app.type_into("signin-password", pw).await;
    app.click("signin").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn first_run_setup_then_sign_in_then_idle_lock_clears_the_screen() {
    let app = App::start_alone("setup").await;
    app.el("clinic-name").await;
    app.axe("setup: clinic profile").await;
    app.shot("01-setup-profile").await;
    app.click("setup-names-confirmed").await;
    app.click("setup-next").await;

    app.type_into("admin-username", "director.ha").await;
    app.type_into("admin-name", "하원장").await;
    app.type_into("admin-password", "setup password 1").await;
    app.type_into("admin-password2", "setup password 1").await;
    app.axe("setup: administrator").await;
    app.shot("02-setup-admin").await;
    app.click("setup-create").await;

    app.el("phrase").await;
    app.axe("setup: recovery phrase").await;
    app.shot("03-setup-phrase").await;
    let mut groups = vec![];
    for i in 1..=7 {
        groups.push(app.text_of(&format!("phrase-group-{i}")).await);
    }
    assert!(
        groups.iter().all(|g| g.len() == 5),
        "seven groups of five: {groups:?}"
    );
    // The recovery sheet is laid out in the app and printed by the webview (its print dialog
    // is replaced here by a stub that notes the call): no file is written.
    app.click("print-sheet").await;
    app.el("recovery-sheet").await;
    for (i, g) in groups.iter().enumerate() {
        assert_eq!(&app.text_of(&format!("sheet-group-{}", i + 1)).await, g);
    }
    app.axe("setup: recovery sheet").await;
    app.shot("03b-recovery-sheet").await;
    app.run_async(
        "const done = arguments[arguments.length - 1]; window.print = () => { window.__printed = true; }; done(null);",
        vec![],
    )
    .await;
    app.click("sheet-print").await;
    let printed = app
        .run_async(
            "const done = arguments[arguments.length - 1]; done(window.__printed === true);",
            vec![],
        )
        .await;
    assert_eq!(
        printed,
        serde_json::json!(true),
        "printed through the webview"
    );
    app.click("sheet-close").await;
    app.click("phrase-written").await;

    // First a wrong answer, then the two groups asked for.
    let a = app.el("confirm-a").await;
    let b = app.el("confirm-b").await;
    let ga: usize = a
        .attr("data-group")
        .await
        .unwrap()
        .unwrap()
        .parse()
        .unwrap();
    let gb: usize = b
        .attr("data-group")
        .await
        .unwrap()
        .unwrap()
        .parse()
        .unwrap();
    app.type_into("confirm-a", "ZZZZZ").await;
    app.type_into("confirm-b", &groups[gb - 1]).await;
    app.click("confirm-phrase").await;
    app.wait_text("맞지 않습니다").await;
    app.type_into("confirm-a", &groups[ga - 1].to_lowercase())
        .await;
    app.click("confirm-phrase").await;

    app.el("signin-screen").await;
    app.axe("sign-in").await;
    app.shot("04-signin").await;
    sign_in(&app, "director.ha", "setup password 1").await;
    app.wait_text("하원장님, 안녕하세요").await;
    app.axe("home").await;
    app.shot("05-home-admin").await;

    // The admin sets the idle lock to its minimum, 1 minute.
    app.click("nav-admin").await;
    app.el("staff-table").await;
    app.axe("admin").await;
    app.shot("06-admin").await;
    app.type_into("idle-minutes", "1").await;
    app.click("save-idle").await;
    app.wait_text("저장했습니다").await;
    // The new limit applies from the next sign-in's status; sign out and in to pick it up.
    app.click("signout").await;
    sign_in(&app, "director.ha", "setup password 1").await;
    app.wait_text("1분 동안 입력이 없으면").await;
    app.click("nav-admin").await;
    app.el("staff-table").await;

    // No input for a minute: the screen is cleared, not blurred.
    tokio::time::sleep(Duration::from_secs(65)).await;
    app.el("idle-locked").await;
    let body = app.body_text().await;
    assert!(
        !body.contains("director.ha") && !body.contains("하원장"),
        "nothing personal on the locked screen: {body}"
    );
    app.shot("07-idle-locked").await;
    // The backend ended the session too: a direct call is refused.
    let r = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.__TAURI_INTERNALS__.invoke('staff_list').then(() => done('allowed'), e => done(e.code));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(r, serde_json::json!("session-locked"));
    // A locked Jeopsu holds no key.
    assert_no_live_key(&app, "after the idle lock").await;
    // The same person signing in again continues where they were (the admin screen).
    sign_in(&app, "director.ha", "setup password 1").await;
    app.el("staff-table").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn five_wrong_passwords_block_sign_in_with_a_clear_message() {
    let (tmp, _) = prepared(true);
    let app = App::start_in("lockout", tmp).await;
    for _ in 0..4 {
        sign_in(&app, "desk.lee", "wrong password!").await;
        app.wait_text("아이디 또는 비밀번호가 맞지 않습니다").await;
    }
    // The fifth locks the account but answers like any wrong password (it reveals nothing);
    // the right password then says it is blocked, and until when.
    sign_in(&app, "desk.lee", "wrong password!").await;
    app.wait_text("아이디 또는 비밀번호가 맞지 않습니다").await;
    sign_in(&app, "desk.lee", DESK_PW).await;
    app.wait_text("로그인을 막았습니다").await;
    app.shot("01-locked-out").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn reception_sees_no_admin_and_the_backend_refuses_it() {
    let (tmp, _) = prepared(true);
    let app = App::start_in("reception", tmp).await;
    sign_in(&app, "desk.lee", DESK_PW).await;
    at_desk(&app, "이접수").await;
    app.shot("01-home-reception").await;
    let navs = app
        .client
        .find_all(fantoccini::Locator::Css("[data-testid='nav-admin']"))
        .await
        .unwrap();
    assert!(
        navs.is_empty(),
        "reception has no admin entry in the navigation"
    );
    let r = app
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.__TAURI_INTERNALS__.invoke('staff_list').then(() => done('allowed'), e => done(e.code));",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        r,
        serde_json::json!("forbidden"),
        "the command itself refuses reception"
    );
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn language_switches_at_runtime() {
    let (tmp, _) = prepared(true);
    let app = App::start_in("language", tmp).await;
    app.wait_text("로그인").await;
    // The Korean font is the PC's own copy of it (install-deps puts fonts-nanum on this machine,
    // as the .deb recommends): mapped from disk, not a copy served into the page.
    assert_eq!(
        app.fonts().await,
        serde_json::json!(["Nanum Gothic:loaded"])
    );
    #[cfg(target_os = "linux")]
    assert!(
        app.maps_file(SYSTEM_NANUM).await,
        "the web process reads the installed {SYSTEM_NANUM}"
    );
    app.click("lang-en").await;
    app.wait_text("Sign in").await;
    sign_in(&app, "admin.kim", "wrong password!").await;
    app.wait_text("Wrong username or password.").await;
    app.shot("01-signin-english").await;
    app.axe("sign-in (English)").await;
    app.click("lang-ko").await;
    app.wait_text("로그인").await;
    app.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn without_this_pcs_device_key_the_recovery_phrase_opens_it() {
    let (tmp, phrase) = prepared(true);
    forget_device_secret(&tmp);
    let app = App::start_in("unlock", tmp).await;
    app.el("unlock-phrase").await;
    app.axe("unlock").await;
    app.shot("01-unlock").await;
    let mut typo: Vec<char> = phrase.chars().collect();
    typo[2] = if typo[2] == 'A' { 'B' } else { 'A' };
    app.type_into("unlock-phrase", &typo.into_iter().collect::<String>())
        .await;
    app.click("unlock").await;
    app.wait_text("오타").await;
    app.type_into("unlock-phrase", &phrase).await;
    app.click("unlock").await;
    app.el("signin-screen").await;
    // Every account has a slot this PC opens again, so the database closed at once: nobody is
    // signed in, and no key is held meanwhile.
    assert_no_live_key(&app, "after the phrase unlock, before anyone signs in").await;
    // The phrase put the device key back: the password alone signs in, then again after a
    // sign-out.
    sign_in(&app, "desk.lee", DESK_PW).await;
    at_desk(&app, "이접수").await;
    app.click("signout").await;
    sign_in(&app, "desk.lee", DESK_PW).await;
    at_desk(&app, "이접수").await;
    app.close().await;
}

/// The test-only probe counts the data key's copies in the app's process: none, once any
/// background check that holds one for a moment has ended (up to 20 s).
pub async fn assert_no_live_key(app: &App, when: &str) {
    let mut live = serde_json::Value::Null;
    for _ in 0..40 {
        live = app
            .run_async(
                "const done = arguments[arguments.length - 1];
                 window.__TAURI_INTERNALS__.invoke('debug_live_keys').then(done, e => done(e.code));",
                vec![],
            )
            .await;
        if live == serde_json::json!(0) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert_eq!(live, serde_json::json!(0), "no copy of the data key {when}");
}

/// A PC without a keyring: setup says so and lets the clinic choose password-only sign-in keys
/// (stated as weaker) or stop; nothing falls back silently.
#[tokio::test(flavor = "multi_thread")]
async fn setup_without_a_keyring_asks_before_password_only_sign_in() {
    let app = App::start_without_keyring("no-keyring").await;
    app.click("setup-names-confirmed").await;
    app.click("setup-next").await;
    app.type_into("admin-username", "director.ha").await;
    app.type_into("admin-name", "하원장").await;
    app.type_into("admin-password", "setup password 1").await;
    app.type_into("admin-password2", "setup password 1").await;
    app.click("setup-create").await;
    let choice = app.text_of("no-keyring-choice").await;
    assert!(
        choice.contains("더 약합니다"),
        "the weaker choice is stated: {choice}"
    );
    app.axe("setup: no keyring").await;
    app.shot("01-no-keyring-choice").await;
    app.click("no-keyring-password-only").await;
    app.el("phrase").await;
    app.el("keyring-note").await;
    app.shot("02-phrase-password-only").await;
    app.close().await;
}

/// The app's binary is the admin tool too (`jeopsu-app cli`, what the installed `jeopsu` runs):
/// the same contract, the same sign-in, the same exit codes.
#[test]
fn the_app_binary_serves_the_admin_tool() {
    let (tmp, _) = prepared(true);
    let run = |args: &[String]| {
        Command::new(crate::harness::app_binary())
            .arg("cli")
            .arg("--data-dir")
            .arg(tmp.path().join("data"))
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["staff".into(), "list".into()]);
    assert_eq!(out.status.code(), Some(2), "no credentials: exit 2");
    let mut args = as_admin(&tmp);
    args.extend(["staff".into(), "list".into(), "--json".into()]);
    let out = run(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 4);
}

/// Debian's fonts-nanum: byte for byte the app's own `assets/fonts/NanumGothic.ttf`.
#[cfg(target_os = "linux")]
const SYSTEM_NANUM: &str = "/usr/share/fonts/truetype/nanum/NanumGothic.ttf";

/// (Linux only: fontconfig is what is told to skip it. A Windows desk has no Nanum Gothic at
/// all, so there `language_switches_at_runtime` sees the served copy load.)
#[cfg(target_os = "linux")]
#[tokio::test(flavor = "multi_thread")]
async fn without_the_font_installed_the_app_serves_its_own_copy() {
    // A PC without Nanum Gothic (every Windows desk): fontconfig is told to skip it, and the
    // page gets the font from the app's one copy (the "jeopsu-font" scheme), not from the bundle.
    let tmp = tempfile::tempdir().unwrap();
    let conf = tmp.path().join("fonts.conf");
    std::fs::write(
        &conf,
        r#"<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <selectfont><rejectfont><glob>/usr/share/fonts/truetype/nanum/*</glob></rejectfont></selectfont>
</fontconfig>
"#,
    )
    .unwrap();
    let app = App::start_with_env(
        "font-served",
        &[("FONTCONFIG_FILE", conf.to_str().unwrap())],
    )
    .await;
    app.el("setup-restore").await;
    assert_eq!(
        app.fonts().await,
        serde_json::json!(["Nanum Gothic:loaded"])
    );
    assert!(
        !app.maps_file(SYSTEM_NANUM).await,
        "fontconfig was told to skip {SYSTEM_NANUM}"
    );
    app.shot("01-font-served").await;
    app.close().await;
}
