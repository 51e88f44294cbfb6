//! `readouts search QUERY`

use std::io::Write;
use std::process::ExitCode;

use readouts::render::{self, json};
use readouts::search::{SearchRequest, Sort, search};

use super::{Context, found, open_index, print_notes, selection};
use crate::cli::{SearchArgs, SortArg};

pub(super) fn run(context: &Context, args: SearchArgs) -> anyhow::Result<ExitCode> {
    let request = SearchRequest {
        selection: selection(args.query, args.filters)?,
        limit: usize::try_from(args.limit).unwrap_or(usize::MAX),
        offset: usize::try_from(args.offset).unwrap_or(usize::MAX),
        sort: match args.sort {
            SortArg::Score => Sort::Score,
            SortArg::Date => Sort::Date,
        },
        collapse: !args.no_collapse,
    };
    let target = open_index(context)?;
    let results = search(target, &request)?;
    print_notes(context, &results.notes);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        serde_json::to_writer(&mut out, &json::search(&results))?;
        writeln!(out)?;
    } else {
        render::search_human(&mut out, &results, &context.style)?;
    }
    out.flush()?;
    Ok(found(results.total > 0))
}
