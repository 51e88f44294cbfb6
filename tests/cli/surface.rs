//! What a user can type or a file can hold never crashes a command or misleads it: hostile
//! queries are read as words, dates beyond what the index holds are answered right, a page
//! past the end costs nothing, a closed pipe ends quietly, and nothing from a file reaches the
//! terminal raw.

use std::io::Read;
use std::path::Path;
use std::process::Stdio;

use super::*;

/// Exit 0 or 1, never an error, a panic or a signal, for `args` on the seeds.
fn answers(args: &[&str]) -> Output {
    let out = run(args);
    let shown: String = args.join(" ").chars().take(80).collect();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{shown}: {:?} {}",
        out.status,
        stderr(&out)
    );
    assert!(!stderr(&out).contains("panicked"), "{shown}");
    out
}

/// The total of a JSON search.
fn total_of(out: &Output) -> u64 {
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    v["total"].as_u64().expect("total")
}

#[test]
fn deep_nesting_and_long_queries_are_read_as_words() {
    let deep = "(".repeat(10_000);
    let quotes = "\"".repeat(10_000);
    let nested = format!("{}a", "((".repeat(2_500));
    let long = "energy security cooperation ".repeat(4_000);
    for query in [&deep, &quotes, &nested, &long] {
        for command in ["search", "facets", "timeline"] {
            let args: Vec<&str> = match command {
                "facets" => vec!["facets", "country", "--", query],
                "timeline" => vec!["timeline", "--", query],
                _ => vec!["search", "--", query],
            };
            answers(&args);
        }
    }
    let out = answers(&["search", "--", &long]);
    assert!(
        stderr(&out).contains("searched the first 256"),
        "{}",
        stderr(&out)
    );
    assert!(total_of(&answers(&["search", "--json", "--", &long])) > 0);
}

#[test]
fn a_bound_holds_at_its_limit_and_a_little_past_it() {
    let at = format!("{}energy{}", "(".repeat(32), ")".repeat(32));
    let out = answers(&["search", "--json", "--", &at]);
    assert!(!stderr(&out).contains("nest deeper"), "{}", stderr(&out));
    let past = format!("{}energy{}", "(".repeat(33), ")".repeat(33));
    let out = answers(&["search", "--json", "--", &past]);
    assert!(
        stderr(&out).contains("nest deeper than 32"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        total_of(&out),
        total_of(&answers(&["search", "--json", "energy"])),
        "read as its words"
    );
}

#[test]
fn internal_fields_and_wildcards_are_searched_as_words_in_our_own_words() {
    for query in [
        "title:*",
        "body:*",
        "id:abc",
        "content_hash:x",
        "path:foo",
        "entity:x",
        "date:[2020 TO 2021]",
        "fingerprint:1",
        "*",
        "title:energy*",
    ] {
        for args in [
            vec!["search", "--", query],
            vec!["facets", "org", "--", query],
            vec!["timeline", "--", query],
        ] {
            let out = answers(&args);
            let err = stderr(&out);
            for tantivy_words in [
                "Syntax",
                "FieldDoesNotExist",
                "AllButQueryForbidden",
                "Error",
            ] {
                assert!(!err.contains(tantivy_words), "{query}: {err}");
            }
        }
    }
    let out = answers(&["search", "id:abc"]);
    assert!(
        stderr(&out).contains("'id:abc' is not a field search"),
        "{}",
        stderr(&out)
    );
}

/// A folder with readouts of these dates indexed.
fn dated(dates: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    let lines: Vec<String> = dates
        .iter()
        .enumerate()
        .map(|(i, date)| {
            serde_json::json!({"id": format!("r{i}"), "date": date,
                "body": format!("The ministers met on day {i} and discussed trade.")})
            .to_string()
        })
        .collect();
    std::fs::write(docs.join("dated.jsonl"), lines.join("\n")).unwrap();
    readouts(dir.path())
        .args(["index", "--threads", "1", "docs"])
        .output()
        .unwrap();
    dir
}

fn dated_total(dir: &Path, args: &[&str]) -> Output {
    let out = readouts(dir)
        .args(["search", "--json", "trade"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{args:?}: {}",
        stderr(&out)
    );
    out
}

#[test]
fn date_filters_beyond_the_index_range_are_answered_right() {
    let dir = dated(&["1990-01-01", "2025-05-12", "2261-12-31"]);
    let all = total_of(&dated_total(dir.path(), &[]));
    assert_eq!(all, 3);
    assert_eq!(
        total_of(&dated_total(dir.path(), &["--to", "9999-12-31"])),
        3
    );
    assert_eq!(
        total_of(&dated_total(dir.path(), &["--from", "0001-01-01"])),
        3
    );
    let none = dated_total(dir.path(), &["--from", "2262-04-12"]);
    assert_eq!(none.status.code(), Some(1));
    assert_eq!(total_of(&none), 0);
    assert_eq!(
        total_of(&dated_total(
            dir.path(),
            &["--from", "2261-12-31", "--to", "9999-12-31"]
        )),
        1
    );
}

#[test]
fn a_date_the_index_cannot_hold_is_never_stored_wrong() {
    let dir = dated(&["1500-01-01", "3000-01-01", "2025-05-12"]);
    // However the run reports those two dates, none of them may land on another day.
    let late = dated_total(dir.path(), &["--from", "2999-01-01"]);
    let early = dated_total(dir.path(), &["--to", "1501-01-01"]);
    let between = dated_total(dir.path(), &["--from", "1678-01-01", "--to", "2261-12-31"]);
    assert_eq!(total_of(&between), 1, "only the readout of 2025");
    assert_eq!(total_of(&late), 0);
    assert_eq!(total_of(&early), 0);
}

#[test]
fn a_huge_page_or_limit_allocates_nothing() {
    for args in [
        &["search", "--offset", "18446744073709551615", "energy"][..],
        &["search", "--limit", "18446744073709551615", "energy"],
        &["search", "--limit", "4000000000", "energy"],
        &["search", "--offset", "4000000000", "--json", ""],
    ] {
        answers(args);
    }
    let out = answers(&["search", "--json", "--limit", "18446744073709551615", ""]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["hits"].as_array().unwrap().len(), 5, "every seed, once");
    answers(&["facets", "country", "--limit", "18446744073709551615"]);
    let id = seed_id("000");
    answers(&["similar", "--limit", "18446744073709551615", &id]);
}

/// An index of `n` readouts, enough output to fill a pipe's buffer many times.
fn many(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    let seeds: Vec<String> = std::fs::read_dir(seeds_dir())
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    for i in 0..n {
        std::fs::write(docs.join(format!("{i:04}.txt")), &seeds[i % seeds.len()]).unwrap();
    }
    let out = readouts(dir.path())
        .args(["index", "--threads", "1", "docs"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    dir
}

#[test]
fn a_closed_pipe_ends_quietly_for_every_output() {
    let dir = many(300);
    for args in [
        vec!["search", "--json", "--limit", "300", "--no-collapse", ""],
        vec!["search", "--limit", "300", "--no-collapse", ""],
        vec!["facets", "--json", "country"],
        vec!["timeline", "--json", "--by", "week", ""],
    ] {
        let mut child = readouts(dir.path())
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut first = [0u8; 50];
        let _ = stdout.read(&mut first);
        drop(stdout);
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{args:?}");
    }
}

#[test]
fn nothing_from_a_file_reaches_the_terminal_raw() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    let record = serde_json::json!({
        "id": "evil\u{1b}]0;pwned\u{7}id",
        "title": "Talks \u{1b}[31min red\u{1b}[0m and \u{202e}reversed",
        "source": "Outlet\u{1b}[2J",
        "body": "The ministers met in Baku and discussed trade \u{1b}]8;;http://x\u{7}here.",
    });
    std::fs::write(docs.join("evil\u{1b}[1m.jsonl"), record.to_string()).unwrap();
    let index = readouts(dir.path())
        .args(["--color", "never", "index", "--threads", "1", "docs"])
        .output()
        .unwrap();
    let id = "evil\u{1b}]0;pwned\u{7}id";
    let runs = [
        index,
        readouts(dir.path())
            .args(["--color", "never", "search", "trade"])
            .output()
            .unwrap(),
        readouts(dir.path())
            .args(["--color", "never", "show", id])
            .output()
            .unwrap(),
        readouts(dir.path())
            .args(["--color", "never", "similar", id])
            .output()
            .unwrap(),
        readouts(dir.path())
            .args(["--color", "never", "show", "no\u{1b}]0;such\u{7}"])
            .output()
            .unwrap(),
        readouts(dir.path())
            .args(["--color", "never", "search", "id:\u{1b}[2J"])
            .output()
            .unwrap(),
    ];
    for out in &runs {
        for bytes in [&out.stdout, &out.stderr] {
            assert!(
                !bytes.iter().any(|&b| b == 0x1b || b == 0x07),
                "{}",
                String::from_utf8_lossy(bytes).escape_debug()
            );
        }
    }
}
