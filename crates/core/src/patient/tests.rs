use super::*;
use proptest::prelude::*;
use rstest::rstest;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn adult() -> PatientInput {
    PatientInput {
        name: "김민수".into(),
        birth_date: "1990-01-01".into(),
        rrn: "900101-1234567".into(),
        gender: "M".into(),
        address: "서울특별시 강남구 테헤란로 1".into(),
        phone: String::new(),
        mobile: "010-1234-5678".into(),
        email: "minsu.kim@example.kr".into(),
        chart_no: String::new(),
        service_status: "상담".into(),
    }
}

fn problems(p: &PatientInput) -> Vec<(&'static str, &'static str)> {
    match p.validate(today()) {
        Ok(_) => vec![],
        Err(v) => v.iter().map(|x| (x.field, x.message_id())).collect(),
    }
}

#[test]
fn a_complete_adult_passes_normalised() {
    let mut p = adult();
    p.mobile = "+82 10 1234 5678".into();
    p.email = "Minsu.Kim@EXAMPLE.KR".into();
    p.name = "  김민수  ".into();
    let v = p.validate(today()).unwrap();
    assert_eq!(v.name, "김민수");
    assert_eq!(v.mobile.unwrap().as_str(), "010-1234-5678");
    assert_eq!(v.email.as_deref(), Some("Minsu.Kim@example.kr"));
    assert_eq!(v.rrn.masked(), "900101-1******");
}

/// One change to a valid adult, and the problem it must cause (or none).
#[rstest]
// RRNs
#[case::post_2020_random_tail("rrn", "210704-3987650", "birth_date", "2021-07-04", &[])]
#[case::foreigner_1900s("rrn", "900101-5123456", "", "", &[])]
#[case::foreigner_2000s("rrn", "050505-7123456", "birth_date", "2005-05-05", &[])]
#[case::born_1800s("rrn", "991231-9000000", "birth_date", "1899-12-31", &[])]
#[case::rrn_without_hyphen("rrn", "9001011234567", "", "", &[])]
#[case::rrn_wrong_length("rrn", "900101-123456", "", "", &[("rrn", "field-rrn-format")])]
#[case::rrn_not_a_date("rrn", "900230-1234567", "", "", &[("rrn", "field-rrn-date")])]
#[case::rrn_other_birth_date("rrn", "900102-1234567", "", "", &[("rrn", "field-rrn-birth-mismatch")])]
#[case::rrn_other_century("rrn", "900101-3234567", "", "", &[("rrn", "field-rrn-birth-mismatch")])]
#[case::rrn_other_gender("rrn", "900101-2234567", "", "", &[("rrn", "field-rrn-gender-mismatch")])]
#[case::rrn_missing("rrn", "", "", "", &[("rrn", "field-required")])]
#[case::rrn_sql("rrn", "900101-1234567' OR '1'='1", "", "", &[("rrn", "field-rrn-format")])]
// Dates
#[case::leap_day("birth_date", "2000-02-29", "rrn", "000229-3111111", &[])]
#[case::not_a_leap_year("birth_date", "2001-02-29", "rrn", "010228-3111111", &[("birth_date", "field-date-format")])]
#[case::compact_date("birth_date", "19900101", "", "", &[])]
#[case::future_date("birth_date", "2026-11-26", "rrn", "261126-3111111", &[("birth_date", "field-date-future")])]
#[case::born_today("birth_date", "2026-11-25", "rrn", "261125-3111111", &[])]
#[case::slashes("birth_date", "1990/01/01", "", "", &[("birth_date", "field-date-format")])]
// Names
#[case::nfd_name("name", "\u{1100}\u{1175}\u{11B7}\u{1106}\u{1175}\u{11AB}\u{1109}\u{116E}", "", "", &[])]
#[case::latin_name("name", "Anna Müller", "", "", &[])]
#[case::name_with_digits("name", "김민수2", "", "", &[("name", "field-name-chars")])]
#[case::name_sql("name", "Robert'); DROP TABLE patients;--", "", "", &[("name", "field-name-chars")])]
#[case::name_too_long("name", &"가".repeat(51), "", "", &[("name", "field-too-long")])]
#[case::vietnamese("name", "Nguyễn Thị Minh Khai", "", "", &[])]
#[case::vietnamese_decomposed("name", "Nguye\u{302}\u{303}n Văn An", "", "", &[])]
#[case::hanja("name", "王小明", "", "", &[])]
#[case::hyphen("name", "Jean-Luc Picard", "", "", &[])]
#[case::apostrophe("name", "O'Brien", "", "", &[])]
#[case::curly_apostrophe("name", "D\u{2019}Angelo", "", "", &[])]
#[case::middle_dot("name", "올리비아·핫세", "", "", &[])]
#[case::cyrillic("name", "Анна Иванова", "", "", &[])]
#[case::thai_with_marks("name", "สมชาย ใจดี", "", "", &[])]
#[case::mongolian_cyrillic("name", "Бат-Эрдэнэ", "", "", &[])]
#[case::leading_hyphen("name", "-김민수", "", "", &[("name", "field-name-chars")])]
#[case::roman_numeral("name", "Henry Ⅷ", "", "", &[("name", "field-name-chars")])]
#[case::emoji("name", "김민수😀", "", "", &[("name", "field-name-chars")])]
#[case::bidi_override("name", "Anna\u{202E}rellüM", "", "", &[("name", "field-name-chars")])]
#[case::zero_width("name", "김\u{200B}민수", "", "", &[("name", "field-name-chars")])]
#[case::symbol("name", "김&민수", "", "", &[("name", "field-name-chars")])]
#[case::name_blank("name", "   ", "", "", &[("name", "field-required")])]
// Contact
#[case::landline_only("mobile", "", "phone", "02-123-4567", &[])]
#[case::no_contact("mobile", "", "", "", &[("mobile", "field-contact-required")])]
#[case::landline_as_mobile("mobile", "02-123-4567", "", "", &[("mobile", "field-mobile-not-mobile")])]
#[case::bad_phone("phone", "12345", "", "", &[("phone", "field-phone-format")])]
#[case::no_email("email", "", "", "", &[])]
#[case::bad_email("email", "minsu@", "", "", &[("email", "field-email-format")])]
#[case::email_no_tld("email", "minsu@localhost", "", "", &[("email", "field-email-format")])]
#[case::email_display("email", "Minsu <minsu@example.kr>", "", "", &[("email", "field-email-format")])]
// Others
#[case::gender_korean("gender", "남", "", "", &[])]
#[case::gender_other("gender", "X", "", "", &[("gender", "field-gender")])]
#[case::address_blank("address", " ", "", "", &[("address", "field-required")])]
#[case::address_long("address", &"길".repeat(201), "", "", &[("address", "field-too-long")])]
#[case::chart_no_ok("chart_no", "c-2026-001", "", "", &[])]
#[case::chart_no_bad("chart_no", "2026 001", "", "", &[("chart_no", "field-chart-no-format")])]
fn field_rules(
    #[case] field: &str,
    #[case] value: &str,
    #[case] field2: &str,
    #[case] value2: &str,
    #[case] expected: &[(&str, &str)],
) {
    let mut p = adult();
    for (f, v) in [(field, value), (field2, value2)] {
        match f {
            "" => {}
            "name" => p.name = v.into(),
            "birth_date" => p.birth_date = v.into(),
            "rrn" => p.rrn = v.into(),
            "gender" => p.gender = v.into(),
            "address" => p.address = v.into(),
            "phone" => p.phone = v.into(),
            "mobile" => p.mobile = v.into(),
            "email" => p.email = v.into(),
            "chart_no" => p.chart_no = v.into(),
            other => panic!("no field {other}"),
        }
    }
    let got = problems(&p);
    let want: Vec<(&str, &str)> = expected.to_vec();
    assert_eq!(got, want, "{field} = {value:?}");
}

#[test]
fn every_problem_is_reported_at_once() {
    let p = PatientInput::default();
    let fields: Vec<_> = problems(&p).iter().map(|(f, _)| *f).collect();
    for f in ["name", "birth_date", "gender", "rrn", "address", "mobile"] {
        assert!(fields.contains(&f), "{f} missing from {fields:?}");
    }
}

#[rstest]
#[case("2008-11-25", 18, true, false)] // 18 today
#[case("2007-11-25", 19, false, false)] // 19 today: an adult
#[case("2007-11-26", 18, true, false)] // 19 tomorrow
#[case("2012-11-25", 14, true, false)] // 14 today: no longer a child
#[case("2012-11-26", 13, true, true)]
#[case("2026-11-25", 0, true, true)] // born today = 0
fn age_and_flags(
    #[case] birth: &str,
    #[case] years: u32,
    #[case] minor: bool,
    #[case] child: bool,
) {
    let b = NaiveDate::parse_from_str(birth, "%Y-%m-%d").unwrap();
    assert_eq!(
        Age::on(b, today()),
        Age {
            years,
            minor,
            child
        },
        "{birth}"
    );
}

#[test]
fn leap_day_birthdays_turn_on_the_first_of_march() {
    let b = NaiveDate::from_ymd_opt(2008, 2, 29).unwrap();
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    assert_eq!(age_on(b, d(2009, 2, 28)), 0);
    assert_eq!(age_on(b, d(2009, 3, 1)), 1);
    assert_eq!(age_on(b, d(2012, 2, 29)), 4);
}

proptest! {
    /// Untrusted text (the desk, a CSV import) never makes a parser panic, whatever it is.
    #[test]
    fn the_parsers_of_typed_text_never_panic(text in "\\PC{0,40}|[0-9+\\-. ]{0,20}") {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
        let _ = crate::patient::rrn::Rrn::parse(&text);
        let _ = crate::patient::phone::Phone::parse(&text);
        let _ = parse_name(&text);
        let _ = parse_birth_date(&text, today);
        let _ = parse_email(&text);
        let _ = parse_chart_no(&text);
        let _ = crate::field::date("d", &text);
        let _ = crate::field::minute("m", &text);
        let _ = crate::field::reason("r", &text);
        let _ = crate::field::text("t", &text, 200, false);
        let _ = crate::backup::made_at(&text);
    }

    /// Cleaning a text is idempotent and always NFC, whatever comes in.
    #[test]
    fn clean_text_is_idempotent(s in "\\PC{0,60}") {
        let once = clean_text(&s);
        prop_assert_eq!(clean_text(&once), once.clone());
        prop_assert!(unicode_normalization::is_nfc(&once));
        prop_assert!(!once.starts_with(' ') && !once.ends_with(' ') && !once.contains("  "));
    }

    /// A name in NFD (as some keyboards and macOS file names produce) is stored as the same
    /// NFC text as the composed one.
    #[test]
    fn nfd_and_nfc_names_are_one(s in "[가-힣]{1,8}( [가-힣]{1,8})?") {
        let nfd: String = s.nfd().collect();
        prop_assert_eq!(parse_name(&nfd), parse_name(&s));
        prop_assert_eq!(parse_name(&s).unwrap(), s);
    }

    /// The validator never panics and never accepts an RRN whose date disagrees.
    #[test]
    fn validate_never_panics(name in "\\PC{0,80}", rrn in "[0-9-]{0,16}", birth in "[0-9-]{0,12}") {
        let mut p = adult();
        p.name = name;
        p.rrn = rrn;
        p.birth_date = birth;
        if let Ok(v) = p.validate(today()) {
            prop_assert_eq!(v.rrn.birth_date(), Some(v.birth_date));
        }
    }
}
