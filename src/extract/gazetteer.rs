//! The gazetteers (countries, organizations, outlets, places), loaded once from the tables in
//! `data/`, and the automaton that finds their names in text. Pure lookups: no I/O.

use rustc_hash::{FxHashMap, FxHashSet};
use std::ops::Range;
use std::sync::{LazyLock, OnceLock};

use aho_corasick::{
    AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, Anchored, Input, MatchKind, StartKind,
};

use super::senses::{self, Rules};
use super::tsv::{list, rows};

/// A country or territory, with every name the text may use for it.
#[derive(Debug)]
pub(crate) struct Country {
    /// ISO 3166-1 alpha-3.
    pub code: String,
    pub name: String,
    /// UN M49 region and sub-region (intermediate region where M49 has one).
    pub region: String,
    pub subregion: String,
    /// Other names: official long forms, variants, abbreviations.
    pub names: Vec<String>,
    pub demonyms: Vec<String>,
}

/// An international organization or one of its bodies.
#[derive(Debug)]
pub(crate) struct Organization {
    pub id: String,
    pub name: String,
    /// Index of the parent organization in `Gazetteer::organizations`.
    pub parent: Option<usize>,
    /// Acronyms, matched case-sensitively ("UN" is not "un").
    pub acronyms: Vec<String>,
    pub names: Vec<String>,
}

/// A news outlet or press service.
#[derive(Debug)]
pub(crate) struct Outlet {
    pub name: String,
    pub names: Vec<String>,
    /// Index of the country whose own side the outlet speaks for; none for international media.
    pub country: Option<usize>,
    /// Offices that sign its releases at the head: "Ned Price, Department Spokesperson".
    pub signatures: Vec<String>,
}

impl Outlet {
    /// Its name and its other names.
    pub(crate) fn forms(&self) -> impl Iterator<Item = &String> {
        std::iter::once(&self.name).chain(&self.names)
    }
}

/// A place whose name holds or resembles a country name (a city, a region, a sea); matching it
/// keeps "Latin America" or "Mexico City" from counting as a country.
#[derive(Debug)]
pub(crate) struct Place {
    pub name: String,
    /// Index of the country the place lies in, when it lies in one.
    pub country: Option<usize>,
}

/// What a phrase of `titles.tsv` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TitleKind {
    /// An office: "Foreign Minister".
    Title,
    /// A word that belongs to the office after it: "Acting".
    Modifier,
    /// A style dropped from a name: "Dato' Seri".
    Honorific,
}

/// What a name found in text refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Entity {
    Country(usize),
    Organization(usize),
    Place(usize),
    /// An office of titles.tsv ("Foreign Minister"), found in the same pass as the names.
    Title(usize),
}

/// A name found in text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    pub entity: Entity,
    pub range: Range<usize>,
    /// Index into `Gazetteer::senses` when the form can mean something else in context.
    pub rules: Option<usize>,
}

/// What a `--country` value names: one country, or a region or sub-region of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Area {
    Country(usize),
    Region(String),
    Subregion { region: String, subregion: String },
}

/// The entity automaton, run only where a name can start: at the start of a word whose first
/// two bytes open some name. Most words are lowercase and open none, so the automaton sees a
/// small part of the text, where an unanchored search walked every byte.
struct EntityMatcher {
    /// Anchored searches only.
    automaton: AhoCorasick,
    /// The first two bytes of every name (a text's last byte pairs with 0).
    openings: BytePairs,
    /// For each pattern, its owner and the index of the form's context rules in
    /// `Gazetteer::senses`.
    owners: Vec<(Entity, Option<usize>)>,
}

/// A set of pairs of bytes, a bit each.
struct BytePairs(Box<[u64; 1024]>);

impl Default for BytePairs {
    fn default() -> Self {
        BytePairs(Box::new([0; 1024]))
    }
}

impl BytePairs {
    fn insert(&mut self, first: u8, second: u8) {
        let pair = usize::from(first) << 8 | usize::from(second);
        self.0[pair / 64] |= 1 << (pair % 64);
    }

    fn contains(&self, first: u8, second: u8) -> bool {
        let pair = usize::from(first) << 8 | usize::from(second);
        self.0[pair / 64] & 1 << (pair % 64) != 0
    }
}

/// All tables, and the automata built from them once.
pub(crate) struct Gazetteer {
    pub countries: Vec<Country>,
    pub organizations: Vec<Organization>,
    pub outlets: Vec<Outlet>,
    pub places: Vec<Place>,
    /// Context rules of the forms that can mean something else (senses.tsv), one list per form.
    pub senses: Vec<Rules>,
    /// The form each list of `senses` belongs to.
    sense_forms: Vec<String>,
    /// Phrases of titles.tsv.
    pub titles: Vec<(String, TitleKind)>,
    /// Capitalised words that are not people's names: common_words.tsv and the words of titles.
    pub common_words: FxHashSet<String>,
    /// Built on first use: a search that only resolves filters does not pay for them.
    entities: OnceLock<EntityMatcher>,
    outlet_names: OnceLock<(AhoCorasick, Vec<usize>)>,
    /// Lowercased id, acronym or name → organization, for filters typed by users.
    org_lookup: FxHashMap<String, usize>,
    /// Lowercased code, name or demonym → country, for filters typed by users.
    country_lookup: FxHashMap<String, usize>,
    /// Outlet name, as written → outlet.
    outlet_lookup: FxHashMap<String, usize>,
}

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(Gazetteer::load);

/// The gazetteer, built on first use.
pub(crate) fn gazetteer() -> &'static Gazetteer {
    &GAZETTEER
}

impl Gazetteer {
    fn load() -> Gazetteer {
        let countries: Vec<Country> = rows(include_str!("data/countries.tsv"), 6)
            .map(|r| Country {
                code: r[0].to_string(),
                name: r[1].to_string(),
                region: r[2].to_string(),
                subregion: r[3].to_string(),
                names: list(r[4]),
                demonyms: list(r[5]),
            })
            .collect();
        let org_rows: Vec<Vec<&str>> = rows(include_str!("data/organizations.tsv"), 5).collect();
        let org_index: FxHashMap<&str, usize> = org_rows
            .iter()
            .enumerate()
            .map(|(i, r)| (r[0], i))
            .collect();
        let organizations: Vec<Organization> = org_rows
            .iter()
            .map(|r| Organization {
                id: r[0].to_string(),
                name: r[1].to_string(),
                parent: (!r[2].is_empty()).then(|| org_index[r[2]]),
                acronyms: list(r[3]),
                names: list(r[4]),
            })
            .collect();
        let code_index: FxHashMap<&str, usize> = countries
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code.as_str(), i))
            .collect();
        let outlets: Vec<Outlet> = rows(include_str!("data/outlets.tsv"), 4)
            .map(|r| Outlet {
                name: r[0].to_string(),
                names: list(r[1]),
                country: code_index.get(r[2]).copied(),
                signatures: list(r[3]),
            })
            .collect();
        let places: Vec<Place> = rows(include_str!("data/places.tsv"), 3)
            .map(|r| Place {
                name: r[0].to_string(),
                country: code_index.get(r[2]).copied(),
            })
            .collect();
        let mut form_senses: Vec<(String, Rules)> = Vec::new();
        for (form, rule) in senses::parse(include_str!("data/senses.tsv")) {
            match form_senses.iter_mut().find(|(f, _)| *f == form) {
                Some((_, rules)) => rules.push(rule),
                None => form_senses.push((form, vec![rule])),
            }
        }
        let titles: Vec<(String, TitleKind)> = rows(include_str!("data/titles.tsv"), 2)
            .map(|r| {
                let kind = match r[1] {
                    "modifier" => TitleKind::Modifier,
                    "honorific" => TitleKind::Honorific,
                    _ => TitleKind::Title,
                };
                (r[0].to_string(), kind)
            })
            .collect();
        let common_words = rows(include_str!("data/common_words.tsv"), 1)
            .map(|r| r[0].to_string())
            .chain(
                titles
                    .iter()
                    .filter(|(_, kind)| *kind != TitleKind::Honorific)
                    .flat_map(|(phrase, _)| phrase.split_whitespace().map(str::to_string)),
            )
            .collect();

        let mut org_lookup = FxHashMap::default();
        for (i, org) in organizations.iter().enumerate() {
            let names = [&org.id, &org.name].into_iter().chain(&org.acronyms);
            for name in names.chain(&org.names) {
                org_lookup.entry(name.to_lowercase()).or_insert(i);
            }
        }
        let mut outlet_lookup = FxHashMap::default();
        for (i, outlet) in outlets.iter().enumerate() {
            for name in outlet.forms() {
                outlet_lookup.entry(name.clone()).or_insert(i);
            }
        }
        let mut country_lookup = FxHashMap::default();
        for (i, country) in countries.iter().enumerate() {
            let names = [&country.code, &country.name].into_iter();
            for name in names.chain(&country.names).chain(&country.demonyms) {
                country_lookup.entry(name.to_lowercase()).or_insert(i);
            }
        }

        Gazetteer {
            countries,
            organizations,
            outlets,
            places,
            senses: form_senses.iter().map(|(_, rules)| rules.clone()).collect(),
            sense_forms: form_senses.into_iter().map(|(form, _)| form).collect(),
            titles,
            common_words,
            entities: OnceLock::new(),
            outlet_names: OnceLock::new(),
            org_lookup,
            country_lookup,
            outlet_lookup,
        }
    }

    /// Every country, organization, place and title named in `text`, leftmost-longest, whole
    /// words: one pass over the text for all of them.
    pub(crate) fn find_entities<'a>(&'a self, text: &'a str) -> impl Iterator<Item = Found> + 'a {
        let matcher = self.entities.get_or_init(|| {
            entity_automaton(
                &self.countries,
                &self.organizations,
                &self.places,
                &self.titles,
                &self.sense_forms,
            )
        });
        let bytes = text.as_bytes();
        let mut next = 0;
        std::iter::from_fn(move || {
            while next < bytes.len() {
                let start = next;
                next += 1;
                let second = bytes.get(next).map_or(0, |&b| b);
                if !matcher.openings.contains(bytes[start], second) {
                    continue;
                }
                let before = text[..start].chars().next_back();
                if before.is_some_and(char::is_alphanumeric) {
                    continue;
                }
                let input = Input::new(text).range(start..).anchored(Anchored::Yes);
                let Some(m) = matcher.automaton.find(input) else {
                    continue;
                };
                // A name glued to more letters hides the names inside it: "West Indians"
                // holds no "Indians".
                next = m.end();
                if !is_whole_word(text, m.range()) {
                    continue;
                }
                let (entity, rules) = matcher.owners[m.pattern().as_usize()];
                return Some(Found {
                    entity,
                    range: m.range(),
                    rules,
                });
            }
            None
        })
    }

    /// Every outlet name in `text`, whole words, as (outlet index, byte range).
    pub(crate) fn find_outlets<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = (usize, Range<usize>)> + 'a {
        let (matcher, owners) = self.outlet_names.get_or_init(|| {
            let mut patterns = Patterns::default();
            for (i, outlet) in self.outlets.iter().enumerate() {
                for name in outlet.forms() {
                    patterns.add(name, i);
                }
            }
            patterns.build(StartKind::Unanchored)
        });
        matcher
            .find_iter(text)
            .filter(move |m| is_whole_word(text, m.range()))
            .map(|m| (owners[m.pattern().as_usize()], m.range()))
    }

    /// The outlet whose name `text` is, exactly.
    pub(crate) fn outlet_named(&self, text: &str) -> Option<usize> {
        self.outlet_lookup.get(text).copied()
    }

    /// Ids from the top-level organization down to `org`.
    pub(crate) fn org_path(&self, org: usize) -> Vec<String> {
        let mut path = vec![self.organizations[org].id.clone()];
        let mut current = org;
        while let Some(parent) = self.organizations[current].parent {
            path.push(self.organizations[parent].id.clone());
            current = parent;
        }
        path.reverse();
        path
    }

    /// The organization a user means by an id, acronym or name, in any case.
    pub(crate) fn resolve_org(&self, value: &str) -> Option<usize> {
        self.org_lookup.get(&normalize_key(value)).copied()
    }

    /// The country a code, name or demonym names, as a user or a text writes it.
    pub(crate) fn country_named(&self, value: &str) -> Option<usize> {
        self.country_lookup.get(&normalize_key(value)).copied()
    }

    /// The country or area a user means by a code, name, demonym, region or sub-region.
    pub(crate) fn resolve_area(&self, value: &str) -> Option<Area> {
        let key = normalize_key(value);
        if let Some(&i) = self.country_lookup.get(&key) {
            return Some(Area::Country(i));
        }
        self.countries.iter().find_map(|c| {
            if c.subregion.to_lowercase() == key {
                Some(Area::Subregion {
                    region: c.region.clone(),
                    subregion: c.subregion.clone(),
                })
            } else if c.region.to_lowercase() == key {
                Some(Area::Region(c.region.clone()))
            } else {
                None
            }
        })
    }

    /// Known organization names nearest to an unknown `value`, best first.
    pub(crate) fn suggest_orgs(&self, value: &str) -> Vec<String> {
        nearest(value, self.org_lookup.iter().map(|(k, &i)| (k.as_str(), i)))
            .into_iter()
            .map(|i| {
                let org = &self.organizations[i];
                format!("{} ({})", org.id, org.name)
            })
            .collect()
    }

    /// Known country names nearest to an unknown `value`, best first.
    pub(crate) fn suggest_countries(&self, value: &str) -> Vec<String> {
        nearest(
            value,
            self.country_lookup.iter().map(|(k, &i)| (k.as_str(), i)),
        )
        .into_iter()
        .map(|i| format!("{} ({})", self.countries[i].name, self.countries[i].code))
        .collect()
    }
}

/// Lookup key for a user-typed name: lowercased, curly apostrophes straightened, inner
/// whitespace collapsed.
fn normalize_key(value: &str) -> String {
    value
        .replace(['\u{2019}', '\u{2018}'], "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The three entries whose keys are most like `value`, deduplicated by entry.
fn nearest<'a>(value: &str, keys: impl Iterator<Item = (&'a str, usize)>) -> Vec<usize> {
    let value = normalize_key(value);
    let mut scored: Vec<(f64, usize)> = keys
        .map(|(key, i)| (strsim::jaro_winkler(&value, key), i))
        .filter(|(score, _)| *score > 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut best = Vec::new();
    for (_, i) in scored {
        if !best.contains(&i) {
            best.push(i);
        }
        if best.len() == 3 {
            break;
        }
    }
    best
}

/// Surface forms and what each stands for; the first owner of a form keeps it.
struct Patterns<T> {
    forms: Vec<String>,
    owners: Vec<T>,
    seen: FxHashSet<String>,
}

impl<T> Default for Patterns<T> {
    fn default() -> Self {
        Patterns {
            forms: Vec::new(),
            owners: Vec::new(),
            seen: FxHashSet::default(),
        }
    }
}

impl<T: Copy> Patterns<T> {
    fn add(&mut self, form: &str, owner: T) {
        if form.is_empty() || !self.seen.insert(form.to_string()) {
            return;
        }
        self.forms.push(form.to_string());
        self.owners.push(owner);
    }

    /// Adds the form, and its all-capitals variant (datelines and shouted headlines).
    fn add_with_caps(&mut self, form: &str, owner: T) {
        self.add(form, owner);
        self.add(&form.to_uppercase(), owner);
    }

    /// A contiguous NFA: the DFA of all the names scans a text alone a little faster, but it
    /// takes 26 MB, which misses the caches once tantivy's indexing shares them; this takes
    /// under 1 MB.
    fn build(self, start: StartKind) -> (AhoCorasick, Vec<T>) {
        let matcher = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .start_kind(start)
            .build(&self.forms)
            .expect("gazetteer patterns build an automaton");
        (matcher, self.owners)
    }
}

/// The automaton of every name, each pattern with its owner and, for a form that can mean
/// something else, the index of its context rules.
fn entity_automaton(
    countries: &[Country],
    organizations: &[Organization],
    places: &[Place],
    titles: &[(String, TitleKind)],
    sense_forms: &[String],
) -> EntityMatcher {
    let mut patterns = Patterns::default();
    for (i, org) in organizations.iter().enumerate() {
        for acronym in &org.acronyms {
            patterns.add(acronym, Entity::Organization(i));
        }
        for name in std::iter::once(&org.name).chain(&org.names) {
            patterns.add_with_caps(name, Entity::Organization(i));
        }
    }
    for (i, country) in countries.iter().enumerate() {
        let forms = std::iter::once(&country.name)
            .chain(&country.names)
            .chain(&country.demonyms);
        for form in forms {
            patterns.add_with_caps(form, Entity::Country(i));
        }
    }
    for (i, place) in places.iter().enumerate() {
        patterns.add_with_caps(&place.name, Entity::Place(i));
    }
    for (i, (phrase, kind)) in titles.iter().enumerate() {
        if *kind == TitleKind::Title {
            patterns.add(phrase, Entity::Title(i));
        }
    }
    let rules: Vec<Option<usize>> = patterns
        .forms
        .iter()
        .map(|form| sense_forms.iter().position(|f| f == form))
        .collect();
    let mut openings = BytePairs::default();
    for form in &patterns.forms {
        let first = form.as_bytes()[0];
        match form.as_bytes().get(1) {
            Some(&second) => openings.insert(first, second),
            None => (0..=u8::MAX).for_each(|second| openings.insert(first, second)),
        }
    }
    let (automaton, owners) = patterns.build(StartKind::Anchored);
    EntityMatcher {
        automaton,
        openings,
        owners: owners.into_iter().zip(rules).collect(),
    }
}

/// True when the match is not part of a longer word. Scraped lists sometimes glue the next
/// capitalised word to a name ("NATOAsia Pacific", "United StatesInstitutions"): a capital
/// that opens a new word ends the match too.
fn is_whole_word(text: &str, range: Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    if before.is_some_and(char::is_alphanumeric) {
        return false;
    }
    let mut after = text[range.end..].chars();
    let Some(next) = after.next() else {
        return true;
    };
    if !next.is_alphanumeric() {
        return true;
    }
    let last = text[..range.end].chars().next_back();
    let opens_word = next.is_uppercase() && after.next().is_some_and(char::is_lowercase);
    opens_word && last.is_some_and(char::is_alphabetic)
}

/// True when `range` overlaps one of `found`, ranges in text order that do not overlap each
/// other (as the matches of a leftmost automaton are): a binary search, not a scan.
pub(crate) fn overlaps_any(found: &[Range<usize>], range: &Range<usize>) -> bool {
    let after = found.partition_point(|r| r.end <= range.start);
    found.get(after).is_some_and(|r| r.start < range.end)
}

/// The index of the range of `found` (in text order) that starts at `at`.
pub(crate) fn starting_at(found: &[Range<usize>], at: usize) -> Option<usize> {
    let i = found.partition_point(|r| r.start < at);
    found.get(i).is_some_and(|r| r.start == at).then_some(i)
}

/// The index of the range of `found` (in text order) that ends at `at`.
pub(crate) fn ending_at(found: &[Range<usize>], at: usize) -> Option<usize> {
    let i = found.partition_point(|r| r.end < at);
    found.get(i).is_some_and(|r| r.end == at).then_some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn countries_in(text: &str) -> Vec<&'static str> {
        let g = gazetteer();
        g.find_entities(text)
            .filter_map(|f| match f.entity {
                Entity::Country(i) => Some(g.countries[i].code.as_str()),
                _ => None,
            })
            .collect()
    }

    fn orgs_in(text: &str) -> Vec<&'static str> {
        let g = gazetteer();
        g.find_entities(text)
            .filter_map(|f| match f.entity {
                Entity::Organization(i) => Some(g.organizations[i].id.as_str()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_parent_exists_and_no_cycle() {
        let g = gazetteer();
        for (i, org) in g.organizations.iter().enumerate() {
            assert!(g.org_path(i).len() < 8, "{} has a parent cycle", org.id);
        }
    }

    #[test]
    fn codes_and_ids_are_unique() {
        let g = gazetteer();
        let mut codes: Vec<&str> = g.countries.iter().map(|c| c.code.as_str()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), g.countries.len());
        let mut ids: Vec<&str> = g.organizations.iter().map(|o| o.id.as_str()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), g.organizations.len());
    }

    #[test]
    fn names_long_forms_and_demonyms_find_their_country() {
        assert_eq!(countries_in("Azerbaijan's minister"), ["AZE"]);
        assert_eq!(countries_in("the Kingdom of Bahrain"), ["BHR"]);
        assert_eq!(countries_in("the Islamic Republic of Pakistan"), ["PAK"]);
        assert_eq!(
            countries_in("Malaysian and Kazakh ministers"),
            ["MYS", "KAZ"]
        );
        assert_eq!(countries_in("Azerbaijani-Kazakh ties"), ["AZE", "KAZ"]);
    }

    #[test]
    fn longer_names_win_over_the_names_inside_them() {
        assert_eq!(countries_in("Papua New Guinea"), ["PNG"]);
        assert_eq!(countries_in("Equatorial Guinea"), ["GNQ"]);
        assert_eq!(countries_in("South Sudan"), ["SSD"]);
        assert_eq!(countries_in("Nigeria"), ["NGA"]);
        assert_eq!(countries_in("the Dominican Republic"), ["DOM"]);
    }

    #[test]
    fn a_country_word_inside_an_organization_name_is_not_a_country() {
        assert!(countries_in("the Organization of American States").is_empty());
        assert_eq!(orgs_in("the Organization of American States"), ["OAS"]);
    }

    #[test]
    fn range_lookups_in_text_order() {
        let found = [2..5, 8..12, 20..25];
        assert!(overlaps_any(&found, &(4..6)));
        assert!(overlaps_any(&found, &(11..30)));
        assert!(!overlaps_any(&found, &(5..8)));
        assert!(!overlaps_any(&found, &(25..40)));
        assert_eq!(starting_at(&found, 8), Some(1));
        assert_eq!(starting_at(&found, 9), None);
        assert_eq!(ending_at(&found, 25), Some(2));
        assert_eq!(ending_at(&found, 24), None);
    }

    #[test]
    fn a_capitalised_word_glued_to_a_name_ends_it() {
        assert_eq!(
            orgs_in("INTERPOL\n\nNATOAsia Pacific"),
            ["INTERPOL", "NATO"]
        );
        assert_eq!(countries_in("United StatesInstitutions"), ["USA"]);
        assert!(orgs_in("UNICEF and USAID").iter().all(|o| *o == "UNICEF"));
        assert!(countries_in("USAID").is_empty());
    }

    #[test]
    fn names_start_where_words_start() {
        assert_eq!(countries_in("Oman"), ["OMN"]);
        assert_eq!(
            countries_in("(Oman) “Malaysia” —Kazakhstan/Peru, Chile."),
            ["OMN", "MYS", "KAZ", "PER", "CHL"]
        );
        assert_eq!(countries_in("déjàChile éOman"), Vec::<&str>::new());
        assert!(countries_in("Romania").iter().all(|c| *c == "ROU"));
        // A name glued to more letters hides the names inside it.
        assert!(countries_in("West Indians").is_empty());
    }

    #[test]
    fn acronyms_are_case_sensitive() {
        assert_eq!(orgs_in("within the UN and OIC"), ["UN", "OIC"]);
        assert!(orgs_in("un oic").is_empty());
    }

    #[test]
    fn bodies_sit_under_their_parents() {
        let g = gazetteer();
        let path = |id: &str| g.org_path(g.resolve_org(id).unwrap());
        assert_eq!(path("COP29"), ["UN", "UNFCCC", "COP29"]);
        assert_eq!(path("Minsk Group")[0], "OSCE");
        assert_eq!(
            path("Parliamentary Assembly of the Organization of Islamic Cooperation")[0],
            "OIC"
        );
    }

    #[test]
    fn users_may_name_a_filter_any_way() {
        let g = gazetteer();
        let oic = g.resolve_org("OIC");
        assert!(oic.is_some());
        assert_eq!(g.resolve_org("organisation of islamic cooperation"), oic);
        assert_eq!(g.resolve_org("Organization of Islamic Cooperation"), oic);
        let kaz = g.resolve_area("kazakh");
        assert_eq!(kaz, g.resolve_area("KAZ"));
        assert_eq!(kaz, g.resolve_area("Kazakhstan"));
        assert!(matches!(kaz, Some(Area::Country(_))));
        assert!(matches!(
            g.resolve_area("central asia"),
            Some(Area::Subregion { .. })
        ));
        assert_eq!(g.resolve_area("asia"), Some(Area::Region("Asia".into())));
        assert_eq!(g.resolve_area("Atlantis"), None);
    }

    #[test]
    fn unknown_names_get_near_suggestions() {
        let g = gazetteer();
        assert!(g.suggest_orgs("OICC")[0].starts_with("OIC"));
        assert!(g.suggest_countries("Kazahkstan")[0].starts_with("Kazakhstan"));
    }
}
