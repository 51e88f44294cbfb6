//! `readouts search QUERY`

use std::io::Write;
use std::process::ExitCode;

use readouts::render::table::{self, Delimited};
use readouts::render::{self, json};
use readouts::search::{SearchRequest, Sort, search};

use super::{Context, facet_field, found, open_index, print_notes, selection};
use crate::cli::{FormatArg, SearchArgs, SortArg};

pub(super) fn run(context: &Context, args: SearchArgs) -> anyhow::Result<ExitCode> {
    let format = args.output.format();
    let request = SearchRequest {
        selection: selection(args.query, args.filters)?,
        limit: usize::try_from(args.limit).unwrap_or(usize::MAX),
        offset: usize::try_from(args.offset).unwrap_or(usize::MAX),
        sort: match args.sort {
            SortArg::Score => Sort::Score,
            SortArg::Date => Sort::Date,
        },
        collapse: !args.no_collapse,
        facets: args.facets.into_iter().map(facet_field).collect(),
    };
    let target = open_index(context)?;
    let results = search(target, &request)?;
    print_notes(context, &results.notes);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let terminator = if args.null { 0 } else { b'\n' };
    if args.paths || args.ids {
        table::list(&mut out, &results, args.ids, terminator)?;
    } else {
        match format {
            FormatArg::Text => render::search_human(&mut out, &results, &context.style)?,
            FormatArg::Json => {
                serde_json::to_writer(&mut out, &json::search(&results))?;
                writeln!(out)?;
            }
            FormatArg::Jsonl => {
                for hit in &results.hits {
                    serde_json::to_writer(&mut out, &json::hit(hit))?;
                    writeln!(out)?;
                }
            }
            FormatArg::Csv => table::search(&mut out, &results, Delimited::Csv)?,
            FormatArg::Tsv => table::search(&mut out, &results, Delimited::Tsv)?,
        }
    }
    out.flush()?;
    Ok(found(results.total > 0))
}
