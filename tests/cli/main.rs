//! Integration tests: drive the real binary on the seeds, in temporary folders, with an
//! environment cleaned of anything that could change the results.

mod command_line;
mod extract;
mod facets;
mod fetch;
mod formats;
mod index;
mod ingest;
mod inputs;
mod integrity;
mod json;
mod query;
mod safety;
mod search;
mod show;
mod similar;
mod surface;
mod timeline;
mod trust;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

/// The seeds, as the repository ships them.
fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
}

/// A copy of the seeds in `dir/name`, as a fresh clone or a user's folder holds them.
fn copy_seeds(dir: &Path, name: &str) -> PathBuf {
    let copy = dir.join(name);
    std::fs::create_dir_all(&copy).unwrap();
    for entry in std::fs::read_dir(seeds_dir()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), copy.join(entry.file_name())).unwrap();
    }
    copy
}

/// A folder with an index of the seeds, built once with one thread and shared by the tests
/// that only read it.
fn seeded() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temporary folder");
        let out = readouts(dir.path())
            .args(["index", "--threads", "1"])
            .arg(seeds_dir())
            .output()
            .expect("run readouts index");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        dir
    })
    .path()
}

/// The binary, run in `dir`, with a clean environment.
fn readouts(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_readouts"));
    command.current_dir(dir);
    clean_env(&mut command);
    command
}

/// Removes from `command`'s environment what could change the binary's results.
fn clean_env(command: &mut Command) {
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy();
        if key.starts_with("READOUTS_")
            || key == "NO_COLOR"
            || key == "CLICOLOR_FORCE"
            || key == "CLICOLOR"
            || key == "FORCE_HYPERLINK"
            || key == "COLUMNS"
        {
            command.env_remove(&*key);
        }
    }
}

/// On a fresh clone (seeds/ beside the Cargo.toml of readouts), `first` indexes the seeds
/// and says so; `second`, run after it, finds the index and says nothing.
fn assert_seeds_indexed_once(first: &[&str], second: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    copy_seeds(dir.path(), "seeds");
    std::fs::write(
        dir.path().join("Cargo.toml"),
        "[package]\nname = \"readouts\"\nversion = \"0.1.0\"\n",
    )
    .unwrap();
    let first = readouts(dir.path()).args(first).output().unwrap();
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("indexing seeds/ first"),
        "{}",
        stderr(&first)
    );
    let second = readouts(dir.path()).args(second).output().unwrap();
    assert_eq!(second.status.code(), Some(0));
    assert_eq!(stderr(&second), "", "says so once");
}

/// Runs the binary on the shared seeds index.
fn run(args: &[&str]) -> Output {
    readouts(seeded())
        .args(args)
        .output()
        .expect("run readouts")
}

/// How many readouts a search in `dir` finds.
fn total(dir: &Path, query: &str) -> u64 {
    let out = readouts(dir)
        .args(["search", "--json", query])
        .output()
        .unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["total"].as_u64().unwrap()
}

/// `readouts index --threads 1 docs` in `dir`, with more arguments.
fn index_docs(dir: &Path, extra: &[&str]) -> Output {
    readouts(dir)
        .args(["index", "--threads", "1", "docs"])
        .args(extra)
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The seed numbers ("000".."004") of the hits of a JSON search, in rank order.
fn seed_hits(args: &[&str]) -> Vec<String> {
    let mut all = vec!["search", "--json", "--limit", "100"];
    all.extend_from_slice(args);
    let out = run(&all);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{args:?}: {}",
        stderr(&out)
    );
    let results: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    results["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|hit| {
            let path = hit["path"].as_str().expect("path");
            let name = Path::new(path).file_name().unwrap().to_string_lossy();
            name[..3].to_string()
        })
        .collect()
}

/// The same hits, sorted, for filters where rank does not matter.
fn seed_set(args: &[&str]) -> Vec<String> {
    let mut hits = seed_hits(args);
    hits.sort();
    hits
}

/// The id of a seed ("000".."004") in the shared index: ids depend on where the files are.
fn seed_id(seed: &str) -> String {
    let out = run(&["search", "--json", "--limit", "100", ""]);
    let results: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    results["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .find(|hit| {
            let path = hit["path"].as_str().expect("path");
            let name = Path::new(path).file_name().unwrap().to_string_lossy();
            name.starts_with(seed)
        })
        .and_then(|hit| hit["id"].as_str())
        .expect("the seed is indexed")
        .to_string()
}

/// The seed number of a path in JSON output.
fn seed_of(path: &str) -> String {
    let name = Path::new(path).file_name().unwrap().to_string_lossy();
    name[..3].to_string()
}
