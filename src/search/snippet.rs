//! Snippets: the sentences of a body that best answer the query, with the matched words
//! marked. Sentences, not fixed windows, so a snippet reads as the readout wrote it.

use std::collections::HashMap;
use std::ops::Range;

use memchr::memmem;
use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

use crate::text::analyzer;

/// A snippet aims to be at least this long, adding the next sentence when the best is short.
const MIN_CHARS: usize = 120;
/// And at most this long, cut at a word around the first match.
const MAX_CHARS: usize = 280;

/// A passage of a body, with the byte ranges of the matched words in it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<Range<usize>>,
}

/// Makes snippets for one query; built once per search, used for the hits shown.
pub(super) struct Snippets {
    /// Query term → weight: rarer terms weigh more.
    terms: HashMap<String, f32>,
    normalized: analyzer::Terms,
    /// Finders of the start each term keeps of its words (`word_places`); `None` when the
    /// terms tell nothing of where their words are.
    kept_starts: Option<Vec<memmem::Finder<'static>>>,
}

impl Snippets {
    /// Takes the query's terms in `fields`, weighted by how rare they are in the index.
    pub(super) fn new(
        searcher: &Searcher,
        query: &dyn Query,
        fields: &[Field],
    ) -> tantivy::Result<Self> {
        let mut found: Vec<Term> = Vec::new();
        query.query_terms(&mut |term, _| {
            if fields.contains(&term.field()) {
                found.push(term.clone());
            }
        });
        let mut terms = HashMap::new();
        for term in found {
            if let Some(text) = term.value().as_str() {
                let weight = 1.0 / (1.0 + searcher.doc_freq(&term)? as f32);
                terms
                    .entry(text.to_string())
                    .and_modify(|w: &mut f32| *w = w.max(weight))
                    .or_insert(weight);
            }
        }
        Ok(Snippets::weighing(terms))
    }

    fn weighing(terms: HashMap<String, f32>) -> Snippets {
        let starts: Vec<&[u8]> = terms
            .keys()
            .map(|term| analyzer::kept_start(term))
            .collect();
        // A term that keeps no start, or keeps an apostrophe, which the right single quote (’)
        // also writes, could be anywhere.
        let anywhere = starts
            .iter()
            .any(|start| start.is_empty() || start.contains(&b'\''));
        let kept_starts = (!anywhere).then(|| {
            (starts.iter())
                .map(|start| memmem::Finder::new(start).into_owned())
                .collect()
        });
        Snippets {
            terms,
            normalized: analyzer::Terms::default(),
            kept_starts,
        }
    }

    /// The best passage of `body`, or its opening when no query word is in it.
    pub(super) fn snippet(&mut self, body: &str) -> Snippet {
        if self.terms.is_empty() {
            return opening(body);
        }
        let Some(first) = self.best_sentence(body) else {
            return opening(body);
        };
        let Some(range) = lead(body, sentences(body, first)) else {
            return Snippet::default();
        };
        let mut highlights = Vec::new();
        for (offset, word) in analyzer::words(&body[range.clone()]) {
            if matched(&self.terms, &mut self.normalized, word).is_some() {
                let start = range.start + offset;
                highlights.push(start..start + word.len());
            }
        }
        passage(body, range, &highlights)
    }

    /// Where the sentence that holds the most weight of query terms starts (the first such
    /// one), if any holds one. The reading stops at a sentence that holds every term, which
    /// no later one can beat: a hit's body is most often read only up to its first match.
    fn best_sentence(&mut self, body: &str) -> Option<usize> {
        let places = (self.kept_starts.as_deref()).map(|starts| word_places(body, starts));
        let mut place = 0;
        let mut best: Option<(f32, usize)> = None;
        let mut seen: Vec<&str> = Vec::new();
        for (start, sentence) in sentences(body, 0) {
            if let Some(places) = &places {
                let end = start + sentence.len();
                while places.get(place).is_some_and(|&at| at < start) {
                    place += 1;
                }
                match places.get(place) {
                    None => break,
                    Some(&at) if at >= end => continue,
                    Some(_) => {}
                }
            }
            let mut score = 0.0;
            seen.clear();
            for (_, word) in analyzer::words(sentence) {
                if let Some((term, weight)) = matched(&self.terms, &mut self.normalized, word)
                    && !seen.contains(&term)
                {
                    seen.push(term);
                    score += weight;
                }
            }
            if score > 0.0 && best.is_none_or(|(s, _)| score > s) {
                best = Some((score, start));
                if seen.len() == self.terms.len() {
                    break;
                }
            }
        }
        best.map(|(_, start)| start)
    }
}

/// Where in `body` a word that may become one of the query's terms can start, in order:
/// wherever the start that a term keeps of its words (`analyzer::kept_start`, found by
/// `kept_starts`) is written, in any case, and at each character beyond ASCII but the right
/// single quote, which folding may turn into such a start. A body is split into words only in
/// the sentences that hold one of these.
fn word_places(body: &str, kept_starts: &[memmem::Finder<'_>]) -> Vec<usize> {
    let lowered = body.to_ascii_lowercase();
    let mut places: Vec<usize> = kept_starts
        .iter()
        .flat_map(|start| start.find_iter(lowered.as_bytes()))
        .collect();
    places.extend(
        body.match_indices(|c: char| !c.is_ascii() && c != '’')
            .map(|(at, _)| at),
    );
    places.sort_unstable();
    places
}

/// The query term of `terms` that `word` normalizes to, if any; a word that cannot become
/// one is not normalized. Apart from `Snippets` so that the terms it returns borrow only
/// `terms`.
fn matched<'t>(
    terms: &'t HashMap<String, f32>,
    normalized: &mut analyzer::Terms,
    word: &str,
) -> Option<(&'t str, f32)> {
    if !terms.keys().any(|term| analyzer::may_become(word, term)) {
        return None;
    }
    let (term, weight) = terms.get_key_value(normalized.of(word))?;
    Some((term, *weight))
}

/// The first sentences of `body`, at least `MIN_CHARS` of them: the snippet when the query
/// has no words (an empty query, or filters alone). It reads no further than it shows.
fn opening(body: &str) -> Snippet {
    lead(body, sentences(body, 0)).map_or_else(Snippet::default, |range| passage(body, range, &[]))
}

/// From the first of `sentences` (in order, of `body`), as many as make `MIN_CHARS`.
fn lead<'a>(
    body: &str,
    mut sentences: impl Iterator<Item = (usize, &'a str)>,
) -> Option<Range<usize>> {
    let (start, first) = sentences.next()?;
    let mut end = start + first.len();
    while body[start..end].trim().len() < MIN_CHARS {
        match sentences.next() {
            Some((from, sentence)) => end = from + sentence.len(),
            None => break,
        }
    }
    Some(start..end)
}

/// The sentences of a body from the one at `start` (0 or where a sentence starts) with their
/// offsets, together covering the rest of it. A sentence ends at a line break, or at `.`, `!`
/// or `?` (and any closing quotes or brackets) followed by whitespace and then anything but a
/// lowercase letter: "U.S. officials" goes on.
fn sentences(body: &str, mut start: usize) -> impl Iterator<Item = (usize, &str)> {
    std::iter::from_fn(move || {
        (start < body.len()).then(|| {
            let end = next_sentence(body, start).unwrap_or(body.len());
            let sentence = (start, &body[start..end]);
            start = end;
            sentence
        })
    })
}

/// Where the sentence after the one at `from` starts, if one does. Only a stop or a line
/// break can end a sentence, so the search jumps from one to the next: it runs once for
/// every hit shown, and most of a body is neither.
fn next_sentence(body: &str, mut from: usize) -> Option<usize> {
    let bytes = body.as_bytes();
    loop {
        let mark = from
            + bytes[from..]
                .iter()
                .position(|b| matches!(b, b'.' | b'!' | b'?' | b'\n'))?;
        let mut at = mark;
        if bytes[mark] != b'\n' {
            // The stop, further stops and closing quotes or brackets.
            at += body[at..].find(|c: char| {
                !matches!(c, '.' | '!' | '?' | '"' | '\'' | ')' | ']' | '”' | '’')
            })?;
        }
        let gap = body[at..].find(|c: char| !c.is_whitespace())?;
        let next = at + gap;
        let broken = bytes[mark] == b'\n' || body[at..next].contains('\n');
        if gap > 0 && (broken || !body[next..].starts_with(char::is_lowercase)) {
            return Some(next);
        }
        from = next;
    }
}

/// `body[range]` on one line, cut to `MAX_CHARS` around the first highlight, with the
/// highlights moved to the passage's own offsets.
fn passage(body: &str, range: Range<usize>, highlights: &[Range<usize>]) -> Snippet {
    let mut start = range.start;
    let mut end = range.end;
    if end - start > MAX_CHARS {
        let anchor = highlights.first().map_or(start, |h| h.start);
        if anchor > start + MAX_CHARS / 3 {
            start = word_start_after(body, anchor.saturating_sub(MAX_CHARS / 3).max(start));
        }
        end = word_end_before(body, start + MAX_CHARS).max(start);
    }
    let mut text = String::new();
    let mut shift: Vec<(usize, usize)> = Vec::new();
    if start > range.start {
        text.push('…');
    }
    let mut last_space = true;
    let mut trimmed_leading = true;
    for (i, c) in body[start..end].char_indices() {
        shift.push((start + i, text.len()));
        if c.is_whitespace() {
            if !last_space && !trimmed_leading {
                text.push(' ');
            }
            last_space = true;
        } else {
            text.push(c);
            last_space = false;
            trimmed_leading = false;
        }
    }
    shift.push((end, text.len()));
    let text = text.trim_end().to_string();
    let mut text = text;
    if end < range.end {
        text.push('…');
    }
    let at = |offset: usize| {
        shift
            .binary_search_by_key(&offset, |&(from, _)| from)
            .ok()
            .map(|i| shift[i].1)
    };
    let highlights = highlights
        .iter()
        .filter(|h| h.start >= start && h.end <= end)
        .filter_map(|h| Some(at(h.start)?..at(h.end)?))
        .filter(|h| h.end <= text.len())
        .collect();
    Snippet { text, highlights }
}

fn word_start_after(text: &str, at: usize) -> usize {
    let at = floor_char(text, at);
    text[at..]
        .find(char::is_whitespace)
        .map_or(at, |i| at + i + 1)
}

fn word_end_before(text: &str, at: usize) -> usize {
    let at = floor_char(text, at.min(text.len()));
    text[..at].rfind(char::is_whitespace).unwrap_or(at)
}

fn floor_char(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snippets(words: &[&str]) -> Snippets {
        Snippets::weighing(words.iter().map(|w| (analyzer::term(w), 1.0)).collect())
    }

    fn marked(s: &Snippet) -> Vec<&str> {
        s.highlights.iter().map(|h| &s.text[h.clone()]).collect()
    }

    const BODY: &str = "The ministers met in Baku.\n\nThey discussed trade and tourism at length, and many other matters of mutual interest besides.\n\nParticular attention was paid to renewable energy. The talks ended.";

    #[test]
    fn the_sentence_with_the_query_words_is_chosen() {
        let s = snippets(&["renewable", "energy"]).snippet(BODY);
        assert!(
            s.text
                .starts_with("Particular attention was paid to renewable energy."),
            "{}",
            s.text
        );
        assert_eq!(marked(&s), ["renewable", "energy"]);
    }

    #[test]
    fn a_short_best_sentence_is_followed_by_the_next() {
        let s = snippets(&["Baku"]).snippet(BODY);
        assert!(
            s.text
                .starts_with("The ministers met in Baku. They discussed trade"),
            "{}",
            s.text
        );
        assert!(!s.text.contains('\n'));
        assert_eq!(marked(&s), ["Baku"]);
    }

    #[test]
    fn every_match_in_the_passage_is_marked_and_a_fuller_sentence_wins() {
        // The best sentence holds every term, and the next, added to make the length, holds
        // one again.
        let body = "Trade came up. Energy and trade. More trade talks followed in the energy field, at length and in detail, as both sides had hoped for many months before.";
        let s = snippets(&["trade", "energy"]).snippet(body);
        assert!(s.text.starts_with("Energy and trade. More"), "{}", s.text);
        assert_eq!(marked(&s), ["Energy", "trade", "trade", "energy"]);
        // Of sentences that hold as much, the first; a later one that holds more wins.
        let s = snippets(&["trade", "energy", "baku"]).snippet(BODY);
        assert!(
            s.text.starts_with("The ministers met in Baku."),
            "{}",
            s.text
        );
        let s = snippets(&["renewable", "energy", "trade"]).snippet(BODY);
        assert!(s.text.starts_with("Particular attention"), "{}", s.text);
    }

    #[test]
    fn words_are_found_in_any_case_spelling_or_script() {
        let body = "Nothing here at all. They met in Türkiye. Then O’Brien spoke of the CENTRE of TRADE. The end.";
        let best = |words: &[&str]| {
            let s = snippets(words).snippet(body);
            (s.text.clone(), marked(&s).join(" "))
        };
        let (text, marks) = best(&["Turkiye"]);
        assert!(text.starts_with("They met in Türkiye."), "{text}");
        assert_eq!(marks, "Türkiye");
        let (text, marks) = best(&["center", "trade"]);
        assert!(text.starts_with("Then O’Brien"), "{text}");
        assert_eq!(marks, "CENTRE TRADE");
        let (_, marks) = best(&["O'Brien"]);
        assert_eq!(marks, "O’Brien");
        let (text, _) = best(&["Türkiye", "o"]);
        assert!(text.starts_with("They met"), "{text}");
    }

    #[test]
    fn sentences_end_at_stops_before_capitals_and_at_line_breaks() {
        let split = |body| sentences(body, 0).map(|(_, s)| s).collect::<Vec<&str>>();
        assert_eq!(
            split("U.S. officials met Mr. Lee (in Baku.) They talked.\nNo stop here\nEnd"),
            [
                "U.S. officials met Mr. ",
                "Lee (in Baku.) ",
                "They talked.\n",
                "No stop here\n",
                "End"
            ]
        );
        // Stops in a row, closing quotes, and whitespace beyond ASCII.
        assert_eq!(
            split("Really?! “Yes.” Then\u{a0}\nmore.\u{a0}Done. "),
            [
                "Really?! ",
                "“Yes.” ",
                "Then\u{a0}\n",
                "more.\u{a0}",
                "Done. "
            ]
        );
        assert!(sentences("", 0).next().is_none());
        assert!(snippets(&["energy"]).snippet("").text.is_empty());
    }

    #[test]
    fn without_a_match_the_opening_is_shown() {
        let s = snippets(&["zebra"]).snippet(BODY);
        assert!(s.text.starts_with("The ministers met in Baku."));
        assert!(s.highlights.is_empty());
    }

    #[test]
    fn with_no_query_words_the_opening_is_shown_as_without_a_match() {
        let long = format!("{} energy {}.", "word ".repeat(100), "word ".repeat(100));
        let bodies = [
            BODY,
            "",
            "Short.",
            "One. Two. Three.\nFour",
            "The ministers met in Baku on Monday for talks. They agreed. The next round is in Astana.",
            &long,
            "  \n  lead. Then",
        ];
        for body in bodies {
            let without_match = snippets(&["zebra"]).snippet(body);
            assert_eq!(snippets(&[]).snippet(body), without_match, "{body:?}");
        }
    }

    #[test]
    fn long_sentences_are_cut_around_the_match() {
        let body = format!("{} energy {}.", "word ".repeat(100), "word ".repeat(100));
        let s = snippets(&["energy"]).snippet(&body);
        assert!(
            s.text.starts_with('…') && s.text.ends_with('…'),
            "{}",
            s.text
        );
        assert!(s.text.chars().count() <= MAX_CHARS + 2);
        assert_eq!(marked(&s), ["energy"]);
    }
}
