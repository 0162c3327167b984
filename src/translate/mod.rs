//! Keeping a page's translation in step with its source, unit by unit.
//!
//! In: a page's Markdown file in the default language, its translation
//! (`index.en.md`), the `photos.toml` and `figures.toml` of the page's folder,
//! and the translation's record of what each unit was made from. Out: the
//! page's status (which units are translated, stale, missing, orphaned), a
//! skeleton to start a translation from, a new record on `accept`, and a
//! three-way merge for a corrected source text.
//!
//! - [`units`]: a page's translation units, each with a structural key, a
//!   kind, its text and its line (built on [`body`] and [`data`])
//! - [`record`]: the `*.translation.toml` file beside a translation
//! - [`align`]: sequence alignment that tells an edit from an insertion
//! - [`status`]: source, record and translation composed into a status
//! - [`report`]: a page's status as text and as JSON
//! - [`diff`]: the word/character diff shown for a stale unit
//! - [`skeleton`]: the translation file to start from, every slot marked
//! - [`merge`]: three-way merge of a re-imported page and its data files
//! - [`pages`]: which files a page is, from what the editor typed
//! - [`files`]: the file I/O behind `broadsheet translate` (the rest is pure)
//!
//! The invariant: the pure stages never touch the file system, and every file
//! [`files`] writes is written to a temporary file and renamed into place, so a
//! reader sees the old file or the new one, never half of one.

pub mod align;
pub mod body;
pub mod data;
pub mod diff;
pub mod files;
pub mod merge;
pub mod pages;
pub mod record;
pub mod report;
#[cfg(test)]
mod robustness;
pub mod skeleton;
pub mod status;
pub mod units;

pub use files::{Accepted, Overwrite, Started, TranslateError, accept, start, status_of};
pub use pages::PageRef;
pub use report::PageStatus;
pub use status::UnitState;
pub use units::{Origin, Unit, UnitKind};

/// What marks a slot as not yet translated. It is plain text, so it survives
/// Markdown rendering, TOML and HTML escaping, and minification: the site can
/// find it in a page's units or in its HTML, and `serve` can highlight it.
/// The brackets have no meaning in Markdown and do not occur in prose.
pub const UNTRANSLATED: &str = "⟦untranslated⟧";

/// Whether a translated text still holds an untranslated slot. A marker left
/// anywhere in the text counts, so a slot half rewritten is still unfinished.
pub fn is_untranslated(text: &str) -> bool {
    text.contains(UNTRANSLATED)
}

/// Whether a unit drawn from this Markdown file could hold the marker: the file
/// has its opening bracket, or a TOML escape that could spell it in the front
/// matter (a body unit is its text as written, so an HTML entity is not the
/// marker). When it cannot, no unit of a page made only of this file is
/// untranslated, and its units need not be read to know it.
pub fn may_hold_slot(text: &str) -> bool {
    text.contains('⟦') || text.contains("\\u") || text.contains("\\U")
}

/// The text a skeleton puts in a slot: the marker, then the source text.
pub fn mark_untranslated(source: &str) -> String {
    format!("{UNTRANSLATED} {source}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marked_slot_is_untranslated_and_a_translation_is_not() {
        assert!(is_untranslated(&mark_untranslated("第一段")));
        assert!(may_hold_slot(&mark_untranslated("第一段")));
        assert!(is_untranslated("Half done. ⟦untranslated⟧ 其余"));
        assert!(!is_untranslated("The first paragraph"));
        assert!(!is_untranslated("[untranslated] is a word in brackets"));
    }
}
