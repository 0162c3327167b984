//! The faces a card is drawn with: chosen per role (headline, kicker, site
//! title) and language from the installed fonts, checked to cover every
//! character, and measured with their own advances.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use resvg::usvg::fontdb;
use skrifa::MetadataProvider;
use skrifa::prelude::{LocationRef, Size};

use super::*;

pub(super) type Shared = Arc<dyn AsRef<[u8]> + Send + Sync>;

/// The system fonts, loaded once, plus the bytes of faces already used.
pub struct Fonts {
    db: Arc<fontdb::Database>,
    files: Mutex<HashMap<PathBuf, Shared>>,
}

impl Fonts {
    /// Loads the system fonts (names and styles only; files are read when a
    /// card first uses them).
    pub fn system() -> Fonts {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        Fonts::from_database(db)
    }

    pub(super) fn from_database(db: fontdb::Database) -> Fonts {
        Fonts { db: Arc::new(db), files: Mutex::new(HashMap::new()) }
    }

    /// A stable text naming the faces a card in `card.lang` would use
    /// (family, weight, file, face index, file size), for a cache key;
    /// `None` when no face covers the text.
    pub fn identity(&self, card: &Card) -> Option<String> {
        let faces = Picker::new(self).pick(card).ok()?;
        let mut parts = vec![faces.headline.describe("headline")];
        parts.extend(faces.kicker.as_ref().map(|f| f.describe("kicker")));
        parts.extend(faces.site.as_ref().map(|f| f.describe("site")));
        Some(parts.join("; "))
    }

    pub(super) fn cached(&self, path: &PathBuf) -> Option<Shared> {
        let files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.get(path).cloned()
    }

    pub(super) fn keep(&self, path: PathBuf, data: Shared) {
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.insert(path, data);
    }
}

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Role {
    Headline,
    Kicker,
    Site,
}

impl Role {
    pub(super) fn weight(self) -> u16 {
        match self {
            Role::Headline | Role::Kicker => 700,
            Role::Site => 400,
        }
    }

    pub(super) fn serif(self) -> bool {
        self == Role::Headline
    }
}

/// The Noto/Source Han region suffix for CJK languages.
pub(super) fn cjk_region(lang: &str) -> Option<&'static str> {
    let lower = lang.to_ascii_lowercase();
    let subtags: Vec<&str> = lower.split(['-', '_']).collect();
    let has = |tag: &str| subtags.iter().skip(1).any(|t| *t == tag);
    match subtags.first().copied() {
        Some("zh") if has("hk") || has("mo") => Some("HK"),
        Some("zh") if has("hant") || has("tw") => Some("TC"),
        Some("zh") => Some("SC"),
        Some("ja") => Some("JP"),
        Some("ko") => Some("KR"),
        _ => None,
    }
}

/// Preferred families for a role, best first.
pub(super) fn preferred(lang: &str, role: Role) -> Vec<String> {
    let kind = if role.serif() { "Serif" } else { "Sans" };
    match cjk_region(lang) {
        Some(region) => {
            let mut names = vec![
                format!("Noto {kind} CJK {region}"),
                format!("Source Han {kind} {region}"),
                format!("Noto {kind} {region}"),
            ];
            if region == "HK" {
                names.push(format!("Noto {kind} CJK TC"));
            }
            names
        }
        None => ["Noto", "Liberation", "DejaVu", "Source"]
            .iter()
            .map(|maker| match *maker {
                "Source" => format!("Noto {kind} CJK SC"),
                _ => format!("{maker} {kind}"),
            })
            .collect(),
    }
}

/// A chosen face: where it lives and how wide its glyphs are.
pub(super) struct Face {
    pub(super) info: fontdb::FaceInfo,
    pub(super) data: Shared,
    pub(super) metrics: Metrics,
}

impl Face {
    pub(super) fn family(&self) -> &str {
        self.info.families.first().map_or("", |(name, _)| name.as_str())
    }

    pub(super) fn describe(&self, role: &str) -> String {
        let file = match &self.info.source {
            fontdb::Source::File(path) => path.display().to_string(),
            _ => "<memory>".to_string(),
        };
        let len = (*self.data).as_ref().len();
        let weight = self.info.weight.0;
        let index = self.info.index;
        format!("{role}={} {weight} {file}#{index} {len}B", self.family())
    }

    pub(super) fn covers(&self, text: &str) -> bool {
        text.chars().all(|c| self.metrics.advances.contains_key(&c))
    }
}

/// Advances (in em) of the characters a face is used for, plus its ascent
/// and descent (in em, both positive).
pub(super) struct Metrics {
    pub(super) ascent: f32,
    pub(super) descent: f32,
    pub(super) advances: HashMap<char, f32>,
}

impl Metrics {
    pub(super) fn width(&self, text: &str, size: f32) -> f32 {
        let em: f32 = text.chars().map(|c| self.advances.get(&c).copied().unwrap_or(1.0)).sum();
        em * size
    }

    pub(super) fn ellipsis(&self) -> &'static str {
        if self.advances.contains_key(&'…') {
            "…"
        } else if self.advances.contains_key(&'.') {
            "..."
        } else {
            ""
        }
    }
}

/// Characters a face may draw besides the text itself (the ellipsis).
pub(super) const EXTRAS: [char; 2] = ['…', '.'];

/// Measures `chars` in one face: the metrics, or the characters it lacks.
pub(super) fn measure(data: &[u8], index: u32, chars: &[char]) -> Result<Metrics, Vec<char>> {
    let font = skrifa::FontRef::from_index(data, index).map_err(|_| chars.to_vec())?;
    let location = LocationRef::default();
    let metrics = font.metrics(Size::unscaled(), location);
    let upem = f32::from(metrics.units_per_em.max(1));
    let glyphs = font.glyph_metrics(Size::unscaled(), location);
    let charmap = font.charmap();
    let advance = |c: char| {
        let gid = charmap.map(c).filter(|g| *g != skrifa::GlyphId::NOTDEF)?;
        glyphs.advance_width(gid).map(|a| a / upem)
    };
    let mut advances = HashMap::new();
    let mut missing = Vec::new();
    for &c in chars {
        match advance(c) {
            Some(a) => drop(advances.insert(c, a)),
            None => missing.push(c),
        }
    }
    if !missing.is_empty() {
        return Err(missing);
    }
    advances.extend(EXTRAS.iter().filter_map(|&c| Some((c, advance(c)?))));
    Ok(Metrics { ascent: metrics.ascent / upem, descent: -metrics.descent / upem, advances })
}

/// The faces one card uses.
pub(super) struct Faces {
    pub(super) headline: Face,
    pub(super) kicker: Option<Face>,
    pub(super) site: Option<Face>,
}

impl Faces {
    /// A database holding only these faces, so the renderer cannot pick others.
    pub(super) fn database(&self) -> fontdb::Database {
        let mut db = fontdb::Database::new();
        let mut seen = Vec::new();
        let all = [Some(&self.headline), self.kicker.as_ref(), self.site.as_ref()];
        for face in all.into_iter().flatten() {
            if seen.contains(&face.info.id) {
                continue;
            }
            seen.push(face.info.id);
            db.push_face_info(fontdb::FaceInfo {
                source: fontdb::Source::Binary(face.data.clone()),
                ..face.info.clone()
            });
        }
        db
    }
}

/// Chooses faces for one card, reading each font file at most once.
pub(super) struct Picker<'f> {
    pub(super) fonts: &'f Fonts,
    pub(super) scratch: HashMap<PathBuf, Shared>,
}

impl<'f> Picker<'f> {
    pub(super) fn new(fonts: &'f Fonts) -> Self {
        Picker { fonts, scratch: HashMap::new() }
    }

    pub(super) fn pick(&mut self, card: &Card) -> Result<Faces, CardError> {
        let lang = card.lang;
        let headline = self.choose(Role::Headline, lang, &clean(card.headline))?;
        let kicker = self.choose_some(Role::Kicker, lang, &clean(card.kicker))?;
        let site = self.choose_some(Role::Site, lang, &clean(card.site_title))?;
        Ok(Faces { headline, kicker, site })
    }

    pub(super) fn choose_some(
        &mut self,
        role: Role,
        lang: &str,
        text: &str,
    ) -> Result<Option<Face>, CardError> {
        if text.is_empty() {
            return Ok(None);
        }
        self.choose(role, lang, text).map(Some)
    }

    /// The first candidate face covering every character of `text`.
    pub(super) fn choose(&mut self, role: Role, lang: &str, text: &str) -> Result<Face, CardError> {
        let mut chars: Vec<char> = text.chars().collect();
        chars.sort_unstable();
        chars.dedup();
        let mut fewest: Option<Vec<char>> = None;
        for info in candidates(&self.fonts.db, lang, role) {
            let Some(data) = self.load(info) else {
                continue;
            };
            match measure((*data).as_ref(), info.index, &chars) {
                Ok(metrics) => return Ok(self.keep(info, data, metrics)),
                Err(missing) if fewest.as_ref().is_none_or(|f| missing.len() < f.len()) => {
                    fewest = Some(missing);
                }
                Err(_) => {}
            }
        }
        let missing = fewest.unwrap_or(chars).into_iter().collect();
        Err(CardError::NoFont { missing })
    }

    pub(super) fn load(&mut self, info: &fontdb::FaceInfo) -> Option<Shared> {
        let path = match &info.source {
            fontdb::Source::File(path) => path,
            fontdb::Source::Binary(data) => return Some(data.clone()),
            #[allow(unreachable_patterns)]
            _ => {
                let bytes = self.fonts.db.with_face_data(info.id, |d, _| d.to_vec())?;
                return Some(Arc::new(bytes));
            }
        };
        if let Some(data) = self.fonts.cached(path).or_else(|| self.scratch.get(path).cloned()) {
            return Some(data);
        }
        let data: Shared = Arc::new(std::fs::read(path).ok()?);
        self.scratch.insert(path.clone(), data.clone());
        Some(data)
    }

    pub(super) fn keep(&self, info: &fontdb::FaceInfo, data: Shared, metrics: Metrics) -> Face {
        if let fontdb::Source::File(path) = &info.source {
            self.fonts.keep(path.clone(), data.clone());
        }
        Face { info: info.clone(), data, metrics }
    }
}

/// Faces to try for a role: the preferred families (nearest weight), then
/// every other upright face, most suitable first, in a stable order.
pub(super) fn candidates<'d>(
    db: &'d fontdb::Database,
    lang: &str,
    role: Role,
) -> Vec<&'d fontdb::FaceInfo> {
    let weight = fontdb::Weight(role.weight());
    let mut out: Vec<&fontdb::FaceInfo> = Vec::new();
    for family in preferred(lang, role) {
        let families = [fontdb::Family::Name(&family)];
        let query = fontdb::Query {
            families: &families,
            weight,
            stretch: fontdb::Stretch::Normal,
            style: fontdb::Style::Normal,
        };
        if let Some(info) = db.query(&query).and_then(|id| db.face(id)) {
            out.push(info);
        }
    }
    let mut rest: Vec<&fontdb::FaceInfo> = db
        .faces()
        .filter(|f| f.style == fontdb::Style::Normal && !out.iter().any(|o| o.id == f.id))
        .collect();
    rest.sort_by_cached_key(|f| fallback_rank(f, role));
    out.extend(rest);
    out
}

pub(super) fn fallback_rank(
    face: &fontdb::FaceInfo,
    role: Role,
) -> (u8, bool, u16, String, String, u32) {
    let family = face.families.first().map_or("", |(n, _)| n.as_str());
    let suits = if ["Mono", "Math", "Emoji", "Symbol"].iter().any(|w| family.contains(w)) {
        2
    } else if family.contains("Serif") == role.serif() {
        0
    } else {
        1
    };
    let source = match &face.source {
        fontdb::Source::File(path) => path.display().to_string(),
        _ => String::new(),
    };
    (
        suits,
        face.stretch != fontdb::Stretch::Normal,
        face.weight.0.abs_diff(role.weight()),
        family.to_string(),
        source,
        face.index,
    )
}
