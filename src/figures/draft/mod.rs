//! Key figures drafted from an imported article.
//!
//! In: an [`Article`] as `import` made it. Out: [`Drafts`], one figure for every
//! number of the lead and the body that states a quantity (counts, amounts,
//! shares, ages, durations, ranks; not dates, see [`numbers`]), in article
//! order. Each draft keeps the number as printed (`display`), its value and
//! unit for a chart, the clause that says what it counts (`label`), the
//! section it stands in (`group`) and the sentence it comes from (`quote`).
//! [`to_toml`] writes them as a `figures.toml` marked `reviewed = false`, and
//! [`highlights`] picks figures for a home page. Pure: no file access.
//!
//! Invariants: every quote is a whole sentence copied verbatim from the lead or
//! paragraph its figure was found in; ids are ASCII, unique within the article
//! and depend only on where the number stands (`s2-p7-1` is the first number of
//! the seventh paragraph of the second titled section), so drafting the same
//! text twice gives the same file.

mod highlights;
mod label;
mod numbers;
#[cfg(test)]
mod recall;
mod sentences;
mod write;

pub use highlights::{Kind, highlights};
pub use write::to_toml;

use crate::figures::Figure;
use crate::import::Article;

/// The figures drafted from one article, and the groups they fall in.
#[derive(Debug, Clone, PartialEq)]
pub struct Drafts {
    /// Only groups that hold a figure, in article order.
    pub groups: Vec<DraftGroup>,
    pub figures: Vec<DraftFigure>,
}

/// A part of the article whose figures are listed together.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftGroup {
    /// `lead`, `intro` (the untitled opening), `body` (an article without
    /// section heads), or `s1`, `s2`, … for the sections in order.
    pub id: String,
    pub kind: GroupKind,
}

/// What a group is, which gives its name.
#[derive(Debug, Clone, PartialEq)]
pub enum GroupKind {
    Lead,
    /// The paragraphs before the first section head.
    Opening,
    /// Untitled text that is not an opening: an article without heads.
    Body,
    /// A section, named by its head.
    Heading(String),
}

impl DraftGroup {
    /// The group's name for readers of `lang`: the section head, or a word
    /// for the lead and the untitled parts.
    pub fn name(&self, lang: &str) -> String {
        let zh = lang.starts_with("zh");
        let word = match &self.kind {
            GroupKind::Heading(h) => return h.clone(),
            GroupKind::Lead => ["导语", "Lead"],
            GroupKind::Opening => ["开篇", "Opening"],
            GroupKind::Body => ["正文", "Text"],
        };
        word[usize::from(!zh)].to_string()
    }
}

/// One number of the article, ready for an editor to review.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftFigure {
    pub id: String,
    /// The id of its [`DraftGroup`].
    pub group: String,
    pub value: f64,
    pub unit: String,
    /// The number exactly as printed, qualifiers included (`超15.7亿元`).
    pub display: String,
    pub label: String,
    /// The whole sentence the number stands in.
    pub quote: String,
}

/// Drafts a figure for every quantity in the article's lead and paragraphs.
/// Titles, section heads and captions are display text and are left out.
pub fn draft(article: &Article) -> Drafts {
    let mut groups = Vec::new();
    let mut figures = Vec::new();
    let lead = DraftGroup { id: "lead".into(), kind: GroupKind::Lead };
    from_text(&article.lead, &lead.id, "lead", &mut figures);
    keep_if_used(&mut groups, lead, &figures);
    let headed = article.sections.iter().any(|s| s.heading.is_some());
    let mut titled = 0;
    for (i, section) in article.sections.iter().enumerate() {
        let heading = section.heading.as_deref().map(str::trim).filter(|h| !h.is_empty());
        let group = match heading {
            Some(h) => {
                titled += 1;
                DraftGroup { id: format!("s{titled}"), kind: GroupKind::Heading(h.into()) }
            }
            None if i == 0 && headed => DraftGroup { id: "intro".into(), kind: GroupKind::Opening },
            None if i == 0 => DraftGroup { id: "body".into(), kind: GroupKind::Body },
            None => {
                titled += 1;
                DraftGroup { id: format!("s{titled}"), kind: GroupKind::Body }
            }
        };
        for (p, paragraph) in section.paragraphs.iter().enumerate() {
            from_text(paragraph, &group.id, &format!("{}-p{}", group.id, p + 1), &mut figures);
        }
        keep_if_used(&mut groups, group, &figures);
    }
    Drafts { groups, figures }
}

fn keep_if_used(groups: &mut Vec<DraftGroup>, group: DraftGroup, figures: &[DraftFigure]) {
    if figures.iter().any(|f| f.group == group.id) {
        groups.push(group);
    }
}

/// Drafts the numbers of one paragraph (or the lead), numbering them from 1.
fn from_text(text: &str, group: &str, stem: &str, out: &mut Vec<DraftFigure>) {
    let mut n = 0;
    for range in sentences::sentences(text) {
        let sentence = &text[range];
        let found = numbers::mentions(sentence);
        for (i, m) in found.iter().enumerate() {
            n += 1;
            out.push(DraftFigure {
                id: format!("{stem}-{n}"),
                group: group.into(),
                value: m.value,
                unit: m.unit.clone(),
                display: sentence[m.span.clone()].into(),
                label: label::label(sentence, &found, i),
                quote: sentence.into(),
            });
        }
    }
}

impl Drafts {
    /// The drafts as figures of `lang`, as `load` would read them from
    /// [`to_toml`]'s text: for [`highlights`] before the file is written.
    pub fn to_figures(&self, lang: &str) -> Vec<Figure> {
        let one = |s: &str| [(lang.to_string(), s.to_string())].into_iter().collect();
        self.figures
            .iter()
            .map(|d| Figure {
                id: d.id.clone(),
                group: d.group.clone(),
                value: d.value,
                unit: one(&d.unit),
                display: one(&d.display),
                label: one(&d.label),
                quote: one(&d.quote),
                reviewed: false,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
