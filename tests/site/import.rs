//! The importer end to end: the seed raw text becomes the article page, with
//! every character of the cleaned article in order and nothing else added.

use broadsheet::BuildOptions;
use broadsheet::import::{self, ImportOptions};
use scraper::{ElementRef, Node};

use crate::common::*;

/// Visible text of an element, leaving out photo figures and the small links
/// back to key figures (page chrome inside the article).
fn article_text(el: ElementRef, out: &mut String) {
    for child in el.children() {
        match child.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) => {
                let skip = e.name() == "figure" || e.classes().any(|c| c == "source-link");
                if !skip && let Some(child) = ElementRef::wrap(child) {
                    article_text(child, out);
                }
            }
            _ => {}
        }
    }
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn imported_seed_renders_every_character_in_order_and_nothing_more() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&repo().join("templates"), &root.join("templates"));
    copy_tree(&repo().join("tests/fixtures/basic/content"), &root.join("content"));
    std::fs::copy(repo().join("config.toml"), root.join("config.toml")).unwrap();
    let raw = repo().join("content/source/jiangmen-hightech-zone-2024.raw.txt");
    let report = import::run(&ImportOptions::new(&raw, &root)).unwrap_or_else(|e| panic!("{e}"));
    let a = &report.article;

    let out = dir.path().join("public");
    broadsheet::build(&BuildOptions::new(&root).output(&out)).unwrap_or_else(|e| panic!("{e}"));
    let html = page(&out, "article/index.html");
    let mut shown = String::new();
    for selector in [".article-header", ".article-body"] {
        article_text(html.select(&sel(selector)).next().unwrap(), &mut shown);
    }

    let mut expected = String::new();
    expected.push_str(a.kicker.as_deref().unwrap_or(""));
    expected.push_str(&a.title);
    expected.push_str(&a.lead);
    for s in &a.sections {
        expected.push_str(s.heading.as_deref().unwrap_or(""));
        expected.push_str(s.subheading.as_deref().unwrap_or(""));
        for p in &s.paragraphs {
            expected.push_str(p);
        }
    }
    assert_eq!(squeeze(&shown), squeeze(&expected));
    // The kicker keeps its meaningful space.
    assert_eq!(texts(&html, ".kicker"), ["攀高向新 冲刺50强"]);
    // Photos the captions talk about are in the page.
    assert!(html.select(&sel(".article-body figure#photo-3")).next().is_some());
}

#[test]
fn importing_twice_refuses_then_gives_identical_files_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    std::fs::create_dir_all(root.join("content")).unwrap();
    let raw = repo().join("content/source/jiangmen-hightech-zone-2024.raw.txt");
    let mut opts = ImportOptions::new(&raw, &root);
    import::run(&opts).unwrap();
    let first = std::fs::read(root.join("content/article/index.md")).unwrap();
    let err = import::run(&opts).unwrap_err().to_string();
    assert!(err.contains("--force"), "{err}");
    opts.force = true;
    import::run(&opts).unwrap();
    assert_eq!(std::fs::read(root.join("content/article/index.md")).unwrap(), first);
}

#[test]
fn explain_prints_the_evidence_to_stderr_and_leaves_the_json_clean() {
    let fixtures = repo().join("tests/fixtures/import");
    let raw = fixtures.join("xinhui-port-trade-2024.raw.txt");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .args(["import", "--json", "--explain"])
        .arg(&raw)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let want: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixtures.join("xinhui-port-trade-2024.expected.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(json, want);
    let stderr = String::from_utf8(out.stderr).unwrap();
    let notes: Vec<&str> = stderr.lines().collect();
    let prefix = format!("{}:", raw.display());
    assert!(notes.iter().all(|n| n.starts_with(&prefix)), "{stderr}");
    // The two paragraph ends on full-width lines, told by the indented next line.
    let full = notes
        .iter()
        .filter(|n| n.contains("fills its column, but the next line is short by its lost indent"));
    assert_eq!(full.count(), 2, "{stderr}");
    assert!(notes.iter().any(|n| n.contains("kicker: a short undoubled display line")), "{stderr}");
    assert!(notes.iter().any(|n| n.contains("section head (2 lines")), "{stderr}");
}

#[test]
fn an_import_error_names_the_file_line_and_column_and_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let raw = dir.path().join("bad.raw.txt");
    std::fs::write(&raw, "标题\n\n正文\0二").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .args(["import", "--root"])
        .arg(dir.path())
        .arg(&raw)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains(&format!("--> {}:3:3", raw.display())), "{stderr}");
    assert!(stderr.contains("= help: "), "{stderr}");
    assert!(!dir.path().join("content").exists(), "nothing is written");
}
