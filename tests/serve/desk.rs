//! The translation desk over real HTTP, on a temp copy of the default site:
//! the index lists every translated page, the article's desk shows its units
//! side by side, an address that names no translated page (or tries to climb
//! out) gets the desk's 404, a Chinese edit makes exactly one unit stale with
//! its diff, `translate accept` clears it without a change to the site, and
//! `build` never writes any of it.

use scraper::Html;

use super::support::default_site;
use super::{Events, get, request, sel, start};

const DESK: &str = "/__broadsheet/translate/";
const ARTICLE: &str = "/__broadsheet/translate/article/index.md";

fn count(html: &Html, selector: &str) -> usize {
    html.select(&sel(selector)).count()
}

fn texts(html: &Html, selector: &str) -> Vec<String> {
    html.select(&sel(selector)).map(|e| e.text().collect::<String>()).collect()
}

#[test]
fn the_desk_lists_every_translation_and_shows_the_article_side_by_side() {
    let (_dir, root) = default_site();
    let running = start(&root);
    let statuses = broadsheet::translate::status_of(&root, None).unwrap();

    let index = get(running.addr(), DESK);
    assert_eq!(index.status, 200);
    assert_eq!(index.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(index.header("cache-control"), Some("no-store"));
    assert!(index.text().contains("new EventSource(\"/__broadsheet/events\")"), "no live reload");
    let html = index.html();
    let pages = texts(&html, ".pages > li > a");
    assert_eq!(pages.len(), statuses.len(), "{pages:?}");
    let both = "content/article/index.md → content/article/index.en.md";
    assert!(pages.iter().any(|p| p == both), "{pages:?}");
    let article = statuses.iter().find(|s| s.page.name() == "article").unwrap();
    let counts =
        format!("{} units: {} translated, 0 stale, 0 missing", article.units(), article.units());
    assert!(texts(&html, ".counts").iter().any(|c| c.starts_with(&counts)), "{counts}");

    let desk = get(running.addr(), ARTICLE);
    assert_eq!(desk.status, 200);
    let html = desk.html();
    assert_eq!(count(&html, "html[lang=en]"), 1);
    assert_eq!(count(&html, "main h1"), 1);
    assert_eq!(count(&html, ".unit"), article.units());
    assert_eq!(count(&html, ".unit.stale"), 0);
    // Every unit has both languages, each tagged and placed by file and line.
    assert_eq!(count(&html, ".unit [lang=zh-Hans].text"), article.units());
    assert_eq!(count(&html, ".unit [lang=en].text"), article.units());
    let at = texts(&html, "#unit-1 .at");
    assert_eq!(at, ["zh-Hans content/article/index.md:2", "en content/article/index.en.md:2"]);
    // The slug and the translation's own path lead to the same desk.
    for alias in ["article", "article/index.en.md", "content%2Farticle%2Findex.md"] {
        let reply = get(running.addr(), &format!("{DESK}{alias}"));
        assert_eq!((reply.status, reply.text()), (200, desk.text()), "{alias}");
    }
    let bare = get(running.addr(), "/__broadsheet/translate");
    assert_eq!((bare.status, bare.header("location")), (308, Some(DESK)));
}

#[test]
fn an_address_that_names_no_translated_page_gets_the_desks_404() {
    let (_dir, root) = default_site();
    let running = start(&root);
    for target in [
        "/__broadsheet/translate/no-such-page.md",
        "/__broadsheet/translate/..%2F..%2Fetc%2Fpasswd",
        "/__broadsheet/translate/../../etc/passwd",
        "/__broadsheet/translate/%2e%2e/config.toml",
        "/__broadsheet/translate/article/index.en.translation.toml",
        "/__broadsheet/translate/article/photos.toml",
        "/__broadsheet/translate/%ff",
    ] {
        let reply = get(running.addr(), target);
        assert_eq!(reply.status, 404, "{target}");
        let text = reply.text();
        assert!(text.contains("No translated page here"), "{target}: {text}");
        assert!(text.contains(&format!("href=\"{ARTICLE}\"")), "{target} lists no pages");
        assert!(!text.contains("root:x:0:0"), "{target} leaked /etc/passwd");
        assert!(!text.contains("base_url"), "{target} leaked config.toml");
        assert!(!text.contains("[[unit]]"), "{target} leaked a translation record");
    }
    assert_eq!(request(running.addr(), "POST", ARTICLE).status, 405);
}

#[test]
fn a_chinese_edit_makes_one_unit_stale_on_the_desk_and_accept_clears_it() {
    let (_dir, root) = default_site();
    let running = start(&root);
    let addr = running.addr();
    let mut events = Events::open(addr);
    assert_eq!(events.next().map(|(e, _)| e).as_deref(), Some("ok"));

    let file = root.join("content/article/index.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let edited = text.replacen("春潮涌动", "春潮奔涌", 1);
    assert_ne!(edited, text, "the paragraph to edit is not in the article any more");
    std::fs::write(&file, edited).unwrap();
    assert!(events.until("reload").is_some(), "no reload; log:\n{}", running.log());

    let html = get(addr, ARTICLE).html();
    assert_eq!(texts(&html, ".unit.stale .mark"), ["stale"]);
    let at = texts(&html, ".unit.stale .at");
    assert_eq!(at, ["zh-Hans content/article/index.md:13", "en content/article/index.en.md:13"]);
    assert_eq!(texts(&html, ".unit.stale del"), ["removed: 动"]);
    assert_eq!(texts(&html, ".unit.stale ins"), ["added: 奔"]);
    assert_eq!(texts(&html, "nav li").len(), 1);

    // Accepting changes only the record, not the site: the desk still hears of it.
    broadsheet::translate::accept(&root, "article", None, None).unwrap();
    assert!(events.until("checked").is_some(), "no checked; log:\n{}", running.log());
    let html = get(addr, ARTICLE).html();
    assert_eq!(count(&html, ".unit.stale"), 0);
    assert!(texts(&html, "nav").concat().contains("Nothing"));
}

#[test]
fn build_never_writes_the_desk() {
    let (dir, root) = default_site();
    let out = dir.path().join("public");
    broadsheet::build(&broadsheet::BuildOptions::new(&root).output(&out))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(&out).unwrap().to_string_lossy().into_owned();
        assert!(!rel.contains("__broadsheet") && !rel.contains("translate"), "{rel}");
        if rel.ends_with(".html") {
            pages += 1;
            let text = std::fs::read_to_string(entry.path()).unwrap();
            assert!(!text.contains("Translation desk") && !text.contains(DESK), "{rel}");
        }
    }
    assert!(pages > 3, "{pages} pages built");
}
