//! A request's steps (decision, viewing, deletion, the copy destroyed) as events.

use super::*;
use crate::field::FieldMessage;

word_enum!(
    /// The officer's decision.
    Decision {
        /// Approved as asked.
        Approve = "approve",
        /// Approved, other people in the footage masked.
        ApproveMasked = "approve-masked",
        /// Refused, with a ground.
        Refuse = "refuse",
    }
);

word_enum!(
    /// Why a request is refused (the legal list).
    RefusalGround {
        /// The footage was destroyed when its retention ended.
        FootageDestroyed = "footage-destroyed",
        /// Other people's rights cannot be protected (masking not possible).
        OthersRights = "others-rights",
        /// Not the person filmed, and no necessity to protect life, body or property.
        NotSubject = "not-subject",
        /// Described in the text.
        Other = "other",
    }
);

/// The decision as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DecisionInput {
    /// A [`Decision`] word.
    pub decision: String,
    /// A [`RefusalGround`] word; needed when the decision is `refuse`.
    pub ground: String,
    /// For ground `other`; otherwise an optional remark.
    pub ground_text: String,
}

/// The decision as checked and stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DecisionRecord {
    /// What the officer decided.
    pub decision: Decision,
    /// Why it was refused; `None` unless refused.
    pub ground: Option<RefusalGround>,
    /// The ground in words: required for `other`, a remark otherwise.
    pub ground_text: Option<String>,
}

impl DecisionInput {
    /// Checks the decision: a known decision, a ground when refused, a text for `other`.
    pub fn validate(&self) -> Result<DecisionRecord, Vec<P>> {
        let mut bad = vec![];
        let decision = choose("decision", Decision::parse(&self.decision), &mut bad);
        let ground = if decision == Some(Decision::Refuse) {
            choose("ground", RefusalGround::parse(&self.ground), &mut bad)
        } else {
            None
        };
        let ground_text = keep(
            text(
                "ground_text",
                &self.ground_text,
                LONG,
                ground == Some(RefusalGround::Other),
            ),
            &mut bad,
        )
        .flatten();
        match decision {
            Some(decision) if bad.is_empty() => Ok(DecisionRecord {
                decision,
                ground,
                ground_text,
            }),
            _ => Err(bad),
        }
    }
}

/// A viewing as it happened.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ViewingInput {
    /// Who viewed.
    pub viewer: String,
    /// A member of staff who was there during the viewing.
    pub staff_present: String,
    /// `YYYY-MM-DD HH:MM`.
    pub at: String,
    /// What was shown (cameras, time range).
    pub shown: String,
    /// Whether other people in the footage were masked.
    pub masked: bool,
    /// Whether the person was given a copy.
    pub copy_given: bool,
    /// Form or medium of the copy (USB, disc...).
    pub copy_form: String,
    /// Why the copy was given.
    pub copy_reason: String,
    /// How long the recipient may keep the copy.
    pub copy_period: String,
    /// Who approved the viewing.
    pub approved_by: String,
}

/// A viewing as checked and stored: the copy's details only when a copy was given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ViewingRecord {
    /// Who viewed.
    pub viewer: String,
    /// A member of staff who was there.
    pub staff_present: String,
    /// When, `YYYY-MM-DD HH:MM`, not in the future.
    pub at: String,
    /// What was shown (cameras, time range).
    pub shown: String,
    /// Whether other people were masked.
    pub masked: bool,
    /// Whether a copy was given.
    pub copy_given: bool,
    /// The copy's form or medium.
    pub copy_form: Option<String>,
    /// Why the copy was given.
    pub copy_reason: Option<String>,
    /// How long the recipient may keep the copy.
    pub copy_period: Option<String>,
    /// Who approved the viewing.
    pub approved_by: String,
}

pub(super) fn past_minute(
    field: &'static str,
    v: &str,
    now: NaiveDateTime,
    bad: &mut Vec<P>,
) -> Option<String> {
    match minute(field, v) {
        Ok(t) if t > now => {
            bad.push(P::new(field, FieldMessage::DateFuture));
            None
        }
        Ok(t) => Some(minute_text(t)),
        Err(p) => {
            bad.push(p);
            None
        }
    }
}

impl ViewingInput {
    /// Checks a viewing: the people and what was shown, a past time, and the copy's details when a
    /// copy was given.
    pub fn validate(&self, now: NaiveDateTime) -> Result<ViewingRecord, Vec<P>> {
        let mut bad = vec![];
        let mut t = |f, v: &str, max, req| keep(text(f, v, max, req), &mut bad).flatten();
        let viewer = t("viewer", &self.viewer, SHORT, true);
        let staff_present = t("staff_present", &self.staff_present, SHORT, true);
        let shown = t("shown", &self.shown, LONG, true);
        let copy_form = t("copy_form", &self.copy_form, SHORT, self.copy_given);
        let copy_reason = t("copy_reason", &self.copy_reason, LONG, self.copy_given);
        let copy_period = t("copy_period", &self.copy_period, SHORT, self.copy_given);
        let approved_by = t("approved_by", &self.approved_by, SHORT, true);
        let at = past_minute("at", &self.at, now, &mut bad);
        match (viewer, staff_present, shown, approved_by, at) {
            (Some(viewer), Some(staff_present), Some(shown), Some(approved_by), Some(at))
                if bad.is_empty() =>
            {
                let copy = |v: Option<String>| v.filter(|_| self.copy_given);
                Ok(ViewingRecord {
                    viewer,
                    staff_present,
                    at,
                    shown,
                    masked: self.masked,
                    copy_given: self.copy_given,
                    copy_form: copy(copy_form),
                    copy_reason: copy(copy_reason),
                    copy_period: copy(copy_period),
                    approved_by,
                })
            }
            _ => Err(bad),
        }
    }
}

/// What was done about a deletion request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeletionInput {
    /// Whether the footage was deleted (`false`: the deletion was refused).
    pub deleted: bool,
    /// What was deleted (cameras, time range), or why not.
    pub what: String,
    /// `YYYY-MM-DD HH:MM`.
    pub at: String,
    /// How it was destroyed (a [`DestructionMethod`] word); needed when `deleted`.
    #[serde(default)]
    pub method: String,
}

/// What was done about a deletion request, as checked and stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeletionRecord {
    /// Whether the footage was deleted.
    pub deleted: bool,
    /// What was deleted, or why not.
    pub what: String,
    /// When, `YYYY-MM-DD HH:MM`.
    pub at: String,
    /// `None` on a refusal, and on records from before the method was asked.
    #[serde(default)]
    pub method: Option<DestructionMethod>,
}

word_enum!(
    /// How footage was destroyed (written in the ledger's destruction row).
    DestructionMethod {
        /// Deleted on the recorder (the recorder overwrites it).
        Overwrite = "overwrite",
        /// Deleted with a tool that makes it unrecoverable.
        SecureErase = "secure-erase",
        /// The storage medium physically destroyed (shredded, drilled).
        Physical = "physical",
    }
);

impl DeletionInput {
    /// Checks a deletion: what, a past time, and the method when deleted.
    pub fn validate(&self, now: NaiveDateTime) -> Result<DeletionRecord, Vec<P>> {
        let mut bad = vec![];
        let what = keep(text("what", &self.what, LONG, true), &mut bad).flatten();
        let at = past_minute("at", &self.at, now, &mut bad);
        let method = if self.deleted {
            choose("method", DestructionMethod::parse(&self.method), &mut bad)
        } else {
            None
        };
        match (what, at) {
            (Some(what), Some(at)) if bad.is_empty() => Ok(DeletionRecord {
                deleted: self.deleted,
                what,
                at,
                method,
            }),
            _ => Err(bad),
        }
    }
}

/// One step in a request's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Event {
    /// At intake, footage expires before it is needed: the officer must preserve it.
    PreservationAsked {
        /// When the footage is overwritten, `YYYY-MM-DD HH:MM`.
        expires: String,
    },
    /// The officer preserved the footage (outside this app, on the recorder).
    Preserved {
        /// What the officer did to keep it.
        note: String,
    },
    /// The officer's decision.
    Decided(DecisionRecord),
    /// A viewing appointment; a later one replaces it (a reschedule). One after the answer's
    /// due date carries why (the person must be able to view within the 10 days, PIPA Art.
    /// 35(3)); older events have none.
    Booked {
        /// When, `YYYY-MM-DD HH:MM`.
        at: String,
        /// Why a booking is after the answer's due date.
        #[serde(default)]
        late_reason: Option<String>,
    },
    /// The person did not come to a booked viewing.
    NoShow {
        /// The booked time that was missed.
        at: String,
    },
    /// The footage was viewed (and perhaps copied).
    Viewed(ViewingRecord),
    /// A deletion request was acted on.
    Deletion(DeletionRecord),
    /// The preserved copy was destroyed once the request ended (it has its own due date:
    /// [`copy_destruction_due`]).
    CopyDestroyed(CopyDestruction),
}

/// How and when a preserved copy of footage was destroyed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CopyDestruction {
    /// `YYYY-MM-DD HH:MM`.
    pub at: String,
    /// How it was destroyed.
    pub method: DestructionMethod,
}

/// The destruction of a preserved copy as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CopyDestructionInput {
    /// `YYYY-MM-DD HH:MM`, not in the future.
    pub at: String,
    /// A [`DestructionMethod`] word.
    pub method: String,
}

impl CopyDestructionInput {
    /// Checks the destruction: a past time and a known method.
    pub fn validate(&self, now: NaiveDateTime) -> Result<CopyDestruction, Vec<P>> {
        let mut bad = vec![];
        let at = past_minute("at", &self.at, now, &mut bad);
        let method = choose("method", DestructionMethod::parse(&self.method), &mut bad);
        match (at, method) {
            (Some(at), Some(method)) if bad.is_empty() => Ok(CopyDestruction { at, method }),
            _ => Err(bad),
        }
    }
}

/// Days after the request ends by which a preserved copy is destroyed: "without delay" (PIPA Art.
/// 21(1)), read as within 5 days by the standard privacy guideline (표준 개인정보 보호지침
/// 제10조); docs/LAW.md "CCTV".
pub const COPY_DESTRUCTION_DAYS: u64 = 5;

/// The last day to destroy a preserved copy of a request that ended on `ended`.
pub fn copy_destruction_due(ended: chrono::NaiveDate) -> chrono::NaiveDate {
    ended + chrono::Days::new(COPY_DESTRUCTION_DAYS)
}

impl Event {
    /// The event's word, as stored in the request's history and in the access log's detail.
    pub fn name(&self) -> &'static str {
        match self {
            Event::PreservationAsked { .. } => "preservation-asked",
            Event::Preserved { .. } => "preserved",
            Event::Decided(_) => "decided",
            Event::Booked { .. } => "booked",
            Event::NoShow { .. } => "no-show",
            Event::Viewed(_) => "viewed",
            Event::Deletion(_) => "deletion",
            Event::CopyDestroyed(_) => "copy-destroyed",
        }
    }
}
