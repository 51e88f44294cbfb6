//! Trust: nothing a user owns is deleted, no input crashes the binary or misleads it. A
//! rebuild touches only the index's own files; a damaged index is said to be, with what to do;
//! a file that no longer holds readouts takes its old ones out; what failed keeps failing; ids
//! are never silently shared; a failed run leaves no files behind.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use super::*;

/// `readouts ARGS` in `dir`.
fn run_in(dir: &Path, args: &[&str]) -> Output {
    readouts(dir).args(args).output().unwrap()
}

/// The exit status, asserting that the binary did not crash.
fn status(out: &Output) -> i32 {
    let code = out.status.code().expect("exited, not killed by a signal");
    assert_ne!(code, 101, "panicked: {}", stderr(out));
    assert!(!stderr(out).contains("panicked"), "{}", stderr(out));
    code
}

/// A folder `docs/` in `dir` with these files.
fn docs(dir: &Path, files: &[(&str, &[u8])]) {
    for (name, content) in files {
        let path = dir.join("docs").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
}

fn index_seeds(dir: &Path, extra: &[&str]) -> Output {
    readouts(dir)
        .args(["index", "--threads", "1"])
        .args(extra)
        .arg(seeds_dir())
        .output()
        .unwrap()
}

/// How many readouts a search in `dir` finds.
fn found(dir: &Path, query: &str) -> u64 {
    let out = run_in(dir, &["search", "--json", query]);
    assert!(matches!(status(&out), 0 | 1), "{}", stderr(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["total"].as_u64().unwrap()
}

/// Every file under `dir` with its bytes.
fn contents(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut all: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).unwrap_or_default())
        })
        .collect();
    all.sort();
    all
}

fn names(dir: &Path) -> BTreeSet<String> {
    contents(dir).into_iter().map(|(name, _)| name).collect()
}

// Item 3: --rebuild deletes only the index's own files.

#[test]
fn rebuild_refuses_a_folder_of_other_files_and_touches_nothing_in_it() {
    let dir = tempfile::tempdir().unwrap();
    let thesis = dir.path().join("thesis");
    std::fs::create_dir(&thesis).unwrap();
    std::fs::write(thesis.join("thesis.idx"), "chapter one\n").unwrap();
    std::fs::write(thesis.join("data.store"), [0u8, 1, 2, 3]).unwrap();
    std::fs::write(thesis.join("notes.txt"), "remember the milk\n").unwrap();
    let before = contents(&thesis);

    let out = index_seeds(dir.path(), &["--index", "thesis", "--rebuild"]);
    assert_eq!(status(&out), 2, "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        "readouts: thesis holds files that are not this index's: data.store, notes.txt, thesis.idx\n\
         hint: --rebuild starts over only in a folder that holds nothing but the index: choose \
         another folder with --index\n"
    );
    assert_eq!(
        contents(&thesis),
        before,
        "byte for byte, and nothing added"
    );
}

#[test]
fn rebuild_refuses_another_programs_tantivy_index() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    let meta = serde_json::json!({
        "index_settings": {"docstore_compression": "lz4", "docstore_blocksize": 16384},
        "segments": [{"segment_id": "0123456789abcdef0123456789abcdef", "max_doc": 1, "deletes": null}],
        "schema": [{"name": "text", "type": "text", "options": {"indexing": {"record": "position", "fieldnorms": true, "tokenizer": "default"}, "stored": true, "fast": false}}],
        "opstamp": 1,
        "payload": "another program"
    });
    std::fs::write(other.join("meta.json"), meta.to_string()).unwrap();
    std::fs::write(
        other.join("0123456789abcdef0123456789abcdef.idx"),
        "postings",
    )
    .unwrap();
    std::fs::write(other.join("thesis.idx"), "chapter one\n").unwrap();
    let before = contents(&other);

    let out = index_seeds(dir.path(), &["--index", "other", "--rebuild"]);
    assert_eq!(status(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).starts_with(
            "readouts: other holds files that are not this index's: meta.json (of another index), thesis.idx\n"
        ),
        "{}",
        stderr(&out)
    );
    assert_eq!(contents(&other), before);
}

#[test]
fn rebuild_refuses_an_index_folder_that_also_holds_a_users_file() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(status(&index_seeds(dir.path(), &[])), 0);
    std::fs::write(dir.path().join("index/notes.txt"), "mine\n").unwrap();
    let out = index_seeds(dir.path(), &["--rebuild"]);
    assert_eq!(status(&out), 2);
    assert!(
        stderr(&out)
            .starts_with("readouts: index holds files that are not this index's: notes.txt\n"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read(dir.path().join("index/notes.txt")).unwrap(),
        b"mine\n"
    );
    assert_eq!(found(dir.path(), "Bahrain"), 1, "the index is as it was");
}

// Item 11: a damaged index is said to be, never a panic; --rebuild recovers.

/// Damages the seeds index in `dir` one way.
fn damage(dir: &Path, how: &str) {
    let index = dir.join("index");
    let segment_file = |extension: &str| {
        std::fs::read_dir(&index)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == extension))
            .unwrap()
    };
    match how {
        // Every byte but the footer's: tantivy reads garbage, and panics on some of it.
        "flipped" => {
            let path = segment_file("fast");
            let mut bytes = std::fs::read(&path).unwrap();
            let end = bytes.len() - 300;
            bytes[..end].iter_mut().for_each(|b| *b ^= 0xff);
            std::fs::write(&path, bytes).unwrap();
        }
        "truncated" => {
            let meta = index.join("meta.json");
            let bytes = std::fs::read(&meta).unwrap();
            std::fs::write(&meta, &bytes[..100]).unwrap();
        }
        "missing" => std::fs::remove_file(segment_file("term")).unwrap(),
        _ => unreachable!(),
    }
}

#[test]
fn a_damaged_index_is_named_with_a_hint_by_every_command_and_rebuilt() {
    for how in ["flipped", "truncated", "missing"] {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(status(&index_seeds(dir.path(), &[])), 0);
        damage(dir.path(), how);
        let seeds = seeds_dir();
        let seeds = seeds.to_str().unwrap();
        let mut commands: Vec<Vec<&str>> = vec![
            vec!["search", "Bahrain"],
            vec!["search", "--json", "minister"],
            vec!["timeline", "minister"],
            vec!["show", "0"],
            vec!["similar", "0"],
            vec!["index", "--threads", "1", seeds],
        ];
        if how != "flipped" {
            // Facets read the terms, which flipping the fast fields leaves sound.
            commands.push(vec!["facets", "country"]);
        }
        for args in commands {
            let out = run_in(dir.path(), &args);
            assert_eq!(status(&out), 2, "{how} {args:?}: {}", stderr(&out));
            let err = stderr(&out);
            let lines: Vec<&str> = err.lines().collect();
            assert_eq!(lines.len(), 2, "{how} {args:?}: {err}");
            assert!(
                lines[0].starts_with("readouts: the index at index is damaged: "),
                "{how} {args:?}: {err}"
            );
            assert_eq!(
                lines[1], "hint: run 'readouts index --rebuild <DIR>' to rebuild it",
                "{how} {args:?}"
            );
        }
        let rebuilt = index_seeds(dir.path(), &["--rebuild"]);
        assert_eq!(status(&rebuilt), 0, "{how}: {}", stderr(&rebuilt));
        assert_eq!(found(dir.path(), "Bahrain"), 1, "{how}");
    }
}

#[test]
fn the_index_files_are_as_readable_as_their_folder() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("index");
    std::fs::create_dir(&index).unwrap();
    std::fs::set_permissions(&index, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(status(&index_seeds(dir.path(), &[])), 0);
    for entry in std::fs::read_dir(&index).unwrap() {
        let entry = entry.unwrap();
        let mode = entry.metadata().unwrap().permissions().mode();
        assert_eq!(mode & 0o044, 0o044, "{:?} is {mode:o}", entry.file_name());
    }
}

/// A file system mounted for a test, unmounted when dropped; `None` where this user may not
/// mount, and the test is skipped.
struct Mount(PathBuf);

impl Mount {
    fn new(args: &[&str], target: &Path) -> Option<Mount> {
        std::fs::create_dir_all(target).unwrap();
        let mounted = Command::new("mount")
            .args(args)
            .arg(target)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !mounted {
            eprintln!("skipped: cannot mount {}", target.display());
        }
        mounted.then(|| Mount(target.to_path_buf()))
    }

    fn tmpfs(target: &Path, size: &str) -> Option<Mount> {
        Mount::new(
            &["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"],
            target,
        )
    }

    /// `source` again at `target`, read-only.
    fn read_only(source: &Path, target: &Path) -> Option<Mount> {
        let bound = Mount::new(&["--bind", source.to_str().unwrap()], target)?;
        let remounted = Command::new("mount")
            .args(["-o", "remount,bind,ro"])
            .arg(target)
            .status()
            .is_ok_and(|s| s.success());
        remounted.then_some(bound)
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_read_only_index_is_searched_and_an_index_run_on_it_says_why_it_cannot_write() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(status(&index_seeds(dir.path(), &[])), 0);
    let Some(_mount) = Mount::read_only(&dir.path().join("index"), &dir.path().join("ro")) else {
        return;
    };
    let out = run_in(dir.path(), &["--index", "ro", "search", "Bahrain"]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let out = run_in(dir.path(), &["--index", "ro", "facets", "country"]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));

    let out = index_seeds(dir.path(), &["--index", "ro"]);
    assert_eq!(status(&out), 2);
    assert!(
        stderr(&out).starts_with("readouts: cannot write the index at ro: "),
        "{}",
        stderr(&out)
    );
    assert!(
        !stderr(&out).contains("another process"),
        "{}",
        stderr(&out)
    );
}

// Item 14: a failed run removes the segment files it wrote.

#[test]
fn a_run_that_fills_the_disk_leaves_only_the_last_commit() {
    let dir = tempfile::tempdir().unwrap();
    let Some(_mount) = Mount::tmpfs(&dir.path().join("small"), "512k") else {
        return;
    };
    assert_eq!(status(&index_seeds(dir.path(), &["--index", "small"])), 0);
    let committed = names(&dir.path().join("small"));
    let seeds: Vec<String> = std::fs::read_dir(seeds_dir())
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    let big = dir.path().join("big");
    std::fs::create_dir(&big).unwrap();
    for i in 0..1500 {
        let text = format!("{}\ncopy{i} marker\n", seeds[i % seeds.len()]);
        std::fs::write(big.join(format!("{i:05}.txt")), text).unwrap();
    }

    let out = run_in(
        dir.path(),
        &["--index", "small", "index", "--threads", "1", "big"],
    );
    assert_eq!(status(&out), 2, "{}", stderr(&out));
    assert!(stderr(&out).contains("small"), "{}", stderr(&out));
    assert_eq!(
        names(&dir.path().join("small")),
        committed,
        "no segment file of the failed run is left"
    );
    let out = run_in(
        dir.path(),
        &["--index", "small", "search", "--json", "Bahrain"],
    );
    assert_eq!(
        status(&out),
        0,
        "the last commit is searched: {}",
        stderr(&out)
    );
}

// Item 5: a file that holds no readouts now takes its old ones out; failures keep failing.

const BODY: &str = "Foreign Minister Jeyhun Bayramov met his Malaysian counterpart in Baku.";

#[test]
fn a_file_that_holds_no_readouts_now_has_its_old_ones_removed() {
    let dir = tempfile::tempdir().unwrap();
    let line = |word: &str| serde_json::json!({"text": format!("{word} {BODY}")}).to_string();
    docs(
        dir.path(),
        &[
            ("empty.txt", format!("Emptied {BODY}").as_bytes()),
            ("binary.txt", format!("Binaried {BODY}").as_bytes()),
            ("big.txt", format!("Enlarged {BODY}").as_bytes()),
            ("broken.json", line("Broken").as_bytes()),
            (
                "lines.jsonl",
                format!("{}\n{}\n", line("Lined"), line("Lined")).as_bytes(),
            ),
            ("kept.txt", format!("Kept {BODY}").as_bytes()),
        ],
    );
    assert_eq!(status(&index_docs(dir.path(), &["--max-file-mb", "1"])), 0);
    for (word, readouts) in [
        ("Emptied", 1),
        ("Binaried", 1),
        ("Enlarged", 1),
        ("Broken", 1),
        ("Lined", 2),
    ] {
        assert_eq!(found(dir.path(), word), readouts, "{word}");
    }
    let big = format!("Enlarged {}", "word ".repeat(300_000));
    docs(
        dir.path(),
        &[
            ("empty.txt", b" \n"),
            ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
            ("big.txt", big.as_bytes()),
            ("broken.json", b"{\"text\": \"Broken"),
            ("lines.jsonl", b"not json\nnor this\n"),
        ],
    );
    let out = index_docs(dir.path(), &["--max-file-mb", "1"]);
    let err = stderr(&out);
    assert_eq!(status(&out), 2, "the unparsable files fail: {err}");
    for (file, readouts) in [
        ("empty.txt", "1 readout"),
        ("binary.txt", "1 readout"),
        ("big.txt", "1 readout"),
        ("broken.json", "1 readout"),
        ("lines.jsonl", "2 readouts"),
    ] {
        let note = format!(
            "readouts: removed {readouts} of docs/{file} from the index: it holds none now"
        );
        assert!(err.contains(&note), "{note}\n{err}");
    }
    assert!(
        err.contains("0 indexed · 1 unchanged · 6 removed · 3 failed · 8 notes"),
        "{err}"
    );
    for word in ["Emptied", "Binaried", "Enlarged", "Broken", "Lined"] {
        assert_eq!(
            found(dir.path(), word),
            0,
            "{word} is no longer in its file"
        );
    }
    assert_eq!(found(dir.path(), "Kept"), 1);
}

#[test]
fn a_file_whose_records_failed_keeps_failing_until_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    let good = serde_json::json!({"text": format!("Bahrain {BODY}")}).to_string();
    docs(
        dir.path(),
        &[(
            "feed.jsonl",
            format!("{good}\nnot json\n{good}\n").as_bytes(),
        )],
    );
    for run in ["first", "second", "third"] {
        let out = index_docs(dir.path(), &[]);
        let err = stderr(&out);
        assert_eq!(status(&out), 2, "{run}: {err}");
        assert!(err.contains("docs/feed.jsonl:2: "), "{run}: {err}");
        let summary = if run == "first" {
            "2 indexed · 0 unchanged · 0 removed · 1 failed"
        } else {
            "0 indexed · 2 unchanged · 0 removed · 1 failed"
        };
        assert!(err.contains(summary), "{run}: {err}");
    }
    assert_eq!(found(dir.path(), "Bahrain"), 2);
    docs(
        dir.path(),
        &[("feed.jsonl", format!("{good}\n{good}\n").as_bytes())],
    );
    let out = index_docs(dir.path(), &[]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let out = index_docs(dir.path(), &[]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).starts_with("0 indexed · 2 unchanged"));
}

// Item 6: ids are never silently shared, and are taken as given.

#[test]
fn show_and_similar_take_an_id_exactly_as_given() {
    let dir = tempfile::tempdir().unwrap();
    let one = serde_json::json!({"id": "My Readout 7", "text": format!("Bahrain {BODY}")});
    let two = serde_json::json!({"id": "My Readout 70", "text": format!("Kazakhstan {BODY}")});
    docs(
        dir.path(),
        &[
            ("one.json", one.to_string().as_bytes()),
            ("two.json", two.to_string().as_bytes()),
            ("three.txt", format!("Pakistan {BODY}").as_bytes()),
        ],
    );
    assert_eq!(status(&index_docs(dir.path(), &[])), 0);
    let out = run_in(dir.path(), &["show", "--json", "My Readout 7"]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let shown: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown["id"], "My Readout 7", "a whole id is that readout's");
    let out = run_in(dir.path(), &["similar", "My Readout 70"]);
    assert!(matches!(status(&out), 0 | 1), "{}", stderr(&out));
    let out = run_in(dir.path(), &["show", "my readout 7"]);
    assert_eq!(status(&out), 2, "ids are not case-folded");

    let out = run_in(dir.path(), &["search", "--json", "Pakistan"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let id = v["hits"][0]["id"].as_str().unwrap().to_string();
    let out = run_in(dir.path(), &["show", "--json", &id[..8].to_uppercase()]);
    assert_eq!(
        status(&out),
        0,
        "a hex prefix in capitals: {}",
        stderr(&out)
    );
}

#[test]
fn an_id_given_twice_is_a_warning_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let with_id = |id: &str, word: &str| {
        serde_json::json!({"id": id, "text": format!("{word} {BODY}")}).to_string()
    };
    docs(
        dir.path(),
        &[
            ("a.json", with_id("same", "Bahrain").as_bytes()),
            ("b.json", with_id("same", "Kazakhstan").as_bytes()),
            (
                "feed.jsonl",
                format!(
                    "{}\n{}\n",
                    with_id("twice", "Pakistan"),
                    with_id("twice", "Oman")
                )
                .as_bytes(),
            ),
        ],
    );
    let out = index_docs(dir.path(), &[]);
    let err = stderr(&out);
    assert_eq!(status(&out), 0, "a warning: {err}");
    assert!(
        err.contains(
            "readouts: warning: readouts share the id 'same': docs/a.json and docs/b.json\n"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "readouts: warning: readouts share the id 'twice': docs/feed.jsonl (line 1) and docs/feed.jsonl (line 2)\n"
        ),
        "{err}"
    );

    // Against readouts indexed in an earlier run.
    docs(
        dir.path(),
        &[("c.json", with_id("same", "Oman").as_bytes())],
    );
    let out = index_docs(dir.path(), &[]);
    let err = stderr(&out);
    assert_eq!(status(&out), 0, "{err}");
    let warning = err
        .lines()
        .find(|l| l.starts_with("readouts: warning: readouts share the id 'same': "))
        .unwrap_or_else(|| panic!("{err}"));
    for file in ["a.json", "b.json", "docs/c.json"] {
        assert!(warning.contains(file), "{file}: {warning}");
    }
}

#[test]
fn two_file_names_that_read_the_same_are_both_named_in_an_error() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    docs(
        dir.path(),
        &[("plain.txt", format!("Pakistan {BODY}").as_bytes())],
    );
    let folder = dir.path().join("docs");
    for (byte, word) in [(0xe9u8, "Bahrain"), (0xe8, "Kazakhstan")] {
        let name = [b"caf".as_slice(), &[byte], b".txt"].concat();
        std::fs::write(
            folder.join(OsStr::from_bytes(&name)),
            format!("{word} {BODY}"),
        )
        .unwrap();
    }
    let out = index_docs(dir.path(), &[]);
    let err = stderr(&out);
    assert_eq!(status(&out), 2, "{err}");
    assert!(err.contains("docs/caf\\xE8.txt and "), "{err}");
    assert!(
        err.contains("docs/caf\\xE9.txt have the same name once"),
        "{err}"
    );
    assert!(err.contains("1 indexed"), "{err}");
}
