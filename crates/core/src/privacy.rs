//! Requests from patients and their representatives about their own data (PIPA Art. 35-38;
//! docs/COMPLIANCE.md "Data-subject requests"), and how long each kind of record is kept
//! (docs/LAW.md "Retention").
//!
//! A request is taken in (who asks, in what capacity, how identity or authority was checked,
//! what is asked), answered within 10 days, and its answer says what was done, or why not and
//! how to object. Deleting what a law requires to keep is refused naming the law and the date
//! until which it is kept; the record is then destroyed at that date by the retention run.

use crate::field::FieldMessage;
use crate::field::{FieldProblem as P, choose, minute_text, text};
use crate::patient::parse_name;
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

const SHORT: usize = 80;
const LONG: usize = 1000;

word_enum!(
    /// What the person asks for.
    PrivacyKind {
        /// 열람: see everything held about them.
        Access = "access",
        /// 정정: correct a detail.
        Correction = "correction",
        /// 삭제: delete.
        Deletion = "deletion",
        /// 처리정지: stop processing.
        ProcessingStop = "processing-stop",
        /// 동의 철회: withdraw a consent.
        ConsentWithdrawal = "consent-withdrawal",
    }
);

word_enum!(
    /// In what capacity the requester asks.
    Capacity {
        /// The patient themself.
        Subject = "subject",
        /// A minor's legal representative.
        LegalRepresentative = "legal-representative",
        /// Someone the patient authorised in writing (power of attorney).
        Delegate = "delegate",
    }
);

word_enum!(
    /// How the requester's identity or authority was checked.
    AuthorityCheck {
        /// A national identity card (주민등록증).
        IdCard = "id-card",
        /// A driver's licence.
        DriverLicence = "driver-licence",
        /// A passport.
        Passport = "passport",
        /// Family relation certificate (a parent for a minor).
        FamilyCertificate = "family-certificate",
        /// A power of attorney with the patient's seal or signature, and the delegate's ID.
        PowerOfAttorney = "power-of-attorney",
        /// Described in the note.
        Other = "other",
    }
);

word_enum!(
    /// What a request is about: the whole record, or one part of it.
    Target {
        /// The patient's record (the patient list).
        Record = "record",
        /// The optional marketing consent and its use.
        Marketing = "marketing",
        /// One field of the record (correction).
        Field = "field",
        /// The optional email address (deleted on its own on request).
        Email = "email",
        /// The optional service application status (deleted on its own on request).
        ServiceStatus = "service-status",
    }
);

impl Target {
    /// The optional field of the record this target names, as the store's column.
    pub fn optional_field(self) -> Option<&'static str> {
        match self {
            Target::Email => Some("email"),
            Target::ServiceStatus => Some("service_status"),
            _ => None,
        }
    }
}

/// A request as typed at intake.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PrivacyRequestInput {
    /// A [`PrivacyKind`] word.
    pub kind: String,
    /// A [`Target`] word.
    pub target: String,
    /// The requester's name.
    pub requester_name: String,
    /// A [`Capacity`] word.
    pub capacity: String,
    /// An [`AuthorityCheck`] word.
    pub check: String,
    /// Required for `other`: how identity or authority was checked.
    pub check_note: String,
    /// What exactly is asked, in the requester's words.
    pub details: String,
    /// `YYYY-MM-DD HH:MM`, Seoul time; empty = now.
    pub received_at: String,
}

/// A checked privacy request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PrivacyRequest {
    /// What is asked.
    pub kind: PrivacyKind,
    /// What it is about.
    pub target: Target,
    /// The requester's name.
    pub requester_name: String,
    /// In what capacity they ask.
    pub capacity: Capacity,
    /// How their identity or authority was checked.
    pub check: AuthorityCheck,
    /// How, for `other`.
    pub check_note: Option<String>,
    /// What exactly is asked, in the requester's words.
    pub details: String,
    /// When it was received, `YYYY-MM-DD HH:MM`, Seoul time.
    pub received_at: String,
}

impl PrivacyRequestInput {
    /// Checks the request for a patient who is a minor today or not; `now` is Seoul time.
    pub fn validate(
        &self,
        patient_is_minor: bool,
        now: NaiveDateTime,
    ) -> Result<PrivacyRequest, Vec<P>> {
        let mut bad = vec![];
        let kind = choose("kind", PrivacyKind::parse(&self.kind), &mut bad);
        let target = choose("target", Target::parse(&self.target), &mut bad);
        let name = parse_name(&self.requester_name)
            .map_err(|mut p| {
                p.field = "requester_name";
                bad.push(p)
            })
            .ok();
        let capacity = choose("capacity", Capacity::parse(&self.capacity), &mut bad);
        let check = choose("check", AuthorityCheck::parse(&self.check), &mut bad);
        if capacity == Some(Capacity::LegalRepresentative) && !patient_is_minor {
            // An adult's parent has no authority of their own: a delegate needs a power of attorney.
            bad.push(P::new("capacity", FieldMessage::RepresentativeAdult));
        }
        if capacity == Some(Capacity::Delegate)
            && check.is_some_and(|c| c != AuthorityCheck::PowerOfAttorney)
        {
            bad.push(P::new("check", FieldMessage::DelegateAttorney));
        }
        if let (Some(k), Some(t)) = (kind, target) {
            let fits = match k {
                PrivacyKind::Access => t == Target::Record,
                PrivacyKind::Correction => t == Target::Field,
                PrivacyKind::ConsentWithdrawal => t == Target::Marketing,
                PrivacyKind::Deletion => t != Target::Field,
                PrivacyKind::ProcessingStop => matches!(t, Target::Record | Target::Marketing),
            };
            if !fits {
                bad.push(P::new("target", FieldMessage::ChooseOne));
            }
        }
        let check_note = text(
            "check_note",
            &self.check_note,
            SHORT,
            check == Some(AuthorityCheck::Other),
        )
        .map_err(|p| bad.push(p))
        .ok()
        .flatten();
        let details = text("details", &self.details, LONG, true)
            .map_err(|p| bad.push(p))
            .ok()
            .flatten();
        let received = crate::field::received_at(&self.received_at, now, &mut bad);
        match (kind, target, name, capacity, check, details, received) {
            (
                Some(kind),
                Some(target),
                Some(requester_name),
                Some(capacity),
                Some(check),
                Some(details),
                Some(r),
            ) if bad.is_empty() => Ok(PrivacyRequest {
                kind,
                target,
                requester_name,
                capacity,
                check,
                check_note,
                details,
                received_at: minute_text(r),
            }),
            _ => Err(bad),
        }
    }
}

word_enum!(
    /// How a request was answered.
    Outcome {
        /// Done as asked.
        Done = "done",
        /// Refused: the reason and how to object are given.
        Refused = "refused",
        /// Part done, part refused (e.g. marketing deleted, the patient list kept by law).
        Partly = "partly",
        /// Put off, with the reason and until when.
        Deferred = "deferred",
    }
);

/// The answer as the privacy officer writes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct AnswerInput {
    /// An [`Outcome`] word.
    pub outcome: String,
    /// What was done.
    pub result: String,
    /// Why not (refused, partly, deferred).
    pub reason: String,
    /// For a correction request: the correction made through the normal edit path.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub correction: Option<i64>,
    /// For a deferral: the day the request comes back (`YYYY-MM-DD`, after today, within
    /// [`DEFERRAL_MAX_DAYS`]).
    #[serde(default)]
    pub follow_up_on: String,
}

/// The longest a deferral may put a request off before it is looked at again.
pub const DEFERRAL_MAX_DAYS: i64 = 60;

/// A checked answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Answer {
    /// Done, refused, partly done or deferred.
    pub outcome: Outcome,
    /// What was done.
    pub result: String,
    /// Why not, for a refusal, a partial answer or a deferral.
    pub reason: Option<String>,
    /// What a law requires to keep and until when, added by the store for a deletion.
    pub kept_by_law: Option<KeptByLaw>,
    /// The correction that answers a correction request (checked by the store).
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    #[serde(default)]
    pub correction: Option<i64>,
    /// `YYYY-MM-DD HH:MM`, Seoul time.
    pub answered_at: String,
    /// A deferral: the day the request comes back, `YYYY-MM-DD`.
    #[serde(default)]
    pub follow_up_on: Option<String>,
}

/// A record a law requires to keep: which law, and the day after which it is destroyed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct KeptByLaw {
    /// The category of record the law keeps.
    pub category: Category,
    /// `YYYY-MM-DD`.
    pub until: String,
}

impl AnswerInput {
    /// Checks the answer at Seoul time `now`: an outcome, what was done, a reason when not all was
    /// done, and a follow-up day within [`DEFERRAL_MAX_DAYS`] for a deferral.
    pub fn validate(&self, now: NaiveDateTime) -> Result<Answer, Vec<P>> {
        let mut bad = vec![];
        let outcome = choose("outcome", Outcome::parse(&self.outcome), &mut bad);
        let result = text(
            "result",
            &self.result,
            LONG,
            outcome != Some(Outcome::Refused),
        )
        .map_err(|p| bad.push(p))
        .ok()
        .flatten();
        let reason = text(
            "reason",
            &self.reason,
            LONG,
            outcome.is_some_and(|o| o != Outcome::Done),
        )
        .map_err(|p| bad.push(p))
        .ok()
        .flatten();
        let follow_up_on = if outcome == Some(Outcome::Deferred) {
            match crate::field::date("follow_up_on", &self.follow_up_on) {
                Ok(d) if d <= now.date() => {
                    bad.push(P::new("follow_up_on", FieldMessage::DateAfterToday));
                    None
                }
                Ok(d) if (d - now.date()).num_days() > DEFERRAL_MAX_DAYS => {
                    bad.push(
                        P::new("follow_up_on", FieldMessage::FollowUpTooFar)
                            .arg("days", DEFERRAL_MAX_DAYS),
                    );
                    None
                }
                Ok(d) => Some(d.to_string()),
                Err(_) if self.follow_up_on.trim().is_empty() => {
                    bad.push(P::new("follow_up_on", FieldMessage::Required));
                    None
                }
                Err(p) => {
                    bad.push(p);
                    None
                }
            }
        } else {
            None
        };
        match outcome {
            Some(outcome) if bad.is_empty() => Ok(Answer {
                outcome,
                result: result.unwrap_or_default(),
                reason,
                kept_by_law: None,
                correction: self.correction,
                answered_at: minute_text(now),
                follow_up_on,
            }),
            _ => Err(bad),
        }
    }
}

word_enum!(
    /// Kinds of record with their own retention period (docs/LAW.md "Retention").
    Category {
        /// 환자 명부: the patient with consents, guardians and corrections. 5 years.
        PatientList = "patient-list",
        /// Data-subject requests and their answers. 3 years: the clinic's own rule, no law sets it.
        PrivacyRequests = "privacy-requests",
        /// CCTV requests and the ledger. 3 years (the CCTV officer's setting): the clinic's own
        /// rule, no law sets it.
        CctvRecords = "cctv-records",
        /// The access log. 2 years.
        AccessLog = "access-log",
        /// The permission log. 3 years.
        PermissionLog = "permission-log",
    }
);

/// How long one category is kept, and from what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RetentionRule {
    /// The category of record.
    pub category: Category,
    /// How many years it is kept.
    pub years: u32,
}

impl Category {
    /// The period the law or the clinic's policy sets (the default rule).
    pub fn default_years(self) -> u32 {
        match self {
            Category::PatientList => 5,
            Category::PrivacyRequests | Category::CctvRecords | Category::PermissionLog => 3,
            Category::AccessLog => 2,
        }
    }

    /// Whether a law sets this period (docs/LAW.md "Retention"): the patient list (의료법
    /// 제22조제2항, 시행규칙 제15조제1항) and the two logs (the safety-measures standard). The
    /// privacy-request and CCTV records are the clinic's own rule.
    pub fn set_by_law(self) -> bool {
        matches!(
            self,
            Category::PatientList | Category::AccessLog | Category::PermissionLog
        )
    }

    /// The shortest period the privacy officer may set: the law's, where a law sets one
    /// (lengthen, never shorten); otherwise one year.
    pub fn minimum_years(self) -> u32 {
        if self.set_by_law() {
            self.default_years()
        } else {
            1
        }
    }
}

/// The default rules (docs/LAW.md "Retention").
pub fn default_rules() -> Vec<RetentionRule> {
    Category::ALL
        .iter()
        .map(|&category| RetentionRule {
            category,
            years: category.default_years(),
        })
        .collect()
}

/// Checks edited rules: every category once, at least its legal minimum, at most 20 years.
pub fn check_rules(rules: &[RetentionRule]) -> Result<Vec<RetentionRule>, Vec<P>> {
    let mut bad = vec![];
    let mut out = vec![];
    for &category in Category::ALL {
        match rules.iter().find(|r| r.category == category) {
            Some(r) if r.years < category.minimum_years() || r.years > 20 => bad.push(
                P::new("years", FieldMessage::NumberRange)
                    .arg("min", category.minimum_years())
                    .arg("max", 20u32),
            ),
            Some(r) => out.push(r.clone()),
            None => out.push(RetentionRule {
                category,
                years: category.default_years(),
            }),
        }
    }
    if bad.is_empty() { Ok(out) } else { Err(bad) }
}

/// The last day a record whose last relevant event was on `last` is kept: `years` later (the
/// same day; 29 February becomes 28 February in a common year).
pub fn kept_until(last: NaiveDate, years: u32) -> NaiveDate {
    let y = last.year() + i32::try_from(years).unwrap_or(0);
    NaiveDate::from_ymd_opt(y, last.month(), last.day())
        .or_else(|| NaiveDate::from_ymd_opt(y, last.month(), 28))
        .unwrap_or(last)
}

/// The day `years` before `today` (the same day; 29 February becomes 28 February in a common
/// year): log rows from before it have passed their retention period.
pub fn years_before(today: NaiveDate, years: u32) -> NaiveDate {
    let y = today.year() - i32::try_from(years).unwrap_or(0);
    NaiveDate::from_ymd_opt(y, today.month(), today.day())
        .or_else(|| NaiveDate::from_ymd_opt(y, today.month(), 28))
        .unwrap_or(today)
}

/// Whether a record kept until `until` is due for destruction on `today`.
pub fn is_due(until: NaiveDate, today: NaiveDate) -> bool {
    today > until
}

pub mod paper;

#[cfg(test)]
mod tests;

/// How far the clock may have moved since the log's last activity before a destruction run asks
/// for today's date to be confirmed.
pub const CLOCK_GAP_DAYS: i64 = 30;

/// Whether a destruction run may trust the clock: `now` is not before the newest log row, and
/// not more than [`CLOCK_GAP_DAYS`] after the last activity before the current one (`previous`,
/// the newest row older than an hour). Otherwise moving the clock forward ten years would
/// destroy every patient "legally". A date typed by the officer that is today's (Seoul) lets
/// the run go on. Returns `Err((now's date, the log's date))` when it may not.
pub fn clock_trusted(
    now: DateTime<Utc>,
    newest: Option<DateTime<Utc>>,
    previous: Option<DateTime<Utc>>,
    confirmed: Option<chrono::NaiveDate>,
) -> Result<(), (chrono::NaiveDate, chrono::NaiveDate)> {
    let today = crate::time::seoul_date(now);
    if confirmed == Some(today) {
        return Ok(());
    }
    if let Some(n) = newest
        && n > now
    {
        return Err((today, crate::time::seoul_date(n)));
    }
    if let Some(p) = previous
        && (now - p).num_days() > CLOCK_GAP_DAYS
    {
        return Err((today, crate::time::seoul_date(p)));
    }
    Ok(())
}
