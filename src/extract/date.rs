//! The publication date: from a dateline such as `BAKU, Azerbaijan, September 18.` at the
//! head of the story. Dates inside the story are never read as the publication date.

use crate::readout::Day;

/// A dateline at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dateline {
    pub month: u8,
    pub day: u8,
    pub year: Option<i32>,
    /// Bytes of the line the dateline takes, with its terminator and the space after it.
    pub len: usize,
}

impl Dateline {
    /// The day, with the dateline's own year or else `year`.
    pub fn day_in(self, year: Option<i32>) -> Option<Day> {
        Day::from_ymd(self.year.or(year)?, self.month, self.day)
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

/// A month by its English name or its abbreviation ("Sept.", "Sep", "September").
pub fn month_number(word: &str) -> Option<u8> {
    let word = word.trim_end_matches('.').to_lowercase();
    if word.len() < 3 {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| *m == word || (word.len() <= 4 && m.starts_with(&word)))
        .map(|i| i as u8 + 1)
}

/// `PLACE, [Country, ]Month Day[, Year]` followed by `.`, `:` or a dash.
pub fn dateline(line: &str) -> Option<Dateline> {
    let (place, mut rest) = line.split_once(", ")?;
    let letters = place.chars().filter(|c| c.is_alphabetic()).count();
    if letters < 2
        || place.chars().any(char::is_lowercase)
        || !place
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, ' ' | '.' | '-' | '\''))
    {
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
    fn months_by_name_and_abbreviation() {
        assert_eq!(month_number("September"), Some(9));
        assert_eq!(month_number("Sept."), Some(9));
        assert_eq!(month_number("Jan"), Some(1));
        assert_eq!(month_number("Ma"), None);
        assert_eq!(month_number("Mayor"), None);
    }
}
