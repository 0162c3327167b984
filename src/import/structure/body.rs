//! The body: section heads found among the lines, the stretches between them
//! reflowed into paragraphs.
//!
//! Takes the body's items in reading order; returns the sections. Pure, no I/O.

use super::super::Section;
use super::super::column;
use super::super::input::Line;
use super::super::reflow;
use super::super::text::{ends_sentence, has_prose_punct, width};
use super::{Item, Note};

/// A section head line is clearly shorter than the local column.
const HEAD_SHARE: f32 = 0.75;

/// A head without a subheading is a single line, so it must be shorter still to be
/// told from a short line of prose.
const SINGLE_HEAD_SHARE: f32 = 0.6;

/// A subheading, under a head, may be longer: it carries the section's message
/// (`高质量发展迈上“快车道”`), and a column narrowed around a photo is tight for it.
const SUBHEAD_SHARE: f32 = 0.8;
/// The body's items with the local column at each.
struct Body<'i, 'a> {
    items: &'i [Item<'a>],
    cols: Vec<f32>,
    /// The extraction puts a blank line after every line, so two lines without one
    /// between them were printed as one block (a head and its subheading).
    blank_separated: bool,
}

impl Body<'_, '_> {
    fn text(&self, i: usize) -> Option<&str> {
        match &self.items[i] {
            Item::Line(line) => Some(line.text.as_str()),
            Item::Bold(_) => None,
        }
    }

    /// A short line without prose punctuation, at most `share` of its column.
    fn headish(&self, i: usize, share: f32) -> bool {
        self.text(i).is_some_and(|t| {
            !has_prose_punct(t) && !ends_sentence(t) && width(t) <= share * self.cols[i]
        })
    }

    /// Whether item `i` was printed right under the line before, with no blank line
    /// between, in an extraction that puts one after every other line.
    fn glued(&self, i: usize) -> bool {
        match self.items.get(i) {
            Some(Item::Line(line)) => self.blank_separated && !line.gap_before,
            _ => false,
        }
    }

    /// Items `i` and `i + 1` form a block of their own: printed together, apart from
    /// the lines around them, as a head and its subheading are.
    fn own_block(&self, i: usize) -> bool {
        !self.glued(i) && self.glued(i + 1) && !self.glued(i + 2)
    }

    /// A subheading under the head at item `i - 1`: short, or, printed in one block
    /// with the head, anything without prose punctuation narrower than the column.
    fn subheadish(&self, i: usize) -> bool {
        self.headish(i, SUBHEAD_SHARE) || self.glued(i) && self.headish(i, 1.0)
    }

    /// How many lines of section head start at item `i`: 2 (a head and its
    /// subheading), 1 (a head alone) or 0. A head follows a finished paragraph, or
    /// opens the body, and prose follows it: a third short line would make the two
    /// prose too, unless the two were printed as a block of their own (a paragraph's
    /// first line in a narrowed column is short as well).
    fn head_at(&self, i: usize) -> usize {
        let n = self.items.len();
        let after_paragraph = i == 0 || self.text(i - 1).is_none_or(ends_sentence);
        if !after_paragraph {
            return 0;
        }
        if i + 2 < n
            && self.headish(i, HEAD_SHARE)
            && self.subheadish(i + 1)
            && (self.own_block(i) || !self.headish(i + 2, HEAD_SHARE))
        {
            2
        } else if i + 1 < n
            && self.headish(i, SINGLE_HEAD_SHARE)
            && !self.headish(i + 1, HEAD_SHARE)
        {
            1
        } else {
            0
        }
    }

    fn note_head(&self, i: usize, lines: usize, notes: &mut Vec<Note>) {
        let Item::Line(line) = &self.items[i] else { return };
        let widths: Vec<String> =
            (i..i + lines).filter_map(|k| self.text(k)).map(|t| format!("{}", width(t))).collect();
        notes.push(Note {
            line: line.no,
            text: format!(
                "section head ({} line{}, {} cells against a column of {}): short, no prose punctuation, after a finished paragraph",
                lines,
                if lines == 1 { "" } else { "s" },
                widths.join(" and "),
                self.cols[i]
            ),
        });
    }
}

/// The local column at each item, fitted to the body's lines; a bold item takes its
/// neighbour's. Heads, being short, take no part in fitting the column they stand
/// out against.
fn item_columns(items: &[Item]) -> Vec<f32> {
    let widths: Vec<f32> = items
        .iter()
        .filter_map(|item| match item {
            Item::Line(line) => Some(width(&line.text)),
            Item::Bold(_) => None,
        })
        .collect();
    let ends: Vec<bool> = items
        .iter()
        .filter_map(|item| match item {
            Item::Line(line) => Some(ends_sentence(&line.text)),
            Item::Bold(_) => None,
        })
        .collect();
    let line_cols = column::fit(&widths, &column::filling(&widths, &ends));
    let mut cols = Vec::with_capacity(items.len());
    let mut next_line = 0;
    for item in items {
        let at = next_line.min(line_cols.len().saturating_sub(1));
        cols.push(line_cols.get(at).copied().unwrap_or(0.0));
        if matches!(item, Item::Line(_)) {
            next_line += 1;
        }
    }
    cols
}

/// Reflows a run of body lines into the section's paragraphs, noting each decision.
fn flush(run: &mut Vec<&Line>, section: &mut Section, notes: &mut Vec<Note>) {
    if run.is_empty() {
        return;
    }
    let texts: Vec<&str> = run.iter().map(|l| l.text.as_str()).collect();
    let (paragraphs, decisions) = reflow::paragraphs_explained(&texts);
    section.paragraphs.extend(paragraphs);
    notes.extend(decisions.into_iter().map(|d| Note { line: run[d.line].no, text: d.to_string() }));
    run.clear();
}

/// Cuts the body into sections at the section heads and reflows each stretch of
/// lines into paragraphs.
pub(super) fn sections(items: &[Item], notes: &mut Vec<Note>) -> Vec<Section> {
    let lines: Vec<&Line> = items
        .iter()
        .filter_map(|item| match item {
            Item::Line(line) => Some(*line),
            Item::Bold(_) => None,
        })
        .collect();
    let gaps = lines.iter().skip(1).filter(|l| l.gap_before).count();
    let blank_separated = gaps * 2 > lines.len().saturating_sub(1);
    let body = Body { items, cols: item_columns(items), blank_separated };
    let mut sections = vec![Section { heading: None, subheading: None, paragraphs: Vec::new() }];
    let mut run: Vec<&Line> = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let head = body.head_at(i);
        let section = sections.last_mut().expect("there is always a section");
        if head > 0 {
            flush(&mut run, section, notes);
            body.note_head(i, head, notes);
            let clean = |i: usize| reflow::join(&[body.text(i).unwrap_or_default()]);
            sections.push(Section {
                heading: Some(clean(i)),
                subheading: (head == 2).then(|| clean(i + 1)),
                paragraphs: Vec::new(),
            });
            i += head;
            continue;
        }
        match &items[i] {
            Item::Line(line) => run.push(line),
            Item::Bold(bold) => {
                flush(&mut run, section, notes);
                section.paragraphs.push(bold.clone());
            }
        }
        i += 1;
    }
    flush(&mut run, sections.last_mut().expect("there is always a section"), notes);
    if sections.len() > 1 && sections[0].paragraphs.is_empty() {
        sections.remove(0);
    }
    sections
}
