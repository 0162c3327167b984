//! Rebuilding on every save, one build at a time, off the async thread.
//!
//! [`Builder`] keeps the last good build (its files, config, stylesheets and
//! fingerprints). A change is rebuilt with the library's in-memory build,
//! which renders only the pages whose inputs changed; a stylesheet-only change
//! re-copies the stylesheet and points the pages at its new hashed name
//! without rendering. A failure keeps the last good build served.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use axum::body::Bytes;
use tokio::sync::mpsc;

use super::http::is_html;
use super::reload::Shared;
use super::{Notice, Reporter};
use crate::config::Config;
use crate::error::{Code, Diagnostic};
use crate::watch::{Batch, Change};
use crate::{BuildOptions, Severity};

/// One build of the site, as served: site-relative path → bytes.
#[derive(Debug, Default, PartialEq)]
pub struct Files {
    pub map: BTreeMap<String, Bytes>,
    /// The URL path the site lives under (`/` or `/sub/`).
    pub base_path: String,
}

/// A published stylesheet: its name under `templates/static/` and its hashed
/// output path.
#[derive(Debug, Clone, PartialEq)]
pub struct Style {
    name: String,
    out: String,
}

/// The last build that succeeded, with what a stylesheet-only update needs.
pub struct Good {
    config: Config,
    styles: Vec<Style>,
    files: Arc<Files>,
    /// What the served pages were rendered from, so a one-page edit re-renders
    /// that page only.
    fingerprints: crate::incremental::Fingerprints,
    /// What it worked out of the content, so a one-page edit reads that page's
    /// Markdown only.
    memos: crate::site::Memos,
}

/// Whether the site currently served is the latest build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Health {
    Fine,
    Broken,
}

pub enum Outcome {
    Built { files: Arc<Files>, pages: usize, warnings: usize },
    Restyled { files: Arc<Files>, urls: Vec<String> },
    Failed(Vec<Diagnostic>),
}

/// Rebuilds the site; owned by the rebuild task, one build at a time.
pub struct Builder {
    pub root: PathBuf,
    /// `http://127.0.0.1:1111`: the base URL, less the config's base path.
    pub origin: String,
    pub good: Option<Good>,
}

impl Builder {
    /// Brings the served site up to date after `changed` (paths under the root).
    pub fn rebuild(&mut self, change: Change, changed: &[PathBuf], health: Health) -> Outcome {
        // After a failure the stylesheet alone cannot bring the site up to date.
        if change == Change::Css
            && health == Health::Fine
            && let Some(outcome) = self.restyle()
        {
            return outcome;
        }
        match self.full(change, changed) {
            Ok((good, pages, warnings)) => {
                let files = Arc::clone(&good.files);
                // Freeing a large site's last build takes a while: not on the way
                // to the browser.
                let last = self.good.replace(good);
                std::thread::spawn(move || drop(last));
                Outcome::Built { files, pages, warnings }
            }
            Err(diagnostics) => Outcome::Failed(diagnostics),
        }
    }

    /// The library's in-memory build; pages it did not render again keep
    /// their bytes from the last good build, and files not `changed` are taken
    /// as that build read them.
    fn full(
        &mut self,
        change: Change,
        changed: &[PathBuf],
    ) -> std::result::Result<(Good, usize, usize), Vec<Diagnostic>> {
        // The preview shows translations in progress, their slots marked.
        let opts = BuildOptions {
            origin: Some(self.origin.clone()),
            partial: crate::site::Partial::Preview,
            ..BuildOptions::new(self.root.clone())
        };
        let mut known =
            self.good.as_mut().map(|g| std::mem::take(&mut g.memos)).unwrap_or_default();
        forget_changed(&mut known.sources, change, changed);
        let previous = self.good.as_ref().map(|g| &g.fingerprints);
        let built = match crate::build_in_memory_knowing(&opts, previous, &mut known) {
            Ok(built) => built,
            Err(e) => {
                // What is known stays true; the sources went into the failed build.
                if let Some(good) = self.good.as_mut() {
                    good.memos = known;
                }
                return Err(e.diagnostics());
            }
        };
        let mut map: BTreeMap<String, Bytes> = match &self.good {
            Some(good) => built
                .unchanged
                .iter()
                .filter_map(|k| good.files.map.get(k).map(|b| (k.clone(), b.clone())))
                .collect(),
            None => BTreeMap::new(),
        };
        map.extend(built.files.into_iter().map(|(k, v)| (k, Bytes::from(v))));
        let styles = built.styles.into_iter().map(|(name, out)| Style { name, out }).collect();
        let warnings = built.notes.iter().filter(|d| d.severity == Severity::Warning).count();
        let files = Arc::new(Files { map, base_path: built.config.base_path.clone() });
        let good = Good {
            config: built.config,
            styles,
            files,
            fingerprints: built.fingerprints,
            memos: built.memos,
        };
        std::thread::spawn(move || drop(known));
        Ok((good, built.pages, warnings))
    }

    /// Re-copies the stylesheets and points the pages at their new hashed
    /// names, without rendering. `None` when a full build is needed instead
    /// (no good build yet, templates unreadable, a stylesheet added or removed).
    fn restyle(&mut self) -> Option<Outcome> {
        let good = self.good.as_mut()?;
        let theme = Some(&good.memos.theme);
        let (templates, _) = crate::templates::load(&self.root, &good.config, theme).ok()?;
        let fresh: Vec<_> =
            templates.statics.into_iter().filter(|s| s.name.ends_with(".css")).collect();
        if !fresh.iter().map(|s| &s.name).eq(good.styles.iter().map(|s| &s.name)) {
            return None;
        }
        let mut map = good.files.map.clone();
        let mut renames = Vec::new();
        for (old, new) in good.styles.iter().zip(fresh) {
            if old.out != new.out {
                map.remove(&old.out);
                map.insert(new.out.clone(), Bytes::from(new.bytes));
                renames.push((old.out.clone(), new.out));
            }
        }
        if renames.is_empty() {
            return Some(Outcome::Restyled { files: Arc::clone(&good.files), urls: vec![] });
        }
        // The hashed name is unique enough that plain replacement is exact.
        for (_, bytes) in map.iter_mut().filter(|(k, _)| is_html(k)) {
            let Ok(text) = std::str::from_utf8(bytes) else { continue };
            if renames.iter().any(|(old, _)| text.contains(old.as_str())) {
                let mut text = text.to_string();
                for (old, new) in &renames {
                    text = text.replace(old.as_str(), new);
                }
                *bytes = Bytes::from(text);
            }
        }
        for style in &mut good.styles {
            if let Some((_, new)) = renames.iter().find(|(old, _)| *old == style.out) {
                style.out = new.clone();
            }
        }
        good.files = Arc::new(Files { map, base_path: good.files.base_path.clone() });
        let urls = renames.iter().map(|(_, new)| good.config.path_to(new)).collect();
        Some(Outcome::Restyled { files: Arc::clone(&good.files), urls })
    }

    /// The base path to serve under before any build succeeded.
    pub fn base_path(&self) -> String {
        match &self.good {
            Some(good) => good.files.base_path.clone(),
            None => Config::load(&self.root).map_or_else(|_| "/".to_string(), |c| c.base_path),
        }
    }
}

/// Drops from `sources` the files a batch changed; all of them when the config
/// (which decides a file's language and URL) may have changed.
fn forget_changed(sources: &mut crate::content::Known, change: Change, changed: &[PathBuf]) {
    if change >= Change::Config {
        sources.clear();
        return;
    }
    for path in changed {
        if let Ok(rel) = path.strip_prefix("content") {
            sources.remove(&*rel.to_string_lossy());
        }
    }
}

pub fn lock(builder: &Mutex<Builder>) -> MutexGuard<'_, Builder> {
    // A panicking build leaves the last good build intact: carry on with it.
    builder.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Runs a rebuild on a blocking thread; a panic becomes an error for the editor
/// rather than the end of the server.
pub async fn build_off_thread(
    builder: &Arc<Mutex<Builder>>,
    change: Change,
    changed: Vec<PathBuf>,
    health: Health,
) -> Outcome {
    let builder = Arc::clone(builder);
    tokio::task::spawn_blocking(move || lock(&builder).rebuild(change, &changed, health))
        .await
        .unwrap_or_else(|e| {
            let why = e
                .try_into_panic()
                .ok()
                .and_then(|p| {
                    p.downcast_ref::<String>()
                        .cloned()
                        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                })
                .unwrap_or_default();
            Outcome::Failed(vec![
                Diagnostic::error(Code::Panic, format!("the rebuild crashed: {why}")).with_help(
                    "this is a bug in broadsheet: please report it with the change that caused it",
                ),
            ])
        })
}

/// Takes batches of changes and rebuilds, one at a time; batches that arrive
/// during a rebuild are merged into the next one.
pub async fn rebuild_loop(
    shared: Arc<Shared>,
    builder: Arc<Mutex<Builder>>,
    mut batches: mpsc::UnboundedReceiver<Batch>,
    report: Reporter,
) {
    while let Some(mut batch) = batches.recv().await {
        while let Ok(more) = batches.try_recv() {
            batch.merge(more);
        }
        let start = Instant::now();
        let before = shared.current().base_path.clone();
        let changed = batch.paths.clone();
        let outcome = build_off_thread(&builder, batch.change, changed, shared.health()).await;
        let millis = start.elapsed().as_millis();
        let notice = shared.apply(outcome, batch, millis);
        let after = shared.current().base_path.clone();
        if after != before {
            report(&Notice::Moved { url: format!("{}{after}", lock(&builder).origin) });
        }
        report(&notice);
    }
}
