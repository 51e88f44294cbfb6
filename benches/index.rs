//! Indexing end to end (read → extract → index → commit) against plain tantivy on the same
//! files in the same run: same tantivy, same text fields with positions and stored text, the
//! built-in `en_stem` tokenizer, no extraction, no facets, same writer threads and memory.
//!
//! `READOUTS_BENCH_SIZES=10000,100000 cargo bench --bench index`

#[path = "common/mod.rs"]
mod corpus;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use readouts::index::{self, IndexOptions, Silent};

fn options() -> IndexOptions {
    IndexOptions {
        rebuild: true,
        ..IndexOptions::default()
    }
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
                |dir| corpus::plain_tantivy(dir.path(), &corpus, options()),
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, indexing);
criterion_main!(benches);
