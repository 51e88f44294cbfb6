//! Indexing end to end (read → extract → index → commit) against plain tantivy on the same
//! files in the same run: same tantivy, same text fields with positions and stored text, the
//! built-in `en_stem` tokenizer, no extraction, no facets, same writer threads and memory.
//!
//! `READOUTS_BENCH_SIZES=10000,100000 cargo bench --bench index`

#[path = "common/mod.rs"]
mod corpus;

use std::path::Path;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use readouts::index::{self, IndexOptions, Silent};
use tantivy::schema::{STORED, Schema, TextFieldIndexing, TextOptions};
use tantivy::{Index, IndexWriter, TantivyDocument};

fn options() -> IndexOptions {
    IndexOptions {
        rebuild: true,
        ..IndexOptions::default()
    }
}

/// Plain tantivy: title and body, `en_stem`, positions, stored.
fn plain_tantivy(dir: &Path, corpus: &Path, options: IndexOptions) {
    let text = TextOptions::default()
        .set_indexing_options(TextFieldIndexing::default().set_tokenizer("en_stem"))
        | STORED;
    let mut builder = Schema::builder();
    let title = builder.add_text_field("title", text.clone());
    let body = builder.add_text_field("body", text);
    let index = Index::create_in_dir(dir, builder.build()).expect("plain index");
    let mut writer: IndexWriter<TantivyDocument> = index
        .writer_with_num_threads(options.threads, options.heap_bytes)
        .expect("plain writer");
    for file in corpus::walk(corpus) {
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

fn indexing(c: &mut Criterion) {
    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    for count in corpus::sizes() {
        let corpus = corpus::corpus(count);
        group.throughput(Throughput::Bytes(corpus::bytes(&corpus)));
        group.bench_function(format!("readouts/{count}"), |b| {
            b.iter_batched(
                || tempfile::tempdir().expect("temporary index"),
                |dir| {
                    index::build(
                        dir.path(),
                        std::slice::from_ref(&corpus),
                        options(),
                        &Silent,
                    )
                },
                BatchSize::PerIteration,
            )
        });
        group.bench_function(format!("plain-tantivy/{count}"), |b| {
            b.iter_batched(
                || tempfile::tempdir().expect("temporary index"),
                |dir| plain_tantivy(dir.path(), &corpus, options()),
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, indexing);
criterion_main!(benches);
