//! The floor under Jeopsu's memory and start time (BENCHMARKS.md, "The desktop app"): an empty
//! Tauri 2 window with the app's own webview settings (the same file, `src-tauri/src/webview.rs`),
//! window size and release profile, on a static page. `scripts/bench-app.sh` builds it and
//! measures it beside the app in the same run. Never shipped.
//!
//! With `JEOPSU_FLOOR_PAGE` it paints the desk with search results as a static page instead (no
//! script, no IPC, the styles inlined: its CSP allows inline styles for that), so the bench can
//! say how much of Jeopsu's memory over the empty window is the webview's for a page like the
//! desk, and how much is Jeopsu's own code. With `JEOPSU_FLOOR_SCRIPT` it runs a Svelte sign-in
//! form with the app's Korean messages (`ui/bench-hello`) instead: what any Svelte screen costs.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

#[path = "../../../src-tauri/src/webview.rs"]
mod webview;

use std::time::Instant;

struct Started(Instant);

/// `jeopsu-ready SCREEN MS` on stderr, as the app prints it with `JEOPSU_REPORT_READY`.
#[tauri::command]
fn ui_ready(started: tauri::State<'_, Started>, screen: String) {
    webview::report_ready(started.0, &screen);
    // Its page is the first and only screen: the start's pages go back, as the app's do.
    webview::after_first_screen();
}

/// The page to paint instead of the empty one: the file `JEOPSU_FLOOR_PAGE` names (the inside
/// of `<html>`: the desk with results as a static page, written by the e2e bench
/// `bench_desk_snapshot`), or nothing. `scripts/bench-app.sh` measures the floor both ways.
#[tauri::command]
fn floor_page() -> Option<String> {
    let path = std::env::var_os("JEOPSU_FLOOR_PAGE")?;
    match std::fs::read_to_string(&path) {
        Ok(html) => Some(html),
        Err(e) => {
            eprintln!("baseline: {}: {e}", std::path::Path::new(&path).display());
            None
        }
    }
}

/// The script to run instead of a page: with `JEOPSU_FLOOR_SCRIPT=1`, the floor's Svelte page
/// (`hello/hello.js`, built from `ui/bench-hello` by `scripts/bench-app.sh`): a sign-in form with
/// the app's Korean messages, so the bench can say what any Svelte screen costs in this webview.
#[tauri::command]
fn floor_script() -> bool {
    std::env::var_os("JEOPSU_FLOOR_SCRIPT").is_some()
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
        .invoke_handler(tauri::generate_handler![ui_ready, floor_page, floor_script])
        .run(tauri::generate_context!());
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("baseline: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
