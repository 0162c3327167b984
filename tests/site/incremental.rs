//! Re-rendering only what an edit changed (what `serve` relies on).

use broadsheet::BuildOptions;
use broadsheet::output::Memory;

use crate::common::*;

fn pages_written(memory: &Memory) -> Vec<String> {
    memory.files.lock().unwrap().keys().filter(|k| k.ends_with("index.html")).cloned().collect()
}

#[test]
fn a_body_edit_re_renders_that_page_only_and_a_title_edit_everything() {
    let dir = site("basic");
    let root = dir.path().join("site");
    let opts = BuildOptions::new(&root);
    let (loaded, _) = broadsheet::load(&opts).unwrap();
    let first = Memory::default();
    let (all, prints) = broadsheet::write_changed(&loaded, &first, None).unwrap();
    assert_eq!(all, loaded.site.pages.len());

    let page = root.join("content/notes/first.en.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replace("first line", "a changed line")).unwrap();
    let (loaded, _) = broadsheet::load(&opts).unwrap();
    let second = Memory::default();
    let (n, prints2) = broadsheet::write_changed(&loaded, &second, Some(&prints)).unwrap();
    assert_eq!(n, 1);
    assert_eq!(pages_written(&second), ["en/notes/first/index.html"]);
    let html = String::from_utf8(second.files.lock().unwrap()["en/notes/first/index.html"].clone())
        .unwrap();
    assert!(html.contains("a changed line"));

    // A new title shows on the section listing and in the switcher: all pages.
    std::fs::write(&page, text.replace("title = \"First\"", "title = \"Premier\"")).unwrap();
    let (loaded, _) = broadsheet::load(&opts).unwrap();
    let third = Memory::default();
    let (n, _) = broadsheet::write_changed(&loaded, &third, Some(&prints2)).unwrap();
    assert_eq!(n, loaded.site.pages.len());
}
