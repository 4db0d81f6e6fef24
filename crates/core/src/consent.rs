//! Consent at the desk (DOMAIN.md "Consent records"): the items the clinic's policy asks about,
//! the exact wording each decision was made on (identified by a hash of wording and language),
//! and the rules a set of decisions must meet before a patient is registered.
//!
//! The wording itself lives in the Fluent files (`consent.ftl`); `jeopsu-i18n` renders it and
//! calls [`ConsentText::new`], so the screen, the paper copy and the stored hash are one text.

use crate::field::FieldProblem;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;

/// One thing a patient is asked to agree to. Each is asked and recorded separately.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum ConsentItem {
    /// Collection and use of the required items (policy section 1 ①). Required to register.
    Collection,
    /// Entrustment to the web operator named in the policy (section 8). Asked separately; a
    /// refusal is recorded and means no online booking or text reminders.
    Entrustment,
    /// Marketing and promotion (section 1 ②). Optional, never pre-ticked; refusing changes
    /// nothing else.
    Marketing,
}

impl ConsentItem {
    pub const ALL: [ConsentItem; 3] = [
        ConsentItem::Collection,
        ConsentItem::Entrustment,
        ConsentItem::Marketing,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ConsentItem::Collection => "collection",
            ConsentItem::Entrustment => "entrustment",
            ConsentItem::Marketing => "marketing",
        }
    }

    pub fn parse(text: &str) -> Option<ConsentItem> {
        ConsentItem::ALL.into_iter().find(|i| i.as_str() == text)
    }

    /// Whether registration needs this item granted.
    pub fn required(self) -> bool {
        self == ConsentItem::Collection
    }

    /// The form field a problem with this item is reported on.
    pub fn field(self) -> &'static str {
        match self {
            ConsentItem::Collection => "consent_collection",
            ConsentItem::Entrustment => "consent_entrustment",
            ConsentItem::Marketing => "consent_marketing",
        }
    }
}

impl fmt::Display for ConsentItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who gave a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Signer {
    Patient,
    Guardian,
    Import,
}

impl Signer {
    pub fn as_str(self) -> &'static str {
        match self {
            Signer::Patient => "patient",
            Signer::Guardian => "guardian",
            Signer::Import => "import",
        }
    }

    pub fn parse(s: &str) -> Signer {
        match s {
            "guardian" => Signer::Guardian,
            "import" => Signer::Import,
            _ => Signer::Patient,
        }
    }
}

/// How the decision was confirmed (Decree 17-2: in person on a signed form, or by phone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    InPerson,
    Phone,
    Import,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::InPerson => "in-person",
            Method::Phone => "phone",
            Method::Import => "import",
        }
    }

    pub fn parse(s: &str) -> Method {
        match s {
            "phone" => Method::Phone,
            "import" => Method::Import,
            _ => Method::InPerson,
        }
    }
}

/// The exact wording of one item in one language, as shown and as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConsentText {
    pub item: ConsentItem,
    /// `ko` or `en`.
    pub lang: String,
    pub title: String,
    pub body: String,
    pub required: bool,
    /// SHA-256 (hex) of language, item, title and body: the version of the text.
    pub hash: String,
}

impl ConsentText {
    pub fn new(item: ConsentItem, lang: &str, title: &str, body: &str) -> ConsentText {
        ConsentText {
            item,
            lang: lang.to_string(),
            title: title.to_string(),
            body: body.to_string(),
            required: item.required(),
            hash: text_hash(item, lang, title, body),
        }
    }

    /// The first 12 hex digits, for people: enough to tell versions apart on screen and paper.
    pub fn short_hash(&self) -> &str {
        short_hash(&self.hash)
    }
}

pub fn short_hash(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

/// The version hash. Every part is length-prefixed so no two different texts can collide by
/// moving a line between title and body.
pub fn text_hash(item: ConsentItem, lang: &str, title: &str, body: &str) -> String {
    let mut h = Sha256::new();
    for part in ["jeopsu consent v1", lang, item.as_str(), title, body] {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    h.finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>()
}

/// The plain-language notice shown to (and printed for) a minor, in one language. It is not an
/// item to agree to: a minor of 14 to 18 acknowledges having read it, and the guardian's record
/// keeps which version was shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Notice {
    pub lang: String,
    pub title: String,
    /// One idea per line.
    pub lines: Vec<String>,
    pub hash: String,
}

impl Notice {
    pub fn new(lang: &str, title: &str, body: &str) -> Notice {
        let mut h = Sha256::new();
        for part in ["jeopsu notice v1", lang, title, body] {
            h.update((part.len() as u64).to_be_bytes());
            h.update(part.as_bytes());
        }
        Notice {
            lang: lang.to_string(),
            title: title.to_string(),
            lines: body.lines().map(str::to_string).collect(),
            hash: h
                .finalize()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>(),
        }
    }

    pub fn body(&self) -> String {
        self.lines.join("\n")
    }
}

/// One version for a whole signed form: the hashes of its wordings, in order, hashed together.
/// Printed in the form's footer so paper and record can be matched.
pub fn form_version<'a>(hashes: impl IntoIterator<Item = &'a str>) -> String {
    let mut h = Sha256::new();
    h.update(b"jeopsu form v1");
    for part in hashes {
        h.update((part.len() as u64).to_be_bytes());
        h.update(part.as_bytes());
    }
    h.finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>()
}

/// What the desk answered for one item, and on which text version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConsentChoice {
    pub item: ConsentItem,
    /// `None` = not answered yet.
    pub granted: Option<bool>,
    /// The hash of the text that was on screen.
    pub hash: String,
}

/// A decision checked against the current wording, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentDecision {
    pub text: ConsentText,
    pub granted: bool,
}

/// Checks the desk's answers against the current texts: every item answered (marketing counts
/// as refused when left unticked, never as agreed), the required one granted, each on the text
/// that is current now. Reports every problem, per item.
pub fn check_choices(
    choices: &[ConsentChoice],
    texts: &[ConsentText],
) -> Result<Vec<ConsentDecision>, Vec<FieldProblem>> {
    let mut problems = vec![];
    let mut out = vec![];
    for text in texts {
        let item = text.item;
        let choice = choices.iter().find(|c| c.item == item);
        if choice.is_some_and(|c| c.hash != text.hash) {
            problems.push(FieldProblem::new(item.field(), "field-consent-changed"));
            continue;
        }
        let granted = match (item, choice.and_then(|c| c.granted)) {
            (ConsentItem::Marketing, g) => g.unwrap_or(false),
            (_, Some(g)) => g,
            (_, None) => {
                problems.push(FieldProblem::new(item.field(), "field-consent-answer"));
                continue;
            }
        };
        if item.required() && !granted {
            problems.push(FieldProblem::new(item.field(), "field-consent-required"));
            continue;
        }
        out.push(ConsentDecision {
            text: text.clone(),
            granted,
        });
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// What a registration stores as consent: for an adult, the desk's answers checked against the
/// current wording; for a minor, nothing (the legal representative consents in the guardian
/// step, [`crate::guardian`]). The form's field problems and the consent problems are reported
/// together, so the desk sees every one at once.
pub fn registration_decisions(
    input: &crate::patient::PatientInput,
    today: chrono::NaiveDate,
    choices: &[ConsentChoice],
    texts: &[ConsentText],
) -> Result<Vec<ConsentDecision>, Vec<FieldProblem>> {
    use crate::patient::{Age, parse_birth_date};
    let fields = input.validate(today).err().unwrap_or_default();
    let minor = parse_birth_date(&input.birth_date, today).is_ok_and(|b| Age::on(b, today).minor);
    let consent = if minor {
        Ok(vec![])
    } else {
        check_choices(choices, texts)
    };
    match consent {
        Ok(d) if fields.is_empty() => Ok(d),
        Ok(_) => Err(fields),
        Err(c) => Err(fields.into_iter().chain(c).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts() -> Vec<ConsentText> {
        ConsentItem::ALL
            .into_iter()
            .map(|i| ConsentText::new(i, "ko", i.as_str(), "본문"))
            .collect()
    }

    fn choice(t: &ConsentText, granted: Option<bool>) -> ConsentChoice {
        ConsentChoice {
            item: t.item,
            granted,
            hash: t.hash.clone(),
        }
    }

    fn ids(p: &[FieldProblem]) -> Vec<(&str, &str)> {
        p.iter().map(|p| (p.field, p.message_id)).collect()
    }

    #[test]
    fn the_hash_changes_with_any_word_and_with_the_language() {
        let a = ConsentText::new(ConsentItem::Collection, "ko", "제목", "본문");
        assert_eq!(a.hash.len(), 64);
        assert_eq!(
            a.hash,
            ConsentText::new(ConsentItem::Collection, "ko", "제목", "본문").hash
        );
        for b in [
            ConsentText::new(ConsentItem::Collection, "en", "제목", "본문"),
            ConsentText::new(ConsentItem::Collection, "ko", "제목", "본문."),
            ConsentText::new(ConsentItem::Marketing, "ko", "제목", "본문"),
            ConsentText::new(ConsentItem::Collection, "ko", "제목본", "문"),
        ] {
            assert_ne!(a.hash, b.hash);
        }
        assert_eq!(a.short_hash().len(), 12);
    }

    #[test]
    fn all_answered_with_collection_granted_is_accepted() {
        let t = texts();
        let c = [
            choice(&t[0], Some(true)),
            choice(&t[1], Some(false)),
            choice(&t[2], None),
        ];
        let d = check_choices(&c, &t).unwrap();
        assert_eq!(
            d.iter()
                .map(|d| (d.text.item, d.granted))
                .collect::<Vec<_>>(),
            [
                (ConsentItem::Collection, true),
                (ConsentItem::Entrustment, false),
                (ConsentItem::Marketing, false)
            ],
            "unticked marketing is recorded as refused, never agreed"
        );
    }

    #[test]
    fn every_problem_is_reported_per_item() {
        let t = texts();
        let mut stale = choice(&t[2], Some(true));
        stale.hash = "old".into();
        let c = [choice(&t[0], Some(false)), stale];
        assert_eq!(
            ids(&check_choices(&c, &t).unwrap_err()),
            [
                ("consent_collection", "field-consent-required"),
                ("consent_entrustment", "field-consent-answer"),
                ("consent_marketing", "field-consent-changed"),
            ]
        );
    }

    #[test]
    fn the_notice_hash_follows_its_wording_and_rebuilds_from_its_body() {
        let n = Notice::new("ko", "제목", "한 줄\n두 줄");
        assert_eq!(n.lines, ["한 줄", "두 줄"]);
        assert_eq!(Notice::new("ko", "제목", &n.body()).hash, n.hash);
        assert_ne!(Notice::new("en", "제목", &n.body()).hash, n.hash);
        assert_ne!(Notice::new("ko", "제목", "한 줄").hash, n.hash);
        assert_ne!(form_version(["a", "bc"]), form_version(["ab", "c"]));
        assert_eq!(form_version(["a"]).len(), 64);
    }

    #[test]
    fn a_minor_registers_without_own_consent_and_an_adult_with_it() {
        let t = texts();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let person = |birth: &str, rrn: &str| crate::patient::PatientInput {
            name: "김민수".into(),
            birth_date: birth.into(),
            rrn: rrn.into(),
            gender: "M".into(),
            address: "서울 1".into(),
            mobile: "010-1234-5678".into(),
            ..Default::default()
        };
        let child = person("2017-05-05", "170505-3123456");
        assert_eq!(registration_decisions(&child, today, &[], &t), Ok(vec![]));
        let adult = person("1990-01-01", "900101-1234567");
        assert_eq!(
            ids(&registration_decisions(&adult, today, &[], &t).unwrap_err()),
            [
                ("consent_collection", "field-consent-answer"),
                ("consent_entrustment", "field-consent-answer"),
            ]
        );
        let yes: Vec<_> = t.iter().map(|x| choice(x, Some(true))).collect();
        assert_eq!(
            registration_decisions(&adult, today, &yes, &t)
                .unwrap()
                .len(),
            3
        );
        let mut bad = adult.clone();
        bad.mobile = "010-12".into();
        let p = registration_decisions(&bad, today, &[], &t).unwrap_err();
        assert_eq!(
            p[0].field, "mobile",
            "field problems first, then the consent ones"
        );
        assert_eq!(p.len(), 3);
    }

    #[test]
    fn items_round_trip_through_their_names() {
        for i in ConsentItem::ALL {
            assert_eq!(ConsentItem::parse(i.as_str()), Some(i));
        }
        assert_eq!(ConsentItem::parse("other"), None);
    }
}
