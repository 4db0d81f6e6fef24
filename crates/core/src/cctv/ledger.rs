//! The management ledger (개인영상정보 관리대장): the rows each step writes and their legal basis.

use super::*;

word_enum!(
    /// The kind of a ledger row.
    LedgerKind {
        /// Used within the clinic (이용).
        Use = "use",
        /// Given to someone outside the clinic (제공).
        Provision = "provision",
        /// Shown to the person filmed (열람).
        Viewing = "viewing",
        /// Destroyed (파기).
        Destruction = "destruction",
    }
);

word_enum!(
    /// Why a ledger row was written (shown in the reader's language).
    LedgerReason {
        /// Footage preserved before it expired, for a request.
        Preserve = "preserve",
        /// Other people masked for a viewing.
        Mask = "mask",
        /// Shown to the requester.
        View = "view",
        /// A copy handed over.
        Copy = "copy",
        /// Deleted at the requester's request.
        Delete = "delete",
        /// The copy preserved for a request, destroyed after it ended.
        PreservedCopy = "preserved-copy",
        /// Written by hand by the officer (purpose in the text).
        Manual = "manual",
        /// Corrects an earlier row.
        Correction = "correction",
    }
);

word_enum!(
    /// The legal basis of a ledger row (docs/LAW.md "CCTV"). A private clinic may rely on
    /// PIPA Art. 18(2) 1 to 4 only; 5 to 9 are for public institutions.
    LegalBasis {
        /// PIPA Art. 35: the person's own access request.
        Access = "pipa-35",
        /// PIPA Art. 36: the person's deletion request.
        Deletion = "pipa-36",
        /// PIPA Art. 18(2)(1): the person's separate consent.
        Consent = "pipa-18-2-1",
        /// PIPA Art. 18(2)(2): another law requires it (e.g. a warrant under 형사소송법 제215조).
        Law = "pipa-18-2-2",
        /// PIPA Art. 18(2)(3): urgently needed for life, body or property.
        Urgent = "pipa-18-2-3",
        /// PIPA Art. 25(1): used within the purpose the camera was installed for.
        InstallPurpose = "pipa-25-1",
        /// History only: Art. 18(2)(7) is for public institutions. Rows written before this
        /// version stay readable; a new row cannot choose it.
        Investigation = "pipa-18-2-7",
        /// Described in the text.
        Other = "other",
    }
);

impl LegalBasis {
    /// The bases a new ledger row may name.
    pub const CHOSEN: [LegalBasis; 7] = [
        LegalBasis::Access,
        LegalBasis::Deletion,
        LegalBasis::Consent,
        LegalBasis::Law,
        LegalBasis::Urgent,
        LegalBasis::InstallPurpose,
        LegalBasis::Other,
    ];
}

/// A ledger row written by hand (a use or provision outside a request, or a correction).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LedgerInput {
    /// A [`LedgerKind`] word.
    pub kind: String,
    /// `YYYY-MM-DD HH:MM`.
    pub at: String,
    /// Which footage: cameras and time range.
    pub footage: String,
    /// What it was used or given for.
    pub purpose: String,
    /// Who it was given to or shown to.
    pub party: String,
    /// A [`LegalBasis`] word, one of [`LegalBasis::CHOSEN`].
    pub basis: String,
    /// The basis in words: required for `other`.
    pub basis_text: String,
    /// The form of what was given (a copy on USB, a viewing...); may be empty.
    pub form: String,
    /// How long the recipient may keep it; may be empty.
    pub period: String,
    /// The number of the row this corrects, if any.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub corrects: Option<i64>,
}

/// A ledger row ready to append.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerDraft {
    /// The kind of row.
    pub kind: LedgerKind,
    /// When, `YYYY-MM-DD HH:MM`.
    pub at: String,
    /// Which footage.
    pub footage: String,
    /// Why the row was written.
    pub reason: LedgerReason,
    /// What it was used or given for.
    pub purpose: String,
    /// Who it was given to or shown to.
    pub party: String,
    /// The legal basis.
    pub basis: LegalBasis,
    /// The basis in words, when it is `other`.
    pub basis_text: Option<String>,
    /// The form of what was given.
    pub form: String,
    /// How long the recipient may keep it.
    pub period: String,
    /// The request the row belongs to; `None` for a row written by hand.
    pub request_id: Option<i64>,
    /// The number of the row this corrects, if any.
    pub corrects: Option<i64>,
}

impl LedgerInput {
    /// Checks a row written by hand: a kind, a basis a new row may name, a past time, the footage,
    /// purpose and party, and a text for the `other` basis.
    pub fn validate(&self, now: NaiveDateTime) -> Result<LedgerDraft, Vec<P>> {
        let mut bad = vec![];
        let kind = choose("kind", LedgerKind::parse(&self.kind), &mut bad);
        let basis = choose(
            "basis",
            LegalBasis::parse(&self.basis).filter(|b| LegalBasis::CHOSEN.contains(b)),
            &mut bad,
        );
        let at = past_minute("at", &self.at, now, &mut bad);
        let mut t = |f, v: &str, max, req| keep(text(f, v, max, req), &mut bad).flatten();
        let footage = t("footage", &self.footage, LONG, true);
        let purpose = t("purpose", &self.purpose, LONG, true);
        let party = t("party", &self.party, SHORT, true);
        let basis_text = t(
            "basis_text",
            &self.basis_text,
            LONG,
            basis == Some(LegalBasis::Other),
        );
        let form = t("form", &self.form, SHORT, false).unwrap_or_default();
        let period = t("period", &self.period, SHORT, false).unwrap_or_default();
        match (kind, basis, at, footage, purpose, party) {
            (Some(kind), Some(basis), Some(at), Some(footage), Some(purpose), Some(party))
                if bad.is_empty() =>
            {
                Ok(LedgerDraft {
                    kind,
                    at,
                    footage,
                    reason: if self.corrects.is_some() {
                        LedgerReason::Correction
                    } else {
                        LedgerReason::Manual
                    },
                    purpose,
                    party,
                    basis,
                    basis_text,
                    form,
                    period,
                    request_id: None,
                    corrects: self.corrects,
                })
            }
            _ => Err(bad),
        }
    }
}

/// A ledger row as read back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct LedgerRow {
    /// The row's number: rows are numbered in order and never renumbered.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub no: i64,
    /// The kind of row.
    pub kind: LedgerKind,
    /// When, `YYYY-MM-DD HH:MM`.
    pub at: String,
    /// Which footage.
    pub footage: String,
    /// The staff member in charge who wrote it.
    pub staff: String,
    /// Why the row was written.
    pub reason: LedgerReason,
    /// What it was used or given for.
    pub purpose: String,
    /// Who it was given to or shown to.
    pub party: String,
    /// The legal basis.
    pub basis: LegalBasis,
    /// The basis in words, when it is `other`.
    pub basis_text: Option<String>,
    /// The form of what was given.
    pub form: String,
    /// How long the recipient may keep it.
    pub period: String,
    /// The request the row belongs to, if any.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub request_id: Option<i64>,
    /// The number of the row this corrects, if any.
    #[cfg_attr(feature = "ts", ts(type = "number | null"))]
    pub corrects: Option<i64>,
    /// For a row of a viewing (the masking, the viewing, a copy): who approved it and which staff
    /// member was present, from the viewing record (printed beside the staff in charge).
    #[serde(default)]
    pub approved_by: Option<String>,
    /// The staff member present at the viewing (see `approved_by`).
    #[serde(default)]
    pub staff_present: Option<String>,
}

/// A request answered in the period, as the exported ledger lists it beside the rows: the
/// existence answers and the refusals write no ledger row of their own, and are kept here with
/// their grounds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RequestAnswer {
    /// The request's number.
    #[cfg_attr(feature = "ts", ts(type = "number"))]
    pub request_id: i64,
    /// `YYYY-MM-DD HH:MM`, Seoul.
    pub received_at: String,
    /// What was asked: to view, to confirm footage exists, or to delete.
    pub kind: RequestKind,
    /// Who asked: the person filmed, or someone for them.
    pub relation: Relation,
    /// `YYYY-MM-DD HH:MM`, Seoul.
    pub decided_at: String,
    /// The staff member who decided.
    pub decided_by: String,
    /// The decision, with its ground when refused.
    pub decision: DecisionRecord,
}

/// The footage of a request as the ledger names it: `2026-11-01 10:00 ~ 2026-11-01 11:00 (별관, 5층)`.
pub fn footage_label(r: &Request) -> String {
    format!(
        "{} ~ {} ({})",
        r.footage_from,
        r.footage_to,
        r.locations.join(", ")
    )
}

/// The legal basis of a request's own rows.
pub fn basis_of(r: &Request) -> LegalBasis {
    match (r.kind, r.relation) {
        (RequestKind::Delete, _) => LegalBasis::Deletion,
        (_, Relation::Other) => LegalBasis::Urgent,
        _ => LegalBasis::Access,
    }
}

/// The ledger rows a step of request `id` writes by itself: preserving footage is a use,
/// masking others for a viewing is a use, the viewing itself, a copy handed over is a provision,
/// a deletion is a destruction. `recorded_at` is when the step was recorded (the time of a
/// preservation); viewings and deletions carry their own time.
pub fn ledger_rows_for(id: i64, r: &Request, event: &Event, recorded_at: &str) -> Vec<LedgerDraft> {
    let row = |kind, at: &str, reason, form: &str, period: &str| LedgerDraft {
        kind,
        at: at.to_string(),
        footage: footage_label(r),
        reason,
        purpose: r.purpose.clone(),
        party: r.requester_name.clone(),
        basis: basis_of(r),
        basis_text: None,
        form: form.to_string(),
        period: period.to_string(),
        request_id: Some(id),
        corrects: None,
    };
    match event {
        Event::Preserved { .. } => {
            vec![row(
                LedgerKind::Use,
                recorded_at,
                LedgerReason::Preserve,
                "",
                "",
            )]
        }
        Event::Viewed(v) => {
            let mut rows = vec![];
            if v.masked {
                rows.push(row(LedgerKind::Use, &v.at, LedgerReason::Mask, "", ""));
            }
            rows.push(row(LedgerKind::Viewing, &v.at, LedgerReason::View, "", ""));
            if v.copy_given {
                rows.push(row(
                    LedgerKind::Provision,
                    &v.at,
                    LedgerReason::Copy,
                    v.copy_form.as_deref().unwrap_or(""),
                    v.copy_period.as_deref().unwrap_or(""),
                ));
            }
            rows
        }
        Event::CopyDestroyed(c) => vec![row(
            LedgerKind::Destruction,
            &c.at,
            LedgerReason::PreservedCopy,
            c.method.as_str(),
            "",
        )],
        Event::Deletion(d) if d.deleted => {
            // The "form" column of a destruction row says how it was destroyed.
            vec![row(
                LedgerKind::Destruction,
                &d.at,
                LedgerReason::Delete,
                d.method.map(DestructionMethod::as_str).unwrap_or(""),
                "",
            )]
        }
        _ => vec![],
    }
}
