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

use std::collections::HashSet;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, INDEX_WRITER_LOCK, Lock, META_LOCK, MmapDirectory,
    WatchCallback, WatchHandle, WritePtr,
};
use tantivy::schema::Schema;
use tantivy::{Index, IndexReader, TantivyError};

use crate::error::{Error, Result};
use facet_terms::FacetCache;
use schema::{FORMAT, FORMAT_NAME, Fields};

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
    /// Of them, the changed ones hold `bytes` to read: what `read` counts up to.
    fn to_read(&self, _bytes: u64) {}
    /// `bytes` more were read and indexed, within a file or at its end: a big file moves
    /// the bar record by record.
    fn read(&self, _bytes: u64) {}
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
    let mut index = Reading::open(dir)
        .and_then(Index::open)
        .map_err(|e| Error::index(dir, e))?;
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

/// The folder of an index as tantivy reads it, except that a reader that may not write the
/// folder (a read-only mount, another user's index) reads without tantivy's lock on
/// `meta.json`: that lock only keeps a writer's clean-up from deleting files while a reader
/// opens them, and a lock file that cannot be created is no reason to refuse a search.
#[derive(Debug, Clone)]
struct Reading(MmapDirectory);

impl Reading {
    fn open(dir: &Path) -> tantivy::Result<Reading> {
        Ok(Reading(MmapDirectory::open(dir)?))
    }
}

impl Directory for Reading {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.0.get_file_handle(path)
    }
    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.0.delete(path)
    }
    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.0.exists(path)
    }
    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.0.open_write(path)
    }
    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.0.atomic_read(path)
    }
    fn atomic_write(&self, path: &Path, data: &[u8]) -> std::io::Result<()> {
        self.0.atomic_write(path, data)
    }
    fn sync_directory(&self) -> std::io::Result<()> {
        self.0.sync_directory()
    }
    fn watch(&self, callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.0.watch(callback)
    }
    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        match self.0.acquire_lock(lock) {
            Err(LockError::IoError(io))
                if lock.filepath == META_LOCK.filepath
                    && matches!(
                        io.kind(),
                        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem
                    ) =>
            {
                Ok(DirectoryLock::from(Box::new(())))
            }
            locked => locked,
        }
    }
}

/// Opens the index to write, creating it when there is none. With `rebuild`, an index that
/// cannot be opened (of an incompatible version, or damaged) is replaced, in a folder that
/// holds nothing but an index of readouts: its files are deleted under the writer's lock,
/// and nothing else ever is.
pub(super) fn open_for_writing(dir: &Path, rebuild: bool) -> Result<ReadoutIndex> {
    if rebuild && dir.is_dir() {
        // Refused before the lock, so that a folder that is not an index is left untouched.
        own_files(dir)?;
        let lock = Reading::open(dir)
            .map_err(|e| Error::index(dir, e))?
            .acquire_lock(&INDEX_WRITER_LOCK)
            .map_err(|e| Error::index(dir, e.into()))?;
        let own = own_files(dir)?;
        // A sound index is emptied by the run's writer: searches see it until the run commits.
        if let Ok(target) = open(dir) {
            return Ok(target);
        }
        remove_files(dir, &own)?;
        create(dir)?;
        drop(lock);
        return open(dir);
    }
    if !exists(dir) {
        std::fs::create_dir_all(dir).map_err(|source| Error::read(dir, source))?;
        create(dir)?;
    }
    open(dir)
}

fn create(dir: &Path) -> Result<()> {
    Index::builder()
        .schema(schema::schema())
        .settings(schema::settings())
        .create_in_dir(dir)
        .map_err(|e| Error::index(dir, e))?;
    Ok(())
}

/// The files of `dir` that belong to an index of readouts, to delete when it is rebuilt; an
/// error that names the others when there are any. Tantivy's files are those its
/// `.managed.json` lists, its locks, and those named as it names a segment's files (in case
/// that list is lost); `meta.json` is ours when it is a readouts commit, or when it cannot be
/// read at all (a damaged index, whose other files are all tantivy's).
fn own_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let io = |source| Error::read(dir, source);
    let managed: HashSet<String> = std::fs::read(dir.join(".managed.json"))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default();
    let mut own = Vec::new();
    let mut foreign = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_file = entry.file_type().map_err(io)?.is_file();
        let ours = is_file
            && match name.as_str() {
                "meta.json" => readouts_meta(&entry.path()),
                ".managed.json" | ".tantivy-writer.lock" | ".tantivy-meta.lock" => true,
                name => managed.contains(name) || is_segment_file(name),
            };
        if ours {
            own.push(entry.path());
        } else if name == "meta.json" {
            foreign.push("meta.json (of another index)".to_string());
        } else {
            foreign.push(name);
        }
    }
    if !foreign.is_empty() {
        foreign.sort();
        return Err(Error::Foreign {
            dir: dir.to_path_buf(),
            names: foreign,
        });
    }
    Ok(own)
}

/// True unless `meta` is the commit of another program: one whose payload names no version
/// of readouts, or, before any commit, whose schema is not ours.
fn readouts_meta(meta: &Path) -> bool {
    let Some(meta) = std::fs::read(meta)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
    else {
        return true;
    };
    match meta.get("payload").and_then(|p| p.as_str()) {
        Some(payload) => payload.starts_with(FORMAT_NAME),
        None => {
            let empty = meta
                .get("segments")
                .and_then(|s| s.as_array())
                .is_some_and(|s| s.is_empty());
            let schema = meta
                .get("schema")
                .and_then(|s| serde_json::from_value::<Schema>(s.clone()).ok());
            empty && schema == Some(schema::schema())
        }
    }
}

/// True for a name tantivy gives a segment's file: 32 hex digits, then `.idx`, `.pos`,
/// `.term`, `.store`, `.store.temp`, `.fast`, `.fieldnorm` or `.<opstamp>.del`.
fn is_segment_file(name: &str) -> bool {
    let Some((id, extension)) = name.split_once('.') else {
        return false;
    };
    let known = [
        "idx",
        "pos",
        "term",
        "store",
        "store.temp",
        "fast",
        "fieldnorm",
    ];
    id.len() == 32
        && id.bytes().all(|b| b.is_ascii_hexdigit())
        && (known.contains(&extension)
            || extension.strip_suffix(".del").is_some_and(|stamp| {
                !stamp.is_empty() && stamp.bytes().all(|b| b.is_ascii_digit())
            }))
}

/// Deletes the index's own files but its locks (the writer's is held): `meta.json` first, so
/// that a run stopped midway leaves no index that names missing files.
fn remove_files(dir: &Path, own: &[PathBuf]) -> Result<()> {
    let (meta, others): (Vec<&PathBuf>, Vec<&PathBuf>) =
        own.iter().partition(|p| p.ends_with("meta.json"));
    for path in meta.into_iter().chain(others) {
        if path.extension().is_some_and(|e| e == "lock") {
            continue;
        }
        match std::fs::remove_file(path) {
            Err(e) if e.kind() != ErrorKind::NotFound => return Err(Error::read(dir, e)),
            _ => {}
        }
    }
    Ok(())
}

/// What is wrong with the files of the index in `dir`, if anything: a `meta.json` or
/// `.managed.json` that does not parse, a segment's file missing or failing its checksum. A
/// failure or a panic of tantivy on an index is asked about here, so that the user is told
/// the index is damaged rather than shown tantivy's message or a crash.
pub fn damage(dir: &Path) -> Option<Error> {
    if !exists(dir) {
        return None;
    }
    let detail = std::panic::catch_unwind(|| damaged_files(dir))
        .unwrap_or_else(|_| Some("its files cannot be read".to_string()))?;
    Some(Error::Damaged {
        dir: dir.to_path_buf(),
        detail,
    })
}

fn damaged_files(dir: &Path) -> Option<String> {
    for name in ["meta.json", ".managed.json"] {
        match std::fs::read(dir.join(name)) {
            Ok(bytes) if serde_json::from_slice::<serde_json::Value>(&bytes).is_err() => {
                return Some(format!("{name} cannot be read"));
            }
            _ => {}
        }
    }
    let index = Reading::open(dir).and_then(Index::open).ok()?;
    match index.validate_checksum() {
        Ok(damaged) => {
            let mut names: Vec<String> = damaged
                .iter()
                .map(|p| p.to_string_lossy().into_owned())
                .collect();
            names.sort();
            (!names.is_empty()).then(|| format!("{} fails its checksum", names.join(", ")))
        }
        Err(TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(path))) => {
            let name = path.file_name().unwrap_or(path.as_os_str());
            Some(format!("{} is missing", name.to_string_lossy()))
        }
        Err(error) => Some(error.to_string()),
    }
}

/// Makes `meta.json` and `.managed.json` as readable as the folder that holds them: tantivy
/// writes both through a temporary file, which is readable by its owner only, so another user
/// who may read the folder could not read the index.
pub(super) fn share_like_folder(dir: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let Ok(folder) = std::fs::metadata(dir) else {
            return;
        };
        let readable = folder.permissions().mode() & 0o044;
        for name in ["meta.json", ".managed.json"] {
            let path = dir.join(name);
            if let Ok(file) = std::fs::metadata(&path) {
                let mode = file.permissions().mode();
                if mode & readable != readable {
                    // At worst the files stay as tantivy left them.
                    let _ = std::fs::set_permissions(
                        &path,
                        std::fs::Permissions::from_mode(mode | readable),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_files_are_known_by_the_names_tantivy_gives_them() {
        let id = "e8312733770f4698b00e54115d15bc31";
        for extension in [
            "idx",
            "pos",
            "term",
            "store",
            "store.temp",
            "fast",
            "fieldnorm",
            "12.del",
        ] {
            assert!(is_segment_file(&format!("{id}.{extension}")), "{extension}");
        }
        for name in [
            "thesis.idx",
            "data.store",
            "notes.txt",
            &format!("{id}.txt"),
            &format!("{id}.del"),
        ] {
            assert!(!is_segment_file(name), "{name}");
        }
        assert!(FORMAT.starts_with(FORMAT_NAME));
    }
}
