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
    hits: Vec<Hit>,
    facets: Facets,
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
    title: String,
    date: Option<String>,
    source: Option<String>,
    countries: Vec<Country>,
    organizations: Vec<Organization>,
    snippet: Snippet,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Country {
    code: String,
    name: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Organization {
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Extraction {
    path: String,
    id: String,
    title: String,
    title_derived: bool,
    date: Option<String>,
    source: Option<String>,
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
struct ExtractedPerson {
    name: String,
    title: String,
    country: Option<String>,
    mentions: u32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ExtractedPlace {
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
