//! The index on disk: open it, create it, and (re)build it from files. A run ends in one
//! commit, so a crash mid-run leaves the previous commit searchable.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tantivy::{Index, IndexWriter, TantivyDocument, TantivyError};

use crate::error::{Error, Result};
use crate::extract::analyze;
use crate::ingest::{collect_files, read_source};
use crate::schema::{self, Fields};

/// An opened index with its fields looked up.
pub struct ReadoutIndex {
    pub index: Index,
    pub fields: Fields,
    pub dir: PathBuf,
}

/// How the writer runs.
#[derive(Debug, Clone, Copy)]
pub struct IndexOptions {
    /// Threads for reading and extraction, and for tantivy's indexing workers.
    pub threads: usize,
    /// The writer's memory budget, shared by its threads.
    pub heap_bytes: usize,
}

impl IndexOptions {
    /// The default writer memory for `threads` threads.
    pub fn heap_for(threads: usize) -> usize {
        64 * 1024 * 1024 * threads
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
        }
    }
}

/// What a run did.
#[derive(Debug)]
pub struct IndexSummary {
    pub documents: u64,
    pub bytes: u64,
    pub elapsed: Duration,
    /// Files that could not be read; the rest were indexed.
    pub failed: Vec<Error>,
}

/// True when `dir` holds an index.
pub fn exists(dir: &Path) -> bool {
    dir.join("meta.json").is_file()
}

/// Opens the index in `dir`.
pub fn open(dir: &Path) -> Result<ReadoutIndex> {
    if !exists(dir) {
        return Err(Error::NoIndex(dir.to_path_buf()));
    }
    let index = Index::open_in_dir(dir).map_err(|e| index_error(dir, e))?;
    with_fields(index, dir)
}

fn open_or_create(dir: &Path) -> Result<ReadoutIndex> {
    if exists(dir) {
        return open(dir);
    }
    std::fs::create_dir_all(dir).map_err(|source| Error::Read {
        path: dir.to_path_buf(),
        source,
    })?;
    let index = Index::create_in_dir(dir, schema::schema()).map_err(|e| index_error(dir, e))?;
    with_fields(index, dir)
}

fn with_fields(index: Index, dir: &Path) -> Result<ReadoutIndex> {
    schema::register_analyzer(&index);
    let fields = Fields::from_schema(&index.schema()).map_err(|e| index_error(dir, e))?;
    Ok(ReadoutIndex {
        index,
        fields,
        dir: dir.to_path_buf(),
    })
}

fn index_error(dir: &Path, source: TantivyError) -> Error {
    match source {
        TantivyError::LockFailure(..) => Error::Locked(dir.to_path_buf()),
        source => Error::Index {
            path: dir.to_path_buf(),
            source,
        },
    }
}

/// Rebuilds the index in `dir` from the readout files under `paths`, in one commit.
pub fn build(dir: &Path, paths: &[PathBuf], options: IndexOptions) -> Result<IndexSummary> {
    let started = Instant::now();
    let files = collect_files(paths)?;
    let target = open_or_create(dir)?;
    let threads = options.threads.clamp(1, 8);
    let mut writer: IndexWriter<TantivyDocument> = target
        .index
        .writer_with_num_threads(threads, options.heap_bytes.max(threads * 15_000_000))
        .map_err(|e| index_error(dir, e))?;
    writer
        .delete_all_documents()
        .map_err(|e| index_error(dir, e))?;

    let next = AtomicUsize::new(0);
    let totals = Mutex::new((0u64, 0u64, Vec::new()));
    let fields = target.fields;
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| {
                let (mut documents, mut bytes, mut failed) = (0u64, 0u64, Vec::new());
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(file) = files.get(i) else { break };
                    match read_source(file) {
                        Ok(source) => {
                            bytes += source.text.len() as u64;
                            let readout = analyze(&source);
                            match writer.add_document(schema::document(&fields, &readout)) {
                                Ok(_) => documents += 1,
                                Err(e) => failed.push(index_error(dir, e)),
                            }
                        }
                        Err(e) => failed.push(e),
                    }
                }
                let mut totals = totals.lock().unwrap_or_else(|e| e.into_inner());
                totals.0 += documents;
                totals.1 += bytes;
                totals.2.extend(failed);
            });
        }
    });
    writer.commit().map_err(|e| index_error(dir, e))?;
    writer
        .wait_merging_threads()
        .map_err(|e| index_error(dir, e))?;
    let (documents, bytes, failed) = totals.into_inner().unwrap_or_else(|e| e.into_inner());
    Ok(IndexSummary {
        documents,
        bytes,
        elapsed: started.elapsed(),
        failed,
    })
}
