//! How much of an article the drafts hold, measured against two references
//! that do not come from the drafter: the seed's hand-made figures, and the
//! numbers of every fixture article as an independent counter finds them.
//!
//! The counter's rule: every maximal run of Arabic digits (a decimal point or
//! thousands separator inside), of Chinese numerals, or a fraction `X分之Y`,
//! that denotes a quantity. Not one: dates and clock times (`2024年`, `5月`,
//! `8日`, `六点`), generations (`90后`), ordinals after 第, runs touching Latin
//! letters (`5G`), a lone 一 (`一个地方`), and Chinese numerals not followed by
//! a measure word (`三江`, `五一`). A run is held when a draft quoting its
//! sentence shows it in `display`.

use std::collections::BTreeMap;
use std::path::Path;

use super::{Drafts, draft};
use crate::import::Article;

const CHINESE: &str = "零〇一二两三四五六七八九十百千万亿";

/// What a Chinese numeral must be followed by to count something.
const MEASURE: &[&str] = &[
    "个",
    "名",
    "人",
    "位",
    "户",
    "家",
    "项",
    "件",
    "座",
    "间",
    "所",
    "条",
    "场",
    "次",
    "份",
    "款",
    "台",
    "辆",
    "套",
    "张",
    "把",
    "种",
    "类",
    "批",
    "组",
    "支",
    "处",
    "栋",
    "层",
    "届",
    "期",
    "岁",
    "年",
    "周",
    "天",
    "小时",
    "分钟",
    "秒",
    "倍",
    "强",
    "元",
    "亩",
    "吨",
    "斤",
    "米",
    "公里",
    "平方",
    "成",
    "维一体",
];

/// A numeral in a text: where it is (in characters) and how it is written.
struct Run {
    start: usize,
    end: usize,
    text: String,
    arabic: bool,
}

fn is_arabic(c: char) -> bool {
    c.is_ascii_digit()
}

/// Every numeral run of `text`, quantity or not.
fn runs(text: &str) -> Vec<Run> {
    let cs: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < cs.len() {
        let arabic = is_arabic(cs[i]);
        if !arabic && !CHINESE.contains(cs[i]) {
            i += 1;
            continue;
        }
        let inside = |j: usize| {
            let c = cs[j];
            if arabic {
                is_arabic(c)
                    || (matches!(c, '.' | ',')
                        && j > 0
                        && is_arabic(cs[j - 1])
                        && cs.get(j + 1).is_some_and(|&d| is_arabic(d)))
            } else {
                CHINESE.contains(c)
            }
        };
        let mut end = i;
        while end < cs.len() && inside(end) {
            end += 1;
        }
        // `九十分之一` is one number.
        if !arabic && cs.get(end) == Some(&'分') && cs.get(end + 1) == Some(&'之') {
            let mut top = end + 2;
            while top < cs.len() && CHINESE.contains(cs[top]) {
                top += 1;
            }
            if top > end + 2 {
                end = top;
            }
        }
        out.push(Run { start: i, end, text: cs[i..end].iter().collect(), arabic });
        i = end;
    }
    out
}

/// The runs of `sentence` that denote a quantity.
fn quantities(sentence: &str) -> Vec<String> {
    let cs: Vec<char> = sentence.chars().collect();
    let all = runs(sentence);
    let mut out = Vec::new();
    for (k, r) in all.iter().enumerate() {
        let prev = r.start.checked_sub(1).map(|j| cs[j]);
        let next = cs.get(r.end).copied();
        let rest: String = cs[r.end..].iter().collect();
        let digits = r.text.chars().filter(|c| c.is_ascii_digit()).count();
        let plain = !r.text.contains(['.', ',']);
        let dated = matches!(next, Some('月' | '日' | '号' | '点' | '时'))
            || rest.starts_with("年代")
            || (next == Some('年') && plain && (digits == 4 || r.text.chars().count() == 4));
        if dated || prev.is_some_and(|c| c == '第' || c == '初' || c.is_ascii_alphabetic()) {
            continue;
        }
        let counts = if r.arabic {
            let generation = next == Some('后') && plain && digits == 2;
            // `2021—2023年`: a span of years.
            let years = matches!(next, Some('—' | '-' | '至'))
                && all.get(k + 1).is_some_and(|n| {
                    n.start == r.end + 1 && n.text.len() == 4 && cs.get(n.end) == Some(&'年')
                });
            !generation && !years && !next.is_some_and(|c| c.is_ascii_alphabetic())
        } else if r.text.contains("分之") {
            true
        } else {
            let after = rest.trim_start_matches(['多', '余']);
            let measured = MEASURE.iter().any(|m| after.starts_with(m));
            let magnitude_only = r.text.chars().all(|c| c == '万' || c == '亿');
            let lone_one = r.text == "一" && !after.starts_with('倍');
            measured && !magnitude_only && !lone_one
        };
        if counts {
            out.push(r.text.clone());
        }
    }
    out
}

/// Sentences as a reader splits them: after 。！？ and the closing quotes that
/// follow, and at the paragraph's end.
fn sentences(paragraph: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let cs: Vec<char> = paragraph.chars().collect();
    let mut i = 0;
    while i < cs.len() {
        current.push(cs[i]);
        if "。！？".contains(cs[i]) {
            while i + 1 < cs.len() && "。！？”’".contains(cs[i + 1]) {
                i += 1;
                current.push(cs[i]);
            }
            out.push(std::mem::take(&mut current));
        }
        i += 1;
    }
    out.push(current);
    out.into_iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
}

fn texts(article: &Article) -> Vec<&str> {
    std::iter::once(article.lead.as_str())
        .chain(article.sections.iter().flat_map(|s| s.paragraphs.iter().map(String::as_str)))
        .collect()
}

/// How many of the article's numbers the drafts hold, of how many, and the
/// ones they miss.
fn coverage(article: &Article, drafts: &Drafts) -> (usize, usize, Vec<String>) {
    let mut counted: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for text in texts(article) {
        for s in sentences(text) {
            let q = quantities(&s);
            counted.entry(s).or_default().extend(q);
        }
    }
    let (mut held, mut total, mut missed) = (0, 0, Vec::new());
    for (sentence, numbers) in &counted {
        let mut shown: Vec<String> = drafts
            .figures
            .iter()
            .filter(|f| &f.quote == sentence)
            .flat_map(|f| runs(&f.display).into_iter().map(|r| r.text))
            .collect();
        for n in numbers {
            total += 1;
            match shown.iter().position(|s| s == n) {
                Some(at) => {
                    shown.remove(at);
                    held += 1;
                }
                None => missed.push(format!("{n} in {sentence}")),
            }
        }
    }
    (held, total, missed)
}

fn assert_quotes_are_sentences(name: &str, article: &Article, drafts: &Drafts) {
    let all: Vec<String> = texts(article).into_iter().flat_map(sentences).collect();
    for f in &drafts.figures {
        assert!(all.contains(&f.quote), "{name}: `{}` quotes no sentence: {}", f.id, f.quote);
    }
}

fn fixtures() -> Vec<(String, Article)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let mut found: Vec<(String, Article)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".expected.json"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            let article =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (p.file_name().unwrap().to_string_lossy().replace(".expected.json", ""), article)
        })
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found
}

fn seed() -> Article {
    fixtures()
        .into_iter()
        .find(|(n, _)| n == "jiangmen-hightech-zone-2024")
        .expect("the seed's fixture")
        .1
}

#[test]
fn the_counter_counts_what_a_reader_would() {
    let s = "2024年2月18日，园区3个项目超15.7亿元，90后占五分之一，5G覆盖，一个地方，第十四次，两三百元，七百多年。";
    assert_eq!(quantities(s), ["3", "15.7", "五分之一", "两三百", "七百"]);
}

#[test]
fn the_drafts_hold_nine_in_ten_numbers_of_every_fixture_article() {
    let mut report = Vec::new();
    for (name, article) in fixtures() {
        let drafts = draft(&article);
        assert_quotes_are_sentences(&name, &article, &drafts);
        let (held, total, missed) = coverage(&article, &drafts);
        assert!(total >= 10, "{name}: only {total} numbers counted");
        let share = held as f64 / total as f64;
        report.push(format!(
            "{name}: {held}/{total} ({:.1}%), {} drafts",
            share * 100.0,
            drafts.figures.len()
        ));
        assert!(
            share >= 0.9,
            "{name}: the drafts hold {held} of {total} numbers; missed: {missed:#?}"
        );
    }
    eprintln!("{}", report.join("\n"));
}

#[test]
fn the_drafts_find_the_seeds_hand_made_figures() {
    let text = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/content/article/figures.toml"));
    let (reference, _) = crate::figures::load(text, &["zh".into()]);
    let reference = reference.expect("the seed's figures load").figures;
    assert_eq!(reference.len(), 43);
    let drafts = draft(&seed());
    let missed: Vec<&str> = reference
        .iter()
        .filter(|r| {
            let number: Vec<String> = runs(&r.shown("zh")).into_iter().map(|r| r.text).collect();
            !drafts.figures.iter().any(|d| {
                d.quote == r.quote["zh"]
                    && ((d.value == r.value && d.unit == r.unit["zh"])
                        || runs(&d.display).iter().any(|n| number.contains(&n.text)))
            })
        })
        .map(|r| r.id.as_str())
        .collect();
    eprintln!(
        "seed: {} of {} hand-made figures found, {} drafts",
        43 - missed.len(),
        43,
        drafts.figures.len()
    );
    assert!(missed.is_empty(), "drafts miss the hand-made figures {missed:?}");
}
