//! Pairs of common words, each indexed as one term of a field of its own: a phrase of common
//! words (`"foreign minister"`) then reads one short posting list instead of comparing the
//! positions of long ones, in every readout that holds all its words. A pair is two common
//! terms next to each other (`foreign minist`) or with one stop word between them
//! (`secretari of state`). The idea of Lucene's CommonGrams, for the words whose phrases are
//! slow: those in three tenths of the readouts or more (`data/common_terms.txt`, made by
//! `examples/common_terms.rs`).
//!
//! The body's analyzer finds the pairs as it reads the body for its own field, and leaves them
//! with the text for the pairs field's tokenizer, which tantivy runs next on the same thread
//! over the same text; given any other text, that tokenizer reads it with an analyzer of its own.

use std::cell::RefCell;
use std::sync::LazyLock;

use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

use crate::text::analyzer::ReadoutTokenizer;

/// The name the pairs' tokenizer is registered under in the index.
pub const NAME: &str = "readouts-pairs";

/// Words so frequent that pairs of them would add a third to the body's terms; one may stand
/// between the two words of a pair. Each is its own term, sorted.
pub const STOP_WORDS: &[&str] = &[
    "a", "about", "all", "also", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can",
    "for", "from", "had", "has", "have", "he", "her", "his", "i", "in", "is", "it", "more", "not",
    "of", "on", "or", "other", "our", "she", "that", "the", "their", "these", "they", "this", "to",
    "was", "we", "were", "which", "who", "will", "with", "would",
];

/// The common terms, a line each, sorted.
const COMMON_TERMS: &str = include_str!("data/common_terms.txt");

/// The common terms, then the stop words: a term's place in this list is what the analyzer
/// keeps of it for pairs.
static PLACES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let common = COMMON_TERMS.lines();
    common.chain(STOP_WORDS.iter().copied()).collect()
});

/// How many of `PLACES` are common terms.
static COMMON: LazyLock<u16> = LazyLock::new(|| COMMON_TERMS.lines().count() as u16);

/// The place of a term that is neither common nor a stop word.
pub const ELSEWHERE: u16 = u16::MAX;

/// A term's place among the common terms and stop words (`PLACES`), or `ELSEWHERE`.
pub fn place(term: &str) -> u16 {
    let common = usize::from(*COMMON);
    let (commons, stops) = PLACES.split_at(common);
    match commons.binary_search(&term) {
        Ok(i) => i as u16,
        Err(_) => stops
            .binary_search(&term)
            .map_or(ELSEWHERE, |i| (common + i) as u16),
    }
}

/// The indexed term of a phrase's terms, if they make a pair: two common terms, or two with
/// a stop word between them.
pub fn pair_term(terms: &[&str]) -> Option<String> {
    let common = |term| place(term) < *COMMON;
    let pair = match terms {
        [first, second] => common(first) && common(second),
        [first, between, second] => {
            common(first) && STOP_WORDS.binary_search(between).is_ok() && common(second)
        }
        _ => false,
    };
    pair.then(|| terms.join(" "))
}

/// The pairs in a text, found a term at a time: each as the places of its terms, the middle
/// one `ELSEWHERE` when there is none.
pub struct Pairs {
    /// The places of the two terms before, the nearer last.
    before: [u16; 2],
    found: Vec<[u16; 3]>,
    /// How many places are common terms: a copy of `COMMON`, read for every term.
    common: u16,
}

impl Default for Pairs {
    fn default() -> Self {
        Pairs {
            before: [ELSEWHERE; 2],
            found: Vec::new(),
            common: *COMMON,
        }
    }
}

impl Pairs {
    /// Starts on a new text.
    pub fn start(&mut self) {
        self.before = [ELSEWHERE; 2];
        self.found.clear();
    }

    /// The text's next term, by its place (`place`).
    #[inline]
    pub fn next(&mut self, place: u16) {
        let [far, near] = self.before;
        if place < self.common {
            if near < self.common {
                self.found.push([near, ELSEWHERE, place]);
            } else if far < self.common && near != ELSEWHERE {
                self.found.push([far, near, place]);
            }
        }
        self.before = [near, place];
    }

    /// Leaves the pairs of `text`, all its terms read, for the pairs' tokenizer.
    pub fn leave(&self, text: &str) {
        LAST.with_borrow_mut(|(last_text, last_pairs)| {
            last_text.clear();
            last_text.push_str(text);
            last_pairs.clone_from(&self.found);
        });
    }
}

thread_local! {
    /// The last text the analyzer read on this thread, and its pairs.
    static LAST: RefCell<(String, Vec<[u16; 3]>)> = RefCell::default();
}

/// The pairs' analyzer, ready to register with an index.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::from(PairsTokenizer::default())
}

/// Splits a text into the pairs in it.
#[derive(Clone, Default)]
pub struct PairsTokenizer {
    /// Reads a text whose pairs the body's analyzer did not leave.
    analyzer: ReadoutTokenizer,
    found: Vec<[u16; 3]>,
    token: Token,
}

impl PairsTokenizer {
    /// Takes the pairs the analyzer left, if it left them for `text`.
    fn take_left(&mut self, text: &str) -> bool {
        LAST.with_borrow(|(last_text, last_pairs)| {
            let left = last_text == text;
            if left {
                self.found.clone_from(last_pairs);
            }
            left
        })
    }
}

impl Tokenizer for PairsTokenizer {
    type TokenStream<'a> = PairsTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PairsTokenStream<'a> {
        self.token.reset();
        if !self.take_left(text) {
            self.analyzer.token_stream(text).process(&mut |_| {});
            let left = self.take_left(text);
            debug_assert!(left, "the analyzer leaves the pairs of what it reads");
        }
        PairsTokenStream {
            next: 0,
            tokenizer: self,
        }
    }
}

pub struct PairsTokenStream<'a> {
    next: usize,
    tokenizer: &'a mut PairsTokenizer,
}

impl TokenStream for PairsTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let t = &mut *self.tokenizer;
        let Some(&pair) = t.found.get(self.next) else {
            return false;
        };
        self.next += 1;
        t.token.text.clear();
        for place in pair.into_iter().filter(|&place| place != ELSEWHERE) {
            if !t.token.text.is_empty() {
                t.token.text.push(' ');
            }
            t.token.text.push_str(PLACES[usize::from(place)]);
        }
        t.token.position = t.token.position.wrapping_add(1);
        true
    }

    fn token(&self) -> &Token {
        &self.tokenizer.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokenizer.token
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::analyzer;

    fn pairs(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        let mut stream = analyzer.token_stream(text);
        let mut pairs = Vec::new();
        while stream.advance() {
            pairs.push(stream.token().text.clone());
        }
        pairs
    }

    const TEXT: &str = "The Foreign Minister met the foreign ministers of the United States \
        and Ukraine, and the Secretary's team. Foreign minister Kuleba.";

    #[test]
    fn common_terms_pair_up_next_to_each_other_or_across_a_stop_word() {
        let (common, stops) = PLACES.split_at(usize::from(*COMMON));
        assert!(
            common.is_sorted() && stops.is_sorted(),
            "binary search needs them sorted"
        );
        for word in STOP_WORDS {
            assert_eq!(analyzer::term(word), *word, "a stop word is its own term");
            assert!(common.binary_search(word).is_err(), "{word} is common");
        }
        assert_eq!(
            pairs(&mut analyzer(), TEXT),
            [
                "foreign minist",
                "foreign minist",
                "unit state",
                "state and ukrain",
                "foreign minist"
            ]
        );
        let pair = |terms: &[&str]| pair_term(terms);
        assert_eq!(
            pair(&["foreign", "minist"]).as_deref(),
            Some("foreign minist")
        );
        assert_eq!(
            pair(&["secretari", "of", "state"]).as_deref(),
            Some("secretari of state")
        );
        assert_eq!(pair(&["secretari", "team"]), None);
        assert_eq!(
            pair(&["secretari", "team", "state"]),
            None,
            "not a stop word between"
        );
        assert_eq!(pair(&["the", "unit"]), None, "stop words never pair");
        assert_eq!(pair(&["foreign", "minist", "state"]), None);
    }

    #[test]
    fn the_pairs_left_by_the_analyzer_are_the_pairs_found_alone() {
        let mut body = analyzer::analyzer();
        let mut with_body = analyzer();
        for text in [TEXT, "Foreign minister", "", "foreign secretary minister"] {
            body.token_stream(text).process(&mut |_| {});
            assert_eq!(pairs(&mut with_body, text), pairs(&mut analyzer(), text));
        }
        // The body's analyzer read another text last: the pairs are found again.
        body.token_stream("Ukraine").process(&mut |_| {});
        assert_eq!(pairs(&mut with_body, TEXT), pairs(&mut analyzer(), TEXT));
    }
}
