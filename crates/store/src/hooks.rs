//! The places a debug build lets a test reach into the store, and a release build does not
//! compile: a pinned clock, a crash between the steps of a multi-step change, and a pause
//! between a background job's work and its record (docs/LAW.md "Tests and the clock").

use crate::Clock;
use chrono::Utc;

/// The clock a store starts with: the system clock, or, in a debug build, the instant named by
/// `JEOPSU_TEST_NOW` (RFC 3339), so the CLI and the app are tested on a pinned date and no test
/// depends on today's. A release build cannot read the variable: the code is not compiled in.
pub(crate) fn default_clock() -> Clock {
    #[cfg(debug_assertions)]
    if let Some(at) = std::env::var("JEOPSU_TEST_NOW")
        .ok()
        .and_then(|s| chrono::DateTime::parse_from_rfc3339(&s).ok())
    {
        let at = at.with_timezone(&Utc);
        return Box::new(move || at);
    }
    Box::new(Utc::now)
}

/// A test-only crash at step `n` of a multi-step change when the environment variable `var`
/// says `n` (`JEOPSU_TEST_RESTORE_CRASH_AT`, `JEOPSU_TEST_SLOTS_CRASH_AT`): the process aborts
/// as a power cut would. A release build has no such code.
pub(crate) fn test_crash_point(var: &str, n: u32) {
    #[cfg(debug_assertions)]
    if std::env::var(var).ok().and_then(|v| v.parse::<u32>().ok()) == Some(n) {
        std::process::abort();
    }
    #[cfg(not(debug_assertions))]
    let _ = (var, n);
}

/// A test-only pause where a job has done its work and is about to record it, when the
/// environment variable `var` says how many milliseconds (`JEOPSU_TEST_CHAIN_CHECK_PAUSE_MS`,
/// `JEOPSU_TEST_BACKUP_NOW_PAUSE_MS`): an end-to-end test signs out in between, which a small
/// test database would otherwise not leave time for. A release build has no such code.
pub(crate) fn test_pause(var: &str) {
    #[cfg(debug_assertions)]
    if let Some(ms) = std::env::var(var).ok().and_then(|v| v.parse::<u64>().ok()) {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
    #[cfg(not(debug_assertions))]
    let _ = var;
}
