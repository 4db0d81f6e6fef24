//! Jeopsu, the desktop app. `jeopsu-app [--data-dir DIR] [--demo]`.
// A release build shows no console window on Windows.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod autobackup;
mod chaincheck;
mod commands;
mod dto;
mod error;
mod places;
mod print;
mod state;
mod webview;

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
    jeopsu_store::paths::default_data_dir().unwrap_or_else(|| PathBuf::from("jeopsu-data"))
}

// `generate_context!` expands to Tauri code that calls `std::process::exit` (its restart path);
// our own code returns an exit code instead.
#[allow(clippy::disallowed_methods)]
fn main() -> std::process::ExitCode {
    // The admin tool lives in this binary too: `jeopsu-app cli ARGS` (the installers put a
    // `jeopsu` command on the PATH that runs exactly that), so a clinic PC has `verify`,
    // `backup` and `audit list` without a second copy of the database engine and the font.
    let mut rest = std::env::args_os().skip(1).peekable();
    if rest.peek().is_some_and(|a| a == "cli") {
        return jeopsu_cli::run_with(std::iter::once("jeopsu".into()).chain(rest.skip(1)));
    }
    webview::before_start();
    // Print folders a crash left behind go before anything else.
    print::sweep_stale();
    let started = std::time::Instant::now();
    let args = parse_args();
    let data_dir = args.data_dir.unwrap_or_else(default_data_dir);
    let demo = args.demo;
    let result = tauri::Builder::default()
        // The UI's font, from the same bytes the PDFs are drawn with: stored once in the binary.
        .register_uri_scheme_protocol("jeopsu-font", |_ctx, request| {
            let found = request.uri().path() == "/NanumGothic.ttf";
            tauri::http::Response::builder()
                .status(if found { 200 } else { 404 })
                .header("Content-Type", "font/ttf")
                .header("Access-Control-Allow-Origin", "*")
                .header("Cache-Control", "max-age=31536000, immutable")
                // Borrowed from the binary: no 4.7 MB copy on the heap for each request.
                .body(std::borrow::Cow::Borrowed(if found {
                    jeopsu_forms::FONT_BYTES
                } else {
                    &[][..]
                }))
                .unwrap_or_default()
        })
        .manage(AppState::new(data_dir, demo, started))
        .setup(move |app| {
            use tauri::Manager;
            if let Some(w) = app.get_webview_window("main") {
                if demo {
                    let _ = w.set_title("접수 Jeopsu — DEMO (synthetic data)");
                }
                webview::tune(&w);
            }
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::session::app_status,
            commands::session::set_lang,
            commands::session::setup,
            commands::session::confirm_phrase,
            commands::session::check_account,
            commands::session::unlock_with_phrase,
            commands::session::sign_in,
            commands::session::sign_out,
            commands::session::change_password,
            commands::visits::visit_hint,
            commands::visits::visit_checkin,
            commands::visits::visits_today,
            commands::visits::visit_move,
            commands::visits::visit_undo,
            commands::visits::appointment_book,
            commands::visits::appointment_close,
            commands::visits::appointments_today,
            commands::visits::appointments_range,
            commands::visits::appointment_book_caller,
            commands::visits::appointment_link,
            commands::visits::waiting_display,
            commands::visits::open_waiting_display,
            commands::session::lock_now,
            commands::session::touch,
            commands::session::ui_ready,
            commands::session::recovery_sheet,
            commands::staff::staff_list,
            commands::staff::key_status,
            commands::staff::forget_legacy_key,
            commands::staff::debug_live_keys,
            commands::staff::staff_add,
            commands::staff::staff_set_role,
            commands::staff::staff_set_disabled,
            commands::staff::staff_reset_password,
            commands::settings::settings_get,
            commands::settings::settings_set_idle_lock,
            commands::settings::settings_set_password_age,
            commands::settings::settings_set_consent_policy,
            commands::settings::settings_set_rooms,
            commands::settings::settings_set_display_names,
            commands::settings::settings_set_phone_months,
            commands::settings::settings_set_chart_format,
            commands::settings::settings_chart_preview,
            commands::backup::backup_places,
            commands::backup::backups_in,
            commands::backup::backup_now,
            commands::backup::restore_backup,
            commands::backup::backup_status,
            commands::backup::backup_warning,
            commands::backup::integrity_warning,
            commands::backup::backup_set_folder,
            commands::backup::backup_set_rotation,
            commands::backup::backup_run_scheduled,
            commands::backup::backup_drill,
            commands::patients::consent_texts,
            commands::patients::patients_search,
            commands::patients::patients_search_settle,
            commands::patients::patient_check,
            commands::patients::patient_register,
            commands::patients::patient_open,
            commands::patients::patient_open_chart,
            commands::patients::patient_correct,
            commands::patients::patient_reveal_rrn,
            commands::patients::patient_give_consents,
            commands::patients::patient_set_marketing,
            commands::patients::patient_print_consent,
            commands::guardians::guardian_texts,
            commands::guardians::guardian_consent,
            commands::guardians::guardian_print,
            commands::guardians::guardian_save_pdf,
            commands::guardians::forms_print_blank,
            commands::cctv::cctv_setup_get,
            commands::cctv::cctv_setup_set,
            commands::cctv::cctv_setup_warnings,
            commands::cctv::cctv_ledger_bases,
            commands::cctv::cctv_requests,
            commands::cctv::cctv_request_open,
            commands::cctv::cctv_intake,
            commands::cctv::cctv_step,
            commands::cctv::cctv_ledger,
            commands::cctv::cctv_ledger_add,
            commands::cctv::cctv_export_places,
            commands::cctv::cctv_ledger_export,
            commands::cctv::cctv_print,
            commands::privacy::privacy_requests,
            commands::privacy::privacy_request_open,
            commands::privacy::privacy_intake,
            commands::privacy::privacy_answer,
            commands::privacy::privacy_print,
            commands::privacy::retention_rules_get,
            commands::privacy::retention_rules_set,
            commands::privacy::retention_preview,
            commands::privacy::retention_due,
            commands::privacy::retention_old_backups,
            commands::privacy::retention_safety_copies,
            commands::privacy::retention_run,
            commands::privacy::retention_log,
            commands::privacy::retention_papers,
            commands::privacy::retention_patients,
            commands::privacy::retention_shredded,
            commands::privacy::audit_review_query,
            commands::privacy::audit_review_record,
            commands::privacy::audit_reviews,
            commands::privacy::holds,
            commands::privacy::hold_place,
            commands::privacy::hold_lift,
        ])
        .build(tauri::generate_context!())
        .map(|app| {
            app.run(|handle, event| {
                if let tauri::RunEvent::Exit = event {
                    use tauri::Manager;
                    handle.state::<AppState>().lock().prints.clear();
                    // The day's backup, if it has none yet (or the running one, finished).
                    autobackup::at_exit(handle);
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
