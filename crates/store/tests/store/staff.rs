use crate::common::{Fixture, actor};
use chrono::{Duration, TimeZone, Utc};
use jeopsu_core::Role;
use jeopsu_core::audit::Stream;
use jeopsu_store::StoreError;
use jeopsu_store::staff::{self, NewStaff, Password};
use std::sync::{Arc, Mutex};

fn add(f: &mut Fixture, username: &str, role: Role) {
    staff::add(
        f.store(),
        &actor(),
        NewStaff {
            username: username.into(),
            display_name: None,
            role,
            password: Password::new("right password".into()),
        },
    )
    .unwrap();
}

#[test]
fn duplicate_username_is_a_conflict() {
    let mut f = Fixture::new();
    add(&mut f, "kim", Role::Reception);
    let err = staff::add(
        f.store(),
        &actor(),
        NewStaff {
            username: "KIM".into(),
            display_name: None,
            role: Role::Admin,
            password: Password::new("another password".into()),
        },
    )
    .unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "got {err:?}");
}

#[test]
fn bad_inputs_are_refused_before_anything_is_written() {
    let mut f = Fixture::new();
    let rows_before = f.store().verify_audit().unwrap();
    for (username, pw) in [("x", "long enough password"), ("ok.name", "short")] {
        let err = staff::add(
            f.store(),
            &actor(),
            NewStaff {
                username: username.into(),
                display_name: None,
                role: Role::Reception,
                password: Password::new(pw.into()),
            },
        )
        .unwrap_err();
        assert!(
            matches!(err, StoreError::Invalid(_)),
            "{username}/{pw}: got {err:?}"
        );
    }
    assert_eq!(
        f.store().verify_audit().unwrap(),
        rows_before,
        "nothing logged, nothing written"
    );
}

#[test]
fn five_wrong_passwords_lock_for_ten_minutes() {
    let mut f = Fixture::new();
    add(&mut f, "lee", Role::Reception);
    let now = Arc::new(Mutex::new(
        Utc.with_ymd_and_hms(2026, 11, 24, 9, 0, 0).unwrap(),
    ));
    let clock = now.clone();
    f.store()
        .set_clock(Box::new(move || *clock.lock().unwrap()));
    let wrong = Password::new("wrong password".into());
    let right = Password::new("right password".into());
    for i in 1..=4 {
        let err = staff::sign_in(f.store(), "lee", &wrong).unwrap_err();
        assert!(
            matches!(err, StoreError::BadCredentials),
            "attempt {i}: {err:?}"
        );
    }
    // The 5th attempt locks the account, yet answers like any wrong password (so it does not
    // reveal that "lee" exists); so does every wrong password while it is locked.
    for attempt in ["5th, which locks", "6th, while locked"] {
        let err = staff::sign_in(f.store(), "lee", &wrong).unwrap_err();
        assert!(
            matches!(err, StoreError::BadCredentials),
            "{attempt}: {err:?}"
        );
    }
    let err = staff::sign_in(f.store(), "lee", &right).unwrap_err();
    assert!(
        matches!(err, StoreError::LockedOut { .. }),
        "the right password is blocked and says until when: {err:?}"
    );
    *now.lock().unwrap() += Duration::minutes(10);
    let who = staff::sign_in(f.store(), "lee", &right).expect("lock over after 10 minutes");
    assert_eq!(who.role, Role::Reception);
}

#[test]
fn lockout_policy_is_configurable() {
    let mut f = Fixture::new();
    add(&mut f, "park", Role::Reception);
    staff::set_lockout_policy(
        f.store(),
        &actor(),
        jeopsu_core::staff::LockoutPolicy {
            max_failures: 2,
            lock_minutes: 1,
        },
    )
    .unwrap();
    let wrong = Password::new("wrong password".into());
    assert!(matches!(
        staff::sign_in(f.store(), "park", &wrong),
        Err(StoreError::BadCredentials)
    ));
    assert!(matches!(
        staff::sign_in(f.store(), "park", &wrong),
        Err(StoreError::BadCredentials)
    ));
    assert!(matches!(
        staff::sign_in(f.store(), "park", &Password::new("right password".into())),
        Err(StoreError::LockedOut { .. })
    ));
}

#[test]
fn unknown_user_and_disabled_account() {
    let mut f = Fixture::new();
    add(&mut f, "choi", Role::Reception);
    let right = Password::new("right password".into());
    assert!(matches!(
        staff::sign_in(f.store(), "nobody", &right),
        Err(StoreError::BadCredentials)
    ));
    staff::set_disabled(f.store(), &actor(), "choi", true).unwrap();
    assert!(matches!(
        staff::sign_in(f.store(), "choi", &right),
        Err(StoreError::AccountDisabled)
    ));
    // A wrong password does not reveal that the account exists and is disabled.
    assert!(matches!(
        staff::sign_in(f.store(), "choi", &Password::new("wrong password".into())),
        Err(StoreError::BadCredentials)
    ));
    staff::set_disabled(f.store(), &actor(), "choi", false).unwrap();
    staff::sign_in(f.store(), "choi", &right).expect("enabled again");
}

#[test]
fn every_role_grant_change_and_revoke_is_in_the_permission_log() {
    let mut f = Fixture::new();
    add(&mut f, "jung", Role::Reception);
    staff::set_role(f.store(), &actor(), "jung", Role::PrivacyOfficer).unwrap();
    staff::set_disabled(f.store(), &actor(), "jung", true).unwrap();
    let rows = f
        .store()
        .audit_list(&actor(), None, Some(Stream::Permission))
        .unwrap();
    let actions: Vec<&str> = rows.iter().map(|r| r.action.as_str()).collect();
    assert_eq!(actions, ["role-granted", "role-changed", "role-revoked"]);
    assert_eq!(
        rows[1].detail.as_deref(),
        Some(r#"{"from":"reception","to":"privacy-officer"}"#)
    );
}

#[test]
fn password_hashes_are_argon2id_and_never_listed() {
    let mut f = Fixture::new();
    add(&mut f, "kang", Role::Admin);
    let hash: String = f
        .store()
        .conn()
        .query_row(
            "SELECT password_hash FROM staff WHERE username = 'kang'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(hash.starts_with("$argon2id$"), "hash is Argon2id: {hash}");
    let json = serde_json::to_string(&staff::list(f.store(), &actor()).unwrap()).unwrap();
    assert!(
        !json.contains("argon2"),
        "the list never carries hashes: {json}"
    );
}

#[test]
fn a_reset_or_an_old_password_is_changed_at_sign_in() {
    let mut f = Fixture::new();
    let clock = Arc::new(Mutex::new(
        Utc.with_ymd_and_hms(2026, 1, 31, 1, 0, 0).unwrap(),
    ));
    let c = clock.clone();
    f.store().set_clock(Box::new(move || *c.lock().unwrap()));
    add(&mut f, "kim", Role::Reception);
    let right = Password::new("right password".into());
    let who = staff::sign_in(f.store(), "kim", &right).unwrap();
    assert!(!who.password_change_due, "a fresh password is not due");
    // The default period: six calendar months from 31 January is 31 July.
    *clock.lock().unwrap() = Utc.with_ymd_and_hms(2026, 7, 30, 1, 0, 0).unwrap();
    assert!(
        !staff::sign_in(f.store(), "kim", &right)
            .unwrap()
            .password_change_due
    );
    *clock.lock().unwrap() = Utc.with_ymd_and_hms(2026, 7, 31, 1, 0, 0).unwrap();
    let who = staff::sign_in(f.store(), "kim", &right).unwrap();
    assert!(who.password_change_due, "six months on, it is due");

    // The change checks the current password and refuses the same one.
    let new = Password::new("a new long password".into());
    assert!(matches!(
        staff::change_own_password(f.store(), &who, &Password::new("wrong one!!".into()), &new),
        Err(StoreError::Invalid(p)) if p[0].message_id() == "field-password-current-wrong"
    ));
    assert!(matches!(
        staff::change_own_password(f.store(), &who, &right, &right),
        Err(StoreError::Invalid(p)) if p[0].message_id() == "field-password-same"
    ));
    staff::change_own_password(f.store(), &who, &right, &new).unwrap();
    assert!(
        !staff::sign_in(f.store(), "kim", &new)
            .unwrap()
            .password_change_due
    );
    assert!(staff::sign_in(f.store(), "kim", &right).is_err());

    // An administrator's reset is changed at the first sign-in, whatever its age.
    staff::reset_password(
        f.store(),
        &actor(),
        "kim",
        &Password::new("temporary pass 1".into()),
    )
    .unwrap();
    let who = staff::sign_in(f.store(), "kim", &Password::new("temporary pass 1".into())).unwrap();
    assert!(who.password_change_due);
    staff::change_own_password(
        f.store(),
        &who,
        &Password::new("temporary pass 1".into()),
        &Password::new("my own pass 2026".into()),
    )
    .unwrap();
    assert!(
        !staff::sign_in(f.store(), "kim", &Password::new("my own pass 2026".into()))
            .unwrap()
            .password_change_due
    );
    // A shorter period set by the admin applies at once; outside 1-12 months is refused.
    assert!(jeopsu_store::settings::set_password_max_age_months(f.store(), &actor(), 13).is_err());
    jeopsu_store::settings::set_password_max_age_months(f.store(), &actor(), 1).unwrap();
    *clock.lock().unwrap() = Utc.with_ymd_and_hms(2026, 8, 31, 1, 0, 0).unwrap();
    assert!(
        staff::sign_in(f.store(), "kim", &Password::new("my own pass 2026".into()))
            .unwrap()
            .password_change_due
    );
    f.store().verify_audit().unwrap();
}

/// A first password an admin chose for someone else is changed at that person's first sign-in,
/// as a reset's is, through the sign-in the app and the CLI use (the person's key slot); one
/// set at the PC with the recovery phrase (the fixture's actor) is not.
#[test]
fn a_first_password_an_admin_chose_is_changed_at_the_first_sign_in() {
    let mut f = Fixture::new();
    f.store()
        .set_slot_kdf(jeopsu_store::vault::KdfParams::TEST_LOW);
    add(&mut f, "admin.kim", Role::Admin);
    let vault = f.vault_arc();
    let sign_in = |f: &Fixture, user: &str, pw: &str| {
        jeopsu_store::keys::sign_in(
            &f.dir(),
            Some(vault.clone()),
            user,
            &Password::new(pw.into()),
            Some(crate::common::pinned_clock()),
        )
        .unwrap()
    };
    f.close();
    let (mut store, admin) = sign_in(&f, "admin.kim", "right password");
    assert!(
        !admin.password_change_due,
        "set at the PC with the phrase: not due"
    );
    store.set_slot_kdf(jeopsu_store::vault::KdfParams::TEST_LOW);
    staff::add(
        &mut store,
        &admin.actor(),
        NewStaff {
            username: "desk.lee".into(),
            display_name: None,
            role: Role::Reception,
            password: Password::new("chosen by the admin".into()),
        },
    )
    .unwrap();
    drop(store);
    let (mut store, lee) = sign_in(&f, "desk.lee", "chosen by the admin");
    assert!(lee.password_change_due, "the admin's choice: changed first");
    staff::change_own_password(
        &mut store,
        &lee,
        &Password::new("chosen by the admin".into()),
        &Password::new("my own desk password".into()),
    )
    .unwrap();
    drop(store);
    let (_, lee) = sign_in(&f, "desk.lee", "my own desk password");
    assert!(!lee.password_change_due, "changed: not due again");
}
