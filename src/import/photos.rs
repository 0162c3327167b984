//! stub
pub fn photos_toml(_a: &super::Article, _l: &str, _e: Option<&str>) -> Result<String, super::ImportError> { Ok(String::new()) }
