//! Black-box tests of the `jeopsu` binary: the CLI contract (commands, exit codes, messages)
//! and the bad-input and fault cases, each leaving the database unchanged or consistent.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_jeopsu");

struct Env {
    tmp: TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            tmp: tempfile::tempdir().unwrap(),
        }
    }
    fn dir(&self) -> PathBuf {
        self.tmp.path().join("data")
    }
    fn phrase(&self) -> PathBuf {
        self.tmp.path().join("phrase.txt")
    }
    fn file(&self, name: &str, content: &str) -> PathBuf {
        let p = self.tmp.path().join(name);
        std::fs::write(&p, content).unwrap();
        p
    }
    /// A password or phrase file, readable only by its owner (the CLI refuses any other; on
    /// Windows a temp file is its user's already, and there are no mode bits to set).
    fn secret(&self, name: &str, content: &str) -> PathBuf {
        let p = self.file(name, content);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        p
    }
    /// `jeopsu --data-dir DIR ARGS...`
    fn run(&self, args: &[&str]) -> Output {
        let out = Command::new(BIN)
            // Ages, deadlines and retention are computed from a pinned day, never today's.
            .env("JEOPSU_TEST_NOW", "2026-11-25T01:00:00Z")
            .arg("--data-dir")
            .arg(self.dir())
            .args(args)
            .output()
            .unwrap();
        no_panic(&out);
        out
    }
    /// With the recovery phrase file.
    fn runp(&self, args: &[&str]) -> Output {
        let phrase = self.phrase();
        let mut a = vec!["--recovery-phrase-file", phrase.to_str().unwrap()];
        a.extend_from_slice(args);
        self.run(&a)
    }
    fn init(&self) {
        let out = self.run(&[
            "init",
            "--no-keyring",
            "--recovery-phrase-out",
            self.phrase().to_str().unwrap(),
        ]);
        assert_ok(&out, "init");
    }
    /// A new installation whose device secret is in this session's keyring (the Secret
    /// Service `scripts/with-keyring.sh` starts), as on a clinic's PC.
    fn with_keyring() -> Env {
        needs_secret_service();
        let e = Env::new();
        let out = e.run(&[
            "init",
            "--recovery-phrase-out",
            e.phrase().to_str().unwrap(),
        ]);
        assert_ok(&out, "init with the keyring");
        e
    }
    fn add_staff(&self, username: &str, role: &str) -> Output {
        let pw = self.secret("pw.txt", "a long enough password\n");
        self.runp(&[
            "staff",
            "add",
            "--username",
            username,
            "--role",
            role,
            "--password-file",
            pw.to_str().unwrap(),
        ])
    }
    fn staff_json(&self) -> serde_json::Value {
        let out = self.runp(&["staff", "list", "--json"]);
        assert_ok(&out, "staff list --json");
        serde_json::from_slice(&out.stdout).unwrap()
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).to_string()
}
fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).to_string()
}
fn no_panic(o: &Output) {
    let e = stderr(o);
    assert!(
        !e.contains("panicked") && !e.contains("RUST_BACKTRACE"),
        "a panic: {e}"
    );
}
/// The tests that init with the OS keyring need a Secret Service: one line saying how to get
/// one, rather than a failed command's output.
fn needs_secret_service() {
    assert_eq!(
        std::env::var("JEOPSU_SECRET_SERVICE").as_deref(),
        Ok("1"),
        "run the tests through `make test` (scripts/with-keyring.sh starts a Secret Service)"
    );
}

/// `pdftotext` (poppler-utils), which `make deps` installs.
fn pdftotext() -> Command {
    Command::new("pdftotext")
}

fn assert_ok(o: &Output, what: &str) {
    assert_eq!(
        o.status.code(),
        Some(0),
        "{what}: stdout {} stderr {}",
        stdout(o),
        stderr(o)
    );
}
fn assert_exit(o: &Output, code: i32, needle: &str, what: &str) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "{what}: exit code; stderr: {}",
        stderr(o)
    );
    assert!(
        stderr(o).contains(needle),
        "{what}: expected {needle:?} in stderr: {}",
        stderr(o)
    );
}

fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().to_string(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn init_writes_the_phrase_privately_and_refuses_a_second_init() {
    let e = Env::new();
    e.init();
    let phrase = std::fs::read_to_string(e.phrase()).unwrap();
    assert_eq!(
        phrase.trim().split('-').count(),
        7,
        "seven groups: {phrase}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(e.phrase()).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "phrase file mode {mode:o}");
    }
    let before = files(&e.dir());
    let again = e.run(&[
        "init",
        "--no-keyring",
        "--recovery-phrase-out",
        e.tmp.path().join("p2").to_str().unwrap(),
    ]);
    assert_exit(&again, 1, "이미 데이터베이스가 있습니다", "second init");
    assert_eq!(files(&e.dir()), before, "database untouched");
}

#[test]
fn init_prints_the_phrase_once_when_no_file_is_given() {
    let e = Env::new();
    let out = e.run(&["--lang", "en", "init", "--no-keyring"]);
    assert_ok(&out, "init");
    let text = stdout(&out);
    assert!(text.contains("shown this one time only"), "{text}");
    let phrase_line = text
        .lines()
        .find(|l| l.trim().split('-').count() == 7)
        .expect("phrase line");
    e.secret("phrase.txt", phrase_line.trim());
    assert_ok(&e.runp(&["verify"]), "the printed phrase unlocks");
}

#[test]
fn staff_add_list_and_messages_in_both_languages() {
    let e = Env::new();
    e.init();
    let out = e.add_staff("kim.jihyun", "reception");
    assert_ok(&out, "staff add");
    assert!(
        stdout(&out).contains("직원 계정 kim.jihyun"),
        "Korean by default: {}",
        stdout(&out)
    );
    let out = e.runp(&["--lang", "en", "staff", "list"]);
    assert!(
        stdout(&out).contains("Username") && stdout(&out).contains("kim.jihyun"),
        "{}",
        stdout(&out)
    );
    let json = e.staff_json();
    assert_eq!(json[0]["username"], "kim.jihyun");
    assert_eq!(json[0]["role"], "reception");
    assert_eq!(json[0]["disabled"], false);
    assert!(json[0].get("password_hash").is_none(), "no hash in JSON");
}

#[test]
fn bad_role_and_duplicate_username_are_refused_with_exit_1() {
    let e = Env::new();
    e.init();
    assert_exit(
        &e.add_staff("lee", "doctor"),
        1,
        "입력이 올바르지 않습니다",
        "unknown role",
    );
    assert_ok(&e.add_staff("lee", "reception"), "first add");
    assert_exit(
        &e.add_staff("lee", "admin"),
        1,
        "겹칩니다",
        "duplicate username",
    );
    assert_eq!(e.staff_json().as_array().unwrap().len(), 1);
}

#[test]
fn role_changes_and_disabling_show_in_the_permission_log() {
    let e = Env::new();
    e.init();
    assert_ok(&e.add_staff("park", "reception"), "add");
    assert_ok(
        &e.runp(&[
            "staff",
            "set-role",
            "--username",
            "park",
            "--role",
            "privacy-officer",
        ]),
        "set-role",
    );
    assert_ok(
        &e.runp(&["staff", "disable", "--username", "park"]),
        "disable",
    );
    let out = e.runp(&["audit", "list", "--stream", "permission", "--json"]);
    assert_ok(&out, "audit list");
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let actions: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["role-granted", "role-changed", "role-revoked"]);
}

#[test]
fn sign_in_locks_after_five_failures() {
    let e = Env::new();
    e.init();
    assert_ok(&e.add_staff("choi", "reception"), "add");
    let wrong = e.secret("wrong.txt", "wrong password\n");
    for i in 1..=4 {
        let out = e.runp(&[
            "staff",
            "sign-in",
            "--username",
            "choi",
            "--password-file",
            wrong.to_str().unwrap(),
        ]);
        assert_exit(
            &out,
            1,
            "아이디 또는 비밀번호가 맞지 않습니다",
            &format!("attempt {i}"),
        );
    }
    let out = e.runp(&[
        "--lang",
        "en",
        "staff",
        "sign-in",
        "--username",
        "choi",
        "--password-file",
        wrong.to_str().unwrap(),
    ]);
    assert_exit(
        &out,
        1,
        "Wrong username or password",
        "fifth attempt: locks, but says no more than a wrong password",
    );
    let right = e.secret("right.txt", "a long enough password\n");
    let out = e.runp(&[
        "staff",
        "sign-in",
        "--username",
        "choi",
        "--password-file",
        right.to_str().unwrap(),
    ]);
    assert_exit(&out, 1, "막았습니다", "right password while locked");
}

#[test]
fn without_staff_or_phrase_the_message_says_what_to_do_exit_2() {
    let e = Env::new();
    e.init();
    let out = Command::new(BIN)
        .arg("--data-dir")
        .arg(e.dir())
        .args(["staff", "list"])
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .output()
        .unwrap();
    no_panic(&out);
    assert_exit(&out, 2, "누가 쓰는지 밝혀 주십시오", "no credentials");
}

/// The keyring holds this PC's device secret, yet the CLI opens nothing without a staff
/// sign-in or the phrase (exit 2, nothing written); with `--staff` it opens, and the log names
/// the person, not the OS user.
#[test]
fn the_cli_never_opens_from_the_keyring_alone_and_staff_sign_in_names_the_person() {
    let e = Env::with_keyring();
    assert_ok(&e.add_staff("desk.kim", "privacy-officer"), "add");
    let before = files(&e.dir());
    let out = e.run(&["staff", "list"]);
    assert_exit(&out, 2, "--staff", "no credentials, keyring present");
    assert_eq!(files(&e.dir()), before, "nothing written");

    let pw = e.secret("kim.pw", "a long enough password\n");
    let wrong = e.secret("wrong.pw", "not the password at all\n");
    let out = e.run(&[
        "--staff",
        "desk.kim",
        "--staff-password-file",
        wrong.to_str().unwrap(),
        "staff",
        "list",
    ]);
    assert_exit(
        &out,
        1,
        "아이디 또는 비밀번호가 맞지 않습니다",
        "wrong password",
    );
    let as_kim = [
        "--staff",
        "desk.kim",
        "--staff-password-file",
        pw.to_str().unwrap(),
        "audit",
        "list",
        "--json",
    ];
    assert_ok(&e.run(&as_kim), "audit list as desk.kim");
    // The second listing shows the first one's row.
    let out = e.run(&as_kim);
    assert_ok(&out, "audit list as desk.kim");
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    let actor_of = |action: &str| {
        rows.iter()
            .rev()
            .find(|r| r["action"] == action)
            .map(|r| r["actor"].as_str().unwrap_or_default().to_string())
    };
    assert!(
        actor_of("sign-in")
            .unwrap_or_default()
            .ends_with(":desk.kim"),
        "{rows:?}"
    );
    assert!(
        actor_of("audit-listed").unwrap().ends_with(":desk.kim"),
        "{rows:?}"
    );
    assert!(
        rows.iter().any(|r| r["action"] == "sign-in-failed"
            && r["detail"]
                .as_str()
                .unwrap_or_default()
                .contains("while_closed")),
        "the wrong password, tried while the database was closed, is logged at the next sign-in"
    );
}

/// `--staff` carries the person's role: a receptionist cannot list staff from the CLI any more
/// than in the app; the refusal is logged under their name.
#[test]
fn the_cli_checks_the_staff_members_role_like_the_app() {
    let e = Env::new();
    e.init();
    assert_ok(&e.add_staff("desk.kim", "reception"), "add");
    let pw = e.secret("kim.pw", "a long enough password\n");
    let p = pw.to_str().unwrap();
    let as_kim = |args: &[&str]| {
        let mut a = vec!["--staff", "desk.kim", "--staff-password-file", p];
        a.extend_from_slice(args);
        e.run(&a)
    };
    let out = as_kim(&["staff", "list"]);
    assert_exit(
        &out,
        1,
        "역할로는 할 수 없는",
        "reception may not manage staff",
    );
    assert_ok(
        &as_kim(&["patients", "search", "김"]),
        "reception searches patients",
    );
    let out = e.runp(&["audit", "list", "--json"]);
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        rows.as_array()
            .unwrap()
            .iter()
            .any(|r| r["action"] == "permission-refused"
                && r["actor"]
                    .as_str()
                    .unwrap_or_default()
                    .ends_with(":desk.kim")),
        "the refusal is logged under the person's name"
    );
}

#[test]
fn not_initialized_is_exit_2() {
    let e = Env::new();
    let out = e.runp(&["staff", "list"]);
    assert_exit(&out, 2, "데이터베이스가 없습니다", "no database");
}

#[test]
fn mistyped_and_wrong_phrases_are_told_apart() {
    let e = Env::new();
    e.init();
    let good = std::fs::read_to_string(e.phrase()).unwrap();
    let before = files(&e.dir());
    // A typo in group 4 (characters 18..23 of the hyphenated phrase).
    let mut chars: Vec<char> = good.trim().chars().collect();
    chars[19] = if chars[19] == 'Z' { 'Y' } else { 'Z' };
    let typo: String = chars.into_iter().collect();
    std::fs::write(e.phrase(), &typo).unwrap();
    let out = e.run(&[
        "--lang",
        "en",
        "--recovery-phrase-file",
        e.phrase().to_str().unwrap(),
        "verify",
    ]);
    assert_exit(&out, 2, "typo", "typo");

    let other = Env::new();
    other.init();
    let out = e.run(&[
        "--recovery-phrase-file",
        other.phrase().to_str().unwrap(),
        "verify",
    ]);
    assert_exit(
        &out,
        2,
        "이 데이터베이스의 것이 아닙니다",
        "another installation's phrase",
    );
    assert_eq!(files(&e.dir()), before, "nothing changed by failed unlocks");
}

#[test]
fn truncated_database_exit_2_and_unchanged() {
    let e = Env::new();
    e.init();
    let db = e.dir().join("jeopsu.db");
    let bytes = std::fs::read(&db).unwrap();
    std::fs::write(&db, &bytes[..bytes.len() / 2 + 100]).unwrap();
    let before = files(&e.dir());
    let out = e.runp(&["verify"]);
    assert_exit(&out, 2, "읽을 수 없습니다", "truncated");
    assert_eq!(files(&e.dir()), before, "unchanged");
}

#[test]
fn corrupted_database_fails_verify_with_exit_1_or_2() {
    let e = Env::new();
    e.init();
    for i in 0..60 {
        assert_ok(&e.add_staff(&format!("user{i:02}"), "reception"), "add");
    }
    let db = e.dir().join("jeopsu.db");
    let mut bytes = std::fs::read(&db).unwrap();
    let n = bytes.len();
    assert!(n >= 4 * 4096, "several pages ({n})");
    for b in &mut bytes[n - 4096 + 200..n - 4096 + 260] {
        *b ^= 0xA5;
    }
    std::fs::write(&db, &bytes).unwrap();
    let out = e.runp(&["verify"]);
    assert_ne!(
        out.status.code(),
        Some(0),
        "damage detected; stderr {}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("오류"), "a message: {}", stderr(&out));
}

#[test]
fn usage_errors_exit_2() {
    let out = Command::new(BIN)
        .args(["no-such-command"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = Command::new(BIN)
        .args(["staff", "add", "--username", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn backup_and_restore_round_trip_with_force_and_safety_copy() {
    let e = Env::new();
    e.init();
    assert_ok(&e.add_staff("before", "admin"), "add");
    let bk = e.tmp.path().join("clinic.jeopsu");
    let out = e.runp(&["backup", "--out", bk.to_str().unwrap()]);
    assert_ok(&out, "backup");
    assert!(stdout(&out).contains("백업을"), "{}", stdout(&out));

    // A new PC: restore with the phrase into an empty folder.
    let new_pc = e.tmp.path().join("new-pc");
    let out = Command::new(BIN)
        .arg("--data-dir")
        .arg(&new_pc)
        .arg("--recovery-phrase-file")
        .arg(e.phrase())
        .args(["restore", bk.to_str().unwrap(), "--no-keyring"])
        .output()
        .unwrap();
    assert_ok(&out, "restore into an empty folder");
    // The key slots came back with the data: the account signs in there with its own password
    // (this session's keyring already holds the installation's device secret).
    for f in ["jeopsu.slots", "jeopsu.signin"] {
        assert!(new_pc.join(f).exists(), "{f} restored");
    }
    let pw = e.secret("pw.txt", "a long enough password\n");
    let out = Command::new(BIN)
        .env("JEOPSU_TEST_NOW", "2026-11-25T01:00:00Z")
        .arg("--data-dir")
        .arg(&new_pc)
        .args(["--staff", "before", "--staff-password-file"])
        .arg(&pw)
        .arg("verify")
        .output()
        .unwrap();
    assert_ok(&out, "the account's own password on the new PC");

    assert_ok(&e.add_staff("after", "reception"), "add after backup");
    let out = e.runp(&["restore", bk.to_str().unwrap(), "--no-keyring"]);
    assert_exit(
        &out,
        1,
        "이미 데이터베이스가 있습니다",
        "restore over an existing database",
    );
    assert_eq!(
        e.staff_json().as_array().unwrap().len(),
        2,
        "untouched without --force"
    );
    let out = e.runp(&["restore", bk.to_str().unwrap(), "--force", "--no-keyring"]);
    assert_ok(&out, "restore --force");
    assert!(
        stdout(&out).contains("safety-"),
        "safety copy named: {}",
        stdout(&out)
    );
    let names: Vec<String> = e
        .staff_json()
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["username"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["before"]);
    assert_ok(&e.runp(&["verify"]), "verify after restore");
}

#[test]
fn audit_verify_and_list_since() {
    let e = Env::new();
    e.init();
    assert_ok(&e.runp(&["audit", "verify"]), "audit verify");
    let out = e.runp(&["audit", "list", "--since", "2099-01-01", "--json"]);
    assert_ok(&out, "list since the future");
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap(),
        serde_json::json!([])
    );
    let out = e.runp(&["audit", "list", "--since", "yesterday"]);
    assert_exit(&out, 1, "YYYY-MM-DD", "bad date");
}

/// Root ignores file permissions, so as root the test first drops CAP_DAC_OVERRIDE with setpriv.
#[cfg(unix)]
#[test]
fn a_data_dir_without_permission_is_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let e = Env::new();
    let locked = e.tmp.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o500)).unwrap();
    let target = locked.join("data");
    let is_root = std::fs::metadata("/proc/self")
        .map(|m| std::os::unix::fs::MetadataExt::uid(&m) == 0)
        .unwrap_or(false);
    let mut cmd = if is_root {
        let mut c = Command::new("setpriv");
        c.args([
            "--bounding-set",
            "-dac_override,-dac_read_search",
            "--inh-caps",
            "-all",
            BIN,
        ]);
        c
    } else {
        Command::new(BIN)
    };
    let out = cmd
        .arg("--data-dir")
        .arg(&target)
        .args(["init", "--no-keyring"])
        .output()
        .unwrap();
    no_panic(&out);
    assert_exit(&out, 1, "접근을 거부했습니다", "unwritable parent");
    assert!(!target.exists(), "nothing created");
}

/// A full disk, simulated with a file-size limit (RLIMIT_FSIZE via prlimit; SIGXFSZ ignored so
/// the write fails with EFBIG instead of killing the process).
#[cfg(target_os = "linux")]
#[test]
fn disk_full_during_a_write_applies_nothing() {
    let e = Env::new();
    e.init();
    assert_ok(&e.add_staff("first", "reception"), "add");
    let before = e.staff_json();
    let pw = e.secret("pw2.txt", "another long password\n");
    let script = format!(
        "trap '' XFSZ; exec prlimit --fsize=2048 -- {BIN} --data-dir {} --recovery-phrase-file {} staff add --username second --role reception --password-file {}",
        e.dir().display(),
        e.phrase().display(),
        pw.display()
    );
    let out = Command::new("bash").args(["-c", &script]).output().unwrap();
    no_panic(&out);
    assert_eq!(
        out.status.code(),
        Some(1),
        "refused; stderr {}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("디스크가 가득"),
        "disk-full message: {}",
        stderr(&out)
    );
    assert_eq!(
        e.staff_json(),
        before,
        "the failed write left nothing behind"
    );
    assert_ok(&e.runp(&["verify"]), "database consistent");
}

/// Killed mid-write (SIGKILL while a transaction is open): covered in the store's tests
/// (`faults::killed_mid_transaction_leaves_no_trace`), which can hold a transaction open.
#[test]
fn help_lists_the_contract_commands() {
    let out = Command::new(BIN).arg("--help").output().unwrap();
    let text = stdout(&out);
    for cmd in ["init", "staff", "verify", "audit", "backup", "restore"] {
        assert!(text.contains(cmd), "--help mentions {cmd}: {text}");
    }
}

const PATIENTS_HEADER: &str =
    "name,birth_date,rrn,gender,address,phone,mobile,email,chart_no,marketing_consent\n";

fn patients_csv(env: &Env, rows: &str) -> PathBuf {
    env.file("patients.csv", &format!("\u{feff}{PATIENTS_HEADER}{rows}"))
}

/// A database holding one adult patient, chart number 2026-00001.
fn with_one_patient() -> Env {
    let env = Env::new();
    env.init();
    let csv = patients_csv(
        &env,
        "김민수,1990-01-01,900101-1234567,M,서울 1,,010-1234-5678,,2026-00001,n\n",
    );
    assert_ok(
        &env.runp(&["import", "patients", csv.to_str().unwrap()]),
        "import",
    );
    env
}

fn search_json(env: &Env, q: &str) -> serde_json::Value {
    let out = env.runp(&["patients", "search", q, "--json"]);
    assert_ok(&out, "patients search --json");
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn import_is_all_or_nothing_and_lists_every_problem_with_its_line() {
    let env = Env::new();
    env.init();
    let bad = patients_csv(
        &env,
        "김민수,1990-01-01,900101-1234567,M,서울 1,,010-1234-5678,,,n\n\
         이영희,2012-13-04,120304-4123456,F,서울 2,,010-2222-3333,,,y\n\
         박민수,1980-08-08,800808-2345678,M,서울 3,,010-5678-1234,not-an-email,,maybe\n",
    );
    for args in [vec!["--dry-run"], vec![]] {
        let mut a = vec!["import", "patients", bad.to_str().unwrap()];
        a.extend(args.iter().copied());
        let out = env.runp(&a);
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
        let e = stderr(&out);
        for needle in ["3번째 줄", "4번째 줄", "email", "rrn", "marketing_consent"] {
            assert!(e.contains(needle), "{needle} in {e}");
        }
        assert!(
            !e.contains("2번째 줄"),
            "the good line is not a problem: {e}"
        );
    }
    assert_eq!(
        search_json(&env, "김민수"),
        serde_json::json!([]),
        "nothing written"
    );

    let good = patients_csv(
        &env,
        "김민수,1990-01-01,900101-1234567,M,서울 1,,010-1234-5678,,,n\n\
         이영희,2012-03-04,120304-4123456,F,서울 2,,010-2222-3333,,2026-00100,n\n",
    );
    // A minor's "yes" to marketing cannot come from an import: the line is named.
    let minor_yes = env.file(
        "minor-yes.csv",
        &format!("{PATIENTS_HEADER}이영희,2012-03-04,120304-4123456,F,서울 2,,010-2222-3333,,,y\n"),
    );
    let refused = env.runp(&["import", "patients", minor_yes.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    let said = format!("{}{}", stdout(&refused), stderr(&refused));
    assert!(
        said.contains("2번째 줄") && said.contains("법정대리인"),
        "names the line and the rule: {said}"
    );
    let dry = env.runp(&["import", "patients", good.to_str().unwrap(), "--dry-run"]);
    assert_ok(&dry, "dry run");
    assert!(stdout(&dry).contains("2명"), "{}", stdout(&dry));
    assert_eq!(
        search_json(&env, "김민수"),
        serde_json::json!([]),
        "a dry run writes nothing"
    );
    let done = env.runp(&["import", "patients", good.to_str().unwrap()]);
    assert_ok(&done, "import");
    assert!(
        stdout(&done).contains("2명을 가져왔습니다"),
        "{}",
        stdout(&done)
    );
    // Importing the same file again is refused: the RRNs and the chart number are taken.
    let again = env.runp(&["import", "patients", good.to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(1));
}

#[test]
fn search_and_show_have_a_stable_json_contract_without_the_rrn() {
    let env = Env::new();
    env.init();
    let csv = patients_csv(
        &env,
        "김민수,1990-01-01,900101-1234567,M,서울 1,,010-1234-5678,,,n\n\
         이영희,2012-03-04,120304-4123456,F,서울 2,,010-2222-3333,,,n\n",
    );
    assert_ok(
        &env.runp(&["import", "patients", csv.to_str().unwrap()]),
        "import",
    );
    let hits = search_json(&env, "ㄱㅁㅅ");
    let hit = &hits[0];
    let mut keys: Vec<_> = hit.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "age",
            "birth_masked",
            "chart_no",
            "child",
            "gender",
            "minor",
            "mobile_last4",
            "name"
        ]
    );
    assert_eq!(hit["name"], "김민수");
    assert_eq!(hit["birth_masked"], "1990-01-**");
    assert_eq!(hit["mobile_last4"], "5678");
    assert_eq!(search_json(&env, "3333")[0]["minor"], true);
    assert!(!hits.to_string().contains("1234567"), "never the RRN");

    let chart = hit["chart_no"].as_str().unwrap().to_string();
    let out = env.runp(&["patients", "show", &chart, "--json"]);
    assert_ok(&out, "show --json");
    let rec: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rec["rrn_masked"], "900101-1******");
    assert_eq!(rec["mobile"], "010-1234-5678");
    assert_eq!(rec["consents"][0]["item"], "marketing");
    assert_eq!(rec["consents"][0]["signer"], "import");
    assert!(!rec.to_string().contains("1234567"), "never the full RRN");
    let text = env.runp(&["--lang", "en", "patients", "show", &chart]);
    assert_ok(&text, "show");
    assert!(stdout(&text).contains("900101-1******"));
    let missing = env.runp(&["patients", "show", "2026-99999"]);
    assert_eq!(missing.status.code(), Some(1), "{}", stderr(&missing));
}

#[test]
fn blank_consent_forms_print_in_both_languages_without_a_database() {
    let env = Env::new();
    for (kind, lang, needle) in [
        ("minor-consent", "ko", "어린이·청소년 여러분께 알려 드려요"),
        ("minor-consent", "en", "A note for children and teens"),
        ("guardian-consent", "ko", "법정대리인 동의서"),
        (
            "guardian-consent",
            "en",
            "Consent of the legal representative",
        ),
        ("adult-consent", "ko", "개인정보 수집·이용 동의서"),
        ("adult-consent", "en", "Consent to the collection and use"),
    ] {
        let pdf = env.tmp.path().join(format!("{kind}-{lang}.pdf"));
        let out = env.run(&[
            "--lang",
            lang,
            "forms",
            "blank",
            kind,
            "--out",
            pdf.to_str().unwrap(),
        ]);
        assert_ok(&out, kind);
        let text = pdftotext()
            .args([pdf.to_str().unwrap(), "-"])
            .output()
            .unwrap_or_else(|e| {
                panic!(
                    "pdftotext missing ({e}): run `make test` (make deps installs poppler-utils)"
                )
            });
        let flat = String::from_utf8_lossy(&text.stdout)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(flat.contains(needle), "{kind} {lang}: {needle} in {flat}");
    }
    let bad = env.run(&["forms", "blank", "cctv-nonsense", "--out", "x.pdf"]);
    assert_eq!(bad.status.code(), Some(2), "usage error: {}", stderr(&bad));
}

#[test]
fn consents_list_shows_each_decision_and_a_minors_pending_guardian_step() {
    let env = Env::new();
    env.init();
    let csv = patients_csv(
        &env,
        "김민수,1990-01-01,900101-1234567,M,서울 1,,010-1234-5678,,,y\n\
         이영희,2012-03-04,120304-4123456,F,서울 2,,010-2222-3333,,,n\n",
    );
    assert_ok(
        &env.runp(&["import", "patients", csv.to_str().unwrap()]),
        "import",
    );
    let chart = |q: &str| {
        search_json(&env, q)[0]["chart_no"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let out = env.runp(&["consents", "list", &chart("5678"), "--json"]);
    assert_ok(&out, "consents list --json");
    let adult: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(adult["consents"][0]["item"], "marketing");
    assert_eq!(adult["consents"][0]["granted"], true);
    assert_eq!(adult["guardian_consent_pending"], false);
    assert_eq!(adult["signed_records"].as_array().unwrap().len(), 0);

    let minor = env.runp(&["--lang", "en", "consents", "list", &chart("3333")]);
    assert_ok(&minor, "consents list");
    assert!(
        stdout(&minor).contains("legal representative has not consented"),
        "{}",
        stdout(&minor)
    );
    let missing = env.runp(&["consents", "list", "2026-99999"]);
    assert_eq!(missing.status.code(), Some(1), "{}", stderr(&missing));
}

#[test]
fn cctv_ledger_exports_pdf_and_csv_and_blank_request_form_prints() {
    let env = Env::new();
    // The blank request form needs no database.
    for (lang, needle) in [
        ("ko", "개인영상정보 열람·존재확인·삭제 청구서"),
        ("en", "Request to view, confirm or delete"),
    ] {
        let pdf = env.tmp.path().join(format!("cctv-{lang}.pdf"));
        let out = env.run(&[
            "--lang",
            lang,
            "forms",
            "blank",
            "cctv-request",
            "--out",
            pdf.to_str().unwrap(),
        ]);
        assert_ok(&out, "blank cctv-request");
        let text = pdftotext()
            .args([pdf.to_str().unwrap(), "-"])
            .output()
            .unwrap_or_else(|e| {
                panic!(
                    "pdftotext missing ({e}): run `make test` (make deps installs poppler-utils)"
                )
            });
        let flat = String::from_utf8_lossy(&text.stdout)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(flat.contains(needle), "{lang}: {needle} in {flat}");
    }
    env.init();
    let csv = env.tmp.path().join("ledger.csv");
    let out = env.runp(&[
        "cctv",
        "ledger",
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--format",
        "csv",
        "--out",
        csv.to_str().unwrap(),
        "--reason",
        "분기 점검",
    ]);
    assert_ok(&out, "ledger csv");
    // The reason follows core's one rule, in the CLI as in the app: one letter is no reason.
    let short = env.tmp.path().join("short.csv");
    let refused = env.runp(&[
        "cctv",
        "ledger",
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--format",
        "csv",
        "--out",
        short.to_str().unwrap(),
        "--reason",
        "x",
    ]);
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(!short.exists(), "nothing written for a refused export");
    let bytes = std::fs::read(&csv).unwrap();
    assert!(
        bytes.starts_with("\u{FEFF}번호,구분,일시".as_bytes()),
        "BOM and Korean header"
    );
    let pdf = env.tmp.path().join("ledger.pdf");
    let out = env.runp(&[
        "--lang",
        "en",
        "cctv",
        "ledger",
        "--from",
        "2026-01-01",
        "--to",
        "2026-12-31",
        "--format",
        "pdf",
        "--out",
        pdf.to_str().unwrap(),
    ]);
    assert_ok(&out, "ledger pdf");
    assert!(
        stdout(&out).contains("Wrote 0 ledger rows"),
        "{}",
        stdout(&out)
    );
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    assert!(
        String::from_utf8_lossy(&info.stdout).contains("841.89 x 595.27"),
        "landscape"
    );
    // The export and its reason are in the access log.
    let log = env.runp(&["audit", "list", "--json"]);
    let log = stdout(&log);
    assert!(
        log.contains("cctv-ledger-exported") && log.contains("분기 점검"),
        "{log}"
    );
    // Dates backwards or malformed: a clear message, exit 1, no file.
    let bad = env.tmp.path().join("bad.csv");
    for (from, to) in [("2026-12-31", "2026-01-01"), ("2026-13-01", "2026-12-31")] {
        let out = env.runp(&[
            "cctv",
            "ledger",
            "--from",
            from,
            "--to",
            to,
            "--format",
            "csv",
            "--out",
            bad.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(1), "{from}..{to}: {}", stderr(&out));
        assert!(!bad.exists());
    }
    let usage = env.runp(&[
        "cctv",
        "ledger",
        "--from",
        "2026-01-01",
        "--to",
        "2026-01-02",
        "--format",
        "xls",
        "--out",
        "x",
    ]);
    assert_eq!(usage.status.code(), Some(2));
}

#[test]
fn retention_preview_run_and_the_subject_export_follow_the_contract() {
    let env = with_one_patient();
    let chart = search_json(&env, "김민수")[0]["chart_no"]
        .as_str()
        .unwrap()
        .to_string();

    let preview = env.runp(&["retention", "preview", "--json"]);
    assert_ok(&preview, "preview");
    let due: serde_json::Value = serde_json::from_slice(&preview.stdout).unwrap();
    let cats: Vec<&str> = due
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["category"].as_str().unwrap())
        .collect();
    assert_eq!(
        cats,
        [
            "patient-list",
            "privacy-requests",
            "cctv-records",
            "access-log",
            "permission-log"
        ]
    );
    assert!(
        due.as_array().unwrap().iter().all(|d| d["count"] == 0),
        "nothing is due today: {due}"
    );
    let no = env.runp(&["retention", "run"]);
    assert_eq!(no.status.code(), Some(2), "the run needs --yes");
    let run = env.runp(&["--lang", "en", "retention", "run", "--yes"]);
    assert_ok(&run, "run");
    assert!(stdout(&run).contains("Nothing is due"), "{}", stdout(&run));
    let bad = env.runp(&["retention", "run", "--yes", "--confirm-date", "2026-13-01"]);
    assert_eq!(bad.status.code(), Some(1), "not a date: {}", stderr(&bad));
    let confirmed = env.runp(&["retention", "run", "--yes", "--confirm-date", "2026-11-25"]);
    assert_ok(&confirmed, "run with today's date confirmed");

    let json = env.tmp.path().join("subject.json");
    let out = env.runp(&[
        "export",
        "subject",
        &chart,
        "--format",
        "json",
        "--out",
        json.to_str().unwrap(),
        "--reason",
        "본인 열람 청구",
    ]);
    assert_ok(&out, "export json");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&json).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode, 0o600,
            "an export of personal data is readable by its owner only"
        );
    }
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(v["patient"]["name"], "김민수");
    assert_eq!(
        v["patient"]["rrn_masked"], "900101-1******",
        "the RRN stays masked"
    );
    assert!(
        !std::fs::read_to_string(&json)
            .unwrap()
            .contains("900101-1234567")
    );
    assert!(
        v["access_log"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["action"] == "patients-imported"
                || r["action"] == "patient-registered"
                || r["action"] == "patient-viewed"),
        "{}",
        v["access_log"]
    );
    assert!(v["kept_until"].as_str().unwrap().len() == 10);
    let pdf = env.tmp.path().join("subject.pdf");
    let out = env.runp(&[
        "export",
        "subject",
        &chart,
        "--format",
        "pdf",
        "--out",
        pdf.to_str().unwrap(),
        "--reason",
        "본인 열람 청구",
    ]);
    assert_ok(&out, "export pdf");
    let text = pdftotext()
        .args([pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap_or_else(|e| {
            panic!("pdftotext missing ({e}): run `make test` (make deps installs poppler-utils)")
        });
    let flat = String::from_utf8_lossy(&text.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        flat.contains("보유 개인정보 사본")
            && flat.contains("김민수")
            && flat.contains("900101-1******"),
        "{flat}"
    );
    let log = stdout(&env.runp(&["audit", "list", "--json"]));
    assert!(log.contains("subject-exported") && log.contains("본인 열람 청구"));
    let missing = env.runp(&[
        "export", "subject", "NOPE-1", "--format", "json", "--out", "x.json", "--reason", "열람",
    ]);
    assert_eq!(missing.status.code(), Some(1));
    let no_reason = env.runp(&[
        "export",
        "subject",
        &chart,
        "--format",
        "json",
        "--out",
        json.to_str().unwrap(),
    ]);
    assert_eq!(no_reason.status.code(), Some(2), "the reason is required");
}

#[test]
fn visits_checkin_and_list_follow_the_contract() {
    let env = Env::new();
    env.init();
    let csv = patients_csv(
        &env,
        "김민수,1990-01-01,900101-1234567,M,서울 1,,010-1234-5678,,2026-00001,n\n\
         이영희,2012-03-04,120304-4123456,F,서울 2,,010-2222-3333,,2026-00002,n\n",
    );
    assert_ok(
        &env.runp(&["import", "patients", csv.to_str().unwrap()]),
        "import",
    );
    // An adult claiming the under-19 exemption exits 1, naming the rule.
    let refused = env.runp(&[
        "visits",
        "checkin",
        "2026-00001",
        "--id-check",
        "exempt-minor",
    ]);
    assert_exit(&refused, 1, "19", "an exemption that does not apply");
    let out = env.runp(&[
        "visits",
        "checkin",
        "2026-00001",
        "--id-check",
        "id-card",
        "--json",
    ]);
    assert_ok(&out, "checkin --json");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut keys: Vec<_> = v.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "chart_no",
            "checked_in_at",
            "day_no",
            "id_check",
            "status",
            "visit_id"
        ]
    );
    assert_eq!(v["day_no"], 1);
    assert_eq!(v["status"], "checked-in");
    // The pinned clock is 10:00 in Seoul on 25 November.
    assert_eq!(v["checked_in_at"], "2026-11-25 10:00");
    let out = env.runp(&[
        "visits",
        "checkin",
        "2026-00002",
        "--id-check",
        "exempt-minor",
    ]);
    assert_ok(&out, "checkin a minor");
    assert!(
        stdout(&out).contains('2'),
        "prints the day number: {}",
        stdout(&out)
    );

    let out = env.runp(&["visits", "list", "--date", "2026-11-25", "--json"]);
    assert_ok(&out, "visits list --json");
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    let mut keys: Vec<_> = list[0].as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "appointment_id",
            "chart_no",
            "checked_in_at",
            "day_no",
            "id_check",
            "name",
            "status",
            "visit_id"
        ]
    );
    assert_eq!(list[1]["id_check"], "exempt-minor");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("900101"), "never an RRN");
    let other_day = env.runp(&["visits", "list", "--date", "2026-11-24"]);
    assert_ok(&other_day, "another day");
    let bad = env.runp(&["visits", "list", "--date", "25/11/2026"]);
    assert_exit(&bad, 1, "", "a bad date");
}

#[test]
fn appointments_add_list_and_cancel_follow_the_contract() {
    let env = with_one_patient();
    // The pinned clock is 10:00 in Seoul: 09:59 has passed.
    let past = env.runp(&[
        "appointments",
        "add",
        "2026-00001",
        "--at",
        "2026-11-25 09:59",
    ]);
    assert_exit(&past, 1, "", "a time in the past");
    let out = env.runp(&[
        "appointments",
        "add",
        "2026-00001",
        "--at",
        "2026-11-25 14:00",
        "--minutes",
        "30",
        "--room",
        "1진료실",
        "--json",
    ]);
    assert_ok(&out, "appointments add --json");
    let a: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut keys: Vec<_> = a.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "appointment_id",
            "at",
            "chart_no",
            "minutes",
            "name",
            "room",
            "status"
        ]
    );
    assert_eq!(
        (a["minutes"].as_u64(), a["status"].as_str()),
        (Some(30), Some("booked"))
    );
    let id = a["appointment_id"].as_i64().unwrap().to_string();
    assert_ok(&env.runp(&["appointments", "cancel", &id]), "cancel");
    let out = env.runp(&["appointments", "list", "--date", "2026-11-25", "--json"]);
    assert_ok(&out, "appointments list --json");
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list[0]["status"], "cancelled");
    assert_exit(
        &env.runp(&["appointments", "cancel", &id]),
        1,
        "",
        "cancelled twice",
    );
}

#[test]
fn requests_and_holds_follow_the_contract() {
    let env = with_one_patient();
    let receive_from = |requester: &str, extra: &[&str]| {
        let mut a = vec![
            "requests",
            "receive",
            "2026-00001",
            "--target",
            "record",
            "--requester-name",
            requester,
            "--capacity",
            "subject",
            "--check",
            "id-card",
            "--details",
            "진료기록 사본을 받고 싶습니다",
        ];
        a.extend_from_slice(extra);
        env.runp(&a)
    };
    let receive = |extra: &[&str]| receive_from("김민수", extra);
    // The same checks as the app's form, each naming what to fix.
    assert_exit(
        &receive(&["--kind", "correction"]),
        1,
        "\n  target: ",
        "a correction is of one field, not the whole record (the line names the option)",
    );
    assert_exit(
        &receive(&["--kind", "everything"]),
        2,
        "access",
        "an unknown kind",
    );
    let out = env.runp(&[
        "requests",
        "receive",
        "2099-99999",
        "--kind",
        "access",
        "--target",
        "record",
        "--requester",
        "김민수",
        "--capacity",
        "subject",
        "--check",
        "id-card",
        "--details",
        "사본",
    ]);
    assert_exit(&out, 1, "\n  chart_no: ", "an unknown chart number");
    // The option is named as the field the error line names (`--requester` above still works).
    assert_exit(
        &receive_from(" ", &["--kind", "access"]),
        1,
        "\n  requester_name: ",
        "a blank requester's name, named as its option is",
    );

    // The pinned clock is 2026-11-25 in Seoul: ten days to answer.
    let out = receive(&["--kind", "access", "--json"]);
    assert_ok(&out, "requests receive --json");
    let r: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (&r["chart_no"], &r["kind"], &r["due"], &r["days_left"]),
        (
            &serde_json::json!("2026-00001"),
            &serde_json::json!("access"),
            &serde_json::json!("2026-12-05"),
            &serde_json::json!(10)
        ),
        "{r}"
    );
    let out = env.runp(&["requests", "list"]);
    assert_ok(&out, "requests list");
    let text = stdout(&out);
    assert!(
        text.contains("2026-00001") && text.contains("열람") && text.contains("10일 남음"),
        "{text}"
    );
    let out = env.runp(&["--lang", "en", "requests", "list", "--all", "--json"]);
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");

    // Holds: placed with a reason, listed, lifted once.
    assert_ok(&env.runp(&["holds", "list"]), "no holds yet");
    assert!(stdout(&env.runp(&["holds", "list"])).contains("보류) 중인 기록이 없습니다"));
    assert_exit(
        &env.runp(&["holds", "place", "2026-00001", "--reason", "x"]),
        1,
        "\n  reason: ",
        "a reason too short to mean anything",
    );
    let out = env.runp(&["holds", "place", "2026-00001", "--reason", "진료비 분쟁 중"]);
    assert_ok(&out, "holds place");
    assert!(stdout(&out).contains("보류 1번"), "{}", stdout(&out));
    let out = env.runp(&["holds", "list", "--json"]);
    let holds: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (&holds[0]["id"], &holds[0]["chart_no"], &holds[0]["reason"]),
        (
            &serde_json::json!(1),
            &serde_json::json!("2026-00001"),
            &serde_json::json!("진료비 분쟁 중")
        ),
        "{holds}"
    );
    assert_ok(&env.runp(&["holds", "lift", "1"]), "holds lift");
    assert_exit(&env.runp(&["holds", "lift", "1"]), 1, "", "lifted twice");
    assert_eq!(stdout(&env.runp(&["holds", "list", "--json"])).trim(), "[]");

    // Each is in the access log, as from the app.
    let out = env.runp(&["audit", "list", "--json"]);
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let actions: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["action"].as_str())
        .collect();
    for a in [
        "privacy-request-received",
        "privacy-listed",
        "legal-hold-placed",
        "legal-hold-lifted",
    ] {
        assert!(actions.contains(&a), "{a} logged: {actions:?}");
    }

    // Under --staff, the app's roles: reception may do neither.
    assert_ok(&env.add_staff("desk.kim", "reception"), "add");
    let pw = env.secret("kim.pw", "a long enough password\n");
    for args in [&["holds", "list"][..], &["requests", "list"][..]] {
        let mut a = vec![
            "--staff",
            "desk.kim",
            "--staff-password-file",
            pw.to_str().unwrap(),
        ];
        a.extend_from_slice(args);
        assert_exit(
            &env.run(&a),
            1,
            "역할로는 할 수 없는",
            "reception is refused",
        );
    }
}

fn backups_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn backup_folder_auto_list_and_drill_keep_their_contract() {
    let e = Env::new();
    e.init();
    let usb = e.tmp.path().join("usb");
    // Nothing chosen yet; a folder that is not there is refused.
    assert_exit(
        &e.runp(&["backup", "--auto"]),
        1,
        "폴더",
        "no folder chosen",
    );
    assert_exit(
        &e.runp(&["backup", "folder", usb.to_str().unwrap()]),
        1,
        "USB",
        "missing folder",
    );
    std::fs::create_dir(&usb).unwrap();
    assert_ok(
        &e.runp(&["backup", "folder", usb.to_str().unwrap()]),
        "backup folder",
    );
    let out = e.runp(&["backup", "--auto"]);
    assert_ok(&out, "backup --auto");
    assert!(stdout(&out).contains("검사했습니다"), "{}", stdout(&out));
    assert_eq!(backups_in(&usb), ["jeopsu-backup-20261125-100000.jeopsubk"]);
    let out = e.runp(&["backup", "list", "--json"]);
    assert_ok(&out, "backup list --json");
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &list[0];
    assert_eq!(first["file"], "jeopsu-backup-20261125-100000.jeopsubk");
    assert_eq!(first["made_at"], "2026-11-25 10:00:00");
    assert_eq!(first["checked_ok"], true);
    assert_eq!(first["kept"], true);
    assert!(first["bytes"].as_u64().unwrap() > 0);
    let out = e.run(&[
        "--lang",
        "en",
        "--recovery-phrase-file",
        e.phrase().to_str().unwrap(),
        "backup",
        "list",
    ]);
    assert_ok(&out, "backup list");
    assert!(stdout(&out).contains("check passed"), "{}", stdout(&out));
    // A copy written outside the folder is listed apart, with where it went.
    let stick = e.tmp.path().join("stick");
    std::fs::create_dir(&stick).unwrap();
    let copy = stick.join("copy.jeopsubk");
    assert_ok(
        &e.runp(&["backup", "--out", copy.to_str().unwrap()]),
        "backup --out",
    );
    let out = e.runp(&["backup", "list"]);
    assert_ok(&out, "backup list, a copy elsewhere");
    let text = stdout(&out);
    assert!(
        text.contains("백업 폴더 밖에 만든 사본 (최근 1개")
            && text
                .lines()
                .any(|l| l.contains(copy.to_str().unwrap()) && l.ends_with("있음")),
        "{text}"
    );

    let file = usb.join("jeopsu-backup-20261125-100000.jeopsubk");
    let out = e.runp(&["backup", "drill", file.to_str().unwrap(), "--json"]);
    assert_ok(&out, "backup drill");
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(d["ok"], true);
    assert_eq!(d["counts"]["patients"], 0);
    // A damaged copy fails the drill with exit 1.
    let junk = e.file("junk.jeopsubk", "not a backup");
    assert_exit(
        &e.runp(&["backup", "drill", junk.to_str().unwrap()]),
        1,
        "복원 훈련 실패",
        "drill of a damaged file",
    );
    // Usage: nothing, or two at once, is exit 2.
    assert_eq!(e.runp(&["backup"]).status.code(), Some(2));
    assert_eq!(
        e.runp(&["backup", "--auto", "--out", "x.jeopsubk"])
            .status
            .code(),
        Some(2)
    );
}

/// A disk that fills up during a scheduled backup: exit 1 with the disk-full message, the
/// earlier copy as it was, nothing under a new final name, no temporary file left.
/// (Linux: the limit is set with `prlimit`.)
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_during_a_backup_keeps_the_earlier_copies() {
    let e = Env::new();
    e.init();
    let usb = e.tmp.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    assert_ok(
        &e.runp(&["backup", "folder", usb.to_str().unwrap()]),
        "backup folder",
    );
    assert_ok(&e.runp(&["backup", "--auto"]), "first backup");
    let first = backups_in(&usb);
    let first_bytes = std::fs::read(usb.join(&first[0])).unwrap();
    // The next day, no file may grow past the first backup's size minus a little: the export or
    // the backup file itself hits the limit.
    let limit = first_bytes.len() - 64;
    let script = format!(
        "trap '' XFSZ; JEOPSU_TEST_NOW=2026-11-26T01:00:00Z exec prlimit --fsize={limit} -- {BIN} --data-dir {} --recovery-phrase-file {} backup --auto",
        e.dir().display(),
        e.phrase().display(),
    );
    let out = Command::new("bash").args(["-c", &script]).output().unwrap();
    no_panic(&out);
    assert_eq!(out.status.code(), Some(1), "stderr {}", stderr(&out));
    assert!(stderr(&out).contains("디스크가 가득"), "{}", stderr(&out));
    assert_eq!(backups_in(&usb), first, "no new file, no temporary file");
    assert_eq!(std::fs::read(usb.join(&first[0])).unwrap(), first_bytes);
    assert_ok(&e.runp(&["verify"]), "database consistent");
}

/// A password or phrase file others can read is refused, naming the file; nothing is opened.
/// (Unix: Windows files have no mode bits; there the secret's folder, the user's own, keeps it.)
#[cfg(unix)]
#[test]
fn a_password_or_phrase_file_others_can_read_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let e = Env::new();
    e.init();
    let pw = e.file("open-pw.txt", "a long enough password\n");
    std::fs::set_permissions(&pw, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = e.runp(&[
        "staff",
        "add",
        "--username",
        "open.pw",
        "--role",
        "reception",
        "--password-file",
        pw.to_str().unwrap(),
    ]);
    assert_exit(&out, 2, "open-pw.txt", "group-readable password file");
    assert!(stderr(&out).contains("chmod 600"), "{}", stderr(&out));
    std::fs::set_permissions(e.phrase(), std::fs::Permissions::from_mode(0o640)).unwrap();
    let out = e.runp(&["verify"]);
    assert_exit(&out, 2, "phrase.txt", "group-readable phrase file");
    std::fs::set_permissions(e.phrase(), std::fs::Permissions::from_mode(0o600)).unwrap();
    assert_eq!(
        e.staff_json().as_array().unwrap().len(),
        0,
        "nobody was added"
    );
}

/// `key forget`, the Windows uninstaller's step before it deletes the data: only with --yes;
/// then this database's keys are gone from the keyring and the staff password opens nothing,
/// until the recovery phrase puts the device key back.
#[test]
fn key_forget_removes_this_databases_keys_and_the_phrase_puts_them_back() {
    let e = Env::with_keyring();
    assert_ok(&e.add_staff("before", "admin"), "add");
    let pw = e.secret("pw.txt", "a long enough password\n");
    let as_staff = || {
        e.run(&[
            "--staff",
            "before",
            "--staff-password-file",
            pw.to_str().unwrap(),
            "verify",
        ])
    };
    assert_ok(&as_staff(), "her password opens it");
    assert_exit(&e.run(&["key", "forget"]), 2, "--yes", "without --yes");
    assert_ok(&as_staff(), "nothing removed without --yes");
    let out = e.run(&["key", "forget", "--yes"]);
    assert_ok(&out, "key forget --yes");
    assert!(stdout(&out).contains("1개"), "{}", stdout(&out));
    assert!(
        !as_staff().status.success(),
        "the password opens nothing now"
    );
    let out = e.run(&["key", "forget", "--yes"]);
    assert!(
        stdout(&out).contains("0개"),
        "nothing left: {}",
        stdout(&out)
    );
    assert_ok(&e.runp(&["key", "to-keyring"]), "the phrase puts it back");
    assert_ok(&as_staff(), "and her password opens it again");
}

/// No file of a restore's staging (`*.restore-partial`, the marker) is left in `dir`.
fn nothing_staged_left(dir: &Path, step: u32) {
    let left: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|d| d.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("restore"))
        .collect();
    assert!(
        left.is_empty(),
        "step {step}: nothing staged is left: {left:?}"
    );
}

/// An installation with one admin account, "before", and a backup of it (`b.jeopsubk`).
fn with_a_backup() -> (Env, PathBuf) {
    let e = Env::new();
    e.init();
    assert_ok(&e.add_staff("before", "admin"), "add");
    let bk = e.tmp.path().join("b.jeopsubk");
    assert_ok(
        &e.runp(&["backup", "--out", bk.to_str().unwrap()]),
        "backup",
    );
    (e, bk)
}

/// A restore killed at every step (a test-only abort between the steps; a release build has no
/// such code): the next command finds the old data (before the marker) or the new (after it),
/// whole, and never an empty folder asking for setup.
#[test]
fn a_restore_killed_at_every_step_leaves_the_old_or_the_new_data_whole() {
    for step in 1..=6 {
        let (e, bk) = with_a_backup();
        assert_ok(&e.add_staff("after", "reception"), "add after");
        let out = Command::new(BIN)
            .env("JEOPSU_TEST_NOW", "2026-11-25T01:00:00Z")
            .env("JEOPSU_TEST_RESTORE_CRASH_AT", step.to_string())
            .arg("--data-dir")
            .arg(e.dir())
            .arg("--recovery-phrase-file")
            .arg(e.phrase())
            .args(["restore", bk.to_str().unwrap(), "--force", "--no-keyring"])
            .output()
            .unwrap();
        assert!(!out.status.success(), "step {step}: the process was killed");
        // The next command completes or discards it, and the data is whole.
        assert_ok(
            &e.runp(&["verify"]),
            &format!("verify after a kill at step {step}"),
        );
        let names: Vec<String> = e
            .staff_json()
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["username"].as_str().unwrap().to_string())
            .collect();
        let expected: &[&str] = if step == 1 {
            &["after", "before"]
        } else {
            &["before"]
        };
        let mut names = names;
        names.sort();
        assert_eq!(
            names, expected,
            "step {step}: the old data before the marker, the new after"
        );
        // The restored copy was logged (and destroyed again what it should) before it moved in:
        // an interrupted restore is in the log as a finished one is.
        let logged = stdout(&e.runp(&["audit", "list", "--json"])).contains("restored-from-backup");
        assert_eq!(logged, step > 1, "step {step}: the restore's log row");
        nothing_staged_left(&e.dir(), step);
    }
}

/// The same on a new PC, where the key slots and the sign-in counters are staged with the data:
/// killed at any step, the next command finds an empty folder (before the marker) or the whole
/// restored installation, in which the account signs in with its own password (after it).
#[test]
fn a_restore_onto_a_new_pc_killed_at_every_step_leaves_nothing_or_everything() {
    let (e, bk) = with_a_backup();
    let pw = e.secret("pw.txt", "a long enough password\n");
    for step in 1..=6 {
        let new_pc = e.tmp.path().join(format!("new-pc-{step}"));
        let run = |crash: Option<u32>, args: &[&str]| {
            let mut c = Command::new(BIN);
            c.env("JEOPSU_TEST_NOW", "2026-11-25T01:00:00Z");
            if let Some(n) = crash {
                c.env("JEOPSU_TEST_RESTORE_CRASH_AT", n.to_string());
            }
            c.arg("--data-dir")
                .arg(&new_pc)
                .args(args)
                .output()
                .unwrap()
        };
        let out = run(
            Some(step),
            &[
                "--recovery-phrase-file",
                e.phrase().to_str().unwrap(),
                "restore",
                bk.to_str().unwrap(),
                "--no-keyring",
            ],
        );
        assert!(!out.status.success(), "step {step}: the process was killed");
        let out = run(
            None,
            &[
                "--staff",
                "before",
                "--staff-password-file",
                pw.to_str().unwrap(),
                "verify",
            ],
        );
        if step == 1 {
            assert_exit(
                &out,
                2,
                "jeopsu init",
                &format!("step {step}: nothing was restored"),
            );
        } else {
            assert_ok(&out, &format!("step {step}: her own password opens it"));
            let out = run(
                None,
                &[
                    "--recovery-phrase-file",
                    e.phrase().to_str().unwrap(),
                    "audit",
                    "list",
                    "--json",
                ],
            );
            assert!(
                stdout(&out).contains("restored-from-backup"),
                "step {step}: the interrupted restore is in the log"
            );
        }
        nothing_staged_left(&new_pc, step);
    }
}

/// An import file past the size cap is refused whole before it is read, saying why.
#[test]
fn an_import_file_past_the_cap_is_refused_saying_so() {
    let e = Env::new();
    e.init();
    let big = e.tmp.path().join("big.csv");
    std::fs::File::create(&big)
        .unwrap()
        .set_len((64 << 20) + 1)
        .unwrap();
    let out = e.runp(&["import", "patients", big.to_str().unwrap()]);
    assert_exit(&out, 1, "64 MB", "an import file past 64 MB");
}

/// A disk that is really full (ENOSPC, not a file-size limit): a small tmpfs in a mount
/// namespace of the test's own (`unshare --user --mount`, no privileges), the database on it,
/// the rest of the space taken. A change is refused with the disk-full message; once space is
/// freed, the database verifies and holds everything written before, and not the refused change.
/// (Linux: a user and mount namespace.)
#[cfg(target_os = "linux")]
#[test]
fn a_really_full_disk_refuses_the_change_and_loses_nothing() {
    let e = Env::new();
    let t = e.tmp.path().join("small");
    std::fs::create_dir(&t).unwrap();
    let pw = e.secret("pw.txt", "a long enough password\n");
    let out_dir = e.tmp.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let script = format!(
        r#"set -u
mount -t tmpfs -o size=6m tmpfs {t} || exit 90
J() {{ JEOPSU_TEST_NOW=2026-11-25T01:00:00Z {bin} --data-dir {t}/data "$@"; }}
J init --no-keyring --recovery-phrase-out {t}/phrase >/dev/null 2>&1 || exit 91
P="--recovery-phrase-file {t}/phrase"
J $P staff add --username first.one --role reception --password-file {pw} >/dev/null 2>&1 || exit 92
dd if=/dev/zero of={t}/fill bs=4k >/dev/null 2>&1
J $P staff add --username second.one --role reception --password-file {pw} > {o}/full.out 2> {o}/full.err
echo $? > {o}/full.code
rm -f {t}/fill
J $P verify > {o}/verify.out 2>&1; echo $? > {o}/verify.code
J $P staff list --json > {o}/list.json 2>/dev/null
ls {t}/data > {o}/files.txt
"#,
        t = t.display(),
        bin = BIN,
        pw = pw.display(),
        o = out_dir.display(),
    );
    let status = Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount", "sh", "-c", &script])
        .status()
        .unwrap();
    assert_eq!(
        status.code(),
        Some(0),
        "the script itself (90 mount, 91 init, 92 first add)"
    );
    let read = |f: &str| std::fs::read_to_string(out_dir.join(f)).unwrap();
    assert_eq!(
        read("full.code").trim(),
        "1",
        "refused: {}",
        read("full.err")
    );
    assert!(
        read("full.err").contains("디스크가 가득 찼"),
        "{}",
        read("full.err")
    );
    assert!(!read("full.err").contains("panicked"));
    assert_eq!(read("verify.code").trim(), "0", "{}", read("verify.out"));
    let list: serde_json::Value = serde_json::from_str(&read("list.json")).unwrap();
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["username"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["first.one"],
        "the earlier account kept, the refused one not there"
    );
    assert!(
        !read("files.txt").contains(".partial"),
        "{}",
        read("files.txt")
    );
}

/// A crash at each step of a slot change that replaces the device secret (disabling an
/// account): the process aborts after the new secret is stored as "next" (1), after the new slot
/// file is written but before the commit (2), after the commit (3). Every time, the others still
/// sign in, the database verifies, and disabling again finishes the job.
#[test]
fn a_crash_at_each_step_of_disabling_an_account_locks_nobody_else_out() {
    for point in 1..=3 {
        let e = Env::with_keyring();
        assert_ok(&e.add_staff("desk.kim", "reception"), "add");
        assert_ok(&e.add_staff("leaving.lee", "reception"), "add");
        let pw = e.secret("pw.txt", "a long enough password\n");
        let p = pw.to_str().unwrap().to_string();
        let search_as = |user: &str| {
            e.run(&[
                "--staff",
                user,
                "--staff-password-file",
                &p,
                "patients",
                "search",
                "김",
            ])
        };
        let phrase = e.phrase();
        let crashed = Command::new(BIN)
            .env("JEOPSU_TEST_NOW", "2026-11-25T01:00:00Z")
            .env("JEOPSU_TEST_SLOTS_CRASH_AT", point.to_string())
            .arg("--data-dir")
            .arg(e.dir())
            .args(["--recovery-phrase-file", phrase.to_str().unwrap()])
            .args(["staff", "disable", "--username", "leaving.lee"])
            .output()
            .unwrap();
        assert_ne!(
            crashed.status.code(),
            Some(0),
            "point {point}: the process aborted"
        );
        assert_ok(
            &search_as("desk.kim"),
            &format!("point {point}: desk.kim signs in"),
        );
        assert_ok(&e.runp(&["verify"]), &format!("point {point}: verify"));
        let leaver = search_as("leaving.lee");
        if point == 1 {
            assert_ok(
                &leaver,
                "point 1: nothing changed yet, the account still works",
            );
        } else {
            assert_exit(
                &leaver,
                1,
                "아이디 또는 비밀번호",
                &format!("point {point}: the slot is gone"),
            );
        }
        assert_ok(
            &e.runp(&["staff", "disable", "--username", "leaving.lee"]),
            &format!("point {point}: disabling again"),
        );
        assert_exit(
            &search_as("leaving.lee"),
            1,
            "아이디 또는 비밀번호",
            "disabled",
        );
        assert_ok(
            &search_as("desk.kim"),
            &format!("point {point}: desk.kim after"),
        );
    }
}

/// Every `--json` contract, key by key, against the golden files in `tests/snapshots`
/// (insta): a key renamed, added, dropped or moved fails here and shows the difference. The
/// clock is pinned and the OS user named, so the values are the same on every machine; only
/// what is random per database (the wording hashes stay: they are the wording's) is redacted.
/// After a deliberate change: `INSTA_UPDATE=always cargo test -p jeopsu-cli --test cli json_`
/// and review the new files.
#[test]
fn json_contracts_are_pinned_key_by_key() {
    let e = Env::new();
    // Every step as the same named OS user, so the logged actor is the same on every machine.
    let run = |args: &[&str]| -> Output {
        let out = Command::new(BIN)
            .env("JEOPSU_TEST_NOW", "2026-11-25T01:00:00Z")
            .env("USER", "golden")
            .arg("--data-dir")
            .arg(e.dir())
            .args(args)
            .output()
            .unwrap();
        no_panic(&out);
        assert_ok(&out, &args.join(" "));
        out
    };
    let phrase = e.phrase();
    let phrase = phrase.to_str().unwrap();
    run(&["init", "--no-keyring", "--recovery-phrase-out", phrase]);
    let pw = e.secret("pw.txt", "a long enough password\n");
    run(&[
        "--recovery-phrase-file",
        phrase,
        "staff",
        "add",
        "--username",
        "desk.kim",
        "--role",
        "reception",
        "--password-file",
        pw.to_str().unwrap(),
    ]);
    let csv = patients_csv(
        &e,
        "김하나,1980-01-01,800101-1234567,M,서울특별시 강남구 1,,010-1111-2222,,,y\n\
         이어린,2015-03-04,150304-4234567,F,서울특별시 강남구 2,02-123-4567,,,,n\n",
    );
    run(&[
        "--recovery-phrase-file",
        phrase,
        "import",
        "patients",
        csv.to_str().unwrap(),
    ]);
    let json = |args: &[&str]| -> serde_json::Value {
        let mut all = vec!["--recovery-phrase-file", phrase];
        all.extend_from_slice(args);
        serde_json::from_slice(&run(&all).stdout).unwrap()
    };
    let adult = "2026-00001";
    let child = "2026-00002";
    insta::assert_json_snapshot!("staff_list", json(&["staff", "list", "--json"]));
    insta::assert_json_snapshot!(
        "patients_search",
        json(&["patients", "search", "이어린", "--json"])
    );
    insta::assert_json_snapshot!(
        "patients_show",
        json(&["patients", "show", adult, "--json"])
    );
    insta::assert_json_snapshot!(
        "consents_list",
        json(&["consents", "list", child, "--json"])
    );
    insta::assert_json_snapshot!(
        "visits_checkin",
        json(&[
            "visits",
            "checkin",
            adult,
            "--id-check",
            "id-card",
            "--json"
        ])
    );
    insta::assert_json_snapshot!("visits_list", json(&["visits", "list", "--json"]));
    insta::assert_json_snapshot!(
        "appointments_add",
        json(&[
            "appointments",
            "add",
            child,
            "--at",
            "2026-11-26 10:30",
            "--json"
        ])
    );
    insta::assert_json_snapshot!(
        "appointments_list",
        json(&["appointments", "list", "--date", "2026-11-26", "--json"])
    );
    insta::assert_json_snapshot!(
        "retention_preview",
        json(&["retention", "preview", "--json"])
    );
    insta::assert_json_snapshot!("verify", json(&["verify", "--json"]));
    // The log: its rows' MACs are the database's own (a random key): redacted.
    insta::assert_json_snapshot!(
        "audit_list",
        json(&["audit", "list", "--stream", "permission", "--json"]),
        { "[].mac" => "[mac]" }
    );
}
