//! [`Code`]: the class of a finding, one variant per kind of problem.
//!
//! Tools (the JSON of `check --format json`, the error overlay of `serve`) read
//! the stable kebab-case string; code branches on the variant. A new kind of
//! finding is a new variant here, so the list of what broadsheet can report is
//! in one place.

use std::fmt;

use serde::Serialize;

/// The class of a [`super::Diagnostic`]. Serialises as its stable string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    // Reading files
    Io,
    Encoding,
    TooLarge,
    Symlink,
    Path,
    Content,
    // Settings and syntax
    Config,
    Usage,
    Toml,
    UnknownKey,
    BadDate,
    FrontMatter,
    OutputDir,
    // Templates and UI strings
    Template,
    TemplateMissing,
    I18nMissing,
    I18nKeyMissing,
    // Pages and links
    DuplicateUrl,
    BrokenLink,
    BrokenAnchor,
    MissingTranslation,
    ArticleUntranslated,
    TranslationProgress,
    TranslationStale,
    TranslationMissing,
    HeadingIdCollision,
    ImageAlt,
    // Photos
    PhotoDuplicate,
    PhotoId,
    PhotoRatio,
    PhotoTextMissing,
    PhotoUnknown,
    PhotoInline,
    PhotoPlacedWithoutText,
    PhotoPending,
    PhotoUnreadable,
    // Key figures
    FigureDuplicate,
    FigureGroup,
    FigureLabelMissing,
    FigureQuoteMissing,
    FigureQuoteNotFound,
    FigureSourceMissing,
    ChartFigure,
    ChartDraft,
    FigureDraft,
    // Sharing
    /// An article without `date`: no publication date for feeds and search engines.
    ArticleUndated,
    /// A share card that cannot be drawn (no font for its text).
    ShareCard,
    // Summaries
    Pages,
    Figures,
    /// Stands for the findings left out past a page's limit.
    More,
    // Commands
    Import,
    /// A unit a corrected import and an editor both changed.
    MergeConflict,
    Serve,
    Watch,
    /// A build cache that does not read or cannot be saved.
    BuildCache,
    Panic,
    /// For unit tests of the diagnostics themselves.
    #[cfg(test)]
    Test,
}

impl Code {
    /// The stable string tools see (`broken-link`).
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Io => "io",
            Code::Encoding => "encoding",
            Code::TooLarge => "too-large",
            Code::Symlink => "symlink",
            Code::Path => "path",
            Code::Content => "content",
            Code::Config => "config",
            Code::Usage => "usage",
            Code::Toml => "toml",
            Code::UnknownKey => "unknown-key",
            Code::BadDate => "bad-date",
            Code::FrontMatter => "front-matter",
            Code::OutputDir => "output-dir",
            Code::Template => "template",
            Code::TemplateMissing => "template-missing",
            Code::I18nMissing => "i18n-missing",
            Code::I18nKeyMissing => "i18n-key-missing",
            Code::DuplicateUrl => "duplicate-url",
            Code::BrokenLink => "broken-link",
            Code::BrokenAnchor => "broken-anchor",
            Code::MissingTranslation => "missing-translation",
            Code::ArticleUntranslated => "article-untranslated",
            Code::TranslationProgress => "translation-progress",
            Code::TranslationStale => "translation-stale",
            Code::TranslationMissing => "translation-missing",
            Code::HeadingIdCollision => "heading-id-collision",
            Code::ImageAlt => "image-alt",
            Code::PhotoDuplicate => "photo-duplicate",
            Code::PhotoId => "photo-id",
            Code::PhotoRatio => "photo-ratio",
            Code::PhotoTextMissing => "photo-text-missing",
            Code::PhotoUnknown => "photo-unknown",
            Code::PhotoInline => "photo-inline",
            Code::PhotoPlacedWithoutText => "photo-placed-without-text",
            Code::PhotoPending => "photo-pending",
            Code::PhotoUnreadable => "photo-unreadable",
            Code::FigureDuplicate => "figure-duplicate",
            Code::FigureGroup => "figure-group",
            Code::FigureLabelMissing => "figure-label-missing",
            Code::FigureQuoteMissing => "figure-quote-missing",
            Code::FigureQuoteNotFound => "figure-quote-not-found",
            Code::FigureSourceMissing => "figure-source-missing",
            Code::ChartFigure => "chart-figure",
            Code::ChartDraft => "chart-draft",
            Code::FigureDraft => "figure-draft",
            Code::ArticleUndated => "article-undated",
            Code::ShareCard => "share-card",
            Code::Pages => "pages",
            Code::Figures => "figures",
            Code::More => "more",
            Code::Import => "import",
            Code::MergeConflict => "merge-conflict",
            Code::Serve => "serve",
            Code::Watch => "watch",
            Code::BuildCache => "build-cache",
            Code::Panic => "panic",
            #[cfg(test)]
            Code::Test => "test",
        }
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Lets tools and tests compare with the stable string: `d.code == "broken-link"`.
impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}
