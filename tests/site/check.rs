//! `check` over fixture sites: every finding at once, with its place and help.

use broadsheet::{BuildOptions, Diagnostic, Severity};

use crate::common::*;

fn check(name: &str) -> Vec<Diagnostic> {
    let dir = site(name);
    let findings = broadsheet::check(&BuildOptions::new(dir.path().join("site")));
    assert!(!dir.path().join("site/public").exists(), "check wrote output");
    findings
}

fn find<'a>(findings: &'a [Diagnostic], code: &str) -> &'a Diagnostic {
    findings
        .iter()
        .find(|d| d.code == code)
        .unwrap_or_else(|| panic!("no `{code}` in {findings:#?}"))
}

fn place(d: &Diagnostic) -> (String, Option<usize>, Option<usize>) {
    (d.path.as_ref().map(|p| p.display().to_string()).unwrap_or_default(), d.line, d.column)
}

#[test]
fn the_default_site_checks_clean_but_for_pending_photos() {
    let findings = broadsheet::check(&BuildOptions::new(repo()));
    let not_info: Vec<_> = findings.iter().filter(|d| d.severity != Severity::Info).collect();
    assert!(not_info.is_empty(), "{not_info:#?}");
    assert!(findings.iter().any(|d| d.code == "photo-pending"));
}

#[test]
fn a_figure_quote_missing_from_its_article_names_figure_and_language() {
    let findings = check("check/figure-quote");
    let d = find(&findings, "figure-quote-not-found");
    assert_eq!(d.severity, Severity::Error);
    assert_eq!(d.message, "the `en` quote of figure `lines` is not in `content/notes/first.en.md`");
    assert_eq!(place(d), ("content/figures.toml".into(), Some(8), Some(1)));
    assert!(d.help.as_deref().unwrap().contains("third line"));
    // The Chinese quote was found: only one such error.
    assert_eq!(findings.iter().filter(|d| d.code == "figure-quote-not-found").count(), 1);
}

#[test]
fn a_placed_photo_without_caption_is_an_error_and_the_gap_a_warning() {
    let findings = check("check/photo-without-caption");
    let d = find(&findings, "photo-placed-without-text");
    assert_eq!(d.message, "photo `p1` is placed here but has no caption in `en`");
    assert_eq!(place(d), ("content/notes/first.en.md".into(), Some(7), Some(1)));
    assert!(d.help.as_deref().unwrap().contains("caption.en"));
    let w = find(&findings, "photo-text-missing");
    assert_eq!(w.severity, Severity::Warning);
    assert_eq!(place(w).0, "content/notes/photos.toml");
    let i = find(&findings, "photo-pending");
    assert_eq!(i.severity, Severity::Info);
}

#[test]
fn an_image_without_alt_text_is_a_warning() {
    let findings = check("check/image-alt");
    let d = find(&findings, "image-alt");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(place(d), ("content/notes/first.en.md".into(), Some(5), Some(1)));
    assert!(d.help.as_deref().unwrap().contains("describe the image"));
}

#[test]
fn missing_translations_and_heading_collisions_are_warnings() {
    let findings = check("basic");
    let d = find(&findings, "missing-translation");
    assert_eq!(d.message, "`notes/second.md` has no `en` version");
    assert!(d.help.as_deref().unwrap().contains("content/notes/second.en.md"));
    let h = find(&findings, "heading-id-collision");
    assert_eq!(place(h), ("content/notes/first.md".into(), Some(14), Some(1)));
    assert!(!findings.iter().any(Diagnostic::is_error), "{findings:#?}");
}

#[test]
fn ui_strings_missing_in_a_language_are_warnings_and_used_ones_errors() {
    let findings = check("check/ui-string");
    let w = find(&findings, "i18n-key-missing");
    assert_eq!(w.severity, Severity::Warning);
    assert_eq!(place(w).0, "templates/i18n/en.toml");
    assert!(findings.iter().any(|d| d.is_error()
        && d.message.contains("missing UI string `switcher.label` for language `en`")));
}

#[test]
fn several_mistakes_in_several_files_are_all_reported_in_one_run() {
    let findings = check("check/several");
    let codes: Vec<(&str, String)> = findings
        .iter()
        .filter(|d| d.severity != Severity::Info)
        .map(|d| (d.code.as_str(), place(d).0))
        .collect();
    for expected in [
        ("unknown-key", "content/notes/first.md"),
        ("bad-date", "content/notes/first.en.md"),
        ("broken-link", "content/notes/first.md"),
        ("heading-id-collision", "content/notes/first.en.md"),
        ("broken-anchor", "content/notes/first.en.md"),
        ("template", "templates/section.html"),
    ] {
        assert!(
            codes.iter().any(|(c, p)| *c == expected.0 && p == expected.1),
            "{expected:?} missing from {codes:#?}"
        );
    }
}

#[test]
fn json_output_is_stable() {
    let findings = check("check/several");
    insta::assert_json_snapshot!("several", findings);
}
