//! Sentences and clauses of a paragraph, as byte ranges into it.
//!
//! In: one paragraph of Chinese text. Out: the ranges of its sentences (a quote
//! is one of them, copied verbatim) and, within a sentence, of its clauses (a
//! label is made from one). A sentence ends after 。！？ (or ! ?) together with
//! the closing quotes right after it, or at the paragraph's end, so
//! `“……点赞！”某某说道。` is two sentences, the speech and its attribution.
//! Every range lies on character boundaries and is trimmed of white space.
//! Pure.

use std::ops::Range;

/// Ends a sentence.
fn is_final(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?')
}

/// A closing quote that still belongs to the sentence it follows.
fn is_closing(c: char) -> bool {
    matches!(c, '”' | '’' | '」' | '』')
}

/// Ends a clause inside a sentence.
fn is_clause_end(c: char) -> bool {
    matches!(c, '，' | '；' | '：' | ',' | ';' | ':') || is_final(c)
}

/// The sentences of `paragraph`, in order, none empty.
pub fn sentences(paragraph: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = paragraph.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !is_final(c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        // `！？` and `。”` end one sentence, not two.
        while let Some(&(j, d)) = chars.peek() {
            if !(is_final(d) || is_closing(d)) {
                break;
            }
            end = j + d.len_utf8();
            chars.next();
        }
        push_trimmed(&mut out, paragraph, start..end);
        start = end;
    }
    push_trimmed(&mut out, paragraph, start..paragraph.len());
    out
}

/// The clauses of `sentence`, without the punctuation that separates them. A
/// comma or colon between digits (`1,500`, `10:30`) is part of a number.
pub fn clauses(sentence: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev = None;
    let mut chars = sentence.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, d)| d);
        let in_number = matches!(c, ',' | ':')
            && prev.is_some_and(|p: char| p.is_ascii_digit())
            && next.is_some_and(|d| d.is_ascii_digit());
        prev = Some(c);
        if is_clause_end(c) && !in_number {
            push_trimmed(&mut out, sentence, start..i);
            start = i + c.len_utf8();
        }
    }
    push_trimmed(&mut out, sentence, start..sentence.len());
    out
}

fn push_trimmed(out: &mut Vec<Range<usize>>, text: &str, range: Range<usize>) {
    let piece = &text[range.clone()];
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        out.push(range.start + lead..range.start + lead + trimmed.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn a_closing_quote_stays_with_its_sentence() {
        assert_eq!(
            split("“以往要3个月，这次缩短了！”员工说道。他笑了"),
            ["“以往要3个月，这次缩短了！”", "员工说道。", "他笑了"]
        );
    }

    #[test]
    fn runs_of_final_marks_end_one_sentence() {
        assert_eq!(split("真的吗？！是的。。 "), ["真的吗？！", "是的。。"]);
        assert!(split("").is_empty());
        assert!(split("  ").is_empty());
    }

    #[test]
    fn clauses_split_at_commas_semicolons_and_colons() {
        let s = "据统计，总量达5家；占比超70%：如下。";
        let got: Vec<&str> = clauses(s).into_iter().map(|r| &s[r]).collect();
        assert_eq!(got, ["据统计", "总量达5家", "占比超70%", "如下"]);
        let s = "销售额1,500万元,其余";
        let got: Vec<&str> = clauses(s).into_iter().map(|r| &s[r]).collect();
        assert_eq!(got, ["销售额1,500万元", "其余"]);
    }
}
