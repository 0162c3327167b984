//! The site model: sources → [`Site`].
//!
//! Decides which pages exist in which language and at which URL, renders each
//! page's Markdown (in parallel), resolves internal links against every page's
//! anchors, links key figures to their source sentences, and groups translations.
//! Pure apart from what the Markdown pass calls back into (`PageEnv`); no file
//! writes, no templates other than the photo partial handed in.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Config;
use crate::content::{Content, Kind, Source};
use crate::error::Diagnostic;
use crate::figures::Figures;
use crate::markdown::{self, Heading, PageEnv, Quote};
use crate::photos::Photo;

/// Options that change which pages are published.
#[derive(Debug, Clone, Copy, Default)]
pub struct Publish {
    pub drafts: bool,
}

/// One page (or section) in one language, rendered.
#[derive(Debug)]
pub struct Page {
    pub source: Source,
    /// Output folder relative to the site root, with the language prefix
    /// (`en/article/`).
    pub rel: String,
    pub content: String,
    pub headings: Vec<Heading>,
    pub photos: Vec<String>,
    /// Index of the parent section page in `Site::pages`, if any.
    pub parent: Option<usize>,
    /// Indexes of the pages listed by this section (empty for pages).
    pub children: Vec<usize>,
}

/// The whole site, ready to render.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    /// Sorted by translation key, then by language order.
    pub pages: Vec<Page>,
    pub figures: Option<Figures>,
    pub photos: Vec<Photo>,
    /// `(key, lang)` → index in `pages`.
    pub index: HashMap<(String, String), usize>,
    /// Everything found that a person should know about.
    pub diagnostics: Vec<Diagnostic>,
    pub assets: Vec<crate::content::Asset>,
    /// `(photo id, lang)` → the photo's rendered figure, made once for the
    /// Markdown pass and reused by the templates' `photo()` function.
    pub figure_html: HashMap<(String, String), String>,
}

/// A link to one language version of a page, for switchers and `hreflang`.
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
}

impl Site {
    pub fn page(&self, key: &str, lang: &str) -> Option<&Page> {
        self.index.get(&(key.to_string(), lang.to_string())).map(|&i| &self.pages[i])
    }

    pub fn path_of(&self, page: &Page) -> String {
        self.config.path_to(&page.rel)
    }

    pub fn permalink_of(&self, page: &Page) -> String {
        self.config.permalink(&page.rel)
    }

    /// Every language version of `page`, in language order.
    pub fn translations(&self, page: &Page) -> Vec<Translation> {
        self.config
            .languages
            .iter()
            .map(|l| {
                let other = self.page(&page.source.key, &l.code);
                let target = other.or_else(|| self.page("_index.md", &l.code));
                let rel =
                    target.map_or_else(|| self.config.lang_prefix(&l.code), |p| p.rel.clone());
                Translation {
                    lang: l.code.clone(),
                    tag: l.tag.clone(),
                    name: l.title.clone(),
                    path: self.config.path_to(&rel),
                    permalink: self.config.permalink(&rel),
                    title: other.map_or_else(String::new, |p| p.source.front.title.clone()),
                    exists: other.is_some(),
                    current: l.code == page.source.lang,
                }
            })
            .collect()
    }
}

/// Builds the model. `photo_html` renders a photo's figure for a language.
pub fn build(
    config: Config,
    content: Content,
    figures: Option<Figures>,
    photos: Vec<Photo>,
    photo_html: &(dyn Fn(&Photo, &str) -> Result<String, Diagnostic> + Sync),
    publish: Publish,
) -> Site {
    let mut diagnostics = Vec::new();
    let lang_order: HashMap<&str, usize> =
        config.languages.iter().enumerate().map(|(i, l)| (l.code.as_str(), i)).collect();

    // Which sources are published, and which are drafts (links to those are errors).
    let mut drafts: HashSet<(String, String)> = HashSet::new();
    let mut sources: Vec<Source> = Vec::new();
    for s in content.sources {
        if s.front.draft && !publish.drafts {
            drafts.insert((s.key.clone(), s.lang.clone()));
        } else {
            sources.push(s);
        }
    }
    sources.sort_by(|a, b| {
        (&a.key, lang_order[a.lang.as_str()]).cmp(&(&b.key, lang_order[b.lang.as_str()]))
    });

    // Two sources writing the same URL.
    let mut by_url: HashMap<String, &Source> = HashMap::new();
    for s in &sources {
        let rel = format!("{}{}", config.lang_prefix(&s.lang), s.rel_dir);
        if let Some(first) = by_url.insert(rel.clone(), s) {
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-url",
                    format!(
                        "`{}` and `{}` both write the page /{rel}",
                        first.display_path().display(),
                        s.display_path().display()
                    ),
                )
                .in_file(s.display_path())
                .with_help("rename one of the files or change its `slug`"),
            );
        }
    }

    // Photo figures, once per photo and language.
    let mut figure_html: HashMap<(String, String), String> = HashMap::new();
    for photo in &photos {
        for lang in &config.languages {
            match photo_html(photo, &lang.code) {
                Ok(html) => {
                    figure_html.insert((photo.id.clone(), lang.code.clone()), html);
                }
                Err(d) => diagnostics.push(d),
            }
        }
    }
    let photo_ids: Vec<String> = photos.iter().map(|p| p.id.clone()).collect();

    // Quotes per language: identical quotes share one sentence id.
    let figures_rel = |lang: &str| {
        figures.as_ref().and_then(|f| {
            sources
                .iter()
                .find(|s| s.key == f.page && s.lang == lang)
                .map(|s| format!("{}{}", config.lang_prefix(lang), s.rel_dir))
        })
    };
    let mut quotes: HashMap<String, Vec<(Quote, Vec<String>)>> = HashMap::new();
    if let Some(f) = &figures {
        for lang in &config.languages {
            let page_path = figures_rel(&lang.code).map(|r| config.path_to(&r)).unwrap_or_default();
            let list = quotes.entry(lang.code.clone()).or_default();
            for fig in &f.figures {
                let Some(text) = fig.quote.get(&lang.code).filter(|t| !t.trim().is_empty()) else {
                    continue;
                };
                if let Some((_, ids)) = list.iter_mut().find(|(q, _)| &q.text == text) {
                    ids.push(fig.id.clone());
                    continue;
                }
                let label = fig.label.get(&lang.code).cloned().unwrap_or_else(|| fig.id.clone());
                list.push((
                    Quote {
                        text: text.clone(),
                        id: format!("src-{}", fig.id),
                        href: format!("{page_path}#fig-{}", fig.id),
                        label,
                    },
                    vec![fig.id.clone()],
                ));
            }
        }
    }
    let mut figures = figures;
    if let Some(f) = figures.as_mut() {
        for (lang, list) in &quotes {
            for (q, ids) in list {
                for fig in f.figures.iter_mut().filter(|fig| ids.contains(&fig.id)) {
                    fig.anchor.insert(lang.clone(), q.id.clone());
                }
            }
        }
    }
    let quote_lists: HashMap<String, Vec<Quote>> = quotes
        .iter()
        .map(|(l, v)| (l.clone(), v.iter().map(|(q, _)| q.clone()).collect()))
        .collect();
    let no_quotes = Vec::new();

    // Render every page's Markdown in parallel.
    let rendered: Vec<markdown::Rendered> = sources
        .par_iter()
        .map(|s| {
            let lang = s.lang.clone();
            let photo =
                |id: &str, _alt: &str| figure_html.get(&(id.to_string(), lang.clone())).cloned();
            let is_source = figures.as_ref().is_some_and(|f| f.source == s.key);
            let env = PageEnv {
                photo: &photo,
                photo_ids: &photo_ids,
                quotes: if is_source {
                    quote_lists.get(&s.lang).unwrap_or(&no_quotes)
                } else {
                    &no_quotes
                },
            };
            markdown::render(s.body(), &env)
        })
        .collect();

    let mut pages: Vec<Page> = Vec::with_capacity(sources.len());
    let mut index = HashMap::new();
    let mut anchors: Vec<HashSet<String>> = Vec::with_capacity(sources.len());
    let mut link_lists = Vec::with_capacity(sources.len());
    for (i, (source, r)) in sources.into_iter().zip(rendered).enumerate() {
        for (d, span) in r.diagnostics {
            let d = d.in_file(source.display_path());
            // The count of findings left out has no place of its own.
            diagnostics.push(if d.code == "more" {
                d
            } else {
                d.at_offset(&source.text, source.body_start + span.start, span.len().min(40))
            });
        }
        if let Some(f) = &figures
            && f.source == source.key
        {
            let list = &quotes[&source.lang];
            for (qi, (q, ids)) in list.iter().enumerate() {
                if r.quotes_found.binary_search(&qi).is_err() {
                    for id in ids {
                        diagnostics.push(
                            Diagnostic::error(
                                "figure-quote-not-found",
                                format!(
                                    "the `{}` quote of figure `{id}` is not in `{}`",
                                    source.lang,
                                    source.display_path().display()
                                ),
                            )
                            .in_file(crate::figures::PATH)
                            .at_offset(&f.text, f.offset_of(id), id.len() + 7)
                            .with_help(format!(
                                "copy the sentence exactly from the article (quote: “{}”)",
                                q.text.chars().take(60).collect::<String>()
                            )),
                        );
                    }
                }
            }
        }
        // A photo placed in the text must say what it shows and who took it.
        let mut unreported = 0;
        for (id, span) in r.photos.iter().zip(&r.photo_spans) {
            let Some(photo) = photos.iter().find(|p| &p.id == id) else { continue };
            for field in ["caption", "credit"] {
                let map = if field == "caption" { &photo.caption } else { &photo.credit };
                if map.get(&source.lang).is_none_or(|t| t.trim().is_empty()) {
                    // Finding the line is linear in the page: keep it bounded.
                    unreported += 1;
                    if unreported > markdown::MAX_FINDINGS {
                        continue;
                    }
                    diagnostics.push(
                        Diagnostic::error(
                            "photo-placed-without-text",
                            format!(
                                "photo `{id}` is placed here but has no {field} in `{}`",
                                source.lang
                            ),
                        )
                        .in_file(source.display_path())
                        .at_offset(&source.text, source.body_start + span.start, span.len())
                        .with_help(format!(
                            "add `{field}.{} = \"…\"` to its entry in {}",
                            source.lang,
                            photo.origin.0.display()
                        )),
                    );
                }
            }
        }
        if let Some(more) = unreported.checked_sub(markdown::MAX_FINDINGS).filter(|n| *n > 0) {
            diagnostics.push(markdown::more_findings(more, true).in_file(source.display_path()));
        }
        index.insert((source.key.clone(), source.lang.clone()), i);
        anchors.push(r.anchors);
        link_lists.push((r.links, r.html));
        let rel = format!("{}{}", config.lang_prefix(&source.lang), source.rel_dir);
        pages.push(Page {
            source,
            rel,
            content: String::new(),
            headings: r.headings,
            photos: r.photos,
            parent: None,
            children: Vec::new(),
        });
    }

    // A figures source page that is missing in a language still needs reporting.
    if let Some(f) = &figures {
        for lang in &config.languages {
            if !index.contains_key(&(f.source.clone(), lang.code.clone())) {
                diagnostics.push(
                    Diagnostic::error(
                        "figure-source-missing",
                        format!(
                            "figures.toml quotes `{}`, which has no `{}` version",
                            f.source, lang.code
                        ),
                    )
                    .in_file(crate::figures::PATH)
                    .with_help("add the article in that language or set `source` in figures.toml"),
                );
            }
        }
    }

    // Resolve internal links now that every page's anchors are known.
    for (i, (links, html)) in link_lists.into_iter().enumerate() {
        let page = &pages[i];
        let lang = page.source.lang.clone();
        let mut problems = Vec::new();
        // Past MAX_FINDINGS problems are only counted: each one's line costs a
        // pass over the page, and its help a pass over the target's anchors.
        let mut unreported = 0;
        let resolved = markdown::resolve_links(&html, &links, |link| {
            let target = index.get(&(link.key.clone(), lang.clone()));
            let full = problems.len() >= markdown::MAX_FINDINGS;
            let Some(&t) = target else {
                if full {
                    unreported += 1;
                    return String::new();
                }
                let (message, help) = if drafts.contains(&(link.key.clone(), lang.clone())) {
                    (
                        format!("this page links to `@/{}`, which is a draft", link.key),
                        "publish the target (`draft = false`) or remove the link".to_string(),
                    )
                } else {
                    (
                        format!("link to `@/{}`, which does not exist in `{lang}`", link.key),
                        "point it at an existing file under content/, like `@/article/index.md`"
                            .to_string(),
                    )
                };
                problems.push((
                    Diagnostic::error("broken-link", message).with_help(help),
                    link.span.clone(),
                ));
                return String::new();
            };
            let path = config.path_to(&pages[t].rel);
            match &link.anchor {
                Some(a) if !anchors[t].contains(a) => {
                    if full {
                        unreported += 1;
                        return path;
                    }
                    let nearest = anchors[t]
                        .iter()
                        .min_by_key(|k| (strsim::damerau_levenshtein(k, a), k.as_str()));
                    problems.push((
                        Diagnostic::error(
                            "broken-anchor",
                            format!("`@/{}` has no anchor `#{a}` in `{lang}`", link.key),
                        )
                        .with_help(match nearest {
                            Some(k) => format!(
                                "did you mean `#{k}`? anchors are heading ids and figure sentences"
                            ),
                            None => "the page has no anchors; link to the page without `#…`".into(),
                        }),
                        link.span.clone(),
                    ));
                    path
                }
                Some(a) => format!("{path}#{a}"),
                None => path,
            }
        });
        let s = &pages[i].source;
        for (d, span) in problems {
            diagnostics.push(d.in_file(s.display_path()).at_offset(
                &s.text,
                s.body_start + span.start,
                span.len(),
            ));
        }
        if unreported > 0 {
            diagnostics.push(markdown::more_findings(unreported, true).in_file(s.display_path()));
        }
        pages[i].content = resolved;
    }

    // Sections list the pages below them, in the same language.
    for i in 0..pages.len() {
        let Some(parent) = parent_section(&pages[i].source, &index) else { continue };
        pages[i].parent = Some(parent);
        pages[parent].children.push(i);
    }
    for i in 0..pages.len() {
        let mut children = std::mem::take(&mut pages[i].children);
        children.sort_by(|&a, &b| {
            let (fa, fb) = (&pages[a].source.front, &pages[b].source.front);
            fa.weight
                .cmp(&fb.weight)
                .then_with(|| fb.date.map(|d| d.to_string()).cmp(&fa.date.map(|d| d.to_string())))
                .then_with(|| pages[a].source.key.cmp(&pages[b].source.key))
        });
        pages[i].children = children;
    }

    // Pages with no counterpart in the other language.
    let mut keys: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for p in &pages {
        keys.entry(p.source.key.as_str()).or_default().push(p.source.lang.as_str());
    }
    for (key, langs) in &keys {
        for l in &config.languages {
            if !langs.contains(&l.code.as_str()) {
                let existing =
                    pages.iter().find(|p| p.source.key == *key).map(|p| p.source.display_path());
                diagnostics.push(
                    Diagnostic::warning("missing-translation", format!("`{key}` has no `{}` version", l.code))
                        .in_file(existing.unwrap_or_else(|| Path::new("content").join(key)))
                        .with_help(format!("add `{}` to translate it; until then its language switcher points to the {} home page", translated_name(key, &l.code, &config), l.code)),
                );
            }
        }
    }

    Site { config, pages, figures, photos, index, diagnostics, assets: content.assets, figure_html }
}

fn translated_name(key: &str, lang: &str, config: &Config) -> String {
    let base = key.strip_suffix(".md").unwrap_or(key);
    if lang == config.default_language {
        format!("content/{base}.md")
    } else {
        format!("content/{base}.{lang}.md")
    }
}

/// The nearest `_index.md` above a source, in the same language.
fn parent_section(source: &Source, index: &HashMap<(String, String), usize>) -> Option<usize> {
    let mut dir = Path::new(&source.key).parent().map(Path::to_path_buf).unwrap_or_default();
    if source.kind == Kind::Section || source.key.ends_with("/index.md") {
        if source.key == "_index.md" {
            return None;
        }
        dir = dir.parent().map(Path::to_path_buf).unwrap_or_default();
    }
    loop {
        let key = if dir.as_os_str().is_empty() {
            "_index.md".to_string()
        } else {
            format!("{}/_index.md", dir.to_string_lossy().replace('\\', "/"))
        };
        if let Some(&i) = index.get(&(key, source.lang.clone())) {
            return Some(i);
        }
        if dir.as_os_str().is_empty() {
            return None;
        }
        dir = dir.parent().map(Path::to_path_buf).unwrap_or_default();
    }
}
