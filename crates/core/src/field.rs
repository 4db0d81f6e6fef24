//! What is wrong with one field of a form, as a message id and its arguments, so the UI, the CLI
//! and the tests all show the same sentence in the reader's language (`field-*` messages in
//! `assets/locales/{ko,en}/errors.ftl`).

use crate::error::Arg;
use crate::patient::clean_text;
use serde::{Deserialize, Serialize};

word_enum! {
    /// What is wrong with a field: each is a Fluent message `field-*` in
    /// `assets/locales/{ko,en}/errors.ftl`, and a test in `jeopsu-i18n` checks every one of
    /// [`FieldMessage::ALL`] has a text in every language. A problem can only be made from one
    /// of these, so an id without a text does not compile. Each variant is named after its
    /// message, whose text in `errors.ftl` is its documentation.
    #[allow(missing_docs)]
    FieldMessage {
        Required = "field-required",
        FolderAbsolute = "field-folder-absolute",
        DateRange = "field-date-range",
        ImportTooMany = "field-import-too-many",
        ImportTooLarge = "field-import-too-large",
        TooLong = "field-too-long",
        ControlChars = "field-control-chars",
        UsernameRule = "field-username-rule",
        DisplayNameRule = "field-display-name-rule",
        PasswordShort = "field-password-short",
        PasswordLong = "field-password-long",
        NameChars = "field-name-chars",
        DateFormat = "field-date-format",
        DateFuture = "field-date-future",
        Gender = "field-gender",
        RrnFormat = "field-rrn-format",
        RrnDate = "field-rrn-date",
        RrnBirthMismatch = "field-rrn-birth-mismatch",
        RrnGenderMismatch = "field-rrn-gender-mismatch",
        PhoneFormat = "field-phone-format",
        MobileNotMobile = "field-mobile-not-mobile",
        ContactRequired = "field-contact-required",
        EmailFormat = "field-email-format",
        ChartNoFormat = "field-chart-no-format",
        YesNo = "field-yes-no",
        RrnRepeated = "field-rrn-repeated",
        RrnRegistered = "field-rrn-registered",
        ChartNoRepeated = "field-chart-no-repeated",
        ChartNoTaken = "field-chart-no-taken",
        ConsentChanged = "field-consent-changed",
        ConsentGuardian = "field-consent-guardian",
        ReasonRequired = "field-reason-required",
        ChartFormat = "field-chart-format",
        ChooseOne = "field-choose-one",
        ChooseSome = "field-choose-some",
        PaperNotDue = "field-paper-not-due",
        GuardianNotRepresentative = "field-guardian-not-representative",
        CompanionCannotSign = "field-companion-cannot-sign",
        PasswordCurrentWrong = "field-password-current-wrong",
        PasswordSame = "field-password-same",
        DateAfterToday = "field-date-after-today",
        FollowUpTooFar = "field-follow-up-too-far",
        PowerOfAttorney = "field-power-of-attorney",
        NamesConfirm = "field-names-confirm",
        IdExemptMinor = "field-id-exempt-minor",
        IdExemptRecent = "field-id-exempt-recent",
        LastVisitRange = "field-last-visit-range",
        AppointmentPast = "field-appointment-past",
        DatetimeFormat = "field-datetime-format",
        SignatureEmpty = "field-signature-empty",
        SignatureInvalid = "field-signature-invalid",
        GuardianAdult = "field-guardian-adult",
        GuardianTooMany = "field-guardian-too-many",
        MinorAck = "field-minor-ack",
        LocationRepeated = "field-location-repeated",
        LocationUnknown = "field-location-unknown",
        NumberRange = "field-number-range",
        RangeOrder = "field-range-order",
        DatePast = "field-date-past",
        LedgerUnknown = "field-ledger-unknown",
        RepresentativeAdult = "field-representative-adult",
        DelegateAttorney = "field-delegate-attorney",
        KeptByLaw = "field-kept-by-law",
        ChartUnknown = "field-chart-unknown",
        MonthFormat = "field-month-format",
        CorrectionLink = "field-correction-link",
    }
}

/// What is wrong with one field: which field, which message, and the message's arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// The field's name as the UI and the CLI know it (`username`, `birth_date`, ...).
    pub field: &'static str,
    /// What is wrong with it: a Fluent message `field-*`.
    pub message: FieldMessage,
    /// The message's placeholders, by name.
    pub args: Vec<(&'static str, Arg)>,
}

impl FieldProblem {
    /// `message` about `field`, with no arguments yet.
    pub fn new(field: &'static str, message: FieldMessage) -> FieldProblem {
        FieldProblem {
            field,
            message,
            args: vec![],
        }
    }

    /// The Fluent message id (`field-*`).
    pub fn message_id(&self) -> &'static str {
        self.message.as_str()
    }

    /// The same problem with the placeholder `name` set to `value`.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> FieldProblem {
        self.args.push((name, value.into()));
        self
    }
}

/// A free-text field: cleaned (NFC, single spaces), at most `max` characters, no control
/// characters; empty is `None`, or `field-required` when `required`.
pub fn text(
    field: &'static str,
    text: &str,
    max: usize,
    required: bool,
) -> Result<Option<String>, FieldProblem> {
    let t = clean_text(text);
    if t.is_empty() {
        return if required {
            Err(FieldProblem::new(field, FieldMessage::Required))
        } else {
            Ok(None)
        };
    }
    if t.chars().count() > max {
        return Err(FieldProblem::new(field, FieldMessage::TooLong).arg("max", max));
    }
    // Invisible format characters too (zero-width spaces, bidi overrides): a note or an address
    // must print as it reads on screen.
    if t.chars().any(|c| c.is_control() || is_format_char(c)) {
        return Err(FieldProblem::new(field, FieldMessage::ControlChars));
    }
    Ok(Some(t))
}

/// The shortest and longest reason a staff member may give.
pub const REASON_CHARS: std::ops::RangeInclusive<usize> = 2..=200;

/// A Unicode format character (category Cf, the ones text can carry): zero-width spaces and
/// joiners, bidi embeddings, overrides and isolates, the BOM, the soft hyphen, tags. Invisible,
/// and a bidi override makes printed text read differently from what was stored.
pub fn is_format_char(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{0600}'..='\u{0605}' | '\u{061C}' | '\u{06DD}' | '\u{070F}'
        | '\u{0890}'..='\u{0891}' | '\u{08E2}' | '\u{180E}' | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}'
        | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}' | '\u{110BD}' | '\u{110CD}'
        | '\u{13430}'..='\u{1343F}' | '\u{1BCA0}'..='\u{1BCA3}' | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0001}' | '\u{E0020}'..='\u{E007F}')
}

/// The one rule for a reason (an export, a reveal, a saved PDF, a ledger export, a late
/// booking): trimmed and cleaned, 2 to 200 characters, no control or format characters.
pub fn reason(field: &'static str, text: &str) -> Result<String, FieldProblem> {
    let t = clean_text(text);
    let n = t.chars().count();
    if n < *REASON_CHARS.start() {
        return Err(FieldProblem::new(field, FieldMessage::ReasonRequired));
    }
    if n > *REASON_CHARS.end() {
        return Err(FieldProblem::new(field, FieldMessage::TooLong).arg("max", *REASON_CHARS.end()));
    }
    if t.chars().any(|c| c.is_control() || is_format_char(c)) {
        return Err(FieldProblem::new(field, FieldMessage::ControlChars));
    }
    Ok(t)
}

/// `YYYY-MM-DD HH:MM` (a `T` between also accepted, as a datetime-local input sends it), as
/// typed at the desk in Seoul time.
pub fn minute(field: &'static str, text: &str) -> Result<chrono::NaiveDateTime, FieldProblem> {
    let t = text.trim().replace('T', " ");
    if t.is_empty() {
        return Err(FieldProblem::new(field, FieldMessage::Required));
    }
    let t = chrono::NaiveDateTime::parse_from_str(&t, "%Y-%m-%d %H:%M")
        .map_err(|_| FieldProblem::new(field, FieldMessage::DatetimeFormat))?;
    in_years(field, t.date()).map(|_| t)
}

/// The years a typed date may fall in. chrono reads `+262143-12-31` as a date, and a day added to
/// its last date panics; no clinic date is outside these years, so such input stops here.
pub const DATE_YEARS: (i32, i32) = (1900, 2999);

fn in_years(field: &'static str, d: chrono::NaiveDate) -> Result<chrono::NaiveDate, FieldProblem> {
    use chrono::Datelike;
    if (DATE_YEARS.0..=DATE_YEARS.1).contains(&d.year()) {
        Ok(d)
    } else {
        Err(FieldProblem::new(field, FieldMessage::DateRange)
            .arg("from", i64::from(DATE_YEARS.0))
            .arg("to", i64::from(DATE_YEARS.1)))
    }
}

/// A calendar date typed as `YYYY-MM-DD` (filters, ledger periods), between 1900 and 2999.
pub fn date(field: &'static str, text: &str) -> Result<chrono::NaiveDate, FieldProblem> {
    let d = chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| FieldProblem::new(field, FieldMessage::DateFormat))?;
    in_years(field, d)
}

/// The written form of a minute: `2026-11-24 18:05`.
pub fn minute_text(t: chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// A Seoul wall-clock minute as the desk types and reads it, stored and sent as
/// `YYYY-MM-DD HH:MM` (the same text as before it was typed, so stored rows read back
/// unchanged). Compared as a time, never as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Minute(pub chrono::NaiveDateTime);

impl Minute {
    /// The date and time, to the minute.
    pub fn get(self) -> chrono::NaiveDateTime {
        self.0
    }
    /// Its day.
    pub fn date(self) -> chrono::NaiveDate {
        self.0.date()
    }
}

impl std::fmt::Display for Minute {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d %H:%M"))
    }
}

impl std::str::FromStr for Minute {
    type Err = chrono::ParseError;
    /// `YYYY-MM-DD HH:MM` exactly (what is stored); typed input goes through [`minute`].
    fn from_str(text: &str) -> Result<Minute, chrono::ParseError> {
        chrono::NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%d %H:%M").map(Minute)
    }
}

impl serde::Serialize for Minute {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Minute {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Minute, D::Error> {
        let text = String::deserialize(d)?;
        text.parse()
            .map_err(|e| serde::de::Error::custom(format!("minute {text:?}: {e}")))
    }
}

#[cfg(feature = "ts")]
impl ts_rs::TS for Minute {
    type WithoutGenerics = Minute;
    type OptionInnerType = Minute;
    fn name(_: &ts_rs::Config) -> String {
        "string".to_string()
    }
    fn inline(_: &ts_rs::Config) -> String {
        "string".to_string()
    }
}

/// A choice from a fixed list: the parsed value, or `field-choose-one` noted in `bad`.
pub(crate) fn choose<T>(
    field: &'static str,
    v: Option<T>,
    bad: &mut Vec<FieldProblem>,
) -> Option<T> {
    if v.is_none() {
        bad.push(FieldProblem::new(field, FieldMessage::ChooseOne));
    }
    v
}

/// When a request was received: empty means now; a time typed by hand cannot be in the future.
pub(crate) fn received_at(
    text: &str,
    now: chrono::NaiveDateTime,
    bad: &mut Vec<FieldProblem>,
) -> Option<chrono::NaiveDateTime> {
    if text.trim().is_empty() {
        return Some(now);
    }
    match minute("received_at", text) {
        Ok(t) if t > now => {
            bad.push(FieldProblem::new("received_at", FieldMessage::DateFuture));
            None
        }
        Ok(t) => Some(t),
        Err(p) => {
            bad.push(p);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    #[rstest]
    #[case("서울특별시 강남구 1", true)]
    #[case("메모\u{202E}txt.exe", false)]
    #[case("메\u{200B}모", false)]
    #[case("\u{FEFF}메모", false)]
    #[case("메모\u{2066}x\u{2069}", false)]
    #[case("줄\u{0007}", false)]
    fn free_text_refuses_control_and_format_characters(#[case] input: &str, #[case] ok: bool) {
        let r = text("note", input, 200, true);
        assert_eq!(r.is_ok(), ok, "{input:?}: {r:?}");
        if !ok {
            assert_eq!(r.map_err(|p| p.message_id()), Err("field-control-chars"));
        }
    }

    /// chrono reads `+262143-12-31`; a day added to it would panic. Typed dates stop at 2999.
    #[test]
    fn a_typed_date_is_between_1900_and_2999_and_never_panics() {
        assert!(date("d", "+262143-12-31").is_err());
        assert!(minute("m", "+262143-12-31 10:00").is_err());
        for bad in ["+262142-12-31", "-0001-01-01", "1899-12-31", "3000-01-01"] {
            assert_eq!(
                date("d", bad).map_err(|p| p.message_id()),
                Err("field-date-range"),
                "{bad}"
            );
            assert_eq!(
                minute("m", &format!("{bad} 10:00")).map_err(|p| p.message_id()),
                Err("field-date-range"),
                "{bad}"
            );
        }
        assert!(date("d", "2999-12-31").is_ok());
        assert!(date("d", "1900-01-01").is_ok());
        assert_eq!(
            crate::time::end_of(chrono::NaiveDate::MAX),
            chrono::NaiveDateTime::MAX,
            "the end of the last day chrono knows does not panic"
        );
    }

    #[rstest]
    #[case("  분기 점검  ", Ok("분기 점검"))]
    #[case("ab", Ok("ab"))]
    #[case("x", Err("field-reason-required"))]
    #[case("   ", Err("field-reason-required"))]
    #[case(&"가".repeat(201), Err("field-too-long"))]
    #[case("사유\u{202E}txt.exe", Err("field-control-chars"))]
    #[case("사\u{200B}유", Err("field-control-chars"))]
    #[case("사유\u{0007}", Err("field-control-chars"))]
    fn a_reason_is_two_to_two_hundred_visible_characters(
        #[case] text: &str,
        #[case] expected: Result<&str, &str>,
    ) {
        assert_eq!(
            reason("reason", text).map_err(|p| p.message_id()),
            expected.map(str::to_string)
        );
    }
}
