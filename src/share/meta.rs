//! Open Graph and Twitter card tags: what chat apps and social sites show for
//! a shared link (title, description, image, language).
//!
//! [`Meta`] is one `<meta>` element as data; the theme writes them with
//! `{% for m in page.share.meta %}<meta {{ m.attr }}="{{ m.key }}" content="{{ m.value }}">`,
//! escaped like every other value.

use serde::Serialize;

/// One `<meta>` element: `property` (Open Graph) or `name` (Twitter) and its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Meta {
    pub attr: &'static str,
    pub key: &'static str,
    pub value: String,
}

fn og(key: &'static str, value: impl Into<String>) -> Meta {
    Meta { attr: "property", key, value: value.into() }
}

fn twitter(key: &'static str, value: impl Into<String>) -> Meta {
    Meta { attr: "name", key, value: value.into() }
}

/// An image as Open Graph gives it.
#[derive(Debug, Clone)]
pub struct OgImage {
    pub url: String,
    pub width: u32,
    pub height: u32,
    pub alt: String,
}

/// What one page's tags say.
#[derive(Debug)]
pub struct OgPage<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub url: &'a str,
    pub site_name: &'a str,
    /// BCP 47 tags: the page's, then its other language versions'.
    pub tag: &'a str,
    pub alternates: Vec<&'a str>,
    pub image: Option<OgImage>,
    /// An article's dates (ISO 8601); `None` makes the page a `website`.
    pub article: Option<ArticleDates>,
}

#[derive(Debug)]
pub struct ArticleDates {
    pub published: Option<String>,
    pub modified: Option<String>,
}

/// The tags of a page, in the order Open Graph lists them.
pub fn tags(page: &OgPage) -> Vec<Meta> {
    let kind = if page.article.is_some() { "article" } else { "website" };
    let mut out = vec![
        og("og:type", kind),
        og("og:title", page.title),
        og("og:url", page.url),
        og("og:site_name", page.site_name),
        og("og:locale", locale(page.tag)),
        og("og:description", page.description),
    ];
    out.extend(page.alternates.iter().map(|t| og("og:locale:alternate", locale(t))));
    if let Some(image) = &page.image {
        out.push(og("og:image", image.url.clone()));
        let kind = crate::text::media_type(&image.url);
        if kind.starts_with("image/") {
            out.push(og("og:image:type", kind));
        }
        out.push(og("og:image:width", image.width.to_string()));
        out.push(og("og:image:height", image.height.to_string()));
        out.push(og("og:image:alt", image.alt.clone()));
    }
    if let Some(dates) = &page.article {
        out.extend(dates.published.clone().map(|d| og("article:published_time", d)));
        out.extend(dates.modified.clone().map(|d| og("article:modified_time", d)));
    }
    let card = if page.image.is_some() { "summary_large_image" } else { "summary" };
    out.push(twitter("twitter:card", card));
    out.push(twitter("twitter:title", page.title));
    out.push(twitter("twitter:description", page.description));
    if let Some(image) = &page.image {
        out.push(twitter("twitter:image", image.url.clone()));
        out.push(twitter("twitter:image:alt", image.alt.clone()));
    }
    // A tag with nothing to say (no description, no alt) is left out.
    out.retain(|m| !m.value.is_empty());
    out
}

/// The Open Graph locale of a BCP 47 tag: `zh-Hans` → `zh_CN`, `en` → `en_US`.
pub fn locale(tag: &str) -> String {
    let mut parts = tag.split(['-', '_']);
    let lang = parts.next().unwrap_or("").to_ascii_lowercase();
    let rest: Vec<&str> = parts.collect();
    let region = rest.iter().find(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_alphabetic()));
    if let Some(region) = region {
        return format!("{lang}_{}", region.to_ascii_uppercase());
    }
    let script = rest.iter().find(|p| p.len() == 4).map(|s| s.to_ascii_lowercase());
    let region = match (lang.as_str(), script.as_deref()) {
        ("zh", Some("hant")) => "TW",
        ("zh", _) => "CN",
        ("en", _) => "US",
        ("ja", _) => "JP",
        ("ko", _) => "KR",
        _ => return format!("{lang}_{}", lang.to_ascii_uppercase()),
    };
    format!("{lang}_{region}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_follow_open_graph() {
        assert_eq!(locale("zh-Hans"), "zh_CN");
        assert_eq!(locale("zh-Hant"), "zh_TW");
        assert_eq!(locale("zh-Hant-HK"), "zh_HK");
        assert_eq!(locale("en"), "en_US");
        assert_eq!(locale("en-GB"), "en_GB");
        assert_eq!(locale("fr"), "fr_FR");
    }

    #[test]
    fn a_page_without_image_is_a_summary_card() {
        let page = OgPage {
            title: "T",
            description: "",
            url: "https://example.org/",
            site_name: "S",
            tag: "en",
            alternates: vec!["zh-Hans"],
            image: None,
            article: None,
        };
        let tags = tags(&page);
        assert!(tags.contains(&twitter("twitter:card", "summary")));
        assert!(tags.contains(&og("og:locale:alternate", "zh_CN")));
        assert!(!tags.iter().any(|m| m.key == "og:description"));
    }
}
