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
use crate::figures::{Chart, Figure, Figures, Group};
use crate::markdown::Heading;
use crate::photos::LangText;
use crate::site::{Page, Site, Translation};

#[derive(Serialize)]
pub struct ConfigView<'a> {
    base_url: &'a str,
    base_path: &'a str,
    title: &'a str,
    description: &'a str,
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
}

impl<'a> PageView<'a> {
    /// The view of `page`, whose body renders to `content`.
    pub fn new(site: &'a Site, page: &'a Page, content: &'a str) -> Self {
        let front = &page.source.front;
        PageView {
            title: &front.title,
            description: &front.description,
            date: front.date.map(|d| d.to_string()),
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

/// The key figures as templates see them: each figure with the id of its
/// sentence in the article, per language (`f.anchor[lang]`).
#[derive(Serialize)]
pub struct FiguresView<'a> {
    source: &'a str,
    page: &'a str,
    groups: &'a [Group],
    figures: Vec<FigureView<'a>>,
    charts: &'a [Chart],
}

#[derive(Serialize)]
struct FigureView<'a> {
    #[serde(flatten)]
    figure: &'a Figure,
    anchor: &'a LangText,
}

impl<'a> FiguresView<'a> {
    pub fn new(figures: &'a Figures, site: &'a Site) -> Self {
        static NONE: LangText = LangText::new();
        FiguresView {
            source: &figures.source,
            page: &figures.page,
            groups: &figures.groups,
            figures: figures
                .figures
                .iter()
                .map(|f| FigureView {
                    figure: f,
                    anchor: site.quotes.anchors.get(&f.id).unwrap_or(&NONE),
                })
                .collect(),
            charts: &figures.charts,
        }
    }
}
