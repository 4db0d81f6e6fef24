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

/// Candidate folders that exist right now, removable media first.
pub fn backup_places() -> Vec<Place> {
    let mut places = vec![];
    for root in removable_roots() {
        let Ok(entries) = std::fs::read_dir(&root) else {
            continue;
        };
        let mut found: Vec<PathBuf> = entries
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        found.sort();
        places.extend(found.into_iter().map(|path| Place {
            label: name_of(&path),
            path,
            removable: true,
        }));
    }
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

/// Where desktops mount removable media for the current user.
fn removable_roots() -> Vec<PathBuf> {
    let mut roots = vec![];
    if cfg!(target_os = "linux") {
        if let Some(user) = std::env::var_os("USER") {
            roots.push(Path::new("/media").join(&user));
            roots.push(Path::new("/run/media").join(&user));
        }
    } else if cfg!(target_os = "macos") {
        roots.push(PathBuf::from("/Volumes"));
    }
    roots
}
