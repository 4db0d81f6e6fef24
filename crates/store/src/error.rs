//! The store's one error type. Every variant maps to a [`Code`] and the arguments its Fluent
//! message needs, so the CLI and the app say the same thing in the same words.

use chrono::{DateTime, Utc};
use jeopsu_core::Code;
use jeopsu_core::error::Arg;
use std::path::{Path, PathBuf};

/// The store's result: a value, or a [`StoreError`].
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Why a store call failed. Each variant's `#[error]` text says what it means, and
/// [`StoreError::code`] names the message a person reads (`error-<code>` in `errors.ftl`); the
/// fields are the values that message shows.
#[allow(missing_docs)]
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no database in {dir}")]
    NotInitialized { dir: PathBuf },
    #[error("a database already exists in {dir}")]
    AlreadyInitialized { dir: PathBuf },
    #[error("no key for this database in the OS keyring")]
    KeyNotInKeyring,
    #[error("the OS keyring is unavailable: {0}")]
    KeyringUnavailable(String),
    #[error("this PC's key is not in the OS keyring: use the recovery phrase")]
    DeviceSecretMissing,
    #[error("the key slot file is damaged")]
    SlotsDamaged,
    #[error("sign in with --staff and --staff-password-file, or give --recovery-phrase-file")]
    CredentialsRequired,
    /// `group` is 1-based; 0 means the typo is not in one group (length, whole-phrase checksum).
    #[error("recovery phrase has a typo (group {group})")]
    PhraseTypo { group: usize },
    #[error("recovery phrase does not belong to this database")]
    PhraseWrong,
    #[error("key file {path} is missing or damaged")]
    KeyFileDamaged { path: PathBuf },
    #[error("database {path} cannot be read with this key")]
    DatabaseUnreadable { path: PathBuf },
    #[error("database schema {found} is newer than this program's {known}")]
    SchemaTooNew { found: i64, known: i64 },
    #[error("integrity check failed: {0}")]
    IntegrityFailed(String),
    #[error("backup damaged: {0}")]
    BackupDamaged(String),
    #[error("the clock says {today} but the log says {log}: confirm today's date")]
    ClockSuspect {
        today: chrono::NaiveDate,
        log: chrono::NaiveDate,
    },
    #[error("{path} can be read by other users of this computer (chmod 600 it)")]
    SecretFileExposed { path: PathBuf },
    #[error("the backup folder {dir} is not there (is the USB stick plugged in?)")]
    BackupFolderMissing { dir: PathBuf },
    #[error("disk full")]
    DiskFull,
    #[error("permission denied: {path}")]
    PermissionDenied { path: PathBuf },
    #[error("i/o error on {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("invalid input: {0}")]
    InvalidInput(String),
    #[error("a patient with this resident registration number is registered: {chart_no}")]
    DuplicatePatient { chart_no: String },
    #[error("{} patient(s) may be the same person", .0.len())]
    PossibleDuplicate(Vec<crate::patients::PatientHit>),
    #[error("import refused: {} problem(s)", .0.len())]
    ImportRejected(Vec<crate::patients::LineProblem>),
    /// Field-level problems of a form; the message is composed from each field's text.
    #[error("invalid input: {}", .0.iter().map(|p| p.message_id()).collect::<Vec<_>>().join(", "))]
    Invalid(Vec<jeopsu_core::FieldProblem>),
    #[error("not found: {0}")]
    NotFound(Missing),
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("wrong username or password")]
    BadCredentials,
    #[error("sign-in blocked until {until}")]
    LockedOut { until: DateTime<Utc> },
    #[error("account disabled")]
    AccountDisabled,
    #[error("the password must be changed first")]
    PasswordChangeRequired,
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("internal error: {0}")]
    Internal(String),
}

impl StoreError {
    /// The field-level problems, for errors about a form's input.
    pub fn problems(&self) -> &[jeopsu_core::FieldProblem] {
        match self {
            StoreError::Invalid(p) => p,
            _ => &[],
        }
    }

    /// Wraps an I/O error with the path it happened on, recognising the kinds people can act on.
    pub fn io(path: &Path, source: std::io::Error) -> StoreError {
        use std::io::ErrorKind as K;
        match source.kind() {
            K::PermissionDenied | K::ReadOnlyFilesystem => StoreError::PermissionDenied {
                path: path.to_path_buf(),
            },
            K::StorageFull | K::QuotaExceeded | K::FileTooLarge => StoreError::DiskFull,
            _ => StoreError::Io {
                path: path.to_path_buf(),
                source,
            },
        }
    }

    /// An SQLite error from opening or attaching `path`: "cannot open" is the OS refusing access
    /// (the folder exists; a missing one is reported before SQLite is asked).
    pub fn opening(path: &Path, e: rusqlite::Error) -> StoreError {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::CannotOpen) | Some(rusqlite::ErrorCode::PermissionDenied) => {
                StoreError::PermissionDenied {
                    path: path.to_path_buf(),
                }
            }
            _ => StoreError::Sqlite(e),
        }
    }

    /// The stable code: the IPC error's `code`, the CLI's exit message and the Fluent id.
    pub fn code(&self) -> Code {
        match self {
            StoreError::NotInitialized { .. } => Code::NotInitialized,
            StoreError::AlreadyInitialized { .. } => Code::AlreadyInitialized,
            StoreError::KeyNotInKeyring => Code::KeyNotInKeyring,
            StoreError::KeyringUnavailable(_) => Code::KeyringUnavailable,
            StoreError::DeviceSecretMissing => Code::DeviceSecretMissing,
            StoreError::SlotsDamaged => Code::SlotsDamaged,
            StoreError::CredentialsRequired => Code::CredentialsRequired,
            StoreError::PhraseTypo { .. } => Code::PhraseTypo,
            StoreError::PhraseWrong => Code::PhraseWrong,
            StoreError::KeyFileDamaged { .. } => Code::KeyFileDamaged,
            StoreError::DatabaseUnreadable { .. } => Code::DatabaseUnreadable,
            StoreError::SchemaTooNew { .. } => Code::SchemaTooNew,
            StoreError::IntegrityFailed(_) => Code::IntegrityFailed,
            StoreError::BackupDamaged(_) => Code::BackupDamaged,
            StoreError::BackupFolderMissing { .. } => Code::BackupFolderMissing,
            StoreError::SecretFileExposed { .. } => Code::SecretFileExposed,
            StoreError::ClockSuspect { .. } => Code::ClockSuspect,
            StoreError::DiskFull => Code::DiskFull,
            StoreError::PermissionDenied { .. } => Code::PermissionDenied,
            StoreError::Io { .. } => Code::Io,
            StoreError::InvalidInput(_)
            | StoreError::Invalid(_)
            | StoreError::ImportRejected(_) => Code::InvalidInput,
            StoreError::DuplicatePatient { .. } => Code::DuplicatePatient,
            StoreError::PossibleDuplicate(_) => Code::PossibleDuplicate,
            StoreError::NotFound(_) => Code::NotFound,
            StoreError::Conflict(_) => Code::Conflict,
            StoreError::BadCredentials => Code::BadCredentials,
            StoreError::LockedOut { .. } => Code::LockedOut,
            StoreError::AccountDisabled => Code::AccountDisabled,
            StoreError::PasswordChangeRequired => Code::PasswordChangeRequired,
            StoreError::Sqlite(e) => sqlite_code(e),
            StoreError::Internal(_) => Code::Internal,
        }
    }

    /// The arguments of this error's Fluent message (`error-<code>`).
    pub fn args(&self) -> Vec<(&'static str, Arg)> {
        let p = |p: &Path| Arg::Text(p.display().to_string());
        match self {
            StoreError::NotInitialized { dir } | StoreError::AlreadyInitialized { dir } => {
                vec![("dir", p(dir))]
            }
            StoreError::KeyringUnavailable(d) => vec![("detail", d.clone().into())],
            StoreError::PhraseTypo { group } => vec![("group", (*group).into())],
            StoreError::KeyFileDamaged { path } | StoreError::DatabaseUnreadable { path } => {
                vec![("path", p(path))]
            }
            StoreError::PermissionDenied { path } | StoreError::SecretFileExposed { path } => {
                vec![("path", p(path))]
            }
            StoreError::BackupFolderMissing { dir } => vec![("dir", p(dir))],
            StoreError::ClockSuspect { today, log } => vec![
                ("today", today.to_string().into()),
                ("log", log.to_string().into()),
            ],
            StoreError::SchemaTooNew { found, known } => {
                vec![("found", (*found).into()), ("known", (*known).into())]
            }
            StoreError::IntegrityFailed(d)
            | StoreError::BackupDamaged(d)
            | StoreError::InvalidInput(d)
            | StoreError::Conflict(d)
            | StoreError::Internal(d) => vec![("detail", d.clone().into())],
            StoreError::Io { path, source } => {
                vec![("detail", format!("{}: {source}", path.display()).into())]
            }
            StoreError::Invalid(problems) => vec![(
                "detail",
                problems
                    .iter()
                    .map(|p| p.message_id())
                    .collect::<Vec<_>>()
                    .join(", ")
                    .into(),
            )],
            StoreError::DuplicatePatient { chart_no } => {
                vec![("chart_no", chart_no.clone().into())]
            }
            StoreError::PossibleDuplicate(list) => vec![("count", list.len().into())],
            StoreError::ImportRejected(list) => {
                vec![("detail", format!("{} problem(s)", list.len()).into())]
            }
            StoreError::NotFound(m) => vec![
                ("thing", m.thing.as_str().into()),
                ("id", m.id.clone().into()),
            ],
            StoreError::LockedOut { until } => {
                vec![("until", jeopsu_core::time::display_minutes(*until).into())]
            }
            StoreError::Sqlite(e) => match sqlite_code(e) {
                Code::PermissionDenied => vec![("path", "database".into())],
                _ => vec![("detail", e.to_string().into())],
            },
            StoreError::KeyNotInKeyring
            | StoreError::DeviceSecretMissing
            | StoreError::SlotsDamaged
            | StoreError::CredentialsRequired
            | StoreError::PhraseWrong
            | StoreError::DiskFull
            | StoreError::BadCredentials
            | StoreError::AccountDisabled
            | StoreError::PasswordChangeRequired => vec![],
        }
    }
}

fn sqlite_code(e: &rusqlite::Error) -> Code {
    use rusqlite::ErrorCode as E;
    match e.sqlite_error_code() {
        Some(E::DiskFull) => Code::DiskFull,
        Some(E::NotADatabase) | Some(E::DatabaseCorrupt) => Code::DatabaseUnreadable,
        Some(E::CannotOpen) | Some(E::ReadOnly) | Some(E::PermissionDenied) => {
            Code::PermissionDenied
        }
        // A write past RLIMIT_FSIZE or onto a full disk can surface as a generic I/O error.
        Some(E::SystemIoFailure) => Code::DiskFull,
        _ => Code::Internal,
    }
}

/// What a lookup did not find ([`StoreError::NotFound`]): the kind of thing and its number or
/// name. The message names the kind in words, in either language (`error-not-found`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// What kind of thing.
    pub thing: Thing,
    /// Its number or name, as asked for.
    pub id: String,
}

impl std::fmt::Display for Missing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.thing.as_str(), self.id)
    }
}

/// The kinds of thing a lookup can miss.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Thing {
    /// A patient, by internal id.
    Patient,
    /// A patient, by chart number.
    ChartNumber,
    /// A booking.
    Appointment,
    /// A visit (a day's check-in).
    Visit,
    /// A consent record.
    ConsentRecord,
    /// A CCTV request.
    CctvRequest,
    /// A data subject's request.
    PrivacyRequest,
    /// A legal hold in force.
    LegalHold,
    /// A staff account, by username.
    StaffAccount,
    /// A folder on this PC.
    Folder,
    /// A file on this PC.
    File,
}

impl Thing {
    /// Every kind, for the test that each is named in words.
    pub const ALL: [Thing; 11] = [
        Thing::Patient,
        Thing::ChartNumber,
        Thing::Appointment,
        Thing::Visit,
        Thing::ConsentRecord,
        Thing::CctvRequest,
        Thing::PrivacyRequest,
        Thing::LegalHold,
        Thing::StaffAccount,
        Thing::Folder,
        Thing::File,
    ];

    /// The kind's word, as the message selects on it.
    pub fn as_str(self) -> &'static str {
        match self {
            Thing::Patient => "patient",
            Thing::ChartNumber => "chart-number",
            Thing::Appointment => "appointment",
            Thing::Visit => "visit",
            Thing::ConsentRecord => "consent-record",
            Thing::CctvRequest => "cctv-request",
            Thing::PrivacyRequest => "privacy-request",
            Thing::LegalHold => "legal-hold",
            Thing::StaffAccount => "staff-account",
            Thing::Folder => "folder",
            Thing::File => "file",
        }
    }
}

impl StoreError {
    /// Nothing of kind `thing` with this number or name.
    pub fn not_found(thing: Thing, id: impl std::fmt::Display) -> StoreError {
        StoreError::NotFound(Missing {
            thing,
            id: id.to_string(),
        })
    }
}
