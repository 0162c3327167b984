//! `config.toml` → [`Config`].
//!
//! Reads and validates the site settings: base URL (which may carry a sub-path),
//! the languages and which one is the default, minification, the output folder.
//! Unknown keys are errors with the nearest known key as help. No other I/O than
//! reading the one file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Code, Diagnostic, Error, Result, toml_diagnostic};

/// One language of the site.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Language {
    /// The BCP 47 tag for `<html lang>` and `hreflang` (`zh-Hans`, `en`).
    #[serde(default)]
    pub tag: String,
    /// The site's name in this language.
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// The site's footer line in this language (about its content: source,
    /// translation); the theme's own line when empty.
    #[serde(default)]
    pub footer: String,
    /// The language's code as used in file names and URLs (`en`); filled in from
    /// the table key.
    #[serde(default, skip_deserializing)]
    pub code: String,
}

/// A language of the site: its place in [`Config::languages`]. `Copy`, ordered
/// as the site orders its languages (the default first), and only made by the
/// config, so it always names a configured language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Lang(u8);

impl Lang {
    /// The default language: the config puts it first.
    pub const DEFAULT: Lang = Lang(0);

    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    pub fn is_default(self) -> bool {
        self == Lang::DEFAULT
    }
}

/// More languages than any site has; a [`Lang`] fits in a byte.
const MAX_LANGUAGES: usize = 64;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    base_url: String,
    default_language: String,
    languages: BTreeMap<String, Language>,
    #[serde(default = "yes")]
    minify: bool,
    #[serde(default = "default_output")]
    output_dir: PathBuf,
    #[serde(default)]
    publisher: Option<Publisher>,
    #[serde(default)]
    cards: Cards,
    #[serde(default)]
    feeds: Feeds,
    #[serde(default)]
    extra: toml::Table,
}

/// Who publishes the site (`[publisher]`): the `author` and `publisher` of
/// every article's structured data. Without the table, the site's title in
/// each language and its base URL stand in.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Publisher {
    pub name: String,
    /// Its home page; the site's base URL when empty.
    #[serde(default)]
    pub url: String,
    /// Its logo: a full URL, or a site-relative path (`logo.png`).
    #[serde(default)]
    pub logo: String,
}

/// The share cards (`[cards]`): a 1200×630 image per article and language,
/// with its kicker and headline, for links shared in chats and on social sites.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Cards {
    #[serde(default = "yes")]
    pub enabled: bool,
    /// CSS hex colours; the default theme's paper, ink and accent.
    #[serde(default = "paper")]
    pub background: String,
    #[serde(default = "ink")]
    pub text: String,
    #[serde(default = "accent")]
    pub accent: String,
}

impl Default for Cards {
    fn default() -> Self {
        Cards { enabled: true, background: paper(), text: ink(), accent: accent() }
    }
}

fn paper() -> String {
    "#fdfcf9".into()
}

fn ink() -> String {
    "#1d1d1f".into()
}

fn accent() -> String {
    "#a4161a".into()
}

/// The Atom feeds (`[feeds]`): one per language, the articles newest first.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Feeds {
    #[serde(default = "yes")]
    pub enabled: bool,
    /// How many articles a feed holds.
    #[serde(default = "feed_limit")]
    pub limit: usize,
}

impl Default for Feeds {
    fn default() -> Self {
        Feeds { enabled: true, limit: feed_limit() }
    }
}

fn feed_limit() -> usize {
    20
}

fn yes() -> bool {
    true
}

fn default_output() -> PathBuf {
    PathBuf::from("public")
}

/// The validated site settings.
#[derive(Debug, Clone, Serialize)]
pub struct Config {
    /// Always ends with `/`.
    pub base_url: String,
    /// The path part of `base_url` (`/` or `/site/`): every generated link starts
    /// with it.
    pub base_path: String,
    pub default_language: String,
    /// Default language first, then the others by code.
    pub languages: Vec<Language>,
    pub minify: bool,
    pub output_dir: PathBuf,
    pub publisher: Option<Publisher>,
    pub cards: Cards,
    pub feeds: Feeds,
    pub extra: toml::Table,
}

impl Config {
    /// Reads `root/config.toml`.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join("config.toml");
        let text = crate::fs::read_text(&path, &path)?;
        Config::parse(&text, Path::new("config.toml"))
    }

    /// Parses the text of a config file; `path` is only for messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config> {
        let raw: RawConfig =
            toml::from_str(text).map_err(|e| Error::one(toml_diagnostic(&e, path, text, 0)))?;
        let at_key = |key: &str, message: String, help: &str| {
            let offset = find_key(text, key);
            Error::one(
                Diagnostic::error(Code::Config, message)
                    .in_file(path)
                    .at_offset(text, offset, key.len())
                    .with_help(help.to_string()),
            )
        };
        if !raw.languages.contains_key(&raw.default_language) {
            return Err(at_key(
                "default_language",
                format!(
                    "default language `{}` has no `[languages.{0}]` table",
                    raw.default_language
                ),
                "add the table or name one of the languages that are configured",
            ));
        }
        if raw.languages.len() > MAX_LANGUAGES {
            return Err(at_key(
                "languages",
                format!("{} languages are configured", raw.languages.len()),
                "a site can have up to 64 languages",
            ));
        }
        for code in raw.languages.keys() {
            if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                return Err(at_key(
                    "languages",
                    format!("language code `{code}` is not usable in file names and URLs"),
                    "use a short code of ASCII letters, like `en` or `zh`",
                ));
            }
        }
        let base_url = normalise_base_url(&raw.base_url).ok_or_else(|| {
            at_key(
                "base_url",
                format!("`base_url` = `{}` is not an absolute http(s) URL", raw.base_url),
                "write it like `https://example.org/` or `https://example.org/sub/path/`",
            )
        })?;
        check_colours(&raw.cards, &at_key)?;
        let mut languages: Vec<Language> = raw
            .languages
            .into_iter()
            .map(|(code, mut lang)| {
                if lang.tag.is_empty() {
                    lang.tag = code.clone();
                }
                lang.code = code;
                lang
            })
            .collect();
        languages.sort_by_key(|l| (l.code != raw.default_language, l.code.clone()));
        Ok(Config {
            base_path: base_path(&base_url),
            base_url,
            default_language: raw.default_language,
            languages,
            minify: raw.minify,
            output_dir: raw.output_dir,
            publisher: raw.publisher,
            cards: raw.cards,
            feeds: raw.feeds,
            extra: raw.extra,
        })
    }

    /// Replaces the base URL (for `--base-url`).
    pub fn set_base_url(&mut self, url: &str) -> Result<()> {
        let base_url = normalise_base_url(url).ok_or_else(|| {
            Error::one(
                Diagnostic::error(
                    Code::Usage,
                    format!("--base-url `{url}` is not an absolute http(s) URL"),
                )
                .with_help("write it like `https://example.org/sub/path/`"),
            )
        })?;
        self.base_path = base_path(&base_url);
        self.base_url = base_url;
        Ok(())
    }

    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    pub fn is_language(&self, code: &str) -> bool {
        self.language(code).is_some()
    }

    /// The language with this code (`en`), if the site has it.
    pub fn lang(&self, code: &str) -> Option<Lang> {
        self.languages.iter().position(|l| l.code == code).map(|i| Lang(i as u8))
    }

    /// Every language, default first.
    pub fn langs(&self) -> impl Iterator<Item = Lang> + use<> {
        (0..self.languages.len() as u8).map(Lang)
    }

    /// The settings of a language.
    pub fn language_of(&self, lang: Lang) -> &Language {
        &self.languages[lang.index()]
    }

    /// The code of a language (`en`), as in file names and data keys.
    pub fn code(&self, lang: Lang) -> &str {
        &self.languages[lang.index()].code
    }

    /// The path prefix of a language: `` for the default, `en/` for the others.
    pub fn prefix(&self, lang: Lang) -> String {
        if lang.is_default() { String::new() } else { format!("{}/", self.code(lang)) }
    }

    /// The site-absolute path for a site-relative one: `article/` → `/sub/article/`.
    pub fn path_to(&self, relative: &str) -> String {
        format!("{}{}", self.base_path, relative.trim_start_matches('/'))
    }

    /// The full URL for a site-relative path.
    pub fn permalink(&self, relative: &str) -> String {
        format!("{}{}", self.base_url, relative.trim_start_matches('/'))
    }

    /// Who publishes the site, as structured data and feeds name it: the
    /// `[publisher]`, else the site's title in `lang`.
    pub fn publisher_name<'a>(&'a self, lang: &'a Language) -> &'a str {
        self.publisher.as_ref().map_or(&lang.title, |p| &p.name)
    }

    /// The publisher's home page: `[publisher] url`, else the base URL.
    pub fn publisher_url(&self) -> &str {
        self.publisher
            .as_ref()
            .map(|p| p.url.as_str())
            .filter(|u| !u.is_empty())
            .unwrap_or(&self.base_url)
    }
}

fn normalise_base_url(url: &str) -> Option<String> {
    let url = url.trim();
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() || url.contains(char::is_whitespace) || url.contains(['?', '#']) {
        return None;
    }
    Some(if url.ends_with('/') { url.to_string() } else { format!("{url}/") })
}

/// Every colour of `[cards]` is a CSS hex colour.
fn check_colours(cards: &Cards, at_key: &dyn Fn(&str, String, &str) -> Error) -> Result<()> {
    for (key, value) in
        [("background", &cards.background), ("text", &cards.text), ("accent", &cards.accent)]
    {
        if !is_hex_colour(value) {
            return Err(at_key(
                key,
                format!("`cards.{key}` = `{value}` is not a colour"),
                "write a CSS hex colour like `#fdfcf9`",
            ));
        }
    }
    Ok(())
}

/// `#rgb` or `#rrggbb`.
fn is_hex_colour(value: &str) -> bool {
    value
        .strip_prefix('#')
        .is_some_and(|hex| matches!(hex.len(), 3 | 6) && hex.chars().all(|c| c.is_ascii_hexdigit()))
}

fn base_path(base_url: &str) -> String {
    let rest = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    match rest.find('/') {
        Some(i) => rest[i..].to_string(),
        None => "/".to_string(),
    }
}

/// The byte offset of `key = ` in a TOML text, or 0.
fn find_key(text: &str, key: &str) -> usize {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with(key)
            && trimmed[key.len()..].trim_start().starts_with(['=', '.', ']'])
        {
            return offset + (line.len() - trimmed.len());
        }
        if trimmed.starts_with('[') && trimmed[1..].starts_with(key) {
            return offset + (line.len() - trimmed.len()) + 1;
        }
        offset += line.len();
    }
    0
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = r#"
base_url = "https://example.org/site"
default_language = "zh"
[languages.zh]
tag = "zh-Hans"
title = "站"
[languages.en]
title = "Site"
"#;

    #[test]
    fn sub_path_is_kept_and_default_language_comes_first() {
        let c = Config::parse(OK, Path::new("config.toml")).unwrap();
        assert_eq!(c.base_url, "https://example.org/site/");
        assert_eq!(c.base_path, "/site/");
        assert_eq!(c.path_to("en/about/"), "/site/en/about/");
        let codes: Vec<_> = c.languages.iter().map(|l| l.code.as_str()).collect();
        assert_eq!(codes, ["zh", "en"]);
        assert_eq!(c.language("en").unwrap().tag, "en");
    }

    #[test]
    fn unknown_key_names_the_nearest() {
        let text = OK.replace("default_language", "minfy = true\ndefault_language");
        let err = Config::parse(&text, Path::new("config.toml")).unwrap_err();
        let d = &err.diagnostics()[0];
        assert_eq!(d.message, "unknown key `minfy`");
        assert_eq!(d.line, Some(3));
        assert!(d.help.as_deref().unwrap().starts_with("did you mean `minify`?"));
    }

    #[test]
    fn a_card_colour_must_be_a_colour() {
        let text = format!("{OK}[cards]\nbackground = \"paper\"\n");
        let d = &Config::parse(&text, Path::new("config.toml")).unwrap_err().diagnostics()[0];
        assert_eq!(d.message, "`cards.background` = `paper` is not a colour");
        assert_eq!(d.line, Some(10));
        let ok = format!("{OK}[cards]\nbackground = \"#fff\"\n");
        assert_eq!(Config::parse(&ok, Path::new("config.toml")).unwrap().cards.background, "#fff");
    }

    #[test]
    fn default_language_must_exist() {
        let text = OK.replace("default_language = \"zh\"", "default_language = \"fr\"");
        let d = &Config::parse(&text, Path::new("config.toml")).unwrap_err().diagnostics()[0];
        assert_eq!(d.line, Some(3));
        assert!(d.message.contains("`fr`"));
    }
}
