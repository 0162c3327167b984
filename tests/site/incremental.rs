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

#[test]
fn a_feed_is_written_again_only_when_one_of_its_articles_changed() {
    let (_dir, root) = default_site();
    let opts = BuildOptions::new(&root);
    let first = broadsheet::build_in_memory(&opts, None).unwrap();
    assert!(first.files.contains_key("feed.xml") && first.files.contains_key("en/feed.xml"));

    // An edit to the about page: both feeds are carried over as they were.
    let about = root.join("content/about.md");
    let text = std::fs::read_to_string(&about).unwrap();
    std::fs::write(&about, format!("{text}\n一句新话。\n")).unwrap();
    let second = broadsheet::build_in_memory(&opts, Some(&first.fingerprints)).unwrap();
    assert!(!second.files.contains_key("feed.xml"));
    assert!(second.unchanged.iter().any(|k| k == "feed.xml"), "{:?}", second.unchanged);

    // An edit to the Chinese article: its feed is written again, with the edit.
    let article = root.join("content/article/index.md");
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(&article, text.replacen("新春伊始", "新春伊始时", 1)).unwrap();
    let third = broadsheet::build_in_memory(&opts, Some(&second.fingerprints)).unwrap();
    let feed = String::from_utf8(third.files["feed.xml"].clone()).unwrap();
    assert!(feed.contains("新春伊始时"));
    assert!(third.unchanged.iter().any(|k| k == "en/feed.xml"));
}
