//! `readouts extract`: what the extractor finds in each seed.

use super::*;

fn extraction(seed: &str) -> serde_json::Value {
    let path = std::fs::read_dir(seeds_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(seed))
        .unwrap();
    let out = readouts(seeded())
        .args(["extract", "--json"])
        .arg(path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn titles_are_headlines_or_derived_without_page_junk() {
    let s000 = extraction("000");
    assert_eq!(
        s000["title"],
        "Azerbaijan, Malaysia chart new path for cooperation across key sectors"
    );
    assert_eq!(s000["title_derived"], false);
    let s002 = extraction("002");
    assert_eq!(s002["title_derived"], true);
    let title = s002["title"].as_str().unwrap();
    assert!(
        title.starts_with("During his official visit to the Kingdom of Bahrain"),
        "{title}"
    );
    assert!(!title.contains("px") && !title.contains('↺'), "{title}");
}

#[test]
fn sources_are_the_outlets_named_in_the_text() {
    assert_eq!(extraction("000")["source"], "Caliber.Az");
    assert_eq!(extraction("001")["source"], "Trend");
    assert_eq!(extraction("002")["source"], "News.Az");
    assert_eq!(extraction("003")["source"], serde_json::Value::Null);
}

#[test]
fn dates_come_from_headers_never_from_the_story() {
    assert_eq!(extraction("001")["date"], "2025-09-18");
    assert_eq!(extraction("002")["date"], "2025-05-12");
    assert_eq!(extraction("004")["date"], serde_json::Value::Null);
}

#[test]
fn countries_come_with_codes_mentions_and_region_paths() {
    let s004 = extraction("004");
    let countries = s004["countries"].as_array().unwrap();
    assert_eq!(countries[0]["code"], "AZE", "most mentioned first");
    let kaz = countries.iter().find(|c| c["code"] == "KAZ").unwrap();
    assert_eq!(kaz["region_path"], "/Asia/Central Asia/Kazakhstan");
    assert!(kaz["mentions"].as_u64().unwrap() >= 5);
}

#[test]
fn organizations_come_with_their_parents() {
    let s001 = extraction("001");
    let orgs = s001["organizations"].as_array().unwrap();
    let puic = orgs
        .iter()
        .find(|o| o["parent"] == "OIC")
        .expect("the OIC's parliamentary body");
    assert!(puic["path"].as_str().unwrap().starts_with("/OIC/"));
    let s003 = extraction("003");
    let cop = s003["organizations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == "COP29")
        .cloned();
    assert_eq!(cop.unwrap()["path"], "/UN/UNFCCC/COP29");
}

#[test]
fn human_output_shows_home_counterparts_people_and_places() {
    let path = seeds_dir().join("001_fbef1497b5eb1069.txt");
    let out = readouts(seeded())
        .arg("extract")
        .arg(path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("  home:          Azerbaijan (AZE)\n"),
        "{text}"
    );
    assert!(text.contains("  counterparts:  Malaysia (MYS)\n"), "{text}");
    assert!(
        text.contains("Prime Minister Anwar Ibrahim (MYS) ×2"),
        "{text}"
    );
    assert!(text.contains("Kuala Lumpur ×1"), "{text}");
}
