//! Clean-up: straighten quotes, drop scraped page junk, lift the `date` header line out of the
//! text. Everything else stays as written, for display.

use crate::readout::Day;

/// A text after clean-up.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Cleaned {
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

pub(super) fn clean(text: &str) -> Cleaned {
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
/// Plain ASCII runs are copied whole: only the rare characters are looked at one by one.
fn straighten(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (at, byte) in text.bytes().enumerate() {
        if byte.is_ascii() && byte != b'`' && byte != b'\r' {
            continue;
        }
        if at < copied || !text.is_char_boundary(at) {
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        let replacement = match c {
            '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '`' => Some("'"),
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' => Some("\""),
            '\u{00A0}' | '\u{2007}' | '\u{202F}' => Some(" "),
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' | '\r' => Some(""),
            _ => None,
        };
        if let Some(replacement) = replacement {
            out.push_str(&text[copied..at]);
            out.push_str(replacement);
            copied = at + c.len_utf8();
        }
    }
    out.push_str(&text[copied..]);
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
    let mut words = line
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '+' && c != '-'));
    let widget_word = |w: &str| {
        WIDGET_WORDS.iter().any(|x| x.eq_ignore_ascii_case(w))
            || w.bytes().all(|b| b.is_ascii_digit())
    };
    // Checked word by word, without allocating: a line of prose fails at its first word.
    let mut long_word = false;
    let only_widget_words = words.all(|w| {
        long_word |= w.len() > 2;
        widget_word(w)
    });
    let widget_symbols = || {
        line.chars()
            .any(|c| matches!(c, '↺' | '⟳' | '−' | '+' | '×' | '|' | '•'))
    };
    only_widget_words && (long_word || widget_symbols())
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
    fn other_characters_pass_through_straightening() {
        let c = clean("Türkiye’s “Gafarova”\u{00A0}met\u{200B} — Ελλάδα\r\nBaku");
        assert_eq!(c.lines, ["Türkiye's \"Gafarova\" met — Ελλάδα", "Baku"]);
    }

    #[test]
    fn curly_quotes_and_backticks_are_straightened() {
        let c = clean("Azerbaijan’s and Azerbaijan`s “words”");
        assert_eq!(c.lines, ["Azerbaijan's and Azerbaijan's \"words\""]);
    }
}
