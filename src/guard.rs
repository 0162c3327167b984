//! The output folder may be anywhere but over the site's own sources.
//!
//! Resolved through symbolic links, so a link into `content/` cannot get
//! around the check. Reads only what exists of the path; writes nothing.

use std::path::{Path, PathBuf};

use crate::error::{Code, Diagnostic, Error, Result};

/// Refuses an output folder that would overwrite the site's own sources, also
/// when a symbolic link leads there.
pub fn output(root: &Path, output: &Path) -> Result<()> {
    let abs = |p: &Path| {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        resolve_links(&normalise(&p))
    };
    let out = abs(output);
    let root = abs(root);
    for protected in ["content", "templates"] {
        let dir = root.join(protected);
        if out.starts_with(&dir) {
            return Err(Error::one(
                Diagnostic::error(
                    Code::OutputDir,
                    format!("the output folder `{}` is inside `{protected}/`", output.display()),
                )
                .with_help(
                    "choose an output folder outside content/ and templates/, like `public`",
                ),
            ));
        }
    }
    if root.starts_with(&out) {
        return Err(Error::one(
            Diagnostic::error(
                Code::OutputDir,
                format!("the output folder `{}` contains the site itself", output.display()),
            )
            .with_help("choose a folder inside the site, like `public`"),
        ));
    }
    Ok(())
}

/// Resolves the symbolic links of the part of `p` that exists; the rest is
/// appended as it is.
fn resolve_links(p: &Path) -> PathBuf {
    let mut existing = p;
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return rest.iter().rev().fold(real, |acc, part| acc.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name);
                existing = parent;
            }
            _ => return p.to_path_buf(),
        }
    }
}

/// Removes `.` and `..` components without touching the file system.
fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}
