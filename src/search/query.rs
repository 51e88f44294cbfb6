//! The query language, on top of tantivy's: words, `"phrases"`, `+must`, `-exclude`, `OR`,
//! `title:`, and two prefixes of our own, `country:` and `org:`. Entities named in the query by
//! any alias (found with the gazetteers the indexer uses) also match readouts that name them
//! another way: `Malaysian` becomes `(Malaysian OR entity:"c:MYS")`, and the entity term is
//! scored like any other. Pure text in, text out; `search` parses the result.

use crate::extract::gazetteer::{Area, gazetteer};
use crate::index::schema::{country_term, org_term};

/// A user query rewritten for the parser, and what the user should be told about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Rewritten {
    pub text: String,
    pub notes: Vec<String>,
    /// Plain words and entity names at the top level: what "most words" counts.
    pub words: usize,
}

/// An organization or a country that a query names.
enum Named {
    Org(&'static str),
    Country(&'static str),
}

impl Named {
    fn term(&self) -> String {
        match self {
            Named::Org(id) => org_term(id),
            Named::Country(code) => country_term(code),
        }
    }
}

// `FOLDED`, `EXACT` and `LONGEST`: the names of the gazetteer's organizations and countries,
// made by build.rs.
include!(concat!(env!("OUT_DIR"), "/query_names.rs"));

/// The entity `key` names in one of the tables.
fn named(table: &'static [(&str, Named)], key: &str) -> Option<&'static Named> {
    let found = table.binary_search_by(|(name, _)| (*name).cmp(key));
    found.ok().map(|i| &table[i].1)
}

/// One piece of a query as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece<'a> {
    /// A plain word, with the operator (`+`, `-`) before it if any.
    Word { op: &'a str, word: &'a str },
    /// Anything the parser reads as it is: a phrase, `field:value`, `OR`, a parenthesis.
    Verbatim(String),
}

/// Rewrites a query so entities match by any of their names.
pub(super) fn rewrite(query: &str) -> Rewritten {
    let mut notes = Vec::new();
    let pieces = pieces(query, &mut notes);
    let mut out: Vec<String> = Vec::new();
    let mut words = 0;
    let mut i = 0;
    while i < pieces.len() {
        let Piece::Word { op, word } = &pieces[i] else {
            if let Piece::Verbatim(text) = &pieces[i] {
                out.push(text.clone());
            }
            i += 1;
            continue;
        };
        match longest_entity(&pieces[i..]) {
            Some((length, term)) => {
                let name: Vec<&str> = pieces[i..i + length]
                    .iter()
                    .filter_map(|p| match p {
                        Piece::Word { word, .. } => Some(clean(word)),
                        Piece::Verbatim(_) => None,
                    })
                    .collect();
                let text = if name.len() == 1 {
                    name[0].to_string()
                } else {
                    format!("\"{}\"", name.join(" "))
                };
                out.push(format!("{op}({text} OR entity:\"{term}\")"));
                words += usize::from(op.is_empty());
                i += length;
            }
            None => {
                out.push(format!("{op}{word}"));
                words += usize::from(op.is_empty());
                i += 1;
            }
        }
    }
    Rewritten {
        text: out.join(" "),
        notes,
        words,
    }
}

/// The query with every character of the query syntax taken as a plain space: what a query
/// that does not parse is searched as.
pub(super) fn plain_words(query: &str) -> String {
    query
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '\'' | '’' | '.' | ',' | '&') {
                c
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .filter(|w| !matches!(*w, "AND" | "OR" | "NOT"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The longest run of plain words at the start of `pieces` that names an entity: its length
/// in pieces and its entity term. Only the first word of a run may carry an operator.
fn longest_entity(pieces: &[Piece]) -> Option<(usize, String)> {
    let mut words: Vec<&str> = Vec::new();
    for piece in pieces.iter().take(LONGEST) {
        match piece {
            Piece::Word { op, word } if words.is_empty() || op.is_empty() => {
                words.push(clean(word))
            }
            _ => break,
        }
    }
    (1..=words.len()).rev().find_map(|n| {
        let key = words[..n].join(" ");
        let exact = named(EXACT, &key);
        let folded = || named(FOLDED, &key.to_lowercase());
        exact.or_else(folded).map(|entity| (n, entity.term()))
    })
}

/// A word as a name: without a possessive or the punctuation around it.
fn clean(word: &str) -> &str {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '\'');
    let word = word.trim_start_matches(['.', '\'']);
    let word = ["'s", "’s"]
        .iter()
        .find_map(|s| word.strip_suffix(s))
        .unwrap_or(word);
    word.trim_end_matches(|c: char| {
        c == '\'' || (c == '.' && !word[..word.len() - 1].contains('.'))
    })
}

/// Splits a query into words and verbatim pieces; `country:` and `org:` prefixes become
/// entity terms, or plain words with a note when the name is unknown.
fn pieces<'a>(query: &'a str, notes: &mut Vec<String>) -> Vec<Piece<'a>> {
    let mut pieces = Vec::new();
    let mut rest = query.trim_start();
    while !rest.is_empty() {
        let (piece, after) = if let Some(inner) = rest.strip_prefix('"') {
            let end = inner.find('"').map_or(inner.len(), |i| i + 1);
            let end = (end + 1).min(rest.len());
            (Piece::Verbatim(rest[..end].to_string()), &rest[end..])
        } else if rest.starts_with(['(', ')']) {
            (Piece::Verbatim(rest[..1].to_string()), &rest[1..])
        } else {
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '(' || c == ')')
                .unwrap_or(rest.len());
            let token = &rest[..end];
            let (op, body) = match token.strip_prefix(['+', '-']) {
                Some(body) if !body.is_empty() => (&token[..1], body),
                _ => ("", token),
            };
            if let Some((field, value)) = body.split_once(':')
                && (field == "country" || field == "org")
            {
                // A quoted value runs to its closing quote.
                let (value, after) = if value.is_empty() && rest[end..].is_empty() {
                    (value.to_string(), &rest[end..])
                } else if let Some(inner) = rest[op.len() + field.len() + 1..].strip_prefix('"') {
                    let close = inner.find('"').unwrap_or(inner.len());
                    let consumed = op.len() + field.len() + 2 + close + 1;
                    (
                        inner[..close].to_string(),
                        &rest[consumed.min(rest.len())..],
                    )
                } else {
                    (value.to_string(), &rest[end..])
                };
                let piece = match entity_prefix(field, &value) {
                    Some(terms) => Piece::Verbatim(format!("{op}{terms}")),
                    None => {
                        notes.push(format!("unknown {field} '{value}': searched as words"));
                        Piece::Verbatim(format!("{op}({})", plain_words(&value)))
                    }
                };
                (piece, after)
            } else if let Some((field, value)) = body.split_once(':')
                && !searchable_field(field, value)
            {
                if field.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_') {
                    notes.push(format!(
                        "'{field}:{value}' is not a field search: searched as words (a query \
                         can name title:, body:, country: and org:)"
                    ));
                }
                (
                    Piece::Verbatim(format!("{op}({})", plain_words(body))),
                    &rest[end..],
                )
            } else if matches!(token, "AND" | "OR" | "NOT")
                || body.contains(':')
                || op.is_empty() && token.starts_with(['+', '-'])
            {
                (Piece::Verbatim(token.to_string()), &rest[end..])
            } else {
                (Piece::Word { op, word: body }, &rest[end..])
            }
        };
        pieces.push(piece);
        rest = after.trim_start();
    }
    pieces
}

/// Whether `field:value` is a search the query language offers: a word, or the start of a
/// phrase, in the title or the body. Other fields are the index's own, and wildcards or
/// ranges there would be read by tantivy in ways a reader of the query would not expect.
fn searchable_field(field: &str, value: &str) -> bool {
    let word = !value.is_empty()
        && (value.starts_with('"') || value.chars().all(|c| c.is_alphanumeric() || c == '\''));
    matches!(field, "title" | "body") && word
}

/// `country:X` or `org:X` as entity terms, when the gazetteer knows X.
fn entity_prefix(field: &str, value: &str) -> Option<String> {
    let g = gazetteer();
    if value.trim().is_empty() {
        return None;
    }
    if field == "org" {
        let org = g.resolve_org(value)?;
        return Some(format!("entity:\"{}\"", org_term(&g.organizations[org].id)));
    }
    let codes: Vec<&str> = match g.resolve_area(value)? {
        Area::Country(i) => vec![g.countries[i].code.as_str()],
        Area::Subregion { subregion, .. } => g
            .countries
            .iter()
            .filter(|c| c.subregion == subregion)
            .map(|c| c.code.as_str())
            .collect(),
        Area::Region(region) => g
            .countries
            .iter()
            .filter(|c| c.region == region)
            .map(|c| c.code.as_str())
            .collect(),
    };
    let terms: Vec<String> = codes
        .iter()
        .map(|code| format!("entity:\"{}\"", country_term(code)))
        .collect();
    Some(format!("({})", terms.join(" OR ")))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn text(query: &str) -> String {
        rewrite(query).text
    }

    #[test]
    fn the_built_names_are_the_gazetteers() {
        // Each form of the loaded gazetteer's organizations and countries, keyed as a query
        // looks it up; the first entity to claim a key keeps it.
        let g = gazetteer();
        let mut expected: [BTreeMap<String, String>; 2] = Default::default();
        let orgs = g.organizations.iter().map(|o| {
            let forms = std::iter::once(&o.name).chain(&o.names).chain(&o.acronyms);
            (org_term(&o.id), forms.collect::<Vec<_>>())
        });
        let countries = g.countries.iter().map(|c| {
            let forms = std::iter::once(&c.name).chain(&c.names).chain(&c.demonyms);
            (country_term(&c.code), forms.collect::<Vec<_>>())
        });
        for (term, forms) in orgs.chain(countries) {
            for form in forms {
                let key = form.split_whitespace().collect::<Vec<_>>().join(" ");
                let (table, key) = if key.chars().any(char::is_lowercase) {
                    (&mut expected[0], key.to_lowercase())
                } else {
                    (&mut expected[1], key)
                };
                table.entry(key).or_insert_with(|| term.clone());
            }
        }
        let built = [FOLDED, EXACT].map(|table| {
            table
                .iter()
                .map(|(key, entity)| (key.to_string(), entity.term()))
                .collect::<BTreeMap<_, _>>()
        });
        assert!(expected[0].len() > 500 && expected[1].len() > 100);
        assert_eq!(built, expected);
        let longest = expected
            .iter()
            .flat_map(|t| t.keys())
            .map(|k| k.split(' ').count())
            .max();
        assert_eq!(Some(LONGEST), longest);
    }

    #[test]
    fn demonyms_and_names_match_their_entity() {
        assert_eq!(
            text("Malaysian trade"),
            "(Malaysian OR entity:\"c:MYS\") trade"
        );
        assert_eq!(text("Turkish"), "(Turkish OR entity:\"c:TUR\")");
        assert_eq!(
            text("Organisation of Islamic Cooperation summit"),
            "(\"Organisation of Islamic Cooperation\" OR entity:\"o:OIC\") summit"
        );
    }

    #[test]
    fn acronyms_match_only_as_typed() {
        assert_eq!(text("OIC"), "(OIC OR entity:\"o:OIC\")");
        assert_eq!(text("who told us"), "who told us");
    }

    #[test]
    fn possessives_and_punctuation_do_not_hide_a_name() {
        assert_eq!(text("Azerbaijan's"), "(Azerbaijan OR entity:\"c:AZE\")");
        assert_eq!(text("-Russia,"), "-(Russia OR entity:\"c:RUS\")");
    }

    #[test]
    fn phrases_fields_and_operators_are_kept() {
        assert_eq!(
            text("\"energy security\" title:Baku +trade OR tourism"),
            "\"energy security\" title:Baku +trade OR tourism"
        );
    }

    #[test]
    fn country_and_org_prefixes_name_entities() {
        assert_eq!(text("country:Kazakh"), "(entity:\"c:KAZ\")");
        assert_eq!(
            text("org:\"Non-Aligned Movement\" peace"),
            "entity:\"o:NAM\" peace"
        );
        let unknown = rewrite("org:Atlantis talks");
        assert_eq!(unknown.text, "(Atlantis) talks");
        assert_eq!(unknown.notes, ["unknown org 'Atlantis': searched as words"]);
    }

    #[test]
    fn plain_words_drop_the_syntax() {
        assert_eq!(plain_words("a \"b: (c) -"), "a b c");
        assert_eq!(plain_words("x OR y AND z"), "x y z");
    }
}
