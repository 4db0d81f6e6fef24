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

/// Imports patients all or nothing: every row is checked first (fields, repeated RRNs or chart
/// numbers within the file, RRNs or chart numbers already registered), and any problem aborts
/// the import with every problem listed by line and field. With `dry_run` nothing is written.
/// `progress(done, total)` is called as rows are checked and written.
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
    let mut problems = vec![];
    let mut valid = Vec::with_capacity(rows.len());
    let mut seen_rrn: HashMap<Vec<u8>, usize> = HashMap::with_capacity(rows.len());
    let mut seen_chart: HashMap<String, usize> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        if let Some((v, granted, last_visit)) = check_row(row, today, &mut problems) {
            let mac = keys.mac(&v.rrn);
            if let Some(first) = seen_rrn.insert(mac.clone(), row.line) {
                problems.push(LineProblem {
                    line: row.line,
                    problem: P::new("rrn", FieldMessage::RrnRepeated).arg("line", first),
                });
            }
            if let Some(no) = &v.chart_no
                && let Some(first) = seen_chart.insert(no.clone(), row.line)
            {
                problems.push(LineProblem {
                    line: row.line,
                    problem: P::new("chart_no", FieldMessage::ChartNoRepeated).arg("line", first),
                });
            }
            valid.push((row.line, v, mac, granted, last_visit));
        }
        if i % 1000 == 0 {
            progress(i, total);
        }
    }
    // Against what is registered already, then the rows written, in one transaction: what was
    // checked is what is written (nobody registers meanwhile), and any problem writes nothing.
    let outcome = store.write(|tx| {
        for (line, v, mac, _, _) in &valid {
            if let Some(chart_no) = existing_with_rrn(tx, mac, None)? {
                problems.push(LineProblem {
                    line: *line,
                    problem: P::new("rrn", FieldMessage::RrnRegistered).arg("chart_no", chart_no),
                });
            }
            if let Some(no) = &v.chart_no
                && chart_no_taken(tx, no)?
            {
                problems.push(LineProblem {
                    line: *line,
                    problem: P::new("chart_no", FieldMessage::ChartNoTaken),
                });
            }
        }
        if !problems.is_empty() {
            problems.sort_by_key(|p| p.line);
            return Ok(Err(std::mem::take(&mut problems)));
        }
        let report = ImportReport {
            rows: valid.len(),
            dry_run,
            assigned_chart_numbers: valid
                .iter()
                .filter(|(_, v, _, _, _)| v.chart_no.is_none())
                .count(),
        };
        if dry_run {
            // A check reads every row: it is logged like the import it stands for.
            tx.log(
                Entry::new(Action::ImportChecked, actor)
                    .detail(serde_json::json!({ "rows": valid.len() })),
            )?;
            return Ok(Ok(report));
        }
        let now = time::to_stored(tx.now());
        let who = actor.to_log_text();
        let mut numbers = ChartNumbers::start(tx)?;
        numbers.reserved = seen_chart.keys().cloned().collect();
        let first_id = next_patient_id(tx)?;
        let mut logged = Vec::with_capacity(valid.len() + 1);
        let rows = (first_id..).zip(valid.iter().enumerate());
        for (id, (i, (_, v, mac, marketing, last_visit))) in rows {
            let chart_no = match &v.chart_no {
                Some(no) => no.clone(),
                None => numbers.next(tx)?,
            };
            insert_row(tx, &keys, v, mac, &chart_no, id)?;
            if let Some(day) = last_visit {
                crate::visits::record_imported(tx, actor, id, *day)?;
            }
            tx.conn()
                .prepare_cached(
                    "INSERT INTO consents (patient_id, item, granted, signer, method, recorded_at, actor)
                     VALUES (?1, 'marketing', ?2, 'import', 'import', ?3, ?4)",
                )?
                .execute(params![id, marketing, now, who])?;
            logged.push(
                Entry::new(Action::PatientRegistered, actor)
                    .subject(Subject::patient(id))
                    .detail(serde_json::json!({ "import": true })),
            );
            if i % 1000 == 0 {
                progress(i, total);
            }
        }
        numbers.finish(tx)?;
        if !valid.is_empty() {
            ids_given_up_to(tx, first_id + valid.len() as i64 - 1)?;
        }
        logged.push(
            Entry::new(Action::PatientsImported, actor)
                .detail(serde_json::json!({ "rows": valid.len() })),
        );
        // A row per patient and one for the import, the chain's head written once.
        tx.log_all(logged)?;
        Ok(Ok(report))
    })?;
    let report = outcome.map_err(StoreError::ImportRejected)?;
    progress(total, total);
    Ok(report)
}
