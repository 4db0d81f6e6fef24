//! Jeopsu, the desktop app. `jeopsu-app [--data-dir DIR] [--demo]`.
// A release build shows no console window on Windows.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod dto;
mod error;
mod print;
mod state;

use state::AppState;
use std::path::PathBuf;

struct Args {
    data_dir: Option<PathBuf>,
    demo: bool,
}

fn parse_args() -> Args {
    let mut args = Args {
        data_dir: std::env::var_os("JEOPSU_DATA_DIR").map(PathBuf::from),
        demo: false,
    };
    let mut it = std::env::args_os().skip(1);
    while let Some(a) = it.next() {
        match a.to_str() {
            Some("--data-dir") => args.data_dir = it.next().map(PathBuf::from),
            Some("--demo") => args.demo = true,
            _ => {}
        }
    }
    args
}

fn default_data_dir() -> PathBuf {
    directories::ProjectDirs::from("kr", "Jeopsu", "Jeopsu")
        .map(|p| p.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("jeopsu-data"))
}

// `generate_context!` expands to Tauri code that calls `std::process::exit` (its restart path);
// our own code returns an exit code instead.
#[allow(clippy::disallowed_methods)]
fn main() -> std::process::ExitCode {
    let args = parse_args();
    let data_dir = args.data_dir.unwrap_or_else(default_data_dir);
    let demo = args.demo;
    let result = tauri::Builder::default()
        .manage(AppState::new(data_dir, demo))
        .setup(move |app| {
            use tauri::Manager;
            if demo && let Some(w) = app.get_webview_window("main") {
                let _ = w.set_title("접수 Jeopsu — DEMO (synthetic data)");
            }
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::session::app_status,
            commands::session::set_lang,
            commands::session::setup,
            commands::session::confirm_phrase,
            commands::session::unlock_with_phrase,
            commands::session::sign_in,
            commands::session::sign_out,
            commands::session::lock_now,
            commands::session::touch,
            commands::session::print_recovery_sheet,
            commands::staff::staff_list,
            commands::staff::staff_add,
            commands::staff::staff_set_role,
            commands::staff::staff_set_disabled,
            commands::staff::staff_reset_password,
            commands::settings::settings_get,
            commands::settings::settings_set_idle_lock,
        ])
        .build(tauri::generate_context!())
        .map(|app| {
            app.run(|handle, event| {
                if let tauri::RunEvent::Exit = event {
                    use tauri::Manager;
                    handle.state::<AppState>().lock().prints.clear();
                }
            })
        });
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Jeopsu could not start: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
