//! The HTTP side of `serve`: every request answered from the in-memory build.
//!
//! No request path is ever joined onto the file system: [`resolve`] decides
//! from the map of built files alone (clean URLs, 308 to the slash form, each
//! language's 404 page), so nothing outside the built site can be read.
//! Responses are never cached; HTML gets the live-reload script.
//!
//! The translation desk under [`DESK_PATH`] is the one exception to "from
//! memory": it is computed from the site's files on each request (see
//! [`desk_page`]), and its address is only ever compared with the list of
//! translated pages, never joined onto a path.

use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::desk::{self, DESK_PATH, Listed, Tags};
use super::rebuild::Files;
use super::reload::{Shared, events, inject};
use super::{EVENTS_PATH, MAX_PATH};
use crate::config::Config;
use crate::translate::files::page_status;
use crate::translate::pages::{Languages, translations};

/// `root` is the site folder, which only the translation desk reads.
pub fn router(shared: Arc<Shared>, root: &Path) -> Router {
    let root: Arc<Path> = Arc::from(root);
    let desk = move |uri: Uri| desk_page(Arc::clone(&root), uri);
    let bare = DESK_PATH.trim_end_matches('/');
    Router::new()
        .route(EVENTS_PATH, get(events))
        .route(bare, get(|| async { redirect(DESK_PATH.to_string()) }))
        .route(DESK_PATH, get(desk.clone()))
        .route(&format!("{DESK_PATH}{{*rest}}"), get(desk))
        .fallback(files)
        .with_state(shared)
}

/// The translation desk, read from the files now: a translator saves and the
/// page reloads with what is on disk, whether or not the site changed. It is
/// a preview tool, and reading every translation of the default site takes a
/// fraction of a second, so nothing is cached; the reading runs on a blocking
/// thread, so pages keep being served meanwhile.
async fn desk_page(root: Arc<Path>, uri: Uri) -> Response {
    if uri.path().len() > MAX_PATH {
        return plain(StatusCode::URI_TOO_LONG, "request path too long\n");
    }
    let rest = uri.path().strip_prefix(DESK_PATH).unwrap_or_default().to_string();
    match tokio::task::spawn_blocking(move || read_desk(&root, &rest)).await {
        Ok((status, html)) => no_store(
            Response::builder()
                .status(status)
                .header(header::CONTENT_TYPE, "text/html; charset=utf-8"),
            Body::from(inject(html.as_bytes())),
        ),
        Err(_) => plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the translation desk crashed: this is a bug in broadsheet, please report it\n",
        ),
    }
}

/// The desk page for `rest` (the percent-encoded path after [`DESK_PATH`]):
/// the index when empty, else the translation it names, else a 404 page that
/// lists the translated pages.
fn read_desk(root: &Path, rest: &str) -> (StatusCode, String) {
    let unreadable =
        |message: String| (StatusCode::INTERNAL_SERVER_ERROR, desk::unreadable(&message));
    let config = match Config::load(root) {
        Ok(config) => config,
        Err(e) => return unreadable(e.to_string()),
    };
    let langs = Languages {
        default: config.default_language.clone(),
        all: config.languages.iter().map(|l| l.code.clone()).collect(),
    };
    let pages = match translations(root, None, &langs) {
        Ok(pages) => pages,
        Err(e) => return unreadable(e.to_string()),
    };
    if rest.is_empty() {
        let listed: Vec<Listed> = pages
            .iter()
            .map(|p| Listed {
                page: p.clone(),
                status: page_status(root, p).map_err(|e| e.to_string()),
            })
            .collect();
        return (StatusCode::OK, desk::index(&listed));
    }
    let Some(page) = desk::find(&pages, rest) else {
        return (StatusCode::NOT_FOUND, desk::not_found(rest, &pages));
    };
    match page_status(root, page) {
        Ok(status) => {
            let tags = Tags {
                source: tag(&config, &page.source_lang),
                translation: tag(&config, &page.lang),
            };
            (StatusCode::OK, desk::page(&status, tags))
        }
        Err(e) => unreadable(e.to_string()),
    }
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
        Resolved::Redirect(to) => redirect(match uri.query() {
            Some(query) => format!("{to}?{query}"),
            None => to,
        }),
        Resolved::Missing => no_store(
            Response::builder()
                .status(StatusCode::NOT_FOUND)
                .header(header::CONTENT_TYPE, "text/html; charset=utf-8"),
            Body::from(inject(FALLBACK_404.as_bytes())),
        ),
        Resolved::Refused => plain(StatusCode::BAD_REQUEST, "bad request path\n"),
    }
}

/// A language's `lang` tag (`zh-Hans`), or its code when the config has none.
fn tag<'a>(config: &'a Config, code: &'a str) -> &'a str {
    config
        .languages
        .iter()
        .find(|l| l.code == code && !l.tag.is_empty())
        .map_or(code, |l| l.tag.as_str())
}

fn redirect(to: String) -> Response {
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

pub fn is_html(key: &str) -> bool {
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
    crate::text::media_type(key)
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
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("en/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.1a2b3c4d.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("favicon.svg"), "image/svg+xml");
        assert_eq!(content_type("sitemap.xml"), "application/xml");
        assert_eq!(content_type("robots.txt"), "text/plain; charset=utf-8");
        assert_eq!(content_type("photos/P1.JPG"), "image/jpeg");
        assert_eq!(content_type("v1.2/data"), "application/octet-stream");
    }
}
