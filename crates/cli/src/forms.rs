//! `jeopsu forms blank`, `jeopsu consents list` and `jeopsu cctv ledger`: thin adapters over
//! `jeopsu_forms`, `jeopsu_store` and `jeopsu_api::papers` (the ledger the app exports too).

use crate::commands::{Result, actor, data_dir, open, print_json};
use crate::out::Out;
use jeopsu_core::cctv::CctvSetup;
use jeopsu_core::clinic::ClinicProfile;
use jeopsu_core::consent::short_hash;
use jeopsu_core::time;
use jeopsu_forms::{FormKind, RequestForm, blank_form, cctv_request_form};
use jeopsu_i18n::Texts;
use jeopsu_store::cctv::{self, LedgerQuery};
use jeopsu_store::patients::{self};
use jeopsu_store::{StoreError, settings};
use std::path::Path;
use std::process::ExitCode;

/// The clinic's name from its database when there is one; the policy's default otherwise (a
/// blank form may be printed on a PC that has no database yet).
fn clinic_name(cli: &crate::args::Cli) -> Result<String> {
    let dir = data_dir(cli)?;
    if jeopsu_store::DataDir::new(&dir).has_database() {
        let store = open(cli)?;
        Ok(settings::clinic_profile(&store)?.name)
    } else {
        Ok(ClinicProfile::policy_defaults().name)
    }
}

/// The camera setup from the database when there is one; the policy's default otherwise.
fn cctv_setup(cli: &crate::args::Cli) -> Result<CctvSetup> {
    let dir = data_dir(cli)?;
    if jeopsu_store::DataDir::new(&dir).has_database() {
        Ok(cctv::setup(&open(cli)?)?)
    } else {
        Ok(CctvSetup::policy_defaults())
    }
}

/// Every file the CLI writes goes through the one helper: readable only by its owner (0600) and
/// written atomically (a temporary name, synced, renamed), so a crash never leaves half a PDF
/// and nobody else on the computer can read an export.
fn write(file: &Path, bytes: &[u8]) -> Result<()> {
    Ok(jeopsu_store::paths::write_atomic(file, bytes)?)
}

pub fn blank(cli: &crate::args::Cli, out: &Out, kind: &str, file: &Path) -> Result<ExitCode> {
    if kind == "cctv-request" {
        let clinic = clinic_name(cli)?;
        let setup = cctv_setup(cli)?;
        let form = RequestForm {
            clinic_name: &clinic,
            setup: &setup,
            filled: None,
        };
        let bytes = cctv_request_form(&Texts::new(cli.lang()), &form)
            .map_err(|e| StoreError::Internal(e.to_string()))?;
        write(file, &bytes)?;
        out.say(
            "cli-cctv-form-written",
            &[("path", file.display().to_string().into())],
        );
        return Ok(ExitCode::SUCCESS);
    }
    let kind = FormKind::parse(kind)
        .ok_or_else(|| StoreError::InvalidInput(format!("unknown form {kind}")))?;
    let clinic = clinic_name(cli)?;
    let (bytes, version) = blank_form(&Texts::new(cli.lang()), kind, &clinic)
        .map_err(|e| StoreError::Internal(e.to_string()))?;
    write(file, &bytes)?;
    out.say(
        "cli-form-written",
        &[
            ("path", file.display().to_string().into()),
            ("version", short_hash(&version).to_string().into()),
        ],
    );
    Ok(ExitCode::SUCCESS)
}

fn when(stored: &str) -> String {
    time::stored_as_minutes(stored).unwrap_or_else(|| stored.to_string())
}

pub fn consents_list(
    cli: &crate::args::Cli,
    out: &Out,
    chart_no: &str,
    json: bool,
) -> Result<ExitCode> {
    let mut store = open(cli)?;
    let r = patients::open_by_chart(&mut store, &actor(), chart_no)?;
    if json {
        print_json(&crate::json::Consents::from(&r))?;
        return Ok(ExitCode::SUCCESS);
    }
    if r.guardian_consent_pending {
        out.say("cli-consents-guardian-pending", &[]);
    }
    if r.adult_consent_due {
        out.say("cli-consents-adult-due", &[]);
    }
    if r.consents.is_empty() {
        out.say("cli-consents-none", &[]);
    }
    for c in &r.consents {
        let decision = match (c.granted, c.is_withdrawal(&r.consents)) {
            (true, _) => "cli-consent-agreed",
            (false, true) => "cli-consent-withdrawn",
            (false, false) => "cli-consent-refused",
        };
        out.line(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            when(&c.recorded_at),
            c.item.as_str(),
            out.text(decision, &[]),
            c.signer.as_str(),
            c.method.as_str(),
            c.actor,
            c.text_hash.as_deref().map(short_hash).unwrap_or("-"),
        ));
    }
    for s in &r.signed_records {
        let guardians = s
            .guardians
            .iter()
            .map(|g| format!("{} ({})", g.name, g.relationship.as_str()))
            .collect::<Vec<_>>()
            .join(", ");
        out.say(
            "cli-consents-record",
            &[
                ("id", s.id.into()),
                ("when", when(&s.recorded_at).into()),
                ("method", s.method.as_str().into()),
                ("guardians", guardians.into()),
                ("witness", s.actor.clone().into()),
            ],
        );
    }
    Ok(ExitCode::SUCCESS)
}

#[allow(clippy::too_many_arguments)]
pub fn cctv_ledger(
    cli: &crate::args::Cli,
    out: &Out,
    from: &str,
    to: &str,
    format: &str,
    kind: Option<&str>,
    file: &Path,
    reason: &str,
) -> Result<ExitCode> {
    let q = LedgerQuery::parse(from, to, kind)?;
    let format = jeopsu_api::papers::LedgerFormat::parse(format)?;
    let mut store = open(cli)?;
    let target = file.display().to_string();
    let (paper, rows) = jeopsu_api::papers::cctv_ledger(
        &mut store,
        &actor(),
        cli.lang(),
        &q,
        format,
        reason,
        Some(&target),
    )?;
    let bytes = paper.bytes;
    write(file, &bytes)?;
    out.say(
        "cli-cctv-ledger-written",
        &[("path", target.into()), ("rows", rows.into())],
    );
    Ok(ExitCode::SUCCESS)
}
