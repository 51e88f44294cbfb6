//! Printers: search results, extractions and the analyst views (show, facets, timeline,
//! similar), for people (coloured on a terminal) and as JSON
//! for scripts. Generic over the writer, so tests print into a `Vec<u8>`.

pub mod json;

use std::io::{self, Write};
use std::path::Path;

use crate::readout::Readout;
use crate::search::{FacetCount, SearchResults, Snippet};
use crate::views::facets::{FacetField, FacetValue, FacetsResults};
use crate::views::similar::SimilarResults;
use crate::views::timeline::Timeline;

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
        hit_header(w, hit.rank, hit.score, &hit.readout, style)?;
        if !hit.snippet.text.is_empty() {
            writeln!(w, "   {}", highlighted(&hit.snippet, style))?;
        }
        if !hit.duplicates.is_empty() {
            let paths: Vec<String> = hit.duplicates.iter().map(|p| style.path(p)).collect();
            let line = format!("also published as: {}", paths.join(", "));
            writeln!(w, "   {}", style.paint(DIM, &line))?;
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

/// A ranked readout in a list: its title, where it is from, and what it names.
fn hit_header(
    w: &mut impl Write,
    rank: usize,
    score: f32,
    r: &Readout,
    style: &Style,
) -> io::Result<()> {
    writeln!(w, "{rank}. {}", style.paint(BOLD, &sanitize(&r.title)))?;
    let mut meta = vec![style.path(&r.path)];
    meta.extend(r.date.map(|d| d.to_string()));
    meta.extend(r.source.as_deref().map(sanitize));
    meta.push(format!("score {score:.2}"));
    meta.push(format!("id {}", sanitize(&r.id)));
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

/// Width of the labels in front of metadata lines.
const LABEL: usize = 15;
/// Narrowest layout, whatever the terminal says.
const MIN_WIDTH: usize = 40;
/// The eighths of a block that draw the end of a bar, from one eighth to seven.
const PARTIAL_BLOCKS: [char; 7] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉'];
const BAR: &str = "36";

/// One readout whole, for people: title, metadata, then the cleaned text wrapped to `width`.
pub fn show_human(w: &mut impl Write, r: &Readout, width: usize, style: &Style) -> io::Result<()> {
    let width = width.max(MIN_WIDTH);
    for line in wrap(&sanitize(&r.title), width) {
        writeln!(w, "{}", style.paint(BOLD, &line))?;
    }
    let label = |name: &str| style.paint(DIM, &format!("{name:<LABEL$}"));
    if r.title_derived {
        writeln!(w, "{}derived from the first sentence", label("title"))?;
    }
    let date = r.date.map_or("-".to_string(), |d| d.to_string());
    writeln!(w, "{}{date}", label("date"))?;
    let source = r.source.as_deref().map_or("-".to_string(), sanitize);
    writeln!(w, "{}{source}", label("source"))?;
    writeln!(w, "{}{}", label("path"), style.path(&r.path))?;
    writeln!(w, "{}{}", label("id"), sanitize(&r.id))?;
    let country = |code: &str| {
        r.countries
            .iter()
            .find(|c| c.code == code)
            .map_or(code.to_string(), |c| format!("{} ({code})", c.name))
    };
    let countries: Vec<String> = r
        .countries
        .iter()
        .map(|c| format!("{} ({}) ×{}", c.name, c.code, c.mentions))
        .collect();
    labelled(
        w,
        label("countries"),
        wrap(&countries.join(", "), width - LABEL),
    )?;
    let home = r.home.as_deref().map(country).into_iter().collect();
    labelled(w, label("home"), home)?;
    let counterparts: Vec<String> = r.counterparts.iter().map(|c| country(c)).collect();
    labelled(
        w,
        label("counterparts"),
        wrap(&counterparts.join(", "), width - LABEL),
    )?;
    let organizations = r.organizations.iter().flat_map(|o| {
        let part_of = o
            .parent
            .as_deref()
            .map_or(String::new(), |p| format!(", part of {p}"));
        let text = format!("{} ({}){part_of} ×{}", o.name, o.id, o.mentions);
        wrap(&sanitize(&text), width - LABEL)
    });
    labelled(w, label("organizations"), organizations.collect())?;
    let people = r.people.iter().flat_map(|p| {
        let from = p
            .country
            .as_deref()
            .map_or(String::new(), |c| format!(" ({c})"));
        let text = format!("{} {}{from} ×{}", p.title, p.name, p.mentions);
        wrap(&sanitize(text.trim()), width - LABEL)
    });
    labelled(w, label("people"), people.collect())?;
    writeln!(w)?;
    for paragraph in r.body.lines() {
        if paragraph.trim().is_empty() {
            writeln!(w)?;
            continue;
        }
        for line in wrap(&sanitize(paragraph), width) {
            writeln!(w, "{line}")?;
        }
    }
    Ok(())
}

/// A labelled block: the label before the first line, spaces before the others, "-" for none.
fn labelled(w: &mut impl Write, label: String, lines: Vec<String>) -> io::Result<()> {
    if lines.is_empty() {
        return writeln!(w, "{label}-");
    }
    let mut head = Some(label);
    for line in lines {
        let head = head.take().unwrap_or_else(|| " ".repeat(LABEL));
        writeln!(w, "{head}{line}")?;
    }
    Ok(())
}

/// Words of `text` laid out in lines of at most `width` characters; a longer word gets a
/// line of its own.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if used > 0 && used + 1 + len > width {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if used > 0 {
            line.push(' ');
            used += 1;
        }
        line.push_str(word);
        used += len;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Facet counts for people: the count, then the value (and an organization's name), a tree
/// indented by level; the totals below.
pub fn facets_human(w: &mut impl Write, results: &FacetsResults, style: &Style) -> io::Result<()> {
    fn widest(values: &[FacetValue]) -> u64 {
        values
            .iter()
            .map(|v| v.count.max(widest(&v.children)))
            .max()
            .unwrap_or(0)
    }
    fn lines(
        w: &mut impl Write,
        values: &[FacetValue],
        depth: usize,
        digits: usize,
        style: &Style,
    ) -> io::Result<()> {
        let pad = values
            .iter()
            .map(|v| v.value.chars().count())
            .max()
            .unwrap_or(0);
        for v in values {
            let indent = "  ".repeat(depth);
            let value = sanitize(&v.value);
            match &v.name {
                Some(name) if *name != v.value => writeln!(
                    w,
                    "{:>digits$}  {indent}{value:<pad$}  {}",
                    v.count,
                    style.paint(DIM, &sanitize(name))
                )?,
                _ => writeln!(w, "{:>digits$}  {indent}{value}", v.count)?,
            }
            lines(w, &v.children, depth + 1, digits, style)?;
        }
        Ok(())
    }
    let digits = widest(&results.values).to_string().len();
    lines(w, &results.values, 0, digits, style)?;
    let mut summary = vec![counted(results.total)];
    if results.without > 0 {
        let missing = match results.field {
            FacetField::Country => "a country",
            FacetField::Counterpart => "a counterpart",
            FacetField::Org => "an organization",
            FacetField::Source => "a source",
            FacetField::Year | FacetField::Month => "a date",
        };
        summary.push(format!("{} without {missing}", results.without));
    }
    summary.push(format!("{} ms", results.took.as_millis()));
    writeln!(w, "{}", style.paint(DIM, &summary.join(" · ")))
}

/// "1 readout", "5 readouts".
fn counted(n: usize) -> String {
    if n == 1 {
        "1 readout".into()
    } else {
        format!("{n} readouts")
    }
}

/// The timeline as a bar chart `width` characters wide: one line per period, the count
/// beside its bar; the undated readouts are counted below.
pub fn timeline_human(
    w: &mut impl Write,
    timeline: &Timeline,
    width: usize,
    style: &Style,
) -> io::Result<()> {
    let width = width.max(MIN_WIDTH);
    let label_width = timeline
        .periods
        .iter()
        .map(|p| p.label.len())
        .max()
        .unwrap_or(0);
    let most = timeline.periods.iter().map(|p| p.count).max().unwrap_or(0);
    let digits = most.to_string().len();
    let room = width.saturating_sub(label_width + digits + 2).max(10);
    for period in &timeline.periods {
        let bar = bar(period.count, most, room);
        let shown = if bar.is_empty() {
            String::new()
        } else {
            format!("{} ", style.paint(BAR, &bar))
        };
        writeln!(w, "{:<label_width$} {shown}{}", period.label, period.count)?;
    }
    let mut summary = vec![counted(timeline.total)];
    if timeline.undated > 0 {
        summary.push(format!("{} undated, not drawn", timeline.undated));
    }
    summary.push(format!("{} ms", timeline.took.as_millis()));
    writeln!(w, "{}", style.paint(DIM, &summary.join(" · ")))
}

/// A bar for `count` out of `most`, at most `room` characters, in eighths of a block; any
/// count above zero shows at least one eighth.
fn bar(count: u64, most: u64, room: usize) -> String {
    if count == 0 || most == 0 {
        return String::new();
    }
    let eighths = (count as u128 * room as u128 * 8 / most as u128).max(1) as usize;
    let mut bar = "█".repeat(eighths / 8);
    if let Some(partial) = (eighths % 8).checked_sub(1) {
        bar.push(PARTIAL_BLOCKS[partial]);
    }
    bar
}

/// The readouts like one readout, for people.
pub fn similar_human(
    w: &mut impl Write,
    results: &SimilarResults,
    style: &Style,
) -> io::Result<()> {
    let r = &results.readout;
    writeln!(
        w,
        "{} {} {}",
        style.paint(DIM, "like"),
        style.paint(BOLD, &sanitize(&r.title)),
        style.paint(DIM, &format!("· id {}", sanitize(&r.id)))
    )?;
    writeln!(w)?;
    for hit in &results.hits {
        hit_header(w, hit.rank, hit.score, &hit.readout, style)?;
        writeln!(w)?;
    }
    let noun = if results.hits.len() == 1 {
        "similar readout"
    } else {
        "similar readouts"
    };
    writeln!(
        w,
        "{}",
        style.paint(
            DIM,
            &format!(
                "{} {noun} · {} ms",
                results.hits.len(),
                results.took.as_millis()
            )
        )
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_largest_count_fills_the_room_and_others_keep_their_proportion() {
        assert_eq!(bar(10, 10, 8), "█".repeat(8));
        assert_eq!(bar(5, 10, 8), "█".repeat(4));
        assert_eq!(bar(3, 16, 2), "▍", "3/16 of 2 cells is 3 eighths");
    }

    #[test]
    fn a_count_above_zero_always_shows_and_zero_never_does() {
        assert_eq!(bar(1, 1_000_000, 10), "▏");
        assert_eq!(bar(0, 10, 10), "");
        assert_eq!(bar(0, 0, 10), "");
    }

    #[test]
    fn wrapping_keeps_lines_within_the_width_and_words_whole() {
        let text = "The two hailed the fact that next year will mark the 30th anniversary";
        let lines = wrap(text, 20);
        assert!(lines.iter().all(|l| l.chars().count() <= 20), "{lines:?}");
        assert_eq!(lines.join(" "), text);
        assert_eq!(
            wrap("a Confidence-Building b", 5),
            ["a", "Confidence-Building", "b"]
        );
        assert!(wrap("   ", 10).is_empty());
    }
}
