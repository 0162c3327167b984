//! The content tree every tool gets: for each language a home page, a section
//! listing every article, and the N articles, written under `content/` with the
//! language in the file name. Also the pieces they share: front matter, article
//! slugs and dates. Invariant: 2N + 4 Markdown files, the same text for every
//! tool except link syntax (and Zola's section sort key).

use std::io;
use std::path::Path;

use super::Tool;
use super::article::article;
use super::files::write;
use super::links::{content_name, link_target};
use super::text::Lang;
use super::wrap::{Part, wrap};

/// The file stem of article k: `post-00001`.
pub fn slug(k: usize) -> String {
    format!("post-{k:05}")
}

/// Article k's date, `2024-01-01` onwards, one day apart, wrapping after a
/// (leap) year so every date is valid.
pub fn article_date(k: usize) -> String {
    const DAYS: [usize; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let mut day = (k - 1) % 366;
    let mut month = 0;
    while day >= DAYS[month] {
        day -= DAYS[month];
        month += 1;
    }
    format!("2024-{:02}-{:02}", month + 1, day + 1)
}

/// TOML front matter between `+++` lines; absent fields are left out.
pub struct FrontMatter<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub date: Option<String>,
    pub weight: Option<usize>,
    /// One more line, as it is.
    pub extra: Option<&'a str>,
}

impl FrontMatter<'_> {
    pub fn render(&self) -> String {
        let mut lines = vec![
            "+++".to_string(),
            format!("title = \"{}\"", self.title),
            format!("description = \"{}\"", self.description),
        ];
        lines.extend(self.date.as_ref().map(|d| format!("date = {d}")));
        lines.extend(self.weight.map(|w| format!("weight = {w}")));
        lines.extend(self.extra.map(str::to_string));
        lines.push("+++".to_string());
        lines.join("\n") + "\n"
    }
}

fn titled<'a>(title: &'a str, description: &'a str, extra: Option<&'a str>) -> FrontMatter<'a> {
    FrontMatter { title, description, date: None, weight: None, extra }
}

/// The home page of `lang`: one paragraph linking to its section.
fn home(tool: Tool, lang: Lang, n: usize) -> String {
    let target = link_target(tool, lang, "posts/_index.md", None);
    let (title, parts) = match lang {
        Lang::Zh => (
            "首页",
            [
                Part::text("本站收录"),
                Part::link(&format!("全部{n}篇文章"), &target),
                Part::text("，关注高新区的创新、产业和营商环境。"),
            ],
        ),
        Lang::En => (
            "Home",
            [
                Part::text("This site holds"),
                Part::link(&format!("all {n} articles"), &target),
                Part::text("on innovation, industry and business in the high-tech zone."),
            ],
        ),
    };
    format!("{}\n{}\n", titled(title, "", None).render(), wrap(lang, &parts))
}

/// The section of `lang`, which each tool fills with the list of its articles.
fn section(tool: Tool, lang: Lang) -> String {
    // Zola sorts a section's pages by date unless told otherwise.
    let extra = matches!(tool, Tool::Zola).then_some("sort_by = \"weight\"");
    let (title, description, text) = match lang {
        Lang::Zh => ("全部文章", "高新区观察系列的全部文章。", "本栏目按顺序收录全部文章。"),
        Lang::En => (
            "All articles",
            "Every article in the series.",
            "Every article in the series, in order.",
        ),
    };
    format!("{}\n{text}\n", titled(title, description, extra).render())
}

/// Writes `out/content/`: homes, sections and n articles in both languages.
pub fn write_content(tool: Tool, out: &Path, n: usize) -> io::Result<()> {
    let content = out.join("content");
    for lang in Lang::ALL {
        write(&content.join(content_name(lang, "_index")), &home(tool, lang, n))?;
        write(&content.join("posts").join(content_name(lang, "_index")), &section(tool, lang))?;
        for k in 1..=n {
            write(
                &content.join("posts").join(content_name(lang, &slug(k))),
                &article(tool, lang, k, n),
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_run_through_a_leap_year_and_wrap_around() {
        assert_eq!(article_date(1), "2024-01-01");
        assert_eq!(article_date(60), "2024-02-29");
        assert_eq!(article_date(61), "2024-03-01");
        assert_eq!(article_date(366), "2024-12-31");
        assert_eq!(article_date(367), "2024-01-01");
    }

    #[test]
    fn slugs_sort_in_article_order() {
        assert_eq!(slug(7), "post-00007");
        assert!(slug(99) < slug(100));
    }

    #[test]
    fn only_zola_sections_name_a_sort_key() {
        assert!(section(Tool::Zola, Lang::En).contains("sort_by = \"weight\"\n+++\n"));
        assert!(!section(Tool::Hugo, Lang::En).contains("sort_by"));
    }

    #[test]
    fn the_home_page_links_to_its_section_with_the_article_count() {
        let zh = home(Tool::Broadsheet, Lang::Zh, 12);
        assert!(zh.contains("[全部12篇文章](@/posts/_index.md)"), "{zh}");
        assert!(zh.starts_with("+++\ntitle = \"首页\"\ndescription = \"\"\n+++\n\n"), "{zh}");
    }
}
