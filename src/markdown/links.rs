//! Internal links: `@/path.md#anchor` becomes a placeholder while the page is
//! outlined (targets are only known once every page is), and
//! [`resolve_links`] fills the placeholders in when the page is rendered.

use pulldown_cmark::{CowStr, Event, Tag};

use super::{Ev, LinkRef, Rendered};

const LINK_PLACEHOLDER: &str = "broadsheet-link:";

/// `@/path.md#anchor` links become placeholders resolved once every page exists.
pub(super) fn internal_links<'a>(mut events: Vec<Ev<'a>>, out: &mut Rendered) -> Vec<Ev<'a>> {
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
