//! `broadsheet::markdown::render` (every pass: CJK breaks, text merging, heading
//! ids, photo figures, internal links, figure quotes) on any text, then link
//! resolution and minification (minify-html parses recursively: deep nesting
//! must not overflow the stack) over its output.

#![no_main]

use broadsheet::markdown::{self, PageEnv, Quote};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else { return };
    let quotes = [Quote {
        text: "面积约111平方公里。".into(),
        id: "src-area".into(),
        href: "/figures/#fig-area".into(),
        label: "面积".into(),
    }];
    let photo = |id: &str, _alt: &str| {
        (id == "p1").then(|| "<figure id=\"p1\"><div>P1</div></figure>".to_string())
    };
    let ids = ["p1".to_string()];
    let env = PageEnv { photo: &photo, photo_ids: &ids, quotes: &quotes };
    let r = markdown::render(body, &env);
    for (_, span) in &r.diagnostics {
        assert!(span.start <= span.end && span.end <= body.len(), "{span:?} outside the body");
    }
    for link in &r.links {
        assert!(link.span.end <= body.len());
    }
    let html = markdown::resolve_links(&r.html, &r.links, |l| format!("/{}#{:?}", l.key, l.anchor));
    let page = format!(
        "<!DOCTYPE html><html><head><title>t</title></head><body><main>{html}</main></body></html>"
    );
    let _ = broadsheet::minify::html(page.as_bytes());
});
