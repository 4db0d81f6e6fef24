//! Key-value settings stored in the database (never personal data).

use crate::error::Result;
use jeopsu_core::field::FieldMessage;
use rusqlite::{Connection, OptionalExtension, params};

/// The database's random id: it must match the key file's, and key slots are bound to it.
pub const DB_ID: &str = "db_id";
/// When the database was created (stored form, UTC).
pub const CREATED_AT: &str = "created_at";
/// Failed sign-ins that block an account ([`jeopsu_core::staff::LockoutPolicy`]).
pub const LOCKOUT_MAX_FAILURES: &str = "lockout.max_failures";
/// How long a blocked account stays blocked, in minutes.
pub const LOCKOUT_MINUTES: &str = "lockout.lock_minutes";
/// Minutes without use after which the app locks.
pub const IDLE_LOCK_MINUTES: &str = "idle_lock_minutes";
/// The clinic's choices about its optional items (`core::consent::ConsentPolicy`, JSON).
pub const CONSENT_POLICY: &str = "consent.policy";
/// How many months a staff password lasts before sign-in asks for a new one.
pub const PASSWORD_MAX_AGE_MONTHS: &str = "password.max_age_months";
/// The waiting-room screen shows masked names (`true`/`false`; off by default).
pub const DISPLAY_NAMES: &str = "display.show_names";
/// Months a phone booking by someone who never registered is kept, from its day (a clinic rule).
pub const PHONE_BOOKING_MONTHS: &str = "desk.phone_booking_months";
/// [`PHONE_BOOKING_MONTHS`] until the clinic chooses.
pub const PHONE_BOOKING_MONTHS_DEFAULT: u32 = 6;
/// The rooms (or doctors) a visit is sent to (JSON list).
pub const DESK_ROOMS: &str = "desk.rooms";
/// The folder scheduled backups go to (a full path).
pub const BACKUP_FOLDER: &str = "backup.folder";
/// How many daily, weekly and monthly backups rotation keeps (`core::backup::Rotation`, JSON).
pub const BACKUP_ROTATION: &str = "backup.rotation";
/// Set once every sealed RRN is bound to its row (`patients::reseal_unbound`).
pub const RRN_BOUND: &str = "rrn.bound_to_row";
/// The clinic's profile (`core::clinic::ClinicProfile`, JSON): name, officers, contacts.
pub const CLINIC_PROFILE: &str = "clinic.profile";
/// How new chart numbers look (`core::patient::chart`).
pub const CHART_NO_FORMAT: &str = "chart_no_format";

pub(crate) fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

pub(crate) fn put(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
        params![key, value],
    )?;
    Ok(())
}

/// A setting stored as JSON; `None` when it was never saved. One that is there but does not
/// read back is an error (a damaged or edited database), never the default in its place: that
/// would silently replace what the clinic chose (its retention periods, its backup rotation).
pub(crate) fn get_json<T: serde::de::DeserializeOwned>(
    conn: &Connection,
    key: &str,
) -> Result<Option<T>> {
    get(conn, key)?
        .map(|json| serde_json::from_str(&json).map_err(|e| unreadable(key, e)))
        .transpose()
}

/// A number setting, `default` when it was never saved; unreadable is an error, as for
/// [`get_json`].
pub(crate) fn get_u32(conn: &Connection, key: &str, default: u32) -> Result<u32> {
    Ok(get(conn, key)?
        .map(|v| v.parse().map_err(|e| unreadable(key, e)))
        .transpose()?
        .unwrap_or(default))
}

fn unreadable(key: &str, e: impl std::fmt::Display) -> crate::StoreError {
    crate::StoreError::IntegrityFailed(format!("the setting {key} cannot be read: {e}"))
}

use crate::Store;
use crate::audit::Entry;
use crate::error::StoreError;
use jeopsu_core::audit::{Action, Actor};
use jeopsu_core::clinic::{ClinicProfile, IDLE_LOCK_DEFAULT_MINUTES, IDLE_LOCK_RANGE};

/// The clinic profile; the policy's defaults until setup saved one.
pub fn clinic_profile(store: &Store) -> Result<ClinicProfile> {
    Ok(get_json(store.conn(), CLINIC_PROFILE)?.unwrap_or_else(ClinicProfile::policy_defaults))
}

/// Saves the clinic profile, checked and normalised, with its log row.
pub fn set_clinic_profile(
    store: &mut Store,
    actor: &Actor,
    profile: &ClinicProfile,
) -> Result<ClinicProfile> {
    let p = profile.normalised().map_err(StoreError::Invalid)?;
    let json = serde_json::to_string(&p).map_err(|e| StoreError::Internal(e.to_string()))?;
    store.write(|tx| {
        put(tx.conn(), CLINIC_PROFILE, &json)?;
        tx.log(
            Entry::new(Action::SettingChanged, actor)
                .detail(serde_json::json!({ "setting": CLINIC_PROFILE })),
        )?;
        Ok(())
    })?;
    Ok(p)
}

/// Minutes without use after which the app locks (the default if the stored value is out of
/// range).
pub fn idle_lock_minutes(store: &Store) -> Result<u32> {
    let m = get_u32(store.conn(), IDLE_LOCK_MINUTES, IDLE_LOCK_DEFAULT_MINUTES)?;
    Ok(if IDLE_LOCK_RANGE.contains(&m) {
        m
    } else {
        IDLE_LOCK_DEFAULT_MINUTES
    })
}

/// Saves the idle-lock minutes (within the allowed range), with its log row.
pub fn set_idle_lock_minutes(store: &mut Store, actor: &Actor, minutes: u32) -> Result<()> {
    if !IDLE_LOCK_RANGE.contains(&minutes) {
        return Err(StoreError::InvalidInput(format!(
            "idle lock: {}-{} minutes",
            IDLE_LOCK_RANGE.start(),
            IDLE_LOCK_RANGE.end()
        )));
    }
    store.write(|tx| {
        put(tx.conn(), IDLE_LOCK_MINUTES, &minutes.to_string())?;
        tx.log(
            Entry::new(Action::SettingChanged, actor)
                .detail(serde_json::json!({ "setting": IDLE_LOCK_MINUTES, "minutes": minutes })),
        )?;
        Ok(())
    })
}

/// The chart-number format new patients get (the default until an admin sets one).
pub fn chart_no_format(store: &Store) -> Result<String> {
    Ok(get(store.conn(), CHART_NO_FORMAT)?
        .unwrap_or_else(|| jeopsu_core::patient::chart::DEFAULT_FORMAT.to_string()))
}

/// Sets the chart-number format after checking it renders a valid chart number. Numbers
/// already given keep their form; the counter goes on (a number already taken is skipped).
pub fn set_chart_no_format(store: &mut Store, actor: &Actor, format: &str) -> Result<String> {
    let format = format.trim().to_string();
    let year = chrono::Datelike::year(&jeopsu_core::time::seoul_date(store.now()));
    if jeopsu_core::patient::chart::render(&format, year, 1).is_none() {
        return Err(StoreError::Invalid(vec![jeopsu_core::FieldProblem::new(
            "chart_format",
            FieldMessage::ChartFormat,
        )]));
    }
    store.write(|tx| {
        put(tx.conn(), CHART_NO_FORMAT, &format)?;
        tx.log(
            Entry::new(Action::SettingChanged, actor)
                .detail(serde_json::json!({ "setting": CHART_NO_FORMAT, "format": format })),
        )?;
        Ok(())
    })?;
    Ok(format)
}

/// The clinic's consent policy (the default until an admin sets one).
pub fn consent_policy(db: &impl crate::Db) -> Result<jeopsu_core::consent::ConsentPolicy> {
    let conn = crate::conn_of(db);
    Ok(get_json(conn, CONSENT_POLICY)?.unwrap_or_default())
}

/// Saves the consent policy, with its log row.
pub fn set_consent_policy(
    store: &mut crate::Store,
    actor: &jeopsu_core::audit::Actor,
    policy: jeopsu_core::consent::ConsentPolicy,
) -> Result<()> {
    store.write(|tx| {
        let text = serde_json::to_string(&policy)
            .map_err(|e| crate::StoreError::Internal(format!("consent policy: {e}")))?;
        put(tx.conn(), CONSENT_POLICY, &text)?;
        tx.log(
            crate::audit::Entry::new(jeopsu_core::audit::Action::SettingChanged, actor).detail(
                serde_json::json!({ "setting": CONSENT_POLICY, "marketing_under_14": policy.marketing_under_14 }),
            ),
        )?;
        Ok(())
    })
}

/// Password renewal: a password older than this many months is changed at the next sign-in.
pub fn password_max_age_months(db: &impl crate::Db) -> Result<u32> {
    let conn = crate::conn_of(db);
    let m = get_u32(
        conn,
        PASSWORD_MAX_AGE_MONTHS,
        jeopsu_core::staff::PASSWORD_MAX_AGE_DEFAULT,
    )?;
    Ok(if jeopsu_core::staff::PASSWORD_MAX_AGE_RANGE.contains(&m) {
        m
    } else {
        jeopsu_core::staff::PASSWORD_MAX_AGE_DEFAULT
    })
}

/// Saves the password renewal period (within [`jeopsu_core::staff::PASSWORD_MAX_AGE_RANGE`]),
/// with its log row.
pub fn set_password_max_age_months(
    store: &mut crate::Store,
    actor: &jeopsu_core::audit::Actor,
    months: u32,
) -> Result<()> {
    if !jeopsu_core::staff::PASSWORD_MAX_AGE_RANGE.contains(&months) {
        return Err(crate::StoreError::Invalid(vec![
            jeopsu_core::FieldProblem::new("password_max_age_months", FieldMessage::NumberRange)
                .arg("min", *jeopsu_core::staff::PASSWORD_MAX_AGE_RANGE.start())
                .arg("max", *jeopsu_core::staff::PASSWORD_MAX_AGE_RANGE.end()),
        ]));
    }
    store.write(|tx| {
        put(tx.conn(), PASSWORD_MAX_AGE_MONTHS, &months.to_string())?;
        tx.log(
            crate::audit::Entry::new(jeopsu_core::audit::Action::SettingChanged, actor).detail(
                serde_json::json!({ "setting": PASSWORD_MAX_AGE_MONTHS, "months": months }),
            ),
        )?;
        Ok(())
    })
}

/// Whether the waiting-room screen shows masked names (off unless the clinic turns it on).
pub fn display_names(db: &impl crate::Db) -> Result<bool> {
    let conn = crate::conn_of(db);
    Ok(get(conn, DISPLAY_NAMES)?.is_some_and(|v| v == "true"))
}

/// Turns masked names on the waiting-room screen on or off, with its log row.
pub fn set_display_names(
    store: &mut crate::Store,
    actor: &jeopsu_core::audit::Actor,
    on: bool,
) -> Result<()> {
    store.write(|tx| {
        put(tx.conn(), DISPLAY_NAMES, if on { "true" } else { "false" })?;
        tx.log(
            crate::audit::Entry::new(jeopsu_core::audit::Action::SettingChanged, actor)
                .detail(serde_json::json!({ "setting": DISPLAY_NAMES, "on": on })),
        )?;
        Ok(())
    })
}

/// How many months an unlinked phone booking is kept (1 to 24; 6 unless the clinic chose).
pub fn phone_booking_months(db: &impl crate::Db) -> Result<u32> {
    let conn = crate::conn_of(db);
    let m = get_u32(conn, PHONE_BOOKING_MONTHS, PHONE_BOOKING_MONTHS_DEFAULT)?;
    Ok(if (1..=24).contains(&m) {
        m
    } else {
        PHONE_BOOKING_MONTHS_DEFAULT
    })
}

/// Saves how long unlinked phone bookings are kept (1 to 24 months), with its log row.
pub fn set_phone_booking_months(
    store: &mut crate::Store,
    actor: &jeopsu_core::audit::Actor,
    months: u32,
) -> Result<()> {
    if !(1..=24).contains(&months) {
        return Err(crate::StoreError::Invalid(vec![
            jeopsu_core::FieldProblem::new("phone_booking_months", FieldMessage::NumberRange)
                .arg("min", 1u32)
                .arg("max", 24u32),
        ]));
    }
    store.write(|tx| {
        put(tx.conn(), PHONE_BOOKING_MONTHS, &months.to_string())?;
        tx.log(
            crate::audit::Entry::new(jeopsu_core::audit::Action::SettingChanged, actor)
                .detail(serde_json::json!({ "setting": PHONE_BOOKING_MONTHS, "months": months })),
        )?;
        Ok(())
    })
}
