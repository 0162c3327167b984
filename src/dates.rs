//! Front-matter dates → what readers and machines read.
//!
//! A `date` or `updated` is a TOML date (`2024-02-18`) or date-time
//! (`2024-02-18T09:00:00+08:00`). [`Stamp`] keeps what was written and gives
//! it in each language's own form for readers (`2024年2月18日`,
//! `18 February 2024`), as ISO 8601 for `<time datetime>`, structured data and
//! Open Graph, and as the RFC 3339 date-time Atom requires. No clock is read:
//! output depends only on what the editor wrote.

use serde::Serialize;
use toml::value::Datetime;

/// A date as written in front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    year: u16,
    month: u8,
    day: u8,
    /// The time and offset, as written, when there is one.
    written: Datetime,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl Stamp {
    /// The stamp of a front-matter value; `None` for a bare time (`09:00:00`).
    pub fn of(value: &Datetime) -> Option<Stamp> {
        let date = value.date?;
        Some(Stamp { year: date.year, month: date.month, day: date.day, written: *value })
    }

    /// `2024-02-18`, or the date-time as written.
    pub fn iso(&self) -> String {
        self.written.to_string()
    }

    /// `2024-02-18`.
    pub fn day(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// A full RFC 3339 date-time: a date alone is taken as midnight UTC, a
    /// local time without offset as UTC.
    pub fn rfc3339(&self) -> String {
        let Some(time) = self.written.time else {
            return format!("{}T00:00:00Z", self.day());
        };
        let time = format!("{:02}:{:02}:{:02}", time.hour, time.minute, time.second);
        let offset = self.written.offset.map_or_else(|| "Z".to_string(), |o| o.to_string());
        format!("{}T{time}{offset}", self.day())
    }

    /// The date as readers of a language write it: `2024年2月18日` (Chinese,
    /// Japanese), `18 February 2024` (English), the ISO day otherwise.
    pub fn display(&self, lang: &str) -> String {
        let (y, m, d) = (self.year, self.month, self.day);
        match crate::text::primary_language(lang).as_str() {
            "zh" | "ja" => format!("{y}年{m}月{d}日"),
            "en" => format!("{d} {} {y}", MONTHS[usize::from(m.clamp(1, 12)) - 1]),
            _ => self.day(),
        }
    }

    /// What templates get: `{iso, display}`.
    pub fn view(&self, lang: &str) -> DateView {
        DateView { iso: self.iso(), display: self.display(lang) }
    }
}

/// A date as templates see it: `<time datetime="{{ d.iso }}">{{ d.display }}</time>`.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    pub iso: String,
    pub display: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(text: &str) -> Stamp {
        Stamp::of(&text.parse().unwrap()).unwrap()
    }

    #[test]
    fn each_language_reads_its_own_form() {
        let s = stamp("2024-02-18");
        assert_eq!(s.display("zh-Hans"), "2024年2月18日");
        assert_eq!(s.display("en"), "18 February 2024");
        assert_eq!(s.display("fr"), "2024-02-18");
        assert_eq!(s.iso(), "2024-02-18");
    }

    #[test]
    fn atom_gets_a_full_date_time() {
        assert_eq!(stamp("2024-02-18").rfc3339(), "2024-02-18T00:00:00Z");
        assert_eq!(stamp("2024-02-18T09:30:00+08:00").rfc3339(), "2024-02-18T09:30:00+08:00");
        assert_eq!(stamp("2024-02-18T09:30:00").rfc3339(), "2024-02-18T09:30:00Z");
        assert_eq!(stamp("2024-02-18T09:30:00+08:00").iso(), "2024-02-18T09:30:00+08:00");
    }

    #[test]
    fn a_bare_time_is_no_date() {
        assert!(Stamp::of(&"09:30:00".parse().unwrap()).is_none());
    }
}
