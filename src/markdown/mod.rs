//! Markdown → outline and HTML for one page.
//!
//! Takes a page's body and what the page needs from the rest of the site (photo
//! figures, figure quotes) in a [`PageEnv`]. The site model calls [`outline`]
//! for every page: the heading outline, every anchor the page defines, the
//! internal links and placed photos, and the problems found, with no HTML kept.
//! The renderer calls [`render`] page by page for the HTML, then
//! [`resolve_links`]. No file or template access. Each feature is a small pass
//! over the `pulldown_cmark` events, chained in [`passes`]: add behaviour as
//! another pass, not as a flag in one big `match`.
//!
//! Internal links (`@/article/index.md#anchor`) come out as placeholders
//! (`href="broadsheet-link:N"`): the same chain serves both calls, and the
//! renderer fills them in from the model.

mod cjk;
mod headings;
mod ids;
mod links;
mod photos;
mod quotes;

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser};
use serde::{Deserialize, Serialize};

use crate::error::{Code, Diagnostic};

pub use links::resolve_links;

/// A sentence of the article that a key figure quotes.
#[derive(Debug, Clone)]
pub struct Quote {
    pub text: String,
    /// The id the sentence gets (`src-rd-spending`).
    pub id: String,
    /// Where the sentence links back to (the figure on the figures page).
    pub href: String,
    /// Accessible name of that back link.
    pub label: String,
}

/// What a page's Markdown needs from the site.
pub struct PageEnv<'a> {
    /// Renders the figure for `![alt](photo:ID)`; `None` when the id is unknown.
    pub photo: &'a (dyn Fn(&str, &str) -> Option<String> + Sync),
    /// The known photo ids, for the help of an unknown-id error.
    pub photo_ids: &'a [String],
    pub quotes: &'a [Quote],
}

/// A heading of the page, for tables of contents and section navigation.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub subtitle: Option<String>,
}

/// An internal link waiting for its target's URL.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LinkRef {
    /// The target's translation key (`article/index.md`).
    pub key: String,
    pub anchor: Option<String>,
    /// Byte range of the link in the page's body, for messages.
    pub span: Range<usize>,
}

/// One page's rendered Markdown.
#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    /// Every id the page's body defines (headings, quoted sentences, footnotes,
    /// explicit ids).
    pub anchors: HashSet<String>,
    pub links: Vec<LinkRef>,
    /// Indexes into `PageEnv::quotes` that were found in the text.
    pub quotes_found: Vec<usize>,
    /// Photo ids placed on the page, in order.
    pub photos: Vec<String>,
    /// Where each placed photo is in the body, in the same order.
    pub photo_spans: Vec<Range<usize>>,
    /// Problems, with byte offsets relative to the body (see [`Self::offset_base`]).
    /// At most [`MAX_FINDINGS`], the last of them counting the rest.
    pub diagnostics: Vec<(Diagnostic, Range<usize>)>,
    /// Whether the author wrote HTML into the Markdown (which the HTML is
    /// then not as pulldown-cmark writes it: see [`crate::minify::markdown_html`]).
    pub raw_html: bool,
    /// Findings past [`MAX_FINDINGS`]: how many, and whether one is an error.
    unreported: (usize, bool),
}

/// Findings kept per page. A pathological page (a million duplicate headings or
/// images without alt text) would otherwise take time and memory in proportion
/// and bury the report; the rest are counted in one last finding.
pub const MAX_FINDINGS: usize = 100;

impl Rendered {
    /// Adds the finding that counts those left out.
    fn finish(&mut self) {
        if let (count @ 1.., any_error) = self.unreported {
            self.diagnostics.push((more_findings(count, any_error), 0..0));
        }
    }

    fn report(&mut self, d: Diagnostic, span: Range<usize>) {
        if self.diagnostics.len() < MAX_FINDINGS {
            self.diagnostics.push((d, span));
        } else {
            self.unreported.0 += 1;
            self.unreported.1 |= d.is_error();
        }
    }
}

/// The finding that stands for `count` findings left out on a page.
pub fn more_findings(count: usize, any_error: bool) -> Diagnostic {
    let message = format!("and {count} more problems like these on this page");
    let d = if any_error {
        Diagnostic::error(Code::More, message)
    } else {
        Diagnostic::warning(Code::More, message)
    };
    d.with_help(format!("only the first {MAX_FINDINGS} are shown; fix those and build again"))
}

type Ev<'a> = (Event<'a>, Range<usize>);

/// Outlines a page body: everything but the HTML.
pub fn outline(body: &str, env: &PageEnv) -> Rendered {
    let mut out = Rendered::default();
    let events = passes(body, env, &mut out);
    ids::collect_ids(&events, &mut out);
    ids::check_images(&events, &mut out);
    out.finish();
    out
}

/// Renders a page body: the outline and the HTML, with link placeholders.
pub fn render(body: &str, env: &PageEnv) -> Rendered {
    let mut out = Rendered::default();
    let events = passes(body, env, &mut out);
    ids::collect_ids(&events, &mut out);
    ids::check_images(&events, &mut out);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
    out.html = html;
    out.finish();
    out
}

/// An article's lead (plain text from its front matter) as inline HTML, with
/// the sentences of `quotes` it holds marked like those of the body. Returns
/// the HTML and the indexes into `quotes` found. `skip` are quotes the body
/// holds already: a sentence is marked once per page.
pub fn lead(text: &str, quotes: &[Quote], skip: &[usize]) -> (String, Vec<usize>) {
    let wanted: Vec<usize> = (0..quotes.len()).filter(|i| !skip.contains(i)).collect();
    let subset: Vec<Quote> = wanted.iter().map(|&i| quotes[i].clone()).collect();
    let no_photo = |_: &str, _: &str| None;
    let env = PageEnv { photo: &no_photo, photo_ids: &[], quotes: &subset };
    let mut out = Rendered::default();
    let events = vec![
        (Event::Start(pulldown_cmark::Tag::Paragraph), 0..0),
        (Event::Text(text.into()), 0..text.len()),
        (Event::End(pulldown_cmark::TagEnd::Paragraph), 0..0),
    ];
    let events = quotes::quotes(events, &env, &mut out);
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter().skip(1).map(|(e, _)| e));
    let html = html.trim_end().trim_end_matches("</p>").to_string();
    (html, out.quotes_found.iter().map(|&i| wanted[i]).collect())
}

/// Removes the events at `spans` (sorted, disjoint index ranges) in one sweep,
/// so a pass that folds a few events into one edits the page's events in place.
fn remove_spans(events: &mut Vec<Ev>, spans: &[Range<usize>]) {
    if spans.is_empty() {
        return;
    }
    let (mut index, mut next) = (0, 0);
    events.retain(|_| {
        while next < spans.len() && spans[next].end <= index {
            next += 1;
        }
        let keep = spans.get(next).is_none_or(|s| !s.contains(&index));
        index += 1;
        keep
    });
}

/// The chain of passes every page goes through, in order.
fn passes<'a>(body: &'a str, env: &PageEnv, out: &mut Rendered) -> Vec<Ev<'a>> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let events: Vec<Ev> = Parser::new_ext(body, options).into_offset_iter().collect();
    out.raw_html = events.iter().any(|(e, _)| matches!(e, Event::Html(_) | Event::InlineHtml(_)));
    let events = cjk::merge_text(cjk::cjk_soft_breaks(events));
    let events = headings::heading_ids(events, body, out);
    let events = photos::photos(events, env, out);
    let events = links::internal_links(events, out);
    quotes::quotes(events, env, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> PageEnv<'static> {
        static NONE: [Quote; 0] = [];
        PageEnv { photo: &|_, _| None, photo_ids: &[], quotes: &NONE }
    }

    #[test]
    fn spans_are_removed_and_the_rest_kept_in_order() {
        let mut events: Vec<Ev> =
            (0..8).map(|i| (Event::Text(i.to_string().into()), i..i + 1)).collect();
        remove_spans(&mut events, &[1..3, 3..4, 6..7]);
        let left: Vec<usize> = events.iter().map(|(_, r)| r.start).collect();
        assert_eq!(left, [0, 4, 5, 7]);
    }

    #[test]
    fn soft_break_between_cjk_vanishes() {
        let r = render("第一行\n第二行\n\nfirst\nsecond", &env());
        assert!(r.html.contains("第一行第二行"), "{}", r.html);
        assert!(r.html.contains("first\nsecond"), "{}", r.html);
    }

    #[test]
    fn soft_break_next_to_a_link_or_bold_vanishes_in_chinese() {
        let r = render(
            "数据来源于\n[国家统计局](https://stats.gov.cn)\n及各地。\n**重点**\n项目",
            &env(),
        );
        assert!(r.html.contains("数据来源于<a href=\"https://stats.gov.cn\">国家统计局</a>及各地。<strong>重点</strong>项目"), "{}", r.html);
        let r = render("see\n[the notes](https://e.org)\nhere", &env());
        assert!(
            r.html.contains("see\n<a href=\"https://e.org\">the notes</a>\nhere"),
            "{}",
            r.html
        );
    }

    #[test]
    fn chinese_heading_ids_are_readable_and_unique() {
        let r = render("## 聚力科技创新\n\n## 聚力科技创新\n\n## Own {#mine}", &env());
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["聚力科技创新", "聚力科技创新-1", "mine"]);
        assert_eq!(r.diagnostics.len(), 1);
    }

    #[test]
    fn a_heading_never_takes_the_themes_main_id() {
        let r = render("## Main\n", &env());
        assert_eq!(r.headings[0].id, "main-1");
    }

    #[test]
    fn pipe_heading_becomes_an_hgroup() {
        let r = render("## 聚力科技创新 | 加速发展蓄积新动能\n", &env());
        assert_eq!(
            r.html,
            "<hgroup id=\"聚力科技创新\"><h2>聚力科技创新</h2><p>加速发展蓄积新动能</p></hgroup>\n"
        );
        assert_eq!(r.headings[0].subtitle.as_deref(), Some("加速发展蓄积新动能"));
    }

    #[test]
    fn internal_links_are_placeholders_until_resolved() {
        let r = render("[a](@/article/index.md#x) [b](https://e.org)", &env());
        assert_eq!(r.links.len(), 1);
        assert_eq!(r.links[0].key, "article/index.md");
        let html = resolve_links(&r.html, &r.links, |_| "/en/article/#x".into());
        assert!(html.contains("href=\"/en/article/#x\""), "{html}");
        assert!(html.contains("href=\"https://e.org\""), "{html}");
    }

    #[test]
    fn quotes_are_wrapped_with_an_id_and_a_back_link() {
        let quotes = vec![Quote {
            text: "面积约111平方公里。".into(),
            id: "src-area".into(),
            href: "/figures/#fig-area".into(),
            label: "面积".into(),
        }];
        let e = PageEnv { photo: &|_, _| None, photo_ids: &[], quotes: &quotes };
        let r = render("高新区\n面积约111平方公里。其他。", &e);
        assert_eq!(r.quotes_found, [0]);
        assert!(
            r.html.contains("<span class=\"source\" id=\"src-area\">面积约111平方公里。<a"),
            "{}",
            r.html
        );
        assert!(r.anchors.contains("src-area"));
    }

    #[test]
    fn photo_line_becomes_figure_and_unknown_photo_is_an_error() {
        let e = PageEnv {
            photo: &|id, _| (id == "p1").then(|| "<figure>P1</figure>".to_string()),
            photo_ids: &[],
            quotes: &[],
        };
        let r = render("text\n\n![](photo:p1)\n\n![](photo:nope)\n", &e);
        assert!(r.html.contains("<figure>P1</figure>"), "{}", r.html);
        assert!(!r.html.contains("<p><figure>"), "{}", r.html);
        assert_eq!(r.photos, ["p1"]);
        assert_eq!(r.diagnostics.len(), 1);
        assert!(r.diagnostics[0].0.message.contains("nope"));
    }
}
