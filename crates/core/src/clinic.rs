//! The clinic's profile: its name and the officers its privacy policy names. The defaults come
//! from the clinic's own policy (privacy officer = the director; video-information officer and
//! access authority as named there) and are editable at setup.

use crate::field::FieldMessage;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
/// The clinic as its privacy policy names it: printed on every form and notice.
pub struct ClinicProfile {
    /// The clinic's name (의원 이름).
    pub name: String,
    /// 개인정보 보호책임자: the policy names the position ("원장"), not a person.
    pub privacy_officer: String,
    /// How to reach the privacy officer (a telephone number).
    pub privacy_officer_contact: String,
    /// 개인영상정보 관리책임자 (the CCTV officer).
    pub cctv_officer: String,
    /// How to reach the CCTV officer.
    pub cctv_officer_contact: String,
    /// Person with CCTV access authority.
    pub cctv_access: String,
    /// How to reach the person with CCTV access authority.
    pub cctv_access_contact: String,
    /// The clinic confirmed the officers' names as printed: the policy gives them romanised
    /// (Ha Eun-hwan), so the Hangul defaults are a guess until someone at the clinic says so.
    #[serde(default)]
    pub names_confirmed: bool,
}

impl ClinicProfile {
    /// The values the clinic's published policy states.
    pub fn policy_defaults() -> ClinicProfile {
        ClinicProfile {
            name: "뮤즈클리닉".into(),
            privacy_officer: "원장".into(),
            privacy_officer_contact: "1544-2994".into(),
            cctv_officer: "하은환".into(),
            cctv_officer_contact: "1544-2994".into(),
            cctv_access: "김현식 (원장)".into(),
            cctv_access_contact: "1544-2994".into(),
            names_confirmed: false,
        }
    }

    /// Trims and NFC-normalises every field; returns the names of fields that are empty or
    /// longer than 80 characters.
    pub fn normalised(&self) -> Result<ClinicProfile, Vec<crate::FieldProblem>> {
        use crate::FieldProblem as P;
        let mut bad = vec![];
        let mut f = |name: &'static str, v: &str| -> String {
            let t: String = v.trim().nfc().collect();
            if t.is_empty() {
                bad.push(P::new(name, FieldMessage::Required));
            } else if t.chars().count() > 80 {
                bad.push(P::new(name, FieldMessage::TooLong).arg("max", 80usize));
            } else if t.chars().any(char::is_control) {
                bad.push(P::new(name, FieldMessage::ControlChars));
            }
            t
        };
        let p = ClinicProfile {
            name: f("name", &self.name),
            privacy_officer: f("privacy_officer", &self.privacy_officer),
            privacy_officer_contact: f("privacy_officer_contact", &self.privacy_officer_contact),
            cctv_officer: f("cctv_officer", &self.cctv_officer),
            cctv_officer_contact: f("cctv_officer_contact", &self.cctv_officer_contact),
            cctv_access: f("cctv_access", &self.cctv_access),
            cctv_access_contact: f("cctv_access_contact", &self.cctv_access_contact),
            names_confirmed: self.names_confirmed,
        };
        if !self.names_confirmed {
            bad.push(P::new("names_confirmed", FieldMessage::NamesConfirm));
        }
        if bad.is_empty() { Ok(p) } else { Err(bad) }
    }
}

/// Minutes without input before the screen locks. Default 5 (issue: idle lock).
pub const IDLE_LOCK_DEFAULT_MINUTES: u32 = 5;
/// The idle lock the settings accept, in minutes.
pub const IDLE_LOCK_RANGE: std::ops::RangeInclusive<u32> = 1..=60;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_defaults_are_saved_only_once_the_names_are_confirmed() {
        // The defaults are the policy's, but the Hangul spelling of its romanised names is a
        // guess: a profile is saved only once the clinic confirmed them.
        let defaults = ClinicProfile::policy_defaults();
        assert_eq!(
            defaults.normalised().unwrap_err()[0].message_id(),
            "field-names-confirm"
        );
        assert!(
            ClinicProfile {
                names_confirmed: true,
                ..defaults
            }
            .normalised()
            .is_ok()
        );
    }

    #[test]
    fn empty_fields_are_named() {
        let mut p = ClinicProfile::policy_defaults();
        p.name = "   ".into();
        p.cctv_officer = String::new();
        p.cctv_access = "가".repeat(81);
        p.names_confirmed = true;
        let bad = p.normalised().unwrap_err();
        let got: Vec<_> = bad.iter().map(|b| (b.field, b.message_id())).collect();
        assert_eq!(
            got,
            [
                ("name", "field-required"),
                ("cctv_officer", "field-required"),
                ("cctv_access", "field-too-long")
            ]
        );
    }
}
