//! Counting the selection: for several facet fields, the selected readouts under each facet
//! path of the counted levels, in one collector that search and the views share. It counts;
//! laying counts out for a view is the view's job.

use std::ops::RangeInclusive;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::Weight;
use tantivy::schema::{Facet, Field};
use tantivy::{DocId, Score, SegmentReader};

use crate::index::ReadoutIndex;
use crate::index::bits::Bits;
use crate::index::facet_terms::{EncodedCounts, FACET_SEP_BYTE, FacetCache, FieldTerms, depth};
use crate::search::matching::matched;

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
    /// The officials named, by the name the readout gives them.
    Person,
}

impl FacetField {
    /// Every field, in the order search lists their counts.
    pub const ALL: [FacetField; 7] = [
        FacetField::Org,
        FacetField::Country,
        FacetField::Counterpart,
        FacetField::Source,
        FacetField::Year,
        FacetField::Month,
        FacetField::Person,
    ];

    /// The name users type and JSON shows.
    pub fn name(self) -> &'static str {
        match self {
            FacetField::Country => "country",
            FacetField::Counterpart => "counterpart",
            FacetField::Org => "org",
            FacetField::Source => "source",
            FacetField::Year => "year",
            FacetField::Month => "month",
            FacetField::Person => "person",
        }
    }

    pub(crate) fn field(self, target: &ReadoutIndex) -> Field {
        let fields = &target.fields;
        match self {
            FacetField::Country => fields.country,
            FacetField::Counterpart => fields.counterpart,
            FacetField::Org => fields.org,
            FacetField::Source => fields.source,
            FacetField::Year | FacetField::Month => fields.when,
            FacetField::Person => fields.person,
        }
    }

    /// The level of the facet tree whose values a flat list shows.
    pub(crate) fn level(self) -> usize {
        match self {
            FacetField::Country | FacetField::Counterpart => 3,
            FacetField::Month => 2,
            FacetField::Org | FacetField::Source | FacetField::Year | FacetField::Person => 1,
        }
    }

    pub(crate) fn has_hierarchy(self) -> bool {
        matches!(
            self,
            FacetField::Country | FacetField::Counterpart | FacetField::Org
        )
    }
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
    pub(crate) fn segments(self) -> std::str::Split<'a, char> {
        self.0.split(char::from(FACET_SEP_BYTE))
    }

    /// Whether `self` is `prefix` or lies below it.
    pub(crate) fn starts_with(self, prefix: FacetPath) -> bool {
        self.0.starts_with(prefix.0)
    }

    pub(crate) fn last(self) -> &'a str {
        self.segments().next_back().unwrap_or_default()
    }

    pub(crate) fn depth(self) -> usize {
        depth(self.0.as_bytes())
    }

    /// Whether `self` lies one level below `parent`; every path of one segment lies below
    /// the root (`None`).
    pub(crate) fn is_child_of(self, parent: Option<FacetPath>) -> bool {
        match parent {
            None => self.depth() == 1,
            Some(parent) => self.0.strip_prefix(parent.0).is_some_and(|rest| {
                rest.strip_prefix(char::from(FACET_SEP_BYTE))
                    .is_some_and(|name| !name.contains(char::from(FACET_SEP_BYTE)))
            }),
        }
    }

    pub(crate) fn facet(self) -> Facet {
        Facet::from_path(self.segments())
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

pub(crate) struct LevelCountsInSegment {
    segment: SegmentReader,
    fields: Vec<(Arc<FieldTerms>, RangeInclusive<usize>)>,
    without: bool,
    selected: Bits,
}

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

/// A collector over what a query matches with some of its filters lifted. `inner` collects
/// the readouts every lifted filter selects, as if the query had kept them; each lifted
/// field counts those the other lifted filters select, as if only its own were lifted. One
/// walk of the query gives the hits and every disjunctive count.
pub(crate) struct Lifted<'a, C> {
    pub(crate) inner: C,
    /// Each lifted filter, unscored, and the counts of its field.
    pub(crate) lifted: Vec<(Box<dyn Weight>, LevelCounts<'a>)>,
}

pub(crate) struct LiftedInSegment<C> {
    inner: C,
    /// Each lifted filter's selection in the segment, and its field's counter.
    lifted: Vec<(Bits, LevelCountsInSegment)>,
    /// The documents of a block every lifted filter selects.
    kept: Vec<DocId>,
}

impl<C: Collector> Collector for Lifted<'_, C> {
    type Fruit = (C::Fruit, Vec<FieldCounts>);
    type Child = LiftedInSegment<C::Child>;

    fn for_segment(&self, ord: u32, segment: &SegmentReader) -> tantivy::Result<Self::Child> {
        let lifted = (self.lifted.iter())
            .map(|(filter, counts)| {
                let selected = matched(&**filter, segment)?;
                Ok((selected, counts.for_segment(ord, segment)?))
            })
            .collect::<tantivy::Result<_>>()?;
        Ok(LiftedInSegment {
            inner: self.inner.for_segment(ord, segment)?,
            lifted,
            kept: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.inner.requires_scoring()
    }

    fn check_schema(&self, schema: &tantivy::schema::Schema) -> tantivy::Result<()> {
        self.inner.check_schema(schema)
    }

    fn merge_fruits(
        &self,
        fruits: Vec<<Self::Child as SegmentCollector>::Fruit>,
    ) -> tantivy::Result<Self::Fruit> {
        let mut inner = Vec::with_capacity(fruits.len());
        let mut lifted: Vec<Vec<_>> = self.lifted.iter().map(|_| Vec::new()).collect();
        for (segment_inner, segment_lifted) in fruits {
            inner.push(segment_inner);
            for (all, one) in lifted.iter_mut().zip(segment_lifted) {
                all.push(one);
            }
        }
        let counts = (self.lifted.iter().zip(lifted))
            .map(|((_, counts), fruits)| {
                let mut merged = counts.merge_fruits(fruits)?;
                Ok(merged.pop().unwrap_or_default())
            })
            .collect::<tantivy::Result<_>>()?;
        Ok((self.inner.merge_fruits(inner)?, counts))
    }
}

impl<C: SegmentCollector> LiftedInSegment<C> {
    /// Gives `doc` to the counters it belongs to; true when every lifted filter selects it.
    fn count(&mut self, doc: DocId) -> bool {
        let mut failed = None;
        for (i, (selected, _)) in self.lifted.iter().enumerate() {
            if selected.bit(doc) == 0 {
                if failed.is_some() {
                    return false;
                }
                failed = Some(i);
            }
        }
        match failed {
            Some(i) => self.lifted[i].1.collect(doc, 0.0),
            None => (self.lifted.iter_mut()).for_each(|(_, counts)| counts.collect(doc, 0.0)),
        }
        failed.is_none()
    }
}

impl<C: SegmentCollector> SegmentCollector for LiftedInSegment<C> {
    type Fruit = (C::Fruit, Vec<tantivy::Result<SegmentCounts>>);

    fn collect(&mut self, doc: DocId, score: Score) {
        if self.count(doc) {
            self.inner.collect(doc, score);
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        if self.lifted.is_empty() {
            return self.inner.collect_block(docs);
        }
        let mut kept = std::mem::take(&mut self.kept);
        kept.clear();
        kept.extend(docs.iter().copied().filter(|&doc| self.count(doc)));
        self.inner.collect_block(&kept);
        self.kept = kept;
    }

    fn harvest(self) -> Self::Fruit {
        let lifted = (self.lifted.into_iter())
            .map(|(_, counts)| counts.harvest())
            .collect();
        (self.inner.harvest(), lifted)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashSet};
    use std::path::Path;

    use tantivy::collector::DocSetCollector;

    use super::*;
    use crate::corpus::{SAMPLE_QUERIES, Vocabulary, readout, sample_text};
    use crate::index::stored::stored_readout;
    use crate::index::{self, IndexOptions, ReadoutIndex, Silent};
    use crate::search::{Selection, searcher, select};

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
