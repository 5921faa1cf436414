//! Helpers the cases share: seeding, id lists, number-insensitive comparison.

use std::sync::Arc;

use laf_host::bindings::database::bson::Regex;
use laf_host::bindings::database::{Bson, Database, DbError, Document, FindOptions, doc};

/// A case's database.
pub type Db = Arc<dyn Database>;

/// Inserts `docs` into `coll`, failing the test if that fails.
pub async fn seed(db: &Db, coll: &str, docs: Vec<Document>) {
    db.insert_many(coll, docs).await.expect("seeding documents");
}

/// The `_id`s (integers) of the documents matching `filter`, sorted: for results MongoDB returns in
/// no defined order.
pub async fn ids(db: &Db, coll: &str, filter: Document) -> Vec<i64> {
    let docs = match db.find(coll, filter.clone(), FindOptions::default()).await {
        Ok(docs) => docs,
        Err(e) => panic!("find {filter} failed: {e}"),
    };
    let mut out: Vec<i64> = docs.iter().map(|d| int(d.get("_id").expect("_id"))).collect();
    out.sort_unstable();
    out
}

/// The `_id`s of all documents, in the order `find` with `options` returns them.
pub async fn ids_in_order(db: &Db, coll: &str, filter: Document, options: FindOptions) -> Vec<i64> {
    let docs = db.find(coll, filter, options).await.expect("find");
    docs.iter().map(|d| int(d.get("_id").expect("_id"))).collect()
}

/// The document with `_id: id`.
pub async fn get(db: &Db, coll: &str, id: i32) -> Document {
    db.find_one(coll, doc! { "_id": id }, FindOptions::default())
        .await
        .expect("find_one")
        .unwrap_or_else(|| panic!("no document with _id {id}"))
}

/// All documents of `coll` sorted by `_id`.
pub async fn all(db: &Db, coll: &str) -> Vec<Document> {
    db.find(coll, doc! {}, FindOptions { sort: Some(doc! { "_id": 1 }), ..FindOptions::default() })
        .await
        .expect("find all")
}

/// An integer out of any numeric BSON value.
pub fn int(value: &Bson) -> i64 {
    match value {
        Bson::Int32(n) => i64::from(*n),
        Bson::Int64(n) => *n,
        Bson::Double(n) if n.fract() == 0.0 => *n as i64,
        other => panic!("expected an integer, found {other:?}"),
    }
}

/// `value` with every number turned into a double, so results compare by value: JavaScript sees
/// int32, int64 and double alike, and MongoDB's documentation does not always pin the type.
pub fn norm(value: &Bson) -> Bson {
    match value {
        Bson::Int32(n) => Bson::Double(f64::from(*n)),
        Bson::Int64(n) => Bson::Double(*n as f64),
        Bson::Document(d) => Bson::Document(norm_doc(d)),
        Bson::Array(a) => Bson::Array(a.iter().map(norm).collect()),
        other => other.clone(),
    }
}

/// [`norm`] on a document.
pub fn norm_doc(d: &Document) -> Document {
    d.iter().map(|(k, v)| (k.clone(), norm(v))).collect()
}

/// A text form with sorted keys, to sort documents whose order MongoDB leaves open.
fn canonical(value: &Bson) -> String {
    match value {
        Bson::Document(d) => {
            let mut fields: Vec<String> = d.iter().map(|(k, v)| format!("{k:?}:{}", canonical(v))).collect();
            fields.sort();
            format!("{{{}}}", fields.join(","))
        }
        Bson::Array(a) => format!("[{}]", a.iter().map(canonical).collect::<Vec<_>>().join(",")),
        other => format!("{:?}", norm(other)),
    }
}

/// Asserts equal document lists, in order, numbers compared by value.
#[track_caller]
pub fn same_docs(actual: &[Document], expected: &[Document]) {
    let a: Vec<Document> = actual.iter().map(norm_doc).collect();
    let e: Vec<Document> = expected.iter().map(norm_doc).collect();
    assert_eq!(a, e, "\n actual: {actual:?}\n expected: {expected:?}");
}

/// Asserts equal document lists in any order, numbers compared by value.
#[track_caller]
pub fn same_docs_any_order(actual: &[Document], expected: &[Document]) {
    let key = |d: &Document| canonical(&Bson::Document(d.clone()));
    let mut a: Vec<String> = actual.iter().map(key).collect();
    let mut e: Vec<String> = expected.iter().map(key).collect();
    a.sort();
    e.sort();
    assert_eq!(a, e);
}

/// Asserts equal value lists in any order, numbers compared by value.
#[track_caller]
pub fn same_values_any_order(actual: &[Bson], expected: &[Bson]) {
    let mut a: Vec<String> = actual.iter().map(canonical).collect();
    let mut e: Vec<String> = expected.iter().map(canonical).collect();
    a.sort();
    e.sort();
    assert_eq!(a, e);
}

/// Asserts equal values, numbers compared by value.
#[track_caller]
pub fn same(actual: &Bson, expected: &Bson) {
    assert_eq!(norm(actual), norm(expected));
}

/// A BSON regular expression.
pub fn re(pattern: &str, options: &str) -> Bson {
    Bson::RegularExpression(Regex {
        pattern: pattern.try_into().expect("pattern without NUL"),
        options: options.try_into().expect("options without NUL"),
    })
}

/// Asserts that `result` failed with an error that names `word` (an operator, usually).
#[track_caller]
pub fn assert_names<T: std::fmt::Debug>(result: Result<T, DbError>, word: &str) -> DbError {
    match result {
        Ok(v) => panic!("expected an error naming {word}, got Ok({v:?})"),
        Err(e) => {
            assert!(e.to_string().contains(word), "error {e:?} does not name {word}");
            e
        }
    }
}

/// Asserts that `result` is an unknown-operator error (MongoDB code 2) naming `op`.
#[track_caller]
pub fn assert_unknown_operator<T: std::fmt::Debug>(result: Result<T, DbError>, op: &str) {
    let e = assert_names(result, op);
    assert!(matches!(e, DbError::UnknownOperator(_) | DbError::BadValue(_)), "{e:?} is not an unknown-operator error");
}
