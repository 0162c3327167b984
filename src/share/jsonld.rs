//! Structured data for search engines: a `NewsArticle` per article page and a
//! `WebSite` per home page, as schema.org JSON-LD.
//!
//! Built from typed structs and serialised by serde, never from string
//! templates; [`script_json`] then escapes what could end the `<script>`
//! element or break a JavaScript parser (`<`, `>`, `&`, U+2028, U+2029), so no
//! title an editor writes can close it.

use serde::Serialize;

/// The longest headline search engines show; longer ones are shortened.
pub const HEADLINE_MAX: usize = 110;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewsArticle<'a> {
    #[serde(rename = "@context")]
    pub context: &'static str,
    #[serde(rename = "@type")]
    pub kind: &'static str,
    #[serde(rename = "@id")]
    pub id: String,
    pub headline: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alternative_headline: Option<&'a str>,
    pub description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_modified: Option<String>,
    pub in_language: &'a str,
    pub url: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub image: Vec<ImageObject>,
    pub author: Organization,
    pub publisher: Organization,
    pub is_accessible_for_free: bool,
    pub main_entity_of_page: WebPage<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub work_translation: Vec<WorkRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub translation_of_work: Option<WorkRef>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WebSite<'a> {
    #[serde(rename = "@context")]
    pub context: &'static str,
    #[serde(rename = "@type")]
    pub kind: &'static str,
    #[serde(rename = "@id")]
    pub id: String,
    pub name: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub description: &'a str,
    pub url: &'a str,
    pub in_language: &'a str,
    pub publisher: Organization,
}

#[derive(Debug, Clone, Serialize)]
pub struct Organization {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub name: String,
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub logo: Option<ImageObject>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImageObject {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credit_text: Option<String>,
}

impl ImageObject {
    pub fn new(url: String) -> Self {
        ImageObject {
            kind: "ImageObject",
            url,
            width: None,
            height: None,
            caption: None,
            credit_text: None,
        }
    }

    pub fn sized(mut self, width: u32, height: u32) -> Self {
        self.width = Some(width);
        self.height = Some(height);
        self
    }
}

#[derive(Debug, Serialize)]
pub struct WebPage<'a> {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    #[serde(rename = "@id")]
    pub id: &'a str,
}

/// Another language version of the same article.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkRef {
    #[serde(rename = "@type")]
    pub kind: &'static str,
    #[serde(rename = "@id")]
    pub id: String,
    pub url: String,
    pub in_language: String,
}

/// The `@id` of the article at `permalink`.
pub fn article_id(permalink: &str) -> String {
    format!("{permalink}#article")
}

/// A headline search engines take whole: at most [`HEADLINE_MAX`]
/// characters, shortened with `…` at a character boundary.
pub fn headline(title: &str) -> String {
    if title.chars().count() <= HEADLINE_MAX {
        return title.to_string();
    }
    let mut short: String = title.chars().take(HEADLINE_MAX - 1).collect();
    short.truncate(short.trim_end().len());
    short.push('…');
    short
}

/// JSON for inside `<script type="application/ld+json">`: nothing in it can
/// end the element (`</script>`, `<!--`) or a JavaScript string.
pub fn script_json(value: &impl Serialize) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "{}".to_string());
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_string_can_close_the_script() {
        let text = "</script><script>alert(1)</script> & \u{2028} \"q\"";
        let out = script_json(&serde_json::json!({ "headline": text }));
        assert!(!out.contains('<') && !out.contains('>') && !out.contains('&'));
        assert!(!out.contains('\u{2028}'));
        let back: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(back["headline"], text);
    }

    #[test]
    fn a_long_headline_is_shortened_to_110_characters() {
        let long = "长".repeat(130);
        let h = headline(&long);
        assert_eq!(h.chars().count(), HEADLINE_MAX);
        assert!(h.ends_with('…'));
        assert_eq!(headline("短标题"), "短标题");
    }
}
