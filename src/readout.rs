//! The one data model: what ingest reads of a file (`Source`), what extraction makes of it
//! (`Readout`), and what every later stage reads. Nothing downstream of extraction re-parses
//! text; it reads a `Readout`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use xxhash_rust::xxh3::{xxh3_64, xxh3_128};

/// Fields a file states about a readout; they win over extracted ones.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Given {
    pub id: Option<String>,
    pub title: Option<String>,
    pub date: Option<Day>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// Fields the format does not know, kept as they were.
    pub extra: Map<String, Value>,
}

/// One readout's text, before extraction.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// Absolute path of the file it came from: the key of incremental runs.
    pub path: String,
    /// Where in the file the readout is ("line 12", "record 3"), for files with many.
    pub locator: Option<String>,
    /// The line of the file the readout starts on, for files with many.
    pub line: Option<u64>,
    pub text: String,
    /// Hash of the whole file's bytes, in hex: tells an incremental run what changed.
    pub content_hash: String,
    pub given: Given,
}

impl Source {
    /// A source holding a whole file's text.
    pub fn new(path: String, text: String, bytes: &[u8]) -> Source {
        Source {
            path,
            locator: None,
            line: None,
            text,
            content_hash: content_hash(bytes),
            given: Given::default(),
        }
    }

    /// The stable id of the readout: the id its file gives, else a hash of where it is.
    pub fn id(&self) -> String {
        if let Some(id) = &self.given.id {
            return id.clone();
        }
        let key = match &self.locator {
            Some(locator) => format!("{}#{locator}", self.path),
            None => self.path.clone(),
        };
        format!("{:016x}", xxh3_64(key.as_bytes()))
    }
}

pub fn content_hash(bytes: &[u8]) -> String {
    format!("{:032x}", xxh3_128(bytes))
}

/// How many of a readout's first lines `opening_lines` gives, and how long each may be.
const OPENING_LINES: usize = 3;
const OPENING_CHARS: usize = 160;

/// One readout with the metadata extracted from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Readout {
    /// Stable identifier: a hash of the file's path, in hex.
    pub id: String,
    pub path: String,
    /// The line of `path` the readout starts on, when the file holds many (`feed.jsonl:12`).
    pub line: Option<u64>,
    pub title: String,
    /// True when the title was derived from the first sentence, not given as a headline.
    pub title_derived: bool,
    /// The publication day, when the text states it; never a date mentioned in the story.
    pub date: Option<Day>,
    /// The outlet that published or relayed the readout.
    pub source: Option<String>,
    /// Countries in order of mentions, most mentioned first.
    pub countries: Vec<CountryMention>,
    /// Organizations in order of mentions, most mentioned first.
    pub organizations: Vec<OrgMention>,
    /// The publishing side's country (ISO alpha-3), when it can be told: the outlet's country,
    /// else the country of the first official named with a country.
    pub home: Option<String>,
    /// The other countries (ISO alpha-3), most mentioned first: the meeting's other side.
    pub counterparts: Vec<String>,
    /// Officials named with their titles, most mentioned first.
    pub people: Vec<Person>,
    /// Places named (cities, regions, seas, a US state), most mentioned first.
    pub places: Vec<PlaceMention>,
    /// The cleaned text, without the headline, page junk and header lines.
    pub body: String,
    /// Hash of the file's bytes, in hex: tells an incremental run what changed.
    pub content_hash: String,
    /// The address the file gives for the readout.
    pub url: Option<String>,
    /// Fields the file gives that readouts does not know, kept as they were.
    #[serde(with = "json_text")]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Readout {
    /// The language a page or record gives (`language`, or `lang` as JSON records write it).
    pub fn language(&self) -> Option<&str> {
        ["language", "lang"]
            .iter()
            .find_map(|k| self.extra.get(*k).and_then(|v| v.as_str()))
    }

    /// The first lines of the text, each cut at `OPENING_CHARS`, for a person to see what was
    /// taken.
    pub fn opening_lines(&self) -> Vec<&str> {
        (self.body.lines())
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .take(OPENING_LINES)
            .map(|l| {
                l.char_indices()
                    .nth(OPENING_CHARS)
                    .map_or(l, |(i, _)| &l[..i])
            })
            .collect()
    }
}

/// Free-form JSON as its text, for formats that must know each field's type.
mod json_text {
    use serde::{Deserialize, Deserializer, Serializer};

    type Fields = serde_json::Map<String, serde_json::Value>;

    pub(super) fn serialize<S: Serializer>(
        fields: &Fields,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let text = serde_json::to_string(fields).map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(&text)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Fields, D::Error> {
        let text = String::deserialize(deserializer)?;
        serde_json::from_str(&text).map_err(serde::de::Error::custom)
    }
}

/// A country named in a readout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryMention {
    /// ISO 3166-1 alpha-3 code.
    pub code: String,
    pub name: String,
    /// UN M49 region and sub-region.
    pub region: String,
    pub subregion: String,
    pub mentions: u32,
}

/// An organization named in a readout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgMention {
    pub id: String,
    pub name: String,
    /// The id of the parent organization; a mention of a body counts for its parent too.
    pub parent: Option<String>,
    /// Ids from the top-level organization down to this one, as in the facet path.
    pub path: Vec<String>,
    pub mentions: u32,
}

/// An official named with a title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// The fullest form of the name in the text, styles such as "Dato' Seri" dropped.
    pub name: String,
    /// The title written with the fullest name: "Foreign Minister".
    pub title: String,
    /// ISO alpha-3 code of the country named with the title ("Malaysian Prime Minister").
    pub country: Option<String>,
    /// How many times the last word of the name occurs in the text.
    pub mentions: u32,
}

/// A place named in a readout: a city, region, sea or a country's namesake (a US state).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceMention {
    pub name: String,
    /// ISO alpha-3 code of the country it lies in, when it lies in one.
    pub country: Option<String>,
    pub mentions: u32,
}

/// A calendar day, written `YYYY-MM-DD` everywhere it leaves the program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(time::Date);

impl Day {
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Option<Day> {
        let month = time::Month::try_from(month).ok()?;
        time::Date::from_calendar_date(year, month, day)
            .ok()
            .map(Day)
    }

    pub fn year(self) -> i32 {
        self.0.year()
    }

    pub fn month(self) -> u8 {
        self.0.month() as u8
    }

    pub fn day(self) -> u8 {
        self.0.day()
    }

    /// Seconds since the Unix epoch at midnight UTC, as tantivy stores dates.
    pub fn unix_seconds(self) -> i64 {
        self.0.midnight().assume_utc().unix_timestamp()
    }

    /// Whether the index can hold the day: tantivy keeps dates as nanoseconds in an i64, from
    /// 1677-09-21 to 2262-04-11. A readout dated outside it is a misreading, not a readout.
    pub fn is_indexable(self) -> bool {
        (time::macros::date!(1678 - 01 - 01)..=time::macros::date!(2261 - 12 - 31))
            .contains(&self.0)
    }

    pub fn from_unix_seconds(seconds: i64) -> Option<Day> {
        time::OffsetDateTime::from_unix_timestamp(seconds)
            .ok()
            .map(|t| Day(t.date()))
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.year(),
            self.month(),
            self.day()
        )
    }
}

/// The reason a string is not a `YYYY-MM-DD` day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadDay;

impl FromStr for Day {
    type Err = BadDay;

    /// Parses exactly `YYYY-MM-DD`.
    fn from_str(s: &str) -> Result<Day, BadDay> {
        let bytes = s.as_bytes();
        let digits = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = bytes.get(range)?;
            if !part.iter().all(u8::is_ascii_digit) {
                return None;
            }
            std::str::from_utf8(part).ok()?.parse().ok()
        };
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return Err(BadDay);
        }
        let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) else {
            return Err(BadDay);
        };
        Day::from_ymd(y as i32, m as u8, d as u8).ok_or(BadDay)
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Day, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse()
            .map_err(|_| serde::de::Error::custom(format!("invalid date '{text}'")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_round_trips_through_text_and_seconds() {
        let day: Day = "2025-09-18".parse().unwrap();
        assert_eq!(day.to_string(), "2025-09-18");
        assert_eq!(Day::from_unix_seconds(day.unix_seconds()), Some(day));
    }

    #[test]
    fn day_rejects_what_is_not_a_calendar_day() {
        for bad in [
            "2025-02-30",
            "2025-13-01",
            "25-09-18",
            "2025/09/18",
            "2025-9-18",
            "",
        ] {
            assert_eq!(bad.parse::<Day>(), Err(BadDay), "{bad}");
        }
    }
}
