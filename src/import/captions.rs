//! Photo credits: `招商中心 邱昱/摄` → caption text `招商中心`, credit `邱昱/摄`.
//!
//! Takes one line; returns the text before the credit and the credit as printed, or
//! `None` when the line does not end with a credit. Pure, no I/O.
//! Invariant: text + credit hold every non-space character of the line, in order.
//!
//! A credit is a photographer's name followed by `/摄` ("photo by"). The name ends the
//! line and is cut off from the caption by a space (`高新创智城 彭伟宗/摄`) or by the
//! caption's own final punctuation (`…示范基地标杆。彭伟宗/摄`).

use super::text::is_wide_letter;

/// The marks that end a credit, as the extractions spell them.
const MARKS: [&str; 2] = ["/摄", "／摄"];

/// A name glued to the caption with no space or punctuation cannot be measured; Chinese
/// personal names have two to four characters, so a longer run keeps its last three.
const MAX_NAME: usize = 4;
const GUESSED_NAME: usize = 3;

/// Splits a caption line into its text and its credit.
pub fn split_credit(line: &str) -> Option<(String, String)> {
    let line = line.trim();
    let mark = MARKS.iter().find(|mark| line.ends_with(*mark))?;
    let before_mark = &line[..line.len() - mark.len()];
    let name_chars: Vec<(usize, char)> =
        before_mark.char_indices().rev().take_while(|(_, c)| is_name_char(*c)).collect();
    if name_chars.is_empty() {
        return None;
    }
    // The run stopped at a space or a punctuation mark: that is where the name starts.
    let separated = name_chars.len() < before_mark.chars().count();
    let keep =
        if !separated && name_chars.len() > MAX_NAME && !name_chars.iter().any(|(_, c)| *c == '·')
        {
            GUESSED_NAME
        } else {
            name_chars.len()
        };
    let start = name_chars[keep - 1].0;
    Some((before_mark[..start].trim().to_owned(), line[start..].to_owned()))
}

/// Characters of a printed name: Han, Latin letters, and the middle dot of
/// transliterated names (`阿依古丽·买买提`).
fn is_name_char(c: char) -> bool {
    is_wide_letter(c) || c.is_ascii_alphabetic() || c == '·' || c == '•'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(line: &str) -> Option<(String, String)> {
        split_credit(line)
    }

    fn pair(text: &str, credit: &str) -> Option<(String, String)> {
        Some((text.to_owned(), credit.to_owned()))
    }

    #[test]
    fn a_label_and_a_name_split_at_the_space() {
        assert_eq!(split("招商中心 邱昱/摄"), pair("招商中心", "邱昱/摄"));
        assert_eq!(split("高新创智城 彭伟宗/摄"), pair("高新创智城", "彭伟宗/摄"));
    }

    #[test]
    fn a_sentence_and_a_name_split_after_the_full_stop() {
        assert_eq!(
            split("江门市安全应急产业园正加快建设国家安全应急产业示范基地标杆。彭伟宗/摄"),
            pair("江门市安全应急产业园正加快建设国家安全应急产业示范基地标杆。", "彭伟宗/摄")
        );
        assert_eq!(split("聚集区。 彭伟宗/摄"), pair("聚集区。", "彭伟宗/摄"));
    }

    #[test]
    fn a_credit_alone_has_empty_text() {
        assert_eq!(split("彭伟宗/摄"), pair("", "彭伟宗/摄"));
        assert_eq!(split("阿依古丽·买买提／摄"), pair("", "阿依古丽·买买提／摄"));
    }

    #[test]
    fn a_glued_name_keeps_three_characters() {
        assert_eq!(split("高新创智城彭伟宗/摄"), pair("高新创智城", "彭伟宗/摄"));
    }

    #[test]
    fn lines_without_a_credit_are_not_captions() {
        assert_eq!(split("攀高向新 冲刺50强"), None);
        assert_eq!(split("江门市安全应急产业园正加快建设"), None);
        assert_eq!(split("。/摄"), None);
    }
}
