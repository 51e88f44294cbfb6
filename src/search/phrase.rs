//! Exact phrases, matched and scored as tantivy's phrase query does, with each document's
//! positions found as the postings are read. tantivy's phrase scorer finds where a document's
//! positions start by summing the term frequencies of its block up to it, for every document
//! that holds all the words; here that sum grows as the postings are read. A phrase whose
//! words are common is matched in half the time (BENCHMARKS.md, eighth round). And where the
//! field has its pairs of common words indexed (`pairs`), a phrase that is one pair reads the
//! pair's postings alone, and a longer one seeks its rarest pair's documents first
//! (fourteenth round).

use crate::text::pairs;
use tantivy::directory::{CompositeFile, FileSlice};
use tantivy::fieldnorm::FieldNormReader;
use tantivy::index::SegmentComponent;
use tantivy::positions::PositionReader;
use tantivy::postings::{BlockSegmentPostings, Postings, SegmentPostings};
use tantivy::query::{
    Bm25Weight, BooleanQuery, EmptyScorer, EnableScoring, Explanation, PhraseQuery, Query, Scorer,
    Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Directory, DocId, DocSet, Index, Score, SegmentReader, TERMINATED, Term};

/// `query` with each exact phrase in it, at any depth of boolean clauses, read by
/// `ExactPhrase`, with the field of the pairs of common words (`pairs`) of each text field
/// in `pair_fields` that has one. Other queries, and phrases inside them, stay as they are.
pub(super) fn exact_phrases(
    query: Box<dyn Query>,
    pair_fields: &[(Field, Field)],
) -> Box<dyn Query> {
    if let Some(phrase) = query.downcast_ref::<PhraseQuery>() {
        return match ExactPhrase::of(phrase) {
            Some(mut exact) => {
                exact.pairs = pair_fields
                    .iter()
                    .find(|(text, _)| *text == phrase.field())
                    .map(|&(_, pairs)| pairs);
                Box::new(exact)
            }
            None => query,
        };
    }
    if let Some(boolean) = query.downcast_ref::<BooleanQuery>() {
        let clauses = boolean
            .clauses()
            .iter()
            .map(|(occur, clause)| (*occur, exact_phrases(clause.box_clone(), pair_fields)))
            .collect();
        return Box::new(BooleanQuery::with_minimum_required_clauses(
            clauses,
            boolean.get_minimum_number_should_match(),
        ));
    }
    query
}

/// A phrase whose words must follow each other, with no slop.
#[derive(Debug, Clone)]
pub(super) struct ExactPhrase {
    /// tantivy's own query for the phrase: it explains scores, and reads a segment whose
    /// positions cannot be opened here.
    phrase: PhraseQuery,
    /// The field that holds the pairs of common words of the phrase's field, if one does.
    pairs: Option<Field>,
}

impl ExactPhrase {
    /// The phrase as an exact phrase, if it is one: its words at offsets 0, 1, 2… and no
    /// slop. tantivy keeps offsets and slop to itself, so the phrase must read the same as
    /// the plain phrase of its terms.
    pub(super) fn of(phrase: &PhraseQuery) -> Option<ExactPhrase> {
        let plain = PhraseQuery::new(phrase.phrase_terms());
        (format!("{phrase:?}") == format!("{plain:?}")).then_some(ExactPhrase {
            phrase: plain,
            pairs: None,
        })
    }
}

impl Query for ExactPhrase {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let fallback = self.phrase.weight(scoring)?;
        let Some(searcher) = scoring.searcher() else {
            return Ok(fallback);
        };
        let terms = self.phrase.phrase_terms();
        let similarity = match scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => Some(Bm25Weight::for_terms(statistics_provider, &terms)?),
            EnableScoring::Disabled { .. } => None,
        };
        let words: Vec<String> = terms
            .iter()
            .filter_map(|term| term.value().as_str().map(str::to_string))
            .collect();
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let (pairs, whole_pair) = match self.pairs {
            Some(field) => {
                let pairs = words
                    .windows(2)
                    .chain(words.windows(3))
                    .filter_map(pairs::pair_term)
                    .map(|pair| Term::from_field_text(field, &pair))
                    .collect();
                (pairs, pairs::pair_term(&words).is_some())
            }
            None => (Vec::new(), false),
        };
        Ok(Box::new(ExactPhraseWeight {
            terms,
            pairs,
            whole_pair,
            similarity,
            index: searcher.index().clone(),
            fallback,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.phrase.query_terms(visitor);
    }
}

struct ExactPhraseWeight {
    terms: Vec<Term>,
    /// The phrase's pairs of common words, as indexed (`pairs`).
    pairs: Vec<Term>,
    /// Whether the phrase is one pair.
    whole_pair: bool,
    /// None when the search does not score.
    similarity: Option<Bm25Weight>,
    index: Index,
    fallback: Box<dyn Weight>,
}

impl ExactPhraseWeight {
    /// The positions of the phrase's field in a segment: the file tantivy's own postings read.
    fn positions(&self, reader: &SegmentReader) -> Option<FileSlice> {
        let meta = self
            .index
            .new_segment_meta(reader.segment_id(), reader.max_doc());
        let path = meta.relative_path(SegmentComponent::Positions);
        let file = self.index.directory().open_read(&path).ok()?;
        CompositeFile::open(&file)
            .ok()?
            .open_read(self.terms[0].field())
    }
}

impl Weight for ExactPhraseWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let Some(positions) = self.positions(reader) else {
            return self.fallback.scorer(reader, boost);
        };
        let field = self.terms[0].field();
        let scoring = PhraseScoring {
            fieldnorms: match reader.fieldnorms_readers().get_field(field)? {
                Some(fieldnorms) if self.similarity.is_some() => fieldnorms,
                _ => FieldNormReader::constant(reader.max_doc(), 1),
            },
            similarity: self.similarity.as_ref().map(|s| s.boost_by(boost)),
        };
        // The rarest pair: the phrase's readouts are among those that hold it.
        let mut rarest: Option<SegmentPostings> = None;
        for pair in &self.pairs {
            let inverted = reader.inverted_index(pair.field())?;
            let Some(info) = inverted.get_term_info(pair)? else {
                return Ok(Box::new(EmptyScorer));
            };
            if rarest.as_ref().is_none_or(|r| info.doc_freq < r.doc_freq()) {
                rarest = Some(
                    inverted.read_postings_from_terminfo(&info, IndexRecordOption::WithFreqs)?,
                );
            }
        }
        if let Some(pair) = rarest.take_if(|_| self.whole_pair) {
            // Where and how often the pair occurs is where and how often the phrase does.
            return Ok(Box::new(PairScorer { pair, scoring }));
        }
        let inverted = reader.inverted_index(field)?;
        let mut words = Vec::with_capacity(self.terms.len());
        for term in &self.terms {
            let Some(info) = inverted.get_term_info(term)? else {
                return Ok(Box::new(EmptyScorer));
            };
            let postings =
                inverted.read_block_postings_from_terminfo(&info, IndexRecordOption::WithFreqs)?;
            let positions = positions.read_bytes_slice(info.positions_range.clone())?;
            words.push(Word {
                postings,
                at: 0,
                block_start: 0,
                in_block: 0,
                positions: PositionReader::open(positions)?,
                block_positions: Vec::new(),
            });
        }
        let mut scorer = ExactPhraseScorer {
            words,
            rarest_pair: rarest,
            doc: 0,
            count: 0,
            scoring,
            matches: Vec::new(),
        };
        scorer.find_match();
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.fallback.explain(reader, doc)
    }
}

/// One word of the phrase in a segment: its postings a block at a time, and where the
/// positions of the document it is on start.
struct Word {
    postings: BlockSegmentPostings,
    /// The document's index in the block.
    at: usize,
    /// Positions of the blocks before this one.
    block_start: u64,
    /// Positions of the documents before this one in the block.
    in_block: u64,
    positions: PositionReader,
    /// The positions of the block's documents, each as its difference from the document's
    /// position before (from 0 for its first). Read at once when a document of the block is
    /// first checked: read a document at a time, they cost more per call than per position.
    /// Empty until then, as every document holds the word at least once.
    block_positions: Vec<u32>,
}

impl Word {
    fn doc(&self) -> DocId {
        self.postings
            .docs()
            .get(self.at)
            .copied()
            .unwrap_or(TERMINATED)
    }

    fn advance(&mut self) {
        self.in_block += u64::from(self.postings.freq(self.at));
        self.at += 1;
        if self.at == self.postings.block_len() {
            self.next_block();
        }
    }

    /// Moves to the next block, once `in_block` counts all of this block's positions.
    fn next_block(&mut self) {
        self.block_start += self.in_block;
        self.in_block = 0;
        self.block_positions.clear();
        self.at = 0;
        self.postings.advance();
    }

    /// Moves to the first document at or after `target`. Every block is read on the way,
    /// since each one's term frequencies say where the next one's positions start.
    fn seek(&mut self, target: DocId) -> DocId {
        while self.doc() < target {
            if self
                .postings
                .docs()
                .last()
                .is_some_and(|&last| last < target)
            {
                let rest: u32 = self.postings.freqs()[self.at..].iter().sum();
                self.in_block += u64::from(rest);
                self.next_block();
            } else {
                self.advance();
            }
        }
        self.doc()
    }

    /// The document's positions, each as its difference from the one before (from 0 for the
    /// first).
    fn deltas(&mut self) -> &[u32] {
        if self.block_positions.is_empty() {
            let total: u32 = self.postings.freqs().iter().sum();
            self.block_positions.resize(total as usize, 0);
            self.positions
                .read(self.block_start, &mut self.block_positions);
        }
        let start = self.in_block as usize;
        let count = self.postings.freq(self.at) as usize;
        &self.block_positions[start..start + count]
    }
}

struct ExactPhraseScorer {
    words: Vec<Word>,
    /// The postings of the phrase's rarest pair of common words, if it has one: only the
    /// readouts in them may hold the phrase.
    rarest_pair: Option<SegmentPostings>,
    doc: DocId,
    /// How many times the phrase occurs in `doc`.
    count: u32,
    scoring: PhraseScoring,
    /// Where the phrase can start, as the words are checked one after the other.
    matches: Vec<u32>,
}

impl ExactPhraseScorer {
    /// Stops at the first document from where the words are on that holds the phrase.
    fn find_match(&mut self) -> DocId {
        loop {
            let mut doc = self.words[0].doc();
            let mut all = false;
            while !all && doc != TERMINATED {
                all = true;
                if let Some(pair) = &mut self.rarest_pair {
                    let at = if pair.doc() < doc {
                        pair.seek(doc)
                    } else {
                        pair.doc()
                    };
                    if at != doc {
                        doc = at;
                        all = false;
                        continue;
                    }
                }
                for word in &mut self.words {
                    let at = word.seek(doc);
                    if at != doc {
                        doc = at;
                        all = false;
                        break;
                    }
                }
            }
            self.doc = doc;
            if doc == TERMINATED {
                return doc;
            }
            self.count = self.occurrences();
            if self.count > 0 {
                return doc;
            }
            self.words[0].advance();
        }
    }

    /// How many times the words follow each other in the document all of them are on. Word
    /// `i`'s positions are shifted by `n - 1 - i`, so a phrase's words share one position.
    fn occurrences(&mut self) -> u32 {
        let last = self.words.len() as u32 - 1;
        let (first, rest) = self.words.split_at_mut(1);
        self.matches.clear();
        self.matches
            .extend(first[0].deltas().iter().scan(last, |position, delta| {
                *position += delta;
                Some(*position)
            }));
        for (i, word) in rest.iter_mut().enumerate() {
            keep_common(&mut self.matches, word.deltas(), last - 1 - i as u32);
            if self.matches.is_empty() {
                return 0;
            }
        }
        self.matches.len() as u32
    }
}

/// Keeps in `left`, a sorted list, the positions it shares with a document's positions given
/// as differences (`Word::deltas`), each plus `shift`.
fn keep_common(left: &mut Vec<u32>, deltas: &[u32], shift: u32) {
    let (mut kept, mut j, mut right) = (0, 0, shift);
    // `right` is the position of `deltas[j - 1]`; none is read yet while `j` is 0.
    for i in 0..left.len() {
        let value = left[i];
        while j == 0 || right < value {
            let Some(delta) = deltas.get(j) else {
                left.truncate(kept);
                return;
            };
            right += delta;
            j += 1;
        }
        if right == value {
            left[kept] = value;
            kept += 1;
        }
    }
    left.truncate(kept);
}

impl DocSet for ExactPhraseScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        self.words[0].advance();
        self.find_match()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc >= target {
            return self.doc;
        }
        self.words[0].seek(target);
        self.find_match()
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        // As tantivy's phrase scorer guesses: far fewer documents hold the phrase than its words.
        let words = self.words.len() as u32;
        self.words
            .iter()
            .map(|w| w.postings.doc_freq())
            .min()
            .unwrap_or(0)
            / (10 * words)
    }
}

impl Scorer for ExactPhraseScorer {
    fn score(&mut self) -> Score {
        self.scoring.score(self.doc, self.count)
    }
}

/// How a phrase scores a document, by how often the phrase occurs in it, as tantivy's phrase
/// query scores it: one rule for the positions and the pairs.
struct PhraseScoring {
    /// None when the search does not score.
    similarity: Option<Bm25Weight>,
    fieldnorms: FieldNormReader,
}

impl PhraseScoring {
    fn score(&self, doc: DocId, count: u32) -> Score {
        match &self.similarity {
            Some(similarity) => similarity.score(self.fieldnorms.fieldnorm_id(doc), count),
            None => 1.0,
        }
    }
}

/// A phrase that is one pair of common words, read from the pair's postings: the pair occurs
/// where and as often as the phrase does.
struct PairScorer {
    pair: SegmentPostings,
    scoring: PhraseScoring,
}

impl DocSet for PairScorer {
    fn advance(&mut self) -> DocId {
        self.pair.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.pair.seek(target)
    }

    fn doc(&self) -> DocId {
        self.pair.doc()
    }

    fn size_hint(&self) -> u32 {
        self.pair.size_hint()
    }
}

impl Scorer for PairScorer {
    fn score(&mut self) -> Score {
        self.scoring.score(self.pair.doc(), self.pair.term_freq())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::schema;
    use crate::text::analyzer;
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{Occur, TermQuery};
    use tantivy::schema::{Schema, TEXT};
    use tantivy::{DocAddress, IndexWriter, Searcher, TantivyDocument};

    const WORDS: [&str; 6] = ["a", "b", "c", "d", "e", "f"];

    /// Two segments of random texts over six words: long enough for postings and positions
    /// to span many blocks, some documents deleted.
    fn index() -> (Index, Field) {
        let mut schema = Schema::builder();
        let body = schema.add_text_field("body", TEXT);
        let index = Index::create_in_ram(schema.build());
        let mut writer: IndexWriter<TantivyDocument> =
            index.writer_with_num_threads(1, 50_000_000).unwrap();
        let mut rng = fastrand::Rng::with_seed(11);
        for segment in 0..2 {
            for _ in 0..1500 {
                let length = if rng.u32(0..20) == 0 {
                    rng.usize(200..600)
                } else {
                    rng.usize(0..40)
                };
                let text: Vec<&str> = (0..length)
                    .map(|_| WORDS[rng.usize(0..WORDS.len()).min(rng.usize(0..WORDS.len()))])
                    .collect();
                let mut doc = TantivyDocument::new();
                doc.add_text(body, text.join(" "));
                writer.add_document(doc).unwrap();
            }
            if segment == 1 {
                writer.delete_term(Term::from_field_text(body, "f"));
            }
            writer.commit().unwrap();
        }
        (index, body)
    }

    fn phrase(body: Field, words: &[&str]) -> PhraseQuery {
        PhraseQuery::new(
            words
                .iter()
                .map(|w| Term::from_field_text(body, w))
                .collect(),
        )
    }

    fn hits(searcher: &Searcher, query: &dyn Query) -> Vec<(u32, DocAddress)> {
        let top = TopDocs::with_limit(10_000).order_by_score();
        let mut hits: Vec<(u32, DocAddress)> = searcher
            .search(query, &top)
            .unwrap()
            .into_iter()
            .map(|(score, address)| (score.to_bits(), address))
            .collect();
        hits.sort_by_key(|&(_, address)| address);
        hits
    }

    /// Asserts that each phrase, read as `ExactPhrase` with the pairs in `pairs`, finds and
    /// scores what tantivy's phrase query does, alone, counted and beside `rare`. Returns how
    /// many readouts the phrases matched.
    fn assert_as_tantivy(
        index: &Index,
        field: Field,
        pairs: Option<Field>,
        phrases: &[Vec<&str>],
        rare: &str,
    ) -> usize {
        let searcher = index.reader().unwrap().searcher();
        let rare = || {
            Box::new(TermQuery::new(
                Term::from_field_text(field, rare),
                IndexRecordOption::Basic,
            ))
        };
        let mut matched = 0;
        for words in phrases {
            let tantivy = phrase(field, words);
            let mut exact = ExactPhrase::of(&tantivy).expect("a plain phrase is exact");
            exact.pairs = pairs;
            let expected = hits(&searcher, &tantivy);
            matched += expected.len();
            assert_eq!(hits(&searcher, &exact), expected, "{words:?}");
            assert_eq!(
                searcher.search(&exact, &Count).unwrap(),
                searcher.search(&tantivy, &Count).unwrap(),
                "{words:?} counted without scores"
            );
            // In a conjunction, the phrase is sought to the other clause's documents.
            let with = |query: Box<dyn Query>| {
                BooleanQuery::new(vec![(Occur::Must, query), (Occur::Must, rare())])
            };
            assert_eq!(
                hits(&searcher, &with(Box::new(exact))),
                hits(&searcher, &with(Box::new(tantivy))),
                "{words:?} with a rare word"
            );
        }
        matched
    }

    #[test]
    fn finds_and_scores_what_tantivys_phrase_does() {
        let (index, body) = index();
        let mut phrases: Vec<Vec<&str>> = Vec::new();
        for a in WORDS {
            for b in WORDS {
                phrases.push(vec![a, b]);
            }
        }
        phrases.extend([
            vec!["a", "a", "a"],
            vec!["a", "b", "a"],
            vec!["c", "a", "b", "a"],
            vec!["f", "e", "d"],
            vec!["a", "zzz"],
        ]);
        let matched = assert_as_tantivy(&index, body, None, &phrases, "f");
        assert!(
            matched > 10_000,
            "the phrases match too little to test: {matched}"
        );
    }

    #[test]
    fn phrases_of_common_words_read_from_their_pairs_find_and_score_the_same() {
        // Common words, stop words and others (`pairs::place`), in an index of readouts.
        const WORDS: [&str; 7] = ["foreign", "of", "minister", "state", "the", "talks", "Baku"];
        let fields = schema::Fields::from_schema(&schema::schema()).unwrap();
        let (body, body_pairs) = (fields.body, fields.body_pairs);
        let index = Index::create_in_ram(schema::schema());
        schema::register_analyzer(&index);
        let mut writer: IndexWriter<TantivyDocument> =
            index.writer_with_num_threads(1, 50_000_000).unwrap();
        let mut rng = fastrand::Rng::with_seed(5);
        for segment in 0..2 {
            for _ in 0..1500 {
                let text: Vec<&str> = (0..rng.usize(0..60))
                    .map(|_| WORDS[rng.usize(0..WORDS.len()).min(rng.usize(0..WORDS.len()))])
                    .collect();
                let text = text.join(" ");
                let mut doc = TantivyDocument::new();
                doc.add_text(body, &text);
                doc.add_text(body_pairs, &text);
                writer.add_document(doc).unwrap();
            }
            if segment == 1 {
                writer.delete_term(Term::from_field_text(body, "baku"));
            }
            writer.commit().unwrap();
        }
        let terms: Vec<String> = WORDS.iter().map(|w| analyzer::term(w)).collect();
        let terms: Vec<&str> = terms.iter().map(String::as_str).collect();
        let (common, between) = (
            [terms[0], terms[2], terms[3]],
            [terms[1], terms[4], terms[5]],
        );
        let mut phrases: Vec<Vec<&str>> = Vec::new();
        for a in &terms[..6] {
            for b in &terms[..6] {
                phrases.push(vec![a, b]);
            }
        }
        for a in common {
            for s in between {
                for b in common {
                    phrases.push(vec![a, s, b]);
                }
            }
        }
        phrases.extend([
            vec![terms[0], terms[2], terms[0]],
            vec![terms[5], terms[0], terms[2]],
            vec![terms[2], terms[1], terms[0], terms[2]],
            vec![terms[3], terms[4], terms[1], terms[0]],
            vec![terms[2], terms[2], terms[2]],
            vec![terms[0], "zzz"],
        ]);
        let matched = assert_as_tantivy(&index, body, Some(body_pairs), &phrases, terms[6]);
        assert!(
            matched > 10_000,
            "the phrases match too little to test: {matched}"
        );
    }

    #[test]
    fn only_plain_phrases_are_exact() {
        let (index, body) = index();
        let terms = |words: &[&str]| -> Vec<(usize, Term)> {
            words
                .iter()
                .enumerate()
                .map(|(i, w)| (2 * i, Term::from_field_text(body, w)))
                .collect()
        };
        let mut slop = phrase(body, &["a", "b"]);
        slop.set_slop(1);
        assert!(ExactPhrase::of(&slop).is_none());
        assert!(ExactPhrase::of(&PhraseQuery::new_with_offset(terms(&["a", "b"]))).is_none());
        // A boolean query keeps its clauses and how many must match, with its phrases exact.
        let query = BooleanQuery::with_minimum_required_clauses(
            vec![
                (Occur::Should, Box::new(phrase(body, &["a", "b"]))),
                (Occur::Should, Box::new(slop)),
                (Occur::Should, Box::new(phrase(body, &["c", "d"]))),
            ],
            2,
        );
        let rewritten = exact_phrases(Box::new(query.clone()), &[]);
        let boolean = rewritten.downcast_ref::<BooleanQuery>().unwrap();
        assert_eq!(boolean.get_minimum_number_should_match(), 2);
        let exact: Vec<bool> = boolean
            .clauses()
            .iter()
            .map(|(_, clause)| clause.is::<ExactPhrase>())
            .collect();
        assert_eq!(exact, [true, false, true]);
        let searcher = index.reader().unwrap().searcher();
        assert_eq!(hits(&searcher, &*rewritten), hits(&searcher, &query));
    }
}
