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
use crate::field::FieldProblem as P;
use crate::patient::{Age, parse_name, phone::Phone};
#[cfg(test)]
use chrono::NaiveDate;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

/// At most this many guardians per record (docs/LAW.md "Minors": both parents may sign).
pub const MAX_GUARDIANS: usize = 2;
const NOTE_MAX_CHARS: usize = 200;
/// Bounds a signature so a stuck pen cannot fill the database.
pub const MAX_STROKES: usize = 200;
pub const MAX_POINTS: usize = 20_000;
/// Ink shorter than this (in pad units, the pad being about 1000 wide) is a tap, not a signature.
const MIN_INK: f32 = 40.0;

/// How the guardian is related to the patient. A legal representative (docs/LAW.md "Minors") is
/// a parent with parental authority (친권자) or a court-appointed guardian (미성년후견인).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Relationship {
    Mother,
    Father,
    LegalGuardian,
    /// Described in `relationship_other`. History only: records from before this version; a
    /// grandparent or an aunt is not a legal representative and is recorded as a [`Companion`].
    Other,
}

impl Relationship {
    /// The relationships a legal representative can have: what the guardian step offers.
    pub const REPRESENTATIVES: [Relationship; 3] = [
        Relationship::Mother,
        Relationship::Father,
        Relationship::LegalGuardian,
    ];

    pub const ALL: [Relationship; 4] = [
        Relationship::Mother,
        Relationship::Father,
        Relationship::LegalGuardian,
        Relationship::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Relationship::Mother => "mother",
            Relationship::Father => "father",
            Relationship::LegalGuardian => "legal-guardian",
            Relationship::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Relationship> {
        Relationship::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

/// How the guardian's identity and relationship were checked (Decree 17-2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Verification {
    /// An ID card seen in person.
    IdInPerson,
    /// A family relation certificate (가족관계증명서).
    FamilyCertificate,
    /// A phone call: who called whom (`note`) and when (`called_at`).
    Phone,
    /// Described in `note`.
    Other,
}

impl Verification {
    pub const ALL: [Verification; 4] = [
        Verification::IdInPerson,
        Verification::FamilyCertificate,
        Verification::Phone,
        Verification::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Verification::IdInPerson => "id-in-person",
            Verification::FamilyCertificate => "family-certificate",
            Verification::Phone => "phone",
            Verification::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Verification> {
        Verification::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

/// One guardian as typed at the desk. Every field is text so a bad value comes back as a
/// field-level message, never as a failure to read the form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GuardianInput {
    pub name: String,
    /// `mother`, `father`, `legal-guardian` or `other`.
    pub relationship: String,
    /// Required when `relationship` is `other`.
    pub relationship_other: String,
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
    pub name: String,
    pub relationship: Relationship,
    pub relationship_other: Option<String>,
    /// Normalised (`010-1234-5678`).
    pub mobile: String,
    pub verification: Verification,
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
                problems.push(P::new(f.relationship, "field-guardian-not-representative"));
                None
            }
            None => {
                problems.push(P::new(f.relationship, "field-choose-one"));
                None
            }
        };
        let relationship_other = None;
        let mobile = if self.mobile.trim().is_empty() {
            problems.push(P::new(f.mobile, "field-required"));
            None
        } else {
            match Phone::parse(&self.mobile) {
                Some(p) if p.is_mobile() => Some(p.as_str().to_string()),
                Some(_) => {
                    problems.push(P::new(f.mobile, "field-mobile-not-mobile"));
                    None
                }
                None => {
                    problems.push(P::new(f.mobile, "field-phone-format"));
                    None
                }
            }
        };
        let verification = match Verification::parse(self.verification.trim()) {
            Some(v) => Some(v),
            None => {
                problems.push(P::new(f.verification, "field-choose-one"));
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
        return Err(P::new(field, "field-date-future"));
    }
    Ok(crate::field::minute_text(at))
}

/// A signature as drawn: strokes of `[x, y]` points in the pad's coordinates, `(0, 0)` top left.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Signature {
    pub width: f32,
    pub height: f32,
    pub strokes: Vec<Vec<[f32; 2]>>,
}

impl Signature {
    /// A drawn signature that can be stored: inside its pad, bounded in size, and more than a tap.
    pub fn check(&self) -> Result<(), P> {
        let sane = |v: f32, max: f32| v.is_finite() && (0.0..=max).contains(&v);
        let size_ok = self.width.is_finite()
            && self.height.is_finite()
            && (50.0..=4000.0).contains(&self.width)
            && (20.0..=4000.0).contains(&self.height);
        let points: usize = self.strokes.iter().map(Vec::len).sum();
        if !size_ok
            || self.strokes.len() > MAX_STROKES
            || points > MAX_POINTS
            || !self
                .strokes
                .iter()
                .flatten()
                .all(|[x, y]| sane(*x, self.width) && sane(*y, self.height))
        {
            return Err(P::new("signature", "field-signature-invalid"));
        }
        // Ink length, scaled to a pad 1000 units wide.
        let scale = 1000.0 / self.width;
        let ink: f32 = self
            .strokes
            .iter()
            .flat_map(|s| s.windows(2))
            .map(|w| ((w[1][0] - w[0][0]).hypot(w[1][1] - w[0][1])) * scale)
            .sum();
        if ink < MIN_INK {
            return Err(P::new("signature", "field-signature-empty"));
        }
        Ok(())
    }
}

/// How the guardian signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum SignMethod {
    /// On the signature pad (the consultation-room laptop).
    Pad,
    /// On the printed form; staff confirm the signed paper was received and where it is filed.
    Paper,
}

impl SignMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            SignMethod::Pad => "pad",
            SignMethod::Paper => "paper",
        }
    }

    pub fn parse(text: &str) -> Option<SignMethod> {
        match text {
            "pad" => Some(SignMethod::Pad),
            "paper" => Some(SignMethod::Paper),
            _ => None,
        }
    }
}

word_enum!(
    /// How the legal representative authorised the person who came with the child.
    Authorisation {
        /// A signed letter of authorisation (위임장), kept with the paper form.
        Letter = "letter",
        /// A phone call to the representative: who called whom (`note`) and when (`called_at`).
        Phone = "phone",
        /// Described in `note`.
        Other = "other",
    }
);

/// Someone who is not the legal representative (a grandparent, an aunt) came with the child, as
/// typed at the desk. They may accompany the child on the representative's authorisation; they
/// never sign as the representative (docs/LAW.md "Minors").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CompanionInput {
    pub name: String,
    /// How they are related to the child, in words (할머니, 이모).
    pub relationship: String,
    /// `letter`, `phone` or `other`.
    pub authorisation: String,
    /// For `phone`: who called whom; for `other`: how; optional for `letter`.
    pub note: String,
    /// For `phone`: when, `YYYY-MM-DD HH:MM` Seoul time.
    pub called_at: String,
}

/// A checked companion, as kept on the signed record and printed on its form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Companion {
    pub name: String,
    pub relationship: String,
    pub authorisation: Authorisation,
    pub note: Option<String>,
    pub called_at: Option<String>,
}

impl CompanionInput {
    pub fn validate(&self, now: NaiveDateTime) -> Result<Companion, Vec<P>> {
        let mut problems = vec![];
        let name = parse_name(&self.name)
            .map_err(|mut p| {
                p.field = "companion_name";
                problems.push(p)
            })
            .ok();
        let relationship = note("companion_relationship", &self.relationship, true)
            .map_err(|p| problems.push(p))
            .ok()
            .flatten();
        let authorisation = crate::field::choose(
            "companion_authorisation",
            Authorisation::parse(self.authorisation.trim()),
            &mut problems,
        );
        let note_text = note(
            "companion_note",
            &self.note,
            matches!(
                authorisation,
                Some(Authorisation::Phone | Authorisation::Other)
            ),
        )
        .map_err(|p| problems.push(p))
        .ok()
        .flatten();
        let called_at = if authorisation == Some(Authorisation::Phone) {
            parse_called_at("companion_called_at", &self.called_at, now)
                .map_err(|p| problems.push(p))
                .ok()
        } else {
            None
        };
        match (name, relationship, authorisation) {
            (Some(name), Some(relationship), Some(authorisation)) if problems.is_empty() => {
                Ok(Companion {
                    name,
                    relationship,
                    authorisation,
                    note: note_text,
                    called_at,
                })
            }
            _ => Err(problems),
        }
    }
}

/// The guardian step as sent by the screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GuardianConsentInput {
    pub guardians: Vec<GuardianInput>,
    /// The legal representative's answers to the optional items offered.
    pub choices: Vec<ConsentChoice>,
    /// From 14 to 18: the minor's own answers to the same items (ignored under 14).
    #[serde(default)]
    pub minor_choices: Vec<ConsentChoice>,
    /// 14 to 18: the minor read the plain-language form and acknowledged it.
    pub minor_ack: bool,
    /// The hash of the plain-language text that was shown.
    pub notice_hash: String,
    /// The hash of the registration notice that was shown (what care needs, its legal basis).
    #[serde(default)]
    pub registration_notice_hash: String,
    /// `pad` or `paper`.
    pub method: String,
    pub signature: Option<Signature>,
    /// Paper: where the signed form is filed.
    pub paper_filed_at: String,
    /// Someone else came with the child on the representative's authorisation; the
    /// representative then signs on paper (the companion never signs).
    #[serde(default)]
    pub companion: Option<CompanionInput>,
}

/// From 14 to 18, each one's answer per optional item. The use in force is "yes" only where both
/// said yes; this keeps what each said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeenAnswers {
    pub representative: Vec<(crate::consent::ConsentItem, bool)>,
    pub minor: Vec<(crate::consent::ConsentItem, bool)>,
}

/// A checked guardian step, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct GuardianConsent {
    pub guardians: Vec<Guardian>,
    /// The optional uses in force from this record: from 14 to 18 a "yes" only where the legal
    /// representative *and* the minor said yes (docs/LAW.md "Minors").
    pub decisions: Vec<ConsentDecision>,
    /// From 14 to 18: what each of them answered, per item (kept on the record as evidence);
    /// `None` under 14.
    pub teen_answers: Option<TeenAnswers>,
    /// `Some(true)` from 14 to 18; `None` under 14 (not asked).
    pub minor_ack: Option<bool>,
    pub notice_hash: String,
    pub method: SignMethod,
    pub signature: Option<Signature>,
    pub paper_filed_at: Option<String>,
    pub companion: Option<Companion>,
}

impl GuardianConsentInput {
    /// Checks the step for a patient of `age` against the wording current now (`texts`, and the
    /// hashes of the plain-language notice and the registration notice in the same language).
    /// Reports every problem.
    pub fn validate(
        &self,
        age: Age,
        policy: crate::consent::ConsentPolicy,
        texts: &[ConsentText],
        current_notice_hash: &str,
        current_registration_hash: &str,
        now: NaiveDateTime,
    ) -> Result<GuardianConsent, Vec<P>> {
        let mut problems = vec![];
        if !age.minor {
            problems.push(P::new("guardians", "field-guardian-adult"));
        }
        let mut guardians = vec![];
        if self.guardians.is_empty() {
            problems.push(P::new("guardian1_name", "field-required"));
        }
        if self.guardians.len() > MAX_GUARDIANS {
            problems.push(P::new("guardians", "field-guardian-too-many").arg("max", MAX_GUARDIANS));
        }
        for (i, g) in self.guardians.iter().take(MAX_GUARDIANS).enumerate() {
            match g.validate(i, now) {
                Ok(g) => guardians.push(g),
                Err(p) => problems.extend(p),
            }
        }
        let teen = age.minor && !age.child;
        let offered = crate::consent::offered_texts(policy, age, texts);
        let decisions = check_choices(&self.choices, &offered)
            .map_err(|p| problems.extend(p))
            .ok();
        // From 14 the minor decides too: a use needs both "yes", and what each said is kept.
        // Both answer lists follow `offered`, item for item.
        let minor = teen
            .then(|| {
                check_choices(&self.minor_choices, &offered)
                    .map_err(|p| {
                        problems.extend(p.into_iter().map(|mut p| {
                            p.field = "minor_choices";
                            p
                        }))
                    })
                    .ok()
            })
            .flatten();
        let said = |ds: &[ConsentDecision]| ds.iter().map(|d| (d.text.item, d.granted)).collect();
        let teen_answers = match (&decisions, &minor) {
            (Some(r), Some(m)) => Some(TeenAnswers {
                representative: said(r),
                minor: said(m),
            }),
            _ => None,
        };
        let decisions = decisions.map(|mut ds| {
            for (d, m) in ds.iter_mut().zip(minor.iter().flatten()) {
                d.granted &= m.granted;
            }
            ds
        });
        if self.notice_hash != current_notice_hash
            || self.registration_notice_hash != current_registration_hash
        {
            problems.push(P::new("minor_ack", "field-consent-changed"));
        }
        let minor_ack = if teen {
            if !self.minor_ack {
                problems.push(P::new("minor_ack", "field-minor-ack"));
            }
            Some(true)
        } else {
            None
        };
        let method = SignMethod::parse(self.method.trim());
        let mut signature = None;
        let mut paper_filed_at = None;
        match method {
            None => problems.push(P::new("method", "field-choose-one")),
            Some(SignMethod::Pad) => match &self.signature {
                None => problems.push(P::new("signature", "field-signature-empty")),
                Some(s) => match s.check() {
                    Ok(()) => signature = Some(s.clone()),
                    Err(p) => problems.push(p),
                },
            },
            Some(SignMethod::Paper) => match note("paper_filed_at", &self.paper_filed_at, true) {
                Ok(n) => paper_filed_at = n,
                Err(p) => problems.push(p),
            },
        }
        let companion = match &self.companion {
            None => None,
            Some(c) => {
                if method == Some(SignMethod::Pad) {
                    problems.push(P::new("method", "field-companion-cannot-sign"));
                }
                c.validate(now).map_err(|p| problems.extend(p)).ok()
            }
        };
        match (decisions, method) {
            (Some(decisions), Some(method)) if problems.is_empty() => Ok(GuardianConsent {
                guardians,
                decisions,
                teen_answers,
                minor_ack,
                notice_hash: self.notice_hash.clone(),
                method,
                signature,
                paper_filed_at,
                companion,
            }),
            _ => Err(problems),
        }
    }
}

#[cfg(test)]
mod tests;
