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
    let fam: Vec<char> = "김이박최정강조윤장임".chars().collect();
    let mid: Vec<char> = "민서지현수영준하도예".chars().collect();
    let last: Vec<char> = "준윤우진호아은빈희원".chars().collect();
    let mut csv = String::from(
        "name,birth_date,rrn,gender,address,phone,mobile,email,chart_no,marketing_consent\n",
    );
    for i in 0..VISITS {
        let d = 1 + i % 28;
        csv.push_str(&format!(
            "{}{}{},1980-01-{d:02},8001{d:02}-1{i:06},M,서울특별시 강남구 {},,010-5{i:03}-{i:04},,B{i:04},n\n",
            fam[i % 10],
            mid[(i / 10) % 10],
            last[(i / 100) % 10],
            i + 1
        ));
    }
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
