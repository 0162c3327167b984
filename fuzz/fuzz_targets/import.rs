//! `broadsheet::import::parse` on any text, then everything `import` does with
//! a parsed article: Markdown page, JSON, photo list. The page it writes must
//! read back as a valid page (its front matter is written by the toml crate).

#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use broadsheet::config::Config;
use broadsheet::import::{self, MarkdownOptions};
use libfuzzer_sys::fuzz_target;

static CONFIG: LazyLock<Config> = LazyLock::new(|| {
    Config::parse(
        "base_url = \"https://example.org/\"\ndefault_language = \"zh\"\n\
         [languages.zh]\ntitle = \"站\"\n[languages.en]\ntitle = \"Site\"\n",
        Path::new("config.toml"),
    )
    .expect("the fixed config parses")
});

fuzz_target!(|data: &[u8]| {
    // Valid UTF-8 as it is; anything else the way a lossy reader would see it.
    let text = String::from_utf8_lossy(data);
    let Ok(article) = import::parse(&text) else { return };
    let opts =
        MarkdownOptions { source: "source/fuzz.raw.txt".into(), template: "article.html".into() };
    let page = import::to_markdown(&article, &opts);
    if let Err(e) =
        broadsheet::content::parse_source(page.clone(), Path::new("article/index.md"), &CONFIG)
    {
        panic!("import wrote a page that does not read back:\n{e}\n---\n{page}");
    }
    let _ = import::to_json(&article);
    if let Ok(photos) = import::photos_toml(&article, "zh", None) {
        // Merging the other language into it must work too.
        let _ = import::photos_toml(&article, "en", Some(&photos));
    }
});
