//! Photo data: `photos.toml` files → [`Photo`]s.
//!
//! A page folder may hold a `photos.toml` listing its photos (id, aspect ratio,
//! caption, credit and alt text per language). The image itself lives at
//! `photos/<id>.jpg` (or `.png`, `.webp`) beside it; while it is absent the site
//! shows a placeholder of the same aspect ratio with the caption. Reading image
//! sizes is the only I/O.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::content::{Content, DataFile};
use crate::error::{Code, Diagnostic, toml_diagnostic};

/// Per-language text: `{ zh = "…", en = "…" }`.
pub type LangText = BTreeMap<String, String>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PhotosFile {
    #[serde(default)]
    photo: Vec<RawPhoto>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPhoto {
    id: String,
    #[serde(default = "default_ratio")]
    ratio: String,
    #[serde(default)]
    caption: LangText,
    #[serde(default)]
    credit: LangText,
    #[serde(default)]
    alt: LangText,
}

fn default_ratio() -> String {
    "3:2".to_string()
}

/// The image file of a photo, once it has arrived.
#[derive(Debug, Clone, Serialize)]
pub struct PhotoFile {
    /// Site-relative path (`article/photos/photo-1.jpg`).
    pub rel: String,
    /// Where it is on disk.
    #[serde(skip)]
    pub source: PathBuf,
    pub width: u32,
    pub height: u32,
    /// Smaller copies made at build time for `srcset`, narrowest first.
    pub variants: Vec<Variant>,
}

/// A resized copy of a photo.
#[derive(Debug, Clone, Serialize)]
pub struct Variant {
    pub width: u32,
    /// Site-relative path (`article/photos/photo-1-480w.jpg`).
    pub rel: String,
}

/// Where a finding's source is: a file and a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub path: PathBuf,
    pub line: usize,
}

/// The widths of the resized copies; only those narrower than the original.
pub const VARIANT_WIDTHS: [u32; 3] = [480, 960, 1440];

/// A resized copy of a photo, encoded like the original (JPEG at quality 82).
pub fn resize(file: &PhotoFile, width: u32) -> Result<Vec<u8>, String> {
    let img = image::open(&file.source).map_err(|e| e.to_string())?;
    let height =
        ((u64::from(file.height) * u64::from(width)) / u64::from(file.width.max(1))).max(1) as u32;
    let small = img.resize_exact(width, height, image::imageops::FilterType::Triangle);
    let mut out = std::io::Cursor::new(Vec::new());
    let format = image::ImageFormat::from_path(&file.source).map_err(|e| e.to_string())?;
    match format {
        image::ImageFormat::Jpeg => {
            let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 82);
            small.to_rgb8().write_with_encoder(encoder).map_err(|e| e.to_string())?;
        }
        other => small.write_to(&mut out, other).map_err(|e| e.to_string())?,
    }
    Ok(out.into_inner())
}

/// One captioned photo. Its id is its folder's own: pages in that folder
/// place it by id.
#[derive(Debug, Clone, Serialize)]
pub struct Photo {
    pub id: String,
    /// The folder of the `photos.toml` it comes from, relative to `content/`.
    pub dir: String,
    /// Its element id, unique on pages that show several folders' photos
    /// (`article-photo-1`); the plain id on a site with one photo list.
    pub element: String,
    /// Aspect ratio as width and height (3 and 2 for `3:2`).
    pub ratio_w: u32,
    pub ratio_h: u32,
    pub caption: LangText,
    pub credit: LangText,
    pub alt: LangText,
    /// `None` while the photo is pending: the site shows a placeholder.
    pub file: Option<PhotoFile>,
    /// Where the entry is, for messages.
    #[serde(skip)]
    pub origin: Origin,
}

/// Reads every `photos.toml` under `content/`. Returns the photos in file order
/// and the problems found (errors and warnings), without stopping at the first.
/// Captions, credits and alt texts are asked for in the default language, and
/// in each language the folder has a page in (until the article is translated,
/// the article's own translation warning speaks for its photos).
pub fn load(content: &Content, config: &Config) -> (Vec<Photo>, Vec<Diagnostic>) {
    let mut photos = Vec::new();
    let mut diags = Vec::new();
    for data in content.data.iter().filter(|d| d.file_name() == Some("photos.toml")) {
        let file: PhotosFile = match toml::from_str(&data.text) {
            Ok(f) => f,
            Err(e) => {
                diags.push(toml_diagnostic(&e, &data.display_path(), &data.text, 0));
                continue;
            }
        };
        // Where each id was last found, so a duplicate points at itself.
        let mut found: std::collections::HashMap<String, usize> = Default::default();
        for raw in file.photo {
            let from = found.get(&raw.id).map_or(0, |at| at + 1);
            let offset =
                data.text[from..].find(&format!("\"{}\"", raw.id)).map_or(0, |at| from + at);
            found.insert(raw.id.clone(), offset);
            let entry = Entry { data, offset, raw };
            let dir = data.dir();
            if photos.iter().any(|p: &Photo| p.id == entry.raw.id && p.dir == dir) {
                diags.push(
                    entry
                        .here(Diagnostic::error(
                            Code::PhotoDuplicate,
                            format!("photo id `{}` is used twice", entry.raw.id),
                        ))
                        .with_help("give each photo its own id"),
                );
                continue;
            }
            // An unusable entry is one error, not a list of warnings too.
            let languages = languages_of(content, config, &entry.data.dir());
            let warnings = entry.missing_text(&languages);
            match entry.photo(content) {
                Ok(photo) => {
                    diags.extend(warnings);
                    photos.push(photo);
                }
                Err(d) => diags.push(d),
            }
        }
    }
    let scoped = photos.iter().any(|p| p.dir != photos[0].dir);
    for p in photos.iter_mut().filter(|_| scoped) {
        p.element = format!("{}-{}", p.dir.replace('/', "-"), p.id);
    }
    (photos, diags)
}

/// The language codes a folder's photos need texts in.
fn languages_of<'a>(content: &Content, config: &'a Config, dir: &str) -> Vec<&'a str> {
    config
        .langs()
        .filter(|l| {
            l.is_default() || content.sources.iter().any(|s| s.lang == *l && s.folder() == dir)
        })
        .map(|l| config.code(l))
        .collect()
}

/// One `[[photo]]` entry of a file, where it is.
struct Entry<'a> {
    data: &'a DataFile,
    offset: usize,
    raw: RawPhoto,
}

impl Entry<'_> {
    /// Points a finding at the entry's id.
    fn here(&self, d: Diagnostic) -> Diagnostic {
        d.in_file(self.data.display_path()).at_offset(
            &self.data.text,
            self.offset,
            self.raw.id.len() + 2,
        )
    }

    /// A warning for each caption, credit or alt text missing in a language.
    fn missing_text(&self, languages: &[&str]) -> Vec<Diagnostic> {
        let raw = &self.raw;
        let mut diags = Vec::new();
        for lang in languages {
            for (field, map) in
                [("caption", &raw.caption), ("credit", &raw.credit), ("alt", &raw.alt)]
            {
                if map.get(*lang).is_none_or(|s| s.trim().is_empty()) {
                    diags.push(
                        self.here(Diagnostic::warning(
                            Code::PhotoTextMissing,
                            format!("photo `{}` has no {field} in `{lang}`", raw.id),
                        ))
                        .with_help(format!("add `{field}.{lang} = \"…\"` to the photo's entry")),
                    );
                }
            }
        }
        diags
    }

    /// The photo, or the error that makes the entry unusable.
    fn photo(self, content: &Content) -> Result<Photo, Diagnostic> {
        let id = &self.raw.id;
        if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            return Err(self
                .here(Diagnostic::error(
                    Code::PhotoId,
                    format!("photo id `{id}` is not usable in a file name"),
                ))
                .with_help("use ASCII letters, digits and hyphens, like `photo-1`"));
        }
        let Some((w, h)) = parse_ratio(&self.raw.ratio) else {
            return Err(self
                .here(Diagnostic::error(
                    Code::PhotoRatio,
                    format!("photo `{id}` has the ratio `{}`", self.raw.ratio),
                ))
                .with_help("write the aspect ratio as width:height, like \"3:2\" or \"16:9\""));
        };
        let dir = self.data.dir();
        let line = self.data.text[..self.offset].matches('\n').count() + 1;
        let origin = Origin { path: self.data.display_path(), line };
        let RawPhoto { id, caption, credit, alt, .. } = self.raw;
        let file = find_file(content, &dir, &id);
        let element = id.clone();
        Ok(Photo { id, dir, element, ratio_w: w, ratio_h: h, caption, credit, alt, file, origin })
    }
}

fn parse_ratio(s: &str) -> Option<(u32, u32)> {
    let (w, h) = s.split_once(':')?;
    let (w, h) = (w.trim().parse().ok()?, h.trim().parse().ok()?);
    (w > 0 && h > 0 && w <= 10_000 && h <= 10_000).then_some((w, h))
}

fn find_file(content: &Content, dir: &str, id: &str) -> Option<PhotoFile> {
    let prefix = if dir.is_empty() { String::from("photos/") } else { format!("{dir}/photos/") };
    ["jpg", "jpeg", "png", "webp"].iter().find_map(|ext| {
        let rel = format!("{prefix}{id}.{ext}");
        let asset = content.assets.iter().find(|a| a.rel == rel)?;
        let size = imagesize::size(&asset.source).ok()?;
        let (width, height) = (size.width as u32, size.height as u32);
        let stem = rel.trim_end_matches(&format!(".{ext}")).to_string();
        let variants = VARIANT_WIDTHS
            .iter()
            .filter(|w| **w < width)
            .map(|w| Variant { width: *w, rel: format!("{stem}-{w}w.{ext}") })
            .collect();
        Some(PhotoFile { rel, source: asset.source.clone(), width, height, variants })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn ratios_parse() {
        assert_eq!(parse_ratio("3:2"), Some((3, 2)));
        assert_eq!(parse_ratio(" 16 : 9 "), Some((16, 9)));
        assert_eq!(parse_ratio("3/2"), None);
        assert_eq!(parse_ratio("0:2"), None);
    }

    #[test]
    fn missing_english_caption_is_a_warning() {
        let content = Content {
            data: vec![crate::content::DataFile {
                rel: PathBuf::from("article/photos.toml"),
                text: "[[photo]]\nid = \"p1\"\ncaption = { zh = \"图\" }\ncredit = { zh = \"A/摄\", en = \"Photo: A\" }\nalt = { zh = \"a\", en = \"a\" }\n".into(),
            }],
            ..Default::default()
        };
        let config = Config::parse(
            "base_url = \"https://e.org/\"\ndefault_language = \"zh\"\n[languages.zh]\ntitle = \"站\"\n[languages.en]\ntitle = \"S\"\n",
            Path::new("config.toml"),
        )
        .unwrap();
        // The folder has an English page: its photos need English texts.
        let page = crate::content::parse_source(
            "+++\ntitle = \"A\"\n+++\n".into(),
            Path::new("article/index.en.md"),
            &config,
        )
        .unwrap();
        let content = Content { sources: vec![page], ..content };
        let (photos, diags) = load(&content, &config);
        assert_eq!(photos.len(), 1);
        assert!(photos[0].file.is_none());
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].message, "photo `p1` has no caption in `en`");
        assert_eq!(diags[0].line, Some(2));
    }
}
