//! The query language: entities by any alias, normalized spellings, and no input that makes
//! `search` fail.

use std::path::Path;

use super::*;

/// A folder with these readouts indexed.
fn indexed(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::create_dir_all(dir.path().join("docs")).unwrap();
        std::fs::write(dir.path().join("docs").join(name), text).unwrap();
    }
    let out = readouts(dir.path())
        .args(["index", "--threads", "1", "docs"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    dir
}

/// The file names that answer `query` in `dir`, sorted.
fn found(dir: &Path, query: &str) -> Vec<String> {
    let out = readouts(dir)
        .args(["search", "--json", "--limit", "50", query])
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{query}: {}",
        stderr(&out)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut names: Vec<String> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let path = h["path"].as_str().unwrap();
            Path::new(path)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    names
}

fn fixtures() -> tempfile::TempDir {
    indexed(&[
        (
            "malaysia.txt",
            "Talks in Kuala Lumpur\nThe minister visited Malaysia and met officials.\n",
        ),
        (
            "oic.txt",
            "Summit note\nThe sides discussed cooperation within the OIC framework.\n",
        ),
        (
            "turkiye.txt",
            "Call with Ankara\nThe Secretary spoke with the Foreign Minister of Türkiye.\n",
        ),
        (
            "finland.txt",
            "Meeting\nPresident Niinistö met President Lourenço of Angola.\n",
        ),
        (
            "nam.txt",
            "Network\nThe Non-Aligned Movement and Guinea-Bissau and the D-8 were named.\n",
        ),
        (
            "uk.txt",
            "Plan\nThe defence programme of the United Kingdom was discussed.\n",
        ),
    ])
}

#[test]
fn a_demonym_finds_readouts_that_name_the_country() {
    let dir = fixtures();
    assert_eq!(found(dir.path(), "Malaysian"), ["malaysia.txt"]);
    assert_eq!(found(dir.path(), "Turkish"), ["turkiye.txt"]);
    assert_eq!(found(dir.path(), "British"), ["uk.txt"]);
}

#[test]
fn a_full_name_finds_readouts_that_use_the_acronym() {
    let dir = fixtures();
    assert_eq!(
        found(dir.path(), "Organisation of Islamic Cooperation"),
        ["oic.txt"]
    );
    assert_eq!(
        found(dir.path(), "organization of islamic cooperation"),
        ["oic.txt"]
    );
    assert_eq!(
        found(dir.path(), "org:\"Islamic Cooperation\" OR org:OIC"),
        ["oic.txt"]
    );
}

#[test]
fn country_and_org_prefixes_find_entities() {
    let dir = fixtures();
    assert_eq!(found(dir.path(), "country:Turkey"), ["turkiye.txt"]);
    assert_eq!(found(dir.path(), "country:AGO"), ["finland.txt"]);
    assert_eq!(found(dir.path(), "org:NAM"), ["nam.txt"]);
}

#[test]
fn diacritics_fold_both_ways() {
    let dir = fixtures();
    assert_eq!(found(dir.path(), "Niinisto"), ["finland.txt"]);
    assert_eq!(found(dir.path(), "Lourenco"), ["finland.txt"]);
    assert_eq!(found(dir.path(), "Turkiye"), ["turkiye.txt"]);
    assert_eq!(found(dir.path(), "Türkiye"), ["turkiye.txt"]);
}

#[test]
fn british_and_american_spellings_fold() {
    let dir = fixtures();
    assert_eq!(found(dir.path(), "defense program"), ["uk.txt"]);
    assert_eq!(found(dir.path(), "defence programme"), ["uk.txt"]);
}

#[test]
fn hyphenated_names_are_found_with_or_without_the_hyphen() {
    let dir = fixtures();
    assert_eq!(found(dir.path(), "Non Aligned"), ["nam.txt"]);
    assert_eq!(found(dir.path(), "\"Non-Aligned Movement\""), ["nam.txt"]);
    assert_eq!(found(dir.path(), "Guinea Bissau"), ["nam.txt"]);
    assert_eq!(found(dir.path(), "D-8"), ["nam.txt"]);
}

#[test]
fn syntax_that_does_not_parse_is_searched_as_words_with_a_note() {
    let dir = fixtures();
    let out = readouts(dir.path())
        .args(["search", "Ankara: (call"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.starts_with("readouts: note: searched as plain words"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn no_query_fails_or_panics() {
    let nasty = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/nasty_queries.txt"),
    )
    .unwrap();
    assert!(nasty.lines().count() >= 90);
    for query in nasty.lines() {
        let out = run(&["search", "--", query]);
        let shown: String = query.chars().take(60).collect();
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{shown:?} exited {:?}: {}",
            out.status.code(),
            stderr(&out)
        );
        assert!(!stderr(&out).contains("panicked"), "{shown:?}");
    }
}

const RELEASE: &str = "Secretary Blinken spoke with Turkish Foreign Minister Cavusoglu today about \
cooperation between the United States and Turkey, shared interests in Syria and Afghanistan, talks \
between NATO Allies Turkey and Greece, and promoting and protecting human rights and freedoms. \
The Secretary welcomed the progress of the grain corridor from Ukrainian ports and thanked the \
Foreign Minister for his leadership in the talks held in Istanbul. They reviewed preparations for \
the NATO summit in Madrid, the accession requests of Finland and Sweden, and the security of the \
Black Sea region, and agreed that their teams would stay in close contact in the coming weeks on \
energy, counterterrorism, migration and the humanitarian situation in northwest Syria.";

/// The JSON hits of a search, as (file name, also published as).
fn collapsed(dir: &Path, args: &[&str]) -> Vec<(String, Vec<String>)> {
    let out = readouts(dir)
        .args(["search", "--json"])
        .args(args)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let name = |p: &serde_json::Value| {
        Path::new(p.as_str().unwrap())
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned()
    };
    v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            let others = h["also_published_as"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| name(&d["path"]))
                .collect();
            (name(&h["path"]), others)
        })
        .collect()
}

#[test]
fn near_duplicates_collapse_into_one_hit_unless_asked() {
    let reissue = format!("Call with Turkish counterpart\n{RELEASE} This release was corrected.\n");
    let dir = indexed(&[
        (
            "a.txt",
            &format!("Call with Turkish counterpart\n{RELEASE}\n"),
        ),
        ("b.txt", &reissue),
        (
            "c.txt",
            "Other call\nSecretary Blinken spoke with the Greek Foreign Minister about energy.\n",
        ),
    ]);
    let mut hits = collapsed(dir.path(), &["Blinken"]);
    hits.sort();
    assert_eq!(
        hits,
        [
            ("a.txt".to_string(), vec!["b.txt".to_string()]),
            ("c.txt".to_string(), vec![])
        ]
    );
    let all = collapsed(dir.path(), &["Blinken", "--no-collapse"]);
    assert_eq!(all.len(), 3);
    assert!(all.iter().all(|(_, others)| others.is_empty()));
    let out = readouts(dir.path())
        .args(["search", "Turkey", "--color", "never"])
        .output()
        .unwrap();
    assert!(
        stdout(&out).contains("also published as: docs/b.txt"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn sort_by_date_puts_the_newest_first_and_undated_last() {
    let dir = indexed(&[
        (
            "old.txt",
            "Old\ndate 2021-01-05\n\nTrade talks with Bahrain.\n",
        ),
        (
            "undated.txt",
            "Undated\nTrade talks with Bahrain, trade and trade.\n",
        ),
        ("new.txt", "New\ndate 2024-03-01\n\nTrade talks.\n"),
    ]);
    let order: Vec<String> = collapsed(dir.path(), &["trade", "--sort", "date"])
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    assert_eq!(order, ["new.txt", "old.txt", "undated.txt"]);
}

#[test]
fn pages_follow_each_other_and_the_total_is_exact() {
    let files: Vec<(String, String)> = (0..7)
        .map(|i| {
            (
                format!("{i}.txt"),
                format!("Note {i}\nBahrain item number {i} of trade.\n"),
            )
        })
        .collect();
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let dir = indexed(&refs);
    let page = |offset: &str| {
        let out = readouts(dir.path())
            .args([
                "search", "--json", "Bahrain", "--limit", "3", "--offset", offset,
            ])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let ranks: Vec<u64> = v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["rank"].as_u64().unwrap())
            .collect();
        (v["total"].as_u64().unwrap(), ranks)
    };
    assert_eq!(page("0"), (7, vec![1, 2, 3]));
    assert_eq!(page("3"), (7, vec![4, 5, 6]));
    assert_eq!(page("6"), (7, vec![7]));
    assert_eq!(page("9"), (7, vec![]));
}

#[test]
fn ties_break_by_date_newest_first() {
    let dir = indexed(&[
        (
            "a-old.txt",
            "Talks\ndate 2021-01-05\n\nTrade talks with Bahrain.\n",
        ),
        (
            "b-new.txt",
            "Talks\ndate 2024-03-01\n\nTrade talks with Bahrain.\n",
        ),
        (
            "c-mid.txt",
            "Other\ndate 2022-06-01\n\nA note on tourism.\n",
        ),
    ]);
    let names = |args: &[&str]| -> Vec<String> {
        collapsed(dir.path(), args)
            .into_iter()
            .map(|(name, _)| name)
            .collect()
    };
    assert_eq!(
        names(&["Bahrain", "--no-collapse"]),
        ["b-new.txt", "a-old.txt"]
    );
    assert_eq!(
        names(&["", "--no-collapse"]),
        ["b-new.txt", "c-mid.txt", "a-old.txt"]
    );
}
