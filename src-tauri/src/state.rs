//! What the app holds while it runs: the open store, who is signed in, and since when nothing
//! happened. The idle lock is enforced here (every command), not only in the UI.

use jeopsu_api::ApiError;
use jeopsu_core::audit::Actor;
use jeopsu_core::{Permission, PermissionMatrix};
use jeopsu_i18n::Lang;
use jeopsu_store::patients::PatientHit;
use jeopsu_store::staff::SignedIn;
use jeopsu_store::vault::{KeyVault, OsKeyring, RecoveryPhrase};
use jeopsu_store::{DataDir, Store, StoreError, settings};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct AppState {
    inner: Mutex<Inner>,
    /// The start-up probe of the keyring, until the first [`AppState::lock`] takes it in.
    probe: Mutex<Option<std::sync::mpsc::Receiver<Probe>>>,
    /// When the process started, for the start-up benchmark's "ready" report.
    pub started: Instant,
    /// The scheduled backup running in the background, if any.
    pub backups: crate::autobackup::Runner,
    /// The audit chains' check at the last unlock.
    pub chains: crate::chaincheck::ChainState,
}

pub struct Inner {
    pub data_dir: PathBuf,
    pub demo: bool,
    pub lang: Lang,
    /// The open database: only while someone is signed in (or right after setup or a
    /// recovery-phrase unlock, until the first sign-in). Signing out and every lock drop it,
    /// and with it the data key (docs/SECURITY.md "Key slots").
    pub store: Option<Store>,
    /// The OS keyring (this PC's device secret), if the computer has one.
    pub vault: Option<Arc<dyn KeyVault>>,
    /// The clinic's name and the idle-lock minutes, kept from the last open store for the
    /// locked screen (no personal data).
    pub clinic_name: Option<String>,
    pub idle_minutes: u32,
    pub session: Option<Session>,
    /// The phrase of a just-created database, until two of its groups were typed back.
    pub pending_phrase: Option<RecoveryPhrase>,
    /// The two groups of it to type back (chosen by the backend).
    pub pending_groups: Option<[usize; 2]>,
    /// Why staff passwords cannot open the database here (the recovery phrase is needed);
    /// `None` when they can.
    pub keyring_note: Option<String>,
    pub prints: crate::print::PrintFiles,
}

pub struct Session {
    pub user: SignedIn,
    pub last_activity: Activity,
    /// When a refused call was last logged (the log gets at most one a minute).
    pub last_refusal: Option<Instant>,
    /// The desk's latest results, shown but not logged yet: logged once the person settles on
    /// them (typing paused a second, a result opened, the box cleared, the session ending).
    pub pending_search: Option<(Instant, Vec<i64>)>,
}

/// How long results must stay on screen, untouched, to count as the search a person settled on.
pub const SETTLE: Duration = Duration::from_secs(1);

/// How a session ended, each logged as its own kind of event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionEnd {
    /// The sign-out button.
    SignOut,
    /// The lock button.
    LockButton,
    /// No input for the idle-lock minutes (the UI's timer or the backend's check).
    Idle,
    /// Someone signed in while this session was still open.
    Replaced,
}

impl SessionEnd {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionEnd::SignOut => "sign-out",
            SessionEnd::LockButton => "lock-button",
            SessionEnd::Idle => "idle-lock",
            SessionEnd::Replaced => "replaced-by-sign-in",
        }
    }
}

/// When something last happened, on both clocks. The monotonic clock stops while a laptop
/// sleeps (Linux's `CLOCK_MONOTONIC`), so a laptop closed for an hour would wake up unlocked if
/// it were the only one; the wall clock keeps counting. The longer of the two is the idle time,
/// so neither a sleep nor a wall clock set back shortens it.
#[derive(Debug, Clone, Copy)]
pub struct Activity {
    mono: Instant,
    wall: std::time::SystemTime,
}

impl Activity {
    pub fn now() -> Activity {
        Activity {
            mono: Instant::now(),
            wall: std::time::SystemTime::now(),
        }
    }

    pub fn elapsed(&self) -> Duration {
        let wall = self.wall.elapsed().unwrap_or(Duration::ZERO);
        self.mono.elapsed().max(wall)
    }
}

/// What the start-up probe found: this PC's keyring, and why staff passwords cannot open the
/// database here (`None`: they can, or there is no database yet).
type Probe = (Option<Arc<dyn KeyVault>>, Option<StoreError>);

impl AppState {
    pub fn new(data_dir: PathBuf, demo: bool, started: Instant) -> AppState {
        let mut inner = Inner {
            data_dir,
            demo,
            lang: Lang::Ko,
            store: None,
            vault: None,
            clinic_name: None,
            idle_minutes: jeopsu_core::clinic::IDLE_LOCK_DEFAULT_MINUTES,
            session: None,
            pending_phrase: None,
            pending_groups: None,
            keyring_note: None,
            prints: Default::default(),
        };
        // A restore a crash interrupted is completed before anything decides this is a first
        // run. If even that fails, the unlock below says what is wrong with the folder.
        let _ = jeopsu_store::backup::finish_interrupted_restore(&inner.data_dir);
        inner.clinic_name = jeopsu_store::keys::clinic_name_for_display(&inner.data_dir);
        // The keyring is asked on a thread of its own (D-Bus to the Secret Service, then this
        // PC's device secret): the window and its page load meanwhile, and the first command
        // waits for the answer (BENCHMARKS.md, "Start against the floor").
        let (tx, rx) = std::sync::mpsc::channel::<Probe>();
        let dir = inner.data_dir.clone();
        let spawned = std::thread::Builder::new()
            .name("keyring-probe".into())
            .spawn(move || {
                let vault = keyring();
                let why = if DataDir::new(&dir).has_database() {
                    jeopsu_store::keys::sign_in_possible(&dir, vault.as_deref()).err()
                } else {
                    None
                };
                let _ = tx.send((vault, why));
            });
        let probe = match spawned {
            Ok(_) => Some(rx),
            // No thread to be had: asked here, before the window, as before.
            Err(_) => {
                inner.vault = keyring();
                inner.refresh_access();
                None
            }
        };
        AppState {
            inner: Mutex::new(inner),
            probe: Mutex::new(probe),
            started,
            backups: Default::default(),
            chains: Default::default(),
        }
    }

    /// Locks the state; a poisoned lock (a panic elsewhere) is recovered, not propagated. The
    /// first call takes in the start-up probe's answer (waiting for it if need be).
    pub fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        let pending = self.probe.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(rx) = pending {
            match rx.recv() {
                Ok((vault, why)) => {
                    inner.vault = vault;
                    inner.keyring_note = if inner.store.is_some() {
                        None
                    } else {
                        why.map(|e| crate::error::IpcError::from_store(&e, inner.lang).message)
                    };
                }
                // The probe's thread died: ask here.
                Err(_) => {
                    inner.vault = keyring();
                    inner.refresh_access();
                }
            }
        }
        inner
    }

    /// A command as one expression: the signed-in user's session is checked (idle lock,
    /// password change due) and, if `permission` is given, the permission matrix (a refusal
    /// is logged); then `f` runs with the actor, the open store and the UI's language, and its
    /// error becomes the one IPC error in that language.
    pub fn run<T, E: Into<ApiError>>(
        &self,
        permission: impl Into<Option<Permission>>,
        f: impl FnOnce(&Actor, &mut Store, Lang) -> Result<T, E>,
    ) -> crate::error::IpcResult<T> {
        let mut inner = self.lock();
        let lang = inner.lang;
        let r = inner
            .require(permission.into())
            .and_then(|(actor, store)| f(&actor, store, lang).map_err(Into::into));
        crate::commands::ipc(&inner, r)
    }
}

/// The OS keyring, if this computer has one. A debug build started with
/// `JEOPSU_TEST_NO_KEYRING` behaves as a PC without one (the E2E test of setup's choice); a
/// release build cannot read the variable.
pub fn keyring() -> Option<Arc<dyn KeyVault>> {
    #[cfg(debug_assertions)]
    if std::env::var_os("JEOPSU_TEST_NO_KEYRING").is_some() {
        return None;
    }
    OsKeyring::connect()
        .ok()
        .map(|k| Arc::new(k) as Arc<dyn KeyVault>)
}

/// The app as an audit actor when nobody is signed in (e.g. unlocking with the phrase).
pub fn app_actor() -> Actor {
    Actor::App
}

impl Inner {
    pub fn has_database(&self) -> bool {
        DataDir::new(&self.data_dir).has_database()
    }

    /// Finds out, without opening anything, whether staff passwords can open the database on
    /// this PC; if not, why (the locked screen then asks for the recovery phrase).
    pub fn refresh_access(&mut self) {
        if self.store.is_some() || !self.has_database() {
            self.keyring_note = None;
            return;
        }
        self.keyring_note =
            jeopsu_store::keys::sign_in_possible(&self.data_dir, self.vault.as_deref())
                .err()
                .map(|e| crate::error::IpcError::from_store(&e, self.lang).message);
    }

    /// After a recovery-phrase unlock or a restore nobody is signed in yet. When every account's
    /// key slot opens on this PC (`keys::slots_suffice`), the database closes again and its key
    /// is zeroised, as after a lock, and sign-in goes through the slots; otherwise it stays open
    /// for the first sign-ins, which are checked against it. Returns whether it closed.
    pub fn close_if_slots_suffice(&mut self) -> bool {
        let suffice = self.session.is_none()
            && self
                .store
                .as_ref()
                .is_some_and(|s| jeopsu_store::keys::slots_suffice(s, self.vault.as_deref()));
        if suffice {
            self.close_store();
        }
        suffice
    }

    /// Drops the open store, which zeroises the key, keeping what the locked screen shows, and
    /// finds out again whether staff passwords open the database here.
    fn close_store(&mut self) {
        self.remember_screen_settings();
        self.store = None;
        self.refresh_access();
    }

    /// Keeps what the locked screen shows from the open store.
    pub fn remember_screen_settings(&mut self) {
        if let Some(store) = self.store.as_ref() {
            if let Ok(p) = settings::clinic_profile(store) {
                self.clinic_name = Some(p.name);
            }
            if let Ok(m) = settings::idle_lock_minutes(store) {
                self.idle_minutes = m;
            }
        }
    }

    pub fn idle_limit(&self) -> Duration {
        let minutes = self
            .store
            .as_ref()
            .and_then(|s| settings::idle_lock_minutes(s).ok())
            .unwrap_or(self.idle_minutes);
        Duration::from_secs(u64::from(minutes) * 60)
    }

    /// Ends the session if it has been idle too long. Returns whether it did.
    pub fn expire_if_idle(&mut self) -> bool {
        let limit = self.idle_limit();
        let expired = self
            .session
            .as_ref()
            .is_some_and(|s| s.last_activity.elapsed() >= limit);
        if expired {
            self.end_session(SessionEnd::Idle);
        }
        expired
    }

    /// The desk's search at every keystroke: results at once, the access-log row for the search
    /// the person settles on (see [`Session::pending_search`]). Results replaced within a second
    /// were passing keystrokes and are not logged; results shown a second or more are.
    pub fn search_as_typed(&mut self, query: &str) -> Result<Vec<PatientHit>, ApiError> {
        let (actor, store) = self.require(Some(Permission::EditPatients))?;
        let hits = jeopsu_store::patients::search_shown(store, query)?;
        let shown: Vec<i64> = hits.iter().map(|h| h.id).collect();
        let previous = self
            .session
            .as_mut()
            .and_then(|s| s.pending_search.replace((Instant::now(), shown)));
        if let Some((at, ids)) = previous
            && at.elapsed() >= SETTLE
            && let Some(store) = self.store.as_mut()
        {
            jeopsu_store::patients::log_search(store, &actor, &ids)?;
        }
        Ok(hits)
    }

    /// Logs the results on screen, if not yet logged: typing paused, a result opened, the box
    /// cleared, or the session ending.
    pub fn settle_search(&mut self) -> Result<(), ApiError> {
        let pending = self.session.as_mut().and_then(|s| s.pending_search.take());
        if let (Some((_, ids)), Some(session)) = (pending, self.session.as_ref()) {
            let actor = session.user.actor();
            if let Some(store) = self.store.as_mut() {
                jeopsu_store::patients::log_search(store, &actor, &ids)?;
            }
        }
        Ok(())
    }

    pub fn end_session(&mut self, how: SessionEnd) {
        // Results still on screen are logged before the session ends (nothing shown goes
        // unlogged); a failure here means the store itself failed, which the next call reports.
        let _ = self.settle_search();
        // Printed files never outlive the session that printed them.
        self.prints.clear();
        let had_session = self.session.is_some();
        if let (Some(session), Some(store)) = (self.session.take(), self.store.as_mut()) {
            let _ =
                jeopsu_store::staff::log_session_end(store, &session.user.actor(), how.as_str());
        }
        // A locked Jeopsu holds no key: the database closes and the key is zeroised; the next
        // sign-in unwraps it again from that person's slot.
        if had_session {
            self.close_store();
        }
    }

    /// The signed-in user if they may do `permission` (checked against the permission matrix),
    /// counting this call as activity. Every command that touches data goes through here.
    pub fn require(
        &mut self,
        permission: Option<Permission>,
    ) -> Result<(Actor, &mut Store), ApiError> {
        if self.expire_if_idle() {
            return Err(ApiError::SessionLocked);
        }
        let session = self.session.as_mut().ok_or(ApiError::SessionLocked)?;
        if session.user.password_change_due {
            return Err(StoreError::PasswordChangeRequired.into());
        }
        if let Some(p) = permission
            && !PermissionMatrix::default().allows(session.user.role, p)
        {
            // Logged, at most once a minute per session (a screen retrying must not flood the
            // log); the monthly review shows them.
            let due = session
                .last_refusal
                .is_none_or(|t| t.elapsed() >= Duration::from_secs(60));
            if due {
                session.last_refusal = Some(Instant::now());
                let actor = session.user.actor();
                if let Some(store) = self.store.as_mut() {
                    let _ = jeopsu_store::staff::log_permission_refused(store, &actor, p, "app");
                }
            }
            return Err(ApiError::Forbidden);
        }
        session.last_activity = Activity::now();
        let actor = session.user.actor();
        let store = self.store.as_mut().ok_or(ApiError::SessionLocked)?;
        Ok((actor, store))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    /// A database with one reception account, and the app state holding it.
    fn inner_with_reception() -> (tempfile::TempDir, Inner) {
        use jeopsu_store::vault::{KdfParams, MemoryVault};
        let tmp = tempfile::tempdir().unwrap();
        let vault: Arc<dyn KeyVault> = Arc::new(MemoryVault::new());
        let actor = app_actor();
        let mut store =
            jeopsu_store::test_support::init_fast(&tmp.path().join("data"), vault.clone(), &actor)
                .unwrap()
                .store;
        store.set_slot_kdf(KdfParams::TEST_LOW);
        jeopsu_store::staff::add(
            &mut store,
            &actor,
            jeopsu_store::staff::NewStaff {
                username: "desk.kim".into(),
                display_name: None,
                role: jeopsu_core::Role::Reception,
                password: pw(),
            },
        )
        .unwrap();
        let inner = Inner {
            data_dir: tmp.path().join("data"),
            demo: false,
            lang: Lang::Ko,
            store: Some(store),
            vault: Some(vault),
            clinic_name: None,
            idle_minutes: 5,
            session: None,
            pending_phrase: None,
            pending_groups: None,
            keyring_note: None,
            prints: Default::default(),
        };
        (tmp, inner)
    }

    fn pw() -> jeopsu_store::staff::Password {
        jeopsu_store::staff::Password::new("a long enough password".into())
    }

    /// Signs desk.kim in: through the key slot when the store is closed (as after any lock).
    fn sign_in(inner: &mut Inner) {
        let user = match inner.store.as_mut() {
            Some(store) => jeopsu_store::staff::sign_in(store, "desk.kim", &pw()).unwrap(),
            None => {
                let (store, user) = jeopsu_store::keys::sign_in(
                    &inner.data_dir,
                    inner.vault.clone(),
                    "desk.kim",
                    &pw(),
                    None,
                )
                .unwrap();
                inner.store = Some(store);
                user
            }
        };
        inner.session = Some(Session {
            user,
            last_activity: Activity::now(),
            last_refusal: None,
            pending_search: None,
        });
    }

    fn count(inner: &Inner, action: &str) -> i64 {
        inner
            .store
            .as_ref()
            .unwrap()
            .conn()
            .query_row(
                "SELECT count(*) FROM audit_log WHERE action = ?1",
                [action],
                |r| r.get(0),
            )
            .unwrap()
    }

    /// The desk's search logs the search a person settled on, with the results shown: results
    /// replaced within a second are not logged; results shown a second or more, the box
    /// settled, and results still on screen when the session ends are.
    #[test]
    fn the_search_a_person_settled_on_is_logged_and_nothing_shown_goes_unlogged() {
        let (_tmp, mut inner) = inner_with_reception();
        let input = jeopsu_core::patient::PatientInput {
            name: "김하나".into(),
            birth_date: "1980-01-01".into(),
            rrn: "800101-1234567".into(),
            gender: "M".into(),
            address: "서울특별시 강남구 1".into(),
            mobile: "010-1111-2222".into(),
            ..Default::default()
        };
        let id = jeopsu_store::patients::register(
            inner.store.as_mut().unwrap(),
            &app_actor(),
            &input,
            jeopsu_store::patients::Duplicates::Ask,
            &[],
        )
        .unwrap()
        .id;
        sign_in(&mut inner);
        let searched = |inner: &Inner| count(inner, "patients-searched");
        assert_eq!(inner.search_as_typed("김").unwrap().len(), 1);
        assert_eq!(inner.search_as_typed("김하").unwrap().len(), 1);
        assert_eq!(
            searched(&inner),
            0,
            "keystrokes within a second are not logged"
        );
        inner.settle_search().unwrap();
        assert_eq!(
            searched(&inner),
            1,
            "typing paused: the results on screen are logged"
        );
        let detail: String = inner
            .store
            .as_ref()
            .unwrap()
            .conn()
            .query_row(
                "SELECT detail FROM audit_log WHERE action = 'patients-searched'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(detail, format!("{{\"shown\":[{id}]}}"));
        inner.settle_search().unwrap();
        assert_eq!(searched(&inner), 1, "settling twice logs once");
        // Results on screen for a second or more before the next keystroke count as settled.
        inner.search_as_typed("김").unwrap();
        if let Some(s) = inner.session.as_mut()
            && let Some(p) = s.pending_search.as_mut()
            && let Some(earlier) = Instant::now().checked_sub(SETTLE * 2)
        {
            p.0 = earlier;
            inner.search_as_typed("김하나").unwrap();
            assert_eq!(searched(&inner), 2);
        }
        // The session ends with results on screen: they are logged first.
        let before = searched(&inner);
        inner.end_session(SessionEnd::LockButton);
        sign_in(&mut inner);
        assert_eq!(searched(&inner), before + 1);
    }

    /// A call refused for lack of permission is logged, at most once a minute per session.
    #[test]
    fn a_refused_call_is_logged_once_a_minute() {
        let (_tmp, mut inner) = inner_with_reception();
        sign_in(&mut inner);
        for _ in 0..3 {
            assert!(matches!(
                inner.require(Some(Permission::ManageStaff)),
                Err(ApiError::Forbidden)
            ));
        }
        assert_eq!(count(&inner, "permission-refused"), 1);
    }

    /// Sign-out, the lock button, the idle lock and a sign-in over an open session each leave
    /// their own kind of row.
    #[test]
    fn each_way_a_session_ends_is_logged_as_itself() {
        let (_tmp, mut inner) = inner_with_reception();
        let mut hows = vec![];
        for how in [
            SessionEnd::SignOut,
            SessionEnd::LockButton,
            SessionEnd::Idle,
            SessionEnd::Replaced,
        ] {
            sign_in(&mut inner);
            inner.end_session(how);
            assert!(
                inner.store.is_none(),
                "{how:?}: the database closed, its key dropped"
            );
            sign_in(&mut inner);
            let detail: String = inner
                .store
                .as_ref()
                .unwrap()
                .conn()
                .query_row(
                    "SELECT detail FROM audit_log WHERE action = 'sign-out' ORDER BY id DESC LIMIT 1",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            hows.push(detail);
            inner.session = None;
        }
        assert_eq!(
            hows,
            [
                r#"{"how":"sign-out"}"#,
                r#"{"how":"lock-button"}"#,
                r#"{"how":"idle-lock"}"#,
                r#"{"how":"replaced-by-sign-in"}"#
            ]
        );
    }

    /// A laptop that slept: the monotonic clock did not move, the wall clock did. The session is
    /// idle for the wall clock's time, so it locks on waking.
    #[test]
    fn idle_time_counts_a_sleep_the_monotonic_clock_missed() {
        let slept = Activity {
            mono: Instant::now(),
            wall: std::time::SystemTime::now() - Duration::from_secs(3600),
        };
        assert!(slept.elapsed() >= Duration::from_secs(3600));
        // A wall clock set back does not shorten it either (when the machine has been up ten
        // minutes, so the monotonic clock can go back that far).
        if let Some(mono) = Instant::now().checked_sub(Duration::from_secs(600)) {
            let set_back = Activity {
                mono,
                wall: std::time::SystemTime::now() + Duration::from_secs(3600),
            };
            assert!(set_back.elapsed() >= Duration::from_secs(600));
        }
    }
}
