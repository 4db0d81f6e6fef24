//! Where a backup might go or come from, as the admin would look for it: USB sticks and other
//! removable media mounted by the desktop, then the Documents folder. A folder typed by hand is
//! always accepted too; this list only saves the admin from knowing mount paths.

use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub path: PathBuf,
    /// The volume or folder name, as the file manager shows it.
    pub label: String,
    pub removable: bool,
}

/// Which desktop's conventions apply. Chosen at compile time; the logic for every branch is
/// plain data in, paths out, so the tests run each branch on any OS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Os {
    Linux,
    Mac,
    Windows,
    Other,
}

const OS: Os = if cfg!(target_os = "linux") {
    Os::Linux
} else if cfg!(target_os = "macos") {
    Os::Mac
} else if cfg!(windows) {
    Os::Windows
} else {
    Os::Other
};

/// Candidate folders that exist right now, removable media first.
pub fn backup_places() -> Vec<Place> {
    let list = |root: &Path| -> Vec<PathBuf> {
        let Ok(entries) = std::fs::read_dir(root) else {
            return vec![];
        };
        let mut found: Vec<PathBuf> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        found.sort();
        found
    };
    let user = std::env::var_os("USER");
    let mut places: Vec<Place> = removable_volumes(OS, user.as_deref(), list, |p| p.is_dir())
        .into_iter()
        .map(|path| Place {
            label: name_of(&path),
            path,
            removable: true,
        })
        .collect();
    if let Some(docs) =
        directories::UserDirs::new().and_then(|u| u.document_dir().map(Path::to_path_buf))
        && docs.is_dir()
    {
        places.push(Place {
            label: name_of(&docs),
            path: docs,
            removable: false,
        });
    }
    places.dedup_by(|a, b| a.path == b.path);
    places
}

fn name_of(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| p.display().to_string())
}

/// Removable volumes as each desktop presents them: on Linux the folders inside
/// `/media/$USER` and `/run/media/$USER`, on macOS those inside `/Volumes`, on Windows the
/// drive letters after `C:` that exist (a USB stick gets the next free letter). `list` gives a
/// folder's subfolders, `exists` whether a drive root exists.
fn removable_volumes(
    os: Os,
    user: Option<&std::ffi::OsStr>,
    list: impl Fn(&Path) -> Vec<PathBuf>,
    exists: impl Fn(&Path) -> bool,
) -> Vec<PathBuf> {
    match os {
        Os::Linux => user
            .map(|u| {
                [Path::new("/media").join(u), Path::new("/run/media").join(u)]
                    .iter()
                    .flat_map(|root| list(root))
                    .collect()
            })
            .unwrap_or_default(),
        Os::Mac => list(Path::new("/Volumes")),
        Os::Windows => ('D'..='Z')
            .map(|d| PathBuf::from(format!("{d}:\\")))
            .filter(|p| exists(p))
            .collect(),
        Os::Other => vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Compared as paths, not strings: on Windows `join` puts a `\\` between the parts, and the
    /// tests of every OS's rule run on every OS.
    fn fake_list(root: &Path) -> Vec<PathBuf> {
        if root == Path::new("/media/kim") {
            vec![PathBuf::from("/media/kim/USB1")]
        } else if root == Path::new("/run/media/kim") {
            vec![PathBuf::from("/run/media/kim/BACKUP")]
        } else if root == Path::new("/Volumes") {
            vec![
                PathBuf::from("/Volumes/Macintosh HD"),
                PathBuf::from("/Volumes/USB"),
            ]
        } else {
            vec![]
        }
    }

    #[test]
    fn linux_lists_both_mount_roots_of_the_user() {
        let got = removable_volumes(Os::Linux, Some("kim".as_ref()), fake_list, |_| false);
        assert_eq!(
            got,
            [
                PathBuf::from("/media/kim/USB1"),
                PathBuf::from("/run/media/kim/BACKUP")
            ]
        );
        assert!(removable_volumes(Os::Linux, None, fake_list, |_| true).is_empty());
    }

    #[test]
    fn macos_lists_the_volumes() {
        let got = removable_volumes(Os::Mac, None, fake_list, |_| false);
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn windows_lists_drive_letters_after_c_that_exist() {
        let got = removable_volumes(Os::Windows, None, fake_list, |p| {
            matches!(p.to_str(), Some("C:\\") | Some("E:\\") | Some("F:\\"))
        });
        assert_eq!(got, [PathBuf::from("E:\\"), PathBuf::from("F:\\")]);
    }

    #[test]
    fn the_label_is_the_folder_name_or_the_whole_path() {
        assert_eq!(name_of(Path::new("/media/kim/USB1")), "USB1");
        assert_eq!(name_of(Path::new("/")), "/");
    }
}
