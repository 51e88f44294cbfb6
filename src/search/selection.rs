//! The selection: query text and filters turned into the one tantivy query that search,
//! facets and the timeline all read, so a filter means the same everywhere. Filters select and
//! never change a score.

use std::borrow::Cow;
use std::ops::Bound;

use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, QueryParser, RangeQuery, TermQuery,
};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::{ReloadPolicy, Searcher, Term};

use super::FacetField;
use super::phrase::exact_phrases;
use super::query;
use crate::error::{Error, Result};
use crate::extract::gazetteer::{Area, gazetteer};
use crate::index::ReadoutIndex;
use crate::index::schema::{country_facet, indexed_date};
use crate::readout::Day;

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
    /// Officials, any of whom a hit must name, by any form of the name: every word given must
    /// be in one name the readout gives ("Blinken", "Antony Blinken", "Lourenco").
    pub people: Vec<String>,
    /// Publication dates, inclusive; a readout without a date is outside any date filter.
    pub from: Option<Day>,
    pub to: Option<Day>,
}

/// A selection as tantivy queries.
pub struct Selected {
    /// The text query and the filters: the readouts selected, scored by the text alone.
    pub query: Box<dyn Query>,
    /// The text query alone, for snippets.
    pub text: Box<dyn Query>,
    /// Things the user should know about how the query was read.
    pub notes: Vec<String>,
    /// Each filter: a search that counts a field with its own filter lifted takes the query
    /// apart here.
    pub(crate) filters: Vec<Filter>,
}

/// A filter query, with the facet field whose values it filters on (none for dates).
pub(crate) type Filter = (Option<FacetField>, Box<dyn Query>);

impl Selected {
    /// The text query and the filters on anything but `lifted`.
    pub(crate) fn without(&self, lifted: &[FacetField]) -> Box<dyn Query> {
        let kept = self
            .filters
            .iter()
            .filter(|(on, _)| !on.is_some_and(|field| lifted.contains(&field)))
            .map(|(_, filter)| filter.box_clone());
        with_filters(&*self.text, kept)
    }

    /// The filter on `field`, if the selection has one.
    pub(crate) fn filter_on(&self, field: FacetField) -> Option<&dyn Query> {
        (self.filters.iter())
            .find(|(on, _)| *on == Some(field))
            .map(|(_, filter)| &**filter)
    }
}

/// Turns a selection into the query that matches it; filters select and never change a score.
pub fn select(target: &ReadoutIndex, selection: &Selection) -> Result<Selected> {
    let filters = filters(target, selection)?;
    let (text, notes) = text_query(target, &selection.query);
    let query = with_filters(&*text, filters.iter().map(|(_, f)| f.box_clone()));
    Ok(Selected {
        query,
        text,
        notes,
        filters,
    })
}

/// The readouts `text` matches that every filter selects, scored by `text` alone.
fn with_filters(text: &dyn Query, filters: impl Iterator<Item = Box<dyn Query>>) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text.box_clone())];
    for filter in filters {
        clauses.push((Occur::Must, Box::new(ConstScoreQuery::new(filter, 0.0))));
    }
    if clauses.len() == 1 {
        // As it is: a boolean query around it would keep tantivy from skipping the words'
        // blocks that cannot make the top when it ranks.
        return text.box_clone();
    }
    Box::new(BooleanQuery::new(clauses))
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

/// The query over title, body and entities. Plain words need not all match: a readout must
/// match most of them (`required_words`), and ranks higher the more it matches, so a long
/// query as an analyst types it still finds its readout. With explicit `AND`/`OR` the query
/// means what it says, and words not joined by either must all match. A query that does not
/// parse is searched as plain words, with a note.
fn text_query(target: &ReadoutIndex, text: &str) -> (Box<dyn Query>, Vec<String>) {
    if text.trim().is_empty() {
        return (Box::new(AllQuery), Vec::new());
    }
    let (text, mut notes) = bounded(text);
    let text = text.as_ref();
    let fields = &target.fields;
    let mut parser = QueryParser::for_index(&target.index, vec![fields.title, fields.body]);
    parser.set_field_boost(fields.title, TITLE_BOOST);
    parser.set_field_boost(fields.entity, ENTITY_BOOST);
    let rewritten = query::rewrite(text);
    let explicit = text.split_whitespace().any(|w| w == "AND" || w == "OR");
    if explicit {
        parser.set_conjunction_by_default();
    }
    let mut words = rewritten.words;
    let parsed = match parser.parse_query(&rewritten.text) {
        Ok(query) => {
            notes.extend(rewritten.notes);
            query
        }
        Err(_) => {
            let plain = query::rewrite(&query::plain_words(text));
            notes.extend(plain.notes);
            notes.push(
                "searched as plain words: the query's syntax could not be read (an unclosed \
                 quote or parenthesis, or an operator without a word)"
                    .into(),
            );
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

/// How deep parentheses may nest in a query: tantivy's query grammar recurses once a level.
const MAX_DEPTH: usize = 32;
/// How many words a query may have: more is not a query a person typed, and each costs a
/// scorer per field.
const MAX_WORDS: usize = 256;
/// How long a query may be, in bytes, before it is read as plain words.
const MAX_BYTES: usize = 8 * 1024;

/// The query as it may reach the parser: within the bounds above as typed, or else its first
/// `MAX_WORDS` plain words, with a note.
fn bounded(text: &str) -> (Cow<'_, str>, Vec<String>) {
    let mut depth = 0usize;
    let mut deepest = 0;
    for c in text.chars() {
        match c {
            '(' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    let words = text.split_whitespace().count();
    let note = if words > MAX_WORDS {
        format!("the query has {words} words: searched the first {MAX_WORDS} as plain words")
    } else if deepest > MAX_DEPTH {
        format!("parentheses nest deeper than {MAX_DEPTH} levels: searched as plain words")
    } else if text.len() > MAX_BYTES {
        format!("the query is over {MAX_BYTES} bytes: searched as plain words")
    } else {
        return (Cow::Borrowed(text), Vec::new());
    };
    let plain = query::plain_words(text);
    let kept: Vec<&str> = plain.split_whitespace().take(MAX_WORDS).collect();
    (Cow::Owned(kept.join(" ")), vec![note])
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
fn filters(target: &ReadoutIndex, request: &Selection) -> Result<Vec<Filter>> {
    let fields = &target.fields;
    let mut filters: Vec<Filter> = Vec::new();
    if !request.people.is_empty() {
        let people = people_filter(target, &request.people)?;
        filters.push((Some(FacetField::Person), people));
    }
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
        filters.push((Some(FacetField::Org), any_facet(fields.org, facets)));
    }
    if !request.countries.is_empty() {
        let countries = any_facet(fields.country, area_facets(&request.countries)?);
        filters.push((Some(FacetField::Country), countries));
    }
    if !request.counterparts.is_empty() {
        let counterparts = any_facet(fields.counterpart, area_facets(&request.counterparts)?);
        filters.push((Some(FacetField::Counterpart), counterparts));
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
        let dates = RangeQuery::new(bound(request.from), bound(request.to));
        filters.push((None, Box::new(dates)));
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
/// Readouts that name any of `people`: each name's words all in the `people` field, through
/// the analyzer every name was indexed with, so forms and diacritics fold alike.
fn people_filter(target: &ReadoutIndex, people: &[String]) -> Result<Box<dyn Query>> {
    let field = target.fields.people;
    let mut analyzer = target
        .index
        .tokenizer_for_field(field)
        .map_err(|source| Error::index(&target.dir, source))?;
    let names = people
        .iter()
        .map(|name| {
            let mut words: Vec<Box<dyn Query>> = Vec::new();
            let mut stream = analyzer.token_stream(name);
            while let Some(token) = stream.next() {
                let term = Term::from_field_text(field, &token.text);
                words.push(Box::new(TermQuery::new(term, IndexRecordOption::Basic)));
            }
            if words.is_empty() {
                return Err(Error::NoPersonWords(name.clone()));
            }
            Ok(Box::new(BooleanQuery::intersection(words)) as Box<dyn Query>)
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Box::new(BooleanQuery::union(names)))
}

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
