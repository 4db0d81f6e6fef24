//! The destruction run: everything due destroyed beyond recovery in one transaction, and its
//! log (what, how many, which dates; never the data).

use super::*;

/// Destroys everything due (a patient whose paper original is not yet shredded waits), in one
/// transaction, then makes the freed bytes unrecoverable.
/// Returns what was destroyed per category.
///
/// Refuses to start when the clock is behind the log or more than 30 days past its last
/// activity (`core::privacy::clock_trusted`) unless `confirmed` is today's date (Seoul), typed
/// by the officer.
pub fn run(store: &mut Store, actor: &Actor, confirmed: Option<NaiveDate>) -> Result<Vec<Due>> {
    check_clock(store, confirmed)?;
    // The deletes reach the patients' indexes in no useful order, and the scrub's VACUUM
    // rebuilds every index: with the usual cache at 200,000 patients the run took 14.3-14.9 s,
    // with 256 MiB 9.7 s (BENCHMARKS.md "The retention run with a larger cache").
    let before = db::grow_cache(store.conn(), db::LARGE_WORK_CACHE_KIB)?;
    let destroyed = destroy_due(store, actor);
    let due = db::restore_cache(store.conn(), before, destroyed)?;
    // Backup copies past their age limit hold records destroyed since: they go too, each file
    // logged, and the destruction log counts them.
    let safety = crate::backup::destroy_safety_copies(store)?;
    if !safety.is_empty() {
        store.write(|tx| {
            let days: Vec<&str> = safety.iter().map(|c| &c.made_at[..10]).collect();
            tx.conn().execute(
                "INSERT INTO destruction_log (at, actor, category, count, oldest, newest, papers)
                 VALUES (?1, ?2, 'safety-copies', ?3, ?4, ?5, 0)",
                params![
                    time::to_stored(tx.now()),
                    actor.to_log_text(),
                    i64::try_from(safety.len()).unwrap_or(i64::MAX),
                    days.iter().min(),
                    days.iter().max()
                ],
            )?;
            Ok(())
        })?;
    }
    let copies = crate::backup_schedule::destroy_too_old(store, actor)?;
    if !copies.is_empty() {
        store.write(|tx| {
            let days: Vec<&str> = copies.iter().map(|c| &c.made_at[..10]).collect();
            tx.conn().execute(
                "INSERT INTO destruction_log (at, actor, category, count, oldest, newest, papers)
                 VALUES (?1, ?2, 'backup-copies', ?3, ?4, ?5, 0)",
                params![
                    time::to_stored(tx.now()),
                    actor.to_log_text(),
                    i64::try_from(copies.len()).unwrap_or(i64::MAX),
                    days.iter().min(),
                    days.iter().max()
                ],
            )?;
            Ok(())
        })?;
    }
    Ok(due)
}

/// The clock check before a run (see [`run`]).
pub(super) fn check_clock(store: &Store, confirmed: Option<NaiveDate>) -> Result<()> {
    let now = store.now();
    let c = store.conn();
    let newest: Option<String> = c.query_row("SELECT max(at) FROM audit_log", [], |r| r.get(0))?;
    let hour_ago = time::to_stored(now - chrono::Duration::hours(1));
    let previous: Option<String> = c.query_row(
        "SELECT max(at) FROM audit_log WHERE at < ?1",
        [&hour_ago],
        |r| r.get(0),
    )?;
    let parse = |t: Option<String>| t.and_then(|t| time::from_stored(&t));
    jeopsu_core::privacy::clock_trusted(now, parse(newest), parse(previous), confirmed)
        .map_err(|(today, log)| StoreError::ClockSuspect { today, log })
}

/// A patient's whole record: their bookings (and phone bookings linked to them), visits, consent
/// records and guardians, corrections, holds, search entry and row. Inside the retention gate.
pub(crate) fn destroy_patients(c: &rusqlite::Connection, ids: &[i64]) -> Result<()> {
    for id in ids {
        // Phone bookings linked to this patient go with them.
        let linked: Vec<i64> = {
            let mut stmt =
                c.prepare("SELECT appointment_id FROM appointment_links WHERE patient_id = ?1")?;
            stmt.query_map([id], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        // Their own bookings first (a move of a linked phone booking names it), then the
        // linked phone bookings, then the rest of the record.
        for sql in [
            "DELETE FROM appointment_events WHERE appointment_id IN (SELECT id FROM appointments WHERE patient_id = ?1)",
            "DELETE FROM appointment_links WHERE appointment_id IN (SELECT id FROM appointments WHERE patient_id = ?1)",
            "DELETE FROM appointments WHERE patient_id = ?1",
        ] {
            c.execute(sql, [id])?;
        }
        for booking in &linked {
            c.execute(
                "DELETE FROM appointment_events WHERE appointment_id = ?1",
                [booking],
            )?;
            c.execute(
                "DELETE FROM appointment_links WHERE appointment_id = ?1",
                [booking],
            )?;
            c.execute("DELETE FROM appointments WHERE id = ?1", [booking])?;
        }
        for sql in [
            "DELETE FROM visit_events WHERE visit_id IN (SELECT id FROM visits WHERE patient_id = ?1)",
            "DELETE FROM visits WHERE patient_id = ?1",
            "DELETE FROM guardians WHERE record_id IN (SELECT id FROM consent_records WHERE patient_id = ?1)",
            "DELETE FROM consents WHERE patient_id = ?1",
            "DELETE FROM consent_records WHERE patient_id = ?1",
            "DELETE FROM patient_corrections WHERE patient_id = ?1",
            "DELETE FROM legal_holds WHERE patient_id = ?1",
            "DELETE FROM patient_search WHERE rowid = ?1",
            "DELETE FROM patients WHERE id = ?1",
        ] {
            c.execute(sql, [id])?;
        }
    }
    Ok(())
}

/// Phone bookings nobody came for.
pub(crate) fn destroy_bookings(c: &rusqlite::Connection, ids: &[i64]) -> Result<()> {
    for id in ids {
        c.execute(
            "DELETE FROM appointment_events WHERE appointment_id = ?1",
            [id],
        )?;
        c.execute(
            "DELETE FROM appointment_links WHERE appointment_id = ?1",
            [id],
        )?;
        c.execute("DELETE FROM appointments WHERE id = ?1", [id])?;
    }
    Ok(())
}

pub(crate) fn destroy_requests(c: &rusqlite::Connection, ids: &[i64]) -> Result<()> {
    for id in ids {
        c.execute("DELETE FROM privacy_deferrals WHERE request_id = ?1", [id])?;
        c.execute("DELETE FROM privacy_answers WHERE request_id = ?1", [id])?;
        c.execute("DELETE FROM privacy_requests WHERE id = ?1", [id])?;
    }
    Ok(())
}

/// Ledger rows, newest first: a correction goes before the row it corrects.
pub(crate) fn destroy_ledger(c: &rusqlite::Connection, nos: &[i64]) -> Result<()> {
    let mut nos = nos.to_vec();
    nos.sort_unstable();
    for no in nos.iter().rev() {
        c.execute("DELETE FROM cctv_ledger WHERE no = ?1", [no])?;
    }
    Ok(())
}

pub(crate) fn destroy_cctv_requests(c: &rusqlite::Connection, ids: &[i64]) -> Result<()> {
    for id in ids {
        c.execute("DELETE FROM cctv_events WHERE request_id = ?1", [id])?;
        c.execute("DELETE FROM cctv_requests WHERE id = ?1", [id])?;
    }
    Ok(())
}

/// What [`run`] destroys, in one transaction, then the scrub.
fn destroy_due(store: &mut Store, actor: &Actor) -> Result<Vec<Due>> {
    let due = store.write(|tx| {
        let p = plan(tx)?;
        let due = p.due();
        let now = time::to_stored(tx.now());
        let c = tx.conn();
        c.execute("INSERT INTO retention_gate (opened_at) VALUES (?1)", [&now])?;
        // What goes is remembered by a keyed tag only, so a restored older backup loses it again.
        let ids = |v: &[(i64, NaiveDate)]| v.iter().map(|(id, _)| *id).collect::<Vec<_>>();
        let (patients, bookings, requests, ledger, cctv) = (
            ids(&p.patients),
            ids(&p.phone_bookings),
            ids(&p.requests),
            ids(&p.ledger),
            ids(&p.cctv_requests),
        );
        for (kind, list) in [
            (Tomb::Patient, &patients),
            (Tomb::Booking, &bookings),
            (Tomb::PrivacyRequest, &requests),
            (Tomb::LedgerRow, &ledger),
            (Tomb::CctvRequest, &cctv),
        ] {
            for id in list {
                tombstones::record(tx, kind, *id)?;
            }
        }
        destroy_patients(c, &patients)?;
        destroy_bookings(c, &bookings)?;
        if !p.phone_bookings.is_empty() {
            let days: Vec<NaiveDate> = p.phone_bookings.iter().map(|(_, d)| *d).collect();
            c.execute(
                "INSERT INTO destruction_log (at, actor, category, count, oldest, newest, papers)
                 VALUES (?1, ?2, 'phone-bookings', ?3, ?4, ?5, 0)",
                params![
                    now,
                    actor.to_log_text(),
                    i64::try_from(days.len()).unwrap_or(i64::MAX),
                    days.iter().min().map(|d| d.to_string()),
                    days.iter().max().map(|d| d.to_string())
                ],
            )?;
        }
        destroy_requests(c, &requests)?;
        destroy_ledger(c, &ledger)?;
        destroy_cctv_requests(c, &cctv)?;
        c.execute("DELETE FROM retention_gate", [])?;
        let going: std::collections::HashSet<i64> = p.patients.iter().map(|(id, _)| *id).collect();
        let papers = i64::try_from(
            p.papers
                .iter()
                .filter(|x| x.shredded && going.contains(&x.patient_id))
                .count(),
        )
        .unwrap_or(i64::MAX);
        for d in due.iter().filter(|d| d.count > 0) {
            let papers = if d.category == Category::PatientList {
                papers
            } else {
                0
            };
            c.execute(
                "INSERT INTO destruction_log (at, actor, category, count, oldest, newest, papers)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    now,
                    actor.to_log_text(),
                    d.category.as_str(),
                    d.count,
                    d.oldest,
                    d.newest,
                    papers
                ],
            )?;
        }
        for (stream, cutoff) in [
            (Stream::Access, p.access_cutoff),
            (Stream::Permission, p.permission_cutoff),
        ] {
            if let Some(cut) = time::seoul_midnight(cutoff)
                && audit::purge_before(c, tx.audit_key, stream, cut)? > 0
            {
                tombstones::record_purge(tx, stream, cut)?;
            }
        }
        tombstones::forget_old(tx)?;
        tx.log(Entry::new(Action::DestructionRun, actor).detail(counts(&due)))?;
        Ok(due)
    })?;
    scrub(store)?;
    Ok(due)
}

/// Makes deleted bytes unrecoverable: merges the search index (its segments still hold the
/// deleted rows' tokens until merged), checkpoints and truncates the WAL, and rebuilds the file.
pub(crate) fn scrub(store: &Store) -> Result<()> {
    let c = store.conn();
    c.execute_batch(
        "PRAGMA secure_delete = ON;
         INSERT INTO patient_search (patient_search) VALUES ('optimize');
         PRAGMA wal_checkpoint(TRUNCATE);
         VACUUM;
         PRAGMA wal_checkpoint(TRUNCATE);",
    )?;
    Ok(())
}

/// The destruction log, newest first.
pub fn log(store: &Store) -> Result<Vec<Destruction>> {
    let mut stmt = store.conn().prepare(
        "SELECT at, actor, category, count, oldest, newest, papers FROM destruction_log ORDER BY id DESC",
    )?;
    let rows = stmt
        .query_map([], |r| {
            let at: String = r.get(0)?;
            Ok(Destruction {
                at: time::stored_as_minutes(&at).unwrap_or(at),
                actor: r.get(1)?,
                category: r.get(2)?,
                count: r.get(3)?,
                oldest: r.get(4)?,
                newest: r.get(5)?,
                papers: r.get(6)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}
