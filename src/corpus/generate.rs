//! A generator of realistic readouts for benchmarks and scale tests: deterministic from a seed,
//! one readout at a time (a million never sit in memory). Words are drawn with the frequencies
//! of a real sample text (so Zipf-like); countries and organizations with the gazetteer's real
//! aliases and demonyms, as many a readout as the State Department's name (a median of three
//! countries); openings by several officials, a quarter of them a foreign minister, as there;
//! with date headers, datelines, scraped junk and near-duplicates mixed in.

use std::collections::HashMap;

use crate::extract::gazetteer::{Entity, gazetteer};

/// Places used in datelines.
const CITIES: &[(&str, &str)] = &[
    ("BAKU", "Azerbaijan"),
    ("WASHINGTON", "United States"),
    ("ASTANA", "Kazakhstan"),
    ("KUALA LUMPUR", "Malaysia"),
    ("MANAMA", "Bahrain"),
    ("ISLAMABAD", "Pakistan"),
    ("GENEVA", "Switzerland"),
    ("BRUSSELS", "Belgium"),
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const FREQUENT_COUNTRIES: &[&str] = &[
    "USA", "RUS", "UKR", "CHN", "AZE", "KAZ", "TUR", "DEU", "FRA", "GBR", "JPN", "IND", "PAK",
    "IRN", "MYS", "BHR", "ARM", "GEO", "ISR", "PSE",
];
const FREQUENT_ORGS: &[&str] = &[
    "UN", "EU", "NATO", "OIC", "ASEAN", "G7", "G20", "OSCE", "CICA", "NAM", "UNSC", "SCO", "OTS",
];
const JUNK: &[&str] = &[
    "+ ↺ − 16 px",
    "Share | Tweet | Print",
    "Facebook Twitter Telegram",
];
/// Who opens a readout: a quarter of them a foreign minister, as in real readouts.
const OFFICIALS: &[&str] = &[
    "Foreign Minister",
    "Deputy Foreign Minister",
    "Minister of Foreign Affairs",
    "Prime Minister",
    "President",
    "Secretary of State",
    "Ambassador",
    "Special Envoy",
];
const VERBS: &[&str] = &[
    "met with",
    "held talks with",
    "spoke with",
    "received",
    "held a phone call with",
];

/// Word frequencies of a sample text, ready to draw from.
pub struct Vocabulary {
    words: Vec<String>,
    /// Cumulative counts, for drawing by frequency.
    cumulative: Vec<u64>,
}

impl Vocabulary {
    /// The words of `sample`, weighted by how often they occur in it, without the words that
    /// name a country or an organization: drawn at random, they would scatter a dozen
    /// unrelated countries over each readout, where a real one names a few that recur.
    pub fn from_text(sample: &str) -> Vocabulary {
        let mut counts: HashMap<&str, u64> = HashMap::new();
        for word in sample.split_whitespace() {
            let word = word.trim_matches(|c: char| !c.is_alphanumeric());
            if !word.is_empty() && word.len() < 20 {
                *counts.entry(word).or_default() += 1;
            }
        }
        counts.retain(|word, _| !names_an_entity(word));
        let mut ranked: Vec<(&str, u64)> = counts.into_iter().collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let mut total = 0;
        let (words, cumulative) = ranked
            .into_iter()
            .map(|(w, c)| {
                total += c;
                (w.to_string(), total)
            })
            .unzip();
        Vocabulary { words, cumulative }
    }

    fn draw(&self, rng: &mut fastrand::Rng) -> &str {
        let total = self.cumulative.last().copied().unwrap_or(0);
        if total == 0 {
            return "word";
        }
        let at = rng.u64(0..total);
        let i = self.cumulative.partition_point(|&c| c <= at);
        &self.words[i.min(self.words.len() - 1)]
    }
}

/// Whether `word`, whole, is a name of a country or an organization.
fn names_an_entity(word: &str) -> bool {
    gazetteer().find_entities(word).any(|found| {
        found.range == (0..word.len())
            && matches!(found.entity, Entity::Country(_) | Entity::Organization(_))
    })
}

/// One generated readout.
pub struct Generated {
    pub title: String,
    /// The whole file text: title line, optional `date` header, body.
    pub text: String,
    pub date: Option<String>,
}

/// Generates readout `n` of the corpus of `seed`; the same pair always gives the same text.
/// About one in thirty is a near-duplicate of an earlier one (a re-issue with a changed line).
pub fn readout(vocabulary: &Vocabulary, seed: u64, n: u64) -> Generated {
    let mut rng = rng_for(seed, n);
    if n > 10 && rng.u32(0..30) == 0 {
        let original = rng.u64(0..n);
        let mut copy = fresh(vocabulary, &mut rng_for(seed, original));
        copy.text
            .push_str("\nThe ministry later corrected this release.\n");
        return copy;
    }
    fresh(vocabulary, &mut rng)
}

fn rng_for(seed: u64, n: u64) -> fastrand::Rng {
    fastrand::Rng::with_seed(seed ^ n.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

fn fresh(vocabulary: &Vocabulary, rng: &mut fastrand::Rng) -> Generated {
    let g = gazetteer();
    let country_form = |rng: &mut fastrand::Rng, i: usize| -> String {
        let c = &g.countries[i];
        match rng.u32(0..10) {
            0..=5 => c.name.clone(),
            6..=7 if !c.demonyms.is_empty() => c.demonyms[rng.usize(0..c.demonyms.len())].clone(),
            _ if !c.names.is_empty() => c.names[rng.usize(0..c.names.len())].clone(),
            _ => c.name.clone(),
        }
    };
    let org_form = |rng: &mut fastrand::Rng, i: usize| -> String {
        let o = &g.organizations[i];
        if !o.acronyms.is_empty() && rng.bool() {
            o.acronyms[rng.usize(0..o.acronyms.len())].clone()
        } else {
            o.name.clone()
        }
    };
    // A few countries and organizations come up most, as in real readouts.
    let country = |rng: &mut fastrand::Rng| -> usize {
        let code = FREQUENT_COUNTRIES[rng.usize(0..FREQUENT_COUNTRIES.len())];
        match g.countries.iter().position(|c| c.code == code) {
            Some(i) if rng.u32(0..10) < 7 => i,
            _ => rng.usize(0..g.countries.len()),
        }
    };
    let org = |rng: &mut fastrand::Rng| -> usize {
        let id = FREQUENT_ORGS[rng.usize(0..FREQUENT_ORGS.len())];
        match g.organizations.iter().position(|o| o.id == id) {
            Some(i) if rng.u32(0..10) < 7 => i,
            _ => rng.usize(0..g.organizations.len()),
        }
    };
    // The two sides, and as many others as real readouts name: most a few, some a list.
    let home = country(rng);
    let guest = country(rng);
    let others = match rng.u32(0..20) {
        0..=9 => rng.usize(0..2),
        10..=16 => rng.usize(2..5),
        _ => rng.usize(5..13),
    };
    let others: Vec<usize> = (0..others).map(|_| country(rng)).collect();
    let orgs: Vec<usize> = (0..rng.usize(0..4)).map(|_| org(rng)).collect();

    let year = rng.i32(2019..2027);
    let (month, day) = (rng.usize(0..12), rng.u32(1..29));
    let date = rng
        .bool()
        .then(|| format!("{year:04}-{:02}-{day:02}", month + 1));
    let title = format!(
        "{}, {} {} {} and {}",
        country_form(rng, home),
        country_form(rng, guest),
        ["discuss", "deepen", "review", "expand"][rng.usize(0..4)],
        vocabulary.draw(rng),
        vocabulary.draw(rng)
    );

    let mut text = String::with_capacity(4096);
    text.push_str(&title);
    text.push('\n');
    if let Some(date) = &date {
        text.push_str(&format!("date {date}\n"));
    }
    text.push('\n');
    if rng.u32(0..10) < 3 {
        let (city, country) = CITIES[rng.usize(0..CITIES.len())];
        text.push_str(&format!("{city}, {country}, {} {day}. ", MONTHS[month]));
    }
    if rng.u32(0..20) == 0 {
        text.push_str(JUNK[rng.usize(0..JUNK.len())]);
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "The {} of {} {} the {} delegation.",
        OFFICIALS[rng.usize(0..OFFICIALS.len())],
        country_form(rng, home),
        VERBS[rng.usize(0..VERBS.len())],
        country_form(rng, guest)
    ));
    let words = rng.usize(250..600);
    let mut written = 12;
    while written < words {
        let length = rng.usize(12..30);
        let mut sentence = String::new();
        for i in 0..length {
            let word = match rng.u32(0..40) {
                0 => {
                    let country = match rng.u32(0..5) {
                        0 if !others.is_empty() => others[rng.usize(0..others.len())],
                        0..=2 => home,
                        _ => guest,
                    };
                    country_form(rng, country)
                }
                1 if !orgs.is_empty() => {
                    let org = orgs[rng.usize(0..orgs.len())];
                    org_form(rng, org)
                }
                _ => vocabulary.draw(rng).to_string(),
            };
            if i > 0 {
                sentence.push(' ');
            }
            sentence.push_str(&word);
        }
        written += length;
        text.push(if rng.u32(0..4) == 0 { '\n' } else { ' ' });
        let mut chars = sentence.chars();
        if let Some(first) = chars.next() {
            text.extend(first.to_uppercase());
            text.push_str(chars.as_str());
        }
        text.push('.');
    }
    text.push('\n');
    Generated { title, text, date }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> Vocabulary {
        Vocabulary::from_text("the the the ministers discussed trade and energy in Baku")
    }

    #[test]
    fn the_same_seed_and_number_give_the_same_readout() {
        let v = vocabulary();
        assert_eq!(readout(&v, 7, 42).text, readout(&v, 7, 42).text);
        assert_ne!(readout(&v, 7, 42).text, readout(&v, 7, 43).text);
        assert_ne!(readout(&v, 7, 42).text, readout(&v, 8, 42).text);
    }

    #[test]
    fn readouts_have_realistic_length_and_named_entities() {
        let v = vocabulary();
        for n in 0..50 {
            let r = readout(&v, 1, n);
            let words = r.text.split_whitespace().count();
            assert!((250..700).contains(&words), "{words} words");
            let found = gazetteer().find_entities(&r.text).count();
            assert!(found >= 2, "readout {n} names {found} entities");
        }
    }

    #[test]
    fn words_that_name_a_country_or_organization_are_not_drawn() {
        let v = Vocabulary::from_text("Malaysia Malaysian OIC Organisation trade trade Baku");
        assert_eq!(v.words, ["trade", "Baku", "Organisation"]);
    }

    #[test]
    fn readouts_name_a_few_countries_as_real_ones_do() {
        // A sample naming many countries: none of them may leak into the drawn words.
        let sample = gazetteer()
            .countries
            .iter()
            .map(|c| format!("{} trade and security", c.name))
            .collect::<Vec<_>>()
            .join(" ");
        let v = Vocabulary::from_text(&sample);
        let mut distinct: Vec<usize> = (0..200)
            .map(|n| {
                let text = readout(&v, 5, n).text;
                let mut countries: Vec<usize> = gazetteer()
                    .find_entities(&text)
                    .filter_map(|found| match found.entity {
                        Entity::Country(i) => Some(i),
                        _ => None,
                    })
                    .collect();
                countries.sort_unstable();
                countries.dedup();
                countries.len()
            })
            .collect();
        distinct.sort_unstable();
        // The State Department releases name 3 countries at the median, 4.9 on average.
        let median = distinct[distinct.len() / 2];
        assert!((2..=5).contains(&median), "median {median}");
        assert!(
            distinct[distinct.len() - 1] >= 6,
            "no readout lists many countries"
        );
    }

    #[test]
    fn frequent_words_are_drawn_more_often() {
        let v = vocabulary();
        let mut rng = fastrand::Rng::with_seed(3);
        let the = (0..1000).filter(|_| v.draw(&mut rng) == "the").count();
        assert!(the > 250, "{the}");
    }
}
