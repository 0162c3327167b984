//! A page's translation status as people and programs read it.
//!
//! In: a [`PageRef`] (the files), the source and translation units and their
//! [`Composition`]. Out: [`PageStatus`], with counts, the stale units with both
//! `file:line` positions and the source's diff, the missing and orphaned units;
//! shown as text (`Display`) or as the JSON of `translate status --format json`:
//!
//! ```json
//! [{"source": "content/article/index.md", "translation": "content/article/index.en.md",
//!   "units": 120, "translated": 118, "stale": 1, "missing": 1,
//!   "stale_units": [{"unit": 23, "source": "content/article/index.md:27",
//!                    "translation": "content/article/index.en.md:27", "old": "…", "new": "…"}]}]
//! ```
//!
//! `stale` counts units whose source changed since they were translated and
//! units translated but never accepted (their `old` is empty). Pure.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::diff::{Piece, inline};
use super::pages::PageRef;
use super::status::{Composition, Paired, UnitState, stale_diff};
use super::units::{Origin, Unit};

/// A file and a 1-based line: `content/article/index.md:27`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub file: PathBuf,
    pub line: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", slashed(&self.file), self.line)
    }
}

/// A path with `/` separators, as messages and JSON show it on every system.
pub fn slashed(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Which side of the translation a unit is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Source,
    Translation,
}

/// One page's status in one language.
#[derive(Debug, Clone)]
pub struct PageStatus {
    pub page: PageRef,
    pub source: Vec<Unit>,
    pub translation: Vec<Unit>,
    pub composition: Composition,
    /// Whether the translation has a record at all.
    pub recorded: bool,
    /// The record the status was composed with.
    pub record: Option<super::record::Record>,
}

/// A stale unit, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaleUnit {
    pub number: usize,
    pub source: Position,
    pub translation: Position,
    /// The source text the translation was made from; empty when unrecorded.
    pub old: String,
    pub new: String,
    pub diff: Vec<Piece>,
}

impl PageStatus {
    pub fn units(&self) -> usize {
        self.source.len()
    }

    pub fn translated(&self) -> usize {
        self.composition.translated()
    }

    pub fn stale(&self) -> usize {
        self.composition.stale()
    }

    pub fn missing(&self) -> usize {
        self.composition.missing()
    }

    pub fn untranslated(&self) -> usize {
        self.composition.untranslated()
    }

    /// Where a unit is: its file on that side and its line.
    pub fn position(&self, side: Side, unit: &Unit) -> Position {
        let file = match (unit.origin, side) {
            (Origin::Page, Side::Source) => self.page.source.clone(),
            (Origin::Page, Side::Translation) => self.page.translation.clone(),
            (Origin::Photos, _) => self.page.photos(),
            (Origin::Figures, _) => self.page.figures(),
        };
        Position { file, line: unit.line }
    }

    pub fn stale_units(&self) -> Vec<StaleUnit> {
        let mut out = Vec::new();
        for p in &self.composition.pairs {
            let old = match &p.state {
                UnitState::Stale { old } => old.clone(),
                UnitState::Unrecorded if self.composition.recorded => String::new(),
                _ => continue,
            };
            let Some(t) = p.translation else { continue };
            let s = &self.source[p.source];
            out.push(StaleUnit {
                number: p.number,
                source: self.position(Side::Source, s),
                translation: self.position(Side::Translation, &self.translation[t]),
                diff: if old.is_empty() { Vec::new() } else { stale_diff(&old, &s.text) },
                old,
                new: s.text.clone(),
            });
        }
        out
    }

    /// For a missing unit, the translation line after which it belongs: the
    /// line of the translation of the nearest source unit before it.
    pub fn insert_after(&self, pair: &Paired) -> Option<Position> {
        let unit = &self.source[pair.source];
        self.composition.pairs[..pair.number - 1]
            .iter()
            .rev()
            .filter(|p| self.source[p.source].origin == unit.origin)
            .find_map(|p| p.translation)
            .map(|t| self.position(Side::Translation, &self.translation[t]))
    }

    /// One element of the `--format json` array.
    fn json(&self) -> Json {
        Json {
            source: slashed(&self.page.source),
            translation: slashed(&self.page.translation),
            units: self.units(),
            translated: self.translated(),
            stale: self.stale(),
            missing: self.missing(),
            stale_units: self
                .stale_units()
                .into_iter()
                .map(|s| StaleJson {
                    unit: s.number,
                    source: s.source.to_string(),
                    translation: s.translation.to_string(),
                    old: s.old,
                    new: s.new,
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct Json {
    source: String,
    translation: String,
    units: usize,
    translated: usize,
    stale: usize,
    missing: usize,
    stale_units: Vec<StaleJson>,
}

#[derive(Serialize)]
struct StaleJson {
    unit: usize,
    source: String,
    translation: String,
    old: String,
    new: String,
}

/// The JSON of several pages: an array in page order, keys in the order above.
pub fn to_json(pages: &[PageStatus]) -> String {
    let list: Vec<Json> = pages.iter().map(PageStatus::json).collect();
    serde_json::to_string_pretty(&list).unwrap_or_default()
}

impl fmt::Display for PageStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{} → {}", slashed(&self.page.source), slashed(&self.page.translation))?;
        writeln!(
            f,
            "  {} units: {} translated, {} stale, {} missing, {} untranslated",
            self.units(),
            self.translated(),
            self.stale(),
            self.missing(),
            self.untranslated()
        )?;
        if !self.recorded {
            writeln!(
                f,
                "  = note: not tracked yet: once the translation is checked, `broadsheet translate accept {}` records what it was made from",
                self.page.name()
            )?;
        }
        for s in self.stale_units() {
            let kind = self.source[s.number - 1].kind.name();
            writeln!(f, "  stale unit {} ({kind}): {} → {}", s.number, s.source, s.translation)?;
            if s.old.is_empty() {
                writeln!(f, "    not accepted yet: check the translation, then accept it")?;
            } else {
                writeln!(f, "    the source changed: {}", inline(&s.diff, 12))?;
            }
        }
        for p in self.composition.pairs.iter().filter(|p| p.state == UnitState::Missing) {
            let unit = &self.source[p.source];
            let at = self.position(Side::Source, unit);
            writeln!(
                f,
                "  missing unit {} ({}): {at} has no translation",
                p.number,
                unit.kind.name()
            )?;
            if let Some(after) = self.insert_after(p) {
                writeln!(f, "    = help: translate it after {after}")?;
            }
        }
        for &t in &self.composition.orphaned {
            let unit = &self.translation[t];
            let at = self.position(Side::Translation, unit);
            writeln!(
                f,
                "  orphaned {}: {at} translates nothing in the source any more",
                unit.kind.name()
            )?;
        }
        for p in self.composition.pairs.iter().filter(|p| p.moved) {
            let at = self.position(Side::Source, &self.source[p.source]);
            writeln!(
                f,
                "  moved unit {}: {at} is in another order than its translation",
                p.number
            )?;
        }
        Ok(())
    }
}
