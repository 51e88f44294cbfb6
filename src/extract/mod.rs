//! Extraction: `Source -> Readout`. Pure and deterministic: no I/O, no clock, no randomness,
//! so it is cheap to test and to bench, and safe to run on many threads.

mod clean;
pub(crate) mod date;
pub(crate) mod gazetteer;
mod people;
mod senses;
mod sides;
mod source;
mod title;
mod tsv;

use memchr::memmem;
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::sync::LazyLock;

use crate::readout::{CountryMention, OrgMention, Person, PlaceMention, Readout};
use crate::readout::{Day, Source};
use gazetteer::{Entity, Found, Gazetteer, gazetteer};
use senses::{Context, Rule, Scope, Sense};

/// The field of `extra` that says where the date was found.
pub const DATE_FROM: &str = "date_from";

/// Extracts the readout in one source text.
pub fn analyze(source: &Source) -> Readout {
    let g = gazetteer();
    let cleaned = clean::clean(&source.text);
    let lines = &cleaned.lines;

    let given = &source.given;

    // A line that is only a date ("(February 19, 2025)") is no title and no part of the body.
    let dated_first = lines.first().and_then(|l| date::date_line(l));
    let lines = &lines[usize::from(dated_first.is_some())..];
    let first = lines.first().map(String::as_str).unwrap_or("");
    let dateline = date::dateline(first);
    let headline = match &given.title {
        Some(title) => first == title.trim(),
        None => dateline.is_none() && lines.len() > 1 && title::is_headline(first),
    };
    let body_lines = if headline { &lines[1..] } else { lines };
    let title = match &given.title {
        Some(title) => title.trim().to_string(),
        None if headline => first.to_string(),
        None => title::derive(&first[dateline.map_or(0, |d| d.len)..]),
    };
    let body = body_lines.join("\n").trim().to_string();
    // The date, and where it was found, for `extract` to show.
    let dated = |from: &'static str| move |day: Day| (day, from);
    let found_date = (given.date.map(dated("the file's date field")))
        .or(cleaned.header_date.map(dated("a date header line")))
        .or(dated_first.map(dated("a date line")))
        .or_else(|| {
            let d = dateline?;
            let day = d.day_in(d.year.or_else(|| date::year_near_top(lines, d)))?;
            Some((day, "the dateline"))
        })
        .or_else(|| date::opening_date(lines).map(dated("the opening lines")))
        .or_else(|| date::title_date(&title).map(dated("the end of the title")));
    let date = found_date.map(|(day, _)| day);
    let mut extra = given.extra.clone();
    if let Some((_, from)) = found_date
        && !extra.contains_key(DATE_FROM)
    {
        extra.insert(DATE_FROM.into(), from.into());
    }

    // A derived title repeats the body's first sentence: count its names once.
    let headline_text = if headline || given.title.is_some() {
        title.as_str()
    } else {
        ""
    };
    let mut found = entities(g, &[headline_text, &body]);
    let year = date.map(Day::year);
    for person in found.people.iter_mut().filter(|p| p.country.is_none()) {
        person.country = sides::holder_country(&person.name, year);
    }
    let outlet = source::find_source(g, lines);
    let opening = sides::opening_sentence(&body);
    let outlet_country = |i: usize| g.outlets[i].country;
    // Who speaks is read only when nothing more trusted tells the home side.
    let speaker_cell = std::cell::OnceCell::new();
    let speaker = || *speaker_cell.get_or_init(|| sides::speaker(g, opening, year));
    let home = (given.source.as_deref())
        .and_then(|name| g.outlet_named(name.trim()))
        .and_then(outlet_country)
        .or_else(|| given.url.as_deref().and_then(sides::url_country))
        .or_else(|| outlet.and_then(outlet_country))
        .or_else(|| sides::guest_host(g, opening, year))
        .or_else(|| speaker().side())
        .or_else(|| sides::title_speaker(g, &title, year))
        .or_else(|| sides::host(g, opening))
        .or_else(|| {
            // The publisher speaking in the first person is the side it does not visit, or
            // else the one it names most; otherwise the first official's, unless the opening
            // names its own official by office alone: then the officials named are the others.
            if !sides::first_person(opening) {
                if speaker() == sides::Speaker::Unnamed {
                    return None;
                }
                return found.people.iter().find_map(|p| p.country);
            }
            let visited = sides::visited(g, opening);
            (found.countries.iter())
                .map(|&(c, _)| c)
                .find(|&c| Some(c) != visited)
        });
    let counterparts = counterparts(g, &found, home, [opening, &body], year);
    let code = |c: usize| g.countries[c].code.clone();
    Readout {
        id: source.id(),
        path: source.path.clone(),
        line: source.line,
        title_derived: !headline && given.title.is_none(),
        title,
        date,
        source: given
            .source
            .clone()
            .or_else(|| outlet.map(|i| g.outlets[i].name.clone())),
        counterparts: counterparts.into_iter().map(code).collect(),
        home: home.map(code),
        countries: found
            .countries
            .iter()
            .map(|&(i, mentions)| {
                let c = &g.countries[i];
                CountryMention {
                    code: c.code.clone(),
                    name: c.name.clone(),
                    region: c.region.clone(),
                    subregion: c.subregion.clone(),
                    mentions,
                }
            })
            .collect(),
        organizations: found
            .organizations
            .iter()
            .map(|&(i, mentions)| {
                let org = &g.organizations[i];
                OrgMention {
                    id: org.id.clone(),
                    name: org.name.clone(),
                    parent: org.parent.map(|p| g.organizations[p].id.clone()),
                    path: g.org_path(i),
                    mentions,
                }
            })
            .collect(),
        people: found
            .people
            .into_iter()
            .map(|p| Person {
                name: p.name,
                title: p.title,
                country: p.country.map(code),
                mentions: p.mentions,
            })
            .collect(),
        places: found.places,
        body,
        content_hash: source.content_hash.clone(),
        url: given.url.clone(),
        extra,
    }
}

/// The countries met, home never among them: those the opening sentence names as met, then
/// those of the title, then the countries of the people named and of the counterparts named
/// by demonym, then the rest (a topic, "they discussed Ukraine"), each group by mentions.
fn counterparts(
    g: &Gazetteer,
    found: &Entities,
    home: Option<usize>,
    [opening, body]: [&str; 2],
    year: Option<i32>,
) -> Vec<usize> {
    let mut countries: Vec<usize> = (found.countries.iter())
        .map(|&(c, _)| c)
        .filter(|&c| Some(c) != home)
        .collect();
    // One side met, or none: nothing to rank.
    if countries.len() < 2 {
        return countries;
    }
    let met = sides::met_in(g, opening, year);
    // "met with his Bahraini counterpart": a side met, named by its demonym.
    static COUNTERPART: LazyLock<memmem::Finder<'static>> =
        LazyLock::new(|| memmem::Finder::new(" counterpart"));
    let counterpart_of: Vec<usize> = (COUNTERPART.find_iter(body.as_bytes()))
        .filter_map(|at| {
            let word = body[..at].rsplit(' ').next()?;
            let word = word.trim_end_matches("'s").trim_end_matches("’s");
            g.country_named(word)
        })
        .collect();
    let in_title = &found.in_title;
    let rank = |c: usize| {
        if let Some(i) = met.iter().position(|&m| m == c) {
            (0, i)
        } else if in_title.contains(&c) {
            (1, 0)
        } else if counterpart_of.contains(&c) || found.people.iter().any(|p| p.country == Some(c)) {
            (2, 0)
        } else {
            (3, 0)
        }
    };
    countries.sort_by_key(|&c| rank(c));
    countries
}

/// What the gazetteers found in a readout's texts, most mentioned first; ties keep the order
/// of first mention.
struct Entities {
    /// (country index, mentions).
    countries: Vec<(usize, u32)>,
    /// (organization index, mentions).
    organizations: Vec<(usize, u32)>,
    places: Vec<PlaceMention>,
    people: Vec<MergedPerson>,
    /// The countries the headline names (none for a title derived from the body).
    in_title: Vec<usize>,
}

/// An official, the mentions of one name merged.
struct MergedPerson {
    name: String,
    title: String,
    country: Option<usize>,
    mentions: u32,
}

/// One name found in one of the texts, with the verdict of its context rules.
struct Mention<'g> {
    found: Found,
    verdict: Option<&'g Rule>,
}

/// Countries, organizations, places and people named in `texts` (headline, body). A country
/// name that can mean something else is settled by its context rules, then by the document:
/// a bare "Georgia" is the country when the text holds other evidence for it ("Georgian",
/// "Tbilisi"), else what its other mentions were ("Senate race in Georgia": the US state).
fn entities(g: &'static Gazetteer, texts: &[&str]) -> Entities {
    let mut mentions: Vec<Mention> = Vec::new();
    let mut people = Vec::new();
    let mut in_title = Vec::new();
    for (t, text) in texts.iter().enumerate() {
        let mut titles: Vec<(usize, Range<usize>)> = Vec::new();
        let found: Vec<Found> = g
            .find_entities(text)
            .filter(|f| match f.entity {
                Entity::Title(i) => {
                    titles.push((i, f.range.clone()));
                    false
                }
                _ => true,
            })
            .collect();
        let all: Vec<Range<usize>> = found.iter().map(|f| f.range.clone()).collect();
        let country_ranges: Vec<Range<usize>> = found
            .iter()
            .filter(|f| matches!(f.entity, Entity::Country(_)) && f.rules.is_none())
            .map(|f| f.range.clone())
            .collect();
        let cx = Context {
            text,
            names: &all,
            countries: &country_ranges,
            common: &g.common_words,
        };
        let mut countries: Vec<Range<usize>> = Vec::new();
        let mut country_ids: Vec<usize> = Vec::new();
        for f in found {
            let verdict = f
                .rules
                .and_then(|r| senses::judge(&g.senses[r], &cx, f.range.clone()));
            if let Entity::Country(c) = f.entity
                && verdict.is_none_or(|v| v.sense == Sense::Country)
            {
                countries.push(f.range.clone());
                country_ids.push(c);
                if t == 0 {
                    in_title.push(c);
                }
            }
            mentions.push(Mention { found: f, verdict });
        }
        let names = people::Names {
            all: &all,
            countries: &countries,
            country_ids: &country_ids,
        };
        people.extend(people::find(g, text, &titles, &names));
    }

    // The evidence in the whole document, for the bare mentions.
    let mut evidence = vec![false; g.countries.len()];
    let mut document_sense: FxHashMap<usize, &Rule> = FxHashMap::default();
    for m in &mentions {
        match (m.found.entity, m.found.rules, m.verdict) {
            (Entity::Country(c), None, _) => evidence[c] = true,
            (Entity::Country(c), Some(_), Some(v)) if v.sense == Sense::Country => {
                evidence[c] = true
            }
            (Entity::Country(_), Some(r), Some(v)) if v.scope == Scope::Document => {
                document_sense.entry(r).or_insert(v);
            }
            (Entity::Place(p), _, _) => {
                if let Some(c) = g.places[p].country {
                    evidence[c] = true;
                }
            }
            _ => {}
        }
    }

    let mut countries = Tally::default();
    let mut organizations = Tally::default();
    let mut places: Tally<(String, Option<usize>)> = Tally::default();
    for (order, m) in mentions.iter().enumerate() {
        match m.found.entity {
            Entity::Organization(i) => organizations.add(i, order),
            Entity::Place(p) => places.add((g.places[p].name.clone(), g.places[p].country), order),
            Entity::Title(_) => {}
            Entity::Country(c) => {
                let verdict = m.verdict.or_else(|| {
                    let rules = m.found.rules?;
                    if evidence[c] {
                        None
                    } else {
                        document_sense.get(&rules).copied()
                    }
                });
                match verdict {
                    None => countries.add(c, order),
                    Some(v) => match v.sense {
                        Sense::Country => countries.add(c, order),
                        Sense::Place => {
                            let label = if v.label.is_empty() {
                                g.countries[c].name.clone()
                            } else {
                                v.label.clone()
                            };
                            places.add((label, None), order)
                        }
                        Sense::Person | Sense::Other => {}
                    },
                }
            }
        }
    }
    let code = |c: Option<usize>| c.map(|c| g.countries[c].code.clone());
    Entities {
        countries: countries.ranked(),
        organizations: organizations.ranked(),
        places: places
            .ranked()
            .into_iter()
            .map(|((name, country), mentions)| PlaceMention {
                name,
                country: code(country),
                mentions,
            })
            .collect(),
        people: merge_people(people, texts),
        in_title,
    }
}

/// Mentions per key, with the order of the first mention.
struct Tally<K> {
    counts: FxHashMap<K, (u32, usize)>,
}

impl<K> Default for Tally<K> {
    fn default() -> Self {
        Tally {
            counts: FxHashMap::default(),
        }
    }
}

impl<K: std::hash::Hash + Eq> Tally<K> {
    fn add(&mut self, key: K, order: usize) {
        self.counts.entry(key).or_insert((0, order)).0 += 1;
    }

    /// Most mentioned first; ties in the order of first mention.
    fn ranked(self) -> Vec<(K, u32)> {
        let mut ranked: Vec<(K, (u32, usize))> = self.counts.into_iter().collect();
        ranked.sort_by_key(|&(_, (mentions, first))| (std::cmp::Reverse(mentions), first));
        ranked
            .into_iter()
            .map(|(key, (mentions, _))| (key, mentions))
            .collect()
    }
}

/// One entry per person: names that end in the same word are one person ("Secretary Blinken",
/// "Secretary of State Antony J. Blinken"), shown by the fullest name with its title. Mentions
/// count the occurrences of that last word in the texts.
fn merge_people(found: Vec<people::Named>, texts: &[&str]) -> Vec<MergedPerson> {
    let mut merged: Vec<MergedPerson> = Vec::new();
    let mut firsts: Vec<usize> = Vec::new();
    for (order, p) in found.into_iter().enumerate() {
        // Same last word, and one name is a single word or both share the first: "Blinken" and
        // "Antony J. Blinken" are one person, two Al-Sabahs with different first names are not.
        let same = |a: &str, b: &str| {
            let (a_first, a_last) = (a.split(' ').next(), a.rsplit(' ').next());
            let (b_first, b_last) = (b.split(' ').next(), b.rsplit(' ').next());
            a_last == b_last && (!a.contains(' ') || !b.contains(' ') || a_first == b_first)
        };
        match merged.iter_mut().find(|m| same(&m.name, &p.name)) {
            Some(m) => {
                if p.name.len() > m.name.len() {
                    m.name = p.name;
                    m.title = p.title;
                }
                m.country = m.country.or(p.country);
            }
            None => {
                merged.push(MergedPerson {
                    name: p.name,
                    title: p.title,
                    country: p.country,
                    mentions: 0,
                });
                firsts.push(order);
            }
        }
    }
    let lasts: Vec<&str> = merged
        .iter()
        .map(|p| p.name.rsplit(' ').next().unwrap_or(&p.name))
        .collect();
    // Words end at ASCII bytes other than letters, digits and hyphens (other characters
    // belong to words); a last name is counted where it is a whole word. A last name that two
    // people share counts for the first; one that starts in lowercase, or is no one word,
    // counts for none.
    let ends_word = |b: &u8| b.is_ascii() && !(b.is_ascii_alphanumeric() || *b == b'-');
    let counted = |i: usize, last: &str| {
        last.bytes().next().is_some_and(|b| !b.is_ascii_lowercase())
            && !last.as_bytes().iter().any(ends_word)
            && !lasts[..i].contains(&last)
    };
    let counts: Vec<u32> = lasts
        .iter()
        .enumerate()
        .map(|(i, last)| {
            if !counted(i, last) {
                return 0;
            }
            let finder = memmem::Finder::new(last);
            texts
                .iter()
                .map(|text| {
                    let bytes = text.as_bytes();
                    finder
                        .find_iter(bytes)
                        .filter(|&at| {
                            let before = at.checked_sub(1).map(|b| &bytes[b]);
                            before.is_none_or(ends_word)
                                && bytes.get(at + last.len()).is_none_or(ends_word)
                        })
                        .count() as u32
                })
                .sum::<u32>()
        })
        .collect();
    for (person, count) in merged.iter_mut().zip(counts) {
        person.mentions = count.max(1);
    }
    let mut ranked: Vec<(MergedPerson, usize)> = merged.into_iter().zip(firsts).collect();
    ranked.sort_by_key(|(p, first)| (std::cmp::Reverse(p.mentions), *first));
    ranked.into_iter().map(|(p, _)| p).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn readout(text: &str) -> Readout {
        analyze(&Source::new("test.txt".into(), text.to_string(), b""))
    }

    #[test]
    fn headline_title_is_removed_from_the_body() {
        let r = readout("Azerbaijan, Malaysia chart new path\nThe ministers met in Baku.");
        assert_eq!(r.title, "Azerbaijan, Malaysia chart new path");
        assert!(!r.title_derived);
        assert_eq!(r.body, "The ministers met in Baku.");
    }

    #[test]
    fn derived_title_skips_the_dateline() {
        let r =
            readout(" date 2025-09-18 BAKU, Azerbaijan, September 18. Gafarova met Anwar. More.");
        assert_eq!(r.title, "Gafarova met Anwar.");
        assert!(r.title_derived);
        assert_eq!(r.date.map(|d| d.to_string()).as_deref(), Some("2025-09-18"));
    }

    #[test]
    fn a_dateline_with_its_own_year_dates_the_readout() {
        let r = readout("WASHINGTON, May 3, 2024 - The Secretary met the minister.");
        assert_eq!(r.date.map(|d| d.to_string()).as_deref(), Some("2024-05-03"));
    }

    #[test]
    fn dates_in_the_story_are_not_the_publication_date() {
        let r = readout(
            "Relations were established on the 5th of April 1993.\nOn September 20, 2005 a mission opened.",
        );
        assert_eq!(r.date, None);
    }

    #[test]
    fn entities_are_ordered_by_mentions() {
        let r = readout(
            "Malaysia and Azerbaijan. Azerbaijan's minister. Azerbaijani ties. OIC, UN, OIC.",
        );
        let codes: Vec<&str> = r.countries.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(codes, ["AZE", "MYS"]);
        assert_eq!(r.countries[0].mentions, 3);
        let ids: Vec<&str> = r.organizations.iter().map(|o| o.id.as_str()).collect();
        assert_eq!(ids, ["OIC", "UN"]);
    }

    fn codes(text: &str) -> Vec<String> {
        readout(text)
            .countries
            .into_iter()
            .map(|c| c.code)
            .collect()
    }

    fn place_names(text: &str) -> Vec<String> {
        readout(text).places.into_iter().map(|p| p.name).collect()
    }

    #[test]
    fn hard_case_georgia_the_us_state_is_not_the_country() {
        let senate = "Readout\nThe Senate race in Georgia drew attention. Voters in Georgia went to the polls.";
        assert!(codes(senate).is_empty(), "{:?}", codes(senate));
        assert_eq!(place_names(senate), ["Georgia (US state)"]);
        assert!(codes("Readout\nHe met refugees in Atlanta, Georgia, on Monday.").is_empty());
        assert!(codes("Readout\nHe traveled to Clarkston, Georgia, to meet refugees.").is_empty());
    }

    #[test]
    fn hard_case_georgia_the_country_stays_the_country() {
        assert_eq!(
            codes("Readout\nShe will visit Tbilisi, Georgia, on June 17."),
            ["GEO"]
        );
        assert_eq!(codes("Readout\nWe support Georgia's sovereignty."), ["GEO"]);
        assert_eq!(
            codes("Readout\nThe travel covers Azerbaijan, Georgia, and Armenia."),
            ["AZE", "GEO", "ARM"]
        );
        // A US-state cue does not outweigh evidence for the country elsewhere in the text.
        let both = "Readout\nGeorgian officials met investors from Atlanta, Georgia. Georgia seeks investment.";
        assert!(codes(both).contains(&"GEO".to_string()));
    }

    #[test]
    fn hard_case_jordan_and_chad_as_peoples_names() {
        assert!(codes("Readout\nThe question came from Rosiland Jordan of Al Jazeera.").is_empty());
        assert!(codes("Readout\nThe Secretary met Acting Secretary Chad Wolf today.").is_empty());
        assert!(codes("Readout\nAs Mr. Jordan said, Jordan spoke well.").is_empty());
        assert!(codes("Readout\nThe panel included Jordan Bardella and others.").is_empty());
        assert_eq!(
            codes("Readout\nHe met King Abdullah II of Jordan in Amman."),
            ["JOR"]
        );
        assert_eq!(
            codes("Readout\nThey praised the U.S.-Jordan partnership."),
            ["USA", "JOR"]
        );
        assert_eq!(
            codes("Chad National Day\nWe congratulate the people of Chad."),
            ["TCD"]
        );
        // A country in a list of countries stays one, next to a person of the same name.
        let briefing =
            "Briefing\nDonors include Argentina, and Jordan. Let's go to Rosiland Jordan.";
        assert_eq!(codes(briefing), ["ARG", "JOR"]);
    }

    #[test]
    fn hard_case_turkey_the_bird() {
        assert!(
            codes("Readout\nThe President pardoned the National Thanksgiving Turkey.").is_empty()
        );
        assert!(codes("Readout\nA Thanksgiving turkey was served.").is_empty());
        assert_eq!(
            codes("Readout\nTurkey and Greece held talks."),
            ["TUR", "GRC"]
        );
    }

    #[test]
    fn hard_case_usd_is_not_the_united_states() {
        for text in [
            "Readout\nThe loan of USD 800 million was signed.",
            "Readout\nThe loan of US$ 800 million was signed.",
            "Readout\nThe loan of 800 million US dollars was signed.",
            "Readout\nAid of 1.7 billion U.S. dollars arrived.",
        ] {
            assert!(codes(text).is_empty(), "{text}: {:?}", codes(text));
        }
        assert_eq!(codes("Readout\nThe US and the EU met."), ["USA"]);
    }

    #[test]
    fn hard_case_a_country_word_inside_an_organization_name_is_not_a_country() {
        let r = readout(
            "Readout\nThe Organization of American States, the Asian Development Bank and the Eurasian Economic Union met.",
        );
        assert!(r.countries.is_empty(), "{:?}", r.countries);
        let ids: Vec<&str> = r.organizations.iter().map(|o| o.id.as_str()).collect();
        assert_eq!(ids, ["OAS", "ADB", "EAEU"]);
    }

    #[test]
    fn hard_case_cities_capitals_and_regions_are_places() {
        let text = "Readout\nStrikes on Kyiv and the Donbas, the war in Gaza and peace in the Middle East.";
        assert!(codes(text).is_empty(), "{:?}", codes(text));
        assert_eq!(place_names(text), ["Kyiv", "Donbas", "Gaza", "Middle East"]);
        let r = readout(text);
        assert_eq!(r.places[0].country.as_deref(), Some("UKR"));
    }

    #[test]
    fn people_are_named_with_titles_and_counted_by_last_name() {
        let r = readout(
            "Readout\nAzerbaijani Foreign Minister Jeyhun Bayramov met Malaysian Prime Minister Dato' Seri Anwar Ibrahim. Bayramov thanked Anwar Ibrahim. Minister Bayramov left.",
        );
        let people: Vec<(&str, &str, Option<&str>, u32)> = r
            .people
            .iter()
            .map(|p| {
                (
                    p.name.as_str(),
                    p.title.as_str(),
                    p.country.as_deref(),
                    p.mentions,
                )
            })
            .collect();
        assert_eq!(
            people,
            [
                ("Jeyhun Bayramov", "Foreign Minister", Some("AZE"), 3),
                ("Anwar Ibrahim", "Prime Minister", Some("MYS"), 2)
            ]
        );
    }

    #[test]
    fn a_last_name_counts_where_it_is_a_whole_word() {
        let r = readout(
            "Readout\nAzerbaijani Foreign Minister Jeyhun Bayramov met them. Bayramov-led talks \
             with the Bayramovs ended (Bayramov) and Bayramov's aide spoke after Bayramov",
        );
        let bayramov = r.people.iter().find(|p| p.name == "Jeyhun Bayramov");
        assert_eq!(bayramov.map(|p| p.mentions), Some(4));
    }

    #[test]
    fn the_home_side_is_the_outlets_country_and_the_rest_are_counterparts() {
        let r = readout(
            "Readout\nMalaysian Deputy Foreign Minister Mohamad Alamin met Azerbaijan's minister. Azerbaijan and Malaysia agreed, Caliber.Az reports.",
        );
        assert_eq!(r.home.as_deref(), Some("AZE"));
        assert_eq!(r.counterparts, ["MYS"]);
    }

    #[test]
    fn without_an_outlet_the_home_side_is_the_first_officials_country() {
        let r = readout(
            "Readout\nAzerbaijani Foreign Minister Jeyhun Bayramov met Kazakhstan's Foreign Minister Murat Nurtleu. Kazakhstan, Kazakhstan.",
        );
        assert_eq!(r.home.as_deref(), Some("AZE"));
        assert_eq!(r.counterparts, ["KAZ"]);
        let none = readout("Readout\nKazakhstan and Azerbaijan signed a plan.");
        assert_eq!(none.home, None);
        assert_eq!(none.counterparts, ["KAZ", "AZE"]);
    }

    #[test]
    fn a_yearless_dateline_takes_its_year_from_the_header() {
        let r = readout("Title line\ndate 2025-09-18\nBAKU, Azerbaijan, September 18. Talks.");
        assert_eq!(r.date.map(|d| d.to_string()).as_deref(), Some("2025-09-18"));
        let r =
            readout("BAKU, Azerbaijan, September 18. The talks held on September 18, 2025 ended.");
        assert_eq!(r.date.map(|d| d.to_string()).as_deref(), Some("2025-09-18"));
        let r = readout("BAKU, Azerbaijan, September 18. The treaty of 2019 was recalled.");
        assert_eq!(r.date, None);
    }
}
