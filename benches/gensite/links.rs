//! Internal link targets and content file names, in each tool's own syntax.
//! In: the tool, the page's language and the default-language source path of
//! the target (`posts/post-00001.md`, `posts/_index.md`). Out: the text to put in
//! a Markdown link. Invariant: every target names a page that the generator
//! writes, in the same language as the page linking to it.

use super::Tool;
use super::text::Lang;

/// A link target in `tool`'s syntax; `anchor` is a heading id on that page.
pub fn link_target(tool: Tool, lang: Lang, path: &str, anchor: Option<&str>) -> String {
    let frag = anchor.map(|a| format!("#{a}")).unwrap_or_default();
    let stem = path.strip_suffix(".md").unwrap_or(path);
    match tool {
        // Translation keys: the same name in every language.
        Tool::Broadsheet => format!("@/{path}{frag}"),
        // Zola links name the exact file.
        Tool::Zola => match lang {
            Lang::Zh => format!("@/{path}{frag}"),
            Lang::En => format!("@/{stem}.{}.md{frag}", lang.code()),
        },
        Tool::Hugo => {
            let reference = format!("/{stem}");
            let reference = reference.strip_suffix("/_index").unwrap_or(&reference);
            format!("{{{{< relref \"{reference}{frag}\" >}}}}")
        }
    }
}

/// The source file name of `stem` in `lang`. All three tools take the language
/// from the file name: `x.md` is the default language (zh), `x.en.md` English.
pub fn content_name(lang: Lang, stem: &str) -> String {
    match lang {
        Lang::Zh => format!("{stem}.md"),
        Lang::En => format!("{stem}.{}.md", lang.code()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broadsheet_links_by_translation_key_in_both_languages() {
        for lang in Lang::ALL {
            let target =
                link_target(Tool::Broadsheet, lang, "posts/post-00002.md", Some("overview"));
            assert_eq!(target, "@/posts/post-00002.md#overview");
        }
    }

    #[test]
    fn zola_links_name_the_english_file_from_english_pages() {
        assert_eq!(link_target(Tool::Zola, Lang::Zh, "posts/_index.md", None), "@/posts/_index.md");
        assert_eq!(
            link_target(Tool::Zola, Lang::En, "posts/_index.md", None),
            "@/posts/_index.en.md"
        );
        assert_eq!(
            link_target(Tool::Zola, Lang::En, "posts/post-00001.md", Some("overview")),
            "@/posts/post-00001.en.md#overview"
        );
    }

    #[test]
    fn hugo_links_are_relref_shortcodes_and_sections_drop_their_index() {
        assert_eq!(
            link_target(Tool::Hugo, Lang::En, "posts/_index.md", None),
            r#"{{< relref "/posts" >}}"#
        );
        assert_eq!(
            link_target(Tool::Hugo, Lang::Zh, "posts/post-00003.md", Some("overview")),
            r#"{{< relref "/posts/post-00003#overview" >}}"#
        );
    }

    #[test]
    fn english_files_carry_the_language_in_their_name() {
        assert_eq!(content_name(Lang::Zh, "_index"), "_index.md");
        assert_eq!(content_name(Lang::En, "post-00001"), "post-00001.en.md");
    }
}
