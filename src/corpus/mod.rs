//! The readouts tests, benches and examples run on: the text of the corpora kept in the
//! repository (`corpora/`, the seeds), and readouts generated from it at any scale. Nothing
//! here is read by the two pipelines.

mod generate;

use std::path::{Path, PathBuf};

pub use generate::{Generated, Vocabulary, readout};

/// Queries that select every generated readout, most of them, some, and a phrase: what tests
/// of the views run over a generated index.
#[cfg(test)]
pub(crate) const SAMPLE_QUERIES: [&str; 4] = [
    "",
    "security",
    "trade energy cooperation",
    "\"foreign minister\"",
];

/// The words to draw from: the text files of the seeds and of the State Department corpus
/// of the repository at `root`, in the order of their names.
pub fn sample_text(root: &Path) -> String {
    let mut text = String::new();
    for dir in [root.join("seeds"), root.join("corpora/state-dept")] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| Some(e.ok()?.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        for file in files {
            if let Ok(t) = std::fs::read_to_string(file) {
                text.push_str(&t);
                text.push('\n');
            }
        }
    }
    text
}
