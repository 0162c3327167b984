//! Which paragraph each photo belongs after.
//!
//! Takes the captions and the body's paragraphs; returns, per caption, the index of
//! the paragraph that talks about the same thing, or `None` for a caption that matches
//! nothing well enough (a short label like `高新创智城`: that photo goes to the photo
//! list only). Pure, no I/O. Invariant: the answer depends on the texts alone, never on
//! the order the photos were printed in.
//!
//! Similarity is the share of the caption's character pairs (bigrams) that occur in
//! the paragraph, each pair weighted by how rare it is among the paragraphs, so that
//! words every paragraph repeats (the place's name) count little. A paragraph must also
//! share at least one run of three characters with the caption: two pairs that are
//! common on their own (`高新` + `产业`) are not a match.

use std::collections::{HashMap, HashSet};

use super::Caption;
use super::text::is_wide_letter;

/// The weighted share of a caption's bigrams that a paragraph must contain.
const MIN_SCORE: f32 = 0.5;

/// Characters that carry content; punctuation and spaces cut the text into runs.
fn is_content(c: char) -> bool {
    is_wide_letter(c) || c.is_ascii_alphanumeric()
}

/// The runs of content characters of a text.
fn runs(text: &str) -> Vec<Vec<char>> {
    let mut out = vec![Vec::new()];
    for c in text.chars() {
        if is_content(c) {
            out.last_mut().expect("never empty").push(c);
        } else if !out.last().expect("never empty").is_empty() {
            out.push(Vec::new());
        }
    }
    out.retain(|run| !run.is_empty());
    out
}

fn ngrams(text: &str, n: usize) -> HashSet<String> {
    runs(text).iter().flat_map(|run| run.windows(n).map(|w| w.iter().collect::<String>()).collect::<Vec<_>>()).collect()
}

/// For each caption, the paragraph it belongs after, if any.
pub fn place(captions: &[Caption], paragraphs: &[&str]) -> Vec<Option<usize>> {
    let para_bigrams: Vec<HashSet<String>> = paragraphs.iter().map(|p| ngrams(p, 2)).collect();
    let mut df: HashMap<&str, usize> = HashMap::new();
    for set in &para_bigrams {
        for bigram in set {
            *df.entry(bigram.as_str()).or_default() += 1;
        }
    }
    let n = paragraphs.len() as f32;
    let weight = |bigram: &str| (1.0 + n / (1.0 + *df.get(bigram).unwrap_or(&0) as f32)).ln();
    captions
        .iter()
        .map(|caption| {
            let bigrams = ngrams(&caption.text, 2);
            let total: f32 = bigrams.iter().map(|b| weight(b)).sum();
            if total == 0.0 {
                return None;
            }
            let trigrams = ngrams(&caption.text, 3);
            let mut best: Option<(usize, f32)> = None;
            for (i, paragraph) in paragraphs.iter().enumerate() {
                if !trigrams.iter().any(|t| paragraph.contains(t.as_str())) {
                    continue;
                }
                let shared: f32 = bigrams.iter().filter(|b| para_bigrams[i].contains(*b)).map(|b| weight(b)).sum();
                let score = shared / total;
                // Ties go to the earlier paragraph, so the answer does not depend on
                // floating-point noise in the order of a hash set.
                if score >= MIN_SCORE && best.is_none_or(|(_, s)| score > s + 1e-6) {
                    best = Some((i, score));
                }
            }
            best.map(|(i, _)| i)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caption(text: &str) -> Caption {
        Caption { text: text.to_owned(), credit: "某某/摄".to_owned() }
    }

    #[test]
    fn a_caption_goes_after_the_paragraph_that_says_the_same() {
        let paragraphs = [
            "江门高新区今年引进项目二十个，江门高新区发展势头良好。",
            "在江门高新区的产业园里，新建的厂房整齐排列，工人们正忙着安装设备。",
            "江门高新区还将继续优化营商环境。",
        ];
        let placed = place(&[caption("产业园里新建的厂房整齐排列。")], &paragraphs);
        assert_eq!(placed, vec![Some(1)]);
    }

    #[test]
    fn a_short_label_that_matches_nothing_is_not_placed() {
        let paragraphs = ["江门高新区今年引进项目二十个。", "高新区的产业发展势头良好，创新产品不断涌现。"];
        assert_eq!(place(&[caption("高新创智城"), caption("高新产业港")], &paragraphs), vec![None, None]);
    }

    #[test]
    fn a_label_named_in_one_paragraph_is_placed_there() {
        let paragraphs = ["江门高新区今年引进项目二十个。", "站在招商中心楼顶，放眼四周，塔吊林立。"];
        assert_eq!(place(&[caption("招商中心")], &paragraphs), vec![Some(1)]);
    }

    #[test]
    fn no_paragraphs_places_nothing() {
        assert_eq!(place(&[caption("招商中心"), caption("")], &[]), vec![None, None]);
    }
}
#[cfg(test)]
mod debug_scores {
    use super::*;
    #[test]
    #[ignore]
    fn print_scores() {
        let path = std::env::var("RAW").unwrap();
        let article = crate::import::parse(&std::fs::read_to_string(path).unwrap()).unwrap();
        let paragraphs: Vec<&str> = article.sections.iter().flat_map(|s| s.paragraphs.iter().map(String::as_str)).collect();
        let para_bigrams: Vec<HashSet<String>> = paragraphs.iter().map(|p| ngrams(p, 2)).collect();
        let mut df: HashMap<&str, usize> = HashMap::new();
        for set in &para_bigrams { for b in set { *df.entry(b.as_str()).or_default() += 1; } }
        let n = paragraphs.len() as f32;
        let weight = |b: &str| (1.0 + n / (1.0 + *df.get(b).unwrap_or(&0) as f32)).ln();
        for c in &article.captions {
            let bigrams = ngrams(&c.text, 2);
            let total: f32 = bigrams.iter().map(|b| weight(b)).sum();
            let tri = ngrams(&c.text, 3);
            let mut scores: Vec<(f32, usize, bool)> = paragraphs.iter().enumerate().map(|(i, p)| {
                let shared: f32 = bigrams.iter().filter(|b| para_bigrams[i].contains(*b)).map(|b| weight(b)).sum();
                (shared / total, i, tri.iter().any(|t| p.contains(t.as_str())))
            }).collect();
            scores.sort_by(|a, b| b.0.total_cmp(&a.0));
            println!("{}", c.text);
            for (s, i, t) in scores.iter().take(3) { println!("   {s:.2} {t} {}", &paragraphs[*i].chars().take(30).collect::<String>()); }
        }
    }
}
