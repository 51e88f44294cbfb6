//! Facet counts: how many of the selected readouts name each country, organization, outlet,
//! year or month, flat or as a tree down the hierarchy. One pass over the selected readouts'
//! facet ordinals; no stored document is read.

use std::ops::RangeInclusive;
use std::time::{Duration, Instant};

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use rustc_hash::FxHashMap;
use tantivy::collector::{Collector, Count, SegmentCollector};
use tantivy::fastfield::FacetReader;
use tantivy::index::SegmentId;
use tantivy::postings::TermInfo;
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::{DocId, InvertedIndexReader, Score, SegmentReader};

use crate::error::{Error, Result};
use crate::extract::gazetteer::gazetteer;
use crate::index::ReadoutIndex;
use crate::matching::Matching;
use crate::search::{Selected, Selection, searcher, select};
use crate::threads;

/// What a facet view counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacetField {
    /// Countries, under `/Region/Sub-region/Country`.
    Country,
    /// The countries on the other side of each meeting, under `/Region/Sub-region/Country`.
    Counterpart,
    /// Organizations, under `/Parent/Body`; a body counts for its parent.
    Org,
    /// The outlet that published or relayed a readout.
    Source,
    /// Publication years.
    Year,
    /// Publication months, `YYYY-MM`.
    Month,
}

impl FacetField {
    /// The name users type and JSON shows.
    pub fn name(self) -> &'static str {
        match self {
            FacetField::Country => "country",
            FacetField::Counterpart => "counterpart",
            FacetField::Org => "org",
            FacetField::Source => "source",
            FacetField::Year => "year",
            FacetField::Month => "month",
        }
    }

    fn field(self, target: &ReadoutIndex) -> Field {
        let fields = &target.fields;
        match self {
            FacetField::Country => fields.country,
            FacetField::Counterpart => fields.counterpart,
            FacetField::Org => fields.org,
            FacetField::Source => fields.source,
            FacetField::Year | FacetField::Month => fields.when,
        }
    }

    /// The level of the facet tree whose values a flat list shows.
    fn level(self) -> usize {
        match self {
            FacetField::Country | FacetField::Counterpart => 3,
            FacetField::Month => 2,
            FacetField::Org | FacetField::Source | FacetField::Year => 1,
        }
    }

    fn has_hierarchy(self) -> bool {
        matches!(
            self,
            FacetField::Country | FacetField::Counterpart | FacetField::Org
        )
    }
}

/// What the user asks for.
#[derive(Debug, Clone)]
pub struct FacetsRequest {
    pub field: FacetField,
    pub selection: Selection,
    /// Show the hierarchy as a tree down to this level (1 = regions or top-level organizations);
    /// `None` lists the field's natural values flat.
    pub depth: Option<usize>,
    /// Show only this many values, most frequent first, at each level.
    pub limit: Option<usize>,
}

/// The counts.
#[derive(Debug)]
pub struct FacetsResults {
    pub field: FacetField,
    pub query: String,
    /// Every selected readout.
    pub total: usize,
    /// Selected readouts with no value in the field (no date, no outlet, no country named).
    pub without: u64,
    pub values: Vec<FacetValue>,
    /// Things the user should know about how the query was read.
    pub notes: Vec<String>,
    pub took: Duration,
}

/// One value with the number of selected readouts that have it (or one of its children).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetValue {
    /// As users read it: `Armenia`, `OIC`, `2025-05`.
    pub value: String,
    /// The facet path: `/Asia/Western Asia/Armenia`, `/OIC/PUIC`, `/2025/05`.
    pub path: String,
    /// The organization's full name, for organizations.
    pub name: Option<String>,
    pub count: u64,
    /// The next level down, when a depth was asked for.
    pub children: Vec<FacetValue>,
}

/// Counts the values of a field over the selected readouts.
pub fn facets(target: &ReadoutIndex, request: &FacetsRequest) -> Result<FacetsResults> {
    let started = Instant::now();
    let field = request.field;
    if request.depth.is_some() && !field.has_hierarchy() {
        return Err(Error::NoHierarchy(field.name()));
    }
    let Selected { query, notes, .. } = select(target, &request.selection)?;
    let searcher = searcher(target)?;
    let (levels, tree) = match request.depth {
        Some(depth) => (1..=depth, true),
        None => (field.level()..=field.level(), false),
    };
    let collector = LevelCounts::new(
        &target.facet_cache,
        vec![(field.field(target), levels.clone())],
    )
    .and_without();
    let index_error = |source| Error::index(&target.dir, source);
    let (total, mut counted) = match Matching::of(&*query, &searcher).map_err(index_error)? {
        Some(matching) => {
            let (total, counts, _) = matching.count(&searcher, &collector).map_err(index_error)?;
            (total, counts)
        }
        None => threads::search(&searcher, &*query, &(Count, collector)).map_err(index_error)?,
    };
    let (counts, without) = counted.pop().unwrap_or_default();

    let shape = Shape {
        field,
        limit: request.limit,
        counts: counts.iter().collect(),
    };
    let values = if tree {
        shape.children(None)
    } else {
        let flat = shape
            .counts
            .iter()
            .filter(|(path, _)| path.depth() == *levels.start())
            .map(|&(path, count)| shape.value(path, count, Vec::new()))
            .collect();
        shape.order(flat)
    };
    Ok(FacetsResults {
        field,
        query: request.selection.query.clone(),
        total,
        without,
        values,
        notes,
        took: started.elapsed(),
    })
}

/// Selected readouts per facet path, for every path whose length is in the counted levels.
#[derive(Debug, Default)]
pub(crate) struct PathCounts {
    /// The paths, one after another, as tantivy encodes them.
    keys: String,
    /// Where each path ends in `keys`, with its count, in the order of paths.
    ends: Vec<(usize, u64)>,
}

impl PathCounts {
    /// Each path with its count, in the order of paths.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (FacetPath<'_>, u64)> {
        let mut start = 0;
        self.ends.iter().map(move |&(end, count)| {
            let path = FacetPath(&self.keys[start..end]);
            start = end;
            (path, count)
        })
    }
}

/// A facet path as tantivy encodes it: the segments joined by a zero byte. As that byte sorts
/// before every other, paths sort as bytes in the order of their segments. The counted paths
/// share one string (`PathCounts`): strings made for each path cost up to a seventh of a
/// search's time (BENCHMARKS.md, eleventh round).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct FacetPath<'a>(&'a str);

impl<'a> FacetPath<'a> {
    /// The segments, as `Facet::to_path` gives them (the root is one empty segment).
    fn segments(self) -> std::str::Split<'a, char> {
        self.0.split(char::from(FACET_SEP_BYTE))
    }

    pub(crate) fn last(self) -> &'a str {
        self.segments().next_back().unwrap_or_default()
    }

    fn depth(self) -> usize {
        depth(self.0.as_bytes())
    }

    /// Whether `self` lies one level below `parent`; every path of one segment lies below
    /// the root (`None`).
    fn is_child_of(self, parent: Option<FacetPath>) -> bool {
        match parent {
            None => self.depth() == 1,
            Some(parent) => self.0.strip_prefix(parent.0).is_some_and(|rest| {
                rest.strip_prefix(char::from(FACET_SEP_BYTE))
                    .is_some_and(|name| !name.contains(char::from(FACET_SEP_BYTE)))
            }),
        }
    }

    fn facet(self) -> Facet {
        Facet::from_path(self.segments())
    }
}

/// How the counts are laid out.
struct Shape<'a> {
    field: FacetField,
    limit: Option<usize>,
    /// In the order of paths, as `PathCounts` holds them.
    counts: Vec<(FacetPath<'a>, u64)>,
}

impl Shape<'_> {
    /// The values one level below `parent` (`None`: the root), each with its own children
    /// when they were counted.
    fn children(&self, parent: Option<FacetPath>) -> Vec<FacetValue> {
        let below = |path: &FacetPath| parent.is_none_or(|parent| path.0.starts_with(parent.0));
        let from = self
            .counts
            .partition_point(|(path, _)| parent.is_some_and(|parent| *path < parent));
        let values = self.counts[from..]
            .iter()
            .take_while(|(path, _)| below(path))
            .filter(|(path, _)| path.is_child_of(parent))
            .map(|&(path, count)| self.value(path, count, self.children(Some(path))))
            .collect();
        self.order(values)
    }

    fn value(&self, path: FacetPath, count: u64, children: Vec<FacetValue>) -> FacetValue {
        let value = match self.field {
            FacetField::Month => path.segments().collect::<Vec<_>>().join("-"),
            _ => path.last().to_string(),
        };
        let name = match self.field {
            FacetField::Org => gazetteer()
                .organizations
                .iter()
                .find(|org| org.id == value)
                .map(|org| org.name.clone()),
            _ => None,
        };
        FacetValue {
            value,
            path: path.facet().to_path_string(),
            name,
            count,
            children,
        }
    }

    /// Most frequent first; years and months in calendar order. Cut to the limit.
    fn order(&self, mut values: Vec<FacetValue>) -> Vec<FacetValue> {
        match self.field {
            FacetField::Year | FacetField::Month => values.sort_by(|a, b| a.path.cmp(&b.path)),
            _ => values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value))),
        }
        if let Some(limit) = self.limit {
            values.truncate(limit);
        }
        values
    }
}

/// Counts, for each of several facet fields, the selected readouts under each facet path of
/// the given lengths (a readout counts once per path, however many of its values fall under
/// it), and the selected readouts with no value in the field.
///
/// Collecting only gathers the selected documents; each segment counts them at harvest in the
/// cheapest of three ways. tantivy indexes every prefix of a facet as a term, so a selection of
/// every document reads the terms' document frequencies alone. A large selection intersects
/// each counted term's documents with a bitset of the selection: its cost is the number of
/// postings, or once the `FacetCache` holds the documents, the number of facet values,
/// whatever the number selected. A small selection reads each selected document's facet
/// ordinals instead.
pub(crate) struct LevelCounts<'a> {
    cache: &'a FacetCache,
    counted: Vec<(Field, RangeInclusive<usize>)>,
    /// Count the readouts without a value too.
    without: bool,
}

/// The counts of one field: per facet path, and the readouts without a value.
pub(crate) type FieldCounts = (PathCounts, u64);

/// Reading one document's facet ordinals costs about this many times reading one posting,
/// or intersecting one word of a bitset.
const ORDINALS_PER_POSTING: u64 = 24;

impl LevelCounts<'_> {
    /// Counts the paths of each facet field whose lengths are in its levels.
    pub(crate) fn new(
        cache: &FacetCache,
        counted: Vec<(Field, RangeInclusive<usize>)>,
    ) -> LevelCounts<'_> {
        LevelCounts {
            cache,
            counted,
            without: false,
        }
    }

    /// Counts the selected readouts without a value as well.
    pub(crate) fn and_without(self) -> Self {
        LevelCounts {
            without: true,
            ..self
        }
    }

    /// Counts one segment's selection, made without a collector; `merge_fruits` sums the
    /// segments' counts.
    pub(crate) fn count_segment(
        &self,
        segment: &SegmentReader,
        selected: Bits,
    ) -> tantivy::Result<SegmentCounts> {
        self.in_segment(segment, selected)?.harvest()
    }

    /// One segment's counter, starting from the readouts `selected`; as a collector, it adds
    /// those it is given.
    fn in_segment(
        &self,
        segment: &SegmentReader,
        selected: Bits,
    ) -> tantivy::Result<LevelCountsInSegment> {
        let fields = self
            .counted
            .iter()
            .map(|(field, levels)| Ok((self.cache.field(segment, *field)?, levels.clone())))
            .collect::<tantivy::Result<_>>()?;
        Ok(LevelCountsInSegment {
            segment: segment.clone(),
            fields,
            without: self.without,
            selected,
        })
    }
}

/// The facet terms of each segment and field that counts have read, kept while the index is
/// open: a segment never changes, and reading a field's terms, and for large selections their
/// postings, was most of the cost of a search.
#[derive(Default)]
pub(crate) struct FacetCache(Mutex<FxHashMap<(SegmentId, Field), Arc<FieldTerms>>>);

impl FacetCache {
    fn field(&self, segment: &SegmentReader, field: Field) -> tantivy::Result<Arc<FieldTerms>> {
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

    fn key(&self, term: usize) -> &[u8] {
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
    fn counted_before(&self) -> bool {
        self.counted.swap(true, Ordering::Relaxed)
    }

    /// What intersecting the counted terms with a selection costs, in postings read: walking
    /// their postings, or, with `kept`, their documents in memory.
    fn intersecting_cost(&self, levels: &RangeInclusive<usize>, kept: bool) -> u64 {
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
    fn count_everything(&self, levels: &RangeInclusive<usize>, selected: u64) -> EncodedCounts {
        let counts = self.at(levels).map(|t| (t, self.doc_freq(t))).collect();
        let with_value = self.root().map_or(0, |t| self.doc_freq(t));
        (counts, selected - with_value)
    }

    /// Intersects each counted term's documents with the selection, keeping them in memory
    /// with `keep`; counts the readouts without a value only when asked, as that reads every
    /// document with one.
    fn count_docs(
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
    fn count_ordinals(
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
    Dense(Vec<u64>),
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
            Docs::Dense(Bits::new(max_doc).0)
        } else {
            Docs::Sparse(Vec::with_capacity(info.doc_freq as usize))
        };
        while !block.docs().is_empty() {
            match &mut docs {
                Docs::Dense(words) => {
                    for &doc in block.docs() {
                        words[doc as usize / 64] |= 1 << (doc % 64);
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
            Docs::Dense(words) => words
                .iter()
                .zip(&selected.0)
                .map(|(a, b)| u64::from((a & b).count_ones()))
                .sum(),
            Docs::Sparse(list) => selected.count_of(list),
        }
    }
}

/// Calls `f` with each block of a term's documents.
pub(crate) fn for_each_block(
    inverted: &InvertedIndexReader,
    info: &TermInfo,
    mut f: impl FnMut(&[DocId]),
) -> tantivy::Result<()> {
    let mut block = inverted.read_block_postings_from_terminfo(info, IndexRecordOption::Basic)?;
    while !block.docs().is_empty() {
        f(block.docs());
        block.advance();
    }
    Ok(())
}

pub(crate) struct LevelCountsInSegment {
    segment: SegmentReader,
    fields: Vec<(Arc<FieldTerms>, RangeInclusive<usize>)>,
    without: bool,
    selected: Bits,
}

/// One field's counts in one segment: its terms (by index in `FieldTerms::terms`) with their
/// counts, in the dictionary's order, and the readouts without a value.
type EncodedCounts = (Vec<(usize, u64)>, u64);

/// Per-segment counts, a field at a time, with the terms they count.
pub(crate) type SegmentCounts = Vec<(Arc<FieldTerms>, EncodedCounts)>;

impl Collector for LevelCounts<'_> {
    type Fruit = Vec<FieldCounts>;
    type Child = LevelCountsInSegment;

    fn for_segment(&self, _: u32, segment: &SegmentReader) -> tantivy::Result<Self::Child> {
        self.in_segment(segment, Bits::new(segment.max_doc()))
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        fruits: Vec<tantivy::Result<SegmentCounts>>,
    ) -> tantivy::Result<Vec<FieldCounts>> {
        let fruits = fruits.into_iter().collect::<tantivy::Result<Vec<_>>>()?;
        let mut merged: Vec<(KeyCounts, u64)> = vec![(Vec::new(), 0); self.counted.len()];
        for fruit in &fruits {
            for ((counts, without), (terms, (segment_counts, segment_without))) in
                merged.iter_mut().zip(fruit)
            {
                counts.extend(segment_counts.iter().map(|&(t, n)| (terms.key(t), n)));
                *without += segment_without;
            }
        }
        Ok(merged
            .into_iter()
            .map(|(counts, without)| (summed_paths(counts), without))
            .collect())
    }
}

/// Encoded facet paths with counts, from every segment.
type KeyCounts<'a> = Vec<(&'a [u8], u64)>;

/// Each path of `counts` with its counts summed. Each segment's counts come in the order of
/// paths, so a stable sort merges those runs as they are.
fn summed_paths(mut counts: KeyCounts) -> PathCounts {
    counts.sort_by_key(|&(key, _)| key);
    let mut paths = PathCounts::default();
    // The key of the last path kept, which the same key from another segment adds to.
    let mut last: Option<&[u8]> = None;
    for (key, count) in counts {
        match paths.ends.last_mut() {
            Some((_, sum)) if last == Some(key) => *sum += count,
            _ => {
                if let Ok(path) = std::str::from_utf8(key) {
                    paths.keys.push_str(path);
                    paths.ends.push((paths.keys.len(), count));
                    last = Some(key);
                }
            }
        }
    }
    paths
}

impl SegmentCollector for LevelCountsInSegment {
    type Fruit = tantivy::Result<SegmentCounts>;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.selected.insert(doc);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        self.selected.insert_block(docs);
    }

    fn harvest(self) -> Self::Fruit {
        let max_doc = self.segment.max_doc();
        let selected = self.selected.len();
        let mut out = Vec::with_capacity(self.fields.len());
        for (terms, levels) in &self.fields {
            let keep = terms.counted_before();
            let (counts, without) = if selected == u64::from(max_doc) {
                terms.count_everything(levels, selected)
            } else if selected * ORDINALS_PER_POSTING > terms.intersecting_cost(levels, keep) {
                terms.count_docs(levels, &self.selected, selected, self.without, keep)?
            } else {
                terms.count_ordinals(levels, &self.segment, &self.selected)?
            };
            out.push((
                terms.clone(),
                (counts, if self.without { without } else { 0 }),
            ));
        }
        Ok(out)
    }
}

/// What separates the segments of an encoded facet path (tantivy's own separator, which it
/// does not export).
const FACET_SEP_BYTE: u8 = 0;

/// The level of an encoded facet path: the number of its segments.
fn depth(key: &[u8]) -> usize {
    key.iter().filter(|&&b| b == FACET_SEP_BYTE).count() + 1
}

/// Documents of a segment as a bitset: how collectors keep a selection. A list grows by
/// doubling into fresh pages, which a search process pays for in page faults; a bitset of
/// every document in the segment is 32 times smaller than a list of them all.
#[derive(Clone)]
pub(crate) struct Bits(Vec<u64>);

impl Bits {
    /// Words of a bitset of `max_doc` documents.
    fn words(max_doc: DocId) -> usize {
        (max_doc as usize).div_ceil(64)
    }

    /// No document of a segment of `max_doc`.
    pub(crate) fn new(max_doc: DocId) -> Bits {
        Bits(vec![0; Bits::words(max_doc)])
    }

    pub(crate) fn of(docs: &[DocId], max_doc: DocId) -> Bits {
        let mut bits = Bits::new(max_doc);
        for &doc in docs {
            bits.insert(doc);
        }
        bits
    }

    pub(crate) fn insert(&mut self, doc: DocId) {
        self.0[doc as usize / 64] |= 1 << (doc % 64);
    }

    pub(crate) fn remove(&mut self, doc: DocId) {
        self.0[doc as usize / 64] &= !(1 << (doc % 64));
    }

    /// Selects a block of documents, ascending, as a collector gets them without scores. A
    /// block of consecutive documents (every one of a query that matches all, or most) is set
    /// a word at a time.
    pub(crate) fn insert_block(&mut self, docs: &[DocId]) {
        let (Some(&first), Some(&last)) = (docs.first(), docs.last()) else {
            return;
        };
        if (last - first) as usize + 1 != docs.len() {
            // A word's bits are gathered before it is written once: setting them one by one
            // in memory waits on each write to the same word.
            let mut at = first as usize / 64;
            let mut word = 0;
            for &doc in docs {
                let i = doc as usize / 64;
                if i != at {
                    self.0[at] |= word;
                    (at, word) = (i, 0);
                }
                word |= 1 << (doc % 64);
            }
            self.0[at] |= word;
            return;
        }
        let (first, last) = (first as usize, last as usize);
        let (from, to) = (first / 64, last / 64);
        let low = u64::MAX << (first % 64);
        let high = u64::MAX >> (63 - last % 64);
        if from == to {
            self.0[from] |= low & high;
        } else {
            self.0[from] |= low;
            self.0[from + 1..to].fill(u64::MAX);
            self.0[to] |= high;
        }
    }

    /// 1 when `doc` is selected, else 0.
    pub(crate) fn bit(&self, doc: DocId) -> u64 {
        self.0
            .get(doc as usize / 64)
            .map_or(0, |w| (w >> (doc % 64)) & 1)
    }

    /// How many of `docs`, documents of the segment, are selected. Four sums, each of every
    /// fourth document, where one sum waited on each addition before the next (0.65 against
    /// 0.45 ns a document, the cost of counting most facet values).
    fn count_of(&self, docs: &[DocId]) -> u64 {
        let bit = |doc: DocId| (self.0[doc as usize / 64] >> (doc % 64)) & 1;
        let quads = docs.chunks_exact(4);
        let rest: u64 = quads.remainder().iter().map(|&doc| bit(doc)).sum();
        let mut sums = [0; 4];
        for quad in quads {
            for (sum, &doc) in sums.iter_mut().zip(quad) {
                *sum += bit(doc);
            }
        }
        sums.iter().sum::<u64>() + rest
    }

    /// How many documents are selected.
    pub(crate) fn len(&self) -> u64 {
        self.0.iter().map(|w| u64::from(w.count_ones())).sum()
    }

    /// Keeps the documents that `other` selects too.
    pub(crate) fn and(&mut self, other: &Bits) {
        for (word, other) in self.0.iter_mut().zip(&other.0) {
            *word &= other;
        }
    }

    /// Drops the documents that `other` selects.
    pub(crate) fn and_not(&mut self, other: &Bits) {
        for (word, other) in self.0.iter_mut().zip(&other.0) {
            *word &= !other;
        }
    }

    /// The documents selected by at least `minimum` of `sets` (and by one at least), counted a
    /// word at a time: each bit's count is kept in binary, a word per digit.
    pub(crate) fn at_least(minimum: usize, sets: &[Bits], max_doc: DocId) -> Bits {
        let mut out = Bits::new(max_doc);
        match minimum {
            ..=1 => sets.iter().for_each(|set| out.or(set)),
            _ if minimum > sets.len() => {}
            _ => {
                // The binary digits of the largest count, `sets.len()`.
                let width = (usize::BITS - sets.len().leading_zeros()) as usize;
                for (i, word) in out.0.iter_mut().enumerate() {
                    let mut digits = [0u64; usize::BITS as usize];
                    let digits = &mut digits[..width];
                    for set in sets {
                        let mut carry = set.0[i];
                        for digit in digits.iter_mut() {
                            let next = *digit & carry;
                            *digit ^= carry;
                            carry = next;
                        }
                    }
                    // Bits whose count is above `minimum`'s digits so far, and equal to them.
                    let (mut above, mut equal) = (0u64, u64::MAX);
                    for (k, digit) in digits.iter().enumerate().rev() {
                        if minimum >> k & 1 == 1 {
                            equal &= digit;
                        } else {
                            above |= equal & digit;
                            equal &= !digit;
                        }
                    }
                    *word = above | equal;
                }
            }
        }
        out
    }

    /// Adds the documents that `other` selects.
    pub(crate) fn or(&mut self, other: &Bits) {
        for (word, other) in self.0.iter_mut().zip(&other.0) {
            *word |= other;
        }
    }

    /// The selected documents, ascending.
    pub(crate) fn docs(&self) -> impl Iterator<Item = DocId> + '_ {
        self.0.iter().enumerate().flat_map(|(i, &word)| {
            let base = i as DocId * 64;
            std::iter::successors(Some(word).filter(|&w| w != 0), |&w| {
                Some(w & (w - 1)).filter(|&w| w != 0)
            })
            .map(move |w| base + w.trailing_zeros())
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashSet};
    use std::path::Path;

    use tantivy::collector::DocSetCollector;

    use super::*;
    use crate::corpus::{SAMPLE_QUERIES, Vocabulary, readout, sample_text};
    use crate::index::{self, IndexOptions, Silent};
    use crate::search::stored_readout;

    #[test]
    fn encoded_paths_read_as_tantivy_reads_them() {
        let paths: [&[&str]; 4] = [
            &[],
            &["OIC"],
            &["Africa", "Western Africa", "Côte d'Ivoire"],
            &["2025", "09"],
        ];
        for path in paths {
            let facet = Facet::from_path(path);
            let read = FacetPath(facet.encoded_str());
            assert_eq!(
                read.segments().collect::<Vec<_>>(),
                facet.to_path(),
                "{path:?}"
            );
            assert_eq!(read.facet(), facet);
        }
    }

    /// Country counts by name, from the stored readouts of the selected documents.
    fn counted_by_reading(target: &ReadoutIndex, selection: &Selection) -> BTreeMap<String, u64> {
        let searcher = searcher(target).unwrap();
        let query = select(target, selection).unwrap().query;
        let mut counts = BTreeMap::new();
        for address in searcher.search(&*query, &DocSetCollector).unwrap() {
            let readout = stored_readout(target, &searcher, address).unwrap();
            let names: HashSet<String> = readout.countries.into_iter().map(|c| c.name).collect();
            for name in names {
                *counts.entry(name).or_default() += 1;
            }
        }
        counts
    }

    /// Country counts by name from each way of counting, segment by segment, and merged.
    fn counted_both_ways(
        target: &ReadoutIndex,
        selection: &Selection,
    ) -> (BTreeMap<String, u64>, BTreeMap<String, u64>) {
        let searcher = searcher(target).unwrap();
        let query = select(target, selection).unwrap().query;
        let selected = searcher.search(&*query, &DocSetCollector).unwrap();
        let cache = FacetCache::default();
        let collector = LevelCounts::new(&cache, vec![(target.fields.country, 3..=3)]);
        let (mut by_postings, mut by_ordinals) = (BTreeMap::new(), BTreeMap::new());
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let child = collector.for_segment(ord as u32, segment).unwrap();
            let mut docs: Vec<DocId> = selected
                .iter()
                .filter(|a| a.segment_ord == ord as u32)
                .map(|a| a.doc_id)
                .collect();
            docs.sort_unstable();
            let bits = Bits::of(&docs, segment.max_doc());
            let (terms, levels) = &child.fields[0];
            // From the postings, then from documents kept in memory.
            let count = |keep| terms.count_docs(levels, &bits, docs.len() as u64, true, keep);
            let walked = count(false).unwrap();
            for _ in 0..2 {
                assert_eq!(count(true).unwrap(), walked, "documents kept in memory");
            }
            let by_values = terms.count_ordinals(levels, segment, &bits).unwrap();
            assert_eq!(
                terms.count_ordinals(levels, segment, &bits).unwrap(),
                by_values,
                "the values' terms kept in memory"
            );
            let ways = [(&mut by_postings, walked), (&mut by_ordinals, by_values)];
            for (merged, counted) in ways {
                for (term, n) in counted.0 {
                    let facet = Facet::from_encoded(terms.key(term).to_vec()).unwrap();
                    let name = facet.to_path().last().unwrap().to_string();
                    *merged.entry(name).or_default() += n;
                }
            }
        }
        (by_postings, by_ordinals)
    }

    #[test]
    fn a_bitset_gives_back_the_documents_put_in_ascending() {
        let docs = [0, 1, 63, 64, 65, 127, 128, 500, 4095, 4999];
        let bits = Bits::of(&docs, 5000);
        assert_eq!(bits.docs().collect::<Vec<_>>(), docs);
        assert_eq!(bits.len(), docs.len() as u64);
        assert_eq!(bits.bit(63) + bits.bit(62), 1);
        assert_eq!(Bits::new(5000).docs().count(), 0);
        let every: Vec<DocId> = (0..130).collect();
        assert_eq!(Bits::of(&every, 130).docs().collect::<Vec<_>>(), every);
        // Blocks as collectors get them: runs a word at a time, within a word and across
        // words, and blocks with gaps a document at a time.
        let blocks: [&[DocId]; 6] = [
            &[3, 4, 5],
            &[60, 61, 62, 63, 64],
            &[100],
            &[120, 122],
            &[],
            &[126, 127, 128],
        ];
        let mut bits = Bits::new(300);
        for block in blocks {
            bits.insert_block(block);
        }
        let inserted: Vec<DocId> = blocks.concat();
        assert_eq!(bits.docs().collect::<Vec<_>>(), inserted);
        let mut run = Bits::new(1000);
        run.insert_block(&(5..=900).collect::<Vec<_>>());
        assert_eq!(
            run.docs().collect::<Vec<_>>(),
            (5..=900).collect::<Vec<_>>()
        );
    }

    #[test]
    fn both_ways_of_counting_agree_with_the_readouts_despite_deletions() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let vocabulary = Vocabulary::from_text(&sample_text(root));
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        std::fs::create_dir(&corpus).unwrap();
        for n in 0..120 {
            let text = readout(&vocabulary, 3, n).text;
            std::fs::write(corpus.join(format!("{n:03}.txt")), text).unwrap();
        }
        let options = IndexOptions {
            threads: 1,
            ..IndexOptions::default()
        };
        let index_dir = dir.path().join("index");
        index::build(&index_dir, std::slice::from_ref(&corpus), options, &Silent).unwrap();
        for n in (0..120).step_by(7) {
            std::fs::remove_file(corpus.join(format!("{n:03}.txt"))).unwrap();
        }
        let prune = IndexOptions {
            prune: true,
            ..options
        };
        let summary = index::build(&index_dir, &[corpus], prune, &Silent).unwrap();
        assert_eq!(summary.removed, 18);
        let target = index::open(&index_dir).unwrap();
        for query in SAMPLE_QUERIES {
            let selection = Selection {
                query: query.into(),
                ..Selection::default()
            };
            let expected = counted_by_reading(&target, &selection);
            assert!(!expected.is_empty(), "{query}");
            let (by_postings, by_ordinals) = counted_both_ways(&target, &selection);
            assert_eq!(by_postings, expected, "postings, {query}");
            assert_eq!(by_ordinals, expected, "ordinals, {query}");
        }
    }
}
