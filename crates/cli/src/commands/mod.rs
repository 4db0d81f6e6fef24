//! One function per command; each is a thin adapter over `jeopsu_store`.

use crate::args::{
    AppointmentsCommand, AuditCommand, BackupCommand, CctvCommand, Cli, Command, ConsentsCommand,
    ExportCommand, FormsCommand, HoldsCommand, ImportCommand, KeyCommand, PatientsCommand,
    RequestsCommand, RetentionCommand, StaffCommand, VisitsCommand,
};
use crate::out::Out;
use jeopsu_api::ApiError;
use jeopsu_core::audit::{Actor, Stream};
use jeopsu_core::{Role, time};
use jeopsu_i18n::Arg;
use jeopsu_store::backup::{self, Step};
use jeopsu_store::backup_schedule;
use jeopsu_store::staff::{self, NewStaff, Password};
use jeopsu_store::vault::{KdfParams, KeyVault, OsKeyring, RecoveryPhrase};
use jeopsu_store::{InitOptions, Store, StoreError, Unlock};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use zeroize::Zeroizing;

mod accounts;
mod checks;

use accounts::*;
use checks::*;

pub(crate) type Result<T> = std::result::Result<T, ApiError>;

/// Who the log names: the staff member signed in with `--staff`, else the OS user.
static SIGNED_IN: std::sync::OnceLock<Actor> = std::sync::OnceLock::new();

pub(crate) fn actor() -> Actor {
    if let Some(a) = SIGNED_IN.get() {
        return a.clone();
    }
    let os_user = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| {
            os_uid()
                .map(|u| format!("uid-{u}"))
                .unwrap_or_else(|| "unknown".into())
        });
    Actor::Cli { os_user }
}

/// The process's user id where the environment names no user (services, CI, `env -i`).
fn os_uid() -> Option<u32> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata("/proc/self").ok().map(|m| m.uid())
    }
    #[cfg(not(target_os = "linux"))]
    {
        None
    }
}

pub(crate) fn data_dir(cli: &Cli) -> Result<PathBuf> {
    if let Some(d) = &cli.data_dir {
        return Ok(d.clone());
    }
    jeopsu_store::paths::default_data_dir()
        .ok_or_else(|| StoreError::InvalidInput("no home folder: give --data-dir".into()).into())
}

/// Reads a password or phrase file, refusing one that others on this computer can read (group
/// or world permissions): a secret left readable is no longer only this person's.
fn read_secret_file(path: &Path) -> Result<Zeroizing<String>> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let meta = std::fs::metadata(path).map_err(|e| StoreError::io(path, e))?;
        if meta.permissions().mode() & 0o077 != 0 {
            return Err(StoreError::SecretFileExposed {
                path: path.to_path_buf(),
            }
            .into());
        }
    }
    Ok(Zeroizing::new(
        std::fs::read_to_string(path).map_err(|e| StoreError::io(path, e))?,
    ))
}

/// Reads a secret from a file: the first line, without its line ending.
fn read_secret_line(path: &Path) -> Result<Zeroizing<String>> {
    let all = read_secret_file(path)?;
    Ok(Zeroizing::new(all.lines().next().unwrap_or("").to_string()))
}

fn read_phrase(path: &Path) -> Result<RecoveryPhrase> {
    let all = read_secret_file(path)?;
    Ok(RecoveryPhrase::parse(&all)?)
}

fn parse_role(text: &str) -> Result<Role> {
    text.parse()
        .map_err(|e: jeopsu_core::role::UnknownRole| StoreError::InvalidInput(e.to_string()).into())
}

/// What a command needs of a staff member signed in with `--staff` (the app's matrix). The
/// recovery phrase is not a person and is not checked: it opens everything, as it always could.
fn permission_of(c: &Command) -> Option<jeopsu_core::Permission> {
    use jeopsu_core::Permission as P;
    Some(match c {
        Command::Init { .. } | Command::Forms(_) => return None,
        Command::Staff(_) | Command::Key(_) => P::ManageStaff,
        Command::Verify { .. } | Command::Backup { .. } | Command::Restore { .. } => P::Backup,
        Command::Audit(_) | Command::Retention(_) | Command::Holds(_) => P::RetentionAndAudit,
        Command::Import(_)
        | Command::Patients(_)
        | Command::Consents(_)
        | Command::Visits(_)
        | Command::Appointments(_) => P::EditPatients,
        Command::Cctv(_) => P::ViewCctv,
        Command::Export(_) | Command::Requests(_) => P::PrivacyRequests,
    })
}

/// The OS keyring, if this computer has one, for the device secret.
fn keyring() -> Option<Arc<dyn KeyVault>> {
    OsKeyring::connect()
        .ok()
        .map(|k| Arc::new(k) as Arc<dyn KeyVault>)
}

/// Opens the database: as the staff member of `--staff` (their key slot and this PC's device
/// secret), or with the recovery phrase. Never from the keyring alone: without either, exit 2.
pub(crate) fn open(cli: &Cli) -> Result<Store> {
    let dir = data_dir(cli)?;
    // A restore a crash interrupted is completed first, so its folder never looks empty.
    if jeopsu_store::backup::finish_interrupted_restore(&dir)? {
        eprintln!(
            "{}",
            crate::out::Out::new(cli.lang()).text("cli-restore-finished", &[])
        );
    }
    if !jeopsu_store::DataDir::new(&dir).has_database() {
        return Err(StoreError::NotInitialized { dir }.into());
    }
    match (
        &cli.recovery_phrase_file,
        &cli.staff,
        &cli.staff_password_file,
    ) {
        (Some(f), _, _) => {
            let phrase = read_phrase(f)?;
            let mut store = Store::unlock(&dir, Unlock::Phrase(&phrase), &actor())?;
            if let Some(k) = keyring() {
                store.attach_vault(k);
            }
            Ok(store)
        }
        (None, Some(user), Some(pw_file)) => {
            let password = Password::new(read_secret_line(pw_file)?.to_string());
            let (mut store, who) =
                jeopsu_store::keys::sign_in(&dir, keyring(), user, &password, None)?;
            let _ = SIGNED_IN.set(who.actor());
            // The person's role, as in the app: the same matrix, the same refusal row.
            if who.password_change_due {
                return Err(StoreError::PasswordChangeRequired.into());
            }
            if let Some(p) = permission_of(&cli.command)
                && !jeopsu_core::PermissionMatrix::default().allows(who.role, p)
            {
                staff::log_permission_refused(&mut store, &who.actor(), p, "cli")?;
                return Err(ApiError::Forbidden);
            }
            Ok(store)
        }
        _ => Err(StoreError::CredentialsRequired.into()),
    }
}

/// The keyring's own words, without our wrapper sentence around them.
fn keyring_detail(e: &StoreError) -> String {
    match e {
        StoreError::KeyringUnavailable(d) => d.clone(),
        other => other.to_string(),
    }
}

pub(crate) fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    let s = serde_json::to_string_pretty(value).map_err(|e| StoreError::Internal(e.to_string()))?;
    println!("{s}");
    Ok(())
}

pub fn run(cli: &Cli, out: &Out) -> Result<ExitCode> {
    match &cli.command {
        Command::Init {
            recovery_phrase_out,
            no_keyring,
        } => init(cli, out, recovery_phrase_out.as_deref(), *no_keyring),
        Command::Staff(c) => staff_cmd(cli, out, c),
        Command::Verify { json } => verify(cli, out, *json),
        Command::Audit(AuditCommand::Verify) => audit_verify(cli, out),
        Command::Audit(AuditCommand::List {
            since,
            stream,
            json,
        }) => audit_list(cli, out, since.as_deref(), stream.as_deref(), *json),
        Command::Backup {
            out: file,
            auto,
            command,
        } => match (file, auto, command) {
            (Some(file), false, None) => backup_cmd(cli, out, file),
            (None, true, None) => backup_auto(cli, out),
            (None, false, Some(BackupCommand::Folder { dir })) => backup_folder(cli, out, dir),
            (None, false, Some(BackupCommand::List { json })) => backup_list(cli, out, *json),
            (None, false, Some(BackupCommand::Drill { file, json })) => {
                backup_drill(cli, out, file, *json)
            }
            _ => {
                out.say("cli-backup-usage", &[]);
                Ok(ExitCode::from(2))
            }
        },
        Command::Restore {
            file,
            force,
            no_keyring,
        } => restore_cmd(cli, out, file, *force, *no_keyring),
        Command::Key(KeyCommand::ToKeyring) => {
            let mut store = open(cli)?;
            let keyring = OsKeyring::connect()?;
            store.put_key_in_vault(Arc::new(keyring), &actor())?;
            out.say("cli-key-stored", &[]);
            Ok(ExitCode::SUCCESS)
        }
        Command::Key(KeyCommand::Forget { yes }) => {
            let dir = data_dir(cli)?;
            if !yes {
                out.note("cli-key-forget-confirm", &[]);
                return Ok(ExitCode::from(2));
            }
            let keyring = OsKeyring::connect()?;
            let removed = jeopsu_store::keys::forget_keyring_entries(&dir, &keyring)?;
            out.say("cli-key-forgotten", &[("count", removed.into())]);
            Ok(ExitCode::SUCCESS)
        }
        Command::Import(ImportCommand::Patients { file, dry_run }) => {
            crate::patients::import(cli, out, file, *dry_run)
        }
        Command::Patients(PatientsCommand::Search { query, json }) => {
            crate::patients::search(cli, out, query, *json)
        }
        Command::Patients(PatientsCommand::Show { chart_no, json }) => {
            crate::patients::show(cli, out, chart_no, *json)
        }
        Command::Forms(FormsCommand::Blank { kind, out: file }) => {
            crate::forms::blank(cli, out, kind, file)
        }
        Command::Consents(ConsentsCommand::List { chart_no, json }) => {
            crate::forms::consents_list(cli, out, chart_no, *json)
        }
        Command::Cctv(CctvCommand::Ledger {
            from,
            to,
            format,
            kind,
            out: file,
            reason,
        }) => crate::forms::cctv_ledger(cli, out, from, to, format, kind.as_deref(), file, reason),
        Command::Visits(VisitsCommand::Checkin {
            chart_no,
            id_check,
            id_check_reason,
            json,
        }) => crate::visits::checkin(cli, out, chart_no, id_check, id_check_reason, *json),
        Command::Visits(VisitsCommand::List { date, json }) => {
            crate::visits::list(cli, out, date.as_deref(), *json)
        }
        Command::Appointments(AppointmentsCommand::Add {
            chart_no,
            at,
            minutes,
            room,
            note,
            json,
        }) => crate::visits::book(cli, out, chart_no, at, minutes, room, note, *json),
        Command::Appointments(AppointmentsCommand::List { date, json }) => {
            crate::visits::bookings(cli, out, date.as_deref(), *json)
        }
        Command::Appointments(AppointmentsCommand::Cancel { id }) => {
            crate::visits::cancel(cli, out, *id)
        }
        Command::Retention(RetentionCommand::Preview { json }) => {
            crate::privacy::retention_preview(cli, out, *json)
        }
        Command::Retention(RetentionCommand::Run { yes, confirm_date }) => {
            crate::privacy::retention_run(cli, out, *yes, confirm_date.as_deref())
        }
        Command::Export(ExportCommand::Subject {
            chart_no,
            format,
            out: file,
            reason,
        }) => crate::privacy::export_subject(cli, out, chart_no, format, file, reason),
        Command::Requests(RequestsCommand::Receive(r)) => {
            crate::privacy::request_receive(cli, out, &r.chart_no, &r.input(), r.json)
        }
        Command::Requests(RequestsCommand::List { all, json }) => {
            crate::privacy::requests_list(cli, out, !*all, *json)
        }
        Command::Holds(HoldsCommand::List { json }) => crate::privacy::holds_list(cli, out, *json),
        Command::Holds(HoldsCommand::Place { chart_no, reason }) => {
            crate::privacy::hold_place(cli, out, chart_no, reason)
        }
        Command::Holds(HoldsCommand::Lift { id }) => crate::privacy::hold_lift(cli, out, *id),
    }
}

fn init(cli: &Cli, out: &Out, phrase_out: Option<&Path>, no_keyring: bool) -> Result<ExitCode> {
    let dir = data_dir(cli)?;
    if let Some(f) = phrase_out
        && f.exists()
    {
        return Err(StoreError::Conflict(format!("{} already exists", f.display())).into());
    }
    // Without a keyring the slots are password-only, but only when asked for (--no-keyring):
    // nothing falls back silently.
    let vault: Option<Arc<dyn KeyVault>> = if no_keyring {
        None
    } else {
        match OsKeyring::connect() {
            Ok(k) => Some(Arc::new(k)),
            Err(e) => {
                out.note(
                    "cli-init-keyring-missing",
                    &[("detail", keyring_detail(&e).into())],
                );
                return Ok(ExitCode::from(2));
            }
        }
    };
    let who = actor();
    let outcome = Store::init(
        &dir,
        InitOptions {
            vault,
            actor: &who,
            kdf: KdfParams::default(),
        },
    )?;
    let phrase = outcome.phrase.to_display();
    match phrase_out {
        Some(f) => {
            let mut text = Zeroizing::new(phrase.to_string());
            text.push('\n');
            if let Err(e) = jeopsu_store::paths::write_atomic(f, text.as_bytes()) {
                // The phrase must reach the person: print it rather than lose it.
                out.note(
                    "cli-init-phrase-file-failed",
                    &[("path", f.display().to_string().into())],
                );
                out.line(&phrase);
                return Err(e.into());
            }
            out.say(
                "cli-init-phrase-written",
                &[("path", f.display().to_string().into())],
            );
        }
        None => {
            out.say("cli-init-phrase-heading", &[]);
            out.line(&format!("\n    {}\n", phrase.as_str()));
            out.say("cli-init-phrase-warning", &[]);
        }
    }
    if no_keyring {
        out.say("cli-init-no-keyring", &[]);
    } else {
        out.say("cli-init-keyring-ok", &[]);
    }
    out.say(
        "cli-init-done",
        &[("dir", dir.display().to_string().into())],
    );
    Ok(ExitCode::SUCCESS)
}
