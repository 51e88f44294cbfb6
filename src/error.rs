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

    #[error("cannot walk {}: {message}", path.display())]
    Walk { path: PathBuf, message: String },

    #[error("skipped {}{}: {} MB is over the limit of {} MB", path.display(), line_suffix(*line), size.div_ceil(1 << 20), limit >> 20)]
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

    #[error("invalid date '{value}' for {flag}: expected YYYY-MM-DD")]
    BadDate { flag: &'static str, value: String },

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

    #[error("the index at {} was written by an incompatible version of readouts", .0.display())]
    Incompatible(PathBuf),

    #[error("index at {}: {source}", path.display())]
    Index {
        path: PathBuf,
        source: tantivy::TantivyError,
    },
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
                | Error::NotUtf8(_)
                | Error::UnreadDate { .. }
        )
    }

    /// A failure of tantivy on the index at `path`.
    /// A lock held by another writer is `Locked`, so the user is told what is going on.
    pub fn index(path: &Path, source: tantivy::TantivyError) -> Error {
        match source {
            tantivy::TantivyError::LockFailure(..) => Error::Locked(path.to_path_buf()),
            source => Error::Index {
                path: path.to_path_buf(),
                source,
            },
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
            Error::NoIndex(_) => Some("run 'readouts index <DIR>' first".into()),
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
            Error::Incompatible(_) => {
                Some("run 'readouts index --rebuild <DIR>' to rebuild it".into())
            }
            _ => None,
        }
    }
}
