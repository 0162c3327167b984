//! Tera's syntax, as far as the minifier needs it: where a construct ends
//! (strings inside it skipped, a `raw` block through its `endraw`), and what
//! a statement says.

/// Whether a `{% … %}` construct is a `raw` block, which prints its text.
pub(super) fn is_raw_block(construct: &str) -> bool {
    construct.starts_with("{%") && statement_word(construct) == "raw"
}

/// The words of a statement inside its delimiters and whitespace controls.
pub(super) fn statement_word(construct: &str) -> &str {
    construct[2..construct.len() - 2].trim_matches(|c: char| c == '-' || c.is_whitespace())
}

/// The end of the Tera construct that starts at `i`, if one does: `{{ … }}`,
/// `{% … %}` (a `raw` block through its `endraw`), or `{# … #}`.
pub(in crate::minify) fn construct_end(source: &str, i: usize) -> Option<usize> {
    // Only at a `{`, which is where a character starts.
    if source.as_bytes().get(i) != Some(&b'{') {
        return None;
    }
    let rest = &source[i..];
    let close = match rest.as_bytes().get(..2)? {
        b"{{" => "}}",
        b"{%" => "%}",
        b"{#" => "#}",
        _ => return None,
    };
    let end = i + 2 + skip_strings(&rest[2..], close)? + close.len();
    if close == "%}" && statement_word(&source[i..end]) == "raw" {
        let after = &source[end..];
        let mut at = 0;
        while let Some(p) = after[at..].find("{%") {
            let stmt_end = construct_end(after, at + p)?;
            if statement_word(&after[at + p..stmt_end]) == "endraw" {
                return Some(end + stmt_end);
            }
            at += p + 2;
        }
        return None;
    }
    Some(end)
}

/// The offset of `close` in `text`, outside Tera string literals.
fn skip_strings(text: &str, close: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut quote = None::<u8>;
    for (i, &c) in b.iter().enumerate() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, b'"' | b'\'' | b'`') => quote = Some(c),
            None if b[i..].starts_with(close.as_bytes()) => return Some(i),
            None => {}
        }
    }
    None
}
