//! `content/` → [`Source`]s.
//!
//! Walks the content folder in sorted order (so output is deterministic), reads
//! each Markdown file, splits and parses its `+++` TOML front matter, and takes the
//! language from the file name (`index.en.md` is English, `index.md` the default
//! language). Other files are assets, copied as they are. The only I/O is reading;
//! every error names the file and, for front matter, the line and column.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::config::{Config, Lang};
use crate::error::{Code, Diagnostic, Error, Result, toml_diagnostic};
use crate::fs::{decode, read_limited, read_text};

/// Front matter keys, as editors write them.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub date: Option<toml::value::Datetime>,
    /// When the article was last changed in substance, if after `date`.
    #[serde(default)]
    pub updated: Option<toml::value::Datetime>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub weight: i64,
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub template: Option<String>,
    #[serde(default)]
    pub extra: toml::Table,
}

impl FrontMatter {
    /// A text of `[extra]` (`kicker`, `lead`), when it is one.
    pub fn extra_str(&self, key: &str) -> Option<&str> {
        self.extra.get(key).and_then(|v| v.as_str())
    }
}

/// Whether a source is a section (`_index.md`, a folder with a listing) or a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Section,
    Page,
}

/// One Markdown file, read and split, not yet rendered.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path relative to `content/`, as written (`article/index.en.md`).
    pub path: PathBuf,
    /// The translation key: the path without the language (`article/index.md`).
    /// Internal links (`@/article/index.md`) name this.
    pub key: String,
    pub lang: Lang,
    pub kind: Kind,
    pub front: FrontMatter,
    /// The whole file (after BOM removal and CRLF normalisation), for messages.
    pub text: String,
    /// [`crate::text::digest`] of `text`, for the caches.
    pub digest: u128,
    /// Byte offset of the body in `text`.
    pub body_start: usize,
    /// Where the front matter (with its fences) ends in `text`: where the body
    /// starts, but in a page made from another's source.
    pub front_end: usize,
    /// Site-relative folder of the output, without language prefix (`article/`,
    /// `` for the home page).
    pub rel_dir: String,
}

impl Source {
    fn new(rel: &Path, at: Placement, front: FrontMatter, text: String, body_start: usize) -> Self {
        let Placement { key, lang, kind, rel_dir } = at;
        let digest = crate::text::digest(text.as_bytes());
        let path = rel.to_path_buf();
        let front_end = body_start;
        Source { path, key, lang, kind, front, text, digest, body_start, front_end, rel_dir }
    }

    pub fn body(&self) -> &str {
        &self.text[self.body_start..]
    }

    /// The front matter as written, fences included.
    pub fn front_text(&self) -> &str {
        &self.text[..self.front_end]
    }

    /// The display path for messages: `content/article/index.md`.
    pub fn display_path(&self) -> PathBuf {
        Path::new("content").join(&self.path)
    }

    /// The folder the file lies in, relative to `content/` (`article`, or ``):
    /// where its photos and figures are.
    pub fn folder(&self) -> &str {
        self.key.rsplit_once('/').map_or("", |(dir, _)| dir)
    }
}

/// A file under `content/` that is not Markdown, copied to the output as is.
#[derive(Debug, Clone)]
pub struct Asset {
    pub source: PathBuf,
    /// Site-relative output path (`article/photos/photo-1.jpg`).
    pub rel: String,
}

/// Everything read from `content/`.
#[derive(Debug, Default)]
pub struct Content {
    pub sources: Vec<Source>,
    pub assets: Vec<Asset>,
    /// Data files (`*.toml`), in walk order.
    pub data: Vec<DataFile>,
}

/// A `*.toml` file under `content/` (`article/photos.toml`), read and decoded.
#[derive(Debug, Clone)]
pub struct DataFile {
    /// Path relative to `content/`.
    pub rel: PathBuf,
    pub text: String,
}

impl DataFile {
    /// The display path for messages: `content/article/photos.toml`.
    pub fn display_path(&self) -> PathBuf {
        Path::new("content").join(&self.rel)
    }

    /// The folder it lies in, relative to `content/` (`article`, or ``).
    pub fn dir(&self) -> String {
        self.rel.parent().and_then(Path::to_str).unwrap_or("").replace('\\', "/")
    }

    pub fn file_name(&self) -> Option<&str> {
        self.rel.file_name().and_then(|n| n.to_str())
    }
}

/// Where a Markdown file goes: worked out from its path and front matter.
struct Placement {
    key: String,
    lang: Lang,
    kind: Kind,
    rel_dir: String,
}

/// Folders under `content/` that hold material for tools, not the site.
const NOT_PUBLISHED: &[&str] = &["source"];

/// Sources read before, by path under `content/`, that are known to be
/// unchanged since (`serve` knows which files changed): taken as they are.
/// Keyed by the path as text, which hashes faster than a `Path` (component by
/// component).
pub type Known = std::collections::HashMap<String, Source>;

/// Reads every file under `root/content`, but for the Markdown files `known`
/// holds. Returns the content and every problem
/// found, so an editor sees every broken file at once. A Markdown file whose
/// front matter does not parse is still kept (with empty front matter) so that
/// links to it and its anchors do not turn into a cascade of other errors; the
/// caller stops on the error before anything is published.
pub fn load(root: &Path, config: &Config, mut known: Known) -> Result<(Content, Vec<Diagnostic>)> {
    let dir = root.join("content");
    if !dir.is_dir() {
        return Err(Error::one(
            Diagnostic::error(Code::Content, format!("no content folder at `{}`", dir.display()))
                .with_help(
                    "create `content/` with an `_index.md`, or pass --root to the site's folder",
                ),
        ));
    }
    let mut content = Content::default();
    let mut errors = Vec::new();
    let mut markdown: Vec<(PathBuf, PathBuf, Option<Source>)> = Vec::new();
    for found in walk(&dir) {
        match found {
            Found::Markdown { path, rel } => {
                let source = rel.to_str().and_then(|r| known.remove(r));
                markdown.push((path, rel, source));
            }
            Found::Data { path, rel } => match read_text(&path, &Path::new("content").join(&rel)) {
                Ok(text) => content.data.push(DataFile { rel, text }),
                Err(e) => errors.extend(e.diagnostics()),
            },
            Found::Asset(asset) => content.assets.push(asset),
            Found::Problem(d) => errors.push(d),
        }
    }
    // Reading and parsing are independent per file: both cores, walk order kept.
    let parsed: Vec<(Option<Source>, Vec<Diagnostic>)> = markdown
        .into_par_iter()
        .map(|(path, rel, known)| match known {
            Some(source) => (Some(source), Vec::new()),
            None => match read_source(&path, &rel, config) {
                Ok(source) => (Some(source), Vec::new()),
                Err(e) => (fallback_source(&path, &rel, config), e.diagnostics()),
            },
        })
        .collect();
    for (source, diagnostics) in parsed {
        content.sources.extend(source);
        errors.extend(diagnostics);
    }
    Ok((content, errors))
}

/// What the walk of `content/` finds, file by file.
enum Found {
    Markdown { path: PathBuf, rel: PathBuf },
    Data { path: PathBuf, rel: PathBuf },
    Asset(Asset),
    Problem(Diagnostic),
}

/// Every file under `dir`, sorted by name; hidden and temporary files, tool
/// folders and symbolic links are left out (a link is reported).
fn walk(dir: &Path) -> impl Iterator<Item = Found> + '_ {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| !is_hidden_or_temp(e.file_name().to_str().unwrap_or("")))
        .filter_map(move |entry| match entry {
            Ok(entry) => classify_entry(dir, &entry),
            Err(e) => {
                let path = e.path().map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
                Some(Found::Problem(
                    Diagnostic::error(Code::Io, format!("cannot read `{}`: {e}", path.display()))
                        .in_file(&path),
                ))
            }
        })
}

fn classify_entry(dir: &Path, entry: &walkdir::DirEntry) -> Option<Found> {
    let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
    // Messages name the file as the editor sees it; made only for one.
    let shown = || Path::new("content").join(rel);
    if entry.file_type().is_symlink() {
        return Some(Found::Problem(
            Diagnostic::error(
                Code::Symlink,
                format!("`content/{}` is a symbolic link; links are not followed", rel.display()),
            )
            .in_file(shown())
            .with_help("replace the link with the file or folder itself"),
        ));
    }
    let unpublished =
        rel.components().next().is_some_and(|c| NOT_PUBLISHED.iter().any(|n| c.as_os_str() == *n));
    if !entry.file_type().is_file() || unpublished {
        return None;
    }
    let Some(rel_str) = rel.to_str() else {
        return Some(Found::Problem(
            Diagnostic::error(
                Code::Path,
                format!("`{}` has a name that is not UTF-8", rel.display()),
            )
            .in_file(shown())
            .with_help("rename the file using UTF-8 characters"),
        ));
    };
    let path = entry.path().to_path_buf();
    Some(match rel.extension().and_then(|e| e.to_str()) {
        Some("md") => Found::Markdown { path, rel: rel.to_path_buf() },
        Some("toml") => Found::Data { path, rel: rel.to_path_buf() },
        _ => Found::Asset(Asset { source: path, rel: rel_str.replace('\\', "/") }),
    })
}

/// A stand-in for a file whose front matter is broken: same key, language and
/// body, default front matter. `None` when even that is impossible.
fn fallback_source(path: &Path, rel: &Path, config: &Config) -> Option<Source> {
    // A file too large to read stands in with an empty body, one that is not
    // UTF-8 with its readable text, so that links to it do not fail too.
    let bytes = read_limited(path, rel).unwrap_or_default();
    let text = decode(&bytes, rel)
        .unwrap_or_else(|_| String::from_utf8_lossy(&bytes).replace(['\0', '\r'], ""));
    let body_start = split_front_matter(&text).map_or(0, |f| f.body);
    let front = FrontMatter::default();
    let at = classify(rel, config, &front).ok()?;
    Some(Source::new(rel, at, front, text, body_start))
}

fn is_hidden_or_temp(name: &str) -> bool {
    (name.starts_with('.') && name != ".")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name.starts_with("#")
}

/// Reads one Markdown file into a [`Source`].
pub fn read_source(path: &Path, rel: &Path, config: &Config) -> Result<Source> {
    let text = read_text(path, &Path::new("content").join(rel))?;
    parse_source(text, rel, config)
}

/// Splits and parses an already decoded file. Pure.
pub fn parse_source(text: String, rel: &Path, config: &Config) -> Result<Source> {
    let display = Path::new("content").join(rel);
    let Fences { toml: front_range, body: body_start } = split_front_matter(&text).ok_or_else(|| {
        Error::one(
            Diagnostic::error(Code::FrontMatter, "missing front matter")
                .in_file(&display)
                .at_offset(&text, 0, text.lines().next().map_or(1, str::len))
                .with_help("start the file with a `+++` line, TOML keys such as `title = \"...\"`, and another `+++` line"),
        )
    })?;
    let front: FrontMatter = toml::from_str(&text[front_range.clone()])
        .map_err(|e| Error::one(toml_diagnostic(&e, &display, &text, front_range.start)))?;
    let at = classify(rel, config, &front).map_err(|message| {
        Error::one(
            Diagnostic::error(Code::Path, message)
                .in_file(&display)
                .with_help("use file names like `name.md`, `name.en.md`, `name/index.md` or `_index.md`, and slugs without `/` or `..`"),
        )
    })?;
    Ok(Source::new(rel, at, front, text, body_start))
}

/// Where a page's `+++` front matter is: the TOML's byte range and where the body starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fences {
    pub toml: std::ops::Range<usize>,
    pub body: usize,
}

/// Finds the front matter: a first line `+++` and the next line `+++`.
pub fn split_front_matter(text: &str) -> Option<Fences> {
    let first = text.lines().next()?;
    if first.trim_end() != "+++" {
        return None;
    }
    let start = first.len() + 1;
    let mut offset = start;
    for line in text.get(start..)?.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            return Some(Fences { toml: start..offset, body: offset + line.len() });
        }
        offset += line.len();
    }
    None
}

/// Works out the translation key, language, kind and output folder of a file.
fn classify(
    rel: &Path,
    config: &Config,
    front: &FrontMatter,
) -> std::result::Result<Placement, String> {
    let rel_str = rel.to_str().ok_or("the path is not UTF-8")?.replace('\\', "/");
    let (dir, file) = match rel_str.rsplit_once('/') {
        Some((d, f)) => (d.to_string(), f.to_string()),
        None => (String::new(), rel_str.clone()),
    };
    let stem = file.strip_suffix(".md").ok_or("not a Markdown file")?;
    let named = stem.rsplit_once('.').map(|(s, l)| (s, l, config.lang(l)));
    let (stem, lang) = match named {
        Some((s, _, Some(lang))) => (s.to_string(), lang),
        Some((_, l, None)) if l.len() <= 3 && l.chars().all(|c| c.is_ascii_lowercase()) => {
            return Err(format!(
                "`{file}` names the language `{l}`, which is not in config.toml's [languages]"
            ));
        }
        _ => (stem.to_string(), Lang::DEFAULT),
    };
    for part in dir.split('/').filter(|p| !p.is_empty()) {
        check_segment(part)?;
    }
    let key = if dir.is_empty() { format!("{stem}.md") } else { format!("{dir}/{stem}.md") };
    let kind = if stem == "_index" { Kind::Section } else { Kind::Page };
    let mut out_dir = match stem.as_str() {
        "_index" | "index" => dir.clone(),
        _ if dir.is_empty() => stem.clone(),
        _ => format!("{dir}/{stem}"),
    };
    if let Some(slug) = &front.slug {
        check_segment(slug)?;
        if kind == Kind::Section || out_dir.is_empty() {
            return Err("`slug` cannot rename a section or the home page; rename its folder".into());
        }
        out_dir = match out_dir.rsplit_once('/') {
            Some((parent, _)) => format!("{parent}/{slug}"),
            None => slug.clone(),
        };
    }
    let rel_dir = if out_dir.is_empty() { String::new() } else { format!("{out_dir}/") };
    Ok(Placement { key, lang, kind, rel_dir })
}

fn check_segment(s: &str) -> std::result::Result<(), String> {
    if s.is_empty()
        || s == "."
        || s == ".."
        || s.contains(['/', '\\', '\0', '?', '#', '%'])
        || s.chars().any(char::is_control)
        || s.starts_with(char::is_whitespace)
        || s.ends_with(char::is_whitespace)
    {
        return Err(format!("`{s}` cannot be part of a URL path"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::parse(
            "base_url = \"https://e.org/\"\ndefault_language = \"zh\"\n[languages.zh]\ntitle = \"站\"\n[languages.en]\ntitle = \"S\"\n",
            Path::new("config.toml"),
        )
        .unwrap()
    }

    fn parse(text: &str, rel: &str) -> Result<Source> {
        parse_source(text.to_string(), Path::new(rel), &config())
    }

    #[test]
    fn language_and_key_come_from_the_file_name() {
        let s = parse("+++\ntitle = \"A\"\n+++\nbody", "article/index.en.md").unwrap();
        assert_eq!(
            (config().code(s.lang), s.key.as_str(), s.rel_dir.as_str()),
            ("en", "article/index.md", "article/")
        );
        assert_eq!(s.body(), "body");
        let s = parse("+++\n+++\n", "about.md").unwrap();
        assert_eq!(
            (config().code(s.lang), s.key.as_str(), s.rel_dir.as_str()),
            ("zh", "about.md", "about/")
        );
        let s = parse("+++\n+++\n", "_index.en.md").unwrap();
        assert_eq!((s.kind, s.rel_dir.as_str()), (Kind::Section, ""));
    }

    #[test]
    fn unknown_front_matter_key_points_at_its_line() {
        let err = parse("+++\ntitle = \"A\"\ntitel = \"B\"\n+++\n", "a.md").unwrap_err();
        let d = &err.diagnostics()[0];
        assert_eq!(d.message, "unknown key `titel`");
        assert_eq!((d.line, d.column), (Some(3), Some(1)));
        assert_eq!(d.path.as_deref(), Some(Path::new("content/a.md")));
        assert!(d.help.as_deref().unwrap().starts_with("did you mean `title`?"));
    }

    #[test]
    fn slug_with_dots_is_refused() {
        let err = parse("+++\nslug = \"..\"\n+++\n", "a.md").unwrap_err();
        assert!(err.to_string().contains("cannot be part of a URL path"), "{err}");
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let text = decode(b"\xEF\xBB\xBF+++\r\ntitle = \"A\"\r\n+++\r\nx\r\ny", Path::new("a.md"))
            .unwrap();
        let s = parse_source(text, Path::new("a.md"), &config()).unwrap();
        assert_eq!(s.front.title, "A");
        assert_eq!(s.body(), "x\ny");
    }
}
