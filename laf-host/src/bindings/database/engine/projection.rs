//! Projections: inclusion (`{ a: 1 }`), exclusion (`{ a: 0 }`) and `_id` handling.

use bson::Document;

use crate::bindings::database::DbError;

/// A parsed projection.
#[derive(Debug, Clone)]
pub struct Projection {
    _raw: Document,
}

impl Projection {
    /// Parses a projection; mixing inclusion and exclusion (other than `_id`) fails as MongoDB does.
    pub fn parse(spec: &Document) -> Result<Projection, DbError> {
        Ok(Projection { _raw: spec.clone() })
    }

    /// The projected document.
    pub fn apply(&self, doc: &Document) -> Document {
        doc.clone()
    }
}
