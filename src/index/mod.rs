//! The index on disk: its schema, the stored readouts, opening and creating it, building it
//! from files, the readouts a run takes out, and what readers keep of each segment while it is
//! open (facet terms, bitsets). Incremental by default: the index itself records each file's
//! path, stamp and content hash. It knows nothing of queries: searching is `search`'s job.

pub(crate) mod bits;
mod build;
pub(crate) mod facet_terms;
pub mod schema;
mod stale;
pub mod stored;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use tantivy::{Index, IndexReader};

use crate::error::{Error, Result};
use facet_terms::FacetCache;
use schema::{FORMAT, Fields};

pub use build::build;
#[cfg(test)]
pub(crate) use build::two_segments;

/// An opened index with its fields looked up.
pub struct ReadoutIndex {
    pub index: Index,
    pub fields: Fields,
    pub dir: PathBuf,
    /// Opened on the first search and kept: opening every segment costs more than most
    /// searches.
    pub(crate) reader: OnceLock<IndexReader>,
    /// The facet terms that counts have read, segment by segment.
    pub(crate) facet_cache: FacetCache,
}

/// How a run reads files and writes the index.
#[derive(Debug, Clone, Copy)]
pub struct IndexOptions {
    /// Threads for checking files and tantivy's indexing workers; half of them, rounded up,
    /// read and extract the files that changed.
    pub threads: usize,
    /// The writer's memory budget, shared by its threads.
    pub heap_bytes: usize,
    /// Readouts larger than this are skipped: a file of one, or a record of a file of many.
    pub max_file_bytes: u64,
    /// Start over: drop every document first.
    pub rebuild: bool,
    /// Remove the documents of files that no longer exist.
    pub prune: bool,
}

impl IndexOptions {
    /// The default writer memory for `threads` threads: 512 MB in all, and at least 64 MB a
    /// thread. Each thread fills a segment in its share before writing it, and every search
    /// pays for every segment: on two cores, 100,000 readouts make two segments instead of
    /// six, and a search process takes a fifth less time.
    pub fn heap_for(threads: usize) -> usize {
        const MB: usize = 1024 * 1024;
        (512 * MB).max(64 * MB * threads)
    }
}

impl Default for IndexOptions {
    fn default() -> Self {
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(8);
        IndexOptions {
            threads,
            heap_bytes: IndexOptions::heap_for(threads),
            max_file_bytes: 16 * 1024 * 1024,
            rebuild: false,
            prune: false,
        }
    }
}

/// What a run did.
#[derive(Debug, Default)]
pub struct IndexSummary {
    /// Readouts added or replaced.
    pub indexed: u64,
    /// Readouts whose files had not changed.
    pub unchanged: u64,
    /// Readouts removed because their files are gone (with `prune`).
    pub removed: u64,
    /// Bytes of the files read.
    pub bytes: u64,
    pub elapsed: Duration,
    /// Files and records that were skipped or failed; the rest were indexed.
    pub problems: Vec<Error>,
    /// How many files in a supported format the run found.
    pub files: u64,
    /// The files a folder walk passed over as in no supported format.
    pub skipped: Vec<PathBuf>,
}

impl IndexSummary {
    /// How many problems lost data.
    pub fn failed(&self) -> usize {
        self.problems.iter().filter(|p| p.is_failure()).count()
    }
}

/// Hears how a run advances; the binary draws a progress bar with it.
pub trait Progress: Sync {
    /// The run will look at `files` files.
    fn start(&self, _files: u64) {}
    /// One more file was looked at, `bytes` of it read.
    fn advance(&self, _bytes: u64) {}
    /// The run is committing.
    fn finish(&self) {}
}

/// A run nobody watches.
pub struct Silent;

impl Progress for Silent {}

/// True when `dir` holds an index.
pub fn exists(dir: &Path) -> bool {
    dir.join("meta.json").is_file()
}

/// Opens the index in `dir`, refusing one written by an incompatible version.
pub fn open(dir: &Path) -> Result<ReadoutIndex> {
    if !exists(dir) {
        return Err(Error::NoIndex(dir.to_path_buf()));
    }
    let mut index = Index::open_in_dir(dir).map_err(|e| Error::index(dir, e))?;
    // Searches and counts visit the segments on every core.
    index
        .set_default_multithread_executor()
        .map_err(|e| Error::index(dir, e))?;
    let metas = index.load_metas().map_err(|e| Error::index(dir, e))?;
    let committed = !metas.segments.is_empty() || metas.payload.is_some();
    if committed && metas.payload.as_deref() != Some(FORMAT) {
        return Err(Error::Incompatible(dir.to_path_buf()));
    }
    schema::register_analyzer(&index);
    let fields =
        Fields::from_schema(&index.schema()).map_err(|_| Error::Incompatible(dir.to_path_buf()))?;
    Ok(ReadoutIndex {
        index,
        fields,
        dir: dir.to_path_buf(),
        reader: OnceLock::new(),
        facet_cache: FacetCache::default(),
    })
}

/// Opens the index to write, creating it when there is none. With `rebuild`, an index of an
/// incompatible version is replaced.
pub(super) fn open_for_writing(dir: &Path, rebuild: bool) -> Result<ReadoutIndex> {
    if exists(dir) {
        match open(dir) {
            Err(Error::Incompatible(_)) if rebuild => remove_index_files(dir)?,
            opened => return opened,
        }
    }
    std::fs::create_dir_all(dir).map_err(|source| Error::read(dir, source))?;
    Index::builder()
        .schema(schema::schema())
        .settings(schema::settings())
        .create_in_dir(dir)
        .map_err(|e| Error::index(dir, e))?;
    open(dir)
}

/// Deletes the files tantivy keeps in `dir`, and nothing else.
fn remove_index_files(dir: &Path) -> Result<()> {
    let io = |source| Error::read(dir, source);
    const EXTENSIONS: &[&str] = &["idx", "pos", "term", "store", "fast", "fieldnorm", "del"];
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if name == "meta.json" || name == ".managed.json" || EXTENSIONS.contains(&extension) {
            std::fs::remove_file(&path).map_err(io)?;
        }
    }
    Ok(())
}
