//! The tantivy schema: owns every field name. Fields are looked up once into `Fields` and
//! passed around; nothing else names a field by string.

use tantivy::schema::{
    DateOptions, DateTimePrecision, FAST, Facet, FacetOptions, Field, IndexRecordOption, STORED,
    STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{DateTime, Index, TantivyDocument};

use crate::analyzer;
use crate::readout::Readout;

/// The index's fields.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub path: Field,
    pub title: Field,
    pub body: Field,
    pub date: Field,
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
    pub content_hash: Field,
    /// The whole `Readout` as JSON: what a hit shows, without re-extracting.
    pub readout: Field,
}

impl Fields {
    pub fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        let field = |name: &str| schema.get_field(name);
        Ok(Fields {
            id: field("id")?,
            path: field("path")?,
            title: field("title")?,
            body: field("body")?,
            date: field("date")?,
            country: field("country")?,
            counterpart: field("counterpart")?,
            org: field("org")?,
            source: field("source")?,
            when: field("when")?,
            content_hash: field("content_hash")?,
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
    builder.add_text_field("id", STRING | STORED | FAST);
    builder.add_text_field("path", STRING | STORED);
    builder.add_text_field("title", text.clone());
    builder.add_text_field("body", text);
    builder.add_date_field(
        "date",
        DateOptions::default()
            .set_indexed()
            .set_fast()
            .set_precision(DateTimePrecision::Seconds),
    );
    builder.add_facet_field("country", FacetOptions::default());
    builder.add_facet_field("counterpart", FacetOptions::default());
    builder.add_facet_field("org", FacetOptions::default());
    builder.add_facet_field("source", FacetOptions::default());
    builder.add_facet_field("when", FacetOptions::default());
    builder.add_text_field("content_hash", STRING | STORED);
    builder.add_text_field("readout", STORED);
    builder.build()
}

/// Registers the analyzer the text fields name; every opened index needs it.
pub fn register_analyzer(index: &Index) {
    index
        .tokenizers()
        .register(analyzer::NAME, analyzer::analyzer());
}

/// The facet path of a country.
pub fn country_facet(region: &str, subregion: &str, name: &str) -> Facet {
    Facet::from_path([region, subregion, name])
}

/// The facet path of a year and month.
pub fn when_facet(year: i32, month: u8) -> Facet {
    Facet::from_path([year.to_string(), format!("{month:02}")])
}

/// The tantivy document of a readout.
pub fn document(fields: &Fields, readout: &Readout) -> TantivyDocument {
    let mut doc = TantivyDocument::new();
    doc.add_text(fields.id, &readout.id);
    doc.add_text(fields.path, &readout.path);
    doc.add_text(fields.title, &readout.title);
    doc.add_text(fields.body, &readout.body);
    if let Some(day) = readout.date {
        doc.add_date(
            fields.date,
            DateTime::from_timestamp_secs(day.unix_seconds()),
        );
        doc.add_facet(fields.when, when_facet(day.year(), day.month()));
    }
    for c in &readout.countries {
        doc.add_facet(
            fields.country,
            country_facet(&c.region, &c.subregion, &c.name),
        );
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
    }
    if let Some(source) = &readout.source {
        doc.add_facet(fields.source, Facet::from_path([source]));
    }
    doc.add_text(fields.content_hash, &readout.content_hash);
    let json = serde_json::to_string(readout).expect("a Readout always serializes");
    doc.add_text(fields.readout, json);
    doc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::analyze;
    use crate::ingest::Source;
    use tantivy::schema::Value;

    #[test]
    fn counterparts_are_their_own_facet_without_the_home_side() {
        let text = "Azerbaijan, Malaysia chart a new path\nAzerbaijan's minister met Malaysian officials, Caliber.Az reports.";
        let readout = analyze(&Source::new("x.txt".into(), text.into(), b""));
        let fields = Fields::from_schema(&schema()).unwrap();
        let doc = document(&fields, &readout);
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
