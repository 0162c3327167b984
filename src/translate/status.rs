//! A translation's status: the source's units, the record and the
//! translation's units composed into one state per source unit.
//!
//! In: the source units, the translation's record (if any) and the
//! translation's units. Out: per source unit, its translation (if any) and its
//! state — current, stale (the source changed since the translation was made),
//! unrecorded (a translation nobody accepted yet), untranslated (a skeleton
//! slot) or missing — and the translation units that translate nothing.
//!
//! How: source units are aligned to the record's source texts and translation
//! units to the record's translation texts, section by section (see
//! [`super::align`]); a source unit and a translation unit that meet at the
//! same record entry are a pair. What is left pairs by structural key (the same
//! slot in both files), which is how a page without a record, or a unit added
//! on both sides since, is paired. Pure.

use std::collections::BTreeMap;

use super::align::{Item, Relation, align};
use super::diff::{Piece, diff};
use super::record::{Entry, Record};
use super::units::{Group, Unit, UnitKind, norm};

/// The state of one source unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitState {
    /// Translated from the source text as it is now.
    Current,
    /// Translated from `old`; the source has changed since.
    Stale { old: String },
    /// A translation exists but no record says what it was made from.
    Unrecorded,
    /// The slot still holds the untranslated source (a skeleton slot).
    Untranslated,
    /// No translation unit for it.
    Missing,
}

/// One source unit and what became of it in the translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paired {
    /// 1-based, in source order: what `--unit N` and the JSON `unit` name.
    pub number: usize,
    /// Index into the source units.
    pub source: usize,
    /// Index into the translation units.
    pub translation: Option<usize>,
    pub state: UnitState,
    /// The source or the translation moved the unit out of its old order.
    pub moved: bool,
}

/// The whole composition.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Composition {
    pub pairs: Vec<Paired>,
    /// Whether there was a record. Without one nothing is known about what the
    /// translation was made from, so unrecorded units are not called stale: the
    /// page is simply not tracked yet.
    pub recorded: bool,
    /// Translation units (indices) that translate no source unit.
    pub orphaned: Vec<usize>,
}

impl Composition {
    pub fn count(&self, f: impl Fn(&UnitState) -> bool) -> usize {
        self.pairs.iter().filter(|p| f(&p.state)).count()
    }

    /// Units with a translation that is not a skeleton slot (stale ones too).
    pub fn translated(&self) -> usize {
        self.count(|s| {
            matches!(s, UnitState::Current | UnitState::Stale { .. } | UnitState::Unrecorded)
        })
    }

    /// Units whose translation needs a look and an accept.
    pub fn stale(&self) -> usize {
        self.pairs.iter().filter(|p| self.is_stale(&p.state)).count()
    }

    /// Stale: the source changed since, or (on a tracked page) never accepted.
    pub fn is_stale(&self, state: &UnitState) -> bool {
        match state {
            UnitState::Stale { .. } => true,
            UnitState::Unrecorded => self.recorded,
            _ => false,
        }
    }

    pub fn missing(&self) -> usize {
        self.count(|s| *s == UnitState::Missing)
    }

    pub fn untranslated(&self) -> usize {
        self.count(|s| *s == UnitState::Untranslated)
    }
}

/// Whether a translation unit is still a skeleton slot. A figure quote cannot
/// carry the marker (the build looks the quote up verbatim in the page), so a
/// quote still equal to its source is untranslated too.
pub fn slot_untranslated(source: &Unit, translation: &Unit) -> bool {
    super::is_untranslated(&translation.text)
        || (translation.kind == UnitKind::Quote && norm(&translation.text) == norm(&source.text))
}

pub fn compose(source: &[Unit], record: Option<&Record>, translation: &[Unit]) -> Composition {
    let entries: &[Entry] = record.map_or(&[], |r| &r.units);
    let s_to_r = match_record(source, entries, |e| &e.source);
    let t_to_r = match_record(translation, entries, |e| &e.translation);
    let mut r_to_t: Vec<Option<(usize, Relation)>> = vec![None; entries.len()];
    for (t, link) in t_to_r.iter().enumerate() {
        if let Some((r, rel)) = *link {
            r_to_t[r] = Some((t, rel));
        }
    }
    let mut t_used = vec![false; translation.len()];
    let mut pairs = Vec::with_capacity(source.len());
    for (s, unit) in source.iter().enumerate() {
        let via = s_to_r[s].and_then(|(r, rs)| r_to_t[r].map(|(t, rt)| (r, rs, t, rt)));
        let (translation_index, state, moved) = match via {
            Some((r, rs, t, rt)) => {
                t_used[t] = true;
                let state = if slot_untranslated(unit, &translation[t]) {
                    UnitState::Untranslated
                } else if rs == Relation::Edited {
                    UnitState::Stale { old: entries[r].source.clone() }
                } else {
                    UnitState::Current
                };
                (Some(t), state, rs == Relation::Moved || rt == Relation::Moved)
            }
            None => (None, UnitState::Missing, false),
        };
        pairs.push(Paired {
            number: s + 1,
            source: s,
            translation: translation_index,
            state,
            moved,
        });
    }
    pair_leftovers(source, translation, entries, &t_to_r, &mut pairs, &mut t_used);
    let orphaned = (0..translation.len()).filter(|t| !t_used[*t]).collect();
    Composition { pairs, recorded: record.is_some(), orphaned }
}

/// Pairs source units that found no translation through the record with
/// translation units that are still free, by structural key.
fn pair_leftovers(
    source: &[Unit],
    translation: &[Unit],
    entries: &[Entry],
    t_to_r: &[Option<(usize, Relation)>],
    pairs: &mut [Paired],
    t_used: &mut [bool],
) {
    let free: BTreeMap<(&str, UnitKind), usize> = (0..translation.len())
        .filter(|t| !t_used[*t])
        .map(|t| ((translation[t].key.as_str(), translation[t].kind), t))
        .collect();
    for p in pairs.iter_mut().filter(|p| p.state == UnitState::Missing) {
        let s = &source[p.source];
        let Some(&t) = free.get(&(s.key.as_str(), s.kind)) else { continue };
        if t_used[t] {
            continue;
        }
        t_used[t] = true;
        p.translation = Some(t);
        p.state = if slot_untranslated(s, &translation[t]) {
            UnitState::Untranslated
        } else {
            match t_to_r[t] {
                Some((r, _)) if norm(&entries[r].source) == norm(&s.text) => UnitState::Current,
                Some((r, _)) => UnitState::Stale { old: entries[r].source.clone() },
                None => UnitState::Unrecorded,
            }
        };
    }
}

/// Per unit, the record entry it aligns with: keyed units by key, body units
/// section by section by the entry text `text_of` gives.
fn match_record(
    units: &[Unit],
    entries: &[Entry],
    text_of: impl Fn(&Entry) -> &str,
) -> Vec<Option<(usize, Relation)>> {
    let mut out = vec![None; units.len()];
    if entries.is_empty() {
        // No record (or an empty one): nothing to align with.
        return out;
    }
    let keyed: BTreeMap<(&str, UnitKind), usize> = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| Group::of(&e.key) == Group::Keyed)
        .map(|(r, e)| ((e.key.as_str(), e.kind), r))
        .collect();
    for (i, u) in units.iter().enumerate() {
        if Group::of(&u.key) != Group::Keyed {
            continue;
        }
        if let Some(&r) = keyed.get(&(u.key.as_str(), u.kind)) {
            let same = norm(text_of(&entries[r])) == norm(&u.text);
            out[i] = Some((r, if same { Relation::Same } else { Relation::Edited }));
        }
    }
    let unit_sections = sections(units.iter().map(|u| (u.key.as_str(), u.kind, norm(&u.text))));
    let entry_sections =
        sections(entries.iter().map(|e| (e.key.as_str(), e.kind, norm(text_of(e)))));
    for (i, r, rel) in align_sections(&unit_sections, &entry_sections) {
        out[i] = Some((r, rel));
    }
    out
}

/// Body items grouped by section: (index in the input, kind, normalised text).
type Sections = Vec<Vec<(usize, UnitKind, String)>>;

fn sections<'a>(items: impl Iterator<Item = (&'a str, UnitKind, String)>) -> Sections {
    let mut by: BTreeMap<usize, Vec<(usize, UnitKind, String)>> = BTreeMap::new();
    for (i, (key, kind, text)) in items.enumerate() {
        if let Group::Section(n) = Group::of(key) {
            by.entry(n).or_default().push((i, kind, text));
        }
    }
    // The leading section (0) is always there, so that it pairs with its
    // counterpart even when one side has nothing before the first heading.
    by.entry(0).or_default();
    by.into_values().collect()
}

/// Aligns sections by their whole text, then units within paired sections.
/// Returns (unit index, entry index, relation) for every paired unit.
fn align_sections(units: &Sections, entries: &Sections) -> Vec<(usize, usize, Relation)> {
    let joined = |s: &Sections| -> Vec<String> {
        s.iter()
            .map(|sec| sec.iter().map(|(_, _, t)| t.as_str()).collect::<Vec<_>>().join("\n"))
            .collect()
    };
    let (ju, je) = (joined(units), joined(entries));
    fn items(j: &[String]) -> Vec<Item<'_, ()>> {
        j.iter().map(|t| Item { kind: (), text: t.as_str() }).collect()
    }
    let (iu, ie) = (items(&ju), items(&je));
    let mut sections = align(&ie, &iu).new;
    // The leading sections always pair: a heading added before the first one
    // must not make the opening paragraphs a section of their own.
    if sections[0].is_none()
        && !entries.is_empty()
        && !sections.iter().flatten().any(|(e, _)| *e == 0)
    {
        sections[0] = Some((0, Relation::Edited));
    }
    let mut out = Vec::new();
    for (su, link) in sections.iter().enumerate() {
        let Some((se, _)) = *link else { continue };
        let us: Vec<Item<'_, UnitKind>> =
            units[su].iter().map(|(_, k, t)| Item { kind: *k, text: t.as_str() }).collect();
        let es: Vec<Item<'_, UnitKind>> =
            entries[se].iter().map(|(_, k, t)| Item { kind: *k, text: t.as_str() }).collect();
        for (j, link) in align(&es, &us).new.into_iter().enumerate() {
            if let Some((i, rel)) = link {
                out.push((units[su][j].0, entries[se][i].0, rel));
            }
        }
    }
    out
}

/// The diff shown for a stale unit: old source → new source.
pub fn stale_diff(old: &str, new: &str) -> Vec<Piece> {
    diff(old, new)
}

/// A new record: every paired unit (or only unit `only`) recorded as
/// translated from its current source; other entries kept as they were.
pub fn accepted_entries(
    source: &[Unit],
    record: Option<&Record>,
    translation: &[Unit],
    only: Option<usize>,
) -> Vec<Entry> {
    let composition = compose(source, record, translation);
    let entries: &[Entry] = record.map_or(&[], |r| &r.units);
    let t_to_r = match_record(translation, entries, |e| &e.translation);
    let mut by_t: BTreeMap<usize, &Paired> = BTreeMap::new();
    for p in &composition.pairs {
        if let Some(t) = p.translation {
            by_t.insert(t, p);
        }
    }
    let mut out = Vec::new();
    for (t, unit) in translation.iter().enumerate() {
        let pair = by_t.get(&t).filter(|p| only.is_none_or(|n| n == p.number));
        if let Some(p) = pair {
            let s = &source[p.source];
            out.push(Entry {
                key: unit.key.clone(),
                kind: unit.kind,
                source: s.text.clone(),
                translation: unit.text.clone(),
            });
        } else if only.is_some()
            && let Some((r, _)) = t_to_r[t]
        {
            out.push(Entry { key: unit.key.clone(), ..entries[r].clone() });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::units::markdown_units;
    use super::*;

    const ZH: [&str; 5] =
        ["甲甲甲甲甲甲。", "乙乙乙乙乙乙。", "丙丙丙丙丙丙。", "丁丁丁丁丁丁。", "戊戊戊戊戊戊。"];
    const EN: [&str; 5] =
        ["Alpha one.", "Beta two.", "Gamma three.", "Delta four.", "Epsilon five."];

    /// A page: title, three paragraphs, a heading, two paragraphs.
    fn md(title: &str, p: &[&str], heading: &str) -> String {
        format!(
            "+++\ntitle = \"{title}\"\n+++\n\n{}\n\n## {heading}\n\n{}\n",
            p[..3].join("\n\n"),
            p[3..].join("\n\n")
        )
    }

    fn units(text: &str) -> Vec<Unit> {
        markdown_units(text).unwrap()
    }

    fn zh(p: &[&str]) -> Vec<Unit> {
        units(&md("标题", p, "小节"))
    }

    fn en() -> Vec<Unit> {
        units(&md("Title", &EN, "Section"))
    }

    fn recorded() -> Record {
        Record::new("index.md", accepted_entries(&zh(&ZH), None, &en(), None))
    }

    fn states(c: &Composition) -> Vec<&UnitState> {
        c.pairs.iter().map(|p| &p.state).collect()
    }

    #[test]
    fn an_accepted_translation_is_current_unit_for_unit() {
        let c = compose(&zh(&ZH), Some(&recorded()), &en());
        assert_eq!(c.pairs.len(), 7);
        assert!(c.pairs.iter().all(|p| p.state == UnitState::Current && !p.moved));
        assert_eq!((c.translated(), c.stale(), c.missing()), (7, 0, 0));
    }

    #[test]
    fn an_edited_source_paragraph_makes_exactly_its_translation_stale() {
        let edited = [
            "甲甲甲甲甲甲。",
            "乙乙乙改乙乙。",
            "丙丙丙丙丙丙。",
            "丁丁丁丁丁丁。",
            "戊戊戊戊戊戊。",
        ];
        let c = compose(&zh(&edited), Some(&recorded()), &en());
        assert_eq!(c.stale(), 1);
        let stale = &c.pairs[2];
        assert_eq!(stale.state, UnitState::Stale { old: "乙乙乙乙乙乙。".into() });
        assert_eq!(en()[stale.translation.unwrap()].text, "Beta two.");
    }

    #[test]
    fn an_inserted_source_paragraph_is_one_missing_unit() {
        let inserted = [
            "甲甲甲甲甲甲。",
            "新新新新新新。",
            "乙乙乙乙乙乙。",
            "丙丙丙丙丙丙。",
            "丁丁丁丁丁丁。",
            "戊戊戊戊戊戊。",
        ];
        let text = format!(
            "+++\ntitle = \"标题\"\n+++\n\n{}\n\n## 小节\n\n{}\n",
            inserted[..4].join("\n\n"),
            inserted[4..].join("\n\n")
        );
        let c = compose(&units(&text), Some(&recorded()), &en());
        assert_eq!((c.missing(), c.stale(), c.translated()), (1, 0, 7));
        assert_eq!(c.pairs[2].state, UnitState::Missing);
        assert!(c.orphaned.is_empty());
    }

    #[test]
    fn a_deleted_source_paragraph_leaves_one_orphaned_translation() {
        let text = format!(
            "+++\ntitle = \"标题\"\n+++\n\n{}\n\n## 小节\n\n{}\n",
            [ZH[0], ZH[2]].join("\n\n"),
            ZH[3..].join("\n\n")
        );
        let c = compose(&units(&text), Some(&recorded()), &en());
        assert_eq!((c.pairs.len(), c.stale(), c.missing()), (6, 0, 0));
        assert_eq!(c.orphaned.len(), 1);
        assert_eq!(en()[c.orphaned[0]].text, "Beta two.");
    }

    #[test]
    fn reordered_source_paragraphs_stay_current_and_are_flagged_moved() {
        let swapped = [ZH[1], ZH[0], ZH[2], ZH[3], ZH[4]];
        let c = compose(&zh(&swapped), Some(&recorded()), &en());
        assert!(c.pairs.iter().all(|p| p.state == UnitState::Current), "{:?}", states(&c));
        assert!(c.pairs.iter().any(|p| p.moved));
        assert_eq!(en()[c.pairs[1].translation.unwrap()].text, "Beta two.");
    }

    #[test]
    fn a_translation_added_for_a_missing_unit_waits_for_accept() {
        let zh_new = [
            "甲甲甲甲甲甲。",
            "新新新新新新。",
            "乙乙乙乙乙乙。",
            "丙丙丙丙丙丙。",
            "丁丁丁丁丁丁。",
        ];
        let en_new = ["Alpha one.", "New words.", "Beta two.", "Gamma three.", "Delta four."];
        let page = |p: &[&str], t: &str, h: &str| {
            units(&format!(
                "+++\ntitle = \"{t}\"\n+++\n\n{}\n\n## {h}\n\n{}\n",
                p[..4].join("\n\n"),
                p[4]
            ))
        };
        let (s, t) = (page(&zh_new, "标题", "小节"), page(&en_new, "Title", "Section"));
        let c = compose(&s, Some(&recorded()), &t);
        assert_eq!(c.pairs[2].state, UnitState::Unrecorded);
        assert_eq!(c.stale(), 1);
        let record = Record::new("index.md", accepted_entries(&s, Some(&recorded()), &t, None));
        let after = compose(&s, Some(&record), &t);
        assert_eq!((after.stale(), after.missing(), after.orphaned.len()), (0, 0, 0));
    }

    #[test]
    fn accepting_one_unit_clears_only_that_unit() {
        let edited = [
            "甲甲改甲甲甲。",
            "乙乙乙改乙乙。",
            "丙丙丙丙丙丙。",
            "丁丁丁丁丁丁。",
            "戊戊戊戊戊戊。",
        ];
        let s = zh(&edited);
        let record =
            Record::new("index.md", accepted_entries(&s, Some(&recorded()), &en(), Some(3)));
        let c = compose(&s, Some(&record), &en());
        assert_eq!(c.pairs[1].state, UnitState::Stale { old: "甲甲甲甲甲甲。".into() });
        assert_eq!(c.pairs[2].state, UnitState::Current);
    }

    #[test]
    fn without_a_record_nothing_is_called_stale() {
        let c = compose(&zh(&ZH), None, &en());
        assert!(c.pairs.iter().all(|p| p.state == UnitState::Unrecorded));
        assert_eq!((c.translated(), c.stale()), (7, 0));
    }

    #[test]
    fn skeleton_slots_and_unchanged_quotes_are_untranslated() {
        let skeleton = units(&super::super::skeleton::page(&md("标题", &ZH, "小节")).unwrap());
        let c = compose(&zh(&ZH), None, &skeleton);
        assert_eq!((c.untranslated(), c.translated()), (7, 0));
        let quote =
            |text: &str| Unit { kind: UnitKind::Quote, text: text.into(), ..zh(&ZH).remove(0) };
        assert!(slot_untranslated(&quote("一句。"), &quote("一句。")));
        assert!(!slot_untranslated(&quote("一句。"), &quote("A sentence.")));
    }
}
