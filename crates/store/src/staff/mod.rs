//! Staff accounts: one per person, Argon2id password hashes, lockout after repeated failures,
//! and every grant, change or revoke of a role in the permission log.

use crate::audit::Entry;
use crate::error::{Result, StoreError};
use crate::settings;
use crate::{Store, Tx};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use chrono::{DateTime, Utc};
use jeopsu_core::Role;
use jeopsu_core::audit::{Action, Actor, Subject};
use jeopsu_core::field::FieldMessage;
use jeopsu_core::ids::StaffId;
use jeopsu_core::staff::{LockoutPolicy, LockoutState, Username};
use jeopsu_core::time;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use zeroize::Zeroizing;

mod signin;

pub use signin::*;

/// A password as typed. Zeroised on drop, never printed.
pub struct Password(Zeroizing<String>);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(redacted)")
    }
}

impl Password {
    /// Wraps a typed password; it is wiped from memory when dropped.
    pub fn new(text: String) -> Password {
        Password(Zeroizing::new(text))
    }
    /// The password's text, for hashing and key derivation only.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

/// A staff account as shown in lists (never the hash).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct StaffInfo {
    /// The account's id.
    pub id: StaffId,
    /// The username it signs in with.
    pub username: String,
    /// The name shown on screen and in logs.
    pub display_name: String,
    /// Its role.
    pub role: Role,
    /// Whether it is disabled (cannot sign in).
    pub disabled: bool,
    /// UTC RFC 3339 while sign-in is blocked.
    pub locked_until: Option<String>,
    /// UTC RFC 3339.
    pub created_at: String,
    /// Has a key slot (signs in before the database is open). Filled by [`list`]; `false`
    /// elsewhere.
    pub has_slot: bool,
}

/// The account that signed in.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SignedIn {
    /// The account's id.
    pub id: StaffId,
    /// The username.
    pub username: String,
    /// The name shown on screen.
    pub display_name: String,
    /// Its role.
    pub role: Role,
    /// The password must be changed before anything else (set by an administrator, or older
    /// than the renewal period).
    pub password_change_due: bool,
}

impl SignedIn {
    /// The actor the log names for this session.
    pub fn actor(&self) -> Actor {
        Actor::Staff {
            id: self.id,
            username: self.username.clone(),
        }
    }
}

fn hash_password(pw: &Password) -> Result<String> {
    let mut salt = [0u8; 16];
    crate::vault::secret_random(&mut salt)?;
    let salt =
        SaltString::encode_b64(&salt).map_err(|e| StoreError::Internal(format!("salt: {e}")))?;
    Ok(Argon2::default()
        .hash_password(pw.expose_secret().as_bytes(), &salt)
        .map_err(|e| StoreError::Internal(format!("password hash: {e}")))?
        .to_string())
}

fn verify_password(pw: &Password, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| {
            Argon2::default()
                .verify_password(pw.expose_secret().as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

fn role_of(text: String) -> rusqlite::Result<Role> {
    text.parse().map_err(|e: jeopsu_core::role::UnknownRole| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn invalid(e: jeopsu_core::staff::StaffInputError) -> StoreError {
    StoreError::Invalid(vec![e.problem()])
}

const INFO_COLUMNS: &str =
    "id, username, display_name, role, disabled_at, locked_until, created_at";

fn read_info(r: &rusqlite::Row<'_>) -> rusqlite::Result<StaffInfo> {
    Ok(StaffInfo {
        id: StaffId(r.get(0)?),
        username: r.get(1)?,
        display_name: r.get(2)?,
        role: role_of(r.get(3)?)?,
        disabled: r.get::<_, Option<String>>(4)?.is_some(),
        locked_until: r.get(5)?,
        created_at: r.get(6)?,
        has_slot: false,
    })
}

fn find(tx: &Tx<'_>, username: &Username) -> Result<StaffInfo> {
    tx.conn()
        .query_row(
            &format!("SELECT {INFO_COLUMNS} FROM staff WHERE username = ?1"),
            [username.as_str()],
            read_info,
        )
        .optional()?
        .ok_or_else(|| StoreError::not_found(crate::error::Thing::StaffAccount, username.as_str()))
}

/// What a new account needs.
#[derive(Debug)]
pub struct NewStaff {
    /// The username, checked by [`jeopsu_core::staff::Username::parse`].
    pub username: String,
    /// The name shown; the username when `None`.
    pub display_name: Option<String>,
    /// The role.
    pub role: Role,
    /// The first password.
    pub password: Password,
}

/// [`Actor::as_read`] of the one signed in (or running the CLI), with their name as the
/// account has it now: who printed a paper.
pub fn as_read(store: &Store, actor: &Actor) -> Result<String> {
    who(store.conn(), &actor.to_log_text())
}

/// [`Actor::as_read`] of a stored log text, with the staff member's name as the account has it
/// now; a text no actor writes is shown as it is. For one row; a list reads the names once
/// ([`StaffNames`]).
pub(crate) fn who(conn: &rusqlite::Connection, logged: &str) -> Result<String> {
    Ok(StaffNames::load(conn)?.who(logged))
}

/// Every account's name, read once, to name who did each row of a list (the review, the holds,
/// a patient's record).
pub(crate) struct StaffNames(std::collections::HashMap<i64, String>);

impl StaffNames {
    pub(crate) fn load(conn: &rusqlite::Connection) -> Result<StaffNames> {
        Ok(StaffNames(
            conn.prepare_cached("SELECT id, display_name FROM staff")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?,
        ))
    }

    /// The staff member's name of account `id`, if there is one.
    pub(crate) fn name(&self, id: i64) -> Option<&str> {
        self.0.get(&id).map(String::as_str)
    }

    /// [`Actor::as_read`] of one stored log text; a text no actor writes is shown as it is.
    pub(crate) fn who(&self, logged: &str) -> String {
        match Actor::parse(logged) {
            Some(actor) => {
                let name = match &actor {
                    Actor::Staff { id, .. } => self.name(id.get()),
                    _ => None,
                };
                actor.as_read(name)
            }
            None => logged.to_string(),
        }
    }
}

/// Creates an account. Logs the creation (access log) and the role grant (permission log). A
/// first password a staff member chose for someone else is changed at the first sign-in
/// (`core::staff::first_password_must_change`).
pub fn add(store: &mut Store, actor: &Actor, new: NewStaff) -> Result<StaffInfo> {
    let username = Username::parse(&new.username).map_err(invalid)?;
    let display = jeopsu_core::staff::parse_display_name(
        new.display_name.as_deref().unwrap_or(username.as_str()),
    )
    .map_err(invalid)?;
    jeopsu_core::staff::check_new_password(new.password.expose_secret()).map_err(invalid)?;
    let hash = hash_password(&new.password)?;
    store.write_with_slots(|tx, slots| {
        let now = time::to_stored(tx.now());
        let inserted = tx.conn().execute(
            "INSERT INTO staff (username, display_name, role, password_hash, created_at, password_changed_at,
                                must_change_password)
             VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6) ON CONFLICT (username) DO NOTHING",
            params![
                username.as_str(),
                display,
                new.role.as_str(),
                hash,
                now,
                jeopsu_core::staff::first_password_must_change(actor)
            ],
        )?;
        if inserted == 0 {
            return Err(StoreError::Conflict(format!("username {} is taken", username.as_str())));
        }
        let info = find(tx, &username)?;
        slots.put(username.as_str(), &new.password)?;
        tx.log(Entry::new(Action::StaffCreated, actor).subject(Subject::staff(info.id)))?;
        tx.log(
            Entry::new(Action::RoleGranted, actor)
                .subject(Subject::staff(info.id))
                .detail(serde_json::json!({ "role": new.role.as_str() })),
        )?;
        Ok(info)
    })
}

/// All accounts, by username. Reading the list is logged.
pub fn list(store: &mut Store, actor: &Actor) -> Result<Vec<StaffInfo>> {
    let rows = store.write(|tx| {
        let mut stmt = tx.conn().prepare(&format!(
            "SELECT {INFO_COLUMNS} FROM staff ORDER BY username"
        ))?;
        let rows = stmt
            .query_map([], read_info)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        tx.log(Entry::new(Action::StaffListed, actor))?;
        Ok(rows)
    })?;
    let counted = crate::keys::slots_and_counters(store)?;
    let now = store.now();
    Ok(rows
        .into_iter()
        .map(|mut r| {
            if let Some((body, counters)) = &counted {
                let tag = body.tag(&r.username);
                r.has_slot = body.find(&tag).is_some();
                // Sign-in through a slot counts failures beside the database, not in it.
                if let Some(until) = counters.state(&tag, now).blocked_until(now) {
                    r.locked_until = Some(time::to_stored(until));
                }
            }
            r
        })
        .collect())
}

/// Changes an account's role (permission log: old and new role).
pub fn set_role(store: &mut Store, actor: &Actor, username: &str, role: Role) -> Result<StaffInfo> {
    let username = Username::parse(username).map_err(invalid)?;
    store.write(|tx| {
        let before = find(tx, &username)?;
        if before.role == role {
            return Ok(before);
        }
        tx.conn().execute(
            "UPDATE staff SET role = ?1 WHERE id = ?2",
            params![role.as_str(), before.id.get()],
        )?;
        tx.log(
            Entry::new(Action::RoleChanged, actor)
                .subject(Subject::staff(before.id))
                .detail(serde_json::json!({ "from": before.role.as_str(), "to": role.as_str() })),
        )?;
        find(tx, &username)
    })
}

/// Disables (`true`) or re-enables an account. Disabling revokes its role's permissions, which
/// the permission log records; enabling grants them again.
pub fn set_disabled(
    store: &mut Store,
    actor: &Actor,
    username: &str,
    disabled: bool,
) -> Result<StaffInfo> {
    let username = Username::parse(username).map_err(invalid)?;
    store.write_with_slots(|tx, slots| {
        let before = find(tx, &username)?;
        if before.disabled == disabled {
            return Ok(before);
        }
        // A disabled account's slot goes, and this PC's device secret is replaced, so even a
        // copy of the slot file from before opens nothing here. Enabling makes no slot: the
        // password is not known; an administrator's reset makes one.
        if disabled {
            slots.remove(username.as_str());
            if slots.replace_device_secret() {
                tx.log(Entry::new(Action::DeviceSecretReplaced, actor))?;
            }
        }
        let at = disabled.then(|| time::to_stored(tx.now()));
        tx.conn().execute(
            "UPDATE staff SET disabled_at = ?1 WHERE id = ?2",
            params![at, before.id.get()],
        )?;
        let subject = Subject::staff(before.id);
        let role = serde_json::json!({ "role": before.role.as_str() });
        let (access, permission) = if disabled {
            (Action::StaffDisabled, Action::RoleRevoked)
        } else {
            (Action::StaffEnabled, Action::RoleGranted)
        };
        tx.log(Entry::new(access, actor).subject(subject.clone()))?;
        tx.log(Entry::new(permission, actor).subject(subject).detail(role))?;
        find(tx, &username)
    })
}

/// The signed-in person changes their own password: the current one is checked, the new one
/// follows the password rule and differs from it. Clears a renewal or reset that was due.
pub fn change_own_password(
    store: &mut Store,
    who: &SignedIn,
    current: &Password,
    new: &Password,
) -> Result<()> {
    let phc: String = store.conn().query_row(
        "SELECT password_hash FROM staff WHERE id = ?1 AND disabled_at IS NULL",
        [who.id.get()],
        |r| r.get(0),
    )?;
    if !verify_password(current, &phc) {
        return Err(StoreError::Invalid(vec![jeopsu_core::FieldProblem::new(
            "current",
            FieldMessage::PasswordCurrentWrong,
        )]));
    }
    jeopsu_core::staff::check_new_password(new.expose_secret()).map_err(|e| {
        let mut p = e.problem();
        p.field = "new";
        StoreError::Invalid(vec![p])
    })?;
    if new.expose_secret() == current.expose_secret() {
        return Err(StoreError::Invalid(vec![jeopsu_core::FieldProblem::new(
            "new",
            FieldMessage::PasswordSame,
        )]));
    }
    let hash = hash_password(new)?;
    store.write_with_slots(|tx, slots| {
        tx.conn().execute(
            "UPDATE staff SET password_hash = ?1, password_changed_at = ?2, must_change_password = 0
             WHERE id = ?3",
            params![hash, time::to_stored(tx.now()), who.id.get()],
        )?;
        slots.put(&who.username, new)?;
        tx.log(Entry::new(Action::PasswordChanged, &who.actor()).subject(Subject::staff(who.id)))?;
        Ok(())
    })
}

/// Sets a new password (an admin reset; its owner changes it at the next sign-in); also clears
/// a lockout.
pub fn reset_password(
    store: &mut Store,
    actor: &Actor,
    username: &str,
    password: &Password,
) -> Result<()> {
    let username = Username::parse(username).map_err(invalid)?;
    jeopsu_core::staff::check_new_password(password.expose_secret()).map_err(invalid)?;
    let hash = hash_password(password)?;
    store.write_with_slots(|tx, slots| {
        let info = find(tx, &username)?;
        // A disabled account gets no slot: it opens nothing until it is enabled and reset.
        if !info.disabled {
            slots.put(username.as_str(), password)?;
        }
        slots.clear_lockout(username.as_str());
        tx.conn().execute(
            "UPDATE staff SET password_hash = ?1, password_changed_at = ?2, failed_attempts = 0, locked_until = NULL,
                              must_change_password = 1
             WHERE id = ?3",
            params![hash, time::to_stored(tx.now()), info.id.get()],
        )?;
        tx.log(Entry::new(Action::PasswordReset, actor).subject(Subject::staff(info.id)))?;
        Ok(())
    })
}

/// The lockout policy in force (the defaults until the admin saves one).
pub fn lockout_policy(store: &Store) -> Result<LockoutPolicy> {
    let d = LockoutPolicy::default();
    Ok(LockoutPolicy {
        max_failures: settings::get_u32(
            store.conn(),
            settings::LOCKOUT_MAX_FAILURES,
            d.max_failures,
        )?,
        lock_minutes: settings::get_u32(store.conn(), settings::LOCKOUT_MINUTES, d.lock_minutes)?,
    })
}

/// Saves the lockout policy (1 to 20 failures, 1 minute to a day), with its log row.
pub fn set_lockout_policy(store: &mut Store, actor: &Actor, p: LockoutPolicy) -> Result<()> {
    if p.max_failures == 0 || p.max_failures > 20 || p.lock_minutes == 0 || p.lock_minutes > 24 * 60
    {
        return Err(StoreError::InvalidInput(
            "lockout: 1-20 failures, 1-1440 minutes".into(),
        ));
    }
    store.write(|tx| {
        settings::put(
            tx.conn(),
            settings::LOCKOUT_MAX_FAILURES,
            &p.max_failures.to_string(),
        )?;
        settings::put(
            tx.conn(),
            settings::LOCKOUT_MINUTES,
            &p.lock_minutes.to_string(),
        )?;
        tx.log(
            Entry::new(Action::SettingChanged, actor).detail(serde_json::json!({
                "lockout.max_failures": p.max_failures, "lockout.lock_minutes": p.lock_minutes
            })),
        )?;
        Ok(())
    })
}

enum Outcome {
    Ok(SignedIn),
    Failed,
    Blocked(DateTime<Utc>),
    Disabled,
}
