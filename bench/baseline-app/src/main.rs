//! The floor under Jeopsu's memory and start time (BENCHMARKS.md, "The desktop app"): an empty
//! Tauri 2 window with the app's own webview settings (the same file, `src-tauri/src/webview.rs`),
//! window size and release profile, on a static page. `scripts/bench-app.sh` builds it and
//! measures it beside the app in the same run. Never shipped.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

#[path = "../../../src-tauri/src/webview.rs"]
mod webview;

use std::time::Instant;

struct Started(Instant);

/// `jeopsu-ready SCREEN MS` on stderr, as the app prints it with `JEOPSU_REPORT_READY`.
#[tauri::command]
fn ui_ready(started: tauri::State<'_, Started>, screen: String) {
    webview::report_ready(started.0, &screen);
}

// `tauri::generate_context!` expands to a `std::process::exit` call (clippy.toml disallows it).
#[allow(clippy::disallowed_methods)]
fn main() -> std::process::ExitCode {
    webview::before_start();
    let started = Started(Instant::now());
    let result = tauri::Builder::default()
        .manage(started)
        .setup(|app| {
            use tauri::Manager;
            if let Some(w) = app.get_webview_window("main") {
                webview::tune(&w);
            }
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![ui_ready])
        .run(tauri::generate_context!());
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("baseline: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
