//! The articles of a site, and stand-ins for their missing translations.
//!
//! An article is a folder (`content/article/`) whose `index.md` uses the
//! article template, as `broadsheet import` writes it, with its own
//! `figures.toml`, `photos.toml` and `photos/`. [`find`] lists them, lead story
//! first: by weight, then newest date, then path. [`pending_pages`] gives each
//! article a page in every language it lacks, at the URL its translation will
//! have, saying the translation is in preparation; the language switcher of
//! every article page then has a real counterpart.

use std::path::PathBuf;

use super::{Page, Pending, Status, publish};
use crate::config::{Config, Lang};
use crate::content::Source;
use crate::figures::{Figures, draft};
use crate::photos::Photo;

/// The template of an article, as `broadsheet import` writes it.
pub const ARTICLE_TEMPLATE: &str = "article.html";

/// The template of a translation in preparation.
pub const PENDING_TEMPLATE: &str = "pending.html";

/// One article: its page's key and folder, and the data it carries.
#[derive(Debug, Clone)]
pub struct Article {
    /// The translation key of its page (`article/index.md`).
    pub key: String,
    /// Its folder under `content/` (`article`).
    pub dir: String,
    /// Its figures, as an index into `Site::figures`.
    pub figures: Option<usize>,
    /// Its photos, as indexes into `Site::photos`, in file order.
    pub photos: Vec<usize>,
    /// The figure ids its home card highlights: the article's own
    /// `highlights`, else (for the lead story) the home page's.
    pub highlights: Vec<String>,
}

/// Whether a source is an article's page.
pub fn is_article(source: &Source) -> bool {
    source.key.ends_with("/index.md") && source.front.template.as_deref() == Some(ARTICLE_TEMPLATE)
}

/// How many figures a home card highlights when the article names none.
const HIGHLIGHTS: usize = 6;

/// Every article, lead story first.
pub fn find(pages: &[Page], figures: &[Figures], photos: &[Photo], code: &str) -> Vec<Article> {
    let mut found: Vec<&Page> =
        pages.iter().filter(|p| p.source.lang == Lang::DEFAULT && is_article(&p.source)).collect();
    found.sort_by(|a, b| {
        let (fa, fb) = (&a.source.front, &b.source.front);
        fa.weight
            .cmp(&fb.weight)
            .then_with(|| fb.date.map(|d| d.to_string()).cmp(&fa.date.map(|d| d.to_string())))
            .then_with(|| a.source.key.cmp(&b.source.key))
    });
    let home = pages.iter().find(|p| p.source.key == "_index.md" && p.source.lang == Lang::DEFAULT);
    found
        .into_iter()
        .enumerate()
        .map(|(n, p)| {
            let dir = p.source.folder().to_string();
            let named = highlights(p).or_else(|| home.filter(|_| n == 0).and_then(highlights));
            let own = figures.iter().position(|f| f.source == p.source.key);
            // Not named: picked from the figures, spread over the article.
            let picked = || {
                own.map(|i| draft::highlights(&figures[i].figures, code, HIGHLIGHTS))
                    .unwrap_or_default()
            };
            Article {
                key: p.source.key.clone(),
                figures: own,
                photos: (0..photos.len()).filter(|&i| photos[i].dir == dir).collect(),
                highlights: named.unwrap_or_else(picked),
                dir,
            }
        })
        .collect()
}

/// The `highlights = ["id", …]` a page's front matter names.
fn highlights(page: &Page) -> Option<Vec<String>> {
    let list = page.source.front.extra.get("highlights")?.as_array()?;
    Some(list.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
}

/// A "translation in preparation" page for each language an article lacks.
pub fn pending_pages(pages: &[Page], config: &Config) -> Vec<Page> {
    let mut out = Vec::new();
    for page in pages.iter().filter(|p| p.source.lang == Lang::DEFAULT && is_article(&p.source)) {
        for lang in config.langs().filter(|l| !l.is_default()) {
            let exists =
                pages.iter().any(|p| p.source.key == page.source.key && p.source.lang == lang);
            if !exists {
                out.push(pending(page, lang, config));
            }
        }
    }
    out
}

/// The stand-in for `original` in `lang`.
fn pending(original: &Page, lang: Lang, config: &Config) -> Page {
    let mut source = original.source.clone();
    source.lang = lang;
    source.path = PathBuf::from(format!("{}/index.{}.md", source.folder(), config.code(lang)));
    source.front.template = Some(PENDING_TEMPLATE.to_string());
    source.body_start = source.text.len();
    let rel = publish::rel_of(&source, config);
    Page::made(source, rel, Status::Pending(Pending::Missing))
}
