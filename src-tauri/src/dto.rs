//! The types the UI sees. TypeScript versions are generated into `ui/src/lib/generated/` and
//! committed; `generated_types_are_current` fails when they drift (run `make types` to update).

use jeopsu_core::{Permission, Role};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where the app is, from the UI's point of view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum Phase {
    /// No database yet: the setup wizard.
    NeedsSetup,
    /// A database, but no key in the keyring: ask for the recovery phrase.
    NeedsPhrase,
    /// Unlocked; nobody signed in (or the idle lock struck).
    SignedOut,
    /// Signed in, but the password must be changed before anything else (an administrator set
    /// it, or it is older than the renewal period).
    PasswordChange,
    SignedIn,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct AppStatus {
    pub phase: Phase,
    pub demo: bool,
    pub clinic_name: Option<String>,
    pub user: Option<SessionUser>,
    pub lang: String,
    pub idle_lock_minutes: u32,
    /// Why the keyring could not open the database, when `phase` is `needs-phrase`.
    pub keyring_note: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct SessionUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// What this role may do (the navigation shows only these; the backend checks each call).
    pub permissions: Vec<Permission>,
}

/// The first administrator typed at setup. The password is never printed (Debug redacts it)
/// and its bytes are wiped when the value is dropped.
#[derive(Clone, Deserialize, TS)]
pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    pub password: String,
}

/// A staff account the admin adds. As [`NewAccount`]: the password is redacted and wiped.
#[derive(Clone, Deserialize, TS)]
pub struct NewStaffInput {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub password: String,
}

impl std::fmt::Debug for NewAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewAccount")
            .field("username", &self.username)
            .field("display_name", &self.display_name)
            .field("password", &"(redacted)")
            .finish()
    }
}

impl std::fmt::Debug for NewStaffInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewStaffInput")
            .field("username", &self.username)
            .field("display_name", &self.display_name)
            .field("role", &self.role)
            .field("password", &"(redacted)")
            .finish()
    }
}

impl Drop for NewAccount {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.password);
    }
}

impl Drop for NewStaffInput {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.password);
    }
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct StaffRow {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub disabled: bool,
    /// Seoul time, `YYYY-MM-DD HH:MM`, while sign-in is blocked.
    pub locked_until: Option<String>,
    /// Seoul date, `YYYY-MM-DD`.
    pub created: String,
    /// Has a key slot: signs in on the locked screen. An account without one (from before the
    /// key slots, or enabled again) needs a sign-in while the old key lasts, or a reset.
    pub has_slot: bool,
}

/// What the recovery sheet shows besides the phrase (the UI has the groups already).
#[derive(Debug, Clone, Serialize, TS)]
pub struct RecoverySheetView {
    pub clinic_name: String,
    /// `YYYY-MM-DD HH:MM`, Seoul time.
    pub created: String,
    /// The first 8 hex digits of the database id (not secret).
    pub database_id: String,
}

/// The installation's keys, for the administrator (docs/SECURITY.md "Key slots").
#[derive(Debug, Clone, Serialize, TS)]
pub struct KeyStatusView {
    /// "device" (password and this PC's device key), "password-only", or `None` before the
    /// key slots.
    pub mode: Option<String>,
    /// The database key itself is still in the keyring (the upgrade is not finished).
    pub legacy_key_in_keyring: bool,
    /// Active accounts without a key slot.
    pub without_slot: Vec<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct PhraseAnswer {
    /// 1-based group number.
    pub group: usize,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct SetupResult {
    /// The recovery phrase, group by group. Shown once; the app keeps it only until confirmed.
    pub phrase_groups: Vec<String>,
    /// `None` if the key is in the OS keyring; otherwise why not (every start needs the phrase).
    pub keyring_note: Option<String>,
    /// The two different groups (1-based) to type back, chosen by the backend.
    pub confirm_groups: Vec<usize>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct AppSettings {
    pub idle_lock_minutes: u32,
    /// How new chart numbers look, e.g. `{YYYY}-{SEQ:5}`.
    pub chart_no_format: String,
    pub clinic: jeopsu_core::clinic::ClinicProfile,
    /// Months a staff password lasts before sign-in asks for a new one.
    pub password_max_age_months: u32,
    pub consent_policy: jeopsu_core::consent::ConsentPolicy,
    /// The rooms (or doctors) a visit is sent to.
    pub rooms: Vec<String>,
    /// The waiting-room screen shows masked names.
    pub display_names: bool,
    /// Months a phone booking nobody came for is kept.
    pub phone_booking_months: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct BackupFile {
    pub path: String,
    pub name: String,
    #[ts(type = "number")]
    pub bytes: u64,
    /// Seoul time, `YYYY-MM-DD HH:MM`.
    pub modified: Option<String>,
}

impl From<jeopsu_store::backup::FoundBackup> for BackupFile {
    fn from(b: jeopsu_store::backup::FoundBackup) -> BackupFile {
        BackupFile {
            name: b
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            path: b.path.display().to_string(),
            bytes: b.bytes,
            modified: b.modified.map(jeopsu_core::time::display_minutes),
        }
    }
}

/// A folder a backup can go to (a USB stick, Documents), with the backups already in it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BackupPlace {
    pub path: String,
    pub label: String,
    pub removable: bool,
    pub backups: Vec<BackupFile>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct BackupDone {
    pub path: String,
    #[ts(type = "number")]
    pub bytes: u64,
    #[ts(type = "number")]
    pub staff: i64,
    #[ts(type = "number")]
    pub audit_rows: i64,
}

/// The admin screen's view of scheduled backups.
#[derive(Debug, Clone, Serialize, TS)]
pub struct BackupStatusView {
    pub status: jeopsu_store::backup_schedule::BackupStatus,
    /// The running backup's step; `null` when none runs.
    pub running: Option<jeopsu_store::backup::Step>,
    /// Why the last scheduled backup could not be made, until the next one.
    pub last_error: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct RestoreDone {
    pub status: AppStatus,
    /// Where the replaced database was kept, if one was replaced.
    pub safety_copy: Option<String>,
    /// Records the replaced database had destroyed since the backup, destroyed again.
    #[ts(type = "number | null")]
    pub reapplied: Option<i64>,
    /// A database was replaced but could not be read, so nothing could be re-applied.
    pub not_reapplied: bool,
}

/// A patient form checked without saving.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PatientCheck {
    /// From the birth date, when it is a real date (만 나이, Seoul today).
    pub age: Option<jeopsu_core::patient::Age>,
    pub fields: Vec<crate::error::FieldError>,
    /// What a valid RRN gives (`jeopsu_core::patient::rrn::decoded`): the form fills the birth
    /// date and gender from it when they are empty.
    pub from_rrn: Option<RrnFacts>,
    /// Whether the form asks the optional consent items now
    /// (`jeopsu_core::consent::asked_at_registration`): not for a minor, whose legal
    /// representative answers them in the guardian step.
    pub asks_consent: bool,
}

/// The birth date (`YYYY-MM-DD`) and gender (`M`/`F`) an RRN gives.
#[derive(Debug, Clone, Serialize, TS)]
pub struct RrnFacts {
    pub birth_date: String,
    pub gender: String,
}

/// A stored time in Seoul minutes, or as stored when it does not read.
fn seoul(stored: &str) -> String {
    jeopsu_core::time::stored_as_minutes(stored).unwrap_or_else(|| stored.to_string())
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct CorrectionView {
    /// Seoul time, `YYYY-MM-DD HH:MM`.
    pub at: String,
    pub by: String,
    pub fields: Vec<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct ConsentView {
    #[ts(type = "number")]
    pub id: i64,
    pub item: jeopsu_core::consent::ConsentItem,
    pub granted: bool,
    /// This decision ended an earlier "yes".
    pub withdrawal: bool,
    /// The newest decision of its item: the one in force.
    pub in_force: bool,
    /// The first 12 hex digits of the wording's hash; `None` when imported or a withdrawal.
    pub version: Option<String>,
    pub lang: Option<String>,
    pub signer: jeopsu_store::consents::Signer,
    pub method: jeopsu_store::consents::Method,
    /// Seoul time, `YYYY-MM-DD HH:MM`.
    pub recorded: String,
    pub by: String,
}

/// A patient's record as the desk sees it: the RRN masked, times in Seoul.
#[derive(Debug, Clone, Serialize, TS)]
pub struct PatientView {
    #[ts(type = "number")]
    pub id: i64,
    pub chart_no: String,
    pub name: String,
    pub birth_date: String,
    pub age: jeopsu_core::patient::Age,
    pub gender: jeopsu_core::patient::Gender,
    pub rrn_masked: String,
    pub address: String,
    pub phone: Option<String>,
    pub mobile: Option<String>,
    pub email: Option<String>,
    pub service_status: Option<String>,
    pub created: String,
    pub updated: String,
    pub corrections: Vec<CorrectionView>,
    pub consents: Vec<ConsentView>,
    pub guardian_consent_pending: bool,
    /// The legal representative's signed records, oldest first.
    pub signed_records: Vec<SignedRecordView>,
    /// Turned 19 since the legal representative consented: offer the adult consent now.
    pub adult_consent_due: bool,
    /// The day the patient turns (turned) 19.
    pub adult_on: Option<String>,
    /// The optional items offered at this age (none under 14): the record says "not asked" for
    /// the others.
    pub offered_items: Vec<jeopsu_core::consent::ConsentItem>,
    /// What the desk may do with each consent item now (core decides; the screen offers these).
    pub consent_offers: Vec<jeopsu_core::consent::ConsentOffer>,
    /// Their visits, newest first.
    pub visits: Vec<jeopsu_store::visits::VisitRow>,
    /// Their bookings from today on.
    pub appointments: Vec<jeopsu_store::appointments::AppointmentRow>,
}

/// One signed legal-representative consent, as the record shows it.
#[derive(Debug, Clone, Serialize, TS)]
pub struct SignedRecordView {
    #[ts(type = "number")]
    pub id: i64,
    pub method: jeopsu_core::guardian::SignMethod,
    pub signed_on_pad: bool,
    pub paper_filed_at: Option<String>,
    pub minor_ack: Option<bool>,
    pub patient_age: u32,
    pub lang: String,
    /// Seoul time, `YYYY-MM-DD HH:MM`.
    pub recorded: String,
    pub witness: String,
    pub guardians: Vec<jeopsu_core::guardian::Guardian>,
    /// Who came with the child when it was not a representative.
    pub companion: Option<jeopsu_core::guardian::Companion>,
}

impl From<&jeopsu_store::guardians::SignedRecord> for SignedRecordView {
    fn from(s: &jeopsu_store::guardians::SignedRecord) -> SignedRecordView {
        SignedRecordView {
            id: s.id,
            method: s.method,
            signed_on_pad: s.signature.is_some(),
            paper_filed_at: s.paper_filed_at.clone(),
            minor_ack: s.minor_ack,
            patient_age: s.patient_age,
            lang: s.lang.clone(),
            recorded: seoul(&s.recorded_at),
            witness: s.witness.clone(),
            guardians: s.guardians.clone(),
            companion: s.companion.clone(),
        }
    }
}

/// What the guardian step shows: the optional items offered for this patient's age (none under
/// 14), the plain-language notice and the registration notice, in the UI's language, exactly as
/// they will be hashed and stored.
#[derive(Debug, Clone, Serialize, TS)]
pub struct GuardianTexts {
    pub items: Vec<jeopsu_core::consent::ConsentText>,
    pub notice: jeopsu_core::consent::Notice,
    pub registration: jeopsu_core::consent::Notice,
    /// The relationships a legal representative can have (a grandparent is a companion).
    pub relationships: Vec<jeopsu_core::guardian::Relationship>,
    /// How a representative can authorise someone else to bring the child.
    pub authorisations: Vec<jeopsu_core::guardian::Authorisation>,
}

/// What registration shows: the notice of what care needs and its legal basis (never asked)
/// and the optional items (asked, never pre-ticked).
#[derive(Debug, Clone, Serialize, TS)]
pub struct RegistrationTexts {
    pub notice: jeopsu_core::consent::Notice,
    pub items: Vec<jeopsu_core::consent::ConsentText>,
}

impl From<jeopsu_store::patients::PatientRecord> for PatientView {
    fn from(r: jeopsu_store::patients::PatientRecord) -> PatientView {
        let in_force: Vec<i64> = jeopsu_store::consents::current(&r.consents)
            .iter()
            .map(|c| c.id)
            .collect();
        let consents = r
            .consents
            .iter()
            .map(|c| ConsentView {
                id: c.id,
                item: c.item,
                granted: c.granted,
                withdrawal: c.is_withdrawal(&r.consents),
                in_force: in_force.contains(&c.id),
                version: c
                    .text_hash
                    .as_deref()
                    .map(|h| jeopsu_core::consent::short_hash(h).to_string()),
                lang: c.lang.clone(),
                signer: c.signer,
                method: c.method,
                recorded: seoul(&c.recorded_at),
                by: c.by.clone(),
            })
            .collect();
        PatientView {
            id: r.id,
            chart_no: r.chart_no,
            name: r.name,
            birth_date: r.birth_date,
            age: r.age,
            gender: r.gender,
            rrn_masked: r.rrn_masked,
            address: r.address,
            phone: r.phone,
            mobile: r.mobile,
            email: r.email,
            service_status: r.service_status,
            created: seoul(&r.created_at),
            updated: seoul(&r.updated_at),
            corrections: r
                .corrections
                .into_iter()
                .map(|c| CorrectionView {
                    at: seoul(&c.at),
                    by: c.by.clone(),
                    fields: c.fields,
                })
                .collect(),
            consents,
            guardian_consent_pending: r.guardian_consent_pending,
            signed_records: r
                .signed_records
                .iter()
                .map(SignedRecordView::from)
                .collect(),
            adult_consent_due: r.adult_consent_due,
            adult_on: r.adult_on,
            offered_items: r.offered_items,
            consent_offers: r.consent_offers,
            visits: r.visits,
            appointments: r.appointments,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use std::path::PathBuf;

    fn out_dir() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/generated")
    }

    /// Every type the UI imports, rendered by ts-rs.
    fn rendered() -> Vec<(&'static str, String)> {
        let cfg = ts_rs::Config::default();
        let mut v = vec![];
        macro_rules! add {
            ($($t:ty),*) => { $( v.push((stringify!($t), <$t as TS>::export_to_string(&cfg).unwrap())); )* };
        }
        add!(
            Phase,
            AppStatus,
            SessionUser,
            NewAccount,
            NewStaffInput,
            StaffRow,
            KeyStatusView,
            RecoverySheetView,
            PhraseAnswer,
            SetupResult,
            AppSettings,
            BackupFile,
            BackupPlace,
            BackupDone,
            RestoreDone,
            jeopsu_store::backup::Step,
            crate::error::IpcError,
            crate::error::FieldError,
            jeopsu_core::Code,
            Role,
            Permission,
            jeopsu_core::clinic::ClinicProfile,
            PatientCheck,
            RrnFacts,
            CorrectionView,
            ConsentView,
            PatientView,
            jeopsu_core::patient::PatientInput,
            jeopsu_core::patient::Age,
            jeopsu_core::patient::Gender,
            jeopsu_core::consent::ConsentItem,
            jeopsu_core::consent::ConsentAction,
            jeopsu_core::consent::ConsentOffer,
            jeopsu_core::consent::ConsentText,
            jeopsu_core::consent::ConsentChoice,
            jeopsu_store::patients::PatientHit,
            jeopsu_store::patients::Registered,
            jeopsu_store::consents::Signer,
            jeopsu_store::consents::Method,
            jeopsu_core::guardian::Guardian,
            SignedRecordView,
            GuardianTexts,
            RegistrationTexts,
            jeopsu_core::consent::Notice,
            jeopsu_core::guardian::Relationship,
            jeopsu_core::guardian::Verification,
            jeopsu_core::guardian::SignMethod,
            jeopsu_core::guardian::Signature,
            jeopsu_core::guardian::GuardianInput,
            jeopsu_core::guardian::GuardianConsentInput,
            jeopsu_core::cctv::Location,
            jeopsu_core::cctv::Person,
            jeopsu_core::cctv::CctvSetup,
            jeopsu_core::cctv::Retention,
            jeopsu_core::cctv::RetentionUnit,
            jeopsu_core::cctv::CameraWarning,
            jeopsu_core::cctv::PlaceConcern,
            jeopsu_core::cctv::DestructionMethod,
            jeopsu_core::cctv::RequestKind,
            jeopsu_core::cctv::Relation,
            jeopsu_core::cctv::IdCheck,
            jeopsu_core::cctv::RequestInput,
            jeopsu_core::cctv::Request,
            jeopsu_core::cctv::FootageOutlook,
            jeopsu_core::cctv::Decision,
            jeopsu_core::cctv::RefusalGround,
            jeopsu_core::cctv::DecisionInput,
            jeopsu_core::cctv::DecisionRecord,
            jeopsu_core::cctv::ViewingInput,
            jeopsu_core::cctv::ViewingRecord,
            jeopsu_core::cctv::DeletionInput,
            jeopsu_core::cctv::DeletionRecord,
            jeopsu_core::cctv::Event,
            jeopsu_core::cctv::Status,
            jeopsu_core::cctv::Preservation,
            jeopsu_core::cctv::Progress,
            jeopsu_core::cctv::StepKind,
            jeopsu_core::cctv::LedgerKind,
            jeopsu_core::cctv::LedgerReason,
            jeopsu_core::cctv::LegalBasis,
            jeopsu_core::cctv::LedgerInput,
            jeopsu_core::cctv::LedgerRow,
            jeopsu_store::cctv::RequestSummary,
            jeopsu_store::cctv::HistoryRow,
            jeopsu_store::cctv::Clash,
            jeopsu_store::cctv::RequestView,
            jeopsu_store::cctv::RequestStep,
            jeopsu_core::privacy::PrivacyKind,
            jeopsu_core::privacy::Capacity,
            jeopsu_core::privacy::AuthorityCheck,
            jeopsu_core::privacy::Target,
            jeopsu_core::privacy::PrivacyRequestInput,
            jeopsu_core::privacy::PrivacyRequest,
            jeopsu_core::privacy::Outcome,
            jeopsu_core::privacy::AnswerInput,
            jeopsu_core::privacy::Answer,
            jeopsu_core::privacy::KeptByLaw,
            jeopsu_core::privacy::Category,
            jeopsu_core::privacy::RetentionRule,
            jeopsu_store::privacy::PrivacySummary,
            jeopsu_store::privacy::PrivacyView,
            jeopsu_store::retention::Due,
            jeopsu_store::retention::Destruction,
            jeopsu_store::retention::PaperOriginal,
            jeopsu_store::retention::DuePatient,
            jeopsu_core::guardian::Authorisation,
            jeopsu_core::visit::VisitStatus,
            jeopsu_core::visit::IdCheckMethod,
            jeopsu_core::visit::IdCheckInput,
            jeopsu_core::visit::IdCheckRecord,
            jeopsu_store::visits::CheckinInput,
            jeopsu_store::visits::VisitRow,
            jeopsu_store::visits::CheckinHint,
            jeopsu_store::visits::DisplayRow,
            jeopsu_store::appointments::AppointmentRow,
            jeopsu_core::appointment::AppointmentInput,
            jeopsu_core::appointment::AppointmentStatus,
            jeopsu_core::appointment::CallerInput,
            jeopsu_core::cctv::CopyDestruction,
            jeopsu_core::cctv::FilmedPerson,
            jeopsu_core::cctv::CopyDestructionInput,
            jeopsu_core::consent::ConsentPolicy,
            jeopsu_core::guardian::CompanionInput,
            jeopsu_core::guardian::Companion,
            jeopsu_core::privacy::paper::ShreddingInput,
            jeopsu_core::privacy::paper::ShredMethod,
            jeopsu_core::review::Flag,
            jeopsu_store::review::ReviewRow,
            jeopsu_store::review::ReviewPage,
            jeopsu_store::review::Review,
            crate::commands::privacy::ReviewFilterInput,
            jeopsu_store::privacy::ActiveHold,
            jeopsu_store::privacy::CorrectionRef,
            BackupStatusView,
            jeopsu_store::backup_schedule::BackupStatus,
            jeopsu_store::backup_schedule::BackupCopy,
            jeopsu_store::backup_schedule::OtherCopy,
            jeopsu_store::backup_schedule::DrillResult,
            jeopsu_store::backup_schedule::CopyCounts,
            jeopsu_core::backup::Rotation,
            jeopsu_core::backup::Warning,
            jeopsu_store::backup::SafetyCopy
        );
        v
    }

    #[test]
    fn passwords_never_print() {
        let a = NewAccount {
            username: "kim".into(),
            display_name: "김".into(),
            password: "secret password 1".into(),
        };
        assert!(!format!("{a:?}").contains("secret"));
        let s = NewStaffInput {
            username: "lee".into(),
            display_name: "이".into(),
            role: Role::Reception,
            password: "secret password 2".into(),
        };
        assert!(!format!("{s:?}").contains("secret"));
    }

    #[test]
    fn generated_types_are_current() {
        let write = std::env::var("JEOPSU_WRITE_TYPES").is_ok();
        // One file per type name: two types with the same last name would overwrite each other.
        let mut names: Vec<&str> = rendered()
            .into_iter()
            .map(|(n, _)| n.rsplit("::").next().unwrap_or(n))
            .collect();
        names.sort_unstable();
        let before = names.len();
        names.dedup();
        assert_eq!(before, names.len(), "two generated types share a file name");
        let mut stale = vec![];
        for (name, text) in rendered() {
            let file = out_dir().join(format!("{}.ts", name.rsplit("::").next().unwrap_or(name)));
            if write {
                std::fs::create_dir_all(out_dir()).unwrap();
                std::fs::write(&file, &text).unwrap();
            } else if std::fs::read_to_string(&file).ok().as_deref() != Some(text.as_str()) {
                stale.push(file.display().to_string());
            }
        }
        assert!(
            stale.is_empty(),
            "generated TypeScript is out of date (run `make types`): {stale:?}"
        );
    }
}
