//! Pairs of common words, each indexed as one term of a field of its own: a phrase of two
//! common words (`"foreign minister"`) then reads one short posting list instead of comparing
//! the positions of two long ones, in every readout that holds both words. The idea of
//! Lucene's CommonGrams, for the words whose phrases are slow: those in a fifth of the
//! readouts or more (`data/common_terms.txt`, made by `examples/common_terms.rs`).
//!
//! The body's analyzer finds the pairs as it reads the body for its own field, and leaves them
//! with the text for the pairs field's tokenizer, which tantivy runs next on the same thread
//! over the same text; given any other text, that tokenizer finds the pairs itself.

use std::cell::RefCell;
use std::sync::LazyLock;

use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

use crate::analyzer::{Terms, words};

/// The name the pairs' tokenizer is registered under in the index.
pub const NAME: &str = "readouts-pairs";

/// The common terms, sorted.
static COMMON: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| include_str!("data/common_terms.txt").lines().collect());

/// The mark of a term that is not common.
pub const NOT_COMMON: u16 = u16::MAX;

/// A term's place among the common terms, or `NOT_COMMON`.
pub fn common(term: &str) -> u16 {
    COMMON.binary_search(&term).map_or(NOT_COMMON, |i| i as u16)
}

/// The indexed term of two adjacent terms, if both are common.
pub fn pair_term(first: &str, second: &str) -> Option<String> {
    (common(first) != NOT_COMMON && common(second) != NOT_COMMON)
        .then(|| format!("{first} {second}"))
}

/// The pairs of common terms that follow each other in a text, found a term at a time.
pub struct Pairs {
    /// The place of the term before (`common`).
    previous: u16,
    found: Vec<(u16, u16)>,
}

impl Default for Pairs {
    fn default() -> Self {
        Pairs {
            previous: NOT_COMMON,
            found: Vec::new(),
        }
    }
}

impl Pairs {
    /// Starts on a new text.
    pub fn start(&mut self) {
        self.previous = NOT_COMMON;
        self.found.clear();
    }

    /// The text's next term, by its place among the common terms (`common`).
    #[inline]
    pub fn next(&mut self, common: u16) {
        // One test for both, since `NOT_COMMON` is the largest place.
        if self.previous.max(common) != NOT_COMMON {
            self.found.push((self.previous, common));
        }
        self.previous = common;
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
    static LAST: RefCell<(String, Vec<(u16, u16)>)> = RefCell::default();
}

/// The pairs' analyzer, ready to register with an index.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::from(PairsTokenizer::default())
}

/// Splits a text into the pairs of common terms in it. A clone starts with an empty cache,
/// as the analyzer's does.
#[derive(Default)]
pub struct PairsTokenizer {
    terms: Terms,
    pairs: Pairs,
    token: Token,
}

impl Clone for PairsTokenizer {
    fn clone(&self) -> Self {
        PairsTokenizer::default()
    }
}

impl Tokenizer for PairsTokenizer {
    type TokenStream<'a> = PairsTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> PairsTokenStream<'a> {
        self.token.reset();
        let left = LAST.with_borrow(|(last_text, last_pairs)| {
            let same = last_text == text;
            if same {
                self.pairs.found.clone_from(last_pairs);
            }
            same
        });
        if !left {
            self.pairs.start();
            for (_, word) in words(text) {
                let (_, common) = self.terms.of_with_place(word);
                self.pairs.next(common);
            }
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
        let Some(&(first, second)) = t.pairs.found.get(self.next) else {
            return false;
        };
        self.next += 1;
        t.token.text.clear();
        t.token.text.push_str(COMMON[usize::from(first)]);
        t.token.text.push(' ');
        t.token.text.push_str(COMMON[usize::from(second)]);
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
    use crate::analyzer;

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
    fn adjacent_common_terms_pair_up() {
        assert!(COMMON.is_sorted(), "binary search needs the terms sorted");
        assert_eq!(
            pairs(&mut analyzer(), TEXT),
            [
                "foreign minist",
                "foreign minist",
                "unit state",
                "foreign minist"
            ]
        );
        assert_eq!(
            pair_term("foreign", "minist").as_deref(),
            Some("foreign minist")
        );
        assert_eq!(pair_term("secretari", "team"), None);
        assert_eq!(pair_term("the", "unit"), None, "stop words never pair");
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
