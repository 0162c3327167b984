//! Where the paragraphs of a stretch of hard-wrapped lines end: the likeliest reading.
//!
//! Takes the lines of one stretch of body text; returns, for every line, whether its
//! paragraph ends there and the column it was read in. Pure, no I/O. Invariant: a
//! paragraph ends only on a line that ends a sentence, and always on the last line.
//!
//! Print sets a paragraph greedily: each line takes characters until the next one no
//! longer fits the column (give or take half a cell of justification), hangs up to
//! two closing marks past the end, never ends on an opening mark and never splits a
//! number. The first line is set two cells in, and the extraction lost that indent;
//! the last line stops wherever the text does. So a line that goes on is short of its
//! column by less than what of the next line did not fit, and a line that ends its
//! paragraph may be short by anything. Which lines end paragraphs and what the column
//! is (print narrows it for a few lines around a photo) are read together: the reading
//! chosen is the one whose lines all fit their roles best ([`read`], by dynamic
//! programming over lines × column × whether the line opens a paragraph), so a
//! narrowing that starts at a paragraph boundary is told from a short first line by
//! the lines after it.

use super::text::{ends_sentence, width};

/// The print indent of a paragraph's first line, in half cells.
const INDENT: i32 = 4;

/// What a line's width costs when it fits its role without help.
const FITS: f32 = 0.0;

/// What a line costs when it fits only with its column half a cell wider or narrower
/// (print's justification; about one line in seven each way).
const JITTERED: f32 = 1.6;

/// What a line costs when it fits only with one of its punctuation marks set in a
/// full cell instead of half of one (about one mark in twenty).
const FULL_MARK: f32 = 2.5;

/// What the last line of a paragraph costs: it may stop anywhere in the column,
/// where a line that goes on is held to a cell or so.
const LAST_LINE: f32 = 3.0;

/// A sentence end that also ends its paragraph, against one that does not: most
/// sentence ends that fall on a line end are paragraph ends.
const BREAK: f32 = 0.2;
const NO_BREAK: f32 = 1.6;

/// What a line costs that fits its role in no way, plus this much per half cell it
/// misses by.
const MISFIT: f32 = 12.0;
const MISFIT_PER_HALF: f32 = 1.0;

/// What a change of column costs: print changes it only around a photo.
const CHANGE: f32 = 9.0;

/// The reading of one line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reading {
    /// The paragraph ends on this line.
    pub ends: bool,
    /// The column the line was set in, in cells.
    pub column: f32,
    /// How much likelier the reading is than the best one with the other answer for
    /// this line (0 when the answer is forced).
    pub margin: f32,
}

/// One line's measures, in half cells.
struct Line {
    width: i32,
    /// Closing marks at the end that may hang past the column.
    hang: i32,
    /// What of the next line's start could not end this line.
    pushed: i32,
    /// The line ends a sentence, so a paragraph may end on it.
    may_end: bool,
}

fn halves(cells: f32) -> i32 {
    (cells * 2.0).round() as i32
}

fn measure(lines: &[&str]) -> Vec<Line> {
    (0..lines.len())
        .map(|i| Line {
            width: halves(width(lines[i])),
            hang: halves(hanging(lines[i])),
            pushed: lines.get(i + 1).map_or(i32::MAX / 4, |next| halves(pushed(next))),
            may_end: i + 1 == lines.len() || ends_sentence(lines[i]),
        })
        .collect()
}

/// How well a line fits a role in column `column` (half cells): `opens` when it is a
/// paragraph's first line, `ends` when its last.
fn cost(line: &Line, column: i32, opens: bool, ends: bool) -> f32 {
    let room = column - if opens { INDENT } else { 0 };
    let mut best = f32::MAX;
    for (mark, mark_cost) in [(0, 0.0), (1, FULL_MARK)] {
        for (jitter, jitter_cost) in [(0, FITS), (-1, JITTERED), (1, JITTERED)] {
            let room = room + jitter;
            let width = line.width + mark;
            let fits = width - line.hang <= room && (ends || room < width + line.pushed);
            if fits {
                best = best.min(mark_cost + jitter_cost);
            }
        }
    }
    if best == f32::MAX {
        let over = (line.width - line.hang - room).max(0);
        let under = if ends { 0 } else { (room - line.width - line.pushed + 1).max(0) };
        best = MISFIT + MISFIT_PER_HALF * (over + under) as f32;
    }
    let last_line = if ends { LAST_LINE } else { 0.0 };
    best + last_line
        + match (line.may_end, ends) {
            (true, true) => BREAK,
            (true, false) => NO_BREAK,
            _ => 0.0,
        }
}

/// Reads a stretch of lines: where each paragraph ends, and each line's column.
pub fn read(lines: &[&str]) -> Vec<Reading> {
    let lines = measure(lines);
    if lines.is_empty() {
        return Vec::new();
    }
    let widest = lines.iter().map(|l| l.width).max().unwrap_or(0);
    let columns: Vec<i32> = (2..=widest + INDENT + 2).collect();
    let grid = Grid { lines: &lines, columns: &columns };
    let forward = grid.forward();
    let backward = grid.backward();
    let after: Vec<Vec<[f32; 2]>> = (0..lines.len())
        .map(|i| backward.get(i + 1).map_or_else(Vec::new, |b| grid.change(b)))
        .collect();
    (0..lines.len())
        .map(|i| {
            let best_with = |ends: bool| -> (f32, i32) {
                let mut best = (f32::MAX, 0);
                for (k, column) in columns.iter().enumerate() {
                    for opens in [false, true] {
                        let Some(step) = grid.step(i, k, opens, ends) else { continue };
                        let total = forward[i][k][opens as usize]
                            + step
                            + after[i].get(k).map_or(0.0, |a| a[ends as usize]);
                        if total < best.0 {
                            best = (total, *column);
                        }
                    }
                }
                best
            };
            let (end, go) = (best_with(true), best_with(false));
            let ends = end.0 <= go.0;
            let (chosen, other) = if ends { (end, go) } else { (go, end) };
            let margin = if other.0 == f32::MAX { 0.0 } else { other.0 - chosen.0 };
            Reading { ends, column: chosen.1 as f32 / 2.0, margin }
        })
        .collect()
}

/// The dynamic programme: a state is (line, column index, whether the line opens a
/// paragraph).
struct Grid<'a> {
    lines: &'a [Line],
    columns: &'a [i32],
}

impl Grid<'_> {
    /// The cost of line `i` in column `k`, opening a paragraph or not, ending it or
    /// not; `None` when the role is impossible.
    fn step(&self, i: usize, k: usize, opens: bool, ends: bool) -> Option<f32> {
        let line = &self.lines[i];
        let last = i + 1 == self.lines.len();
        if (ends && !line.may_end) || (last && !ends) || (i == 0 && !opens) {
            return None;
        }
        Some(cost(line, self.columns[k], opens, ends))
    }

    /// `forward[i][k][o]`: the cheapest reading of the lines before `i` that leaves
    /// line `i` in column `k`, opening a paragraph when `o` is 1.
    fn forward(&self) -> Vec<Vec<[f32; 2]>> {
        let n = self.lines.len();
        let c = self.columns.len();
        let mut table = vec![vec![[f32::MAX; 2]; c]; n];
        for row in &mut table[0] {
            row[1] = 0.0;
        }
        for i in 0..n - 1 {
            // The cheapest way to reach line i + 1 opening or not, in each column.
            let mut into = vec![[f32::MAX; 2]; c];
            for k in 0..c {
                for opens in [false, true] {
                    let before = table[i][k][opens as usize];
                    if before == f32::MAX {
                        continue;
                    }
                    for ends in [false, true] {
                        if let Some(step) = self.step(i, k, opens, ends) {
                            let slot = &mut into[k][ends as usize];
                            *slot = slot.min(before + step);
                        }
                    }
                }
            }
            table[i + 1] = self.change(&into);
        }
        table
    }

    /// `backward[i][k][o]`: the cheapest reading of lines `i..` with line `i` in
    /// column `k`, opening a paragraph when `o` is 1.
    fn backward(&self) -> Vec<Vec<[f32; 2]>> {
        let n = self.lines.len();
        let c = self.columns.len();
        let mut table = vec![vec![[f32::MAX; 2]; c]; n];
        for i in (0..n).rev() {
            let after = (i + 1 < n).then(|| self.change(&table[i + 1]));
            for k in 0..c {
                for opens in [false, true] {
                    let mut best = f32::MAX;
                    for ends in [false, true] {
                        let Some(step) = self.step(i, k, opens, ends) else { continue };
                        let rest = after.as_ref().map_or(0.0, |after| after[k][ends as usize]);
                        best = best.min(step + rest);
                    }
                    table[i][k][opens as usize] = best;
                }
            }
        }
        table
    }

    /// Costs per column, with a change of column allowed at [`CHANGE`].
    fn change(&self, costs: &[[f32; 2]]) -> Vec<[f32; 2]> {
        let mut out = costs.to_vec();
        for o in 0..2 {
            let cheapest = costs.iter().map(|c| c[o]).fold(f32::MAX, f32::min);
            for slot in &mut out {
                slot[o] = slot[o].min(cheapest + CHANGE);
            }
        }
        out
    }
}

/// How much of a line's start could not end the line before: its first character; a
/// number, which print never splits, whole; an opening mark with the character after
/// it, as an opening mark never ends a line.
fn pushed(line: &str) -> f32 {
    let line: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let narrow: String = line.chars().take_while(|c| c.is_ascii()).collect();
    if !narrow.is_empty() {
        return width(&narrow);
    }
    let mut chars = line.chars();
    match chars.next() {
        Some(c) if is_opener(c) => char_width(c) + chars.next().map_or(0.0, char_width),
        Some(c) => char_width(c),
        None => 0.0,
    }
}

fn char_width(c: char) -> f32 {
    width(c.encode_utf8(&mut [0; 4]))
}

fn is_opener(c: char) -> bool {
    matches!(c, '“' | '‘' | '（' | '《' | '「' | '『' | '【' | '(')
}

/// The width of the closing marks at a line's end (at most two), which print may
/// hang past the column.
fn hanging(line: &str) -> f32 {
    line.trim_end()
        .chars()
        .rev()
        .take_while(|c| "，。、；：？！”’）》」』】…".contains(*c))
        .take(2)
        .map(char_width)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_column_is_read_where_print_narrowed_it() {
        // Set in 17 cells, then in 14 around a photo, across a paragraph end.
        let lines = [
            "在葵艺展区，传承人廖师傅正在编",
            "织一把葵扇。只见他手指翻飞，不到半",
            "个小时，一把精致的葵扇便完成了。",
            "不少非遗项目主动拥抱市场，让老",
            "手艺有了新出路。开平的传统木",
            "雕企业把碉楼元素融入家具设计，",
            "台山的手工米粉作坊推出了即食",
            "装。",
        ];
        let readings = read(&lines);
        let ends: Vec<usize> = (0..lines.len()).filter(|i| readings[*i].ends).collect();
        assert_eq!(ends, [2, 7]);
        assert!((16.5..=17.5).contains(&readings[1].column), "{readings:?}");
        assert!((13.5..=14.5).contains(&readings[5].column), "{readings:?}");
    }

    #[test]
    fn a_forced_answer_has_no_margin() {
        let readings = read(&["只有一行。"]);
        assert_eq!(readings.len(), 1);
        assert!(readings[0].ends);
        assert_eq!(readings[0].margin, 0.0);
    }

    fn body_line() -> impl Strategy<Value = String> {
        "[江门高新区发展科技创新产业天人谢，。、“”：！？0-9 ]{0,24}"
    }

    proptest! {
        #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn paragraphs_end_only_on_sentence_ends_and_always_on_the_last_line(
            lines in proptest::collection::vec(body_line(), 1..30),
        ) {
            let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
            let readings = read(&refs);
            prop_assert_eq!(readings.len(), lines.len());
            prop_assert!(readings.last().unwrap().ends);
            for (line, reading) in refs.iter().zip(&readings).take(lines.len() - 1) {
                prop_assert!(!reading.ends || ends_sentence(line), "{line:?}");
            }
        }
    }
}
