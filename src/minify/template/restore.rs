//! The minified template with its stand-ins written back as the constructs
//! and tags they stood for, checked to be each there once, in order.

use super::{EXPR, STMT, TAG};

/// The minified text with every stand-in replaced by what it stood for; `None`
/// unless each is there once, in order.
pub(super) fn unmask(out: &str, originals: &[&str]) -> Option<String> {
    let mut text =
        String::with_capacity(out.len() + originals.iter().map(|o| o.len()).sum::<usize>());
    let mut rest = out;
    let mut next = 0;
    while let Some(at) = rest.find([EXPR.0, '<']) {
        let (before, from) = rest.split_at(at);
        let Some((n, len)) = stand_in(from) else {
            let step = from.chars().next().map_or(1, char::len_utf8);
            text.push_str(&rest[..at + step]);
            rest = &rest[at + step..];
            continue;
        };
        if n != next || n >= originals.len() {
            return None;
        }
        text.push_str(before);
        let original = originals[n];
        if original.starts_with('<') {
            text.push_str(&crate::minify::tag::minify(original));
        } else {
            text.push_str(original);
        }
        rest = &from[len..];
        next += 1;
    }
    text.push_str(rest);
    (next == originals.len()).then_some(text)
}

/// The stand-in at the start of `from`: its number and its length.
fn stand_in(from: &str) -> Option<(usize, usize)> {
    if let Some(r) = from.strip_prefix(EXPR.0) {
        let (n, len) = number(r, EXPR.1)?;
        return Some((n, EXPR.0.len_utf8() + len));
    }
    if let Some(r) = from.strip_prefix('<').and_then(|r| r.strip_prefix(STMT)) {
        let (n, len) = number(r, '>')?;
        let close = format!("</{STMT}{n}>");
        let tail = r[len..].strip_prefix(&close)?;
        return Some((n, from.len() - tail.len()));
    }
    // A tag's: `<name \u{E002}7\u{E003}>`.
    {
        let inner = from.strip_prefix('<')?;
        let name_len =
            inner.bytes().take_while(|c| c.is_ascii_alphanumeric() || *c == b'-').count();
        let r = inner[name_len..].strip_prefix(' ')?.strip_prefix(TAG.0)?;
        let (n, len) = number(r, TAG.1)?;
        let r = &r[len..];
        let r = r.strip_prefix('>').or_else(|| r.trim_start_matches(' ').strip_prefix("/>"))?;
        Some((n, from.len() - r.len()))
    }
}

/// Digits followed by `end`: their value and the length through `end`.
fn number(text: &str, end: char) -> Option<(usize, usize)> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let n = text[..digits].parse().ok()?;
    text[digits..].starts_with(end).then_some((n, digits + end.len_utf8()))
}
