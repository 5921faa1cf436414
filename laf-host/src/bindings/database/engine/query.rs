//! Query filters: `{ a: 1, b: { $gt: 2 }, $or: [...] }` parsed once, then matched against documents.

use bson::{Bson, Document};

use crate::bindings::database::DbError;

/// A parsed filter.
#[derive(Debug, Clone)]
pub struct Filter {
    _raw: Document,
}

/// A condition on one top-level-ANDed field that an index could serve. The matcher still checks
/// every candidate, so a bound may be looser than the filter, never tighter.
#[derive(Debug, Clone, PartialEq)]
pub enum Bound {
    /// `{ f: v }` or `{ f: { $eq: v } }` with a scalar `v`.
    Eq(Bson),
    /// `{ f: { $in: [...] } }` with scalar elements.
    In(Vec<Bson>),
    /// `$gt/$gte/$lt/$lte`: (value, inclusive) on each side.
    Range {
        /// Lower bound and whether it is inclusive.
        lower: Option<(Bson, bool)>,
        /// Upper bound and whether it is inclusive.
        upper: Option<(Bson, bool)>,
    },
}

impl Filter {
    /// Parses a filter; an unknown `$` operator fails naming it (`unknown operator: $foo`).
    pub fn parse(filter: &Document) -> Result<Filter, DbError> {
        Ok(Filter { _raw: filter.clone() })
    }

    /// Whether `doc` matches.
    pub fn matches(&self, doc: &Document) -> bool {
        let _ = doc;
        false // STUB
    }

    /// Bounds on fields that are ANDed at the top level (directly or through `$and`).
    pub fn field_bounds(&self) -> Vec<(String, Bound)> {
        Vec::new()
    }

    /// The equality conditions an upsert seeds its new document with: `{ a: 1, "b.c": 2 }` from
    /// top-level `f: v` and `f: { $eq: v }` (also inside `$and`).
    pub fn equality_fields(&self) -> Vec<(String, Bson)> {
        Vec::new()
    }
}
