//! Open Graph share cards: a 1200×630 PNG naming an article.
//!
//! In: a [`Card`] (kicker, headline, site title, language, theme colours and
//! an optional background photo) and the installed [`Fonts`].
//! Out: PNG bytes, or a [`CardError`].
//!
//! Invariants:
//! - Every character drawn is covered by the face chosen for it; when no
//!   installed face covers a piece of text the result is
//!   [`CardError::NoFont`], never a card with missing-glyph boxes.
//! - Text is measured with the chosen face's own advances and broken by
//!   [`super::lines`]; the headline stays inside the text box (at most three
//!   lines, four at the smallest size, ending in "…" when cut).
//! - The renderer sees only the chosen faces, under their exact family,
//!   weight, style and stretch, so it draws with the faces that were measured.
//! - Output is deterministic: the same card and the same font files give the
//!   same bytes.

mod fonts;
mod lines;
mod svg;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use resvg::tiny_skia;
use resvg::usvg;

use crate::text::primary_language;
pub use fonts::Fonts;
use fonts::*;
use svg::*;

/// Card width in pixels.
pub const WIDTH: u32 = 1200;
/// Card height in pixels.
pub const HEIGHT: u32 = 630;

const MARGIN: f32 = 80.0;
const TEXT_WIDTH: f32 = WIDTH as f32 - 2.0 * MARGIN;
const HEADLINE_SIZES: [f32; 9] = [76.0, 72.0, 68.0, 64.0, 60.0, 56.0, 52.0, 48.0, 44.0];
const KICKER_SIZE: f32 = 32.0;
const SITE_SIZE: f32 = 28.0;
const RULE_Y: f32 = 56.0;
const RULE_HEIGHT: f32 = 6.0;
const HAIRLINE_Y: f32 = 526.0;
/// Vertical room for kicker and headline, between the top rule and the hairline.
const BODY_TOP: f32 = RULE_Y + RULE_HEIGHT + 30.0;
const BODY_BOTTOM: f32 = HAIRLINE_Y - 40.0;
const KICKER_GAP: f32 = 22.0;
/// Black veil over a photo: white text on it keeps at least 5.7:1 contrast.
const VEIL_OPACITY: f32 = 0.62;

/// What a card shows. All text already plain (no markup).
pub struct Card<'a> {
    pub kicker: &'a str,
    pub headline: &'a str,
    pub site_title: &'a str,
    /// BCP 47 tag: "zh-Hans", "en", ...
    pub lang: &'a str,
    pub colours: Colours<'a>,
    /// Optional background photo (JPEG/PNG/WebP bytes) drawn cover-cropped
    /// under a dark veil; text is then light.
    pub photo: Option<&'a [u8]>,
}

/// Theme colours as CSS hex ("#fdfcf9" or "#fff").
pub struct Colours<'a> {
    pub background: &'a str,
    pub text: &'a str,
    pub accent: &'a str,
}

#[derive(Debug, thiserror::Error)]
pub enum CardError {
    /// No installed font has a glyph for these characters (e.g. no CJK
    /// font): the caller warns and leaves the card out.
    #[error("no installed font has glyphs for {missing:?}")]
    NoFont { missing: String },
    #[error("the card could not be drawn: {0}")]
    Draw(String),
}

/// Draws the card: PNG bytes, deterministic (same input + same fonts → same bytes).
pub fn draw(card: &Card, fonts: &Fonts) -> Result<Vec<u8>, CardError> {
    let tree = build_tree(card, fonts)?.0;
    let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT)
        .ok_or_else(|| CardError::Draw("cannot allocate the canvas".into()))?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| CardError::Draw(format!("PNG encoding failed: {e}")))
}

/// The parsed card and the headline layout it was built from.
fn build_tree(card: &Card, fonts: &Fonts) -> Result<(usvg::Tree, Headline), CardError> {
    let palette = Palette::new(&card.colours, card.photo.is_some())?;
    let photo = card.photo.map(photo_kind).transpose()?;
    let faces = Picker::new(fonts).pick(card)?;
    let headline = layout_headline(&clean(card.headline), &faces.headline);
    let svg = compose(card, &faces, &headline, &palette)?;
    let options = usvg::Options {
        fontdb: Arc::new(faces.database()),
        image_href_resolver: photo_resolver(photo),
        languages: vec![card.lang.to_string()],
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(&svg, &options).map_err(|e| CardError::Draw(e.to_string()))?;
    Ok((tree, headline))
}

// ---------------------------------------------------------------- text

/// Collapses whitespace to single spaces and drops control and
/// default-ignorable characters, which are never drawn.
fn clean(text: &str) -> String {
    let kept: String = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|c| !c.is_control() && !is_ignorable(*c))
        .collect();
    kept.split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

fn is_ignorable(c: char) -> bool {
    matches!(c as u32, 0xAD | 0x200B..=0x200F | 0x2060..=0x2064 | 0xFE00..=0xFE0F | 0xFEFF)
}

fn is_cjk_lang(lang: &str) -> bool {
    matches!(primary_language(lang).as_str(), "zh" | "ja" | "ko")
}

/// Headline lines and their size.
#[derive(Debug)]
struct Headline {
    size: f32,
    lines: Vec<String>,
}

/// The largest size at which the headline fits in three lines; at the
/// smallest size four lines, cut with an ellipsis if need be.
fn layout_headline(text: &str, face: &Face) -> Headline {
    for size in HEADLINE_SIZES {
        let width = |s: &str| face.metrics.width(s, size);
        if let Some(lines) = lines::fit(text, TEXT_WIDTH, 3, &width) {
            return Headline { size, lines };
        }
    }
    let size = HEADLINE_SIZES[HEADLINE_SIZES.len() - 1];
    let width = |s: &str| face.metrics.width(s, size);
    let lines = lines::truncate(text, TEXT_WIDTH, 4, face.metrics.ellipsis(), &width);
    Headline { size, lines }
}

/// One line of kicker or site title, cut with an ellipsis if too wide.
fn single_line(text: &str, face: &Face, size: f32) -> String {
    let width = |s: &str| face.metrics.width(s, size);
    let lines = lines::truncate(text, TEXT_WIDTH, 1, face.metrics.ellipsis(), &width);
    lines.into_iter().next().unwrap_or_default()
}

fn line_height(lang: &str) -> f32 {
    if is_cjk_lang(lang) { 1.3 } else { 1.18 }
}

// ---------------------------------------------------------------- fonts
