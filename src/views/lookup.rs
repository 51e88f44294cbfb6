//! Finding one readout by its id, or by a prefix of its id that only it has. The ids that
//! start with the prefix are a run in the sorted dictionary of the `id` fast field; one pass
//! over the column finds the readouts that hold them. The id is not indexed (see
//! `schema::Fields::id`).

use tantivy::{DocAddress, Searcher};

use crate::error::{Error, Result};
use crate::index::ReadoutIndex;

/// How many of the ids an ambiguous prefix matches are named in the error.
const AMBIGUOUS_SHOWN: usize = 5;

/// The readout whose id is `given` or starts with it; an error names a prefix that matches
/// no readout, or several. The id is taken exactly as given, since a file may give any id
/// ("My Readout 7"); only when nothing matches is it tried trimmed and in lowercase, as the
/// generated ids are written, so that a hex prefix typed in capitals still finds its readout.
pub fn find(target: &ReadoutIndex, searcher: &Searcher, given: &str) -> Result<DocAddress> {
    let typed = given.trim().to_lowercase();
    match find_prefix(target, searcher, given) {
        Err(Error::UnknownId(_)) if typed != given => find_prefix(target, searcher, &typed)
            .map_err(|e| match e {
                Error::UnknownId(_) => Error::UnknownId(given.to_string()),
                e => e,
            }),
        found => found,
    }
}

fn find_prefix(target: &ReadoutIndex, searcher: &Searcher, prefix: &str) -> Result<DocAddress> {
    let index_error = |source| Error::index(&target.dir, source);
    let io_error = |e: std::io::Error| index_error(e.into());
    let mut found: Vec<(String, DocAddress)> = Vec::new();
    for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
        let Some(ids) = segment.fast_fields().str("id").map_err(index_error)? else {
            continue;
        };
        // The ids that start with the prefix are a run of the sorted dictionary's ordinals.
        let mut terms = ids
            .dictionary()
            .range()
            .ge(prefix.as_bytes())
            .into_stream()
            .map_err(io_error)?;
        let mut run: Option<(u64, u64)> = None;
        while terms.advance() && terms.key().starts_with(prefix.as_bytes()) {
            let ord = terms.term_ord();
            run = Some((run.map_or(ord, |(first, _)| first), ord));
        }
        let Some((first, last)) = run else {
            continue;
        };
        let mut docs = Vec::new();
        ids.ords()
            .get_docids_for_value_range(first..=last, 0..segment.max_doc(), &mut docs);
        let alive = |doc: &u32| segment.alive_bitset().is_none_or(|a| a.is_alive(*doc));
        // The first ids in order, as many as an error names and one more.
        let mut held: Vec<(u64, u32)> = docs
            .into_iter()
            .filter(alive)
            .filter_map(|doc| Some((ids.term_ords(doc).next()?, doc)))
            .collect();
        held.sort_unstable();
        held.dedup_by_key(|(ord, _)| *ord);
        for &(ord, doc) in held.iter().take(AMBIGUOUS_SHOWN + 1) {
            let mut id = String::new();
            ids.ord_to_str(ord, &mut id).map_err(io_error)?;
            found.push((id, DocAddress::new(segment_ord as u32, doc)));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    found.dedup_by(|a, b| a.0 == b.0);
    // An id that is whole is that readout's, even when other ids start with it.
    if let Some((_, address)) = found.iter().find(|(id, _)| id == prefix) {
        return Ok(*address);
    }
    match found.as_slice() {
        [] => Err(Error::UnknownId(prefix.to_string())),
        [(_, address)] => Ok(*address),
        _ => {
            let mut matches: Vec<String> = found.into_iter().map(|(id, _)| id).collect();
            if matches.len() > AMBIGUOUS_SHOWN {
                matches.truncate(AMBIGUOUS_SHOWN);
                matches.push("…".into());
            }
            Err(Error::AmbiguousId {
                prefix: prefix.to_string(),
                matches,
            })
        }
    }
}
