//! An Atom feed (RFC 4287) per language: the articles, newest first, each
//! with its lead as summary and its whole body as content.
//!
//! Pure: [`atom`] turns a [`Feed`] into the XML text; the renderer gathers the
//! entries. Every text is escaped for XML, and characters XML 1.0 forbids
//! (most C0 controls) are dropped, so any title an editor writes makes a feed
//! that parses. Deterministic: dates come from front matter, never the clock.

use crate::text::push_escaped;

/// One language's feed.
#[derive(Debug)]
pub struct Feed<'a> {
    /// BCP 47 tag (`zh-Hans`).
    pub tag: &'a str,
    pub title: &'a str,
    pub subtitle: &'a str,
    /// The feed's own URL and the home page it belongs to.
    pub self_url: String,
    pub home_url: String,
    pub author: &'a str,
    pub author_url: &'a str,
    /// Newest first.
    pub entries: Vec<Entry<'a>>,
}

#[derive(Debug)]
pub struct Entry<'a> {
    pub title: &'a str,
    pub url: String,
    /// RFC 3339.
    pub published: String,
    pub updated: String,
    pub summary: &'a str,
    /// The body as HTML, with links relative to `url`.
    pub content_html: String,
    /// The other language versions: (BCP 47 tag, URL).
    pub alternates: Vec<(String, String)>,
}

/// The feed as Atom XML.
pub fn atom(feed: &Feed) -> String {
    let mut out = String::with_capacity(4096);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
    text(&mut out, feed.tag);
    out.push_str("\">\n");
    element(&mut out, "title", feed.title);
    if !feed.subtitle.is_empty() {
        element(&mut out, "subtitle", feed.subtitle);
    }
    link(&mut out, "self", "application/atom+xml", None, &feed.self_url);
    link(&mut out, "alternate", "text/html", None, &feed.home_url);
    element(&mut out, "id", &feed.self_url);
    let updated = feed.entries.iter().map(|e| e.updated.as_str()).max().unwrap_or_default();
    element(&mut out, "updated", updated);
    author(&mut out, feed.author, feed.author_url);
    out.push_str("<generator>broadsheet</generator>\n");
    for entry in &feed.entries {
        push_entry(&mut out, entry, feed);
    }
    out.push_str("</feed>\n");
    out
}

fn push_entry(out: &mut String, entry: &Entry, feed: &Feed) {
    out.push_str("<entry>\n");
    element(out, "title", entry.title);
    link(out, "alternate", "text/html", Some(feed.tag), &entry.url);
    for (tag, url) in &entry.alternates {
        link(out, "alternate", "text/html", Some(tag), url);
    }
    element(out, "id", &entry.url);
    element(out, "published", &entry.published);
    element(out, "updated", &entry.updated);
    author(out, feed.author, feed.author_url);
    if !entry.summary.is_empty() {
        element(out, "summary", entry.summary);
    }
    out.push_str("<content type=\"html\" xml:base=\"");
    text(out, &entry.url);
    out.push_str("\">");
    text(out, &entry.content_html);
    out.push_str("</content>\n</entry>\n");
}

fn author(out: &mut String, name: &str, url: &str) {
    out.push_str("<author>");
    element(out, "name", name);
    if !url.is_empty() {
        element(out, "uri", url);
    }
    out.push_str("</author>\n");
}

fn link(out: &mut String, rel: &str, kind: &str, hreflang: Option<&str>, href: &str) {
    out.push_str(&format!("<link rel=\"{rel}\" type=\"{kind}\""));
    if let Some(lang) = hreflang {
        out.push_str(" hreflang=\"");
        text(out, lang);
        out.push('"');
    }
    out.push_str(" href=\"");
    text(out, href);
    out.push_str("\"/>\n");
}

fn element(out: &mut String, name: &str, value: &str) {
    out.push_str(&format!("<{name}>"));
    text(out, value);
    out.push_str(&format!("</{name}>\n"));
}

/// Escaped text without the characters XML 1.0 does not allow.
fn text(out: &mut String, value: &str) {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r') || !(c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}')
    };
    if value.chars().all(allowed) {
        push_escaped(out, value);
    } else {
        push_escaped(out, &value.chars().filter(|&c| allowed(c)).collect::<String>());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_dropped_and_markup_escaped() {
        let mut out = String::new();
        text(&mut out, "a\u{1}<b>&\u{2028}");
        assert_eq!(out, "a&lt;b&gt;&amp;\u{2028}");
    }
}
