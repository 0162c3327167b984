//! The importer's error type.
//!
//! Every variant names the file it is about (and the line, where one is known) and
//! says what to do. Messages are lowercase with no trailing period, as everywhere in
//! broadsheet. The pure stages do not know file names: they use a placeholder, which
//! [`ImportError::with_path`] replaces once `run` knows the real path. Every error
//! becomes the shared [`Diagnostic`] ([`ImportError::diagnostic`]): the file, line
//! and column where known, the message and a help line, as `build` and `check` print
//! theirs. Text that is not UTF-8 or holds a NUL byte is found by the one decoder
//! every text file goes through ([`crate::fs::decode`]).

use std::path::{Path, PathBuf};

use crate::error::{Code, Diagnostic};

/// Stands for the raw file's name in errors from the pure stages.
pub(crate) const RAW_PLACEHOLDER: &str = "<raw text>";
/// Stands for the photo list's name in errors from the pure stages.
pub(crate) const PHOTOS_PLACEHOLDER: &str = "<photos.toml>";

/// Everything that can go wrong while importing an article.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file has no text at all.
    #[error("{}: the file is empty or holds only whitespace; pass the raw text extraction of a newspaper article", path.display())]
    Empty { path: PathBuf },

    /// The bytes are no text: not UTF-8, or a NUL byte (a PDF, an image). The shared
    /// decoder's diagnostic, with the line and column.
    #[error("{}", one_line(diagnostic))]
    Text { diagnostic: Box<Diagnostic> },

    /// Text, but not a raw extraction of this family of articles.
    #[error("{}: {reason}", location(path, *line))]
    NotAnArticle { path: PathBuf, line: Option<usize>, reason: String },

    /// The article file is there already and `force` was not given.
    #[error("{}: already exists; pass --force to overwrite it", path.display())]
    Exists { path: PathBuf },

    /// The existing photo list cannot be read as one.
    #[error(
        "{}: cannot update the photo list: {message}; fix the file or delete it to start a new one",
        location(path, *line)
    )]
    Photos { path: PathBuf, line: Option<usize>, message: String },

    /// An option that cannot become part of a path.
    #[error("invalid {what} `{value}`: {hint}")]
    InvalidOption { what: &'static str, value: String, hint: &'static str },

    /// A file could not be read.
    #[error("cannot read {}: {source}; check that the file exists and is readable", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// A file could not be written.
    #[error("cannot write {}: {source}; check that the folder is writable and the disk not full", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

impl ImportError {
    /// Puts the real file name where a pure stage had to use a placeholder.
    pub fn with_path(mut self, real: &Path) -> Self {
        match &mut self {
            ImportError::Empty { path }
            | ImportError::NotAnArticle { path, .. }
            | ImportError::Photos { path, .. }
                if is_placeholder(path) =>
            {
                *path = real.to_path_buf();
            }
            ImportError::Text { diagnostic }
                if diagnostic.path.as_deref().is_some_and(is_placeholder) =>
            {
                let shown = real.display().to_string();
                diagnostic.message = diagnostic.message.replace(RAW_PLACEHOLDER, &shown);
                diagnostic.path = Some(real.to_path_buf());
            }
            _ => {}
        }
        self
    }

    /// The error from a pure stage that found no article in the raw text.
    pub(crate) fn not_an_article(line: Option<usize>, reason: impl Into<String>) -> Self {
        ImportError::NotAnArticle {
            path: PathBuf::from(RAW_PLACEHOLDER),
            line,
            reason: reason.into(),
        }
    }

    /// The error as the diagnostic every command prints: file, line and column where
    /// known, what is wrong, and what to do as the help line.
    pub fn diagnostic(&self) -> Diagnostic {
        let at = |path: &Path, line: Option<usize>, message: &str, help: &str| {
            let mut d = Diagnostic::error(Code::Import, message).in_file(path).with_help(help);
            if let Some(line) = line {
                d = d.at_line(line, 1);
            }
            d
        };
        match self {
            ImportError::Text { diagnostic } => (**diagnostic).clone(),
            ImportError::Empty { path } => at(
                path,
                None,
                "the file is empty or holds only whitespace",
                "pass the raw text extraction of a newspaper article",
            ),
            ImportError::NotAnArticle { path, line, reason } => {
                let (message, help) = split_help(reason);
                at(path, *line, message, help)
            }
            ImportError::Exists { path } => at(
                path,
                None,
                &format!("`{}` already exists", path.display()),
                "pass --force to overwrite it",
            ),
            ImportError::Photos { path, line, message } => at(
                path,
                *line,
                &format!("cannot update the photo list: {message}"),
                "fix the file or delete it to start a new one",
            ),
            ImportError::InvalidOption { what, value, hint } => {
                Diagnostic::error(Code::Import, format!("invalid {what} `{value}`"))
                    .with_help(*hint)
            }
            ImportError::Read { path, source } => at(
                path,
                None,
                &format!("cannot read the file: {source}"),
                "check that the file exists and is readable",
            ),
            ImportError::Write { path, source } => at(
                path,
                None,
                &format!("cannot write the file: {source}"),
                "check that the folder is writable and the disk not full",
            ),
        }
    }
}

impl From<crate::error::Error> for ImportError {
    /// A diagnostic of the shared decoder (or reader), kept whole.
    fn from(error: crate::error::Error) -> Self {
        let diagnostic = error
            .diagnostics()
            .into_iter()
            .next()
            .unwrap_or_else(|| Diagnostic::error(Code::Import, error.to_string()));
        ImportError::Text { diagnostic: Box::new(diagnostic) }
    }
}

fn is_placeholder(path: &Path) -> bool {
    path == Path::new(RAW_PLACEHOLDER) || path == Path::new(PHOTOS_PLACEHOLDER)
}

/// A reason's last `; ` clause says what to do: it becomes the help line.
fn split_help(reason: &str) -> (&str, &str) {
    reason.rsplit_once("; ").unwrap_or((reason, "pass the raw text extraction of the article"))
}

/// A diagnostic on one line: `file:line:column: message; help`.
fn one_line(d: &Diagnostic) -> String {
    let mut out = String::new();
    if let Some(path) = &d.path {
        out.push_str(&path.display().to_string());
        if let Some(line) = d.line {
            out.push_str(&format!(":{line}:{}", d.column.unwrap_or(1)));
        }
        out.push_str(": ");
    }
    out.push_str(&d.message);
    if let Some(help) = &d.help {
        out.push_str("; ");
        out.push_str(help);
    }
    out
}

/// `path:line` when the line is known, else `path`.
fn location(path: &Path, line: Option<usize>) -> String {
    match line {
        Some(line) => format!("{}:{line}", path.display()),
        None => path.display().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_file_and_line_and_say_what_to_do() {
        let err = ImportError::not_an_article(Some(3), "no headline found")
            .with_path(Path::new("a.raw.txt"));
        assert_eq!(err.to_string(), "a.raw.txt:3: no headline found");
        let err = ImportError::Exists { path: PathBuf::from("content/article/index.md") };
        assert_eq!(
            err.to_string(),
            "content/article/index.md: already exists; pass --force to overwrite it"
        );
    }

    #[test]
    fn every_error_is_a_diagnostic_with_its_place_and_a_help_line() {
        let err =
            ImportError::not_an_article(Some(3), "no headline found; pass the raw extraction")
                .with_path(Path::new("a.raw.txt"));
        let d = err.diagnostic();
        assert_eq!(d.path.as_deref(), Some(Path::new("a.raw.txt")));
        assert_eq!((d.line, d.column), (Some(3), Some(1)));
        assert_eq!(d.message, "no headline found");
        assert_eq!(d.help.as_deref(), Some("pass the raw extraction"));
        let text =
            crate::import::parse("标题\n\n正\0文").unwrap_err().with_path(Path::new("b.txt"));
        let d = text.diagnostic();
        assert_eq!((d.line, d.column), (Some(3), Some(2)));
        assert!(d.message.contains("`b.txt` contains a NUL byte"), "{}", d.message);
        assert!(crate::Error::from(text).to_string().contains("--> b.txt:3:2"));
    }

    #[test]
    fn with_path_keeps_paths_that_were_already_real() {
        let err =
            ImportError::Exists { path: PathBuf::from("x/index.md") }.with_path(Path::new("y"));
        assert!(err.to_string().starts_with("x/index.md"));
    }
}
