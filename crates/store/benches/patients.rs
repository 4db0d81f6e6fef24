//! `make bench` (patients): registering, importing and searching at clinic scale.
//!
//! For each size (10,000 to 1,000,000 synthetic patients, imported through the real import):
//! the import's time, then 2,000 store-level searches of a realistic mix (the last four digits
//! of a mobile, initials, a name prefix, a full name, a chart number, a birth date): p50 / p99 of
//! the query alone and of `patients::search` (query + its access-log row, committed). At
//! 200,000 also 500 single registrations through `patients::register` (validate, seal the RRN,
//! insert, index, log, commit). Prints Markdown. `JEOPSU_BENCH_MAX` caps the largest size.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

mod common;

use chrono::NaiveDate;
use common::{import_rows, new_store, pct, person, queries};
use jeopsu_core::consent::{ConsentDecision, ConsentItem, ConsentText};
use jeopsu_core::patient::{Age, PatientInput};
use jeopsu_store::patients::{self, Duplicates};
use std::time::{Duration, Instant};

/// Milliseconds with two decimals.
fn ms(d: Duration) -> String {
    format!("{:.2}", common::ms(d))
}

fn main() {
    let max: usize = std::env::var("JEOPSU_BENCH_MAX")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let actor = common::actor();
    println!(
        "| patients | import | query p50 | query p99 | search+log p50 | search+log p99 | naive LIKE p50 | naive LIKE p99 | results/query |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut register_line = String::new();
    for size in [10_000, 50_000, 200_000, 1_000_000] {
        if size > max {
            break;
        }
        let tmp = tempfile::tempdir().unwrap();
        let (mut store, _vault, _phrase) = new_store(&tmp.path().join("data"));
        // In files of 200,000 rows at most (the import takes 300,000 per file).
        let mut import = Duration::ZERO;
        for start in (0..size).step_by(200_000) {
            let rows = import_rows(start..(start + 200_000).min(size));
            let t = Instant::now();
            patients::import(&mut store, &actor, &rows, false, &mut |_, _| {}).unwrap();
            import += t.elapsed();
        }

        let qs = queries(2_000, size);
        let mut query_times = vec![];
        let mut found = 0usize;
        for q in &qs {
            let t = Instant::now();
            let r = store.write(|tx| patients::find(tx, q)).unwrap();
            query_times.push(t.elapsed());
            found += r.len().min(patients::SEARCH_LIMIT);
        }
        let mut search_times = vec![];
        for q in qs.iter().take(500) {
            let t = Instant::now();
            patients::search(&mut store, &actor, q).unwrap();
            search_times.push(t.elapsed());
        }
        // The obvious alternative, side by side: one LIKE '%q%' scan over the same columns (no
        // initials, no ranking, so it does less). 200 queries of the same mix.
        let mut naive_times = vec![];
        for q in qs.iter().take(200) {
            let like = format!("%{q}%");
            let t = Instant::now();
            store
                .write(|tx| {
                    let mut stmt = tx.conn().prepare_cached(
                        "SELECT id FROM patients WHERE name LIKE ?1 OR phone LIKE ?1
                         OR mobile LIKE ?1 OR chart_no = ?2 OR birth_date LIKE ?1 LIMIT 20",
                    )?;
                    let n = stmt
                        .query_map(rusqlite::params![like, q], |r| r.get::<_, i64>(0))?
                        .count();
                    Ok(n)
                })
                .unwrap();
            naive_times.push(t.elapsed());
        }
        println!(
            "| {size} | {:.1} s | {} ms | {} ms | {} ms | {} ms | {} ms | {} ms | {:.1} |",
            import.as_secs_f64(),
            ms(pct(&mut query_times, 0.5)),
            ms(pct(&mut query_times, 0.99)),
            ms(pct(&mut search_times, 0.5)),
            ms(pct(&mut search_times, 0.99)),
            ms(pct(&mut naive_times, 0.5)),
            ms(pct(&mut naive_times, 0.99)),
            found as f64 / qs.len() as f64
        );
        if size == 200_000 {
            let mut reg = vec![];
            for k in 0..500 {
                let mut p = person(2_000_000 + k);
                p.rrn = format!("{}9{:05}", &p.rrn[..8], k);
                p.mobile = format!("010-9{:03}-{:04}", k / 10_000, k % 10_000);
                let t = Instant::now();
                patients::register(
                    &mut store,
                    &actor,
                    &p,
                    Duplicates::Confirmed,
                    &consents_for(&p),
                )
                .unwrap();
                reg.push(t.elapsed());
            }
            register_line = format!(
                "Registering one patient at 200,000 (validate + sealed RRN + insert + search index + access-log row, committed): p50 {} ms, p99 {} ms (500 registrations).",
                ms(pct(&mut reg, 0.5)),
                ms(pct(&mut reg, 0.99))
            );
        }
    }
    println!();
    println!("{register_line}");
}

/// What the desk records for an adult: every item answered on the current wording; nothing for
/// a minor (their guardian consents).
fn consents_for(p: &PatientInput) -> Vec<ConsentDecision> {
    let birth = NaiveDate::parse_from_str(&p.birth_date, "%Y-%m-%d").unwrap();
    let today = chrono::Utc::now().date_naive();
    if Age::on(birth, today).minor {
        return vec![];
    }
    ConsentItem::ALL
        .into_iter()
        .map(|item| ConsentDecision {
            text: ConsentText::new(item, "ko", item.as_str(), "동의서 본문"),
            granted: item != ConsentItem::Marketing,
        })
        .collect()
}
