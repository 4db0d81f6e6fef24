//! The one error that crosses IPC: `{ code, message }`. `code` is what the UI switches on;
//! `message` is already in the UI's language, from the same Fluent files as everything else.

use jeopsu_api::ApiError;
use jeopsu_core::Code;
use jeopsu_core::error::Arg;
use jeopsu_i18n::{Lang, Texts};
use jeopsu_store::StoreError;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
pub struct IpcError {
    pub code: Code,
    pub message: String,
    /// For invalid input: each field's problem, to show next to that field.
    pub fields: Vec<FieldError>,
    /// For `possible-duplicate`: the look-alikes to ask "is this the same person?" about.
    pub patients: Vec<jeopsu_store::patients::PatientHit>,
    /// For `duplicate-patient`: the chart number of the patient with that RRN, to open.
    pub chart_no: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn list(problems: &[jeopsu_core::FieldProblem], lang: Lang) -> Vec<FieldError> {
        let texts = Texts::new(lang);
        problems
            .iter()
            .map(|p| FieldError {
                field: p.field.to_string(),
                message: texts.problem(p),
            })
            .collect()
    }
}

impl IpcError {
    /// A use case's error, in the UI's language.
    pub fn from_api(e: &ApiError, lang: Lang) -> IpcError {
        Self::build(e.code(), &e.args(), e.problems(), e.store(), lang)
    }

    /// The store's error, in the UI's language.
    pub fn from_store(e: &StoreError, lang: Lang) -> IpcError {
        Self::build(e.code(), &e.args(), e.problems(), Some(e), lang)
    }

    fn build(
        code: Code,
        args: &[(&'static str, Arg)],
        problems: &[jeopsu_core::FieldProblem],
        store: Option<&StoreError>,
        lang: Lang,
    ) -> IpcError {
        IpcError {
            code,
            message: Texts::new(lang).error(code, args, problems),
            fields: FieldError::list(problems, lang),
            patients: match store {
                Some(StoreError::PossibleDuplicate(list)) => list.clone(),
                _ => vec![],
            },
            chart_no: match store {
                Some(StoreError::DuplicatePatient { chart_no }) => Some(chart_no.clone()),
                _ => None,
            },
        }
    }

    /// Something in the app itself went wrong (a worker thread failed), not the store.
    pub fn internal(detail: &str) -> IpcError {
        IpcError::from_store(&StoreError::Internal(detail.to_string()), Lang::Ko)
    }
}

pub type IpcResult<T> = Result<T, IpcError>;
