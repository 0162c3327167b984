//! A template minified once, so the pages rendered from it need no minifying.
//!
//! minify-html cannot read Tera, so each Tera construct stands in for itself
//! while the template is minified: a `{{ … }}` as a mark in the text (what it
//! prints is text, or HTML the page supplies already minified), a `{% … %}`
//! or `{# … #}` as an empty element (it prints nothing of its own, so the
//! whitespace beside it is treated as whitespace between elements), and a
//! tag with a construct inside it as a bare tag of the same name, written
//! back as it was. The stand-ins keep minify-html conservative: a closing tag
//! is left out only where the next element in the template allows it, never
//! before a construct. Whatever it cannot stand in for (a construct in a
//! closing tag or comment, in a script or style that is not JSON) makes the
//! template unsuitable: [`template`] returns `None` and the caller minifies
//! rendered pages instead. So does a result whose constructs are not all there,
//! once each, in their order, or that lost a closing tag HTML requires.

mod restore;
mod syntax;
#[cfg(test)]
mod tests;

use super::cfg;
use super::compact::tag_name;
use restore::unmask;
pub(super) use syntax::construct_end;
use syntax::{is_raw_block, statement_word};

/// A `{{ n }}` stand-in: private-use marks around the construct's number.
const EXPR: (char, char) = ('\u{E000}', '\u{E001}');
/// The attribute that stands in for a tag's own text.
const TAG: (char, char) = ('\u{E002}', '\u{E003}');
/// Text at both ends of a partial, so its first and last closing tags stay.
const EDGE: char = '\u{E004}';
/// The element that stands in for a statement: `<x-tera-stmt-7></x-tera-stmt-7>`.
const STMT: &str = "x-tera-stmt-";

/// Closing tags that HTML lets a document leave out (minify-html does).
const OPTIONAL_CLOSE: [&str; 19] = [
    "html", "head", "body", "p", "li", "dt", "dd", "rt", "rp", "optgroup", "option", "colgroup",
    "caption", "thead", "tbody", "tfoot", "tr", "td", "th",
];

/// The minified form of a Tera template's source, or `None` when it cannot
/// be minified safely before rendering.
pub fn template(source: &str) -> Option<String> {
    // Text that looks like a stand-in could be taken for one.
    let marks = [EXPR.0, EXPR.1, TAG.0, TAG.1, EDGE];
    if source.contains(marks) || source.contains(STMT) {
        return None;
    }
    let masked = mask(source)?;
    let whole = source.contains("<html") || source.contains("<HTML");
    let input = if whole { masked.text } else { format!("{EDGE}{}{EDGE}", masked.text) };
    let out = String::from_utf8(minify_html::minify(input.as_bytes(), &cfg())).ok()?;
    let out = if whole { out.as_str() } else { out.strip_prefix(EDGE)?.strip_suffix(EDGE)? };
    let restored = unmask(&drop_optional_closers(out.trim()), &masked.originals)?;
    (closing_tags(source) == closing_tags(&restored)).then_some(restored)
}

/// Closing tags that HTML always lets a page leave out before what a
/// statement may print (in a valid page, a `li` is followed by a `li` or the
/// end of its list, a cell by a cell or the end of its row): minify-html keeps
/// them before a stand-in, which it does not know for a statement.
fn drop_optional_closers(out: &str) -> String {
    let mut text = out.to_string();
    for closer in ["</li>", "</td>", "</th>", "</tr>", "</dt>", "</dd>", "</option>"] {
        text = text.replace(&format!("{closer}<{STMT}"), &format!("<{STMT}"));
    }
    text
}

/// A template's text with its constructs replaced by stand-ins.
struct Masked<'a> {
    text: String,
    originals: Vec<&'a str>,
}

/// Where the scan is: in markup, or in the raw text of an element.
enum Mode {
    Markup,
    /// Inside `script`/`style`/`title`/`textarea` until its closing tag;
    /// whether a construct may stand there as a text mark.
    Raw {
        close: String,
        marks: bool,
    },
}

fn mask(source: &str) -> Option<Masked<'_>> {
    let mut m = Masked { text: String::with_capacity(source.len() + 64), originals: Vec::new() };
    let mut mode = Mode::Markup;
    let mut i = 0;
    let b = source.as_bytes();
    while i < b.len() {
        if let Some(end) = construct_end(source, i) {
            let n = m.originals.len();
            m.originals.push(&source[i..end]);
            match mode {
                Mode::Raw { marks: false, .. } => return None,
                Mode::Markup if between_tags(source, i, end, &m.text) => {
                    m.text += &format!("<{STMT}{n}></{STMT}{n}>");
                }
                _ => m.text += &format!("{}{n}{}", EXPR.0, EXPR.1),
            }
            i = end;
            continue;
        }
        match &mode {
            Mode::Raw { close, .. } if starts_with_ci(&b[i..], close.as_bytes()) => {
                mode = Mode::Markup;
            }
            Mode::Markup if b[i] == b'<' => {
                let (end, next) = markup(source, i, &mut m)?;
                i = end;
                if let Some(next) = next {
                    mode = next;
                }
                continue;
            }
            _ => {}
        }
        // Plain text up to the next place a construct or a tag could start.
        let len = source[i..].chars().next().map_or(1, char::len_utf8);
        let run = source[i + len..].find(['{', '<']).map_or(source.len(), |p| i + len + p);
        m.text.push_str(&source[i..run]);
        i = run;
    }
    Some(m)
}

/// Whether the construct at `start..end` is a statement that prints nothing
/// of its own and stands between tags (whitespace and other statements
/// aside), so minify-html may treat the whitespace beside it as whitespace
/// between elements. A statement beside text stands as text: its branches
/// may print text, and the whitespace next to it must stay.
///
/// So does HTML a page supplies (`{{ page.content | safe }}`) between block
/// tags: whitespace beside those is never shown.
fn between_tags(source: &str, start: usize, end: usize, masked: &str) -> bool {
    let b = source.as_bytes();
    let construct = &source[start..end];
    let statement = b[start + 1] != b'{' && !is_raw_block(construct);
    let html = b[start + 1] == b'{' && statement_word(construct).ends_with("| safe");
    let masked = masked.trim_end();
    let after_tag = masked.is_empty() || masked.ends_with('>');
    let mut i = end;
    loop {
        while b.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        match construct_end(source, i) {
            Some(next) if b[i + 1] != b'{' && !is_raw_block(&source[i..next]) => i = next,
            _ => break,
        }
    }
    let before_tag = match b.get(i..i + 2) {
        None => i >= b.len(),
        Some([b'<', c]) => c.is_ascii_alphabetic() || matches!(c, b'/' | b'!'),
        _ => false,
    };
    if html {
        let before = masked.rfind('<').map_or(Some(""), |at| Some(tag_name(&masked[at..]).0));
        let after = (before_tag && i < b.len()).then(|| tag_name(&source[i..]).0);
        return before_tag
            && after_tag
            && [before, after].into_iter().all(|t| t.is_none_or(is_block));
    }
    statement && after_tag && before_tag
}

/// Whether whitespace beside this tag is never shown: a block (or the edge
/// of the template), or the document's head.
fn is_block(name: &str) -> bool {
    const BLOCKS: [&str; 44] = [
        "",
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "details",
        "dialog",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hgroup",
        "hr",
        "html",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "meta",
    ];
    BLOCKS.iter().any(|b| b.eq_ignore_ascii_case(name))
}

/// A `<` in markup: a tag, a comment, or a plain `<`. Copies or stands in for
/// it, and returns where it ends and, after a raw-text element's start tag,
/// the mode its content is read in.
fn markup<'a>(source: &'a str, i: usize, m: &mut Masked<'a>) -> Option<(usize, Option<Mode>)> {
    let b = source.as_bytes();
    if source[i..].starts_with("<!--") {
        let end = source[i..].find("-->").map_or(source.len(), |p| i + p + 3);
        let text = &source[i..end];
        if text.contains("{{") || text.contains("{%") || text.contains("{#") {
            return None;
        }
        m.text += text;
        return Some((end, None));
    }
    let closing = b.get(i + 1) == Some(&b'/');
    let name_at = i + 1 + usize::from(closing);
    let name_len =
        b[name_at..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'-').count();
    if name_len == 0 || !b[name_at].is_ascii_alphabetic() {
        m.text.push('<');
        return Some((i + 1, None));
    }
    let name = source[name_at..name_at + name_len].to_ascii_lowercase();
    let (end, dynamic) = tag_end(source, name_at + name_len)?;
    let tag = &source[i..end];
    let raw = ["script", "style", "title", "textarea"].contains(&name.as_str());
    if dynamic {
        if closing || raw {
            return None;
        }
        let n = m.originals.len();
        m.originals.push(tag);
        let close = if tag.ends_with("/>") { "/>" } else { ">" };
        m.text += &format!("<{name} {}{n}{}{close}", TAG.0, TAG.1);
    } else {
        m.text += tag;
    }
    let mode = (raw && !closing).then(|| Mode::Raw {
        close: format!("</{name}"),
        // A construct can stand as text in a title or textarea, and in a
        // script minify-html copies as it is (JSON); not in code it rewrites.
        marks: matches!(name.as_str(), "title" | "textarea") || tag.contains("json"),
    });
    Some((end, mode))
}

/// The end of a tag whose name ends at `from`: just past its `>`, skipping
/// quoted values and constructs; and whether a construct is inside it.
fn tag_end(source: &str, from: usize) -> Option<(usize, bool)> {
    let b = source.as_bytes();
    let (mut i, mut quote, mut dynamic) = (from, None::<u8>, false);
    while i < b.len() {
        if let Some(end) = construct_end(source, i) {
            dynamic = true;
            i = end;
            continue;
        }
        match (quote, b[i]) {
            (None, b'>') => return Some((i + 1, dynamic)),
            (None, q @ (b'"' | b'\'')) => quote = Some(q),
            (Some(q), c) if c == q => quote = None,
            _ => {}
        }
        i += 1;
    }
    None
}

/// How many closing tags of each kind HTML requires, outside constructs.
fn closing_tags(text: &str) -> std::collections::BTreeMap<String, usize> {
    let mut counts = std::collections::BTreeMap::new();
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(at) = text[i..].find(['{', '<']) {
        i += at;
        if let Some(end) = construct_end(text, i) {
            i = end;
            continue;
        }
        if b[i..].starts_with(b"</") {
            let name: String = text[i + 2..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect::<String>()
                .to_ascii_lowercase();
            if !name.is_empty() && !OPTIONAL_CLOSE.contains(&name.as_str()) {
                *counts.entry(name).or_insert(0) += 1;
            }
        }
        i += 1;
    }
    counts
}

fn starts_with_ci(text: &[u8], prefix: &[u8]) -> bool {
    text.len() >= prefix.len() && text[..prefix.len()].eq_ignore_ascii_case(prefix)
}
