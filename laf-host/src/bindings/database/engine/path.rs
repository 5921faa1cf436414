//! Dotted paths (`a.b.0.c`) into documents: read, write and remove, as the update operators use them,
//! and the fan-out walk over arrays that queries, sorts and `distinct` use.

use bson::{Bson, Document};

use crate::bindings::database::DbError;

/// Arrays nested deeper than this along one path are not walked: real documents cannot nest that
/// deep (MongoDB caps nesting at 100), and the cap keeps hostile input from exhausting the stack.
pub const MAX_ARRAY_DEPTH: usize = 200;

/// MongoDB refuses to pad an array past this many elements when a write names a far index.
const MAX_BACKFILL: usize = 1_500_000;

/// How a walk that ends on an array reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeafArray {
    /// Each element, then the whole array: what `$eq`, `$gt`, `$in`, `$type`, ... see.
    Traverse,
    /// Each element only; an empty array yields nothing: the values `distinct` counts.
    TraverseOmitArray,
    /// Each element only, but an empty array yields itself so a sort can rank it below null.
    SortKeys,
    /// The array itself, unexpanded: what `$size` and `$elemMatch` see.
    NoTraversal,
}

/// Parses a path segment as an array index the way MongoDB does: all digits, written canonically
/// (`"01"` names no element).
pub fn parse_index(segment: &str) -> Option<usize> {
    if segment.is_empty() || !segment.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if segment.len() > 1 && segment.starts_with('0') {
        return None;
    }
    segment.parse().ok()
}

/// The value at `path`, following numeric segments into arrays; no fan-out over array elements.
pub fn get<'a>(doc: &'a Document, path: &str) -> Option<&'a Bson> {
    let mut segments = path.split('.');
    let mut current = doc.get(segments.next()?)?;
    for segment in segments {
        current = match current {
            Bson::Document(d) => d.get(segment)?,
            Bson::Array(a) => a.get(parse_index(segment)?)?,
            _ => return None,
        };
    }
    Some(current)
}

/// Like [`get`], but mutable.
pub fn get_mut<'a>(doc: &'a mut Document, path: &str) -> Option<&'a mut Bson> {
    let mut segments = path.split('.');
    let mut current = doc.get_mut(segments.next()?)?;
    for segment in segments {
        current = match current {
            Bson::Document(d) => d.get_mut(segment)?,
            Bson::Array(a) => a.get_mut(parse_index(segment)?)?,
            _ => return None,
        };
    }
    Some(current)
}

fn checked_segments(path: &str) -> Result<Vec<&str>, DbError> {
    if path.is_empty() {
        return Err(DbError::Update("An empty update path is not valid.".into()));
    }
    let segments: Vec<&str> = path.split('.').collect();
    if segments.iter().any(|s| s.is_empty()) {
        return Err(DbError::Update(format!(
            "The update path '{path}' contains an empty field name, which is not allowed."
        )));
    }
    Ok(segments)
}

fn cannot_create(segment: &str, name: &str, value: &Bson) -> DbError {
    DbError::Update(format!("Cannot create field '{segment}' in element {{{name}: {}}}", format_value(value)))
}

/// Sets `path`, creating missing intermediate documents. Fails when a segment crosses a scalar.
///
/// A numeric segment on an array sets that index, padding with nulls as MongoDB does; a missing
/// intermediate under an array index becomes a document.
pub fn set(doc: &mut Document, path: &str, value: Bson) -> Result<(), DbError> {
    let segments = checked_segments(path)?;
    // Walking a `&mut Bson` from the root keeps one loop for documents and arrays alike; the
    // document is moved in and back out, never copied.
    let mut root = Bson::Document(std::mem::take(doc));
    let result = set_in(&mut root, &segments, value);
    if let Bson::Document(d) = root {
        *doc = d;
    }
    result
}

fn set_in(root: &mut Bson, segments: &[&str], value: Bson) -> Result<(), DbError> {
    let mut current = root;
    let mut name = "";
    let mut value = Some(value);
    for (i, segment) in segments.iter().copied().enumerate() {
        let last = i + 1 == segments.len();
        let node = current;
        current = match node {
            Bson::Document(d) => {
                if last {
                    d.insert(segment, value.take().unwrap_or(Bson::Null));
                    return Ok(());
                }
                if !d.contains_key(segment) {
                    d.insert(segment, Document::new());
                }
                match d.get_mut(segment) {
                    Some(next) => next,
                    None => return Ok(()),
                }
            }
            Bson::Array(a) => {
                let Some(index) = parse_index(segment) else {
                    return Err(cannot_create(segment, name, &Bson::Array(a.clone())));
                };
                if index >= a.len() {
                    if index > MAX_BACKFILL {
                        return Err(DbError::Update(format!(
                            "can't backfill array to larger than {MAX_BACKFILL} elements"
                        )));
                    }
                    a.resize(index, Bson::Null);
                    a.push(if last { Bson::Null } else { Bson::Document(Document::new()) });
                }
                if last {
                    a[index] = value.take().unwrap_or(Bson::Null);
                    return Ok(());
                }
                &mut a[index]
            }
            other => return Err(cannot_create(segment, name, other)),
        };
        name = segment;
    }
    Ok(())
}

/// Removes `path`, returning the old value. Array elements named by index become null, as `$unset`.
pub fn remove(doc: &mut Document, path: &str) -> Option<Bson> {
    let (parent, last) = match path.rsplit_once('.') {
        Some((parent, last)) => (Some(parent), last),
        None => (None, path),
    };
    let container = match parent {
        None => return doc.remove(last),
        Some(parent) => get_mut(doc, parent)?,
    };
    match container {
        Bson::Document(d) => d.remove(last),
        Bson::Array(a) => {
            let slot = a.get_mut(parse_index(last)?)?;
            Some(std::mem::replace(slot, Bson::Null))
        }
        _ => None,
    }
}

/// Visits every value MongoDB's matcher sees at `segments` of `doc`, fanning out over arrays of
/// documents and trying numeric segments both as an index and as a field name. `None` stands for
/// a missing field. The walk stops as soon as `f` returns true; the result says whether it did.
pub fn visit<'a, S: AsRef<str>>(
    doc: &'a Document,
    segments: &[S],
    leaf: LeafArray,
    f: &mut dyn FnMut(Option<&'a Bson>) -> bool,
) -> bool {
    if segments.is_empty() {
        return f(None);
    }
    walk_document(doc, segments, 0, leaf, 0, f)
}

/// Every value [`visit`] yields, collected.
pub fn lookup<'a>(doc: &'a Document, path: &str, leaf: LeafArray) -> Vec<Option<&'a Bson>> {
    let segments: Vec<&str> = path.split('.').collect();
    let mut out = Vec::new();
    visit(doc, &segments, leaf, &mut |value| {
        out.push(value);
        false
    });
    out
}

/// The values `distinct` counts for `doc`: fan-out over arrays of documents, a final array
/// contributing its elements one by one, missing fields contributing nothing.
pub fn distinct_values(doc: &Document, path: &str) -> Vec<Bson> {
    lookup(doc, path, LeafArray::TraverseOmitArray).into_iter().flatten().cloned().collect()
}

fn yield_leaf<'a>(value: &'a Bson, leaf: LeafArray, f: &mut dyn FnMut(Option<&'a Bson>) -> bool) -> bool {
    match (value, leaf) {
        (Bson::Array(items), LeafArray::Traverse) => items.iter().any(|e| f(Some(e))) || f(Some(value)),
        (Bson::Array(items), LeafArray::SortKeys) if items.is_empty() => f(Some(value)),
        (Bson::Array(items), LeafArray::TraverseOmitArray | LeafArray::SortKeys) => items.iter().any(|e| f(Some(e))),
        _ => f(Some(value)),
    }
}

fn walk_document<'a, S: AsRef<str>>(
    doc: &'a Document,
    segments: &[S],
    start: usize,
    leaf: LeafArray,
    depth: usize,
    f: &mut dyn FnMut(Option<&'a Bson>) -> bool,
) -> bool {
    let mut current = doc;
    let mut i = start;
    while let Some(segment) = segments.get(i) {
        let Some(value) = current.get(segment.as_ref()) else {
            return f(None);
        };
        if i + 1 == segments.len() {
            return yield_leaf(value, leaf, f);
        }
        match value {
            Bson::Document(d) => current = d,
            Bson::Array(items) => return walk_array(items, segments, i + 1, leaf, depth + 1, f),
            _ => return f(None),
        }
        i += 1;
    }
    false
}

/// Walks `items` with `segments[next..]` still to follow (never empty).
fn walk_array<'a, S: AsRef<str>>(
    items: &'a [Bson],
    segments: &[S],
    next: usize,
    leaf: LeafArray,
    depth: usize,
    f: &mut dyn FnMut(Option<&'a Bson>) -> bool,
) -> bool {
    let Some(segment) = segments.get(next) else {
        return false;
    };
    if depth > MAX_ARRAY_DEPTH {
        return false;
    }
    let offset = parse_index(segment.as_ref());
    let ends_at_offset = next + 1 == segments.len();
    for (index, element) in items.iter().enumerate() {
        let at_offset = offset == Some(index);
        match element {
            Bson::Document(d) => {
                if walk_document(d, segments, next, leaf, depth, f) {
                    return true;
                }
                if at_offset {
                    let stop = if ends_at_offset {
                        f(Some(element))
                    } else {
                        walk_document(d, segments, next + 1, leaf, depth, f)
                    };
                    if stop {
                        return true;
                    }
                }
            }
            _ if at_offset => {
                let stop = if ends_at_offset {
                    f(Some(element))
                } else if let Bson::Array(inner) = element {
                    walk_array(inner, segments, next + 1, leaf, depth + 1, f)
                } else {
                    false
                };
                if stop {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// A value written the way MongoDB's error messages print it (`"x"`, `[ 1, 2 ]`, `{ a: 1 }`).
pub fn format_value(value: &Bson) -> String {
    let mut out = String::new();
    write_value(value, &mut out, 0);
    out
}

fn write_value(value: &Bson, out: &mut String, depth: usize) {
    use std::fmt::Write;
    if depth > 20 {
        out.push_str("...");
        return;
    }
    match value {
        Bson::String(s) => {
            let _ = write!(out, "{s:?}");
        }
        Bson::Double(d) if d.fract() == 0.0 && d.is_finite() => {
            let _ = write!(out, "{d:.1}");
        }
        Bson::Double(d) => {
            let _ = write!(out, "{d}");
        }
        Bson::Int32(n) => {
            let _ = write!(out, "{n}");
        }
        Bson::Int64(n) => {
            let _ = write!(out, "{n}");
        }
        Bson::Null => out.push_str("null"),
        Bson::Boolean(b) => {
            let _ = write!(out, "{b}");
        }
        Bson::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                out.push_str(if i == 0 { " " } else { ", " });
                write_value(item, out, depth + 1);
            }
            out.push_str(if items.is_empty() { "]" } else { " ]" });
        }
        Bson::Document(d) => {
            out.push('{');
            for (i, (k, v)) in d.iter().enumerate() {
                out.push_str(if i == 0 { " " } else { ", " });
                let _ = write!(out, "{k}: ");
                write_value(v, out, depth + 1);
            }
            out.push_str(if d.is_empty() { "}" } else { " }" });
        }
        other => {
            let _ = write!(out, "{other}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bson::{bson, doc};

    #[test]
    fn get_follows_documents_and_indexes() {
        let d = doc! { "a": { "b": [10, { "c": 5 }] } };
        assert_eq!(get(&d, "a.b.0"), Some(&bson!(10)));
        assert_eq!(get(&d, "a.b.1.c"), Some(&bson!(5)));
        assert_eq!(get(&d, "a.b.c"), None, "no fan-out");
        assert_eq!(get(&d, "a.b.01"), None, "non-canonical index");
        assert_eq!(get(&d, "a.x"), None);
        assert_eq!(get(&d, "a.b.0.z"), None);
    }

    #[test]
    fn set_creates_documents_and_pads_arrays() {
        let mut d = doc! { "a": 1 };
        set(&mut d, "b.c.d", bson!(2)).unwrap();
        assert_eq!(d, doc! { "a": 1, "b": { "c": { "d": 2 } } });
        set(&mut d, "a", bson!("x")).unwrap();
        assert_eq!(d, doc! { "a": "x", "b": { "c": { "d": 2 } } }, "keeps field position");

        let mut d = doc! { "arr": [1] };
        set(&mut d, "arr.3", bson!(9)).unwrap();
        assert_eq!(d, doc! { "arr": [1, null, null, 9] });
        set(&mut d, "arr.5.x", bson!(1)).unwrap();
        assert_eq!(d, doc! { "arr": [1, null, null, 9, null, { "x": 1 }] });
        set(&mut d, "arr.5.y", bson!(2)).unwrap();
        assert_eq!(get(&d, "arr.5"), Some(&bson!({ "x": 1, "y": 2 })));
    }

    #[test]
    fn set_refuses_to_cross_scalars() {
        let mut d = doc! { "a": 1 };
        let err = set(&mut d, "a.b", bson!(2)).unwrap_err();
        assert_eq!(err.to_string(), "Cannot create field 'b' in element {a: 1}");
        assert_eq!(d, doc! { "a": 1 }, "document restored after failure");

        let mut d = doc! { "a": { "s": "x" } };
        let err = set(&mut d, "a.s.t", bson!(2)).unwrap_err();
        assert_eq!(err.to_string(), "Cannot create field 't' in element {s: \"x\"}");

        let mut d = doc! { "a": [1, 2] };
        let err = set(&mut d, "a.b", bson!(2)).unwrap_err();
        assert_eq!(err.to_string(), "Cannot create field 'b' in element {a: [ 1, 2 ]}");
        let err = set(&mut d, "a.0.b", bson!(2)).unwrap_err();
        assert_eq!(err.to_string(), "Cannot create field 'b' in element {0: 1}");

        assert!(set(&mut d, "a..b", bson!(1)).is_err());
        assert!(set(&mut d, "", bson!(1)).is_err());
        assert!(set(&mut d, "a.99999999", bson!(1)).is_err(), "backfill cap");
    }

    #[test]
    fn get_mut_and_format_value() {
        let mut d = doc! { "a": [{ "b": 1 }] };
        if let Some(v) = get_mut(&mut d, "a.0.b") {
            *v = bson!(2);
        }
        assert_eq!(d, doc! { "a": [{ "b": 2 }] });
        assert_eq!(
            format_value(&bson!({ "x": [1, "s", 2.0, null, true], "e": {} })),
            "{ x: [ 1, \"s\", 2.0, null, true ], e: {} }"
        );
    }

    #[test]
    fn remove_unsets_fields_and_nulls_array_elements() {
        let mut d = doc! { "a": { "b": 1, "c": 2 }, "arr": [1, 2, 3] };
        assert_eq!(remove(&mut d, "a.b"), Some(bson!(1)));
        assert_eq!(remove(&mut d, "arr.1"), Some(bson!(2)));
        assert_eq!(remove(&mut d, "arr.9"), None);
        assert_eq!(remove(&mut d, "a.zz.y"), None);
        assert_eq!(d, doc! { "a": { "c": 2 }, "arr": [1, null, 3] });
        assert_eq!(remove(&mut d, "a"), Some(bson!({ "c": 2 })));
    }

    #[test]
    fn lookup_fans_out_like_the_matcher() {
        let d = doc! { "a": [{ "b": 1 }, { "b": [2, 3] }, { "c": 0 }, 7] };
        let got = lookup(&d, "a.b", LeafArray::Traverse);
        assert_eq!(got, vec![Some(&bson!(1)), Some(&bson!(2)), Some(&bson!(3)), Some(&bson!([2, 3])), None]);

        let d = doc! { "a": [[1, 2], 3] };
        assert_eq!(lookup(&d, "a", LeafArray::Traverse).len(), 3, "[1,2], 3, whole array");
        assert_eq!(lookup(&d, "a.0", LeafArray::Traverse), vec![Some(&bson!([1, 2]))]);
        assert_eq!(lookup(&d, "a.0.1", LeafArray::Traverse), vec![Some(&bson!(2))]);
        assert_eq!(lookup(&d, "a", LeafArray::NoTraversal), vec![Some(&bson!([[1, 2], 3]))]);

        // A numeric segment is both an index and a field name of embedded documents.
        let d = doc! { "a": [{ "0": "field" }, "x"] };
        let got = lookup(&d, "a.0", LeafArray::Traverse);
        assert_eq!(got, vec![Some(&bson!("field")), Some(&bson!({ "0": "field" }))]);

        let d = doc! { "a": 5 };
        assert_eq!(lookup(&d, "a.b", LeafArray::Traverse), vec![None]);
        let d = doc! { "a": [1, 2] };
        assert!(lookup(&d, "a.b", LeafArray::Traverse).is_empty(), "scalars in arrays yield nothing");
    }

    #[test]
    fn distinct_values_flatten_one_level() {
        let d = doc! { "a": [1, [2, 3], { "b": 1 }] };
        assert_eq!(distinct_values(&d, "a"), vec![bson!(1), bson!([2, 3]), bson!({ "b": 1 })]);
        let d = doc! { "a": [{ "b": "x" }, { "b": ["y", "z"] }, { "c": 1 }] };
        assert_eq!(distinct_values(&d, "a.b"), vec![bson!("x"), bson!("y"), bson!("z")]);
        assert!(distinct_values(&doc! { "a": [] }, "a").is_empty());
        assert_eq!(distinct_values(&doc! { "a": null }, "a"), vec![Bson::Null]);
    }

    #[test]
    fn deep_arrays_do_not_overflow() {
        let mut value = bson!({ "a": 1 });
        for _ in 0..1000 {
            value = Bson::Array(vec![value]);
        }
        let d = doc! { "x": value };
        let path = vec!["0"; 1001].join(".");
        let _ = lookup(&d, &format!("x.{path}.a"), LeafArray::Traverse);
        let segments: Vec<&str> = std::iter::once("x").chain(std::iter::repeat_n("a", 5000)).collect();
        let _ = lookup(&d, &segments.join("."), LeafArray::Traverse);
    }
}
