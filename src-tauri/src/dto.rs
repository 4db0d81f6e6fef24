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

#[derive(Debug, Clone, Deserialize, TS)]
pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    pub password: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
pub struct NewStaffInput {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub password: String,
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
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct AppSettings {
    pub idle_lock_minutes: u32,
    pub clinic: jeopsu_core::clinic::ClinicProfile,
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
            PhraseAnswer,
            SetupResult,
            AppSettings,
            crate::error::IpcError,
            jeopsu_core::Code,
            Role,
            Permission,
            jeopsu_core::clinic::ClinicProfile
        );
        v
    }

    #[test]
    fn generated_types_are_current() {
        let write = std::env::var("JEOPSU_WRITE_TYPES").is_ok();
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
