//! The small set of error codes that crosses every boundary (CLI exit codes, IPC `{code, message}`).
//!
//! Each code has a Fluent message `error-<code>` in `assets/locales/{ko,en}/errors.ftl`; a test in
//! `jeopsu-i18n` fails when one is missing.

use serde::{Deserialize, Serialize};

/// A value for a message placeholder: text, or a number (numbers pick plural forms).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Text, placed as it is.
    Text(String),
    /// A number: it also picks the message's plural form.
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

word_enum! {
    /// One code per kind of failure, in kebab-case on every boundary.
    Code {
        /// There is no database in the data directory yet.
        NotInitialized = "not-initialized",
        /// `init` was asked for where a database already exists.
        AlreadyInitialized = "already-initialized",
        /// No key is stored for this database in the OS keyring; the recovery phrase is needed.
        KeyNotInKeyring = "key-not-in-keyring",
        /// The OS keyring cannot be reached (no Secret Service, locked, ...).
        KeyringUnavailable = "keyring-unavailable",
        /// This PC's device secret is not in the OS keyring (another PC, a reinstalled OS): the
        /// staff passwords open nothing here; the recovery phrase does.
        DeviceSecretMissing = "device-secret-missing",
        /// The key slot file beside the database is damaged or not one.
        SlotsDamaged = "slots-damaged",
        /// The CLI was given neither a staff sign-in nor the recovery phrase.
        CredentialsRequired = "credentials-required",
        /// The recovery phrase has a typo (wrong length, unknown character, a group's check fails).
        PhraseTypo = "phrase-typo",
        /// The recovery phrase is well formed but belongs to another database.
        PhraseWrong = "phrase-wrong",
        /// The key file beside the database is missing or damaged.
        KeyFileDamaged = "key-file-damaged",
        /// The database file cannot be read with the key: damaged, truncated, or another database.
        DatabaseUnreadable = "database-unreadable",
        /// The database was written by a newer version of Jeopsu.
        SchemaTooNew = "schema-too-new",
        /// An integrity check failed (pages, indexes or the audit chain).
        IntegrityFailed = "integrity-failed",
        /// A backup file is damaged or not a Jeopsu backup.
        BackupDamaged = "backup-damaged",
        /// The backup folder is chosen but not there (a USB stick not plugged in): the backup waits.
        BackupFolderMissing = "backup-folder-missing",
        /// A password or phrase file others on the computer can read: refused, named.
        SecretFileExposed = "secret-file-exposed",
        /// The clock is behind the log or far ahead of its last activity: a destruction run waits
        /// for today's date to be confirmed.
        ClockSuspect = "clock-suspect",
        /// The disk is full (or a file size limit was reached) during a write.
        DiskFull = "disk-full",
        /// The operating system refused access to a file or folder.
        PermissionDenied = "permission-denied",
        /// Another file-system problem.
        Io = "io",
        /// An input did not pass validation.
        InvalidInput = "invalid-input",
        /// The thing asked for does not exist.
        NotFound = "not-found",
        /// The change conflicts with what exists (e.g. a username already taken).
        Conflict = "conflict",
        /// A patient with this resident registration number is already registered.
        DuplicatePatient = "duplicate-patient",
        /// Someone with the same name and birth date, or the same mobile, exists: ask first.
        PossibleDuplicate = "possible-duplicate",
        /// Wrong username or password.
        BadCredentials = "bad-credentials",
        /// Sign-in is blocked after too many failed attempts.
        LockedOut = "locked-out",
        /// The account is disabled.
        AccountDisabled = "account-disabled",
        /// The signed-in role may not do this.
        Forbidden = "forbidden",
        /// No one is signed in, or the screen locked after inactivity: sign in again.
        SessionLocked = "session-locked",
        /// The signed-in password must be changed (set by an administrator, or too old) before
        /// anything else.
        PasswordChangeRequired = "password-change-required",
        /// A document (a PDF, an export) could not be made from the records; the message says
        /// what. Nothing was saved or logged.
        DocumentFailed = "document-failed",
        /// Something that should not happen; the message says what.
        Internal = "internal",
    }
}

impl Code {
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
