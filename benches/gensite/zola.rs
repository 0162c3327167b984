//! The Zola variant of the benchmark site. In: the output folder and N; out:
//! `config.toml` (zh the default language, `[languages.en]`, minified output),
//! the content tree with links to exact files (`@/posts/x.en.md`) and sections
//! sorted by weight, templates shaped like broadsheet's default theme, and
//! static files. Invariant: the pages carry the same parts as broadsheet's, so
//! the tools do comparable work.

use std::io;
use std::path::Path;

use super::files::{write, write_statics};
use super::pages::write_content;
use super::text::{BASE_URL, DESCRIPTION, FOOTER, LANG_NAME, Lang, TITLE, UI, UiString};
use super::{GENERATOR_NOTE, Tool};

const BASE: &str = r##"<!DOCTYPE html>
<html lang="{% if lang == "zh" %}zh-Hans{% else %}{{ lang }}{% endif %}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ config.title }}{% endblock title %}</title>
<meta name="description" content="{% block description %}{{ config.description }}{% endblock description %}">
<meta name="color-scheme" content="light dark">
{% block alternates %}{% endblock alternates %}
<link rel="stylesheet" href="{{ get_url(path='style.css') }}">
<link rel="icon" href="{{ get_url(path='favicon.svg') }}" type="image/svg+xml">
</head>
<body class="lang-{{ lang }}">
<a class="skip-link" href="#main">{{ trans(key="skip", lang=lang) }}</a>
<header class="site-header">
<div class="wrap header-row">
<a class="brand" href="{{ config.base_url }}{% if lang != config.default_language %}/{{ lang }}{% endif %}/">{{ config.title }}</a>
<nav class="switcher" aria-label="{{ trans(key="switcher", lang=lang) }}">
<ul>
{% block switcher %}{% endblock switcher %}
</ul>
</nav>
</div>
</header>
<main id="main" tabindex="-1">
{% block main %}{% endblock main %}
</main>
<footer class="site-footer">
<div class="wrap">
<p>{{ trans(key="footer", lang=lang) }}</p>
</div>
</footer>
</body>
</html>
"##;

/// The canonical, hreflang and switcher blocks of a page or section; `ITEM`
/// stands for the template variable (`page`, `section`).
const TRANSLATIONS: &str = r##"{% block alternates %}<link rel="canonical" href="{{ ITEM.permalink }}">
{% for t in ITEM.translations %}<link rel="alternate" hreflang="{% if t.lang == "zh" %}zh-Hans{% else %}{{ t.lang }}{% endif %}" href="{{ t.permalink }}">
{% if t.lang == config.default_language %}<link rel="alternate" hreflang="x-default" href="{{ t.permalink }}">
{% endif %}{% endfor %}{% endblock alternates %}
{% block switcher %}{% for t in ITEM.translations %}{% if t.lang == lang %}<li><span class="current" aria-current="true">{{ trans(key="name", lang=t.lang) }}</span></li>
{% else %}<li><a href="{{ t.permalink }}" hreflang="{% if t.lang == "zh" %}zh-Hans{% else %}{{ t.lang }}{% endif %}">{{ trans(key="name", lang=t.lang) }}</a></li>
{% endif %}{% endfor %}{% endblock switcher %}
"##;

const PAGE_HEAD: &str = r##"{% extends "base.html" %}
{% block title %}{{ page.title }} · {{ config.title }}{% endblock title %}
{% block description %}{{ page.description }}{% endblock description %}
"##;

const PAGE_MAIN: &str = r##"{% block main %}
<article class="wrap prose">
<h1>{{ page.title }}</h1>
{{ page.content | safe }}
</article>
{% endblock main %}
"##;

const SECTION_HEAD: &str = r##"{% extends "base.html" %}
{% block title %}{{ section.title }} · {{ config.title }}{% endblock title %}
"##;

const SECTION_MAIN: &str = r##"{% block main %}
<div class="wrap prose">
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
{% if section.pages %}<ul class="listing">
{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a>{% if p.description %}<p>{{ p.description }}</p>{% endif %}</li>
{% endfor %}</ul>{% endif %}
</div>
{% endblock main %}
"##;

const INDEX_HEAD: &str = "{% extends \"base.html\" %}\n";

const INDEX_MAIN: &str = r##"{% block main %}
<div class="wrap home">
<header class="hero">
<h1>{{ section.title }}</h1>
<p><a class="button" href="#main">{{ trans(key="read", lang=lang) }}</a></p>
</header>
<div class="prose intro">{{ section.content | safe }}</div>
</div>
{% endblock main %}
"##;

const NOT_FOUND: &str = r##"{% extends "base.html" %}
{% block main %}
<div class="wrap prose not-found">
<h1>{{ trans(key="notfound", lang=lang) }}</h1>
</div>
{% endblock main %}
"##;

/// A template: its head, the translation blocks for `item`, its main block.
fn template(head: &str, item: &str, main: &str) -> String {
    format!("{head}{}{main}", TRANSLATIONS.replace("ITEM", item))
}

/// `key = "text"` lines: the theme's strings, the footer, the language name.
fn translations(lang: Lang) -> String {
    let footer = UiString { key: "footer", text: FOOTER.get(lang) };
    let name = UiString { key: "name", text: LANG_NAME.get(lang) };
    UI.get(lang)
        .iter()
        .chain([&footer, &name])
        .map(|s| format!("{} = \"{}\"\n", s.key, s.text))
        .collect()
}

fn config() -> String {
    format!(
        "# Zola version of the broadsheet benchmark site ({GENERATOR_NOTE})\n\
         base_url = \"{}\"\ndefault_language = \"zh\"\ntitle = \"{}\"\ndescription = \"{}\"\n\
         minify_html = true\ncompile_sass = false\nbuild_search_index = false\n\n\
         [translations]\n{}\n[languages.en]\ntitle = \"{}\"\ndescription = \"{}\"\n\n\
         [languages.en.translations]\n{}",
        BASE_URL.trim_end_matches('/'),
        TITLE.zh,
        DESCRIPTION.zh,
        translations(Lang::Zh),
        TITLE.en,
        DESCRIPTION.en,
        translations(Lang::En)
    )
}

pub fn generate(out: &Path, n: usize) -> io::Result<()> {
    write(&out.join("config.toml"), &config())?;
    write_content(Tool::Zola, out, n)?;
    let templates = out.join("templates");
    write(&templates.join("base.html"), BASE)?;
    write(&templates.join("page.html"), &template(PAGE_HEAD, "page", PAGE_MAIN))?;
    write(&templates.join("section.html"), &template(SECTION_HEAD, "section", SECTION_MAIN))?;
    write(&templates.join("index.html"), &template(INDEX_HEAD, "section", INDEX_MAIN))?;
    write(&templates.join("404.html"), NOT_FOUND)?;
    write_statics(&out.join("static"))
}
