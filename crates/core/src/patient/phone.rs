//! Korean telephone numbers, normalised to one written form: `010-1234-5678`, `02-123-4567`,
//! `031-1234-5678`, `1544-2994`. `01012345678`, `010.1234.5678`, `+82 10 1234 5678` and
//! `+82 (0)10-1234-5678` all become `010-1234-5678`.

use super::rrn::fullwidth_to_ascii;

/// What kind of number it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneKind {
    /// 010 (and the old 011, 016-019).
    Mobile,
    /// An area code (02 Seoul, 031-064), 070 internet telephony, 050x personal numbers or 080
    /// free calls.
    Line,
    /// 15xx/16xx/18xx company numbers (대표번호), eight digits, no area code.
    Representative,
}

/// A Korean phone number in its one written form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    text: String,
    kind: PhoneKind,
}

impl Phone {
    /// A Korean number as people write it: digits with spaces, hyphens, dots or brackets,
    /// full-width digits, or the international form (+82, with or without the trunk zero).
    /// Validity and the written form come from libphonenumber's metadata (the `phonenumber`
    /// crate), not from hand-written rules; a foreign number is refused (the clinic calls
    /// Korean numbers).
    pub fn parse(input: &str) -> Option<Phone> {
        let mut text = String::new();
        let mut plus = false;
        for c in input.trim().chars().map(fullwidth_to_ascii) {
            match c {
                '0'..='9' => text.push(c),
                '+' if text.is_empty() && !plus => {
                    plus = true;
                    text.push(c);
                }
                ' ' | '-' | '.' | '(' | ')' => {}
                _ => return None,
            }
        }
        // "+82 (0)10 ...": the trunk zero some write after the country code.
        if let Some(rest) = text.strip_prefix("+820") {
            text = format!("+82{rest}");
        }
        if text.len() > 20 {
            return None;
        }
        let number = phonenumber::parse(Some(phonenumber::country::Id::KR), &text).ok()?;
        if number.code().value() != 82 || !phonenumber::is_valid(&number) {
            return None;
        }
        let mut national = number
            .format()
            .mode(phonenumber::Mode::National)
            .to_string();
        let digits: String = national.chars().filter(char::is_ascii_digit).collect();
        // Personal numbers are written 0505-123-4567 here (libphonenumber: 050-5123-4567).
        if digits.len() == 11 && digits.starts_with("0505") {
            national = format!("{}-{}-{}", &digits[..4], &digits[4..7], &digits[7..]);
        }
        let kind = if matches!(
            number.number_type(&phonenumber::metadata::DATABASE),
            phonenumber::Type::Mobile
        ) {
            PhoneKind::Mobile
        } else if !digits.starts_with('0') {
            PhoneKind::Representative
        } else {
            PhoneKind::Line
        };
        Some(Phone {
            text: national,
            kind,
        })
    }

    /// The written form, e.g. `010-1234-5678`.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// What kind of number it is.
    pub fn kind(&self) -> PhoneKind {
        self.kind
    }

    /// Whether it is a mobile number (one a text message can reach).
    pub fn is_mobile(&self) -> bool {
        self.kind == PhoneKind::Mobile
    }

    /// The last four digits (what a receptionist asks for).
    pub fn last_four(&self) -> &str {
        let n = self.text.len();
        &self.text[n.saturating_sub(4)..]
    }

    /// Only the digits, for search.
    pub fn digits(&self) -> String {
        self.text.chars().filter(char::is_ascii_digit).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rstest::rstest;

    #[rstest]
    #[case("010-1234-5678", "010-1234-5678", PhoneKind::Mobile)]
    #[case("01012345678", "010-1234-5678", PhoneKind::Mobile)]
    #[case("+82 10 1234 5678", "010-1234-5678", PhoneKind::Mobile)]
    #[case("+82-10-1234-5678", "010-1234-5678", PhoneKind::Mobile)]
    #[case("+82 (0)10 1234 5678", "010-1234-5678", PhoneKind::Mobile)]
    #[case("010.1234.5678", "010-1234-5678", PhoneKind::Mobile)]
    #[case(" ０１０－１２３４－５６７８ ", "010-1234-5678", PhoneKind::Mobile)]
    #[case("011-123-4567", "011-123-4567", PhoneKind::Mobile)]
    // The old ten-digit 010 numbers exist (libphonenumber accepts them; the rules it replaced
    // did not).
    #[case("010-1234-567", "010-123-4567", PhoneKind::Mobile)]
    #[case("02-123-4567", "02-123-4567", PhoneKind::Line)]
    #[case("0212345678", "02-1234-5678", PhoneKind::Line)]
    #[case("031 123 4567", "031-123-4567", PhoneKind::Line)]
    #[case("070-1234-5678", "070-1234-5678", PhoneKind::Line)]
    #[case("+82 2 1234 5678", "02-1234-5678", PhoneKind::Line)]
    #[case("1544-2994", "1544-2994", PhoneKind::Representative)]
    #[case("15442994", "1544-2994", PhoneKind::Representative)]
    // Personal numbers (050x) and free calls (080): libphonenumber knows them; the rules this
    // replaced refused them.
    #[case("0505-123-4567", "0505-123-4567", PhoneKind::Line)]
    #[case("050-1234-5678", "050-1234-5678", PhoneKind::Line)]
    #[case("080-123-4567", "080-123-4567", PhoneKind::Line)]
    fn normalised(#[case] input: &str, #[case] out: &str, #[case] kind: PhoneKind) {
        let p = Phone::parse(input).unwrap_or_else(|| panic!("{input} rejected"));
        assert_eq!(p.as_str(), out, "{input}");
        assert_eq!(p.kind(), kind, "{input}");
    }

    #[rstest]
    #[case("")]
    #[case("010-1234-56789")]
    #[case("1234-5678")]
    #[case("+1 415 555 0100")]
    #[case("010-1234-5678 ext 3")]
    #[case("010-1234-5678'; --")]
    #[case("099-123-4567")]
    #[case("++8210123456789")]
    fn refused(#[case] input: &str) {
        assert_eq!(Phone::parse(input), None, "{input}");
    }

    proptest! {
        /// Every way of writing a mobile number gives the same form, and that form parses to
        /// itself (normalising twice changes nothing).
        #[test]
        // 010-2000 to 010-9499: ranges libphonenumber's metadata lists as assigned (it refuses
        // a few unassigned ones, such as 010-5970).
        fn mobile_spellings_agree(mid in 2000u32..5000, last in 0u32..10000, style in 0usize..5) {
            let canonical = format!("010-{mid:04}-{last:04}");
            let input = match style {
                0 => format!("010{mid:04}{last:04}"),
                1 => format!("+82 10 {mid:04} {last:04}"),
                2 => format!("010.{mid:04}.{last:04}"),
                3 => format!(" 010 - {mid:04} - {last:04} "),
                _ => canonical.clone(),
            };
            let p = Phone::parse(&input).expect("valid");
            prop_assert_eq!(p.as_str(), canonical.as_str());
            let again = Phone::parse(p.as_str()).expect("again");
            prop_assert_eq!(again.as_str(), canonical.as_str());
            prop_assert_eq!(p.last_four(), format!("{last:04}"));
        }
    }
}
