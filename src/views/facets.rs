//! The `facets` view: how many of the selected readouts name each country, organization,
//! outlet, year or month, flat or as a tree down the hierarchy. It reads `search`'s selection
//! and counts with `search::counting`; no stored document is read.

use std::time::{Duration, Instant};

use crate::error::{Error, Result};
use crate::extract::gazetteer::gazetteer;
use crate::index::ReadoutIndex;
pub use crate::search::FacetField;
use crate::search::counting::{FacetPath, LevelCounts};
use crate::search::{Selected, Selection, count_selected, searcher, select};

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
    let (levels, tree) = match request.depth {
        Some(depth) => (1..=depth, true),
        None => (field.level()..=field.level(), false),
    };
    let collector = LevelCounts::new(
        &target.facet_cache,
        vec![(field.field(target), levels.clone())],
    )
    .and_without();
    let (total, mut counted) = count_selected(target, &searcher, &*query, collector)?;
    let (counts, without) = counted.pop().unwrap_or_default();

    let shape = Shape {
        field,
        limit: request.limit,
        counts: counts.iter().collect(),
    };
    let values = if tree {
        shape.children(None)
    } else {
        let flat = shape
            .counts
            .iter()
            .filter(|(path, _)| path.depth() == *levels.start())
            .map(|&(path, count)| shape.value(path, count, Vec::new()))
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

/// How the counts are laid out.
struct Shape<'a> {
    field: FacetField,
    limit: Option<usize>,
    /// In the order of paths, as `PathCounts` holds them.
    counts: Vec<(FacetPath<'a>, u64)>,
}

impl Shape<'_> {
    /// The values one level below `parent` (`None`: the root), each with its own children
    /// when they were counted.
    fn children(&self, parent: Option<FacetPath>) -> Vec<FacetValue> {
        let below = |path: &FacetPath| parent.is_none_or(|parent| path.starts_with(parent));
        let from = self
            .counts
            .partition_point(|(path, _)| parent.is_some_and(|parent| *path < parent));
        let values = self.counts[from..]
            .iter()
            .take_while(|(path, _)| below(path))
            .filter(|(path, _)| path.is_child_of(parent))
            .map(|&(path, count)| self.value(path, count, self.children(Some(path))))
            .collect();
        self.order(values)
    }

    fn value(&self, path: FacetPath, count: u64, children: Vec<FacetValue>) -> FacetValue {
        let value = match self.field {
            FacetField::Month => path.segments().collect::<Vec<_>>().join("-"),
            _ => path.last().to_string(),
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
            path: path.facet().to_path_string(),
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
