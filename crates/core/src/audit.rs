//! What the access log and the permission log record.
//!
//! Two streams, each its own hash chain: `access` (every read of a record, every change of
//! personal data, sign-ins, backups; kept 2 years) and `permission` (every grant, change or revoke
//! of a role; kept 3 years). Both retention periods are from the safety standard (docs/LAW.md "Retention").

use serde::{Deserialize, Serialize};

word_enum! {
    /// One of the two logs, each its own hash chain with its own retention period.
    Stream {
        /// Reads of records, changes of personal data, sign-ins, backups: everything but roles.
        Access = "access",
        /// Grants, changes and revocations of a role.
        Permission = "permission",
    }
}

impl Stream {
    /// How long rows of this stream are kept, in years (docs/LAW.md "Retention").
    pub fn retention_years(self) -> u32 {
        match self {
            Stream::Access => 2,
            Stream::Permission => 3,
        }
    }
}

word_enum! {
    /// What happened. Stored as its word; words are never reused or renamed (old rows must keep
    /// meaning what they meant).
    Action {
        /// The database was created (setup, or `jeopsu init`).
        DatabaseCreated = "database-created",
        /// A key was put in the OS keyring (the detail says which: the device secret, or the data key).
        KeyStoredInKeyring = "key-stored-in-keyring",
        /// A staff member's key slot was made (the first sign-in after the upgrade).
        KeySlotCreated = "key-slot-created",
        /// This PC's device secret was replaced (an account was disabled).
        DeviceSecretReplaced = "device-secret-replaced",
        /// The data key itself was removed from the OS keyring (every account has a slot).
        LegacyKeyRemoved = "legacy-key-removed",
        /// The sign-in counters beside the database had been edited or deleted.
        SignInCountersTampered = "sign-in-counters-tampered",
        /// The database was opened with the recovery phrase instead of a sign-in.
        UnlockedWithPhrase = "unlocked-with-phrase",
        /// A staff member signed in.
        SignIn = "sign-in",
        /// A sign-in with a wrong password or an unknown name.
        SignInFailed = "sign-in-failed",
        /// A sign-in refused because the account is locked after repeated failures.
        SignInBlocked = "sign-in-blocked",
        /// A session ended (the detail says how: sign-out, idle lock, exit).
        SignOut = "sign-out",
        /// A staff account was made.
        StaffCreated = "staff-created",
        /// The staff list was opened.
        StaffListed = "staff-listed",
        /// A staff account was disabled: it can no longer sign in.
        StaffDisabled = "staff-disabled",
        /// A disabled staff account was enabled again.
        StaffEnabled = "staff-enabled",
        /// An administrator set a new password for a staff account.
        PasswordReset = "password-reset",
        /// A role was granted (permission stream).
        RoleGranted = "role-granted",
        /// A role was changed for another (permission stream).
        RoleChanged = "role-changed",
        /// A role was taken away (permission stream).
        RoleRevoked = "role-revoked",
        /// A clinic setting was changed (its name and new value in the detail).
        SettingChanged = "setting-changed",
        /// A backup file was written.
        BackupCreated = "backup-created",
        /// A backup file was opened as a restore would and checked (result in the detail).
        BackupChecked = "backup-checked",
        /// A backup file was deleted: rotation, or past its age limit (the retention run).
        BackupDeleted = "backup-deleted",
        /// A restore drill: a backup restored into a temporary folder, counted and deleted.
        BackupDrill = "backup-drill",
        /// A registration or correction refused because the RRN is another patient's (its own row,
        /// committed although the change was not: repeated, it is RRN probing).
        DuplicateRefused = "duplicate-refused",
        /// A call refused for lack of permission (rate-limited per account).
        PermissionRefused = "permission-refused",
        /// An import checked without writing (`--dry-run`).
        ImportChecked = "patients-import-checked",
        /// The database was replaced by a backup.
        RestoredFromBackup = "restored-from-backup",
        /// Log rows were listed (`jeopsu audit list`).
        AuditListed = "audit-listed",
        /// The log chains and the database were checked (`jeopsu verify`).
        IntegrityVerified = "integrity-verified",
        /// Log rows past their retention period were deleted.
        AuditPurged = "audit-purged",
        /// The recovery sheet (the phrase on paper) was printed.
        RecoverySheetPrinted = "recovery-sheet-printed",
        /// A patient was registered.
        PatientRegistered = "patient-registered",
        /// A desk search, with the results that were shown.
        PatientsSearched = "patients-searched",
        /// A patient's record was opened.
        PatientViewed = "patient-viewed",
        /// A patient's details were corrected.
        PatientCorrected = "patient-corrected",
        /// A patient's full RRN was shown.
        RrnRevealed = "rrn-revealed",
        /// Patients were imported from a file (this row for the file; each patient has its own
        /// `patient-registered` row).
        PatientsImported = "patients-imported",
        /// A consent (or refusal) to an optional item was recorded.
        ConsentRecorded = "consent-recorded",
        /// A consent was withdrawn.
        ConsentWithdrawn = "consent-withdrawn",
        /// A copy of a patient's consents was printed.
        ConsentCopyPrinted = "consent-copy-printed",
        /// A guardian's consent for a minor was recorded, with its verification and signature.
        GuardianConsentRecorded = "guardian-consent-recorded",
        /// A consent form was printed (the detail names the form).
        ConsentFormPrinted = "consent-form-printed",
        /// A signed guardian's form was saved as a file.
        FormSaved = "form-saved",
        /// The CCTV section was opened.
        CctvOpened = "cctv-opened",
        /// The CCTV setup (cameras, signs, keeper) was changed.
        CctvSetupChanged = "cctv-setup-changed",
        /// A request to view or copy CCTV footage was received.
        CctvRequestReceived = "cctv-request-received",
        /// A CCTV request was opened.
        CctvRequestViewed = "cctv-request-viewed",
        /// A CCTV request moved a step (decided, masked, handed over, closed).
        CctvRequestStep = "cctv-request-step",
        /// A row of the CCTV ledger was written.
        CctvLedgerWritten = "cctv-ledger-written",
        /// The CCTV ledger was exported to a file.
        CctvLedgerExported = "cctv-ledger-exported",
        /// A CCTV form was printed or saved (the detail names the form).
        CctvFormPrinted = "cctv-form-printed",
        /// A privacy request (access, correction, deletion, suspension) was received.
        PrivacyRequestReceived = "privacy-request-received",
        /// A privacy request was opened.
        PrivacyRequestViewed = "privacy-request-viewed",
        /// The privacy requests were listed.
        PrivacyListed = "privacy-listed",
        /// A privacy request was answered.
        PrivacyAnswered = "privacy-answered",
        /// A copy of everything held about a patient was exported for them.
        SubjectExported = "subject-exported",
        /// A legal hold was put on a record: it is kept past its retention period.
        LegalHoldPlaced = "legal-hold-placed",
        /// A legal hold was lifted.
        LegalHoldLifted = "legal-hold-lifted",
        /// The retention periods were changed.
        RetentionRulesChanged = "retention-rules-changed",
        /// What a retention run would destroy was listed.
        RetentionPreviewed = "retention-previewed",
        /// A retention run destroyed the records past their period.
        DestructionRun = "destruction-run",
        /// The access-log review was opened.
        AuditReviewed = "audit-reviewed",
        /// The list of paper originals due for shredding was opened.
        PaperOriginalsListed = "paper-originals-listed",
        /// A paper original was recorded as shredded.
        PaperShredded = "paper-shredded",
        /// The answer to a privacy request was deferred (the reason in the detail).
        PrivacyDeferred = "privacy-deferred",
        /// A staff member changed their own password.
        PasswordChanged = "password-changed",
        /// A patient was checked in at the desk.
        VisitCheckedIn = "visit-checked-in",
        /// A visit moved on the desk's board (waiting, in treatment, paid, cancelled).
        VisitStatusChanged = "visit-status-changed",
        /// The desk's board of the day was opened.
        BoardOpened = "board-opened",
        /// An appointment was booked.
        AppointmentBooked = "appointment-booked",
        /// An appointment was moved or cancelled.
        AppointmentChanged = "appointment-changed",
        /// The appointment book was opened.
        AppointmentsOpened = "appointments-opened",
    }
}

impl Action {
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
    /// A signed-in staff member.
    Staff {
        /// The account's id.
        id: crate::ids::StaffId,
        /// The account's username at the time (kept as it was, should it change).
        username: String,
    },
    /// The admin CLI, run by an OS user who holds the key.
    Cli {
        /// The OS account that ran it.
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

    /// Who did it, as a person reads it on a screen or on paper (the review, the holds, a
    /// request, the record, the printed forms): a staff member's name with the username
    /// (`박영희 (officer.park)`), or the username alone when the name is the same or not known
    /// (`staff_name` is the account's name now); the CLI's and the app's log text as it is
    /// (`cli:root`), which says what ran it.
    pub fn as_read(&self, staff_name: Option<&str>) -> String {
        match self {
            Actor::Staff { username, .. } => match staff_name {
                Some(name) if name != username => format!("{name} ({username})"),
                _ => username.clone(),
            },
            other => other.to_log_text(),
        }
    }
}

/// Which record an entry is about: a patient, a staff account, a file...
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    /// One of [`Subject::KINDS`].
    pub kind: String,
    /// The record's id, or a file's path.
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

    /// A staff account.
    pub fn staff(id: crate::ids::StaffId) -> Subject {
        Subject {
            kind: "staff".into(),
            id: id.to_string(),
        }
    }
    /// A patient, by their internal id (not the chart number).
    pub fn patient(id: i64) -> Subject {
        Subject {
            kind: "patient".into(),
            id: id.to_string(),
        }
    }
    /// A CCTV viewing request.
    pub fn cctv_request(id: i64) -> Subject {
        Subject {
            kind: "cctv-request".into(),
            id: id.to_string(),
        }
    }
    /// A privacy request.
    pub fn privacy_request(id: i64) -> Subject {
        Subject {
            kind: "privacy-request".into(),
            id: id.to_string(),
        }
    }
    /// A file written or read (a backup, an export), by its path.
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
    }

    #[test]
    fn as_read_names_a_staff_member_and_keeps_what_ran_otherwise() {
        let park = Actor::parse("staff:3:officer.park").expect("a staff actor");
        assert_eq!(park.as_read(Some("박영희")), "박영희 (officer.park)");
        assert_eq!(park.as_read(Some("officer.park")), "officer.park");
        assert_eq!(park.as_read(None), "officer.park");
        let cli = Actor::parse("cli:root").expect("a CLI actor");
        assert_eq!(cli.as_read(Some("박영희")), "cli:root");
        assert_eq!(Actor::App.as_read(None), "app");
    }

    #[test]
    fn action_names_are_distinct_and_parse_back() {
        for &a in Action::ALL {
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
