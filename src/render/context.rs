//! What templates see: one `#[derive(Serialize)]` view per kind of value,
//! borrowing from the model so nothing is cloned per page.
//!
//! The names and shape follow Zola where the meaning is the same: `config`,
//! `lang`, `lang_tag`, `page` (and `section` for section templates),
//! `page.translations`, `section.pages`. A new template variable is a new field
//! here, so code and templates cannot drift apart silently.

use serde::Serialize;

use crate::config::{Config, Language};
use crate::content::Kind;
use crate::dates::DateView;
use crate::figures::{Chart, Figure, Group};
use crate::markdown::Heading;
use crate::photos::{LangText, Photo};
use crate::share::ShareView;
use crate::site::{Article, Page, Site, Translation};

#[derive(Serialize)]
pub struct ConfigView<'a> {
    base_url: &'a str,
    base_path: &'a str,
    title: &'a str,
    description: &'a str,
    footer: &'a str,
    default_language: &'a str,
    languages: &'a [Language],
    extra: &'a toml::Table,
}

impl<'a> ConfigView<'a> {
    pub fn new(config: &'a Config, lang: &'a Language) -> Self {
        ConfigView {
            base_url: &config.base_url,
            base_path: &config.base_path,
            title: &lang.title,
            description: &lang.description,
            footer: &lang.footer,
            default_language: &config.default_language,
            languages: &config.languages,
            extra: &config.extra,
        }
    }
}

/// A page as a section lists it.
#[derive(Serialize)]
struct PageSummary<'a> {
    title: &'a str,
    description: &'a str,
    date: Option<String>,
    path: String,
    permalink: String,
    extra: &'a toml::Table,
}

#[derive(Serialize)]
pub struct PageView<'a> {
    title: &'a str,
    description: &'a str,
    date: Option<String>,
    /// `date` and `updated` for readers: `<time datetime="{{ d.iso }}">{{ d.display }}</time>`.
    published: Option<DateView>,
    updated: Option<DateView>,
    weight: i64,
    extra: &'a toml::Table,
    content: &'a str,
    path: String,
    permalink: String,
    lang: &'a str,
    kind: Kind,
    relative_path: &'a str,
    translations: Vec<Translation>,
    toc: &'a [Heading],
    photos: &'a [String],
    /// For sections: the pages below, sorted by weight, then date, then path.
    pages: Vec<PageSummary<'a>>,
    /// An article's lead as HTML, with the sentences figures quote marked.
    lead: Option<String>,
    /// A translation in preparation: the page stands in for it.
    pending: bool,
    /// Open Graph and Twitter tags, and JSON-LD, for `<head>`.
    share: ShareView,
}

impl<'a> PageView<'a> {
    /// The view of `page`, whose body renders to `content` and lead to `lead`.
    pub fn new(
        site: &'a Site,
        page: &'a Page,
        content: &'a str,
        lead: Option<String>,
        share: ShareView,
    ) -> Self {
        let front = &page.source.front;
        let tag = &site.config.language_of(page.source.lang).tag;
        let (published, updated) = crate::share::dates(site, page);
        PageView {
            title: &front.title,
            description: &front.description,
            date: front.date.map(|d| d.to_string()),
            published: published.map(|d| d.view(tag)),
            updated: updated.map(|d| d.view(tag)),
            weight: front.weight,
            extra: &front.extra,
            content,
            path: site.path_of(page),
            permalink: site.permalink_of(page),
            lang: site.config.code(page.source.lang),
            kind: page.source.kind,
            relative_path: &page.source.key,
            translations: site.translations(page),
            toc: &page.headings,
            photos: &page.photos,
            pages: page.children.iter().map(|c| summary(site, &site.pages[c.0])).collect(),
            lead,
            pending: page.status.is_pending(),
            share,
        }
    }
}

fn summary<'a>(site: &'a Site, child: &'a Page) -> PageSummary<'a> {
    PageSummary {
        title: &child.source.front.title,
        description: &child.source.front.description,
        date: child.source.front.date.map(|d| d.to_string()),
        path: site.path_of(child),
        permalink: site.permalink_of(child),
        extra: &child.source.front.extra,
    }
}

/// What every template gets.
#[derive(Serialize)]
pub struct PageContext<'a> {
    pub config: ConfigView<'a>,
    pub lang: &'a str,
    pub lang_tag: &'a str,
    pub page: PageView<'a>,
    pub is_404: bool,
}

/// An article as templates see it (the `articles` list, lead story first): its
/// page's key and folder, its figures and photos, and the figures its home
/// card highlights. Titles and paths per language come from `get_page(path="@/" ~ a.key)`.
#[derive(Serialize)]
pub struct ArticleView<'a> {
    key: &'a str,
    dir: &'a str,
    figures: Option<FiguresView<'a>>,
    photos: Vec<&'a Photo>,
    highlights: &'a [String],
}

impl<'a> ArticleView<'a> {
    pub fn new(article: &'a Article, site: &'a Site) -> Self {
        ArticleView {
            key: &article.key,
            dir: &article.dir,
            figures: article.figures.map(|i| FiguresView::new(site, i)),
            photos: article.photos.iter().map(|&i| &site.photos[i]).collect(),
            highlights: &article.highlights,
        }
    }
}

/// The key figures as templates see them: each figure with its element id on
/// the figures page (`f.element`) and the id of its sentence in the article,
/// per language (`f.anchor[lang]`).
#[derive(Serialize)]
pub struct FiguresView<'a> {
    source: &'a str,
    page: &'a str,
    dir: &'a str,
    /// What makes its element ids unique on a page (`article-`, or empty).
    prefix: &'a str,
    groups: &'a [Group],
    figures: Vec<FigureView<'a>>,
    charts: &'a [Chart],
}

#[derive(Serialize)]
struct FigureView<'a> {
    #[serde(flatten)]
    figure: Figure,
    element: String,
    anchor: &'a LangText,
}

/// A figure without the texts still marked untranslated: readers see the
/// original's text in their place (see the `text` function).
fn translated_only(f: &Figure) -> Figure {
    let mut f = f.clone();
    for map in [&mut f.label, &mut f.display, &mut f.unit, &mut f.quote] {
        map.retain(|_, text| !crate::translate::is_untranslated(text));
    }
    f
}

impl<'a> FiguresView<'a> {
    /// The view of `site.figures[i]`.
    pub fn new(site: &'a Site, i: usize) -> Self {
        static NONE: LangText = LangText::new();
        let figures = &site.figures[i];
        FiguresView {
            source: &figures.source,
            page: &figures.page,
            dir: &figures.dir,
            prefix: &figures.prefix,
            groups: &figures.groups,
            figures: figures
                .figures
                .iter()
                .map(|f| FigureView {
                    figure: translated_only(f),
                    element: figures.element(&f.id),
                    anchor: site.quotes[i].anchors.get(&f.id).unwrap_or(&NONE),
                })
                .collect(),
            charts: &figures.charts,
        }
    }
}
