//! Consent at the desk (docs/LAW.md "Registration and consent"): what is *told* and what is
//! *asked*, the exact wording each decision was made on (identified by a hash of wording and
//! language), and the rules a set of decisions must meet.
//!
//! The information needed for care is collected under the law without consent (PIPA Art.
//! 15(1)2 and 4; the RRN under Art. 24-2 and 의료법 시행령 제42조의2): the desk shows it as a
//! notice ([`Notice`], `registration-notice` in `consent.ftl`), never as a tick box, and it is
//! never a reason to refuse registration. The entrustment to the web operator is disclosed in
//! the same notice (Art. 26(2)). Only the optional items are asked ([`ConsentItem::ASKED`]).
//!
//! The wording itself lives in the Fluent files (`consent.ftl`); `jeopsu-i18n` renders it and
//! calls [`ConsentText::new`], so the screen, the paper copy and the stored hash are one text.

use crate::field::FieldMessage;
use crate::field::FieldProblem;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;

/// An item a consent row is about. Each is asked and recorded separately.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "kebab-case")]
pub enum ConsentItem {
    /// History only: the collection of the items needed for care was asked as a consent before
    /// this version. It rests on the law, not on consent, so it is no longer asked; rows from
    /// before stay readable (docs/LAW.md "Registration and consent").
    Collection,
    /// History only: the entrustment to the web operator was asked before this version. It is
    /// disclosed in the registration notice (PIPA Art. 26(2)), not asked.
    Entrustment,
    /// Marketing and promotion (policy section 1 ②), done by the trustee the wording names
    /// (Art. 26(3)). Optional, never pre-ticked; refusing changes nothing else.
    Marketing,
}

impl ConsentItem {
    /// Every item a stored row may carry, the historical ones included.
    pub const ALL: [ConsentItem; 3] = [
        ConsentItem::Collection,
        ConsentItem::Entrustment,
        ConsentItem::Marketing,
    ];

    /// The items asked today: only the optional ones, where the law asks for consent.
    pub const ASKED: [ConsentItem; 1] = [ConsentItem::Marketing];

    /// Whether the desk asks this item today (false for the historical ones).
    pub fn asked(self) -> bool {
        ConsentItem::ASKED.contains(&self)
    }

    /// The item's word, as stored and sent over IPC.
    pub fn as_str(self) -> &'static str {
        match self {
            ConsentItem::Collection => "collection",
            ConsentItem::Entrustment => "entrustment",
            ConsentItem::Marketing => "marketing",
        }
    }

    /// The item whose word is `text`; `None` for any other.
    pub fn parse(text: &str) -> Option<ConsentItem> {
        ConsentItem::ALL.into_iter().find(|i| i.as_str() == text)
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

word_enum! {
    /// Who gave a decision.
    Signer {
        /// The patient, an adult.
        Patient = "patient",
        /// A minor's legal representative.
        Guardian = "guardian",
        /// Brought in by an import from the clinic's previous system.
        Import = "import",
    }
}

word_enum! {
    /// How the decision was confirmed (Decree 17-2: in person on a signed form, or by phone).
    /// A stored word no value has is an error for the caller, never a default.
    Method {
        /// In person, on a signed form.
        InPerson = "in-person",
        /// By phone.
        Phone = "phone",
        /// Brought in by an import.
        Import = "import",
    }
}

/// The exact wording of one item in one language, as shown and as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConsentText {
    /// The item the wording is for.
    pub item: ConsentItem,
    /// `ko` or `en`.
    pub lang: String,
    /// The heading, as printed.
    pub title: String,
    /// The wording, as printed.
    pub body: String,
    /// SHA-256 (hex) of language, item, title and body: the version of the text.
    pub hash: String,
}

impl ConsentText {
    /// The wording with its version hash ([`text_hash`]).
    pub fn new(item: ConsentItem, lang: &str, title: &str, body: &str) -> ConsentText {
        ConsentText {
            item,
            lang: lang.to_string(),
            title: title.to_string(),
            body: body.to_string(),
            hash: text_hash(item, lang, title, body),
        }
    }

    /// The first 12 hex digits, for people: enough to tell versions apart on screen and paper.
    pub fn short_hash(&self) -> &str {
        short_hash(&self.hash)
    }
}

/// The first 12 hex digits of a version hash (the whole text if it is shorter).
pub fn short_hash(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

/// The version hash. Every part is length-prefixed so no two different texts can collide by
/// moving a line between title and body.
pub fn text_hash(item: ConsentItem, lang: &str, title: &str, body: &str) -> String {
    version_hash(b"", ["jeopsu consent v1", lang, item.as_str(), title, body])
}

/// SHA-256 (hex) of `label` followed by each part with its length in front (8 bytes, big
/// endian). The one way every version hash here is made: the wordings', the notice's and the
/// form's. The stored hashes depend on it byte for byte: DO NOT CHANGE.
fn version_hash<'a>(label: &[u8], parts: impl IntoIterator<Item = &'a str>) -> String {
    let mut h = Sha256::new();
    h.update(label);
    for part in parts {
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
    /// `ko` or `en`.
    pub lang: String,
    /// The heading, as printed.
    pub title: String,
    /// One idea per line.
    pub lines: Vec<String>,
    /// SHA-256 (hex) of language, title and body: the version of the notice.
    pub hash: String,
}

impl Notice {
    /// The notice with its version hash; `body` is split into its lines.
    pub fn new(lang: &str, title: &str, body: &str) -> Notice {
        Notice {
            lang: lang.to_string(),
            title: title.to_string(),
            lines: body.lines().map(str::to_string).collect(),
            hash: version_hash(b"", ["jeopsu notice v1", lang, title, body]),
        }
    }

    /// The lines joined again, as the notice was written.
    pub fn body(&self) -> String {
        self.lines.join("\n")
    }
}

/// One version for a whole signed form: the hashes of its wordings, in order, hashed together.
/// Printed in the form's footer so paper and record can be matched.
pub fn form_version<'a>(hashes: impl IntoIterator<Item = &'a str>) -> String {
    version_hash(b"jeopsu form v1", hashes)
}

/// What the desk answered for one item, and on which text version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConsentChoice {
    /// The item answered.
    pub item: ConsentItem,
    /// `None` = not answered yet.
    pub granted: Option<bool>,
    /// The hash of the text that was on screen.
    pub hash: String,
}

/// A decision checked against the current wording, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentDecision {
    /// The wording the decision was made on.
    pub text: ConsentText,
    /// Yes or no.
    pub granted: bool,
}

/// Checks the desk's answers against the current texts (the asked items only): an item left
/// unanswered counts as refused, never as agreed (every asked item is optional), and an answer
/// given on another version of the wording is asked again. An answer about an item that is not
/// asked is ignored: nothing is stored for it. Reports every problem, per item.
pub fn check_choices(
    choices: &[ConsentChoice],
    texts: &[ConsentText],
) -> Result<Vec<ConsentDecision>, Vec<FieldProblem>> {
    let mut problems = vec![];
    let mut out = vec![];
    for text in texts.iter().filter(|t| t.item.asked()) {
        let choice = choices.iter().find(|c| c.item == text.item);
        if choice.is_some_and(|c| c.hash != text.hash) {
            problems.push(FieldProblem::new(
                text.item.field(),
                FieldMessage::ConsentChanged,
            ));
            continue;
        }
        out.push(ConsentDecision {
            text: text.clone(),
            granted: choice.and_then(|c| c.granted).unwrap_or(false),
        });
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// What the clinic has chosen about its optional items (a setting the admin keeps).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConsentPolicy {
    /// Offer marketing to the legal representative of a child under 14. Off by default: a
    /// clinic that does not advertise to children never asks (docs/LAW.md "Minors").
    #[serde(default)]
    pub marketing_under_14: bool,
}

/// Whether `item` is offered to a patient of this age at all: only the asked items, and
/// marketing to a child under 14 only where the clinic turned it on (docs/LAW.md "Minors").
pub fn offered(policy: ConsentPolicy, age: crate::patient::Age, item: ConsentItem) -> bool {
    item.asked() && !(age.child && item == ConsentItem::Marketing && !policy.marketing_under_14)
}

/// The items offered to a patient of this age, in order (none under 14).
pub fn offered_items(policy: ConsentPolicy, age: crate::patient::Age) -> Vec<ConsentItem> {
    ConsentItem::ASKED
        .into_iter()
        .filter(|&i| offered(policy, age, i))
        .collect()
}

/// The texts of the items offered to a patient of this age, in order.
pub fn offered_texts(
    policy: ConsentPolicy,
    age: crate::patient::Age,
    texts: &[ConsentText],
) -> Vec<ConsentText> {
    texts
        .iter()
        .filter(|t| offered(policy, age, t.item))
        .cloned()
        .collect()
}

/// Who may grant an optional item for a patient of this age (PIPA Art. 22-2; docs/LAW.md
/// "Minors"): for a minor only the legal representative; a minor's own "yes" or an imported one
/// is refused. Refusing or withdrawing is open to anyone: it only ever narrows what is done.
pub fn may_grant(
    age: crate::patient::Age,
    signer: Signer,
    granted: bool,
) -> Result<(), FieldProblem> {
    if granted && age.minor && signer != Signer::Guardian {
        return Err(FieldProblem::new(
            ConsentItem::Marketing.field(),
            FieldMessage::ConsentGuardian,
        ));
    }
    Ok(())
}

word_enum!(
    /// What the desk may do with a consent item on a record now.
    ConsentAction {
        /// Record the patient's "yes" (on the current wording).
        Grant = "grant",
        /// Record that the patient withdraws a "yes".
        Withdraw = "withdraw",
    }
);

/// One thing a record offers: an item and what may be done with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ConsentOffer {
    /// The item.
    pub item: ConsentItem,
    /// What may be done with it now.
    pub action: ConsentAction,
}

/// What a record offers for each item the desk asks (`ConsentItem::ASKED`): for an adult, to
/// withdraw an item whose decision in force is "yes", to give it otherwise; for a minor
/// nothing (the legal representative decides, in the guardian step; docs/LAW.md "Minors").
/// `in_force` is each item's decision in force.
pub fn record_offers(
    age: crate::patient::Age,
    in_force: &[(ConsentItem, bool)],
) -> Vec<ConsentOffer> {
    if age.minor {
        return vec![];
    }
    ConsentItem::ASKED
        .iter()
        .map(|&item| {
            let granted = in_force.iter().any(|&(i, g)| i == item && g);
            ConsentOffer {
                item,
                action: if granted {
                    ConsentAction::Withdraw
                } else {
                    ConsentAction::Grant
                },
            }
        })
        .collect()
}

/// Whether a minor's record waits for the guardian step: a minor (under 19) for whom no legal
/// representative has signed yet (docs/LAW.md "Minors").
pub fn guardian_step_pending(age: crate::patient::Age, signed_occasions: usize) -> bool {
    age.minor && signed_occasions == 0
}

/// Whether a "no" ended an earlier agreement: `granted` is the decision, `before` the same
/// item's decisions before it, oldest first. A "no" after a "yes" is a withdrawal; a first
/// "no", or a "no" after a "no", is not.
pub fn is_withdrawal(granted: bool, before: impl IntoIterator<Item = bool>) -> bool {
    !granted && before.into_iter().last().unwrap_or(false)
}

/// A patient who has turned 19 while the optional use in force is their legal representative's
/// "yes": the representative's consent spoke for a minor, so the desk asks the adult's own
/// decision at the next visit. `history` is every stored decision as `(item, signer, granted)`,
/// oldest first.
pub fn adult_decision_due(
    age: crate::patient::Age,
    history: &[(ConsentItem, Signer, bool)],
) -> bool {
    !age.minor
        && ConsentItem::ASKED.iter().any(|item| {
            history
                .iter()
                .rev()
                .find(|(i, _, _)| i == item)
                .is_some_and(|(_, s, g)| *s == Signer::Guardian && *g)
        })
}

/// Whether the registration form asks the optional consent items: an adult, or someone whose
/// age is not known yet, answers them there; a minor's legal representative answers them in the
/// guardian step ([`crate::guardian`]), after the registration.
pub fn asked_at_registration(
    input: &crate::patient::PatientInput,
    today: chrono::NaiveDate,
) -> bool {
    use crate::patient::{Age, parse_birth_date};
    !parse_birth_date(&input.birth_date, today).is_ok_and(|b| Age::on(b, today).minor)
}

/// What a registration stores as consent: for an adult, their answers to the optional items
/// checked against the current wording (never a reason to refuse the registration: unanswered
/// is refused); for a minor, nothing (the legal representative consents in the guardian
/// step, [`crate::guardian`]). The form's field problems and the consent problems are reported
/// together, so the desk sees every one at once.
pub fn registration_decisions(
    input: &crate::patient::PatientInput,
    today: chrono::NaiveDate,
    choices: &[ConsentChoice],
    texts: &[ConsentText],
) -> Result<Vec<ConsentDecision>, Vec<FieldProblem>> {
    let fields = input.validate(today).err().unwrap_or_default();
    let consent = if asked_at_registration(input, today) {
        check_choices(choices, texts)
    } else {
        Ok(vec![])
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

    #[test]
    fn the_registration_asks_an_adult_and_someone_of_unknown_age_but_not_a_minor() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let born = |b: &str| crate::patient::PatientInput {
            birth_date: b.into(),
            ..Default::default()
        };
        assert!(
            asked_at_registration(&born("2007-11-25"), today),
            "19 today"
        );
        assert!(
            !asked_at_registration(&born("2007-11-26"), today),
            "18 until tomorrow"
        );
        assert!(
            asked_at_registration(&born(""), today),
            "not known yet: asked"
        );
        assert!(
            asked_at_registration(&born("2007-13-01"), today),
            "not a date: asked"
        );
    }

    #[test]
    fn an_adult_is_offered_to_withdraw_a_yes_or_give_one_and_a_minor_nothing() {
        let on = |birth: &str| {
            crate::patient::Age::on(
                chrono::NaiveDate::parse_from_str(birth, "%Y-%m-%d").unwrap(),
                chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            )
        };
        let adult = on("1980-01-01");
        let offer = |action| ConsentOffer {
            item: ConsentItem::Marketing,
            action,
        };
        assert_eq!(
            record_offers(adult, &[(ConsentItem::Marketing, true)]),
            [offer(ConsentAction::Withdraw)]
        );
        assert_eq!(
            record_offers(adult, &[(ConsentItem::Marketing, false)]),
            [offer(ConsentAction::Grant)]
        );
        assert_eq!(record_offers(adult, &[]), [offer(ConsentAction::Grant)]);
        // A historical item's "yes" offers nothing: only the items asked today.
        assert_eq!(
            record_offers(adult, &[(ConsentItem::Collection, true)]),
            [offer(ConsentAction::Grant)]
        );
        assert_eq!(
            record_offers(on("2015-03-04"), &[(ConsentItem::Marketing, true)]),
            []
        );
    }

    #[test]
    fn a_no_after_a_yes_is_a_withdrawal_and_a_minor_without_a_signature_waits_for_the_guardian() {
        assert!(is_withdrawal(false, [false, true]));
        assert!(!is_withdrawal(false, [true, false]));
        assert!(!is_withdrawal(false, []));
        assert!(!is_withdrawal(true, [true]));
        let on = |birth: &str| {
            crate::patient::Age::on(
                chrono::NaiveDate::parse_from_str(birth, "%Y-%m-%d").unwrap(),
                chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
            )
        };
        assert!(guardian_step_pending(on("2015-03-04"), 0));
        assert!(!guardian_step_pending(on("2015-03-04"), 1));
        assert!(!guardian_step_pending(on("1980-01-01"), 0));
    }

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
        p.iter().map(|p| (p.field, p.message_id())).collect()
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
    fn only_the_asked_items_are_stored_and_unanswered_marketing_is_refused() {
        let t = texts();
        let d = check_choices(&[], &t).expect("nothing answered is never a reason to refuse");
        assert_eq!(
            d.iter()
                .map(|d| (d.text.item, d.granted))
                .collect::<Vec<_>>(),
            [(ConsentItem::Marketing, false)],
            "only marketing is asked; unanswered is refused, never agreed"
        );
        let all_yes: Vec<_> = t.iter().map(|x| choice(x, Some(true))).collect();
        let d = check_choices(&all_yes, &t).expect("accepted");
        assert_eq!(
            d.iter()
                .map(|d| (d.text.item, d.granted))
                .collect::<Vec<_>>(),
            [(ConsentItem::Marketing, true)],
            "a 'yes' to an item that is no longer asked stores nothing"
        );
    }

    #[test]
    fn an_answer_on_another_wording_is_asked_again() {
        let t = texts();
        let mut stale = choice(&t[2], Some(true));
        stale.hash = "old".into();
        assert_eq!(
            ids(&check_choices(&[stale], &t).unwrap_err()),
            [("consent_marketing", "field-consent-changed")]
        );
    }

    fn age(years: u32) -> crate::patient::Age {
        crate::patient::Age {
            years,
            minor: years < 19,
            child: years < 14,
        }
    }

    #[test]
    fn only_the_legal_representative_grants_an_optional_item_for_a_minor() {
        for signer in [Signer::Patient, Signer::Import] {
            assert_eq!(
                may_grant(age(18), signer, true).map_err(|p| p.message_id()),
                Err("field-consent-guardian"),
                "{signer:?} may not say yes for an 18-year-old"
            );
            assert_eq!(
                may_grant(age(18), signer, false),
                Ok(()),
                "refusing is open"
            );
            assert_eq!(may_grant(age(19), signer, true), Ok(()), "an adult decides");
        }
        assert_eq!(may_grant(age(9), Signer::Guardian, true), Ok(()));
    }

    #[test]
    fn marketing_is_not_offered_under_14_and_offered_from_14() {
        let t = texts();
        let off = ConsentPolicy::default();
        assert!(
            offered_texts(off, age(13), &t).is_empty(),
            "13: not offered"
        );
        // A clinic that turned it on asks the representative of a child too.
        let on = ConsentPolicy {
            marketing_under_14: true,
        };
        assert_eq!(offered_items(on, age(13)), [ConsentItem::Marketing]);
        assert_eq!(
            offered_texts(off, age(14), &t)
                .iter()
                .map(|t| t.item)
                .collect::<Vec<_>>(),
            [ConsentItem::Marketing],
            "14: the representative and the minor are asked"
        );
        assert!(
            !offered(on, age(40), ConsentItem::Collection),
            "history only"
        );
    }

    #[test]
    fn turning_19_with_the_representatives_yes_asks_the_adults_own_decision() {
        use ConsentItem::*;
        let guardian_yes = [
            (Collection, Signer::Guardian, true),
            (Marketing, Signer::Guardian, true),
        ];
        assert!(adult_decision_due(age(19), &guardian_yes));
        assert!(!adult_decision_due(age(18), &guardian_yes), "still a minor");
        let then_own = [
            guardian_yes.as_slice(),
            &[(Marketing, Signer::Patient, false)],
        ]
        .concat();
        assert!(
            !adult_decision_due(age(19), &then_own),
            "the adult has decided"
        );
        let guardian_no = [(Marketing, Signer::Guardian, false)];
        assert!(
            !adult_decision_due(age(19), &guardian_no),
            "nothing is done on a 'no'"
        );
        let old_collection_only = [(Collection, Signer::Guardian, true)];
        assert!(
            !adult_decision_due(age(19), &old_collection_only),
            "a historical item asks nothing"
        );
    }

    #[test]
    fn version_hashes_stay_what_stored_records_hold() {
        // Values from before the three hashes shared one function: a signed record, a paper
        // form and its footer must keep matching the wording they were made on.
        assert_eq!(
            text_hash(ConsentItem::Marketing, "ko", "제목", "본문\n둘째 줄"),
            "36ee59ed28aa73be59ce663c4dd5758599fa2bed470f3deef25efd1b81be6287"
        );
        assert_eq!(
            Notice::new("en", "Title", "one\ntwo").hash,
            "1fa51d9b9cf5388450a68b5018913d684c720a30f844f5b32fe3429be65a61dc"
        );
        assert_eq!(
            form_version(["ab", "cde"]),
            "4a023dd576385b198ff946bc6e590670e8a20abe503b30f876bbe16e3ac2b11f"
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
    fn a_minor_registers_without_own_consent_and_an_adult_without_any_consent() {
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
        let yes: Vec<_> = t.iter().map(|x| choice(x, Some(true))).collect();
        assert_eq!(
            registration_decisions(&child, today, &yes, &t),
            Ok(vec![]),
            "a minor's own answers are not stored: the legal representative decides"
        );
        let adult = person("1990-01-01", "900101-1234567");
        let none = registration_decisions(&adult, today, &[], &t)
            .expect("the items needed for care rest on the law: no answer blocks registration");
        assert_eq!(
            none.iter()
                .map(|d| (d.text.item, d.granted))
                .collect::<Vec<_>>(),
            [(ConsentItem::Marketing, false)]
        );
        let mut bad = adult.clone();
        bad.mobile = "010-12".into();
        let mut stale = choice(&t[2], Some(true));
        stale.hash = "old".into();
        assert_eq!(
            ids(&registration_decisions(&bad, today, &[stale], &t).unwrap_err()),
            [
                ("mobile", "field-phone-format"),
                ("consent_marketing", "field-consent-changed")
            ],
            "field problems first, then the consent ones"
        );
    }

    #[test]
    fn items_round_trip_through_their_names() {
        for i in ConsentItem::ALL {
            assert_eq!(ConsentItem::parse(i.as_str()), Some(i));
        }
        assert_eq!(ConsentItem::parse("other"), None);
    }
}
