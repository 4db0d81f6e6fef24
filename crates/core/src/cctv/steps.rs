//! A request's steps (decision, viewing, deletion, the copy destroyed) as events, and
//! [`Progress`]: where a request stands and which step may follow.

use super::*;

word_enum!(
    /// The officer's decision.
    Decision {
        Approve = "approve",
        /// Approved, other people in the footage masked.
        ApproveMasked = "approve-masked",
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
    pub decision: String,
    pub ground: String,
    /// For ground `other`; otherwise an optional remark.
    pub ground_text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DecisionRecord {
    pub decision: Decision,
    pub ground: Option<RefusalGround>,
    pub ground_text: Option<String>,
}

impl DecisionInput {
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
    pub staff_present: String,
    /// `YYYY-MM-DD HH:MM`.
    pub at: String,
    /// What was shown (cameras, time range).
    pub shown: String,
    pub masked: bool,
    pub copy_given: bool,
    /// Form or medium of the copy (USB, disc...).
    pub copy_form: String,
    pub copy_reason: String,
    /// How long the recipient may keep the copy.
    pub copy_period: String,
    pub approved_by: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ViewingRecord {
    pub viewer: String,
    pub staff_present: String,
    pub at: String,
    pub shown: String,
    pub masked: bool,
    pub copy_given: bool,
    pub copy_form: Option<String>,
    pub copy_reason: Option<String>,
    pub copy_period: Option<String>,
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
            bad.push(P::new(field, "field-date-future"));
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
    pub deleted: bool,
    /// What was deleted (cameras, time range), or why not.
    pub what: String,
    /// `YYYY-MM-DD HH:MM`.
    pub at: String,
    /// How it was destroyed (a [`DestructionMethod`] word); needed when `deleted`.
    #[serde(default)]
    pub method: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DeletionRecord {
    pub deleted: bool,
    pub what: String,
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
        expires: String,
    },
    /// The officer preserved the footage (outside this app, on the recorder).
    Preserved {
        note: String,
    },
    Decided(DecisionRecord),
    /// A viewing appointment; a later one replaces it (a reschedule). One after the answer's
    /// due date carries why (the person must be able to view within the 10 days, PIPA Art.
    /// 35(3)); older events have none.
    Booked {
        at: String,
        #[serde(default)]
        late_reason: Option<String>,
    },
    NoShow {
        at: String,
    },
    Viewed(ViewingRecord),
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

word_enum!(
    /// Where a request stands.
    Status {
        /// Waiting for a decision.
        Received = "received",
        /// Approved; a viewing is to be booked.
        Approved = "approved",
        /// A viewing is booked.
        Booked = "booked",
        /// The requester did not come; book again or close.
        NoShow = "no-show",
        /// Done: viewed, existence answered, deletion recorded, or refused.
        Closed = "closed",
    }
);

word_enum!(
    /// Preservation of footage that would expire too soon.
    Preservation {
        NotNeeded = "not-needed",
        Asked = "asked",
        Done = "done",
        /// The preserved copy was destroyed after the request ended.
        Destroyed = "destroyed",
    }
);

/// Where a request stands, read from its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Progress {
    pub status: Status,
    pub preservation: Preservation,
    pub decision: Option<DecisionRecord>,
    /// The booked appointment in force.
    pub appointment: Option<String>,
    /// That appointment is after the answer's due date (its reason is in the history).
    pub appointment_late: bool,
    pub viewing: Option<ViewingRecord>,
    pub deletion: Option<DeletionRecord>,
}

word_enum!(
    /// A step the officer can take on a request, without its details: what the screen offers.
    StepKind {
        Preserve = "preserve",
        Decide = "decide",
        Book = "book",
        NoShow = "no-show",
        View = "view",
        Delete = "delete",
        DestroyCopy = "destroy-copy",
    }
);

impl Event {
    /// The kind of step this event is (`None`: the intake's own preservation request).
    pub fn step_kind(&self) -> Option<StepKind> {
        Some(match self {
            Event::PreservationAsked { .. } => return None,
            Event::Preserved { .. } => StepKind::Preserve,
            Event::Decided(_) => StepKind::Decide,
            Event::Booked { .. } => StepKind::Book,
            Event::NoShow { .. } => StepKind::NoShow,
            Event::Viewed(_) => StepKind::View,
            Event::Deletion(_) => StepKind::Delete,
            Event::CopyDestroyed(_) => StepKind::DestroyCopy,
        })
    }
}

/// Why a step does not follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StepRefused {
    #[error("the request is already decided")]
    AlreadyDecided,
    #[error("the request is not approved")]
    NotApproved,
    #[error("this step does not apply to this kind of request")]
    WrongKind,
    #[error("the request is closed")]
    Closed,
    #[error("no viewing is booked")]
    NotBooked,
    #[error("preservation was not asked or is already done")]
    NothingToPreserve,
    #[error("there is no preserved copy to destroy")]
    NoCopyToDestroy,
}

impl Progress {
    pub fn fold<'a>(kind: RequestKind, events: impl IntoIterator<Item = &'a Event>) -> Progress {
        let mut p = Progress {
            status: Status::Received,
            preservation: Preservation::NotNeeded,
            decision: None,
            appointment: None,
            appointment_late: false,
            viewing: None,
            deletion: None,
        };
        for e in events {
            match e {
                Event::PreservationAsked { .. } => p.preservation = Preservation::Asked,
                Event::Preserved { .. } => p.preservation = Preservation::Done,
                Event::Decided(d) => {
                    p.status = match (d.decision, kind) {
                        (Decision::Refuse, _) | (_, RequestKind::Confirm) => Status::Closed,
                        _ => Status::Approved,
                    };
                    p.decision = Some(d.clone());
                }
                Event::Booked { at, late_reason } => {
                    p.appointment = Some(at.clone());
                    p.appointment_late = late_reason.is_some();
                    p.status = Status::Booked;
                }
                Event::NoShow { .. } => {
                    p.appointment = None;
                    p.appointment_late = false;
                    p.status = Status::NoShow;
                }
                Event::Viewed(v) => {
                    p.viewing = Some(v.clone());
                    p.status = Status::Closed;
                }
                Event::Deletion(d) => {
                    p.deletion = Some(d.clone());
                    p.status = Status::Closed;
                }
                Event::CopyDestroyed(_) => p.preservation = Preservation::Destroyed,
            }
        }
        p
    }

    fn approved(&self) -> bool {
        self.decision
            .as_ref()
            .is_some_and(|d| d.decision != Decision::Refuse)
    }

    /// Whether `event` may follow for a request of `kind`.
    pub fn check(&self, kind: RequestKind, event: &Event) -> Result<(), StepRefused> {
        match event.step_kind() {
            None => Ok(()),
            Some(step) => self.allows(kind, step),
        }
    }

    /// Whether a step of kind `step` may follow for a request of `kind`: the one rule the
    /// store checks each step against and the screen offers its buttons by.
    pub fn allows(&self, kind: RequestKind, step: StepKind) -> Result<(), StepRefused> {
        use StepKind as S;
        use StepRefused as R;
        let open = self.status != Status::Closed;
        match step {
            S::Preserve
                if matches!(
                    self.preservation,
                    Preservation::Done | Preservation::Destroyed
                ) =>
            {
                Err(R::NothingToPreserve)
            }
            S::Preserve => Ok(()),
            // Due once the request ends (an abandoned request's copy may go before).
            S::DestroyCopy if self.preservation != Preservation::Done => Err(R::NoCopyToDestroy),
            S::DestroyCopy => Ok(()),
            S::Decide if self.decision.is_some() => Err(R::AlreadyDecided),
            S::Decide => Ok(()),
            _ if !open => Err(R::Closed),
            S::Book | S::NoShow | S::View if kind != RequestKind::View => Err(R::WrongKind),
            S::Delete if kind != RequestKind::Delete => Err(R::WrongKind),
            _ if !self.approved() => Err(R::NotApproved),
            S::NoShow | S::View if self.appointment.is_none() => Err(R::NotBooked),
            S::Book | S::NoShow | S::View | S::Delete => Ok(()),
        }
    }

    /// Every step that may follow now for a request of `kind` (what the screen offers).
    pub fn allowed(&self, kind: RequestKind) -> Vec<StepKind> {
        StepKind::ALL
            .iter()
            .copied()
            .filter(|s| self.allows(kind, *s).is_ok())
            .collect()
    }

    /// Whether the request still waits for its answer (the decision).
    pub fn unanswered(&self) -> bool {
        self.decision.is_none()
    }
}
