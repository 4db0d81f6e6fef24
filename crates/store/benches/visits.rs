//! `make bench` (visits): the desk's day at clinic scale (BENCHMARKS.md "Visits").
//!
//! 200,000 patients (the real import) and 1,000,000 past visits (about 330 a day over eight
//! years, written straight into the tables, the way years of use would leave them). Then, on
//! today's date: 300 check-ins through `visits::checkin` (rules, day number, event, access-log
//! row, commit), `visits::day` for those 300 visits (the board and `jeopsu visits list`, with
//! its log row) 500 times, and the retention preview 3 times. Then backups at that scale
//! (docs/LAW.md, "Backups"): the scheduled job's time by step and its file's size, and the desk's search
//! (with its committed log row) while the job runs on its own thread, against the same searches
//! with no backup running. Prints Markdown.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

mod common;

use chrono::{Duration as Days, Utc};
use common::{import_rows, new_store, pct};
use jeopsu_core::time;
use jeopsu_core::visit::IdCheckInput;
use jeopsu_store::backup::Step;
use jeopsu_store::backup_schedule::{self, Kind};
use jeopsu_store::patients;
use jeopsu_store::visits::{self, CheckinInput};
use jeopsu_store::{Store, retention};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const PATIENTS: usize = 200_000;
const VISITS: usize = 1_000_000;
const PER_DAY: usize = 330;

fn ms(d: Duration) -> String {
    format!("{:.2}", common::ms(d))
}

fn main() {
    let actor = common::actor();
    let tmp = tempfile::tempdir().unwrap();
    let (mut store, _vault, _phrase) = new_store(&tmp.path().join("data"));
    let rows = import_rows(0..PATIENTS);
    let t = Instant::now();
    patients::import(&mut store, &actor, &rows, false, &mut |_, _| {})
        .map_err(|e| e.to_string().chars().take(300).collect::<String>())
        .unwrap();
    let import = t.elapsed();
    drop(rows);

    // Eight years of visits, ending yesterday.
    let today = time::seoul_date(Utc::now());
    let days = VISITS.div_ceil(PER_DAY);
    let first = today - Days::days(days as i64);
    let t = Instant::now();
    store
        .write(|tx| {
            let mut v = tx.conn().prepare(
                "INSERT INTO visits (patient_id, day, day_no, checked_in_at, id_check, actor)
                 VALUES (?1, ?2, ?3, ?4, 'id-card', 'bench')",
            )?;
            let mut e = tx.conn().prepare(
                "INSERT INTO visit_events (visit_id, from_status, to_status, undo, at, actor)
                 VALUES (?1, NULL, 'done', 0, ?2, 'bench')",
            )?;
            for k in 0..VISITS {
                let day = first + Days::days((k / PER_DAY) as i64);
                let at = time::seoul_midnight(day).unwrap() + Days::hours(9);
                let at = time::to_stored(at);
                v.execute(rusqlite::params![
                    (1 + (k * 7919) % PATIENTS) as i64,
                    day.to_string(),
                    (1 + k % PER_DAY) as i64,
                    at
                ])?;
                e.execute(rusqlite::params![tx.conn().last_insert_rowid(), at])?;
            }
            Ok(())
        })
        .unwrap();
    let history = t.elapsed();

    // Today: 300 check-ins, one by one, as the desk does them.
    let mut checkins = vec![];
    for i in 0..300 {
        let input = CheckinInput {
            id_check: IdCheckInput {
                method: "id-card".into(),
                reason: String::new(),
            },
            ..Default::default()
        };
        let t = Instant::now();
        visits::checkin(&mut store, &actor, (1 + i * 13) as i64, &input).unwrap();
        checkins.push(t.elapsed());
    }
    let mut lists = vec![];
    for _ in 0..500 {
        let t = Instant::now();
        let rows = visits::day(&mut store, &actor, None).unwrap();
        lists.push(t.elapsed());
        assert_eq!(rows.len(), 300);
    }
    let mut previews = vec![];
    for _ in 0..3 {
        let t = Instant::now();
        retention::preview(&mut store, &actor).unwrap();
        previews.push(t.elapsed());
    }
    println!("| step | figure |");
    println!("|---|---:|");
    println!(
        "| import {PATIENTS} patients | {:.1} s |",
        import.as_secs_f64()
    );
    println!(
        "| write {VISITS} past visits with their events (one transaction) | {:.1} s |",
        history.as_secs_f64()
    );
    println!(
        "| check-in with its log row, committed: p50 / p99 | {} / {} ms |",
        ms(pct(&mut checkins.clone(), 0.5)),
        ms(pct(&mut checkins, 0.99))
    );
    println!(
        "| a day of 300 visits (`visits::day`, with its log row): p50 / p99 | {} / {} ms |",
        ms(pct(&mut lists.clone(), 0.5)),
        ms(pct(&mut lists, 0.99))
    );
    println!(
        "| retention preview: median of 3 | {} ms |",
        ms(pct(&mut previews, 0.5))
    );

    // Backups.
    let queries = ["김민", "이서연", "5678", "박하", "최도윤", "정예"];
    let search = |store: &mut Store, i: usize| {
        let t = Instant::now();
        patients::search(store, &actor, queries[i % queries.len()]).unwrap();
        t.elapsed()
    };
    let mut quiet = vec![];
    for i in 0..300 {
        quiet.push(search(&mut store, i));
    }
    let usb = tmp.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    let job = store.job(Kind::Scheduled, &usb).unwrap();
    let marks: Arc<Mutex<Vec<(Step, Instant)>>> = Arc::default();
    let m = marks.clone();
    let started = Instant::now();
    let worker = std::thread::spawn(move || {
        job.run_with_report(&mut |s| m.lock().unwrap().push((s, Instant::now())))
    });
    let mut during = vec![];
    let mut i = 0;
    while !worker.is_finished() {
        during.push(search(&mut store, i));
        i += 1;
    }
    let (_, written) = worker.join().unwrap().unwrap();
    let total = started.elapsed();
    assert!(written.check.is_ok(), "{:?}", written.check);
    let bytes = written.bytes;
    backup_schedule::record(&mut store, &actor, written).unwrap();
    let marks = marks.lock().unwrap().clone();
    let at = |s: Step| marks.iter().find(|(x, _)| *x == s).unwrap().1;
    let export = at(Step::Writing) - started;
    let write = at(Step::Verifying) - at(Step::Writing);
    let verify = at(Step::Done) - at(Step::Verifying);
    let live = std::fs::metadata(tmp.path().join("data/jeopsu.db"))
        .unwrap()
        .len();
    println!(
        "| backup file (database {:.0} MB on disk) | {:.0} MB |",
        live as f64 / 1e6,
        bytes as f64 / 1e6
    );
    println!(
        "| scheduled backup, whole job | {:.1} s |",
        total.as_secs_f64()
    );
    println!(
        "| of which: export and check of the exported copy / write (synced, renamed) / re-open and check the written file | {:.1} / {:.1} / {:.1} s |",
        export.as_secs_f64(),
        write.as_secs_f64(),
        verify.as_secs_f64()
    );
    println!(
        "| desk search with its log row, no backup running ({} searches): p50 / p95 | {} / {} ms |",
        quiet.len(),
        ms(pct(&mut quiet.clone(), 0.5)),
        ms(pct(&mut quiet, 0.95))
    );
    println!(
        "| the same searches while the backup runs on its own thread ({} searches): p50 / p95 / max | {} / {} / {} ms |",
        during.len(),
        ms(pct(&mut during.clone(), 0.5)),
        ms(pct(&mut during.clone(), 0.95)),
        ms(pct(&mut during, 1.0))
    );
}
