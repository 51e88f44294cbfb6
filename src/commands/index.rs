//! `readouts index PATH...`

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use readouts::index::{self, IndexOptions, IndexSummary};

use super::Context;
use crate::cli::IndexArgs;

pub fn run(context: &Context, args: IndexArgs) -> anyhow::Result<ExitCode> {
    let mut options = IndexOptions::default();
    if let Some(threads) = args.threads {
        options.threads = usize::from(threads);
        options.heap_bytes = IndexOptions::heap_for(options.threads);
    }
    if let Some(mb) = args.heap_mb {
        options.heap_bytes = mb as usize * 1024 * 1024;
    }
    let summary = index::build(&context.index_dir, &args.paths, options)?;
    report(context, &summary)?;
    Ok(if summary.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// Builds the index from `paths` and prints the summary: the first search on a fresh clone.
pub fn build_quietly(context: &Context, paths: &[PathBuf]) -> anyhow::Result<()> {
    let summary = index::build(&context.index_dir, paths, IndexOptions::default())?;
    report(context, &summary)
}

fn report(context: &Context, summary: &IndexSummary) -> anyhow::Result<()> {
    let mut stderr = std::io::stderr().lock();
    for failure in &summary.failed {
        writeln!(stderr, "readouts: {failure}")?;
    }
    if context.quiet && summary.failed.is_empty() {
        return Ok(());
    }
    let seconds = summary.elapsed.as_secs_f64();
    let mb = summary.bytes as f64 / 1e6;
    let failed = match summary.failed.len() {
        0 => String::new(),
        n => format!(", {n} failed (see above)"),
    };
    writeln!(
        stderr,
        "indexed {} readouts ({mb:.2} MB) into {} in {seconds:.2} s, {:.1} MB/s{failed}",
        summary.documents,
        context.index_dir.display(),
        mb / seconds.max(1e-9),
    )?;
    Ok(())
}
