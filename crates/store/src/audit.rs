//! The access log and the permission log: append-only, hash-chained, verified.
//!
//! Each row's MAC is HMAC-SHA256(audit key, previous MAC || length-prefixed fields), where the
//! audit key is derived from the data key. `audit_head` records, also MAC'd, where each stream's
//! chain starts (its anchor, moved forward by retention purges) and ends. Verification therefore
//! detects a changed, removed, inserted or reordered row, and removed rows at the end.
//! DO NOT CHANGE the field order or labels below: existing logs are verified with them.

use crate::error::{Result, StoreError};
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use jeopsu_core::audit::{Action, Actor, Stream, Subject};
use jeopsu_core::ids::AuditSeq;
use jeopsu_core::time;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use sha2::Sha256;
use zeroize::Zeroizing;

type HmacSha256 = Hmac<Sha256>;

/// The key that MACs the audit chain, derived from the data key.
pub(crate) struct AuditKey(pub(crate) Zeroizing<[u8; 32]>);

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AuditKey(redacted)")
    }
}

/// The label the audit key is derived with. DO NOT CHANGE.
pub(crate) const AUDIT_KEY_LABEL: &[u8] = b"jeopsu audit chain v1";

/// One log entry to write.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    /// What happened.
    pub action: Action,
    /// Who did it.
    pub actor: &'a Actor,
    /// Which record it is about, if any.
    pub subject: Option<Subject>,
    /// Why, where a reason was asked for (e.g. revealing an RRN, exporting).
    pub reason: Option<&'a str>,
    /// Non-personal details as JSON (e.g. `{"role":"admin"}`).
    pub detail: Option<serde_json::Value>,
}

impl<'a> Entry<'a> {
    /// An entry with no subject, reason or detail.
    pub fn new(action: Action, actor: &'a Actor) -> Entry<'a> {
        Entry {
            action,
            actor,
            subject: None,
            reason: None,
            detail: None,
        }
    }
    /// Names the record the entry is about.
    pub fn subject(mut self, s: Subject) -> Self {
        self.subject = Some(s);
        self
    }
    /// Adds the reason the person gave.
    pub fn reason(mut self, r: &'a str) -> Self {
        self.reason = Some(r);
        self
    }
    /// Adds non-personal details as JSON.
    pub fn detail(mut self, d: serde_json::Value) -> Self {
        self.detail = Some(d);
        self
    }
}

/// A row as read back.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Row {
    /// `access` or `permission`.
    pub stream: String,
    /// The row's number in its stream.
    pub seq: i64,
    /// UTC, RFC 3339.
    pub at: String,
    /// The actor's log text ([`Actor::to_log_text`]).
    pub actor: String,
    /// The action's word.
    pub action: String,
    /// The subject's kind, if any.
    pub subject_kind: Option<String>,
    /// The subject's id, if any.
    pub subject_id: Option<String>,
    /// The reason given, if any.
    pub reason: Option<String>,
    /// The detail JSON, if any.
    pub detail: Option<String>,
}

fn mac_new(key: &AuditKey) -> Result<HmacSha256> {
    <HmacSha256 as Mac>::new_from_slice(key.0.as_slice())
        .map_err(|e| StoreError::Internal(format!("hmac key: {e}")))
}

fn put(m: &mut HmacSha256, field: Option<&str>) {
    match field {
        None => m.update(&u32::MAX.to_be_bytes()),
        Some(s) => {
            let len = u32::try_from(s.len()).unwrap_or(u32::MAX - 1);
            m.update(&len.to_be_bytes());
            m.update(s.as_bytes());
        }
    }
}

fn row_mac(key: &AuditKey, prev: &[u8], r: &Row) -> Result<Vec<u8>> {
    let mut m = mac_new(key)?;
    m.update(b"jeopsu-audit-row-v1");
    m.update(prev);
    put(&mut m, Some(&r.stream));
    put(&mut m, Some(&r.seq.to_string()));
    put(&mut m, Some(&r.at));
    put(&mut m, Some(&r.actor));
    put(&mut m, Some(&r.action));
    put(&mut m, r.subject_kind.as_deref());
    put(&mut m, r.subject_id.as_deref());
    put(&mut m, r.reason.as_deref());
    put(&mut m, r.detail.as_deref());
    Ok(m.finalize().into_bytes().to_vec())
}

#[derive(Debug, Clone)]
struct Head {
    first_seq: i64,
    anchor_mac: Vec<u8>,
    last_seq: i64,
    last_mac: Vec<u8>,
}

fn head_mac(key: &AuditKey, stream: Stream, h: &Head) -> Result<Vec<u8>> {
    let mut m = mac_new(key)?;
    m.update(b"jeopsu-audit-head-v1");
    put(&mut m, Some(stream.as_str()));
    put(&mut m, Some(&h.first_seq.to_string()));
    m.update(&h.anchor_mac);
    put(&mut m, Some(&h.last_seq.to_string()));
    m.update(&h.last_mac);
    Ok(m.finalize().into_bytes().to_vec())
}

fn genesis_mac(key: &AuditKey, stream: Stream) -> Result<Vec<u8>> {
    let mut m = mac_new(key)?;
    m.update(b"jeopsu-audit-genesis-v1");
    put(&mut m, Some(stream.as_str()));
    Ok(m.finalize().into_bytes().to_vec())
}

fn write_head(conn: &Connection, key: &AuditKey, stream: Stream, h: &Head) -> Result<()> {
    let hm = head_mac(key, stream, h)?;
    // Every log row writes the head: prepared once per connection.
    conn.prepare_cached(
        "INSERT INTO audit_head (stream, first_seq, anchor_mac, last_seq, last_mac, head_mac)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (stream) DO UPDATE SET first_seq = ?2, anchor_mac = ?3, last_seq = ?4,
             last_mac = ?5, head_mac = ?6",
    )?
    .execute(params![
        stream.as_str(),
        h.first_seq,
        h.anchor_mac,
        h.last_seq,
        h.last_mac,
        hm
    ])?;
    Ok(())
}

fn read_head(conn: &Connection, key: &AuditKey, stream: Stream) -> Result<Head> {
    let row = conn
        .prepare_cached(
            "SELECT first_seq, anchor_mac, last_seq, last_mac, head_mac FROM audit_head WHERE stream = ?1",
        )?
        .query_row(
            [stream.as_str()],
            |r| {
                Ok((
                    Head { first_seq: r.get(0)?, anchor_mac: r.get(1)?, last_seq: r.get(2)?, last_mac: r.get(3)? },
                    r.get::<_, Vec<u8>>(4)?,
                ))
            },
        )
        .optional()?;
    let (head, stored) = row.ok_or_else(|| {
        StoreError::IntegrityFailed(format!(
            "the {} log has lost its chain head",
            stream.as_str()
        ))
    })?;
    if head_mac(key, stream, &head)? != stored {
        return Err(StoreError::IntegrityFailed(format!(
            "the {} log's chain head was altered",
            stream.as_str()
        )));
    }
    Ok(head)
}

/// Starts both chains in a new database.
pub(crate) fn init_chains(conn: &Connection, key: &AuditKey) -> Result<()> {
    for &stream in Stream::ALL {
        let g = genesis_mac(key, stream)?;
        write_head(
            conn,
            key,
            stream,
            &Head {
                first_seq: 1,
                anchor_mac: g.clone(),
                last_seq: 0,
                last_mac: g,
            },
        )?;
    }
    Ok(())
}

/// Appends `e` to its stream. Call inside the transaction of the change it records.
pub(crate) fn append(
    conn: &Connection,
    key: &AuditKey,
    now: DateTime<Utc>,
    e: &Entry<'_>,
) -> Result<AuditSeq> {
    let stream = e.action.stream();
    let mut head = read_head(conn, key, stream)?;
    let seq = insert_row(conn, key, now, e, &mut head)?;
    write_head(conn, key, stream, &head)?;
    Ok(seq)
}

/// Appends `entries` in order, reading and rewriting each stream's head once for all of them
/// rather than once per row (an import logs a row per patient). The chain is the same as
/// [`append`] one by one would write.
pub(crate) fn append_all<'e>(
    conn: &Connection,
    key: &AuditKey,
    now: DateTime<Utc>,
    entries: impl IntoIterator<Item = Entry<'e>>,
) -> Result<()> {
    let mut heads: Vec<(Stream, Head)> = vec![];
    for e in entries {
        let stream = e.action.stream();
        let at = match heads.iter().position(|(s, _)| *s == stream) {
            Some(i) => i,
            None => {
                heads.push((stream, read_head(conn, key, stream)?));
                heads.len() - 1
            }
        };
        insert_row(conn, key, now, &e, &mut heads[at].1)?;
    }
    for (stream, head) in &heads {
        write_head(conn, key, *stream, head)?;
    }
    Ok(())
}

/// Inserts `e` as the row after `head` and moves `head` on to it (the caller writes the head).
fn insert_row(
    conn: &Connection,
    key: &AuditKey,
    now: DateTime<Utc>,
    e: &Entry<'_>,
    head: &mut Head,
) -> Result<AuditSeq> {
    let row = Row {
        stream: e.action.stream().as_str().to_string(),
        seq: head.last_seq + 1,
        at: time::to_stored(now),
        actor: e.actor.to_log_text(),
        action: e.action.as_str().to_string(),
        subject_kind: e.subject.as_ref().map(|s| s.kind.clone()),
        subject_id: e.subject.as_ref().map(|s| s.id.clone()),
        reason: e.reason.map(str::to_string),
        detail: e.detail.as_ref().map(|d| d.to_string()),
    };
    let mac = row_mac(key, &head.last_mac, &row)?;
    conn.prepare_cached(
        "INSERT INTO audit_log (stream, seq, at, actor, action, subject_kind, subject_id, reason, detail, mac)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![row.stream, row.seq, row.at, row.actor, row.action, row.subject_kind, row.subject_id, row.reason, row.detail, mac])?;
    head.last_seq = row.seq;
    head.last_mac = mac;
    Ok(AuditSeq(row.seq))
}

fn read_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok(Row {
        stream: r.get(0)?,
        seq: r.get(1)?,
        at: r.get(2)?,
        actor: r.get(3)?,
        action: r.get(4)?,
        subject_kind: r.get(5)?,
        subject_id: r.get(6)?,
        reason: r.get(7)?,
        detail: r.get(8)?,
    })
}

const COLUMNS: &str = "stream, seq, at, actor, action, subject_kind, subject_id, reason, detail";

/// What a verified chain holds.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ChainReport {
    /// `access` or `permission`.
    pub stream: String,
    /// How many rows it holds.
    pub rows: i64,
    /// The first row's number (older rows were purged past their retention).
    pub first_seq: i64,
    /// The last row's number.
    pub last_seq: i64,
}

/// Verifies one stream's chain from its anchor to its head.
pub(crate) fn verify_stream(
    conn: &Connection,
    key: &AuditKey,
    stream: Stream,
) -> Result<ChainReport> {
    let head = read_head(conn, key, stream)?;
    let name = stream.as_str();
    let fail = |msg: String| Err(StoreError::IntegrityFailed(format!("{name} log: {msg}")));
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS}, mac FROM audit_log WHERE stream = ?1 ORDER BY seq"
    ))?;
    let mut rows = stmt.query([name])?;
    let mut expected = head.first_seq;
    let mut prev = head.anchor_mac.clone();
    let mut count = 0i64;
    while let Some(r) = rows.next()? {
        let row = read_row(r)?;
        let mac: Vec<u8> = r.get(9)?;
        if row.seq != expected {
            return fail(if row.seq < expected {
                format!("row {} lies before the chain's start", row.seq)
            } else {
                format!("rows {expected}..{} are missing", row.seq - 1)
            });
        }
        if row_mac(key, &prev, &row)? != mac {
            return fail(format!("row {} was altered or reordered", row.seq));
        }
        prev = mac;
        expected += 1;
        count += 1;
    }
    if expected - 1 != head.last_seq || prev != head.last_mac {
        return fail(format!(
            "the chain ends at row {} but its head says {}",
            expected - 1,
            head.last_seq
        ));
    }
    Ok(ChainReport {
        stream: name.to_string(),
        rows: count,
        first_seq: head.first_seq,
        last_seq: head.last_seq,
    })
}

pub(crate) fn verify_all(conn: &Connection, key: &AuditKey) -> Result<Vec<ChainReport>> {
    Stream::ALL
        .iter()
        .map(|s| verify_stream(conn, key, *s))
        .collect()
}

/// Rows at or after `since`, oldest first, optionally one stream.
pub(crate) fn list(
    conn: &Connection,
    since: Option<DateTime<Utc>>,
    stream: Option<Stream>,
) -> Result<Vec<Row>> {
    let since = since.map(time::to_stored).unwrap_or_default();
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM audit_log WHERE at >= ?1 AND (?2 IS NULL OR stream = ?2) ORDER BY at, id"
    ))?;
    let rows = stmt
        .query_map(params![since, stream.map(|s| s.as_str())], read_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The access-log rows about patient `patient_id`, oldest first: the patient's own, from the
/// transaction that registered them on ([`patient_rows_start`]).
pub(crate) fn about_patient(conn: &Connection, patient_id: i64) -> Result<Vec<Row>> {
    let start = patient_rows_start(conn, patient_id)?;
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM audit_log
         WHERE subject_kind = 'patient' AND subject_id = ?1 AND stream = 'access' AND seq >= ?2
         ORDER BY at, id"
    ))?;
    let rows = stmt
        .query_map(params![patient_id.to_string(), start], read_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The access-log sequence number where patient `patient_id`'s own rows begin: the first row of
/// the transaction that registered them (its consent rows come before its `patient-registered`
/// row, and a transaction's rows are numbered one after the other), or 0 when the log no longer
/// holds the registration (older than the log's retention, when every earlier row is gone too).
///
/// Rows about the same id before that are a destroyed patient's. A database from before patient
/// ids counted past destroyed ones (migration 0014) may have given such an id again; the log is
/// append-only, so those rows stay, and this keeps them out of the new patient's export and the
/// review's search by patient.
pub(crate) fn patient_rows_start(conn: &Connection, patient_id: i64) -> Result<i64> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, action = 'patient-registered' FROM audit_log
         WHERE subject_kind = 'patient' AND subject_id = ?1 AND stream = 'access' ORDER BY seq",
    )?;
    let rows = stmt
        .query_map([patient_id.to_string()], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, bool>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let Some(mut first) = rows.iter().rposition(|(_, registered)| *registered) else {
        return Ok(0);
    };
    while first > 0 && rows[first - 1].0 + 1 == rows[first].0 {
        first -= 1;
    }
    Ok(rows[first].0)
}

/// Removes a stream's rows older than `cutoff` (retention) and moves the chain's anchor to the
/// first row kept, so the remaining chain still verifies. Returns how many rows were removed.
/// Call inside a transaction; the caller logs the purge itself as a new row.
pub(crate) fn purge_before(
    conn: &Connection,
    key: &AuditKey,
    stream: Stream,
    cutoff: DateTime<Utc>,
) -> Result<i64> {
    verify_stream(conn, key, stream)?;
    let mut head = read_head(conn, key, stream)?;
    let cutoff = time::to_stored(cutoff);
    // Only a prefix of the chain can go: up to (not including) the first row at or after the
    // cutoff. If the clock once went backwards, an old-looking row after a newer one is kept
    // rather than punching a hole in the chain.
    let first_kept: Option<i64> = conn.query_row(
        "SELECT min(seq) FROM audit_log WHERE stream = ?1 AND at >= ?2",
        params![stream.as_str(), cutoff],
        |r| r.get(0),
    )?;
    let last_removed: Option<(i64, Vec<u8>)> = conn
        .query_row(
            "SELECT seq, mac FROM audit_log WHERE stream = ?1 AND (?2 IS NULL OR seq < ?2)
             ORDER BY seq DESC LIMIT 1",
            params![stream.as_str(), first_kept],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((seq, mac)) = last_removed else {
        return Ok(0);
    };
    conn.execute(
        "INSERT INTO audit_purge_gate (opened_at) VALUES (?1)",
        [&cutoff],
    )?;
    let removed = conn.execute(
        "DELETE FROM audit_log WHERE stream = ?1 AND seq <= ?2",
        params![stream.as_str(), seq],
    )?;
    conn.execute("DELETE FROM audit_purge_gate", [])?;
    head.first_seq = seq + 1;
    head.anchor_mac = mac;
    write_head(conn, key, stream, &head)?;
    Ok(i64::try_from(removed).unwrap_or(i64::MAX))
}

/// The recovery sheet was shown for printing during setup (`how`: "in-app").
pub fn log_recovery_sheet_printed(
    store: &mut crate::Store,
    actor: &Actor,
    how: &str,
) -> Result<()> {
    store.write(|tx| {
        tx.log(
            Entry::new(Action::RecoverySheetPrinted, actor)
                .detail(serde_json::json!({ "how": how })),
        )
        .map(|_| ())
    })
}
