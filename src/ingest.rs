//! Ingest: find the readout files under the given paths and read each into `Source`s, one per
//! readout (a `.jsonl` or `.csv` file holds many). It reads, decodes and splits records; it
//! does not interpret the text (that is extraction's job).

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use serde_json::{Map, Value};
use xxhash_rust::xxh3::{xxh3_64, xxh3_128};

use crate::error::{Error, Result};
use crate::extract::date::parse_date;
use crate::readout::Day;

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

/// Fields a file states about a readout; they win over extracted ones.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Given {
    pub id: Option<String>,
    pub title: Option<String>,
    pub date: Option<Day>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// Fields the format does not know, kept as they were.
    pub extra: Map<String, Value>,
}

/// One readout's text, before extraction.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// Absolute path of the file it came from: the key of incremental runs.
    pub path: String,
    /// Where in the file the readout is ("line 12", "record 3"), for files with many.
    pub locator: Option<String>,
    pub text: String,
    /// Hash of the whole file's bytes, in hex: tells an incremental run what changed.
    pub content_hash: String,
    pub given: Given,
}

impl Source {
    /// A source holding a whole file's text.
    pub fn new(path: String, text: String, bytes: &[u8]) -> Source {
        Source {
            path,
            locator: None,
            text,
            content_hash: content_hash(bytes),
            given: Given::default(),
        }
    }

    /// The stable id of the readout: the id its file gives, else a hash of where it is.
    pub fn id(&self) -> String {
        if let Some(id) = &self.given.id {
            return id.clone();
        }
        let key = match &self.locator {
            Some(locator) => format!("{}#{locator}", self.path),
            None => self.path.clone(),
        };
        format!("{:016x}", xxh3_64(key.as_bytes()))
    }
}

pub fn content_hash(bytes: &[u8]) -> String {
    format!("{:032x}", xxh3_128(bytes))
}

/// What a walk found: readout files in a stable order, and what could not be walked.
#[derive(Debug, Default)]
pub struct Walk {
    pub files: Vec<PathBuf>,
    pub problems: Vec<Error>,
}

/// The readout files under `paths`, recursively, sorted. Hidden files and folders are skipped,
/// and so is what a `.readoutsignore` (gitignore syntax) names; a file named explicitly is always
/// taken. A path that does not exist is an error that names it; a folder that cannot be walked
/// (a symlink loop, no permission) is a problem, and the walk goes on.
pub fn collect_files(paths: &[PathBuf]) -> Result<Walk> {
    let mut walk = Walk::default();
    for path in paths {
        if !path.exists() {
            return Err(Error::MissingPath(path.clone()));
        }
        if path.is_file() {
            walk.files.push(path.clone());
            continue;
        }
        let walker = ignore::WalkBuilder::new(path)
            .standard_filters(false)
            .hidden(true)
            .follow_links(true)
            .add_custom_ignore_filename(".readoutsignore")
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    let is_file = entry.file_type().is_some_and(|t| t.is_file());
                    if is_file && Format::of(entry.path()).is_some() {
                        walk.files.push(entry.into_path());
                    }
                }
                Err(error) => walk.problems.push(Error::Walk {
                    path: path.clone(),
                    message: error.to_string(),
                }),
            }
        }
    }
    Ok(walk)
}

/// The size and modification time of a file, as an incremental run compares them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub size: u64,
    /// Nanoseconds since the Unix epoch.
    pub modified: u64,
}

impl Stamp {
    pub fn of(path: &Path) -> Result<Stamp> {
        let metadata = std::fs::metadata(path).map_err(|source| Error::read(path, source))?;
        Ok(Stamp::from_metadata(&metadata))
    }

    pub fn from_metadata(metadata: &std::fs::Metadata) -> Stamp {
        let modified = metadata
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as u64);
        Stamp {
            size: metadata.len(),
            modified,
        }
    }
}

/// A file's absolute path with its links resolved, as `fs::canonicalize` gives it, and its
/// stamp. Resolving a path costs a system call for each of its folders, so the folder
/// resolved last is kept: a walk gives a folder's files one after another, and a file that
/// is not a link itself costs one call.
#[derive(Debug, Default)]
pub struct Resolver {
    /// A folder as given, and resolved.
    folder: Option<(PathBuf, PathBuf)>,
}

impl Resolver {
    pub fn resolve(&mut self, file: &Path) -> Result<(String, Stamp)> {
        let read_error = |source| Error::read(file, source);
        let metadata = std::fs::symlink_metadata(file).map_err(read_error)?;
        let (Some(folder), Some(name)) = (file.parent(), file.file_name()) else {
            return self.resolve_link(file);
        };
        if metadata.file_type().is_symlink() {
            return self.resolve_link(file);
        }
        let folder = if folder.as_os_str().is_empty() {
            Path::new(".")
        } else {
            folder
        };
        let resolved = match &self.folder {
            Some((given, resolved)) if given == folder => resolved,
            _ => {
                let resolved = std::fs::canonicalize(folder).map_err(read_error)?;
                &self.folder.insert((folder.to_path_buf(), resolved)).1
            }
        };
        let path = resolved.join(name).to_string_lossy().into_owned();
        Ok((path, Stamp::from_metadata(&metadata)))
    }

    fn resolve_link(&self, file: &Path) -> Result<(String, Stamp)> {
        let path = std::fs::canonicalize(file).map_err(|source| Error::read(file, source))?;
        Ok((path.to_string_lossy().into_owned(), Stamp::of(file)?))
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
    let hash = read.content_hash.clone();
    let source = |locator: Option<String>, text: String, given: Given| Source {
        path: absolute.to_string(),
        locator,
        text,
        content_hash: hash.clone(),
        given,
    };
    let bad = |line: usize, message: String| Error::BadRecord {
        path: path.to_path_buf(),
        line,
        message,
    };
    match Format::of(path).unwrap_or(Format::Text) {
        Format::Text => read.sources.push(source(None, text, Given::default())),
        Format::Markdown => {
            let (given, body) = front_matter(&text);
            read.sources.push(source(None, body, given));
        }
        Format::Json => match serde_json::from_str::<Value>(&text) {
            Ok(Value::Array(records)) => {
                for (i, record) in records.into_iter().enumerate() {
                    match record_source(record) {
                        Ok((text, given)) => {
                            read.sources.push(source(
                                Some(format!("record {}", i + 1)),
                                text,
                                given,
                            ));
                        }
                        Err(message) => read
                            .problems
                            .push(bad(0, format!("record {}: {message}", i + 1))),
                    }
                }
            }
            Ok(record) => match record_source(record) {
                Ok((text, given)) => read.sources.push(source(None, text, given)),
                Err(message) => read.problems.push(bad(0, message)),
            },
            Err(error) => read.problems.push(bad(error.line(), error.to_string())),
        },
        Format::JsonLines => {
            for (i, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                let record = serde_json::from_str::<Value>(line)
                    .map_err(|e| e.to_string())
                    .and_then(record_source);
                match record {
                    Ok((text, given)) => {
                        read.sources
                            .push(source(Some(format!("line {}", i + 1)), text, given));
                    }
                    Err(message) => read.problems.push(bad(i + 1, message)),
                }
            }
        }
        Format::Csv => {
            let mut reader = csv::ReaderBuilder::new()
                .flexible(false)
                .from_reader(text.as_bytes());
            let headers = match reader.headers() {
                Ok(headers) => headers.clone(),
                Err(error) => {
                    read.problems.push(bad(1, error.to_string()));
                    return Ok(read);
                }
            };
            for row in reader.records() {
                let outcome = row.map_err(|e| e.to_string()).and_then(|row| {
                    let line = row.position().map_or(0, |p| p.line() as usize);
                    let object: Map<String, Value> = headers
                        .iter()
                        .zip(row.iter())
                        .map(|(k, v)| (k.trim().to_string(), Value::String(v.to_string())))
                        .collect();
                    record_source(Value::Object(object)).map(|r| (line, r))
                });
                match outcome {
                    Ok((line, (text, given))) => {
                        read.sources
                            .push(source(Some(format!("line {line}")), text, given));
                    }
                    Err(message) => {
                        let line = message_line(&message);
                        read.problems.push(bad(line, message));
                    }
                }
            }
        }
    }
    Ok(read)
}

/// The line number a csv error message names, when it names one.
fn message_line(message: &str) -> usize {
    message
        .split("line: ")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// The text and given fields of one JSON or CSV record.
fn record_source(record: Value) -> Result<(String, Given), String> {
    let Value::Object(mut fields) = record else {
        return Err("a readout must be an object".into());
    };
    let mut take = |name: &str| -> Option<String> {
        let key = fields
            .keys()
            .find(|k| k.eq_ignore_ascii_case(name))?
            .clone();
        match fields.remove(&key)? {
            Value::String(s) if !s.trim().is_empty() => Some(s),
            Value::String(_) | Value::Null => None,
            other => Some(other.to_string()),
        }
    };
    let text = take("body")
        .or_else(|| take("text"))
        .ok_or("no 'body' or 'text' field")?;
    let date = take("date");
    let given = Given {
        id: take("id"),
        title: take("title"),
        date: date.as_deref().and_then(parse_date),
        source: take("source"),
        url: take("url"),
        extra: fields,
    };
    if let (Some(date), None) = (&date, given.date) {
        return Err(format!("unrecognized date '{date}'"));
    }
    Ok((text, given))
}

/// Splits `---` front matter (`key: value` lines) from a Markdown body.
fn front_matter(text: &str) -> (Given, String) {
    let mut given = Given::default();
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return (given, text.to_string());
    };
    let Some(end) = rest.find("\n---") else {
        return (given, text.to_string());
    };
    for line in rest[..end].lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value
            .trim()
            .trim_matches(|c| c == '"' || c == '\'')
            .to_string();
        if value.is_empty() {
            continue;
        }
        match key.trim().to_ascii_lowercase().as_str() {
            "title" => given.title = Some(value),
            "date" => given.date = parse_date(&value),
            "source" => given.source = Some(value),
            "url" => given.url = Some(value),
            "id" => given.id = Some(value),
            other => {
                given.extra.insert(other.to_string(), Value::String(value));
            }
        }
    }
    let body = rest[end + 4..].trim_start_matches(['-', '\r', '\n']);
    (given, body.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(unix)]
    fn a_resolved_path_is_the_canonical_one() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        std::fs::create_dir(&real).unwrap();
        std::fs::write(real.join("a.txt"), "A").unwrap();
        std::fs::write(real.join("b.txt"), "Bb").unwrap();
        std::os::unix::fs::symlink(&real, dir.path().join("folder-link")).unwrap();
        std::os::unix::fs::symlink(real.join("b.txt"), real.join("file-link.txt")).unwrap();
        let files = [
            real.join("a.txt"),
            real.join("b.txt"),
            dir.path().join("folder-link/a.txt"),
            real.join("file-link.txt"),
            real.join("../real/b.txt"),
            PathBuf::from("Cargo.toml"),
        ];
        let mut resolver = Resolver::default();
        for file in &files {
            let canonical = std::fs::canonicalize(file).unwrap();
            let expected = (
                canonical.to_string_lossy().into_owned(),
                Stamp::of(file).unwrap(),
            );
            assert_eq!(
                resolver.resolve(file).unwrap(),
                expected,
                "{}",
                file.display()
            );
        }
        assert!(resolver.resolve(&real.join("gone.txt")).is_err());
    }

    #[test]
    fn formats_by_extension() {
        assert_eq!(Format::of(Path::new("a.TXT")), Some(Format::Text));
        assert_eq!(Format::of(Path::new("a.ndjson")), Some(Format::JsonLines));
        assert_eq!(Format::of(Path::new("a.pdf")), None);
    }

    #[test]
    fn front_matter_gives_fields_and_leaves_the_body() {
        let (given, body) = front_matter(
            "---\ntitle: \"Talks in Baku\"\ndate: 2025-05-12\nsource: News.Az\nurl: https://x.test/1\nauthor: V. G.\n---\nThe sides met.\n",
        );
        assert_eq!(given.title.as_deref(), Some("Talks in Baku"));
        assert_eq!(
            given.date.map(|d| d.to_string()).as_deref(),
            Some("2025-05-12")
        );
        assert_eq!(given.source.as_deref(), Some("News.Az"));
        assert_eq!(given.url.as_deref(), Some("https://x.test/1"));
        assert_eq!(given.extra["author"], "V. G.");
        assert_eq!(body, "The sides met.\n");
    }

    #[test]
    fn text_without_front_matter_is_all_body() {
        let (given, body) = front_matter("# Title\n\nBody.");
        assert_eq!(given, Given::default());
        assert_eq!(body, "# Title\n\nBody.");
    }

    #[test]
    fn records_take_body_or_text_and_keep_unknown_fields() {
        let record =
            serde_json::json!({"id": "r1", "text": "Body.", "lang": "en", "Date": "2025-01-02"});
        let (text, given) = record_source(record).unwrap();
        assert_eq!(text, "Body.");
        assert_eq!(given.id.as_deref(), Some("r1"));
        assert_eq!(
            given.date.map(|d| d.to_string()).as_deref(),
            Some("2025-01-02")
        );
        assert_eq!(given.extra["lang"], "en");
        assert!(record_source(serde_json::json!({"title": "x"})).is_err());
        assert!(record_source(serde_json::json!([1])).is_err());
        assert!(record_source(serde_json::json!({"body": "x", "date": "soon"})).is_err());
    }
}
