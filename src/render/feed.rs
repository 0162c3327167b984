//! A language's Atom feed, filled from the model: each listed article's
//! title, lead, dates and other language versions, and its body rendered
//! again (a feed holds at most `[feeds] limit` articles, so the pages' HTML
//! need not be kept from the render pass).

use super::Renderer;
use crate::share::feed::{self, Entry, Feed};
use crate::share::{self, FeedPlan};
use crate::site::Site;

impl Renderer {
    /// The feed `plan` describes, as Atom XML.
    pub(super) fn feed(&self, site: &Site, plan: &FeedPlan) -> String {
        let config = &site.config;
        let lang = config.language_of(plan.lang);
        let entries = plan.pages.iter().map(|&i| self.entry(site, i)).collect();
        let home = config.prefix(plan.lang);
        feed::atom(&Feed {
            tag: &lang.tag,
            title: &lang.title,
            subtitle: &lang.description,
            self_url: config.permalink(&plan.rel),
            home_url: config.permalink(&home),
            author: config.publisher_name(lang),
            author_url: config.publisher_url(),
            entries,
        })
    }

    fn entry<'a>(&self, site: &'a Site, i: usize) -> Entry<'a> {
        let page = &site.pages[i];
        let front = &page.source.front;
        let (published, updated) = share::dates(site, page);
        let published = published.map(|s| s.rfc3339()).unwrap_or_default();
        let updated = updated.map_or_else(|| published.clone(), |s| s.rfc3339());
        Entry {
            title: &front.title,
            url: site.permalink_of(page),
            published,
            updated,
            summary: front.extra_str("lead").unwrap_or(&front.description),
            content_html: self.body(site, page).html,
            alternates: share::alternates(site, page),
        }
    }
}
