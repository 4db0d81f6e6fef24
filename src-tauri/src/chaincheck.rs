//! The audit chains verified at every unlock, in the background (two years of log take longer
//! than a start may wait). A break is logged and shown to the admin and the privacy officer on
//! every screen until the next check passes.

use crate::state::{AppState, Inner, app_actor};
use std::sync::Mutex;
use tauri::{AppHandle, Manager};

#[derive(Default)]
pub struct ChainState {
    broken: Mutex<Option<String>>,
}

impl ChainState {
    /// What broke in the last check, if it did.
    pub fn broken(&self) -> Option<String> {
        self.broken.lock().map(|g| g.clone()).unwrap_or_default()
    }
}

/// Starts the check for the open store, if any. The check reads through a connection of its
/// own, and its result is recorded on a handle of its own (`Store::companion`): not the desk's,
/// which a sign-out or the lock may have closed by then (it used to be the desk's, and a
/// sign-out within the seconds a long log takes lost the check's "integrity verified" row).
pub fn start(app: &AppHandle, inner: &Inner) {
    let Some(store) = inner.store.as_ref() else {
        return;
    };
    let job = store.chain_check();
    // Without a handle of its own (the database could not be opened a second time) the result
    // is still shown; the check itself would fail the same way.
    let own = store.companion();
    let app = app.clone();
    std::thread::spawn(move || {
        let result = job.run();
        if let Ok(mut own) = own {
            let _ = own.record_chain_check(&app_actor(), &result);
        }
        // What broke, in the UI's language, for the admin's and the privacy officer's screens.
        let state = app.state::<AppState>();
        let lang = state.lock().lang;
        let broken = result
            .err()
            .map(|e| crate::error::IpcError::from_store(&e, lang).message);
        if let Ok(mut b) = state.chains.broken.lock() {
            *b = broken;
        }
    });
}
