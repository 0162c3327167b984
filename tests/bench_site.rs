//! The benchmark site (`benches/gensite/`, included here as a module) at a
//! small N, built with broadsheet: every page is there, in both languages,
//! sections list every article, the language switcher reaches each translation
//! and internal links resolve. A fast build must not be bought with missing
//! work; this is what the benchmark's pages have to contain. The Hugo and Zola
//! variants are checked for the files those tools need.

#[path = "../benches/gensite/lib.rs"]
mod gensite;
#[path = "support/mod.rs"]
mod support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use broadsheet::{BuildOptions, Summary};
use gensite::Tool;
use scraper::{Html, Selector};

/// Articles per language.
const N: usize = 5;

/// Writes the broadsheet variant of the benchmark site with n articles.
fn generate(n: usize, root: &Path) {
    generate_for(Tool::Broadsheet, n, root);
}

fn generate_for(tool: Tool, n: usize, root: &Path) {
    gensite::generate(tool, n, root).unwrap_or_else(|e| {
        panic!("cannot generate the {tool} benchmark site in {}: {e}", root.display())
    });
}

struct Built {
    dir: tempfile::TempDir,
    out: PathBuf,
    summary: Summary,
}

fn build_bench_site(n: usize) -> Built {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    generate(n, &root);
    let out = dir.path().join("public");
    let summary = broadsheet::build(&BuildOptions::new(&root).output(&out))
        .unwrap_or_else(|e| panic!("the benchmark site does not build: {e}"));
    Built { dir, out, summary }
}

fn slug(k: usize) -> String {
    format!("post-{k:05}")
}

/// Site-absolute path of article `k` in `lang`.
fn article_path(lang: &str, k: usize) -> String {
    format!("{}/posts/{}/", prefix(lang), slug(k))
}

fn prefix(lang: &str) -> &'static str {
    if lang == "zh" { "" } else { "/en" }
}

/// Every page the site has, as (zh path, en path).
fn page_pairs(n: usize) -> Vec<(String, String)> {
    let mut pairs = vec![("/".to_string(), "/en/".to_string())];
    pairs.push(("/posts/".into(), "/en/posts/".into()));
    pairs.extend((1..=n).map(|k| (article_path("zh", k), article_path("en", k))));
    pairs
}

fn page(out: &Path, path: &str) -> Html {
    let file = out.join(path.trim_start_matches('/')).join("index.html");
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    Html::parse_document(&text)
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn attrs(html: &Html, selector: &str, name: &str) -> Vec<String> {
    html.select(&sel(selector)).filter_map(|e| e.value().attr(name)).map(str::to_string).collect()
}

fn texts(html: &Html, selector: &str) -> Vec<String> {
    html.select(&sel(selector)).map(|e| e.text().collect::<String>()).collect()
}

fn html_files(out: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(out).unwrap().to_string_lossy().replace('\\', "/"))
        .filter(|p| p.ends_with(".html"))
        .collect()
}

#[test]
fn builds_every_page_of_the_benchmark_site_in_both_languages() {
    let site = build_bench_site(N);
    // N articles, one section and one home page per language.
    assert_eq!(site.summary.pages, 2 * N + 4);
    assert_eq!(site.summary.per_language, [("zh".to_string(), N + 2), ("en".to_string(), N + 2)]);
    let mut expected: BTreeSet<String> = ["404.html", "en/404.html"].map(String::from).into();
    for (zh, en) in page_pairs(N) {
        for path in [zh, en] {
            expected.insert(format!("{}index.html", path.trim_start_matches('/')));
        }
    }
    assert_eq!(html_files(&site.out), expected);

    let sitemap = std::fs::read_to_string(site.out.join("sitemap.xml")).unwrap();
    assert_eq!(sitemap.matches("<loc>").count(), 2 * N + 4, "{sitemap}");
    let png = std::fs::read(site.out.join("images/bench.png")).expect("the shared image is copied");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"), "images/bench.png is not a PNG");
    drop(site.dir);
}

#[test]
fn each_section_page_lists_every_article_in_its_language_in_order() {
    let site = build_bench_site(N);
    for (lang, title_start) in [("zh", "高新区观察第"), ("en", "High-tech Zone Watch No. ")] {
        let section = page(&site.out, &format!("{}/posts/", prefix(lang)));
        let hrefs = attrs(&section, "main .listing li > a", "href");
        let want: Vec<String> = (1..=N).map(|k| article_path(lang, k)).collect();
        assert_eq!(hrefs, want, "{lang} section listing");
        let titles = texts(&section, "main .listing li > a");
        for (k, title) in (1..=N).zip(&titles) {
            let number = if lang == "zh" { format!("{k}篇") } else { format!("{k}:") };
            assert!(
                title.starts_with(title_start) && title.contains(&number),
                "{lang} listing entry {k} is titled {title:?}"
            );
        }
        // Each entry carries its article's description.
        assert_eq!(texts(&section, "main .listing li > p").len(), N, "{lang} descriptions");
    }
}

#[test]
fn every_page_switches_to_its_translation() {
    let site = build_bench_site(N);
    for (zh_path, en_path) in page_pairs(N) {
        let zh = page(&site.out, &zh_path);
        assert_eq!(zh.root_element().value().attr("lang"), Some("zh-Hans"), "{zh_path}");
        assert_eq!(
            attrs(&zh, ".switcher a[hreflang=en]", "href"),
            std::slice::from_ref(&en_path),
            "{zh_path}"
        );
        assert_eq!(texts(&zh, ".switcher .current"), ["中文"], "{zh_path}");
        assert_eq!(
            attrs(&zh, "link[rel=alternate][hreflang=en]", "href"),
            [format!("https://example.org{en_path}")],
            "{zh_path}"
        );

        let en = page(&site.out, &en_path);
        assert_eq!(en.root_element().value().attr("lang"), Some("en"), "{en_path}");
        assert_eq!(
            attrs(&en, r#".switcher a[hreflang="zh-Hans"]"#, "href"),
            std::slice::from_ref(&zh_path),
            "{en_path}"
        );
        assert_eq!(texts(&en, ".switcher .current"), ["English"], "{en_path}");
    }
}

#[test]
fn article_links_reach_the_neighbouring_articles_in_the_same_language() {
    let site = build_bench_site(N);
    for lang in ["zh", "en"] {
        for k in 1..=N {
            let path = article_path(lang, k);
            let html = page(&site.out, &path);
            let prev = if k == 1 { N } else { k - 1 };
            let next = if k == N { 1 } else { k + 1 };
            let hrefs = attrs(&html, "main article a", "href");
            assert_eq!(
                hrefs,
                [
                    article_path(lang, prev),
                    format!("{}#overview", article_path(lang, next)),
                    "https://www.stats.gov.cn/".to_string(),
                ],
                "{path}"
            );
            let target = page(&site.out, &article_path(lang, next));
            assert_eq!(attrs(&target, "main h2#overview", "id").len(), 1, "{path} → #overview");
        }
        let home = page(&site.out, &format!("{}/", prefix(lang)));
        assert_eq!(attrs(&home, "main .intro a", "href"), [format!("{}/posts/", prefix(lang))]);
    }
}

#[test]
fn articles_keep_their_headings_list_table_and_image() {
    let site = build_bench_site(N);
    for lang in ["zh", "en"] {
        for k in 1..=N {
            let path = article_path(lang, k);
            let html = page(&site.out, &path);
            let h2 = attrs(&html, "main article h2", "id");
            assert_eq!(h2.len(), 3, "{path}: {h2:?}");
            assert_eq!(h2[0], "overview", "{path}");
            assert_eq!(html.select(&sel("main article ul > li")).count(), 4, "{path}");
            assert_eq!(html.select(&sel("main article table tbody tr")).count(), 4, "{path}");
            assert_eq!(attrs(&html, "main article img", "src"), ["/images/bench.png"], "{path}");
            let alt = attrs(&html, "main article img", "alt");
            assert!(alt.len() == 1 && !alt[0].is_empty(), "{path}: image without alt text");
            let words: usize = texts(&html, "main article p").iter().map(|p| p.len()).sum();
            assert!(words > 1200, "{path}: only {words} bytes of paragraph text");
        }
    }
}

#[test]
fn the_generator_writes_the_same_hard_wrapped_two_kilobyte_articles_every_time() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    generate(3, &a);
    generate(3, &b);
    let files = |root: &Path| support::files_under(&root.join("content"), root);
    let first = files(&a);
    assert_eq!(first, files(&b), "two runs of the generator differ");
    assert_eq!(first.len(), 2 * 3 + 4 + 1, "3 articles × 2, 2 sections, 2 homes, 1 image");

    let zh = std::fs::read_to_string(a.join("content/posts/post-00001.md")).unwrap();
    assert!((2000..3000).contains(&zh.len()), "{} bytes", zh.len());
    // Hard-wrapped: prose lines hold about 20 Chinese characters.
    let prose: Vec<&str> = zh
        .lines()
        .filter(|l| !l.is_empty() && !l.contains(['#', '|', '[', '+', '=', '-', '!']))
        .collect();
    assert!(prose.len() > 15, "{zh}");
    assert!(prose.iter().all(|l| l.chars().count() <= 24), "{zh}");
}

/// Known bug: a line break between Chinese text and a link (`数据来源于` ⏎
/// `[国家统计局](…)`) turns into a space, because the soft-break pass only looks
/// at text events on both sides of the break, not at the text inside or beyond a
/// link. Chinese readers see `数据来源于 国家统计局 及高新区…`.
#[test]
fn chinese_text_has_no_space_where_a_line_break_meets_a_link() {
    let site = build_bench_site(N);
    for k in 1..=N {
        let path = article_path("zh", k);
        let html = page(&site.out, &path);
        for p in texts(&html, "main article p") {
            let chars: Vec<char> = p.chars().collect();
            for w in chars.windows(3) {
                let cjk = |c: char| matches!(c as u32, 0x3000..=0x303F | 0x4E00..=0x9FFF | 0xFF00..=0xFFEF);
                assert!(!(w[1] == ' ' && cjk(w[0]) && cjk(w[2])), "{path}: stray space in {p:?}");
            }
        }
    }
}

/// Every file under `root`, as a relative path with `/` separators.
fn files_under(root: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"))
        .collect()
}

/// A Hugo or Zola content file rewritten with broadsheet's link syntax, as
/// words (English lines wrap at different places when the link text differs).
/// An article's last paragraph is left out: it grows until the Markdown body
/// reaches its target size, so longer link syntax ends it a sentence sooner.
fn as_broadsheet_words(tool: Tool, text: &str, n: usize) -> Vec<String> {
    let mut text = text.replace("sort_by = \"weight\"\n", "");
    for k in 1..=n {
        let slug = format!("post-{k:05}");
        let ours = format!("@/posts/{slug}.md");
        let theirs = match tool {
            Tool::Hugo => [
                format!(r#"{{{{< relref "/posts/{slug}#overview" >}}}}"#),
                format!(r#"{{{{< relref "/posts/{slug}" >}}}}"#),
            ],
            _ => [format!("@/posts/{slug}.en.md#overview"), format!("@/posts/{slug}.en.md")],
        };
        text = text.replace(&theirs[0], &format!("{ours}#overview")).replace(&theirs[1], &ours);
    }
    let section = match tool {
        Tool::Hugo => r#"{{< relref "/posts" >}}"#,
        _ => "@/posts/_index.en.md",
    };
    text = text.replace(section, "@/posts/_index.md");
    words_before_last_paragraph(&text)
}

fn words_before_last_paragraph(text: &str) -> Vec<String> {
    let kept = match text.rfind("\n## ") {
        Some(at) => &text[..at],
        None => text,
    };
    kept.split_whitespace().map(str::to_string).collect()
}

#[test]
fn hugo_and_zola_get_the_same_text_with_their_own_links_theme_and_image() {
    let dir = tempfile::tempdir().unwrap();
    let ours = dir.path().join("broadsheet");
    generate(3, &ours);
    let content = |root: &Path| -> BTreeSet<String> {
        files_under(root)
            .into_iter()
            .filter(|f| f.starts_with("content/") && f.ends_with(".md"))
            .collect()
    };
    let theme_css =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/static/style.css"))
            .unwrap();
    let png = std::fs::read(ours.join("content/images/bench.png")).unwrap();
    for (tool, own_files) in [
        (
            Tool::Hugo,
            [
                "hugo.toml",
                "layouts/_default/baseof.html",
                "layouts/_default/single.html",
                "layouts/index.html",
                "i18n/en.toml",
            ],
        ),
        (
            Tool::Zola,
            [
                "config.toml",
                "templates/base.html",
                "templates/page.html",
                "templates/section.html",
                "templates/index.html",
            ],
        ),
    ] {
        let site = dir.path().join(tool.name());
        generate_for(tool, 3, &site);
        let files = files_under(&site);
        for file in own_files {
            assert!(files.contains(file), "{tool}: no {file} in {files:?}");
        }
        assert_eq!(
            std::fs::read(site.join("static/style.css")).unwrap(),
            theme_css,
            "{tool}: style sheet"
        );
        assert_eq!(
            std::fs::read(site.join("static/images/bench.png")).unwrap(),
            png,
            "{tool}: image"
        );
        assert_eq!(content(&site), content(&ours), "{tool}: content files");
        for file in content(&ours) {
            let theirs = std::fs::read_to_string(site.join(&file)).unwrap();
            let broadsheet = std::fs::read_to_string(ours.join(&file)).unwrap();
            // Links in the tool's own syntax only: relref for Hugo, the
            // English file for Zola's English pages.
            let (broadsheet_style, english) =
                (theirs.matches("@/").count(), theirs.matches(".en.md").count());
            match tool {
                Tool::Hugo => assert_eq!(broadsheet_style, 0, "{tool}: {file}\n{theirs}"),
                _ if file.ends_with(".en.md") => {
                    assert_eq!(broadsheet_style, english, "{tool}: {file}\n{theirs}")
                }
                _ => {}
            }
            let want = words_before_last_paragraph(&broadsheet);
            assert_eq!(as_broadsheet_words(tool, &theirs, 3), want, "{tool}: {file}\n{theirs}");
        }
    }
}
