//! Heading ids and `<hgroup>`s: every heading gets a stable, unique, readable
//! id (`聚力科技创新`), `{#id}` overrides are kept, and `## Heading | Subheading`
//! becomes an `<hgroup>`. Records the outline in [`Rendered::headings`].

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::{Ev, Heading, Rendered};
use crate::error::{Code, Diagnostic};
use crate::text::slugify;

/// Ids the page templates use themselves; headings get a suffix instead.
const RESERVED_IDS: &[&str] = &["main"];

/// Gives every heading a stable, unique id (readable for Chinese: `聚力科技创新`),
/// keeps `{#id}` overrides, and turns `## Heading | Subheading` into an `<hgroup>`.
/// Edits the events in place: a heading keeps its events with its id set, or
/// becomes its `<hgroup>`.
pub(super) fn heading_ids<'a>(
    mut events: Vec<Ev<'a>>,
    body: &str,
    out: &mut Rendered,
) -> Vec<Ev<'a>> {
    let mut ids = Ids::default();
    let mut folded = Vec::new();
    let mut i = 0;
    while i < events.len() {
        let (Event::Start(Tag::Heading { level, id, .. }), range) = &events[i] else {
            i += 1;
            continue;
        };
        let (level, range) = (*level, range.clone());
        let end = events[i..]
            .iter()
            .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
            .map_or(events.len() - 1, |p| i + p);
        let (title, subtitle) = titles(level, &events[i + 1..end], &body[range.clone()]);
        let wanted = id.as_ref().map(|s| s.to_string()).unwrap_or_else(|| slugify(&title));
        let unique = ids.claim(&wanted);
        if unique != wanted {
            out.report(
                Diagnostic::warning(
                    Code::HeadingIdCollision,
                    format!("heading id `{wanted}` is used twice on this page; this one became `{unique}`"),
                )
                .with_help("give the heading a distinct title or an explicit id: `## Title {#my-id}`"),
                range.clone(),
            );
        }
        out.headings.push(Heading {
            level: heading_number(level),
            id: unique.clone(),
            title: title.clone(),
            subtitle: subtitle.clone(),
        });
        if let Some(sub) = subtitle {
            events[i] = (Event::Html(hgroup(&unique, &title, &sub).into()), range);
            folded.push(i + 1..end + 1);
        } else if let (Event::Start(Tag::Heading { id, .. }), _) = &mut events[i] {
            *id = Some(CowStr::from(unique));
        }
        i = end + 1;
    }
    super::remove_spans(&mut events, &folded);
    events
}

/// The ids given so far on a page.
struct Ids {
    used: HashSet<String>,
    /// Per wanted id, the suffix to try next: every lower one is taken, so
    /// thousands of equal headings do not retry every suffix each time.
    next: HashMap<String, usize>,
}

impl Default for Ids {
    fn default() -> Self {
        // The theme's skip link targets `<main id="main">` on every page; a
        // heading titled "Main" must not take that id.
        let used = RESERVED_IDS.iter().map(|s| s.to_string()).collect();
        Ids { used, next: HashMap::new() }
    }
}

impl Ids {
    /// `wanted`, or `wanted-N` with the first free N.
    fn claim(&mut self, wanted: &str) -> String {
        let mut unique = wanted.to_string();
        let n = self.next.entry(wanted.to_string()).or_insert(1);
        while self.used.contains(&unique) {
            unique = format!("{wanted}-{n}");
            *n += 1;
        }
        self.used.insert(unique.clone());
        unique
    }
}

/// A heading's title, and its subtitle when it is written `## Title | Subtitle`.
fn titles(level: HeadingLevel, inner: &[Ev], source_line: &str) -> (String, Option<String>) {
    let text: String = inner
        .iter()
        .filter_map(|(e, _)| match e {
            Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
            _ => None,
        })
        .collect();
    let split =
        (level == HeadingLevel::H2 && source_line.contains(" | ") && !source_line.contains("\\|"))
            .then(|| text.split_once(" | "))
            .flatten()
            .filter(|_| inner.iter().all(|(e, _)| matches!(e, Event::Text(_))));
    match split {
        Some((t, s)) => (t.trim().to_string(), Some(s.trim().to_string())),
        None => (text.trim().to_string(), None),
    }
}

fn hgroup(id: &str, title: &str, subtitle: &str) -> String {
    let mut html = String::from("<hgroup id=\"");
    crate::text::push_escaped(&mut html, id);
    html.push_str("\"><h2>");
    crate::text::push_escaped(&mut html, title);
    html.push_str("</h2><p>");
    crate::text::push_escaped(&mut html, subtitle);
    html.push_str("</p></hgroup>\n");
    html
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
