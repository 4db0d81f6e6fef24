//! `jeopsu.signin`: the sign-in counters, kept beside the slot file because sign-in happens
//! before the database is open. They carry the lockout policy, each account's failures (by
//! user tag, never by name) and the attempts not yet written to the access log, which the next
//! successful sign-in writes there.
//!
//! A MAC under a key derived from the device secret covers the whole file. A missing file, a
//! wrong MAC or another database's file is treated as tampering: every account is blocked for
//! the lockout period from that moment (fail closed, not forever), and the next sign-in writes
//! a `sign-in-counters-tampered` row. In password-only mode the MAC key is public, so an edit is
//! caught only if it is clumsy (docs/SECURITY.md says so). Replacing the file with an older copy
//! of itself is not detected; docs/SECURITY.md "Key slots" says what that gives an attacker.
//!
//! Layout: JSON (UTF-8), version 1. DO NOT CHANGE a field's meaning; add fields with defaults.
//! ```text
//! { "version": 1, "db_id": "<32 hex>", "max_failures": 5, "lock_minutes": 10,
//!   "accounts": { "<user tag hex>": { "failed": 2, "locked_until": "<RFC 3339>" | null } },
//!   "blocked_until": "<RFC 3339>" | null,      // every account, after tampering was found
//!   "tampered_at": "<RFC 3339>" | null,
//!   "unlogged": [ { "at": "<RFC 3339>", "user": "<user tag hex>", "what": "failed" | "blocked" } ],
//!   "unlogged_dropped": 0,
//!   "clinic_name": "<text>" | null,           // shown on the locked screen, nothing else
//!   "mac": "<64 hex>" }                         // HMAC-SHA256 over the same JSON with "mac": ""
//! ```

use crate::error::Result;
use crate::paths;
use crate::vault::device::DeviceSecret;
use crate::vault::secret::{DbId, hmac_sha256};
use crate::vault::slots::{SlotMode, UserTag};
use chrono::{DateTime, Duration, Utc};
use jeopsu_core::staff::{LockoutPolicy, LockoutState};
use jeopsu_core::time;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

const LABEL: &[u8] = b"jeopsu sign-in counters v1";
/// Attempts kept for the log while the database is closed; older ones are counted, not kept.
const MAX_UNLOGGED: usize = 1000;

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq)]
struct Account {
    failed: u32,
    locked_until: Option<String>,
}

/// A sign-in attempt made while the database was closed, waiting to be logged.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Attempt {
    /// When, stored form (UTC).
    pub at: String,
    /// The account's tag (a keyed hash of the username, hex), never the name as typed.
    pub user: String,
    /// "failed" (wrong name or password) or "blocked" (the account was locked out).
    pub what: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
struct Stored {
    version: u8,
    db_id: String,
    max_failures: u32,
    lock_minutes: u32,
    accounts: BTreeMap<String, Account>,
    blocked_until: Option<String>,
    tampered_at: Option<String>,
    unlogged: Vec<Attempt>,
    #[serde(default)]
    unlogged_dropped: u64,
    /// The clinic's name, for the locked sign-in screen (not personal data; display only).
    #[serde(default)]
    clinic_name: Option<String>,
    mac: String,
}

/// The counters, loaded and checked.
pub struct Counters {
    stored: Stored,
    key: Zeroizing<[u8; 32]>,
    path: PathBuf,
}

impl std::fmt::Debug for Counters {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Counters")
            .field("path", &self.path)
            .field("tampered_at", &self.stored.tampered_at)
            .finish_non_exhaustive()
    }
}

fn mac_key(mode: SlotMode, device: Option<&DeviceSecret>, db_id: &DbId) -> Zeroizing<[u8; 32]> {
    match (mode, device) {
        (SlotMode::Device, Some(d)) => d.derive(LABEL, db_id),
        _ => Zeroizing::new(hmac_sha256(&[0u8; 32], &[LABEL, &db_id.0])),
    }
}

fn mac_of(key: &[u8; 32], s: &Stored) -> String {
    let mut bare = s.clone();
    bare.mac = String::new();
    let json = serde_json::to_vec(&bare).unwrap_or_default();
    hex::encode(hmac_sha256(key, &[&json]))
}

impl Counters {
    /// Fresh counters (a new installation, or the first slot of a migrated one).
    pub fn fresh(
        path: &Path,
        db_id: &DbId,
        mode: SlotMode,
        device: Option<&DeviceSecret>,
        policy: LockoutPolicy,
    ) -> Counters {
        Counters {
            stored: Stored {
                version: 1,
                db_id: db_id.to_hex(),
                max_failures: policy.max_failures,
                lock_minutes: policy.lock_minutes,
                accounts: BTreeMap::new(),
                blocked_until: None,
                tampered_at: None,
                unlogged: vec![],
                unlogged_dropped: 0,
                clinic_name: None,
                mac: String::new(),
            },
            key: mac_key(mode, device, db_id),
            path: path.to_path_buf(),
        }
    }

    /// Reads and checks the counters. Tampering (see the module) gives counters that block
    /// every account until `now` + the lockout period, with `tampered_at` set; the caller saves
    /// them.
    pub fn load(
        path: &Path,
        db_id: &DbId,
        mode: SlotMode,
        device: Option<&DeviceSecret>,
        now: DateTime<Utc>,
    ) -> Counters {
        Counters::load_any(path, db_id, mode, device, &[], now)
    }

    /// Like [`Counters::load`], also accepting a MAC under one of `earlier` secrets: a
    /// replacement of the device secret that a crash interrupted after the slot file was
    /// rewritten leaves the counters under the old one. They are kept (re-keyed to `device` at
    /// the next save), not taken for tampering.
    pub fn load_any(
        path: &Path,
        db_id: &DbId,
        mode: SlotMode,
        device: Option<&DeviceSecret>,
        earlier: &[DeviceSecret],
        now: DateTime<Utc>,
    ) -> Counters {
        let key = mac_key(mode, device, db_id);
        let parsed = std::fs::read(path)
            .ok()
            .and_then(|b| serde_json::from_slice::<Stored>(&b).ok());
        let mac_ok = |s: &Stored| {
            s.mac == mac_of(&key, s)
                || earlier
                    .iter()
                    .any(|d| s.mac == mac_of(&mac_key(mode, Some(d), db_id), s))
        };
        match parsed {
            Some(s)
                if s.version == 1
                    && s.db_id == db_id.to_hex()
                    && mac_ok(&s)
                    && s.max_failures > 0
                    && s.lock_minutes > 0 =>
            {
                Counters {
                    stored: s,
                    key,
                    path: path.to_path_buf(),
                }
            }
            other => {
                // Keep the policy if it can be read at all; otherwise the default.
                let policy = other
                    .as_ref()
                    .filter(|s| {
                        (1..=20).contains(&s.max_failures) && (1..=1440).contains(&s.lock_minutes)
                    })
                    .map(|s| LockoutPolicy {
                        max_failures: s.max_failures,
                        lock_minutes: s.lock_minutes,
                    })
                    .unwrap_or_default();
                let mut c = Counters::fresh(path, db_id, mode, device, policy);
                // The attempts still waiting for the log are kept (someone may have edited
                // them too; the tampering row says so beside them).
                if let Some(s) = other {
                    c.stored.unlogged = s.unlogged.into_iter().take(MAX_UNLOGGED).collect();
                }
                c.stored.tampered_at = Some(time::to_stored(now));
                c.stored.blocked_until = Some(time::to_stored(
                    now + Duration::minutes(i64::from(policy.lock_minutes)),
                ));
                c
            }
        }
    }

    /// The lockout policy the counters file holds (copied from the database's settings).
    pub fn policy(&self) -> LockoutPolicy {
        LockoutPolicy {
            max_failures: self.stored.max_failures,
            lock_minutes: self.stored.lock_minutes,
        }
    }

    /// The policy as the database has it now (copied at every successful sign-in).
    pub fn set_policy(&mut self, p: LockoutPolicy) {
        self.stored.max_failures = p.max_failures;
        self.stored.lock_minutes = p.lock_minutes;
    }

    /// The clinic's name as the database has it (copied at every successful sign-in).
    pub fn set_clinic_name(&mut self, name: Option<String>) {
        self.stored.clinic_name = name;
    }

    /// The clinic's name for the locked screen, read without the device secret: it is only
    /// shown, never trusted for anything.
    pub fn clinic_name_for_display(path: &Path) -> Option<String> {
        let b = std::fs::read(path).ok()?;
        serde_json::from_slice::<Stored>(&b).ok()?.clinic_name
    }

    /// When tampering was found (and not yet logged).
    pub fn tampered_at(&self) -> Option<&str> {
        self.stored.tampered_at.as_deref()
    }

    /// The lockout state of one account at `now` (a block of every account counts too).
    pub fn state(&self, tag: &UserTag, now: DateTime<Utc>) -> LockoutState {
        let a = self
            .stored
            .accounts
            .get(&tag.to_hex())
            .cloned()
            .unwrap_or_default();
        let own = a.locked_until.as_deref().and_then(time::from_stored);
        let all = self
            .stored
            .blocked_until
            .as_deref()
            .and_then(time::from_stored)
            .filter(|u| *u > now);
        LockoutState {
            failed_attempts: a.failed,
            locked_until: match (own, all) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            },
        }
    }

    fn note(&mut self, tag: &UserTag, now: DateTime<Utc>, what: &str) {
        if self.stored.unlogged.len() >= MAX_UNLOGGED {
            self.stored.unlogged.remove(0);
            self.stored.unlogged_dropped = self.stored.unlogged_dropped.saturating_add(1);
        }
        self.stored.unlogged.push(Attempt {
            at: time::to_stored(now),
            user: tag.to_hex(),
            what: what.into(),
        });
    }

    /// A wrong name or password for `tag` at `now`.
    pub fn failed(&mut self, tag: &UserTag, now: DateTime<Utc>) {
        let next = self.state(tag, now).after_failure(now, self.policy());
        self.stored.accounts.insert(
            tag.to_hex(),
            Account {
                failed: next.failed_attempts,
                locked_until: next.locked_until.map(time::to_stored),
            },
        );
        self.note(tag, now, "failed");
    }

    /// An attempt while the account was blocked.
    pub fn blocked(&mut self, tag: &UserTag, now: DateTime<Utc>) {
        self.note(tag, now, "blocked");
    }

    /// A successful sign-in: the account's count starts again.
    pub fn succeeded(&mut self, tag: &UserTag) {
        self.stored.accounts.remove(&tag.to_hex());
    }

    /// Clears one account's count (an administrator's password reset).
    pub fn clear(&mut self, tag: &UserTag) {
        self.stored.accounts.remove(&tag.to_hex());
    }

    /// The attempts waiting for the log and how many were dropped, emptied (and the tampering
    /// mark with them): the caller writes them in the same transaction as the sign-in row.
    pub fn take_unlogged(&mut self) -> (Vec<Attempt>, u64, Option<String>) {
        let dropped = std::mem::take(&mut self.stored.unlogged_dropped);
        (
            std::mem::take(&mut self.stored.unlogged),
            dropped,
            self.stored.tampered_at.take(),
        )
    }

    /// The same counters under another key (the device secret was replaced).
    pub fn rekey(&mut self, mode: SlotMode, device: Option<&DeviceSecret>, db_id: &DbId) {
        self.key = mac_key(mode, device, db_id);
    }

    /// Writes the counters file with its MAC, atomically.
    pub fn save(&mut self) -> Result<()> {
        self.stored.mac = mac_of(&self.key, &self.stored);
        let json = serde_json::to_vec_pretty(&self.stored)
            .map_err(|e| crate::StoreError::Internal(format!("counters: {e}")))?;
        paths::write_atomic(&self.path, &json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("time")
            .with_timezone(&Utc)
    }

    #[test]
    fn failures_survive_a_reload_and_an_edit_blocks_everyone_for_a_while() {
        let dir = tempfile::tempdir().expect("dir");
        let p = dir.path().join("jeopsu.signin");
        let db = DbId([5; 16]);
        let dev = DeviceSecret::generate().expect("device");
        let tag = UserTag([1; 32]);
        let now = at("2026-11-25T01:00:00Z");
        let mut c = Counters::fresh(
            &p,
            &db,
            SlotMode::Device,
            Some(&dev),
            LockoutPolicy::default(),
        );
        for _ in 0..5 {
            c.failed(&tag, now);
        }
        c.save().expect("save");
        let back = Counters::load(&p, &db, SlotMode::Device, Some(&dev), now);
        assert!(back.tampered_at().is_none());
        assert!(
            back.state(&tag, now).blocked_until(now).is_some(),
            "five failures lock"
        );

        // Someone resets the count by editing the file.
        let text = std::fs::read_to_string(&p).expect("read");
        std::fs::write(&p, text.replace("\"failed\": 5", "\"failed\": 0")).expect("edit");
        let edited = Counters::load(&p, &db, SlotMode::Device, Some(&dev), now);
        assert!(edited.tampered_at().is_some(), "the edit is detected");
        let other = UserTag([2; 32]);
        assert!(
            edited.state(&other, now).blocked_until(now).is_some(),
            "everyone waits"
        );
        let later = now + Duration::minutes(11);
        assert!(
            edited.state(&other, later).blocked_until(later).is_none(),
            "not forever"
        );

        // A deleted file is tampering too.
        std::fs::remove_file(&p).expect("rm");
        assert!(
            Counters::load(&p, &db, SlotMode::Device, Some(&dev), now)
                .tampered_at()
                .is_some()
        );
    }

    #[test]
    fn another_device_secret_cannot_rewrite_them() {
        let dir = tempfile::tempdir().expect("dir");
        let p = dir.path().join("jeopsu.signin");
        let db = DbId([6; 16]);
        let dev = DeviceSecret::generate().expect("device");
        let forger = DeviceSecret::generate().expect("forger");
        let now = at("2026-11-25T01:00:00Z");
        Counters::fresh(
            &p,
            &db,
            SlotMode::Device,
            Some(&forger),
            LockoutPolicy::default(),
        )
        .save()
        .expect("save");
        assert!(
            Counters::load(&p, &db, SlotMode::Device, Some(&dev), now)
                .tampered_at()
                .is_some()
        );
    }

    #[test]
    fn attempts_wait_for_the_log_and_are_taken_once() {
        let dir = tempfile::tempdir().expect("dir");
        let p = dir.path().join("jeopsu.signin");
        let db = DbId([7; 16]);
        let now = at("2026-11-25T01:00:00Z");
        let mut c = Counters::fresh(
            &p,
            &db,
            SlotMode::PasswordOnly,
            None,
            LockoutPolicy::default(),
        );
        c.failed(&UserTag([1; 32]), now);
        c.blocked(&UserTag([1; 32]), now);
        let (attempts, dropped, tampered) = c.take_unlogged();
        assert_eq!(attempts.len(), 2);
        assert_eq!((dropped, tampered), (0, None));
        assert!(c.take_unlogged().0.is_empty());
    }
}
