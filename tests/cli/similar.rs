//! `readouts similar`: the readouts most like one, never itself nor a copy of it.

use super::json::{Similar, view};
use super::*;

fn similar_seeds(similar: &Similar) -> Vec<String> {
    similar.hits.iter().map(|h| seed_of(&h.path)).collect()
}

#[test]
fn the_azerbaijani_visits_that_discuss_cica_come_first() {
    let similar: Similar = view(&["similar", &seed_id("003")]);
    let seeds = similar_seeds(&similar);
    assert!(["004", "002"].contains(&seeds[0].as_str()), "{seeds:?}");
    assert!(
        !seeds.contains(&"003".to_string()),
        "never itself: {seeds:?}"
    );
    assert!(
        seeds[..2].contains(&"004".to_string()) && seeds[..2].contains(&"002".to_string()),
        "{seeds:?}"
    );
}

#[test]
fn similar_never_lists_the_readout_itself() {
    for seed in ["000", "001", "002", "003", "004"] {
        let similar: Similar = view(&["similar", &seed_id(seed)]);
        assert!(
            !similar_seeds(&similar).contains(&seed.to_string()),
            "{seed}"
        );
    }
}

#[test]
fn exact_copies_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = copy_seeds(dir.path(), "corpus");
    std::fs::copy(
        seeds_dir().join("003_d1a46f2ed004c32a.txt"),
        corpus.join("copy_of_003.txt"),
    )
    .unwrap();
    let index = readouts(dir.path())
        .args(["index", "--threads", "1", "corpus"])
        .output()
        .unwrap();
    assert_eq!(index.status.code(), Some(0), "{}", stderr(&index));
    let out = readouts(dir.path())
        .args(["search", "--json", "--no-collapse", "-n", "100", "Pakistan"])
        .output()
        .unwrap();
    let results: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 2, "the seed and its copy");
    let out = readouts(dir.path())
        .args(["similar", "--json", ids[0]])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let similar: Similar = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(similar.hits.len(), 4, "the other seeds, not the copy");
    assert!(similar.hits.iter().all(|h| !ids.contains(&h.id.as_str())));
}

#[test]
fn human_output_names_the_readout_and_ranks_the_others() {
    let id = seed_id("003");
    let out = run(&["similar", &id, "--limit", "2"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert_eq!(
        text.lines().next(),
        Some(format!("like Azerbaijan, Pakistan discuss strategic partnership · id {id}").as_str())
    );
    assert!(text.lines().any(|l| l.starts_with("1. ")), "{text}");
    assert!(text.lines().any(|l| l.starts_with("2. ")), "{text}");
    assert!(!text.lines().any(|l| l.starts_with("3. ")), "{text}");
    assert!(
        text.lines()
            .last()
            .unwrap()
            .starts_with("2 similar readouts · "),
        "{text}"
    );
}

#[test]
fn an_unknown_id_is_an_error_naming_it() {
    let out = run(&["similar", "nothex"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).lines().next(),
        Some("readouts: no readout has an id starting with 'nothex'")
    );
}
