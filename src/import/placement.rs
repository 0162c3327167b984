//! Which paragraph each photo belongs after.
//!
//! Takes the captions and the body's paragraphs; returns, per caption, the index of
//! the paragraph that talks about the same thing, or `None` for a caption that matches
//! nothing well enough (a short label like `高新创智城`: that photo goes to the photo
//! list only). Pure, no I/O. Invariant: the answer depends on the texts alone, never on
//! the order the photos were printed in.
//!
//! The evidence that a caption talks about a paragraph is the runs of three characters
//! (trigrams) they share, each weighted by how rare it is among the paragraphs: a
//! phrase only one paragraph has (`持续优化提升`, `招商中心`) says where the photo
//! belongs; the place's name, which every paragraph repeats, says nothing. Pairs of
//! characters are too weak (`高新` + `产业` make no `高新产业港`), and a caption's
//! words that no paragraph uses are no evidence either way, so a long caption that adds
//! facts of its own still finds its paragraph.

use std::collections::{HashMap, HashSet};

use super::Caption;
use super::text::is_wide_letter;

/// Evidence needed to place a photo, in trigrams found in one paragraph only: one
/// distinctive trigram is chance, a distinctive four-character phrase is not.
const MIN_EVIDENCE: f32 = 1.5;

/// Characters that carry content; punctuation and spaces cut the text into runs.
fn is_content(c: char) -> bool {
    is_wide_letter(c) || c.is_ascii_alphanumeric()
}

/// The trigrams of a text, taken inside its runs of content characters.
fn trigrams(text: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    let mut run: Vec<char> = Vec::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if is_content(c) {
            run.push(c);
        } else {
            out.extend(run.windows(3).map(|w| w.iter().collect::<String>()));
            run.clear();
        }
    }
    out
}

/// For each caption, the paragraph it belongs after, if any.
pub fn place(captions: &[Caption], paragraphs: &[&str]) -> Vec<Option<usize>> {
    let para_trigrams: Vec<HashSet<String>> = paragraphs.iter().map(|p| trigrams(p)).collect();
    let mut df: HashMap<&str, usize> = HashMap::new();
    for set in &para_trigrams {
        for trigram in set {
            *df.entry(trigram.as_str()).or_default() += 1;
        }
    }
    let n = paragraphs.len() as f32;
    // ln((n+1)/df): a trigram in one paragraph weighs ln(n+1), one in all nearly 0.
    let weight = |t: &str| df.get(t).map_or(0.0, |df| ((n + 1.0) / *df as f32).ln());
    let needed = MIN_EVIDENCE * (n + 1.0).ln();
    captions
        .iter()
        .map(|caption| {
            let mut caption_trigrams: Vec<String> = trigrams(&caption.text).into_iter().collect();
            // Summing in a fixed order keeps the floating-point result reproducible.
            caption_trigrams.sort();
            let mut best: Option<(usize, f32)> = None;
            for (i, set) in para_trigrams.iter().enumerate() {
                let evidence: f32 =
                    caption_trigrams.iter().filter(|t| set.contains(*t)).map(|t| weight(t)).sum();
                // Ties go to the earlier paragraph.
                if evidence >= needed && best.is_none_or(|(_, e)| evidence > e) {
                    best = Some((i, evidence));
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
        let paragraphs =
            ["江门高新区今年引进项目二十个。", "高新区的产业发展势头良好，创新产品不断涌现。"];
        assert_eq!(
            place(&[caption("高新创智城"), caption("高新产业港")], &paragraphs),
            vec![None, None]
        );
    }

    #[test]
    fn a_label_named_in_one_paragraph_is_placed_there() {
        let paragraphs =
            ["江门高新区今年引进项目二十个。", "站在招商中心楼顶，放眼四周，塔吊林立。"];
        assert_eq!(place(&[caption("招商中心")], &paragraphs), vec![Some(1)]);
    }

    #[test]
    fn no_paragraphs_places_nothing() {
        assert_eq!(place(&[caption("招商中心"), caption("")], &[]), vec![None, None]);
    }
}
