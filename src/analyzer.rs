//! The one text analyzer, shared by indexing and querying: Unicode word boundaries,
//! possessives stripped, lowercased, Latin diacritics folded, British spellings folded to
//! American, English-stemmed. Each distinct word is normalized once per tokenizer and then
//! served from a cache, so the stemmer's cost is paid per vocabulary word, not per occurrence.

use rustc_hash::FxHashMap;

use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};
use unicode_segmentation::{UnicodeSegmentation, UnicodeWordIndices};

/// The name the analyzer is registered under in the index.
pub const NAME: &str = "readouts";

/// Words the cache holds before it starts over; bounds memory on unbounded vocabularies.
const CACHE_LIMIT: usize = 1 << 19;

/// The analyzer, ready to register with an index.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::from(ReadoutTokenizer::default())
}

/// The normalized term for one word, as the index stores it.
pub fn term(word: &str) -> String {
    Terms::default().of(strip_possessive(word)).to_string()
}

/// The words of a text as the analyzer reads them, with their byte offsets: Unicode word
/// boundaries, possessives stripped.
pub fn words(text: &str) -> Words<'_> {
    Words(text.unicode_word_indices())
}

/// The iterator of `words`.
pub struct Words<'a>(UnicodeWordIndices<'a>);

impl<'a> Iterator for Words<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        self.0
            .by_ref()
            .map(|(offset, word)| (offset, strip_possessive(word)))
            .find(|(_, word)| !word.is_empty())
    }
}

/// The first byte of every term of `word`, when the analyzer can tell without normalizing
/// it: a word that starts with an ASCII letter or digit keeps it, lowercased, because
/// normalizing only folds case and rewrites endings. Lets a caller that looks for a few terms
/// skip the words that cannot become one.
pub fn first_byte(word: &str) -> Option<u8> {
    let first = *word.as_bytes().first()?;
    first
        .is_ascii_alphanumeric()
        .then(|| first.to_ascii_lowercase())
}

/// Words to terms, each distinct word normalized once and then served from a cache. The
/// cache is looked up once per token, so it hashes with Fx, not the default SipHash.
pub struct Terms {
    stemmer: frostem::Stemmer,
    cache: FxHashMap<Box<str>, Box<str>>,
}

impl Default for Terms {
    fn default() -> Self {
        Terms {
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
            cache: FxHashMap::default(),
        }
    }
}

impl Terms {
    /// The term of a word from `words`.
    pub fn of(&mut self, word: &str) -> &str {
        if !self.cache.contains_key(word) {
            if self.cache.len() >= CACHE_LIMIT {
                self.cache.clear();
            }
            let term = normalize(word, &self.stemmer);
            self.cache.insert(word.into(), term.into());
        }
        &self.cache[word]
    }
}

/// Splits text into terms. A clone starts with an empty cache: tantivy clones the analyzer
/// for each indexing thread, and a large cache would make that costly.
#[derive(Default)]
pub struct ReadoutTokenizer {
    terms: Terms,
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
        let Some((offset, word)) = self.words.next() else {
            return false;
        };
        let t = &mut *self.tokenizer;
        t.token.text.clear();
        t.token.text.push_str(t.terms.of(word));
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
    ["'s", "’s", "'S", "’S"]
        .iter()
        .find_map(|s| word.strip_suffix(s))
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
    }

    #[test]
    fn a_term_starts_with_its_words_ascii_first_byte() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let text = crate::corpus::sample_text(root);
        let distinct: std::collections::HashSet<&str> = words(&text).map(|(_, w)| w).collect();
        let mut terms = Terms::default();
        let mut checked = 0;
        for word in distinct {
            if let Some(first) = first_byte(word) {
                assert_eq!(terms.of(word).as_bytes().first(), Some(&first), "{word}");
                checked += 1;
            }
        }
        for word in [
            "dying",
            "skies",
            "Ugly",
            "Organisations",
            "Defence",
            "1990s",
            "Türkiye",
        ] {
            if let Some(first) = first_byte(word) {
                assert_eq!(term(word).as_bytes().first(), Some(&first), "{word}");
            }
        }
        assert!(checked > 5_000, "{checked}");
    }

    #[test]
    fn other_scripts_keep_their_letters() {
        assert_eq!(terms("Москва"), ["москва"]);
    }
}
