//! The JSON documents (deals, rule states, audit entries, …) held in memory by collection, mirrored
//! from the store the same way the lead book is: replaced at start-up, updated after each write.

use std::collections::{BTreeMap, HashMap};

use serde::de::DeserializeOwned;

use crate::store::{ChangeSet, Doc, StoreError};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct DocShelf {
    collections: HashMap<String, BTreeMap<u64, Doc>>,
}

impl DocShelf {
    pub fn new(docs: Vec<Doc>) -> DocShelf {
        let mut shelf = DocShelf::default();
        for doc in docs {
            shelf.put(doc);
        }
        shelf
    }

    fn put(&mut self, doc: Doc) {
        self.collections
            .entry(doc.collection.clone())
            .or_default()
            .insert(doc.id, doc);
    }

    /// Applies what a successful write stored, but for the documents of `kept_apart` (held
    /// elsewhere, decoded: the deals).
    pub fn apply_except(&mut self, changes: &ChangeSet, kept_apart: &str) {
        for doc in changes.docs.iter().filter(|d| d.collection != kept_apart) {
            self.put(doc.clone());
        }
        for (collection, id) in changes.deleted_docs.iter().filter(|(c, _)| c != kept_apart) {
            if let Some(docs) = self.collections.get_mut(collection) {
                docs.remove(id);
            }
        }
    }

    /// Every document of a collection, decoded, in id order.
    pub fn all<T: DeserializeOwned>(&self, collection: &str) -> Result<Vec<T>, StoreError> {
        self.collections
            .get(collection)
            .map(|docs| docs.values().map(Doc::decode).collect())
            .unwrap_or_else(|| Ok(Vec::new()))
    }

    pub fn get<T: DeserializeOwned>(
        &self,
        collection: &str,
        id: u64,
    ) -> Option<Result<T, StoreError>> {
        self.collections.get(collection)?.get(&id).map(Doc::decode)
    }
}
