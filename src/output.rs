//! Writing the site: a staging folder next to the output, swapped in when complete.
//!
//! Files are written into `.NAME.staging-PID/` beside the output folder (same
//! file system, so the swap is a rename). Only when every file is written does
//! [`Staging::commit`] exchange it with the old output in one atomic
//! `renameat2(RENAME_EXCHANGE)` (two renames where the kernel lacks it), then
//! delete the old tree. A failed or killed build leaves the previous output as it
//! was; the next build removes stale staging folders.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::{Diagnostic, Error, Result, io_error};

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
pub struct Staging {
    dir: PathBuf,
    output: PathBuf,
    committed: bool,
}

const STAGING_MARK: &str = ".staging-";

impl Staging {
    /// Creates a fresh staging folder for `output` and removes stale ones left by
    /// killed builds.
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
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| io_error("remove", &dir, &e))?;
        }
        std::fs::create_dir(&dir).map_err(|e| io_error("create the staging folder", &dir, &e))?;
        Ok(Staging { dir, output, committed: false })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Swaps the staging folder in as the output.
    pub fn commit(mut self) -> Result<()> {
        if self.output.exists() {
            exchange(&self.dir, &self.output)?;
            // The old site is now at the staging path.
            let _ = std::fs::remove_dir_all(&self.dir);
        } else {
            std::fs::rename(&self.dir, &self.output)
                .map_err(|e| io_error("move the new site to", &self.output, &e))?;
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

impl Sink for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        if rel.starts_with('/')
            || rel.contains(['\\', '\0'])
            || rel.split('/').any(|p| p == ".." || p == ".")
        {
            return Err(Error::one(Diagnostic::error(
                "path",
                format!("refusing to write `{rel}` outside the output folder"),
            )));
        }
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| io_error("create the folder", parent, &e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| io_error("write", &path, &e))
    }
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
    Error::one(Diagnostic::error("path", format!("`{}` contains a NUL byte", p.display())))
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
        let left: Vec<_> =
            std::fs::read_dir(tmp.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(left, [std::ffi::OsString::from("public")]);
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
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn writes_outside_are_refused() {
        let tmp = tempfile::tempdir().unwrap();
        let s = Staging::create(&tmp.path().join("public")).unwrap();
        assert!(s.write("../evil", b"x").is_err());
        assert!(s.write("/etc/evil", b"x").is_err());
    }
}
