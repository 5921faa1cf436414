//! A direct JSON writer for plain data, the shape most functions return.
//!
//! QuickJS's `JSON.stringify` is general (it looks up `toJSON` on every value and builds an
//! intermediate JavaScript string); measured on `hello.ts` it was a third of all instructions of a
//! call. Plain data (objects whose prototype is `Object.prototype` or null, arrays, strings,
//! numbers, booleans, null) is written here straight into the response bytes. Anything else makes
//! `write_plain` give up, and the caller uses `JSON.stringify`, which also handles `toJSON`,
//! cycles and their errors. (Getters of a value that is given up on run again then.)

use std::io::Write;

use rquickjs::{Object, Type, Value};

// Deeper than this is handed to JSON.stringify (which reports cycles properly).
const MAX_DEPTH: usize = 64;

/// `Object.prototype` and `Array.prototype` of the context being serialised.
pub(crate) struct Protos<'js> {
    pub(crate) object: Object<'js>,
    pub(crate) array: Object<'js>,
}

impl<'js> Protos<'js> {
    /// Whether someone gave the built-in prototypes a `toJSON`: then only JSON.stringify is right.
    pub(crate) fn patched(&self) -> bool {
        self.object.contains_key("toJSON").unwrap_or(true) || self.array.contains_key("toJSON").unwrap_or(true)
    }
}

/// Appends `v` as JSON to `out`; false (with `out` in an unspecified state) when `v` is not plain data.
pub(crate) fn write_plain<'js>(out: &mut Vec<u8>, v: &Value<'js>, protos: &Protos<'js>, depth: usize) -> bool {
    match v.type_of() {
        Type::Null => out.extend_from_slice(b"null"),
        Type::Bool => out.extend_from_slice(if v.as_bool() == Some(true) { b"true" } else { b"false" }),
        Type::Int => {
            let _ = write!(out, "{}", v.as_int().unwrap_or(0));
        }
        Type::Float => write_number(out, v.as_float().unwrap_or(f64::NAN)),
        Type::String => match v.as_string().map(|s| s.to_string()) {
            Some(Ok(s)) => write_string(out, &s),
            _ => return false,
        },
        Type::Array if depth < MAX_DEPTH => {
            let Some(arr) = v.as_array() else { return false };
            if !same(arr.as_object().get_prototype(), &protos.array) || arr.contains_key("toJSON").unwrap_or(true) {
                return false;
            }
            out.push(b'[');
            for i in 0..arr.len() {
                if i > 0 {
                    out.push(b',');
                }
                let Ok(item) = arr.get::<Value>(i) else { return false };
                if skipped(&item) {
                    out.extend_from_slice(b"null");
                } else if !write_plain(out, &item, protos, depth + 1) {
                    return false;
                }
            }
            out.push(b']');
        }
        Type::Object if depth < MAX_DEPTH => {
            let Some(obj) = v.as_object() else { return false };
            let proto = obj.get_prototype();
            if !(proto.is_none() || same(proto, &protos.object)) || obj.contains_key("toJSON").unwrap_or(true) {
                return false;
            }
            out.push(b'{');
            let mut first = true;
            for prop in obj.props::<String, Value>() {
                let Ok((key, item)) = prop else { return false };
                if skipped(&item) {
                    continue;
                }
                if !first {
                    out.push(b',');
                }
                first = false;
                write_string(out, &key);
                out.push(b':');
                if !write_plain(out, &item, protos, depth + 1) {
                    return false;
                }
            }
            out.push(b'}');
        }
        _ => return false,
    }
    true
}

// Properties JSON leaves out of objects (and writes as null in arrays).
fn skipped(v: &Value<'_>) -> bool {
    matches!(v.type_of(), Type::Undefined | Type::Function | Type::Constructor | Type::Symbol)
}

fn same<'js>(proto: Option<Object<'js>>, expected: &Object<'js>) -> bool {
    proto.is_some_and(|p| p.as_value() == expected.as_value())
}

fn write_number(out: &mut Vec<u8>, n: f64) {
    if !n.is_finite() {
        out.extend_from_slice(b"null");
    } else if n == 0.0 {
        // Covers -0, which JSON writes as 0.
        out.push(b'0');
    } else {
        out.extend_from_slice(dragonbox_ecma::Buffer::new().format_finite(n).as_bytes());
    }
}

fn write_string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{:04x}", b);
        } else {
            out.extend_from_slice(escape);
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use rquickjs::{Context, Runtime};

    fn both(src: &str) -> (Option<String>, String) {
        let rt = Runtime::new().unwrap();
        let ctx = Context::full(&rt).unwrap();
        ctx.with(|cx| {
            let v: Value = cx.eval(src).unwrap();
            let globals = cx.globals();
            let protos = Protos {
                object: globals.get::<_, Object>("Object").unwrap().get("prototype").unwrap(),
                array: globals.get::<_, Object>("Array").unwrap().get("prototype").unwrap(),
            };
            let mut out = Vec::new();
            let fast = write_plain(&mut out, &v, &protos, 0).then(|| String::from_utf8(out).unwrap());
            // JSON.stringify throws on cycles and BigInt: the reference is then empty.
            let reference = cx.json_stringify(v).ok().flatten().map(|s| s.to_string().unwrap()).unwrap_or_default();
            (fast, reference)
        })
    }

    #[test]
    fn plain_data_matches_json_stringify_byte_for_byte() {
        for src in [
            r#"({ a: 1, b: [true, null, 'x"y\\z\n\u0001é'], c: { d: -0, e: 1.5e-7, f: 1e21, g: 0.1 + 0.2 }, h: undefined, i() {} })"#,
            "[1, undefined, () => 1, Symbol('s'), NaN, -Infinity, 2 ** 53, -12.25]",
            "({ '': 1, 'k y': { 'nested': [[[]]] }, [Symbol('s')]: 1 })",
            "Object.assign(Object.create(null), { x: 1 })",
            "'just a string'",
            "12345",
        ] {
            let (fast, reference) = both(src);
            assert_eq!(fast.as_deref(), Some(reference.as_str()), "{src}");
        }
    }

    #[test]
    fn anything_else_is_left_to_json_stringify() {
        for src in [
            "({ when: new Date(0) })",
            "({ toJSON() { return 1 } })",
            "new (class A { constructor() { this.x = 1 } })()",
            "({ big: 1n })",
            "({ m: new Map() })",
            "(() => { const a = {}; a.self = a; return a })()",
        ] {
            assert_eq!(both(src).0, None, "{src}");
        }
    }
}
