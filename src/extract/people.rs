//! People: officials named with their titles ("Foreign Minister Jeyhun Bayramov", "Jeyhun
//! Bayramov, Azerbaijan's Minister of Foreign Affairs"), from the offices and styles of
//! `data/titles.tsv`. Pure functions over text: no I/O.

use std::ops::Range;

use super::gazetteer::{Gazetteer, TitleKind, ending_at, overlaps_any, starting_at};

/// An official found next to a title, before merging.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Named {
    pub name: String,
    pub title: String,
    /// Index of the country named with the title ("Malaysian", "Azerbaijan's", "of Pakistan").
    pub country: Option<usize>,
}

/// The names the gazetteer found in one text, for telling names from other capitalised words.
pub(super) struct Names<'a> {
    /// Every entity range, in order.
    pub all: &'a [Range<usize>],
    /// Country mentions, in order, and the country index of each.
    pub countries: &'a [Range<usize>],
    pub country_ids: &'a [usize],
}

/// Particles that may sit inside a name ("Faisal bin Farhan", "van der Plas").
const PARTICLES: &[&str] = &[
    "bin", "bint", "binti", "ibn", "al", "el", "de", "da", "di", "do", "dos", "du", "van", "der",
    "von", "la", "le", "y",
];

/// Longest name, in words.
const MAX_NAME_WORDS: usize = 5;

/// Every official named with a title in `text`, in order of appearance. `titles` are the
/// offices the gazetteer found in `text`: (index into `Gazetteer::titles`, range), in order.
pub(super) fn find(
    g: &Gazetteer,
    text: &str,
    titles: &[(usize, Range<usize>)],
    names: &Names,
) -> Vec<Named> {
    let mut found = Vec::new();
    let mut after_last = 0;
    for (i, range) in titles.iter().cloned() {
        if g.titles[i].1 != TitleKind::Title || range.start < after_last {
            continue;
        }
        let mut start = range.start;
        for (phrase, kind) in &g.titles {
            if *kind == TitleKind::Modifier
                && let Some(before) = text[..start].strip_suffix(' ')
                && let Some(before) = before.strip_suffix(phrase.as_str())
                && !before.ends_with(char::is_alphanumeric)
            {
                start = before.len();
                break;
            }
        }
        let title = &text[start..range.end];
        let before_country = country_before(text, start, names);
        let forward = name_after(g, text, range.end, names);
        // Where a name written before the title ends: "Leo Varadkar, the Taoiseach".
        let head = before_country.map_or(start, |(_, at)| at);
        let head = text[..head].strip_suffix("the ").map_or(head, str::len);
        let named = match forward {
            Some((name, country, end)) => {
                after_last = end;
                // "Prime Minister Tuilaepa of Samoa": the country may follow the name.
                let country = country
                    .or(before_country.map(|(c, _)| c))
                    .or_else(|| country_after(text, end, names));
                Some((name, country))
            }
            // "Name, Title": unless that name was the last title's ("Prime Minister X, Speaker").
            None if text[..head]
                .strip_suffix(", ")
                .is_none_or(|b| b.len() != after_last) =>
            {
                // "Helen Clark, Prime Minister of New Zealand": the country may follow the title.
                let country = before_country
                    .map(|(c, _)| c)
                    .or_else(|| country_after(text, range.end, names));
                name_before(g, text, head, names).map(|name| (name, country))
            }
            None => None,
        };
        if let Some((name, country)) = named {
            found.push(Named {
                name,
                title: title.to_string(),
                country,
            });
        }
    }
    found
}

/// The country named just before a title ("Malaysian ", "Azerbaijan's "), and where it starts.
fn country_before(text: &str, at: usize, names: &Names) -> Option<(usize, usize)> {
    let before = text[..at].strip_suffix(' ')?;
    let before = before
        .strip_suffix("'s")
        .or_else(|| {
            before
                .strip_suffix('\u{2019}')
                .and_then(|b| b.strip_suffix('s'))
        })
        .unwrap_or(before);
    ending_at(names.countries, before.len())
        .map(|i| (names.country_ids[i], names.countries[i].start))
}

/// The country named just after `at` as " of [the] COUNTRY".
fn country_after(text: &str, at: usize, names: &Names) -> Option<usize> {
    let rest = text[at..].strip_prefix(" of ")?;
    let rest = rest.strip_prefix("the ").unwrap_or(rest);
    let entity_at = text.len() - rest.len();
    starting_at(names.countries, entity_at).map(|c| names.country_ids[c])
}

/// A name after a title at `at`: `[of [the] ENTITY [Institution...]][,] [styles] Name`.
/// Returns the name, a country named in the complement, and where the name ends.
fn name_after(
    g: &Gazetteer,
    text: &str,
    mut at: usize,
    names: &Names,
) -> Option<(String, Option<usize>, usize)> {
    let mut country = None;
    if let Some(rest) = text[at..].strip_prefix(" of ") {
        let rest = rest.strip_prefix("the ").unwrap_or(rest);
        let entity_at = text.len() - rest.len();
        // The complement names an entity ("of the Kingdom of Saudi Arabia") or an institution
        // ("of the National Assembly"), which the loop below passes over.
        at = match starting_at(names.all, entity_at) {
            Some(i) => {
                country = starting_at(names.countries, entity_at).map(|c| names.country_ids[c]);
                names.all[i].end
            }
            None => {
                let word = rest.split(' ').next().unwrap_or("");
                if !g.common_words.contains(word) {
                    return None;
                }
                entity_at - 1
            }
        };
        if let Some(rest) = text[at..].strip_prefix(" (")
            && let Some(close) = rest.find(')')
        {
            at = text.len() - rest.len() + close + 1;
        }
        loop {
            let rest = &text[at..];
            let Some(word) = rest.strip_prefix(' ').and_then(|r| r.split(' ').next()) else {
                break;
            };
            if g.common_words.contains(word) {
                at += 1 + word.len();
            } else {
                break;
            }
        }
    }
    let mut rest = &text[at..];
    rest = rest.strip_prefix(',').unwrap_or(rest);
    rest = rest.strip_prefix(' ')?;
    rest = skip_styles(g, rest);
    let start = text.len() - rest.len();
    let (name, len) = name_forward(g, text, start, names)?;
    Some((name, country, start + len))
}

/// Drops styles such as "Dato' Seri" or "His Majesty" at the head of `text`.
fn skip_styles<'a>(g: &Gazetteer, mut text: &'a str) -> &'a str {
    'again: loop {
        for (phrase, kind) in &g.titles {
            if *kind == TitleKind::Honorific
                && let Some(rest) = text.strip_prefix(phrase.as_str())
                && let Some(rest) = rest.strip_prefix(' ')
            {
                text = rest;
                continue 'again;
            }
        }
        return text;
    }
}

/// The words of a name starting at `start`, and where it ends.
fn name_forward(g: &Gazetteer, text: &str, start: usize, names: &Names) -> Option<(String, usize)> {
    let mut words: Vec<(&str, usize)> = Vec::new();
    let mut at = start;
    while words.len() < MAX_NAME_WORDS {
        let rest = &text[at..];
        let len = rest
            .find(|c: char| !(c.is_alphabetic() || matches!(c, '.' | '\'' | '-' | '\u{2019}')))
            .unwrap_or(rest.len());
        let raw = &rest[..len];
        let (word, possessive) = match raw
            .strip_suffix("'s")
            .or_else(|| raw.strip_suffix("\u{2019}s"))
        {
            Some(w) => (w, true),
            None => (raw, false),
        };
        let sentence_end = word.ends_with('.') && word.trim_end_matches('.').chars().count() > 1;
        let word = if sentence_end {
            word.trim_end_matches('.')
        } else {
            word
        };
        let range = at..at + word.len();
        let is_particle = PARTICLES.contains(&word);
        if word.is_empty() || !(is_particle || is_name_word(g, word, range.clone(), names)) {
            break;
        }
        words.push((word, range.end));
        at += len;
        if possessive || sentence_end || !text[at..].starts_with(' ') {
            break;
        }
        at += 1;
    }
    while words.last().is_some_and(|(w, _)| PARTICLES.contains(w)) {
        words.pop();
    }
    let &(_, end) = words.last()?;
    let name: Vec<&str> = words.iter().map(|(w, _)| *w).collect();
    Some((name.join(" "), end - start))
}

/// A name just before `at`, written as "Name, " before a title.
fn name_before(g: &Gazetteer, text: &str, at: usize, names: &Names) -> Option<String> {
    let before = text[..at].strip_suffix(", ")?;
    let mut words: Vec<&str> = Vec::new();
    let mut end = before.len();
    while words.len() < MAX_NAME_WORDS {
        let head = &before[..end];
        let start = head
            .rfind(|c: char| !(c.is_alphabetic() || matches!(c, '.' | '\'' | '-' | '\u{2019}')))
            .map_or(0, |i| {
                i + head[i..].chars().next().map_or(1, char::len_utf8)
            });
        let word = &head[start..];
        let is_particle = PARTICLES.contains(&word);
        if word.is_empty() || !(is_particle || is_name_word(g, word, start..end, names)) {
            break;
        }
        words.push(word);
        match head[..start].strip_suffix(' ') {
            Some(h) => end = h.len(),
            None => break,
        }
    }
    while words.last().is_some_and(|w| PARTICLES.contains(w)) {
        words.pop();
    }
    words.reverse();
    let name = words.join(" ");
    let name = skip_styles(g, &name);
    (!name.is_empty()).then(|| name.to_string())
}

/// A capitalised word that is no title, institution or gazetteer name.
fn is_name_word(g: &Gazetteer, word: &str, range: Range<usize>, names: &Names) -> bool {
    // "el-Sisi", "al-Sudani": an article joined to a capitalised name.
    let name = ["al-", "el-", "ad-", "as-", "ash-"]
        .iter()
        .find_map(|article| word.strip_prefix(article))
        .unwrap_or(word);
    let mut chars = name.chars();
    let regnal =
        (2..=4).contains(&word.len()) && word.chars().all(|c| matches!(c, 'I' | 'V' | 'X'));
    chars.next().is_some_and(char::is_uppercase)
        && (chars.any(char::is_lowercase) || (word.len() == 2 && word.ends_with('.')) || regnal)
        && !g.common_words.contains(word)
        && !overlaps_any(names.all, &range)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::gazetteer::{Entity, gazetteer};

    fn people(text: &str) -> Vec<(String, String, Option<&'static str>)> {
        let g = gazetteer();
        let (titles, found): (Vec<_>, Vec<_>) = g
            .find_entities(text)
            .partition(|f| matches!(f.entity, Entity::Title(_)));
        let titles: Vec<(usize, Range<usize>)> = titles
            .into_iter()
            .filter_map(|f| match f.entity {
                Entity::Title(i) => Some((i, f.range)),
                _ => None,
            })
            .collect();
        let all: Vec<Range<usize>> = found.iter().map(|f| f.range.clone()).collect();
        let (countries, country_ids): (Vec<Range<usize>>, Vec<usize>) = found
            .iter()
            .filter_map(|f| match f.entity {
                Entity::Country(c) => Some((f.range.clone(), c)),
                _ => None,
            })
            .unzip();
        let names = Names {
            all: &all,
            countries: &countries,
            country_ids: &country_ids,
        };
        find(g, text, &titles, &names)
            .into_iter()
            .map(|p| {
                let code = p.country.map(|c| g.countries[c].code.as_str());
                (p.name, p.title, code)
            })
            .collect()
    }

    fn person(
        name: &str,
        title: &str,
        code: Option<&'static str>,
    ) -> (String, String, Option<&'static str>) {
        (name.to_string(), title.to_string(), code)
    }

    #[test]
    fn title_then_name() {
        assert_eq!(
            people("Azerbaijani Foreign Minister Jeyhun Bayramov met Secretary Blinken."),
            [
                person("Jeyhun Bayramov", "Foreign Minister", Some("AZE")),
                person("Blinken", "Secretary", None)
            ]
        );
    }

    #[test]
    fn styles_are_dropped_from_the_name() {
        assert_eq!(
            people("with Malaysian Prime Minister Dato' Seri Anwar Ibrahim during her visit"),
            [person("Anwar Ibrahim", "Prime Minister", Some("MYS"))]
        );
    }

    #[test]
    fn name_after_a_comma_and_a_complement() {
        assert_eq!(
            people("Azerbaijan's Minister of Foreign Affairs, Jeyhun Bayramov, met"),
            [person(
                "Jeyhun Bayramov",
                "Minister of Foreign Affairs",
                Some("AZE")
            )]
        );
        assert_eq!(
            people("Speaker of the Azerbaijani Parliament Sahiba Gafarova held a meeting"),
            [person("Sahiba Gafarova", "Speaker", Some("AZE"))]
        );
        assert_eq!(
            people(
                "the Foreign Minister of the Kingdom of Saudi Arabia, Faisal bin Farhan Al Saud."
            ),
            [person(
                "Faisal bin Farhan Al Saud",
                "Foreign Minister",
                Some("SAU")
            )]
        );
    }

    #[test]
    fn a_complement_may_name_an_institution() {
        assert_eq!(
            people(
                "Prime Minister Sheikh Sabah Al-Sabah, Speaker of the National Assembly Marzouq al Ghanem, and"
            ),
            [
                person("Sabah Al-Sabah", "Prime Minister", None),
                person("Marzouq al Ghanem", "Speaker", None)
            ]
        );
    }

    #[test]
    fn name_before_the_title() {
        assert_eq!(
            people("met with Syed Yousuf Raza Gilani, Acting President and Chairman of the Senate"),
            [person("Syed Yousuf Raza Gilani", "Acting President", None)]
        );
    }

    #[test]
    fn the_country_may_follow_the_name_or_the_title() {
        assert_eq!(
            people("Prime Minister Gillard hosted Prime Minister Tuilaepa of Samoa in Canberra"),
            [
                person("Gillard", "Prime Minister", None),
                person("Tuilaepa", "Prime Minister", Some("WSM"))
            ]
        );
        assert_eq!(
            people(
                "Official Visit by the Right Honourable Helen Clark, Prime Minister of New Zealand"
            ),
            [person("Helen Clark", "Prime Minister", Some("NZL"))]
        );
        assert_eq!(
            people("The Prime Minister of Iraq, HE Nouri Al-Maliki, will visit"),
            [person("Nouri Al-Maliki", "Prime Minister", Some("IRQ"))]
        );
        assert_eq!(
            people("He met King Abdullah II of Jordan and President Abdel Fattah el-Sisi."),
            [
                person("Abdullah II", "King", Some("JOR")),
                person("Abdel Fattah el-Sisi", "President", None)
            ]
        );
        assert_eq!(
            people("talks with Leo Varadkar, the Taoiseach of Ireland, today"),
            [person("Leo Varadkar", "Taoiseach", Some("IRL"))]
        );
    }

    #[test]
    fn titles_without_a_name_name_nobody() {
        assert!(people("The Secretary and the Foreign Minister discussed Gaza.").is_empty());
        assert!(people("the Deputy Secretary also met the Prime Minister").is_empty());
        assert!(people("As President I will act.").is_empty());
    }

    #[test]
    fn a_headline_ends_the_name() {
        assert_eq!(
            people(
                "Secretary Blinken and Israeli Foreign Minister Yair Lapid Before Their Meeting"
            ),
            [
                person("Blinken", "Secretary", None),
                person("Yair Lapid", "Foreign Minister", Some("ISR"))
            ]
        );
    }
}
