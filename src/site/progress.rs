//! The progress step: how far each translation is, unit by unit.
//!
//! For every page in a language other than the default that has an original,
//! the translation's units are composed with the original's and with the
//! record of what they were made from (see [`crate::translate`]). A
//! translation that still holds untranslated slots is not published: readers
//! see that it is in preparation (unless the preview asks for it as it is).
//! Stale and missing units are warnings with both places; the build never
//! stops on them.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{Page, Pending, Status, publish::Partial};
use crate::config::{Config, Lang};
use crate::content::DataFile;
use crate::error::{Code, Diagnostic};
use crate::translate::{self, PageRef, PageStatus, UnitState, units::PageText};

/// Translations an earlier build found clean (nothing untranslated, nothing to
/// report), by the hash of everything their status is composed from: those are
/// not composed again. See [`crate::cache`] for where the set is kept.
pub type Clean = HashSet<u64>;

/// Composes every translation's status (in parallel: aligning a translation with
/// its original is the costly part) but for those `known` clean; marks the
/// unfinished ones pending. Returns the findings and the translations clean now.
pub fn check(
    pages: &mut [Page],
    data: &[DataFile],
    config: &Config,
    partial: Partial,
    known: &Clean,
) -> (Vec<Diagnostic>, Clean) {
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
    let results: Vec<Checked> = (0..shared.len())
        .into_par_iter()
        .filter_map(|t| {
            let translation = &shared[t];
            let lang = translation.source.lang;
            if lang.is_default() || translation.status != Status::Published {
                return None;
            }
            let original = &shared[*originals.get(translation.source.key.as_str())?];
            let inputs = Inputs::new(original, translation, &data, config, lang);
            Some(inputs.check(t, partial, known))
        })
        .collect();
    let mut all = Vec::new();
    let mut clean = Clean::with_capacity(results.len());
    for checked in results {
        if checked.unfinished && partial == Partial::Hide {
            pages[checked.page].status = Status::Pending(Pending::Partial);
        }
        clean.extend(checked.clean);
        all.extend(checked.findings);
    }
    (all, clean)
}

/// One translation checked: its findings, whether it is unfinished, and its key
/// when it is clean.
struct Checked {
    page: usize,
    findings: Vec<Diagnostic>,
    unfinished: bool,
    clean: Option<u64>,
}

/// Everything a translation's status is composed from.
struct Inputs<'a> {
    page: PageRef,
    source: PageText<'a>,
    target: PageText<'a>,
    /// The two files' digests, which stand for their texts in the key.
    digests: [u128; 2],
    record: Option<&'a str>,
}

impl<'a> Inputs<'a> {
    fn new(
        original: &'a Page,
        translation: &'a Page,
        data: &HashMap<&Path, &'a str>,
        config: &Config,
        lang: Lang,
    ) -> Self {
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
        let record = file(page.record());
        let digests = [original.source.digest, translation.source.digest];
        Inputs { page, source, target, digests, record }
    }

    /// A hash of everything the status is composed from.
    fn key(&self) -> u64 {
        let mut hash = crate::incremental::Fnv::default();
        for path in [&self.page.source, &self.page.translation] {
            hash.add(path.as_os_str().as_encoded_bytes());
        }
        for part in [&self.page.source_lang, &self.page.lang] {
            hash.add(part.as_bytes());
        }
        for digest in self.digests {
            hash.add(&digest.to_le_bytes());
        }
        for part in [self.source.photos, self.source.figures, self.record] {
            hash.add(part.map_or(b"\0none", str::as_bytes));
        }
        hash.finish()
    }

    /// The translation's findings, composed unless `known` says it is clean.
    fn check(&self, page: usize, partial: Partial, known: &Clean) -> Checked {
        let key = self.key();
        if known.contains(&key) || self.surely_clean() {
            return Checked { page, findings: Vec::new(), unfinished: false, clean: Some(key) };
        }
        match self.status() {
            Ok(status) => {
                let findings = findings(&status, partial);
                let unfinished = status.untranslated() > 0;
                let clean = (findings.is_empty() && !unfinished).then_some(key);
                Checked { page, findings, unfinished, clean }
            }
            Err(e) => {
                let findings = vec![unreadable(&self.page.translation, &e)];
                Checked { page, findings, unfinished: false, clean: None }
            }
        }
    }

    /// Whether the translation is clean without composing it: it has no record
    /// (so nothing can be stale or missing), no data files, and nothing in its
    /// text that could be a slot. Its texts parse, as the content step read them.
    fn surely_clean(&self) -> bool {
        let target = &self.target;
        self.record.is_none()
            && target.photos.is_none()
            && target.figures.is_none()
            && !translate::may_hold_slot(target.page)
    }

    fn status(&self) -> Result<PageStatus, translate::TranslateError> {
        let page = &self.page;
        let record =
            self.record.map(|text| translate::files::parse_record(page, text)).transpose()?;
        translate::files::status_from(page, &self.source, &self.target, record)
    }
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

fn unreadable(file: &Path, e: &translate::TranslateError) -> Diagnostic {
    Diagnostic::warning(
        Code::TranslationProgress,
        format!("cannot compare this translation with its original: {e}"),
    )
    .in_file(file)
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
