//! [`Site`] → files, through Tera, in parallel.
//!
//! One `#[derive(Serialize)]` context per template kind, borrowing from the model
//! (page bodies are not cloned per page). Each page is rendered, minified and
//! handed to the [`Sink`] by the same worker, so a page's HTML is dropped as soon
//! as it is written and memory does not grow with the site. Also writes the
//! 404 pages, `sitemap.xml`, `robots.txt`, static files and content assets.
//! Problems are collected per page, not stopped at, so `check` reports them all.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use crate::config::{Config, Language};
use crate::content::Kind;
use crate::error::{Diagnostic, io_error};
use crate::markdown::Heading;
use crate::output::Sink;
use crate::photos::Photo;
use crate::site::{Page, Site, Translation};
use crate::templates::{SiteData, Templates, tera_diagnostic};
use crate::text::escape_html;

#[derive(Serialize)]
struct ConfigView<'a> {
    base_url: &'a str,
    base_path: &'a str,
    title: &'a str,
    description: &'a str,
    default_language: &'a str,
    languages: &'a [Language],
    extra: &'a toml::Table,
}

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
struct PageView<'a> {
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

/// What every template gets.
#[derive(Serialize)]
struct PageContext<'a> {
    config: ConfigView<'a>,
    lang: &'a str,
    lang_tag: &'a str,
    page: PageView<'a>,
    /// The same as `page` for section templates, absent for pages (Zola's names).
    #[serde(skip_serializing_if = "Option::is_none")]
    section: Option<&'a PageView<'a>>,
    is_404: bool,
}

/// A photo as templates see it, in one language.
#[derive(Serialize)]
pub struct PhotoView<'a> {
    id: &'a str,
    caption: &'a str,
    credit: &'a str,
    alt: &'a str,
    ratio_w: u32,
    ratio_h: u32,
    /// The placeholder's drawing box: 300 units wide, the photo's shape.
    box_w: u32,
    box_h: u32,
    /// Site-absolute URL of the image, when the file exists.
    src: Option<String>,
    /// `srcset` of the resized copies and the original, when the file exists.
    srcset: Option<String>,
    width: u32,
    height: u32,
    pending: bool,
}

fn text<'a>(map: &'a crate::photos::LangText, lang: &str) -> &'a str {
    map.get(lang).map_or("", String::as_str)
}

/// Renders a photo's figure (`partials/photo.html`) for one language.
pub fn photo_html(
    templates: &Templates,
    config: &Config,
    photo: &Photo,
    lang: &str,
) -> Result<String, Diagnostic> {
    let view = PhotoView {
        id: &photo.id,
        caption: text(&photo.caption, lang),
        credit: text(&photo.credit, lang),
        alt: text(&photo.alt, lang),
        ratio_w: photo.ratio_w,
        ratio_h: photo.ratio_h,
        box_w: 300,
        box_h: (300 * photo.ratio_h / photo.ratio_w).max(1),
        src: photo.file.as_ref().map(|f| config.path_to(&f.rel)),
        srcset: photo.file.as_ref().map(|f| {
            let mut set: Vec<String> =
                f.variants.iter().map(|(w, rel)| format!("{} {w}w", config.path_to(rel))).collect();
            set.push(format!("{} {}w", config.path_to(&f.rel), f.width));
            set.join(", ")
        }),
        width: photo.file.as_ref().map_or(photo.ratio_w * 400, |f| f.width),
        height: photo.file.as_ref().map_or(photo.ratio_h * 400, |f| f.height),
        pending: photo.file.is_none(),
    };
    let mut ctx = Context::new();
    ctx.insert("photo", &view);
    ctx.insert("lang", lang);
    templates.tera.render("partials/photo.html", &ctx).map_err(|e| {
        tera_diagnostic(
            &e,
            Some(&format!("photo `{}` ({lang}) from {}", photo.id, photo.origin.0.display())),
        )
    })
}

/// Gives the template functions that need the site (`get_url`, `get_page`,
/// `photo`) their data, and puts figures and photos in the global context.
pub fn register_site_functions(templates: &mut Templates, site: &Site) {
    let mut urls: HashMap<(String, String), String> = HashMap::new();
    let mut pages: HashMap<(String, String), Value> = HashMap::new();
    for p in &site.pages {
        let key = (p.source.key.clone(), p.source.lang.clone());
        urls.insert(key.clone(), site.path_of(p));
        // get_page(path="@/about.md") → { title, path, … } or none: navigation
        // that still works when a site lacks some page.
        let mut map: std::collections::BTreeMap<String, Value> = std::collections::BTreeMap::new();
        map.insert("title".to_string(), Value::from(p.source.front.title.clone()));
        map.insert("path".to_string(), Value::from(site.path_of(p)));
        map.insert("relative_path".to_string(), Value::from(p.source.key.clone()));
        map.insert("description".to_string(), Value::from(p.source.front.description.clone()));
        map.insert("extra".to_string(), Value::from_serializable(&p.source.front.extra));
        map.insert("toc".to_string(), Value::from_serializable(&p.headings));
        pages.insert(key, Value::from(map));
    }
    let statics =
        templates.statics.iter().map(|s| (s.name.clone(), site.config.path_to(&s.out))).collect();
    // The figures were rendered once for the Markdown pass; reuse them.
    let photos = site.figure_html.clone();
    let data = SiteData { base_path: site.config.base_path.clone(), urls, pages, statics, photos };
    // A fresh Templates gets its data once; a second call keeps the first.
    let _ = templates.site.set(data);
    let global = templates.tera.global_context();
    global.insert("figures", &site.figures);
    global.insert("photos", &site.photos);
}

fn view<'a>(site: &'a Site, page: &'a Page) -> PageView<'a> {
    let front = &page.source.front;
    PageView {
        title: &front.title,
        description: &front.description,
        date: front.date.map(|d| d.to_string()),
        weight: front.weight,
        extra: &front.extra,
        content: &page.content,
        path: site.path_of(page),
        permalink: site.permalink_of(page),
        lang: &page.source.lang,
        kind: page.source.kind,
        relative_path: &page.source.key,
        translations: site.translations(page),
        toc: &page.headings,
        photos: &page.photos,
        pages: page
            .children
            .iter()
            .map(|&c| {
                let child = &site.pages[c];
                PageSummary {
                    title: &child.source.front.title,
                    description: &child.source.front.description,
                    date: child.source.front.date.map(|d| d.to_string()),
                    path: site.path_of(child),
                    permalink: site.permalink_of(child),
                    extra: &child.source.front.extra,
                }
            })
            .collect(),
    }
}

fn config_view<'a>(config: &'a Config, lang: &'a Language) -> ConfigView<'a> {
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

fn template_for(page: &Page, templates: &Templates) -> String {
    if let Some(t) = &page.source.front.template {
        return t.clone();
    }
    match page.source.kind {
        Kind::Section
            if page.source.key == "_index.md" && templates.tera.contains_template("index.html") =>
        {
            "index.html".into()
        }
        Kind::Section => "section.html".into(),
        Kind::Page => "page.html".into(),
    }
}

/// Renders one document to minified bytes.
fn render_one(
    templates: &Templates,
    site: &Site,
    page: &Page,
    template: &str,
    is_404: bool,
) -> Result<Vec<u8>, Diagnostic> {
    let lang =
        site.config.language(&page.source.lang).expect("pages only carry configured languages");
    let page_view = view(site, page);
    let is_section = page.source.kind == Kind::Section && !is_404;
    let mut ctx = PageContext {
        config: config_view(&site.config, lang),
        lang: &lang.code,
        lang_tag: &lang.tag,
        page: page_view,
        section: None,
        is_404,
    };
    // Serialise once: sections see the same object under both names.
    let mut context = Context::from_serialize(&ctx).map_err(|e| tera_diagnostic(&e, None))?;
    if is_section && let Some(v) = context.get("page").cloned() {
        context.insert_value("section", v);
    }
    ctx.section = None;
    let html = templates.tera.render(template, &context).map_err(|e| {
        let mut d = tera_diagnostic(&e, Some(&page.source.display_path().display().to_string()));
        if !templates.tera.contains_template(template) {
            d = Diagnostic::error(
                "template-missing",
                format!("template `{template}` does not exist"),
            )
            .in_file(page.source.display_path())
            .with_help("create it under templates/ or change the page's `template`");
        }
        d
    })?;
    Ok(if site.config.minify { crate::minify::html(html.as_bytes()) } else { html.into_bytes() })
}

/// Renders every page and writes it, plus 404s, sitemap, robots and static files.
/// Returns every problem found; the caller decides whether to commit.
pub fn render_site(
    site: &Site,
    templates: &Templates,
    sink: &dyn Sink,
) -> (usize, Vec<Diagnostic>) {
    render_pages(site, templates, sink, &|_| true)
}

/// Like [`render_site`], but renders only the pages `wanted` picks (the 404
/// pages, sitemap, robots, static files and assets are always written). `serve`
/// uses it to re-render just the page an editor changed.
pub fn render_pages(
    site: &Site,
    templates: &Templates,
    sink: &dyn Sink,
    wanted: &(dyn Fn(&Page) -> bool + Sync),
) -> (usize, Vec<Diagnostic>) {
    let mut problems: Vec<Diagnostic> = site
        .pages
        .par_iter()
        .filter(|page| wanted(page))
        .filter_map(|page| {
            let template = template_for(page, templates);
            let bytes = match render_one(templates, site, page, &template, false) {
                Ok(b) => b,
                Err(d) => return Some(d),
            };
            sink.write(&format!("{}index.html", page.rel), &bytes)
                .err()
                .map(|e| e.diagnostics().remove(0))
        })
        .collect();

    // 404 page per language, rendered like a page whose title is the UI string.
    if templates.tera.contains_template("404.html") {
        for lang in &site.config.languages {
            let Some(home) = site.page("_index.md", &lang.code) else { continue };
            let title = templates
                .strings
                .get(&lang.code)
                .and_then(|s| s.get("404.title"))
                .cloned()
                .unwrap_or_else(|| "404".into());
            let mut front = home.source.front.clone();
            front.title = title;
            front.description = String::new();
            let source = crate::content::Source { front, ..home.source.clone() };
            let fake = Page {
                source,
                rel: home.rel.clone(),
                content: String::new(),
                headings: Vec::new(),
                photos: Vec::new(),
                parent: None,
                children: Vec::new(),
            };
            match render_one(templates, site, &fake, "404.html", true) {
                Ok(bytes) => {
                    if let Err(e) = sink
                        .write(&format!("{}404.html", site.config.lang_prefix(&lang.code)), &bytes)
                    {
                        problems.extend(e.diagnostics());
                    }
                }
                Err(d) => problems.push(d),
            }
        }
    }

    let extra_files = [("sitemap.xml", sitemap(site)), ("robots.txt", robots(&site.config))];
    for (name, body) in extra_files {
        if let Err(e) = sink.write(name, body.as_bytes()) {
            problems.extend(e.diagnostics());
        }
    }
    for s in &templates.statics {
        if let Err(e) = sink.write(&s.out, &s.bytes) {
            problems.extend(e.diagnostics());
        }
    }
    let copied: Vec<Diagnostic> = site
        .assets
        .par_iter()
        .filter_map(|asset| {
            let bytes = match std::fs::read(&asset.source) {
                Ok(b) => b,
                Err(e) => return Some(io_error("read", &asset.source, &e).diagnostics().remove(0)),
            };
            sink.write(&asset.rel, &bytes).err().map(|e| e.diagnostics().remove(0))
        })
        .collect();
    problems.extend(copied);
    let variants: Vec<(&crate::photos::PhotoFile, u32, &String)> = site
        .photos
        .iter()
        .filter_map(|p| p.file.as_ref())
        .flat_map(|f| f.variants.iter().map(move |(w, rel)| (f, *w, rel)))
        .collect();
    let resized: Vec<Diagnostic> = variants
        .par_iter()
        .filter_map(|(file, width, rel)| match crate::photos::resize(file, *width) {
            Ok(bytes) => sink.write(rel, &bytes).err().map(|e| e.diagnostics().remove(0)),
            Err(e) => Some(
                Diagnostic::error(
                    "photo-unreadable",
                    format!("cannot resize `{}`: {e}", file.source.display()),
                )
                .in_file(&file.source)
                .with_help("save the photo again as a regular JPEG, PNG or WebP file"),
            ),
        })
        .collect();
    problems.extend(resized);
    (site.pages.len(), problems)
}

/// Hashes of what decides each page's HTML, to re-render only what changed.
///
/// `shared` covers everything one page can show about another or about the
/// site (templates, UI strings, config, figures, photos, and every page's URL,
/// title, description, date, weight, extra and headings); `pages` covers each
/// page's own source and rendered body. When `shared` is unchanged, a page
/// whose own hash is unchanged renders to the same bytes as before.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fingerprints {
    pub shared: u64,
    /// Output folder (`en/article/`) → hash.
    pub pages: HashMap<String, u64>,
}

/// Computes the [`Fingerprints`] of a loaded site.
pub fn fingerprints(site: &Site, templates: &Templates) -> Fingerprints {
    let mut shared = Fnv::default();
    let mut names: Vec<&String> = templates.sources.keys().collect();
    names.sort();
    for name in names {
        shared.add(name.as_bytes());
        shared.add(templates.sources[name].as_bytes());
    }
    let mut langs: Vec<&String> = templates.strings.keys().collect();
    langs.sort();
    for lang in langs {
        for (k, v) in &templates.strings[lang] {
            shared.add(k.as_bytes());
            shared.add(v.as_bytes());
        }
    }
    for s in &templates.statics {
        shared.add(s.out.as_bytes());
    }
    shared.add(format!("{:?}", site.config).as_bytes());
    shared.add(serde_json::to_string(&site.figures).unwrap_or_default().as_bytes());
    shared.add(serde_json::to_string(&site.photos).unwrap_or_default().as_bytes());
    let mut pages = HashMap::with_capacity(site.pages.len());
    for p in &site.pages {
        let f = &p.source.front;
        shared.add(p.rel.as_bytes());
        shared.add(p.source.key.as_bytes());
        shared.add(f.title.as_bytes());
        shared.add(f.description.as_bytes());
        shared.add(format!("{:?}{}{}{:?}", f.date, f.weight, f.extra, f.template).as_bytes());
        shared.add(serde_json::to_string(&p.headings).unwrap_or_default().as_bytes());
        let mut own = Fnv::default();
        own.add(p.source.text.as_bytes());
        own.add(p.content.as_bytes());
        pages.insert(p.rel.clone(), own.0);
    }
    Fingerprints { shared: shared.0, pages }
}

/// A streaming FNV-1a with length prefixes, so `ab`+`c` differs from `a`+`bc`.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn add(&mut self, bytes: &[u8]) {
        for b in (bytes.len() as u64).to_le_bytes().iter().chain(bytes) {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

/// `sitemap.xml` with an `xhtml:link` alternate for every language version.
pub fn sitemap(site: &Site) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for page in &site.pages {
        out.push_str("  <url>\n    <loc>");
        out.push_str(&escape_html(&site.permalink_of(page)));
        out.push_str("</loc>\n");
        if let Some(date) = page.source.front.date {
            let d = date.to_string();
            out.push_str(&format!(
                "    <lastmod>{}</lastmod>\n",
                escape_html(d.get(..10).unwrap_or(&d))
            ));
        }
        let translations = site.translations(page);
        for t in translations.iter().filter(|t| t.exists) {
            out.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                escape_html(&t.tag),
                escape_html(&t.permalink)
            ));
        }
        if let Some(default) =
            translations.iter().find(|t| t.exists && t.lang == site.config.default_language)
        {
            out.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>\n",
                escape_html(&default.permalink)
            ));
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

fn robots(config: &Config) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n", config.base_url)
}
