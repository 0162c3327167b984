//! What changed between two versions of a unit, as a word and character diff.
//!
//! In: the old and the new text. Out: pieces, each the same, removed or added,
//! in order; joined, the same and removed pieces give the old text and the same
//! and added pieces the new one. Latin words, numbers and runs of white space
//! are compared whole, every other character (each Chinese character, each
//! punctuation mark) on its own, so a Chinese correction shows as the
//! characters that changed and an English one as the words. Pure.

use serde::Serialize;
use similar::{Algorithm, DiffOp, capture_diff_slices};

/// How a piece of text changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    Same,
    Removed,
    Added,
}

/// A run of text that changed the same way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Piece {
    pub change: Change,
    pub text: String,
}

pub fn diff(old: &str, new: &str) -> Vec<Piece> {
    let (a, b) = (tokens(old), tokens(new));
    let mut pieces: Vec<Piece> = Vec::new();
    let mut push = |change: Change, toks: &[&str]| {
        if toks.is_empty() {
            return;
        }
        match pieces.last_mut() {
            Some(last) if last.change == change => last.text.extend(toks.iter().copied()),
            _ => pieces.push(Piece { change, text: toks.concat() }),
        }
    };
    for op in capture_diff_slices(Algorithm::Myers, &a, &b) {
        match op {
            DiffOp::Equal { old_index, len, .. } => {
                push(Change::Same, &a[old_index..old_index + len])
            }
            DiffOp::Delete { old_index, old_len, .. } => {
                push(Change::Removed, &a[old_index..old_index + old_len])
            }
            DiffOp::Insert { new_index, new_len, .. } => {
                push(Change::Added, &b[new_index..new_index + new_len])
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                push(Change::Removed, &a[old_index..old_index + old_len]);
                push(Change::Added, &b[new_index..new_index + new_len]);
            }
        }
    }
    pieces
}

/// The diff on one line, wdiff style: `[-removed-]{+added+}`, with unchanged
/// runs longer than twice `context` characters shortened to their ends.
pub fn inline(pieces: &[Piece], context: usize) -> String {
    let mut out = String::new();
    for (i, p) in pieces.iter().enumerate() {
        match p.change {
            Change::Removed => {
                out.push_str("[-");
                out.push_str(&p.text);
                out.push_str("-]");
            }
            Change::Added => {
                out.push_str("{+");
                out.push_str(&p.text);
                out.push_str("+}");
            }
            Change::Same => out.push_str(&shorten(&p.text, context, i > 0, i + 1 < pieces.len())),
        }
    }
    out.replace('\n', " ")
}

/// An unchanged run with only `context` characters kept next to each change.
fn shorten(text: &str, context: usize, change_before: bool, change_after: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let keep_start = if change_before { context } else { 0 };
    let keep_end = if change_after { context } else { 0 };
    if chars.len() <= keep_start + keep_end + 1 {
        return text.to_string();
    }
    let head: String = chars[..keep_start].iter().collect();
    let tail: String = chars[chars.len() - keep_end..].iter().collect();
    format!("{head}…{tail}")
}

/// Latin words and numbers whole, white space runs whole, anything else alone.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    let class = |c: char| {
        if c.is_ascii_alphanumeric() || c == '_' {
            1
        } else if c.is_whitespace() {
            2
        } else {
            0
        }
    };
    let mut last = 0;
    for (i, c) in text.char_indices() {
        let k = class(c);
        if let Some(s) = start
            && (k == 0 || k != last)
        {
            out.push(&text[s..i]);
            start = None;
        }
        if k == 0 {
            out.push(&text[i..i + c.len_utf8()]);
        } else if start.is_none() {
            start = Some(i);
        }
        last = k;
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(pieces: &[Piece], skip: Change) -> String {
        pieces.iter().filter(|p| p.change != skip).map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn chinese_changes_show_as_characters_and_english_as_words() {
        let d = diff("投资5亿元建设。", "投资6亿元建设。");
        assert_eq!(inline(&d, 10), "投资[-5-]{+6+}亿元建设。");
        let d = diff("the quick brown fox", "the slow brown fox");
        assert_eq!(inline(&d, 10), "the [-quick-]{+slow+} brown fox");
    }

    #[test]
    fn both_texts_can_be_read_back_from_the_pieces() {
        let (old, new) = ("第一句。第二句有错。", "第一句。第二句改正了，\n还有第三句。");
        let d = diff(old, new);
        assert_eq!(side(&d, Change::Added), old);
        assert_eq!(side(&d, Change::Removed), new);
    }

    #[test]
    fn long_unchanged_runs_are_shortened_around_the_change() {
        let old = format!("{}甲{}", "一".repeat(30), "二".repeat(30));
        let new = format!("{}乙{}", "一".repeat(30), "二".repeat(30));
        let shown = inline(&diff(&old, &new), 3);
        assert_eq!(shown, "…一一一[-甲-]{+乙+}二二二…");
    }

    #[test]
    fn tokens_split_words_space_and_characters() {
        assert_eq!(tokens("ab 12中文,x"), vec!["ab", " ", "12", "中", "文", ",", "x"]);
    }
}
