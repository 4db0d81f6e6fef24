//! How the app's webview is set up to stay small on Linux (WebKitGTK). Measured in
//! BENCHMARKS.md ("The desktop app"); `scripts/bench-app.sh` repeats the measurement.
//!
//! - No accelerated compositing: form screens need no GPU layers (~70 MB less, faster start).
//!   `JEOPSU_GPU_COMPOSITING=1` keeps it on (the E2E tests need it for screenshots).
//! - No DMA-BUF renderer either (`WEBKIT_DISABLE_DMABUF_RENDERER=1`): with compositing off it
//!   only costs memory (~10 MB over the app and web processes), and it is the renderer that
//!   aborts at start on some graphics drivers. An explicit setting of the variable is kept.
//! - No JavaScript JIT in the web process: the UI's scripts are small and the interpreter keeps
//!   up with them (start unchanged), while the JIT costs 9-10 MB of memory. Fewer
//!   moving parts in the process that renders patient data is also what browsers' locked-down
//!   modes choose. `JEOPSU_JIT=1` (or an explicit `JSC_useJIT`) keeps it on.

/// Runs first in `main`, before any thread exists, because WebKit reads these from the
/// environment when it starts (the web process inherits it).
#[allow(unsafe_code)]
pub fn before_start() {
    #[cfg(target_os = "linux")]
    {
        let unset = |name: &str| std::env::var_os(name).is_none();
        // SAFETY (both): called at the top of `main` while the process has one thread, so no
        // other thread can be reading the environment.
        if unset("JEOPSU_JIT") && unset("JSC_useJIT") {
            unsafe { std::env::set_var("JSC_useJIT", "0") };
        }
        if !gpu_compositing() && unset("WEBKIT_DISABLE_DMABUF_RENDERER") {
            unsafe { std::env::set_var("WEBKIT_DISABLE_DMABUF_RENDERER", "1") };
        }
    }
}

/// `JEOPSU_GPU_COMPOSITING` set: keep WebKit's GPU path (compositing, DMA-BUF renderer).
#[cfg(target_os = "linux")]
fn gpu_compositing() -> bool {
    std::env::var_os("JEOPSU_GPU_COMPOSITING").is_some()
}

/// Settings on the created webview (Linux); elsewhere nothing to do.
pub fn tune(window: &tauri::WebviewWindow) {
    #[cfg(target_os = "linux")]
    {
        let compositing = gpu_compositing();
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

/// `jeopsu-ready SCREEN MS` on stderr: the page reported its first frame of `screen`, `ms`
/// after start. The app prints it with `JEOPSU_REPORT_READY` (scripts/bench-app.sh), the
/// floor (bench/baseline-app) always; the screen name is cut to a safe word.
pub fn report_ready(started: std::time::Instant, screen: &str) {
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    let screen: String = screen
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .take(32)
        .collect();
    eprintln!("jeopsu-ready {screen} {ms:.1}");
}
