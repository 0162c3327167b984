//! The print column's width at each line of a stretch of body text.
//!
//! Takes the widths of consecutive lines (in cells, see [`text::width`]); returns the
//! width of the column each line was set in. Pure, no I/O. Invariant: a line's column
//! is never measured from that line alone, because whether the line falls short of its
//! column is what the callers want to know.
//!
//! Print narrows the column where the text runs around a photo and widens it again
//! after, so there is no one width for an article. [`fit`] splits the stretch into
//! runs of lines set at one width, fitting a piecewise-constant column to the lines
//! that fill it, and so knows which side of a narrowing each line is on: a line that
//! fills the narrow column is not short, however wide the lines above it.
//!
//! [`text::width`]: super::text::width

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// What one change of column costs in [`fit`], in cells of summed deviation. Full
/// lines scatter by about half a cell (punctuation squeezed to justify them), so a
/// change must explain more than a few lines' scatter: a narrowing of three cells
/// must run for three lines at an end of the stretch, five in the middle.
const CHANGE_COST: f32 = 4.0;

/// The fewest lines filling the column that [`fit`] lets form a run of their own.
const MIN_RUN: usize = 3;

/// Above this many lines, [`fit`] works on consecutive chunks: the search is
/// quadratic, and no stretch of one article's body comes near it.
const MAX_FIT: usize = 1000;

/// A line this much narrower than the median line is not filling the column (a
/// section head, a kicker left in the body), though it does not end a sentence.
const FILL_SHARE: f32 = 0.65;

/// Which lines run to the column's end, as far as can be told without the column:
/// not a line that ends a sentence (it may be a paragraph's short last line), and not
/// one far narrower than the median of the others (a head). `ends` marks the lines
/// that end a sentence.
pub fn filling(widths: &[f32], ends: &[bool]) -> Vec<bool> {
    let mut open: Vec<f32> = (0..widths.len()).filter(|i| !ends[*i]).map(|i| widths[i]).collect();
    open.sort_by(f32::total_cmp);
    let median = open.get(open.len() / 2).copied().unwrap_or(0.0);
    (0..widths.len()).map(|i| !ends[i] && widths[i] >= FILL_SHARE * median).collect()
}

/// The column at each line, fitted to the lines marked `fills` (those that run to
/// the column's end: not the short last line of a paragraph). Each run's column is
/// the median width of its filling lines. A line at the edge of a run, or between two
/// runs, goes with the run whose column fits it better (see [`misfit`]).
pub fn fit(widths: &[f32], fills: &[bool]) -> Vec<f32> {
    let mut index: Vec<usize> = (0..widths.len()).filter(|i| fills[*i]).collect();
    if index.is_empty() {
        // Nothing fills a column (one-line paragraphs only): every line votes.
        index = (0..widths.len()).collect();
    }
    let mut runs: Vec<(usize, usize, f32)> = Vec::new(); // first and last index, column
    for chunk in index.chunks(MAX_FIT) {
        // Widths are whole multiples of half a cell: count in halves, exactly.
        let halves: Vec<i64> = chunk.iter().map(|i| (widths[*i] * 2.0).round() as i64).collect();
        for (from, to, median) in segments(&halves) {
            runs.push((chunk[from], chunk[to - 1], median as f32 / 2.0));
        }
    }
    // Which run each line belongs to: inside a run, that run; between two runs, the
    // one whose column fits it better. A line at either edge of a run may also belong
    // to the neighbouring run (a paragraph's first line, two cells short of the wide
    // column, sits as near the narrow one): it goes where it fits better.
    let mut owner: Vec<usize> = Vec::with_capacity(widths.len());
    let mut run = 0;
    for i in 0..widths.len() {
        while run + 1 < runs.len() && i > runs[run].1 && i >= runs[run + 1].0 {
            run += 1;
        }
        owner.push(run);
    }
    for i in 0..widths.len() {
        let r = owner[i];
        let mut candidates = vec![r];
        if i >= runs[r].1 && r + 1 < runs.len() {
            candidates.push(r + 1);
        }
        if i <= runs[r].0 && r > 0 {
            candidates.push(r - 1);
        }
        owner[i] = candidates
            .into_iter()
            .min_by(|a, b| misfit(widths[i], runs[*a].2).total_cmp(&misfit(widths[i], runs[*b].2)))
            .unwrap_or(r);
    }
    owner.into_iter().map(|r| runs[r].2).collect()
}

/// How badly a line fits a column. Lines fall short of their column freely (the last
/// line of a paragraph, the indented first), but run past it only by a squeezed mark
/// or a hanging one, so running past costs three times as much.
fn misfit(width: f32, column: f32) -> f32 {
    if width > column { 3.0 * (width - column) } else { column - width }
}

/// Splits `values` into runs (`from..to`) of at least [`MIN_RUN`] values, minimising
/// the summed absolute deviation from each run's median plus [`CHANGE_COST`] per
/// change; returns each run with its median.
fn segments(values: &[i64]) -> Vec<(usize, usize, i64)> {
    let n = values.len();
    let change = (CHANGE_COST * 2.0) as i64;
    // best[j]: cheapest split of values[..j]; from[j]: where its last run starts.
    let mut best = vec![i64::MAX; n + 1];
    let mut from = vec![0; n + 1];
    best[0] = 0;
    for start in 0..n {
        if best[start] == i64::MAX {
            continue;
        }
        let mut run = RunningMedian::default();
        for end in start + 1..=n {
            run.push(values[end - 1]);
            let whole = start == 0 && end == n;
            if end - start < MIN_RUN && !whole {
                continue;
            }
            let cost = best[start] + run.deviation() + if start > 0 { change } else { 0 };
            if cost < best[end] {
                best[end] = cost;
                from[end] = start;
            }
        }
    }
    let mut out = Vec::new();
    let mut end = n;
    while end > 0 {
        let start = from[end];
        let mut median = values[start..end].to_vec();
        median.sort_unstable();
        out.push((start, end, median[(median.len() - 1) / 2]));
        end = start;
    }
    out.reverse();
    out
}

/// A growing list's median and the summed absolute deviation from it, kept in two
/// heaps so that each push costs O(log n).
#[derive(Default)]
struct RunningMedian {
    low: BinaryHeap<i64>,
    high: BinaryHeap<Reverse<i64>>,
    low_sum: i64,
    high_sum: i64,
}

impl RunningMedian {
    fn push(&mut self, v: i64) {
        if self.low.peek().is_none_or(|top| v <= *top) {
            self.low.push(v);
            self.low_sum += v;
        } else {
            self.high.push(Reverse(v));
            self.high_sum += v;
        }
        // Keep `low` the same size as `high` or one larger: its top is the median.
        if self.low.len() > self.high.len() + 1 {
            let v = self.low.pop().expect("low is not empty");
            self.low_sum -= v;
            self.high.push(Reverse(v));
            self.high_sum += v;
        } else if self.high.len() > self.low.len() {
            let Reverse(v) = self.high.pop().expect("high is not empty");
            self.high_sum -= v;
            self.low.push(v);
            self.low_sum += v;
        }
    }

    fn deviation(&self) -> i64 {
        let median = *self.low.peek().expect("a run is never empty");
        median * self.low.len() as i64 - self.low_sum + self.high_sum
            - median * self.high.len() as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_and_sentence_ends_do_not_fill_the_column() {
        let widths = [19.0, 20.0, 9.5, 6.0, 9.0, 17.5, 20.5];
        let ends = [false, false, true, false, false, false, false];
        assert_eq!(filling(&widths, &ends), [true, true, false, false, false, true, true]);
    }

    #[test]
    fn fit_finds_a_narrowed_stretch_between_two_wide_ones() {
        let widths = [
            20.0, 21.0, 20.0, 20.5, 21.0, 16.0, 16.5, 16.0, 17.0, 16.0, 16.5, 20.0, 21.0, 20.5,
            20.0,
        ];
        let cols = fit(&widths, &[true; 15]);
        assert_eq!(&cols[..5], &[20.5; 5]);
        assert_eq!(&cols[5..11], &[16.0; 6]);
        assert_eq!(&cols[11..], &[20.0; 4]);
    }

    #[test]
    fn fit_ignores_scatter_and_short_lines() {
        let widths = [19.0, 21.0, 20.0, 20.5, 6.0, 19.5, 21.5, 20.0, 3.0, 18.5, 20.0, 21.0];
        let fills: Vec<bool> = widths.iter().map(|w| *w > 10.0).collect();
        assert!(fit(&widths, &fills).iter().all(|c| *c == 20.0));
    }

    #[test]
    fn a_line_between_two_runs_goes_with_the_nearer_column() {
        // The unmarked line (15.5) ends a sentence right where the column narrows.
        let widths = [19.0, 19.5, 19.0, 19.5, 15.5, 15.5, 15.5, 15.0, 15.5];
        let fills = [true, true, true, true, false, true, true, true, true];
        let cols = fit(&widths, &fills);
        assert_eq!(cols[3], 19.0);
        assert_eq!(cols[4], 15.5);
    }

    #[test]
    fn running_median_deviation_matches_a_direct_sum() {
        let values = [5, 1, 9, 3, 3, 8, 2];
        let mut run = RunningMedian::default();
        for (k, v) in values.iter().enumerate() {
            run.push(*v);
            let mut sorted = values[..=k].to_vec();
            sorted.sort_unstable();
            let median = sorted[(sorted.len() - 1) / 2];
            assert_eq!(run.deviation(), sorted.iter().map(|x| (x - median).abs()).sum::<i64>());
        }
    }
}
