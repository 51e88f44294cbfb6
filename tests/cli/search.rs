//! `readouts search`: ranking, filters, exit codes and errors on the seeds.

use super::*;

#[test]
fn renewable_energy_ranks_the_malaysia_readout_first() {
    assert_eq!(seed_hits(&["renewable energy"])[0], "000");
}

#[test]
fn org_filters_accept_acronyms_names_and_match_bodies_under_their_parent() {
    assert_eq!(seed_set(&["", "--org", "CICA"]), ["002", "003", "004"]);
    assert_eq!(
        seed_set(&["", "--org", "OIC"]),
        ["000", "001", "002", "003", "004"]
    );
    assert_eq!(
        seed_set(&["", "--org", "Organization of Islamic Cooperation"]),
        ["000", "001", "002", "003", "004"]
    );
    assert_eq!(seed_set(&["", "--org", "ASEAN"]), ["000", "001"]);
    assert_eq!(seed_set(&["", "--org", "UNFCCC"]), ["003", "004"]);
    assert_eq!(seed_set(&["", "--org", "OSCE"]), ["004"]);
    assert_eq!(
        seed_set(&["", "--org", "oic"]),
        seed_set(&["", "--org", "OIC"])
    );
}

#[test]
fn country_filters_accept_names_codes_and_demonyms() {
    assert_eq!(seed_set(&["", "--country", "Kazakhstan"]), ["004"]);
    assert_eq!(seed_set(&["", "--country", "ARM"]), ["002", "003", "004"]);
    assert_eq!(seed_set(&["", "--country", "Malaysian"]), ["000", "001"]);
    assert_eq!(seed_set(&["", "--country", "Central Asia"]), ["004"]);
}

#[test]
fn counterpart_filters_keep_meetings_with_the_country_not_every_mention() {
    // Every seed names Azerbaijan, the home side of all five; none met it.
    assert_eq!(seed_set(&["", "--country", "AZE"]).len(), 5);
    assert_eq!(
        seed_set(&["", "--counterpart", "AZE"]),
        Vec::<String>::new()
    );
    assert_eq!(
        seed_set(&["", "--counterpart", "Malaysian"]),
        ["000", "001"]
    );
    assert_eq!(
        seed_set(&["", "--counterpart", "Western Asia"]),
        ["002", "003", "004"]
    );
    assert_eq!(
        seed_set(&["", "--counterpart", "Bahrain", "--counterpart", "PAK"]),
        ["002", "003"]
    );
    let out = run(&["search", "trade", "--counterpart", "Narnia"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("'Narnia'"), "{}", stderr(&out));
}

#[test]
fn repeated_filters_mean_any_and_different_filters_mean_all() {
    assert_eq!(
        seed_set(&["", "--country", "Kazakhstan", "--country", "Bahrain"]),
        ["002", "004"]
    );
    assert_eq!(
        seed_set(&["", "--org", "ASEAN", "--country", "Bahrain"]),
        Vec::<String>::new()
    );
}

#[test]
fn date_filters_are_inclusive_and_skip_undated_readouts() {
    assert_eq!(seed_set(&["", "--from", "2025-09-01"]), ["001"]);
    assert_eq!(
        seed_set(&["", "--from", "2025-01-01", "--to", "2025-06-30"]),
        ["002"]
    );
    assert_eq!(
        seed_set(&["", "--from", "2025-09-18", "--to", "2025-09-18"]),
        ["001"]
    );
}

#[test]
fn filters_do_not_change_the_ranking_of_what_they_keep() {
    let all = seed_hits(&["cooperation"]);
    let filtered = seed_hits(&["cooperation", "--org", "OIC"]);
    assert_eq!(all, filtered);
    let scores = |args: &[&str]| -> Vec<f64> {
        let out = run(args);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["score"].as_f64().unwrap())
            .collect()
    };
    assert_eq!(
        scores(&["search", "--json", "trade", "--country", "ARM"]),
        scores(&["search", "--json", "trade"])
            .into_iter()
            .zip(seed_hits(&["trade"]))
            .filter(|(_, seed)| ["002", "003", "004"].contains(&seed.as_str()))
            .map(|(s, _)| s)
            .collect::<Vec<_>>()
    );
}

#[test]
fn possessives_and_spellings_match() {
    assert_eq!(seed_set(&["Bahrain"]), ["002"]);
    assert_eq!(seed_set(&["organisation"]), seed_set(&["organization"]));
    assert!(!seed_set(&["organisation"]).is_empty());
}

#[test]
fn human_output_shows_hits_snippets_and_facets() {
    let out = run(&["search", "renewable energy", "--color", "never"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(
        text.starts_with("1. Azerbaijan, Malaysia chart new path"),
        "{text}"
    );
    assert!(
        text.contains("Particular attention was paid to renewable energy"),
        "{text}"
    );
    assert!(text.contains("organizations"), "{text}");
    assert!(!text.contains('\x1b'), "no colour in a pipe");
}

#[test]
fn colour_highlights_the_matched_words_when_asked() {
    let out = run(&["search", "renewable", "--color", "always"]);
    assert!(
        stdout(&out).contains("\x1b[1m\x1b[33mrenewable\x1b[0m"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn no_hits_exits_1() {
    let out = run(&["search", "zanzibarian"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).starts_with("0 readouts"));
}

#[test]
fn an_unknown_organization_is_an_error_naming_it() {
    let out = run(&["search", "trade", "--org", "Atlantis"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert_eq!(
        err.lines().next(),
        Some("readouts: unknown organization 'Atlantis'")
    );
    assert!(err.lines().count() <= 2, "{err}");
}

#[test]
fn a_misspelt_organization_gets_a_suggestion() {
    let out = run(&["search", "trade", "--org", "ASEANN"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("hint: did you mean ASEAN"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn an_unknown_country_is_an_error_naming_it() {
    let out = run(&["search", "trade", "--country", "Narnia"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).lines().next(),
        Some("readouts: unknown country or region 'Narnia'")
    );
}

#[test]
fn a_bad_date_is_an_error_naming_the_flag() {
    let out = run(&["search", "trade", "--from", "2025-13-01"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim_end(),
        "readouts: no such day '2025-13-01' for --from: there is no month 13"
    );
}

#[test]
fn a_missing_index_given_with_index_is_an_error_naming_it() {
    let out = run(&["search", "trade", "--index", "no/such/index"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "readouts: no index at no/such/index\nhint: run 'readouts --index no/such/index index <DIR>' first\n"
    );
}

#[test]
fn the_first_search_on_a_fresh_clone_indexes_the_seeds() {
    assert_seeds_indexed_once(&["search", "Bahrain"], &["search", "Bahrain"]);
}
