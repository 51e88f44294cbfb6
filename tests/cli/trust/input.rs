//! Input never misleads: a file that stops being a readout takes its readout with it, a bad
//! record keeps failing until fixed, ids are what files give, a broken CSV quote swallows
//! nothing, large files are read record by record, skipped files are counted, and no byte of
//! a file, id or title can drive the user's terminal.

use super::*;

const BODY: &str = "Foreign Minister Jeyhun Bayramov met his Malaysian counterpart in Baku. \
They discussed cooperation within the OIC.";

/// A user relies on a file that becomes empty, binary, too large or unparsable no longer
/// answering with what it said before: its old readout is gone after the next run.
#[test]
fn a_file_that_turns_empty_binary_oversized_or_unparsable_no_longer_answers() {
    let json = serde_json::json!({"id": "j", "body": format!("{BODY} qzjsonq")}).to_string();
    let dir = folder(&[
        ("empty.txt", format!("{BODY} qzemptyq").as_bytes()),
        ("binary.txt", format!("{BODY} qzbinaryq").as_bytes()),
        ("big.txt", format!("{BODY} qzbigq").as_bytes()),
        ("record.json", json.as_bytes()),
    ]);
    let first = index_docs(dir.path(), &["--max-file-mb", "1"]);
    assert_exit(&first, &[0], "the first run");
    for word in ["qzemptyq", "qzbinaryq", "qzbigq", "qzjsonq"] {
        assert_eq!(hits(dir.path(), word).len(), 1, "{word} is indexed");
    }

    let docs = dir.path().join("docs");
    std::fs::write(docs.join("empty.txt"), "  \n").unwrap();
    std::fs::write(
        docs.join("binary.txt"),
        b"\x00\x01\x02PK\x03\x04\x00\x00binary",
    )
    .unwrap();
    std::fs::write(
        docs.join("big.txt"),
        &"filler words ".repeat(170_000).as_bytes()[..2 << 20],
    )
    .unwrap();
    std::fs::write(
        docs.join("record.json"),
        "{\"id\": \"j\", \"body\": \"unterminated",
    )
    .unwrap();
    let second = index_docs(dir.path(), &["--max-file-mb", "1"]);
    assert!(!crashed(&second), "{}", describe(&second));

    let mut still = Vec::new();
    for (kind, word) in [
        ("empty", "qzemptyq"),
        ("binary", "qzbinaryq"),
        ("oversized", "qzbigq"),
        ("unparsable", "qzjsonq"),
    ] {
        let out = readouts(dir.path())
            .args(["search", word])
            .output()
            .unwrap();
        assert!(!crashed(&out), "{}", describe(&out));
        if out.status.code() != Some(1) {
            still.push(format!("{kind} (exit {:?})", out.status.code()));
        }
    }
    assert_eq!(
        still,
        Vec::<String>::new(),
        "files whose old readout still answers; the second run said: {}",
        describe(&second)
    );
}

/// A user relies on a bad JSON line failing every run until it is fixed, naming the file and
/// line each time, not turning green as "unchanged" on the next run.
#[test]
fn a_bad_json_line_fails_every_run_until_it_is_fixed() {
    let lines = format!(
        "{}\n{{\"id\": \"b\", \"text\": broken}}\n{}\n",
        serde_json::json!({"id": "a", "text": "Bahrain and Azerbaijan met."}),
        serde_json::json!({"id": "c", "text": "Malaysia and Azerbaijan met."})
    );
    let dir = folder(&[("feed.jsonl", lines.as_bytes())]);
    for run in ["first", "second"] {
        let out = index_docs(dir.path(), &[]);
        assert_exit(&out, &[2], &format!("the {run} run over a bad line"));
        assert!(
            stderr(&out).contains("docs/feed.jsonl:2"),
            "the {run} run names the file and line: {}",
            describe(&out)
        );
    }
}

/// A user relies on being told when two files give the same id (one would hide the other),
/// with both files named.
#[test]
fn two_files_giving_the_same_id_are_both_named_in_a_warning() {
    let a = serde_json::json!({"id": "Same-ID", "body": format!("{BODY} qzfirstq")});
    let b = serde_json::json!({"id": "Same-ID", "body": format!("{BODY} qzsecondq")});
    let dir = folder(&[
        ("a.jsonl", format!("{a}\n").as_bytes()),
        ("b.json", b.to_string().as_bytes()),
    ]);
    let out = index_docs(dir.path(), &[]);
    assert!(!crashed(&out), "{}", describe(&out));
    let err = stderr(&out);
    assert!(err.contains("Same-ID"), "names the id: {err}");
    assert!(
        err.contains("docs/a.jsonl") && err.contains("docs/b.json"),
        "names both files: {err}"
    );
}

/// A user relies on `show ID` finding a readout by the id its file gives, exactly as given:
/// with capitals and spaces, and when two files gave it.
#[test]
fn show_finds_a_given_id_exactly_as_written() {
    let lines = [
        serde_json::json!({"id": "Same-ID", "body": format!("{BODY} qzfirstq")}),
        serde_json::json!({"id": "My Readout 7", "body": format!("{BODY} qzseventhq")}),
    ]
    .map(|r| r.to_string())
    .join("\n");
    let other = serde_json::json!({"id": "Same-ID", "body": format!("{BODY} qzsecondq")});
    let dir = folder(&[
        ("a.jsonl", lines.as_bytes()),
        ("b.json", other.to_string().as_bytes()),
    ]);
    assert!(!crashed(&index_docs(dir.path(), &[])));

    let mut missed = Vec::new();
    for (id, words) in [
        ("Same-ID", &["qzfirstq", "qzsecondq"][..]),
        ("My Readout 7", &["qzseventhq"][..]),
    ] {
        let out = readouts(dir.path())
            .args(["show", "--color", "never", id])
            .output()
            .unwrap();
        assert!(!crashed(&out), "{}", describe(&out));
        let shown = stdout(&out);
        if out.status.code() != Some(0) || !words.iter().any(|w| shown.contains(w)) {
            missed.push(format!("show {id:?}: {}", describe(&out)));
        }
    }
    assert_eq!(missed, Vec::<String>::new());
}

/// A user relies on two files whose names are the same text in two Unicode normalizations
/// (NFC `é`, NFD `e` + U+0301) both being indexed, or both named in an error: never one
/// silently lost.
#[test]
fn file_names_in_two_unicode_normalizations_are_both_indexed() {
    let nfc = "caf\u{e9}.txt";
    let nfd = "cafe\u{301}.txt";
    let dir = folder(&[
        (nfc, format!("{BODY} qzcomposedq").as_bytes()),
        (nfd, format!("{BODY} qzdecomposedq").as_bytes()),
    ]);
    let out = index_docs(dir.path(), &[]);
    assert_exit(&out, &[0, 2], "index of two normalizations of one name");
    if out.status.code() == Some(2) {
        let err = stderr(&out);
        assert!(err.contains(nfc) && err.contains(nfd), "names both: {err}");
        return;
    }
    assert_eq!(search_json(dir.path(), &[""])["total"], 2, "two readouts");
    assert_eq!(hits(dir.path(), "qzcomposedq").len(), 1);
    assert_eq!(hits(dir.path(), "qzdecomposedq").len(), 1);
}

/// A user relies on a CSV quote left open being an error naming the file and its line, and
/// the rows after it never swallowed into the field (one readout holding the rest of the
/// file); in the last column and in a middle one.
#[test]
fn a_csv_quote_left_open_is_named_and_swallows_no_rows() {
    let rows = |open: &str| {
        format!(
            "id,title,source,body\n\
             c1,One,News.Az,First body qzrowtwoq.\n\
             {open}\n\
             c3,Three,News.Az,Third body qzrowfourq.\n\
             c4,Four,News.Az,Fourth body qzrowfiveq.\n\
             c5,Five,News.Az,Fifth body qzrowsixq.\n"
        )
    };
    let last = rows("c2,Two,News.Az,\"Second body opens a quote qzrowthreeq");
    let middle = rows("c2,\"Two opens a quote,News.Az,Second body qzrowthreeq");
    let dir = folder(&[
        ("last.csv", last.as_bytes()),
        ("middle.csv", middle.as_bytes()),
    ]);
    let out = index_docs(dir.path(), &[]);
    assert_exit(&out, &[2], "index of CSV files with a quote left open");
    let err = stderr(&out);
    let mut wrong = Vec::new();
    for name in ["last.csv", "middle.csv"] {
        if !err.contains(&format!("docs/{name}:3")) {
            wrong.push(format!("docs/{name}:3 is not named"));
        }
    }
    for (row, word) in [
        ("c3", "qzrowfourq"),
        ("c4", "qzrowfiveq"),
        ("c5", "qzrowsixq"),
    ] {
        for hit in hits(dir.path(), word) {
            if hit["id"] != row {
                wrong.push(format!("{word} (row {row}) found in readout {}", hit["id"]));
            }
        }
    }
    assert_eq!(wrong, Vec::<String>::new(), "{err}");
}

/// A user relies on a large JSON Lines file (30 MB, 6,000 readouts of 5 KB) being indexed
/// with the default `--max-file-mb 16`: the limit is on one record, not on the file.
#[test]
fn a_large_json_lines_file_is_indexed_record_by_record() {
    let lines = generated_lines(6000, 5000);
    assert!(lines.len() > 30_000_000, "{} bytes", lines.len());
    let dir = folder(&[("large.jsonl", lines.as_bytes())]);
    drop(lines);
    let out = index_docs(dir.path(), &[]);
    assert_exit(&out, &[0], "index of a 30 MB .jsonl");
    assert!(
        stderr(&out).starts_with("6000 indexed"),
        "{}",
        describe(&out)
    );
    assert_eq!(hits(dir.path(), &unique(4321)).len(), 1);
}

/// A user relies on a file over the limit being named with a hint that says how to take it
/// (`--max-file-mb`).
#[test]
fn a_file_over_the_limit_is_named_with_a_hint_to_raise_it() {
    let big = "Bahrain and Azerbaijan met. ".repeat(80_000)[..2 << 20].to_string();
    let dir = folder(&[("big.txt", big.as_bytes()), ("small.txt", BODY.as_bytes())]);
    let out = index_docs(dir.path(), &["--max-file-mb", "1"]);
    assert!(!crashed(&out), "{}", describe(&out));
    let err = stderr(&out);
    assert!(err.contains("docs/big.txt"), "{err}");
    assert!(
        err.contains("--max-file-mb"),
        "a hint naming the flag: {err}"
    );
}

/// A user relies on the summary saying how many files were skipped and of which kinds (the
/// `.rtf`, `.odt`, `.docx` readouts they expected to be in), and `-v` naming each.
#[test]
fn files_of_kinds_not_read_are_counted_by_kind_and_named_with_verbose() {
    let dir = folder(&[
        ("a.rtf", b"{\\rtf1 Bahrain and Azerbaijan met.}"),
        ("b.rtf", b"{\\rtf1 Malaysia and Azerbaijan met.}"),
        ("c.odt", b"PK\x03\x04 an odt document"),
        ("d.docx", b"PK\x03\x04 a word document"),
        ("e.txt", BODY.as_bytes()),
        ("f.txt", b"Kazakhstan and Azerbaijan met."),
    ]);
    let out = index_docs(dir.path(), &[]);
    assert_exit(&out, &[0], "index of a folder with files it does not read");
    let err = stderr(&out);
    assert!(
        err.lines()
            .any(|l| l.contains("skipped") && l.contains('4') && l.contains(".rtf")),
        "a count of skipped files by kind: {err}"
    );
    for flag in ["-v", "--verbose"] {
        let out = index_docs(dir.path(), &[flag]);
        assert_exit(&out, &[0], &format!("index {flag}"));
        let err = stderr(&out);
        for name in ["a.rtf", "b.rtf", "c.odt", "d.docx"] {
            assert!(err.contains(name), "{flag} names {name}: {err}");
        }
    }
}

/// A user relies on nothing readouts prints (ids, paths, titles from a file) carrying a raw
/// ESC or BEL byte that would retitle or repaint their terminal.
#[test]
fn escape_bytes_in_ids_paths_and_titles_are_never_printed_raw() {
    let id = "evil\u{1b}]0;pwned\u{7}";
    let records = [
        serde_json::json!({"id": id, "title": "Talks \u{1b}[2J\u{7} in Baku",
            "body": format!("{BODY} Bahrain qzescapeq \u{1b}[31mred\u{1b}[0m.")}),
        serde_json::json!({"id": "plain", "title": "Talks in Manama",
            "body": format!("{BODY} Bahrain and Azerbaijan met again.")}),
    ]
    .map(|r| r.to_string())
    .join("\n");
    let name = "feed\u{1b}[31m\u{7}.jsonl";
    // A bad line, and an empty file, so that `index` names the files.
    let dir = folder(&[
        (name, format!("{records}\nnot json\n").as_bytes()),
        ("empty\u{1b}]0;x\u{7}.txt", b" \n"),
    ]);
    let runs: Vec<(String, Output)> = [
        vec!["index", "--threads", "1", "docs"],
        vec!["search", "qzescapeq"],
        vec!["search", ""],
        vec!["show", id],
        vec!["similar", id],
    ]
    .into_iter()
    .map(|args| {
        let out = readouts(dir.path())
            .args(["--color", "never"])
            .args(&args)
            .output()
            .unwrap();
        (args.join(" ").escape_debug().to_string(), out)
    })
    .collect();
    let mut raw = Vec::new();
    for (args, out) in &runs {
        assert!(!crashed(out), "{args}: {}", describe(out));
        for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            if bytes.iter().any(|&b| b == 0x1b || b == 0x07) {
                raw.push(format!("{args}: {stream}"));
            }
        }
    }
    assert_eq!(raw, Vec::<String>::new(), "raw ESC or BEL printed");
}
