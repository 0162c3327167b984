//! The links step: every internal link checked against its target.
//!
//! A link names a source file (`@/article/index.md#anchor`) and is resolved in
//! the page's own language. A missing page, a draft and a missing anchor are
//! errors at the link's place, with the nearest anchor as help. Past
//! [`markdown::MAX_FINDINGS`] problems a page's links are only counted: each
//! one's line costs a pass over the page, and its help a pass over the anchors.

use super::publish::Drafts;
use super::{Page, Site};
use crate::error::{Code, Diagnostic};
use crate::markdown::{self, LinkRef};

/// Every broken internal link of the site.
pub fn check(site: &Site, drafts: &Drafts) -> Vec<Diagnostic> {
    site.pages.iter().flat_map(|page| check_page(site, drafts, page)).collect()
}

fn check_page(site: &Site, drafts: &Drafts, page: &Page) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut unreported = 0;
    for link in &page.links {
        let Some(problem) = problem(site, drafts, page, link) else { continue };
        if problems.len() >= markdown::MAX_FINDINGS {
            unreported += 1;
            continue;
        }
        let s = &page.source;
        problems.push(problem.finding(site, link, page).in_file(s.display_path()).at_offset(
            &s.text,
            s.body_start + link.span.start,
            link.span.len(),
        ));
    }
    if unreported > 0 {
        problems
            .push(markdown::more_findings(unreported, true).in_file(page.source.display_path()));
    }
    problems
}

/// What is wrong with a link.
enum Problem {
    Draft,
    Missing,
    NoAnchor(super::PageId),
}

fn problem(site: &Site, drafts: &Drafts, page: &Page, link: &LinkRef) -> Option<Problem> {
    let lang = page.source.lang;
    let Some(target) = site.index.get(&link.key, lang) else {
        return Some(if drafts.contains(&link.key, lang) {
            Problem::Draft
        } else {
            Problem::Missing
        });
    };
    match &link.anchor {
        Some(a) if !site.pages[target.0].anchors.contains(a) => Some(Problem::NoAnchor(target)),
        _ => None,
    }
}

impl Problem {
    fn finding(&self, site: &Site, link: &LinkRef, page: &Page) -> Diagnostic {
        let lang = site.config.code(page.source.lang);
        match self {
            Problem::Draft => Diagnostic::error(
                Code::BrokenLink,
                format!("this page links to `@/{}`, which is a draft", link.key),
            )
            .with_help("publish the target (`draft = false`) or remove the link"),
            Problem::Missing => Diagnostic::error(
                Code::BrokenLink,
                format!("link to `@/{}`, which does not exist in `{lang}`", link.key),
            )
            .with_help("point it at an existing file under content/, like `@/article/index.md`"),
            Problem::NoAnchor(target) => {
                let a = link.anchor.as_deref().unwrap_or_default();
                let anchors = &site.pages[target.0].anchors;
                let nearest =
                    anchors.iter().min_by_key(|k| (strsim::damerau_levenshtein(k, a), k.as_str()));
                Diagnostic::error(
                    Code::BrokenAnchor,
                    format!("`@/{}` has no anchor `#{a}` in `{lang}`", link.key),
                )
                .with_help(match nearest {
                    Some(k) => {
                        format!("did you mean `#{k}`? anchors are heading ids and figure sentences")
                    }
                    None => "the page has no anchors; link to the page without `#…`".into(),
                })
            }
        }
    }
}
