//! The editor's checks over the model: what is wrong or missing in the content
//! as a whole, beyond what each file's own reading found.
//!
//! [`site`] holds the checks `build` stops on too (a figure quote not in its
//! article, a photo placed without caption or credit, a figures source missing
//! in a language) and the warnings it prints (pages without a translation);
//! [`summary`] adds what only `check` reports (pending photos, counts).
//! [`sorted`] orders findings for people: by file, in line order, information
//! last. Pure.

use std::collections::BTreeMap;

use crate::config::{Config, Lang};
use crate::error::{Code, Diagnostic, Severity};
use crate::figures::Figures;
use crate::markdown;
use crate::site::{Article, Page, Pending, Site, Status};

/// Every finding about the site as a whole.
pub fn site(site: &Site) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for page in &site.pages {
        findings.extend(figure_quotes(site, page));
        findings.extend(placed_photos(site, page));
    }
    for (i, figures) in site.figures.iter().enumerate() {
        findings.extend(figure_source(site, figures));
        findings.extend(figure_texts(site, i));
    }
    findings.extend(missing_translations(site));
    findings.extend(site.articles.iter().flat_map(|a| untranslated_article(site, a)));
    findings.extend(site.articles.iter().filter_map(|a| undated_article(site, a)));
    findings
}

/// An article without a publication date: feeds leave it out and search
/// engines get no `datePublished`.
fn undated_article(site: &Site, article: &Article) -> Option<Diagnostic> {
    let page = site.page(&article.key, Lang::DEFAULT)?;
    if page.source.front.date.is_some() {
        return None;
    }
    Some(
        Diagnostic::warning(
            Code::ArticleUndated,
            format!("article `{}` has no date: feeds leave it out", article.key),
        )
        .in_file(page.source.display_path())
        // The first line inside the front matter, where the date goes.
        .at_line(2, 1)
        .with_help("add its first publication date to the front matter, like `date = 2024-02-18`"),
    )
}

/// What `check` adds: pending photos, pages per language, figure counts.
pub fn summary(site: &Site) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    for p in site.photos.iter().filter(|p| p.file.is_none()) {
        let folder = if p.dir.is_empty() { String::new() } else { format!("{}/", p.dir) };
        findings.push(
            Diagnostic::info(
                Code::PhotoPending,
                format!("photo `{}` is pending: a placeholder is shown", p.id),
            )
            .in_file(&p.origin.path)
            .at_line(p.origin.line, 1)
            .with_help(format!(
                "add `content/{folder}photos/{}.jpg` (or .png, .webp) to publish it",
                p.id
            )),
        );
    }
    for (lang, n) in per_language(site) {
        findings.push(Diagnostic::info(Code::Pages, format!("{n} pages in `{lang}`")));
    }
    if !site.figures.is_empty() {
        let figures: usize = site.figures.iter().map(|f| f.figures.len()).sum();
        let charts: usize = site.figures.iter().map(|f| f.charts.len()).sum();
        findings
            .push(Diagnostic::info(Code::Figures, format!("{figures} figures, {charts} charts")));
    }
    findings
}

/// Pages per language, in language order.
pub fn per_language(site: &Site) -> Vec<(String, usize)> {
    site.config
        .langs()
        .map(|l| {
            let n = site.pages.iter().filter(|p| p.source.lang == l).count();
            (site.config.code(l).to_string(), n)
        })
        .collect()
}

/// Grouped by file, in line order; information comes last.
pub fn sorted(mut findings: Vec<Diagnostic>) -> Vec<Diagnostic> {
    findings.sort_by(|a, b| {
        let key =
            |d: &Diagnostic| (d.severity == Severity::Info, d.path.clone(), d.line, d.severity);
        key(a).cmp(&key(b))
    });
    findings
}

/// A quote of a figure that the article's text does not contain.
fn figure_quotes(site: &Site, page: &Page) -> Vec<Diagnostic> {
    let Some(i) = site.figures_of(&page.source.key).filter(|_| page.status == Status::Published)
    else {
        return Vec::new();
    };
    let f = &site.figures[i];
    let lang = site.config.code(page.source.lang);
    let mut findings = Vec::new();
    for (qi, planned) in site.quotes[i].planned(page.source.lang).iter().enumerate() {
        if page.quotes_found.binary_search(&qi).is_ok() {
            continue;
        }
        for id in &planned.figures {
            findings.push(
                Diagnostic::error(
                    Code::FigureQuoteNotFound,
                    format!(
                        "the `{lang}` quote of figure `{id}` is not in `{}`",
                        page.source.display_path().display()
                    ),
                )
                .in_file(&f.path)
                .at_offset(&f.text, f.offset_of(id), id.len() + 7)
                .with_help(format!(
                    "copy the sentence exactly from the article (quote: “{}”)",
                    planned.quote.text.chars().take(60).collect::<String>()
                )),
            );
        }
    }
    findings
}

/// A photo placed in the text must say what it shows and who took it.
fn placed_photos(site: &Site, page: &Page) -> Vec<Diagnostic> {
    let source = &page.source;
    let lang = site.config.code(source.lang);
    let mut findings = Vec::new();
    let mut unreported = 0;
    for (id, span) in page.photos.iter().zip(&page.photo_spans) {
        let Some(photo) = site.photos.iter().find(|p| &p.id == id) else { continue };
        for (field, map) in [("caption", &photo.caption), ("credit", &photo.credit)] {
            if map.get(lang).is_some_and(|t| !t.trim().is_empty()) {
                continue;
            }
            // Finding the line is linear in the page: keep it bounded.
            unreported += 1;
            if unreported > markdown::MAX_FINDINGS {
                continue;
            }
            findings.push(
                Diagnostic::error(
                    Code::PhotoPlacedWithoutText,
                    format!("photo `{id}` is placed here but has no {field} in `{lang}`"),
                )
                .in_file(source.display_path())
                .at_offset(&source.text, source.body_start + span.start, span.len())
                .with_help(format!(
                    "add `{field}.{lang} = \"…\"` to its entry in {}",
                    photo.origin.path.display()
                )),
            );
        }
    }
    if let Some(more) = unreported.checked_sub(markdown::MAX_FINDINGS).filter(|n| *n > 0) {
        findings.push(markdown::more_findings(more, true).in_file(source.display_path()));
    }
    findings
}

/// A figures file whose source page is missing in a language.
fn figure_source(site: &Site, f: &Figures) -> Vec<Diagnostic> {
    site.config
        .langs()
        .filter(|l| site.page(&f.source, *l).is_none())
        .map(|l| {
            Diagnostic::error(
                Code::FigureSourceMissing,
                format!(
                    "figures.toml quotes `{}`, which has no `{}` version",
                    f.source,
                    site.config.code(l)
                ),
            )
            .in_file(&f.path)
            .with_help("add the article in that language or set `source` in figures.toml")
        })
        .filter(|_| !f.figures.is_empty())
        .collect()
}

/// Labels and quotes each language needs: the default language always, every
/// other language once its version of the article is published (until then
/// the article's translation warning covers them).
fn figure_texts(site: &Site, i: usize) -> Vec<Diagnostic> {
    let f = &site.figures[i];
    let mut findings = Vec::new();
    for lang in site.config.langs() {
        let published = site.page(&f.source, lang).is_some_and(|p| p.status == Status::Published);
        if !lang.is_default() && !published {
            continue;
        }
        let code = site.config.code(lang);
        for fig in &f.figures {
            let here = |d: Diagnostic| {
                d.in_file(&f.path).at_offset(&f.text, f.offset_of(&fig.id), fig.id.len() + 7)
            };
            if fig.label.get(code).is_none_or(|s| s.trim().is_empty()) {
                findings.push(
                    here(Diagnostic::warning(
                        Code::FigureLabelMissing,
                        format!("figure `{}` has no label in `{code}`", fig.id),
                    ))
                    .with_help(format!("add `label.{code} = \"…\"`")),
                );
            }
            if fig.quote.get(code).is_none_or(|s| s.trim().is_empty()) {
                findings.push(
                    here(Diagnostic::error(
                        Code::FigureQuoteMissing,
                        format!("figure `{}` has no quote in `{code}`", fig.id),
                    ))
                    .with_help(format!(
                        "add `quote.{code} = \"…\"` with the source sentence copied from the {code} article"
                    )),
                );
            }
        }
    }
    findings
}

/// Pages with no counterpart in another language.
fn missing_translations(site: &Site) -> Vec<Diagnostic> {
    let mut keys: BTreeMap<&str, Vec<&Page>> = BTreeMap::new();
    for p in &site.pages {
        keys.entry(p.source.key.as_str()).or_default().push(p);
    }
    let mut findings = Vec::new();
    for (key, pages) in &keys {
        for lang in site.config.langs().filter(|l| pages.iter().all(|p| p.source.lang != *l)) {
            let code = site.config.code(lang);
            findings.push(
                Diagnostic::warning(
                    Code::MissingTranslation,
                    format!("`{key}` has no `{code}` version"),
                )
                .in_file(pages[0].source.display_path())
                .with_help(format!(
                    "add `{}` to translate it; until then its language switcher points to the {code} home page",
                    translated_name(key, code, &site.config)
                )),
            );
        }
    }
    findings
}

/// One warning per article and language it is not translated into, saying
/// what readers see and what is missing.
fn untranslated_article(site: &Site, article: &Article) -> Vec<Diagnostic> {
    let Some(original) = site.page(&article.key, Lang::DEFAULT) else { return Vec::new() };
    let mut findings = Vec::new();
    for lang in site.config.langs().filter(|l| !l.is_default()) {
        let Some(page) = site.page(&article.key, lang) else { continue };
        if page.status != Status::Pending(Pending::Missing) {
            continue;
        }
        let code = site.config.code(lang);
        let figures = article.figures.map_or(0, |i| {
            site.figures[i]
                .figures
                .iter()
                .filter(|f| f.label.get(code).is_none_or(|t| t.trim().is_empty()))
                .count()
        });
        let photos = article
            .photos
            .iter()
            .filter(|&&i| site.photos[i].caption.get(code).is_none_or(|t| t.trim().is_empty()))
            .count();
        findings.push(
            Diagnostic::warning(
                Code::ArticleUntranslated,
                format!(
                    "`{}` has no `{code}` translation yet: {} shows that it is in preparation; {figures} figures and {photos} photos have no `{code}` text",
                    article.key,
                    site.path_of(page)
                ),
            )
            .in_file(original.source.display_path())
            .with_help(format!(
                "translate it into `content/{}/index.{code}.md` (start with `broadsheet translate start {} --lang {code}`), and add the `{code}` labels and captions",
                article.dir, article.dir
            )),
        );
    }
    findings
}

fn translated_name(key: &str, lang: &str, config: &Config) -> String {
    let base = key.strip_suffix(".md").unwrap_or(key);
    if lang == config.default_language {
        format!("content/{base}.md")
    } else {
        format!("content/{base}.{lang}.md")
    }
}
