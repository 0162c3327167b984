//! The benchmark site generator: N Chinese articles and their N English
//! translations, written for broadsheet, Hugo or Zola, so the three tools can be
//! timed building the same text. In: the tool, N and an absent or empty output
//! folder; out: a site folder that tool builds as it is. Invariant: the output
//! depends on the tool and N only (article k is the same text at any N, except
//! that its "next" link wraps around to article 1), so runs and machines
//! compare.
//!
//! Used two ways: `tests/bench_site.rs` includes this folder as a module and
//! checks broadsheet's build of the site; `examples/gensite.rs` is the command
//! the benchmark scripts run (`--tool broadsheet|hugo|zola --n N --out DIR`).
//!
//! Each article is ~2 KB of hard-wrapped Markdown (Chinese lines of about 20
//! characters, English about 72) with three headings (one with an explicit
//! `{#overview}` id), a list, a table, links to the neighbouring articles (one
//! to the `#overview` anchor), an external link and an image. The image is one
//! tiny real PNG shared at `/images/bench.png`: a relative `image.png` would
//! resolve against each language's page URL, so a shared site-absolute file is
//! the only form that works for both languages in all three tools.

mod article;
mod broadsheet;
mod files;
mod hugo;
mod links;
mod pages;
mod png;
mod text;
mod wrap;
mod zola;

use std::fmt;
use std::fs;
use std::io;
use std::path::Path;
use std::str::FromStr;

/// What wrote the generated config files, in their first comment line.
const GENERATOR_NOTE: &str = "benches/gensite";

/// The static site generator a site is written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    Broadsheet,
    Hugo,
    Zola,
}

impl Tool {
    pub const ALL: [Tool; 3] = [Tool::Broadsheet, Tool::Hugo, Tool::Zola];

    /// The name on the command line and in messages.
    pub fn name(self) -> &'static str {
        match self {
            Tool::Broadsheet => "broadsheet",
            Tool::Hugo => "hugo",
            Tool::Zola => "zola",
        }
    }
}

impl fmt::Display for Tool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Tool {
    type Err = String;

    fn from_str(s: &str) -> Result<Tool, String> {
        Tool::ALL
            .into_iter()
            .find(|t| t.name() == s)
            .ok_or_else(|| format!("unknown tool `{s}`: choose broadsheet, hugo or zola"))
    }
}

/// Writes the benchmark site for `tool` with `n` articles per language into
/// `out`, which must be absent or empty (so no stale file is ever timed).
pub fn generate(tool: Tool, n: usize, out: &Path) -> io::Result<()> {
    if n < 1 {
        let message = "N must be at least 1 (it counts the articles per language)";
        return Err(io::Error::new(io::ErrorKind::InvalidInput, message));
    }
    refuse_occupied(out)?;
    fs::create_dir_all(out)
        .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", out.display())))?;
    match tool {
        Tool::Broadsheet => broadsheet::generate(out, n),
        Tool::Hugo => hugo::generate(out, n),
        Tool::Zola => zola::generate(out, n),
    }
}

/// Fails when `out` is a file or a folder with anything in it.
fn refuse_occupied(out: &Path) -> io::Result<()> {
    let occupied = |why: &str| {
        let message = format!("{} {why}: give an absent or empty folder", out.display());
        Err(io::Error::new(io::ErrorKind::AlreadyExists, message))
    };
    match fs::read_dir(out).map(|mut entries| entries.next().is_some()) {
        Ok(true) => occupied("exists and is not empty"),
        Ok(false) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(_) if out.is_file() => occupied("is a file"),
        Err(e) => Err(io::Error::new(e.kind(), format!("{}: {e}", out.display()))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tools_parse_from_their_names_and_nothing_else() {
        for tool in Tool::ALL {
            assert_eq!(tool.name().parse::<Tool>(), Ok(tool));
        }
        let err = "jekyll".parse::<Tool>().unwrap_err();
        assert!(err.contains("jekyll") && err.contains("broadsheet, hugo or zola"), "{err}");
    }

    #[test]
    fn refuses_a_folder_with_something_in_it_and_names_it() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("old.md"), "x").unwrap();
        let err = generate(Tool::Hugo, 2, dir.path()).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert!(err.to_string().contains(&dir.path().display().to_string()), "{err}");
        assert!(!dir.path().join("hugo.toml").exists(), "wrote into an occupied folder");

        let file = dir.path().join("old.md");
        let err = generate(Tool::Zola, 2, &file).unwrap_err();
        assert!(err.to_string().contains("is a file"), "{err}");
    }

    #[test]
    fn refuses_zero_articles() {
        let dir = tempfile::tempdir().unwrap();
        let err = generate(Tool::Broadsheet, 0, &dir.path().join("site")).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidInput);
        assert!(!dir.path().join("site").exists());
    }

    #[test]
    fn writes_into_an_empty_folder() {
        let dir = tempfile::tempdir().unwrap();
        generate(Tool::Zola, 1, dir.path()).unwrap();
        assert!(dir.path().join("content/posts/post-00001.en.md").is_file());
    }
}
