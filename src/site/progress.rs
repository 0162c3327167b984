//! The progress step: how far each translation is, unit by unit.
//!
//! For every page in a language other than the default that has an original,
//! the translation's units are composed with the original's and with the
//! record of what they were made from (see [`crate::translate`]). A
//! translation that still holds untranslated slots is not published: readers
//! see that it is in preparation (unless the preview asks for it as it is).
//! Stale and missing units are warnings with both places; the build never
//! stops on them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Page, Pending, Status, publish::Partial};
use crate::config::{Config, Lang};
use crate::content::DataFile;
use crate::error::{Code, Diagnostic};
use crate::translate::{self, PageRef, PageStatus, UnitState, units::PageText};

/// Composes every translation's status (in parallel: aligning a translation with
/// its original is the costly part); marks the unfinished ones pending.
pub fn check(
    pages: &mut [Page],
    data: &[DataFile],
    config: &Config,
    partial: Partial,
) -> Vec<Diagnostic> {
    let originals: HashMap<&str, usize> = (0..pages.len())
        .rev()
        .filter(|i| pages[*i].source.lang.is_default())
        .map(|i| (pages[i].source.key.as_str(), i))
        .collect();
    let data: HashMap<&Path, &str> =
        data.iter().map(|d| (d.rel.as_path(), d.text.as_str())).collect();
    let shared: &[Page] = pages;
    // Each status is reduced to its findings where it is made, so only one per
    // core is held at a time.
    let results: Vec<(usize, Vec<Diagnostic>, bool)> = (0..shared.len())
        .into_par_iter()
        .filter_map(|t| {
            let translation = &shared[t];
            let lang = translation.source.lang;
            if lang.is_default() || translation.status != Status::Published {
                return None;
            }
            let original = &shared[*originals.get(translation.source.key.as_str())?];
            Some(match status(original, translation, &data, config, lang) {
                Ok(status) => (t, findings(&status, partial), status.untranslated() > 0),
                Err(e) => (t, vec![unreadable(translation, &e)], false),
            })
        })
        .collect();
    let mut all = Vec::new();
    for (t, findings, unfinished) in results {
        if unfinished && partial == Partial::Hide {
            pages[t].status = Status::Pending(Pending::Partial);
        }
        all.extend(findings);
    }
    all
}

/// What a translation's status tells the editor: its progress while unfinished;
/// its stale and missing units when it has a record. A translation without a
/// record is not tracked: nothing is known of what it was made from
/// (`translate accept` starts tracking it).
fn findings(status: &PageStatus, partial: Partial) -> Vec<Diagnostic> {
    let mut findings = Vec::new();
    if status.untranslated() > 0 {
        findings.push(progress(status, partial));
    }
    if status.recorded {
        findings.extend(stale(status));
        findings.extend(missing(status));
    }
    findings
}

fn status(
    original: &Page,
    translation: &Page,
    data: &HashMap<&Path, &str>,
    config: &Config,
    lang: Lang,
) -> Result<PageStatus, translate::TranslateError> {
    let content = |p: &Path| Path::new("content").join(p);
    let page = PageRef {
        source: content(&original.source.path),
        translation: content(&translation.source.path),
        source_lang: config.code(Lang::DEFAULT).to_string(),
        lang: config.code(lang).to_string(),
    };
    let file = |path: PathBuf| {
        let rel = path.strip_prefix("content").ok()?.to_path_buf();
        data.get(rel.as_path()).copied()
    };
    let folder = page.has_folder();
    let photos = if folder { file(page.photos()) } else { None };
    let figures = if folder { file(page.figures()) } else { None };
    let source = PageText { page: &original.source.text, photos, figures };
    let target = PageText { page: &translation.source.text, photos, figures };
    let record =
        file(page.record()).map(|text| translate::files::parse_record(&page, text)).transpose()?;
    translate::files::status_from(&page, &source, &target, record)
}

/// "12 of 17 units translated", and what readers see meanwhile.
fn progress(status: &PageStatus, partial: Partial) -> Diagnostic {
    let shown = match partial {
        Partial::Hide => "readers see that the translation is in preparation",
        Partial::Preview => "the preview shows it with its untranslated slots marked",
    };
    Diagnostic::info(
        Code::TranslationProgress,
        format!(
            "{} of {} units translated; {shown}",
            status.units() - status.untranslated() - status.missing(),
            status.units()
        ),
    )
    .in_file(&status.page.translation)
    .with_help(format!(
        "translate the slots marked {}; `broadsheet translate status {}` lists them",
        translate::UNTRANSLATED,
        status.page.name()
    ))
}

/// A warning per stale unit, at the translation, naming the original's place.
fn stale(status: &PageStatus) -> Vec<Diagnostic> {
    status
        .stale_units()
        .into_iter()
        .filter(|u| !u.old.is_empty())
        .map(|u| {
            Diagnostic::warning(
                Code::TranslationStale,
                format!(
                    "unit {} is stale: its original at {} changed",
                    u.number, u.source
                ),
            )
            .in_file(&u.translation.file)
            .at_line(u.translation.line, 1)
            .with_help(format!(
                "the original now reads “{}” (was “{}”): update the translation, then run `broadsheet translate accept {}`",
                clip(&u.new),
                clip(&u.old),
                status.page.name()
            ))
        })
        .collect()
}

/// A warning per unit of the original that the translation lacks.
fn missing(status: &PageStatus) -> Vec<Diagnostic> {
    let pairs = &status.composition.pairs;
    pairs
        .iter()
        .filter(|p| matches!(p.state, UnitState::Missing))
        .map(|p| {
            let unit = &status.source[p.source];
            let place = status.position(translate::report::Side::Source, unit);
            Diagnostic::warning(
                Code::TranslationMissing,
                format!(
                    "unit {} of the original ({} at {place}) has no translation in `{}`",
                    p.number,
                    unit.kind.name(),
                    status.page.translation.display()
                ),
            )
            .in_file(&place.file)
            .at_line(place.line, 1)
            .with_help(format!(
                "translate it into {}, then run `broadsheet translate accept {}`",
                status.page.translation.display(),
                status.page.name()
            ))
        })
        .collect()
}

fn unreadable(page: &Page, e: &translate::TranslateError) -> Diagnostic {
    Diagnostic::warning(
        Code::TranslationProgress,
        format!("cannot compare this translation with its original: {e}"),
    )
    .in_file(page.source.display_path())
    .with_help("fix the file named above; the page is published as it is meanwhile")
}

/// A unit's text, shortened for a message.
fn clip(text: &str) -> String {
    if text.chars().count() <= 60 {
        text.to_string()
    } else {
        text.chars().take(59).chain(['…']).collect()
    }
}
