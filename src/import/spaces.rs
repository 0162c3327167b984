//! Justification spaces out, real spaces kept.
//!
//! Takes one joined string (a paragraph, a caption, a headline); returns it with every
//! run of spaces either removed or reduced to one ASCII space. Pure, no I/O.
//! Invariant: only spaces are ever removed or replaced; every other character stays,
//! in order.
//!
//! The extractor writes a space wherever the typesetter widened the gap between a Han
//! character and a digit or Latin letter (`2024年 2月 18日`, `申请 IPO上市`), also across
//! a line end (`达 5` / `家`). Those go. A space between two Han characters is in the
//! text itself (the two phrases of a kicker, `攀高向新 冲刺50强`) and stays, as does a
//! space between two Latin words.

use super::text::{Class, class};

/// Removes justification spaces and trims the ends.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if class(c) == Class::Space {
            pending_space = true;
            continue;
        }
        if pending_space {
            if out.chars().next_back().is_some_and(|before| keeps_space(before, c)) {
                out.push(' ');
            }
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// Whether a space between these two characters is part of the text.
fn keeps_space(before: char, after: char) -> bool {
    matches!(
        (class(before), class(after)),
        (Class::Wide, Class::Wide) | (Class::Narrow, Class::Narrow)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_between_han_and_digits_go() {
        assert_eq!(clean("2024年 2月 18日"), "2024年2月18日");
        assert_eq!(clean("超 5 亿元"), "超5亿元");
        assert_eq!(clean("兑现各级扶持企业资金超 8000 万元"), "兑现各级扶持企业资金超8000万元");
        assert_eq!(clean("正式申请 IPO上市"), "正式申请IPO上市");
        assert_eq!(clean("2021 年，"), "2021年，");
    }

    #[test]
    fn a_space_left_at_a_line_end_goes_too() {
        assert_eq!(clean("总量达 5 家，"), "总量达5家，");
    }

    #[test]
    fn spaces_between_two_han_characters_stay() {
        assert_eq!(clean("攀高向新 冲刺50强"), "攀高向新 冲刺50强");
        assert_eq!(clean("攀高向新\u{3000}\u{3000}冲刺50强"), "攀高向新 冲刺50强");
        assert_eq!(clean("Hong  Kong"), "Hong Kong");
    }

    #[test]
    fn spaces_next_to_full_width_punctuation_go() {
        assert_eq!(clean("聚集区。 彭伟宗"), "聚集区。彭伟宗");
        assert_eq!(clean(" 一年春作首， 万事 "), "一年春作首，万事");
    }
}
