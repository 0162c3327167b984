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

use super::cfg;

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
        let len = utf8_len(b[i]);
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
        let before = masked.rfind('<').map_or(Some(""), |at| Some(tag_name(&masked[at..])));
        let after = (i < b.len()).then(|| tag_name(&source[i..]));
        return before_tag
            && after_tag
            && [before, after].into_iter().all(|t| t.is_none_or(is_block));
    }
    statement && after_tag && before_tag
}

/// The name of the tag at the start of `text` (`<p …>` or `</p>`).
fn tag_name(text: &str) -> &str {
    let name = text.trim_start_matches('<').trim_start_matches('/');
    &name[..name.bytes().take_while(|c| c.is_ascii_alphanumeric()).count()]
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

/// Whether a `{% … %}` construct is a `raw` block, which prints its text.
fn is_raw_block(construct: &str) -> bool {
    construct.starts_with("{%") && statement_word(construct) == "raw"
}

/// The words of a statement inside its delimiters and whitespace controls.
fn statement_word(construct: &str) -> &str {
    construct[2..construct.len() - 2].trim_matches(|c: char| c == '-' || c.is_whitespace())
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

/// The end of the Tera construct that starts at `i`, if one does: `{{ … }}`,
/// `{% … %}` (a `raw` block through its `endraw`), or `{# … #}`.
pub(super) fn construct_end(source: &str, i: usize) -> Option<usize> {
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

/// The minified text with every stand-in replaced by what it stood for; `None`
/// unless each is there once, in order.
fn unmask(out: &str, originals: &[&str]) -> Option<String> {
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
            text.push_str(&super::tag::minify(original));
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

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::template;

    #[test]
    fn static_markup_is_minified_and_constructs_are_kept_as_written() {
        let src = "<div class=\"a\">\n  <p>{{ page.title }}</p>\n  {% if x %}\n  <span>y</span>\n  {% endif %}\n</div>\n";
        let out = template(src).unwrap();
        assert_eq!(
            out,
            "<div class=a><p>{{ page.title }}</p>{% if x %}<span>y</span>{% endif %}</div>"
        );
    }

    #[test]
    fn a_tag_with_a_construct_is_written_back_whole() {
        let src = "<ul>\n<li><a href=\"{{ u }}\"{% if c %} aria-current=\"page\"{% endif %}>{{ t }}</a></li>\n</ul>";
        let out = template(src).unwrap();
        let a = "<a href={{ (u) | minified_attr }}{% if c %} aria-current=page{% endif %}>";
        assert_eq!(out, format!("<ul><li>{a}{{{{ t }}}}</a></ul>"));
    }

    #[test]
    fn no_closing_tag_is_left_out_before_a_construct() {
        // What the block prints follows the paragraph: it may be text.
        let out = template("<div><p>a</p>{{ body | safe }}</div>").unwrap();
        assert_eq!(out, "<div><p>a</p>{{ body | safe }}</div>");
        // A partial's last paragraph is followed by whatever includes it.
        assert_eq!(template("<p>a</p>\n").unwrap(), "<p>a</p>");
    }

    #[test]
    fn what_cannot_stand_in_is_refused() {
        assert_eq!(template("<script>let x = {{ n }};</script>"), None);
        assert_eq!(template("<!-- {{ x }} --><p>a</p>"), None);
        assert_eq!(template("<div>a</{{ tag }}>"), None);
        // JSON is copied as it is, so a construct may stand in it.
        let json =
            template("<script type=\"application/ld+json\">{{ j | safe }}</script>").unwrap();
        assert_eq!(json, "<script type=application/ld+json>{{ j | safe }}</script>");
    }

    #[test]
    fn raw_blocks_and_strings_with_closers_stay_whole() {
        let src = "<p>{% raw %}{{ not tera }}{% endraw %}</p><p>{{ \"}}\" ~ x }}</p><i>x</i>";
        assert_eq!(
            template(src).unwrap(),
            "<p>{% raw %}{{ not tera }}{% endraw %}<p>{{ \"}}\" ~ x }}</p><i>x</i>"
        );
    }

    #[test]
    fn whitespace_beside_a_statement_that_may_print_text_stays() {
        // Rendered, the space separates the link from the text the branch prints.
        let src = "<div><a href=\"/\">x</a> {% if s %}sub{% endif %}\n<i>y</i></div>";
        assert_eq!(
            template(src).unwrap(),
            "<div><a href=/>x</a> {% if s %}sub{% endif %} <i>y</i></div>"
        );
    }

    #[test]
    fn any_text_is_minified_or_refused_without_a_panic() {
        let pieces = [
            "<p>",
            "</p>",
            "{{ x }}",
            "{% if a %}",
            "{% endif %}",
            "{#",
            "#}",
            "<a href=\"{{ u }}\">",
            "</a>",
            "中文·",
            " ",
            "\n",
            "<",
            ">",
            "\"",
            "<!--",
            "-->",
            "<script>",
            "</script>",
            "{% raw %}",
            "{% endraw %}",
            "}}",
            "%}",
            "<title>",
            "</title>",
            "<br/>",
            "\u{E000}1\u{E001}",
        ];
        let mut seed = 7u64;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..12 {
                seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                text += pieces[(seed >> 33) as usize % pieces.len()];
            }
            if let Some(out) = template(&text) {
                // Every construct is still there, in its order.
                let constructs =
                    |t: &str| t.matches("{{ x }}").count() + t.matches("{% if a %}").count();
                assert_eq!(constructs(&out), constructs(&text), "{text:?} → {out:?}");
            }
        }
    }

    #[test]
    fn a_title_holds_statements_as_text() {
        let src = "<!DOCTYPE html>\n<html lang=\"{{ l }}\">\n<head>\n<title>{% block title %}{{ t }}{% endblock title %}</title>\n</head>\n<body>\n<p>x</p>\n</body>\n</html>\n";
        let out = template(src).unwrap();
        assert_eq!(
            out,
            "<!doctype html><html lang={{ (l) | minified_attr }}><head><title>{% block title %}{{ t }}{% endblock title %}</title><body><p>x"
        );
    }
}

#[cfg(test)]
mod theme {
    /// The default theme renders pages that need no minifying.
    #[test]
    fn every_template_of_the_default_theme_minifies() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        for entry in walkdir::WalkDir::new(&dir) {
            let path = entry.unwrap().into_path();
            if path.extension().is_some_and(|e| e == "html") {
                let text = std::fs::read_to_string(&path).unwrap();
                assert!(super::template(&text).is_some(), "{} does not minify", path.display());
            }
        }
    }
}
