//! Markdown: a readout per file, with optional `---` front matter (`title`, `date`, `source`,
//! `url`, `id`) whose fields win over extracted ones.

use serde_json::Value;

use super::Records;
use crate::extract::date::parse_date;
use crate::readout::Given;

pub(super) fn read(text: String, records: &mut Records) {
    let (given, body) = front_matter(&text);
    records.readout(None, body, given);
}

/// Splits `---` front matter (`key: value` lines) from a Markdown body.
fn front_matter(text: &str) -> (Given, String) {
    let mut given = Given::default();
    let Some(rest) = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))
    else {
        return (given, text.to_string());
    };
    let Some(end) = rest.find("\n---") else {
        return (given, text.to_string());
    };
    for line in rest[..end].lines() {
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
            "date" => given.date = parse_date(&value),
            "source" => given.source = Some(value),
            "url" => given.url = Some(value),
            "id" => given.id = Some(value),
            other => {
                given.extra.insert(other.to_string(), Value::String(value));
            }
        }
    }
    let body = rest[end + 4..].trim_start_matches(['-', '\r', '\n']);
    (given, body.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_gives_fields_and_leaves_the_body() {
        let (given, body) = front_matter(
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
        assert_eq!(body, "The sides met.\n");
    }

    #[test]
    fn text_without_front_matter_is_all_body() {
        let (given, body) = front_matter("# Title\n\nBody.");
        assert_eq!(given, Given::default());
        assert_eq!(body, "# Title\n\nBody.");
    }
}
