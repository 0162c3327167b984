//! The articles to typeset: the fixture articles as they are, the same reshuffled,
//! and synthetic ones made of their parts.
//!
//! The texts are the fixtures' clean structures (`*.expected.json`), so every word is
//! one the family prints; what is new is their order, their combination and the
//! layout they are set in.

use std::path::{Path, PathBuf};

use broadsheet::import::{Article, Caption, Section};

use crate::extract::{CaptionStyle, Layout, Part, Stretch};
use crate::rng::Rng;
use crate::typeset::Press;

pub fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import")
}

/// Every fixture: its name, clean structure and raw text, sorted by name.
pub fn fixtures() -> Vec<(String, Article, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(fixture_dir()).unwrap() {
        let path = entry.unwrap().path();
        let Some(name) = path.to_str().and_then(|p| p.strip_suffix(".expected.json")) else {
            continue;
        };
        let json = std::fs::read_to_string(&path).unwrap();
        let article: Article =
            serde_json::from_str(&json).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        // A structure written by hand before its raw text was set (`write_fixture`).
        let Ok(raw) = std::fs::read_to_string(format!("{name}.raw.txt")) else { continue };
        let name = Path::new(name).file_name().unwrap().to_string_lossy().into_owned();
        out.push((name, article, raw));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The parts the synthetic articles are made of.
pub struct Pools {
    articles: Vec<Article>,
    sentences: Vec<String>,
    paragraphs: Vec<String>,
    heads: Vec<(String, String)>,
    kickers: Vec<String>,
    titles: Vec<String>,
    leads: Vec<String>,
    captions: Vec<Caption>,
}

/// Cuts a paragraph after each sentence end (`。！？` outside quotes, with any
/// closing marks after it), so a quotation keeps the words that attribute it
/// (`“……。”梁伯笑着说。` is one sentence).
fn sentences(paragraph: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut depth = 0usize;
    let mut chars = paragraph.chars().peekable();
    while let Some(c) = chars.next() {
        current.push(c);
        match c {
            '“' | '‘' | '（' | '《' => depth += 1,
            '”' | '’' | '）' | '》' => depth = depth.saturating_sub(1),
            _ => {}
        }
        let closer_next = chars.peek().is_some_and(|n| "”’）".contains(*n));
        if depth == 0 && "。！？".contains(c) && !closer_next {
            out.push(std::mem::take(&mut current));
        }
    }
    out
}

impl Pools {
    pub fn new(articles: Vec<Article>) -> Self {
        let mut pools = Pools {
            articles: articles.clone(),
            sentences: Vec::new(),
            paragraphs: Vec::new(),
            heads: Vec::new(),
            kickers: Vec::new(),
            titles: Vec::new(),
            leads: Vec::new(),
            captions: Vec::new(),
        };
        for a in articles {
            pools.kickers.extend(a.kicker);
            pools.titles.push(a.title);
            pools.leads.push(a.lead);
            pools.captions.extend(a.captions);
            for s in a.sections {
                if let (Some(h), Some(sub)) = (s.heading, s.subheading) {
                    pools.heads.push((h, sub));
                }
                for p in s.paragraphs {
                    pools.sentences.extend(sentences(&p));
                    pools.paragraphs.push(p);
                }
            }
        }
        pools
    }

    /// Article `n` of the run: even ones are fixture articles reshuffled, odd ones
    /// synthetic.
    pub fn article(&self, n: u64, rng: &mut Rng) -> Article {
        if n.is_multiple_of(2) { self.reshuffled(rng) } else { self.synthetic(rng) }
    }

    fn reshuffled(&self, rng: &mut Rng) -> Article {
        let mut a = rng.pick(&self.articles).clone();
        for s in &mut a.sections {
            rng.shuffle(&mut s.paragraphs);
        }
        rng.shuffle(&mut a.captions);
        if rng.chance(0.3) {
            a.kicker = None;
        }
        a
    }

    fn paragraph(&self, rng: &mut Rng) -> String {
        if rng.chance(0.3) {
            return rng.pick(&self.paragraphs).clone();
        }
        // Distinct sentences: a sentence printed twice in a row is what bold text
        // looks like in the extraction, in print as well as here.
        let count = rng.range(2, 5);
        let mut picked: Vec<&str> = Vec::new();
        while picked.len() < count {
            let sentence = rng.pick(&self.sentences).as_str();
            if !picked.contains(&sentence) {
                picked.push(sentence);
            }
        }
        picked.concat()
    }

    fn paragraphs(&self, rng: &mut Rng, low: usize, high: usize) -> Vec<String> {
        (0..rng.range(low, high)).map(|_| self.paragraph(rng)).collect()
    }

    fn synthetic(&self, rng: &mut Rng) -> Article {
        let mut sections = Vec::new();
        if rng.chance(0.4) {
            sections.push(untitled(self.paragraphs(rng, 4, 12)));
        } else {
            if rng.chance(0.7) {
                sections.push(untitled(self.paragraphs(rng, 1, 4)));
            }
            let mut heads = self.heads.clone();
            rng.shuffle(&mut heads);
            for (h, sub) in heads.into_iter().take(rng.range(2, 4)) {
                let paragraphs = self.paragraphs(rng, 1, 6);
                sections.push(Section { heading: Some(h), subheading: Some(sub), paragraphs });
            }
        }
        let mut captions = self.captions.clone();
        rng.shuffle(&mut captions);
        captions.truncate(rng.range(1, 6));
        Article {
            kicker: rng.chance(0.7).then(|| rng.pick(&self.kickers).clone()),
            title: rng.pick(&self.titles).clone(),
            lead: rng.pick(&self.leads).clone(),
            sections,
            captions,
        }
    }
}

fn untitled(paragraphs: Vec<String>) -> Section {
    Section { heading: None, subheading: None, paragraphs }
}

const ORDERS: [[Part; 3]; 6] = [
    [Part::Kicker, Part::Headline, Part::Captions],
    [Part::Headline, Part::Kicker, Part::Captions],
    [Part::Captions, Part::Kicker, Part::Headline],
    [Part::Captions, Part::Headline, Part::Kicker],
    [Part::Headline, Part::Captions, Part::Kicker],
    [Part::Kicker, Part::Captions, Part::Headline],
];

/// A random layout for an article of the family: column 16–24 cells, up to two
/// stretches (a narrowing of 2–5 cells around a photo, a widening of 1–2), any order
/// of the piled-up parts.
pub fn random_layout(seed: u64, rng: &mut Rng) -> Layout {
    let column = rng.range(16, 24) as f64;
    let mut stretches = Vec::new();
    let mut next = rng.range(0, 12);
    for _ in 0..rng.range(0, 2) {
        let stretch = if rng.chance(0.75) {
            let delta = -(rng.range(2, 5) as f64).min(column - 14.0);
            Stretch { first: next, count: rng.range(5, 14), delta, at_paragraph: false }
        } else {
            Stretch {
                first: next,
                count: rng.range(2, 4),
                delta: rng.range(1, 2) as f64,
                at_paragraph: false,
            }
        };
        next = stretch.first + stretch.count + rng.range(3, 20);
        if stretch.delta != 0.0 {
            stretches.push(stretch);
        }
    }
    let tight = (0..rng.range(0, 2))
        .flat_map(|_| {
            let at = rng.range(1, 60);
            at..at + rng.range(1, 2)
        })
        .collect();
    let captions = (0..8)
        .map(|_| CaptionStyle {
            spaced: rng.chance(0.6),
            wrap: rng.chance(0.4).then(|| rng.range(16, 26)),
            credit_alone: rng.chance(0.15),
        })
        .collect();
    Layout {
        seed,
        column,
        stretches,
        lead_column: rng.range(34, 40) as f64,
        order: rng.pick(&ORDERS).to_vec(),
        display_first: rng.chance(0.2),
        tight,
        captions,
        space_p: 0.3 + 0.4 * rng.unit(),
        trailing_p: 0.08,
        press: Press::SEEDLIKE,
    }
}
