//! Inputs that once crashed or misled: the index folder read as input, seeds indexed outside
//! the checkout, a CSV quote never closed, a size limit on files that hold many readouts,
//! files a walk passed over without a word, dates dropped in silence.

use std::path::Path;

use super::*;

/// A folder with these files, and nothing indexed yet.
fn folder(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    dir
}

fn index(dir: &Path, args: &[&str]) -> Output {
    readouts(dir)
        .args(["index", "--threads", "1"])
        .args(args)
        .output()
        .unwrap()
}

const BAHRAIN: &[u8] = b"Bahrain and Azerbaijan met in Manama.";

#[test]
fn indexing_the_corpus_folder_from_inside_it_works_on_every_rerun() {
    let dir = folder(&[("a.txt", BAHRAIN)]);
    for (run, expected) in [
        (1, "1 indexed · 0 unchanged"),
        (2, "0 indexed · 1 unchanged"),
    ] {
        let out = index(dir.path(), &["."]);
        assert_eq!(out.status.code(), Some(0), "run {run}: {}", stderr(&out));
        assert!(
            stderr(&out).starts_with(expected),
            "run {run}: {}",
            stderr(&out)
        );
    }
    let again = index(dir.path(), &["."]);
    assert!(!stderr(&again).contains("meta.json"), "{}", stderr(&again));
}

#[test]
fn an_index_named_inside_the_walked_folder_is_not_read() {
    let dir = folder(&[("corpus/a.txt", BAHRAIN)]);
    for _ in 0..2 {
        let out = index(dir.path(), &["--index", "corpus/../corpus/db", "corpus"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(!stderr(&out).contains("skipped"), "{}", stderr(&out));
    }
    let out = index(dir.path(), &["--index", "corpus/db", "."]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).starts_with("0 indexed · 1 unchanged"));
}

#[test]
fn seeds_are_indexed_first_only_in_a_checkout_of_readouts() {
    for cargo_toml in [None, Some("[package]\nname = \"other\"\n")] {
        let dir = tempfile::tempdir().unwrap();
        copy_seeds(dir.path(), "seeds");
        if let Some(text) = cargo_toml {
            std::fs::write(dir.path().join("Cargo.toml"), text).unwrap();
        }
        let out = readouts(dir.path())
            .args(["search", "Bahrain"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{cargo_toml:?}");
        assert_eq!(
            stderr(&out),
            "readouts: no index at index\nhint: run 'readouts index <DIR>' first\n"
        );
        assert!(!dir.path().join("index").exists());
    }
}
