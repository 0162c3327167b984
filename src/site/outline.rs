//! The outline step: every page's Markdown read for what the model needs.
//!
//! In parallel, each published source's body goes through the Markdown passes
//! without keeping HTML; the page keeps its headings, anchors, internal links and
//! placed photos. Findings are placed at their line and column in the file.

use rayon::prelude::*;

use super::{Page, publish};
use crate::config::Config;
use crate::content::Source;
use crate::error::{Code, Diagnostic};
use crate::markdown::{self, PageEnv, Quote};

/// Outlines every source; `quotes(source)` gives the sentences its Markdown
/// marks. Returns the pages in source order and every finding.
pub fn all<'q>(
    sources: Vec<Source>,
    config: &Config,
    photo_ids: &[String],
    quotes: impl Fn(&Source) -> &'q [Quote] + Sync,
) -> (Vec<Page>, Vec<Diagnostic>) {
    // While outlining only the ids matter, not the figures' HTML.
    let photo = |id: &str, _: &str| photo_ids.iter().any(|p| p == id).then(String::new);
    let results: Vec<(Page, Vec<Diagnostic>)> = sources
        .into_par_iter()
        .map(|source| {
            let env = PageEnv { photo: &photo, photo_ids, quotes: quotes(&source) };
            let r = markdown::outline(source.body(), &env);
            let findings = place(&source, r.diagnostics);
            let rel = publish::rel_of(&source, config);
            let page = Page {
                source,
                rel,
                headings: r.headings,
                anchors: r.anchors,
                links: r.links,
                photos: r.photos,
                photo_spans: r.photo_spans,
                quotes_found: r.quotes_found,
                parent: None,
                children: Vec::new(),
            };
            (page, findings)
        })
        .collect();
    let mut findings = Vec::new();
    let pages = results
        .into_iter()
        .map(|(page, f)| {
            findings.extend(f);
            page
        })
        .collect();
    (pages, findings)
}

/// Puts each finding of a page's body at its place in the file.
fn place(source: &Source, found: Vec<(Diagnostic, std::ops::Range<usize>)>) -> Vec<Diagnostic> {
    found
        .into_iter()
        .map(|(d, span)| {
            let d = d.in_file(source.display_path());
            // The count of findings left out has no place of its own.
            if d.code == Code::More {
                d
            } else {
                d.at_offset(&source.text, source.body_start + span.start, span.len().min(40))
            }
        })
        .collect()
}
