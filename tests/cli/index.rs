//! `readouts index`: the summary line and errors.

use super::*;

#[test]
fn index_prints_a_summary_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let out = readouts(dir.path())
        .arg("index")
        .arg(seeds_dir())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    let summary = stderr(&out);
    assert!(
        summary.starts_with("5 indexed · 0 unchanged · 0 removed · 0 failed · 0.01 MiB read in "),
        "{summary}"
    );
    assert!(summary.ends_with(" into index\n"), "{summary}");
    assert!(dir.path().join("index/meta.json").is_file());
}

#[test]
fn index_honours_the_environment_variable() {
    let dir = tempfile::tempdir().unwrap();
    let out = readouts(dir.path())
        .env("READOUTS_INDEX", "elsewhere")
        .arg("index")
        .arg(seeds_dir())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("elsewhere/meta.json").is_file());
}

#[test]
fn a_path_that_does_not_exist_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = readouts(dir.path())
        .args(["index", "no-such-folder"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stderr(&out), "readouts: no-such-folder does not exist\n");
}
