//! One thin module per subcommand: resolve the clap arguments into a library request, call
//! the library, hand the result to a printer, and choose the exit status.

mod extract;
mod facets;
mod fetch;
mod help;
mod index;
mod search;
mod show;
mod similar;
mod timeline;

use std::io::{IsTerminal, Read, Write};

use anstream::ColorChoice;
use std::path::PathBuf;
use std::process::ExitCode;

use readouts::Error;
use readouts::index::{self as readout_index, ReadoutIndex};
use readouts::readout::Day;
use readouts::render::{Style, sanitize};
use readouts::search::{FacetField, Selection};

use crate::cli::{Cli, Command, FacetFieldArg, FilterArgs, QueryArgs, When};

/// Where the index lives when neither `--index` nor `READOUTS_INDEX` says.
const DEFAULT_INDEX: &str = "index";
/// What the first search on a fresh clone indexes.
const SEEDS: &str = "seeds";

/// Settings every command shares.
pub(crate) struct Context {
    pub index_dir: PathBuf,
    /// True when the user named the index folder; a missing one is then an error.
    pub index_given: bool,
    pub style: Style,
    pub quiet: bool,
}

pub(crate) fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    // anstream reads NO_COLOR, CLICOLOR, CLICOLOR_FORCE and TERM=dumb as other tools do.
    let color = match cli.color {
        When::Always => true,
        When::Never => false,
        When::Auto => anstream::AutoStream::choice(&std::io::stdout()) != ColorChoice::Never,
    };
    let hyperlinks = match cli.hyperlink {
        When::Always => true,
        When::Never => false,
        When::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var("TERM").is_ok_and(|t| t != "dumb")
                && supports_hyperlinks::on(supports_hyperlinks::Stream::Stdout)
        }
    };
    // Read here, not by clap: an empty READOUTS_INDEX= means "not set", as shells unset it.
    let index = cli.index.or_else(|| {
        std::env::var_os("READOUTS_INDEX")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    });
    let context = Context {
        index_given: index.is_some(),
        index_dir: index.unwrap_or_else(|| PathBuf::from(DEFAULT_INDEX)),
        style: Style {
            color,
            hyperlinks,
            base: std::env::current_dir().ok(),
            width: terminal_width(),
        },
        quiet: cli.quiet,
    };
    let context = &context;
    match cli.command {
        Command::Extract(args) => extract::run(context, args),
        Command::Index(args) => on_index(context, || index::run(context, args)),
        Command::Search(args) => on_index(context, || search::run(context, args)),
        Command::Show(args) => on_index(context, || show::run(context, args)),
        Command::Facets(args) => on_index(context, || facets::run(context, args)),
        Command::Timeline(args) => on_index(context, || timeline::run(context, args)),
        Command::Similar(args) => on_index(context, || similar::run(context, args)),
        Command::Fetch(args) => fetch::run(context, args),
        Command::Completions(args) => help::completions(args.shell),
        Command::Man => help::man(),
    }
}

/// Runs a command that reads the index. tantivy fails on damaged files, or panics on some of
/// them: either way the index is checked, and a damaged one is said to be, with what to do,
/// instead of tantivy's message or a crash. A panic on a sound index is a bug, and goes on.
fn on_index(
    context: &Context,
    command: impl FnOnce() -> anyhow::Result<ExitCode>,
) -> anyhow::Result<ExitCode> {
    let damage = || readout_index::damage(&context.index_dir);
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(command)) {
        Ok(Err(error)) if from_index(&error) => Err(damage().map_or(error, Into::into)),
        Ok(done) => done,
        Err(panic) => match damage() {
            Some(damaged) => Err(damaged.into()),
            None => std::panic::resume_unwind(panic),
        },
    }
}

/// True for a failure of tantivy on the index, or stored readouts that cannot be read.
fn from_index(error: &anyhow::Error) -> bool {
    matches!(
        error.downcast_ref::<Error>(),
        Some(Error::Index { .. } | Error::Incompatible(_))
    )
}

/// Opens the index for a command that reads it. On a fresh clone there is no index yet:
/// the first read builds it from `seeds/`, once, and says so. Only in a checkout of readouts
/// (`in_checkout`): elsewhere a `seeds/` folder is the user's, and nobody asked to index it.
///
/// The index stays open until the process exits. Unmapping its files while the search
/// threads live makes the kernel flush their mappings on every core, file by file: a
/// millisecond of a search process. At exit it unmaps them at once, for less.
fn open_index(context: &Context) -> anyhow::Result<&'static ReadoutIndex> {
    let seeds = PathBuf::from(SEEDS);
    let fresh_clone = !context.index_given
        && !readout_index::exists(&context.index_dir)
        && seeds.is_dir()
        && in_checkout();
    if fresh_clone {
        if !context.quiet {
            eprintln!(
                "readouts: no index in {}/ yet; indexing {}/ first",
                context.index_dir.display(),
                SEEDS
            );
        }
        index::build_first(context, &[seeds])?;
    }
    Ok(Box::leak(Box::new(readout_index::open(
        &context.index_dir,
    )?)))
}

/// True when the current folder is a checkout of this repository: its `Cargo.toml` names the
/// package `readouts`. A line scan of the `[package]` table is enough for the manifest we ship.
fn in_checkout() -> bool {
    let Ok(manifest) = std::fs::read_to_string("Cargo.toml") else {
        return false;
    };
    let mut in_package = false;
    manifest.lines().map(str::trim).any(|line| {
        if line.starts_with('[') {
            in_package = line == "[package]";
            return false;
        }
        in_package
            && line.split_once('=').is_some_and(|(key, value)| {
                key.trim() == "name" && value.trim().trim_matches(['"', '\'']) == "readouts"
            })
    })
}

/// The query and filters of a command, resolved.
fn selection(query: QueryArgs, filters: FilterArgs) -> Result<Selection, Error> {
    Ok(Selection {
        from: day("--from", filters.from.as_deref(), Edge::First)?,
        to: day("--to", filters.to.as_deref(), Edge::Last)?,
        query: query_text(query)?,
        orgs: filters.org,
        countries: filters.country,
        counterparts: filters.counterpart,
        people: filters.person,
    })
}

/// The query as typed: its words joined, or read whole from a file or stdin (`-`), its lines
/// joined as words.
fn query_text(query: QueryArgs) -> Result<String, Error> {
    let from = match (&query.file, query.words.as_slice()) {
        (Some(path), _) => path.clone(),
        (None, [dash]) if dash == "-" => PathBuf::from("-"),
        (None, words) => return Ok(words.join(" ")),
    };
    let mut text = String::new();
    let read = if from.as_os_str() == "-" {
        std::io::stdin().read_to_string(&mut text)
    } else {
        std::fs::File::open(&from).and_then(|mut f| f.read_to_string(&mut text))
    };
    read.map_err(|source| Error::QueryFile {
        path: if from.as_os_str() == "-" {
            PathBuf::from("stdin")
        } else {
            from
        },
        source,
    })?;
    Ok(text.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Which day of a month or a year a date flag means: `--from 2022` starts on its first day,
/// `--to 2022` ends on its last.
#[derive(Clone, Copy)]
enum Edge {
    First,
    Last,
}

/// Parses a date flag: `YYYY-MM-DD`, or `YYYY-MM` and `YYYY` for the first or last day of
/// that month or year. A well-formed day the calendar lacks (`2022-02-30`) says so.
fn day(flag: &'static str, value: Option<&str>, edge: Edge) -> Result<Option<Day>, Error> {
    let Some(value) = value else {
        return Ok(None);
    };
    let bad = || Error::BadDate {
        flag,
        value: value.to_string(),
    };
    let parts: Vec<&str> = value.trim().split('-').collect();
    let number = |part: &str, len: usize| -> Option<u32> {
        (part.len() == len && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse().ok())
            .flatten()
    };
    let (year, month, day) = match parts.as_slice() {
        [y] => (number(y, 4).ok_or_else(bad)?, None, None),
        [y, m] => (
            number(y, 4).ok_or_else(bad)?,
            Some(number(m, 2).ok_or_else(bad)?),
            None,
        ),
        [y, m, d] => (
            number(y, 4).ok_or_else(bad)?,
            Some(number(m, 2).ok_or_else(bad)?),
            Some(number(d, 2).ok_or_else(bad)?),
        ),
        _ => return Err(bad()),
    };
    let no_such = |reason: String| Error::NoSuchDay {
        flag,
        value: value.to_string(),
        reason,
    };
    let month = match month {
        Some(m) if !(1..=12).contains(&m) => {
            return Err(no_such(format!("there is no month {m}")));
        }
        Some(m) => m as u8,
        None => match edge {
            Edge::First => 1,
            Edge::Last => 12,
        },
    };
    let year = year as i32;
    let month_name = time::Month::try_from(month).map_err(|_| bad())?;
    let last = time::util::days_in_month(month_name, year);
    let day = match day {
        Some(d) if d == 0 || d > u32::from(last) => {
            return Err(no_such(format!("{month_name} {year} has {last} days")));
        }
        Some(d) => d as u8,
        None => match edge {
            Edge::First => 1,
            Edge::Last => last,
        },
    };
    // A day beyond what the index holds is a valid bound: the selection clamps it.
    Day::from_ymd(year, month, day).ok_or_else(bad).map(Some)
}

/// The field a facet argument names.
fn facet_field(arg: FacetFieldArg) -> FacetField {
    match arg {
        FacetFieldArg::Country => FacetField::Country,
        FacetFieldArg::Counterpart => FacetField::Counterpart,
        FacetFieldArg::Org => FacetField::Org,
        FacetFieldArg::Source => FacetField::Source,
        FacetFieldArg::Year => FacetField::Year,
        FacetFieldArg::Month => FacetField::Month,
        FacetFieldArg::Person => FacetField::Person,
    }
}

/// Prints the notes on how a query was read, unless told to be quiet.
fn print_notes(context: &Context, notes: &[String]) {
    if !context.quiet {
        for note in notes {
            // Notes echo the query as typed.
            let _ = writeln!(std::io::stderr(), "readouts: note: {}", sanitize(note));
        }
    }
}

/// The width to lay text out in: `COLUMNS`, else the terminal's, else 80.
fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&w| w > 0)
        .or_else(|| {
            terminal_size::terminal_size_of(std::io::stdout())
                .map(|(terminal_size::Width(w), _)| usize::from(w))
        })
        .unwrap_or(80)
}

/// Status for a command that looked for something.
fn found(any: bool) -> ExitCode {
    if any {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
