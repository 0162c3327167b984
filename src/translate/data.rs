//! The translation units of a page's data files: `photos.toml` and `figures.toml`.
//!
//! In: the file's text and a language. Out: per `[[photo]]` its caption, credit
//! and alt text, per `[[figure]]` its label, display and quote, in that
//! language, keyed `photo.ID.caption`, `figure.ID.quote`, in file order, each
//! with the line and byte range of its value. Entries without an id and empty
//! texts give no unit (the loaders report the first; the second is a missing
//! translation). Pure.

use std::ops::Range;

use super::units::{Lines, Origin, Unit, UnitKind, UnitsError, line_of};

/// Where a data file keeps its units: the array of tables, the key prefix and
/// the fields that are translated.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub array: &'static str,
    pub origin: Origin,
    pub fields: &'static [(&'static str, UnitKind)],
}

pub const PHOTOS: Shape = Shape {
    array: "photo",
    origin: Origin::Photos,
    fields: &[("caption", UnitKind::Caption), ("credit", UnitKind::Credit), ("alt", UnitKind::Alt)],
};

pub const FIGURES: Shape = Shape {
    array: "figure",
    origin: Origin::Figures,
    fields: &[
        ("label", UnitKind::Label),
        ("display", UnitKind::Display),
        ("quote", UnitKind::Quote),
    ],
};

pub fn photo_units(text: &str, lang: &str) -> Result<Vec<Unit>, UnitsError> {
    entry_units(text, lang, PHOTOS)
}

pub fn figure_units(text: &str, lang: &str) -> Result<Vec<Unit>, UnitsError> {
    entry_units(text, lang, FIGURES)
}

/// Parses a data file, keeping spans; the error names the line.
pub fn parse(text: &str, origin: Origin) -> Result<toml_edit::Document<&str>, UnitsError> {
    toml_edit::Document::parse(text).map_err(|e| UnitsError {
        origin,
        line: line_of(text, e.span().map_or(0, |s| s.start)),
        message: format!("the file does not parse: {}", e.message()),
        help: "fix the TOML (`broadsheet check` shows the column)".into(),
    })
}

fn entry_units(text: &str, lang: &str, shape: Shape) -> Result<Vec<Unit>, UnitsError> {
    let doc = parse(text, shape.origin)?;
    let Some(entries) = doc.get(shape.array).and_then(toml_edit::Item::as_array_of_tables) else {
        return Ok(Vec::new());
    };
    let mut units = Vec::new();
    let lines = Lines::new(text);
    for entry in entries.iter() {
        let Some(id) = entry.get("id").and_then(toml_edit::Item::as_str) else { continue };
        for (field, kind) in shape.fields {
            let Some((value, range)) = lang_value(entry.get(field), lang) else { continue };
            if value.trim().is_empty() {
                continue;
            }
            units.push(Unit {
                key: format!("{}.{id}.{field}", shape.array),
                kind: *kind,
                text: value.to_string(),
                origin: shape.origin,
                line: lines.line(range.start),
                range,
            });
        }
    }
    Ok(units)
}

/// `field.lang` of an entry, from `{ zh = "…", en = "…" }` or a `[x.field]` table.
fn lang_value<'d>(
    item: Option<&'d toml_edit::Item>,
    lang: &str,
) -> Option<(&'d str, Range<usize>)> {
    let value = item?.as_table_like()?.get(lang)?.as_value()?;
    Some((value.as_str()?, value.span()?))
}

/// Replaces a value, keeping the spacing and comments around the old one.
pub(crate) fn keep_decor(old: &mut toml_edit::Value, mut new: toml_edit::Value) {
    *new.decor_mut() = old.decor().clone();
    *old = new;
}

/// Sets a key of `{ a = …, b = … }`, spaced like the rest: the space before
/// `}` belongs to the last value, so it moves to a new last one.
pub(crate) fn set_inline(t: &mut toml_edit::InlineTable, key: &str, value: toml_edit::Value) {
    if let Some(v) = t.get_mut(key) {
        keep_decor(v, value);
        return;
    }
    let mut new = value;
    new.decor_mut().set_prefix(" ");
    new.decor_mut().set_suffix("");
    if let Some((_, last)) = t.iter_mut().last() {
        if let Some(suffix) = last.decor().suffix().cloned() {
            new.decor_mut().set_suffix(suffix);
        }
        last.decor_mut().set_suffix("");
    }
    t.insert(key, new);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_table_styles_and_missing_languages() {
        let text = "[[photo]]\nid = \"a\"\ncaption = { zh = \"甲\" }\n\n[[photo]]\nid = \"b\"\n[photo.caption]\nzh = \"乙\"\nen = \"B\"\n\n[[photo]]\ncaption = { zh = \"无编号\" }\n";
        let zh: Vec<_> = photo_units(text, "zh").unwrap().into_iter().map(|u| u.key).collect();
        assert_eq!(zh, vec!["photo.a.caption", "photo.b.caption"]);
        let en = photo_units(text, "en").unwrap();
        assert_eq!((en.len(), en[0].line, en[0].text.as_str()), (1, 9, "B"));
    }

    #[test]
    fn a_broken_file_names_its_line() {
        let err = figure_units("[[figure]]\nid = \"a\"\nlabel = {\n", "zh").unwrap_err();
        assert_eq!(err.origin, Origin::Figures);
        assert!(err.line >= 3, "{err:?}");
    }
}
