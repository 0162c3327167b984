//! Which figures a home page shows when its article names none.
//!
//! In: an article's figures, drafted or reviewed, and how many to show. Out:
//! their ids, in the figures' order. The pick goes round the groups, so every
//! section has its turn before any has a second; within a turn it prefers what
//! a reader remembers (amounts, then shares and ranks, then multiples and
//! measures, then counts, then durations, ages, compounds and bare numbers),
//! reviewed figures over drafts, and of two of a kind the bigger (a section's
//! headline number is its largest sum, not its first). It never shows the same
//! number twice, nor a year. Deterministic. Pure.

use crate::figures::Figure;

/// What a figure's number is, as its unit tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// Money: `15.7亿元`.
    Amount,
    /// Per cent, per mille, tenths, percentage points, fractions.
    Share,
    /// `50强`.
    Rank,
    /// `2.2倍`.
    Multiple,
    /// Area, length, weight, energy, visits.
    Measure,
    /// People, firms, projects and other things counted.
    Count,
    Duration,
    Age,
    /// `1+3+2`.
    Compound,
    /// A number without a unit.
    Bare,
}

const MEASURES: &[&str] = &[
    "平方公里",
    "平方千米",
    "米",
    "公顷",
    "亩",
    "吨",
    "公斤",
    "千克",
    "克",
    "斤",
    "瓦",
    "瓦时",
    "度",
    "人次",
    "Wh",
    "W",
    "km",
    "km²",
    "kg",
    "m",
    "m²",
    "m³",
];
const TIMES: &[&str] = &["年", "月", "季度", "周", "天", "小时", "分钟", "秒"];

impl Kind {
    /// The kind of a number from its unit, and its display for compounds.
    pub fn of(unit: &str, display: &str) -> Kind {
        let unit = unit.trim();
        let ends = |list: &[&str]| list.iter().any(|u| unit.ends_with(u));
        match unit {
            _ if display.contains(['+', '＋']) => Kind::Compound,
            "" => Kind::Bare,
            "%" | "％" | "‰" | "成" | "百分点" | "个百分点" => Kind::Share,
            "强" => Kind::Rank,
            "倍" | "×" => Kind::Multiple,
            _ if unit.ends_with('元') || unit.contains("yuan") => Kind::Amount,
            _ if ends(&["岁", "周岁"]) => Kind::Age,
            _ if ends(TIMES) => Kind::Duration,
            _ if ends(MEASURES) => Kind::Measure,
            _ => Kind::Count,
        }
    }

    /// Lower is shown first.
    fn tier(self) -> u8 {
        match self {
            Kind::Amount => 0,
            Kind::Share | Kind::Rank => 1,
            Kind::Multiple | Kind::Measure => 2,
            Kind::Count => 3,
            Kind::Duration | Kind::Age | Kind::Compound => 4,
            Kind::Bare => 5,
        }
    }
}

/// The value in plain units, so that `8000万元` and `5亿元` compare.
fn magnitude(value: f64, unit: &str) -> f64 {
    let scale = match unit.chars().next() {
        Some('万') if unit.starts_with("万亿") => 1e12,
        Some('万') => 1e4,
        Some('亿') => 1e8,
        Some('千') if unit.starts_with("千万") => 1e7,
        Some('百') if unit.starts_with("百万") => 1e6,
        _ => 1.0,
    };
    value * scale
}

/// Up to `n` figure ids for a home page, read in `lang`.
pub fn highlights(figures: &[Figure], lang: &str, n: usize) -> Vec<String> {
    let text = |f: &Figure, field: &str| {
        let map = if field == "unit" { &f.unit } else { &f.display };
        map.get(lang).map_or(String::new(), Clone::clone)
    };
    let kind = |f: &Figure| Kind::of(&text(f, "unit"), &text(f, "display"));
    let key = |i: usize| {
        let f = &figures[i];
        (kind(f).tier(), !f.reviewed, magnitude(f.value, &text(f, "unit")), i)
    };
    let order = |a: &usize, b: &usize| {
        let (ka, kb) = (key(*a), key(*b));
        (ka.0, ka.1).cmp(&(kb.0, kb.1)).then(kb.2.total_cmp(&ka.2)).then(ka.3.cmp(&kb.3))
    };
    let is_year = |f: &Figure| {
        kind(f) == Kind::Duration
            && text(f, "unit") == "年"
            && f.value.fract() == 0.0
            && (1900.0..=2100.0).contains(&f.value)
    };
    let mut groups: Vec<&str> = Vec::new();
    for f in figures {
        if !groups.contains(&f.group.as_str()) {
            groups.push(&f.group);
        }
    }
    let mut picked: Vec<usize> = Vec::new();
    let mut shown: Vec<String> = Vec::new();
    while picked.len() < n {
        // Each group's best figure not yet shown; the best of those go first.
        let mut turn: Vec<usize> = groups
            .iter()
            .filter_map(|g| {
                (0..figures.len())
                    .filter(|&i| figures[i].group == *g && !picked.contains(&i))
                    .filter(|&i| !is_year(&figures[i]) && !shown.contains(&figures[i].shown(lang)))
                    .min_by(order)
            })
            .collect();
        if turn.is_empty() {
            break;
        }
        turn.sort_by(order);
        for i in turn.into_iter().take(n - picked.len()) {
            let s = figures[i].shown(lang);
            if !shown.contains(&s) {
                shown.push(s);
                picked.push(i);
            }
        }
    }
    picked.sort_unstable();
    picked.into_iter().map(|i| figures[i].id.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fig(id: &str, group: &str, value: f64, unit: &str, display: &str) -> Figure {
        let zh = |s: &str| [("zh".to_string(), s.to_string())].into_iter().collect();
        Figure {
            id: id.into(),
            group: group.into(),
            value,
            unit: zh(unit),
            display: zh(display),
            label: zh("标签"),
            quote: zh("句子。"),
            reviewed: false,
        }
    }

    #[test]
    fn kinds_from_units() {
        assert_eq!(Kind::of("亿元", "超15.7亿元"), Kind::Amount);
        assert_eq!(Kind::of("%", "超70%"), Kind::Share);
        assert_eq!(Kind::of("强", "50强"), Kind::Rank);
        assert_eq!(Kind::of("倍", "2.2倍"), Kind::Multiple);
        assert_eq!(Kind::of("万亩", "14万亩"), Kind::Measure);
        assert_eq!(Kind::of("万人次", "超12万人次"), Kind::Measure);
        assert_eq!(Kind::of("家", "5家"), Kind::Count);
        assert_eq!(Kind::of("个月", "3个月"), Kind::Duration);
        assert_eq!(Kind::of("岁", "76岁"), Kind::Age);
        assert_eq!(Kind::of("", "1+3+2"), Kind::Compound);
        assert_eq!(Kind::of("", "4"), Kind::Bare);
    }

    #[test]
    fn every_group_has_its_turn_and_amounts_come_before_counts() {
        let figures = [
            fig("a1", "a", 3.0, "个", "3个"),
            fig("a2", "a", 15.7, "亿元", "15.7亿元"),
            fig("a3", "a", 70.0, "%", "超70%"),
            fig("b1", "b", 700.0, "人", "700多人"),
            fig("c1", "c", 2.0, "年", "两年多"),
            fig("c2", "c", 50.0, "强", "50强"),
        ];
        assert_eq!(highlights(&figures, "zh", 3), ["a2", "b1", "c2"]);
        assert_eq!(highlights(&figures, "zh", 2), ["a2", "c2"]);
        assert_eq!(highlights(&figures, "zh", 4), ["a2", "a3", "b1", "c2"]);
        assert_eq!(highlights(&figures, "zh", 5), ["a2", "a3", "b1", "c1", "c2"]);
        assert_eq!(highlights(&figures, "zh", 0), Vec::<String>::new());
        assert_eq!(highlights(&figures, "zh", 99).len(), figures.len());
    }

    #[test]
    fn the_biggest_sum_of_a_group_is_its_headline() {
        let figures = [
            fig("a1", "a", 5.0, "亿元", "5亿元"),
            fig("a2", "a", 610.0, "亿元", "超610亿元"),
            fig("a3", "a", 8000.0, "万元", "超8000万元"),
        ];
        assert_eq!(highlights(&figures, "zh", 1), ["a2"]);
        assert_eq!(highlights(&figures, "zh", 2), ["a1", "a2"], "5亿元 is more than 8000万元");
        assert_eq!(magnitude(8000.0, "万元"), 8e7);
    }

    #[test]
    fn reviewed_figures_first_no_number_twice_no_year() {
        let mut figures = [
            fig("a1", "a", 6.0, "%", "增长6%"),
            fig("a2", "a", 6.0, "%", "增长6%"),
            fig("a3", "a", 2024.0, "年", "2024年"),
            fig("a4", "a", 8.0, "%", "8%"),
        ];
        figures[3].reviewed = true;
        assert_eq!(highlights(&figures, "zh", 4), ["a1", "a4"]);
    }
}
