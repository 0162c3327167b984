//! The build cache: a cached build writes exactly what a clean one does.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use broadsheet::{BuildOptions, Code, Summary};

use crate::common::*;

/// Every file under `dir`, by its path relative to it.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    crate::support::files_under(dir, dir)
}

/// The files two trees hold differently, for a readable failure.
fn differences(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let names: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    names.into_iter().filter(|n| a.get(*n) != b.get(*n)).cloned().collect()
}

/// The folders under `dir` that hold nothing: a clean build leaves none.
fn empty_folders(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_dir())
        .filter(|e| std::fs::read_dir(e.path()).is_ok_and(|mut d| d.next().is_none()))
        .map(|e| e.into_path())
        .collect()
}

/// A small deterministic generator, so a failure can be replayed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// The Markdown pages of the site, in a stable order.
fn pages(root: &Path) -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter(|e| !e.path().to_string_lossy().contains("/source/"))
        .map(|e| e.into_path())
        .collect();
    pages.sort();
    pages
}

/// One random edit of the kind an editor makes, described for the failure message.
fn edit(root: &Path, rng: &mut Rng, step: usize) -> String {
    let pages = pages(root);
    let page = pages[rng.below(pages.len())].clone();
    let text = std::fs::read_to_string(&page).unwrap_or_default();
    let name = page.strip_prefix(root).unwrap().display().to_string();
    match rng.below(9) {
        0 => {
            append(&page, &format!("第{step}次修改的一句话。"));
            format!("body of {name}")
        }
        1 => {
            let retitled = text.replacen("title = \"", &format!("title = \"{step} "), 1);
            std::fs::write(&page, retitled).unwrap();
            format!("title of {name}")
        }
        2 => {
            let base = root.join("templates/base.html");
            let html = std::fs::read_to_string(&base).unwrap();
            let marked = html.replacen("</body>", &format!("<span hidden>{step}</span></body>"), 1);
            std::fs::write(&base, marked).unwrap();
            "templates/base.html".into()
        }
        3 => {
            let config = root.join("config.toml");
            let toml = std::fs::read_to_string(&config).unwrap();
            std::fs::write(&config, toml.replacen("title = \"", &format!("title = \"{step}"), 1))
                .unwrap();
            "config.toml".into()
        }
        4 => {
            std::fs::remove_file(&page).unwrap();
            format!("delete {name}")
        }
        5 => {
            let new = root.join(format!("content/note-{step}.md"));
            std::fs::write(
                &new,
                format!("+++\ntitle = \"笔记{step}\"\n+++\n\n新增的第{step}页。\n"),
            )
            .unwrap();
            format!("add content/note-{step}.md")
        }
        6 => {
            // A paragraph of an English page left untranslated: the page is held
            // back, which shows on every page that links to it.
            let en = pages.iter().filter(|p| p.to_string_lossy().ends_with(".en.md"));
            let page = en.clone().nth(rng.below(en.count().max(1))).unwrap_or(&page).clone();
            let text = std::fs::read_to_string(&page).unwrap_or_default();
            let para = text.lines().position(|l| l.starts_with(|c: char| c.is_ascii_uppercase()));
            let mut lines: Vec<&str> = text.lines().collect();
            if let Some(i) = para {
                lines[i] = broadsheet::translate::UNTRANSLATED;
            }
            std::fs::write(&page, lines.join("\n") + "\n").unwrap();
            format!("untranslated slot in {}", page.strip_prefix(root).unwrap().display())
        }
        7 => {
            let stem = page.file_stem().unwrap().to_string_lossy().replace(".en", "");
            let lang = if name.ends_with(".en.md") { ".en" } else { "" };
            let to = page.with_file_name(format!("{stem}-{step}{lang}.md"));
            std::fs::rename(&page, &to).unwrap();
            format!("rename {name}")
        }
        _ => edit_data(root, step, rng.below(2) == 0),
    }
}

/// An edit of an article's data that its body's outline depends on: a photo's
/// id, or the sentence a figure quotes. Either breaks the article, so both
/// builds must refuse it; one that remembered the body's old outline would not.
fn edit_data(root: &Path, step: usize, photo: bool) -> String {
    let [photos, figures] =
        ["photos.toml", "figures.toml"].map(|f| root.join("content/article").join(f));
    let (file, from, to) = if photo {
        (photos, "id = \"", format!("id = \"gone-{step}-"))
    } else {
        (figures, "quote = { zh = \"", format!("quote = {{ zh = \"不在文中{step}"))
    };
    let Ok(text) = std::fs::read_to_string(&file) else { return "no article data".into() };
    std::fs::write(&file, text.replacen(from, &to, 1)).unwrap();
    format!("{} edited", file.strip_prefix(root).unwrap().display())
}

/// The default site, built once with the cache into `public` beside it.
fn built_site() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let (dir, root) = default_site();
    let public = dir.path().join("public");
    build(&root, &public, true).unwrap();
    (dir, root, public)
}

/// Adds a line to the end of a file, as an editor's save does.
fn append(file: &Path, line: &str) {
    let text = std::fs::read_to_string(file).unwrap_or_default();
    std::fs::write(file, format!("{text}\n{line}\n")).unwrap();
}

fn build(root: &Path, output: &Path, cache: bool) -> broadsheet::Result<Summary> {
    broadsheet::build(&BuildOptions { cache, ..BuildOptions::new(root).output(output) })
}

/// A build from nothing: a fresh copy of the site (so without its caches), no
/// output folder, no kept tree beside it.
fn clean_build(root: &Path, output: &Path) -> broadsheet::Result<Summary> {
    let site = output.with_file_name("clean-site");
    let _ = std::fs::remove_dir_all(&site);
    for part in ["config.toml", "content", "templates"] {
        copy_tree(&root.join(part), &site.join(part));
    }
    let _ = std::fs::remove_dir_all(output);
    let kept = output.with_file_name(format!(".{}.prev", output.file_name().unwrap().display()));
    let _ = std::fs::remove_dir_all(kept);
    build(&site, output, false)
}

/// The site the random edits are made to: the default site, or a copy of the
/// site at `BROADSHEET_CACHE_SITE` (the benchmark runs this test on a generated
/// site of 2,000 pages), edited `BROADSHEET_CACHE_STEPS` times (default 48 on the
/// default site, 24 on another).
fn edited_site() -> (tempfile::TempDir, PathBuf, usize) {
    let steps = std::env::var("BROADSHEET_CACHE_STEPS").ok().and_then(|s| s.parse().ok());
    let Some(from) = std::env::var_os("BROADSHEET_CACHE_SITE") else {
        let (dir, root) = default_site();
        return (dir, root, steps.unwrap_or(48));
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    for part in ["config.toml", "content", "templates"] {
        copy_tree(&Path::new(&from).join(part), &root.join(part));
    }
    (dir, root, steps.unwrap_or(24))
}

#[test]
fn after_every_random_edit_a_cached_build_equals_a_clean_one() {
    let (dir, root, steps) = edited_site();
    let (public, clean) = (dir.path().join("public"), dir.path().join("clean"));
    build(&root, &public, true).unwrap();
    let mut rng = Rng(0x2024_0218);
    let mut kept_some = false;
    for step in 1..=steps {
        let before = dir.path().join("before");
        let _ = std::fs::remove_dir_all(&before);
        copy_tree(&root, &before);
        let what = edit(&root, &mut rng, step);
        let Ok(want) = clean_build(&root, &clean) else {
            // An edit that breaks the site (a link to a deleted page): the cached
            // build must refuse it too, and the edit is undone.
            assert!(build(&root, &public, true).is_err(), "step {step} ({what})");
            std::fs::remove_dir_all(&root).unwrap();
            std::fs::rename(&before, &root).unwrap();
            continue;
        };
        let got = build(&root, &public, true).unwrap_or_else(|e| panic!("step {step}: {e}"));
        kept_some |= got.rendered < got.pages;
        assert_eq!(got.pages, want.pages, "step {step} ({what})");
        let (got, want) = (tree(&public), tree(&clean));
        assert!(got == want, "step {step} ({what}): {:?} differ", differences(&got, &want));
        assert_eq!(empty_folders(&public), Vec::<PathBuf>::new(), "step {step} ({what})");
    }
    assert!(kept_some, "no cached build kept a page: the cache was never used");
}

#[test]
fn a_build_with_nothing_changed_renders_nothing_and_writes_the_same() {
    let (dir, root) = default_site();
    let public = dir.path().join("public");
    let first = build(&root, &public, true).unwrap();
    assert_eq!(first.rendered, first.pages);
    let files = tree(&public);
    let second = build(&root, &public, true).unwrap();
    assert_eq!(second.rendered, 0);
    assert_eq!(tree(&public), files);
    // `--no-cache` renders everything, and the next cached build is not misled.
    assert_eq!(build(&root, &public, false).unwrap().rendered, first.pages);
    let article = root.join("content/article/index.md");
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(&article, text.replacen("新春伊始", "新春伊始时", 1)).unwrap();
    let third = build(&root, &public, true).unwrap();
    assert_eq!(third.rendered, first.pages, "the output was not the one the record describes");
    let page = std::fs::read_to_string(public.join("article/index.html")).unwrap();
    assert!(page.contains("新春伊始时"));
}

/// Writes `garbage` over the cache file `rel` and builds: the build warns about
/// that file and replaces it, so that the next build reads it without a word.
fn spoil(root: &Path, public: &Path, rel: &str, garbage: &str) -> Summary {
    let file = root.join(rel);
    std::fs::write(&file, garbage).unwrap();
    let summary = build(root, public, true).unwrap();
    let warning = summary.notes.iter().find(|d| d.code == Code::BuildCache).expect("a warning");
    assert_eq!(warning.path.as_deref(), Some(file.as_path()));
    assert_ne!(std::fs::read(&file).unwrap(), garbage.as_bytes());
    let again = build(root, public, true).unwrap();
    assert!(!again.notes.iter().any(|d| d.code == Code::BuildCache), "{:?}", again.notes);
    summary
}

#[test]
fn a_corrupt_cache_is_ignored_with_a_warning_and_replaced() {
    let (_dir, root, public) = built_site();
    let summary = spoil(&root, &public, ".broadsheet/build.bin", "{ not json");
    assert_eq!(summary.rendered, summary.pages);
    assert_eq!(build(&root, &public, true).unwrap().rendered, 0);
}

#[test]
fn a_cache_made_for_another_output_folder_is_not_trusted() {
    let (dir, root) = default_site();
    build(&root, &dir.path().join("a"), true).unwrap();
    let other = build(&root, &dir.path().join("b"), true).unwrap();
    assert_eq!(other.rendered, other.pages);
}

#[test]
fn a_translation_found_clean_is_composed_again_once_it_changes() {
    let (dir, root) = default_site();
    let public = dir.path().join("public");
    let first = build(&root, &public, true).unwrap();
    let progress = |s: &Summary| s.notes.iter().any(|d| d.code == Code::TranslationProgress);
    assert!(!progress(&first));
    assert!(root.join(".broadsheet/translations.bin").is_file());
    // A slot of the English about page left untranslated: the page is held back.
    let about = root.join("content/about.en.md");
    let text = std::fs::read_to_string(&about).unwrap();
    let para = "This is a bilingual microsite built around one Chinese newspaper article";
    let start = text.find(para).unwrap();
    let end = start + text[start..].find('\n').unwrap();
    let slot = format!("{}{}{}", &text[..start], broadsheet::translate::UNTRANSLATED, &text[end..]);
    std::fs::write(&about, slot).unwrap();
    let second = build(&root, &public, true).unwrap();
    assert!(progress(&second), "{:?}", second.notes);
    assert_clean(&dir, &root, &public, "after a slot was left untranslated");
}

#[test]
fn a_translations_cache_that_does_not_read_is_ignored_with_a_warning() {
    let (_dir, root, public) = built_site();
    spoil(&root, &public, ".broadsheet/translations.bin", "[1, 2");
}

#[test]
fn an_outlines_cache_that_does_not_read_is_ignored_with_a_warning() {
    let (dir, root, public) = built_site();
    assert!(root.join(".broadsheet/outlines.bin").is_file());
    spoil(&root, &public, ".broadsheet/outlines.bin", "{\"format\": 1, \"entries\": [[");
    assert_clean(&dir, &root, &public, "after the outlines were rebuilt");
}

#[test]
fn a_theme_cache_that_does_not_read_is_ignored_with_a_warning() {
    let (dir, root, public) = built_site();
    assert!(root.join(".broadsheet/theme.bin").is_file());
    spoil(&root, &public, ".broadsheet/theme.bin", "{\"format\": 2, \"entries\": [[1, ");
    assert_clean(&dir, &root, &public, "after the theme was minified again");
}

#[test]
fn an_edited_template_and_stylesheet_are_minified_again_not_taken_from_the_cache() {
    let (dir, root, public) = built_site();
    let page = root.join("templates/page.html");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        text.replacen(
            "{% block main %}",
            "{% block main %}\n<p class=\"note\">  新的  说明 </p>",
            1,
        ),
    )
    .unwrap();
    let css = root.join("templates/static/style.css");
    let style = std::fs::read_to_string(&css).unwrap();
    std::fs::write(&css, format!("{style}\n.note {{ color : red ; }}\n")).unwrap();
    build(&root, &public, true).unwrap();
    assert_clean(&dir, &root, &public, "after a template and the stylesheet were edited");
    let about = std::fs::read_to_string(public.join("about/index.html")).unwrap();
    assert!(about.contains("<p class=note>新的 说明<article"), "{about}");
}

/// The output at `public` is what a clean build of the site writes.
fn assert_clean(dir: &tempfile::TempDir, root: &Path, public: &Path, when: &str) {
    let clean = dir.path().join("clean");
    clean_build(root, &clean).unwrap();
    let (got, want) = (tree(public), tree(&clean));
    assert!(got == want, "{when}: {:?} differ", differences(&got, &want));
}

#[test]
fn a_build_that_fails_leaves_no_record_of_the_tree_it_wrote_into() {
    let (dir, root, public) = built_site();
    build(&root, &public, true).unwrap();
    let (about, figures) = (root.join("content/about.md"), root.join("content/figures.md"));
    let (about_text, figures_text) =
        (std::fs::read_to_string(&about).unwrap(), std::fs::read_to_string(&figures).unwrap());
    std::fs::write(&about, format!("{about_text}\n一句后来删掉的话。\n")).unwrap();
    // A template that does not exist fails the page while it renders, after
    // other pages were written into the recycled tree.
    let broken =
        figures_text.replacen("template = \"figures.html\"", "template = \"nope.html\"", 1);
    assert_ne!(broken, figures_text);
    std::fs::write(&figures, broken).unwrap();
    assert!(build(&root, &public, true).is_err());
    std::fs::write(&about, about_text).unwrap();
    std::fs::write(&figures, figures_text).unwrap();
    build(&root, &public, true).unwrap();
    assert_clean(&dir, &root, &public, "after a failed build");
}

#[test]
fn builds_without_the_cache_leave_no_record_to_be_misled_by() {
    let (dir, root, public) = built_site();
    build(&root, &public, true).unwrap();
    // Two builds swap the output and the kept tree back to the folders the
    // record names, with other contents.
    for _ in 0..2 {
        let opts = BuildOptions {
            base_url: Some("https://staging.example/".into()),
            ..BuildOptions::new(&root).output(&public)
        };
        broadsheet::build(&opts).unwrap();
    }
    build(&root, &public, true).unwrap();
    assert_clean(&dir, &root, &public, "after two builds without the cache");
}

#[test]
fn a_translation_showing_its_original_s_dates_is_rendered_again_when_they_change() {
    let (dir, root) = default_site();
    let public = dir.path().join("public");
    let en = root.join("content/article/index.en.md");
    let text = std::fs::read_to_string(&en).unwrap();
    let undated: String =
        text.lines().filter(|l| !l.starts_with("date =")).map(|l| format!("{l}\n")).collect();
    std::fs::write(&en, undated).unwrap();
    build(&root, &public, true).unwrap();
    let zh = root.join("content/article/index.md");
    let text = std::fs::read_to_string(&zh).unwrap();
    std::fs::write(&zh, text.replacen("+++\n", "+++\nupdated = 2024-03-01\n", 1)).unwrap();
    build(&root, &public, true).unwrap();
    assert_clean(&dir, &root, &public, "after the original's `updated` changed");
}

#[test]
fn an_edit_of_an_article_body_reaches_its_feed_and_no_other() {
    let (dir, root, public) = built_site();
    let feed = |lang: &str| std::fs::read_to_string(public.join(lang).join("feed.xml")).unwrap();
    let english = feed("en");
    append(&root.join("content/article/index.md"), "编辑部补充的一句话。");
    build(&root, &public, true).unwrap();
    assert!(feed("").contains("编辑部补充的一句话。"));
    assert_eq!(feed("en"), english, "the English feed holds no Chinese body");
    assert_clean(&dir, &root, &public, "after an article's body was edited");
}
