//! A corrected extraction of an article already in the site: merged onto the
//! editors' work instead of replacing it.
//!
//! Every import keeps what it wrote, byte for byte, as the article's *import
//! base* in `content/source/<slug>.base/` (`index.md` or `index.<lang>.md`,
//! `photos.toml`, and `figures.toml` when the figures were drafted). A later
//! import of the same slug merges three versions of each of those files with
//! [`crate::translate::merge`]: the base, the file as editors left it (ours)
//! and the new import (theirs). Units only the correction changed take it,
//! units only editors changed keep the edit, units both changed are conflicts:
//! with [`Decide::Ask`] nothing is written and every conflict is reported.
//! `--force` replaces the article but first copies the editors' files to
//! `content/source/<slug>.backup-N/`. Nothing under `content/source/` is ever
//! published. The English translation needs nothing here: its records name
//! the Chinese units it was made from, so a merged correction shows as stale.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Code, Diagnostic, Error, Result, io_error};
use crate::figures::draft;
use crate::import::{self, Article, ImportOptions, ImportReport, MarkdownOptions};
use crate::translate::merge::{self, Conflict, Decide, MergeError, Versions};

/// The files an import writes for an article, by their names in its folder.
fn page_name(opts: &ImportOptions) -> String {
    if opts.lang == opts.default_lang {
        "index.md".into()
    } else {
        format!("index.{}.md", opts.lang)
    }
}

/// `content/source/<slug>.base/`: the article exactly as last imported.
pub fn base_dir(root: &Path, slug: &str) -> PathBuf {
    root.join("content/source").join(format!("{slug}.base"))
}

/// Whether `import` should merge: the page exists and its import base too.
pub fn can_merge(opts: &ImportOptions) -> bool {
    let name = page_name(opts);
    opts.root.join("content").join(&opts.slug).join(&name).is_file()
        && base_dir(&opts.root, &opts.slug).join(&name).is_file()
}

/// Records what an import just wrote as the article's import base.
pub fn keep_base(opts: &ImportOptions, written: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let dir = base_dir(&opts.root, &opts.slug);
    let folder = opts.root.join("content").join(&opts.slug);
    let mut kept = Vec::new();
    for path in written.iter().filter(|p| p.parent() == Some(folder.as_path())) {
        let Some(name) = path.file_name() else { continue };
        let text = fs::read(path).map_err(|e| io_error("read", path, &e))?;
        let to = dir.join(name);
        write(&to, &text)?;
        kept.push(to);
    }
    Ok(kept)
}

/// Copies the article's current files to a new `content/source/<slug>.backup-N/`.
pub fn back_up(opts: &ImportOptions) -> Result<Option<PathBuf>> {
    let folder = opts.root.join("content").join(&opts.slug);
    let names = [page_name(opts), "photos.toml".into(), "figures.toml".into()];
    let present: Vec<&String> = names.iter().filter(|n| folder.join(n).is_file()).collect();
    if present.is_empty() {
        return Ok(None);
    }
    let source = opts.root.join("content/source");
    let dir = (1..)
        .map(|n| source.join(format!("{}.backup-{n}", opts.slug)))
        .find(|d| !d.exists())
        .expect("an unused backup number");
    for name in present {
        let from = folder.join(name);
        let text = fs::read(&from).map_err(|e| io_error("read", &from, &e))?;
        write(&dir.join(name), &text)?;
    }
    Ok(Some(dir))
}

/// One file of the article in its three versions.
struct Three {
    /// Where the merged text goes (`content/<slug>/index.md`).
    path: PathBuf,
    /// As the site names it in messages (`content/article/index.md`).
    shown: PathBuf,
    base: String,
    ours: String,
    theirs: String,
    data: bool,
}

/// Merges a corrected extraction onto the article (see the module docs).
pub fn run(opts: &ImportOptions, decide: Decide) -> Result<ImportReport> {
    let article = import::parse_file(&opts.raw)?;
    let raw_name = raw_name(&opts.raw)?;
    let files = three_versions(opts, &article, &raw_name)?;
    let mut merged = Vec::new();
    let mut conflicts = Vec::new();
    for f in &files {
        let v = Versions { base: &f.base, ours: &f.ours, theirs: &f.theirs };
        let result = if f.data {
            merge::merge_data(&f.shown, v, decide)
        } else {
            merge::merge_page(&f.shown, v, decide)
        };
        match result {
            Ok(m) => merged.push(m.text),
            Err(MergeError::Conflicts(list)) => conflicts.extend(list),
            Err(e @ MergeError::Invalid { .. }) => {
                return Err(Error::one(Diagnostic::error(Code::Import, e.to_string()).with_help(
                    "fix the file so it reads, or import again with --force (a backup is kept)",
                )));
            }
        }
    }
    if !conflicts.is_empty() {
        return Err(Error::Site(conflicts.iter().map(conflict_diagnostic).collect()));
    }
    let mut written = copy_raw(opts, &raw_name)?;
    for (f, text) in files.iter().zip(&merged) {
        if fs::read_to_string(&f.path).ok().as_deref() != Some(text.as_str()) {
            write(&f.path, text.as_bytes())?;
            written.push(f.path.clone());
        }
        write(&base_dir(&opts.root, &opts.slug).join(name_of(&f.path)), f.theirs.as_bytes())?;
    }
    Ok(ImportReport { written, article })
}

/// The base, edited and newly imported text of each file that has a base and
/// still exists (a file editors deleted stays deleted).
fn three_versions(opts: &ImportOptions, article: &Article, raw_name: &str) -> Result<Vec<Three>> {
    let folder = opts.root.join("content").join(&opts.slug);
    let base = base_dir(&opts.root, &opts.slug);
    let read = |p: &Path| fs::read_to_string(p).map_err(|e| io_error("read", p, &e));
    let mut out = Vec::new();
    let page = page_name(opts);
    let markdown = MarkdownOptions {
        source: format!("source/{raw_name}"),
        date: opts.date,
        ..Default::default()
    };
    let mut names = vec![(page, false), ("photos.toml".to_string(), true)];
    if opts.lang == opts.default_lang {
        names.push(("figures.toml".into(), true));
    }
    for (name, data) in names {
        let (path, at_base) = (folder.join(&name), base.join(&name));
        if !path.is_file() || !at_base.is_file() {
            continue;
        }
        let base_text = read(&at_base)?;
        let theirs = match name.as_str() {
            "photos.toml" => import::photos_toml(article, &opts.lang, Some(&base_text))
                .map_err(|e| e.with_path(&at_base))?,
            "figures.toml" => draft::to_toml(&draft::draft(article), &opts.default_lang),
            _ => import::to_markdown(article, &markdown),
        };
        let shown = Path::new("content").join(&opts.slug).join(&name);
        out.push(Three { ours: read(&path)?, path, shown, base: base_text, theirs, data });
    }
    Ok(out)
}

fn conflict_diagnostic(c: &Conflict) -> Diagnostic {
    let show =
        |s: &Option<String>| s.as_deref().map_or("(deleted)".into(), |s| s.replace('\n', " "));
    Diagnostic::error(
        Code::MergeConflict,
        format!(
            "the {} was changed both here and by the new import\n  edited: {}\n  import: {}\n  before: {}",
            c.what,
            show(&c.ours),
            show(&c.theirs),
            show(&c.base)
        ),
    )
    .in_file(&c.file)
    .at_line(c.line, 1)
    .with_help("merge it by hand, or import again with --ours (keep the edit) or --theirs (take the import)")
}

fn raw_name(raw: &Path) -> Result<String> {
    raw.file_name().map(|n| n.to_string_lossy().into_owned()).ok_or_else(|| {
        Error::one(
            Diagnostic::error(Code::Import, format!("`{}` is not a file", raw.display()))
                .with_help("name the corrected raw file, such as `corrected.raw.txt`"),
        )
    })
}

/// The corrected extraction, kept under `content/source/` like the first one.
fn copy_raw(opts: &ImportOptions, raw_name: &str) -> Result<Vec<PathBuf>> {
    let bytes = fs::read(&opts.raw).map_err(|e| io_error("read", &opts.raw, &e))?;
    let to = opts.root.join("content/source").join(raw_name);
    if fs::read(&to).ok().as_deref() == Some(bytes.as_slice()) {
        return Ok(Vec::new());
    }
    write(&to, &bytes)?;
    Ok(vec![to])
}

fn name_of(path: &Path) -> &std::ffi::OsStr {
    path.file_name().unwrap_or_default()
}

/// Writes through a temporary file in the same folder, renamed into place.
fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| io_error("create", dir, &e))?;
    let tmp = dir.join(format!(".{}.tmp", name_of(path).to_string_lossy()));
    fs::write(&tmp, bytes).map_err(|e| io_error("write", &tmp, &e))?;
    fs::rename(&tmp, path).map_err(|e| io_error("write", path, &e))
}
