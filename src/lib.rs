//! readouts: a full-text search engine for foreign-ministry readouts.
//!
//! Two pipelines, each one direction: files → `ingest` → `Source` → `extract` → `Readout` →
//! `index` (tantivy), and `SearchRequest` → `search` → `SearchResults` → `render`. The library
//! returns data and never prints to the terminal by itself; the binary talks.

pub mod analyzer;
pub mod corpus;
pub mod duplicates;
pub mod error;
pub mod extract;
pub mod facets;
pub mod index;
pub mod ingest;
pub mod lookup;
mod matching;
mod newest;
pub mod pairs;
mod phrase;
pub mod query;
pub mod readout;
pub mod render;
pub mod schema;
pub mod search;
pub mod similar;
pub mod snippet;
mod stale;
pub mod stored;
mod threads;
pub mod timeline;

pub use error::{Error, Result};

/// Indexing frees each readout's buffers on another thread than the one that made them; the
/// system allocator spent 9 % of an indexing run, mimalloc spends 4 %. Here, not in the
/// binary, so that the benches and examples run what the binary runs. Without transparent
/// huge pages: zeroing 2 MB pages cost a search process half a millisecond.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
