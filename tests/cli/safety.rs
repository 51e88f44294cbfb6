//! The index survives concurrent use and crashes: one writer at a time, searches answer from
//! the last commit, a killed run leaves an index the next run completes, and an index of
//! another format is refused.

use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use super::*;

/// A corpus large enough that indexing it takes a while: the seeds, many times, each copy
/// with a word of its own.
fn corpus(dir: &Path, copies: usize) {
    let docs = dir.join("big");
    std::fs::create_dir_all(&docs).unwrap();
    let seeds: Vec<String> = std::fs::read_dir(seeds_dir())
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    for i in 0..copies {
        let text = format!("{}\ncopy{i} marker\n", seeds[i % seeds.len()]);
        std::fs::write(docs.join(format!("{i:05}.txt")), text).unwrap();
    }
}

/// Starts indexing `big/` and waits until the run holds the writer's lock.
fn start_indexing(dir: &Path) -> Child {
    let child = readouts(dir)
        .args(["index", "--threads", "1", "big"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let lock = dir.join("index/.tantivy-writer.lock");
    let started = Instant::now();
    while !lock.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the run never took the lock"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(200));
    child
}

fn seeds_indexed(dir: &Path) {
    let out = readouts(dir)
        .arg("index")
        .arg(seeds_dir())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_second_writer_is_refused_at_once_and_a_search_answers_from_the_last_commit() {
    let dir = tempfile::tempdir().unwrap();
    seeds_indexed(dir.path());
    corpus(dir.path(), 6000);
    let mut first = start_indexing(dir.path());

    let started = Instant::now();
    let second = readouts(dir.path())
        .args(["index", "big"])
        .output()
        .unwrap();
    assert_eq!(second.status.code(), Some(2));
    assert_eq!(
        stderr(&second).lines().next(),
        Some("readouts: the index is being written by another process (index)")
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "refused at once"
    );

    assert_eq!(
        total(dir.path(), "Bahrain"),
        1,
        "the last commit: the seeds only"
    );
    assert_eq!(total(dir.path(), "marker"), 0);

    assert!(first.wait().unwrap().success());
    assert_eq!(total(dir.path(), "marker"), 6000);
}

#[test]
fn a_killed_run_leaves_a_searchable_index_that_the_next_run_completes() {
    let dir = tempfile::tempdir().unwrap();
    seeds_indexed(dir.path());
    corpus(dir.path(), 6000);
    let mut run = start_indexing(dir.path());
    run.kill().unwrap();
    run.wait().unwrap();

    assert_eq!(
        total(dir.path(), "Bahrain"),
        1,
        "the index opens and searches"
    );
    let again = readouts(dir.path())
        .args(["index", "big"])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(
        stderr(&again).starts_with("6000 indexed"),
        "{}",
        stderr(&again)
    );
    assert_eq!(total(dir.path(), "marker"), 6000);
}

#[test]
fn an_index_of_another_format_is_refused_with_a_hint_to_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    seeds_indexed(dir.path());
    let meta = dir.path().join("index/meta.json");
    let text = std::fs::read_to_string(&meta).unwrap();
    let older = text.replace("readouts-index-", "readouts-index-0");
    assert_ne!(text, older, "the commit records the format");
    std::fs::write(&meta, older).unwrap();

    let out = readouts(dir.path())
        .args(["search", "Bahrain"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "readouts: the index at index was written by an incompatible version of readouts\n\
         hint: run 'readouts index --rebuild <DIR>' to rebuild it\n"
    );
    let plain = readouts(dir.path())
        .arg("index")
        .arg(seeds_dir())
        .output()
        .unwrap();
    assert_eq!(
        plain.status.code(),
        Some(2),
        "a plain run does not write over it"
    );

    let rebuilt = readouts(dir.path())
        .args(["index", "--rebuild"])
        .arg(seeds_dir())
        .output()
        .unwrap();
    assert_eq!(rebuilt.status.code(), Some(0), "{}", stderr(&rebuilt));
    assert_eq!(total(dir.path(), "Bahrain"), 1);
}
