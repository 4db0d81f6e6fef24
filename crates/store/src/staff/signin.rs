//! Signing in: the password checked against its hash (a dummy hash for an unknown name, so
//! timing says nothing), the lockout counted, the session's end and refusals logged.

use super::*;

/// Checks a username and password. Failures count towards the lockout and are logged; the
/// failure count is committed even though the caller gets an error.
///
/// Unless the password verified, the answer is always "wrong username or password": a locked
/// or disabled account, or the attempt that locks it, does not reveal that the account exists.
/// With the right password, a locked or disabled account says so. The failure count is read and
/// written in the same transaction, so two attempts at once (the app and the CLI) both count.
pub fn sign_in(store: &mut Store, username: &str, password: &Password) -> Result<SignedIn> {
    let policy = lockout_policy(store)?;
    // Hash comparison happens outside the transaction (it takes tens of milliseconds).
    let username = Username::parse(username).ok();
    let found: Option<(StaffInfo, String, i64, String, bool)> = match &username {
        None => None,
        Some(u) => store
            .conn()
            .query_row(
                &format!("SELECT {INFO_COLUMNS}, password_hash, failed_attempts, password_changed_at, must_change_password FROM staff WHERE username = ?1"),
                [u.as_str()],
                |r| Ok((read_info(r)?, r.get(7)?, r.get(8)?, r.get::<_, String>(9)?, r.get::<_, bool>(10)?)),
            )
            .optional()?,
    };
    let Some((info, phc, _, changed_at, must_change)) = found else {
        // Same work for an unknown name as for a known one, so timing does not reveal names.
        let _ = verify_password(password, DUMMY_HASH);
        store.write(|tx| {
            tx.log(Entry::new(Action::SignInFailed, &Actor::Anonymous))
                .map(|_| ())
        })?;
        return Err(StoreError::BadCredentials);
    };
    let password_ok = verify_password(password, &phc);
    let outcome = store.write(|tx| {
        let now = tx.now();
        // Read again inside the write transaction: the count read before hashing may be stale.
        let (failed, locked_until): (i64, Option<String>) = tx.conn().query_row(
            "SELECT failed_attempts, locked_until FROM staff WHERE id = ?1",
            [info.id.get()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let state = LockoutState {
            failed_attempts: u32::try_from(failed).unwrap_or(u32::MAX),
            locked_until: locked_until.as_deref().and_then(time::from_stored),
        };
        let subject = Subject::staff(info.id);
        let anonymous = Actor::Anonymous;
        if let Some(until) = state.blocked_until(now) {
            tx.log(Entry::new(Action::SignInBlocked, &anonymous).subject(subject))?;
            return Ok(if password_ok {
                Outcome::Blocked(until)
            } else {
                Outcome::Failed
            });
        }
        if info.disabled {
            tx.log(Entry::new(Action::SignInFailed, &anonymous).subject(subject))?;
            return Ok(if password_ok {
                Outcome::Disabled
            } else {
                Outcome::Failed
            });
        }
        if !password_ok {
            let next = state.after_failure(now, policy);
            tx.conn().execute(
                "UPDATE staff SET failed_attempts = ?1, locked_until = ?2 WHERE id = ?3",
                params![
                    next.failed_attempts,
                    next.locked_until.map(time::to_stored),
                    info.id.get()
                ],
            )?;
            tx.log(Entry::new(Action::SignInFailed, &anonymous).subject(subject))?;
            // Even the attempt that locks the account answers like any wrong password.
            return Ok(Outcome::Failed);
        }
        Ok(Outcome::Ok(signed_in(tx, &info, &changed_at, must_change)?))
    })?;
    match outcome {
        Outcome::Ok(who) => Ok(who),
        Outcome::Failed => Err(StoreError::BadCredentials),
        Outcome::Blocked(until) => Err(StoreError::LockedOut { until }),
        Outcome::Disabled => Err(StoreError::AccountDisabled),
    }
}

/// The database side of a sign-in through a key slot (`keys::sign_in`): the slot already proved
/// the password. Writes the attempts made while the database was closed (`attempts`, with how
/// many were dropped for space, and when the counters were found edited), then checks the
/// account: gone or disabled is refused (logged), otherwise the sign-in is logged. One
/// transaction; committed even when the sign-in is refused, like [`sign_in`].
pub(crate) fn sign_in_with_slot(
    store: &mut Store,
    username: &str,
    tag_of: &dyn Fn(&str) -> crate::vault::UserTag,
    attempts: &[crate::vault::Attempt],
    dropped: u64,
    tampered_at: Option<String>,
) -> Result<SignedIn> {
    let outcome = store.write(|tx| {
        let anonymous = Actor::Anonymous;
        if !attempts.is_empty() || dropped > 0 {
            let mut stmt = tx.conn().prepare("SELECT id, username FROM staff")?;
            let ids = stmt
                .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?
                .collect::<rusqlite::Result<Vec<_>>>()?
                .into_iter()
                .map(|(id, name)| (tag_of(&name).to_hex(), StaffId(id)))
                .collect::<std::collections::HashMap<_, _>>();
            for a in attempts {
                let action = if a.what == "blocked" {
                    Action::SignInBlocked
                } else {
                    Action::SignInFailed
                };
                let mut e = Entry::new(action, &anonymous)
                    .detail(serde_json::json!({ "at": a.at, "while_closed": true }));
                if let Some(id) = ids.get(&a.user) {
                    e = e.subject(Subject::staff(*id));
                }
                tx.log(e)?;
            }
            if dropped > 0 {
                tx.log(
                    Entry::new(Action::SignInFailed, &anonymous)
                        .detail(serde_json::json!({ "dropped": dropped, "while_closed": true })),
                )?;
            }
        }
        if let Some(at) = &tampered_at {
            tx.log(
                Entry::new(Action::SignInCountersTampered, &anonymous)
                    .detail(serde_json::json!({ "found_at": at })),
            )?;
        }
        let found: Option<(StaffInfo, String, bool)> = tx
            .conn()
            .query_row(
                &format!("SELECT {INFO_COLUMNS}, password_changed_at, must_change_password FROM staff WHERE username = ?1"),
                [username],
                |r| Ok((read_info(r)?, r.get::<_, String>(7)?, r.get::<_, bool>(8)?)),
            )
            .optional()?;
        let Some((info, changed_at, must_change)) = found else {
            tx.log(Entry::new(Action::SignInFailed, &anonymous))?;
            return Ok(Outcome::Failed);
        };
        let subject = Subject::staff(info.id);
        if info.disabled {
            tx.log(Entry::new(Action::SignInFailed, &anonymous).subject(subject))?;
            return Ok(Outcome::Disabled);
        }
        Ok(Outcome::Ok(signed_in(tx, &info, &changed_at, must_change)?))
    })?;
    match outcome {
        Outcome::Ok(who) => Ok(who),
        Outcome::Failed | Outcome::Blocked(_) => Err(StoreError::BadCredentials),
        Outcome::Disabled => Err(StoreError::AccountDisabled),
    }
}

/// A successful sign-in inside its transaction: the database's own count starts again, the
/// renewal rule is applied, and the sign-in is logged.
pub(super) fn signed_in(
    tx: &Tx<'_>,
    info: &StaffInfo,
    changed_at: &str,
    must_change: bool,
) -> Result<SignedIn> {
    let now = tx.now();
    tx.conn().execute(
        "UPDATE staff SET failed_attempts = 0, locked_until = NULL WHERE id = ?1",
        [info.id.get()],
    )?;
    let months = settings::password_max_age_months(tx)?;
    let password_change_due = jeopsu_core::staff::password_change_due(
        time::from_stored(changed_at)
            .map(time::seoul_date)
            .unwrap_or_default(),
        time::seoul_date(now),
        months,
        must_change,
    );
    let who = SignedIn {
        id: info.id,
        username: info.username.clone(),
        display_name: info.display_name.clone(),
        role: info.role,
        password_change_due,
    };
    tx.log(Entry::new(Action::SignIn, &who.actor()).subject(Subject::staff(info.id)))?;
    Ok(who)
}

/// A session ended (`how`: `sign-out`, `idle-lock`, `exit`...), logged for the person whose
/// session it was.
pub fn log_session_end(store: &mut Store, actor: &Actor, how: &str) -> Result<()> {
    store.write(|tx| {
        tx.log(Entry::new(Action::SignOut, actor).detail(serde_json::json!({ "how": how })))
            .map(|_| ())
    })
}

/// Logs a call refused for lack of permission (the app at most once a minute per session, the
/// CLI each time): `permission` as the matrix names it, `via` "app" or "cli". The monthly review
/// shows them.
pub fn log_permission_refused(
    store: &mut Store,
    actor: &Actor,
    permission: jeopsu_core::Permission,
    via: &str,
) -> Result<()> {
    let name = serde_json::to_value(permission).unwrap_or_default();
    store.write(|tx| {
        tx.log(
            Entry::new(Action::PermissionRefused, actor)
                .detail(serde_json::json!({ "permission": name, "via": via })),
        )
        .map(|_| ())
    })
}

/// A valid Argon2id hash of a random password, verified against for unknown usernames.
pub(super) const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3T/cpA5c1vR5bJ7T6z6P3uV0xkG0m9bRrEj3tq3aX2Y";
