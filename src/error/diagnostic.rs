//! [`Diagnostic`]: one finding about the site, for a person to act on.
//!
//! A severity, a [`Code`], a message, the file, and where known the line, column,
//! the offending source line and a help line. Displays rustc-style, with the
//! caret under the offending characters (CJK counted as two terminal cells).

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

use super::Code;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// One finding about the site, for a person to act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable identifier of the finding's class, for tools (`unknown-key`, ...).
    pub code: Code,
    pub message: String,
    /// The file, relative to the site root where possible.
    pub path: Option<PathBuf>,
    /// 1-based line and column (columns count characters, not bytes).
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The source line the finding points at.
    pub snippet: Option<String>,
    /// How many characters the caret under the snippet spans.
    #[serde(skip)]
    pub width: usize,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    pub fn info(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Info, code, message)
    }

    fn new(severity: Severity, code: Code, message: impl Into<String>) -> Self {
        Self {
            severity,
            code,
            message: message.into(),
            path: None,
            line: None,
            column: None,
            snippet: None,
            width: 1,
            help: None,
        }
    }

    pub fn in_file(mut self, path: impl AsRef<Path>) -> Self {
        self.path = Some(path.as_ref().to_path_buf());
        self
    }

    /// Points at a byte offset of `source` (the whole file): fills line, column and
    /// the snippet.
    pub fn at_offset(mut self, source: &str, offset: usize, len: usize) -> Self {
        let offset = floor_char_boundary(source, offset.min(source.len()));
        let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[offset..].find('\n').map_or(source.len(), |i| offset + i);
        let line = source[..offset].matches('\n').count() + 1;
        let column = source[line_start..offset].chars().count() + 1;
        let end = floor_char_boundary(source, (offset + len).min(line_end));
        self.line = Some(line);
        self.column = Some(column);
        self.snippet = Some(source[line_start..line_end].trim_end_matches('\r').to_string());
        self.width = source[offset..end].chars().count().max(1);
        self
    }

    /// Points at a 1-based line (and column) without the source at hand.
    pub fn at_line(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Diagnostic {
    /// rustc style: severity and message, `--> file:line:column`, the source line
    /// with a caret, and the help line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        writeln!(f, "{label}: {}", self.message)?;
        let gutter = self.line.map_or(1, |l| l.to_string().len());
        let pad = " ".repeat(gutter);
        if let Some(path) = &self.path {
            write!(f, "{pad}--> {}", path.display())?;
            if let Some(line) = self.line {
                write!(f, ":{line}:{}", self.column.unwrap_or(1))?;
            }
            writeln!(f)?;
        }
        if let (Some(line), Some(snippet)) = (self.line, &self.snippet) {
            let column = self.column.unwrap_or(1).max(1);
            // A very long line (a 1 MB string) shows as a window around the column.
            let total = snippet.chars().count();
            let start = if total > SNIPPET_CHARS {
                (column - 1).saturating_sub(SNIPPET_CHARS / 3).min(total - SNIPPET_CHARS)
            } else {
                0
            };
            let mut shown: String = snippet.chars().skip(start).take(SNIPPET_CHARS).collect();
            if start + SNIPPET_CHARS < total {
                shown.push('…');
            }
            if start > 0 {
                shown.insert(0, '…');
            }
            // Wide (CJK) characters take two terminal cells; keep the caret under them.
            let lead: usize = usize::from(start > 0)
                + snippet
                    .chars()
                    .skip(start)
                    .take((column - 1).saturating_sub(start))
                    .map(cell_width)
                    .sum::<usize>();
            let width: usize = snippet
                .chars()
                .skip(column - 1)
                .take(self.width.min(SNIPPET_CHARS))
                .map(cell_width)
                .sum();
            writeln!(f, "{pad} |")?;
            writeln!(f, "{line} | {shown}")?;
            writeln!(f, "{pad} | {}{}", " ".repeat(lead), "^".repeat(width.max(1)))?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "{pad} = help: {help}")?;
        }
        Ok(())
    }
}

/// The most characters of a source line a message shows.
const SNIPPET_CHARS: usize = 120;

fn cell_width(c: char) -> usize {
    if crate::text::is_wide(c) { 2 } else { 1 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_sits_under_the_offending_text() {
        let src = "a = 1\ntitel = \"x\"\n";
        let d = Diagnostic::error(Code::Test, "unknown key").in_file("f.md").at_offset(src, 6, 5);
        assert_eq!((d.line, d.column), (Some(2), Some(1)));
        let shown = d.to_string();
        assert!(shown.contains("--> f.md:2:1"), "{shown}");
        assert!(shown.contains("2 | titel = \"x\"\n  | ^^^^^"), "{shown}");
    }

    #[test]
    fn a_very_long_line_is_shown_as_a_window_with_the_caret_in_place() {
        // Regression: a 1 MB front matter string was printed whole.
        let src = format!("x = \"{}!{}\"", "长".repeat(500_000), "短".repeat(500_000));
        let d = Diagnostic::error(Code::Test, "m").at_offset(&src, "x = \"".len() + 500_000 * 3, 1);
        assert_eq!(d.column, Some(500_006));
        let shown = d.to_string();
        assert!(shown.len() < 1_000, "{shown}");
        let lines: Vec<&str> = shown.lines().collect();
        let source = lines[2].split_once(" | ").unwrap().1;
        let caret = lines[3].split_once(" | ").unwrap().1;
        assert!(source.starts_with('…') && source.ends_with('…'), "{source}");
        // The caret sits under the `!`: the cells before it, CJK counted twice.
        let before = source.split('!').next().unwrap();
        let cells: usize = before.chars().map(cell_width).sum();
        assert_eq!(caret, format!("{}^", " ".repeat(cells)));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let src = "标题 = 1";
        let d = Diagnostic::error(Code::Test, "m").at_offset(src, "标题 ".len(), 1);
        assert_eq!(d.column, Some(4));
    }
}
