//! Walking the paths given: the readout files under them in a stable order, and each file's
//! resolved path and stamp, as an incremental run compares them. It finds files; it does not
//! read them.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use super::Format;
use crate::error::{Error, Result};

#[derive(Debug, Default)]
pub struct Walk {
    pub files: Vec<PathBuf>,
    /// The files a folder walk passed over as in no supported format, to account for them.
    pub skipped: Vec<PathBuf>,
    pub problems: Vec<Error>,
}

/// The readout files under `paths`, recursively, sorted. Hidden files and folders are skipped,
/// and so is what a `.readoutsignore` (gitignore syntax) names; a file named explicitly is always
/// taken. Index folders are never input (`is_index`), `index` above all, which may sit inside
/// a path given. A path that does not exist is an error that names it; a folder that cannot be
/// walked (a symlink loop, no permission) is a problem, and the walk goes on.
pub fn collect_files(paths: &[PathBuf], index: Option<&Path>) -> Result<Walk> {
    let index = index.and_then(|dir| std::fs::canonicalize(dir).ok());
    let mut walk = Walk::default();
    for path in paths {
        if !path.exists() {
            return Err(Error::MissingPath(path.clone()));
        }
        if path.is_file() {
            walk.files.push(path.clone());
            continue;
        }
        if is_index(path, index.as_deref()) {
            continue;
        }
        let ours = index.clone();
        let walker = ignore::WalkBuilder::new(path)
            .standard_filters(false)
            .hidden(true)
            .follow_links(true)
            .add_custom_ignore_filename(".readoutsignore")
            .filter_entry(move |entry| {
                let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
                !(is_dir && is_index(entry.path(), ours.as_deref()))
            })
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            match entry {
                Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => {
                    if Format::of(entry.path()).is_some() {
                        walk.files.push(entry.into_path());
                    } else {
                        walk.skipped.push(entry.into_path());
                    }
                }
                Ok(_) => {}
                Err(error) => walk.problems.push(Error::Walk {
                    path: path.clone(),
                    message: error.to_string(),
                }),
            }
        }
    }
    Ok(walk)
}

/// True for a folder that holds a tantivy index: `ours` (canonical), by its path, since it
/// may be named through `..` or a link; any other, by the two files tantivy keeps in every
/// index it has written to. Its `meta.json` is not a readout, and read as one it would fail
/// every run made inside the corpus.
fn is_index(dir: &Path, ours: Option<&Path>) -> bool {
    dir.join("meta.json").is_file()
        && (dir.join(".managed.json").is_file()
            || ours.is_some_and(|ours| std::fs::canonicalize(dir).is_ok_and(|dir| dir == ours)))
}

/// The kinds of the files a walk passed over, by extension (".html") or "no extension", each
/// with how many: the commonest first.
pub fn skipped_kinds(skipped: &[PathBuf]) -> Vec<(String, usize)> {
    let mut kinds: Vec<(String, usize)> = Vec::new();
    for file in skipped {
        let kind = file.extension().map_or_else(
            || "no extension".to_string(),
            |e| format!(".{}", e.to_string_lossy().to_lowercase()),
        );
        match kinds.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, count)) => *count += 1,
            None => kinds.push((kind, 1)),
        }
    }
    kinds.sort_by(|(a, m), (b, n)| n.cmp(m).then_with(|| a.cmp(b)));
    kinds
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub size: u64,
    /// Nanoseconds since the Unix epoch.
    pub modified: u64,
}

impl Stamp {
    pub fn of(path: &Path) -> Result<Stamp> {
        let metadata = std::fs::metadata(path).map_err(|source| Error::read(path, source))?;
        Ok(Stamp::from_metadata(&metadata))
    }

    pub fn from_metadata(metadata: &std::fs::Metadata) -> Stamp {
        let modified = metadata
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as u64);
        Stamp {
            size: metadata.len(),
            modified,
        }
    }
}

/// A file's absolute path with its links resolved, as `fs::canonicalize` gives it, and its
/// stamp. Resolving a path costs a system call for each of its folders, so the folder
/// resolved last is kept: a walk gives a folder's files one after another, and a file that
/// is not a link itself costs one call.
#[derive(Debug, Default)]
pub struct Resolver {
    /// A folder as given, and resolved.
    folder: Option<(PathBuf, PathBuf)>,
}

impl Resolver {
    pub fn resolve(&mut self, file: &Path) -> Result<(String, Stamp)> {
        let read_error = |source| Error::read(file, source);
        let metadata = std::fs::symlink_metadata(file).map_err(read_error)?;
        let (Some(folder), Some(name)) = (file.parent(), file.file_name()) else {
            return self.resolve_link(file);
        };
        if metadata.file_type().is_symlink() {
            return self.resolve_link(file);
        }
        let folder = if folder.as_os_str().is_empty() {
            Path::new(".")
        } else {
            folder
        };
        let resolved = match &self.folder {
            Some((given, resolved)) if given == folder => resolved,
            _ => {
                let resolved = std::fs::canonicalize(folder).map_err(read_error)?;
                &self.folder.insert((folder.to_path_buf(), resolved)).1
            }
        };
        let path = resolved.join(name).to_string_lossy().into_owned();
        Ok((path, Stamp::from_metadata(&metadata)))
    }

    fn resolve_link(&self, file: &Path) -> Result<(String, Stamp)> {
        let path = std::fs::canonicalize(file).map_err(|source| Error::read(file, source))?;
        Ok((path.to_string_lossy().into_owned(), Stamp::of(file)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(unix)]
    fn a_resolved_path_is_the_canonical_one() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real");
        std::fs::create_dir(&real).unwrap();
        std::fs::write(real.join("a.txt"), "A").unwrap();
        std::fs::write(real.join("b.txt"), "Bb").unwrap();
        std::os::unix::fs::symlink(&real, dir.path().join("folder-link")).unwrap();
        std::os::unix::fs::symlink(real.join("b.txt"), real.join("file-link.txt")).unwrap();
        let files = [
            real.join("a.txt"),
            real.join("b.txt"),
            dir.path().join("folder-link/a.txt"),
            real.join("file-link.txt"),
            real.join("../real/b.txt"),
            PathBuf::from("Cargo.toml"),
        ];
        let mut resolver = Resolver::default();
        for file in &files {
            let canonical = std::fs::canonicalize(file).unwrap();
            let expected = (
                canonical.to_string_lossy().into_owned(),
                Stamp::of(file).unwrap(),
            );
            assert_eq!(
                resolver.resolve(file).unwrap(),
                expected,
                "{}",
                file.display()
            );
        }
        assert!(resolver.resolve(&real.join("gone.txt")).is_err());
    }

    #[test]
    fn files_of_no_supported_format_are_skipped_and_counted_by_kind() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a.txt", "b.rtf", "c.RTF", "d.odt", "README", ".e.rtf"] {
            std::fs::write(dir.path().join(name), "x").unwrap();
        }
        let walk = collect_files(&[dir.path().to_path_buf()], None).unwrap();
        assert_eq!(walk.files, [dir.path().join("a.txt")]);
        assert_eq!(
            skipped_kinds(&walk.skipped),
            [
                (".rtf".to_string(), 2),
                (".odt".to_string(), 1),
                ("no extension".to_string(), 1)
            ]
        );
    }

    #[test]
    fn index_folders_are_not_walked() {
        let dir = tempfile::tempdir().unwrap();
        for (name, content) in [
            ("a.txt", "A"),
            ("ours/meta.json", "{}"),
            ("ours/notes.txt", "N"),
            ("other/meta.json", "{}"),
            ("other/.managed.json", "[]"),
            ("data/meta.json", "{}"),
        ] {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, content).unwrap();
        }
        let names = |index: Option<&Path>| -> Vec<String> {
            let root = [dir.path().to_path_buf()];
            let walk = collect_files(&root, index).unwrap();
            walk.files
                .iter()
                .map(|f| f.strip_prefix(dir.path()).unwrap().display().to_string())
                .collect()
        };
        let ours = dir.path().join("data/../ours");
        assert_eq!(names(Some(&ours)), ["a.txt", "data/meta.json"]);
        assert_eq!(
            names(None),
            [
                "a.txt",
                "data/meta.json",
                "ours/meta.json",
                "ours/notes.txt"
            ]
        );
        let inside = [dir.path().join("other")];
        assert!(collect_files(&inside, None).unwrap().files.is_empty());
    }
}
