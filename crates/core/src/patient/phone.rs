//! Korean telephone numbers, normalised to one written form: `010-1234-5678`, `02-123-4567`,
//! `031-1234-5678`, `1544-2994`. `01012345678`, `010.1234.5678`, `+82 10 1234 5678` and
//! `+82 (0)10-1234-5678` all become `010-1234-5678`.

use super::rrn::fullwidth_to_ascii;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneKind {
    /// 010 (and the old 011, 016-019).
    Mobile,
    /// An area code (02 Seoul, 031-064), 070 internet telephony or 050x personal numbers.
    Line,
    /// 15xx/16xx/18xx company numbers (대표번호), eight digits, no area code.
    Representative,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone {
    text: String,
    kind: PhoneKind,
}

impl Phone {
    pub fn parse(input: &str) -> Option<Phone> {
        let mut digits = String::new();
        let mut plus = false;
        for c in input.trim().chars().map(fullwidth_to_ascii) {
            match c {
                '0'..='9' => digits.push(c),
                '+' if digits.is_empty() && !plus => plus = true,
                ' ' | '-' | '.' | '(' | ')' => {}
                _ => return None,
            }
        }
        // International form: +82, then the national number without its trunk zero (some
        // write it anyway, as in "+82 (0)10 ...").
        let national = if plus {
            let rest = digits.strip_prefix("82")?;
            format!("0{}", rest.strip_prefix('0').unwrap_or(rest))
        } else {
            digits
        };
        classify(&national)
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn kind(&self) -> PhoneKind {
        self.kind
    }

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

fn split(prefix: &str, rest: &str, kind: PhoneKind) -> Option<Phone> {
    let (mid, last) = match rest.len() {
        7 => (&rest[..3], &rest[3..]),
        8 => (&rest[..4], &rest[4..]),
        _ => return None,
    };
    Some(Phone {
        text: format!("{prefix}-{mid}-{last}"),
        kind,
    })
}

fn classify(d: &str) -> Option<Phone> {
    if !d.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    if let Some(rest) = d.strip_prefix("010") {
        return if rest.len() == 8 {
            split("010", rest, PhoneKind::Mobile)
        } else {
            None
        };
    }
    for old in ["011", "016", "017", "018", "019"] {
        if let Some(rest) = d.strip_prefix(old) {
            return split(old, rest, PhoneKind::Mobile);
        }
    }
    if let Some(rest) = d.strip_prefix("02") {
        return split("02", rest, PhoneKind::Line);
    }
    const AREAS: [&str; 17] = [
        "031", "032", "033", "041", "042", "043", "044", "051", "052", "053", "054", "055", "061",
        "062", "063", "064", "070",
    ];
    for area in AREAS {
        if let Some(rest) = d.strip_prefix(area) {
            return split(area, rest, PhoneKind::Line);
        }
    }
    if d.len() == 8 && ["15", "16", "18"].iter().any(|p| d.starts_with(p)) {
        return Some(Phone {
            text: format!("{}-{}", &d[..4], &d[4..]),
            kind: PhoneKind::Representative,
        });
    }
    None
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
    #[case("02-123-4567", "02-123-4567", PhoneKind::Line)]
    #[case("0212345678", "02-1234-5678", PhoneKind::Line)]
    #[case("031 123 4567", "031-123-4567", PhoneKind::Line)]
    #[case("070-1234-5678", "070-1234-5678", PhoneKind::Line)]
    #[case("+82 2 1234 5678", "02-1234-5678", PhoneKind::Line)]
    #[case("1544-2994", "1544-2994", PhoneKind::Representative)]
    #[case("15442994", "1544-2994", PhoneKind::Representative)]
    fn normalised(#[case] input: &str, #[case] out: &str, #[case] kind: PhoneKind) {
        let p = Phone::parse(input).unwrap_or_else(|| panic!("{input} rejected"));
        assert_eq!(p.as_str(), out, "{input}");
        assert_eq!(p.kind(), kind, "{input}");
    }

    #[rstest]
    #[case("")]
    #[case("010-1234-567")]
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
        fn mobile_spellings_agree(mid in 0u32..10000, last in 0u32..10000, style in 0usize..5) {
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
