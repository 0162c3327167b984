//! The file a translation starts from: the source page with every slot marked.
//!
//! In: the source page's Markdown (and its folder's `photos.toml` and
//! `figures.toml`). Out: the translation's Markdown with the same structure —
//! every front matter key, heading, paragraph slot, list, table and photo line
//! where it was, byte for byte — and each unit's text prefixed with
//! [`super::UNTRANSLATED`]; and the data files with the translation language's
//! fields filled the same way where they are missing.
//!
//! The result is a page the build accepts as it is: only text changes, never
//! structure. A figure quote is copied unmarked, because the build looks each
//! quote up verbatim in that language's page, and the skeleton page holds the
//! source sentence (see [`super::status::slot_untranslated`]). Pure.

use toml_edit::{DocumentMut, Item, Value};

use super::data::Shape;
use super::mark_untranslated;
use super::units::{FRONT_UNITS, Origin, UnitKind, UnitsError, markdown_units, split_front_matter};

/// The translation's Markdown made from the source's.
pub fn page(source: &str) -> Result<String, UnitsError> {
    let front = split_front_matter(source).ok_or_else(|| UnitsError {
        origin: Origin::Page,
        line: 1,
        message: "the source has no `+++` front matter".into(),
        help: "fix the source page first (`broadsheet check`)".into(),
    })?;
    let units = markdown_units(source)?;
    let mut doc: DocumentMut = source[front.toml.clone()].parse().map_err(|_| UnitsError {
        origin: Origin::Page,
        line: 2,
        message: "the source's front matter does not parse".into(),
        help: "fix the source page first (`broadsheet check`)".into(),
    })?;
    for (table, key, _) in FRONT_UNITS {
        let item = match key {
            None => doc.get_mut(table),
            Some(key) => {
                doc.get_mut(table).and_then(Item::as_table_like_mut).and_then(|t| t.get_mut(key))
            }
        };
        if let Some(item) = item {
            mark_value(item, mark_untranslated);
        }
    }
    let mut body = source[front.body..].to_string();
    // Back to front, so earlier offsets stay valid.
    for u in units.iter().rev().filter(|u| u.range.start >= front.body) {
        // A paragraph that starts with `|` but is not a table (its delimiter
        // row has more columns) would become one if a cell were put in front
        // of the pipe: the marker goes just after it.
        let pipe = usize::from(u.kind == UnitKind::Paragraph && u.text.starts_with('|'));
        let at = u.range.start - front.body + pipe;
        body.insert_str(at, &format!("{} ", super::UNTRANSLATED));
    }
    let skeleton = format!("+++\n{doc}+++\n{body}");
    same_structure(&units, &skeleton)?;
    Ok(skeleton)
}

/// A marker in front of a text can, in rare Markdown (a paragraph of pipes
/// right after a table), turn it into a table row. Such a skeleton is refused
/// rather than written with another structure than its source.
fn same_structure(source: &[super::units::Unit], skeleton: &str) -> Result<(), UnitsError> {
    let made = markdown_units(skeleton)?;
    let shape = |u: &super::units::Unit| (u.key.clone(), u.kind);
    let first_difference = (0..source.len().max(made.len()))
        .find(|&i| source.get(i).map(shape) != made.get(i).map(shape));
    match first_difference {
        None => Ok(()),
        Some(i) => Err(UnitsError {
            origin: Origin::Page,
            line: source.get(i).or(source.last()).map_or(1, |u| u.line),
            message: "marking this text as untranslated would change the page's structure".into(),
            help: "separate the paragraph from the table or list before it with a blank line, then start again".into(),
        }),
    }
}

/// Replaces a string value's text, keeping its place and spacing.
fn mark_value(item: &mut Item, make: impl Fn(&str) -> String) {
    let Some(value) = item.as_value_mut() else { return };
    let Some(text) = value.as_str().filter(|s| !s.trim().is_empty()) else { return };
    let decor = value.decor().clone();
    let mut new = Value::from(make(text));
    *new.decor_mut() = decor;
    *value = new;
}

/// What to do with a translation field that already has a text (quotes are
/// always reset: see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Keep it: someone translated it already.
    Keep,
    /// Replace it with the marked source (a fresh start).
    Replace,
}

/// A data file with `to`'s fields filled from `from`'s, marked.
pub fn data(
    text: &str,
    shape: Shape,
    from: &str,
    to: &str,
    existing: Existing,
) -> Result<String, UnitsError> {
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| UnitsError {
        origin: shape.origin,
        line: super::units::line_of(text, e.span().map_or(0, |s| s.start)),
        message: format!("the file does not parse: {}", e.message()),
        help: "fix the TOML (`broadsheet check` shows the column)".into(),
    })?;
    let Some(entries) = doc.get_mut(shape.array).and_then(Item::as_array_of_tables_mut) else {
        return Ok(text.to_string());
    };
    for entry in entries.iter_mut() {
        for (field, kind) in shape.fields {
            let Some(item) = entry.get_mut(field) else { continue };
            let Some(langs) = item.as_table_like() else { continue };
            let Some(source) = langs.get(from).and_then(Item::as_str).map(str::to_string) else {
                continue;
            };
            let has = langs.get(to).and_then(Item::as_str).is_some_and(|s| !s.trim().is_empty());
            // A quote must occur in the skeleton page, which holds the source
            // sentence: an older translated quote would fail the build.
            let keep = has && existing == Existing::Keep && *kind != UnitKind::Quote;
            if source.trim().is_empty() || keep {
                continue;
            }
            let slot = if *kind == UnitKind::Quote { source } else { mark_untranslated(&source) };
            set_lang(item, to, slot);
        }
    }
    Ok(doc.to_string())
}

/// Sets `lang` in `{ zh = "…" }` or in a `[x.field]` table.
fn set_lang(item: &mut Item, lang: &str, text: String) {
    if let Some(t) = item.as_inline_table_mut() {
        super::data::set_inline(t, lang, Value::from(text));
    } else if let Some(t) = item.as_table_like_mut() {
        t.insert(lang, toml_edit::value(text));
    }
}

#[cfg(test)]
mod tests {
    use super::super::data::{FIGURES, PHOTOS};
    use super::super::units::markdown_units;
    use super::super::{UNTRANSLATED, is_untranslated};
    use super::*;

    const SOURCE: &str = "+++\ntitle = \"标题\"\ntemplate = \"article.html\"\n\n[extra]\nlead = \"导语。\"\nsource = \"source/a.raw.txt\"\n+++\n\n第一段。\n\n## 小节 | 副题 {#s}\n\n![](photo:p1)\n\n- 甲\n\n| 表头 |\n| --- |\n| 格 |\n";

    #[test]
    fn every_unit_is_marked_and_the_structure_is_kept() {
        let skeleton = page(SOURCE).unwrap();
        let units = markdown_units(&skeleton).unwrap();
        assert_eq!(units.len(), markdown_units(SOURCE).unwrap().len());
        assert!(units.iter().all(|u| is_untranslated(&u.text)), "{skeleton}");
        assert!(skeleton.contains("template = \"article.html\""));
        assert!(skeleton.contains("source = \"source/a.raw.txt\""));
        assert!(skeleton.contains(&format!("## {UNTRANSLATED} 小节 | {UNTRANSLATED} 副题 {{#s}}")));
        assert!(skeleton.contains("\n\n![](photo:p1)\n\n"));
        assert_eq!(
            skeleton.replace(&format!("{UNTRANSLATED} "), "").replace("\"⟦untranslated⟧ ", "\""),
            SOURCE
        );
    }

    #[test]
    fn data_files_get_marked_fields_where_missing_and_quotes_unmarked() {
        let photos = "[[photo]]\nid = \"p1\"\nratio = \"3:2\"\ncaption = { zh = \"说明\" }\ncredit = { zh = \"某/摄\", en = \"Photo: X\" }\n";
        let out = data(photos, PHOTOS, "zh", "en", Existing::Keep).unwrap();
        assert!(
            out.contains(&format!("caption = {{ zh = \"说明\", en = \"{UNTRANSLATED} 说明\" }}")),
            "{out}"
        );
        assert!(out.contains("en = \"Photo: X\""));
        let replaced = data(photos, PHOTOS, "zh", "en", Existing::Replace).unwrap();
        assert!(!replaced.contains("Photo: X"));
        let figures = "[[figure]]\nid = \"f\"\nquote = { zh = \"一句。\" }\n\n[[figure]]\nid = \"g\"\nlabel = { zh = \"标签\", en = \"Label\" }\nquote = { zh = \"二句。\", en = \"Old.\" }\n";
        let out = data(figures, FIGURES, "zh", "en", Existing::Keep).unwrap();
        assert!(out.contains("quote = { zh = \"一句。\", en = \"一句。\" }"), "{out}");
        assert!(out.contains("quote = { zh = \"二句。\", en = \"二句。\" }"), "{out}");
        assert!(out.contains("en = \"Label\""), "{out}");
    }
}
