//! A direct JSON writer for plain data, the shape most functions return.
//!
//! QuickJS's `JSON.stringify` is general (it looks up `toJSON` on every value and builds an
//! intermediate JavaScript string); measured on `hello.ts` it was a third of all instructions of a
//! call. Plain data (objects whose prototype is `Object.prototype` or null, arrays, strings,
//! numbers, booleans, null) is written here straight into the response bytes. Anything else makes
//! `write_plain` give up, and the caller uses `JSON.stringify`, which also handles `toJSON`,
//! cycles and their errors. (Getters of a value that is given up on run again then.)

use std::io::Write;

use rquickjs::qjs;
use rquickjs::{Object, Value};

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

/// Appends `v` as JSON to `out`; false (with `out` in an unspecified state) when `v` is not plain
/// data or the text would pass `max` bytes (a sparse `new Array(4e9)` is tiny on the JavaScript heap;
/// JSON.stringify then meets the runtime's memory limit instead of this process's).
pub(crate) fn write_plain<'js>(out: &mut Vec<u8>, v: &Value<'js>, protos: &Protos<'js>, max: usize) -> bool {
    let ctx = v.ctx().as_raw().as_ptr();
    // SAFETY: every raw value below is borrowed from `v`, which the caller keeps alive, or owned
    // here and freed before returning; the context is the one `v` lives in; no JavaScript runs
    // except getters, which cannot free `v` while it is referenced.
    unsafe {
        let to_json = qjs::JS_NewAtomLen(ctx, c"toJSON".as_ptr(), 6);
        let w = Writer {
            ctx,
            object: qjs::JS_VALUE_GET_PTR(protos.object.as_raw()),
            array: qjs::JS_VALUE_GET_PTR(protos.array.as_raw()),
            to_json,
            max,
        };
        let ok = w.write(out, v.as_raw(), 0);
        qjs::JS_FreeAtom(ctx, to_json);
        ok
    }
}

// Works on raw QuickJS values: the safe wrappers cost an atom and a Rust string per key, which
// made this writer no faster than JSON.stringify.
struct Writer {
    ctx: *mut qjs::JSContext,
    object: *mut std::ffi::c_void,
    array: *mut std::ffi::c_void,
    to_json: qjs::JSAtom,
    max: usize,
}

impl Writer {
    unsafe fn write(&self, out: &mut Vec<u8>, v: qjs::JSValue, depth: usize) -> bool {
        unsafe {
            match qjs::JS_VALUE_GET_TAG(v) {
                qjs::JS_TAG_NULL => out.extend_from_slice(b"null"),
                qjs::JS_TAG_BOOL => out.extend_from_slice(if qjs::JS_VALUE_GET_BOOL(v) { b"true" } else { b"false" }),
                qjs::JS_TAG_INT => {
                    let _ = write!(out, "{}", qjs::JS_VALUE_GET_INT(v));
                }
                qjs::JS_TAG_FLOAT64 => write_number(out, qjs::JS_VALUE_GET_FLOAT64(v)),
                qjs::JS_TAG_STRING | qjs::JS_TAG_STRING_ROPE => return self.write_js_string(out, v),
                qjs::JS_TAG_OBJECT if depth < MAX_DEPTH && !qjs::JS_IsProxy(v) => {
                    let is_array = qjs::JS_IsArray(v);
                    let proto = qjs::JS_GetPrototype(self.ctx, v);
                    let proto_ptr = if qjs::JS_VALUE_GET_TAG(proto) == qjs::JS_TAG_OBJECT {
                        qjs::JS_VALUE_GET_PTR(proto)
                    } else {
                        std::ptr::null_mut()
                    };
                    qjs::JS_FreeValue(self.ctx, proto);
                    let plain = if is_array {
                        proto_ptr == self.array
                    } else {
                        proto_ptr.is_null() || proto_ptr == self.object
                    };
                    let has_to_json = qjs::JS_HasProperty(self.ctx, v, self.to_json);
                    if has_to_json < 0 {
                        self.clear_exception();
                    }
                    if !plain || has_to_json != 0 {
                        return false;
                    }
                    return if is_array { self.write_array(out, v, depth) } else { self.write_object(out, v, depth) };
                }
                _ => return false,
            }
            true
        }
    }

    unsafe fn write_array(&self, out: &mut Vec<u8>, v: qjs::JSValue, depth: usize) -> bool {
        unsafe {
            let mut len: i64 = 0;
            if qjs::JS_GetLength(self.ctx, v, &mut len) < 0 {
                self.clear_exception();
                return false;
            }
            out.push(b'[');
            for i in 0..len {
                if out.len() > self.max {
                    return false;
                }
                if i > 0 {
                    out.push(b',');
                }
                let item = qjs::JS_GetPropertyInt64(self.ctx, v, i);
                let ok = if skipped(self.ctx, item) {
                    out.extend_from_slice(b"null");
                    true
                } else {
                    self.write(out, item, depth + 1)
                };
                let exception = qjs::JS_IsException(item);
                qjs::JS_FreeValue(self.ctx, item);
                if exception {
                    self.clear_exception();
                    return false;
                }
                if !ok {
                    return false;
                }
            }
            out.push(b']');
            true
        }
    }

    unsafe fn write_object(&self, out: &mut Vec<u8>, v: qjs::JSValue, depth: usize) -> bool {
        unsafe {
            let mut tab: *mut qjs::JSPropertyEnum = std::ptr::null_mut();
            let mut len: u32 = 0;
            let flags = (qjs::JS_GPN_STRING_MASK | qjs::JS_GPN_ENUM_ONLY) as std::ffi::c_int;
            if qjs::JS_GetOwnPropertyNames(self.ctx, &mut tab, &mut len, v, flags) < 0 {
                self.clear_exception();
                return false;
            }
            let mut ok = true;
            let mut first = true;
            out.push(b'{');
            for i in 0..len as usize {
                if out.len() > self.max {
                    ok = false;
                    break;
                }
                let atom = (*tab.add(i)).atom;
                let item = qjs::JS_GetProperty(self.ctx, v, atom);
                if qjs::JS_IsException(item) {
                    self.clear_exception();
                    ok = false;
                } else if !skipped(self.ctx, item) {
                    if !first {
                        out.push(b',');
                    }
                    first = false;
                    let mut klen: qjs::size_t = 0;
                    let key = qjs::JS_AtomToCStringLen(self.ctx, &mut klen, atom);
                    if key.is_null() {
                        self.clear_exception();
                        ok = false;
                    } else {
                        write_string(out, std::slice::from_raw_parts(key.cast::<u8>(), klen as usize));
                        qjs::JS_FreeCString(self.ctx, key);
                        out.push(b':');
                        ok = self.write(out, item, depth + 1);
                    }
                }
                qjs::JS_FreeValue(self.ctx, item);
                if !ok {
                    break;
                }
            }
            qjs::JS_FreePropertyEnum(self.ctx, tab, len);
            out.push(b'}');
            ok
        }
    }

    unsafe fn write_js_string(&self, out: &mut Vec<u8>, v: qjs::JSValue) -> bool {
        unsafe {
            let mut len: qjs::size_t = 0;
            let p = qjs::JS_ToCStringLen2(self.ctx, &mut len, v, false);
            if p.is_null() {
                self.clear_exception();
                return false;
            }
            write_string(out, std::slice::from_raw_parts(p.cast::<u8>(), len as usize));
            qjs::JS_FreeCString(self.ctx, p);
            true
        }
    }

    // A failed getter or lookup: the fallback JSON.stringify will meet (and report) it again.
    unsafe fn clear_exception(&self) {
        unsafe { qjs::JS_FreeValue(self.ctx, qjs::JS_GetException(self.ctx)) };
    }
}

// Properties JSON leaves out of objects (and writes as null in arrays).
unsafe fn skipped(ctx: *mut qjs::JSContext, v: qjs::JSValue) -> bool {
    unsafe {
        match qjs::JS_VALUE_GET_TAG(v) {
            qjs::JS_TAG_UNDEFINED | qjs::JS_TAG_SYMBOL => true,
            qjs::JS_TAG_OBJECT => qjs::JS_IsFunction(ctx, v),
            _ => false,
        }
    }
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

// QuickJS hands out UTF-8, except that a lone surrogate comes as its 3-byte form (ED A0..BF xx),
// which JSON.stringify writes as a \\uXXXX escape. Otherwise only quotes, backslashes and control
// characters are escaped.
fn write_string(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'"');
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0..=0x1f => b"",
            0xED if i + 2 < bytes.len() && (0xA0..=0xBF).contains(&bytes[i + 1]) => {
                out.extend_from_slice(&bytes[start..i]);
                let unit = 0xD000 | (u32::from(bytes[i + 1] & 0x3F) << 6) | u32::from(bytes[i + 2] & 0x3F);
                let _ = write!(out, "\\u{unit:04x}");
                i += 3;
                start = i;
                continue;
            }
            _ => {
                i += 1;
                continue;
            }
        };
        out.extend_from_slice(&bytes[start..i]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{:04x}", b);
        } else {
            out.extend_from_slice(escape);
        }
        i += 1;
        start = i;
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
            let fast = write_plain(&mut out, &v, &protos, usize::MAX).then(|| String::from_utf8(out).unwrap());
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
            "[1, , 3, [], {}]",
            "({ get g() { return 5 }, s: 'lone \\ud800 surrogate' })",
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
