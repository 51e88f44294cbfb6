//! CSV: a header naming the fields, then one readout per row; each row's fields as `record`
//! reads them.

use serde_json::{Map, Value};

use super::Records;
use super::record::record_source;

pub(super) fn read(text: &str, records: &mut Records) {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(error) => {
            records.bad(1, error.to_string());
            return;
        }
    };
    for row in reader.records() {
        let row = match row {
            Ok(row) => row,
            Err(error) => {
                let line = error.position().map_or(0, |p| p.line() as usize);
                records.bad(line, error.to_string());
                continue;
            }
        };
        let line = row.position().map_or(0, |p| p.line() as usize);
        let object: Map<String, Value> = headers
            .iter()
            .zip(row.iter())
            .map(|(k, v)| (k.trim().to_string(), Value::String(v.to_string())))
            .collect();
        match record_source(Value::Object(object)) {
            Ok((text, given)) => records.readout(Some(format!("line {line}")), text, given),
            Err(message) => records.bad(line, message),
        }
    }
}
