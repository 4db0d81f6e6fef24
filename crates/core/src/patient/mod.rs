//! Patients: the fields the clinic's policy says it collects (section 1) and the rules each must
//! pass. Nothing invalid is ever stored; nothing valid is ever rejected. Age is derived (만 나이
//! on a given Seoul date), never typed.

pub mod chart;
pub mod phone;
pub mod rrn;

use crate::FieldProblem as P;
use crate::field::FieldMessage;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

pub use phone::{Phone, PhoneKind};
pub use rrn::{Rrn, RrnError};

/// Every field a correction can change, as the record's correction history names them (the
/// UI shows each as `ui-field-<name>`; the translation test checks every one has a text).
pub const CORRECTABLE_FIELDS: [&str; 9] = [
    "name",
    "birth_date",
    "rrn",
    "gender",
    "address",
    "phone",
    "mobile",
    "email",
    "service_status",
];

/// The longest name, in characters.
pub const NAME_MAX_CHARS: usize = 50;
/// The longest address, in characters.
pub const ADDRESS_MAX_CHARS: usize = 200;
/// The longest e-mail address (RFC 5321).
pub const EMAIL_MAX_CHARS: usize = 254;
/// The longest service status, in characters.
pub const SERVICE_MAX_CHARS: usize = 40;
/// The longest chart number, in characters.
pub const CHART_NO_MAX_CHARS: usize = 20;
/// Under 19 (만 나이) is a minor (민법 §4); under 14 a child (PIPA Art. 22-2).
pub const ADULT_AGE: u32 = 19;
/// Under 14 (만 나이) is a child: the legal representative's consent is confirmed.
pub const CHILD_AGE: u32 = 14;

/// A patient's gender, as the RRN's seventh digit gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Gender {
    /// Male.
    M,
    /// Female.
    F,
}

impl Gender {
    /// `M`, `F`, or the Korean and English words for them (any case); `None` for anything else.
    pub fn parse(text: &str) -> Option<Gender> {
        match text.trim().to_uppercase().as_str() {
            "M" | "남" | "남자" | "MALE" => Some(Gender::M),
            "F" | "여" | "여자" | "FEMALE" => Some(Gender::F),
            _ => None,
        }
    }

    /// `M` or `F`, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::M => "M",
            Gender::F => "F",
        }
    }
}

/// A patient as typed at the desk or read from a CSV row: text, unchecked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PatientInput {
    /// The patient's name.
    pub name: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    /// 주민등록번호, `YYMMDD-NNNNNNN` (required).
    pub rrn: String,
    /// `M` or `F`.
    pub gender: String,
    /// The patient's address.
    pub address: String,
    /// 연락처: any Korean number (a landline, a company number or a mobile).
    pub phone: String,
    /// 휴대전화.
    pub mobile: String,
    /// An e-mail address; may be empty.
    pub email: String,
    /// 병원등록번호; empty = assigned by the store.
    pub chart_no: String,
    /// 서비스신청여부, as the clinic words it (e.g. "상담", "시술 예약").
    pub service_status: String,
}

/// A patient whose every field passed, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidPatient {
    /// The name, cleaned ([`clean_text`]).
    pub name: String,
    /// The birth date.
    pub birth_date: NaiveDate,
    /// The RRN, checked against the birth date and gender.
    pub rrn: Rrn,
    /// The gender.
    pub gender: Gender,
    /// The address, cleaned.
    pub address: String,
    /// A landline or any number.
    pub phone: Option<Phone>,
    /// A mobile number.
    pub mobile: Option<Phone>,
    /// The e-mail address, lower-cased after the `@`.
    pub email: Option<String>,
    /// The chart number, when the row brings one.
    pub chart_no: Option<String>,
    /// The service status, cleaned.
    pub service_status: Option<String>,
}

/// How old someone is on `today` (만 나이: whole years since birth, the legal default since
/// 2023-06-28). Someone born on 29 February turns a year older on 1 March in other years.
pub fn age_on(birth: NaiveDate, today: NaiveDate) -> u32 {
    let mut years = today.year() - birth.year();
    if (today.month(), today.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).unwrap_or(0)
}

/// The day someone born on `birth` turns `years` old (a 29 February birthday falls on 1 March
/// in other years, as [`age_on`] counts it).
pub fn birthday_at(birth: NaiveDate, years: u32) -> Option<NaiveDate> {
    let year = birth.year().checked_add(i32::try_from(years).ok()?)?;
    birth
        .with_year(year)
        .or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
}

/// Someone's age on a day, and what it means for consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Age {
    /// Whole years (만 나이).
    pub years: u32,
    /// Under 19: a legal representative must consent.
    pub minor: bool,
    /// Under 14: the representative's consent must be confirmed; only what is needed to reach
    /// them may be collected from the child.
    pub child: bool,
}

impl Age {
    /// The age on `today` of someone born on `birth`.
    pub fn on(birth: NaiveDate, today: NaiveDate) -> Age {
        let years = age_on(birth, today);
        Age {
            years,
            minor: years < ADULT_AGE,
            child: years < CHILD_AGE,
        }
    }
}

/// Trims, NFC-normalises and joins runs of spaces: how every text field is stored.
pub fn clean_text(text: &str) -> String {
    let nfc: String = text.nfc().collect();
    nfc.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Names as people write them (docs/LAW.md "Names"): the letters of any script (Hangul, Latin
/// with its diacritics, Vietnamese, Hanja, Cyrillic...) with their combining marks, spaces, and
/// the hyphen, apostrophe and middle dot that names carry. Never digits, symbols, control or
/// format characters (a bidi override in a name would disguise what is printed).
fn is_name_char(c: char) -> bool {
    (c.is_alphabetic() && !c.is_numeric())
        || unicode_normalization::char::is_combining_mark(c)
        || NAME_PUNCTUATION.contains(&c)
}

/// Besides letters: space, hyphen (ASCII and U+2010), apostrophe (ASCII and U+2019), and the
/// middle dots (U+00B7, and U+30FB as Japanese and Chinese names are typed).
const NAME_PUNCTUATION: [char; 7] = [
    ' ', '-', '\u{2010}', '\'', '\u{2019}', '\u{00B7}', '\u{30FB}',
];

fn is_name_letter(c: char) -> bool {
    c.is_alphabetic() && !c.is_numeric()
}

/// A name as stored ([`clean_text`]), or why it cannot be one (docs/LAW.md "Names").
pub fn parse_name(text: &str) -> Result<String, P> {
    let name = clean_text(text);
    if name.is_empty() {
        return Err(P::new("name", FieldMessage::Required));
    }
    if name.chars().count() > NAME_MAX_CHARS {
        return Err(P::new("name", FieldMessage::TooLong).arg("max", NAME_MAX_CHARS));
    }
    if !name.chars().all(is_name_char) || !name.chars().next().is_some_and(is_name_letter) {
        return Err(P::new("name", FieldMessage::NameChars));
    }
    Ok(name)
}

/// `YYYY-MM-DD` (also `YYYYMMDD`), a real calendar date, not after `today`.
pub fn parse_birth_date(text: &str, today: NaiveDate) -> Result<NaiveDate, P> {
    let t: String = text.trim().chars().map(rrn::fullwidth_to_ascii).collect();
    if t.is_empty() {
        return Err(P::new("birth_date", FieldMessage::Required));
    }
    let date = NaiveDate::parse_from_str(&t, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(&t, "%Y%m%d"))
        .ok()
        .filter(|d| d.year() >= 1800 && t.len() <= 10)
        .ok_or_else(|| P::new("birth_date", FieldMessage::DateFormat))?;
    if date > today {
        return Err(P::new("birth_date", FieldMessage::DateFuture));
    }
    Ok(date)
}

/// An e-mail address, trimmed; `None` when empty.
pub fn parse_email(text: &str) -> Result<Option<String>, P> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if t.chars().count() > EMAIL_MAX_CHARS {
        return Err(P::new("email", FieldMessage::TooLong).arg("max", EMAIL_MAX_CHARS));
    }
    let options = email_address::Options::default()
        .with_required_tld()
        .without_domain_literal()
        .without_display_text();
    email_address::EmailAddress::parse_with_options(t, options)
        .map(|e| {
            // The domain is case-insensitive; the local part is kept as typed.
            let (local, domain) = (e.local_part(), e.domain());
            Some(format!("{local}@{}", domain.to_lowercase()))
        })
        .map_err(|_| P::new("email", FieldMessage::EmailFormat))
}

/// A chart number typed by hand (or imported): letters, digits and hyphens, up to 20.
pub fn parse_chart_no(text: &str) -> Result<Option<String>, P> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let ok = t.chars().count() <= CHART_NO_MAX_CHARS
        && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !t.starts_with('-');
    if ok {
        Ok(Some(t.to_uppercase()))
    } else {
        Err(P::new("chart_no", FieldMessage::ChartNoFormat).arg("max", CHART_NO_MAX_CHARS))
    }
}

fn optional_text(field: &'static str, text: &str, max: usize) -> Result<Option<String>, P> {
    crate::field::text(field, text, max, false)
}

pub(crate) fn parse_phone(
    field: &'static str,
    text: &str,
    mobile: bool,
) -> Result<Option<Phone>, P> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    let phone = Phone::parse(text).ok_or_else(|| P::new(field, FieldMessage::PhoneFormat))?;
    if mobile && !phone.is_mobile() {
        return Err(P::new(field, FieldMessage::MobileNotMobile));
    }
    Ok(Some(phone))
}

impl PatientInput {
    /// Checks every field and reports every problem at once (each next to its field).
    pub fn validate(&self, today: NaiveDate) -> Result<ValidPatient, Vec<P>> {
        let mut problems = vec![];
        fn keep<T>(problems: &mut Vec<P>, r: Result<T, P>) -> Option<T> {
            r.map_err(|p| problems.push(p)).ok()
        }
        macro_rules! take {
            ($e:expr $(,)?) => {
                keep(&mut problems, $e)
            };
        }

        let name = take!(parse_name(&self.name));
        let birth_date = take!(parse_birth_date(&self.birth_date, today));
        let gender = take!(
            Gender::parse(&self.gender).ok_or_else(|| P::new("gender", FieldMessage::Gender)),
        );
        let rrn = take!(if self.rrn.trim().is_empty() {
            Err(P::new("rrn", FieldMessage::Required))
        } else {
            Rrn::parse(&self.rrn).map_err(|e| match e {
                RrnError::Format => P::new("rrn", FieldMessage::RrnFormat),
                RrnError::Date => P::new("rrn", FieldMessage::RrnDate),
            })
        });
        let address = take!(
            optional_text("address", &self.address, ADDRESS_MAX_CHARS)
                .and_then(|a| a.ok_or_else(|| P::new("address", FieldMessage::Required))),
        );
        let phone = take!(parse_phone("phone", &self.phone, false));
        let mobile = take!(parse_phone("mobile", &self.mobile, true));
        let email = take!(parse_email(&self.email));
        let chart_no = take!(parse_chart_no(&self.chart_no));
        let service_status = take!(optional_text(
            "service_status",
            &self.service_status,
            SERVICE_MAX_CHARS,
        ));

        // The RRN must agree with the birth date and gender typed beside it.
        if let (Some(r), Some(b)) = (&rrn, birth_date)
            && r.birth_date() != Some(b)
        {
            problems.push(P::new("rrn", FieldMessage::RrnBirthMismatch).arg(
                "rrn_date",
                r.birth_date().map(|d| d.to_string()).unwrap_or_default(),
            ));
        }
        if let (Some(r), Some(g)) = (&rrn, gender)
            && r.gender() != g
        {
            problems
                .push(P::new("rrn", FieldMessage::RrnGenderMismatch).arg("g", u32::from(r.g())));
        }
        // A way to reach them: a phone or a mobile (a child may have neither of their own; the
        // guardian's number then goes here).
        if matches!((&phone, &mobile), (Some(None), Some(None))) {
            problems.push(P::new("mobile", FieldMessage::ContactRequired));
        }

        match (
            name,
            birth_date,
            rrn,
            gender,
            address,
            phone,
            mobile,
            email,
            chart_no,
            service_status,
        ) {
            (
                Some(name),
                Some(birth_date),
                Some(rrn),
                Some(gender),
                Some(address),
                Some(phone),
                Some(mobile),
                Some(email),
                Some(chart_no),
                Some(service_status),
            ) if problems.is_empty() => Ok(ValidPatient {
                name,
                birth_date,
                rrn,
                gender,
                address,
                phone,
                mobile,
                email,
                chart_no,
                service_status,
            }),
            _ => Err(problems),
        }
    }
}

#[cfg(test)]
mod tests;
