//! What two-way sync needs to agree on without talking: CouchDB revision ids derived from content
//! ([`rev_id`]), each record's revision tree and the winner every device picks from it
//! ([`rev_tree`]), a record's versions as they replicate ([`doc_state`]), the field-by-field
//! merge of concurrent versions, each field against the revision that last changed it
//! ([`field_merge`]), and who changed which fields ([`history`]).
//!
//! Everything here is a pure function of its inputs, so two devices holding the same revisions
//! compute the same record, the same conflicts and the same merged revision id.

pub mod doc_state;
pub mod field_merge;
pub mod history;
pub mod rev_id;
pub mod rev_tree;

pub use doc_state::{DocState, Resolution, Version};
pub use field_merge::{
    merge_branches, stamps_after, Branch, FieldConflict, FieldMerge, Fields, Stamps,
};
pub use history::{history, record_history, Change};
pub use rev_id::{RevId, RevIdError};
pub use rev_tree::RevTree;
