//! Clean-up: straighten quotes, drop scraped page junk, lift the `date` header line out of the
//! text. Everything else stays as written, for display.

use crate::readout::Day;

/// A text after clean-up.
#[derive(Debug, Default, PartialEq)]
pub struct Cleaned {
    /// The day named by a `date YYYY-MM-DD` header line.
    pub header_date: Option<Day>,
    /// Content lines, trimmed; runs of blank lines become one empty line; no leading or
    /// trailing blank line.
    pub lines: Vec<String>,
}

/// How many leading lines may hold the `date` header (after a title line, as in the corpora).
const HEADER_LINES: usize = 3;

/// Words of share bars and font widgets: a line made only of these is page junk.
const WIDGET_WORDS: &[&str] = &[
    "share", "tweet", "print", "email", "e-mail", "facebook", "twitter", "telegram", "whatsapp",
    "linkedin", "copy", "link", "px", "font", "size", "a", "a+", "a-", "x", "vk", "reddit",
];

pub fn clean(text: &str) -> Cleaned {
    let text = straighten(text);
    let mut cleaned = Cleaned::default();
    let mut seen_content = 0;
    for raw in text.lines() {
        let mut line = raw.trim();
        if cleaned.header_date.is_none()
            && seen_content < HEADER_LINES
            && let Some((day, rest)) = header_date(line)
        {
            cleaned.header_date = Some(day);
            line = rest;
        }
        if is_junk(line) {
            continue;
        }
        if line.is_empty() {
            if cleaned.lines.last().is_some_and(|l| !l.is_empty()) {
                cleaned.lines.push(String::new());
            }
            continue;
        }
        seen_content += 1;
        cleaned.lines.push(line.to_string());
    }
    if cleaned.lines.last().is_some_and(String::is_empty) {
        cleaned.lines.pop();
    }
    cleaned
}

/// Curly quotes and backticks to ASCII, no-break spaces to spaces, zero-width characters out.
fn straighten(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '`' => out.push('\''),
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' => out.push('"'),
            '\u{00A0}' | '\u{2007}' | '\u{202F}' => out.push(' '),
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' | '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// `date YYYY-MM-DD`, and whatever follows it on the same line.
fn header_date(line: &str) -> Option<(Day, &str)> {
    let rest = line
        .strip_prefix("date ")
        .or_else(|| line.strip_prefix("Date "))
        .or_else(|| line.strip_prefix("date: "))
        .or_else(|| line.strip_prefix("Date: "))?
        .trim_start();
    let day = rest.get(..10)?.parse().ok()?;
    Some((day, rest[10..].trim_start()))
}

/// A line of page furniture: a font-size widget, a share bar, a rule of symbols.
fn is_junk(line: &str) -> bool {
    if line.is_empty() {
        return false;
    }
    if !line.chars().any(char::is_alphanumeric) {
        return true;
    }
    let words: Vec<String> = line
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '+' && c != '-'))
        .map(str::to_lowercase)
        .collect();
    let widget_symbols = line
        .chars()
        .any(|c| matches!(c, '↺' | '⟳' | '−' | '+' | '×' | '|' | '•'));
    let only_widget_words = words
        .iter()
        .all(|w| WIDGET_WORDS.contains(&w.as_str()) || w.chars().all(|c| c.is_ascii_digit()));
    only_widget_words && (widget_symbols || words.iter().any(|w| w.len() > 2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_header_with_text_after_it_on_the_same_line() {
        let c = clean(" date 2025-09-18 BAKU, Azerbaijan, September 18. Speaker met.\n\nMore.");
        assert_eq!(c.header_date, "2025-09-18".parse().ok());
        assert_eq!(
            c.lines,
            ["BAKU, Azerbaijan, September 18. Speaker met.", "", "More."]
        );
    }

    #[test]
    fn date_header_after_a_title_line() {
        let c = clean("A title\ndate 2021-05-21\n\nBody.");
        assert_eq!(c.header_date, "2021-05-21".parse().ok());
        assert_eq!(c.lines, ["A title", "", "Body."]);
    }

    #[test]
    fn a_date_deep_in_the_story_is_not_a_header() {
        let c = clean("One.\nTwo.\nThree.\ndate 2020-01-01");
        assert_eq!(c.header_date, None);
    }

    #[test]
    fn font_widget_and_share_bars_are_dropped() {
        let c = clean(" date 2025-05-12 + ↺ − 16 px\n\nShare | Tweet | Print\nDuring his visit.");
        assert_eq!(c.lines, ["During his visit."]);
    }

    #[test]
    fn short_real_lines_are_kept() {
        let c = clean("Body text.\nNews.Az\nBy Vafa Guliyeva\nA");
        assert_eq!(c.lines, ["Body text.", "News.Az", "By Vafa Guliyeva", "A"]);
    }

    #[test]
    fn curly_quotes_and_backticks_are_straightened() {
        let c = clean("Azerbaijan’s and Azerbaijan`s “words”");
        assert_eq!(c.lines, ["Azerbaijan's and Azerbaijan's \"words\""]);
    }
}
