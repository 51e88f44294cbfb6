//! Near-duplicates: the same release republished by several outlets or re-issued with a
//! corrected line. Each body gets a 64-bit SimHash of its three-word shingles, stored in the
//! index; two readouts whose fingerprints differ in few bits say nearly the same thing.

use xxhash_rust::xxh3::xxh3_64;

/// Fingerprints at most this many bits apart are near-duplicates.
pub const MAX_DISTANCE: u32 = 3;

/// The SimHash of a text's three-word shingles (lowercased words); 0 for an empty text.
/// The words are lowercased into one buffer, not a string each, and the bit weights are
/// counted without branches: this runs once per indexed readout.
pub fn fingerprint(text: &str) -> u64 {
    let mut lowered = String::with_capacity(text.len());
    let mut words: Vec<(usize, usize)> = Vec::new();
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if !word.is_empty() {
            let start = lowered.len();
            if word.is_ascii() {
                lowered.push_str(word);
                lowered[start..].make_ascii_lowercase();
            } else {
                lowered.extend(word.chars().flat_map(char::to_lowercase));
            }
            words.push((start, lowered.len()));
        }
    }
    if words.is_empty() {
        return 0;
    }
    let mut weights = [0i32; 64];
    let mut shingle = String::new();
    for window in words.windows(3.min(words.len())) {
        shingle.clear();
        for &(start, end) in window {
            shingle.push_str(&lowered[start..end]);
            shingle.push(' ');
        }
        let hash = xxh3_64(shingle.as_bytes());
        for (bit, weight) in weights.iter_mut().enumerate() {
            *weight += (hash >> bit & 1) as i32 * 2 - 1;
        }
    }
    weights
        .iter()
        .enumerate()
        .filter(|(_, w)| **w > 0)
        .fold(0, |print, (bit, _)| print | 1 << bit)
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
