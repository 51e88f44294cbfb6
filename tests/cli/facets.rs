//! `readouts facets`: counts per value, flat and as a tree, over the whole index or a selection.

use super::json::{FacetList, FacetValue, view};
use super::*;

/// `(value, count)` of the listed values, in their order.
fn counts(values: &[FacetValue]) -> Vec<(String, u64)> {
    values.iter().map(|v| (v.value.clone(), v.count)).collect()
}

fn count_of(list: &FacetList, value: &str) -> Option<u64> {
    list.values
        .iter()
        .find(|v| v.value == value)
        .map(|v| v.count)
}

#[test]
fn organizations_count_every_readout_that_names_them_or_their_bodies() {
    let list: FacetList = view(&["facets", "org"]);
    assert_eq!(list.total, 5);
    assert_eq!(count_of(&list, "OIC"), Some(5));
    assert_eq!(count_of(&list, "CICA"), Some(3));
    assert_eq!(
        count_of(&list, "PUIC"),
        None,
        "a body counts for its parent"
    );
    let listed: Vec<u64> = list.values.iter().map(|v| v.count).collect();
    assert!(
        listed.windows(2).all(|w| w[0] >= w[1]),
        "most frequent first"
    );
}

#[test]
fn counterparts_count_the_other_side_of_each_meeting() {
    let list: FacetList = view(&["facets", "counterpart"]);
    assert_eq!(
        counts(&list.values),
        [
            ("Armenia".to_string(), 3),
            ("Malaysia".to_string(), 2),
            ("Bahrain".to_string(), 1),
            ("Kazakhstan".to_string(), 1),
            ("Pakistan".to_string(), 1),
        ],
        "Azerbaijan, the home side of every seed, is no counterpart"
    );
    let regions: FacetList = view(&["facets", "counterpart", "--depth", "1"]);
    assert_eq!(counts(&regions.values), [("Asia".to_string(), 5)]);
}

#[test]
fn human_output_lists_counts_values_and_names() {
    let out = run(&["facets", "org"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let oic = text.lines().find(|l| l.contains(" OIC ")).unwrap();
    assert!(oic.trim_start().starts_with("5  OIC"), "{text}");
    assert!(
        oic.contains("Organisation of Islamic Cooperation"),
        "{text}"
    );
    let cica = text.lines().find(|l| l.contains(" CICA ")).unwrap();
    assert!(cica.trim_start().starts_with("3  CICA"), "{text}");
    assert!(
        text.lines().last().unwrap().starts_with("5 readouts · "),
        "{text}"
    );
}

#[test]
fn filters_select_the_readouts_counted() {
    let list: FacetList = view(&["facets", "country", "--org", "CICA"]);
    assert_eq!(list.total, 3);
    assert_eq!(count_of(&list, "Armenia"), Some(3));
    assert_eq!(count_of(&list, "Malaysia"), None);
    let out = run(&["facets", "country", "--org", "CICA"]);
    assert!(
        stdout(&out).lines().any(|l| l == "3  Armenia"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_query_selects_the_readouts_counted() {
    let list: FacetList = view(&["facets", "org", "Bahrain"]);
    assert_eq!((list.query.as_str(), list.total), ("Bahrain", 1));
    assert_eq!(count_of(&list, "CICA"), Some(1));
    assert_eq!(count_of(&list, "ASEAN"), None);
}

#[test]
fn depth_walks_from_regions_down_to_countries() {
    let regions: FacetList = view(&["facets", "country", "--depth", "1"]);
    assert_eq!(counts(&regions.values), [("Asia".to_string(), 5)]);
    assert!(regions.values[0].children.is_empty());

    let tree: FacetList = view(&["facets", "country", "--depth", "3"]);
    let asia = &tree.values[0];
    let western = asia
        .children
        .iter()
        .find(|s| s.value == "Western Asia")
        .unwrap();
    assert_eq!(western.path, "/Asia/Western Asia");
    assert_eq!(western.count, 5);
    let armenia = western
        .children
        .iter()
        .find(|c| c.value == "Armenia")
        .unwrap();
    assert_eq!(
        (armenia.path.as_str(), armenia.count),
        ("/Asia/Western Asia/Armenia", 3)
    );
    let kazakhstan = asia
        .children
        .iter()
        .find(|s| s.value == "Central Asia")
        .unwrap();
    assert_eq!(
        counts(&kazakhstan.children),
        [("Kazakhstan".to_string(), 1)]
    );
}

#[test]
fn depth_walks_from_organizations_to_their_bodies() {
    let tree: FacetList = view(&["facets", "org", "--depth", "3"]);
    let un = tree.values.iter().find(|v| v.value == "UN").unwrap();
    assert_eq!(un.count, 5);
    assert_eq!(counts(&un.children), [("UNFCCC".to_string(), 2)]);
    assert_eq!(counts(&un.children[0].children), [("COP29".to_string(), 2)]);
    let oic = tree.values.iter().find(|v| v.value == "OIC").unwrap();
    assert_eq!(oic.count, 5, "readouts naming OIC itself count too");
    assert_eq!(counts(&oic.children), [("PUIC".to_string(), 1)]);
    let out = run(&["facets", "org", "--depth", "2"]);
    assert!(
        stdout(&out).lines().any(|l| l.starts_with("1    PUIC")),
        "bodies are indented under their parent: {}",
        stdout(&out)
    );
}

#[test]
fn months_and_years_are_in_calendar_order_and_undated_readouts_are_counted_apart() {
    let months: FacetList = view(&["facets", "month"]);
    assert_eq!(
        counts(&months.values),
        [("2025-05".to_string(), 1), ("2025-09".to_string(), 1)]
    );
    assert_eq!(months.without, 3);
    let years: FacetList = view(&["facets", "year"]);
    assert_eq!(counts(&years.values), [("2025".to_string(), 2)]);
    let out = run(&["facets", "year"]);
    assert!(
        stdout(&out).contains("5 readouts · 3 without a date"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn sources_are_the_outlets() {
    let list: FacetList = view(&["facets", "source"]);
    let mut listed = counts(&list.values);
    listed.sort();
    assert_eq!(
        listed,
        [
            ("Caliber.Az".to_string(), 1),
            ("News.Az".to_string(), 1),
            ("Trend".to_string(), 1)
        ]
    );
    assert_eq!(list.without, 2);
}

#[test]
fn limit_keeps_the_most_frequent() {
    let list: FacetList = view(&["facets", "country", "--limit", "1"]);
    assert_eq!(counts(&list.values), [("Azerbaijan".to_string(), 5)]);
}

#[test]
fn nothing_selected_exits_1() {
    let out = run(&["facets", "org", "zanzibarian"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).starts_with("0 readouts"), "{}", stdout(&out));
}

#[test]
fn depth_on_a_flat_field_is_an_error_naming_it() {
    let out = run(&["facets", "month", "--depth", "2"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "readouts: --depth needs a field with a hierarchy (country, counterpart or org), not 'month'\n"
    );
}

#[test]
fn an_unknown_filter_value_is_an_error_as_in_search() {
    let out = run(&["facets", "country", "--org", "Atlantis"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).lines().next(),
        Some("readouts: unknown organization 'Atlantis'")
    );
}

#[test]
fn an_unknown_field_is_an_error() {
    let out = run(&["facets", "peoples"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("invalid value 'peoples'"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_first_view_on_a_fresh_clone_indexes_the_seeds() {
    assert_seeds_indexed_once(&["facets", "org"], &["timeline", "", "--by", "year"]);
}

#[test]
fn no_colour_in_a_pipe_and_names_dimmed_when_asked() {
    let plain = run(&["facets", "org"]);
    assert!(!stdout(&plain).contains('\x1b'));
    let coloured = run(&["facets", "org", "--color", "always"]);
    assert!(
        stdout(&coloured).contains("\x1b[2mOrganisation of Islamic Cooperation\x1b[0m"),
        "{}",
        stdout(&coloured)
    );
}
