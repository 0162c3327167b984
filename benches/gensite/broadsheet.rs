//! The broadsheet variant of the benchmark site. In: the output folder and N;
//! out: `config.toml` (zh the default language at `/`, en at `/en/`, minified
//! output), the content tree, the shared image as a content asset and a copy of
//! the repository's default theme. Invariant: the site builds with
//! `broadsheet build --root OUT` and nothing outside OUT.

use std::io;
use std::path::Path;

use super::files::{copy_dir, theme_dir, write, write_bytes};
use super::pages::write_content;
use super::png::BENCH_PNG;
use super::text::{BASE_URL, DESCRIPTION, Lang, TITLE};
use super::{GENERATOR_NOTE, Tool};

fn config() -> String {
    let mut text = format!(
        "# broadsheet benchmark site ({GENERATOR_NOTE})\nbase_url = \"{BASE_URL}\"\n\
         default_language = \"zh\"\nminify = true\n"
    );
    for lang in Lang::ALL {
        text += &format!(
            "\n[languages.{}]\ntag = \"{}\"\ntitle = \"{}\"\ndescription = \"{}\"\n",
            lang.code(),
            lang.tag(),
            TITLE.get(lang),
            DESCRIPTION.get(lang)
        );
    }
    text
}

pub fn generate(out: &Path, n: usize) -> io::Result<()> {
    write(&out.join("config.toml"), &config())?;
    write_content(Tool::Broadsheet, out, n)?;
    // A content asset, copied as it is to /images/bench.png.
    write_bytes(&out.join("content").join("images").join("bench.png"), BENCH_PNG)?;
    // A copy of the theme, not a link: the content walk does not follow links.
    copy_dir(&theme_dir(), &out.join("templates"))
}
