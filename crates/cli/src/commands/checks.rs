//! `jeopsu verify`, `audit ...`, `backup ...` and `restore`: the integrity checks, the log and
//! the copies.

use super::*;

pub(super) fn verify(cli: &Cli, out: &Out, json: bool) -> Result<ExitCode> {
    let mut store = open(cli)?;
    let report = store.verify(&actor())?;
    if json {
        print_json(&report)?;
    } else {
        out.say(
            "cli-verify-pages-ok",
            &[("version", report.schema_version.into())],
        );
        for c in &report.chains {
            out.say(
                "cli-verify-chain-ok",
                &[("stream", c.stream.clone().into()), ("rows", c.rows.into())],
            );
        }
        out.say("cli-verify-all-ok", &[]);
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn audit_verify(cli: &Cli, out: &Out) -> Result<ExitCode> {
    let store = open(cli)?;
    for c in store.verify_audit()? {
        out.say(
            "cli-verify-chain-ok",
            &[("stream", c.stream.into()), ("rows", c.rows.into())],
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn audit_list(
    cli: &Cli,
    out: &Out,
    since: Option<&str>,
    stream: Option<&str>,
    json: bool,
) -> Result<ExitCode> {
    let since = match since {
        None => None,
        Some(s) => {
            let date = chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
                StoreError::InvalidInput(format!("--since {s}: expected YYYY-MM-DD"))
            })?;
            Some(
                time::seoul_midnight(date)
                    .ok_or_else(|| StoreError::InvalidInput(format!("--since {s}")))?,
            )
        }
    };
    let stream = stream.and_then(Stream::parse);
    let mut store = open(cli)?;
    let rows = store.audit_list(&actor(), since, stream)?;
    if json {
        print_json(&rows)?;
        return Ok(ExitCode::SUCCESS);
    }
    for r in rows {
        let at = time::from_stored(&r.at)
            .map(time::display_seconds)
            .unwrap_or(r.at.clone());
        let subject = match (&r.subject_kind, &r.subject_id) {
            (Some(k), Some(i)) => format!("{k}:{i}"),
            _ => "-".into(),
        };
        let mut line = format!(
            "{at}  {:<10} {:>5}  {:<22} {:<24} {subject}",
            r.stream, r.seq, r.action, r.actor
        );
        if let Some(reason) = &r.reason {
            line.push_str(&format!("  ({reason})"));
        }
        out.line(&line);
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn step_note(out: &Out, step: Step) {
    let id = match step {
        Step::Exporting => "cli-step-exporting",
        Step::Checking => "cli-step-checking",
        Step::Writing => "cli-step-writing",
        Step::Verifying => "cli-step-verifying",
        Step::Reading => "cli-step-reading",
        Step::Replacing => "cli-step-replacing",
        Step::Done => return,
    };
    out.note(id, &[]);
}

pub(super) fn backup_cmd(cli: &Cli, out: &Out, file: &Path) -> Result<ExitCode> {
    let mut store = open(cli)?;
    let report = store.backup(&actor(), file, &mut |s| step_note(out, s))?;
    out.say(
        "cli-backup-done",
        &[
            ("path", report.path.display().to_string().into()),
            (
                "bytes",
                Arg::Number(i64::try_from(report.bytes).unwrap_or(i64::MAX)),
            ),
            ("staff", report.check.counts.staff.into()),
            ("rows", report.check.counts.audit_rows.into()),
        ],
    );
    Ok(ExitCode::SUCCESS)
}

pub(super) fn backup_auto(cli: &Cli, out: &Out) -> Result<ExitCode> {
    let mut store = open(cli)?;
    let r = store.scheduled_backup(&actor(), &mut |s| step_note(out, s))?;
    let w = &r.written;
    let path = w.folder.join(&w.file_name).display().to_string();
    let bytes = Arg::Number(i64::try_from(w.bytes).unwrap_or(i64::MAX));
    match &w.check {
        Ok(c) => {
            out.say(
                "cli-backup-auto-done",
                &[
                    ("path", path.into()),
                    ("bytes", bytes),
                    ("patients", c.patients.into()),
                    ("visits", c.visits.into()),
                    ("consents", c.consents.into()),
                    ("deleted", r.deleted.len().into()),
                ],
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(problem) => {
            out.note(
                "cli-backup-check-failed",
                &[("path", path.into()), ("problem", problem.clone().into())],
            );
            Ok(ExitCode::from(1))
        }
    }
}

pub(super) fn backup_folder(cli: &Cli, out: &Out, dir: &Path) -> Result<ExitCode> {
    let mut store = open(cli)?;
    let dir = if dir.is_relative() {
        std::env::current_dir()
            .map_err(|e| StoreError::io(dir, e))?
            .join(dir)
    } else {
        dir.to_path_buf()
    };
    let set = backup_schedule::set_folder(&mut store, &actor(), &dir.display().to_string())?;
    out.say(
        "cli-backup-folder-set",
        &[("dir", set.display().to_string().into())],
    );
    Ok(ExitCode::SUCCESS)
}

pub(super) fn backup_list(cli: &Cli, out: &Out, json: bool) -> Result<ExitCode> {
    let store = open(cli)?;
    let st = backup_schedule::status(&store)?;
    if json {
        print_json(
            &st.copies
                .iter()
                .map(crate::json::Copy::from)
                .collect::<Vec<_>>(),
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    match (&st.folder, st.folder_present) {
        (None, _) => out.say("cli-backup-no-folder", &[]),
        (Some(f), false) => out.say("cli-backup-folder-missing", &[("dir", f.clone().into())]),
        (Some(f), true) => {
            out.say(
                "cli-backup-list-head",
                &[("dir", f.clone().into()), ("count", st.copies.len().into())],
            );
            for c in &st.copies {
                let check = match c.checked_ok {
                    Some(true) => out.text("cli-backup-check-ok", &[]),
                    Some(false) => out.text("cli-backup-check-bad", &[]),
                    None => out.text("cli-backup-check-unknown", &[]),
                };
                let fate = out.text(
                    if c.kept {
                        "cli-backup-kept"
                    } else {
                        "cli-backup-goes"
                    },
                    &[],
                );
                out.line(&format!(
                    "{}  {}  {}  {check}  {fate}",
                    c.made_at, c.file_name, c.bytes
                ));
            }
        }
    }
    // Copies written outside the folder, which the retention run cannot reach (as the admin's
    // screen lists them).
    if !st.elsewhere.is_empty() {
        out.say(
            "cli-backup-elsewhere-head",
            &[("count", st.elsewhere.len().into())],
        );
        for c in &st.elsewhere {
            let check = out.text(
                if c.checked_ok {
                    "cli-backup-check-ok"
                } else {
                    "cli-backup-check-bad"
                },
                &[],
            );
            let now = out.text(
                match (c.too_old, c.present) {
                    (true, _) => "cli-backup-elsewhere-too-old",
                    (false, true) => "cli-backup-elsewhere-here",
                    (false, false) => "cli-backup-elsewhere-away",
                },
                &[],
            );
            out.line(&format!(
                "{}  {}  {}  {check}  {now}",
                c.made_at, c.path, c.bytes
            ));
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn backup_drill(cli: &Cli, out: &Out, file: &Path, json: bool) -> Result<ExitCode> {
    let mut store = open(cli)?;
    let d = backup_schedule::drill(&mut store, &actor(), file, &mut |s| step_note(out, s))?;
    if json {
        print_json(&d)?;
    } else if let Some(c) = &d.counts {
        out.say(
            "cli-backup-drill-done",
            &[
                ("file", d.file_name.clone().into()),
                ("patients", c.patients.into()),
                ("visits", c.visits.into()),
                ("consents", c.consents.into()),
            ],
        );
    } else {
        out.note(
            "cli-backup-drill-failed",
            &[
                ("file", d.file_name.clone().into()),
                ("problem", d.problem.clone().unwrap_or_default().into()),
            ],
        );
    }
    Ok(if d.ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

pub(super) fn restore_cmd(
    cli: &Cli,
    out: &Out,
    file: &Path,
    force: bool,
    no_keyring: bool,
) -> Result<ExitCode> {
    let dir = data_dir(cli)?;
    let who = actor();
    let phrase = cli
        .recovery_phrase_file
        .as_deref()
        .map(read_phrase)
        .transpose()?;
    let (mut store, report) = match (&phrase, &cli.staff) {
        (Some(p), _) => backup::restore(&dir, file, Unlock::Phrase(p), force, &who, &mut |s| {
            step_note(out, s)
        })?,
        // A signed-in staff member restores over this installation with its own key.
        (None, Some(_)) => {
            if !force {
                return Err(StoreError::AlreadyInitialized { dir }.into());
            }
            let current = open(cli)?;
            let who = actor();
            match current.replace_from_backup(file, None, &who, &mut |s| step_note(out, s)) {
                (Some(store), Ok(report)) => (store, report),
                (_, Err(e)) => return Err(e.into()),
                (None, Ok(_)) => {
                    return Err(StoreError::Internal("restore gave no store".into()).into());
                }
            }
        }
        (None, None) => return Err(StoreError::CredentialsRequired.into()),
    };
    if let Some(safety) = &report.safety_copy {
        out.say(
            "cli-restore-safety-copy",
            &[("path", safety.display().to_string().into())],
        );
    }
    match &report.reapplied {
        Some(r) if r.any() => out.say(
            "cli-restore-reapplied",
            &[(
                "count",
                (r.patients + r.bookings + r.privacy_requests + r.ledger_rows + r.cctv_requests)
                    .into(),
            )],
        ),
        None if report.safety_copy.is_some() => out.note("cli-restore-not-reapplied", &[]),
        _ => {}
    }
    out.say(
        "cli-restore-done",
        &[
            ("staff", report.check.counts.staff.into()),
            ("rows", report.check.counts.audit_rows.into()),
        ],
    );
    if phrase.is_some() && !no_keyring {
        let put = OsKeyring::connect().and_then(|k| store.put_key_in_vault(Arc::new(k), &who));
        match put {
            Ok(()) => out.say("cli-key-stored", &[]),
            Err(e) => out.note(
                "cli-init-keyring-failed",
                &[("detail", keyring_detail(&e).into())],
            ),
        }
    }
    Ok(ExitCode::SUCCESS)
}
