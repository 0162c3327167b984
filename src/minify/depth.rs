//! How deep minify-html would nest a document's elements: a document nested
//! too deep for its recursive parser is left unminified rather than overflowing
//! a worker's stack.

/// Whether elements nest deeper than `limit` when minify-html parses `html`.
/// Mirrors its parser (tag and attribute syntax, closing tags that count only
/// when they match the open element, void elements, `/>` inside `<svg>`, the
/// raw text of `script`, `style`, `textarea` and `title`, comments) except
/// for closing tags that HTML lets a page omit: those are not inferred, which
/// can only overestimate the depth.
pub(super) fn nests_deeper_than(html: &[u8], limit: usize) -> bool {
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
