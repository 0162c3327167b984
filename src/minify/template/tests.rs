//! What the template minifier keeps, leaves out and refuses.

use super::template;

#[test]
fn static_markup_is_minified_and_constructs_are_kept_as_written() {
    let src = "<div class=\"a\">\n  <p>{{ page.title }}</p>\n  {% if x %}\n  <span>y</span>\n  {% endif %}\n</div>\n";
    let out = template(src).unwrap();
    assert_eq!(
        out,
        "<div class=a><p>{{ page.title }}</p>{% if x %}<span>y</span>{% endif %}</div>"
    );
}

#[test]
fn a_tag_with_a_construct_is_written_back_whole() {
    let src = "<ul>\n<li><a href=\"{{ u }}\"{% if c %} aria-current=\"page\"{% endif %}>{{ t }}</a></li>\n</ul>";
    let out = template(src).unwrap();
    let a = "<a href={{ (u) | minified_attr }}{% if c %} aria-current=page{% endif %}>";
    assert_eq!(out, format!("<ul><li>{a}{{{{ t }}}}</a></ul>"));
}

#[test]
fn no_closing_tag_is_left_out_before_a_construct() {
    // What the block prints follows the paragraph: it may be text.
    let out = template("<div><p>a</p>{{ body | safe }}</div>").unwrap();
    assert_eq!(out, "<div><p>a</p>{{ body | safe }}</div>");
    // A partial's last paragraph is followed by whatever includes it.
    assert_eq!(template("<p>a</p>\n").unwrap(), "<p>a</p>");
}

#[test]
fn what_cannot_stand_in_is_refused() {
    assert_eq!(template("<script>let x = {{ n }};</script>"), None);
    assert_eq!(template("<!-- {{ x }} --><p>a</p>"), None);
    assert_eq!(template("<div>a</{{ tag }}>"), None);
    // JSON is copied as it is, so a construct may stand in it.
    let json = template("<script type=\"application/ld+json\">{{ j | safe }}</script>").unwrap();
    assert_eq!(json, "<script type=application/ld+json>{{ j | safe }}</script>");
}

#[test]
fn raw_blocks_and_strings_with_closers_stay_whole() {
    let src = "<p>{% raw %}{{ not tera }}{% endraw %}</p><p>{{ \"}}\" ~ x }}</p><i>x</i>";
    assert_eq!(
        template(src).unwrap(),
        "<p>{% raw %}{{ not tera }}{% endraw %}<p>{{ \"}}\" ~ x }}</p><i>x</i>"
    );
}

#[test]
fn whitespace_beside_a_statement_that_may_print_text_stays() {
    // Rendered, the space separates the link from the text the branch prints.
    let src = "<div><a href=\"/\">x</a> {% if s %}sub{% endif %}\n<i>y</i></div>";
    assert_eq!(
        template(src).unwrap(),
        "<div><a href=/>x</a> {% if s %}sub{% endif %} <i>y</i></div>"
    );
}

#[test]
fn any_text_is_minified_or_refused_without_a_panic() {
    let pieces = [
        "<p>",
        "</p>",
        "{{ x }}",
        "{% if a %}",
        "{% endif %}",
        "{#",
        "#}",
        "<a href=\"{{ u }}\">",
        "</a>",
        "中文·",
        " ",
        "\n",
        "<",
        ">",
        "\"",
        "<!--",
        "-->",
        "<script>",
        "</script>",
        "{% raw %}",
        "{% endraw %}",
        "}}",
        "%}",
        "<title>",
        "</title>",
        "<br/>",
        "\u{E000}1\u{E001}",
        "{{ h | safe }}",
    ];
    let mut seed = 7u64;
    for _ in 0..3000 {
        let mut text = String::new();
        for _ in 0..12 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            text += pieces[(seed >> 33) as usize % pieces.len()];
        }
        if let Some(out) = template(&text) {
            // Every construct is still there, in its order.
            let constructs =
                |t: &str| t.matches("{{ x }}").count() + t.matches("{% if a %}").count();
            assert_eq!(constructs(&out), constructs(&text), "{text:?} → {out:?}");
        }
    }
}

#[test]
fn a_title_holds_statements_as_text() {
    let src = "<!DOCTYPE html>\n<html lang=\"{{ l }}\">\n<head>\n<title>{% block title %}{{ t }}{% endblock title %}</title>\n</head>\n<body>\n<p>x</p>\n</body>\n</html>\n";
    let out = template(src).unwrap();
    assert_eq!(
        out,
        "<!doctype html><html lang={{ (l) | minified_attr }}><head><title>{% block title %}{{ t }}{% endblock title %}</title><body><p>x"
    );
}

mod theme {
    /// The default theme renders pages that need no minifying.
    #[test]
    fn every_template_of_the_default_theme_minifies() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        for entry in walkdir::WalkDir::new(&dir) {
            let path = entry.unwrap().into_path();
            if path.extension().is_some_and(|e| e == "html") {
                let text = std::fs::read_to_string(&path).unwrap();
                assert!(super::template(&text).is_some(), "{} does not minify", path.display());
            }
        }
    }
}
