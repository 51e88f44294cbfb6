//! JSON: one readout object or an array of them (`.json`), or one object per line (`.jsonl`,
//! `.ndjson`); each object's fields as `record` reads them.

use serde_json::Value;

use super::Records;
use super::record::record_source;

/// A `.json` file: one readout, or an array of them.
pub(super) fn read(text: &str, records: &mut Records) {
    match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(items)) => {
            for (i, item) in items.into_iter().enumerate() {
                match record_source(item) {
                    Ok((text, given)) => {
                        records.readout(Some(format!("record {}", i + 1)), text, given);
                    }
                    Err(message) => records.bad(0, format!("record {}: {message}", i + 1)),
                }
            }
        }
        Ok(item) => match record_source(item) {
            Ok((text, given)) => records.readout(None, text, given),
            Err(message) => records.bad(0, message),
        },
        Err(error) => records.bad(error.line(), error.to_string()),
    }
}

/// A `.jsonl` file: one readout per line; blank lines are skipped.
pub(super) fn read_lines(text: &str, records: &mut Records) {
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let record = serde_json::from_str::<Value>(line)
            .map_err(|e| e.to_string())
            .and_then(record_source);
        match record {
            Ok((text, given)) => records.readout(Some(format!("line {}", i + 1)), text, given),
            Err(message) => records.bad(i + 1, message),
        }
    }
}
