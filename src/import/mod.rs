//! Raw newspaper text → article structure → Markdown and a photo list.
//!
//! In: the text a PDF extractor produced from one newspaper page (see
//! `tests/fixtures/import/ARTIFACTS.md` for its artifacts). Out: an [`Article`] (kicker,
//! headline, lead, sections, captions), which [`to_json`] prints, [`to_markdown`]
//! writes as a page and [`photos_toml`] as the photo list; [`run`] does all of it on
//! files. Invariant: only [`write`] touches the file system; every other module is a
//! pure function of its input, so each artifact is undone, and tested, on its own.
//!
//! The stages, in the order [`parse`] runs them:
//! - [`input`]: lines (through the one text decoder, `crate::fs::decode`), line
//!   ends, noise spaces;
//! - [`captions`]: `NAME/摄` credits;
//! - [`undouble`]: bold runs written twice;
//! - [`structure`]: which lines are caption, headline, kicker, lead, section head,
//!   body, each found from its own evidence; [`explain`] returns that evidence;
//! - [`reflow`]: hard-wrapped lines into paragraphs, against the column width that
//!   [`column`] fits to each stretch (print narrows it around photos);
//! - [`spaces`]: justification spaces between Han and digits or Latin letters.
//!
//! Writing: [`markdown`] (the page), [`placement`] (which paragraph a photo belongs
//! after), [`photos`] (the photo list, merged with the other languages' fields).
//! Errors: [`ImportError`], which becomes the shared `Diagnostic` (file, line,
//! column, help) that every command prints.

mod breaks;
mod captions;
mod column;
mod error;
mod input;
mod markdown;
mod photos;
mod placement;
mod reflow;
mod spaces;
mod structure;
mod text;
mod undouble;
mod write;

use serde::{Deserialize, Serialize};

pub use error::ImportError;
pub use markdown::{MarkdownOptions, to_markdown};
pub use photos::photos_toml;
pub use structure::Note;
pub use write::{ImportOptions, ImportReport, parse_file, run};

/// One article, cleaned. Serialises (field order included) to the `--json` schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// The short display line set above the headline, when there is one.
    pub kicker: Option<String>,
    /// The headline.
    pub title: String,
    /// The bold lead paragraph (empty when the article has none).
    pub lead: String,
    /// The body: an untitled leading section (when there is text before the first
    /// head), then one section per head.
    pub sections: Vec<Section>,
    /// Photo captions, in the order the extraction gives them.
    pub captions: Vec<Caption>,
}

/// A section of the body: its two-line head and its paragraphs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub heading: Option<String>,
    pub subheading: Option<String>,
    pub paragraphs: Vec<String>,
}

/// A photo caption and its credit as printed (`彭伟宗/摄`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Caption {
    pub text: String,
    pub credit: String,
}

/// Parses the raw extraction of one article. Pure: the errors name the file as
/// `<raw text>`; [`ImportError::with_path`] puts the real name in.
pub fn parse(raw: &str) -> Result<Article, ImportError> {
    structure::parse(raw)
}

/// [`parse`], with the evidence for every display line and paragraph end (what
/// `broadsheet import --explain` prints), ordered by line.
pub fn explain(raw: &str) -> Result<(Article, Vec<Note>), ImportError> {
    structure::explain(raw)
}

/// The article as pretty-printed JSON, in the field order of the `--json` schema.
pub fn to_json(article: &Article) -> String {
    serde_json::to_string_pretty(article)
        .expect("an article is plain strings and lists, always serialisable")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    fn fixtures() -> PathBuf {
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/import")).to_path_buf()
    }

    /// Every `<name>.raw.txt` in the fixture folder with its `<name>.expected.json`.
    fn fixture_pairs() -> Vec<(PathBuf, PathBuf)> {
        let mut pairs: Vec<(PathBuf, PathBuf)> = std::fs::read_dir(fixtures())
            .expect("the fixture folder is readable")
            .map(|entry| entry.expect("a readable folder entry").path())
            .filter(|path| path.to_string_lossy().ends_with(".raw.txt"))
            .map(|raw| {
                let name = raw
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .trim_end_matches(".raw.txt")
                    .to_owned();
                let expected = raw.with_file_name(format!("{name}.expected.json"));
                (raw, expected)
            })
            .collect();
        pairs.sort();
        pairs
    }

    #[test]
    fn the_seed_imports_exactly_as_checked_by_hand() {
        // The copy that `broadsheet import` reads, not the fixture folder's.
        let source = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/content/source/jiangmen-hightech-zone-2024.raw.txt"
        );
        let raw = std::fs::read_to_string(source).unwrap_or_else(|e| panic!("{source}: {e}"));
        let expected: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(fixtures().join("jiangmen-hightech-zone-2024.expected.json"))
                .unwrap(),
        )
        .unwrap();
        let got: serde_json::Value = serde_json::from_str(&to_json(&parse(&raw).unwrap())).unwrap();
        assert_json_eq(&got, &expected, "jiangmen-hightech-zone-2024");
    }

    #[test]
    fn every_fixture_imports_exactly() {
        let pairs = fixture_pairs();
        assert!(
            pairs.len() >= 5,
            "expected the seed's copy and at least four more fixtures, found {}",
            pairs.len()
        );
        let failures: Vec<String> = pairs
            .iter()
            .filter_map(|(raw, expected)| {
                let text = std::fs::read_to_string(raw).unwrap();
                let want: serde_json::Value =
                    serde_json::from_str(&std::fs::read_to_string(expected).unwrap())
                        .unwrap_or_else(|e| panic!("{}: {e}", expected.display()));
                let name = raw.file_name().unwrap().to_string_lossy().into_owned();
                match parse(&text) {
                    Ok(article) => {
                        first_difference(&serde_json::to_value(&article).unwrap(), &want)
                            .map(|d| format!("{name}: {d}"))
                    }
                    Err(e) => Some(format!("{name}: {e}")),
                }
            })
            .collect();
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    }

    fn assert_json_eq(got: &serde_json::Value, want: &serde_json::Value, name: &str) {
        if let Some(difference) = first_difference(got, want) {
            panic!("{name}: {difference}");
        }
    }

    /// The first part in which two articles differ, named, with both versions.
    fn first_difference(got: &serde_json::Value, want: &serde_json::Value) -> Option<String> {
        let differ = |what: String, a: &serde_json::Value, b: &serde_json::Value| {
            (a != b).then(|| format!("{what} differs\n   got: {a}\n  want: {b}"))
        };
        for key in ["kicker", "title", "lead", "captions"] {
            if let Some(d) = differ(key.to_owned(), &got[key], &want[key]) {
                return Some(d);
            }
        }
        let empty = Vec::new();
        let g = got["sections"].as_array().unwrap_or(&empty);
        let w = want["sections"].as_array().unwrap_or(&empty);
        for (i, (gs, ws)) in g.iter().zip(w).enumerate() {
            for key in ["heading", "subheading"] {
                if let Some(d) = differ(format!("{key} of section {i}"), &gs[key], &ws[key]) {
                    return Some(d);
                }
            }
            let gp = gs["paragraphs"].as_array().unwrap_or(&empty);
            let wp = ws["paragraphs"].as_array().unwrap_or(&empty);
            for (j, (a, b)) in gp.iter().zip(wp).enumerate() {
                if let Some(d) = differ(format!("paragraph {j} of section {i}"), a, b) {
                    return Some(d);
                }
            }
            if gp.len() != wp.len() {
                return Some(format!("section {i} has {} paragraphs, want {}", gp.len(), wp.len()));
            }
        }
        if g.len() != w.len() {
            return Some(format!("{} sections, want {}", g.len(), w.len()));
        }
        differ("article".to_owned(), got, want)
    }
}
