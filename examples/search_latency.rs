//! In-process latency of one search, run again and again on an existing index: for
//! comparing two builds on the same index, alternately, when the machine is too noisy for
//! figures taken minutes apart (BENCHMARKS.md).
//!
//! ```text
//! cargo run --release --example search_latency -- INDEX_DIR QUERY [RUNS] [--org ORG]
//!     [--from DAY] [--to DAY] [--sort date]
//! ```

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use readouts::index;
use readouts::search::{SearchRequest, Selection, Sort, search};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(query)) = (args.first(), args.get(1)) else {
        eprintln!(
            "usage: search_latency INDEX_DIR QUERY [RUNS] [--org ORG] [--from DAY] [--to DAY] [--sort date]"
        );
        return ExitCode::from(2);
    };
    let runs: usize = match args.get(2).map(|n| n.parse()) {
        None => 300,
        Some(Ok(n)) if n > 0 => n,
        Some(_) => {
            eprintln!("search_latency: RUNS must be a positive number");
            return ExitCode::from(2);
        }
    };
    let target = match index::open(&PathBuf::from(dir)) {
        Ok(target) => target,
        Err(error) => {
            eprintln!("search_latency: {error}");
            return ExitCode::from(2);
        }
    };
    let mut request = SearchRequest {
        selection: Selection {
            query: query.clone(),
            ..Selection::default()
        },
        limit: 10,
        ..SearchRequest::default()
    };
    for option in args[3.min(args.len())..].chunks(2) {
        let selection = &mut request.selection;
        let value = option.get(1).map(String::as_str).unwrap_or_default();
        match option[0].as_str() {
            "--org" => selection.orgs.push(value.to_string()),
            "--from" | "--to" => {
                let Ok(day) = value.parse() else {
                    eprintln!(
                        "search_latency: {} wants a day, YYYY-MM-DD, not {value:?}",
                        option[0]
                    );
                    return ExitCode::from(2);
                };
                match option[0].as_str() {
                    "--from" => selection.from = Some(day),
                    _ => selection.to = Some(day),
                }
            }
            "--sort" if value == "date" => request.sort = Sort::Date,
            other => {
                eprintln!("search_latency: unknown option {other} {value}");
                return ExitCode::from(2);
            }
        }
    }
    let mut micros = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        if let Err(error) = search(&target, &request) {
            eprintln!("search_latency: {error}");
            return ExitCode::from(2);
        }
        micros.push(started.elapsed().as_micros());
    }
    micros.sort_unstable();
    let at = |q: usize| micros[(runs * q / 100).min(runs - 1)] as f64 / 1000.0;
    println!(
        "{query}: p50 {:.2} ms, p99 {:.2} ms over {runs} runs",
        at(50),
        at(99)
    );
    ExitCode::SUCCESS
}
