//! `make bench` (patients): registering, importing and searching at clinic scale.
//!
//! For each size (10,000 to 1,000,000 synthetic patients, imported through the real import):
//! the import's time, then 2,000 store-level searches of a realistic mix (the last four digits
//! of a mobile, initials, a name prefix, a full name, a chart number, a birth date): p50 / p99 of
//! the query alone and of `patients::search` (query + its access-log row, committed). At
//! 200,000 also 500 single registrations through `patients::register` (validate, seal the RRN,
//! insert, index, log, commit). Prints Markdown. `JEOPSU_BENCH_MAX` caps the largest size.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use chrono::{Duration as Days, NaiveDate};
use jeopsu_core::audit::Actor;
use jeopsu_core::consent::{ConsentDecision, ConsentItem, ConsentText};
use jeopsu_core::patient::{Age, PatientInput};
use jeopsu_store::patients::{self, Duplicates, ImportRow};
use jeopsu_store::vault::{KdfParams, MemoryVault};
use jeopsu_store::{InitOptions, Store};
use std::time::{Duration, Instant};

const SURNAMES: [&str; 12] = [
    "김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오",
];
const GIVEN: [&str; 24] = [
    "민수", "서연", "지훈", "하은", "도윤", "서윤", "예준", "지우", "시우", "하윤", "주원", "지민",
    "준서", "수아", "건우", "지유", "현우", "채원", "우진", "다은", "선우", "예린", "유준", "소율",
];

fn person(i: usize) -> PatientInput {
    let base = NaiveDate::from_ymd_opt(1940, 1, 1).unwrap();
    let birth = base + Days::days((i % 30_000) as i64);
    let male = i.is_multiple_of(2);
    let g = match (chrono::Datelike::year(&birth) >= 2000, male) {
        (false, true) => 1,
        (false, false) => 2,
        (true, true) => 3,
        (true, false) => 4,
    };
    let tail = i / 30_000;
    PatientInput {
        name: format!(
            "{}{}",
            SURNAMES[i % SURNAMES.len()],
            GIVEN[(i / SURNAMES.len()) % GIVEN.len()]
        ),
        birth_date: birth.to_string(),
        rrn: format!("{}-{g}{tail:06}", birth.format("%y%m%d")),
        gender: if male { "M" } else { "F" }.into(),
        address: format!("서울특별시 강남구 테헤란로 {}", i % 500),
        phone: String::new(),
        mobile: format!("010-{:04}-{:04}", (i / 10_000) % 10_000, i % 10_000),
        email: String::new(),
        chart_no: String::new(),
        service_status: String::new(),
    }
}

fn pct(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

fn queries(n: usize, size: usize) -> Vec<String> {
    (0..n)
        .map(|k| {
            let i = (k * 7919) % size;
            let p = person(i);
            match k % 6 {
                0 => p.mobile[p.mobile.len() - 4..].to_string(),
                1 => jeopsu_core::hangul::initials(&p.name),
                2 => p.name.chars().take(2).collect(),
                3 => p.name.clone(),
                4 => format!("{}-{:05}", 2026, 1 + i),
                _ => p.birth_date.clone(),
            }
        })
        .collect()
}

fn main() {
    let max: usize = std::env::var("JEOPSU_BENCH_MAX")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let actor = Actor::Cli {
        os_user: "bench".into(),
    };
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
        let vault = MemoryVault::new();
        let mut store = Store::init(
            &tmp.path().join("data"),
            InitOptions {
                vault: Some(std::sync::Arc::new(vault)),
                actor: &actor,
                kdf: KdfParams {
                    m_cost_kib: 256,
                    t_cost: 1,
                    p_cost: 1,
                },
            },
        )
        .unwrap()
        .store;
        let rows: Vec<ImportRow> = (0..size)
            .map(|i| ImportRow {
                line: i + 2,
                input: person(i),
                marketing: "n".into(),
                last_visit: String::new(),
            })
            .collect();
        let t = Instant::now();
        patients::import(&mut store, &actor, &rows, false, &mut |_, _| {}).unwrap();
        let import = t.elapsed();
        drop(rows);

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
