//! MongoDB's query, update, projection, sort and aggregation semantics as pure functions on BSON.
//!
//! Nothing here touches storage: the embedded backend feeds documents through these functions, and
//! the conformance suite checks them against MongoDB's documented behaviour. Every operator outside
//! what is implemented fails with an error naming it; nothing is silently ignored.

pub mod aggregate;
pub mod compare;
pub mod expr;
pub mod path;
pub mod projection;
pub mod query;
pub mod sort;
pub mod update;

use bson::{Bson, Document};

use crate::bindings::database::DbError;

/// MongoDB's largest document, and its deepest nesting.
pub const MAX_BSON_BYTES: usize = 16 * 1024 * 1024;
/// Deepest nesting of documents and arrays MongoDB accepts.
pub const MAX_BSON_DEPTH: usize = 100;

/// Fails when `doc` would exceed MongoDB's document size or nesting depth. Stops counting at the
/// limit, so checking a huge value costs no more than the limit; computed values (aggregation
/// stages, `$reduce`) are checked with it so a pipeline cannot grow a value without bound.
pub fn check_document(doc: &Document) -> Result<(), DbError> {
    let mut budget = MAX_BSON_BYTES;
    fits(document_fits(doc, MAX_BSON_DEPTH, &mut budget), budget)
}

/// [`check_document`] for any value.
pub fn check_value(value: &Bson) -> Result<(), DbError> {
    let mut budget = MAX_BSON_BYTES;
    fits(value_fits(value, MAX_BSON_DEPTH, &mut budget), budget)
}

/// The error for a value that did not fit: the size budget ran out, else the depth did.
fn fits(ok: bool, budget_left: usize) -> Result<(), DbError> {
    if ok {
        Ok(())
    } else if budget_left == 0 {
        Err(DbError::bad(format!("BSONObj size is invalid: it must be at most {MAX_BSON_BYTES} bytes (16MB)")))
    } else {
        Err(DbError::bad(format!("BSONObj exceeds maximum nested object depth: {MAX_BSON_DEPTH}")))
    }
}

fn charge(budget: &mut usize, bytes: usize) -> bool {
    match budget.checked_sub(bytes) {
        Some(left) => {
            *budget = left;
            true
        }
        None => {
            *budget = 0;
            false
        }
    }
}

fn document_fits(doc: &Document, depth: usize, budget: &mut usize) -> bool {
    depth > 0
        && charge(budget, 5)
        && doc.iter().all(|(k, v)| charge(budget, k.len() + 2) && value_fits(v, depth, budget))
}

fn value_fits(value: &Bson, depth: usize, budget: &mut usize) -> bool {
    match value {
        Bson::Document(d) => document_fits(d, depth - 1, budget),
        Bson::Array(items) => {
            depth > 1
                && charge(budget, 5)
                && items.iter().all(|v| charge(budget, 4) && value_fits(v, depth - 1, budget))
        }
        Bson::String(s) | Bson::Symbol(s) | Bson::JavaScriptCode(s) => charge(budget, s.len() + 5),
        Bson::Binary(b) => charge(budget, b.bytes.len() + 5),
        Bson::RegularExpression(r) => charge(budget, r.pattern.len() + r.options.as_str().len() + 2),
        Bson::JavaScriptCodeWithScope(c) => {
            charge(budget, c.code.len() + 9) && document_fits(&c.scope, depth - 1, budget)
        }
        _ => charge(budget, 16),
    }
}
