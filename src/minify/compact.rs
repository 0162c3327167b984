//! HTML as pulldown-cmark writes it, minified in one pass without parsing it.
//!
//! pulldown-cmark escapes every `<`, `>` and `"` of the text and of attribute
//! values, so each `<` in its output starts a tag and each tag ends at the
//! first `>` outside quotes; the newlines it writes between blocks follow a
//! block tag, and any other newline is a soft break. That is what lets
//! [`markdown_html`] do minify-html's work on it without building a tree: the
//! newlines between blocks go, a soft break and a run of spaces become one
//! space, attribute values lose their quotes where HTML allows, void tags
//! their ` /`, and the closing tags HTML always lets a page omit (`</li>`, a
//! table's cells and rows, a `</p>` before a block) are left out. Text and
//! attribute values are otherwise copied as they are. Not for HTML an author
//! wrote into the Markdown: that goes through minify-html.

/// Tags after which pulldown-cmark's newline separates blocks.
#[rustfmt::skip]
const BLOCK: [&str; 33] = [
    "address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt",
    "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup",
    "hr", "li", "ol", "p", "pre", "section", "table", "tbody", "td", "th", "thead", "tr", "ul",
];

/// Elements before which a `</p>` may be left out (HTML's list).
#[rustfmt::skip]
const CLOSES_P: [&str; 31] = [
    "address", "article", "aside", "blockquote", "details", "dialog", "div", "dl", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hgroup", "hr", "main", "menu", "nav", "ol", "p", "pre", "section", "table", "ul",
];

/// Parents at whose end a `</p>` may be left out (here: those Markdown makes).
const ENDS_P: [&str; 9] =
    ["blockquote", "dd", "div", "figcaption", "hgroup", "li", "section", "td", "th"];

/// Minifies HTML that pulldown-cmark wrote (with figures and marks the
/// Markdown passes inserted), or that is written the same way (the charts'
/// SVG: every `<`, `>` and `"` of text and values escaped).
pub fn markdown_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let b = html.as_bytes();
    let (mut i, mut in_pre) = (0, false);
    while i < b.len() {
        if b[i] == b'<' {
            let end = tag_end(b, i);
            let tag = &html[i..end];
            let (name, closing) = tag_name(tag);
            i = end;
            if closing {
                in_pre &= !name.eq_ignore_ascii_case("pre");
                if !omit_closing(name, next_tag(html, i, in_pre)) {
                    out.push_str(tag);
                }
            } else {
                in_pre |= name.eq_ignore_ascii_case("pre");
                start_tag(tag, name, &mut out);
            }
            if !in_pre && BLOCK.iter().any(|t| t.eq_ignore_ascii_case(name)) {
                while b.get(i) == Some(&b'\n') {
                    i += 1;
                }
            }
        } else if in_pre {
            let next = html[i..].find('<').map_or(html.len(), |p| i + p);
            out.push_str(&html[i..next]);
            i = next;
        } else {
            i = text(html, i, &mut out);
        }
    }
    out
}

/// Copies text from `i` to the next tag: whitespace runs made one space,
/// `&quot;` and `&gt;` written as the characters. Returns where it stopped.
fn text(html: &str, mut i: usize, out: &mut String) -> usize {
    let b = html.as_bytes();
    while i < b.len() && b[i] != b'<' {
        if b[i].is_ascii_whitespace() {
            while b.get(i).is_some_and(u8::is_ascii_whitespace) {
                i += 1;
            }
            out.push(' ');
            continue;
        }
        if b[i] == b'&' {
            if html[i..].starts_with("&quot;") {
                out.push('"');
                i += 6;
                continue;
            }
            if html[i..].starts_with("&gt;") {
                out.push('>');
                i += 4;
                continue;
            }
        }
        let run = b[i..]
            .iter()
            .take_while(|c| !c.is_ascii_whitespace() && !matches!(c, b'<' | b'&'))
            .count()
            .max(1);
        out.push_str(&html[i..i + run]);
        i += run;
    }
    i
}

/// Just past the `>` that ends the tag at `i` (quotes skipped).
fn tag_end(b: &[u8], i: usize) -> usize {
    let mut quote = None;
    for (j, &c) in b.iter().enumerate().skip(i + 1) {
        match (quote, c) {
            (None, b'>') => return j + 1,
            (None, b'"' | b'\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
    }
    b.len()
}

/// A tag's name and whether it is a closing tag.
pub(super) fn tag_name(tag: &str) -> (&str, bool) {
    let closing = tag.starts_with("</");
    let rest = &tag[1 + usize::from(closing)..];
    let len = rest.bytes().take_while(|c| c.is_ascii_alphanumeric()).count();
    (&rest[..len], closing)
}

/// The tag that comes next at `i` (blank lines between blocks skipped):
/// its name and whether it closes; `None` at the end or before text.
fn next_tag(html: &str, i: usize, in_pre: bool) -> Option<(&str, bool)> {
    let rest = if in_pre { &html[i..] } else { html[i..].trim_start_matches('\n') };
    rest.starts_with('<').then(|| tag_name(rest))
}

/// Whether HTML lets this closing tag be left out before `next`.
fn omit_closing(name: &str, next: Option<(&str, bool)>) -> bool {
    let is = |n: &str| name.eq_ignore_ascii_case(n);
    if ["li", "td", "th", "tr", "dt", "dd"].iter().any(|n| is(n)) {
        // In HTML pulldown-cmark writes, these are followed by their like or
        // by their parent's end.
        return true;
    }
    match next {
        Some((n, false)) if is("p") => CLOSES_P.iter().any(|t| t.eq_ignore_ascii_case(n)),
        Some((n, true)) if is("p") => ENDS_P.iter().any(|t| t.eq_ignore_ascii_case(n)),
        Some((n, false)) if is("thead") => n.eq_ignore_ascii_case("tbody"),
        Some((n, true)) if is("tbody") => n.eq_ignore_ascii_case("table"),
        _ => false,
    }
}

/// A start tag with its attribute values unquoted where HTML allows, empty
/// values dropped (`disabled=""` is `disabled`), and a void tag's ` /` gone.
fn start_tag(tag: &str, name: &str, out: &mut String) {
    let body = tag.trim_end_matches('>');
    let void = ["br", "hr", "img", "input"].iter().any(|v| v.eq_ignore_ascii_case(name));
    let body = if void { body.trim_end_matches('/').trim_end() } else { body };
    let mut rest = body;
    while let Some(eq) = rest.find("=\"") {
        let value_start = eq + 2;
        let Some(len) = rest[value_start..].find('"') else { break };
        let value = &rest[value_start..value_start + len];
        // pulldown-cmark's only declarations are a cell's `text-align: left`.
        let declarations;
        let value = if rest[..eq].ends_with(" style") {
            declarations = value.replace(": ", ":").replace("; ", ";");
            declarations.as_str()
        } else {
            value
        };
        out.push_str(&rest[..eq]);
        if !value.is_empty() {
            out.push('=');
            out.push_str(&super::attr_value(value));
        }
        rest = &rest[value_start + len + 1..];
    }
    // A bare value last before `/>` would take the slash in.
    if rest.starts_with('/') && !out.ends_with('"') {
        out.push(' ');
    }
    out.push_str(rest);
    out.push('>');
}

#[cfg(test)]
mod tests {
    use super::markdown_html;

    #[test]
    fn blocks_lose_their_newlines_and_optional_closing_tags() {
        let html = "<h2 id=\"a\">A</h2>\n<p>one\ntwo  three</p>\n<ul>\n<li>x</li>\n<li>y</li>\n</ul>\n<p>end</p>\n";
        assert_eq!(
            markdown_html(html),
            "<h2 id=a>A</h2><p>one two three<ul><li>x<li>y</ul><p>end</p>"
        );
    }

    #[test]
    fn a_soft_break_after_inline_markup_stays_a_space() {
        let html = "<p><strong>bold</strong>\ntext<br />\nnext</p>";
        assert_eq!(markdown_html(html), "<p><strong>bold</strong> text<br> next</p>");
    }

    #[test]
    fn code_blocks_keep_every_character() {
        let html = "<pre><code class=\"language-rs\">\nfn  main() {\n}\n</code></pre>\n<p>a</p>";
        assert_eq!(
            markdown_html(html),
            "<pre><code class=language-rs>\nfn  main() {\n}\n</code></pre><p>a</p>"
        );
    }

    #[test]
    fn values_are_unquoted_only_where_html_allows() {
        let html = "<p><a href=\"/a/b/\" title=\"two words\">x</a><input disabled=\"\" type=\"checkbox\" /> <img src=\"x.png\" alt=\"\" /></p>";
        assert_eq!(
            markdown_html(html),
            "<p><a href=/a/b/ title=\"two words\">x</a><input disabled type=checkbox> <img src=x.png alt></p>"
        );
    }

    #[test]
    fn a_self_closing_tag_keeps_its_slash_apart_from_a_bare_value() {
        let html = "<svg><path d=\"M0\"/><rect class=\"a\" /></svg>";
        assert_eq!(markdown_html(html), "<svg><path d=M0 /><rect class=a /></svg>");
    }

    #[test]
    fn tables_and_quotes() {
        let html = "<table><thead><tr><th style=\"text-align: left\">a</th></tr></thead><tbody>\n<tr><td>&quot;1&quot; &gt; 0</td></tr>\n</tbody></table>\n<blockquote>\n<p>q</p>\n</blockquote>\n";
        assert_eq!(
            markdown_html(html),
            "<table><thead><tr><th style=text-align:left>a<tbody><tr><td>\"1\" > 0</table><blockquote><p>q</blockquote>"
        );
    }
}
