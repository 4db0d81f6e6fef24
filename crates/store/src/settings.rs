//! Key-value settings stored in the database (never personal data).

use crate::error::Result;
use rusqlite::{Connection, OptionalExtension, params};

pub const DB_ID: &str = "db_id";
pub const CREATED_AT: &str = "created_at";
pub const LOCKOUT_MAX_FAILURES: &str = "lockout.max_failures";
pub const LOCKOUT_MINUTES: &str = "lockout.lock_minutes";

pub fn get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| {
            r.get(0)
        })
        .optional()?)
}

pub fn put(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2",
        params![key, value],
    )?;
    Ok(())
}

pub fn get_u32(conn: &Connection, key: &str, default: u32) -> Result<u32> {
    Ok(get(conn, key)?
        .and_then(|v| v.parse().ok())
        .unwrap_or(default))
}
