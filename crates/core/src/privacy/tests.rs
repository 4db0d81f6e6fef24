#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect(s)
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect(s)
}

fn guardian_deletes_marketing() -> PrivacyRequestInput {
    PrivacyRequestInput {
        kind: "deletion".into(),
        target: "marketing".into(),
        requester_name: "김영희".into(),
        capacity: "legal-representative".into(),
        check: "family-certificate".into(),
        details: "아이의 마케팅 동의와 연락처 사용을 지워 주세요".into(),
        ..Default::default()
    }
}

#[test]
fn a_guardian_may_ask_for_a_minor_not_for_an_adult() {
    let now = at("2026-11-25 10:00");
    let r = guardian_deletes_marketing()
        .validate(true, now)
        .expect("valid");
    assert_eq!(
        (r.kind, r.target, r.capacity),
        (
            PrivacyKind::Deletion,
            Target::Marketing,
            Capacity::LegalRepresentative
        )
    );
    assert_eq!(r.received_at, "2026-11-25 10:00");
    let adult = guardian_deletes_marketing()
        .validate(false, now)
        .expect_err("adult");
    assert_eq!(adult[0].message_id(), "field-representative-adult");
}

#[test]
fn a_delegate_needs_a_power_of_attorney_and_targets_must_fit_the_kind() {
    let now = at("2026-11-25 10:00");
    let mut d = guardian_deletes_marketing();
    d.capacity = "delegate".into();
    d.check = "id-card".into();
    let bad = d.validate(false, now).expect_err("no attorney");
    assert_eq!(bad[0].field, "check");
    let mut access = guardian_deletes_marketing();
    access.kind = "access".into();
    assert_eq!(
        access
            .validate(true, now)
            .expect_err("access is of the record")[0]
            .field,
        "target"
    );
}

#[test]
fn an_answer_other_than_done_needs_its_reason() {
    let now = at("2026-11-25 10:00");
    let refused = AnswerInput {
        outcome: "refused".into(),
        ..Default::default()
    };
    assert_eq!(
        refused.validate(now).expect_err("reason")[0].field,
        "reason"
    );
    let done = AnswerInput {
        outcome: "done".into(),
        result: "마케팅 동의 철회".into(),
        reason: String::new(),
        correction: None,
        follow_up_on: String::new(),
    };
    assert_eq!(done.validate(now).expect("ok").outcome, Outcome::Done);
}

#[rstest::rstest]
#[case("", Err("field-required"))]
#[case("2026-11-25", Err("field-date-after-today"))]
#[case("2026-11-26", Ok("2026-11-26"))]
#[case("2027-01-24", Ok("2027-01-24"))] // 60 days
#[case("2027-01-25", Err("field-follow-up-too-far"))]
fn a_deferral_names_the_day_it_comes_back(#[case] on: &str, #[case] expected: Result<&str, &str>) {
    let now = at("2026-11-25 10:00");
    let deferred = AnswerInput {
        outcome: "deferred".into(),
        result: "답변을 미룹니다".into(),
        reason: "수사기관 협조 요청 확인 중".into(),
        follow_up_on: on.into(),
        ..Default::default()
    };
    assert_eq!(
        deferred
            .validate(now)
            .map(|a| a.follow_up_on.unwrap_or_default())
            .map_err(|p| p[0].message_id()),
        expected.map(str::to_string)
    );
}

#[test]
fn retention_counts_whole_years_from_the_last_event() {
    assert_eq!(kept_until(day("2021-11-25"), 5), day("2026-11-25"));
    assert_eq!(
        kept_until(day("2024-02-29"), 5),
        day("2029-02-28"),
        "leap day"
    );
    assert!(
        !is_due(day("2026-11-25"), day("2026-11-25")),
        "kept through its last day"
    );
    assert!(is_due(day("2026-11-25"), day("2026-11-26")));
}

#[test]
fn rules_cannot_go_below_the_law() {
    let mut rules = default_rules();
    assert_eq!(
        check_rules(&rules).expect("defaults").len(),
        Category::ALL.len()
    );
    rules[0].years = 4;
    assert_eq!(
        check_rules(&rules).expect_err("below 5")[0].message_id(),
        "field-number-range"
    );
    rules[0].years = 7;
    assert_eq!(check_rules(&rules).expect("longer is allowed")[0].years, 7);
}

#[test]
fn only_periods_a_law_sets_have_a_legal_minimum() {
    assert!(Category::PatientList.set_by_law());
    assert!(
        !Category::PrivacyRequests.set_by_law(),
        "the clinic's own rule"
    );
    assert!(!Category::CctvRecords.set_by_law(), "the clinic's own rule");
    let mut rules = default_rules();
    for r in rules.iter_mut() {
        if !r.category.set_by_law() {
            r.years = 1;
        }
    }
    assert!(
        check_rules(&rules).is_ok(),
        "no legal minimum is enforced for the clinic's own rules"
    );
}

#[test]
fn a_destruction_run_distrusts_a_clock_that_went_back_or_jumped_ahead() {
    use chrono::TimeZone;
    let at = |y, m, d| {
        chrono_tz::Asia::Seoul
            .with_ymd_and_hms(y, m, d, 9, 0, 0)
            .single()
            .expect("valid")
            .with_timezone(&chrono::Utc)
    };
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
    let now = at(2026, 11, 25);
    // Normal: the last activity yesterday, the newest row (the preview) just now.
    assert_eq!(
        clock_trusted(now, Some(now), Some(at(2026, 11, 24)), None),
        Ok(())
    );
    // A clinic closed for 30 days: still fine; 31: today's date must be typed.
    assert_eq!(
        clock_trusted(now, Some(now), Some(at(2026, 10, 26)), None),
        Ok(())
    );
    assert_eq!(
        clock_trusted(now, Some(now), Some(at(2026, 10, 25)), None),
        Err((day(2026, 11, 25), day(2026, 10, 25)))
    );
    // Ten years ahead: refused, naming both dates, unless today's date is confirmed.
    let future = at(2036, 11, 25);
    assert_eq!(
        clock_trusted(future, Some(future), Some(now), None),
        Err((day(2036, 11, 25), day(2026, 11, 25)))
    );
    assert_eq!(
        clock_trusted(future, Some(future), Some(now), Some(day(2026, 11, 25))),
        Err((day(2036, 11, 25), day(2026, 11, 25))),
        "a date that is not the clock's today does not confirm it"
    );
    assert_eq!(
        clock_trusted(future, Some(future), Some(now), Some(day(2036, 11, 25))),
        Ok(())
    );
    // The clock behind the log: refused.
    assert_eq!(
        clock_trusted(at(2026, 11, 20), Some(now), None, None),
        Err((day(2026, 11, 20), day(2026, 11, 25)))
    );
    // A new database: nothing to compare.
    assert_eq!(clock_trusted(now, None, None, None), Ok(()));
}

#[test]
fn years_before_mirrors_kept_until_and_29_february_becomes_28() {
    let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap();
    assert_eq!(years_before(d(2026, 11, 25), 2), d(2024, 11, 25));
    assert_eq!(years_before(d(2028, 2, 29), 3), d(2025, 2, 28));
    assert_eq!(
        kept_until(years_before(d(2026, 11, 25), 5), 5),
        d(2026, 11, 25)
    );
}
