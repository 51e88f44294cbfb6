//! The `--json` output: its structs live apart from the internal types so that a refactor
//! cannot change the contract by accident.

use serde::Serialize;

use crate::extract::DATE_FROM;
use crate::readout::Readout;
use crate::search::{Hit as SearchHit, SearchResults};
use crate::views::facets::FacetsResults;
use crate::views::similar::SimilarResults;
use crate::views::timeline::Timeline;

#[derive(Serialize)]
pub struct Search<'a> {
    pub query: &'a str,
    /// Every matching readout.
    pub total: usize,
    /// The results they make once near-duplicates fold into one; `null` when not known
    /// (more matches than were candidates for folding).
    pub results: Option<usize>,
    pub hits: Vec<Hit<'a>>,
    /// Counts per value of each field asked for, by the field's name.
    pub facets: Facets<'a>,
    /// The facets counted with the search's own filter on them lifted (disjunctive counts).
    pub disjunctive: Vec<&'static str>,
    pub took_ms: f64,
}

#[derive(Serialize)]
pub struct Hit<'a> {
    pub rank: usize,
    pub score: f32,
    pub id: &'a str,
    pub path: &'a str,
    /// The line the readout starts on in a file of many, else `null`.
    pub line: Option<u64>,
    pub url: Option<&'a str>,
    pub title: &'a str,
    pub date: Option<String>,
    pub source: Option<&'a str>,
    pub countries: Vec<Country<'a>>,
    pub organizations: Vec<Organization<'a>>,
    pub counterparts: Vec<&'a str>,
    pub snippet: Snippet<'a>,
    /// Near-duplicates folded into this hit, the whole group.
    pub also_published_as: Vec<Duplicate<'a>>,
}

#[derive(Serialize)]
pub struct Duplicate<'a> {
    pub id: &'a str,
    pub path: &'a str,
    pub line: Option<u64>,
    pub url: Option<&'a str>,
}

#[derive(Serialize)]
pub struct Country<'a> {
    pub code: &'a str,
    pub name: &'a str,
}

#[derive(Serialize)]
pub struct Organization<'a> {
    pub id: &'a str,
    pub name: &'a str,
}

#[derive(Serialize)]
pub struct Snippet<'a> {
    pub text: &'a str,
    /// Byte ranges `[start, end)` of the matched words in `text`.
    pub highlights: Vec<[usize; 2]>,
}

/// The facets in the order asked for, as one JSON object.
pub struct Facets<'a>(Vec<(&'static str, Vec<Count<'a>>)>);

impl Serialize for Facets<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, counts) in &self.0 {
            map.serialize_entry(name, counts)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
pub struct Count<'a> {
    pub value: &'a str,
    pub count: u64,
}

fn counts(list: &[crate::search::FacetCount]) -> Vec<Count<'_>> {
    list.iter()
        .map(|c| Count {
            value: &c.value,
            count: c.count,
        })
        .collect()
}

pub fn search(results: &SearchResults) -> Search<'_> {
    Search {
        query: &results.query,
        total: results.total,
        results: results.results,
        hits: results.hits.iter().map(hit).collect(),
        facets: Facets(
            results
                .facets
                .iter()
                .map(|f| (f.field.name(), counts(&f.counts)))
                .collect(),
        ),
        disjunctive: results
            .facets
            .iter()
            .filter(|f| f.disjunctive)
            .map(|f| f.field.name())
            .collect(),
        took_ms: results.took.as_secs_f64() * 1000.0,
    }
}

/// One hit as `--json` and each line of `--format jsonl` give it.
pub fn hit(hit: &SearchHit) -> Hit<'_> {
    let r = &hit.readout;
    Hit {
        rank: hit.rank,
        score: hit.score,
        id: &r.id,
        path: &r.path,
        line: r.line,
        url: r.url.as_deref(),
        title: &r.title,
        date: r.date.map(|d| d.to_string()),
        source: r.source.as_deref(),
        countries: countries(r),
        organizations: organizations(r),
        counterparts: r.counterparts.iter().map(String::as_str).collect(),
        snippet: Snippet {
            text: &hit.snippet.text,
            highlights: hit
                .snippet
                .highlights
                .iter()
                .map(|r| [r.start, r.end])
                .collect(),
        },
        also_published_as: duplicates(&hit.duplicates),
    }
}

/// One line of `readouts extract --json`.
#[derive(Serialize)]
pub struct Extraction<'a> {
    pub path: &'a str,
    pub line: Option<u64>,
    pub url: Option<&'a str>,
    pub id: &'a str,
    pub title: &'a str,
    pub title_derived: bool,
    pub date: Option<String>,
    /// Where the date was found: a page's metadata, the file's field, a dateline.
    pub date_from: Option<&'a str>,
    pub source: Option<&'a str>,
    /// The language a page or record gives.
    pub language: Option<&'a str>,
    /// The first lines of the text, as indexed.
    pub opening: Vec<&'a str>,
    pub countries: Vec<ExtractedCountry<'a>>,
    pub organizations: Vec<ExtractedOrganization<'a>>,
    /// ISO alpha-3 code of the publishing side, when it can be told.
    pub home: Option<&'a str>,
    /// ISO alpha-3 codes of the other countries, most mentioned first.
    pub counterparts: Vec<&'a str>,
    pub people: Vec<ExtractedPerson<'a>>,
    pub places: Vec<ExtractedPlace<'a>>,
}

#[derive(Serialize)]
pub struct ExtractedPerson<'a> {
    pub name: &'a str,
    pub title: &'a str,
    pub country: Option<&'a str>,
    pub mentions: u32,
}

#[derive(Serialize)]
pub struct ExtractedPlace<'a> {
    pub name: &'a str,
    pub country: Option<&'a str>,
    pub mentions: u32,
}

#[derive(Serialize)]
pub struct ExtractedCountry<'a> {
    pub code: &'a str,
    pub name: &'a str,
    /// The facet path: `/Region/Sub-region/Country`.
    pub region_path: String,
    pub mentions: u32,
}

#[derive(Serialize)]
pub struct ExtractedOrganization<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub parent: Option<&'a str>,
    /// The facet path: `/Parent/Child`.
    pub path: String,
    pub mentions: u32,
}

pub fn extraction(r: &Readout) -> Extraction<'_> {
    Extraction {
        path: &r.path,
        line: r.line,
        url: r.url.as_deref(),
        id: &r.id,
        title: &r.title,
        title_derived: r.title_derived,
        date: r.date.map(|d| d.to_string()),
        date_from: r.extra.get(DATE_FROM).and_then(|v| v.as_str()),
        source: r.source.as_deref(),
        language: r.language(),
        opening: r.opening_lines(),
        countries: r
            .countries
            .iter()
            .map(|c| ExtractedCountry {
                code: &c.code,
                name: &c.name,
                region_path: format!("/{}/{}/{}", c.region, c.subregion, c.name),
                mentions: c.mentions,
            })
            .collect(),
        organizations: r
            .organizations
            .iter()
            .map(|o| ExtractedOrganization {
                id: &o.id,
                name: &o.name,
                parent: o.parent.as_deref(),
                path: format!("/{}", o.path.join("/")),
                mentions: o.mentions,
            })
            .collect(),
        home: r.home.as_deref(),
        counterparts: r.counterparts.iter().map(String::as_str).collect(),
        people: people(r),
        places: places(r),
    }
}

fn people(r: &Readout) -> Vec<ExtractedPerson<'_>> {
    r.people
        .iter()
        .map(|p| ExtractedPerson {
            name: &p.name,
            title: &p.title,
            country: p.country.as_deref(),
            mentions: p.mentions,
        })
        .collect()
}

fn places(r: &Readout) -> Vec<ExtractedPlace<'_>> {
    r.places
        .iter()
        .map(|p| ExtractedPlace {
            name: &p.name,
            country: p.country.as_deref(),
            mentions: p.mentions,
        })
        .collect()
}

/// `readouts show --json`: the stored readout, whole.
#[derive(Serialize)]
pub struct Show<'a> {
    pub id: &'a str,
    pub path: &'a str,
    pub line: Option<u64>,
    pub title: &'a str,
    pub title_derived: bool,
    pub date: Option<String>,
    pub source: Option<&'a str>,
    pub countries: Vec<ShownCountry<'a>>,
    pub organizations: Vec<ShownOrganization<'a>>,
    /// The publishing side's ISO alpha-3 code, when it can be told.
    pub home: Option<&'a str>,
    /// The other countries, most mentioned first.
    pub counterparts: Vec<&'a str>,
    pub people: Vec<ExtractedPerson<'a>>,
    pub places: Vec<ExtractedPlace<'a>>,
    pub body: &'a str,
    pub content_hash: &'a str,
    /// The address the file gave, if any.
    pub url: Option<&'a str>,
    /// Fields the file gave that readouts does not know, as they were.
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
}

#[derive(Serialize)]
pub struct ShownCountry<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub region: &'a str,
    pub subregion: &'a str,
    pub mentions: u32,
}

#[derive(Serialize)]
pub struct ShownOrganization<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub parent: Option<&'a str>,
    /// Ids from the top-level organization down to this one.
    pub path: &'a [String],
    pub mentions: u32,
}

pub fn show(r: &Readout) -> Show<'_> {
    Show {
        id: &r.id,
        path: &r.path,
        line: r.line,
        title: &r.title,
        title_derived: r.title_derived,
        date: r.date.map(|d| d.to_string()),
        source: r.source.as_deref(),
        countries: r
            .countries
            .iter()
            .map(|c| ShownCountry {
                code: &c.code,
                name: &c.name,
                region: &c.region,
                subregion: &c.subregion,
                mentions: c.mentions,
            })
            .collect(),
        organizations: r
            .organizations
            .iter()
            .map(|o| ShownOrganization {
                id: &o.id,
                name: &o.name,
                parent: o.parent.as_deref(),
                path: &o.path,
                mentions: o.mentions,
            })
            .collect(),
        home: r.home.as_deref(),
        counterparts: r.counterparts.iter().map(String::as_str).collect(),
        people: people(r),
        places: places(r),
        body: &r.body,
        content_hash: &r.content_hash,
        url: r.url.as_deref(),
        extra: &r.extra,
    }
}

/// `readouts facets --json`.
#[derive(Serialize)]
pub struct FacetList<'a> {
    pub field: &'static str,
    pub query: &'a str,
    pub total: usize,
    pub without: u64,
    pub values: Vec<FacetValue<'a>>,
    pub took_ms: f64,
}

#[derive(Serialize)]
pub struct FacetValue<'a> {
    pub value: &'a str,
    pub path: &'a str,
    pub name: Option<&'a str>,
    pub count: u64,
    pub children: Vec<FacetValue<'a>>,
}

fn facet_values(values: &[crate::views::facets::FacetValue]) -> Vec<FacetValue<'_>> {
    values
        .iter()
        .map(|v| FacetValue {
            value: &v.value,
            path: &v.path,
            name: v.name.as_deref(),
            count: v.count,
            children: facet_values(&v.children),
        })
        .collect()
}

pub fn facets(results: &FacetsResults) -> FacetList<'_> {
    FacetList {
        field: results.field.name(),
        query: &results.query,
        total: results.total,
        without: results.without,
        values: facet_values(&results.values),
        took_ms: results.took.as_secs_f64() * 1000.0,
    }
}

/// `readouts timeline --json`.
#[derive(Serialize)]
pub struct TimelineCounts<'a> {
    pub query: &'a str,
    pub by: &'static str,
    pub total: usize,
    pub undated: u64,
    pub periods: Vec<Period<'a>>,
    pub took_ms: f64,
}

#[derive(Serialize)]
pub struct Period<'a> {
    pub period: &'a str,
    /// The first day of the period, `YYYY-MM-DD`.
    pub start: String,
    pub count: u64,
}

pub fn timeline(timeline: &Timeline) -> TimelineCounts<'_> {
    TimelineCounts {
        query: &timeline.query,
        by: timeline.by.name(),
        total: timeline.total,
        undated: timeline.undated,
        periods: timeline
            .periods
            .iter()
            .map(|p| Period {
                period: &p.label,
                start: p.start.to_string(),
                count: p.count,
            })
            .collect(),
        took_ms: timeline.took.as_secs_f64() * 1000.0,
    }
}

/// `readouts similar --json`.
#[derive(Serialize)]
pub struct Similar<'a> {
    /// The readout the others are like.
    pub id: &'a str,
    pub title: &'a str,
    /// Near-duplicates of the readout itself, left out of the hits.
    pub copies: Vec<Duplicate<'a>>,
    pub hits: Vec<SimilarHit<'a>>,
    pub took_ms: f64,
}

#[derive(Serialize)]
pub struct SimilarHit<'a> {
    pub rank: usize,
    pub score: f32,
    pub id: &'a str,
    pub path: &'a str,
    pub line: Option<u64>,
    pub url: Option<&'a str>,
    pub title: &'a str,
    pub date: Option<String>,
    pub source: Option<&'a str>,
    pub countries: Vec<Country<'a>>,
    pub organizations: Vec<Organization<'a>>,
    /// Near-duplicates folded into this hit.
    pub also_published_as: Vec<Duplicate<'a>>,
}

fn duplicates(list: &[crate::search::Duplicate]) -> Vec<Duplicate<'_>> {
    list.iter()
        .map(|d| Duplicate {
            id: &d.id,
            path: &d.path,
            line: d.line,
            url: d.url.as_deref(),
        })
        .collect()
}

pub fn similar(results: &SimilarResults) -> Similar<'_> {
    Similar {
        id: &results.readout.id,
        title: &results.readout.title,
        hits: results
            .hits
            .iter()
            .map(|hit| {
                let r = &hit.readout;
                SimilarHit {
                    rank: hit.rank,
                    score: hit.score,
                    id: &r.id,
                    path: &r.path,
                    line: r.line,
                    url: r.url.as_deref(),
                    title: &r.title,
                    date: r.date.map(|d| d.to_string()),
                    source: r.source.as_deref(),
                    countries: countries(r),
                    organizations: organizations(r),
                    also_published_as: duplicates(&hit.duplicates),
                }
            })
            .collect(),
        copies: duplicates(&results.copies),
        took_ms: results.took.as_secs_f64() * 1000.0,
    }
}

fn countries(r: &Readout) -> Vec<Country<'_>> {
    r.countries
        .iter()
        .map(|c| Country {
            code: &c.code,
            name: &c.name,
        })
        .collect()
}

fn organizations(r: &Readout) -> Vec<Organization<'_>> {
    r.organizations
        .iter()
        .map(|o| Organization {
            id: &o.id,
            name: &o.name,
        })
        .collect()
}
