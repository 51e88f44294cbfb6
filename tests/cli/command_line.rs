//! The command line as a new user meets it: queries typed without quotes, limits written
//! every way, the query from stdin or a file, dates by year and month, the source's url and
//! line in every output, formats other tools read back, disjunctive facet counts, folding told
//! honestly, completions, the man page and the help text.

use std::io::Write as _;
use std::process::Stdio;

use super::*;

/// An index in a temporary folder of `docs/` holding `files`, indexed with one thread.
fn indexed(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("docs")).unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join("docs").join(name), text).unwrap();
    }
    let out = index_docs(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    dir
}

fn json_of(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(out), stderr(out)))
}

fn hit_ids(out: &Output) -> Vec<String> {
    json_of(out)["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

/// A feed of dated records with urls, one per line.
const FEED: &str = concat!(
    r#"{"id":"feb","title":"Talks in February","date":"2022-02-28","url":"https://mfa.example/r/feb","body":"The ministers of Azerbaijan and Malaysia discussed energy security."}"#,
    "\n",
    r#"{"id":"mar","title":"Talks in March","date":"Tue, 15 Mar 2022 10:00:00 +0000","url":"https://mfa.example/r/mar","body":"The ministers of Azerbaijan and Malaysia discussed energy security and trade."}"#,
    "\n",
    r#"{"id":"mar31","title":"Talks at the end of March","date":"20220331","body":"The ministers of Azerbaijan and Pakistan discussed energy security."}"#,
    "\n",
    r#"{"id":"dec","title":"Talks in December","date":1672444800,"url":"https://mfa.example/r/dec","body":"The ministers of Azerbaijan and Kazakhstan discussed trade."}"#,
    "\n",
    r#"{"id":"jan","title":"Talks in January","date":"2023-01-01T09:00:00+04:00","url":"https://mfa.example/r/jan","body":"The ministers of Azerbaijan and Bahrain discussed trade."}"#,
    "\n",
);

#[test]
fn an_unquoted_query_searches_its_words_as_the_quoted_one_does() {
    let unquoted = run(&["search", "--json", "energy", "security"]);
    let quoted = run(&["search", "--json", "energy security"]);
    assert_eq!(unquoted.status.code(), Some(0), "{}", stderr(&unquoted));
    assert_eq!(hit_ids(&unquoted), hit_ids(&quoted));
    assert_eq!(json_of(&unquoted)["query"], "energy security");
}

#[test]
fn the_limit_reads_the_same_however_it_is_written() {
    for args in [
        &["search", "--json", "-n1", "cooperation"][..],
        &["search", "--json", "-n", "1", "cooperation"],
        &["search", "--json", "--limit=1", "cooperation"],
        &["search", "--json", "cooperation", "-n1"],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        let v = json_of(&out);
        assert_eq!(v["query"], "cooperation", "{args:?}");
        assert_eq!(v["hits"].as_array().unwrap().len(), 1, "{args:?}");
    }
}

#[test]
fn a_query_that_starts_with_a_dash_goes_after_two() {
    let out = run(&["search", "--json", "--", "-Bahrain", "cooperation"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json_of(&out)["query"], "-Bahrain cooperation");
    let tip = run(&["index", "--csv", "x"]);
    assert_eq!(tip.status.code(), Some(2));
    assert!(!stderr(&tip).contains("-- --csv"), "{}", stderr(&tip));
}

#[test]
fn the_query_comes_from_stdin_or_a_file() {
    let mut child = readouts(seeded())
        .args(["search", "--json", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"energy\nsecurity\n")
        .unwrap();
    let from_stdin = child.wait_with_output().unwrap();
    assert_eq!(json_of(&from_stdin)["query"], "energy security");
    let file = seeded().join("query.txt");
    std::fs::write(&file, "energy security\n").unwrap();
    let from_file = run(&["search", "--json", "-f", file.to_str().unwrap()]);
    assert_eq!(hit_ids(&from_file), hit_ids(&from_stdin));
    let missing = run(&["search", "-f", "no/such/query.txt"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).starts_with("readouts: cannot read the query from no/such/query.txt"),
        "{}",
        stderr(&missing)
    );
    for view in [&["facets", "org", "-"][..], &["timeline", "-"]] {
        let mut child = readouts(seeded())
            .args(view)
            .arg("--json")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(b"Bahrain").unwrap();
        let out = child.wait_with_output().unwrap();
        assert_eq!(json_of(&out)["query"], "Bahrain", "{view:?}");
        assert_eq!(json_of(&out)["total"], 1, "{view:?}");
    }
}

#[test]
fn a_timeline_without_a_query_counts_every_readout() {
    let out = run(&["timeline", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(json_of(&out)["total"], 5);
}

#[test]
fn dates_by_year_and_month_cover_the_whole_of_them() {
    let dir = indexed(&[("feed.jsonl", FEED)]);
    let ids = |args: &[&str]| {
        let out = readouts(dir.path())
            .args(["search", "--json", "--sort", "date"])
            .args(args)
            .output()
            .unwrap();
        let mut ids = hit_ids(&out);
        ids.sort();
        ids
    };
    assert_eq!(ids(&["--from", "2022-03"]), ["dec", "jan", "mar", "mar31"]);
    assert_eq!(ids(&["--to", "2022-03"]), ["feb", "mar", "mar31"]);
    assert_eq!(
        ids(&["--from", "2022", "--to", "2022"]),
        ["dec", "feb", "mar", "mar31"]
    );
    assert_eq!(ids(&["--from", "2023"]), ["jan"]);
    let out = readouts(dir.path())
        .args(["search", "--from", "2022-02-30"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "readouts: no such day '2022-02-30' for --from: February 2022 has 28 days\n"
    );
    let out = readouts(dir.path())
        .args(["search", "--to", "March"])
        .output()
        .unwrap();
    assert!(stderr(&out).contains("expected YYYY-MM-DD, YYYY-MM or YYYY"));
}

#[test]
fn dates_in_files_are_read_in_the_forms_feeds_and_exports_write() {
    let dir = indexed(&[("feed.jsonl", FEED)]);
    let out = readouts(dir.path())
        .args(["search", "--json", "--limit", "10", ""])
        .output()
        .unwrap();
    let v = json_of(&out);
    let date = |id: &str| {
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["id"] == id)
            .map(|h| h["date"].clone())
            .unwrap()
    };
    assert_eq!(date("mar"), "2022-03-15", "RFC 2822");
    assert_eq!(date("mar31"), "2022-03-31", "20220331");
    assert_eq!(date("dec"), "2022-12-31", "epoch seconds");
    assert_eq!(date("jan"), "2023-01-01", "RFC 3339, the publisher's day");
}

#[test]
fn the_url_and_line_of_a_record_are_in_every_output() {
    let dir = indexed(&[("feed.jsonl", FEED)]);
    let cmd = |args: &[&str]| {
        let out = readouts(dir.path()).args(args).output().unwrap();
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{args:?}: {}",
            stderr(&out)
        );
        out
    };
    let text = stdout(&cmd(&["search", "Kazakhstan", "--color", "never"]));
    assert!(text.contains("https://mfa.example/r/dec"), "{text}");
    assert!(text.contains("docs/feed.jsonl:4"), "{text}");
    let v = json_of(&cmd(&["search", "--json", "Kazakhstan"]));
    assert_eq!(v["hits"][0]["url"], "https://mfa.example/r/dec");
    assert_eq!(v["hits"][0]["line"], 4);
    let none = json_of(&cmd(&["search", "--json", "Pakistan"]));
    assert!(
        none["hits"][0]["url"].is_null(),
        "a url key, null when none"
    );
    let show = stdout(&cmd(&["show", "dec"]));
    assert!(show.contains("https://mfa.example/r/dec"), "{show}");
    assert!(show.contains("feed.jsonl:4"), "{show}");
    let extract = stdout(&cmd(&["extract", "docs/feed.jsonl"]));
    assert!(
        extract.contains("url:           https://mfa.example/r/feb"),
        "{extract}"
    );
    assert!(extract.contains("feed.jsonl:2"), "{extract}");
    let extract = stdout(&cmd(&["extract", "--json", "docs/feed.jsonl"]));
    let first: serde_json::Value = serde_json::from_str(extract.lines().next().unwrap()).unwrap();
    assert_eq!(first["url"], "https://mfa.example/r/feb");
    assert_eq!(first["line"], 1);
}

#[test]
fn similar_shows_the_url_of_each_hit() {
    // The seeds as a feed, each with a url.
    let mut names: Vec<PathBuf> = std::fs::read_dir(seeds_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let feed: String = names
        .iter()
        .enumerate()
        .map(|(i, path)| {
            let text = std::fs::read_to_string(path).unwrap();
            let record = serde_json::json!({
                "id": format!("s{i}"),
                "url": format!("https://mfa.example/s{i}"),
                "text": text,
            });
            format!("{record}\n")
        })
        .collect();
    let dir = indexed(&[("feed.jsonl", &feed)]);
    let text = readouts(dir.path())
        .args(["similar", "s3", "--color", "never"])
        .output()
        .unwrap();
    assert!(
        stdout(&text).contains("https://mfa.example/s4"),
        "{}",
        stdout(&text)
    );
    let json = readouts(dir.path())
        .args(["similar", "--json", "s3"])
        .output()
        .unwrap();
    let v = json_of(&json);
    let hit = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == "s4")
        .unwrap()
        .clone();
    assert_eq!(hit["url"], "https://mfa.example/s4");
    assert_eq!(hit["line"], 5);
}

#[test]
fn csv_and_tsv_read_back_with_their_header() {
    let dir = indexed(&[("feed.jsonl", FEED)]);
    for (format, delimiter) in [("csv", b','), ("tsv", b'\t')] {
        let out = readouts(dir.path())
            .args(["search", "energy security", "--format", format])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .from_reader(&out.stdout[..]);
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(
            header,
            [
                "rank",
                "score",
                "date",
                "title",
                "source",
                "url",
                "path",
                "line",
                "id",
                "countries",
                "organizations",
                "counterparts"
            ]
        );
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 3, "{format}");
        let mar = rows
            .iter()
            .find(|r| &r[8] == "mar")
            .expect("the March readout");
        assert_eq!(&mar[2], "2022-03-15");
        assert_eq!(&mar[5], "https://mfa.example/r/mar");
        assert_eq!(&mar[7], "2");
        assert_eq!(&mar[9], "Azerbaijan; Malaysia");
        assert!(mar[1].parse::<f32>().unwrap() > 0.0);
        assert_eq!(rows[0][0].to_string(), "1");
    }
}

#[test]
fn jsonl_gives_one_object_per_hit_value_and_period() {
    let out = run(&["search", "cooperation", "--format", "jsonl"]);
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[0]["rank"], 1);
    let facets = run(&["facets", "org", "--format", "jsonl"]);
    let first: serde_json::Value =
        serde_json::from_str(stdout(&facets).lines().next().unwrap()).unwrap();
    assert_eq!(first["value"], "OIC");
    let timeline = run(&["timeline", "--by", "year", "--format", "jsonl"]);
    let period: serde_json::Value =
        serde_json::from_str(stdout(&timeline).lines().next().unwrap()).unwrap();
    assert_eq!(period["period"], "2025");
    let csv = run(&["facets", "org", "--format", "csv"]);
    assert!(
        stdout(&csv)
            .starts_with("value,name,count,path\nOIC,Organisation of Islamic Cooperation,5,/OIC\n"),
        "{}",
        stdout(&csv)
    );
}

#[test]
fn paths_and_ids_list_one_hit_per_line_or_per_nul() {
    let dir = indexed(&[
        ("feed.jsonl", FEED),
        (
            "one.txt",
            "Call\nAzerbaijan and Malaysia discussed energy security.\n",
        ),
    ]);
    let out = readouts(dir.path())
        .args(["search", "energy security", "--paths"])
        .output()
        .unwrap();
    let paths = stdout(&out);
    assert!(
        paths
            .lines()
            .all(|l| l.ends_with("one.txt") || l.contains("feed.jsonl:")),
        "{paths}"
    );
    assert_eq!(paths.lines().count(), 4);
    let out = readouts(dir.path())
        .args(["search", "energy security", "--ids", "-0"])
        .output()
        .unwrap();
    let ids: Vec<&[u8]> = out
        .stdout
        .split(|b| *b == 0)
        .filter(|s| !s.is_empty())
        .collect();
    assert_eq!(ids.len(), 4);
    assert!(ids.contains(&&b"mar"[..]));
    assert!(!out.stdout.contains(&b'\n'));
    let shown = readouts(dir.path()).args(["show", "mar"]).output().unwrap();
    assert_eq!(shown.status.code(), Some(0));
}

#[test]
fn facet_counts_lift_their_own_filter_and_keep_the_others() {
    let unfiltered = json_of(&run(&["search", "--json", "cooperation"]));
    let count = |v: &serde_json::Value, facet: &str, value: &str| {
        v["facets"][facet]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["value"] == value)
            .map(|c| c["count"].as_u64().unwrap())
    };
    let filtered = json_of(&run(&["search", "--json", "cooperation", "--org", "ASEAN"]));
    assert!(filtered["total"].as_u64().unwrap() < unfiltered["total"].as_u64().unwrap());
    assert_eq!(
        count(&filtered, "org", "OIC"),
        count(&unfiltered, "org", "OIC")
    );
    assert!(count(&filtered, "org", "OIC").is_some());
    assert_eq!(filtered["disjunctive"], serde_json::json!(["org"]));
    // Countries keep the organization filter: only the ASEAN readouts' countries.
    assert_eq!(count(&filtered, "country", "Pakistan"), None);
    assert_eq!(count(&unfiltered, "country", "Pakistan"), Some(1));
}

#[test]
fn the_facets_shown_are_the_ones_asked_for_and_years_go_in_calendar_order() {
    let dir = indexed(&[("feed.jsonl", FEED)]);
    let out = readouts(dir.path())
        .args([
            "search",
            "--json",
            "--facet",
            "source,counterpart,year",
            "Azerbaijan",
        ])
        .output()
        .unwrap();
    let v = json_of(&out);
    let keys: Vec<&String> = v["facets"].as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 3);
    assert!(v["facets"]["counterpart"].as_array().is_some());
    let years: Vec<&str> = v["facets"]["year"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_str().unwrap())
        .collect();
    assert_eq!(years, ["2022", "2023"], "2022 has four readouts, 2023 one");
    let text = readouts(dir.path())
        .args([
            "search",
            "Azerbaijan",
            "--facet",
            "counterpart",
            "--color",
            "never",
        ])
        .output()
        .unwrap();
    let text = stdout(&text);
    let line = text
        .lines()
        .find(|l| l.starts_with("counterparts   "))
        .expect(&text);
    assert!(line.contains("Malaysia 2"), "{text}");
    assert!(!text.contains("organizations  "), "{text}");
}

#[test]
fn a_person_is_a_facet_and_a_filter_by_any_form_of_the_name() {
    let out = run(&[
        "search", "--json", "--person", "Bayramov", "--facet", "person",
    ]);
    let v = json_of(&out);
    assert_eq!(v["total"], 4);
    let out = run(&["search", "--json", "--person", "jeyhun BAYRAMOV"]);
    assert_eq!(json_of(&out)["total"], 4);
    let facets = run(&["facets", "person", "--json"]);
    let values = json_of(&facets)["values"].clone();
    assert_eq!(values[0]["value"], "Jeyhun Bayramov");
    assert_eq!(values[0]["count"], 4);
    let none = run(&["search", "--person", "Nobody Atall"]);
    assert_eq!(none.status.code(), Some(1));
}

#[test]
fn folded_results_are_counted_apart_from_readouts_and_listed_whole() {
    let seed = std::fs::read_to_string(seeds_dir().join("002_1d8d73c75dc338fd.txt")).unwrap();
    let dir = indexed(&[
        ("a.txt", &seed),
        ("b.txt", &format!("{seed}\nThis release was corrected.\n")),
        (
            "c.txt",
            &format!("{seed}\nThis release was corrected again.\n"),
        ),
        (
            "d.txt",
            "Other call\nThe Foreign Minister of Bahrain spoke with the Greek Foreign Minister \
             about Bahrain and Greece, and the meeting of Bahrain and Greece at the UN.\n",
        ),
    ]);
    let search = |args: &[&str]| {
        let out = readouts(dir.path())
            .args(["search", "--color", "never"])
            .args(args)
            .output()
            .unwrap();
        stdout(&out)
    };
    let out = search(&["Bahrain", "-n1"]);
    assert!(out.contains("4 readouts, 2 results (showing 1–1)"), "{out}");
    assert!(out.contains("also published as: docs/"), "{out}");
    let also = out
        .lines()
        .find(|l| l.contains("also published as"))
        .unwrap();
    assert_eq!(
        also.matches(".txt").count(),
        2,
        "the whole group with -n1: {out}"
    );
    let past = search(&["Bahrain", "--offset", "5"]);
    assert!(past.contains("this page is past the last result"), "{past}");
    let json = readouts(dir.path())
        .args(["search", "--json", "Bahrain"])
        .output()
        .unwrap();
    assert_eq!(json_of(&json)["results"], 2);
    let id = json_of(&json)["hits"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let similar = readouts(dir.path())
        .args(["similar", "--json", &id])
        .output()
        .unwrap();
    let v = json_of(&similar);
    assert_eq!(
        v["copies"].as_array().unwrap().len(),
        2,
        "its near-duplicates are copies"
    );
    assert!(
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|h| h["title"] == "Other call")
    );
}

#[test]
fn colour_and_links_follow_the_terminal_conventions() {
    let plain = readouts(seeded())
        .args(["search", "Bahrain"])
        .env("TERM", "dumb")
        .output()
        .unwrap();
    assert!(!stdout(&plain).contains('\x1b'));
    let forced = readouts(seeded())
        .args(["search", "Bahrain"])
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(
        stdout(&forced).contains("\x1b["),
        "CLICOLOR_FORCE colours a pipe"
    );
    let linked = run(&["search", "Bahrain", "--hyperlink", "always"]);
    assert!(
        stdout(&linked).contains("\x1b]8;;file:///"),
        "{}",
        stdout(&linked)
    );
    let unlinked = run(&[
        "search",
        "Bahrain",
        "--hyperlink",
        "never",
        "--color",
        "always",
    ]);
    assert!(!stdout(&unlinked).contains("\x1b]8;;"));
    let by_date = run(&[
        "search",
        "cooperation",
        "--sort",
        "date",
        "--color",
        "never",
    ]);
    assert!(!stdout(&by_date).contains("score "), "{}", stdout(&by_date));
}

#[test]
fn ranks_of_ten_and_more_stay_aligned() {
    let docs: Vec<(String, String)> = (0..12)
        .map(|i| {
            (
                format!("{i:02}.txt"),
                format!("Call {i}\nAzerbaijan and Malaysia met, call {i}.\n"),
            )
        })
        .collect();
    let files: Vec<(&str, &str)> = docs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
    let dir = indexed(&files);
    let out = readouts(dir.path())
        .args(["search", "Malaysia", "-n", "12", "--color", "never"])
        .output()
        .unwrap();
    let text = stdout(&out);
    assert!(text.contains("\n 9. Call"), "{text}");
    assert!(text.contains("\n10. Call"), "{text}");
    assert!(text.starts_with(" 1. Call"), "{text}");
}

#[test]
fn output_fits_the_width_with_a_hanging_indent() {
    let out = readouts(seeded())
        .args(["search", "cooperation", "--color", "never"])
        .env("COLUMNS", "50")
        .output()
        .unwrap();
    let text = stdout(&out);
    for line in text.lines() {
        let path = line.contains("seeds/") || line.contains('/');
        assert!(
            path || unicode_width(line) <= 50,
            "{line:?} is wider than 50"
        );
    }
    assert!(
        text.contains("\n   Azerbaijan") || text.contains("\n   "),
        "{text}"
    );
}

fn unicode_width(line: &str) -> usize {
    line.chars().count()
}

#[test]
fn completions_for_bash_parse_and_the_man_page_renders() {
    let out = run(&["completions", "bash"]);
    assert_eq!(out.status.code(), Some(0));
    let script = seeded().join("readouts.bash");
    std::fs::write(&script, &out.stdout).unwrap();
    let check = Command::new("bash")
        .arg("-n")
        .arg(&script)
        .output()
        .unwrap();
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(stdout(&out).contains("--hyperlink"));
    for shell in ["zsh", "fish", "powershell"] {
        let out = run(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        assert!(!out.stdout.is_empty());
    }
    let page = run(&["man"]);
    assert_eq!(page.status.code(), Some(0));
    let file = seeded().join("readouts.1");
    std::fs::write(&file, &page.stdout).unwrap();
    let man = Command::new("man")
        .arg("-l")
        .arg(&file)
        .env("MANWIDTH", "80")
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .output()
        .expect("man, to render the page (man-db)");
    assert!(man.status.success(), "{}", stderr(&man));
    let text = stdout(&man);
    assert!(text.contains("READOUTS SEARCH"), "{text}");
    assert!(text.contains("--person"), "{text}");
    assert!(!stderr(&man).contains("warning"), "{}", stderr(&man));
}

#[test]
fn the_version_names_the_commit_when_built_from_git() {
    let short = run(&["-V"]);
    assert_eq!(
        stdout(&short),
        format!("readouts {}\n", env!("CARGO_PKG_VERSION"))
    );
    let long = stdout(&run(&["--version"]));
    let commit = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success());
    match commit {
        Some(commit) => {
            let commit = String::from_utf8_lossy(&commit.stdout).trim().to_string();
            assert!(long.contains(&format!("(commit {commit})")), "{long}");
        }
        None => assert_eq!(long, format!("readouts {}\n", env!("CARGO_PKG_VERSION"))),
    }
}

#[test]
fn an_empty_index_variable_means_not_set() {
    let dir = tempfile::tempdir().unwrap();
    let out = readouts(dir.path())
        .args(["search", "x"])
        .env("READOUTS_INDEX", "")
        .output()
        .unwrap();
    assert_eq!(
        stderr(&out),
        "readouts: no index at index\nhint: run 'readouts index <DIR>' first\n"
    );
}

#[test]
fn one_note_is_a_note() {
    let dir = indexed(&[("a.txt", "Call\nAzerbaijan met Malaysia.\n")]);
    std::fs::write(dir.path().join("docs/empty.txt"), "").unwrap();
    let out = index_docs(dir.path(), &[]);
    assert!(stderr(&out).contains(" · 1 note · "), "{}", stderr(&out));
}

/// `--help` of the binary and of each subcommand, as golden files: a change to the help is
/// a visible diff. `READOUTS_BLESS=1 cargo test --test cli help` writes them anew.
#[test]
fn help_matches_its_golden_files() {
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli/help");
    let bless = std::env::var_os("READOUTS_BLESS").is_some();
    let mut wrong = Vec::new();
    for sub in [
        "",
        "index",
        "search",
        "extract",
        "show",
        "facets",
        "timeline",
        "similar",
        "fetch",
        "completions",
        "man",
    ] {
        let mut args: Vec<&str> = sub.split_whitespace().collect();
        args.push("--help");
        let out = readouts(seeded())
            .args(&args)
            .env("COLUMNS", "100")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{sub}");
        let name = if sub.is_empty() { "readouts" } else { sub };
        let file = golden.join(format!("{name}.txt"));
        if bless {
            std::fs::write(&file, &out.stdout).unwrap();
        } else if std::fs::read(&file).ok().as_deref() != Some(&out.stdout[..]) {
            wrong.push(format!("{name}:\n{}", stdout(&out)));
        }
    }
    assert!(
        wrong.is_empty(),
        "help changed; bless it if meant:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn short_help_is_short_and_long_help_has_examples() {
    let short = stdout(&run(&["search", "-h"]));
    let long = stdout(&run(&["search", "--help"]));
    assert!(short.lines().count() * 2 < long.lines().count());
    assert!(long.contains("Examples:"));
    assert!(!short.contains("Examples:"));
    assert!(long.contains("Global options:"));
}
