//! The readouts an incremental run takes out of the index: those of the files that changed or
//! are gone. One query finds all of a run's stale readouts at its commit, in one pass over two
//! columns of numbers; a term per file, indexed, would slow all indexing down
//! (`schema::Fields::path`).

use std::sync::Arc;

use rustc_hash::FxHashSet;
use tantivy::query::{
    BitSetDocSet, ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight,
};
use tantivy::{BitSet, DocId, DocSet, Score, SegmentReader, TantivyError};

/// The readouts of files as the index holds them, each file by its `schema::path_key` and
/// content hash (`schema::hash_key`): the readouts a run indexes anew for a changed file have
/// another hash, and stay.
#[derive(Debug, Clone)]
pub(super) struct Stale {
    files: Arc<FxHashSet<(u64, u64)>>,
}

impl Stale {
    pub(super) fn new(files: Vec<(u64, u64)>) -> Stale {
        Stale {
            files: Arc::new(files.into_iter().collect()),
        }
    }

    fn in_segment(&self, reader: &SegmentReader) -> tantivy::Result<BitSet> {
        let mut stale = BitSet::with_max_value(reader.max_doc());
        let fast = reader.fast_fields();
        let (paths, hashes) = (fast.u64("path_hash")?, fast.u64("content_hash")?);
        for doc in 0..reader.max_doc() {
            if let (Some(path), Some(hash)) = (paths.first(doc), hashes.first(doc))
                && self.files.contains(&(path, hash))
            {
                stale.insert(doc);
            }
        }
        Ok(stale)
    }
}

impl Query for Stale {
    fn weight(&self, _: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for Stale {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let stale = BitSetDocSet::from(self.in_segment(reader)?);
        Ok(Box::new(ConstScorer::new(stale, boost)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(TantivyError::InvalidArgument(format!(
                "document {doc} is not stale"
            )));
        }
        Ok(Explanation::new("a stale readout", 1.0))
    }
}
