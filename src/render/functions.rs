//! The template functions that read the site: `get_url`, `get_page`, `photo`.
//!
//! Each function owns an `Arc` of the plain data it reads, made from the model
//! before the engine parses the templates, so there is no order to get wrong.
//! `photo(id)` returns the photo's figure, rendered once per language through
//! `partials/photo.html`; that partial cannot call `photo()` itself.

use std::collections::HashMap;
use std::sync::Arc;

use serde::Serialize;
use tera::{Kwargs, State, Tera, Value};

use crate::config::Config;
use crate::markdown::Heading;
use crate::site::Site;
use crate::templates::{Templates, lang_of};
use crate::text::escape_html;

/// What `get_page` returns: a page's summary, or none when the site lacks it
/// (so navigation keeps working on a site without some page).
#[derive(Debug, Clone, Serialize)]
pub struct PageInfo {
    pub title: String,
    pub path: String,
    pub relative_path: String,
    pub description: String,
    pub extra: toml::Table,
    pub toc: Vec<Heading>,
    /// A translation in preparation stands at this path.
    pub pending: bool,
}

/// What `get_url` and `get_page` look up.
#[derive(Debug, Default)]
pub struct SiteData {
    base_path: String,
    /// Language codes, in language order: the index of a page's slot.
    codes: Vec<String>,
    /// Translation key → per language (by index), the page's summary.
    pages: HashMap<String, Vec<Option<PageInfo>>>,
    /// Static file name → site-absolute path of its (hashed) output.
    statics: HashMap<String, String>,
}

impl SiteData {
    pub fn new(site: &Site, templates: &Templates) -> Self {
        let codes: Vec<String> = site.config.languages.iter().map(|l| l.code.clone()).collect();
        let mut pages: HashMap<String, Vec<Option<PageInfo>>> = HashMap::new();
        for p in &site.pages {
            let slots =
                pages.entry(p.source.key.clone()).or_insert_with(|| vec![None; codes.len()]);
            slots[p.source.lang.index()] = Some(PageInfo {
                title: p.source.front.title.clone(),
                path: site.path_of(p),
                relative_path: p.source.key.clone(),
                description: p.source.front.description.clone(),
                extra: p.source.front.extra.clone(),
                toc: p.headings.clone(),
                pending: p.status.is_pending(),
            });
        }
        let statics = templates
            .statics
            .iter()
            .map(|s| (s.name.clone(), site.config.path_to(&s.out)))
            .collect();
        SiteData { base_path: site.config.base_path.clone(), codes, pages, statics }
    }

    fn page(&self, key: &str, lang: &str) -> Option<&PageInfo> {
        let i = self.codes.iter().position(|c| c == lang)?;
        self.pages.get(key)?.get(i)?.as_ref()
    }
}

/// Every photo's figure, per language (by index), by folder and id.
#[derive(Debug, Default)]
pub struct PhotoFigures {
    pub codes: Vec<String>,
    /// Folder → photo id → per language, the figure.
    pub html: HashMap<String, HashMap<String, Vec<Option<String>>>>,
}

impl PhotoFigures {
    /// The figure of photo `id` of folder `dir`.
    pub fn get(&self, dir: &str, id: &str, lang: &str) -> Option<&str> {
        let i = self.codes.iter().position(|c| c == lang)?;
        self.html.get(dir)?.get(id)?.get(i)?.as_deref()
    }

    /// The figure of photo `id` in the one folder that has such an id.
    fn unique(&self, id: &str, lang: &str) -> Option<&str> {
        let mut dirs = self.html.iter().filter(|(_, photos)| photos.contains_key(id));
        match (dirs.next(), dirs.next()) {
            (Some((dir, _)), None) => self.get(dir, id, lang),
            _ => None,
        }
    }
}

/// Registers `get_url` and `get_page` over `data`.
pub fn register_site(tera: &mut Tera, data: &Arc<SiteData>) {
    let site = Arc::clone(data);
    tera.register_function(
        "get_url",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
            let path: String = kwargs.must_get("path")?;
            let lang = lang_of(&kwargs, state)?;
            get_url(&site, &path, &lang)
        },
    );
    let site = Arc::clone(data);
    tera.register_function(
        "get_page",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
            let path: String = kwargs.must_get("path")?;
            let lang = lang_of(&kwargs, state)?;
            let key = path.trim_start_matches("@/");
            Ok(site.page(key, &lang).map_or_else(Value::none, Value::from_serializable))
        },
    );
}

fn get_url(site: &SiteData, path: &str, lang: &str) -> tera::TeraResult<String> {
    if let Some(key) = path.strip_prefix("@/") {
        let (key, anchor) = key.split_once('#').map_or((key, None), |(k, a)| (k, Some(a)));
        let url = site.page(key, lang).map(|p| &p.path).ok_or_else(|| {
            tera::Error::message(format!(
                "get_url: no page `@/{key}` in `{lang}`; check the path under content/"
            ))
        })?;
        return Ok(anchor.map_or_else(|| url.clone(), |a| format!("{url}#{a}")));
    }
    if let Some(url) = site.statics.get(path.trim_start_matches('/')) {
        return Ok(url.clone());
    }
    Ok(format!("{}{}", site.base_path, path.trim_start_matches('/')))
}

/// Registers `text(of=map)`: a per-language text (`{ zh = "…", en = "…" }`)
/// in the page's language or, where it has none, in the default language,
/// marked with that language's tag so readers' tools read it right.
pub fn register_text(tera: &mut Tera, config: &Config) {
    let default = config.default_language.clone();
    let tag = config.language(&default).map_or_else(|| default.clone(), |l| l.tag.clone());
    tera.register_function(
        "text",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
            let map: Option<Value> = kwargs.get("of")?;
            let lang = lang_of(&kwargs, state)?;
            let entry = |code: &str| {
                let map = map.as_ref()?.as_map()?;
                let text = map.iter().find(|(k, _)| k.to_string() == code)?.1.as_str()?;
                Some(text.to_string())
                    .filter(|t| !t.trim().is_empty() && !crate::translate::is_untranslated(t))
            };
            let html = match (entry(&lang), entry(&default)) {
                (Some(t), _) => escape_html(&t),
                (None, Some(t)) => {
                    format!("<span lang=\"{}\">{}</span>", escape_html(&tag), escape_html(&t))
                }
                (None, None) => String::new(),
            };
            Ok(Value::safe_string(&html))
        },
    );
}

/// The `photo()` of `partials/photo.html` itself: a figure inside a figure.
pub fn register_photo_refused(tera: &mut Tera) {
    tera.register_function("photo", |_: Kwargs, _: &State| -> tera::TeraResult<Value> {
        Err(tera::Error::message(
            "photo() cannot be used inside partials/photo.html, which draws the photo itself",
        ))
    });
}

/// Registers `photo(id, dir)` over the rendered figures. Without `dir`, the
/// photo is the one of that id (ids are unique per folder; a site of one
/// article needs no `dir`).
pub fn register_photo(tera: &mut Tera, figures: &Arc<PhotoFigures>) {
    let figures = Arc::clone(figures);
    tera.register_function(
        "photo",
        move |kwargs: Kwargs, state: &State| -> tera::TeraResult<Value> {
            let id: String = kwargs.must_get("id")?;
            let lang = lang_of(&kwargs, state)?;
            let found = match kwargs.get::<String>("dir")? {
                Some(dir) => figures.get(&dir, &id, &lang),
                None => figures.unique(&id, &lang),
            };
            found.map(Value::safe_string).ok_or_else(|| {
                tera::Error::message(format!(
                    "photo: no photo `{id}` in `{lang}` (pass `dir` when several folders have it); see photos.toml"
                ))
            })
        },
    );
}
