//! The use cases the desktop app and the admin CLI share (ARCHITECTURE.md "Layers"): the
//! Tauri commands and the CLI subcommands are thin adapters over these functions, so a flow
//! is assembled once and logs the same rows whoever runs it.
//!
//! Each function takes the open store, the actor and the language; it reads what it needs,
//! writes its log rows through `jeopsu-store` (in the same transaction as the read), and
//! returns a [`papers::Paper`]: the bytes and the file name. Where the bytes go (the private
//! print folder, a folder the staff member chose, the CLI's `--out`) is the caller's.

pub mod error;
pub mod papers;

pub use error::{ApiError, ApiResult};
