//! Aggregation expressions (`"$field"`, `{ $add: [...] }`, `{ $cond: ... }`, ...), evaluated per document.

use bson::{Bson, Document};

use crate::bindings::database::DbError;

/// A parsed expression.
#[derive(Debug, Clone)]
pub struct Expr {
    _raw: Bson,
}

impl Expr {
    /// Parses an expression; an unknown operator fails naming it (`Unrecognized expression '$foo'`).
    pub fn parse(expr: &Bson) -> Result<Expr, DbError> {
        Ok(Expr { _raw: expr.clone() })
    }

    /// Evaluates against `root` (`$$ROOT` and `$$CURRENT`); a missing field evaluates to `None`.
    pub fn eval(&self, root: &Document) -> Result<Option<Bson>, DbError> {
        let _ = root;
        Err(DbError::Unsupported("STUB".into()))
    }
}
