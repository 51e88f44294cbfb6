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

#[test]
fn a_csv_field_with_an_unclosed_quote_fails_naming_its_line() {
    let csv = "id,body\nc1,Bahrain met Azerbaijan.\nc2,\"Malaysia met Azerbaijan.\nc3,Kazakhstan met Azerbaijan.\n";
    let dir = folder(&[("docs/table.csv", csv.as_bytes())]);
    let out = index(dir.path(), &["docs"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains(
            "readouts: docs/table.csv:3: unclosed quote: the field that opens here runs to the end of the file, so nothing from here on was read\n"
        ),
        "{err}"
    );
    assert!(
        err.contains("1 indexed · 0 unchanged · 0 removed · 1 failed"),
        "{err}"
    );
    assert_eq!(total(dir.path(), "Bahrain"), 1);
    assert_eq!(total(dir.path(), "Kazakhstan"), 0, "not swallowed into c2");
}

/// `n` readouts of about 5 KB each, one a line.
fn feed(n: usize) -> String {
    let body = "The ministers of Bahrain and Azerbaijan discussed trade. ".repeat(90);
    (0..n)
        .map(|i| serde_json::json!({"id": format!("r{i}"), "text": format!("{body} marker{i}")}))
        .map(|record| format!("{record}\n"))
        .collect()
}

#[test]
fn max_file_mb_limits_each_record_of_a_jsonl_not_the_file() {
    let mut lines = feed(300);
    assert!(lines.len() > 1 << 20, "the file is over the limit");
    lines.push_str(&format!(
        "{}\n",
        serde_json::json!({"id": "huge", "text": "Bahrain ".repeat(150_000)})
    ));
    let dir = folder(&[("docs/feed.jsonl", lines.as_bytes())]);
    let out = index(dir.path(), &["--max-file-mb", "1", "docs"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("readouts: skipped docs/feed.jsonl:301: 2 MiB is over the limit of 1 MiB\n"),
        "{err}"
    );
    assert!(err.starts_with("readouts: skipped"), "{err}");
    assert!(err.contains("\n300 indexed · 0 unchanged"), "{err}");
    assert!(
        err.ends_with("\nhint: raise --max-file-mb to index what is over the limit\n"),
        "{err}"
    );
}

#[test]
fn a_single_readout_over_the_limit_is_named_with_a_hint() {
    let big = "Bahrain ".repeat(200_000);
    let dir = folder(&[
        ("docs/big.txt", big.as_bytes()),
        ("docs/big.md", big.as_bytes()),
        ("docs/small.txt", BAHRAIN),
    ]);
    let out = index(dir.path(), &["--max-file-mb", "1", "docs"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    for name in ["big.md", "big.txt"] {
        assert!(
            err.contains(&format!(
                "readouts: skipped docs/{name}: 2 MiB is over the limit of 1 MiB\n"
            )),
            "{err}"
        );
    }
    assert!(
        err.ends_with("\nhint: raise --max-file-mb to index what is over the limit\n"),
        "{err}"
    );
}

#[test]
fn a_folder_walk_counts_the_files_it_skips_by_kind_and_verbose_names_them() {
    let dir = folder(&[
        ("docs/a.txt", BAHRAIN),
        ("docs/page.rtf", b"{\\rtf1 Bahrain}"),
        ("docs/sub/other.RTF", b"{\\rtf1 Bahrain}"),
        ("docs/paper.odt", b"PK\x03\x04 odt"),
        ("docs/README", b"notes"),
        ("docs/.hidden.rtf", b"hidden"),
        ("docs/drafts/draft.docx", b"draft"),
        ("docs/.readoutsignore", b"drafts/\n"),
    ]);
    let out = index(dir.path(), &["docs"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.starts_with(
            "skipped 4 files: .rtf ×2, .odt ×1, no extension ×1 (supported: .txt .md .markdown .json .jsonl .ndjson .csv .html .htm .xhtml .xml .rss .atom .pdf)\n1 indexed · "
        ),
        "{err}"
    );
    let verbose = index(dir.path(), &["-v", "docs"]);
    let err = stderr(&verbose);
    for name in ["README", "page.rtf", "paper.odt", "sub/other.RTF"] {
        assert!(
            err.contains(&format!(
                "readouts: skipped docs/{name}: not a supported format\n"
            )),
            "{err}"
        );
    }
    assert!(!err.contains("hidden") && !err.contains("draft"), "{err}");
}

#[test]
fn a_folder_of_only_unsupported_files_says_nothing_was_indexed() {
    let dir = folder(&[("docs/a.rtf", b"Bahrain"), ("docs/b.odt", b"x")]);
    let out = index(dir.path(), &["docs"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.starts_with(
            "skipped 2 files: .odt ×1, .rtf ×1 (supported: .txt .md .markdown .json .jsonl .ndjson .csv .html .htm .xhtml .xml .rss .atom .pdf)\nnothing was indexed: none of the files found is in a supported format\n0 indexed · "
        ),
        "{err}"
    );
}

#[test]
fn a_bad_date_keeps_the_readout_undated_with_a_warning_in_markdown_and_json_lines() {
    let md = "---\ntitle: Talks\ndate: soon\n---\nBahrain and Azerbaijan met.\n";
    let jsonl = format!(
        "{}\n{}\n",
        serde_json::json!({"text": "Malaysia and Azerbaijan met.", "date": "2025-01-02"}),
        serde_json::json!({"text": "Kazakhstan and Azerbaijan met.", "date": "someday"})
    );
    let dir = folder(&[
        ("docs/a.md", md.as_bytes()),
        ("docs/b.jsonl", jsonl.as_bytes()),
    ]);
    let out = index(dir.path(), &["docs"]);
    assert_eq!(out.status.code(), Some(0), "a warning: {}", stderr(&out));
    let err = stderr(&out);
    for (at, value) in [("a.md:3", "soon"), ("b.jsonl:2", "someday")] {
        assert!(
            err.contains(&format!(
                "readouts: warning: docs/{at}: unrecognized date '{value}'; the readout is kept without a date\n"
            )),
            "{err}"
        );
    }
    assert!(
        err.contains("3 indexed · 0 unchanged · 0 removed · 0 failed · 2 notes"),
        "{err}"
    );
    assert_eq!(total(dir.path(), "Azerbaijan"), 3);
}
