//! [`Drafts`] → the text of a `figures.toml`.
//!
//! The layout is the hand-made file's: a comment, a `[groups]` table, then one
//! `[[figure]]` per draft with its language maps as inline tables
//! (`label = { zh = "…" }`) and `reviewed = false`, so an editor's later diff
//! shows only what they changed. Strings are quoted by the `toml` crate, so any
//! text round-trips through [`crate::figures::load`]. Pure and deterministic.

use std::fmt::Write as _;

use super::Drafts;

const HEADER: &str = "\
# Key figures drafted from the article: every number of its lead and body, with
# the sentence it comes from. Drafts are published as they are but never charted.
# Review each label (and group, value and unit), then set `reviewed = true`;
# delete the figures that are not worth showing.
";

/// The `figures.toml` for `drafts`, with every text under the language `lang`.
pub fn to_toml(drafts: &Drafts, lang: &str) -> String {
    let name = lang;
    let lang = key(lang);
    let mut out = String::from(HEADER);
    out.push_str("\n[groups]\n");
    for g in &drafts.groups {
        let _ = writeln!(out, "{} = {{ {lang} = {} }}", key(&g.id), string(&g.name(name)));
    }
    for f in &drafts.figures {
        let _ = write!(out, "\n[[figure]]\nid = {}\ngroup = {}\n", string(&f.id), string(&f.group));
        let _ = writeln!(out, "value = {}", number(f.value));
        for (field, text) in
            [("unit", &f.unit), ("display", &f.display), ("label", &f.label), ("quote", &f.quote)]
        {
            let _ = writeln!(out, "{field} = {{ {lang} = {} }}", string(text));
        }
        out.push_str("reviewed = false\n");
    }
    out
}

/// A TOML string, escaped as TOML wants.
fn string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// A bare key when the name allows one, else a quoted key.
fn key(name: &str) -> String {
    let bare =
        !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if bare { name.to_string() } else { string(name) }
}

/// `110`, `15.7`: integers without a point, as people write them.
fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { format!("{v:?}") }
}

#[cfg(test)]
mod tests {
    use super::super::{DraftFigure, DraftGroup, GroupKind};
    use super::*;

    fn sample() -> Drafts {
        Drafts {
            groups: vec![DraftGroup {
                id: "s1".into(),
                kind: GroupKind::Heading("标题 \"甲\"".into()),
            }],
            figures: vec![DraftFigure {
                id: "s1-p1-1".into(),
                group: "s1".into(),
                value: 15.7,
                unit: "亿元".into(),
                display: "超15.7亿元".into(),
                label: "研发经费\\支出".into(),
                quote: "他说：“研发经费支出超15.7亿元。”".into(),
            }],
        }
    }

    #[test]
    fn the_layout_of_the_hand_made_file() {
        let text = to_toml(&sample(), "zh");
        assert!(text.contains("\n[groups]\ns1 = { zh = "), "{text}");
        assert!(
            text.contains("\n[[figure]]\nid = \"s1-p1-1\"\ngroup = \"s1\"\nvalue = 15.7\n"),
            "{text}"
        );
        assert!(text.contains("display = { zh = \"超15.7亿元\" }\n"), "{text}");
        assert!(text.ends_with("reviewed = false\n"), "{text}");
    }

    #[test]
    fn any_text_reads_back_as_written() {
        let text = to_toml(&sample(), "zh-Hans");
        let back: toml::Table = toml::from_str(&text).unwrap();
        let fig = &back["figure"][0];
        assert_eq!(fig["label"]["zh-Hans"].as_str(), Some("研发经费\\支出"));
        assert_eq!(fig["quote"]["zh-Hans"].as_str(), Some("他说：“研发经费支出超15.7亿元。”"));
        assert_eq!(back["groups"]["s1"]["zh-Hans"].as_str(), Some("标题 \"甲\""));
        assert_eq!(fig["reviewed"].as_bool(), Some(false));
    }

    #[test]
    fn numbers_are_written_as_people_write_them() {
        assert_eq!(number(110.0), "110");
        assert_eq!(number(33.3), "33.3");
        assert_eq!(number(0.5), "0.5");
        assert_eq!(number(1e20), "1e20");
        let big: toml::Table = toml::from_str(&format!("v = {}", number(1e20))).unwrap();
        assert_eq!(big["v"].as_float(), Some(1e20));
    }
}
