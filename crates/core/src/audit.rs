//! What the access log and the permission log record.
//!
//! Two streams, each its own hash chain: `access` (every read of a record, every change of
//! personal data, sign-ins, backups; kept 2 years) and `permission` (every grant, change or revoke
//! of a role; kept 3 years). Both retention periods are from the safety standard (docs/LAW.md "Retention").

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stream {
    Access,
    Permission,
}

impl Stream {
    pub const ALL: [Stream; 2] = [Stream::Access, Stream::Permission];

    pub fn as_str(self) -> &'static str {
        match self {
            Stream::Access => "access",
            Stream::Permission => "permission",
        }
    }

    pub fn parse(text: &str) -> Option<Stream> {
        Stream::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// How long rows of this stream are kept, in years (docs/LAW.md "Retention").
    pub fn retention_years(self) -> u32 {
        match self {
            Stream::Access => 2,
            Stream::Permission => 3,
        }
    }
}

/// What happened. Stored as its kebab-case name; names are never reused or renamed (old rows
/// must keep meaning what they meant).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    DatabaseCreated,
    KeyStoredInKeyring,
    /// A staff member's key slot was made (the first sign-in after the upgrade).
    KeySlotCreated,
    /// This PC's device secret was replaced (an account was disabled).
    DeviceSecretReplaced,
    /// The data key itself was removed from the OS keyring (every account has a slot).
    LegacyKeyRemoved,
    /// The sign-in counters beside the database had been edited or deleted.
    SignInCountersTampered,
    UnlockedWithPhrase,
    SignIn,
    SignInFailed,
    SignInBlocked,
    SignOut,
    StaffCreated,
    StaffListed,
    StaffDisabled,
    StaffEnabled,
    PasswordReset,
    RoleGranted,
    RoleChanged,
    RoleRevoked,
    SettingChanged,
    BackupCreated,
    /// A backup file was opened as a restore would and checked (result in the detail).
    BackupChecked,
    /// A backup file was deleted: rotation, or past its age limit (the retention run).
    BackupDeleted,
    /// A restore drill: a backup restored into a temporary folder, counted and deleted.
    BackupDrill,
    /// A registration or correction refused because the RRN is another patient's (its own row,
    /// committed although the change was not: repeated, it is RRN probing).
    DuplicateRefused,
    /// A call refused for lack of permission (rate-limited per account).
    PermissionRefused,
    /// An import checked without writing (`--dry-run`).
    ImportChecked,
    RestoredFromBackup,
    AuditListed,
    IntegrityVerified,
    AuditPurged,
    RecoverySheetPrinted,
    PatientRegistered,
    PatientsSearched,
    PatientViewed,
    PatientCorrected,
    RrnRevealed,
    PatientsImported,
    ConsentRecorded,
    ConsentWithdrawn,
    ConsentCopyPrinted,
    GuardianConsentRecorded,
    ConsentFormPrinted,
    FormSaved,
    CctvOpened,
    CctvSetupChanged,
    CctvRequestReceived,
    CctvRequestViewed,
    CctvRequestStep,
    CctvLedgerWritten,
    CctvLedgerExported,
    CctvFormPrinted,
    PrivacyRequestReceived,
    PrivacyRequestViewed,
    PrivacyListed,
    PrivacyAnswered,
    SubjectExported,
    LegalHoldPlaced,
    LegalHoldLifted,
    RetentionRulesChanged,
    RetentionPreviewed,
    DestructionRun,
    AuditReviewed,
    PaperOriginalsListed,
    PaperShredded,
    PrivacyDeferred,
    PasswordChanged,
    VisitCheckedIn,
    VisitStatusChanged,
    BoardOpened,
    AppointmentBooked,
    AppointmentChanged,
    AppointmentsOpened,
}

impl Action {
    pub const ALL: [Action; 73] = [
        Action::DatabaseCreated,
        Action::KeyStoredInKeyring,
        Action::KeySlotCreated,
        Action::DeviceSecretReplaced,
        Action::LegacyKeyRemoved,
        Action::SignInCountersTampered,
        Action::UnlockedWithPhrase,
        Action::SignIn,
        Action::SignInFailed,
        Action::SignInBlocked,
        Action::SignOut,
        Action::StaffCreated,
        Action::StaffListed,
        Action::StaffDisabled,
        Action::StaffEnabled,
        Action::PasswordReset,
        Action::RoleGranted,
        Action::RoleChanged,
        Action::RoleRevoked,
        Action::SettingChanged,
        Action::BackupCreated,
        Action::BackupChecked,
        Action::BackupDeleted,
        Action::BackupDrill,
        Action::DuplicateRefused,
        Action::PermissionRefused,
        Action::ImportChecked,
        Action::RestoredFromBackup,
        Action::AuditListed,
        Action::IntegrityVerified,
        Action::AuditPurged,
        Action::RecoverySheetPrinted,
        Action::PatientRegistered,
        Action::PatientsSearched,
        Action::PatientViewed,
        Action::PatientCorrected,
        Action::RrnRevealed,
        Action::PatientsImported,
        Action::ConsentRecorded,
        Action::ConsentWithdrawn,
        Action::ConsentCopyPrinted,
        Action::GuardianConsentRecorded,
        Action::ConsentFormPrinted,
        Action::FormSaved,
        Action::CctvOpened,
        Action::CctvSetupChanged,
        Action::CctvRequestReceived,
        Action::CctvRequestViewed,
        Action::CctvRequestStep,
        Action::CctvLedgerWritten,
        Action::CctvLedgerExported,
        Action::CctvFormPrinted,
        Action::PrivacyRequestReceived,
        Action::PrivacyRequestViewed,
        Action::PrivacyListed,
        Action::PrivacyAnswered,
        Action::SubjectExported,
        Action::LegalHoldPlaced,
        Action::LegalHoldLifted,
        Action::RetentionRulesChanged,
        Action::RetentionPreviewed,
        Action::DestructionRun,
        Action::AuditReviewed,
        Action::PaperOriginalsListed,
        Action::PaperShredded,
        Action::PrivacyDeferred,
        Action::PasswordChanged,
        Action::VisitCheckedIn,
        Action::VisitStatusChanged,
        Action::BoardOpened,
        Action::AppointmentBooked,
        Action::AppointmentChanged,
        Action::AppointmentsOpened,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::DatabaseCreated => "database-created",
            Action::KeyStoredInKeyring => "key-stored-in-keyring",
            Action::KeySlotCreated => "key-slot-created",
            Action::DeviceSecretReplaced => "device-secret-replaced",
            Action::LegacyKeyRemoved => "legacy-key-removed",
            Action::SignInCountersTampered => "sign-in-counters-tampered",
            Action::UnlockedWithPhrase => "unlocked-with-phrase",
            Action::SignIn => "sign-in",
            Action::SignInFailed => "sign-in-failed",
            Action::SignInBlocked => "sign-in-blocked",
            Action::SignOut => "sign-out",
            Action::StaffCreated => "staff-created",
            Action::StaffListed => "staff-listed",
            Action::StaffDisabled => "staff-disabled",
            Action::StaffEnabled => "staff-enabled",
            Action::PasswordReset => "password-reset",
            Action::RoleGranted => "role-granted",
            Action::RoleChanged => "role-changed",
            Action::RoleRevoked => "role-revoked",
            Action::SettingChanged => "setting-changed",
            Action::BackupCreated => "backup-created",
            Action::BackupChecked => "backup-checked",
            Action::BackupDeleted => "backup-deleted",
            Action::BackupDrill => "backup-drill",
            Action::DuplicateRefused => "duplicate-refused",
            Action::PermissionRefused => "permission-refused",
            Action::ImportChecked => "patients-import-checked",
            Action::RestoredFromBackup => "restored-from-backup",
            Action::AuditListed => "audit-listed",
            Action::IntegrityVerified => "integrity-verified",
            Action::AuditPurged => "audit-purged",
            Action::RecoverySheetPrinted => "recovery-sheet-printed",
            Action::PatientRegistered => "patient-registered",
            Action::PatientsSearched => "patients-searched",
            Action::PatientViewed => "patient-viewed",
            Action::PatientCorrected => "patient-corrected",
            Action::RrnRevealed => "rrn-revealed",
            Action::PatientsImported => "patients-imported",
            Action::ConsentRecorded => "consent-recorded",
            Action::ConsentWithdrawn => "consent-withdrawn",
            Action::ConsentCopyPrinted => "consent-copy-printed",
            Action::GuardianConsentRecorded => "guardian-consent-recorded",
            Action::ConsentFormPrinted => "consent-form-printed",
            Action::FormSaved => "form-saved",
            Action::CctvOpened => "cctv-opened",
            Action::CctvSetupChanged => "cctv-setup-changed",
            Action::CctvRequestReceived => "cctv-request-received",
            Action::CctvRequestViewed => "cctv-request-viewed",
            Action::CctvRequestStep => "cctv-request-step",
            Action::CctvLedgerWritten => "cctv-ledger-written",
            Action::CctvLedgerExported => "cctv-ledger-exported",
            Action::CctvFormPrinted => "cctv-form-printed",
            Action::PrivacyRequestReceived => "privacy-request-received",
            Action::PrivacyRequestViewed => "privacy-request-viewed",
            Action::PrivacyListed => "privacy-listed",
            Action::PrivacyAnswered => "privacy-answered",
            Action::SubjectExported => "subject-exported",
            Action::LegalHoldPlaced => "legal-hold-placed",
            Action::LegalHoldLifted => "legal-hold-lifted",
            Action::RetentionRulesChanged => "retention-rules-changed",
            Action::RetentionPreviewed => "retention-previewed",
            Action::DestructionRun => "destruction-run",
            Action::AuditReviewed => "audit-reviewed",
            Action::PaperOriginalsListed => "paper-originals-listed",
            Action::PaperShredded => "paper-shredded",
            Action::PrivacyDeferred => "privacy-deferred",
            Action::PasswordChanged => "password-changed",
            Action::VisitCheckedIn => "visit-checked-in",
            Action::VisitStatusChanged => "visit-status-changed",
            Action::BoardOpened => "board-opened",
            Action::AppointmentBooked => "appointment-booked",
            Action::AppointmentChanged => "appointment-changed",
            Action::AppointmentsOpened => "appointments-opened",
        }
    }

    pub fn parse(text: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == text)
    }

    /// The stream a row of this action belongs to.
    pub fn stream(self) -> Stream {
        match self {
            Action::RoleGranted | Action::RoleChanged | Action::RoleRevoked => Stream::Permission,
            _ => Stream::Access,
        }
    }
}

/// Who did it: a signed-in staff member, or the admin CLI run by an OS user (who holds the key).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Actor {
    Staff {
        id: crate::ids::StaffId,
        username: String,
    },
    Cli {
        os_user: String,
    },
    /// Not signed in: a failed sign-in (the typed name is not logged: it may be a password).
    Anonymous,
    /// The desktop app itself, before anyone is signed in (the first run creating the
    /// database and the first admin).
    App,
}

impl Actor {
    /// The stable text stored in the log, e.g. `staff:3:kim.jihyun` or `cli:root`.
    pub fn to_log_text(&self) -> String {
        match self {
            Actor::Staff { id, username } => format!("staff:{id}:{username}"),
            Actor::Cli { os_user } => format!("cli:{os_user}"),
            Actor::Anonymous => "anonymous".to_string(),
            Actor::App => "app".to_string(),
        }
    }

    /// The actor a log text names ([`Actor::to_log_text`] read back), or `None` for a text
    /// no actor writes. Rows from before `App` existed say `cli:desktop-app`: read as `App`.
    pub fn parse(text: &str) -> Option<Actor> {
        match text {
            "anonymous" => return Some(Actor::Anonymous),
            "app" | "cli:desktop-app" => return Some(Actor::App),
            _ => {}
        }
        if let Some(os_user) = text.strip_prefix("cli:") {
            return (!os_user.is_empty()).then(|| Actor::Cli {
                os_user: os_user.to_string(),
            });
        }
        let (id, username) = text.strip_prefix("staff:")?.split_once(':')?;
        Some(Actor::Staff {
            id: crate::ids::StaffId(id.parse().ok()?),
            username: username.to_string(),
        })
    }

    /// The short name a person reads on paper and screens: a staff member's username, the
    /// CLI's OS user, `app` or `anonymous`.
    pub fn short_name(&self) -> &str {
        match self {
            Actor::Staff { username, .. } => username,
            Actor::Cli { os_user } => os_user,
            Actor::Anonymous => "anonymous",
            Actor::App => "app",
        }
    }

    /// [`Actor::short_name`] of a stored log text; a text no actor writes is shown as it is.
    pub fn short_name_of(text: &str) -> String {
        Actor::parse(text)
            .map(|a| a.short_name().to_string())
            .unwrap_or_else(|| text.to_string())
    }
}

/// Which record an entry is about: a patient, a staff account, a file...
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    pub kind: String,
    pub id: String,
}

impl Subject {
    /// Every kind of subject the log holds (the review names each in words,
    /// `audit-subject-<kind>`).
    pub const KINDS: [&'static str; 5] = [
        "patient",
        "staff",
        "cctv-request",
        "privacy-request",
        "file",
    ];

    pub fn staff(id: crate::ids::StaffId) -> Subject {
        Subject {
            kind: "staff".into(),
            id: id.to_string(),
        }
    }
    pub fn patient(id: i64) -> Subject {
        Subject {
            kind: "patient".into(),
            id: id.to_string(),
        }
    }
    pub fn cctv_request(id: i64) -> Subject {
        Subject {
            kind: "cctv-request".into(),
            id: id.to_string(),
        }
    }
    pub fn privacy_request(id: i64) -> Subject {
        Subject {
            kind: "privacy-request".into(),
            id: id.to_string(),
        }
    }
    pub fn file(path: &str) -> Subject {
        Subject {
            kind: "file".into(),
            id: path.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_actor_reads_back_from_its_log_text_and_old_app_rows_read_as_the_app() {
        let all = [
            Actor::Staff {
                id: crate::ids::StaffId(3),
                username: "kim.jihyun".into(),
            },
            Actor::Cli {
                os_user: "root".into(),
            },
            Actor::Anonymous,
            Actor::App,
        ];
        for a in all {
            assert_eq!(Actor::parse(&a.to_log_text()), Some(a));
        }
        assert_eq!(Actor::parse("cli:desktop-app"), Some(Actor::App));
        for bad in ["", "cli:", "staff:x:kim", "staff:3", "robot"] {
            assert_eq!(Actor::parse(bad), None, "{bad:?}");
        }
        assert_eq!(Actor::short_name_of("staff:3:kim.jihyun"), "kim.jihyun");
        assert_eq!(Actor::short_name_of("cli:root"), "root");
        assert_eq!(Actor::short_name_of("robot"), "robot");
    }

    #[test]
    fn action_names_are_distinct_and_parse_back() {
        for a in Action::ALL {
            assert_eq!(Action::parse(a.as_str()), Some(a), "{a:?} round-trips");
        }
        let mut names: Vec<_> = Action::ALL.iter().map(|a| a.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Action::ALL.len(), "action names are unique");
    }

    #[test]
    fn role_changes_go_to_the_permission_stream() {
        assert_eq!(Action::RoleChanged.stream(), Stream::Permission);
        assert_eq!(Action::SignIn.stream(), Stream::Access);
    }
}
