//! Raw extraction text → numbered, trimmed lines.
//!
//! Takes the file's text (already UTF-8); returns its non-blank lines, each with its
//! 1-based line number and whether a blank line separates it from the line before.
//! Pure, no I/O. Invariant: line numbers are the file's own, so every later error can
//! point an editor at the right line.
//!
//! A UTF-8 byte order mark, CRLF or CR line ends, trailing and leading spaces (the
//! extraction starts with one) are noise and go here. A NUL character means the file is
//! not text at all.

use std::path::Path;

use super::ImportError;
use super::error::RAW_PLACEHOLDER;

/// One non-blank line of the extraction.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// 1-based line number in the file.
    pub no: usize,
    /// The line without surrounding whitespace; tabs inside become spaces.
    pub text: String,
    /// A blank line lies between this line and the previous non-blank one.
    pub gap_before: bool,
}

/// Splits the raw text into its non-blank lines.
pub fn lines(raw: &str) -> Result<Vec<Line>, ImportError> {
    // The one decoder of every text file: the BOM goes, CRLF becomes LF, a NUL byte is
    // refused with its line and column.
    let raw = crate::fs::decode(raw.as_bytes(), Path::new(RAW_PLACEHOLDER))?;
    let mut out: Vec<Line> = Vec::new();
    let mut gap = false;
    // `lines()` would keep a lone CR; the extraction may use old Mac line ends too.
    for (index, line) in raw.split('\n').enumerate() {
        for (part, piece) in line.split('\r').enumerate() {
            // A lone CR inside a line is a line end of its own; CRLF leaves an empty tail.
            if part > 0 && piece.is_empty() {
                continue;
            }
            let text = piece.replace('\t', " ");
            let text = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}');
            if text.is_empty() {
                gap = true;
                continue;
            }
            out.push(Line {
                no: index + 1,
                text: text.to_owned(),
                gap_before: gap && !out.is_empty(),
            });
            gap = false;
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_are_dropped_and_remembered() {
        let lines = lines(" 标题\n\n正文一\n正文二  \n").unwrap();
        let texts: Vec<_> = lines.iter().map(|l| (l.no, l.text.as_str(), l.gap_before)).collect();
        assert_eq!(texts, vec![(1, "标题", false), (3, "正文一", true), (4, "正文二", false)]);
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let lines = lines("\u{feff}标题\r\n\r\n正文\r\n").unwrap();
        let texts: Vec<_> = lines.iter().map(|l| (l.no, l.text.as_str(), l.gap_before)).collect();
        assert_eq!(texts, vec![(1, "标题", false), (3, "正文", true)]);
    }

    #[test]
    fn a_nul_byte_is_reported_with_its_line() {
        match lines("正文\n\n二\0三") {
            Err(ImportError::Text { diagnostic }) => {
                assert_eq!((diagnostic.line, diagnostic.column), (Some(3), Some(2)))
            }
            other => panic!("expected a binary-file error, got {other:?}"),
        }
    }
}
