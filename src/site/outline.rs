//! The outline step: every page's Markdown read for what the model needs.
//!
//! In parallel, each published source's body goes through the Markdown passes
//! without keeping HTML; the page keeps its headings, anchors, internal links and
//! placed photos. An article's lead (front matter) is searched for the figure
//! quotes its body does not hold. Findings are placed at their line and column
//! in the file.
//!
//! A body outlined without findings is remembered in a [`Memo`], by a hash of
//! everything its outline is made from; a later build (or `serve`'s next
//! rebuild) takes the outline from there instead of reading the Markdown again.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{Page, Status, publish};
use crate::config::Config;
use crate::content::Source;
use crate::error::{Code, Diagnostic};
use crate::markdown::{self, Heading, LinkRef, PageEnv, Quote};
use crate::photos::Photo;

/// What a body's Markdown gives the model, as a [`Memo`] keeps it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Outline {
    headings: Vec<Heading>,
    /// Sorted, so that a saved memo does not depend on hashing order.
    anchors: Vec<String>,
    links: Vec<LinkRef>,
    photos: Vec<String>,
    photo_spans: Vec<std::ops::Range<usize>>,
    quotes_found: Vec<usize>,
}

/// Outlines of bodies found clean, by [`key`]: a build takes a page's outline
/// from here when nothing it is made from changed.
/// Shared, so that a page taking an outline from the last build's memo and the
/// memo of this build hold it once.
pub type Memo = HashMap<u128, Arc<Outline>>;

/// A page outlined, its findings, and its memo entry when it is clean.
type Outlined = (Page, Vec<Diagnostic>, Option<Entry>);

/// One entry of a [`Memo`].
type Entry = (u128, Arc<Outline>);

/// Outlines every source, taking from `known` what it holds (with no memo,
/// nothing is remembered for the next build either); `quotes(source)`
/// gives the sentences its Markdown marks. Returns the pages in source order,
/// every finding, and the memo of this build's clean outlines.
pub fn all<'q>(
    sources: Vec<Source>,
    config: &Config,
    photos: &[Photo],
    quotes: impl Fn(&Source) -> &'q [Quote] + Sync,
    known: Option<&Memo>,
) -> (Vec<Page>, Vec<Diagnostic>, Memo) {
    let results: Vec<Outlined> = sources
        .into_par_iter()
        .map(|source| {
            let quotes = quotes(&source);
            outline_one(source, config, photos, quotes, known)
        })
        .collect();
    let mut findings = Vec::new();
    let mut memo = Memo::with_capacity(results.len());
    let pages = results
        .into_iter()
        .map(|(page, f, entry)| {
            findings.extend(f);
            memo.extend(entry);
            page
        })
        .collect();
    (pages, findings, memo)
}

/// The hash of everything a body's outline is made from: the file (by its
/// digest), the photo ids its folder has, and the sentences it marks.
fn key(source: &Source, photo_ids: &[String], quotes: &[Quote]) -> u128 {
    let mut hash = crate::text::Digest::default();
    hash.add(&source.digest.to_le_bytes());
    hash.add(&source.body_start.to_le_bytes());
    photo_ids.iter().for_each(|id| hash.add(id.as_bytes()));
    hash.add(b"\0quotes");
    for q in quotes {
        [&q.text, &q.id, &q.href, &q.label].iter().for_each(|part| hash.add(part.as_bytes()));
    }
    hash.finish()
}

/// A body's outline: from `known` when it is there, else read from the
/// Markdown (and, when clean, returned for the next memo too).
fn body_outline(
    source: &Source,
    photo_ids: &[String],
    quotes: &[Quote],
    known: Option<&Memo>,
) -> (Arc<Outline>, Vec<Diagnostic>, Option<Entry>) {
    let key = key(source, photo_ids, quotes);
    if let Some(outline) = known.and_then(|k| k.get(&key)) {
        return (Arc::clone(outline), Vec::new(), Some((key, Arc::clone(outline))));
    }
    let photo = |id: &str, _: &str| photo_ids.iter().any(|p| p == id).then(String::new);
    let env = PageEnv { photo: &photo, photo_ids, quotes };
    let r = markdown::outline(source.body(), &env);
    let mut anchors: Vec<String> = r.anchors.into_iter().collect();
    anchors.sort_unstable();
    let outline = Arc::new(Outline {
        headings: r.headings.clone(),
        anchors,
        links: r.links.clone(),
        photos: r.photos.clone(),
        photo_spans: r.photo_spans,
        quotes_found: r.quotes_found,
    });
    let entry = (known.is_some() && r.diagnostics.is_empty()).then(|| (key, Arc::clone(&outline)));
    (outline, place(source, r.diagnostics), entry)
}

fn outline_one(
    source: Source,
    config: &Config,
    photos: &[Photo],
    quotes: &[Quote],
    known: Option<&Memo>,
) -> Outlined {
    // A page places the photos of its own folder; while outlining only their
    // ids matter, not their figures' HTML.
    let photo_ids: Vec<String> =
        photos.iter().filter(|p| p.dir == source.folder()).map(|p| p.id.clone()).collect();
    let (r, findings, entry) = body_outline(&source, &photo_ids, quotes, known);
    // The page's own copy; the outline itself when no memo holds it.
    let r = Arc::try_unwrap(r).unwrap_or_else(|shared| (*shared).clone());
    let mut anchors: HashSet<String> = r.anchors.into_iter().collect();
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
    (page, findings, entry)
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
