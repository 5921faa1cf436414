//! Update operators (`$set`, `$inc`, `$push`, ...) applied to one document.

use bson::Document;

use crate::bindings::database::DbError;

/// A parsed operator update.
#[derive(Debug, Clone)]
pub struct Update {
    _raw: Document,
}

/// Whether `update` is a replacement document (no top-level `$` keys) rather than operators.
pub fn is_replacement(update: &Document) -> bool {
    !update.keys().any(|k| k.starts_with('$'))
}

impl Update {
    /// Parses an operator update; an unknown operator fails naming it (`Unknown modifier: $foo`).
    pub fn parse(update: &Document) -> Result<Update, DbError> {
        Ok(Update { _raw: update.clone() })
    }

    /// Applies the update in place; `inserting` enables `$setOnInsert`. Returns whether the
    /// document changed. On error the document may be partly updated: callers apply to a copy.
    pub fn apply(&self, doc: &mut Document, inserting: bool) -> Result<bool, DbError> {
        let _ = (doc, inserting);
        Err(DbError::Unsupported("STUB".into()))
    }
}
