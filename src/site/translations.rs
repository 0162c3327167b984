//! The language versions of a page, for switchers, `hreflang` and sitemaps.
//!
//! Every page has an entry per language; where a version is missing, the entry
//! points to that language's home page and says so (`exists = false`).

use serde::Serialize;

use super::{Page, Site};

/// A link to one language version of a page.
#[derive(Debug, Clone, Serialize)]
pub struct Translation {
    pub lang: String,
    pub tag: String,
    pub name: String,
    /// Site-absolute path (with the base path).
    pub path: String,
    pub permalink: String,
    pub title: String,
    /// `false` when the page has no version in this language: the link then goes
    /// to that language's home page.
    pub exists: bool,
    pub current: bool,
    /// The version is a translation in preparation: a real page to switch to,
    /// but not an alternate for search engines.
    pub pending: bool,
}

impl Site {
    /// Every language version of `page`, in language order.
    pub fn translations(&self, page: &Page) -> Vec<Translation> {
        self.config
            .langs()
            .map(|lang| {
                let l = self.config.language_of(lang);
                let other = self.page(&page.source.key, lang);
                let target = other.or_else(|| self.page("_index.md", lang));
                let rel = target.map_or_else(|| self.config.prefix(lang), |p| p.rel.clone());
                Translation {
                    lang: l.code.clone(),
                    tag: l.tag.clone(),
                    name: l.title.clone(),
                    path: self.config.path_to(&rel),
                    permalink: self.config.permalink(&rel),
                    title: other.map_or_else(String::new, |p| p.source.front.title.clone()),
                    exists: other.is_some(),
                    current: lang == page.source.lang,
                    pending: other.is_some_and(|p| p.status.is_pending()),
                }
            })
            .collect()
    }
}
