//! Keeping a collection up to date from the feeds ministries publish: each feed downloaded,
//! each new item's page saved into a folder, one file per readout named stably, then indexed
//! like any other file. Politely (`http`: robots.txt, a delay per host, a user agent naming
//! the tool, timeouts, a size cap, retries with back-off), and remembering what it has
//! (`state`: ETag and Last-Modified per feed, the items saved), so a second run downloads
//! nothing it already holds.

mod http;
mod state;

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::json;
use xxhash_rust::xxh3::xxh3_64;

use crate::error::{Error, Result};
use crate::ingest::{FeedItem, feed_items};
use http::{Client, Fetched};
use state::State;

/// How `fetch` behaves toward the sites it reads.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// The folder the readouts are saved in.
    pub into: PathBuf,
    /// The least time between two requests to one host (robots.txt may ask for more).
    pub delay: Duration,
    /// The longest a request may take, from connecting to the last byte.
    pub timeout: Duration,
    /// The largest body read; a larger one is refused.
    pub max_bytes: u64,
    /// How many times a request that failed for a reason that may pass (a timeout, a 5xx, a
    /// 429) is tried again.
    pub retries: u32,
    /// The wait before the first retry; each next one waits twice as long.
    pub retry_wait: Duration,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            into: PathBuf::from("readouts"),
            delay: Duration::from_secs(1),
            timeout: Duration::from_secs(30),
            max_bytes: 16 << 20,
            retries: 2,
            retry_wait: Duration::from_secs(2),
        }
    }
}

/// What one feed gave.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FeedReport {
    pub url: String,
    /// Readouts saved for the first time.
    pub new: usize,
    /// Items already in the folder, and a feed unchanged since the last run (304).
    pub unchanged: usize,
    pub feed_unchanged: bool,
    /// Items whose page could not be had, each with why; their feed text was saved instead.
    pub pages_failed: Vec<String>,
    /// Why the feed itself could not be had, if it could not.
    pub error: Option<String>,
}

/// Downloads every feed of `urls` and the pages of their new items into `options.into`,
/// telling `report` about each feed as it is done. A failure of one feed or page does not
/// stop the others.
pub fn fetch(
    urls: &[String],
    options: &FetchOptions,
    report: &mut dyn FnMut(&FeedReport),
) -> Result<Vec<FeedReport>> {
    std::fs::create_dir_all(&options.into).map_err(|e| Error::write(&options.into, e))?;
    let mut state = State::load(&options.into)?;
    let mut client = Client::new(options);
    let mut reports = Vec::new();
    for url in urls {
        let done = fetch_feed(url, &mut client, &mut state, options);
        state.save(&options.into)?;
        report(&done);
        reports.push(done);
    }
    Ok(reports)
}

/// One feed: downloaded unless unchanged, then each item not yet saved.
fn fetch_feed(
    url: &str,
    client: &mut Client,
    state: &mut State,
    options: &FetchOptions,
) -> FeedReport {
    let mut done = FeedReport {
        url: url.to_string(),
        ..FeedReport::default()
    };
    let known = state.feed(url);
    let fetched = match client.get(url, known.as_ref()) {
        Ok(fetched) => fetched,
        Err(why) => {
            done.error = Some(why);
            return done;
        }
    };
    let Some(body) = fetched.body else {
        done.feed_unchanged = true;
        return done;
    };
    let items = match feed_items(&body) {
        Ok(items) => items,
        Err(why) => {
            done.error = Some(why);
            return done;
        }
    };
    for item in items {
        if state.has_item(&item.id) {
            done.unchanged += 1;
            continue;
        }
        match save_item(&item, client, options) {
            Ok((file, page_failed)) => {
                if let Some(why) = page_failed {
                    done.pages_failed.push(why);
                }
                state.add_item(&item.id, &file);
                done.new += 1;
            }
            Err(why) => done.pages_failed.push(why),
        }
    }
    // Only a feed read whole is remembered as seen: a failed run tries again.
    state.set_feed(url, fetched.validators);
    done
}

/// Saves an item: its page when it has a link that can be had, else what the feed says of
/// it, as a record. Returns the file, relative to the folder, and why the page could not be
/// had when it could not.
fn save_item(
    item: &FeedItem,
    client: &mut Client,
    options: &FetchOptions,
) -> std::result::Result<(String, Option<String>), String> {
    let name = file_name(item);
    let page = match &item.url {
        Some(url) => match client.get(url, None) {
            Ok(Fetched {
                body: Some(body), ..
            }) => Ok(body),
            Ok(_) => Err(format!("{url}: no page")),
            Err(why) => Err(why),
        },
        None => Err(format!("item {}: no link", item.id)),
    };
    let (file, bytes, failed) = match page {
        Ok(body) => (format!("{name}.html"), body, None),
        Err(why) => {
            let record = json!({
                "id": item.id,
                "title": item.title,
                "url": item.url,
                "date": item.date.map(|d| d.to_string()),
                "source": item.source,
                "body": item.text,
            });
            (
                format!("{name}.json"),
                record.to_string().into_bytes(),
                Some(why),
            )
        }
    };
    write_whole(&options.into.join(&file), &bytes).map_err(|e| e.to_string())?;
    Ok((file, failed))
}

/// A stable name for an item's file: its host, the last part of its link, and a hash of its
/// id, so the same item always lands in the same file.
fn file_name(item: &FeedItem) -> String {
    let url = item.url.as_deref().unwrap_or("");
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#', ':']).next().unwrap_or("");
    let last = rest
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .filter(|segment| *segment != host)
        .unwrap_or("");
    let clean = |s: &str, max: usize| -> String {
        let kept: String = s
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                    c
                } else {
                    '-'
                }
            })
            .collect();
        kept.trim_matches(['-', '.']).chars().take(max).collect()
    };
    let host = match clean(host, 60) {
        h if h.is_empty() => "feed".to_string(),
        h => h,
    };
    let last = clean(last.trim_end_matches(".html").trim_end_matches(".htm"), 60);
    let hash = format!("{:012x}", xxh3_64(item.id.as_bytes()) & 0xffff_ffff_ffff);
    match last.is_empty() {
        true => format!("{host}/{hash}"),
        false => format!("{host}/{last}-{hash}"),
    }
}

/// Writes `bytes` to `path` whole or not at all: into a temporary file beside it, then
/// renamed over it, so an interrupted run never leaves half a file.
pub(crate) fn write_whole(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::write(dir, e))?;
    let mut temporary = tempfile::NamedTempFile::new_in(dir).map_err(|e| Error::write(dir, e))?;
    std::io::Write::write_all(&mut temporary, bytes).map_err(|e| Error::write(path, e))?;
    temporary
        .persist(path)
        .map_err(|e| Error::write(path, e.error))?;
    Ok(())
}
