//! One page of the translation desk: a translation's units side by side.
//!
//! In: a [`PageStatus`] and the two sides' `lang` tags. Out: the HTML document
//! (see [`page`]): the counts, a list of what needs attention, then one row per
//! unit in the order of the source, each with its `file:line` on both sides and
//! its state in words; a stale unit shows what changed in the source (`<del>` /
//! `<ins>`), a missing one where its translation belongs, and a translation
//! unit that translates nothing (orphaned) sits after the unit before it in the
//! translation's file. Pure.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{Tags, both_names, document};
use crate::text::escape_html;
use crate::translate::diff::{Change, Piece};
use crate::translate::report::{Side, slashed};
use crate::translate::status::{Composition, Paired, stale_diff};
use crate::translate::{PageStatus, UnitState};

/// What a row says about its unit; the word is shown, the class only styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Current,
    Stale,
    /// Translated on a tracked page, but nobody accepted it yet: counted stale.
    NotAccepted,
    /// Translated on a page without a record: nothing is known yet.
    NotTracked,
    Untranslated,
    Missing,
    Orphaned,
}

impl Mark {
    fn of(composition: &Composition, state: &UnitState) -> Mark {
        match state {
            UnitState::Current => Mark::Current,
            UnitState::Stale { .. } => Mark::Stale,
            UnitState::Unrecorded if composition.recorded => Mark::NotAccepted,
            UnitState::Unrecorded => Mark::NotTracked,
            UnitState::Untranslated => Mark::Untranslated,
            UnitState::Missing => Mark::Missing,
        }
    }

    fn word(self) -> &'static str {
        match self {
            Mark::Current => "current",
            Mark::Stale => "stale",
            Mark::NotAccepted => "stale: not accepted",
            Mark::NotTracked => "not tracked",
            Mark::Untranslated => "untranslated",
            Mark::Missing => "missing",
            Mark::Orphaned => "orphaned",
        }
    }

    fn class(self) -> &'static str {
        match self {
            Mark::Current | Mark::NotTracked => "current",
            Mark::Stale | Mark::NotAccepted => "stale",
            Mark::Untranslated => "untranslated",
            Mark::Missing => "missing",
            Mark::Orphaned => "orphaned",
        }
    }

    fn needs_attention(self) -> bool {
        !matches!(self, Mark::Current | Mark::NotTracked)
    }
}

/// A row of the desk, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    /// A source unit: an index into the composition's pairs.
    Unit(usize),
    /// A translation unit that translates nothing: an index into the translation.
    Orphan(usize),
}

/// Source order, each orphan right after the row of the translation unit that
/// comes before it in the translation's file (first when none does).
fn rows(c: &Composition) -> Vec<Row> {
    let mut after: BTreeMap<Option<usize>, Vec<usize>> = BTreeMap::new();
    for &t in &c.orphaned {
        let host = c
            .pairs
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.translation.filter(|&x| x < t).map(|x| (x, i)))
            .max()
            .map(|(_, i)| i);
        after.entry(host).or_default().push(t);
    }
    let mut out: Vec<Row> =
        after.remove(&None).unwrap_or_default().into_iter().map(Row::Orphan).collect();
    for i in 0..c.pairs.len() {
        out.push(Row::Unit(i));
        out.extend(after.remove(&Some(i)).unwrap_or_default().into_iter().map(Row::Orphan));
    }
    out
}

/// The row's anchor, for the list of what needs attention.
fn anchor(row: Row) -> String {
    match row {
        Row::Unit(i) => format!("unit-{}", i + 1),
        Row::Orphan(t) => format!("orphan-{}", t + 1),
    }
}

/// A translation side by side with its source, unit by unit.
pub fn page(status: &PageStatus, tags: Tags) -> String {
    let c = &status.composition;
    let rows = rows(c);
    let mut main = format!("<h1>{}</h1>", both_names(&status.page));
    let _ = write!(
        main,
        "<p class=\"counts\">{} units: {} translated, {} stale, {} missing, {} untranslated, \
         {} orphaned</p>",
        status.units(),
        status.translated(),
        status.stale(),
        status.missing(),
        status.untranslated(),
        c.orphaned.len()
    );
    if !status.recorded {
        let _ = write!(
            main,
            "<p class=\"note\">Not tracked yet: nothing records what this translation was made \
             from, so no unit can be called stale. Once it is checked, \
             <code>broadsheet translate accept {}</code> records it.</p>",
            escape_html(&status.page.name())
        );
    }
    attention(&mut main, status, &rows);
    main.push_str("<h2 id=\"units\">Units</h2><ol class=\"units\">");
    for &row in &rows {
        match row {
            Row::Unit(i) => unit_row(&mut main, status, &c.pairs[i], tags),
            Row::Orphan(t) => orphan_row(&mut main, status, t, tags),
        }
    }
    main.push_str("</ol>");
    let title = format!(
        "{} → {}",
        escape_html(&slashed(&status.page.source)),
        escape_html(&slashed(&status.page.translation))
    );
    document(&title, &main)
}

/// A short list of links to the rows that need the translator.
fn attention(out: &mut String, status: &PageStatus, rows: &[Row]) {
    out.push_str("<nav aria-labelledby=\"attention\"><h2 id=\"attention\">Needs attention</h2>");
    let mut any = false;
    for &row in rows {
        let (mark, kind, number) = match row {
            Row::Unit(i) => {
                let p = &status.composition.pairs[i];
                let mark = Mark::of(&status.composition, &p.state);
                (mark, status.source[p.source].kind, format!("Unit {}", p.number))
            }
            Row::Orphan(t) => (Mark::Orphaned, status.translation[t].kind, "Orphaned".into()),
        };
        if !mark.needs_attention() {
            continue;
        }
        out.push_str(if any { "" } else { "<ul>" });
        any = true;
        let _ = write!(
            out,
            "<li><a href=\"#{}\">{number} ({}): {}</a></li>",
            anchor(row),
            kind.name(),
            mark.word()
        );
    }
    out.push_str(if any {
        "</ul>"
    } else {
        "<p>Nothing: every unit is translated from the source as it is now.</p>"
    });
    out.push_str("</nav>");
}

/// The opening of one side: its language and where the unit is.
fn side_start(out: &mut String, tag: &str, at: &str) {
    let _ = write!(
        out,
        "<div class=\"side\"><p class=\"at\"><span class=\"lang\">{}</span> <code>{}</code></p>",
        escape_html(tag),
        escape_html(at)
    );
}

fn text(out: &mut String, tag: &str, text: &str) {
    let _ =
        write!(out, "<p class=\"text\" lang=\"{}\">{}</p>", escape_html(tag), escape_html(text));
}

/// What changed in the source: removed and added runs, said in words too.
fn diff(out: &mut String, tag: &str, pieces: &[Piece]) {
    let _ = write!(out, "<p class=\"text diff\" lang=\"{}\">", escape_html(tag));
    for piece in pieces {
        let text = escape_html(&piece.text);
        let _ = match piece.change {
            Change::Same => write!(out, "{text}"),
            Change::Removed => {
                write!(out, "<del><span class=\"vh\" lang=\"en\">removed: </span>{text}</del>")
            }
            Change::Added => {
                write!(out, "<ins><span class=\"vh\" lang=\"en\">added: </span>{text}</ins>")
            }
        };
    }
    out.push_str("</p>");
}

fn row_start(out: &mut String, id: &str, mark: Mark, head: &str) {
    let _ = write!(
        out,
        "<li id=\"{id}\" class=\"unit {}\"><p class=\"head\">{head} · \
         <strong class=\"mark\">{}</strong></p><div class=\"sides\">",
        mark.class(),
        mark.word()
    );
}

fn unit_row(out: &mut String, status: &PageStatus, pair: &Paired, tags: Tags) {
    let mark = Mark::of(&status.composition, &pair.state);
    let unit = &status.source[pair.source];
    let moved = if pair.moved { " · moved" } else { "" };
    let head = format!("Unit {} · {}{moved}", pair.number, unit.kind.name());
    row_start(out, &format!("unit-{}", pair.number), mark, &head);
    side_start(out, tags.source, &status.position(Side::Source, unit).to_string());
    if let UnitState::Stale { old } = &pair.state {
        out.push_str("<p class=\"note\">The source changed since it was translated (removed text struck through, added text underlined):</p>");
        diff(out, tags.source, &stale_diff(old, &unit.text));
    } else {
        text(out, tags.source, &unit.text);
    }
    out.push_str("</div>");
    let accept = format!(
        "<code>broadsheet translate accept {} --unit {}</code>",
        escape_html(&status.page.name()),
        pair.number
    );
    match pair.translation {
        Some(t) => {
            let translation = &status.translation[t];
            side_start(
                out,
                tags.translation,
                &status.position(Side::Translation, translation).to_string(),
            );
            text(out, tags.translation, &translation.text);
            let todo = match mark {
                Mark::Stale => format!("Update the translation, then run {accept}."),
                Mark::NotAccepted => format!("Check the translation, then run {accept}."),
                Mark::Untranslated => "Replace the slot's text with its translation.".into(),
                _ => String::new(),
            };
            if !todo.is_empty() {
                let _ = write!(out, "<p class=\"note\">{todo}</p>");
            }
            out.push_str("</div>");
        }
        None => missing_side(out, status, pair, tags),
    }
    out.push_str("</div></li>");
}

/// A source unit without translation: where its translation belongs.
fn missing_side(out: &mut String, status: &PageStatus, pair: &Paired, tags: Tags) {
    // The file the translation belongs in: the page, or a data file beside it.
    let file = status.position(Side::Translation, &status.source[pair.source]).file;
    side_start(out, tags.translation, &slashed(&file));
    let place = match status.insert_after(pair) {
        Some(after) => {
            format!("translate it after <code>{}</code>", escape_html(&after.to_string()))
        }
        None => "translate it where it belongs".into(),
    };
    let _ =
        write!(out, "<p class=\"gap\"><strong>Missing:</strong> no translation yet; {place}.</p>");
    out.push_str("</div>");
}

/// A translation unit that translates nothing in the source any more.
fn orphan_row(out: &mut String, status: &PageStatus, t: usize, tags: Tags) {
    let unit = &status.translation[t];
    row_start(
        out,
        &format!("orphan-{}", t + 1),
        Mark::Orphaned,
        &format!("Orphaned {}", unit.kind.name()),
    );
    let file = status.position(Side::Source, unit).file;
    side_start(out, tags.source, &slashed(&file));
    out.push_str(
        "<p class=\"gap\"><strong>Nothing in the source</strong> translates to this any more: \
         its source was removed or rewritten beyond recognition.</p></div>",
    );
    side_start(out, tags.translation, &status.position(Side::Translation, unit).to_string());
    text(out, tags.translation, &unit.text);
    out.push_str(
        "<p class=\"note\">Delete it, or move it to the unit it now translates.</p></div></div></li>",
    );
}

#[cfg(test)]
mod tests {
    use scraper::{Html, Selector};

    use super::*;
    use crate::translate::PageRef;
    use crate::translate::files::status_from;
    use crate::translate::record::Record;
    use crate::translate::status::accepted_entries;
    use crate::translate::units::{PageText, markdown_units};

    const TAGS: Tags = Tags { source: "zh-Hans", translation: "en" };

    fn md(title: &str, paragraphs: &[&str]) -> String {
        format!("+++\ntitle = \"{title}\"\n+++\n\n{}\n", paragraphs.join("\n\n"))
    }

    const ZH: [&str; 3] = ["甲甲甲甲甲甲。", "乙乙乙乙乙乙。", "丙丙丙丙丙丙。"];
    const EN: [&str; 3] = ["Alpha one.", "Beta two.", "Gamma three."];

    /// The desk of `content/p.md`, its record made when it read `ZH` and `EN`.
    fn desk(source: &[&str], translation: &[&str]) -> Html {
        let (zh, en) = (md("标题", &ZH), md("Title", &EN));
        let recorded = accepted_entries(
            &markdown_units(&zh).unwrap(),
            None,
            &markdown_units(&en).unwrap(),
            None,
        );
        let page = PageRef {
            source: "content/p.md".into(),
            translation: "content/p.en.md".into(),
            source_lang: "zh".into(),
            lang: "en".into(),
        };
        let (s, t) = (md("标题", source), md("Title", translation));
        let status =
            status_from(&page, &text(&s), &text(&t), Some(Record::new("p.md", recorded))).unwrap();
        Html::parse_document(&super::page(&status, TAGS))
    }

    fn text(page: &str) -> PageText<'_> {
        PageText { page, ..PageText::default() }
    }

    fn texts(html: &Html, selector: &str) -> Vec<String> {
        let sel = Selector::parse(selector).unwrap();
        html.select(&sel).map(|e| e.text().collect::<String>()).collect()
    }

    #[test]
    fn an_edited_source_paragraph_is_the_one_stale_unit_with_its_diff_and_both_lines() {
        let html = desk(&[ZH[0], "乙乙改乙乙乙。", ZH[2]], &EN);
        assert_eq!(texts(&html, ".unit.stale .mark"), ["stale"]);
        let stale = texts(&html, ".unit.stale")[0].clone();
        assert!(stale.starts_with("Unit 3 · paragraph"), "{stale}");
        assert_eq!(
            texts(&html, ".unit.stale .at"),
            ["zh-Hans content/p.md:7", "en content/p.en.md:7"]
        );
        assert_eq!(texts(&html, ".unit.stale del"), ["removed: 乙"]);
        assert_eq!(texts(&html, ".unit.stale ins"), ["added: 改"]);
        assert_eq!(texts(&html, ".unit.stale [lang=en].text"), ["Beta two."]);
        assert!(stale.contains("broadsheet translate accept p --unit 3"), "{stale}");
        assert_eq!(texts(&html, "nav li"), ["Unit 3 (paragraph): stale"]);
        assert_eq!(texts(&html, ".unit.current").len(), 3);
    }

    #[test]
    fn a_new_source_paragraph_is_missing_where_it_stands_and_says_where_to_translate_it() {
        let html = desk(&[ZH[0], "新新新新新新。", ZH[1], ZH[2]], &EN);
        let heads = texts(&html, ".unit .head");
        assert_eq!(heads[2], "Unit 3 · paragraph · missing");
        let missing = texts(&html, ".unit.missing .gap");
        assert_eq!(missing, ["Missing: no translation yet; translate it after content/p.en.md:5."]);
        assert_eq!(
            texts(&html, ".unit.missing .at"),
            ["zh-Hans content/p.md:7", "en content/p.en.md"]
        );
        assert!(texts(&html, ".counts")[0].contains("1 missing"));
    }

    #[test]
    fn a_translation_of_a_deleted_paragraph_is_orphaned_after_the_unit_before_it() {
        let html = desk(&[ZH[0], ZH[2]], &EN);
        let heads = texts(&html, ".unit .head");
        assert_eq!(
            heads,
            [
                "Unit 1 · title · current",
                "Unit 2 · paragraph · current",
                "Orphaned paragraph · orphaned",
                "Unit 3 · paragraph · current",
            ]
        );
        assert_eq!(texts(&html, ".unit.orphaned [lang=en]"), ["Beta two."]);
        assert_eq!(texts(&html, ".unit.orphaned .at")[1], "en content/p.en.md:7");
        assert_eq!(texts(&html, "nav a"), ["Orphaned (paragraph): orphaned"]);
    }

    #[test]
    fn hostile_text_is_escaped_on_both_sides() {
        // Inline HTML inside a paragraph, which the unit keeps as written.
        let hostile = "Text <script>alert(1)</script> & \"quoted\" <img src=x onerror=alert(2)>";
        let html = super::page(
            &status_from(
                &PageRef {
                    source: "content/<b>.md".into(),
                    translation: "content/<b>.en.md".into(),
                    source_lang: "zh".into(),
                    lang: "en".into(),
                },
                &PageText { page: &md("标题", &[hostile]), ..PageText::default() },
                &PageText { page: &md("Title", &[hostile]), ..PageText::default() },
                None,
            )
            .unwrap(),
            Tags { source: "zh\"><script>", translation: "en" },
        );
        assert!(!html.contains("<script>alert") && !html.contains("<img"), "{html}");
        assert!(!html.contains("<b>") && !html.contains("\"><script>"), "{html}");
        let parsed = Html::parse_document(&html);
        assert_eq!(texts(&parsed, ".unit [lang=en].text")[1], hostile);
        assert!(texts(&parsed, ".note")[0].starts_with("Not tracked yet"));
        assert_eq!(texts(&parsed, ".unit .mark"), ["not tracked", "not tracked"]);
    }

    #[test]
    fn skeleton_slots_are_untranslated() {
        let skeleton = crate::translate::skeleton::page(&md("标题", &ZH)).unwrap();
        let page = PageRef {
            source: "content/p.md".into(),
            translation: "content/p.en.md".into(),
            source_lang: "zh".into(),
            lang: "en".into(),
        };
        let zh = md("标题", &ZH);
        let status = status_from(&page, &text(&zh), &text(&skeleton), None).unwrap();
        let html = Html::parse_document(&super::page(&status, TAGS));
        assert_eq!(texts(&html, ".unit.untranslated .mark").len(), 4);
        assert_eq!(texts(&html, "nav li").len(), 4);
    }
}
