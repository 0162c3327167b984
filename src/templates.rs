//! `templates/` → [`Templates`]: template sources, UI strings and static files.
//!
//! Reads every template once (`*.html`, `*.xml`, `*.txt` outside `i18n/` and
//! `static/`), the UI strings per language from `i18n/<lang>.toml` (nested tables
//! flattened to `nav.figures`), and the static files. Stylesheets get a content
//! hash in their file name so a CDN can cache them forever. [`Templates::engine`]
//! makes the Tera engine, with the `t` function and whatever functions the
//! renderer registers over the site: Tera checks every function a template calls
//! when it parses, so the engine is made once the site exists.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::{Kwargs, State, Tera};

use crate::config::Config;
use crate::error::{Code, Diagnostic, Error, Result, io_error, toml_diagnostic};

/// UI strings: language → key → text.
pub type Strings = HashMap<String, BTreeMap<String, String>>;

/// Templates and stylesheets minified, by a digest of their text (`None`: a
/// template that cannot be minified before rendering). Minifying the theme
/// is most of a small site's build, and the theme seldom changes.
pub type ThemeMemo = HashMap<u128, Option<String>>;

/// A static file to publish.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Path under `templates/static/` (`style.css`).
    pub name: String,
    /// Output path (`style.3f2a9c1d.css`).
    pub out: String,
    pub bytes: Vec<u8>,
}

/// The theme, read: what the renderer makes its engine from.
pub struct Templates {
    /// Template sources by name, in name order.
    pub sources: Vec<(String, String)>,
    pub strings: Arc<Strings>,
    pub statics: Vec<StaticFile>,
    /// The sources with every HTML template minified, when the site minifies
    /// and each of them can be ([`crate::minify::template`]): pages rendered
    /// from these need no minifying.
    pub minified: Option<Vec<(String, String)>>,
    /// What was minified for this theme, for the next build.
    pub memo: ThemeMemo,
}

impl Templates {
    /// The source of a template, to quote its lines in messages.
    pub fn source(&self, name: &str) -> Option<&str> {
        self.sources.iter().find(|(n, _)| n == name).map(|(_, t)| t.as_str())
    }

    pub fn contains(&self, name: &str) -> bool {
        self.source(name).is_some()
    }

    /// A Tera engine over the templates, with `t` and the functions `register`
    /// adds. A template that does not parse (or calls a function nobody
    /// registered) is an error at its line.
    ///
    /// The engine holds the minified templates when there are any (the second
    /// value says so), else the templates as written.
    pub fn engine(&self, register: impl FnOnce(&mut Tera)) -> Result<(Tera, bool)> {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml", ".svg"]);
        register_t(&mut tera, &self.strings);
        register(&mut tera);
        if let Some(minified) = &self.minified {
            // A failed add leaves the engine as it was, for the templates as written.
            register_attr_filter(&mut tera);
            if tera.add_raw_templates(minified.iter().map(|(n, t)| (n, t))).is_ok() {
                return Ok((tera, true));
            }
        }
        self.as_written(&mut tera)?;
        Ok((tera, false))
    }

    /// Puts the templates as written into `tera` (replacing minified ones), so
    /// that its messages quote the lines an editor wrote.
    pub fn as_written(&self, tera: &mut Tera) -> Result<()> {
        let raw = self.sources.iter().map(|(n, t)| (n.as_str(), t.as_str()));
        tera.add_raw_templates(raw).map_err(|e| {
            let mut d = tera_diagnostic(&e, None);
            quote_template_line(self, &mut d);
            Error::one(d)
        })
    }
}

/// The filter minified templates print attribute values through: escaped
/// as Tera would, quoted only when HTML needs it.
fn register_attr_filter(tera: &mut Tera) {
    use tera::Value;
    tera.register_filter(
        crate::minify::ATTR_FILTER,
        |value: Value, _: Kwargs, state: &State| -> tera::TeraResult<Value> {
            let text = state.escape_if_needed(&value)?;
            Ok(Value::safe_string(&crate::minify::attr_value(&text)))
        },
    );
}

/// Every HTML template minified, or `None` if one of them cannot be; and
/// what was minified, by its key.
fn minify_all(
    sources: &[(String, String)],
    known: &ThemeMemo,
) -> (Option<Vec<(String, String)>>, ThemeMemo) {
    use rayon::prelude::*;
    // Per source: its key and minified text when it is an HTML template.
    let made: Vec<Option<(u128, Option<String>)>> = sources
        .par_iter()
        .map(|(name, text)| {
            let key = name.ends_with(".html").then(|| theme_key("template", text.as_bytes()))?;
            let min = known.get(&key).cloned().unwrap_or_else(|| crate::minify::template(text));
            Some((key, min))
        })
        .collect();
    let minified = sources
        .iter()
        .zip(&made)
        .map(|((name, text), made)| match made {
            None => Some((name.clone(), text.clone())),
            Some((_, min)) => Some((name.clone(), min.clone()?)),
        })
        .collect();
    (minified, made.into_iter().flatten().collect())
}

/// The key a minified template or stylesheet is remembered by.
fn theme_key(kind: &str, text: &[u8]) -> u128 {
    let mut d = crate::text::Digest::default();
    d.add(kind.as_bytes());
    d.add(text);
    d.finish()
}

/// Reads `root/templates`; also returns the findings that do not stop a build
/// (UI strings missing in a language).
/// What `known` holds minified is taken from it.
pub fn load(
    root: &Path,
    config: &Config,
    known: Option<&ThemeMemo>,
) -> Result<(Templates, Vec<Diagnostic>)> {
    let dir = root.join("templates");
    let mut errors = Vec::new();
    let mut raw = Vec::new();
    let mut statics = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).follow_links(false).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            Error::one(Diagnostic::error(Code::Io, format!("cannot read `{}`: {e}", dir.display())).with_help(
                "create a `templates/` folder with a `base.html`, or pass --root to the site's folder",
            ))
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
        let name = rel.to_string_lossy().replace('\\', "/");
        if name.starts_with("i18n/")
            || name.split('/').any(|p| p.starts_with('.') || p.ends_with('~'))
        {
            continue;
        }
        let bytes = std::fs::read(entry.path()).map_err(|e| io_error("read", entry.path(), &e))?;
        if let Some(static_name) = name.strip_prefix("static/") {
            statics.push((static_name.to_string(), bytes));
            continue;
        }
        match crate::fs::decode(&bytes, &Path::new("templates").join(rel)) {
            Ok(text) => raw.push((name, text)),
            Err(e) => errors.extend(e.diagnostics()),
        }
    }
    if !errors.is_empty() {
        return Err(Error::Site(errors));
    }
    let (strings, diagnostics) = load_strings(&dir.join("i18n"), config)?;
    // Minifying the theme is most of a small build: both cores share it.
    let empty = ThemeMemo::new();
    let known = known.unwrap_or(&empty);
    let ((minified, mut memo), (statics, css)) = rayon::join(
        || if config.minify { minify_all(&raw, known) } else { (None, ThemeMemo::new()) },
        || {
            use rayon::prelude::*;
            let minify = config.minify;
            let made: Vec<(StaticFile, Option<(u128, String)>)> = statics
                .into_par_iter()
                .map(|(name, bytes)| static_file(&name, bytes, minify, known))
                .collect();
            made.into_iter().unzip::<_, _, Vec<_>, Vec<_>>()
        },
    );
    memo.extend(css.into_iter().flatten().map(|(key, text)| (key, Some(text))));
    let strings = Arc::new(strings);
    let templates = Templates { sources: raw, strings, statics, minified, memo };
    Ok((templates, diagnostics))
}

/// The language a function works in: its `lang` argument, else the page's.
pub fn lang_of(kwargs: &Kwargs, state: &State) -> tera::TeraResult<String> {
    Ok(match kwargs.get::<String>("lang")? {
        Some(l) => l,
        None => state.get::<String>("lang")?.unwrap_or_default(),
    })
}

/// `t(key)`: a UI string in the page's language (or `lang`).
fn register_t(tera: &mut Tera, strings: &Arc<Strings>) {
    let strings = Arc::clone(strings);
    tera.register_function("t", move |kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
        let key: String = kwargs.must_get("key")?;
        let lang = lang_of(&kwargs, state)?;
        strings.get(&lang).and_then(|m| m.get(&key)).cloned().ok_or_else(|| {
            tera::Error::message(format!(
                "missing UI string `{key}` for language `{lang}`: add it to templates/i18n/{lang}.toml"
            ))
        })
    });
}

/// A static file as published: a stylesheet minified (from `known` when it
/// holds it) and hashed; with the minified stylesheet, by its key, to keep.
fn static_file(
    name: &str,
    bytes: Vec<u8>,
    minify: bool,
    known: &ThemeMemo,
) -> (StaticFile, Option<(u128, String)>) {
    let Some(stem) = name.strip_suffix(".css") else {
        return (StaticFile { name: name.to_string(), out: name.to_string(), bytes }, None);
    };
    let (bytes, kept) = if minify {
        let key = theme_key("css", &bytes);
        let min = match known.get(&key) {
            Some(Some(text)) => text.clone().into_bytes(),
            _ => crate::minify::css(&bytes),
        };
        let kept = String::from_utf8(min.clone()).ok().map(|text| (key, text));
        (min, kept)
    } else {
        (bytes, None)
    };
    let hash = crate::text::fnv1a(&bytes);
    let out = format!("{stem}.{:08x}.css", hash as u32);
    (StaticFile { name: name.to_string(), out, bytes }, kept)
}

/// Reads `i18n/<lang>.toml` for each language. A missing file is an error; a key
/// present in one language and not another is a warning (the build fails only
/// if a template actually asks for it).
fn load_strings(dir: &Path, config: &Config) -> Result<(Strings, Vec<Diagnostic>)> {
    let mut strings = Strings::new();
    let mut errors = Vec::new();
    for lang in &config.languages {
        let path = dir.join(format!("{}.toml", lang.code));
        let display = PathBuf::from(format!("templates/i18n/{}.toml", lang.code));
        let text = match std::fs::read(&path) {
            Ok(b) => crate::fs::decode(&b, &display)?,
            Err(_) => {
                errors.push(
                    Diagnostic::error(
                        Code::I18nMissing,
                        format!("no UI strings for `{}`", lang.code),
                    )
                    .in_file(&display)
                    .with_help(
                        "copy another language's file under templates/i18n/ and translate it",
                    ),
                );
                continue;
            }
        };
        match toml::from_str::<toml::Table>(&text) {
            Ok(table) => {
                let mut flat = BTreeMap::new();
                flatten("", &table, &mut flat);
                strings.insert(lang.code.clone(), flat);
            }
            Err(e) => errors.push(toml_diagnostic(&e, &display, &text, 0)),
        }
    }
    if !errors.is_empty() {
        return Err(Error::Site(errors));
    }
    let mut warnings = Vec::new();
    for a in &config.languages {
        for b in &config.languages {
            for key in strings[&a.code].keys() {
                if !strings[&b.code].contains_key(key) {
                    warnings.push(
                        Diagnostic::warning(
                            Code::I18nKeyMissing,
                            format!("UI string `{key}` is missing in `{}`", b.code),
                        )
                        .in_file(format!("templates/i18n/{}.toml", b.code))
                        .with_help(format!("add it; `{}` has it", a.code)),
                    );
                }
            }
        }
    }
    Ok((strings, warnings))
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut BTreeMap<String, String>) {
    for (k, v) in table {
        let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
        match v {
            toml::Value::Table(t) => flatten(&key, t, out),
            toml::Value::String(s) => {
                out.insert(key, s.clone());
            }
            other => {
                out.insert(key, other.to_string());
            }
        }
    }
}

/// A Tera error as a diagnostic: the template, line and column, and which page
/// was being rendered.
pub fn tera_diagnostic(err: &tera::Error, page: Option<&str>) -> Diagnostic {
    let mut message = String::new();
    let mut located = None;
    let mut current: Option<&dyn std::error::Error> = Some(err);
    // Walk the chain: the innermost report knows the template and span.
    while let Some(e) = current {
        if let Some(te) = e.downcast_ref::<tera::Error>() {
            match te.kind() {
                tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
                    message = r.message().to_string();
                    located = Some((
                        r.filename().to_string(),
                        r.span().start_line,
                        r.span().start_col + 1,
                    ));
                }
                // Validation errors arrive as text reports: `error: …` / `--> file:line:col`.
                tera::ErrorKind::Msg(text) if located.is_none() => {
                    if let Some((m, l)) = parse_report(text) {
                        message = m;
                        located = l;
                    } else if message.is_empty() {
                        message = text.clone();
                    }
                }
                other => {
                    if message.is_empty() {
                        message = other.to_string();
                    }
                }
            }
        }
        current = e.source();
    }
    if message.is_empty() {
        message = err.to_string();
    }
    let mut d = Diagnostic::error(
        Code::Template,
        match page {
            Some(p) => format!("{message} (while rendering {p})"),
            None => message,
        },
    );
    if let Some((file, line, col)) = located {
        d = d.in_file(Path::new("templates").join(file)).at_line(line, col);
    }
    d.with_help(
        "fix the template at the marked place; see https://keats.github.io/tera/ for the syntax",
    )
}

/// Fills in the snippet of a diagnostic that points into a template.
pub fn quote_template_line(templates: &Templates, d: &mut Diagnostic) {
    let (Some(path), Some(line)) = (&d.path, d.line) else { return };
    let Some(name) = path.strip_prefix("templates").ok().and_then(|p| p.to_str()) else { return };
    if d.snippet.is_none()
        && let Some(text) = templates.source(&name.replace('\\', "/"))
    {
        d.snippet = text.lines().nth(line - 1).map(str::to_string);
    }
}

/// A template file with a 1-based line and column.
type Location = (String, usize, usize);

/// Reads the first report of a Tera text report.
fn parse_report(text: &str) -> Option<(String, Option<Location>)> {
    let mut lines = text.lines();
    let first = lines.find(|l| l.trim_start().starts_with("error"))?;
    let message = first
        .trim_start()
        .trim_start_matches("error:")
        .trim()
        .trim_start_matches("error:")
        .trim()
        .to_string();
    let location = lines.find_map(|l| l.trim_start().strip_prefix("--> ")).and_then(|loc| {
        let mut parts = loc.rsplitn(3, ':');
        let col = parts.next()?.trim().parse().ok()?;
        let line = parts.next()?.trim().parse().ok()?;
        Some((parts.next()?.to_string(), line, col))
    });
    Some((message, location))
}
