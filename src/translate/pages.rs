//! Which files a page is: what the editor typed → [`PageRef`].
//!
//! In: the site root, its languages (from `config.toml`) and what the editor
//! typed: a slug (`article` for `content/article/index.md`, `about` for
//! `content/about.md`), a path under `content/` (`article/index.md`), or a
//! translation's own path (`content/article/index.en.md`). Out: the source
//! file, the translation file and the language, all relative to the site root;
//! or every translation the site has. Reads only the file system's listing.

use std::path::{Path, PathBuf};

use super::files::{TranslateError, usage};
use super::record;
use super::report::slashed;

/// One page and one of its translations, as paths relative to the site root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRef {
    /// `content/article/index.md`
    pub source: PathBuf,
    /// `content/article/index.en.md`
    pub translation: PathBuf,
    pub source_lang: String,
    pub lang: String,
}

impl PageRef {
    /// The translation's record: `content/article/index.en.translation.toml`.
    pub fn record(&self) -> PathBuf {
        record::path_for(&self.translation)
    }

    /// Whether the page has a folder of its own (`name/index.md`), whose
    /// photos and figures are its units.
    pub fn has_folder(&self) -> bool {
        self.source.file_name().is_some_and(|n| n == "index.md")
    }

    pub fn photos(&self) -> PathBuf {
        self.source.with_file_name("photos.toml")
    }

    pub fn figures(&self) -> PathBuf {
        self.source.with_file_name("figures.toml")
    }

    /// What the editor types for this page: its slug or content path.
    pub fn name(&self) -> String {
        let rel = self.source.strip_prefix("content").unwrap_or(&self.source);
        let rel = slashed(rel);
        let name = rel.strip_suffix("/index.md").or_else(|| rel.strip_suffix(".md"));
        name.unwrap_or(&rel).to_string()
    }
}

/// The languages of the site: the default one first.
#[derive(Debug, Clone)]
pub struct Languages {
    pub default: String,
    pub all: Vec<String>,
}

impl Languages {
    pub fn load(root: &Path) -> Result<Languages, TranslateError> {
        let config = crate::config::Config::load(root).map_err(|e| {
            usage(
                format!("cannot read the site's config.toml: {e}"),
                "run the command in the site's folder, or pass --root",
            )
        })?;
        Ok(Languages {
            default: config.default_language.clone(),
            all: config.languages.iter().map(|l| l.code.clone()).collect(),
        })
    }

    /// The languages a page can be translated into.
    pub fn translations(&self) -> impl Iterator<Item = &String> {
        self.all.iter().filter(|l| **l != self.default)
    }

    fn check(&self, lang: &str) -> Result<(), TranslateError> {
        if self.translations().any(|l| l == lang) {
            return Ok(());
        }
        let others: Vec<&str> = self.translations().map(String::as_str).collect();
        Err(usage(
            format!("`{lang}` is not a language to translate into on this site"),
            format!(
                "config.toml has {} as the default language; translations can be in: {}",
                self.default,
                if others.is_empty() {
                    "none (add a language to config.toml)".into()
                } else {
                    others.join(", ")
                }
            ),
        ))
    }
}

/// Finds a page from what the editor typed. `lang` is the translation's
/// language; a translation's own path (`index.en.md`) gives its language.
pub fn resolve(
    root: &Path,
    page: &str,
    lang: Option<&str>,
    langs: &Languages,
) -> Result<PageRef, TranslateError> {
    let typed = page.trim().trim_end_matches('/').replace('\\', "/");
    let rel = typed.strip_prefix("content/").unwrap_or(&typed).to_string();
    let (source, named_lang) = if let Some(stem) = rel.strip_suffix(".md") {
        match stem.rsplit_once('.').filter(|(_, l)| langs.translations().any(|x| x == l)) {
            Some((base, l)) => (format!("{base}.md"), Some(l.to_string())),
            None => (rel.clone(), None),
        }
    } else if root.join("content").join(&rel).join("index.md").is_file() {
        (format!("{rel}/index.md"), None)
    } else {
        (format!("{rel}.md"), None)
    };
    let source = Path::new("content").join(source);
    if !root.join(&source).is_file() {
        return Err(usage(
            format!("there is no page `{typed}`: `{}` does not exist", slashed(&source)),
            "name a page by its slug (`article` for content/article/index.md) or its path under content/",
        ));
    }
    let lang = match (named_lang, lang) {
        (Some(named), Some(asked)) if named != asked => {
            return Err(usage(
                format!("`{typed}` is the `{named}` translation, not `{asked}`"),
                "drop --lang or name the source page",
            ));
        }
        (Some(l), _) => l,
        (None, Some(l)) => l.to_string(),
        (None, None) => return Err(usage("which language?", "add --lang, e.g. --lang en")),
    };
    langs.check(&lang)?;
    let name = source.file_name().and_then(|n| n.to_str()).unwrap_or("index.md");
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let translation = source.with_file_name(format!("{stem}.{lang}.md"));
    Ok(PageRef { source, translation, source_lang: langs.default.clone(), lang })
}

/// Every existing translation: of one page, or of every page of the site.
pub fn translations(
    root: &Path,
    page: Option<&str>,
    langs: &Languages,
) -> Result<Vec<PageRef>, TranslateError> {
    if let Some(page) = page {
        let typed_lang = langs.translations().find(|l| page.ends_with(&format!(".{l}.md")));
        if let Some(l) = typed_lang {
            return Ok(vec![resolve(root, page, Some(l), langs)?]);
        }
        let mut out = Vec::new();
        for l in langs.translations() {
            let r = resolve(root, page, Some(l), langs)?;
            if root.join(&r.translation).is_file() {
                out.push(r);
            }
        }
        return Ok(out);
    }
    let mut out = Vec::new();
    let content = root.join("content");
    let walk = walkdir::WalkDir::new(&content).sort_by_file_name().into_iter().filter_entry(|e| {
        let name = e.file_name().to_str().unwrap_or("");
        e.depth() == 0 || !(name.starts_with('.') || (e.depth() == 1 && name == "source"))
    });
    for entry in walk.flatten().filter(|e| e.file_type().is_file()) {
        let Ok(rel) = entry.path().strip_prefix(root) else { continue };
        let Some(name) = rel.to_str() else { continue };
        for l in langs.translations() {
            if name.ends_with(&format!(".{l}.md"))
                && let Ok(r) = resolve(root, name, Some(l), langs)
            {
                out.push(r);
            }
        }
    }
    Ok(out)
}
