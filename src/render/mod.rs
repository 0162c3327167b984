//! [`Site`] → pages, through Tera, in parallel.
//!
//! [`Renderer::new`] makes the engine from the theme and the model: the
//! functions that read the site own what they read, and every photo's figure
//! is rendered once. [`Renderer::render_pages`] then takes page after page on
//! both cores: Markdown → HTML (links filled in from the model, minified) →
//! template (minified once, see [`crate::minify::template`]) → the [`Sink`],
//! so a page's HTML is dropped as soon as it is written
//! and memory does not grow with the site. Also writes the 404 pages,
//! `sitemap.xml` and `robots.txt`. Problems are collected per page, not stopped
//! at, so `check` reports them all.

mod context;
mod feed;
mod functions;
mod photo;
mod sitemap;

use std::borrow::Cow;
use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, Tera};

use crate::content::Kind;
use crate::error::{Code, Diagnostic, Result};
use crate::markdown::{self, PageEnv};
use crate::output::Sink;
use crate::share::{self, Cards, FeedPlan};
use crate::site::articles::PENDING_TEMPLATE;
use crate::site::{Page, Site};
use crate::templates::{Templates, quote_template_line, tera_diagnostic};

use context::{ArticleView, ConfigView, FiguresView, PageContext, PageView};
use functions::{PhotoFigures, SiteData};

pub use sitemap::{robots, sitemap};

/// The theme's engine, ready to render the pages of one site.
pub struct Renderer {
    engine: Tera,
    /// Whether `engine` holds minified templates: then pages are not minified
    /// whole, only the HTML they show from Markdown.
    preminified: bool,
    /// The engine with the templates as written, made when a page fails to
    /// render with the minified ones, to tell the line an editor wrote.
    as_written: std::sync::OnceLock<Option<Tera>>,
    templates: Templates,
    figures: Arc<PhotoFigures>,
    cards: Cards,
    feeds: Vec<FeedPlan>,
}

/// A page's own HTML: its Markdown body, and its lead when it has one.
#[derive(Default)]
struct Body {
    html: String,
    lead: Option<String>,
}

/// Which kind of document a template renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Doc {
    Page,
    NotFound,
}

/// The site's sitemap and robots file, at the output's root.
const SITEMAP: &str = "sitemap.xml";
const ROBOTS: &str = "robots.txt";

/// The files of the site as a whole that no page's own text alters, only what
/// every page shows of the others: [`Renderer::render_pages`] writes them when
/// asked for the site-wide files.
pub const SITE_WIDE: [&str; 2] = [SITEMAP, ROBOTS];

impl Renderer {
    /// Makes the engine for `site`. A template that does not parse is an
    /// error; a photo whose figure fails to render is a finding.
    pub fn new(
        templates: Templates,
        site: &Site,
        cards: Cards,
    ) -> Result<(Renderer, Vec<Diagnostic>)> {
        let data = Arc::new(SiteData::new(site, &templates));
        let (mut engine, preminified) = templates.engine(|tera| {
            functions::register_site(tera, &data);
            functions::register_text(tera, &site.config);
            functions::register_photo_refused(tera);
        })?;
        let articles: Vec<ArticleView> =
            site.articles.iter().map(|a| ArticleView::new(a, site)).collect();
        // `figures` are the lead article's (or the only file's), as themes
        // written for one article expect.
        let lead = site.articles.first().and_then(|a| a.figures);
        let figures = lead.or((!site.figures.is_empty()).then_some(0));
        let global = engine.global_context();
        global.insert("articles", &articles);
        global.insert("figures", &figures.map(|i| FiguresView::new(site, i)));
        global.insert("photos", &site.photos);
        let feeds = share::feeds(site);
        global.insert("feeds", &share::feed_links(&site.config, &feeds));
        let (figures, mut problems) = photo::figures(&engine, &site.photos, &site.config);
        let figures = Arc::new(figures);
        functions::register_photo(&mut engine, &figures);
        for d in &mut problems {
            quote_template_line(&templates, d);
        }
        let as_written = std::sync::OnceLock::new();
        let renderer =
            Renderer { engine, preminified, as_written, templates, figures, cards, feeds };
        Ok((renderer, problems))
    }

    pub fn templates(&self) -> &Templates {
        &self.templates
    }

    /// The share cards the pages point to.
    pub fn cards(&self) -> &Cards {
        &self.cards
    }

    /// Renders the pages `wanted` picks, the feeds of their articles, and the
    /// 404 pages and share cards; with `site_wide`, the sitemap and robots
    /// too ([`SITE_WIDE`]). Returns every problem
    /// found; the caller decides whether to commit.
    pub fn render_pages(
        &self,
        site: &Site,
        sink: &dyn Sink,
        wanted: &(dyn Fn(&Page) -> bool + Sync),
        site_wide: bool,
    ) -> Vec<Diagnostic> {
        let mut problems: Vec<Diagnostic> = site
            .pages
            .par_iter()
            .filter(|page| wanted(page))
            .filter_map(|page| {
                let bytes = match self.render_page(site, page) {
                    Ok(b) => b,
                    Err(d) => return Some(d),
                };
                sink.write(&format!("{}index.html", page.rel), &bytes)
                    .err()
                    .map(|e| e.diagnostics().remove(0))
            })
            .collect();
        problems.extend(self.not_found_pages(site, sink));
        for (name, body) in self.site_files(site, wanted, site_wide) {
            if let Err(e) = sink.write(&name, &body) {
                problems.extend(e.diagnostics());
            }
        }
        for d in &mut problems {
            quote_template_line(&self.templates, d);
        }
        problems
    }

    /// The files of the site as a whole: feeds, share cards, sitemap, robots.
    /// With `site_wide` they are all written; else only a feed that holds a
    /// wanted page, and the rest are as last built (the sitemap and robots.txt
    /// are made of what every page shows of the others, a feed of its articles'
    /// front matter and the bodies of those it holds).
    fn site_files(
        &self,
        site: &Site,
        wanted: &(dyn Fn(&Page) -> bool + Sync),
        site_wide: bool,
    ) -> Vec<(String, Cow<'_, [u8]>)> {
        // Without a site-wide change, a feed shows nothing new unless one of the
        // articles it holds changed its own text.
        let touched =
            |plan: &&FeedPlan| site_wide || plan.pages.iter().any(|&i| wanted(&site.pages[i]));
        let mut files: Vec<(String, Cow<[u8]>)> = self
            .feeds
            .iter()
            .filter(touched)
            .map(|plan| (plan.rel.clone(), Cow::Owned(self.feed(site, plan).into_bytes())))
            .collect();
        files.extend(
            self.cards.files().into_iter().map(|c| (c.rel.clone(), Cow::from(&c.bytes[..]))),
        );
        if site_wide {
            files.push((SITEMAP.into(), Cow::Owned(sitemap(site).into_bytes())));
            let robots = robots(&site.config, &self.feeds);
            files.push((ROBOTS.into(), Cow::Owned(robots.into_bytes())));
        }
        files
    }

    /// Where the feeds go (`feed.xml`, `en/feed.xml`).
    pub fn feed_paths(&self) -> impl Iterator<Item = &str> {
        self.feeds.iter().map(|plan| plan.rel.as_str())
    }

    /// One page: its body, then its template.
    fn render_page(&self, site: &Site, page: &Page) -> std::result::Result<Vec<u8>, Diagnostic> {
        let body = self.body(site, page);
        let template = self.template_for(page);
        self.render_doc(site, page, &body, &template, Doc::Page)
    }

    /// A page's Markdown and lead as HTML, with its links filled in.
    fn body(&self, site: &Site, page: &Page) -> Body {
        let code = site.config.code(page.source.lang);
        let dir = page.source.folder();
        let photo = |id: &str, _: &str| self.figures.get(dir, id, code).map(str::to_string);
        let photo_ids: Vec<String> = Vec::new();
        let quotes = site.quotes_for(page);
        let env = PageEnv { photo: &photo, photo_ids: &photo_ids, quotes };
        let rendered = markdown::render(page.source.body(), &env);
        let html = markdown::resolve_links(&rendered.html, &rendered.links, |link| {
            site.link_url(link, page.source.lang)
        });
        let lead = page.source.front.extra_str("lead");
        let lead = lead.map(|text| markdown::lead(text, quotes, &rendered.quotes_found).0);
        if !self.preminified {
            return Body { html, lead };
        }
        // The template is minified already: only what the page shows of its own is not.
        let lead = lead.map(|l| crate::minify::markdown_html(&l));
        let html = match rendered.raw_html {
            true => crate::minify::fragment(&html),
            false => crate::minify::markdown_html(&html),
        };
        Body { html, lead }
    }

    fn template_for(&self, page: &Page) -> String {
        if page.status.is_pending() {
            return PENDING_TEMPLATE.to_string();
        }
        if let Some(t) = &page.source.front.template {
            return t.clone();
        }
        match page.source.kind {
            Kind::Section
                if page.source.key == "_index.md"
                    && self.engine.contains_template("index.html") =>
            {
                "index.html".into()
            }
            Kind::Section => "section.html".into(),
            Kind::Page => "page.html".into(),
        }
    }

    /// Renders one document to minified bytes.
    fn render_doc(
        &self,
        site: &Site,
        page: &Page,
        body: &Body,
        template: &str,
        doc: Doc,
    ) -> std::result::Result<Vec<u8>, Diagnostic> {
        let lang = site.config.language_of(page.source.lang);
        let share = match doc {
            Doc::Page => share::view(site, page, &self.cards),
            Doc::NotFound => share::ShareView::default(),
        };
        let ctx = PageContext {
            config: ConfigView::new(&site.config, lang),
            lang: &lang.code,
            lang_tag: &lang.tag,
            page: PageView::new(site, page, &body.html, body.lead.clone(), share),
            is_404: doc == Doc::NotFound,
        };
        // Serialise once: sections see the same object under both names.
        let mut context = Context::from_serialize(&ctx).map_err(|e| tera_diagnostic(&e, None))?;
        if page.source.kind == Kind::Section
            && doc == Doc::Page
            && let Some(v) = context.get("page").cloned()
        {
            context.insert_value("section", v);
        }
        let html = self.engine.render(template, &context).map_err(|e| {
            let e = self.as_written_error(template, &context).unwrap_or(e);
            if !self.engine.contains_template(template) {
                return Diagnostic::error(
                    Code::TemplateMissing,
                    format!("template `{template}` does not exist"),
                )
                .in_file(page.source.display_path())
                .with_help("create it under templates/ or change the page's `template`");
            }
            tera_diagnostic(&e, Some(&page.source.display_path().display().to_string()))
        })?;
        let html = mark_untranslated(html);
        Ok(if site.config.minify && !self.preminified {
            crate::minify::html(html.as_bytes())
        } else {
            html.into_bytes()
        })
    }

    /// The error rendering `template` gives with the templates as written, so
    /// that its line is the one in the editor's file; `None` when the engine
    /// holds them already (or renders the page with them).
    fn as_written_error(&self, template: &str, context: &Context) -> Option<tera::Error> {
        if !self.preminified {
            return None;
        }
        let engine = self.as_written.get_or_init(|| {
            let mut engine = self.engine.clone();
            self.templates.as_written(&mut engine).ok().map(|()| engine)
        });
        engine.as_ref()?.render(template, context).err()
    }

    /// A 404 page per language, rendered like its home page with the UI
    /// string as its title.
    fn not_found_pages(&self, site: &Site, sink: &dyn Sink) -> Vec<Diagnostic> {
        if !self.engine.contains_template("404.html") {
            return Vec::new();
        }
        let mut problems = Vec::new();
        for lang in site.config.langs() {
            let Some(home) = site.page("_index.md", lang) else { continue };
            let code = site.config.code(lang);
            let title = self.templates.strings.get(code).and_then(|s| s.get("404.title"));
            let page = not_found_page(home, title.map_or("404", String::as_str));
            match self.render_doc(site, &page, &Body::default(), "404.html", Doc::NotFound) {
                Ok(bytes) => {
                    let name = format!("{}404.html", site.config.prefix(lang));
                    if let Err(e) = sink.write(&name, &bytes) {
                        problems.extend(e.diagnostics());
                    }
                }
                Err(d) => problems.push(d),
            }
        }
        problems
    }
}

/// A translation previewed as it is shows its untranslated slots marked.
fn mark_untranslated(html: String) -> String {
    if !html.contains(crate::translate::UNTRANSLATED) {
        return html;
    }
    html.replace(
        crate::translate::UNTRANSLATED,
        "<mark class=\"untranslated\">⟦untranslated⟧</mark>",
    )
}

/// The home page's stand-in for its language's 404 page.
fn not_found_page(home: &Page, title: &str) -> Page {
    let mut source = home.source.clone();
    source.front.title = title.to_string();
    source.front.description = String::new();
    Page::made(source, home.rel.clone(), home.status)
}
