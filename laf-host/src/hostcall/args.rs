//! Reading a call's arguments: a missing or null optional argument is its default, a mistyped one
//! is a `BadValue` naming it (never silently a default: a `filter` of the wrong type must not
//! become "match everything" for a delete).

use bson::{Bson, Document};

use super::CallError;

/// A required string.
pub fn str<'a>(args: &'a Document, key: &str) -> Result<&'a str, CallError> {
    args.get_str(key).map_err(|_| CallError::bad(format!("`{key}` must be a string")))
}

/// An optional argument `get` reads: `None` when missing or null, a `BadValue` saying it must be
/// `what` when `get` does not take it.
fn opt<'a, T>(
    args: &'a Document,
    key: &str,
    what: &str,
    get: impl FnOnce(&'a Bson) -> Option<T>,
) -> Result<Option<T>, CallError> {
    match args.get(key) {
        None | Some(Bson::Null) => Ok(None),
        Some(value) => get(value).map(Some).ok_or_else(|| CallError::bad(format!("`{key}` must be {what}"))),
    }
}

/// An optional string.
pub(super) fn opt_str(args: &Document, key: &str) -> Result<Option<String>, CallError> {
    opt(args, key, "a string", |v| v.as_str().map(str::to_owned))
}

/// A document that defaults to the empty one (a filter, an update, a document to insert).
pub(super) fn doc(args: &Document, key: &str) -> Result<Document, CallError> {
    Ok(opt_doc(args, key)?.unwrap_or_default())
}

/// An optional document (a projection, a sort).
pub(super) fn opt_doc(args: &Document, key: &str) -> Result<Option<Document>, CallError> {
    opt(args, key, "a document", |v| v.as_document().cloned())
}

/// A flag, false unless given.
pub(super) fn flag(args: &Document, key: &str) -> Result<bool, CallError> {
    Ok(opt(args, key, "a boolean", Bson::as_bool)?.unwrap_or(false))
}

/// An optional count (skip, limit, an index into the call's files, a version).
pub fn count(args: &Document, key: &str) -> Result<Option<u64>, CallError> {
    let n = match args.get(key) {
        None | Some(Bson::Null) => return Ok(None),
        Some(Bson::Int32(n)) => i64::from(*n),
        Some(Bson::Int64(n)) => *n,
        // Some languages have only doubles (JavaScript, Rhai's JSON): a whole one is a count.
        Some(Bson::Double(f)) if f.fract() == 0.0 && f.abs() < 9e15 => *f as i64,
        Some(_) => return Err(CallError::bad(format!("`{key}` must be an integer"))),
    };
    u64::try_from(n).map(Some).map_err(|_| CallError::bad(format!("`{key}` must not be negative")))
}

/// A list of documents (documents to insert, pipeline stages).
pub(super) fn doc_list(args: &Document, key: &str) -> Result<Vec<Document>, CallError> {
    let bad = || CallError::bad(format!("`{key}` must be a list of documents"));
    let Some(Bson::Array(items)) = args.get(key) else {
        return Err(bad());
    };
    items
        .iter()
        .map(|d| match d {
            Bson::Document(d) => Ok(d.clone()),
            _ => Err(bad()),
        })
        .collect()
}

/// A list of documents as an answer.
pub(super) fn docs(docs: Vec<Document>) -> Bson {
    Bson::Array(docs.into_iter().map(Bson::Document).collect())
}

#[cfg(test)]
mod tests {
    use bson::doc;

    use super::*;

    #[test]
    fn a_mistyped_argument_is_refused_by_name_and_a_missing_one_is_its_default() {
        let a = doc! { "filter": 5, "n": 3_i64, "m": 2.0, "neg": -1, "multi": 1, "sort": null };
        let err = doc(&a, "filter").unwrap_err();
        assert_eq!((err.code.as_str(), err.message.contains("`filter`")), ("BadValue", true));
        assert_eq!(doc(&a, "absent").unwrap(), Document::new());
        assert_eq!(opt_doc(&a, "sort").unwrap(), None);
        assert_eq!(
            (count(&a, "n").unwrap(), count(&a, "m").unwrap(), count(&a, "absent").unwrap()),
            (Some(3), Some(2), None)
        );
        assert!(count(&a, "neg").unwrap_err().message.contains("negative"));
        assert!(flag(&a, "multi").is_err(), "1 is not `true`: a flag is never guessed");
        assert!(!flag(&a, "absent").unwrap());
    }
}
