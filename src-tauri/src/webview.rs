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
//! - Once the first screen a person works on is painted, the program's own pages that only the
//!   start needed are handed back to the kernel ([`after_first_screen`]).

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

/// Once per process, when the first screen a person works on is painted (the app: the desk or
/// the home screen; the floor: its page): hands the kernel back the pages of the program's own
/// file that are in memory now, most of them code and tables only the start used (the dynamic
/// loader's 1.1 MB relocation table, Tauri's and the store's set-up, the sign-in). They leave
/// memory, not only this process (`MADV_PAGEOUT` reclaims a clean page of a file no other
/// process maps); what runs again is read back from the file when it runs. About 4 MB on the
/// desk, and the floor does the same (BENCHMARKS.md, "The desk's page painted by the floor; the
/// start's pages handed back"). Only the
/// read-only mappings of the executable: its relocated data is the process's own and stays.
/// `JEOPSU_KEEP_START_PAGES` set: nothing is done (the bench measures both). Linux only; a
/// kernel before 5.4 refuses the advice, and nothing changes.
pub fn after_first_screen() {
    #[cfg(target_os = "linux")]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        if std::env::var_os("JEOPSU_KEEP_START_PAGES").is_none() {
            ONCE.call_once(page_out_own_file);
        }
    }
}

/// The advice `madvise(2)` takes for "reclaim these pages now" (Linux 5.4 and later; the same
/// number on every architecture).
#[cfg(target_os = "linux")]
const MADV_PAGEOUT: std::ffi::c_int = 21;

#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
unsafe extern "C" {
    // The C library's, which every Rust program on Linux links; declared here rather than
    // taken from the `libc` crate so that the app's and the floor's dependencies, and with them
    // their symbols' names that link-order.txt lists, stay as they are.
    fn madvise(addr: *mut std::ffi::c_void, len: usize, advice: std::ffi::c_int)
    -> std::ffi::c_int;
}

/// The executable's read-only mappings (`r--p`, `r-xp`) in `/proc/self/maps`, as address ranges.
#[cfg(target_os = "linux")]
fn own_read_only_mappings(maps: &str, exe: &str) -> Vec<(usize, usize)> {
    maps.lines()
        .filter_map(|line| {
            let mut f = line.split_whitespace();
            let (range, perms) = (f.next()?, f.next()?);
            // offset, device, inode, then the path (which may hold spaces).
            let path = f.skip(3).collect::<Vec<_>>().join(" ");
            if path != exe || perms.contains('w') || !perms.starts_with('r') {
                return None;
            }
            let (a, b) = range.split_once('-')?;
            Some((
                usize::from_str_radix(a, 16).ok()?,
                usize::from_str_radix(b, 16).ok()?,
            ))
        })
        .filter(|(a, b)| b > a)
        .collect()
}

#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
fn page_out_own_file() {
    let (Ok(exe), Ok(maps)) = (
        std::fs::read_link("/proc/self/exe"),
        std::fs::read_to_string("/proc/self/maps"),
    ) else {
        return;
    };
    for (start, end) in own_read_only_mappings(&maps, &exe.to_string_lossy()) {
        // SAFETY: the range is one of this process's own mappings, read-only and backed by the
        // executable's file, as the kernel listed it; advice on it changes no byte a program
        // can read (a page handed back is read from the file again when it is touched), and a
        // refusal (an old kernel) changes nothing. The mappings of a running executable are
        // never unmapped, so the range stays valid.
        let _ = unsafe { madvise(start as *mut std::ffi::c_void, end - start, MADV_PAGEOUT) };
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::own_read_only_mappings;

    #[test]
    fn only_the_executables_read_only_mappings_are_handed_back() {
        let maps = "\
5600a000-5600b000 r--p 00000000 fe:00 12 /opt/jeopsu/jeopsu app
5600b000-5600c000 r-xp 00001000 fe:00 12 /opt/jeopsu/jeopsu app
5600c000-5600d000 r--p 00002000 fe:00 12 /opt/jeopsu/jeopsu app
5600d000-5600e000 rw-p 00003000 fe:00 12 /opt/jeopsu/jeopsu app
5600e000-5600f000 rw-p 00000000 00:00 0 [heap]
7f0000000000-7f0000001000 r-xp 00000000 fe:00 99 /usr/lib/libwebkit2gtk-4.1.so.0
7f0000001000-7f0000002000 ---p 00000000 00:00 0
";
        assert_eq!(
            own_read_only_mappings(maps, "/opt/jeopsu/jeopsu app"),
            vec![
                (0x5600a000, 0x5600b000),
                (0x5600b000, 0x5600c000),
                (0x5600c000, 0x5600d000)
            ],
            "the file's read-only parts; not its relocated data, the heap or a library"
        );
        assert!(own_read_only_mappings(maps, "/opt/jeopsu/other").is_empty());
    }
}
