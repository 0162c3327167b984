//! Article captions → `content/<slug>/photos.toml`, merged with what is already there.
//!
//! Takes the article, the language being imported and the current file's text (if
//! any); returns the new file: one `[[photo]]` table per caption, ids `photo-1` …
//! `photo-N` in the order the extraction gives the captions, each with `id`, `ratio`
//! (`"3:2"` unless set already), `caption.<lang>` and `credit.<lang>`. Pure, no I/O.
//! Invariant: only this language's caption and credit of the matching ids change;
//! every other field, language, photo and top-level key of the existing file is kept,
//! so importing `zh` after the English fields were written loses nothing.
//!
//! Values are serialised by the `toml` crate. The crate keeps no key order, so the
//! file's order is fixed here: `id`, `ratio`, `caption`, `credit`, `alt`, then other
//! keys by name; inside a per-language table, `zh` (the original language of this
//! family of newspapers) first, then the rest by name. Re-importing is therefore
//! byte-identical whichever language was imported last.

use std::path::PathBuf;

use toml::{Table, Value};

use super::error::PHOTOS_PLACEHOLDER;
use super::{Article, ImportError};

/// The aspect ratio of a photo whose real file has not arrived yet.
const DEFAULT_RATIO: &str = "3:2";

/// Keys of a photo in the order they are written; others follow by name.
const KEY_ORDER: [&str; 5] = ["id", "ratio", "caption", "credit", "alt"];

/// The photo list for this article, merged into `existing` when given.
pub fn photos_toml(
    article: &Article,
    lang: &str,
    existing: Option<&str>,
) -> Result<String, ImportError> {
    let (mut top, mut old) = match existing {
        Some(text) => split_existing(text)?,
        None => (Table::new(), Vec::new()),
    };
    let mut photos = Vec::with_capacity(article.captions.len());
    for (i, caption) in article.captions.iter().enumerate() {
        let id = format!("photo-{}", i + 1);
        let mut photo =
            match old.iter().position(|p| p.get("id").and_then(Value::as_str) == Some(id.as_str()))
            {
                Some(at) => old.remove(at),
                None => Table::from_iter([("id".to_owned(), Value::from(id.clone()))]),
            };
        photo.entry("ratio").or_insert_with(|| Value::from(DEFAULT_RATIO));
        set_lang(&mut photo, &id, "caption", lang, &caption.text)?;
        set_lang(&mut photo, &id, "credit", lang, &caption.credit)?;
        photos.push(photo);
    }
    // Photos the article no longer has (or an editor added) stay, after the others.
    photos.extend(old);
    top.remove("photo");

    let mut out = if top.is_empty() {
        String::new()
    } else {
        let mut head = toml::to_string(&top).map_err(|e| photos_error(None, e.to_string()))?;
        head.push('\n');
        head
    };
    for (i, photo) in photos.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("[[photo]]\n");
        for key in ordered(photo.keys().map(String::as_str), &KEY_ORDER) {
            out.push_str(&format!("{} = {}\n", toml_key(key), inline(&photo[key])));
        }
    }
    Ok(out)
}

/// Parses the existing file into its top-level table and its photos.
fn split_existing(text: &str) -> Result<(Table, Vec<Table>), ImportError> {
    let top: Table = toml::from_str(text).map_err(|e| {
        let line =
            e.span().map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
        photos_error(line, e.message().to_owned())
    })?;
    let photos = match top.get("photo") {
        None => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| match item {
                Value::Table(photo) => Ok(photo.clone()),
                _ => Err(photos_error(
                    None,
                    "`photo` must be an array of tables (`[[photo]]`)".to_owned(),
                )),
            })
            .collect::<Result<_, _>>()?,
        Some(_) => {
            return Err(photos_error(
                None,
                "`photo` must be an array of tables (`[[photo]]`)".to_owned(),
            ));
        }
    };
    Ok((top, photos))
}

/// Sets `photo.<field>.<lang>`, keeping the field's other languages.
fn set_lang(
    photo: &mut Table,
    id: &str,
    field: &str,
    lang: &str,
    text: &str,
) -> Result<(), ImportError> {
    let entry = photo.entry(field).or_insert_with(|| Value::Table(Table::new()));
    let Value::Table(langs) = entry else {
        return Err(photos_error(
            None,
            format!(
                "`{field}` of `{id}` must be a table of languages, like `{field} = {{ zh = \"…\" }}`"
            ),
        ));
    };
    langs.insert(lang.to_owned(), Value::from(text));
    Ok(())
}

/// A value as written after `key = `; tables inline, their keys in [`ordered`] order.
fn inline(value: &Value) -> String {
    match value {
        Value::Table(table) if table.is_empty() => "{}".to_owned(),
        Value::Table(table) => {
            let entries: Vec<String> = ordered(table.keys().map(String::as_str), &["zh"])
                .into_iter()
                .map(|k| format!("{} = {}", toml_key(k), inline(&table[k])))
                .collect();
            format!("{{ {} }}", entries.join(", "))
        }
        Value::Array(items) => {
            format!("[{}]", items.iter().map(inline).collect::<Vec<_>>().join(", "))
        }
        other => other.to_string(),
    }
}

/// Keys in a fixed order: those of `first` in that order, then the rest by name.
fn ordered<'a>(keys: impl Iterator<Item = &'a str>, first: &[&str]) -> Vec<&'a str> {
    let mut keys: Vec<&str> = keys.collect();
    keys.sort_by_key(|k| (first.iter().position(|f| f == k).unwrap_or(first.len()), *k));
    keys
}

/// A key bare when TOML allows it, quoted (by the `toml` crate) when not.
fn toml_key(key: &str) -> String {
    if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
        key.to_owned()
    } else {
        Value::from(key).to_string()
    }
}

fn photos_error(line: Option<usize>, message: String) -> ImportError {
    ImportError::Photos { path: PathBuf::from(PHOTOS_PLACEHOLDER), line, message }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{Caption, Section};

    fn article(captions: &[(&str, &str)]) -> Article {
        Article {
            kicker: None,
            title: "题".to_owned(),
            lead: String::new(),
            sections: vec![Section {
                heading: None,
                subheading: None,
                paragraphs: vec!["一。".into()],
            }],
            captions: captions
                .iter()
                .map(|(t, c)| Caption { text: (*t).to_owned(), credit: (*c).to_owned() })
                .collect(),
        }
    }

    fn photos(text: &str) -> Vec<Table> {
        let top: Table = toml::from_str(text).unwrap();
        top["photo"].as_array().unwrap().iter().map(|p| p.as_table().unwrap().clone()).collect()
    }

    #[test]
    fn a_new_list_has_ids_captions_credits_and_the_default_ratio() {
        let text = photos_toml(
            &article(&[("招商中心", "邱昱/摄"), ("高新创智城", "彭伟宗/摄")]),
            "zh",
            None,
        )
        .unwrap();
        assert_eq!(
            text,
            "[[photo]]\nid = \"photo-1\"\nratio = \"3:2\"\ncaption = { zh = \"招商中心\" }\ncredit = { zh = \"邱昱/摄\" }\n\n\
             [[photo]]\nid = \"photo-2\"\nratio = \"3:2\"\ncaption = { zh = \"高新创智城\" }\ncredit = { zh = \"彭伟宗/摄\" }\n"
        );
        let list = photos(&text);
        assert_eq!(list[1]["caption"]["zh"].as_str(), Some("高新创智城"));
    }

    #[test]
    fn importing_one_language_keeps_the_others_and_every_other_field() {
        let existing = r#"
title = "照片"

[[photo]]
id = "photo-1"
ratio = "4:3"
caption = { zh = "旧的", en = "The investment promotion centre" }
credit = { zh = "旧/摄", en = "Photo: Qiu Yu" }
alt = { zh = "大楼", en = "A tall building" }
file = "photos/centre.jpg"

[[photo]]
id = "photo-9"
caption = { en = "Kept although the article has no ninth photo" }
"#;
        let text = photos_toml(&article(&[("招商中心", "邱昱/摄")]), "zh", Some(existing)).unwrap();
        let top: Table = toml::from_str(&text).unwrap();
        assert_eq!(top["title"].as_str(), Some("照片"));
        let list = photos(&text);
        assert_eq!(list.len(), 2);
        let p = &list[0];
        assert_eq!(p["ratio"].as_str(), Some("4:3"));
        assert_eq!(p["caption"]["zh"].as_str(), Some("招商中心"));
        assert_eq!(p["caption"]["en"].as_str(), Some("The investment promotion centre"));
        assert_eq!(p["credit"]["zh"].as_str(), Some("邱昱/摄"));
        assert_eq!(p["credit"]["en"].as_str(), Some("Photo: Qiu Yu"));
        assert_eq!(p["alt"]["en"].as_str(), Some("A tall building"));
        assert_eq!(p["file"].as_str(), Some("photos/centre.jpg"));
        assert_eq!(list[1]["id"].as_str(), Some("photo-9"));
        assert!(
            text.contains(
                "caption = { zh = \"招商中心\", en = \"The investment promotion centre\" }"
            ),
            "{text}"
        );
    }

    #[test]
    fn merging_is_idempotent_and_order_independent() {
        let a = article(&[("招商中心", "邱昱/摄")]);
        let zh = photos_toml(&a, "zh", None).unwrap();
        let zh_en = photos_toml(&a, "en", Some(&zh)).unwrap();
        let en = photos_toml(&a, "en", None).unwrap();
        let en_zh = photos_toml(&a, "zh", Some(&en)).unwrap();
        assert_eq!(zh_en, en_zh);
        assert_eq!(photos_toml(&a, "zh", Some(&zh_en)).unwrap(), zh_en);
    }

    #[test]
    fn quotes_and_backslashes_are_escaped_by_the_toml_crate() {
        let text = photos_toml(&article(&[("他说\"好\" \\ 'x'", "A/摄")]), "zh", None).unwrap();
        assert_eq!(photos(&text)[0]["caption"]["zh"].as_str(), Some("他说\"好\" \\ 'x'"));
    }

    #[test]
    fn a_broken_existing_file_is_reported_with_its_line() {
        let err = photos_toml(
            &article(&[("a", "b/摄")]),
            "zh",
            Some("[[photo]]\nid = \"photo-1\"\ncaption = {\n"),
        )
        .unwrap_err();
        let message = err.to_string();
        assert!(message.starts_with("<photos.toml>:3: cannot update the photo list"), "{message}");
        let err = photos_toml(
            &article(&[("a", "b/摄")]),
            "zh",
            Some("[[photo]]\nid = \"photo-1\"\ncaption = \"x\"\n"),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("`caption` of `photo-1` must be a table of languages"),
            "{err}"
        );
    }
}
