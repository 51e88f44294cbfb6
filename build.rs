//! Makes the table of names a query may use for an organization or a country, so a search
//! finds them with a binary search instead of loading the gazetteer first: a search process
//! spent about 3 ms of its 15 doing that.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

#[path = "src/extract/tsv.rs"]
mod tsv;

const ORGANIZATIONS: &str = "src/extract/data/organizations.tsv";
const COUNTRIES: &str = "src/extract/data/countries.tsv";

/// A name to the entity it names (the first one to claim it) as Rust source.
type Names = BTreeMap<String, String>;

fn main() {
    long_version();
    println!("cargo::rerun-if-changed={ORGANIZATIONS}");
    println!("cargo::rerun-if-changed={COUNTRIES}");
    println!("cargo::rerun-if-changed=src/extract/tsv.rs");
    let read = |path: &str| std::fs::read_to_string(path).expect("a gazetteer table");
    let (organizations, countries) = (read(ORGANIZATIONS), read(COUNTRIES));

    let mut folded = Names::new();
    let mut exact = Names::new();
    let mut longest = 1;
    let mut add = |form: &str, entity: &str| {
        let key = form.split_whitespace().collect::<Vec<_>>().join(" ");
        longest = longest.max(key.split(' ').count());
        // Acronyms and all-capital abbreviations match only as written: "un" and "us" in a
        // query are words, not organizations or countries.
        let (table, key) = if key.chars().any(char::is_lowercase) {
            (&mut folded, key.to_lowercase())
        } else {
            (&mut exact, key)
        };
        table.entry(key).or_insert_with(|| entity.to_string());
    };
    // The columns of a name, the other names, and the acronyms or demonyms.
    let tables = [
        (&organizations, 5, [1, 4, 3], "Org"),
        (&countries, 6, [1, 4, 5], "Country"),
    ];
    for (table, columns, [name, names, more], kind) in tables {
        for row in tsv::rows(table, columns) {
            let entity = format!("Named::{kind}({:?})", row[0]);
            let forms = [row[name].to_string()]
                .into_iter()
                .chain(tsv::list(row[names]))
                .chain(tsv::list(row[more]));
            for form in forms {
                add(&form, &entity);
            }
        }
    }

    let mut out = String::new();
    let mut table = |name: &str, doc: &str, names: &Names| {
        writeln!(out, "/// {doc}, sorted.").unwrap();
        writeln!(out, "static {name}: &[(&str, Named)] = &[").unwrap();
        for (key, entity) in names {
            writeln!(out, "    ({key:?}, {entity}),").unwrap();
        }
        writeln!(out, "];").unwrap();
    };
    table(
        "FOLDED",
        "Lowercased names, long forms and demonyms",
        &folded,
    );
    table(
        "EXACT",
        "Acronyms and all-capital abbreviations, as written",
        &exact,
    );
    writeln!(out, "/// The longest name, in words.").unwrap();
    writeln!(out, "const LONGEST: usize = {longest};").unwrap();
    let dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&dir).join("query_names.rs"), out).expect("the names table");
}

/// `--version --long`'s text: the version and, in a git checkout, the commit. A build from a
/// source archive, without git, has the version alone.
fn long_version() {
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .output()
            .ok()
            .filter(|out| out.status.success())
            .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string())
    };
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let long = match git(&["rev-parse", "--short=12", "HEAD"]) {
        Some(commit) if !commit.is_empty() => format!("{version} (commit {commit})"),
        _ => version,
    };
    println!("cargo::rustc-env=READOUTS_LONG_VERSION={long}");
    if let Some(head) = git(&["rev-parse", "--git-path", "HEAD"]) {
        println!("cargo::rerun-if-changed={head}");
    }
    if let Some(refs) = git(&["rev-parse", "--git-path", "refs/heads"]) {
        println!("cargo::rerun-if-changed={refs}");
    }
}
