//! Reading the text files a site is made of, one way for every stage.
//!
//! `config.toml`, Markdown, data files, templates, UI strings and raw
//! extractions are all read through [`read_text`]: at most [`MAX_FILE_BYTES`],
//! UTF-8 only (the error names the line and column of the first bad byte), a
//! BOM dropped, CRLF turned into LF, NUL bytes refused. Every error names the
//! file as the editor knows it (`shown`), not as the process opened it.

use std::io::Read;
use std::path::Path;

use crate::error::{Code, Diagnostic, Error, Result, io_error};

/// The largest Markdown or data file read, in bytes: this bounds a build's
/// time and memory. At its peak a page takes about 70 times its size in
/// memory (a 50 MB article took 3.6 GB and 21 s), and a page of nothing but
/// headings about 1,100 times (1 MB of `#` lines took 1.2 GB); the whole
/// article of this site is 20 kB.
pub const MAX_FILE_BYTES: usize = 2 * 1024 * 1024;

/// Reads and decodes a text file. `shown` is its path for messages.
pub fn read_text(path: &Path, shown: &Path) -> Result<String> {
    decode_owned(read_limited(path, shown)?, shown)
}

/// Reads a file of at most [`MAX_FILE_BYTES`]; a larger one is refused
/// without reading more than that.
pub fn read_limited(path: &Path, shown: &Path) -> Result<Vec<u8>> {
    let file = std::fs::File::open(path).map_err(|e| io_error("read", path, &e))?;
    let size = file.metadata().map_or(0, |m| m.len());
    // Room for the whole file and the probe that finds its end: one read, no growing.
    let mut bytes = Vec::with_capacity(size.min(MAX_FILE_BYTES as u64) as usize + 1);
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| io_error("read", path, &e))?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Error::one(
            Diagnostic::error(
                Code::TooLarge,
                format!(
                    "`{}` is {:.1} MB; broadsheet reads files of up to {} MB",
                    shown.display(),
                    size.max(bytes.len() as u64) as f64 / 1_048_576.0,
                    MAX_FILE_BYTES / 1_048_576
                ),
            )
            .in_file(shown)
            .with_help("split it into several pages, or move it out of content/"),
        ));
    }
    Ok(bytes)
}

/// Decodes a file's bytes: UTF-8 only (the error names the line of the first bad
/// byte), a BOM dropped, CRLF turned into LF. NUL bytes are refused: no text
/// editor writes them, so the file is almost certainly not text.
pub fn decode(bytes: &[u8], path: &Path) -> Result<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| not_utf8(bytes, e.valid_up_to(), path))?;
    if let Some(i) = text.find('\0') {
        return Err(Error::one(
            Diagnostic::error(
                Code::Encoding,
                format!("`{}` contains a NUL byte; it is not a text file", path.display()),
            )
            .in_file(path)
            .at_offset(text, i, 1)
            .with_help("remove the NUL bytes, or move binary files out of the way"),
        ));
    }
    Ok(if text.contains('\r') { text.replace("\r\n", "\n") } else { text.to_string() })
}

/// [`decode`], taking the bytes: a file that is UTF-8 already, without a BOM or
/// CRLF, becomes its text without a copy.
pub fn decode_owned(bytes: Vec<u8>, path: &Path) -> Result<String> {
    if bytes.starts_with(b"\xEF\xBB\xBF") || bytes.contains(&b'\r') || bytes.contains(&0) {
        return decode(&bytes, path);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(e) => {
            let good = e.utf8_error().valid_up_to();
            Err(not_utf8(e.as_bytes(), good, path))
        }
    }
}

fn not_utf8(bytes: &[u8], good: usize, path: &Path) -> Error {
    let line = bytes[..good].iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = bytes[..good].iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&bytes[line_start..good]).chars().count() + 1;
    Error::one(
        Diagnostic::error(
            Code::Encoding,
            format!("`{}` is not valid UTF-8 (byte {good})", path.display()),
        )
        .in_file(path)
        .at_line(line, column)
        .with_help("save the file as UTF-8 in your editor"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_dropped() {
        assert_eq!(decode(b"\xEF\xBB\xBFa\r\nb", Path::new("a.md")).unwrap(), "a\nb");
    }

    #[test]
    fn invalid_utf8_names_the_line() {
        let err = decode(b"ok\nbad \xff here", Path::new("content/a.md")).unwrap_err();
        let d = &err.diagnostics()[0];
        assert_eq!((d.line, d.column), (Some(2), Some(5)));
        assert!(d.message.contains("not valid UTF-8"));
    }

    #[test]
    fn owned_bytes_decode_as_borrowed_ones_do() {
        let samples: [&[u8]; 5] =
            [b"plain \xe4\xb8\xad", b"\xEF\xBB\xBFa\r\nb", b"ok\nbad \xff here", b"a\nb\0", b""];
        for bytes in samples {
            let (owned, borrowed) =
                (decode_owned(bytes.to_vec(), Path::new("a")), decode(bytes, Path::new("a")));
            match (owned, borrowed) {
                (Ok(a), Ok(b)) => assert_eq!(a, b),
                (Err(a), Err(b)) => {
                    let (a, b) = (&a.diagnostics()[0], &b.diagnostics()[0]);
                    assert_eq!((&a.message, a.line, a.column), (&b.message, b.line, b.column));
                }
                (a, b) => panic!("{bytes:?}: {:?} against {:?}", a.is_ok(), b.is_ok()),
            }
        }
    }

    #[test]
    fn a_nul_byte_is_refused_where_it_is() {
        let err = decode(b"a\nb\0", Path::new("x.toml")).unwrap_err();
        assert_eq!(err.diagnostics()[0].line, Some(2));
    }
}
