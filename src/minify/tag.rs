//! A tag of a template that holds Tera, written back minified: whitespace
//! between attributes made one space, literal values unquoted where HTML
//! allows, and a value that is one `{{ … }}` handed to [`ATTR_FILTER`], which
//! quotes what it prints only when HTML needs it. Constructs between
//! attributes (an `{% if %}` around one) stay as written.

use super::template::construct_end;

/// The filter a minified template prints a whole attribute value through.
pub const ATTR_FILTER: &str = "minified_attr";

/// An attribute value as minify-html writes it: bare when HTML allows, else
/// in double quotes (a `"` inside escaped).
pub fn attr_value(value: &str) -> String {
    if bare(value) {
        return value.to_string();
    }
    format!("\"{}\"", value.replace('"', "&#34;"))
}

/// Whether a value can stand unquoted.
fn bare(value: &str) -> bool {
    !value.is_empty()
        && !value.bytes().any(|c| c.is_ascii_whitespace() || b"\"'=<>`".contains(&c))
        && !value.contains("{{")
        && !value.contains("{%")
        && !value.contains("{#")
}

/// The tag `tag` (from `<` through `>`) minified.
pub fn minify(tag: &str) -> String {
    let b = tag.as_bytes();
    let name_len =
        b.iter().skip(1).take_while(|c| !c.is_ascii_whitespace() && !b">{/".contains(c)).count();
    let mut out = String::with_capacity(tag.len());
    out.push_str(&tag[..1 + name_len]);
    let mut i = 1 + name_len;
    // Whether the last thing written must be followed by whitespace before
    // anything but `>`: an unquoted value would take it in.
    let mut open_value = false;
    while i < b.len() {
        let run = b[i..].iter().take_while(|c| c.is_ascii_whitespace()).count();
        i += run;
        match b.get(i) {
            None => break,
            Some(b'>') => {
                out.push('>');
                break;
            }
            Some(b'/') if b.get(i + 1) == Some(&b'>') => {
                if open_value {
                    out.push(' ');
                }
                out.push_str("/>");
                break;
            }
            _ => {}
        }
        if run > 0 || (open_value && !statement_then_space(tag, i)) {
            out.push(' ');
        }
        if let Some(end) = construct_end(tag, i) {
            // A construct between attributes, or an attribute's name.
            if b.get(end) == Some(&b'=') {
                out.push_str(&tag[i..end]);
                i = end;
                open_value = attribute_value(tag, &mut i, &mut out);
            } else {
                out.push_str(&tag[i..end]);
                i = end;
                open_value = false;
            }
            continue;
        }
        let name = b[i..]
            .iter()
            .take_while(|c| !c.is_ascii_whitespace() && !b"=>".contains(c) && **c != b'{')
            .count()
            .max(1);
        out.push_str(&tag[i..i + name]);
        i += name;
        open_value = attribute_value(tag, &mut i, &mut out);
    }
    out
}

/// Writes the `=value` at `*i`, if there is one, minified; returns whether it
/// was written unquoted.
fn attribute_value(tag: &str, i: &mut usize, out: &mut String) -> bool {
    let b = tag.as_bytes();
    let mut j = *i;
    while b.get(j).is_some_and(u8::is_ascii_whitespace) {
        j += 1;
    }
    if b.get(j) != Some(&b'=') {
        return false;
    }
    j += 1;
    while b.get(j).is_some_and(u8::is_ascii_whitespace) {
        j += 1;
    }
    out.push('=');
    let Some(&q @ (b'"' | b'\'')) = b.get(j) else {
        // Unquoted already: copy it through its end (constructs whole).
        let start = j;
        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'>' {
            j = construct_end(tag, j).unwrap_or(j + 1);
        }
        out.push_str(&tag[start..j]);
        *i = j;
        return true;
    };
    let start = j + 1;
    let mut end = start;
    while end < b.len() && b[end] != q {
        end = construct_end(tag, end).unwrap_or(end + 1);
    }
    let value = &tag[start..end.min(b.len())];
    *i = (end + 1).min(b.len());
    if bare(value) {
        out.push_str(value);
        return true;
    }
    if let Some(expr) = whole_expression(value) {
        out.push_str(&format!("{{{{ {expr} | {ATTR_FILTER} }}}}"));
        return true;
    }
    out.push(q as char);
    out.push_str(value);
    out.push(q as char);
    false
}

/// Whether statements start at `i` and what follows them is whitespace or
/// the tag's end, so that a value left unquoted before them ends there.
fn statement_then_space(tag: &str, mut i: usize) -> bool {
    let b = tag.as_bytes();
    let mut any = false;
    while b.get(i + 1).is_some_and(|c| *c == b'%' || *c == b'#')
        && let Some(end) = construct_end(tag, i)
    {
        (i, any) = (end, true);
    }
    any && b.get(i).is_some_and(|c| c.is_ascii_whitespace() || *c == b'>')
}

/// A value made of literal text and `{{ … }}` expressions as one expression
/// that prints it (`"#" ~ (h.id)`); `None` when a part cannot be: a
/// statement, an entity or quote in the text, HTML marked safe.
fn whole_expression(value: &str) -> Option<String> {
    let mut parts = Vec::new();
    let mut i = 0;
    while i < value.len() {
        let end = match construct_end(value, i) {
            Some(end) if value[i..].starts_with("{{") => end,
            Some(_) => return None,
            None => {
                let lit = value[i..].find('{').map_or(value.len(), |p| i + p.max(1));
                let text = &value[i..lit];
                if text.contains(['&', '"', '\'', '\\', '{']) {
                    return None;
                }
                parts.push(format!("\"{text}\""));
                i = lit;
                continue;
            }
        };
        let inner = value[i + 2..end - 2].trim_start_matches('-').trim_end_matches('-').trim();
        if inner.is_empty() || inner.ends_with("safe") {
            return None;
        }
        parts.push(format!("({inner})"));
        i = end;
    }
    if !parts.iter().any(|p| p.starts_with('(')) {
        return None;
    }
    Some(if parts.len() == 1 { parts.remove(0) } else { format!("({})", parts.join(" ~ ")) })
}

#[cfg(test)]
mod tests {
    use super::{attr_value, minify};

    #[test]
    fn literal_values_are_unquoted_where_html_allows_and_expressions_go_through_the_filter() {
        let tag = "<a  class=\"brand\"\n href=\"{{ url }}\"{% if c %} aria-current=\"page\"{% endif %} title=\"a b\">";
        assert_eq!(
            minify(tag),
            "<a class=brand href={{ (url) | minified_attr }}{% if c %} aria-current=page{% endif %} title=\"a b\">"
        );
        let mixed = "<body class=\"lang-{{ lang }}\" id=\"{{ a }}-{% if b %}c{% endif %}\">";
        let out = "<body class={{ (\"lang-\" ~ (lang)) | minified_attr }} id=\"{{ a }}-{% if b %}c{% endif %}\">";
        assert_eq!(minify(mixed), out);
        // A statement right after the name stays whole, strings and all.
        let glued = "<a{% if x == \"a  b\" %} class=\"y\"{% endif %}>";
        assert_eq!(minify(glued), "<a{% if x == \"a  b\" %} class=y{% endif %}>");
        // HTML marked safe is printed as it is, not escaped again.
        assert_eq!(minify("<a title=\"{{ t | safe }}\">"), "<a title=\"{{ t | safe }}\">");
        assert_eq!(minify("<img src=\"{{ s }}\"/>"), "<img src={{ (s) | minified_attr }} />");
        assert_eq!(
            minify("<meta {{ m.attr }}=\"{{ m.key }}\">"),
            "<meta {{ m.attr }}={{ (m.key) | minified_attr }}>"
        );
    }

    #[test]
    fn a_value_is_quoted_only_when_it_must_be() {
        assert_eq!(attr_value("https://example.org/a/"), "https://example.org/a/");
        assert_eq!(attr_value("a b"), "\"a b\"");
        assert_eq!(attr_value(""), "\"\"");
        assert_eq!(attr_value("x=1"), "\"x=1\"");
        assert_eq!(attr_value("say \"hi\""), "\"say &#34;hi&#34;\"");
    }
}
