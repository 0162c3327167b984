//! What a page is when it travels: structured data for search engines,
//! Open Graph and Twitter tags for shared links, share cards, Atom feeds.
//!
//! [`cards`] draws (or takes from its cache) a 1200×630 card per article and
//! language before rendering; [`view`] then gives each page its tags and
//! JSON-LD as one template value, `page.share`; [`feeds`] plans a feed per
//! language, which the renderer fills with the articles' bodies. Everything
//! here is read from the model and the config: the theme decides only where
//! it goes, so a theme without these values keeps building as before.

pub mod card;
pub mod cards;
pub mod feed;
pub mod jsonld;
pub mod meta;

use serde::Serialize;

use crate::config::{Config, Lang, Language};
use crate::dates::Stamp;
use crate::site::articles::is_article;
use crate::site::{Page, Site, Status};

pub use cards::{CardFile, Cards};
use jsonld::{ImageObject, NewsArticle, Organization, WebPage, WebSite, WorkRef};
use meta::{ArticleDates, Meta, OgImage, OgPage};

/// A page's tags and structured data, as templates see them (`page.share`).
#[derive(Debug, Default, Serialize)]
pub struct ShareView {
    pub meta: Vec<Meta>,
    /// JSON-LD, escaped for a `<script>` element; empty when the page has none.
    pub jsonld: String,
}

/// The share view of `page`. A stand-in for a translation in preparation
/// gets none: it is not a page to share or index.
pub fn view(site: &Site, page: &Page, cards: &Cards) -> ShareView {
    if page.status != Status::Published {
        return ShareView::default();
    }
    let facts = Facts::of(site, page, cards);
    let meta = meta::tags(&facts.og());
    let jsonld = if is_article(&page.source) {
        jsonld::script_json(&facts.news_article(site))
    } else if page.source.key == "_index.md" {
        jsonld::script_json(&facts.website())
    } else {
        String::new()
    };
    ShareView { meta, jsonld }
}

/// What the tags and the structured data of one page say.
struct Facts<'a> {
    page: &'a Page,
    config: &'a Config,
    lang: &'a Language,
    title: &'a str,
    description: &'a str,
    permalink: String,
    card: Option<&'a CardFile>,
    published: Option<Stamp>,
    modified: Option<Stamp>,
    /// The other language versions readers can switch to: (tag, permalink).
    alternates: Vec<(String, String)>,
}

impl<'a> Facts<'a> {
    fn of(site: &'a Site, page: &'a Page, cards: &'a Cards) -> Self {
        let lang = site.config.language_of(page.source.lang);
        let front = &page.source.front;
        let home = page.source.key == "_index.md";
        let title = if home || front.title.is_empty() { &lang.title } else { &front.title };
        let (published, modified) = dates(site, page);
        Facts {
            page,
            config: &site.config,
            lang,
            title,
            description: description(page, lang),
            permalink: site.permalink_of(page),
            card: card_of(site, page, cards),
            published,
            modified,
            alternates: alternates(site, page),
        }
    }

    fn og(&self) -> OgPage<'_> {
        let article = is_article(&self.page.source).then(|| ArticleDates {
            published: self.published.map(|d| d.iso()),
            modified: self.modified.or(self.published).map(|d| d.iso()),
        });
        OgPage {
            title: self.title,
            description: self.description,
            url: &self.permalink,
            site_name: &self.lang.title,
            tag: &self.lang.tag,
            alternates: self.alternates.iter().map(|(tag, _)| tag.as_str()).collect(),
            image: self.card.map(|c| OgImage {
                url: self.config.permalink(&c.rel),
                width: c.width,
                height: c.height,
                alt: c.alt.clone(),
            }),
            article,
        }
    }

    fn news_article(&self, site: &Site) -> NewsArticle<'_> {
        let front = &self.page.source.front;
        let kicker = front.extra_str("kicker").filter(|k| !k.is_empty());
        let mut image: Vec<ImageObject> = self.card.iter().map(|c| self.card_image(c)).collect();
        image.extend(photo_images(site, self.page));
        let (translation_of_work, work_translation) = self.translation_links();
        NewsArticle {
            context: "https://schema.org",
            kind: "NewsArticle",
            id: jsonld::article_id(&self.permalink),
            headline: jsonld::headline(self.title),
            alternative_headline: kicker,
            description: self.description,
            date_published: self.published.map(|d| d.iso()),
            date_modified: self.modified.or(self.published).map(|d| d.iso()),
            in_language: &self.lang.tag,
            url: &self.permalink,
            image,
            author: self.organization(),
            publisher: self.organization(),
            is_accessible_for_free: true,
            main_entity_of_page: WebPage { kind: "WebPage", id: &self.permalink },
            work_translation,
            translation_of_work,
        }
    }

    /// The original points to its translations; a translation to its original.
    fn translation_links(&self) -> (Option<WorkRef>, Vec<WorkRef>) {
        let work = |(tag, url): &(String, String)| WorkRef {
            kind: "NewsArticle",
            id: jsonld::article_id(url),
            url: url.clone(),
            in_language: tag.clone(),
        };
        if self.page.source.lang.is_default() {
            return (None, self.alternates.iter().map(work).collect());
        }
        let default_tag = &self.config.language_of(Lang::DEFAULT).tag;
        (self.alternates.iter().find(|(tag, _)| tag == default_tag).map(work), Vec::new())
    }

    fn website(&self) -> WebSite<'_> {
        WebSite {
            context: "https://schema.org",
            kind: "WebSite",
            id: format!("{}#website", self.permalink),
            name: &self.lang.title,
            description: &self.lang.description,
            url: &self.permalink,
            in_language: &self.lang.tag,
            publisher: self.organization(),
        }
    }

    fn card_image(&self, card: &CardFile) -> ImageObject {
        let mut image =
            ImageObject::new(self.config.permalink(&card.rel)).sized(card.width, card.height);
        image.caption = Some(card.alt.clone());
        image
    }

    /// The `[publisher]` of the config, else the site in this language.
    fn organization(&self) -> Organization {
        let publisher = self.config.publisher.as_ref();
        let logo = publisher.map(|p| p.logo.as_str()).filter(|l| !l.is_empty()).map(|logo| {
            let absolute = logo.starts_with("https://") || logo.starts_with("http://");
            ImageObject::new(if absolute { logo.to_string() } else { self.config.permalink(logo) })
        });
        Organization {
            kind: "Organization",
            name: self.config.publisher_name(self.lang).to_string(),
            url: self.config.publisher_url().to_string(),
            logo,
        }
    }
}

/// What a page says about itself: its description, else an article's lead,
/// else the site's description.
fn description<'a>(page: &'a Page, lang: &'a Language) -> &'a str {
    let front = &page.source.front;
    let lead = front.extra_str("lead").unwrap_or("");
    [front.description.as_str(), lead, lang.description.as_str()]
        .into_iter()
        .find(|s| !s.trim().is_empty())
        .unwrap_or("")
}

/// The page's dates; a translation without its own takes the original's.
pub fn dates(site: &Site, page: &Page) -> (Option<Stamp>, Option<Stamp>) {
    let own = |p: &Page| {
        let front = &p.source.front;
        (front.date.as_ref().and_then(Stamp::of), front.updated.as_ref().and_then(Stamp::of))
    };
    let (published, modified) = own(page);
    if published.is_some() || page.source.lang.is_default() {
        return (published, modified);
    }
    site.page(&page.source.key, Lang::DEFAULT).map_or((None, None), own)
}

/// The page's own card; other pages show the lead article's card in their language.
fn card_of<'a>(site: &Site, page: &Page, cards: &'a Cards) -> Option<&'a CardFile> {
    if is_article(&page.source) {
        return cards.get(&page.rel);
    }
    let lead = site.articles.first()?;
    let lead_page = site.page(&lead.key, page.source.lang)?;
    cards.get(&lead_page.rel)
}

/// The article's photos that have arrived, with their captions and credits.
fn photo_images(site: &Site, page: &Page) -> Vec<ImageObject> {
    let Some(article) = site.article_of(page) else {
        return Vec::new();
    };
    let code = site.config.code(page.source.lang);
    let default = &site.config.default_language;
    let text = |map: &crate::photos::LangText| {
        map.get(code).or_else(|| map.get(default)).filter(|t| !t.is_empty()).cloned()
    };
    article
        .photos
        .iter()
        .map(|&i| &site.photos[i])
        .filter_map(|photo| {
            let file = photo.file.as_ref()?;
            let mut image =
                ImageObject::new(site.config.permalink(&file.rel)).sized(file.width, file.height);
            image.caption = text(&photo.caption);
            image.credit_text = text(&photo.credit);
            Some(image)
        })
        .collect()
}

/// One language's feed: where it goes and the article pages it lists.
#[derive(Debug)]
pub struct FeedPlan {
    pub lang: Lang,
    /// Site-relative output path (`feed.xml`, `en/feed.xml`).
    pub rel: String,
    /// Article pages with a date, newest first, at most the configured limit.
    pub pages: Vec<usize>,
}

/// The other published language versions of `page`: (tag, permalink).
pub fn alternates(site: &Site, page: &Page) -> Vec<(String, String)> {
    site.translations(page)
        .into_iter()
        .filter(|t| t.exists && !t.pending && !t.current)
        .map(|t| (t.tag, t.permalink))
        .collect()
}

/// A feed for each language that has a dated, published article.
pub fn feeds(site: &Site) -> Vec<FeedPlan> {
    if !site.config.feeds.enabled || site.config.feeds.limit == 0 {
        return Vec::new();
    }
    site.config
        .langs()
        .filter_map(|lang| {
            let mut pages: Vec<(Stamp, usize)> = site
                .articles
                .iter()
                .filter_map(|a| site.index.get(&a.key, lang))
                .map(|id| (id.0, &site.pages[id.0]))
                .filter(|(_, p)| p.status == Status::Published)
                .filter_map(|(i, p)| Some((dates(site, p).0?, i)))
                .collect();
            pages.sort_by(|a, b| b.0.rfc3339().cmp(&a.0.rfc3339()).then(a.1.cmp(&b.1)));
            pages.truncate(site.config.feeds.limit);
            let rel = format!("{}feed.xml", site.config.prefix(lang));
            (!pages.is_empty()).then(|| FeedPlan {
                lang,
                rel,
                pages: pages.into_iter().map(|p| p.1).collect(),
            })
        })
        .collect()
}

/// A feed as every page's head links it (the global `feeds`).
#[derive(Debug, Serialize)]
pub struct FeedLink {
    pub lang: String,
    pub tag: String,
    pub title: String,
    /// The full URL: search engines read `hreflang` links only when absolute.
    pub url: String,
}

/// The `<link rel="alternate" type="application/atom+xml">` of each feed.
pub fn feed_links(config: &Config, plans: &[FeedPlan]) -> Vec<FeedLink> {
    plans
        .iter()
        .map(|plan| {
            let lang = config.language_of(plan.lang);
            FeedLink {
                lang: lang.code.clone(),
                tag: lang.tag.clone(),
                title: lang.title.clone(),
                url: config.permalink(&plan.rel),
            }
        })
        .collect()
}
