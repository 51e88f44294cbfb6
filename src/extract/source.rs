//! The outlet that published a readout: a line that is only an outlet's name at the head or
//! foot of the text, a signature line at the head ("Ned Price, Department Spokesperson"), or a
//! phrase such as "Caliber.Az reports", "told Trend", "citing AZERTAC".

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use aho_corasick::packed;

use super::gazetteer::Gazetteer;

/// Words that name the outlet just after them.
const BEFORE: &[&str] = &[
    "told ",
    "citing ",
    "according to ",
    "cited by ",
    "reported by ",
    "quoted by ",
];
/// Words that name the outlet just before them.
const AFTER: &[&str] = &[
    " reports",
    " reported",
    " has reported",
    " writes",
    " informs",
    " learned",
];

/// Every cue of `BEFORE` and `AFTER`: a line without one names no outlet by a phrase, so
/// the outlet names need not be looked for in it.
static CUES: LazyLock<Cues> = LazyLock::new(|| Cues::packed().unwrap_or_else(Cues::automaton));

/// Most readouts have no outlet line, so every line of theirs is searched for cues. The
/// packed searcher (Teddy) compares 16 or 32 bytes at once where the CPU can, five times
/// faster than the automaton, which reads a byte at a time.
enum Cues {
    Packed(packed::Searcher),
    Automaton(AhoCorasick),
}

impl Cues {
    /// None where the CPU lacks the instructions.
    fn packed() -> Option<Cues> {
        packed::Searcher::new(BEFORE.iter().chain(AFTER)).map(Cues::Packed)
    }

    fn automaton() -> Cues {
        let automaton = AhoCorasick::new(BEFORE.iter().chain(AFTER));
        Cues::Automaton(automaton.expect("the cues build an automaton"))
    }

    fn in_line(&self, line: &str) -> bool {
        match self {
            Cues::Packed(searcher) => searcher.find(line).is_some(),
            Cues::Automaton(automaton) => automaton.is_match(line),
        }
    }
}

/// How many lines at the head of the text may be a bare outlet line ("Office of the Spokesperson").
const HEAD_LINES: usize = 3;

/// The outlet named in `lines`, as an index into `Gazetteer::outlets`.
pub(super) fn find_source(g: &Gazetteer, lines: &[String]) -> Option<usize> {
    let content: Vec<&str> = lines
        .iter()
        .map(String::as_str)
        .filter(|l| !l.is_empty())
        .collect();
    let whole_line = |line: &str| g.outlet_named(line.trim_end_matches('.'));
    let signature = |line: &str| {
        // What follows the last ", ". The head lines are often whole paragraphs, and commas
        // are few: memchr finds them from the end a vector of bytes at a time, where a search
        // for the pair reads a byte at a time.
        let bytes = line.as_bytes();
        let comma = memchr::memrchr_iter(b',', bytes).find(|&i| bytes.get(i + 1) == Some(&b' '))?;
        let office = &line[comma + 2..];
        g.outlets
            .iter()
            .position(|o| o.signatures.iter().any(|s| s == office))
    };
    let by_line = content
        .last()
        .and_then(|l| whole_line(l))
        .or_else(|| content.iter().take(HEAD_LINES).find_map(|l| whole_line(l)))
        .or_else(|| content.iter().take(HEAD_LINES).find_map(|l| signature(l)));
    let by_phrase = || {
        content.iter().filter(|l| CUES.in_line(l)).find_map(|line| {
            g.find_outlets(line)
                .find(|(_, range)| {
                    let before = &line[..range.start];
                    let after = &line[range.end..];
                    BEFORE.iter().any(|w| before.ends_with(w))
                        || AFTER.iter().any(|w| after.starts_with(w))
                })
                .map(|(i, _)| i)
        })
    };
    by_line.or_else(by_phrase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::gazetteer::gazetteer;

    fn source(text: &str) -> Option<String> {
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        let g = gazetteer();
        find_source(g, &lines).map(|i| g.outlets[i].name.clone())
    }

    #[test]
    fn outlet_phrases() {
        assert_eq!(
            source("Talks were held, Caliber.Az reports, citing the ministry.").as_deref(),
            Some("Caliber.Az")
        );
        assert_eq!(
            source("the press service told Trend.").as_deref(),
            Some("Trend")
        );
    }

    #[test]
    fn a_closing_outlet_line_wins() {
        assert_eq!(
            source("Text, told Trend.\nNews.Az").as_deref(),
            Some("News.Az")
        );
    }

    #[test]
    fn a_signature_line_at_the_head_names_the_outlet() {
        assert_eq!(
            source("A title\nNed Price, Department Spokesperson\nThe United States welcomes it.")
                .as_deref(),
            Some("U.S. Department of State")
        );
        assert_eq!(source("A title\nParis, France\nText."), None);
    }

    #[test]
    fn both_ways_of_finding_cues_agree() {
        let Some(packed) = Cues::packed() else {
            return;
        };
        let automaton = Cues::automaton();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let text = crate::corpus::sample_text(root);
        let cued = [
            "Talks were held, Caliber.Az reports",
            "he told Trend",
            "citing AZERTAC",
        ];
        let lines: Vec<&str> = text.lines().chain(cued).collect();
        let found = lines.iter().filter(|l| automaton.in_line(l)).count();
        assert!(found >= cued.len(), "{found} lines hold a cue");
        for line in lines {
            assert_eq!(packed.in_line(line), automaton.in_line(line), "{line}");
        }
    }

    #[test]
    fn a_trend_that_is_not_the_outlet() {
        assert_eq!(source("The trend is clear. A Trend in exports grew."), None);
    }
}
