//! One generated article: in go the tool, the language, the article's number k
//! and the article count N; out comes the Markdown file (front matter and body).
//! Invariant: article k is the same text at any N (only its "next" link wraps
//! around to article 1), its body is at least `TARGET_BODY_BYTES` long, and its
//! shape is the same in both languages: three headings (the first with the id
//! `overview`), a four-item list, a four-row table, links to the previous and
//! next articles, an external link and the shared image.

use super::Tool;
use super::links::link_target;
use super::pages::{FrontMatter, article_date, slug};
use super::text::{LIST, Lang, ROWS, SENTENCES, TARGET_BODY_BYTES, TOPICS};
use super::wrap::{Part, wrap};

/// A small deterministic LCG, so the text never depends on a hash seed.
struct Rng {
    state: u32,
}

impl Rng {
    fn new(seed: usize) -> Rng {
        Rng { state: (seed as u32).wrapping_mul(2_654_435_761).wrapping_add(12_345) }
    }

    fn next(&mut self, bound: usize) -> usize {
        self.state = self.state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        (self.state >> 8) as usize % bound
    }
}

/// The sentence pool in a shuffled order, read in turn: no sentence repeats
/// before the pool is used up.
struct Sentences {
    pool: &'static [&'static str; 20],
    order: Vec<usize>,
    cursor: usize,
}

impl Sentences {
    fn new(lang: Lang, k: usize) -> Sentences {
        let mut rng = Rng::new(k);
        let mut order: Vec<usize> = (0..20).collect();
        for i in (1..order.len()).rev() {
            let j = rng.next(i + 1);
            order.swap(i, j);
        }
        Sentences { pool: SENTENCES.get(lang), order, cursor: 0 }
    }

    fn take(&mut self, count: usize) -> Vec<&'static str> {
        let taken = (0..count).map(|i| self.pool[self.order[(self.cursor + i) % self.order.len()]]);
        let taken = taken.collect();
        self.cursor += count;
        taken
    }
}

/// A paragraph of whole sentences: each its own part in Chinese, one run of
/// words in English.
fn paragraph(lang: Lang, sentences: &[&str]) -> Vec<Part> {
    match lang {
        Lang::Zh => sentences.iter().map(|s| Part::text(s)).collect(),
        Lang::En => vec![Part::Text(sentences.join(" "))],
    }
}

/// The language-specific words of article k.
struct Wording {
    title: String,
    description: String,
    headings: [&'static str; 3],
    table_head: &'static str,
    links: Vec<Part>,
    alt: String,
}

/// The articles k links to: the one before and the one after, wrapping around.
struct Neighbours {
    prev: usize,
    next: usize,
}

fn neighbour_targets(tool: Tool, lang: Lang, near: &Neighbours) -> [String; 2] {
    [
        link_target(tool, lang, &format!("posts/{}.md", slug(near.prev)), None),
        link_target(tool, lang, &format!("posts/{}.md", slug(near.next)), Some("overview")),
    ]
}

fn zh_wording(tool: Tool, k: usize, near: &Neighbours) -> Wording {
    let topic = TOPICS.zh[(k - 1) % TOPICS.zh.len()];
    let [prev, next] = neighbour_targets(tool, Lang::Zh, near);
    let links = vec![
        Part::text("相关报道见"),
        Part::link(&format!("第{}篇", near.prev), &prev),
        Part::text("和"),
        Part::link(&format!("第{}篇的概况", near.next), &next),
        Part::text("，数据来源于"),
        // Hard-wrapped text breaks lines next to links too: here on both sides.
        Part::Break,
        Part::link("国家统计局", "https://www.stats.gov.cn/"),
        Part::Break,
        Part::text("及高新区管委会公开资料。"),
    ];
    Wording {
        title: format!("高新区观察第{k}篇：{topic}"),
        description: format!("第{k}篇报道，关注{topic}。"),
        headings: ["发展概况 {#overview}", "主要数据", "未来展望"],
        table_head: "| 指标 | 数值 | 同比 |",
        links,
        alt: format!("第{k}篇配图：高新区园区鸟瞰"),
    }
}

fn en_wording(tool: Tool, k: usize, near: &Neighbours) -> Wording {
    let topic = TOPICS.en[(k - 1) % TOPICS.en.len()];
    let [prev, next] = neighbour_targets(tool, Lang::En, near);
    let links = vec![
        Part::text("See also"),
        Part::link(&format!("report {}", near.prev), &prev),
        Part::text("and"),
        Part::link(&format!("the overview of report {}", near.next), &next),
        Part::text("; the figures come from"),
        Part::link("the National Bureau of Statistics", "https://www.stats.gov.cn/"),
        Part::text("and the zone's own reports."),
    ];
    Wording {
        title: format!("High-tech Zone Watch No. {k}: {topic}"),
        description: format!("Report {k} in the series, on {}.", topic.to_lowercase()),
        headings: ["Overview {#overview}", "Key figures", "Outlook"],
        table_head: "| Indicator | Value | Change |",
        links,
        alt: format!("Illustration for report {k}: the zone from the air"),
    }
}

/// Four rows of figures that vary with k; the change has one decimal place.
fn table(lang: Lang, k: usize, head: &str) -> String {
    let rows = ROWS.get(lang);
    let topic = (k - 1) % TOPICS.zh.len();
    let mut lines = vec![head.to_string(), "| --- | --- | --- |".to_string()];
    for i in 0..4 {
        let value = 100 + (k * 37 + i * 11) % 900;
        let tenths = (k * 13 + i * 7) % 200;
        let row = rows[(topic + i) % rows.len()];
        lines.push(format!("| {row} | {value} | {}.{}% |", tenths / 10, tenths % 10));
    }
    lines.join("\n")
}

fn list(lang: Lang, k: usize) -> String {
    let items = LIST.get(lang);
    let topic = (k - 1) % TOPICS.zh.len();
    (0..4).map(|i| format!("- {}", items[(topic + i) % items.len()])).collect::<Vec<_>>().join("\n")
}

/// Article k of n in `lang`, as `tool` reads it.
pub fn article(tool: Tool, lang: Lang, k: usize, n: usize) -> String {
    let near =
        Neighbours { prev: if k > 1 { k - 1 } else { n }, next: if k < n { k + 1 } else { 1 } };
    let words = match lang {
        Lang::Zh => zh_wording(tool, k, &near),
        Lang::En => en_wording(tool, k, &near),
    };
    let mut sentences = Sentences::new(lang, k);
    let blocks = [
        wrap(lang, &paragraph(lang, &sentences.take(3))),
        format!("## {}", words.headings[0]),
        wrap(lang, &paragraph(lang, &sentences.take(3))),
        list(lang, k),
        format!("## {}", words.headings[1]),
        table(lang, k, words.table_head),
        wrap(lang, &words.links),
        format!("![{}](/images/bench.png)", words.alt),
        format!("## {}", words.headings[2]),
    ]
    .join("\n\n");
    // The last paragraph grows until the body reaches the target size.
    let mut last = Vec::new();
    let body = loop {
        last.extend(sentences.take(1));
        let body = format!("{blocks}\n\n{}\n", wrap(lang, &paragraph(lang, &last)));
        if body.len() >= TARGET_BODY_BYTES {
            break body;
        }
    };
    let front = FrontMatter {
        title: &words.title,
        description: &words.description,
        date: Some(article_date(k)),
        weight: Some(k),
        extra: None,
    };
    format!("{}\n{body}", front.render())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_article_uses_every_sentence_once_before_repeating() {
        for k in [1, 2, 77] {
            let mut sentences = Sentences::new(Lang::En, k);
            let mut first: Vec<&str> = sentences.take(20);
            first.sort_unstable();
            first.dedup();
            assert_eq!(first.len(), 20, "article {k}");
        }
    }

    #[test]
    fn articles_differ_in_their_sentence_order() {
        let order = |k| Sentences::new(Lang::Zh, k).order;
        assert_ne!(order(1), order(2));
        assert_eq!(order(9), order(9));
    }

    #[test]
    fn the_table_shows_one_decimal_place_even_for_whole_numbers() {
        // k = 10: (130 + 7i) % 200 gives 130, 137, 144, 151 tenths.
        let table = table(Lang::En, 10, "| h |");
        assert!(table.ends_with("| 15.1% |"), "{table}");
        // k = 20: 260 % 200 = 60 tenths, a whole 6.0.
        let table = super::table(Lang::En, 20, "| h |");
        assert!(table.lines().nth(2).unwrap().ends_with("| 6.0% |"), "{table}");
    }

    #[test]
    fn the_last_article_links_around_to_the_first() {
        let text = article(Tool::Broadsheet, Lang::En, 4, 4);
        assert!(text.contains("[report 3](@/posts/post-00003.md)"), "{text}");
        assert!(text.contains("(@/posts/post-00001.md#overview)"), "{text}");
        let first = article(Tool::Broadsheet, Lang::En, 1, 4);
        assert!(first.contains("[report 4](@/posts/post-00004.md)"), "{first}");
    }

    #[test]
    fn bodies_reach_the_target_size_in_both_languages() {
        for lang in Lang::ALL {
            let text = article(Tool::Zola, lang, 5, 9);
            let body = text.split_once("+++\n\n").map(|(_, b)| b).unwrap_or_default();
            assert!((TARGET_BODY_BYTES..TARGET_BODY_BYTES + 400).contains(&body.len()), "{text}");
        }
    }
}
