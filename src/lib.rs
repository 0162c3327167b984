//! broadsheet: a static microsite generator for bilingual newspaper articles.
//!
//! The codemap, in the order data flows:
//!
//! - [`config`]: `config.toml` → [`config::Config`]
//! - [`content`]: `content/` → sources (front matter split and parsed, language
//!   from the file name), assets and data files
//! - [`figures`], [`photos`]: the key-figures and photo data, with SVG charts
//! - [`markdown`]: one page's Markdown → HTML, each feature a pass over events
//! - [`site`]: the model: pages per language, URLs, translations, links resolved
//! - [`templates`]: Tera loaded once, UI strings, static assets
//! - [`render`]: every page through its template, in parallel, into a [`output::Sink`]
//! - [`minify`]: minify-html over pages and stylesheets
//! - [`output`]: the staging folder swapped in atomically
//! - [`import`]: raw newspaper text → article → Markdown
//! - [`error`]: the one diagnostics type shared by `build` and `check`
//!
//! The library never prints; `main.rs` does.

#![allow(
    clippy::result_large_err,
    reason = "a Diagnostic is made only on the error path; boxing it would buy nothing"
)]

pub mod config;
pub mod content;
pub mod error;
pub mod figures;
pub mod import;
pub mod markdown;
pub mod minify;
pub mod output;
pub mod photos;
pub mod render;
pub mod serve;
pub mod site;
pub mod templates;
pub mod text;
pub mod translate;
pub mod watch;

use std::path::{Path, PathBuf};
use std::time::Instant;

pub use error::{Diagnostic, Error, Result, Severity};

use config::Config;
use output::Sink;

/// What `build` and `check` are asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder (holds `config.toml`, `content/`, `templates/`).
    pub root: PathBuf,
    /// Overrides `output_dir` from the config; relative paths are taken from the
    /// current directory.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into(), ..Self::default() }
    }

    pub fn output(mut self, dir: impl Into<PathBuf>) -> Self {
        self.output = Some(dir.into());
        self
    }
}

/// What a finished build reports.
#[derive(Debug, Clone)]
pub struct Summary {
    pub pages: usize,
    /// Pages per language, in language order.
    pub per_language: Vec<(String, usize)>,
    pub output: PathBuf,
    pub millis: u128,
    /// Warnings and information that did not stop the build.
    pub notes: Vec<Diagnostic>,
}

/// The model and templates of a site, ready to render, with every finding so far.
pub struct Loaded {
    pub site: site::Site,
    pub templates: templates::Templates,
}

/// Reads and models the site: config, content, data, templates, Markdown.
/// Returns the model and every finding (errors included) without rendering.
pub fn load(opts: &BuildOptions) -> Result<(Loaded, Vec<Diagnostic>)> {
    let mut config = Config::load(&opts.root)?;
    if let Some(url) = &opts.base_url {
        config.set_base_url(url)?;
    }
    let (content, mut findings) = content::load(&opts.root, &config)?;
    let mut templates = templates::load(&opts.root, &config)?;
    let languages: Vec<String> = config.languages.iter().map(|l| l.code.clone()).collect();
    findings.append(&mut templates.diagnostics);

    let mut figures = None;
    if let Some((_, text)) = content.data.iter().find(|(p, _)| p == Path::new("figures.toml")) {
        let (f, d) = figures::load(text, &languages);
        figures = f;
        findings.extend(d);
    }
    let (photos, d) = photos::load(&content, &languages);
    findings.extend(d);

    let cfg = config.clone();
    let photo_html = |p: &photos::Photo, lang: &str| render::photo_html(&templates, &cfg, p, lang);
    let site = site::build(
        config,
        content,
        figures,
        photos,
        &photo_html,
        site::Publish { drafts: opts.drafts },
    );
    let mut site = site;
    findings.append(&mut site.diagnostics);
    render::register_site_functions(&mut templates, &site);
    Ok((Loaded { site, templates }, findings))
}

/// Builds the site into its output folder, atomically: on any error nothing is
/// written and the previous output stays as it was.
pub fn build(opts: &BuildOptions) -> Result<Summary> {
    let start = Instant::now();
    let (loaded, findings) = load(opts)?;
    stop_on_errors(&findings)?;
    let output = output_dir(opts, &loaded.site.config);
    guard_output(&opts.root, &output)?;
    let staging = output::Staging::create(&output)?;
    let pages = write_site(&loaded, &staging)?;
    staging.commit()?;
    Ok(Summary {
        pages,
        per_language: per_language(&loaded.site),
        output,
        millis: start.elapsed().as_millis(),
        notes: findings,
    })
}

/// Renders into any sink (memory for `serve`, nothing for `check`).
pub fn write_site(loaded: &Loaded, sink: &dyn Sink) -> Result<usize> {
    let (pages, problems) = render_into(loaded, sink);
    stop_on_errors(&problems)?;
    Ok(pages)
}

/// Everything wrong with the site, in one pass: loads, models and renders
/// without writing.
pub fn check(opts: &BuildOptions) -> Vec<Diagnostic> {
    let (loaded, mut findings) = match load(opts) {
        Ok(x) => x,
        Err(e) => return e.diagnostics(),
    };
    let (_, problems) = render_into(&loaded, &output::Discard);
    findings.extend(problems);
    let pending: Vec<&photos::Photo> =
        loaded.site.photos.iter().filter(|p| p.file.is_none()).collect();
    for p in &pending {
        findings.push(
            Diagnostic::info(
                "photo-pending",
                format!("photo `{}` is pending: a placeholder is shown", p.id),
            )
            .in_file(&p.origin.0)
            .at_line(p.origin.1, 1)
            .with_help(format!(
                "add `content/{}{}photos/{}.jpg` (or .png, .webp) to publish it",
                p.dir,
                if p.dir.is_empty() { "" } else { "/" },
                p.id
            )),
        );
    }
    for (lang, n) in per_language(&loaded.site) {
        findings.push(Diagnostic::info("pages", format!("{n} pages in `{lang}`")));
    }
    if let Some(f) = &loaded.site.figures {
        findings.push(Diagnostic::info(
            "figures",
            format!("{} figures, {} charts", f.figures.len(), f.charts.len()),
        ));
    }
    // Grouped by file, in line order; information comes last.
    findings.sort_by(|a, b| {
        let key =
            |d: &Diagnostic| (d.severity == Severity::Info, d.path.clone(), d.line, d.severity);
        key(a).cmp(&key(b))
    });
    findings
}

/// Renders only the pages whose inputs changed since `previous` (all of them
/// when something every page shows changed). Returns how many pages were
/// rendered and the new fingerprints; pages not rendered are left for the
/// caller to keep from its previous build.
pub fn write_changed(
    loaded: &Loaded,
    sink: &dyn Sink,
    previous: Option<&render::Fingerprints>,
) -> Result<(usize, render::Fingerprints)> {
    let now = render::fingerprints(&loaded.site, &loaded.templates);
    let (_, mut problems) = match previous.filter(|p| p.shared == now.shared) {
        Some(prev) => render::render_pages(&loaded.site, &loaded.templates, sink, &|page| {
            prev.pages.get(&page.rel) != now.pages.get(&page.rel)
        }),
        None => render::render_site(&loaded.site, &loaded.templates, sink),
    };
    for d in &mut problems {
        templates::quote_template_line(&loaded.templates.sources, d);
    }
    stop_on_errors(&problems)?;
    let rendered = match previous.filter(|p| p.shared == now.shared) {
        Some(prev) => now.pages.iter().filter(|(rel, h)| prev.pages.get(*rel) != Some(*h)).count(),
        None => now.pages.len(),
    };
    Ok((rendered, now))
}

/// Renders into a sink; template problems get their source line quoted.
fn render_into(loaded: &Loaded, sink: &dyn Sink) -> (usize, Vec<Diagnostic>) {
    let (pages, mut problems) = render::render_site(&loaded.site, &loaded.templates, sink);
    for d in &mut problems {
        templates::quote_template_line(&loaded.templates.sources, d);
    }
    (pages, problems)
}

fn per_language(site: &site::Site) -> Vec<(String, usize)> {
    site.config
        .languages
        .iter()
        .map(|l| (l.code.clone(), site.pages.iter().filter(|p| p.source.lang == l.code).count()))
        .collect()
}

fn stop_on_errors(findings: &[Diagnostic]) -> Result<()> {
    let errors: Vec<Diagnostic> = findings.iter().filter(|d| d.is_error()).cloned().collect();
    if errors.is_empty() { Ok(()) } else { Err(Error::Site(errors)) }
}

/// The output folder: `--output`, else the config's `output_dir` under the root.
pub fn output_dir(opts: &BuildOptions, config: &Config) -> PathBuf {
    opts.output.clone().unwrap_or_else(|| opts.root.join(&config.output_dir))
}

/// Refuses an output folder that would overwrite the site's own sources, also
/// when a symbolic link leads there.
fn guard_output(root: &Path, output: &Path) -> Result<()> {
    let abs = |p: &Path| {
        let p = if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        };
        resolve_links(&normalise(&p))
    };
    let out = abs(output);
    let root = abs(root);
    for protected in ["content", "templates"] {
        let dir = root.join(protected);
        if out.starts_with(&dir) {
            return Err(Error::one(
                Diagnostic::error(
                    "output-dir",
                    format!("the output folder `{}` is inside `{protected}/`", output.display()),
                )
                .with_help(
                    "choose an output folder outside content/ and templates/, like `public`",
                ),
            ));
        }
    }
    if root.starts_with(&out) {
        return Err(Error::one(
            Diagnostic::error(
                "output-dir",
                format!("the output folder `{}` contains the site itself", output.display()),
            )
            .with_help("choose a folder inside the site, like `public`"),
        ));
    }
    Ok(())
}

/// Resolves the symbolic links of the part of `p` that exists; the rest is
/// appended as it is.
fn resolve_links(p: &Path) -> PathBuf {
    let mut existing = p;
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return rest.iter().rev().fold(real, |acc, part| acc.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name);
                existing = parent;
            }
            _ => return p.to_path_buf(),
        }
    }
}

/// Removes `.` and `..` components without touching the file system.
fn normalise(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}
