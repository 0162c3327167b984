//! Text passes: soft breaks between CJK characters vanish (before minify-html
//! would turn them into spaces), and neighbouring text events are joined so
//! later passes see whole runs of text.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::Ev;
use crate::text::joins_without_space;

/// A soft break between CJK text vanishes; between Latin words it stays a space.
/// The characters on each side are looked up through inline markup, so a break
/// just before `[a link](…)` or after `**bold**` in Chinese text vanishes too.
pub(super) fn cjk_soft_breaks(mut events: Vec<Ev>) -> Vec<Ev> {
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
    let mut index = 0;
    events.retain(|_| {
        index += 1;
        !drop[index - 1]
    });
    events
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
pub(super) fn merge_text(mut events: Vec<Ev>) -> Vec<Ev> {
    // Events are moved down over those joined away; `kept` is how many stay.
    let mut kept = 0;
    // The text of the last kept event while it is a join of several, built in
    // one buffer rather than copied again at every piece.
    let mut joined: Option<String> = None;
    for i in 0..events.len() {
        if kept > 0 {
            let (before, rest) = events.split_at_mut(i);
            if let ((Event::Text(prev), prev_range), (Event::Text(t), range)) =
                (&mut before[kept - 1], &rest[0])
            {
                joined.get_or_insert_with(|| prev.to_string()).push_str(t);
                prev_range.end = range.end;
                continue;
            }
        }
        finish_join(&mut events[..kept], &mut joined);
        events.swap(kept, i);
        kept += 1;
    }
    finish_join(&mut events[..kept], &mut joined);
    events.truncate(kept);
    events
}

/// Puts a finished join in place of the last kept event's text.
fn finish_join(kept: &mut [Ev], joined: &mut Option<String>) {
    if let Some(text) = joined.take()
        && let Some((Event::Text(prev), _)) = kept.last_mut()
    {
        *prev = CowStr::from(text);
    }
}
