//! A corrected extraction of the default site's article, imported onto a copy
//! of the site where an editor has changed a paragraph: the edit and the
//! correction both land; a correction of the edited paragraph is a conflict
//! that changes nothing; `--force` keeps a backup the build never publishes.

use std::path::{Path, PathBuf};

use broadsheet::BuildOptions;
use broadsheet::import::ImportOptions;
use broadsheet::translate::{self, merge::Decide};

use crate::common::*;

const PAGE: &str = "content/article/index.md";
const RAW: &str = "content/source/jiangmen-hightech-zone-2024.raw.txt";
/// Paragraph A (edited by hand) and paragraph B (corrected in the new text).
const A_BEFORE: &str = "敲响了高质量发展的奋进鼓点。";
const A_EDITED: &str = "敲响了高质量发展的冲锋号角。";
const B_BEFORE: &str = "全国各地激荡着奋进";
const B_CORRECTED: &str = "全国各地涌动着奋进";

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// A copy of the seed's raw text with `changes` made, outside the site.
fn corrected(dir: &Path, name: &str, changes: &[(&str, &str)]) -> PathBuf {
    let mut text = std::fs::read_to_string(repo().join(RAW)).unwrap();
    for (from, to) in changes {
        assert!(text.contains(from), "the raw text lacks {from}");
        text = text.replacen(from, to, 1);
    }
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn import(raw: &Path, root: &Path, decide: Decide) -> broadsheet::Result<Vec<PathBuf>> {
    broadsheet::import_article_deciding(&ImportOptions::new(raw, root), decide).map(|r| r.written)
}

#[test]
fn an_edit_and_a_correction_of_another_paragraph_both_land() {
    let (dir, root) = default_site();
    edit(&root.join(PAGE), A_BEFORE, A_EDITED);
    let raw = corrected(dir.path(), "corrected.raw.txt", &[("全国各地激荡着奋进", B_CORRECTED)]);
    let written = import(&raw, &root, Decide::Ask).unwrap_or_else(|e| panic!("{e}"));

    let page = std::fs::read_to_string(root.join(PAGE)).unwrap();
    assert!(page.contains(A_EDITED) && !page.contains(A_BEFORE), "the edit was lost");
    assert!(page.contains(B_CORRECTED) && !page.contains(B_BEFORE), "the correction is missing");
    assert!(page.contains("source = \"source/corrected.raw.txt\""));
    assert!(root.join("content/source/corrected.raw.txt").is_file());
    // The photos (with their English texts added by editors) did not change.
    assert!(!written.contains(&root.join("content/article/photos.toml")), "{written:?}");
    let photos = std::fs::read_to_string(root.join("content/article/photos.toml")).unwrap();
    assert_eq!(
        photos,
        std::fs::read_to_string(repo().join("content/article/photos.toml")).unwrap()
    );

    // Both changed paragraphs are stale in English, nothing else.
    let status = translate::status_of(&root, Some("article")).unwrap();
    assert_eq!((status[0].stale(), status[0].missing()), (2, 0));
    let out = dir.path().join("public");
    broadsheet::build(&BuildOptions::new(&root).output(&out)).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_correction_of_the_edited_paragraph_is_a_conflict_that_changes_nothing() {
    let (dir, root) = default_site();
    edit(&root.join(PAGE), A_BEFORE, A_EDITED);
    let before = snapshot(&root.join("content"));
    let raw = corrected(
        dir.path(),
        "corrected.raw.txt",
        &[("全国各地激荡着奋进", B_CORRECTED), ("的奋进鼓点", "的战鼓")],
    );
    let err = import(&raw, &root, Decide::Ask).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("content/article/index.md:15"), "{text}");
    assert!(text.contains(A_EDITED) && text.contains("敲响了高质量发展的战鼓。"), "{text}");
    assert!(text.contains("--ours") && text.contains("--theirs"), "{text}");
    assert_eq!(snapshot(&root.join("content")), before, "a file changed");

    // --ours keeps the edit and takes the rest of the correction.
    import(&raw, &root, Decide::Ours).unwrap_or_else(|e| panic!("{e}"));
    let page = std::fs::read_to_string(root.join(PAGE)).unwrap();
    assert!(page.contains(A_EDITED) && page.contains(B_CORRECTED));
}

#[test]
fn force_replaces_the_article_and_keeps_a_backup_that_is_never_published() {
    let (dir, root) = default_site();
    edit(&root.join(PAGE), A_BEFORE, A_EDITED);
    let raw = corrected(dir.path(), "corrected.raw.txt", &[("的奋进鼓点", "的战鼓")]);
    let opts = ImportOptions { force: true, ..ImportOptions::new(&raw, &root) };
    broadsheet::import_article(&opts).unwrap_or_else(|e| panic!("{e}"));

    let page = std::fs::read_to_string(root.join(PAGE)).unwrap();
    assert!(page.contains("敲响了高质量发展的战鼓。") && !page.contains(A_EDITED));
    let backup = root.join("content/source/article.backup-1/index.md");
    assert!(std::fs::read_to_string(backup).unwrap().contains(A_EDITED), "the edit was lost");

    let out = dir.path().join("public");
    broadsheet::build(&BuildOptions::new(&root).output(&out)).unwrap_or_else(|e| panic!("{e}"));
    for entry in walkdir::WalkDir::new(&out).into_iter().flatten() {
        let name = entry.file_name().to_string_lossy();
        assert!(!name.contains("backup") && !name.contains(".base"), "published {name}");
        if entry.file_type().is_file() && name.ends_with(".html") {
            let html = std::fs::read_to_string(entry.path()).unwrap();
            assert!(!html.contains(A_EDITED), "{} shows the backup", entry.path().display());
        }
    }
}

#[test]
fn an_article_imported_without_a_base_is_refused_with_help() {
    let (dir, root) = default_site();
    std::fs::remove_dir_all(root.join("content/source/article.base")).unwrap();
    let raw = corrected(dir.path(), "corrected.raw.txt", &[]);
    let text = import(&raw, &root, Decide::Ask).unwrap_err().to_string();
    assert!(text.contains("--force"), "{text}");
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    files.sort();
    files
}
