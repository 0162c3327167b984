//! Aligning two sequences of texts, telling an edit from an insertion.
//!
//! In: an old and a new sequence of items (a kind and a normalised text).
//! Out: for every item on each side, its partner on the other side, if any,
//! and how they relate: the same text in the same order, the same text moved,
//! or an edited text in the same place. Items with no partner were inserted
//! (new) or deleted (old).
//!
//! How: a diff (LCS, the `similar` crate's Myers) over the items, equal when
//! kind and text are equal; then, in each gap between equal runs, the deleted
//! and inserted items are paired as edits — one for one when the gap has as
//! many on both sides, otherwise by similarity, in order. So one inserted
//! paragraph is one new item, not every later paragraph edited. Items left
//! over on both sides with the same text are a move. Deterministic; no clocks.

use std::hash::Hash;

use similar::{Algorithm, DiffOp, capture_diff_slices};

/// One side of an alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Item<'a, K> {
    pub kind: K,
    /// Already normalised (see [`super::units::norm`]).
    pub text: &'a str,
}

/// How two paired items relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    Same,
    /// The same text, out of its old order.
    Moved,
    /// A different text in the same place.
    Edited,
}

/// The partners of both sides.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Alignment {
    /// Per old item: its new partner.
    pub old: Vec<Option<(usize, Relation)>>,
    /// Per new item: its old partner.
    pub new: Vec<Option<(usize, Relation)>>,
}

impl Alignment {
    fn pair(&mut self, old: usize, new: usize, relation: Relation) {
        self.old[old] = Some((new, relation));
        self.new[new] = Some((old, relation));
    }
}

/// Two texts this similar (0–1, characters in common) in one gap are an edit.
const EDIT_SIMILARITY: f32 = 0.4;

/// Gaps larger than this (old × new items) are not searched for edits: such a
/// gap is a rewrite, and its items stay unpaired.
const GAP_SEARCH_LIMIT: usize = 4096;

pub fn align<K: Copy + Eq + Hash + Ord>(old: &[Item<K>], new: &[Item<K>]) -> Alignment {
    let mut a = Alignment { old: vec![None; old.len()], new: vec![None; new.len()] };
    for op in capture_diff_slices(Algorithm::Myers, old, new) {
        match op {
            DiffOp::Equal { old_index, new_index, len } => {
                for k in 0..len {
                    a.pair(old_index + k, new_index + k, Relation::Same);
                }
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                let pairs = pair_gap(
                    &old[old_index..old_index + old_len],
                    &new[new_index..new_index + new_len],
                );
                for (i, j) in pairs {
                    a.pair(old_index + i, new_index + j, Relation::Edited);
                }
            }
            DiffOp::Delete { .. } | DiffOp::Insert { .. } => {}
        }
    }
    pair_moves(old, new, &mut a);
    a
}

/// Pairs what a gap deleted with what it inserted.
fn pair_gap<K: Copy + Eq>(old: &[Item<K>], new: &[Item<K>]) -> Vec<(usize, usize)> {
    if old.len() == new.len() && old.iter().zip(new).all(|(o, n)| o.kind == n.kind) {
        return (0..old.len()).map(|i| (i, i)).collect();
    }
    if old.len() * new.len() > GAP_SEARCH_LIMIT {
        return Vec::new();
    }
    let score = |i: usize, j: usize| -> Option<f32> {
        (old[i].kind == new[j].kind)
            .then(|| similarity(old[i].text, new[j].text))
            .filter(|s| *s >= EDIT_SIMILARITY)
    };
    // Order-keeping pairing of the largest total similarity (like an LCS whose
    // matches weigh their similarity).
    let (n, m) = (old.len(), new.len());
    let mut best = vec![vec![0f32; m + 1]; n + 1];
    let mut sims = vec![vec![None; m]; n];
    for i in 0..n {
        for j in 0..m {
            sims[i][j] = score(i, j);
            let matched = sims[i][j].map_or(f32::MIN, |s| best[i][j] + s);
            best[i + 1][j + 1] = matched.max(best[i][j + 1]).max(best[i + 1][j]);
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        if sims[i - 1][j - 1].is_some_and(|s| best[i][j] == best[i - 1][j - 1] + s) {
            pairs.push((i - 1, j - 1));
            i -= 1;
            j -= 1;
        } else if best[i][j] == best[i - 1][j] {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    pairs.reverse();
    pairs
}

/// Unpaired items with the same kind and text on both sides moved.
fn pair_moves<K: Copy + Eq>(old: &[Item<K>], new: &[Item<K>], a: &mut Alignment) {
    for (i, item) in old.iter().enumerate() {
        if a.old[i].is_some() {
            continue;
        }
        if let Some(j) = (0..new.len()).find(|&j| a.new[j].is_none() && new[j] == *item) {
            a.pair(i, j, Relation::Moved);
        }
    }
}

/// The share of characters two texts have in common, in order (0–1).
pub fn similarity(a: &str, b: &str) -> f32 {
    if a == b {
        return 1.0;
    }
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    similar::TextDiff::configure().algorithm(Algorithm::Myers).diff_chars(a, b).ratio()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items<'a>(texts: &[&'a str]) -> Vec<Item<'a, u8>> {
        texts.iter().map(|t| Item { kind: 0, text: t }).collect()
    }

    fn run(old: &[&str], new: &[&str]) -> Vec<Option<(usize, Relation)>> {
        align(&items(old), &items(new)).new
    }

    const A: &str = "甲乙丙丁戊己庚辛。";
    const B: &str = "子丑寅卯辰巳午未。";
    const C: &str = "春夏秋冬东南西北。";
    const D: &str = "金木水火土日月星。";

    #[test]
    fn an_inserted_item_is_one_new_item_and_the_rest_stay_paired() {
        use Relation::Same;
        let new = run(&[A, B, C], &[A, D, B, C]);
        assert_eq!(new, vec![Some((0, Same)), None, Some((1, Same)), Some((2, Same))]);
    }

    #[test]
    fn a_deleted_item_is_one_old_item_without_partner() {
        let a = align(&items(&[A, B, C]), &items(&[A, C]));
        assert_eq!(a.old[1], None);
        assert_eq!(a.old[2], Some((1, Relation::Same)));
    }

    #[test]
    fn an_edited_item_pairs_in_place_even_next_to_an_insertion() {
        let edited = "甲乙丙丁戊己庚辛壬。";
        assert_eq!(
            run(&[A, B, C], &[A, "子丑寅卯辰巳午未申。", C])[1],
            Some((1, Relation::Edited))
        );
        // The edit and an insertion share one gap: similarity decides.
        let new = run(&[A, B, C], &[D, edited, B, C]);
        assert_eq!(new[0], None);
        assert_eq!(new[1], Some((0, Relation::Edited)));
    }

    #[test]
    fn reordered_items_are_moves_not_edits() {
        let new = run(&[A, B, C], &[B, A, C]);
        assert!(new.iter().all(Option::is_some));
        assert!(new.iter().flatten().any(|(_, r)| *r == Relation::Moved));
        assert!(!new.iter().flatten().any(|(_, r)| *r == Relation::Edited));
    }

    #[test]
    fn kinds_never_pair() {
        let old = [Item { kind: 0u8, text: A }];
        let new = [Item { kind: 1u8, text: A }];
        assert_eq!(align(&old, &new).new, vec![None]);
    }
}
