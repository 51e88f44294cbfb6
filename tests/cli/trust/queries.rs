//! No query crashes or misleads: hostile and huge queries, names of fields a user cannot
//! search, huge paging numbers and a closed pipe all end with an answer (0 or 1) or quietly.

use std::process::ChildStdout;

use super::*;

/// The views that take a query, with the arguments before it (`--` so a query may start
/// with dashes).
const VIEWS: &[&[&str]] = &[
    &["search", "--"],
    &["facets", "country", "--"],
    &["timeline", "--"],
];

/// Runs `query` through every view on the seeds index; what did not end in 0 or 1.
fn through_every_view(query: &str) -> Vec<String> {
    let mut wrong = Vec::new();
    for view in VIEWS {
        let mut command = readouts(seeded());
        command.args(*view).arg(query);
        let out = output_within(&mut command, Duration::from_secs(60));
        if crashed(&out) || !matches!(out.status.code(), Some(0 | 1)) {
            let err = stderr(&out);
            let first = err.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
            let first: String = first.chars().take(160).collect();
            wrong.push(format!(
                "{} {}: exit {:?}, signal {:?}: {first}",
                view[0],
                shown_query(query),
                out.status.code(),
                out.status.signal()
            ));
        }
    }
    wrong
}

/// A user relies on no query, however long or deeply nested, crashing a view: 10,000 `(`,
/// 10,000 `"`, 5,000 nested groups, 100,000 characters of words.
#[test]
fn huge_and_deeply_nested_queries_never_crash_a_view() {
    let words: String = seed_texts()
        .concat()
        .chars()
        .cycle()
        .take(100_000)
        .collect();
    let queries = [
        "(".repeat(10_000),
        "\"".repeat(10_000),
        format!("{}a", "(".repeat(5_000)),
        format!("{}a{}", "(".repeat(5_000), ")".repeat(5_000)),
        words,
    ];
    let wrong: Vec<String> = queries.iter().flat_map(|q| through_every_view(q)).collect();
    assert_eq!(wrong, Vec::<String>::new());
}

/// A user relies on a field that cannot be searched (`title:*`, `id:abc`, `path:foo`, ...)
/// being searched as words with a note in readouts' words, not tantivy's.
#[test]
fn fields_that_cannot_be_searched_are_words_with_a_plain_note() {
    let mut wrong = Vec::new();
    for query in ["title:*", "body:*", "id:abc", "content_hash:x", "path:foo"] {
        let out = run(&["search", "--", query]);
        let err = stderr(&out);
        if crashed(&out) || !matches!(out.status.code(), Some(0 | 1)) {
            wrong.push(format!("{query}: {}", describe(&out)));
        } else if !err.contains("note") {
            wrong.push(format!("{query}: no note ({err:?})"));
        } else if let Some(words) = TANTIVY_WORDING.iter().find(|w| err.contains(*w)) {
            wrong.push(format!("{query}: the note says {words:?}: {err:?}"));
        }
    }
    assert_eq!(wrong, Vec::<String>::new());
}

/// A user relies on any paging number they type (the largest integer, four billion) giving
/// an answer at once, not an error, an allocation failure or a long wait.
#[test]
fn huge_offsets_and_limits_answer_promptly() {
    let mut wrong = Vec::new();
    for flags in [
        ["--offset", "18446744073709551615"],
        ["--limit", "18446744073709551615"],
        ["--limit", "4000000000"],
    ] {
        let mut command = readouts(seeded());
        command.arg("search").args(flags).arg("energy");
        let out = output_within(&mut command, Duration::from_secs(20));
        if crashed(&out) || !matches!(out.status.code(), Some(0 | 1)) {
            wrong.push(format!("{}: {}", flags.join(" "), describe(&out)));
        }
    }
    assert_eq!(wrong, Vec::<String>::new());
}

/// Runs `args` on the generated index with stdout a pipe whose reader goes away: at once
/// (`read` 0) or after reading `read` bytes.
fn with_reader_gone(args: &[&str], read: usize) -> Output {
    let mut child = readouts(generated())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe: ChildStdout = child.stdout.take().unwrap();
    if read > 0 {
        let mut start = vec![0; read];
        let _ = pipe.read_exact(&mut start);
    }
    drop(pipe);
    child.wait_with_output().unwrap()
}

/// A user relies on `readouts ... | head` ending quietly with 0 when `head` has read enough,
/// in every view and format: no "Broken pipe", no panic.
#[test]
fn a_closed_pipe_is_a_quiet_success_for_every_view() {
    let views: [&[&str]; 5] = [
        &["search", "--json", "--limit", "1000", ""],
        &["search", "--color", "never", "--limit", "1000", ""],
        &["facets", "--json", "source"],
        &["timeline", "--json", "--by", "week", ""],
        &["timeline", "--color", "never", "--by", "week", ""],
    ];
    for view in views {
        let full = readouts(generated()).args(view).output().unwrap();
        assert_exit(&full, &[0], &view.join(" "));
    }
    let mut wrong = Vec::new();
    for view in views {
        for read in [0, 50] {
            let out = with_reader_gone(view, read);
            if out.status.code() != Some(0) || !out.stderr.is_empty() {
                wrong.push(format!(
                    "{} (read {read}): {}",
                    view.join(" "),
                    describe(&out)
                ));
            }
        }
    }
    assert_eq!(wrong, Vec::<String>::new());
}

/// A small, seeded generator: the same hostile queries on every run.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
}

/// What hostile queries are made of. NUL is not among them: a process argument cannot hold
/// it (a query read from stdin could).
const PIECES: &[&str] = &[
    "Bahrain",
    "energy",
    "OIC",
    "Azerbaijan",
    "security",
    "UN",
    "a",
    "Niinistö",
    "x",
    "2025",
    "+",
    "-",
    "OR",
    "AND",
    "NOT",
    "^",
    "^2",
    "^-1",
    "~",
    "~3",
    "*",
    ":",
    "::",
    "!",
    "&&",
    "||",
    "title:",
    "body:",
    "country:",
    "org:",
    "id:",
    "entity:",
    "date:",
    "path:",
    "year:",
    "(",
    ")",
    "((",
    "))",
    "[",
    "]",
    "{",
    "}",
    "[* TO *]",
    "{a TO",
    "\"",
    "'",
    "\\",
    "/",
    "//",
    "\u{1}",
    "\t",
    "\u{7f}",
    "\u{1b}[31m",
    "\u{7}",
    "\r",
    "\n",
    "\u{202e}",
    "\u{200b}",
    "\u{feff}",
    "\u{fffd}",
    "é",
    "e\u{301}",
    "\u{1f600}",
    "日本",
    "ـ",
    " ",
    " ",
    " ",
];

/// Query `i` of the generator: mostly a few pieces; every 25th one long, up to 100,000
/// characters (and under the 128 KB an argument may hold), and every 25th another nested,
/// 10 to 6,000 groups deep.
fn hostile_query(rng: &mut XorShift, i: usize) -> String {
    let mut query = String::new();
    if i % 25 == 12 {
        let depth = [10, 100, 1_000, 6_000][(i / 25) % 4];
        let (open, close) = [("+(", ")"), ("-(", ""), ("(\"", "\")"), ("(", ")")][i % 4];
        query.push_str(&open.repeat(depth));
        query.push_str(rng.pick(PIECES));
        query.push_str(&close.repeat(depth));
    } else if i % 25 == 24 {
        let length = [1_000, 10_000, 50_000, 100_000][(i / 25) % 4];
        while query.chars().count() < length && query.len() < 120_000 {
            query.push_str(rng.pick(PIECES));
        }
    } else {
        for _ in 0..=rng.below(12) {
            query.push_str(rng.pick(PIECES));
            if rng.below(3) > 0 {
                query.push(' ');
            }
        }
    }
    query
}

/// A user relies on no query ever being an error or a crash: a few hundred generated hostile
/// queries (nesting, stray quotes and parens, operators, field names, control and bidi
/// characters, very long ones) through `search`, `facets` and `timeline` each end 0 or 1.
/// One process per query and view keeps this to 100 queries; a way to read many queries in
/// one process would let it run thousands.
#[test]
fn generated_hostile_queries_are_never_an_error_in_any_view() {
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let queries: Vec<String> = (0..100).map(|i| hostile_query(&mut rng, i)).collect();
    assert!(
        queries
            .iter()
            .filter(|q| q.chars().count() >= 1_000)
            .count()
            >= 4
    );
    let wrong: Vec<String> = queries.iter().flat_map(|q| through_every_view(q)).collect();
    let shown: Vec<&String> = wrong.iter().take(20).collect();
    assert!(
        wrong.is_empty(),
        "{} of {} runs failed, the first: {shown:#?}",
        wrong.len(),
        queries.len() * VIEWS.len()
    );
}
