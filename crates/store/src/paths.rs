//! Where Jeopsu keeps its files inside a data directory, and how they are written safely.

use crate::error::{Result, StoreError};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The files of one installation:
/// - `jeopsu.db` (+ `-wal`, `-shm`): the SQLCipher database;
/// - `jeopsu.key`: the data key wrapped with the recovery phrase (useless without the phrase);
/// - `jeopsu.slots`: the staff key slots (useless without a password and this PC's device secret);
/// - `jeopsu.signin`: the sign-in counters (lockout), readable before the database is open.
#[derive(Debug, Clone)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    /// The data folder at `root` (nothing is created).
    pub fn new(root: impl Into<PathBuf>) -> DataDir {
        DataDir { root: root.into() }
    }
    /// The folder itself.
    pub fn root(&self) -> &Path {
        &self.root
    }
    /// `jeopsu.db`: the encrypted database.
    pub fn db_path(&self) -> PathBuf {
        self.root.join("jeopsu.db")
    }
    /// `jeopsu.key`: the data key wrapped with the recovery phrase.
    pub fn key_path(&self) -> PathBuf {
        self.root.join("jeopsu.key")
    }
    /// `jeopsu.slots`: the staff key slots.
    pub fn slots_path(&self) -> PathBuf {
        self.root.join("jeopsu.slots")
    }
    /// `jeopsu.signin`: the sign-in counters.
    pub fn signin_path(&self) -> PathBuf {
        self.root.join("jeopsu.signin")
    }
    /// The database and its WAL-mode companions, which only make sense together.
    pub fn db_files(&self) -> [PathBuf; 3] {
        [
            self.db_path(),
            self.root.join("jeopsu.db-wal"),
            self.root.join("jeopsu.db-shm"),
        ]
    }
    /// Whether the database file is there.
    pub fn has_database(&self) -> bool {
        self.db_path().exists()
    }
}

/// A database file and its WAL-mode companions (`-wal`, `-shm`).
pub fn db_files_of(db: &Path) -> [PathBuf; 3] {
    [
        db.to_path_buf(),
        with_suffix(db, "-wal"),
        with_suffix(db, "-shm"),
    ]
}

/// Removes a database and its companions, ignoring files that are not there.
pub fn remove_db_files(db: &Path) {
    for f in db_files_of(db) {
        let _ = fs::remove_file(f);
    }
}

/// `p` with `suffix` appended to its file name (`a.db` + `-wal` = `a.db-wal`).
pub fn with_suffix(p: &Path, suffix: &str) -> PathBuf {
    let mut s = p.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Where the database lives when no folder is given: the OS's per-user app-data folder
/// (Linux `~/.local/share/jeopsu`, Windows `%APPDATA%\Jeopsu\Jeopsu\data`, macOS
/// `~/Library/Application Support/kr.Jeopsu.Jeopsu`). Installers and uninstallers rely on this
/// place (installers/README.md); the CLI and the app share it. `None` without a home folder.
pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("kr", "Jeopsu", "Jeopsu").map(|p| p.data_dir().to_path_buf())
}

/// Creates `dir` (and parents), readable only by the current user where the OS has modes.
pub fn create_private_dir(dir: &Path) -> Result<()> {
    fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, e))?;
    set_private(dir, true)
}

/// Restricts a file or directory to its owner (0600 / 0700). On Windows the per-user app-data
/// folder's ACL admits only its user, SYSTEM and the administrators, and what is written in it
/// inherits that, so there is nothing to do (a test on Windows checks no other desk user's
/// group is granted anything).
pub fn set_private(path: &Path, is_dir: bool) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = if is_dir { 0o700 } else { 0o600 };
        fs::set_permissions(path, fs::Permissions::from_mode(mode))
            .map_err(|e| StoreError::io(path, e))?;
    }
    #[cfg(not(unix))]
    {
        let _ = (path, is_dir);
    }
    Ok(())
}

/// Writes `bytes` to `path` so that a crash leaves either the old file or the new one, never a
/// half-written file: write a sibling temp file, fsync it, rename it over, fsync the directory.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |f, tmp| {
        f.write_all(bytes).map_err(|e| StoreError::io(tmp, e))
    })
}

/// [`write_atomic`] for a file written piece by piece (`write` gets the temp file and its path,
/// for errors): a large file is streamed, never held in memory whole.
pub fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut fs::File, &Path) -> Result<()>,
) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let tmp = with_suffix(path, ".partial");
    let result = (|| -> Result<()> {
        let mut f = fs::File::create(&tmp).map_err(|e| StoreError::io(&tmp, e))?;
        set_private(&tmp, false)?;
        write(&mut f, &tmp)?;
        f.sync_all().map_err(|e| StoreError::io(&tmp, e))?;
        drop(f);
        fs::rename(&tmp, path).map_err(|e| StoreError::io(path, e))?;
        sync_dir(dir);
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Makes a rename durable. Best effort: not every platform can open a directory for syncing.
pub fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("f");
        write_atomic(&p, b"one").expect("first write");
        write_atomic(&p, b"two").expect("second write");
        assert_eq!(fs::read(&p).expect("read"), b"two");
        let names: Vec<_> = fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names.len(), 1, "only the file itself remains: {names:?}");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_default_data_dir_is_the_users_app_data_folder() {
        let d = default_data_dir().expect("a home folder");
        assert!(
            d.ends_with(".local/share/jeopsu") || d.ends_with("jeopsu"),
            "{}",
            d.display()
        );
    }

    /// Windows: the database lives in the user's own roaming app-data folder, whose ACL admits
    /// only that user (and the system), never in a folder other desk users can read.
    #[cfg(windows)]
    #[test]
    fn the_default_data_dir_is_under_the_users_own_app_data() {
        let d = default_data_dir().expect("a user profile");
        let appdata = std::env::var_os("APPDATA").expect("APPDATA is set for a user");
        assert!(
            d.starts_with(&appdata),
            "{} under {:?}",
            d.display(),
            appdata
        );
        assert!(d.ends_with(r"Jeopsu\Jeopsu\data"), "{}", d.display());
    }

    /// Windows has no 0600: a file written where the database lives (the user's roaming
    /// app-data folder) inherits that folder's ACL. It must grant nothing to the groups every
    /// other account on a shared desk PC is in. Read through PowerShell as SIDs, so the check
    /// holds on a Korean Windows too (group names are translated, SIDs are not).
    #[cfg(windows)]
    #[test]
    fn files_in_the_app_data_folder_admit_no_other_desk_user() {
        let appdata = std::path::PathBuf::from(std::env::var_os("APPDATA").expect("APPDATA"));
        let dir = tempfile::Builder::new()
            .prefix("jeopsu-acl-test-")
            .tempdir_in(&appdata)
            .expect("a folder under APPDATA");
        create_private_dir(&dir.path().join("data")).expect("private dir");
        let file = dir.path().join("data").join("jeopsu.key");
        write_atomic(&file, b"secret").expect("write");
        let script = format!(
            "(Get-Acl -LiteralPath '{}').Access | ForEach-Object {{ \
             $_.IdentityReference.Translate([System.Security.Principal.SecurityIdentifier]).Value }}",
            file.display().to_string().replace('\'', "''")
        );
        let out = std::process::Command::new("powershell")
            .args(["-NoProfile", "-NonInteractive", "-Command", &script])
            .output()
            .expect("powershell runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let sids: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect();
        assert!(!sids.is_empty(), "the file has an ACL");
        // Everyone, Authenticated Users, Users, Guests, Interactive.
        for other in [
            "S-1-1-0",
            "S-1-5-11",
            "S-1-5-32-545",
            "S-1-5-32-546",
            "S-1-5-4",
        ] {
            assert!(
                !sids.iter().any(|s| s == other),
                "{other} may read it: {sids:?}"
            );
        }
    }

    #[cfg(unix)]
    #[test]
    fn private_files_are_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("f");
        write_atomic(&p, b"x").expect("write");
        let mode = fs::metadata(&p).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "mode {mode:o}");
    }
}
