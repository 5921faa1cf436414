//! Evaluation of a compiled filter against documents.

use std::cmp::Ordering;

use bson::{Bson, Document};

use super::{BitOp, CmpOp, FieldCond, InList, Node, Pred, RegexPred, TypeSet};
use crate::bindings::database::engine::compare::{compare, is_number, type_code, type_rank};
use crate::bindings::database::engine::path::{self, LeafArray};

impl Node {
    /// Whether `doc` satisfies this node.
    pub(super) fn matches(&self, doc: &Document) -> bool {
        match self {
            Node::And(children) => children.iter().all(|c| c.matches(doc)),
            Node::Or(children) => children.iter().any(|c| c.matches(doc)),
            Node::Nor(children) => !children.iter().any(|c| c.matches(doc)),
            Node::Const(value) => *value,
            Node::Field(cond) => cond.pred.matches_path(doc, cond),
        }
    }
}

impl Pred {
    /// How this predicate sees an array at the end of its path.
    fn leaf_mode(&self) -> LeafArray {
        match self {
            Pred::Size(_) | Pred::ElemMatchValue(_) | Pred::ElemMatchObject(_) => LeafArray::NoTraversal,
            _ => LeafArray::Traverse,
        }
    }

    /// Whether any value at the condition's path satisfies the predicate; negations negate the
    /// whole fan-out, so `{ a: { $ne: 1 } }` rejects `{ a: [1, 2] }`.
    fn matches_path(&self, doc: &Document, cond: &FieldCond) -> bool {
        match self {
            Pred::Not(children) => !children.iter().all(|c| c.matches_path(doc, cond)),
            Pred::Const(value) => *value,
            _ => path::visit(doc, &cond.segments, self.leaf_mode(), &mut |value| self.matches_value(value)),
        }
    }

    /// Whether one value (`None`: missing) satisfies the predicate, without array fan-out.
    fn matches_value(&self, value: Option<&Bson>) -> bool {
        match self {
            Pred::Cmp(op, rhs) => compare_matches(*op, rhs, value),
            Pred::In(list) => list.matches(value),
            Pred::Regex(regex) => value.is_some_and(|v| regex.matches(v)),
            Pred::Exists => value.is_some(),
            Pred::Type(types) => value.is_some_and(|v| types.matches(v)),
            Pred::Size(n) => matches!(value, Some(Bson::Array(items)) if items.len() as i64 == *n),
            Pred::Mod(divisor, remainder) => {
                value.and_then(as_truncated_i64).is_some_and(|v| v.wrapping_rem(*divisor) == *remainder)
            }
            Pred::Bits(op, positions) => value.is_some_and(|v| bits_match(*op, positions, v)),
            Pred::ElemMatchValue(children) => match value {
                Some(Bson::Array(items)) => {
                    items.iter().any(|item| children.iter().all(|c| c.matches_value(Some(item))))
                }
                _ => false,
            },
            Pred::ElemMatchObject(node) => match value {
                Some(Bson::Array(items)) => items.iter().any(|item| match item {
                    Bson::Document(d) => node.matches(d),
                    Bson::Array(inner) => node.matches(&array_as_document(inner)),
                    _ => false,
                }),
                _ => false,
            },
            Pred::Not(children) => !children.iter().all(|c| c.matches_value(value)),
            Pred::Const(value) => *value,
        }
    }
}

/// An array seen as the document `{ "0": ..., "1": ... }`, as `$elemMatch` sees nested arrays.
fn array_as_document(items: &[Bson]) -> Document {
    items.iter().enumerate().map(|(i, v)| (i.to_string(), v.clone())).collect()
}

/// The comparison bracket of a value: BSON's type order, with missing and `undefined` apart.
fn bracket(value: Option<&Bson>) -> i32 {
    match value {
        None => -2,
        Some(Bson::Undefined) => -3,
        Some(v) => i32::from(type_rank(v)),
    }
}

fn is_nan(value: &Bson) -> bool {
    match value {
        Bson::Double(d) => d.is_nan(),
        Bson::Decimal128(d) => d.to_string().contains("NaN"),
        _ => false,
    }
}

/// MongoDB's comparison of one value against an operand: only values in the operand's type
/// bracket match, except that null equals missing and MinKey/MaxKey bound everything.
pub(super) fn compare_matches(op: CmpOp, rhs: &Bson, value: Option<&Bson>) -> bool {
    let inclusive = matches!(op, CmpOp::Eq | CmpOp::Gte | CmpOp::Lte);
    let Some(value) = value.filter(|_| bracket(value) == bracket(Some(rhs))) else {
        if value.is_none() && matches!(rhs, Bson::Null) {
            return inclusive;
        }
        return match rhs {
            Bson::MaxKey => matches!(op, CmpOp::Lt | CmpOp::Lte),
            Bson::MinKey => matches!(op, CmpOp::Gt | CmpOp::Gte),
            _ => false,
        };
    };
    if is_number(value) && (is_nan(value) || is_nan(rhs)) {
        // NaN equals NaN and is neither above nor below any number.
        return inclusive && is_nan(value) && is_nan(rhs);
    }
    let ordering = compare(value, rhs);
    match op {
        CmpOp::Eq => ordering == Ordering::Equal,
        CmpOp::Gt => ordering == Ordering::Greater,
        CmpOp::Gte => ordering != Ordering::Less,
        CmpOp::Lt => ordering == Ordering::Less,
        CmpOp::Lte => ordering != Ordering::Greater,
    }
}

impl InList {
    fn matches(&self, value: Option<&Bson>) -> bool {
        let Some(value) = value else {
            return self.has_null;
        };
        match value {
            // Undefined shares null's place in BSON order but equals only itself here.
            Bson::Undefined => return self.has_undefined,
            Bson::Null => return self.has_null,
            Bson::String(_) | Bson::Symbol(_) | Bson::RegularExpression(_)
                if self.regexes.iter().any(|r| r.matches(value)) =>
            {
                return true;
            }
            _ => {}
        }
        self.sorted.binary_search_by(|probe| compare(probe, value)).is_ok()
    }
}

impl RegexPred {
    /// Strings and symbols match by pattern; regex values match when pattern and flags are equal.
    pub(super) fn matches(&self, value: &Bson) -> bool {
        match value {
            Bson::String(s) | Bson::Symbol(s) => self.compiled.is_match(s),
            Bson::RegularExpression(r) => r.pattern.as_str() == self.pattern && r.options.as_str() == self.options,
            _ => false,
        }
    }
}

impl TypeSet {
    fn matches(&self, value: &Bson) -> bool {
        (self.number && is_number(value)) || self.codes.contains(&type_code(value))
    }
}

/// A number as `$mod` uses it: truncated toward zero; NaN and infinities never match.
fn as_truncated_i64(value: &Bson) -> Option<i64> {
    match value {
        Bson::Int32(n) => Some(i64::from(*n)),
        Bson::Int64(n) => Some(*n),
        Bson::Double(d) if d.is_finite() => Some(d.trunc() as i64),
        Bson::Decimal128(d) => d.to_string().parse::<f64>().ok().filter(|f| f.is_finite()).map(|f| f.trunc() as i64),
        _ => None,
    }
}

/// Bit tests: numbers must be integral and fit in 64 bits (two's complement, so negative numbers
/// have their high bits set); binary data is read little-endian, missing bytes being zero.
fn bits_match(op: BitOp, positions: &[u32], value: &Bson) -> bool {
    let bit: Box<dyn Fn(u32) -> bool> = match value {
        Bson::Int32(n) => {
            let n = i64::from(*n);
            Box::new(move |p| if p >= 64 { n < 0 } else { (n >> p) & 1 == 1 })
        }
        Bson::Int64(n) => {
            let n = *n;
            Box::new(move |p| if p >= 64 { n < 0 } else { (n >> p) & 1 == 1 })
        }
        Bson::Double(d) => {
            if !d.is_finite() || d.fract() != 0.0 || *d < -9.223_372_036_854_776e18 || *d >= 9.223_372_036_854_776e18 {
                return false;
            }
            let n = *d as i64;
            Box::new(move |p| if p >= 64 { n < 0 } else { (n >> p) & 1 == 1 })
        }
        Bson::Binary(b) => {
            let bytes = b.bytes.clone();
            Box::new(move |p| bytes.get((p / 8) as usize).is_some_and(|byte| (byte >> (p % 8)) & 1 == 1))
        }
        _ => return false,
    };
    match op {
        BitOp::AllSet => positions.iter().all(|p| bit(*p)),
        BitOp::AllClear => positions.iter().all(|p| !bit(*p)),
        BitOp::AnySet => positions.iter().any(|p| bit(*p)),
        BitOp::AnyClear => positions.iter().any(|p| !bit(*p)),
    }
}
