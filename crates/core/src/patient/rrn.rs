//! Resident registration numbers (주민등록번호): `YYMMDD-GNNNNNN`.
//!
//! The seventh digit G gives the century and gender: 1/2 = 1900s male/female, 3/4 = 2000s,
//! 9/0 = 1800s, 5/6 and 7/8 = foreigners (외국인등록번호) born in the 1900s / 2000s. Since
//! 2020-10 the last six digits are random, so the old check digit is never tested.

use super::Gender;
use chrono::NaiveDate;
use std::fmt;

/// A well-formed RRN whose date is a real calendar date. Kept as its 13 digits.
#[derive(Clone, PartialEq, Eq)]
pub struct Rrn([u8; 13]);

/// Never printed in full by accident: `Debug` shows the masked form.
impl fmt::Debug for Rrn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Rrn({})", self.masked())
    }
}

/// Why a text is not an RRN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RrnError {
    /// Not 13 digits (with or without the hyphen after the sixth).
    Format,
    /// The first six digits with the century from G are not a real date.
    Date,
}

impl Rrn {
    /// Accepts `900101-1234567`, `9001011234567`, spaces around, full-width digits.
    pub fn parse(text: &str) -> Result<Rrn, RrnError> {
        let mut digits = [0u8; 13];
        let mut n = 0;
        let mut hyphen_at = None;
        for c in text.trim().chars() {
            let c = fullwidth_to_ascii(c);
            match c {
                '0'..='9' if n < 13 => {
                    digits[n] = c as u8 - b'0';
                    n += 1;
                }
                '-' if n == 6 && hyphen_at.is_none() => hyphen_at = Some(n),
                _ => return Err(RrnError::Format),
            }
        }
        if n != 13 {
            return Err(RrnError::Format);
        }
        let rrn = Rrn(digits);
        rrn.birth_date().ok_or(RrnError::Date)?;
        Ok(rrn)
    }

    fn num(&self, range: std::ops::Range<usize>) -> u32 {
        self.0[range].iter().fold(0, |a, d| a * 10 + u32::from(*d))
    }

    /// The seventh digit.
    pub fn g(&self) -> u8 {
        self.0[6]
    }

    /// The century of the birth year, from the seventh digit (9 and 0: the 1800s; 1, 2, 5, 6: the
    /// 1900s; the rest: the 2000s).
    pub fn century(&self) -> i32 {
        match self.g() {
            9 | 0 => 1800,
            1 | 2 | 5 | 6 => 1900,
            _ => 2000,
        }
    }

    /// The birth date the first six digits and the century give; `None` if it is not a real date.
    pub fn birth_date(&self) -> Option<NaiveDate> {
        let year = self.century() + self.num(0..2) as i32;
        NaiveDate::from_ymd_opt(year, self.num(2..4), self.num(4..6))
    }

    /// The gender the seventh digit gives: odd is male, even is female.
    pub fn gender(&self) -> Gender {
        // Odd = male (1, 3, 5, 7, 9), even = female (2, 4, 6, 8, 0).
        if self.g() % 2 == 1 {
            Gender::M
        } else {
            Gender::F
        }
    }

    /// Whether the seventh digit marks a foreign resident (5 to 8).
    pub fn is_foreigner(&self) -> bool {
        (5..=8).contains(&self.g())
    }

    /// `900101-1234567`: only for the encrypted column and a permitted reveal.
    pub fn expose(&self) -> String {
        let s: String = self.0.iter().map(|d| char::from(b'0' + d)).collect();
        format!("{}-{}", &s[..6], &s[6..])
    }

    /// `900101-1******`: how it is shown everywhere.
    pub fn masked(&self) -> String {
        let s: String = self.0[..7].iter().map(|d| char::from(b'0' + d)).collect();
        format!("{}-{}******", &s[..6], &s[6..])
    }
}

/// The birth date (`YYYY-MM-DD`) and gender (`M`/`F`) a typed RRN gives, when it is a valid
/// number: what the registration form fills in for the desk. The one decoding of the number
/// (the screen has no copy of it).
pub fn decoded(text: &str) -> Option<(String, &'static str)> {
    let rrn = Rrn::parse(text).ok()?;
    Some((rrn.birth_date()?.to_string(), rrn.gender().as_str()))
}

/// Full-width digits and hyphens (a Korean IME may type them) as ASCII.
pub(crate) fn fullwidth_to_ascii(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '－' | '‐' | '‑' | '–' | '—' => '-',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("900101-1234567", Some((1990, 1, 1)), Gender::M, false)]
    #[case("9001012234567", Some((1990, 1, 1)), Gender::F, false)]
    #[case(" 050315-3000000 ", Some((2005, 3, 15)), Gender::M, false)]
    #[case("210704-4987654", Some((2021, 7, 4)), Gender::F, false)] // post-2020: random tail
    #[case("850620-5123456", Some((1985, 6, 20)), Gender::M, true)] // foreigner, 1900s
    #[case("100101-8123456", Some((2010, 1, 1)), Gender::F, true)] // foreigner, 2000s
    #[case("991231-9000000", Some((1899, 12, 31)), Gender::M, false)]
    #[case("000229-3111111", Some((2000, 2, 29)), Gender::M, false)] // leap day, 2000 is leap
    #[case("９００１０１－１２３４５６７", Some((1990, 1, 1)), Gender::M, false)]
    fn valid_numbers(
        #[case] text: &str,
        #[case] date: Option<(i32, u32, u32)>,
        #[case] gender: Gender,
        #[case] foreigner: bool,
    ) {
        let r = Rrn::parse(text).unwrap_or_else(|e| panic!("{text}: {e:?}"));
        let d = date.and_then(|(y, m, d)| NaiveDate::from_ymd_opt(y, m, d));
        assert_eq!(r.birth_date(), d, "{text}");
        assert_eq!(r.gender(), gender, "{text}");
        assert_eq!(r.is_foreigner(), foreigner, "{text}");
    }

    #[test]
    fn decoded_gives_the_forms_birth_date_and_gender_full_width_digits_included() {
        assert_eq!(decoded("900101-2234567"), Some(("1990-01-01".into(), "F")));
        assert_eq!(
            decoded("１７０５０５－３１２３４５６"),
            Some(("2017-05-05".into(), "M"))
        );
        assert_eq!(decoded("991231-9000000"), Some(("1899-12-31".into(), "M")));
        assert_eq!(decoded("900230-1234567"), None, "not a real date");
        assert_eq!(decoded("900101-123"), None, "not yet whole");
    }

    #[rstest]
    #[case("", RrnError::Format)]
    #[case("900101-123456", RrnError::Format)]
    #[case("900101-12345678", RrnError::Format)]
    #[case("90010-11234567", RrnError::Format)]
    #[case("900101--1234567", RrnError::Format)]
    #[case("900101-1234567'; DROP TABLE patients; --", RrnError::Format)]
    #[case("abcdef-ghijklm", RrnError::Format)]
    #[case("900230-1234567", RrnError::Date)] // no 30 February
    #[case("010229-3234567", RrnError::Date)] // 2001 is not a leap year
    #[case("901301-1234567", RrnError::Date)]
    #[case("900100-1234567", RrnError::Date)]
    fn invalid_numbers(#[case] text: &str, #[case] err: RrnError) {
        assert_eq!(Rrn::parse(text), Err(err), "{text}");
    }

    #[test]
    fn the_old_check_digit_is_never_tested() {
        // 900101-1234567 fails the pre-2020 checksum; so does any random tail. Both are accepted.
        for tail in ["1234567", "1234560", "1000000", "1999999"] {
            assert!(Rrn::parse(&format!("900101-{tail}")).is_ok(), "{tail}");
        }
    }

    #[test]
    fn masked_and_debug_never_show_the_tail() {
        let r = Rrn::parse("900101-1234567").unwrap();
        assert_eq!(r.masked(), "900101-1******");
        assert_eq!(r.expose(), "900101-1234567");
        assert!(!format!("{r:?}").contains("234567"));
    }
}
