//! `readouts facets FIELD [QUERY]`

use std::io::Write;
use std::process::ExitCode;

use readouts::render::table::{self, Delimited};
use readouts::render::{self, json};
use readouts::views::facets::{FacetsRequest, facets};

use super::{Context, facet_field, found, open_index, print_notes, selection};
use crate::cli::{FacetsArgs, FormatArg};

pub(super) fn run(context: &Context, args: FacetsArgs) -> anyhow::Result<ExitCode> {
    let format = args.output.format();
    let request = FacetsRequest {
        field: facet_field(args.field),
        selection: selection(args.query, args.filters)?,
        depth: args.depth.map(usize::from),
        limit: args.limit.map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
    };
    let target = open_index(context)?;
    let results = facets(target, &request)?;
    print_notes(context, &results.notes);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match format {
        FormatArg::Text => render::facets_human(&mut out, &results, &context.style)?,
        FormatArg::Json => {
            serde_json::to_writer(&mut out, &json::facets(&results))?;
            writeln!(out)?;
        }
        FormatArg::Jsonl => {
            for value in json::facets(&results).values {
                serde_json::to_writer(&mut out, &value)?;
                writeln!(out)?;
            }
        }
        FormatArg::Csv => table::facets(&mut out, &results, Delimited::Csv)?,
        FormatArg::Tsv => table::facets(&mut out, &results, Delimited::Tsv)?,
    }
    out.flush()?;
    Ok(found(!results.values.is_empty()))
}
