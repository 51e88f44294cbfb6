//! `readouts similar ID`

use std::io::Write;
use std::process::ExitCode;

use readouts::render::{self, json};
use readouts::views::similar::{SimilarRequest, similar};

use super::{Context, found, open_index};
use crate::cli::SimilarArgs;

pub(super) fn run(context: &Context, args: SimilarArgs) -> anyhow::Result<ExitCode> {
    let request = SimilarRequest {
        id: args.id,
        limit: usize::try_from(args.limit).unwrap_or(usize::MAX),
    };
    let target = open_index(context)?;
    let results = similar(target, &request)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        serde_json::to_writer(&mut out, &json::similar(&results))?;
        writeln!(out)?;
    } else {
        render::similar_human(&mut out, &results, &context.style)?;
    }
    out.flush()?;
    Ok(found(!results.hits.is_empty()))
}
