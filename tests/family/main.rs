//! The importer on the whole family of articles, not only on the files in the repo.
//!
//! A generator of the family ([`typeset`] models print, [`extract`] the PDF
//! extractor) sets an article's clean structure into the raw text an extractor
//! writes. Before its articles are scored it must reproduce the fixtures: set from
//! each fixture's expected structure, in that fixture's layout, the raw text must
//! import exactly as the fixture's own raw text does, so the scores grade the family,
//! not a model of it that only the importer shares.
//!
//! The short run (`cargo test --test family`) scores 600 articles against today's
//! floor; the long run, against the target of issue #12, is
//! `cargo test --release --test family -- --ignored --nocapture`, and
//! `FAMILY_SEED` / `FAMILY_ARTICLES` pick another seed or size for either.

mod corpus;
mod extract;
mod rng;
mod score;
mod typeset;

use std::panic::{AssertUnwindSafe, catch_unwind};

use broadsheet::import::{self, Article};

use corpus::{Pools, fixtures, random_layout};
use extract::{CaptionStyle, Layout, Part, Stretch};
use rng::Rng;
use score::Score;
use typeset::Press;

/// The seed of the committed runs.
const SEED: u64 = 20_240_218;

/// A fixture's print layout, as it was typeset (`tools/specs.py` for the invented
/// ones, measured on the page for the seed).
fn fixture_layout(name: &str, seed: u64) -> Layout {
    use Part::{Captions as C, Headline as H, Kicker as K};
    let cap =
        |spaced: bool, wrap: Option<usize>| CaptionStyle { spaced, wrap, credit_alone: false };
    let narrow = |first, count, delta| Stretch { first, count, delta, at_paragraph: false };
    let at_paragraph = |first, count, delta| Stretch { first, count, delta, at_paragraph: true };
    let mut layout = Layout {
        seed,
        column: 20.0,
        stretches: Vec::new(),
        lead_column: 38.0,
        order: vec![K, H, C],
        display_first: false,
        tight: Vec::new(),
        captions: Vec::new(),
        space_p: 0.5,
        trailing_p: 0.08,
        press: Press::SEEDLIKE,
    };
    let (column, stretches, lead, order, tight, captions): (
        f64,
        Vec<Stretch>,
        f64,
        Vec<Part>,
        Option<usize>,
        Vec<CaptionStyle>,
    ) = match name {
        "jiangmen-hightech-zone-2024" => (
            20.0,
            vec![narrow(62, 2, 2.0), narrow(81, 14, -4.0)],
            36.0,
            vec![K, H, C],
            None,
            vec![
                cap(true, None),
                cap(false, None),
                cap(false, Some(24)),
                cap(true, None),
                cap(true, Some(44)),
                cap(true, None),
            ],
        ),
        "gulao-water-village-2024" => (
            19.0,
            vec![narrow(14, 9, -4.0)],
            36.0,
            vec![K, H, C],
            Some(30),
            vec![cap(true, None), cap(false, None), cap(true, Some(22))],
        ),
        "xinhui-chenpi-2024" => (
            22.0,
            vec![narrow(16, 8, -4.0)],
            40.0,
            vec![H, C],
            Some(5),
            vec![cap(true, None), cap(false, Some(24)), cap(true, None)],
        ),
        "qiaoxiang-heritage-week-2024" => (
            17.0,
            vec![narrow(9, 8, -3.0)],
            34.0,
            vec![C, K, H],
            None,
            vec![cap(true, None), cap(false, None), cap(true, Some(20))],
        ),
        "elderly-canteens-2024" => (
            20.0,
            vec![narrow(20, 10, -4.0)],
            38.0,
            vec![H, K, C],
            Some(12),
            vec![cap(true, None), cap(true, None)],
        ),
        "heshan-energy-storage-2024" => {
            layout.display_first = true;
            let alone = CaptionStyle { spaced: true, wrap: None, credit_alone: true };
            (
                21.0,
                vec![narrow(8, 9, -4.0)],
                37.0,
                vec![K, H, C],
                Some(24),
                vec![cap(true, None), alone, cap(true, None)],
            )
        }
        "taishan-village-reading-rooms-2024" => (
            18.0,
            vec![narrow(9, 8, -3.0)],
            36.0,
            vec![H, C, K],
            None,
            vec![cap(true, None), cap(false, Some(18)), cap(true, None)],
        ),
        "xinhui-port-trade-2024" => (
            20.0,
            vec![at_paragraph(4, 9, -4.0)],
            38.0,
            vec![K, H, C],
            Some(20),
            vec![cap(false, None), cap(true, None), cap(true, Some(20))],
        ),
        _ => panic!("no layout for fixture `{name}`: add it to `fixture_layout`"),
    };
    layout.column = column;
    layout.stretches = stretches;
    layout.lead_column = lead;
    layout.order = order;
    layout.tight = tight.map(|t| vec![t + 1, t + 2]).unwrap_or_default();
    layout.captions = captions;
    layout
}

/// Parses, turning a panic into `None` as a refusal would be (and counting it).
fn import_caught(raw: &str, score: &mut Score) -> Option<Article> {
    match catch_unwind(AssertUnwindSafe(|| import::parse(raw))) {
        Ok(result) => result.ok(),
        Err(_) => {
            score.panics += 1;
            None
        }
    }
}

/// Layout seeds each fixture is set again with.
const REPRODUCTIONS: u64 = 8;

#[test]
fn the_generator_reproduces_every_fixture_from_its_structure() {
    let mut report = Vec::new();
    let mut failed = false;
    for (name, want, raw) in fixtures() {
        let from_fixture = import::parse(&raw).ok();
        assert_eq!(from_fixture.as_ref(), Some(&want), "{name} does not import exactly");
        let misses: Vec<u64> = (0..REPRODUCTIONS)
            .filter(|seed| {
                let generated = extract::raw(&want, &fixture_layout(&name, *seed));
                import::parse(&generated).ok() != from_fixture
            })
            .collect();
        // Every layout seed jitters the lines anew, so a few may fall where the
        // importer is known to be weak (a narrowing right after a full line); most
        // must not, or the generator models something other than this fixture.
        failed |= misses.len() * 4 > REPRODUCTIONS as usize;
        report.push(format!(
            "{name}: {} of {REPRODUCTIONS} layouts import the same; other seeds {misses:?}",
            REPRODUCTIONS as usize - misses.len()
        ));
    }
    println!("{}", report.join("\n"));
    assert!(!failed, "set again, too many layouts import differently:\n{}", report.join("\n"));
}

fn env_or(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

/// Generates and scores `count` articles from `seed`.
fn run(seed: u64, count: u64) -> Score {
    let pools = Pools::new(fixtures().into_iter().map(|(_, a, _)| a).collect());
    let mut score = Score::default();
    for n in 0..count {
        let article_seed = seed.wrapping_mul(1_000_003).wrapping_add(n);
        let mut rng = Rng::new(article_seed);
        let want = pools.article(n, &mut rng);
        let layout = random_layout(article_seed, &mut rng);
        let raw = extract::raw(&want, &layout);
        let got = import_caught(&raw, &mut score);
        score.add(got.as_ref(), &want, &format!("article {n} (seed {article_seed})"));
    }
    score
}

/// The least a run must score, in percent.
struct Floor {
    /// Kicker, heads, captions and characters in order (title and lead: always 100%).
    parts: f64,
    paragraphs: f64,
}

/// What issue #12 asks of the importer on the family.
const TARGET: Floor = Floor { parts: 100.0, paragraphs: 99.5 };

/// What the importer scores today (seed 20240218: display text, heads, captions and
/// characters 100% on 600 and on 20,000 articles; paragraphs 98.91% on 600, 98.86%
/// on 20,000): a fall below it is a regression. Raise the paragraphs' floor as the
/// importer gets better, up to [`TARGET`].
const TODAY: Floor = Floor { parts: 100.0, paragraphs: 98.8 };

fn assert_family(seed: u64, count: u64, floor: Floor) {
    let score = run(seed, count);
    let report = score.report(seed);
    println!("{report}");
    assert!(score.meets(floor.parts, floor.paragraphs), "{report}\n{}", score.misses.join("\n"));
}

#[test]
fn the_importer_holds_its_scores_on_the_family() {
    assert_family(env_or("FAMILY_SEED", SEED), env_or("FAMILY_ARTICLES", 600), TODAY);
}

#[test]
#[ignore = "the long run: cargo test --release --test family -- --ignored --nocapture"]
fn the_importer_is_exact_on_a_large_family() {
    assert_family(env_or("FAMILY_SEED", SEED), env_or("FAMILY_ARTICLES", 20_000), TARGET);
}

/// Prints one generated article's raw text and expected structure, to look at a miss
/// (`FAMILY_SHOW=<article seed> cargo test --test family show -- --ignored --nocapture`).
#[test]
#[ignore = "a tool for looking at one article"]
fn show() {
    let pools = Pools::new(fixtures().into_iter().map(|(_, a, _)| a).collect());
    let article_seed = env_or("FAMILY_SHOW", 0);
    let n = env_or("FAMILY_N", article_seed % 2);
    let mut rng = Rng::new(article_seed);
    let (want, layout) = match std::env::var("FAMILY_FIXTURE") {
        Ok(name) => {
            let (_, article, _) = fixtures().into_iter().find(|f| f.0 == name).unwrap();
            (article, fixture_layout(&name, article_seed))
        }
        Err(_) => {
            let want = pools.article(n, &mut rng);
            (want, random_layout(article_seed, &mut rng))
        }
    };
    let raw = extract::raw(&want, &layout);
    println!("{raw}\n{layout:?}\nWANT\n{}", import::to_json(&want));
    match import::explain(&raw) {
        Ok((got, notes)) => {
            let lines: Vec<&str> = raw.lines().collect();
            for note in notes.iter().filter(|n| n.text.starts_with("paragraph")) {
                let next = lines.iter().skip(note.line).find(|l| !l.trim().is_empty());
                println!(
                    "NOTE {} | {} | {}",
                    lines[note.line - 1].trim(),
                    note.text,
                    next.unwrap_or(&"").trim()
                );
            }
            println!("GOT\n{}\nEND", import::to_json(&got))
        }
        Err(e) => println!("GOT {e}"),
    }
}

/// Sets a hand-written fixture structure into its raw text, in its layout, with the
/// first layout seed from `FAMILY_SHOW` on that imports exactly (and, with
/// `FAMILY_FULL_ENDS=N`, has N paragraph ends on full-width lines):
/// `FAMILY_WRITE=<name> cargo test --test family write_fixture -- --ignored --nocapture`.
#[test]
#[ignore = "a tool for making fixtures"]
fn write_fixture() {
    let name = std::env::var("FAMILY_WRITE").expect("FAMILY_WRITE names the fixture");
    let dir = corpus::fixture_dir();
    let json = std::fs::read_to_string(dir.join(format!("{name}.expected.json"))).unwrap();
    let want: Article = serde_json::from_str(&json).unwrap();
    let full_ends = env_or("FAMILY_FULL_ENDS", 0) as usize;
    for seed in env_or("FAMILY_SHOW", 0)..env_or("FAMILY_SHOW", 0) + 500 {
        let raw = extract::raw(&want, &fixture_layout(&name, seed));
        let Ok((got, notes)) = import::explain(&raw) else { continue };
        let full = notes
            .iter()
            .filter(|n| n.text.contains("fills its column, and the next line is indented"))
            .count();
        if got == want && full >= full_ends {
            std::fs::write(dir.join(format!("{name}.raw.txt")), raw).unwrap();
            println!("{name}: layout seed {seed}, {full} paragraph ends on full-width lines");
            return;
        }
    }
    panic!("no layout seed gave an exact import");
}
