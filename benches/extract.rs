//! Extraction alone: the seeds and the State Department corpus of `corpora/`, one core,
//! throughput in bytes.

use std::hint::black_box;
use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use readouts::extract::analyze;
use readouts::ingest::{collect_files, read_file};
use readouts::readout::Source;

fn load(dir: &Path) -> Vec<Source> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let walk = collect_files(&[dir.to_path_buf()], None).expect("readable corpus");
    walk.files
        .iter()
        .filter_map(|f| read_file(f, u64::MAX).ok())
        .flat_map(|read| read.sources)
        .collect()
}

fn extraction(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpora = [
        ("seeds", load(&root.join("seeds"))),
        ("state-dept", load(&root.join("corpora/state-dept"))),
    ];
    let mut group = c.benchmark_group("extract");
    for (name, sources) in &corpora {
        if sources.is_empty() {
            continue;
        }
        let bytes: usize = sources.iter().map(|s| s.text.len()).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(*name, |b| {
            b.iter(|| {
                for source in sources {
                    black_box(analyze(black_box(source)));
                }
            })
        });
    }
    group.finish();
}

criterion_group!(benches, extraction);
criterion_main!(benches);
