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

/// Minifies one HTML document (with its inline CSS and JS).
pub fn html(input: &[u8]) -> Vec<u8> {
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

#[cfg(test)]
mod tests {
    #[test]
    fn chinese_text_without_breaks_survives() {
        let out = super::html("<!DOCTYPE html><html lang=zh><head><title>t</title></head><body><p>第一行第二行</p></body></html>".as_bytes());
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains("第一行第二行"), "{out}");
    }

    #[test]
    fn css_is_minified() {
        let out = super::css(b"body {\n  color : red ;\n}\n");
        assert_eq!(String::from_utf8(out).unwrap(), "body{color:red}");
    }
}
