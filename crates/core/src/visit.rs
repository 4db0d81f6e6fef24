//! The desk's day: a visit (내원) from check-in (접수) through waiting (대기), consultation (진료)
//! and payment (수납) to done, and the identity check before care billed to health insurance
//! (docs/LAW.md "Visits and the ID check").
//!
//! A visit's status is never overwritten: every change is an event (who, when, from, to), and
//! undo is one more event that restores the status before the last change.

use crate::field::FieldMessage;
use crate::field::{FieldProblem as P, choose, text};
use crate::patient::Age;
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

word_enum!(
    /// Where a visit stands.
    VisitStatus {
        /// 접수: checked in at the desk.
        CheckedIn = "checked-in",
        /// 대기: waiting for the room.
        Waiting = "waiting",
        /// 진료 중: in the consulting room.
        InConsultation = "in-consultation",
        /// 수납: at the desk to pay.
        Payment = "payment",
        /// 완료: gone home.
        Done = "done",
        /// 취소: left without being seen, or checked in by mistake.
        Cancelled = "cancelled",
    }
);

impl VisitStatus {
    /// The board's columns, in the order of the day.
    pub const FLOW: [VisitStatus; 5] = [
        VisitStatus::CheckedIn,
        VisitStatus::Waiting,
        VisitStatus::InConsultation,
        VisitStatus::Payment,
        VisitStatus::Done,
    ];

    /// The status one step on (the board's "next" key), if any.
    pub fn next(self) -> Option<VisitStatus> {
        let i = VisitStatus::FLOW.iter().position(|s| *s == self)?;
        VisitStatus::FLOW.get(i + 1).copied()
    }

    /// Done or cancelled: the visit takes no more moves (undo still restores the status before).
    pub fn is_final(self) -> bool {
        matches!(self, VisitStatus::Done | VisitStatus::Cancelled)
    }
}

/// Why a status change does not follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MoveRefused {
    /// The visit is already in that status.
    #[error("the visit is already in that status")]
    Same,
    /// The visit is done or cancelled: only an undo moves it.
    #[error("the visit is done or cancelled; undo the last change first")]
    Final,
    /// Nothing to undo: only the check-in is in the history.
    #[error("there is nothing to undo")]
    NothingToUndo,
}

/// Whether a visit in `from` may move to `to`: any open status may go to any other (staff move
/// a patient back as well as on), a final one only through undo.
pub fn check_move(from: VisitStatus, to: VisitStatus) -> Result<(), MoveRefused> {
    if from == to {
        return Err(MoveRefused::Same);
    }
    if from.is_final() {
        return Err(MoveRefused::Final);
    }
    Ok(())
}

/// One status change as kept: from, to, and whether it undid the change before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct StatusChange {
    /// `None` for the check-in itself.
    pub from: Option<VisitStatus>,
    /// The status after the change.
    pub to: VisitStatus,
    /// Whether the change undid the one before it.
    pub undo: bool,
}

/// The change an undo writes: back to the status before the last change. The check-in itself
/// cannot be undone (cancel the visit instead).
pub fn undo_of(history: &[StatusChange]) -> Result<StatusChange, MoveRefused> {
    let last = history.last().ok_or(MoveRefused::NothingToUndo)?;
    let before = last.from.ok_or(MoveRefused::NothingToUndo)?;
    Ok(StatusChange {
        from: Some(last.to),
        to: before,
        undo: true,
    })
}

/// The status in force after `history` (checked in when empty).
pub fn current(history: &[StatusChange]) -> VisitStatus {
    history
        .last()
        .map(|c| c.to)
        .unwrap_or(VisitStatus::CheckedIn)
}

word_enum!(
    /// How identity was confirmed before care billed to health insurance (국민건강보험법 제12조,
    /// from 2024-05-20; docs/LAW.md "Visits and the ID check").
    IdCheckMethod {
        /// 신분증 seen (ID card, driver's licence, passport...).
        IdCard = "id-card",
        /// 모바일 건강보험증 (the NHIS app's QR).
        MobileCard = "mobile-card",
        /// Exempt: under 19.
        ExemptMinor = "exempt-minor",
        /// Exempt: identity confirmed at a visit here within the last 6 months.
        ExemptRecent = "exempt-recent",
        /// Not checked, with a reason (an emergency, a patient who could not show one).
        NotChecked = "not-checked",
    }
);

impl IdCheckMethod {
    /// Identity was actually seen (what makes a later visit exempt for 6 months).
    pub fn is_confirmation(self) -> bool {
        matches!(self, IdCheckMethod::IdCard | IdCheckMethod::MobileCard)
    }
}

/// Calendar months an identity check keeps a patient exempt.
pub const RECENT_MONTHS: u32 = 6;

/// Whether a confirmation on `confirmed` still exempts a visit on `today`: within 6 calendar months
/// (on the same day 6 months later it still does; the day after, no longer).
pub fn recent_enough(confirmed: NaiveDate, today: NaiveDate) -> bool {
    confirmed
        .checked_add_months(Months::new(RECENT_MONTHS))
        .is_some_and(|until| today <= until)
}

/// What the desk preselects: under 19 exempt; else identity confirmed here within 6 months
/// exempt; else nothing (staff see the ID or the mobile card).
pub fn suggested(
    age: Age,
    last_confirmed: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<IdCheckMethod> {
    if age.minor {
        Some(IdCheckMethod::ExemptMinor)
    } else if last_confirmed.is_some_and(|d| recent_enough(d, today)) {
        Some(IdCheckMethod::ExemptRecent)
    } else {
        None
    }
}

/// The ID check as chosen at the desk.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IdCheckInput {
    /// An [`IdCheckMethod`] word.
    pub method: String,
    /// Required for `not-checked`.
    #[serde(default)]
    pub reason: String,
}

/// A checked ID check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct IdCheckRecord {
    /// How identity was checked, or why not.
    pub method: IdCheckMethod,
    /// Why it was not checked, for `not-checked`.
    pub reason: Option<String>,
}

impl IdCheckInput {
    /// Checks the choice for a patient of `age` today whose identity was last confirmed here on
    /// `last_confirmed`: an exemption that does not apply is refused, naming the rule.
    pub fn validate(
        &self,
        age: Age,
        last_confirmed: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Result<IdCheckRecord, Vec<P>> {
        let mut bad = vec![];
        let method = choose("id_check", IdCheckMethod::parse(&self.method), &mut bad);
        match method {
            Some(IdCheckMethod::ExemptMinor) if !age.minor => {
                bad.push(P::new("id_check", FieldMessage::IdExemptMinor));
            }
            Some(IdCheckMethod::ExemptRecent)
                if !last_confirmed.is_some_and(|d| recent_enough(d, today)) =>
            {
                bad.push(P::new("id_check", FieldMessage::IdExemptRecent));
            }
            _ => {}
        }
        let reason = text(
            "id_check_reason",
            &self.reason,
            200,
            method == Some(IdCheckMethod::NotChecked),
        )
        .map_err(|p| bad.push(p))
        .ok()
        .flatten()
        .filter(|_| method == Some(IdCheckMethod::NotChecked));
        match method {
            Some(method) if bad.is_empty() => Ok(IdCheckRecord { method, reason }),
            _ => Err(bad),
        }
    }
}

/// A name as the waiting-room screen may show it, when the clinic turns names on: the first and
/// the last letter, the rest starred (김민수 → 김*수, 이안 → 이*, John Smith → J*******h).
pub fn mask_name(name: &str) -> String {
    let letters: Vec<char> = name.chars().filter(|c| !c.is_whitespace()).collect();
    match letters.len() {
        0 => String::new(),
        1 => "*".to_string(),
        2 => format!("{}*", letters[0]),
        n => format!("{}{}{}", letters[0], "*".repeat(n - 2), letters[n - 1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patient::Age;
    use rstest::rstest;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn age_of(birth: &str, today: &str) -> Age {
        Age::on(d(birth), d(today))
    }

    #[rstest]
    // (birth, today) -> exempt as a minor
    #[case("2007-12-01", "2026-11-30", true)] // the day before the 19th birthday
    #[case("2007-12-01", "2026-12-01", false)] // the 19th birthday
    #[case("2008-02-29", "2027-02-28", true)] // a leap-day birth: 19 on 1 March
    #[case("2008-02-29", "2027-03-01", false)]
    fn under_19_is_exempt_until_the_19th_birthday(
        #[case] birth: &str,
        #[case] today: &str,
        #[case] exempt: bool,
    ) {
        let input = IdCheckInput {
            method: "exempt-minor".into(),
            reason: String::new(),
        };
        let age = age_of(birth, today);
        assert_eq!(input.validate(age, None, d(today)).is_ok(), exempt);
        assert_eq!(
            suggested(age, None, d(today)) == Some(IdCheckMethod::ExemptMinor),
            exempt
        );
    }

    #[rstest]
    // (last confirmed, today) -> still exempt
    #[case("2026-05-31", "2026-11-30", true)] // 6 months on: 30 November (no 31st)
    #[case("2026-05-31", "2026-12-01", false)]
    #[case("2026-06-01", "2026-12-01", true)] // the same day 6 months later
    #[case("2026-06-01", "2026-12-02", false)]
    #[case("2025-08-31", "2026-02-28", true)] // clamped to February's end
    #[case("2025-08-31", "2026-03-01", false)]
    fn a_check_within_6_calendar_months_exempts(
        #[case] confirmed: &str,
        #[case] today: &str,
        #[case] exempt: bool,
    ) {
        let adult = age_of("1980-01-01", today);
        let input = IdCheckInput {
            method: "exempt-recent".into(),
            reason: String::new(),
        };
        assert_eq!(
            input.validate(adult, Some(d(confirmed)), d(today)).is_ok(),
            exempt
        );
        let refused = input.validate(adult, None, d(today)).unwrap_err();
        assert_eq!(refused[0].message_id(), "field-id-exempt-recent");
    }

    #[test]
    fn not_checked_needs_its_reason_and_an_id_card_needs_none() {
        let today = d("2026-11-25");
        let adult = age_of("1980-01-01", "2026-11-25");
        let bad = IdCheckInput {
            method: "not-checked".into(),
            reason: " ".into(),
        }
        .validate(adult, None, today)
        .unwrap_err();
        assert_eq!(bad[0].field, "id_check_reason");
        let ok = IdCheckInput {
            method: "id-card".into(),
            reason: "stale".into(),
        }
        .validate(adult, None, today)
        .unwrap();
        assert_eq!((ok.method, ok.reason), (IdCheckMethod::IdCard, None));
        assert_eq!(
            IdCheckInput::default()
                .validate(adult, None, today)
                .unwrap_err()[0]
                .message_id(),
            "field-choose-one"
        );
    }

    #[test]
    fn a_masked_name_keeps_only_its_first_and_last_letter() {
        assert_eq!(mask_name("김민수"), "김*수");
        assert_eq!(mask_name("남궁민수"), "남**수");
        assert_eq!(mask_name("이안"), "이*");
        assert_eq!(mask_name("John Smith"), "J*******h");
        assert_eq!(mask_name("김"), "*");
    }

    #[test]
    fn a_status_moves_on_or_back_and_undo_restores_the_one_before() {
        use VisitStatus as S;
        assert_eq!(S::CheckedIn.next(), Some(S::Waiting));
        assert_eq!(S::Payment.next(), Some(S::Done));
        assert_eq!(S::Done.next(), None);
        assert_eq!(check_move(S::Waiting, S::CheckedIn), Ok(()));
        assert_eq!(check_move(S::Waiting, S::Waiting), Err(MoveRefused::Same));
        assert_eq!(check_move(S::Done, S::Payment), Err(MoveRefused::Final));
        let mut h = vec![StatusChange {
            from: None,
            to: S::CheckedIn,
            undo: false,
        }];
        assert_eq!(undo_of(&h), Err(MoveRefused::NothingToUndo));
        h.push(StatusChange {
            from: Some(S::CheckedIn),
            to: S::Waiting,
            undo: false,
        });
        h.push(StatusChange {
            from: Some(S::Waiting),
            to: S::Done,
            undo: false,
        });
        let u = undo_of(&h).unwrap();
        assert_eq!((u.from, u.to, u.undo), (Some(S::Done), S::Waiting, true));
        h.push(u);
        assert_eq!(current(&h), S::Waiting);
    }
}
