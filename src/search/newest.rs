//! Newest first: the selected readouts with the latest dates. tantivy's top-by-field reads the
//! date of every selected readout, which was most of an empty query's time on 100,000
//! readouts. The date field's terms are in date order, so walking them from the last finds
//! the newest selected readouts after a few postings; a small selection reads its own dates.

use std::cmp::Reverse;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::schema::Field;
use tantivy::{DateTime, DocAddress, DocId, Score, Searcher, SegmentReader, Term};

use crate::index::bits::{Bits, for_each_block};
use crate::search::segment_columns;

/// Reading one document's date from its column costs about this many times reading one
/// posting.
const COLUMN_PER_POSTING: u64 = 10;

/// Collects the selected documents of each segment, by segment ordinal.
pub(crate) struct SelectedDocs;

pub(crate) struct SelectedInSegment {
    segment: u32,
    docs: Bits,
}

impl Collector for SelectedDocs {
    type Fruit = Vec<Bits>;
    type Child = SelectedInSegment;

    fn for_segment(&self, segment: u32, reader: &SegmentReader) -> tantivy::Result<Self::Child> {
        Ok(SelectedInSegment {
            segment,
            docs: Bits::new(reader.max_doc()),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, mut fruits: Vec<(u32, Bits)>) -> tantivy::Result<Self::Fruit> {
        fruits.sort_unstable_by_key(|(segment, _)| *segment);
        Ok(fruits.into_iter().map(|(_, docs)| docs).collect())
    }
}

impl SegmentCollector for SelectedInSegment {
    type Fruit = (u32, Bits);

    fn collect(&mut self, doc: DocId, _: Score) {
        self.docs.insert(doc);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        self.docs.insert_block(docs);
    }

    fn harvest(self) -> Self::Fruit {
        (self.segment, self.docs)
    }
}

/// The `limit` newest of the selected documents (`selected[segment]`), undated ones last;
/// equal dates in the order of their addresses, as tantivy's own top-by-field. No selected
/// document is dated after `latest`, when given (a date filter's end): the walk starts there,
/// not at the newest readout of the index.
pub(crate) fn newest(
    searcher: &Searcher,
    date: Field,
    selected: &[Bits],
    limit: usize,
    latest: Option<DateTime>,
) -> tantivy::Result<Vec<DocAddress>> {
    let name = searcher.schema().get_field_name(date);
    let dates = segment_columns(searcher, |fast| fast.date(name))?;
    let mut found: Vec<(Option<DateTime>, DocAddress)> = Vec::new();
    for (ord, (segment, in_segment)) in searcher.segment_readers().iter().zip(selected).enumerate()
    {
        let newest_docs = if walking_is_cheaper(segment, in_segment, limit) {
            newest_in(segment, date, in_segment, limit, latest)?
        } else {
            in_segment.docs().collect()
        };
        found.extend(newest_docs.into_iter().map(|doc| {
            let address = DocAddress::new(ord as u32, doc);
            (dates[ord].first(doc), address)
        }));
    }
    found.sort_by_key(|&(date, address)| (Reverse(date), address));
    found.truncate(limit);
    Ok(found.into_iter().map(|(_, address)| address).collect())
}

/// Whether walking the date terms from the newest costs less than reading every selected
/// document's date: a walk reads about `limit` postings per selected fraction of the segment.
fn walking_is_cheaper(segment: &SegmentReader, selected: &Bits, limit: usize) -> bool {
    let selected = selected.len();
    let walk = (limit as u64).saturating_mul(u64::from(segment.max_doc()));
    let read = selected
        .saturating_mul(selected)
        .saturating_mul(COLUMN_PER_POSTING);
    selected > limit as u64 && walk < read
}

/// The `limit` newest selected documents of a segment, in no order, from the date terms
/// walked newest first from `latest`; the undated ones when too few have a date.
fn newest_in(
    segment: &SegmentReader,
    date: Field,
    selected: &Bits,
    limit: usize,
    latest: Option<DateTime>,
) -> tantivy::Result<Vec<DocId>> {
    let inverted = segment.inverted_index(date)?;
    let mut range = inverted.terms().range();
    if let Some(latest) = latest {
        range = range.le(Term::from_field_date(date, latest).serialized_value_bytes());
    }
    let mut terms = range.backward().into_stream()?;
    let mut newest = Vec::new();
    while newest.len() < limit && terms.advance() {
        let mut same_date: Vec<DocId> = Vec::new();
        for_each_block(&inverted, terms.value(), |block| {
            same_date.extend(block.iter().filter(|&&doc| selected.bit(doc) == 1));
        })?;
        same_date.truncate(limit - newest.len());
        newest.extend(same_date);
    }
    if newest.len() < limit {
        // The walk saw every dated selected document: the rest have no date.
        let dated = Bits::of(&newest, segment.max_doc());
        let undated = selected.docs().filter(|&doc| dated.bit(doc) == 0);
        newest.extend(undated.take(limit - newest.len()));
    }
    Ok(newest)
}

#[cfg(test)]
mod tests {
    use tantivy::Order;
    use tantivy::collector::TopDocs;

    use super::*;
    use crate::corpus::SAMPLE_QUERIES;
    use crate::index;
    use crate::index::schema::indexed_date;
    use crate::search::{Selection, searcher, select};

    #[test]
    fn newest_first_as_tantivy_orders_by_date_across_segments_and_deletions() {
        // A dozen readouts of each run share the newest date: ties at the top.
        let tie = |n: u64, text: String| {
            if !n.is_multiple_of(25) {
                return text;
            }
            let (title, rest) = text.split_once('\n').unwrap();
            format!("{title}\ndate 2030-01-01\n{rest}")
        };
        let (_dir, target) = index::two_segments(5, 9, tie);
        let searcher = searcher(&target).unwrap();
        assert!(searcher.segment_readers().len() > 1);
        let (mut undated, mut tied) = (0, 0);
        // A date filter's end starts the walk there: on the tied newest date, and within the
        // years the readouts are spread over.
        let ends = [
            None,
            Some("2030-01-01"),
            Some("2022-06-30"),
            Some("2019-03-01"),
        ];
        for (query, to) in SAMPLE_QUERIES.iter().flat_map(|q| ends.map(|to| (q, to))) {
            let selection = Selection {
                query: query.to_string(),
                to: to.map(|day| day.parse().unwrap()),
                ..Selection::default()
            };
            let latest = selection.to.map(indexed_date);
            let query = select(&target, &selection).unwrap().query;
            let selected = searcher.search(&*query, &SelectedDocs).unwrap();
            for limit in [1, 3, 10, 40, 1000] {
                let by_tantivy: Vec<DocAddress> = searcher
                    .search(
                        &*query,
                        &TopDocs::with_limit(limit)
                            .order_by_fast_field::<DateTime>("date", Order::Desc),
                    )
                    .unwrap()
                    .into_iter()
                    .map(|(_, address)| address)
                    .collect();
                let ours = newest(&searcher, target.fields.date, &selected, limit, latest).unwrap();
                assert_eq!(ours, by_tantivy, "limit {limit}");
                let dates = |a: &DocAddress| {
                    let segment = searcher.segment_reader(a.segment_ord);
                    segment.fast_fields().date("date").unwrap().first(a.doc_id)
                };
                undated += ours.iter().filter(|a| dates(a).is_none()).count();
                tied += ours
                    .windows(2)
                    .filter(|w| dates(&w[0]) == dates(&w[1]))
                    .count();
            }
        }
        assert!(undated > 0, "the readouts include undated ones, shown last");
        assert!(tied > 0, "some readouts share a date");
    }
}
