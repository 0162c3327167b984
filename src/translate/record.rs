//! The translation record: what each unit of a translation was made from.
//!
//! In: a translation's units paired with the source units they translate.
//! Out: a plain TOML file beside the translation, read back the same way.
//!
//! The file is `<stem>.<lang>.translation.toml` beside `<stem>.<lang>.md`
//! (`content/article/index.en.translation.toml` for `index.en.md`). It is data,
//! never published, and meant to be read in a diff:
//!
//! ```toml
//! # What each unit of `index.en.md` was translated from (`broadsheet translate`).
//! version = 1
//! source = "index.md"
//!
//! [[unit]]
//! key = "s1.b2"
//! kind = "paragraph"
//! source = "…the source text the translation was made from…"
//! translation = "…the translation as it was accepted…"
//! ```
//!
//! One `[[unit]]` per translated unit, in the translation's order. `key` is the
//! unit's structural key in the translation when it was recorded (its section,
//! `s1.`, is what alignment groups by); `source` the source text it translates;
//! `translation` its own text then, which lets the unit be found again after
//! the translator has inserted, moved or edited units. `translate accept`
//! writes the file, `translate start` writes the first one; nobody needs to
//! edit it by hand, and a deleted record only means every unit is unrecorded.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::units::UnitKind;

/// The format this code writes; older or newer files are refused with a message.
pub const VERSION: u32 = 1;

/// The end of every record file's name: the content loader must not publish it
/// (it is a data file), and a walk can tell it from the pages.
pub const SUFFIX: &str = ".translation.toml";

/// A whole record file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub version: u32,
    /// The source file's name, beside the translation (`index.md`).
    pub source: String,
    #[serde(default, rename = "unit")]
    pub units: Vec<Entry>,
}

/// One recorded unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub key: String,
    pub kind: UnitKind,
    pub source: String,
    pub translation: String,
}

/// The record file of a translation: `index.en.md` → `index.en.translation.toml`.
pub fn path_for(translation: &Path) -> PathBuf {
    let name = translation.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let stem = name.strip_suffix(".md").unwrap_or(name);
    translation.with_file_name(format!("{stem}{SUFFIX}"))
}

/// Whether a file name is a translation record's.
pub fn is_record(name: &str) -> bool {
    name.ends_with(SUFFIX)
}

impl Record {
    pub fn new(source: impl Into<String>, units: Vec<Entry>) -> Self {
        Record { version: VERSION, source: source.into(), units }
    }

    /// The file's text: a comment saying what it is, then the TOML.
    pub fn to_toml(&self, translation_name: &str) -> String {
        let body = toml::to_string_pretty(self).unwrap_or_default();
        format!(
            "# What each unit of `{translation_name}` was translated from.\n\
             # Written by `broadsheet translate start` and `broadsheet translate accept`.\n\n{body}"
        )
    }

    /// Reads a record back. The error says where and what to do.
    pub fn parse(text: &str) -> Result<Record, RecordError> {
        let record: Record = toml::from_str(text).map_err(|e| RecordError {
            line: e.span().map_or(1, |s| super::units::line_of(text, s.start)),
            message: e.message().to_string(),
        })?;
        if record.version != VERSION {
            return Err(RecordError {
                line: 1,
                message: format!(
                    "record format {} is not the format {VERSION} this broadsheet reads",
                    record.version
                ),
            });
        }
        Ok(record)
    }
}

/// A record that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    pub line: usize,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Record {
        let entry = |key: &str, source: &str, translation: &str| Entry {
            key: key.into(),
            kind: UnitKind::Paragraph,
            source: source.into(),
            translation: translation.into(),
        };
        Record::new(
            "index.md",
            vec![
                entry("s0.b1", "第一段，\n续行。", "The first \"paragraph\"."),
                entry("s1.b1", "第二段。", "The second."),
            ],
        )
    }

    #[test]
    fn a_record_round_trips_and_reads_as_plain_text() {
        let text = sample().to_toml("index.en.md");
        assert_eq!(Record::parse(&text).unwrap(), sample());
        assert!(text.starts_with("# What each unit of `index.en.md`"));
        assert!(text.contains("第一段，\n续行。"), "line breaks stay readable:\n{text}");
        assert!(text.contains("[[unit]]\nkey = \"s1.b1\""), "{text}");
    }

    #[test]
    fn unknown_versions_and_broken_files_are_refused_with_a_line() {
        let future = sample().to_toml("x").replace("version = 1", "version = 9");
        assert!(Record::parse(&future).unwrap_err().message.contains("format 9"));
        let broken = "version = 1\nsource = \"index.md\"\n[[unit]]\nkey = \n";
        assert_eq!(Record::parse(broken).unwrap_err().line, 4);
    }

    #[test]
    fn the_record_sits_beside_its_translation() {
        let p = path_for(Path::new("content/article/index.en.md"));
        assert_eq!(p, Path::new("content/article/index.en.translation.toml"));
        assert!(is_record("index.en.translation.toml"));
        assert!(!is_record("photos.toml"));
    }
}
