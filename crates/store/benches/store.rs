//! `make bench`: side-by-side figures for BENCHMARKS.md, in one run on one machine.
//!
//! 1. Opening a database: raw key from the keyring vs the recovery phrase (Argon2id unwrap).
//! 2. 100,000 patient-like rows inserted, then 10,000 indexed lookups: SQLCipher vs plain SQLite
//!    (the same bundled library without a key), with Jeopsu's 64 MiB page cache and with
//!    SQLite's default 2 MiB.
//!
//! Prints a Markdown table. Timings live here, never in pass/fail tests.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use jeopsu_core::audit::Actor;
use jeopsu_store::vault::{DataKey, KdfParams, MemoryVault};
use jeopsu_store::{InitOptions, Store, Unlock, db};
use rusqlite::{Connection, params};
use std::time::{Duration, Instant};

const ROWS: usize = 100_000;
const LOOKUPS: usize = 10_000;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn setup_table(conn: &Connection) {
    conn.execute_batch(
        "CREATE TABLE bench_patient (
            id INTEGER PRIMARY KEY, chart_no TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
            birth_date TEXT NOT NULL, mobile TEXT NOT NULL, address TEXT NOT NULL, email TEXT NOT NULL);
         CREATE INDEX bench_patient_mobile ON bench_patient (mobile);",
    )
    .unwrap();
}

const SURNAMES: [&str; 8] = ["김", "이", "박", "최", "정", "강", "조", "윤"];
const GIVEN: [&str; 8] = [
    "민수", "서연", "지훈", "하은", "도윤", "수아", "예준", "지민",
];

fn insert_rows(conn: &mut Connection) -> Duration {
    let t = Instant::now();
    let tx = conn.transaction().unwrap();
    {
        let mut st = tx
            .prepare("INSERT INTO bench_patient (chart_no, name, birth_date, mobile, address, email) VALUES (?1,?2,?3,?4,?5,?6)")
            .unwrap();
        for i in 0..ROWS {
            let name = format!("{}{}", SURNAMES[i % 8], GIVEN[(i / 8) % 8]);
            st.execute(params![
                format!("C{i:07}"),
                name,
                format!("19{:02}-{:02}-{:02}", 40 + i % 60, 1 + i % 12, 1 + i % 28),
                format!("010-{:04}-{:04}", (i * 7) % 10_000, i % 10_000),
                format!("서울특별시 강남구 테헤란로 {}길 {}", i % 300, i % 97),
                format!("patient{i}@example.kr"),
            ])
            .unwrap();
        }
    }
    tx.commit().unwrap();
    t.elapsed()
}

fn lookups(conn: &Connection) -> Duration {
    let mut st = conn
        .prepare("SELECT name, mobile FROM bench_patient WHERE chart_no = ?1")
        .unwrap();
    let t = Instant::now();
    let mut x = 0u64;
    for i in 0..LOOKUPS {
        let key = format!("C{:07}", (i * 7919) % ROWS);
        let (n, _m): (String, String) =
            st.query_row([key], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
        x += n.len() as u64;
    }
    assert!(x > 0);
    t.elapsed()
}

fn pragmas(conn: &Connection, cache_kib: i64) {
    conn.execute_batch(&format!(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = -{cache_kib};"
    ))
    .unwrap();
}

fn main() {
    let actor = Actor::Cli {
        os_user: "bench".into(),
    };
    let tmp = tempfile::tempdir().unwrap();

    // 1. Unlock: a staff sign-in through the key slot (the slot's Argon2id cost is the one
    // shipped, KdfParams::SLOT) vs the recovery phrase.
    let dir = tmp.path().join("unlock");
    let vault: std::sync::Arc<dyn jeopsu_store::vault::KeyVault> =
        std::sync::Arc::new(MemoryVault::new());
    let outcome = Store::init(
        &dir,
        InitOptions {
            vault: Some(vault.clone()),
            actor: &actor,
            kdf: KdfParams::default(),
        },
    )
    .unwrap();
    let phrase = outcome.phrase;
    let mut store = outcome.store;
    store.set_slot_kdf(KdfParams::SLOT);
    jeopsu_store::staff::add(
        &mut store,
        &actor,
        jeopsu_store::staff::NewStaff {
            username: "bench.user".into(),
            display_name: None,
            role: jeopsu_core::Role::Reception,
            password: jeopsu_store::staff::Password::new("a long enough password".into()),
        },
    )
    .unwrap();
    drop(store);
    let raw: Vec<Duration> = (0..10)
        .map(|_| {
            let t = Instant::now();
            let pw = jeopsu_store::staff::Password::new("a long enough password".into());
            let s = jeopsu_store::keys::sign_in(&dir, Some(vault.clone()), "bench.user", &pw, None)
                .unwrap();
            let d = t.elapsed();
            drop(s);
            d
        })
        .collect();
    let by_phrase: Vec<Duration> = (0..5)
        .map(|_| {
            let t = Instant::now();
            let s = Store::unlock(&dir, Unlock::Phrase(&phrase), &actor).unwrap();
            let d = t.elapsed();
            drop(s);
            d
        })
        .collect();

    println!("| measurement | encrypted (SQLCipher) | plain SQLite | ratio |");
    println!("|---|---|---|---|");
    println!(
        "| staff sign-in: key slot (Argon2id 256 MiB t=3) + open + log (median of 10) | {} | - | - |",
        ms(median(raw))
    );
    println!(
        "| open + unlock, recovery phrase, Argon2id 64 MiB t=3 (median of 5) | {} | - | - |",
        ms(median(by_phrase))
    );

    // 2. Rows and lookups, encrypted vs plain, two cache sizes.
    for (label, cache_kib) in [
        ("64 MiB cache (Jeopsu's setting)", 65_536i64),
        ("2 MiB cache (SQLite default)", 2_000),
    ] {
        let key = DataKey::generate().unwrap();
        let enc_path = tmp.path().join(format!("enc-{cache_kib}.db"));
        let mut enc = db::open(&enc_path, &key, db::Mode::Create).unwrap();
        pragmas(&enc, cache_kib);
        let plain_path = tmp.path().join(format!("plain-{cache_kib}.db"));
        let mut plain = Connection::open(&plain_path).unwrap();
        pragmas(&plain, cache_kib);
        setup_table(&enc);
        setup_table(&plain);
        let ins_enc = insert_rows(&mut enc);
        let ins_plain = insert_rows(&mut plain);
        // Warm both once, then take the median of 5 runs of 10,000 lookups.
        lookups(&enc);
        lookups(&plain);
        let look_enc = median((0..5).map(|_| lookups(&enc)).collect());
        let look_plain = median((0..5).map(|_| lookups(&plain)).collect());
        let ratio = |a: Duration, b: Duration| format!("{:.2}", a.as_secs_f64() / b.as_secs_f64());
        println!(
            "| insert {ROWS} patient-like rows, one transaction, {label} | {} | {} | {} |",
            ms(ins_enc),
            ms(ins_plain),
            ratio(ins_enc, ins_plain)
        );
        println!(
            "| {LOOKUPS} indexed lookups by chart number, {label} (median of 5) | {} | {} | {} |",
            ms(look_enc),
            ms(look_plain),
            ratio(look_enc, look_plain)
        );
    }
}
