//! Bad input, faults and hostile content: broadsheet answers each with a clear
//! error (or, where the input is fine, a site), never a panic, a hang, a write
//! outside the output folder or a half-written site.
//!
//! Each test builds a fixture site in a temp folder (the `basic` fixture and
//! the default theme, as `tests/site/common.rs` does, or the real site), adds
//! the adversarial files, and checks the message a person sees and what is on
//! disk afterwards. Big inputs are generated here, not committed. The
//! fault-injection tests run the `broadsheet` binary and SIGKILL it mid-build.
//! Inputs the fuzzers (`fuzz/`) found live in `tests/fixtures/adversarial/fuzz/`
//! and are replayed by `fuzz_regressions`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use broadsheet::{BuildOptions, Diagnostic, Severity};
use scraper::{Html, Selector};

#[path = "support/mod.rs"]
mod support;
use support::{copy_tree, repo};

// ---------------------------------------------------------------------------
// Helpers

/// A site in a temp folder: `TMP/site` is the root, `TMP/public` the output.
struct Site {
    tmp: tempfile::TempDir,
}

impl Site {
    /// The `basic` fixture with the default theme.
    fn basic() -> Site {
        let tmp = tempfile::tempdir().unwrap();
        copy_tree(&repo().join("tests/fixtures/basic"), &tmp.path().join("site"));
        copy_tree(&repo().join("templates"), &tmp.path().join("site/templates"));
        Site { tmp }
    }

    /// The real site of this repository (article, figures, photos).
    fn real() -> Site {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        for part in ["content", "templates"] {
            copy_tree(&repo().join(part), &root.join(part));
        }
        std::fs::copy(repo().join("config.toml"), root.join("config.toml")).unwrap();
        Site { tmp }
    }

    fn root(&self) -> PathBuf {
        self.tmp.path().join("site")
    }

    fn out(&self) -> PathBuf {
        self.tmp.path().join("public")
    }

    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root().join(rel)).unwrap()
    }

    fn build(&self) -> broadsheet::Result<broadsheet::Summary> {
        broadsheet::build(&BuildOptions::new(self.root()).output(self.out()))
    }

    /// Builds and expects errors: returns them, after checking that nothing
    /// was written anywhere (no output, no staging folder, sources untouched).
    /// Only the output's recycling folder `.public.prev` may change: a build
    /// that fails while rendering leaves its files there for the next one.
    fn fails(&self) -> Vec<Diagnostic> {
        let recycled = |s: BTreeMap<PathBuf, String>| {
            s.into_iter()
                .filter(|(p, _)| !p.starts_with(".public.prev"))
                .collect::<BTreeMap<_, _>>()
        };
        let before = recycled(snapshot(self.tmp.path()));
        let err = match self.build() {
            Ok(s) => panic!("built {} pages without an error", s.pages),
            Err(e) => e,
        };
        assert_eq!(recycled(snapshot(self.tmp.path())), before, "a failed build changed the disk");
        // What `main.rs` prints ends with the count and the promise.
        assert!(err.to_string().ends_with("found; nothing was written"), "{err}");
        let diags = err.diagnostics();
        assert!(diags.iter().any(Diagnostic::is_error), "{diags:#?}");
        diags
    }

    /// Builds and expects success.
    fn builds(&self) -> PathBuf {
        self.build().unwrap_or_else(|e| panic!("{e}"));
        self.out()
    }
}

/// Every path under `dir` (symlinks not followed) with a hash of its bytes, or
/// its link target.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).follow_links(false).sort_by_file_name() {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(dir).unwrap().to_path_buf();
        let what = if entry.file_type().is_symlink() {
            format!("-> {}", std::fs::read_link(entry.path()).unwrap().display())
        } else if entry.file_type().is_file() {
            format!("{:016x}", broadsheet::text::fnv1a(&std::fs::read(entry.path()).unwrap()))
        } else {
            "dir".into()
        };
        out.insert(rel, what);
    }
    out
}

/// The one error of a code among the findings.
fn error<'a>(diags: &'a [Diagnostic], code: &str) -> &'a Diagnostic {
    diags
        .iter()
        .find(|d| d.code == code && d.severity == Severity::Error)
        .unwrap_or_else(|| panic!("no `{code}` error in {diags:#?}"))
}

/// Runs `f` on a thread; fails the test if it takes longer than `limit`.
fn within<T: Send + 'static>(
    limit: Duration,
    what: &str,
    f: impl FnOnce() -> T + Send + 'static,
) -> (T, Duration) {
    let (tx, rx) = mpsc::channel();
    let start = Instant::now();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(limit) {
        Ok(v) => (v, start.elapsed()),
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{what} took longer than {limit:?}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{what} panicked"),
    }
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn front(title: &str, rest: &str) -> String {
    format!("+++\ntitle = \"{title}\"\n{rest}+++\n")
}

// ---------------------------------------------------------------------------
// Paths: slugs, links and templates that try to leave the site

#[test]
fn slug_dot_dot_is_refused() {
    let site = Site::basic();
    site.write("content/notes/first.md", front("第一篇", "slug = \"..\"\n") + "\n正文\n");
    let diags = site.fails();
    let d = error(&diags, "path");
    assert_eq!(d.message, "`..` cannot be part of a URL path");
    assert_eq!(d.path.as_deref(), Some(Path::new("content/notes/first.md")));
    assert!(d.help.as_deref().unwrap().contains("slugs without `/` or `..`"), "{d}");
}

#[test]
fn absolute_and_climbing_slugs_are_refused() {
    for slug in
        ["/etc/cron.d/evil", "../../../outside", "a/../../b", "\\\\server\\\\share", ".", " "]
    {
        let site = Site::basic();
        site.write("content/notes/first.md", front("第一篇", &format!("slug = \"{slug}\"\n")));
        let diags = site.fails();
        let d = error(&diags, "path");
        assert!(d.message.ends_with("cannot be part of a URL path"), "{slug}: {d}");
        assert_eq!(d.path.as_deref(), Some(Path::new("content/notes/first.md")), "{slug}");
    }
}

#[test]
fn a_link_climbing_out_of_content_is_a_broken_link() {
    let site = Site::basic();
    site.write(
        "content/notes/first.md",
        front("第一篇", "") + "\n见[密码](@/../../../etc/passwd.md)。\n",
    );
    let diags = site.fails();
    let d = error(&diags, "broken-link");
    assert_eq!(d.message, "link to `@/../../../etc/passwd.md`, which does not exist in `zh`");
    assert_eq!((d.line, d.column), (Some(5), Some(2)), "{d}");
}

#[test]
fn a_template_path_climbing_out_of_templates_is_unknown() {
    let site = Site::basic();
    site.write(
        "content/notes/first.md",
        front("第一篇", "template = \"../../../../etc/passwd\"\n"),
    );
    let diags = site.fails();
    let d = diags.iter().find(|d| d.is_error()).unwrap();
    assert!(d.message.contains("`../../../../etc/passwd` does not exist"), "{d}");
}

// ---------------------------------------------------------------------------
// Symbolic links

#[cfg(unix)]
#[test]
fn a_symlink_loop_in_content_is_refused_not_followed() {
    let site = Site::basic();
    std::os::unix::fs::symlink(".", site.root().join("content/notes/loop")).unwrap();
    std::os::unix::fs::symlink("self", site.root().join("content/self")).unwrap();
    let (diags, took) = within(Duration::from_secs(30), "a build over a symlink loop", move || {
        let d = site.fails();
        drop(site);
        d
    });
    assert!(took < Duration::from_secs(30));
    let messages: Vec<&str> =
        diags.iter().filter(|d| d.code == "symlink").map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "`content/notes/loop` is a symbolic link; links are not followed",
            "`content/self` is a symbolic link; links are not followed",
        ]
    );
    let d = error(&diags, "symlink");
    assert_eq!(d.help.as_deref(), Some("replace the link with the file or folder itself"));
}

#[cfg(unix)]
#[test]
fn a_symlink_pointing_outside_content_is_refused_and_nothing_leaks() {
    let site = Site::basic();
    let secret = site.tmp.path().join("secret");
    std::fs::create_dir(&secret).unwrap();
    std::fs::write(secret.join("key.md"), front("SECRET-KEY", "") + "SECRET-KEY\n").unwrap();
    std::fs::write(secret.join("key.txt"), "SECRET-KEY").unwrap();
    std::os::unix::fs::symlink(&secret, site.root().join("content/outside")).unwrap();
    std::os::unix::fs::symlink(secret.join("key.txt"), site.root().join("content/key.txt"))
        .unwrap();
    std::os::unix::fs::symlink("/etc/passwd", site.root().join("content/notes/passwd.md")).unwrap();
    let diags = site.fails();
    let links: Vec<_> = diags.iter().filter(|d| d.code == "symlink").collect();
    assert_eq!(links.len(), 3, "{diags:#?}");
    assert!(
        links
            .iter()
            .any(|d| d.message == "`content/outside` is a symbolic link; links are not followed")
    );
    assert!(!format!("{diags:?}").contains("SECRET-KEY"));
}

#[cfg(unix)]
#[test]
fn a_symlinked_template_is_ignored_not_read() {
    let site = Site::basic();
    let secret = site.tmp.path().join("secret.html");
    std::fs::write(&secret, "SECRET-TEMPLATE").unwrap();
    std::fs::remove_file(site.root().join("templates/page.html")).unwrap();
    std::os::unix::fs::symlink(&secret, site.root().join("templates/page.html")).unwrap();
    std::os::unix::fs::symlink(&secret, site.root().join("templates/static/leak.txt")).unwrap();
    // Without its page template the build fails, naming it; the link is not read.
    let diags = site.fails();
    let text = format!("{diags:?}");
    assert!(text.contains("`page.html` does not exist"), "{text}");
    assert!(!text.contains("SECRET-TEMPLATE"), "{text}");
}

#[cfg(unix)]
#[test]
fn a_named_pipe_in_content_is_skipped_not_read() {
    let site = Site::basic();
    for rel in ["content/notes/pipe.md", "content/notes/photos.toml", "content/notes/pipe.txt"] {
        let path =
            std::ffi::CString::new(site.root().join(rel).into_os_string().into_encoded_bytes())
                .unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o644) }, 0);
    }
    // Reading a pipe with no writer would block forever.
    let (out, _) = within(Duration::from_secs(30), "a build over named pipes", move || {
        let out = site.builds();
        (out, site)
    });
    assert!(!out.0.join("notes/pipe").exists());
    assert!(!out.0.join("notes/pipe.txt").exists());
}

// ---------------------------------------------------------------------------
// Output folders that would overwrite the sources

#[test]
fn output_folder_on_the_sources_is_refused() {
    let site = Site::basic();
    let root = site.root();
    let cases = [
        (root.join("content"), "is inside `content/`"),
        (root.join("content/notes/out"), "is inside `content/`"),
        (root.join("templates"), "is inside `templates/`"),
        (root.join("templates/static/x"), "is inside `templates/`"),
        (root.join("content/../templates/./out"), "is inside `templates/`"),
        (root.clone(), "contains the site itself"),
        (site.tmp.path().to_path_buf(), "contains the site itself"),
        (PathBuf::from("/"), "contains the site itself"),
    ];
    let before = snapshot(site.tmp.path());
    for (out, expected) in cases {
        let err = broadsheet::build(&BuildOptions::new(&root).output(&out)).unwrap_err();
        let d = &err.diagnostics()[0];
        assert_eq!(d.code, "output-dir", "{}: {d}", out.display());
        assert!(d.message.ends_with(expected), "{}: {d}", out.display());
        assert!(d.help.is_some());
        assert_eq!(snapshot(site.tmp.path()), before, "{}", out.display());
    }
    // The same through `output_dir` in config.toml, relative to the root.
    for dir in ["content", "templates/x", ".", ".."] {
        let config = site.read("config.toml");
        site.write("config.toml", format!("output_dir = \"{dir}\"\n{config}"));
        let err = broadsheet::build(&BuildOptions::new(&root)).unwrap_err();
        assert_eq!(err.diagnostics()[0].code, "output-dir", "{dir}: {err}");
        site.write("config.toml", config);
    }
}

#[cfg(unix)]
#[test]
fn output_folder_reached_through_a_symlink_into_content_is_refused() {
    let site = Site::basic();
    let root = site.root();
    // `site/link` → `site/content`, so `site/link/public` is `content/public`.
    std::os::unix::fs::symlink(root.join("content"), site.tmp.path().join("link")).unwrap();
    let before = snapshot(&root);
    let err =
        broadsheet::build(&BuildOptions::new(&root).output(site.tmp.path().join("link/public")))
            .unwrap_err();
    let d = &err.diagnostics()[0];
    assert_eq!(d.code, "output-dir", "{d}");
    assert!(d.message.contains("is inside `content/`"), "{d}");
    assert_eq!(snapshot(&root), before);
}

#[cfg(unix)]
#[test]
fn output_folder_that_is_a_symlink_to_content_is_refused() {
    let site = Site::basic();
    let root = site.root();
    let out = site.tmp.path().join("public");
    std::os::unix::fs::symlink(root.join("content"), &out).unwrap();
    let before = snapshot(&root);
    let err = broadsheet::build(&BuildOptions::new(&root).output(&out)).unwrap_err();
    assert_eq!(err.diagnostics()[0].code, "output-dir", "{err}");
    assert_eq!(snapshot(&root), before);
}

// ---------------------------------------------------------------------------
// Size and depth

#[test]
fn a_50_mb_markdown_file_is_refused_at_once() {
    let site = Site::basic();
    let paragraph = "江门高新区高质量发展“热辣滚烫”。The zone grew by 5% in 2024.\n\n";
    let mut text = front("大", "");
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(paragraph);
    }
    site.write("content/big.md", &text);
    drop(text);
    let (diags, took) = within(Duration::from_secs(60), "a 50 MB page", move || site.fails());
    let d = error(&diags, "too-large");
    assert_eq!(d.message, "`content/big.md` is 50.0 MB; broadsheet reads files of up to 2 MB");
    assert_eq!(d.path.as_deref(), Some(Path::new("content/big.md")));
    assert_eq!(d.help.as_deref(), Some("split it into several pages, or move it out of content/"));
    // Only that one error: the page stands in with an empty body.
    assert_eq!(diags.iter().filter(|d| d.is_error()).count(), 1, "{diags:#?}");
    eprintln!("50 MB page refused in {took:?}");
}

#[test]
fn a_page_just_under_the_size_limit_builds_in_bounded_time() {
    let site = Site::basic();
    let block = "## 第一节 Section\n\n江门高新区高质量发展“热辣滚烫”，2024年2月18日召开大会。\nThe zone grew by 5% in 2024, with *emphasis*, **strong** text and `code`.\n\n- 项目一\n- item [a link](https://example.org/)\n\n> 引用 quote\n\n| a | b |\n| - | - |\n| 1 | 2 |\n\n";
    let mut text = front("大", "");
    while text.len() + block.len() <= broadsheet::fs::MAX_FILE_BYTES {
        text.push_str(block);
    }
    site.write("content/big.md", &text);
    let (out, took) = within(Duration::from_secs(60), "a 2 MB page", move || {
        let out = site.builds();
        (std::fs::metadata(out.join("big/index.html")).unwrap().len(), site)
    });
    assert!(out.0 > 1_000_000, "{}", out.0);
    eprintln!("2 MB page built in {took:?}");
}

/// 10,000 levels of nesting, in every form: the page is built (left
/// unminified: minify-html's recursive parser would overflow the stack).
#[test]
fn ten_thousand_levels_of_nesting_build_in_bounded_time() {
    let site = Site::basic();
    let n = 10_000;
    let cases = [
        ("lists", "- ".repeat(n) + "x\n"),
        ("ordered", "1. ".repeat(n) + "x\n"),
        ("quotes", "> ".repeat(n) + "x\n"),
        ("mixed", "> - ".repeat(n / 2) + "x\n"),
        ("html", "<div>".repeat(n) + "x" + &"</div>".repeat(n) + "\n"),
        ("indented", (0..n).map(|i| format!("{}- x\n", " ".repeat(2 * (i % 100)))).collect()),
    ];
    for (name, body) in &cases {
        site.write(&format!("content/deep/{name}.md"), front(name, "") + "\n" + body);
    }
    let (out, took) = within(Duration::from_secs(60), "10,000 levels of nesting", move || {
        let out = site.builds();
        (out, site)
    });
    eprintln!("10,000 levels of nesting built in {took:?}");
    let (out, _site) = out;
    for (name, _) in &cases {
        let html = std::fs::read_to_string(out.join(format!("deep/{name}/index.html"))).unwrap();
        // Whole: title, body and footer (scraper would take minutes on these).
        assert!(html.contains(&format!(">{name}</h1>")), "{name}: the page is whole");
        assert!(html.contains("<footer class"), "{name}: the page is whole");
    }
    let html = std::fs::read_to_string(out.join("deep/quotes/index.html")).unwrap();
    assert_eq!(html.matches("<blockquote>").count(), n);
}

#[test]
fn thousands_of_equal_headings_and_broken_links_stay_linear() {
    // Before: every heading retried every suffix (quadratic: 20,000 equal
    // headings took 77 s in a release build), and each finding rescanned the
    // page for its line.
    let site = Site::basic();
    site.write("content/dup.md", front("重复", "") + &"## 标题\n\n![](x.png)\n\n".repeat(20_000));
    let (summary, took) = within(Duration::from_secs(60), "20,000 equal headings", move || {
        site.build().unwrap_or_else(|e| panic!("{e}"))
    });
    eprintln!("20,000 equal headings and images without alt text built in {took:?}");
    let on_page: Vec<_> = summary
        .notes
        .iter()
        .filter(|d| d.path.as_deref() == Some(Path::new("content/dup.md")))
        .filter(|d| d.code != "missing-translation")
        .collect();
    assert_eq!(on_page.len(), 101, "the first 100 findings and one that counts the rest");
    let more = on_page.last().unwrap();
    // 19,999 heading collisions and 20,000 images without alt text.
    assert_eq!(more.message, format!("and {} more problems like these on this page", 39_999 - 100));
    assert_eq!(more.severity, Severity::Warning);
    assert_eq!(
        more.help.as_deref(),
        Some("only the first 100 are shown; fix those and build again")
    );

    let site = Site::basic();
    let links = "[a](@/nope.md) [b](@/notes/first.md#nope)\n".repeat(20_000);
    site.write("content/links.md", front("链接", "") + &links);
    let (diags, took) =
        within(Duration::from_secs(60), "40,000 broken links", move || site.fails());
    eprintln!("40,000 broken links reported in {took:?}");
    assert_eq!(diags.len(), 101, "the first 100 errors and one that counts the rest");
    let more = diags.last().unwrap();
    assert_eq!(more.message, format!("and {} more problems like these on this page", 40_000 - 100));
    assert!(more.is_error());
    assert_eq!(diags[1].message, "`@/notes/first.md` has no anchor `#nope` in `zh`");
    assert_eq!(
        diags[1].help.as_deref(),
        Some("did you mean `#1`? anchors are heading ids and figure sentences")
    );
}

// ---------------------------------------------------------------------------
// Encodings

#[test]
fn invalid_utf8_names_file_line_and_column() {
    let site = Site::basic();
    site.write(
        "content/notes/first.md",
        [front("第一篇", "").as_bytes(), b"\nok\nbad \xC3\x28 here\n"].concat(),
    );
    let diags = site.fails();
    let d = error(&diags, "encoding");
    assert_eq!(d.message, "`content/notes/first.md` is not valid UTF-8 (byte 36)");
    assert_eq!((d.line, d.column), (Some(6), Some(5)));
    assert_eq!(d.help.as_deref(), Some("save the file as UTF-8 in your editor"));
    // Only that error: the page stands in with its readable text, so the link
    // to it from the home page still resolves.
    assert_eq!(diags.len(), 1, "{diags:#?}");
}

#[test]
fn nul_bytes_are_refused_with_their_line() {
    let site = Site::basic();
    site.write("content/notes/first.md", front("第一篇", "") + "\n第一行\n第二\0行\n");
    let diags = site.fails();
    let d = error(&diags, "encoding");
    assert_eq!(d.message, "`content/notes/first.md` contains a NUL byte; it is not a text file");
    assert_eq!((d.line, d.column), (Some(6), Some(3)));
    // In a data file too.
    let site = Site::basic();
    site.write("content/notes/photos.toml", "[[photo]]\nid = \"p\0\"\n");
    let d = &site.fails()[0];
    assert_eq!(d.message, "`content/notes/photos.toml` contains a NUL byte; it is not a text file");
    assert_eq!(d.line, Some(2));
}

#[test]
fn bom_and_crlf_work_everywhere() {
    let site = Site::basic();
    let crlf = |s: &str| [b"\xEF\xBB\xBF".as_slice(), s.replace('\n', "\r\n").as_bytes()].concat();
    site.write("content/notes/first.md", crlf("+++\ntitle = \"第一篇\"\ndescription = \"描述\"\n+++\n\n第一行\n第二行\n\n## 聚力科技创新\n\nfirst\nsecond\n"));
    site.write(
        "content/_index.md",
        crlf("+++\ntitle = \"首页\"\n+++\n\n阅读[笔记](@/notes/first.md#聚力科技创新)。\n"),
    );
    let config = site.read("config.toml");
    site.write("config.toml", crlf(&config));
    let zh = site.read("templates/i18n/zh.toml");
    site.write("templates/i18n/zh.toml", crlf(&zh));
    site.write("content/notes/photos.toml", crlf("[[photo]]\nid = \"p1\"\ncaption = { zh = \"图\", en = \"Photo\" }\ncredit = { zh = \"摄\", en = \"By\" }\nalt = { zh = \"图\", en = \"Photo\" }\n"));
    let out = site.builds();
    let html = std::fs::read_to_string(out.join("notes/first/index.html")).unwrap();
    assert!(!html.contains('\r') && !html.contains('\u{feff}'), "no CR or BOM in the output");
    let doc = Html::parse_document(&html);
    let title: String = doc.select(&sel("h1")).next().unwrap().text().collect();
    assert_eq!(title.trim(), "第一篇");
    let paras: Vec<String> = doc.select(&sel("main p")).map(|p| p.text().collect()).collect();
    assert!(paras.iter().any(|p| p == "第一行第二行"), "CJK soft break removed: {paras:?}");
    assert!(paras.iter().any(|p| p == "first second" || p == "first\nsecond"), "{paras:?}");
    assert!(doc.select(&sel("h2#聚力科技创新")).next().is_some(), "heading id without CR");
    let home = Html::parse_document(&std::fs::read_to_string(out.join("index.html")).unwrap());
    let hrefs: Vec<&str> =
        home.select(&sel("main a")).filter_map(|a| a.value().attr("href")).collect();
    assert!(hrefs.contains(&"/notes/first/#聚力科技创新"), "anchor across CRLF files: {hrefs:?}");
}

// ---------------------------------------------------------------------------
// Huge front matter

#[test]
fn front_matter_with_1_mb_strings_builds() {
    let site = Site::basic();
    let big = "长".repeat(350_000); // 1 MB of UTF-8
    site.write("content/notes/first.md", format!("+++\ntitle = \"{big}\"\n+++\n\n正文\n"));
    site.write(
        "content/notes/second.md",
        format!("+++\ntitle = \"二\"\ndescription = \"{big}\"\n+++\n"),
    );
    site.write(
        "content/notes/first.en.md",
        format!("+++\ntitle = \"First\"\n[extra]\n\"{big}\" = 1\n+++\n"),
    );
    let (out, took) = within(Duration::from_secs(60), "1 MB front matter strings", move || {
        let out = site.builds();
        let read = |rel: &str| std::fs::read_to_string(out.join(rel)).unwrap();
        (read("notes/first/index.html"), read("notes/second/index.html"), site)
    });
    eprintln!("1 MB front matter strings built in {took:?}");
    let doc = Html::parse_document(&out.0);
    let h1: String = doc.select(&sel("h1")).next().unwrap().text().collect();
    assert_eq!(h1.trim().chars().count(), 350_000);
    let doc = Html::parse_document(&out.1);
    let description = doc.select(&sel("meta[name=description]")).next().unwrap();
    assert_eq!(description.value().attr("content").unwrap().chars().count(), 350_000);
}

#[test]
fn a_1_mb_string_left_open_names_its_line() {
    let site = Site::basic();
    let big = "长".repeat(350_000);
    site.write(
        "content/notes/first.md",
        format!("+++\ntitle = \"第一篇\"\ndescription = \"{big}\n+++\n"),
    );
    let diags = site.fails();
    let d = error(&diags, "toml");
    assert_eq!(d.path.as_deref(), Some(Path::new("content/notes/first.md")));
    assert_eq!(d.line, Some(3), "{}", d.message);
    assert!(d.message.starts_with("invalid TOML: "), "{}", d.message);
    // What a person sees: the place, and the line shown cut to a window.
    let shown = d.to_string();
    assert!(shown.contains("--> content/notes/first.md:3:"), "{}", &shown[..200]);
    assert!(shown.len() < 2_000, "the 1 MB line is not printed whole ({} bytes)", shown.len());
}

// ---------------------------------------------------------------------------
// HTML and scripts in every field that reaches a page

/// Markup, attribute breakouts and the ends of the raw-text elements a value
/// may land in (`<title>`, `<style>`, comments).
const PAYLOAD: &str =
    r#"</title></style>--><script>alert(1)</script><img src=x onerror=alert(2)>"'&amp;"#;

/// Puts `PAYLOAD` into every text field of the real site's data files and
/// front matter: titles, descriptions, the kicker, photo captions, credits and
/// alt texts, figure labels, values and units, group names, chart titles and
/// descriptions, and a chart id.
fn hostile_site() -> Site {
    let site = Site::real();
    let escaped = PAYLOAD.replace('\\', "\\\\").replace('"', "\\\"");
    for rel in [
        "content/article/index.md",
        "content/article/index.en.md",
        "content/about.md",
        "content/about.en.md",
    ] {
        let text = site.read(rel);
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        for line in lines.iter_mut().take_while(|l| !l.is_empty()).skip(1) {
            for key in ["title = \"", "description = \"", "kicker = \""] {
                if let Some(rest) = line.strip_prefix(key) {
                    *line = format!("{key}{escaped}{rest}");
                }
            }
        }
        site.write(rel, lines.join("\n") + "\n");
    }
    let mut photos: toml::Table =
        toml::from_str(&site.read("content/article/photos.toml")).unwrap();
    for photo in photos["photo"].as_array_mut().unwrap() {
        for field in ["caption", "credit", "alt"] {
            for (_, text) in photo[field].as_table_mut().unwrap() {
                *text = toml::Value::String(format!("{PAYLOAD}{}", text.as_str().unwrap()));
            }
        }
    }
    site.write("content/article/photos.toml", toml::to_string(&photos).unwrap());
    let mut figures: toml::Table = toml::from_str(&site.read("content/figures.toml")).unwrap();
    for (_, name) in figures["groups"].as_table_mut().unwrap() {
        for (_, text) in name.as_table_mut().unwrap() {
            *text = toml::Value::String(format!("{PAYLOAD}{}", text.as_str().unwrap()));
        }
    }
    for figure in figures["figure"].as_array_mut().unwrap() {
        for field in ["label", "unit", "display"] {
            if let Some(map) = figure.get_mut(field).and_then(toml::Value::as_table_mut) {
                for (_, text) in map {
                    *text = toml::Value::String(format!("{PAYLOAD}{}", text.as_str().unwrap()));
                }
            }
        }
    }
    let charts = figures["chart"].as_array_mut().unwrap();
    charts[0]["id"] = toml::Value::String("x\"><script>alert(3)</script>".into());
    for chart in charts {
        for field in ["title", "description"] {
            if let Some(map) = chart.get_mut(field).and_then(toml::Value::as_table_mut) {
                for (_, text) in map {
                    *text = toml::Value::String(format!("{PAYLOAD}{}", text.as_str().unwrap()));
                }
            }
        }
    }
    site.write("content/figures.toml", toml::to_string(&figures).unwrap());
    site
}

/// The HTML with the values of quoted attributes and the text of `<title>`
/// (where `<` is only text too) blanked out.
fn tags_outside_attributes(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let (mut in_tag, mut quote) = (false, None);
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if !in_tag && rest.starts_with("<title>") {
            let end = rest.find("</title>").expect("a closed <title>");
            out.push_str("<title>");
            out.extend(std::iter::repeat_n(' ', rest[7..end].chars().count()));
            rest = &rest[end..];
            continue;
        }
        rest = &rest[c.len_utf8()..];
        match (in_tag, quote, c) {
            (true, None, '"' | '\'') => quote = Some(c),
            (true, Some(q), _) if c == q => quote = None,
            (true, Some(_), _) => {
                out.push(' ');
                continue;
            }
            (true, None, '>') => in_tag = false,
            (false, _, '<') => in_tag = true,
            _ => {}
        }
        out.push(c);
    }
    out
}

#[test]
fn html_in_titles_captions_and_labels_is_escaped_in_every_output() {
    let site = hostile_site();
    let out = site.builds();
    let mut pages = 0;
    let mut seen_payload = 0;
    for entry in walkdir::WalkDir::new(&out) {
        let entry = entry.unwrap();
        let path = entry.path();
        let Some(ext) = path.extension().and_then(|e| e.to_str()) else { continue };
        if !matches!(ext, "html" | "xml" | "txt" | "svg" | "css") {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        // No markup from the data. In HTML, the minifier writes `<` as it is
        // inside quoted attribute values, where it is only text; everywhere
        // else no `<script` or `<img` may start.
        let lower = text.to_ascii_lowercase();
        let tags = if ext == "html" { tags_outside_attributes(&lower) } else { lower.clone() };
        for bad in ["<script", "<img src=x"] {
            if let Some(at) = tags.find(bad) {
                let from = tags.floor_char_boundary(at.saturating_sub(200));
                panic!("{}: raw {bad}: {}", path.display(), &tags[from..at + 50]);
            }
        }
        if ext != "html" {
            continue;
        }
        pages += 1;
        let doc = Html::parse_document(&text);
        assert_eq!(doc.select(&sel("script")).count(), 0, "{}", path.display());
        for el in doc.select(&sel("*")) {
            for (name, value) in el.value().attrs() {
                assert!(!name.starts_with("on"), "{}: attribute {name}={value}", path.display());
            }
        }
        // The payload is there, as text (not escaped twice).
        let all_text: String = doc.root_element().text().collect();
        let in_attrs =
            doc.select(&sel("*")).any(|el| el.value().attrs().any(|(_, v)| v.contains(PAYLOAD)));
        if all_text.contains(PAYLOAD) || in_attrs {
            seen_payload += 1;
        }
        assert!(!all_text.contains("&lt;script"), "{}: escaped twice", path.display());
    }
    assert!(pages >= 10, "{pages} pages");
    assert!(seen_payload >= 8, "the payload shows as text on {seen_payload} pages");
    // The article's title, its photo captions and a figure label, each as text.
    let article =
        Html::parse_document(&std::fs::read_to_string(out.join("article/index.html")).unwrap());
    let title: String = article.select(&sel("title")).next().unwrap().text().collect();
    assert!(title.starts_with(PAYLOAD), "{title}");
    let description = article.select(&sel("meta[name=description]")).next().unwrap();
    assert!(description.value().attr("content").unwrap().starts_with(PAYLOAD));
    let caption: String =
        article.select(&sel("figcaption .caption")).next().unwrap().text().collect();
    assert!(caption.starts_with(PAYLOAD), "{caption}");
    let figures =
        Html::parse_document(&std::fs::read_to_string(out.join("figures/index.html")).unwrap());
    let chart_title: String = figures.select(&sel("svg title")).next().unwrap().text().collect();
    assert!(chart_title.starts_with(PAYLOAD), "{chart_title}");
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://example.org/article/</loc>"), "{sitemap}");
}

#[test]
fn a_slug_with_markup_is_escaped_in_links_and_the_sitemap() {
    let site = Site::basic();
    site.write("content/notes/first.md", front("第一篇", "slug = \"a<b>&\\\"c'\"\n"));
    let out = site.builds();
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).unwrap();
    assert!(
        sitemap.contains("<loc>https://example.org/notes/a&lt;b&gt;&amp;&quot;c&#39;/</loc>"),
        "{sitemap}"
    );
    assert!(!sitemap.contains("<b>"));
    let page = std::fs::read_to_string(out.join("notes/a<b>&\"c'/index.html")).unwrap();
    // Inside a quoted attribute `<` needs no escape (the minifier drops it);
    // what matters is that no element and no attribute comes out of it.
    let doc = Html::parse_document(&page);
    assert_eq!(doc.select(&sel("b")).count(), 0);
    for el in doc.select(&sel("[href]")) {
        let names: Vec<&str> = el.value().attrs().map(|(name, _)| name).collect();
        assert!(names.iter().all(|n| !n.contains(['\'', '"', '<', '&'])), "{names:?}");
    }
    let canonical = doc.select(&sel("link[rel=canonical]")).next().unwrap();
    assert_eq!(canonical.value().attr("href"), Some("https://example.org/notes/a<b>&\"c'/"));
}

// ---------------------------------------------------------------------------
// Duplicate ids

#[test]
fn duplicate_photo_and_figure_ids_are_errors_with_their_lines() {
    let site = Site::real();
    let photos = site.read("content/article/photos.toml");
    site.write(
        "content/article/photos.toml",
        format!("{photos}\n[[photo]]\nid = \"photo-1\"\nratio = \"3:2\"\n"),
    );
    let figures = site.read("content/figures.toml");
    site.write("content/figures.toml", format!("{figures}\n[[figure]]\nid = \"area\"\ngroup = \"scale\"\nvalue = 1\nlabel = {{ zh = \"面积\", en = \"Area\" }}\nquote = {{ zh = \"科创的底色让这块仅110平方公里土地的“小块头”，迸发大能量。\", en = \"With innovation at its core, this “little one” of just 110 square kilometres is releasing outsized energy.\" }}\n"));
    let diags = site.fails();
    let photo = error(&diags, "photo-duplicate");
    assert_eq!(photo.message, "photo id `photo-1` is used twice");
    assert_eq!(photo.path.as_deref(), Some(Path::new("content/article/photos.toml")));
    // The line of the second entry, not the first.
    let lines = photos.lines().count();
    assert_eq!(photo.line, Some(lines + 3), "{photo}");
    let figure = error(&diags, "figure-duplicate");
    assert_eq!(figure.message, "figure id `area` is used twice");
    assert_eq!(figure.line, Some(figures.lines().count() + 3), "{figure}");
    assert_eq!(figure.help.as_deref(), Some("give each figure its own id"));
}

#[test]
fn duplicate_heading_ids_become_unique_with_a_warning() {
    let site = Site::basic();
    site.write(
        "content/notes/first.md",
        front("第一篇", "") + "\n## 标题\n\n## 标题\n\n## 标题 {#标题-1}\n\n## Own {#own}\n\n## Other {#own}\n\n## 标题-1\n",
    );
    let summary = site.build().unwrap();
    let collisions: Vec<_> =
        summary.notes.iter().filter(|d| d.code == "heading-id-collision").collect();
    assert_eq!(collisions.len(), 4, "{collisions:#?}");
    assert_eq!(
        collisions[0].message,
        "heading id `标题` is used twice on this page; this one became `标题-1`"
    );
    assert_eq!(collisions[0].line, Some(7));
    let html = std::fs::read_to_string(site.out().join("notes/first/index.html")).unwrap();
    let doc = Html::parse_document(&html);
    let mut ids: Vec<&str> =
        doc.select(&sel("[id]")).filter_map(|e| e.value().attr("id")).collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "every id on the page is unique: {ids:?}");
}

#[test]
fn two_pages_at_one_url_are_an_error() {
    let site = Site::basic();
    site.write("content/notes/twin.md", front("双", "slug = \"second\"\n"));
    let diags = site.fails();
    let d = error(&diags, "duplicate-url");
    assert_eq!(
        d.message,
        "`content/notes/second.md` and `content/notes/twin.md` both write the page /notes/second/"
    );
    assert_eq!(d.help.as_deref(), Some("rename one of the files or change its `slug`"));
}

// ---------------------------------------------------------------------------
// Inputs found by fuzzing (fuzz/): each replayed through its target's entry
// point. None may panic; each must answer with a value or a clear error.

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

// ---------------------------------------------------------------------------
// Fault injection: the binary killed mid-build, unwritable output, write errors

/// A site of `n` generated pages beside the basic fixture; `version` changes
/// every page, and which pages exist.
fn generated_site(root: &Path, n: usize, version: u32) {
    if !root.join("config.toml").exists() {
        copy_tree(&repo().join("tests/fixtures/basic"), root);
        copy_tree(&repo().join("templates"), &root.join("templates"));
    }
    let config = std::fs::read_to_string(repo().join("tests/fixtures/basic/config.toml")).unwrap();
    std::fs::write(
        root.join("config.toml"),
        config.replace("测试站", &format!("测试站 v{version}")),
    )
    .unwrap();
    let dir = root.join("content/gen");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("_index.md"), front("生成", "")).unwrap();
    // Version 2 drops the first page and adds one at the end.
    let range = if version == 1 { 0..n } else { 1..n + 1 };
    for i in range {
        let body: String = (0..6)
            .map(|j| {
                format!(
                    "## 第{j}节\n\n第{i}篇第{j}段，版本{version}。Paragraph {j} of page {i}.\n\n"
                )
            })
            .collect();
        std::fs::write(
            dir.join(format!("p{i:05}.md")),
            front(&format!("页{i}"), "") + "\n" + &body,
        )
        .unwrap();
    }
}

fn run_build(root: &Path, out: &Path) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn staging_folders(parent: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(parent)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public.staging-"))
        .collect();
    v.sort();
    v
}

#[cfg(unix)]
#[test]
fn a_build_killed_at_any_point_leaves_the_old_site_or_the_new_one() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let out = tmp.path().join("public");
    let pages = 1500;

    generated_site(&root, pages, 1);
    let start = Instant::now();
    let status = run_build(&root, &out).wait().unwrap();
    let full = start.elapsed();
    assert!(status.success());
    let old = snapshot(&out);
    let saved = tmp.path().join("saved-old");
    copy_tree(&out, &saved);

    generated_site(&root, pages, 2);
    // Fixed points through a build of this size: from before the staging
    // folder exists to around the swap at the end.
    let fractions = [0.02, 0.1, 0.25, 0.4, 0.55, 0.7, 0.8, 0.9, 0.97, 1.05];
    let mut outcomes = Vec::new();
    for f in fractions {
        if snapshot(&out) != old {
            std::fs::remove_dir_all(&out).unwrap();
            copy_tree(&saved, &out);
        }
        let delay = full.mul_f64(f);
        let mut child = run_build(&root, &out);
        std::thread::sleep(delay);
        let _ = child.kill(); // SIGKILL
        let status = child.wait().unwrap();
        let now = snapshot(&out);
        let state = if now == old { "old" } else { "?" };
        outcomes.push((delay, status.code(), state, staging_folders(tmp.path()).len()));
        if now != old {
            // Not the old site: then it must be the new one, whole. It is
            // checked against a full build below.
            outcomes.last_mut().unwrap().2 = "new?";
            std::fs::rename(&out, tmp.path().join(format!("killed-{}", outcomes.len()))).unwrap();
            copy_tree(&saved, &out);
        }
    }
    // A full build: the new site, and the staging folders of the killed
    // builds are gone.
    let status = run_build(&root, &out).wait().unwrap();
    assert!(status.success());
    let new = snapshot(&out);
    assert_ne!(new, old);
    assert_eq!(staging_folders(tmp.path()), Vec::<String>::new(), "stale staging folders removed");
    for (i, o) in outcomes.iter_mut().enumerate() {
        if o.2 == "new?" {
            let killed = snapshot(&tmp.path().join(format!("killed-{}", i + 1)));
            assert_eq!(killed, new, "a killed build left a site that is neither old nor new");
            o.2 = "new";
        }
    }
    eprintln!("full build of {pages} pages: {full:?}");
    for (delay, code, state, staging) in &outcomes {
        eprintln!(
            "killed after {delay:?}: exit {code:?}, public/ is the {state} site, {staging} staging folder(s) left"
        );
    }
    assert!(outcomes.iter().any(|o| o.2 == "old"), "some kills landed before the swap");
}

/// Whether this process can write where permission bits say it cannot (root).
#[cfg(unix)]
fn permissions_are_bypassed(dir: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    let probe = dir.join("probe");
    std::fs::create_dir(&probe).unwrap();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o555)).unwrap();
    let bypassed = std::fs::write(probe.join("x"), "x").is_ok();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::remove_dir_all(&probe).unwrap();
    bypassed
}

#[cfg(unix)]
#[test]
fn a_read_only_output_parent_is_a_clear_error_and_keeps_the_old_site() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;
    let site = Site::basic();
    let parent = site.tmp.path().join("www");
    let out = parent.join("public");
    broadsheet::build(&BuildOptions::new(site.root()).output(&out)).unwrap();
    let old = snapshot(&out);
    site.write("content/notes/first.md", front("改过", ""));
    std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o555)).unwrap();
    let message = if permissions_are_bypassed(site.tmp.path()) {
        // Root ignores permission bits: build as `nobody` instead, which the
        // bits do stop. Everything it must read is world-readable.
        for dir in [site.tmp.path(), &site.root()] {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let output = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
            .args(["build", "--root"])
            .arg(site.root())
            .arg("--output")
            .arg(&out)
            .uid(65534)
            .gid(65534)
            .output();
        let stderr = output.as_ref().map(|o| String::from_utf8_lossy(&o.stderr).into_owned());
        match stderr {
            Ok(stderr) if !stderr.contains("cannot read") => {
                assert_eq!(output.unwrap().status.code(), Some(1), "{stderr}");
                stderr
            }
            // The binary or the site sits where `nobody` cannot reach it
            // (a checkout under /root): nothing to test this way here.
            other => {
                std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o755)).unwrap();
                eprintln!("skipped: running as root, and `nobody` cannot run the build: {other:?}");
                return;
            }
        }
    } else {
        let err = broadsheet::build(&BuildOptions::new(site.root()).output(&out)).unwrap_err();
        err.to_string()
    };
    std::fs::set_permissions(&parent, std::fs::Permissions::from_mode(0o755)).unwrap();
    eprintln!("{message}");
    assert!(message.contains("error: cannot create the staging folder `"), "{message}");
    assert!(message.contains("Permission denied"), "{message}");
    assert!(message.contains("= help: check the file's permissions"), "{message}");
    assert_eq!(snapshot(&out), old, "the old site is intact");
    assert_eq!(staging_folders(&parent), Vec::<String>::new());
}

/// A write that fails midway: a full disk cannot be made here (no tmpfs can be
/// mounted), so the binary runs with a 4 kB file-size limit (RLIMIT_FSIZE, its
/// SIGXFSZ ignored): the first bigger file fails with EFBIG, as it would with
/// ENOSPC.
#[cfg(target_os = "linux")]
#[test]
fn a_write_error_midway_is_a_clear_error_and_keeps_the_old_site() {
    use std::os::unix::process::CommandExt;
    let site = Site::basic();
    let out = site.out();
    site.builds();
    let old = snapshot(&out);
    site.write("content/notes/first.md", front("改过", "") + &"长文。".repeat(5000));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_broadsheet"));
    cmd.args(["build", "--root"]).arg(site.root()).arg("--output").arg(&out);
    // SAFETY: only async-signal-safe calls between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            let limit = libc::rlimit { rlim_cur: 4096, rlim_max: 4096 };
            if libc::setrlimit(libc::RLIMIT_FSIZE, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let output = cmd.output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    eprintln!("{stderr}");
    assert!(stderr.contains("error: cannot write `"), "{stderr}");
    assert!(stderr.contains("File too large"), "{stderr}");
    assert!(
        stderr.contains("= help: check the disk and the path, then run the command again"),
        "{stderr}"
    );
    assert_eq!(snapshot(&out), old, "the old site is intact");
    assert_eq!(
        staging_folders(site.tmp.path()),
        Vec::<String>::new(),
        "the staging folder is removed"
    );
}
