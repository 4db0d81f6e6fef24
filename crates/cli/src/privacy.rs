//! `jeopsu retention preview|run`, `jeopsu export subject`, `jeopsu requests receive|list` and
//! `jeopsu holds list|place|lift`: thin adapters over `jeopsu_store::retention`,
//! `jeopsu_store::privacy` and `jeopsu_api::papers` (the copy the app makes too).

use crate::commands::{Result, actor, open, print_json};
use crate::out::Out;
use jeopsu_i18n::Texts;
use jeopsu_store::{StoreError, patients, privacy, retention};
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

pub fn request_receive(
    cli: &crate::args::Cli,
    out: &Out,
    chart_no: &str,
    input: &jeopsu_core::privacy::PrivacyRequestInput,
    json: bool,
) -> Result<ExitCode> {
    let mut store = open(cli)?;
    let patient = patients::id_of_input(&mut store, chart_no)?;
    let id = privacy::intake(&mut store, &actor(), patient, input)?;
    let view = privacy::open(&mut store, &actor(), id)?;
    if json {
        print_json(&view.summary)?;
    } else {
        out.say(
            "cli-request-received",
            &[
                ("id", id.into()),
                ("chart", view.summary.chart_no.clone().into()),
                ("due", view.summary.due.clone().into()),
            ],
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn requests_list(
    cli: &crate::args::Cli,
    out: &Out,
    open_only: bool,
    json: bool,
) -> Result<ExitCode> {
    let mut store = open(cli)?;
    let list = privacy::list(&mut store, &actor(), open_only)?;
    if json {
        print_json(&list)?;
        return Ok(ExitCode::SUCCESS);
    }
    if list.is_empty() {
        out.say("cli-requests-none", &[]);
    }
    let texts = Texts::new(cli.lang());
    for r in &list {
        let state = if r.outcome.is_some() {
            out.text("cli-request-answered", &[])
        } else if r.overdue {
            out.text("cli-request-overdue", &[("days", (-r.days_left).into())])
        } else {
            out.text("cli-request-days-left", &[("days", r.days_left.into())])
        };
        out.say(
            "cli-request-line",
            &[
                ("id", r.id.into()),
                ("chart", r.chart_no.clone().into()),
                (
                    "kind",
                    texts
                        .get(&format!("privacy-kind-{}", r.kind.as_str()))
                        .into(),
                ),
                ("requester", r.requester_name.clone().into()),
                ("received", r.received_at.clone().into()),
                ("due", r.due.clone().into()),
                ("state", state.into()),
            ],
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn holds_list(cli: &crate::args::Cli, out: &Out, json: bool) -> Result<ExitCode> {
    let store = open(cli)?;
    let holds = privacy::active_holds(&store)?;
    if json {
        print_json(&holds)?;
        return Ok(ExitCode::SUCCESS);
    }
    if holds.is_empty() {
        out.say("cli-holds-none", &[]);
    }
    for h in &holds {
        out.say(
            "cli-hold-line",
            &[
                ("id", h.id.into()),
                ("chart", h.chart_no.clone().into()),
                ("reason", h.reason.clone().into()),
                ("placed", h.placed_at.clone().into()),
                ("by", h.placed_by.clone().into()),
            ],
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn hold_place(
    cli: &crate::args::Cli,
    out: &Out,
    chart_no: &str,
    reason: &str,
) -> Result<ExitCode> {
    let mut store = open(cli)?;
    let patient = patients::id_of_input(&mut store, chart_no)?;
    let id = privacy::place_hold(&mut store, &actor(), patient, reason)?;
    out.say(
        "cli-hold-placed",
        &[
            ("id", id.into()),
            ("chart", chart_no.trim().to_string().into()),
        ],
    );
    Ok(ExitCode::SUCCESS)
}

pub fn hold_lift(cli: &crate::args::Cli, out: &Out, id: i64) -> Result<ExitCode> {
    let mut store = open(cli)?;
    privacy::lift_hold(&mut store, &actor(), id)?;
    out.say("cli-hold-lifted", &[("id", id.into())]);
    Ok(ExitCode::SUCCESS)
}
