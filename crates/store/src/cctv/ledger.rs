//! The management ledger: its rows (written by the steps and by hand), the query, the export
//! and the printed forms' log rows.

use super::*;
use jeopsu_core::field::FieldMessage;

pub(super) fn append_ledger(
    tx: &Tx<'_>,
    d: &LedgerDraft,
    staff: &str,
    actor: &Actor,
) -> Result<i64> {
    tx.conn().execute(
        "INSERT INTO cctv_ledger (kind, at, footage, staff, reason, purpose, party, basis,
             basis_text, form, period, request_id, corrects, written_at, actor)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
        params![
            d.kind.as_str(),
            d.at,
            d.footage,
            staff,
            d.reason.as_str(),
            d.purpose,
            d.party,
            d.basis.as_str(),
            d.basis_text,
            d.form,
            d.period,
            d.request_id,
            d.corrects,
            time::to_stored(tx.now()),
            actor.to_log_text(),
        ],
    )?;
    Ok(tx.conn().last_insert_rowid())
}

/// Writes a ledger row by hand (a use or provision outside a request, or a correction of an
/// earlier row, which must exist). Returns its number.
pub fn ledger_add(store: &mut Store, actor: &Actor, input: &LedgerInput) -> Result<i64> {
    store.write(|tx| {
        let d = input.validate(seoul_now(tx)).map_err(StoreError::Invalid)?;
        if let Some(old) = d.corrects {
            let exists: bool = tx.conn().query_row(
                "SELECT EXISTS (SELECT 1 FROM cctv_ledger WHERE no = ?1)",
                [old],
                |r| r.get(0),
            )?;
            if !exists {
                return Err(StoreError::Invalid(vec![FieldProblem::new(
                    "corrects",
                    FieldMessage::LedgerUnknown,
                )]));
            }
        }
        let staff = staff_name(tx, actor)?;
        let no = append_ledger(tx, &d, &staff, actor)?;
        tx.log(
            Entry::new(Action::CctvLedgerWritten, actor).detail(serde_json::json!({
                "no": no,
                "kind": d.kind.as_str(),
                "corrects": d.corrects,
            })),
        )?;
        Ok(no)
    })
}

pub(super) fn ledger_rows(
    tx: &Tx<'_>,
    filter: &str,
    args: impl rusqlite::Params,
) -> Result<Vec<LedgerRow>> {
    let sql = format!(
        "SELECT no, kind, at, footage, staff, reason, purpose, party, basis, basis_text, form,
                period, request_id, corrects
         FROM cctv_ledger {filter} ORDER BY no"
    );
    let mut stmt = tx.conn().prepare(&sql)?;
    let rows = stmt
        .query_map(args, |r| {
            Ok((
                r.get::<_, String>(1)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(8)?,
                LedgerRow {
                    no: r.get(0)?,
                    kind: LedgerKind::Use,
                    at: r.get(2)?,
                    footage: r.get(3)?,
                    staff: r.get(4)?,
                    reason: LedgerReason::Manual,
                    purpose: r.get(6)?,
                    party: r.get(7)?,
                    basis: LegalBasis::Other,
                    basis_text: r.get(9)?,
                    form: r.get(10)?,
                    period: r.get(11)?,
                    request_id: r.get(12)?,
                    corrects: r.get(13)?,
                    approved_by: None,
                    staff_present: None,
                },
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    rows.into_iter()
        .map(|(kind, reason, basis, mut row)| {
            let bad = |w: &str| StoreError::IntegrityFailed(format!("ledger row {}: {w}", row.no));
            row.kind = LedgerKind::parse(&kind).ok_or_else(|| bad("kind"))?;
            row.reason = LedgerReason::parse(&reason).ok_or_else(|| bad("reason"))?;
            row.basis = LegalBasis::parse(&basis).ok_or_else(|| bad("basis"))?;
            // A viewing's rows carry who approved it and who was present.
            if let (Some(req), LedgerReason::Mask | LedgerReason::View | LedgerReason::Copy) =
                (row.request_id, row.reason)
                && let Some(v) = viewing_of(tx, req)?
            {
                row.approved_by = Some(v.approved_by);
                row.staff_present = Some(v.staff_present);
            }
            Ok(row)
        })
        .collect()
}

pub(super) fn viewing_of(
    tx: &Tx<'_>,
    request_id: i64,
) -> Result<Option<jeopsu_core::cctv::ViewingRecord>> {
    let data: Option<String> = tx
        .conn()
        .prepare_cached(
            "SELECT data FROM cctv_events WHERE request_id = ?1 AND type = 'viewed'
             ORDER BY id DESC LIMIT 1",
        )?
        .query_row([request_id], |r| r.get(0))
        .optional()?;
    match data {
        None => Ok(None),
        Some(d) => match serde_json::from_str::<Event>(&d) {
            Ok(Event::Viewed(v)) => Ok(Some(v)),
            _ => Err(StoreError::IntegrityFailed(format!(
                "CCTV request {request_id}: viewing record"
            ))),
        },
    }
}

/// Which ledger rows to read: the days `from..=to` (Seoul dates of the act), optionally one kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LedgerQuery {
    /// The first day.
    pub from: NaiveDate,
    /// The last day.
    pub to: NaiveDate,
    /// One kind of row, or every kind.
    pub kind: Option<LedgerKind>,
}

impl LedgerQuery {
    /// The period and kind as typed (`YYYY-MM-DD`, a ledger kind or nothing), every problem named.
    pub fn parse(from: &str, to: &str, kind: Option<&str>) -> Result<LedgerQuery> {
        let from = jeopsu_core::field::date("from", from);
        let to = jeopsu_core::field::date("to", to);
        let kind = match kind.map(str::trim).filter(|k| !k.is_empty()) {
            None => Ok(None),
            Some(k) => LedgerKind::parse(k)
                .map(Some)
                .ok_or_else(|| FieldProblem::new("kind", FieldMessage::ChooseOne)),
        };
        match (from, to, kind) {
            (Ok(from), Ok(to), Ok(kind)) => Ok(LedgerQuery { from, to, kind }),
            (from, to, kind) => Err(StoreError::Invalid(
                [from.err(), to.err(), kind.err()]
                    .into_iter()
                    .flatten()
                    .collect(),
            )),
        }
    }
}

pub(super) fn query_in(tx: &Tx<'_>, q: &LedgerQuery) -> Result<Vec<LedgerRow>> {
    if q.to < q.from {
        return Err(StoreError::Invalid(vec![FieldProblem::new(
            "to",
            FieldMessage::RangeOrder,
        )]));
    }
    ledger_rows(
        tx,
        "WHERE substr(at, 1, 10) BETWEEN ?1 AND ?2 AND (?3 IS NULL OR kind = ?3)",
        params![
            q.from.to_string(),
            q.to.to_string(),
            q.kind.map(LedgerKind::as_str)
        ],
    )
}

/// Reads ledger rows (logged as the ledger screen showing them).
pub fn ledger(store: &mut Store, actor: &Actor, q: &LedgerQuery) -> Result<Vec<LedgerRow>> {
    store.write(|tx| {
        let rows = query_in(tx, q)?;
        tx.log(
            Entry::new(Action::CctvOpened, actor).detail(serde_json::json!({
                "screen": "ledger",
                "from": q.from.to_string(),
                "to": q.to.to_string(),
                "kind": q.kind.map(LedgerKind::as_str),
                "shown": rows.len(),
            })),
        )?;
        Ok(rows)
    })
}

/// What a ledger export holds: the rows, and the requests answered in the same period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerExport {
    /// The ledger rows of the period.
    pub rows: Vec<LedgerRow>,
    /// The requests answered in the period (see [`RequestAnswer`]).
    pub answers: Vec<RequestAnswer>,
}

pub(super) fn answers_in(tx: &Tx<'_>, q: &LedgerQuery) -> Result<Vec<RequestAnswer>> {
    let mut stmt = tx.conn().prepare(
        "SELECT r.id, r.received_at, r.kind, r.relation, e.at, e.staff, e.data
         FROM cctv_events e JOIN cctv_requests r ON r.id = e.request_id
         WHERE e.type = 'decided' ORDER BY e.id",
    )?;
    let raw = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut out = vec![];
    for (id, received_at, kind, relation, at, staff, data) in raw {
        let bad = |w: &str| StoreError::IntegrityFailed(format!("CCTV request {id}: {w}"));
        let at = time::from_stored(&at).ok_or_else(|| bad("decision time"))?;
        let day = time::seoul_date(at);
        if day < q.from || day > q.to {
            continue;
        }
        let Ok(Event::Decided(decision)) = serde_json::from_str::<Event>(&data) else {
            return Err(bad("decision"));
        };
        out.push(RequestAnswer {
            request_id: id,
            received_at,
            kind: RequestKind::parse(&kind).ok_or_else(|| bad("kind"))?,
            relation: Relation::parse(&relation).ok_or_else(|| bad("relation"))?,
            decided_at: time::display_minutes(at),
            decided_by: staff,
            decision,
        });
    }
    Ok(out)
}

/// Reads ledger rows, and the requests answered in the period, for an export to `target` (a file
/// name or "print"), logging the export and its reason in the same transaction.
pub fn ledger_export(
    store: &mut Store,
    actor: &Actor,
    q: &LedgerQuery,
    format: &str,
    target: &str,
    reason: &str,
) -> Result<LedgerExport> {
    let reason =
        jeopsu_core::field::reason("reason", reason).map_err(|p| StoreError::Invalid(vec![p]))?;
    store.write(|tx| {
        let rows = query_in(tx, q)?;
        let answers = answers_in(tx, q)?;
        tx.log(
            Entry::new(Action::CctvLedgerExported, actor)
                .subject(Subject::file(target))
                .reason(&reason)
                .detail(serde_json::json!({
                    "format": format,
                    "from": q.from.to_string(),
                    "to": q.to.to_string(),
                    "rows": rows.len(),
                    "answers": answers.len(),
                })),
        )?;
        Ok(LedgerExport { rows, answers })
    })
}

/// Logs that a CCTV form was printed or saved (`form`: `request`, `decision`...).
pub fn form_printed(store: &mut Store, actor: &Actor, form: &str, id: Option<i64>) -> Result<()> {
    store.write(|tx| {
        let mut e =
            Entry::new(Action::CctvFormPrinted, actor).detail(serde_json::json!({ "form": form }));
        if let Some(id) = id {
            e = e.subject(Subject::cctv_request(id));
        }
        tx.log(e)?;
        Ok(())
    })
}
