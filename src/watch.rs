//! Which source changes `serve` must react to, and how much it must redo.
//!
//! [`classify`] is pure: a path relative to the site root goes in, a [`Change`]
//! comes out, the least work that brings the preview up to date. [`watch`] wires
//! it to the file system: notify on `content/`, `templates/` and the root (for
//! `config.toml`), debounced here (a quiet period of [`DEBOUNCE`]), so that one
//! save — which editors often make as a write to a temp file, a rename and a
//! chmod — arrives as one [`Batch`].
//!
//! The root is watched non-recursively rather than `config.toml` itself because
//! editors that save by renaming replace the file's inode, and a watch on the old
//! inode would go silent after the first save.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::error::{Code, Diagnostic, Error, Result};

/// How long the file system must be quiet before a batch is handed on: long
/// enough to merge an editor's write-rename-chmod (they arrive within a few
/// milliseconds), short enough to leave room for the rebuild in a 50 ms reload.
pub const DEBOUNCE: Duration = Duration::from_millis(15);

/// What a changed path means for the preview, ordered by how much must be redone:
/// a batch needs the largest of its changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// Not a source of the site (editor swap files, `.git`, `public/`, ...).
    Ignore,
    /// Only a stylesheet under `templates/static/`: pages need not be rendered again.
    Css,
    /// Markdown, data or assets under `content/`.
    Content,
    /// Templates, UI strings or non-CSS static files.
    Templates,
    /// `config.toml`: the base path may have moved too.
    Config,
    /// The watcher lost track of events (its queue overflowed): anything may
    /// have changed.
    Unknown,
}

impl Change {
    /// What a person calls this kind of change, for the terminal.
    pub fn label(self) -> &'static str {
        match self {
            Change::Ignore => "nothing",
            Change::Css => "stylesheet",
            Change::Content => "content",
            Change::Templates => "templates",
            Change::Config => "config.toml",
            Change::Unknown => "files",
        }
    }
}

/// Classifies one path, given relative to the site root.
pub fn classify(path: &Path) -> Change {
    let parts: Vec<&str> = match path
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_str(),
            // Absolute or `..` paths are not under the root: nothing of the site.
            _ => None,
        })
        .collect()
    {
        Some(parts) => parts,
        None => return Change::Ignore,
    };
    let Some(name) = parts.last() else { return Change::Ignore };
    // Hidden folders (`.git`, `.idea`) and files are skipped by the loaders too.
    if parts.iter().any(|p| p.starts_with('.')) || is_editor_temp(name) {
        return Change::Ignore;
    }
    match parts.as_slice() {
        ["config.toml"] => Change::Config,
        ["content", _, ..] => Change::Content,
        ["templates", "static", .., file] if file.ends_with(".css") => Change::Css,
        ["templates", _, ..] => Change::Templates,
        // The folders themselves (created, removed, renamed).
        ["content"] => Change::Content,
        ["templates"] => Change::Templates,
        _ => Change::Ignore,
    }
}

/// The names editors give their swap, backup and lock files, which come and go
/// while a person types and must not trigger a rebuild.
fn is_editor_temp(name: &str) -> bool {
    // vim swap files (`.swx`, `.swo` when `.swp` is taken) and its probe for a
    // writable folder; vim and emacs backups; emacs auto-saves; JetBrains safe
    // writes; the `.tmp` that many editors write and then rename.
    [".swp", ".swx", ".swo", "~", ".tmp", "___jb_tmp___", "___jb_old___"]
        .iter()
        .any(|suffix| name.ends_with(suffix))
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
}

/// The changes of one debounced burst.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    /// The largest change in the batch.
    pub change: Change,
    /// The paths that mattered, relative to the root, sorted.
    pub paths: Vec<PathBuf>,
}

impl Batch {
    /// Classifies paths relative to `root`; paths outside it are ignored.
    pub fn from_paths<'a>(root: &Path, paths: impl IntoIterator<Item = &'a Path>) -> Batch {
        let mut batch = Batch { change: Change::Ignore, paths: Vec::new() };
        for path in paths {
            let rel = path.strip_prefix(root).unwrap_or(path);
            let change = if path.starts_with(root) { classify(rel) } else { Change::Ignore };
            if change != Change::Ignore {
                batch.change = batch.change.max(change);
                batch.paths.push(rel.to_path_buf());
            }
        }
        batch.paths.sort();
        batch.paths.dedup();
        batch
    }

    /// Folds a later batch into this one (for bursts that arrive during a rebuild).
    pub fn merge(&mut self, other: Batch) {
        self.change = self.change.max(other.change);
        self.paths.extend(other.paths);
        self.paths.sort();
        self.paths.dedup();
    }
}

/// A running watch; dropping it stops watching (and its debouncing thread).
pub struct Watching {
    _watcher: RecommendedWatcher,
}

/// The longest a burst may go on before it is handed on anyway, so a long copy
/// still shows progress.
const MAX_WAIT: Duration = Duration::from_secs(1);

/// Watches the site at `root` and calls `on_batch` (on a thread of its own) for
/// every debounced burst that touches a source of the site.
pub fn watch(root: &Path, mut on_batch: impl FnMut(Batch) + Send + 'static) -> Result<Watching> {
    let root = root.canonicalize().map_err(|e| {
        watch_error(root, &e.to_string(), "check that the site folder exists (--root)")
    })?;
    let (tx, rx) = mpsc::channel::<notify::Result<Event>>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<Event>| {
        // Reading a file is an event too (inotify's OPEN): the build's own reads
        // would trigger the next build, forever.
        if !matches!(&event, Ok(e) if matches!(e.kind, EventKind::Access(_))) {
            let _ = tx.send(event);
        }
    })
    .map_err(|e| watch_error(&root, &e.to_string(), INOTIFY_HELP))?;
    watcher
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| watch_error(&root, &e.to_string(), INOTIFY_HELP))?;
    for dir in ["content", "templates"] {
        let path = root.join(dir);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| watch_error(&path, &e.to_string(), INOTIFY_HELP))?;
        }
    }
    let base = root.clone();
    std::thread::Builder::new()
        .name("broadsheet-watch".into())
        .spawn(move || {
            // Ends when the watcher is dropped, which closes the channel.
            while let Some(burst) = next_burst(&rx) {
                let batch = batch_of(&base, burst);
                if batch.change != Change::Ignore {
                    on_batch(batch);
                }
            }
        })
        .map_err(|e| watch_error(&root, &e.to_string(), "the system is out of threads"))?;
    Ok(Watching { _watcher: watcher })
}

/// Waits for an event, then gathers the ones that follow until the file system
/// has been quiet for [`DEBOUNCE`] (or [`MAX_WAIT`] has passed).
fn next_burst(rx: &mpsc::Receiver<notify::Result<Event>>) -> Option<Vec<notify::Result<Event>>> {
    let mut burst = vec![rx.recv().ok()?];
    let deadline = Instant::now() + MAX_WAIT;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Some(burst);
        }
        match rx.recv_timeout(DEBOUNCE.min(left)) {
            Ok(event) => burst.push(event),
            Err(mpsc::RecvTimeoutError::Timeout) => return Some(burst),
            Err(mpsc::RecvTimeoutError::Disconnected) => return None,
        }
    }
}

fn batch_of(root: &Path, burst: Vec<notify::Result<Event>>) -> Batch {
    let mut paths = Vec::new();
    let mut lost = false;
    for event in burst {
        match event {
            // A full queue drops events: rebuild everything rather than go stale.
            Ok(e) if e.need_rescan() => lost = true,
            Ok(e) => paths.extend(e.paths),
            Err(_) => lost = true,
        }
    }
    let mut batch = Batch::from_paths(root, paths.iter().map(PathBuf::as_path));
    if lost {
        batch.change = Change::Unknown;
    }
    batch
}

const INOTIFY_HELP: &str = "if the system ran out of watches, raise `fs.inotify.max_user_watches` \
                            (sysctl) or close other programs that watch many files";

fn watch_error(path: &Path, reason: &str, help: &str) -> Error {
    Error::one(
        Diagnostic::error(Code::Watch, format!("cannot watch `{}`: {reason}", path.display()))
            .in_file(path)
            .with_help(help),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(path: &str) -> Change {
        classify(Path::new(path))
    }

    #[test]
    fn sources_are_classified_by_folder() {
        assert_eq!(c("content/article/index.md"), Change::Content);
        assert_eq!(c("content/article/photos/p1.jpg"), Change::Content);
        assert_eq!(c("content/figures.toml"), Change::Content);
        assert_eq!(c("content"), Change::Content);
        assert_eq!(c("templates/page.html"), Change::Templates);
        assert_eq!(c("templates/i18n/en.toml"), Change::Templates);
        assert_eq!(c("templates/partials/photo.html"), Change::Templates);
        assert_eq!(c("config.toml"), Change::Config);
    }

    #[test]
    fn only_stylesheets_under_static_are_css() {
        assert_eq!(c("templates/static/style.css"), Change::Css);
        assert_eq!(c("templates/static/themes/dark.css"), Change::Css);
        assert_eq!(c("templates/static/favicon.svg"), Change::Templates);
        // A .css template outside static/ is rendered, not copied.
        assert_eq!(c("templates/print.css"), Change::Templates);
        assert_eq!(c("content/style.css"), Change::Content);
    }

    #[test]
    fn editor_temp_files_are_ignored() {
        for path in [
            "content/.index.md.swp",
            "content/index.md.swx",
            "content/index.md~",
            "content/.#index.md",
            "content/#index.md#",
            "content/4913",
            "templates/4913",
            "content/.DS_Store",
            "templates/page.html___jb_tmp___",
            "templates/static/.style.css.swp",
            "templates/base.html.tmp",
        ] {
            assert_eq!(c(path), Change::Ignore, "{path}");
        }
    }

    #[test]
    fn other_files_are_ignored() {
        for path in [
            ".git/index",
            "content/.git/HEAD",
            "public/index.html",
            "target/debug/broadsheet",
            "config.toml.bak",
            "README.md",
            "sub/config.toml",
            "../content/x.md",
            "/content/x.md",
            "",
        ] {
            assert_eq!(c(path), Change::Ignore, "{path}");
        }
    }

    #[test]
    fn a_batch_takes_its_largest_change_and_drops_the_noise() {
        let root = Path::new("/site");
        let paths =
            ["/site/templates/static/style.css", "/site/content/a.md", "/site/content/.a.md.swp"];
        let batch = Batch::from_paths(root, paths.iter().map(Path::new));
        assert_eq!(batch.change, Change::Content);
        assert_eq!(
            batch.paths,
            [PathBuf::from("content/a.md"), PathBuf::from("templates/static/style.css")]
        );
        let css = Batch::from_paths(root, [Path::new("/site/templates/static/style.css")]);
        assert_eq!(css.change, Change::Css);
        let outside = Batch::from_paths(root, [Path::new("/elsewhere/content/a.md")]);
        assert_eq!(outside.change, Change::Ignore);
    }

    #[test]
    fn merging_keeps_the_larger_change() {
        let mut a = Batch { change: Change::Css, paths: vec!["templates/static/a.css".into()] };
        a.merge(Batch { change: Change::Config, paths: vec!["config.toml".into()] });
        assert_eq!(a.change, Change::Config);
        assert_eq!(a.paths.len(), 2);
    }
}
