//! What the store benchmarks share: synthetic patients (made-up names, numbers that belong to
//! nobody), a fresh encrypted store, percentiles.
#![allow(dead_code)]

use chrono::{Duration as Days, NaiveDate};
use jeopsu_core::audit::Actor;
use jeopsu_core::patient::PatientInput;
use jeopsu_store::Store;
use jeopsu_store::patients::ImportRow;
use jeopsu_store::vault::{MemoryVault, RecoveryPhrase};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

const SURNAMES: [&str; 12] = [
    "김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오",
];
const GIVEN: [&str; 24] = [
    "민수", "서연", "지훈", "하은", "도윤", "서윤", "예준", "지우", "시우", "하윤", "주원", "지민",
    "준서", "수아", "건우", "지유", "현우", "채원", "우진", "다은", "선우", "예린", "유준", "소율",
];

/// Patient number `i`: unique RRN and mobile for any `i` below 30,000,000.
pub fn person(i: usize) -> PatientInput {
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

/// Rows `range` as the import reads them from a CSV.
pub fn import_rows(range: std::ops::Range<usize>) -> Vec<ImportRow> {
    range
        .map(|i| ImportRow {
            line: i + 2,
            input: person(i),
            marketing: "n".into(),
            last_visit: String::new(),
        })
        .collect()
}

/// The same rows as a CSV file, as a clinic hands it to `jeopsu import patients`.
pub fn write_csv(path: &Path, range: std::ops::Range<usize>) {
    use std::fmt::Write;
    let mut s = jeopsu_store::patients::IMPORT_COLUMNS.join(",");
    s.push('\n');
    for i in range {
        let p = person(i);
        writeln!(
            s,
            "{},{},{},{},{},{},{},{},{},n",
            p.name,
            p.birth_date,
            p.rrn,
            p.gender,
            p.address,
            p.phone,
            p.mobile,
            p.email,
            p.chart_no
        )
        .unwrap();
    }
    std::fs::write(path, s).unwrap();
}

pub fn actor() -> Actor {
    Actor::Cli {
        os_user: "bench".into(),
    }
}

/// A fresh encrypted store in `dir` (its key in an in-memory vault; the recovery phrase at a
/// low cost, so opening it with the phrase costs little).
pub fn new_store(dir: &Path) -> (Store, Arc<MemoryVault>, RecoveryPhrase) {
    let vault = Arc::new(MemoryVault::new());
    let out = jeopsu_store::test_support::init_fast(dir, vault.clone(), &actor()).unwrap();
    (out.store, vault, out.phrase)
}

pub fn pct(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    v[((v.len() as f64 - 1.0) * p).round() as usize]
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// A realistic desk mix: the last four digits of a mobile, initials, a name prefix, a full
/// name, a chart number, a birth date.
pub fn queries(n: usize, size: usize) -> Vec<String> {
    // Chart numbers are given in the year of registration (today's).
    let year = chrono::Datelike::year(&chrono::Utc::now());
    (0..n)
        .map(|k| {
            let i = (k * 7919) % size;
            let p = person(i);
            match k % 6 {
                0 => p.mobile[p.mobile.len() - 4..].to_string(),
                1 => jeopsu_core::hangul::initials(&p.name),
                2 => p.name.chars().take(2).collect(),
                3 => p.name.clone(),
                4 => format!("{year}-{:05}", 1 + i),
                _ => p.birth_date.clone(),
            }
        })
        .collect()
}
