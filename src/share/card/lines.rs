//! Line breaking for share-card text, independent of fonts.
//!
//! In: one line of plain text (whitespace already collapsed to single spaces),
//! a maximum line width and a function that measures a string in the same
//! unit. Out: the lines to draw, each measuring at most the maximum width
//! (unless a single character is wider than it).
//!
//! Rules, in order of precedence:
//! - A break may fall at a space (the space is dropped) or between two
//!   characters when at least one is CJK; Latin words and digit runs such as
//!   "2024" are never split. [`fit`] refuses a word wider than a line;
//!   [`truncate`] splits it after a hyphen, or else between letters.
//! - Kinsoku: no line starts with closing punctuation or a small mark
//!   ([`NO_START`]) and none ends with opening punctuation ([`NO_END`]);
//!   "——" and "……" stay together.
//! - When the greedy result ends with an orphan (a last line of at most two
//!   characters, or under a quarter of the width), the lines are rebalanced
//!   to the narrowest width that keeps the same number of lines.

use std::ops::Range;

use crate::text::is_cjk;

/// Characters that must not begin a line.
pub const NO_START: &str = "。，、；：？！）」』】》〉〕〗〙〛］｝”’…‥—―·・％‰．｡､｣ー々ゝゞぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ.,;:?!)]}%»›";

/// Characters that must not end a line.
pub const NO_END: &str = "（「『【《〈〔〖〘〚［｛“‘([{«‹";

/// Punctuation dropped before an ellipsis that ends truncated text.
const BEFORE_ELLIPSIS: &str = "，、；：,;:·・ ";

/// A run of text that is never broken, and whether a space precedes it.
#[derive(Debug, Clone, PartialEq)]
struct Piece {
    text: String,
    space_before: bool,
}

fn no_start(c: char) -> bool {
    NO_START.contains(c)
}

fn no_end(c: char) -> bool {
    NO_END.contains(c)
}

/// Whether a line may break between `prev` and `next`, with or without a space.
fn may_break(prev: char, next: char, space: bool) -> bool {
    if no_start(next) || no_end(prev) {
        return false;
    }
    let repeated_mark = prev == next && matches!(prev, '—' | '―' | '…' | '‥');
    space || ((is_cjk(prev) || is_cjk(next)) && !repeated_mark)
}

/// Cuts `text` into pieces with a permitted break before each one but the first.
fn pieces(text: &str) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut prev: Option<char> = None;
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = prev.is_some();
            continue;
        }
        match (prev, out.last_mut()) {
            (Some(p), Some(last)) if !may_break(p, c, space) => {
                if space {
                    last.text.push(' ');
                }
                last.text.push(c);
            }
            _ => out.push(Piece { text: c.to_string(), space_before: space }),
        }
        prev = Some(c);
        space = false;
    }
    out
}

/// Splits any piece wider than `max`: after its hyphens first, then into
/// single characters.
fn split_wide(pieces: Vec<Piece>, max: f32, width: &dyn Fn(&str) -> f32) -> Vec<Piece> {
    let mut out = Vec::with_capacity(pieces.len());
    for piece in pieces {
        if width(&piece.text) <= max {
            out.push(piece);
            continue;
        }
        let mut space_before = piece.space_before;
        for part in piece.text.split_inclusive(['-', '\u{2010}']) {
            let space = std::mem::take(&mut space_before);
            if width(part) <= max {
                out.push(Piece { text: part.to_string(), space_before: space });
            } else {
                split_chars(part, space, &mut out);
            }
        }
    }
    out
}

/// One piece per character; spaces become `space_before` of the next one.
fn split_chars(text: &str, mut space_before: bool, out: &mut Vec<Piece>) {
    for c in text.chars() {
        if c == ' ' {
            space_before = true;
            continue;
        }
        out.push(Piece { text: c.to_string(), space_before: std::mem::take(&mut space_before) });
    }
}

/// The text of consecutive pieces on one line.
fn join(pieces: &[Piece]) -> String {
    let mut line = String::new();
    for (i, piece) in pieces.iter().enumerate() {
        if i > 0 && piece.space_before {
            line.push(' ');
        }
        line.push_str(&piece.text);
    }
    line
}

/// First-fit line filling: each line takes as many pieces as fit in `max`.
fn greedy(pieces: &[Piece], max: f32, width: &dyn Fn(&str) -> f32) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut start = 0;
    for end in 1..=pieces.len() {
        if end - start > 1 && width(&join(&pieces[start..end])) > max {
            lines.push(start..end - 1);
            start = end - 1;
        }
    }
    if start < pieces.len() {
        lines.push(start..pieces.len());
    }
    lines
}

fn is_orphan(line: &str, max: f32, width: &dyn Fn(&str) -> f32) -> bool {
    line.chars().filter(|c| *c != ' ').count() <= 2 || width(line) < max / 4.0
}

/// Greedy lines, rebalanced to the narrowest width with as many lines when
/// the last line would be an orphan.
fn balanced(pieces: &[Piece], max: f32, width: &dyn Fn(&str) -> f32) -> Vec<Range<usize>> {
    let lines = greedy(pieces, max, width);
    let Some(last) = lines.last() else {
        return lines;
    };
    if lines.len() < 2 || !is_orphan(&join(&pieces[last.clone()]), max, width) {
        return lines;
    }
    let widest = pieces.iter().map(|p| width(&p.text)).fold(0.0, f32::max);
    let (mut lo, mut hi) = (widest, max);
    for _ in 0..24 {
        let mid = (lo + hi) / 2.0;
        if greedy(pieces, mid, width).len() <= lines.len() {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    greedy(pieces, hi, width)
}

fn render(pieces: &[Piece], lines: &[Range<usize>]) -> Vec<String> {
    lines.iter().map(|r| join(&pieces[r.clone()])).collect()
}

/// Breaks `text` into lines no wider than `max`, or `None` when more than
/// `max_lines` lines would be needed or a word alone is wider than `max`.
pub fn fit(
    text: &str,
    max: f32,
    max_lines: usize,
    width: &dyn Fn(&str) -> f32,
) -> Option<Vec<String>> {
    let pieces = pieces(text);
    if pieces.iter().any(|p| width(&p.text) > max) {
        return None;
    }
    let lines = balanced(&pieces, max, width);
    (lines.len() <= max_lines).then(|| render(&pieces, &lines))
}

/// Like [`fit`], but text beyond `max_lines` lines is cut and the last line
/// ends with `ellipsis` (still within `max`, still obeying kinsoku).
pub fn truncate(
    text: &str,
    max: f32,
    max_lines: usize,
    ellipsis: &str,
    width: &dyn Fn(&str) -> f32,
) -> Vec<String> {
    let pieces = split_wide(pieces(text), max, width);
    let lines = balanced(&pieces, max, width);
    if lines.len() <= max_lines || max_lines == 0 {
        return render(&pieces, &lines[..lines.len().min(max_lines)]);
    }
    let mut out = render(&pieces, &lines[..max_lines - 1]);
    let rest = &pieces[lines[max_lines - 1].start..];
    out.push(last_line(rest, max, ellipsis, width));
    out
}

/// As many of `rest` as fit on one line followed by `ellipsis`.
fn last_line(rest: &[Piece], max: f32, ellipsis: &str, width: &dyn Fn(&str) -> f32) -> String {
    let fits = |n: usize| width(&with_ellipsis(join(&rest[..n]), ellipsis)) <= max;
    let count = (1..=rest.len()).take_while(|n| fits(*n)).last();
    let mut line = match count {
        Some(n) => join(&rest[..n]),
        None => rest.first().map(|p| p.text.clone()).unwrap_or_default(),
    };
    while !line.is_empty() && width(&with_ellipsis(line.clone(), ellipsis)) > max {
        line.pop();
    }
    with_ellipsis(line, ellipsis)
}

fn with_ellipsis(mut line: String, ellipsis: &str) -> String {
    while line.ends_with(|c| BEFORE_ELLIPSIS.contains(c) || no_end(c)) {
        line.pop();
    }
    line.push_str(ellipsis);
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    /// CJK characters are one unit wide, everything else half a unit.
    fn units(s: &str) -> f32 {
        s.chars().map(|c| if is_cjk(c) { 1.0 } else { 0.5 }).sum()
    }

    fn check_kinsoku(lines: &[String]) {
        for line in lines {
            let first = line.chars().next().expect("no empty lines");
            let last = line.chars().last().expect("no empty lines");
            assert!(!no_start(first), "line starts with {first:?}: {lines:?}");
            assert!(!no_end(last), "line ends with {last:?}: {lines:?}");
            assert!(!line.starts_with(' ') && !line.ends_with(' '), "{lines:?}");
        }
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        // Greedy at width 4 would put "。" and "，" and "」" at line starts.
        for text in ["甲乙丙丁。戊己", "甲乙丙丁，戊己庚", "「甲乙丙丁」戊己", "甲乙丙丁！？戊"]
        {
            let lines = fit(text, 4.0, 10, &units).expect("fits");
            check_kinsoku(&lines);
            assert_eq!(lines.concat(), text);
        }
    }

    #[test]
    fn opening_punctuation_never_ends_a_line() {
        for text in ["甲乙丙「丁戊」", "甲乙丙（丁戊）", "甲乙丙“丁戊”己", "江门高新区“热辣滚烫”"]
        {
            for max in 2..8 {
                let lines = fit(text, max as f32, 10, &units).expect("fits");
                check_kinsoku(&lines);
                assert_eq!(lines.concat(), text);
            }
        }
    }

    #[test]
    fn latin_words_and_numbers_stay_whole() {
        let text = "Jiangmen High-tech Zone's high-quality development is red hot";
        let lines = fit(text, 12.0, 10, &units).expect("fits");
        assert_eq!(lines.join(" "), text);
        for line in &lines {
            assert!(units(line) <= 12.0, "{line:?} too wide");
        }
        let lines = fit("冲刺50强冲刺2024年", 3.0, 10, &units).expect("fits");
        assert!(lines.iter().any(|l| l.contains("2024")), "{lines:?}");
        assert!(lines.iter().all(|l| !l.ends_with('5')), "{lines:?}");
    }

    #[test]
    fn digits_may_break_from_cjk() {
        let lines = fit("攀高向新 冲刺50强", 4.0, 10, &units).expect("fits");
        assert_eq!(lines, ["攀高向新", "冲刺50强"].map(String::from).to_vec());
        let lines = fit("冲刺50强", 1.5, 10, &units).expect("fits");
        assert_eq!(lines, ["冲", "刺", "50", "强"].map(String::from).to_vec());
    }

    #[test]
    fn dashes_and_ellipses_stay_together() {
        for text in ["甲乙丙——丁戊己", "甲乙丙……丁戊己", "甲乙——丙丁戊"]
        {
            for max in 2..7 {
                let lines = fit(text, max as f32, 10, &units).expect("fits");
                for line in &lines {
                    assert!(!line.starts_with('—') && !line.starts_with('…'), "{lines:?}");
                    assert!(!line.ends_with("丙—") && !line.ends_with("丙…"), "{lines:?}");
                }
                assert_eq!(lines.concat(), text);
            }
        }
    }

    #[test]
    fn a_space_at_a_break_is_dropped() {
        let lines = fit("alpha beta gamma", 4.5, 10, &units).expect("fits");
        assert_eq!(lines, ["alpha", "beta", "gamma"].map(String::from).to_vec());
    }

    #[test]
    fn orphans_are_avoided() {
        // Greedy: "甲乙丙丁戊己庚辛壬" + "癸"; balanced: five and five.
        let lines = fit("甲乙丙丁戊己庚辛壬癸", 9.0, 3, &units).expect("fits");
        assert_eq!(lines.len(), 2);
        assert!(lines.iter().all(|l| l.chars().count() == 5), "{lines:?}");
        let lines = fit("one two three four five six seven x", 16.0, 3, &units).expect("fits");
        assert!(lines.last().is_some_and(|l| l.len() > 2), "{lines:?}");
    }

    #[test]
    fn too_many_lines_is_none() {
        assert!(fit("甲乙丙丁戊己庚辛", 2.0, 3, &units).is_none());
        assert!(fit("甲乙丙丁戊己", 2.0, 3, &units).is_some());
    }

    #[test]
    fn truncation_ends_with_an_ellipsis_within_the_width() {
        let text = "甲乙丙丁戊己庚辛壬癸，子丑寅卯辰巳午未申酉戌亥";
        let lines = truncate(text, 5.0, 2, "…", &units);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'), "{lines:?}");
        assert!(lines.iter().all(|l| units(l) <= 5.0), "{lines:?}");
        check_kinsoku(&lines[..1]);
        // An opening quote or a comma is not left before the ellipsis.
        let lines = truncate("甲乙丙“丁戊己庚", 4.0, 1, "…", &units);
        assert_eq!(lines, ["甲乙丙…".to_string()]);
        let lines = truncate("甲乙，丙丁", 3.0, 1, "…", &units);
        assert_eq!(lines, ["甲乙…".to_string()]);
        let lines = truncate("Climbing higher, sprinting", 9.0, 1, "…", &units);
        assert_eq!(lines, ["Climbing higher…".to_string()]);
    }

    #[test]
    fn a_word_wider_than_a_line_is_split_only_when_truncating() {
        assert!(fit("abcdefghij", 2.0, 10, &units).is_none());
        let lines = truncate("abcdefghij", 2.0, 10, "…", &units);
        assert!(lines.iter().all(|l| units(l) <= 2.0), "{lines:?}");
        assert_eq!(lines.concat(), "abcdefghij");
        // A hyphen is preferred to an arbitrary letter.
        let lines = truncate("an extra-ordinarily long", 5.0, 10, "…", &units);
        assert_eq!(lines, ["an extra-", "ordinarily", "long"].map(String::from).to_vec());
    }
}
