use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU16, Ordering};
use std::time::{Duration, Instant};

static NEXT_PORT: AtomicU16 = AtomicU16::new(0);

/// How long a test waits for something to appear. Four apps run at once on a 2-core CI machine
/// (the E2E tests run in parallel), where a screen now and then takes more than 15 s to paint;
/// waiting longer changes no assertion, it only avoids a false failure.
const PATIENCE: Duration = Duration::from_secs(30);

/// The app binary built by `make test` (`cargo build -p jeopsu-app`).
pub fn app_binary() -> PathBuf {
    if let Ok(p) = std::env::var("JEOPSU_APP_BIN") {
        return PathBuf::from(p);
    }
    let target = std::env::var("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"));
    target.join(format!("debug/jeopsu-app{}", std::env::consts::EXE_SUFFIX))
}

/// `tauri-driver` as `cargo install` put it (`$CARGO_HOME/bin`, else `~/.cargo/bin`), or the one
/// on the PATH.
fn tauri_driver() -> PathBuf {
    let name = format!("tauri-driver{}", std::env::consts::EXE_SUFFIX);
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .or_else(|| std::env::var_os("USERPROFILE"))
                .map(|h| PathBuf::from(h).join(".cargo"))
        });
    match cargo_home.map(|h| h.join("bin").join(&name)) {
        Some(p) if p.exists() => p,
        _ => PathBuf::from(name),
    }
}

/// A program that takes the printed PDF's path and exits at once without a window: there is no
/// PDF viewer to look at in a test run. `attrib` on Windows lists the file's attributes.
const NO_OP_VIEWER: &str = if cfg!(windows) { "attrib" } else { "true" };

/// Ends process `pid`, and on Windows its children too: there, killing `tauri-driver` would
/// leave msedgedriver and the app running (Linux's WebKitWebDriver ends with its parent's
/// session, and the app with its display).
fn end_process_tree(pid: u32) {
    let _ = if cfg!(windows) {
        Command::new("taskkill")
            .args(["/PID", &pid.to_string(), "/T", "/F"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
    } else {
        Command::new("kill").arg(pid.to_string()).status()
    };
}

/// One running app with a WebDriver session on it. Dropping it ends both.
pub struct App {
    pub client: Client,
    driver: Child,
    /// Kept so the temp data dir lives as long as the app.
    _data_dir: tempfile::TempDir,
    pub shots: PathBuf,
    screenshots: bool,
    _watchdog: Watchdog,
    /// A display of its own (see [`App::start_alone`]).
    display: Option<Child>,
}

/// A hung WebDriver call has no timeout of its own; rather than let one test eat the CI hour,
/// the watchdog ends its driver after `JEOPSU_E2E_TIMEOUT` seconds (default 300), so the
/// pending call fails and the test reports where it was.
struct Watchdog {
    done: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Watchdog {
    fn start(name: &str, driver_pid: u32) -> Watchdog {
        let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = done.clone();
        let name = name.to_string();
        let limit: u64 = std::env::var("JEOPSU_E2E_TIMEOUT")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(300);
        std::thread::spawn(move || {
            let start = Instant::now();
            while start.elapsed() < Duration::from_secs(limit) {
                if flag.load(Ordering::SeqCst) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(500));
            }
            eprintln!("watchdog: {name} still running after {limit} s; ending its driver");
            end_process_tree(driver_pid);
        });
        Watchdog { done }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.done.store(true, Ordering::SeqCst);
    }
}

impl App {
    pub async fn start(name: &str) -> App {
        Self::start_in(name, tempfile::tempdir().unwrap()).await
    }

    pub async fn start_in(name: &str, data_dir: tempfile::TempDir) -> App {
        Self::launch(name, data_dir, true).await
    }

    /// The app exactly as a clinic runs it. WebKitWebDriver cannot take screenshots of a page
    /// rendered without accelerated compositing (the app's default on Linux, ~70 MB less memory:
    /// the call never returns), so the other tests turn compositing on and this mode takes no
    /// screenshots; `shot` does nothing here.
    #[cfg(target_os = "linux")]
    pub async fn start_as_shipped(name: &str, data_dir: tempfile::TempDir) -> App {
        Self::launch(name, data_dir, false).await
    }

    /// On an X display of its own. The tests share one Xvfb and run in parallel; their windows
    /// stack at the same place, so pointer events from another test's clicks can land on this
    /// window. A test that needs a minute without any input (the idle lock) runs alone.
    /// (On Windows msedgedriver's clicks are events inside the page, not the desktop's pointer,
    /// so one test's input never reaches another's window: the shared desktop is alone enough.)
    #[cfg(not(target_os = "linux"))]
    pub async fn start_alone(name: &str) -> App {
        Self::launch(name, tempfile::tempdir().unwrap(), true).await
    }

    /// See above: on Linux, an Xvfb display of its own.
    #[cfg(target_os = "linux")]
    pub async fn start_alone(name: &str) -> App {
        let n = 300 + NEXT_PORT.fetch_add(2, Ordering::SeqCst) + (std::process::id() % 100) as u16;
        let xvfb = Command::new("Xvfb")
            .args([
                &format!(":{n}"),
                "-screen",
                "0",
                "1280x860x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb installed by installers/linux/install-deps.sh");
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
        let deadline = Instant::now() + Duration::from_secs(10);
        while !socket.exists() {
            assert!(Instant::now() < deadline, "Xvfb :{n} did not start");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let mut app = Self::launch_on(
            name,
            tempfile::tempdir().unwrap(),
            true,
            Some(format!(":{n}")),
            &[],
        )
        .await;
        app.display = Some(xvfb);
        app
    }

    async fn launch(name: &str, data_dir: tempfile::TempDir, screenshots: bool) -> App {
        Self::launch_on(name, data_dir, screenshots, None, &[]).await
    }

    /// With extra environment for the driver, the app and its web process.
    #[cfg(target_os = "linux")]
    pub async fn start_with_env(name: &str, env: &[(&str, &str)]) -> App {
        Self::launch_on(name, tempfile::tempdir().unwrap(), true, None, env).await
    }

    /// On a prepared data folder, with extra environment for the driver, the app and its web
    /// process (a debug build's test hooks).
    pub async fn start_in_with_env(
        name: &str,
        data_dir: tempfile::TempDir,
        env: &[(&str, &str)],
    ) -> App {
        Self::launch_on(name, data_dir, true, None, env).await
    }

    /// The families in `document.fonts` with their status, once every font has settled.
    pub async fn fonts(&self) -> serde_json::Value {
        self.run_async(
            "const done = arguments[arguments.length - 1];
             document.fonts.ready.then(() => done([...document.fonts].map(f => f.family + ':' + f.status)));",
            vec![],
        )
        .await
    }

    /// Whether a process of this app (the driver's descendants: the app, its web process) has
    /// `path` mapped, from `/proc/PID/maps`.
    #[cfg(target_os = "linux")]
    pub async fn maps_file(&self, path: &str) -> bool {
        let mut family = vec![self.driver.id()];
        let mut i = 0;
        while i < family.len() {
            let parent = family[i];
            for entry in std::fs::read_dir("/proc").unwrap().flatten() {
                let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
                    continue;
                };
                let stat = std::fs::read_to_string(entry.path().join("stat")).unwrap_or_default();
                // "pid (comm) state ppid ...": the command may hold spaces, so count from ')'.
                let ppid = stat
                    .rsplit_once(')')
                    .and_then(|(_, rest)| rest.split_whitespace().nth(1))
                    .and_then(|p| p.parse::<u32>().ok());
                if ppid == Some(parent) && !family.contains(&pid) {
                    family.push(pid);
                }
            }
            i += 1;
        }
        family.iter().any(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/maps"))
                .is_ok_and(|maps| maps.lines().any(|l| l.ends_with(path)))
        })
    }

    /// A PC without a keyring (a debug build's `JEOPSU_TEST_NO_KEYRING`), for the first run.
    pub async fn start_without_keyring(name: &str) -> App {
        Self::launch_on(
            name,
            tempfile::tempdir().unwrap(),
            true,
            None,
            &[("JEOPSU_TEST_NO_KEYRING", "1")],
        )
        .await
    }

    async fn launch_on(
        name: &str,
        data_dir: tempfile::TempDir,
        screenshots: bool,
        display: Option<String>,
        env: &[(&str, &str)],
    ) -> App {
        let bin = app_binary();
        assert!(
            bin.exists(),
            "app not built: {} (run `make test`)",
            bin.display()
        );
        #[cfg(target_os = "linux")]
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "no DISPLAY: run under Xvfb (`make test` does)"
        );
        let offset = NEXT_PORT.fetch_add(2, Ordering::SeqCst);
        let port = 4700 + offset + (std::process::id() % 100) as u16 * 20;
        let mut driver = Command::new(tauri_driver());
        if let Some(d) = &display {
            driver.env("DISPLAY", d);
        }
        if screenshots {
            driver.env("JEOPSU_GPU_COMPOSITING", "1");
        }
        driver.envs(env.iter().copied());
        // The platform's own WebDriver (WebKitWebDriver on Linux, msedgedriver on Windows) is
        // found on the PATH, or named by `JEOPSU_NATIVE_DRIVER`.
        if let Some(native) = std::env::var_os("JEOPSU_NATIVE_DRIVER") {
            driver.arg("--native-driver").arg(native);
        }
        let driver = driver
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &(port + 1).to_string(),
            ])
            .env("JEOPSU_PDF_VIEWER", NO_OP_VIEWER)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("tauri-driver: installed by installers/linux/install-deps.sh (Linux) or the hosted workflow (Windows)");
        let caps: serde_json::Map<String, serde_json::Value> =
            serde_json::from_value(serde_json::json!({
                "browserName": "wry",
                "tauri:options": {
                    "application": bin,
                    "args": ["--data-dir", data_dir.path().join("data")],
                }
            }))
            .unwrap();
        let url = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(30);
        let client = loop {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(c) => break c,
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(250)).await;
                }
                Err(e) => panic!("WebDriver session on port {port}: {e}"),
            }
        };
        let shots = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../target-e2e-screenshots")
            .join(name);
        std::fs::create_dir_all(&shots).unwrap();
        App {
            client,
            _watchdog: Watchdog::start(name, driver.id()),
            screenshots,
            driver,
            display: None,
            _data_dir: data_dir,
            shots,
        }
    }

    /// Waits for an element with `data-testid`.
    pub async fn el(&self, testid: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(&format!("[data-testid='{testid}']")))
            .await
            .unwrap_or_else(|e| panic!("element {testid}: {e}"))
    }

    /// Clicks an element once it is enabled: a button the page disables while it re-checks a
    /// form (Save, while the field just left is checked) would swallow an earlier click.
    pub async fn click(&self, testid: &str) {
        let e = self.el(testid).await;
        let deadline = Instant::now() + PATIENCE;
        while !e.is_enabled().await.unwrap_or(true) {
            assert!(Instant::now() < deadline, "{testid} stayed disabled");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        // A Tab just before moves the focus, and WebKit scrolls the focused field into view at
        // its next frame: a click whose point was computed before that scroll lands on whatever
        // moved under it (a paragraph, 360 px above the button, in a run where Save "did
        // nothing"). Let pending scrolls happen, bring the element to the middle of the view,
        // let that settle, then click.
        let settled = self
            .client
            .execute_async(
                "const [el, done] = arguments; \
                 const frame = (f) => requestAnimationFrame(() => requestAnimationFrame(f)); \
                 frame(() => { el.scrollIntoView({ block: 'center' }); frame(() => done(true)); });",
                vec![serde_json::to_value(&e).unwrap()],
            )
            .await;
        settled.unwrap_or_else(|err| panic!("scroll {testid} into view: {err}"));
        e.click()
            .await
            .unwrap_or_else(|e| panic!("click {testid}: {e}"));
    }

    /// Clicks the button whose text is `text`.
    pub async fn click_text(&self, text: &str) {
        self.client
            .find(Locator::XPath(&format!(
                "//button[normalize-space(.)='{text}']"
            )))
            .await
            .unwrap_or_else(|e| panic!("button {text}: {e}"))
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {text}: {e}"));
    }

    /// Clears the field and types `text`. A WebDriver error is retried once, after a moment, on
    /// the field found again: WebKitWebDriver has answered a keystroke with an error carrying
    /// no message once in a CI run (2026-12-03, the drafts test), not seen again in three runs here.
    /// Typing again from empty gives the same end state, so the retry hides no failure of the
    /// app: a field that cannot be typed into fails the second time.
    pub async fn type_into(&self, testid: &str, text: &str) {
        for attempt in 0..2 {
            let e = self.el(testid).await;
            let typed = match e.clear().await {
                Ok(()) => e.send_keys(text).await,
                Err(err) => Err(err),
            };
            match typed {
                Ok(()) => return,
                Err(err) if attempt == 0 => {
                    eprintln!("type into {testid}: {err}; typing it again");
                    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
                }
                Err(err) => panic!("type into {testid}: {err}"),
            }
        }
    }

    /// Sets an input's or a select's value as a person would leave it (`input` and `change`
    /// fire), for controls WebDriver cannot type into everywhere (datetime-local, select).
    pub async fn set_value(&self, testid: &str, value: &str) {
        let e = self.el(testid).await;
        self.client
            .execute(
                "const [el, v] = arguments; el.value = v;
                 el.dispatchEvent(new Event('input', {bubbles: true}));
                 el.dispatchEvent(new Event('change', {bubbles: true}));",
                vec![serde_json::to_value(&e).unwrap(), serde_json::json!(value)],
            )
            .await
            .unwrap_or_else(|err| panic!("set {testid}: {err}"));
    }

    /// Calls a backend command directly from the page and returns `allowed` or the error code.
    pub async fn invoke_code(&self, command: &str, args: serde_json::Value) -> String {
        let r = self
            .client
            .execute_async(
                "const [cmd, args, done] = arguments;
                 window.__TAURI_INTERNALS__.invoke(cmd, args).then(() => done('allowed'), e => done(e.code));",
                vec![serde_json::json!(command), args],
            )
            .await
            .unwrap();
        r.as_str().unwrap_or_default().to_string()
    }

    /// Runs an asynchronous script in the page (its last argument is the callback) and returns
    /// what it passes to the callback.
    pub async fn run_async(&self, script: &str, args: Vec<serde_json::Value>) -> serde_json::Value {
        self.client.execute_async(script, args).await.unwrap()
    }

    /// PSS in KiB of the app's processes: `jeopsu-app` under the WebDriver and WebKit's helper
    /// processes under it (Linux `/proc`), as `scripts/bench-app.sh` measures the app.
    #[cfg(target_os = "linux")]
    pub fn app_pss_kib(&self) -> u64 {
        self.pss_kib().1
    }

    /// PSS in KiB of the app's own process (where the store's work runs: a backup, a check)
    /// and of all its processes, as [`App::app_pss_kib`].
    #[cfg(target_os = "linux")]
    pub fn pss_kib(&self) -> (u64, u64) {
        let mut children: std::collections::HashMap<u32, Vec<u32>> = Default::default();
        for e in std::fs::read_dir("/proc").unwrap().flatten() {
            let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
                continue;
            };
            // "pid (comm) state ppid ...": the comm may hold spaces, so read after its ')'.
            let after = &stat[stat.rfind(')').map_or(0, |i| i + 1)..];
            if let Some(ppid) = after.split_whitespace().nth(1).and_then(|p| p.parse().ok()) {
                children.entry(ppid).or_default().push(pid);
            }
        }
        let below = |root: u32| {
            let mut all = vec![root];
            let mut i = 0;
            while i < all.len() {
                all.extend(children.get(&all[i]).into_iter().flatten().copied());
                i += 1;
            }
            all
        };
        let comm =
            |pid: u32| std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
        let app = below(self.driver.id())
            .into_iter()
            .find(|p| comm(*p).trim() == "jeopsu-app")
            .expect("the app under the WebDriver");
        let pss = |p: u32| {
            std::fs::read_to_string(format!("/proc/{p}/smaps_rollup"))
                .ok()
                .and_then(|s| {
                    s.lines()
                        .find(|l| l.starts_with("Pss:"))
                        .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
                })
                .unwrap_or(0)
        };
        (pss(app), below(app).into_iter().map(pss).sum())
    }

    /// Scrolls the element into view (for a screenshot of what is below the fold).
    pub async fn scroll_to(&self, testid: &str) {
        self.client
            .execute(
                "document.querySelector(`[data-testid='${arguments[0]}']`).scrollIntoView()",
                vec![serde_json::json!(testid)],
            )
            .await
            .unwrap();
    }

    pub async fn text_of(&self, testid: &str) -> String {
        self.el(testid).await.text().await.unwrap()
    }

    pub async fn body_text(&self) -> String {
        self.client
            .find(Locator::Css("body"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// Waits until the page text contains `needle`.
    pub async fn wait_text(&self, needle: &str) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let body = self.body_text().await;
            if body.contains(needle) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "waited for {needle:?}; page says: {body}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub async fn shot(&self, name: &str) {
        if !self.screenshots {
            return;
        }
        let png = self.client.screenshot().await.unwrap();
        std::fs::write(self.shots.join(format!("{name}.png")), png).unwrap();
    }

    /// Runs axe-core (bundled in the UI's node_modules) inside the real webview; fails on any
    /// serious or critical violation. Then checks every control is reachable by keyboard.
    pub async fn axe(&self, screen: &str) {
        let src = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/node_modules/axe-core/axe.min.js"),
        )
        .expect("axe-core installed in ui/node_modules");
        self.client.execute(&src, vec![]).await.expect("inject axe");
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { resultTypes: ['violations'] })
                    .then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                        .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))))
                    .catch(e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await
            .expect("run axe");
        let violations: Vec<String> = serde_json::from_value(result).unwrap_or_default();
        assert!(
            violations.is_empty(),
            "{screen}: accessibility violations: {violations:#?}"
        );
        self.keyboard_reachable(screen).await;
    }

    /// Everything a person can operate on this screen is reachable with the Tab key: every
    /// visible, enabled control is focused at some point while tabbing through the page.
    pub async fn keyboard_reachable(&self, screen: &str) {
        let count = self
            .client
            .execute(
                "const sel = 'input, select, textarea, button, a[href], [tabindex]';
                 let n = 0;
                 for (const e of document.querySelectorAll(sel)) {
                   delete e.dataset.kb;
                   const r = e.getBoundingClientRect();
                   const visible = r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden';
                   if (!visible || e.disabled || e.tabIndex < 0) continue;
                   // A group of radio buttons is one tab stop (arrow keys move inside it): the
                   // checked one, or the first when none is checked.
                   if (e.type === 'radio' && e.name) {
                     const checked = document.querySelector(`input[type=radio][name='${e.name}']:checked`);
                     const first = document.querySelector(`input[type=radio][name='${e.name}']`);
                     if (e !== (checked ?? first)) continue;
                   }
                   e.dataset.kb = String(n++);
                 }
                 if (document.activeElement) document.activeElement.blur();
                 return n;",
                vec![],
            )
            .await
            .expect("mark controls");
        let n = count.as_u64().unwrap_or(0);
        assert!(n > 0, "{screen}: no controls found to tab through");
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..(n + 3) {
            let active = self.client.active_element().await.expect("active element");
            active.send_keys("\u{E004}").await.expect("press Tab");
            let kb = self
                .client
                .execute(
                    "return document.activeElement?.dataset?.kb ?? null;",
                    vec![],
                )
                .await
                .expect("focused control");
            if let Some(k) = kb.as_str() {
                seen.insert(k.to_string());
            }
        }
        let missed: Vec<u64> = (0..n).filter(|i| !seen.contains(&i.to_string())).collect();
        if !missed.is_empty() {
            let names = self
                .client
                .execute(
                    "return arguments[0].map(i => { const e = document.querySelector(`[data-kb='${i}']`);
                       return e ? (e.dataset.testid || e.outerHTML.slice(0, 80)) : i; });",
                    vec![serde_json::json!(missed)],
                )
                .await
                .unwrap_or_default();
            panic!("{screen}: not reachable with Tab: {names}");
        }
        self.client
            .execute(
                "if (document.activeElement) document.activeElement.blur();",
                vec![],
            )
            .await
            .expect("blur");
    }

    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        if cfg!(windows) {
            end_process_tree(self.driver.id());
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        if let Some(mut x) = self.display.take() {
            let _ = x.kill();
            let _ = x.wait();
        }
    }
}

impl Drop for App {
    fn drop(&mut self) {
        // The driver's handle is still held here, so its process id cannot have gone to another
        // process even if it ended.
        if cfg!(windows) && matches!(self.driver.try_wait(), Ok(None)) {
            end_process_tree(self.driver.id());
        }
        let _ = self.driver.kill();
        if let Some(x) = self.display.as_mut() {
            let _ = x.kill();
        }
    }
}
