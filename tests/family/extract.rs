//! The extractor: a typeset article → the raw text a PDF extractor writes.
//!
//! Every artifact of `tests/fixtures/import/ARTIFACTS.md`: bold runs written twice
//! (split at punctuation and script changes, long Han runs sometimes cut once more),
//! hard wraps with a blank line after every line (a few lines run together), the lost
//! first-line indent, justification spaces where Han meets digits or Latin letters
//! (also before a line end), two-line section heads, the display text and captions
//! piled up in any order, captions wrapped onto a second line or with their credit
//! alone on the next, credits with and without a space, a leading space and trailing
//! spaces.

use broadsheet::import::{Article, Caption};

use crate::rng::Rng;
use crate::typeset::{Kind, Press, kind, layout};

/// A change of the body column around a photo: `count` body lines from line `first`
/// are set `delta` cells wider (narrower when negative).
#[derive(Debug, Clone, Copy)]
pub struct Stretch {
    pub first: usize,
    pub count: usize,
    pub delta: f64,
    /// `first` counts paragraphs, not lines: the stretch starts with that paragraph.
    pub at_paragraph: bool,
}

/// What the extractor piles up at the end (or the start) of the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Kicker,
    Headline,
    Captions,
}

/// How a caption comes out.
#[derive(Debug, Clone, Copy, Default)]
pub struct CaptionStyle {
    /// A space between the caption and its credit.
    pub spaced: bool,
    /// Wrapped onto a second line after this many characters, when longer.
    pub wrap: Option<usize>,
    /// The credit alone on the line after a caption that ends with `。`.
    pub credit_alone: bool,
}

/// One article's print layout and extraction.
#[derive(Debug, Clone)]
pub struct Layout {
    pub seed: u64,
    pub column: f64,
    pub stretches: Vec<Stretch>,
    pub lead_column: f64,
    /// The order of the piled-up parts.
    pub order: Vec<Part>,
    /// Kicker and headline before the lead instead of after the body (captions stay
    /// at the end).
    pub display_first: bool,
    /// Body lines (by index) written right under the line before, with no blank line.
    pub tight: Vec<usize>,
    pub captions: Vec<CaptionStyle>,
    /// The share of Han–digit boundaries that get a justification space.
    pub space_p: f64,
    pub trailing_p: f64,
    pub press: Press,
}

/// The extractor's runs of one line: Han stretches (long ones sometimes cut once
/// more), each punctuation mark alone, numbers and Latin words, spaces.
fn runs(line: &str, rng: &mut Rng) -> Vec<String> {
    let mut pieces: Vec<(Kind, String)> = Vec::new();
    for c in line.chars() {
        let k = kind(c);
        match pieces.last_mut() {
            Some((last, s)) if *last == k && k != Kind::Punct => s.push(c),
            _ => pieces.push((k, c.to_string())),
        }
    }
    let mut out = Vec::new();
    for (k, s) in pieces {
        let n = s.chars().count();
        if k == Kind::Wide && n >= 8 && rng.chance(0.35) {
            let cut = rng.range(3, n - 3);
            out.push(s.chars().take(cut).collect());
            out.push(s.chars().skip(cut).collect());
        } else {
            out.push(s);
        }
    }
    out
}

/// Bold text as the extractor writes it: every run twice.
pub fn doubled(line: &str, rng: &mut Rng) -> String {
    runs(line, rng).into_iter().map(|r| if r.trim().is_empty() { r } else { r.repeat(2) }).collect()
}

/// Justification spaces where Han meets a digit or a Latin letter.
fn justify(line: &str, p: f64, rng: &mut Rng) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    for (i, c) in chars.iter().enumerate() {
        out.push(*c);
        if let Some(next) = chars.get(i + 1) {
            let pair = [kind(*c), kind(*next)];
            if pair.contains(&Kind::Wide) && pair.contains(&Kind::Narrow) && rng.chance(p) {
                out.push(' ');
            }
        }
    }
    // A number at the line end keeps the space it was justified with (`达 5` / `家`).
    if chars.last().is_some_and(|c| kind(*c) == Kind::Narrow) && rng.chance(p / 2.0) {
        out.push(' ');
    }
    out
}

/// The raw extraction of `article` set in `layout`.
pub fn raw(article: &Article, layout: &Layout) -> String {
    let mut rng = Rng::new(layout.seed);
    let mut blocks: Vec<Vec<String>> = Vec::new();
    let display = |part: Part, rng: &mut Rng, blocks: &mut Vec<Vec<String>>| match part {
        Part::Kicker => blocks.extend(article.kicker.iter().map(|k| vec![k.clone()])),
        Part::Headline => blocks.push(vec![doubled(&article.title, rng)]),
        Part::Captions => blocks.extend(caption_blocks(&article.captions, layout)),
    };
    if layout.display_first {
        for part in layout.order.iter().filter(|p| **p != Part::Captions) {
            display(*part, &mut rng, &mut blocks);
        }
    }
    if !article.lead.is_empty() {
        let lines = layout_lines(&article.lead, |_| layout.lead_column, 0.0, layout, &mut rng);
        blocks.extend(lines.iter().map(|l| vec![doubled(l, &mut rng)]));
    }
    body_blocks(article, layout, &mut rng, &mut blocks);
    for part in &layout.order {
        if !layout.display_first || *part == Part::Captions {
            display(*part, &mut rng, &mut blocks);
        }
    }
    for line in blocks.iter_mut().flatten() {
        if rng.chance(layout.trailing_p) {
            line.push_str(if rng.chance(0.5) { " " } else { "  " });
        }
    }
    let text: Vec<String> = blocks.iter().map(|b| b.join("\n")).collect();
    format!(" {}\n \n", text.join("\n\n"))
}

fn layout_lines(
    text: &str,
    target: impl Fn(usize) -> f64,
    indent: f64,
    layout: &Layout,
    rng: &mut Rng,
) -> Vec<String> {
    crate::typeset::layout(text, target, indent, layout.press, rng)
}

fn body_blocks(article: &Article, print: &Layout, rng: &mut Rng, blocks: &mut Vec<Vec<String>>) {
    let mut line_no = 0;
    let mut paragraph_no = 0;
    // Where each paragraph-anchored stretch started, once its paragraph is reached.
    let mut anchored: Vec<Stretch> =
        print.stretches.iter().filter(|s| !s.at_paragraph).copied().collect();
    for section in &article.sections {
        if let Some(heading) = &section.heading {
            let mut head = vec![heading.clone()];
            head.extend(section.subheading.clone());
            blocks.push(head);
        }
        for paragraph in &section.paragraphs {
            let start = line_no;
            for s in print.stretches.iter().filter(|s| s.at_paragraph && s.first == paragraph_no) {
                anchored.push(Stretch { first: start, at_paragraph: false, ..*s });
            }
            paragraph_no += 1;
            let column = |line: usize| {
                let delta = anchored.iter().find(|s| (s.first..s.first + s.count).contains(&line));
                print.column + delta.map_or(0.0, |s| s.delta)
            };
            let lines = layout(paragraph, |k| column(start + k), 2.0, print.press, rng);
            for line in lines {
                let text = justify(&line, print.space_p, rng);
                match blocks.last_mut() {
                    Some(block) if print.tight.contains(&line_no) => block.push(text),
                    _ => blocks.push(vec![text]),
                }
                line_no += 1;
            }
        }
    }
}

fn caption_blocks(captions: &[Caption], layout: &Layout) -> Vec<Vec<String>> {
    captions
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let style = layout.captions.get(i).copied().unwrap_or_default();
            if style.credit_alone && c.text.ends_with('。') {
                return vec![c.text.clone(), c.credit.clone()];
            }
            // Without a space a credit only follows a full stop: after a label the
            // name could not be told from the label's last characters, in print either.
            let sep = if style.spaced || !c.text.ends_with('。') { " " } else { "" };
            let full = format!("{}{sep}{}", c.text, c.credit);
            match style.wrap {
                Some(at) if c.text.chars().count() > at => {
                    let head: String = full.chars().take(at).collect();
                    let tail: String = full.chars().skip(at).collect();
                    vec![head, tail]
                }
                _ => vec![full],
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bold_runs_are_written_twice_piece_by_piece() {
        let mut rng = Rng::new(1);
        assert_eq!(doubled("2024年2月", &mut rng), "20242024年年22月月");
        assert_eq!(doubled("“无边”", &mut rng), "““无边无边””");
    }
}
