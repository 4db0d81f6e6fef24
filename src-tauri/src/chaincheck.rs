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

/// Starts the check for the open store, if any.
pub fn start(app: &AppHandle, inner: &Inner) {
    let Some(store) = inner.store.as_ref() else {
        return;
    };
    let job = store.chain_check();
    let app = app.clone();
    std::thread::spawn(move || {
        let result = job.run();
        let state = app.state::<AppState>();
        let mut inner = state.lock();
        if let Some(store) = inner.store.as_mut() {
            let _ = store.record_chain_check(&app_actor(), &result);
        }
        // What broke, in the UI's language, for the admin's and the privacy officer's screens.
        let broken = result
            .err()
            .map(|e| crate::error::IpcError::from_store(&e, inner.lang).message);
        drop(inner);
        if let Ok(mut b) = state.chains.broken.lock() {
            *b = broken;
        }
    });
}
