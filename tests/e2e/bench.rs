//! Figures measured in the real app, for BENCHMARKS.md: not tests. They are `#[ignore]`d, so
//! `make test` skips them; `scripts/bench-app.sh` runs them against the release build
//! (`JEOPSU_APP_BIN`, `JEOPSU_CLI_BIN`) with `--ignored --nocapture` and prints what they measure.

use crate::flows::{DESK_PW, at_desk, prepared, run_cli, sign_in};
use crate::harness::App;

/// The number of visits on the board, as on a busy day.
const VISITS: usize = 300;
/// Status changes measured.
const CHANGES: usize = 60;

/// Clicks the "next step" button of visit `no` and measures, in the page, from the click to the
/// board's counts changing in the DOM (the backend's answer, with its log row, applied to all
/// 300 rows) and to the first frame painted after that (`requestAnimationFrame`, then a task).
const MEASURE: &str = r#"
const [no, done] = arguments;
const btn = document.querySelector(`[data-testid='board-next-${no}']`);
const counts = document.querySelector("[data-testid='board-counts']");
const before = counts.textContent;
let dom = 0;
const t0 = performance.now();
const obs = new MutationObserver(() => {
  if (dom || counts.textContent === before) return;
  dom = performance.now() - t0;
  obs.disconnect();
  requestAnimationFrame(() => setTimeout(() => done([dom, performance.now() - t0]), 0));
});
obs.observe(counts, { subtree: true, characterData: true, childList: true });
btn.click();
"#;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn summary(mut v: Vec<f64>) -> String {
    v.sort_by(|a, b| a.total_cmp(b));
    format!(
        "p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        percentile(&v, 0.5),
        percentile(&v, 0.95),
        v[v.len() - 1]
    )
}

/// Synthetic patients (made-up names, numbers that belong to nobody), each checked in today
/// through the real CLI.
fn day_of_visits(tmp: &tempfile::TempDir, phrase: &str) {
    let csv = crate::flows::synthetic_patients_csv(VISITS);
    let file = tmp.path().join("bench-patients.csv");
    std::fs::write(&file, csv).unwrap();
    let data = tmp.path().join("data");
    // Set-up work with the recovery phrase (one Argon2id at the phrase's cost per command,
    // cheaper than 300 staff sign-ins at the slot's).
    let phrase_file = tmp.path().join("bench-phrase.txt");
    std::fs::write(&phrase_file, phrase).unwrap();
    crate::flows::private(&phrase_file);
    let p = phrase_file.to_str().unwrap().to_string();
    let run = |args: &[&str]| {
        let mut all = vec!["--recovery-phrase-file", p.as_str()];
        all.extend_from_slice(args);
        run_cli(&data, &all)
    };
    run(&["import", "patients", file.to_str().unwrap()]);
    for i in 0..VISITS {
        run(&[
            "visits",
            "checkin",
            &format!("B{i:04}"),
            "--id-check",
            "id-card",
        ]);
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "a benchmark: scripts/bench-app.sh runs it against the release build"]
async fn bench_board_repaint_after_a_status_change() {
    let (tmp, phrase) = prepared(true);
    day_of_visits(&tmp, &phrase);
    // As a clinic runs it: no accelerated compositing.
    let app = App::start_as_shipped("bench-board", tmp).await;
    sign_in(&app, "desk.lee", DESK_PW).await;
    at_desk(&app, "이접수").await;
    app.click("nav-board").await;
    app.el(&format!("board-row-{VISITS}")).await;
    let (mut dom, mut painted) = (vec![], vec![]);
    for no in 1..=CHANGES {
        let r = app.run_async(MEASURE, vec![serde_json::json!(no)]).await;
        let r = r.as_array().expect("[dom, painted]");
        dom.push(r[0].as_f64().unwrap());
        painted.push(r[1].as_f64().unwrap());
        // The desk between two clicks: nothing else queued.
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    }
    assert!(
        app.text_of("board-count-waiting")
            .await
            .contains(&CHANGES.to_string()),
        "every change landed"
    );
    println!(
        "board, {VISITS} visits, {CHANGES} status changes by the next-step button: \
         click to counts updated in the DOM {}; click to the next frame painted {}",
        summary(dom),
        summary(painted)
    );
    app.close().await;
}

/// The store benchmarks' synthetic patients (made-up names, numbers that belong to nobody).
#[path = "../../crates/store/benches/common/mod.rs"]
mod common;

/// The number of patients a benchmark imports: `default`, or `JEOPSU_BENCH_PATIENTS` (a
/// smaller number to try a benchmark out against the debug build).
fn patients_or(default: usize) -> usize {
    std::env::var("JEOPSU_BENCH_PATIENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// `size` synthetic patients through the real CLI import (one file).
fn many_patients(tmp: &tempfile::TempDir, phrase: &str, size: usize) {
    let file = tmp.path().join("bench-many.csv");
    common::write_csv(&file, 0..size);
    import_patients(tmp, phrase, &file);
}

/// Imports the patients of `file` with the real CLI (the recovery phrase opens the database for
/// it, as set-up work).
fn import_patients(tmp: &tempfile::TempDir, phrase: &str, file: &std::path::Path) {
    let phrase_file = tmp.path().join("bench-phrase.txt");
    std::fs::write(&phrase_file, phrase).unwrap();
    crate::flows::private(&phrase_file);
    run_cli(
        &tmp.path().join("data"),
        &[
            "--recovery-phrase-file",
            phrase_file.to_str().unwrap(),
            "import",
            "patients",
            file.to_str().unwrap(),
        ],
    );
}

/// Types `query` into the desk's search box one character every `gap` ms (each a prefix of
/// the word, as a Korean input method leaves it) and measures in the page: each keystroke to
/// its own results in the DOM and then painted (the next frame), where that keystroke got
/// results of its own, and the last keystroke to the final results painted. The box is
/// cleared first. Returns [[per-keystroke painted ms...], last painted ms].
const TYPE_QUERY: &str = r#"
const [query, gap, done] = arguments;
const box = document.querySelector("[data-testid='patient-search']");
const count = document.querySelector("[data-testid='desk-count']");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const painted = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
const shown = (q, within) => new Promise((res) => {
  if (count.dataset.query === q) return res(true);
  const o = new MutationObserver(() => {
    if (count.dataset.query === q) { o.disconnect(); res(true); }
  });
  o.observe(count, { attributes: true });
  if (within) setTimeout(() => { o.disconnect(); res(false); }, within);
});
const type = (v) => {
  box.value = v;
  box.dispatchEvent(new Event('input', { bubbles: true }));
};
(async () => {
  type('');
  await shown('');
  await sleep(50);
  const chars = [...query];
  const each = [];
  let t = 0;
  for (let i = 1; i <= chars.length; i++) {
    const prefix = chars.slice(0, i).join('');
    t = performance.now();
    type(prefix);
    if (i === chars.length) break;
    // A keystroke that gets its own results before the next one: measured.
    if (await shown(prefix.trim(), gap)) {
      await painted();
      each.push(performance.now() - t);
    }
    await sleep(Math.max(0, gap - (performance.now() - t)));
  }
  await shown(query.trim());
  await painted();
  const last = performance.now() - t;
  each.push(last);
  done([each, last]);
})();
"#;

/// The desk's search in the real app at 200,000 patients, typed one character every 100 ms:
/// the desk as it is (results at every keystroke) and as it was (search after a 120 ms pause in
/// typing), side by side in one run, the same queries in turn.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "a benchmark: scripts/bench-app.sh runs it against the release build"]
async fn bench_desk_search_per_keystroke_against_the_old_pause() {
    let size = patients_or(200_000);
    let (tmp, phrase) = prepared(true);
    many_patients(&tmp, &phrase, size);
    let app = App::start_as_shipped("bench-search", tmp).await;
    sign_in(&app, "desk.lee", DESK_PW).await;
    at_desk(&app, "이접수").await;
    let queries: Vec<String> = common::queries(120, size)
        .into_iter()
        // The desk mix; chart numbers are typed in full too.
        .filter(|q| !q.is_empty())
        .collect();
    let (mut now_each, mut now_last, mut old_last) = (vec![], vec![], vec![]);
    for (k, q) in queries.iter().enumerate() {
        // Alternate which variant goes first, so neither always meets a warm cache.
        for variant in if k % 2 == 0 { [0, 120] } else { [120, 0] } {
            app.client
                .execute(
                    "window.jeopsuBenchSearchPause = arguments[0];",
                    vec![serde_json::json!(variant)],
                )
                .await
                .unwrap();
            let r = app
                .run_async(
                    TYPE_QUERY,
                    vec![serde_json::json!(q), serde_json::json!(100)],
                )
                .await;
            let each: Vec<f64> = r[0]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect();
            let last = r[1].as_f64().unwrap();
            if variant == 0 {
                now_each.extend(each);
                now_last.push(last);
            } else {
                old_last.push(last);
            }
        }
    }
    println!(
        "search at {size} patients, {} queries typed one character every 100 ms:",
        queries.len()
    );
    println!(
        "  now (every keystroke searches), each keystroke to its results painted ({} keystrokes): {}",
        now_each.len(),
        summary(now_each)
    );
    println!(
        "  now, the last keystroke to the final results painted: {}",
        summary(now_last)
    );
    println!(
        "  before (a 120 ms pause after typing), the last keystroke to the results painted: {}",
        summary(old_last)
    );
    app.close().await;
}

/// A step of the long day, in the page: opens the first hit with Enter and waits for the record;
/// then, as asked, checks the patient in (an ID card seen), prints the consent copy, and goes
/// back to the search.
const RECORD_STEP: &str = r#"
const [checkin, print, done] = arguments;
const q = (id) => document.querySelector(`[data-testid='${id}']`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const until = async (f) => { for (let i = 0; i < 600; i++) { const v = f(); if (v) return v; await sleep(25); } throw new Error('timed out'); };
(async () => {
  try {
    q('patient-search').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await until(() => q('back-to-search'));
    if (checkin) {
      (await until(() => q('ci-id-id-card'))).click();
      (await until(() => q('ci-checkin'))).click();
      await until(() => q('ci-open-today'));
    }
    if (print) {
      (await until(() => q('pr-print'))).click();
      await until(() => q('pr-notice'));
    }
    q('back-to-search').click();
    await until(() => q('patient-search'));
    done('ok');
  } catch (e) {
    done(String(e));
  }
})();
"#;

/// A long day at the desk, driven through WebDriver against the release build: 1,000 searches
/// (typed one character every 30 ms), 200 records opened from them, 100 check-ins and 50
/// consent copies printed from those records. The app's memory (PSS of all its processes) after
/// the first minute and at the end.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "a benchmark: scripts/bench-app.sh runs it against the release build"]
async fn bench_long_day_memory() {
    let size = patients_or(10_000);
    let (tmp, phrase) = prepared(true);
    many_patients(&tmp, &phrase, size);
    let app = App::start_as_shipped("bench-long-day", tmp).await;
    sign_in(&app, "desk.lee", DESK_PW).await;
    at_desk(&app, "이접수").await;
    let year = chrono::Datelike::year(&chrono::Utc::now());
    let mix = common::queries(1_000, size);
    let started = std::time::Instant::now();
    let mut first_minute: Option<u64> = None;
    let (mut opened, mut checked_in, mut printed) = (0, 0, 0);
    for (i, q) in mix.iter().enumerate() {
        // A record is opened every fifth search: a patient by chart number (each a different
        // one, so each can be checked in today).
        let open = i % 5 == 0;
        let query = if open {
            format!("{year}-{:05}", 1 + i)
        } else {
            q.clone()
        };
        app.run_async(
            TYPE_QUERY,
            vec![serde_json::json!(query), serde_json::json!(30)],
        )
        .await;
        if open {
            let checkin = i % 10 == 0;
            let print = i % 20 == 0;
            let r = app
                .run_async(
                    RECORD_STEP,
                    vec![serde_json::json!(checkin), serde_json::json!(print)],
                )
                .await;
            assert_eq!(r.as_str(), Some("ok"), "step {i} ({query}): {r}");
            opened += 1;
            checked_in += usize::from(checkin);
            printed += usize::from(print);
        }
        if first_minute.is_none() && started.elapsed() >= std::time::Duration::from_secs(60) {
            first_minute = Some(app.app_pss_kib());
        }
    }
    let took = started.elapsed();
    tokio::time::sleep(std::time::Duration::from_secs(10)).await;
    let end = app.app_pss_kib();
    let first = first_minute.unwrap_or(end);
    println!(
        "long day: {} searches, {opened} records opened, {checked_in} check-ins, {printed} consent copies printed, in {:.0} s at {size} patients",
        mix.len(),
        took.as_secs_f64()
    );
    println!(
        "  PSS, all app processes: after the first minute {} MB, at the end (10 s idle) {} MB: {:+.1}%",
        first / 1024,
        end / 1024,
        (end as f64 / first as f64 - 1.0) * 100.0
    );
    app.close().await;
}

/// The app's memory after the day's scheduled backup, which runs in the app's own process (its
/// own connections to the database and to the copy it checks) while the desk works on. At
/// `JEOPSU_BENCH_PATIENTS` (200,000 by default), one app: PSS on the desk with search results
/// (10 s idle) after the first sign-in (no backup folder chosen yet), after signing out and in
/// again twice (what a sign-in's round costs by itself), and after the folder is chosen and the
/// next sign-out and sign-in have written and checked the day's backup.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "a benchmark: scripts/bench-app.sh runs it against the release build"]
async fn bench_memory_after_a_scheduled_backup() {
    use std::time::{Duration, Instant};
    let size = patients_or(200_000);
    let (tmp, phrase) = prepared(true);
    many_patients(&tmp, &phrase, size);
    let data = tmp.path().join("data");
    let usb = tmp.path().join("usb");
    std::fs::create_dir(&usb).unwrap();
    let admin = crate::flows::as_admin(&tmp);
    let app = App::start_as_shipped("bench-backup-memory", tmp).await;
    let query = common::queries(1, size).remove(0);
    let (app_ref, query) = (&app, &query);
    let on_the_desk = move || async move {
        sign_in(app_ref, "desk.lee", DESK_PW).await;
        at_desk(app_ref, "이접수").await;
        app_ref
            .run_async(
                TYPE_QUERY,
                vec![serde_json::json!(query), serde_json::json!(30)],
            )
            .await;
        tokio::time::sleep(Duration::from_secs(10)).await;
        app_ref.pss_kib()
    };
    let first = on_the_desk().await;
    app.click("signout").await;
    let second = on_the_desk().await;
    app.click("signout").await;
    let again = on_the_desk().await;

    let mut args = admin.clone();
    args.extend(["backup".into(), "folder".into(), usb.display().to_string()]);
    run_cli(&data, &args);
    let t0 = Instant::now();
    // The sign-out starts the day's backup (the day has none). The next sign-in waits until
    // the copy's row says it was checked (recorded after the check, at the end).
    app.click("signout").await;
    loop {
        let (checked, list) = crate::backups::a_checked_copy_is_recorded(&data, &admin);
        if checked {
            break;
        }
        assert!(
            t0.elapsed() < Duration::from_secs(600),
            "no checked backup: {list}"
        );
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    let took = t0.elapsed();
    let after = on_the_desk().await;

    println!(
        "memory after the scheduled backup, {size} patients (backup written and checked in {:.1} s):",
        took.as_secs_f64()
    );
    let mb = |k: u64| k as f64 / 1024.0;
    for (name, (own, all)) in [
        ("after the first sign-in", first),
        ("after signing out and in again", second),
        ("after signing out and in a third time", again),
        ("after the day's backup and a sign-in", after),
    ] {
        println!(
            "  {name}: the app's process {:.1} MB, all processes {:.1} MB",
            mb(own),
            mb(all)
        );
    }
    println!(
        "  the backup's round against the round before it: the app's process {:+.1} MB, all {:+.1} MB",
        mb(after.0) - mb(again.0),
        mb(after.1) - mb(again.1)
    );
    app.close().await;
}

/// The page as it stands, as a static page: the DOM without scripts or links, each field's value
/// kept, every style rule the page has (its own files and the screens' chunks) in one `<style>`.
/// Returns the inside of `<html>`.
const SNAPSHOT: &str = r#"
const live = [...document.querySelectorAll('input, textarea, select')];
const doc = document.documentElement.cloneNode(true);
[...doc.querySelectorAll('input, textarea, select')].forEach((e, i) => {
  if (e.tagName === 'INPUT') e.setAttribute('value', live[i].value);
  else if (e.tagName === 'TEXTAREA') e.textContent = live[i].value;
});
doc.querySelectorAll('script, link').forEach((e) => e.remove());
const css = [...document.styleSheets]
  .map((s) => [...s.cssRules].map((r) => r.cssText).join('\n'))
  .join('\n');
const style = document.createElement('style');
style.textContent = css;
doc.querySelector('head').append(style);
return doc.innerHTML;
"#;

/// The desk with search results, as `scripts/bench-app.sh` drives it (the demo's synthetic
/// patients, reception signed in, "김민" searched), written as a static page to
/// `JEOPSU_DESK_SNAPSHOT` for the floor to paint (`JEOPSU_FLOOR_PAGE`, bench/baseline-app):
/// the same page in the same webview without Jeopsu's code, which splits what Jeopsu costs over
/// the empty window into the webview's part for a page like the desk and Jeopsu's own.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "a benchmark: scripts/bench-app.sh runs it against the release build"]
async fn bench_desk_snapshot() {
    let out =
        std::env::var_os("JEOPSU_DESK_SNAPSHOT").expect("JEOPSU_DESK_SNAPSHOT: where to write it");
    let (tmp, phrase) = prepared(true);
    let demo =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/demo-patients.csv");
    import_patients(&tmp, &phrase, &demo);
    let app = App::start_as_shipped("bench-snapshot", tmp).await;
    sign_in(&app, "desk.lee", DESK_PW).await;
    at_desk(&app, "이접수").await;
    // Typed as the bench types it, then until the desk shows that search's results, painted.
    app.run_async(
        TYPE_QUERY,
        vec![serde_json::json!("김민"), serde_json::json!(40)],
    )
    .await;
    let html = app.client.execute(SNAPSHOT, vec![]).await.unwrap();
    let html = html.as_str().expect("the page as text");
    std::fs::write(&out, html).unwrap();
    println!("desk snapshot: {} KB written", html.len() / 1024);
    app.close().await;
}
