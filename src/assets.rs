//! Files published as they are, or nearly: the theme's static files, the
//! content's assets, and the resized copies of each photo.
//!
//! In: the model, the theme and the site root. Out: files in the [`Sink`].
//! Copies and resizes run on both cores. Resizing is the slow part, so each
//! copy is kept under `.broadsheet/photos/` in the site root, named by a hash
//! of the original's bytes, the width and this binary's version: a rebuild
//! never resizes the same photo twice, and an edited photo is never served
//! from an old copy. The cache is only ever a shortcut: when it cannot be read
//! or written, the copy is made afresh.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Code, Diagnostic, io_error};
use crate::output::Sink;
use crate::photos::{self, PhotoFile, Variant};
use crate::site::Site;
use crate::templates::Templates;

/// The folder under the site root where broadsheet keeps what it can remake.
pub const CACHE_DIR: &str = ".broadsheet";

/// Writes every static file, content asset and photo copy; returns the problems.
pub fn write(site: &Site, templates: &Templates, root: &Path, sink: &dyn Sink) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for s in &templates.statics {
        if let Err(e) = sink.write(&s.out, &s.bytes) {
            problems.extend(e.diagnostics());
        }
    }
    problems.par_extend(site.assets.par_iter().filter_map(|asset| {
        let bytes = match std::fs::read(&asset.source) {
            Ok(b) => b,
            Err(e) => return Some(io_error("read", &asset.source, &e).diagnostics().remove(0)),
        };
        sink.write(&asset.rel, &bytes).err().map(|e| e.diagnostics().remove(0))
    }));
    let cache = root.join(CACHE_DIR).join("photos");
    let variants: Vec<(&PhotoFile, &Variant)> = site
        .photos
        .iter()
        .filter_map(|p| p.file.as_ref())
        .flat_map(|f| f.variants.iter().map(move |v| (f, v)))
        .collect();
    problems.par_extend(variants.par_iter().filter_map(|(file, variant)| {
        match resized(file, variant.width, &cache) {
            Ok(bytes) => sink.write(&variant.rel, &bytes).err().map(|e| e.diagnostics().remove(0)),
            Err(e) => Some(
                Diagnostic::error(
                    Code::PhotoUnreadable,
                    format!("cannot resize `{}`: {e}", file.source.display()),
                )
                .in_file(&file.source)
                .with_help("save the photo again as a regular JPEG, PNG or WebP file"),
            ),
        }
    }));
    problems
}

/// A resized copy of a photo, from the cache when it holds one.
fn resized(file: &PhotoFile, width: u32, cache: &Path) -> Result<Vec<u8>, String> {
    let original = std::fs::read(&file.source).map_err(|e| e.to_string())?;
    let path = cache_path(cache, &original, width, &file.source);
    if let Ok(bytes) = std::fs::read(&path) {
        return Ok(bytes);
    }
    let bytes = photos::resize(file, width)?;
    keep(&path, &bytes);
    Ok(bytes)
}

fn cache_path(cache: &Path, original: &[u8], width: u32, source: &Path) -> PathBuf {
    let mut key = original.to_vec();
    key.extend_from_slice(env!("CARGO_PKG_VERSION").as_bytes());
    let ext = source.extension().and_then(|e| e.to_str()).unwrap_or("img");
    cache.join(format!("{:016x}-{width}w.{ext}", crate::text::fnv1a(&key)))
}

/// Stores a copy for the next build; a cache that cannot be written is skipped.
pub(crate) fn keep(path: &Path, bytes: &[u8]) {
    let Some(dir) = path.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    // Written aside and renamed, so a killed build never leaves half a copy.
    // Named per process and per call: threads of one build may keep the same file.
    static CALLS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = path.with_extension(format!("tmp{}-{n}", std::process::id()));
    if std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, path).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_key_follows_the_bytes_and_the_width() {
        let dir = Path::new("/c");
        let a = cache_path(dir, b"one", 480, Path::new("p.jpg"));
        assert_eq!(a, cache_path(dir, b"one", 480, Path::new("q.jpg")));
        assert_ne!(a, cache_path(dir, b"two", 480, Path::new("p.jpg")));
        assert_ne!(a, cache_path(dir, b"one", 960, Path::new("p.jpg")));
        assert!(a.to_string_lossy().ends_with("-480w.jpg"));
    }
}
