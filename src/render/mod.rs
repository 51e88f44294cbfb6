//! Printers: search results, extractions and the analyst views (show, facets, timeline,
//! similar), for people (coloured on a terminal) and as JSON
//! for scripts. Generic over the writer, so tests print into a `Vec<u8>`.

pub mod json;
pub mod table;

use std::io::{self, Write};
use std::path::Path;

use crate::readout::Readout;
use crate::search::{Duplicate, Facet, FacetField, SearchResults, Snippet};
use crate::views::facets::{FacetValue, FacetsResults};
use crate::views::similar::SimilarResults;
use crate::views::timeline::Timeline;

/// How human output looks.
#[derive(Debug, Clone)]
pub struct Style {
    pub color: bool,
    /// Paths and urls as OSC 8 hyperlinks, which a terminal opens on a click.
    pub hyperlinks: bool,
    /// Paths under this folder are shown relative to it.
    pub base: Option<std::path::PathBuf>,
    /// The terminal's width, in columns: lists wrap to it.
    pub width: usize,
}

impl Style {
    fn paint(&self, style: anstyle::Style, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    }

    /// Where a readout is: its path, and the line for a record of a many-record file
    /// (`feed.jsonl:12`), linked to the file.
    fn located(&self, path: &str, line: Option<u64>) -> String {
        let shown = self
            .base
            .as_deref()
            .and_then(|base| Path::new(path).strip_prefix(base).ok())
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.to_string());
        let shown = match line {
            Some(line) => format!("{}:{line}", sanitize(&shown)),
            None => sanitize(&shown),
        };
        match file_url(path) {
            Some(url) => self.link(&url, &shown),
            None => shown,
        }
    }

    /// A url as shown, a link when the terminal takes them.
    fn url(&self, url: &str) -> String {
        let shown = sanitize(url);
        if is_web_url(url) {
            self.link(url, &shown)
        } else {
            shown
        }
    }

    /// `text` as an OSC 8 hyperlink to `target`, when links are on. A target with control
    /// characters is never sent to the terminal.
    fn link(&self, target: &str, text: &str) -> String {
        if self.hyperlinks && !target.chars().any(char::is_control) {
            format!("\x1b]8;;{target}\x1b\\{text}\x1b]8;;\x1b\\")
        } else {
            text.to_string()
        }
    }

    /// `text` wrapped to the width, each line after the first indented by `indent` columns
    /// and the first by `first`. Widths count display columns: colour codes take none, CJK
    /// characters two.
    fn wrapped(&self, text: &str, first: &str, indent: usize) -> String {
        let hang = " ".repeat(indent);
        let options = textwrap::Options::new(self.width.max(MIN_WIDTH))
            .initial_indent(first)
            .subsequent_indent(&hang)
            .break_words(false)
            .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit);
        textwrap::wrap(text, options).join("\n")
    }
}

/// `file://` url of an absolute path, its bytes that urls cannot hold escaped.
fn file_url(path: &str) -> Option<String> {
    if !path.starts_with('/') {
        return None;
    }
    let mut url = String::from("file://");
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            url.push(byte as char);
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    Some(url)
}

fn is_web_url(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

const BOLD: anstyle::Style = anstyle::Style::new().bold();
const DIM: anstyle::Style = anstyle::Style::new().dimmed();
const MATCH: anstyle::Style = anstyle::Style::new()
    .bold()
    .fg_color(Some(anstyle::Color::Ansi(anstyle::AnsiColor::Yellow)));
const BAR: anstyle::Style =
    anstyle::Style::new().fg_color(Some(anstyle::Color::Ansi(anstyle::AnsiColor::Cyan)));
const FACETS_SHOWN: usize = 10;

/// Search results for people: each hit, then the totals and facet counts.
pub fn search_human(w: &mut impl Write, results: &SearchResults, style: &Style) -> io::Result<()> {
    let rank_width = results
        .hits
        .last()
        .map_or(1, |hit| hit.rank.to_string().len());
    for hit in &results.hits {
        let score = results.by_score.then_some(hit.score);
        let title = highlighted_words(&hit.readout.title, &hit.snippet, style);
        hit_header(w, hit.rank, rank_width, score, &title, &hit.readout, style)?;
        let indent = rank_width + 2;
        let pad = " ".repeat(indent);
        if !hit.snippet.text.is_empty() {
            writeln!(
                w,
                "{}",
                style.wrapped(&highlighted(&hit.snippet, style), &pad, indent)
            )?;
        }
        also_published_as(w, &hit.duplicates, indent, style)?;
        writeln!(w)?;
    }
    writeln!(w, "{}", totals(results))?;
    for facet in &results.facets {
        facet_line(w, facet, style)?;
    }
    Ok(())
}

/// The whole group of near-duplicates folded into a hit: where each is (its url, else its
/// `path:line`), wrapped under the hit.
fn also_published_as(
    w: &mut impl Write,
    duplicates: &[Duplicate],
    indent: usize,
    style: &Style,
) -> io::Result<()> {
    if duplicates.is_empty() {
        return Ok(());
    }
    let places: Vec<String> = duplicates
        .iter()
        .map(|d| match &d.url {
            Some(url) => style.url(url),
            None => style.located(&d.path, d.line),
        })
        .collect();
    let line = format!("also published as: {}", places.join(", "));
    let wrapped = style.wrapped(&line, &" ".repeat(indent), indent + 4);
    writeln!(w, "{}", style.paint(DIM, &wrapped))
}

/// "263 readouts, 261 results (showing 1–10) · 4 ms"; a page past the end says so.
fn totals(results: &SearchResults) -> String {
    let mut line = counted(results.total);
    match results.results {
        Some(n) if n != results.total => line.push_str(&format!(", {n} results")),
        Some(_) => {}
        None => line.push_str(", near-duplicates folded"),
    }
    match results.hits.first().zip(results.hits.last()) {
        Some((first, last)) => line.push_str(&format!(" (showing {}–{})", first.rank, last.rank)),
        None if results.total > 0 => line.push_str(" · this page is past the last result"),
        None => {}
    }
    line.push_str(&format!(" · {} ms", results.took.as_millis()));
    line
}

/// A ranked readout in a list: its title, where it is from, and what it names, each line
/// under the title's first letter.
fn hit_header(
    w: &mut impl Write,
    rank: usize,
    rank_width: usize,
    score: Option<f32>,
    title: &str,
    r: &Readout,
    style: &Style,
) -> io::Result<()> {
    let indent = rank_width + 2;
    let pad = " ".repeat(indent);
    let first = format!("{rank:>rank_width$}. ");
    writeln!(
        w,
        "{}",
        style.wrapped(&style.paint(BOLD, title), &first, indent)
    )?;
    let mut meta = vec![style.located(&r.path, r.line)];
    meta.extend(r.date.map(|d| d.to_string()));
    meta.extend(r.source.as_deref().map(sanitize));
    meta.extend(score.map(|score| format!("score {score:.2}")));
    meta.push(format!("id {}", sanitize(&r.id)));
    writeln!(
        w,
        "{}",
        style.wrapped(&style.paint(DIM, &meta.join(" · ")), &pad, indent)
    )?;
    if let Some(url) = &r.url {
        writeln!(w, "{pad}{}", style.url(url))?;
    }
    if !r.countries.is_empty() {
        let names: Vec<String> = r
            .countries
            .iter()
            .map(|c| format!("{} ({})", c.name, c.code))
            .collect();
        let line = format!("countries: {}", names.join(", "));
        writeln!(w, "{}", style.wrapped(&line, &pad, indent + 4))?;
    }
    if !r.organizations.is_empty() {
        let ids: Vec<&str> = r.organizations.iter().map(|o| o.id.as_str()).collect();
        let line = format!("organizations: {}", ids.join(", "));
        writeln!(w, "{}", style.wrapped(&line, &pad, indent + 4))?;
    }
    Ok(())
}

/// The plural label a facet's line starts with.
fn facet_label(field: FacetField) -> &'static str {
    match field {
        FacetField::Org => "organizations",
        FacetField::Country => "countries",
        FacetField::Counterpart => "counterparts",
        FacetField::Source => "sources",
        FacetField::Year => "years",
        FacetField::Month => "months",
        FacetField::Person => "people",
    }
}

/// Width of the facet labels, as the longest prints.
const FACET_LABEL: usize = 14;

fn facet_line(w: &mut impl Write, facet: &Facet, style: &Style) -> io::Result<()> {
    if facet.counts.is_empty() {
        return Ok(());
    }
    let shown: Vec<String> = facet
        .counts
        .iter()
        .take(FACETS_SHOWN)
        .map(|c| format!("{} {}", sanitize(&c.value), c.count))
        .collect();
    let more = facet.counts.len().saturating_sub(FACETS_SHOWN);
    let more = if more > 0 {
        format!(" · +{more} more")
    } else {
        String::new()
    };
    // Padded before painting: the colour codes take no room on screen.
    let label = format!("{:<FACET_LABEL$} ", facet_label(facet.field));
    let first = style.paint(DIM, &label);
    let text = format!("{}{more}", shown.join(" · "));
    writeln!(w, "{}", style.wrapped(&text, &first, FACET_LABEL + 1))
}

/// The words of `text` the snippet marked, painted wherever they occur in `text`: the
/// title's matches, without a second pass over the query.
fn highlighted_words(text: &str, snippet: &Snippet, style: &Style) -> String {
    let text = sanitize(text);
    if !style.color || snippet.highlights.is_empty() {
        return text;
    }
    let mut words: Vec<String> = snippet
        .highlights
        .iter()
        .filter_map(|r| snippet.text.get(r.clone()))
        .map(str::to_lowercase)
        .collect();
    words.sort();
    words.dedup();
    let mut out = String::with_capacity(text.len());
    let mut word_start = None;
    let flush = |out: &mut String, word: &str| {
        if words.binary_search(&word.to_lowercase()).is_ok() {
            out.push_str(&format!("{MATCH}{word}{MATCH:#}{BOLD}"));
        } else {
            out.push_str(word);
        }
    };
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            word_start.get_or_insert(i);
        } else {
            if let Some(start) = word_start.take() {
                flush(&mut out, &text[start..i]);
            }
            out.push(c);
        }
    }
    if let Some(start) = word_start {
        flush(&mut out, &text[start..]);
    }
    out
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
    writeln!(
        w,
        "{}",
        style.paint(BOLD, &style.located(&readout.path, readout.line))
    )?;
    let derived = if readout.title_derived {
        " (derived)"
    } else {
        ""
    };
    writeln!(w, "  title:         {}{derived}", sanitize(&readout.title))?;
    let date = readout.date.map_or("-".to_string(), |d| d.to_string());
    let from = (readout.extra.get(crate::extract::DATE_FROM))
        .and_then(|v| v.as_str())
        .map_or(String::new(), |from| format!(" (from {})", sanitize(from)));
    writeln!(w, "  date:          {date}{from}")?;
    let source = readout.source.as_deref().map_or("-".to_string(), sanitize);
    writeln!(w, "  source:        {source}")?;
    let url = readout
        .url
        .as_deref()
        .map_or("-".to_string(), |u| style.url(u));
    writeln!(w, "  url:           {url}")?;
    if let Some(language) = readout.language() {
        writeln!(w, "  language:      {}", sanitize(language))?;
    }
    for (i, line) in readout.opening_lines().into_iter().enumerate() {
        let label = if i == 0 { "text:" } else { "" };
        writeln!(w, "  {label:<14} {}", sanitize(line))?;
    }
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
    let url = r.url.as_deref().map_or("-".to_string(), |u| style.url(u));
    writeln!(w, "{}{url}", label("url"))?;
    writeln!(w, "{}{}", label("path"), style.located(&r.path, r.line))?;
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
            FacetField::Person => "an official named",
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
    let rank_width = results
        .hits
        .last()
        .map_or(1, |hit| hit.rank.to_string().len());
    for hit in &results.hits {
        let title = sanitize(&hit.readout.title);
        hit_header(
            w,
            hit.rank,
            rank_width,
            Some(hit.score),
            &title,
            &hit.readout,
            style,
        )?;
        also_published_as(w, &hit.duplicates, rank_width + 2, style)?;
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
