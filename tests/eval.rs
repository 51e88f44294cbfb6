//! The extractor against the labelled evaluation set (tests/eval/): precision and recall of
//! countries and organizations, printed, with the bars the extractor must clear.

use std::collections::BTreeSet;
use std::path::Path;

use readouts::extract::analyze;
use readouts::ingest::read_file;
use serde::Deserialize;

/// One labelled document: what a reader found in it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Label {
    file: String,
    countries: BTreeSet<String>,
    organizations: BTreeSet<String>,
}

/// Counts of (document, entity) pairs.
#[derive(Debug, Default)]
struct Score {
    true_positives: usize,
    false_positives: usize,
    false_negatives: usize,
    /// What went wrong, for the report: `file: +found -missed`.
    errors: Vec<String>,
}

impl Score {
    fn add(&mut self, file: &str, expected: &BTreeSet<String>, found: &BTreeSet<String>) {
        let extra: Vec<&str> = found.difference(expected).map(String::as_str).collect();
        let missed: Vec<&str> = expected.difference(found).map(String::as_str).collect();
        self.true_positives += found.intersection(expected).count();
        self.false_positives += extra.len();
        self.false_negatives += missed.len();
        if !extra.is_empty() || !missed.is_empty() {
            let name = Path::new(file).file_name().map_or(file.into(), |n| {
                n.to_string_lossy().chars().take(60).collect::<String>()
            });
            self.errors.push(format!(
                "  {name}: +[{}] -[{}]",
                extra.join(" "),
                missed.join(" ")
            ));
        }
    }

    fn precision(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }

    fn recall(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

fn labels(root: &Path) -> Vec<Label> {
    let text = std::fs::read_to_string(root.join("tests/eval/labels.jsonl")).expect("labels");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad label line {l}: {e}")))
        .collect()
}

#[test]
fn extraction_meets_the_bars_on_the_labelled_set() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let labels = labels(root);
    assert!(labels.len() >= 65, "the set holds the seeds and 60 more");
    let mut countries = Score::default();
    let mut organizations = Score::default();
    for label in &labels {
        let read = read_file(&root.join(&label.file), u64::MAX).expect("labelled file");
        let readout = analyze(&read.sources[0]);
        let found: BTreeSet<String> = readout.countries.iter().map(|c| c.code.clone()).collect();
        countries.add(&label.file, &label.countries, &found);
        let found: BTreeSet<String> = readout.organizations.iter().map(|o| o.id.clone()).collect();
        organizations.add(&label.file, &label.organizations, &found);
    }
    println!("{} labelled documents", labels.len());
    for (name, score) in [("countries", &countries), ("organizations", &organizations)] {
        println!(
            "{name:<14} precision {:.3}  recall {:.3}  (tp {}, fp {}, fn {})",
            score.precision(),
            score.recall(),
            score.true_positives,
            score.false_positives,
            score.false_negatives
        );
        for error in &score.errors {
            println!("{error}");
        }
    }
    let bars = [
        ("countries precision", countries.precision(), 0.97),
        ("countries recall", countries.recall(), 0.95),
        ("organizations precision", organizations.precision(), 0.95),
        ("organizations recall", organizations.recall(), 0.90),
    ];
    let failed: Vec<String> = bars
        .iter()
        .filter(|(_, value, bar)| value < bar)
        .map(|(name, value, bar)| format!("{name} {value:.3} < {bar}"))
        .collect();
    assert!(failed.is_empty(), "below the bar: {}", failed.join(", "));
}
