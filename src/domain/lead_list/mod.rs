//! What the Leads table shows: which leads match the search box and filters, in which order.
//!
//! Kariz holds every lead in memory, and the table must answer each keystroke at 100,000 leads.
//! So the searchable text of each lead is normalised once into a [`SearchIndex`] (and again only
//! for a lead that changed), all of it in one buffer a query word is found in by one pass; and a
//! [`LeadList`] keeps each sort order and the previous result between the table's queries, so a
//! keystroke filters an already sorted list, or only the previous result when it narrows it.
//!
//! - `query`: what the table asks for ([`LeadQuery`], [`SortKey`]);
//! - `search`: the search box parsed into words ([`SearchQuery`]);
//! - `search_index`: every lead's searchable text ([`SearchIndex`]);
//! - `filters`: filters and search applied, one query from scratch ([`query_leads`]);
//! - `sort_order`: the table's orders and Persian-aware collation;
//! - `sort_cache`: successive queries answered from kept orders ([`LeadList`]);
//! - `owners`: the owners the owner filter offers;
//! - `pick`: the few leads a picker offers ([`pick_leads`]).

mod filters;
mod owners;
mod pick;
mod query;
mod search;
mod search_index;
mod sort_cache;
mod sort_order;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod test_leads;

pub use filters::query_leads;
pub use owners::owners;
pub use pick::{pick_deals, pick_leads};
pub use query::{LeadQuery, SortKey};
pub use search::{normalize_for_search, SearchQuery};
pub use search_index::SearchIndex;
pub use sort_cache::LeadList;
pub use sort_order::collate;
