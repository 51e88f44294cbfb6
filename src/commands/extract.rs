//! `readouts extract FILE...`

use std::io::Write;
use std::process::ExitCode;

use readouts::extract::analyze;
use readouts::ingest::{collect_files, read_source};
use readouts::render::{self, json};

use super::Context;
use crate::cli::ExtractArgs;

pub fn run(context: &Context, args: ExtractArgs) -> anyhow::Result<ExitCode> {
    let files = collect_files(&args.files)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut failed = 0;
    for (i, file) in files.iter().enumerate() {
        let source = match read_source(file) {
            Ok(source) => source,
            Err(error) => {
                out.flush()?;
                eprintln!("readouts: {error}");
                failed += 1;
                continue;
            }
        };
        let readout = analyze(&source);
        if args.json {
            serde_json::to_writer(&mut out, &json::extraction(&readout))?;
            writeln!(out)?;
        } else {
            if i > 0 {
                writeln!(out)?;
            }
            render::extract_human(&mut out, &readout, &context.style)?;
        }
    }
    out.flush()?;
    Ok(if failed > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}
