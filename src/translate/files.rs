//! The file side of `broadsheet translate`: reading a page's files, and
//! writing skeletons and records atomically.
//!
//! In: the site root and a page (see [`super::pages`]). Out: page statuses,
//! and the files `start` and `accept` write. Every write goes to a hidden
//! temporary file in the same folder (which the content walk skips) and is
//! renamed over the old file, so no reader ever sees half a file. Every error
//! names the file and says what to do.

use std::fmt;
use std::path::{Path, PathBuf};

use super::data::{FIGURES, PHOTOS};
use super::pages::{Languages, PageRef, resolve, translations};
use super::record::{self, Record};
use super::report::{PageStatus, slashed};
use super::skeleton::{self, Existing};
use super::status::{UnitState, accepted_entries, compose};
use super::units::{Origin, PageText, Unit, UnitsError, page_units};

/// What went wrong, for people.
#[derive(Debug)]
pub enum TranslateError {
    /// The command cannot be done as asked.
    Usage {
        message: String,
        help: String,
    },
    /// A file cannot be read into units.
    File {
        file: PathBuf,
        line: usize,
        message: String,
        help: String,
    },
    Io {
        file: PathBuf,
        action: &'static str,
        error: std::io::Error,
    },
}

impl fmt::Display for TranslateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TranslateError::Usage { message, help } => write!(f, "{message}\n  = help: {help}"),
            TranslateError::File { file, line, message, help } => {
                write!(f, "{message}\n --> {}:{line}\n  = help: {help}", slashed(file))
            }
            TranslateError::Io { file, action, error } => {
                write!(f, "cannot {action} `{}`: {error}", slashed(file))
            }
        }
    }
}

impl std::error::Error for TranslateError {}

pub(super) fn usage(message: impl Into<String>, help: impl Into<String>) -> TranslateError {
    TranslateError::Usage { message: message.into(), help: help.into() }
}

/// Reads a text file as the site does: UTF-8, BOM dropped, CRLF as LF.
pub fn read(root: &Path, rel: &Path) -> Result<String, TranslateError> {
    let bytes = std::fs::read(root.join(rel)).map_err(|error| TranslateError::Io {
        file: rel.to_path_buf(),
        action: "read",
        error,
    })?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| TranslateError::File {
        file: rel.to_path_buf(),
        line: bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() + 1,
        message: format!("`{}` is not valid UTF-8", slashed(rel)),
        help: "save the file as UTF-8 in your editor".into(),
    })?;
    Ok(text.replace("\r\n", "\n"))
}

fn read_optional(root: &Path, rel: &Path) -> Result<Option<String>, TranslateError> {
    if root.join(rel).is_file() { read(root, rel).map(Some) } else { Ok(None) }
}

/// Writes a file atomically: a hidden temporary file beside it, then a rename.
pub fn write_atomic(root: &Path, rel: &Path, text: &str) -> Result<(), TranslateError> {
    use std::io::Write;
    let path = root.join(rel);
    let err = |action, error| TranslateError::Io { file: rel.to_path_buf(), action, error };
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    let written = std::fs::File::create(&tmp).and_then(|mut f| {
        f.write_all(text.as_bytes())?;
        f.sync_all()
    });
    if let Err(e) = written.and_then(|()| std::fs::rename(&tmp, &path)) {
        let _ = std::fs::remove_file(&tmp);
        return Err(err("write", e));
    }
    Ok(())
}

/// The texts of one side of a page.
struct Texts {
    page: String,
    photos: Option<String>,
    figures: Option<String>,
}

impl Texts {
    fn as_page_text(&self) -> PageText<'_> {
        PageText {
            page: &self.page,
            photos: self.photos.as_deref(),
            figures: self.figures.as_deref(),
        }
    }
}

fn read_side(root: &Path, page: &PageRef, file: &Path) -> Result<Texts, TranslateError> {
    let folder = page.has_folder();
    let data = |p: PathBuf| if folder { read_optional(root, &p) } else { Ok(None) };
    Ok(Texts {
        page: read(root, file)?,
        photos: data(page.photos())?,
        figures: data(page.figures())?,
    })
}

fn units_of(
    page: &PageRef,
    texts: &Texts,
    side_file: &Path,
    lang: &str,
) -> Result<Vec<Unit>, TranslateError> {
    page_units(&texts.as_page_text(), lang).map_err(|e| file_error(page, side_file, e))
}

fn file_error(page: &PageRef, side_file: &Path, e: UnitsError) -> TranslateError {
    let file = match e.origin {
        Origin::Page => side_file.to_path_buf(),
        Origin::Photos => page.photos(),
        Origin::Figures => page.figures(),
    };
    TranslateError::File { file, line: e.line, message: e.message, help: e.help }
}

fn read_record(root: &Path, page: &PageRef) -> Result<Option<Record>, TranslateError> {
    let Some(text) = read_optional(root, &page.record())? else { return Ok(None) };
    parse_record(page, &text).map(Some)
}

/// A translation's record, from its text; an error names the file and line.
pub fn parse_record(page: &PageRef, text: &str) -> Result<Record, TranslateError> {
    let path = page.record();
    Record::parse(text).map_err(|e| TranslateError::File {
        file: path,
        line: e.line,
        message: format!("the translation record does not read: {}", e.message),
        help: format!("restore it from version control, or delete it and run `broadsheet translate accept {}` to record the translation as it is", page.name()),
    })
}

/// One page's status, read from its files.
pub fn page_status(root: &Path, page: &PageRef) -> Result<PageStatus, TranslateError> {
    let source_texts = read_side(root, page, &page.source)?;
    let translation_texts = read_side(root, page, &page.translation)?;
    let record = read_record(root, page)?;
    status_from(page, &source_texts.as_page_text(), &translation_texts.as_page_text(), record)
}

/// One page's status from texts already read (the site model has them all).
pub fn status_from(
    page: &PageRef,
    source_texts: &PageText,
    translation_texts: &PageText,
    record: Option<Record>,
) -> Result<PageStatus, TranslateError> {
    let source = page_units(source_texts, &page.source_lang)
        .map_err(|e| file_error(page, &page.source, e))?;
    let translation = page_units(translation_texts, &page.lang)
        .map_err(|e| file_error(page, &page.translation, e))?;
    let composition = compose(&source, record.as_ref(), &translation);
    Ok(PageStatus {
        page: page.clone(),
        source,
        translation,
        composition,
        recorded: record.is_some(),
        record,
    })
}

/// `translate status [PAGE]`: every translation of the page, or of the site.
pub fn status_of(root: &Path, page: Option<&str>) -> Result<Vec<PageStatus>, TranslateError> {
    let langs = Languages::load(root)?;
    let pages = translations(root, page, &langs)?;
    if pages.is_empty()
        && let Some(p) = page
    {
        return Err(usage(
            format!("`{p}` has no translation yet"),
            format!("run `broadsheet translate start {p} --lang en` to start one"),
        ));
    }
    pages.iter().map(|p| page_status(root, p)).collect()
}

/// What `start` wrote.
#[derive(Debug, Clone)]
pub struct Started {
    pub page: PageRef,
    pub written: Vec<PathBuf>,
    pub units: usize,
}

/// Whether `start` may replace a translation that exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    Refuse,
    Replace,
}

/// `translate start PAGE --lang L`: the translation as a marked skeleton, the
/// folder's data files with the language's missing fields marked, a record.
/// Without `lang`, the site's one language to translate into.
pub fn start(
    root: &Path,
    page: &str,
    lang: Option<&str>,
    overwrite: Overwrite,
) -> Result<Started, TranslateError> {
    let langs = Languages::load(root)?;
    let only: Vec<&String> = langs.translations().collect();
    let lang = match (lang, only.as_slice()) {
        (Some(l), _) => l,
        (None, [one]) => one.as_str(),
        (None, _) => return Err(usage("which language?", "add --lang, e.g. --lang en")),
    };
    let page = resolve(root, page, Some(lang), &langs)?;
    if overwrite == Overwrite::Refuse && root.join(&page.translation).exists() {
        return Err(usage(
            format!("`{}` exists already", slashed(&page.translation)),
            format!(
                "see what changed with `broadsheet translate status {}`; --force replaces it with a fresh skeleton",
                page.name()
            ),
        ));
    }
    let source = read_side(root, &page, &page.source)?;
    let existing = match overwrite {
        Overwrite::Refuse => Existing::Keep,
        Overwrite::Replace => Existing::Replace,
    };
    let skeleton = skeleton_texts(&page, &source, existing)?;
    let source_units = units_of(&page, &source, &page.source, &page.source_lang)?;
    let skeleton_units = units_of(&page, &skeleton, &page.translation, lang)?;
    let entries = accepted_entries(&source_units, None, &skeleton_units, None);
    let mut written = Vec::new();
    for (path, new, old) in [
        (page.photos(), &skeleton.photos, &source.photos),
        (page.figures(), &skeleton.figures, &source.figures),
    ] {
        if let Some(text) = new.as_ref().filter(|t| Some(*t) != old.as_ref()) {
            write_atomic(root, &path, text)?;
            written.push(path);
        }
    }
    write_atomic(root, &page.translation, &skeleton.page)?;
    written.push(page.translation.clone());
    write_record(root, &page, entries)?;
    written.push(page.record());
    Ok(Started { units: source_units.len(), page, written })
}

/// The skeleton of every file of a page's translation.
/// A fresh start (`--force`) replaces the language's photo and figure texts
/// too; otherwise the ones someone wrote are kept and only gaps are filled.
fn skeleton_texts(
    page: &PageRef,
    source: &Texts,
    existing: Existing,
) -> Result<Texts, TranslateError> {
    let fail = |e| file_error(page, &page.source, e);
    let data = |text: &Option<String>, shape| {
        text.as_deref()
            .map(|t| skeleton::data(t, shape, &page.source_lang, &page.lang, existing))
            .transpose()
            .map_err(fail)
    };
    Ok(Texts {
        page: skeleton::page(&source.page).map_err(fail)?,
        photos: data(&source.photos, PHOTOS)?,
        figures: data(&source.figures, FIGURES)?,
    })
}

fn write_record(
    root: &Path,
    page: &PageRef,
    entries: Vec<record::Entry>,
) -> Result<Record, TranslateError> {
    let file_name = |p: &Path| p.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string();
    let record = Record::new(file_name(&page.source), entries);
    write_atomic(root, &page.record(), &record.to_toml(&file_name(&page.translation)))?;
    Ok(record)
}

/// What `accept` recorded for one translation.
#[derive(Debug, Clone)]
pub struct Accepted {
    pub page: PageRef,
    /// Units recorded as translating the current source.
    pub recorded: usize,
    /// Stale units before and after.
    pub stale_before: usize,
    pub stale_after: usize,
}

/// `translate accept PAGE [--unit N]`: records the current source as what the
/// current translation (or only its unit N) was made from.
pub fn accept(
    root: &Path,
    page: &str,
    lang: Option<&str>,
    only: Option<usize>,
) -> Result<Vec<Accepted>, TranslateError> {
    let langs = Languages::load(root)?;
    let pages = match lang {
        Some(l) => vec![resolve(root, page, Some(l), &langs)?],
        None => translations(root, Some(page), &langs)?,
    };
    if pages.is_empty() {
        return Err(usage(
            format!("`{page}` has no translation to accept"),
            format!("run `broadsheet translate start {page} --lang en` first"),
        ));
    }
    let mut out = Vec::new();
    for p in pages {
        if !root.join(&p.translation).is_file() {
            return Err(usage(
                format!("`{}` does not exist", slashed(&p.translation)),
                format!("run `broadsheet translate start {} --lang {}` first", p.name(), p.lang),
            ));
        }
        let before = page_status(root, &p)?;
        check_unit(&before, only)?;
        let record = before.record.clone();
        let entries = accepted_entries(&before.source, record.as_ref(), &before.translation, only);
        let recorded = entries.len();
        let record = write_record(root, &p, entries)?;
        let after = compose(&before.source, Some(&record), &before.translation);
        out.push(Accepted {
            page: p,
            recorded,
            stale_before: before.stale(),
            stale_after: after.stale(),
        });
    }
    Ok(out)
}

/// `--unit N` must name a unit that has a translation.
fn check_unit(status: &PageStatus, only: Option<usize>) -> Result<(), TranslateError> {
    let Some(n) = only else { return Ok(()) };
    let name = status.page.name();
    let Some(pair) = n.checked_sub(1).and_then(|i| status.composition.pairs.get(i)) else {
        return Err(usage(
            format!("`{name}` has no unit {n}: its units are numbered 1 to {}", status.units()),
            format!("`broadsheet translate status {name}` lists the stale units by number"),
        ));
    };
    if pair.state == UnitState::Missing {
        let at = status.position(super::report::Side::Source, &status.source[pair.source]);
        return Err(usage(
            format!("unit {n} ({at}) has no translation to accept"),
            format!("translate it in `{}` first", slashed(&status.page.translation)),
        ));
    }
    Ok(())
}
