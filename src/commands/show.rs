//! `readouts show ID`

use std::io::Write;
use std::process::ExitCode;

use readouts::index::stored::stored_readout;
use readouts::render::{self, json};
use readouts::search::searcher;

use super::{Context, open_index, terminal_width};
use crate::cli::ShowArgs;

pub(super) fn run(context: &Context, args: ShowArgs) -> anyhow::Result<ExitCode> {
    let target = open_index(context)?;
    let searcher = searcher(target)?;
    let address = readouts::views::lookup::find(target, &searcher, &args.id)?;
    let readout = stored_readout(target, &searcher, address)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        serde_json::to_writer(&mut out, &json::show(&readout))?;
        writeln!(out)?;
    } else {
        render::show_human(&mut out, &readout, terminal_width(), &context.style)?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
