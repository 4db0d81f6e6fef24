//! `make bench` (scale): one table from 10,000 to 1,000,000 patients (BENCHMARKS.md "Scaling").
//!
//! For each size, a fresh encrypted database:
//! - the import three ways, side by side: `patients::import` (what `jeopsu import patients`
//!   calls), its floor (the same rows written into the same tables and indexes, the search index
//!   included, in one transaction, with no validation, no sealing and no log chain), and the
//!   command itself (`jeopsu import patients FILE`, the release binary, opened with the recovery
//!   phrase) on the same rows as CSV files of at most 200,000 rows (the import takes 300,000 at
//!   most per file, so 1,000,000 is five files, as a clinic would split it);
//! - five visits per patient, written straight into the tables over twelve years (a tenth of
//!   the patients last seen twelve years ago, so the retention run has work);
//! - the desk's operations: search (with its committed log row), registration, check-in;
//! - the process's resident memory after `verify` and after a backup, against before them;
//! - retention preview and run, `verify`, backup and restore, and opening the database (unlock
//!   with the recovery phrase at a low cost, and the first search), as a sign-in does after its
//!   key derivation.
//!
//! Prints a Markdown table with a growth column (largest size / 10,000; none for the rows of
//! resident memory, which are differences, printed with their sign). `JEOPSU_BENCH_MAX`
//! caps the largest size; `JEOPSU_BENCH_IMPORT_ONLY=1` measures the three imports and stops
//! (for profiling the import). `JEOPSU_BENCH_FLOOR_PARTS=1` also runs the floor again and
//! then with each of its parts left out (the search index, the secondary indexes, the consent
//! row, the log row), the search index flushed less often or a larger page cache, each in a
//! fresh database: what each part of the floor costs. `JEOPSU_BENCH_CLI_BESIDE=PATH` runs
//! another build of the CLI (say, one built from the commit before a change) on the same files
//! in the same run, in a row of its own. Needs the release CLI (`cargo build --release -p
//! jeopsu-cli`, which `make bench` does) for the command column; without it that column says
//! so.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

mod common;

use chrono::{Duration as Days, Utc};
use common::{actor, import_rows, ms, new_store, pct, person, queries, write_csv};
use jeopsu_core::time;
use jeopsu_core::visit::IdCheckInput;
use jeopsu_store::patients::{self, Duplicates};
use jeopsu_store::visits::{self, CheckinInput};
use jeopsu_store::{Store, Unlock, backup, retention};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const SIZES: [usize; 4] = [10_000, 50_000, 200_000, 1_000_000];
/// Rows per import call and per CSV file (the import's own limit is 300,000).
const CHUNK: usize = 200_000;
const VISITS_PER_PATIENT: usize = 5;

/// One line of the table: a name, a unit and a figure per size; `growth` is false for a line of
/// differences (memory after against before), where a ratio of two sizes means nothing.
struct Line {
    name: &'static str,
    unit: &'static str,
    values: Vec<Option<f64>>,
    growth: bool,
}

struct Table(Vec<Line>);

/// A figure to three significant places or so; a difference (`signed`) with its sign.
fn figure(v: f64, signed: bool) -> String {
    let places = match v.abs() {
        a if a >= 100.0 => 0,
        a if a >= 10.0 => 1,
        _ => 2,
    };
    if signed {
        format!("{v:+.places$}")
    } else {
        format!("{v:.places$}")
    }
}

impl Table {
    fn put(&mut self, name: &'static str, unit: &'static str, col: usize, v: f64) {
        self.put_line(name, unit, col, v, true);
    }

    /// A figure that is a difference (after against before): printed with its sign, and the
    /// line has no growth ratio.
    fn put_difference(&mut self, name: &'static str, unit: &'static str, col: usize, v: f64) {
        self.put_line(name, unit, col, v, false);
    }

    fn put_line(
        &mut self,
        name: &'static str,
        unit: &'static str,
        col: usize,
        v: f64,
        growth: bool,
    ) {
        let i = match self.0.iter().position(|l| l.name == name) {
            Some(i) => i,
            None => {
                self.0.push(Line {
                    name,
                    unit,
                    values: vec![None; SIZES.len()],
                    growth,
                });
                self.0.len() - 1
            }
        };
        self.0[i].values[col] = Some(v);
    }

    fn print(&self, sizes: usize) {
        self.print_to(sizes, &mut std::io::stdout());
    }

    fn print_to(&self, sizes: usize, out: &mut dyn std::io::Write) {
        let head: Vec<String> = SIZES[..sizes].iter().map(|s| format!("{s}")).collect();
        writeln!(out, "| | {} | growth |", head.join(" | ")).unwrap();
        writeln!(out, "|---|{}---:|", "---:|".repeat(sizes)).unwrap();
        for l in &self.0 {
            let cells: Vec<String> = l.values[..sizes]
                .iter()
                .map(|v| match v {
                    Some(v) => format!("{} {}", figure(*v, !l.growth), l.unit),
                    None => "-".into(),
                })
                .collect();
            let growth = match (l.values[0], l.values[sizes - 1]) {
                (Some(a), Some(b)) if l.growth && a > 0.0 && sizes > 1 => {
                    format!("{:.1}x", b / a)
                }
                _ => "-".into(),
            };
            writeln!(out, "| {} | {} | {growth} |", l.name, cells.join(" | ")).unwrap();
        }
    }
}

/// This process's resident memory in MB (`VmRSS`), where the system says it (Linux).
fn resident_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kb / 1024.0)
}

/// The release `jeopsu` beside this benchmark's own binary (target/release/deps/..).
fn release_cli() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let cli = exe.parent()?.parent()?.join("jeopsu");
    cli.exists().then_some(cli)
}

/// What the floor writes: all of it, or with one part left out (`JEOPSU_BENCH_FLOOR_PARTS`).
#[derive(Clone, Copy)]
struct Parts {
    search: bool,
    consent: bool,
    log: bool,
}

const ALL: Parts = Parts {
    search: true,
    consent: true,
    log: true,
};

/// The floor's parts, each left out once (or changed), in a fresh database of its own:
/// (row name, what is written, SQL run on the empty database before the timed writes).
const FLOOR_PARTS: [(&str, Parts, &str); 6] = [
    (
        "floor without the search index",
        Parts {
            search: false,
            ..ALL
        },
        "",
    ),
    (
        "floor without the patients' seven secondary indexes",
        ALL,
        "DROP INDEX patients_name; DROP INDEX patients_initials; DROP INDEX patients_birth;
         DROP INDEX patients_phone; DROP INDEX patients_mobile; DROP INDEX patients_phone_last4;
         DROP INDEX patients_mobile_last4;",
    ),
    (
        "floor without the consent row",
        Parts {
            consent: false,
            ..ALL
        },
        "",
    ),
    ("floor without the log row", Parts { log: false, ..ALL }, ""),
    (
        "floor, the search index flushed every 64 MiB (not 1 MiB)",
        ALL,
        "INSERT INTO patient_search (patient_search, rank) VALUES ('hashsize', 67108864);",
    ),
    (
        "floor, with a 256 MiB page cache (not 64 MiB)",
        ALL,
        "PRAGMA cache_size = -262144;",
    ),
];

/// The floor under the import: the same rows, computed beforehand, written into the same tables
/// and indexes in one transaction.
fn floor(store: &mut Store, range: std::ops::Range<usize>, parts: Parts) -> Duration {
    struct Row {
        name: String,
        initials: String,
        birth: String,
        gender: String,
        mac: Vec<u8>,
        masked: String,
        address: String,
        mobile: String,
        last4: String,
        digits: String,
    }
    let rows: Vec<Row> = range
        .clone()
        .map(|i| {
            let p = person(i);
            Row {
                initials: jeopsu_core::hangul::initials(&p.name),
                masked: format!("{}******", &p.rrn[..8]),
                mac: {
                    let mut m = vec![0u8; 32];
                    m[..8].copy_from_slice(&(i as u64).to_le_bytes());
                    m
                },
                last4: p.mobile[p.mobile.len() - 4..].to_string(),
                digits: p.mobile.replace('-', ""),
                name: p.name,
                birth: p.birth_date,
                gender: p.gender,
                address: p.address,
                mobile: p.mobile,
            }
        })
        .collect();
    let sealed = vec![7u8; 60];
    let at = time::to_stored(Utc::now());
    let t = Instant::now();
    store
        .write(|tx| {
            let c = tx.conn();
            let mut pat = c.prepare(
                "INSERT INTO patients (chart_no, name, name_initials, birth_date, gender, rrn_sealed,
                   rrn_mac, rrn_masked, address, phone, mobile, phone_last4, mobile_last4, email,
                   service_status, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, NULL, ?10, NULL, ?11, NULL, NULL, ?12, ?12)",
            )?;
            let mut idx =
                c.prepare("INSERT INTO patient_search (rowid, name, digits) VALUES (?1, ?2, ?3)")?;
            let mut consent = c.prepare(
                "INSERT INTO consents (patient_id, item, granted, signer, method, recorded_at, actor)
                 VALUES (?1, 'marketing', 0, 'import', 'import', ?2, 'bench')",
            )?;
            let mut log = c.prepare(
                "INSERT INTO audit_log (stream, seq, at, actor, action, subject_kind, subject_id,
                   reason, detail, mac)
                 VALUES ('access', ?1, ?2, 'cli:bench', 'patient-registered', 'patient', ?3, NULL,
                   '{\"import\":true}', ?4)",
            )?;
            for (i, r) in range.clone().zip(&rows) {
                pat.execute(rusqlite::params![
                    format!("F-{i:07}"),
                    r.name,
                    r.initials,
                    r.birth,
                    r.gender,
                    sealed,
                    r.mac,
                    r.masked,
                    r.address,
                    r.mobile,
                    r.last4,
                    at
                ])?;
                let id = c.last_insert_rowid();
                if parts.search {
                    idx.execute(rusqlite::params![id, r.name, r.digits])?;
                }
                if parts.consent {
                    consent.execute(rusqlite::params![id, at])?;
                }
                if parts.log {
                    log.execute(rusqlite::params![
                        // Past any sequence number the real log has, unique over all the files.
                        1_000_000_000 + i as i64,
                        at,
                        id.to_string(),
                        r.mac
                    ])?;
                }
            }
            Ok(())
        })
        .unwrap();
    t.elapsed()
}

/// The floor for `size` rows in a fresh database, `setup` run on it first: its time, and the
/// size of its write-ahead log at the end (MB) before the database is closed.
fn floor_in_fresh(tmp: &Path, size: usize, parts: Parts, setup: &str) -> (Duration, f64) {
    let dir = tmp.join("floor");
    let (mut f, _v, _p) = new_store(&dir);
    if !setup.is_empty() {
        f.write(|tx| Ok(tx.conn().execute_batch(setup)?)).unwrap();
    }
    let mut d = Duration::ZERO;
    for start in (0..size).step_by(CHUNK) {
        d += floor(&mut f, start..(start + CHUNK).min(size), parts);
    }
    let wal = std::fs::metadata(dir.join("jeopsu.db-wal"))
        .map(|m| m.len() as f64 / 1e6)
        .unwrap_or(0.0);
    drop(f);
    std::fs::remove_dir_all(&dir).unwrap();
    (d, wal)
}

/// `jeopsu import patients FILE` for each file of `range`, opened with the recovery phrase.
fn command(cli: &Path, tmp: &Path, size: usize) -> Duration {
    let dir = tmp.join("cmd");
    let (store, _vault, phrase) = new_store(&dir);
    drop(store);
    let phrase_file = tmp.join("phrase");
    let words: Vec<String> = phrase.groups().iter().map(|g| g.to_string()).collect();
    std::fs::write(&phrase_file, words.join("-")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&phrase_file, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let mut files = vec![];
    for (n, start) in (0..size).step_by(CHUNK).enumerate() {
        let f = tmp.join(format!("patients-{n}.csv"));
        write_csv(&f, start..(start + CHUNK).min(size));
        files.push(f);
    }
    let t = Instant::now();
    for f in &files {
        let out = Command::new(cli)
            .arg("--data-dir")
            .arg(&dir)
            .arg("--recovery-phrase-file")
            .arg(&phrase_file)
            .args(["--lang", "en", "import", "patients"])
            .arg(f)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let took = t.elapsed();
    std::fs::remove_dir_all(&dir).unwrap();
    took
}

fn main() {
    let max: usize = std::env::var("JEOPSU_BENCH_MAX")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let import_only = std::env::var_os("JEOPSU_BENCH_IMPORT_ONLY").is_some();
    let cli = release_cli();
    let who = actor();
    let mut t = Table(vec![]);
    let mut done = 0;
    for (col, &size) in SIZES.iter().enumerate() {
        if size > max {
            break;
        }
        eprintln!("scale: {size} patients");
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("data");
        let (mut store, _vault, phrase) = new_store(&dir);

        // The import, three ways.
        let mut import = Duration::ZERO;
        for start in (0..size).step_by(CHUNK) {
            let rows = import_rows(start..(start + CHUNK).min(size));
            let t0 = Instant::now();
            patients::import(&mut store, &who, &rows, false, &mut |_, _| {}).unwrap();
            import += t0.elapsed();
        }
        let floor_time = floor_in_fresh(tmp.path(), size, ALL, "").0;
        t.put("import: `patients::import`", "s", col, import.as_secs_f64());
        t.put(
            "import: its floor (same rows, no checks)",
            "s",
            col,
            floor_time.as_secs_f64(),
        );
        t.put(
            "import: `patients::import` / floor",
            "x",
            col,
            import.as_secs_f64() / floor_time.as_secs_f64(),
        );
        if std::env::var_os("JEOPSU_BENCH_FLOOR_PARTS").is_some() {
            let (again, wal) = floor_in_fresh(tmp.path(), size, ALL, "");
            t.put(
                "floor, again (the parts below are against this)",
                "s",
                col,
                again.as_secs_f64(),
            );
            t.put(
                "floor, again: its write-ahead log at the end",
                "MB",
                col,
                wal,
            );
            for (name, parts, setup) in FLOOR_PARTS {
                let (d, _wal) = floor_in_fresh(tmp.path(), size, parts, setup);
                t.put(name, "s", col, d.as_secs_f64());
            }
        }
        if let Some(beside) = std::env::var_os("JEOPSU_BENCH_CLI_BESIDE") {
            let cmd = command(Path::new(&beside), tmp.path(), size);
            t.put(
                "import: the command, the build beside (`JEOPSU_BENCH_CLI_BESIDE`)",
                "s",
                col,
                cmd.as_secs_f64(),
            );
            t.put(
                "import: the build beside / floor",
                "x",
                col,
                cmd.as_secs_f64() / floor_time.as_secs_f64(),
            );
        }
        if let Some(cli) = &cli {
            let cmd = command(cli, tmp.path(), size);
            t.put(
                "import: `jeopsu import patients` (files of 200,000)",
                "s",
                col,
                cmd.as_secs_f64(),
            );
            t.put(
                "import: the command / floor",
                "x",
                col,
                cmd.as_secs_f64() / floor_time.as_secs_f64(),
            );
        }

        if import_only {
            done = col + 1;
            continue;
        }

        // Five visits per patient over twelve years, ending yesterday; a tenth of the patients
        // last seen twelve years ago.
        let today = time::seoul_date(Utc::now());
        let span = 365 * 12;
        let first = today - Days::days(span);
        let n = size * VISITS_PER_PATIENT;
        store
            .write(|tx| {
                let c = tx.conn();
                let mut v = c.prepare(
                    "INSERT INTO visits (patient_id, day, day_no, checked_in_at, id_check, actor)
                     VALUES (?1, ?2, ?3, ?4, 'id-card', 'bench')",
                )?;
                let mut e = c.prepare(
                    "INSERT INTO visit_events (visit_id, from_status, to_status, undo, at, actor)
                     VALUES (?1, NULL, 'done', 0, ?2, 'bench')",
                )?;
                for k in 0..n {
                    let patient = 1 + (k * 7919) % size;
                    let mut back = (k as i64 * span) / n as i64;
                    if patient % 10 == 0 {
                        // Within the first of the twelve years.
                        back %= 365;
                    }
                    let day = first + Days::days(back);
                    let at = time::to_stored(time::seoul_midnight(day).unwrap() + Days::hours(9));
                    v.execute(rusqlite::params![
                        patient as i64,
                        day.to_string(),
                        // Unique, as (day, day_no) must be; the numbers mean nothing here.
                        (1 + k) as i64,
                        at
                    ])?;
                    e.execute(rusqlite::params![c.last_insert_rowid(), at])?;
                }
                Ok(())
            })
            .unwrap();
        store
            .write(|tx| {
                tx.conn().execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")?;
                Ok(())
            })
            .ok();
        let db_bytes = std::fs::metadata(dir.join("jeopsu.db")).unwrap().len();
        t.put("database on disk", "MB", col, db_bytes as f64 / 1e6);

        // The desk.
        let mut search: Vec<Duration> = queries(1_000, size)
            .iter()
            .map(|q| {
                let t0 = Instant::now();
                patients::search(&mut store, &who, q).unwrap();
                t0.elapsed()
            })
            .collect();
        t.put(
            "search with its log row: p50",
            "ms",
            col,
            ms(pct(&mut search, 0.5)),
        );
        t.put(
            "search with its log row: p99",
            "ms",
            col,
            ms(pct(&mut search, 0.99)),
        );
        let mut register = vec![];
        for k in 0..200 {
            let mut p = person(20_000_000 + k);
            p.rrn = format!("{}9{:05}", &p.rrn[..8], k);
            p.mobile = format!("010-9{:03}-{:04}", k / 10_000, k % 10_000);
            let t0 = Instant::now();
            patients::register(&mut store, &who, &p, Duplicates::Confirmed, &[]).unwrap();
            register.push(t0.elapsed());
        }
        t.put("register: p50", "ms", col, ms(pct(&mut register, 0.5)));
        t.put("register: p99", "ms", col, ms(pct(&mut register, 0.99)));
        let mut checkin = vec![];
        for i in 0..200 {
            let input = CheckinInput {
                id_check: IdCheckInput {
                    method: "id-card".into(),
                    reason: String::new(),
                },
                ..Default::default()
            };
            let t0 = Instant::now();
            visits::checkin(&mut store, &who, (1 + i * 37) as i64, &input).unwrap();
            checkin.push(t0.elapsed());
        }
        t.put("check-in: p50", "ms", col, ms(pct(&mut checkin, 0.5)));
        t.put("check-in: p99", "ms", col, ms(pct(&mut checkin, 0.99)));

        // Retention.
        let mut preview = vec![];
        let mut due = 0;
        for _ in 0..3 {
            let t0 = Instant::now();
            let d = retention::preview(&mut store, &who).unwrap();
            preview.push(t0.elapsed());
            due = d.iter().map(|x| x.count).sum::<i64>();
        }
        t.put(
            "retention preview: median of 3",
            "ms",
            col,
            ms(pct(&mut preview, 0.5)),
        );
        let t0 = Instant::now();
        let gone = retention::run(&mut store, &who, Some(today)).unwrap();
        let run = t0.elapsed();
        assert_eq!(gone.iter().map(|x| x.count).sum::<i64>(), due);
        t.put("retention run", "s", col, run.as_secs_f64());
        t.put("retention run: records destroyed", "", col, due as f64);

        // verify, backup, restore; and the process's resident memory after a check and a backup
        // against before them (a check's larger page cache is freed after it, and handed back
        // to the system: db.rs).
        let rss0 = resident_mb();
        let t0 = Instant::now();
        store.verify(&who).unwrap();
        t.put("`verify`", "s", col, t0.elapsed().as_secs_f64());
        let rss1 = resident_mb();
        let file = tmp.path().join("backup.jeopsu");
        let t0 = Instant::now();
        store.backup(&who, &file, &mut |_| {}).unwrap();
        if let (Some(a), Some(b), Some(c)) = (rss0, rss1, resident_mb()) {
            t.put_difference(
                "resident memory after `verify`, against before it",
                "MB",
                col,
                b - a,
            );
            t.put_difference(
                "resident memory after the backup, against before `verify`",
                "MB",
                col,
                c - a,
            );
        }
        t.put(
            "backup (written and checked)",
            "s",
            col,
            t0.elapsed().as_secs_f64(),
        );
        t.put(
            "backup file",
            "MB",
            col,
            std::fs::metadata(&file).unwrap().len() as f64 / 1e6,
        );
        drop(store);
        let t0 = Instant::now();
        let (restored, _) = backup::restore(
            &tmp.path().join("restored"),
            &file,
            Unlock::Phrase(&phrase),
            false,
            &who,
            &mut |_| {},
        )
        .unwrap();
        t.put(
            "restore (checked, into a new folder)",
            "s",
            col,
            t0.elapsed().as_secs_f64(),
        );
        drop(restored);

        // Opening the database as the app's start does: unlock, then the desk's first search.
        let mut open = vec![];
        for _ in 0..3 {
            let t0 = Instant::now();
            // With the recovery phrase at the bench's low cost: the open itself, not a staff
            // sign-in's Argon2id (BENCHMARKS.md "Key slots" has that).
            let mut s = Store::unlock(&dir, Unlock::Phrase(&phrase), &who).unwrap();
            patients::search(&mut s, &who, "김민").unwrap();
            open.push(t0.elapsed());
        }
        t.put(
            "open the database and search once: median of 3",
            "ms",
            col,
            ms(pct(&mut open, 0.5)),
        );
        done = col + 1;
        // The table so far, so a long run's first sizes are there if it is stopped.
        if done < SIZES.len() && SIZES[done] <= max {
            eprintln!();
            eprintln!("scale: up to {size} patients:");
            t.print_to(done, &mut std::io::stderr());
        }
    }
    if cli.is_none() {
        println!(
            "(no release `jeopsu` beside this benchmark: the command column is left out; \
             `cargo build --release -p jeopsu-cli` first)"
        );
    }
    t.print(done);
}
