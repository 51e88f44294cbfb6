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
/// and where each starts. ASCII, nearly all of a readout, is read up to 64 bytes at a time: a
/// mask of which bytes are alphanumeric tells where words start and end, so there is a branch
/// per word, not per byte, where no predictor guesses. Any other character is read on its own.
fn lowercased_words(text: &str) -> (Vec<u8>, Vec<usize>) {
    let bytes = text.as_bytes();
    let mut words = Words {
        lowered: vec![0; bytes.len() + 9],
        end: 0,
        starts: Vec::with_capacity(bytes.len() / 5 + 1),
    };
    // Where the word being read starts, if one is, and whether it is ASCII so far.
    let mut start: Option<usize> = None;
    let mut ascii = true;
    let mut at = 0;
    while at < bytes.len() {
        let (alnum, len) = ascii_window(bytes, at);
        if len == 0 {
            // A character beyond ASCII.
            let c = text[at..].chars().next().unwrap_or_default();
            match (start, c.is_alphanumeric()) {
                (None, true) => start = Some(at),
                (Some(from), false) => {
                    words.push(text, from, at, ascii);
                    start = None;
                }
                _ => {}
            }
            ascii = start.is_none();
            at += c.len_utf8();
            continue;
        }
        let inside = u64::MAX >> (64 - len);
        let alnum = alnum & inside;
        // Bit k: byte k - 1 is alphanumeric.
        let before = alnum << 1 | u64::from(start.is_some());
        let mut starts = alnum & !before;
        let mut ends = !alnum & before & inside;
        loop {
            if start.is_none() {
                if starts == 0 {
                    break;
                }
                start = Some(at + starts.trailing_zeros() as usize);
                starts &= starts - 1;
                ascii = true;
            }
            if ends == 0 {
                break;
            }
            let end = at + ends.trailing_zeros() as usize;
            ends &= ends - 1;
            if let Some(from) = start.take() {
                words.push(text, from, end, ascii);
            }
        }
        at += len;
    }
    if let Some(from) = start {
        words.push(text, from, bytes.len(), ascii);
    }
    words.lowered.truncate(words.end);
    (words.lowered, words.starts)
}

/// What `lowercased_words` gives, as it is written.
struct Words {
    /// The words written so far, up to `end`; room for eight bytes more past the last word.
    lowered: Vec<u8>,
    end: usize,
    starts: Vec<usize>,
}

impl Words {
    /// Writes the word `text[from..to]` lowercased, then a space. An ASCII word is lowercased
    /// and written eight bytes at a time: `b | 0x20` lowercases a letter and leaves a digit as
    /// it is; what is written past the word is written over or cut.
    #[inline(always)]
    fn push(&mut self, text: &str, from: usize, to: usize, ascii: bool) {
        self.starts.push(self.end);
        if ascii {
            for piece in (from..to).step_by(8) {
                let eight = load(text.as_bytes(), piece) | LOWERCASE;
                self.lowered[self.end..self.end + 8].copy_from_slice(&eight.to_le_bytes());
                self.end += (to - piece).min(8);
            }
        } else {
            self.push_lowercased(&text[from..to]);
        }
        // The rest of the text is a byte a character at least, and gives a space a word at
        // most: room for it, unless lowercasing lengthened a character.
        if self.lowered.len() < self.end + 9 + text.len() - to {
            self.lowered.resize(2 * self.lowered.len() + 9, 0);
        }
        self.lowered[self.end] = b' ';
        self.end += 1;
    }

    #[cold]
    fn push_lowercased(&mut self, word: &str) {
        let mut utf8 = [0; 4];
        for c in word.chars().flat_map(char::to_lowercase) {
            let c = c.encode_utf8(&mut utf8).as_bytes();
            if self.lowered.len() < self.end + c.len() + 9 {
                self.lowered.resize(2 * self.lowered.len() + c.len() + 9, 0);
            }
            self.lowered[self.end..self.end + c.len()].copy_from_slice(c);
            self.end += c.len();
        }
    }
}

/// A `u64` with each byte 1.
const LANES: u64 = u64::MAX / 0xff;
/// A `u64` with 0x20 in each byte: the bit that lowercases an ASCII letter.
const LOWERCASE: u64 = LANES * 0x20;
/// A `u64` with the high bit of each byte set.
const HIGH: u64 = LANES * 0x80;

/// The eight bytes of `bytes` from `at`, little-endian; zeros past the end.
#[inline(always)]
fn load(bytes: &[u8], at: usize) -> u64 {
    if let Some(eight) = bytes.get(at..at + 8) {
        return u64::from_le_bytes(eight.try_into().unwrap_or_default());
    }
    let mut eight = [0; 8];
    if let Some(rest) = bytes.get(at..) {
        let n = rest.len().min(8);
        eight[..n].copy_from_slice(&rest[..n]);
    }
    u64::from_le_bytes(eight)
}

/// Of the (at most) 64 bytes from `at`: a mask of the alphanumeric ones, bit k for byte k, and
/// how many are ASCII before the first that is not (or the text's end).
fn ascii_window(bytes: &[u8], at: usize) -> (u64, usize) {
    let (mut alnum, mut high) = (0, 0);
    for lane in 0..8 {
        let eight = load(bytes, at + 8 * lane);
        alnum |= gather(alphanumeric(eight)) << (8 * lane);
        high |= gather(eight & HIGH) << (8 * lane);
    }
    let len = (bytes.len() - at).min(high.trailing_zeros() as usize);
    (alnum, len)
}

/// The high bit of each byte of `eight` set when the byte is an ASCII letter or digit. A sum
/// carries into the next byte only from a byte beyond ASCII, and `ascii_window` keeps no byte
/// after one.
fn alphanumeric(eight: u64) -> u64 {
    let at_least = |x: u64, low: u8| x.wrapping_add(LANES * u64::from(0x80 - low));
    let above = |x: u64, high: u8| x.wrapping_add(LANES * u64::from(0x7f - high));
    let lower = eight | LOWERCASE;
    let letter = at_least(lower, b'a') & !above(lower, b'z');
    let digit = at_least(eight, b'0') & !above(eight, b'9');
    (letter | digit) & HIGH
}

/// The high bits of the bytes of `high` as eight bits, byte k's as bit k.
fn gather(high: u64) -> u64 {
    (high >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
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
        // `İ` is two bytes lowercased to three: the lowercased words outgrow the text.
        let lengthened = "İSTANBUL, İzmir: ".repeat(40);
        let crowded = format!("{} {}", "a b c".repeat(100), "İ\u{a0}Ö\u{a0}".repeat(200));
        // Words across the 64 bytes read at once, longer than eight bytes, and meeting a
        // character beyond ASCII at the edge of what is read at once.
        let long = format!("{} {}", "Cooperation".repeat(13), "x".repeat(64));
        let edges: Vec<String> = (55..70)
            .map(|n| {
                format!(
                    "{}Türkiye’s {}É9 Sea",
                    "ab ".repeat(n / 3),
                    "q".repeat(n % 9)
                )
            })
            .collect();
        let odd = [
            text.as_str(),
            "",
            "Türkiye",
            &lengthened,
            &crowded,
            "İ",
            "a İ b",
            "Straße — ÉTÉ 2022!",
            &long,
        ];
        let edges = edges.iter().map(String::as_str);
        for paragraph in paragraphs.iter().copied().chain(odd).chain(edges) {
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
