//! stub
pub struct MarkdownOptions;
pub fn to_markdown(_a: &super::Article, _o: &MarkdownOptions) -> String { String::new() }
