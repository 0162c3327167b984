//! Text passes: soft breaks between CJK characters vanish (before minify-html
//! would turn them into spaces), and neighbouring text events are joined so
//! later passes see whole runs of text.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::Ev;
use crate::text::joins_without_space;

/// A soft break between CJK text vanishes; between Latin words it stays a space.
/// The characters on each side are looked up through inline markup, so a break
/// just before `[a link](…)` or after `**bold**` in Chinese text vanishes too.
pub(super) fn cjk_soft_breaks(events: Vec<Ev>) -> Vec<Ev> {
    let mut drop = vec![false; events.len()];
    for (i, (event, _)) in events.iter().enumerate() {
        if !matches!(event, Event::SoftBreak) {
            continue;
        }
        let before = events[..i]
            .iter()
            .rev()
            .take_while(|(e, _)| is_inline_edge(e) || last_char(e).is_some())
            .find_map(|(e, _)| last_char(e));
        let after = events[i + 1..]
            .iter()
            .take_while(|(e, _)| is_inline_edge(e) || first_char(e).is_some())
            .find_map(|(e, _)| first_char(e));
        if let (Some(b), Some(a)) = (before, after) {
            drop[i] = joins_without_space(b, a);
        }
    }
    events.into_iter().zip(drop).filter(|(_, d)| !d).map(|(e, _)| e).collect()
}

pub(super) fn last_char(e: &Event) -> Option<char> {
    match e {
        Event::Text(t) | Event::Code(t) => t.chars().last(),
        _ => None,
    }
}

pub(super) fn first_char(e: &Event) -> Option<char> {
    match e {
        Event::Text(t) | Event::Code(t) => t.chars().next(),
        _ => None,
    }
}

/// Inline markup a line break may sit next to without separating words.
pub(super) fn is_inline_edge(e: &Event) -> bool {
    matches!(
        e,
        Event::Start(Tag::Link { .. } | Tag::Emphasis | Tag::Strong | Tag::Strikethrough)
            | Event::End(TagEnd::Link | TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough)
    )
}

/// Joins neighbouring text events (the parser splits text at every special
/// character), so later passes see whole runs of text.
pub(super) fn merge_text(events: Vec<Ev>) -> Vec<Ev> {
    let mut out: Vec<Ev> = Vec::with_capacity(events.len());
    // The text of the last event while it is a join of several, built in one
    // buffer rather than copied again at every piece.
    let mut joined: Option<String> = None;
    for (event, range) in events {
        if let Event::Text(t) = &event
            && let Some((Event::Text(prev), prev_range)) = out.last_mut()
        {
            joined.get_or_insert_with(|| prev.to_string()).push_str(t);
            prev_range.end = range.end;
            continue;
        }
        finish_join(&mut out, &mut joined);
        out.push((event, range));
    }
    finish_join(&mut out, &mut joined);
    out
}

/// Puts a finished join in place of the last event's text.
fn finish_join(out: &mut [Ev], joined: &mut Option<String>) {
    if let Some(text) = joined.take()
        && let Some((Event::Text(prev), _)) = out.last_mut()
    {
        *prev = CowStr::from(text);
    }
}
