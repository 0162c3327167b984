//! Checks over the finished events: every id the page defines (for links to
//! `page#anchor`), and images without alt text.

use pulldown_cmark::{Event, Tag};

use super::{Ev, Rendered};
use crate::error::{Code, Diagnostic};

/// Records every id the page defines, so links to `page#anchor` can be checked.
pub(super) fn collect_ids(events: &[Ev], out: &mut Rendered) {
    for h in &out.headings {
        out.anchors.insert(h.id.clone());
    }
    for (event, _) in events {
        match event {
            Event::FootnoteReference(name) => {
                out.anchors.insert(format!("fr-{name}-1"));
            }
            Event::Start(Tag::FootnoteDefinition(name)) => {
                out.anchors.insert(name.to_string());
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                let mut rest = h.as_ref();
                while let Some(p) = rest.find(" id=\"") {
                    rest = &rest[p + 5..];
                    if let Some(end) = rest.find('"') {
                        out.anchors.insert(rest[..end].to_string());
                        rest = &rest[end..];
                    }
                }
            }
            _ => {}
        }
    }
}

/// Images need alt text for people who cannot see them.
pub(super) fn check_images(events: &[Ev], out: &mut Rendered) {
    for (i, (event, range)) in events.iter().enumerate() {
        if let Event::Start(Tag::Image { dest_url, .. }) = event {
            let has_alt =
                matches!(events.get(i + 1), Some((Event::Text(t), _)) if !t.trim().is_empty());
            if !has_alt && !dest_url.starts_with("photo:") {
                out.report(
                    Diagnostic::warning(
                        Code::ImageAlt,
                        format!("image `{dest_url}` has no alt text"),
                    )
                    .with_help("describe the image between the brackets: `![what it shows](...)`"),
                    range.clone(),
                );
            }
        }
    }
}
