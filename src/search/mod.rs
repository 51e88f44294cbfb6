//! Search: a request (query text and filters) in, ranked hits with snippets and facet counts
//! out, from one pass over the index. Below it sit the selection every view reads, the query
//! language, matching, phrases, newest first, snippets, the search threads and the counting
//! collector. It returns data; printing is `render`'s job, and the views build on it, never
//! the reverse.

pub(crate) mod counting;
pub(crate) mod matching;
mod newest;
mod phrase;
mod query;
mod selection;
mod snippet;
pub(crate) mod threads;

use std::time::{Duration, Instant};

use tantivy::collector::{Count, TopDocs};
use tantivy::fastfield::FastFieldReaders;
use tantivy::query::{EnableScoring, Query};
use tantivy::{DocAddress, Searcher};

use crate::error::{Error, Result};
use crate::index::ReadoutIndex;
use crate::index::schema::indexed_date;
use crate::index::stored::stored_readout;
use crate::readout::Readout;
use crate::text::duplicates;
pub use counting::FacetField;
use counting::{LevelCounts, Lifted, PathCounts};
use matching::Matching;
use newest::{SelectedDocs, newest};
pub use selection::{Selected, Selection, searcher, select};
pub use snippet::Snippet;
use snippet::Snippets;

/// What the user asks for.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub selection: Selection,
    pub limit: usize,
    pub offset: usize,
    pub sort: Sort,
    /// Show near-duplicates of a hit shown above as part of that hit, not as hits of their own.
    pub collapse: bool,
    /// The fields counted under the hits; none means `DEFAULT_FACETS`.
    pub facets: Vec<FacetField>,
}

/// What search counts under the hits when not told.
pub const DEFAULT_FACETS: [FacetField; 3] =
    [FacetField::Org, FacetField::Country, FacetField::Year];

/// Near-duplicates are looked for among at least this many of the best candidates, so that a
/// short page still lists the whole group of each hit.
const MIN_COLLAPSE_WINDOW: usize = 200;

/// The order of hits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    /// Best first (BM25).
    #[default]
    Score,
    /// Newest first; undated readouts last.
    Date,
}

/// What a search found.
#[derive(Debug)]
pub struct SearchResults {
    pub query: String,
    /// Every readout that matches, not only those shown.
    pub total: usize,
    /// The results the readouts make once near-duplicates fold into one: known when every
    /// match was a candidate for folding, else `None`. Equal to `total` without folding.
    pub results: Option<usize>,
    /// True when hits are in score order; by date, the score says nothing.
    pub by_score: bool,
    pub hits: Vec<Hit>,
    /// Counts of the matching readouts per value, one entry per field asked for.
    pub facets: Vec<Facet>,
    /// Things the user should know about how the query was read.
    pub notes: Vec<String>,
    pub took: Duration,
}

/// One ranked readout.
#[derive(Debug)]
pub struct Hit {
    pub rank: usize,
    /// The BM25 score; 0 when sorted by date.
    pub score: f32,
    pub readout: Readout,
    pub snippet: Snippet,
    /// Near-duplicates folded into this hit (the same release published again), in rank order.
    pub duplicates: Vec<Duplicate>,
}

/// Where a near-duplicate of a hit is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    pub id: String,
    pub path: String,
    pub line: Option<u64>,
    pub url: Option<String>,
}

/// The counts of one field over the matching readouts: most frequent first, years and months
/// in calendar order.
#[derive(Debug)]
pub struct Facet {
    pub field: FacetField,
    pub counts: Vec<FacetCount>,
    /// True when the counts lift the search's own filter on this field (other filters kept),
    /// as a faceted search shows what choosing one more value would give.
    pub disjunctive: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

/// Runs one search.
pub fn search(target: &ReadoutIndex, request: &SearchRequest) -> Result<SearchResults> {
    let started = Instant::now();
    let fields = &target.fields;
    let selected = select(target, &request.selection)?;
    let index_error = |source| Error::index(&target.dir, source);
    let searcher = searcher(target)?;

    let asked: &[FacetField] = if request.facets.is_empty() {
        &DEFAULT_FACETS
    } else {
        &request.facets
    };
    // A field the selection filters on is counted with that filter lifted, in the same walk:
    // the query is walked without those filters, and they are checked a readout at a time.
    let (lifted, plain): (Vec<FacetField>, Vec<FacetField>) = asked
        .iter()
        .partition(|f| selected.filter_on(**f).is_some());
    let one_field = |f: &FacetField| (f.field(target), f.level()..=f.level());
    let counted = LevelCounts::new(&target.facet_cache, plain.iter().map(one_field).collect());
    let unscored = EnableScoring::disabled_from_searcher(&searcher);
    let lifting = (lifted.iter())
        .filter_map(|&field| Some((field, selected.filter_on(field)?)))
        .map(|(field, filter)| {
            let counts = LevelCounts::new(&target.facet_cache, vec![one_field(&field)]);
            Ok((filter.weight(unscored).map_err(index_error)?, counts))
        })
        .collect::<Result<Vec<_>>>()?;
    let walked = selected.without(&lifted);
    // Collapsing needs more candidates than are shown: duplicates drop out of the list. No
    // window is larger than the index, however far a page asks.
    let readouts = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
    let wanted = request.offset.saturating_add(request.limit.max(1));
    let window = if request.collapse {
        wanted
            .saturating_mul(3)
            .saturating_add(20)
            .max(MIN_COLLAPSE_WINDOW)
    } else {
        wanted
    }
    .min(readouts.max(1));
    // Every readout scores the same for an empty query: newest first is the tie-break.
    let sort = if request.selection.query.trim().is_empty() {
        Sort::Date
    } else {
        request.sort
    };
    // Bitsets match queries of words; a filter is a readout-at-a-time check.
    let matching = match lifting.is_empty() {
        true => Matching::of(&*selected.query, &searcher).map_err(index_error)?,
        false => None,
    };
    let (mut candidates, total, facet_counts, lifted_counts) = match (sort, matching) {
        (Sort::Score, Some(matching))
            if matching
                .pays(&*selected.query, &searcher)
                .map_err(index_error)? =>
        {
            let top = TopDocs::with_limit(window).order_by_score();
            let (total, counts, candidates) = matching
                .count_and_rank(&searcher, &counted, &top)
                .map_err(index_error)?;
            (candidates, total, counts, Vec::new())
        }
        (Sort::Score, ..) => {
            let top = TopDocs::with_limit(window).order_by_score();
            let collector = Lifted {
                inner: (top, Count, counted),
                lifted: lifting,
            };
            let ((candidates, total, counts), lifted_counts) =
                threads::search(&searcher, &*walked, &collector).map_err(index_error)?;
            (candidates, total, counts, lifted_counts)
        }
        (Sort::Date, matching) => {
            let (total, counts, selected, lifted_counts) = match matching {
                Some(matching) => {
                    let (total, counts, selected) =
                        matching.count(&searcher, &counted).map_err(index_error)?;
                    (total, counts, selected, Vec::new())
                }
                None => {
                    let collector = Lifted {
                        inner: (Count, counted, SelectedDocs),
                        lifted: lifting,
                    };
                    let ((total, counts, selected), lifted_counts) =
                        threads::search(&searcher, &*walked, &collector).map_err(index_error)?;
                    (total, counts, selected, lifted_counts)
                }
            };
            let latest = request.selection.to.map(indexed_date);
            let newest =
                newest(&searcher, fields.date, &selected, window, latest).map_err(index_error)?;
            let unscored = newest.into_iter().map(|address| (0.0, address)).collect();
            (unscored, total, counts, lifted_counts)
        }
    };
    // Each walk counted its fields in the order asked.
    let mut plain_counts = facet_counts.into_iter().map(|(paths, _)| paths);
    let mut lifted_counts = lifted_counts.into_iter().map(|(paths, _)| paths);
    let facets = asked
        .iter()
        .map(|&field| {
            let disjunctive = lifted.contains(&field);
            let paths = match disjunctive {
                true => lifted_counts.next(),
                false => plain_counts.next(),
            };
            Facet {
                field,
                counts: counts(field, paths),
                disjunctive,
            }
        })
        .collect();
    if sort == Sort::Score {
        newest_first_among_ties(&searcher, &mut candidates).map_err(index_error)?;
    }
    let every_match_a_candidate = candidates.len() >= total;
    let groups = if request.collapse {
        collapse(&searcher, candidates).map_err(index_error)?
    } else {
        candidates.into_iter().map(|c| (c, Vec::new())).collect()
    };
    let results = if !request.collapse {
        Some(total)
    } else if every_match_a_candidate {
        Some(groups.len())
    } else {
        None
    };

    let shown: Vec<(usize, Group)> = groups
        .into_iter()
        .enumerate()
        .skip(request.offset)
        .take(request.limit.max(1))
        .collect();
    let hits = shown_hits(target, &searcher, &*selected.text, &shown)?;

    Ok(SearchResults {
        query: request.selection.query.clone(),
        total,
        results,
        by_score: sort == Sort::Score,
        hits,
        facets,
        notes: selected.notes,
        took: started.elapsed(),
    })
}

/// The hits shown (each with its rank less one), with their stored Readouts and snippets,
/// made a hit at a time on the calling thread and the search threads: in a fresh process each
/// hit costs a tenth of a millisecond, most of it first touches of the memory it reads and
/// fills.
fn shown_hits(
    target: &ReadoutIndex,
    searcher: &Searcher,
    text: &dyn Query,
    shown: &[(usize, Group)],
) -> Result<Vec<Hit>> {
    let fields = [target.fields.title, target.fields.body];
    let hits = threads::map_with(
        target.index.search_executor(),
        shown,
        || Snippets::new(searcher, text, &fields),
        |snippets, (i, ((score, address), duplicates))| {
            let snippets = snippets
                .as_mut()
                .map_err(|source| Error::index(&target.dir, source.clone()))?;
            let readout = stored_readout(target, searcher, *address)?;
            let snippet = snippets.snippet(&readout.body);
            let duplicates = duplicates_at(target, searcher, duplicates)?;
            Ok(Hit {
                rank: i + 1,
                score: *score,
                readout,
                snippet,
                duplicates,
            })
        },
    );
    hits.into_iter().collect()
}

/// Where each of the near-duplicates at `addresses` is.
pub(crate) fn duplicates_at(
    target: &ReadoutIndex,
    searcher: &Searcher,
    addresses: &[DocAddress],
) -> Result<Vec<Duplicate>> {
    addresses
        .iter()
        .map(|&address| {
            let r = stored_readout(target, searcher, address)?;
            Ok(Duplicate {
                id: r.id,
                path: r.path,
                line: r.line,
                url: r.url,
            })
        })
        .collect()
}

/// Orders candidates of equal score newest first, keeping the score order.
fn newest_first_among_ties(
    searcher: &Searcher,
    candidates: &mut [(f32, DocAddress)],
) -> tantivy::Result<()> {
    let dates = segment_columns(searcher, |fast| fast.date("date"))?;
    let mut keyed = Vec::with_capacity(candidates.len());
    for &(score, address) in candidates.iter() {
        let day = dates[address.segment_ord as usize]
            .first(address.doc_id)
            .map(|d| d.into_timestamp_secs());
        keyed.push((score, std::cmp::Reverse(day), address));
    }
    keyed.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (slot, (score, _, address)) in candidates.iter_mut().zip(keyed) {
        *slot = (score, address);
    }
    Ok(())
}

/// One fast-field column of each segment, by segment ordinal: opened once per search, not
/// once per candidate.
pub(crate) fn segment_columns<T>(
    searcher: &Searcher,
    open: impl Fn(&FastFieldReaders) -> tantivy::Result<T>,
) -> tantivy::Result<Vec<T>> {
    searcher
        .segment_readers()
        .iter()
        .map(|segment| open(segment.fast_fields()))
        .collect()
}

/// A hit (score, address) and the addresses of its near-duplicates.
pub(crate) type Group = ((f32, DocAddress), Vec<DocAddress>);

/// Ranked candidates with their near-duplicates folded into the first of each group, in rank
/// order: each kept hit and the candidates below it that say nearly the same.
pub(crate) fn collapse(
    searcher: &Searcher,
    candidates: Vec<(f32, DocAddress)>,
) -> tantivy::Result<Vec<Group>> {
    let prints = segment_columns(searcher, |fast| fast.u64("fingerprint"))?;
    let mut kept: Vec<((f32, DocAddress), Vec<DocAddress>, u64)> = Vec::new();
    for (score, address) in candidates {
        let print = prints[address.segment_ord as usize]
            .first(address.doc_id)
            .unwrap_or(0);
        match kept
            .iter_mut()
            .find(|(_, _, p)| duplicates::near(*p, print))
        {
            Some((_, others, _)) => others.push(address),
            None => kept.push(((score, address), Vec::new(), print)),
        }
    }
    Ok(kept
        .into_iter()
        .map(|(hit, others, _)| (hit, others))
        .collect())
}

/// How many readouts `query` selects, and `collector`'s counts over them: by bitsets when
/// the query allows, else by a pass of the search threads.
pub(crate) fn count_selected(
    target: &ReadoutIndex,
    searcher: &Searcher,
    query: &dyn Query,
    collector: LevelCounts,
) -> Result<(usize, Vec<(PathCounts, u64)>)> {
    let index_error = |source| Error::index(&target.dir, source);
    match Matching::of(query, searcher).map_err(index_error)? {
        Some(matching) => {
            let (total, counts, _) = matching.count(searcher, &collector).map_err(index_error)?;
            Ok((total, counts))
        }
        None => threads::search(searcher, query, &(Count, collector)).map_err(index_error),
    }
}

/// The value of each counted path, most frequent first; years and months in calendar order.
fn counts(field: FacetField, paths: Option<PathCounts>) -> Vec<FacetCount> {
    let paths = paths.unwrap_or_default();
    let mut out: Vec<FacetCount> = paths
        .iter()
        .map(|(path, count)| FacetCount {
            value: match field {
                FacetField::Month => path.segments().collect::<Vec<_>>().join("-"),
                _ => path.last().to_string(),
            },
            count,
        })
        .collect();
    match field {
        FacetField::Year | FacetField::Month => out.sort_by(|a, b| a.value.cmp(&b.value)),
        _ => out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value))),
    }
    out
}

#[cfg(test)]
mod tests {
    use tantivy::collector::DocSetCollector;

    use super::*;
    use crate::index;

    /// The counts of `field` and the total, searched as `selection` with nothing lifted.
    fn plain(target: &ReadoutIndex, selection: Selection, field: FacetField) -> Facet {
        let request = SearchRequest {
            selection,
            facets: vec![field],
            ..SearchRequest::default()
        };
        let mut results = search(target, &request).unwrap();
        assert!(!results.facets[0].disjunctive);
        results.facets.remove(0)
    }

    #[test]
    fn one_walk_counts_each_filtered_field_as_if_its_own_filter_alone_were_lifted() {
        let (_dir, target) = index::two_segments(11, 5, |_, text| text);
        let top = |field| {
            let counts = plain(&target, Selection::default(), field).counts;
            counts
                .into_iter()
                .take(2)
                .map(|c| c.value)
                .collect::<Vec<_>>()
        };
        let (orgs, countries) = (top(FacetField::Org), top(FacetField::Country));
        assert!(
            orgs.len() == 2 && countries.len() == 2,
            "{orgs:?} {countries:?}"
        );
        let fields = [FacetField::Org, FacetField::Country, FacetField::Year];
        let selections = [
            ("", orgs[..1].to_vec(), vec![], None),
            ("minister", orgs.clone(), countries[..1].to_vec(), None),
            (
                "cooperation",
                orgs[1..].to_vec(),
                countries.clone(),
                Some("2020-01-01"),
            ),
            ("", vec![], countries[1..].to_vec(), Some("2019-06-01")),
        ];
        let searcher = searcher(&target).unwrap();
        for (query, orgs, countries, from) in selections {
            let selection = Selection {
                query: query.into(),
                orgs,
                countries,
                from: from.map(|d| d.parse().unwrap()),
                ..Selection::default()
            };
            for sort in [Sort::Score, Sort::Date] {
                let request = SearchRequest {
                    selection: selection.clone(),
                    facets: fields.to_vec(),
                    sort,
                    collapse: false,
                    limit: 1000,
                    ..SearchRequest::default()
                };
                let results = search(&target, &request).unwrap();
                let query = select(&target, &selection).unwrap().query;
                let matched = searcher.search(&*query, &DocSetCollector).unwrap();
                assert_eq!(results.total, matched.len(), "{selection:?}");
                assert_eq!(results.hits.len(), matched.len().min(1000), "{selection:?}");
                for facet in &results.facets {
                    let mut lifted = selection.clone();
                    match facet.field {
                        FacetField::Org => lifted.orgs.clear(),
                        FacetField::Country => lifted.countries.clear(),
                        _ => {}
                    }
                    let filtered = lifted.orgs.len() != selection.orgs.len()
                        || lifted.countries.len() != selection.countries.len();
                    assert_eq!(
                        facet.disjunctive, filtered,
                        "{selection:?} {:?}",
                        facet.field
                    );
                    let expected = plain(&target, lifted, facet.field);
                    assert_eq!(
                        facet.counts, expected.counts,
                        "{selection:?} {:?}",
                        facet.field
                    );
                }
            }
        }
    }
}
