//! Helpers every test binary needs: where the repository is, copying a
//! fixture (a folder or one file) into a temp site, a copy of the default site.

#![allow(dead_code, reason = "each test binary uses some of these helpers, not all")]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a file or a whole folder to `to`, creating parent folders.
pub fn copy_tree(from: &Path, to: &Path) {
    if from.is_file() {
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(from, to).unwrap();
        return;
    }
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

/// A temp copy of the default site (config, content, templates): the temp
/// folder, which removes it when dropped, and the site root inside it.
pub fn default_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    for part in ["config.toml", "content", "templates"] {
        copy_tree(&repo().join(part), &root.join(part));
    }
    (dir, root)
}

/// Every file under `dir`, by its path relative to `base`, in path order.
pub fn files_under(dir: &Path, base: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(base).unwrap().to_string_lossy().into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}
