//! A Markdown body → its blocks, each with the translation units it holds.
//!
//! In: the body text (after the front matter) and its byte offset in the file.
//! Out: the blocks in order — headings (which start a new section), paragraphs,
//! list items, tables and photo lines (`![](photo:ID)` on its own) — each with
//! its section number (0 before the first heading), its index in the section,
//! its byte span and its units (a heading's title and subheading, a paragraph,
//! a list item's text, each table cell; a photo line has none). Every range is
//! absolute in the file, so callers can splice text into it. Code and HTML
//! blocks are neither blocks nor units: they are not translated.
//!
//! Pure; uses pulldown-cmark's offset iterator with the options the renderer
//! uses, so a block here is a block on the page.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::units::UnitKind;

/// What a block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BlockKind {
    Heading,
    Paragraph,
    ListItem,
    Table,
    Photo,
}

/// One block of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    /// 0 before the first heading; a heading opens the next section.
    pub section: usize,
    /// 1-based within the section; 0 for the heading that opens it.
    pub index: usize,
    /// The whole block as written (for a list item, with its marker).
    pub span: Range<usize>,
    /// What a merge replaces: the heading's text without `#`s and `{#id}`,
    /// the paragraph or list item text, the whole table, the photo line.
    pub content: Range<usize>,
    pub units: Vec<BodyUnit>,
}

/// A unit inside a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyUnit {
    pub kind: UnitKind,
    /// The key within the section: `heading`, `subheading`, `b3`, `b5.r2c1`.
    pub slot: String,
    pub range: Range<usize>,
    pub text: String,
}

/// The parser options of the renderer (`markdown::render`).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// The blocks of `body`, whose first byte is at `offset` in its file.
pub fn blocks(body: &str, offset: usize) -> Vec<Block> {
    let mut walk = Walk { src: body, offset, ..Walk::default() };
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        walk.event(event, range);
    }
    walk.blocks
}

/// A container a paragraph can sit in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    Item,
    Quote,
    Other,
}

/// The paragraph being read: its span, the text run, whether it is a photo line.
#[derive(Debug, Default)]
struct Para {
    span: Range<usize>,
    run: Option<Range<usize>>,
    photo: Photo,
}

/// Whether a paragraph is nothing but one photo image.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Photo {
    #[default]
    Nothing,
    Inside,
    Found,
    Not,
}

#[derive(Debug, Default)]
struct Table {
    span: Range<usize>,
    row: usize,
    col: usize,
    cell: Option<Option<Range<usize>>>,
    units: Vec<BodyUnit>,
}

#[derive(Debug, Default)]
struct Walk<'a> {
    src: &'a str,
    offset: usize,
    blocks: Vec<Block>,
    section: usize,
    index: usize,
    containers: Vec<Container>,
    /// Open list items: their span and current text run.
    items: Vec<(Range<usize>, Option<Range<usize>>)>,
    para: Option<Para>,
    table: Option<Table>,
    /// Inside a heading or a code block: their events are not runs.
    skipping: bool,
}

impl Walk<'_> {
    fn event(&mut self, event: Event, range: Range<usize>) {
        match event {
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                let attributes = id.is_some() || !classes.is_empty() || !attrs.is_empty();
                self.heading(range, level, attributes);
                self.skipping = true;
            }
            Event::End(TagEnd::Heading(_) | TagEnd::CodeBlock) => self.skipping = false,
            Event::Start(Tag::CodeBlock(_)) => {
                self.flush_item();
                self.skipping = true;
            }
            _ if self.skipping => {}
            // Inside a list item a paragraph is part of the item's text.
            Event::Start(Tag::Paragraph) if self.containers.last() != Some(&Container::Item) => {
                self.para = Some(Para { span: range, ..Para::default() });
            }
            Event::End(TagEnd::Paragraph) => match self.para.take() {
                Some(para) => self.end_paragraph(para),
                None => self.flush_item(),
            },
            Event::Start(Tag::Item) => {
                self.containers.push(Container::Item);
                self.items.push((range, None));
            }
            Event::End(TagEnd::Item) => {
                self.flush_item();
                self.items.pop();
                self.containers.pop();
            }
            Event::Start(Tag::BlockQuote(_) | Tag::FootnoteDefinition(_) | Tag::List(_)) => {
                self.flush_item();
                let quote = matches!(event, Event::Start(Tag::BlockQuote(_)));
                self.containers.push(if quote { Container::Quote } else { Container::Other });
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition | TagEnd::List(_)) => {
                self.containers.pop();
            }
            Event::Start(Tag::HtmlBlock) => self.flush_item(),
            other => self.table_or_inline(other, range),
        }
    }

    /// Tables, images and the events of a text run.
    fn table_or_inline(&mut self, event: Event, range: Range<usize>) {
        match event {
            Event::Start(Tag::Table(_)) => {
                self.flush_item();
                self.table = Some(Table { span: range, ..Table::default() });
            }
            Event::End(TagEnd::Table) => self.end_table(),
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                if let Some(t) = &mut self.table {
                    t.row += 1;
                    t.col = 0;
                }
            }
            Event::Start(Tag::TableCell) => {
                if let Some(t) = &mut self.table {
                    t.col += 1;
                    t.cell = Some(None);
                }
            }
            Event::End(TagEnd::TableCell) => self.end_cell(),
            Event::Html(_) | Event::Rule => {}
            Event::Start(Tag::Image { dest_url, .. }) => {
                self.photo_image(dest_url.starts_with("photo:"));
                self.extend(range);
            }
            Event::End(TagEnd::Image) => {
                if let Some(p) = &mut self.para
                    && p.photo == Photo::Inside
                {
                    p.photo = Photo::Found;
                }
                self.extend(range);
            }
            other if is_inline(&other) => {
                let blank = matches!(&other, Event::Text(t) if t.trim().is_empty())
                    || matches!(other, Event::SoftBreak);
                if let Some(p) = &mut self.para
                    && p.photo != Photo::Inside
                    && !blank
                {
                    p.photo = Photo::Not;
                }
                self.extend(range);
            }
            _ => {}
        }
    }

    fn photo_image(&mut self, is_photo: bool) {
        if let Some(p) = &mut self.para {
            p.photo =
                if is_photo && p.photo == Photo::Nothing { Photo::Inside } else { Photo::Not };
        }
    }

    /// Widens the innermost open text run (table cell, paragraph or list item).
    fn extend(&mut self, range: Range<usize>) {
        let run = if let Some(Table { cell: Some(cell), .. }) = &mut self.table {
            cell
        } else if let Some(p) = &mut self.para {
            &mut p.run
        } else if self.containers.last() == Some(&Container::Item)
            && let Some((_, run)) = self.items.last_mut()
        {
            run
        } else {
            return;
        };
        *run = Some(match run.take() {
            Some(r) => r.start.min(range.start)..r.end.max(range.end),
            None => range,
        });
    }

    fn abs(&self, r: &Range<usize>) -> Range<usize> {
        r.start + self.offset..r.end + self.offset
    }

    fn unit(&self, kind: UnitKind, slot: String, run: Range<usize>) -> BodyUnit {
        let depth = self.containers.iter().filter(|c| **c == Container::Quote).count();
        let text = clean(&self.src[run.clone()], depth);
        BodyUnit { kind, slot, range: self.abs(&run), text }
    }

    fn push(&mut self, kind: BlockKind, span: Range<usize>, content: Range<usize>) -> &mut Block {
        self.index += 1;
        let (span, content) = (self.abs(&span), self.abs(&content));
        let block =
            Block { kind, section: self.section, index: self.index, span, content, units: vec![] };
        self.blocks.push(block);
        self.blocks.last_mut().expect("just pushed")
    }

    fn end_paragraph(&mut self, para: Para) {
        let Some(run) = para.run else { return };
        if para.photo == Photo::Found {
            let line = trim_range(self.src, para.span.clone());
            self.push(BlockKind::Photo, para.span, line);
            return;
        }
        let unit = self.unit(UnitKind::Paragraph, format!("b{}", self.index + 1), run.clone());
        self.push(BlockKind::Paragraph, para.span, run).units.push(unit);
    }

    fn flush_item(&mut self) {
        let Some((span, run)) = self.items.last_mut().map(|(s, r)| (s.clone(), r.take())) else {
            return;
        };
        let Some(run) = run else { return };
        let unit = self.unit(UnitKind::ListItem, format!("b{}", self.index + 1), run.clone());
        self.push(BlockKind::ListItem, span, run).units.push(unit);
    }

    fn end_cell(&mut self) {
        let Some(t) = &mut self.table else { return };
        let Some(Some(run)) = t.cell.take() else { return };
        let slot = format!("b{}.r{}c{}", self.index + 1, t.row, t.col);
        let unit = self.unit(UnitKind::TableCell, slot, run);
        if let Some(t) = &mut self.table {
            t.units.push(unit);
        }
    }

    fn end_table(&mut self) {
        let Some(table) = self.table.take() else { return };
        let content = trim_range(self.src, table.span.clone());
        self.push(BlockKind::Table, table.span, content).units = table.units;
    }

    fn heading(&mut self, range: Range<usize>, level: HeadingLevel, attributes: bool) {
        self.flush_item();
        self.section += 1;
        self.index = 0;
        let content = heading_content(self.src, range.clone(), attributes);
        let text = &self.src[content.clone()];
        let split = (level == HeadingLevel::H2 && !text.contains("\\|"))
            .then(|| text.find(" | "))
            .flatten();
        let mut units = Vec::new();
        let mut add = |kind, slot: &str, r: Range<usize>| {
            let r = trim_range(self.src, r);
            if !r.is_empty() {
                let text = clean(&self.src[r.clone()], 0);
                units.push(BodyUnit { kind, slot: slot.into(), range: self.abs(&r), text });
            }
        };
        match split {
            Some(at) => {
                add(UnitKind::Heading, "heading", content.start..content.start + at);
                add(UnitKind::Subheading, "subheading", content.start + at + 3..content.end);
            }
            None => add(UnitKind::Heading, "heading", content.clone()),
        }
        let (span, content) = (self.abs(&range), self.abs(&content));
        let block = Block {
            kind: BlockKind::Heading,
            section: self.section,
            index: 0,
            span,
            content,
            units,
        };
        self.blocks.push(block);
    }
}

/// Whether an event is part of a text run (rather than block structure).
fn is_inline(event: &Event) -> bool {
    match event {
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineHtml(_)
        | Event::InlineMath(_)
        | Event::DisplayMath(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::FootnoteReference(_) => true,
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
        ),
        Event::End(tag) => matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
        ),
        _ => false,
    }
}

/// A heading's text: without the `#`s, a closing `#` run, an `{#id .class}`
/// block, or a setext underline.
fn heading_content(src: &str, range: Range<usize>, attributes: bool) -> Range<usize> {
    let raw = &src[range.clone()];
    let lead = raw.len() - raw.trim_start().len();
    let mut start = range.start + lead;
    let mut end;
    if raw.trim_start().starts_with('#') {
        let hashes = src[start..].chars().take_while(|c| *c == '#').count();
        start += hashes;
        end = range.start + raw.find('\n').unwrap_or(raw.len());
    } else {
        // Setext: every line but the underline.
        let body = raw.trim_end();
        end = range.start + body.rfind('\n').unwrap_or(body.len());
    }
    let r = trim_range(src, start..end);
    (start, end) = (r.start, r.end);
    let text = &src[start..end];
    if attributes
        && text.ends_with('}')
        && let Some(open) = text.rfind('{')
    {
        end = start + open;
    }
    let trimmed = src[start..end].trim_end();
    let without_hashes = trimmed.trim_end_matches('#');
    if without_hashes.len() < trimmed.len()
        && (without_hashes.is_empty() || without_hashes.ends_with([' ', '\t']))
    {
        end = start + without_hashes.len();
    }
    trim_range(src, start..end)
}

/// The range without white space at either end.
fn trim_range(src: &str, r: Range<usize>) -> Range<usize> {
    let s = &src[r.clone()];
    let start = r.start + (s.len() - s.trim_start().len());
    let end = r.end - (s.len() - s.trim_end().len());
    start..end.max(start)
}

/// A unit's text as written, without the indentation and `>` markers that
/// continuation lines carry inside lists and block quotes.
fn clean(raw: &str, quote_depth: usize) -> String {
    let mut lines = raw.trim().split('\n');
    let mut out = String::from(lines.next().unwrap_or("").trim_end());
    for line in lines {
        let mut rest = line.trim_start();
        for _ in 0..quote_depth {
            rest = rest.strip_prefix('>').map_or(rest, str::trim_start);
        }
        out.push('\n');
        out.push_str(rest.trim_end());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(body: &str) -> Vec<(BlockKind, usize, Vec<String>)> {
        blocks(body, 0)
            .into_iter()
            .map(|b| (b.kind, b.section, b.units.into_iter().map(|u| u.text).collect()))
            .collect()
    }

    #[test]
    fn heading_attributes_and_closing_hashes_are_not_text() {
        let body = "## 标题 | 副题 {#mine}\n\n### 小标题 ###\n\n# One\n";
        let units: Vec<Vec<String>> = shape(body).into_iter().map(|s| s.2).collect();
        assert_eq!(units, vec![vec!["标题", "副题"], vec!["小标题"], vec!["One"]]);
        assert_eq!(&body[blocks(body, 0)[0].content.clone()], "标题 | 副题");
    }

    #[test]
    fn photo_lines_are_blocks_without_units_and_images_with_text_are_paragraphs() {
        let body = "![](photo:p1)\n\n![图](photo:p2) 说明\n\n![alt](x.png)\n";
        let s = shape(body);
        assert_eq!(s[0], (BlockKind::Photo, 0, vec![]));
        assert_eq!(s[1].0, BlockKind::Paragraph);
        assert_eq!(s[2].0, BlockKind::Paragraph);
    }

    #[test]
    fn quotes_lists_and_code_keep_their_text_only() {
        let body = "> 引文\n> 续行\n\n1. 第一\n   续\n2. 第二\n   - 嵌套\n\n```\n代码\n```\n\n<div>html</div>\n";
        let s = shape(body);
        let texts: Vec<&str> = s.iter().flat_map(|b| b.2.iter().map(String::as_str)).collect();
        assert_eq!(texts, vec!["引文\n续行", "第一\n续", "第二", "嵌套"]);
    }

    #[test]
    fn inline_markup_stays_in_the_unit() {
        let body = "**粗体**开头，[链接](@/a.md)结尾。\n";
        let b = &blocks(body, 10)[0];
        assert_eq!(b.units[0].text, "**粗体**开头，[链接](@/a.md)结尾。");
        assert_eq!(b.units[0].range, 10..10 + body.trim_end().len());
    }

    #[test]
    fn empty_and_odd_bodies_do_not_panic() {
        for body in ["", "#", "##  \n", "|a|\n|-|\n||\n", "- \n", "> \n", "[^1]: 注\n", "a\n===\n"]
        {
            let _ = blocks(body, 0);
        }
        assert_eq!(shape("标题\n===\n")[0].2, vec!["标题"]);
    }
}
