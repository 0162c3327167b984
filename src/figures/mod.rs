//! Key-figures data: `content/figures.toml` → [`Figures`], and SVG charts.
//!
//! Each figure has a value, a unit, a group, a label per language, and the exact
//! quote of its source sentence in each language's article. The build looks the
//! quote up in that article (see `markdown::quotes`), gives the sentence an id and
//! links figure and sentence both ways. Charts are SVG strings made here, with a
//! title and description; templates add the data table. Pure except for nothing:
//! the file's text comes from `content`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, toml_diagnostic};
use crate::photos::LangText;
use crate::text::push_escaped;

pub mod draft;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FiguresFile {
    /// The translation key of the article the quotes come from.
    #[serde(default = "default_source")]
    source: String,
    /// The translation key of the page that lists the figures.
    #[serde(default = "default_page")]
    page: String,
    #[serde(default)]
    groups: toml::Table,
    #[serde(default)]
    figure: Vec<Figure>,
    #[serde(default)]
    chart: Vec<Chart>,
}

fn default_source() -> String {
    "article/index.md".into()
}

fn default_page() -> String {
    "figures.md".into()
}

/// One key number of the article.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub id: String,
    pub group: String,
    pub value: f64,
    #[serde(default)]
    pub unit: LangText,
    #[serde(default)]
    pub display: LangText,
    #[serde(default)]
    pub label: LangText,
    #[serde(default)]
    pub quote: LangText,
    /// `false` for a figure drafted from the text that no editor has looked at
    /// yet: it is published, but never charted.
    #[serde(default = "reviewed_by_default")]
    pub reviewed: bool,
    /// Per language, the id of the source sentence in the article (figures that
    /// quote the same sentence share it). Filled in by the site model.
    #[serde(default, skip_deserializing)]
    pub anchor: LangText,
}

/// Hand-made figures carry no `reviewed` key.
fn reviewed_by_default() -> bool {
    true
}

impl Figure {
    /// How the number reads in `lang`: its `display` text, else value and unit.
    pub fn shown(&self, lang: &str) -> String {
        if let Some(d) = self.display.get(lang) {
            return d.clone();
        }
        let unit = self.unit.get(lang).map_or("", String::as_str);
        format!(
            "{}{}{unit}",
            format_number(self.value),
            if unit.starts_with(char::is_alphabetic) && unit.is_ascii() { " " } else { "" }
        )
    }
}

/// A chart over some figures.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Chart {
    pub id: String,
    #[serde(default = "default_kind")]
    pub kind: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub max: Option<f64>,
    #[serde(default)]
    pub title: LangText,
    #[serde(default)]
    pub description: LangText,
    pub figures: Vec<String>,
    /// The SVG per language, made at load.
    #[serde(default, skip_deserializing)]
    pub svg: BTreeMap<String, String>,
}

fn default_kind() -> String {
    "bar".into()
}

/// A group of figures, in display order.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub id: String,
    pub name: LangText,
}

/// Everything from `figures.toml`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Figures {
    pub source: String,
    pub page: String,
    pub groups: Vec<Group>,
    pub figures: Vec<Figure>,
    pub charts: Vec<Chart>,
    #[serde(skip)]
    pub text: String,
}

impl Figures {
    /// The 1-based line of a figure's entry, for messages.
    pub fn offset_of(&self, id: &str) -> usize {
        self.text.find(&format!("id = \"{id}\"")).unwrap_or(0)
    }
}

pub const PATH: &str = "content/figures.toml";

/// Parses `content/figures.toml` and checks it against itself: unique ids, known
/// groups, chart members that exist, a label and quote per language.
pub fn load(text: &str, languages: &[String]) -> (Option<Figures>, Vec<Diagnostic>) {
    let path = Path::new(PATH);
    let file: FiguresFile = match toml::from_str(text) {
        Ok(f) => f,
        Err(e) => return (None, vec![toml_diagnostic(&e, path, text, 0)]),
    };
    let mut diags = Vec::new();
    let at = |needle: &str| text.find(needle).unwrap_or(0);
    let mut groups = Vec::new();
    for (id, value) in &file.groups {
        let name: LangText = value.clone().try_into().unwrap_or_default();
        groups.push(Group { id: id.clone(), name });
    }
    let mut seen = std::collections::HashSet::new();
    for (i, f) in file.figure.iter().enumerate() {
        let here = |d: Diagnostic| {
            // The entry's own `id = "…"`: a duplicate points at itself.
            let earlier = file.figure[..i].iter().filter(|g| g.id == f.id).count();
            let needle = format!("id = \"{}\"", f.id);
            let off = text.match_indices(&needle).nth(earlier).map_or(0, |(at, _)| at);
            d.in_file(path).at_offset(text, off, f.id.len() + 7)
        };
        if !seen.insert(f.id.as_str()) {
            diags.push(
                here(Diagnostic::error(
                    "figure-duplicate",
                    format!("figure id `{}` is used twice", f.id),
                ))
                .with_help("give each figure its own id"),
            );
        }
        if !groups.iter().any(|g| g.id == f.group) {
            diags.push(
                here(Diagnostic::error(
                    "figure-group",
                    format!("figure `{}` is in the unknown group `{}`", f.id, f.group),
                ))
                .with_help(format!(
                    "add `{} = {{ … }}` under [groups], or use one of: {}",
                    f.group,
                    groups.iter().map(|g| g.id.as_str()).collect::<Vec<_>>().join(", ")
                )),
            );
        }
        for lang in languages {
            if f.label.get(lang).is_none_or(|s| s.trim().is_empty()) {
                diags.push(
                    here(Diagnostic::warning(
                        "figure-label-missing",
                        format!("figure `{}` has no label in `{lang}`", f.id),
                    ))
                    .with_help(format!("add `label.{lang} = \"…\"`")),
                );
            }
            if f.quote.get(lang).is_none_or(|s| s.trim().is_empty()) {
                diags.push(here(Diagnostic::error("figure-quote-missing", format!("figure `{}` has no quote in `{lang}`", f.id)))
                    .with_help(format!("add `quote.{lang} = \"…\"` with the source sentence copied from the {lang} article")));
            }
        }
        if !f.reviewed {
            diags.push(here(Diagnostic::info(
                "figure-draft",
                format!("figure `{}` was drafted from the text; review its label, then set reviewed = true", f.id),
            )));
        }
    }
    let mut charts = file.chart;
    for chart in &mut charts {
        // A chart of drafts would set side by side numbers nobody has checked
        // are comparable.
        chart.figures.retain(|member| {
            let draft = file.figure.iter().any(|f| &f.id == member && !f.reviewed);
            if draft {
                let off = text.rfind(&format!("\"{member}\"")).unwrap_or(0);
                diags.push(
                    Diagnostic::warning(
                        "chart-draft",
                        format!(
                            "chart `{}` lists the draft figure `{member}`, which is left out",
                            chart.id
                        ),
                    )
                    .in_file(path)
                    .at_offset(text, off, member.len() + 2)
                    .with_help(
                        "review the figure and set `reviewed = true`, or take it out of the chart",
                    ),
                );
            }
            !draft
        });
        for member in &chart.figures {
            if !file.figure.iter().any(|f| &f.id == member) {
                let off = at(&format!("\"{member}\""));
                diags.push(
                    Diagnostic::error(
                        "chart-figure",
                        format!("chart `{}` names the unknown figure `{member}`", chart.id),
                    )
                    .in_file(path)
                    .at_offset(text, off, member.len() + 2)
                    .with_help("use the id of a [[figure]] in this file"),
                );
            }
        }
        for lang in languages {
            let svg = bar_chart(chart, &file.figure, lang);
            chart.svg.insert(lang.clone(), svg);
        }
    }
    let figures = Figures {
        source: file.source,
        page: file.page,
        groups,
        figures: file.figure,
        charts,
        text: text.to_string(),
    };
    (Some(figures), diags)
}

fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { format!("{v}") }
}

/// Chart geometry, in SVG units (one unit is one CSS pixel at the chart's
/// natural width; the stylesheet sets the font to 13 px).
const CHART_WIDTH: f64 = 360.0;
const FONT: f64 = 13.0;
const LINE: f64 = 17.0;
const BAR: f64 = 18.0;

/// Roughly how wide `text` is at the chart's font: CJK and full-width
/// characters take a full em, Latin letters and digits a bit over half.
fn text_width(text: &str) -> f64 {
    text.chars()
        .map(|c| {
            if crate::text::is_wide(c) {
                FONT
            } else if c == ' ' {
                FONT * 0.3
            } else {
                FONT * 0.58
            }
        })
        .sum()
}

/// Breaks a label into lines that fit `width`: between words for Latin text,
/// between any two characters for CJK.
fn wrap(text: &str, width: f64) -> Vec<String> {
    let mut lines = vec![String::new()];
    let mut words: Vec<String> = Vec::new();
    for c in text.chars() {
        match words.last_mut() {
            Some(w)
                if !crate::text::is_wide(c)
                    && c != ' '
                    && !w.ends_with(' ')
                    && !w.chars().any(crate::text::is_wide) =>
            {
                w.push(c)
            }
            Some(w) if c == ' ' && !w.ends_with(' ') => w.push(c),
            _ => words.push(c.to_string()),
        }
    }
    for word in words {
        let line = lines.last_mut().expect("starts with one line");
        if !line.is_empty() && text_width(line.trim_end()) + text_width(word.trim_end()) > width {
            let trimmed = line.trim_end().to_string();
            *line = trimmed;
            lines.push(word);
        } else {
            line.push_str(&word);
        }
    }
    lines.iter().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect()
}

/// A horizontal bar chart as inline SVG: each row is its label (wrapped when
/// long) and below it the bar with its value, so no text is clipped and the
/// chart reads on a phone. Bars are scaled so the longest bar and its value
/// fit. Scales to its container (viewBox), carries its title and description
/// for assistive technology, and takes its colours from the stylesheet so it
/// follows light and dark mode.
pub fn bar_chart(chart: &Chart, figures: &[Figure], lang: &str) -> String {
    let members: Vec<&Figure> =
        chart.figures.iter().filter_map(|id| figures.iter().find(|f| &f.id == id)).collect();
    let max = chart
        .max
        .unwrap_or_else(|| members.iter().map(|f| f.value).fold(0.0, f64::max))
        .max(members.iter().map(|f| f.value).fold(0.0, f64::max))
        .max(f64::MIN_POSITIVE);
    // The bar length that leaves room for every value after its bar.
    let room = members
        .iter()
        .map(|f| {
            // Values are bold, about a sixth wider than the estimate.
            let text = text_width(&f.shown(lang)) * 1.2 + 10.0;
            (CHART_WIDTH - text) / (f.value / max).max(1e-9)
        })
        .fold(CHART_WIDTH, f64::min)
        .max(40.0);
    let rows: Vec<(Vec<String>, &Figure)> = members
        .iter()
        .map(|f| (wrap(f.label.get(lang).map_or(f.id.as_str(), String::as_str), CHART_WIDTH), *f))
        .collect();
    let height: f64 =
        rows.iter().map(|(lines, _)| lines.len() as f64 * LINE + BAR + 18.0).sum::<f64>() + 2.0;
    // The ids go into attributes of HTML that templates print as it is.
    let title_id = crate::text::escape_html(&format!("chart-{}-{lang}-title", chart.id));
    let desc_id = crate::text::escape_html(&format!("chart-{}-{lang}-desc", chart.id));
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"chart\" viewBox=\"0 0 {CHART_WIDTH} {height}\" role=\"img\" aria-labelledby=\"{title_id} {desc_id}\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{title_id}\">"
    );
    push_escaped(&mut svg, chart.title.get(lang).map_or("", String::as_str));
    let _ = write!(svg, "</title><desc id=\"{desc_id}\">");
    push_escaped(&mut svg, chart.description.get(lang).map_or("", String::as_str));
    svg.push_str("</desc>");
    let mut y = 0.0;
    for (lines, f) in rows {
        for line in &lines {
            y += LINE;
            let _ = write!(svg, "<text x=\"0\" y=\"{:.1}\" class=\"chart-label\">", y - 3.0);
            push_escaped(&mut svg, line);
            svg.push_str("</text>");
        }
        let w = (f.value / max * room).clamp(2.0, room);
        let _ = write!(
            svg,
            "<rect x=\"0\" y=\"{:.1}\" width=\"{w:.1}\" height=\"{BAR}\" rx=\"3\" class=\"chart-bar\"/><text x=\"{:.1}\" y=\"{:.1}\" class=\"chart-value\">",
            y + 4.0,
            w + 6.0,
            y + 4.0 + BAR * 0.75
        );
        push_escaped(&mut svg, &f.shown(lang));
        svg.push_str("</text>");
        y += BAR + 18.0;
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Severity;

    const TEXT: &str = r#"
[groups]
scale = { zh = "规模", en = "Scale" }

[[figure]]
id = "area"
group = "scale"
value = 111
unit = { zh = "平方公里", en = "km²" }
label = { zh = "面积", en = "Area" }
quote = { zh = "面积111平方公里。", en = "It covers 111 km²." }

[[chart]]
id = "c"
figures = ["area", "nope"]
title = { zh = "图", en = "Chart <1>" }
"#;

    #[test]
    fn unknown_chart_member_is_reported_where_it_is() {
        let (figs, diags) = load(TEXT, &["zh".into(), "en".into()]);
        let figs = figs.unwrap();
        assert_eq!(figs.figures[0].shown("zh"), "111平方公里");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].message, "chart `c` names the unknown figure `nope`");
        assert_eq!(diags[0].line, Some(15));
    }

    #[test]
    fn long_labels_wrap_between_words_or_characters() {
        let en = wrap(
            "Share of Jiangmen’s specialised and innovative enterprises in the whole city",
            200.0,
        );
        assert!(en.len() > 1, "{en:?}");
        assert!(en.iter().all(|l| text_width(l) <= 200.0), "{en:?}");
        assert_eq!(
            en.join(" "),
            "Share of Jiangmen’s specialised and innovative enterprises in the whole city"
        );
        let zh = wrap("安全应急规模以上企业产品销售收入增长（2023年）", 130.0);
        assert!(zh.len() > 1 && zh.iter().all(|l| text_width(l) <= 130.0), "{zh:?}");
        assert_eq!(zh.concat(), "安全应急规模以上企业产品销售收入增长（2023年）");
    }

    #[test]
    fn chart_titles_are_escaped() {
        let (figs, _) = load(TEXT, &["en".into()]);
        let svg = &figs.unwrap().charts[0].svg["en"];
        assert!(svg.contains("<title id=\"chart-c-en-title\">Chart &lt;1&gt;</title>"), "{svg}");
        assert!(svg.contains("class=\"chart-bar\""));
    }

    #[test]
    fn drafts_are_listed_as_information_and_kept_out_of_charts() {
        let text = r#"
[groups]
g = { zh = "组" }

[[figure]]
id = "kept"
group = "g"
value = 5
label = { zh = "甲" }
quote = { zh = "甲5家。" }

[[figure]]
id = "draft"
group = "g"
value = 7
label = { zh = "乙" }
quote = { zh = "乙7家。" }
reviewed = false

[[chart]]
id = "c"
figures = ["kept", "draft"]
"#;
        let (figs, diags) = load(text, &["zh".into()]);
        let figs = figs.unwrap();
        assert!(figs.figures[0].reviewed, "hand-made figures need no `reviewed` key");
        assert!(!figs.figures[1].reviewed);
        assert_eq!(figs.charts[0].figures, ["kept"]);
        assert!(!figs.charts[0].svg["zh"].contains("乙"), "the draft is not drawn");
        let found: Vec<(Severity, &str, Option<usize>)> =
            diags.iter().map(|d| (d.severity, d.message.as_str(), d.line)).collect();
        assert_eq!(
            found,
            [
                (
                    Severity::Info,
                    "figure `draft` was drafted from the text; review its label, then set reviewed = true",
                    Some(13)
                ),
                (
                    Severity::Warning,
                    "chart `c` lists the draft figure `draft`, which is left out",
                    Some(22)
                ),
            ]
        );
    }
}
