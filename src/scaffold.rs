//! `broadsheet new`: a complete site in a new folder, from the binary alone.
//!
//! The default theme (`templates/`) and the site skeleton (`skeleton/`: the
//! config, home, figures, photos and about pages in both languages) are built
//! into the binary from their places in the repository, so there is no second
//! copy to keep in step. [`new`] writes them out with the article's slug, title
//! and description filled in (`%SLUG%`, `%TITLE%`, `%DESCRIPTION%`), then
//! imports the article into the new site the way `broadsheet import` does.
//! Without a raw file it imports the sample extraction kept in
//! `content/source/`. Everything is written into a hidden folder beside the
//! target and renamed into place at the end: a failure leaves nothing behind.

use std::path::{Path, PathBuf};

use include_dir::{Dir, DirEntry, include_dir};

use crate::error::{Code, Diagnostic, Error, Result, io_error};
use crate::import::{self, Article};

static THEME: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/templates");
static SKELETON: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/skeleton");
static SAMPLES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/content/source");

/// What `new` is asked to make.
#[derive(Debug, Clone)]
pub struct NewOptions {
    /// The folder to create (it may exist if empty).
    pub dir: PathBuf,
    /// The raw extraction to import; the built-in sample when `None`.
    pub from: Option<PathBuf>,
    /// The article's folder under `content/`.
    pub slug: String,
    /// The article's first publication, written as its `date`.
    pub date: Option<toml::value::Datetime>,
}

/// What `new` made.
#[derive(Debug, Clone)]
pub struct Created {
    pub dir: PathBuf,
    pub article: Article,
    /// The article's files, relative to the new site.
    pub written: Vec<PathBuf>,
}

/// Creates the site.
pub fn new(opts: &NewOptions) -> Result<Created> {
    refuse_non_empty(&opts.dir)?;
    let parent = opts.dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| io_error("create the folder", parent, &e))?;
    let name =
        opts.dir.file_name().map_or_else(|| "site".into(), |n| n.to_string_lossy().into_owned());
    let work = parent.join(format!(".{name}.new-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    let made = fill(&work, opts);
    match made {
        Ok(mut created) => {
            if opts.dir.is_dir() {
                std::fs::remove_dir(&opts.dir).map_err(|e| io_error("replace", &opts.dir, &e))?;
            }
            std::fs::rename(&work, &opts.dir)
                .map_err(|e| io_error("move the new site to", &opts.dir, &e))?;
            created.dir = opts.dir.clone();
            Ok(created)
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&work);
            Err(e)
        }
    }
}

/// Writes the whole site into `work`.
fn fill(work: &Path, opts: &NewOptions) -> Result<Created> {
    let (raw_name, raw) = match &opts.from {
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|e| io_error("read", path, &e))?;
            let name = path
                .file_name()
                .map_or_else(|| "article.raw.txt".into(), |n| n.to_string_lossy().into_owned());
            (name, bytes)
        }
        None => sample()?,
    };
    // Parsed first: the skeleton needs its title, and a bad file stops here.
    let shown = opts.from.clone().unwrap_or_else(|| PathBuf::from(&raw_name));
    let text = crate::fs::decode(&raw, &shown)?;
    let article = import::parse(&text).map_err(|e| e.with_path(&shown))?;
    write_dir(&THEME, &work.join("templates"), &|bytes| bytes.to_vec())?;
    let fields = Fields::of(&article, &opts.slug);
    write_dir(&SKELETON, work, &|bytes| fields.fill(bytes))?;
    let staged = work.join(".broadsheet").join("import").join(&raw_name);
    write(&staged, &raw)?;
    let mut import = import::ImportOptions::new(&staged, work);
    import.slug = opts.slug.clone();
    import.date = opts.date;
    let report = crate::import_article(&import)?;
    let _ = std::fs::remove_dir_all(work.join(".broadsheet").join("import"));
    let written =
        report.written.iter().map(|p| p.strip_prefix(work).unwrap_or(p).to_path_buf()).collect();
    Ok(Created { dir: work.to_path_buf(), article: report.article, written })
}

/// The sample extraction built into the binary.
fn sample() -> Result<(String, Vec<u8>)> {
    SAMPLES
        .files()
        .find(|f| f.path().to_string_lossy().ends_with(".raw.txt"))
        .map(|f| (f.path().to_string_lossy().into_owned(), f.contents().to_vec()))
        .ok_or_else(|| {
            Error::one(
                Diagnostic::error(
                    Code::Usage,
                    "this broadsheet was built without a sample article",
                )
                .with_help(
                    "pass the raw extraction to start from: `broadsheet new DIR --from RAW.txt`",
                ),
            )
        })
}

/// The values the skeleton's placeholders stand for.
struct Fields {
    slug: String,
    title: String,
    description: String,
}

impl Fields {
    fn of(article: &Article, slug: &str) -> Self {
        Fields {
            slug: slug.to_string(),
            title: article.title.clone(),
            description: first_sentence(if article.lead.is_empty() {
                &article.title
            } else {
                &article.lead
            }),
        }
    }

    /// A skeleton file with its placeholders filled; TOML strings are
    /// escaped, so any title is safe in `config.toml` and front matter.
    fn fill(&self, bytes: &[u8]) -> Vec<u8> {
        let Ok(text) = std::str::from_utf8(bytes) else { return bytes.to_vec() };
        // Inside a TOML basic string ("…"): backslashes, quotes and control
        // characters escaped.
        let quoted = |s: &str| {
            s.chars().fold(String::new(), |mut out, c| {
                match c {
                    '\\' => out.push_str("\\\\"),
                    '"' => out.push_str("\\\""),
                    c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
                    c => out.push(c),
                }
                out
            })
        };
        text.replace("%SLUG%", &self.slug)
            .replace("%TITLE%", &quoted(&self.title))
            .replace("%DESCRIPTION%", &quoted(&self.description))
            .into_bytes()
    }
}

/// The first sentence of a text, at most about 120 characters.
fn first_sentence(text: &str) -> String {
    let end = text
        .char_indices()
        .find(|(_, c)| matches!(c, '。' | '！' | '？'))
        .map(|(i, c)| i + c.len_utf8());
    let sentence = end.map_or(text, |e| &text[..e]);
    if sentence.chars().count() <= 120 {
        sentence.to_string()
    } else {
        sentence.chars().take(119).chain(['…']).collect()
    }
}

/// Refuses a folder that exists and holds anything.
fn refuse_non_empty(dir: &Path) -> Result<()> {
    let Ok(mut entries) = std::fs::read_dir(dir) else {
        return if dir.exists() {
            Err(Error::one(
                Diagnostic::error(Code::Usage, format!("`{}` is not a folder", dir.display()))
                    .with_help("name a new folder for the site"),
            ))
        } else {
            Ok(())
        };
    };
    if entries.next().is_some() {
        return Err(Error::one(
            Diagnostic::error(Code::Usage, format!("`{}` is not empty", dir.display()))
                .in_file(dir)
                .with_help(
                    "name a new or empty folder; nothing in an existing site is overwritten",
                ),
        ));
    }
    Ok(())
}

/// Writes an embedded folder under `to`, each file through `convert`.
fn write_dir(dir: &Dir, to: &Path, convert: &dyn Fn(&[u8]) -> Vec<u8>) -> Result<()> {
    for entry in dir.entries() {
        match entry {
            DirEntry::Dir(d) => write_dir(d, to, convert)?,
            DirEntry::File(f) => write(&to.join(f.path()), &convert(f.contents()))?,
        }
    }
    Ok(())
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io_error("create the folder", parent, &e))?;
    }
    std::fs::write(path, bytes).map_err(|e| io_error("write", path, &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_and_quotes_escaped() {
        let fields =
            Fields {
                slug: "a".into(), title: "标题“引号”\"x\"".into(), description: "d".into()
            };
        let out =
            String::from_utf8(fields.fill(b"title = \"%TITLE%\"\nlink = \"@/%SLUG%/index.md\""))
                .unwrap();
        let parsed: toml::Table = toml::from_str(&out).unwrap();
        assert_eq!(parsed["title"].as_str(), Some("标题“引号”\"x\""));
        assert_eq!(parsed["link"].as_str(), Some("@/a/index.md"));
    }

    #[test]
    fn the_description_is_the_first_sentence() {
        assert_eq!(
            first_sentence("一年春作首，万事行为先。如何跑好？"),
            "一年春作首，万事行为先。"
        );
        assert_eq!(first_sentence(&"长".repeat(300)).chars().count(), 120);
    }

    #[test]
    fn the_theme_and_skeleton_are_built_in() {
        assert!(THEME.get_file("base.html").is_some());
        assert!(SKELETON.get_file("config.toml").is_some());
        assert!(SKELETON.get_file("content/_index.md").is_some());
    }
}
