//! The `broadsheet` command: parses the command line, calls the library, prints
//! what happened and sets the exit code (0 ok, 1 site errors, 2 usage).

use std::path::PathBuf;
use std::process::ExitCode;

use broadsheet::translate::merge::Decide;
use broadsheet::{BuildOptions, Diagnostic, Severity};
use clap::{Args, Parser, Subcommand, ValueEnum};
use toml::value::Datetime;

// A build allocates and frees many small strings per page from both cores;
// glibc's allocator spent about a fifth of the build in malloc and free.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The allocator asks the kernel for transparent huge pages, and the first touch
/// of each zeroes 2 MiB: a third of a small site's build went to that, and large
/// builds were no faster for it. Turned off for this process.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: prctl(PR_SET_THP_DISABLE) takes plain integers and touches no memory
    // of ours; a kernel without it returns an error, which changes nothing.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

// mimalloc's own call for its options (mimalloc.h), linked with the allocator.
unsafe extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// `mi_option_purge_delay` in mimalloc v3's `mi_option_t`.
const PURGE_DELAY: std::ffi::c_int = 15;

/// The allocator hands freed pages back to the system only 10 ms after they
/// empty, and commits its arenas ahead of use; a build frees and allocates in
/// waves, so its peak memory was higher for it (47 against 45 MB at 2,004
/// pages). Give back after 1 ms, and commit arenas made from here on when used
/// (the first is made before `main`). At once (0 ms) kept 1 MB less but cost a
/// fifth of the build's time: every page freed is a system call and a TLB
/// flush on every core. The arena number is `mi_option_arena_eager_commit` in
/// mimalloc v3's `mi_option_t`.
fn lean_allocator() {
    const ARENA_EAGER_COMMIT: std::ffi::c_int = 4;
    // SAFETY: mi_option_set stores an integer in the allocator's option table;
    // an option it does not know is ignored.
    unsafe {
        mi_option_set(ARENA_EAGER_COMMIT, 0);
        mi_option_set(PURGE_DELAY, 1);
    }
}

/// `serve` rebuilds in waves of the same size, one per save: pages handed back
/// after each would be faulted in again, zeroed, by the next (a fifth of a
/// 20,004-page rebuild). It keeps what it freed for the next rebuild instead;
/// its memory stays at its largest rebuild's, as a long-running server's does.
fn keep_freed_memory() {
    // SAFETY: as in `lean_allocator`; a negative delay means never purge.
    unsafe { mi_option_set(PURGE_DELAY, -1) }
}

#[derive(Parser)]
#[command(
    name = "broadsheet",
    version,
    about = "Builds a bilingual newspaper microsite from Markdown"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into public/ (atomically: a failed build changes nothing)
    Build {
        /// The site folder (holds config.toml, content/, templates/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site (default: output_dir from config.toml)
        #[arg(long)]
        output: Option<PathBuf>,
        /// Publish under another base URL, e.g. https://user.github.io/repo/
        #[arg(long)]
        base_url: Option<String>,
        /// Include pages marked `draft = true`
        #[arg(long)]
        drafts: bool,
        /// Render every page, keeping nothing of the last build (and dropping
        /// its record, .broadsheet/build.bin)
        #[arg(long)]
        no_cache: bool,
    },
    /// Report every problem in the site without writing anything
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
    },
    /// Preview the site: build into memory, serve it, rebuild and reload on every save
    Serve {
        /// The site folder (holds config.toml, content/, templates/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on (the next free one is taken if it is busy)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on; keep the default for a local preview
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the browser
        #[arg(long)]
        open: bool,
    },
    /// Create a complete site in a new folder, from a raw extraction (or a sample article)
    New {
        /// The folder to create (new, or empty)
        dir: PathBuf,
        /// The raw .txt extraction of the article (default: a sample article)
        #[arg(long)]
        from: Option<PathBuf>,
        /// The article's folder under content/
        #[arg(long, default_value = "article")]
        slug: String,
        /// The article's first publication (YYYY-MM-DD), written as its `date`
        #[arg(long, value_parser = parse_date)]
        date: Option<Datetime>,
    },
    /// Turn a raw newspaper text extraction into a Markdown article
    Import(ImportArgs),
    /// Keep translations in step with their source, unit by unit
    Translate {
        #[command(subcommand)]
        command: TranslateCommand,
    },
}

#[derive(Args)]
struct ImportArgs {
    /// The raw .txt extraction
    raw: PathBuf,
    /// The article's folder under content/
    #[arg(long, default_value = "article")]
    slug: String,
    /// The language of the text (writes index.md for the default language)
    #[arg(long, default_value = "zh")]
    lang: String,
    /// The article's first publication (YYYY-MM-DD), written as its `date`
    #[arg(long, value_parser = parse_date)]
    date: Option<Datetime>,
    /// Print the article's structure as JSON instead of writing files
    #[arg(long)]
    json: bool,
    /// Print to stderr, per display line and paragraph end, the evidence used
    #[arg(long)]
    explain: bool,
    /// Replace an existing article instead of merging onto it (the editors'
    /// files are kept in content/source/<slug>.backup-N/)
    #[arg(long, conflicts_with_all = ["ours", "theirs"])]
    force: bool,
    /// Merging a corrected text: keep the edit where both changed a unit
    #[arg(long, conflicts_with = "theirs")]
    ours: bool,
    /// Merging a corrected text: take the import where both changed a unit
    #[arg(long)]
    theirs: bool,
    /// The site folder
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

impl ImportArgs {
    /// Who wins a unit both a corrected import and an editor changed.
    fn decide(&self) -> Decide {
        match (self.ours, self.theirs) {
            (true, _) => Decide::Ours,
            (_, true) => Decide::Theirs,
            _ => Decide::Ask,
        }
    }
}

#[derive(Subcommand)]
enum TranslateCommand {
    /// Write the translation as a skeleton: the page's structure, every slot marked untranslated
    Start {
        /// The page: its slug (`article`) or its path under content/ (`article/index.md`)
        page: String,
        /// The translation's language (default: the site's one language besides the default)
        #[arg(long)]
        lang: Option<String>,
        /// Replace an existing translation with a fresh skeleton
        #[arg(long)]
        force: bool,
        /// The site folder
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Show per page which units are translated, stale (with what changed) or missing
    Status {
        /// One page (default: every page that has a translation)
        page: Option<String>,
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// The site folder
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Record the current source as what the current translation was made from
    Accept {
        /// The page: its slug or its path under content/
        page: String,
        /// Only this unit (its number in `translate status`)
        #[arg(long)]
        unit: Option<usize>,
        /// Only this language (default: every translation of the page)
        #[arg(long)]
        lang: Option<String>,
        /// The site folder
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

fn main() -> ExitCode {
    no_huge_pages();
    lean_allocator();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(2) } else { ExitCode::SUCCESS };
        }
    };
    match cli.command {
        Command::Build { root, output, base_url, drafts, no_cache } => {
            let cache = !no_cache;
            let opts =
                BuildOptions { root, output, base_url, drafts, cache, ..BuildOptions::default() };
            match broadsheet::build(&opts) {
                Ok(summary) => {
                    let warnings =
                        summary.notes.iter().filter(|d| d.severity == Severity::Warning).count();
                    for d in summary.notes.iter().filter(|d| d.severity == Severity::Warning) {
                        eprintln!("{d}");
                    }
                    let mut langs: Vec<String> =
                        summary.per_language.iter().map(|(l, n)| format!("{l} {n}")).collect();
                    if summary.rendered < summary.pages {
                        let kept = summary.pages - summary.rendered;
                        langs.push(format!("{} rendered, {kept} unchanged", summary.rendered));
                    }
                    println!(
                        "built {} pages ({}) in {} ms → {}{}",
                        summary.pages,
                        langs.join(", "),
                        summary.millis,
                        summary.output.display(),
                        if warnings > 0 {
                            format!(" ({warnings} warnings; run `broadsheet check`)")
                        } else {
                            String::new()
                        }
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Check { root, format } => {
            let findings = broadsheet::check(&BuildOptions::new(root));
            match format {
                Format::Json => {
                    println!("{}", serde_json::to_string_pretty(&findings).unwrap_or_default())
                }
                Format::Human => print_human(&findings),
            }
            if findings.iter().any(Diagnostic::is_error) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Serve { root, port, bind, open } => {
            keep_freed_memory();
            let opts = broadsheet::serve::ServeOptions { root, port, bind, open };
            let print = |n: &broadsheet::serve::Notice| {
                if n.is_problem() { eprintln!("{n}") } else { println!("{n}") }
            };
            match broadsheet::serve::serve(opts, print) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("{e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Import(args) => import(args),
        Command::New { dir, from, slug, date } => {
            new(broadsheet::scaffold::NewOptions { dir, from, slug, date })
        }
        Command::Translate { command } => translate(command),
    }
}

fn print_human(findings: &[Diagnostic]) {
    for d in findings {
        println!("{d}");
    }
    let count = |s: Severity| findings.iter().filter(|d| d.severity == s).count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    println!(
        "{}, {}",
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning")
    );
}

/// `import --explain`: the evidence behind each display line and paragraph end, on
/// stderr, so that `--json` on stdout stays clean. An unreadable or refused file
/// prints nothing here: the import itself reports why.
fn explain_import(raw: &std::path::Path) {
    let Ok(text) = broadsheet::fs::read_text(raw, raw) else { return };
    if let Ok((_, notes)) = broadsheet::import::explain(&text) {
        for note in notes {
            eprintln!("{}:{}: {}", raw.display(), note.line, note.text);
        }
    }
}

fn import(args: ImportArgs) -> ExitCode {
    use broadsheet::import;
    let decide = args.decide();
    let ImportArgs { raw, slug, lang, date, json, explain, force, root, .. } = args;
    if explain {
        explain_import(&raw);
    }
    if json {
        return match import::parse_file(&raw) {
            Ok(article) => {
                println!("{}", import::to_json(&article));
                ExitCode::SUCCESS
            }
            Err(e) => fail(&e.into()),
        };
    }
    // The site's default language decides which file is index.md.
    let default_lang = broadsheet::config::Config::load(&root)
        .map(|c| c.default_language)
        .unwrap_or_else(|_| "zh".into());
    let opts = import::ImportOptions { raw, root, slug, lang, default_lang, force, date };
    match broadsheet::import_article_deciding(&opts, decide) {
        Ok(report) => {
            for path in &report.written {
                println!("wrote {}", path.display());
            }
            let paragraphs: usize =
                report.article.sections.iter().map(|s| s.paragraphs.len()).sum();
            println!(
                "imported “{}”: {} sections, {paragraphs} paragraphs, {} captions",
                report.article.title,
                report.article.sections.len(),
                report.article.captions.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e),
    }
}

fn new(opts: broadsheet::scaffold::NewOptions) -> ExitCode {
    match broadsheet::scaffold::new(&opts) {
        Ok(created) => {
            println!(
                "created {} with “{}” ({} files of the article drafted)",
                created.dir.display(),
                created.article.title,
                created.written.len()
            );
            println!("next: cd {} && broadsheet serve", created.dir.display());
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e),
    }
}

/// A `--date`: a day (`2024-02-18`) or a date-time with offset.
fn parse_date(text: &str) -> Result<Datetime, String> {
    let value: Datetime = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a date: write it like 2024-02-18"))?;
    if value.date.is_none() {
        return Err(format!("`{text}` is a time, not a date: write it like 2024-02-18"));
    }
    Ok(value)
}

/// Prints an error, rustc-style, and exits 1.
fn fail(e: &broadsheet::Error) -> ExitCode {
    eprintln!("{e}");
    ExitCode::from(1)
}

fn translate(command: TranslateCommand) -> ExitCode {
    use broadsheet::translate::{self, Overwrite};
    let failed = |e: translate::TranslateError| {
        eprintln!("error: {e}");
        ExitCode::from(1)
    };
    match command {
        TranslateCommand::Start { page, lang, force, root } => {
            let overwrite = if force { Overwrite::Replace } else { Overwrite::Refuse };
            match translate::start(&root, &page, lang.as_deref(), overwrite) {
                Ok(started) => {
                    for path in &started.written {
                        println!("wrote {}", path.display());
                    }
                    println!(
                        "started {}: {} units to translate; `broadsheet translate status {page}` shows progress",
                        started.page.translation.display(),
                        started.units
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => failed(e),
            }
        }
        TranslateCommand::Status { page, format, root } => {
            match translate::status_of(&root, page.as_deref()) {
                Ok(pages) => {
                    use std::io::Write;
                    // A closed pipe (`| head`) ends the listing quietly.
                    let mut out = std::io::stdout().lock();
                    let _ = match format {
                        Format::Json => writeln!(out, "{}", translate::report::to_json(&pages)),
                        Format::Human if pages.is_empty() => {
                            writeln!(out, "no page has a translation")
                        }
                        Format::Human => pages.iter().try_for_each(|p| write!(out, "{p}")),
                    };
                    ExitCode::SUCCESS
                }
                Err(e) => failed(e),
            }
        }
        TranslateCommand::Accept { page, unit, lang, root } => {
            match translate::accept(&root, &page, lang.as_deref(), unit) {
                Ok(done) => {
                    for a in &done {
                        println!(
                            "recorded {} units of {} (stale: {} → {})",
                            a.recorded,
                            a.page.translation.display(),
                            a.stale_before,
                            a.stale_after
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => failed(e),
            }
        }
    }
}
