//! Printing: the PDF goes to a private temp folder (0700; the file 0600), the system viewer opens
//! it (the person prints from there), and the folder is removed when the session locks or ends,
//! when the setup is confirmed, and when the app exits. Nothing printed stays behind.

use jeopsu_store::StoreError;
use std::path::{Path, PathBuf};

#[derive(Debug, Default)]
pub struct PrintFiles {
    dir: Option<tempfile::TempDir>,
    /// Print folders that could not be removed yet (a viewer still holds a file open, as
    /// Windows does): tried again at every clear, and swept at the next start.
    stuck: Vec<PathBuf>,
}

/// The prefix of every print folder in the system's temp folder.
const PREFIX: &str = "jeopsu-print-";

/// Removes print folders a crash or a power cut left behind (older than `older_than`, so another
/// Jeopsu running now keeps its own). Returns the folders that could not be removed, to report.
pub fn sweep_stale_in(base: &Path, older_than: std::time::Duration) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(base) else {
        return vec![];
    };
    let mut failed = vec![];
    for e in entries.filter_map(|e| e.ok()) {
        if !e.file_name().to_string_lossy().starts_with(PREFIX) {
            continue;
        }
        let old = e
            .metadata()
            .ok()
            .and_then(|m| m.modified().ok())
            .and_then(|m| m.elapsed().ok())
            .is_some_and(|age| age >= older_than);
        if old && remove_with_retries(&e.path()).is_err() {
            failed.push(e.path());
        }
    }
    failed
}

/// At start-up: the system temp folder's stale print folders go; what cannot be removed is
/// reported on stderr (it is tried again at the next start).
pub fn sweep_stale() {
    for p in sweep_stale_in(&std::env::temp_dir(), std::time::Duration::from_secs(600)) {
        eprintln!(
            "jeopsu: could not remove the old print folder {}",
            p.display()
        );
    }
}

/// Removes a folder, trying again a few times (a viewer may still hold a file for a moment).
fn remove_with_retries(dir: &Path) -> std::io::Result<()> {
    let mut last = Ok(());
    for attempt in 0..3 {
        if attempt > 0 {
            std::thread::sleep(std::time::Duration::from_millis(150));
        }
        last = match std::fs::remove_dir_all(dir) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            other => other,
        };
        if last.is_ok() {
            return Ok(());
        }
    }
    last
}

impl PrintFiles {
    /// Writes `bytes` as `name` in the private print folder and returns its path.
    pub fn write(&mut self, name: &str, bytes: &[u8]) -> Result<PathBuf, StoreError> {
        if self.dir.is_none() {
            let dir = tempfile::Builder::new()
                .prefix(PREFIX)
                .tempdir()
                .map_err(|e| StoreError::io(&std::env::temp_dir(), e))?;
            jeopsu_store::paths::set_private(dir.path(), true)?;
            self.dir = Some(dir);
        }
        let dir = self
            .dir
            .as_ref()
            .map(|d| d.path().to_path_buf())
            .unwrap_or_default();
        let path = dir.join(name);
        jeopsu_store::paths::write_atomic(&path, bytes)?;
        Ok(path)
    }

    /// Removes every printed file now, trying again when a file is still held open. A folder
    /// that cannot be removed is kept to try again (at the next clear and the next start) and
    /// reported on stderr: never silently left behind.
    pub fn clear(&mut self) {
        if let Some(dir) = self.dir.take() {
            self.stuck.push(dir.keep());
        }
        let stuck = std::mem::take(&mut self.stuck);
        for p in stuck {
            if let Err(e) = remove_with_retries(&p) {
                eprintln!(
                    "jeopsu: could not remove the print folder {}: {e}",
                    p.display()
                );
                self.stuck.push(p);
            }
        }
    }
}

/// Prints `paper`: written into the private print folder (removed on lock and exit) and
/// opened in the viewer. Returns where it was written.
pub fn print(
    prints: &mut PrintFiles,
    paper: &jeopsu_api::papers::Paper,
) -> Result<String, StoreError> {
    let path = prints.write(&paper.file_name, &paper.bytes)?;
    open_in_viewer(&path)?;
    Ok(path.display().to_string())
}

/// The folder a staff member chose to save a copy into (a USB stick, Documents): an absolute
/// path to an existing folder. Checked before anything is made or logged; copies saved there
/// leave the app's care, and the use case that made them logged them with their reason.
pub fn chosen_folder(folder: &str) -> Result<PathBuf, StoreError> {
    let dir = PathBuf::from(folder.trim());
    if folder.trim().is_empty() || !dir.is_absolute() || !dir.is_dir() {
        return Err(StoreError::not_found(
            jeopsu_store::Thing::Folder,
            dir.display(),
        ));
    }
    Ok(dir)
}

/// Saves `paper` into `folder` (checked by [`chosen_folder`]). Returns where it was written.
pub fn save(folder: &Path, paper: &jeopsu_api::papers::Paper) -> Result<String, StoreError> {
    let path = folder.join(&paper.file_name);
    jeopsu_store::paths::write_atomic(&path, &paper.bytes)?;
    Ok(path.display().to_string())
}

/// Opens `path` in the system's PDF viewer. `JEOPSU_PDF_VIEWER` names another program (tests
/// use a no-op one: there is no viewer under Xvfb).
pub fn open_in_viewer(path: &Path) -> Result<(), StoreError> {
    match std::env::var_os("JEOPSU_PDF_VIEWER") {
        Some(viewer) => spawn_reaped(&viewer, path).map(|_| ()),
        None => open::that_detached(path),
    }
    .map_err(|e| StoreError::io(path, e))
}

/// Starts `program path` and waits for it on a thread of its own, so a program that exits is
/// reaped, not left a zombie for the app's lifetime (`open` detaches the system viewer itself).
/// Returns its process id.
fn spawn_reaped(program: &std::ffi::OsStr, path: &Path) -> std::io::Result<u32> {
    let mut child = std::process::Command::new(program).arg(path).spawn()?;
    let id = child.id();
    std::thread::spawn(move || child.wait());
    Ok(id)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// A test viewer that exits at once is reaped: after a few seconds its process is gone, not
    /// a zombie (`Z` in `/proc/<pid>/stat`) kept until the app exits.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_viewer_that_exits_is_reaped_not_left_a_zombie() {
        let pid = spawn_reaped(std::ffi::OsStr::new("true"), Path::new("x.pdf")).unwrap();
        let stat = format!("/proc/{pid}/stat");
        let gone = (0..100).any(|_| {
            std::thread::sleep(std::time::Duration::from_millis(50));
            !Path::new(&stat).exists()
        });
        let state = std::fs::read_to_string(&stat).unwrap_or_default();
        assert!(gone, "process {pid} still there: {state}");
    }

    #[cfg(unix)]
    #[test]
    fn printed_files_are_private_and_removed_on_clear() {
        use std::os::unix::fs::PermissionsExt;
        let mut p = PrintFiles::default();
        let path = p.write("sheet.pdf", b"%PDF-1.7").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600, "file");
        assert_eq!(mode(path.parent().unwrap()), 0o700, "folder");
        p.clear();
        assert!(
            !path.exists() && !path.parent().unwrap().exists(),
            "gone after clear"
        );
    }

    /// A print folder a crash left behind goes at the next start; a recent one (another Jeopsu
    /// printing now) and other folders stay. (Ages are set by the threshold, not by changing a
    /// folder's time: Windows cannot open a folder as a file to set it.)
    #[test]
    fn stale_print_folders_are_swept_at_start() {
        let base = tempfile::tempdir().unwrap();
        let left = base.path().join("jeopsu-print-left");
        std::fs::create_dir(&left).unwrap();
        std::fs::write(left.join("consent.pdf"), b"%PDF").unwrap();
        let other = base.path().join("someone-else");
        std::fs::create_dir(&other).unwrap();
        let hour = std::time::Duration::from_secs(3600);
        assert!(sweep_stale_in(base.path(), hour).is_empty());
        assert!(left.exists(), "younger than the threshold: kept");
        assert!(sweep_stale_in(base.path(), std::time::Duration::ZERO).is_empty());
        assert!(!left.exists(), "older than the threshold: gone");
        assert!(other.exists(), "not a print folder: never touched");
    }

    /// Windows: a PDF viewer holds the file open without letting it be deleted. The folder is
    /// kept, tried again at the next clear, and goes once the viewer lets go.
    #[cfg(windows)]
    #[test]
    fn a_pdf_held_open_by_a_viewer_is_removed_once_it_is_let_go() {
        use std::os::windows::fs::OpenOptionsExt;
        let mut prints = PrintFiles::default();
        let path = prints.write("동의서 사본.pdf", b"%PDF-1.7").unwrap();
        // FILE_SHARE_READ only (0x1), as a viewer opens it: no delete while it is open.
        let held = std::fs::OpenOptions::new()
            .read(true)
            .share_mode(0x1)
            .open(&path)
            .unwrap();
        prints.clear();
        assert!(path.exists(), "held open: not removed");
        assert_eq!(prints.stuck.len(), 1, "kept to try again");
        drop(held);
        prints.clear();
        assert!(!path.exists() && !path.parent().unwrap().exists());
        assert!(prints.stuck.is_empty());
    }
}
