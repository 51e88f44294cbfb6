//! Facet counts: how many of the selected readouts name each country, organization, outlet,
//! year or month, flat or as a tree down the hierarchy. One pass of tantivy's facet collector;
//! no stored document is read.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use tantivy::collector::{
    Collector, Count, FacetCollector, FacetCounts, MultiCollector, SegmentCollector,
};
use tantivy::schema::{Facet, Field};
use tantivy::{DocId, Score, Searcher, SegmentReader};

use crate::error::{Error, Result};
use crate::extract::gazetteer::gazetteer;
use crate::index::ReadoutIndex;
use crate::search::{Selected, Selection, searcher, select};

/// What a facet view counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacetField {
    /// Countries, under `/Region/Sub-region/Country`.
    Country,
    /// Organizations, under `/Parent/Body`; a body counts for its parent.
    Org,
    /// The outlet that published or relayed a readout.
    Source,
    /// Publication years.
    Year,
    /// Publication months, `YYYY-MM`.
    Month,
}

impl FacetField {
    /// The name users type and JSON shows.
    pub fn name(self) -> &'static str {
        match self {
            FacetField::Country => "country",
            FacetField::Org => "org",
            FacetField::Source => "source",
            FacetField::Year => "year",
            FacetField::Month => "month",
        }
    }

    fn field(self, target: &ReadoutIndex) -> Field {
        let fields = &target.fields;
        match self {
            FacetField::Country => fields.country,
            FacetField::Org => fields.org,
            FacetField::Source => fields.source,
            FacetField::Year | FacetField::Month => fields.when,
        }
    }

    /// The level of the facet tree whose values a flat list shows.
    fn level(self) -> usize {
        match self {
            FacetField::Country => 3,
            FacetField::Month => 2,
            FacetField::Org | FacetField::Source | FacetField::Year => 1,
        }
    }

    fn has_hierarchy(self) -> bool {
        matches!(self, FacetField::Country | FacetField::Org)
    }
}

/// What the user asks for.
#[derive(Debug, Clone)]
pub struct FacetsRequest {
    pub field: FacetField,
    pub selection: Selection,
    /// Show the hierarchy as a tree down to this level (1 = regions or top-level organizations);
    /// `None` lists the field's natural values flat.
    pub depth: Option<usize>,
    /// Show only this many values, most frequent first, at each level.
    pub limit: Option<usize>,
}

/// The counts.
#[derive(Debug)]
pub struct FacetsResults {
    pub field: FacetField,
    pub query: String,
    /// Every selected readout.
    pub total: usize,
    /// Selected readouts with no value in the field (no date, no outlet, no country named).
    pub without: u64,
    pub values: Vec<FacetValue>,
    /// Things the user should know about how the query was read.
    pub notes: Vec<String>,
    pub took: Duration,
}

/// One value with the number of selected readouts that have it (or one of its children).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacetValue {
    /// As users read it: `Armenia`, `OIC`, `2025-05`.
    pub value: String,
    /// The facet path: `/Asia/Western Asia/Armenia`, `/OIC/PUIC`, `/2025/05`.
    pub path: String,
    /// The organization's full name, for organizations.
    pub name: Option<String>,
    pub count: u64,
    /// The next level down, when a depth was asked for.
    pub children: Vec<FacetValue>,
}

/// Counts the values of a field over the selected readouts.
pub fn facets(target: &ReadoutIndex, request: &FacetsRequest) -> Result<FacetsResults> {
    let started = Instant::now();
    let field = request.field;
    if request.depth.is_some() && !field.has_hierarchy() {
        return Err(Error::NoHierarchy(field.name()));
    }
    let Selected { query, notes, .. } = select(target, &request.selection)?;
    let searcher = searcher(target)?;
    let facet_field = field.field(target);
    let field_name = target
        .index
        .schema()
        .get_field_name(facet_field)
        .to_string();
    let (tree, level) = match request.depth {
        Some(depth) => (true, depth),
        None => (false, field.level()),
    };
    // tantivy's facet collector counts the children of facets that do not nest, so each
    // level of the tree gets its own collector; all of them run in the same pass.
    let parents = parents(target, &searcher, &field_name, level)?;
    let mut collectors = MultiCollector::new();
    let first = if tree { 1 } else { level };
    let mut handles = Vec::new();
    for above in parents.iter().skip(first - 1) {
        let mut collector = FacetCollector::for_field(&field_name);
        for parent in above {
            collector.add_facet(parent.clone());
        }
        handles.push(collectors.add_collector(collector));
    }
    let total = collectors.add_collector(Count);
    let without = collectors.add_collector(Without(field_name.clone()));
    let mut fruits = searcher
        .search(&*query, &collectors)
        .map_err(|source| Error::index(&target.dir, source))?;
    let counts: Vec<FacetCounts> = handles
        .into_iter()
        .map(|h| h.extract(&mut fruits))
        .collect();

    let shape = Shape {
        field,
        limit: request.limit,
        counts,
    };
    let values = if tree {
        shape.tree(&Facet::root(), 0)
    } else {
        let above = parents.get(level - 1).map_or(&[][..], Vec::as_slice);
        shape.flat(above)
    };
    Ok(FacetsResults {
        field,
        query: request.selection.query.clone(),
        total: total.extract(&mut fruits),
        without: without.extract(&mut fruits),
        values,
        notes,
        took: started.elapsed(),
    })
}

/// The facets some readout has at each level above `level`, from the root (level 0) down:
/// the parents whose children are counted. Read from the facet dictionaries, which hold one
/// entry per distinct value, not per readout.
fn parents(
    target: &ReadoutIndex,
    searcher: &Searcher,
    field_name: &str,
    level: usize,
) -> Result<Vec<Vec<Facet>>> {
    let mut levels: Vec<BTreeSet<Facet>> = vec![BTreeSet::new(); level];
    levels[0].insert(Facet::root());
    for segment in searcher.segment_readers() {
        let reader = segment
            .facet_reader(field_name)
            .map_err(|source| Error::index(&target.dir, source))?;
        let mut stream = reader
            .facet_dict()
            .stream()
            .map_err(|e| Error::index(&target.dir, e.into()))?;
        while stream.advance() {
            let Ok(facet) = Facet::from_encoded(stream.key().to_vec()) else {
                continue;
            };
            let path = facet.to_path();
            for depth in 1..level.min(path.len() + 1) {
                levels[depth].insert(Facet::from_path(&path[..depth]));
            }
        }
    }
    Ok(levels
        .into_iter()
        .take_while(|facets| !facets.is_empty())
        .map(|facets| facets.into_iter().collect())
        .collect())
}

/// How the counts are laid out.
struct Shape {
    field: FacetField,
    limit: Option<usize>,
    /// The children counts of one level of the tree each, from the top.
    counts: Vec<FacetCounts>,
}

impl Shape {
    /// The children of every facet in `above`, in one list.
    fn flat(&self, above: &[Facet]) -> Vec<FacetValue> {
        let Some(counts) = self.counts.first() else {
            return Vec::new();
        };
        let values = above
            .iter()
            .flat_map(|parent| counts.get(parent.clone()))
            .map(|(facet, count)| self.value(facet, count, Vec::new()))
            .collect();
        self.order(values)
    }

    /// The children of `parent` (at `level`), each with its own children down to the
    /// requested depth.
    fn tree(&self, parent: &Facet, level: usize) -> Vec<FacetValue> {
        let Some(counts) = self.counts.get(level) else {
            return Vec::new();
        };
        let values = counts
            .get(parent.clone())
            .map(|(facet, count)| {
                let children = self.tree(facet, level + 1);
                self.value(facet, count, children)
            })
            .collect();
        self.order(values)
    }

    fn value(&self, facet: &Facet, count: u64, children: Vec<FacetValue>) -> FacetValue {
        let path = facet.to_path();
        let value = match self.field {
            FacetField::Month => path.join("-"),
            _ => path.last().map_or_else(String::new, |s| s.to_string()),
        };
        let name = match self.field {
            FacetField::Org => gazetteer()
                .organizations
                .iter()
                .find(|org| org.id == value)
                .map(|org| org.name.clone()),
            _ => None,
        };
        FacetValue {
            value,
            path: facet.to_path_string(),
            name,
            count,
            children,
        }
    }

    /// Most frequent first; years and months in calendar order. Cut to the limit.
    fn order(&self, mut values: Vec<FacetValue>) -> Vec<FacetValue> {
        match self.field {
            FacetField::Year | FacetField::Month => values.sort_by(|a, b| a.path.cmp(&b.path)),
            _ => values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value))),
        }
        if let Some(limit) = self.limit {
            values.truncate(limit);
        }
        values
    }
}

/// Counts the selected readouts that have no value in a facet field.
struct Without(String);

struct WithoutInSegment {
    reader: tantivy::fastfield::FacetReader,
    count: u64,
}

impl Collector for Without {
    type Fruit = u64;
    type Child = WithoutInSegment;

    fn for_segment(&self, _: u32, segment: &SegmentReader) -> tantivy::Result<WithoutInSegment> {
        Ok(WithoutInSegment {
            reader: segment.facet_reader(&self.0)?,
            count: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<u64>) -> tantivy::Result<u64> {
        Ok(fruits.into_iter().sum())
    }
}

impl SegmentCollector for WithoutInSegment {
    type Fruit = u64;

    fn collect(&mut self, doc: DocId, _: Score) {
        self.count += u64::from(self.reader.facet_ords(doc).next().is_none());
    }

    fn harvest(self) -> u64 {
        self.count
    }
}
