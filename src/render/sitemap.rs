//! `sitemap.xml` (every page, with an `xhtml:link` alternate per language
//! version) and `robots.txt` pointing at it and at the feeds (search engines
//! take an Atom feed as a sitemap of the newest articles).

use crate::config::Config;
use crate::share::FeedPlan;
use crate::site::{Site, Status};
use crate::text::escape_html;

/// `sitemap.xml` with an `xhtml:link` alternate for every language version.
pub fn sitemap(site: &Site) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    // A translation in preparation is a stand-in, not a page to index.
    for page in site.pages.iter().filter(|p| p.status == Status::Published) {
        out.push_str("  <url>\n    <loc>");
        out.push_str(&escape_html(&site.permalink_of(page)));
        out.push_str("</loc>\n");
        if let Some(date) = page.source.front.date {
            let d = date.to_string();
            out.push_str(&format!(
                "    <lastmod>{}</lastmod>\n",
                escape_html(d.get(..10).unwrap_or(&d))
            ));
        }
        let translations = site.translations(page);
        for t in translations.iter().filter(|t| t.exists && !t.pending) {
            out.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                escape_html(&t.tag),
                escape_html(&t.permalink)
            ));
        }
        if let Some(default) =
            translations.iter().find(|t| t.exists && t.lang == site.config.default_language)
        {
            out.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>\n",
                escape_html(&default.permalink)
            ));
        }
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// `robots.txt`: everything allowed, the sitemap and each feed listed.
pub fn robots(config: &Config, feeds: &[FeedPlan]) -> String {
    let mut out = format!("User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n", config.base_url);
    for feed in feeds {
        out.push_str(&format!("Sitemap: {}\n", config.permalink(&feed.rel)));
    }
    out
}
