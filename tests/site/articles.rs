//! Any article of the family becomes a site: `broadsheet new` from the binary
//! alone, articles imported next to each other, and what readers of a site
//! with several articles, or with no English yet, see.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use scraper::Html;

use crate::common::*;

/// The raw extractions of the family kept as fixtures (the seed among them).
fn raws() -> Vec<PathBuf> {
    let mut raws: Vec<PathBuf> = std::fs::read_dir(repo().join("tests/fixtures/import"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".raw.txt"))
        .collect();
    raws.sort();
    assert!(raws.len() >= 6, "{raws:?}");
    raws
}

/// Runs the installed binary in `cwd`, as a user would.
fn run(cwd: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_broadsheet")).args(args).current_dir(cwd).output().unwrap()
}

fn ok(cwd: &Path, args: &[&str]) -> String {
    let out = run(cwd, args);
    let text =
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "broadsheet {args:?} in {}:\n{text}", cwd.display());
    text
}

/// Every id on a page appears once.
fn assert_unique_ids(html: &Html, what: &str) {
    let mut seen = HashSet::new();
    for id in html.select(&sel("[id]")).filter_map(|e| e.value().attr("id")) {
        assert!(seen.insert(id.to_string()), "{what}: id `{id}` appears twice");
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn new_makes_a_site_from_any_article_that_builds_and_checks_clean() {
    for raw in raws() {
        // Only the binary and the raw file: nothing of the repository.
        let tmp = tempfile::tempdir().unwrap();
        let name = raw.file_name().unwrap().to_str().unwrap();
        std::fs::copy(&raw, tmp.path().join(name)).unwrap();
        ok(tmp.path(), &["new", "site", "--from", name]);
        let site = tmp.path().join("site");
        ok(&site, &["build"]);
        let check = ok(&site, &["check"]);
        assert!(check.contains("0 errors"), "{name}: {check}");

        let expected: serde_json::Value = serde_json::from_str(&read(
            &raw.with_file_name(name.replace(".raw.txt", ".expected.json")),
        ))
        .unwrap();
        let out = site.join("public");
        // The Chinese home leads with the article; the English one says the
        // translation is in preparation and links to the original.
        let home = page(&out, "index.html");
        assert_eq!(texts(&home, ".hero h1"), [expected["title"].as_str().unwrap()]);
        let en_home = page(&out, "en/index.html");
        assert_eq!(attr(&en_home, ".hero a.button", "href").as_deref(), Some("/article/"));
        let en = page(&out, "en/article/index.html");
        assert_eq!(attr(&en, ".pending a.button", "href").as_deref(), Some("/article/"), "{name}");
        assert_eq!(attr(&en, ".pending h1", "lang").as_deref(), Some("zh-Hans"));
        assert!(attr(&en, "meta[name=robots]", "content").is_some_and(|c| c.contains("noindex")));
        let zh = page(&out, "article/index.html");
        assert_eq!(
            attr(&zh, "a[data-translation=exists][hreflang=en]", "href").as_deref(),
            Some("/en/article/")
        );
        // Every caption is on the photos page, in both languages (the English
        // one shows the Chinese, marked as such).
        for lang in ["", "en/"] {
            let photos = page(&out, &format!("{lang}photos/index.html"));
            let shown = texts(&photos, "figure.photo .caption");
            for caption in expected["captions"].as_array().unwrap() {
                assert!(
                    shown.iter().any(|c| c == caption["text"].as_str().unwrap()),
                    "{name} {lang}: {shown:?}"
                );
            }
            assert_unique_ids(&photos, name);
        }
        let en_photos = page(&out, "en/photos/index.html");
        assert!(en_photos.select(&sel("figcaption[lang=zh-Hans]")).next().is_some());
        // The drafted figures quote exact sentences of the article and link to them.
        let figures = page(&out, "figures/index.html");
        let items = figures.select(&sel(".figure-item")).count();
        assert!(items >= 5, "{name}: {items} figures");
        let article_ids: HashSet<String> = zh
            .select(&sel("[id]"))
            .filter_map(|e| e.value().attr("id"))
            .map(str::to_string)
            .collect();
        for link in figures.select(&sel(".figure-source a")) {
            let href = link.value().attr("href").unwrap();
            let anchor = href.strip_prefix("/article/#").unwrap_or_else(|| panic!("{href}"));
            assert!(article_ids.contains(anchor), "{name}: {href} has no target");
        }
        let drafted = read(&site.join("content/article/figures.toml"));
        assert!(drafted.contains("reviewed = false"));
        // Nothing English on the way is left without its language.
        for dir in ["en/figures/index.html", "en/index.html"] {
            let html = page(&out, dir);
            assert_unique_ids(&html, dir);
        }
    }
}

#[test]
fn new_refuses_a_folder_that_is_not_empty_and_needs_no_raw_file() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("taken")).unwrap();
    std::fs::write(tmp.path().join("taken/notes.txt"), "mine").unwrap();
    let out = run(tmp.path(), &["new", "taken"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not empty"));
    assert_eq!(read(&tmp.path().join("taken/notes.txt")), "mine");
    // Without --from: the sample article, like `zola init`.
    ok(tmp.path(), &["new", "sample"]);
    ok(&tmp.path().join("sample"), &["build"]);
    assert!(tmp.path().join("sample/public/article/index.html").exists());
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn three_articles_imported_into_one_site_each_keep_their_own_figures_and_photos() {
    let tmp = tempfile::tempdir().unwrap();
    let raws = raws();
    let [first, second, third] = [&raws[0], &raws[1], &raws[2]];
    let copy = |raw: &PathBuf| {
        let name = raw.file_name().unwrap().to_str().unwrap().to_string();
        std::fs::copy(raw, tmp.path().join(&name)).unwrap();
        format!("../{name}")
    };
    ok(tmp.path(), &["new", "site", "--from", copy(first).trim_start_matches("../")]);
    let site = tmp.path().join("site");
    let before = read(&site.join("config.toml"));
    ok(&site, &["import", &copy(second), "--slug", "second"]);
    ok(&site, &["import", &copy(third), "--slug", "third"]);
    assert_eq!(read(&site.join("config.toml")), before, "import changed nothing else");
    ok(&site, &["build"]);
    assert!(ok(&site, &["check"]).contains("0 errors"));
    let out = site.join("public");

    // The home lists all three, lead story first.
    let home = page(&out, "index.html");
    let listed: Vec<String> = home
        .select(&sel(".article-list a"))
        .filter_map(|a| a.value().attr("href"))
        .map(str::to_string)
        .collect();
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert!(listed.contains(&"/second/".to_string()) && listed.contains(&"/third/".to_string()));
    // Each figure links to a sentence of its own article.
    let figures = page(&out, "figures/index.html");
    assert_unique_ids(&figures, "figures");
    for slug in ["article", "second", "third"] {
        let article = page(&out, &format!("{slug}/index.html"));
        assert_unique_ids(&article, slug);
        let ids: HashSet<String> = article
            .select(&sel("[id]"))
            .filter_map(|e| e.value().attr("id"))
            .map(str::to_string)
            .collect();
        let links: Vec<String> = figures
            .select(&sel(".figure-source a"))
            .filter_map(|a| a.value().attr("href"))
            .filter(|h| h.starts_with(&format!("/{slug}/#")))
            .map(str::to_string)
            .collect();
        assert!(!links.is_empty(), "{slug} has no figures");
        for href in links {
            let anchor = href.split_once('#').unwrap().1;
            assert!(anchor.starts_with(&format!("src-{slug}-")), "{href}");
            assert!(ids.contains(anchor), "{href} is not in {slug}");
        }
        // Each photo appears in its own article, under its own element id.
        for figure in article.select(&sel(".article-body figure.photo")) {
            let id = figure.value().attr("id").unwrap();
            assert!(id.starts_with(&format!("{slug}-photo-")), "{slug}: {id}");
        }
    }
    let photos = page(&out, "photos/index.html");
    assert_unique_ids(&photos, "photos");
    assert_eq!(photos.select(&sel(".article-heading")).count(), 3);
    // The sitemap has every published page, and no stand-in.
    let sitemap = read(&out.join("sitemap.xml"));
    for path in
        ["", "article/", "second/", "third/", "figures/", "photos/", "about/", "en/", "en/about/"]
    {
        assert!(sitemap.contains(&format!("<loc>https://example.org/{path}</loc>")), "{path}");
    }
    assert!(!sitemap.contains("<loc>https://example.org/en/second/</loc>"));
}
