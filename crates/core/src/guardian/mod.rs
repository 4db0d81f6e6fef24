//! A minor's legal representative (법정대리인) and the consent they give (docs/LAW.md
//! "Minors"; PIPA Art. 22-2; the clinic's promise in the policy, section 1).
//!
//! Under 14 the guardian's consent *is* the consent; from 14 to 18 the minor also acknowledges the
//! plain-language form and the guardian consents. Either way the patient's consent counts only
//! once this step is complete. From a child only the guardian's name and contact are asked.
//!
//! The signature is kept as vectors (strokes of points in the pad's own coordinates) so the
//! paper copy redraws it crisply at any size.

use crate::consent::{ConsentChoice, ConsentDecision, ConsentText, check_choices};
use crate::field::FieldMessage;
use crate::field::FieldProblem as P;
use crate::patient::{Age, parse_name, phone::Phone};
#[cfg(test)]
use chrono::NaiveDate;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

mod consent;
mod signature;

pub use consent::*;
pub use signature::*;

/// At most this many guardians per record (docs/LAW.md "Minors": both parents may sign).
pub const MAX_GUARDIANS: usize = 2;
const NOTE_MAX_CHARS: usize = 200;
/// Bounds a signature so a stuck pen cannot fill the database.
pub const MAX_STROKES: usize = 200;
/// Bounds the points of all strokes together, for the same reason.
pub const MAX_POINTS: usize = 20_000;
/// Ink shorter than this (in pad units, the pad being about 1000 wide) is a tap, not a signature.
const MIN_INK: f32 = 40.0;

word_enum! {
    /// How the guardian is related to the patient. A legal representative (docs/LAW.md
    /// "Minors") is a parent with parental authority (친권자) or a court-appointed guardian
    /// (미성년후견인).
    Relationship {
        /// The mother, with parental authority.
        Mother = "mother",
        /// The father, with parental authority.
        Father = "father",
        /// A guardian appointed by a court (미성년후견인).
        LegalGuardian = "legal-guardian",
        /// Described in `relationship_other`. History only: records from before this version; a
        /// grandparent or an aunt is not a legal representative and is recorded as a
        /// [`Companion`].
        Other = "other",
    }
}

impl Relationship {
    /// The relationships a legal representative can have: what the guardian step offers.
    pub const REPRESENTATIVES: [Relationship; 3] = [
        Relationship::Mother,
        Relationship::Father,
        Relationship::LegalGuardian,
    ];
}

word_enum! {
    /// How the guardian's identity and relationship were checked (Decree 17-2).
    Verification {
        /// An ID card seen in person.
        IdInPerson = "id-in-person",
        /// A family relation certificate (가족관계증명서).
        FamilyCertificate = "family-certificate",
        /// A phone call: who called whom (`note`) and when (`called_at`).
        Phone = "phone",
        /// Described in `note`.
        Other = "other",
    }
}

/// One guardian as typed at the desk. Every field is text so a bad value comes back as a
/// field-level message, never as a failure to read the form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GuardianInput {
    /// The guardian's name.
    pub name: String,
    /// `mother`, `father`, `legal-guardian` or `other`.
    pub relationship: String,
    /// Required when `relationship` is `other`.
    pub relationship_other: String,
    /// The guardian's mobile number, as typed.
    pub mobile: String,
    /// `id-in-person`, `family-certificate`, `phone` or `other`.
    pub verification: String,
    /// For `phone`: who called whom; for `other`: what was checked.
    pub verification_note: String,
    /// For `phone`: when, `YYYY-MM-DD HH:MM` Seoul time.
    pub called_at: String,
}

/// A checked guardian, as stored on a signed record and printed on its form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Guardian {
    /// The guardian's name.
    pub name: String,
    /// Their relation to the patient.
    pub relationship: Relationship,
    /// The relation in words, for `other` (old records only).
    pub relationship_other: Option<String>,
    /// Normalised (`010-1234-5678`).
    pub mobile: String,
    /// How identity and relationship were checked.
    pub verification: Verification,
    /// Who called whom (`phone`), or what was checked (`other`).
    pub verification_note: Option<String>,
    /// `YYYY-MM-DD HH:MM`, Seoul time.
    pub called_at: Option<String>,
}

/// The field names of the first and the second guardian, as the form knows them.
struct Fields {
    name: &'static str,
    relationship: &'static str,
    mobile: &'static str,
    verification: &'static str,
    verification_note: &'static str,
    called_at: &'static str,
}

const FIELDS: [Fields; MAX_GUARDIANS] = [
    Fields {
        name: "guardian1_name",
        relationship: "guardian1_relationship",
        mobile: "guardian1_mobile",
        verification: "guardian1_verification",
        verification_note: "guardian1_verification_note",
        called_at: "guardian1_called_at",
    },
    Fields {
        name: "guardian2_name",
        relationship: "guardian2_relationship",
        mobile: "guardian2_mobile",
        verification: "guardian2_verification",
        verification_note: "guardian2_verification_note",
        called_at: "guardian2_called_at",
    },
];

fn note(field: &'static str, text: &str, required: bool) -> Result<Option<String>, P> {
    crate::field::text(field, text, NOTE_MAX_CHARS, required)
}

impl GuardianInput {
    /// Checks guardian number `index` (0 or 1); `now` is Seoul local time (a call cannot be in
    /// the future). Reports every problem.
    pub fn validate(&self, index: usize, now: NaiveDateTime) -> Result<Guardian, Vec<P>> {
        let f = &FIELDS[index.min(MAX_GUARDIANS - 1)];
        let mut problems = vec![];
        let name = parse_name(&self.name)
            .map_err(|mut p| {
                p.field = f.name;
                problems.push(p)
            })
            .ok();
        let relationship = match Relationship::parse(self.relationship.trim()) {
            Some(r) if Relationship::REPRESENTATIVES.contains(&r) => Some(r),
            Some(_) => {
                problems.push(P::new(
                    f.relationship,
                    FieldMessage::GuardianNotRepresentative,
                ));
                None
            }
            None => {
                problems.push(P::new(f.relationship, FieldMessage::ChooseOne));
                None
            }
        };
        let relationship_other = None;
        let mobile = if self.mobile.trim().is_empty() {
            problems.push(P::new(f.mobile, FieldMessage::Required));
            None
        } else {
            match Phone::parse(&self.mobile) {
                Some(p) if p.is_mobile() => Some(p.as_str().to_string()),
                Some(_) => {
                    problems.push(P::new(f.mobile, FieldMessage::MobileNotMobile));
                    None
                }
                None => {
                    problems.push(P::new(f.mobile, FieldMessage::PhoneFormat));
                    None
                }
            }
        };
        let verification = match Verification::parse(self.verification.trim()) {
            Some(v) => Some(v),
            None => {
                problems.push(P::new(f.verification, FieldMessage::ChooseOne));
                None
            }
        };
        let needs_note = matches!(
            verification,
            Some(Verification::Phone | Verification::Other)
        );
        let verification_note = note(f.verification_note, &self.verification_note, needs_note)
            .map_err(|p| problems.push(p))
            .ok()
            .flatten();
        let called_at = if verification == Some(Verification::Phone) {
            parse_called_at(f.called_at, &self.called_at, now)
                .map_err(|p| problems.push(p))
                .ok()
        } else {
            None
        };
        match (name, relationship, mobile, verification) {
            (Some(name), Some(relationship), Some(mobile), Some(verification))
                if problems.is_empty() =>
            {
                Ok(Guardian {
                    name,
                    relationship,
                    relationship_other,
                    mobile,
                    verification,
                    verification_note,
                    called_at,
                })
            }
            _ => Err(problems),
        }
    }
}

fn parse_called_at(field: &'static str, text: &str, now: NaiveDateTime) -> Result<String, P> {
    let at = crate::field::minute(field, text)?;
    if at > now {
        return Err(P::new(field, FieldMessage::DateFuture));
    }
    Ok(crate::field::minute_text(at))
}

#[cfg(test)]
mod tests;
