//! The small set of error codes that crosses every boundary (CLI exit codes, IPC `{code, message}`).
//!
//! Each code has a Fluent message `error-<code>` in `assets/locales/{ko,en}/errors.ftl`; a test in
//! `jeopsu-i18n` fails when one is missing.

use serde::Serialize;

/// A value for a message placeholder: text, or a number (numbers pick plural forms).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Text(String),
    Number(i64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}
impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Number(n)
    }
}
impl From<u32> for Arg {
    fn from(n: u32) -> Self {
        Arg::Number(i64::from(n))
    }
}
impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    /// There is no database in the data directory yet.
    NotInitialized,
    /// `init` was asked for where a database already exists.
    AlreadyInitialized,
    /// No key is stored for this database in the OS keyring; the recovery phrase is needed.
    KeyNotInKeyring,
    /// The OS keyring cannot be reached (no Secret Service, locked, ...).
    KeyringUnavailable,
    /// This PC's device secret is not in the OS keyring (another PC, a reinstalled OS): the
    /// staff passwords open nothing here; the recovery phrase does.
    DeviceSecretMissing,
    /// The key slot file beside the database is damaged or not one.
    SlotsDamaged,
    /// The CLI was given neither a staff sign-in nor the recovery phrase.
    CredentialsRequired,
    /// The recovery phrase has a typo (wrong length, unknown character, a group's check fails).
    PhraseTypo,
    /// The recovery phrase is well formed but belongs to another database.
    PhraseWrong,
    /// The key file beside the database is missing or damaged.
    KeyFileDamaged,
    /// The database file cannot be read with the key: damaged, truncated, or another database.
    DatabaseUnreadable,
    /// The database was written by a newer version of Jeopsu.
    SchemaTooNew,
    /// An integrity check failed (pages, indexes or the audit chain).
    IntegrityFailed,
    /// A backup file is damaged or not a Jeopsu backup.
    BackupDamaged,
    /// The backup folder is chosen but not there (a USB stick not plugged in): the backup waits.
    BackupFolderMissing,
    /// A password or phrase file others on the computer can read: refused, named.
    SecretFileExposed,
    /// The clock is behind the log or far ahead of its last activity: a destruction run waits
    /// for today's date to be confirmed.
    ClockSuspect,
    /// The disk is full (or a file size limit was reached) during a write.
    DiskFull,
    /// The operating system refused access to a file or folder.
    PermissionDenied,
    /// Another file-system problem.
    Io,
    /// An input did not pass validation.
    InvalidInput,
    /// The thing asked for does not exist.
    NotFound,
    /// The change conflicts with what exists (e.g. a username already taken).
    Conflict,
    /// A patient with this resident registration number is already registered.
    DuplicatePatient,
    /// Someone with the same name and birth date, or the same mobile, exists: ask first.
    PossibleDuplicate,
    /// Wrong username or password.
    BadCredentials,
    /// Sign-in is blocked after too many failed attempts.
    LockedOut,
    /// The account is disabled.
    AccountDisabled,
    /// The signed-in role may not do this.
    Forbidden,
    /// No one is signed in, or the screen locked after inactivity: sign in again.
    SessionLocked,
    /// The signed-in password must be changed (set by an administrator, or too old) before
    /// anything else.
    PasswordChangeRequired,
    /// Something that should not happen; the message says what.
    Internal,
}

impl Code {
    /// Every code, for exhaustive tests (every code has a message in every language).
    pub const ALL: [Code; 32] = [
        Code::NotInitialized,
        Code::AlreadyInitialized,
        Code::KeyNotInKeyring,
        Code::KeyringUnavailable,
        Code::DeviceSecretMissing,
        Code::SlotsDamaged,
        Code::CredentialsRequired,
        Code::PhraseTypo,
        Code::PhraseWrong,
        Code::KeyFileDamaged,
        Code::DatabaseUnreadable,
        Code::SchemaTooNew,
        Code::IntegrityFailed,
        Code::BackupDamaged,
        Code::BackupFolderMissing,
        Code::SecretFileExposed,
        Code::ClockSuspect,
        Code::DiskFull,
        Code::PermissionDenied,
        Code::Io,
        Code::InvalidInput,
        Code::NotFound,
        Code::Conflict,
        Code::DuplicatePatient,
        Code::PossibleDuplicate,
        Code::BadCredentials,
        Code::LockedOut,
        Code::AccountDisabled,
        Code::Forbidden,
        Code::SessionLocked,
        Code::PasswordChangeRequired,
        Code::Internal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Code::NotInitialized => "not-initialized",
            Code::AlreadyInitialized => "already-initialized",
            Code::KeyNotInKeyring => "key-not-in-keyring",
            Code::KeyringUnavailable => "keyring-unavailable",
            Code::DeviceSecretMissing => "device-secret-missing",
            Code::SlotsDamaged => "slots-damaged",
            Code::CredentialsRequired => "credentials-required",
            Code::PhraseTypo => "phrase-typo",
            Code::PhraseWrong => "phrase-wrong",
            Code::KeyFileDamaged => "key-file-damaged",
            Code::DatabaseUnreadable => "database-unreadable",
            Code::SchemaTooNew => "schema-too-new",
            Code::IntegrityFailed => "integrity-failed",
            Code::BackupDamaged => "backup-damaged",
            Code::BackupFolderMissing => "backup-folder-missing",
            Code::SecretFileExposed => "secret-file-exposed",
            Code::ClockSuspect => "clock-suspect",
            Code::DiskFull => "disk-full",
            Code::PermissionDenied => "permission-denied",
            Code::Io => "io",
            Code::InvalidInput => "invalid-input",
            Code::NotFound => "not-found",
            Code::Conflict => "conflict",
            Code::DuplicatePatient => "duplicate-patient",
            Code::PossibleDuplicate => "possible-duplicate",
            Code::BadCredentials => "bad-credentials",
            Code::LockedOut => "locked-out",
            Code::AccountDisabled => "account-disabled",
            Code::Forbidden => "forbidden",
            Code::SessionLocked => "session-locked",
            Code::PasswordChangeRequired => "password-change-required",
            Code::Internal => "internal",
        }
    }

    /// The Fluent message id that explains this code to a person.
    pub fn message_id(self) -> String {
        format!("error-{}", self.as_str())
    }

    /// Errors that stop the database from being opened at all. The CLI exits 2 on these (the
    /// contract: 2 = usage or unlock error), 1 on everything else.
    pub fn is_unlock_error(self) -> bool {
        matches!(
            self,
            Code::NotInitialized
                | Code::KeyNotInKeyring
                | Code::KeyringUnavailable
                | Code::DeviceSecretMissing
                | Code::SlotsDamaged
                | Code::CredentialsRequired
                | Code::PhraseTypo
                | Code::PhraseWrong
                | Code::KeyFileDamaged
                | Code::DatabaseUnreadable
                | Code::SecretFileExposed
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_lists_every_code_once_with_distinct_names() {
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len(), "two codes share a name");
    }

    #[test]
    fn serde_name_matches_as_str() {
        for code in Code::ALL {
            let json = serde_json::to_string(&code).expect("serialise");
            assert_eq!(
                json,
                format!("\"{}\"", code.as_str()),
                "serde name of {code:?}"
            );
        }
    }
}
