//! JavaScript values to BSON and back, converted directly on QuickJS values.
//!
//! No text sits in between (no extended JSON): a `Date` becomes a BSON date and comes back a
//! `Date`, an `ObjectId` (the bootstrap's class, recognised by its prototype) becomes a BSON
//! ObjectId and comes back one. Keys that merely look like extended JSON (`{ $oid: "…" }`,
//! `{ $date: 0 }`) are plain keys here: the database sees them as written, so a query operator
//! named `$oid` is reported as unknown rather than silently turned into an id.

use laf_host::bindings::database::bson::spec::BinarySubtype;
use laf_host::bindings::database::bson::{self, Binary, Bson, Document, Regex, oid::ObjectId};
use std::cell::Cell;

use rquickjs::convert::Coerced;
use rquickjs::{
    ArrayBuffer, Constructor, Ctx, Exception, FromJs, Function, Object, Symbol, Type, TypedArray, Value, qjs,
};

type R<T> = rquickjs::Result<T>;

/// MongoDB's nesting limit; deeper (or cyclic) values are refused instead of overflowing the stack.
const MAX_DEPTH: usize = 100;

/// MongoDB's document size limit: a converted document (estimated as BSON) may not exceed it.
const MAX_DOCUMENT_BYTES: usize = 16 * 1024 * 1024;

/// MongoDB's message size limit, for an argument holding many documents (`insertMany`, a
/// pipeline): the documents together may not exceed it.
const MAX_BATCH_BYTES: usize = 48 * 1024 * 1024;

// The most array capacity reserved up front: the length is the user's, the memory is the host's.
const MAX_RESERVED: usize = 1024;

// Integers beyond this are not exact as JavaScript numbers: they stay doubles.
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

/// Converts between JavaScript and BSON for one app context.
pub(crate) struct Bridge<'js> {
    cx: Ctx<'js>,
    // `ObjectId.prototype` and the symbol under which an instance keeps its hex string.
    oid_proto: Object<'js>,
    oid_key: Symbol<'js>,
    // db-ql drops `undefined` members as JSON does (Laf sends its data through EJSON); the
    // driver API stores them as null, as the Node driver does by default.
    drop_undefined: bool,
    // Estimated BSON bytes the value being converted may still take. Every value and every key
    // is charged, also when it is left out, so shared subobjects (a DAG visited exponentially
    // often) and huge sparse arrays end in a RangeError instead of exhausting the host.
    budget: Cell<usize>,
    // What the budget was reset to, for the error message.
    limit: Cell<usize>,
    // `Object.prototype`: objects with another prototype may be the driver's value types.
    plain_proto: Option<Object<'js>>,
}

impl<'js> Bridge<'js> {
    /// A bridge for `cx`, with the bootstrap's ObjectId class.
    pub(crate) fn new(cx: Ctx<'js>, oid_proto: Object<'js>, oid_key: Symbol<'js>, drop_undefined: bool) -> Self {
        let plain_proto = Object::new(cx.clone()).ok().and_then(|o| o.get_prototype());
        Bridge { cx, oid_proto, oid_key, drop_undefined, budget: Cell::new(0), limit: Cell::new(0), plain_proto }
    }

    /// A document from a JavaScript object; `undefined` and `null` give an empty document.
    pub(crate) fn document(&self, v: &Value<'js>) -> R<Document> {
        self.document_within(v, MAX_DOCUMENT_BYTES, MAX_DOCUMENT_BYTES)
    }

    // Converts with `budget` estimated bytes; `limit` is the limit named when it runs out.
    fn document_within(&self, v: &Value<'js>, budget: usize, limit: usize) -> R<Document> {
        self.budget.set(budget);
        self.limit.set(limit);
        if v.is_undefined() || v.is_null() {
            return Ok(Document::new());
        }
        match self.bson(v, 0)? {
            Some(Bson::Document(d)) => Ok(d),
            _ => Err(Exception::throw_type(&self.cx, "expected an object (a document)")),
        }
    }

    /// A document, or `None` for `undefined`/`null`.
    pub(crate) fn opt_document(&self, v: &Value<'js>) -> R<Option<Document>> {
        if v.is_undefined() || v.is_null() { Ok(None) } else { self.document(v).map(Some) }
    }

    /// Documents from an array of objects.
    pub(crate) fn documents(&self, v: &Value<'js>) -> R<Vec<Document>> {
        if v.as_array().is_none() {
            return Err(Exception::throw_type(&self.cx, "expected an array of documents"));
        }
        let len = self.length(v)?;
        // Each document takes at least its 5 bytes.
        if len.saturating_mul(5) > MAX_BATCH_BYTES {
            return Err(self.too_big(MAX_BATCH_BYTES));
        }
        let mut left = MAX_BATCH_BYTES;
        let mut out = Vec::with_capacity(len.min(MAX_RESERVED));
        for i in 0..len {
            let item = self.element(v, i)?;
            let budget = left.min(MAX_DOCUMENT_BYTES);
            let limit = if left < MAX_DOCUMENT_BYTES { MAX_BATCH_BYTES } else { MAX_DOCUMENT_BYTES };
            out.push(self.document_within(&item, budget, limit)?);
            left = (left - (budget - self.budget.get())).saturating_sub(5);
        }
        Ok(out)
    }

    // `None`: a member to leave out (a function, a symbol, or `undefined` when dropping them).
    fn bson(&self, v: &Value<'js>, depth: usize) -> R<Option<Bson>> {
        let raw = v.as_raw();
        // The common cases straight from the value's tag and class (plain objects, numbers).
        // SAFETY: tag and class reads on a live value.
        unsafe {
            match qjs::JS_VALUE_GET_NORM_TAG(raw) {
                qjs::JS_TAG_INT => {
                    self.charge(4)?;
                    return Ok(Some(Bson::Int32(qjs::JS_VALUE_GET_INT(raw))));
                }
                qjs::JS_TAG_FLOAT64 => {
                    self.charge(8)?;
                    return Ok(Some(number(qjs::JS_VALUE_GET_FLOAT64(raw))));
                }
                qjs::JS_TAG_OBJECT if qjs::JS_GetClassID(raw) == JS_CLASS_OBJECT => {
                    self.check_depth(depth)?;
                    self.charge(5)?;
                    return self.plain_object(v, depth).map(Some);
                }
                _ => {}
            }
        }
        Ok(Some(match v.type_of() {
            Type::Int => {
                self.charge(4)?;
                Bson::Int32(v.as_int().unwrap_or_default())
            }
            Type::Float => {
                self.charge(8)?;
                number(v.as_float().unwrap_or_default())
            }
            Type::Bool => {
                self.charge(1)?;
                Bson::Boolean(v.as_bool().unwrap_or_default())
            }
            Type::String => {
                let s = v.as_string().map(|s| s.to_string()).transpose()?.unwrap_or_default();
                self.charge(s.len().saturating_add(5))?;
                Bson::String(s)
            }
            Type::Null => Bson::Null,
            Type::Undefined | Type::Uninitialized if self.drop_undefined => return Ok(None),
            Type::Undefined | Type::Uninitialized => Bson::Null,
            Type::BigInt => {
                self.charge(8)?;
                // `to_i64` wraps modulo 2^64: the value must survive the way back unchanged.
                let n = v.as_big_int().cloned().map(|b| b.to_i64()).transpose()?.filter(|n| {
                    // SAFETY: the new BigInt is owned here and freed; both values are live.
                    unsafe {
                        let back = qjs::JS_NewBigInt64(self.ctx_ptr(), *n);
                        let same = !qjs::JS_IsException(back) && qjs::JS_IsStrictEqual(self.ctx_ptr(), back, raw);
                        qjs::JS_FreeValue(self.ctx_ptr(), back);
                        same
                    }
                });
                Bson::Int64(n.ok_or_else(|| Exception::throw_range(&self.cx, "BigInt out of the Int64 range"))?)
            }
            Type::Array => {
                self.check_depth(depth)?;
                let len = self.length(v)?;
                // Each element takes at least its type byte and its key's digit and NUL,
                // charged before anything is allocated for them.
                self.charge(len.saturating_mul(3).saturating_add(5))?;
                let mut out = Vec::with_capacity(len.min(MAX_RESERVED));
                for i in 0..len {
                    let item = self.element(v, i)?;
                    // Inside arrays nothing is left out: JSON and the driver both write null.
                    out.push(self.bson(&item, depth + 1)?.unwrap_or(Bson::Null));
                }
                Bson::Array(out)
            }
            Type::Object | Type::Exception | Type::Proxy => {
                self.check_depth(depth)?;
                self.charge(5)?;
                let obj = v.as_object().cloned().ok_or(rquickjs::Error::Unknown)?;
                self.object_to_bson(&obj, depth)?
            }
            _ => return Ok(None),
        }))
    }

    /// Takes `n` estimated bytes from the budget, or throws once it is spent.
    fn charge(&self, n: usize) -> R<()> {
        let left = self.budget.get();
        if n > left {
            self.budget.set(0);
            return Err(self.too_big(self.limit.get()));
        }
        self.budget.set(left - n);
        Ok(())
    }

    fn too_big(&self, limit: usize) -> rquickjs::Error {
        let what = if limit > MAX_DOCUMENT_BYTES { "the documents together exceed" } else { "a document exceeds" };
        Exception::throw_range(&self.cx, &format!("{what} the {} MiB BSON limit", limit >> 20))
    }

    /// An array's `length`, read as QuickJS keeps it (any number, for a proxy), never assumed
    /// to be a small integer.
    fn length(&self, v: &Value<'js>) -> R<usize> {
        let mut len: i64 = 0;
        // SAFETY: a live value of this context; a proxy's trap may run and throw.
        if unsafe { qjs::JS_GetLength(self.ctx_ptr(), v.as_raw(), &mut len) } < 0 {
            return Err(rquickjs::Error::Exception);
        }
        Ok(usize::try_from(len).unwrap_or(0))
    }

    /// Element `i` of an array (or array-like proxy); `i` is below a budget-checked length.
    fn element(&self, v: &Value<'js>, i: usize) -> R<Value<'js>> {
        let idx = u32::try_from(i).map_err(|_| self.too_big(self.limit.get()))?;
        // SAFETY: as in `length`; the result is owned, or the exception marker.
        let item = checked(unsafe { qjs::JS_GetPropertyUint32(self.ctx_ptr(), v.as_raw(), idx) })?;
        // SAFETY: an owned value of this context.
        Ok(unsafe { Value::from_raw(self.cx.clone(), item) })
    }

    fn check_depth(&self, depth: usize) -> R<()> {
        if depth >= MAX_DEPTH {
            return Err(Exception::throw_range(
                &self.cx,
                &format!("a document nested deeper than {MAX_DEPTH} levels (or a cyclic value) cannot be stored"),
            ));
        }
        Ok(())
    }

    /// An object of the ordinary class: an ObjectId (by its prototype) or a document of its own
    /// enumerable string-keyed members, read on the C API (no Rust key strings but the
    /// document's own, no `Ctx` clone per key).
    fn plain_object(&self, v: &Value<'js>, depth: usize) -> R<Bson> {
        let ctx = self.ctx_ptr();
        let raw = v.as_raw();
        // SAFETY: `raw` is a live object of this context; every value and C string obtained here
        // is released before returning, the property table by its guard.
        unsafe {
            // Not a proxy (an ordinary object), so this neither runs JavaScript nor fails.
            let proto = qjs::JS_GetPrototype(ctx, raw);
            let is_object = qjs::JS_VALUE_GET_TAG(proto) == qjs::JS_TAG_OBJECT;
            let is_oid = is_object && qjs::JS_VALUE_GET_PTR(proto) == qjs::JS_VALUE_GET_PTR(self.oid_proto.as_raw());
            // A class instance may be one of the driver's value types (`_bsontype`).
            let is_plain = !is_object
                || self
                    .plain_proto
                    .as_ref()
                    .is_some_and(|p| qjs::JS_VALUE_GET_PTR(proto) == qjs::JS_VALUE_GET_PTR(p.as_raw()));
            qjs::JS_FreeValue(ctx, proto);
            if is_oid || !is_plain {
                let obj = v.as_object().ok_or(rquickjs::Error::Unknown)?;
                return self.object_to_bson(obj, depth);
            }
            let mut tab: *mut qjs::JSPropertyEnum = std::ptr::null_mut();
            let mut len: u32 = 0;
            let flags = (qjs::JS_GPN_STRING_MASK | qjs::JS_GPN_ENUM_ONLY) as i32;
            if qjs::JS_GetOwnPropertyNames(ctx, &mut tab, &mut len, raw, flags) < 0 {
                return Err(rquickjs::Error::Exception);
            }
            let props = PropertyEnum { ctx, tab, len };
            let mut doc = Document::new();
            for i in 0..props.len as usize {
                let atom = (*props.tab.add(i)).atom;
                let mut key_len = 0;
                let key = qjs::JS_AtomToCStringLen(ctx, &mut key_len, atom);
                if key.is_null() {
                    return Err(rquickjs::Error::Exception);
                }
                let k = String::from_utf8_lossy(std::slice::from_raw_parts(key.cast::<u8>(), key_len as usize))
                    .into_owned();
                qjs::JS_FreeCString(ctx, key);
                self.charge(k.len() + 2)?;
                let value = qjs::JS_GetProperty(ctx, raw, atom);
                if qjs::JS_IsException(value) {
                    return Err(rquickjs::Error::Exception);
                }
                let value = Value::from_raw(self.cx.clone(), value);
                if let Some(b) = self.bson(&value, depth + 1)? {
                    doc.insert(k, b);
                }
            }
            Ok(Bson::Document(doc))
        }
    }

    // The driver's value types (`import { Long, Decimal128, ... } from 'mongodb'`), recognised as
    // the Node driver's `bson` package marks them (`_bsontype`), so objects of that package work too.
    fn value_type(&self, obj: &Object<'js>, tag: &str) -> R<Option<Bson>> {
        let text = |o: &Object<'js>| -> R<String> {
            let f: Function = o.get("toString")?;
            f.call((rquickjs::function::This(o.clone()),))
        };
        let bad = |what: &str| Exception::throw_type(&self.cx, &format!("invalid {tag}: {what}"));
        self.charge(16)?;
        Ok(Some(match tag {
            "Long" => Bson::Int64(text(obj)?.parse().map_err(|_| bad("not an integer"))?),
            "Int32" => Bson::Int32(obj.get::<_, f64>("value")? as i32),
            "Double" => Bson::Double(obj.get::<_, f64>("value")?),
            "Decimal128" => {
                let s = text(obj)?;
                Bson::Decimal128(s.parse().map_err(|_| bad(&s))?)
            }
            "Timestamp" => {
                let (t, i) = (obj.get::<_, f64>("t")?, obj.get::<_, f64>("i")?);
                Bson::Timestamp(bson::Timestamp { time: t as u32, increment: i as u32 })
            }
            "Binary" | "UUID" => {
                let buffer: Value = obj.get("buffer")?;
                let bytes = TypedArray::<u8>::from_value(buffer)
                    .ok()
                    // SAFETY: copied before any JavaScript runs.
                    .and_then(|a| unsafe { a.as_bytes() }.map(<[u8]>::to_vec))
                    .ok_or_else(|| bad("no bytes"))?;
                let sub: f64 = obj.get::<_, Option<f64>>("sub_type")?.unwrap_or(0.0);
                self.charge(bytes.len())?;
                Bson::Binary(Binary { subtype: BinarySubtype::from(sub as u8), bytes })
            }
            "MinKey" => Bson::MinKey,
            "MaxKey" => Bson::MaxKey,
            _ => return Ok(None),
        }))
    }

    fn object_to_bson(&self, obj: &Object<'js>, depth: usize) -> R<Bson> {
        let raw = obj.as_value().as_raw();
        // SAFETY: class checks on a live value; they read its header only.
        if unsafe { qjs::JS_IsDate(raw) } {
            let ms = Coerced::<f64>::from_js(&self.cx, obj.as_value().clone())?.0;
            if !ms.is_finite() {
                return Err(Exception::throw_type(&self.cx, "an invalid Date cannot be stored"));
            }
            return Ok(Bson::DateTime(bson::DateTime::from_millis(ms as i64)));
        }
        // SAFETY: as above.
        if unsafe { qjs::JS_IsRegExp(raw) } {
            let source: String = obj.get("source")?;
            let flags: String = obj.get("flags")?;
            self.charge(source.len().saturating_add(flags.len()).saturating_add(2))?;
            return regex(&self.cx, source, &flags);
        }
        if obj.get_prototype().is_some_and(|p| p == self.oid_proto) {
            self.charge(12)?;
            let hex: String = obj.get(self.oid_key.clone())?;
            let id = ObjectId::parse_str(&hex)
                .map_err(|_| Exception::throw_type(&self.cx, &format!("invalid ObjectId {hex:?}")))?;
            return Ok(Bson::ObjectId(id));
        }
        if let Ok(arr) = TypedArray::<u8>::from_value(obj.as_value().clone()) {
            // SAFETY: copied before any JavaScript runs.
            let bytes = unsafe { arr.as_bytes() }.unwrap_or_default();
            self.charge(bytes.len().saturating_add(5))?;
            let bytes = bytes.to_vec();
            return Ok(Bson::Binary(Binary { subtype: BinarySubtype::Generic, bytes }));
        }
        // Checked first: asking QuickJS for the bytes of a non-buffer leaves a TypeError pending.
        // SAFETY: a class check on a live value.
        if unsafe { qjs::JS_IsArrayBuffer(raw) }
            && let Some(buf) = ArrayBuffer::from_value(obj.as_value().clone())
        {
            // SAFETY: as above.
            let bytes = unsafe { buf.as_bytes() }.unwrap_or_default();
            self.charge(bytes.len().saturating_add(5))?;
            let bytes = bytes.to_vec();
            return Ok(Bson::Binary(Binary { subtype: BinarySubtype::Generic, bytes }));
        }
        if let Some(proto) = obj.get_prototype()
            && self.plain_proto.as_ref() != Some(&proto)
            && let Some(tag) = obj.get::<_, Value>("_bsontype")?.as_string().map(|t| t.to_string()).transpose()?
            && let Some(b) = self.value_type(obj, &tag)?
        {
            return Ok(b);
        }
        let mut doc = Document::new();
        for prop in obj.props::<String, Value>() {
            let (k, v) = prop?;
            self.charge(k.len() + 2)?;
            if let Some(b) = self.bson(&v, depth + 1)? {
                doc.insert(k, b);
            }
        }
        Ok(Bson::Document(doc))
    }

    /// A JavaScript value from BSON.
    pub(crate) fn to_js(&self, b: Bson) -> R<Value<'js>> {
        let v = self.raw(b)?;
        // SAFETY: `raw` returns a value owned by the caller, for this context.
        Ok(unsafe { Value::from_raw(self.cx.clone(), v) })
    }

    /// A plain object from a document. Keys are defined, not assigned, so `__proto__` or a
    /// key named like a setter stays plain data.
    pub(crate) fn object(&self, d: Document) -> R<Object<'js>> {
        let v = self.raw_object(d)?;
        // SAFETY: as in `to_js`; `raw_object` makes an object.
        unsafe { Value::from_raw(self.cx.clone(), v) }.into_object().ok_or(rquickjs::Error::Unknown)
    }

    fn ctx_ptr(&self) -> *mut qjs::JSContext {
        self.cx.as_raw().as_ptr()
    }

    /// Hands over a value made through rquickjs as a raw one owned by the caller.
    fn owned_raw(&self, v: Value<'js>) -> qjs::JSValue {
        // SAFETY: a live value of this context; the duplicate survives `v`'s drop.
        unsafe { qjs::JS_DupValue(self.ctx_ptr(), v.as_raw()) }
    }

    /// An owned QuickJS value from BSON, built on the C API: no `Ctx` clones, no intermediate
    /// Rust strings for keys.
    fn raw(&self, b: Bson) -> R<qjs::JSValue> {
        let ctx = self.ctx_ptr();
        Ok(match b {
            Bson::Double(f) => qjs::JS_NewFloat64(f),
            Bson::Int32(i) => qjs::JS_MKVAL(qjs::JS_TAG_INT, i),
            Bson::Int64(i) => number_value(i as f64),
            Bson::String(s) | Bson::Symbol(s) | Bson::JavaScriptCode(s) => self.raw_string(&s)?,
            Bson::Boolean(b) => qjs::JS_MKVAL(qjs::JS_TAG_BOOL, b as i32),
            Bson::Null | Bson::DbPointer(_) => qjs::JS_NULL,
            Bson::Undefined => qjs::JS_UNDEFINED,
            Bson::Array(items) => {
                let mut values = Vec::with_capacity(items.len());
                for item in items {
                    match self.raw(item) {
                        Ok(v) => values.push(v),
                        Err(e) => {
                            // SAFETY: the values made so far are owned here.
                            values.into_iter().for_each(|v| unsafe { qjs::JS_FreeValue(ctx, v) });
                            return Err(e);
                        }
                    }
                }
                // SAFETY: JS_NewArrayFrom takes ownership of the values, also when it fails.
                checked(unsafe { qjs::JS_NewArrayFrom(ctx, values.len() as i32, values.as_ptr()) })?
            }
            Bson::Document(d) => self.raw_object(d)?,
            Bson::ObjectId(id) => self.raw_object_id(&id)?,
            Bson::DateTime(d) => self.date(d.timestamp_millis() as f64)?,
            Bson::RegularExpression(r) => self.regexp(r.pattern.as_str(), r.options.as_str())?,
            Bson::Binary(b) => self.owned_raw(TypedArray::<u8>::new(self.cx.clone(), b.bytes)?.into_value()),
            // Lossless as text; the Node driver gives a Decimal128 object whose toString is this.
            Bson::Decimal128(d) => self.raw_string(&d.to_string())?,
            Bson::Timestamp(t) => {
                let o = Object::new(self.cx.clone())?;
                o.set("t", t.time)?;
                o.set("i", t.increment)?;
                self.owned_raw(o.into_value())
            }
            Bson::JavaScriptCodeWithScope(c) => self.raw_string(&c.code)?,
            Bson::MaxKey | Bson::MinKey => {
                let o = Object::new(self.cx.clone())?;
                o.set(if matches!(b, Bson::MaxKey) { "$maxKey" } else { "$minKey" }, 1)?;
                self.owned_raw(o.into_value())
            }
        })
    }

    /// A `RegExp` with the options JavaScript shares with BSON (`x` and `l` have no
    /// equivalent); a pattern JavaScript cannot compile (PCRE syntax stored by another client)
    /// comes back as a plain `{ pattern, options }` object instead of failing the whole result.
    fn regexp(&self, pattern: &str, options: &str) -> R<qjs::JSValue> {
        let flags: String = "imsu".chars().filter(|c| options.contains(*c)).collect();
        let ctor: Constructor = self.cx.globals().get("RegExp")?;
        match ctor.construct::<_, Value>((pattern, flags)) {
            Ok(re) => Ok(self.owned_raw(re)),
            Err(rquickjs::Error::Exception) => {
                let e = self.cx.catch();
                if !e.is_object() {
                    // Not a SyntaxError (rquickjs's panic marker, say): left pending as it was.
                    return Err(self.cx.throw(e));
                }
                let o = Object::new(self.cx.clone())?;
                o.set("pattern", pattern)?;
                o.set("options", options)?;
                Ok(self.owned_raw(o.into_value()))
            }
            Err(e) => Err(e),
        }
    }

    fn raw_string(&self, s: &str) -> R<qjs::JSValue> {
        // SAFETY: QuickJS copies the UTF-8 bytes.
        checked(unsafe { qjs::JS_NewStringLen(self.ctx_ptr(), s.as_ptr().cast(), s.len() as _) })
    }

    fn raw_object(&self, d: Document) -> R<qjs::JSValue> {
        let ctx = self.ctx_ptr();
        // SAFETY: every value made here is either handed to QuickJS (which takes it) or freed.
        unsafe {
            let obj = checked(qjs::JS_NewObject(ctx))?;
            for (k, v) in d {
                let r = self.raw(v).and_then(|v| define(ctx, obj, &k, v));
                if let Err(e) = r {
                    qjs::JS_FreeValue(ctx, obj);
                    return Err(e);
                }
            }
            Ok(obj)
        }
    }

    fn raw_object_id(&self, id: &ObjectId) -> R<qjs::JSValue> {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        let mut hex = [0u8; 24];
        for (i, b) in id.bytes().iter().enumerate() {
            hex[2 * i] = HEX[usize::from(b >> 4)];
            hex[2 * i + 1] = HEX[usize::from(b & 15)];
        }
        let ctx = self.ctx_ptr();
        // SAFETY: as in `raw_object`; the symbol's atom is a new reference, freed here.
        unsafe {
            let obj = checked(qjs::JS_NewObjectProto(ctx, self.oid_proto.as_raw()))?;
            let s = qjs::JS_NewStringLen(ctx, hex.as_ptr().cast(), hex.len() as _);
            if qjs::JS_IsException(s) {
                qjs::JS_FreeValue(ctx, obj);
                return Err(rquickjs::Error::Exception);
            }
            let atom = qjs::JS_ValueToAtom(ctx, self.oid_key.as_raw());
            let r = qjs::JS_DefinePropertyValue(ctx, obj, atom, s, qjs::JS_PROP_C_W_E as i32);
            qjs::JS_FreeAtom(ctx, atom);
            if r < 0 {
                qjs::JS_FreeValue(ctx, obj);
                return Err(rquickjs::Error::Exception);
            }
            Ok(obj)
        }
    }

    fn date(&self, ms: f64) -> R<qjs::JSValue> {
        // SAFETY: JS_NewDate returns an owned value (or an exception marker) for this context.
        checked(unsafe { qjs::JS_NewDate(self.ctx_ptr(), ms) })
    }
}

// `JS_CLASS_OBJECT`, first in QuickJS's class list: ordinary objects.
const JS_CLASS_OBJECT: qjs::JSClassID = 1;

/// A property table from `JS_GetOwnPropertyNames`, freed with its atoms on drop.
struct PropertyEnum {
    ctx: *mut qjs::JSContext,
    tab: *mut qjs::JSPropertyEnum,
    len: u32,
}

impl Drop for PropertyEnum {
    fn drop(&mut self) {
        // SAFETY: the table and its atoms were returned by QuickJS for this context.
        unsafe { qjs::JS_FreePropertyEnum(self.ctx, self.tab, self.len) }
    }
}

/// An owned value, or the pending exception it stands for.
fn checked(v: qjs::JSValue) -> R<qjs::JSValue> {
    // SAFETY: a tag check.
    if unsafe { qjs::JS_IsException(v) } { Err(rquickjs::Error::Exception) } else { Ok(v) }
}

/// A number as QuickJS keeps it: an int when exact, else a double.
fn number_value(f: f64) -> qjs::JSValue {
    let i = f as i32;
    if f64::from(i) == f && !(f == 0.0 && f.is_sign_negative()) {
        qjs::JS_MKVAL(qjs::JS_TAG_INT, i)
    } else {
        qjs::JS_NewFloat64(f)
    }
}

/// Defines `key` on the fresh object `obj` as plain data (never a `__proto__` assignment or a
/// setter call), taking ownership of `v`.
///
/// # Safety
/// `obj` is a live object of `ctx`; `v` is owned by the caller and handed over.
unsafe fn define(ctx: *mut qjs::JSContext, obj: qjs::JSValue, key: &str, v: qjs::JSValue) -> R<()> {
    unsafe {
        // JS_NewAtomLen looks ASCII keys up directly; other keys go through a JS string, as its
        // lookup would compare UTF-8 bytes with Latin-1 atoms.
        let atom = if key.is_ascii() {
            qjs::JS_NewAtomLen(ctx, key.as_ptr().cast(), key.len() as _)
        } else {
            let s = qjs::JS_NewStringLen(ctx, key.as_ptr().cast(), key.len() as _);
            if qjs::JS_IsException(s) {
                qjs::JS_ATOM_NULL
            } else {
                let atom = qjs::JS_ValueToAtom(ctx, s);
                qjs::JS_FreeValue(ctx, s);
                atom
            }
        };
        if atom == qjs::JS_ATOM_NULL {
            qjs::JS_FreeValue(ctx, v);
            return Err(rquickjs::Error::Exception);
        }
        let r = qjs::JS_DefinePropertyValue(ctx, obj, atom, v, qjs::JS_PROP_C_W_E as i32);
        qjs::JS_FreeAtom(ctx, atom);
        if r < 0 { Err(rquickjs::Error::Exception) } else { Ok(()) }
    }
}

/// A JavaScript number as BSON: integral values as Int32 (or Int64 beyond its range, while
/// exact), everything else (fractions, -0, NaN, huge values) as Double.
fn number(f: f64) -> Bson {
    if f.fract() == 0.0 && f.abs() <= MAX_SAFE && !(f == 0.0 && f.is_sign_negative()) {
        if f >= f64::from(i32::MIN) && f <= f64::from(i32::MAX) {
            return Bson::Int32(f as i32);
        }
        return Bson::Int64(f as i64);
    }
    Bson::Double(f)
}

// BSON keeps the options MongoDB knows, sorted; `g` and `y` mean nothing to a query.
fn regex(cx: &Ctx<'_>, source: String, flags: &str) -> R<Bson> {
    let mut options: Vec<char> = flags.chars().filter(|c| matches!(c, 'i' | 'm' | 's' | 'u' | 'x')).collect();
    options.sort_unstable();
    let options: String = options.into_iter().collect();
    let bad = |_| Exception::throw_type(cx, "a regular expression containing NUL cannot be stored");
    Ok(Bson::RegularExpression(Regex {
        pattern: source.try_into().map_err(bad)?,
        options: options.try_into().map_err(bad)?,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rquickjs::{Context, Runtime};

    /// What `to_js` makes of a stored regular expression, as `String(v)` or its JSON.
    fn regex_back(pattern: &str, options: &str) -> String {
        let rt = Runtime::new().unwrap();
        let ctx = Context::full(&rt).unwrap();
        ctx.with(|cx| {
            let b = Bridge::new(cx.clone(), Object::new(cx.clone()).unwrap(), cx.eval("Symbol()").unwrap(), false);
            let re = Bson::RegularExpression(Regex {
                pattern: pattern.to_owned().try_into().unwrap(),
                options: options.to_owned().try_into().unwrap(),
            });
            let v = b.to_js(Bson::Document(bson::doc! { "re": re })).unwrap();
            let re: Value = v.as_object().unwrap().get("re").unwrap();
            if re.as_object().is_some_and(|o| o.get::<_, Value>("pattern").is_ok_and(|p| !p.is_undefined())) {
                cx.json_stringify(re).unwrap().unwrap().to_string().unwrap()
            } else {
                Coerced::<String>::from_js(&cx, re).unwrap().0
            }
        })
    }

    #[test]
    fn stored_regexes_keep_js_flags_and_fall_back_to_plain_objects() {
        assert_eq!(regex_back("ab+c", "imsux"), "/ab+c/imsu", "x and l have no JavaScript flag");
        assert_eq!(regex_back("a", "ii"), "/a/i");
        assert_eq!(regex_back("(?i)a", "x"), r#"{"pattern":"(?i)a","options":"x"}"#);
        assert_eq!(regex_back("a{", "u"), r#"{"pattern":"a{","options":"u"}"#);
    }
}
