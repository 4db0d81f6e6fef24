//! Integration tests of jeopsu-store: real SQLCipher databases in temp folders.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod appointments;
mod audit;
mod backup;
mod backup_schedule;
mod cctv;
mod common;
mod faults;
mod guardians;
mod init_unlock;
mod interop;
mod key_slots;
mod keyring;
mod patients;
mod privacy;
mod staff;
mod visits;
