//! Markdown → HTML for one page.
//!
//! Takes a page's body and what the page needs from the rest of the site (photo
//! figures, figure quotes) in a [`PageEnv`]; returns [`Rendered`]: the HTML, the
//! heading outline, every anchor the page defines, and the internal links still to
//! resolve. No file or template access. Each feature is a small pass over the
//! `pulldown_cmark` events, chained in [`render`]: add behaviour as another pass,
//! not as a flag in one big `match`.
//!
//! Internal links (`@/article/index.md#anchor`) need every page's anchors, which
//! only exist once every page is rendered, so they come out as placeholders
//! (`href="broadsheet-link:N"`) and [`resolve_links`] fills them in afterwards. A
//! page is parsed once.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::error::Diagnostic;
use crate::text::{joins_without_space, slugify};

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
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub subtitle: Option<String>,
}

/// An internal link waiting for its target's URL.
#[derive(Debug, Clone)]
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
    /// Findings past [`MAX_FINDINGS`]: how many, and whether one is an error.
    unreported: (usize, bool),
}

/// Findings kept per page. A pathological page (a million duplicate headings or
/// images without alt text) would otherwise take time and memory in proportion
/// and bury the report; the rest are counted in one last finding.
pub const MAX_FINDINGS: usize = 100;

impl Rendered {
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
        Diagnostic::error("more", message)
    } else {
        Diagnostic::warning("more", message)
    };
    d.with_help(format!("only the first {MAX_FINDINGS} are shown; fix those and build again"))
}

type Ev<'a> = (Event<'a>, Range<usize>);

/// Ids the page templates use themselves; headings get a suffix instead.
const RESERVED_IDS: &[&str] = &["main"];

const LINK_PLACEHOLDER: &str = "broadsheet-link:";

/// Renders a page body.
pub fn render(body: &str, env: &PageEnv) -> Rendered {
    let mut out = Rendered::default();
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let events: Vec<Ev> = Parser::new_ext(body, options).into_offset_iter().collect();
    let events = cjk_soft_breaks(events);
    let events = merge_text(events);
    let events = heading_ids(events, body, &mut out);
    let events = photos(events, env, &mut out);
    let events = internal_links(events, &mut out);
    let events = quotes(events, env, &mut out);
    collect_ids(&events, &mut out);
    check_images(&events, &mut out);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
    out.html = html;
    if let (count @ 1.., any_error) = out.unreported {
        out.diagnostics.push((more_findings(count, any_error), 0..0));
    }
    out
}

/// A soft break between CJK text vanishes; between Latin words it stays a space.
/// The characters on each side are looked up through inline markup, so a break
/// just before `[a link](…)` or after `**bold**` in Chinese text vanishes too.
fn cjk_soft_breaks(events: Vec<Ev>) -> Vec<Ev> {
    let mut drop = vec![false; events.len()];
    for (i, (event, _)) in events.iter().enumerate() {
        if !matches!(event, Event::SoftBreak) {
            continue;
        }
        let before = events[..i]
            .iter()
            .rev()
            .take_while(|(e, _)| is_inline_edge(e) || last_char(e).is_some())
            .find_map(|(e, _)| last_char(e));
        let after = events[i + 1..]
            .iter()
            .take_while(|(e, _)| is_inline_edge(e) || first_char(e).is_some())
            .find_map(|(e, _)| first_char(e));
        if let (Some(b), Some(a)) = (before, after) {
            drop[i] = joins_without_space(b, a);
        }
    }
    events.into_iter().zip(drop).filter(|(_, d)| !d).map(|(e, _)| e).collect()
}

fn last_char(e: &Event) -> Option<char> {
    match e {
        Event::Text(t) | Event::Code(t) => t.chars().last(),
        _ => None,
    }
}

fn first_char(e: &Event) -> Option<char> {
    match e {
        Event::Text(t) | Event::Code(t) => t.chars().next(),
        _ => None,
    }
}

/// Inline markup a line break may sit next to without separating words.
fn is_inline_edge(e: &Event) -> bool {
    matches!(
        e,
        Event::Start(Tag::Link { .. } | Tag::Emphasis | Tag::Strong | Tag::Strikethrough)
            | Event::End(TagEnd::Link | TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough)
    )
}

/// Joins neighbouring text events (the parser splits text at every special
/// character), so later passes see whole runs of text.
fn merge_text(events: Vec<Ev>) -> Vec<Ev> {
    let mut out: Vec<Ev> = Vec::with_capacity(events.len());
    for (event, range) in events {
        if let Event::Text(t) = &event
            && let Some((Event::Text(prev), prev_range)) = out.last_mut()
        {
            let mut joined = String::with_capacity(prev.len() + t.len());
            joined.push_str(prev);
            joined.push_str(t);
            *prev = CowStr::from(joined);
            prev_range.end = range.end;
            continue;
        }
        out.push((event, range));
    }
    out
}

/// Gives every heading a stable, unique id (readable for Chinese: `聚力科技创新`),
/// keeps `{#id}` overrides, and turns `## Heading | Subheading` into an `<hgroup>`.
fn heading_ids<'a>(events: Vec<Ev<'a>>, body: &str, out: &mut Rendered) -> Vec<Ev<'a>> {
    let mut result = Vec::with_capacity(events.len());
    // The theme's skip link targets `<main id="main">` on every page; a heading
    // titled "Main" must not take that id.
    let mut used: HashSet<String> = RESERVED_IDS.iter().map(|s| s.to_string()).collect();
    // Per wanted id, the suffix to try next: every lower one is taken, so
    // thousands of equal headings do not retry every suffix each time.
    let mut next: HashMap<String, usize> = HashMap::new();
    let mut i = 0;
    while i < events.len() {
        let (Event::Start(Tag::Heading { level, id, classes, attrs }), range) = &events[i] else {
            result.push(events[i].clone());
            i += 1;
            continue;
        };
        let end = events[i..]
            .iter()
            .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
            .map_or(events.len() - 1, |p| i + p);
        let inner = &events[i + 1..end];
        let text: String = inner
            .iter()
            .filter_map(|(e, _)| match e {
                Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let source_line = &body[range.clone()];
        let split = (*level == HeadingLevel::H2
            && source_line.contains(" | ")
            && !source_line.contains("\\|"))
        .then(|| text.split_once(" | "))
        .flatten()
        .filter(|_| inner.iter().all(|(e, _)| matches!(e, Event::Text(_))));
        let (title, subtitle) = match split {
            Some((t, s)) => (t.trim().to_string(), Some(s.trim().to_string())),
            None => (text.trim().to_string(), None),
        };
        let wanted = id.as_ref().map(|s| s.to_string()).unwrap_or_else(|| slugify(&title));
        let mut unique = wanted.clone();
        let n = next.entry(wanted.clone()).or_insert(1);
        while used.contains(&unique) {
            unique = format!("{wanted}-{n}");
            *n += 1;
        }
        if unique != wanted {
            out.report(
                Diagnostic::warning(
                    "heading-id-collision",
                    format!("heading id `{wanted}` is used twice on this page; this one became `{unique}`"),
                )
                .with_help("give the heading a distinct title or an explicit id: `## Title {#my-id}`"),
                range.clone(),
            );
        }
        used.insert(unique.clone());
        out.headings.push(Heading {
            level: heading_number(*level),
            id: unique.clone(),
            title: title.clone(),
            subtitle: subtitle.clone(),
        });
        if let Some(sub) = subtitle {
            let mut html = String::from("<hgroup id=\"");
            crate::text::push_escaped(&mut html, &unique);
            html.push_str("\"><h2>");
            crate::text::push_escaped(&mut html, &title);
            html.push_str("</h2><p>");
            crate::text::push_escaped(&mut html, &sub);
            html.push_str("</p></hgroup>\n");
            result.push((Event::Html(html.into()), range.clone()));
        } else {
            result.push((
                Event::Start(Tag::Heading {
                    level: *level,
                    id: Some(CowStr::from(unique)),
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                }),
                range.clone(),
            ));
            result.extend(inner.iter().cloned());
            result.push(events[end].clone());
        }
        i = end + 1;
    }
    result
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// A paragraph that holds only `![alt](photo:ID)` becomes the photo's figure.
fn photos<'a>(events: Vec<Ev<'a>>, env: &PageEnv, out: &mut Rendered) -> Vec<Ev<'a>> {
    let mut result: Vec<Ev<'a>> = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        if let (Event::Start(Tag::Image { dest_url, .. }), range) = &events[i]
            && let Some(id) = dest_url.strip_prefix("photo:")
        {
            let end = events[i..]
                .iter()
                .position(|(e, _)| matches!(e, Event::End(TagEnd::Image)))
                .map_or(events.len() - 1, |p| i + p);
            let alt: String = events[i + 1..end]
                .iter()
                .filter_map(|(e, _)| if let Event::Text(t) = e { Some(t.as_ref()) } else { None })
                .collect();
            let alone = matches!(result.last(), Some((Event::Start(Tag::Paragraph), _)))
                && matches!(events.get(end + 1), Some((Event::End(TagEnd::Paragraph), _)));
            let id = id.trim();
            match (env.photo)(id, alt.trim()) {
                Some(figure) if alone => {
                    result.pop();
                    result.push((Event::Html(figure.into()), range.clone()));
                    out.photos.push(id.to_string());
                    out.photo_spans.push(range.clone());
                    i = end + 2;
                    continue;
                }
                Some(_) => out.report(
                    Diagnostic::error("photo-inline", format!("photo `{id}` must stand on a line of its own"))
                        .with_help("put `![](photo:ID)` on its own line, with a blank line before and after"),
                    range.clone(),
                ),
                None => out.report(
                    Diagnostic::error("photo-unknown", format!("no photo with the id `{id}`"))
                        .with_help(if env.photo_ids.is_empty() {
                            "add it to the page's photos.toml as a [[photo]] with caption and credit".to_string()
                        } else {
                            format!("known photos: {}; or add it to photos.toml", env.photo_ids.join(", "))
                        }),
                    range.clone(),
                ),
            }
            i = end + 1;
            continue;
        }
        result.push(events[i].clone());
        i += 1;
    }
    result
}

/// `@/path.md#anchor` links become placeholders resolved once every page exists.
fn internal_links<'a>(mut events: Vec<Ev<'a>>, out: &mut Rendered) -> Vec<Ev<'a>> {
    for (event, range) in &mut events {
        let Event::Start(Tag::Link { link_type, dest_url, title, id }) = event else { continue };
        let Some(target) = dest_url.strip_prefix("@/") else { continue };
        let (key, anchor) = match target.split_once('#') {
            Some((k, a)) => (k.to_string(), Some(a.to_string())),
            None => (target.to_string(), None),
        };
        let n = out.links.len();
        out.links.push(LinkRef { key, anchor, span: range.clone() });
        *event = Event::Start(Tag::Link {
            link_type: *link_type,
            dest_url: CowStr::from(format!("{LINK_PLACEHOLDER}{n}")),
            title: title.clone(),
            id: id.clone(),
        });
    }
    events
}

/// Wraps each quoted sentence in a targetable `<span id>` with a link back to its
/// figure.
fn quotes<'a>(events: Vec<Ev<'a>>, env: &PageEnv, out: &mut Rendered) -> Vec<Ev<'a>> {
    if env.quotes.is_empty() {
        return events;
    }
    let mut result = Vec::with_capacity(events.len());
    let mut depth_para = 0usize;
    let mut found = vec![false; env.quotes.len()];
    for (event, range) in events {
        match &event {
            Event::Start(Tag::Paragraph | Tag::Item) => depth_para += 1,
            Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                depth_para = depth_para.saturating_sub(1)
            }
            _ => {}
        }
        let Event::Text(text) = &event else {
            result.push((event, range));
            continue;
        };
        if depth_para == 0 {
            result.push((event, range));
            continue;
        }
        // Find every quote in this text run, earliest first, without overlaps.
        let mut hits: Vec<(usize, usize)> = Vec::new();
        for (qi, q) in env.quotes.iter().enumerate() {
            if found[qi] || q.text.is_empty() {
                continue;
            }
            if let Some(pos) = text.find(q.text.as_str()) {
                let overlaps = hits.iter().any(|&(p, j)| {
                    let len = env.quotes[j].text.len();
                    pos < p + len && p < pos + q.text.len()
                });
                if !overlaps {
                    hits.push((pos, qi));
                }
            }
        }
        if hits.is_empty() {
            result.push((event, range));
            continue;
        }
        hits.sort_unstable();
        let mut cursor = 0;
        for (pos, qi) in hits {
            let q = &env.quotes[qi];
            found[qi] = true;
            out.quotes_found.push(qi);
            if pos > cursor {
                result.push((Event::Text(text[cursor..pos].to_string().into()), range.clone()));
            }
            let mut open = String::from("<span class=\"source\" id=\"");
            crate::text::push_escaped(&mut open, &q.id);
            open.push_str("\">");
            result.push((Event::InlineHtml(open.into()), range.clone()));
            result.push((Event::Text(q.text.clone().into()), range.clone()));
            let mut close = String::from("<a class=\"source-link\" href=\"");
            crate::text::push_escaped(&mut close, &q.href);
            close.push_str("\" aria-label=\"");
            crate::text::push_escaped(&mut close, &q.label);
            close.push_str("\">↗</a></span>");
            result.push((Event::InlineHtml(close.into()), range.clone()));
            cursor = pos + q.text.len();
        }
        if cursor < text.len() {
            result.push((Event::Text(text[cursor..].to_string().into()), range.clone()));
        }
    }
    out.quotes_found.sort_unstable();
    result
}

/// Records every id the page defines, so links to `page#anchor` can be checked.
fn collect_ids(events: &[Ev], out: &mut Rendered) {
    for h in &out.headings {
        out.anchors.insert(h.id.clone());
    }
    for (event, _) in events {
        match event {
            Event::FootnoteReference(name) => {
                out.anchors.insert(format!("fr-{name}-1"));
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                out.anchors.insert(name.to_string());
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                let mut rest = h.as_ref();
                while let Some(p) = rest.find(" id=\"") {
                    rest = &rest[p + 5..];
                    if let Some(end) = rest.find('"') {
                        out.anchors.insert(rest[..end].to_string());
                        rest = &rest[end..];
                    }
                }
            }
            _ => {}
        }
    }
}

/// Images need alt text for people who cannot see them.
fn check_images(events: &[Ev], out: &mut Rendered) {
    for (i, (event, range)) in events.iter().enumerate() {
        if let Event::Start(Tag::Image { dest_url, .. }) = event {
            let has_alt =
                matches!(events.get(i + 1), Some((Event::Text(t), _)) if !t.trim().is_empty());
            if !has_alt && !dest_url.starts_with("photo:") {
                out.report(
                    Diagnostic::warning("image-alt", format!("image `{dest_url}` has no alt text"))
                        .with_help(
                            "describe the image between the brackets: `![what it shows](...)`",
                        ),
                    range.clone(),
                );
            }
        }
    }
}

/// Fills the link placeholders of a page's HTML. `resolve` gets each link and
/// returns its URL. Runs in one pass over the HTML.
pub fn resolve_links(
    html: &str,
    links: &[LinkRef],
    mut resolve: impl FnMut(&LinkRef) -> String,
) -> String {
    if links.is_empty() {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + links.len() * 16);
    let mut rest = html;
    while let Some(p) = rest.find(LINK_PLACEHOLDER) {
        out.push_str(&rest[..p]);
        rest = &rest[p + LINK_PLACEHOLDER.len()..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        match rest[..digits].parse::<usize>().ok().and_then(|n| links.get(n)) {
            Some(link) => crate::text::push_escaped(&mut out, &resolve(link)),
            None => out.push_str(LINK_PLACEHOLDER),
        }
        rest = &rest[digits..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> PageEnv<'static> {
        static NONE: [Quote; 0] = [];
        PageEnv { photo: &|_, _| None, photo_ids: &[], quotes: &NONE }
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
