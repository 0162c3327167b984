//! Hard-wrapping of generated paragraphs, the way editors' Markdown arrives:
//! Chinese lines of about 20 characters, English lines of about 72. A paragraph
//! goes in as [`Part`]s (plain text, links that must stay whole, forced breaks);
//! out comes its text with `\n` between lines. Invariant: no link, number or
//! ASCII word is ever split across lines, and in Chinese closing punctuation
//! never starts a line (it overhangs the width instead).

use super::text::Lang;

/// Target display width of a Chinese line, in CJK characters.
const ZH_WIDTH: usize = 20;
/// Target width of an English line, in characters.
const EN_WIDTH: usize = 72;

/// Punctuation that must not begin a Chinese line.
const NO_LINE_START: &[char] =
    &['，', '。', '、', '；', '：', '？', '！', '）', '》', '」', '』', '”', '’'];

/// A piece of a paragraph to wrap.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Prose, broken wherever the language allows.
    Text(String),
    /// A Markdown link, kept on one line; `visible` is the text readers see,
    /// which is what counts towards the line's width.
    Atom { markdown: String, visible: String },
    /// A forced line break (Chinese only; English ignores it).
    Break,
}

impl Part {
    pub fn text(s: &str) -> Part {
        Part::Text(s.to_string())
    }

    pub fn link(visible: &str, target: &str) -> Part {
        Part::Atom { markdown: format!("[{visible}]({target})"), visible: visible.to_string() }
    }
}

/// Wraps a paragraph in the manner of `lang`.
pub fn wrap(lang: Lang, parts: &[Part]) -> String {
    match lang {
        Lang::Zh => wrap_zh(parts),
        Lang::En => wrap_en(parts),
    }
}

/// Splits Chinese text into wrap units: one CJK character each, an ASCII run as
/// one unit (never broken inside a number or word).
fn zh_tokens(text: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let mut run_start = None;
    for (i, ch) in text.char_indices() {
        if ch.is_ascii() {
            run_start.get_or_insert(i);
            continue;
        }
        if let Some(start) = run_start.take() {
            tokens.push(&text[start..i]);
        }
        tokens.push(&text[i..i + ch.len_utf8()]);
    }
    if let Some(start) = run_start {
        tokens.push(&text[start..]);
    }
    tokens
}

/// One unit of a Chinese line and the width it takes.
enum Unit<'a> {
    Text { text: &'a str, width: usize },
    Break,
}

fn zh_units(parts: &[Part]) -> Vec<Unit<'_>> {
    let mut units = Vec::new();
    for part in parts {
        match part {
            Part::Break => units.push(Unit::Break),
            Part::Atom { markdown, visible } => {
                units.push(Unit::Text { text: markdown, width: visible.chars().count() })
            }
            Part::Text(text) => units.extend(zh_tokens(text).into_iter().map(|t| {
                // Two ASCII characters take about the room of one CJK character.
                let width = if t.is_ascii() { t.len().div_ceil(2) } else { 1 };
                Unit::Text { text: t, width }
            })),
        }
    }
    units
}

fn wrap_zh(parts: &[Part]) -> String {
    let mut lines = Vec::new();
    let (mut line, mut used) = (String::new(), 0);
    for unit in zh_units(parts) {
        let (text, width) = match unit {
            Unit::Break => {
                lines.push(std::mem::take(&mut line));
                used = 0;
                continue;
            }
            Unit::Text { text, width } => (text, width),
        };
        let closing = text.chars().count() == 1 && text.starts_with(NO_LINE_START);
        if used + width > ZH_WIDTH && !line.is_empty() && !closing {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        line.push_str(text);
        used += width;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines.join("\n")
}

fn en_words(parts: &[Part]) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for part in parts {
        let pieces: Vec<&str> = match part {
            Part::Break => continue,
            Part::Atom { markdown, .. } => vec![markdown],
            Part::Text(text) => text.split_whitespace().collect(),
        };
        for piece in pieces {
            match words.last_mut() {
                // Punctuation stays with the word before it.
                Some(last) if piece.starts_with([',', '.', ';', ':']) => last.push_str(piece),
                _ => words.push(piece.to_string()),
            }
        }
    }
    words
}

fn wrap_en(parts: &[Part]) -> String {
    let mut lines = Vec::new();
    let (mut line, mut used) = (String::new(), 0);
    for word in en_words(parts) {
        let width = word.chars().count();
        if !line.is_empty() && used + 1 + width > EN_WIDTH {
            lines.push(std::mem::replace(&mut line, word));
            used = width;
        } else {
            if !line.is_empty() {
                line.push(' ');
                used += 1;
            }
            line.push_str(&word);
            used += width;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zh(parts: &[Part]) -> Vec<String> {
        wrap(Lang::Zh, parts).lines().map(str::to_string).collect()
    }

    #[test]
    fn chinese_lines_hold_twenty_characters_and_numbers_stay_whole() {
        let text = "一二三四五六七八九十一二三四五六七八九1234567十一二三";
        let lines = zh(&[Part::text(text)]);
        assert_eq!(lines, ["一二三四五六七八九十一二三四五六七八九", "1234567十一二三"]);
    }

    #[test]
    fn closing_punctuation_overhangs_instead_of_starting_a_line() {
        let lines = zh(&[Part::text("一二三四五六七八九十一二三四五六七八九十。再来")]);
        assert_eq!(lines, ["一二三四五六七八九十一二三四五六七八九十。", "再来"]);
    }

    #[test]
    fn a_chinese_link_is_never_split_and_counts_its_visible_text() {
        let parts = [
            Part::text("一二三四五六七八九十一二三四五六七八"),
            Part::link("国家统计局", "https://x.example/"),
        ];
        assert_eq!(
            zh(&parts),
            ["一二三四五六七八九十一二三四五六七八", "[国家统计局](https://x.example/)"]
        );
        // Short visible text fits although its Markdown is long.
        let parts = [Part::text("一二"), Part::link("三", "@/posts/a-very-long-target-name.md")];
        assert_eq!(zh(&parts), ["一二[三](@/posts/a-very-long-target-name.md)"]);
    }

    #[test]
    fn a_break_ends_the_chinese_line_and_english_ignores_it() {
        let parts = [Part::text("来源于"), Part::Break, Part::text("资料。")];
        assert_eq!(zh(&parts), ["来源于", "资料。"]);
        let parts = [Part::text("from"), Part::Break, Part::text("reports.")];
        assert_eq!(wrap(Lang::En, &parts), "from reports.");
    }

    #[test]
    fn english_lines_stop_at_seventy_two_characters() {
        // Five letters and a space each: twelve words make a 71-character line.
        let text = "abcde ".repeat(30);
        let wrapped = wrap(Lang::En, &[Part::Text(text)]);
        let lines: Vec<&str> = wrapped.lines().collect();
        assert_eq!(lines.len(), 3, "{wrapped}");
        assert!(lines.iter().all(|l| l.len() <= 72), "{wrapped}");
        assert_eq!(lines[0].len(), 71, "{wrapped}");
    }

    #[test]
    fn english_punctuation_after_a_link_stays_on_its_line() {
        let parts = [
            Part::text("See"),
            Part::link("report 2", "@/posts/b.md"),
            Part::text("; the figures"),
        ];
        assert_eq!(wrap(Lang::En, &parts), "See [report 2](@/posts/b.md); the figures");
    }
}
