//! The importer's only I/O: read the raw file, write the page and the photo list.
//!
//! Takes [`ImportOptions`]; reads the raw extraction, parses it, and writes
//! `content/<slug>/index.md` (or `index.<lang>.md` for a language other than the
//! default), `content/<slug>/photos.toml`, and a copy of the raw file under
//! `content/source/` when it is not there yet. Returns what it wrote and the article.
//! Invariants: everything is computed and checked before the first byte is written, so
//! bad input leaves no file behind; each file is written to a temporary file in its
//! own folder and renamed into place, so a failure never leaves a half-written file;
//! the same input gives byte-identical files.

use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{Article, ImportError, MarkdownOptions, parse, photos_toml, to_markdown};

/// What to import and where to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// The raw extraction (`*.raw.txt`).
    pub raw: PathBuf,
    /// The site root, which holds `content/`.
    pub root: PathBuf,
    /// The article's folder under `content/`.
    pub slug: String,
    /// The language of the text being imported.
    pub lang: String,
    /// The site's default language, whose page is `index.md`.
    pub default_lang: String,
    /// Overwrite an existing page.
    pub force: bool,
    /// The article's first publication, written as its `date`.
    pub date: Option<toml::value::Datetime>,
}

impl ImportOptions {
    /// Options for importing `raw` into the site at `root`, with the defaults: slug
    /// `article`, language and default language `zh`, no overwriting.
    pub fn new(raw: impl Into<PathBuf>, root: impl Into<PathBuf>) -> Self {
        ImportOptions {
            raw: raw.into(),
            root: root.into(),
            slug: "article".to_owned(),
            lang: "zh".to_owned(),
            default_lang: "zh".to_owned(),
            force: false,
            date: None,
        }
    }
}

/// What an import did.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportReport {
    /// The files written, in the order they were written.
    pub written: Vec<PathBuf>,
    /// The article as parsed.
    pub article: Article,
}

/// Reads and parses a raw extraction without writing anything (`--json`).
pub fn parse_file(raw: &Path) -> Result<Article, ImportError> {
    let bytes =
        fs::read(raw).map_err(|source| ImportError::Read { path: raw.to_path_buf(), source })?;
    let text = decode(&bytes, raw)?;
    parse(&text).map_err(|e| e.with_path(raw))
}

/// Imports one raw extraction into the site.
pub fn run(opts: &ImportOptions) -> Result<ImportReport, ImportError> {
    check_name(
        "slug",
        &opts.slug,
        "use one folder name of letters, digits, `-` or `_`, such as `article`",
    )?;
    check_name("language", &opts.lang, "use a language code such as `zh` or `en`")?;
    check_name("default language", &opts.default_lang, "use a language code such as `zh` or `en`")?;

    let bytes = fs::read(&opts.raw)
        .map_err(|source| ImportError::Read { path: opts.raw.clone(), source })?;
    let text = decode(&bytes, &opts.raw)?;
    let article = parse(&text).map_err(|e| e.with_path(&opts.raw))?;

    let content = opts.root.join("content");
    let folder = content.join(&opts.slug);
    let page = if opts.lang == opts.default_lang {
        folder.join("index.md")
    } else {
        folder.join(format!("index.{}.md", opts.lang))
    };
    if page.exists() && !opts.force {
        return Err(ImportError::Exists { path: page });
    }
    let raw_name =
        opts.raw.file_name().map(|n| n.to_string_lossy().into_owned()).ok_or_else(|| {
            ImportError::InvalidOption {
                what: "raw file",
                value: opts.raw.display().to_string(),
                hint: "name a file, such as `content/source/article.raw.txt`",
            }
        })?;
    let source_copy = content.join("source").join(&raw_name);
    let copy_raw = match fs::read(&source_copy) {
        Ok(existing) if existing == bytes => false,
        Ok(_) if !opts.force => return Err(ImportError::Exists { path: source_copy }),
        _ => true,
    };

    let markdown = to_markdown(
        &article,
        &MarkdownOptions {
            source: format!("source/{raw_name}"),
            date: opts.date,
            ..Default::default()
        },
    );
    let photos_path = folder.join("photos.toml");
    let existing = match fs::read(&photos_path) {
        Ok(bytes) => Some(utf8(&bytes, &photos_path)?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(source) => return Err(ImportError::Read { path: photos_path, source }),
    };
    let photos = photos_toml(&article, &opts.lang, existing.as_deref())
        .map_err(|e| e.with_path(&photos_path))?;

    let mut written = Vec::new();
    if copy_raw {
        write_atomic(&source_copy, &bytes)?;
        written.push(source_copy);
    }
    write_atomic(&page, markdown.as_bytes())?;
    written.push(page);
    write_atomic(&photos_path, photos.as_bytes())?;
    written.push(photos_path);
    Ok(ImportReport { written, article })
}

/// The raw file's text, through the decoder every text file goes through (UTF-8,
/// BOM and CRLF dropped, no NUL bytes); not blank.
fn decode(bytes: &[u8], path: &Path) -> Result<String, ImportError> {
    let text = crate::fs::decode(bytes, path)?;
    if text.trim().is_empty() {
        return Err(ImportError::Empty { path: path.to_path_buf() });
    }
    Ok(text)
}

/// A file's bytes as UTF-8, through the same decoder.
fn utf8(bytes: &[u8], path: &Path) -> Result<String, ImportError> {
    Ok(crate::fs::decode(bytes, path)?)
}

/// A slug or language code must be one plain path component.
fn check_name(what: &'static str, value: &str, hint: &'static str) -> Result<(), ImportError> {
    let plain = !value.is_empty()
        && !value.starts_with(['.', '-'])
        && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if plain {
        Ok(())
    } else {
        Err(ImportError::InvalidOption { what, value: value.to_owned(), hint })
    }
}

/// Writes a file by writing a temporary file beside it and renaming it into place.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ImportError> {
    let err = |source| ImportError::Write { path: path.to_path_buf(), source };
    let folder = path.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(folder).map_err(err)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    // Unique per process and per call, so two writers never share a temporary file.
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let temp = folder.join(format!(".{name}.{}-{n}.tmp", std::process::id()));
    let result = (|| {
        let mut file = fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&temp, path)
    })();
    if result.is_err() {
        // Best effort: the temporary file is ours and must not be left behind.
        let _ = fs::remove_file(&temp);
    }
    result.map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh site folder under the system temp dir, removed when dropped.
    struct TempSite(PathBuf);

    impl TempSite {
        fn new() -> Self {
            static NEXT: AtomicUsize = AtomicUsize::new(0);
            let n = NEXT.fetch_add(1, Ordering::SeqCst);
            let dir =
                std::env::temp_dir().join(format!("broadsheet-import-{}-{n}", std::process::id()));
            let _ = fs::remove_dir_all(&dir);
            fs::create_dir_all(&dir).unwrap();
            TempSite(dir)
        }

        fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
            let path = self.0.join(name);
            fs::write(&path, bytes).unwrap();
            path
        }

        /// Every file under the site, relative, sorted.
        fn files(&self) -> Vec<String> {
            fn walk(dir: &Path, root: &Path, out: &mut Vec<String>) {
                for entry in fs::read_dir(dir).unwrap() {
                    let path = entry.unwrap().path();
                    if path.is_dir() {
                        walk(&path, root, out);
                    } else {
                        out.push(path.strip_prefix(root).unwrap().to_string_lossy().into_owned());
                    }
                }
            }
            let mut out = Vec::new();
            walk(&self.0, &self.0, &mut out);
            out.sort();
            out
        }
    }

    impl Drop for TempSite {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    fn seed_bytes() -> Vec<u8> {
        fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/import/jiangmen-hightech-zone-2024.raw.txt"
        ))
        .unwrap()
    }

    #[test]
    fn run_writes_the_page_the_photo_list_and_the_source_copy() {
        let site = TempSite::new();
        let raw = site.file("jiangmen.raw.txt", &seed_bytes());
        let report = run(&ImportOptions::new(&raw, &site.0)).unwrap();
        assert_eq!(
            site.files(),
            [
                "content/article/index.md",
                "content/article/photos.toml",
                "content/source/jiangmen.raw.txt",
                "jiangmen.raw.txt"
            ]
        );
        assert_eq!(report.written.len(), 3);
        let page = fs::read_to_string(site.0.join("content/article/index.md")).unwrap();
        assert!(page.contains("source = \"source/jiangmen.raw.txt\""));
        assert_eq!(report.article.title, "江门高新区高质量发展“热辣滚烫”");
    }

    #[test]
    fn run_refuses_to_overwrite_without_force_and_is_identical_twice() {
        let site = TempSite::new();
        let raw = site.file("a.raw.txt", &seed_bytes());
        let mut opts = ImportOptions::new(&raw, &site.0);
        run(&opts).unwrap();
        let page = site.0.join("content/article/index.md");
        let photos = site.0.join("content/article/photos.toml");
        let (first_page, first_photos) = (fs::read(&page).unwrap(), fs::read(&photos).unwrap());

        let err = run(&opts).unwrap_err();
        assert!(matches!(err, ImportError::Exists { .. }));
        assert!(err.to_string().contains("pass --force"), "{err}");

        opts.force = true;
        run(&opts).unwrap();
        assert_eq!(fs::read(&page).unwrap(), first_page);
        assert_eq!(fs::read(&photos).unwrap(), first_photos);
        assert!(
            !site.files().iter().any(|f| f.ends_with(".tmp")),
            "a temporary file was left behind"
        );
    }

    #[test]
    fn another_language_goes_to_its_own_page_and_shares_the_photo_list() {
        let site = TempSite::new();
        let raw = site.file("a.raw.txt", &seed_bytes());
        run(&ImportOptions::new(&raw, &site.0)).unwrap();
        let opts = ImportOptions { lang: "en".to_owned(), ..ImportOptions::new(&raw, &site.0) };
        run(&opts).unwrap();
        assert!(site.0.join("content/article/index.en.md").exists());
        let photos = fs::read_to_string(site.0.join("content/article/photos.toml")).unwrap();
        assert!(photos.contains("caption = { zh = \"招商中心\", en = \"招商中心\" }"), "{photos}");
    }

    fn assert_fails_and_writes_nothing(bytes: &[u8], expect: &str) {
        let site = TempSite::new();
        let raw = site.file("bad.raw.txt", bytes);
        let err = run(&ImportOptions::new(&raw, &site.0)).unwrap_err();
        let message = err.to_string();
        assert!(
            message.starts_with(&raw.display().to_string()),
            "the error does not name the file: {message}"
        );
        assert!(message.contains(expect), "{message}");
        assert_eq!(site.files(), ["bad.raw.txt"], "a file was written");
    }

    #[test]
    fn bad_input_is_an_error_and_writes_nothing() {
        assert_fails_and_writes_nothing(b"", "empty");
        assert_fails_and_writes_nothing(b" \n\n \r\n\t", "empty");
        assert_fails_and_writes_nothing(b"%PDF-1.7\n\x00\x01binary", ":2:1: ");
        assert_fails_and_writes_nothing(b"%PDF-1.7\n\x00\x01binary", "contains a NUL byte");
        assert_fails_and_writes_nothing(
            "正文\n第二行"
                .as_bytes()
                .iter()
                .chain(b"\xff\xfe")
                .copied()
                .collect::<Vec<_>>()
                .as_slice(),
            ":2:4: ",
        );
        assert_fails_and_writes_nothing(b"ok\n\xff", "is not valid UTF-8 (byte 3)");
        assert_fails_and_writes_nothing(
            "正文\n第二行".as_bytes().iter().chain(b"\xff").copied().collect::<Vec<_>>().as_slice(),
            "save the file as UTF-8",
        );
        assert_fails_and_writes_nothing(
            b"It was a bright cold day in April.\n\nThe clocks were striking thirteen.\n",
            "no chinese text",
        );
        assert_fails_and_writes_nothing(
            "今天天气很好。\n\n我们去公园散步，看到很多人。\n".as_bytes(),
            "no headline found",
        );
    }

    #[test]
    fn an_empty_photo_list_is_merged_into_not_refused() {
        let site = TempSite::new();
        let raw = site.file("a.raw.txt", &seed_bytes());
        fs::create_dir_all(site.0.join("content/article")).unwrap();
        fs::write(site.0.join("content/article/photos.toml"), "").unwrap();
        run(&ImportOptions::new(&raw, &site.0)).unwrap();
        let photos = fs::read_to_string(site.0.join("content/article/photos.toml")).unwrap();
        assert!(photos.starts_with("[[photo]]\nid = \"photo-1\""), "{photos}");
    }

    #[test]
    fn a_broken_photo_list_is_reported_and_nothing_is_written() {
        let site = TempSite::new();
        let raw = site.file("a.raw.txt", &seed_bytes());
        fs::create_dir_all(site.0.join("content/article")).unwrap();
        fs::write(site.0.join("content/article/photos.toml"), "[[photo]\nid = 1\n").unwrap();
        let err = run(&ImportOptions::new(&raw, &site.0)).unwrap_err().to_string();
        assert!(
            err.contains("content/article/photos.toml:1: cannot update the photo list"),
            "{err}"
        );
        assert_eq!(site.files(), ["a.raw.txt", "content/article/photos.toml"]);
    }

    #[test]
    fn a_missing_raw_file_is_a_read_error() {
        let site = TempSite::new();
        let err = run(&ImportOptions::new(site.0.join("nope.raw.txt"), &site.0)).unwrap_err();
        assert!(matches!(err, ImportError::Read { .. }), "{err}");
        assert!(err.to_string().starts_with("cannot read "), "{err}");
    }

    #[test]
    fn a_slug_that_is_not_one_folder_name_is_refused() {
        let site = TempSite::new();
        let raw = site.file("a.raw.txt", &seed_bytes());
        for slug in ["", "../x", "a/b", ".hidden"] {
            let opts = ImportOptions { slug: slug.to_owned(), ..ImportOptions::new(&raw, &site.0) };
            assert!(matches!(run(&opts), Err(ImportError::InvalidOption { .. })), "{slug}");
        }
        assert_eq!(site.files(), ["a.raw.txt"]);
    }

    #[test]
    fn bom_and_crlf_import_like_the_plain_file() {
        let site = TempSite::new();
        let plain = String::from_utf8(seed_bytes()).unwrap();
        let dos = format!("\u{feff}{}", plain.replace('\n', "\r\n"));
        let raw = site.file("dos.raw.txt", dos.as_bytes());
        let report = run(&ImportOptions::new(&raw, &site.0)).unwrap();
        assert_eq!(report.article, parse(&plain).unwrap());
    }
}
