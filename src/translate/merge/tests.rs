//! The three-way merge as an editor meets it: edits kept, corrections taken,
//! both changed → a conflict, settled by --ours or --theirs.

use super::*;

const BASE: &str = "+++\ntitle = \"标题\"\n\n[extra]\nsource = \"source/a.raw.txt\"\n+++\n\n甲段原文。\n\n乙段原文有错字。\n\n![](photo:p1)\n\n## 小节 | 副题\n\n丙段原文。\n";

fn page(a: &str, b: &str) -> String {
    BASE.replace("甲段原文。", a).replace("乙段原文有错字。", b)
}

fn merge(ours: &str, theirs: &str, decide: Decide) -> Result<Merged, MergeError> {
    merge_page(Path::new("content/a/index.md"), Versions { base: BASE, ours, theirs }, decide)
}

#[test]
fn an_edit_and_a_correction_of_another_paragraph_both_arrive() {
    let ours = page("甲段经编辑修改。", "乙段原文有错字。");
    let theirs = page("甲段原文。", "乙段原文已改正。");
    let merged = merge(&ours, &theirs, Decide::Ask).unwrap();
    assert_eq!(merged.text, page("甲段经编辑修改。", "乙段原文已改正。"));
    assert!(merged.settled.is_empty());
}

#[test]
fn a_correction_of_an_edited_paragraph_is_a_conflict_with_both_versions() {
    let ours = page("甲段经编辑修改。", "乙段原文有错字。");
    let theirs = page("甲段更正版。", "乙段原文已改正。");
    let Err(MergeError::Conflicts(list)) = merge(&ours, &theirs, Decide::Ask) else {
        panic!("expected a conflict")
    };
    assert_eq!(list.len(), 1);
    let c = &list[0];
    assert_eq!((c.line, c.what.as_str()), (8, "paragraph"));
    assert_eq!(c.ours.as_deref(), Some("甲段经编辑修改。"));
    assert_eq!(c.theirs.as_deref(), Some("甲段更正版。"));
    assert_eq!(c.base.as_deref(), Some("甲段原文。"));
    let shown = MergeError::Conflicts(list.clone()).to_string();
    assert!(shown.contains("content/a/index.md:8") && shown.contains("--ours"), "{shown}");
}

#[test]
fn ours_and_theirs_settle_a_conflict_and_still_take_the_other_corrections() {
    let ours = page("甲段经编辑修改。", "乙段原文有错字。");
    let theirs = page("甲段更正版。", "乙段原文已改正。");
    let kept = merge(&ours, &theirs, Decide::Ours).unwrap();
    assert_eq!(kept.text, page("甲段经编辑修改。", "乙段原文已改正。"));
    assert_eq!(kept.settled.len(), 1);
    let taken = merge(&ours, &theirs, Decide::Theirs).unwrap();
    assert_eq!(taken.text, theirs);
}

#[test]
fn nothing_changed_gives_ours_byte_for_byte() {
    let ours = format!("{BASE}\n\n<!-- 编者注 -->\n");
    assert_eq!(merge(&ours, BASE, Decide::Ask).unwrap().text, ours);
}

#[test]
fn an_inserted_paragraph_follows_its_neighbour_and_a_moved_photo_stays_moved() {
    // The editor moved the photo to the end; the import adds a paragraph.
    let ours = BASE.replace("![](photo:p1)\n\n", "") + "\n![](photo:p1)\n";
    let theirs = BASE.replace("乙段原文有错字。\n", "乙段原文有错字。\n\n新增一段。\n");
    let merged = merge(&ours, &theirs, Decide::Ask).unwrap().text;
    let expected = BASE
        .replace("![](photo:p1)\n\n", "")
        .replace("乙段原文有错字。\n", "乙段原文有错字。\n\n新增一段。\n")
        + "\n![](photo:p1)\n";
    assert_eq!(merged, expected);
}

#[test]
fn a_paragraph_the_import_drops_goes_unless_an_editor_changed_it() {
    let theirs = BASE.replace("乙段原文有错字。\n\n", "");
    assert_eq!(merge(BASE, &theirs, Decide::Ask).unwrap().text, theirs);
    let ours = page("甲段原文。", "乙段经编辑。");
    let Err(MergeError::Conflicts(list)) = merge(&ours, &theirs, Decide::Ask) else { panic!() };
    assert_eq!(list[0].theirs, None);
}

#[test]
fn headings_keep_their_ids_and_front_matter_merges_key_by_key() {
    let ours = BASE
        .replace("title = \"标题\"", "title = \"编辑的标题\"")
        .replace("副题\n", "副题 {#mine}\n");
    let theirs =
        BASE.replace("a.raw.txt", "b.raw.txt").replace("## 小节 | 副题", "## 小节 | 新副题");
    let merged = merge(&ours, &theirs, Decide::Ask).unwrap().text;
    assert!(merged.contains("title = \"编辑的标题\""), "{merged}");
    assert!(merged.contains("source = \"source/b.raw.txt\""), "{merged}");
    assert!(merged.contains("## 小节 | 新副题 {#mine}\n"), "{merged}");
}

const PHOTOS: &str = "# 图片\n[[photo]]\nid = \"p1\"\nratio = \"3:2\"\ncaption = { zh = \"说明\", en = \"Caption\" }\n\n[[photo]]\nid = \"p2\"\ncaption = { zh = \"第二张\" }\n";

fn merge_photos(ours: &str, theirs: &str, decide: Decide) -> Result<Merged, MergeError> {
    merge_data(Path::new("content/a/photos.toml"), Versions { base: PHOTOS, ours, theirs }, decide)
}

#[test]
fn photo_entries_merge_by_id_and_field() {
    let ours = PHOTOS
        .replace("Caption", "An edited caption")
        .replace("ratio = \"3:2\"", "ratio = \"16:9\"");
    let theirs = PHOTOS.replace("zh = \"说明\"", "zh = \"改正的说明\"")
        + "\n[[photo]]\nid = \"p3\"\ncaption = { zh = \"新图\" }\n";
    let merged = merge_photos(&ours, &theirs, Decide::Ask).unwrap().text;
    assert!(merged.starts_with("# 图片\n"), "{merged}");
    assert!(
        merged.contains("caption = { zh = \"改正的说明\", en = \"An edited caption\" }"),
        "{merged}"
    );
    assert!(merged.contains("ratio = \"16:9\""));
    assert!(merged.contains("id = \"p3\""));
    let both = ours.replace("zh = \"说明\"", "zh = \"编辑的说明\"");
    let Err(MergeError::Conflicts(list)) = merge_photos(&both, &theirs, Decide::Ask) else {
        panic!()
    };
    assert_eq!((list[0].what.as_str(), list[0].line), ("photo[p1].caption.zh", 5));
}

#[test]
fn an_entry_the_import_drops_goes_unless_edited() {
    let theirs = PHOTOS.replace("\n[[photo]]\nid = \"p2\"\ncaption = { zh = \"第二张\" }\n", "");
    assert!(!merge_photos(PHOTOS, &theirs, Decide::Ask).unwrap().text.contains("p2"));
    let ours = PHOTOS
        .replace("caption = { zh = \"第二张\" }", "caption = { zh = \"第二张\", en = \"Second\" }");
    assert!(matches!(merge_photos(&ours, &theirs, Decide::Ask), Err(MergeError::Conflicts(_))));
}

#[test]
fn unreadable_versions_are_errors_naming_the_side() {
    let err = merge_photos("[[photo]\n", PHOTOS, Decide::Ask).unwrap_err();
    assert!(err.to_string().contains("edited version"), "{err}");
    assert!(matches!(merge("no front matter", BASE, Decide::Ask), Err(MergeError::Invalid { .. })));
}
