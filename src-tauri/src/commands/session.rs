use super::ipc;
use crate::dto::{
    AppStatus, NewAccount, Phase, PhraseAnswer, RecoverySheetView, SessionUser, SetupResult,
};
use crate::error::{FieldError, IpcResult};
use crate::state::{AppState, Inner, Session, SessionEnd, app_actor};
use jeopsu_api::ApiError;
use jeopsu_core::PermissionMatrix;
use jeopsu_core::clinic::ClinicProfile;
use jeopsu_i18n::Lang;
use jeopsu_store::staff::{self, NewStaff, Password};
use jeopsu_store::vault::{KdfParams, OsKeyring, RecoveryPhrase};
use jeopsu_store::{InitOptions, Store, StoreError, Unlock, keys, settings};
use tauri::State;

pub(crate) fn status(inner: &mut Inner) -> AppStatus {
    inner.expire_if_idle();
    inner.remember_screen_settings();
    let phase = if !inner.has_database() {
        Phase::NeedsSetup
    } else if inner.store.is_none() && inner.keyring_note.is_some() {
        Phase::NeedsPhrase
    } else if inner.session.is_none() {
        Phase::SignedOut
    } else if inner
        .session
        .as_ref()
        .is_some_and(|s| s.user.password_change_due)
    {
        Phase::PasswordChange
    } else {
        Phase::SignedIn
    };
    let user = inner.session.as_ref().map(|s| SessionUser {
        username: s.user.username.clone(),
        display_name: s.user.display_name.clone(),
        role: s.user.role,
        permissions: PermissionMatrix::default().permissions_of(s.user.role),
    });
    AppStatus {
        phase,
        demo: inner.demo,
        clinic_name: inner.clinic_name.clone(),
        user,
        lang: inner.lang.code().to_string(),
        idle_lock_minutes: inner.idle_minutes,
        keyring_note: if phase == Phase::NeedsPhrase {
            inner.keyring_note.clone()
        } else {
            None
        },
    }
}

#[tauri::command]
pub fn app_status(state: State<'_, AppState>) -> AppStatus {
    status(&mut state.lock())
}

#[tauri::command]
pub fn set_lang(state: State<'_, AppState>, lang: String) -> AppStatus {
    let mut inner = state.lock();
    if let Some(l) = Lang::parse(&lang) {
        inner.lang = l;
    }
    status(&mut inner)
}

/// First run: creates the database, saves the clinic profile and the first admin account.
#[tauri::command(async)]
pub fn setup(
    state: State<'_, AppState>,
    profile: ClinicProfile,
    admin: NewAccount,
    password_only: Option<bool>,
) -> IpcResult<SetupResult> {
    let mut inner = state.lock();
    let r = run_setup(&mut inner, profile, admin, password_only.unwrap_or(false));
    ipc(&inner, r)
}

/// `password_only`: the clinic chose, on a PC without a keyring, slots that need only a
/// password (stated as weaker on screen). Without that choice, no keyring stops the setup.
fn run_setup(
    inner: &mut Inner,
    profile: ClinicProfile,
    mut admin: NewAccount,
    password_only: bool,
) -> Result<SetupResult, ApiError> {
    let admin = NewStaff {
        username: std::mem::take(&mut admin.username),
        display_name: Some(std::mem::take(&mut admin.display_name)),
        role: jeopsu_core::Role::Admin,
        password: Password::new(std::mem::take(&mut admin.password)),
    };
    // Everything the person typed is checked before the keyring is asked for.
    jeopsu_store::setup::check(&profile, &admin)?;
    // The keyring is looked for again (it may have been started since the app was).
    if inner.vault.is_none() {
        inner.vault = crate::state::keyring();
    }
    let vault = match (password_only, inner.vault.clone()) {
        (true, _) => None,
        (false, Some(v)) => Some(v),
        (false, None) => {
            return Err(OsKeyring::connect()
                .err()
                .unwrap_or_else(|| {
                    StoreError::KeyringUnavailable("no keyring on this computer".into())
                })
                .into());
        }
    };
    // The database, the profile and the first admin in one call: all or nothing.
    let outcome = jeopsu_store::setup::first_run(
        &inner.data_dir,
        InitOptions {
            vault,
            actor: &app_actor(),
            kdf: KdfParams::default(),
        },
        &profile,
        admin,
    )?;
    let store = outcome.store;
    let keyring_note = password_only.then(|| "password-only".to_string());
    let phrase_groups = outcome
        .phrase
        .groups()
        .iter()
        .map(|g| g.to_string())
        .collect();
    inner.pending_phrase = Some(outcome.phrase);
    let confirm_groups = RecoveryPhrase::confirm_groups()?;
    inner.pending_groups = Some(confirm_groups);
    inner.store = Some(store);
    Ok(SetupResult {
        phrase_groups,
        keyring_note,
        confirm_groups: confirm_groups.to_vec(),
    })
}

/// Checks account fields as they are typed (those given), with each problem in the UI's
/// language. Pure validation: no session needed, nothing read or written.
#[tauri::command]
pub fn check_account(
    state: State<'_, AppState>,
    username: Option<String>,
    display_name: Option<String>,
    password: Option<String>,
) -> Vec<FieldError> {
    let problems = jeopsu_core::staff::check_new_account(
        username.as_deref(),
        display_name.as_deref(),
        password.as_deref(),
    );
    FieldError::list(&problems, state.lock().lang)
}

/// The setup's last step: two groups of the phrase typed back. On success the app forgets it.
#[tauri::command]
pub fn confirm_phrase(state: State<'_, AppState>, answers: Vec<PhraseAnswer>) -> IpcResult<bool> {
    let mut inner = state.lock();
    // Exactly the two groups the backend chose, each typed right.
    let ok = match (&inner.pending_phrase, inner.pending_groups) {
        (Some(p), Some(want)) => {
            let mut asked: Vec<usize> = answers.iter().map(|a| a.group).collect();
            asked.sort_unstable();
            let mut want = want.to_vec();
            want.sort_unstable();
            asked == want && answers.iter().all(|a| p.group_matches(a.group, &a.text))
        }
        _ => false,
    };
    if ok {
        inner.pending_phrase = None;
        inner.pending_groups = None;
        inner.prints.clear();
    }
    Ok(ok)
}

/// A new PC or a lost keyring: open with the recovery phrase, then put the key back.
#[tauri::command(async)]
pub fn unlock_with_phrase(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    phrase: String,
) -> IpcResult<AppStatus> {
    let mut inner = state.lock();
    let phrase_text = zeroize::Zeroizing::new(phrase);
    let r = RecoveryPhrase::parse(&phrase_text)
        .and_then(|p| Store::unlock(&inner.data_dir, Unlock::Phrase(&p), &app_actor()));
    let mut store = ipc(&inner, r)?;
    // This PC's device secret back into the keyring (from its copy under the data key), so
    // the staff passwords open the database here again.
    if let Some(k) = inner.vault.clone() {
        let _ = store.put_key_in_vault(k, &app_actor());
    }
    inner.store = Some(store);
    inner.keyring_note = None;
    // Closed again at once if the slots let everyone sign in (the sign-in checks the chains);
    // otherwise open until the first sign-in, and the chains are checked now.
    if !inner.close_if_slots_suffice() {
        crate::chaincheck::start(&app, &inner);
    }
    Ok(status(&mut inner))
}

#[tauri::command(async)]
pub fn sign_in(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    username: String,
    password: String,
) -> IpcResult<AppStatus> {
    let mut inner = state.lock();
    let password = Password::new(password);
    // A session still open (another person at the same PC): it ends with its own row, and
    // its store closes.
    inner.end_session(SessionEnd::Replaced);
    let r = match inner.store.as_mut() {
        // Open since setup or a recovery-phrase unlock: the password is checked against the
        // database, and the person's key slot is made if missing.
        Some(store) => keys::sign_in_open(store, &username, &password),
        // Locked: the person's key slot opens the database.
        None => keys::sign_in(
            &inner.data_dir,
            inner.vault.clone(),
            &username,
            &password,
            None,
        )
        .map(|(store, who)| {
            inner.store = Some(store);
            who
        }),
    };
    let user = ipc(&inner, r)?;
    inner.keyring_note = None;
    inner.remember_screen_settings();
    inner.session = Some(Session {
        user,
        last_activity: crate::state::Activity::now(),
        last_refusal: None,
        pending_search: None,
    });
    // Every sign-in is an unlock: the audit chains are checked in the background.
    crate::chaincheck::start(&app, &inner);
    // The first sign-in of the day starts the day's backup in the background.
    let _ = crate::autobackup::start(&app, &mut inner, false);
    Ok(status(&mut inner))
}

/// The signed-in person changes their own password (required when it was set by an
/// administrator or is older than the renewal period; otherwise from the menu).
#[tauri::command]
pub fn change_password(
    state: State<'_, AppState>,
    current: String,
    new: String,
) -> IpcResult<AppStatus> {
    let mut inner = state.lock();
    let (current, new) = (Password::new(current), Password::new(new));
    let user = inner.session.as_ref().map(|s| s.user.clone());
    let r = match (user, inner.store.as_mut()) {
        (Some(user), Some(store)) => {
            staff::change_own_password(store, &user, &current, &new).map_err(ApiError::from)
        }
        _ => Err(ApiError::SessionLocked),
    };
    ipc(&inner, r)?;
    if let Some(s) = inner.session.as_mut() {
        s.user.password_change_due = false;
        s.last_activity = crate::state::Activity::now();
    }
    Ok(status(&mut inner))
}

#[tauri::command]
pub fn sign_out(app: tauri::AppHandle, state: State<'_, AppState>) -> AppStatus {
    let mut inner = state.lock();
    // A day with no backup yet gets it now (in the background, with its own copy of the key,
    // dropped when it ends), before the store closes.
    let _ = crate::autobackup::start(&app, &mut inner, false);
    inner.end_session(SessionEnd::SignOut);
    status(&mut inner)
}

/// The lock button, or the UI's idle timer fired (`reason` says which: `button` or `idle`): end
/// the session (the screen has already been cleared).
#[tauri::command]
pub fn lock_now(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    reason: Option<String>,
) -> AppStatus {
    let mut inner = state.lock();
    // The lock closes the database: a day with no backup yet gets it now, as at sign-out.
    if inner.session.is_some() {
        let _ = crate::autobackup::start(&app, &mut inner, false);
    }
    let how = match reason.as_deref() {
        Some("button") => SessionEnd::LockButton,
        _ => SessionEnd::Idle,
    };
    inner.end_session(how);
    status(&mut inner)
}

/// Input happened: keeps the backend's idle clock in step with the UI's.
#[tauri::command(async)]
pub fn touch(state: State<'_, AppState>) -> IpcResult<()> {
    let mut inner = state.lock();
    let r = inner.require(None).map(|_| ());
    ipc(&inner, r)
}

/// A screen finished rendering. With `JEOPSU_REPORT_READY` set (the start-up benchmark,
/// `scripts/bench-app.sh`), says so on stderr with the time since the process started. The first
/// screen a person works on (the desk, the home screen) hands back the start's pages
/// (`webview::after_first_screen`). Carries no personal data: only the screen's name.
#[tauri::command]
pub fn ui_ready(state: State<'_, AppState>, screen: String) {
    if std::env::var_os("JEOPSU_REPORT_READY").is_some() {
        crate::webview::report_ready(state.started, &screen);
    }
    if screen == "desk" || screen == "home" {
        crate::webview::after_first_screen();
    }
}

/// What the recovery sheet shows besides the phrase: only during setup, while the phrase still
/// exists. The sheet is laid out and printed in the app (the webview's print dialog), so the
/// phrase never reaches a file. Logged as printed when asked for.
#[tauri::command]
pub fn recovery_sheet(state: State<'_, AppState>) -> IpcResult<RecoverySheetView> {
    let mut inner = state.lock();
    let r = sheet_view(&mut inner);
    ipc(&inner, r)
}

fn sheet_view(inner: &mut Inner) -> Result<RecoverySheetView, ApiError> {
    if inner.pending_phrase.is_none() {
        return Err(ApiError::SessionLocked);
    }
    let store = inner.store.as_mut().ok_or(ApiError::SessionLocked)?;
    let view = RecoverySheetView {
        clinic_name: settings::clinic_profile(store)?.name,
        created: jeopsu_core::time::display_minutes(store.now()),
        database_id: store.db_id().to_hex()[..8].to_string(),
    };
    jeopsu_store::audit::log_recovery_sheet_printed(store, &app_actor(), "in-app")?;
    Ok(view)
}
