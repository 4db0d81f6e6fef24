//! Korean-first texts for every person-facing message.
//!
//! The `.ftl` files under `assets/locales/{ko,en}` are the single source: the CLI and the app's
//! backend read them through this crate (compiled in, so a missing file is a build error), the UI
//! reads the same files, and the printed forms will too, so screen, terminal and paper agree.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};
use unic_langid::{LanguageIdentifier, langid};

/// The languages Jeopsu speaks. Korean is the default everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Ko,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Ko, Lang::En];

    pub fn parse(text: &str) -> Option<Lang> {
        match text.trim().to_ascii_lowercase().as_str() {
            "ko" | "ko-kr" | "kor" | "korean" => Some(Lang::Ko),
            "en" | "en-us" | "en-gb" | "eng" | "english" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Ko => "ko",
            Lang::En => "en",
        }
    }

    fn langid(self) -> LanguageIdentifier {
        match self {
            Lang::Ko => langid!("ko"),
            Lang::En => langid!("en"),
        }
    }
}

/// Every `.ftl` file per language, in a fixed order. Adding a file means adding it here for both
/// languages; the test `both_languages_have_the_same_files` checks the pairs stay aligned.
pub const SOURCES: [(Lang, &str, &str); 14] = [
    (
        Lang::Ko,
        "errors.ftl",
        include_str!("../../../assets/locales/ko/errors.ftl"),
    ),
    (
        Lang::Ko,
        "cli.ftl",
        include_str!("../../../assets/locales/ko/cli.ftl"),
    ),
    (
        Lang::Ko,
        "ui.ftl",
        include_str!("../../../assets/locales/ko/ui.ftl"),
    ),
    (
        Lang::Ko,
        "forms.ftl",
        include_str!("../../../assets/locales/ko/forms.ftl"),
    ),
    (
        Lang::Ko,
        "consent.ftl",
        include_str!("../../../assets/locales/ko/consent.ftl"),
    ),
    (
        Lang::Ko,
        "cctv.ftl",
        include_str!("../../../assets/locales/ko/cctv.ftl"),
    ),
    (
        Lang::Ko,
        "privacy.ftl",
        include_str!("../../../assets/locales/ko/privacy.ftl"),
    ),
    (
        Lang::En,
        "errors.ftl",
        include_str!("../../../assets/locales/en/errors.ftl"),
    ),
    (
        Lang::En,
        "cli.ftl",
        include_str!("../../../assets/locales/en/cli.ftl"),
    ),
    (
        Lang::En,
        "ui.ftl",
        include_str!("../../../assets/locales/en/ui.ftl"),
    ),
    (
        Lang::En,
        "forms.ftl",
        include_str!("../../../assets/locales/en/forms.ftl"),
    ),
    (
        Lang::En,
        "consent.ftl",
        include_str!("../../../assets/locales/en/consent.ftl"),
    ),
    (
        Lang::En,
        "cctv.ftl",
        include_str!("../../../assets/locales/en/cctv.ftl"),
    ),
    (
        Lang::En,
        "privacy.ftl",
        include_str!("../../../assets/locales/en/privacy.ftl"),
    ),
];

/// Looks messages up in one language. Cheap to make: each language's bundle is parsed once per
/// process and shared (every error message, every form and every screen text used to parse all
/// `.ftl` files again).
pub struct Texts {
    lang: Lang,
    bundle: &'static FluentBundle<FluentResource>,
}

/// One parsed bundle per language, built on first use.
static BUNDLES: [std::sync::OnceLock<FluentBundle<FluentResource>>; 2] =
    [std::sync::OnceLock::new(), std::sync::OnceLock::new()];

impl std::fmt::Debug for Texts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Texts")
            .field("lang", &self.lang)
            .finish_non_exhaustive()
    }
}

use jeopsu_core::consent::{ConsentItem, ConsentText, Notice};
pub use jeopsu_core::error::Arg;

impl Texts {
    /// The texts of `lang`. The `.ftl` sources are compiled in and tested, so a parse problem
    /// here is a build defect; it is reported through the message text, not a panic.
    pub fn new(lang: Lang) -> Texts {
        let slot = match lang {
            Lang::Ko => &BUNDLES[0],
            Lang::En => &BUNDLES[1],
        };
        Texts {
            lang,
            bundle: slot.get_or_init(|| Self::bundle(lang)),
        }
    }

    fn bundle(lang: Lang) -> FluentBundle<FluentResource> {
        let mut bundle = FluentBundle::new_concurrent(vec![lang.langid()]);
        // Unicode isolation marks around arguments confuse terminals, pdftotext and tests.
        bundle.set_use_isolating(false);
        // JOSA($word, "은") gives the particle the word's last letter calls for (은 or 는), so a
        // message built around a name reads right (core::hangul::particle).
        let _ = bundle.add_function("JOSA", |positional, _named| {
            match (positional.first(), positional.get(1)) {
                (Some(word), Some(FluentValue::String(p))) => {
                    let word = match word {
                        FluentValue::String(w) => w.to_string(),
                        FluentValue::Number(n) => n.as_string().to_string(),
                        _ => String::new(),
                    };
                    FluentValue::from(jeopsu_core::hangul::particle(&word, p))
                }
                _ => FluentValue::None,
            }
        });
        for (l, _, src) in SOURCES {
            if l != lang {
                continue;
            }
            let res = match FluentResource::try_new(src.to_string()) {
                Ok(r) => r,
                Err((r, _errors)) => r,
            };
            // A duplicate id would be a defect caught by the tests; keep the first one.
            let _ = bundle.add_resource(res);
        }
        bundle
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn has(&self, id: &str) -> bool {
        self.bundle.has_message(id)
    }

    /// One field's problem, as a sentence.
    pub fn problem(&self, p: &jeopsu_core::FieldProblem) -> String {
        self.format(p.message_id(), &p.args)
    }

    /// An error's whole message: `error-<code>` with its arguments, where field problems (if
    /// any) replace the `detail` argument with their sentences in this language.
    pub fn error(
        &self,
        code: jeopsu_core::Code,
        args: &[(&str, Arg)],
        problems: &[jeopsu_core::FieldProblem],
    ) -> String {
        if problems.is_empty() {
            return self.format(&code.message_id(), args);
        }
        let detail: Vec<String> = problems.iter().map(|p| self.problem(p)).collect();
        self.format(
            &code.message_id(),
            &[("detail", Arg::Text(detail.join(" ")))],
        )
    }

    /// The consent wording asked at the desk, in this language, for the clinic named `clinic`:
    /// every item asked today ([`ConsentItem::ASKED`]), each with the hash that versions it.
    pub fn consent_texts(&self, clinic: &str) -> Vec<ConsentText> {
        ConsentItem::ASKED
            .into_iter()
            .map(|item| {
                let args = [("clinic", Arg::Text(clinic.to_string()))];
                let title = self.format(&format!("consent-{item}-title"), &args);
                let body = self.format(&format!("consent-{item}-body"), &args);
                ConsentText::new(item, self.lang.code(), &title, &body)
            })
            .collect()
    }

    /// The plain-language notice for a minor, with the clinic's name.
    pub fn minor_notice(&self, clinic: &str) -> Notice {
        self.notice("notice", clinic)
    }

    /// The notice of what is collected for care without consent, on which legal basis, and to
    /// whom processing is entrusted (PIPA Art. 15(1)2 and 4, 22(3), 24-2, 26): shown at
    /// registration and printed on the consent forms, never asked as a consent.
    pub fn registration_notice(&self, clinic: &str) -> Notice {
        self.notice("registration-notice", clinic)
    }

    fn notice(&self, id: &str, clinic: &str) -> Notice {
        let args = [("clinic", Arg::Text(clinic.to_string()))];
        Notice::new(
            self.lang.code(),
            &self.format(&format!("{id}-title"), &args),
            &self.format(&format!("{id}-body"), &args),
        )
    }

    /// The message `id` without arguments.
    pub fn get(&self, id: &str) -> String {
        self.format(id, &[])
    }

    /// The message `id` with named arguments. An unknown id comes back as the id itself, so a
    /// missing text is visible (and the tests fail) instead of an empty line.
    pub fn format(&self, id: &str, args: &[(&str, Arg)]) -> String {
        let Some(msg) = self.bundle.get_message(id) else {
            return id.to_string();
        };
        let Some(pattern) = msg.value() else {
            return id.to_string();
        };
        let mut fargs = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Text(s) => fargs.set(*name, FluentValue::from(s.clone())),
                Arg::Number(n) => fargs.set(*name, FluentValue::from(*n)),
            }
        }
        let mut errors = vec![];
        self.bundle
            .format_pattern(pattern, Some(&fargs), &mut errors)
            .into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_syntax::ast;
    use std::collections::BTreeSet;

    fn ids(lang: Lang) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        for (l, file, src) in SOURCES {
            if l != lang {
                continue;
            }
            let res = fluent_syntax::parser::parse(src)
                .unwrap_or_else(|(_, errs)| panic!("{}/{file} does not parse: {errs:?}", l.code()));
            for entry in res.body {
                if let ast::Entry::Message(m) = entry {
                    assert!(
                        out.insert(m.id.name.to_string()),
                        "duplicate id {} in {file}",
                        m.id.name
                    );
                }
            }
        }
        out
    }

    #[test]
    fn only_the_optional_item_is_asked_and_it_names_the_trustee() {
        let ko = Texts::new(Lang::Ko).consent_texts("뮤즈클리닉");
        let en = Texts::new(Lang::En).consent_texts("Muse Clinic");
        assert_eq!(
            ko.iter().map(|t| t.item).collect::<Vec<_>>(),
            ConsentItem::ASKED,
            "only what the law asks consent for"
        );
        for (k, e) in ko.iter().zip(&en) {
            assert_eq!(k.item, e.item);
            assert_ne!(k.hash, e.hash);
            assert!(!k.title.starts_with("consent-") && !k.body.starts_with("consent-"));
            assert!(k.title.starts_with("[선택]"), "{}", k.title);
            assert!(k.body.contains("뮤즈클리닉"), "{}", k.body);
            assert!(e.body.contains("Muse Clinic"), "{}", e.body);
            assert!(
                k.body.contains("(주)메먼트") && k.body.contains("제26조제3항"),
                "the trustee doing the marketing work is told (Art. 26(3)): {}",
                k.body
            );
            assert!(e.body.contains("Mement") && e.body.contains("26(3)"));
        }
        // Another clinic name is another text.
        assert_ne!(
            Texts::new(Lang::Ko).consent_texts("다른의원")[0].hash,
            ko[0].hash
        );
    }

    #[test]
    fn the_registration_notice_states_the_legal_basis_and_never_asks() {
        let ko = Texts::new(Lang::Ko).registration_notice("뮤즈클리닉");
        let en = Texts::new(Lang::En).registration_notice("Muse Clinic");
        assert_eq!(ko.lines.len(), en.lines.len(), "the same points in both");
        let body = ko.body();
        for needle in [
            "주민등록번호",
            "제15조제1항제2호·제4호",
            "제24조의2",
            "의료법 시행령 제42조의2",
            "의료법 제22조제2항",
            "시행규칙 제15조제1항",
            "(주)메먼트",
            "불이익이 없습니다",
        ] {
            assert!(body.contains(needle), "missing {needle}: {body}");
        }
        assert!(
            !body.contains("동의하지 않으시면") && !body.contains("접수할 수 없"),
            "nothing here is a condition of care: {body}"
        );
        let en_body = en.body();
        assert!(en_body.contains("15(1)2 and 4") && en_body.contains("24-2"));
        assert_ne!(
            ko.hash,
            Texts::new(Lang::Ko).minor_notice("뮤즈클리닉").hash
        );
    }

    #[test]
    fn the_minor_notice_is_short_plain_and_versioned_per_language() {
        let ko = Texts::new(Lang::Ko).minor_notice("뮤즈클리닉");
        let en = Texts::new(Lang::En).minor_notice("Muse Clinic");
        assert_ne!(ko.hash, en.hash);
        assert_eq!(ko.lines.len(), en.lines.len(), "the same ideas in both");
        assert!(ko.lines[0].contains("뮤즈클리닉") && en.lines[0].contains("Muse Clinic"));
        for l in ko.lines.iter().chain(&en.lines) {
            // One idea per line, short enough to read in one go.
            assert!(l.chars().count() <= 120, "too long for a child: {l}");
            assert!(!l.contains("notice-"), "{l}");
        }
        assert!(
            ko.lines.iter().any(|l| l.contains("5년"))
                && en.lines.iter().any(|l| l.contains("5 years"))
        );
        let ko_body = ko.body();
        // Polite 해요체 to "여러분", never the plain "너" (UX: readable by a 10-year-old).
        assert!(ko_body.contains("여러분"), "{ko_body}");
        assert!(
            !ko_body
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w.starts_with('너')),
            "no 너: {ko_body}"
        );
        for needle in [
            "보여 달라고",
            "고쳐 달라고",
            "지워 달라고",
            "(주)메먼트",
            "영장",
            "부모님이 좋다고",
        ] {
            assert!(
                ko_body.contains(needle),
                "the child is told {needle}: {ko_body}"
            );
        }
    }

    #[test]
    fn every_cctv_value_has_a_label_in_every_language() {
        use jeopsu_core::cctv::*;
        let mut ids = vec![];
        ids.extend(
            RequestKind::ALL
                .iter()
                .map(|v| format!("cctv-request-kind-{}", v.as_str())),
        );
        ids.extend(
            Relation::ALL
                .iter()
                .map(|v| format!("cctv-relation-{}", v.as_str())),
        );
        ids.extend(
            IdCheck::ALL
                .iter()
                .map(|v| format!("cctv-idcheck-{}", v.as_str())),
        );
        ids.extend(
            Decision::ALL
                .iter()
                .map(|v| format!("cctv-decision-{}", v.as_str())),
        );
        ids.extend(
            RefusalGround::ALL
                .iter()
                .map(|v| format!("cctv-ground-{}", v.as_str())),
        );
        ids.extend(
            Status::ALL
                .iter()
                .map(|v| format!("cctv-status-{}", v.as_str())),
        );
        ids.extend(
            Preservation::ALL
                .iter()
                .map(|v| format!("cctv-preservation-{}", v.as_str())),
        );
        ids.extend(
            LedgerKind::ALL
                .iter()
                .map(|v| format!("cctv-kind-{}", v.as_str())),
        );
        ids.extend(
            LedgerReason::ALL
                .iter()
                .map(|v| format!("cctv-reason-{}", v.as_str())),
        );
        ids.extend(
            LegalBasis::ALL
                .iter()
                .map(|v| format!("cctv-basis-{}", v.as_str())),
        );
        ids.extend(
            DestructionMethod::ALL
                .iter()
                .map(|v| format!("cctv-method-{}", v.as_str())),
        );
        ids.extend(
            PlaceConcern::ALL
                .iter()
                .map(|v| format!("cctv-concern-{}", v.as_str())),
        );
        ids.extend(
            RetentionUnit::ALL
                .iter()
                .map(|v| format!("ui-cctv-unit-{}", v.as_str())),
        );
        for lang in Lang::ALL {
            let t = Texts::new(lang);
            let missing: Vec<_> = ids.iter().filter(|id| !t.has(id)).collect();
            assert!(missing.is_empty(), "{} lacks {missing:?}", lang.code());
        }
    }

    #[test]
    fn every_privacy_value_has_a_label_and_every_category_its_law() {
        use jeopsu_core::privacy::*;
        let mut ids = vec![];
        ids.extend(
            PrivacyKind::ALL
                .iter()
                .map(|v| format!("privacy-kind-{}", v.as_str())),
        );
        ids.extend(
            Target::ALL
                .iter()
                .map(|v| format!("privacy-target-{}", v.as_str())),
        );
        ids.extend(
            Capacity::ALL
                .iter()
                .map(|v| format!("privacy-capacity-{}", v.as_str())),
        );
        ids.extend(
            AuthorityCheck::ALL
                .iter()
                .map(|v| format!("privacy-check-{}", v.as_str())),
        );
        ids.extend(
            Outcome::ALL
                .iter()
                .map(|v| format!("privacy-outcome-{}", v.as_str())),
        );
        ids.extend(
            Category::ALL
                .iter()
                .map(|v| format!("privacy-category-{}", v.as_str())),
        );
        ids.extend(
            Category::ALL
                .iter()
                .map(|v| format!("privacy-law-{}", v.as_str())),
        );
        for lang in Lang::ALL {
            let t = Texts::new(lang);
            let missing: Vec<_> = ids.iter().filter(|id| !t.has(id)).collect();
            assert!(missing.is_empty(), "{} lacks {missing:?}", lang.code());
        }
    }

    #[test]
    fn both_languages_have_the_same_files() {
        let files = |lang| -> Vec<&str> {
            SOURCES
                .iter()
                .filter(|(l, _, _)| *l == lang)
                .map(|(_, f, _)| *f)
                .collect()
        };
        assert_eq!(files(Lang::Ko), files(Lang::En));
    }

    #[test]
    fn korean_and_english_define_the_same_message_ids() {
        let ko = ids(Lang::Ko);
        let en = ids(Lang::En);
        let only_ko: Vec<_> = ko.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&ko).collect();
        assert!(
            only_ko.is_empty() && only_en.is_empty(),
            "only in ko: {only_ko:?}; only in en: {only_en:?}"
        );
    }

    #[test]
    fn every_error_code_has_a_message_in_every_language() {
        for lang in Lang::ALL {
            let t = Texts::new(lang);
            for code in jeopsu_core::Code::ALL {
                assert!(
                    t.has(&code.message_id()),
                    "{} lacks {}",
                    lang.code(),
                    code.message_id()
                );
            }
        }
    }

    #[test]
    fn every_field_problem_has_a_message_in_every_language() {
        for lang in Lang::ALL {
            let ids = ids(lang);
            for m in jeopsu_core::field::FieldMessage::ALL {
                let id = m.as_str();
                assert!(ids.contains(id), "{lang:?} has no {id}");
            }
        }
        let t = Texts::new(Lang::Ko);
        let short = jeopsu_core::staff::StaffInputError::PasswordTooShort { min: 10 }.problem();
        assert!(t.problem(&short).contains("10"), "{}", t.problem(&short));
    }

    #[test]
    fn arguments_are_filled_without_isolation_marks() {
        let t = Texts::new(Lang::En);
        let s = t.format(
            "error-schema-too-new",
            &[("found", 9i64.into()), ("known", 1i64.into())],
        );
        assert!(s.contains('9') && s.contains('1'), "arguments appear: {s}");
        assert!(!s.contains('\u{2068}'), "no FSI marks: {s:?}");
    }

    #[test]
    fn a_name_in_a_message_takes_the_particle_it_calls_for() {
        let t = Texts::new(Lang::Ko);
        let with = |clinic: &str| t.format("form-adult-intro", &[("clinic", clinic.into())]);
        assert!(with("뮤즈클리닉").starts_with("뮤즈클리닉은 "));
        assert!(with("하나치과").starts_with("하나치과는 "));
        assert!(with("Muse").starts_with("Muse은(는) "));
        let s = t.format("field-location-unknown", &[("location", "지하".into())]);
        assert!(s.starts_with("'지하'는 "), "{s}");
        // No message writes both forms after a name any more.
        for (lang, file, src) in SOURCES {
            if lang == Lang::Ko {
                for both in ["}은(는)", "}이(가)", "}을(를)", "}과(와)"] {
                    assert!(!src.contains(both), "{file}: {both}");
                }
            }
        }
    }

    /// Every message id the UI asks for exists (in both languages, by the test above). Ids built
    /// at run time (`ui-role-${role}`) are checked through their prefix + every enum value.
    #[test]
    fn every_id_the_ui_uses_exists() {
        let ko = ids(Lang::Ko);
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src");
        let mut used = BTreeSet::new();
        let mut stack = vec![root];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("ui/src readable") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "svelte" || e == "ts")
                    // The UI's unit tests look up a missing id on purpose.
                    && !path.to_string_lossy().ends_with(".test.ts")
                {
                    let text = std::fs::read_to_string(&path).expect("read");
                    // `t('id')` calls, and `key: 'id'` where a screen passes an id along.
                    // A call is `t(` not preceded by an identifier character (`left('gender')`
                    // is not a text lookup).
                    let standalone = |i: usize| {
                        !text[..i]
                            .chars()
                            .next_back()
                            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
                    };
                    let calls = text
                        .match_indices("t('")
                        .filter(|(i, _)| standalone(*i))
                        .map(|(i, _)| i + 3);
                    let keys = text
                        .match_indices("key: '")
                        .filter(|(i, _)| standalone(*i))
                        .map(|(i, _)| i + 6);
                    for start in calls.chain(keys) {
                        let rest = &text[start..];
                        let id: String = rest
                            .chars()
                            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                            .collect();
                        if rest[id.len()..].starts_with('\'') {
                            used.insert(id);
                        }
                    }
                }
            }
        }
        assert!(used.len() > 20, "found the UI's ids: {used:?}");
        for role in jeopsu_core::Role::ALL {
            used.insert(format!("ui-role-{}", role.as_str()));
        }
        for p in jeopsu_core::Permission::ALL {
            let name = serde_json::to_value(p).expect("serialise");
            used.insert(format!("ui-perm-{}", name.as_str().unwrap_or_default()));
        }
        for s in jeopsu_core::visit::VisitStatus::ALL {
            used.insert(format!("visit-status-{}", s.as_str()));
        }
        for s in jeopsu_core::appointment::AppointmentStatus::ALL {
            used.insert(format!("booking-status-{}", s.as_str()));
        }
        for f in jeopsu_core::review::Flag::ALL {
            used.insert(format!("review-flag-{}", f.as_str()));
        }
        for m in jeopsu_core::visit::IdCheckMethod::ALL {
            used.insert(format!("visit-id-{}", m.as_str()));
        }
        // The record, the guardian step and the access-log review build these at run time.
        for s in jeopsu_core::consent::Signer::ALL {
            used.insert(format!("ui-signer-{}", s.as_str()));
        }
        for m in jeopsu_core::consent::Method::ALL {
            used.insert(format!("ui-method-{}", m.as_str()));
        }
        for i in jeopsu_core::consent::ConsentItem::ALL {
            used.insert(format!("ui-consent-item-{}", i.as_str()));
        }
        for r in jeopsu_core::guardian::Relationship::ALL {
            used.insert(format!("ui-gs-rel-{}", r.as_str()));
        }
        for v in jeopsu_core::guardian::Verification::ALL {
            used.insert(format!("ui-gs-ver-{}", v.as_str()));
        }
        for f in jeopsu_core::patient::CORRECTABLE_FIELDS {
            used.insert(format!("ui-field-{f}"));
        }
        for a in jeopsu_core::audit::Action::ALL {
            used.insert(format!("audit-action-{}", a.as_str()));
        }
        for k in jeopsu_core::audit::Subject::KINDS {
            used.insert(format!("audit-subject-{k}"));
        }
        let missing: Vec<_> = used.iter().filter(|id| !ko.contains(*id)).collect();
        assert!(
            missing.is_empty(),
            "the UI uses ids no .ftl defines: {missing:?}"
        );
    }

    #[test]
    fn unknown_id_is_visible() {
        assert_eq!(
            Texts::new(Lang::Ko).get("no-such-message"),
            "no-such-message"
        );
    }

    #[test]
    fn lang_parse() {
        assert_eq!(Lang::parse("KO"), Some(Lang::Ko));
        assert_eq!(Lang::parse("en"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
    }
}
