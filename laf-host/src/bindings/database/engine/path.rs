//! Dotted paths (`a.b.0.c`) into documents: read, write and remove, as the update operators use them.

use bson::{Bson, Document};

use crate::bindings::database::DbError;

/// The value at `path`, following numeric segments into arrays; no fan-out over array elements.
pub fn get<'a>(doc: &'a Document, path: &str) -> Option<&'a Bson> {
    let _ = (doc, path);
    None // STUB: replaced by the engine helper
}

/// Sets `path`, creating missing intermediate documents. Fails when a segment crosses a scalar.
pub fn set(doc: &mut Document, path: &str, value: Bson) -> Result<(), DbError> {
    let _ = (doc, path, value);
    Err(DbError::Unsupported("STUB".into()))
}

/// Removes `path`, returning the old value. Array elements named by index become null, as `$unset`.
pub fn remove(doc: &mut Document, path: &str) -> Option<Bson> {
    let _ = (doc, path);
    None
}

/// The values `distinct` counts for `doc` at `path` (array elements one by one).
pub fn distinct_values(doc: &Document, path: &str) -> Vec<Bson> {
    get(doc, path).cloned().into_iter().collect() // STUB
}
