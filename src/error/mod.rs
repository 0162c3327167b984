//! Diagnostics and the error type.
//!
//! Every problem broadsheet reports is a [`Diagnostic`]: a severity, a message, the
//! file, and where known the line, column, the offending source line and a help
//! line. `build` stops on the error diagnostics it collects; `check` prints all of
//! them. Both go through this one type, so the two commands cannot drift apart.

mod code;
mod diagnostic;

use std::path::Path;

pub use code::Code;
pub use diagnostic::{Diagnostic, Severity};

/// Everything that can stop a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Content, template or configuration problems, all of them at once.
    #[error("{}", render_list(.0))]
    Site(Vec<Diagnostic>),
}

impl From<crate::import::ImportError> for Error {
    /// An import error is one diagnostic, with its file, line and help, like any other.
    fn from(error: crate::import::ImportError) -> Self {
        Error::one(error.diagnostic())
    }
}

impl Error {
    pub fn one(diagnostic: Diagnostic) -> Self {
        Error::Site(vec![diagnostic])
    }

    /// The diagnostics behind the error.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            Error::Site(list) => list.clone(),
        }
    }
}

fn render_list(list: &[Diagnostic]) -> String {
    let errors = list.iter().filter(|d| d.is_error()).count();
    let mut out = String::new();
    for d in list {
        out.push_str(&d.to_string());
        out.push('\n');
    }
    out.push_str(&format!(
        "{errors} error{} found; nothing was written",
        if errors == 1 { "" } else { "s" }
    ));
    out
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An I/O failure on `path`, for a person: what failed, on which file, and the OS's
/// reason.
pub fn io_error(action: &str, path: &Path, err: &std::io::Error) -> Error {
    Error::one(
        Diagnostic::error(Code::Io, format!("cannot {action} `{}`: {err}", path.display()))
            .in_file(path)
            .with_help(match err.kind() {
                std::io::ErrorKind::PermissionDenied => "check the file's permissions",
                std::io::ErrorKind::NotFound => "check that the path exists",
                _ => "check the disk and the path, then run the command again",
            }),
    )
}

/// Turns a TOML parse error into a diagnostic pointing into `source`, with the
/// nearest known key as help when the error is an unknown key.
pub fn toml_diagnostic(
    err: &toml::de::Error,
    path: &Path,
    source: &str,
    base_offset: usize,
) -> Diagnostic {
    let message = err.message().trim().to_string();
    let span = err.span().unwrap_or(0..0);
    let mut diag = Diagnostic::error(Code::Toml, String::new()).in_file(path).at_offset(
        source,
        base_offset + span.start,
        span.len(),
    );
    if let Some((unknown, expected)) = parse_unknown_field(&message) {
        diag.code = Code::UnknownKey;
        diag.message = format!("unknown key `{unknown}`");
        let nearest = expected
            .iter()
            .map(|k| (strsim::damerau_levenshtein(&unknown, k), k))
            .min_by_key(|(d, _)| *d)
            .filter(|(d, k)| *d <= 2.max(k.len() / 3));
        diag.help = Some(match nearest {
            Some((_, k)) => format!("did you mean `{k}`? known keys: {}", expected.join(", ")),
            None => format!("known keys: {}", expected.join(", ")),
        });
    } else if message.contains("expected a TOML datetime") {
        diag.code = Code::BadDate;
        diag.message = format!("not a date: {}", diag.snippet.as_deref().unwrap_or("").trim());
        diag.help = Some(
            "write a date like `date = 2024-02-18` or `2024-02-18T09:00:00+08:00`, without quotes"
                .into(),
        );
    } else {
        diag.message = format!("invalid TOML: {message}");
        diag.help = Some("fix the syntax at the marked place (see https://toml.io)".into());
    }
    diag
}

/// Reads serde's "unknown field `x`, expected one of `a`, `b`" (or "expected `a`").
fn parse_unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (unknown, rest) = rest.split_once('`')?;
    let expected = rest.split('`').skip(1).step_by(2).map(str::to_string).collect();
    Some((unknown.to_string(), expected))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_field_message_is_read() {
        let (k, exp) =
            parse_unknown_field("unknown field `titel`, expected one of `title`, `date`").unwrap();
        assert_eq!(k, "titel");
        assert_eq!(exp, ["title", "date"]);
    }
}
