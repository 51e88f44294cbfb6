//! The one text analyzer, shared by indexing and querying: Unicode word boundaries,
//! possessives stripped, lowercased, Latin diacritics folded, British spellings folded to
//! American, English-stemmed. Each distinct word is normalized once per tokenizer and then
//! served from a cache, so the stemmer's cost is paid per vocabulary word, not per occurrence.
//! With `pairs` it is one concept, split for length: the analyzer leaves the pairs it finds
//! for the pairs' tokenizer, which reads other text with the analyzer.

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

use crate::text::pairs::{self, Pairs};
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};
use unicode_segmentation::{UnicodeSegmentation, UnicodeWordIndices};

/// The name the analyzer is registered under in the index.
pub const NAME: &str = "readouts";

/// Words the cache holds before it starts over; bounds memory on unbounded vocabularies.
const CACHE_LIMIT: usize = 1 << 19;
/// Bytes of words and terms the cache holds before it starts over.
const CACHE_BYTES: usize = 1 << 26;

/// The analyzer, ready to register with an index.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::from(ReadoutTokenizer::default())
}

/// The normalized term for one word, as the index stores it.
pub fn term(word: &str) -> String {
    Terms::default().of(strip_possessive(word)).to_string()
}

/// The words of a text as the analyzer reads them, with their byte offsets: Unicode word
/// boundaries (UAX #29), possessives stripped.
pub fn words(text: &str) -> Words<'_> {
    Words {
        text,
        cursor: 0,
        piece_end: 0,
        unicode: None,
    }
}

/// The iterator of `words`. UAX #29 always breaks at ASCII whitespace, so the text is read
/// piece by piece between whitespace: a piece of ASCII, nearly all of a readout, is split by
/// the few rules that concern ASCII, many times faster than the general algorithm; any other
/// piece goes to unicode-segmentation. A test holds the two ways to the same words.
pub struct Words<'a> {
    text: &'a str,
    /// Where reading resumes.
    cursor: usize,
    /// The end of the ASCII piece being read.
    piece_end: usize,
    /// The piece being read by unicode-segmentation, with its offset in `text`.
    unicode: Option<(usize, UnicodeWordIndices<'a>)>,
}

impl<'a> Iterator for Words<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        loop {
            let (offset, word) = self.next_segment()?;
            let word = strip_possessive(word);
            if !word.is_empty() {
                return Some((offset, word));
            }
        }
    }
}

impl<'a> Words<'a> {
    /// The next word as UAX #29 splits the text.
    fn next_segment(&mut self) -> Option<(usize, &'a str)> {
        loop {
            if let Some((base, words)) = &mut self.unicode {
                if let Some((offset, word)) = words.next() {
                    return Some((*base + offset, word));
                }
                self.unicode = None;
            }
            if self.cursor < self.piece_end
                && let Some(found) = self.next_ascii_word()
            {
                return Some(found);
            }
            let bytes = self.text.as_bytes();
            let gap = self.cursor;
            let start = gap + bytes[gap..].iter().position(|&b| class(b) != SPACE)?;
            let mut end = start;
            let mut seen = 0;
            while let Some(&b) = bytes.get(end)
                && class(b) != SPACE
            {
                seen |= class(b);
                end += 1;
            }
            self.piece_end = end;
            if seen == LETTER_OR_DIGIT {
                // Most pieces are one plain word.
                self.cursor = end;
                return Some((start, &self.text[start..end]));
            }
            if seen & NON_ASCII == 0 {
                self.cursor = start;
            } else {
                // From the whitespace before the piece, as in the whole text: a combining
                // mark after a space belongs to the space.
                self.unicode = Some((gap, self.text[gap..end].unicode_word_indices()));
                self.cursor = end;
            }
        }
    }

    /// The next word of the ASCII piece: letters, digits and `_` run together, and a single
    /// `.`, `'` or `:` between two letters, or `.`, `'`, `,` or `;` between two digits, joins
    /// them (rules WB5–WB13b).
    fn next_ascii_word(&mut self) -> Option<(usize, &'a str)> {
        let bytes = &self.text.as_bytes()[..self.piece_end];
        let mut i = self.cursor;
        while i < bytes.len() {
            if class(bytes[i]) & WORD == 0 {
                i += 1;
                continue;
            }
            let start = i;
            let mut has_alphanumeric = false;
            let mut last = bytes[i];
            while i < bytes.len() {
                let b = bytes[i];
                if class(b) & WORD != 0 {
                    has_alphanumeric |= b != b'_';
                    last = b;
                    i += 1;
                    continue;
                }
                let Some(&after) = bytes.get(i + 1) else {
                    break;
                };
                let joins = if last.is_ascii_alphabetic() {
                    after.is_ascii_alphabetic() && matches!(b, b'.' | b'\'' | b':')
                } else {
                    last.is_ascii_digit()
                        && after.is_ascii_digit()
                        && matches!(b, b'.' | b'\'' | b',' | b';')
                };
                if !joins {
                    break;
                }
                last = after;
                i += 2;
            }
            if has_alphanumeric {
                self.cursor = i;
                return Some((start, &self.text[start..i]));
            }
        }
        self.cursor = self.piece_end;
        None
    }
}

/// What the scanner of `words` needs to know of a byte.
const SPACE: u8 = 1;
const LETTER_OR_DIGIT: u8 = 2;
const UNDERSCORE: u8 = 4;
const NON_ASCII: u8 = 8;
const PUNCTUATION: u8 = 16;
/// Letters, digits and `_`, which UAX #29 never splits apart.
const WORD: u8 = LETTER_OR_DIGIT | UNDERSCORE;

/// The class of each byte: one table lookup where a chain of comparisons cost a branch each.
static CLASSES: [u8; 256] = {
    let mut classes = [0; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        classes[b] = if matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
            SPACE
        } else if byte.is_ascii_alphanumeric() {
            LETTER_OR_DIGIT
        } else if byte == b'_' {
            UNDERSCORE
        } else if !byte.is_ascii() {
            NON_ASCII
        } else {
            PUNCTUATION
        };
        b += 1;
    }
    classes
};

fn class(b: u8) -> u8 {
    CLASSES[usize::from(b)]
}

/// The start of `term` that every word normalizing to it begins with, in some case, when the
/// word's first bytes are ASCII: the term's first three bytes, or all but the last two of a
/// shorter term. American spelling rewrites nothing before a word's fourth letter, and the
/// stemmer keeps all but at most the last two letters of a stem as they were (`possibility`
/// → `possibl`, `dying` → `die`).
pub fn kept_start(term: &str) -> &[u8] {
    &term.as_bytes()[..3.min(term.len().saturating_sub(2))]
}

/// Whether `word` may normalize to `term`, told without normalizing it (`kept_start`). Lets a
/// caller that looks for a few terms skip the words that cannot become one, and stem only the
/// few that can.
pub fn may_become(word: &str, term: &str) -> bool {
    let kept = kept_start(term);
    let start = &word.as_bytes()[..kept.len().min(word.len())];
    !start.is_ascii() || start.eq_ignore_ascii_case(kept)
}

/// Words to terms, each distinct word normalized once and then served from a cache. A lookup
/// runs once per token, between tantivy's writes to its postings and zstd's work on the
/// stored readouts, which push a large table out of the CPU's caches; so the table holds 8
/// bytes a word, and each word sits beside its term in one string, in the order the words
/// first came: the frequent words, which come first, share cache lines.
pub struct Terms {
    stemmer: frostem::Stemmer,
    words: HashTable<Slot>,
    /// Each word, then its term.
    text: String,
    /// The term of a word too long for a slot.
    uncached: String,
}

/// Where a word and its term lie in `Terms::text`: the word at `start`, `word` bytes long,
/// then the term, `term` bytes long; and the term's place among the common terms and stop
/// words (`pairs::place`).
#[derive(Clone, Copy)]
struct Slot {
    start: u32,
    word: u8,
    term: u8,
    place: u16,
}

impl Slot {
    fn word<'t>(&self, text: &'t str) -> &'t str {
        let start = self.start as usize;
        &text[start..start + usize::from(self.word)]
    }

    fn term<'t>(&self, text: &'t str) -> &'t str {
        let start = self.start as usize + usize::from(self.word);
        &text[start..start + usize::from(self.term)]
    }
}

impl Default for Terms {
    fn default() -> Self {
        Terms {
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
            words: HashTable::new(),
            text: String::new(),
            uncached: String::new(),
        }
    }
}

impl Terms {
    /// The term of a word from `words`.
    pub fn of(&mut self, word: &str) -> &str {
        self.of_with_place(word).0
    }

    /// The term of a word from `words`, and its place among the common terms and stop words
    /// (`pairs::place`).
    fn of_with_place(&mut self, word: &str) -> (&str, u16) {
        let hash = FxBuildHasher.hash_one(word);
        let text = &self.text;
        if let Some(slot) = self.words.find(hash, |slot| slot.word(text) == word) {
            return (slot.term(&self.text), slot.place);
        }
        self.add(word, hash)
    }

    /// Normalizes a word the cache does not hold, and holds it unless it is too long for a
    /// slot.
    fn add(&mut self, word: &str, hash: u64) -> (&str, u16) {
        if self.words.len() >= CACHE_LIMIT || self.text.len() >= CACHE_BYTES {
            self.words.clear();
            self.text.clear();
        }
        let term = normalize(word, &self.stemmer);
        let place = pairs::place(&term);
        let (Ok(word_len), Ok(term_len)) = (u8::try_from(word.len()), u8::try_from(term.len()))
        else {
            self.uncached = term;
            return (&self.uncached, place);
        };
        let slot = Slot {
            start: self.text.len() as u32,
            word: word_len,
            term: term_len,
            place,
        };
        self.text.push_str(word);
        self.text.push_str(&term);
        let text = &self.text;
        self.words
            .insert_unique(hash, slot, |slot| FxBuildHasher.hash_one(slot.word(text)));
        (slot.term(&self.text), place)
    }
}

/// Splits text into terms, and leaves the pairs of common terms it finds for the pairs'
/// tokenizer (`pairs`). A clone starts with an empty cache: tantivy clones the analyzer for
/// each indexing thread, and a large cache would make that costly.
#[derive(Default)]
pub struct ReadoutTokenizer {
    terms: Terms,
    pairs: Pairs,
    token: Token,
}

impl Clone for ReadoutTokenizer {
    fn clone(&self) -> Self {
        ReadoutTokenizer::default()
    }
}

impl Tokenizer for ReadoutTokenizer {
    type TokenStream<'a> = ReadoutTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ReadoutTokenStream<'a> {
        self.token.reset();
        self.pairs.start();
        ReadoutTokenStream {
            words: words(text),
            tokenizer: self,
        }
    }
}

pub struct ReadoutTokenStream<'a> {
    words: Words<'a>,
    tokenizer: &'a mut ReadoutTokenizer,
}

impl TokenStream for ReadoutTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let t = &mut *self.tokenizer;
        let Some((offset, word)) = self.words.next() else {
            t.pairs.leave(self.words.text);
            return false;
        };
        let (term, place) = t.terms.of_with_place(word);
        t.pairs.next(place);
        t.token.text.clear();
        t.token.text.push_str(term);
        t.token.offset_from = offset;
        t.token.offset_to = offset + word.len();
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

/// "Azerbaijan's" and "Azerbaijan’s" are "Azerbaijan".
fn strip_possessive(word: &str) -> &str {
    word.strip_suffix(['s', 'S'])
        .and_then(|rest| rest.strip_suffix(['\'', '’']))
        .unwrap_or(word)
}

/// Lowercase, fold, Americanize, stem.
fn normalize(word: &str, stemmer: &frostem::Stemmer) -> String {
    let mut folded = String::with_capacity(word.len());
    for c in word.chars() {
        if c.is_ascii() {
            folded.push(c.to_ascii_lowercase());
        } else if c == '’' {
            folded.push('\'');
        } else if is_latin(c)
            && let Some(ascii) = deunicode::deunicode_char(c)
        {
            folded.extend(ascii.chars().map(|a| a.to_ascii_lowercase()));
        } else {
            folded.extend(c.to_lowercase());
        }
    }
    let american = americanize(&folded);
    stemmer.stem(&american).into_owned()
}

/// Latin letters with diacritics, the only ones folded: other scripts keep their letters.
fn is_latin(c: char) -> bool {
    matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
}

/// British stems and their American forms, matched at the start of a lowercased word.
const BRITISH_STEMS: &[(&str, &str)] = &[
    ("armour", "armor"),
    ("behaviour", "behavior"),
    ("calibre", "caliber"),
    ("cancell", "cancel"),
    ("catalogue", "catalog"),
    ("centre", "center"),
    ("colour", "color"),
    ("counsell", "counsel"),
    ("defence", "defense"),
    ("endeavour", "endeavor"),
    ("favour", "favor"),
    ("fibre", "fiber"),
    ("flavour", "flavor"),
    ("fuell", "fuel"),
    ("harbour", "harbor"),
    ("honour", "honor"),
    ("humour", "humor"),
    ("labell", "label"),
    ("labour", "labor"),
    ("levell", "level"),
    ("licence", "license"),
    ("litre", "liter"),
    ("metre", "meter"),
    ("modell", "model"),
    ("neighbour", "neighbor"),
    ("offence", "offense"),
    ("programme", "program"),
    ("rumour", "rumor"),
    ("signall", "signal"),
    ("theatre", "theater"),
    ("travell", "travel"),
    ("vigour", "vigor"),
];

/// British endings whose `s` American spelling writes `z` (organisation, recognised,
/// analyse). Folding also words that have no `z` form is harmless: both sides fold alike.
const S_ENDINGS: &[&str] = &[
    "isation", "isations", "ise", "ised", "ises", "ising", "iser", "isers", "yse", "ysed", "ysing",
];

/// The American spelling of a lowercased word.
fn americanize(word: &str) -> String {
    for (british, american) in BRITISH_STEMS {
        if let Some(rest) = word.strip_prefix(british) {
            return format!("{american}{rest}");
        }
    }
    for ending in S_ENDINGS {
        if let Some(stem) = word.strip_suffix(ending)
            && stem.len() >= 3
        {
            let z = ending.replacen('s', "z", 1);
            return format!("{stem}{z}");
        }
    }
    word.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<String> {
        let mut analyzer = analyzer();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push(token.text.clone());
        }
        out
    }

    #[test]
    fn possessives_are_stripped() {
        assert_eq!(terms("Azerbaijan’s"), terms("Azerbaijan"));
        assert_eq!(terms("Bahrain's"), ["bahrain"]);
    }

    #[test]
    fn diacritics_are_folded() {
        assert_eq!(
            terms("Niinistö Lourenço Türkiye"),
            terms("Niinisto Lourenco Turkiye")
        );
    }

    #[test]
    fn british_and_american_spellings_meet() {
        for (british, american) in [
            ("organisation", "organization"),
            ("Organisations", "organizations"),
            ("programme", "program"),
            ("defence", "defense"),
            ("recognised", "recognized"),
            ("labour", "labor"),
            ("centre", "center"),
            ("travelled", "traveled"),
        ] {
            assert_eq!(terms(british), terms(american), "{british}");
        }
    }

    #[test]
    fn short_words_keep_their_s() {
        assert_ne!(terms("rise"), terms("rize"));
        assert_eq!(americanize("prise"), "prise");
    }

    #[test]
    fn words_are_stemmed_and_offsets_point_into_the_text() {
        let text = "Ministers discussed Kazakhstan's energy.";
        let mut analyzer = analyzer();
        let mut stream = analyzer.token_stream(text);
        let mut seen = Vec::new();
        while let Some(t) = stream.next() {
            seen.push((
                t.text.clone(),
                &text[t.offset_from..t.offset_to],
                t.position,
            ));
        }
        assert_eq!(
            seen,
            [
                ("minist".to_string(), "Ministers", 0),
                ("discuss".to_string(), "discussed", 1),
                ("kazakhstan".to_string(), "Kazakhstan", 2),
                ("energi".to_string(), "energy", 3),
            ]
        );
    }

    #[test]
    fn a_cached_word_gives_the_same_term() {
        assert_eq!(
            terms("energy energy Energy"),
            ["energi", "energi", "energi"]
        );
        // Every word of the sample, and one too long for the cache, twice through one cache:
        // each time the word's term as normalizing gives it.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let text = crate::corpus::sample_text(root);
        let long = "Kazakhstan".repeat(30);
        let distinct: std::collections::BTreeSet<&str> = words(&text)
            .map(|(_, w)| w)
            .chain([long.as_str()])
            .collect();
        let stemmer = frostem::Stemmer::new(frostem::Algorithm::English);
        let mut cache = Terms::default();
        for _ in 0..2 {
            for word in &distinct {
                assert_eq!(cache.of(word), normalize(word, &stemmer), "{word}");
            }
        }
    }

    #[test]
    fn a_word_may_become_its_term() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let text = crate::corpus::sample_text(root);
        let distinct: std::collections::HashSet<&str> = words(&text).map(|(_, w)| w).collect();
        let mut terms = Terms::default();
        for &word in &distinct {
            assert!(may_become(word, terms.of(word)), "{word}");
        }
        assert!(distinct.len() > 10_000, "{}", distinct.len());
        for word in [
            "dying",
            "skies",
            "Ugly",
            "possibility",
            "hoping",
            "Organisations",
            "Defence",
            "Centres",
            "neighbourhood",
            "centrepiece",
            "1990s",
            "Türkiye",
            "Côte",
            "O’Brien",
            "Ö",
        ] {
            assert!(may_become(word, &term(word)), "{word}");
        }
        // What it rules out.
        assert!(!may_become("several", &term("security")));
        assert!(!may_become("Sea", &term("security")));
        assert!(may_become("Securing", &term("security")));
        assert!(!may_become("trade", &term("energy")));
    }

    /// The words as unicode-segmentation alone splits them.
    fn unicode_words(text: &str) -> Vec<(usize, &str)> {
        text.unicode_word_indices()
            .map(|(offset, word)| (offset, strip_possessive(word)))
            .filter(|(_, word)| !word.is_empty())
            .collect()
    }

    #[test]
    fn words_split_as_unicode_segmentation_does() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let text = crate::corpus::sample_text(root);
        assert_eq!(words(&text).collect::<Vec<_>>(), unicode_words(&text));
        for text in [
            "U.S. e.g. don't 1,000.50 a:b 1:2 a.1 1.a x_y __ _1 a' 'a a..b 3;4 a;b",
            "Azerbaijan’s café naïve Niinistö 日本 カタカナ \u{05D0}\"\u{05D1} e\u{301}x",
            " \u{301}a \t\u{301}b \r\n\u{200D}c 🇺🇸🇺🇸 a\u{00AD}b a.\u{301}b",
        ] {
            assert_eq!(
                words(text).collect::<Vec<_>>(),
                unicode_words(text),
                "{text}"
            );
        }
        let pieces = [
            "a", "Bc", "1", "_", ".", "'", ":", ",", ";", "\"", " ", "\t", "\n", "\r", "-", "é",
            "\u{301}", "’", "\u{200D}", "日", "\u{05D0}", "カ", "🇺", "\u{00AD}", "'s",
        ];
        let mut random = fastrand::Rng::with_seed(7);
        for _ in 0..20_000 {
            let text: String = (0..random.usize(1..12))
                .map(|_| pieces[random.usize(..pieces.len())])
                .collect();
            assert_eq!(
                words(&text).collect::<Vec<_>>(),
                unicode_words(&text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn other_scripts_keep_their_letters() {
        assert_eq!(terms("Москва"), ["москва"]);
    }
}
