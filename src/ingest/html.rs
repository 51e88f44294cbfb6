//! Web pages: a readout per page, its own text taken by a readability port (dom_smoothie), so
//! menus, share bars, related lists and footers are left behind, and the page's metadata as
//! given fields. A page that lists many releases is skipped with a note, not indexed. It does
//! not interpret the text: datelines, people and countries are extraction's job.

use dom_query::Document;
use dom_smoothie::{Config, Readability, TextMode};
use encoding_rs::{Encoding, UTF_8};
use serde_json::Value;

use super::Records;
use crate::extract::date::parse_date;
use crate::readout::Given;

/// How far into a page its `<meta charset>` is looked for: HTML requires it in the first 1024
/// bytes; real pages put comments and scripts before it, so a little more.
const CHARSET_WINDOW: usize = 4096;

/// The page's bytes as text, in the character set it declares (a byte-order mark, then
/// `<meta charset>` or `http-equiv` content-type), UTF-8 when it declares none. Returns the
/// text and whether bytes had to be replaced.
pub(super) fn decode(bytes: &[u8]) -> (String, bool) {
    let encoding = Encoding::for_bom(bytes)
        .map(|(encoding, _)| encoding)
        .or_else(|| declared_charset(&bytes[..bytes.len().min(CHARSET_WINDOW)]))
        .or_else(|| xml_encoding(bytes))
        .unwrap_or(UTF_8);
    let (text, _, replaced) = encoding.decode(bytes);
    (text.into_owned(), replaced)
}

/// The encoding a page's head declares with `charset=NAME`, in a `<meta>` tag.
fn declared_charset(head: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut rest = head.as_str();
    while let Some(at) = rest.find("charset") {
        rest = &rest[at + "charset".len()..];
        let value = rest.trim_start().strip_prefix('=')?.trim_start();
        let value = value.trim_start_matches(['"', '\'']);
        let end = value
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == ':'))
            .unwrap_or(value.len());
        if let Some(encoding) = Encoding::for_label(&value.as_bytes()[..end]) {
            // A page saved as UTF-16 is read by its mark; a label naming it is a lie.
            return Some(encoding.output_encoding());
        }
    }
    None
}

/// The encoding an XML declaration names (`<?xml version="1.0" encoding="windows-1251"?>`),
/// as feeds declare it.
fn xml_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(256)]).to_ascii_lowercase();
    let declaration = head
        .trim_start()
        .strip_prefix("<?xml")?
        .split("?>")
        .next()?;
    let value = declaration
        .split("encoding")
        .nth(1)?
        .trim_start()
        .strip_prefix('=')?;
    let value = value.trim_start().trim_start_matches(['"', '\'']);
    let end = value.find(['"', '\'', ' ']).unwrap_or(value.len());
    Encoding::for_label(&value.as_bytes()[..end]).map(Encoding::output_encoding)
}

/// What a page gives, before extraction.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Page {
    pub title: Option<String>,
    pub date: Option<String>,
    /// Where the date was found: `article:published_time`, `datePublished`, `<time>`.
    pub date_from: Option<&'static str>,
    pub url: Option<String>,
    pub language: Option<String>,
    pub site: Option<String>,
    /// The readout's own text, paragraphs on lines of their own.
    pub text: String,
}

/// Why a page is not a readout.
#[derive(Debug, PartialEq)]
pub(super) enum NotAReadout {
    /// Many links to other pages, little text of its own: an index of releases.
    Listing { links: usize },
    /// No block of text the extractor could call the page's own.
    NoText,
}

impl std::fmt::Display for NotAReadout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotAReadout::Listing { links } => {
                write!(f, "a listing of {links} links, not one readout")
            }
            NotAReadout::NoText => write!(f, "no text of its own (a menu or an empty page)"),
        }
    }
}

/// Reads a page: its text through the readability port, its metadata from the head.
pub(super) fn page(html: &str) -> Result<Page, NotAReadout> {
    let document = Document::from(html);
    document.select(FURNITURE).remove();
    if let Some(links) = listing(&document) {
        return Err(NotAReadout::Listing { links });
    }
    let time = first_time(&document);
    let language = document
        .select("html")
        .attr("lang")
        .map(|lang| lang.trim().to_string())
        .filter(|lang| !lang.is_empty());
    let canonical = document
        .select(r#"link[rel="canonical"]"#)
        .attr("href")
        .map(|href| href.trim().to_string())
        .filter(|href| !href.is_empty());
    let headline = document
        .select("h1")
        .first()
        .text()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let config = Config {
        text_mode: TextMode::Formatted,
        ..Config::default()
    };
    let mut readability = Readability::with_document(document, None, Some(config))
        .map_err(|_| NotAReadout::NoText)?;
    let article = readability.parse().map_err(|_| NotAReadout::NoText)?;
    let text = tidy(&article.text_content);
    if text.is_empty() {
        return Err(NotAReadout::NoText);
    }
    let site = article
        .site_name
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    let title = title(&article.title, &headline, site.as_deref());
    let (date, date_from) = match article.published_time.filter(|d| parse_date(d).is_some()) {
        Some(date) => (Some(date), Some("page metadata (published time)")),
        None => match time {
            Some((date, from)) => (Some(date), Some(from)),
            None => match dateline(&text) {
                Some(date) => (Some(date), Some("visible dateline")),
                None => (None, None),
            },
        },
    };
    Ok(Page {
        title,
        date,
        date_from,
        url: canonical.or(article.url),
        language: language.or(article.lang),
        site,
        text,
    })
}

/// The first `<time datetime>` whose value reads as a date, else a date given in the head
/// under a name CMSes use (`date`, `DC.date.issued`, `itemprop=datePublished`).
fn first_time(document: &Document) -> Option<(String, &'static str)> {
    let first = |selector: &str, attribute: &str| {
        document
            .select(selector)
            .iter()
            .filter_map(|node| node.attr(attribute))
            .map(|value| value.trim().to_string())
            .find(|value| parse_date(value).is_some())
    };
    first("time[datetime]", "datetime")
        .map(|date| (date, "<time datetime>"))
        .or_else(|| {
            first(
                r#"meta[name="date"], meta[name="DC.date.issued"], meta[name="dcterms.date"], meta[itemprop="datePublished"]"#,
                "content",
            )
            .map(|date| (date, "<meta name=date>"))
        })
}

/// Page furniture that CMSes (Drupal, WordPress, Bitrix, gov.uk and ministries' own) mark by
/// element, role or class: taken off before the readability port scores the page, so a menu
/// or a footer can never be chosen as its text.
const FURNITURE: &str = "nav, header, footer, aside, form, script, style, noscript, \
    [role=navigation], [role=banner], [role=contentinfo], [aria-label*=breadcrumb], \
    [class*=breadcrumb], [class*=share], [class*=social], [class*=cookie], [id*=cookie], \
    [class*=related], [class*=menu], [class*=pager], [class*=pagination], [class*=sidebar], \
    [class*=footer], [class*=header], [class*=tags]";

/// Past this many headline links (four words or more) and no paragraph of its own, a page
/// is an index of releases: a readout has paragraphs, a listing is made of links.
const LISTING_LINKS: usize = 6;
const OWN_PARAGRAPH: usize = 200;

/// The number of headline links of a page that lists releases, none for a readout.
fn listing(document: &Document) -> Option<usize> {
    let links = document
        .select("body a")
        .iter()
        .filter(|a| a.text().split_whitespace().count() >= 4)
        .count();
    if links < LISTING_LINKS {
        return None;
    }
    let own_paragraph = document
        .select("body p")
        .iter()
        .any(|p| p.text().trim().len() >= OWN_PARAGRAPH && p.select("a").length() == 0);
    (!own_paragraph).then_some(links)
}

/// A date the page's first lines show alone or after a word ("Published 3 March 2025").
fn dateline(text: &str) -> Option<String> {
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .take(6)
        .filter(|line| line.split_whitespace().count() <= 6)
        .find_map(|line| {
            let line = line.trim();
            let after_word = line.split_once(' ').map_or("", |(_, rest)| rest);
            [line, after_word]
                .into_iter()
                .find(|candidate| parse_date(candidate).is_some())
                .map(str::to_string)
        })
}

/// The headline: the page's own title (metadata, else `<title>`), less the site's name; the
/// `<h1>` when the title is only the site's name.
fn title(meta: &str, headline: &str, site: Option<&str>) -> Option<String> {
    let mut title = meta.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(site) = site {
        for separator in [" | ", " - ", " – ", " — ", " :: ", " » "] {
            if let Some(rest) = title.strip_suffix(&format!("{separator}{site}")) {
                title = rest.to_string();
            } else if let Some(rest) = title.strip_prefix(&format!("{site}{separator}")) {
                title = rest.to_string();
            }
        }
        if title.eq_ignore_ascii_case(site) {
            title.clear();
        }
    }
    if title.is_empty() {
        title = headline.to_string();
    }
    (!title.is_empty()).then_some(title)
}

/// A fragment of markup (a feed item's content) as text: paragraphs and line breaks on lines
/// of their own, entities decoded, scripts and styles dropped.
pub(super) fn fragment_text(html: &str) -> String {
    let document = Document::from(html);
    document.select("script, style, noscript").remove();
    tidy(&document.formatted_text())
}

/// The extracted text with runs of blank lines and spaces made single, lines trimmed.
pub(super) fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line = line.split_whitespace().collect::<Vec<_>>().join(" ");
        if line.is_empty() {
            if !out.is_empty() && !out.ends_with("\n\n") {
                out.push('\n');
            }
            continue;
        }
        out.push_str(&line);
        out.push('\n');
    }
    out.trim_end().to_string()
}

/// Reads one page as a readout, or notes why it is none.
pub(super) fn read(html: &str, records: &mut Records) {
    // A parser's panic on a malformed page costs that page, never the run.
    let parsed = std::panic::catch_unwind(|| page(html));
    let Ok(parsed) = parsed else {
        records.bad(0, "the page could not be parsed as HTML".into());
        return;
    };
    match parsed {
        Ok(page) => {
            let mut given = Given {
                title: page.title,
                date: page.date.as_deref().and_then(parse_date),
                source: page.site,
                url: page.url,
                ..Given::default()
            };
            if let Some(language) = page.language {
                given
                    .extra
                    .insert("language".into(), Value::String(language));
            }
            if let Some(from) = page.date_from.filter(|_| given.date.is_some()) {
                given
                    .extra
                    .insert("date_from".into(), Value::String(from.into()));
            }
            records.readout(None, 0, page.text, given);
        }
        Err(why) => records.not_a_readout(why.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_declared_charset_is_decoded() {
        let mut page = b"<html><head><meta charset=windows-1251></head><body>".to_vec();
        page.extend([0xcc, 0xe8, 0xf0]); // "Мир"
        let (text, replaced) = decode(&page);
        assert!(text.ends_with("Мир"), "{text}");
        assert!(!replaced);
        let (text, _) = decode(
            b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=KOI8-R\">\xed\xc9\xd2",
        );
        assert!(text.ends_with("Мир"), "{text}");
        assert_eq!(decode("<p>déjà</p>".as_bytes()).0, "<p>déjà</p>");
    }

    #[test]
    fn the_site_name_is_taken_off_the_title() {
        let site = Some("Ministry of Foreign Affairs");
        assert_eq!(
            title(
                "Minister meets envoy | Ministry of Foreign Affairs",
                "",
                site
            )
            .as_deref(),
            Some("Minister meets envoy")
        );
        assert_eq!(
            title("Ministry of Foreign Affairs", "Minister meets envoy", site).as_deref(),
            Some("Minister meets envoy")
        );
        assert_eq!(title("", "", None), None);
    }
}

#[cfg(test)]
mod fixtures {
    use super::*;

    fn fixture(name: &str) -> Result<Page, NotAReadout> {
        let path = format!("{}/tests/fixtures/web/{name}", env!("CARGO_MANIFEST_DIR"));
        page(&decode(&std::fs::read(path).unwrap()).0)
    }

    #[test]
    fn pages_give_their_own_text_and_metadata_without_furniture() {
        let furniture = [
            "Privacy policy",
            "cookies",
            "Related news",
            "Share",
            "Home",
            "Contacts",
            "©",
            "Главная",
            "Все права",
        ];
        for (name, title, date) in [
            (
                "cms-article.html",
                "Foreign Minister meets the Foreign Minister of Malaysia",
                "2025-05-12",
            ),
            (
                "dateline-only.html",
                "Readout of the Foreign Secretary's call with the Foreign Minister of Finland",
                "3 March 2025",
            ),
            (
                "windows-1251.html",
                "О встрече Министра иностранных дел с Министром иностранных дел Казахстана",
                "2025-04-18",
            ),
        ] {
            let page = fixture(name).unwrap();
            assert_eq!(page.title.as_deref(), Some(title), "{name}");
            assert!(
                page.date.as_deref().unwrap().starts_with(date),
                "{name}: {:?}",
                page.date
            );
            for word in furniture {
                assert!(!page.text.contains(word), "{name}: {word} in {}", page.text);
            }
        }
        let cms = fixture("cms-article.html").unwrap();
        assert_eq!(
            cms.url.as_deref(),
            Some("https://mfa.example.gov/en/news/4512-minister-meets-malaysia")
        );
        assert_eq!(cms.site.as_deref(), Some("Ministry of Foreign Affairs"));
        assert!(
            cms.text
                .starts_with("On 12 May, Foreign Minister Jeyhun Bayramov")
        );
        assert_eq!(
            fixture("windows-1251.html").unwrap().language.as_deref(),
            Some("ru")
        );
    }

    #[test]
    fn a_listing_of_releases_is_not_a_readout() {
        assert!(matches!(
            fixture("listing.html"),
            Err(NotAReadout::Listing { .. })
        ));
    }
}
