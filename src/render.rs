//! Printers: search results and extractions, for people (coloured on a terminal) and as JSON
//! for scripts. Generic over the writer, so tests print into a `Vec<u8>`.

use std::io::{self, Write};
use std::path::Path;

use crate::readout::Readout;
use crate::search::{FacetCount, SearchResults, Snippet};

/// How human output looks.
#[derive(Debug, Clone)]
pub struct Style {
    pub color: bool,
    /// Paths under this folder are shown relative to it.
    pub base: Option<std::path::PathBuf>,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    fn path(&self, path: &str) -> String {
        let shown = self
            .base
            .as_deref()
            .and_then(|base| Path::new(path).strip_prefix(base).ok())
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.to_string());
        sanitize(&shown)
    }
}

const BOLD: &str = "1";
const DIM: &str = "2";
const MATCH: &str = "1;33";
const FACETS_SHOWN: usize = 10;

/// Search results for people: each hit, then the totals and facet counts.
pub fn search_human(w: &mut impl Write, results: &SearchResults, style: &Style) -> io::Result<()> {
    for hit in &results.hits {
        let r = &hit.readout;
        writeln!(
            w,
            "{}. {}",
            hit.rank,
            style.paint(BOLD, &sanitize(&r.title))
        )?;
        let mut meta = vec![style.path(&r.path)];
        meta.extend(r.date.map(|d| d.to_string()));
        meta.extend(r.source.as_deref().map(sanitize));
        meta.push(format!("score {:.2}", hit.score));
        meta.push(format!("id {}", r.id));
        writeln!(w, "   {}", style.paint(DIM, &meta.join(" · ")))?;
        if !r.countries.is_empty() {
            let names: Vec<String> = r
                .countries
                .iter()
                .map(|c| format!("{} ({})", c.name, c.code))
                .collect();
            writeln!(w, "   countries: {}", names.join(", "))?;
        }
        if !r.organizations.is_empty() {
            let ids: Vec<&str> = r.organizations.iter().map(|o| o.id.as_str()).collect();
            writeln!(w, "   organizations: {}", ids.join(", "))?;
        }
        if !hit.snippet.text.is_empty() {
            writeln!(w, "   {}", highlighted(&hit.snippet, style))?;
        }
        writeln!(w)?;
    }
    let shown = match results.hits.first().zip(results.hits.last()) {
        Some((first, last)) => format!(" (showing {}–{})", first.rank, last.rank),
        None => String::new(),
    };
    let noun = if results.total == 1 {
        "readout"
    } else {
        "readouts"
    };
    writeln!(
        w,
        "{} {noun}{shown} · {} ms",
        results.total,
        results.took.as_millis()
    )?;
    facet_line(w, "organizations", &results.facets.organizations, style)?;
    facet_line(w, "countries", &results.facets.countries, style)?;
    facet_line(w, "years", &results.facets.years, style)?;
    Ok(())
}

fn facet_line(
    w: &mut impl Write,
    label: &str,
    counts: &[FacetCount],
    style: &Style,
) -> io::Result<()> {
    if counts.is_empty() {
        return Ok(());
    }
    let shown: Vec<String> = counts
        .iter()
        .take(FACETS_SHOWN)
        .map(|c| format!("{} {}", sanitize(&c.value), c.count))
        .collect();
    let more = counts.len().saturating_sub(FACETS_SHOWN);
    let more = if more > 0 {
        format!(" · +{more} more")
    } else {
        String::new()
    };
    writeln!(
        w,
        "{:<14} {}{more}",
        style.paint(DIM, label),
        shown.join(" · ")
    )
}

/// The snippet on one line, its matched words painted.
fn highlighted(snippet: &Snippet, style: &Style) -> String {
    let text = &snippet.text;
    let mut out = String::new();
    let mut at = 0;
    for range in &snippet.highlights {
        if range.start < at || range.end > text.len() {
            continue;
        }
        out.push_str(&one_line(&text[at..range.start]));
        out.push_str(&style.paint(MATCH, &one_line(&text[range.clone()])));
        at = range.end;
    }
    out.push_str(&one_line(&text[at..]));
    out
}

fn one_line(text: &str) -> String {
    sanitize(&text.replace('\n', " "))
}

/// Article text made safe for a terminal: control characters and bidirectional overrides
/// are shown escaped, never interpreted.
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let bidi = matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}');
        if (c.is_control() && c != '\n') || bidi {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// What extraction found in a file, for people.
pub fn extract_human(w: &mut impl Write, readout: &Readout, style: &Style) -> io::Result<()> {
    writeln!(w, "{}", style.paint(BOLD, &style.path(&readout.path)))?;
    let derived = if readout.title_derived {
        " (derived)"
    } else {
        ""
    };
    writeln!(w, "  title:         {}{derived}", sanitize(&readout.title))?;
    let date = readout.date.map_or("-".to_string(), |d| d.to_string());
    writeln!(w, "  date:          {date}")?;
    let source = readout.source.as_deref().map_or("-".to_string(), sanitize);
    writeln!(w, "  source:        {source}")?;
    let countries: Vec<String> = readout
        .countries
        .iter()
        .map(|c| format!("{} ({}) ×{}", c.name, c.code, c.mentions))
        .collect();
    writeln!(w, "  countries:     {}", countries.join(", "))?;
    let orgs: Vec<String> = readout
        .organizations
        .iter()
        .map(|o| format!("{} ×{}", o.path.join("/"), o.mentions))
        .collect();
    writeln!(w, "  organizations: {}", orgs.join(", "))?;
    let country_name = |code: &str| {
        let name = readout
            .countries
            .iter()
            .find(|c| c.code == code)
            .map_or(code, |c| c.name.as_str());
        format!("{name} ({code})")
    };
    let home = readout
        .home
        .as_deref()
        .map_or("-".to_string(), country_name);
    writeln!(w, "  home:          {home}")?;
    let counterparts: Vec<String> = readout
        .counterparts
        .iter()
        .map(|c| country_name(c))
        .collect();
    writeln!(w, "  counterparts:  {}", counterparts.join(", "))?;
    let people: Vec<String> = readout
        .people
        .iter()
        .map(|p| {
            let country = p
                .country
                .as_deref()
                .map_or(String::new(), |c| format!(" ({c})"));
            let person = format!("{} {}{country}", p.title, p.name);
            format!("{} ×{}", sanitize(&person), p.mentions)
        })
        .collect();
    writeln!(w, "  people:        {}", people.join(", "))?;
    let places: Vec<String> = readout
        .places
        .iter()
        .map(|p| format!("{} ×{}", sanitize(&p.name), p.mentions))
        .collect();
    writeln!(w, "  places:        {}", places.join(", "))
}

/// The `--json` output: its structs live apart from the internal types so that a refactor
/// cannot change the contract by accident.
pub mod json {
    use serde::Serialize;

    use crate::readout::Readout;
    use crate::search::{FacetCount, SearchResults};

    #[derive(Serialize)]
    pub struct Search<'a> {
        pub query: &'a str,
        pub total: usize,
        pub hits: Vec<Hit<'a>>,
        pub facets: Facets<'a>,
        pub took_ms: f64,
    }

    #[derive(Serialize)]
    pub struct Hit<'a> {
        pub rank: usize,
        pub score: f32,
        pub id: &'a str,
        pub path: &'a str,
        pub title: &'a str,
        pub date: Option<String>,
        pub source: Option<&'a str>,
        pub countries: Vec<Country<'a>>,
        pub organizations: Vec<Organization<'a>>,
        pub snippet: Snippet<'a>,
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

    #[derive(Serialize)]
    pub struct Facets<'a> {
        pub org: Vec<Count<'a>>,
        pub country: Vec<Count<'a>>,
        pub year: Vec<Count<'a>>,
    }

    #[derive(Serialize)]
    pub struct Count<'a> {
        pub value: &'a str,
        pub count: u64,
    }

    fn counts(list: &[FacetCount]) -> Vec<Count<'_>> {
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
            hits: results
                .hits
                .iter()
                .map(|hit| {
                    let r = &hit.readout;
                    Hit {
                        rank: hit.rank,
                        score: hit.score,
                        id: &r.id,
                        path: &r.path,
                        title: &r.title,
                        date: r.date.map(|d| d.to_string()),
                        source: r.source.as_deref(),
                        countries: r
                            .countries
                            .iter()
                            .map(|c| Country {
                                code: &c.code,
                                name: &c.name,
                            })
                            .collect(),
                        organizations: r
                            .organizations
                            .iter()
                            .map(|o| Organization {
                                id: &o.id,
                                name: &o.name,
                            })
                            .collect(),
                        snippet: Snippet {
                            text: &hit.snippet.text,
                            highlights: hit
                                .snippet
                                .highlights
                                .iter()
                                .map(|r| [r.start, r.end])
                                .collect(),
                        },
                    }
                })
                .collect(),
            facets: Facets {
                org: counts(&results.facets.organizations),
                country: counts(&results.facets.countries),
                year: counts(&results.facets.years),
            },
            took_ms: results.took.as_secs_f64() * 1000.0,
        }
    }

    /// One line of `readouts extract --json`.
    #[derive(Serialize)]
    pub struct Extraction<'a> {
        pub path: &'a str,
        pub id: &'a str,
        pub title: &'a str,
        pub title_derived: bool,
        pub date: Option<String>,
        pub source: Option<&'a str>,
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
            id: &r.id,
            title: &r.title,
            title_derived: r.title_derived,
            date: r.date.map(|d| d.to_string()),
            source: r.source.as_deref(),
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
            people: r
                .people
                .iter()
                .map(|p| ExtractedPerson {
                    name: &p.name,
                    title: &p.title,
                    country: p.country.as_deref(),
                    mentions: p.mentions,
                })
                .collect(),
            places: r
                .places
                .iter()
                .map(|p| ExtractedPlace {
                    name: &p.name,
                    country: p.country.as_deref(),
                    mentions: p.mentions,
                })
                .collect(),
        }
    }
}
