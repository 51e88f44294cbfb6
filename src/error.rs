//! The library's errors. Each variant carries the input it is about (a file, an argument, a
//! query), so the one-line message can name it; `hint` adds what to do next.

use std::path::{Path, PathBuf};

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no index at {}", .0.display())]
    NoIndex(PathBuf),

    #[error("{} does not exist", .0.display())]
    MissingPath(PathBuf),

    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("cannot walk {}: {message}", path.display())]
    Walk { path: PathBuf, message: String },

    #[error("skipped {}{}: {} MiB is over the limit of {} MiB", path.display(), line_suffix(*line), size.div_ceil(1 << 20), limit >> 20)]
    TooLarge {
        path: PathBuf,
        /// The record's, 1-based; 0 for the whole file.
        line: usize,
        size: u64,
        limit: u64,
    },

    #[error("skipped {}: the file is empty", .0.display())]
    Empty(PathBuf),

    #[error("skipped {}: the file is binary, not text", .0.display())]
    Binary(PathBuf),

    #[error("skipped {}: {reason}", path.display())]
    NotAReadout { path: PathBuf, reason: String },

    #[error("warning: {} is not valid UTF-8; bad bytes were replaced", .0.display())]
    NotUtf8(PathBuf),

    #[error("warning: {}{}: unrecognized date '{value}'; the readout is kept without a date", path.display(), line_suffix(*line))]
    UnreadDate {
        path: PathBuf,
        /// 1-based; 0 when the format gives no line.
        line: usize,
        value: String,
    },

    #[error("{}{}: {message}", path.display(), line_suffix(*line))]
    BadRecord {
        path: PathBuf,
        /// 1-based; 0 when the format gives no line.
        line: usize,
        message: String,
    },

    #[error("unknown organization '{value}'")]
    UnknownOrg {
        value: String,
        suggestions: Vec<String>,
    },

    #[error("unknown country or region '{value}'")]
    UnknownCountry {
        value: String,
        suggestions: Vec<String>,
    },

    #[error("invalid date '{value}' for {flag}: expected YYYY-MM-DD, YYYY-MM or YYYY")]
    BadDate { flag: &'static str, value: String },

    #[error("no such day '{value}' for {flag}: {reason}")]
    NoSuchDay {
        flag: &'static str,
        value: String,
        reason: String,
    },

    #[error("cannot read the query from {path}: {source}")]
    QueryFile {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("--person '{0}' names no word to look for")]
    NoPersonWords(String),

    #[error("--from {from} is after --to {to}")]
    EmptyDateRange { from: String, to: String },

    #[error("no readout has an id starting with '{0}'")]
    UnknownId(String),

    #[error("id '{prefix}' is ambiguous: several readouts have ids starting with it")]
    AmbiguousId {
        prefix: String,
        /// Some of the ids it matches, to choose from.
        matches: Vec<String>,
    },

    #[error("--depth needs a field with a hierarchy (country, counterpart or org), not '{0}'")]
    NoHierarchy(&'static str),

    #[error("the index is being written by another process ({})", .0.display())]
    Locked(PathBuf),

    #[error("cannot write the index at {}: {source}", dir.display())]
    Unwritable {
        dir: PathBuf,
        source: std::io::Error,
    },

    #[error("the index at {} is damaged: {detail}", dir.display())]
    Damaged { dir: PathBuf, detail: String },

    #[error("{} holds files that are not this index's: {}", dir.display(), names.join(", "))]
    Foreign { dir: PathBuf, names: Vec<String> },

    #[error("removed {} of {} from the index: it holds none now", plural(*readouts, "readout"), path.display())]
    Withdrawn { path: PathBuf, readouts: u64 },

    #[error("warning: readouts share the id '{id}': {}", places.join(" and "))]
    SharedId { id: String, places: Vec<String> },

    #[error(
        "{} and {} have the same name once bytes that are not UTF-8 are replaced; neither is indexed: rename one",
        escaped(first),
        escaped(second)
    )]
    SameName { first: PathBuf, second: PathBuf },

    #[error("the index at {} was written by an incompatible version of readouts", .0.display())]
    Incompatible(PathBuf),

    #[error("index at {}: {source}", path.display())]
    Index {
        path: PathBuf,
        source: tantivy::TantivyError,
    },
}

fn plural(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// A path with its bytes that are not UTF-8 written as `\xNN`, so that two such names differ.
fn escaped(path: &Path) -> String {
    let debug = format!("{:?}", path.as_os_str());
    debug
        .strip_prefix('"')
        .and_then(|d| d.strip_suffix('"'))
        .unwrap_or(&debug)
        .to_string()
}

fn line_suffix(line: usize) -> String {
    if line == 0 {
        String::new()
    } else {
        format!(":{line}")
    }
}

impl Error {
    /// True when the error lost data (a file or record not indexed for a reason the user must
    /// fix); false for notes about files deliberately skipped or read with repairs.
    pub fn is_failure(&self) -> bool {
        !matches!(
            self,
            Error::TooLarge { .. }
                | Error::Empty(_)
                | Error::Binary(_)
                | Error::NotAReadout { .. }
                | Error::NotUtf8(_)
                | Error::UnreadDate { .. }
                | Error::Withdrawn { .. }
                | Error::SharedId { .. }
        )
    }

    /// A failure of tantivy on the index at `path`.
    /// A lock held by another writer is `Locked`, so the user is told what is going on; a lock
    /// that cannot be taken at all (a read-only folder) is `Unwritable`, not another writer.
    pub fn index(path: &Path, source: tantivy::TantivyError) -> Error {
        use tantivy::directory::error::LockError;
        match source {
            tantivy::TantivyError::LockFailure(LockError::IoError(io), _) => Error::Unwritable {
                dir: path.to_path_buf(),
                source: std::io::Error::new(io.kind(), io),
            },
            tantivy::TantivyError::LockFailure(..) => Error::Locked(path.to_path_buf()),
            source => Error::Index {
                path: path.to_path_buf(),
                source,
            },
        }
    }

    /// A failure to write `path`.
    pub fn write(path: &Path, source: std::io::Error) -> Error {
        Error::Write {
            path: path.to_path_buf(),
            source,
        }
    }

    /// A failure to read or write `path`.
    pub fn read(path: &Path, source: std::io::Error) -> Error {
        Error::Read {
            path: path.to_path_buf(),
            source,
        }
    }

    /// A second line that tells the user what to do, where one helps.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::NoIndex(dir) => Some(format!("run 'readouts{} index <DIR>' first", index_flag(dir))),
            Error::UnknownOrg { suggestions, .. } | Error::UnknownCountry { suggestions, .. } => {
                (!suggestions.is_empty())
                    .then(|| format!("did you mean {}?", suggestions.join(", ")))
            }
            Error::UnknownId(_) => Some("ids are shown by 'readouts search'".into()),
            Error::AmbiguousId { matches, .. } => {
                Some(format!("type more of it: {}", matches.join(", ")))
            }
            Error::Locked(_) => Some("wait for it to finish, then run again".into()),
            Error::TooLarge { .. } => {
                Some("raise --max-file-mb to index what is over the limit".into())
            }
            Error::Incompatible(dir) | Error::Damaged { dir, .. } => Some(format!(
                "run 'readouts{} index --rebuild <DIR>' to rebuild it",
                index_flag(dir)
            )),
            Error::Unwritable { .. } => {
                Some("searches can still read it; to index, choose a folder you may write with --index".into())
            }
            Error::Foreign { .. } => Some(
                "--rebuild starts over only in a folder that holds nothing but the index: choose another folder with --index".into(),
            ),
            _ => None,
        }
    }
}

/// ` --index DIR` for a hint's command when the index is not the default `./index`, so the
/// command it suggests works as typed.
fn index_flag(dir: &Path) -> String {
    if dir == Path::new("index") {
        String::new()
    } else {
        let shown = dir.display().to_string();
        if shown.contains(char::is_whitespace) {
            format!(" --index '{shown}'")
        } else {
            format!(" --index {shown}")
        }
    }
}
