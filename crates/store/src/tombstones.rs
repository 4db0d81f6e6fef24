//! Tombstones: what a destruction run removed, remembered by a keyed tag only, so that restoring
//! an older backup removes it again before anyone signs in (docs/LAW.md, "Backups").
//!
//! A tag is HMAC-SHA256 under a key derived from the data key, over the row's kind, id and
//! creation time: it names no one and cannot be turned back into the row, yet a backup of this
//! same database (same key) recomputes it for the row it still holds. An audit-log purge is
//! remembered by its cutoff. Tombstones are kept a little longer than any backup may be
//! (`core::backup::MAX_AGE_MONTHS` plus one month), then forgotten.

use crate::Tx;
use crate::audit;
use crate::error::Result;
use crate::retention;
use crate::vault::DataKey;
use chrono::{DateTime, Months, Utc};
use jeopsu_core::audit::Stream;
use jeopsu_core::time;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use std::collections::HashSet;
use zeroize::Zeroizing;

pub(crate) struct TombKey(Zeroizing<[u8; 32]>);

impl TombKey {
    pub(crate) fn of(key: &DataKey) -> TombKey {
        TombKey(key.derive(b"jeopsu tombstones v1"))
    }

    fn tag(&self, kind: Tomb, id: i64, created: &str) -> Result<Vec<u8>> {
        let text = format!("{}|{id}|{created}", kind.as_str());
        Ok(crate::vault::hmac_sha256(&self.0, &[text.as_bytes()]).to_vec())
    }
}

/// The kinds of rows a run destroys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tomb {
    Patient,
    Booking,
    PrivacyRequest,
    LedgerRow,
    CctvRequest,
}

impl Tomb {
    const ALL: [Tomb; 5] = [
        Tomb::Patient,
        Tomb::Booking,
        Tomb::PrivacyRequest,
        Tomb::LedgerRow,
        Tomb::CctvRequest,
    ];

    fn as_str(self) -> &'static str {
        match self {
            Tomb::Patient => "patient",
            Tomb::Booking => "booking",
            Tomb::PrivacyRequest => "privacy-request",
            Tomb::LedgerRow => "ledger-row",
            Tomb::CctvRequest => "cctv-request",
        }
    }

    /// (table, id column, creation-time column).
    fn source(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Tomb::Patient => ("patients", "id", "created_at"),
            Tomb::Booking => ("appointments", "id", "created_at"),
            Tomb::PrivacyRequest => ("privacy_requests", "id", "created_at"),
            Tomb::LedgerRow => ("cctv_ledger", "no", "at"),
            Tomb::CctvRequest => ("cctv_requests", "id", "created_at"),
        }
    }
}

/// Remembers that the row `id` of `kind` is being destroyed (call before deleting it).
pub(crate) fn record(tx: &Tx<'_>, kind: Tomb, id: i64) -> Result<()> {
    let (table, id_col, created_col) = kind.source();
    let created: Option<String> = tx
        .conn()
        .query_row(
            &format!("SELECT {created_col} FROM {table} WHERE {id_col} = ?1"),
            [id],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(created) = created {
        tx.conn().execute(
            "INSERT OR IGNORE INTO tombstones (kind, tag, at) VALUES (?1, ?2, ?3)",
            params![
                kind.as_str(),
                tx.tomb_key.tag(kind, id, &created)?,
                time::to_stored(tx.now())
            ],
        )?;
    }
    Ok(())
}

/// Remembers an audit-log purge of `stream` before `cutoff`.
pub(crate) fn record_purge(tx: &Tx<'_>, stream: Stream, cutoff: DateTime<Utc>) -> Result<()> {
    tx.conn().execute(
        "INSERT OR IGNORE INTO tombstones (kind, cutoff, at) VALUES (?1, ?2, ?3)",
        params![
            format!("purge-{}", stream.as_str()),
            time::to_stored(cutoff),
            time::to_stored(tx.now())
        ],
    )?;
    Ok(())
}

/// Forgets tombstones older than any backup may be (plus a month's margin).
pub(crate) fn forget_old(tx: &Tx<'_>) -> Result<()> {
    let months = Months::new(jeopsu_core::backup::MAX_AGE_MONTHS + 1);
    if let Some(limit) = tx.now().checked_sub_months(months) {
        tx.conn().execute(
            "DELETE FROM tombstones WHERE at < ?1",
            [time::to_stored(limit)],
        )?;
    }
    Ok(())
}

/// (kind, tag, cutoff, when).
type TombRow = (String, Option<Vec<u8>>, Option<String>, String);

/// One database's tombstones, read before a restore replaces it.
#[derive(Debug, Clone, Default)]
pub struct Tombstones {
    rows: Vec<TombRow>,
}

pub(crate) fn read_all(conn: &Connection) -> Result<Tombstones> {
    let mut stmt = conn.prepare("SELECT kind, tag, cutoff, at FROM tombstones ORDER BY id")?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Tombstones { rows })
}

/// What re-applying the tombstones destroyed again in a restored database.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Reapplied {
    /// Patients destroyed again.
    pub patients: i64,
    /// Phone bookings destroyed again.
    pub bookings: i64,
    /// Privacy requests destroyed again.
    pub privacy_requests: i64,
    /// CCTV ledger rows destroyed again.
    pub ledger_rows: i64,
    /// CCTV requests destroyed again.
    pub cctv_requests: i64,
    /// Access-log rows purged again.
    pub log_rows: i64,
}

impl Reapplied {
    /// Whether anything was destroyed again.
    pub fn any(&self) -> bool {
        *self != Reapplied::default()
    }
}

/// Destroys again, in this (restored) database, every row `tombs` names, purges its logs as far
/// as they were purged, and keeps the tombstones. One transaction; the freed pages are scrubbed.
pub(crate) fn reapply(
    store: &mut crate::Store,
    actor: &jeopsu_core::audit::Actor,
    tombs: &Tombstones,
) -> Result<Reapplied> {
    let done = store.write(|tx| {
        let c = tx.conn();
        let mut found: Vec<(Tomb, Vec<i64>)> = vec![];
        for kind in Tomb::ALL {
            let wanted: HashSet<&[u8]> = tombs
                .rows
                .iter()
                .filter(|(k, ..)| k == kind.as_str())
                .filter_map(|(_, tag, ..)| tag.as_deref())
                .collect();
            if wanted.is_empty() {
                found.push((kind, vec![]));
                continue;
            }
            let (table, id_col, created_col) = kind.source();
            let mut stmt = c.prepare(&format!("SELECT {id_col}, {created_col} FROM {table}"))?;
            let rows = stmt
                .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            let mut ids = vec![];
            for (id, created) in rows {
                if wanted.contains(tx.tomb_key.tag(kind, id, &created)?.as_slice()) {
                    ids.push(id);
                }
            }
            found.push((kind, ids));
        }
        let ids = |k: Tomb| -> Vec<i64> {
            found
                .iter()
                .find(|(x, _)| *x == k)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        let now = time::to_stored(tx.now());
        c.execute("INSERT INTO retention_gate (opened_at) VALUES (?1)", [&now])?;
        retention::destroy_patients(c, &ids(Tomb::Patient))?;
        retention::destroy_bookings(c, &ids(Tomb::Booking))?;
        retention::destroy_requests(c, &ids(Tomb::PrivacyRequest))?;
        retention::destroy_ledger(c, &ids(Tomb::LedgerRow))?;
        retention::destroy_cctv_requests(c, &ids(Tomb::CctvRequest))?;
        c.execute("DELETE FROM retention_gate", [])?;
        let mut log_rows = 0;
        for stream in [Stream::Access, Stream::Permission] {
            let kind = format!("purge-{}", stream.as_str());
            let cutoff = tombs
                .rows
                .iter()
                .filter(|(k, ..)| *k == kind)
                .filter_map(|(_, _, cut, _)| cut.as_deref().and_then(time::from_stored))
                .max();
            if let Some(cut) = cutoff {
                log_rows += audit::purge_before(c, tx.audit_key, stream, cut)?;
            }
        }
        for (kind, tag, cutoff, at) in &tombs.rows {
            c.execute(
                "INSERT OR IGNORE INTO tombstones (kind, tag, cutoff, at) VALUES (?1, ?2, ?3, ?4)",
                params![kind, tag, cutoff, at],
            )?;
        }
        let n = |k: Tomb| i64::try_from(ids(k).len()).unwrap_or(i64::MAX);
        let done = Reapplied {
            patients: n(Tomb::Patient),
            bookings: n(Tomb::Booking),
            privacy_requests: n(Tomb::PrivacyRequest),
            ledger_rows: n(Tomb::LedgerRow),
            cctv_requests: n(Tomb::CctvRequest),
            log_rows,
        };
        // The destruction log says it happened again, and why (the actor is the restore's).
        for (category, count) in [
            ("patient-list", done.patients),
            ("phone-bookings", done.bookings),
            ("privacy-requests", done.privacy_requests),
            ("cctv-records", done.ledger_rows + done.cctv_requests),
        ] {
            if count > 0 {
                c.execute(
                    "INSERT INTO destruction_log (at, actor, category, count, oldest, newest, papers)
                     VALUES (?1, ?2, ?3, ?4, NULL, NULL, 0)",
                    params![now, format!("{} (restore)", actor.to_log_text()), category, count],
                )?;
            }
        }
        Ok(done)
    })?;
    if done.any() {
        retention::scrub(store)?;
    }
    Ok(done)
}
