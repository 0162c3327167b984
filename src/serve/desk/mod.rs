//! The translation desk that `serve` shows under [`DESK_PATH`]: translation
//! statuses → HTML pages for translators.
//!
//! In: the [`PageStatus`] of each translated page (the HTTP side reads them
//! from the files on every request) and the `lang` tags of the two sides. Out:
//! whole HTML documents: [`index`] lists every translated page by both file
//! names with its counts; [`page`] shows one page side by side, unit by unit
//! (see [`mod@page`]); [`not_found`] and [`unreadable`] say what went wrong and
//! what to do.
//!
//! Invariants: pure (no file access: statuses come in, strings go out); every
//! text that comes from a file is escaped; every state is said in words, never
//! by colour alone; nothing is fetched from elsewhere (the stylesheet is
//! inline). The interface is in English, like the terminal's messages,
//! whatever the site's languages; the units themselves carry their own `lang`.
//! Only `serve` answers these pages: `build` never writes them.

mod page;

use std::fmt::Write as _;
use std::path::Path;

use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

use crate::text::escape_html;
use crate::translate::report::slashed;
use crate::translate::{PageRef, PageStatus};

pub use page::page;

/// Where the desk lives: outside any base path, like the events path, so it
/// never collides with a page of the site.
pub const DESK_PATH: &str = "/__broadsheet/translate/";

/// The desk's stylesheet, inlined into every desk page.
const STYLE: &str = include_str!("desk.css");

/// What a path segment cannot carry as it is (beyond controls and non-ASCII).
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'&')
    .add(b'\'')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'\\')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// The `lang` tags (BCP 47: `zh-Hans`, `en`) of a page's two sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tags<'a> {
    pub source: &'a str,
    pub translation: &'a str,
}

/// One line of the index: a translation and its status, or why its files do
/// not read (the message names the file and line).
#[derive(Debug)]
pub struct Listed {
    pub page: PageRef,
    pub status: Result<PageStatus, String>,
}

/// A file's path as the desk names it: under `content/`, with `/`.
fn content_path(path: &Path) -> String {
    let path = slashed(path);
    path.strip_prefix("content/").map_or_else(|| path.clone(), str::to_string)
}

/// The translation a desk address names. `rest` is what follows
/// [`DESK_PATH`], percent-encoded: a page's content path (`article/index.md`),
/// its translation's (`article/index.en.md`) or its slug (`article`), with or
/// without `content/`. It is only compared with the pages given, never used as
/// a path, so no address can reach any other file.
pub fn find<'a>(pages: &'a [PageRef], rest: &str) -> Option<&'a PageRef> {
    let decoded = percent_decode_str(rest).decode_utf8().ok()?;
    let wanted = decoded.trim_end_matches('/');
    let wanted = wanted.strip_prefix("content/").unwrap_or(wanted);
    if wanted.is_empty() {
        return None;
    }
    let by = |f: &dyn Fn(&PageRef) -> String| pages.iter().find(|p| f(p) == wanted);
    by(&|p| content_path(&p.source))
        .or_else(|| by(&|p| content_path(&p.translation)))
        .or_else(|| by(&PageRef::name))
}

/// The desk address of a translation: its page's content path, or the
/// translation's own when the page has translations in several languages.
pub fn href(page: &PageRef, pages: &[PageRef]) -> String {
    let several = pages.iter().filter(|p| p.source == page.source).count() > 1;
    let path = content_path(if several { &page.translation } else { &page.source });
    let segments: Vec<String> =
        path.split('/').map(|s| utf8_percent_encode(s, SEGMENT).to_string()).collect();
    format!("{DESK_PATH}{}", segments.join("/"))
}

/// `content/article/index.md → content/article/index.en.md`, escaped; the
/// line may break before the arrow.
fn both_names(page: &PageRef) -> String {
    format!(
        "<code>{}</code> <wbr>→ <code>{}</code>",
        escape_html(&slashed(&page.source)),
        escape_html(&slashed(&page.translation))
    )
}

/// A whole desk page: `title` and `main` are HTML, already escaped. The
/// empty icon keeps the browser from asking for `/favicon.ico`.
fn document(title: &str, main: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <link rel=\"icon\" href=\"data:,\"><title>{title} · translation desk</title><style>{STYLE}</style></head><body>\
         <header><p><a href=\"{DESK_PATH}\">Translation desk</a> · a preview tool of \
         <code>broadsheet serve</code>, not part of the site</p></header>\
         <main>{main}</main></body></html>\n"
    )
}

/// What the states mean, in words, for the index and the 404 page.
const LEGEND: &str = "<p><strong>Stale</strong>: the source changed since the translation \
    was made, or the translation was never accepted. <strong>Missing</strong>: a source unit \
    with no translation. <strong>Untranslated</strong>: a slot that still holds the source \
    text. The desk updates by itself when you save.</p>";

/// Every translated page with its counts.
pub fn index(listed: &[Listed]) -> String {
    let mut main = String::from("<h1>Translation desk</h1>");
    if listed.is_empty() {
        main.push_str(
            "<p>No page has a translation yet. Start one with \
             <code>broadsheet translate start PAGE --lang LANG</code>; it appears here.</p>",
        );
        return document("Translated pages", &main);
    }
    main.push_str(LEGEND);
    main.push_str("<h2>Translated pages</h2><ul class=\"pages\">");
    let pages: Vec<PageRef> = listed.iter().map(|l| l.page.clone()).collect();
    for entry in listed {
        let _ = write!(
            main,
            "<li><a href=\"{}\">{}</a>",
            escape_html(&href(&entry.page, &pages)),
            both_names(&entry.page)
        );
        match &entry.status {
            Ok(s) => {
                let todo =
                    s.stale() + s.missing() + s.untranslated() + s.composition.orphaned.len();
                let _ = write!(
                    main,
                    "<p class=\"counts\">{} units: {} translated, {} stale, {} missing, {} \
                     untranslated · <strong>{}</strong></p>",
                    s.units(),
                    s.translated(),
                    s.stale(),
                    s.missing(),
                    s.untranslated(),
                    if todo == 0 { "up to date" } else { "needs attention" }
                );
            }
            Err(message) => {
                let _ = write!(
                    main,
                    "<p><strong>Cannot be read:</strong></p><pre class=\"error\">{}</pre>",
                    escape_html(message)
                );
            }
        }
        main.push_str("</li>");
    }
    main.push_str("</ul>");
    document("Translated pages", &main)
}

/// The answer to a desk address that names no translated page.
pub fn not_found(rest: &str, pages: &[PageRef]) -> String {
    let asked = percent_decode_str(rest).decode_utf8_lossy();
    let mut main = format!(
        "<h1>No translated page here</h1><p>The desk has no page \
         <code>{}</code>. It shows the pages that have a translation, by their path under \
         <code>content/</code>:</p><ul>",
        escape_html(&asked)
    );
    for p in pages {
        let _ = write!(
            main,
            "<li><a href=\"{}\">{}</a></li>",
            escape_html(&href(p, pages)),
            both_names(p)
        );
    }
    if pages.is_empty() {
        main.push_str("<li>none yet</li>");
    }
    main.push_str(
        "</ul><p>To translate another page, run \
         <code>broadsheet translate start PAGE --lang LANG</code>; it appears here.</p>",
    );
    document("Not found", &main)
}

/// The answer when the translations cannot be read at all (`message` says
/// which file and line, and what to do).
pub fn unreadable(message: &str) -> String {
    let main = format!(
        "<h1>The translations cannot be read</h1><pre class=\"error\">{}</pre>\
         <p>Fix the file named above and save: this page updates by itself.</p>",
        escape_html(message)
    );
    document("Cannot be read", &main)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    pub(super) fn page_ref(source: &str, lang: &str) -> PageRef {
        let source = PathBuf::from(source);
        let stem = source.file_stem().unwrap().to_str().unwrap().to_string();
        let translation = source.with_file_name(format!("{stem}.{lang}.md"));
        PageRef { source, translation, source_lang: "zh".into(), lang: lang.into() }
    }

    #[test]
    fn an_address_finds_its_page_by_any_of_its_names_and_nothing_else() {
        let pages = [page_ref("content/a/index.md", "en"), page_ref("content/关于.md", "en")];
        for rest in ["a/index.md", "content/a/index.md", "a/index.en.md", "a", "a/index.md/"] {
            assert_eq!(find(&pages, rest), Some(&pages[0]), "{rest}");
        }
        assert_eq!(find(&pages, "%E5%85%B3%E4%BA%8E.md"), Some(&pages[1]));
        for rest in ["", "/", "b.md", "..%2F..%2Fetc%2Fpasswd", "../a/index.md", "a%2Findex", "%ff"]
        {
            assert_eq!(find(&pages, rest), None, "{rest}");
        }
    }

    #[test]
    fn links_are_encoded_and_name_the_translation_when_a_page_has_several() {
        let one = [page_ref("content/关于 我们.md", "en")];
        assert_eq!(
            href(&one[0], &one),
            "/__broadsheet/translate/%E5%85%B3%E4%BA%8E%20%E6%88%91%E4%BB%AC.md"
        );
        assert_eq!(find(&one, href(&one[0], &one).strip_prefix(DESK_PATH).unwrap()), Some(&one[0]));
        let two = [page_ref("content/a.md", "en"), page_ref("content/a.md", "fr")];
        assert_eq!(href(&two[1], &two), "/__broadsheet/translate/a.fr.md");
        assert_eq!(find(&two, "a.fr.md"), Some(&two[1]));
    }

    #[test]
    fn the_404_page_escapes_what_was_asked_and_lists_the_pages() {
        let pages = [page_ref("content/a/index.md", "en")];
        let html = not_found("%3Cscript%3Ealert(1)%3C%2Fscript%3E", &pages);
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{html}");
        assert!(html.contains("href=\"/__broadsheet/translate/a/index.md\""), "{html}");
        assert!(html.contains("content/a/index.en.md"), "{html}");
    }

    #[test]
    fn an_unreadable_page_is_listed_with_its_message() {
        let listed = [Listed {
            page: page_ref("content/<b>.md", "en"),
            status: Err("bad <toml>\n --> content/<b>.en.translation.toml:3".into()),
        }];
        let html = index(&listed);
        assert!(html.contains("Cannot be read:"), "{html}");
        assert!(html.contains("bad &lt;toml&gt;\n --&gt; content/&lt;b&gt;.en.translation.toml:3"));
        assert!(html.contains("<code>content/&lt;b&gt;.md</code>"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(index(&[]).contains("No page has a translation yet"));
    }
}
