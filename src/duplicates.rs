//! Near-duplicates: the same release republished by several outlets or re-issued with a
//! corrected line. Each body gets a 64-bit SimHash of its three-word shingles, stored in the
//! index; two readouts whose fingerprints differ in few bits say nearly the same thing.

use xxhash_rust::xxh3::xxh3_64;

/// Fingerprints at most this many bits apart are near-duplicates.
pub const MAX_DISTANCE: u32 = 3;

/// The SimHash of a text's three-word shingles (lowercased words, each followed by a space);
/// 0 for an empty text. It runs once per indexed readout, so the words are lowercased into
/// one buffer where every shingle is a slice, and the bits of the shingles' hashes are
/// counted eight at a time.
pub fn fingerprint(text: &str) -> u64 {
    let (words, mut starts) = lowercased_words(text);
    if starts.is_empty() {
        return 0;
    }
    let width = 3.min(starts.len());
    starts.push(words.len());
    let mut ones = [0u32; 64];
    let mut counters = BitCounters::default();
    let shingles = starts.len() - width;
    for i in 0..shingles {
        counters.add(xxh3_64(&words[starts[i]..starts[i + width]]), &mut ones);
    }
    counters.flush(&mut ones);
    // A bit is set when more shingles have it than not.
    (0..64)
        .filter(|&bit| 2 * ones[bit] as usize > shingles)
        .fold(0, |print, bit| print | 1 << bit)
}

/// The text's words (runs of alphanumeric characters) lowercased, each followed by a space,
/// and where each starts. ASCII, nearly all of a readout, goes without a branch on where words
/// start or end, which no predictor guesses: each byte is written, lowercased or as a space,
/// and the cursor moves past it unless it is a second space; `b | 0x20` lowercases an ASCII
/// letter and leaves a digit as it is. Starts are written the same way, kept when a word starts.
fn lowercased_words(text: &str) -> (Vec<u8>, Vec<usize>) {
    let bytes = text.as_bytes();
    // Lowercasing can lengthen a character beyond ASCII; the slow path makes room for it.
    let mut words = vec![0u8; bytes.len() + 1];
    // Room for words of six bytes on average, as in English prose; more is made as needed.
    let mut starts = vec![0usize; bytes.len() / 6 + 1];
    let (mut i, mut end, mut count, mut in_word) = (0, 0, 0, false);
    while i < bytes.len() {
        let rest = &bytes[i..];
        let ascii = if rest.is_ascii() {
            rest.len()
        } else {
            rest.iter()
                .position(|b| !b.is_ascii())
                .unwrap_or(rest.len())
        };
        for chunk in rest[..ascii].chunks(512) {
            // A word is a byte at least, and a separator follows it, so a chunk starts at most
            // half its length in words; with room for them, the loop needs no test.
            let room = count + chunk.len() / 2 + 1;
            if starts.len() < room {
                starts.resize(room.max(2 * starts.len()), 0);
            }
            for &b in chunk {
                let alnum = b.is_ascii_alphanumeric();
                words[end] = if alnum { b | 0x20 } else { b' ' };
                starts[count] = end;
                count += usize::from(alnum & !in_word);
                end += usize::from(alnum | in_word);
                in_word = alnum;
            }
        }
        i += ascii;
        if i == bytes.len() {
            break;
        }
        let c = text[i..].chars().next().unwrap_or_default();
        i += c.len_utf8();
        if !c.is_alphanumeric() {
            if in_word {
                words[end] = b' ';
                end += 1;
                in_word = false;
            }
            continue;
        }
        if !in_word {
            if count == starts.len() {
                starts.resize(2 * count + 1, 0);
            }
            starts[count] = end;
            count += 1;
            in_word = true;
        }
        for lower in c.to_lowercase() {
            let mut utf8 = [0; 4];
            let lower = lower.encode_utf8(&mut utf8).as_bytes();
            // Room for this character and for the rest of the text, a byte each at most.
            let room = end + lower.len() + (bytes.len() - i) + 1;
            if words.len() < room {
                words.resize(room, 0);
            }
            words[end..end + lower.len()].copy_from_slice(lower);
            end += lower.len();
        }
    }
    if in_word {
        words[end] = b' ';
        end += 1;
    }
    words.truncate(end);
    starts.truncate(count);
    (words, starts)
}

/// Counts, for each of the 64 bits, how many hashes have it set: eight bits at once, in
/// the eight byte lanes of a `u64`, flushed before a lane can overflow.
#[derive(Default)]
struct BitCounters {
    /// Byte `k` of `lanes[j]` counts bit `8 * j + k`.
    lanes: [u64; 8],
    pending: u32,
}

/// The bits of a byte spread over the bytes of a `u64`: bit `k` becomes byte `k`, 0 or 1.
const SPREAD: [u64; 256] = {
    let mut table = [0u64; 256];
    let mut byte = 0;
    while byte < 256 {
        let mut bit = 0;
        while bit < 8 {
            table[byte] |= ((byte as u64 >> bit) & 1) << (8 * bit);
            bit += 1;
        }
        byte += 1;
    }
    table
};

impl BitCounters {
    fn add(&mut self, hash: u64, ones: &mut [u32; 64]) {
        for (j, lane) in self.lanes.iter_mut().enumerate() {
            *lane += SPREAD[(hash >> (8 * j)) as usize & 0xff];
        }
        self.pending += 1;
        if self.pending == u8::MAX as u32 {
            self.flush(ones);
        }
    }

    fn flush(&mut self, ones: &mut [u32; 64]) {
        for (j, lane) in self.lanes.iter_mut().enumerate() {
            for (k, count) in lane.to_le_bytes().into_iter().enumerate() {
                ones[8 * j + k] += count as u32;
            }
            *lane = 0;
        }
        self.pending = 0;
    }
}

/// True when two fingerprints mark near-duplicate texts.
pub fn near(a: u64, b: u64) -> bool {
    (a ^ b).count_ones() <= MAX_DISTANCE
}

#[cfg(test)]
mod tests {
    use super::*;

    const RELEASE: &str = "Secretary of State Antony J. Blinken spoke with Turkish Foreign Minister \
        Mevlut Cavusoglu today. The Secretary and the Foreign Minister discussed the importance of \
        cooperation between the United States and Turkey, including shared interests in Syria and \
        Afghanistan, and the Secretary noted continuing support for talks between NATO Allies \
        Turkey and Greece and emphasized promoting and protecting human rights. The Secretary \
        welcomed the progress of the grain corridor from Ukrainian ports and thanked the Foreign \
        Minister for his leadership in the talks held in Istanbul. They reviewed preparations for \
        the NATO summit in Madrid, the accession requests of Finland and Sweden, and the security \
        of the Black Sea region, and agreed that their teams would stay in close contact.";

    /// SimHash as defined: +1 per shingle with the bit set, -1 per shingle without.
    fn reference(text: &str) -> u64 {
        let words: Vec<String> = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect();
        if words.is_empty() {
            return 0;
        }
        let mut weights = [0i64; 64];
        for window in words.windows(3.min(words.len())) {
            let shingle: String = window.iter().map(|w| format!("{w} ")).collect();
            let hash = xxh3_64(shingle.as_bytes());
            for (bit, weight) in weights.iter_mut().enumerate() {
                *weight += if hash >> bit & 1 == 1 { 1 } else { -1 };
            }
        }
        (0..64)
            .filter(|&bit| weights[bit] > 0)
            .fold(0, |print, bit| print | 1 << bit)
    }

    #[test]
    fn fingerprints_are_simhashes_as_defined() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let text = crate::corpus::sample_text(root);
        let paragraphs: Vec<&str> = text.split("\n\n").take(3000).collect();
        // `İ` is two bytes lowercased to three; words beyond ASCII between separators beyond
        // ASCII are more than the room made for words of six bytes.
        let lengthened = "İSTANBUL, İzmir: ".repeat(40);
        let crowded = format!("{} {}", "a b c".repeat(100), "İ\u{a0}Ö\u{a0}".repeat(200));
        let odd = [
            text.as_str(),
            "",
            "Türkiye",
            &lengthened,
            &crowded,
            "İ",
            "a İ b",
            "Straße — ÉTÉ 2022!",
        ];
        for paragraph in paragraphs.iter().chain(&odd) {
            assert_eq!(fingerprint(paragraph), reference(paragraph), "{paragraph}");
        }
    }

    #[test]
    fn a_reissue_with_a_changed_line_is_near() {
        let reissue = format!("{RELEASE} The ministry later corrected this release.");
        assert!(near(fingerprint(RELEASE), fingerprint(&reissue)));
        assert!(near(
            fingerprint(RELEASE),
            fingerprint(&RELEASE.replace("today", "on Friday"))
        ));
    }

    #[test]
    fn different_readouts_are_far() {
        let other = RELEASE
            .replace("Turkish", "Kazakh")
            .replace("Turkey", "Kazakhstan")
            .replace(
                "Syria and Afghanistan",
                "trade, energy and transport corridors",
            )
            .replace("Greece", "Uzbekistan");
        assert!(!near(fingerprint(RELEASE), fingerprint(&other)));
        assert!(!near(
            fingerprint("energy security"),
            fingerprint("peace process")
        ));
    }

    #[test]
    fn case_and_punctuation_do_not_matter() {
        assert_eq!(
            fingerprint("The Sides met, in Baku."),
            fingerprint("the sides met in baku")
        );
    }
}
