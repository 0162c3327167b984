//! The publish step: which sources become pages, and at which URL.
//!
//! Drafts are left out unless asked for (and remembered, so a link to one is
//! reported as such); the rest are sorted by translation key, then language, so
//! every list built from them has a defined order. Two sources writing one URL
//! are an error naming both.

use std::collections::HashMap;

use crate::config::{Config, Lang};
use crate::content::Source;
use crate::error::{Code, Diagnostic};
use crate::figures::Figures;
use crate::figures::quotes::{self, QuotePlan};

/// Options that change which pages are published.
#[derive(Debug, Clone, Copy, Default)]
pub struct Publish {
    pub drafts: bool,
    /// Stand in a "translation in preparation" page for each language an
    /// article lacks (when the theme has a template for it).
    pub pending_pages: bool,
    /// What becomes of a translation with untranslated slots.
    pub partial: Partial,
}

/// What becomes of a translation that still holds untranslated slots.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Partial {
    /// Readers see that the translation is in preparation (`build`).
    #[default]
    Hide,
    /// Shown as it is, its slots marked (the preview of `serve`).
    Preview,
}

/// The sources that are published, and the drafts left out.
pub struct Published {
    pub sources: Vec<Source>,
    pub drafts: Drafts,
}

/// Translation keys of drafts, per language.
#[derive(Debug, Default)]
pub struct Drafts(HashMap<String, Vec<Lang>>);

impl Drafts {
    pub fn contains(&self, key: &str, lang: Lang) -> bool {
        self.0.get(key).is_some_and(|langs| langs.contains(&lang))
    }
}

/// Leaves drafts out (unless `publish.drafts`) and sorts by key, then language.
pub fn select(sources: Vec<Source>, publish: Publish) -> Published {
    let mut drafts = Drafts::default();
    let mut kept = Vec::with_capacity(sources.len());
    for s in sources {
        if s.front.draft && !publish.drafts {
            drafts.0.entry(s.key.clone()).or_default().push(s.lang);
        } else {
            kept.push(s);
        }
    }
    kept.sort_by(|a, b| (&a.key, a.lang).cmp(&(&b.key, b.lang)));
    Published { sources: kept, drafts }
}

/// A source's output folder with its language prefix (`en/article/`).
pub fn rel_of(source: &Source, config: &Config) -> String {
    format!("{}{}", config.prefix(source.lang), source.rel_dir)
}

/// An error for every source that writes a URL another one writes already.
pub fn duplicate_urls(sources: &[Source], config: &Config) -> Vec<Diagnostic> {
    let mut by_url: HashMap<String, &Source> = HashMap::new();
    let mut findings = Vec::new();
    for s in sources {
        let rel = rel_of(s, config);
        if let Some(first) = by_url.insert(rel.clone(), s) {
            findings.push(
                Diagnostic::error(
                    Code::DuplicateUrl,
                    format!(
                        "`{}` and `{}` both write the page /{rel}",
                        first.display_path().display(),
                        s.display_path().display()
                    ),
                )
                .in_file(s.display_path())
                .with_help("rename one of the files or change its `slug`"),
            );
        }
    }
    findings
}

/// The figures' quotes, linking back to the figures page of each language.
pub fn quote_plan(figures: &Figures, sources: &[Source], config: &Config) -> QuotePlan {
    quotes::plan(figures, config, |lang| {
        sources
            .iter()
            .find(|s| s.key == figures.page && s.lang == lang)
            .map(|s| config.path_to(&rel_of(s, config)))
            .unwrap_or_default()
    })
}
