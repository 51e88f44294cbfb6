//! The title: a headline first line as written, or else the first sentence, marked derived.

use unicode_segmentation::UnicodeSegmentation;

/// Longest derived title, in characters, before it is cut at a word boundary.
const MAX_DERIVED_CHARS: usize = 160;

/// True when a first line reads like a headline: short, and not ending as a sentence does.
pub(super) fn is_headline(line: &str) -> bool {
    let words = line.split_whitespace().count();
    (1..=25).contains(&words)
        && line.chars().count() <= 200
        && !line.ends_with(['.', '!', '?', ':', ';', ','])
}

/// The first sentence of `text`, cut at a word boundary if it is long.
pub(super) fn derive(text: &str) -> String {
    let sentence = text.unicode_sentences().next().unwrap_or(text).trim();
    if sentence.chars().count() <= MAX_DERIVED_CHARS {
        return sentence.to_string();
    }
    let mut cut = String::new();
    for word in sentence.split_whitespace() {
        if cut.chars().count() + word.chars().count() + 1 > MAX_DERIVED_CHARS - 1 {
            break;
        }
        if !cut.is_empty() {
            cut.push(' ');
        }
        cut.push_str(word);
    }
    cut.trim_end_matches([',', ';', ':']).to_string() + "…"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headlines_are_short_and_unpunctuated() {
        assert!(is_headline(
            "Azerbaijan, Malaysia chart new path for cooperation across key sectors"
        ));
        assert!(!is_headline("The sides met in Baku."));
        assert!(!is_headline(""));
    }

    #[test]
    fn derived_titles_are_the_first_sentence() {
        assert_eq!(derive("The sides met. They talked."), "The sides met.");
    }

    #[test]
    fn long_sentences_are_cut_at_a_word() {
        let long = "word ".repeat(100);
        let title = derive(&long);
        assert!(title.ends_with("word…"));
        assert!(title.chars().count() <= MAX_DERIVED_CHARS);
    }
}
