//! Figure quotes: each sentence a key figure quotes is wrapped in a targetable
//! `<span id>` with a link back to its figure, and recorded as found.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::{Ev, PageEnv, Rendered};

/// Wraps each quoted sentence in a targetable `<span id>` with a link back to its
/// figure.
pub(super) fn quotes<'a>(events: Vec<Ev<'a>>, env: &PageEnv, out: &mut Rendered) -> Vec<Ev<'a>> {
    if env.quotes.is_empty() {
        return events;
    }
    let mut result = Vec::with_capacity(events.len());
    let mut depth_para = 0usize;
    let mut found = vec![false; env.quotes.len()];
    for (event, range) in events {
        match &event {
            Event::Start(Tag::Paragraph | Tag::Item) => depth_para += 1,
            Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                depth_para = depth_para.saturating_sub(1)
            }
            _ => {}
        }
        let Event::Text(text) = &event else {
            result.push((event, range));
            continue;
        };
        if depth_para == 0 {
            result.push((event, range));
            continue;
        }
        // Find every quote in this text run, earliest first, without overlaps.
        let mut hits: Vec<(usize, usize)> = Vec::new();
        for (qi, q) in env.quotes.iter().enumerate() {
            if found[qi] || q.text.is_empty() {
                continue;
            }
            if let Some(pos) = text.find(q.text.as_str()) {
                let overlaps = hits.iter().any(|&(p, j)| {
                    let len = env.quotes[j].text.len();
                    pos < p + len && p < pos + q.text.len()
                });
                if !overlaps {
                    hits.push((pos, qi));
                }
            }
        }
        if hits.is_empty() {
            result.push((event, range));
            continue;
        }
        hits.sort_unstable();
        let mut cursor = 0;
        for (pos, qi) in hits {
            let q = &env.quotes[qi];
            found[qi] = true;
            out.quotes_found.push(qi);
            if pos > cursor {
                result.push((Event::Text(text[cursor..pos].to_string().into()), range.clone()));
            }
            let mut open = String::from("<span class=\"source\" id=\"");
            crate::text::push_escaped(&mut open, &q.id);
            open.push_str("\">");
            result.push((Event::InlineHtml(open.into()), range.clone()));
            result.push((Event::Text(q.text.clone().into()), range.clone()));
            let mut close = String::from("<a class=\"source-link\" href=\"");
            crate::text::push_escaped(&mut close, &q.href);
            close.push_str("\" aria-label=\"");
            crate::text::push_escaped(&mut close, &q.label);
            close.push_str("\">↗</a></span>");
            result.push((Event::InlineHtml(close.into()), range.clone()));
            cursor = pos + q.text.len();
        }
        if cursor < text.len() {
            result.push((Event::Text(text[cursor..].to_string().into()), range.clone()));
        }
    }
    out.quotes_found.sort_unstable();
    result
}
