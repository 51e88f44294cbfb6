//! The `--json` contract, read back with `deny_unknown_fields`: a field added, renamed or
//! dropped by accident fails here.

use serde::Deserialize;

use super::*;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Search {
    query: String,
    total: usize,
    results: Option<usize>,
    hits: Vec<Hit>,
    facets: Facets,
    disjunctive: Vec<String>,
    took_ms: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Hit {
    rank: usize,
    score: f32,
    id: String,
    path: String,
    line: Option<u64>,
    url: Option<String>,
    title: String,
    date: Option<String>,
    source: Option<String>,
    countries: Vec<Country>,
    organizations: Vec<Organization>,
    counterparts: Vec<String>,
    snippet: Snippet,
    also_published_as: Vec<Duplicate>,
}

/// Where a near-duplicate folded into a hit is.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub(crate) struct Duplicate {
    pub id: String,
    pub path: String,
    pub line: Option<u64>,
    pub url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Country {
    code: String,
    name: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Organization {
    id: String,
    name: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Snippet {
    text: String,
    highlights: Vec<[usize; 2]>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Facets {
    org: Vec<Count>,
    country: Vec<Count>,
    year: Vec<Count>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Count {
    value: String,
    count: u64,
}

#[test]
fn search_json_is_the_documented_contract() {
    let out = run(&["search", "--json", "Bahrain"]);
    assert_eq!(out.status.code(), Some(0));
    let results: Search = serde_json::from_slice(&out.stdout).expect("the contract");
    assert_eq!(results.query, "Bahrain");
    assert_eq!(results.total, 1);
    let hit = &results.hits[0];
    assert_eq!(hit.rank, 1);
    assert_eq!(hit.date.as_deref(), Some("2025-05-12"));
    assert_eq!(hit.source.as_deref(), Some("News.Az"));
    assert!(
        hit.countries
            .iter()
            .any(|c| c.code == "BHR" && c.name == "Bahrain")
    );
    assert!(
        hit.organizations
            .iter()
            .any(|o| o.id == "OIC" && !o.name.is_empty())
    );
    for [start, end] in &hit.snippet.highlights {
        assert_eq!(&hit.snippet.text[*start..*end], "Bahrain");
    }
    assert!(!hit.snippet.highlights.is_empty());
    assert!(
        results
            .facets
            .year
            .iter()
            .any(|c| c.value == "2025" && c.count == 1)
    );
    assert!(
        results
            .facets
            .country
            .iter()
            .any(|c| c.value == "Bahrain" && c.count == 1)
    );
    assert!(
        results
            .facets
            .org
            .iter()
            .any(|c| c.value == "OIC" && c.count == 1)
    );
}

#[test]
fn facet_counts_cover_every_match_not_only_those_shown() {
    let out = run(&["search", "--json", "--limit", "1", ""]);
    let results: Search = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(results.total, 5);
    assert_eq!(results.hits.len(), 1);
    let oic = results
        .facets
        .org
        .iter()
        .find(|c| c.value == "OIC")
        .unwrap();
    assert_eq!(oic.count, 5);
}

/// `readouts show --json`: the stored readout.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub(crate) struct Show {
    pub id: String,
    pub path: String,
    pub line: Option<u64>,
    pub title: String,
    pub title_derived: bool,
    pub date: Option<String>,
    pub source: Option<String>,
    pub countries: Vec<ShownCountry>,
    pub organizations: Vec<ShownOrganization>,
    pub home: Option<String>,
    pub counterparts: Vec<String>,
    pub people: Vec<ExtractedPerson>,
    pub places: Vec<ExtractedPlace>,
    pub body: String,
    pub content_hash: String,
    pub url: Option<String>,
    pub extra: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub(crate) struct ShownCountry {
    pub code: String,
    pub name: String,
    pub region: String,
    pub subregion: String,
    pub mentions: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub(crate) struct ShownOrganization {
    pub id: String,
    pub name: String,
    pub parent: Option<String>,
    pub path: Vec<String>,
    pub mentions: u32,
}

/// `readouts facets --json`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub(crate) struct FacetList {
    pub field: String,
    pub query: String,
    pub total: usize,
    pub without: u64,
    pub values: Vec<FacetValue>,
    pub took_ms: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FacetValue {
    pub value: String,
    pub path: String,
    pub name: Option<String>,
    pub count: u64,
    pub children: Vec<FacetValue>,
}

/// `readouts timeline --json`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub(crate) struct Timeline {
    pub query: String,
    pub by: String,
    pub total: usize,
    pub undated: u64,
    pub periods: Vec<Period>,
    pub took_ms: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Period {
    pub period: String,
    pub start: String,
    pub count: u64,
}

/// `readouts similar --json`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub(crate) struct Similar {
    pub id: String,
    pub title: String,
    pub copies: Vec<Duplicate>,
    pub hits: Vec<SimilarHit>,
    pub took_ms: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
pub(crate) struct SimilarHit {
    pub rank: usize,
    pub score: f32,
    pub id: String,
    pub path: String,
    pub line: Option<u64>,
    pub url: Option<String>,
    pub title: String,
    pub date: Option<String>,
    pub source: Option<String>,
    pub countries: Vec<Country>,
    pub organizations: Vec<Organization>,
    pub also_published_as: Vec<Duplicate>,
}

/// Runs a view with `--json` and reads its output as the contract `T`.
pub(crate) fn view<T: serde::de::DeserializeOwned>(args: &[&str]) -> T {
    let mut all = args.to_vec();
    all.push("--json");
    let out = run(&all);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{args:?}: {}",
        stderr(&out)
    );
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{args:?}: not the contract: {e}\n{}", stdout(&out)))
}

#[test]
fn show_json_is_the_stored_readout() {
    let shown: Show = view(&["show", &seed_id("002")]);
    assert_eq!(shown.id, seed_id("002"));
    assert!(shown.path.ends_with("002_1d8d73c75dc338fd.txt"));
    assert!(shown.title_derived);
    assert_eq!(shown.date.as_deref(), Some("2025-05-12"));
    assert_eq!(shown.source.as_deref(), Some("News.Az"));
    let bahrain = shown.countries.iter().find(|c| c.code == "BHR").unwrap();
    assert_eq!(
        (bahrain.region.as_str(), bahrain.subregion.as_str()),
        ("Asia", "Western Asia")
    );
    let network = shown
        .organizations
        .iter()
        .find(|o| o.id == "NAM-PN")
        .unwrap();
    assert_eq!(network.parent.as_deref(), Some("NAM"));
    assert_eq!(network.path, ["NAM", "NAM-PN"]);
    assert!(shown.body.contains("Abdullatif bin Rashid Alzayani"));
    assert!(!shown.content_hash.is_empty());
}

#[test]
fn facets_json_is_the_documented_contract() {
    let list: FacetList = view(&["facets", "org", "--depth", "2"]);
    assert_eq!((list.field.as_str(), list.query.as_str()), ("org", ""));
    assert_eq!((list.total, list.without), (5, 0));
    let oic = list.values.iter().find(|v| v.value == "OIC").unwrap();
    assert_eq!(oic.path, "/OIC");
    assert_eq!(
        oic.name.as_deref(),
        Some("Organisation of Islamic Cooperation")
    );
    assert_eq!(oic.children[0].path, "/OIC/PUIC");
    assert!(oic.children[0].children.is_empty());
}

#[test]
fn timeline_json_is_the_documented_contract() {
    let timeline: Timeline = view(&["timeline", "", "--by", "year"]);
    assert_eq!(
        (timeline.query.as_str(), timeline.by.as_str()),
        ("", "year")
    );
    assert_eq!((timeline.total, timeline.undated), (5, 3));
    assert_eq!(timeline.periods.len(), 1);
    let year = &timeline.periods[0];
    assert_eq!(
        (year.period.as_str(), year.start.as_str(), year.count),
        ("2025", "2025-01-01", 2)
    );
}

#[test]
fn similar_json_is_the_documented_contract() {
    let similar: Similar = view(&["similar", &seed_id("003")]);
    assert_eq!(similar.id, seed_id("003"));
    assert_eq!(
        similar.title,
        "Azerbaijan, Pakistan discuss strategic partnership"
    );
    assert!(!similar.hits.is_empty());
    for (i, hit) in similar.hits.iter().enumerate() {
        assert_eq!(hit.rank, i + 1);
        assert!(hit.score > 0.0);
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Extraction {
    path: String,
    line: Option<u64>,
    url: Option<String>,
    id: String,
    title: String,
    title_derived: bool,
    date: Option<String>,
    date_from: Option<String>,
    source: Option<String>,
    language: Option<String>,
    opening: Vec<String>,
    countries: Vec<ExtractedCountry>,
    organizations: Vec<ExtractedOrganization>,
    home: Option<String>,
    counterparts: Vec<String>,
    people: Vec<ExtractedPerson>,
    places: Vec<ExtractedPlace>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct ExtractedCountry {
    code: String,
    name: String,
    region_path: String,
    mentions: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct ExtractedOrganization {
    id: String,
    name: String,
    parent: Option<String>,
    path: String,
    mentions: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExtractedPerson {
    name: String,
    title: String,
    country: Option<String>,
    mentions: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ExtractedPlace {
    name: String,
    country: Option<String>,
    mentions: u32,
}

#[test]
fn extract_json_is_the_documented_contract() {
    let out = readouts(seeded())
        .args(["extract", "--json"])
        .arg(seeds_dir())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let lines: Vec<Extraction> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("the contract"))
        .collect();
    assert_eq!(lines.len(), 5);
    let trend = lines
        .iter()
        .find(|e| e.source.as_deref() == Some("Trend"))
        .unwrap();
    assert_eq!(trend.home.as_deref(), Some("AZE"));
    assert_eq!(trend.counterparts, ["MYS"]);
    assert_eq!(trend.date_from.as_deref(), Some("a date header line"));
    assert_eq!(trend.language, None);
    assert_eq!(trend.opening.len(), 3);
    assert!(
        trend.opening[0].starts_with("BAKU, Azerbaijan, September 18."),
        "{:?}",
        trend.opening
    );
    let anwar = trend
        .people
        .iter()
        .find(|p| p.name == "Anwar Ibrahim")
        .expect("the prime minister, styles dropped");
    assert_eq!(anwar.title, "Prime Minister");
    assert_eq!(anwar.country.as_deref(), Some("MYS"));
    assert!(anwar.mentions >= 2);
    let kl = trend
        .places
        .iter()
        .find(|p| p.name == "Kuala Lumpur")
        .unwrap();
    assert_eq!((kl.country.as_deref(), kl.mentions), (Some("MYS"), 1));
}
