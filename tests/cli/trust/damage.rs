//! A damaged index is an error that names it and says how to rebuild it, never a crash;
//! `--rebuild` recovers it; a read-only index answers; the index is readable by others.

use std::os::unix::fs::PermissionsExt;

use super::*;

/// `search energy` on the index `name` in `dir`.
fn search_energy(dir: &Path, name: &str) -> Output {
    readouts(dir)
        .args(["--index", name, "search", "energy"])
        .output()
        .unwrap()
}

/// What is wrong with how a run on a damaged index `name` ended: a crash, or an error that
/// is not a line naming the index with a hint to rebuild it.
fn damage_reported(out: &Output, name: &str) -> Option<String> {
    if crashed(out) || !matches!(out.status.code(), Some(0..=2)) {
        return Some(describe(out));
    }
    if out.status.code() != Some(2) {
        return None;
    }
    let err = stderr(out);
    let lines: Vec<&str> = err.lines().collect();
    let named = lines
        .first()
        .is_some_and(|l| l.contains(name) && l.len() < 400);
    let hint = lines
        .iter()
        .any(|l| l.starts_with("hint:") && l.contains("--rebuild"));
    (!named || !hint || lines.len() > 2).then(|| describe(out))
}

/// A user relies on an index whose meta.json was cut short being an error that names the
/// index and tells them to rebuild it.
#[test]
fn a_truncated_meta_json_is_an_error_naming_the_index_with_a_hint_to_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let index = seeded_copy(dir.path(), "damaged");
    let meta = std::fs::read(index.join("meta.json")).unwrap();
    std::fs::write(index.join("meta.json"), &meta[..meta.len() / 2]).unwrap();
    let out = search_energy(dir.path(), "damaged");
    assert_exit(&out, &[2], "search on a truncated meta.json");
    assert_eq!(damage_reported(&out, "damaged"), None);
}

/// A user relies on an index missing one of its files ending 0, 1 or 2, never a crash, and
/// an error naming the index with a hint to rebuild it.
#[test]
fn a_missing_segment_file_is_an_error_naming_the_index_with_a_hint_to_rebuild() {
    let mut wrong = Vec::new();
    for name in segment_files(&seeded().join("index")) {
        let dir = tempfile::tempdir().unwrap();
        let index = seeded_copy(dir.path(), "damaged");
        std::fs::remove_file(index.join(&name)).unwrap();
        let out = search_energy(dir.path(), "damaged");
        if let Some(problem) = damage_reported(&out, "damaged") {
            wrong.push(format!("without {name}: {problem}"));
        }
    }
    assert_eq!(wrong, Vec::<String>::new());
}

/// A user relies on a segment file with damaged bytes ending 0, 1 or 2, never a crash, and
/// an error naming the index with a hint to rebuild it.
#[test]
fn damaged_bytes_in_a_segment_file_are_an_error_naming_the_index_with_a_hint_to_rebuild() {
    let mut wrong = Vec::new();
    for name in segment_files(&seeded().join("index")) {
        let dir = tempfile::tempdir().unwrap();
        let index = seeded_copy(dir.path(), "damaged");
        flip_middle(&index.join(&name));
        let out = search_energy(dir.path(), "damaged");
        if let Some(problem) = damage_reported(&out, "damaged") {
            wrong.push(format!("{name} damaged: {problem}"));
        }
    }
    assert_eq!(wrong, Vec::<String>::new());
}

/// A user relies on `index --rebuild` recovering an index whose meta.json was cut short.
#[test]
fn rebuild_recovers_an_index_whose_meta_json_was_truncated() {
    let dir = tempfile::tempdir().unwrap();
    let index = seeded_copy(dir.path(), "damaged");
    let meta = std::fs::read(index.join("meta.json")).unwrap();
    std::fs::write(index.join("meta.json"), &meta[..meta.len() / 2]).unwrap();
    let out = readouts(dir.path())
        .args(["--index", "damaged", "index", "--rebuild", "--threads", "1"])
        .arg(seeds_dir())
        .output()
        .unwrap();
    assert_exit(&out, &[0], "index --rebuild over a truncated meta.json");
    let out = search_energy(dir.path(), "damaged");
    assert_exit(&out, &[0], "search after the rebuild");
}

/// A user relies on searching an index they may not write (a shared, read-only copy).
#[test]
fn a_read_only_index_can_be_searched() {
    let dir = tempfile::tempdir().unwrap();
    let index = seeded_copy(dir.path(), "shared");
    let set_mode = |mode: u32| {
        for entry in std::fs::read_dir(&index).unwrap() {
            let path = entry.unwrap().path();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
        }
        let folder = if mode == 0o444 { 0o555 } else { 0o755 };
        std::fs::set_permissions(&index, std::fs::Permissions::from_mode(folder)).unwrap();
    };
    set_mode(0o444);
    // As root, permissions are not enforced and there is nothing to test: the probe file
    // can be created, and the test ends here.
    if std::fs::write(index.join("probe"), b"").is_ok() {
        let _ = std::fs::remove_file(index.join("probe"));
        set_mode(0o644);
        return;
    }
    let out = search_energy(dir.path(), "shared");
    set_mode(0o644);
    assert_exit(&out, &[0], "search on a read-only index");
}

/// A user relies on an index they built being readable by the others they share the folder
/// with, as the umask allows: meta.json is not private to its writer.
#[test]
fn the_index_is_readable_by_others_when_the_umask_allows() {
    let dir = tempfile::tempdir().unwrap();
    // The umask of this process (the run's too): a new file shows what it lets through.
    std::fs::write(dir.path().join("probe"), b"").unwrap();
    let probe = std::fs::metadata(dir.path().join("probe")).unwrap();
    if probe.permissions().mode() & 0o044 != 0o044 {
        return;
    }
    let out = readouts(dir.path())
        .args(["index", "--threads", "1"])
        .arg(seeds_dir())
        .output()
        .unwrap();
    assert_exit(&out, &[0], "index");
    let mode = std::fs::metadata(dir.path().join("index/meta.json"))
        .unwrap()
        .permissions()
        .mode();
    assert_ne!(mode & 0o044, 0, "meta.json has mode {:o}", mode & 0o777);
}

/// A user relies on an index damaged anywhere never crashing `search` or `facets`: every file
/// of a small index in turn, its middle bytes inverted, gives 0, 1 or 2.
#[test]
fn every_file_of_an_index_damaged_in_turn_gives_an_answer_or_an_error() {
    let source = tempfile::tempdir().unwrap();
    let corpus = copy_seeds(source.path(), "corpus");
    std::fs::write(
        corpus.join("extra.md"),
        "---\ntitle: Talks in Manama\ndate: 2024-02-03\n---\nBahrain and Kazakhstan met.\n",
    )
    .unwrap();
    let built = readouts(source.path())
        .args(["index", "--threads", "1", "corpus"])
        .output()
        .unwrap();
    assert_exit(&built, &[0], "index");
    let index = source.path().join("index");
    let mut names: Vec<String> = std::fs::read_dir(&index)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();

    let mut wrong = Vec::new();
    let mut damaged = 0;
    for name in &names {
        if std::fs::metadata(index.join(name)).unwrap().len() == 0 {
            continue;
        }
        damaged += 1;
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("damaged");
        copy_folder(&index, &copy);
        flip_middle(&copy.join(name));
        for view in [&["search", "energy"][..], &["facets", "country"][..]] {
            let out = readouts(dir.path())
                .args(["--index", "damaged"])
                .args(view)
                .output()
                .unwrap();
            if crashed(&out) || !matches!(out.status.code(), Some(0..=2)) {
                wrong.push(format!("{name} damaged, {}: {}", view[0], describe(&out)));
            }
        }
    }
    assert!(damaged >= 5, "{names:?}");
    assert_eq!(wrong, Vec::<String>::new());
}
