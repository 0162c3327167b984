//! A page's translation units: every piece of text a translator translates.
//!
//! In: the text of a page's Markdown file and, for a page that has a folder of
//! its own (`name/index.md`), the `photos.toml` and `figures.toml` beside it.
//! Out: the units in page order — front matter (`title`, `description`,
//! `[extra] kicker` and `lead`), the body (each heading and subheading, each
//! paragraph, list item and table cell; photo lines are structure, not units),
//! then each photo's caption, credit and alt text and each figure's label,
//! display and quote in the asked language.
//!
//! Each unit has a structural key that says where it sits (`title`, `s2.b3`,
//! `s2.heading`, `photo.ID.caption`), so the same slot in two languages has
//! the same key as long as the two files have the same structure; its kind;
//! its text as written (Markdown, continuation indents removed); the file it
//! is in and its 1-based line there. Pure: text in, units out.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::{body, data};

/// What a unit is. Alignment pairs only units of the same kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum UnitKind {
    Title,
    Description,
    Kicker,
    Lead,
    Heading,
    Subheading,
    Paragraph,
    ListItem,
    TableCell,
    Caption,
    Credit,
    Alt,
    Label,
    Display,
    Quote,
}

impl UnitKind {
    /// What an editor calls it, for messages.
    pub fn name(self) -> &'static str {
        match self {
            UnitKind::Title => "title",
            UnitKind::Description => "description",
            UnitKind::Kicker => "kicker",
            UnitKind::Lead => "lead",
            UnitKind::Heading => "heading",
            UnitKind::Subheading => "subheading",
            UnitKind::Paragraph => "paragraph",
            UnitKind::ListItem => "list item",
            UnitKind::TableCell => "table cell",
            UnitKind::Caption => "photo caption",
            UnitKind::Credit => "photo credit",
            UnitKind::Alt => "photo alt text",
            UnitKind::Label => "figure label",
            UnitKind::Display => "figure display",
            UnitKind::Quote => "figure quote",
        }
    }
}

/// Which of a page's files a unit lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// The Markdown file itself (front matter and body).
    Page,
    /// `photos.toml` in the page's folder.
    Photos,
    /// `figures.toml` in the page's folder.
    Figures,
}

/// One translation unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Where it sits: `title`, `extra.lead`, `s0.b1`, `s2.heading`, `s2.b4.r1c2`,
    /// `photo.ID.caption`, `figure.ID.quote`.
    pub key: String,
    pub kind: UnitKind,
    /// As written: Markdown inline syntax kept, continuation indents removed.
    pub text: String,
    pub origin: Origin,
    /// 1-based line in its file.
    pub line: usize,
    /// Byte range of the text in its file (for a front matter or TOML value,
    /// the value with its quotes).
    pub range: Range<usize>,
}

/// The alignment group of a unit: keyed units (front matter, photos, figures)
/// pair by key; body units pair section by section, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Group {
    Keyed,
    Section(usize),
}

impl Group {
    /// The group a key belongs to: `s3.…` is body section 3.
    pub fn of(key: &str) -> Group {
        key.strip_prefix('s')
            .and_then(|rest| rest.split_once('.'))
            .and_then(|(n, _)| n.parse().ok())
            .map_or(Group::Keyed, Group::Section)
    }
}

/// The texts of one page in one language.
#[derive(Debug, Clone, Copy, Default)]
pub struct PageText<'a> {
    /// The Markdown file.
    pub page: &'a str,
    /// `photos.toml` beside it, when the page has a folder and the file exists.
    pub photos: Option<&'a str>,
    /// `figures.toml` beside it, likewise.
    pub figures: Option<&'a str>,
}

/// A file that cannot be read into units: where, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitsError {
    pub origin: Origin,
    pub line: usize,
    pub message: String,
    pub help: String,
}

/// Every unit of a page in `lang` (the language of `files.page`; the data files
/// hold every language and give `lang`'s texts).
pub fn page_units(files: &PageText, lang: &str) -> Result<Vec<Unit>, UnitsError> {
    let mut units = markdown_units(files.page)?;
    if let Some(text) = files.photos {
        units.extend(data::photo_units(text, lang)?);
    }
    if let Some(text) = files.figures {
        units.extend(data::figure_units(text, lang)?);
    }
    Ok(units)
}

/// The units of a Markdown file: front matter, then body.
pub fn markdown_units(text: &str) -> Result<Vec<Unit>, UnitsError> {
    let front = split_front_matter(text).ok_or_else(|| UnitsError {
        origin: Origin::Page,
        line: 1,
        message: "the file has no `+++` front matter".into(),
        help: "start the file with a `+++` line, `title = \"…\"`, and another `+++` line".into(),
    })?;
    let mut units = front_units(text, front.toml.clone())?;
    let lines = Lines::new(text);
    for block in body::blocks(&text[front.body..], front.body) {
        for u in block.units {
            units.push(Unit {
                key: format!("s{}.{}", block.section, u.slot),
                kind: u.kind,
                text: u.text,
                origin: Origin::Page,
                line: lines.line(u.range.start),
                range: u.range,
            });
        }
    }
    Ok(units)
}

pub use crate::content::split_front_matter;

/// The front matter keys that are translation units, with their kinds.
pub const FRONT_UNITS: [(&str, Option<&str>, UnitKind); 4] = [
    ("title", None, UnitKind::Title),
    ("description", None, UnitKind::Description),
    ("extra", Some("kicker"), UnitKind::Kicker),
    ("extra", Some("lead"), UnitKind::Lead),
];

fn front_units(text: &str, toml: Range<usize>) -> Result<Vec<Unit>, UnitsError> {
    let doc = toml_edit::Document::parse(&text[toml.clone()]).map_err(|e| {
        let at = toml.start + e.span().map_or(0, |s| s.start);
        UnitsError {
            origin: Origin::Page,
            line: line_of(text, at),
            message: format!("the front matter does not parse: {}", e.message()),
            help: "fix the TOML between the `+++` lines (`broadsheet check` shows the column)"
                .into(),
        }
    })?;
    let mut units = Vec::new();
    for (table, key, kind) in FRONT_UNITS {
        let item = match key {
            None => doc.get(table),
            Some(key) => doc.get(table).and_then(|t| t.as_table_like()).and_then(|t| t.get(key)),
        };
        let Some(value) = item.and_then(toml_edit::Item::as_value) else { continue };
        let (Some(s), Some(span)) = (value.as_str(), value.span()) else { continue };
        if s.trim().is_empty() {
            continue;
        }
        let range = toml.start + span.start..toml.start + span.end;
        units.push(Unit {
            key: key.map_or(table.to_string(), |k| format!("{table}.{k}")),
            kind,
            text: s.to_string(),
            origin: Origin::Page,
            line: line_of(text, range.start),
            range,
        });
    }
    Ok(units)
}

/// Line numbers of a text, found by binary search: a page has thousands of
/// units, and counting line breaks from the top for each took seconds.
pub struct Lines(Vec<usize>);

impl Lines {
    pub fn new(text: &str) -> Lines {
        Lines(text.bytes().enumerate().filter(|(_, b)| *b == b'\n').map(|(i, _)| i).collect())
    }

    /// The 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&nl| nl < offset) + 1
    }
}

/// The 1-based line of a byte offset (for one lookup; see [`Lines`] for many).
pub fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end].iter().filter(|b| **b == b'\n').count() + 1
}

/// The form two texts are compared in: runs of white space become one space,
/// a line break between CJK characters disappears (as it does when the page is
/// rendered), ends trimmed. Re-wrapping a paragraph does not change it.
pub fn norm(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap: Option<bool> = None; // Some(had a line break) inside white space
    for c in text.trim().chars() {
        if c.is_whitespace() {
            let newline = gap.unwrap_or(false) || c == '\n';
            gap = Some(newline);
            continue;
        }
        if let Some(newline) = gap.take() {
            let before = out.chars().next_back().unwrap_or(' ');
            if !(newline && crate::text::joins_without_space(before, c)) {
                out.push(' ');
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "+++\ntitle = \"标题\"\ntemplate = \"article.html\"\n\n[extra]\nkicker = \"眉题\"\nlead = \"导语。\"\n+++\n\n第一段，\n续行。\n\n## 小节 | 副题\n\n第二段。\n\n![](photo:p1)\n\n- 甲\n- 乙\n\n| 表头 | 值 |\n| --- | --- |\n| 行 | 1 |\n";

    fn keys(units: &[Unit]) -> Vec<(&str, UnitKind, usize)> {
        units.iter().map(|u| (u.key.as_str(), u.kind, u.line)).collect()
    }

    #[test]
    fn a_page_gives_front_matter_body_units_in_order_with_their_lines() {
        let units = markdown_units(PAGE).unwrap();
        use UnitKind::*;
        assert_eq!(
            keys(&units),
            vec![
                ("title", Title, 2),
                ("extra.kicker", Kicker, 6),
                ("extra.lead", Lead, 7),
                ("s0.b1", Paragraph, 10),
                ("s1.heading", Heading, 13),
                ("s1.subheading", Subheading, 13),
                ("s1.b1", Paragraph, 15),
                ("s1.b3", ListItem, 19),
                ("s1.b4", ListItem, 20),
                ("s1.b5.r1c1", TableCell, 22),
                ("s1.b5.r1c2", TableCell, 22),
                ("s1.b5.r2c1", TableCell, 24),
                ("s1.b5.r2c2", TableCell, 24),
            ]
        );
        assert_eq!(units[3].text, "第一段，\n续行。");
        assert_eq!(&PAGE[units[4].range.clone()], "小节");
        assert_eq!(units[5].text, "副题");
        assert_eq!(&PAGE[units[0].range.clone()], "\"标题\"");
    }

    #[test]
    fn photos_and_figures_give_their_language_fields() {
        let photos = "[[photo]]\nid = \"p1\"\ncaption = { zh = \"说明\", en = \"Caption\" }\ncredit = { zh = \"某/摄\" }\n";
        let figures = "[[figure]]\nid = \"f1\"\nlabel = { zh = \"面积\", en = \"Area\" }\nquote = { zh = \"面积大。\", en = \"It is large.\" }\n";
        let files = PageText { page: PAGE, photos: Some(photos), figures: Some(figures) };
        let en = page_units(&files, "en").unwrap();
        let tail: Vec<_> = en.iter().skip(13).map(|u| (u.key.as_str(), u.text.as_str())).collect();
        assert_eq!(
            tail,
            vec![
                ("photo.p1.caption", "Caption"),
                ("figure.f1.label", "Area"),
                ("figure.f1.quote", "It is large.")
            ]
        );
        assert_eq!(en[13].origin, Origin::Photos);
        assert_eq!(en[13].line, 3);
    }

    #[test]
    fn broken_front_matter_names_its_line() {
        let err = markdown_units("+++\ntitle = \"a\"\ntitle = \n+++\nbody\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(markdown_units("no front matter").is_err());
    }

    #[test]
    fn norm_ignores_rewrapping_but_not_words() {
        assert_eq!(norm("第一段，\n续行。"), "第一段，续行。");
        assert_eq!(norm("two\n  words "), "two words");
        assert_ne!(norm("two words"), norm("two birds"));
    }

    #[test]
    fn lines_by_search_agree_with_counting() {
        let lines = Lines::new(PAGE);
        for offset in [0, 1, 4, 5, PAGE.len() - 1, PAGE.len()] {
            assert_eq!(lines.line(offset), line_of(PAGE, offset), "at {offset}");
        }
    }

    #[test]
    fn groups_come_from_keys() {
        assert_eq!(Group::of("s12.b3"), Group::Section(12));
        assert_eq!(Group::of("subtitle"), Group::Keyed);
        assert_eq!(Group::of("photo.p1.caption"), Group::Keyed);
    }
}
