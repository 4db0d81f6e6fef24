//! Jeopsu's domain: the types and rules every other crate shares.
//!
//! This crate does no I/O. It imports no database, no PDF library and no Tauri; it gets the
//! current time as an argument, never from the clock, so every rule is testable on any date.

pub mod audit;
pub mod cctv;
pub mod clinic;
pub mod consent;
pub mod error;
pub mod field;
pub mod guardian;
pub mod hangul;
pub mod ids;
pub mod patient;
pub mod role;
pub mod staff;
pub mod time;

pub use error::Code;
pub use field::FieldProblem;
pub use role::{Permission, PermissionMatrix, Role};
