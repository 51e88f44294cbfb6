//! How a Readout is kept in the index: encoded with postcard, compressed on its own with a zstd
//! dictionary trained on readouts (`data/readouts.zdict`, made by
//! `examples/train_dictionary.rs`). A hit decompresses its own few kilobytes, where block
//! compression made it decompress the 64 KiB block around it; with the dictionary, the stored
//! readouts take as little room. postcard writes no field names: a fifth fewer bytes to
//! compress than JSON, and a hit decodes in half the time.

use std::cell::RefCell;
use std::io;
use std::sync::LazyLock;

use zstd::bulk::{Compressor, Decompressor};
use zstd::dict::{DecoderDictionary, EncoderDictionary};

use tantivy::schema::Value;
use tantivy::{Searcher, TantivyDocument};

use super::ReadoutIndex;
use crate::error::{Error, Result};
use crate::readout::Readout;

/// The dictionary of both ways. Readouts stored with another cannot be read: changing it
/// means bumping `schema::FORMAT`.
const DICTIONARY: &[u8] = include_bytes!("data/readouts.zdict");
/// zstd's level: 2 takes 9 % less time than 3 (the default) to pack a readout, and packs it 7 %
/// larger; higher levels cost more indexing time still.
const LEVEL: i32 = 2;
/// No stored Readout is larger; zstd refuses to decompress one that says it is.
const MAX_BYTES: usize = 1 << 30;

// By reference: a copy of the dictionary costs a search process its 110 KB in fresh pages.
static ENCODER: LazyLock<Option<EncoderDictionary<'static>>> =
    LazyLock::new(|| EncoderDictionary::try_new(DICTIONARY, LEVEL).ok());
static DECODER: LazyLock<Option<DecoderDictionary<'static>>> =
    LazyLock::new(|| DecoderDictionary::try_new(DICTIONARY).ok());

thread_local! {
    /// A context per thread: making one costs more than compressing a readout with it.
    static COMPRESSOR: RefCell<Option<Compressor<'static>>> = const { RefCell::new(None) };
    static DECOMPRESSOR: RefCell<Option<Decompressor<'static>>> = const { RefCell::new(None) };
}

fn unusable_dictionary() -> io::Error {
    io::Error::other("zstd could not load the dictionary of stored readouts")
}

/// A Readout as it is stored, before compression: what the dictionary is trained on.
pub fn encode(readout: &Readout) -> Vec<u8> {
    postcard::to_allocvec(readout).expect("a Readout always serializes")
}

/// The bytes stored for a readout.
pub fn pack(readout: &Readout) -> io::Result<Vec<u8>> {
    let encoded = encode(readout);
    COMPRESSOR.with_borrow_mut(|slot| {
        let compressor = match slot {
            Some(compressor) => compressor,
            None => {
                let dictionary = ENCODER.as_ref().ok_or_else(unusable_dictionary)?;
                slot.insert(Compressor::with_prepared_dictionary(dictionary)?)
            }
        };
        compressor.compress(&encoded)
    })
}

/// The Readout stored as `bytes`; `None` when they hold none.
pub fn unpack(bytes: &[u8]) -> Option<Readout> {
    let encoded = DECOMPRESSOR.with_borrow_mut(|slot| -> io::Result<Vec<u8>> {
        let decompressor = match slot {
            Some(decompressor) => decompressor,
            None => {
                let dictionary = DECODER.as_ref().ok_or_else(unusable_dictionary)?;
                slot.insert(Decompressor::with_prepared_dictionary(dictionary)?)
            }
        };
        decompressor.decompress(bytes, MAX_BYTES)
    });
    postcard::from_bytes(&encoded.ok()?).ok()
}

/// The Readout stored with a document: what a view shows, without re-extracting.
pub fn stored_readout(
    target: &ReadoutIndex,
    searcher: &Searcher,
    address: tantivy::DocAddress,
) -> Result<Readout> {
    let doc: TantivyDocument = searcher
        .doc(address)
        .map_err(|source| Error::index(&target.dir, source))?;
    doc.get_first(target.fields.readout)
        .and_then(|v| v.as_bytes())
        .and_then(unpack)
        .ok_or_else(|| Error::Incompatible(target.dir.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::analyze;
    use crate::readout::Source;

    #[test]
    fn a_packed_readout_unpacks_as_it_was() {
        let text = "Azerbaijan, Malaysia chart a new path\nBAKU, Azerbaijan, September 18. The ministers discussed trade and energy security within the OIC.";
        let mut readout = analyze(&Source::new("/r/x.txt".into(), text.into(), b"x"));
        let packed = pack(&readout).unwrap();
        assert!(packed.len() < encode(&readout).len());
        assert_eq!(unpack(&packed).as_ref(), Some(&readout));
        // The fields a file gives beyond the text, of any JSON shape.
        readout.url = Some("https://mfa.test/r/1".into());
        let extra = serde_json::json!({"lang": "en", "tags": ["trade", 2], "by": {"desk": null}});
        readout.extra = extra.as_object().unwrap().clone();
        assert_eq!(unpack(&pack(&readout).unwrap()), Some(readout));
    }

    #[test]
    fn bytes_that_are_no_packed_readout_unpack_to_none() {
        assert_eq!(unpack(b""), None);
        assert_eq!(unpack(b"{\"id\": 1}"), None);
        let readout = analyze(&Source::new("/r/x.txt".into(), "Text.".into(), b"x"));
        let packed = pack(&readout).unwrap();
        assert_eq!(unpack(&packed[..packed.len() / 2]), None);
    }
}
