//! What `serve` tells the terminal: [`Notice`]s, which `main.rs` prints.

use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;

use crate::error::Diagnostic;
use crate::watch::Batch;

/// Something the terminal should show.
#[derive(Debug, Clone)]
pub enum Notice {
    PortTaken {
        wanted: u16,
        port: u16,
    },
    /// Bound to an address other machines can reach.
    Exposed {
        bind: IpAddr,
    },
    /// Listening; `pages` is `None` when the first build failed.
    Serving {
        url: String,
        pages: Option<usize>,
        warnings: usize,
        millis: u128,
    },
    /// `config.toml` moved the base path: the site has a new address.
    Moved {
        url: String,
    },
    Rebuilt {
        batch: Batch,
        pages: usize,
        millis: u128,
    },
    /// Stylesheets re-copied without rendering pages.
    Restyled {
        batch: Batch,
        urls: Vec<String>,
        millis: u128,
    },
    /// Rebuilt, and the output is byte for byte what was served already.
    Unchanged {
        batch: Batch,
        millis: u128,
    },
    Failed {
        diagnostics: Vec<Diagnostic>,
        millis: u128,
    },
    Stopped,
}

impl Notice {
    /// Whether the notice reports a problem (for stderr rather than stdout).
    pub fn is_problem(&self) -> bool {
        matches!(self, Notice::PortTaken { .. } | Notice::Exposed { .. } | Notice::Failed { .. })
    }
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notice::PortTaken { wanted, port } => {
                write!(f, "port {wanted} is taken; using port {port} instead")
            }
            Notice::Exposed { bind } => write!(
                f,
                "warning: listening on {bind}, which other machines can reach; \
                 `broadsheet serve` is a local preview, not a web server for visitors"
            ),
            Notice::Serving { url, pages, warnings, millis } => {
                match pages {
                    Some(n) => write!(f, "built {n} pages in {millis} ms")?,
                    None => {
                        write!(f, "the site has errors (above); fix them and the page reloads")?
                    }
                }
                if *warnings > 0 {
                    write!(f, " ({warnings} warnings; run `broadsheet check`)")?;
                }
                write!(
                    f,
                    "\nserving {url} (in memory; public/ is not touched)\n\
                     watching content/, templates/ and config.toml; press Ctrl-C to stop"
                )
            }
            Notice::Moved { url } => write!(f, "the base path changed: the site is now at {url}"),
            Notice::Rebuilt { batch, pages, millis } => {
                write!(f, "{}: rebuilt {pages} pages in {millis} ms", changed(batch))
            }
            Notice::Restyled { batch, urls, millis } if urls.is_empty() => {
                write!(f, "{}: stylesheet unchanged ({millis} ms)", changed(batch))
            }
            Notice::Restyled { batch, urls, millis } => {
                write!(f, "{}: new stylesheet {} in {millis} ms", changed(batch), urls.join(", "))
            }
            Notice::Unchanged { batch, millis } => {
                write!(f, "{}: rebuilt in {millis} ms, output unchanged", changed(batch))
            }
            Notice::Failed { diagnostics, millis } => {
                for d in diagnostics {
                    writeln!(f, "{d}")?;
                }
                let n = diagnostics.iter().filter(|d| d.is_error()).count();
                write!(
                    f,
                    "{n} error{} after {millis} ms; still serving the last good build",
                    if n == 1 { "" } else { "s" }
                )
            }
            Notice::Stopped => write!(f, "stopped"),
        }
    }
}

/// `content/a.md changed` or `3 files in templates changed`.
fn changed(batch: &Batch) -> String {
    match batch.paths.as_slice() {
        [] => format!("{} changed", batch.change.label()),
        [one] => format!("{} changed", one.display()),
        [first, rest @ ..] => format!("{} and {} more changed", first.display(), rest.len()),
    }
}

/// Receives the notices; called from the server's threads.
pub type Reporter = Arc<dyn Fn(&Notice) + Send + Sync>;
