//! `readouts timeline QUERY --by year|month|week`

use std::io::Write;
use std::process::ExitCode;

use readouts::render::{self, json};
use readouts::views::timeline::{Period, TimelineRequest, timeline};

use super::{Context, found, open_index, print_notes, selection, terminal_width};
use crate::cli::{PeriodArg, TimelineArgs};

pub(super) fn run(context: &Context, args: TimelineArgs) -> anyhow::Result<ExitCode> {
    let request = TimelineRequest {
        selection: selection(args.query, args.filters)?,
        by: match args.by {
            PeriodArg::Year => Period::Year,
            PeriodArg::Month => Period::Month,
            PeriodArg::Week => Period::Week,
        },
    };
    let target = open_index(context)?;
    let counts = timeline(target, &request)?;
    print_notes(context, &counts.notes);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        serde_json::to_writer(&mut out, &json::timeline(&counts))?;
        writeln!(out)?;
    } else {
        render::timeline_human(&mut out, &counts, terminal_width(), &context.style)?;
    }
    out.flush()?;
    Ok(found(counts.total > 0))
}
