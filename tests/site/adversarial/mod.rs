//! Bad input, faults and hostile content: broadsheet answers each with a clear
//! error (or, where the input is fine, a site), never a panic, a hang, a write
//! outside the output folder or a half-written site.
//!
//! Each test builds a fixture site in a temp folder (the `basic` fixture and
//! the default theme, as `tests/site/common.rs` does, or the real site), adds
//! the adversarial files, and checks the message a person sees and what is on
//! disk afterwards. Big inputs are generated here, not committed. The
//! fault-injection tests run the `broadsheet` binary and SIGKILL it mid-build.
//! Inputs the fuzzers (`fuzz/`) found live in `tests/fixtures/adversarial/fuzz/`
//! and are replayed by `fuzz_regressions`.

mod faults;
mod fuzz;
mod hostile;
mod limits;
mod paths;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use broadsheet::{BuildOptions, Diagnostic, Severity};

pub use crate::common::sel;
use crate::support::{copy_tree, repo};

// ---------------------------------------------------------------------------
// Helpers

/// A site in a temp folder: `TMP/site` is the root, `TMP/public` the output.
pub struct Site {
    pub tmp: tempfile::TempDir,
}

impl Site {
    /// The `basic` fixture with the default theme.
    pub fn basic() -> Site {
        let tmp = tempfile::tempdir().unwrap();
        copy_tree(&repo().join("tests/fixtures/basic"), &tmp.path().join("site"));
        copy_tree(&repo().join("templates"), &tmp.path().join("site/templates"));
        Site { tmp }
    }

    /// The real site of this repository (article, figures, photos).
    pub fn real() -> Site {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        for part in ["content", "templates"] {
            copy_tree(&repo().join(part), &root.join(part));
        }
        std::fs::copy(repo().join("config.toml"), root.join("config.toml")).unwrap();
        Site { tmp }
    }

    pub fn root(&self) -> PathBuf {
        self.tmp.path().join("site")
    }

    pub fn out(&self) -> PathBuf {
        self.tmp.path().join("public")
    }

    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root().join(rel)).unwrap()
    }

    pub fn build(&self) -> broadsheet::Result<broadsheet::Summary> {
        broadsheet::build(&BuildOptions::new(self.root()).output(self.out()))
    }

    /// Builds and expects errors: returns them, after checking that nothing
    /// was written anywhere (no output, no staging folder, sources untouched).
    /// Only the output's recycling folder `.public.prev` may change: a build
    /// that fails while rendering leaves its files there for the next one.
    pub fn fails(&self) -> Vec<Diagnostic> {
        let recycled = |s: BTreeMap<PathBuf, String>| {
            s.into_iter()
                .filter(|(p, _)| !p.starts_with(".public.prev"))
                .collect::<BTreeMap<_, _>>()
        };
        let before = recycled(snapshot(self.tmp.path()));
        let err = match self.build() {
            Ok(s) => panic!("built {} pages without an error", s.pages),
            Err(e) => e,
        };
        assert_eq!(recycled(snapshot(self.tmp.path())), before, "a failed build changed the disk");
        // What `main.rs` prints ends with the count and the promise.
        assert!(err.to_string().ends_with("found; nothing was written"), "{err}");
        let diags = err.diagnostics();
        assert!(diags.iter().any(Diagnostic::is_error), "{diags:#?}");
        diags
    }

    /// Builds and expects success.
    pub fn builds(&self) -> PathBuf {
        self.build().unwrap_or_else(|e| panic!("{e}"));
        self.out()
    }
}

/// Every path under `dir` (symlinks not followed) with a hash of its bytes, or
/// its link target.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(false).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(dir).unwrap().to_path_buf();
        let what = if entry.file_type().is_symlink() {
            format!("-> {}", std::fs::read_link(entry.path()).unwrap().display())
        } else if entry.file_type().is_file() {
            format!("{:016x}", broadsheet::text::fnv1a(&std::fs::read(entry.path()).unwrap()))
        } else {
            "dir".into()
        };
        out.insert(rel, what);
    }
    out
}

/// The one error of a code among the findings.
pub fn error<'a>(diags: &'a [Diagnostic], code: &str) -> &'a Diagnostic {
    diags
        .iter()
        .find(|d| d.code == code && d.severity == Severity::Error)
        .unwrap_or_else(|| panic!("no `{code}` error in {diags:#?}"))
}

/// Runs `f` on a thread; fails the test if it takes longer than `limit`.
pub fn within<T: Send + 'static>(
    limit: Duration,
    what: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> (T, Duration) {
    let (tx, rx) = mpsc::channel();
    let start = Instant::now();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(limit) {
        Ok(v) => (v, start.elapsed()),
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{what} took longer than {limit:?}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{what} panicked"),
    }
}

pub fn front(title: &str, rest: &str) -> String {
    format!("+++\ntitle = \"{title}\"\n{rest}+++\n")
}
