//! Inputs found by fuzzing (fuzz/), each replayed through its target's entry
//! point. None may panic; each must answer with a value or a clear error.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::*;

fn fuzz_inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = repo().join("tests/fixtures/adversarial/fuzz").join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

#[test]
fn fuzz_regressions() {
    let config = broadsheet::config::Config::parse(
        "base_url = \"https://example.org/sub/\"\ndefault_language = \"zh\"\n[languages.zh]\ntag = \"zh-Hans\"\ntitle = \"站\"\n[languages.en]\ntitle = \"Site\"\n",
        Path::new("config.toml"),
    )
    .unwrap();
    for (path, bytes) in fuzz_inputs("import") {
        let text = String::from_utf8_lossy(&bytes);
        let (result, _) = within(Duration::from_secs(20), &path.display().to_string(), {
            let text = text.to_string();
            move || {
                broadsheet::import::parse(&text)
                    .map(|a| broadsheet::import::to_markdown(&a, &Default::default()))
                    .map_err(|e| e.to_string())
            }
        });
        if let Ok(page) = result {
            broadsheet::content::parse_source(page, Path::new("article/index.md"), &config)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }
    for (path, bytes) in fuzz_inputs("front_matter") {
        let Some((&pick, rest)) = bytes.split_first() else { continue };
        let rel = ["a.md", "notes/b.en.md", "_index.md", "article/index.md"][usize::from(pick) % 4];
        if let Ok(text) = broadsheet::fs::decode(rest, Path::new(rel))
            && let Err(e) = broadsheet::content::parse_source(text, Path::new(rel), &config)
        {
            assert!(!e.to_string().is_empty(), "{}", path.display());
        }
    }
    for (path, bytes) in fuzz_inputs("markdown") {
        let Ok(body) = String::from_utf8(bytes) else { continue };
        let (html, took) =
            within(Duration::from_secs(20), &path.display().to_string(), move || {
                let photo =
                    |id: &str, _: &str| (id == "p1").then(|| "<figure>P1</figure>".to_string());
                let env =
                    broadsheet::markdown::PageEnv { photo: &photo, photo_ids: &[], quotes: &[] };
                let r = broadsheet::markdown::render(&body, &env);
                broadsheet::minify::html(r.html.as_bytes())
            });
        assert!(took < Duration::from_secs(20), "{}", path.display());
        drop(html);
    }
    let paths = fuzz_inputs("serve_path");
    if !paths.is_empty() {
        let site = Site::basic();
        let opts = broadsheet::serve::ServeOptions {
            port: 0,
            ..broadsheet::serve::ServeOptions::new(site.root())
        };
        let server = broadsheet::serve::start(opts, |_| {}).unwrap();
        for (path, bytes) in paths {
            // As the fuzz target sends it: bytes a request line cannot hold, encoded.
            let mut target = String::from("/");
            for b in bytes {
                if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/%?".contains(&b) {
                    target.push(char::from(b));
                } else {
                    target.push_str(&format!("%{b:02X}"));
                }
            }
            let status = http_status(server.addr(), &target);
            assert!(
                matches!(status, 200 | 308 | 400 | 404),
                "{}: GET {target} → {status}",
                path.display()
            );
        }
        server.stop().unwrap();
    }
}

fn http_status(addr: std::net::SocketAddr, target: &str) -> u16 {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = Vec::new();
    let _ = s.read_to_end(&mut answer);
    let line = String::from_utf8_lossy(&answer);
    line.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0)
}
