//! The real app, driven through WebDriver: on Linux under Xvfb (`make test` builds the app,
//! starts Xvfb and runs these), on Windows through msedgedriver on the hosted runner's desktop
//! (`.github/workflows/installers.yml`). Each test gets its own temp data dir and its own
//! tauri-driver.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod admin;
mod backups;
// Linux only: they read `/proc` (memory, interfaces) or drive the .deb.
#[cfg(target_os = "linux")]
mod bench;
mod board;
mod cctv;
mod desk;
mod flows;
mod harness;
#[cfg(target_os = "linux")]
mod installed;
mod minors;
#[cfg(target_os = "linux")]
mod offline;
mod privacy;
