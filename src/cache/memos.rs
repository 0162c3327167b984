//! What loading the site need not work out again, kept between builds.
//!
//! `.broadsheet/translations.bin` lists the translations whose status had
//! nothing to report, `.broadsheet/outlines.bin` the outlines of bodies
//! read without findings, and `.broadsheet/theme.bin` the theme's templates
//! and stylesheets minified (see [`crate::site::Memos`]). All are trusted only
//! from the binary that made them, as working them out is its code; a file
//! that does not read is a warning, and is replaced.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::{FORMAT, binary, cache_file, decode, save, unreadable};
use crate::error::Diagnostic;
use crate::site::Memos;
use crate::site::outline::Outline;

/// The file of the translations found clean.
const CLEAN: &str = "translations.bin";

/// The file of the clean outlines.
const OUTLINES: &str = "outlines.bin";

/// The file of the minified theme.
const THEME: &str = "theme.bin";

/// One memo as its file holds it, sorted by key.
#[derive(Debug, Serialize, Deserialize)]
struct Saved<T> {
    format: u32,
    binary: String,
    entries: Vec<T>,
}

/// The memos an earlier build by this binary left; empty ones when a file is
/// missing or made by another binary, with a warning when one does not read.
pub fn read_memos(root: &Path) -> (Memos, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let clean = read::<u64>(root, CLEAN, &mut found).into_iter().collect();
    let outlines = read::<(u128, Outline)>(root, OUTLINES, &mut found);
    let outlines = outlines.into_iter().map(|(key, o)| (key, std::sync::Arc::new(o))).collect();
    let theme = read::<(u128, Option<String>)>(root, THEME, &mut found).into_iter().collect();
    (Memos { clean, outlines, theme, sources: Default::default() }, found)
}

/// Saves the memos, each unless its file already says the same.
pub fn write_memos(root: &Path, memos: &Memos) -> Vec<Diagnostic> {
    let mut clean: Vec<&u64> = memos.clean.iter().collect();
    clean.sort_unstable();
    let mut outlines: Vec<(&u128, &Outline)> =
        memos.outlines.iter().map(|(k, o)| (k, &**o)).collect();
    outlines.sort_unstable_by_key(|(key, _)| **key);
    let mut theme: Vec<(&u128, &Option<String>)> = memos.theme.iter().collect();
    theme.sort_unstable_by_key(|(key, _)| **key);
    [write(root, CLEAN, clean), write(root, OUTLINES, outlines), write(root, THEME, theme)]
        .into_iter()
        .flatten()
        .collect()
}

fn read<T: DeserializeOwned>(root: &Path, name: &str, found: &mut Vec<Diagnostic>) -> Vec<T> {
    let path = cache_file(root, name);
    let Ok(bytes) = std::fs::read(&path) else { return Vec::new() };
    match decode::<Saved<T>>(&bytes, binary()) {
        Ok(saved) => saved.map_or_else(Vec::new, |s| s.entries),
        Err(e) => {
            found.push(unreadable(&path, &e));
            Vec::new()
        }
    }
}

fn write<T: Serialize>(root: &Path, name: &str, entries: Vec<T>) -> Option<Diagnostic> {
    let path = cache_file(root, name);
    let saved = Saved { format: FORMAT, binary: binary().to_string(), entries };
    let bytes = postcard::to_stdvec(&saved).unwrap_or_default();
    if std::fs::read(&path).is_ok_and(|old| old == bytes) {
        return None;
    }
    save(&path, &bytes)
}
