//! The words around a number: units, magnitudes, qualifiers, idioms.
//!
//! Lists of Chinese usage, not of any article: what may follow a numeral as its
//! unit, which words before it belong to what it says (超, 约, 不到), and which
//! fixed phrases hold numerals that count nothing. Pure data and two lookups.

use std::ops::Range;

/// Units and measure words that may follow a number. The longest match wins,
/// so `个月` beats `个` and `人次` beats `人`.
pub(super) const UNITS: &[&str] = &[
    // area, length, volume, weight, energy
    "平方公里",
    "平方千米",
    "平方米",
    "立方米",
    "公顷",
    "公里",
    "千米",
    "厘米",
    "毫米",
    "米",
    "亩",
    "吨",
    "公斤",
    "千克",
    "克",
    "斤",
    "千瓦时",
    "千瓦",
    "兆瓦",
    "瓦",
    "度",
    // money
    "美元",
    "欧元",
    "港元",
    "元",
    // shares, multiples, ranks
    "个百分点",
    "百分点",
    "%",
    "％",
    "‰",
    "成",
    "倍",
    "强",
    // people and things
    "人次",
    "户次",
    "架次",
    "人",
    "名",
    "位",
    "户",
    "家",
    "个",
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
    "艘",
    "架",
    "套",
    "张",
    "把",
    "株",
    "棵",
    "只",
    "种",
    "类",
    "批",
    "组",
    "支",
    "处",
    "栋",
    "幢",
    "层",
    "届",
    "期",
    "轮",
    "部",
    "本",
    "篇",
    "幅",
    "块",
    "片",
    "根",
    "枚",
    "颗",
    "包",
    "箱",
    "盒",
    "瓶",
    "杯",
    "碗",
    "道",
    "堂",
    "站",
    "维",
    // time and age
    "个月",
    "个小时",
    "个季度",
    "小时",
    "分钟",
    "秒",
    "周年",
    "周岁",
    "岁",
    "年",
    "周",
    "天",
];

/// Written between Arabic digits and their unit: `15.7亿元`, `8000万元`.
pub(super) const MAGNITUDES: &[&str] = &["万亿", "千万", "百万", "万", "亿"];

/// Units written in Latin letters; other letters after digits make a name (5G).
pub(super) const LATIN_UNITS: &[&str] =
    &["GWh", "MWh", "kWh", "Wh", "GW", "MW", "kW", "km²", "km", "kg", "cm", "mm", "m²", "m³", "m"];

/// Said after the unit, and part of what the number says.
pub(super) const AFTER: &[&str] = &["以上", "以下", "以内", "左右", "多", "余"];

/// Qualifiers before a number, with the characters that, written just before
/// them, make another word of them (最近 is "recently", 节约 "save", 不仅 "not
/// only"). 上, 几 and 数 only qualify round Chinese numbers (上千, 几十, 数百).
const PREFIXES: &[(&str, &str)] = &[
    ("超过", ""),
    ("多达", ""),
    ("高达", ""),
    ("将近", ""),
    ("接近", ""),
    ("不到", ""),
    ("不足", ""),
    ("至少", ""),
    ("最多", ""),
    ("大约", ""),
    ("突破", ""),
    ("超", "赶高"),
    ("近", "最附接亲邻靠贴临将"),
    ("约", "节简制契预特邀公条婚相大"),
    ("仅", "不非"),
    ("逾", ""),
    ("上", ""),
    ("几", ""),
    ("数", "总人次指倍系参变岁分函页点位字少多"),
];

/// How many characters of qualifier end `head` (the text before a number).
pub(super) fn prefix_allowed(head: &str, round_chinese: bool) -> Option<usize> {
    PREFIXES
        .iter()
        .filter(|(p, _)| head.ends_with(p))
        .filter(|(p, _)| round_chinese || !matches!(*p, "上" | "几" | "数"))
        .find(|(p, not_after)| {
            let before = head[..head.len() - p.len()].chars().next_back();
            !before.is_some_and(|c| not_after.contains(c))
        })
        .map(|(p, _)| p.chars().count())
}

/// Fixed phrases and words whose numerals count nothing (四周 and 四处 are
/// "all around", not four weeks or four places).
const IDIOMS: &[&str] = &[
    "千家万户",
    "三番五次",
    "百家争鸣",
    "三天两头",
    "百年大计",
    "千千万万",
    "四周",
    "四处",
    "四面八方",
];

/// Whether `span` of `sentence` lies in one of the [`IDIOMS`].
pub(super) fn is_idiom_at(sentence: &str, span: &Range<usize>) -> bool {
    IDIOMS.iter().any(|idiom| {
        sentence.match_indices(idiom).any(|(at, _)| at < span.end && span.start < at + idiom.len())
    })
}
