//! Photo captions: each credit line `NAME/摄`, with the lines its caption was
//! wrapped from.
//!
//! Takes the classified lines; returns the captions in order and which lines they
//! used. Pure, no I/O.

use super::super::Caption;
use super::super::input::Line;
use super::super::reflow;
use super::super::text::{ends_sentence, width};
use super::Kind;

/// A wrapped caption's first line filled the caption's column, which is never
/// narrower than this; a shorter line before a credit is something else (a kicker).
const MIN_WRAPPED_CAPTION: f32 = 12.0;

/// A caption wraps onto at most this many lines before its credit line.
const MAX_CAPTION_WRAPS: usize = 2;
/// Finds the captions: each credit line, with the lines it was wrapped from. Returns
/// them in order and marks the lines they use.
pub(super) fn collect_captions(lines: &[Line], kinds: &[Kind]) -> (Vec<Caption>, Vec<bool>) {
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
        // A credit alone on its line, right under a sentence with no blank line
        // between, in an extraction that puts one after every other line: the
        // sentence is its caption, however short.
        let glued = text.is_empty()
            && blank_separated
            && c > 0
            && !lines[c].gap_before
            && matches!(kinds[c - 1], Kind::Plain)
            && ends_sentence(&lines[c - 1].text);
        while start > 0 && c - start < MAX_CAPTION_WRAPS {
            let j = start - 1;
            let line = &lines[j];
            // A credit alone on its line wrapped right after the caption's full stop.
            let may_end_sentence = start == c && text.is_empty();
            let continues = matches!(kinds[j], Kind::Plain)
                && !used[j]
                && (!blank_separated || !lines[start].gap_before)
                && (may_end_sentence || !ends_sentence(&line.text))
                && (width(&line.text) >= MIN_WRAPPED_CAPTION || glued && start == c);
            if !continues {
                break;
            }
            start = j;
        }
        // Wrapped lines follow a finished paragraph or caption; a line in the middle
        // of a paragraph is prose that happens to sit next to a caption. Where a
        // blank line follows every other line, the missing one already says the
        // lines belong together, whatever comes before them (a kicker, say).
        if start < c && start > 0 && !boundary(start - 1) && !glued && !blank_separated {
            start = c;
        }
        let mut parts: Vec<&str> = lines[start..c].iter().map(|l| l.text.as_str()).collect();
        parts.push(text);
        used[start..=c].iter_mut().for_each(|u| *u = true);
        captions.push(Caption { text: reflow::join(&parts), credit: credit.clone() });
    }
    (captions, used)
}
