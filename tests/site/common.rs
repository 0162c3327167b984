//! Fixture helpers shared by the site tests.

use std::path::{Path, PathBuf};

use broadsheet::BuildOptions;
use scraper::{Html, Selector};

pub use crate::support::{copy_tree, default_site, repo};

pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// A temp copy of a fixture site. Sites without templates get the default theme;
/// `invalid/<case>` and `check/<case>` fixtures are overlays on `basic`.
pub fn site(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    if name.starts_with("invalid/") || name.starts_with("check/") {
        copy_tree(&fixture("basic"), &root);
        copy_tree(&repo().join("templates"), &root.join("templates"));
        copy_tree(&fixture(name), &root);
    } else {
        copy_tree(&fixture(name), &root);
        if !root.join("templates").exists() {
            copy_tree(&repo().join("templates"), &root.join("templates"));
        }
    }
    dir
}

pub fn build(dir: &tempfile::TempDir) -> PathBuf {
    let out = dir.path().join("public");
    broadsheet::build(&BuildOptions::new(dir.path().join("site")).output(&out))
        .unwrap_or_else(|e| panic!("{e}"));
    out
}

pub fn page(out: &Path, rel: &str) -> Html {
    let text = std::fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    Html::parse_document(&text)
}

pub fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

pub fn attr(html: &Html, selector: &str, name: &str) -> Option<String> {
    html.select(&sel(selector)).next().and_then(|e| e.value().attr(name)).map(str::to_string)
}

pub fn texts(html: &Html, selector: &str) -> Vec<String> {
    html.select(&sel(selector)).map(|e| e.text().collect::<String>()).collect()
}
