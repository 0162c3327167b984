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
//!   The one page computed from files instead is the translation desk
//!   ([`DESK_PATH`]): it reads the site's translations on each request,
//!   and its request path is only compared with their list, never joined.
//! - A failed rebuild keeps the last good site served; open pages (and pages
//!   opened later) show the errors in an overlay until a rebuild succeeds.
//! - The live-reload script exists only in served responses, never in the build.
//!
//! Shape: one task accepts connections (hyper, with a header-read timeout); each
//! request reads the current site, an `Arc` swapped under a `RwLock`; one task
//! takes the debounced [`watch::Batch`]es and rebuilds on a blocking thread
//! (a stylesheet-only change re-copies the stylesheet without rendering pages);
//! the outcome reaches open pages through a `broadcast` channel as SSE.

mod desk;
mod http;
mod notice;
mod rebuild;
mod reload;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::sync::{mpsc, oneshot};

use crate::error::{Code, Diagnostic, Error, Result};
use crate::watch::{self, Batch, Change};

pub use desk::DESK_PATH;
pub use notice::{Notice, Reporter};
pub use reload::LIVE_RELOAD;

use rebuild::{Builder, Health, Outcome, build_off_thread, lock, rebuild_loop};
use reload::Shared;

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
                Code::Serve,
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
    let first = build_off_thread(&builder, Change::Unknown, Vec::new(), Health::Broken).await;
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
    accept(listener, http::router(shared, &root), shutdown).await;
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
                        Code::Serve,
                        format!("cannot listen on {}:{port}: {e}", opts.bind),
                    )
                    .with_help("choose another address with --bind or port with --port"),
                ));
            }
        }
    }
    Err(Error::one(
        Diagnostic::error(Code::Serve, format!("ports {} to {last} are all taken", opts.port))
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

/// A failure of the machine rather than of the site.
fn serve_error(message: String) -> Error {
    Error::one(Diagnostic::error(Code::Serve, message).with_help(
        "the system may be out of threads or file descriptors: close other programs and run \
         `broadsheet serve` again",
    ))
}

fn crashed(what: &str) -> Error {
    Error::one(
        Diagnostic::error(Code::Panic, format!("{what} crashed"))
            .with_help("this is a bug in broadsheet: please report it with what you were doing"),
    )
}
