//! The error of a use case, by layer: the store's, a document's, or the session's. The app maps
//! it to its one IPC error and the CLI to its exit code, both through [`ApiError::code`].

use jeopsu_core::error::Arg;
use jeopsu_core::{Code, FieldProblem};
use jeopsu_forms::FormError;
use jeopsu_store::StoreError;

/// What went wrong in a use case.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The store refused or failed (validation, keys, the database, the disk).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A PDF could not be drawn from the records (the font, the layout).
    #[error("the document could not be made: {0}")]
    Document(#[from] FormError),
    /// An export could not be written out as JSON.
    #[error("the export could not be written: {0}")]
    Export(#[from] serde_json::Error),
    /// The signed-in role may not do this (the permission matrix of core).
    #[error("forbidden")]
    Forbidden,
    /// No one is signed in, or the session locked after inactivity.
    #[error("session locked")]
    SessionLocked,
}

/// A use case's result.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// The code on every boundary (IPC, CLI exit code, the Fluent message `error-<code>`).
    pub fn code(&self) -> Code {
        match self {
            ApiError::Store(e) => e.code(),
            ApiError::Document(_) | ApiError::Export(_) => Code::DocumentFailed,
            ApiError::Forbidden => Code::Forbidden,
            ApiError::SessionLocked => Code::SessionLocked,
        }
    }

    /// The arguments of the Fluent message `error-<code>`.
    pub fn args(&self) -> Vec<(&'static str, Arg)> {
        match self {
            ApiError::Store(e) => e.args(),
            ApiError::Document(e) => vec![("detail", e.to_string().into())],
            ApiError::Export(e) => vec![("detail", e.to_string().into())],
            ApiError::Forbidden | ApiError::SessionLocked => vec![],
        }
    }

    /// The field-level problems, for errors about a form's input.
    pub fn problems(&self) -> &[FieldProblem] {
        match self {
            ApiError::Store(e) => e.problems(),
            _ => &[],
        }
    }

    /// The store's error, when it is one (for the details some callers show: the look-alike
    /// patients of a possible duplicate, an import's rejected lines).
    pub fn store(&self) -> Option<&StoreError> {
        match self {
            ApiError::Store(e) => Some(e),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pdf_failure_is_its_own_code_not_an_internal_error() {
        let e = ApiError::from(FormError::Font("no glyph table".into()));
        assert_eq!(e.code(), Code::DocumentFailed);
        assert_eq!(
            e.args(),
            vec![(
                "detail",
                Arg::Text(FormError::Font("no glyph table".into()).to_string())
            )]
        );
    }

    #[test]
    fn session_errors_belong_to_this_layer_and_store_errors_pass_through() {
        assert_eq!(ApiError::Forbidden.code(), Code::Forbidden);
        assert_eq!(ApiError::SessionLocked.code(), Code::SessionLocked);
        let store = ApiError::from(StoreError::not_found(jeopsu_store::Thing::Patient, 5));
        assert_eq!(store.code(), Code::NotFound);
        assert_eq!(
            store.args(),
            vec![
                ("thing", Arg::Text("patient".into())),
                ("id", Arg::Text("5".into()))
            ]
        );
    }

    #[test]
    fn what_was_not_found_is_named_in_words_in_either_language() {
        use jeopsu_i18n::{Lang, Texts};
        for thing in jeopsu_store::Thing::ALL {
            let e = ApiError::from(StoreError::not_found(thing, 7));
            let ko = Texts::new(Lang::Ko).error(e.code(), &e.args(), e.problems());
            let en = Texts::new(Lang::En).error(e.code(), &e.args(), e.problems());
            // No English word in the Korean message (the number and "CCTV", as the screens say it,
            // aside), and in both a name
            // for the kind of thing, not the message's fallback (the number alone).
            assert!(
                !ko.replace("CCTV", "")
                    .chars()
                    .any(|c| c.is_ascii_alphabetic()),
                "{thing:?} in Korean: {ko}"
            );
            for m in [&ko, &en] {
                assert!(!m.ends_with(": 7"), "{thing:?} is named: {m}");
                assert!(m.contains('7'), "{thing:?} with its number: {m}");
            }
        }
    }
}
