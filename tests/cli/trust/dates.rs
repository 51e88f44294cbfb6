//! Dates at the edges: far filters answer without error, and a readout dated in 1500 or 3000
//! is refused by name or stored as given, never silently wrong.

use super::*;

/// The number of seed readouts with a date, from the JSON of `search ""`.
fn dated_seeds() -> usize {
    let out = run(&["search", "--json", "--limit", "100", ""]);
    assert_exit(&out, &[0], "search \"\"");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let hits = v["hits"].as_array().unwrap();
    assert_eq!(hits.len() as u64, v["total"].as_u64().unwrap());
    hits.iter().filter(|h| !h["date"].is_null()).count()
}

/// A user relies on `--to 9999-12-31` (a "no upper bound" they type) keeping every dated
/// readout, and the undated ones out as documented.
#[test]
fn a_date_filter_up_to_the_year_9999_keeps_every_dated_readout() {
    let dated = dated_seeds();
    assert!(dated > 0, "some seeds are dated");
    let out = run(&[
        "search",
        "--json",
        "--limit",
        "100",
        "--to",
        "9999-12-31",
        "",
    ]);
    assert_exit(&out, &[0], "search --to 9999-12-31");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["total"].as_u64(), Some(dated as u64));
}

/// A user relies on a date filter past what a timestamp holds (`--from 2262-04-12`, `--to
/// 1000-01-01`) finding nothing (exit 1), without an error, in every view that filters.
#[test]
fn date_filters_past_what_a_timestamp_holds_find_nothing_without_error() {
    let mut wrong = Vec::new();
    for view in [
        &["search", "--from", "2262-04-12", ""][..],
        &["timeline", "--from", "2262-04-12", ""][..],
        &["facets", "year", "--from", "2262-04-12"][..],
        &["search", "--to", "1000-01-01", ""][..],
    ] {
        let out = run(view);
        if crashed(&out) || out.status.code() != Some(1) {
            wrong.push(format!("{}: {}", view.join(" "), describe(&out)));
        }
    }
    assert_eq!(wrong, Vec::<String>::new());
}

/// A user relies on a readout dated 1500-01-01 or 3000-01-01 being refused with a message
/// naming its file, or stored with that date (a filter finds it there), never dated wrong in
/// silence.
#[test]
fn readouts_dated_in_1500_or_3000_are_refused_by_name_or_stored_as_given() {
    let old = "---\ntitle: Old talks\ndate: 1500-01-01\n---\nBahrain and Azerbaijan met. qzoldq\n";
    let future = serde_json::json!({"title": "Future talks", "date": "3000-01-01",
        "body": "Malaysia and Azerbaijan met. qzfutureq"});
    let dir = folder(&[
        ("old.md", old.as_bytes()),
        ("future.json", future.to_string().as_bytes()),
    ]);
    let out = index_docs(dir.path(), &[]);
    assert_exit(&out, &[0, 2], "index of readouts dated 1500 and 3000");
    let err = stderr(&out);
    let mut wrong = Vec::new();
    for (file, word, date, filter) in [
        (
            "docs/old.md",
            "qzoldq",
            "1500-01-01",
            ["--to", "1500-12-31"],
        ),
        (
            "docs/future.json",
            "qzfutureq",
            "3000-01-01",
            ["--from", "2999-01-01"],
        ),
    ] {
        let found = hits(dir.path(), word);
        match found.first().map(|hit| &hit["date"]) {
            None | Some(serde_json::Value::Null) if !err.contains(file) => {
                wrong.push(format!("{file}: dropped or undated, and not said so"));
            }
            Some(serde_json::Value::String(stored)) if stored != date => {
                wrong.push(format!("{file}: stored as {stored}"));
            }
            Some(serde_json::Value::String(_)) => {
                let v = search_json(dir.path(), &[filter[0], filter[1], word]);
                if v["total"] != 1 {
                    wrong.push(format!(
                        "{file}: {} {} does not find it",
                        filter[0], filter[1]
                    ));
                }
            }
            _ => {}
        }
    }
    assert_eq!(wrong, Vec::<String>::new(), "index said: {err}");
}
