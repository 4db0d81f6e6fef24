//! The real app, driven through WebDriver under Xvfb: `make test` builds the app, starts Xvfb
//! and runs these. Each test gets its own temp data dir and its own tauri-driver.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod admin;
mod backups;
mod bench;
mod board;
mod cctv;
mod desk;
mod flows;
mod harness;
mod installed;
mod minors;
mod offline;
mod privacy;
