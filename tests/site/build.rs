//! Builds fixture sites into temp folders and checks what a visitor or an editor
//! would notice: links, languages, CJK text, errors with their places.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use broadsheet::{BuildOptions, Diagnostic};
use scraper::Html;

use crate::common::*;

fn build_error(name: &str) -> Vec<Diagnostic> {
    let dir = site(name);
    let out = dir.path().join("public");
    match broadsheet::build(&BuildOptions::new(dir.path().join("site")).output(&out)) {
        Ok(_) => panic!("{name} built without an error"),
        Err(e) => {
            assert!(!out.exists(), "{name}: a failed build wrote {}", out.display());
            e.diagnostics()
        }
    }
}

#[test]
fn soft_breaks_vanish_between_chinese_characters_but_not_between_words() {
    let dir = site("basic");
    let out = build(&dir);
    let zh = page(&out, "notes/first/index.html");
    let paras = texts(&zh, "main p");
    assert!(paras.iter().any(|p| p == "第一行第二行"), "{paras:?}");
    let en = page(&out, "en/notes/first/index.html");
    assert!(texts(&en, "main p").iter().any(|p| p == "first line second line"));
}

#[test]
fn chinese_headings_get_readable_unique_ids() {
    let dir = site("basic");
    let out = build(&dir);
    let zh = page(&out, "notes/first/index.html");
    let ids: Vec<_> = zh.select(&sel("main h2")).filter_map(|h| h.value().attr("id")).collect();
    assert_eq!(ids, ["聚力科技创新", "聚力科技创新-1", "custom"]);
}

#[test]
fn internal_links_resolve_per_language_with_anchors() {
    let dir = site("basic");
    let out = build(&dir);
    let zh = page(&out, "index.html");
    assert_eq!(attr(&zh, "main .intro a", "href").as_deref(), Some("/notes/first/"));
    let zh_first = page(&out, "notes/first/index.html");
    let back: Vec<_> =
        zh_first.select(&sel("main p a")).filter_map(|a| a.value().attr("href")).collect();
    assert!(back.contains(&"/notes/first/#聚力科技创新"), "{back:?}");
    let en = page(&out, "en/index.html");
    assert_eq!(attr(&en, "main .intro a", "href").as_deref(), Some("/en/notes/first/"));
    let en_first = page(&out, "en/notes/first/index.html");
    let hrefs: Vec<_> =
        en_first.select(&sel("main p a")).filter_map(|a| a.value().attr("href")).collect();
    assert_eq!(hrefs, ["/en/", "/en/notes/first/#focus-on-innovation"]);
}

#[test]
fn every_page_has_canonical_and_hreflang_alternates() {
    let dir = site("basic");
    let out = build(&dir);
    let en = page(&out, "en/notes/first/index.html");
    assert_eq!(en.root_element().value().attr("lang"), Some("en"));
    assert_eq!(
        attr(&en, "link[rel=canonical]", "href").as_deref(),
        Some("https://example.org/en/notes/first/")
    );
    assert_eq!(
        attr(&en, r#"link[rel=alternate][hreflang="zh-Hans"]"#, "href").as_deref(),
        Some("https://example.org/notes/first/")
    );
    assert_eq!(
        attr(&en, r#"link[rel=alternate][hreflang="x-default"]"#, "href").as_deref(),
        Some("https://example.org/notes/first/")
    );
    let zh = page(&out, "notes/first/index.html");
    assert_eq!(zh.root_element().value().attr("lang"), Some("zh-Hans"));
}

#[test]
fn switcher_goes_to_the_counterpart_or_to_the_other_home_with_a_note() {
    let dir = site("basic");
    let out = build(&dir);
    let zh = page(&out, "notes/first/index.html");
    assert_eq!(attr(&zh, ".switcher a[hreflang=en]", "href").as_deref(), Some("/en/notes/first/"));
    let only_zh = page(&out, "notes/second/index.html");
    assert_eq!(attr(&only_zh, ".switcher a[hreflang=en]", "href").as_deref(), Some("/en/"));
    assert_eq!(
        attr(&only_zh, ".switcher a[hreflang=en]", "data-translation").as_deref(),
        Some("missing")
    );
    assert!(!texts(&only_zh, ".switcher-note")[0].is_empty());
    // No alternate link to a page that does not exist.
    assert!(attr(&only_zh, r#"link[rel=alternate][hreflang="en"]"#, "href").is_none());
}

#[test]
fn sub_path_base_url_prefixes_every_link() {
    let dir = site("basic");
    let out = dir.path().join("public");
    let mut opts = BuildOptions::new(dir.path().join("site")).output(&out);
    opts.base_url = Some("https://example.org/site".into());
    broadsheet::build(&opts).unwrap();
    let en = page(&out, "en/notes/first/index.html");
    assert!(attr(&en, "link[rel=stylesheet]", "href").unwrap().starts_with("/site/style."));
    assert_eq!(
        attr(&en, "link[rel=canonical]", "href").as_deref(),
        Some("https://example.org/site/en/notes/first/")
    );
    for a in en.select(&sel("a[href^='/']")) {
        let href = a.value().attr("href").unwrap();
        assert!(href.starts_with("/site/"), "{href} ignores the sub-path");
    }
    let robots = std::fs::read_to_string(out.join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://example.org/site/sitemap.xml"));
}

#[test]
fn sitemap_lists_pages_with_language_alternates() {
    let dir = site("basic");
    let out = build(&dir);
    let xml = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    let doc = Html::parse_document(&xml);
    let locs = texts(&doc, "loc");
    assert!(locs.contains(&"https://example.org/en/notes/first/".to_string()), "{locs:?}");
    assert!(!locs.iter().any(|l| l.contains("draft")));
    let block = xml
        .split("<url>")
        .find(|b| b.contains("<loc>https://example.org/notes/first/</loc>"))
        .unwrap();
    assert!(block.contains(
        r#"<xhtml:link rel="alternate" hreflang="en" href="https://example.org/en/notes/first/"/>"#
    ));
    assert!(block.contains(r#"hreflang="x-default" href="https://example.org/notes/first/""#));
}

#[test]
fn not_found_pages_exist_per_language() {
    let dir = site("basic");
    let out = build(&dir);
    let zh = page(&out, "404.html");
    let en = page(&out, "en/404.html");
    assert_eq!(texts(&zh, "h1"), ["页面未找到"]);
    assert_eq!(texts(&en, "h1"), ["Page not found"]);
    assert_eq!(en.root_element().value().attr("lang"), Some("en"));
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let dir = site("basic");
    let out = build(&dir);
    assert!(!out.join("notes/draft").exists());
    let out2 = dir.path().join("with-drafts");
    let mut opts = BuildOptions::new(dir.path().join("site")).output(&out2);
    opts.drafts = true;
    broadsheet::build(&opts).unwrap();
    assert!(out2.join("notes/draft/index.html").exists());
}

#[test]
fn sections_list_their_pages_by_weight() {
    let dir = site("basic");
    let out = build(&dir);
    let notes = page(&out, "notes/index.html");
    assert_eq!(texts(&notes, ".listing a"), ["第一篇", "第二篇"]);
}

#[test]
fn markdown_extensions_are_on() {
    let dir = site("basic");
    let out = build(&dir);
    let zh = page(&out, "notes/first/index.html");
    assert_eq!(texts(&zh, "table td"), ["面积", "110"]);
    assert_eq!(zh.select(&sel("input[type=checkbox]")).count(), 2);
    assert_eq!(texts(&zh, "del"), ["删除"]);
    assert!(zh.select(&sel(".footnote-definition")).next().is_some());
}

#[test]
fn assets_and_hashed_stylesheet_are_published() {
    let dir = site("i18n");
    let out = build(&dir);
    assert_eq!(std::fs::read_to_string(out.join("article/notes.txt")).unwrap(), "x");
    let home = page(&out, "index.html");
    let css = attr(&home, "link[rel=stylesheet]", "href").unwrap();
    let name = css.trim_start_matches('/');
    assert!(name.len() == "style.12345678.css".len(), "{css}");
    let body = std::fs::read_to_string(out.join(name)).unwrap();
    assert!(!body.contains("\n  "), "stylesheet is minified");
}

fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (e.path().strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(e.path()).unwrap())
        })
        .collect()
}

#[test]
fn two_builds_are_byte_identical() {
    let dir = site("basic");
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    broadsheet::build(&BuildOptions::new(dir.path().join("site")).output(&a)).unwrap();
    broadsheet::build(&BuildOptions::new(dir.path().join("site")).output(&b)).unwrap();
    let (ta, tb) = (tree(&a), tree(&b));
    assert!(ta.len() > 10);
    assert_eq!(ta, tb);
}

#[test]
fn the_default_site_builds_and_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    let s = broadsheet::build(&BuildOptions::new(repo()).output(&a)).unwrap();
    assert_eq!(s.per_language, [("zh".to_string(), 5), ("en".to_string(), 5)]);
    broadsheet::build(&BuildOptions::new(repo()).output(&b)).unwrap();
    assert_eq!(tree(&a), tree(&b));
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let dir = site("invalid/template-error");
    let out = dir.path().join("public");
    // First a good build of the same site without the broken template.
    let good = site("basic");
    broadsheet::build(&BuildOptions::new(good.path().join("site")).output(&out)).unwrap();
    let before = tree(&out);
    let err =
        broadsheet::build(&BuildOptions::new(dir.path().join("site")).output(&out)).unwrap_err();
    assert!(err.to_string().contains("no_such_filter"), "{err}");
    assert_eq!(tree(&out), before);
    let siblings: Vec<_> =
        std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
    assert!(
        !siblings.iter().any(|n| n.to_string_lossy().contains("staging")),
        "no staging folder left behind: {siblings:?}"
    );
}

// One invalid site per error class: the message, the place and the help.

fn only(diags: &[Diagnostic]) -> &Diagnostic {
    assert_eq!(diags.len(), 1, "{diags:#?}");
    &diags[0]
}

fn place(d: &Diagnostic) -> (String, Option<usize>, Option<usize>) {
    (d.path.as_ref().map(|p| p.display().to_string()).unwrap_or_default(), d.line, d.column)
}

#[test]
fn unknown_front_matter_key_names_the_nearest_key() {
    let diags = build_error("invalid/unknown-key");
    let d = only(&diags);
    assert_eq!(d.message, "unknown key `titel`");
    assert_eq!(place(d), ("content/notes/first.md".into(), Some(3), Some(1)));
    assert!(d.help.as_deref().unwrap().starts_with("did you mean `title`?"));
    assert!(d.to_string().contains("3 | titel = \"typo\""));
}

#[test]
fn broken_toml_points_at_the_line() {
    let d = &build_error("invalid/toml-syntax")[0];
    assert!(d.message.starts_with("invalid TOML"), "{}", d.message);
    assert_eq!(place(d).0, "content/notes/first.md");
    assert_eq!(d.line, Some(2));
    assert!(d.help.is_some());
}

#[test]
fn a_date_that_is_not_a_date_is_an_error() {
    let d = &build_error("invalid/bad-date")[0];
    assert_eq!(place(d), ("content/notes/first.md".into(), Some(3), Some(8)));
    assert_eq!(d.message, "not a date: date = \"yesterday\"");
    assert!(d.help.as_deref().unwrap().contains("2024-02-18"));
}

#[test]
fn broken_internal_link_names_file_line_and_column() {
    let d = &build_error("invalid/broken-link")[0];
    assert_eq!(d.message, "link to `@/missing.md`, which does not exist in `zh`");
    assert_eq!(place(d), ("content/notes/first.md".into(), Some(7), Some(2)));
    assert!(d.help.as_deref().unwrap().contains("existing file"));
}

#[test]
fn broken_anchor_suggests_the_nearest() {
    let d = &build_error("invalid/broken-anchor")[0];
    assert_eq!(d.message, "`@/notes/first.md` has no anchor `#聚力科技创` in `zh`");
    assert_eq!(place(d), ("content/notes/first.md".into(), Some(7), Some(2)));
    assert!(d.help.as_deref().unwrap().starts_with("did you mean `#聚力科技创新`?"));
}

#[test]
fn link_to_a_draft_is_an_error() {
    let d = &build_error("invalid/link-to-draft")[0];
    assert_eq!(d.message, "this page links to `@/notes/draft.md`, which is a draft");
    assert_eq!(place(d), ("content/notes/first.md".into(), Some(5), Some(2)));
}

#[test]
fn template_error_names_template_line_and_page() {
    let diags = build_error("invalid/template-error");
    let d = &diags[0];
    assert!(d.message.contains("no_such_filter"), "{}", d.message);
    assert_eq!(place(d), ("templates/page.html".into(), Some(4), Some(17)));
    assert!(d.help.is_some());
}

#[test]
fn missing_ui_string_names_key_and_language() {
    let diags = build_error("invalid/missing-ui-string");
    assert!(
        diags.iter().any(|d| d.message.contains("missing UI string `page.nope` for language `zh`")),
        "{diags:#?}"
    );
    assert!(
        diags.iter().any(|d| d.message.contains("content/notes/first.md")),
        "names the page: {diags:#?}"
    );
}

#[test]
fn unknown_config_key_names_the_nearest() {
    let d = &build_error("invalid/config-key")[0];
    assert_eq!(d.message, "unknown key `minfy`");
    assert_eq!(place(d), ("config.toml".into(), Some(3), Some(1)));
    assert!(d.help.as_deref().unwrap().starts_with("did you mean `minify`?"));
}

#[test]
fn two_files_writing_one_url_is_an_error() {
    let d = &build_error("invalid/duplicate-url")[0];
    assert!(d.message.contains("both write the page /notes/first/"), "{}", d.message);
}

#[test]
fn invalid_utf8_names_the_file_and_line() {
    let d = &build_error("invalid/invalid-utf8")[0];
    assert_eq!(place(d), ("content/notes/first.md".into(), Some(6), Some(5)));
    assert!(d.message.contains("not valid UTF-8"));
    assert!(d.help.as_deref().unwrap().contains("UTF-8"));
}

#[test]
fn unknown_language_suffix_is_an_error() {
    let d = &build_error("invalid/unknown-language")[0];
    assert!(d.message.contains("names the language `fr`"), "{}", d.message);
    assert_eq!(place(d).0, "content/notes/first.fr.md");
}

#[test]
fn slug_that_escapes_is_refused() {
    let d = &build_error("invalid/slug-traversal")[0];
    assert!(d.message.contains("cannot be part of a URL path"), "{}", d.message);
}

#[test]
fn output_inside_content_is_refused() {
    let dir = site("basic");
    let root = dir.path().join("site");
    let err =
        broadsheet::build(&BuildOptions::new(&root).output(root.join("content/out"))).unwrap_err();
    assert!(err.to_string().contains("inside `content/`"), "{err}");
}
