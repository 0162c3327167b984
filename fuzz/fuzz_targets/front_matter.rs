//! `broadsheet::content::parse_source` (front matter split, TOML, file-name
//! classification) on any text, through the same decoding the build uses
//! (`content::decode`: BOM, CRLF, UTF-8 and NUL checks). Every error must be
//! printable: a diagnostic's line, column and caret are computed from the text.

#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use broadsheet::config::Config;
use libfuzzer_sys::fuzz_target;

static CONFIG: LazyLock<Config> = LazyLock::new(|| {
    Config::parse(
        "base_url = \"https://example.org/sub/\"\ndefault_language = \"zh\"\n\
         [languages.zh]\ntag = \"zh-Hans\"\ntitle = \"站\"\n[languages.en]\ntitle = \"Site\"\n",
        Path::new("config.toml"),
    )
    .expect("the fixed config parses")
});

const PATHS: [&str; 4] = ["a.md", "notes/b.en.md", "_index.md", "article/index.md"];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else { return };
    let rel = Path::new(PATHS[usize::from(pick) % PATHS.len()]);
    let text = match broadsheet::fs::decode(bytes, &Path::new("content").join(rel)) {
        Ok(t) => t,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    match broadsheet::content::parse_source(text, rel, &CONFIG) {
        Ok(source) => {
            // The body is a suffix of the text, on a char boundary.
            let _ = source.body();
            assert!(source.rel_dir.is_empty() || source.rel_dir.ends_with('/'));
            assert!(
                !source.rel_dir.split('/').any(|s| s == ".." || s == "."),
                "{}",
                source.rel_dir
            );
            assert!(!source.rel_dir.starts_with('/'), "{}", source.rel_dir);
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
