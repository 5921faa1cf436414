//! Values as MongoDB prints them in error messages, and MongoDB's "identical" test for no-op updates.

use bson::{Bson, Document};

/// Nesting below which values are printed in full; deeper ones are elided so messages stay bounded.
const MAX_DISPLAY_DEPTH: usize = 20;

/// A value as MongoDB's error messages print it: `{a: 1, b: "x"}`, `[ 1, 2 ]`, `ObjectId('...')`.
pub(crate) fn display(value: &Bson) -> String {
    let mut out = String::new();
    write_value(&mut out, value, 0);
    out
}

/// A document as MongoDB's error messages print it.
pub(crate) fn display_document(doc: &Document) -> String {
    let mut out = String::new();
    write_document(&mut out, doc, 0);
    out
}

fn write_document(out: &mut String, doc: &Document, depth: usize) {
    if depth > MAX_DISPLAY_DEPTH {
        out.push_str("{...}");
        return;
    }
    out.push('{');
    for (i, (key, value)) in doc.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(key);
        out.push_str(": ");
        write_value(out, value, depth + 1);
    }
    out.push('}');
}

fn write_value(out: &mut String, value: &Bson, depth: usize) {
    match value {
        Bson::Document(doc) => write_document(out, doc, depth),
        Bson::Array(items) if items.is_empty() => out.push_str("[]"),
        Bson::Array(_) if depth > MAX_DISPLAY_DEPTH => out.push_str("[...]"),
        Bson::Array(items) => {
            out.push_str("[ ");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_value(out, item, depth + 1);
            }
            out.push_str(" ]");
        }
        Bson::String(s) | Bson::Symbol(s) => {
            out.push('"');
            out.push_str(s);
            out.push('"');
        }
        Bson::Int32(n) => out.push_str(&n.to_string()),
        Bson::Int64(n) => out.push_str(&n.to_string()),
        Bson::Double(d) if d.is_finite() && d.fract() == 0.0 && d.abs() < 1e16 => out.push_str(&format!("{d:.1}")),
        Bson::Double(d) => out.push_str(&d.to_string()),
        Bson::Decimal128(d) => out.push_str(&format!("NumberDecimal(\"{d}\")")),
        Bson::Boolean(b) => out.push_str(if *b { "true" } else { "false" }),
        Bson::Null => out.push_str("null"),
        Bson::Undefined => out.push_str("undefined"),
        Bson::ObjectId(id) => out.push_str(&format!("ObjectId('{id}')")),
        Bson::DateTime(dt) => out.push_str(&format!("new Date({})", dt.timestamp_millis())),
        Bson::Timestamp(ts) => out.push_str(&format!("Timestamp({}, {})", ts.time, ts.increment)),
        Bson::RegularExpression(re) => out.push_str(&format!("/{}/{}", re.pattern, re.options)),
        Bson::MinKey => out.push_str("MinKey"),
        Bson::MaxKey => out.push_str("MaxKey"),
        other => out.push_str(&format!("{other}")),
    }
}

/// Whether two values are the same value of the same type with fields in the same order, which is
/// what MongoDB requires before it calls an update a no-op (`1` and `1.0` are not identical).
pub(crate) fn identical(a: &Bson, b: &Bson) -> bool {
    match (a, b) {
        (Bson::Double(x), Bson::Double(y)) => x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()),
        (Bson::Document(x), Bson::Document(y)) => identical_documents(x, y),
        (Bson::Array(x), Bson::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| identical(p, q)),
        _ => a == b,
    }
}

fn identical_documents(a: &Document, b: &Document) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|((ka, va), (kb, vb))| ka == kb && identical(va, vb))
}
