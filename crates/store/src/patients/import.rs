//! The CSV import: all or nothing, every problem listed by line, checked and written in one
//! transaction.

use super::*;
use jeopsu_core::field::FieldMessage;

/// One CSV row as read (the CLI parses the file; line numbers count the header as line 1).
#[derive(Debug, Clone)]
pub struct ImportRow {
    /// The line in the file.
    pub line: usize,
    /// The patient's columns.
    pub input: PatientInput,
    /// The `marketing_consent` column as written (`y` or `n`).
    pub marketing: String,
    /// The optional `last_visit` column (`YYYY-MM-DD`, or empty): recorded as an imported visit,
    /// so the patient list's period counts from the patient's real last visit.
    pub last_visit: String,
}

/// What an import did, or would do (`dry_run`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    /// The rows imported (or checked).
    pub rows: usize,
    /// Whether it only checked.
    pub dry_run: bool,
    /// Rows whose chart number was assigned (the column was empty).
    pub assigned_chart_numbers: usize,
}

/// One problem of an import, on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineProblem {
    /// The line in the file.
    pub line: usize,
    /// What is wrong, and in which field.
    pub problem: jeopsu_core::FieldProblem,
}

pub(super) fn yes_no(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "y" | "yes" => Some(true),
        "n" | "no" | "" => Some(false),
        _ => None,
    }
}

/// The import file's columns, in the contract's order (README "Import"); `last_visit` may follow.
pub const IMPORT_COLUMNS: [&str; 10] = [
    "name",
    "birth_date",
    "rrn",
    "gender",
    "address",
    "phone",
    "mobile",
    "email",
    "chart_no",
    "marketing_consent",
];

/// Reads an import file's bytes (UTF-8 CSV, a BOM allowed, the header naming
/// [`IMPORT_COLUMNS`] in any order, `last_visit` optional) into rows for [`import`]. Bytes from
/// anywhere: a problem is an error naming the line, never a panic (the fuzz target
/// `import_csv` feeds it arbitrary bytes).
pub fn read_import_csv(bytes: &[u8]) -> Result<Vec<ImportRow>> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| StoreError::InvalidInput(format!("not UTF-8 ({e})")))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| StoreError::InvalidInput(format!("header: {e}")))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let mut index = [0usize; 10];
    for (i, col) in IMPORT_COLUMNS.iter().enumerate() {
        index[i] = header.iter().position(|h| h == col).ok_or_else(|| {
            StoreError::InvalidInput(format!(
                "the header has no column {col:?} (expected {})",
                IMPORT_COLUMNS.join(",")
            ))
        })?;
    }
    // Optional: the last visit, so retention counts from it (a clinic moving from paper or
    // another program).
    let last_visit = header.iter().position(|h| h == "last_visit");
    let mut rows = vec![];
    for (n, record) in reader.records().enumerate() {
        let line = n + 2;
        let r = record.map_err(|e| StoreError::InvalidInput(format!("line {line}: {e}")))?;
        let f = |i: usize| r.get(index[i]).unwrap_or("").to_string();
        rows.push(ImportRow {
            line,
            input: PatientInput {
                name: f(0),
                birth_date: f(1),
                rrn: f(2),
                gender: f(3),
                address: f(4),
                phone: f(5),
                mobile: f(6),
                email: f(7),
                chart_no: f(8),
                service_status: String::new(),
            },
            marketing: f(9),
            last_visit: last_visit.and_then(|i| r.get(i)).unwrap_or("").to_string(),
        });
        if rows.len() > MAX_IMPORT_ROWS {
            return Err(StoreError::Invalid(vec![
                jeopsu_core::FieldProblem::new("file", FieldMessage::ImportTooMany)
                    .arg("max", MAX_IMPORT_ROWS),
            ]));
        }
    }
    Ok(rows)
}

/// Checks import rows the way [`import`] does before anything is written (fields, the
/// marketing answer, what a minor's import may carry, the last visit), without a database: for
/// the fuzz target and for tools. Returns the problems found. (What needs the database, repeats
/// of an RRN or a chart number, only [`import`] checks.)
pub fn check_import_rows(rows: &[ImportRow], today: NaiveDate) -> Vec<LineProblem> {
    let mut problems = vec![];
    for row in rows {
        let _ = check_row(row, today, &mut problems);
    }
    problems
}

/// One import row's own checks: the marketing answer, the fields, what a minor's import may
/// carry (docs/LAW.md "Minors": a minor's "yes" comes only from the legal representative, in
/// the guardian step), the last visit. Problems go to `problems`; with valid fields, the row's
/// patient, the marketing answer and the last visit.
pub(super) fn check_row(
    row: &ImportRow,
    today: NaiveDate,
    problems: &mut Vec<LineProblem>,
) -> Option<(ValidPatient, bool, Option<NaiveDate>)> {
    use jeopsu_core::FieldProblem as P;
    let mut add = |problem| {
        problems.push(LineProblem {
            line: row.line,
            problem,
        })
    };
    let marketing = yes_no(&row.marketing);
    if marketing.is_none() {
        add(P::new("marketing_consent", FieldMessage::YesNo));
    }
    let v = match row.input.validate(today) {
        Ok(v) => v,
        Err(ps) => {
            ps.into_iter().for_each(add);
            return None;
        }
    };
    let granted = marketing.unwrap_or(false);
    if let Err(problem) = jeopsu_core::consent::may_grant(
        Age::on(v.birth_date, today),
        consents::Signer::Import,
        granted,
    ) {
        add(P::new("marketing_consent", problem.message));
    }
    let last_visit = if row.last_visit.trim().is_empty() {
        None
    } else {
        match jeopsu_core::field::date("last_visit", &row.last_visit) {
            Ok(d) if d > today || d < v.birth_date => {
                add(P::new("last_visit", FieldMessage::LastVisitRange));
                None
            }
            Ok(d) => Some(d),
            Err(problem) => {
                add(problem);
                None
            }
        }
    };
    Some((v, granted, last_visit))
}

/// The most rows one import takes: more than any clinic's patient list (the benchmarks import
/// 200,000). A larger file is refused whole, saying so.
pub const MAX_IMPORT_ROWS: usize = 300_000;
/// The largest import file read (64 MiB; 300,000 rows of a full record are about 45 MB).
pub const MAX_IMPORT_BYTES: u64 = 64 << 20;

/// Imports patients all or nothing: every row is checked (fields, repeated RRNs or chart
/// numbers within the file, RRNs or chart numbers already registered), and any problem aborts
/// the import with every problem listed by line and field. With `dry_run` nothing is written.
/// `progress(done, total)` is called as rows are checked and written.
///
/// One transaction, two threads: a second thread runs each row's own checks and its RRN's MAC
/// (no database needed) while this one checks the row against the database and writes it, so
/// the checks and the writes overlap (BENCHMARKS.md "The import, checked beside its writes").
/// Rows are written as long as no problem has been found; after the first problem nothing more
/// is written, every row is still checked, and the transaction is rolled back: nothing of a
/// refused import is kept.
///
/// While it runs, the connection's page cache may grow to [`db::LARGE_WORK_CACHE_KIB`]: the
/// patients' indexes (names, initials, birth dates, phones, the RRN's MAC) take rows in an
/// order unrelated to where they are stored, and past the usual cache that means reading and
/// decrypting pages again (BENCHMARKS.md "The import's floor, part by part").
pub fn import(
    store: &mut Store,
    actor: &Actor,
    rows: &[ImportRow],
    dry_run: bool,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportReport> {
    use jeopsu_core::FieldProblem as P;
    if rows.len() > MAX_IMPORT_ROWS {
        return Err(StoreError::Invalid(vec![
            P::new("file", FieldMessage::ImportTooMany).arg("max", MAX_IMPORT_ROWS),
        ]));
    }
    let today = today(store);
    let keys = RrnKeys::of(store);
    let total = rows.len();
    // The file's own chart numbers, known before any number is handed out: a row without one
    // never gets a number a later row of the file brings.
    let reserved = rows
        .iter()
        .filter_map(|r| patient::parse_chart_no(&r.input.chart_no).ok().flatten())
        .collect();
    let before = db::grow_cache(store.conn(), db::LARGE_WORK_CACHE_KIB)?;
    let written = store.write(|tx| {
        std::thread::scope(|scope| {
            let (send, checked) = std::sync::mpsc::sync_channel(BATCHES_AHEAD);
            let keys = &keys;
            scope.spawn(move || {
                // In batches: with one hand-over per row, about a twentieth of the writing
                // thread's profile samples were the channel's locks and wake-ups.
                for batch in rows.chunks(BATCH) {
                    // The receiver is gone only when the write failed; nothing left to check.
                    if send.send(check_batch(batch, today, keys)).is_err() {
                        break;
                    }
                }
            });
            let mut writer = Writer::start(tx, actor, keys, reserved, dry_run, total)?;
            let checked = checked.into_iter().flatten();
            for (i, (line, valid, mut problems)) in checked.enumerate() {
                writer.problems.append(&mut problems);
                if let Some(row) = valid {
                    writer.take(line, row)?;
                }
                if i % 1000 == 0 {
                    progress(i, total);
                }
            }
            writer.finish()
        })
    });
    db::restore_cache(store.conn(), before, written).inspect(|_| progress(total, total))
}

/// Each row's own checks and its RRN's MAC: the checking thread's work (no database).
fn check_batch(
    rows: &[ImportRow],
    today: NaiveDate,
    keys: &RrnKeys,
) -> Vec<(usize, Option<CheckedRow>, Vec<LineProblem>)> {
    rows.iter()
        .map(|row| {
            let mut problems = vec![];
            let valid = check_row(row, today, &mut problems).map(|(v, granted, visit)| {
                let mac = keys.mac(&v.rrn);
                (v, mac, granted, visit)
            });
            (row.line, valid, problems)
        })
        .collect()
}

/// Rows handed from the checking thread to the writing one at a time.
const BATCH: usize = 256;
/// Batches checked ahead of the writes (a bound on what waits in memory between the threads).
const BATCHES_AHEAD: usize = 4;

/// A row that passed its own checks: the patient, its RRN's MAC, the marketing answer and the
/// last visit.
type CheckedRow = (ValidPatient, Vec<u8>, bool, Option<NaiveDate>);

/// The import's write side: each checked row against the file's earlier rows and the
/// database, then written while no problem has been found.
struct Writer<'t, 'c, 'k> {
    tx: &'t Tx<'c>,
    actor: &'t Actor,
    keys: &'k RrnKeys,
    dry_run: bool,
    problems: Vec<LineProblem>,
    /// Per RRN MAC: the last line that had it, and whether a row with it was written (then the
    /// database holds this import's own row, not an earlier registration).
    seen_rrn: HashMap<Vec<u8>, (usize, bool)>,
    /// The same per chart number.
    seen_chart: HashMap<String, (usize, bool)>,
    /// Every RRN's MAC the database held before the import, with its patient, sorted: asked
    /// instead of the database for each row (a row written by this import is found in
    /// `seen_rrn` first, so the database's answer would be the same). `None` for a file small
    /// against the database: each row asks the database.
    registered: Option<Vec<([u8; 32], i64)>>,
    numbers: ChartNumbers,
    first_id: i64,
    rows: usize,
    assigned: usize,
    logged: Vec<Entry<'t>>,
    now: String,
    who: String,
}

impl<'t, 'c, 'k> Writer<'t, 'c, 'k> {
    fn start(
        tx: &'t Tx<'c>,
        actor: &'t Actor,
        keys: &'k RrnKeys,
        reserved: std::collections::HashSet<String>,
        dry_run: bool,
        rows: usize,
    ) -> Result<Self> {
        let mut numbers = ChartNumbers::start(tx)?;
        numbers.reserved = reserved;
        let first_id = next_patient_id(tx)?;
        // Read once, these two lists replace two lookups per row in the database (BENCHMARKS.md,
        // "The import reads what is registered once"); about 90 bytes per registered patient,
        // held for the import only. Per registered patient, reading them costs about a tenth of
        // one row's lookups (an estimate, not measured), so a file under a tenth of the
        // database's size asks row by row instead (the ids given so far stand for the
        // registered, erased ones included).
        let small = i64::try_from(rows).unwrap_or(i64::MAX).saturating_mul(10) < first_id - 1;
        let registered = if small {
            None
        } else {
            numbers.read_registered(tx)?;
            Some(registered_macs(tx)?)
        };
        Ok(Writer {
            tx,
            actor,
            keys,
            dry_run,
            problems: vec![],
            seen_rrn: HashMap::new(),
            seen_chart: HashMap::new(),
            registered,
            numbers,
            first_id,
            rows: 0,
            assigned: 0,
            logged: vec![],
            now: time::to_stored(tx.now()),
            who: actor.to_log_text(),
        })
    }

    /// One checked row: its repeats within the file, then what is registered already, then
    /// (while the import is clean and not a dry run) the row written.
    fn take(&mut self, line: usize, (v, mac, marketing, last_visit): CheckedRow) -> Result<()> {
        use jeopsu_core::FieldProblem as P;
        let tx = self.tx;
        let rrn_before = self.seen_rrn.get(&mac).copied();
        // A repeat of a row this import wrote finds that row: the repeat is reported below.
        let registered = match rrn_before {
            Some((_, true)) => None,
            _ => self.registered_with(&mac)?,
        };
        let mut add = |problem| self.problems.push(LineProblem { line, problem });
        if let Some((first, _)) = rrn_before {
            add(P::new("rrn", FieldMessage::RrnRepeated).arg("line", first));
        }
        let chart_before = v
            .chart_no
            .as_ref()
            .and_then(|no| self.seen_chart.get(no).copied());
        if let Some((first, _)) = chart_before {
            add(P::new("chart_no", FieldMessage::ChartNoRepeated).arg("line", first));
        }
        if let Some(chart_no) = registered {
            add(P::new("rrn", FieldMessage::RrnRegistered).arg("chart_no", chart_no));
        }
        if let Some(no) = &v.chart_no
            && !matches!(chart_before, Some((_, true)))
            && self.numbers.taken(tx, no)?
        {
            add(P::new("chart_no", FieldMessage::ChartNoTaken));
        }
        self.rows += 1;
        if v.chart_no.is_none() {
            self.assigned += 1;
        }
        let writing = !self.dry_run && self.problems.is_empty();
        if writing {
            self.write(&v, &mac, marketing, last_visit)?;
        }
        if let Some(no) = &v.chart_no {
            let written = chart_before.is_some_and(|(_, before)| before) || writing;
            self.seen_chart.insert(no.clone(), (line, written));
        }
        let written = rrn_before.is_some_and(|(_, before)| before) || writing;
        self.seen_rrn.insert(mac, (line, written));
        Ok(())
    }

    /// The chart number of the patient registered before the import with this RRN's MAC.
    fn registered_with(&self, mac: &[u8]) -> Result<Option<String>> {
        let Some(list) = &self.registered else {
            return existing_with_rrn(self.tx, mac, None);
        };
        let found = <[u8; 32]>::try_from(mac)
            .ok()
            .and_then(|mac| list.binary_search_by(|(m, _)| m.cmp(&mac)).ok());
        found
            .map(|i| chart_no_of_id(self.tx, list[i].1))
            .transpose()
    }

    fn write(
        &mut self,
        v: &ValidPatient,
        mac: &[u8],
        marketing: bool,
        last_visit: Option<NaiveDate>,
    ) -> Result<()> {
        let tx = self.tx;
        // Rows are written one after the other from `first_id`, each with its one log entry
        // (the import's own entry is added by `finish`), so the entries count the rows written.
        let id = self.first_id + self.logged.len() as i64;
        let chart_no = match &v.chart_no {
            Some(no) => no.clone(),
            None => self.numbers.next(tx)?,
        };
        insert_row(tx, self.keys, v, mac, &chart_no, id)?;
        if let Some(day) = last_visit {
            crate::visits::record_imported(tx, self.actor, id, day)?;
        }
        tx.conn()
            .prepare_cached(
                "INSERT INTO consents (patient_id, item, granted, signer, method, recorded_at, actor)
                 VALUES (?1, 'marketing', ?2, 'import', 'import', ?3, ?4)",
            )?
            .execute(params![id, marketing, self.now, self.who])?;
        self.logged.push(
            Entry::new(Action::PatientRegistered, self.actor)
                .subject(Subject::patient(id))
                .detail(serde_json::json!({ "import": true })),
        );
        Ok(())
    }

    /// Refuses the import with every problem (the transaction is rolled back), or logs the
    /// dry run, or finishes the writes: the chart counter, the id counter and the log rows,
    /// the chain's head written once.
    fn finish(mut self) -> Result<ImportReport> {
        if !self.problems.is_empty() {
            self.problems.sort_by_key(|p| p.line);
            return Err(StoreError::ImportRejected(self.problems));
        }
        let report = ImportReport {
            rows: self.rows,
            dry_run: self.dry_run,
            assigned_chart_numbers: self.assigned,
        };
        if self.dry_run {
            // A check reads every row: it is logged like the import it stands for.
            self.tx.log(
                Entry::new(Action::ImportChecked, self.actor)
                    .detail(serde_json::json!({ "rows": self.rows })),
            )?;
            return Ok(report);
        }
        self.numbers.finish(self.tx)?;
        if self.rows > 0 {
            ids_given_up_to(self.tx, self.first_id + self.rows as i64 - 1)?;
        }
        self.logged.push(
            Entry::new(Action::PatientsImported, self.actor)
                .detail(serde_json::json!({ "rows": self.rows })),
        );
        // A row per patient and one for the import, the chain's head written once.
        self.tx.log_all(self.logged)?;
        Ok(report)
    }
}

/// Every RRN's MAC in the database with its patient's id, sorted.
fn registered_macs(tx: &Tx<'_>) -> Result<Vec<([u8; 32], i64)>> {
    let mut list = tx
        .conn()
        .prepare("SELECT rrn_mac, id FROM patients")?
        .query_map([], |r| Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, i64>(1)?)))?
        .filter_map(|row| match row {
            // Every MAC is 32 bytes (HMAC-SHA-256); one of another length could never equal a
            // MAC this import computes.
            Ok((mac, id)) => <[u8; 32]>::try_from(mac.as_slice())
                .ok()
                .map(|m| Ok((m, id))),
            Err(e) => Some(Err(e)),
        })
        .collect::<rusqlite::Result<Vec<_>>>()?;
    list.sort_unstable();
    Ok(list)
}
