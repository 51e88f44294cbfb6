//! Ranking measured on real readouts: the known-item queries of `tests/eval/known_items.jsonl`
//! over the State Department corpus (`corpora/state-dept`), as MRR@10 and
//! success@10, beside plain tantivy defaults (default tokenizer, no boosts, no entity
//! expansion) on the same files in the same run. Run with `--nocapture` to see the table.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use readouts::index::{self, IndexOptions, Silent};
use readouts::search::{SearchRequest, Selection, search};
use serde::Deserialize;
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{STORED, STRING, Schema, TEXT, Value};
use tantivy::{Index, IndexWriter, TantivyDocument};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KnownItem {
    query: String,
    relevant: Vec<String>,
    kind: String,
    #[allow(dead_code)]
    note: String,
}

fn corpus() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/state-dept");
    assert!(
        dir.is_dir(),
        "the ranking test needs the State Department corpus at {}",
        dir.display()
    );
    dir
}

fn known_items() -> Vec<KnownItem> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval/known_items.jsonl");
    std::fs::read_to_string(path)
        .expect("known items")
        .lines()
        .map(|line| serde_json::from_str(line).expect("a known item"))
        .collect()
}

/// Reciprocal rank of the first relevant file among `ranked` (top 10), 0 when none is there.
fn reciprocal_rank(ranked: &[String], relevant: &[String]) -> f64 {
    ranked
        .iter()
        .take(10)
        .position(|name| relevant.contains(name))
        .map_or(0.0, |i| 1.0 / (i + 1) as f64)
}

fn file_name(path: &str) -> String {
    Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Plain tantivy: title and body with the default tokenizer, the default query parser.
fn plain_tantivy(corpus: &Path, dir: &Path) -> impl Fn(&str) -> Vec<String> {
    let mut builder = Schema::builder();
    let name = builder.add_text_field("name", STRING | STORED);
    let title = builder.add_text_field("title", TEXT);
    let body = builder.add_text_field("body", TEXT);
    let index = Index::create_in_dir(dir, builder.build()).expect("plain index");
    let mut writer: IndexWriter<TantivyDocument> = index
        .writer_with_num_threads(1, 50_000_000)
        .expect("plain writer");
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus)
        .expect("corpus")
        .map(|e| e.expect("corpus entry").path())
        .collect();
    files.sort();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("corpus file");
        let (first, rest) = text.split_once('\n').unwrap_or((&text, ""));
        let mut doc = TantivyDocument::new();
        doc.add_text(name, file_name(&file.to_string_lossy()));
        doc.add_text(title, first);
        doc.add_text(body, rest);
        writer.add_document(doc).expect("plain add");
    }
    writer.commit().expect("plain commit");
    let searcher = index.reader().expect("plain reader").searcher();
    let parser = QueryParser::for_index(&index, vec![title, body]);
    move |query: &str| {
        let (query, _) = parser.parse_query_lenient(query);
        let top = searcher
            .search(&query, &TopDocs::with_limit(10).order_by_score())
            .expect("plain search");
        top.into_iter()
            .map(|(_, address)| {
                let doc: TantivyDocument = searcher.doc(address).expect("plain doc");
                doc.get_first(name)
                    .and_then(|v| v.as_str())
                    .unwrap_or("")
                    .to_string()
            })
            .collect()
    }
}

#[derive(Default)]
struct Tally {
    queries: usize,
    reciprocal: f64,
    found: usize,
}

impl Tally {
    fn add(&mut self, rr: f64) {
        self.queries += 1;
        self.reciprocal += rr;
        self.found += usize::from(rr > 0.0);
    }
    fn mrr(&self) -> f64 {
        self.reciprocal / self.queries.max(1) as f64
    }
    fn success(&self) -> f64 {
        self.found as f64 / self.queries.max(1) as f64
    }
}

#[test]
fn known_items_rank_high_on_the_state_department_corpus() {
    let corpus = corpus();
    let items = known_items();
    assert!(items.len() >= 40);

    let ours = tempfile::tempdir().expect("index folder");
    let options = IndexOptions {
        threads: 1,
        ..IndexOptions::default()
    };
    index::build(ours.path(), std::slice::from_ref(&corpus), options, &Silent)
        .expect("index the corpus");
    let target = index::open(ours.path()).expect("open the index");
    let plain_dir = tempfile::tempdir().expect("plain folder");
    let plain = plain_tantivy(&corpus, plain_dir.path());

    let mut by_kind: BTreeMap<String, (Tally, Tally)> = BTreeMap::new();
    let (mut all_ours, mut all_plain) = (Tally::default(), Tally::default());
    let mut misses = Vec::new();
    for item in &items {
        let request = SearchRequest {
            selection: Selection {
                query: item.query.clone(),
                ..Selection::default()
            },
            limit: 10,
            collapse: true,
            ..SearchRequest::default()
        };
        let ranked: Vec<String> = search(&target, &request)
            .expect("search")
            .hits
            .iter()
            .map(|hit| file_name(&hit.readout.path))
            .collect();
        let rr = reciprocal_rank(&ranked, &item.relevant);
        let rr_plain = reciprocal_rank(&plain(&item.query), &item.relevant);
        if rr < 1.0 {
            misses.push(format!("{rr:.2} {:?} → {:?}", item.query, ranked.first()));
        }
        all_ours.add(rr);
        all_plain.add(rr_plain);
        let kind = by_kind.entry(item.kind.clone()).or_default();
        kind.0.add(rr);
        kind.1.add(rr_plain);
    }

    println!(
        "{:<10} {:>7} {:>9} {:>11} {:>13} {:>15}",
        "kind", "queries", "MRR@10", "success@10", "plain MRR@10", "plain success"
    );
    for (kind, (ours, plain)) in by_kind
        .iter()
        .chain([(&"all".to_string(), &(all_ours, all_plain))])
    {
        println!(
            "{kind:<10} {:>7} {:>9.3} {:>11.3} {:>13.3} {:>15.3}",
            ours.queries,
            ours.mrr(),
            ours.success(),
            plain.mrr(),
            plain.success()
        );
    }
    for miss in &misses {
        println!("not first: {miss}");
    }
    let all = &by_kind.values().fold(Tally::default(), |mut t, (o, _)| {
        t.queries += o.queries;
        t.reciprocal += o.reciprocal;
        t.found += o.found;
        t
    });
    assert!(all.mrr() >= 0.85, "MRR@10 {:.3} is under 0.85", all.mrr());
    assert!(
        all.success() >= 0.95,
        "success@10 {:.3} is under 0.95",
        all.success()
    );
}

#[test]
fn near_duplicates_in_the_corpus_are_found() {
    let corpus = corpus();
    let mut prints: Vec<(String, u64)> = std::fs::read_dir(&corpus)
        .expect("corpus")
        .map(|e| {
            let path = e.expect("corpus entry").path();
            let text = std::fs::read_to_string(&path).expect("corpus file");
            let body = text.splitn(3, '\n').nth(2).unwrap_or("").to_string();
            (
                file_name(&path.to_string_lossy()),
                readouts::text::duplicates::fingerprint(&body),
            )
        })
        .collect();
    prints.sort();
    let mut pairs = Vec::new();
    for (i, (a, pa)) in prints.iter().enumerate() {
        for (b, pb) in &prints[i + 1..] {
            if readouts::text::duplicates::near(*pa, *pb) {
                pairs.push((a.clone(), b.clone()));
            }
        }
    }
    println!(
        "{} near-duplicate pairs among {} releases",
        pairs.len(),
        prints.len()
    );
    for (a, b) in pairs.iter().take(20) {
        println!("  {a} ~ {b}");
    }
    let briefing = (
        "2022-05-17-department-press-briefing-may-17-2022.txt".to_string(),
        "2022-05-17-department-press-briefing-may-17-2022__2.txt".to_string(),
    );
    let names: Vec<&String> = prints.iter().map(|(n, _)| n).collect();
    if names.contains(&&briefing.0) && names.contains(&&briefing.1) {
        assert!(
            pairs.contains(&briefing),
            "the re-issued briefing is a near-duplicate"
        );
    }
    assert!(
        pairs.len() < prints.len() / 10,
        "few releases are near-duplicates"
    );
}
