//! Trains the zstd dictionary that stored readouts are compressed with
//! (`src/index/data/readouts.zdict`) on real readouts, each as the index stores it:
//!
//! ```text
//! cargo run --release --example train_dictionary -- src/index/data/readouts.zdict \
//!     corpora/state-dept seeds
//! ```
//!
//! Paths are stored relative to the folder given, so the dictionary holds none of this
//! machine's. A new dictionary makes older indexes unreadable: bump `schema::FORMAT` with it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use readouts::extract::analyze;
use readouts::index::IndexOptions;
use readouts::index::stored;
use readouts::ingest::{collect_files, read_file};

/// zstd's usual dictionary size: larger ones gained nothing on readouts.
const DICTIONARY_BYTES: usize = 112_640;

fn main() -> ExitCode {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let Some((out, roots)) = args.split_first().filter(|(_, roots)| !roots.is_empty()) else {
        eprintln!("usage: train_dictionary OUT PATH...");
        return ExitCode::from(2);
    };
    match train(roots) {
        Ok(dictionary) => match std::fs::write(out, dictionary) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("train_dictionary: {}: {error}", out.display());
                ExitCode::from(2)
            }
        },
        Err(error) => {
            eprintln!("train_dictionary: {error}");
            ExitCode::from(2)
        }
    }
}

fn train(roots: &[PathBuf]) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let max_bytes = IndexOptions::default().max_file_bytes;
    let mut samples = Vec::new();
    for root in roots {
        let root = std::fs::canonicalize(root)?;
        for file in collect_files(std::slice::from_ref(&root), None)?.files {
            for source in read_file(&file, max_bytes)?.sources {
                let mut readout = analyze(&source);
                readout.path = relative(&readout.path, &root);
                samples.push(stored::encode(&readout));
            }
        }
    }
    eprintln!("training on {} readouts", samples.len());
    Ok(zstd::dict::from_samples(&samples, DICTIONARY_BYTES)?)
}

fn relative(path: &str, root: &Path) -> String {
    Path::new(path)
        .strip_prefix(root)
        .map_or_else(|_| path.to_string(), |p| p.to_string_lossy().into_owned())
}
