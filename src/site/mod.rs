//! The site model: sources → [`Site`].
//!
//! [`build`] is the recipe, one named step per module: [`publish`] decides
//! which sources are published and at which URL; [`outline`] reads every
//! page's Markdown (in parallel) for its headings, anchors, links and photos,
//! keeping no HTML; [`links`] checks every internal link against the anchors
//! of its target; [`sections`] lists each section's pages. The model holds
//! metadata and outlines only: a page's body HTML is made by the renderer, page
//! by page. Pure: no file access, no templates.

pub mod links;
pub mod outline;
pub mod publish;
pub mod sections;
pub mod translations;

use std::collections::{HashMap, HashSet};

use crate::config::{Config, Lang};
use crate::content::{Asset, Content, Source};
use crate::error::Diagnostic;
use crate::figures::Figures;
use crate::figures::quotes::QuotePlan;
use crate::markdown::{Heading, LinkRef, Quote};
use crate::photos::Photo;

pub use publish::Publish;
pub use translations::Translation;

/// A page's place in [`Site::pages`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PageId(pub usize);

/// One page (or section) in one language: its source and its outline.
#[derive(Debug)]
pub struct Page {
    pub source: Source,
    /// Output folder relative to the site root, with the language prefix
    /// (`en/article/`).
    pub rel: String,
    pub headings: Vec<Heading>,
    /// Every id the page's body defines.
    pub anchors: HashSet<String>,
    /// The internal links of the body, in order.
    pub links: Vec<LinkRef>,
    /// Photo ids placed on the page, in order.
    pub photos: Vec<String>,
    /// Where each placed photo is in the body, in the same order.
    pub photo_spans: Vec<std::ops::Range<usize>>,
    /// Indexes into the page's quotes ([`Site::quotes_for`]) found in its text.
    pub quotes_found: Vec<usize>,
    /// The parent section page, if any.
    pub parent: Option<PageId>,
    /// The pages listed by this section (empty for pages), in listing order.
    pub children: Vec<PageId>,
}

/// Pages by translation key and language, looked up without allocating.
#[derive(Debug, Default)]
pub struct PageIndex {
    by_key: HashMap<String, Vec<(Lang, PageId)>>,
}

impl PageIndex {
    fn new(pages: &[Page]) -> Self {
        let mut by_key: HashMap<String, Vec<(Lang, PageId)>> = HashMap::new();
        for (i, p) in pages.iter().enumerate() {
            by_key.entry(p.source.key.clone()).or_default().push((p.source.lang, PageId(i)));
        }
        PageIndex { by_key }
    }

    pub fn get(&self, key: &str, lang: Lang) -> Option<PageId> {
        self.by_key.get(key)?.iter().find(|(l, _)| *l == lang).map(|(_, id)| *id)
    }
}

/// The whole site, ready to render.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    /// Sorted by translation key, then by language order.
    pub pages: Vec<Page>,
    pub index: PageIndex,
    pub figures: Option<Figures>,
    /// The sentences the figures quote, and each figure's sentence id.
    pub quotes: QuotePlan,
    pub photos: Vec<Photo>,
    pub assets: Vec<Asset>,
}

impl Site {
    pub fn page(&self, key: &str, lang: Lang) -> Option<&Page> {
        self.index.get(key, lang).map(|id| &self.pages[id.0])
    }

    pub fn path_of(&self, page: &Page) -> String {
        self.config.path_to(&page.rel)
    }

    pub fn permalink_of(&self, page: &Page) -> String {
        self.config.permalink(&page.rel)
    }

    /// The sentences a page's Markdown marks for the key figures: those of its
    /// language when it is the article the figures quote, else none.
    pub fn quotes_for(&self, page: &Page) -> &[Quote] {
        match &self.figures {
            Some(f) if f.source == page.source.key => self.quotes.quotes(page.source.lang),
            _ => &[],
        }
    }

    /// The site-absolute URL an internal link points to (`/en/article/#x`);
    /// empty for a link to no page (which the model reported).
    pub fn link_url(&self, link: &LinkRef, lang: Lang) -> String {
        let Some(target) = self.page(&link.key, lang) else { return String::new() };
        let path = self.path_of(target);
        match &link.anchor {
            Some(a) if target.anchors.contains(a) => format!("{path}#{a}"),
            _ => path,
        }
    }
}

/// Builds the model, and returns every finding of its steps.
pub fn build(
    config: Config,
    content: Content,
    figures: Option<Figures>,
    photos: Vec<Photo>,
    publish: Publish,
) -> (Site, Vec<Diagnostic>) {
    let published = publish::select(content.sources, publish);
    let mut findings = publish::duplicate_urls(&published.sources, &config);
    let quotes = figures
        .as_ref()
        .map_or_else(QuotePlan::default, |f| publish::quote_plan(f, &published.sources, &config));
    let photo_ids: Vec<String> = photos.iter().map(|p| p.id.clone()).collect();
    let (pages, found) = outline::all(published.sources, &config, &photo_ids, |s| match &figures {
        Some(f) if f.source == s.key => quotes.quotes(s.lang),
        _ => &[],
    });
    findings.extend(found);
    let index = PageIndex::new(&pages);
    let mut site = Site { config, pages, index, figures, quotes, photos, assets: content.assets };
    findings.extend(links::check(&site, &published.drafts));
    sections::attach(&mut site);
    (site, findings)
}
