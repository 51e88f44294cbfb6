//! readouts: a full-text search engine for foreign-ministry readouts.
//!
//! Two pipelines, each one direction: files → `ingest` → `Source` → `extract` → `Readout` →
//! `index` (tantivy), and `SearchRequest` → `search` (and the `views` on it) → results →
//! `render`. `text` is what both pipelines read alike; `corpus` the readouts tests and benches
//! run on. The library returns data and never prints to the terminal by itself; the binary
//! talks.

pub mod corpus;
pub mod error;
pub mod extract;
pub mod fetch;
pub mod index;
pub mod ingest;
pub mod readout;
pub mod render;
pub mod search;
pub mod text;
pub mod views;

pub use error::{Error, Result};

/// Indexing frees each readout's buffers on another thread than the one that made them; the
/// system allocator spent 9 % of an indexing run, mimalloc spends 4 %. Here, not in the
/// binary, so that the benches and examples run what the binary runs. Without transparent
/// huge pages: zeroing 2 MB pages cost a search process half a millisecond.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
