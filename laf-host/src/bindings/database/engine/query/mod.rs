//! Query filters: `{ a: 1, b: { $gt: 2 }, $or: [...] }` parsed once, then matched against documents.
//!
//! Parsing compiles the filter into a tree of [`Node`]s (logical operators) over per-field
//! predicates, with regular expressions compiled once; matching walks that tree. Semantics follow
//! MongoDB's matcher: paths fan out over arrays ([`crate::bindings::database::engine::path::visit`]), comparisons only match within a
//! type bracket, and `$ne`/`$nin`/`$not` negate the whole fan-out.

mod matcher;
mod parse;
#[cfg(test)]
mod tests;

use bson::{Bson, Document};

use crate::bindings::database::DbError;

/// A parsed filter.
#[derive(Debug, Clone)]
pub struct Filter {
    root: Node,
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

/// One node of a compiled filter.
#[derive(Debug, Clone)]
enum Node {
    And(Vec<Node>),
    Or(Vec<Node>),
    Nor(Vec<Node>),
    Const(bool),
    Field(FieldCond),
}

/// A predicate applied to the values found at one path.
#[derive(Debug, Clone)]
struct FieldCond {
    path: String,
    segments: Vec<String>,
    pred: Pred,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CmpOp {
    Eq,
    Gt,
    Gte,
    Lt,
    Lte,
}

/// A compiled regular expression plus the source MongoDB compares regex-typed values against.
#[derive(Debug, Clone)]
struct RegexPred {
    pattern: String,
    options: String,
    compiled: regex::Regex,
}

/// The values of `$in`, sorted in BSON order for binary search, plus its regexes.
#[derive(Debug, Clone)]
struct InList {
    sorted: Vec<Bson>,
    has_null: bool,
    has_undefined: bool,
    regexes: Vec<RegexPred>,
    /// The elements as written, for index bounds and upsert seeding.
    original: Vec<Bson>,
}

/// `$type` codes, plus the `"number"` alias that spans four of them.
#[derive(Debug, Clone)]
struct TypeSet {
    codes: Vec<i32>,
    number: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BitOp {
    AllSet,
    AllClear,
    AnySet,
    AnyClear,
}

/// A predicate on one value; `matcher` evaluates it over a path's fan-out or on a single value.
#[derive(Debug, Clone)]
enum Pred {
    Cmp(CmpOp, Bson),
    In(InList),
    Regex(RegexPred),
    Exists,
    Type(TypeSet),
    Size(i64),
    Mod(i64, i64),
    Bits(BitOp, Vec<u32>),
    ElemMatchValue(Vec<Pred>),
    ElemMatchObject(Box<Node>),
    /// Negation of the conjunction of its children (`$not`, `$ne`, `$nin`, `$exists: false`).
    Not(Vec<Pred>),
    Const(bool),
}

impl Filter {
    /// The filter `{}`, matching every document.
    pub fn all() -> Filter {
        Filter { root: Node::And(Vec::new()) }
    }

    /// Parses a filter; an unknown `$` operator fails naming it (`unknown operator: $foo`).
    pub fn parse(filter: &Document) -> Result<Filter, DbError> {
        Ok(Filter { root: parse::parse_document(filter, 0)? })
    }

    /// Whether `doc` matches.
    pub fn matches(&self, doc: &Document) -> bool {
        self.root.matches(doc)
    }

    /// Whether the filter matches every document (`{}` or only `$comment`).
    pub fn is_empty(&self) -> bool {
        matches!(&self.root, Node::And(children) if children.is_empty())
    }

    /// Bounds on fields that are ANDed at the top level (directly or through `$and`).
    ///
    /// Each operator yields its own entry: `{ a: { $gt: 1, $lt: 5 } }` gives two one-sided ranges,
    /// never their intersection, because on an array field different elements may satisfy each
    /// side (`{ a: [0, 10] }` matches).
    pub fn field_bounds(&self) -> Vec<(String, Bound)> {
        let mut out = Vec::new();
        for cond in self.root.top_level_fields() {
            let bound = match &cond.pred {
                Pred::Cmp(op, value) if is_plain_scalar(value) => match op {
                    CmpOp::Eq => Bound::Eq(value.clone()),
                    CmpOp::Gt | CmpOp::Gte => {
                        Bound::Range { lower: Some((value.clone(), *op == CmpOp::Gte)), upper: None }
                    }
                    CmpOp::Lt | CmpOp::Lte => {
                        Bound::Range { lower: None, upper: Some((value.clone(), *op == CmpOp::Lte)) }
                    }
                },
                Pred::In(list) if list.regexes.is_empty() && list.original.iter().all(is_plain_scalar) => {
                    Bound::In(list.original.clone())
                }
                _ => continue,
            };
            out.push((cond.path.clone(), bound));
        }
        out
    }

    /// The equality conditions an upsert seeds its new document with: `{ a: 1, "b.c": 2 }` from
    /// top-level `f: v` and `f: { $eq: v }` (also inside `$and`).
    ///
    /// Like MongoDB, a one-element `$in` and a one-branch `$or` count as equalities too.
    pub fn equality_fields(&self) -> Vec<(String, Bson)> {
        let mut out = Vec::new();
        for cond in self.root.top_level_fields() {
            match &cond.pred {
                Pred::Cmp(CmpOp::Eq, value) if !matches!(value, Bson::RegularExpression(_)) => {
                    out.push((cond.path.clone(), value.clone()));
                }
                Pred::In(list) if list.original.len() == 1 && list.regexes.is_empty() => {
                    out.push((cond.path.clone(), list.original[0].clone()));
                }
                _ => {}
            }
        }
        out
    }
}

impl Node {
    /// The field conditions ANDed at the top level, through nested `$and`s and one-branch `$or`s.
    fn top_level_fields(&self) -> Vec<&FieldCond> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(node) = stack.pop() {
            match node {
                Node::Field(cond) => out.push(cond),
                Node::And(children) => stack.extend(children.iter().rev()),
                Node::Or(children) if children.len() == 1 => stack.extend(children.iter()),
                _ => {}
            }
        }
        out
    }
}

/// A value an index planner can seek on: not null-ish, not an array, document or regex.
fn is_plain_scalar(value: &Bson) -> bool {
    !matches!(
        value,
        Bson::Null
            | Bson::Undefined
            | Bson::MinKey
            | Bson::MaxKey
            | Bson::Array(_)
            | Bson::Document(_)
            | Bson::RegularExpression(_)
    )
}
