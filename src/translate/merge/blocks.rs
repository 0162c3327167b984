//! The body part of a page merge: block by block.
//!
//! In: the three bodies. Out: ours' body with theirs' changes spliced in, and
//! the conflicts. Blocks (heading lines, paragraphs, list items, tables, photo
//! lines) are aligned base → ours and base → theirs like translation units
//! (an edit pairs in place, an insertion is one new block); a block theirs
//! changed replaces only ours' text of it (so `{#id}` and list markers stay),
//! a block theirs added goes after the block it follows in theirs, a block
//! theirs removed goes unless an editor changed it. Pure.

use std::ops::Range;
use std::path::Path;

use super::super::align::{Alignment, Item, Relation, align};
use super::super::body::{Block, BlockKind, blocks};
use super::super::units::{line_of, norm};
use super::{Conflict, Decide, Versions};

/// One side: its text, blocks and their comparison texts.
struct Side<'a> {
    text: &'a str,
    blocks: Vec<Block>,
    keys: Vec<String>,
}

impl<'a> Side<'a> {
    fn new(text: &'a str) -> Self {
        let blocks = blocks(text, 0);
        let keys = blocks.iter().map(|b| compare_text(text, b)).collect();
        Side { text, blocks, keys }
    }

    fn items(&self) -> Vec<Item<'_, BlockKind>> {
        self.blocks.iter().zip(&self.keys).map(|(b, k)| Item { kind: b.kind, text: k }).collect()
    }

    fn content(&self, i: usize) -> &'a str {
        &self.text[self.blocks[i].content.clone()]
    }

    /// The block as written, for inserting elsewhere.
    fn raw(&self, i: usize) -> &'a str {
        self.text[self.blocks[i].span.clone()].trim_end()
    }
}

/// What a block is compared by: its text, re-wrapping ignored.
fn compare_text(text: &str, b: &Block) -> String {
    match b.kind {
        BlockKind::Paragraph | BlockKind::ListItem => {
            b.units.iter().map(|u| norm(&u.text)).collect::<Vec<_>>().join("\n")
        }
        _ => norm(&text[b.content.clone()]),
    }
}

/// What became of a base block on one side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Kept(usize),
    Edited(usize),
    Deleted,
}

fn fate(a: &Alignment, i: usize) -> Fate {
    match a.old[i] {
        None => Fate::Deleted,
        Some((j, Relation::Edited)) => Fate::Edited(j),
        Some((j, _)) => Fate::Kept(j),
    }
}

/// A change to ours' body: replace `range` with `text`.
struct Splice {
    range: Range<usize>,
    text: String,
}

pub(super) fn merge(
    file: &Path,
    v: Versions,
    decide: Decide,
    first_line: usize,
) -> (String, Vec<Conflict>) {
    let (base, ours, theirs) = (Side::new(v.base), Side::new(v.ours), Side::new(v.theirs));
    let to_ours = align(&base.items(), &ours.items());
    let to_theirs = align(&base.items(), &theirs.items());
    let mut splices = Vec::new();
    let mut conflicts = Vec::new();
    // Theirs' blocks to insert: new ones, and (with --theirs) ones an editor deleted.
    let mut inserts: Vec<usize> =
        (0..theirs.blocks.len()).filter(|k| to_theirs.new[*k].is_none()).collect();
    let line = |j: usize| first_line - 1 + line_of(v.ours, ours.blocks[j].span.start);
    for i in 0..base.blocks.len() {
        let (o, t) = (fate(&to_ours, i), fate(&to_theirs, i));
        let conflict = |ours_text: Option<&str>, theirs_text: Option<&str>, at: usize| Conflict {
            file: file.to_path_buf(),
            line: at,
            what: kind_name(base.blocks[i].kind).into(),
            base: Some(base.content(i).to_string()),
            ours: ours_text.map(str::to_string),
            theirs: theirs_text.map(str::to_string),
        };
        match (o, t) {
            (Fate::Kept(j), Fate::Edited(k)) => splices.push(replace(&ours, j, theirs.content(k))),
            (Fate::Kept(j), Fate::Deleted) => splices.push(delete(&ours, j)),
            (Fate::Edited(j), Fate::Edited(k)) if ours.keys[j] != theirs.keys[k] => {
                conflicts.push(conflict(Some(ours.content(j)), Some(theirs.content(k)), line(j)));
                if decide == Decide::Theirs {
                    splices.push(replace(&ours, j, theirs.content(k)));
                }
            }
            (Fate::Edited(j), Fate::Deleted) => {
                conflicts.push(conflict(Some(ours.content(j)), None, line(j)));
                if decide == Decide::Theirs {
                    splices.push(delete(&ours, j));
                }
            }
            (Fate::Deleted, Fate::Edited(k)) => {
                let at = anchor(&to_ours, &to_theirs, k).map_or(first_line, line);
                conflicts.push(conflict(None, Some(theirs.content(k)), at));
                if decide == Decide::Theirs {
                    inserts.push(k);
                }
            }
            _ => {}
        }
    }
    inserts.sort_unstable();
    splices.extend(insertions(&ours, &theirs, &to_ours, &to_theirs, &inserts));
    (apply(v.ours, splices), conflicts)
}

fn kind_name(kind: BlockKind) -> &'static str {
    match kind {
        BlockKind::Heading => "heading",
        BlockKind::Paragraph => "paragraph",
        BlockKind::ListItem => "list item",
        BlockKind::Table => "table",
        BlockKind::Photo => "photo line",
    }
}

fn replace(ours: &Side, j: usize, text: &str) -> Splice {
    Splice { range: ours.blocks[j].content.clone(), text: text.to_string() }
}

/// Removes a block and the blank lines after it.
fn delete(ours: &Side, j: usize) -> Splice {
    let span = &ours.blocks[j].span;
    let rest = &ours.text[span.end..];
    let end = span.end + (rest.len() - rest.trim_start().len());
    Splice { range: span.start..end, text: String::new() }
}

/// The ours block theirs' block `k` follows: the nearest earlier theirs block
/// that is in base and still in ours.
fn anchor(to_ours: &Alignment, to_theirs: &Alignment, k: usize) -> Option<usize> {
    (0..k).rev().find_map(|p| to_theirs.new[p].and_then(|(i, _)| to_ours.old[i]).map(|(j, _)| j))
}

/// Theirs' blocks `inserts` placed after their anchors in ours, in theirs'
/// order; a block an editor already added by hand is not added twice.
fn insertions(
    ours: &Side,
    theirs: &Side,
    to_ours: &Alignment,
    to_theirs: &Alignment,
    inserts: &[usize],
) -> Vec<Splice> {
    let ours_only: Vec<&String> = (0..ours.blocks.len())
        .filter(|j| to_ours.new[*j].is_none())
        .map(|j| &ours.keys[j])
        .collect();
    let mut at: Vec<(usize, String)> = Vec::new();
    for &k in inserts {
        if ours_only.contains(&&theirs.keys[k]) {
            continue;
        }
        let (point, mut text) = match anchor(to_ours, to_theirs, k) {
            Some(j) => {
                (line_end(ours.text, ours.blocks[j].span.end), block_text(theirs, k, Place::After))
            }
            None => (
                ours.text.len() - ours.text.trim_start().len(),
                block_text(theirs, k, Place::Before),
            ),
        };
        if point == ours.text.len() && !ours.text.is_empty() && !ours.text.ends_with('\n') {
            text.insert(0, '\n');
        }
        match at.iter_mut().find(|(p, _)| *p == point) {
            Some((_, joined)) => joined.push_str(&text),
            None => at.push((point, text)),
        }
    }
    at.into_iter().map(|(p, text)| Splice { range: p..p, text }).collect()
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    After,
    Before,
}

/// A block's text with the blank lines that separate it (list items need none).
fn block_text(theirs: &Side, k: usize, place: Place) -> String {
    let raw = theirs.raw(k);
    let gap = if theirs.blocks[k].kind == BlockKind::ListItem { "" } else { "\n" };
    match place {
        Place::After => format!("{gap}{raw}\n"),
        Place::Before => format!("{raw}\n{gap}"),
    }
}

/// The offset just after the line that holds `offset - 1`.
fn line_end(text: &str, offset: usize) -> usize {
    if offset > 0 && text.as_bytes().get(offset - 1) == Some(&b'\n') {
        return offset;
    }
    text[offset..].find('\n').map_or(text.len(), |n| offset + n + 1)
}

/// Applies splices back to front, so earlier offsets stay valid.
fn apply(text: &str, mut splices: Vec<Splice>) -> String {
    splices.sort_by_key(|s| std::cmp::Reverse((s.range.start, s.range.end)));
    let mut out = text.to_string();
    let mut limit = usize::MAX;
    for s in splices {
        // Two splices never overlap by construction; skip one that would.
        if s.range.end > limit {
            continue;
        }
        out.replace_range(s.range.clone(), &s.text);
        limit = s.range.start;
    }
    out
}
