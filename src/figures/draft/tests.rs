//! The drafter on small articles: what an editor finds in `figures.toml`.

use super::*;
use crate::error::Severity;
use crate::import::Section;

fn article(lead: &str, sections: &[(Option<&str>, &[&str])]) -> Article {
    Article {
        kicker: Some("冲刺50强".into()),
        title: "标题3个".into(),
        lead: lead.into(),
        sections: sections
            .iter()
            .map(|(heading, paragraphs)| Section {
                heading: heading.map(Into::into),
                subheading: heading.map(|_| "副题".into()),
                paragraphs: paragraphs.iter().map(|p| p.to_string()).collect(),
            })
            .collect(),
        captions: vec![],
    }
}

fn sample() -> Article {
    article(
        "一年春作首。2024年2月18日，全区向着50强进发。",
        &[
            (None, &["作为唯一的园区，它选定3个重点项目。这3个项目都在区内。"]),
            (
                Some("聚力创新"),
                &[
                    "研发经费支出超15.7亿元，占比达5.2%；密度约为金属的20%—25%。",
                    "以九十分之一的土地，集聚了超五分之一的企业。“以往至少3个月，这次缩短90%以上！”员工说道。",
                ],
            ),
            (Some("聚力产业"), &["形成“1+3+2”产业体系，世界500强企业落户，拥有700多人。"]),
        ],
    )
}

fn find<'a>(drafts: &'a Drafts, display: &str) -> &'a DraftFigure {
    drafts.figures.iter().find(|f| f.display == display).unwrap_or_else(|| {
        let all: Vec<&str> = drafts.figures.iter().map(|f| f.display.as_str()).collect();
        panic!("no draft shows `{display}`; drafts: {all:?}")
    })
}

#[test]
fn each_case_of_the_issue_becomes_a_figure() {
    let d = draft(&sample());
    let cases: &[(&str, f64, &str)] = &[
        ("50强", 50.0, "强"),
        ("唯一", 1.0, ""),
        ("3个", 3.0, "个"),
        ("超15.7亿元", 15.7, "亿元"),
        ("5.2%", 5.2, "%"),
        ("20%—25%", 20.0, "%"),
        ("九十分之一", 1.1, "%"),
        ("超五分之一", 20.0, "%"),
        ("至少3个月", 3.0, "个月"),
        ("90%以上", 90.0, "%"),
        ("1+3+2", 6.0, ""),
        ("500强", 500.0, "强"),
        ("700多人", 700.0, "人"),
    ];
    for &(display, value, unit) in cases {
        let f = find(&d, display);
        assert_eq!((f.value, f.unit.as_str()), (value, unit), "{display}");
    }
    let shown: Vec<&str> = d.figures.iter().map(|f| f.display.as_str()).collect();
    let dates = ["2024", "2月", "18日"];
    assert!(!shown.iter().any(|s| dates.iter().any(|d| s.contains(d))), "{shown:?}");
    assert_eq!(d.figures.len(), cases.len() + 1, "the second `3个` too: {shown:?}");
}

#[test]
fn quotes_labels_and_groups() {
    let d = draft(&sample());
    assert_eq!(find(&d, "50强").quote, "2024年2月18日，全区向着50强进发。");
    assert_eq!(find(&d, "50强").group, "lead");
    assert_eq!(find(&d, "唯一").group, "intro");
    assert_eq!(find(&d, "至少3个月").quote, "“以往至少3个月，这次缩短90%以上！”");
    let rd = find(&d, "超15.7亿元");
    assert_eq!((rd.group.as_str(), rd.label.as_str()), ("s1", "研发经费支出"));
    assert_eq!(rd.quote, "研发经费支出超15.7亿元，占比达5.2%；密度约为金属的20%—25%。");
    let names: Vec<(String, String)> =
        d.groups.iter().map(|g| (g.id.clone(), g.name("zh"))).collect();
    let want = [("lead", "导语"), ("intro", "开篇"), ("s1", "聚力创新"), ("s2", "聚力产业")];
    assert_eq!(names, want.map(|(a, b)| (a.to_string(), b.to_string())));
}

#[test]
fn every_quote_is_a_sentence_of_its_own_paragraph() {
    let a = sample();
    let paragraphs: Vec<&str> = std::iter::once(a.lead.as_str())
        .chain(a.sections.iter().flat_map(|s| s.paragraphs.iter().map(String::as_str)))
        .collect();
    for f in &draft(&a).figures {
        let home = paragraphs.iter().find(|p| p.contains(&f.quote)).expect("quoted verbatim");
        let at = home.find(&f.quote).unwrap();
        let before = home[..at].chars().next_back();
        assert!(before.is_none_or(|c| "。！？”’".contains(c)), "{} starts mid-sentence", f.quote);
        let end = f.quote.trim_end_matches(['”', '’']);
        assert!(
            end.ends_with(['。', '！', '？']) || at + f.quote.len() == home.len(),
            "{}",
            f.quote
        );
        assert!(f.quote.contains(&f.display), "{}", f.id);
    }
}

#[test]
fn ids_are_unique_readable_and_stay_when_other_paragraphs_change() {
    let d = draft(&sample());
    let ids: Vec<&str> = d.figures.iter().map(|f| f.id.as_str()).collect();
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    assert!(ids.iter().all(|id| id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')));
    assert_eq!(&ids[..4], ["lead-1", "intro-p1-1", "intro-p1-2", "intro-p1-3"]);
    assert_eq!(draft(&sample()), d, "drafting is deterministic");
    // An editor's new number in the first section's paragraph moves no other id.
    let mut edited = sample();
    edited.sections[1].paragraphs[0].insert_str(0, "新增8家。");
    let again = draft(&edited);
    let of = |d: &Drafts, display: &str| find(d, display).id.clone();
    for display in ["超五分之一", "1+3+2", "700多人", "唯一"] {
        assert_eq!(of(&again, display), of(&d, display), "{display}");
    }
}

#[test]
fn an_article_without_heads_is_one_body_group_and_an_empty_one_has_none() {
    let d = draft(&article("", &[(None, &["共有36条河涌。"])]));
    assert_eq!(d.groups, [DraftGroup { id: "body".into(), kind: GroupKind::Body }]);
    assert_eq!(d.figures[0].id, "body-p1-1");
    let empty = draft(&article("没有数字。", &[(None, &["也没有。"])]));
    assert!(empty.groups.is_empty() && empty.figures.is_empty());
}

#[test]
fn the_toml_loads_without_a_finding_beyond_the_drafts() {
    let d = draft(&sample());
    let text = to_toml(&d, "zh");
    let (figures, diags) = crate::figures::load(&text, &["zh".into()]);
    let figures = figures.expect("the drafted file parses");
    let not_info: Vec<&str> =
        diags.iter().filter(|d| d.severity != Severity::Info).map(|d| d.message.as_str()).collect();
    assert!(not_info.is_empty(), "{not_info:?}\n{text}");
    assert_eq!(diags.len(), d.figures.len(), "one note per draft");
    assert_eq!(figures.figures.len(), d.figures.len());
    assert_eq!(
        figures.groups.iter().map(|g| g.id.as_str()).collect::<Vec<_>>(),
        ["lead", "intro", "s1", "s2"]
    );
    for (read, drafted) in figures.figures.iter().zip(&d.figures) {
        assert!(!read.reviewed);
        assert_eq!((read.id.as_str(), read.value), (drafted.id.as_str(), drafted.value));
        assert_eq!(read.shown("zh"), drafted.display);
        assert_eq!(read.quote["zh"], drafted.quote);
    }
    assert_eq!(
        d.to_figures("zh").iter().map(|f| f.shown("zh")).collect::<Vec<_>>(),
        figures.figures.iter().map(|f| f.shown("zh")).collect::<Vec<_>>()
    );
}

#[test]
fn highlights_of_a_draft_spread_over_its_sections() {
    let d = draft(&sample());
    let picked = highlights(&d.to_figures("zh"), "zh", 4);
    let groups: Vec<&str> = picked
        .iter()
        .map(|id| d.figures.iter().find(|f| &f.id == id).unwrap().group.as_str())
        .collect();
    assert_eq!(groups, ["lead", "intro", "s1", "s2"], "{picked:?}");
    assert_eq!(find(&d, "超15.7亿元").id, picked[2], "an amount before a share or a count");
}

proptest::proptest! {
    /// Whatever the text, drafting answers, its quotes and displays are text
    /// of the article, and the file it writes loads without an error.
    #[test]
    fn any_text_drafts_and_loads(
        lead in "[0-9一二两三四五十百千万亿零〇半几分之多余超约仅第唯%％.,+—，、。！？”“a-zA-Z个年月日元强倍维一体 ]{0,40}",
        body in "\\PC{0,60}",
    ) {
        let a = article(&lead, &[(None, &[body.as_str()]), (Some("题"), &[lead.as_str()])]);
        let d = draft(&a);
        for f in &d.figures {
            proptest::prop_assert!(lead.contains(&f.quote) || body.contains(&f.quote));
            proptest::prop_assert!(f.quote.contains(&f.display) && f.value.is_finite());
            proptest::prop_assert!(!f.label.trim().is_empty());
        }
        let (figures, diags) = crate::figures::load(&to_toml(&d, "zh"), &["zh".into()]);
        proptest::prop_assert!(figures.is_some());
        proptest::prop_assert!(diags.iter().all(|d| d.severity != Severity::Error), "{diags:?}");
    }
}
