//! The publication date: from a dateline such as `BAKU, Azerbaijan, September 18.` at the
//! head of the story, and `parse_date` for a date given in a field (front matter, JSON, CSV).
//! Dates inside the story are never read as the publication date.

use crate::readout::Day;

/// A dateline at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Dateline {
    pub month: u8,
    pub day: u8,
    pub year: Option<i32>,
    /// Bytes of the line the dateline takes, with its terminator and the space after it.
    pub len: usize,
}

impl Dateline {
    /// The day, with the dateline's own year or else `year`.
    pub(crate) fn day_in(self, year: Option<i32>) -> Option<Day> {
        Day::from_ymd(self.year.or(year)?, self.month, self.day).filter(|day| day.is_indexable())
    }
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Month names of other languages readouts are published in, by month: French, Spanish,
/// Portuguese, German, Italian, and Russian and Ukrainian in the nominative and genitive.
const OTHER_MONTHS: [&[&str]; 12] = [
    &[
        "janvier",
        "enero",
        "janeiro",
        "januar",
        "gennaio",
        "январь",
        "января",
        "січень",
        "січня",
    ],
    &[
        "février",
        "fevrier",
        "febrero",
        "fevereiro",
        "februar",
        "febbraio",
        "февраль",
        "февраля",
        "лютий",
        "лютого",
    ],
    &[
        "mars",
        "marzo",
        "março",
        "marco",
        "märz",
        "maerz",
        "март",
        "марта",
        "березень",
        "березня",
    ],
    &[
        "avril",
        "abril",
        "aprile",
        "апрель",
        "апреля",
        "квітень",
        "квітня",
    ],
    &[
        "mai",
        "mayo",
        "maio",
        "maggio",
        "май",
        "мая",
        "травень",
        "травня",
    ],
    &[
        "juin",
        "junio",
        "junho",
        "juni",
        "giugno",
        "июнь",
        "июня",
        "червень",
        "червня",
    ],
    &[
        "juillet",
        "julio",
        "julho",
        "juli",
        "luglio",
        "июль",
        "июля",
        "липень",
        "липня",
    ],
    &[
        "août",
        "aout",
        "agosto",
        "august",
        "август",
        "августа",
        "серпень",
        "серпня",
    ],
    &[
        "septembre",
        "septiembre",
        "setiembre",
        "setembro",
        "settembre",
        "сентябрь",
        "сентября",
        "вересень",
        "вересня",
    ],
    &[
        "octobre",
        "octubre",
        "outubro",
        "oktober",
        "ottobre",
        "октябрь",
        "октября",
        "жовтень",
        "жовтня",
    ],
    &[
        "novembre",
        "noviembre",
        "novembro",
        "ноябрь",
        "ноября",
        "листопад",
        "листопада",
    ],
    &[
        "décembre",
        "decembre",
        "diciembre",
        "dezembro",
        "dezember",
        "dicembre",
        "декабрь",
        "декабря",
        "грудень",
        "грудня",
    ],
];

/// A month by its name or its English abbreviation ("Sept.", "Sep", "September", "février",
/// "febrero", "февраля").
pub(crate) fn month_number(word: &str) -> Option<u8> {
    let word = word.trim_end_matches('.').to_lowercase();
    if word.chars().count() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| *m == word || (word.len() <= 4 && m.starts_with(&word)))
        .or_else(|| {
            OTHER_MONTHS
                .iter()
                .position(|names| names.contains(&word.as_str()))
        })
        .map(|i| i as u8 + 1)
}

/// `PLACE, [Country, ]Month Day[, Year]` followed by `.`, `:` or a dash.
pub(crate) fn dateline(line: &str) -> Option<Dateline> {
    // A place's name is short: the comma after it is near the start, and most lines, which
    // hold none, need not be read to their end.
    let head = &line.as_bytes()[..line.len().min(PLACE_BYTES)];
    let comma = memchr::memmem::find(head, b", ")?;
    let (place, rest) = (&line[..comma], &line[comma + 2..]);
    let mut rest = rest;
    if !is_place(place) {
        return None;
    }
    let starts_with_month = |s: &str| s.split(' ').next().and_then(month_number).is_some();
    if !starts_with_month(rest) {
        let (country, after) = rest.split_once(", ")?;
        if country.split(' ').count() > 4
            || !country.starts_with(char::is_uppercase)
            || country.chars().any(|c| c.is_ascii_digit())
        {
            return None;
        }
        rest = after;
    }
    let (month_word, after_month) = rest.split_once(' ')?;
    let month = month_number(month_word)?;
    let digits = after_month.len()
        - after_month
            .trim_start_matches(|c: char| c.is_ascii_digit())
            .len();
    if digits == 0 || digits > 2 {
        return None;
    }
    let day: u8 = after_month[..digits].parse().ok()?;
    let mut tail = &after_month[digits..];
    let mut year = None;
    for separator in [", ", " "] {
        if let Some(y) = tail.strip_prefix(separator)
            && y.len() >= 4
            && y.as_bytes()[..4].iter().all(u8::is_ascii_digit)
        {
            year = y[..4].parse().ok();
            tail = &y[4..];
            break;
        }
    }
    let after_terminator = [".", ":", " -", " —", " –", " ("]
        .iter()
        .find_map(|t| tail.strip_prefix(t))?;
    let end = line.len() - after_terminator.trim_start().len();
    Some(Dateline {
        month,
        day,
        year,
        len: end,
    })
}

/// How far into a line the comma after a dateline's place may be.
const PLACE_BYTES: usize = 64;

/// Words that open a phrase, not a place's name.
const NOT_PLACES: &[&str] = &[
    "Today",
    "Yesterday",
    "Tomorrow",
    "On",
    "In",
    "As",
    "At",
    "By",
    "Since",
    "From",
    "Until",
    "And",
    "But",
    "The",
    "This",
    "Last",
    "Next",
    "Earlier",
    "Later",
    "Meanwhile",
    "However",
];

/// A place's name as datelines write it: at most four words, each capitalised ("BAKU",
/// "Washington", "New Delhi", "D.C."), no weekday and no word that opens a phrase.
fn is_place(place: &str) -> bool {
    let words: Vec<&str> = place.split(' ').collect();
    let letters = place.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2
        && words.len() <= 4
        && place
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | '-' | '\'' | '’'))
        && words.iter().all(|w| w.starts_with(char::is_uppercase))
        && !words
            .iter()
            .any(|w| is_weekday(w) || NOT_PLACES.contains(&w.trim_end_matches('.')))
}

/// How many lines at the top of a readout may hold its dateline or date line.
const OPENING_LINES: usize = 5;

/// The publication date the opening lines of a text write (`lines` from the first, the title
/// line among them or not): a dateline with its year at the start of one of them
/// (`WASHINGTON, May 3, 2024 -` under a title), or a line that is only a date, with a place or
/// a weekday or in parentheses (`(February 19, 2025)`, `(Kyiv, 1 February 2022)`, `January 21,
/// 2025`), in the languages `month_number` reads. A date within a sentence or a heading is a
/// story's date, never taken.
pub(crate) fn opening_date(lines: &[String]) -> Option<Day> {
    lines
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .take(OPENING_LINES)
        .find_map(|line| {
            let from_dateline = dateline(line).and_then(|d| d.year.and_then(|_| d.day_in(None)));
            from_dateline.or_else(|| date_line(line))
        })
}

/// A line that is only a date: `[(][Place, ][Weekday, ]DATE[ time][)]`.
pub(crate) fn date_line(line: &str) -> Option<Day> {
    let line = line.trim().trim_end_matches('.');
    let line = match line.strip_prefix('(') {
        Some(inner) => inner.strip_suffix(')')?,
        None => line,
    };
    let line = line.trim();
    if line.len() > 60 {
        return None;
    }
    let date = match line.split_once(", ") {
        Some((place, rest))
            if is_place(place) && !is_weekday(place) && month_number(place).is_none() =>
        {
            rest
        }
        _ => line,
    };
    written_date(date)
}

/// A date as a line writes it, in `parse_date`'s forms and their other languages' ("1 de
/// febrero de 2022", "1 февраля 2022 года").
fn written_date(text: &str) -> Option<Day> {
    let text = text
        .trim()
        .trim_end_matches(" года")
        .trim_end_matches(" г")
        .trim_end_matches(" р");
    let words: Vec<&str> = text
        .split(' ')
        .filter(|w| !matches!(*w, "de" | "del" | "le" | "el"))
        .collect();
    parse_date(&words.join(" "))
}

/// The date a title ends with ("Visit by the President of the Maldives Canberra 3 June 2010"):
/// the day of its release, as some publishers write it.
pub(crate) fn title_date(title: &str) -> Option<Day> {
    let words: Vec<&str> = title.split_whitespace().collect();
    let last = words.len().checked_sub(3).map(|i| words[i..].join(" "))?;
    let last = last
        .trim_start_matches(['-', '–', '—', '(', ','])
        .trim_end_matches(')');
    let year_last = words
        .last()
        .is_some_and(|w| w.trim_end_matches(')').len() == 4);
    // "… Canberra 3 June 2010" is the release's day; "Anniversary of 7 October 2023" is not.
    let before = words.len().checked_sub(4).map(|i| words[i]);
    let named_before = before.is_some_and(|w| w.starts_with(char::is_uppercase));
    (year_last && named_before)
        .then(|| parse_date(last.trim()))
        .flatten()
}

/// How many lines at the top of a text may give a year-less dateline its year.
const YEAR_LINES: usize = 3;

/// The year for a dateline that has none (`BAKU, Azerbaijan, September 18.`): the year of a
/// date near the top that names the same month and day ("on September 18, 2025"). A year next
/// to another day may be a story date, so it is never taken: no date beats a wrong one.
pub(crate) fn year_near_top(lines: &[String], dateline: Dateline) -> Option<i32> {
    lines
        .iter()
        .take(YEAR_LINES)
        .flat_map(|line| dates_in(line))
        .find(|day| day.month() == dateline.month && day.day() == dateline.day)
        .map(Day::year)
}

/// The full dates (`September 18, 2025`, `18 September 2025`) written in `line`.
fn dates_in(line: &str) -> impl Iterator<Item = Day> + '_ {
    let words: Vec<&str> = line
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    (0..words.len().saturating_sub(2)).filter_map(move |i| {
        let three = words[i..i + 3].join(" ");
        parse_date(three.trim_end_matches(['.', ';', ':', ')']))
    })
}

/// A date given in a field, in the common formats: `2025-09-18` (also with a time after it, as
/// RFC 3339 writes it), `2025/09/18`, `20250918`, `18 September 2025`, `September 18, 2025`,
/// `Sept. 18 2025`, `18.09.2025`, with or without a weekday before it and a time after it (RFC
/// 2822, as feeds write `pubDate`: `Thu, 18 Sep 2025 10:30:00 +0000`), and Unix epoch seconds
/// (or milliseconds), read in UTC. A time's zone never moves the day: the publisher's own day
/// is the one written. Slashed day-month orders (`09/18/2025`) are ambiguous and refused: no
/// date beats a wrong one. So is a day the index cannot hold.
pub(crate) fn parse_date(text: &str) -> Option<Day> {
    written_day(text).filter(|day| day.is_indexable())
}

/// The day `text` writes, in any of the forms `parse_date` reads.
fn written_day(text: &str) -> Option<Day> {
    let text = text.trim();
    let first = text.split([',', ' ']).next().unwrap_or("");
    let text = if is_weekday(first) {
        text[first.len()..].trim_start_matches([',', ' '])
    } else {
        text
    };
    if let Some(day) = compact_or_epoch(text) {
        return Some(day);
    }
    if let Some(iso) = text.get(..10)
        && text[10..]
            .chars()
            .next()
            .is_none_or(|c| c == 'T' || c == ' ')
    {
        if let Ok(day) = iso.parse::<Day>() {
            return Some(day);
        }
        if let Ok(day) = iso.replace('/', "-").parse::<Day>() {
            return Some(day);
        }
    }
    let numbers = |parts: &[&str]| -> Option<Vec<u32>> {
        parts
            .iter()
            .map(|p| {
                (!p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| p.parse().ok())
                    .flatten()
            })
            .collect()
    };
    let dotted: Vec<&str> = text.split('.').collect();
    if dotted.len() == 3
        && dotted[2].len() == 4
        && dotted[0].len() <= 2
        && dotted[1].len() <= 2
        && let Some(n) = numbers(&dotted)
    {
        return Day::from_ymd(n[2] as i32, n[1] as u8, n[0] as u8);
    }
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let [a, b, year] = match words.as_slice() {
        [a, b, year, time, ..] if is_time(time) => [a, b, year],
        [a, b, year] => [a, b, year],
        _ => return None,
    };
    let year = (year.len() == 4).then(|| numbers(&[year])).flatten()?[0] as i32;
    let day_number = |w: &str| -> Option<u8> {
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        let suffix = &w[digits.len()..];
        if !matches!(suffix, "" | "st" | "nd" | "rd" | "th") || digits.len() > 2 {
            return None;
        }
        numbers(&[digits]).map(|n| n[0] as u8)
    };
    let (month, day) = match (month_number(a), month_number(b)) {
        (Some(m), None) => (m, day_number(b)?),
        (None, Some(m)) => (m, day_number(a)?),
        _ => return None,
    };
    Day::from_ymd(year, month, day)
}

/// `20250918` (also with a time after a `T`), or Unix epoch seconds (9 to 11 digits, a
/// fraction allowed) or milliseconds (12 or 13 digits).
fn compact_or_epoch(text: &str) -> Option<Day> {
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let (number, rest) = text.split_at(digits);
    match digits {
        8 if rest.is_empty() || rest.starts_with('T') => {
            let n = |range: std::ops::Range<usize>| number[range].parse::<u32>().ok();
            Day::from_ymd(n(0..4)? as i32, n(4..6)? as u8, n(6..8)? as u8)
        }
        9..=13 => {
            let fraction = rest.strip_prefix('.').unwrap_or(rest);
            if !fraction.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let value: i64 = number.parse().ok()?;
            let seconds = if digits >= 12 { value / 1000 } else { value };
            Day::from_unix_seconds(seconds)
        }
        _ => None,
    }
}

/// A time of day after a date (`10:30`, `10:30:00`, `10:30:00.000Z`), whatever zone follows.
fn is_time(word: &str) -> bool {
    let mut parts = word.split(':');
    let hour = parts.next().unwrap_or("");
    let minute = parts.next().unwrap_or("");
    !hour.is_empty()
        && hour.len() <= 2
        && hour.bytes().all(|b| b.is_ascii_digit())
        && minute.len() >= 2
        && minute.as_bytes()[..2].iter().all(u8::is_ascii_digit)
}

/// A weekday written out or abbreviated ("Thursday", "Thu", "Thurs.").
fn is_weekday(word: &str) -> bool {
    const WEEKDAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let word = word.trim().trim_end_matches('.').to_lowercase();
    word.len() >= 3 && WEEKDAYS.iter().any(|d| d.starts_with(&word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dateline_with_country_and_no_year() {
        let line = "BAKU, Azerbaijan, September 18. Speaker of the Parliament";
        let d = dateline(line).unwrap();
        assert_eq!((d.month, d.day, d.year), (9, 18, None));
        assert_eq!(&line[d.len..], "Speaker of the Parliament");
        assert_eq!(d.day_in(Some(2025)), "2025-09-18".parse().ok());
        assert_eq!(d.day_in(None), None);
    }

    #[test]
    fn dateline_with_year_and_abbreviated_month() {
        let d = dateline("WASHINGTON, Sept. 3, 2024 - The Secretary").unwrap();
        assert_eq!(d.day_in(None), "2024-09-03".parse().ok());
    }

    #[test]
    fn ordinary_sentences_are_not_datelines() {
        for line in [
            "Azerbaijan, Malaysia chart new path for cooperation",
            "During his official visit to the Kingdom of Bahrain, the minister met",
            "The talks, held in Baku, September 18 were productive.",
            "BAKU, Azerbaijan, the capital, hosted",
        ] {
            assert_eq!(dateline(line), None, "{line}");
        }
    }

    #[test]
    fn fields_in_the_common_formats() {
        let day = "2025-09-18".parse().ok();
        for text in [
            "2025-09-18",
            "2025-09-18T10:30:00Z",
            "2025/09/18",
            "18 September 2025",
            "18th September 2025",
            "September 18, 2025",
            "Sept. 18, 2025",
            "Thursday, September 18, 2025",
            "18.09.2025",
            " 18.9.2025 ",
            "Thu, 18 Sep 2025 10:30:00 +0000",
            "Thu, 18 Sep 2025 23:59:59 -0500",
            "18 Sep 2025 10:30 GMT",
            "Thurs. September 18, 2025 10:30 AM",
            "2025-09-18T23:30:00-05:00",
            "2025-09-18 10:30:00",
            "20250918",
            "20250918T103000Z",
            "1758191400",
            "1758191400.25",
            "1758191400000",
        ] {
            assert_eq!(parse_date(text), day, "{text}");
        }
    }

    #[test]
    fn fields_that_are_not_one_day_are_refused() {
        for text in [
            "09/18/2025",
            "18/09/2025",
            "2025-02-30",
            "30.02.2025",
            "September 2025",
            "September 18",
            "18 Septober 2025",
            "yesterday",
            "",
            "20250230",
            "2025091",
            "17581914000000000",
            "1758191400 seconds",
            "18 Sep 2025 tomorrow",
            "Thu, 30 Feb 2025 10:30:00 +0000",
        ] {
            assert_eq!(parse_date(text), None, "{text}");
        }
    }

    #[test]
    fn a_yearless_dateline_takes_the_year_of_the_same_day_near_the_top() {
        let lines = |text: &str| text.lines().map(str::to_string).collect::<Vec<_>>();
        let head = "BAKU, Azerbaijan, September 18. The talks on September 18, 2025 went well.";
        let d = dateline(head).unwrap();
        assert_eq!(year_near_top(&lines(head), d), Some(2025));
        let story = "BAKU, Azerbaijan, September 18. Relations began on April 5, 1993.";
        assert_eq!(year_near_top(&lines(story), dateline(story).unwrap()), None);
    }

    #[test]
    fn a_date_line_or_a_dateline_in_the_opening_lines_dates_the_readout() {
        let lines = |text: &str| text.lines().map(str::to_string).collect::<Vec<_>>();
        for (text, expected) in [
            (
                "Secretary's Remarks\nWASHINGTON, May 3, 2024 - The Secretary met",
                "2024-05-03",
            ),
            (
                "A title\n(February 19, 2025)\nThe President met",
                "2025-02-19",
            ),
            ("Title\n(Kyiv, 1 February 2022)\nText", "2022-02-01"),
            (
                "MEMORANDUM\nJanuary 21, 2025\nText of the memo",
                "2025-01-21",
            ),
            ("Title\nThursday, January 13, 2022\nText", "2022-01-13"),
            (
                "Washington, D.C., March 29, 2008 - In a meeting",
                "2008-03-29",
            ),
            ("Communiqué\nParis, le 3 février 2023\nTexte", "2023-02-03"),
            (
                "Comunicado\nMadrid, 5 de marzo de 2024\nTexto",
                "2024-03-05",
            ),
            (
                "Заявление\nМосква, 1 февраля 2022 года\nТекст",
                "2022-02-01",
            ),
        ] {
            assert_eq!(opening_date(&lines(text)), expected.parse().ok(), "{text}");
        }
    }

    #[test]
    fn headings_and_story_dates_in_the_opening_lines_date_nothing() {
        let lines = |text: &str| text.lines().map(str::to_string).collect::<Vec<_>>();
        for text in [
            "NOMINATIONS SENT TO THE SENATE ON THURSDAY, JANUARY 13, 2022:\nJohn Doe, of Ohio",
            "On June 25, 2024, the Secretary will meet the Foreign Minister.",
            "The leaders met on 1 March 2010 in Canberra.",
            "Today, March 5, 2024: a statement follows.",
            "Relations began on April 5, 1993.",
        ] {
            assert_eq!(opening_date(&lines(text)), None, "{text}");
        }
    }

    #[test]
    fn a_title_may_end_with_its_release_day() {
        let day = |t: &str| title_date(t).map(|d| d.to_string());
        assert_eq!(
            day("Visit to Australia by the President of the Maldives Canberra 3 June 2010")
                .as_deref(),
            Some("2010-06-03")
        );
        assert_eq!(day("Statement on the anniversary of 7 October 2023"), None);
        assert_eq!(
            day("Secretary Blinken's Call with Foreign Minister Rau"),
            None
        );
    }

    #[test]
    fn months_by_name_and_abbreviation() {
        assert_eq!(month_number("September"), Some(9));
        assert_eq!(month_number("Sept."), Some(9));
        assert_eq!(month_number("Jan"), Some(1));
        assert_eq!(month_number("Ma"), None);
        assert_eq!(month_number("Mayor"), None);
    }
}
