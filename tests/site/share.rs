//! What a shared link and a search engine see: JSON-LD, Open Graph and
//! Twitter tags, the Atom feeds and the share cards, read back from the
//! built default site the way their readers parse them.

use std::path::{Path, PathBuf};

use broadsheet::BuildOptions;
use scraper::Html;
use serde_json::Value;

use crate::common::*;

fn build_default() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    broadsheet::build(&BuildOptions::new(repo()).output(&out)).unwrap_or_else(|e| panic!("{e}"));
    (dir, out)
}

/// The page's JSON-LD objects, parsed.
fn json_ld(html: &Html) -> Vec<Value> {
    html.select(&sel(r#"script[type="application/ld+json"]"#))
        .map(|s| {
            let text: String = s.text().collect();
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
        })
        .collect()
}

/// The content of `<meta property|name=key>`.
fn meta(html: &Html, key: &str) -> Option<String> {
    let by = |a: &str| attr(html, &format!(r#"meta[{a}="{key}"]"#), "content");
    by("property").or_else(|| by("name"))
}

fn metas(html: &Html, key: &str) -> Vec<String> {
    html.select(&sel(&format!(r#"meta[property="{key}"]"#)))
        .filter_map(|e| e.value().attr("content").map(str::to_string))
        .collect()
}

/// Whether this machine can draw Chinese cards; says so when it cannot.
fn cjk_font_installed() -> bool {
    let found = walkdir::WalkDir::new("/usr/share/fonts")
        .into_iter()
        .flatten()
        .any(|e| e.file_name().to_string_lossy().contains("CJK"));
    if !found {
        eprintln!(
            "SKIPPED: no CJK font installed (apt-get install fonts-noto-cjk): share cards are not drawn here"
        );
    }
    found
}

const ZH: &str = "https://example.org/article/";
const EN: &str = "https://example.org/en/article/";

#[test]
fn each_article_page_carries_a_news_article_with_its_translation_links() {
    let (_dir, out) = build_default();
    let zh = json_ld(&page(&out, "article/index.html"));
    let en = json_ld(&page(&out, "en/article/index.html"));
    assert_eq!(zh.len(), 1, "one top-level object, not a graph");
    let (zh, en) = (&zh[0], &en[0]);
    for (a, lang, url, kicker) in
        [(zh, "zh-Hans", ZH, "攀高向新 冲刺50强"), (en, "en", EN, "Climbing higher")]
    {
        assert_eq!(a["@context"], "https://schema.org");
        assert_eq!(a["@type"], "NewsArticle");
        assert_eq!(a["inLanguage"], lang);
        assert_eq!(a["url"], url);
        assert_eq!(a["mainEntityOfPage"]["@id"], url);
        assert_eq!(a["datePublished"], "2024-02-18");
        assert_eq!(a["dateModified"], "2024-02-18");
        assert_eq!(a["isAccessibleForFree"], true);
        assert!(a["alternativeHeadline"].as_str().unwrap().starts_with(kicker), "{a}");
        assert!(a["headline"].as_str().unwrap().chars().count() <= 110);
        assert!(a["description"].as_str().unwrap().len() > 40);
        assert_eq!(a["publisher"]["@type"], "Organization");
        assert_eq!(a["author"]["url"], "https://example.org/");
    }
    assert_eq!(zh["headline"], "江门高新区高质量发展“热辣滚烫”");
    assert_eq!(zh["publisher"]["name"], "江门高新区 · 冲刺50强");
    assert_eq!(zh["workTranslation"][0]["@id"], format!("{EN}#article"));
    assert_eq!(zh["workTranslation"][0]["inLanguage"], "en");
    assert_eq!(en["translationOfWork"]["@id"], format!("{ZH}#article"));
    assert!(en.get("workTranslation").is_none());
    if cjk_font_installed() {
        for a in [zh, en] {
            let image = &a["image"][0];
            assert_eq!(
                (image["width"].as_u64(), image["height"].as_u64()),
                (Some(1200), Some(630))
            );
            assert!(image["url"].as_str().unwrap().ends_with(".png"), "{image}");
        }
    }
}

#[test]
fn home_pages_describe_the_website() {
    let (_dir, out) = build_default();
    for (rel, lang) in [("index.html", "zh-Hans"), ("en/index.html", "en")] {
        let ld = json_ld(&page(&out, rel));
        assert_eq!(ld[0]["@type"], "WebSite", "{rel}");
        assert_eq!(ld[0]["inLanguage"], lang);
    }
    assert!(json_ld(&page(&out, "figures/index.html")).is_empty());
}

#[test]
fn open_graph_and_twitter_tags_name_the_article_in_its_language() {
    let (_dir, out) = build_default();
    let zh = page(&out, "article/index.html");
    let en = page(&out, "en/article/index.html");
    assert_eq!(meta(&zh, "og:type").as_deref(), Some("article"));
    assert_eq!(meta(&zh, "og:title").as_deref(), Some("江门高新区高质量发展“热辣滚烫”"));
    assert_eq!(meta(&zh, "og:url").as_deref(), Some(ZH));
    assert_eq!(meta(&en, "og:url").as_deref(), Some(EN));
    assert_eq!(meta(&zh, "og:site_name").as_deref(), Some("江门高新区 · 冲刺50强"));
    assert_eq!(meta(&zh, "og:locale").as_deref(), Some("zh_CN"));
    assert_eq!(metas(&zh, "og:locale:alternate"), ["en_US"]);
    assert_eq!(meta(&en, "og:locale").as_deref(), Some("en_US"));
    assert_eq!(metas(&en, "og:locale:alternate"), ["zh_CN"]);
    assert!(meta(&zh, "og:description").unwrap().starts_with("一年春作首"));
    assert_eq!(meta(&en, "article:published_time").as_deref(), Some("2024-02-18"));
    assert_eq!(meta(&en, "article:modified_time").as_deref(), Some("2024-02-18"));
    assert_eq!(meta(&page(&out, "index.html"), "og:type").as_deref(), Some("website"));
    // Readers see the date in their language's own form.
    for (html, shown) in [(&zh, "2024年2月18日"), (&en, "18 February 2024")] {
        assert_eq!(texts(html, r#".dateline time[datetime="2024-02-18"]"#), [shown]);
    }
    if cjk_font_installed() {
        for html in [&zh, &en] {
            let image = meta(html, "og:image").unwrap();
            assert!(image.starts_with("https://example.org/") && image.ends_with(".png"));
            assert_eq!(meta(html, "og:image:width").as_deref(), Some("1200"));
            assert_eq!(meta(html, "og:image:height").as_deref(), Some("630"));
            assert_eq!(meta(html, "og:image:alt"), meta(html, "og:title"));
            assert_eq!(meta(html, "twitter:card").as_deref(), Some("summary_large_image"));
        }
        // The home page shares the lead article's card.
        assert_eq!(meta(&page(&out, "index.html"), "og:image"), meta(&zh, "og:image"));
    }
}

/// The feed of a built site, parsed as Atom.
fn feed(out: &Path, rel: &str) -> atom_syndication::Feed {
    let text = std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    text.parse().unwrap_or_else(|e| panic!("{rel} is not Atom: {e}\n{text}"))
}

#[test]
fn each_language_has_an_atom_feed_of_its_articles() {
    let (_dir, out) = build_default();
    for (rel, lang, url, other) in [("feed.xml", "zh-Hans", ZH, EN), ("en/feed.xml", "en", EN, ZH)]
    {
        let feed = feed(&out, rel);
        assert_eq!(feed.lang(), Some(lang), "{rel}");
        assert_eq!(feed.entries().len(), 1);
        let entry = &feed.entries()[0];
        assert_eq!(entry.id(), url);
        assert_eq!(
            entry.published().map(|d| d.to_rfc3339()).as_deref(),
            Some("2024-02-18T00:00:00+00:00")
        );
        let links: Vec<(&str, Option<&str>)> =
            entry.links().iter().map(|l| (l.href(), l.hreflang())).collect();
        assert!(links.contains(&(url, Some(lang))), "{links:?}");
        assert!(links.iter().any(|(href, _)| *href == other), "{links:?}");
        assert!(!entry.authors().is_empty());
        assert!(entry.summary().is_some_and(|s| s.value.len() > 100));
        let content = entry.content().and_then(|c| c.value()).unwrap_or_default();
        assert!(content.matches("<p>").count() >= 33, "the whole article is in the feed");
        let self_link = feed.links().iter().find(|l| l.rel() == "self").unwrap();
        assert_eq!(self_link.href(), format!("https://example.org/{rel}"));
    }
    let zh = feed(&out, "feed.xml");
    assert!(zh.entries()[0].content().unwrap().value().unwrap().contains("新春伊始，春潮涌动"));
    // Every page links both feeds, each with its language.
    for rel in ["index.html", "about/index.html", "en/figures/index.html", "404.html"] {
        let html = page(&out, rel);
        let feeds: Vec<(String, String)> = html
            .select(&sel(r#"link[rel="alternate"][type="application/atom+xml"]"#))
            .map(|l| {
                (l.value().attr("hreflang").unwrap().into(), l.value().attr("href").unwrap().into())
            })
            .collect();
        assert_eq!(
            feeds,
            [
                ("zh-Hans".into(), "https://example.org/feed.xml".into()),
                ("en".into(), "https://example.org/en/feed.xml".into())
            ],
            "{rel}"
        );
    }
    let robots = std::fs::read_to_string(out.join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: https://example.org/en/feed.xml"), "{robots}");
}

/// The card file a page's `og:image` names.
fn card_of(out: &Path, html: &Html) -> PathBuf {
    let url = meta(html, "og:image").expect("the page names a card");
    out.join(url.strip_prefix("https://example.org/").unwrap())
}

#[test]
fn the_share_cards_are_drawn_with_ink_where_the_headline_is_and_the_same_each_build() {
    if !cjk_font_installed() {
        return;
    }
    let (_a, first) = build_default();
    let (_b, second) = build_default();
    for rel in ["article/index.html", "en/article/index.html"] {
        let card = card_of(&first, &page(&first, rel));
        let bytes = std::fs::read(&card).unwrap();
        assert_eq!(bytes, std::fs::read(card_of(&second, &page(&second, rel))).unwrap(), "{rel}");
        let img = image::load_from_memory(&bytes).unwrap().to_rgb8();
        assert_eq!(img.dimensions(), (1200, 630));
        let background = *img.get_pixel(2, 315);
        let differs = |x0: u32, y0: u32, x1: u32, y1: u32| {
            let mut n = 0;
            for y in y0..y1 {
                for x in x0..x1 {
                    n += u32::from(*img.get_pixel(x, y) != background);
                }
            }
            n
        };
        // The headline's band, between the kicker and the site title.
        let ink = differs(80, 200, 1120, 420);
        assert!(ink > 5_000, "{rel}: only {ink} inked pixels where the headline is");
        assert!(differs(0, 0, 1200, 630) < 1200 * 630 / 2, "{rel}: the card is mostly ink");
    }
}

#[test]
fn a_body_edit_keeps_the_card_and_a_new_headline_makes_a_new_one() {
    if !cjk_font_installed() {
        return;
    }
    let (dir, root) = default_site();
    let out = dir.path().join("public");
    let build = || {
        broadsheet::build(&BuildOptions::new(&root).output(&out)).unwrap_or_else(|e| panic!("{e}"));
        meta(&page(&out, "article/index.html"), "og:image").unwrap()
    };
    let before = build();
    let file = root.join("content/article/index.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("春潮涌动", "春潮奔涌")).unwrap();
    assert_eq!(build(), before, "a body edit changed the card");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("“热辣滚烫”", "“火热”")).unwrap();
    assert_ne!(build(), before, "a new headline kept the old card");
}

const HOSTILE: &str = "</script><script>alert(1)</script> \"q\" 'a' & \u{2028}";

#[test]
fn a_hostile_title_makes_valid_json_ld_a_valid_feed_and_no_live_script() {
    let (dir, root) = default_site();
    let file = root.join("content/article/index.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let toml_text =
        HOSTILE.replace('\\', "\\\\").replace('"', "\\\"").replace('\u{2028}', "\\u2028");
    let text = text
        .replacen(
            "title = \"江门高新区高质量发展“热辣滚烫”\"",
            &format!("title = \"{toml_text}\""),
            1,
        )
        .replacen("kicker = \"攀高向新 冲刺50强\"", &format!("kicker = \"{toml_text}\""), 1);
    assert!(text.contains("alert(1)"));
    std::fs::write(&file, text).unwrap();
    let out = dir.path().join("public");
    broadsheet::build(&BuildOptions::new(&root).output(&out)).unwrap_or_else(|e| panic!("{e}"));
    let html_text = std::fs::read_to_string(out.join("article/index.html")).unwrap();
    // Parsed as a browser parses it: the text stays text (in `<title>` and
    // attribute values the minifier may leave `<` bare, which HTML allows).
    let html = Html::parse_document(&html_text);
    let scripts: Vec<_> = html.select(&sel("script")).collect();
    assert_eq!(scripts.len(), 1, "only the JSON-LD is a script");
    assert!(!scripts[0].inner_html().contains('<'), "{}", scripts[0].inner_html());
    assert!(texts(&html, "title")[0].starts_with(HOSTILE));
    let ld = json_ld(&html);
    assert_eq!(ld[0]["headline"], HOSTILE);
    assert_eq!(ld[0]["alternativeHeadline"], HOSTILE);
    assert_eq!(meta(&html, "og:title").as_deref(), Some(HOSTILE));
    let feed = feed(&out, "feed.xml");
    assert_eq!(feed.entries()[0].title().value, HOSTILE);
}

#[test]
fn check_warns_about_an_article_without_a_date() {
    let (dir, root) = default_site();
    let file = root.join("content/article/index.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replacen("date = 2024-02-18\n", "", 1)).unwrap();
    // The translation has none of its own either: it takes the original's.
    let en = root.join("content/article/index.en.md");
    let text = std::fs::read_to_string(&en).unwrap();
    std::fs::write(&en, text.replacen("date = 2024-02-18\n", "", 1)).unwrap();
    let findings = broadsheet::check(&BuildOptions::new(&root));
    let undated: Vec<_> = findings.iter().filter(|d| d.code == "article-undated").collect();
    assert_eq!(undated.len(), 1, "{findings:?}");
    assert_eq!(undated[0].path.as_deref(), Some(Path::new("content/article/index.md")));
    assert!(undated[0].help.as_deref().unwrap().contains("date = "));
    // Without a dated article there is no feed, and no page links one.
    let out = dir.path().join("public");
    broadsheet::build(&BuildOptions::new(&root).output(&out)).unwrap();
    assert!(!out.join("feed.xml").exists());
    assert!(
        attr(&page(&out, "index.html"), r#"link[type="application/atom+xml"]"#, "href").is_none()
    );
}

#[test]
fn a_theme_without_the_new_values_keeps_building_as_before() {
    let dir = site("minimal-theme");
    let findings = broadsheet::check(&BuildOptions::new(dir.path().join("site")));
    assert!(!findings.iter().any(|d| d.is_error()), "{findings:?}");
    let out = build(&dir);
    let note = std::fs::read_to_string(out.join("notes/first/index.html")).unwrap();
    assert!(note.contains("<h1>第一篇</h1>") && note.contains("极简主题"), "{note}");
    assert!(!note.contains("og:") && !note.contains("ld+json") && !note.contains("feed.xml"));
    let home = std::fs::read_to_string(out.join("en/index.html")).unwrap();
    assert!(home.contains("<h1>Home</h1>") && home.contains("A minimal theme"), "{home}");
    // No article: nothing to card or to feed, and robots names only the sitemap.
    assert!(!out.join("feed.xml").exists());
    let robots = std::fs::read_to_string(out.join("robots.txt")).unwrap();
    assert_eq!(robots.matches("Sitemap:").count(), 1, "{robots}");
}
