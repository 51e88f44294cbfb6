//! The tantivy schema: owns every field name. Fields are looked up once into `Fields` and
//! passed around; nothing else names a field by string.

use tantivy::schema::{
    DateOptions, DateTimePrecision, FAST, Facet, FacetOptions, Field, IndexRecordOption, STORED,
    Schema, TextFieldIndexing, TextOptions,
};
use tantivy::store::Compressor;
use tantivy::{DateTime, Index, IndexSettings, TantivyDocument};
use xxhash_rust::xxh3::xxh3_64;

use crate::index::stored;
use crate::ingest::Stamp;
use crate::readout::{Day, Readout};
use crate::text::analyzer;
use crate::text::duplicates;
use crate::text::pairs;

/// What every commit records of the index's layout. An index whose commits say otherwise was
/// written by a version of readouts whose schema or analyzer differ: it must be rebuilt, never
/// read with the wrong analyzer. Bump it whenever the schema, the analyzer or the Readout change.
pub const FORMAT: &str = "readouts-index-12";
/// What every version's `FORMAT` starts with: a commit of readouts, of any version.
pub(crate) const FORMAT_NAME: &str = "readouts-index-";

/// The index's fields.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// A fast field only, as `path`: a term unique to each readout crowds tantivy's table of
    /// terms while it indexes (about 3 % of indexing each), and only `show` and `similar` look
    /// one up.
    pub id: Field,
    /// A fast field only: an incremental run finds the readouts of changed files by
    /// `path_hash` and `content_hash` (`stale`).
    pub path: Field,
    /// `path_key` of the path.
    pub path_hash: Field,
    pub title: Field,
    pub body: Field,
    /// Pairs of common words of the body, next to each other or across a stop word, as one
    /// term each (`pairs`): what a phrase of common words reads in place of their positions.
    pub body_pairs: Field,
    pub date: Field,
    /// Entity terms (`c:MYS`, `o:OIC`), once per mention: how a query naming an entity by
    /// any alias finds readouts that name it another way.
    pub entity: Field,
    /// `/Region/Sub-region/Country`.
    pub country: Field,
    /// `/Region/Sub-region/Country` of the counterparts only: the countries on the other side
    /// of the publishing one, so a filter can ask for meetings with a country, not mentions.
    pub counterpart: Field,
    /// `/Parent/Child`, by organization id.
    pub org: Field,
    pub source: Field,
    /// `/YYYY/MM`: counts per year and month.
    pub when: Field,
    /// `/Name` of each official named: counts per person.
    pub person: Field,
    /// The names of the officials named, as words: a person filter finds any form of a name
    /// ("Lourenco" finds "João Lourenço", "Blinken" finds "Antony J. Blinken").
    pub people: Field,
    /// `hash_key` of the content hash: tells an incremental run what changed.
    pub content_hash: Field,
    /// Size and modification time of the file: an unchanged stamp skips reading the file.
    pub file_size: Field,
    /// SimHash of the body: finds near-duplicates among hits.
    pub fingerprint: Field,
    pub file_modified: Field,
    /// The whole `Readout`, packed by `stored`: what a hit shows, without re-extracting.
    pub readout: Field,
}

impl Fields {
    pub fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        let field = |name: &str| schema.get_field(name);
        Ok(Fields {
            id: field("id")?,
            path: field("path")?,
            path_hash: field("path_hash")?,
            title: field("title")?,
            body: field("body")?,
            body_pairs: field("body_pairs")?,
            date: field("date")?,
            entity: field("entity")?,
            country: field("country")?,
            counterpart: field("counterpart")?,
            org: field("org")?,
            source: field("source")?,
            when: field("when")?,
            person: field("person")?,
            people: field("people")?,
            content_hash: field("content_hash")?,
            file_size: field("file_size")?,
            fingerprint: field("fingerprint")?,
            file_modified: field("file_modified")?,
            readout: field("readout")?,
        })
    }
}

/// The schema of a readouts index.
pub fn schema() -> Schema {
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer::NAME)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let mut builder = Schema::builder();
    builder.add_text_field("id", FAST);
    builder.add_text_field("path", FAST);
    builder.add_text_field("title", text.clone());
    builder.add_text_field("body", text);
    // Right after the body: tantivy indexes a document's fields in this order, so the pairs'
    // tokenizer finds the pairs the body's analyzer has just left.
    builder.add_text_field(
        "body_pairs",
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(pairs::NAME)
                .set_index_option(IndexRecordOption::WithFreqs)
                .set_fieldnorms(false),
        ),
    );
    builder.add_date_field(
        "date",
        DateOptions::default()
            .set_indexed()
            .set_fast()
            .set_precision(DateTimePrecision::Seconds),
    );
    builder.add_text_field(
        "entity",
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer("whitespace")
                .set_index_option(IndexRecordOption::WithFreqs),
        ),
    );
    builder.add_facet_field("country", FacetOptions::default());
    builder.add_facet_field("counterpart", FacetOptions::default());
    builder.add_facet_field("org", FacetOptions::default());
    builder.add_facet_field("source", FacetOptions::default());
    builder.add_facet_field("when", FacetOptions::default());
    builder.add_facet_field("person", FacetOptions::default());
    builder.add_text_field(
        "people",
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer::NAME)
                .set_index_option(IndexRecordOption::Basic)
                .set_fieldnorms(false),
        ),
    );
    builder.add_u64_field("path_hash", FAST);
    builder.add_u64_field("content_hash", FAST);
    builder.add_u64_field("file_size", FAST);
    builder.add_u64_field("fingerprint", FAST);
    builder.add_u64_field("file_modified", FAST);
    builder.add_bytes_field("readout", STORED);
    builder.build()
}

/// How the index stores documents: as they come, since `stored` compresses each Readout
/// itself, in tantivy's default blocks.
pub fn settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::None,
        ..IndexSettings::default()
    }
}

/// Registers the analyzers the text fields name; every opened index needs them.
pub fn register_analyzer(index: &Index) {
    let tokenizers = index.tokenizers();
    tokenizers.register(analyzer::NAME, analyzer::analyzer());
    tokenizers.register(pairs::NAME, pairs::analyzer());
}

/// The indexed term of a country in the `entity` field.
pub fn country_term(code: &str) -> String {
    format!("c:{code}")
}

/// The indexed term of an organization in the `entity` field.
pub fn org_term(id: &str) -> String {
    format!("o:{id}")
}

/// The facet path of a country.
pub fn country_facet(region: &str, subregion: &str, name: &str) -> Facet {
    Facet::from_path([region, subregion, name])
}

/// A publication day as the `date` field holds it: its first second, UTC.
/// The date field's value of a day. tantivy keeps dates as nanoseconds in an i64: a day
/// beyond that range (a filter's `--to 9999-12-31`) is held at its end, so the filter takes in
/// every dated readout, and one before it (`--from 2262-04-12`) none.
pub fn indexed_date(day: Day) -> DateTime {
    let seconds = day.unix_seconds();
    match seconds.checked_mul(1_000_000_000) {
        Some(nanos) => DateTime::from_timestamp_nanos(nanos),
        None if seconds < 0 => DateTime::MIN,
        None => DateTime::MAX,
    }
}

/// The facet path of a year and month.
pub fn when_facet(year: i32, month: u8) -> Facet {
    Facet::from_path([year.to_string(), format!("{month:02}")])
}

/// A path as the `path_hash` field holds it.
pub fn path_key(path: &str) -> u64 {
    xxh3_64(path.as_bytes())
}

/// A content hash (hex) as the `content_hash` field holds it: its last 64 bits, a number, so
/// that the column needs no dictionary.
pub fn hash_key(content_hash: &str) -> u64 {
    let low = content_hash.len().saturating_sub(16);
    content_hash
        .get(low..)
        .and_then(|hex| u64::from_str_radix(hex, 16).ok())
        .unwrap_or_else(|| xxh3_64(content_hash.as_bytes()))
}

/// The tantivy document of a readout from a file with this stamp.
pub fn document(
    fields: &Fields,
    readout: &Readout,
    stamp: Stamp,
) -> tantivy::Result<TantivyDocument> {
    let mut doc = TantivyDocument::new();
    doc.add_text(fields.id, &readout.id);
    doc.add_text(fields.path, &readout.path);
    doc.add_text(fields.title, &readout.title);
    doc.add_text(fields.body, &readout.body);
    doc.add_text(fields.body_pairs, &readout.body);
    if let Some(day) = readout.date {
        doc.add_date(fields.date, indexed_date(day));
        doc.add_facet(fields.when, when_facet(day.year(), day.month()));
    }
    let mut entities = String::new();
    for c in &readout.countries {
        doc.add_facet(
            fields.country,
            country_facet(&c.region, &c.subregion, &c.name),
        );
        let term = country_term(&c.code);
        for _ in 0..c.mentions {
            entities.push_str(&term);
            entities.push(' ');
        }
    }
    for code in &readout.counterparts {
        if let Some(c) = readout.countries.iter().find(|c| &c.code == code) {
            doc.add_facet(
                fields.counterpart,
                country_facet(&c.region, &c.subregion, &c.name),
            );
        }
    }
    for org in &readout.organizations {
        doc.add_facet(fields.org, Facet::from_path(&org.path));
        for id in &org.path {
            let term = org_term(id);
            for _ in 0..org.mentions {
                entities.push_str(&term);
                entities.push(' ');
            }
        }
    }
    doc.add_text(fields.entity, entities);
    if let Some(source) = &readout.source {
        doc.add_facet(fields.source, Facet::from_path([source]));
    }
    for person in &readout.people {
        doc.add_facet(fields.person, Facet::from_path([&person.name]));
        doc.add_text(fields.people, &person.name);
    }
    doc.add_u64(fields.path_hash, path_key(&readout.path));
    doc.add_u64(fields.content_hash, hash_key(&readout.content_hash));
    doc.add_u64(fields.file_size, stamp.size);
    doc.add_u64(fields.fingerprint, duplicates::fingerprint(&readout.body));
    doc.add_u64(fields.file_modified, stamp.modified);
    doc.add_bytes(fields.readout, &stored::pack(readout)?);
    Ok(doc)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::analyze;
    use crate::readout::Source;
    use tantivy::schema::Value;

    #[test]
    fn counterparts_are_their_own_facet_without_the_home_side() {
        let text = "Azerbaijan, Malaysia chart a new path\nAzerbaijan's minister met Malaysian officials, Caliber.Az reports.";
        let readout = analyze(&Source::new("x.txt".into(), text.into(), b""));
        let fields = Fields::from_schema(&schema()).unwrap();
        let stamp = Stamp {
            size: 0,
            modified: 0,
        };
        let doc = document(&fields, &readout, stamp).unwrap();
        let facets = |field| -> Vec<String> {
            doc.get_all(field)
                .filter_map(|v| v.as_facet().map(|f| f.replace('\0', "/")))
                .collect()
        };
        assert_eq!(
            facets(fields.counterpart),
            ["Asia/South-eastern Asia/Malaysia"]
        );
        assert_eq!(facets(fields.country).len(), 2);
    }
}
