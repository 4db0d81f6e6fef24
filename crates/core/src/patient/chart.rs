//! Chart numbers (병원등록번호) assigned by the clinic: a format with `{YYYY}`, `{YY}` and
//! `{SEQ:n}` (a counter, zero-padded to n digits) around letters, digits and hyphens.

/// The default: `2026-00042`.
pub const DEFAULT_FORMAT: &str = "{YYYY}-{SEQ:5}";

/// The chart number for counter value `seq` in `year`, or `None` if the format is not valid
/// (unknown placeholder, no `{SEQ:n}`, a character a chart number may not hold, too long).
pub fn render(format: &str, year: i32, seq: u64) -> Option<String> {
    let mut out = String::new();
    let mut rest = format;
    let mut has_seq = false;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}')? + open;
        let token = &rest[open + 1..close];
        match token {
            "YYYY" => out.push_str(&format!("{year:04}")),
            "YY" => out.push_str(&format!("{:02}", year.rem_euclid(100))),
            t => {
                let width: usize = t.strip_prefix("SEQ:")?.parse().ok()?;
                if !(3..=9).contains(&width) {
                    return None;
                }
                out.push_str(&format!("{seq:0width$}"));
                has_seq = true;
            }
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    let ok = has_seq
        && !out.is_empty()
        && out.chars().count() <= super::CHART_NO_MAX_CHARS
        && out
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-');
    ok.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(
            render(DEFAULT_FORMAT, 2026, 42).as_deref(),
            Some("2026-00042")
        );
        assert_eq!(
            render("C{YY}{SEQ:6}", 2026, 7).as_deref(),
            Some("C26000007")
        );
        assert_eq!(
            render("{SEQ:3}", 2026, 12345).as_deref(),
            Some("12345"),
            "grows past its width"
        );
        assert_eq!(render("{YYYY}", 2026, 1), None, "no counter");
        assert_eq!(render("{SEQ:2}", 2026, 1), None, "too narrow");
        assert_eq!(render("{NAME}-{SEQ:5}", 2026, 1), None);
        assert_eq!(render("a {SEQ:5}", 2026, 1), None, "lower case and spaces");
        assert_eq!(render("{SEQ:5", 2026, 1), None);
    }
}
