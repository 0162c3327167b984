//! Which share cards a site has, drawn once and kept under
//! `.broadsheet/cards/` in the site root.
//!
//! A card is named by a hash of everything it draws: kicker, headline, site
//! title, language, colours, the lead photo's bytes, the installed fonts
//! (their files' names, sizes and times) and the drawing's version. So an
//! unchanged card is never redrawn, its URL (`article/card.<hash>.png`) stays
//! the same while the article's body changes, and a new headline gets a new
//! URL that chat apps will fetch again. The system fonts are loaded only when
//! a card is missing from the cache. A card that cannot be drawn (no font for
//! its text) is a warning and is left out; the page then offers its lead
//! photo, if it has one, or no image.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::card::{self, Card, CardError, Colours, Fonts};
use crate::assets::CACHE_DIR;
use crate::error::{Code, Diagnostic};
use crate::site::articles::is_article;
use crate::site::{Page, Site, Status};
use crate::text::fnv1a;

/// Bumped when the drawing changes, so cached cards are drawn again.
const DRAWING: &str = "card-1";

/// A card ready to write.
#[derive(Debug, Clone)]
pub struct CardFile {
    /// Site-relative output path (`en/article/card.0a1b2c3d.png`).
    pub rel: String,
    pub width: u32,
    pub height: u32,
    /// What it shows, as alt text: the headline.
    pub alt: String,
    pub bytes: Vec<u8>,
}

/// The cards of a site, by their article page's output folder.
#[derive(Debug, Default)]
pub struct Cards {
    by_page: HashMap<String, CardFile>,
}

impl Cards {
    /// The card of the page whose output folder is `rel` (`en/article/`).
    pub fn get(&self, rel: &str) -> Option<&CardFile> {
        self.by_page.get(rel)
    }

    /// Every card, in output-path order.
    pub fn files(&self) -> Vec<&CardFile> {
        let mut files: Vec<&CardFile> = self.by_page.values().collect();
        files.sort_by(|a, b| a.rel.cmp(&b.rel));
        files
    }
}

/// One card to have: what it draws and where it is kept.
struct Wanted<'a> {
    page: &'a Page,
    kicker: &'a str,
    headline: &'a str,
    site_title: &'a str,
    tag: &'a str,
    photo: Option<Vec<u8>>,
    key: u64,
}

/// The cards of every published article page, from the cache or drawn.
pub fn prepare(site: &Site, root: &Path) -> (Cards, Vec<Diagnostic>) {
    if !site.config.cards.enabled {
        return (Cards::default(), Vec::new());
    }
    let pages: Vec<&Page> = site
        .pages
        .iter()
        .filter(|p| p.status == Status::Published && is_article(&p.source))
        .collect();
    if pages.is_empty() {
        return (Cards::default(), Vec::new());
    }
    let fonts_key = font_inventory();
    let wanted: Vec<Wanted> = pages.iter().map(|p| wanted(site, p, fonts_key)).collect();
    let dir = root.join(CACHE_DIR).join("cards");
    // Cached cards first; the fonts are loaded only when one must be drawn.
    let cached: Vec<Option<Vec<u8>>> = wanted.iter().map(|w| from_cache(&dir, w)).collect();
    let fonts = cached.iter().any(Option::is_none).then(Fonts::system);
    let results: Vec<Result<CardFile, Diagnostic>> = wanted
        .par_iter()
        .zip(cached)
        .map(|(w, bytes)| match bytes {
            Some(bytes) => Ok(card_file(w, bytes)),
            None => drawn(site, w, &dir, fonts.as_ref().expect("loaded for a miss")),
        })
        .collect();
    let mut cards = Cards::default();
    let mut findings = Vec::new();
    for (w, result) in wanted.iter().zip(results) {
        match result {
            Ok(file) => {
                cards.by_page.insert(w.page.rel.clone(), file);
            }
            Err(d) => findings.push(d),
        }
    }
    (cards, findings)
}

fn wanted<'a>(site: &'a Site, page: &'a Page, fonts_key: u64) -> Wanted<'a> {
    let front = &page.source.front;
    let lang = site.config.language_of(page.source.lang);
    let kicker = front.extra_str("kicker").unwrap_or("");
    let photo = lead_photo(site, page).and_then(|path| std::fs::read(path).ok());
    let c = &site.config.cards;
    let mut key_text = String::new();
    for part in [DRAWING, kicker, &front.title, &lang.title, &lang.tag] {
        key_text.push_str(part);
        key_text.push('\u{0}');
    }
    for part in [&c.background, &c.text, &c.accent] {
        key_text.push_str(part);
        key_text.push('\u{0}');
    }
    let photo_key = photo.as_deref().map_or(0, fnv1a);
    key_text.push_str(&format!("{photo_key:016x}\u{0}{fonts_key:016x}"));
    Wanted {
        page,
        kicker,
        headline: &front.title,
        site_title: &lang.title,
        tag: &lang.tag,
        photo,
        key: fnv1a(key_text.as_bytes()),
    }
}

/// The file of the article's first photo that has arrived.
fn lead_photo(site: &Site, page: &Page) -> Option<PathBuf> {
    let article = site.article_of(page)?;
    article.photos.iter().find_map(|&i| site.photos[i].file.as_ref().map(|f| f.source.clone()))
}

fn cache_file(dir: &Path, w: &Wanted) -> PathBuf {
    dir.join(format!("{:016x}.png", w.key))
}

/// The cached card, when the cache holds a whole one.
fn from_cache(dir: &Path, w: &Wanted) -> Option<Vec<u8>> {
    std::fs::read(cache_file(dir, w)).ok().filter(|b| is_card_png(b))
}

/// A card drawn now, and kept for the next build.
fn drawn(site: &Site, w: &Wanted, dir: &Path, fonts: &Fonts) -> Result<CardFile, Diagnostic> {
    let bytes = draw(site, w, fonts)?;
    crate::assets::keep(&cache_file(dir, w), &bytes);
    Ok(card_file(w, bytes))
}

fn card_file(w: &Wanted, bytes: Vec<u8>) -> CardFile {
    CardFile {
        rel: format!("{}card.{:08x}.png", w.page.rel, w.key as u32),
        width: card::WIDTH,
        height: card::HEIGHT,
        alt: w.headline.to_string(),
        bytes,
    }
}

fn draw(site: &Site, w: &Wanted, fonts: &Fonts) -> Result<Vec<u8>, Diagnostic> {
    let c = &site.config.cards;
    let card = Card {
        kicker: w.kicker,
        headline: w.headline,
        site_title: w.site_title,
        lang: w.tag,
        colours: Colours { background: &c.background, text: &c.text, accent: &c.accent },
        photo: w.photo.as_deref(),
    };
    card::draw(&card, fonts).map_err(|e| {
        let help = match e {
            CardError::NoFont { .. } => {
                "install a font for it (on Debian: `apt-get install fonts-noto-cjk`); until then the page offers its lead photo, or no image"
            }
            CardError::Draw(_) => "the page offers its lead photo, or no image, until it can be drawn",
        };
        Diagnostic::warning(
            Code::ShareCard,
            format!("the share card of `{}` is left out: {e}", w.page.source.display_path().display()),
        )
        .in_file(w.page.source.display_path())
        .with_help(help)
    })
}

/// Whether cached bytes are a whole card: a PNG of the card's size.
fn is_card_png(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x89PNG\r\n\x1a\n")
        && imagesize::blob_size(bytes)
            .is_ok_and(|s| s.width == card::WIDTH as usize && s.height == card::HEIGHT as usize)
        && bytes.ends_with(&[0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82])
}

/// A hash of the installed font files (name, size, time): a new or updated
/// font draws the cards again. Reads only folder listings.
fn font_inventory() -> u64 {
    let mut dirs = vec![PathBuf::from("/usr/share/fonts"), PathBuf::from("/usr/local/share/fonts")];
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(Path::new(&home).join(".fonts"));
        dirs.push(Path::new(&home).join(".local/share/fonts"));
    }
    let mut listing = String::new();
    for dir in dirs {
        for entry in walkdir::WalkDir::new(dir).sort_by_file_name().into_iter().flatten() {
            let Ok(meta) = entry.metadata() else { continue };
            if !meta.is_file() {
                continue;
            }
            let modified =
                meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
            listing.push_str(&format!(
                "{}\u{0}{}\u{0}{}\n",
                entry.path().display(),
                meta.len(),
                modified.map_or(0, |d| d.as_secs())
            ));
        }
    }
    fnv1a(listing.as_bytes())
}
