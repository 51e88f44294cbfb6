//! `readouts extract FILE...`

use std::io::Write;
use std::process::ExitCode;

use readouts::extract::analyze;
use readouts::ingest::{collect_files, read_file};
use readouts::render::{self, json};

use super::Context;
use crate::cli::ExtractArgs;

/// Larger files are not read: extraction is for looking at readouts, not archives.
const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

pub(super) fn run(context: &Context, args: ExtractArgs) -> anyhow::Result<ExitCode> {
    let walk = collect_files(&args.files, Some(&context.index_dir))?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut problems = walk.problems;
    let mut first = true;
    for file in &walk.files {
        let read = match read_file(file, MAX_FILE_BYTES) {
            Ok(read) => read,
            Err(error) => {
                problems.push(error);
                continue;
            }
        };
        problems.extend(read.problems);
        for source in &read.sources {
            let readout = analyze(source);
            if args.json {
                serde_json::to_writer(&mut out, &json::extraction(&readout))?;
                writeln!(out)?;
            } else {
                if !first {
                    writeln!(out)?;
                }
                render::extract_human(&mut out, &readout, &context.style)?;
            }
            first = false;
        }
    }
    out.flush()?;
    for problem in &problems {
        let _ = writeln!(
            std::io::stderr(),
            "readouts: {}",
            render::sanitize(&problem.to_string())
        );
    }
    Ok(if problems.iter().any(|p| p.is_failure()) {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}
