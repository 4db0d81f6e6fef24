//! Staff accounts: what a valid username and password are, and the sign-in lockout rule.

use crate::field::FieldMessage;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// Why a staff account's username, display name or password is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StaffInputError {
    /// The username breaks its rule.
    #[error("username must be 3 to 32 characters: lower-case letters, digits, '.', '_' or '-'")]
    Username,
    /// The display name is empty, too long or has control characters.
    #[error("display name must be 1 to 40 characters")]
    DisplayName,
    /// The password is too short, or only spaces.
    #[error("password must be at least {min} characters and not only spaces")]
    PasswordTooShort {
        /// The shortest allowed, [`MIN_PASSWORD_CHARS`].
        min: usize,
    },
    /// The password is too long.
    #[error("password must be at most 256 characters")]
    PasswordTooLong,
}

impl StaffInputError {
    /// The same problem as a field-level message for the forms.
    pub fn problem(&self) -> crate::FieldProblem {
        use crate::FieldProblem as P;
        match self {
            StaffInputError::Username => P::new("username", FieldMessage::UsernameRule),
            StaffInputError::DisplayName => P::new("display_name", FieldMessage::DisplayNameRule),
            StaffInputError::PasswordTooShort { min } => {
                P::new("password", FieldMessage::PasswordShort).arg("min", *min)
            }
            StaffInputError::PasswordTooLong => {
                P::new("password", FieldMessage::PasswordLong).arg("max", 256usize)
            }
        }
    }

    /// Every variant, for the test that each has a message in every language.
    pub fn all() -> Vec<StaffInputError> {
        vec![
            StaffInputError::Username,
            StaffInputError::DisplayName,
            StaffInputError::PasswordTooShort {
                min: MIN_PASSWORD_CHARS,
            },
            StaffInputError::PasswordTooLong,
        ]
    }
}

/// Checks a whole new account at once (the fields given), so that a form can show every problem
/// next to its field before anything is sent.
pub fn check_new_account(
    username: Option<&str>,
    display_name: Option<&str>,
    password: Option<&str>,
) -> Vec<crate::FieldProblem> {
    let mut problems = vec![];
    if let Some(u) = username
        && let Err(e) = Username::parse(u)
    {
        problems.push(e.problem());
    }
    if let Some(d) = display_name
        && let Err(e) = parse_display_name(d)
    {
        problems.push(e.problem());
    }
    if let Some(p) = password
        && let Err(e) = check_new_password(p)
    {
        problems.push(e.problem());
    }
    problems
}

/// A login name: ASCII so it types the same on every keyboard layout and IME state.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Username(String);

impl Username {
    /// A username: 3 to 32 of `a-z`, `0-9`, `.`, `_`, `-`, starting with a letter or digit;
    /// spaces around are trimmed and capitals lowered.
    pub fn parse(text: &str) -> Result<Self, StaffInputError> {
        let t = text.trim().to_ascii_lowercase();
        let ok_len = (3..=32).contains(&t.len());
        let ok_chars = t
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
        let starts_alnum = t.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
        if ok_len && ok_chars && starts_alnum {
            Ok(Username(t))
        } else {
            Err(StaffInputError::Username)
        }
    }

    /// The username as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The name shown on screen and in logs, e.g. "김지현". NFC-normalised and trimmed.
pub fn parse_display_name(text: &str) -> Result<String, StaffInputError> {
    let t: String = text.trim().nfc().collect();
    let n = t.chars().count();
    if (1..=40).contains(&n) && !t.chars().any(char::is_control) {
        Ok(t)
    } else {
        Err(StaffInputError::DisplayName)
    }
}

/// The shortest password allowed, in characters.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Password renewal (the clinic's safety measures): a password lasts this many months by default,
/// and the admin may choose 1 to 12 (docs/LAW.md "Safety measures").
pub const PASSWORD_MAX_AGE_DEFAULT: u32 = 6;
/// The bounds of the renewal period the admin may choose, in months.
pub const PASSWORD_MAX_AGE_RANGE: std::ops::RangeInclusive<u32> = 1..=12;

/// Whether a password set at `changed` must be changed at a sign-in at `now` (Seoul dates):
/// after `months` calendar months (the same day, clamped to the month's end), or when an
/// administrator set it (a new account or a reset).
pub fn password_change_due(
    changed: chrono::NaiveDate,
    now: chrono::NaiveDate,
    months: u32,
    set_by_admin: bool,
) -> bool {
    set_by_admin
        || changed
            .checked_add_months(chrono::Months::new(months))
            .is_none_or(|due| now >= due)
}

/// Whether a new account's first password must be changed at its first sign-in, as a reset's
/// is: when a staff member chose it for someone else (an admin in the app, or with the CLI's
/// `--staff`), so that nobody goes on knowing another person's password and the names in the
/// access log stay the people's own (docs/LAW.md "Safety measures"). The clinic's first run
/// (its admin chooses their own) and the CLI run with the recovery phrase (whose holder can
/// read every record anyway) are not staff members choosing for someone else.
pub fn first_password_must_change(created_by: &crate::audit::Actor) -> bool {
    matches!(created_by, crate::audit::Actor::Staff { .. })
}

/// Checks a new password: at least [`MIN_PASSWORD_CHARS`], at most 256 characters, not only
/// spaces. Length is the rule that matters (NIST SP 800-63B); no composition rules.
pub fn check_new_password(password: &str) -> Result<(), StaffInputError> {
    let n = password.chars().count();
    if n > 256 {
        return Err(StaffInputError::PasswordTooLong);
    }
    if n < MIN_PASSWORD_CHARS || password.trim().is_empty() {
        return Err(StaffInputError::PasswordTooShort {
            min: MIN_PASSWORD_CHARS,
        });
    }
    Ok(())
}

/// How many failed sign-ins block an account, and for how long. Configurable by the admin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockoutPolicy {
    /// Failed sign-ins in a row that block the account.
    pub max_failures: u32,
    /// How long it stays blocked, in minutes.
    pub lock_minutes: u32,
}

impl Default for LockoutPolicy {
    fn default() -> Self {
        LockoutPolicy {
            max_failures: 5,
            lock_minutes: 10,
        }
    }
}

/// The sign-in state kept per account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LockoutState {
    /// Failed sign-ins since the last good one.
    pub failed_attempts: u32,
    /// Blocked until this time, if blocked.
    pub locked_until: Option<DateTime<Utc>>,
}

impl LockoutState {
    /// `Some(until)` while sign-in is blocked at `now`.
    pub fn blocked_until(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.locked_until.filter(|until| *until > now)
    }

    /// The state after a wrong password at `now`. A lock that has run out starts a fresh count.
    pub fn after_failure(&self, now: DateTime<Utc>, policy: LockoutPolicy) -> LockoutState {
        let expired = self.locked_until.is_some_and(|until| until <= now);
        let failed = if expired {
            1
        } else {
            self.failed_attempts.saturating_add(1)
        };
        if failed >= policy.max_failures {
            LockoutState {
                failed_attempts: failed,
                locked_until: Some(now + Duration::minutes(i64::from(policy.lock_minutes))),
            }
        } else {
            LockoutState {
                failed_attempts: failed,
                locked_until: None,
            }
        }
    }

    /// The state after a correct password.
    pub fn after_success() -> LockoutState {
        LockoutState::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use rstest::rstest;

    #[rstest]
    // (set on, today, months, set by admin) -> due
    #[case("2026-01-31", "2026-07-30", 6, false, false)]
    #[case("2026-01-31", "2026-07-31", 6, false, true)]
    #[case("2026-08-31", "2027-02-27", 6, false, false)]
    #[case("2026-08-31", "2027-02-28", 6, false, true)] // clamped to February's end
    #[case("2027-08-31", "2028-02-29", 6, false, true)] // a leap year
    #[case("2026-11-25", "2026-11-25", 6, true, true)] // a reset, the same day
    fn a_password_is_due_after_calendar_months_or_when_an_admin_set_it(
        #[case] set_on: &str,
        #[case] today: &str,
        #[case] months: u32,
        #[case] by_admin: bool,
        #[case] due: bool,
    ) {
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            password_change_due(d(set_on), d(today), months, by_admin),
            due
        );
    }

    #[test]
    fn a_first_password_a_staff_member_chose_is_changed_and_the_phrase_holders_is_not() {
        let admin = crate::audit::Actor::Staff {
            id: crate::ids::StaffId(1),
            username: "admin.kim".into(),
        };
        let at_the_pc = crate::audit::Actor::Cli {
            os_user: "clinic".into(),
        };
        assert!(first_password_must_change(&admin));
        assert!(!first_password_must_change(&at_the_pc));
    }

    #[rstest]
    #[case("kim.jihyun", true)]
    #[case("  Reception1 ", true)]
    #[case("ab", false)]
    #[case("김지현", false)]
    #[case("-lead", false)]
    #[case("a b c", false)]
    #[case("x'; DROP TABLE staff; --", false)]
    fn username_rules(#[case] text: &str, #[case] ok: bool) {
        assert_eq!(Username::parse(text).is_ok(), ok, "username {text:?}");
    }

    #[test]
    fn display_name_is_nfc_normalised() {
        let nfd = "\u{1100}\u{1175}\u{11B7}"; // 김 as conjoining jamo (NFD)
        assert_eq!(parse_display_name(nfd), Ok("김".to_string()));
    }

    #[rstest]
    #[case("short", false)]
    #[case("          ", false)]
    #[case("correct horse", true)]
    #[case("비밀번호는열자이상입니다", true)]
    fn password_rules(#[case] pw: &str, #[case] ok: bool) {
        assert_eq!(check_new_password(pw).is_ok(), ok, "password {pw:?}");
    }

    #[test]
    fn check_new_account_names_every_bad_field_and_only_those_given() {
        let fields = |v: Vec<crate::FieldProblem>| v.iter().map(|p| p.field).collect::<Vec<_>>();
        assert_eq!(
            fields(check_new_account(Some("a"), Some(" "), Some("short"))),
            ["username", "display_name", "password"]
        );
        assert!(
            check_new_account(Some("kim.jihyun"), Some("김지현"), Some("correct horse")).is_empty()
        );
        assert!(check_new_account(None, None, Some("correct horse")).is_empty());
        assert_eq!(
            fields(check_new_account(None, None, Some(&"x".repeat(300)))),
            ["password"]
        );
    }

    #[test]
    fn five_failures_lock_for_ten_minutes_then_count_restarts() {
        let policy = LockoutPolicy::default();
        let t0 = Utc
            .with_ymd_and_hms(2026, 11, 24, 9, 0, 0)
            .single()
            .expect("valid time");
        let mut s = LockoutState::default();
        for i in 1..=4 {
            s = s.after_failure(t0, policy);
            assert_eq!(s.blocked_until(t0), None, "not blocked after {i} failures");
        }
        s = s.after_failure(t0, policy);
        assert_eq!(
            s.blocked_until(t0),
            Some(t0 + Duration::minutes(10)),
            "blocked after 5"
        );
        let later = t0 + Duration::minutes(10);
        assert_eq!(
            s.blocked_until(later),
            None,
            "lock ends after exactly 10 minutes"
        );
        let s = s.after_failure(later, policy);
        assert_eq!(
            s.failed_attempts, 1,
            "a new count starts after the lock ran out"
        );
    }
}
