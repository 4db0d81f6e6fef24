//! Printable A4 forms with the bundled Korean font, embedded as a subset.
//!
//! This crate renders values it is given; it never reads the database. All wording comes from
//! the shared Fluent files (`assets/locales/{ko,en}/forms.ftl`) through `jeopsu-i18n`, so paper
//! and screen say the same.

mod cctv;
mod consent_copy;
mod consent_forms;
mod layout;
mod ledger;
mod privacy;
mod recovery_sheet;

pub use cctv::{DecisionNotice, FilledRequest, RequestForm, cctv_request_form, decision_notice};
pub use consent_copy::{ConsentCopy, ConsentCopyItem, consent_copy};
pub use consent_forms::{
    ConsentForm, FormKind, FormPatient, Signed, blank_form, consent_form, version_of,
};
pub use layout::FONT_BYTES;
pub use ledger::{LedgerDoc, csv_cell, ledger_cells, ledger_csv, ledger_pdf};
pub use privacy::{PrivacyNotice, privacy_notice, subject_copy};
pub use recovery_sheet::{RecoverySheet, recovery_sheet};

#[derive(Debug, thiserror::Error)]
pub enum FormError {
    #[error("the bundled font cannot be read: {0}")]
    Font(String),
    #[error("the CSV could not be written: {0}")]
    Csv(String),
}
