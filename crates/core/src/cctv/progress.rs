//! Where a request stands ([`Progress`], folded from its events) and which steps may follow
//! ([`Progress::allows`], the one rule the store checks and the screen offers by).

use super::*;

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
        /// No footage expires before it is needed.
        NotNeeded = "not-needed",
        /// Footage expires before it is needed: the officer is asked to preserve it.
        Asked = "asked",
        /// The officer preserved it.
        Done = "done",
        /// The preserved copy was destroyed after the request ended.
        Destroyed = "destroyed",
    }
);

/// Where a request stands, read from its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Progress {
    /// Where the request stands.
    pub status: Status,
    /// Whether footage had to be, or was, preserved.
    pub preservation: Preservation,
    /// The officer's decision, once made.
    pub decision: Option<DecisionRecord>,
    /// The booked appointment in force.
    pub appointment: Option<String>,
    /// That appointment is after the answer's due date (its reason is in the history).
    pub appointment_late: bool,
    /// The viewing, once it happened.
    pub viewing: Option<ViewingRecord>,
    /// What was done about a deletion request.
    pub deletion: Option<DeletionRecord>,
}

word_enum!(
    /// A step the officer can take on a request, without its details: what the screen offers.
    StepKind {
        /// Preserve footage that would expire.
        Preserve = "preserve",
        /// Decide: approve, approve with masking, or refuse.
        Decide = "decide",
        /// Book a viewing (or book it again).
        Book = "book",
        /// Record that the requester did not come.
        NoShow = "no-show",
        /// Record the viewing.
        View = "view",
        /// Record what was done about a deletion request.
        Delete = "delete",
        /// Destroy the preserved copy once the request ended.
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
    /// A decision was already made.
    #[error("the request is already decided")]
    AlreadyDecided,
    /// The step needs an approved request.
    #[error("the request is not approved")]
    NotApproved,
    /// The step is for another kind of request (a viewing step on a deletion request...).
    #[error("this step does not apply to this kind of request")]
    WrongKind,
    /// Nothing follows a closed request.
    #[error("the request is closed")]
    Closed,
    /// Recording a viewing or a no-show needs a booking.
    #[error("no viewing is booked")]
    NotBooked,
    /// Nothing to preserve: not asked, or done.
    #[error("preservation was not asked or is already done")]
    NothingToPreserve,
    /// No preserved copy, or it is destroyed already.
    #[error("there is no preserved copy to destroy")]
    NoCopyToDestroy,
}

impl Progress {
    /// Folds a request's events, oldest first, into where it stands.
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
