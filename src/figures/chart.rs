//! SVG bar charts over key figures, drawn at build time.
//!
//! In: a [`Chart`] and the figures it names, in one language. Out: an inline SVG
//! string with its title and description for assistive technology, labels that
//! wrap instead of clipping, and colours from the stylesheet. Pure.

use std::fmt::Write as _;

use super::{Chart, Figure};
use crate::text::push_escaped;

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
}
