//! Search: a request (query text and filters) in, ranked hits with snippets and facet counts
//! out, from one pass over the index. It returns data; printing is `render`'s job.

use std::ops::Bound;
use std::time::{Duration, Instant};

use tantivy::collector::{Count, TopDocs};
use tantivy::fastfield::FastFieldReaders;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, QueryParser, RangeQuery, TermQuery,
};
use tantivy::schema::{Facet, Field, IndexRecordOption, Value};
use tantivy::{DocAddress, ReloadPolicy, Searcher, TantivyDocument, Term};

use crate::duplicates;
use crate::error::{Error, Result};
use crate::extract::gazetteer::{Area, gazetteer};
use crate::facets::{LevelCounts, PathCounts};
use crate::index::ReadoutIndex;
use crate::matching::Matching;
use crate::newest::{SelectedDocs, newest};
use crate::phrase::exact_phrases;
use crate::query;
use crate::readout::{Day, Readout};
use crate::schema::{Fields, country_facet, indexed_date};
pub use crate::snippet::Snippet;
use crate::snippet::Snippets;
use crate::stored;
use crate::threads;

/// How much more a word in the title counts than a word in the body.
const TITLE_BOOST: f32 = 2.0;
/// How much an entity named by another alias counts, against the word as typed.
const ENTITY_BOOST: f32 = 1.0;

/// Which readouts a view looks at: the query text and the filters. Search, facets and the
/// timeline read the same selection through `select`, so a filter means the same everywhere.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Query text; empty matches every readout.
    pub query: String,
    /// Organizations, any of which a hit must name (ids, acronyms or names).
    pub orgs: Vec<String>,
    /// Countries or regions, any of which a hit must name (codes, names, demonyms).
    pub countries: Vec<String>,
    /// Countries or regions, any of which a hit must name as a counterpart: the other side of
    /// the meeting, not the home side.
    pub counterparts: Vec<String>,
    /// Publication dates, inclusive; a readout without a date is outside any date filter.
    pub from: Option<Day>,
    pub to: Option<Day>,
}

/// What the user asks for.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub selection: Selection,
    pub limit: usize,
    pub offset: usize,
    pub sort: Sort,
    /// Show near-duplicates of a hit shown above as part of that hit, not as hits of their own.
    pub collapse: bool,
}

/// The order of hits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    /// Best first (BM25).
    #[default]
    Score,
    /// Newest first; undated readouts last.
    Date,
}

/// A selection as tantivy queries.
pub struct Selected {
    /// The text query and the filters: the readouts selected, scored by the text alone.
    pub query: Box<dyn Query>,
    /// The text query alone, for snippets.
    pub text: Box<dyn Query>,
    /// Things the user should know about how the query was read.
    pub notes: Vec<String>,
}

/// Turns a selection into the query that matches it; filters select and never change a score.
pub fn select(target: &ReadoutIndex, selection: &Selection) -> Result<Selected> {
    let filters = filters(&target.fields, selection)?;
    let (text, notes) = text_query(target, &selection.query);
    if filters.is_empty() {
        // As it is: a boolean query around it would keep tantivy from skipping the words'
        // blocks that cannot make the top when it ranks.
        return Ok(Selected {
            query: text.box_clone(),
            text,
            notes,
        });
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text.box_clone())];
    for filter in filters {
        clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))));
    }
    Ok(Selected {
        query: Box::new(BooleanQuery::new(clauses)),
        text,
        notes,
    })
}

/// A searcher on the last commit of the index, from the reader the index keeps.
pub fn searcher(target: &ReadoutIndex) -> Result<Searcher> {
    if let Some(reader) = target.reader.get() {
        return Ok(reader.searcher());
    }
    let reader: tantivy::IndexReader = target
        .index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()
        .map_err(|source| Error::index(&target.dir, source))?;
    Ok(target.reader.get_or_init(|| reader).searcher())
}

/// What a search found.
#[derive(Debug)]
pub struct SearchResults {
    pub query: String,
    /// Every readout that matches, not only those shown.
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: Facets,
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
    /// Paths of near-duplicates collapsed into this hit (the same release published again).
    pub duplicates: Vec<String>,
}

/// Counts of the matching readouts per value, most frequent first.
#[derive(Debug, Default)]
pub struct Facets {
    pub organizations: Vec<FacetCount>,
    pub countries: Vec<FacetCount>,
    pub years: Vec<FacetCount>,
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
    let Selected { query, text, notes } = select(target, &request.selection)?;
    let index_error = |source| Error::index(&target.dir, source);
    let searcher = searcher(target)?;

    let counted = LevelCounts::new(
        &target.facet_cache,
        vec![
            (fields.org, 1..=1),
            (fields.country, 3..=3),
            (fields.when, 1..=1),
        ],
    );
    // Collapsing needs more candidates than are shown: duplicates drop out of the list.
    let wanted = request.offset + request.limit.max(1);
    let window = if request.collapse {
        wanted * 3 + 20
    } else {
        wanted
    };
    // Every readout scores the same for an empty query: newest first is the tie-break.
    let sort = if request.selection.query.trim().is_empty() {
        Sort::Date
    } else {
        request.sort
    };
    let matching = Matching::of(&*query, &searcher).map_err(index_error)?;
    let (mut candidates, total, facet_counts) = match (sort, matching) {
        (Sort::Score, Some(matching))
            if matching.pays(&*query, &searcher).map_err(index_error)? =>
        {
            let top = TopDocs::with_limit(window).order_by_score();
            let (total, counts, candidates) = matching
                .count_and_rank(&searcher, &counted, &top)
                .map_err(index_error)?;
            (candidates, total, counts)
        }
        (Sort::Score, ..) => threads::search(
            &searcher,
            &*query,
            &(TopDocs::with_limit(window).order_by_score(), Count, counted),
        )
        .map_err(index_error)?,
        (Sort::Date, matching) => {
            let (total, counts, selected) = match matching {
                Some(matching) => matching.count(&searcher, &counted).map_err(index_error)?,
                None => threads::search(&searcher, &*query, &(Count, counted, SelectedDocs))
                    .map_err(index_error)?,
            };
            let latest = request.selection.to.map(indexed_date);
            let newest =
                newest(&searcher, fields.date, &selected, window, latest).map_err(index_error)?;
            let unscored = newest.into_iter().map(|address| (0.0, address)).collect();
            (unscored, total, counts)
        }
    };
    let mut facet_counts = facet_counts.into_iter().map(|(paths, _)| paths);
    if sort == Sort::Score {
        newest_first_among_ties(&searcher, &mut candidates).map_err(index_error)?;
    }
    let groups = if request.collapse {
        collapse(&searcher, candidates).map_err(index_error)?
    } else {
        candidates.into_iter().map(|c| (c, Vec::new())).collect()
    };

    let shown: Vec<(usize, Group)> = groups
        .into_iter()
        .enumerate()
        .skip(request.offset)
        .take(request.limit.max(1))
        .collect();
    let hits = shown_hits(target, &searcher, &*text, &shown)?;

    Ok(SearchResults {
        query: request.selection.query.clone(),
        total,
        hits,
        facets: Facets {
            organizations: counts(facet_counts.next()),
            countries: counts(facet_counts.next()),
            years: counts(facet_counts.next()),
        },
        notes,
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
            Ok(Hit {
                rank: i + 1,
                score: *score,
                readout,
                snippet,
                duplicates: duplicates.clone(),
            })
        },
    );
    hits.into_iter().collect()
}

/// The query over title, body and entities. Plain words need not all match: a readout must
/// match most of them (`required_words`), and ranks higher the more it matches, so a long
/// query as an analyst types it still finds its readout. With explicit `AND`/`OR` the query
/// means what it says, and words not joined by either must all match. A query that does not
/// parse is searched as plain words, with a note.
fn text_query(target: &ReadoutIndex, text: &str) -> (Box<dyn Query>, Vec<String>) {
    if text.trim().is_empty() {
        return (Box::new(AllQuery), Vec::new());
    }
    let fields = &target.fields;
    let mut parser = QueryParser::for_index(&target.index, vec![fields.title, fields.body]);
    parser.set_field_boost(fields.title, TITLE_BOOST);
    parser.set_field_boost(fields.entity, ENTITY_BOOST);
    let rewritten = query::rewrite(text);
    let explicit = text.split_whitespace().any(|w| w == "AND" || w == "OR");
    if explicit {
        parser.set_conjunction_by_default();
    }
    let mut notes = rewritten.notes;
    let mut words = rewritten.words;
    let parsed = match parser.parse_query(&rewritten.text) {
        Ok(query) => query,
        Err(error) => {
            let plain = query::rewrite(&query::plain_words(text));
            notes.push(format!("searched as plain words: {error}"));
            words = plain.words;
            match parser.parse_query(&plain.text) {
                Ok(query) => query,
                Err(_) => parser.parse_query_lenient(&plain.text).0,
            }
        }
    };
    let parsed = exact_phrases(parsed, &[(fields.body, fields.body_pairs)]);
    // One word (or one name) may stand for several clauses: it needs no counting.
    if explicit || words <= 1 {
        return (parsed, notes);
    }
    (most_words(parsed), notes)
}

/// How many of `words` plain words a readout must match.
fn required_words(words: usize) -> usize {
    match words {
        0..=2 => words,
        3..=4 => words - 1,
        _ => (words * 3).div_ceil(5),
    }
}

/// A disjunction of words made to require most of them. The parser writes one clause per
/// word and field: the clauses of one word (the same terms in title and body) are grouped
/// first, so the count is of words.
fn most_words(query: Box<dyn Query>) -> Box<dyn Query> {
    let Some(boolean) = query.downcast_ref::<BooleanQuery>() else {
        return query;
    };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    // Each word: its terms, and its clauses.
    type Word = (Vec<String>, Vec<Box<dyn Query>>);
    let mut words: Vec<Word> = Vec::new();
    for (occur, clause) in boolean.clauses() {
        if *occur != Occur::Should {
            clauses.push((*occur, clause.box_clone()));
            continue;
        }
        let mut key = Vec::new();
        clause.query_terms(&mut |term, _| {
            key.push(String::from_utf8_lossy(term.serialized_value_bytes()).into_owned())
        });
        key.sort();
        match words.iter_mut().find(|(k, _)| *k == key) {
            Some((_, group)) => group.push(clause.box_clone()),
            None => words.push((key, vec![clause.box_clone()])),
        }
    }
    let required = required_words(words.len());
    for (_, group) in words {
        clauses.push((Occur::Should, Box::new(BooleanQuery::union(group))));
    }
    Box::new(BooleanQuery::with_minimum_required_clauses(
        clauses, required,
    ))
}

/// The filter queries of a request; each one must match, and none changes a score. The
/// gazetteer is loaded only for a filter that names an organization or a country: loading it
/// costs a search process milliseconds.
fn filters(fields: &Fields, request: &Selection) -> Result<Vec<Box<dyn Query>>> {
    let mut filters: Vec<Box<dyn Query>> = Vec::new();
    if !request.orgs.is_empty() {
        let g = gazetteer();
        let facets = request
            .orgs
            .iter()
            .map(|value| {
                let org = g.resolve_org(value).ok_or_else(|| Error::UnknownOrg {
                    value: value.clone(),
                    suggestions: g.suggest_orgs(value),
                })?;
                Ok(Facet::from_path(g.org_path(org)))
            })
            .collect::<Result<Vec<_>>>()?;
        filters.push(any_facet(fields.org, facets));
    }
    if !request.countries.is_empty() {
        filters.push(any_facet(fields.country, area_facets(&request.countries)?));
    }
    if !request.counterparts.is_empty() {
        filters.push(any_facet(
            fields.counterpart,
            area_facets(&request.counterparts)?,
        ));
    }
    if let (Some(from), Some(to)) = (request.from, request.to)
        && from > to
    {
        return Err(Error::EmptyDateRange {
            from: from.to_string(),
            to: to.to_string(),
        });
    }
    if request.from.is_some() || request.to.is_some() {
        let bound = |day: Option<Day>| match day {
            Some(day) => Bound::Included(Term::from_field_date(fields.date, indexed_date(day))),
            None => Bound::Unbounded,
        };
        filters.push(Box::new(RangeQuery::new(
            bound(request.from),
            bound(request.to),
        )));
    }
    Ok(filters)
}

/// The facets of countries or regions named by the user, or an error naming the value the
/// gazetteer does not know.
fn area_facets(values: &[String]) -> Result<Vec<Facet>> {
    let g = gazetteer();
    values
        .iter()
        .map(|value| {
            let area = g.resolve_area(value).ok_or_else(|| Error::UnknownCountry {
                value: value.clone(),
                suggestions: g.suggest_countries(value),
            })?;
            Ok(match area {
                Area::Country(i) => {
                    let c = &g.countries[i];
                    country_facet(&c.region, &c.subregion, &c.name)
                }
                Area::Subregion { region, subregion } => Facet::from_path([region, subregion]),
                Area::Region(region) => Facet::from_path([region]),
            })
        })
        .collect()
}

/// Matches documents with any of `facets` (or a descendant of one).
fn any_facet(field: Field, facets: Vec<Facet>) -> Box<dyn Query> {
    let terms: Vec<Box<dyn Query>> = facets
        .iter()
        .map(|facet| {
            let term = Term::from_facet(field, facet);
            Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>
        })
        .collect();
    Box::new(BooleanQuery::union(terms))
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

/// A hit (score, address) and the paths of its near-duplicates.
type Group = ((f32, DocAddress), Vec<String>);

/// Ranked candidates with their near-duplicates folded into the first of each group, in rank
/// order: each kept hit and the paths of the candidates below it that say nearly the same.
fn collapse(
    searcher: &Searcher,
    candidates: Vec<(f32, DocAddress)>,
) -> tantivy::Result<Vec<Group>> {
    let prints = segment_columns(searcher, |fast| fast.u64("fingerprint"))?;
    let mut kept: Vec<((f32, DocAddress), Vec<String>, u64)> = Vec::new();
    for (score, address) in candidates {
        let print = prints[address.segment_ord as usize]
            .first(address.doc_id)
            .unwrap_or(0);
        match kept
            .iter_mut()
            .find(|(_, _, p)| duplicates::near(*p, print))
        {
            Some((_, others, _)) => {
                let fast = searcher.segment_reader(address.segment_ord).fast_fields();
                let mut path = String::new();
                if let Some(paths) = fast.str("path")?
                    && let Some(ord) = paths.term_ords(address.doc_id).next()
                {
                    paths.ord_to_str(ord, &mut path)?;
                }
                others.push(path);
            }
            None => kept.push(((score, address), Vec::new(), print)),
        }
    }
    Ok(kept
        .into_iter()
        .map(|(hit, others, _)| (hit, others))
        .collect())
}

/// The last segment of each counted path, most frequent first.
fn counts(paths: Option<PathCounts>) -> Vec<FacetCount> {
    let paths = paths.unwrap_or_default();
    let mut out: Vec<FacetCount> = paths
        .iter()
        .map(|(path, count)| FacetCount {
            value: path.last().to_string(),
            count,
        })
        .collect();
    out.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    out
}

/// The Readout stored with a document: what a view shows, without re-extracting.
pub fn stored_readout(
    target: &ReadoutIndex,
    searcher: &Searcher,
    address: tantivy::DocAddress,
) -> Result<Readout> {
    let doc: TantivyDocument = searcher
        .doc(address)
        .map_err(|source| Error::index(&target.dir, source))?;
    doc.get_first(target.fields.readout)
        .and_then(|v| v.as_bytes())
        .and_then(stored::unpack)
        .ok_or_else(|| Error::Incompatible(target.dir.clone()))
}
