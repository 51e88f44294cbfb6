//! One record of named fields (a JSON object, a CSV row) as a readout's text and the fields
//! it gives: what the formats of many readouts a file share.

use serde_json::Value;

use crate::extract::date::parse_date;
use crate::readout::Given;

/// The text and given fields of one JSON or CSV record.
pub(super) fn record_source(record: Value) -> Result<(String, Given), String> {
    let Value::Object(mut fields) = record else {
        return Err("a readout must be an object".into());
    };
    let mut take = |name: &str| -> Option<String> {
        let key = fields
            .keys()
            .find(|k| k.eq_ignore_ascii_case(name))?
            .clone();
        match fields.remove(&key)? {
            Value::String(s) if !s.trim().is_empty() => Some(s),
            Value::String(_) | Value::Null => None,
            other => Some(other.to_string()),
        }
    };
    let text = take("body")
        .or_else(|| take("text"))
        .ok_or("no 'body' or 'text' field")?;
    let date = take("date");
    let given = Given {
        id: take("id"),
        title: take("title"),
        date: date.as_deref().and_then(parse_date),
        source: take("source"),
        url: take("url"),
        extra: fields,
    };
    if let (Some(date), None) = (&date, given.date) {
        return Err(format!("unrecognized date '{date}'"));
    }
    Ok((text, given))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_take_body_or_text_and_keep_unknown_fields() {
        let record =
            serde_json::json!({"id": "r1", "text": "Body.", "lang": "en", "Date": "2025-01-02"});
        let (text, given) = record_source(record).unwrap();
        assert_eq!(text, "Body.");
        assert_eq!(given.id.as_deref(), Some("r1"));
        assert_eq!(
            given.date.map(|d| d.to_string()).as_deref(),
            Some("2025-01-02")
        );
        assert_eq!(given.extra["lang"], "en");
        assert!(record_source(serde_json::json!({"title": "x"})).is_err());
        assert!(record_source(serde_json::json!([1])).is_err());
        assert!(record_source(serde_json::json!({"body": "x", "date": "soon"})).is_err());
    }
}
