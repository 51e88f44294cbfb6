//! What a user owns stays: `--rebuild` deletes nothing that is not ours, an index inside the
//! corpus is never read as input, a folder that merely has `seeds/` is not indexed unasked,
//! and a run that fails leaves no half-written files behind.

use super::*;

/// `readouts index --rebuild --threads 1 --index INDEX <seeds>` in `dir`.
fn rebuild_into(dir: &Path, index: &str) -> Output {
    readouts(dir)
        .args(["index", "--rebuild", "--threads", "1", "--index", index])
        .arg(seeds_dir())
        .output()
        .unwrap()
}

/// A user relies on `--rebuild --index DIR` never deleting or touching files in DIR that
/// readouts did not write: a folder of someone's `.idx`/`.store` files is refused, intact.
#[test]
fn rebuild_refuses_a_folder_of_files_that_are_not_an_index_and_leaves_them_intact() {
    let dir = tempfile::tempdir().unwrap();
    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap();
    std::fs::write(work.join("thesis.idx"), b"Chapter 1: on indexes\n").unwrap();
    std::fs::write(work.join("data.store"), [0u8, 1, 2, 3, 250, 251]).unwrap();
    std::fs::write(work.join("results.term"), b"term results\n").unwrap();
    std::fs::write(work.join("figures.pos"), b"positions of figures\n").unwrap();
    std::fs::write(work.join("old.del"), b"deleted drafts\n").unwrap();
    std::fs::write(work.join("README.txt"), b"my work, do not delete\n").unwrap();
    let before = snapshot(&work);

    let out = rebuild_into(dir.path(), "work");
    assert!(!crashed(&out), "{}", describe(&out));
    let mut wrong = changed_files(&work, &before);
    if out.status.code() != Some(2) || !stderr(&out).contains("work") {
        wrong.push(format!("not refused naming the folder: {}", describe(&out)));
    }
    if work.join("meta.json").exists() {
        wrong.push("an index was written among the files".into());
    }
    assert_eq!(wrong, Vec::<String>::new());
}

/// A user relies on `--rebuild --index DIR` never deleting another program's index (its own
/// meta.json and schema, no commit of ours): it is refused, every file byte for byte intact.
#[test]
fn rebuild_refuses_another_programs_index_and_leaves_every_file_intact() {
    use tantivy::schema::{STORED, Schema, TEXT};

    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    let mut builder = Schema::builder();
    let text = builder.add_text_field("text", TEXT | STORED);
    let index = tantivy::Index::create_in_dir(&other, builder.build()).unwrap();
    let mut writer: tantivy::IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
    writer
        .add_document(tantivy::doc!(text => "another program's own data"))
        .unwrap();
    writer.commit().unwrap();
    writer.wait_merging_threads().unwrap();
    let before = snapshot(&other);
    assert!(
        before
            .keys()
            .any(|p| p.extension().is_some_and(|e| e == "store")),
        "{before:?}"
    );

    let out = rebuild_into(dir.path(), "other");
    assert!(!crashed(&out), "{}", describe(&out));
    let mut wrong = changed_files(&other, &before);
    if out.status.code() != Some(2) || !stderr(&out).contains("other") {
        wrong.push(format!("not refused naming the folder: {}", describe(&out)));
    }
    assert_eq!(wrong, Vec::<String>::new());
}

/// A user relies on `--rebuild` of a readouts index never deleting the notes they keep beside
/// it (`notes.txt`, even a `thesis.idx`), whether the index is current or of an older format.
#[test]
fn rebuild_leaves_a_users_own_files_in_the_index_folder_byte_for_byte() {
    let mut lost = Vec::new();
    for older in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        let index = seeded_copy(dir.path(), "index");
        if older {
            let meta = index.join("meta.json");
            let text = std::fs::read_to_string(&meta).unwrap();
            let changed = text.replace("readouts-index-", "readouts-index-0");
            assert_ne!(text, changed, "the commit records the format");
            std::fs::write(&meta, changed).unwrap();
        }
        let notes = b"Notes for Monday: call the ministry.\n".as_slice();
        std::fs::write(index.join("notes.txt"), notes).unwrap();
        std::fs::write(index.join("thesis.idx"), b"Chapter 2\n").unwrap();

        let out = rebuild_into(dir.path(), "index");
        let what = if older {
            "an older index"
        } else {
            "a current index"
        };
        assert_exit(&out, &[0, 2], &format!("index --rebuild of {what}"));
        for (name, bytes) in [
            ("notes.txt", notes),
            ("thesis.idx", b"Chapter 2\n".as_slice()),
        ] {
            if std::fs::read(index.join(name)).ok().as_deref() != Some(bytes) {
                lost.push(format!("{name} in {what} (exit {:?})", out.status.code()));
            }
        }
        if out.status.code() == Some(0) {
            assert_eq!(hits(dir.path(), "Bahrain").len(), 1, "rebuilt: {what}");
        }
    }
    assert_eq!(
        lost,
        Vec::<String>::new(),
        "a user's files were deleted or changed"
    );
}

/// A user relies on `readouts index .` inside the corpus (the index `./index` in it) working
/// every time, never reading the index's own files as readouts.
#[test]
fn indexing_a_corpus_folder_twice_never_reads_its_own_index() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = copy_seeds(dir.path(), "corpus");
    for run in ["first", "second"] {
        let out = readouts(&corpus)
            .args(["index", "--threads", "1", "."])
            .output()
            .unwrap();
        assert_exit(&out, &[0], &format!("the {run} `index .`"));
    }
    assert_eq!(
        search_json(&corpus, &[""])["total"],
        5,
        "one readout per corpus file"
    );
    for word in ["segments", "opstamp", "payload"] {
        let out = readouts(&corpus).args(["search", word]).output().unwrap();
        assert_exit(
            &out,
            &[1],
            &format!("search {word} (a word of meta.json only)"),
        );
    }
}

/// A user relies on a first `search` in their own folder that happens to have a `seeds/`
/// folder (not this project's checkout) saying there is no index, not indexing it unasked.
#[test]
fn a_search_in_a_folder_that_only_has_a_seeds_folder_does_not_index_it() {
    let dir = tempfile::tempdir().unwrap();
    let seeds = dir.path().join("seeds");
    std::fs::create_dir(&seeds).unwrap();
    std::fs::write(
        seeds.join("tomato.txt"),
        "Tomato seeds\nSow the tomato seeds indoors in March, eight weeks before the last frost.\n",
    )
    .unwrap();
    std::fs::write(
        seeds.join("basil.txt"),
        "Basil\nSow basil after the tomato seedlings are out.\n",
    )
    .unwrap();

    let out = readouts(dir.path())
        .args(["search", "tomato"])
        .output()
        .unwrap();
    assert_exit(&out, &[2], "a first search beside someone's seeds/");
    let err = stderr(&out);
    assert!(err.contains("no index"), "{err}");
    assert!(err.contains("readouts index"), "a hint to index: {err}");
    assert!(!dir.path().join("index").exists(), "nothing written: {err}");
}

/// A user relies on a run that fails to write (a full disk, a quota) leaving the index folder
/// as it was: no partial segment files of the failed run. The child's file size limit stands
/// in for a full disk.
#[test]
fn a_run_that_cannot_write_leaves_no_partial_segment_files() {
    // The shell sets a limit of 256 blocks on the size of any file the run writes, and
    // ignores the signal that would kill it at the limit, so a write past it fails with an
    // error like a full disk's. A shell without `ulimit -f` cannot take this test.
    let limited = |dir: &Path| {
        let mut command = Command::new("sh");
        command
            .current_dir(dir)
            .arg("-c")
            .arg(r#"ulimit -f 256 && trap '' XFSZ && exec "$@""#)
            .arg("sh")
            .arg(env!("CARGO_BIN_EXE_readouts"));
        clean_env(&mut command);
        command
    };
    let probe = limited(Path::new("/")).arg("--version").output();
    if !probe.is_ok_and(|out| out.status.success()) {
        return;
    }

    let dir = tempfile::tempdir().unwrap();
    let index = seeded_copy(dir.path(), "index");
    let before = segment_files(&index);
    // About 3 MB of text that compresses badly, so a segment file of it is larger than the
    // limit (128 KB or more, as the shell counts blocks).
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut text = String::new();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    for file in 0..300 {
        text.clear();
        text.push_str("Talks on cooperation\n");
        while text.len() < 10_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            for shift in 0..6 {
                text.push(char::from(b'a' + ((state >> (shift * 5)) % 26) as u8));
            }
            text.push(' ');
        }
        std::fs::write(docs.join(format!("{file:03}.txt")), &text).unwrap();
    }

    let out = limited(dir.path())
        .args(["index", "--threads", "1", "docs"])
        .output()
        .unwrap();
    assert_exit(&out, &[2], "a run that cannot write its segment");
    assert_eq!(
        segment_files(&index),
        before,
        "the failed run's files are removed: {}",
        describe(&out)
    );
    assert_eq!(
        hits(dir.path(), "Bahrain").len(),
        1,
        "the last commit still answers"
    );
}
