//! Character classes and print widths of Chinese newspaper text.
//!
//! Takes single characters or strings; returns classes, widths in column units and
//! sentence-end tests that every other importer stage shares. Pure: no I/O, no state.
//! Invariant: a width is measured in full-width cells (one Han character is 1.0), so
//! widths of lines set in the same column compare directly.

/// Which kind of run a character belongs to, as the PDF extractor splits text: a
/// stretch of Han characters, one punctuation mark, a number or Latin word, a space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Han ideographs, kana, hangul: the letters of the text, one full cell each.
    Wide,
    /// Full-width punctuation (，。“”、——…), which print compresses to about half a cell.
    Punct,
    /// Half-width digits, Latin letters and their signs (2024, 15.7%, IPO).
    Narrow,
    /// Any kind of space, including the ideographic space U+3000.
    Space,
}

/// Classifies one character.
pub fn class(c: char) -> Class {
    if c.is_whitespace() || c == '\u{3000}' {
        Class::Space
    } else if is_wide_punct(c) {
        Class::Punct
    } else if is_wide_letter(c) {
        Class::Wide
    } else {
        Class::Narrow
    }
}

/// Han ideographs (with extensions and compatibility forms), kana and hangul.
pub fn is_wide_letter(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{3FFFF}'
        | '\u{3040}'..='\u{30FF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{3005}'..='\u{3007}'
        // Full-width digits and letters take a whole cell, like the Han around them.
        | '\u{FF10}'..='\u{FF19}'
        | '\u{FF21}'..='\u{FF3A}'
        | '\u{FF41}'..='\u{FF5A}')
}

/// Punctuation that Chinese text sets full-width. The curly quotes, dashes and the
/// ellipsis live in the general punctuation block but are full-width in this text.
pub fn is_wide_punct(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{3004}'
        | '\u{3008}'..='\u{303F}'
        | '\u{FF01}'..='\u{FF0F}'
        | '\u{FF1A}'..='\u{FF20}'
        | '\u{FF3B}'..='\u{FF40}'
        | '\u{FF5B}'..='\u{FF65}'
        | '\u{2010}'..='\u{2027}'
        | '\u{00B7}')
}

/// True when the string holds at least one Han character (or kana/hangul).
pub fn has_wide_letter(s: &str) -> bool {
    s.chars().any(is_wide_letter)
}

/// Print width in full-width cells. Han characters take a cell; punctuation and
/// half-width characters about half a cell (the typesetter compresses punctuation
/// to justify a line, which is why counting it as a full cell makes lines of the same
/// column look ragged); spaces take none, because the ones in this text are
/// justification artifacts.
pub fn width(s: &str) -> f32 {
    s.chars()
        .map(|c| match class(c) {
            Class::Wide => 1.0,
            Class::Punct | Class::Narrow => 0.5,
            Class::Space => 0.0,
        })
        .sum()
}

/// Closing marks that may follow the end of a sentence (`。”`, `！）`).
fn is_closer(c: char) -> bool {
    matches!(c, '”' | '’' | '」' | '』' | '）' | ')' | '》' | '】' | '"' | '\'')
}

/// True when the text ends a sentence: `。！？…` (or ASCII `!?`), possibly followed by
/// closing quotes or brackets, or a colon that announces a list of points.
pub fn ends_sentence(s: &str) -> bool {
    let trimmed = s.trim_end().trim_end_matches(is_closer);
    if trimmed.len() < s.trim_end().len() {
        // A closing mark ends a sentence only after a full stop (`。”`); a bare `”`
        // closes a quoted phrase, as in a heading like `迈上“快车道”`.
        return trimmed.ends_with(['。', '！', '？', '…', '!', '?']);
    }
    trimmed.ends_with(['。', '！', '？', '…', '!', '?', '：', ':'])
}

/// True when the text contains punctuation that only running prose uses: a heading,
/// kicker or headline has none of it (quotes, brackets, dashes and `、` are allowed).
pub fn has_prose_punct(s: &str) -> bool {
    s.contains(['。', '，', '；', '：', '？', '！', '…', ',', ';', '?', '!'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_follow_the_extractor_runs() {
        assert_eq!(class('江'), Class::Wide);
        assert_eq!(class('，'), Class::Punct);
        assert_eq!(class('“'), Class::Punct);
        assert_eq!(class('—'), Class::Punct);
        assert_eq!(class('7'), Class::Narrow);
        assert_eq!(class('%'), Class::Narrow);
        assert_eq!(class(' '), Class::Space);
        assert_eq!(class('\u{3000}'), Class::Space);
    }

    #[test]
    fn digits_and_punctuation_count_half_a_cell() {
        assert_eq!(width("江门"), 2.0);
        assert_eq!(width("2024年"), 3.0);
        assert_eq!(width("超 260项"), 3.5);
        assert_eq!(width("区）。"), 2.0);
    }

    #[test]
    fn sentence_ends_include_closing_quotes_but_not_bare_quotes() {
        assert!(ends_sentence("量发展迈出坚实步伐。"));
        assert!(ends_sentence("区政府点赞！”"));
        assert!(ends_sentence("作亮眼突出："));
        assert!(ends_sentence("全国领先……"));
        assert!(!ends_sentence("高质量发展迈上“快车道”"));
        assert!(!ends_sentence("江门高新区（江海区）"));
        assert!(!ends_sentence("奋起直追、"));
    }
}
