//! Trust: nothing a user owns is ever deleted, and no input crashes or misleads. Each test
//! drives the real binary on input a user could have (folders that are not ours, files that
//! change kind, hostile queries, damaged indexes, closed pipes) and asserts what the user
//! sees: the exit status, a message naming the file or argument, files left intact.

mod damage;
mod dates;
mod input;
mod owned;
mod queries;

use std::collections::BTreeMap;
use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use super::*;

/// What tantivy's own messages say; a user is never shown them as a note on a query.
const TANTIVY_WORDING: &[&str] = &[
    "Syntax Error",
    "SyntaxError",
    "Unsupported query",
    "Field does not exist",
    "FieldDoesNotExist",
    "AllButQueryForbidden",
    "Only excluding terms given",
    "is not declared as indexed",
    "does not have positions indexed",
    "Expected a valid integer",
    "Expected base64",
    "The facet field is malformed",
    "The date field has an invalid format",
];

/// A folder with `docs/` holding these files, and nothing indexed yet.
fn folder(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("docs")).unwrap();
    for (name, content) in files {
        let path = dir.path().join("docs").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    dir
}

/// The JSON document of a search in `dir` (status 0 or 1 asserted).
fn search_json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let out = readouts(dir)
        .args(["search", "--json", "--limit", "100000"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "search {args:?}: {}",
        describe(&out)
    );
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

/// The hits of a JSON search in `dir`.
fn hits(dir: &Path, query: &str) -> Vec<serde_json::Value> {
    search_json(dir, &["--", query])["hits"]
        .as_array()
        .expect("hits")
        .clone()
}

/// How a run ended and what it said, for an assertion message.
fn describe(out: &Output) -> String {
    let text = stderr(out);
    let shown: String = text.chars().take(600).collect();
    match (out.status.code(), out.status.signal()) {
        (Some(code), _) => format!("exit {code}: {shown:?}"),
        (None, Some(signal)) => format!("killed by signal {signal}: {shown:?}"),
        (None, None) => format!("ended without a status: {shown:?}"),
    }
}

/// What a crash looks like to a user: a panic (101), a signal, a backtrace note.
fn crashed(out: &Output) -> bool {
    let err = stderr(out);
    out.status.code().is_none_or(|code| code == 101)
        || err.contains("panicked")
        || err.contains("RUST_BACKTRACE")
}

/// The run ended with one of `codes`, and did not crash.
fn assert_exit(out: &Output, codes: &[i32], what: &str) {
    assert!(!crashed(out), "{what} crashed: {}", describe(out));
    assert!(
        out.status.code().is_some_and(|c| codes.contains(&c)),
        "{what}: expected exit {codes:?}, got {}",
        describe(out)
    );
}

/// The query shown in a message: its start, and its length.
fn shown_query(query: &str) -> String {
    let start: String = query.chars().take(40).collect();
    format!("{start:?} ({} chars)", query.chars().count())
}

/// Runs `command`, killing it when it takes longer than `limit`.
fn output_within(command: &mut Command, limit: Duration) -> Output {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("still running after {limit:?}: {command:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

/// A word no readout has but the one that holds it: `qz`, the number, `q`.
fn unique(i: usize) -> String {
    format!("qz{i:05}q")
}

/// The texts of the seeds, in order.
fn seed_texts() -> Vec<String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(seeds_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

/// `n` readouts as JSON Lines, made of the seeds' text: each about `bytes` long, with an id
/// `gen-N`, its own word (`unique(N)`), outlet and date (spread over 1990–2025).
fn generated_lines(n: usize, bytes: usize) -> String {
    let seeds = seed_texts();
    let mut lines = String::with_capacity(n * (bytes + 200));
    for i in 0..n {
        let seed = &seeds[i % seeds.len()];
        let mut body = String::with_capacity(bytes + 32);
        while body.len() < bytes {
            body.push_str(seed);
            body.push('\n');
        }
        let mut cut = bytes;
        while !body.is_char_boundary(cut) {
            cut -= 1;
        }
        body.truncate(cut);
        body.push_str(&format!("\nThe word of this one is {}.\n", unique(i)));
        let record = serde_json::json!({
            "id": format!("gen-{i}"),
            "title": format!("Generated readout {i}"),
            "date": format!("{}-{:02}-{:02}", 1990 + i % 36, 1 + (i / 36) % 12, 1 + i % 28),
            "source": format!("Outlet {i}"),
            "body": body,
        });
        lines.push_str(&record.to_string());
        lines.push('\n');
    }
    lines
}

/// A folder with an index of 400 generated readouts, built once: output of every view is
/// larger than a pipe holds.
fn generated() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = folder(&[("generated.jsonl", generated_lines(400, 1500).as_bytes())]);
        let out = index_docs(dir.path(), &[]);
        assert_eq!(out.status.code(), Some(0), "{}", describe(&out));
        dir
    })
    .path()
}

/// Every file under `dir` with its bytes, by path relative to `dir`.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                files.insert(path.strip_prefix(dir).unwrap().to_path_buf(), bytes);
            }
        }
    }
    files
}

/// The files of `before` that are gone from `dir` or hold other bytes now.
fn changed_files(dir: &Path, before: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<String> {
    before
        .iter()
        .filter_map(|(name, bytes)| match std::fs::read(dir.join(name)) {
            Ok(now) if &now == bytes => None,
            Ok(_) => Some(format!("{} changed", name.display())),
            Err(_) => Some(format!("{} deleted", name.display())),
        })
        .collect()
}

/// A copy of the folder `from` (files only, as an index holds them) at `to`.
fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// A copy of the shared seeds index in `dir/name`.
fn seeded_copy(dir: &Path, name: &str) -> PathBuf {
    let copy = dir.join(name);
    copy_folder(&seeded().join("index"), &copy);
    copy
}

/// The names of the files of an index that hold its data: not meta.json, not lock files.
fn segment_files(index: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(index)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('.') && name != "meta.json")
        .collect();
    names.sort();
    names
}

/// Inverts 16 bytes in the middle of a file (all of a shorter one).
fn flip_middle(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    let start = bytes.len().saturating_sub(16) / 2;
    let end = (start + 16).min(bytes.len());
    for byte in &mut bytes[start..end] {
        *byte ^= 0xff;
    }
    std::fs::write(path, bytes).unwrap();
}
