use super::*;
use crate::consent::{ConsentItem, ConsentPolicy, ConsentText};
use crate::patient::{Age, age_on, birthday_at};
use rstest::rstest;

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 25)
        .and_then(|d| d.and_hms_opt(10, 30, 0))
        .unwrap()
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn mother() -> GuardianInput {
    GuardianInput {
        name: " 김 영희 ".into(),
        relationship: "mother".into(),
        mobile: "+82 10 1234 5678".into(),
        verification: "id-in-person".into(),
        ..Default::default()
    }
}

fn texts() -> Vec<ConsentText> {
    ConsentItem::ALL
        .into_iter()
        .map(|i| ConsentText::new(i, "ko", i.as_str(), "본문"))
        .collect()
}

fn pad() -> Signature {
    Signature {
        width: 600.0,
        height: 200.0,
        strokes: vec![vec![[10.0, 100.0], [200.0, 120.0], [400.0, 80.0]]],
    }
}

fn input() -> GuardianConsentInput {
    GuardianConsentInput {
        guardians: vec![mother()],
        choices: texts()
            .iter()
            .map(|t| ConsentChoice {
                item: t.item,
                granted: Some(true),
                hash: t.hash.clone(),
            })
            .collect(),
        minor_choices: vec![],
        minor_ack: false,
        notice_hash: "notice".into(),
        registration_notice_hash: "registration".into(),
        method: "pad".into(),
        signature: Some(pad()),
        paper_filed_at: String::new(),
        companion: None,
    }
}

fn age(years: u32) -> Age {
    Age {
        years,
        minor: years < 19,
        child: years < 14,
    }
}

fn fields(p: &[crate::FieldProblem]) -> Vec<(&str, &str)> {
    p.iter().map(|p| (p.field, p.message_id())).collect()
}

#[test]
fn a_guardian_is_cleaned_and_the_mobile_normalised() {
    let g = mother().validate(0, now()).unwrap();
    assert_eq!(g.name, "김 영희");
    assert_eq!(g.mobile, "010-1234-5678");
    assert_eq!(g.relationship, Relationship::Mother);
    assert_eq!(g.verification, Verification::IdInPerson);
    assert_eq!((g.relationship_other, g.called_at), (None, None));
}

#[test]
fn every_guardian_problem_is_reported_on_its_own_field() {
    let g = GuardianInput {
        name: "X1".into(),
        relationship: "uncle".into(),
        mobile: "02-123-4567".into(),
        verification: "".into(),
        ..Default::default()
    };
    assert_eq!(
        fields(&g.validate(1, now()).unwrap_err()),
        [
            ("guardian2_name", "field-name-chars"),
            ("guardian2_relationship", "field-choose-one"),
            ("guardian2_mobile", "field-mobile-not-mobile"),
            ("guardian2_verification", "field-choose-one"),
        ]
    );
}

#[test]
fn a_phone_check_needs_who_called_whom_and_when_not_in_the_future() {
    let mut g = GuardianInput {
        verification: "phone".into(),
        ..mother()
    };
    assert_eq!(
        fields(&g.validate(0, now()).unwrap_err()),
        [
            ("guardian1_verification_note", "field-required"),
            ("guardian1_called_at", "field-required"),
        ]
    );
    g.verification_note = "접수 직원 박이 어머니 휴대전화로 걸어 확인".into();
    g.called_at = "2026-11-25T09:40".into();
    let ok = g.validate(0, now()).unwrap();
    assert_eq!(ok.called_at.as_deref(), Some("2026-11-25 09:40"));
    g.called_at = "2026-11-25 11:00".into();
    assert_eq!(
        fields(&g.validate(0, now()).unwrap_err()),
        [("guardian1_called_at", "field-date-future")]
    );
    g.called_at = "어제 저녁".into();
    assert_eq!(
        fields(&g.validate(0, now()).unwrap_err()),
        [("guardian1_called_at", "field-datetime-format")]
    );
}

#[test]
fn a_grandparent_is_not_a_legal_representative() {
    let g = GuardianInput {
        relationship: "other".into(),
        relationship_other: "할머니".into(),
        ..mother()
    };
    assert_eq!(
        fields(&g.validate(0, now()).unwrap_err()),
        [(
            "guardian1_relationship",
            "field-guardian-not-representative"
        )]
    );
    for r in Relationship::REPRESENTATIVES {
        let g = GuardianInput {
            relationship: r.as_str().into(),
            ..mother()
        };
        assert_eq!(g.validate(0, now()).unwrap().relationship, r);
    }
}

fn grandmother() -> CompanionInput {
    CompanionInput {
        name: "이순자".into(),
        relationship: "할머니".into(),
        authorisation: "phone".into(),
        note: "접수 직원이 어머니 휴대전화로 걸어 확인".into(),
        called_at: "2026-11-25 10:05".into(),
    }
}

#[test]
fn a_companion_comes_on_the_representatives_authorisation_and_never_signs() {
    let mut i = input();
    i.companion = Some(grandmother());
    // On the pad the companion would be signing: refused.
    assert_eq!(
        fields(
            &i.validate(
                age(8),
                ConsentPolicy::default(),
                &texts(),
                "notice",
                "registration",
                now()
            )
            .unwrap_err()
        ),
        [("method", "field-companion-cannot-sign")]
    );
    // The representative's signed paper form, brought by the companion: kept with who came.
    i.method = "paper".into();
    i.signature = None;
    i.paper_filed_at = "접수대 서랍 2".into();
    let c = i
        .validate(
            age(8),
            ConsentPolicy::default(),
            &texts(),
            "notice",
            "registration",
            now(),
        )
        .unwrap();
    let companion = c.companion.unwrap();
    assert_eq!(companion.authorisation, Authorisation::Phone);
    assert_eq!(companion.called_at.as_deref(), Some("2026-11-25 10:05"));
    // A phone authorisation says who called whom and when; a letter needs neither.
    i.companion = Some(CompanionInput {
        note: String::new(),
        called_at: String::new(),
        ..grandmother()
    });
    assert_eq!(
        fields(
            &i.validate(
                age(8),
                ConsentPolicy::default(),
                &texts(),
                "notice",
                "registration",
                now()
            )
            .unwrap_err()
        ),
        [
            ("companion_note", "field-required"),
            ("companion_called_at", "field-required")
        ]
    );
    i.companion = Some(CompanionInput {
        authorisation: "letter".into(),
        note: String::new(),
        called_at: String::new(),
        ..grandmother()
    });
    assert!(
        i.validate(
            age(8),
            ConsentPolicy::default(),
            &texts(),
            "notice",
            "registration",
            now()
        )
        .is_ok()
    );
}

#[test]
fn a_detail_typed_for_a_choice_that_needs_none_is_not_kept() {
    let g = GuardianInput {
        relationship_other: "stale text".into(),
        called_at: "nonsense".into(),
        ..mother()
    };
    let ok = g.validate(0, now()).unwrap();
    assert_eq!((ok.relationship_other, ok.called_at), (None, None));
}

#[test]
fn under_fourteen_the_representative_signs_and_no_optional_item_is_offered() {
    let c = input()
        .validate(
            age(13),
            ConsentPolicy::default(),
            &texts(),
            "notice",
            "registration",
            now(),
        )
        .unwrap();
    assert_eq!(c.minor_ack, None, "a child is not asked to acknowledge");
    assert_eq!(c.guardians.len(), 1);
    assert_eq!(c.method, SignMethod::Pad);
    assert!(
        c.decisions.is_empty(),
        "under 14 marketing is not offered, and the items needed for care are not consents: {:?}",
        c.decisions
    );
}

fn minor_says(i: &mut GuardianConsentInput, granted: Option<bool>) {
    i.minor_choices = texts()
        .iter()
        .map(|t| ConsentChoice {
            item: t.item,
            granted,
            hash: t.hash.clone(),
        })
        .collect();
}

#[rstest]
// (representative, minor) -> in force
#[case(Some(true), Some(true), true)]
#[case(Some(true), Some(false), false)]
#[case(Some(true), None, false)]
#[case(Some(false), Some(true), false)]
fn from_fourteen_an_optional_use_needs_the_representative_and_the_minor(
    #[case] representative: Option<bool>,
    #[case] minor: Option<bool>,
    #[case] in_force: bool,
) {
    let mut i = input();
    i.minor_ack = true;
    for c in &mut i.choices {
        c.granted = representative;
    }
    minor_says(&mut i, minor);
    let c = i
        .validate(
            age(14),
            ConsentPolicy::default(),
            &texts(),
            "notice",
            "registration",
            now(),
        )
        .unwrap();
    assert_eq!(
        c.decisions
            .iter()
            .map(|d| (d.text.item, d.granted))
            .collect::<Vec<_>>(),
        [(ConsentItem::Marketing, in_force)]
    );
    assert_eq!(
        c.teen_answers,
        Some(TeenAnswers {
            representative: vec![(ConsentItem::Marketing, representative.unwrap_or(false))],
            minor: vec![(ConsentItem::Marketing, minor.unwrap_or(false))],
        }),
        "what each said is kept"
    );
}

#[test]
fn under_fourteen_the_childs_answers_are_not_asked() {
    let mut i = input();
    minor_says(&mut i, Some(true));
    let c = i
        .validate(
            age(13),
            ConsentPolicy::default(),
            &texts(),
            "notice",
            "registration",
            now(),
        )
        .unwrap();
    assert!(c.teen_answers.is_none() && c.decisions.is_empty());
}

#[test]
fn from_fourteen_the_minor_must_acknowledge_the_plain_language_form() {
    let err = input()
        .validate(
            age(14),
            ConsentPolicy::default(),
            &texts(),
            "notice",
            "registration",
            now(),
        )
        .unwrap_err();
    assert_eq!(fields(&err), [("minor_ack", "field-minor-ack")]);
    let mut i = input();
    i.minor_ack = true;
    let c = i
        .validate(
            age(18),
            ConsentPolicy::default(),
            &texts(),
            "notice",
            "registration",
            now(),
        )
        .unwrap();
    assert_eq!(c.minor_ack, Some(true));
}

#[test]
fn an_adult_has_no_guardian_step_and_a_stale_notice_is_refused() {
    let err = input()
        .validate(
            age(19),
            ConsentPolicy::default(),
            &texts(),
            "notice-v2",
            "registration",
            now(),
        )
        .unwrap_err();
    assert_eq!(
        fields(&err),
        [
            ("guardians", "field-guardian-adult"),
            ("minor_ack", "field-consent-changed")
        ]
    );
}

#[test]
fn a_guardian_cannot_be_skipped_and_at_most_two_sign() {
    let mut i = input();
    i.guardians.clear();
    assert_eq!(
        fields(
            &i.validate(
                age(5),
                ConsentPolicy::default(),
                &texts(),
                "notice",
                "registration",
                now()
            )
            .unwrap_err()
        ),
        [("guardian1_name", "field-required")]
    );
    i.guardians = vec![mother(), mother(), mother()];
    assert_eq!(
        fields(
            &i.validate(
                age(5),
                ConsentPolicy::default(),
                &texts(),
                "notice",
                "registration",
                now()
            )
            .unwrap_err()
        ),
        [("guardians", "field-guardian-too-many")]
    );
}

#[test]
fn a_second_guardian_is_checked_on_its_own_fields() {
    let mut i = input();
    i.guardians.push(GuardianInput {
        name: "이철수".into(),
        relationship: "father".into(),
        mobile: "01098765432".into(),
        verification: "family-certificate".into(),
        ..Default::default()
    });
    let c = i
        .validate(
            age(3),
            ConsentPolicy::default(),
            &texts(),
            "notice",
            "registration",
            now(),
        )
        .unwrap();
    assert_eq!(c.guardians[1].mobile, "010-9876-5432");
    i.guardians[1].mobile = String::new();
    assert_eq!(
        fields(
            &i.validate(
                age(3),
                ConsentPolicy::default(),
                &texts(),
                "notice",
                "registration",
                now()
            )
            .unwrap_err()
        ),
        [("guardian2_mobile", "field-required")]
    );
}

#[test]
fn pad_needs_a_real_signature_and_paper_needs_where_it_is_filed() {
    let mut i = input();
    i.signature = None;
    assert_eq!(
        fields(
            &i.validate(
                age(9),
                ConsentPolicy::default(),
                &texts(),
                "notice",
                "registration",
                now()
            )
            .unwrap_err()
        ),
        [("signature", "field-signature-empty")]
    );
    i.signature = Some(Signature {
        strokes: vec![vec![[10.0, 10.0], [12.0, 11.0]]],
        ..pad()
    });
    assert_eq!(
        fields(
            &i.validate(
                age(9),
                ConsentPolicy::default(),
                &texts(),
                "notice",
                "registration",
                now()
            )
            .unwrap_err()
        ),
        [("signature", "field-signature-empty")],
        "a tap is not a signature"
    );
    i.signature = Some(Signature {
        strokes: vec![vec![[10.0, 10.0], [f32::NAN, 11.0]]],
        ..pad()
    });
    assert_eq!(
        fields(
            &i.validate(
                age(9),
                ConsentPolicy::default(),
                &texts(),
                "notice",
                "registration",
                now()
            )
            .unwrap_err()
        ),
        [("signature", "field-signature-invalid")]
    );
    i.signature = Some(Signature {
        strokes: vec![vec![[10.0, 10.0], [700.0, 11.0]]],
        ..pad()
    });
    assert_eq!(
        fields(
            &i.validate(
                age(9),
                ConsentPolicy::default(),
                &texts(),
                "notice",
                "registration",
                now()
            )
            .unwrap_err()
        ),
        [("signature", "field-signature-invalid")],
        "a point outside the pad"
    );
    i.method = "paper".into();
    assert_eq!(
        fields(
            &i.validate(
                age(9),
                ConsentPolicy::default(),
                &texts(),
                "notice",
                "registration",
                now()
            )
            .unwrap_err()
        ),
        [("paper_filed_at", "field-required")]
    );
    i.paper_filed_at = "접수대 서랍 2, 2026-11 철".into();
    let c = i
        .validate(
            age(9),
            ConsentPolicy::default(),
            &texts(),
            "notice",
            "registration",
            now(),
        )
        .unwrap();
    assert_eq!(c.signature, None, "a paper signature keeps no pad strokes");
    assert_eq!(
        c.paper_filed_at.as_deref(),
        Some("접수대 서랍 2, 2026-11 철")
    );
    i.method = "fax".into();
    assert_eq!(
        fields(
            &i.validate(
                age(9),
                ConsentPolicy::default(),
                &texts(),
                "notice",
                "registration",
                now()
            )
            .unwrap_err()
        ),
        [("method", "field-choose-one")]
    );
}

#[test]
fn a_huge_signature_is_refused() {
    let s = Signature {
        strokes: vec![vec![[1.0, 1.0]; MAX_POINTS + 1]],
        ..pad()
    };
    assert_eq!(
        s.check().unwrap_err().message_id(),
        "field-signature-invalid"
    );
}

/// The boundaries of the guardian step: the day before and the day of the 14th and the 19th
/// birthdays, and leap-day birthdays.
#[rstest]
#[case::day_before_14(d(2012, 11, 26), 13, true, true)]
#[case::day_of_14(d(2012, 11, 25), 14, true, false)]
#[case::day_before_19(d(2007, 11, 26), 18, true, false)]
#[case::day_of_19(d(2007, 11, 25), 19, false, false)]
fn age_boundaries_on_2026_11_25(
    #[case] birth: NaiveDate,
    #[case] years: u32,
    #[case] minor: bool,
    #[case] child: bool,
) {
    let today = d(2026, 11, 25);
    let a = Age::on(birth, today);
    assert_eq!((a.years, a.minor, a.child), (years, minor, child));
    let step = {
        let mut i = input();
        i.minor_ack = true;
        i.validate(
            a,
            ConsentPolicy::default(),
            &texts(),
            "notice",
            "registration",
            now(),
        )
    };
    assert_eq!(step.is_ok(), minor, "guardian step offered only to a minor");
}

#[test]
fn leap_day_birthdays_cross_14_and_19_on_the_first_of_march() {
    let b = d(2008, 2, 29);
    // 14th birthday in 2022 (not a leap year): 28 February is still 13, 1 March is 14.
    assert_eq!(age_on(b, d(2022, 2, 28)), 13);
    assert_eq!(age_on(b, d(2022, 3, 1)), 14);
    assert_eq!(birthday_at(b, 14), Some(d(2022, 3, 1)));
    // 19th birthday in 2027 (not a leap year).
    assert!(Age::on(b, d(2027, 2, 28)).minor);
    assert!(!Age::on(b, d(2027, 3, 1)).minor);
    assert_eq!(birthday_at(b, 19), Some(d(2027, 3, 1)));
    // Born 2004-02-29, turning 19 would be 2023 (common) but 20 in 2024 (leap) falls on the 29th.
    assert_eq!(birthday_at(d(2004, 2, 29), 20), Some(d(2024, 2, 29)));
    assert_eq!(age_on(d(2004, 2, 29), d(2024, 2, 29)), 20);
}

#[test]
fn names_round_trip() {
    for &r in Relationship::ALL {
        assert_eq!(Relationship::parse(r.as_str()), Some(r));
    }
    for &v in Verification::ALL {
        assert_eq!(Verification::parse(v.as_str()), Some(v));
    }
    for m in [SignMethod::Pad, SignMethod::Paper] {
        assert_eq!(SignMethod::parse(m.as_str()), Some(m));
    }
}
