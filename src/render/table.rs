//! `--format csv|tsv`, and `--paths`/`--ids`: results for spreadsheets and for other tools.
//! One row per hit, value or period, under a header row; lists within a cell joined by "; ".

use std::io::{self, Write};

use crate::readout::Readout;
use crate::search::SearchResults;
use crate::views::facets::{FacetValue, FacetsResults};
use crate::views::timeline::Timeline;

/// The two delimited formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delimited {
    Csv,
    Tsv,
}

/// The columns of a hit, in order.
pub const HIT_COLUMNS: [&str; 12] = [
    "rank",
    "score",
    "date",
    "title",
    "source",
    "url",
    "path",
    "line",
    "id",
    "countries",
    "organizations",
    "counterparts",
];

fn writer<W: Write>(w: W, format: Delimited) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .delimiter(match format {
            Delimited::Csv => b',',
            Delimited::Tsv => b'\t',
        })
        .from_writer(w)
}

fn io_error(error: csv::Error) -> io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(error) => error,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// A cell a spreadsheet reads as text: one that starts like a formula (`=`, `+`, `-`, `@`)
/// gets a `'` before it, so opening the file never runs what a readout wrote.
fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

/// The name of a country code among the readout's countries, else the code.
fn country_name<'a>(r: &'a Readout, code: &'a str) -> &'a str {
    r.countries
        .iter()
        .find(|c| c.code == code)
        .map_or(code, |c| c.name.as_str())
}

/// Search hits, one row each.
pub fn search(w: &mut impl Write, results: &SearchResults, format: Delimited) -> io::Result<()> {
    let mut out = writer(w, format);
    out.write_record(HIT_COLUMNS).map_err(io_error)?;
    for hit in &results.hits {
        let r = &hit.readout;
        let countries: Vec<&str> = r.countries.iter().map(|c| c.name.as_str()).collect();
        let organizations: Vec<&str> = r.organizations.iter().map(|o| o.id.as_str()).collect();
        let counterparts: Vec<&str> = r.counterparts.iter().map(|c| country_name(r, c)).collect();
        let score = if results.by_score {
            format!("{:.4}", hit.score)
        } else {
            String::new()
        };
        out.write_record([
            hit.rank.to_string(),
            score,
            r.date.map(|d| d.to_string()).unwrap_or_default(),
            cell(&r.title),
            cell(r.source.as_deref().unwrap_or("")),
            cell(r.url.as_deref().unwrap_or("")),
            cell(&r.path),
            r.line.map(|l| l.to_string()).unwrap_or_default(),
            cell(&r.id),
            countries.join("; "),
            organizations.join("; "),
            counterparts.join("; "),
        ])
        .map_err(io_error)?;
    }
    out.flush()
}

/// Facet values, one row each, a tree's children after their parent with their path.
pub fn facets(w: &mut impl Write, results: &FacetsResults, format: Delimited) -> io::Result<()> {
    fn rows<W: Write>(out: &mut csv::Writer<W>, values: &[FacetValue]) -> io::Result<()> {
        for v in values {
            out.write_record([
                cell(&v.value),
                cell(v.name.as_deref().unwrap_or("")),
                v.count.to_string(),
                cell(&v.path),
            ])
            .map_err(io_error)?;
            rows(out, &v.children)?;
        }
        Ok(())
    }
    let mut out = writer(w, format);
    out.write_record(["value", "name", "count", "path"])
        .map_err(io_error)?;
    rows(&mut out, &results.values)?;
    out.flush()
}

/// Timeline periods, one row each.
pub fn timeline(w: &mut impl Write, timeline: &Timeline, format: Delimited) -> io::Result<()> {
    let mut out = writer(w, format);
    out.write_record(["period", "start", "count"])
        .map_err(io_error)?;
    for p in &timeline.periods {
        out.write_record([p.label.clone(), p.start.to_string(), p.count.to_string()])
            .map_err(io_error)?;
    }
    out.flush()
}

/// Where each hit is, one per line (or NUL-terminated): `path`, or `path:line` for a
/// record of a many-record file; or each id.
pub fn list(
    w: &mut impl Write,
    results: &SearchResults,
    ids: bool,
    terminator: u8,
) -> io::Result<()> {
    for hit in &results.hits {
        let r = &hit.readout;
        let item = match (ids, r.line) {
            (true, _) => r.id.clone(),
            (false, Some(line)) => format!("{}:{line}", r.path),
            (false, None) => r.path.clone(),
        };
        w.write_all(item.as_bytes())?;
        w.write_all(&[terminator])?;
    }
    Ok(())
}
