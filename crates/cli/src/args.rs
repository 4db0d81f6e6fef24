//! The command line. Its shape is a contract (README "CLI"); add, never rename.

use clap::{Args, Parser, Subcommand};
use jeopsu_i18n::Lang;
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "jeopsu",
    version,
    about = "Jeopsu (접수) admin tool: encrypted clinic front-desk database"
)]
pub struct Cli {
    /// Data directory (default: the OS app-data folder; JEOPSU_DATA_DIR overrides).
    #[arg(long, global = true, env = "JEOPSU_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Unlock with the recovery phrase in FILE (recovery and admin work; logged as the phrase).
    #[arg(long, global = true, conflicts_with = "staff")]
    pub recovery_phrase_file: Option<PathBuf>,
    /// Sign in as this staff member (with --staff-password-file): the same key slot, lockout
    /// and log rows as the app's sign-in.
    #[arg(
        long,
        global = true,
        value_name = "USERNAME",
        requires = "staff_password_file"
    )]
    pub staff: Option<String>,
    /// The staff member's password, first line of FILE (mode 0600).
    #[arg(long, global = true, value_name = "FILE", requires = "staff")]
    pub staff_password_file: Option<PathBuf>,
    /// Message language: ko (default) or en.
    #[arg(long, global = true, value_parser = ["ko", "en"])]
    pub lang: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    pub fn lang(&self) -> Lang {
        self.lang
            .as_deref()
            .and_then(Lang::parse)
            .unwrap_or_default()
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the encrypted database and print (or write) the recovery phrase once.
    Init {
        /// Write the recovery phrase to FILE (mode 0600) instead of printing it.
        #[arg(long)]
        recovery_phrase_out: Option<PathBuf>,
        /// Do not store the key in the OS keyring: every unlock then needs the phrase.
        #[arg(long)]
        no_keyring: bool,
    },
    /// Staff accounts.
    #[command(subcommand)]
    Staff(StaffCommand),
    /// Check the database pages, structure and both audit chains; exit 0 only if all hold.
    Verify {
        #[arg(long)]
        json: bool,
    },
    /// The access and permission logs.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Backups: one file now (--out FILE), the scheduled backup now (--auto), or the backup
    /// folder and its copies (folder, list, drill).
    #[command(args_conflicts_with_subcommands = true)]
    Backup {
        /// Write one verified, encrypted backup file here.
        #[arg(long, conflicts_with = "auto")]
        out: Option<PathBuf>,
        /// Run the scheduled backup now: the backup folder, the check after writing, rotation.
        #[arg(long)]
        auto: bool,
        #[command(subcommand)]
        command: Option<BackupCommand>,
    },
    /// Restore a backup into an empty data directory (or replace, keeping a safety copy, with --force).
    Restore {
        file: PathBuf,
        #[arg(long)]
        force: bool,
        /// Do not put the key into the OS keyring after restoring.
        #[arg(long)]
        no_keyring: bool,
    },
    /// Key management.
    #[command(subcommand)]
    Key(KeyCommand),
    /// Import from a file (a clinic moving from paper or another system).
    #[command(subcommand)]
    Import(ImportCommand),
    /// Print forms.
    #[command(subcommand)]
    Forms(FormsCommand),
    /// Consent records.
    #[command(subcommand)]
    Consents(ConsentsCommand),
    /// Find and show patients.
    #[command(subcommand)]
    Patients(PatientsCommand),
    /// CCTV requests and the management ledger.
    #[command(subcommand)]
    Cctv(CctvCommand),
    /// Retention: what is due for destruction, and the destruction run.
    #[command(subcommand)]
    Retention(RetentionCommand),
    /// Exports for data-subject requests.
    #[command(subcommand)]
    Export(ExportCommand),
    /// The desk's day: check a patient in, list a day's visits.
    #[command(subcommand)]
    Visits(VisitsCommand),
    /// Appointments: book, list a day's, cancel.
    #[command(subcommand)]
    Appointments(AppointmentsCommand),
    /// A data subject's requests (access, correction, deletion, processing stop, consent
    /// withdrawal): take one in, list them. They are answered in the app.
    #[command(subcommand)]
    Requests(RequestsCommand),
    /// Legal holds: a patient's records kept past their retention period while a dispute needs
    /// them.
    #[command(subcommand)]
    Holds(HoldsCommand),
}

/// The words one of the domain's fixed lists accepts, for `--help` and for clap's check.
fn words<T: Copy + 'static>(
    all: &'static [T],
    word: fn(T) -> &'static str,
) -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(all.iter().map(move |k| word(*k)))
}

#[derive(Debug, Subcommand)]
pub enum RequestsCommand {
    /// Take in a request about the patient with this chart number (the same checks as the
    /// app's form: who asks, in what capacity, how that was checked, what is asked). Prints its
    /// number and the day it must be answered by.
    Receive(Box<RequestArgs>),
    /// Requests, newest first: those not answered yet, or all with --all.
    List {
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
}

/// `requests receive`: a request as the app's intake form takes it.
#[derive(Debug, Args)]
pub struct RequestArgs {
    pub chart_no: String,
    #[arg(long, value_parser = words(jeopsu_core::privacy::PrivacyKind::ALL, jeopsu_core::privacy::PrivacyKind::as_str))]
    pub kind: String,
    #[arg(long, value_parser = words(jeopsu_core::privacy::Target::ALL, jeopsu_core::privacy::Target::as_str))]
    pub target: String,
    /// The requester's name.
    // Named as the request's field is, so an error's `requester_name: ...` line names this
    // option; `--requester`, its first name, still works.
    #[arg(long, visible_alias = "requester")]
    pub requester_name: String,
    #[arg(long, value_parser = words(jeopsu_core::privacy::Capacity::ALL, jeopsu_core::privacy::Capacity::as_str))]
    pub capacity: String,
    /// How the requester's identity or authority was checked.
    #[arg(long, value_parser = words(jeopsu_core::privacy::AuthorityCheck::ALL, jeopsu_core::privacy::AuthorityCheck::as_str))]
    pub check: String,
    /// How, for `--check other`.
    #[arg(long, default_value = "")]
    pub check_note: String,
    /// What exactly is asked, in the requester's words.
    #[arg(long)]
    pub details: String,
    /// `YYYY-MM-DD HH:MM`, Seoul time (now by default).
    #[arg(long, default_value = "")]
    pub received_at: String,
    #[arg(long)]
    pub json: bool,
}

impl RequestArgs {
    /// The request as the store checks it (the same input as the app's form).
    pub fn input(&self) -> jeopsu_core::privacy::PrivacyRequestInput {
        jeopsu_core::privacy::PrivacyRequestInput {
            kind: self.kind.clone(),
            target: self.target.clone(),
            requester_name: self.requester_name.clone(),
            capacity: self.capacity.clone(),
            check: self.check.clone(),
            check_note: self.check_note.clone(),
            details: self.details.clone(),
            received_at: self.received_at.clone(),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum HoldsCommand {
    /// The holds in force.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Hold the records of the patient with this chart number (the reason is kept with it).
    Place {
        chart_no: String,
        #[arg(long)]
        reason: String,
    },
    /// Lift hold ID: the records are then destroyed when their period is over.
    Lift { id: i64 },
}

#[derive(Debug, Subcommand)]
pub enum AppointmentsCommand {
    /// Book a patient (Seoul time; a time in the past exits 1).
    Add {
        chart_no: String,
        /// `YYYY-MM-DD HH:MM`.
        #[arg(long)]
        at: String,
        #[arg(long, default_value = "")]
        minutes: String,
        #[arg(long, default_value = "")]
        room: String,
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long)]
        json: bool,
    },
    /// A day's bookings by time (today by default).
    List {
        /// `YYYY-MM-DD`.
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Cancel a booking.
    Cancel { id: i64 },
}

#[derive(Debug, Subcommand)]
pub enum VisitsCommand {
    /// Check a patient in; prints the day number. An exemption that does not apply exits 1,
    /// naming the rule.
    Checkin {
        chart_no: String,
        #[arg(long, value_parser = ["id-card", "mobile-card", "exempt-minor", "exempt-recent", "not-checked"])]
        id_check: String,
        /// Required with `--id-check not-checked`.
        #[arg(long, default_value = "")]
        id_check_reason: String,
        #[arg(long)]
        json: bool,
    },
    /// A day's visits in day-number order (today, Seoul time, by default). Never an RRN.
    List {
        /// `YYYY-MM-DD`.
        #[arg(long)]
        date: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum RetentionCommand {
    /// What is due now per category (how many, the range of their last events, held records).
    Preview {
        #[arg(long)]
        json: bool,
    },
    /// Destroy everything due, beyond recovery, and log it (category, count, dates; never data).
    Run {
        /// Required: the run cannot be undone.
        #[arg(long)]
        yes: bool,
        /// Today's date, typed to confirm the clock when the run says it looks wrong.
        #[arg(long, value_name = "YYYY-MM-DD")]
        confirm_date: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Everything held about one patient (their access request): PDF to hand over, or JSON.
    Subject {
        chart_no: String,
        #[arg(long, value_parser = ["pdf", "json"])]
        format: String,
        #[arg(long)]
        out: PathBuf,
        /// Why it is exported (kept in the access log).
        #[arg(long)]
        reason: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum CctvCommand {
    /// Export the management ledger (개인영상정보 관리대장) for the days FROM to TO (YYYY-MM-DD,
    /// both included): an A4 landscape PDF, or CSV (UTF-8 with BOM) for a spreadsheet.
    Ledger {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        #[arg(long, value_parser = ["pdf", "csv"])]
        format: String,
        /// Only rows of this kind.
        #[arg(long, value_parser = ["use", "provision", "viewing", "destruction"])]
        kind: Option<String>,
        #[arg(long)]
        out: PathBuf,
        /// Why it is exported (kept in the access log).
        #[arg(long, default_value = "관리대장 출력 (CLI)")]
        reason: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Patients from a UTF-8 CSV (header: name,birth_date,rrn,gender,address,phone,mobile,email,
    /// chart_no,marketing_consent). All or nothing: any invalid row aborts with every problem.
    Patients {
        file: PathBuf,
        /// Check everything and report, without writing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum FormsCommand {
    /// A blank form for paper use (when the PC cannot be used), in the --lang language.
    Blank {
        #[arg(value_parser = ["minor-consent", "guardian-consent", "adult-consent", "cctv-request"])]
        kind: String,
        /// Where to write the PDF (it is not removed afterwards: file it or delete it).
        #[arg(long)]
        out: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConsentsCommand {
    /// Every consent decision on file for a patient, oldest first, with the signed records.
    List {
        chart_no: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PatientsCommand {
    /// Search by name, initials (ㄱㅁㅅ), 4+ digits of a phone, chart number or birth date.
    Search {
        query: String,
        #[arg(long)]
        json: bool,
    },
    /// One patient's record by chart number (the RRN masked).
    Show {
        chart_no: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Add an account.
    Add {
        #[arg(long)]
        username: String,
        /// reception | privacy-officer | cctv-officer | admin
        #[arg(long)]
        role: String,
        /// File whose first line is the password.
        #[arg(long)]
        password_file: PathBuf,
        /// The name shown on screen (default: the username).
        #[arg(long)]
        name: Option<String>,
    },
    /// List accounts.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Change an account's role.
    SetRole {
        #[arg(long)]
        username: String,
        #[arg(long)]
        role: String,
    },
    /// Disable an account (its role is revoked).
    Disable(UserArg),
    /// Enable a disabled account.
    Enable(UserArg),
    /// Set a new password (also lifts a lockout).
    ResetPassword {
        #[arg(long)]
        username: String,
        #[arg(long)]
        password_file: PathBuf,
    },
    /// Check a username and password (counts towards the lockout, like the app's sign-in).
    SignIn {
        #[arg(long)]
        username: String,
        #[arg(long)]
        password_file: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct UserArg {
    #[arg(long)]
    pub username: String,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Verify both hash chains.
    Verify,
    /// List log rows.
    List {
        /// Only rows from this date on (YYYY-MM-DD, Seoul time).
        #[arg(long)]
        since: Option<String>,
        /// Only one stream: access or permission.
        #[arg(long, value_parser = ["access", "permission"])]
        stream: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum BackupCommand {
    /// Choose the folder scheduled backups go to (the same setting as the admin screen).
    Folder { dir: PathBuf },
    /// This database's copies in the backup folder: time, size, check result, kept or not; then
    /// the latest copies made outside it (not in --json).
    List {
        #[arg(long)]
        json: bool,
    },
    /// A restore drill: restore FILE into a temporary folder, count, and delete the copy.
    Drill {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Put the data key into this computer's keyring (after unlocking with the phrase).
    ToKeyring,
    /// Remove this database's keys from this computer's keyring (before its data folder is
    /// deleted; the Windows uninstaller runs it). Staff passwords then open nothing here until
    /// the recovery phrase puts the key back.
    Forget {
        /// Confirms it.
        #[arg(long)]
        yes: bool,
    },
}
