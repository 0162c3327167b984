//! The Hugo variant of the benchmark site. In: the output folder and N; out:
//! `hugo.toml` (zh the default language at `/`, minified output, taxonomies and
//! RSS off), the content tree with `relref` links, small layouts shaped like
//! broadsheet's default theme (head with canonical and hreflang links, header
//! with the language switcher, main, footer), i18n strings and static files.
//! Invariant: the pages carry the same parts as broadsheet's, so the two
//! tools do comparable work.

use std::io;
use std::path::Path;

use super::files::{write, write_statics};
use super::pages::write_content;
use super::text::{BASE_URL, DESCRIPTION, FOOTER, LANG_NAME, Lang, TITLE, UI, UiString};
use super::{GENERATOR_NOTE, Tool};

const BASEOF: &str = r##"<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} · {{ site.Title }}{{ end }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ site.Params.description }}{{ end }}">
<meta name="color-scheme" content="light dark">
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Site.LanguageCode }}" href="{{ .Permalink }}">
{{ end }}{{ range .AllTranslations }}{{ if eq .Lang "zh" }}<link rel="alternate" hreflang="x-default" href="{{ .Permalink }}">
{{ end }}{{ end }}<link rel="stylesheet" href="{{ "style.css" | relURL }}">
<link rel="icon" href="{{ "favicon.svg" | relURL }}" type="image/svg+xml">
</head>
<body class="lang-{{ .Lang }}">
<a class="skip-link" href="#main">{{ i18n "skip" }}</a>
<header class="site-header">
<div class="wrap header-row">
<a class="brand" href="{{ "/" | relLangURL }}">{{ site.Title }}</a>
<nav class="switcher" aria-label="{{ i18n "switcher" }}">
<ul>
{{ $current := .Lang }}{{ range .AllTranslations }}{{ if eq .Lang $current }}<li><span class="current" aria-current="true">{{ .Language.LanguageName }}</span></li>
{{ else }}<li><a href="{{ .RelPermalink }}" hreflang="{{ .Site.LanguageCode }}" lang="{{ .Site.LanguageCode }}">{{ .Language.LanguageName }}</a></li>
{{ end }}{{ end }}
</ul>
</nav>
</div>
</header>
<main id="main" tabindex="-1">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer">
<div class="wrap">
<p>{{ i18n "footer" }}</p>
</div>
</footer>
</body>
</html>
"##;

const SINGLE: &str = r##"{{ define "main" }}
<article class="wrap prose">
<h1>{{ .Title }}</h1>
{{ .Content }}
</article>
{{ end }}
"##;

const LIST: &str = r##"{{ define "main" }}
<div class="wrap prose">
<h1>{{ .Title }}</h1>
{{ .Content }}
{{ with .Pages }}<ul class="listing">
{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Description }}<p>{{ . }}</p>{{ end }}</li>
{{ end }}</ul>{{ end }}
</div>
{{ end }}
"##;

const INDEX: &str = r##"{{ define "main" }}
<div class="wrap home">
<header class="hero">
<h1>{{ .Title }}</h1>
<p><a class="button" href="#main">{{ i18n "read" }}</a></p>
</header>
<div class="prose intro">{{ .Content }}</div>
</div>
{{ end }}
"##;

const NOT_FOUND: &str = r##"{{ define "main" }}
<div class="wrap prose not-found">
<h1>{{ i18n "notfound" }}</h1>
<p><a href="{{ "/" | relLangURL }}">{{ i18n "home" }}</a></p>
</div>
{{ end }}
"##;

fn config() -> String {
    let mut text = format!(
        "# Hugo version of the broadsheet benchmark site ({GENERATOR_NOTE})\n\
         baseURL = \"{BASE_URL}\"\ndefaultContentLanguage = \"zh\"\n\
         defaultContentLanguageInSubdir = false\n\
         disableKinds = [\"taxonomy\", \"term\", \"RSS\"]\nenableRobotsTXT = true\n\n\
         [minify]\nminifyOutput = true\n"
    );
    for (weight, lang) in (1..).zip(Lang::ALL) {
        let code = lang.code();
        text += &format!(
            "\n[languages.{code}]\nlanguageCode = \"{}\"\nlanguageName = \"{}\"\ntitle = \"{}\"\n\
             weight = {weight}\n[languages.{code}.params]\ndescription = \"{}\"\n",
            lang.tag(),
            LANG_NAME.get(lang),
            TITLE.get(lang),
            DESCRIPTION.get(lang)
        );
    }
    text
}

/// `i18n/<lang>.toml`: the theme's strings, then the footer.
fn i18n(lang: Lang) -> String {
    let footer = UiString { key: "footer", text: FOOTER.get(lang) };
    UI.get(lang)
        .iter()
        .chain([&footer])
        .map(|s| format!("[{}]\nother = \"{}\"\n", s.key, s.text))
        .collect()
}

pub fn generate(out: &Path, n: usize) -> io::Result<()> {
    write(&out.join("hugo.toml"), &config())?;
    write_content(Tool::Hugo, out, n)?;
    let layouts = out.join("layouts");
    write(&layouts.join("_default").join("baseof.html"), BASEOF)?;
    write(&layouts.join("_default").join("single.html"), SINGLE)?;
    write(&layouts.join("_default").join("list.html"), LIST)?;
    write(&layouts.join("index.html"), INDEX)?;
    write(&layouts.join("404.html"), NOT_FOUND)?;
    for lang in Lang::ALL {
        write(&out.join("i18n").join(format!("{}.toml", lang.code())), &i18n(lang))?;
    }
    write_statics(&out.join("static"))
}
