//! Photo figures: every photo through `partials/photo.html`, once per language.
//!
//! The figure is the same wherever the photo shows (the article, the photos
//! page, the home page), so it is rendered once here and reused by the Markdown
//! pass and by the templates' `photo()` function.

use serde::Serialize;
use tera::{Context, Tera};

use super::functions::PhotoFigures;
use crate::config::Config;
use crate::error::Diagnostic;
use crate::photos::{LangText, Photo};
use crate::templates::tera_diagnostic;

/// A photo as templates see it, in one language.
#[derive(Serialize)]
struct PhotoView<'a> {
    id: &'a str,
    /// Its element id, unique on the page (`photo-1`, or `article-photo-1`).
    element: &'a str,
    caption: &'a str,
    credit: &'a str,
    alt: &'a str,
    /// The language tag of caption and credit when they are shown in the
    /// default language because this one has none (`zh-Hans`).
    text_lang: Option<&'a str>,
    ratio_w: u32,
    ratio_h: u32,
    /// The placeholder's drawing box: 300 units wide, the photo's shape.
    box_w: u32,
    box_h: u32,
    /// Site-absolute URL of the image, when the file exists.
    src: Option<String>,
    /// `srcset` of the resized copies and the original, when the file exists.
    srcset: Option<String>,
    width: u32,
    height: u32,
    pending: bool,
}

fn text<'a>(map: &'a LangText, lang: &str) -> &'a str {
    map.get(lang).map_or("", String::as_str)
}

impl<'a> PhotoView<'a> {
    fn new(photo: &'a Photo, config: &'a Config, lang: &'a str) -> Self {
        // A photo without a caption in this language shows the original's,
        // marked as that language, rather than an empty box.
        let caption = text(&photo.caption, lang);
        let untranslated = caption.trim().is_empty() || crate::translate::is_untranslated(caption);
        let shown = if untranslated { config.default_language.as_str() } else { lang };
        let text_lang = (untranslated && shown != lang)
            .then(|| config.language(shown).map_or(shown, |l| l.tag.as_str()));
        PhotoView {
            id: &photo.id,
            element: &photo.element,
            caption: text(&photo.caption, shown),
            credit: text(&photo.credit, shown),
            // Without alt text of its own, the caption says what it shows.
            alt: Some(text(&photo.alt, shown))
                .filter(|a| !a.trim().is_empty())
                .unwrap_or_else(|| text(&photo.caption, shown)),
            text_lang,
            ratio_w: photo.ratio_w,
            ratio_h: photo.ratio_h,
            box_w: 300,
            box_h: (300 * photo.ratio_h / photo.ratio_w).max(1),
            src: photo.file.as_ref().map(|f| config.path_to(&f.rel)),
            srcset: photo.file.as_ref().map(|f| {
                let mut set: Vec<String> = f
                    .variants
                    .iter()
                    .map(|v| format!("{} {}w", config.path_to(&v.rel), v.width))
                    .collect();
                set.push(format!("{} {}w", config.path_to(&f.rel), f.width));
                set.join(", ")
            }),
            width: photo.file.as_ref().map_or(photo.ratio_w * 400, |f| f.width),
            height: photo.file.as_ref().map_or(photo.ratio_h * 400, |f| f.height),
            pending: photo.file.is_none(),
        }
    }
}

/// Renders every photo's figure in every language.
pub fn figures(
    engine: &Tera,
    photos: &[Photo],
    config: &Config,
) -> (PhotoFigures, Vec<Diagnostic>) {
    let codes: Vec<String> = config.languages.iter().map(|l| l.code.clone()).collect();
    let mut out = PhotoFigures { codes: codes.clone(), ..PhotoFigures::default() };
    let mut problems = Vec::new();
    for photo in photos {
        let slots: Vec<Option<String>> = codes
            .iter()
            .map(|lang| match figure(engine, config, photo, lang) {
                Ok(html) => Some(html),
                Err(d) => {
                    problems.push(d);
                    None
                }
            })
            .collect();
        out.html.entry(photo.dir.clone()).or_default().insert(photo.id.clone(), slots);
    }
    (out, problems)
}

fn figure(engine: &Tera, config: &Config, photo: &Photo, lang: &str) -> Result<String, Diagnostic> {
    let mut ctx = Context::new();
    ctx.insert("photo", &PhotoView::new(photo, config, lang));
    ctx.insert("lang", lang);
    engine.render("partials/photo.html", &ctx).map_err(|e| {
        tera_diagnostic(
            &e,
            Some(&format!("photo `{}` ({lang}) from {}", photo.id, photo.origin.path.display())),
        )
    })
}
