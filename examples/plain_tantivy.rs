//! Indexes a folder of readouts with plain tantivy, as the index bench does: title and body,
//! `en_stem`, positions, stored text, no extraction, no facets, the same writer threads and
//! memory as `readouts index`. The limit `readouts index` is measured against, as a whole
//! process (benches/e2e.sh) or under a profiler:
//!
//! ```text
//! cargo run --release --example plain_tantivy -- CORPUS_DIR INDEX_DIR
//! ```

#[path = "../benches/common/mod.rs"]
mod common;

use std::path::PathBuf;

use readouts::index::IndexOptions;

fn main() {
    let mut args = std::env::args_os().skip(1).map(PathBuf::from);
    let (Some(corpus), Some(index)) = (args.next(), args.next()) else {
        eprintln!("usage: plain_tantivy CORPUS_DIR INDEX_DIR");
        std::process::exit(2);
    };
    if index.exists() {
        std::fs::remove_dir_all(&index).expect("remove the old plain index");
    }
    std::fs::create_dir_all(&index).expect("create the plain index folder");
    common::plain_tantivy(&index, &corpus, IndexOptions::default());
}
