//! Search latency in-process on a generated index (100,000 readouts unless
//! `READOUTS_BENCH_SIZES` says otherwise): the median from criterion, then p50 and p99 over
//! 1,000 runs of each query kind.
//!
//! `cargo bench --bench search`

#[path = "common/mod.rs"]
mod corpus;

use std::time::Instant;

use criterion::Criterion;
use readouts::index;
use readouts::readout::Day;
use readouts::search::{SearchRequest, Selection, search};

fn kinds() -> Vec<(&'static str, SearchRequest)> {
    let request = |query: &str| SearchRequest {
        selection: Selection {
            query: query.to_string(),
            ..Selection::default()
        },
        limit: 10,
        ..SearchRequest::default()
    };
    vec![
        ("one term", request("security")),
        ("two terms", request("energy security")),
        ("phrase", request("\"foreign minister\"")),
        (
            "term + org + dates",
            SearchRequest {
                selection: Selection {
                    query: "trade".into(),
                    orgs: vec!["UN".into()],
                    from: "2021-01-01".parse::<Day>().ok(),
                    to: "2024-12-31".parse::<Day>().ok(),
                    ..Selection::default()
                },
                limit: 10,
                ..SearchRequest::default()
            },
        ),
        ("all + facets", request("")),
    ]
}

fn main() {
    let count = std::env::var("READOUTS_BENCH_SIZES")
        .ok()
        .and_then(|s| s.split(',').next_back()?.trim().parse().ok())
        .unwrap_or(100_000);
    let target = index::open(&corpus::index(count)).expect("bench index");
    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group(format!("search/{count}"));
    for (name, request) in kinds() {
        group.bench_function(name, |b| {
            b.iter(|| search(&target, &request).expect("search"))
        });
    }
    group.finish();
    for (name, request) in kinds() {
        let mut micros: Vec<u128> = (0..1000)
            .map(|_| {
                let started = Instant::now();
                search(&target, &request).expect("search");
                started.elapsed().as_micros()
            })
            .collect();
        micros.sort_unstable();
        println!(
            "search/{count}/{name}: p50 {:.2} ms, p99 {:.2} ms",
            micros[499] as f64 / 1000.0,
            micros[989] as f64 / 1000.0
        );
    }
    c.final_summary();
}
