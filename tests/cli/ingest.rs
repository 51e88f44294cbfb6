//! `readouts index` on every format and on bad input: good documents are always indexed and
//! committed; what was skipped or failed is named.

use std::path::Path;

use super::*;

/// A folder `docs/` with these files, and nothing indexed yet.
fn folder(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, content) in files {
        let path = dir.path().join("docs").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    dir
}

fn index(dir: &Path, extra: &[&str]) -> Output {
    readouts(dir)
        .args(["index", "--threads", "1", "docs"])
        .args(extra)
        .output()
        .unwrap()
}

/// The JSON hits of a search in `dir`.
fn hits(dir: &Path, query: &str) -> Vec<serde_json::Value> {
    let out = readouts(dir)
        .args(["search", "--json", "--limit", "100", query])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["hits"].as_array().unwrap().clone()
}

const BODY: &str = "Foreign Minister Jeyhun Bayramov met his Malaysian counterpart in Baku. They discussed cooperation within the OIC.";

#[test]
fn markdown_front_matter_gives_title_date_source_and_url() {
    let md = format!(
        "---\ntitle: Talks in Baku\ndate: 2025-03-04\nsource: AZERTAC\nurl: https://example.test/a\n---\n{BODY}\n"
    );
    let dir = folder(&[("a.md", md.as_bytes())]);
    assert_eq!(index(dir.path(), &[]).status.code(), Some(0));
    let hit = &hits(dir.path(), "Bayramov")[0];
    assert_eq!(hit["title"], "Talks in Baku");
    assert_eq!(hit["date"], "2025-03-04");
    assert_eq!(hit["source"], "AZERTAC");
    assert!(
        hit["countries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["code"] == "MYS")
    );
}

#[test]
fn json_objects_and_arrays_with_given_fields_winning() {
    let one = serde_json::json!({"id": "one", "title": "Given title", "date": "2024-01-02", "body": BODY, "lang": "en"});
    let many = serde_json::json!([
        {"id": "two", "text": "Kazakhstan and Azerbaijan signed a plan."},
        {"id": "three", "text": "Pakistan hosted the talks.", "source": "APP"}
    ]);
    let dir = folder(&[
        ("one.json", one.to_string().as_bytes()),
        ("many.json", many.to_string().as_bytes()),
    ]);
    let out = index(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).starts_with("3 indexed"), "{}", stderr(&out));
    let hit = &hits(dir.path(), "Bayramov")[0];
    assert_eq!(
        (hit["id"].as_str(), hit["title"].as_str()),
        (Some("one"), Some("Given title"))
    );
    assert_eq!(hit["date"], "2024-01-02");
    assert_eq!(hits(dir.path(), "Pakistan")[0]["source"], "APP");
    let shown = readouts(dir.path())
        .args(["search", "Kazakhstan", "--json"])
        .output()
        .unwrap();
    assert_eq!(shown.status.code(), Some(0));
}

#[test]
fn json_lines_with_a_bad_line_index_the_rest_and_name_the_line() {
    let lines = format!(
        "{}\nnot json at all\n{}\n",
        serde_json::json!({"id": "a", "text": "Bahrain and Azerbaijan met."}),
        serde_json::json!({"id": "b", "text": "Malaysia and Azerbaijan met."})
    );
    let dir = folder(&[("feed.jsonl", lines.as_bytes())]);
    let out = index(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(2), "a lost record fails the run");
    let err = stderr(&out);
    assert!(err.contains("docs/feed.jsonl:2: "), "{err}");
    assert!(
        err.contains("2 indexed · 0 unchanged · 0 removed · 1 failed"),
        "{err}"
    );
    assert_eq!(hits(dir.path(), "Azerbaijan").len(), 2);
}

#[test]
fn ndjson_is_json_lines_too() {
    let line = serde_json::json!({"text": "Bahrain and Azerbaijan met."}).to_string();
    let dir = folder(&[("feed.ndjson", line.as_bytes())]);
    assert_eq!(index(dir.path(), &[]).status.code(), Some(0));
    assert_eq!(hits(dir.path(), "Bahrain").len(), 1);
}

#[test]
fn csv_with_a_header_naming_the_fields() {
    let csv = "id,title,date,body,source,url\nc1,Talks,2025-02-03,\"Bahrain, Azerbaijan and the OIC.\",News.Az,https://x.test\nc2,More talks,,Malaysia met Kazakhstan.,,\n";
    let dir = folder(&[("table.csv", csv.as_bytes())]);
    let out = index(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let hit = &hits(dir.path(), "Bahrain")[0];
    assert_eq!(hit["id"], "c1");
    assert_eq!(hit["date"], "2025-02-03");
    assert_eq!(hit["source"], "News.Az");
    assert_eq!(hits(dir.path(), "Kazakhstan")[0]["title"], "More talks");
}

#[test]
fn text_that_is_not_utf8_is_decoded_with_a_warning() {
    let mut latin1 =
        b"Talks in Baku\nThe minister of C\xf4te d'Ivoire met Bahrain's envoy.".to_vec();
    latin1.push(b'\n');
    let dir = folder(&[("latin1.txt", &latin1)]);
    let out = index(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("docs/latin1.txt is not valid UTF-8"),
        "{}",
        stderr(&out)
    );
    assert_eq!(hits(dir.path(), "Bahrain").len(), 1);
}

#[test]
fn binary_empty_and_oversized_files_are_skipped_and_named() {
    let big = "word ".repeat(300_000);
    let dir = folder(&[
        ("good.txt", BODY.as_bytes()),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("empty.txt", b"  \n"),
        ("big.txt", big.as_bytes()),
    ]);
    let out = index(dir.path(), &["--max-file-mb", "1"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "skipping is not failing: {}",
        stderr(&out)
    );
    let err = stderr(&out);
    assert!(
        err.contains("skipped docs/image.txt: the file is binary, not text"),
        "{err}"
    );
    assert!(
        err.contains("skipped docs/empty.txt: the file is empty"),
        "{err}"
    );
    assert!(
        err.contains("skipped docs/big.txt: 2 MiB is over the limit of 1 MiB"),
        "{err}"
    );
    assert!(err.contains("1 indexed"), "{err}");
}

#[test]
fn an_unreadable_file_fails_the_run_but_not_the_others() {
    let dir = folder(&[("good.txt", BODY.as_bytes())]);
    std::os::unix::fs::symlink("/no/such/target", dir.path().join("docs/gone.txt")).unwrap();
    let out = index(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("docs/gone.txt"), "{err}");
    assert!(err.contains("1 indexed"), "{err}");
    assert!(
        err.contains("hint: the messages above name each file that failed"),
        "{err}"
    );
    assert_eq!(
        hits(dir.path(), "Bayramov").len(),
        1,
        "the good file is committed"
    );
}

#[test]
fn a_directory_symlink_loop_is_reported_and_the_rest_indexed() {
    let dir = folder(&[("sub/good.txt", BODY.as_bytes())]);
    std::os::unix::fs::symlink("..", dir.path().join("docs/sub/loop")).unwrap();
    let out = index(dir.path(), &[]);
    let err = stderr(&out);
    assert!(err.contains("loop"), "{err}");
    assert!(err.contains("1 indexed"), "{err}");
    assert_eq!(hits(dir.path(), "Bayramov").len(), 1);
}

#[test]
fn hidden_files_and_readoutsignore_are_skipped() {
    let dir = folder(&[
        ("good.txt", BODY.as_bytes()),
        (".hidden.txt", b"Bahrain hidden"),
        (".cache/inside.txt", b"Bahrain cached"),
        ("drafts/draft.txt", b"Bahrain draft"),
        (".readoutsignore", b"drafts/\n"),
    ]);
    let out = index(dir.path(), &[]);
    assert!(stderr(&out).starts_with("1 indexed"), "{}", stderr(&out));
    assert!(hits(dir.path(), "Bahrain").is_empty());
}

#[test]
fn a_second_run_reads_nothing_unchanged_and_an_edit_reindexes_one_under_its_id() {
    let dir = folder(&[
        ("a.txt", BODY.as_bytes()),
        ("b.txt", b"Bahrain and Azerbaijan met."),
    ]);
    assert!(stderr(&index(dir.path(), &[])).starts_with("2 indexed · 0 unchanged"));
    assert!(stderr(&index(dir.path(), &[])).starts_with("0 indexed · 2 unchanged"));
    let id = hits(dir.path(), "Bahrain")[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    std::fs::write(dir.path().join("docs/b.txt"), "Bahrain and Kazakhstan met.").unwrap();
    assert!(stderr(&index(dir.path(), &[])).starts_with("1 indexed · 1 unchanged"));
    assert_eq!(hits(dir.path(), "Kazakhstan").len(), 1);
    assert!(
        hits(dir.path(), "Azerbaijan").is_empty(),
        "the old text is gone"
    );
    // The old version is deleted but still in its segment, beside a.txt: `show` finds the
    // new one under the same id.
    let out = readouts(dir.path())
        .args(["show", "--json", &id[..6]])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let shown: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(shown["id"], id.as_str());
    assert!(
        shown["body"].as_str().unwrap().contains("Kazakhstan"),
        "{shown}"
    );
}

#[test]
fn a_file_named_twice_is_indexed_once() {
    let dir = folder(&[
        ("a.txt", BODY.as_bytes()),
        ("b.txt", b"Bahrain and Azerbaijan met."),
    ]);
    let twice = ["docs/b.txt"];
    assert!(stderr(&index(dir.path(), &twice)).starts_with("2 indexed"));
    assert_eq!(hits(dir.path(), "Bahrain").len(), 1);
    std::fs::write(dir.path().join("docs/b.txt"), "Bahrain and Kazakhstan met.").unwrap();
    assert!(stderr(&index(dir.path(), &twice)).starts_with("1 indexed"));
    assert_eq!(hits(dir.path(), "Bahrain").len(), 1);
}

#[test]
fn prune_removes_readouts_of_deleted_files_and_rebuild_starts_over() {
    let dir = folder(&[
        ("a.txt", BODY.as_bytes()),
        ("b.txt", b"Bahrain and Azerbaijan met."),
    ]);
    index(dir.path(), &[]);
    std::fs::remove_file(dir.path().join("docs/b.txt")).unwrap();
    assert!(stderr(&index(dir.path(), &[])).starts_with("0 indexed · 1 unchanged · 0 removed"));
    assert_eq!(hits(dir.path(), "Bahrain").len(), 1, "kept without --prune");
    assert!(
        stderr(&index(dir.path(), &["--prune"])).starts_with("0 indexed · 1 unchanged · 1 removed")
    );
    assert!(hits(dir.path(), "Bahrain").is_empty());
    assert!(stderr(&index(dir.path(), &["--rebuild"])).starts_with("1 indexed · 0 unchanged"));
}
