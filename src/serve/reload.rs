//! Telling open pages what happened: the shared state the request handlers
//! read, the Server-Sent Events stream, and the client script.
//!
//! [`Shared`] holds the site currently served (an `Arc` swapped under a
//! `RwLock`), whether the latest build failed, and a broadcast channel of
//! [`Signal`]s. Every page that connects first hears the current state (so a
//! page opened while the site is broken shows the overlay), then each signal.
//! The script (`reload.js`) exists only in served responses, never in a build.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::response::sse::{Event, KeepAlive, Sse};
use tokio::sync::broadcast::{self, error::RecvError};

use super::Notice;
use super::rebuild::{Files, Health, Outcome};
use crate::error::Diagnostic;
use crate::watch::Batch;

/// The client side of live reload. EventSource reconnects by itself, so a page
/// survives a server restart. `error` is also the name of EventSource's own
/// connection-error event, which has no `data`: that one is ignored.
pub const LIVE_RELOAD: &str = concat!("<script>", include_str!("reload.js"), "</script>");

/// What open pages are told.
#[derive(Debug, Clone)]
pub enum Signal {
    Reload,
    /// A stylesheet's new URL.
    Css(String),
    /// The diagnostics as JSON.
    Error(Arc<str>),
    Ok,
    /// The sources changed but the built site did not (a translation record,
    /// a save without changes): only the translation desk, which reads the
    /// files itself, may look different, so only it reloads.
    Checked,
}

impl Signal {
    fn event(&self) -> Event {
        // Every event carries data: browsers drop events without any.
        match self {
            Signal::Reload => Event::default().event("reload").data("reload"),
            Signal::Css(url) => Event::default().event("css").data(url),
            Signal::Error(json) => Event::default().event("error").data(json.as_ref()),
            Signal::Ok => Event::default().event("ok").data("ok"),
            Signal::Checked => Event::default().event("checked").data("checked"),
        }
    }
}

pub struct Shared {
    pub site: RwLock<Arc<Files>>,
    /// The error payload while the latest build has failed; sent to every page
    /// that connects, so a page opened meanwhile shows the overlay too.
    pub broken: RwLock<Option<Arc<str>>>,
    pub signals: broadcast::Sender<Signal>,
}

impl Shared {
    pub fn new(base_path: String) -> Self {
        Self {
            site: RwLock::new(Arc::new(Files { map: BTreeMap::new(), base_path })),
            broken: RwLock::new(None),
            signals: broadcast::channel(64).0,
        }
    }

    pub fn current(&self) -> Arc<Files> {
        Arc::clone(&self.site.read().unwrap_or_else(PoisonError::into_inner))
    }

    pub fn health(&self) -> Health {
        match *self.broken.read().unwrap_or_else(PoisonError::into_inner) {
            Some(_) => Health::Broken,
            None => Health::Fine,
        }
    }

    fn swap(&self, files: Arc<Files>) {
        *self.site.write().unwrap_or_else(PoisonError::into_inner) = files;
    }

    fn send(&self, signal: Signal) {
        // No receiver just means no page is open.
        let _ = self.signals.send(signal);
    }

    /// Serves the outcome of a build and tells open pages; returns what the
    /// terminal should show.
    pub fn apply(&self, outcome: Outcome, batch: Batch, millis: u128) -> Notice {
        match outcome {
            Outcome::Built { files, pages, .. } => {
                let was_broken =
                    self.broken.write().unwrap_or_else(PoisonError::into_inner).take().is_some();
                let same = *self.current() == *files;
                self.swap(files);
                if was_broken {
                    self.send(Signal::Ok);
                }
                if same && !was_broken {
                    self.send(Signal::Checked);
                    return Notice::Unchanged { batch, millis };
                }
                self.send(Signal::Reload);
                Notice::Rebuilt { batch, pages, millis }
            }
            Outcome::Restyled { files, urls } => {
                self.swap(files);
                for url in &urls {
                    self.send(Signal::Css(url.clone()));
                }
                Notice::Restyled { batch, urls, millis }
            }
            Outcome::Failed(diagnostics) => {
                let payload = error_payload(&diagnostics);
                *self.broken.write().unwrap_or_else(PoisonError::into_inner) =
                    Some(Arc::clone(&payload));
                self.send(Signal::Error(payload));
                Notice::Failed { diagnostics, millis }
            }
        }
    }
}

/// The diagnostics as a JSON array: their fields, plus `text`, the same
/// rustc-style rendering the terminal shows.
fn error_payload(diagnostics: &[Diagnostic]) -> Arc<str> {
    let list: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            let mut value = serde_json::to_value(d).unwrap_or_else(|_| serde_json::json!({}));
            if let Some(object) = value.as_object_mut() {
                object.insert("text".into(), d.to_string().into());
            }
            value
        })
        .collect();
    serde_json::to_string(&list).unwrap_or_else(|_| "[]".into()).into()
}

/// The event stream: first the current state (`error` or `ok`), then every
/// signal as it comes.
pub async fn events(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
    // Subscribe before reading the state, so nothing falls in between.
    let signals = shared.signals.subscribe();
    let now = match &*shared.broken.read().unwrap_or_else(PoisonError::into_inner) {
        Some(payload) => Signal::Error(Arc::clone(payload)),
        None => Signal::Ok,
    };
    let stream = futures_util::stream::unfold((Some(now), signals), |(now, mut signals)| async {
        let event = match now {
            // After a server restart, pages reconnect within a second.
            Some(signal) => signal.event().retry(Duration::from_secs(1)),
            None => match signals.recv().await {
                Ok(signal) => signal.event(),
                // Missed signals: a reload shows the current site whatever they were.
                Err(RecvError::Lagged(_)) => Signal::Reload.event(),
                Err(RecvError::Closed) => return None,
            },
        };
        Some((Ok::<_, Infallible>(event), (None, signals)))
    });
    ([(header::CACHE_CONTROL, "no-store")], Sse::new(stream).keep_alive(KeepAlive::default()))
}

/// The live-reload script, before `</body>` (or at the end: minified HTML may
/// leave the closing tag out).
pub fn inject(html: &[u8]) -> Vec<u8> {
    let at = html
        .windows(b"</body".len())
        .rposition(|w| w.eq_ignore_ascii_case(b"</body"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + LIVE_RELOAD.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(LIVE_RELOAD.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Code;

    #[test]
    fn error_payload_carries_the_terminal_text() {
        let d = Diagnostic::error(Code::Template, "unknown filter `nope`")
            .in_file("templates/page.html")
            .at_line(3, 9);
        let json: serde_json::Value =
            serde_json::from_str(&error_payload(std::slice::from_ref(&d))).unwrap();
        assert_eq!(json[0]["text"], d.to_string());
        assert_eq!(json[0]["path"], "templates/page.html");
        assert_eq!(json[0]["line"], 3);
    }
    #[test]
    fn the_script_goes_before_the_last_body_end_tag() {
        let out = String::from_utf8(inject(b"<p>a</p></BODY></html>")).unwrap();
        assert!(out.starts_with("<p>a</p><script>"), "{out}");
        assert!(out.ends_with("</script></BODY></html>"), "{out}");
        let bare = String::from_utf8(inject(b"<p>a")).unwrap();
        assert!(bare.starts_with("<p>a<script>") && bare.ends_with("</script>"), "{bare}");
    }
}
