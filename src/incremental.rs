//! What each page's HTML depends on, to re-render only what an edit changed.
//!
//! [`fingerprints`] hashes, apart, what every page can show about the site and
//! what each page shows of itself. When the first is unchanged, a page whose
//! own hash is unchanged renders to the same bytes as before. `serve` keeps the
//! last good build's fingerprints and files and asks the library for the rest.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::site::{Page, Site};
use crate::templates::Templates;

/// Hashes of what decides each page's HTML, to re-render only what changed.
///
/// `shared` covers everything one page can show about another or about the
/// site (templates, UI strings, config, figures, photos, and every page's URL,
/// front matter, headings and status); `pages` covers each
/// page's own source. Everything else a body shows of other pages (their URLs
/// and anchors, the figures it quotes, the photos it places) is in `shared`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fingerprints {
    pub shared: u64,
    /// Output folder (`en/article/`) → hash.
    pub pages: HashMap<String, u64>,
}

/// Computes the [`Fingerprints`] of a loaded site.
pub fn fingerprints(site: &Site, templates: &Templates) -> Fingerprints {
    let mut shared = Fnv::default();
    let mut sources: Vec<&(String, String)> = templates.sources.iter().collect();
    sources.sort();
    for (name, text) in sources {
        shared.add(name.as_bytes());
        shared.add(text.as_bytes());
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
    for plan in &site.quotes {
        shared.add(format!("{:?}", plan.anchors).as_bytes());
    }
    shared.add(format!("{:?}", site.articles).as_bytes());
    shared.add(serde_json::to_string(&site.photos).unwrap_or_default().as_bytes());
    // Each page's part is hashed on its own, in parallel, and folded in in order.
    let parts: Vec<(u64, u64)> = site.pages.par_iter().map(page_part).collect();
    let mut pages = HashMap::with_capacity(site.pages.len());
    for (p, (part, own)) in site.pages.iter().zip(parts) {
        shared.add(&part.to_le_bytes());
        pages.insert(p.rel.clone(), own);
    }
    Fingerprints { shared: shared.0, pages }
}

/// What of one page every page can show, and what it shows of itself (its file).
fn page_part(p: &Page) -> (u64, u64) {
    let mut shared = Fnv::default();
    shared.add(p.rel.as_bytes());
    shared.add(p.source.key.as_bytes());
    // All of the front matter: other pages show titles, descriptions, dates
    // (a translation without its own `date` or `updated` shows the original's),
    // weights, extra data. As written, and the template, which a page made from
    // another's source changes.
    shared.add(p.source.front_text().as_bytes());
    shared.add(format!("{:?}", p.source.front.template).as_bytes());
    // Whether a page is published or held back shows on every page that links
    // to it (the language switcher, listings).
    shared.add(format!("{:?}", p.status).as_bytes());
    for h in &p.headings {
        shared.add(&[h.level]);
        for part in [&h.id, &h.title, h.subtitle.as_deref().unwrap_or("\0none")] {
            shared.add(part.as_bytes());
        }
    }
    let digest = p.source.digest;
    (shared.0, (digest as u64) ^ ((digest >> 64) as u64))
}

/// A streaming FNV-1a with length prefixes, so `ab`+`c` differs from `a`+`bc`.
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    pub fn finish(&self) -> u64 {
        self.0
    }

    pub fn add(&mut self, bytes: &[u8]) {
        for b in (bytes.len() as u64).to_le_bytes().iter().chain(bytes) {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}
