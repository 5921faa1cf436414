//! Order-preserving byte encoding of BSON values, so redb's byte order is BSON's comparison order.
//!
//! Every encoding starts with the value's type bracket and is self-delimiting, so encodings can be
//! concatenated (compound index keys, then the `_id`) and a value's encoding is never a prefix of
//! another value's. Numbers of every width encode by value (`1`, `1i64` and `1.0` share a key), yet
//! exactly: an `f64` image first, then the integer's distance from it.

use bson::{Bson, Document};

use crate::bindings::database::DbError;
use crate::bindings::database::engine::compare::type_rank;
use crate::bindings::database::engine::path;

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
        // Null and undefined share a bracket but not a key: MongoDB keys an empty array as
        // undefined, distinct from a missing field (null) under a unique index.
        Bson::Null => out.push(0),
        Bson::Undefined => out.push(1),
        Bson::DbPointer(_) | Bson::MinKey | Bson::MaxKey => {}
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
/// field, null for a missing one, undefined for an empty array). At most one array may fan out,
/// as MongoDB's multikey rule; fields reached through the same array of documents
/// (`items.sku`, `items.qty`) are keyed element by element.
pub fn index_keys(doc: &Document, fields: &[String], index_name: &str) -> Result<Vec<Vec<u8>>, DbError> {
    let values: Vec<Vec<Bson>> = fields.iter().map(|f| field_values(doc, f)).collect();
    let fanning: Vec<usize> = (0..fields.len()).filter(|&i| values[i].len() > 1).collect();
    let mut keys = if fanning.len() <= 1 {
        combine(&values)
    } else {
        // Several fields fan out: allowed only when they all go through one array of documents.
        let prefixes: Vec<Option<String>> = fanning.iter().map(|&i| array_prefix(doc, &fields[i])).collect();
        let Some(Some(prefix)) = prefixes.first().cloned() else {
            return Err(parallel(&fields[fanning[1]], index_name));
        };
        if prefixes.iter().any(|p| p.as_deref() != Some(prefix.as_str())) {
            return Err(parallel(&fields[fanning[1]], index_name));
        }
        let Some(Bson::Array(elements)) = path::get(doc, &prefix) else {
            return Err(parallel(&fields[fanning[1]], index_name));
        };
        let mut keys = Vec::new();
        for element in elements {
            let per_field: Vec<Vec<Bson>> = fields
                .iter()
                .enumerate()
                .map(|(i, field)| match (field.strip_prefix(&prefix).and_then(|s| s.strip_prefix('.')), element) {
                    (Some(rest), Bson::Document(sub)) if fanning.contains(&i) => field_values(sub, rest),
                    (Some(_), _) if fanning.contains(&i) => vec![Bson::Null],
                    _ => values[i].clone(),
                })
                .collect();
            if per_field.iter().filter(|v| v.len() > 1).count() > 1 {
                return Err(parallel(&fields[fanning[1]], index_name));
            }
            keys.extend(combine(&per_field));
        }
        keys
    };
    keys.sort();
    keys.dedup();
    Ok(keys)
}

fn parallel(field: &str, index_name: &str) -> DbError {
    DbError::BadValue(format!("cannot index parallel arrays [{field}] in index {index_name}"))
}

/// The values one index field holds for `doc`.
fn field_values(doc: &Document, field: &str) -> Vec<Bson> {
    let values = path::distinct_values(doc, field);
    if !values.is_empty() {
        values
    } else if matches!(path::get(doc, field), Some(Bson::Array(a)) if a.is_empty()) {
        vec![Bson::Undefined]
    } else {
        vec![Bson::Null]
    }
}

/// The dotted prefix of `field` that names the first array on its way through `doc`.
fn array_prefix(doc: &Document, field: &str) -> Option<String> {
    let mut prefix = String::new();
    for segment in field.split('.') {
        if !prefix.is_empty() {
            prefix.push('.');
        }
        prefix.push_str(segment);
        match path::get(doc, &prefix) {
            Some(Bson::Array(_)) => return Some(prefix),
            Some(Bson::Document(_)) => {}
            _ => return None,
        }
    }
    None
}

/// Every combination of one value per field, each encoded in field order.
fn combine(values: &[Vec<Bson>]) -> Vec<Vec<u8>> {
    let mut keys: Vec<Vec<u8>> = vec![Vec::new()];
    for field in values {
        keys = keys
            .into_iter()
            .flat_map(|prefix| {
                field.iter().map(move |value| {
                    let mut key = prefix.clone();
                    encode(value, &mut key);
                    key
                })
            })
            .collect();
    }
    keys
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
    fn compound_keys_through_one_array_are_per_element() {
        let fields = ["items.sku".to_owned(), "items.qty".to_owned()];
        let doc = bson::doc! { "items": [{ "sku": "a", "qty": 1 }, { "sku": "b", "qty": 2 }] };
        let keys = index_keys(&doc, &fields, "i").unwrap();
        let key = |s: &str, q: i32| [key_of(&bson!(s)), key_of(&bson!(q))].concat();
        assert_eq!(keys.len(), 2, "one key per element, not the cross product");
        assert!(keys.contains(&key("a", 1)) && keys.contains(&key("b", 2)));
        let parallel = bson::doc! { "a": [1, 2], "b": [3, 4] };
        let err = index_keys(&parallel, &["a".to_owned(), "b".to_owned()], "a_1_b_1").unwrap_err();
        assert!(err.to_string().contains("cannot index parallel arrays"), "{err}");
    }

    #[test]
    fn missing_and_empty_array_fields_get_distinct_keys() {
        let fields = ["a".to_owned()];
        let missing = index_keys(&bson::doc! {}, &fields, "a_1").unwrap();
        let empty = index_keys(&bson::doc! { "a": [] }, &fields, "a_1").unwrap();
        assert_eq!(missing, vec![key_of(&Bson::Null)]);
        assert_ne!(missing, empty);
    }

    #[test]
    fn equal_numbers_share_a_key() {
        assert_eq!(key_of(&bson!(1)), key_of(&bson!(1.0)));
        assert_eq!(key_of(&bson!(1)), key_of(&bson!(1i64)));
        assert_eq!(key_of(&bson!(-0.0)), key_of(&bson!(0)));
    }
}
