//! The dev server's request-path handling, end to end.
//!
//! `serve.rs` keeps its path resolution private (`resolve` and `decode`: base
//! path, percent-decoding segment by segment, refusal of `.`/`..`, encoded `/`,
//! backslashes, NUL and empty segments), so this target drives it the only way
//! the public API allows: one `broadsheet::serve::start` server on loopback for
//! the whole run, and every input sent as a request path over a keep-alive
//! connection. Bytes that cannot appear in a request line are percent-encoded;
//! `%`, `/`, `.`, `\` (encoded) and everything else the decoder sees pass as
//! the fuzzer made them.
//!
//! The oracle: the answer is 200, 308, 400 or 404, never 5xx; a 200 or 404
//! body is byte for byte a file of the same site built into memory (with the
//! live-reload script the server adds to HTML); a canary written next to the
//! site and inside its root (outside `content/`) never comes back.

#![no_main]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::sync::{LazyLock, Mutex};
use std::time::Duration;

use broadsheet::BuildOptions;
use broadsheet::output::Memory;
use broadsheet::serve::{self, LIVE_RELOAD, ServeOptions};
use libfuzzer_sys::fuzz_target;

const CANARY: &str = "CANARY-7f3e9a-outside-the-site";

struct Fixture {
    _dir: tempfile::TempDir,
    _server: serve::Server,
    addr: SocketAddr,
    /// Every file of the site, as served (HTML with the live-reload script).
    served: Vec<Vec<u8>>,
    conn: Mutex<Option<BufReader<TcpStream>>>,
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

fn inject(html: &[u8]) -> Vec<u8> {
    let at = html
        .windows(b"</body".len())
        .rposition(|w| w.eq_ignore_ascii_case(b"</body"))
        .unwrap_or(html.len());
    [&html[..at], LIVE_RELOAD.as_bytes(), &html[at..]].concat()
}

static FIXTURE: LazyLock<Fixture> = LazyLock::new(|| {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&repo.join("tests/fixtures/basic"), &root);
    copy_tree(&repo.join("templates"), &root.join("templates"));
    // A base path, so the prefix handling is exercised too.
    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    let config = config.replace("https://example.org/", "https://example.org/sub/");
    std::fs::write(root.join("config.toml"), format!("{config}\n# {CANARY}\n")).unwrap();
    std::fs::write(dir.path().join("secret.txt"), CANARY).unwrap();
    std::fs::write(root.join("secret.txt"), CANARY).unwrap();
    // Assets with names that need percent-encoding.
    std::fs::write(root.join("content/notes/图 1.txt"), "asset one").unwrap();
    std::fs::write(root.join("content/notes/a%2e.txt"), "asset two").unwrap();

    let opts = ServeOptions { port: 0, ..ServeOptions::new(&root) };
    let server = serve::start(opts, |_| {}).expect("the fixture site serves");
    let addr = server.addr();

    let build =
        BuildOptions { base_url: Some(server.url().to_string()), ..BuildOptions::new(&root) };
    let (loaded, findings) = broadsheet::load(&build).expect("the fixture site loads");
    assert!(!findings.iter().any(|d| d.is_error()), "{findings:?}");
    let memory = Memory::default();
    broadsheet::write_site(&loaded, &memory).expect("the fixture site renders");
    let files: BTreeMap<String, Vec<u8>> = memory.files.into_inner().unwrap();
    let served = files
        .iter()
        .map(|(k, v)| if k.ends_with(".html") { inject(v) } else { v.clone() })
        .collect();
    Fixture { _dir: dir, _server: server, addr, served, conn: Mutex::new(None) }
});

/// The request target for an input: `/` and the bytes, those that a request
/// line cannot hold percent-encoded.
fn target(data: &[u8]) -> String {
    let mut t = String::from("/");
    for &b in data {
        let raw = b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/%?".contains(&b);
        if raw {
            t.push(b as char);
        } else {
            t.push_str(&format!("%{b:02X}"));
        }
    }
    t
}

struct Answer {
    status: u16,
    body: Vec<u8>,
    close: bool,
}

fn read_answer(r: &mut BufReader<TcpStream>) -> std::io::Result<Answer> {
    let mut line = String::new();
    r.read_line(&mut line)?;
    let status: u16 = line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line {line:?}")))?;
    let (mut length, mut chunked, mut close) = (0usize, false, false);
    loop {
        line.clear();
        r.read_line(&mut line)?;
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        let (name, value) = l.split_once(':').unwrap_or((l, ""));
        let (name, value) = (name.to_ascii_lowercase(), value.trim().to_ascii_lowercase());
        match name.as_str() {
            "content-length" => length = value.parse().unwrap_or(0),
            "transfer-encoding" => chunked = value.contains("chunked"),
            "connection" => close = value.contains("close"),
            _ => {}
        }
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            line.clear();
            r.read_line(&mut line)?;
            let n = usize::from_str_radix(line.trim(), 16).map_err(std::io::Error::other)?;
            let mut chunk = vec![0; n + 2];
            r.read_exact(&mut chunk)?;
            if n == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..n]);
        }
    } else {
        body.resize(length, 0);
        r.read_exact(&mut body)?;
    }
    Ok(Answer { status, body, close })
}

fn ask(f: &Fixture, target: &str) -> Answer {
    let mut conn = f.conn.lock().unwrap();
    for attempt in 0..2 {
        if conn.is_none() {
            let s = TcpStream::connect(f.addr).expect("connect to the server");
            s.set_read_timeout(Some(Duration::from_secs(8))).unwrap();
            s.set_nodelay(true).unwrap();
            *conn = Some(BufReader::new(s));
        }
        let r = conn.as_mut().unwrap();
        let request = format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        let result = r.get_mut().write_all(request.as_bytes()).and_then(|()| read_answer(r));
        match result {
            Ok(a) => {
                if a.close {
                    *conn = None;
                }
                return a;
            }
            // A kept-alive connection the server closed meanwhile: retry once.
            Err(e) if attempt == 0 && e.kind() != std::io::ErrorKind::WouldBlock => *conn = None,
            Err(e) => panic!("no answer to GET {target}: {e}"),
        }
    }
    unreachable!()
}

fuzz_target!(|data: &[u8]| {
    let f = &*FIXTURE;
    let target = target(data);
    // The live-reload event stream never ends: not a file request.
    if target.split('?').next() == Some(serve::EVENTS_PATH) {
        return;
    }
    let a = ask(f, &target);
    assert!(matches!(a.status, 200 | 308 | 400 | 404), "GET {target} answered {}", a.status);
    assert!(
        !a.body.windows(CANARY.len()).any(|w| w == CANARY.as_bytes()),
        "GET {target} read a file outside the site"
    );
    if matches!(a.status, 200) || (a.status == 404 && a.body.starts_with(b"<!")) {
        // A 404 is the site's own 404 page or the built-in fallback.
        let known = f.served.iter().any(|s| *s == a.body);
        let fallback = a.status == 404 && a.body.windows(9).any(|w| w == b"Not found");
        assert!(
            known || fallback,
            "GET {target} answered {} with a body that is not a site file",
            a.status
        );
    }
});
