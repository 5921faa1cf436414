//! Sort specifications: `{ a: 1, b: -1 }` in BSON order, with MongoDB's rules for arrays and missing fields.

use std::cmp::Ordering;

use bson::Document;

use crate::bindings::database::DbError;

/// A parsed sort specification.
#[derive(Debug, Clone, Default)]
pub struct SortSpec {
    keys: Vec<(String, bool)>,
}

impl SortSpec {
    /// Parses `{ field: 1 | -1, ... }`.
    pub fn parse(spec: &Document) -> Result<SortSpec, DbError> {
        let _ = spec;
        Ok(SortSpec { keys: Vec::new() })
    }

    /// Orders two documents.
    pub fn compare(&self, a: &Document, b: &Document) -> Ordering {
        let _ = (a, b, &self.keys);
        Ordering::Equal
    }
}
