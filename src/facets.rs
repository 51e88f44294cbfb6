//! Facet counts: how many of the selected readouts name each country, organization, outlet,
//! year or month, flat or as a tree down the hierarchy. One pass over the selected readouts'
//! facet ordinals; no stored document is read.

use std::collections::{BTreeMap, HashMap};
use std::ops::RangeInclusive;
use std::time::{Duration, Instant};

use tantivy::collector::{Collector, Count, SegmentCollector};
use tantivy::fastfield::FacetReader;
use tantivy::schema::{Facet, Field};
use tantivy::{DocId, Score, SegmentReader};

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
    let schema = target.index.schema();
    let (levels, tree) = match request.depth {
        Some(depth) => (1..=depth, true),
        None => (field.level()..=field.level(), false),
    };
    let collector = LevelCounts::new(schema.get_field_name(field.field(target)), levels.clone());
    let (total, (counts, without)) = searcher
        .search(&*query, &(Count, collector))
        .map_err(|source| Error::index(&target.dir, source))?;

    let shape = Shape {
        field,
        limit: request.limit,
        counts,
    };
    let values = if tree {
        shape.children(&[])
    } else {
        let flat = shape
            .counts
            .iter()
            .filter(|(path, _)| path.len() == *levels.start())
            .map(|(path, &count)| shape.value(path, count, Vec::new()))
            .collect();
        shape.order(flat)
    };
    Ok(FacetsResults {
        field,
        query: request.selection.query.clone(),
        total,
        without,
        values,
        notes,
        took: started.elapsed(),
    })
}

/// Selected readouts per facet path, for every path whose length is in the counted levels.
pub(crate) type PathCounts = BTreeMap<Vec<String>, u64>;

/// How the counts are laid out.
struct Shape {
    field: FacetField,
    limit: Option<usize>,
    counts: PathCounts,
}

impl Shape {
    /// The values one level below `parent`, each with its own children when they were counted.
    fn children(&self, parent: &[String]) -> Vec<FacetValue> {
        let values = self
            .counts
            .range(parent.to_vec()..)
            .take_while(|(path, _)| path.starts_with(parent))
            .filter(|(path, _)| path.len() == parent.len() + 1)
            .map(|(path, &count)| self.value(path, count, self.children(path)))
            .collect();
        self.order(values)
    }

    fn value(&self, path: &[String], count: u64, children: Vec<FacetValue>) -> FacetValue {
        let value = match self.field {
            FacetField::Month => path.join("-"),
            _ => path.last().cloned().unwrap_or_default(),
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
            path: Facet::from_path(path).to_path_string(),
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

/// Counts the selected readouts under each facet path of the given lengths (a readout counts
/// once per path, however many of its values fall under it), and those with no value.
///
/// tantivy's `FacetCollector` counts one level at a time and looks each counted value up in
/// the compressed dictionary when it harvests; this reads each segment's facet dictionary once,
/// in order, and maps every value to the paths it counts for before the first document.
pub(crate) struct LevelCounts {
    field: String,
    levels: RangeInclusive<usize>,
}

impl LevelCounts {
    /// Counts the paths of the `field` facet whose lengths are in `levels`.
    pub(crate) fn new(field: &str, levels: RangeInclusive<usize>) -> LevelCounts {
        LevelCounts {
            field: field.to_string(),
            levels,
        }
    }
}

pub(crate) struct LevelCountsInSegment {
    reader: FacetReader,
    /// For each value (facet ordinal) of the segment, the nodes it counts for.
    nodes_of: Vec<Vec<u32>>,
    /// The facet path of each node.
    paths: Vec<Vec<String>>,
    counts: Vec<u64>,
    /// For each node, the last document counted for it plus one: a document counts once
    /// per node, however many of its values fall under it.
    counted_for: Vec<u32>,
    without: u64,
}

impl Collector for LevelCounts {
    type Fruit = (PathCounts, u64);
    type Child = LevelCountsInSegment;

    fn for_segment(&self, _: u32, segment: &SegmentReader) -> tantivy::Result<Self::Child> {
        let reader = segment.facet_reader(&self.field)?;
        let mut node_of_path: HashMap<Vec<String>, u32> = HashMap::new();
        let mut paths = Vec::new();
        let mut nodes_of = Vec::new();
        let mut values = reader.facet_dict().stream()?;
        while values.advance() {
            let mut nodes = Vec::new();
            if let Ok(facet) = Facet::from_encoded(values.key().to_vec()) {
                let path = facet.to_path();
                for level in self.levels.clone().filter(|&l| l <= path.len()) {
                    let prefix: Vec<String> = path[..level].iter().map(|s| s.to_string()).collect();
                    let next = paths.len() as u32;
                    let node = *node_of_path.entry(prefix.clone()).or_insert(next);
                    if node == next {
                        paths.push(prefix);
                    }
                    nodes.push(node);
                }
            }
            nodes_of.push(nodes);
        }
        Ok(LevelCountsInSegment {
            reader,
            nodes_of,
            counts: vec![0; paths.len()],
            counted_for: vec![0; paths.len()],
            paths,
            without: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<(PathCounts, u64)>) -> tantivy::Result<(PathCounts, u64)> {
        let mut counts = PathCounts::new();
        let mut without = 0;
        for (segment_counts, segment_without) in fruits {
            for (path, count) in segment_counts {
                *counts.entry(path).or_default() += count;
            }
            without += segment_without;
        }
        Ok((counts, without))
    }
}

impl SegmentCollector for LevelCountsInSegment {
    type Fruit = (PathCounts, u64);

    fn collect(&mut self, doc: DocId, _: Score) {
        let stamp = doc + 1;
        let mut any = false;
        for ord in self.reader.facet_ords(doc) {
            any = true;
            for &node in self
                .nodes_of
                .get(ord as usize)
                .map_or(&[][..], Vec::as_slice)
            {
                let node = node as usize;
                if self.counted_for[node] != stamp {
                    self.counted_for[node] = stamp;
                    self.counts[node] += 1;
                }
            }
        }
        self.without += u64::from(!any);
    }

    fn harvest(self) -> Self::Fruit {
        let counts = self
            .paths
            .into_iter()
            .zip(self.counts)
            .filter(|&(_, count)| count > 0)
            .collect();
        (counts, self.without)
    }
}
