//! What `fetch` remembers of a folder between runs, in a hidden file inside it (the index's
//! walk passes over hidden files): each feed's validators (ETag, Last-Modified), so an
//! unchanged feed is not downloaded again, and each item saved, by its id, so it is not
//! downloaded twice.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The file, inside the folder.
const FILE: &str = ".readouts-fetch.json";

/// What tells a server's answer whether a feed changed since it was last read.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Validators {
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub(super) etag: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub(super) last_modified: Option<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub(super) struct State {
    #[serde(default)]
    feeds: BTreeMap<String, Validators>,
    /// Item id → the file it was saved as, relative to the folder.
    #[serde(default)]
    items: BTreeMap<String, String>,
}

impl State {
    /// The folder's state; none yet in a new folder.
    pub(super) fn load(dir: &Path) -> Result<State> {
        let path = dir.join(FILE);
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| Error::BadRecord {
                path: path.clone(),
                line: e.line(),
                message: format!(
                    "not a state file of readouts fetch: {e}; move it away to start over"
                ),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(State::default()),
            Err(e) => Err(Error::read(&path, e)),
        }
    }

    pub(super) fn save(&self, dir: &Path) -> Result<()> {
        let path: PathBuf = dir.join(FILE);
        let json = serde_json::to_vec_pretty(self).unwrap_or_default();
        super::write_whole(&path, &json)
    }

    pub(super) fn feed(&self, url: &str) -> Option<Validators> {
        self.feeds.get(url).cloned()
    }

    pub(super) fn set_feed(&mut self, url: &str, validators: Validators) {
        self.feeds.insert(url.to_string(), validators);
    }

    /// Whether the item was saved by an earlier run.
    pub(super) fn has_item(&self, id: &str) -> bool {
        self.items.contains_key(id)
    }

    pub(super) fn add_item(&mut self, id: &str, file: &str) {
        self.items.insert(id.to_string(), file.to_string());
    }
}
