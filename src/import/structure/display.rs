//! Display text: the headline and the lead among the doubled lines, the kicker
//! among the short undoubled ones next to the headline.
//!
//! Takes the classified lines that are not captions; returns positions in that
//! sequence. Pure, no I/O.

use super::super::input::Line;
use super::super::reflow;
use super::super::text::{ends_sentence, has_prose_punct, width};
use super::{Kind, Unit};

/// Inside a block of doubled lines, a line shorter than this share of the block's
/// widest line, not ending a sentence, is display text (a headline) rather than a
/// line of the wrapped lead.
const DISPLAY_SHARE: f32 = 0.7;

/// Display text (headline, kicker) is never wider than this many cells.
const MAX_DISPLAY: f32 = 40.0;

/// A kicker is short next to the body column.
const KICKER_SHARE: f32 = 0.75;
/// Groups consecutive doubled lines into blocks and cuts each block into units: a
/// headline set right before or after the lead comes out as one block with it.
pub(super) fn doubled_units(kinds: &[Kind], rest: &[usize]) -> Vec<Unit> {
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
            .map(|(k, t)| {
                block.len() > 1
                    && width(t) < DISPLAY_SHARE * widest
                    && (k == 0 || !ends_sentence(t))
            })
            .collect();
        let mut k = 0;
        while k < block.len() {
            let from = k;
            while k < block.len() && display[k] == display[from] {
                k += 1;
            }
            units.push(Unit {
                first: start + from,
                last: start + k - 1,
                text: reflow::join(&block[from..k]),
            });
        }
    }
    units
}

/// Display text: short, no full stop, not a sentence.
pub(super) fn is_display(text: &str) -> bool {
    width(text) <= MAX_DISPLAY
        && !text.contains(['。', '；', '：', ';'])
        && !text.ends_with(['…', '，', '、'])
}

/// The headline is the widest doubled display text; when no doubled text looks like
/// display text, the shorter of two doubled units (a headline ending with `！`).
pub(super) fn take_headline(units: &mut Vec<Unit>) -> Option<Unit> {
    let widest_display = (0..units.len())
        .filter(|i| is_display(&units[*i].text))
        .max_by(|a, b| width(&units[*a].text).total_cmp(&width(&units[*b].text)).then(b.cmp(a)));
    let pick = widest_display.or_else(|| {
        (units.len() >= 2).then(|| {
            (0..units.len())
                .min_by(|a, b| width(&units[*a].text).total_cmp(&width(&units[*b].text)))
                .unwrap_or(0)
        })
    })?;
    Some(units.remove(pick))
}

/// The lead is the widest remaining doubled unit: the bold paragraph.
pub(super) fn take_lead(units: &mut Vec<Unit>) -> Option<Unit> {
    let pick = (0..units.len())
        .max_by(|a, b| width(&units[*a].text).total_cmp(&width(&units[*b].text)).then(b.cmp(a)))?;
    Some(units.remove(pick))
}

/// A kicker candidate: a short undoubled display line.
pub(super) fn is_kicker(line: &Line, kind: &Kind, body_column: f32) -> bool {
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
pub(super) fn find_kicker(
    lines: &[Line],
    kinds: &[Kind],
    rest: &[usize],
    headline: &Unit,
    body_column: f32,
) -> Option<usize> {
    let short = |pos: usize| is_kicker(&lines[rest[pos]], &kinds[rest[pos]], body_column);
    if headline.first > 0 && short(headline.first - 1) {
        return Some(headline.first - 1);
    }
    let after = headline.last + 1;
    let run = (after..rest.len()).take_while(|p| short(*p)).count();
    (run % 2 == 1).then_some(after)
}
