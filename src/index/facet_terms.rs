//! The facet terms of each segment, kept while the index is open, and how many of a
//! selection each term holds: what facet counts read. A segment never changes, so what is
//! read of it once serves every later search of the process. It counts; it does not collect.

use std::ops::RangeInclusive;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use rustc_hash::FxHashMap;
use tantivy::fastfield::FacetReader;
use tantivy::index::SegmentId;
use tantivy::postings::TermInfo;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocId, InvertedIndexReader, SegmentReader};

use super::bits::{Bits, for_each_block};

/// The facet terms of each segment and field that counts have read, kept while the index is
/// open: a segment never changes, and reading a field's terms, and for large selections their
/// postings, was most of the cost of a search.
#[derive(Default)]
pub(crate) struct FacetCache(Mutex<FxHashMap<(SegmentId, Field), Arc<FieldTerms>>>);

impl FacetCache {
    pub(crate) fn field(
        &self,
        segment: &SegmentReader,
        field: Field,
    ) -> tantivy::Result<Arc<FieldTerms>> {
        let key = (segment.segment_id(), field);
        let cached = |cache: &Self| {
            let map = cache.0.lock().unwrap_or_else(PoisonError::into_inner);
            map.get(&key).cloned()
        };
        if let Some(terms) = cached(self) {
            return Ok(terms);
        }
        let terms = Arc::new(FieldTerms::read(segment, field)?);
        let mut map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(map.entry(key).or_insert(terms).clone())
    }
}

/// Every facet term of one field in one segment, laid out to be read once per search process
/// in as few fresh pages as can hold it.
pub(crate) struct FieldTerms {
    field: Field,
    inverted: Arc<InvertedIndexReader>,
    max_doc: DocId,
    /// Every term's key, one after the other.
    keys: Vec<u8>,
    /// In the dictionary's order; the root facet (the empty path, depth 0), which every
    /// document with a value has, comes first.
    terms: Vec<FacetTerm>,
    /// The documents of each term (by index in `terms`), once kept.
    kept: OnceLock<Vec<OnceLock<Docs>>>,
    /// Whether a search has counted the field. The second count keeps the documents of the
    /// terms it reads in memory, for every count after it: a process that searches once, as
    /// the command line does, pays nothing for a cache it would not use.
    counted: AtomicBool,
    /// The counted terms of each facet value, per levels counted from ordinals.
    ordinal_terms: Mutex<Vec<(RangeInclusive<usize>, Arc<OrdinalTerms>)>>,
}

/// One encoded facet path.
struct FacetTerm {
    /// Where its key ends in `keys`; it starts where the previous one ends.
    end: u32,
    /// The number of segments of the path; 0 for the root.
    depth: u32,
    info: TermInfo,
}

impl FieldTerms {
    fn read(segment: &SegmentReader, field: Field) -> tantivy::Result<FieldTerms> {
        let inverted = segment.inverted_index(field)?;
        let mut keys = Vec::new();
        let mut terms = Vec::with_capacity(inverted.terms().num_terms());
        let mut stream = inverted.terms().stream()?;
        while stream.advance() {
            let key = stream.key();
            keys.extend_from_slice(key);
            terms.push(FacetTerm {
                end: keys.len() as u32,
                depth: if key.is_empty() { 0 } else { depth(key) as u32 },
                info: stream.value().clone(),
            });
        }
        Ok(FieldTerms {
            field,
            inverted,
            max_doc: segment.max_doc(),
            keys,
            terms,
            kept: OnceLock::new(),
            counted: AtomicBool::new(false),
            ordinal_terms: Mutex::new(Vec::new()),
        })
    }

    /// The terms (indices in `terms`) whose depth is in `levels`.
    fn at(&self, levels: &RangeInclusive<usize>) -> impl Iterator<Item = usize> + '_ {
        let levels = levels.clone();
        (0..self.terms.len()).filter(move |&i| levels.contains(&(self.terms[i].depth as usize)))
    }

    pub(crate) fn key(&self, term: usize) -> &[u8] {
        let start = term
            .checked_sub(1)
            .map_or(0, |before| self.terms[before].end);
        &self.keys[start as usize..self.terms[term].end as usize]
    }

    fn doc_freq(&self, term: usize) -> u64 {
        u64::from(self.terms[term].info.doc_freq)
    }

    /// The root term, when the field has a value in the segment.
    fn root(&self) -> Option<usize> {
        self.terms.first().filter(|t| t.depth == 0).map(|_| 0)
    }

    fn kept(&self, term: usize) -> Option<&Docs> {
        self.kept.get()?.get(term)?.get()
    }

    /// Marks the field counted; true when it was already.
    pub(crate) fn counted_before(&self) -> bool {
        self.counted.swap(true, Ordering::Relaxed)
    }

    /// What intersecting the counted terms with a selection costs, in postings read: walking
    /// their postings, or, with `kept`, their documents in memory.
    pub(crate) fn intersecting_cost(&self, levels: &RangeInclusive<usize>, kept: bool) -> u64 {
        let words = u64::from(self.max_doc).div_ceil(64);
        self.at(levels)
            .map(|t| match self.kept(t) {
                Some(Docs::Dense(_)) => words,
                Some(Docs::Sparse(list)) => list.len() as u64,
                None if kept && Docs::dense(self.terms[t].info.doc_freq, self.max_doc) => words,
                None => self.doc_freq(t),
            })
            .sum()
    }

    /// How many selected documents have `term`: from its documents in memory, kept now when
    /// `keep` says, or else from its postings.
    fn count(&self, term: usize, selected: &Bits, keep: bool) -> tantivy::Result<u64> {
        if let Some(docs) = self.kept(term) {
            return Ok(docs.count_in(selected));
        }
        let info = &self.terms[term].info;
        if keep {
            let docs = Docs::read(&self.inverted, info, self.max_doc)?;
            let kept = self
                .kept
                .get_or_init(|| self.terms.iter().map(|_| OnceLock::new()).collect());
            return Ok(kept[term].get_or_init(|| docs).count_in(selected));
        }
        let mut n = 0;
        for_each_block(&self.inverted, info, |docs| {
            n += selected.count_of(docs);
        })?;
        Ok(n)
    }

    /// Counts a selection of every document from the document frequencies.
    pub(crate) fn count_everything(
        &self,
        levels: &RangeInclusive<usize>,
        selected: u64,
    ) -> EncodedCounts {
        let counts = self.at(levels).map(|t| (t, self.doc_freq(t))).collect();
        let with_value = self.root().map_or(0, |t| self.doc_freq(t));
        (counts, selected - with_value)
    }

    /// Intersects each counted term's documents with the selection, keeping them in memory
    /// with `keep`; counts the readouts without a value only when asked, as that reads every
    /// document with one.
    pub(crate) fn count_docs(
        &self,
        levels: &RangeInclusive<usize>,
        bits: &Bits,
        selected: u64,
        without: bool,
        keep: bool,
    ) -> tantivy::Result<EncodedCounts> {
        let mut counts = Vec::new();
        for term in self.at(levels) {
            let n = self.count(term, bits, keep)?;
            if n > 0 {
                counts.push((term, n));
            }
        }
        let with_value = match self.root() {
            Some(root) if without => self.count(root, bits, keep)?,
            _ => selected,
        };
        Ok((counts, selected - with_value))
    }

    /// Reads the facet ordinals of each selected document.
    pub(crate) fn count_ordinals(
        &self,
        levels: &RangeInclusive<usize>,
        segment: &SegmentReader,
        selected: &Bits,
    ) -> tantivy::Result<EncodedCounts> {
        let name = segment.schema().get_field_name(self.field);
        let reader = segment.facet_reader(name)?;
        let ordinals = self.ordinal_terms(levels, &reader)?;
        let OrdinalTerms { counted, terms_of } = &*ordinals;
        let mut counts = vec![0u64; counted.len()];
        // For each term, the last document counted for it plus one.
        let mut counted_for = vec![0u32; counted.len()];
        let mut without = 0;
        for doc in selected.docs() {
            let mut any = false;
            for ord in reader.facet_ords(doc) {
                any = true;
                for &term in terms_of.get(ord as usize).map_or(&[][..], Vec::as_slice) {
                    let term = term as usize;
                    if counted_for[term] != doc + 1 {
                        counted_for[term] = doc + 1;
                        counts[term] += 1;
                    }
                }
            }
            without += u64::from(!any);
        }
        let counts = counted
            .iter()
            .zip(counts)
            .filter(|&(_, n)| n > 0)
            .map(|(&t, n)| (t, n))
            .collect();
        Ok((counts, without))
    }

    /// The counted terms of each facet value of the segment at `levels`, made the first time
    /// these levels are counted from ordinals: streaming the segment's values was most of
    /// what counting a small selection cost.
    fn ordinal_terms(
        &self,
        levels: &RangeInclusive<usize>,
        reader: &FacetReader,
    ) -> tantivy::Result<Arc<OrdinalTerms>> {
        let mut made = self
            .ordinal_terms
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some((_, terms)) = made.iter().find(|(at, _)| at == levels) {
            return Ok(terms.clone());
        }
        let counted: Vec<usize> = self.at(levels).collect();
        let term_of: FxHashMap<&[u8], u32> = counted
            .iter()
            .enumerate()
            .map(|(i, &t)| (self.key(t), i as u32))
            .collect();
        let mut terms_of: Vec<Vec<u32>> = Vec::new();
        let mut values = reader.facet_dict().stream()?;
        while values.advance() {
            let key = values.key();
            let ends = key
                .iter()
                .enumerate()
                .filter(|&(_, &b)| b == FACET_SEP_BYTE)
                .map(|(i, _)| i)
                .chain([key.len()]);
            terms_of.push(
                ends.filter_map(|end| term_of.get(&key[..end]).copied())
                    .collect(),
            );
        }
        let terms = Arc::new(OrdinalTerms { counted, terms_of });
        made.push((levels.clone(), terms.clone()));
        Ok(terms)
    }
}

/// Which counted terms each facet value (by its ordinal in the segment's facet column) falls
/// under: the value's own path and its prefixes, where counted.
struct OrdinalTerms {
    /// The counted terms (indices in `FieldTerms::terms`).
    counted: Vec<usize>,
    /// For each ordinal, indices in `counted`.
    terms_of: Vec<Vec<u32>>,
}

/// The documents of a term: a bitset when that is smaller than a list.
enum Docs {
    Dense(Bits),
    Sparse(Vec<DocId>),
}

impl Docs {
    /// Whether a bitset of `max_doc` documents is smaller than a list of `doc_freq`.
    fn dense(doc_freq: u32, max_doc: DocId) -> bool {
        u64::from(doc_freq) * 32 > u64::from(max_doc)
    }

    fn read(
        inverted: &InvertedIndexReader,
        info: &TermInfo,
        max_doc: DocId,
    ) -> tantivy::Result<Docs> {
        let mut block =
            inverted.read_block_postings_from_terminfo(info, IndexRecordOption::Basic)?;
        let mut docs = if Docs::dense(info.doc_freq, max_doc) {
            Docs::Dense(Bits::new(max_doc))
        } else {
            Docs::Sparse(Vec::with_capacity(info.doc_freq as usize))
        };
        while !block.docs().is_empty() {
            match &mut docs {
                Docs::Dense(bits) => {
                    for &doc in block.docs() {
                        bits.insert(doc);
                    }
                }
                Docs::Sparse(list) => list.extend_from_slice(block.docs()),
            }
            block.advance();
        }
        Ok(docs)
    }

    /// How many of these documents are selected.
    fn count_in(&self, selected: &Bits) -> u64 {
        match self {
            Docs::Dense(bits) => bits.count_common(selected),
            Docs::Sparse(list) => selected.count_of(list),
        }
    }
}

/// One field's counts in one segment: its terms (by index in `FieldTerms::terms`) with their
/// counts, in the dictionary's order, and the readouts without a value.
pub(crate) type EncodedCounts = (Vec<(usize, u64)>, u64);

/// What separates the segments of an encoded facet path (tantivy's own separator, which it
/// does not export).
pub(crate) const FACET_SEP_BYTE: u8 = 0;

/// The level of an encoded facet path: the number of its segments.
pub(crate) fn depth(key: &[u8]) -> usize {
    key.iter().filter(|&&b| b == FACET_SEP_BYTE).count() + 1
}
