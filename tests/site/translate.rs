//! `broadsheet translate` on a copy of the default site: status starts clean,
//! a corrected Chinese paragraph makes exactly its English paragraph stale,
//! accept clears it, an inserted paragraph is one missing unit; `start` on a
//! freshly imported article writes a skeleton the build accepts.

use std::path::{Path, PathBuf};

use broadsheet::BuildOptions;
use broadsheet::import::{self, ImportOptions};
use broadsheet::translate::{self, Overwrite, PageStatus, UNTRANSLATED};

use crate::common::*;

fn status(root: &Path) -> PageStatus {
    let mut pages = translate::status_of(root, Some("article")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(pages.len(), 1);
    pages.remove(0)
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{rel} has no `{from}`");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// The 1-based line of the line that starts with `start`.
fn line_starting(root: &Path, rel: &str, start: &str) -> usize {
    let text = std::fs::read_to_string(root.join(rel)).unwrap();
    text.lines().position(|l| l.starts_with(start)).unwrap_or_else(|| panic!("{rel}: {start}")) + 1
}

const ZH: &str = "content/article/index.md";
const EN: &str = "content/article/index.en.md";
/// The paragraph edited in these tests, and the start of its translation.
const ZH_PARAGRAPH: &str = "据悉，在江门这场";
const EN_PARAGRAPH: &str = "Ahead of this “first meeting of the new spring”";

#[test]
fn the_default_site_starts_with_nothing_stale_or_missing() {
    let (_dir, root) = default_site();
    let s = status(&root);
    assert!(s.recorded);
    assert!(s.units() >= 33 + 6 + 4, "{} units", s.units());
    assert_eq!((s.translated(), s.stale(), s.missing()), (s.units(), 0, 0));
    assert!(s.composition.orphaned.is_empty());
}

#[test]
fn a_corrected_chinese_paragraph_makes_exactly_its_english_paragraph_stale_until_accepted() {
    let (_dir, root) = default_site();
    edit(&root, ZH, "这3个项目有个共同点", "这三个项目有个共同点");
    let s = status(&root);
    let stale = s.stale_units();
    assert_eq!(stale.len(), 1, "{s}");
    let zh_line = line_starting(&root, ZH, ZH_PARAGRAPH);
    let en_line = line_starting(&root, EN, EN_PARAGRAPH);
    assert_eq!(stale[0].source.to_string(), format!("{ZH}:{zh_line}"));
    assert_eq!(stale[0].translation.to_string(), format!("{EN}:{en_line}"));
    assert!(stale[0].old.contains("这3个项目") && stale[0].new.contains("这三个项目"));
    let shown = s.to_string();
    assert!(shown.contains("这[-3-]{+三+}个项目"), "the diff is shown:\n{shown}");

    let done = translate::accept(&root, "article", None, None).unwrap();
    assert_eq!((done[0].stale_before, done[0].stale_after), (1, 0));
    assert_eq!(status(&root).stale(), 0);
}

#[test]
fn accepting_one_unit_leaves_the_others_stale() {
    let (_dir, root) = default_site();
    edit(&root, ZH, "这3个项目有个共同点", "这三个项目有个共同点");
    edit(&root, ZH, "新春伊始，春潮涌动", "新春伊始，春潮奔涌");
    let before = status(&root).stale_units();
    assert_eq!(before.len(), 2);
    let first = before[0].number;
    translate::accept(&root, "article/index.md", Some("en"), Some(first)).unwrap();
    let after = status(&root).stale_units();
    assert_eq!(after.iter().map(|s| s.number).collect::<Vec<_>>(), vec![before[1].number]);
    let err = translate::accept(&root, "article", None, Some(9999)).unwrap_err().to_string();
    assert!(err.contains("no unit 9999"), "{err}");
}

#[test]
fn an_inserted_chinese_paragraph_is_exactly_one_missing_unit() {
    let (_dir, root) = default_site();
    let before = status(&root);
    let new = "此外，这是编辑新加的一段。";
    edit(&root, ZH, "## 聚力产业兴旺", &format!("{new}\n\n## 聚力产业兴旺"));
    let s = status(&root);
    assert_eq!((s.missing(), s.stale(), s.translated()), (1, 0, before.translated()), "{s}");
    let missing = s.composition.pairs.iter().find(|p| p.state == translate::UnitState::Missing);
    assert_eq!(s.source[missing.unwrap().source].text, new);
    assert!(s.to_string().contains(&format!("{ZH}:{}", line_starting(&root, ZH, new))));
}

#[test]
fn status_json_has_the_documented_shape() {
    let (_dir, root) = default_site();
    edit(&root, ZH, "这3个项目有个共同点", "这三个项目有个共同点");
    let pages = translate::status_of(&root, None).unwrap();
    let article: Vec<PageStatus> =
        pages.into_iter().filter(|p| p.page.source.ends_with("article/index.md")).collect();
    insta::assert_snapshot!("translate_status_json", translate::report::to_json(&article));
}

#[test]
fn start_gives_a_skeleton_that_builds_and_counts_half_a_translation_as_half() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&repo().join("templates"), &root.join("templates"));
    copy_tree(&repo().join("tests/fixtures/basic/content"), &root.join("content"));
    std::fs::copy(repo().join("config.toml"), root.join("config.toml")).unwrap();
    let raw = repo().join("content/source/jiangmen-hightech-zone-2024.raw.txt");
    import::run(&ImportOptions::new(&raw, &root)).unwrap_or_else(|e| panic!("{e}"));

    let started = translate::start(&root, "article", Some("en"), Overwrite::Refuse).unwrap();
    assert!(started.written.contains(&PathBuf::from(EN)));
    let out = dir.path().join("public");
    broadsheet::build(&BuildOptions::new(&root).output(&out)).unwrap_or_else(|e| panic!("{e}"));
    let s = status(&root);
    assert_eq!((s.untranslated(), s.translated(), s.missing()), (s.units(), 0, 0));

    // Translate the first half of the page's slots.
    let half = s.units() / 2;
    let mut text = std::fs::read_to_string(root.join(EN)).unwrap();
    let units = translate::units::markdown_units(&text).unwrap();
    assert!(units.len() >= half);
    for (n, u) in units.iter().take(half).enumerate().rev() {
        let quoted = text[u.range.clone()].starts_with('"');
        let english = if quoted { format!("\"English {n}.\"") } else { format!("English {n}.") };
        text.replace_range(u.range.clone(), &english);
    }
    std::fs::write(root.join(EN), &text).unwrap();
    let s = status(&root);
    assert_eq!((s.translated(), s.untranslated()), (half, s.units() - half));
    assert!(text.contains(UNTRANSLATED));
    broadsheet::build(&BuildOptions::new(&root).output(&out)).unwrap_or_else(|e| panic!("{e}"));

    let again = translate::start(&root, "article", Some("en"), Overwrite::Refuse).unwrap_err();
    assert!(again.to_string().contains("exists already") && again.to_string().contains("--force"));
    translate::start(&root, "article", Some("en"), Overwrite::Replace).unwrap();
    assert_eq!(status(&root).translated(), 0);
}

#[test]
fn a_page_that_does_not_exist_or_a_foreign_language_is_refused_with_help() {
    let (_dir, root) = default_site();
    let err = translate::status_of(&root, Some("nowhere")).unwrap_err().to_string();
    assert!(err.contains("content/nowhere.md") && err.contains("help"), "{err}");
    let err = translate::start(&root, "about", Some("fr"), Overwrite::Refuse).unwrap_err();
    assert!(err.to_string().contains("`fr`"), "{err}");
}

#[test]
fn the_record_is_never_published() {
    let (dir, root) = default_site();
    let out = dir.path().join("public");
    broadsheet::build(&BuildOptions::new(&root).output(&out)).unwrap_or_else(|e| panic!("{e}"));
    let leaked: Vec<_> = walkdir::WalkDir::new(&out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("translation"))
        .collect();
    assert!(leaked.is_empty(), "{leaked:?}");
}

#[test]
fn the_command_prints_json_and_exits_one_on_refusal() {
    let (_dir, root) = default_site();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_broadsheet"))
            .arg("translate")
            .args(args)
            .arg("--root")
            .arg(&root)
            .output()
            .unwrap()
    };
    let out = run(&["status", "article", "--format", "json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json[0]["stale"], 0);
    assert_eq!(json[0]["translation"], EN);
    let refused = run(&["start", "article", "--lang", "en"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("exists already"));
    assert_eq!(run(&["accept"]).status.code(), Some(2), "a missing PAGE is a usage error");
}

#[test]
fn a_half_translated_page_is_not_published_but_previewed_with_its_slots_marked() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&repo().join("templates"), &root.join("templates"));
    copy_tree(&repo().join("tests/fixtures/basic/content"), &root.join("content"));
    // The key-figures page quotes the article in both languages.
    for page in ["figures.md", "figures.en.md"] {
        std::fs::copy(repo().join("content").join(page), root.join("content").join(page)).unwrap();
    }
    std::fs::copy(repo().join("config.toml"), root.join("config.toml")).unwrap();
    let raw = repo().join("content/source/jiangmen-hightech-zone-2024.raw.txt");
    broadsheet::import_article(&ImportOptions::new(&raw, &root)).unwrap_or_else(|e| panic!("{e}"));
    translate::start(&root, "article", Some("en"), Overwrite::Refuse).unwrap();
    // Translate the title and the first paragraphs.
    let mut text = std::fs::read_to_string(root.join(EN)).unwrap();
    let units = translate::units::markdown_units(&text).unwrap();
    for u in units.iter().take(6).rev() {
        let quoted = text[u.range.clone()].starts_with('"');
        let english =
            if quoted { "\"Translated.\"".to_string() } else { "Translated.".to_string() };
        text.replace_range(u.range.clone(), &english);
    }
    std::fs::write(root.join(EN), &text).unwrap();

    // Readers see that the translation is in preparation, linking to the original.
    let out = dir.path().join("public");
    let summary = broadsheet::build(&BuildOptions::new(&root).output(&out)).unwrap();
    let en = page(&out, "en/article/index.html");
    assert_eq!(attr(&en, ".pending a.button", "href").as_deref(), Some("/article/"));
    assert!(en.select(&sel("mark.untranslated")).next().is_none());
    let progress: Vec<_> =
        summary.notes.iter().filter(|d| d.code == "translation-progress").collect();
    assert_eq!(progress.len(), 1, "{progress:#?}");
    assert!(
        progress[0].message.contains(" of ") && progress[0].message.contains("units translated")
    );
    assert_eq!(progress[0].path.as_deref(), Some(Path::new(EN)));

    // The preview shows the page as it is, its slots marked.
    let opts =
        BuildOptions { partial: broadsheet::site::Partial::Preview, ..BuildOptions::new(&root) };
    let preview = broadsheet::build_in_memory(&opts, None).unwrap();
    let html = String::from_utf8(preview.files["en/article/index.html"].clone()).unwrap();
    let html = scraper::Html::parse_document(&html);
    assert!(html.select(&sel(".pending")).next().is_none());
    assert!(html.select(&sel(".article-body mark.untranslated")).count() > 10);
    assert!(texts(&html, ".article-body p").iter().any(|p| p == "Translated."));
    // The English figures page previews too; figures whose quote is not found
    // in the half-translated text link nowhere rather than to a missing anchor.
    let figures = String::from_utf8(preview.files["en/figures/index.html"].clone()).unwrap();
    let figures = scraper::Html::parse_document(&figures);
    assert!(figures.select(&sel(".figure-item")).count() > 10);
    for link in figures.select(&sel(".figure-source a")) {
        let href = link.value().attr("href").unwrap();
        assert!(!href.ends_with('#'), "{href}");
    }
}

#[test]
fn an_untracked_translation_is_unfinished_wherever_its_marker_is_written() {
    // A page of its own with a translation and no record, the marker in the
    // body as written, or in the title as a TOML escape; and one finished.
    let cases = [
        ("About", "⟦untranslated⟧ 只有中文版本。", true),
        ("\\u27E6untranslated\\u27E7 关于", "Only in Chinese.", true),
        ("About", "Only in Chinese, on R&D.", false),
        ("About", "Only in Chinese.", false),
    ];
    for (title, body, unfinished) in cases {
        let dir = site("i18n");
        let en = dir.path().join("site/content/about.en.md");
        std::fs::write(&en, format!("+++\ntitle = \"{title}\"\n+++\n\n{body}\n")).unwrap();
        let out = dir.path().join("public");
        let summary = broadsheet::build(&BuildOptions::new(dir.path().join("site")).output(&out))
            .unwrap_or_else(|e| panic!("{e}"));
        let progress = summary.notes.iter().filter(|d| d.code == "translation-progress").count();
        assert_eq!(progress, usize::from(unfinished), "{title} / {body}: {:#?}", summary.notes);
        let pending = page(&out, "en/about/index.html").select(&sel(".pending")).next().is_some();
        assert_eq!(pending, unfinished, "{title} / {body}");
    }
}
