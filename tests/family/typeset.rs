//! Print: a clean paragraph set into lines of a column, as the newspaper does.
//!
//! It knows nothing of the importer's rules. It models what print does to text, with
//! the raggedness measured on the seed: a column whose width jitters by half a cell
//! from line to line, punctuation squeezed to half a cell (a few marks set
//! full-width), kinsoku (a closing mark hangs at the line end, an opening mark never
//! ends a line, a number is never split), and the two-cell indent of a paragraph's
//! first line, which the extraction loses.

use crate::rng::Rng;

/// The characters' kinds as print sets them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Wide,
    Punct,
    Narrow,
    Space,
}

const PUNCT: &str = "，。、；：？！“”‘’（）《》「」…—·";
const CLOSERS: &str = "，。、；：？！”’）》」…";
const OPENERS: &str = "“‘（《「";

pub fn kind(c: char) -> Kind {
    if c == ' ' {
        Kind::Space
    } else if PUNCT.contains(c) {
        Kind::Punct
    } else if c.is_ascii() {
        Kind::Narrow
    } else {
        Kind::Wide
    }
}

/// How ragged print is.
#[derive(Debug, Clone, Copy)]
pub struct Press {
    /// The share of punctuation marks set in a full cell instead of half of one.
    pub punct_full: f64,
}

impl Press {
    /// As measured on the seed.
    pub const SEEDLIKE: Press = Press { punct_full: 0.05 };
}

/// Per-line jitter of the column, in cells, as measured on the seed.
const JITTER: [f64; 7] = [-0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.5];

fn print_width(c: char, press: Press, rng: &mut Rng) -> f64 {
    match kind(c) {
        Kind::Wide => 1.0,
        Kind::Narrow => 0.5,
        Kind::Punct if rng.chance(press.punct_full) => 1.0,
        Kind::Punct => 0.5,
        Kind::Space => 0.25,
    }
}

/// Sets `text` into lines: line `k` is set at column `target(k)`, the first one
/// `indent` cells in. Greedy, as newspaper typesetting is, with kinsoku.
pub fn layout(
    text: &str,
    target: impl Fn(usize) -> f64,
    indent: f64,
    press: Press,
    rng: &mut Rng,
) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut lines = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let k = lines.len();
        let room = target(k) - if k == 0 { indent } else { 0.0 } + *rng.pick(&JITTER);
        let mut used = 0.0;
        let mut j = i;
        while j < chars.len() {
            let w = print_width(chars[j], press, rng);
            if used + w > room && j > i {
                break;
            }
            used += w;
            j += 1;
        }
        if j < chars.len() {
            j = kinsoku(&chars, i, j);
        }
        lines.push(chars[i..j].iter().collect());
        i = j;
    }
    lines
}

/// Moves a break at `j` (the line being `i..j`) to where print allows it.
fn kinsoku(chars: &[char], i: usize, mut j: usize) -> usize {
    while j > i + 1 && kind(chars[j - 1]) == Kind::Narrow && kind(chars[j]) == Kind::Narrow {
        j -= 1;
    }
    let mut hang = 0;
    while j < chars.len() && CLOSERS.contains(chars[j]) && hang < 2 {
        j += 1;
        hang += 1;
    }
    while j > i + 1 && OPENERS.contains(chars[j - 1]) {
        j -= 1;
    }
    j
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_keep_every_character_and_obey_kinsoku() {
        let text = "清晨六点，古劳镇连城村的河涌上已有小船往来。“以前我们靠种桑养鱼过日子，现在游客多了，撑船一天能挣2300元。”梁伯笑着说。";
        for seed in 0..50 {
            let lines = layout(text, |_| 12.0, 2.0, Press::SEEDLIKE, &mut Rng::new(seed));
            assert_eq!(lines.concat(), text);
            for line in &lines[1..] {
                assert!(!line.starts_with(['，', '。', '”']), "{lines:?}");
            }
            for line in &lines {
                assert!(!line.ends_with('“'), "{lines:?}");
            }
        }
    }
}
