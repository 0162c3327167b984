//! Small text helpers shared by the stages: CJK character classes, slugs, hashing,
//! escaping. Pure functions, no I/O.

/// Whether `c` is a CJK ideograph, kana, hangul or CJK/full-width punctuation:
/// characters between which a line break means nothing in Chinese or Japanese text.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF      // radicals
        | 0x3000..=0x303F    // CJK symbols and punctuation
        | 0x3040..=0x30FF    // kana
        | 0x3100..=0x312F    // bopomofo
        | 0x3130..=0x318F    // hangul compatibility jamo
        | 0x31C0..=0x31EF    // strokes
        | 0x3200..=0x32FF    // enclosed
        | 0x3400..=0x4DBF    // extension A
        | 0x4E00..=0x9FFF    // unified ideographs
        | 0xAC00..=0xD7AF    // hangul syllables
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xFE30..=0xFE4F    // compatibility forms
        | 0xFF00..=0xFFEF    // full-width forms
        | 0x20000..=0x3134F  // extensions B–G
    )
}

/// Whether a line break between `before` and `after` should vanish: one side is
/// CJK (an ideograph or full-width punctuation) and the other is not a Latin
/// letter. Chinese puts no space between CJK and digits or quotes either (the
/// stylesheet's `text-autospace` adds the visual gap), so `达5` + break + `家` reads
/// `达5家`; a break between Latin words still becomes a space.
pub fn joins_without_space(before: char, after: char) -> bool {
    let other_ok = |c: char| !c.is_ascii_alphabetic();
    (is_cjk(before) && other_ok(after)) || (other_ok(before) && is_cjk(after))
}

/// Whether `c` takes two cells in a terminal.
pub fn is_wide(c: char) -> bool {
    is_cjk(c) && !matches!(c as u32, 0xFF61..=0xFFDC | 0xFFE8..=0xFFEE)
}

/// A readable, URL-safe id: lowercase ASCII letters and digits, CJK characters kept
/// as they are, everything else folded into single hyphens. Empty input gives
/// `section`.
pub fn slugify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_hyphen = false;
    for c in s.chars() {
        let keep = if c.is_ascii_alphanumeric() {
            Some(c.to_ascii_lowercase())
        } else if c.is_alphanumeric() && !c.is_ascii() && !is_cjk_punctuation(c) {
            Some(c)
        } else {
            None
        };
        match keep {
            Some(k) => {
                if pending_hyphen && !out.is_empty() {
                    out.push('-');
                }
                pending_hyphen = false;
                out.push(k);
            }
            None => pending_hyphen = c != '\'' && c != '’',
        }
    }
    if out.is_empty() { "section".to_string() } else { out }
}

fn is_cjk_punctuation(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65)
}

/// The media type of a file, from its name: `photos/P1.JPG` → `image/jpeg`.
pub fn media_type(key: &str) -> &'static str {
    let name = key.rsplit('/').next().unwrap_or(key);
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

/// The primary language subtag of a BCP 47 tag, lowercased: `zh-Hans` → `zh`.
pub fn primary_language(tag: &str) -> String {
    tag.split(['-', '_']).next().unwrap_or(tag).to_ascii_lowercase()
}

/// FNV-1a, 64 bits: a stable content hash for cache-busting file names. Not for
/// security; stable across Rust versions, unlike `DefaultHasher`.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// SipHash-1-3, 128 bits: what caches key a whole file's text by. Not for
/// security; the caches trust it only from the binary that made it.
pub fn digest(bytes: &[u8]) -> u128 {
    let mut d = Digest::default();
    d.add(bytes);
    d.finish()
}

/// [`digest`] of several parts, each length-prefixed so that `ab`+`c` differs
/// from `a`+`bc`.
#[derive(Default)]
pub struct Digest(siphasher::sip128::SipHasher13);

impl Digest {
    pub fn add(&mut self, bytes: &[u8]) {
        use std::hash::Hasher;
        self.0.write(&(bytes.len() as u64).to_le_bytes());
        self.0.write(bytes);
    }

    pub fn finish(&self) -> u128 {
        use siphasher::sip128::Hasher128;
        self.0.finish128().as_u128()
    }
}

/// Escapes text for HTML element content and double-quoted attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    push_escaped(&mut out, s);
    out
}

pub fn push_escaped(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_headings_keep_their_characters() {
        assert_eq!(slugify("聚力科技创新"), "聚力科技创新");
        assert_eq!(slugify("高质量发展迈上“快车道”"), "高质量发展迈上-快车道");
    }

    #[test]
    fn latin_headings_are_lowercased_and_hyphenated() {
        assert_eq!(slugify("Hello, World!"), "hello-world");
        assert_eq!(slugify("  R&D  spending 2024 "), "r-d-spending-2024");
        assert_eq!(slugify("The zone’s share"), "the-zones-share");
        assert_eq!(slugify("!!!"), "section");
    }

    #[test]
    fn breaks_vanish_only_between_cjk() {
        assert!(joins_without_space('行', '第'));
        assert!(joins_without_space('，', '第'));
        assert!(joins_without_space('”', '在'));
        assert!(!joins_without_space('d', 'w'));
        assert!(joins_without_space('5', '家'));
        assert!(!joins_without_space('d', '第'));
    }

    #[test]
    fn hash_is_stable() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
