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
