//! Feeds (RSS 0.9x, 1.0 and 2.0, Atom, JSON Feed), read by feed-rs: each item a readout, with
//! its title, its link as the url, its publication date as the publisher wrote it, its content
//! (a full-text feed) or else its summary as text, and its own id (the guid), so the same item
//! in two snapshots of a feed is the same readout. The feed's title is the source.

use chrono::{DateTime, Datelike, TimeZone, Utc};
use feed_rs::model::{Entry, Feed};

use super::Records;
use super::html;
use crate::extract::date::parse_date;
use crate::readout::{Day, Given};

/// Whether `text` is a feed whatever its file is called: a page saved from a feed's address
/// is often named `.html` or `.php`.
pub(super) fn looks_like_feed(text: &str) -> bool {
    let head: String = text
        .trim_start_matches('\u{FEFF}')
        .trim_start()
        .chars()
        .take(1024)
        .collect::<String>()
        .to_ascii_lowercase();
    let head = head.strip_prefix("<?xml").map_or(head.as_str(), |rest| {
        rest.split_once("?>").map_or(rest, |(_, r)| r)
    });
    let mut head = head.trim_start();
    // Comments and stylesheet instructions may come before the root.
    while let Some(rest) = head
        .strip_prefix("<!--")
        .or_else(|| head.strip_prefix("<?"))
    {
        head = rest.split_once(['>']).map_or("", |(_, r)| r).trim_start();
    }
    ["<rss", "<feed", "<rdf:rdf"]
        .iter()
        .any(|root| head.starts_with(root))
}

/// One item of a feed, as the feed gives it.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedItem {
    /// The item's own id (its guid), or one feed-rs derives from its link and title.
    pub id: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub date: Option<Day>,
    /// The feed's title.
    pub source: Option<String>,
    /// The item's title on its first line, then its content or else its summary, as text.
    pub text: String,
    /// The line of the file the item starts on (0 when unknown).
    pub line: usize,
}

/// The items of the feed in `bytes`, in its declared character set, or why it is no feed.
pub fn feed_items(bytes: &[u8]) -> Result<Vec<FeedItem>, String> {
    let (text, _) = html::decode(bytes);
    items(&text)
}

/// The items of the feed `text`, or why it is no feed that can be read.
fn items(text: &str) -> Result<Vec<FeedItem>, String> {
    if !looks_like_feed(text) {
        return Err("not a feed: no <rss>, <feed> or <rdf:RDF> at its root".into());
    }
    // A parser's panic on a malformed feed costs that file, never the run.
    let parse = || {
        let parser = feed_rs::parser::Builder::new()
            .timestamp_parser(publisher_day)
            .build();
        parser.parse(text.as_bytes())
    };
    let feed = match std::panic::catch_unwind(parse) {
        Ok(Ok(feed)) => feed,
        Ok(Err(error)) => return Err(format!("a feed that cannot be read: {error}")),
        Err(_) => return Err("a feed that cannot be read: its parser failed".into()),
    };
    let lines = item_lines(text);
    let source = feed_title(&feed);
    Ok(feed
        .entries
        .into_iter()
        .enumerate()
        .map(|(i, entry)| item(entry, source.clone(), lines.get(i).copied().unwrap_or(0)))
        .collect())
}

/// Reads every item of a feed as a readout, or says why the file holds none.
pub(super) fn read(text: &str, records: &mut Records) {
    let items = match items(text) {
        Ok(items) => items,
        Err(why) if why.starts_with("not a feed") => return records.not_a_readout(why),
        Err(why) => return records.bad(0, why),
    };
    if items.is_empty() {
        return records.not_a_readout("a feed with no items".into());
    }
    for (i, item) in items.into_iter().enumerate() {
        if item.text.trim().is_empty() {
            records.bad(
                item.line,
                format!("item {} has no title and no text", i + 1),
            );
            continue;
        }
        if records.fits(item.line, item.text.len()) {
            let given = Given {
                id: Some(item.id).filter(|id| !id.trim().is_empty()),
                title: item.title,
                date: item.date,
                source: item.source,
                url: item.url,
                ..Given::default()
            };
            records.readout(Some(format!("item {}", i + 1)), item.line, item.text, given);
        }
    }
}

/// The feed's own title, the outlet its items come from.
fn feed_title(feed: &Feed) -> Option<String> {
    let title = feed.title.as_ref()?;
    let title = plain(&title.content);
    (!title.is_empty()).then_some(title)
}

/// An item as the feed gives it.
fn item(entry: Entry, source: Option<String>, line: usize) -> FeedItem {
    let title = entry
        .title
        .map(|t| plain(&t.content))
        .filter(|t| !t.is_empty());
    let content = entry
        .content
        .and_then(|c| c.body)
        .filter(|b| !b.trim().is_empty());
    let summary = entry.summary.map(|s| s.content);
    let body = content
        .or(summary)
        .map(|b| html::fragment_text(&b))
        .unwrap_or_default();
    let url = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
        .or(entry.links.first())
        .map(|l| l.href.trim().to_string());
    let date = entry.published.or(entry.updated).and_then(|at| {
        let day = at.date_naive();
        Day::from_ymd(day.year(), day.month() as u8, day.day() as u8)
    });
    let text = match &title {
        Some(title) if !body.starts_with(title.as_str()) => format!("{title}\n\n{body}"),
        _ => body,
    };
    FeedItem {
        id: entry.id,
        title,
        url,
        date,
        source,
        text: text.trim().to_string(),
        line,
    }
}

/// Text that may hold markup or entities, as plain text on one line.
fn plain(text: &str) -> String {
    let text = if text.contains('<') || text.contains('&') {
        html::fragment_text(text)
    } else {
        text.to_string()
    };
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A feed's date read as the publisher wrote it: the day written, whatever zone follows, at
/// noon so that no reader's zone moves it (feed-rs keeps instants in UTC).
fn publisher_day(text: &str) -> Option<DateTime<Utc>> {
    let day = parse_date(text)?;
    Utc.with_ymd_and_hms(
        day.year(),
        u32::from(day.month()),
        u32::from(day.day()),
        12,
        0,
        0,
    )
    .single()
}

/// The line each item starts on, in order: where its `<item`, `<entry` or JSON Feed object
/// opens.
fn item_lines(text: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    let mut line = 1;
    let mut last = 0;
    for (at, _) in text.match_indices('<') {
        let rest = &text[at + 1..];
        let opens = ["item>", "item ", "entry>", "entry "]
            .iter()
            .any(|tag| rest.starts_with(tag));
        if opens {
            line += text[last..at].matches('\n').count();
            last = at;
            lines.push(line);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use crate::ingest::read_file;

    fn read_as(name: &str, content: &str) -> crate::ingest::FileRead {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        read_file(&path, 1 << 20).unwrap()
    }

    const RSS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Ministry of Foreign Affairs</title>
  <link>https://mfa.example.gov/</link>
  <item>
    <title>Minister met his &lt;b&gt;Bahraini&lt;/b&gt; counterpart</title>
    <link>https://mfa.example.gov/news/1</link>
    <guid isPermaLink="false">mfa-news-1</guid>
    <pubDate>Thu, 18 Sep 2025 23:30:00 -0500</pubDate>
    <description>A summary.</description>
    <content:encoded><![CDATA[<p>BAKU, September 18. The minister met his counterpart.</p><p>They discussed trade.</p>]]></content:encoded>
  </item>
  <item>
    <title>Second item</title>
    <link>https://mfa.example.gov/news/2</link>
    <guid>mfa-news-2</guid>
    <pubDate>Fri, 19 Sep 2025 08:00:00 GMT</pubDate>
    <description>&lt;p&gt;Only a summary of the call.&lt;/p&gt;</description>
  </item>
</channel>
</rss>"#;

    #[test]
    fn each_item_of_a_feed_is_a_readout_with_its_guid_link_date_and_text() {
        let read = read_as("news.rss", RSS);
        assert!(read.problems.is_empty(), "{:?}", read.problems);
        assert_eq!(read.sources.len(), 2);
        let first = &read.sources[0];
        assert_eq!(first.given.id.as_deref(), Some("mfa-news-1"));
        assert_eq!(
            first.given.url.as_deref(),
            Some("https://mfa.example.gov/news/1")
        );
        assert_eq!(
            first.given.title.as_deref(),
            Some("Minister met his Bahraini counterpart")
        );
        assert_eq!(
            first.given.source.as_deref(),
            Some("Ministry of Foreign Affairs")
        );
        // The publisher's own day, not the next day in UTC.
        assert_eq!(
            first.given.date.map(|d| d.to_string()).as_deref(),
            Some("2025-09-18")
        );
        assert!(
            first.text.contains("The minister met his counterpart.\n"),
            "{}",
            first.text
        );
        assert!(!first.text.contains("<p>"), "{}", first.text);
        assert_eq!(first.line, Some(6));
        let second = &read.sources[1];
        assert!(
            second.text.ends_with("Only a summary of the call."),
            "{}",
            second.text
        );
        assert_eq!(second.line, Some(14));
    }

    #[test]
    fn atom_and_a_feed_saved_as_a_page_are_read_too() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Press service</title>
  <entry>
    <title>Telephone conversation with the President of Finland</title>
    <id>tag:example.org,2025:1</id>
    <link rel="alternate" href="https://example.org/events/1"/>
    <published>2025-01-21T23:10:00+03:00</published>
    <content type="html">&lt;p&gt;Vladimir Putin had a telephone conversation.&lt;/p&gt;</content>
  </entry>
</feed>"#;
        for name in ["events.atom", "events.xml", "events.html"] {
            let read = read_as(name, atom);
            assert_eq!(read.sources.len(), 1, "{name}: {:?}", read.problems);
            let item = &read.sources[0];
            assert_eq!(item.given.id.as_deref(), Some("tag:example.org,2025:1"));
            assert_eq!(
                item.given.date.map(|d| d.to_string()).as_deref(),
                Some("2025-01-21")
            );
            assert!(
                item.text
                    .contains("Vladimir Putin had a telephone conversation.")
            );
        }
    }

    #[test]
    fn what_is_no_feed_is_named() {
        let read = read_as(
            "data.xml",
            "<?xml version=\"1.0\"?><catalog><book/></catalog>",
        );
        assert!(read.sources.is_empty());
        let problems: Vec<String> = read.problems.iter().map(|p| p.to_string()).collect();
        assert!(
            problems.iter().any(|p| p.contains("not a feed")),
            "{problems:?}"
        );
        let read = read_as(
            "empty.rss",
            "<rss version=\"2.0\"><channel><title>x</title></channel></rss>",
        );
        let problems: Vec<String> = read.problems.iter().map(|p| p.to_string()).collect();
        assert!(
            problems.iter().any(|p| p.contains("no items")),
            "{problems:?}"
        );
    }
}
