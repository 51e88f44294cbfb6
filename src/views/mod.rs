//! The analyst's views beside search: facet counts, counts over time, more like this, and a
//! readout by id. Each is a request in and results out, built on `search`'s selection and
//! counting; `search` never imports a view.

pub mod facets;
pub mod lookup;
pub mod similar;
pub mod timeline;
