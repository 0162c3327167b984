//! The checks of a figures file against itself: unique ids, known groups,
//! drafts marked as such, chart members that exist and are reviewed.

use super::{Chart, Figure, Group, Located};
use crate::error::{Code, Diagnostic};

/// Findings about the `[[figure]]` entries.
pub(super) fn figures(figures: &[Figure], groups: &[Group], at: &Located) -> Vec<Diagnostic> {
    let (text, path) = (at.text, at.path);
    let mut diags = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, f) in figures.iter().enumerate() {
        let here = |d: Diagnostic| {
            // The entry's own `id = "…"`: a duplicate points at itself.
            let earlier = figures[..i].iter().filter(|g| g.id == f.id).count();
            let needle = format!("id = \"{}\"", f.id);
            let off = text.match_indices(&needle).nth(earlier).map_or(0, |(at, _)| at);
            d.in_file(path).at_offset(text, off, f.id.len() + 7)
        };
        if !seen.insert(f.id.as_str()) {
            diags.push(
                here(Diagnostic::error(
                    Code::FigureDuplicate,
                    format!("figure id `{}` is used twice", f.id),
                ))
                .with_help("give each figure its own id"),
            );
        }
        if !groups.iter().any(|g| g.id == f.group) {
            diags.push(
                here(Diagnostic::error(
                    Code::FigureGroup,
                    format!("figure `{}` is in the unknown group `{}`", f.id, f.group),
                ))
                .with_help(format!(
                    "add `{} = {{ … }}` under [groups], or use one of: {}",
                    f.group,
                    groups.iter().map(|g| g.id.as_str()).collect::<Vec<_>>().join(", ")
                )),
            );
        }
        if !f.reviewed {
            diags.push(here(Diagnostic::info(
                Code::FigureDraft,
                format!("figure `{}` was drafted from the text; review its label, then set reviewed = true", f.id),
            )));
        }
    }
    diags
}

/// Findings about the `[[chart]]` entries; drafts are taken out of charts.
pub(super) fn charts(charts: &mut [Chart], figures: &[Figure], at: &Located) -> Vec<Diagnostic> {
    let (text, path) = (at.text, at.path);
    let at = |needle: &str| text.find(needle).unwrap_or(0);
    let mut diags = Vec::new();
    for chart in charts {
        // A chart of drafts would set side by side numbers nobody has checked
        // are comparable.
        chart.figures.retain(|member| {
            let draft = figures.iter().any(|f| &f.id == member && !f.reviewed);
            if draft {
                let off = text.rfind(&format!("\"{member}\"")).unwrap_or(0);
                diags.push(
                    Diagnostic::warning(
                        Code::ChartDraft,
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
            if !figures.iter().any(|f| &f.id == member) {
                let off = at(&format!("\"{member}\""));
                diags.push(
                    Diagnostic::error(
                        Code::ChartFigure,
                        format!("chart `{}` names the unknown figure `{member}`", chart.id),
                    )
                    .in_file(path)
                    .at_offset(text, off, member.len() + 2)
                    .with_help("use the id of a [[figure]] in this file"),
                );
            }
        }
    }
    diags
}
