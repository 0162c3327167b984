//! `broadsheet serve` over real HTTP on loopback: what a browser gets (status,
//! content type, 404 pages, redirects), what an attacker does not (files outside
//! the built site), and what an editor sees while working: an edit shows up, a
//! broken template raises the overlay and keeps the last good page, fixing it
//! clears the overlay.
//!
//! Each test copies a fixture site into a temp folder and starts its own server
//! on a free port. The client is a few lines over `TcpStream`; every wait is
//! bounded, so a broken server fails a test instead of hanging it.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use broadsheet::BuildOptions;
use broadsheet::serve::{Notice, ServeOptions, Server};
use scraper::{Html, Selector};

#[path = "support/mod.rs"]
mod support;
use support::{copy_tree, repo};

#[path = "serve/desk.rs"]
mod desk;

/// How long a test waits for the server to notice a change and rebuild.
const PATIENCE: Duration = Duration::from_secs(5);

/// A temp copy of `tests/fixtures/basic` with the default theme; the site is
/// at `<temp>/site`.
fn basic_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&repo().join("tests/fixtures/basic"), &root);
    copy_tree(&repo().join("templates"), &root.join("templates"));
    (dir, root)
}

/// A running server and what it has told the terminal.
struct Running {
    server: Server,
    notices: Arc<Mutex<Vec<String>>>,
}

impl Running {
    fn addr(&self) -> SocketAddr {
        self.server.addr()
    }

    fn log(&self) -> String {
        self.notices.lock().unwrap().join("\n")
    }
}

fn start_on(root: &Path, port: u16) -> Running {
    let notices = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&notices);
    let opts = ServeOptions { port, ..ServeOptions::new(root) };
    let server = broadsheet::serve::start(opts, move |n: &Notice| {
        sink.lock().unwrap().push(n.to_string());
    })
    .unwrap_or_else(|e| panic!("{e}"));
    Running { server, notices }
}

fn start(root: &Path) -> Running {
    start_on(root, 0)
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn html(&self) -> Html {
        Html::parse_document(&self.text())
    }
}

fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect_timeout(&addr, PATIENCE).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    stream.set_write_timeout(Some(PATIENCE)).unwrap();
    stream
}

/// One HTTP/1.1 request on its own connection; `target` is sent exactly as
/// given, unnormalised, the way an attacker would.
fn request(addr: SocketAddr, method: &str, target: &str) -> Reply {
    let mut stream = connect(addr);
    write!(stream, "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("no end of headers");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Reply { status, headers, body: raw[split + 4..].to_vec() }
}

fn get(addr: SocketAddr, target: &str) -> Reply {
    request(addr, "GET", target)
}

/// Polls `target` until `ok` holds for the reply or [`PATIENCE`] runs out.
fn poll(addr: SocketAddr, target: &str, ok: impl Fn(&Reply) -> bool) -> Option<Reply> {
    let deadline = Instant::now() + PATIENCE;
    while Instant::now() < deadline {
        let reply = get(addr, target);
        if ok(&reply) {
            return Some(reply);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    None
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn stylesheet_href(html: &Html) -> String {
    html.select(&sel("link[rel=stylesheet]"))
        .next()
        .and_then(|l| l.value().attr("href"))
        .expect("no stylesheet link")
        .to_string()
}

/// A Server-Sent Events client: reads the chunked stream event by event.
struct Events {
    reader: BufReader<TcpStream>,
    pending: String,
}

impl Events {
    fn open(addr: SocketAddr) -> Events {
        let mut stream = connect(addr);
        write!(stream, "GET /__broadsheet/events HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
        let mut reader = BufReader::new(stream);
        let mut head = String::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if line == "\r\n" || line.is_empty() {
                break;
            }
            head.push_str(&line);
        }
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(head.to_ascii_lowercase().contains("content-type: text/event-stream"), "{head}");
        Events { reader, pending: String::new() }
    }

    /// The next named event, `(name, data)`; `None` after [`PATIENCE`].
    fn next(&mut self) -> Option<(String, String)> {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(end) = self.pending.find("\n\n") {
                let block: String = self.pending.drain(..end + 2).collect();
                let field = |name: &str| {
                    block
                        .lines()
                        .filter_map(|l| l.strip_prefix(name))
                        .map(|v| v.strip_prefix(' ').unwrap_or(v))
                        .collect::<Vec<_>>()
                        .join("\n")
                };
                let name = field("event:");
                // Like a browser, skip events without a `data` line: EventSource
                // never dispatches them (the first `reload` and `ok` had none).
                if !name.is_empty() && block.lines().any(|l| l.starts_with("data:")) {
                    return Some((name, field("data:")));
                }
                continue; // a keep-alive comment
            }
            let left = deadline.checked_duration_since(Instant::now())?;
            self.reader.get_ref().set_read_timeout(Some(left.max(Duration::from_millis(1)))).ok();
            // One chunk: its size in hex on a line, the bytes, CRLF.
            let mut size = String::new();
            if self.reader.read_line(&mut size).is_err() || size.is_empty() {
                return None;
            }
            let size = usize::from_str_radix(size.trim(), 16).ok()?;
            let mut chunk = vec![0; size + 2];
            self.reader.read_exact(&mut chunk).ok()?;
            self.pending.push_str(&String::from_utf8_lossy(&chunk[..size]));
        }
    }

    /// Skips events until one named `name`.
    fn until(&mut self, name: &str) -> Option<String> {
        while let Some((event, data)) = self.next() {
            if event == name {
                return Some(data);
            }
        }
        None
    }
}

const CARGO_TOML_LINE: &str = "name = \"broadsheet\"";

#[test]
fn pages_and_assets_come_with_their_status_and_type() {
    let (_dir, root) = basic_site();
    let running = start(&root);
    let addr = running.addr();

    let home = get(addr, "/");
    assert_eq!(home.status, 200);
    assert_eq!(home.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(home.header("cache-control"), Some("no-store"));
    let page = get(addr, "/en/notes/first/");
    assert_eq!(page.status, 200);
    let h1: String = page.html().select(&sel("h1")).flat_map(|e| e.text()).collect();
    assert_eq!(h1, "First");

    let css = get(addr, &stylesheet_href(&home.html()));
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    let svg = get(addr, "/favicon.svg");
    assert_eq!((svg.status, svg.header("content-type")), (200, Some("image/svg+xml")));
    let sitemap = get(addr, "/sitemap.xml");
    assert_eq!((sitemap.status, sitemap.header("content-type")), (200, Some("application/xml")));
    let robots = get(addr, "/robots.txt");
    assert_eq!(robots.header("content-type"), Some("text/plain; charset=utf-8"));

    // Missing pages get the 404 page of their language, with status 404.
    let missing = get(addr, "/en/no-such-page/");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("content-type"), Some("text/html; charset=utf-8"));
    let lang = missing
        .html()
        .select(&sel("html"))
        .next()
        .unwrap()
        .value()
        .attr("lang")
        .map(str::to_string);
    assert_eq!(lang.as_deref(), Some("en"));
    let missing_zh = get(addr, "/no-such-page");
    assert_eq!(missing_zh.status, 404);
    assert_eq!(
        missing_zh.html().select(&sel("html")).next().unwrap().value().attr("lang"),
        Some("zh-Hans")
    );

    // A folder without its slash is redirected, keeping the query.
    let bare = get(addr, "/en/notes/first?x=1");
    assert_eq!(bare.status, 308);
    assert_eq!(bare.header("location"), Some("/en/notes/first/?x=1"));

    // HEAD: the GET's headers, no body.
    let head = request(addr, "HEAD", "/en/notes/first/");
    assert_eq!(head.status, 200);
    assert_eq!(head.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(head.header("content-length"), Some(page.body.len().to_string().as_str()));
    assert!(head.body.is_empty());

    assert_eq!(request(addr, "POST", "/").status, 405);
    running.server.stop().unwrap();
}

#[test]
fn traversal_is_refused_in_every_form() {
    let (_dir, root) = basic_site();
    // The server's own folder holds a Cargo.toml next to the site, one `..` away.
    std::fs::copy(repo().join("Cargo.toml"), root.parent().unwrap().join("Cargo.toml")).unwrap();
    std::fs::copy(repo().join("Cargo.toml"), root.join("Cargo.toml")).unwrap();
    let running = start(&root);
    for target in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/%2E%2E%2fCargo.toml",
        "/..%5cCargo.toml",
        "/....//",
        "//etc/passwd",
        "/\\..\\Cargo.toml",
        "/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "/en/../../Cargo.toml",
        "/Cargo.toml",
        "/config.toml",
        "/content/notes/first.md",
        "/%00",
        "/etc/passwd%00.html",
    ] {
        let reply = get(running.addr(), target);
        assert!(matches!(reply.status, 400 | 404), "{target}: status {}", reply.status);
        let text = reply.text();
        assert!(!text.contains(CARGO_TOML_LINE), "{target} leaked Cargo.toml");
        assert!(!text.contains("root:x:0:0"), "{target} leaked /etc/passwd");
        assert!(!text.contains("base_url"), "{target} leaked config.toml");
    }
}

#[test]
fn an_edit_shows_up_in_the_next_response() {
    let (_dir, root) = basic_site();
    let running = start(&root);
    let addr = running.addr();
    assert!(!get(addr, "/en/notes/first/").text().contains("Edited while serving"));
    let mut events = Events::open(addr);
    assert_eq!(events.next().map(|(e, _)| e).as_deref(), Some("ok"));

    let page = root.join("content/notes/first.en.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{text}\nEdited while serving.\n")).unwrap();

    assert!(events.until("reload").is_some(), "no reload event; log:\n{}", running.log());
    let edited = poll(addr, "/en/notes/first/", |r| r.text().contains("Edited while serving"));
    assert!(edited.is_some(), "the edit never showed; log:\n{}", running.log());
    assert!(running.log().contains("content/notes/first.en.md changed"), "{}", running.log());
}

/// Waits for the page at `target` to satisfy `ok`, failing with the log.
fn shows(running: &Running, target: &str, ok: impl Fn(&str) -> bool, what: &str) {
    let seen = poll(running.addr(), target, |r| ok(&r.text()));
    assert!(seen.is_some(), "{what} never showed at {target}; log:\n{}", running.log());
}

#[test]
fn edits_adds_and_deletes_one_after_another_each_show_and_stay() {
    // The server takes the files a change did not touch as it read them last:
    // each edit must show, and stay shown after the edits of other files.
    let (_dir, root) = basic_site();
    let running = start(&root);
    let notes = root.join("content/notes");
    let append = |name: &str, line: &str| {
        let page = notes.join(name);
        let text = std::fs::read_to_string(&page).unwrap();
        std::fs::write(&page, format!("{text}\n{line}\n")).unwrap();
    };
    append("first.en.md", "First edit.");
    shows(&running, "/en/notes/first/", |t| t.contains("First edit."), "the first edit");
    append("second.md", "第二页的修改。");
    shows(&running, "/notes/second/", |t| t.contains("第二页的修改。"), "the second edit");
    let first = get(running.addr(), "/en/notes/first/").text();
    assert!(first.contains("First edit."), "an earlier edit was lost:\n{first}");

    std::fs::write(notes.join("third.md"), "+++\ntitle = \"第三篇\"\n+++\n\n新加的一页。\n")
        .unwrap();
    shows(&running, "/notes/third/", |t| t.contains("新加的一页。"), "the added page");
    std::fs::remove_file(notes.join("third.md")).unwrap();
    let gone = poll(running.addr(), "/notes/third/", |r| r.status == 404);
    assert!(gone.is_some(), "the deleted page is still served; log:\n{}", running.log());
    std::fs::rename(notes.join("second.md"), notes.join("moved.md")).unwrap();
    shows(&running, "/notes/moved/", |t| t.contains("第二页的修改。"), "the renamed page");
    let first = get(running.addr(), "/en/notes/first/").text();
    assert!(first.contains("First edit."), "an earlier edit was lost:\n{first}");
}

#[test]
fn a_broken_template_raises_the_overlay_and_keeps_the_last_good_page() {
    let (_dir, root) = basic_site();
    let running = start(&root);
    let addr = running.addr();
    let mut events = Events::open(addr);
    assert_eq!(events.next().map(|(e, _)| e).as_deref(), Some("ok"));

    let template = root.join("templates/page.html");
    let good = std::fs::read_to_string(&template).unwrap();
    std::fs::write(&template, good.replace("{{ page.title }}", "{{ page.title | nope }}")).unwrap();

    let payload = events.until("error").unwrap_or_else(|| panic!("no error; {}", running.log()));
    let list: serde_json::Value = serde_json::from_str(&payload).unwrap();
    let first = &list[0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["path"], "templates/page.html", "{payload}");
    assert!(first["text"].as_str().unwrap().contains("templates/page.html:"), "{payload}");

    // The last good page is still served.
    let page = get(addr, "/en/notes/first/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Focus on innovation"));

    // A page opened while the site is broken learns it on connect.
    let mut late = Events::open(addr);
    let (name, data) = late.next().unwrap();
    assert_eq!(name, "error");
    assert_eq!(data, payload);

    std::fs::write(&template, &good).unwrap();
    assert!(events.until("ok").is_some(), "no ok after the fix; log:\n{}", running.log());
    assert!(events.until("reload").is_some());
    assert!(late.until("ok").is_some());
    let log = running.log();
    assert!(log.contains("still serving the last good build"), "{log}");
    assert!(log.contains("templates/page.html changed: rebuilt"), "{log}");
}

#[test]
fn a_stylesheet_edit_swaps_the_stylesheet_without_a_reload() {
    let (_dir, root) = basic_site();
    let running = start(&root);
    let addr = running.addr();
    let old = stylesheet_href(&get(addr, "/").html());
    let mut events = Events::open(addr);
    assert_eq!(events.next().map(|(e, _)| e).as_deref(), Some("ok"));

    let css = root.join("templates/static/style.css");
    let text = std::fs::read_to_string(&css).unwrap();
    std::fs::write(&css, format!("{text}\n.serve-test-marker{{margin:3px}}\n")).unwrap();

    // A slow disk may show the write as two bursts (truncate, then write): each
    // gives a `css` event, and never a reload.
    let url = loop {
        let (name, url) = events.next().expect("no css event after the stylesheet edit");
        assert_eq!(name, "css", "{}", running.log());
        if get(addr, &url).text().contains(".serve-test-marker") {
            break url;
        }
    };
    assert_ne!(url, old);
    // Pages point at the new stylesheet; the old one is gone.
    assert_eq!(stylesheet_href(&get(addr, "/en/notes/first/").html()), url);
    assert_eq!(get(addr, &old).status, 404);
    assert!(running.log().contains("new stylesheet"), "{}", running.log());
}

#[test]
fn live_reload_is_only_in_served_pages() {
    let (dir, root) = basic_site();
    let running = start(&root);
    let served = get(running.addr(), "/en/notes/first/").text();
    assert!(served.contains("new EventSource(\"/__broadsheet/events\")"));
    assert!(served.contains("broadsheet-overlay"));
    // The 404 page reloads too.
    assert!(get(running.addr(), "/nope").text().contains("/__broadsheet/events"));
    running.server.stop().unwrap();
    assert!(!root.join("public").exists(), "serve wrote public/");

    let out = dir.path().join("public");
    broadsheet::build(&BuildOptions::new(&root).output(&out)).unwrap_or_else(|e| panic!("{e}"));
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            pages += 1;
            let text = std::fs::read_to_string(entry.path()).unwrap();
            assert!(!text.contains("__broadsheet"), "{}", entry.path().display());
        }
    }
    assert!(pages > 3);
}

#[test]
fn a_taken_port_moves_to_the_next_free_one() {
    let (_dir, root) = basic_site();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    if port == u16::MAX {
        return; // no port above it to move to
    }
    let running = start_on(&root, port);
    assert_ne!(running.addr().port(), port);
    assert!(running.log().contains(&format!("port {port} is taken")), "{}", running.log());
    assert_eq!(get(running.addr(), "/").status, 200);
}

#[test]
fn a_sub_path_base_url_is_kept_in_the_local_url() {
    let (_dir, root) = basic_site();
    let config = root.join("config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text.replace("https://example.org/", "https://example.org/sub/"))
        .unwrap();
    let running = start(&root);
    let addr = running.addr();
    assert_eq!(running.server.url(), format!("http://{addr}/sub/"));
    let home = get(addr, "/sub/");
    assert_eq!(home.status, 200);
    assert!(stylesheet_href(&home.html()).starts_with("/sub/"));
    let canonical = home
        .html()
        .select(&sel("link[rel=canonical]"))
        .next()
        .unwrap()
        .value()
        .attr("href")
        .map(str::to_string);
    assert_eq!(canonical, Some(format!("http://{addr}/sub/")));
    let root_reply = get(addr, "/");
    assert_eq!((root_reply.status, root_reply.header("location")), (308, Some("/sub/")));
    assert_eq!(get(addr, "/sub/en/notes/first/").status, 200);
    assert_eq!(get(addr, "/en/notes/first/").status, 404);
}

#[test]
fn a_site_broken_from_the_start_is_served_with_the_overlay() {
    let (_dir, root) = basic_site();
    let template = root.join("templates/page.html");
    let good = std::fs::read_to_string(&template).unwrap();
    std::fs::write(&template, good.replace("{{ page.title }}", "{{ page.title | nope }}")).unwrap();
    let running = start(&root);
    let addr = running.addr();
    let page = get(addr, "/en/notes/first/");
    assert_eq!(page.status, 404);
    assert!(page.text().contains("/__broadsheet/events"));
    let mut events = Events::open(addr);
    let (name, data) = events.next().unwrap();
    assert_eq!(name, "error");
    assert!(data.contains("templates/page.html"), "{data}");

    std::fs::write(&template, &good).unwrap();
    assert!(events.until("reload").is_some(), "{}", running.log());
    assert_eq!(get(addr, "/en/notes/first/").status, 200);
}

#[test]
fn a_missing_site_folder_is_an_error_that_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let err = match broadsheet::serve::start(ServeOptions::new(dir.path()), |_: &Notice| {}) {
        Ok(_) => panic!("served a folder without config.toml"),
        Err(e) => e.to_string(),
    };
    assert!(err.contains("has no config.toml"), "{err}");
    assert!(err.contains("--root"), "{err}");
}
