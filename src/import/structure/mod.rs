//! Numbered lines → the article's parts: kicker, headline, lead, sections, captions.
//!
//! Takes the raw text; returns an [`Article`] or says why the text is not an article
//! of this family. Pure, no I/O. Invariant: every line of the raw text ends up in
//! exactly one part (a caption, the headline, the kicker, the lead or the body), so
//! nothing is dropped silently; where a line fits no rule it stays in the body, where
//! an editor will see it.
//!
//! The parts are told apart by their shape, never by their words or position in the
//! file, because the extractor's order varies:
//! - a caption ends with a credit `NAME/摄`, and may be wrapped onto a line before it
//!   (or have its credit alone on the next line); lines printed as one block, with no
//!   blank line between where every other line has one, belong together ([`credits`]);
//! - doubled (bold) text is the lead (the doubled paragraph) and the headline (doubled
//!   display text, short, with no full stop);
//! - the kicker is a short undoubled display line next to the headline once the
//!   captions are set aside, whether or not the article has section heads
//!   ([`display`]);
//! - a section head is two short lines without prose punctuation inside the body, the
//!   subheading possibly wider when printed in one block with its head ([`body`]);
//! - everything else is body text, which [`reflow`] turns into paragraphs.
//!
//! [`explain`] gives, with the article, a [`Note`] per display line, caption credit,
//! section head and paragraph decision: what `broadsheet import --explain` prints.

mod body;
mod credits;
mod display;
#[cfg(test)]
mod tests;

use body::sections;
use credits::collect_captions;
use display::{doubled_units, find_kicker, take_headline, take_lead};

use super::captions::split_credit;
use super::input::{self, Line};
use super::reflow;
use super::text::{has_wide_letter, width};
use super::undouble::undouble;
use super::{Article, ImportError};

/// What one line is, before it is placed in the article.
#[derive(Debug, Clone)]
enum Kind {
    /// Doubled bold text, already undoubled.
    Doubled(String),
    /// A line ending with a photo credit: the text before it, and the credit.
    Credit(String, String),
    /// Anything else: body text, a kicker, a section head, a wrapped caption line.
    Plain,
}

/// Consecutive doubled lines that belong together: the lead, a headline, a bold line.
#[derive(Debug, Clone)]
struct Unit {
    /// First and last position in the sequence of non-caption lines.
    first: usize,
    last: usize,
    text: String,
}

/// One piece of body text, in reading order.
#[derive(Debug, Clone)]
enum Item<'a> {
    /// A wrapped line of prose (or a section head line).
    Line(&'a Line),
    /// Doubled text that is neither lead nor headline: its own paragraph.
    Bold(String),
}
/// One piece of evidence for `broadsheet import --explain`: a line of the raw file,
/// what it was taken for and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// The 1-based line in the raw file.
    pub line: usize,
    pub text: String,
}

/// Parses the raw extraction of one article.
pub fn parse(raw: &str) -> Result<Article, ImportError> {
    explain(raw).map(|(article, _)| article)
}

/// [`parse`], with the evidence behind every display line and paragraph end, in
/// the order of the raw file's lines.
pub fn explain(raw: &str) -> Result<(Article, Vec<Note>), ImportError> {
    let lines = input::lines(raw)?;
    refuse_non_article(&lines)?;
    let kinds: Vec<Kind> = lines.iter().map(|l| classify(&l.text)).collect();
    let (captions, in_caption) = collect_captions(&lines, &kinds);
    // From here on, positions refer to this sequence of the lines that are not captions.
    let rest: Vec<usize> = (0..lines.len()).filter(|i| !in_caption[*i]).collect();
    let mut units = doubled_units(&kinds, &rest);
    let headline = take_headline(&mut units).ok_or_else(|| {
        ImportError::not_an_article(
            None,
            "no headline found: expected a line of doubled bold text, every run written twice (`标题标题““热辣热辣””`); pass the raw extraction, not a cleaned text",
        )
    })?;
    let lead = take_lead(&mut units);
    let body_column = median(
        rest.iter().filter(|p| matches!(kinds[**p], Kind::Plain)).map(|p| width(&lines[*p].text)),
    );
    let kicker = find_kicker(&lines, &kinds, &rest, &headline, body_column);
    let display = Display { headline: &headline, lead: lead.as_ref(), kicker };
    let items = body_items(&lines, &kinds, &rest, &units, &display);
    let mut notes = display_notes(&lines, &rest, &display, body_column);
    notes.extend(caption_notes(&lines, &kinds, &in_caption));
    let sections = sections(&items, &mut notes);
    if sections.iter().all(|s| s.paragraphs.is_empty()) {
        return Err(ImportError::not_an_article(
            None,
            "no body text found besides the headline, lead and captions; pass the whole extraction of the article",
        ));
    }
    notes.sort_by_key(|n| n.line);
    let article = Article {
        kicker: kicker.map(|pos| reflow::join(&[lines[rest[pos]].text.as_str()])),
        title: headline.text,
        lead: lead.map(|u| u.text).unwrap_or_default(),
        sections,
        captions,
    };
    Ok((article, notes))
}

/// The display text found: positions in the sequence of non-caption lines.
struct Display<'u> {
    headline: &'u Unit,
    lead: Option<&'u Unit>,
    kicker: Option<usize>,
}

impl Display<'_> {
    fn takes(&self, pos: usize) -> bool {
        let taken = |u: &Unit| (u.first..=u.last).contains(&pos);
        taken(self.headline) || self.lead.is_some_and(taken) || self.kicker == Some(pos)
    }
}

/// An empty file, or one without Chinese text, is no article of this family.
fn refuse_non_article(lines: &[Line]) -> Result<(), ImportError> {
    if lines.is_empty() {
        return Err(ImportError::Empty { path: super::error::RAW_PLACEHOLDER.into() });
    }
    if !lines.iter().any(|l| has_wide_letter(&l.text)) {
        return Err(ImportError::not_an_article(
            None,
            "no chinese text found; `broadsheet import` reads the raw text extraction of a chinese newspaper article",
        ));
    }
    Ok(())
}

/// The body in reading order: every non-caption line that is not display text, and
/// the doubled units left (bold paragraphs).
fn body_items<'a>(
    lines: &'a [Line],
    kinds: &[Kind],
    rest: &[usize],
    units: &[Unit],
    display: &Display,
) -> Vec<Item<'a>> {
    let mut items = Vec::new();
    for (pos, index) in rest.iter().enumerate() {
        if display.takes(pos) {
            continue;
        }
        match &kinds[*index] {
            Kind::Plain => items.push(Item::Line(&lines[*index])),
            Kind::Doubled(_) => {
                if let Some(unit) = units.iter().find(|u| u.first == pos) {
                    items.push(Item::Bold(unit.text.clone()));
                }
            }
            // Every credit line went into a caption, out of `rest`.
            Kind::Credit(..) => {}
        }
    }
    items
}

/// What `--explain` says about the headline, the lead and the kicker.
fn display_notes(lines: &[Line], rest: &[usize], display: &Display, body_column: f32) -> Vec<Note> {
    let no = |pos: usize| lines[rest[pos]].no;
    let mut notes = vec![Note {
        line: no(display.headline.first),
        text: format!(
            "headline: doubled display text ({} cells, no full stop), the widest such",
            width(&display.headline.text)
        ),
    }];
    if let Some(lead) = display.lead {
        notes.push(Note {
            line: no(lead.first),
            text: format!(
                "lead: the widest doubled text left, lines {} to {}",
                no(lead.first),
                no(lead.last)
            ),
        });
    }
    if let Some(pos) = display.kicker {
        let side = if pos < display.headline.first { "before" } else { "after" };
        notes.push(Note {
            line: no(pos),
            text: format!(
                "kicker: a short undoubled display line ({} cells against a body column of {body_column}) {side} the headline",
                width(&lines[rest[pos]].text)
            ),
        });
    }
    notes
}

/// What `--explain` says about each caption's credit line.
fn caption_notes(lines: &[Line], kinds: &[Kind], in_caption: &[bool]) -> Vec<Note> {
    let mut notes = Vec::new();
    for (i, kind) in kinds.iter().enumerate() {
        if let Kind::Credit(text, credit) = kind {
            let wrapped = (0..i)
                .rev()
                .take_while(|j| in_caption[*j] && !matches!(kinds[*j], Kind::Credit(..)))
                .count();
            let how = match (text.is_empty(), wrapped) {
                (true, _) => "a credit alone, its caption on the line before".to_owned(),
                (false, 0) => "a caption ending with its credit".to_owned(),
                (false, n) => {
                    format!("a caption ending with its credit, wrapped from {n} line(s) before")
                }
            };
            notes.push(Note { line: lines[i].no, text: format!("caption: {how} `{credit}`") });
        }
    }
    notes
}

fn classify(text: &str) -> Kind {
    if let Some((caption, credit)) = split_credit(text) {
        return Kind::Credit(caption, credit);
    }
    match undouble(text) {
        Some(plain) if has_wide_letter(&plain) => Kind::Doubled(plain),
        _ => Kind::Plain,
    }
}
/// The median of some widths (0 for none).
pub(super) fn median(values: impl Iterator<Item = f32>) -> f32 {
    let mut v: Vec<f32> = values.collect();
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f32::total_cmp);
    v[v.len() / 2]
}
