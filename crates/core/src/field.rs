//! What is wrong with one field of a form, as a message id and its arguments, so the UI, the CLI
//! and the tests all show the same sentence in the reader's language (`field-*` messages in
//! `assets/locales/{ko,en}/errors.ftl`).

use crate::error::Arg;

/// Every message id a [`FieldProblem`] may carry. A test in `jeopsu-i18n` checks each has a text
/// in every language; `FieldProblem::new` refuses (in debug builds) an id not listed here.
pub const MESSAGE_IDS: &[&str] = &[
    "field-required",
    "field-too-long",
    "field-control-chars",
    "field-username-rule",
    "field-display-name-rule",
    "field-password-short",
    "field-password-long",
    "field-name-chars",
    "field-date-format",
    "field-date-future",
    "field-gender",
    "field-rrn-format",
    "field-rrn-date",
    "field-rrn-birth-mismatch",
    "field-rrn-gender-mismatch",
    "field-phone-format",
    "field-mobile-not-mobile",
    "field-contact-required",
    "field-email-format",
    "field-chart-no-format",
    "field-yes-no",
    "field-rrn-repeated",
    "field-rrn-registered",
    "field-chart-no-repeated",
    "field-chart-no-taken",
    "field-consent-answer",
    "field-consent-required",
    "field-consent-changed",
    "field-consent-guardian",
    "field-reason-required",
    "field-chart-format",
    "field-choose-one",
    "field-datetime-format",
    "field-signature-empty",
    "field-signature-invalid",
    "field-guardian-adult",
    "field-guardian-too-many",
    "field-minor-ack",
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// The field's name as the UI and the CLI know it (`username`, `birth_date`, ...).
    pub field: &'static str,
    /// The Fluent message id, always starting with `field-`.
    pub message_id: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl FieldProblem {
    pub fn new(field: &'static str, message_id: &'static str) -> FieldProblem {
        debug_assert!(
            MESSAGE_IDS.contains(&message_id),
            "{message_id} is not in field::MESSAGE_IDS"
        );
        FieldProblem {
            field,
            message_id,
            args: vec![],
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> FieldProblem {
        self.args.push((name, value.into()));
        self
    }
}
