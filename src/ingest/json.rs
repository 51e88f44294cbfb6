//! JSON: one readout object or an array of them (`.json`), or one object per line (`.jsonl`,
//! `.ndjson`); each object's fields as `record` reads them.

use serde_json::Value;
use serde_json::value::RawValue;

use super::Records;
use super::record::record_source;

/// A `.json` file: one readout, or an array of them, each within the limit on one readout.
pub(super) fn read(text: &str, records: &mut Records) {
    if text.trim_start().starts_with('[') {
        return read_array(text, records);
    }
    if !records.fits(0, text.len()) {
        return;
    }
    match serde_json::from_str::<Value>(text) {
        Ok(item) => match record_source(item) {
            Ok(record) => records.record(None, 0, record),
            Err(message) => records.bad(0, message),
        },
        Err(error) => records.bad(error.line(), error.to_string()),
    }
}

/// An array of readouts, each named by its place and the line it starts on.
fn read_array(text: &str, records: &mut Records) {
    let items = match serde_json::from_str::<Vec<&RawValue>>(text) {
        Ok(items) => items,
        Err(error) => return records.bad(error.line(), error.to_string()),
    };
    let mut lines = Lines {
        text,
        at: 0,
        line: 1,
    };
    for (i, item) in items.into_iter().enumerate() {
        let (raw, line) = (item.get(), lines.of(item.get()));
        if !records.fits(line, raw.len()) {
            continue;
        }
        let record = serde_json::from_str::<Value>(raw)
            .map_err(|e| e.to_string())
            .and_then(record_source);
        match record {
            Ok(record) => records.record(Some(format!("record {}", i + 1)), line, record),
            Err(message) => records.bad(line, format!("record {}: {message}", i + 1)),
        }
    }
}

/// The line each of a text's slices starts on, for slices given in order.
struct Lines<'a> {
    text: &'a str,
    /// The byte the line count is at.
    at: usize,
    line: usize,
}

impl Lines<'_> {
    fn of(&mut self, slice: &str) -> usize {
        let start = slice.as_ptr().addr() - self.text.as_ptr().addr();
        let between = self.text.as_bytes().get(self.at..start).unwrap_or_default();
        self.line += memchr::memchr_iter(b'\n', between).count();
        self.at = start;
        self.line
    }
}

/// A `.jsonl` file: one readout per line, each within the limit; blank lines are skipped.
pub(super) fn read_lines(text: &str, records: &mut Records) {
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || !records.fits(i + 1, line.len()) {
            continue;
        }
        let record = serde_json::from_str::<Value>(line)
            .map_err(|e| e.to_string())
            .and_then(record_source);
        match record {
            Ok(record) => records.record(Some(format!("line {}", i + 1)), i + 1, record),
            Err(message) => records.bad(i + 1, message),
        }
    }
}
