//! The site model: sources → [`Site`].
//!
//! [`build`] is the recipe, one named step per module: [`publish`] decides
//! which sources are published and at which URL; [`outline`] reads every
//! page's Markdown (in parallel) for its headings, anchors, links and photos,
//! keeping no HTML; [`articles`] finds the articles (self-contained folders
//! with their figures and photos) and stands in a "translation in preparation"
//! page for each language an article lacks; [`links`] checks every internal
//! link against the anchors of its target; [`sections`] lists each section's
//! pages. The model holds metadata and outlines only: a page's body HTML is
//! made by the renderer, page by page. Pure: no file access, no templates.

pub mod articles;
pub mod links;
pub mod outline;
pub mod progress;
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

pub use articles::Article;
pub use publish::{Partial, Publish};
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
    /// Whether readers see the page itself or a stand-in.
    pub status: Status,
    /// The parent section page, if any.
    pub parent: Option<PageId>,
    /// The pages listed by this section (empty for pages), in listing order.
    pub children: Vec<PageId>,
}

impl Page {
    /// A page made by broadsheet rather than read (a 404, a stand-in): its
    /// source and folder, nothing outlined.
    pub fn made(source: Source, rel: String, status: Status) -> Page {
        Page {
            source,
            rel,
            headings: Vec::new(),
            anchors: HashSet::new(),
            links: Vec::new(),
            photos: Vec::new(),
            photo_spans: Vec::new(),
            quotes_found: Vec::new(),
            status,
            parent: None,
            children: Vec::new(),
        }
    }
}

/// Whether a page is published as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Status {
    #[default]
    Published,
    /// A translation not ready: readers see a "translation in preparation"
    /// page linking to the original.
    Pending(Pending),
}

/// Why a translation is not ready.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    /// There is no file for it yet: the page stands in for it.
    Missing,
    /// Its file still holds untranslated slots.
    Partial,
}

impl Status {
    pub fn is_pending(self) -> bool {
        matches!(self, Status::Pending(_))
    }

    /// Whether the page stands in for a file there is not.
    pub fn is_made(self) -> bool {
        self == Status::Pending(Pending::Missing)
    }
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
    /// Every `figures.toml`, in walk order.
    pub figures: Vec<Figures>,
    /// For each of `figures`, the sentences it quotes and their ids.
    pub quotes: Vec<QuotePlan>,
    pub photos: Vec<Photo>,
    /// The articles, lead story first (by weight, then newest date, then path).
    pub articles: Vec<Article>,
    pub assets: Vec<Asset>,
    /// What this build found that the next one need not work out again.
    pub memos: Memos,
}

/// What a build remembers for the next: the translations whose status had
/// nothing to report ([`progress::Clean`]) and the clean outlines of bodies
/// ([`outline::Memo`]), the theme minified ([`crate::templates::ThemeMemo`]),
/// each keyed by a hash of all it is made from; and, in
/// `serve` only, the sources as read, for the files the watcher saw unchanged.
#[derive(Debug, Default)]
pub struct Memos {
    pub clean: progress::Clean,
    pub outlines: outline::Memo,
    pub sources: crate::content::Known,
    /// The theme's templates and stylesheets minified.
    pub theme: crate::templates::ThemeMemo,
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
        self.figures_of(&page.source.key).map_or(&[], |i| self.quotes[i].quotes(page.source.lang))
    }

    /// The article whose page (in any language) is `page`.
    pub fn article_of(&self, page: &Page) -> Option<&Article> {
        self.articles.iter().find(|a| a.key == page.source.key)
    }

    /// The index of the figures that quote the page `key`.
    pub fn figures_of(&self, key: &str) -> Option<usize> {
        self.figures.iter().position(|f| f.source == key)
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
    figures: Vec<Figures>,
    photos: Vec<Photo>,
    publish: Publish,
    known: Option<&Memos>,
) -> (Site, Vec<Diagnostic>) {
    let published = publish::select(content.sources, publish);
    let mut findings = publish::duplicate_urls(&published.sources, &config);
    let quotes: Vec<QuotePlan> =
        figures.iter().map(|f| publish::quote_plan(f, &published.sources, &config)).collect();
    let quotes_of = |s: &Source| match figures.iter().position(|f| f.source == s.key) {
        Some(i) => quotes[i].quotes(s.lang),
        None => &[],
    };
    let none = progress::Clean::new();
    let clean_known = known.map_or(&none, |k| &k.clean);
    let (mut pages, found, outlines) =
        outline::all(published.sources, &config, &photos, quotes_of, known.map(|k| &k.outlines));
    findings.extend(found);
    let (found, clean) =
        progress::check(&mut pages, &content.data, &config, publish.partial, clean_known);
    findings.extend(found);
    if publish.pending_pages {
        pages.extend(articles::pending_pages(&pages, &config));
        pages.sort_by(|a, b| (&a.source.key, a.source.lang).cmp(&(&b.source.key, b.source.lang)));
    }
    let index = PageIndex::new(&pages);
    let articles = articles::find(&pages, &figures, &photos, &config.default_language);
    let assets = content.assets;
    let memos = Memos { clean, outlines, ..Default::default() };
    let mut site = Site { config, pages, index, figures, quotes, photos, articles, assets, memos };
    findings.extend(links::check(&site, &published.drafts));
    sections::attach(&mut site);
    (site, findings)
}
