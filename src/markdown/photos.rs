//! Photo lines: a paragraph holding only `![alt](photo:ID)` becomes the photo's
//! figure, which [`PageEnv::photo`] provides; an unknown id or a photo inside a
//! sentence is an error at its place.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::{Ev, PageEnv, Rendered};
use crate::error::{Code, Diagnostic};

/// A paragraph that holds only `![alt](photo:ID)` becomes the photo's figure
/// (in place: the paragraph's first event becomes the figure, the rest go).
pub(super) fn photos<'a>(
    mut events: Vec<Ev<'a>>,
    env: &PageEnv,
    out: &mut Rendered,
) -> Vec<Ev<'a>> {
    let mut folded = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let (Event::Start(Tag::Image { dest_url, .. }), range) = &events[i]
            && let Some(id) = dest_url.strip_prefix("photo:")
        {
            let end = events[i..]
                .iter()
                .position(|(e, _)| matches!(e, Event::End(TagEnd::Image)))
                .map_or(events.len() - 1, |p| i + p);
            let alt: String = events[i + 1..end]
                .iter()
                .filter_map(|(e, _)| if let Event::Text(t) = e { Some(t.as_ref()) } else { None })
                .collect();
            let alone = i > 0
                && matches!(events[i - 1], (Event::Start(Tag::Paragraph), _))
                && matches!(events.get(end + 1), Some((Event::End(TagEnd::Paragraph), _)));
            let (id, range) = (id.trim().to_string(), range.clone());
            match (env.photo)(&id, alt.trim()) {
                Some(figure) if alone => {
                    events[i - 1] = (Event::Html(figure.into()), range.clone());
                    folded.push(i..end + 2);
                    out.photos.push(id);
                    out.photo_spans.push(range);
                    i = end + 2;
                    continue;
                }
                Some(_) => out.report(
                    Diagnostic::error(Code::PhotoInline, format!("photo `{id}` must stand on a line of its own"))
                        .with_help("put `![](photo:ID)` on its own line, with a blank line before and after"),
                    range,
                ),
                None => out.report(
                    Diagnostic::error(Code::PhotoUnknown, format!("no photo with the id `{id}`"))
                        .with_help(if env.photo_ids.is_empty() {
                            "add it to the page's photos.toml as a [[photo]] with caption and credit".to_string()
                        } else {
                            format!("known photos: {}; or add it to photos.toml", env.photo_ids.join(", "))
                        }),
                    range,
                ),
            }
            i = end + 1;
            continue;
        }
        i += 1;
    }
    super::remove_spans(&mut events, &folded);
    events
}
