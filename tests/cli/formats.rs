//! Readouts as ministries publish them: the seeds rendered as web pages in a CMS's layout and
//! as the items of a feed give the countries, organizations and counterparts the `.txt` seeds
//! give, with nothing of the page's furniture; the feed and PDF fixtures index with their
//! titles, dates and urls.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use super::{readouts, seeds_dir, stderr};

/// What `extract --json` finds in each file of `paths`, in order.
fn extracted(dir: &Path, paths: &[&Path]) -> Vec<Value> {
    let out = readouts(dir)
        .arg("extract")
        .arg("--json")
        .args(paths)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn set(value: &Value, key: &str, field: Option<&str>) -> BTreeSet<String> {
    (value[key].as_array().unwrap().iter())
        .map(|v| match field {
            Some(f) => v[f].as_str().unwrap().to_string(),
            None => v.as_str().unwrap().to_string(),
        })
        .collect()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A seed as a ministry's CMS would show it: a menu, breadcrumbs, a share bar, the article, a
/// list of related news and a footer.
fn as_page(title: &str, paragraphs: &[&str]) -> String {
    let body: String = paragraphs
        .iter()
        .map(|p| format!("<p>{}</p>\n", escape(p)))
        .collect();
    format!(
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{t} | Ministry of Foreign Affairs</title>
<meta property="og:site_name" content="Ministry of Foreign Affairs">
<link rel="canonical" href="https://mfa.example.org/news/{slug}"></head>
<body><header><nav class="main-menu"><a href="/">Home</a> <a href="/consular">Consular services</a>
<a href="/ministry">The Ministry</a> <a href="/contact">Contacts of the Embassy of Japan</a></nav></header>
<div class="breadcrumbs"><a href="/">Home</a> / <a href="/news">News</a></div>
<main><article><h1>{t}</h1>
<time datetime="2025-05-12">12 May 2025</time>
{body}</article>
<div class="share-bar">Share: Facebook Twitter Telegram</div>
<aside class="related-news"><h2>Related news</h2><ul>
<li><a href="/n/1">Minister receives the Ambassador of Brazil to discuss the BRICS summit</a></li>
<li><a href="/n/2">Deputy Minister meets the delegation of the European Union on trade</a></li>
</ul></aside></main>
<footer class="site-footer">© Ministry of Foreign Affairs of the Kingdom of Norway. All rights reserved.</footer>
</body></html>"#,
        t = escape(title),
        slug = title.len(),
    )
}

#[test]
fn the_seeds_as_web_pages_and_as_feed_items_give_what_the_txt_seeds_give() {
    let dir = tempfile::tempdir().unwrap();
    let mut seeds: Vec<_> = std::fs::read_dir(seeds_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    seeds.sort();
    let seed_paths: Vec<&Path> = seeds.iter().map(|p| p.as_path()).collect();
    let as_txt = extracted(dir.path(), &seed_paths);
    let mut items = String::new();
    let mut pages = Vec::new();
    for (n, seed) in seeds.iter().enumerate() {
        let text = std::fs::read_to_string(seed).unwrap();
        let mut lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        // The headline, when the seed has one; else the page's title is the derived one and
        // every line is text.
        let title = as_txt[n]["title"].as_str().unwrap().to_string();
        if !as_txt[n]["title_derived"].as_bool().unwrap() {
            lines.remove(0);
        }
        let paragraphs = lines;
        let page = dir.path().join(format!("{n}.html"));
        std::fs::write(&page, as_page(&title, &paragraphs)).unwrap();
        pages.push(page);
        let content: String = paragraphs
            .iter()
            .map(|p| format!("<p>{}</p>", escape(p)))
            .collect();
        items.push_str(&format!(
            "<item><title>{}</title><link>https://mfa.example.org/{n}</link><guid>seed-{n}</guid>\
             <pubDate>Mon, 12 May 2025 10:00:00 +0400</pubDate><description>{}</description></item>\n",
            escape(&title),
            escape(&content)
        ));
    }
    let feed = dir.path().join("seeds.rss");
    std::fs::write(
        &feed,
        format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Press</title>\n{items}</channel></rss>"),
    )
    .unwrap();
    let page_paths: Vec<&Path> = pages.iter().map(|p| p.as_path()).collect();
    let as_pages = extracted(dir.path(), &page_paths);
    let as_items = extracted(dir.path(), &[feed.as_path()]);
    assert_eq!(as_pages.len(), seeds.len());
    assert_eq!(as_items.len(), seeds.len());
    for ((txt, page), item) in as_txt.iter().zip(&as_pages).zip(&as_items) {
        for (name, other) in [("page", page), ("feed item", item)] {
            for (key, field) in [("countries", Some("code")), ("organizations", Some("id"))] {
                assert_eq!(
                    set(txt, key, field),
                    set(other, key, field),
                    "{name} {key}: {}",
                    txt["title"]
                );
            }
            assert_eq!(
                txt["counterparts"], other["counterparts"],
                "{name}: {}",
                txt["title"]
            );
            if !txt["title_derived"].as_bool().unwrap() {
                assert_eq!(txt["title"], other["title"], "{name}");
            }
        }
        assert_eq!(page["date"], "2025-05-12");
        assert_eq!(page["date_from"], "<time datetime>");
        assert_eq!(item["date"], "2025-05-12");
        let opening = page["opening"].to_string();
        assert!(!opening.contains("Home"), "{opening}");
    }
    // Nothing of the pages' furniture is indexed: no search finds it.
    let pages_dir = dir.path().join("pages");
    std::fs::create_dir(&pages_dir).unwrap();
    for page in &pages {
        std::fs::rename(page, pages_dir.join(page.file_name().unwrap())).unwrap();
    }
    let out = readouts(dir.path())
        .args(["index", "pages"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    for furniture in [
        "Consular",
        "Facebook",
        "\"Related news\"",
        "\"All rights reserved\"",
        "Brazil",
        "Japan",
    ] {
        let out = readouts(dir.path())
            .args(["search", furniture, "--json"])
            .output()
            .unwrap();
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["total"], 0, "{furniture} is indexed: {json}");
    }
    let out = readouts(dir.path())
        .args(["search", "Bayramov", "--json"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(json["total"].as_u64().unwrap() >= 3, "{json}");
}

#[test]
fn the_feed_and_pdf_fixtures_index_with_their_titles_dates_and_urls() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let dir = tempfile::tempdir().unwrap();
    let out = readouts(dir.path())
        .args(["index", "--threads", "1"])
        .arg(root.join("feeds"))
        .arg(root.join("pdf"))
        .output()
        .unwrap();
    let err = stderr(&out);
    // The broken PDF fails and is named; the scan is named; the rest is indexed.
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("broken.pdf"), "{err}");
    assert!(err.contains("scan.pdf: no text (scanned?)"), "{err}");
    let search = |query: &str| -> Value {
        let out = readouts(dir.path())
            .args(["search", query, "--json"])
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let full = search("Niinistö");
    let hit = &full["hits"][0];
    assert_eq!(
        hit["title"],
        "Telephone conversation with President of Finland Sauli Niinistö"
    );
    assert_eq!(hit["date"], "2023-02-06");
    assert_eq!(hit["url"], "https://president.example.org/events/70001");
    let summary = search("Bahraini");
    let hit = &summary["hits"][0];
    assert_eq!(
        hit["title"],
        "Foreign Minister met his Bahraini counterpart"
    );
    assert_eq!(hit["date"], "2025-06-02");
    assert_eq!(hit["url"], "https://mfa.example.gov/en/news/1021");
    let pdf = search("Bayramov");
    assert!(
        pdf["hits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["path"].as_str().unwrap().ends_with("readout.pdf")),
        "{pdf}"
    );
}
