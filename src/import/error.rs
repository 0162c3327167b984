//! The importer's error type.
//!
//! Every variant names the file it is about (and the line, where one is known) and
//! says what to do. Messages are lowercase with no trailing period, as everywhere in
//! broadsheet. The pure stages do not know file names: they use a placeholder, which
//! [`ImportError::with_path`] replaces once `run` knows the real path.

use std::path::{Path, PathBuf};

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

    /// A NUL byte: the file is binary (a PDF, an image, a word-processor file).
    #[error(
        "{}:{line}: a NUL byte at byte {offset} means this is a binary file, not text; pass the plain-text extraction (the .raw.txt file), not the PDF",
        path.display()
    )]
    Binary { path: PathBuf, line: usize, offset: usize },

    /// The bytes are not UTF-8.
    #[error(
        "{}:{line}: invalid UTF-8 at byte {offset}; save or re-export the extraction as UTF-8 text",
        path.display()
    )]
    InvalidUtf8 { path: PathBuf, line: usize, offset: usize },

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
        if let ImportError::Empty { path }
        | ImportError::Binary { path, .. }
        | ImportError::InvalidUtf8 { path, .. }
        | ImportError::NotAnArticle { path, .. }
        | ImportError::Photos { path, .. } = &mut self
        {
            *path = real.to_path_buf();
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
    fn with_path_keeps_paths_that_were_already_real() {
        let err =
            ImportError::Exists { path: PathBuf::from("x/index.md") }.with_path(Path::new("y"));
        assert!(err.to_string().starts_with("x/index.md"));
    }
}
