//! Writes a generated corpus of readouts for benchmarks:
//!
//! ```text
//! cargo run --release --example generate -- --count 100000 --out /tmp/corpus
//! cargo run --release --example generate -- --count 1000000 --jsonl /tmp/corpus.jsonl
//! ```
//!
//! The vocabulary comes from `seeds/` and, when it is beside the repository,
//! `corpora/state-dept`. Files go 1,000 to a folder.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use clap::Parser;
use readouts::corpus::{Vocabulary, readout, sample_text};

#[derive(Parser)]
struct Args {
    /// How many readouts
    #[arg(long, default_value_t = 10_000)]
    count: u64,
    /// The seed: the same seed and count give the same corpus
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Write one .txt file per readout under this folder
    #[arg(long, conflicts_with = "jsonl", required_unless_present = "jsonl")]
    out: Option<PathBuf>,
    /// Write all readouts to this one JSON Lines file
    #[arg(long)]
    jsonl: Option<PathBuf>,
}

fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let vocabulary = Vocabulary::from_text(&sample_text(Path::new(env!("CARGO_MANIFEST_DIR"))));
    if let Some(out) = &args.out {
        for n in 0..args.count {
            let folder = out.join(format!("{:04}", n / 1000));
            if n % 1000 == 0 {
                std::fs::create_dir_all(&folder)?;
            }
            let r = readout(&vocabulary, args.seed, n);
            std::fs::write(folder.join(format!("{n:07}.txt")), r.text)?;
        }
    }
    if let Some(path) = &args.jsonl {
        let mut out = BufWriter::new(std::fs::File::create(path)?);
        for n in 0..args.count {
            let r = readout(&vocabulary, args.seed, n);
            let body = r
                .text
                .split_once("\n\n")
                .map_or(r.text.as_str(), |(_, b)| b);
            let record = serde_json::json!({
                "id": format!("g{n:07}"), "title": r.title, "date": r.date, "body": body,
            });
            writeln!(out, "{record}")?;
        }
        out.flush()?;
    }
    Ok(())
}
