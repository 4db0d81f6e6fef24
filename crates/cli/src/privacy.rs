//! `jeopsu retention preview|run` and `jeopsu export subject`: thin adapters over
//! `jeopsu_store::retention` and `jeopsu_api::papers` (the copy the app makes too).

use crate::commands::{Result, actor, open, print_json};
use crate::out::Out;
use jeopsu_i18n::Texts;
use jeopsu_store::{StoreError, patients, retention};
use std::path::Path;
use std::process::ExitCode;

pub fn retention_preview(cli: &crate::args::Cli, out: &Out, json: bool) -> Result<ExitCode> {
    let mut store = open(cli)?;
    let due = retention::preview(&mut store, &actor())?;
    if json {
        print_json(&due)?;
        return Ok(ExitCode::SUCCESS);
    }
    let texts = Texts::new(cli.lang());
    for d in &due {
        out.say(
            "cli-retention-due",
            &[
                (
                    "category",
                    texts
                        .get(&format!("privacy-category-{}", d.category.as_str()))
                        .into(),
                ),
                ("count", d.count.into()),
                ("years", d.years.into()),
                (
                    "oldest",
                    d.oldest.clone().unwrap_or_else(|| "-".into()).into(),
                ),
                (
                    "newest",
                    d.newest.clone().unwrap_or_else(|| "-".into()).into(),
                ),
                ("held", d.held.into()),
                ("waiting", d.waiting.into()),
            ],
        );
        if d.phone_bookings > 0 {
            out.say(
                "cli-retention-phone-bookings",
                &[("count", d.phone_bookings.into())],
            );
        }
    }
    let safety = jeopsu_store::backup::safety_copies(&store)
        .into_iter()
        .filter(|c| c.due)
        .count();
    if safety > 0 {
        out.say("cli-retention-safety-copies", &[("count", safety.into())]);
    }
    let old = jeopsu_store::backup_schedule::too_old(&store)?;
    if !old.is_empty() {
        out.say("cli-retention-old-backups", &[("count", old.len().into())]);
    }
    Ok(ExitCode::SUCCESS)
}

pub fn retention_run(
    cli: &crate::args::Cli,
    out: &Out,
    yes: bool,
    confirm_date: Option<&str>,
) -> Result<ExitCode> {
    if !yes {
        out.say("cli-retention-needs-yes", &[]);
        return Ok(ExitCode::from(2));
    }
    let confirmed = confirm_date
        .map(|d| {
            jeopsu_core::field::date("confirm_date", d).map_err(|p| StoreError::Invalid(vec![p]))
        })
        .transpose()?;
    let mut store = open(cli)?;
    let done = retention::run(&mut store, &actor(), confirmed)?;
    let texts = Texts::new(cli.lang());
    for d in done.iter().filter(|d| d.count > 0) {
        out.say(
            "cli-retention-destroyed",
            &[
                (
                    "category",
                    texts
                        .get(&format!("privacy-category-{}", d.category.as_str()))
                        .into(),
                ),
                ("count", d.count.into()),
            ],
        );
    }
    if done.iter().all(|d| d.count == 0) {
        out.say("cli-retention-nothing", &[]);
    }
    Ok(ExitCode::SUCCESS)
}

pub fn export_subject(
    cli: &crate::args::Cli,
    out: &Out,
    chart_no: &str,
    format: &str,
    file: &Path,
    reason: &str,
) -> Result<ExitCode> {
    let format = jeopsu_api::papers::CopyFormat::parse(format)?;
    let mut store = open(cli)?;
    let id = patients::id_of(&mut store, chart_no)?;
    let target = file.display().to_string();
    let paper = jeopsu_api::papers::subject_copy(
        &mut store,
        &actor(),
        cli.lang(),
        id,
        format,
        reason,
        Some(&target),
    )?;
    let bytes = paper.bytes;
    // Readable only by its owner, written atomically (the one helper every export uses).
    jeopsu_store::paths::write_atomic(file, &bytes)?;
    out.say("cli-export-written", &[("path", target.into())]);
    Ok(ExitCode::SUCCESS)
}
