//! minify-html over rendered pages and stylesheets.
//!
//! Settings stay standards-compliant (quoted attributes where needed, doctype
//! kept), so the Nu checker accepts the output. CJK text is safe here because the
//! Markdown pass already removed soft breaks between CJK characters: minify-html
//! turns a newline into a space, which would otherwise show in Chinese text.

use minify_html::Cfg;

fn cfg() -> Cfg {
    Cfg {
        minify_css: true,
        minify_js: true,
        keep_html_and_head_opening_tags: true,
        keep_closing_tags: false,
        minify_doctype: false,
        keep_comments: false,
        ..Cfg::default()
    }
}

/// minify-html parses elements recursively, two stack frames per level: a
/// document nested much deeper than this overflows a 2 MiB worker stack (about
/// 450 levels in a debug build). Browsers stop nesting at 512 anyway.
const MAX_DEPTH: usize = 256;

/// Minifies one HTML document (with its inline CSS and JS). A document nested
/// deeper than [`MAX_DEPTH`] is returned as it is: unminified, but whole.
pub fn html(input: &[u8]) -> Vec<u8> {
    if nests_deeper_than(input, MAX_DEPTH) {
        return input.to_vec();
    }
    minify_html::minify(input, &cfg())
}

/// Minifies a stylesheet, through minify-html's CSS minifier (lightningcss).
pub fn css(input: &[u8]) -> Vec<u8> {
    const OPEN: &[u8] = b"<style>";
    const CLOSE: &[u8] = b"</style>";
    let mut doc = Vec::with_capacity(input.len() + 16);
    doc.extend_from_slice(OPEN);
    doc.extend_from_slice(input);
    doc.extend_from_slice(CLOSE);
    let out = minify_html::minify(&doc, &cfg());
    match (out.strip_prefix(OPEN), out.ends_with(CLOSE)) {
        (Some(rest), true) if !rest.is_empty() || input.iter().all(u8::is_ascii_whitespace) => {
            rest[..rest.len() - CLOSE.len()].to_vec()
        }
        // The minifier left the wrapper in another shape: keep the CSS as written.
        _ => input.to_vec(),
    }
}

/// Whether elements nest deeper than `limit` when minify-html parses `html`.
/// Mirrors its parser (tag and attribute syntax, closing tags that count only
/// when they match the open element, void elements, `/>` inside `<svg>`, the
/// raw text of `script`, `style`, `textarea` and `title`, comments) except
/// for closing tags that HTML lets a page omit: those are not inferred, which
/// can only overestimate the depth.
fn nests_deeper_than(html: &[u8], limit: usize) -> bool {
    const VOID: [&[u8]; 15] = [
        b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"keygen", b"link",
        b"meta", b"param", b"source", b"track", b"wbr",
    ];
    let find = |from: usize, needle: &[u8]| {
        html.get(from..).and_then(|rest| {
            rest.windows(needle.len())
                .position(|w| w.eq_ignore_ascii_case(needle))
                .map(|p| from + p)
        })
    };
    let is = |name: &[u8], other: &[u8]| name.eq_ignore_ascii_case(other);
    // Open elements: name, and whether inside `<svg>` (where `/>` closes).
    let mut open: Vec<(&[u8], bool)> = Vec::new();
    let mut i = 0;
    while let Some(p) = html[i..].iter().position(|&b| b == b'<') {
        let at = i + p;
        let rest = &html[at..];
        i = if rest.starts_with(b"<!--") {
            find(at + 4, b"-->").map_or(html.len(), |e| e + 3)
        } else if rest.starts_with(b"<!") {
            find(at + 2, b">").map_or(html.len(), |e| e + 1)
        } else if rest.starts_with(b"<?") {
            find(at + 2, b"?>").map_or(html.len(), |e| e + 2)
        } else if rest.starts_with(b"</") {
            let (name, end, _) = tag(html, at + 2);
            if name.is_empty() {
                find(at + 2, b">").map_or(html.len(), |e| e + 1)
            } else {
                if open.last().is_some_and(|(top, _)| is(top, name)) {
                    open.pop();
                }
                end
            }
        } else if rest.get(1).copied().is_some_and(is_tag_name_char) {
            let (name, end, self_closing) = tag(html, at + 1);
            let svg = open.last().is_some_and(|(_, svg)| *svg) || is(name, b"svg");
            if (self_closing && svg) || VOID.iter().any(|v| is(v, name)) {
                end
            } else if is(name, b"script")
                || is(name, b"style")
                || (!svg && (is(name, b"textarea") || is(name, b"title")))
            {
                let closing = [b"</", name].concat();
                find(end, &closing).unwrap_or(html.len())
            } else {
                open.push((name, svg));
                if open.len() > limit {
                    return true;
                }
                end
            }
        } else {
            at + 1
        };
    }
    false
}

fn is_tag_name_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b':' || b == b'-'
}

/// Reads a tag from just after `<` or `</` the way minify-html does: returns
/// its name, where it ends, and whether it ends in `/>`.
fn tag(html: &[u8], mut k: usize) -> (&[u8], usize, bool) {
    let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
    let start = k;
    while k < html.len() && is_tag_name_char(html[k]) {
        k += 1;
    }
    let name = &html[start..k];
    loop {
        let mut last = None;
        while k < html.len() && (is_space(html[k]) || html[k] == b'/') {
            last = Some(html[k]);
            k += 1;
        }
        if k >= html.len() {
            return (name, html.len(), last == Some(b'/'));
        }
        if html[k] == b'>' {
            return (name, k + 1, last == Some(b'/'));
        }
        // An attribute: a name (its first character may be `=`), then maybe a value.
        k += 1;
        while k < html.len() && !(is_space(html[k]) || matches!(html[k], b'/' | b'=' | b'>')) {
            k += 1;
        }
        while k < html.len() && is_space(html[k]) {
            k += 1;
        }
        if html.get(k) != Some(&b'=') {
            continue;
        }
        k += 1;
        while k < html.len() && is_space(html[k]) {
            k += 1;
        }
        match html.get(k) {
            Some(&q @ (b'"' | b'\'')) => {
                k += 1 + html[k + 1..]
                    .iter()
                    .position(|&b| b == q)
                    .map_or(html.len() - k - 1, |e| e + 1);
            }
            _ => {
                while k < html.len() && !(is_space(html[k]) || html[k] == b'>') {
                    k += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn chinese_text_without_breaks_survives() {
        let out = super::html("<!DOCTYPE html><html lang=zh><head><title>t</title></head><body><p>第一行第二行</p></body></html>".as_bytes());
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains("第一行第二行"), "{out}");
    }

    #[test]
    fn deeply_nested_html_is_left_unminified_instead_of_overflowing_the_stack() {
        // Regression: 10,000 nested blockquotes or raw `<div>`s made
        // minify-html's recursive parser overflow a rayon worker's stack.
        let deep = format!("<body>{}x{}</body>", "<div>".repeat(10_000), "</div>".repeat(10_000));
        assert_eq!(super::html(deep.as_bytes()), deep.as_bytes());
        let svg_leaves = format!("<svg>{}</svg>", "<rect x=\"/>\"/>".repeat(1000));
        assert!(!super::nests_deeper_than(svg_leaves.as_bytes(), 3));
        // Unquoted, the `/` belongs to the value: minify-html nests these.
        let svg_groups = format!("<svg>{}", "<g a=b/>".repeat(300));
        assert!(super::nests_deeper_than(svg_groups.as_bytes(), 256));
        let closer_attrs = "<div><div></x a=\"</div>\">".repeat(200);
        assert!(super::nests_deeper_than(closer_attrs.as_bytes(), 256), "closer attributes");
        let html_slash = "<div/>".repeat(300);
        assert!(super::nests_deeper_than(html_slash.as_bytes(), 256), "`/>` nests in HTML");
        let script = format!("<script>{}</script><p>x</p>", "if(a<b){}".repeat(1000));
        assert!(!super::nests_deeper_than(script.as_bytes(), 2));
        let stray = format!("{}{}", "<div></span>".repeat(300), "</div>".repeat(300));
        assert!(super::nests_deeper_than(stray.as_bytes(), 256), "mismatched closers do not count");
        let shallow = "<ul><li><p>a</p></li><li>b<br>c<img src=x></li></ul>".repeat(1000);
        assert!(!super::nests_deeper_than(shallow.as_bytes(), 3));
    }

    #[test]
    fn css_is_minified() {
        let out = super::css(b"body {\n  color : red ;\n}\n");
        assert_eq!(String::from_utf8(out).unwrap(), "body{color:red}");
    }
}
