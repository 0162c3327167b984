//! `broadsheet serve`: the site built into memory, served over HTTP, rebuilt on
//! every save, with open pages reloaded through Server-Sent Events.
//!
//! In: [`ServeOptions`]. Out: [`Notice`]s for the terminal, until Ctrl-C (or
//! [`Server::stop`]); the library never prints, `main.rs` does.
//!
//! Invariants:
//! - Responses come only from the in-memory build (a map of site-relative paths
//!   to bytes). No request path is ever joined onto the file system, so nothing
//!   outside the built site can be read, and `public/` is never written.
//! - A failed rebuild keeps the last good site served; open pages (and pages
//!   opened later) show the errors in an overlay until a rebuild succeeds.
//! - The live-reload script exists only in served responses, never in the build.
//!
//! Shape: one task accepts connections (hyper, with a header-read timeout); each
//! request reads the current site, an `Arc` swapped under a `RwLock`; one task
//! takes the debounced [`watch::Batch`]es and rebuilds on a blocking thread
//! (a stylesheet-only change re-copies the stylesheet without rendering pages);
//! the outcome reaches open pages through a `broadcast` channel as SSE.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::sync::broadcast::{self, error::RecvError};
use tokio::sync::{mpsc, oneshot};

use crate::config::Config;
use crate::error::{Diagnostic, Error, Result};
use crate::output::Memory;
use crate::watch::{self, Batch, Change};
use crate::{BuildOptions, Severity};

/// Where open pages listen for rebuilds. Outside any base path, so one script
/// works for every site.
pub const EVENTS_PATH: &str = "/__broadsheet/events";

/// A client that has not sent its request headers by then is dropped.
const HEADER_TIMEOUT: Duration = Duration::from_secs(5);

/// The longest request path served, in bytes.
const MAX_PATH: usize = 2048;

/// How many ports above the asked-for one are tried when it is taken.
const PORT_TRIES: u16 = 20;

/// What `serve` is asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder (holds `config.toml`, `content/`, `templates/`).
    pub root: PathBuf,
    /// The first port to try; the next free one is taken when it is busy.
    /// 0 lets the system choose.
    pub port: u16,
    pub bind: IpAddr,
    /// Open the site in the desktop's browser once it is served.
    pub open: bool,
}

impl ServeOptions {
    /// Port 1111 on the loopback address, as `broadsheet serve` does by default.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into(), port: 1111, bind: Ipv4Addr::LOCALHOST.into(), open: false }
    }
}

/// Something the terminal should show.
#[derive(Debug, Clone)]
pub enum Notice {
    PortTaken {
        wanted: u16,
        port: u16,
    },
    /// Bound to an address other machines can reach.
    Exposed {
        bind: IpAddr,
    },
    /// Listening; `pages` is `None` when the first build failed.
    Serving {
        url: String,
        pages: Option<usize>,
        warnings: usize,
        millis: u128,
    },
    /// `config.toml` moved the base path: the site has a new address.
    Moved {
        url: String,
    },
    Rebuilt {
        batch: Batch,
        pages: usize,
        millis: u128,
    },
    /// Stylesheets re-copied without rendering pages.
    Restyled {
        batch: Batch,
        urls: Vec<String>,
        millis: u128,
    },
    /// Rebuilt, and the output is byte for byte what was served already.
    Unchanged {
        batch: Batch,
        millis: u128,
    },
    Failed {
        diagnostics: Vec<Diagnostic>,
        millis: u128,
    },
    Stopped,
}

impl Notice {
    /// Whether the notice reports a problem (for stderr rather than stdout).
    pub fn is_problem(&self) -> bool {
        matches!(self, Notice::PortTaken { .. } | Notice::Exposed { .. } | Notice::Failed { .. })
    }
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notice::PortTaken { wanted, port } => {
                write!(f, "port {wanted} is taken; using port {port} instead")
            }
            Notice::Exposed { bind } => write!(
                f,
                "warning: listening on {bind}, which other machines can reach; \
                 `broadsheet serve` is a local preview, not a web server for visitors"
            ),
            Notice::Serving { url, pages, warnings, millis } => {
                match pages {
                    Some(n) => write!(f, "built {n} pages in {millis} ms")?,
                    None => {
                        write!(f, "the site has errors (above); fix them and the page reloads")?
                    }
                }
                if *warnings > 0 {
                    write!(f, " ({warnings} warnings; run `broadsheet check`)")?;
                }
                write!(
                    f,
                    "\nserving {url} (in memory; public/ is not touched)\n\
                     watching content/, templates/ and config.toml; press Ctrl-C to stop"
                )
            }
            Notice::Moved { url } => write!(f, "the base path changed: the site is now at {url}"),
            Notice::Rebuilt { batch, pages, millis } => {
                write!(f, "{}: rebuilt {pages} pages in {millis} ms", changed(batch))
            }
            Notice::Restyled { batch, urls, millis } if urls.is_empty() => {
                write!(f, "{}: stylesheet unchanged ({millis} ms)", changed(batch))
            }
            Notice::Restyled { batch, urls, millis } => {
                write!(f, "{}: new stylesheet {} in {millis} ms", changed(batch), urls.join(", "))
            }
            Notice::Unchanged { batch, millis } => {
                write!(f, "{}: rebuilt in {millis} ms, output unchanged", changed(batch))
            }
            Notice::Failed { diagnostics, millis } => {
                for d in diagnostics {
                    writeln!(f, "{d}")?;
                }
                let n = diagnostics.iter().filter(|d| d.is_error()).count();
                write!(
                    f,
                    "{n} error{} after {millis} ms; still serving the last good build",
                    if n == 1 { "" } else { "s" }
                )
            }
            Notice::Stopped => write!(f, "stopped"),
        }
    }
}

/// `content/a.md changed` or `3 files in templates changed`.
fn changed(batch: &Batch) -> String {
    match batch.paths.as_slice() {
        [] => format!("{} changed", batch.change.label()),
        [one] => format!("{} changed", one.display()),
        [first, rest @ ..] => format!("{} and {} more changed", first.display(), rest.len()),
    }
}

/// Receives the notices; called from the server's threads.
pub type Reporter = Arc<dyn Fn(&Notice) + Send + Sync>;

/// Serves the site until Ctrl-C (or SIGTERM).
pub fn serve(opts: ServeOptions, report: impl Fn(&Notice) + Send + Sync + 'static) -> Result<()> {
    let runtime = runtime()?;
    let result = runtime.block_on(run(opts, Arc::new(report), None, interrupted()));
    // A rebuild still running on a blocking thread is not waited for.
    runtime.shutdown_timeout(Duration::from_secs(1));
    result
}

/// A server running on a background thread (for tests and embedding).
pub struct Server {
    addr: SocketAddr,
    url: String,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<Result<()>>>,
}

impl Server {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The site's home page, with the base path.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Stops serving and watching, and waits for the thread to end.
    pub fn stop(mut self) -> Result<()> {
        self.halt()
    }

    fn halt(&mut self) -> Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.thread.take().map(std::thread::JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(crashed("the server thread")),
            None => Ok(()),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.halt();
    }
}

/// Starts serving on a background thread; returns once the first build is
/// served (or failed: it is then served as an error overlay).
pub fn start(
    opts: ServeOptions,
    report: impl Fn(&Notice) + Send + Sync + 'static,
) -> Result<Server> {
    let (ready_tx, ready_rx) = std::sync::mpsc::channel();
    let (stop_tx, stop_rx) = oneshot::channel::<()>();
    let report: Reporter = Arc::new(report);
    let thread = std::thread::Builder::new()
        .name("broadsheet-serve".into())
        .spawn(move || {
            let runtime = runtime()?;
            let stopped = async {
                let _ = stop_rx.await;
            };
            let result = runtime.block_on(run(opts, report, Some(ready_tx), stopped));
            runtime.shutdown_timeout(Duration::from_secs(1));
            result
        })
        .map_err(|e| serve_error(format!("cannot start the server thread: {e}")))?;
    match ready_rx.recv() {
        Ok((addr, url)) => Ok(Server { addr, url, stop: Some(stop_tx), thread: Some(thread) }),
        // The thread ended before serving: its result says why.
        Err(_) => match thread.join() {
            Ok(Err(e)) => Err(e),
            Ok(Ok(())) => Err(serve_error("the server stopped before it started".into())),
            Err(_) => Err(crashed("the server thread")),
        },
    }
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    // One thread answers requests (from memory, so fast); builds run on
    // blocking threads and use rayon for pages.
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| serve_error(format!("cannot start the async runtime: {e}")))
}

/// Resolves on Ctrl-C or SIGTERM; never when no handler could be installed.
async fn interrupted() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}

type Ready = std::sync::mpsc::Sender<(SocketAddr, String)>;

/// The server: bind, watch, first build, then serve until `shutdown` resolves.
async fn run(
    opts: ServeOptions,
    report: Reporter,
    ready: Option<Ready>,
    shutdown: impl Future<Output = ()>,
) -> Result<()> {
    let root = opts.root.clone();
    if !root.join("config.toml").is_file() {
        return Err(Error::one(
            Diagnostic::error(
                "serve",
                format!("`{}` has no config.toml: it is not a site folder", root.display()),
            )
            .with_help("run `broadsheet serve` in the site's folder or pass --root DIR"),
        ));
    }
    let listener = bind(&opts, &report)?;
    let addr = listener
        .local_addr()
        .map_err(|e| serve_error(format!("cannot read the listening address: {e}")))?;
    if !opts.bind.is_loopback() {
        report(&Notice::Exposed { bind: opts.bind });
    }
    let origin = format!("http://{}", browsable(addr));

    // Watch before the first build, so a save during it is not missed.
    let (batches_tx, batches) = mpsc::unbounded_channel();
    let _watching = watch::watch(&root, move |batch| {
        let _ = batches_tx.send(batch);
    })?;

    let builder = Arc::new(Mutex::new(Builder { root: root.clone(), origin, good: None }));
    let start = Instant::now();
    let first = build_off_thread(&builder, Change::Unknown, Health::Broken).await;
    let millis = start.elapsed().as_millis();
    let shared = Arc::new(Shared::new(lock(&builder).base_path()));
    let (pages, warnings) = match &first {
        Outcome::Built { pages, warnings, .. } => (Some(*pages), *warnings),
        _ => (None, 0),
    };
    // Success is told by `Serving` below; only a failure needs its own notice.
    if let notice @ Notice::Failed { .. } =
        shared.apply(first, Batch { change: Change::Unknown, paths: vec![] }, millis)
    {
        report(&notice);
    }
    let url = format!("{}{}", lock(&builder).origin, shared.current().base_path);
    report(&Notice::Serving { url: url.clone(), pages, warnings, millis });
    if opts.open {
        open_browser(&url);
    }
    let rebuilds = tokio::spawn(rebuild_loop(
        Arc::clone(&shared),
        Arc::clone(&builder),
        batches,
        Arc::clone(&report),
    ));
    if let Some(ready) = ready {
        let _ = ready.send((addr, url));
    }
    accept(listener, router(shared), shutdown).await;
    rebuilds.abort();
    report(&Notice::Stopped);
    Ok(())
}

/// Binds the asked-for port, or the next free one above it.
fn bind(opts: &ServeOptions, report: &Reporter) -> Result<tokio::net::TcpListener> {
    let last = if opts.port == 0 { 0 } else { opts.port.saturating_add(PORT_TRIES) };
    for port in opts.port..=last {
        match std::net::TcpListener::bind(SocketAddr::new(opts.bind, port)) {
            Ok(listener) => {
                if port != opts.port {
                    report(&Notice::PortTaken { wanted: opts.port, port });
                }
                let listen = |e: std::io::Error| serve_error(format!("cannot listen: {e}"));
                listener.set_nonblocking(true).map_err(listen)?;
                return tokio::net::TcpListener::from_std(listener).map_err(listen);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(e) => {
                return Err(Error::one(
                    Diagnostic::error(
                        "serve",
                        format!("cannot listen on {}:{port}: {e}", opts.bind),
                    )
                    .with_help("choose another address with --bind or port with --port"),
                ));
            }
        }
    }
    Err(Error::one(
        Diagnostic::error("serve", format!("ports {} to {last} are all taken", opts.port))
            .with_help("stop the other server or choose another port with --port"),
    ))
}

/// The address to put in links: a wildcard bind is browsed through loopback.
fn browsable(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv4Addr::LOCALHOST.into(), addr.port())
        }
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv6Addr::LOCALHOST.into(), addr.port())
        }
        _ => addr,
    }
}

/// Best effort: a machine without a desktop simply has no browser to open.
fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
    let child = std::process::Command::new(program)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Ok(mut child) = child {
        // Reap it, so it does not linger as a zombie while the server runs.
        std::thread::spawn(move || child.wait());
    }
}

/// Accepts connections until `shutdown`, then drops the open ones (event
/// streams never end by themselves).
async fn accept(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl Future<Output = ()>,
) {
    let mut shutdown = std::pin::pin!(shutdown);
    let mut connections = tokio::task::JoinSet::new();
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let service = TowerToHyperService::new(app.clone());
                    connections.spawn(async move {
                        let _ = hyper::server::conn::http1::Builder::new()
                            .timer(TokioTimer::new())
                            .header_read_timeout(HEADER_TIMEOUT)
                            .serve_connection(TokioIo::new(stream), service)
                            .await;
                    });
                }
                // Out of file descriptors and the like: wait rather than spin.
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            },
        }
    }
    connections.shutdown().await;
}

// ---------------------------------------------------------------------------
// Building

/// One build of the site, as served: site-relative path → bytes.
#[derive(Debug, Default, PartialEq)]
struct Files {
    map: BTreeMap<String, Bytes>,
    /// The URL path the site lives under (`/` or `/sub/`).
    base_path: String,
}

/// A published stylesheet: its name under `templates/static/` and its hashed
/// output path.
#[derive(Debug, Clone, PartialEq)]
struct Style {
    name: String,
    out: String,
}

/// The last build that succeeded, with what a stylesheet-only update needs.
struct Good {
    config: Config,
    styles: Vec<Style>,
    files: Arc<Files>,
    /// What the served pages were rendered from, so a one-page edit re-renders
    /// that page only.
    fingerprints: crate::render::Fingerprints,
}

/// Whether the site currently served is the latest build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Health {
    Fine,
    Broken,
}

enum Outcome {
    Built { files: Arc<Files>, pages: usize, warnings: usize },
    Restyled { files: Arc<Files>, urls: Vec<String> },
    Failed(Vec<Diagnostic>),
}

/// Rebuilds the site; owned by the rebuild task, one build at a time.
struct Builder {
    root: PathBuf,
    /// `http://127.0.0.1:1111`: the base URL, less the config's base path.
    origin: String,
    good: Option<Good>,
}

impl Builder {
    fn rebuild(&mut self, change: Change, health: Health) -> Outcome {
        // After a failure the stylesheet alone cannot bring the site up to date.
        if change == Change::Css
            && health == Health::Fine
            && let Some(outcome) = self.restyle()
        {
            return outcome;
        }
        match self.full() {
            Ok((good, pages, warnings)) => {
                let files = Arc::clone(&good.files);
                self.good = Some(good);
                Outcome::Built { files, pages, warnings }
            }
            Err(diagnostics) => Outcome::Failed(diagnostics),
        }
    }

    /// Load, render into memory; the same stages as `build`, another sink.
    fn full(&self) -> std::result::Result<(Good, usize, usize), Vec<Diagnostic>> {
        let config = Config::load(&self.root).map_err(|e| e.diagnostics())?;
        let opts = BuildOptions {
            root: self.root.clone(),
            output: None,
            base_url: Some(format!("{}{}", self.origin, config.base_path)),
            drafts: false,
        };
        let (loaded, findings) = crate::load(&opts).map_err(|e| e.diagnostics())?;
        let errors: Vec<Diagnostic> = findings.iter().filter(|d| d.is_error()).cloned().collect();
        if !errors.is_empty() {
            return Err(errors);
        }
        let memory = Memory::default();
        let previous = self.good.as_ref().map(|g| &g.fingerprints);
        let (_, fingerprints) =
            crate::write_changed(&loaded, &memory, previous).map_err(|e| e.diagnostics())?;
        let pages = loaded.site.pages.len();
        let fresh = memory.files.into_inner().unwrap_or_else(PoisonError::into_inner);
        // Pages not re-rendered are the same bytes as in the last good build.
        let mut map: BTreeMap<String, Bytes> = match &self.good {
            Some(good) if previous.is_some_and(|p| p.shared == fingerprints.shared) => loaded
                .site
                .pages
                .iter()
                .map(|p| format!("{}index.html", p.rel))
                .filter(|k| !fresh.contains_key(k))
                .filter_map(|k| good.files.map.get(&k).map(|b| (k, b.clone())))
                .collect(),
            _ => BTreeMap::new(),
        };
        map.extend(fresh.into_iter().map(|(k, v)| (k, Bytes::from(v))));
        let styles = loaded
            .templates
            .statics
            .iter()
            .filter(|s| s.name.ends_with(".css"))
            .map(|s| Style { name: s.name.clone(), out: s.out.clone() })
            .collect();
        let warnings = findings.iter().filter(|d| d.severity == Severity::Warning).count();
        let config = loaded.site.config.clone();
        let files = Arc::new(Files { map, base_path: config.base_path.clone() });
        Ok((Good { config, styles, files, fingerprints }, pages, warnings))
    }

    /// Re-copies the stylesheets and points the pages at their new hashed
    /// names, without rendering. `None` when a full build is needed instead
    /// (no good build yet, templates unreadable, a stylesheet added or removed).
    fn restyle(&mut self) -> Option<Outcome> {
        let good = self.good.as_mut()?;
        let templates = crate::templates::load(&self.root, &good.config).ok()?;
        let fresh: Vec<_> =
            templates.statics.into_iter().filter(|s| s.name.ends_with(".css")).collect();
        if !fresh.iter().map(|s| &s.name).eq(good.styles.iter().map(|s| &s.name)) {
            return None;
        }
        let mut map = good.files.map.clone();
        let mut renames = Vec::new();
        for (old, new) in good.styles.iter().zip(fresh) {
            if old.out != new.out {
                map.remove(&old.out);
                map.insert(new.out.clone(), Bytes::from(new.bytes));
                renames.push((old.out.clone(), new.out));
            }
        }
        if renames.is_empty() {
            return Some(Outcome::Restyled { files: Arc::clone(&good.files), urls: vec![] });
        }
        // The hashed name is unique enough that plain replacement is exact.
        for (_, bytes) in map.iter_mut().filter(|(k, _)| is_html(k)) {
            let Ok(text) = std::str::from_utf8(bytes) else { continue };
            if renames.iter().any(|(old, _)| text.contains(old.as_str())) {
                let mut text = text.to_string();
                for (old, new) in &renames {
                    text = text.replace(old.as_str(), new);
                }
                *bytes = Bytes::from(text);
            }
        }
        for style in &mut good.styles {
            if let Some((_, new)) = renames.iter().find(|(old, _)| *old == style.out) {
                style.out = new.clone();
            }
        }
        good.files = Arc::new(Files { map, base_path: good.files.base_path.clone() });
        let urls = renames.iter().map(|(_, new)| good.config.path_to(new)).collect();
        Some(Outcome::Restyled { files: Arc::clone(&good.files), urls })
    }

    /// The base path to serve under before any build succeeded.
    fn base_path(&self) -> String {
        match &self.good {
            Some(good) => good.files.base_path.clone(),
            None => Config::load(&self.root).map_or_else(|_| "/".to_string(), |c| c.base_path),
        }
    }
}

fn lock(builder: &Mutex<Builder>) -> MutexGuard<'_, Builder> {
    // A panicking build leaves the last good build intact: carry on with it.
    builder.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Runs a rebuild on a blocking thread; a panic becomes an error for the editor
/// rather than the end of the server.
async fn build_off_thread(
    builder: &Arc<Mutex<Builder>>,
    change: Change,
    health: Health,
) -> Outcome {
    let builder = Arc::clone(builder);
    tokio::task::spawn_blocking(move || lock(&builder).rebuild(change, health))
        .await
        .unwrap_or_else(|e| {
            let why = e
                .try_into_panic()
                .ok()
                .and_then(|p| {
                    p.downcast_ref::<String>()
                        .cloned()
                        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                })
                .unwrap_or_default();
            Outcome::Failed(vec![
                Diagnostic::error("panic", format!("the rebuild crashed: {why}")).with_help(
                    "this is a bug in broadsheet: please report it with the change that caused it",
                ),
            ])
        })
}

/// Takes batches of changes and rebuilds, one at a time; batches that arrive
/// during a rebuild are merged into the next one.
async fn rebuild_loop(
    shared: Arc<Shared>,
    builder: Arc<Mutex<Builder>>,
    mut batches: mpsc::UnboundedReceiver<Batch>,
    report: Reporter,
) {
    while let Some(mut batch) = batches.recv().await {
        while let Ok(more) = batches.try_recv() {
            batch.merge(more);
        }
        let start = Instant::now();
        let before = shared.current().base_path.clone();
        let outcome = build_off_thread(&builder, batch.change, shared.health()).await;
        let millis = start.elapsed().as_millis();
        let notice = shared.apply(outcome, batch, millis);
        let after = shared.current().base_path.clone();
        if after != before {
            report(&Notice::Moved { url: format!("{}{after}", lock(&builder).origin) });
        }
        report(&notice);
    }
}

// ---------------------------------------------------------------------------
// State shared with the request handlers

/// What open pages are told.
#[derive(Debug, Clone)]
enum Signal {
    Reload,
    /// A stylesheet's new URL.
    Css(String),
    /// The diagnostics as JSON.
    Error(Arc<str>),
    Ok,
}

impl Signal {
    fn event(&self) -> Event {
        // Every event carries data: browsers drop events without any.
        match self {
            Signal::Reload => Event::default().event("reload").data("reload"),
            Signal::Css(url) => Event::default().event("css").data(url),
            Signal::Error(json) => Event::default().event("error").data(json.as_ref()),
            Signal::Ok => Event::default().event("ok").data("ok"),
        }
    }
}

struct Shared {
    site: RwLock<Arc<Files>>,
    /// The error payload while the latest build has failed; sent to every page
    /// that connects, so a page opened meanwhile shows the overlay too.
    broken: RwLock<Option<Arc<str>>>,
    signals: broadcast::Sender<Signal>,
}

impl Shared {
    fn new(base_path: String) -> Self {
        Self {
            site: RwLock::new(Arc::new(Files { map: BTreeMap::new(), base_path })),
            broken: RwLock::new(None),
            signals: broadcast::channel(64).0,
        }
    }

    fn current(&self) -> Arc<Files> {
        Arc::clone(&self.site.read().unwrap_or_else(PoisonError::into_inner))
    }

    fn health(&self) -> Health {
        match *self.broken.read().unwrap_or_else(PoisonError::into_inner) {
            Some(_) => Health::Broken,
            None => Health::Fine,
        }
    }

    fn swap(&self, files: Arc<Files>) {
        *self.site.write().unwrap_or_else(PoisonError::into_inner) = files;
    }

    fn send(&self, signal: Signal) {
        // No receiver just means no page is open.
        let _ = self.signals.send(signal);
    }

    /// Serves the outcome of a build and tells open pages; returns what the
    /// terminal should show.
    fn apply(&self, outcome: Outcome, batch: Batch, millis: u128) -> Notice {
        match outcome {
            Outcome::Built { files, pages, .. } => {
                let was_broken =
                    self.broken.write().unwrap_or_else(PoisonError::into_inner).take().is_some();
                let same = *self.current() == *files;
                self.swap(files);
                if was_broken {
                    self.send(Signal::Ok);
                }
                if same && !was_broken {
                    return Notice::Unchanged { batch, millis };
                }
                self.send(Signal::Reload);
                Notice::Rebuilt { batch, pages, millis }
            }
            Outcome::Restyled { files, urls } => {
                self.swap(files);
                for url in &urls {
                    self.send(Signal::Css(url.clone()));
                }
                Notice::Restyled { batch, urls, millis }
            }
            Outcome::Failed(diagnostics) => {
                let payload = error_payload(&diagnostics);
                *self.broken.write().unwrap_or_else(PoisonError::into_inner) =
                    Some(Arc::clone(&payload));
                self.send(Signal::Error(payload));
                Notice::Failed { diagnostics, millis }
            }
        }
    }
}

/// The diagnostics as a JSON array: their fields, plus `text`, the same
/// rustc-style rendering the terminal shows.
fn error_payload(diagnostics: &[Diagnostic]) -> Arc<str> {
    let list: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            let mut value = serde_json::to_value(d).unwrap_or_else(|_| serde_json::json!({}));
            if let Some(object) = value.as_object_mut() {
                object.insert("text".into(), d.to_string().into());
            }
            value
        })
        .collect();
    serde_json::to_string(&list).unwrap_or_else(|_| "[]".into()).into()
}

// ---------------------------------------------------------------------------
// HTTP

fn router(shared: Arc<Shared>) -> Router {
    Router::new().route(EVENTS_PATH, get(events)).fallback(files).with_state(shared)
}

/// The event stream: first the current state (`error` or `ok`), then every
/// signal as it comes.
async fn events(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
    // Subscribe before reading the state, so nothing falls in between.
    let signals = shared.signals.subscribe();
    let now = match &*shared.broken.read().unwrap_or_else(PoisonError::into_inner) {
        Some(payload) => Signal::Error(Arc::clone(payload)),
        None => Signal::Ok,
    };
    let stream = futures_util::stream::unfold((Some(now), signals), |(now, mut signals)| async {
        let event = match now {
            // After a server restart, pages reconnect within a second.
            Some(signal) => signal.event().retry(Duration::from_secs(1)),
            None => match signals.recv().await {
                Ok(signal) => signal.event(),
                // Missed signals: a reload shows the current site whatever they were.
                Err(RecvError::Lagged(_)) => Signal::Reload.event(),
                Err(RecvError::Closed) => return None,
            },
        };
        Some((Ok::<_, Infallible>(event), (None, signals)))
    });
    ([(header::CACHE_CONTROL, "no-store")], Sse::new(stream).keep_alive(KeepAlive::default()))
}

/// Every other request: a file of the current build.
async fn files(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD are served\n");
    }
    // No page of a site has a path this long; refuse before looking it up.
    if uri.path().len() > MAX_PATH {
        return plain(StatusCode::URI_TOO_LONG, "request path too long\n");
    }
    let site = shared.current();
    // Hyper leaves the body out of HEAD responses and keeps their length.
    match resolve(&site, uri.path()) {
        Resolved::File { key, status } => file_response(status, key, &site.map[key]),
        Resolved::Redirect(to) => {
            let to = match uri.query() {
                Some(query) => format!("{to}?{query}"),
                None => to,
            };
            match HeaderValue::from_str(&to) {
                Ok(location) => no_store(
                    Response::builder()
                        .status(StatusCode::PERMANENT_REDIRECT)
                        .header(header::LOCATION, location),
                    Body::empty(),
                ),
                Err(_) => plain(StatusCode::BAD_REQUEST, "bad request path\n"),
            }
        }
        Resolved::Missing => no_store(
            Response::builder()
                .status(StatusCode::NOT_FOUND)
                .header(header::CONTENT_TYPE, "text/html; charset=utf-8"),
            Body::from(inject(FALLBACK_404.as_bytes())),
        ),
        Resolved::Refused => plain(StatusCode::BAD_REQUEST, "bad request path\n"),
    }
}

/// Shown when the site has no 404 page, or no build yet.
const FALLBACK_404: &str = "<!DOCTYPE html><html><head><meta charset=\"utf-8\">\
<title>Not found</title></head><body><h1>Not found</h1><p>Nothing is here. If you \
expected a page, the site may have errors: see the terminal running \
<code>broadsheet serve</code>.</p></body></html>";

fn plain(status: StatusCode, text: &'static str) -> Response {
    no_store(
        Response::builder()
            .status(status)
            .header(header::CONTENT_TYPE, "text/plain; charset=utf-8"),
        Body::from(text),
    )
}

/// A preview must never show a stale page from the browser's cache.
fn no_store(builder: axum::http::response::Builder, body: Body) -> Response {
    builder
        .header(header::CACHE_CONTROL, "no-store")
        .header(header::X_CONTENT_TYPE_OPTIONS, "nosniff")
        .body(body)
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

fn file_response(status: StatusCode, key: &str, bytes: &Bytes) -> Response {
    let body = if is_html(key) { Body::from(inject(bytes)) } else { Body::from(bytes.clone()) };
    no_store(
        Response::builder().status(status).header(header::CONTENT_TYPE, content_type(key)),
        body,
    )
}

fn is_html(key: &str) -> bool {
    key.ends_with(".html")
}

/// The answer to a request path, decided from the map alone.
#[derive(Debug, PartialEq)]
enum Resolved<'a> {
    /// A file of the build (a 404 page is served with status 404).
    File {
        key: &'a str,
        status: StatusCode,
    },
    Redirect(String),
    /// Not found, and the site has no 404 page.
    Missing,
    /// A path that cannot name a file of the site: `..`, encoded slashes, NUL...
    Refused,
}

fn resolve<'a>(site: &'a Files, path: &str) -> Resolved<'a> {
    let Some(rel) = path.strip_prefix(site.base_path.as_str()) else {
        // `/` and `/sub` lead to a site served under `/sub/`.
        if path == "/" || format!("{path}/") == site.base_path {
            return Resolved::Redirect(site.base_path.clone());
        }
        return not_found(site, "");
    };
    let Some(rel) = decode(rel) else { return Resolved::Refused };
    let found = |key: &str| site.map.get_key_value(key).map(|(k, _)| k.as_str());
    if rel.is_empty() || rel.ends_with('/') {
        return match found(&format!("{rel}index.html")) {
            Some(key) => Resolved::File { key, status: StatusCode::OK },
            None => not_found(site, &rel),
        };
    }
    if let Some(key) = found(&rel) {
        return Resolved::File { key, status: StatusCode::OK };
    }
    if found(&format!("{rel}/index.html")).is_some() {
        return Resolved::Redirect(format!("{path}/"));
    }
    not_found(site, &rel)
}

/// The language's 404 page when the path is under a language folder that has
/// one (`en/404.html`), else the site's `404.html`.
fn not_found<'a>(site: &'a Files, rel: &str) -> Resolved<'a> {
    let first = rel.split('/').next().unwrap_or("");
    let localised = (!first.is_empty()).then(|| format!("{first}/404.html"));
    localised
        .iter()
        .map(String::as_str)
        .chain(["404.html"])
        .find_map(|candidate| site.map.get_key_value(candidate))
        .map_or(Resolved::Missing, |(key, _)| Resolved::File {
            key: key.as_str(),
            status: StatusCode::NOT_FOUND,
        })
}

/// Percent-decodes a site-relative request path, segment by segment; `None`
/// for anything that is not a plain relative path: `.` and `..` segments (also
/// encoded), encoded `/`, backslashes, NUL, empty segments (`//`), bad UTF-8.
fn decode(raw: &str) -> Option<String> {
    let segments: Vec<&str> = raw.split('/').collect();
    let last = segments.len() - 1;
    let mut out = Vec::with_capacity(segments.len());
    for (i, segment) in segments.into_iter().enumerate() {
        let bytes: Vec<u8> = percent_encoding::percent_decode_str(segment).collect();
        let text = String::from_utf8(bytes).ok()?;
        let empty_inside = text.is_empty() && i != last;
        if empty_inside || text == "." || text == ".." || text.contains(['/', '\\', '\0']) {
            return None;
        }
        out.push(text);
    }
    Some(out.join("/"))
}

fn content_type(key: &str) -> &'static str {
    let name = key.rsplit('/').next().unwrap_or(key);
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// The live-reload script, before `</body>` (or at the end: minified HTML may
/// leave the closing tag out).
fn inject(html: &[u8]) -> Vec<u8> {
    let at = html
        .windows(b"</body".len())
        .rposition(|w| w.eq_ignore_ascii_case(b"</body"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + LIVE_RELOAD.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(LIVE_RELOAD.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The client side of live reload. EventSource reconnects by itself, so a page
/// survives a server restart. `error` is also the name of EventSource's own
/// connection-error event, which has no `data`: that one is ignored.
pub const LIVE_RELOAD: &str = r#"<script>(()=>{
const key="broadsheet-scroll:"+location.pathname,saved=sessionStorage.getItem(key);
if(saved!==null){sessionStorage.removeItem(key);addEventListener("load",()=>scrollTo(0,+saved));}
const unhashed=u=>new URL(u,location.href).pathname.replace(/\.[0-9a-f]{8}\.css$/,".css");
const events=new EventSource("/__broadsheet/events");
events.addEventListener("reload",()=>{sessionStorage.setItem(key,String(scrollY));location.reload();});
events.addEventListener("css",e=>{for(const l of document.querySelectorAll("link[rel=stylesheet]"))if(unhashed(l.href)===unhashed(e.data))l.href=e.data;});
events.addEventListener("error",e=>{if(typeof e.data!=="string")return;let o=document.getElementById("broadsheet-overlay");
if(!o){o=document.createElement("div");o.id="broadsheet-overlay";o.setAttribute("role","alert");o.style.cssText="position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:1.5rem;background:#1e1010;color:#fff;border-top:4px solid #e5484d";o.append(document.createElement("pre"));document.body.append(o);}
const pre=o.firstChild;pre.style.cssText="margin:0;white-space:pre-wrap;font:14px/1.45 ui-monospace,monospace";
pre.textContent="broadsheet could not rebuild the site; this page shows the last good build.\n\n"+JSON.parse(e.data).map(d=>d.text).join("\n");});
events.addEventListener("ok",()=>document.getElementById("broadsheet-overlay")?.remove());
})();</script>"#;

/// A failure of the machine rather than of the site.
fn serve_error(message: String) -> Error {
    Error::one(Diagnostic::error("serve", message).with_help(
        "the system may be out of threads or file descriptors: close other programs and run \
         `broadsheet serve` again",
    ))
}

fn crashed(what: &str) -> Error {
    Error::one(
        Diagnostic::error("panic", format!("{what} crashed"))
            .with_help("this is a bug in broadsheet: please report it with what you were doing"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(base_path: &str, keys: &[&str]) -> Files {
        Files {
            map: keys.iter().map(|k| (k.to_string(), Bytes::from_static(b"x"))).collect(),
            base_path: base_path.to_string(),
        }
    }

    fn file(key: &str, status: StatusCode) -> Resolved<'_> {
        Resolved::File { key, status }
    }

    #[test]
    fn clean_urls_map_to_index_files() {
        let s = site("/", &["index.html", "en/index.html", "en/article/index.html", "style.css"]);
        assert_eq!(resolve(&s, "/"), file("index.html", StatusCode::OK));
        assert_eq!(resolve(&s, "/en/article/"), file("en/article/index.html", StatusCode::OK));
        assert_eq!(resolve(&s, "/style.css"), file("style.css", StatusCode::OK));
        assert_eq!(resolve(&s, "/en/article"), Resolved::Redirect("/en/article/".into()));
    }

    #[test]
    fn missing_pages_get_their_languages_404() {
        let s = site("/", &["index.html", "404.html", "en/404.html"]);
        assert_eq!(resolve(&s, "/en/nope/"), file("en/404.html", StatusCode::NOT_FOUND));
        assert_eq!(resolve(&s, "/nope"), file("404.html", StatusCode::NOT_FOUND));
        assert_eq!(resolve(&s, "/fr/nope"), file("404.html", StatusCode::NOT_FOUND));
        assert_eq!(resolve(&site("/", &[]), "/x"), Resolved::Missing);
    }

    #[test]
    fn a_sub_path_site_is_served_under_its_base_path() {
        let s = site("/sub/", &["index.html", "a/index.html", "404.html"]);
        assert_eq!(resolve(&s, "/sub/"), file("index.html", StatusCode::OK));
        assert_eq!(resolve(&s, "/sub/a/"), file("a/index.html", StatusCode::OK));
        assert_eq!(resolve(&s, "/"), Resolved::Redirect("/sub/".into()));
        assert_eq!(resolve(&s, "/sub"), Resolved::Redirect("/sub/".into()));
        assert_eq!(resolve(&s, "/a/"), file("404.html", StatusCode::NOT_FOUND));
    }

    #[test]
    fn encoded_names_are_decoded() {
        let s = site("/", &["文章/index.html", "a b.txt"]);
        assert_eq!(resolve(&s, "/%E6%96%87%E7%AB%A0/"), file("文章/index.html", StatusCode::OK));
        assert_eq!(resolve(&s, "/a%20b.txt"), file("a b.txt", StatusCode::OK));
    }

    #[test]
    fn traversal_is_refused_in_every_spelling() {
        let s = site("/", &["index.html"]);
        for path in [
            "/../Cargo.toml",
            "/a/../../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E%2fCargo.toml",
            "/..%5cCargo.toml",
            "/%5c..%5cCargo.toml",
            "/\\..\\Cargo.toml",
            "//etc/passwd",
            "/./index.html",
            "/....//",
            "/a%00b",
            "/%ff",
        ] {
            assert_eq!(resolve(&s, path), Resolved::Refused, "{path}");
        }
    }

    #[test]
    fn the_script_goes_before_the_last_body_end_tag() {
        let out = String::from_utf8(inject(b"<p>a</p></BODY></html>")).unwrap();
        assert!(out.starts_with("<p>a</p><script>"), "{out}");
        assert!(out.ends_with("</script></BODY></html>"), "{out}");
        let bare = String::from_utf8(inject(b"<p>a")).unwrap();
        assert!(bare.starts_with("<p>a<script>") && bare.ends_with("</script>"), "{bare}");
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("en/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.1a2b3c4d.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("favicon.svg"), "image/svg+xml");
        assert_eq!(content_type("sitemap.xml"), "application/xml");
        assert_eq!(content_type("robots.txt"), "text/plain; charset=utf-8");
        assert_eq!(content_type("photos/P1.JPG"), "image/jpeg");
        assert_eq!(content_type("v1.2/data"), "application/octet-stream");
    }

    #[test]
    fn error_payload_carries_the_terminal_text() {
        let d = Diagnostic::error("template", "unknown filter `nope`")
            .in_file("templates/page.html")
            .at_line(3, 9);
        let json: serde_json::Value =
            serde_json::from_str(&error_payload(std::slice::from_ref(&d))).unwrap();
        assert_eq!(json[0]["text"], d.to_string());
        assert_eq!(json[0]["path"], "templates/page.html");
        assert_eq!(json[0]["line"], 3);
    }
}
