//! Jeopsu's domain: the types and rules every other crate shares.
//!
//! This crate does no I/O. It imports no database, no PDF library and no Tauri; it gets the
//! current time as an argument, never from the clock, so every rule is testable on any date.
#![warn(missing_docs)]

/// An enum of fixed words: `ALL`, `as_str` and `parse`, serde names equal to the stored words.
macro_rules! word_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "ts", derive(ts_rs::TS))]
        pub enum $name { $($(#[$vm])* #[serde(rename = $s)] $v),+ }

        impl $name {
            /// Every value, in the order written.
            pub const ALL: &'static [$name] = &[$($name::$v),+];
            /// The value's word, as stored, logged and sent over IPC.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$v => $s),+ }
            }
            /// The value whose word is `text` (spaces around it ignored); `None` for any other.
            pub fn parse(text: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|k| k.as_str() == text.trim())
            }
        }
    };
}

pub mod appointment;
pub mod audit;
pub mod backup;
pub mod cctv;
pub mod clinic;
pub mod consent;
pub mod error;
pub mod field;
pub mod guardian;
pub mod hangul;
pub mod ids;
pub mod patient;
pub mod privacy;
pub mod review;
pub mod role;
pub mod staff;
pub mod time;
pub mod visit;

pub use error::Code;
pub use field::FieldProblem;
pub use role::{Permission, PermissionMatrix, Role};
