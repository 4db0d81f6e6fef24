//! Printing: the PDF goes to a private temp folder (0700; the file 0600), the system viewer opens
//! it (the person prints from there), and the folder is removed when the session locks or ends,
//! when the setup is confirmed, and when the app exits. Nothing printed stays behind.

use jeopsu_store::StoreError;
use std::path::{Path, PathBuf};

#[derive(Debug, Default)]
pub struct PrintFiles {
    dir: Option<tempfile::TempDir>,
}

impl PrintFiles {
    /// Writes `bytes` as `name` in the private print folder and returns its path.
    pub fn write(&mut self, name: &str, bytes: &[u8]) -> Result<PathBuf, StoreError> {
        if self.dir.is_none() {
            let dir = tempfile::Builder::new()
                .prefix("jeopsu-print-")
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

    /// Removes every printed file now.
    pub fn clear(&mut self) {
        if let Some(dir) = self.dir.take() {
            let _ = dir.close();
        }
    }
}

/// Opens `path` in the system's PDF viewer. `JEOPSU_PDF_VIEWER` names another program (tests
/// use a no-op one: there is no viewer under Xvfb).
pub fn open_in_viewer(path: &Path) -> Result<(), StoreError> {
    match std::env::var_os("JEOPSU_PDF_VIEWER") {
        Some(viewer) => std::process::Command::new(viewer)
            .arg(path)
            .spawn()
            .map(|_| ()),
        None => open::that_detached(path),
    }
    .map_err(|e| StoreError::io(path, e))
}

/// Writes `bytes` as `name` into a folder the staff member chose (a USB stick, Documents): the
/// folder must be an absolute path that exists. Used for copies that leave the app's care, which
/// the caller logs with their reason.
pub fn save_into(folder: &str, name: &str, bytes: &[u8]) -> Result<PathBuf, StoreError> {
    let dir = PathBuf::from(folder.trim());
    if folder.trim().is_empty() || !dir.is_absolute() || !dir.is_dir() {
        return Err(StoreError::NotFound(format!("folder {}", dir.display())));
    }
    let path = dir.join(name);
    jeopsu_store::paths::write_atomic(&path, bytes)?;
    Ok(path)
}

/// The reason a staff member gives for taking a copy out: core's one rule for reasons.
pub fn reason(text: &str) -> Result<String, StoreError> {
    jeopsu_core::field::reason("reason", text).map_err(|p| StoreError::Invalid(vec![p]))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

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
}
