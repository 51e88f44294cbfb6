//! Markdown: a readout per file, with optional `---` front matter (`title`, `date`, `source`,
//! `url`, `id`) whose fields win over extracted ones.

use serde_json::Value;

use super::Records;
use super::record::Record;
use crate::extract::date::parse_date;
use crate::readout::Given;

pub(super) fn read(text: String, records: &mut Records) {
    let (record, date_line) = front_matter(&text);
    records.record(None, date_line, record);
}

/// Splits `---` front matter (`key: value` lines, between a first line `---` and the next line
/// that is `---`) from a Markdown body, which starts on the line after that fence: a body may
/// open with a list item's dash, or a rule. Also the line of a `date` no format reads, to
/// name it in the warning.
fn front_matter(text: &str) -> (Record, usize) {
    let mut record = Record {
        text: String::new(),
        given: Given::default(),
        unread_date: None,
    };
    let Some((header, body)) = split_front_matter(text) else {
        record.text = text.to_string();
        return (record, 0);
    };
    let given = &mut record.given;
    let mut date_line = 0;
    for (i, line) in header.lines().enumerate() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value
            .trim()
            .trim_matches(|c| c == '"' || c == '\'')
            .to_string();
        if value.is_empty() {
            continue;
        }
        match key.trim().to_ascii_lowercase().as_str() {
            "title" => given.title = Some(value),
            "date" => {
                given.date = parse_date(&value);
                if given.date.is_none() {
                    // The opening fence is line 1.
                    date_line = i + 2;
                    record.unread_date = Some(value);
                }
            }
            "source" => given.source = Some(value),
            "url" => given.url = Some(value),
            "id" => given.id = Some(value),
            other => {
                given.extra.insert(other.to_string(), Value::String(value));
            }
        }
    }
    record.text = body.to_string();
    (record, date_line)
}

/// The front matter's lines and the body after its closing fence, when the text opens with one.
fn split_front_matter(text: &str) -> Option<(&str, &str)> {
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut end = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some((&rest[..end], &rest[end + line.len()..]));
        }
        end += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_gives_fields_and_leaves_the_body() {
        let (Record { given, text, .. }, _) = front_matter(
            "---\ntitle: \"Talks in Baku\"\ndate: 2025-05-12\nsource: News.Az\nurl: https://x.test/1\nauthor: V. G.\n---\nThe sides met.\n",
        );
        assert_eq!(given.title.as_deref(), Some("Talks in Baku"));
        assert_eq!(
            given.date.map(|d| d.to_string()).as_deref(),
            Some("2025-05-12")
        );
        assert_eq!(given.source.as_deref(), Some("News.Az"));
        assert_eq!(given.url.as_deref(), Some("https://x.test/1"));
        assert_eq!(given.extra["author"], "V. G.");
        assert_eq!(text, "The sides met.\n");
    }

    #[test]
    fn text_without_front_matter_is_all_body() {
        for text in [
            "# Title\n\nBody.",
            "---\ntitle: never closed\nBody.",
            "--- \nx: y\n---\n",
        ] {
            let (record, _) = front_matter(text);
            assert_eq!(record.given, Given::default());
            assert_eq!(record.text, text);
        }
    }

    #[test]
    fn only_the_closing_fence_is_taken_from_the_body() {
        let body = |text| front_matter(text).0.text;
        assert_eq!(
            body("---\ntitle: T\n---\n- first\n- second\n"),
            "- first\n- second\n"
        );
        assert_eq!(
            body("---\r\ntitle: T\r\n---\r\n---\r\nRule above.\r\n"),
            "---\r\nRule above.\r\n"
        );
        assert_eq!(
            body("---\ntitle: T\n---\n\nAfter a blank line."),
            "\nAfter a blank line."
        );
        assert_eq!(body("---\ntitle: T\n----\n--- \nBody."), "Body.");
        assert_eq!(body("---\n---\nBody."), "Body.");
        assert_eq!(body("---\ntitle: T\n---"), "");
    }

    #[test]
    fn a_date_no_format_reads_is_left_out_and_kept_to_warn_with_its_line() {
        let (record, line) = front_matter("---\ntitle: T\ndate: soon\n---\nBody.");
        assert_eq!(record.given.title.as_deref(), Some("T"));
        assert_eq!(record.given.date, None);
        assert_eq!((record.unread_date.as_deref(), line), (Some("soon"), 3));
    }
}
