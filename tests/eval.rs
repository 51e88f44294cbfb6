//! The extractor against the labelled evaluation sets (tests/eval/): precision and recall of
//! countries and organizations, and per publisher the meeting's metadata (home, counterpart,
//! publication date, titled people's countries), printed, with the bars the extractor must
//! clear.

use std::collections::{BTreeMap, BTreeSet};
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

/// One readout of the meeting-metadata set (tests/eval/meta/).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MeetingLabel {
    file: String,
    publisher: String,
    home: String,
    counterpart: Option<String>,
    date: Option<String>,
    /// Whether the text writes the date near its top, where the extractor should read it.
    date_in_text: bool,
    /// (last name, country) of each titled person of the meeting's sides.
    people: Vec<(String, String)>,
}

/// Hits over trials of one measure.
#[derive(Debug, Default, Clone, Copy)]
struct Rate {
    hits: usize,
    trials: usize,
}

impl Rate {
    fn add(&mut self, hit: bool) {
        self.hits += usize::from(hit);
        self.trials += 1;
    }

    fn value(self) -> f64 {
        ratio(self.hits, self.trials)
    }
}

/// The measures of one publisher.
#[derive(Debug, Default)]
struct Meeting {
    home: Rate,
    counterpart: Rate,
    counterpart_as_home: Rate,
    date_found: Rate,
    wrong_dates: usize,
    person_country: Rate,
    errors: Vec<String>,
}

impl Meeting {
    fn add(&mut self, label: &MeetingLabel, readout: &readouts::readout::Readout) {
        let name = Path::new(&label.file)
            .file_name()
            .map_or(label.file.clone(), |n| n.to_string_lossy().into_owned());
        let home = readout.home.as_deref();
        self.home.add(home == Some(&label.home));
        if home != Some(&label.home) {
            self.errors
                .push(format!("  {name}: home {home:?}, not {}", label.home));
        }
        if let Some(counterpart) = &label.counterpart {
            let first = readout.counterparts.first().map(String::as_str);
            self.counterpart.add(first == Some(counterpart));
            self.counterpart_as_home.add(home == Some(counterpart));
            if first != Some(counterpart) {
                self.errors.push(format!(
                    "  {name}: first counterpart {first:?}, not {counterpart} ({:?})",
                    readout.counterparts
                ));
            }
        }
        let found = readout.date.map(|d| d.to_string());
        if let (Some(found), Some(date)) = (&found, &label.date)
            && found != date
        {
            self.wrong_dates += 1;
            self.errors
                .push(format!("  {name}: date {found}, not {date}"));
        }
        if label.date_in_text {
            self.date_found.add(found.is_some());
            if found.is_none() {
                self.errors
                    .push(format!("  {name}: no date, the text has {:?}", label.date));
            }
        }
        for (last, country) in &label.people {
            let person =
                (readout.people.iter()).find(|p| p.name.rsplit(' ').next() == Some(last.as_str()));
            let found = person.and_then(|p| p.country.as_deref());
            self.person_country.add(found == Some(country));
            if found != Some(country) {
                self.errors
                    .push(format!("  {name}: {last} of {found:?}, not {country}"));
            }
        }
    }
}

fn meeting_labels(root: &Path) -> Vec<MeetingLabel> {
    let path = root.join("tests/eval/meta/labels.jsonl");
    let text = std::fs::read_to_string(path).expect("meeting labels");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad label line {l}: {e}")))
        .collect()
}

/// Each publisher's measures, from the files as they are and from their text alone (without
/// the url and outlet a record gives), so the text's own signals are measured too.
fn measured(root: &Path, text_alone: bool) -> BTreeMap<String, Meeting> {
    let mut by_publisher: BTreeMap<String, Meeting> = BTreeMap::new();
    for label in meeting_labels(root) {
        let read = read_file(&root.join(&label.file), u64::MAX).expect("labelled file");
        let mut source = read.sources[0].clone();
        if text_alone {
            source.given.url = None;
            source.given.source = None;
        }
        let readout = analyze(&source);
        by_publisher
            .entry(label.publisher.clone())
            .or_default()
            .add(&label, &readout);
    }
    by_publisher
}

#[test]
fn meeting_metadata_meets_the_bars_for_every_publisher() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut failed = Vec::new();
    for text_alone in [false, true] {
        let by_publisher = measured(root, text_alone);
        let how = if text_alone { "text alone" } else { "as given" };
        println!("meeting metadata, {how}:");
        println!(
            "{:<12} {:>5} {:>7} {:>12} {:>10} {:>11} {:>6} {:>7}",
            "publisher", "n", "home", "counterpart", "cp as home", "date found", "wrong", "people"
        );
        for (publisher, m) in &by_publisher {
            println!(
                "{publisher:<12} {:>5} {:>7.3} {:>12.3} {:>10.3} {:>11.3} {:>6} {:>7.3}",
                m.home.trials,
                m.home.value(),
                m.counterpart.value(),
                m.counterpart_as_home.value(),
                m.date_found.value(),
                m.wrong_dates,
                m.person_country.value(),
            );
        }
        for (publisher, m) in &by_publisher {
            if std::env::var_os("READOUTS_EVAL_ERRORS").is_some() {
                println!("{publisher} ({how}):");
                m.errors.iter().for_each(|e| println!("{e}"));
            }
            let (home, counterpart, people) = if text_alone {
                TEXT_ALONE_BARS
            } else {
                AS_GIVEN_BARS
            };
            let bars = [
                ("home", m.home.value(), home),
                ("first counterpart", m.counterpart.value(), counterpart),
                ("date found", m.date_found.value(), DATE_FOUND_BAR),
                ("titled person's country", m.person_country.value(), people),
            ];
            for (name, value, bar) in bars {
                if value < bar {
                    failed.push(format!("{publisher} ({how}): {name} {value:.3} < {bar}"));
                }
            }
            if m.wrong_dates > 0 {
                failed.push(format!(
                    "{publisher} ({how}): {} wrong dates",
                    m.wrong_dates
                ));
            }
        }
    }
    assert!(failed.is_empty(), "below the bar: {}", failed.join("; "));
}

/// Home, first counterpart and titled person's country, for the files as they are.
const AS_GIVEN_BARS: (f64, f64, f64) = (0.97, 0.95, 0.90);
/// The same from the text alone: a release in its publisher's first person ("I will visit
/// Japan") often names no side of its own, so these bars hold today's figures, not the goal.
const TEXT_ALONE_BARS: (f64, f64, f64) = (0.50, 0.55, 0.85);
/// Of the readouts whose text writes the date near its top.
const DATE_FOUND_BAR: f64 = 0.95;
