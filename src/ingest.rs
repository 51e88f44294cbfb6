//! Ingest: find the readout files under the given paths and read each into a `Source`.
//! It reads and decodes; it does not interpret the text (that is extraction's job).

use std::path::{Path, PathBuf};

use xxhash_rust::xxh3::{xxh3_64, xxh3_128};

use crate::error::{Error, Result};

/// File extensions read as readouts.
const EXTENSIONS: &[&str] = &["txt"];

/// One file's text, before extraction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Absolute path of the file: the key that identifies the readout across runs.
    pub path: String,
    pub text: String,
    /// Hash of the file's bytes, in hex.
    pub content_hash: String,
}

impl Source {
    pub fn new(path: String, text: String, bytes: &[u8]) -> Source {
        Source {
            path,
            text,
            content_hash: format!("{:032x}", xxh3_128(bytes)),
        }
    }

    /// The stable id of the readout: a hash of its path.
    pub fn id(&self) -> String {
        format!("{:016x}", xxh3_64(self.path.as_bytes()))
    }
}

/// The readout files under `paths`, recursively, in a stable (sorted) order. Hidden files and
/// folders are skipped; a file named explicitly is always taken. A path that does not exist is
/// an error that names it.
pub fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if !path.exists() {
            return Err(Error::MissingPath(path.clone()));
        }
        if path.is_file() {
            files.push(path.clone());
            continue;
        }
        let walker = ignore::WalkBuilder::new(path)
            .standard_filters(false)
            .hidden(true)
            .follow_links(true)
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            let entry = entry.map_err(|e| Error::Walk {
                path: path.clone(),
                message: e.to_string(),
            })?;
            let is_file = entry.file_type().is_some_and(|t| t.is_file());
            if is_file && has_readout_extension(entry.path()) {
                files.push(entry.into_path());
            }
        }
    }
    Ok(files)
}

fn has_readout_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// Reads one file. Bytes that are not UTF-8 become replacement characters.
pub fn read_source(path: &Path) -> Result<Source> {
    let read_error = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let bytes = std::fs::read(path).map_err(read_error)?;
    let absolute = std::fs::canonicalize(path).map_err(read_error)?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    Ok(Source::new(
        absolute.to_string_lossy().into_owned(),
        text,
        &bytes,
    ))
}
