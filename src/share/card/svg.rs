//! The card as SVG: colours, the photo under its veil, and each line of
//! text as its own element, escaped, in the face that measured it.

use std::sync::Arc;

use resvg::usvg::{self, fontdb};

use super::*;
use crate::text::escape_html;

// ---------------------------------------------------------------- colour

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Rgb(pub(super) [u8; 3]);

impl Rgb {
    pub(super) const WHITE: Rgb = Rgb([255, 255, 255]);

    /// Parses "#rgb" or "#rrggbb".
    pub(super) fn parse(css: &str) -> Result<Rgb, CardError> {
        let bad = || CardError::Draw(format!("not a hex colour: {css:?}"));
        let hex = css.trim().strip_prefix('#').ok_or_else(bad)?;
        let digits: Vec<u8> = hex
            .chars()
            .map(|c| c.to_digit(16).map(|d| d as u8))
            .collect::<Option<_>>()
            .ok_or_else(bad)?;
        match digits[..] {
            [r, g, b] => Ok(Rgb([r * 17, g * 17, b * 17])),
            [r1, r2, g1, g2, b1, b2] => Ok(Rgb([r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2])),
            _ => Err(bad()),
        }
    }

    /// `self` moved towards `other` by `t` (0 to 1).
    pub(super) fn mix(self, other: Rgb, t: f32) -> Rgb {
        let channel =
            |a: u8, b: u8| (f32::from(a) + (f32::from(b) - f32::from(a)) * t).round() as u8;
        let [r, g, b] = self.0;
        let [r2, g2, b2] = other.0;
        Rgb([channel(r, r2), channel(g, g2), channel(b, b2)])
    }

    pub(super) fn css(self) -> String {
        let [r, g, b] = self.0;
        format!("#{r:02x}{g:02x}{b:02x}")
    }
}

/// The colours a card is painted in.
pub(super) struct Palette {
    pub(super) background: Rgb,
    pub(super) text: Rgb,
    pub(super) accent: Rgb,
    /// Opacity of the site title and of the hairline, over the text colour.
    pub(super) muted: f32,
    pub(super) hairline: f32,
}

impl Palette {
    pub(super) fn new(colours: &Colours, photo: bool) -> Result<Palette, CardError> {
        let background = Rgb::parse(colours.background)?;
        let text = Rgb::parse(colours.text)?;
        let accent = Rgb::parse(colours.accent)?;
        Ok(if photo {
            Palette {
                background,
                text: Rgb::WHITE,
                accent: accent.mix(Rgb::WHITE, 0.6),
                muted: 0.8,
                hairline: 0.45,
            }
        } else {
            Palette { background, text, accent, muted: 0.7, hairline: 0.3 }
        })
    }
}

// ---------------------------------------------------------------- photo

/// Recognises the photo's format from its first bytes.
pub(super) fn photo_kind(bytes: &[u8]) -> Result<usvg::ImageKind, CardError> {
    let data = Arc::new(bytes.to_vec());
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Ok(usvg::ImageKind::JPEG(data))
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Ok(usvg::ImageKind::PNG(data))
    } else if bytes.len() > 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Ok(usvg::ImageKind::WEBP(data))
    } else {
        Err(CardError::Draw("the photo is not JPEG, PNG or WebP".into()))
    }
}

/// Resolves the href "photo" to the card's photo; nothing else is loaded.
pub(super) fn photo_resolver(photo: Option<usvg::ImageKind>) -> usvg::ImageHrefResolver<'static> {
    usvg::ImageHrefResolver {
        resolve_data: Box::new(|_, _, _| None),
        resolve_string: Box::new(move |href, _| photo.clone().filter(|_| href == "photo")),
    }
}

// ---------------------------------------------------------------- SVG

pub(super) fn stretch_keyword(stretch: fontdb::Stretch) -> &'static str {
    use fontdb::Stretch as S;
    match stretch {
        S::UltraCondensed => "ultra-condensed",
        S::ExtraCondensed => "extra-condensed",
        S::Condensed => "condensed",
        S::SemiCondensed => "semi-condensed",
        S::Normal => "normal",
        S::SemiExpanded => "semi-expanded",
        S::Expanded => "expanded",
        S::ExtraExpanded => "extra-expanded",
        S::UltraExpanded => "ultra-expanded",
    }
}

/// One `<text>` element: a single line at a baseline.
pub(super) struct Span<'a> {
    pub(super) id: String,
    pub(super) face: &'a Face,
    pub(super) size: f32,
    pub(super) baseline: f32,
    pub(super) fill: Rgb,
    pub(super) opacity: f32,
    pub(super) text: String,
}

impl Span<'_> {
    pub(super) fn write(&self, svg: &mut String) -> Result<(), CardError> {
        if !self.face.covers(&self.text) {
            let missing = self.text.chars().filter(|c| !self.face.covers(&c.to_string()));
            return Err(CardError::NoFont { missing: missing.collect() });
        }
        let info = &self.face.info;
        let style = match info.style {
            fontdb::Style::Normal => "normal",
            fontdb::Style::Italic => "italic",
            fontdb::Style::Oblique => "oblique",
        };
        svg.push_str(&format!(
            "<text id=\"{}\" x=\"{MARGIN}\" y=\"{:.2}\" font-family=\"'{}'\" font-size=\"{}\" \
             font-weight=\"{}\" font-style=\"{style}\" font-stretch=\"{}\" fill=\"{}\" \
             fill-opacity=\"{}\" xml:space=\"preserve\">{}</text>\n",
            self.id,
            self.baseline,
            escape_html(self.face.family()),
            self.size,
            info.weight.0,
            stretch_keyword(info.stretch),
            self.fill.css(),
            self.opacity,
            escape_html(&self.text),
        ));
        Ok(())
    }
}

pub(super) fn rect(svg: &mut String, y: f32, height: f32, fill: Rgb, opacity: f32) {
    svg.push_str(&format!(
        "<rect x=\"{MARGIN}\" y=\"{y}\" width=\"{TEXT_WIDTH}\" height=\"{height}\" fill=\"{}\" fill-opacity=\"{opacity}\"/>\n",
        fill.css()
    ));
}

/// Background: the theme colour, or the photo under its veil.
pub(super) fn backdrop(svg: &mut String, palette: &Palette, photo: bool) {
    let full = format!("x=\"0\" y=\"0\" width=\"{WIDTH}\" height=\"{HEIGHT}\"");
    if photo {
        svg.push_str(&format!("<rect {full} fill=\"#1a1a1a\"/>\n"));
        svg.push_str(&format!(
            "<image {full} preserveAspectRatio=\"xMidYMid slice\" xlink:href=\"photo\"/>\n"
        ));
        svg.push_str(&format!("<rect {full} fill=\"#000000\" fill-opacity=\"{VEIL_OPACITY}\"/>\n"));
    } else {
        svg.push_str(&format!("<rect {full} fill=\"{}\"/>\n", palette.background.css()));
    }
}

/// The whole card as SVG.
pub(super) fn compose(
    card: &Card,
    faces: &Faces,
    headline: &Headline,
    palette: &Palette,
) -> Result<String, CardError> {
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" \
         width=\"{WIDTH}\" height=\"{HEIGHT}\" viewBox=\"0 0 {WIDTH} {HEIGHT}\">\n"
    );
    backdrop(&mut svg, palette, card.photo.is_some());
    rect(&mut svg, RULE_Y, RULE_HEIGHT, palette.accent, 1.0);
    for span in body_spans(card, faces, headline, palette) {
        span.write(&mut svg)?;
    }
    rect(&mut svg, HAIRLINE_Y, 1.5, palette.text, palette.hairline);
    if let Some(face) = &faces.site {
        let text = single_line(&clean(card.site_title), face, SITE_SIZE);
        let top = HAIRLINE_Y + 1.5 + 22.0;
        Span {
            id: "site".into(),
            face,
            size: SITE_SIZE,
            baseline: top + face.metrics.ascent * SITE_SIZE,
            fill: palette.text,
            opacity: palette.muted,
            text,
        }
        .write(&mut svg)?;
    }
    svg.push_str("</svg>\n");
    Ok(svg)
}

/// Kicker and headline lines, centred as a block between rule and hairline.
pub(super) fn body_spans<'a>(
    card: &Card,
    faces: &'a Faces,
    headline: &'a Headline,
    palette: &Palette,
) -> Vec<Span<'a>> {
    let face = &faces.headline;
    let (size, m) = (headline.size, &face.metrics);
    let pitch = size * line_height(card.lang);
    let count = headline.lines.len().max(1) as f32;
    let block = (count - 1.0) * pitch + (m.ascent + m.descent) * size;
    let kicker = faces.kicker.as_ref().map(|f| {
        let height = (f.metrics.ascent + f.metrics.descent) * KICKER_SIZE;
        (f, single_line(&clean(card.kicker), f, KICKER_SIZE), height)
    });
    let kicker_room = kicker.as_ref().map_or(0.0, |k| k.2 + KICKER_GAP);
    let top = BODY_TOP + ((BODY_BOTTOM - BODY_TOP) - kicker_room - block).max(0.0) / 2.0;
    let mut spans = Vec::new();
    if let Some((kf, text, _)) = kicker {
        spans.push(Span {
            id: "kicker".into(),
            face: kf,
            size: KICKER_SIZE,
            baseline: top + kf.metrics.ascent * KICKER_SIZE,
            fill: palette.accent,
            opacity: 1.0,
            text,
        });
    }
    let first = top + kicker_room + m.ascent * size;
    for (i, line) in headline.lines.iter().enumerate() {
        spans.push(Span {
            id: format!("headline-{i}"),
            face,
            size,
            baseline: first + i as f32 * pitch,
            fill: palette.text,
            opacity: 1.0,
            text: line.clone(),
        });
    }
    spans
}
