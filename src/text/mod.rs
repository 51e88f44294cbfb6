//! Text as indexing and searching must both read it: the one analyzer, the pairs of common
//! terms, the near-duplicate fingerprint. It imports nothing of the pipelines, so the two
//! cannot drift apart.

pub mod analyzer;
pub mod duplicates;
pub mod pairs;
