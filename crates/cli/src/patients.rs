//! `jeopsu import patients` and `jeopsu patients search|show`: thin adapters over
//! `jeopsu_store::patients`.

use crate::commands::{Result, actor, open, print_json};
use crate::json::{Hit, Record};
use crate::out::Out;
use jeopsu_core::field::FieldMessage;
use jeopsu_store::StoreError;
use jeopsu_store::patients::{self, ImportRow};
use std::path::Path;
use std::process::ExitCode;

#[cfg(test)]
use jeopsu_store::patients::IMPORT_COLUMNS as COLUMNS;

fn read_rows(file: &Path) -> Result<Vec<ImportRow>> {
    let size = std::fs::metadata(file)
        .map_err(|e| StoreError::io(file, e))?
        .len();
    if size > patients::MAX_IMPORT_BYTES {
        return Err(StoreError::Invalid(vec![
            jeopsu_core::FieldProblem::new("file", FieldMessage::ImportTooLarge)
                .arg("max", (patients::MAX_IMPORT_BYTES >> 20) as usize),
        ])
        .into());
    }
    let bytes = std::fs::read(file).map_err(|e| StoreError::io(file, e))?;
    Ok(patients::read_import_csv(&bytes).map_err(|e| match e {
        StoreError::InvalidInput(m) => StoreError::InvalidInput(format!("{}: {m}", file.display())),
        other => other,
    })?)
}

pub fn import(cli: &crate::args::Cli, out: &Out, file: &Path, dry_run: bool) -> Result<ExitCode> {
    let rows = read_rows(file)?;
    let mut store = open(cli)?;
    let bar = indicatif::ProgressBar::new(rows.len() as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} ({eta})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let result = patients::import(&mut store, &actor(), &rows, dry_run, &mut |done, total| {
        bar.set_length(total as u64);
        bar.set_position(done as u64);
    });
    bar.finish_and_clear();
    let report = result?;
    let id = if dry_run {
        "cli-import-checked"
    } else {
        "cli-import-done"
    };
    out.say(
        id,
        &[
            ("rows", report.rows.into()),
            ("assigned", report.assigned_chart_numbers.into()),
        ],
    );
    Ok(ExitCode::SUCCESS)
}

pub fn search(cli: &crate::args::Cli, out: &Out, query: &str, json: bool) -> Result<ExitCode> {
    let mut store = open(cli)?;
    let hits = patients::search(&mut store, &actor(), query)?;
    if json {
        print_json(&hits.iter().map(Hit::from).collect::<Vec<_>>())?;
    } else if hits.is_empty() {
        out.say("cli-patients-none", &[]);
    } else {
        for h in &hits {
            out.line(&format!(
                "{}\t{}\t{}\t{}\t{}",
                h.chart_no,
                h.name,
                out.text("cli-age", &[("years", h.age.years.into())]),
                h.birth_masked,
                h.mobile_last4.as_deref().unwrap_or("-"),
            ));
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn show(cli: &crate::args::Cli, out: &Out, chart_no: &str, json: bool) -> Result<ExitCode> {
    let mut store = open(cli)?;
    let r = patients::open_by_chart(&mut store, &actor(), chart_no)?;
    if json {
        print_json(&Record::from(&r))?;
        return Ok(ExitCode::SUCCESS);
    }
    let rows: [(&str, String); 10] = [
        ("cli-field-chart-no", r.chart_no.clone()),
        ("cli-field-name", r.name.clone()),
        (
            "cli-field-birth-date",
            format!(
                "{} ({})",
                r.birth_date,
                out.text("cli-age", &[("years", r.age.years.into())])
            ),
        ),
        ("cli-field-gender", r.gender.as_str().to_string()),
        ("cli-field-rrn", r.rrn_masked.clone()),
        ("cli-field-address", r.address.clone()),
        ("cli-field-phone", r.phone.clone().unwrap_or_default()),
        ("cli-field-mobile", r.mobile.clone().unwrap_or_default()),
        ("cli-field-email", r.email.clone().unwrap_or_default()),
        (
            "cli-field-service",
            r.service_status.clone().unwrap_or_default(),
        ),
    ];
    for (id, value) in rows {
        out.line(&format!("{}: {value}", out.text(id, &[])));
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// A CSV file from anywhere (another program's export): any bytes, with or without our
        /// header, give rows or an error, never a panic.
        #[test]
        fn reading_any_csv_never_panics(body in proptest::collection::vec(any::<u8>(), 0..600), header in any::<bool>()) {
            let dir = tempfile::tempdir().unwrap();
            let file = dir.path().join("any.csv");
            let mut bytes = if header {
                format!("{}\n", COLUMNS.join(",")).into_bytes()
            } else {
                vec![]
            };
            bytes.extend_from_slice(&body);
            std::fs::write(&file, &bytes).unwrap();
            let _ = read_rows(&file);
        }
    }
}
