//! BSON <-> Python values, for frames and for documents going to and from the database.
//!
//! The mapping follows pymongo's: documents are dicts, arrays lists, ObjectIds `laf.ObjectId`,
//! dates naive `datetime`s in UTC as pymongo returns them (an aware one is converted to UTC, a naive
//! one taken as UTC; milliseconds truncated, as BSON keeps them),
//! binary data `bytes`; integers are Int32 when they fit, else Int64.

use std::sync::OnceLock;

use bson::{Binary, Bson, DateTime, Document, oid::ObjectId, spec::BinarySubtype};
use pyo3::exceptions::{PyOverflowError, PyTypeError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

struct Types {
    object_id: Py<PyAny>,
    datetime: Py<PyAny>,
    utc: Py<PyAny>,
    epoch: Py<PyAny>,
    timedelta: Py<PyAny>,
}

static TYPES: OnceLock<Types> = OnceLock::new();

pub(super) fn register(
    object_id: Bound<'_, PyAny>,
    datetime: Bound<'_, PyAny>,
    utc: Bound<'_, PyAny>,
    epoch: Bound<'_, PyAny>,
    timedelta: Bound<'_, PyAny>,
) {
    let _ = TYPES.set(Types {
        object_id: object_id.unbind(),
        datetime: datetime.unbind(),
        utc: utc.unbind(),
        epoch: epoch.unbind(),
        timedelta: timedelta.unbind(),
    });
}

fn types() -> PyResult<&'static Types> {
    TYPES.get().ok_or_else(|| PyTypeError::new_err("laf types are not registered yet"))
}

/// A dict with string keys as a BSON document.
pub(super) fn dict_to_doc(dict: &Bound<'_, PyDict>) -> PyResult<Document> {
    let mut doc = Document::new();
    for (k, v) in dict.iter() {
        let Ok(key) = k.cast::<PyString>() else {
            return Err(PyTypeError::new_err(format!("document keys must be str, not {}", k.get_type().name()?)));
        };
        doc.insert(key.to_str()?.to_owned(), to_bson(&v)?);
    }
    Ok(doc)
}

/// A Python value as BSON.
pub(super) fn to_bson(v: &Bound<'_, PyAny>) -> PyResult<Bson> {
    if v.is_none() {
        return Ok(Bson::Null);
    }
    // bool before int: Python's bool is an int.
    if let Ok(b) = v.cast::<PyBool>() {
        return Ok(Bson::Boolean(b.is_true()));
    }
    if v.is_instance_of::<PyInt>() {
        let n: i64 = v
            .extract()
            .map_err(|_| PyOverflowError::new_err("an integer does not fit in 64 bits (BSON's largest integer)"))?;
        return Ok(i32::try_from(n).map(Bson::Int32).unwrap_or(Bson::Int64(n)));
    }
    if let Ok(f) = v.cast::<PyFloat>() {
        return Ok(Bson::Double(f.value()));
    }
    if let Ok(s) = v.cast::<PyString>() {
        return Ok(Bson::String(s.to_str()?.to_owned()));
    }
    if let Ok(b) = v.cast::<PyBytes>() {
        return Ok(binary(b.as_bytes().to_vec()));
    }
    if let Ok(b) = v.cast::<PyByteArray>() {
        return Ok(binary(b.to_vec()));
    }
    if let Ok(d) = v.cast::<PyDict>() {
        return dict_to_doc(d).map(Bson::Document);
    }
    if let Ok(l) = v.cast::<PyList>() {
        return l.iter().map(|x| to_bson(&x)).collect::<PyResult<Vec<_>>>().map(Bson::Array);
    }
    if let Ok(t) = v.cast::<PyTuple>() {
        return t.iter().map(|x| to_bson(&x)).collect::<PyResult<Vec<_>>>().map(Bson::Array);
    }
    let py = v.py();
    let t = types()?;
    if v.is_instance(t.object_id.bind(py))? {
        let bytes: [u8; 12] = v.getattr("_oid")?.extract()?;
        return Ok(Bson::ObjectId(ObjectId::from_bytes(bytes)));
    }
    if v.is_instance(t.datetime.bind(py))? {
        let aware = if v.getattr("tzinfo")?.is_none() {
            let kwargs = PyDict::new(py);
            kwargs.set_item("tzinfo", t.utc.bind(py))?;
            v.call_method("replace", (), Some(&kwargs))?
        } else {
            v.clone()
        };
        // Exact integer arithmetic (a float timestamp can be off by a millisecond).
        let delta = aware.call_method1("__sub__", (t.epoch.bind(py),))?;
        let (days, secs, micros): (i64, i64, i64) = (
            delta.getattr("days")?.extract()?,
            delta.getattr("seconds")?.extract()?,
            delta.getattr("microseconds")?.extract()?,
        );
        let millis = days * 86_400_000 + secs * 1000 + micros.div_euclid(1000);
        return Ok(Bson::DateTime(DateTime::from_millis(millis)));
    }
    Err(PyTypeError::new_err(format!("cannot encode a {} as BSON", v.get_type().name()?)))
}

fn binary(bytes: Vec<u8>) -> Bson {
    Bson::Binary(Binary { subtype: BinarySubtype::Generic, bytes })
}

/// A BSON document as a dict.
pub(super) fn doc_to_py(py: Python<'_>, doc: &Document) -> PyResult<Py<PyAny>> {
    let dict = PyDict::new(py);
    for (k, v) in doc {
        dict.set_item(k, to_py(py, v)?)?;
    }
    Ok(dict.into_any().unbind())
}

/// A BSON value as a Python value.
pub(super) fn to_py(py: Python<'_>, v: &Bson) -> PyResult<Py<PyAny>> {
    Ok(match v {
        Bson::Null | Bson::Undefined => py.None(),
        Bson::Boolean(b) => PyBool::new(py, *b).to_owned().into_any().unbind(),
        Bson::Int32(n) => n.into_pyobject(py)?.into_any().unbind(),
        Bson::Int64(n) => n.into_pyobject(py)?.into_any().unbind(),
        Bson::Double(f) => f.into_pyobject(py)?.into_any().unbind(),
        Bson::String(s) => PyString::new(py, s).into_any().unbind(),
        Bson::Document(d) => doc_to_py(py, d)?,
        Bson::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item)?)?;
            }
            list.into_any().unbind()
        }
        Bson::Binary(b) => PyBytes::new(py, &b.bytes).into_any().unbind(),
        Bson::ObjectId(oid) => {
            let t = types()?;
            t.object_id.bind(py).call1((PyBytes::new(py, &oid.bytes()),))?.unbind()
        }
        Bson::DateTime(d) => {
            let t = types()?;
            let kwargs = PyDict::new(py);
            kwargs.set_item("milliseconds", d.timestamp_millis())?;
            let delta = t.timedelta.bind(py).call((), Some(&kwargs))?;
            let aware = t.epoch.bind(py).call_method1("__add__", (delta,))?;
            aware
                .call_method(
                    "replace",
                    (),
                    Some(&{
                        let k = PyDict::new(py);
                        k.set_item("tzinfo", py.None())?;
                        k
                    }),
                )?
                .unbind()
        }
        Bson::Timestamp(ts) => {
            (u64::from(ts.time) << 32 | u64::from(ts.increment)).into_pyobject(py)?.into_any().unbind()
        }
        // Decimal128, regular expressions, code, ...: their extended JSON text, readable and lossless.
        other => PyString::new(py, &other.clone().into_relaxed_extjson().to_string()).into_any().unbind(),
    })
}
