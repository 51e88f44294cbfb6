//! Readouts like one readout: tantivy's more-like-this over its title and body, plus the
//! countries and organizations it names, weighted by how rare they are. Never the readout
//! itself, nor a copy of it with the same content.

use std::time::{Duration, Instant};

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, ConstScoreQuery, MoreLikeThisQuery, Occur, Query, TermQuery};
use tantivy::schema::{Facet, IndexRecordOption, OwnedValue};
use tantivy::{Searcher, Term};

use crate::error::{Error, Result};
use crate::index::ReadoutIndex;
use crate::index::schema::country_facet;
use crate::index::stored::stored_readout;
use crate::readout::Readout;
use crate::search::threads;
use crate::search::{Duplicate, collapse, duplicates_at, searcher};
use crate::views::lookup;

/// Words that occur fewer times than this in the readout do not make it into the query.
const MIN_TERM_FREQUENCY: usize = 2;
/// The most distinctive words kept from the readout.
const MAX_QUERY_TERMS: usize = 25;
/// How much a shared country or organization counts, times its inverse document frequency.
const ENTITY_WEIGHT: f32 = 1.0;

/// What the user asks for.
#[derive(Debug, Clone)]
pub struct SimilarRequest {
    /// The readout's id, or a prefix of it that only it has.
    pub id: String,
    pub limit: usize,
}

/// The readout and those most like it.
#[derive(Debug)]
pub struct SimilarResults {
    pub readout: Readout,
    /// Near-duplicates of the readout itself: the same release, not a similar one.
    pub copies: Vec<Duplicate>,
    pub hits: Vec<SimilarHit>,
    pub took: Duration,
}

/// One readout like the given one.
#[derive(Debug)]
pub struct SimilarHit {
    pub rank: usize,
    pub score: f32,
    pub readout: Readout,
    /// Near-duplicates folded into this hit.
    pub duplicates: Vec<Duplicate>,
}

/// Finds the readouts most like the one `request.id` names, best first.
pub fn similar(target: &ReadoutIndex, request: &SimilarRequest) -> Result<SimilarResults> {
    let started = Instant::now();
    let searcher = searcher(target)?;
    let address = lookup::find(target, &searcher, &request.id)?;
    let readout = stored_readout(target, &searcher, address)?;
    let index_error = |source| Error::index(&target.dir, source);
    let query = like(target, &searcher, &readout).map_err(index_error)?;
    // More candidates than shown: near-duplicates fold into the first of their group, and
    // copies of the readout itself leave the list.
    let limit = request.limit.max(1);
    let window = limit.saturating_mul(3).saturating_add(20);
    let top = threads::search(
        &searcher,
        &query,
        &TopDocs::with_limit(window.min(searcher.num_docs().max(1) as usize)).order_by_score(),
    )
    .map_err(index_error)?;
    // The readout itself heads the candidates: what folds into it is a copy of it.
    let others = top.into_iter().filter(|&(_, other)| other != address);
    let candidates = std::iter::once((f32::INFINITY, address))
        .chain(others)
        .collect();
    let mut groups = collapse(&searcher, candidates).map_err(index_error)?;
    let itself = groups.remove(0);
    let mut hits = Vec::new();
    for (i, ((score, address), duplicates)) in groups.into_iter().take(limit).enumerate() {
        hits.push(SimilarHit {
            rank: i + 1,
            score,
            readout: stored_readout(target, &searcher, address)?,
            duplicates: duplicates_at(target, &searcher, &duplicates)?,
        });
    }
    let copies = duplicates_at(target, &searcher, &itself.1)?;
    Ok(SimilarResults {
        readout,
        copies,
        hits,
        took: started.elapsed(),
    })
}

/// The query for readouts like `readout`: its distinctive words and its entities.
fn like(
    target: &ReadoutIndex,
    searcher: &Searcher,
    readout: &Readout,
) -> tantivy::Result<BooleanQuery> {
    let fields = &target.fields;
    let text = MoreLikeThisQuery::builder()
        .with_min_doc_frequency(2)
        .with_min_term_frequency(MIN_TERM_FREQUENCY)
        .with_max_query_terms(MAX_QUERY_TERMS)
        .with_document_fields(vec![
            (fields.title, vec![OwnedValue::Str(readout.title.clone())]),
            (fields.body, vec![OwnedValue::Str(readout.body.clone())]),
        ]);
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Should, Box::new(text))];

    let countries = readout.countries.iter().map(|c| {
        Term::from_facet(
            fields.country,
            &country_facet(&c.region, &c.subregion, &c.name),
        )
    });
    let orgs = readout
        .organizations
        .iter()
        .map(|o| Term::from_facet(fields.org, &Facet::from_path(&o.path)));
    let documents = searcher.num_docs();
    for term in countries.chain(orgs) {
        let frequency = searcher.doc_freq(&term)?;
        if frequency < 2 {
            continue;
        }
        let weight = ENTITY_WEIGHT * idf(frequency, documents);
        let matches = TermQuery::new(term, IndexRecordOption::Basic);
        clauses.push((
            Occur::Should,
            Box::new(ConstScoreQuery::new(Box::new(matches), weight)),
        ));
    }

    Ok(BooleanQuery::new(clauses))
}

/// BM25's inverse document frequency: a value few readouts share says more.
fn idf(frequency: u64, documents: u64) -> f32 {
    let (n, total) = (frequency as f32, documents as f32);
    (1.0 + (total - n + 0.5) / (n + 0.5)).ln()
}
