//! Projection tests, mostly MongoDB's documentation examples.

use bson::{Document, doc};

use super::Projection;
use crate::bindings::database::DbError;

fn project(spec: Document, d: &Document) -> Document {
    Projection::parse(&spec).unwrap_or_else(|e| panic!("{spec}: {e}")).apply(d)
}

fn error(spec: Document) -> DbError {
    match Projection::parse(&spec) {
        Ok(_) => panic!("{spec} parsed"),
        Err(e) => e,
    }
}

fn item() -> Document {
    doc! {
        "_id": 1,
        "item": "journal",
        "status": "A",
        "size": { "h": 14, "w": 21, "uom": "cm" },
        "instock": [{ "warehouse": "A", "qty": 5 }, 7, { "warehouse": "C", "qty": 15 }],
    }
}

#[test]
fn empty_projection_returns_everything() {
    assert_eq!(project(doc! {}, &item()), item());
}

#[test]
fn inclusion_keeps_named_fields_and_id() {
    assert_eq!(project(doc! { "item": 1, "status": 1 }, &item()), doc! { "_id": 1, "item": "journal", "status": "A" });
    assert_eq!(
        project(doc! { "status": true, "item": 1, "_id": 0 }, &item()),
        doc! { "item": "journal", "status": "A" }
    );
    assert_eq!(project(doc! { "_id": 1 }, &item()), doc! { "_id": 1 });
    assert_eq!(project(doc! { "nope": 1 }, &item()), doc! { "_id": 1 });
    assert_eq!(project(doc! { "item": 2.5 }, &item()), doc! { "_id": 1, "item": "journal" }, "non-zero includes");
}

#[test]
fn exclusion_drops_named_fields() {
    let expected = doc! { "_id": 1, "item": "journal", "size": { "h": 14, "w": 21, "uom": "cm" } };
    assert_eq!(project(doc! { "status": 0, "instock": false }, &item()), expected);
    let without_id = project(doc! { "_id": 0 }, &item());
    assert!(!without_id.contains_key("_id") && without_id.len() == 4);
    assert_eq!(project(doc! { "_id": 1, "status": 0, "instock": 0, "size": 0, "item": 0 }, &item()), doc! { "_id": 1 });
}

#[test]
fn dotted_paths_into_documents_and_arrays() {
    assert_eq!(
        project(doc! { "item": 1, "size.uom": 1 }, &item()),
        doc! { "_id": 1, "item": "journal", "size": { "uom": "cm" } }
    );
    assert_eq!(
        project(doc! { "size": { "uom": 1 } }, &item()),
        doc! { "_id": 1, "size": { "uom": "cm" } },
        "nested form equals dotted form"
    );
    assert_eq!(project(doc! { "size.uom": 0 }, &item()).get_document("size").unwrap(), &doc! { "h": 14, "w": 21 });
    // Through an array of documents: inclusion drops scalar elements, exclusion keeps them.
    assert_eq!(
        project(doc! { "instock.qty": 1, "_id": 0 }, &item()),
        doc! { "instock": [{ "qty": 5 }, { "qty": 15 }] }
    );
    assert_eq!(
        project(doc! { "instock.qty": 0, "_id": 0, "size": 0, "item": 0, "status": 0 }, &item()),
        doc! { "instock": [{ "warehouse": "A" }, 7, { "warehouse": "C" }] }
    );
    // A sub-path under a scalar yields nothing; under a document without it, an empty document.
    assert_eq!(project(doc! { "item.x": 1 }, &item()), doc! { "_id": 1 });
    assert_eq!(project(doc! { "size.x": 1 }, &item()), doc! { "_id": 1, "size": {} });
}

#[test]
fn inclusion_keeps_document_field_order() {
    let d = doc! { "b": 1, "_id": 7, "a": 2 };
    assert_eq!(project(doc! { "a": 1, "b": 1 }, &d), doc! { "b": 1, "_id": 7, "a": 2 });
}

#[test]
fn mixing_inclusion_and_exclusion_fails() {
    assert_eq!(error(doc! { "a": 1, "b": 0 }).to_string(), "Cannot do exclusion on field b in inclusion projection");
    assert_eq!(error(doc! { "a": 0, "b": 1 }).to_string(), "Cannot do inclusion on field b in exclusion projection");
    assert!(Projection::parse(&doc! { "_id": 0, "a": 1 }).is_ok());
    assert!(Projection::parse(&doc! { "_id": 1, "a": 0 }).is_ok());
}

#[test]
fn path_collisions_fail() {
    assert_eq!(error(doc! { "a": 1, "a.b": 1 }).to_string(), "Path collision at a.b remaining portion b");
    assert_eq!(error(doc! { "a.b": 1, "a": 1 }).to_string(), "Path collision at a");
    assert!(error(doc! { "a": {} }).to_string().contains("empty sub-projection"));
}

#[test]
fn unsupported_forms_fail_naming_them() {
    let e = error(doc! { "instock.$": 1 });
    assert!(matches!(&e, DbError::Unsupported(m) if m.contains("'$'")), "{e}");
    let e = error(doc! { "score": { "$meta": "textScore" } });
    assert!(matches!(&e, DbError::Unsupported(m) if m.contains("$meta")), "{e}");
    let e = error(doc! { "total": { "$add": ["$a", 1] } });
    assert!(matches!(&e, DbError::Unsupported(m) if m.contains("$add")), "{e}");
    let e = error(doc! { "label": "literal" });
    assert!(matches!(&e, DbError::Unsupported(m) if m.contains("label")), "{e}");
    assert!(error(doc! { "$a": 1 }).to_string().contains("may not start with '$'"));
}

#[test]
fn slice_operator() {
    let d = doc! { "_id": 1, "title": "t", "comments": [1, 2, 3, 4, 5], "nested": { "list": [1, 2, 3] } };
    let sliced = |spec: Document| project(spec, &d).get_array("comments").unwrap().clone();
    assert_eq!(sliced(doc! { "comments": { "$slice": 2 } }), vec![1.into(), 2.into()]);
    assert_eq!(sliced(doc! { "comments": { "$slice": -2 } }), vec![4.into(), 5.into()]);
    assert_eq!(sliced(doc! { "comments": { "$slice": [1, 2] } }), vec![2.into(), 3.into()]);
    assert_eq!(sliced(doc! { "comments": { "$slice": [-2, 5] } }), vec![4.into(), 5.into()]);
    assert_eq!(sliced(doc! { "comments": { "$slice": [10, 5] } }), Vec::<bson::Bson>::new());
    assert_eq!(sliced(doc! { "comments": { "$slice": -10 } }).len(), 5);
    // Alone, $slice keeps every other field; with inclusions, the sliced field is included too.
    assert_eq!(project(doc! { "comments": { "$slice": 1 } }, &d).len(), 4);
    assert_eq!(
        project(doc! { "title": 1, "comments": { "$slice": 1 } }, &d),
        doc! { "_id": 1, "title": "t", "comments": [1] }
    );
    assert_eq!(
        project(doc! { "nested.list": { "$slice": -1 }, "_id": 0, "title": 0, "comments": 0 }, &d),
        doc! { "nested": { "list": [3] } }
    );
    assert_eq!(error(doc! { "a": { "$slice": [1, 0] } }).to_string(), "$slice limit must be positive");
    assert_eq!(error(doc! { "a": { "$slice": [1] } }).to_string(), "$slice array wrong size");
    assert!(Projection::parse(&doc! { "a": { "$slice": "x" } }).is_err());
}

#[test]
fn elem_match_projection_returns_first_matching_element() {
    let school = doc! {
        "_id": 1,
        "zipcode": "63109",
        "students": [
            { "name": "john", "school": 102, "age": 10 },
            { "name": "jess", "school": 102, "age": 11 },
            { "name": "jeff", "school": 108, "age": 15 },
        ],
    };
    assert_eq!(
        project(doc! { "students": { "$elemMatch": { "school": 102 } } }, &school),
        doc! { "_id": 1, "students": [{ "name": "john", "school": 102, "age": 10 }] }
    );
    assert_eq!(
        project(doc! { "students": { "$elemMatch": { "school": 102, "age": { "$gt": 10 } } }, "zipcode": 1 }, &school),
        doc! { "_id": 1, "zipcode": "63109", "students": [{ "name": "jess", "school": 102, "age": 11 }] }
    );
    assert_eq!(project(doc! { "students": { "$elemMatch": { "school": 999 } } }, &school), doc! { "_id": 1 });
    let grades = doc! { "_id": 2, "grades": [70, 85, 90] };
    assert_eq!(
        project(doc! { "grades": { "$elemMatch": { "$gte": 80 } } }, &grades),
        doc! { "_id": 2, "grades": [85] }
    );
    assert!(error(doc! { "a.b": { "$elemMatch": { "x": 1 } } }).to_string().contains("nested field"));
}

#[test]
fn deep_arrays_do_not_overflow() {
    let mut value = bson::Bson::Document(doc! { "x": 1, "y": 2 });
    for _ in 0..500 {
        value = bson::Bson::Array(vec![value]);
    }
    let d = doc! { "a": value };
    let _ = project(doc! { "a.x": 1 }, &d);
    let _ = project(doc! { "a.x": 0 }, &d);
    let long: Vec<&str> = vec!["p"; 500];
    assert!(Projection::parse(&doc! { long.join("."): 1 }).is_err());
}
