//! Article → the Markdown page that `content/<slug>/index.md` holds.
//!
//! Takes an [`Article`] and [`MarkdownOptions`]; returns the page: TOML front matter
//! between `+++` lines (title, description, template, and `[extra]` kicker, lead and
//! source), then the body with one paragraph per line, a blank line between blocks,
//! each section head as one `## HEADING | SUBHEADING` line, and each photo as a
//! `![](photo:photo-N)` line after the paragraph its caption talks about. Pure, no I/O.
//! Invariant: the text renders back exactly as cleaned: every character Markdown
//! would read as syntax is escaped, and front matter values are written by the `toml`
//! crate, never by hand.
//!
//! The lead is not repeated in the body: it is in `[extra].lead`, and the templates
//! show it.

use serde::Serialize;

use super::placement;
use super::{Article, Caption};

/// The description is the lead's first sentences, up to this many characters.
const MAX_DESCRIPTION: usize = 120;

/// What the page needs besides the article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownOptions {
    /// The raw extraction, relative to `content/` (`source/<file name>`).
    pub source: String,
    /// The template that renders the page.
    pub template: String,
    /// The article's first publication, when known (`--date`).
    pub date: Option<toml::value::Datetime>,
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        MarkdownOptions { source: String::new(), template: "article.html".to_owned(), date: None }
    }
}

/// Front matter, in the order the keys are written.
#[derive(Serialize)]
struct FrontMatter<'a> {
    title: &'a str,
    description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<toml::value::Datetime>,
    template: &'a str,
    extra: Extra<'a>,
}

#[derive(Serialize)]
struct Extra<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    kicker: Option<&'a str>,
    lead: &'a str,
    source: &'a str,
}

/// Writes the article as a Markdown page.
pub fn to_markdown(article: &Article, opts: &MarkdownOptions) -> String {
    let front = FrontMatter {
        title: &article.title,
        description: description(article),
        date: opts.date,
        template: &opts.template,
        extra: Extra {
            kicker: article.kicker.as_deref(),
            lead: &article.lead,
            source: &opts.source,
        },
    };
    let front =
        toml::to_string(&front).expect("front matter is plain strings, always serialisable");
    let mut blocks = Vec::new();
    let paragraphs: Vec<&str> =
        article.sections.iter().flat_map(|s| s.paragraphs.iter().map(String::as_str)).collect();
    let after = photos_after(&article.captions, &paragraphs);
    let mut index = 0;
    for section in &article.sections {
        if let Some(heading) = &section.heading {
            blocks.push(head_line(heading, section.subheading.as_deref()));
        }
        for paragraph in &section.paragraphs {
            blocks.push(escape(paragraph));
            blocks.extend(after[index].iter().map(|n| format!("![](photo:photo-{n})")));
            index += 1;
        }
    }
    format!("+++\n{front}+++\n\n{}\n", blocks.join("\n\n"))
}

/// The photos (1-based numbers) to set after each paragraph, in caption order.
fn photos_after(captions: &[Caption], paragraphs: &[&str]) -> Vec<Vec<usize>> {
    let mut after = vec![Vec::new(); paragraphs.len()];
    for (i, place) in placement::place(captions, paragraphs).into_iter().enumerate() {
        if let Some(p) = place {
            after[p].push(i + 1);
        }
    }
    after
}

/// `## HEADING | SUBHEADING`, which the site renders as one `<hgroup>`.
fn head_line(heading: &str, subheading: Option<&str>) -> String {
    // `#` inside a heading could close it (`## a #`); escape every one.
    let esc = |s: &str| escape(s).replace('#', "\\#");
    match subheading {
        Some(sub) => format!("## {} | {}", esc(heading), esc(sub)),
        None => format!("## {}", esc(heading)),
    }
}

/// Escapes the characters Markdown would read as syntax, so the text renders as is.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        // Emphasis, code, links, HTML, entities, tables, strike-through, escapes.
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&') {
            out.push('\\');
        }
        out.push(c);
    }
    // At the start of a line: a heading, a list item, a thematic break or a setext
    // underline, or an ordered list (`2024. `).
    if out.starts_with(['#', '-', '+', '=']) {
        out.insert(0, '\\');
    }
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && out[digits..].starts_with(['.', ')']) {
        out.insert(digits, '\\');
    }
    out
}

/// The lead's first sentences, at most [`MAX_DESCRIPTION`] characters, cut at a
/// sentence end; the first paragraph stands in for a missing lead.
fn description(article: &Article) -> String {
    let source = if article.lead.is_empty() {
        article.sections.iter().flat_map(|s| &s.paragraphs).next().map_or("", String::as_str)
    } else {
        &article.lead
    };
    let mut out = String::new();
    for sentence in sentences(source) {
        if out.chars().count() + sentence.chars().count() > MAX_DESCRIPTION {
            break;
        }
        out.push_str(sentence);
    }
    if out.is_empty() && !source.is_empty() {
        // One sentence longer than a description: cut at its last clause mark.
        let head: String = source.chars().take(MAX_DESCRIPTION - 1).collect();
        let cut = head.rfind(['，', '；', '、', ',', ';']).unwrap_or(head.len());
        out = format!("{}…", &head[..cut]);
    }
    out
}

/// Splits text after each sentence end (`。！？…`), keeping closing quotes with it.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut ended = false;
    for (i, c) in text.char_indices() {
        let closing = matches!(c, '”' | '’' | '」' | '』' | '）' | '》');
        let stop = matches!(c, '。' | '！' | '？' | '…' | '!' | '?');
        if ended && !closing && !stop {
            out.push(&text[start..i]);
            start = i;
            ended = false;
        }
        if stop {
            ended = true;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{Section, parse};

    fn seed() -> Article {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/import/jiangmen-hightech-zone-2024.raw.txt"
        );
        parse(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    fn seed_markdown() -> String {
        let opts = MarkdownOptions {
            source: "source/jiangmen-hightech-zone-2024.raw.txt".to_owned(),
            ..MarkdownOptions::default()
        };
        to_markdown(&seed(), &opts)
    }

    /// The front matter and the body of a page.
    fn split(page: &str) -> (&str, &str) {
        let rest = page.strip_prefix("+++\n").expect("the page opens with +++");
        let end = rest.find("\n+++\n").expect("the front matter closes with +++");
        (&rest[..end + 1], &rest[end + 5..])
    }

    /// Undoes CommonMark backslash escapes.
    fn unescape(s: &str) -> String {
        let mut out = String::new();
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\\' && chars.peek().is_some_and(char::is_ascii_punctuation) {
                out.push(chars.next().unwrap());
            } else {
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn front_matter_is_toml_with_the_known_keys() {
        let page = seed_markdown();
        let (front, _) = split(&page);
        let value: toml::Table = toml::from_str(front).unwrap();
        // Sorted: whether the `toml` crate keeps document order depends on a feature.
        let mut keys: Vec<&str> = value.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["description", "extra", "template", "title"]);
        assert_eq!(value["title"].as_str(), Some("江门高新区高质量发展“热辣滚烫”"));
        assert_eq!(value["template"].as_str(), Some("article.html"));
        let extra = value["extra"].as_table().unwrap();
        assert_eq!(extra["kicker"].as_str(), Some("攀高向新 冲刺50强"));
        assert_eq!(extra["lead"].as_str(), Some(seed().lead.as_str()));
        assert_eq!(extra["source"].as_str(), Some("source/jiangmen-hightech-zone-2024.raw.txt"));
        // The keys come in the documented order.
        let order: Vec<usize> =
            ["title =", "description =", "template =", "[extra]", "kicker =", "lead =", "source ="]
                .iter()
                .map(|k| front.find(k).unwrap_or_else(|| panic!("{k} missing")))
                .collect();
        assert!(order.is_sorted(), "{front}");
    }

    #[test]
    fn the_description_is_the_leads_first_sentences_cut_at_a_sentence_end() {
        let article = seed();
        let description = description(&article);
        assert!(description.chars().count() <= MAX_DESCRIPTION);
        assert!(article.lead.starts_with(&description));
        assert!(description.ends_with(['。', '？', '！']));
        assert!(description.starts_with("一年春作首，万事行为先。2024年2月18日"));
    }

    #[test]
    fn a_long_first_sentence_is_cut_at_a_clause_mark() {
        let mut article = seed();
        article.lead = format!("{}。", "很长的一句话，".repeat(30));
        let description = description(&article);
        assert!(description.chars().count() <= MAX_DESCRIPTION);
        assert!(description.ends_with("话…"), "{description}");
    }

    #[test]
    fn without_a_kicker_the_key_is_left_out() {
        let mut article = seed();
        article.kicker = None;
        let page = to_markdown(&article, &MarkdownOptions::default());
        let value: toml::Table = toml::from_str(split(&page).0).unwrap();
        assert!(!value["extra"].as_table().unwrap().contains_key("kicker"));
    }

    #[test]
    fn every_paragraph_is_one_line_and_the_lead_is_not_in_the_body() {
        let article = seed();
        let page = seed_markdown();
        let (_, body) = split(&page);
        let blocks: Vec<&str> = body.trim().split("\n\n").collect();
        for block in &blocks {
            assert!(!block.contains('\n'), "a block spans lines: {block}");
        }
        let texts: Vec<String> = blocks
            .iter()
            .filter(|b| !b.starts_with("## ") && !b.starts_with("![]("))
            .map(|b| unescape(b))
            .collect();
        let paragraphs: Vec<&String> =
            article.sections.iter().flat_map(|s| &s.paragraphs).collect();
        assert_eq!(texts.iter().collect::<Vec<_>>(), paragraphs);
        assert!(!body.contains(&article.lead[..30]));
    }

    #[test]
    fn section_heads_are_one_line_with_a_bar() {
        let page = seed_markdown();
        let heads: Vec<&str> = page.lines().filter(|l| l.starts_with("## ")).collect();
        assert_eq!(
            heads,
            [
                "## 聚力科技创新 | 加速发展蓄积新动能",
                "## 聚力产业兴旺 | 实体经济迸发新活力",
                "## 聚力营商环境 | 高质量发展迈上“快车道”"
            ]
        );
        assert_eq!(head_line("甲 | 乙", None), "## 甲 \\| 乙");
        assert_eq!(head_line("第#1", Some("*新*")), "## 第\\#1 | \\*新\\*");
    }

    /// The paragraph that a photo line follows.
    fn paragraph_before(page: &str, photo: &str) -> String {
        let blocks: Vec<&str> = split(page).1.trim().split("\n\n").collect();
        let at = blocks
            .iter()
            .position(|b| *b == format!("![](photo:{photo})"))
            .unwrap_or_else(|| panic!("{photo} is not placed"));
        let before = blocks[..at].iter().rev().find(|b| !b.starts_with("![]("));
        unescape(before.expect("a photo follows a paragraph"))
    }

    #[test]
    fn photos_follow_the_paragraphs_their_captions_talk_about() {
        let page = seed_markdown();
        // photo-2: 江门市安全应急产业园正加快建设国家安全应急产业示范基地标杆。
        assert!(
            paragraph_before(&page, "photo-2")
                .contains("江门市安全应急产业园正加快建设成为国家安全应急产业示范基地标杆")
        );
        // photo-3: the caption repeats the paragraph's first sentence.
        assert!(
            paragraph_before(&page, "photo-3")
                .starts_with("奇德新材料公司只是江门高新区（江海区）科技企业专注创新突破的缩影。")
        );
        // photo-5: 江门高新区（江海区）营商环境持续优化提升，……
        assert!(
            paragraph_before(&page, "photo-5").contains("江门高新区（江海区）营商环境持续优化提升")
        );
    }

    #[test]
    fn short_labels_that_match_nothing_are_not_placed() {
        let page = seed_markdown();
        assert!(!page.contains("photo:photo-4"), "高新创智城 was placed");
        assert!(!page.contains("photo:photo-6"), "高新产业港 was placed");
        // Every photo appears at most once.
        for n in 1..=6 {
            assert!(page.matches(&format!("photo:photo-{n})")).count() <= 1);
        }
    }

    #[test]
    fn markdown_syntax_in_text_is_escaped_and_round_trips() {
        for text in [
            "#话题",
            "- 一",
            "+ 二",
            "2024. 年",
            "3) 项",
            "a*b*c",
            "_x_",
            "[链接](x)",
            "<b>",
            "a\\b",
            "1|2",
            "~~删~~",
            "&amp;",
        ] {
            let escaped = escape(text);
            assert_eq!(unescape(&escaped), text);
            assert_ne!(escaped, text, "{text} was not escaped");
        }
        assert_eq!(escape("普通的句子，2024年。"), "普通的句子，2024年。");
    }

    #[test]
    fn an_article_without_heads_has_no_heading_lines() {
        let article = Article {
            kicker: None,
            title: "题".to_owned(),
            lead: String::new(),
            sections: vec![Section {
                heading: None,
                subheading: None,
                paragraphs: vec!["一。".into(), "二。".into()],
            }],
            captions: vec![],
        };
        let page = to_markdown(&article, &MarkdownOptions::default());
        assert_eq!(split(&page).1, "\n一。\n\n二。\n");
    }
}
