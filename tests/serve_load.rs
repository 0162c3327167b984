//! The dev server under load and abuse, over loopback only: many keep-alive
//! clients at once, clients that never finish a request, huge headers and paths.
//! Every loop is bounded in count and time and stops by itself.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use broadsheet::serve::{Notice, ServeOptions};

#[path = "support/mod.rs"]
mod support;
use support::default_site;

fn site() -> (tempfile::TempDir, broadsheet::serve::Server) {
    let (dir, root) = default_site();
    let server = broadsheet::serve::start(
        ServeOptions { port: 0, ..ServeOptions::new(&root) },
        |_: &Notice| {},
    )
    .unwrap_or_else(|e| panic!("{e}"));
    (dir, server)
}

/// Reads one HTTP/1.1 response with a Content-Length body; returns the status.
fn read_response(reader: &mut BufReader<TcpStream>) -> std::io::Result<u16> {
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    let status = line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let mut length = 0usize;
    loop {
        line.clear();
        reader.read_line(&mut line)?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(status)
}

fn rss_kb() -> usize {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Keeps `clients` keep-alive connections busy for `duration`; returns
/// (responses, errors).
fn hammer(addr: SocketAddr, clients: usize, duration: Duration) -> (usize, usize) {
    let ok = Arc::new(AtomicUsize::new(0));
    let errors = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let paths = ["/", "/article/", "/en/figures/", "/about/", "/en/photos/"];
    let threads: Vec<_> = (0..clients)
        .map(|i| {
            let (ok, errors, stop) = (Arc::clone(&ok), Arc::clone(&errors), Arc::clone(&stop));
            std::thread::spawn(move || {
                let Ok(stream) = TcpStream::connect(addr) else {
                    errors.fetch_add(1, Ordering::Relaxed);
                    return;
                };
                stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
                let mut writer = stream.try_clone().unwrap();
                let mut reader = BufReader::new(stream);
                let mut n = i;
                while !stop.load(Ordering::Relaxed) {
                    let path = paths[n % paths.len()];
                    n += 1;
                    let sent = writer.write_all(
                        format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").as_bytes(),
                    );
                    match sent.and_then(|()| read_response(&mut reader)) {
                        Ok(200) => ok.fetch_add(1, Ordering::Relaxed),
                        _ => {
                            errors.fetch_add(1, Ordering::Relaxed);
                            return;
                        }
                    };
                }
            })
        })
        .collect();
    std::thread::sleep(duration);
    stop.store(true, Ordering::Relaxed);
    for t in threads {
        t.join().unwrap();
    }
    (ok.load(Ordering::Relaxed), errors.load(Ordering::Relaxed))
}

#[test]
fn two_hundred_keep_alive_clients_for_ten_seconds_get_every_page_and_memory_stays_flat() {
    let (_dir, server) = site();
    let addr = server.addr();
    // Warm up, so allocator pools and caches are in place before measuring.
    let (warm, warm_errors) = hammer(addr, 200, Duration::from_secs(2));
    assert_eq!(warm_errors, 0);
    assert!(warm > 200);
    let before = rss_kb();
    let (served, errors) = hammer(addr, 200, Duration::from_secs(10));
    let after = rss_kb();
    eprintln!(
        "{served} responses from 200 keep-alive clients in 10 s; RSS {before} kB → {after} kB"
    );
    assert_eq!(errors, 0, "{served} served");
    assert!(served > 2_000, "only {served} responses in 10 s");
    // Test threads and the server share the process: a leak per request would
    // show as growth proportional to the responses served.
    assert!(
        after < before + 64 * 1024,
        "RSS grew from {before} kB to {after} kB over {served} responses"
    );
}

#[test]
fn a_client_that_never_finishes_its_headers_is_dropped() {
    let (_dir, server) = site();
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    stream.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: ").unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let start = Instant::now();
    let mut buf = Vec::new();
    let _ = stream.read_to_end(&mut buf);
    let waited = start.elapsed();
    assert!(waited < Duration::from_secs(12), "still connected after {waited:?}");
    assert!(!String::from_utf8_lossy(&buf).contains("200 OK"));
    // The server still serves others.
    let mut ok = TcpStream::connect(server.addr()).unwrap();
    ok.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
    assert_eq!(read_response(&mut BufReader::new(ok)).unwrap(), 200);
}

#[test]
fn huge_headers_and_paths_are_refused() {
    let (_dir, server) = site();
    // A 1 MiB header: refused (431) or the connection is closed; never served.
    let mut stream = TcpStream::connect(server.addr()).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let big = "a".repeat(1 << 20);
    let _ = stream
        .write_all(format!("GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: {big}\r\n\r\n").as_bytes());
    let mut reply = Vec::new();
    let _ = stream.read_to_end(&mut reply);
    let reply = String::from_utf8_lossy(&reply);
    assert!(
        reply.is_empty() || reply.starts_with("HTTP/1.1 431"),
        "{}",
        &reply[..reply.len().min(200)]
    );

    // A 10 kB path: 414.
    let stream = TcpStream::connect(server.addr()).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let path = format!("/{}", "x/".repeat(5_000));
    (&stream)
        .write_all(format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").as_bytes())
        .unwrap();
    assert_eq!(read_response(&mut BufReader::new(stream)).unwrap(), 414);
}
