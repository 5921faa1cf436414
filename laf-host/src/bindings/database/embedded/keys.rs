//! Order-preserving byte encoding of BSON values, so redb's byte order is BSON's comparison order.
//!
//! Every encoding starts with the value's type bracket and is self-delimiting, so encodings can be
//! concatenated (compound index keys, then the `_id`) and a value's encoding is never a prefix of
//! another value's. Numbers of every width encode by value (`1`, `1i64` and `1.0` share a key), yet
//! exactly: an `f64` image first, then the integer's distance from it.

use bson::{Bson, Document};

use crate::bindings::database::DbError;
use crate::bindings::database::engine::compare::type_rank;

/// Appends the key encoding of `value` to `out`.
pub fn encode(value: &Bson, out: &mut Vec<u8>) {
    out.push(type_rank(value) + 1);
    match value {
        Bson::Int32(n) => encode_number(f64::from(*n), 0, out),
        Bson::Int64(n) => {
            let image = *n as f64;
            // The f64 image rounds large integers; the remainder keeps them distinct and ordered.
            let rest = i128::from(*n) - image as i128;
            encode_number(image, rest as i64, out);
        }
        Bson::Double(n) => encode_number(*n, 0, out),
        Bson::Decimal128(d) => encode_number(d.to_string().parse().unwrap_or(f64::NAN), 0, out),
        Bson::String(s) | Bson::Symbol(s) | Bson::JavaScriptCode(s) => encode_bytes(s.as_bytes(), out),
        Bson::Document(doc) => encode_document(doc, out),
        Bson::Array(items) => {
            for item in items {
                encode(item, out);
            }
            out.push(0);
        }
        Bson::Binary(bin) => {
            out.extend_from_slice(&(bin.bytes.len() as u32).to_be_bytes());
            out.push(u8::from(bin.subtype));
            out.extend_from_slice(&bin.bytes);
        }
        Bson::ObjectId(id) => out.extend_from_slice(&id.bytes()),
        Bson::Boolean(b) => out.push(u8::from(*b)),
        Bson::DateTime(d) => out.extend_from_slice(&flip_i64(d.timestamp_millis())),
        Bson::Timestamp(ts) => {
            out.extend_from_slice(&ts.time.to_be_bytes());
            out.extend_from_slice(&ts.increment.to_be_bytes());
        }
        Bson::RegularExpression(re) => {
            encode_bytes(re.pattern.as_str().as_bytes(), out);
            encode_bytes(re.options.as_str().as_bytes(), out);
        }
        Bson::JavaScriptCodeWithScope(code) => {
            encode_bytes(code.code.as_bytes(), out);
            encode_document(&code.scope, out);
        }
        Bson::DbPointer(_) | Bson::Null | Bson::Undefined | Bson::MinKey | Bson::MaxKey => {}
    }
}

/// The key encoding of one value.
pub fn key_of(value: &Bson) -> Vec<u8> {
    let mut out = Vec::with_capacity(16);
    encode(value, &mut out);
    out
}

/// The first byte of every encoding in `value`'s type bracket, and the first byte past it.
pub fn bracket(value: &Bson) -> (u8, u8) {
    let first = type_rank(value) + 1;
    (first, first + 1)
}

fn encode_document(doc: &Document, out: &mut Vec<u8>) {
    // BSON compares documents pair by pair: value type, then name, then value.
    for (name, value) in doc {
        out.push(type_rank(value) + 1);
        encode_bytes(name.as_bytes(), out);
        encode(value, out);
    }
    out.push(0);
}

fn encode_bytes(bytes: &[u8], out: &mut Vec<u8>) {
    // 0x00 is escaped as 0x00 0xFF and the end is 0x00 0x00, which sorts below any continuation.
    for &b in bytes {
        out.push(b);
        if b == 0 {
            out.push(0xFF);
        }
    }
    out.extend_from_slice(&[0, 0]);
}

fn flip_i64(n: i64) -> [u8; 8] {
    ((n as u64) ^ (1 << 63)).to_be_bytes()
}

fn encode_number(image: f64, rest: i64, out: &mut Vec<u8>) {
    let image = if image == 0.0 { 0.0 } else { image };
    let bits = if image.is_nan() {
        // MongoDB orders NaN below every other number.
        0
    } else {
        let raw = image.to_bits();
        if raw >> 63 == 1 { !raw } else { raw | (1 << 63) }
    };
    out.extend_from_slice(&bits.to_be_bytes());
    out.extend_from_slice(&flip_i64(rest));
}

/// Keys one index holds for a document: the encoded field values (every element of an array
/// field, null for a missing one), at most one field fanning out, as MongoDB's multikey rule.
pub fn index_keys(doc: &Document, fields: &[String], index_name: &str) -> Result<Vec<Vec<u8>>, DbError> {
    let mut keys: Vec<Vec<u8>> = vec![Vec::new()];
    let mut fanned = false;
    for field in fields {
        let mut values = crate::bindings::database::engine::path::distinct_values(doc, field);
        if values.is_empty() {
            values.push(Bson::Null);
        }
        if values.len() > 1 {
            if fanned {
                return Err(DbError::BadValue(format!("cannot index parallel arrays [{field}] in index {index_name}")));
            }
            fanned = true;
            let base = std::mem::take(&mut keys);
            for prefix in base {
                for value in &values {
                    let mut key = prefix.clone();
                    encode(value, &mut key);
                    keys.push(key);
                }
            }
        } else {
            for key in &mut keys {
                encode(&values[0], key);
            }
        }
    }
    keys.sort();
    keys.dedup();
    Ok(keys)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bindings::database::engine::compare::compare;
    use bson::{bson, oid::ObjectId};

    #[test]
    fn byte_order_is_bson_order() {
        let values = [
            Bson::MinKey,
            Bson::Null,
            bson!(f64::NAN),
            bson!(-1e300),
            bson!(-2),
            bson!(-0.5),
            bson!(0),
            bson!(0.5),
            bson!(1i64),
            bson!(9_007_199_254_740_992i64),
            bson!(9_007_199_254_740_993i64),
            bson!(1e300),
            bson!(""),
            bson!("a"),
            bson!("a\u{0}"),
            bson!("ab"),
            bson!("b"),
            bson!({}),
            bson!({ "a": 1 }),
            bson!({ "a": 1, "b": 1 }),
            bson!({ "a": "x" }),
            bson!([]),
            bson!([1]),
            bson!([1, 2]),
            bson!([2]),
            Bson::ObjectId(ObjectId::from_bytes([0; 12])),
            Bson::ObjectId(ObjectId::from_bytes([1; 12])),
            bson!(false),
            bson!(true),
            Bson::DateTime(bson::DateTime::from_millis(-5)),
            Bson::DateTime(bson::DateTime::from_millis(5)),
            Bson::MaxKey,
        ];
        for pair in values.windows(2) {
            assert_eq!(compare(&pair[0], &pair[1]), std::cmp::Ordering::Less, "{:?} < {:?}", pair[0], pair[1]);
            assert!(key_of(&pair[0]) < key_of(&pair[1]), "{:?} encodes below {:?}", pair[0], pair[1]);
        }
    }

    #[test]
    fn equal_numbers_share_a_key() {
        assert_eq!(key_of(&bson!(1)), key_of(&bson!(1.0)));
        assert_eq!(key_of(&bson!(1)), key_of(&bson!(1i64)));
        assert_eq!(key_of(&bson!(-0.0)), key_of(&bson!(0)));
    }
}
