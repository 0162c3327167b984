//! The outline step: every page's Markdown read for what the model needs.
//!
//! In parallel, each published source's body goes through the Markdown passes
//! without keeping HTML; the page keeps its headings, anchors, internal links and
//! placed photos. An article's lead (front matter) is searched for the figure
//! quotes its body does not hold. Findings are placed at their line and column
//! in the file.

use rayon::prelude::*;

use super::{Page, Status, publish};
use crate::config::Config;
use crate::content::Source;
use crate::error::{Code, Diagnostic};
use crate::markdown::{self, PageEnv, Quote};
use crate::photos::Photo;

/// Outlines every source; `quotes(source)` gives the sentences its Markdown
/// marks. Returns the pages in source order and every finding.
pub fn all<'q>(
    sources: Vec<Source>,
    config: &Config,
    photos: &[Photo],
    quotes: impl Fn(&Source) -> &'q [Quote] + Sync,
) -> (Vec<Page>, Vec<Diagnostic>) {
    let results: Vec<(Page, Vec<Diagnostic>)> = sources
        .into_par_iter()
        .map(|source| {
            let quotes = quotes(&source);
            outline_one(source, config, photos, quotes)
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

fn outline_one(
    source: Source,
    config: &Config,
    photos: &[Photo],
    quotes: &[Quote],
) -> (Page, Vec<Diagnostic>) {
    // A page places the photos of its own folder; while outlining only their
    // ids matter, not their figures' HTML.
    let photo_ids: Vec<String> =
        photos.iter().filter(|p| p.dir == source.folder()).map(|p| p.id.clone()).collect();
    let photo = |id: &str, _: &str| photo_ids.iter().any(|p| p == id).then(String::new);
    let env = PageEnv { photo: &photo, photo_ids: &photo_ids, quotes };
    let r = markdown::outline(source.body(), &env);
    let findings = place(&source, r.diagnostics);
    let mut anchors = r.anchors;
    let mut quotes_found = r.quotes_found;
    if let Some(lead) = source.front.extra_str("lead") {
        let (_, in_lead) = markdown::lead(lead, quotes, &quotes_found);
        anchors.extend(in_lead.iter().map(|&i| quotes[i].id.clone()));
        quotes_found.extend(in_lead);
        quotes_found.sort_unstable();
    }
    let rel = publish::rel_of(&source, config);
    let page = Page {
        source,
        rel,
        headings: r.headings,
        anchors,
        links: r.links,
        photos: r.photos,
        photo_spans: r.photo_spans,
        quotes_found,
        status: Status::Published,
        parent: None,
        children: Vec::new(),
    };
    (page, findings)
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
