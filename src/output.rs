//! Writing the site: a staging folder next to the output, swapped in when complete.
//!
//! Files are written into `.NAME.staging-PID/` beside the output folder (same
//! file system, so the swap is a rename). Only when every file is written does
//! [`Staging::commit`] exchange it with the old output in one atomic
//! `renameat2(RENAME_EXCHANGE)` (two renames where the kernel lacks it). The old
//! tree is kept as `.NAME.prev` and recycled by the next build, which rewrites
//! only what changed. A failed or killed build leaves the previous output as it
//! was; the next build removes stale staging folders.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Code, Diagnostic, Error, Result, io_error};

/// Where rendered files go: a staging folder, memory (serve) or nowhere (check).
pub trait Sink: Sync {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()>;
}

/// Discards everything (for `check`).
pub struct Discard;

impl Sink for Discard {
    fn write(&self, _: &str, _: &[u8]) -> Result<()> {
        Ok(())
    }
}

/// Keeps every file in memory (for `serve` and tests).
#[derive(Default)]
pub struct Memory {
    pub files: Mutex<std::collections::BTreeMap<String, Vec<u8>>>,
}

impl Sink for Memory {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_string(), bytes.to_vec());
        Ok(())
    }
}

/// A staging folder that becomes the output on commit.
///
/// The folder is recycled: after a swap the previous site is kept as
/// `.NAME.prev` and the next build writes over it, skipping files whose bytes
/// are unchanged and deleting what it did not write. Creating and deleting a
/// whole tree of inodes on every build is what a file system is slowest at
/// (ext4 scans for recently freed inodes); rewriting files in place is not.
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    /// Where the previous site is kept between builds.
    prev: PathBuf,
    /// Site-relative paths written by this build.
    written: Mutex<std::collections::HashSet<String>>,
    /// What the folder held before this build wrote to it.
    before: Before,
    committed: bool,
}

/// What a staging folder held when the build claimed it.
enum Before {
    /// Nothing: it was made new.
    Nothing,
    /// An earlier site, whose files are found by walking it.
    Unknown,
    /// An earlier site whose files the build cache recorded.
    Files(std::collections::HashSet<String>),
}

const STAGING_MARK: &str = ".staging-";

impl Staging {
    /// Claims a staging folder for `output` (the kept previous site when there
    /// is one, else a new folder) and removes stale ones left by killed builds.
    pub fn create(output: &Path) -> Result<Staging> {
        let output = absolute(output);
        let parent = output.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."));
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        std::fs::create_dir_all(&parent).map_err(|e| io_error("create the folder", &parent, &e))?;
        remove_stale(&parent, &name);
        let dir = parent.join(format!(".{name}{STAGING_MARK}{}", std::process::id()));
        let prev = parent.join(format!(".{name}.prev"));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| io_error("remove", &dir, &e))?;
        }
        // Renaming claims the kept tree atomically: two builds cannot both get it.
        let reused = prev.is_dir() && std::fs::rename(&prev, &dir).is_ok();
        if !reused {
            std::fs::create_dir(&dir)
                .map_err(|e| io_error("create the staging folder", &dir, &e))?;
        }
        let before = if reused { Before::Unknown } else { Before::Nothing };
        Ok(Staging { dir, output, prev, written: Mutex::default(), before, committed: false })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Tells a recycled folder's files (site-relative), as the build cache
    /// recorded them: commit then removes those not written again without
    /// walking the folder.
    pub fn held(&mut self, files: std::collections::HashSet<String>) {
        if !matches!(self.before, Before::Nothing) {
            self.before = Before::Files(files);
        }
    }

    /// The files written so far that `is_page` does not name.
    pub fn written_but(&self, is_page: impl Fn(&str) -> bool) -> Vec<String> {
        let written = self.written.lock().unwrap_or_else(|e| e.into_inner());
        let mut others: Vec<String> = written.iter().filter(|f| !is_page(f)).cloned().collect();
        others.sort_unstable();
        others
    }

    /// Removes what an earlier site left in the recycled folder and this build
    /// did not write, then swaps the staging folder in as the output.
    pub fn commit(mut self) -> Result<()> {
        let written = std::mem::take(&mut *self.written.lock().unwrap_or_else(|e| e.into_inner()));
        match &self.before {
            Before::Nothing => {}
            Before::Unknown => {
                prune(&self.dir, &self.dir, &written)?;
            }
            // Anything unexpected in the folder (a file turned folder): walk it.
            Before::Files(files) => {
                if remove_unwritten(&self.dir, files, &written).is_err() {
                    prune(&self.dir, &self.dir, &written)?;
                }
            }
        }
        if self.output.exists() {
            exchange(&self.dir, &self.output)?;
            // The old site is now at the staging path: keep it for the next build.
            if std::fs::rename(&self.dir, &self.prev).is_err() {
                let _ = std::fs::remove_dir_all(&self.dir);
            }
        } else {
            std::fs::rename(&self.dir, &self.output)
                .map_err(|e| io_error("move the new site to", &self.output, &e))?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    /// A failed build leaves its half-written tree to be recycled, never where a
    /// host would pick it up; the output is untouched either way.
    fn drop(&mut self) {
        if !self.committed && std::fs::rename(&self.dir, &self.prev).is_err() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

impl Staging {
    /// Keeps `rel` as the output folder `from` holds it, instead of writing it
    /// anew: nothing to do when `staged` (the recycled tree holds it as it is),
    /// else a copy. Returns false when it cannot be kept, and then it must be
    /// written.
    pub fn keep(&self, rel: &str, from: &Path, staged: bool) -> bool {
        let path = self.dir.join(rel);
        let kept = if staged && path.is_file() {
            true
        } else {
            if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
                let _ = std::fs::remove_dir_all(&path);
            }
            path.parent().is_none_or(|p| make_dirs(p).is_ok())
                && std::fs::copy(from.join(rel), &path).is_ok()
        };
        if kept {
            self.written.lock().unwrap_or_else(|e| e.into_inner()).insert(rel.to_string());
        }
        kept
    }

    /// Whether this build wrote or kept `rel`.
    pub fn wrote(&self, rel: &str) -> bool {
        self.written.lock().unwrap_or_else(|e| e.into_inner()).contains(rel)
    }
}

impl Sink for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        if rel.is_empty()
            || rel.starts_with('/')
            || rel.contains(['\\', '\0'])
            || rel.split('/').any(|p| p == ".." || p == "." || p.is_empty())
        {
            return Err(Error::one(Diagnostic::error(
                Code::Path,
                format!("refusing to write `{rel}` outside the output folder"),
            )));
        }
        let path = self.dir.join(rel);
        self.written.lock().unwrap_or_else(|e| e.into_inner()).insert(rel.to_string());
        // A folder made for this build holds only what it wrote: nothing to look at.
        let recycled = !matches!(self.before, Before::Nothing);
        let found = if recycled { std::fs::symlink_metadata(&path).ok() } else { None };
        match found {
            // Unchanged since the recycled build: nothing to write.
            Some(meta)
                if meta.is_file()
                    && meta.len() == bytes.len() as u64
                    && std::fs::read(&path).is_ok_and(|old| old == bytes) =>
            {
                return Ok(());
            }
            Some(meta) if meta.is_file() => {}
            Some(meta) if meta.is_dir() => {
                std::fs::remove_dir_all(&path).map_err(|e| io_error("replace", &path, &e))?;
            }
            Some(meta) if !meta.is_file() => {
                std::fs::remove_file(&path).map_err(|e| io_error("replace", &path, &e))?;
            }
            _ => {}
        }
        if let Some(parent) = path.parent() {
            make_dirs(parent)?;
        }
        std::fs::write(&path, bytes).map_err(|e| io_error("write", &path, &e))
    }
}

/// `create_dir_all`, except that a file standing where a folder must be (left by
/// an earlier site) is removed first.
fn make_dirs(dir: &Path) -> Result<()> {
    let Err(first) = std::fs::create_dir_all(dir) else { return Ok(()) };
    let mut blocker = dir.to_path_buf();
    loop {
        if std::fs::symlink_metadata(&blocker).is_ok_and(|m| !m.is_dir()) {
            std::fs::remove_file(&blocker).map_err(|e| io_error("replace", &blocker, &e))?;
            return std::fs::create_dir_all(dir)
                .map_err(|e| io_error("create the folder", dir, &e));
        }
        if !blocker.pop() || blocker.as_os_str().is_empty() {
            return Err(io_error("create the folder", dir, &first));
        }
    }
}

/// Deletes every file under `dir` that is not in `keep` (site-relative), and the
/// folders left empty. Returns whether `dir` itself is now empty.
fn prune(root: &Path, dir: &Path, keep: &std::collections::HashSet<String>) -> Result<bool> {
    use rayon::prelude::*;
    let entries = std::fs::read_dir(dir).map_err(|e| io_error("read", dir, &e))?;
    let mut folders = Vec::new();
    let mut empty = true;
    for entry in entries {
        let entry = entry.map_err(|e| io_error("read", dir, &e))?;
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| io_error("read", &path, &e))?;
        if kind.is_dir() {
            folders.push(path);
            continue;
        }
        let rel = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
        if keep.contains(&rel) {
            empty = false;
        } else {
            std::fs::remove_file(&path).map_err(|e| io_error("remove", &path, &e))?;
        }
    }
    // A site is mostly folders of one page each: they are walked in parallel.
    let kept: Vec<bool> = folders
        .par_iter()
        .map(|path| {
            let empty = prune(root, path, keep)?;
            if empty {
                std::fs::remove_dir(path).map_err(|e| io_error("remove", path, &e))?;
            }
            Ok(!empty)
        })
        .collect::<Result<_>>()?;
    Ok(empty && !kept.contains(&true))
}

/// Removes the files of `held` that are not `written`, and the folders that
/// leaves empty.
fn remove_unwritten(
    root: &Path,
    held: &std::collections::HashSet<String>,
    written: &std::collections::HashSet<String>,
) -> Result<()> {
    for rel in held.iter().filter(|f| !written.contains(*f)) {
        let path = root.join(rel);
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(io_error("remove", &path, &e));
            }
            _ => {}
        }
        let mut dir = path.parent();
        while let Some(d) = dir.filter(|d| *d != root) {
            if std::fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
    Ok(())
}

fn absolute(p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir().map(|d| d.join(p)).unwrap_or_else(|_| p.to_path_buf())
    }
}

/// Removes `.NAME.staging-PID` folders whose process is gone.
fn remove_stale(parent: &Path, name: &str) {
    let prefix = format!(".{name}{STAGING_MARK}");
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(pid) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else { continue };
        let alive = pid
            .parse::<u32>()
            .is_ok_and(|p| p != std::process::id() && Path::new(&format!("/proc/{p}")).exists());
        if !alive {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes()).map_err(|_| bad_path(a))?;
    let cb = CString::new(b.as_os_str().as_bytes()).map_err(|_| bad_path(b))?;
    // SAFETY: both are valid NUL-terminated paths; renameat2 does not keep them.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if rc == 0 {
        return Ok(());
    }
    let err = std::io::Error::last_os_error();
    match err.raw_os_error() {
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP) => exchange_by_renames(a, b),
        _ => Err(io_error("swap the new site into", b, &err)),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(a: &Path, b: &Path) -> Result<()> {
    exchange_by_renames(a, b)
}

/// Two renames: the output is missing for an instant, but never half-written.
fn exchange_by_renames(staging: &Path, output: &Path) -> Result<()> {
    let old = staging.with_extension("old");
    std::fs::rename(output, &old)
        .map_err(|e| io_error("move the old site away from", output, &e))?;
    if let Err(e) = std::fs::rename(staging, output) {
        let _ = std::fs::rename(&old, output);
        return Err(io_error("move the new site to", output, &e));
    }
    std::fs::rename(&old, staging).map_err(|e| io_error("clean up", &old, &e))
}

#[cfg(target_os = "linux")]
fn bad_path(p: &Path) -> Error {
    Error::one(Diagnostic::error(Code::Path, format!("`{}` contains a NUL byte", p.display())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_swaps_and_cleans_up() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("old.html"), "old").unwrap();
        let stale = tmp.path().join(".public.staging-999999999");
        std::fs::create_dir(&stale).unwrap();
        let s = Staging::create(&out).unwrap();
        assert!(!stale.exists(), "stale staging folder removed");
        s.write("a/index.html", b"new").unwrap();
        s.commit().unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "new");
        assert!(!out.join("old.html").exists());
        let mut left: Vec<_> =
            std::fs::read_dir(tmp.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        left.sort();
        // The previous site is kept aside, to be recycled by the next build.
        assert_eq!(
            left,
            [std::ffi::OsString::from(".public.prev"), std::ffi::OsString::from("public")]
        );
        assert!(tmp.path().join(".public.prev/old.html").exists());

        // The next build recycles it: stale files go, unchanged ones stay.
        let s = Staging::create(&out).unwrap();
        assert!(!tmp.path().join(".public.prev").exists());
        s.write("a/index.html", b"newer").unwrap();
        s.write("b.html", b"b").unwrap();
        s.commit().unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "newer");
        assert!(!out.join("old.html").exists(), "a file the build did not write is gone");
        assert_eq!(std::fs::read_to_string(out.join("b.html")).unwrap(), "b");
    }

    #[test]
    fn dropped_staging_leaves_output_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("keep.html"), "keep").unwrap();
        {
            let s = Staging::create(&out).unwrap();
            s.write("x.html", b"x").unwrap();
        }
        assert_eq!(std::fs::read_to_string(out.join("keep.html")).unwrap(), "keep");
        // Nothing half-written is left where a host could pick it up.
        let names: Vec<_> =
            std::fs::read_dir(tmp.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert!(!names.iter().any(|n| n.to_string_lossy().contains("staging")), "{names:?}");
    }

    #[test]
    fn writes_outside_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let s = Staging::create(&tmp.path().join("public")).unwrap();
        assert!(s.write("../evil", b"x").is_err());
        assert!(s.write("/etc/evil", b"x").is_err());
    }
}
