//! The default microsite: the article in both languages, figures linked to their
//! sentences, photos placed, and real photo files taking over from placeholders.

use std::collections::HashSet;

use broadsheet::BuildOptions;
use scraper::Html;

use crate::common::*;

fn build_default() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    broadsheet::build(&BuildOptions::new(repo()).output(&out)).unwrap_or_else(|e| panic!("{e}"));
    (dir, out)
}

fn ids(html: &Html) -> HashSet<String> {
    html.select(&sel("[id]")).filter_map(|e| e.value().attr("id")).map(str::to_string).collect()
}

#[test]
fn english_article_has_as_many_paragraphs_and_sections_as_the_chinese() {
    let (_dir, out) = build_default();
    let zh = page(&out, "article/index.html");
    let en = page(&out, "en/article/index.html");
    let count = |h: &Html, s: &str| h.select(&sel(s)).count();
    assert_eq!(count(&zh, ".article-body > p"), count(&en, ".article-body > p"));
    assert!(count(&zh, ".article-body > p") >= 33);
    assert_eq!(count(&zh, ".article-body hgroup"), 3);
    assert_eq!(count(&en, ".article-body hgroup"), 3);
    assert_eq!(count(&zh, ".article-body figure.photo"), count(&en, ".article-body figure.photo"));
}

#[test]
fn every_figure_links_to_its_sentence_and_back_in_both_languages() {
    let (_dir, out) = build_default();
    for (figures, article) in [
        ("figures/index.html", "article/index.html"),
        ("en/figures/index.html", "en/article/index.html"),
    ] {
        let figs = page(&out, figures);
        let art = page(&out, article);
        let art_ids = ids(&art);
        let fig_ids = ids(&figs);
        let links: Vec<String> = figs
            .select(&sel(".figure-source a"))
            .filter_map(|a| a.value().attr("href"))
            .map(str::to_string)
            .collect();
        assert!(links.len() >= 30, "{figures}: only {} figures", links.len());
        for href in &links {
            let anchor = href.split_once('#').unwrap().1;
            assert!(art_ids.contains(anchor), "{figures}: {href} points to no sentence");
        }
        for back in art.select(&sel(".source .source-link")) {
            let href = back.value().attr("href").unwrap();
            let anchor = href.split_once('#').unwrap().1;
            assert!(fig_ids.contains(anchor), "{article}: {href} points to no figure");
        }
    }
}

#[test]
fn charts_have_title_description_and_data_table() {
    let (_dir, out) = build_default();
    for figures in ["figures/index.html", "en/figures/index.html"] {
        let html = page(&out, figures);
        let charts = html.select(&sel("svg.chart")).count();
        assert!(charts >= 3);
        assert_eq!(html.select(&sel("svg.chart > title")).count(), charts);
        assert_eq!(html.select(&sel("svg.chart > desc")).count(), charts);
        assert_eq!(html.select(&sel(".chart-block table")).count(), charts);
    }
}

#[test]
fn placeholders_show_caption_and_credit_until_the_file_arrives() {
    let (_dir, out) = build_default();
    let photos = page(&out, "photos/index.html");
    assert_eq!(photos.select(&sel("figure.photo-pending")).count(), 6);
    let captions = texts(&photos, "figure.photo-pending .credit");
    assert!(captions.iter().all(|c| c.ends_with("/摄")), "{captions:?}");
}

#[test]
fn a_real_photo_replaces_its_placeholder_with_sized_lazy_srcset_image() {
    let dir = site("check/photo-without-caption");
    let root = dir.path().join("site");
    // Give the photo its English caption, then its file: a generated image.
    std::fs::write(
        root.join("content/notes/photos.toml"),
        "[[photo]]\nid = \"p1\"\nratio = \"3:2\"\ncaption = { zh = \"图一\", en = \"One\" }\ncredit = { zh = \"某某/摄\", en = \"Photo: Mou\" }\nalt = { zh = \"一张图\", en = \"A picture\" }\n",
    )
    .unwrap();
    std::fs::create_dir_all(root.join("content/notes/photos")).unwrap();
    let img = image::RgbImage::from_fn(1200, 800, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
    });
    img.save(root.join("content/notes/photos/p1.jpg")).unwrap();
    let out = dir.path().join("public");
    broadsheet::build(&BuildOptions::new(&root).output(&out)).unwrap_or_else(|e| panic!("{e}"));
    let en = page(&out, "en/notes/first/index.html");
    assert_eq!(en.select(&sel("figure.photo-pending")).count(), 0);
    let img = en.select(&sel("figure.photo img")).next().expect("an img");
    let a = img.value();
    assert_eq!((a.attr("width"), a.attr("height")), (Some("1200"), Some("800")));
    assert_eq!(a.attr("loading"), Some("lazy"));
    assert_eq!(a.attr("alt"), Some("A picture"));
    assert_eq!(
        a.attr("srcset"),
        Some(
            "/notes/photos/p1-480w.jpg 480w, /notes/photos/p1-960w.jpg 960w, /notes/photos/p1.jpg 1200w"
        )
    );
    let small = image::open(out.join("notes/photos/p1-480w.jpg")).unwrap();
    assert_eq!((small.width(), small.height()), (480, 320));
    assert!(out.join("notes/photos/p1.jpg").exists());
}
