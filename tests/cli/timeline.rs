//! `readouts timeline`: readouts per period, drawn to the width, empty periods as zeros.

use super::json::{Timeline, view};
use super::*;

fn periods(timeline: &Timeline) -> Vec<(&str, u64)> {
    timeline
        .periods
        .iter()
        .map(|p| (p.period.as_str(), p.count))
        .collect()
}

const OIC_MONTHS: [(&str, u64); 5] = [
    ("2025-05", 1),
    ("2025-06", 0),
    ("2025-07", 0),
    ("2025-08", 0),
    ("2025-09", 1),
];

#[test]
fn months_between_the_first_and_the_last_are_zero_not_skipped() {
    let timeline: Timeline = view(&["timeline", "", "--org", "OIC", "--by", "month"]);
    assert_eq!(periods(&timeline), OIC_MONTHS);
    assert_eq!((timeline.total, timeline.undated), (5, 3));
    let by_name: Timeline = view(&[
        "timeline",
        "Organization of Islamic Cooperation",
        "--by",
        "month",
    ]);
    assert_eq!(periods(&by_name), OIC_MONTHS);
    let by_acronym: Timeline = view(&["timeline", "OIC", "--by", "month"]);
    assert_eq!(
        periods(&by_acronym),
        OIC_MONTHS,
        "the acronym finds the full name"
    );
}

#[test]
fn the_chart_has_a_bar_for_each_month_with_readouts_and_zero_between() {
    let out = readouts(seeded())
        .env("COLUMNS", "60")
        .args(["timeline", "OIC", "--by", "month"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 6, "{text}");
    let bar = format!("2025-05 {} 1", "█".repeat(50));
    assert_eq!(lines[0], bar, "the tallest bar fills the width");
    assert_eq!(lines[1], "2025-06 0");
    assert_eq!(lines[2], "2025-07 0");
    assert_eq!(lines[3], "2025-08 0");
    assert_eq!(lines[4], bar.replace("2025-05", "2025-09"));
    assert!(
        lines[5].starts_with("5 readouts · 3 undated, not drawn · "),
        "{text}"
    );
    for line in &lines {
        assert!(line.chars().count() <= 60, "{line}");
    }
}

#[test]
fn bars_scale_to_the_width_and_keep_their_proportions() {
    let text = |columns: &str| {
        let out = readouts(seeded())
            .env("COLUMNS", columns)
            .args(["timeline", "", "--by", "year", "--color", "never"])
            .output()
            .unwrap();
        stdout(&out)
    };
    let narrow = text("50");
    let wide = text("120");
    let bar_of = |text: &str| text.lines().next().unwrap().matches('█').count();
    assert_eq!(bar_of(&narrow), 50 - "2025".len() - "2".len() - 2);
    assert_eq!(bar_of(&wide), 120 - "2025".len() - "2".len() - 2);
}

#[test]
fn weeks_are_iso_weeks() {
    let timeline: Timeline = view(&["timeline", "", "--by", "week"]);
    let first = &timeline.periods[0];
    assert_eq!(
        (first.period.as_str(), first.start.as_str(), first.count),
        ("2025-W20", "2025-05-12", 1)
    );
    let last = timeline.periods.last().unwrap();
    assert_eq!((last.period.as_str(), last.count), ("2025-W38", 1));
    assert_eq!(
        timeline.periods.len(),
        19,
        "every week between, none skipped"
    );
}

#[test]
fn filters_and_queries_select_what_is_counted() {
    let timeline: Timeline = view(&["timeline", "", "--from", "2025-09-01", "--by", "month"]);
    assert_eq!(periods(&timeline), [("2025-09", 1)]);
    assert_eq!(
        timeline.undated, 0,
        "a date filter keeps only dated readouts"
    );
    let bahrain: Timeline = view(&["timeline", "Bahrain", "--by", "year"]);
    assert_eq!(periods(&bahrain), [("2025", 1)]);
}

#[test]
fn only_undated_matches_draw_no_bar_but_say_how_many() {
    let out = run(&["timeline", "Pakistan"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stdout(&out)
            .lines()
            .next()
            .map(|l| l.split(" · ").take(2).collect::<Vec<_>>()),
        Some(vec!["1 readout", "1 undated, not drawn"])
    );
}

#[test]
fn nothing_found_exits_1() {
    let out = run(&["timeline", "zanzibarian"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).starts_with("0 readouts"), "{}", stdout(&out));
}

#[test]
fn a_bad_period_is_an_error() {
    let out = run(&["timeline", "trade", "--by", "decade"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("invalid value 'decade'"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_bad_date_is_an_error_naming_the_flag() {
    let out = run(&["timeline", "trade", "--to", "2025-02-30"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "readouts: no such day '2025-02-30' for --to: February 2025 has 28 days\n"
    );
}

#[test]
fn colour_paints_the_bars_only_when_asked() {
    let coloured = run(&["timeline", "", "--by", "year", "--color", "always"]);
    assert!(
        stdout(&coloured).starts_with("2025 \x1b[36m█"),
        "{}",
        stdout(&coloured)
    );
    let plain = run(&["timeline", "", "--by", "year"]);
    assert!(!stdout(&plain).contains('\x1b'), "no colour in a pipe");
}
