//! `readouts facets FIELD [QUERY]`

use std::io::Write;
use std::process::ExitCode;

use readouts::render::{self, json};
use readouts::views::facets::{FacetField, FacetsRequest, facets};

use super::{Context, found, open_index, print_notes, selection};
use crate::cli::{FacetFieldArg, FacetsArgs};

pub(super) fn run(context: &Context, args: FacetsArgs) -> anyhow::Result<ExitCode> {
    let request = FacetsRequest {
        field: match args.field {
            FacetFieldArg::Country => FacetField::Country,
            FacetFieldArg::Counterpart => FacetField::Counterpart,
            FacetFieldArg::Org => FacetField::Org,
            FacetFieldArg::Source => FacetField::Source,
            FacetFieldArg::Year => FacetField::Year,
            FacetFieldArg::Month => FacetField::Month,
        },
        selection: selection(args.query, args.filters)?,
        depth: args.depth.map(usize::from),
        limit: args.limit.map(|n| usize::try_from(n).unwrap_or(usize::MAX)),
    };
    let target = open_index(context)?;
    let results = facets(target, &request)?;
    print_notes(context, &results.notes);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        serde_json::to_writer(&mut out, &json::facets(&results))?;
        writeln!(out)?;
    } else {
        render::facets_human(&mut out, &results, &context.style)?;
    }
    out.flush()?;
    Ok(found(!results.values.is_empty()))
}
