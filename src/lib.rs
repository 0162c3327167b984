//! broadsheet: a static microsite generator for bilingual newspaper articles.
//!
//! The codemap, in the order data flows:
//!
//! - [`fs`]: every text file read the same way (size limit, UTF-8, BOM, CRLF)
//! - [`config`]: `config.toml` → [`config::Config`], and the site's [`config::Lang`]s
//! - [`content`]: `content/` → sources (front matter split and parsed, language
//!   from the file name), assets and data files
//! - [`figures`], [`photos`]: the key-figures and photo data; quote plans, SVG charts
//! - [`markdown`]: one page's Markdown → outline, and later HTML; a pass per feature
//! - [`site`]: the model, by a recipe of steps: publish, outline, links, sections
//! - [`check`]: the editor's checks over the model, and the order findings are shown in
//! - [`templates`]: the theme read: template sources, UI strings, static files
//! - [`share`]: what a page is when it travels: share cards (drawn, cached),
//!   Open Graph tags, JSON-LD, the Atom feed of each language; [`dates`] for readers
//! - [`render`]: the engine made from theme and model; every page rendered in parallel
//! - [`assets`]: static files, content assets, resized photos (cached)
//! - [`minify`]: templates minified once, Markdown HTML as it is made, stylesheets
//! - [`output`]: where files go: a staging folder swapped in atomically, memory, nowhere
//! - [`incremental`]: what each page depends on, to re-render only what changed
//! - [`cache`]: the build cache, so `build` renders only what changed since the last,
//!   and the memos (clean translations, clean outlines) that spare loading work
//! - [`serve`], [`watch`]: the live preview: rebuild on save, HTTP, reload
//! - [`import`]: raw newspaper text → article → Markdown
//! - [`error`], [`text`]: the diagnostics type; CJK classes, slugs, hashing, escaping
//!
//! The library never prints; `main.rs` does.

#![allow(
    clippy::result_large_err,
    reason = "a Diagnostic is made only on the error path; boxing it would buy nothing"
)]

pub mod assets;
pub mod cache;
pub mod check;
pub mod config;
pub mod content;
pub mod dates;
pub mod error;
pub mod figures;
pub mod fs;
pub mod import;
pub mod incremental;
pub mod markdown;
pub mod minify;
pub mod output;
pub mod photos;
pub mod reimport;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod share;
pub mod site;
pub mod templates;
pub mod text;
pub mod translate;
pub mod watch;

mod guard;

use std::path::PathBuf;
use std::time::Instant;

pub use error::{Code, Diagnostic, Error, Result, Severity};

use config::Config;
use output::Sink;
use render::Renderer;

/// What `build` and `check` are asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder (holds `config.toml`, `content/`, `templates/`).
    pub root: PathBuf,
    /// Overrides `output_dir` from the config; relative paths are taken from the
    /// current directory.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    /// Serves the site from this origin (`http://127.0.0.1:1111`), keeping the
    /// config's base path: what `serve` builds for.
    pub origin: Option<String>,
    pub drafts: bool,
    /// What becomes of a translation that still holds untranslated slots.
    pub partial: site::Partial,
    /// `build` keeps what the last build wrote of the pages that did not change
    /// (see [`cache`]); off, it renders everything and drops the record.
    pub cache: bool,
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
    /// Pages rendered this time; the rest were kept from the last build.
    pub rendered: usize,
    /// Pages per language, in language order.
    pub per_language: Vec<(String, usize)>,
    pub output: PathBuf,
    pub millis: u128,
    /// Warnings and information that did not stop the build.
    pub notes: Vec<Diagnostic>,
}

/// The model of a site and the engine to render it, with every finding so far.
pub struct Loaded {
    pub root: PathBuf,
    pub site: site::Site,
    pub renderer: Renderer,
}

/// Reads and models the site: config, content, data, templates, Markdown.
/// Returns the model and every finding (errors included) without rendering.
/// With `opts.cache`, takes what it can from the memos of the last build, read
/// while the content is.
pub fn load(opts: &BuildOptions) -> Result<(Loaded, Vec<Diagnostic>)> {
    let ((known, mut findings), read) = rayon::join(
        || if opts.cache { cache::read_memos(&opts.root) } else { Default::default() },
        || read(opts, content::Known::new()),
    );
    let (config, content, found) = read?;
    findings.extend(found);
    model(opts, config, content, findings, opts.cache.then_some(&known))
}

/// [`load`], taking from `known` what an earlier build worked out. Its
/// sources are moved into the new model; the rest stays.
pub fn load_knowing(
    opts: &BuildOptions,
    known: &mut site::Memos,
) -> Result<(Loaded, Vec<Diagnostic>)> {
    let (config, content, findings) = read(opts, std::mem::take(&mut known.sources))?;
    model(opts, config, content, findings, Some(known))
}

/// The config and the content folder, read but for the sources `known` holds.
fn read(
    opts: &BuildOptions,
    known: content::Known,
) -> Result<(Config, content::Content, Vec<Diagnostic>)> {
    let config = load_config(opts)?;
    let (content, findings) = content::load(&opts.root, &config, known)?;
    Ok((config, content, findings))
}

/// The site modelled from what was read, and the engine to render it.
fn model(
    opts: &BuildOptions,
    config: Config,
    content: content::Content,
    mut findings: Vec<Diagnostic>,
    known: Option<&site::Memos>,
) -> Result<(Loaded, Vec<Diagnostic>)> {
    let (mut templates, found) = templates::load(&opts.root, &config, known.map(|k| &k.theme))?;
    findings.extend(found);
    let (figures, found) = figures::from_content(&content, &config);
    findings.extend(found);
    let (photos, found) = photos::load(&content, &config);
    findings.extend(found);
    let pending_pages = templates.contains(site::articles::PENDING_TEMPLATE);
    let partial = opts.partial;
    let publish = site::Publish { drafts: opts.drafts, pending_pages, partial };
    let (mut site, found) = site::build(config, content, figures, photos, publish, known);
    site.memos.theme = std::mem::take(&mut templates.memo);
    findings.extend(found);
    findings.extend(check::site(&site));
    // Cards are drawn (and cached) only for a site that will be written.
    let (cards, found) = if findings.iter().any(Diagnostic::is_error) {
        Default::default()
    } else {
        share::cards::prepare(&site, &opts.root)
    };
    findings.extend(found);
    let (renderer, found) = Renderer::new(templates, &site, cards)?;
    findings.extend(found);
    Ok((Loaded { root: opts.root.clone(), site, renderer }, findings))
}

/// The config, with the base URL the options ask for.
fn load_config(opts: &BuildOptions) -> Result<Config> {
    let mut config = Config::load(&opts.root)?;
    if let Some(url) = &opts.base_url {
        config.set_base_url(url)?;
    }
    if let Some(origin) = &opts.origin {
        let url = format!("{}{}", origin.trim_end_matches('/'), config.base_path);
        config.set_base_url(&url)?;
    }
    Ok(config)
}

/// Builds the site into its output folder, atomically: on any error nothing is
/// written and the previous output stays as it was. With `opts.cache`, pages
/// that did not change since the last build are kept, not rendered.
pub fn build(opts: &BuildOptions) -> Result<Summary> {
    let start = Instant::now();
    let (loaded, mut findings) = load(opts)?;
    stop_on_errors(&findings)?;
    let output = output_dir(opts, &loaded.site.config);
    guard::output(&opts.root, &output)?;
    let mut staging = output::Staging::create(&output)?;
    let (rendered, record) = if opts.cache {
        let (rendered, record, found) = write_cached(&loaded, opts, &output, &mut staging)?;
        findings.extend(found);
        (rendered, record)
    } else {
        findings.extend(cache::remove(&opts.root));
        (write_site(&loaded, &staging)?, None)
    };
    // The memos describe the content, not the output: they are saved while the
    // new site is swapped in, whether or not that succeeds.
    let memos = opts.cache.then_some(&loaded.site.memos);
    let (committed, saved) = rayon::join(
        || staging.commit(),
        || memos.map(|m| cache::write_memos(&opts.root, m)).unwrap_or_default(),
    );
    committed?;
    findings.extend(saved);
    if let Some(record) = record {
        findings.extend(cache::write(&opts.root, &record));
    }
    let summary = Summary {
        pages: loaded.site.pages.len(),
        rendered,
        per_language: check::per_language(&loaded.site),
        output,
        millis: start.elapsed().as_millis(),
        notes: findings,
    };
    // Freeing a large site's model takes a tenth of a cached build: the caller
    // need not wait for it (a process that exits first leaves it to the system).
    std::thread::spawn(move || drop(loaded));
    Ok(summary)
}

/// Writes the site into `staging`, keeping from `output` what the build cache
/// shows unchanged. Returns how many pages were rendered, the record to save
/// once the staging folder is committed, and the cache's warnings.
fn write_cached(
    loaded: &Loaded,
    opts: &BuildOptions,
    output: &std::path::Path,
    staging: &mut output::Staging,
) -> Result<(usize, Option<cache::Record>, Vec<Diagnostic>)> {
    let cards: Vec<(&str, usize)> =
        loaded.renderer.cards().files().iter().map(|c| (c.rel.as_str(), c.bytes.len())).collect();
    let options = format!("{:?}", (&opts.base_url, &opts.origin, opts.drafts, opts.partial));
    let key = cache::key(&options, &cards, output);
    let (last, mut found) = cache::read(&opts.root, &key);
    let now = incremental::fingerprints(&loaded.site, loaded.renderer.templates());
    let mut plan =
        last.as_ref().map(|r| cache::plan(r, &now, output, staging.dir())).unwrap_or_default();
    if let Some(files) = plan.staged_files.take() {
        staging.held(files);
    }
    // From here the recycled tree changes: a build that stops before its record is
    // saved must leave none that still describes it.
    found.extend(cache::remove(&opts.root));
    let kept: std::collections::HashSet<&str> = {
        use rayon::prelude::*;
        plan.unchanged
            .par_iter()
            .filter(|rel| {
                staging.keep(&format!("{rel}index.html"), output, plan.in_staging.contains(*rel))
            })
            .map(String::as_str)
            .collect()
    };
    let site_wide = !plan.shared_same;
    let wanted = |page: &site::Page| !kept.contains(page.rel.as_str());
    let problems = render_into(loaded, staging, &wanted, site_wide);
    stop_on_errors(&problems)?;
    // A feed none of whose articles changed is not rendered, nor the sitemap when
    // no page changed what it shows of itself: they are kept, or, when the output
    // has lost one, the whole site is rendered.
    let feeds = loaded.renderer.feed_paths().filter(|f| !staging.wrote(f));
    let site_files = render::SITE_WIDE.into_iter().filter(|_| !site_wide);
    let unwritten: Vec<&str> = feeds.chain(site_files).collect();
    if !unwritten.iter().all(|f| staging.keep(f, output, false)) {
        return Ok((write_site(loaded, staging)?, None, found));
    }
    let rendered = loaded.site.pages.len() - kept.len();
    Ok((rendered, cache::record(key, now, last, output, staging), found))
}

/// Renders into any sink (memory for `serve`, nothing for `check`).
pub fn write_site(loaded: &Loaded, sink: &dyn Sink) -> Result<usize> {
    let problems = render_into(loaded, sink, &|_| true, true);
    stop_on_errors(&problems)?;
    Ok(loaded.site.pages.len())
}

/// Everything wrong with the site, in one pass: loads, models and renders
/// without writing.
pub fn check(opts: &BuildOptions) -> Vec<Diagnostic> {
    let (loaded, mut findings) = match load(opts) {
        Ok(x) => x,
        Err(e) => return e.diagnostics(),
    };
    findings.extend(render_into(&loaded, &output::Discard, &|_| true, true));
    findings.extend(check::summary(&loaded.site));
    check::sorted(findings)
}

/// Renders only the pages whose inputs changed since `previous` (all of them
/// when something every page shows changed). Returns how many pages were
/// rendered and the new fingerprints; pages not rendered are left for the
/// caller to keep from its previous build.
pub fn write_changed(
    loaded: &Loaded,
    sink: &dyn Sink,
    previous: Option<&incremental::Fingerprints>,
) -> Result<(usize, incremental::Fingerprints)> {
    let now = incremental::fingerprints(&loaded.site, loaded.renderer.templates());
    let previous = previous.filter(|p| p.shared == now.shared);
    let changed = |rel: &str| previous.is_none_or(|p| p.pages.get(rel) != now.pages.get(rel));
    let problems = render_into(loaded, sink, &|page| changed(&page.rel), previous.is_none());
    stop_on_errors(&problems)?;
    let rendered = loaded.site.pages.iter().filter(|p| changed(&p.rel)).count();
    Ok((rendered, now))
}

/// A build kept in memory, as `serve` serves it.
pub struct InMemory {
    /// Site-relative path → bytes, of what was rendered this time.
    pub files: std::collections::BTreeMap<String, Vec<u8>>,
    /// Output paths of the pages and feeds not rendered again: their bytes
    /// are those of the previous build.
    pub unchanged: Vec<String>,
    pub fingerprints: incremental::Fingerprints,
    pub pages: usize,
    /// Warnings and information that did not stop the build.
    pub notes: Vec<Diagnostic>,
    pub config: Config,
    /// Each stylesheet's name under `templates/static/` and its hashed output.
    pub styles: Vec<(String, String)>,
    /// What the next build need not work out again.
    pub memos: site::Memos,
}

/// Builds into memory, rendering only what changed since the build that
/// `previous` describes; the same recipe and error stop as [`build`].
pub fn build_in_memory(
    opts: &BuildOptions,
    previous: Option<&incremental::Fingerprints>,
) -> Result<InMemory> {
    build_in_memory_knowing(opts, previous, &mut site::Memos::default())
}

/// [`build_in_memory`], taking from `known` (the memos of the build before)
/// what need not be worked out again; its sources are moved into the build.
pub fn build_in_memory_knowing(
    opts: &BuildOptions,
    previous: Option<&incremental::Fingerprints>,
    known: &mut site::Memos,
) -> Result<InMemory> {
    let (loaded, notes) = load_knowing(opts, known)?;
    stop_on_errors(&notes)?;
    let memory = output::Memory::default();
    let (_, fingerprints) = write_changed(&loaded, &memory, previous)?;
    let files = memory.files.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    let unchanged = loaded
        .site
        .pages
        .iter()
        .map(|p| format!("{}index.html", p.rel))
        .chain(loaded.renderer.feed_paths().map(str::to_string))
        .chain(render::SITE_WIDE.map(str::to_string))
        .filter(|k| !files.contains_key(k))
        .collect();
    let styles = loaded
        .renderer
        .templates()
        .statics
        .iter()
        .filter(|s| s.name.ends_with(".css"))
        .map(|s| (s.name.clone(), s.out.clone()))
        .collect();
    let pages = loaded.site.pages.len();
    let (config, mut memos) = (loaded.site.config, loaded.site.memos);
    // The sources as read, for a rebuild that knows which files changed since.
    let read = loaded.site.pages.into_iter().filter(|p| !p.status.is_made());
    let by_path = read.filter_map(|p| Some((p.source.path.to_str()?.to_string(), p.source)));
    memos.sources = content::Known::with_capacity(pages);
    memos.sources.extend(by_path);
    Ok(InMemory { files, unchanged, fingerprints, pages, notes, config, styles, memos })
}

/// Renders the pages `wanted` picks, and every asset, into a sink.
fn render_into(
    loaded: &Loaded,
    sink: &dyn Sink,
    wanted: &(dyn Fn(&site::Page) -> bool + Sync),
    site_wide: bool,
) -> Vec<Diagnostic> {
    let mut problems = loaded.renderer.render_pages(&loaded.site, sink, wanted, site_wide);
    problems.extend(assets::write(&loaded.site, loaded.renderer.templates(), &loaded.root, sink));
    problems
}

fn stop_on_errors(findings: &[Diagnostic]) -> Result<()> {
    let errors: Vec<Diagnostic> = findings.iter().filter(|d| d.is_error()).cloned().collect();
    if errors.is_empty() { Ok(()) } else { Err(Error::Site(errors)) }
}

/// Imports a raw extraction into the site (`broadsheet import`): the article's
/// page and photo list, and, for an article in the default language that has
/// none yet, its key figures drafted from the text (`reviewed = false`).
///
/// Onto an article imported before (its import base kept in
/// `content/source/<slug>.base/`), the new text is merged with the editors'
/// work, `decide` settling units both changed ([`reimport`]); with
/// `opts.force` the article is replaced and the editors' files backed up.
pub fn import_article(opts: &import::ImportOptions) -> Result<import::ImportReport> {
    import_article_deciding(opts, translate::merge::Decide::Ask)
}

/// [`import_article`], with who wins a unit both the correction and an editor changed.
pub fn import_article_deciding(
    opts: &import::ImportOptions,
    decide: translate::merge::Decide,
) -> Result<import::ImportReport> {
    if !opts.force && reimport::can_merge(opts) {
        return reimport::run(opts, decide);
    }
    let backup = if opts.force { reimport::back_up(opts)? } else { None };
    let mut report = import::run(opts)?;
    if opts.lang == opts.default_lang {
        let path = opts.root.join("content").join(&opts.slug).join("figures.toml");
        if !path.exists() {
            let drafts = figures::draft::draft(&report.article);
            let text = figures::draft::to_toml(&drafts, &opts.default_lang);
            std::fs::write(&path, text).map_err(|e| error::io_error("write", &path, &e))?;
            report.written.push(path);
        }
    }
    let kept = reimport::keep_base(opts, &report.written)?;
    report.written.extend(backup.into_iter().chain(kept));
    Ok(report)
}

/// The output folder: `--output`, else the config's `output_dir` under the root.
pub fn output_dir(opts: &BuildOptions, config: &Config) -> PathBuf {
    opts.output.clone().unwrap_or_else(|| opts.root.join(&config.output_dir))
}
