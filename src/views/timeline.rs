//! The timeline: how many selected readouts were published in each year, month or week, with
//! the empty periods inside the range kept as zeros. Counts come from the `date` fast field in
//! one pass; no stored document is read.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use tantivy::collector::{Collector, Count, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DateTime, DocId, Score, SegmentReader};
use time::{Date, Month};

use crate::error::{Error, Result};
use crate::index::ReadoutIndex;
use crate::readout::Day;
use crate::search::threads;
use crate::search::{Selected, Selection, searcher, select};

/// The length of one bar of the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Year,
    Month,
    /// ISO weeks, Monday to Sunday, labelled `2025-W20`.
    Week,
}

impl Period {
    /// The name users type and JSON shows.
    pub fn name(self) -> &'static str {
        match self {
            Period::Year => "year",
            Period::Month => "month",
            Period::Week => "week",
        }
    }

    /// The first day of the period that holds `date`.
    fn start(self, date: Date) -> Date {
        match self {
            Period::Year => date.replace_ordinal(1).unwrap_or(date),
            Period::Month => date.replace_day(1).unwrap_or(date),
            Period::Week => {
                let back = i64::from(date.weekday().number_days_from_monday());
                date.checked_sub(time::Duration::days(back)).unwrap_or(date)
            }
        }
    }

    /// The first day of the next period, from the first day of one.
    fn next(self, start: Date) -> Option<Date> {
        match self {
            Period::Year => Date::from_calendar_date(start.year() + 1, Month::January, 1).ok(),
            Period::Month => {
                let year = start.year() + i32::from(start.month() == Month::December);
                Date::from_calendar_date(year, start.month().next(), 1).ok()
            }
            Period::Week => start.checked_add(time::Duration::days(7)),
        }
    }

    /// How the period starting on `start` is written: `2025`, `2025-05`, `2025-W20`.
    fn label(self, start: Date) -> String {
        match self {
            Period::Year => format!("{:04}", start.year()),
            Period::Month => format!("{:04}-{:02}", start.year(), start.month() as u8),
            Period::Week => {
                let (year, week, _) = start.to_iso_week_date();
                format!("{year:04}-W{week:02}")
            }
        }
    }
}

/// What the user asks for.
#[derive(Debug, Clone)]
pub struct TimelineRequest {
    pub selection: Selection,
    pub by: Period,
}

/// Matching readouts per period.
#[derive(Debug)]
pub struct Timeline {
    pub query: String,
    pub by: Period,
    /// Every selected readout, dated or not.
    pub total: usize,
    /// Selected readouts without a publication date: counted here, in no period.
    pub undated: u64,
    /// From the first period with a readout to the last, none skipped.
    pub periods: Vec<PeriodCount>,
    /// Things the user should know about how the query was read.
    pub notes: Vec<String>,
    pub took: Duration,
}

/// One bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodCount {
    pub label: String,
    /// The first day of the period.
    pub start: Day,
    pub count: u64,
}

/// Counts the selected readouts per period.
pub fn timeline(target: &ReadoutIndex, request: &TimelineRequest) -> Result<Timeline> {
    let started = Instant::now();
    let Selected { query, notes, .. } = select(target, &request.selection)?;
    let searcher = searcher(target)?;
    let schema = target.index.schema();
    let days = DayCounts(schema.get_field_name(target.fields.date).to_string());
    let (total, (per_day, undated)) = threads::search(&searcher, &*query, &(Count, days))
        .map_err(|source| Error::index(&target.dir, source))?;
    Ok(Timeline {
        query: request.selection.query.clone(),
        by: request.by,
        total,
        undated,
        periods: periods(&per_day, request.by),
        notes,
        took: started.elapsed(),
    })
}

/// Days since the Unix epoch, as counted by `DayCounts`, to calendar days.
const UNIX_EPOCH_JULIAN_DAY: i64 = 2_440_588;
const SECONDS_PER_DAY: i64 = 86_400;

/// Sums the per-day counts into periods, filling the gaps between the first and the last
/// period with zeros.
fn periods(per_day: &HashMap<i64, u64>, by: Period) -> Vec<PeriodCount> {
    let mut per_period: BTreeMap<Date, u64> = BTreeMap::new();
    for (&day, &count) in per_day {
        let Some(date) = i32::try_from(day + UNIX_EPOCH_JULIAN_DAY)
            .ok()
            .and_then(|julian| Date::from_julian_day(julian).ok())
        else {
            continue;
        };
        *per_period.entry(by.start(date)).or_default() += count;
    }
    let (Some(&first), Some(&last)) = (per_period.keys().next(), per_period.keys().next_back())
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut start = first;
    while start <= last {
        let Some(day) = Day::from_ymd(start.year(), start.month() as u8, start.day()) else {
            break;
        };
        out.push(PeriodCount {
            label: by.label(start),
            start: day,
            count: per_period.get(&start).copied().unwrap_or(0),
        });
        match by.next(start) {
            Some(next) => start = next,
            None => break,
        }
    }
    out
}

/// Counts the selected readouts per publication day (days since the Unix epoch), and those
/// without a date, from the `date` fast field.
struct DayCounts(String);

struct DayCountsInSegment {
    dates: Column<DateTime>,
    per_day: HashMap<i64, u64>,
    undated: u64,
}

impl Collector for DayCounts {
    type Fruit = (HashMap<i64, u64>, u64);
    type Child = DayCountsInSegment;

    fn for_segment(&self, _: u32, segment: &SegmentReader) -> tantivy::Result<DayCountsInSegment> {
        Ok(DayCountsInSegment {
            dates: segment.fast_fields().date(&self.0)?,
            per_day: HashMap::new(),
            undated: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(
        &self,
        fruits: Vec<(HashMap<i64, u64>, u64)>,
    ) -> tantivy::Result<(HashMap<i64, u64>, u64)> {
        let mut per_day = HashMap::new();
        let mut undated = 0;
        for (days, none) in fruits {
            for (day, count) in days {
                *per_day.entry(day).or_default() += count;
            }
            undated += none;
        }
        Ok((per_day, undated))
    }
}

impl SegmentCollector for DayCountsInSegment {
    type Fruit = (HashMap<i64, u64>, u64);

    fn collect(&mut self, doc: DocId, _: Score) {
        match self.dates.first(doc) {
            Some(date) => {
                let day = date.into_timestamp_secs().div_euclid(SECONDS_PER_DAY);
                *self.per_day.entry(day).or_default() += 1;
            }
            None => self.undated += 1,
        }
    }

    fn harvest(self) -> Self::Fruit {
        (self.per_day, self.undated)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> i64 {
        let day: Day = text.parse().unwrap();
        day.unix_seconds() / SECONDS_PER_DAY
    }

    fn bars(days: &[(&str, u64)], by: Period) -> Vec<(String, String, u64)> {
        let per_day = days.iter().map(|&(d, n)| (day(d), n)).collect();
        periods(&per_day, by)
            .into_iter()
            .map(|p| (p.label, p.start.to_string(), p.count))
            .collect()
    }

    #[test]
    fn empty_months_inside_the_range_are_zero_and_the_range_ends_at_the_data() {
        let got = bars(&[("2025-05-12", 1), ("2025-09-18", 2)], Period::Month);
        let labels: Vec<(&str, u64)> = got.iter().map(|(l, _, n)| (l.as_str(), *n)).collect();
        assert_eq!(
            labels,
            [
                ("2025-05", 1),
                ("2025-06", 0),
                ("2025-07", 0),
                ("2025-08", 0),
                ("2025-09", 2)
            ]
        );
    }

    #[test]
    fn months_cross_the_turn_of_the_year() {
        let got = bars(&[("2024-12-31", 1), ("2025-01-01", 1)], Period::Month);
        assert_eq!(got[0], ("2024-12".into(), "2024-12-01".into(), 1));
        assert_eq!(got[1], ("2025-01".into(), "2025-01-01".into(), 1));
    }

    #[test]
    fn weeks_are_iso_weeks_starting_on_monday() {
        let got = bars(
            &[("2024-12-30", 1), ("2025-01-05", 1), ("2025-01-06", 3)],
            Period::Week,
        );
        assert_eq!(
            got,
            [
                ("2025-W01".into(), "2024-12-30".into(), 2),
                ("2025-W02".into(), "2025-01-06".into(), 3)
            ]
        );
    }

    #[test]
    fn years_sum_their_days() {
        let got = bars(
            &[("2023-03-01", 2), ("2025-12-31", 1), ("2025-01-01", 1)],
            Period::Year,
        );
        assert_eq!(
            got,
            [
                ("2023".into(), "2023-01-01".into(), 2),
                ("2024".into(), "2024-01-01".into(), 0),
                ("2025".into(), "2025-01-01".into(), 2)
            ]
        );
    }

    #[test]
    fn no_dated_readout_means_no_periods() {
        assert!(bars(&[], Period::Month).is_empty());
    }
}
