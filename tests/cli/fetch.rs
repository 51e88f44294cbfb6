//! `readouts fetch` end to end against a server this test starts on 127.0.0.1: feeds, pages,
//! a 304, a 404, a timeout, a redirect, a robots.txt that disallows a path, a 500 then a 200;
//! what lands in the folder, what the summary says, and that a second run downloads nothing
//! new.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::{readouts, stderr};

/// What the server has seen: requests per path, and the user agents.
#[derive(Default)]
struct Seen {
    requests: HashMap<String, usize>,
    agents: Vec<String>,
}

/// A server of canned answers on a free loopback port, on threads of its own for the rest of
/// the test process.
fn serve() -> (String, Arc<Mutex<Seen>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Seen::default()));
    let flaky = Arc::new(AtomicUsize::new(0));
    let (base_for, seen_for) = (base.clone(), seen.clone());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let (base, seen, flaky) = (base_for.clone(), seen_for.clone(), flaky.clone());
            std::thread::spawn(move || answer(stream, &base, &seen, &flaky));
        }
    });
    (base, seen)
}

fn answer(mut stream: TcpStream, base: &str, seen: &Mutex<Seen>, flaky: &AtomicUsize) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    let path = request.split(' ').nth(1).unwrap_or("/").to_string();
    let mut headers = HashMap::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).is_err() || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
        }
    }
    {
        let mut seen = seen.lock().unwrap();
        *seen.requests.entry(path.clone()).or_default() += 1;
        seen.agents
            .push(headers.get("user-agent").cloned().unwrap_or_default());
    }
    let feed = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Ministry of Foreign Affairs</title>
<item><title>Minister met the Foreign Minister of Bahrain</title><link>{base}/news/1</link>
<guid>news-1</guid><pubDate>Mon, 02 Jun 2025 10:00:00 +0400</pubDate>
<description>Summary of the meeting with Bahrain.</description></item>
<item><title>Call with the Foreign Minister of Kazakhstan</title><link>{base}/news/moved</link>
<guid>news-2</guid><pubDate>Tue, 03 Jun 2025 10:00:00 +0400</pubDate>
<description>Summary of the call with Kazakhstan.</description></item>
<item><title>Statement on the OSCE</title><link>{base}/news/missing</link>
<guid>news-3</guid><pubDate>Wed, 04 Jun 2025 10:00:00 +0400</pubDate>
<description>Summary of the statement on the OSCE.</description></item>
<item><title>Talks in Baku</title><link>{base}/private/4</link>
<guid>news-4</guid><pubDate>Thu, 05 Jun 2025 10:00:00 +0400</pubDate>
<description>Summary of the talks in Baku.</description></item>
<item><title>Visit to Malaysia</title><link>{base}/news/slow</link>
<guid>news-5</guid><pubDate>Fri, 06 Jun 2025 10:00:00 +0400</pubDate>
<description>Summary of the visit to Malaysia.</description></item>
<item><title>Meeting with the OIC</title><link>{base}/news/flaky</link>
<guid>news-6</guid><pubDate>Sat, 07 Jun 2025 10:00:00 +0400</pubDate>
<description>Summary of the meeting with the OIC.</description></item>
</channel></rss>"#
    );
    let page = |title: &str| {
        format!(
            "<html><head><title>{title}</title></head><body><nav>Home | News | Contacts</nav>\
             <article><h1>{title}</h1><p>{title}. The ministers discussed cooperation within the \
             UN and the OIC, energy security and trade between their countries in detail.</p>\
             </article><footer>Copyright the ministry</footer></body></html>"
        )
    };
    let (status, extra, body): (u16, String, String) = match path.as_str() {
        "/robots.txt" => (
            200,
            String::new(),
            "User-agent: *\nDisallow: /private/\n".into(),
        ),
        "/feed.xml" if headers.get("if-none-match").map(String::as_str) == Some("\"v1\"") => {
            (304, "ETag: \"v1\"\r\n".into(), String::new())
        }
        "/feed.xml" => (200, "ETag: \"v1\"\r\n".into(), feed),
        "/news/1" => (
            200,
            String::new(),
            page("Minister met the Foreign Minister of Bahrain"),
        ),
        "/news/moved" => (301, format!("Location: {base}/news/2\r\n"), String::new()),
        "/news/2" => (
            200,
            String::new(),
            page("Call with the Foreign Minister of Kazakhstan"),
        ),
        "/news/slow" => {
            std::thread::sleep(Duration::from_secs(3));
            (200, String::new(), page("Visit to Malaysia"))
        }
        "/news/flaky" if flaky.fetch_add(1, Ordering::SeqCst) == 0 => {
            (500, String::new(), "try again".into())
        }
        "/news/flaky" => (200, String::new(), page("Meeting with the OIC")),
        "/broken.xml" => (
            200,
            String::new(),
            "<html><body>no feed here</body></html>".into(),
        ),
        _ => (404, String::new(), "not found".into()),
    };
    let reason = match status {
        200 => "OK",
        301 => "Moved Permanently",
        304 => "Not Modified",
        404 => "Not Found",
        _ => "Internal Server Error",
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status} {reason}\r\nContent-Length: {}\r\nConnection: close\r\n{extra}\r\n{body}",
        body.len()
    );
}

fn files(dir: &Path) -> Vec<String> {
    let mut found: Vec<String> = walk(dir)
        .into_iter()
        .map(|p| p.strip_prefix(dir).unwrap().to_string_lossy().into_owned())
        .collect();
    found.sort();
    found
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn fetch_saves_each_new_item_politely_and_a_second_run_downloads_nothing_new() {
    let (base, seen) = serve();
    let dir = tempfile::tempdir().unwrap();
    let fetch = || {
        readouts(dir.path())
            .args([
                "fetch",
                "--into",
                "collection",
                "--delay",
                "0",
                "--timeout",
                "1",
            ])
            .args(["--retries", "1"])
            .arg(format!("{base}/feed.xml"))
            .arg(format!("{base}/broken.xml"))
            .output()
            .unwrap()
    };
    let out = fetch();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "one feed failed: {err}");
    assert!(
        err.contains("/feed.xml: 6 new, 0 unchanged, 3 pages failed"),
        "{err}"
    );
    assert!(err.contains("/broken.xml: failed: not a feed"), "{err}");
    assert!(err.contains("disallowed by the site's robots.txt"), "{err}");
    assert!(err.contains("answered 404"), "{err}");
    assert!(err.contains("timed out"), "{err}");
    assert!(
        err.contains("6 new readouts in collection; 1 of 2 feeds failed"),
        "{err}"
    );
    let collection = dir.path().join("collection");
    let saved = files(&collection);
    let host = "127.0.0.1";
    let pages: Vec<&String> = saved.iter().filter(|f| f.ends_with(".html")).collect();
    let records: Vec<&String> = (saved.iter())
        .filter(|f| f.ends_with(".json") && f.starts_with(host))
        .collect();
    // The redirect was followed and the 500 tried again: three pages; the 404, the
    // disallowed path and the timeout kept their feed text.
    assert_eq!(pages.len(), 3, "{saved:?}");
    assert_eq!(records.len(), 3, "{saved:?}");
    assert!(
        saved
            .iter()
            .all(|f| f.starts_with(host) || f == ".readouts-fetch.json"),
        "{saved:?}"
    );
    assert!(
        saved.iter().any(|f| f.starts_with(&format!("{host}/1-"))),
        "{saved:?}"
    );
    {
        let seen = seen.lock().unwrap();
        assert!(
            !seen.requests.contains_key("/private/4"),
            "robots.txt was not kept"
        );
        assert_eq!(seen.requests.get("/news/flaky"), Some(&2));
        assert!(
            seen.agents.iter().all(|a| a.starts_with("readouts/")),
            "{:?}",
            seen.agents
        );
    }
    // Nothing half-written beside the readouts.
    assert!(saved.iter().all(|f| !f.contains(".tmp")), "{saved:?}");

    // A second run: the feed is unchanged (304), nothing is downloaded.
    let before = seen.lock().unwrap().requests.clone();
    let again = fetch();
    let err = stderr(&again);
    assert!(
        err.contains("/feed.xml: unchanged since the last run"),
        "{err}"
    );
    assert!(err.contains("0 new readouts"), "{err}");
    assert_eq!(files(&collection), saved);
    let after = seen.lock().unwrap().requests.clone();
    for page in ["/news/1", "/news/2", "/news/flaky"] {
        assert_eq!(before.get(page), after.get(page), "{page} fetched again");
    }

    // What was saved indexes as readouts, pages without their menus and footers.
    let index = readouts(dir.path())
        .args(["index", "collection"])
        .output()
        .unwrap();
    assert!(index.status.success(), "{}", stderr(&index));
    let show = readouts(dir.path())
        .args(["search", "Kazakhstan", "--json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&show.stdout).unwrap();
    let hits = json["hits"].as_array().unwrap();
    assert!(!hits.is_empty(), "{json}");
    let text = json.to_string();
    assert!(!text.contains("Home | News"), "{text}");
    assert!(!text.contains("Copyright the ministry"), "{text}");
}

#[test]
fn fetch_names_a_bad_address() {
    let dir = tempfile::tempdir().unwrap();
    let out = readouts(dir.path())
        .args(["fetch", "--into", "c", "ftp://example.org/feed"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("'ftp://example.org/feed' is not an http or https address"));
}
