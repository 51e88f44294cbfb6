//! Bringing the index up to date with files: each file checked against the index on every
//! thread, then read and extracted on half of them, feeding tantivy's writer, and one commit
//! at the end, so a crash mid-run leaves the previous commit searchable.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tantivy::{IndexReader, IndexWriter, ReloadPolicy, TantivyDocument};

use super::schema::{self, FORMAT, Fields};
use super::stale::Stale;
use super::{
    IndexOptions, IndexSummary, Progress, ReadoutIndex, open_for_writing, share_like_folder,
};
#[cfg(test)]
use super::{Silent, open};
use crate::error::{Error, Result};
use crate::extract::analyze;
use crate::ingest::{Resolver, Stamp, Walk, collect_files, read_file_at};
use crate::readout::Source;

/// What the index holds of one file.
#[derive(Debug, Clone)]
struct Known {
    /// `schema::hash_key` of the file's content hash.
    hash: u64,
    stamp: Stamp,
    readouts: u64,
}

/// Every indexed file with its hash and stamp, read from the fast fields (no stored document
/// is loaded).
fn known_files(target: &ReadoutIndex) -> Result<HashMap<String, Known>> {
    let error = |e| Error::index(&target.dir, e);
    let io = |e: std::io::Error| Error::index(&target.dir, e.into());
    let searcher = target.index.reader().map_err(error)?.searcher();
    let mut known: HashMap<String, Known> = HashMap::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let Some(paths) = fast.str("path").map_err(error)? else {
            continue;
        };
        let hashes = fast.u64("content_hash").map_err(error)?;
        let sizes = fast.u64("file_size").map_err(error)?;
        let modified = fast.u64("file_modified").map_err(error)?;
        let mut path_terms = Vec::with_capacity(paths.num_terms());
        let mut stream = paths.dictionary().stream().map_err(io)?;
        while stream.advance() {
            path_terms.push(String::from_utf8_lossy(stream.key()).into_owned());
        }
        for doc in segment.doc_ids_alive() {
            let (Some(p), Some(hash)) = (paths.term_ords(doc).next(), hashes.first(doc)) else {
                continue;
            };
            let Some(path) = path_terms.get(p as usize) else {
                continue;
            };
            let stamp = Stamp {
                size: sizes.first(doc).unwrap_or(0),
                modified: modified.first(doc).unwrap_or(0),
            };
            known
                .entry(path.clone())
                .and_modify(|k| k.readouts += 1)
                .or_insert_with(|| Known {
                    hash,
                    stamp,
                    readouts: 1,
                });
        }
    }
    Ok(known)
}

/// Brings the index in `dir` up to date with the readout files under `paths`, in one commit.
pub fn build(
    dir: &Path,
    paths: &[PathBuf],
    options: IndexOptions,
    progress: &dyn Progress,
) -> Result<IndexSummary> {
    let started = Instant::now();
    let mut walk = collect_files(paths, Some(dir))?;
    let clashes = same_names(&mut walk.files);
    walk.problems.extend(clashes);
    let target = open_for_writing(dir, options.rebuild)?;
    let threads = options.threads.clamp(1, 8);
    let mut writer: IndexWriter<TantivyDocument> = target
        .index
        .writer_with_num_threads(threads, options.heap_bytes.max(threads * 15_000_000))
        .map_err(|e| Error::index(dir, e))?;
    let outcome = match update(&target, &mut writer, walk, options, progress) {
        Ok((mut summary, given)) => writer
            .wait_merging_threads()
            .map_err(|e| Error::index(dir, e))
            .and_then(|()| {
                summary.problems.extend(shared_ids(&target, &given)?);
                Ok(summary)
            }),
        Err(error) => {
            // The segments written before the failure (a full disk, say) are in no commit:
            // back to the last commit, and tantivy deletes the files that it does not name.
            if writer.rollback().is_ok() {
                let _ = writer.garbage_collect_files().wait();
            }
            Err(error)
        }
    };
    share_like_folder(dir);
    outcome.map(|summary| IndexSummary {
        elapsed: started.elapsed(),
        ..summary
    })
}

/// The run's work from opening the writer to its commit; with the ids that the files read
/// give their readouts.
fn update(
    target: &ReadoutIndex,
    writer: &mut IndexWriter<TantivyDocument>,
    walk: Walk,
    options: IndexOptions,
    progress: &dyn Progress,
) -> Result<(IndexSummary, Vec<GivenId>)> {
    let dir = target.dir.as_path();
    let threads = options.threads.clamp(1, 8);
    let known = if options.rebuild {
        writer
            .delete_all_documents()
            .map_err(|e| Error::index(dir, e))?;
        HashMap::new()
    } else {
        known_files(target)?
    };

    progress.start(walk.files.len() as u64);
    let fields = target.fields;
    // Every thread checks files against the index, so an incremental run stats as many at once
    // as the machine can; then half of them, rounded up, read, extract and index the files
    // that changed, beside tantivy's indexing threads. Extraction is about two fifths of the
    // work, and a thread that does more of it keeps its caches warm: on 2 cores, indexing
    // 100k took 7.38 s this way and 7.60 s with both threads extracting.
    let checked = in_parallel(
        &walk.files,
        threads,
        |i, file, (resolver, tally, changed): &mut (Resolver, Tally, Vec<_>)| match check_file(
            file, resolver, &known,
        ) {
            Ok(Check::Changed(path, stamp)) => changed.push((i, file, path, stamp)),
            Ok(Check::Unchanged(update)) => tally.add(Ok(update), progress),
            Err(error) => tally.add(Err(error), progress),
        },
    );
    let mut tally = Tally {
        problems: walk.problems,
        ..Tally::default()
    };
    let mut changed = Vec::new();
    for (_, checker, files) in checked {
        tally.merge(checker);
        changed.extend(files);
    }
    changed.sort_unstable_by_key(|(i, ..)| *i);
    // A file named twice (`docs` and `docs/a.txt`) is indexed once, where first named.
    let mut named = HashSet::with_capacity(changed.len());
    changed.retain(|(_, _, path, _)| {
        let first = named.insert(path.clone());
        if !first {
            progress.advance(0);
        }
        first
    });
    drop(named);
    let adding: &IndexWriter<TantivyDocument> = writer;
    progress.to_read(changed.iter().map(|(_, _, _, stamp)| stamp.size).sum());
    let updated = in_parallel(
        &changed,
        threads.div_ceil(2),
        |_, (_, file, path, stamp), tally: &mut Tally| {
            // The bar moves record by record, and to the file's whole size at its end.
            let mut told = 0;
            let mut read_bytes = |bytes| {
                told += bytes;
                progress.read(bytes);
            };
            let outcome = update_file(
                file,
                path,
                *stamp,
                &known,
                adding,
                &fields,
                options,
                &mut read_bytes,
            );
            progress.read(stamp.size.saturating_sub(told));
            tally.add(outcome, progress);
        },
    );
    updated.into_iter().for_each(|updater| tally.merge(updater));

    let Tally {
        indexed,
        unchanged,
        mut removed,
        bytes,
        problems,
        seen,
        mut stale,
        given,
    } = tally;
    if options.prune {
        let seen: HashSet<&str> = seen.iter().map(String::as_str).collect();
        for (path, k) in &known {
            if !seen.contains(path.as_str()) && !Path::new(path).exists() {
                stale.push((schema::path_key(path), k.hash));
                removed += k.readouts;
            }
        }
    }
    if !stale.is_empty() {
        writer
            .delete_query(Box::new(Stale::new(stale)))
            .map_err(|e| Error::index(dir, e))?;
    }
    progress.finish();
    let fresh = target
        .index
        .load_metas()
        .map_err(|e| Error::index(dir, e))?
        .payload
        .is_none();
    if indexed > 0 || removed > 0 || options.rebuild || fresh {
        let mut commit = writer.prepare_commit().map_err(|e| Error::index(dir, e))?;
        commit.set_payload(FORMAT);
        commit.commit().map_err(|e| Error::index(dir, e))?;
    }
    let summary = IndexSummary {
        indexed,
        unchanged,
        removed,
        bytes,
        elapsed: Duration::ZERO,
        problems,
        files: walk.files.len() as u64,
        skipped: walk.skipped,
    };
    Ok((summary, given))
}

/// Takes out of `files` the files whose names are not UTF-8 and, those bytes replaced, are the
/// name of another: the index knows a file by its name as text, and would hold one of them
/// under the other's name. Both are named in an error instead.
fn same_names(files: &mut Vec<PathBuf>) -> Vec<Error> {
    // Each real file under its name as text, with the name it was given by.
    let mut by_name: HashMap<String, Vec<(PathBuf, &PathBuf)>> = HashMap::new();
    for file in files.iter().filter(|f| f.to_str().is_none()) {
        if let Ok(real) = std::fs::canonicalize(file) {
            let group = by_name
                .entry(real.to_string_lossy().into_owned())
                .or_default();
            if group.iter().all(|(r, _)| *r != real) {
                group.push((real, file));
            }
        }
    }
    let mut clashes = Vec::new();
    let mut out = HashSet::new();
    for mut group in by_name.into_values().filter(|g| g.len() > 1) {
        group.sort();
        for pair in group.windows(2) {
            clashes.push(Error::SameName {
                first: pair[0].1.clone(),
                second: pair[1].1.clone(),
            });
        }
        out.extend(group.into_iter().map(|(real, _)| real));
    }
    if !out.is_empty() {
        files.retain(|f| std::fs::canonicalize(f).map_or(true, |real| !out.contains(&real)));
    }
    clashes
}

/// An id a file gives to one of its readouts.
struct GivenId {
    id: String,
    /// The file as named, and as the index holds it.
    file: PathBuf,
    path: String,
}

/// Warnings for the ids that this run's files give and that readouts of other files hold
/// too, in this run or before: `show` would find only one of them. Ids are rarely given
/// (generated ones hash the path), so each is looked up in the column of ids.
fn shared_ids(target: &ReadoutIndex, given: &[GivenId]) -> Result<Vec<Error>> {
    if given.is_empty() {
        return Ok(Vec::new());
    }
    let error = |e| Error::index(&target.dir, e);
    let io = |e: std::io::Error| Error::index(&target.dir, e.into());
    let reader: IndexReader = target
        .index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .map_err(error)?;
    let searcher = reader.searcher();
    let mut holders: BTreeMap<&str, BTreeSet<String>> = given
        .iter()
        .map(|g| (g.id.as_str(), BTreeSet::new()))
        .collect();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let (Some(ids), Some(paths)) = (
            fast.str("id").map_err(error)?,
            fast.str("path").map_err(error)?,
        ) else {
            continue;
        };
        for (id, held) in holders.iter_mut() {
            let Some(ord) = ids.dictionary().term_ord(id.as_bytes()).map_err(io)? else {
                continue;
            };
            let mut docs = Vec::new();
            ids.ords()
                .get_docids_for_value_range(ord..=ord, 0..segment.max_doc(), &mut docs);
            for doc in docs {
                let alive = segment.alive_bitset().is_none_or(|a| a.is_alive(doc));
                if let Some(p) = paths.term_ords(doc).next().filter(|_| alive) {
                    let mut path = String::new();
                    paths.ord_to_str(p, &mut path).map_err(io)?;
                    held.insert(path);
                }
            }
        }
    }
    let named: HashMap<&str, &Path> = given
        .iter()
        .map(|g| (g.path.as_str(), g.file.as_path()))
        .collect();
    Ok(holders
        .into_iter()
        .filter(|(_, held)| held.len() > 1)
        .map(|(id, held)| Error::SharedId {
            id: id.to_string(),
            places: held
                .iter()
                .map(|path| {
                    named
                        .get(path.as_str())
                        .map_or(path.clone(), |f| f.display().to_string())
                })
                .collect(),
        })
        .collect())
}

/// What happened to one file.
#[derive(Default)]
struct FileUpdate {
    path: String,
    indexed: u64,
    unchanged: u64,
    /// Readouts taken out because the file holds none now.
    removed: u64,
    bytes: u64,
    problems: Vec<Error>,
    /// The content hash (`schema::hash_key`) of the file's readouts that this run replaces.
    stale: Option<u64>,
    /// The ids that the file gives its readouts.
    given: Vec<GivenId>,
}

/// Calls `work` on each of `items` and its place, from `threads` threads that take the next
/// item in turn, each with a state of its own; the states, once every item is done.
fn in_parallel<'a, T: Sync, S: Default + Send>(
    items: &'a [T],
    threads: usize,
    work: impl Fn(usize, &'a T, &mut S) + Sync,
) -> Vec<S> {
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.min(items.len()))
            .map(|_| {
                scope.spawn(|| {
                    let mut state = S::default();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        work(i, item, &mut state);
                    }
                    state
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p))
            })
            .collect()
    })
}

/// What a run's threads did, each counting its own files.
#[derive(Default)]
struct Tally {
    indexed: u64,
    unchanged: u64,
    removed: u64,
    bytes: u64,
    problems: Vec<Error>,
    /// The paths read or checked, whose readouts `--prune` keeps.
    seen: Vec<String>,
    /// The files whose readouts were indexed anew, by `schema::path_key` and the hash they had.
    stale: Vec<(u64, u64)>,
    given: Vec<GivenId>,
}

impl Tally {
    fn add(&mut self, outcome: Result<FileUpdate>, progress: &dyn Progress) {
        match outcome {
            Ok(update) => {
                self.indexed += update.indexed;
                self.unchanged += update.unchanged;
                self.removed += update.removed;
                self.bytes += update.bytes;
                progress.advance(update.bytes);
                self.problems.extend(update.problems);
                self.given.extend(update.given);
                if let Some(hash) = update.stale {
                    self.stale.push((schema::path_key(&update.path), hash));
                }
                self.seen.push(update.path);
            }
            Err(error) => {
                progress.advance(0);
                self.problems.push(error);
            }
        }
    }

    fn merge(&mut self, other: Tally) {
        self.indexed += other.indexed;
        self.unchanged += other.unchanged;
        self.removed += other.removed;
        self.bytes += other.bytes;
        self.problems.extend(other.problems);
        self.seen.extend(other.seen);
        self.stale.extend(other.stale);
        self.given.extend(other.given);
    }
}

/// A file as the index holds it, or its resolved path and stamp to read it by.
enum Check {
    Unchanged(FileUpdate),
    Changed(String, Stamp),
}

/// Whether the index holds the file as it is, by its path, size and modification time.
fn check_file(
    file: &Path,
    resolver: &mut Resolver,
    known: &HashMap<String, Known>,
) -> Result<Check> {
    let (path, stamp) = resolver.resolve(file)?;
    match known.get(&path) {
        Some(k) if k.stamp == stamp => Ok(Check::Unchanged(FileUpdate {
            path,
            unchanged: k.readouts,
            ..FileUpdate::default()
        })),
        _ => Ok(Check::Changed(path, stamp)),
    }
}

/// Reads a changed file; skips it when its content is what the index holds, otherwise
/// (re)indexes its readouts, telling `read_bytes` the bytes of each readout indexed. A file
/// that holds no readouts now (empty, binary, too large, or none of its records read) has
/// those indexed before taken out, and says so.
#[allow(clippy::too_many_arguments)]
fn update_file(
    file: &Path,
    path: &str,
    stamp: Stamp,
    known: &HashMap<String, Known>,
    writer: &IndexWriter<TantivyDocument>,
    fields: &Fields,
    options: IndexOptions,
    read_bytes: &mut dyn FnMut(u64),
) -> Result<FileUpdate> {
    let before = known.get(path);
    let withdrawn = |k: &Known| Error::Withdrawn {
        path: file.to_path_buf(),
        readouts: k.readouts,
    };
    let read = match read_file_at(file, path, stamp.size, options.max_file_bytes) {
        Ok(read) => read,
        Err(skipped @ (Error::Empty(_) | Error::Binary(_) | Error::TooLarge { .. })) => {
            let Some(k) = before else {
                return Err(skipped);
            };
            return Ok(FileUpdate {
                path: path.to_string(),
                removed: k.readouts,
                problems: vec![skipped, withdrawn(k)],
                stale: Some(k.hash),
                ..FileUpdate::default()
            });
        }
        Err(error) => return Err(error),
    };
    let mut update = FileUpdate {
        path: path.to_string(),
        bytes: stamp.size,
        problems: read.problems,
        ..FileUpdate::default()
    };
    if let Some(k) = before
        && k.hash == schema::hash_key(&read.content_hash)
    {
        update.unchanged = k.readouts;
        return Ok(update);
    }
    // The readouts indexed before go at the commit (`Stale`); the new ones have another hash.
    update.stale = before.map(|k| k.hash);
    if let Some(k) = before
        && read.sources.is_empty()
    {
        update.removed = k.readouts;
        update.problems.push(withdrawn(k));
    }
    // A file with records that failed is indexed under a stamp that no file has, so that
    // every run reads it again and names what failed until the file changes, where a stamp of
    // its own would have it taken as unchanged.
    let stamp = if update.problems.iter().any(Error::is_failure) {
        Stamp {
            modified: u64::MAX,
            ..stamp
        }
    } else {
        stamp
    };
    let mut places: HashMap<&str, &Source> = HashMap::new();
    for source in &read.sources {
        if let Some(id) = &source.given.id {
            if let Some(first) = places.insert(id, source) {
                update.problems.push(Error::SharedId {
                    id: id.clone(),
                    places: [first, source].map(|s| place(file, s)).into(),
                });
            }
            update.given.push(GivenId {
                id: id.clone(),
                file: file.to_path_buf(),
                path: path.to_string(),
            });
        }
        let readout = analyze(source);
        let added = schema::document(fields, &readout, stamp)
            .and_then(|document| writer.add_document(document));
        if let Err(e) = added {
            update.problems.push(Error::index(file, e));
            break;
        }
        update.indexed += 1;
        read_bytes(source.text.len() as u64);
    }
    Ok(update)
}

/// Where in `file` a readout is: "docs/feed.jsonl (line 3)".
fn place(file: &Path, source: &Source) -> String {
    match &source.locator {
        Some(locator) => format!("{} ({locator})", file.display()),
        None => file.display().to_string(),
    }
}

/// A generated index in two segments, for tests of what reads across segments: two runs of
/// 150 readouts (seed `seed`, each text passed through `edit`), the second run deleting every
/// `step`th readout of the first. The folder goes with the `TempDir`.
#[cfg(test)]
pub(crate) fn two_segments(
    seed: u64,
    step: usize,
    edit: impl Fn(u64, String) -> String,
) -> (tempfile::TempDir, ReadoutIndex) {
    use crate::corpus::{Vocabulary, readout, sample_text};

    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let vocabulary = Vocabulary::from_text(&sample_text(root));
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    let index_dir = dir.path().join("index");
    let options = IndexOptions {
        threads: 1,
        prune: true,
        ..IndexOptions::default()
    };
    for (run, files) in [(0, 0..150), (1, 150..300)] {
        for n in files {
            let text = edit(n, readout(&vocabulary, seed, n).text);
            std::fs::write(corpus.join(format!("{n:03}.txt")), text).unwrap();
        }
        if run == 1 {
            for n in (0..150).step_by(step) {
                std::fs::remove_file(corpus.join(format!("{n:03}.txt"))).unwrap();
            }
        }
        build(&index_dir, std::slice::from_ref(&corpus), options, &Silent).unwrap();
    }
    let target = open(&index_dir).unwrap();
    (dir, target)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicU64;

    /// Counts what a run reports.
    #[derive(Default)]
    struct Counted {
        files: AtomicU64,
        advanced: AtomicU64,
        to_read: AtomicU64,
        reads: std::sync::Mutex<Vec<u64>>,
    }

    impl Progress for Counted {
        fn start(&self, files: u64) {
            self.files.store(files, Ordering::Relaxed);
        }
        fn advance(&self, _bytes: u64) {
            self.advanced.fetch_add(1, Ordering::Relaxed);
        }
        fn to_read(&self, bytes: u64) {
            self.to_read.store(bytes, Ordering::Relaxed);
        }
        fn read(&self, bytes: u64) {
            self.reads.lock().unwrap().push(bytes);
        }
    }

    #[test]
    fn one_big_file_moves_the_progress_record_by_record_up_to_its_size() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("feed.jsonl");
        let lines: Vec<String> = (0..20)
            .map(|n| {
                format!(
                    "{{\"id\": \"r{n}\", \"body\": \"Azerbaijan and Malaysia met, round {n}.\"}}"
                )
            })
            .collect();
        std::fs::write(&file, lines.join("\n")).unwrap();
        let progress = Counted::default();
        let summary = build(
            &dir.path().join("index"),
            std::slice::from_ref(&file),
            IndexOptions::default(),
            &progress,
        )
        .unwrap();
        assert_eq!(summary.indexed, 20);
        let size = std::fs::metadata(&file).unwrap().len();
        assert_eq!(progress.to_read.load(Ordering::Relaxed), size);
        let reads = progress.reads.lock().unwrap();
        assert!(reads.len() >= 20, "{} steps for 20 records", reads.len());
        assert_eq!(reads.iter().sum::<u64>(), size);
    }

    #[test]
    fn progress_counts_every_file_named_even_twice() {
        let dir = tempfile::tempdir().unwrap();
        let docs = dir.path().join("docs");
        std::fs::create_dir(&docs).unwrap();
        std::fs::write(docs.join("a.txt"), "Azerbaijan and Malaysia met.").unwrap();
        std::fs::write(docs.join("b.txt"), "Bahrain and Kazakhstan met.").unwrap();
        let paths = [docs.clone(), docs.join("b.txt")];
        let progress = Counted::default();
        let summary = build(
            &dir.path().join("index"),
            &paths,
            IndexOptions::default(),
            &progress,
        )
        .unwrap();
        assert_eq!(summary.indexed, 2);
        assert_eq!(progress.files.load(Ordering::Relaxed), 3);
        assert_eq!(progress.advanced.load(Ordering::Relaxed), 3);
    }
}
