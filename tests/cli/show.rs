//! `readouts show`: one readout whole, by id or by a prefix only it has.

use super::json::{Show, view};
use super::*;

fn show(args: &[&str], columns: &str) -> Output {
    readouts(seeded())
        .env("COLUMNS", columns)
        .arg("show")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn show_prints_the_derived_title_the_metadata_and_the_clean_text() {
    let id = seed_id("002");
    let out = show(&[&id[..6]], "80");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with("During his official visit to the Kingdom of Bahrain, Azerbaijan's"),
        "{text}"
    );
    for line in [
        "title          derived from the first sentence",
        "date           2025-05-12",
        "source         News.Az",
        "countries      Azerbaijan (AZE) ×7, Bahrain (BHR) ×4, Armenia (ARM) ×2",
        "               NAM Parliamentary Network (NAM-PN), part of NAM ×1",
        "home           Azerbaijan (AZE)",
        "counterparts   Bahrain (BHR), Armenia (ARM)",
        "people         Foreign Minister Jeyhun Bayramov (AZE) ×2",
    ] {
        assert!(text.lines().any(|l| l.starts_with(line)), "{line}\n{text}");
    }
    assert!(text.contains(&format!("id             {id}")), "{text}");
    let path = text.lines().find(|l| l.starts_with("path ")).unwrap();
    assert!(path.ends_with("002_1d8d73c75dc338fd.txt"), "{path}");
    assert!(text.contains("Abdullatif bin Rashid Alzayani."), "{text}");
    assert!(!text.contains('↺'), "page junk: {text}");
    assert!(!text.contains(" px"), "page junk: {text}");
}

#[test]
fn the_text_is_wrapped_to_the_terminal_width() {
    let id = seed_id("004");
    for columns in ["50", "100"] {
        let out = show(&[&id], columns);
        let text = stdout(&out);
        let width: usize = columns.parse().unwrap();
        assert!(
            text.lines()
                .filter(|l| !l.starts_with("path "))
                .all(|l| l.chars().count() <= width),
            "{columns}:\n{text}"
        );
        assert!(
            text.lines().any(|l| l.chars().count() > width - 15),
            "lines use the width: {text}"
        );
    }
}

#[test]
fn without_a_terminal_or_columns_the_width_is_80() {
    let out = run(&["show", &seed_id("004")]);
    let text = stdout(&out);
    let widest = text
        .lines()
        .filter(|l| !l.starts_with("path "))
        .map(|l| l.chars().count())
        .max()
        .unwrap();
    assert!((70..=80).contains(&widest), "{widest}\n{text}");
}

#[test]
fn a_full_id_and_a_prefix_show_the_same_readout() {
    let id = seed_id("003");
    let whole: Show = view(&["show", &id]);
    let prefix: Show = view(&["show", &id[..8].to_uppercase()]);
    assert_eq!(whole.id, prefix.id);
    assert_eq!(
        whole.title,
        "Azerbaijan, Pakistan discuss strategic partnership"
    );
    assert!(!whole.title_derived);
}

#[test]
fn an_unknown_id_is_an_error_naming_it() {
    let out = run(&["show", "zzzz"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "readouts: no readout has an id starting with 'zzzz'\n\
         hint: ids are shown by 'readouts search'\n"
    );
    assert_eq!(stdout(&out), "");
}

#[test]
fn an_ambiguous_prefix_is_an_error_listing_what_it_matches() {
    // Seventeen readouts: two of their ids must share a first hex digit.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read(seeds_dir().join("003_d1a46f2ed004c32a.txt")).unwrap();
    std::fs::create_dir(dir.path().join("many")).unwrap();
    for i in 0..17 {
        std::fs::write(dir.path().join(format!("many/{i:02}.txt")), &text).unwrap();
    }
    let index = readouts(dir.path())
        .args(["index", "--threads", "1", "many"])
        .output()
        .unwrap();
    assert_eq!(index.status.code(), Some(0), "{}", stderr(&index));
    let out = readouts(dir.path())
        .args(["search", "--json", "--no-collapse", "-n", "100", ""])
        .output()
        .unwrap();
    let results: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut ids: Vec<String> = results["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    let shared = ids
        .windows(2)
        .find(|w| w[0][..1] == w[1][..1])
        .map(|w| w[0][..1].to_string())
        .unwrap();
    let out = readouts(dir.path())
        .args(["show", &shared])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(
        err.lines().next(),
        Some(
            format!(
                "readouts: id '{shared}' is ambiguous: several readouts have ids starting with it"
            )
            .as_str()
        )
    );
    let hint = err.lines().nth(1).unwrap();
    assert!(hint.starts_with("hint: type more of it: "), "{err}");
    let listed = ids.iter().filter(|id| id.starts_with(&shared));
    for id in listed.take(5) {
        assert!(hint.contains(id.as_str()), "{id} in {hint}");
    }
}

#[test]
fn a_missing_index_given_with_index_is_an_error_naming_it() {
    let out = run(&["show", "abc", "--index", "no/such/index"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "readouts: no index at no/such/index\nhint: run 'readouts --index no/such/index index <DIR>' first\n"
    );
}

#[test]
fn colour_marks_the_title_only_when_asked() {
    let id = seed_id("003");
    let coloured = run(&["show", &id, "--color", "always"]);
    assert!(
        stdout(&coloured)
            .starts_with("\x1b[1mAzerbaijan, Pakistan discuss strategic partnership\x1b[0m\n"),
        "{}",
        stdout(&coloured)
    );
    let plain = run(&["show", &id]);
    assert!(!stdout(&plain).contains('\x1b'), "no colour in a pipe");
}
