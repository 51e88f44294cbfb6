//! One thin module per subcommand: resolve the clap arguments into a library request, call
//! the library, hand the result to a printer, and choose the exit status.

mod extract;
mod facets;
mod index;
mod search;
mod show;
mod similar;
mod timeline;

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use readouts::Error;
use readouts::index::{self as readout_index, ReadoutIndex};
use readouts::readout::Day;
use readouts::render::{Style, sanitize};
use readouts::search::Selection;

use crate::cli::{Cli, ColorWhen, Command, FilterArgs};

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
    let color = match cli.color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let context = Context {
        index_given: cli.index.is_some(),
        index_dir: cli.index.unwrap_or_else(|| PathBuf::from(DEFAULT_INDEX)),
        style: Style {
            color,
            base: std::env::current_dir().ok(),
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
fn selection(query: String, filters: FilterArgs) -> Result<Selection, Error> {
    Ok(Selection {
        from: day("--from", filters.from.as_deref())?,
        to: day("--to", filters.to.as_deref())?,
        query,
        orgs: filters.org,
        countries: filters.country,
        counterparts: filters.counterpart,
    })
}

/// Parses a `YYYY-MM-DD` flag value.
fn day(flag: &'static str, value: Option<&str>) -> Result<Option<Day>, Error> {
    value
        .map(|v| {
            v.trim().parse().map_err(|_| Error::BadDate {
                flag,
                value: v.to_string(),
            })
        })
        .transpose()
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
