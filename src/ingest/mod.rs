//! Ingest: find the readout files under the given paths and read each into `Source`s, one per
//! readout (a `.jsonl` or `.csv` file holds many). It reads, decodes and splits records, one
//! module per format; it does not interpret the text (that is extraction's job).

mod csv;
mod json;
mod markdown;
mod record;
mod txt;
mod walk;

use std::path::Path;

use crate::error::{Error, Result};
use crate::readout::{Given, Source, content_hash};

pub use walk::{Resolver, Stamp, Walk, collect_files};

/// The file formats read as readouts, by extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text: the seeds and the State Department corpus.
    Text,
    /// Markdown, with optional `---` front matter (`title`, `date`, `source`, `url`).
    Markdown,
    /// One readout object, or an array of them.
    Json,
    /// One readout object per line (`.jsonl`, `.ndjson`).
    JsonLines,
    /// A header naming the fields, then one readout per row.
    Csv,
}

impl Format {
    pub fn of(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match extension.as_str() {
            "txt" => Format::Text,
            "md" | "markdown" => Format::Markdown,
            "json" => Format::Json,
            "jsonl" | "ndjson" => Format::JsonLines,
            "csv" => Format::Csv,
            _ => return None,
        })
    }
}

/// A file read: its readouts, and what was wrong with parts of it (a bad line, bytes that
/// were not UTF-8) that did not stop the rest.
#[derive(Debug, Default)]
pub struct FileRead {
    /// Hash of the file's bytes, in hex.
    pub content_hash: String,
    pub sources: Vec<Source>,
    pub problems: Vec<Error>,
}

/// Reads one file into its readouts. A file that is empty, binary or over `max_bytes` is an
/// error of its own kind, so the caller can skip it and say why.
pub fn read_file(path: &Path, max_bytes: u64) -> Result<FileRead> {
    let read_error = |source| Error::read(path, source);
    let size = std::fs::metadata(path).map_err(read_error)?.len();
    let absolute = std::fs::canonicalize(path).map_err(read_error)?;
    read_file_at(path, &absolute.to_string_lossy(), size, max_bytes)
}

/// `read_file` for a caller that has already looked up the file's absolute path and size.
pub fn read_file_at(path: &Path, absolute: &str, size: u64, max_bytes: u64) -> Result<FileRead> {
    if size > max_bytes {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            size,
            limit: max_bytes,
        });
    }
    let bytes = std::fs::read(path).map_err(|source| Error::read(path, source))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::Empty(path.to_path_buf()));
    }
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(Error::Binary(path.to_path_buf()));
    }
    let mut read = FileRead {
        content_hash: content_hash(&bytes),
        ..FileRead::default()
    };
    let mut text = String::from_utf8(bytes).unwrap_or_else(|error| {
        read.problems.push(Error::NotUtf8(path.to_path_buf()));
        String::from_utf8_lossy(error.as_bytes()).into_owned()
    });
    if text.starts_with('\u{FEFF}') {
        text.drain(..'\u{FEFF}'.len_utf8());
    }
    let mut records = Records {
        path,
        absolute,
        read: &mut read,
    };
    match Format::of(path).unwrap_or(Format::Text) {
        Format::Text => txt::read(text, &mut records),
        Format::Markdown => markdown::read(text, &mut records),
        Format::Json => json::read(&text, &mut records),
        Format::JsonLines => json::read_lines(&text, &mut records),
        Format::Csv => csv::read(&text, &mut records),
    }
    Ok(read)
}

/// Where a format module puts the readouts of one file, and the records it could not read.
struct Records<'a> {
    path: &'a Path,
    absolute: &'a str,
    read: &'a mut FileRead,
}

impl Records<'_> {
    /// A readout at `locator` ("line 12", "record 3"; none for a file of one readout).
    fn readout(&mut self, locator: Option<String>, text: String, given: Given) {
        self.read.sources.push(Source {
            path: self.absolute.to_string(),
            locator,
            text,
            content_hash: self.read.content_hash.clone(),
            given,
        });
    }

    /// A record that could not be read, at `line` (0 when unknown), and why.
    fn bad(&mut self, line: usize, message: String) {
        self.read.problems.push(Error::BadRecord {
            path: self.path.to_path_buf(),
            line,
            message,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_by_extension() {
        assert_eq!(Format::of(Path::new("a.TXT")), Some(Format::Text));
        assert_eq!(Format::of(Path::new("a.ndjson")), Some(Format::JsonLines));
        assert_eq!(Format::of(Path::new("a.pdf")), None);
    }
}
