//! `readouts timeline [QUERY] --by year|month|week`

use std::io::Write;
use std::process::ExitCode;

use readouts::render::table::{self, Delimited};
use readouts::render::{self, json};
use readouts::views::timeline::{Period, TimelineRequest, timeline};

use super::{Context, found, open_index, print_notes, selection};
use crate::cli::{FormatArg, PeriodArg, TimelineArgs};

pub(super) fn run(context: &Context, args: TimelineArgs) -> anyhow::Result<ExitCode> {
    let format = args.output.format();
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
    match format {
        FormatArg::Text => {
            render::timeline_human(&mut out, &counts, context.style.width, &context.style)?
        }
        FormatArg::Json => {
            serde_json::to_writer(&mut out, &json::timeline(&counts))?;
            writeln!(out)?;
        }
        FormatArg::Jsonl => {
            for period in json::timeline(&counts).periods {
                serde_json::to_writer(&mut out, &period)?;
                writeln!(out)?;
            }
        }
        FormatArg::Csv => table::timeline(&mut out, &counts, Delimited::Csv)?,
        FormatArg::Tsv => table::timeline(&mut out, &counts, Delimited::Tsv)?,
    }
    out.flush()?;
    Ok(found(counts.total > 0))
}
