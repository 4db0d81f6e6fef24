//! The scheduled backup in the app: started at a sign-in or a sign-out when the day has none
//! (`jeopsu_store::backup_schedule::due`), written on a thread of its own so the desk keeps
//! working (the job has its own connection and its own copy of the key), and recorded when it
//! ends, on a handle of its own: one started at a sign-out or at the lock ends after the desk's
//! handle has closed. The key copies are dropped (zeroised) when the job ends. At exit the app
//! waits for a running backup, or writes the day's one if it has none.

use crate::state::{AppState, Inner, app_actor};
use jeopsu_api::ApiError;
use jeopsu_store::Store;
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
    // The job and a handle of its own on the database, to record the run when it ends.
    let prepared = store
        .scheduled_job()
        .and_then(|job| Ok((job, store.companion()?)));
    let (job, own) = match prepared {
        Ok(p) => p,
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
    let handle = std::thread::spawn(move || run(&app, job, own));
    *lock(&runner.thread) = Some(handle);
    Ok(true)
}

/// Writes and checks the copy, then records the run and rotates on the job's own handle `own`:
/// not the desk's, which a sign-out or the lock may have closed by then (it used to be the
/// desk's, and a backup started at sign-out was written but never recorded, so the next
/// sign-in wrote the day's backup again).
fn run(app: &AppHandle, job: Job, mut own: Store) {
    let state = app.state::<AppState>();
    let runner = &state.backups;
    let written = job.run(&mut |s| *lock(&runner.step) = Some(s));
    let result = written.and_then(|w| backup_schedule::record(&mut own, &app_actor(), w));
    drop(own);
    if let Err(e) = result {
        let lang = state.lock().lang;
        *lock(&runner.last_error) = Some(crate::error::IpcError::from_store(&e, lang).message);
    }
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
