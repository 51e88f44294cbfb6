//! Extraction: `Source -> Readout`. Pure and deterministic: no I/O, no clock, no randomness,
//! so it is cheap to test and to bench, and safe to run on many threads.

mod clean;
mod date;
pub mod gazetteer;
mod source;
mod title;

use std::collections::HashMap;

use crate::ingest::Source;
use crate::readout::{CountryMention, OrgMention, Readout};
use gazetteer::{Entity, gazetteer};

/// Extracts the readout in one source text.
pub fn analyze(source: &Source) -> Readout {
    let g = gazetteer();
    let cleaned = clean::clean(&source.text);
    let lines = &cleaned.lines;

    let given = &source.given;

    let first = lines.first().map(String::as_str).unwrap_or("");
    let dateline = date::dateline(first);
    let headline = match &given.title {
        Some(title) => first == title.trim(),
        None => dateline.is_none() && lines.len() > 1 && title::is_headline(first),
    };
    let body_lines = if headline { &lines[1..] } else { &lines[..] };
    let title = match &given.title {
        Some(title) => title.trim().to_string(),
        None if headline => first.to_string(),
        None => title::derive(&first[dateline.map_or(0, |d| d.len)..]),
    };
    let body = body_lines.join("\n").trim().to_string();
    let date = given
        .date
        .or(cleaned.header_date)
        .or_else(|| dateline.and_then(|d| d.day_in(None)));

    // A derived title repeats the body's first sentence: count its names once.
    let headline_text = if headline || given.title.is_some() {
        title.as_str()
    } else {
        ""
    };
    let (countries, organizations) = entities(headline_text, &body);
    Readout {
        id: source.id(),
        path: source.path.clone(),
        title_derived: !headline && given.title.is_none(),
        title,
        date,
        source: given
            .source
            .clone()
            .or_else(|| source::find_source(g, lines)),
        countries,
        organizations,
        body,
        content_hash: source.content_hash.clone(),
        url: given.url.clone(),
        extra: given.extra.clone(),
    }
}

/// Countries and organizations named in the headline and body, most mentioned first; ties keep
/// the order of first mention.
fn entities(headline: &str, body: &str) -> (Vec<CountryMention>, Vec<OrgMention>) {
    let g = gazetteer();
    let mut countries: HashMap<usize, (u32, usize)> = HashMap::new();
    let mut organizations: HashMap<usize, (u32, usize)> = HashMap::new();
    let found = g.find_entities(headline).chain(g.find_entities(body));
    for (order, found) in found.enumerate() {
        let tally = match found.entity {
            Entity::Country(i) => countries.entry(i).or_insert((0, order)),
            Entity::Organization(i) => organizations.entry(i).or_insert((0, order)),
            Entity::Place(_) => continue,
        };
        tally.0 += 1;
    }
    let countries = by_mentions(countries)
        .map(|(i, mentions)| {
            let c = &g.countries[i];
            CountryMention {
                code: c.code.clone(),
                name: c.name.clone(),
                region: c.region.clone(),
                subregion: c.subregion.clone(),
                mentions,
            }
        })
        .collect();
    let organizations = by_mentions(organizations)
        .map(|(i, mentions)| {
            let org = &g.organizations[i];
            OrgMention {
                id: org.id.clone(),
                name: org.name.clone(),
                parent: org.parent.map(|p| g.organizations[p].id.clone()),
                path: g.org_path(i),
                mentions,
            }
        })
        .collect();
    (countries, organizations)
}

fn by_mentions(tally: HashMap<usize, (u32, usize)>) -> impl Iterator<Item = (usize, u32)> {
    let mut ranked: Vec<(usize, (u32, usize))> = tally.into_iter().collect();
    ranked.sort_by_key(|&(_, (mentions, first))| (std::cmp::Reverse(mentions), first));
    ranked.into_iter().map(|(i, (mentions, _))| (i, mentions))
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
}
