//! One thin module per subcommand: resolve the clap arguments into a library request, call
//! the library, hand the result to a printer, and choose the exit status.

mod extract;
mod index;
mod search;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use readouts::render::Style;

use crate::cli::{Cli, ColorWhen, Command};

/// Where the index lives when neither `--index` nor `READOUTS_INDEX` says.
const DEFAULT_INDEX: &str = "index";
/// What the first search on a fresh clone indexes.
const SEEDS: &str = "seeds";

/// Settings every command shares.
pub struct Context {
    pub index_dir: PathBuf,
    /// True when the user named the index folder; a missing one is then an error.
    pub index_given: bool,
    pub style: Style,
    pub quiet: bool,
}

pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
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
    match cli.command {
        Command::Index(args) => index::run(&context, args),
        Command::Search(args) => search::run(&context, args),
        Command::Extract(args) => extract::run(&context, args),
    }
}

/// Status for a command that looked for something.
fn found(any: bool) -> ExitCode {
    if any {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
