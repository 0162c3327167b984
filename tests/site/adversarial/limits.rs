//! Size, depth and encodings: huge files, deep nesting, bad UTF-8, NUL bytes, BOM and CRLF, 1 MB strings.

use std::path::Path;
use std::time::Duration;

use broadsheet::Severity;
use scraper::Html;

use super::*;

#[test]
fn a_50_mb_markdown_file_is_refused_at_once() {
    let site = Site::basic();
    let paragraph = "江门高新区高质量发展“热辣滚烫”。The zone grew by 5% in 2024.\n\n";
    let mut text = front("大", "");
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(paragraph);
    }
    site.write("content/big.md", &text);
    drop(text);
    let (diags, took) = within(Duration::from_secs(60), "a 50 MB page", move || site.fails());
    let d = error(&diags, "too-large");
    assert_eq!(d.message, "`content/big.md` is 50.0 MB; broadsheet reads files of up to 2 MB");
    assert_eq!(d.path.as_deref(), Some(Path::new("content/big.md")));
    assert_eq!(d.help.as_deref(), Some("split it into several pages, or move it out of content/"));
    // Only that one error: the page stands in with an empty body.
    assert_eq!(diags.iter().filter(|d| d.is_error()).count(), 1, "{diags:#?}");
    eprintln!("50 MB page refused in {took:?}");
}

#[test]
fn a_page_just_under_the_size_limit_builds_in_bounded_time() {
    let site = Site::basic();
    let block = "## 第一节 Section\n\n江门高新区高质量发展“热辣滚烫”，2024年2月18日召开大会。\nThe zone grew by 5% in 2024, with *emphasis*, **strong** text and `code`.\n\n- 项目一\n- item [a link](https://example.org/)\n\n> 引用 quote\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n";
    let mut text = front("大", "");
    while text.len() + block.len() <= broadsheet::fs::MAX_FILE_BYTES {
        text.push_str(block);
    }
    site.write("content/big.md", &text);
    let (out, took) = within(Duration::from_secs(60), "a 2 MB page", move || {
        let out = site.builds();
        (std::fs::metadata(out.join("big/index.html")).unwrap().len(), site)
    });
    assert!(out.0 > 1_000_000, "{}", out.0);
    eprintln!("2 MB page built in {took:?}");
}

/// 10,000 levels of nesting, in every form: the page is built (left
/// unminified: minify-html's recursive parser would overflow the stack).
#[test]
fn ten_thousand_levels_of_nesting_build_in_bounded_time() {
    let site = Site::basic();
    let n = 10_000;
    let cases = [
        ("lists", "- ".repeat(n) + "x\n"),
        ("ordered", "1. ".repeat(n) + "x\n"),
        ("quotes", "> ".repeat(n) + "x\n"),
        ("mixed", "> - ".repeat(n / 2) + "x\n"),
        ("html", "<div>".repeat(n) + "x" + &"</div>".repeat(n) + "\n"),
        ("indented", (0..n).map(|i| format!("{}- x\n", " ".repeat(2 * (i % 100)))).collect()),
    ];
    for (name, body) in &cases {
        site.write(&format!("content/deep/{name}.md"), front(name, "") + "\n" + body);
    }
    let (out, took) = within(Duration::from_secs(60), "10,000 levels of nesting", move || {
        let out = site.builds();
        (out, site)
    });
    eprintln!("10,000 levels of nesting built in {took:?}");
    let (out, _site) = out;
    for (name, _) in &cases {
        let html = std::fs::read_to_string(out.join(format!("deep/{name}/index.html"))).unwrap();
        // Whole: title, body and footer (scraper would take minutes on these).
        assert!(html.contains(&format!(">{name}</h1>")), "{name}: the page is whole");
        assert!(html.contains("<footer class"), "{name}: the page is whole");
    }
    let html = std::fs::read_to_string(out.join("deep/quotes/index.html")).unwrap();
    assert_eq!(html.matches("<blockquote>").count(), n);
}

#[test]
fn thousands_of_equal_headings_and_broken_links_stay_linear() {
    // Before: every heading retried every suffix (quadratic: 20,000 equal
    // headings took 77 s in a release build), and each finding rescanned the
    // page for its line.
    let site = Site::basic();
    site.write("content/dup.md", front("重复", "") + &"## 标题\n\n![](x.png)\n\n".repeat(20_000));
    let (summary, took) = within(Duration::from_secs(60), "20,000 equal headings", move || {
        site.build().unwrap_or_else(|e| panic!("{e}"))
    });
    eprintln!("20,000 equal headings and images without alt text built in {took:?}");
    let on_page: Vec<_> = summary
        .notes
        .iter()
        .filter(|d| d.path.as_deref() == Some(Path::new("content/dup.md")))
        .filter(|d| d.code != "missing-translation")
        .collect();
    assert_eq!(on_page.len(), 101, "the first 100 findings and one that counts the rest");
    let more = on_page.last().unwrap();
    // 19,999 heading collisions and 20,000 images without alt text.
    assert_eq!(more.message, format!("and {} more problems like these on this page", 39_999 - 100));
    assert_eq!(more.severity, Severity::Warning);
    assert_eq!(
        more.help.as_deref(),
        Some("only the first 100 are shown; fix those and build again")
    );

    let site = Site::basic();
    let links = "[a](@/nope.md) [b](@/notes/first.md#nope)\n".repeat(20_000);
    site.write("content/links.md", front("链接", "") + &links);
    let (diags, took) =
        within(Duration::from_secs(60), "40,000 broken links", move || site.fails());
    eprintln!("40,000 broken links reported in {took:?}");
    assert_eq!(diags.len(), 101, "the first 100 errors and one that counts the rest");
    let more = diags.last().unwrap();
    assert_eq!(more.message, format!("and {} more problems like these on this page", 40_000 - 100));
    assert!(more.is_error());
    assert_eq!(diags[1].message, "`@/notes/first.md` has no anchor `#nope` in `zh`");
    assert_eq!(
        diags[1].help.as_deref(),
        Some("did you mean `#1`? anchors are heading ids and figure sentences")
    );
}

#[test]
fn invalid_utf8_names_file_line_and_column() {
    let site = Site::basic();
    site.write(
        "content/notes/first.md",
        [front("第一篇", "").as_bytes(), b"\nok\nbad \xC3\x28 here\n"].concat(),
    );
    let diags = site.fails();
    let d = error(&diags, "encoding");
    assert_eq!(d.message, "`content/notes/first.md` is not valid UTF-8 (byte 36)");
    assert_eq!((d.line, d.column), (Some(6), Some(5)));
    assert_eq!(d.help.as_deref(), Some("save the file as UTF-8 in your editor"));
    // Only that error: the page stands in with its readable text, so the link
    // to it from the home page still resolves.
    assert_eq!(diags.len(), 1, "{diags:#?}");
}

#[test]
fn nul_bytes_are_refused_with_their_line() {
    let site = Site::basic();
    site.write("content/notes/first.md", front("第一篇", "") + "\n第一行\n第二\0行\n");
    let diags = site.fails();
    let d = error(&diags, "encoding");
    assert_eq!(d.message, "`content/notes/first.md` contains a NUL byte; it is not a text file");
    assert_eq!((d.line, d.column), (Some(6), Some(3)));
    // In a data file too.
    let site = Site::basic();
    site.write("content/notes/photos.toml", "[[photo]]\nid = \"p\0\"\n");
    let d = &site.fails()[0];
    assert_eq!(d.message, "`content/notes/photos.toml` contains a NUL byte; it is not a text file");
    assert_eq!(d.line, Some(2));
}

#[test]
fn bom_and_crlf_work_everywhere() {
    let site = Site::basic();
    let crlf = |s: &str| [b"\xEF\xBB\xBF".as_slice(), s.replace('\n', "\r\n").as_bytes()].concat();
    site.write("content/notes/first.md", crlf("+++\ntitle = \"第一篇\"\ndescription = \"描述\"\n+++\n\n第一行\n第二行\n\n## 聚力科技创新\n\nfirst\nsecond\n"));
    site.write(
        "content/_index.md",
        crlf("+++\ntitle = \"首页\"\n+++\n\n阅读[笔记](@/notes/first.md#聚力科技创新)。\n"),
    );
    let config = site.read("config.toml");
    site.write("config.toml", crlf(&config));
    let zh = site.read("templates/i18n/zh.toml");
    site.write("templates/i18n/zh.toml", crlf(&zh));
    site.write("content/notes/photos.toml", crlf("[[photo]]\nid = \"p1\"\ncaption = { zh = \"图\", en = \"Photo\" }\ncredit = { zh = \"摄\", en = \"By\" }\nalt = { zh = \"图\", en = \"Photo\" }\n"));
    let out = site.builds();
    let html = std::fs::read_to_string(out.join("notes/first/index.html")).unwrap();
    assert!(!html.contains('\r') && !html.contains('\u{feff}'), "no CR or BOM in the output");
    let doc = Html::parse_document(&html);
    let title: String = doc.select(&sel("h1")).next().unwrap().text().collect();
    assert_eq!(title.trim(), "第一篇");
    let paras: Vec<String> = doc.select(&sel("main p")).map(|p| p.text().collect()).collect();
    assert!(paras.iter().any(|p| p == "第一行第二行"), "CJK soft break removed: {paras:?}");
    assert!(paras.iter().any(|p| p == "first second" || p == "first\nsecond"), "{paras:?}");
    assert!(doc.select(&sel("h2#聚力科技创新")).next().is_some(), "heading id without CR");
    let home = Html::parse_document(&std::fs::read_to_string(out.join("index.html")).unwrap());
    let hrefs: Vec<&str> =
        home.select(&sel("main a")).filter_map(|a| a.value().attr("href")).collect();
    assert!(hrefs.contains(&"/notes/first/#聚力科技创新"), "anchor across CRLF files: {hrefs:?}");
}

#[test]
fn front_matter_with_1_mb_strings_builds() {
    let site = Site::basic();
    let big = "长".repeat(350_000); // 1 MB of UTF-8
    site.write("content/notes/first.md", format!("+++\ntitle = \"{big}\"\n+++\n\n正文\n"));
    site.write(
        "content/notes/second.md",
        format!("+++\ntitle = \"二\"\ndescription = \"{big}\"\n+++\n"),
    );
    site.write(
        "content/notes/first.en.md",
        format!("+++\ntitle = \"First\"\n[extra]\n\"{big}\" = 1\n+++\n"),
    );
    let (out, took) = within(Duration::from_secs(60), "1 MB front matter strings", move || {
        let out = site.builds();
        let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap();
        (read("notes/first/index.html"), read("notes/second/index.html"), site)
    });
    eprintln!("1 MB front matter strings built in {took:?}");
    let doc = Html::parse_document(&out.0);
    let h1: String = doc.select(&sel("h1")).next().unwrap().text().collect();
    assert_eq!(h1.trim().chars().count(), 350_000);
    let doc = Html::parse_document(&out.1);
    let description = doc.select(&sel("meta[name=description]")).next().unwrap();
    assert_eq!(description.value().attr("content").unwrap().chars().count(), 350_000);
}

#[test]
fn a_1_mb_string_left_open_names_its_line() {
    let site = Site::basic();
    let big = "长".repeat(350_000);
    site.write(
        "content/notes/first.md",
        format!("+++\ntitle = \"第一篇\"\ndescription = \"{big}\n+++\n"),
    );
    let diags = site.fails();
    let d = error(&diags, "toml");
    assert_eq!(d.path.as_deref(), Some(Path::new("content/notes/first.md")));
    assert_eq!(d.line, Some(3), "{}", d.message);
    assert!(d.message.starts_with("invalid TOML: "), "{}", d.message);
    // What a person sees: the place, and the line shown cut to a window.
    let shown = d.to_string();
    assert!(shown.contains("--> content/notes/first.md:3:"), "{}", &shown[..200]);
    assert!(shown.len() < 2_000, "the 1 MB line is not printed whole ({} bytes)", shown.len());
}
