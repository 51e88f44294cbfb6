//! Context rules for country names that can mean something else ("Georgia" the US state,
//! "Jordan" a person, "Turkey" the bird, "US$" a currency), read from `data/senses.tsv`. Each
//! rule looks at the text just before or after one mention; the document then settles the bare
//! mentions. Pure functions over text: no I/O. One concept with `gazetteer`, split for length:
//! the gazetteer loads these rules with its tables, and the rules read its mentions.

use rustc_hash::FxHashSet;

use super::gazetteer::{ending_at, overlaps_any, starting_at};

/// What a mention of a country's name means where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sense {
    Country,
    Place,
    Person,
    /// Not a name at all: a bird, a currency, a pronoun in capitals.
    Other,
}

/// How far a rule's verdict reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    Mention,
    /// Bare mentions of the form in a text without other evidence for the country follow it.
    Document,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Before,
    After,
}

/// A placeholder word in a cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Word {
    /// A capitalised word that is no known name or title and does not open a sentence.
    Cap,
    /// The same, on a line that is not in Title Case.
    Name,
    /// A country's name (a list of countries: "Argentina, and Jordan").
    Country,
}

/// One row of `senses.tsv`.
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    pub sense: Sense,
    pub scope: Scope,
    side: Side,
    /// The cue's literal text next to the form (after the word for `Before`, before it for
    /// `After`), and its literal text beyond the placeholder word.
    near: String,
    far: String,
    word: Option<Word>,
    /// How a place is listed; empty means the form itself.
    pub label: String,
}

/// The rules of one surface form, in table order.
pub(super) type Rules = Vec<Rule>;

/// Parses `senses.tsv` into (form, rule) pairs; a malformed row is a bug in the table.
pub(super) fn parse(table: &str) -> Vec<(String, Rule)> {
    table
        .lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            let field = |i: usize| fields.get(i).map_or("", |f| f.trim());
            let sense = match field(1) {
                "country" => Sense::Country,
                "place" => Sense::Place,
                "person" => Sense::Person,
                "other" => Sense::Other,
                bad => panic!("senses.tsv: unknown sense '{bad}' in '{line}'"),
            };
            let scope = match field(2) {
                "mention" => Scope::Mention,
                "document" => Scope::Document,
                bad => panic!("senses.tsv: unknown scope '{bad}' in '{line}'"),
            };
            let side = match field(3) {
                "before" => Side::Before,
                "after" => Side::After,
                bad => panic!("senses.tsv: unknown side '{bad}' in '{line}'"),
            };
            let cue = field(4).replace('_', " ");
            let placeholder = [
                ("{Cap}", Word::Cap),
                ("{Name}", Word::Name),
                ("{Country}", Word::Country),
            ]
            .into_iter()
            .find_map(|(p, word)| cue.split_once(p).map(|(l, r)| (word, l, r)));
            let (word, left, right) = match placeholder {
                Some((word, l, r)) => (Some(word), l.to_string(), r.to_string()),
                None => (None, cue.clone(), String::new()),
            };
            // `near` touches the form: the right part before it, the left part after it.
            let (near, far) = match (side, word) {
                (Side::Before, Some(_)) => (right, left),
                (Side::After, Some(_)) => (left, right),
                (_, None) => (left, String::new()),
            };
            let rule = Rule {
                sense,
                scope,
                side,
                near,
                far,
                word,
                label: field(5).to_string(),
            };
            (field(0).to_string(), rule)
        })
        .collect()
}

/// What the extractor knows about the words around a mention.
pub(super) struct Context<'a> {
    pub text: &'a str,
    /// Byte ranges of every name the gazetteer found in `text`, in order.
    pub names: &'a [std::ops::Range<usize>],
    /// Byte ranges of the country names among them.
    pub countries: &'a [std::ops::Range<usize>],
    /// Capitalised words that are titles, institutions, days or months, not people's names.
    pub common: &'a FxHashSet<String>,
}

/// The first rule whose cue matches around `range`, if any.
pub(super) fn judge<'r>(
    rules: &'r [Rule],
    cx: &Context,
    range: std::ops::Range<usize>,
) -> Option<&'r Rule> {
    rules.iter().find(|rule| matches(rule, cx, range.clone()))
}

fn matches(rule: &Rule, cx: &Context, range: std::ops::Range<usize>) -> bool {
    let text = cx.text;
    match rule.side {
        Side::Before => {
            let Some(rest) = text[..range.start].strip_suffix(rule.near.as_str()) else {
                return false;
            };
            let Some(word) = rule.word else {
                return true;
            };
            if word == Word::Country {
                return ending_at(cx.countries, rest.len())
                    .is_some_and(|i| text[..cx.countries[i].start].ends_with(rule.far.as_str()));
            }
            let start = rest.len()
                - rest
                    .chars()
                    .rev()
                    .take_while(|c| c.is_alphabetic() || *c == '\'' || *c == '-')
                    .map(char::len_utf8)
                    .sum::<usize>();
            is_word(cx, word, start..rest.len()) && text[..start].ends_with(rule.far.as_str())
        }
        Side::After => {
            let Some(rest) = text[range.end..].strip_prefix(rule.near.as_str()) else {
                return false;
            };
            let Some(word) = rule.word else {
                return true;
            };
            let start = text.len() - rest.len();
            if word == Word::Country {
                return starting_at(cx.countries, start)
                    .is_some_and(|i| text[cx.countries[i].end..].starts_with(rule.far.as_str()));
            }
            let len: usize = rest
                .chars()
                .take_while(|c| c.is_alphabetic() || *c == '\'' || *c == '-')
                .map(char::len_utf8)
                .sum();
            is_word(cx, word, start..start + len) && rest[len..].starts_with(rule.far.as_str())
        }
    }
}

/// True when the word at `range` is the kind of word the placeholder asks for.
fn is_word(cx: &Context, kind: Word, range: std::ops::Range<usize>) -> bool {
    let word = &cx.text[range.clone()];
    let mut chars = word.chars();
    let capitalised = chars.next().is_some_and(char::is_uppercase) && chars.any(char::is_lowercase);
    if !capitalised || cx.common.contains(word) || opens_sentence(cx.text, range.start) {
        return false;
    }
    if overlaps_any(cx.names, &range) {
        return false;
    }
    kind == Word::Cap || !title_case_line(cx.text, range.start)
}

/// True when the word at `at` is the first of its sentence or line.
fn opens_sentence(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches([' ', '\t']);
    before.is_empty()
        || before.ends_with([
            '\n', '.', '!', '?', ':', ';', '"', '(', '[', '\u{201C}', '\u{2014}',
        ])
}

/// Short words a headline in Title Case leaves in lower case.
const HEADLINE_LOWER: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "nor", "of", "to", "in", "on", "at", "for", "with",
    "from", "by", "as", "via", "vs", "into", "over", "per", "bin", "al", "de", "van", "der",
];

/// True when the line around `at` is written in Title Case (or in capitals), as a headline:
/// every word in lower case is one of the short words headlines leave so.
fn title_case_line(text: &str, at: usize) -> bool {
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let mut words = 0;
    for word in text[start..end].split_whitespace() {
        let letters = word.trim_matches(|c: char| !c.is_alphabetic());
        if letters.is_empty() {
            continue;
        }
        words += 1;
        if letters.starts_with(char::is_lowercase) && !HEADLINE_LOWER.contains(&letters) {
            return false;
        }
    }
    words >= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(table: &str) -> Rules {
        parse(table).into_iter().map(|(_, rule)| rule).collect()
    }

    fn sense(rules: &Rules, text: &str, form: &str) -> Option<Sense> {
        let start = text.find(form).unwrap();
        let common: FxHashSet<String> = ["Foreign", "Minister"]
            .map(String::from)
            .into_iter()
            .collect();
        let cx = Context {
            text,
            names: &[],
            countries: &[],
            common: &common,
        };
        judge(rules, &cx, start..start + form.len()).map(|r| r.sense)
    }

    #[test]
    fn literal_cues_on_either_side() {
        let r = rules(
            "Georgia\tplace\tdocument\tbefore\tstate_of_\nGeorgia\tcountry\tmention\tafter\t-",
        );
        assert_eq!(
            sense(&r, "the state of Georgia", "Georgia"),
            Some(Sense::Place)
        );
        assert_eq!(
            sense(&r, "Georgia-U.S. ties", "Georgia"),
            Some(Sense::Country)
        );
        assert_eq!(sense(&r, "visited Georgia.", "Georgia"), None);
    }

    #[test]
    fn a_capitalised_word_before_a_comma() {
        let r = rules("Georgia\tplace\tdocument\tbefore\t{Cap},_");
        assert_eq!(
            sense(&r, "in Clarkston, Georgia", "Georgia"),
            Some(Sense::Place)
        );
        assert_eq!(sense(&r, "Today, Georgia votes", "Georgia"), None);
        assert_eq!(sense(&r, "in clarkston, Georgia", "Georgia"), None);
    }

    #[test]
    fn a_name_after_the_form_outside_title_case() {
        let r = rules("Jordan\tperson\tmention\tafter\t_{Name}");
        assert_eq!(
            sense(&r, "asked Jordan Bardella about it", "Jordan"),
            Some(Sense::Person)
        );
        assert_eq!(sense(&r, "asked Jordan Foreign Minister", "Jordan"), None);
        assert_eq!(
            sense(
                &r,
                "Secretary Welcomes Jordan Strategic Dialogue Results",
                "Jordan"
            ),
            None
        );
    }
}
