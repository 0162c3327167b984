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
//! - a caption ends with a credit `NAME/摄`, and may be wrapped onto a line before it;
//! - doubled (bold) text is the lead (the doubled paragraph) and the headline (doubled
//!   display text, short, with no full stop);
//! - the kicker is a short undoubled display line next to the headline;
//! - a section head is two short lines without prose punctuation inside the body;
//! - everything else is body text, which [`reflow`] turns into paragraphs.

use super::captions::split_credit;
use super::column;
use super::input::{self, Line};
use super::reflow;
use super::text::{ends_sentence, has_prose_punct, has_wide_letter, width};
use super::undouble::undouble;
use super::{Article, Caption, ImportError, Section};

/// A wrapped caption's first line filled the caption's column, which is never
/// narrower than this; a shorter line before a credit is something else (a kicker).
const MIN_WRAPPED_CAPTION: f32 = 12.0;

/// A caption wraps onto at most this many lines before its credit line.
const MAX_CAPTION_WRAPS: usize = 2;

/// Inside a block of doubled lines, a line shorter than this share of the block's
/// widest line, not ending a sentence, is display text (a headline) rather than a
/// line of the wrapped lead.
const DISPLAY_SHARE: f32 = 0.7;

/// Display text (headline, kicker) is never wider than this many cells.
const MAX_DISPLAY: f32 = 40.0;

/// A kicker is short next to the body column.
const KICKER_SHARE: f32 = 0.75;

/// A section head line is clearly shorter than the local column.
const HEAD_SHARE: f32 = 0.75;

/// A head without a subheading is a single line, so it must be shorter still to be
/// told from a short line of prose.
const SINGLE_HEAD_SHARE: f32 = 0.6;

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

/// Parses the raw extraction of one article.
pub fn parse(raw: &str) -> Result<Article, ImportError> {
    let lines = input::lines(raw)?;
    if lines.is_empty() {
        return Err(ImportError::Empty { path: super::error::RAW_PLACEHOLDER.into() });
    }
    if !lines.iter().any(|l| has_wide_letter(&l.text)) {
        return Err(ImportError::not_an_article(
            None,
            "no chinese text found; `broadsheet import` reads the raw text extraction of a chinese newspaper article",
        ));
    }
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
    let body_column = median(rest.iter().filter(|p| matches!(kinds[**p], Kind::Plain)).map(|p| width(&lines[*p].text)));
    let kicker = find_kicker(&lines, &kinds, &rest, &headline, body_column);

    let mut items = Vec::new();
    for (pos, index) in rest.iter().enumerate() {
        let taken = |u: &Unit| (u.first..=u.last).contains(&pos);
        if taken(&headline) || lead.as_ref().is_some_and(taken) || kicker == Some(pos) {
            continue;
        }
        match &kinds[*index] {
            Kind::Plain => items.push(Item::Line(&lines[*index])),
            Kind::Doubled(_) => {
                if let Some(unit) = units.iter().find(|u| u.first == pos) {
                    items.push(Item::Bold(unit.text.clone()));
                }
            }
            Kind::Credit(..) => unreachable!("captions were taken out of `rest`"),
        }
    }
    let sections = sections(&items);
    if sections.iter().all(|s| s.paragraphs.is_empty()) {
        return Err(ImportError::not_an_article(
            None,
            "no body text found besides the headline, lead and captions; pass the whole extraction of the article",
        ));
    }
    Ok(Article {
        kicker: kicker.map(|pos| reflow::join(&[lines[rest[pos]].text.as_str()])),
        title: headline.text,
        lead: lead.map(|u| u.text).unwrap_or_default(),
        sections,
        captions,
    })
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

/// Finds the captions: each credit line, with the lines it was wrapped from. Returns
/// them in order and marks the lines they use.
fn collect_captions(lines: &[Line], kinds: &[Kind]) -> (Vec<Caption>, Vec<bool>) {
    // Most extractions put a blank line after every line; there, the lines of one
    // wrapped caption are the ones with no blank line between them.
    let gaps = lines.iter().skip(1).filter(|l| l.gap_before).count();
    let blank_separated = gaps * 2 > lines.len().saturating_sub(1);
    let boundary = |j: usize| match &kinds[j] {
        Kind::Credit(..) | Kind::Doubled(_) => true,
        Kind::Plain => ends_sentence(&lines[j].text),
    };
    let mut used = vec![false; lines.len()];
    let mut captions = Vec::new();
    for (c, kind) in kinds.iter().enumerate() {
        let Kind::Credit(text, credit) = kind else { continue };
        let mut start = c;
        while start > 0 && c - start < MAX_CAPTION_WRAPS {
            let j = start - 1;
            let line = &lines[j];
            // A credit alone on its line wrapped right after the caption's full stop.
            let may_end_sentence = start == c && text.is_empty();
            let continues = matches!(kinds[j], Kind::Plain)
                && !used[j]
                && (!blank_separated || !lines[start].gap_before)
                && (may_end_sentence || !ends_sentence(&line.text))
                && width(&line.text) >= MIN_WRAPPED_CAPTION;
            if !continues {
                break;
            }
            start = j;
        }
        // Wrapped lines follow a finished paragraph or caption; a line in the middle
        // of a paragraph is prose that happens to sit next to a caption.
        if start < c && start > 0 && !boundary(start - 1) {
            start = c;
        }
        let mut parts: Vec<&str> = lines[start..c].iter().map(|l| l.text.as_str()).collect();
        parts.push(text);
        used[start..=c].iter_mut().for_each(|u| *u = true);
        captions.push(Caption { text: reflow::join(&parts), credit: credit.clone() });
    }
    (captions, used)
}

/// Groups consecutive doubled lines into blocks and cuts each block into units: a
/// headline set right before or after the lead comes out as one block with it.
fn doubled_units(kinds: &[Kind], rest: &[usize]) -> Vec<Unit> {
    let text_at = |pos: usize| match &kinds[rest[pos]] {
        Kind::Doubled(text) => Some(text.as_str()),
        _ => None,
    };
    let mut units = Vec::new();
    let mut pos = 0;
    while pos < rest.len() {
        if text_at(pos).is_none() {
            pos += 1;
            continue;
        }
        let start = pos;
        while pos < rest.len() && text_at(pos).is_some() {
            pos += 1;
        }
        let block: Vec<&str> = (start..pos).filter_map(text_at).collect();
        let widest = block.iter().map(|t| width(t)).fold(0.0, f32::max);
        // A short line that does not end a sentence cannot be a wrapped lead line (they
        // fill the lead's column); the first line may end with `！` as a headline does.
        let display: Vec<bool> = block
            .iter()
            .enumerate()
            .map(|(k, t)| block.len() > 1 && width(t) < DISPLAY_SHARE * widest && (k == 0 || !ends_sentence(t)))
            .collect();
        let mut k = 0;
        while k < block.len() {
            let from = k;
            while k < block.len() && display[k] == display[from] {
                k += 1;
            }
            units.push(Unit { first: start + from, last: start + k - 1, text: reflow::join(&block[from..k]) });
        }
    }
    units
}

/// Display text: short, no full stop, not a sentence.
fn is_display(text: &str) -> bool {
    width(text) <= MAX_DISPLAY && !text.contains(['。', '；', '：', ';']) && !text.ends_with(['…', '，', '、'])
}

/// The headline is the widest doubled display text; when no doubled text looks like
/// display text, the shorter of two doubled units (a headline ending with `！`).
fn take_headline(units: &mut Vec<Unit>) -> Option<Unit> {
    let widest_display = (0..units.len())
        .filter(|i| is_display(&units[*i].text))
        .max_by(|a, b| width(&units[*a].text).total_cmp(&width(&units[*b].text)).then(b.cmp(a)));
    let pick = widest_display.or_else(|| {
        (units.len() >= 2).then(|| {
            (0..units.len()).min_by(|a, b| width(&units[*a].text).total_cmp(&width(&units[*b].text))).unwrap_or(0)
        })
    })?;
    Some(units.remove(pick))
}

/// The lead is the widest remaining doubled unit: the bold paragraph.
fn take_lead(units: &mut Vec<Unit>) -> Option<Unit> {
    let pick = (0..units.len())
        .max_by(|a, b| width(&units[*a].text).total_cmp(&width(&units[*b].text)).then(b.cmp(a)))?;
    Some(units.remove(pick))
}

/// A kicker candidate: a short undoubled display line.
fn is_kicker(line: &Line, kind: &Kind, body_column: f32) -> bool {
    matches!(kind, Kind::Plain)
        && !has_prose_punct(&line.text)
        && !ends_sentence(&line.text)
        && is_display(&line.text)
        && width(&line.text) <= KICKER_SHARE * body_column
}

/// The kicker sits right before the headline or right after it (captions aside).
/// Before wins: that is where print sets a kicker. After the headline, short lines
/// may also be the first section head, which comes in pairs; an odd count of short
/// lines there means the first is the kicker.
fn find_kicker(lines: &[Line], kinds: &[Kind], rest: &[usize], headline: &Unit, body_column: f32) -> Option<usize> {
    let short = |pos: usize| is_kicker(&lines[rest[pos]], &kinds[rest[pos]], body_column);
    if headline.first > 0 && short(headline.first - 1) {
        return Some(headline.first - 1);
    }
    let after = headline.last + 1;
    let run = (after..rest.len()).take_while(|p| short(*p)).count();
    (run % 2 == 1).then_some(after)
}

/// Cuts the body into sections at the section heads and reflows each stretch of
/// lines into paragraphs.
fn sections(items: &[Item]) -> Vec<Section> {
    let line_widths: Vec<f32> = items
        .iter()
        .filter_map(|item| match item {
            Item::Line(line) => Some(width(&line.text)),
            Item::Bold(_) => None,
        })
        .collect();
    let line_cols = column::local(&line_widths);
    // The local column of each item; bold items take their neighbour's.
    let mut cols = Vec::with_capacity(items.len());
    let mut next_line = 0;
    for item in items {
        cols.push(line_cols.get(next_line.min(line_cols.len().saturating_sub(1))).copied().unwrap_or(0.0));
        if matches!(item, Item::Line(_)) {
            next_line += 1;
        }
    }
    let text = |i: usize| match &items[i] {
        Item::Line(line) => Some(line.text.as_str()),
        Item::Bold(_) => None,
    };
    let headish = |i: usize, share: f32| {
        text(i).is_some_and(|t| !has_prose_punct(t) && !ends_sentence(t) && width(t) <= share * cols[i])
    };
    // A head follows a finished paragraph, or opens the body.
    let after_paragraph = |i: usize| i == 0 || text(i - 1).is_none_or(ends_sentence);

    let mut sections = vec![Section { heading: None, subheading: None, paragraphs: Vec::new() }];
    let mut run: Vec<&str> = Vec::new();
    let flush = |run: &mut Vec<&str>, section: &mut Section| {
        if !run.is_empty() {
            section.paragraphs.extend(reflow::paragraphs(run));
            run.clear();
        }
    };
    let mut i = 0;
    while i < items.len() {
        let pair = i + 2 < items.len()
            && after_paragraph(i)
            && headish(i, HEAD_SHARE)
            && headish(i + 1, HEAD_SHARE)
            && !headish(i + 2, HEAD_SHARE);
        let single = !pair
            && i + 1 < items.len()
            && after_paragraph(i)
            && headish(i, SINGLE_HEAD_SHARE)
            && !headish(i + 1, HEAD_SHARE);
        if pair || single {
            flush(&mut run, sections.last_mut().expect("there is always a section"));
            let clean = |i: usize| reflow::join(&[text(i).unwrap_or_default()]);
            sections.push(Section {
                heading: Some(clean(i)),
                subheading: pair.then(|| clean(i + 1)),
                paragraphs: Vec::new(),
            });
            i += if pair { 2 } else { 1 };
            continue;
        }
        match &items[i] {
            Item::Line(line) => run.push(&line.text),
            Item::Bold(bold) => {
                let section = sections.last_mut().expect("there is always a section");
                flush(&mut run, section);
                section.paragraphs.push(bold.clone());
            }
        }
        i += 1;
    }
    flush(&mut run, sections.last_mut().expect("there is always a section"));
    if sections.len() > 1 && sections[0].paragraphs.is_empty() {
        sections.remove(0);
    }
    sections
}

/// The median of some widths (0 for none).
fn median(values: impl Iterator<Item = f32>) -> f32 {
    let mut v: Vec<f32> = values.collect();
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f32::total_cmp);
    v[v.len() / 2]
}
