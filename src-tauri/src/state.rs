//! What the app holds while it runs: the open store, who is signed in, and since when nothing
//! happened. The idle lock is enforced here (every command), not only in the UI.

use jeopsu_core::audit::{Action, Actor};
use jeopsu_core::{Permission, PermissionMatrix};
use jeopsu_i18n::Lang;
use jeopsu_store::staff::SignedIn;
use jeopsu_store::vault::{OsKeyring, RecoveryPhrase};
use jeopsu_store::{DataDir, Store, StoreError, Unlock, settings};
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct AppState {
    pub inner: Mutex<Inner>,
    /// When the process started, for the start-up benchmark's "ready" report.
    pub started: Instant,
    /// The scheduled backup running in the background, if any.
    pub backups: crate::autobackup::Runner,
}

pub struct Inner {
    pub data_dir: PathBuf,
    pub demo: bool,
    pub lang: Lang,
    pub store: Option<Store>,
    pub session: Option<Session>,
    /// The phrase of a just-created database, until two of its groups were typed back.
    pub pending_phrase: Option<RecoveryPhrase>,
    pub keyring_note: Option<String>,
    pub prints: crate::print::PrintFiles,
}

pub struct Session {
    pub user: SignedIn,
    pub last_activity: Instant,
}

impl AppState {
    pub fn new(data_dir: PathBuf, demo: bool, started: Instant) -> AppState {
        let mut inner = Inner {
            data_dir,
            demo,
            lang: Lang::Ko,
            store: None,
            session: None,
            pending_phrase: None,
            keyring_note: None,
            prints: Default::default(),
        };
        inner.try_keyring_unlock();
        AppState {
            inner: Mutex::new(inner),
            started,
            backups: Default::default(),
        }
    }

    /// Locks the state; a poisoned lock (a panic elsewhere) is recovered, not propagated.
    pub fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The app as an audit actor when nobody is signed in (e.g. unlocking with the phrase).
pub fn app_actor() -> Actor {
    Actor::Cli {
        os_user: "desktop-app".into(),
    }
}

impl Inner {
    pub fn has_database(&self) -> bool {
        DataDir::new(&self.data_dir).has_database()
    }

    /// Opens the database silently with the key from the OS keyring, if it is there.
    pub fn try_keyring_unlock(&mut self) {
        if self.store.is_some() || !self.has_database() {
            return;
        }
        let result = OsKeyring::connect()
            .and_then(|k| Store::unlock(&self.data_dir, Unlock::Vault(&k), &app_actor()));
        match result {
            Ok(store) => {
                self.store = Some(store);
                self.keyring_note = None;
            }
            Err(e) => self.keyring_note = Some(e.to_string()),
        }
    }

    pub fn store_mut(&mut self) -> Result<&mut Store, StoreError> {
        self.store.as_mut().ok_or(StoreError::SessionLocked)
    }

    pub fn idle_limit(&self) -> Duration {
        let minutes = self
            .store
            .as_ref()
            .and_then(|s| settings::idle_lock_minutes(s).ok())
            .unwrap_or(jeopsu_core::clinic::IDLE_LOCK_DEFAULT_MINUTES);
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
            self.end_session(Action::SignOut);
        }
        expired
    }

    pub fn end_session(&mut self, action: Action) {
        // Printed files never outlive the session that printed them.
        self.prints.clear();
        if let (Some(session), Some(store)) = (self.session.take(), self.store.as_mut()) {
            let actor = session.user.actor();
            let _ = store.write(|tx| {
                tx.log(
                    jeopsu_store::audit::Entry::new(action, &actor)
                        .detail(serde_json::json!({ "how": "lock" })),
                )
                .map(|_| ())
            });
        }
    }

    /// The signed-in user if they may do `permission` (checked against the permission matrix),
    /// counting this call as activity. Every command that touches data goes through here.
    pub fn require(
        &mut self,
        permission: Option<Permission>,
    ) -> Result<(Actor, &mut Store), StoreError> {
        if self.expire_if_idle() {
            return Err(StoreError::SessionLocked);
        }
        let session = self.session.as_mut().ok_or(StoreError::SessionLocked)?;
        if session.user.password_change_due {
            return Err(StoreError::PasswordChangeRequired);
        }
        if let Some(p) = permission
            && !PermissionMatrix::default().allows(session.user.role, p)
        {
            return Err(StoreError::Forbidden);
        }
        session.last_activity = Instant::now();
        let actor = session.user.actor();
        let store = self.store.as_mut().ok_or(StoreError::SessionLocked)?;
        Ok((actor, store))
    }
}
