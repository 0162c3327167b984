//! A draft figure's label: the clause that says what its number counts.
//!
//! In: a sentence and its numbers. Out: for one of them, the clause it stands
//! in (or, in a list such as `停车场5个、厕所12座`, its own item), with the
//! numbers taken out and the words that only lead up to a number (据统计, 其中,
//! a closing 达 or 为) trimmed. An editor reviews every label; this one only
//! has to name the right thing. Never empty. Pure.

use std::ops::Range;

use super::numbers::Mention;
use super::sentences::clauses;

/// Openers that say where a number comes from, not what it counts.
const LEADING: &[&str] = &[
    "据统计",
    "据了解",
    "据悉",
    "据介绍",
    "据测算",
    "其中",
    "此外",
    "另外",
    "同时",
    "目前",
    "如今",
    "当前",
];

/// Words that lead up to the number they were printed before.
const TRAILING: &[&str] = &["达到", "约为", "分别为", "分别", "达", "为", "约", "共", "的", "了"];

/// Words that end in one of [`TRAILING`] but mean something of their own.
const WHOLE: &[&str] = &[
    "成为", "作为", "认为", "称为", "因为", "行为", "以为", "为了", "除了", "发达", "表达", "传达",
    "到达", "抵达", "送达",
];

/// Trimmed from both ends of a label.
const EDGE_PUNCTUATION: &str = "、，。；：！？,.;:!?…—-·~～ ";

/// The label of `mentions[which]` in `sentence`.
pub fn label(sentence: &str, mentions: &[Mention], which: usize) -> String {
    let at = mentions[which].span.start;
    let parts = clauses(sentence);
    let Some(here) = parts.iter().position(|c| c.start <= at && at < c.end) else {
        return fallback(sentence, mentions, which);
    };
    let own = tidy(&without(sentence, item(sentence, &parts[here], mentions, at), mentions));
    if own.chars().count() >= 2 {
        return own;
    }
    // `两年前，这里曾……`: the clause after says what the number is about.
    let neighbours = [here + 1, here.wrapping_sub(1)];
    neighbours
        .iter()
        .filter_map(|&i| parts.get(i))
        .map(|c| tidy(&without(sentence, c.clone(), mentions)))
        .find(|l| l.chars().count() >= 2)
        .unwrap_or_else(|| fallback(sentence, mentions, which))
}

/// The whole sentence without its numbers, or else the number itself.
fn fallback(sentence: &str, mentions: &[Mention], which: usize) -> String {
    let all = tidy(&without(sentence, 0..sentence.len(), mentions));
    if all.is_empty() { sentence[mentions[which].span.clone()].to_string() } else { all }
}

/// The item of a list that holds the number at `at`, when every item of the
/// clause holds a number; else the whole clause (`甲、乙分别增长5%、7%`).
fn item(sentence: &str, clause: &Range<usize>, mentions: &[Mention], at: usize) -> Range<usize> {
    let text = &sentence[clause.clone()];
    let mut items = Vec::new();
    let mut start = clause.start;
    for (i, _) in text.match_indices('、') {
        items.push(start..clause.start + i);
        start = clause.start + i + '、'.len_utf8();
    }
    items.push(start..clause.end);
    let holds =
        |r: &Range<usize>| mentions.iter().any(|m| r.start <= m.span.start && m.span.start < r.end);
    if items.len() > 1
        && items.iter().all(holds)
        && let Some(own) = items.into_iter().find(|r| r.start <= at && at < r.end)
    {
        return own;
    }
    clause.clone()
}

/// The text of `range` with every number in it cut out.
fn without(sentence: &str, range: Range<usize>, mentions: &[Mention]) -> String {
    let mut out = String::new();
    let mut from = range.start;
    for m in mentions.iter().filter(|m| range.start <= m.span.start && m.span.end <= range.end) {
        out.push_str(&sentence[from..m.span.start]);
        from = m.span.end;
    }
    out.push_str(&sentence[from..range.end]);
    out
}

/// Trims punctuation, lone quotes, openers and lead-up words until none is left.
fn tidy(text: &str) -> String {
    let mut s = text.to_string();
    loop {
        let before = s.clone();
        s = s.trim_matches(|c| EDGE_PUNCTUATION.contains(c)).to_string();
        s = drop_lone_marks(&s);
        if let Some(rest) = LEADING.iter().find_map(|w| s.strip_prefix(w)) {
            s = rest.to_string();
        }
        if let Some(rest) = s.strip_prefix('的') {
            s = rest.to_string();
        }
        if !WHOLE.iter().any(|w| s.ends_with(w))
            && let Some(rest) = TRAILING.iter().find_map(|w| s.strip_suffix(w))
        {
            s = rest.to_string();
        }
        if s == before {
            return s;
        }
    }
}

/// Drops quotation marks and brackets left without their partner when the
/// clause was cut out of its sentence (`“力争增长` → `力争增长`), or left
/// around nothing when the number was all they held (`“”的格局` → `的格局`).
fn drop_lone_marks(s: &str) -> String {
    const PAIRS: &[(char, char)] =
        &[('“', '”'), ('‘', '’'), ('「', '」'), ('《', '》'), ('（', '）'), ('(', ')')];
    let mut s = s.to_string();
    for &(open, close) in PAIRS {
        s = s.replace(&format!("{open}{close}"), "");
        match (s.contains(open), s.contains(close)) {
            (true, false) => s.retain(|c| c != open),
            (false, true) => s.retain(|c| c != close),
            _ => {}
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::super::numbers::mentions;
    use super::*;

    fn labels(sentence: &str) -> Vec<String> {
        let found = mentions(sentence);
        (0..found.len()).map(|i| label(sentence, &found, i)).collect()
    }

    #[test]
    fn the_clause_without_its_number_and_lead_up_words() {
        assert_eq!(
            labels("据统计，目前园区共引进项目超170个，其中亿元以上项目108个，投资额超610亿元。"),
            ["园区共引进项目", "亿元以上项目", "投资额"]
        );
        assert_eq!(
            labels("占地区生产总值比重达5.2%，是全市平均水平的2.2倍。"),
            ["占地区生产总值比重", "是全市平均水平"]
        );
    }

    #[test]
    fn items_of_a_list_get_their_own_labels() {
        assert_eq!(
            labels("新建服务中心1个、停车场5个、公共厕所12座。"),
            ["新建服务中心", "停车场", "公共厕所"]
        );
        // Values listed after their subjects share the clause.
        assert_eq!(
            labels("家电、医药产值分别增长23.4%、7.5%。"),
            ["家电、医药产值分别增长", "家电、医药产值分别增长"]
        );
    }

    #[test]
    fn a_clause_of_only_a_number_borrows_the_next_one() {
        assert_eq!(labels("很难想象，两年前，这里曾鱼塘密布。"), ["这里曾鱼塘密布"]);
        assert_eq!(labels("“力争增长6%，工业增长6%”的目标。"), ["力争增长", "工业增长的目标"]);
        assert_eq!(labels("5家。"), ["5家"]);
        assert_eq!(labels("“五维一体”的格局其势已成。"), ["格局其势已成"]);
    }
}
