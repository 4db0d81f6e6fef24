//! `jeopsu visits checkin|list`: thin adapters over `jeopsu_store::visits` (the same calls as the
//! app's desk). Times are Seoul local time.

use crate::commands::{Result, actor, open, print_json};
use crate::json::{Booking, Visit};
use crate::out::Out;
use jeopsu_core::appointment::AppointmentInput;
use jeopsu_core::visit::IdCheckInput;
use jeopsu_store::appointments::{self};
use jeopsu_store::visits::{self, CheckinInput};
use jeopsu_store::{StoreError, patients};
use std::process::ExitCode;

pub fn checkin(
    cli: &crate::args::Cli,
    out: &Out,
    chart_no: &str,
    id_check: &str,
    reason: &str,
    json: bool,
) -> Result<ExitCode> {
    let mut store = open(cli)?;
    let id = patients::id_of(&mut store, chart_no)?;
    let v = visits::checkin(
        &mut store,
        &actor(),
        id,
        &CheckinInput {
            id_check: IdCheckInput {
                method: id_check.into(),
                reason: reason.into(),
            },
            ..Default::default()
        },
    )?;
    if json {
        print_json(&Visit::of(&v, false))?;
    } else {
        out.say(
            "cli-visit-checked-in",
            &[
                ("no", v.day_no.into()),
                ("chart_no", v.chart_no.clone().into()),
            ],
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn list(cli: &crate::args::Cli, out: &Out, date: Option<&str>, json: bool) -> Result<ExitCode> {
    let day = date
        .map(|d| jeopsu_core::field::date("date", d).map_err(|p| StoreError::Invalid(vec![p])))
        .transpose()?;
    let mut store = open(cli)?;
    let rows = visits::day(&mut store, &actor(), day)?;
    if json {
        print_json(&rows.iter().map(|v| Visit::of(v, true)).collect::<Vec<_>>())?;
    } else if rows.is_empty() {
        out.say("cli-visits-none", &[]);
    } else {
        for v in &rows {
            out.line(&format!(
                "{}\t{}\t{}\t{}\t{}",
                v.day_no,
                v.chart_no,
                v.name,
                out.text(&format!("visit-status-{}", v.status.as_str()), &[]),
                v.checked_in_at,
            ));
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[allow(clippy::too_many_arguments)]
pub fn book(
    cli: &crate::args::Cli,
    out: &Out,
    chart_no: &str,
    at: &str,
    minutes: &str,
    room: &str,
    note: &str,
    json: bool,
) -> Result<ExitCode> {
    let mut store = open(cli)?;
    let id = patients::id_of(&mut store, chart_no)?;
    let a = appointments::book(
        &mut store,
        &actor(),
        id,
        &AppointmentInput {
            at: at.into(),
            minutes: minutes.into(),
            room: room.into(),
            note: note.into(),
        },
        None,
    )?;
    if json {
        print_json(&Booking::from(&a))?;
    } else {
        out.say(
            "cli-booked",
            &[("id", a.id.into()), ("at", a.at.clone().into())],
        );
        if !a.clashes.is_empty() {
            out.note("cli-booking-clash", &[("count", a.clashes.len().into())]);
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn bookings(
    cli: &crate::args::Cli,
    out: &Out,
    date: Option<&str>,
    json: bool,
) -> Result<ExitCode> {
    let day = date
        .map(|d| jeopsu_core::field::date("date", d).map_err(|p| StoreError::Invalid(vec![p])))
        .transpose()?;
    let mut store = open(cli)?;
    let rows = appointments::day(&mut store, &actor(), day)?;
    if json {
        print_json(&rows.iter().map(Booking::from).collect::<Vec<_>>())?;
    } else if rows.is_empty() {
        out.say("cli-bookings-none", &[]);
    } else {
        for a in &rows {
            out.line(&format!(
                "{}\t{}\t{}\t{}\t{}\t{}",
                a.id,
                a.at,
                a.chart_no.as_deref().unwrap_or("-"),
                a.name,
                a.room.as_deref().unwrap_or("-"),
                out.text(&format!("booking-status-{}", a.status.as_str()), &[]),
            ));
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn cancel(cli: &crate::args::Cli, out: &Out, id: i64) -> Result<ExitCode> {
    let mut store = open(cli)?;
    appointments::cancel(&mut store, &actor(), id)?;
    out.say("cli-booking-cancelled", &[("id", id.into())]);
    Ok(ExitCode::SUCCESS)
}
