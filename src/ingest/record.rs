//! One record of named fields (a JSON object, a CSV row) as a readout's text and the fields
//! it gives: what the formats of many readouts a file share.

use serde_json::Value;

use crate::extract::date::parse_date;
use crate::readout::Given;

/// One readout's text and the fields its file gives, as a format reads them.
#[derive(Debug)]
pub(super) struct Record {
    pub text: String,
    pub given: Given,
    /// A date given that no format reads. The readout is kept without it, with a warning: the
    /// text is still worth finding, and a bad date is no reason to lose it.
    pub unread_date: Option<String>,
}

/// The text and given fields of one JSON or CSV record.
pub(super) fn record_source(record: Value) -> Result<Record, String> {
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
    let unread_date = date.filter(|_| given.date.is_none());
    Ok(Record {
        text,
        given,
        unread_date,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_take_body_or_text_and_keep_unknown_fields() {
        let record =
            serde_json::json!({"id": "r1", "text": "Body.", "lang": "en", "Date": "2025-01-02"});
        let Record { text, given, .. } = record_source(record).unwrap();
        assert_eq!(text, "Body.");
        assert_eq!(given.id.as_deref(), Some("r1"));
        assert_eq!(
            given.date.map(|d| d.to_string()).as_deref(),
            Some("2025-01-02")
        );
        assert_eq!(given.extra["lang"], "en");
        assert!(record_source(serde_json::json!({"title": "x"})).is_err());
        assert!(record_source(serde_json::json!([1])).is_err());
    }

    #[test]
    fn a_date_no_format_reads_is_left_out_and_kept_to_warn() {
        let record = record_source(serde_json::json!({"body": "x", "date": "soon"})).unwrap();
        assert_eq!(record.given.date, None);
        assert_eq!(record.unread_date.as_deref(), Some("soon"));
        let dated = record_source(serde_json::json!({"body": "x", "date": "2025-01-02"}));
        assert_eq!(dated.unwrap().unread_date, None);
    }
}
