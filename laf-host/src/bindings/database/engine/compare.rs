//! BSON's total order, as MongoDB compares and sorts values of any types against each other.
//!
//! Values of different types order by their type bracket (MinKey < null < numbers < strings <
//! objects < arrays < binary < ObjectId < booleans < dates < timestamps < regexes < MaxKey);
//! numbers of every width compare by value, so `1`, `1i64` and `1.0` are equal.

use std::cmp::Ordering;

use bson::{Bson, Document};

/// The type bracket of a value in BSON's comparison order.
pub fn type_rank(value: &Bson) -> u8 {
    match value {
        Bson::MinKey => 0,
        Bson::Null | Bson::Undefined => 1,
        Bson::Int32(_) | Bson::Int64(_) | Bson::Double(_) | Bson::Decimal128(_) => 2,
        Bson::String(_) | Bson::Symbol(_) => 3,
        Bson::Document(_) => 4,
        Bson::Array(_) => 5,
        Bson::Binary(_) => 6,
        Bson::ObjectId(_) => 7,
        Bson::Boolean(_) => 8,
        Bson::DateTime(_) => 9,
        Bson::Timestamp(_) => 10,
        Bson::RegularExpression(_) => 11,
        Bson::DbPointer(_) => 12,
        Bson::JavaScriptCode(_) => 13,
        Bson::JavaScriptCodeWithScope(_) => 14,
        Bson::MaxKey => 15,
    }
}

/// A number as `f64` for comparison (Int64 beyond 2^53 and Decimal128 lose precision).
pub fn as_f64(value: &Bson) -> Option<f64> {
    match value {
        Bson::Int32(n) => Some(f64::from(*n)),
        Bson::Int64(n) => Some(*n as f64),
        Bson::Double(n) => Some(*n),
        Bson::Decimal128(d) => d.to_string().parse().ok(),
        _ => None,
    }
}

/// Whether a value is one of BSON's number types.
pub fn is_number(value: &Bson) -> bool {
    type_rank(value) == 2
}

fn compare_numbers(a: &Bson, b: &Bson) -> Ordering {
    // Exact for the common integer case; f64 otherwise. MongoDB orders NaN below every number.
    match (a, b) {
        (Bson::Int32(x), Bson::Int32(y)) => x.cmp(y),
        (Bson::Int64(x), Bson::Int64(y)) => x.cmp(y),
        (Bson::Int32(x), Bson::Int64(y)) => i64::from(*x).cmp(y),
        (Bson::Int64(x), Bson::Int32(y)) => x.cmp(&i64::from(*y)),
        // Exact, as MongoDB: 2^53 + 1 as a long is greater than 2^53 as a double.
        (Bson::Int64(x), Bson::Double(y)) => compare_i64_f64(*x, *y),
        (Bson::Double(x), Bson::Int64(y)) => compare_i64_f64(*y, *x).reverse(),
        _ => {
            let (x, y) = (as_f64(a).unwrap_or(f64::NAN), as_f64(b).unwrap_or(f64::NAN));
            match (x.is_nan(), y.is_nan()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Less,
                (false, true) => Ordering::Greater,
                (false, false) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
            }
        }
    }
}

fn compare_i64_f64(i: i64, f: f64) -> Ordering {
    if f.is_nan() {
        return Ordering::Greater;
    }
    // 2^63 as f64 is exact; anything at or beyond it is outside i64's range.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if f >= LIMIT {
        return Ordering::Less;
    }
    if f < -LIMIT {
        return Ordering::Greater;
    }
    let whole = f.trunc();
    i.cmp(&(whole as i64)).then_with(|| {
        let fraction = f - whole;
        if fraction > 0.0 {
            Ordering::Less
        } else if fraction < 0.0 {
            Ordering::Greater
        } else {
            Ordering::Equal
        }
    })
}

/// Compares two documents as MongoDB does: pair by pair in field order, each pair by value type,
/// then field name, then value; a document that is a prefix of the other is smaller.
pub fn compare_documents(a: &Document, b: &Document) -> Ordering {
    let mut left = a.iter();
    let mut right = b.iter();
    loop {
        match (left.next(), right.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some((ka, va)), Some((kb, vb))) => {
                let ord = type_rank(va)
                    .cmp(&type_rank(vb))
                    .then_with(|| ka.as_bytes().cmp(kb.as_bytes()))
                    .then_with(|| compare(va, vb));
                if ord != Ordering::Equal {
                    return ord;
                }
            }
        }
    }
}

fn compare_arrays(a: &[Bson], b: &[Bson]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let ord = compare(x, y);
        if ord != Ordering::Equal {
            return ord;
        }
    }
    a.len().cmp(&b.len())
}

/// BSON's total order over any two values.
pub fn compare(a: &Bson, b: &Bson) -> Ordering {
    let (ra, rb) = (type_rank(a), type_rank(b));
    if ra != rb {
        return ra.cmp(&rb);
    }
    match (a, b) {
        _ if ra == 2 => compare_numbers(a, b),
        (Bson::String(x) | Bson::Symbol(x), Bson::String(y) | Bson::Symbol(y)) => x.as_bytes().cmp(y.as_bytes()),
        (Bson::Document(x), Bson::Document(y)) => compare_documents(x, y),
        (Bson::Array(x), Bson::Array(y)) => compare_arrays(x, y),
        (Bson::Binary(x), Bson::Binary(y)) => x
            .bytes
            .len()
            .cmp(&y.bytes.len())
            .then_with(|| u8::from(x.subtype).cmp(&u8::from(y.subtype)))
            .then_with(|| x.bytes.cmp(&y.bytes)),
        (Bson::ObjectId(x), Bson::ObjectId(y)) => x.bytes().cmp(&y.bytes()),
        (Bson::Boolean(x), Bson::Boolean(y)) => x.cmp(y),
        (Bson::DateTime(x), Bson::DateTime(y)) => x.timestamp_millis().cmp(&y.timestamp_millis()),
        (Bson::Timestamp(x), Bson::Timestamp(y)) => (x.time, x.increment).cmp(&(y.time, y.increment)),
        (Bson::RegularExpression(x), Bson::RegularExpression(y)) => {
            x.pattern.as_str().cmp(y.pattern.as_str()).then_with(|| x.options.as_str().cmp(y.options.as_str()))
        }
        (Bson::JavaScriptCode(x), Bson::JavaScriptCode(y)) => x.cmp(y),
        (Bson::JavaScriptCodeWithScope(x), Bson::JavaScriptCodeWithScope(y)) => {
            x.code.cmp(&y.code).then_with(|| compare_documents(&x.scope, &y.scope))
        }
        // MinKey, MaxKey, null and undefined, DbPointer: one value per bracket.
        _ => Ordering::Equal,
    }
}

/// Equality as MongoDB's `$eq` sees two whole values (numbers by value, documents in field order).
pub fn equal(a: &Bson, b: &Bson) -> bool {
    compare(a, b) == Ordering::Equal
}

/// The `$type` alias of a value (`"double"`, `"string"`, `"object"`, ...).
pub fn type_name(value: &Bson) -> &'static str {
    match value {
        Bson::Double(_) => "double",
        Bson::String(_) => "string",
        Bson::Document(_) => "object",
        Bson::Array(_) => "array",
        Bson::Binary(_) => "binData",
        Bson::Undefined => "undefined",
        Bson::ObjectId(_) => "objectId",
        Bson::Boolean(_) => "bool",
        Bson::DateTime(_) => "date",
        Bson::Null => "null",
        Bson::RegularExpression(_) => "regex",
        Bson::DbPointer(_) => "dbPointer",
        Bson::JavaScriptCode(_) => "javascript",
        Bson::Symbol(_) => "symbol",
        Bson::JavaScriptCodeWithScope(_) => "javascriptWithScope",
        Bson::Int32(_) => "int",
        Bson::Timestamp(_) => "timestamp",
        Bson::Int64(_) => "long",
        Bson::Decimal128(_) => "decimal",
        Bson::MinKey => "minKey",
        Bson::MaxKey => "maxKey",
    }
}

/// The numeric BSON type code of a value, as `$type: 2` names it.
pub fn type_code(value: &Bson) -> i32 {
    match value {
        Bson::Double(_) => 1,
        Bson::String(_) => 2,
        Bson::Document(_) => 3,
        Bson::Array(_) => 4,
        Bson::Binary(_) => 5,
        Bson::Undefined => 6,
        Bson::ObjectId(_) => 7,
        Bson::Boolean(_) => 8,
        Bson::DateTime(_) => 9,
        Bson::Null => 10,
        Bson::RegularExpression(_) => 11,
        Bson::DbPointer(_) => 12,
        Bson::JavaScriptCode(_) => 13,
        Bson::Symbol(_) => 14,
        Bson::JavaScriptCodeWithScope(_) => 15,
        Bson::Int32(_) => 16,
        Bson::Timestamp(_) => 17,
        Bson::Int64(_) => 18,
        Bson::Decimal128(_) => 19,
        Bson::MinKey => -1,
        Bson::MaxKey => 127,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bson::{bson, oid::ObjectId};

    #[test]
    fn brackets_order_types() {
        let ordered = [
            Bson::MinKey,
            Bson::Null,
            bson!(-5),
            bson!(2.5),
            bson!(3i64),
            bson!("a"),
            bson!({ "a": 1 }),
            bson!([1]),
            Bson::ObjectId(ObjectId::new()),
            bson!(false),
            bson!(true),
            Bson::DateTime(bson::DateTime::from_millis(0)),
            Bson::MaxKey,
        ];
        for pair in ordered.windows(2) {
            assert_eq!(compare(&pair[0], &pair[1]), Ordering::Less, "{:?} < {:?}", pair[0], pair[1]);
        }
    }

    #[test]
    fn numbers_compare_by_value_across_widths() {
        assert!(equal(&bson!(1), &bson!(1.0)));
        assert!(equal(&bson!(1i64), &bson!(1)));
        assert_eq!(compare(&bson!(f64::NAN), &bson!(-1e300)), Ordering::Less);
        assert_eq!(compare(&bson!(i64::MAX), &bson!(i64::MAX - 1)), Ordering::Greater);
        // Longs against doubles compare exactly, beyond 2^53 too.
        let two53 = 9_007_199_254_740_992i64;
        assert_eq!(compare(&bson!(two53 + 1), &bson!(two53 as f64)), Ordering::Greater);
        assert_eq!(compare(&bson!(two53 as f64), &bson!(two53 + 1)), Ordering::Less);
        assert!(equal(&bson!(two53), &bson!(two53 as f64)));
        assert_eq!(compare(&bson!(2i64), &bson!(2.5)), Ordering::Less);
        assert_eq!(compare(&bson!(-2i64), &bson!(-2.5)), Ordering::Greater);
        assert_eq!(compare(&bson!(i64::MAX), &bson!(9.3e18)), Ordering::Less);
        assert_eq!(compare(&bson!(i64::MIN), &bson!(-9.3e18)), Ordering::Greater);
    }

    #[test]
    fn documents_compare_in_field_order() {
        assert!(!equal(&bson!({ "a": 1, "b": 2 }), &bson!({ "b": 2, "a": 1 })));
        assert_eq!(compare(&bson!({ "a": 1 }), &bson!({ "a": 1, "b": 0 })), Ordering::Less);
        assert_eq!(compare(&bson!([1, 2]), &bson!([1, 3])), Ordering::Less);
    }
}
