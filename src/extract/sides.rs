//! The sides of a meeting: who publishes a readout (its home side) and who was met (its
//! counterparts). Home comes from the most trusted signal a readout carries: an outlet given
//! with it, its web address, an outlet the text names, then who speaks in its opening sentence
//! ("Vladimir Putin had a telephone conversation with …"). People without a country word are
//! known by the offices they held (`data/officeholders.tsv`), on the readout's date.

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use rustc_hash::FxHashMap;

use super::gazetteer::{Entity, Gazetteer, TitleKind, gazetteer};
use super::tsv::{list, rows};

/// One term of one office.
struct Term {
    country: usize,
    from: i32,
    to: Option<i32>,
}

/// The officeholders and the government web domains, read once.
struct Tables {
    terms: Vec<Term>,
    /// Every name and form, as written → the terms of whoever bears it.
    by_form: FxHashMap<String, Vec<usize>>,
    /// The forms, for finding names written without a title; `form_terms` by pattern.
    forms: AhoCorasick,
    form_terms: Vec<Vec<usize>>,
    /// Domain → country: a host is its domain's or under it.
    domains: FxHashMap<String, usize>,
    /// Country-code top-level domain → country, for government hosts.
    tlds: FxHashMap<String, usize>,
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| Tables::load(gazetteer()));

/// Second-level labels under a country code that only its government uses.
const GOVERNMENT_LABELS: &[&str] = &["gov", "gouv", "gob", "go", "govt", "gv", "gub"];

impl Tables {
    fn load(g: &Gazetteer) -> Tables {
        let coded: FxHashMap<&str, usize> = (g.countries.iter().enumerate())
            .map(|(i, c)| (c.code.as_str(), i))
            .collect();
        let mut terms = Vec::new();
        let mut by_form: FxHashMap<String, Vec<usize>> = FxHashMap::default();
        for row in rows(include_str!("data/officeholders.tsv"), 6) {
            let Some(&country) = coded.get(row[2]) else {
                continue;
            };
            let Ok(from) = row[4].parse() else {
                continue;
            };
            let term = terms.len();
            terms.push(Term {
                country,
                from,
                to: row[5].parse().ok(),
            });
            for form in std::iter::once(row[0].to_string()).chain(list(row[1])) {
                let entry = by_form.entry(form).or_default();
                if !entry.contains(&term) {
                    entry.push(term);
                }
            }
        }
        let (patterns, form_terms): (Vec<String>, Vec<Vec<usize>>) =
            by_form.iter().map(|(f, t)| (f.clone(), t.clone())).unzip();
        let forms = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .expect("officeholder names build an automaton");
        let mut domains = FxHashMap::default();
        let mut tlds = FxHashMap::default();
        for row in rows(include_str!("data/domains.tsv"), 2) {
            let Some(&country) = coded.get(row[1]) else {
                continue;
            };
            match row[0].strip_prefix("tld:") {
                Some(tld) => tlds.insert(tld.to_string(), country),
                None => domains.insert(row[0].to_string(), country),
            };
        }
        Tables {
            terms,
            by_form,
            forms,
            form_terms,
            domains,
            tlds,
        }
    }

    /// The one country of `terms` on `year` (any term when none was held then).
    fn country_of(&self, terms: &[usize], year: Option<i32>) -> Option<usize> {
        let held = |t: &&usize| {
            let term = &self.terms[**t];
            year.is_none_or(|y| term.from - 1 <= y && term.to.is_none_or(|to| y <= to + 1))
        };
        let mut then = terms.iter().filter(held).peekable();
        let candidates: Vec<usize> = if then.peek().is_some() {
            then.map(|&t| self.terms[t].country).collect()
        } else {
            terms.iter().map(|&t| self.terms[t].country).collect()
        };
        let first = *candidates.first()?;
        candidates.iter().all(|&c| c == first).then_some(first)
    }
}

/// The country of the official named `name` ("Antony J. Blinken", "Blinken") in `year`:
/// by the whole name, else by its last word where that is a form of the table.
pub(super) fn holder_country(name: &str, year: Option<i32>) -> Option<usize> {
    let t = &*TABLES;
    let terms = t.by_form.get(name).or_else(|| {
        let last = name.rsplit(' ').next()?;
        (last != name).then(|| t.by_form.get(last)).flatten()
    })?;
    t.country_of(terms, year)
}

/// The officials of the table named in `text`, whole words, with their countries in `year`.
fn holders_in(text: &str, year: Option<i32>) -> impl Iterator<Item = (usize, Range<usize>)> + '_ {
    let t = &*TABLES;
    t.forms
        .find_iter(text)
        .filter(move |m| whole_word(text, m.range()))
        .filter_map(move |m| {
            let country = t.country_of(&t.form_terms[m.pattern().as_usize()], year)?;
            Some((country, m.range()))
        })
}

fn whole_word(text: &str, range: Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
}

/// The country whose government (or national agency) publishes at `url`.
pub(super) fn url_country(url: &str) -> Option<usize> {
    let t = &*TABLES;
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?.trim_end_matches('.').to_lowercase();
    let mut suffix = host.as_str();
    loop {
        if let Some(&country) = t.domains.get(suffix) {
            return Some(country);
        }
        match suffix.split_once('.') {
            Some((_, parent)) => suffix = parent,
            None => break,
        }
    }
    let labels: Vec<&str> = host.split('.').collect();
    match labels.as_slice() {
        [.., "gov" | "mil"] => t.tlds.get("us").copied(),
        [.., second, tld] if GOVERNMENT_LABELS.contains(second) => t.tlds.get(*tld).copied(),
        _ => None,
    }
}

/// Where the first of `VERBS` is in `sentence`: one pass of an automaton, where a search
/// for each verb in turn read the sentence forty times.
fn first_verb(sentence: &str) -> Option<usize> {
    static AUTOMATON: LazyLock<AhoCorasick> = LazyLock::new(|| {
        AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostFirst)
            .build(VERBS)
            .expect("the verbs build an automaton")
    });
    AUTOMATON.find(sentence).map(|m| m.start())
}

/// Words that end the subject of an opening sentence: what the speaking side did.
const VERBS: &[&str] = &[
    " met ",
    " meets ",
    " held ",
    " holds ",
    " had ",
    " has had ",
    " spoke ",
    " speaks ",
    " received ",
    " receives ",
    " hosted ",
    " hosts ",
    " welcomed ",
    " welcomes ",
    " talked ",
    " called ",
    " visited ",
    " visits ",
    " will visit ",
    " will travel ",
    " will meet ",
    " will host ",
    " travelled ",
    " traveled ",
    " congratulated ",
    " discussed ",
    " thanked ",
    " telephoned ",
    " participated ",
    " took part ",
    " paid ",
    " sent ",
    " signed ",
    " attended ",
    " addressed ",
    " announced ",
    " issued ",
    " condemned ",
    " welcome ",
    " join ",
    " joined ",
];

/// Who speaks in an opening sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Speaker {
    /// The side named before what it did: a country, or an official of the table
    /// ("President of Ukraine Volodymyr Zelenskyy met …", "Secretary Blinken spoke with …").
    Side(usize),
    /// An official named by office alone ("The Foreign Secretary spoke to …"): the publisher's
    /// own, who needs no country word, so the officials named next are the other side.
    Unnamed,
    /// No subject before a verb of meeting, or the publisher's first person.
    Unknown,
}

impl Speaker {
    pub(super) fn side(self) -> Option<usize> {
        match self {
            Speaker::Side(c) => Some(c),
            _ => None,
        }
    }
}

/// Who speaks in `sentence`: the first country, or official of the table, named before what
/// they did. Unknown in the first person: there the publisher speaks without naming itself.
pub(super) fn speaker(g: &Gazetteer, sentence: &str, year: Option<i32>) -> Speaker {
    let Some(verb) = first_verb(sentence) else {
        return Speaker::Unknown;
    };
    let subject = without_introduction(&sentence[..verb]);
    if first_person(subject) {
        return Speaker::Unknown;
    }
    // One pass of the gazetteer over the subject: its countries, and whether it names an
    // office.
    let mut sides = Vec::new();
    let mut titled = false;
    for found in g.find_entities(subject) {
        match found.entity {
            Entity::Country(c) if found.rules.is_none() => sides.push(c),
            Entity::Title(i) => titled |= g.titles[i].1 == TitleKind::Title,
            _ => {}
        }
    }
    sides.extend(holders_in(subject, year).map(|(c, _)| c));
    match one_side(sides.iter().copied()) {
        Some(side) => Speaker::Side(side),
        None if titled && sides.is_empty() => Speaker::Unnamed,
        // No side, or two: neither speaks.
        None => Speaker::Unknown,
    }
}

/// Words that open a sentence with a phrase before its subject ("As part of his visit to
/// Pakistan, Jeyhun Bayramov met …").
const INTRODUCTIONS: &[&str] = &[
    "As ",
    "At ",
    "On ",
    "In ",
    "During ",
    "Following ",
    "After ",
    "Within ",
    "Today",
    "Tomorrow",
    "Yesterday",
    "Earlier",
    "Later",
    "This ",
    "Last ",
    "Next ",
    "Upon ",
    "Ahead ",
    "From ",
];

/// A sentence's start without the phrase that introduces it, up to its first comma.
fn without_introduction(text: &str) -> &str {
    let text = text.trim_start();
    match INTRODUCTIONS.iter().any(|w| text.starts_with(w)) {
        true => text.split_once(", ").map_or(text, |(_, rest)| rest),
        false => text,
    }
}

/// The speaking side of a title that names it before its meeting ("Secretary Blinken’s Call
/// with …", "Readout of President Biden’s Meeting with …").
pub(super) fn title_speaker(g: &Gazetteer, title: &str, year: Option<i32>) -> Option<usize> {
    let subject = &title[..title.find(" with ")?];
    (subject.contains("’s ") || subject.contains("'s "))
        .then(|| first_side(g, subject, year))
        .flatten()
}

/// The one side, a country or an official of the table, that `text` names: a subject of
/// two sides ("Kazakhstan and Azerbaijan signed …") tells nobody's.
fn first_side(g: &Gazetteer, text: &str, year: Option<i32>) -> Option<usize> {
    let countries = countries_in(g, text).map(|(_, c)| c);
    one_side(countries.chain(holders_in(text, year).map(|(c, _)| c)))
}

/// The side all of `sides` are, when they are one.
fn one_side(mut sides: impl Iterator<Item = usize>) -> Option<usize> {
    let first = sides.next()?;
    sides.all(|c| c == first).then_some(first)
}

/// The countries the gazetteer names in `text` where no other sense is possible, each with
/// where it starts.
fn countries_in<'a>(g: &'a Gazetteer, text: &'a str) -> impl Iterator<Item = (usize, usize)> + 'a {
    g.find_entities(text).filter_map(|f| match f.entity {
        Entity::Country(c) if f.rules.is_none() => Some((f.range.start, c)),
        _ => None,
    })
}

/// The first country other than `except` named within `chars` characters of `text`'s start.
fn country_near(g: &Gazetteer, text: &str, chars: usize, except: Option<usize>) -> Option<usize> {
    let near = text
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i);
    countries_in(g, &text[..near])
        .map(|(_, c)| c)
        .find(|&c| Some(c) != except)
}

/// The host in a first-person opening: the country a guest is welcomed to, or visits when the
/// visitor is not the speaker ("I look forward to welcoming the President of Sri Lanka to
/// Australia", "I am pleased to announce that the President of Finland will visit Australia").
pub(super) fn host(g: &Gazetteer, sentence: &str) -> Option<usize> {
    if !first_person(sentence) {
        return None;
    }
    let lower = sentence.to_lowercase();
    let at = if let Some(welcome) = lower.find("welcom") {
        welcome + lower[welcome..].find(" to ")? + 4
    } else {
        let visit = lower.find(" visit ")?;
        let before = lower[..visit].trim_end();
        let speaker_visits = ["i", "i will", "we", "we will", "my", "our", "i am to", "to"]
            .iter()
            .any(|w| before == *w || before.ends_with(&format!(" {w}")));
        if speaker_visits {
            return None;
        }
        visit + " visit ".len()
    };
    let rest = &sentence[at..];
    let rest = rest.strip_prefix("the ").unwrap_or(rest);
    countries_in(g, rest).find_map(|(start, c)| (start == 0).then_some(c))
}

/// The country a first-person opening says the speaker goes to ("I will visit Japan", "I will
/// be travelling to Bali, Indonesia"): a side met, not the speaker's.
pub(super) fn visited(g: &Gazetteer, sentence: &str) -> Option<usize> {
    if !first_person(sentence) {
        return None;
    }
    let lower = sentence.to_lowercase();
    let at = [
        " visit ",
        " travel to ",
        " travelling to ",
        " traveling to ",
        " trip to ",
    ]
    .iter()
    .filter_map(|w| lower.find(w).map(|i| i + w.len()))
    .min()?;
    // The country within the next few words: "to Bali, Indonesia", "visit to the Republic of Korea".
    country_near(g, &sentence[at..], 40, None)
}

/// The host of a guest the opening introduces in the third person ("The President of
/// Indonesia, Dr Susilo Bambang Yudhoyono, will visit Australia"): a publisher names its own
/// side without "The …" before the office.
pub(super) fn guest_host(g: &Gazetteer, sentence: &str, year: Option<i32>) -> Option<usize> {
    let sentence = without_introduction(sentence);
    if !(sentence.starts_with("The ") || sentence.starts_with("Their ")) {
        return None;
    }
    let lower = sentence.to_lowercase();
    let at = [
        " will visit ",
        " visits ",
        " will undertake ",
        " will make ",
        " will pay ",
    ]
    .iter()
    .filter_map(|w| lower.find(w).map(|i| (i, i + w.len())))
    .min()?;
    let guest = first_side(g, &sentence[..at.0], year)?;
    country_near(g, &sentence[at.1..], 60, Some(guest))
}

/// Whether a sentence is the speaker's own ("I will …", "We welcome …").
pub(super) fn first_person(text: &str) -> bool {
    let text = without_introduction(text);
    ["I ", "I'", "I’", "We ", "We'", "We’", "My ", "Our "]
        .iter()
        .any(|w| text.starts_with(w))
}

/// The countries met in an opening sentence: those named after what the speaking side did,
/// up to what the meeting was about.
pub(super) fn met_in(g: &Gazetteer, sentence: &str, year: Option<i32>) -> Vec<usize> {
    let Some(verb) = first_verb(sentence) else {
        return Vec::new();
    };
    let object = &sentence[verb..];
    let end = [
        " about ",
        " to discuss",
        " on ",
        " regarding ",
        " concerning ",
        " and discussed",
    ]
    .iter()
    .filter_map(|w| object.find(w))
    .min()
    .unwrap_or(object.len());
    let object = &object[..end];
    let mut met: Vec<(usize, usize)> = countries_in(g, object)
        .chain(holders_in(object, year).map(|(c, r)| (r.start, c)))
        .collect();
    met.sort_unstable();
    let mut out = Vec::new();
    for (_, c) in met {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// The opening sentence of a body: its first line that is a sentence, up to its first full
/// stop before a capital.
pub(super) fn opening_sentence(body: &str) -> &str {
    let line = body
        .lines()
        .map(str::trim)
        .find(|l| l.split_whitespace().count() >= 5 && l.chars().any(char::is_lowercase))
        .unwrap_or("");
    let bytes = line.as_bytes();
    let mut end = line.len();
    let stops = memchr::memchr_iter(b'.', bytes).filter(|&i| bytes.get(i + 1) == Some(&b' '));
    for i in stops {
        let next = bytes.get(i + 2).copied().unwrap_or(b' ');
        // "Mr. Smith", "U.S. officials", "J. Blinken" are no sentence ends.
        let word = line[..i].rsplit(' ').next().unwrap_or("");
        if next.is_ascii_uppercase() && word.chars().count() > 2 && !word.contains('.') {
            end = i + 1;
            break;
        }
    }
    &line[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(c: Option<usize>) -> Option<&'static str> {
        c.map(|c| gazetteer().countries[c].code.as_str())
    }

    #[test]
    fn government_domains_name_their_country() {
        for (url, expected) in [
            ("http://kremlin.ru/events/president/news/70000", Some("RUS")),
            ("https://www.president.gov.ua/en/news/x", Some("UKR")),
            ("https://www.state.gov/secretary-blinkens-call", Some("USA")),
            (
                "https://pmtranscripts.pmc.gov.au/release/transcript-15166",
                Some("AUS"),
            ),
            ("https://www.gov.uk/government/news/x", Some("GBR")),
            ("https://mfa.gov.az/en/news/1", Some("AZE")),
            ("https://www.mea.gov.in/bilateral.htm", Some("IND")),
            ("https://www.diplomatie.gouv.fr/en/", Some("FRA")),
            ("https://azertag.az/en/xeber/1", Some("AZE")),
            ("https://www.example.com/news", None),
            ("https://news.google.com/x", None),
            ("not a url", None),
        ] {
            assert_eq!(code(url_country(url)), expected, "{url}");
        }
    }

    #[test]
    fn officials_without_a_country_word_are_known_by_their_office() {
        assert_eq!(
            code(holder_country("Vladimir Putin", Some(2023))),
            Some("RUS")
        );
        assert_eq!(
            code(holder_country("Antony J. Blinken", Some(2022))),
            Some("USA")
        );
        assert_eq!(code(holder_country("Blinken", None)), Some("USA"));
        assert_eq!(
            code(holder_country("Mevlüt Çavuşoğlu", Some(2021))),
            Some("TUR")
        );
        assert_eq!(code(holder_country("John Smith", Some(2021))), None);
    }

    #[test]
    fn the_speaker_is_who_acts_in_the_opening_sentence() {
        let g = gazetteer();
        for (sentence, expected) in [
            (
                "Vladimir Putin had a telephone conversation with President of Finland Sauli Niinistö.",
                Some("RUS"),
            ),
            (
                "President of Ukraine Volodymyr Zelenskyy met with Prime Minister of Japan Fumio Kishida.",
                Some("UKR"),
            ),
            (
                "Secretary Blinken spoke today with Polish Foreign Minister Rau.",
                Some("USA"),
            ),
            (
                "Azerbaijani Foreign Minister Jeyhun Bayramov met Malaysian officials.",
                Some("AZE"),
            ),
            (
                "I look forward to welcoming the President of Sri Lanka to Australia.",
                None,
            ),
            ("The two leaders discussed trade.", None),
            ("Kazakhstan and Azerbaijan signed a plan.", None),
        ] {
            assert_eq!(
                code(speaker(g, sentence, Some(2022)).side()),
                expected,
                "{sentence}"
            );
        }
    }

    #[test]
    fn an_official_named_by_office_alone_is_the_publisher_s_own() {
        let g = gazetteer();
        let sentence =
            "The Foreign Secretary spoke to Finnish Foreign Minister Elina Valtonen today.";
        assert_eq!(speaker(g, sentence, Some(2025)), Speaker::Unnamed);
        let sentence = "The two leaders discussed trade.";
        assert_eq!(speaker(g, sentence, Some(2025)), Speaker::Unknown);
    }

    #[test]
    fn a_first_person_opening_names_its_host() {
        let g = gazetteer();
        for (sentence, expected) in [
            (
                "I look forward to welcoming the President of Sri Lanka, His Excellency Maithripala Sirisena, to Australia from 24 – 26 May.",
                Some("AUS"),
            ),
            (
                "I am pleased to announce that the President of the Republic of Finland will visit Australia from 13 to 17 February 2007.",
                Some("AUS"),
            ),
            ("I will visit Singapore from 2 to 4 June.", None),
            (
                "From 2 – 4 June, I will make my first official visit to Singapore.",
                None,
            ),
        ] {
            assert_eq!(code(host(g, sentence)), expected, "{sentence}");
        }
    }

    #[test]
    fn the_countries_met_come_after_the_verb_and_before_the_topic() {
        let g = gazetteer();
        let met = met_in(
            g,
            "Secretary Blinken spoke with UK Foreign Secretary Truss about Russia and Ukraine.",
            Some(2022),
        );
        let codes: Vec<&str> = met.iter().map(|&c| g.countries[c].code.as_str()).collect();
        assert_eq!(codes, ["GBR"]);
    }

    #[test]
    fn the_opening_sentence_skips_short_lines_and_abbreviations() {
        assert_eq!(
            opening_sentence(
                "Office of the Spokesperson\n\nSecretary of State Antony J. Blinken met Mr. Smith. Then more."
            ),
            "Secretary of State Antony J. Blinken met Mr. Smith."
        );
    }
}
