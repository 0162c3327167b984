//! The sections step: each section lists the pages below it, in its language.
//!
//! A page's parent is the nearest `_index.md` above it in the same language; a
//! section's pages are sorted by weight, then newest date first, then path.

use std::path::Path;

use super::{PageId, Site};
use crate::content::{Kind, Source};

/// Sets every page's parent and every section's children.
pub fn attach(site: &mut Site) {
    for i in 0..site.pages.len() {
        let Some(parent) = parent_section(site, &site.pages[i].source) else { continue };
        site.pages[i].parent = Some(parent);
        site.pages[parent.0].children.push(PageId(i));
    }
    for i in 0..site.pages.len() {
        let mut children = std::mem::take(&mut site.pages[i].children);
        let pages = &site.pages;
        children.sort_by(|a, b| {
            let (fa, fb) = (&pages[a.0].source.front, &pages[b.0].source.front);
            fa.weight
                .cmp(&fb.weight)
                .then_with(|| fb.date.map(|d| d.to_string()).cmp(&fa.date.map(|d| d.to_string())))
                .then_with(|| pages[a.0].source.key.cmp(&pages[b.0].source.key))
        });
        site.pages[i].children = children;
    }
}

/// The nearest `_index.md` above a source, in the same language.
fn parent_section(site: &Site, source: &Source) -> Option<PageId> {
    let mut dir = Path::new(&source.key).parent().map(Path::to_path_buf).unwrap_or_default();
    if source.kind == Kind::Section || source.key.ends_with("/index.md") {
        if source.key == "_index.md" {
            return None;
        }
        dir = dir.parent().map(Path::to_path_buf).unwrap_or_default();
    }
    loop {
        let key = if dir.as_os_str().is_empty() {
            "_index.md".to_string()
        } else {
            format!("{}/_index.md", dir.to_string_lossy().replace('\\', "/"))
        };
        if let Some(id) = site.index.get(&key, source.lang) {
            return Some(id);
        }
        if dir.as_os_str().is_empty() {
            return None;
        }
        dir = dir.parent().map(Path::to_path_buf).unwrap_or_default();
    }
}
