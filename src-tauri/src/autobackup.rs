//! The scheduled backup in the app: started at a sign-in or a sign-out when the day has none
//! (`jeopsu_store::backup_schedule::due`), written on a thread of its own so the desk keeps
//! working (the job has its own connection and its own copy of the key), and recorded when it
//! ends. At exit the app waits for a running backup, or writes the day's one if it has none.

use crate::state::{AppState, Inner, app_actor};
use jeopsu_api::ApiError;
use jeopsu_store::backup::Step;
use jeopsu_store::backup_schedule::{self, Job};
use std::sync::Mutex;
use std::thread::JoinHandle;
use tauri::{AppHandle, Manager};

/// What the admin screen shows while and after a scheduled backup runs.
#[derive(Default)]
pub struct Runner {
    /// The step of the running backup; `None` when none runs.
    step: Mutex<Option<Step>>,
    /// Why the last attempt failed (a message in the UI's language), until the next one.
    last_error: Mutex<Option<String>>,
    thread: Mutex<Option<JoinHandle<()>>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Runner {
    pub fn running(&self) -> bool {
        lock(&self.step).is_some()
    }

    pub fn step(&self) -> Option<Step> {
        *lock(&self.step)
    }

    pub fn last_error(&self) -> Option<String> {
        lock(&self.last_error).clone()
    }

    /// Waits for a running backup to finish (exit).
    pub fn wait(&self) {
        let handle = lock(&self.thread).take();
        if let Some(h) = handle {
            let _ = h.join();
        }
    }
}

/// Starts the scheduled backup in the background if the day has none (or `force`: "Back up now
/// to the folder" from the admin screen). Returns whether one started. A missing folder is not
/// an error here: the warning on the admin's screens says so.
pub fn start(app: &AppHandle, inner: &mut Inner, force: bool) -> Result<bool, ApiError> {
    let state = app.state::<AppState>();
    let runner = &state.backups;
    if runner.running() {
        return Ok(false);
    }
    let Some(store) = inner.store.as_ref() else {
        return Ok(false);
    };
    if !force && !backup_schedule::due(store)? {
        return Ok(false);
    }
    let job = match store.scheduled_job() {
        Ok(job) => job,
        Err(e) if !force => {
            *lock(&runner.last_error) =
                Some(crate::error::IpcError::from_store(&e, inner.lang).message);
            return Ok(false);
        }
        Err(e) => return Err(e.into()),
    };
    *lock(&runner.step) = Some(Step::Exporting);
    *lock(&runner.last_error) = None;
    let app = app.clone();
    let handle = std::thread::spawn(move || run(&app, job));
    *lock(&runner.thread) = Some(handle);
    Ok(true)
}

fn run(app: &AppHandle, job: Job) {
    let state = app.state::<AppState>();
    let runner = &state.backups;
    let written = job.run(&mut |s| *lock(&runner.step) = Some(s));
    // Only now the desk's lock: to record the run and rotate.
    let mut inner = state.lock();
    let lang = inner.lang;
    let result = written
        .map_err(ApiError::from)
        .and_then(|w| match inner.store.as_mut() {
            Some(store) => backup_schedule::record(store, &app_actor(), w)
                .map(|_| ())
                .map_err(ApiError::from),
            None => Err(ApiError::SessionLocked),
        });
    if let Err(e) = result {
        *lock(&runner.last_error) = Some(crate::error::IpcError::from_api(&e, lang).message);
    }
    drop(inner);
    *lock(&runner.step) = None;
}

/// At exit: a running backup is waited for; a day without one gets it now, on this thread.
pub fn at_exit(app: &AppHandle) {
    let state = app.state::<AppState>();
    state.backups.wait();
    let mut inner = state.lock();
    let due = inner
        .store
        .as_ref()
        .is_some_and(|s| backup_schedule::due(s).unwrap_or(false));
    if !due {
        return;
    }
    if let Some(store) = inner.store.as_mut() {
        let _ = store.scheduled_backup(&app_actor(), &mut |_| {});
    }
}
