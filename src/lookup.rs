//! Finding one readout by its id, or by a prefix of its id that only it has. Reads the term
//! dictionary of the `id` field: a lookup touches a few terms, never every document.

use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocSet, Searcher, TERMINATED};

use crate::error::{Error, Result};
use crate::index::ReadoutIndex;

/// How many of the ids an ambiguous prefix matches are named in the error.
const AMBIGUOUS_SHOWN: usize = 5;

/// The readout whose id is `prefix` or starts with it; an error names a prefix that matches
/// no readout, or several.
pub fn find(target: &ReadoutIndex, searcher: &Searcher, given: &str) -> Result<DocAddress> {
    let prefix = given.trim().to_lowercase();
    let mut found: Vec<(String, DocAddress)> = Vec::new();
    for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
        let index_error = |source| Error::index(&target.dir, source);
        let inverted = segment
            .inverted_index(target.fields.id)
            .map_err(index_error)?;
        let io_error = |e: std::io::Error| index_error(e.into());
        let mut terms = inverted
            .terms()
            .range()
            .ge(prefix.as_bytes())
            .into_stream()
            .map_err(io_error)?;
        while terms.advance() && found.len() <= AMBIGUOUS_SHOWN {
            if !terms.key().starts_with(prefix.as_bytes()) {
                break;
            }
            let mut postings = inverted
                .read_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)
                .map_err(io_error)?;
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if segment
                    .alive_bitset()
                    .is_none_or(|alive| alive.is_alive(doc))
                {
                    let id = String::from_utf8_lossy(terms.key()).into_owned();
                    found.push((id, DocAddress::new(segment_ord as u32, doc)));
                    break;
                }
                doc = postings.advance();
            }
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found.dedup_by(|a, b| a.0 == b.0);
    match found.as_slice() {
        [] => Err(Error::UnknownId(given.to_string())),
        [(_, address)] => Ok(*address),
        _ => {
            let mut matches: Vec<String> = found.into_iter().map(|(id, _)| id).collect();
            if matches.len() > AMBIGUOUS_SHOWN {
                matches.truncate(AMBIGUOUS_SHOWN);
                matches.push("…".into());
            }
            Err(Error::AmbiguousId {
                prefix: given.to_string(),
                matches,
            })
        }
    }
}
