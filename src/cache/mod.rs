//! The build cache: what the last build wrote, so the next one renders only what changed.
//!
//! Kept as `.broadsheet/build.bin` in the site root, beside the other caches. It
//! records two trees: the output folder the last build swapped in, and the previous
//! site kept beside it, which the next build recycles as its staging folder (see
//! [`crate::output`]). For each, the [`Fingerprints`] of the build that wrote it and
//! the folder's identity (device and inode), so a folder replaced, removed or
//! written by a build that kept no record is not trusted. The record is keyed by
//! the binary, the build options, the share cards and the output path; under any
//! other key everything is rendered. A record that does not parse is ignored with a
//! warning and replaced. The cache trusts the output folder to hold what the last
//! build wrote: after editing files in it by hand, build with `--no-cache`.
//!
//! Beside it, [`memos`] keeps what loading the site need not work out again.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

mod memos;

pub use memos::{read_memos, write_memos};

use crate::error::{Code, Diagnostic};
use crate::incremental::Fingerprints;

/// The record's file, under the site's cache folder.
const FILE: &str = "build.bin";

/// Bumped when the meaning or the encoding of a cache file changes.
const FORMAT: u32 = 3;

/// One tree of output files and what wrote it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Tree {
    /// Device and inode of the folder.
    folder: (u64, u64),
    shared: u64,
    pages: HashMap<String, u64>,
    /// The tree's files other than the pages' `index.html`, sorted.
    others: Vec<String>,
}

impl Tree {
    /// Every file of the tree, site-relative.
    fn files(&self) -> std::collections::HashSet<String> {
        let pages = self.pages.keys().map(|rel| format!("{rel}index.html"));
        pages.chain(self.others.iter().cloned()).collect()
    }
}

/// What the last build left, as `.broadsheet/build.bin` holds it (in
/// [`postcard`], as every cache file: it reads in a fraction of JSON's time,
/// which a site of tens of thousands of pages pays on every build).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    format: u32,
    key: String,
    output: Tree,
    prev: Option<Tree>,
}

/// What a build may keep of the last one instead of rendering.
#[derive(Debug, Default)]
pub struct Plan {
    /// Output folders (`en/article/`) of pages whose file in the output folder is
    /// what this build would render.
    pub unchanged: std::collections::HashSet<String>,
    /// Of those, the ones the staging folder already holds as they are.
    pub in_staging: std::collections::HashSet<String>,
    /// Whether what every page shows of the others is as the output shows it,
    /// so that the files of the site as a whole can be kept too.
    pub shared_same: bool,
    /// Every file the staging folder holds, when the record describes it.
    pub staged_files: Option<std::collections::HashSet<String>>,
}

/// The record's path in the site at `root`.
pub fn path(root: &Path) -> PathBuf {
    cache_file(root, FILE)
}

/// A file of the site's cache folder.
fn cache_file(root: &Path, name: &str) -> PathBuf {
    root.join(crate::assets::CACHE_DIR).join(name)
}

/// Reads the record, if there is one made under `key`. A record that does not
/// parse is reported and ignored; one under another key is silently stale.
pub fn read(root: &Path, key: &str) -> (Option<Record>, Vec<Diagnostic>) {
    let path = path(root);
    let Ok(bytes) = std::fs::read(&path) else { return (None, Vec::new()) };
    match decode::<Record>(&bytes, key) {
        Ok(record) => (record, Vec::new()),
        Err(e) => (None, vec![unreadable(&path, &e)]),
    }
}

/// Decodes a cache file, which opens with the format and what it was made under
/// (the binary, or the record's key): `None` when either differs, as such a file
/// is stale whatever its layout; an error when it does not decode.
fn decode<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
    made_under: &str,
) -> Result<Option<T>, postcard::Error> {
    let ((format, under), _) = postcard::take_from_bytes::<(u32, String)>(bytes)?;
    if format != FORMAT || under != made_under {
        return Ok(None);
    }
    postcard::from_bytes(bytes).map(Some)
}

/// What of the last build this one can keep: the pages whose fingerprints match
/// the output folder's, and of those the ones the staging folder holds too.
pub fn plan(record: &Record, now: &Fingerprints, output: &Path, staging: &Path) -> Plan {
    let mut plan = Plan::default();
    if folder_id(output) != Some(record.output.folder) {
        return plan;
    }
    plan.shared_same = record.output.shared == now.shared;
    let same = |tree: &Tree, rel: &String, hash: &u64| {
        tree.shared == now.shared && tree.pages.get(rel) == Some(hash)
    };
    let staged = record.prev.as_ref().filter(|t| folder_id(staging) == Some(t.folder));
    plan.staged_files = staged.map(Tree::files);
    for (rel, hash) in &now.pages {
        if same(&record.output, rel, hash) {
            plan.unchanged.insert(rel.clone());
            if staged.is_some_and(|t| same(t, rel, hash)) {
                plan.in_staging.insert(rel.clone());
            }
        }
    }
    plan
}

/// The record of a build about to be committed: `staging` becomes the output
/// and the current output (which `last` described, if it still does) the kept
/// previous tree.
pub fn record(
    key: String,
    now: Fingerprints,
    last: Option<Record>,
    output: &Path,
    staging: &crate::output::Staging,
) -> Option<Record> {
    let folder = folder_id(staging.dir())?;
    let output_id = folder_id(output);
    let prev = last.map(|r| r.output).filter(|t| Some(t.folder) == output_id);
    let is_page =
        |f: &str| f.strip_suffix("index.html").is_some_and(|rel| now.pages.contains_key(rel));
    let others = staging.written_but(is_page);
    let output = Tree { folder, shared: now.shared, pages: now.pages, others };
    Some(Record { format: FORMAT, key, output, prev })
}

/// Writes the record. A failure costs only the next build's speed, so it is a
/// warning.
pub fn write(root: &Path, record: &Record) -> Option<Diagnostic> {
    save(&path(root), &postcard::to_stdvec(record).unwrap_or_default())
}

/// Removes the record. Done before a build writes into the recycled tree, so
/// that a build that fails there, or one that keeps no record, leaves none that
/// describes folders whose contents it changed.
pub fn remove(root: &Path) -> Option<Diagnostic> {
    match std::fs::remove_file(path(root)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Some(
            Diagnostic::warning(
                Code::BuildCache,
                format!("the build cache cannot be removed: {e}"),
            )
            .in_file(path(root))
            .with_help("delete it by hand: a later build could trust it"),
        ),
        _ => None,
    }
}

fn unreadable(path: &Path, e: &postcard::Error) -> Diagnostic {
    Diagnostic::warning(
        Code::BuildCache,
        format!("the build cache does not read ({e}); rendering every page"),
    )
    .in_file(path)
    .with_help("nothing to do: this build replaces it")
}

/// Writes `bytes` to `path` through a temporary file, so a reader never sees half
/// of it.
fn save(path: &Path, bytes: &[u8]) -> Option<Diagnostic> {
    let tmp = path.with_extension(format!("bin.{}", std::process::id()));
    let result = path
        .parent()
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(&tmp, bytes))
        .and_then(|()| std::fs::rename(&tmp, path));
    result.err().map(|e| {
        let _ = std::fs::remove_file(&tmp);
        Diagnostic::warning(Code::BuildCache, format!("the build cache was not saved: {e}"))
            .in_file(path)
            .with_help("the next build renders every page; check that the folder is writable")
    })
}

/// What identifies the binary: its version, size and modification time (looked
/// up once per process: every cache file is checked against it).
fn binary() -> &'static str {
    static BINARY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    BINARY.get_or_init(|| {
        let file = std::env::current_exe()
            .and_then(std::fs::metadata)
            .map(|m| format!("{} {:?}", m.len(), m.modified().ok()))
            .unwrap_or_default();
        format!("{} {file}", env!("CARGO_PKG_VERSION"))
    })
}

/// The key a record must be made under: what decides a page's bytes beyond its
/// fingerprints. `options` is the build's options, `cards` the share cards' paths
/// and sizes.
pub fn key(options: &str, cards: &[(&str, usize)], output: &Path) -> String {
    let cards: Vec<String> = cards.iter().map(|(rel, len)| format!("{rel}:{len}")).collect();
    format!(
        "{} | {options} | {} | {}",
        binary(),
        cards.join(","),
        std::path::absolute(output).unwrap_or_else(|_| output.to_path_buf()).display()
    )
}

/// A folder's device and inode, `None` when it is not there.
#[cfg(unix)]
fn folder_id(dir: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::symlink_metadata(dir).ok().filter(|m| m.is_dir()).map(|m| (m.dev(), m.ino()))
}

/// Without inodes no folder can be recognised, so every build renders everything.
#[cfg(not(unix))]
fn folder_id(_: &Path) -> Option<(u64, u64)> {
    None
}
