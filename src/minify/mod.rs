//! Minification, done once where it can be: a theme's templates before any
//! page is rendered ([`template`]), the HTML pulldown-cmark writes as it is
//! written ([`markdown_html`]); minify-html over whole pages only for a theme
//! whose templates cannot be minified first ([`html`]), and over fragments
//! and stylesheets.
//!
//! Settings stay standards-compliant (quoted attributes where needed, doctype
//! kept), so the Nu checker accepts the output. CJK text is safe here because the
//! Markdown pass already removed soft breaks between CJK characters: minify-html
//! turns a newline into a space, which would otherwise show in Chinese text.

mod compact;
mod depth;
mod tag;
mod template;

use minify_html::Cfg;

pub use compact::markdown_html;
use depth::nests_deeper_than;
pub use tag::{ATTR_FILTER, attr_value};
pub use template::template;

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

/// Minifies HTML a page shows inside its template (its body): as it would
/// be minified in the page, but for the closing tag of its last element,
/// which stays, since what follows it is the template's.
pub fn fragment(html: &str) -> String {
    const EDGE: char = '\u{E004}';
    if nests_deeper_than(html.as_bytes(), MAX_DEPTH) {
        return html.to_string();
    }
    let input = format!("{EDGE}{html}{EDGE}");
    let out = minify_html::minify(input.as_bytes(), &cfg());
    let out = std::str::from_utf8(&out).ok();
    match out.and_then(|o| o.strip_prefix(EDGE)?.strip_suffix(EDGE)) {
        Some(min) => min.to_string(),
        None => html.to_string(),
    }
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
        assert!(!super::depth::nests_deeper_than(svg_leaves.as_bytes(), 3));
        // Unquoted, the `/` belongs to the value: minify-html nests these.
        let svg_groups = format!("<svg>{}", "<g a=b/>".repeat(300));
        assert!(super::depth::nests_deeper_than(svg_groups.as_bytes(), 256));
        let closer_attrs = "<div><div></x a=\"</div>\">".repeat(200);
        assert!(super::depth::nests_deeper_than(closer_attrs.as_bytes(), 256), "closer attributes");
        let html_slash = "<div/>".repeat(300);
        assert!(super::depth::nests_deeper_than(html_slash.as_bytes(), 256), "`/>` nests in HTML");
        let script = format!("<script>{}</script><p>x</p>", "if(a<b){}".repeat(1000));
        assert!(!super::depth::nests_deeper_than(script.as_bytes(), 2));
        let stray = format!("{}{}", "<div></span>".repeat(300), "</div>".repeat(300));
        assert!(
            super::depth::nests_deeper_than(stray.as_bytes(), 256),
            "mismatched closers do not count"
        );
        let shallow = "<ul><li><p>a</p></li><li>b<br>c<img src=x></li></ul>".repeat(1000);
        assert!(!super::depth::nests_deeper_than(shallow.as_bytes(), 3));
    }

    #[test]
    fn css_is_minified() {
        let out = super::css(b"body {\n  color : red ;\n}\n");
        assert_eq!(String::from_utf8(out).unwrap(), "body{color:red}");
    }
}
