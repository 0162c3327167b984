//! Writing the generated site to disk. In: paths under the output folder and
//! the text or bytes to put there; out: the files, parent folders created as
//! needed. Invariant: every error names the path it failed on, so a full disk or
//! a read-only folder points at the file in question.

use std::fs;
use std::io;
use std::path::Path;

use super::png::BENCH_PNG;

/// The repository the generator was built from: its default theme is copied.
const REPO: &str = env!("CARGO_MANIFEST_DIR");

/// Adds the path to an I/O error's message.
fn at(path: &Path) -> impl FnOnce(io::Error) -> io::Error + '_ {
    move |e| io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

/// Writes `data` to `path`, creating its parent folders.
pub fn write_bytes(path: &Path, data: &[u8]) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(at(parent))?;
    }
    fs::write(path, data).map_err(at(path))
}

/// Writes UTF-8 text with `\n` line ends, as it is.
pub fn write(path: &Path, text: &str) -> io::Result<()> {
    write_bytes(path, text.as_bytes())
}

/// The repository's `templates/` folder, the default theme.
pub fn theme_dir() -> std::path::PathBuf {
    Path::new(REPO).join("templates")
}

/// Copies the folder `from` into `to`, recursively, following links (the
/// copy holds real files, as the content walk does not follow links).
pub fn copy_dir(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to).map_err(at(to))?;
    for entry in fs::read_dir(from).map_err(at(from))? {
        let source = entry.map_err(at(from))?.path();
        let target = to.join(source.file_name().unwrap_or_default());
        if fs::metadata(&source).map_err(at(&source))?.is_dir() {
            copy_dir(&source, &target)?;
        } else {
            fs::copy(&source, &target).map_err(at(&source))?;
        }
    }
    Ok(())
}

/// The static files of the Hugo and Zola sites: the default theme's style
/// sheet and icon, so all three tools serve the same bytes, and the image.
pub fn write_statics(static_dir: &Path) -> io::Result<()> {
    for name in ["style.css", "favicon.svg"] {
        let source = theme_dir().join("static").join(name);
        let data = fs::read(&source).map_err(at(&source))?;
        write_bytes(&static_dir.join(name), &data)?;
    }
    write_bytes(&static_dir.join("images").join("bench.png"), BENCH_PNG)
}
