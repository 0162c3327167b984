//! The TOML part of a merge: front matter and data files, value by value.
//!
//! In: three TOML texts. Out: ours' text with theirs' changes applied (through
//! toml_edit, so ours' comments, order and spacing stay), and the conflicts.
//! Every value is a leaf addressed by its path (`extra.lead`, `groups.scale.en`,
//! `photo[photo-2].caption.zh`, entries of a `[[photo]]` array matched by their
//! `id`); an entry added or removed as a whole is handled as one unit. Pure.

use std::collections::BTreeMap;
use std::path::Path;

use toml_edit::{ArrayOfTables, Document, DocumentMut, Item, TableLike, Value};

use super::super::data::{keep_decor, set_inline};

use super::super::units::{Lines, line_of};
use super::{Conflict, Decide, MergeError};

/// The three texts.
#[derive(Debug, Clone, Copy)]
pub(super) struct Tomls<'a> {
    pub base: &'a str,
    pub ours: &'a str,
    pub theirs: &'a str,
}

/// One step of a path: a key, or the entry of an array of tables with this id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Seg {
    Key(String),
    Entry(String),
}

type Path_ = Vec<Seg>;

/// A value: how it compares, how it reads, and its line.
#[derive(Debug, Clone)]
struct Leaf {
    repr: String,
    shown: String,
    line: usize,
}

/// Every leaf of a document, in document order, plus where each entry starts.
struct Leaves {
    order: Vec<Path_>,
    at: BTreeMap<Path_, Leaf>,
    entries: BTreeMap<Path_, usize>,
}

impl Leaves {
    fn of(text: &str) -> Result<Leaves, (usize, String)> {
        let doc = Document::parse(text).map_err(|e| {
            (line_of(text, e.span().map_or(0, |s| s.start)), e.message().to_string())
        })?;
        let mut leaves =
            Leaves { order: Vec::new(), at: BTreeMap::new(), entries: BTreeMap::new() };
        walk(doc.as_table(), &mut Vec::new(), &Lines::new(text), &mut leaves);
        Ok(leaves)
    }

    /// The leaves under an entry, for comparing it whole.
    fn under(&self, entry: &[Seg]) -> Vec<(&Path_, &str)> {
        self.order
            .iter()
            .filter(|p| p.starts_with(entry))
            .map(|p| (p, self.at[p].repr.as_str()))
            .collect()
    }
}

fn walk(table: &dyn TableLike, path: &mut Path_, lines: &Lines, out: &mut Leaves) {
    for (key, item) in table.iter() {
        path.push(Seg::Key(key.to_string()));
        match item {
            Item::Value(Value::InlineTable(t)) => walk(t, path, lines, out),
            Item::Value(v) => {
                let line = v.span().map_or(1, |s| lines.line(s.start));
                out.order.push(path.clone());
                out.at.insert(path.clone(), Leaf { repr: repr(v), shown: shown(v), line });
            }
            Item::Table(t) => walk(t, path, lines, out),
            Item::ArrayOfTables(array) => {
                for (n, t) in array.iter().enumerate() {
                    let id =
                        t.get("id").and_then(Item::as_str).map_or(format!("#{n}"), str::to_string);
                    path.push(Seg::Entry(id));
                    let line = t.span().map_or(1, |s| lines.line(s.start));
                    out.entries.insert(path.clone(), line);
                    walk(t, path, lines, out);
                    path.pop();
                }
            }
            Item::None => {}
        }
        path.pop();
    }
}

fn repr(v: &Value) -> String {
    match v.as_str() {
        Some(s) => format!("\"{s}"),
        None => {
            let mut v = v.clone();
            v.decor_mut().clear();
            v.to_string()
        }
    }
}

fn shown(v: &Value) -> String {
    v.as_str().map_or_else(|| repr(v), str::to_string)
}

fn name(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) if out.is_empty() => out.push_str(k),
            Seg::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            Seg::Entry(id) => {
                out.push('[');
                out.push_str(id);
                out.push(']');
            }
        }
    }
    out
}

/// What the merge decided for one leaf or entry.
enum Step {
    Nothing,
    TakeTheirs,
    Conflict,
}

fn decide3(b: Option<&str>, o: Option<&str>, t: Option<&str>) -> Step {
    if o == t || t == b {
        Step::Nothing
    } else if o == b {
        Step::TakeTheirs
    } else {
        Step::Conflict
    }
}

pub(super) fn merge(
    file: &Path,
    v: Tomls,
    decide: Decide,
    line_offset: usize,
) -> Result<(String, Vec<Conflict>), MergeError> {
    let invalid = |side: &'static str| {
        move |(line, message): (usize, String)| MergeError::Invalid {
            file: file.to_path_buf(),
            side,
            line: line + line_offset,
            message,
        }
    };
    let b = Leaves::of(v.base).map_err(invalid("last imported"))?;
    let o = Leaves::of(v.ours).map_err(invalid("edited"))?;
    let t = Leaves::of(v.theirs).map_err(invalid("new"))?;
    let mut ours: DocumentMut =
        v.ours.parse().map_err(|_| invalid("edited")((1, "does not parse".into())))?;
    let theirs: DocumentMut =
        v.theirs.parse().map_err(|_| invalid("new")((1, "does not parse".into())))?;
    let mut conflicts = Vec::new();
    let conflict = |path: &[Seg],
                    line: usize,
                    base: Option<String>,
                    ours: Option<String>,
                    theirs: Option<String>| Conflict {
        file: file.to_path_buf(),
        line: line + line_offset,
        what: name(path),
        base,
        ours,
        theirs,
    };
    // Whole entries first: added or removed on one side.
    let (handled, raw) = merge_entries([&b, &o, &t], &mut ours, &theirs, decide);
    for r in raw {
        conflicts.push(conflict(&r.path, r.line, r.base, r.ours, r.theirs));
    }
    let paths = dedup(o.order.iter().chain(&t.order).chain(&b.order).cloned().collect());
    for path in paths.iter().filter(|p| !handled.iter().any(|e| p.starts_with(e))) {
        fn get<'l>(l: &'l Leaves, path: &Path_) -> Option<&'l str> {
            l.at.get(path).map(|x| x.repr.as_str())
        }
        let step = decide3(get(&b, path), get(&o, path), get(&t, path));
        let take = match step {
            Step::Nothing => false,
            Step::TakeTheirs => true,
            Step::Conflict => {
                let shown = |l: &Leaves| l.at.get(path).map(|x| x.shown.clone());
                let line = o.at.get(path).map_or(1, |x| x.line);
                conflicts.push(conflict(path, line, shown(&b), shown(&o), shown(&t)));
                decide == Decide::Theirs
            }
        };
        if take {
            match t.at.contains_key(path) {
                true => set(ours.as_table_mut(), theirs.as_table(), path),
                false => remove(ours.as_table_mut(), path),
            }
        }
    }
    Ok((ours.to_string(), conflicts))
}

/// A conflict before it is given its file and line offset.
struct RawConflict {
    path: Path_,
    line: usize,
    base: Option<String>,
    ours: Option<String>,
    theirs: Option<String>,
}

/// Entries of top-level arrays (`[[photo]]`) added or removed as a whole on
/// one side. Returns the entries it settled and the conflicts.
fn merge_entries(
    [b, o, t]: [&Leaves; 3],
    ours: &mut DocumentMut,
    theirs: &DocumentMut,
    decide: Decide,
) -> (Vec<Path_>, Vec<RawConflict>) {
    let mut handled: Vec<Path_> = Vec::new();
    let mut conflicts = Vec::new();
    let all: Vec<Path_> =
        o.entries.keys().chain(t.entries.keys()).chain(b.entries.keys()).cloned().collect();
    for entry in dedup(all).into_iter().filter(|e| e.len() == 2) {
        let has = |l: &Leaves| l.entries.contains_key(&entry);
        let step = match (has(b), has(o), has(t)) {
            (false, false, true) => Step::TakeTheirs,
            (true, true, false) if o.under(&entry) == b.under(&entry) => Step::TakeTheirs,
            (true, false, true) if t.under(&entry) == b.under(&entry) => Step::Nothing,
            (true, true, false) | (true, false, true) => Step::Conflict,
            _ => continue,
        };
        handled.push(entry.clone());
        let whole = |l: &Leaves| {
            has(l).then(|| format!("the whole entry ({} values)", l.under(&entry).len()))
        };
        match step {
            Step::Nothing => {}
            Step::TakeTheirs => replace_entry(ours, theirs, &entry),
            Step::Conflict => {
                let line = o.entries.get(&entry).copied().unwrap_or(1);
                let (base, mine, new) = (whole(b), whole(o), whole(t));
                conflicts.push(RawConflict {
                    path: entry.clone(),
                    line,
                    base,
                    ours: mine,
                    theirs: new,
                });
                if decide == Decide::Theirs {
                    replace_entry(ours, theirs, &entry);
                }
            }
        }
    }
    (handled, conflicts)
}

fn dedup(list: Vec<Path_>) -> Vec<Path_> {
    let mut seen = std::collections::BTreeSet::new();
    list.into_iter().filter(|p| seen.insert(p.clone())).collect()
}

fn find(array: &ArrayOfTables, id: &str) -> Option<usize> {
    array.iter().enumerate().position(|(n, t)| {
        t.get("id").and_then(Item::as_str).map_or(format!("#{n}"), str::to_string) == id
    })
}

/// Makes ours' entry what theirs' is: added, replaced or removed.
fn replace_entry(ours: &mut DocumentMut, theirs: &DocumentMut, entry: &[Seg]) {
    let [Seg::Key(array), Seg::Entry(id)] = entry else { return };
    let new = theirs
        .get(array)
        .and_then(Item::as_array_of_tables)
        .and_then(|a| find(a, id).and_then(|i| a.get(i)).cloned());
    if ours.get(array).is_none() {
        ours.insert(array, Item::ArrayOfTables(ArrayOfTables::new()));
    }
    let Some(list) = ours.get_mut(array).and_then(Item::as_array_of_tables_mut) else { return };
    let at = find(list, id);
    match (at, new) {
        (Some(i), Some(table)) => {
            if let Some(slot) = list.get_mut(i) {
                *slot = table;
            }
        }
        (None, Some(table)) => list.push(table),
        (Some(i), None) => {
            list.remove(i);
        }
        (None, None) => {}
    }
}

/// Sets ours' value at `path` to theirs', creating what is missing on the way.
fn set(ours: &mut dyn TableLike, theirs: &dyn TableLike, path: &[Seg]) {
    let Some(Seg::Key(key)) = path.first() else { return };
    let Some(ti) = theirs.get(key) else { return };
    if path.len() == 1 {
        match (ours.get_mut(key), ti) {
            (Some(Item::Value(ov)), Item::Value(tv)) => keep_decor(ov, tv.clone()),
            _ => {
                ours.insert(key, ti.clone());
            }
        }
        return;
    }
    let Some(oi) = ours.get_mut(key) else {
        ours.insert(key, ti.clone());
        return;
    };
    match &path[1] {
        Seg::Entry(id) => {
            let (Some(oa), Some(ta)) = (oi.as_array_of_tables_mut(), ti.as_array_of_tables())
            else {
                return;
            };
            let (Some(i), Some(j)) = (find(oa, id), find(ta, id)) else { return };
            if let (Some(ot), Some(tt)) = (oa.get_mut(i), ta.get(j)) {
                set(ot, tt, &path[2..]);
            }
        }
        Seg::Key(leaf) if path.len() == 2 && oi.is_inline_table() => {
            let value = ti.as_table_like().and_then(|t| t.get(leaf)).and_then(Item::as_value);
            if let (Some(inline), Some(value)) = (oi.as_inline_table_mut(), value) {
                set_inline(inline, leaf, value.clone());
            }
        }
        Seg::Key(_) => {
            if let (Some(ot), Some(tt)) = (oi.as_table_like_mut(), ti.as_table_like()) {
                set(ot, tt, &path[1..]);
            }
        }
    }
}

/// Removes ours' value at `path`.
fn remove(ours: &mut dyn TableLike, path: &[Seg]) {
    let Some(Seg::Key(key)) = path.first() else { return };
    if path.len() == 1 {
        ours.remove(key);
        return;
    }
    let Some(oi) = ours.get_mut(key) else { return };
    match &path[1] {
        Seg::Entry(id) => {
            let Some(oa) = oi.as_array_of_tables_mut() else { return };
            if let Some(ot) = find(oa, id).and_then(|i| oa.get_mut(i)) {
                remove(ot, &path[2..]);
            }
        }
        Seg::Key(_) => {
            if let Some(ot) = oi.as_table_like_mut() {
                remove(ot, &path[1..]);
            }
        }
    }
}
