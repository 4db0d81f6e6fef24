//! How the app's webview is set up to stay small on Linux (WebKitGTK). Measured in
//! BENCHMARKS.md ("The desktop app"); `scripts/bench-app.sh` repeats the measurement.
//!
//! - No accelerated compositing: form screens need no GPU layers (~70 MB less, faster start).
//!   `JEOPSU_GPU_COMPOSITING=1` keeps it on (the E2E tests need it for screenshots).
//! - No JavaScript JIT in the web process: the UI's scripts are small and the interpreter keeps
//!   up with them (start unchanged), while the JIT costs 9-10 MB of memory. Fewer
//!   moving parts in the process that renders patient data is also what browsers' locked-down
//!   modes choose. `JEOPSU_JIT=1` (or an explicit `JSC_useJIT`) keeps it on.

/// Runs first in `main`, before any thread exists, because WebKit's web process takes its
/// JavaScript engine options from the environment it inherits.
#[allow(unsafe_code)]
pub fn before_start() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("JEOPSU_JIT").is_none() && std::env::var_os("JSC_useJIT").is_none() {
        // SAFETY: called at the top of `main` while the process has one thread, so no other
        // thread can be reading the environment.
        unsafe { std::env::set_var("JSC_useJIT", "0") };
    }
}

/// Settings on the created webview (Linux); elsewhere nothing to do.
pub fn tune(window: &tauri::WebviewWindow) {
    #[cfg(target_os = "linux")]
    {
        let compositing = std::env::var_os("JEOPSU_GPU_COMPOSITING").is_some();
        let _ = window.with_webview(move |view| {
            use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
            if !compositing && let Some(settings) = view.inner().settings() {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
        });
    }
    #[cfg(not(target_os = "linux"))]
    let _ = window;
}
