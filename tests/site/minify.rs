//! Pages rendered from templates minified once read as pages minified whole:
//! the same elements in the same tree, the same words with the same spaces
//! between them, and hardly more bytes; and a template's error still names
//! the line the editor wrote.

use std::path::Path;

use broadsheet::BuildOptions;
use ego_tree::iter::Edge;
use scraper::{Html, Node};

use crate::common::*;
use crate::support::files_under;

/// A page as a reader's browser has it: every element with its depth and
/// its attributes in name order, every text with its whitespace collapsed
/// (a text of whitespace alone is shown as nothing, so it is left out).
fn shape(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let mut depth = 0usize;
    let mut out = Vec::new();
    for edge in doc.root_element().traverse() {
        match edge {
            Edge::Open(node) => {
                depth += 1;
                match node.value() {
                    Node::Element(e) => {
                        // Declarations read the same with or without spaces.
                        let value = |k: &str, v: &str| match k {
                            "style" => v.split_whitespace().collect(),
                            _ => v.to_string(),
                        };
                        let mut attrs: Vec<String> =
                            e.attrs().map(|(k, v)| format!("{k}={:?}", value(k, v))).collect();
                        attrs.sort();
                        out.push(format!("{depth} <{}> {}", e.name(), attrs.join(" ")));
                    }
                    Node::Text(t) if !t.trim().is_empty() => {
                        let words: Vec<&str> = t.split_whitespace().collect();
                        let lead = if t.starts_with(char::is_whitespace) { " " } else { "" };
                        let tail = if t.ends_with(char::is_whitespace) { " " } else { "" };
                        out.push(format!("{depth} {lead}{}{tail}", words.join(" ")));
                    }
                    _ => {}
                }
            }
            Edge::Close(_) => depth -= 1,
        }
    }
    out
}

fn html_files(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = files_under(dir, dir)
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(".html"))
        .map(|(rel, bytes)| (rel, String::from_utf8(bytes).unwrap()))
        .collect();
    files.sort();
    files
}

#[test]
fn pages_from_minified_templates_read_as_pages_minified_whole() {
    let (dir, root) = default_site();
    let once = dir.path().join("once");
    broadsheet::build(&BuildOptions::new(&root).output(&once)).unwrap();
    // A construct in a comment cannot be minified before rendering: the theme
    // falls back to minifying each rendered page whole.
    std::fs::write(root.join("templates/partials/unused.html"), "<!-- {{ x }} -->\n").unwrap();
    let whole = dir.path().join("whole");
    broadsheet::build(&BuildOptions::new(&root).output(&whole)).unwrap();
    let (once, whole) = (html_files(&once), html_files(&whole));
    assert_eq!(once.len(), whole.len());
    assert!(once.len() >= 10, "{} pages", once.len());
    let (mut bytes_once, mut bytes_whole) = (0, 0);
    for ((rel, a), (_, b)) in once.iter().zip(&whole) {
        assert_ne!(a, b, "{rel}: the fallback was not taken");
        let (sa, sb) = (shape(a), shape(b));
        let first = sa.iter().zip(&sb).position(|(x, y)| x != y);
        assert!(
            sa == sb,
            "{rel} differs at {first:?}: {:?} vs {:?}",
            first.map(|i| &sa[i]),
            first.map(|i| &sb[i])
        );
        bytes_once += a.len();
        bytes_whole += b.len();
    }
    let growth = bytes_once as f64 / bytes_whole as f64 - 1.0;
    assert!(growth < 0.01, "pages are {:.2}% larger than minified whole", growth * 100.0);
}

#[test]
fn a_template_error_at_render_names_the_line_as_written() {
    let (dir, root) = default_site();
    let path = root.join("templates/page.html");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.insert(3, "<p>\n  {{ t(key=\"no.such.string\") }}</p>");
    std::fs::write(&path, lines.join("\n")).unwrap();
    let out = dir.path().join("public");
    let err = broadsheet::build(&BuildOptions::new(&root).output(&out)).unwrap_err();
    let diags = err.diagnostics();
    let d = diags.iter().find(|d| d.message.contains("no.such.string")).expect("the error");
    assert_eq!(d.path.as_deref(), Some(Path::new("templates/page.html")), "{d:#?}");
    assert_eq!(d.line, Some(5), "{d:#?}");
}

/// Markdown with every construct the site's Markdown turns on.
const KITCHEN_SINK: &str = r#"# Title {#top .big}

A paragraph with *emphasis*, **strong**, ~~struck~~, `code  with  spaces`,
a [link](https://e.org/a?b=1&c=2 "its title"), an ![image](/i.png "t"),
a soft break after **bold**
and a hard break\
here. Quotes "straight" and 'single', 1 < 2 > 0 & done.

中文段落第一行
第二行，接着**加粗**
文字。

> A quote
> on two lines.
>
> > Nested.

- tight
- list
  - nested
  - items
- [ ] task
- [x] done

1. loose

2. ordered

   with a second paragraph

7. starting

| Left | Centre | Right |
|:-----|:------:|------:|
| a    | b      | c     |
| *d*  | `e`    | [f](/f) |

```rust
fn  main() {

    println!("<b>");
}
```

    indented code

***

Footnote here[^n].

[^n]: The note, with *markup*.

## Last {#last}

Ends with text.
"#;

#[test]
fn markdown_html_minified_in_one_pass_reads_as_minify_html_writes_it() {
    let no_photo = |_: &str, _: &str| None;
    let env = broadsheet::markdown::PageEnv { photo: &no_photo, photo_ids: &[], quotes: &[] };
    let article = std::fs::read_to_string(repo().join("content/article/index.md")).unwrap();
    let english = std::fs::read_to_string(repo().join("content/article/index.en.md")).unwrap();
    for (name, text) in [("kitchen sink", KITCHEN_SINK), ("article", &article), ("en", &english)] {
        let body = text.split("\n+++\n").last().unwrap();
        let rendered = broadsheet::markdown::render(body, &env);
        assert!(!rendered.raw_html, "{name}");
        let page = |body: &str| format!("<!doctype html><html><body><main>{body}</main>");
        let one_pass = broadsheet::minify::markdown_html(&rendered.html);
        let minified = broadsheet::minify::fragment(&rendered.html);
        let (a, b) = (shape(&page(&one_pass)), shape(&page(&minified)));
        let first = a.iter().zip(&b).position(|(x, y)| x != y);
        assert!(
            a == b,
            "{name} differs at {first:?}: {:?} vs {:?}",
            first.map(|i| &a[i]),
            first.map(|i| &b[i])
        );
        assert!(one_pass.len() <= minified.len() * 101 / 100, "{name}: {one_pass}\n vs {minified}");
    }
}
