//! Key-figures data: each article's `figures.toml` → [`Figures`].
//!
//! An article folder (`content/article/`) may hold a `figures.toml`: each figure
//! has a value, a unit, a group, a label per language, and the exact quote of its
//! source sentence in each language's version of that article (its own
//! `index.md` unless `source` names another page). Ids are the article's own. [`quotes`] plans
//! which sentence of the article each figure marks (the Markdown pass finds and
//! wraps it) and returns the sentence ids; [`chart`] draws the SVG bar charts.
//! Pure: the file's text comes from `content`.

pub mod chart;
pub mod draft;
mod entries;
pub mod quotes;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::content::Content;
use crate::error::{Diagnostic, toml_diagnostic};
use crate::photos::LangText;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FiguresFile {
    /// The translation key of the article the quotes come from; by default
    /// the `index.md` of the file's folder.
    #[serde(default)]
    source: Option<String>,
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
    #[serde(default)]
    pub kind: ChartKind,
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

/// How a chart draws its figures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChartKind {
    /// Horizontal bars, one per figure.
    #[default]
    Bar,
}

/// A group of figures, in display order.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub id: String,
    pub name: LangText,
}

/// Everything from one `figures.toml`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Figures {
    /// The file, for messages (`content/article/figures.toml`).
    #[serde(skip)]
    pub path: PathBuf,
    /// Its folder under `content/` (`article`): the scope of its ids.
    pub dir: String,
    /// What makes its element ids unique on pages that show several
    /// articles' figures (`article-`); empty on a site with one figures file.
    pub prefix: String,
    pub source: String,
    pub page: String,
    pub groups: Vec<Group>,
    pub figures: Vec<Figure>,
    pub charts: Vec<Chart>,
    #[serde(skip)]
    pub text: String,
}

impl Figures {
    /// The element id of a figure on the page that lists it (`fig-area`).
    pub fn element(&self, id: &str) -> String {
        format!("fig-{}{id}", self.prefix)
    }

    /// The byte offset of a figure's `id = "…"` in the file, for messages.
    pub fn offset_of(&self, id: &str) -> usize {
        self.text.find(&format!("id = \"{id}\"")).unwrap_or(0)
    }
}

/// A figures file's text and its path, for findings that point into it.
struct Located<'a> {
    text: &'a str,
    path: &'a Path,
}

/// Where a site of one article used to keep its figures.
pub const PATH: &str = "content/figures.toml";

/// Reads every `figures.toml` under `content/`, in walk order.
pub fn from_content(content: &Content, config: &Config) -> (Vec<Figures>, Vec<Diagnostic>) {
    let languages: Vec<String> = config.languages.iter().map(|l| l.code.clone()).collect();
    let mut all = Vec::new();
    let mut diags = Vec::new();
    for data in content.data.iter().filter(|d| d.file_name() == Some("figures.toml")) {
        let (mut figures, found) =
            load_at(&data.text, &data.display_path(), &data.dir(), &languages);
        if config.minify {
            // Drawn escaped as pulldown-cmark writes HTML, so minified the same
            // way, once: the pages show them as they are.
            for svg in
                figures.iter_mut().flat_map(|f| &mut f.charts).flat_map(|c| c.svg.values_mut())
            {
                *svg = crate::minify::markdown_html(svg);
            }
        }
        all.extend(figures);
        diags.extend(found);
    }
    if all.len() > 1 {
        for f in &mut all {
            f.prefix = format!("{}-", f.dir.replace('/', "-"));
        }
    }
    (all, diags)
}

/// Parses a `figures.toml` at the top of `content/` (see [`load_at`]).
pub fn load(text: &str, languages: &[String]) -> (Option<Figures>, Vec<Diagnostic>) {
    load_at(text, Path::new(PATH), "", languages)
}

/// Parses the `figures.toml` of folder `dir` (shown as `path`) and checks it
/// against itself: unique ids, known groups, chart members that exist. Labels
/// and quotes per language are the editor's checks (`check.rs`): which are
/// needed depends on which versions of the article exist.
pub fn load_at(
    text: &str,
    path: &Path,
    dir: &str,
    languages: &[String],
) -> (Option<Figures>, Vec<Diagnostic>) {
    let file: FiguresFile = match toml::from_str(text) {
        Ok(f) => f,
        Err(e) => return (None, vec![toml_diagnostic(&e, path, text, 0)]),
    };
    let groups: Vec<Group> = file
        .groups
        .iter()
        .map(|(id, value)| Group {
            id: id.clone(),
            name: value.clone().try_into().unwrap_or_default(),
        })
        .collect();
    let at = Located { text, path };
    let mut diags = entries::figures(&file.figure, &groups, &at);
    let mut charts = file.chart;
    diags.extend(entries::charts(&mut charts, &file.figure, &at));
    for chart in &mut charts {
        for lang in languages {
            let svg = chart::bar_chart(chart, &file.figure, lang);
            chart.svg.insert(lang.clone(), svg);
        }
    }
    let source = file.source.unwrap_or_else(|| {
        if dir.is_empty() { "article/index.md".into() } else { format!("{dir}/index.md") }
    });
    let figures = Figures {
        path: path.to_path_buf(),
        dir: dir.to_string(),
        prefix: String::new(),
        source,
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
