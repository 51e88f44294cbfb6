//! `readouts search QUERY`

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use readouts::readout::Day;
use readouts::render::{self, json};
use readouts::search::{SearchRequest, search};
use readouts::{Error, index};

use super::{Context, SEEDS, found};
use crate::cli::SearchArgs;

pub fn run(context: &Context, args: SearchArgs) -> anyhow::Result<ExitCode> {
    let request = SearchRequest {
        from: day("--from", args.from.as_deref())?,
        to: day("--to", args.to.as_deref())?,
        query: args.query,
        limit: args.limit as usize,
        offset: args.offset as usize,
        orgs: args.org,
        countries: args.country,
    };
    index_seeds_on_first_use(context)?;
    let target = index::open(&context.index_dir)?;
    let results = search(&target, &request)?;
    if !context.quiet {
        for note in &results.notes {
            eprintln!("readouts: note: {note}");
        }
    }
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

/// On a fresh clone there is no index yet: build it from `seeds/`, once, and say so.
fn index_seeds_on_first_use(context: &Context) -> anyhow::Result<()> {
    let seeds = PathBuf::from(SEEDS);
    if context.index_given || index::exists(&context.index_dir) || !seeds.is_dir() {
        return Ok(());
    }
    if !context.quiet {
        eprintln!(
            "readouts: no index in {}/ yet; indexing {}/ first",
            context.index_dir.display(),
            SEEDS
        );
    }
    super::index::build_first(context, &[seeds])
}
