//! Ingest: find the readout files under the given paths and read each into `Source`s, one per
//! readout (a `.jsonl` or `.csv` file holds many). It reads, decodes and splits records, one
//! module per format; it does not interpret the text (that is extraction's job).

mod csv;
mod feed;
pub use feed::{FeedItem, feed_items};
mod html;
mod json;
mod markdown;
mod pdf;
mod record;
mod txt;
mod walk;

use std::path::Path;

use crate::error::{Error, Result};
use crate::readout::{Given, Source, content_hash};

pub use walk::{Resolver, Stamp, Walk, collect_files, skipped_kinds};

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
    /// A web page: its main text and its metadata, in the character set it declares.
    Html,
    /// An RSS, Atom or JSON feed: a readout per item.
    Feed,
    /// A PDF's text layer.
    Pdf,
}

impl Format {
    /// The extensions read, each with its format: the one list of what is supported.
    const EXTENSIONS: [(&'static str, Format); 14] = [
        ("txt", Format::Text),
        ("md", Format::Markdown),
        ("markdown", Format::Markdown),
        ("json", Format::Json),
        ("jsonl", Format::JsonLines),
        ("ndjson", Format::JsonLines),
        ("csv", Format::Csv),
        ("html", Format::Html),
        ("htm", Format::Html),
        ("xhtml", Format::Html),
        ("xml", Format::Feed),
        ("rss", Format::Feed),
        ("atom", Format::Feed),
        ("pdf", Format::Pdf),
    ];

    pub fn of(path: &Path) -> Option<Format> {
        let extension = path.extension()?.to_str()?;
        Format::EXTENSIONS
            .iter()
            .find(|(known, _)| extension.eq_ignore_ascii_case(known))
            .map(|&(_, format)| format)
    }

    /// The extensions read, lowercase, without the dot, to tell a user what is supported.
    pub fn extensions() -> impl Iterator<Item = &'static str> {
        Format::EXTENSIONS.iter().map(|&(extension, _)| extension)
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

/// Reads one file into its readouts. A file that is empty, binary or over the limit is an
/// error of its own kind, so the caller can skip it and say why. `max_bytes` limits one
/// readout: a file of one, or each record of a file of many, which is skipped and named.
pub fn read_file(path: &Path, max_bytes: u64) -> Result<FileRead> {
    let read_error = |source| Error::read(path, source);
    let size = std::fs::metadata(path).map_err(read_error)?.len();
    let absolute = std::fs::canonicalize(path).map_err(read_error)?;
    read_file_at(path, &absolute.to_string_lossy(), size, max_bytes)
}

/// A file of many readouts is read whole, so it has a limit too, this many times the limit on
/// one readout (1 GiB at the default 16 MB): it bounds the memory a run takes, the file and what
/// is parsed of it, and a file past it is a dump or a disk image, not readouts. It follows the
/// limit a user chose, so `--max-file-mb` raises it.
const MANY_READOUTS: u64 = 64;

/// `read_file` for a caller that has already looked up the file's absolute path and size.
pub fn read_file_at(path: &Path, absolute: &str, size: u64, max_bytes: u64) -> Result<FileRead> {
    let format = Format::of(path).unwrap_or(Format::Text);
    let limit = match format {
        Format::Text | Format::Markdown | Format::Html | Format::Pdf => max_bytes,
        Format::Json | Format::JsonLines | Format::Csv | Format::Feed => {
            max_bytes.saturating_mul(MANY_READOUTS)
        }
    };
    if size > limit {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            line: 0,
            size,
            limit,
        });
    }
    let bytes = std::fs::read(path).map_err(|source| Error::read(path, source))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::Empty(path.to_path_buf()));
    }
    let mut read = FileRead {
        content_hash: content_hash(&bytes),
        ..FileRead::default()
    };
    let mut records = Records {
        path,
        absolute,
        max_bytes,
        read: &mut read,
    };
    if format == Format::Pdf {
        pdf::read(bytes, &mut records);
        return Ok(read);
    }
    if bytes.iter().take(8192).any(|&b| b == 0) {
        return Err(Error::Binary(path.to_path_buf()));
    }
    let mut text = if matches!(format, Format::Html | Format::Feed) {
        let (text, replaced) = html::decode(&bytes);
        if replaced {
            records.not_utf8();
        }
        text
    } else {
        String::from_utf8(bytes).unwrap_or_else(|error| {
            records.not_utf8();
            String::from_utf8_lossy(error.as_bytes()).into_owned()
        })
    };
    if text.starts_with('\u{FEFF}') {
        text.drain(..'\u{FEFF}'.len_utf8());
    }
    match format {
        Format::Text => txt::read(text, &mut records),
        Format::Markdown => markdown::read(text, &mut records),
        Format::Json => json::read(&text, &mut records),
        Format::JsonLines => json::read_lines(&text, &mut records),
        Format::Csv => csv::read(&text, &mut records),
        // A feed saved from its address is often named as a page.
        Format::Html if feed::looks_like_feed(&text) => feed::read(&text, &mut records),
        Format::Html => html::read(&text, &mut records),
        Format::Feed => feed::read(&text, &mut records),
        // Read from its bytes above.
        Format::Pdf => {}
    }
    Ok(read)
}

/// Where a format module puts the readouts of one file, and the records it could not read.
struct Records<'a> {
    path: &'a Path,
    absolute: &'a str,
    /// The limit on one record.
    max_bytes: u64,
    read: &'a mut FileRead,
}

impl Records<'_> {
    /// A readout at `locator` ("line 12", "record 3"; none for a file of one readout), which
    /// starts on `line` (0 when the format gives none).
    fn readout(&mut self, locator: Option<String>, line: usize, text: String, given: Given) {
        self.read.sources.push(Source {
            path: self.absolute.to_string(),
            line: (locator.is_some() && line > 0).then_some(line as u64),
            locator,
            text,
            content_hash: self.read.content_hash.clone(),
            given,
        });
    }

    /// A readout of a record at `locator`, and a warning for a date it gives that no format
    /// reads, on `line` (0 when the format gives none).
    fn record(&mut self, locator: Option<String>, line: usize, record: record::Record) {
        if let Some(value) = record.unread_date {
            self.read.problems.push(Error::UnreadDate {
                path: self.path.to_path_buf(),
                line,
                value,
            });
        }
        self.readout(locator, line, record.text, record.given);
    }

    /// Whether a record of `size` bytes at `line` (0 for the whole file) is within the limit;
    /// one over it is skipped and named.
    fn fits(&mut self, line: usize, size: usize) -> bool {
        let size = size as u64;
        let fits = size <= self.max_bytes;
        if !fits {
            self.read.problems.push(Error::TooLarge {
                path: self.path.to_path_buf(),
                line,
                size,
                limit: self.max_bytes,
            });
        }
        fits
    }

    /// A file read whole that holds no readout (a page listing releases), and why: a note,
    /// not a failure.
    fn not_a_readout(&mut self, reason: String) {
        self.read.problems.push(Error::NotAReadout {
            path: self.path.to_path_buf(),
            reason,
        });
    }

    /// Bytes of the file that were not text in its character set, replaced.
    fn not_utf8(&mut self) {
        self.read
            .problems
            .push(Error::NotUtf8(self.path.to_path_buf()));
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
        assert_eq!(Format::of(Path::new("a.odt")), None);
    }

    /// Reads `content` as a file named `name`, with a limit of `max_bytes` on one readout.
    fn read_as(name: &str, content: &str, max_bytes: u64) -> (usize, Vec<String>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        let read = read_file(&path, max_bytes).unwrap();
        let problems = read.problems.iter().map(|p| {
            let message = p.to_string();
            message.replace(&*dir.path().to_string_lossy(), "")
        });
        (read.sources.len(), problems.collect())
    }

    #[test]
    fn the_limit_is_on_each_record_of_a_file_of_many() {
        const MB: u64 = 1 << 20;
        let long = "word ".repeat(250_000);
        let lines = format!("{{\"text\": \"short\"}}\n{{\"text\": \"{long}\"}}\n");
        assert_eq!(
            read_as("a.jsonl", &lines, MB),
            (
                1,
                vec!["skipped /a.jsonl:2: 2 MiB is over the limit of 1 MiB".into()]
            )
        );
        let array =
            format!("[\n  {{\"text\": \"short\"}},\n  {{\"text\": \"{long}\"}},\n  {{}}\n]");
        assert_eq!(
            read_as("a.json", &array, MB),
            (
                1,
                vec![
                    "skipped /a.json:3: 2 MiB is over the limit of 1 MiB".into(),
                    "/a.json:4: record 3: no 'body' or 'text' field".into(),
                ]
            )
        );
        let object = format!("{{\"text\": \"{long}\"}}");
        assert_eq!(
            read_as("a.json", &object, MB),
            (
                0,
                vec!["skipped /a.json: 2 MiB is over the limit of 1 MiB".into()]
            )
        );
        let table = format!("id,body\n1,short\n2,{long}\n");
        assert_eq!(
            read_as("a.csv", &table, MB),
            (
                1,
                vec!["skipped /a.csv:3: 2 MiB is over the limit of 1 MiB".into()]
            )
        );
    }

    #[test]
    fn a_file_of_many_is_refused_past_64_times_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.jsonl");
        std::fs::write(&path, "{\"text\": \"short\"}\n").unwrap();
        let read = |size| read_file_at(&path, "/a.jsonl", size, 1 << 20);
        assert_eq!(read(64 << 20).unwrap().sources.len(), 1);
        let error = read((64 << 20) + 1).unwrap_err();
        assert!(matches!(error, Error::TooLarge { line: 0, limit, .. } if limit == 64 << 20));
        let text = dir.path().join("a.txt");
        std::fs::write(&text, "short").unwrap();
        assert!(read_file_at(&text, "/a.txt", (1 << 20) + 1, 1 << 20).is_err());
    }
}
