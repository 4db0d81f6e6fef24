//! The guardian step as recorded: who came with the minor, the teen's own answers, and the whole
//! consent checked against the wording shown.

use super::*;
use crate::field::FieldMessage;

/// Someone who is not the legal representative (a grandparent, an aunt) came with the child, as
/// typed at the desk. They may accompany the child on the representative's authorisation; they
/// never sign as the representative (docs/LAW.md "Minors").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CompanionInput {
    /// The companion's name.
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
    /// The companion's name.
    pub name: String,
    /// How they are related to the child, in words.
    pub relationship: String,
    /// How the representative authorised them.
    pub authorisation: Authorisation,
    /// Who called whom (`phone`), how (`other`), or a remark (`letter`).
    pub note: Option<String>,
    /// For `phone`: when, `YYYY-MM-DD HH:MM` Seoul time.
    pub called_at: Option<String>,
}

impl CompanionInput {
    /// Checks the companion: a name, a relation in words, an authorisation, and its note and time
    /// when it was by phone.
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
    /// The legal representatives present or signing (one or two, [`MAX_GUARDIANS`]).
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
    /// The drawn signature, for `pad`.
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
    /// The representative's answer per item.
    pub representative: Vec<(crate::consent::ConsentItem, bool)>,
    /// The minor's own answer per item.
    pub minor: Vec<(crate::consent::ConsentItem, bool)>,
}

/// A checked guardian step, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct GuardianConsent {
    /// The legal representatives.
    pub guardians: Vec<Guardian>,
    /// The optional uses in force from this record: from 14 to 18 a "yes" only where the legal
    /// representative *and* the minor said yes (docs/LAW.md "Minors").
    pub decisions: Vec<ConsentDecision>,
    /// From 14 to 18: what each of them answered, per item (kept on the record as evidence);
    /// `None` under 14.
    pub teen_answers: Option<TeenAnswers>,
    /// `Some(true)` from 14 to 18; `None` under 14 (not asked).
    pub minor_ack: Option<bool>,
    /// The hash of the plain-language notice that was shown.
    pub notice_hash: String,
    /// Signed on the pad or on paper.
    pub method: SignMethod,
    /// The drawn signature, for the pad.
    pub signature: Option<Signature>,
    /// Where the signed paper form is filed, for paper.
    pub paper_filed_at: Option<String>,
    /// Who came with the child, when it was not the representative.
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
            problems.push(P::new("guardians", FieldMessage::GuardianAdult));
        }
        let mut guardians = vec![];
        if self.guardians.is_empty() {
            problems.push(P::new("guardian1_name", FieldMessage::Required));
        }
        if self.guardians.len() > MAX_GUARDIANS {
            problems
                .push(P::new("guardians", FieldMessage::GuardianTooMany).arg("max", MAX_GUARDIANS));
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
            problems.push(P::new("minor_ack", FieldMessage::ConsentChanged));
        }
        let minor_ack = if teen {
            if !self.minor_ack {
                problems.push(P::new("minor_ack", FieldMessage::MinorAck));
            }
            Some(true)
        } else {
            None
        };
        let method = SignMethod::parse(self.method.trim());
        let mut signature = None;
        let mut paper_filed_at = None;
        match method {
            None => problems.push(P::new("method", FieldMessage::ChooseOne)),
            Some(SignMethod::Pad) => match &self.signature {
                None => problems.push(P::new("signature", FieldMessage::SignatureEmpty)),
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
                    problems.push(P::new("method", FieldMessage::CompanionCannotSign));
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
