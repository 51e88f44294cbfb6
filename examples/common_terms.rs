//! Finds the common terms whose pairs the index holds as terms of their own
//! (`src/text/data/common_terms.txt`, read by `readouts::text::pairs`): the terms in three tenths of the
//! readouts' bodies or more, bar the stop words (`pairs::STOP_WORDS`).
//!
//! ```text
//! cargo run --release --example common_terms -- corpora/state-dept seeds \
//!     > src/text/data/common_terms.txt
//! ```
//!
//! A new list changes what the index holds: bump `schema::FORMAT` with it.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::process::ExitCode;

use readouts::extract::analyze;
use readouts::index::IndexOptions;
use readouts::ingest::{collect_files, read_file};
use readouts::text::analyzer::{Terms, words};
use readouts::text::pairs::STOP_WORDS;

/// A term is common from this share of the readouts on: a phrase with a word below it compares
/// positions in fewer than three tenths of the readouts. From a fifth, there were three times
/// as many pairs, for 9.5 % more indexing (BENCHMARKS.md, fourteenth round).
const SHARE: f64 = 0.3;

fn main() -> ExitCode {
    let roots: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    if roots.is_empty() {
        eprintln!("usage: common_terms PATH...");
        return ExitCode::from(2);
    }
    match common_terms(&roots) {
        Ok(terms) => {
            for term in terms {
                println!("{term}");
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("common_terms: {error}");
            ExitCode::from(2)
        }
    }
}

fn common_terms(roots: &[PathBuf]) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let max_bytes = IndexOptions::default().max_file_bytes;
    let mut terms = Terms::default();
    let mut readouts = 0;
    let mut counts: HashMap<String, usize> = HashMap::new();
    for file in collect_files(roots, None)?.files {
        for source in read_file(&file, max_bytes)?.sources {
            let body = analyze(&source).body;
            let distinct: HashSet<String> = words(&body)
                .map(|(_, word)| terms.of(word).to_string())
                .collect();
            for term in distinct {
                *counts.entry(term).or_default() += 1;
            }
            readouts += 1;
        }
    }
    let mut common: Vec<String> = counts
        .into_iter()
        .filter(|(term, count)| {
            *count as f64 >= SHARE * readouts as f64
                && STOP_WORDS.binary_search(&term.as_str()).is_err()
        })
        .map(|(term, _)| term)
        .collect();
    common.sort();
    eprintln!("{} common terms in {readouts} readouts", common.len());
    Ok(common)
}
