//! Three-way merge of a re-imported page onto an edited one.
//!
//! In: `base` (the page as it was last imported), `ours` (as editors left it)
//! and `theirs` (the import of a corrected extraction) — the Markdown texts, or
//! the texts of a `photos.toml` / `figures.toml` — and who wins a conflict.
//! Out: the merged text, or the conflicts.
//!
//! Per unit of text (a front matter key, a heading line, a paragraph, a list
//! item, a table, a photo line; a TOML value, `[[photo]]`/`[[figure]]` entries
//! matched by `id`): changed only in theirs → theirs; changed only in ours →
//! ours; changed in both, differently → a conflict naming ours' line and both
//! versions. The result is built from ours, so its layout (blank lines, photo
//! lines an editor moved, comments in TOML) stays. With [`Decide::Ask`] any
//! conflict makes the whole merge an error and no text is returned, so the
//! caller writes nothing; [`Decide::Ours`] and [`Decide::Theirs`] settle every
//! conflict one way and still list them. Pure.

mod blocks;
mod toml;

use std::fmt;
use std::path::{Path, PathBuf};

use super::report::slashed;
use super::units::{line_of, split_front_matter};

/// Who wins a unit both sides changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decide {
    /// Nobody: report the conflicts and merge nothing.
    Ask,
    /// The edited page.
    Ours,
    /// The new import.
    Theirs,
}

/// A unit both sides changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub file: PathBuf,
    /// Ours' line (where the unit is, or was, in the edited file).
    pub line: usize,
    /// What the unit is: `paragraph`, `title`, `photo.photo-2.caption.zh`.
    pub what: String,
    pub base: Option<String>,
    /// `None`: the side deleted the unit.
    pub ours: Option<String>,
    pub theirs: Option<String>,
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |s: &Option<String>| match s {
            Some(s) => s.replace('\n', " "),
            None => "(deleted)".into(),
        };
        writeln!(f, "conflict: the {} was changed both here and by the new import", self.what)?;
        writeln!(f, " --> {}:{}", slashed(&self.file), self.line)?;
        writeln!(f, "  = before: {}", show(&self.base))?;
        writeln!(f, "  = edited: {}", show(&self.ours))?;
        writeln!(f, "  = import: {}", show(&self.theirs))?;
        write!(
            f,
            "  = help: merge it by hand, or import again with --ours (keep the edit) or --theirs (take the import)"
        )
    }
}

/// A merge that went through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub text: String,
    /// Conflicts settled by [`Decide::Ours`] or [`Decide::Theirs`].
    pub settled: Vec<Conflict>,
}

/// A merge that did not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergeError {
    /// Units changed on both sides ([`Decide::Ask`] only).
    Conflicts(Vec<Conflict>),
    /// One of the three texts cannot be read.
    Invalid { file: PathBuf, side: &'static str, line: usize, message: String },
}

impl fmt::Display for MergeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MergeError::Conflicts(list) => {
                for (i, c) in list.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    writeln!(f, "{c}")?;
                }
                write!(f, "{} conflicts; nothing was changed", list.len())
            }
            MergeError::Invalid { file, side, line, message } => {
                write!(
                    f,
                    "cannot merge: the {side} version does not read: {message}\n --> {}:{line}",
                    slashed(file)
                )
            }
        }
    }
}

/// The three versions of one file.
#[derive(Debug, Clone, Copy)]
pub struct Versions<'a> {
    pub base: &'a str,
    pub ours: &'a str,
    pub theirs: &'a str,
}

/// Merges a Markdown page: front matter key by key, body block by block.
pub fn merge_page(file: &Path, v: Versions, decide: Decide) -> Result<Merged, MergeError> {
    let split = |text: &str, side| {
        split_front_matter(text).ok_or_else(|| MergeError::Invalid {
            file: file.to_path_buf(),
            side,
            line: 1,
            message: "the file has no `+++` front matter".into(),
        })
    };
    let (b, o, t) =
        (split(v.base, "last imported")?, split(v.ours, "edited")?, split(v.theirs, "new")?);
    let front = toml::Tomls {
        base: &v.base[b.toml.clone()],
        ours: &v.ours[o.toml.clone()],
        theirs: &v.theirs[t.toml.clone()],
    };
    let (front, mut conflicts) = toml::merge(file, front, decide, 1)?;
    let bodies =
        Versions { base: &v.base[b.body..], ours: &v.ours[o.body..], theirs: &v.theirs[t.body..] };
    let first_line = line_of(v.ours, o.body);
    let (body, more) = blocks::merge(file, bodies, decide, first_line);
    conflicts.extend(more);
    finish(format!("+++\n{front}+++\n{body}"), conflicts, decide)
}

/// Merges a `photos.toml` or `figures.toml`: entries by id, values by key.
pub fn merge_data(file: &Path, v: Versions, decide: Decide) -> Result<Merged, MergeError> {
    let tomls = toml::Tomls { base: v.base, ours: v.ours, theirs: v.theirs };
    let (text, conflicts) = toml::merge(file, tomls, decide, 0)?;
    finish(text, conflicts, decide)
}

fn finish(text: String, conflicts: Vec<Conflict>, decide: Decide) -> Result<Merged, MergeError> {
    if decide == Decide::Ask && !conflicts.is_empty() {
        return Err(MergeError::Conflicts(conflicts));
    }
    Ok(Merged { text, settled: conflicts })
}

#[cfg(test)]
mod tests;
