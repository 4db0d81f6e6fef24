//! The staff key slot's Argon2id cost (docs/SECURITY.md "Key slots"): the chosen cost beside the
//! ones it was chosen from, in one run, and a whole sign-in (slot + open + log rows) at the
//! chosen cost beside a recovery-phrase unlock. Sign-in must stay under 1 s on the reference
//! machine; an attacker guessing offline pays the same time per guess, per core, with the
//! memory. `cargo bench -p jeopsu-store --bench keys`; results into BENCHMARKS.md by hand.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use jeopsu_core::audit::Actor;
use jeopsu_store::staff::{self, NewStaff, Password};
use jeopsu_store::vault::{DataKey, DbId, KdfParams, KeyVault, MemoryVault, Slot, SlotBody};
use jeopsu_store::{InitOptions, Store, Unlock, keys};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let pw = b"a long enough password";
    println!("| Argon2id cost of one slot | median of 5 |");
    println!("|---|---|");
    let key = DataKey::generate().unwrap();
    let db = DbId([1; 16]);
    for (label, params) in [
        ("64 MiB, t=3 (the phrase's key file)", KdfParams::default()),
        (
            "128 MiB, t=3",
            KdfParams {
                m_cost_kib: 128 * 1024,
                t_cost: 3,
                p_cost: 1,
            },
        ),
        ("**256 MiB, t=3 (chosen)**", KdfParams::SLOT),
        (
            "512 MiB, t=2",
            KdfParams {
                m_cost_kib: 512 * 1024,
                t_cost: 2,
                p_cost: 1,
            },
        ),
        (
            "1 GiB, t=1",
            KdfParams {
                m_cost_kib: 1024 * 1024,
                t_cost: 1,
                p_cost: 1,
            },
        ),
    ] {
        let mut body = SlotBody::empty().unwrap();
        body.put("bench.user", &key, pw, params, &db).unwrap();
        let slot = body.find(&body.tag("bench.user")).unwrap().clone();
        let times: Vec<Duration> = (0..5)
            .map(|_| {
                let t = Instant::now();
                let k = slot.unwrap(&db, pw).unwrap();
                assert!(k.is_some());
                t.elapsed()
            })
            .collect();
        println!("| {label} | {} |", ms(median(times)));
    }
    let t = Instant::now();
    Slot::decoy(pw, KdfParams::SLOT).unwrap();
    println!(
        "| decoy for an unknown name, chosen cost | {} |",
        ms(t.elapsed())
    );

    let actor = Actor::Cli {
        os_user: "bench".into(),
    };
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let vault: Arc<dyn KeyVault> = Arc::new(MemoryVault::new());
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
    staff::add(
        &mut store,
        &actor,
        NewStaff {
            username: "bench.user".into(),
            display_name: None,
            role: jeopsu_core::Role::Reception,
            password: Password::new("a long enough password".into()),
        },
    )
    .unwrap();
    drop(store);
    let sign_in: Vec<Duration> = (0..5)
        .map(|_| {
            let p = Password::new("a long enough password".into());
            let t = Instant::now();
            let s = keys::sign_in(&dir, Some(vault.clone()), "bench.user", &p, None).unwrap();
            let d = t.elapsed();
            drop(s);
            d
        })
        .collect();
    let wrong: Vec<Duration> = (0..3)
        .map(|_| {
            let p = Password::new("not the right password".into());
            let t = Instant::now();
            assert!(keys::sign_in(&dir, Some(vault.clone()), "bench.user", &p, None).is_err());
            t.elapsed()
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
    println!();
    println!("| whole operation | median |");
    println!("|---|---|");
    println!(
        "| staff sign-in: slot (256 MiB, t=3) + open + log rows (of 5) | {} |",
        ms(median(sign_in))
    );
    println!(
        "| wrong password: slot tried, counter written (of 3) | {} |",
        ms(median(wrong))
    );
    println!(
        "| recovery-phrase unlock: key file (64 MiB, t=3) + open + log row (of 5) | {} |",
        ms(median(by_phrase))
    );
}
