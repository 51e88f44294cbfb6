//! Queries of words, matched a segment at a time as bitsets and ranked over them. tantivy's
//! unions and intersections walk their clauses a document at a time, scoring every match as
//! it is counted: a word in most readouts made counting cost more than ranking. Here each
//! word's postings are read a block at a time into a bitset, and the bitsets are combined a
//! machine word at a time, as tantivy's boolean queries combine their clauses; the total and
//! the facet counts read the bitsets, and tantivy ranks only what can make the top.

use std::sync::Arc;

use tantivy::collector::Collector;
use tantivy::query::{
    BooleanQuery, BoostQuery, EnableScoring, Explanation, Occur, Query, Scorer, TermQuery, Weight,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{
    COLLECT_BLOCK_BUFFER_LEN, DocId, DocSet, Score, Searcher, SegmentReader, TERMINATED, Term,
};

use super::counting::{FieldCounts, LevelCounts};
use crate::index::bits::Bits;
use crate::search::threads;

/// The readouts a query of words matches, read from bitsets, and how they rank.
pub(crate) struct Matching {
    node: Node,
    /// Every word that scores, as one union.
    words: BooleanQuery,
}

impl Matching {
    /// The query's matcher, when bitsets match it cheaper than tantivy's own walk and its
    /// words rank it (`add_words`): a boolean query of several clauses, each a word or a union
    /// of words, or an exclusion. A phrase is matched anyway when the hits are ranked, and a
    /// filter of few readouts is cheaper to intersect than to read whole.
    pub(crate) fn of(query: &dyn Query, searcher: &Searcher) -> tantivy::Result<Option<Matching>> {
        let mut words = Vec::new();
        if !combines(query) || !add_words(query, &mut words) {
            return Ok(None);
        }
        let unscored = EnableScoring::disabled_from_searcher(searcher);
        Ok(Some(Matching {
            node: Node::of(query, unscored)?,
            words: BooleanQuery::union(words),
        }))
    }

    /// The readouts selected, the counts of their facets, and the selection of each segment
    /// (as tantivy's `(Count, LevelCounts, SelectedDocs)` collect them), on every search
    /// thread.
    pub(crate) fn count(
        &self,
        searcher: &Searcher,
        counted: &LevelCounts,
    ) -> tantivy::Result<(usize, Vec<FieldCounts>, Vec<Bits>)> {
        let pass = self.each_segment(searcher, counted, |_, _, _| Ok(()))?;
        Ok((total(&pass.selected), pass.counts, pass.selected))
    }

    /// `count`, and the best of the selected readouts by `top`, in the same pass over the
    /// segments. They rank by the sum of the scores of the words they hold, their score under
    /// the query (`add_words`); tantivy ranks that union of words by skipping what cannot make
    /// the top (block-max WAND), and passes over a readout outside the selection as over a
    /// deleted one.
    pub(crate) fn count_and_rank<C: Collector>(
        &self,
        searcher: &Searcher,
        counted: &LevelCounts,
        top: &C,
    ) -> tantivy::Result<(usize, Vec<FieldCounts>, C::Fruit)> {
        let scoring = EnableScoring::enabled_from_searcher(searcher);
        let words: Arc<dyn Weight> = Arc::from(self.words.weight(scoring)?);
        let rank = |ord: u32, segment: &SegmentReader, selected: &Bits| {
            let ranked = RankedWeight {
                words: words.clone(),
                selected: selected.clone(),
            };
            top.collect_segment(&ranked, ord, segment)
        };
        let pass = self.each_segment(searcher, counted, rank)?;
        Ok((
            total(&pass.selected),
            pass.counts,
            top.merge_fruits(pass.done)?,
        ))
    }

    /// Selects, counts, and does `also`, a segment at a time (`threads::each_segment`).
    fn each_segment<R: Send>(
        &self,
        searcher: &Searcher,
        counted: &LevelCounts,
        also: impl Fn(u32, &SegmentReader, &Bits) -> tantivy::Result<R> + Sync,
    ) -> tantivy::Result<Pass<R>> {
        let passes = threads::each_segment(searcher, |ord, segment| -> tantivy::Result<_> {
            let selected = self.selected(segment)?;
            let done = also(ord, segment, &selected)?;
            let counts = counted.count_segment(segment, selected.clone());
            Ok((selected, counts, done))
        });
        let (mut selected, mut counts, mut done) = (Vec::new(), Vec::new(), Vec::new());
        for pass in passes {
            let (segment_selected, segment_counts, segment_done) = pass?;
            selected.push(segment_selected);
            counts.push(segment_counts);
            done.push(segment_done);
        }
        Ok(Pass {
            counts: counted.merge_fruits(counts)?,
            selected,
            done,
        })
    }

    /// Whether counting from bitsets and ranking the selection by its words (`count_and_rank`)
    /// costs less than counting every match as tantivy ranks `query`, the query matched. It
    /// does, unless tantivy ranks the query by skipping anyway (a union of words) and none of
    /// its words is in over a fifth of the readouts: reading every word's postings whole then
    /// costs more than it saves (`Malaysia`, in 14 % of the generated readouts: 5 % slower).
    pub(crate) fn pays(&self, query: &dyn Query, searcher: &Searcher) -> tantivy::Result<bool> {
        let union = query.downcast_ref::<BooleanQuery>().is_some_and(|boolean| {
            boolean.get_minimum_number_should_match() <= 1
                && (boolean.clauses().iter())
                    .all(|(occur, clause)| *occur == Occur::Should && is_word(&**clause))
        });
        if !union {
            return Ok(true);
        }
        let mut terms = Vec::new();
        self.words
            .query_terms(&mut |term, _| terms.push(term.clone()));
        let mut most = 0;
        for term in &terms {
            most = most.max(searcher.doc_freq(term)?);
        }
        Ok(most * 5 > searcher.num_docs())
    }

    /// The live documents of the segment the query matches.
    fn selected(&self, segment: &SegmentReader) -> tantivy::Result<Bits> {
        let mut bits = self.node.matches(segment)?;
        if let Some(alive) = segment.alive_bitset() {
            let deleted: Vec<DocId> = bits.docs().filter(|&d| alive.is_deleted(d)).collect();
            for doc in deleted {
                bits.remove(doc);
            }
        }
        Ok(bits)
    }
}

/// Adds the query's words to `words`, when a readout the query matches scores the sum of the
/// scores of its words that it holds: when each clause of the query, bar exclusions, is a word
/// or a union of words. A union scores every word of it a readout holds; a clause that can
/// fail while some of its words are in the readout (`energy AND security`, `energy
/// -security`) does not, and neither does a phrase, a filter or a boost of several words.
fn add_words(query: &dyn Query, words: &mut Vec<Box<dyn Query>>) -> bool {
    let Some(boolean) = query.downcast_ref::<BooleanQuery>() else {
        return add_union(query, words);
    };
    match boolean.clauses() {
        [(Occur::Must, only)] => add_words(&**only, words),
        clauses => clauses
            .iter()
            .all(|(occur, clause)| *occur == Occur::MustNot || add_union(&**clause, words)),
    }
}

/// Adds the words of a word, or of a union of words (of unions of words), to `words`.
fn add_union(query: &dyn Query, words: &mut Vec<Box<dyn Query>>) -> bool {
    if let Some(boolean) = query.downcast_ref::<BooleanQuery>() {
        return boolean.get_minimum_number_should_match() <= 1
            && (boolean.clauses().iter())
                .all(|(occur, clause)| *occur == Occur::Should && add_union(&**clause, words));
    }
    let word = is_word(query);
    if word {
        words.push(query.box_clone());
    }
    word
}

/// Whether the query is one word: a term, or a boost of one (the parser boosts the title's
/// words, and a boost of a word scores as the word does).
fn is_word(query: &dyn Query) -> bool {
    let (mut terms, mut positions) = (0, false);
    query.query_terms(&mut |_, needs_positions| {
        terms += 1;
        positions |= needs_positions;
    });
    let term = query.downcast_ref::<TermQuery>().is_some();
    let boost = query.downcast_ref::<BoostQuery>().is_some();
    (term || boost) && terms == 1 && !positions
}

/// What a pass over the segments found: the facet counts of the readouts selected, each
/// segment's selection, and what else was done with it.
struct Pass<R> {
    counts: Vec<FieldCounts>,
    selected: Vec<Bits>,
    done: Vec<R>,
}

/// How many readouts the segments' selections hold.
fn total(selected: &[Bits]) -> usize {
    selected.iter().map(|bits| bits.len() as usize).sum()
}

/// The query's words, over one segment's selection.
struct RankedWeight {
    words: Arc<dyn Weight>,
    selected: Bits,
}

impl Weight for RankedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let scorer = self.words.scorer(reader, boost)?;
        Ok(Box::new(SelectedScorer::new(scorer, self.selected.clone())))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        if self.selected.bit(doc) == 0 {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} is not selected"
            )));
        }
        self.words.explain(reader, doc)
    }

    fn for_each_pruning(
        &self,
        threshold: Score,
        reader: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score) -> Score,
    ) -> tantivy::Result<()> {
        let mut threshold = threshold;
        self.words
            .for_each_pruning(threshold, reader, &mut |doc, score| {
                if self.selected.bit(doc) == 1 {
                    threshold = callback(doc, score);
                }
                threshold
            })
    }
}

/// A scorer's documents that are selected.
struct SelectedScorer {
    scorer: Box<dyn Scorer>,
    selected: Bits,
}

impl SelectedScorer {
    fn new(scorer: Box<dyn Scorer>, selected: Bits) -> SelectedScorer {
        let mut docs = SelectedScorer { scorer, selected };
        if docs.selected.bit(docs.scorer.doc()) == 0 {
            docs.advance();
        }
        docs
    }
}

impl DocSet for SelectedScorer {
    fn advance(&mut self) -> DocId {
        loop {
            let doc = self.scorer.advance();
            if doc == TERMINATED || self.selected.bit(doc) == 1 {
                return doc;
            }
        }
    }

    fn doc(&self) -> DocId {
        self.scorer.doc()
    }

    fn size_hint(&self) -> u32 {
        self.scorer.size_hint()
    }
}

impl Scorer for SelectedScorer {
    fn score(&mut self) -> Score {
        self.scorer.score()
    }
}

/// Whether the query is a boolean query of several clauses, once boolean queries of one
/// required clause are looked through.
fn combines(query: &dyn Query) -> bool {
    let Some(boolean) = query.downcast_ref::<BooleanQuery>() else {
        return false;
    };
    match boolean.clauses() {
        [(Occur::Must, only)] => combines(&**only),
        clauses => clauses.len() > 1,
    }
}

/// A query as the bitsets are combined.
enum Node {
    /// A word's documents, read from its postings.
    Term(Term),
    /// What tantivy's boolean query matches: every `must`, at least `minimum` of `should`
    /// (at least one when there is no `must`), none of `must_not`.
    Boolean {
        must: Vec<Node>,
        should: Vec<Node>,
        must_not: Vec<Node>,
        minimum: usize,
    },
    /// Any other query, matched by tantivy.
    Other(Box<dyn Weight>),
}

impl Node {
    fn of(query: &dyn Query, unscored: EnableScoring<'_>) -> tantivy::Result<Node> {
        if let Some(term) = query.downcast_ref::<TermQuery>() {
            return Ok(Node::Term(term.term().clone()));
        }
        let Some(boolean) = query.downcast_ref::<BooleanQuery>() else {
            return Ok(Node::Other(query.weight(unscored)?));
        };
        let (mut must, mut should, mut must_not) = (Vec::new(), Vec::new(), Vec::new());
        for (occur, clause) in boolean.clauses() {
            let node = Node::of(&**clause, unscored)?;
            match occur {
                Occur::Must => must.push(node),
                Occur::Should => should.push(node),
                Occur::MustNot => must_not.push(node),
            }
        }
        Ok(Node::Boolean {
            must,
            should,
            must_not,
            minimum: boolean.get_minimum_number_should_match(),
        })
    }

    /// The documents of the segment the node matches, deleted ones included.
    fn matches(&self, segment: &SegmentReader) -> tantivy::Result<Bits> {
        let max_doc = segment.max_doc();
        match self {
            Node::Term(term) => {
                let mut bits = Bits::new(max_doc);
                let inverted = segment.inverted_index(term.field())?;
                if let Some(mut block) =
                    inverted.read_block_postings(term, IndexRecordOption::Basic)?
                {
                    while !block.docs().is_empty() {
                        bits.insert_block(block.docs());
                        block.advance();
                    }
                }
                Ok(bits)
            }
            Node::Other(weight) => matched(&**weight, segment),
            Node::Boolean {
                must,
                should,
                must_not,
                minimum,
            } => {
                let mut required: Option<Bits> = None;
                for node in must {
                    both(&mut required, node.matches(segment)?);
                }
                let minimum = *minimum;
                if minimum > should.len() {
                    return Ok(Bits::new(max_doc));
                }
                // Without a minimum, `should` only scores beside a `must`.
                let optional = minimum == 0 && required.is_some();
                if !should.is_empty() && !optional {
                    let shoulds = should
                        .iter()
                        .map(|node| node.matches(segment))
                        .collect::<tantivy::Result<Vec<_>>>()?;
                    both(&mut required, Bits::at_least(minimum, &shoulds, max_doc));
                }
                let Some(mut matched) = required else {
                    return Ok(Bits::new(max_doc));
                };
                for node in must_not {
                    matched.and_not(&node.matches(segment)?);
                }
                Ok(matched)
            }
        }
    }
}

/// The documents of the segment `weight` matches, deleted ones included.
pub(crate) fn matched(weight: &dyn Weight, segment: &SegmentReader) -> tantivy::Result<Bits> {
    let mut bits = Bits::new(segment.max_doc());
    let mut scorer = weight.scorer(segment, 1.0)?;
    let mut buffer = [0; COLLECT_BLOCK_BUFFER_LEN];
    loop {
        let n = scorer.fill_buffer(&mut buffer);
        if n == 0 {
            break;
        }
        bits.insert_block(&buffer[..n]);
    }
    Ok(bits)
}

/// Keeps in `all` what `bits` selects too; the first bits are kept whole.
fn both(all: &mut Option<Bits>, bits: Bits) {
    match all {
        Some(all) => all.and(&bits),
        None => *all = Some(bits),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use tantivy::DocAddress;
    use tantivy::collector::{DocSetCollector, TopDocs};

    use super::*;
    use crate::index;
    use crate::search::{Selection, searcher, select};

    #[test]
    fn bitsets_match_what_tantivy_matches_across_segments_and_deletions() {
        let (_dir, target) = index::two_segments(7, 8, |_, text| text);
        let searcher = searcher(&target).unwrap();
        assert!(searcher.segment_readers().len() > 1);
        assert!(searcher.segment_readers().iter().any(|s| s.has_deletes()));
        let queries = [
            "security",
            "energy security",
            "trade energy cooperation",
            "trade energy cooperation security minister",
            "trade OR energy",
            "trade AND -energy",
            "+trade energy -sanctions",
            "(trade OR energy) AND security",
            "Malaysia",
            "Malaysian minister",
            "title:security",
            "-trade",
            "sanctions OR \"foreign minister\"",
            "security -\"foreign minister\"",
            // Clauses that can fail while some of their words are in a readout.
            "trade OR (energy AND -security)",
            "(energy AND security) OR trade",
            "trade OR (energy security)",
        ];
        let mut compared = 0;
        for query in queries {
            let selection = Selection {
                query: query.to_string(),
                ..Selection::default()
            };
            let query = select(&target, &selection).unwrap().query;
            let expected = searcher.search(&*query, &DocSetCollector).unwrap();
            let Some(matching) = Matching::of(&*query, &searcher).unwrap() else {
                continue;
            };
            let nothing = LevelCounts::new(&target.facet_cache, Vec::new());
            let (total, _, selected) = matching.count(&searcher, &nothing).unwrap();
            let top = TopDocs::with_limit(20).order_by_score();
            let (_, _, ranked) = (matching.count_and_rank(&searcher, &nothing, &top)).unwrap();
            assert_eq!(total, expected.len(), "{query:?}");
            let ours: HashSet<DocAddress> = selected
                .iter()
                .enumerate()
                .flat_map(|(ord, bits)| {
                    bits.docs().map(move |doc| DocAddress::new(ord as u32, doc))
                })
                .collect();
            assert_eq!(ours, expected, "{query:?}");
            // The words rank the selection with the query's own scores, bar the order in
            // which they are summed.
            let by_query = searcher.search(&*query, &top).unwrap();
            assert_eq!(ranked.len(), by_query.len().min(20), "{query:?}");
            for ((ours, _), (theirs, _)) in ranked.iter().zip(&by_query) {
                assert!((ours - theirs).abs() <= theirs.abs() * 1e-5, "{query:?}");
            }
            compared += 1;
        }
        assert!(compared >= 9, "only {compared} queries matched by bitsets");
    }

    #[test]
    fn at_least_counts_each_document_s_sets() {
        let max_doc = 300;
        let sets_of = |n: u32| -> Vec<Bits> {
            (1..=n)
                .map(|k| {
                    let docs: Vec<DocId> = (0..max_doc)
                        .filter(|d| d % k == 0 || d % 7 == k % 7)
                        .collect();
                    Bits::of(&docs, max_doc)
                })
                .collect()
        };
        // Nine sets, and more than 255: counts of more binary digits than a byte holds.
        for (sets, minimums) in [
            (sets_of(9), vec![1, 2, 3, 5, 9, 10]),
            (sets_of(300), vec![1, 43, 44, 45, 256, 300]),
        ] {
            for minimum in minimums {
                let expected: Vec<DocId> = (0..max_doc)
                    .filter(|&d| sets.iter().filter(|s| s.bit(d) == 1).count() >= minimum)
                    .collect();
                let counted = Bits::at_least(minimum, &sets, max_doc);
                assert_eq!(counted.docs().collect::<Vec<_>>(), expected, "{minimum}");
            }
        }
    }
}
