//! Shared by the benches: generated corpora and indexes, made once under `target/bench-data/`
//! and reused by later runs.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use readouts::corpus::{Vocabulary, readout, sample_text};
use readouts::index::{self, IndexOptions, Silent};
use readouts::ingest::collect_files;
use tantivy::schema::{IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions};
use tantivy::{Index, IndexWriter, TantivyDocument};

/// Corpus sizes to bench: `READOUTS_BENCH_SIZES=10000,100000` (default 10,000).
pub(crate) fn sizes() -> Vec<u64> {
    std::env::var("READOUTS_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000])
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data")
}

/// A folder of `count` generated readouts (seed 1), 1,000 to a subfolder. One made by an older
/// generator (its first readout tells) is made again, and its index dropped.
pub(crate) fn corpus(count: u64) -> PathBuf {
    let dir = data_dir().join(format!("corpus-{count}"));
    let done = dir.join(".complete");
    let vocabulary = Vocabulary::from_text(&sample_text(Path::new(env!("CARGO_MANIFEST_DIR"))));
    let file = |n: u64| dir.join(format!("{:04}/{n:07}.txt", n / 1000));
    let first = std::fs::read_to_string(file(0)).unwrap_or_default();
    if done.exists() && first == readout(&vocabulary, 1, 0).text {
        return dir;
    }
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(data_dir().join(format!("index-{count}")));
    for n in 0..count {
        if n % 1000 == 0 {
            std::fs::create_dir_all(dir.join(format!("{:04}", n / 1000)))
                .expect("bench corpus folder");
        }
        std::fs::write(file(n), readout(&vocabulary, 1, n).text).expect("bench corpus file");
    }
    std::fs::write(done, "").expect("bench corpus marker");
    dir
}

/// A readouts index of `corpus(count)`, built again when an older version of readouts wrote it
/// or the corpus was made again.
pub(crate) fn index(count: u64) -> PathBuf {
    let corpus = corpus(count);
    let dir = data_dir().join(format!("index-{count}"));
    if index::open(&dir).is_err() {
        let options = IndexOptions {
            rebuild: true,
            ..IndexOptions::default()
        };
        index::build(&dir, &[corpus], options, &Silent).expect("bench index");
    }
    dir
}

/// Bytes of the files under `dir`.
pub(crate) fn bytes(dir: &Path) -> u64 {
    walk(dir)
        .iter()
        .map(|f| f.metadata().map_or(0, |m| m.len()))
        .sum()
}

/// The readout files under `dir`, sorted.
pub(crate) fn walk(dir: &Path) -> Vec<PathBuf> {
    collect_files(&[dir.to_path_buf()], None)
        .expect("bench corpus")
        .files
}

/// Plain tantivy: title and body, `en_stem`, positions, stored.
pub(crate) fn plain_tantivy(dir: &Path, corpus: &Path, options: IndexOptions) {
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("en_stem")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    ) | STORED;
    let mut builder = Schema::builder();
    let title = builder.add_text_field("title", text.clone());
    let body = builder.add_text_field("body", text);
    let index = Index::create_in_dir(dir, builder.build()).expect("plain index");
    let mut writer: IndexWriter<TantivyDocument> = index
        .writer_with_num_threads(options.threads, options.heap_bytes)
        .expect("plain writer");
    for file in walk(corpus) {
        let content = std::fs::read_to_string(&file).expect("corpus file");
        let (first, rest) = content.split_once('\n').unwrap_or((&content, ""));
        let mut doc = TantivyDocument::new();
        doc.add_text(title, first);
        doc.add_text(body, rest);
        writer.add_document(doc).expect("plain add");
    }
    writer.commit().expect("plain commit");
    writer.wait_merging_threads().expect("plain merge");
}
