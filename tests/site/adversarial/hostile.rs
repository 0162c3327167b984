//! HTML and scripts in every field that reaches a page, and duplicate ids.

use std::path::Path;

use scraper::Html;

use super::*;

/// Markup, attribute breakouts and the ends of the raw-text elements a value
/// may land in (`<title>`, `<style>`, comments).
const PAYLOAD: &str =
    r#"</title></style>--><script>alert(1)</script><img src=x onerror=alert(2)>"'&amp;"#;

/// Puts `PAYLOAD` into every text field of the real site's data files and
/// front matter: titles, descriptions, the kicker, photo captions, credits and
/// alt texts, figure labels, values and units, group names, chart titles and
/// descriptions, and a chart id.
fn hostile_site() -> Site {
    let site = Site::real();
    let escaped = PAYLOAD.replace('\\', "\\\\").replace('"', "\\\"");
    for rel in [
        "content/article/index.md",
        "content/article/index.en.md",
        "content/about.md",
        "content/about.en.md",
    ] {
        let text = site.read(rel);
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        for line in lines.iter_mut().take_while(|l| !l.is_empty()).skip(1) {
            for key in ["title = \"", "description = \"", "kicker = \""] {
                if let Some(rest) = line.strip_prefix(key) {
                    *line = format!("{key}{escaped}{rest}");
                }
            }
        }
        site.write(rel, lines.join("\n") + "\n");
    }
    let mut photos: toml::Table =
        toml::from_str(&site.read("content/article/photos.toml")).unwrap();
    for photo in photos["photo"].as_array_mut().unwrap() {
        for field in ["caption", "credit", "alt"] {
            for (_, text) in photo[field].as_table_mut().unwrap() {
                *text = toml::Value::String(format!("{PAYLOAD}{}", text.as_str().unwrap()));
            }
        }
    }
    site.write("content/article/photos.toml", toml::to_string(&photos).unwrap());
    let mut figures: toml::Table =
        toml::from_str(&site.read("content/article/figures.toml")).unwrap();
    for (_, name) in figures["groups"].as_table_mut().unwrap() {
        for (_, text) in name.as_table_mut().unwrap() {
            *text = toml::Value::String(format!("{PAYLOAD}{}", text.as_str().unwrap()));
        }
    }
    for figure in figures["figure"].as_array_mut().unwrap() {
        for field in ["label", "unit", "display"] {
            if let Some(map) = figure.get_mut(field).and_then(toml::Value::as_table_mut) {
                for (_, text) in map {
                    *text = toml::Value::String(format!("{PAYLOAD}{}", text.as_str().unwrap()));
                }
            }
        }
    }
    let charts = figures["chart"].as_array_mut().unwrap();
    charts[0]["id"] = toml::Value::String("x\"><script>alert(3)</script>".into());
    for chart in charts {
        for field in ["title", "description"] {
            if let Some(map) = chart.get_mut(field).and_then(toml::Value::as_table_mut) {
                for (_, text) in map {
                    *text = toml::Value::String(format!("{PAYLOAD}{}", text.as_str().unwrap()));
                }
            }
        }
    }
    site.write("content/article/figures.toml", toml::to_string(&figures).unwrap());
    site
}

/// The HTML with the values of quoted attributes and the text of `<title>`
/// (where `<` is only text too) blanked out.
fn tags_outside_attributes(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let (mut in_tag, mut quote) = (false, None);
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if !in_tag && rest.starts_with("<title>") {
            let end = rest.find("</title>").expect("a closed <title>");
            out.push_str("<title>");
            out.extend(std::iter::repeat_n(' ', rest[7..end].chars().count()));
            rest = &rest[end..];
            continue;
        }
        rest = &rest[c.len_utf8()..];
        match (in_tag, quote, c) {
            (true, None, '"' | '\'') => quote = Some(c),
            (true, Some(q), _) if c == q => quote = None,
            (true, Some(_), _) => {
                out.push(' ');
                continue;
            }
            (true, None, '>') => in_tag = false,
            (false, _, '<') => in_tag = true,
            _ => {}
        }
        out.push(c);
    }
    out
}

#[test]
fn html_in_titles_captions_and_labels_is_escaped_in_every_output() {
    let site = hostile_site();
    let out = site.builds();
    let mut pages = 0;
    let mut seen_payload = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        let path = entry.path();
        let Some(ext) = path.extension().and_then(|e| e.to_str()) else { continue };
        if !matches!(ext, "html" | "xml" | "txt" | "svg" | "css") {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        // No markup from the data. In HTML, the minifier writes `<` as it is
        // inside quoted attribute values, where it is only text; everywhere
        // else no `<script` or `<img` may start.
        let lower = text.to_ascii_lowercase();
        let tags = if ext == "html" { tags_outside_attributes(&lower) } else { lower.clone() };
        // The site's own structured data is the one script a page may hold.
        let tags = tags.replace("<script type=application/ld+json>", "<ld-json>");
        for bad in ["<script", "<img src=x"] {
            if let Some(at) = tags.find(bad) {
                let from = tags.floor_char_boundary(at.saturating_sub(200));
                panic!("{}: raw {bad}: {}", path.display(), &tags[from..at + 50]);
            }
        }
        if ext != "html" {
            continue;
        }
        pages += 1;
        let doc = Html::parse_document(&text);
        for script in doc.select(&sel("script")) {
            assert_eq!(
                script.value().attr("type"),
                Some("application/ld+json"),
                "{}",
                path.display()
            );
            let json = script.inner_html();
            assert!(!json.contains('<'), "{}: {json}", path.display());
            serde_json::from_str::<serde_json::Value>(&json)
                .unwrap_or_else(|e| panic!("{e}: {json}"));
        }
        for el in doc.select(&sel("*")) {
            for (name, value) in el.value().attrs() {
                assert!(!name.starts_with("on"), "{}: attribute {name}={value}", path.display());
            }
        }
        // The payload is there, as text (not escaped twice).
        let all_text: String = doc.root_element().text().collect();
        let in_attrs =
            doc.select(&sel("*")).any(|el| el.value().attrs().any(|(_, v)| v.contains(PAYLOAD)));
        if all_text.contains(PAYLOAD) || in_attrs {
            seen_payload += 1;
        }
        assert!(!all_text.contains("&lt;script"), "{}: escaped twice", path.display());
    }
    assert!(pages >= 10, "{pages} pages");
    assert!(seen_payload >= 8, "the payload shows as text on {seen_payload} pages");
    // The article's title, its photo captions and a figure label, each as text.
    let article =
        Html::parse_document(&std::fs::read_to_string(out.join("article/index.html")).unwrap());
    let title: String = article.select(&sel("title")).next().unwrap().text().collect();
    assert!(title.starts_with(PAYLOAD), "{title}");
    let description = article.select(&sel("meta[name=description]")).next().unwrap();
    assert!(description.value().attr("content").unwrap().starts_with(PAYLOAD));
    let caption: String =
        article.select(&sel("figcaption .caption")).next().unwrap().text().collect();
    assert!(caption.starts_with(PAYLOAD), "{caption}");
    let figures =
        Html::parse_document(&std::fs::read_to_string(out.join("figures/index.html")).unwrap());
    let chart_title: String = figures.select(&sel("svg title")).next().unwrap().text().collect();
    assert!(chart_title.starts_with(PAYLOAD), "{chart_title}");
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://example.org/article/</loc>"), "{sitemap}");
}

#[test]
fn a_slug_with_markup_is_escaped_in_links_and_the_sitemap() {
    let site = Site::basic();
    site.write("content/notes/first.md", front("第一篇", "slug = \"a<b>&\\\"c'\"\n"));
    let out = site.builds();
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://example.org/notes/a&lt;b&gt;&amp;&quot;c&#39;/</loc>"),
        "{sitemap}"
    );
    assert!(!sitemap.contains("<b>"));
    let page = std::fs::read_to_string(out.join("notes/a<b>&\"c'/index.html")).unwrap();
    // Inside a quoted attribute `<` needs no escape (the minifier drops it);
    // what matters is that no element and no attribute comes out of it.
    let doc = Html::parse_document(&page);
    assert_eq!(doc.select(&sel("b")).count(), 0);
    for el in doc.select(&sel("[href]")) {
        let names: Vec<&str> = el.value().attrs().map(|(name, _)| name).collect();
        assert!(names.iter().all(|n| !n.contains(['\'', '"', '<', '&'])), "{names:?}");
    }
    let canonical = doc.select(&sel("link[rel=canonical]")).next().unwrap();
    assert_eq!(canonical.value().attr("href"), Some("https://example.org/notes/a<b>&\"c'/"));
}

#[test]
fn duplicate_photo_and_figure_ids_are_errors_with_their_lines() {
    let site = Site::real();
    let photos = site.read("content/article/photos.toml");
    site.write(
        "content/article/photos.toml",
        format!("{photos}\n[[photo]]\nid = \"photo-1\"\nratio = \"3:2\"\n"),
    );
    let figures = site.read("content/article/figures.toml");
    site.write("content/article/figures.toml", format!("{figures}\n[[figure]]\nid = \"area\"\ngroup = \"scale\"\nvalue = 1\nlabel = {{ zh = \"面积\", en = \"Area\" }}\nquote = {{ zh = \"科创的底色让这块仅110平方公里土地的“小块头”，迸发大能量。\", en = \"With innovation at its core, this “little one” of just 110 square kilometres is releasing outsized energy.\" }}\n"));
    let diags = site.fails();
    let photo = error(&diags, "photo-duplicate");
    assert_eq!(photo.message, "photo id `photo-1` is used twice");
    assert_eq!(photo.path.as_deref(), Some(Path::new("content/article/photos.toml")));
    // The line of the second entry, not the first.
    let lines = photos.lines().count();
    assert_eq!(photo.line, Some(lines + 3), "{photo}");
    let figure = error(&diags, "figure-duplicate");
    assert_eq!(figure.message, "figure id `area` is used twice");
    assert_eq!(figure.line, Some(figures.lines().count() + 3), "{figure}");
    assert_eq!(figure.help.as_deref(), Some("give each figure its own id"));
}

#[test]
fn duplicate_heading_ids_become_unique_with_a_warning() {
    let site = Site::basic();
    site.write(
        "content/notes/first.md",
        front("第一篇", "") + "\n## 标题\n\n## 标题\n\n## 标题 {#标题-1}\n\n## Own {#own}\n\n## Other {#own}\n\n## 标题-1\n",
    );
    let summary = site.build().unwrap();
    let collisions: Vec<_> =
        summary.notes.iter().filter(|d| d.code == "heading-id-collision").collect();
    assert_eq!(collisions.len(), 4, "{collisions:#?}");
    assert_eq!(
        collisions[0].message,
        "heading id `标题` is used twice on this page; this one became `标题-1`"
    );
    assert_eq!(collisions[0].line, Some(7));
    let html = std::fs::read_to_string(site.out().join("notes/first/index.html")).unwrap();
    let doc = Html::parse_document(&html);
    let mut ids: Vec<&str> =
        doc.select(&sel("[id]")).filter_map(|e| e.value().attr("id")).collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "every id on the page is unique: {ids:?}");
}

#[test]
fn two_pages_at_one_url_are_an_error() {
    let site = Site::basic();
    site.write("content/notes/twin.md", front("双", "slug = \"second\"\n"));
    let diags = site.fails();
    let d = error(&diags, "duplicate-url");
    assert_eq!(
        d.message,
        "`content/notes/second.md` and `content/notes/twin.md` both write the page /notes/second/"
    );
    assert_eq!(d.help.as_deref(), Some("rename one of the files or change its `slug`"));
}
