//! The one error that crosses IPC: `{ code, message }`. `code` is what the UI switches on;
//! `message` is already in the UI's language, from the same Fluent files as everything else.

use jeopsu_core::Code;
use jeopsu_i18n::{Lang, Texts};
use jeopsu_store::StoreError;
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
pub struct IpcError {
    pub code: Code,
    pub message: String,
}

impl IpcError {
    pub fn from_store(e: &StoreError, lang: Lang) -> IpcError {
        let code = e.code();
        IpcError {
            code,
            message: Texts::new(lang).format(&code.message_id(), &e.args()),
        }
    }
}

pub type IpcResult<T> = Result<T, IpcError>;
