//! Filter tests, mostly MongoDB's documentation examples.

use bson::spec::BinarySubtype;
use bson::{Binary, Bson, Document, Regex, bson, doc};

use super::{Bound, Filter};
use crate::bindings::database::DbError;

fn filter(f: Document) -> Filter {
    Filter::parse(&f).unwrap_or_else(|e| panic!("{f} failed to parse: {e}"))
}

fn matches(f: Document, d: Document) -> bool {
    filter(f).matches(&d)
}

/// The `_id`s of `docs` that `f` matches.
fn ids(f: Document, docs: &[Document]) -> Vec<i32> {
    let f = filter(f);
    docs.iter().filter(|d| f.matches(d)).map(|d| d.get_i32("_id").unwrap_or(-1)).collect()
}

fn error(f: Document) -> DbError {
    match Filter::parse(&f) {
        Ok(_) => panic!("{f} parsed"),
        Err(e) => e,
    }
}

fn regex(pattern: &str, options: &str) -> Bson {
    Bson::RegularExpression(Regex {
        pattern: pattern.to_string().try_into().unwrap(),
        options: options.to_string().try_into().unwrap(),
    })
}

fn inventory() -> Vec<Document> {
    vec![
        doc! { "_id": 1, "item": { "name": "ab", "code": "123" }, "qty": 15, "tags": ["A", "B", "C"] },
        doc! { "_id": 2, "item": { "name": "cd", "code": "123" }, "qty": 20, "tags": ["B"] },
        doc! { "_id": 3, "item": { "name": "ij", "code": "456" }, "qty": 25, "tags": ["A", "B"] },
        doc! { "_id": 4, "item": { "name": "xy", "code": "456" }, "qty": 30, "tags": ["B", "A"] },
        doc! { "_id": 5, "item": { "name": "mn", "code": "000" }, "qty": 20, "tags": [["A", "B"], "C"] },
    ]
}

#[test]
fn eq_on_fields_embedded_documents_and_arrays() {
    let docs = inventory();
    assert_eq!(ids(doc! { "qty": { "$eq": 20 } }, &docs), vec![2, 5]);
    assert_eq!(ids(doc! { "qty": 20 }, &docs), vec![2, 5]);
    assert_eq!(ids(doc! { "item.name": { "$eq": "ab" } }, &docs), vec![1]);
    assert_eq!(ids(doc! { "tags": { "$eq": "B" } }, &docs), vec![1, 2, 3, 4]);
    assert_eq!(ids(doc! { "tags": { "$eq": ["A", "B"] } }, &docs), vec![3, 5], "whole array or an element");
    assert_eq!(ids(doc! { "item": { "name": "ab", "code": "123" } }, &docs), vec![1]);
    assert_eq!(ids(doc! { "item": { "code": "123", "name": "ab" } }, &docs), Vec::<i32>::new(), "field order");
    assert_eq!(ids(doc! {}, &docs).len(), 5);
}

#[test]
fn numbers_match_across_widths() {
    assert!(matches(doc! { "a": 1 }, doc! { "a": 1.0 }));
    assert!(matches(doc! { "a": 1i64 }, doc! { "a": 1 }));
    assert!(matches(doc! { "a": { "$gt": 0.5 } }, doc! { "a": 1i64 }));
    assert!(!matches(doc! { "a": 1 }, doc! { "a": "1" }));
}

#[test]
fn null_matches_null_and_missing() {
    let docs = vec![doc! { "_id": 1, "item": null }, doc! { "_id": 2 }, doc! { "_id": 3, "item": Bson::Undefined }];
    assert_eq!(ids(doc! { "item": null }, &docs), vec![1, 2]);
    assert_eq!(ids(doc! { "item": { "$type": 10 } }, &docs), vec![1]);
    assert_eq!(ids(doc! { "item": { "$exists": false } }, &docs), vec![2]);
    assert_eq!(ids(doc! { "item": { "$ne": null } }, &docs), vec![3]);
    assert_eq!(ids(doc! { "item": { "$gte": null } }, &docs), vec![1, 2]);
    assert_eq!(ids(doc! { "item": { "$lte": null } }, &docs), vec![1, 2]);
    assert_eq!(ids(doc! { "item": { "$gt": null } }, &docs), Vec::<i32>::new());
    assert_eq!(ids(doc! { "item": { "$in": [null] } }, &docs), vec![1, 2]);
    assert_eq!(ids(doc! { "item": { "$nin": [null] } }, &docs), vec![3]);
    // Arrays: an element that is null matches; an empty array does not.
    assert!(matches(doc! { "a": null }, doc! { "a": [1, null] }));
    assert!(!matches(doc! { "a": null }, doc! { "a": [] }));
}

#[test]
fn null_through_arrays_of_documents() {
    // An element document lacking the field counts as missing; scalar elements yield nothing.
    assert!(matches(doc! { "a.b": null }, doc! { "a": [{ "b": 1 }, { "c": 2 }] }));
    assert!(!matches(doc! { "a.b": null }, doc! { "a": [{ "b": 1 }] }));
    assert!(!matches(doc! { "a.b": null }, doc! { "a": [1, 2] }));
    assert!(matches(doc! { "a.b": null }, doc! { "a": 5 }), "a.b is missing under a scalar");
    assert!(matches(doc! { "a.b": { "$exists": true } }, doc! { "a": [{ "b": 1 }, { "c": 2 }] }));
    assert!(!matches(doc! { "a.b": { "$exists": true } }, doc! { "a": [1, 2] }));
}

#[test]
fn comparisons_stay_within_the_type_bracket() {
    let docs = vec![
        doc! { "_id": 1, "a": 5 },
        doc! { "_id": 2, "a": "x" },
        doc! { "_id": 3, "a": null },
        doc! { "_id": 4 },
        doc! { "_id": 5, "a": [1, "z"] },
        doc! { "_id": 6, "a": { "b": 1 } },
        doc! { "_id": 7, "a": true },
    ];
    assert_eq!(ids(doc! { "a": { "$gt": 1 } }, &docs), vec![1]);
    assert_eq!(ids(doc! { "a": { "$gte": 1 } }, &docs), vec![1, 5]);
    assert_eq!(ids(doc! { "a": { "$lt": "y" } }, &docs), vec![2]);
    assert_eq!(ids(doc! { "a": { "$gt": "a" } }, &docs), vec![2, 5]);
    assert_eq!(ids(doc! { "a": { "$gte": {} } }, &docs), vec![6]);
    assert_eq!(ids(doc! { "a": { "$lt": true } }, &docs), Vec::<i32>::new());
    assert_eq!(ids(doc! { "a": { "$lte": true } }, &docs), vec![7]);
    // MinKey and MaxKey bound every type, including missing fields.
    assert_eq!(ids(doc! { "a": { "$lt": Bson::MaxKey } }, &docs).len(), 7);
    assert_eq!(ids(doc! { "a": { "$gt": Bson::MinKey } }, &docs).len(), 7);
    assert_eq!(ids(doc! { "a": { "$gt": Bson::MaxKey } }, &docs), Vec::<i32>::new());
    assert_eq!(ids(doc! { "a": Bson::MaxKey }, &docs), Vec::<i32>::new());
}

#[test]
fn nan_equals_only_nan() {
    let docs = vec![doc! { "_id": 1, "a": f64::NAN }, doc! { "_id": 2, "a": 0 }, doc! { "_id": 3, "a": -1e300 }];
    assert_eq!(ids(doc! { "a": f64::NAN }, &docs), vec![1]);
    assert_eq!(ids(doc! { "a": { "$gte": f64::NAN } }, &docs), vec![1]);
    assert_eq!(ids(doc! { "a": { "$gt": f64::NAN } }, &docs), Vec::<i32>::new());
    assert_eq!(ids(doc! { "a": { "$lt": 1 } }, &docs), vec![2, 3]);
    assert_eq!(ids(doc! { "a": { "$in": [f64::NAN] } }, &docs), vec![1]);
}

#[test]
fn comparison_on_arrays_matches_any_element_or_whole_array() {
    let docs = vec![doc! { "_id": 1, "a": [1, 10] }, doc! { "_id": 2, "a": [4, 5] }, doc! { "_id": 3, "a": [[7]] }];
    // Without $elemMatch, different elements may satisfy each bound.
    assert_eq!(ids(doc! { "a": { "$gt": 3, "$lt": 6 } }, &docs), vec![1, 2]);
    assert_eq!(ids(doc! { "a": { "$elemMatch": { "$gt": 3, "$lt": 6 } } }, &docs), vec![2]);
    assert_eq!(ids(doc! { "a": 7 }, &docs), Vec::<i32>::new(), "nested arrays are not flattened");
    assert_eq!(ids(doc! { "a": [7] }, &docs), vec![3]);
    assert_eq!(ids(doc! { "a": { "$gt": [4] } }, &docs), vec![2, 3]);
    assert_eq!(ids(doc! { "a.0": { "$gt": 3 } }, &docs), vec![2]);
    assert_eq!(ids(doc! { "a.0.0": 7 }, &docs), vec![3]);
}

#[test]
fn ne_and_nin_negate_over_all_elements() {
    let docs = inventory();
    assert_eq!(ids(doc! { "qty": { "$ne": 20 } }, &docs), vec![1, 3, 4]);
    assert_eq!(ids(doc! { "tags": { "$ne": "C" } }, &docs), vec![2, 3, 4]);
    assert_eq!(ids(doc! { "tags": { "$nin": ["C", "A"] } }, &docs), vec![2]);
    assert_eq!(ids(doc! { "missing": { "$ne": 1 } }, &docs).len(), 5);
    assert_eq!(ids(doc! { "missing": { "$nin": [1] } }, &docs).len(), 5);
    assert_eq!(ids(doc! { "qty": { "$nin": [] } }, &docs).len(), 5);
    assert!(
        matches!(error(doc! { "a": { "$ne": regex("x", "") } }), DbError::BadValue(m) if m == "Can't have regex as arg to $ne.")
    );
}

#[test]
fn in_with_values_and_regexes() {
    let docs = vec![
        doc! { "_id": 1, "tags": ["school", "book"] },
        doc! { "_id": 2, "tags": ["stationery"] },
        doc! { "_id": 3, "tags": ["electronics", "best"] },
        doc! { "_id": 4, "qty": 5 },
    ];
    assert_eq!(ids(doc! { "tags": { "$in": [regex("^be", ""), regex("^st", "")] } }, &docs), vec![2, 3]);
    assert_eq!(ids(doc! { "tags": { "$in": ["book", "zzz"] } }, &docs), vec![1]);
    assert_eq!(ids(doc! { "qty": { "$in": [5, 15] } }, &docs), vec![4]);
    assert_eq!(ids(doc! { "qty": { "$in": [5.0] } }, &docs), vec![4]);
    assert_eq!(ids(doc! { "qty": { "$in": [] } }, &docs), Vec::<i32>::new());
    assert_eq!(ids(doc! { "tags": { "$in": [["stationery"]] } }, &docs), vec![2], "whole-array element");
    // A regex value in a document equals an identical regex operand.
    assert!(matches(doc! { "r": { "$in": [regex("a+", "i")] } }, doc! { "r": regex("a+", "i") }));
    assert!(matches!(error(doc! { "a": { "$in": 5 } }), DbError::BadValue(m) if m == "$in needs an array"));
    assert!(matches!(error(doc! { "a": { "$nin": "x" } }), DbError::BadValue(m) if m == "$nin needs an array"));
    assert!(
        matches!(error(doc! { "a": { "$in": [{ "$gt": 1 }] } }), DbError::BadValue(m) if m == "cannot nest $ under $in")
    );
}

#[test]
fn logical_operators() {
    let docs = vec![
        doc! { "_id": 1, "price": 1.99, "sale": true, "qty": 10 },
        doc! { "_id": 2, "price": 1.99, "sale": false, "qty": 30 },
        doc! { "_id": 3, "price": 2.5, "qty": 10 },
        doc! { "_id": 4, "sale": false },
        doc! { "_id": 5 },
    ];
    assert_eq!(ids(doc! { "$and": [{ "price": { "$ne": 1.99 } }, { "price": { "$exists": true } }] }, &docs), vec![3]);
    assert_eq!(ids(doc! { "$or": [{ "qty": { "$lt": 20 } }, { "price": 2.5 }] }, &docs), vec![1, 3]);
    assert_eq!(ids(doc! { "$nor": [{ "price": 1.99 }, { "sale": true }] }, &docs), vec![3, 4, 5]);
    assert_eq!(ids(doc! { "price": { "$not": { "$gt": 1.99 } } }, &docs), vec![1, 2, 4, 5]);
    assert_eq!(ids(doc! { "$or": [{ "sale": true }], "qty": 10 }, &docs), vec![1]);
    assert_eq!(ids(doc! { "$comment": "ignored", "qty": 30 }, &docs), vec![2]);
    assert_eq!(ids(doc! { "$alwaysFalse": 1 }, &docs), Vec::<i32>::new());
    assert_eq!(ids(doc! { "$alwaysTrue": 1 }, &docs).len(), 5);
    for op in ["$and", "$or", "$nor"] {
        let e = error(doc! { op: [] });
        assert!(matches!(&e, DbError::BadValue(m) if m == "$and/$or/$nor must be a nonempty array"), "{e}");
        let e = error(doc! { op: [1] });
        assert!(matches!(&e, DbError::BadValue(m) if m == "$or/$and/$nor entries need to be full objects"), "{e}");
        let e = error(doc! { op: { "a": 1 } });
        assert_eq!(e.to_string(), format!("{op} must be an array"));
    }
}

#[test]
fn not_negates_operators_and_regexes() {
    let docs = vec![doc! { "_id": 1, "item": "pen" }, doc! { "_id": 2, "item": "book" }, doc! { "_id": 3 }];
    assert_eq!(ids(doc! { "item": { "$not": regex("^p.*", "") } }, &docs), vec![2, 3]);
    assert_eq!(ids(doc! { "item": { "$not": { "$regex": "^p.*" } } }, &docs), vec![2, 3]);
    assert_eq!(ids(doc! { "item": { "$not": { "$not": { "$eq": "pen" } } } }, &docs), vec![1]);
    assert!(
        matches!(error(doc! { "a": { "$not": 1 } }), DbError::BadValue(m) if m == "$not needs a regex or a document")
    );
    assert!(matches!(error(doc! { "a": { "$not": {} } }), DbError::BadValue(m) if m == "$not cannot be empty"));
    assert!(
        matches!(error(doc! { "a": { "$not": { "b": 1 } } }), DbError::UnknownOperator(m) if m == "unknown operator: b")
    );
}

#[test]
fn exists_and_truthiness() {
    let docs = vec![
        doc! { "_id": 1, "qty": 5 },
        doc! { "_id": 2, "qty": null },
        doc! { "_id": 3 },
        doc! { "_id": 4, "qty": 15 },
        doc! { "_id": 5, "qty": [] },
    ];
    assert_eq!(ids(doc! { "qty": { "$exists": true } }, &docs), vec![1, 2, 4, 5]);
    assert_eq!(ids(doc! { "qty": { "$exists": 1 } }, &docs), vec![1, 2, 4, 5]);
    assert_eq!(ids(doc! { "qty": { "$exists": 0 } }, &docs), vec![3]);
    assert_eq!(ids(doc! { "qty": { "$exists": true, "$nin": [5, 15] } }, &docs), vec![2, 5]);
}

#[test]
fn type_by_alias_code_number_and_array() {
    let docs = vec![
        doc! { "_id": 1, "zip": "10012" },
        doc! { "_id": 2, "zip": 2.5 },
        doc! { "_id": 3, "zip": 43 },
        doc! { "_id": 4, "zip": 43i64 },
        doc! { "_id": 5, "zip": ["a", 1] },
        doc! { "_id": 6, "zip": { "x": 1 } },
        doc! { "_id": 7 },
        doc! { "_id": 8, "zip": Bson::MinKey },
    ];
    assert_eq!(ids(doc! { "zip": { "$type": "string" } }, &docs), vec![1, 5]);
    assert_eq!(ids(doc! { "zip": { "$type": 2 } }, &docs), vec![1, 5]);
    assert_eq!(ids(doc! { "zip": { "$type": 1.0 } }, &docs), vec![2]);
    assert_eq!(ids(doc! { "zip": { "$type": "number" } }, &docs), vec![2, 3, 4, 5]);
    assert_eq!(ids(doc! { "zip": { "$type": ["long", "object"] } }, &docs), vec![4, 6]);
    assert_eq!(ids(doc! { "zip": { "$type": "array" } }, &docs), vec![5]);
    assert_eq!(ids(doc! { "zip": { "$type": -1 } }, &docs), vec![8]);
    assert_eq!(ids(doc! { "zip": { "$type": "minKey" } }, &docs), vec![8]);
    assert!(
        matches!(error(doc! { "a": { "$type": "nope" } }), DbError::BadValue(m) if m == "Unknown type name alias: nope")
    );
    assert!(
        matches!(error(doc! { "a": { "$type": 99 } }), DbError::BadValue(m) if m == "Invalid numerical type code: 99")
    );
    assert!(
        matches!(error(doc! { "a": { "$type": [] } }), DbError::BadValue(m) if m == "a must match at least one type")
    );
    assert!(matches!(error(doc! { "a": { "$type": {} } }), DbError::BadValue(_)));
}

#[test]
fn regex_operator_and_options() {
    let docs = vec![
        doc! { "_id": 100, "sku": "abc123", "description": "Single line description." },
        doc! { "_id": 101, "sku": "abc789", "description": "First line\nSecond line" },
        doc! { "_id": 102, "sku": "xyz456", "description": "Many spaces before     line" },
        doc! { "_id": 103, "sku": "xyz789", "description": "Multiple\nline description" },
    ];
    assert_eq!(ids(doc! { "sku": { "$regex": regex("789$", "") } }, &docs), vec![101, 103]);
    assert_eq!(ids(doc! { "sku": { "$regex": "789$" } }, &docs), vec![101, 103]);
    assert_eq!(ids(doc! { "sku": { "$regex": regex("^ABC", "i") } }, &docs), vec![100, 101]);
    assert_eq!(ids(doc! { "sku": { "$regex": "^ABC", "$options": "i" } }, &docs), vec![100, 101]);
    assert_eq!(ids(doc! { "sku": { "$options": "i", "$regex": "^ABC" } }, &docs), vec![100, 101]);
    assert_eq!(ids(doc! { "sku": regex("^ABC", "i") }, &docs), vec![100, 101]);
    assert_eq!(ids(doc! { "description": { "$regex": "^S", "$options": "m" } }, &docs), vec![100, 101]);
    assert_eq!(ids(doc! { "description": { "$regex": "^S" } }, &docs), vec![100]);
    assert_eq!(ids(doc! { "description": { "$regex": "m.*line", "$options": "si" } }, &docs), vec![102, 103]);
    let extended = "abc # category code\n123 # item number";
    assert_eq!(ids(doc! { "sku": { "$regex": extended, "$options": "x" } }, &docs), vec![100]);
    assert_eq!(ids(doc! { "sku": { "$not": regex("^abc", "") } }, &docs), vec![102, 103]);
    // Regexes match strings inside arrays, never numbers.
    assert!(matches(doc! { "a": regex("^b", "") }, doc! { "a": [1, "bc"] }));
    assert!(!matches(doc! { "a": regex("1", "") }, doc! { "a": 1 }));
    // $eq with a regex compares regex values.
    assert!(!matches(doc! { "a": { "$eq": regex("x", "") } }, doc! { "a": "x" }));
    assert!(matches(doc! { "a": { "$eq": regex("x", "") } }, doc! { "a": regex("x", "") }));

    assert!(matches!(error(doc! { "a": { "$options": "i" } }), DbError::BadValue(m) if m == "$options needs a $regex"));
    assert!(matches!(error(doc! { "a": { "$regex": 1 } }), DbError::BadValue(m) if m == "$regex has to be a string"));
    assert!(
        matches!(error(doc! { "a": { "$regex": "x", "$options": 1 } }), DbError::BadValue(m) if m == "$options has to be a string")
    );
    let e = error(doc! { "a": { "$regex": regex("x", "i"), "$options": "m" } });
    assert_eq!(e.to_string(), "options set in both $regex and $options");
    assert!(error(doc! { "a": { "$regex": "(" } }).to_string().starts_with("Regular expression is invalid"));
    assert!(error(doc! { "a": { "$regex": "x", "$options": "q" } }).to_string().contains("invalid flag"));
    let e = error(doc! { "a": { "$gt": regex("x", "") } });
    assert_eq!(e.to_string(), "Can't have RegEx as arg to predicate over field 'a'.");
}

#[test]
fn all_operator() {
    let docs = vec![
        doc! { "_id": 1, "tags": ["appliance", "school", "book"], "qty": [
            { "size": "S", "num": 10, "color": "blue" },
            { "size": "M", "num": 45, "color": "blue" },
            { "size": "L", "num": 100, "color": "green" },
        ] },
        doc! { "_id": 2, "tags": ["school", "book", "bag", "headphone", "appliance"], "qty": [
            { "size": "6", "num": 100, "color": "green" },
            { "size": "6", "num": 50, "color": "blue" },
            { "size": "8", "num": 100, "color": "brown" },
        ] },
        doc! { "_id": 3, "tags": ["appliance", "school", "book"], "qty": [
            { "size": "M", "num": 100, "color": "green" },
        ] },
        doc! { "_id": 4, "tags": "appliance", "qty": 5 },
    ];
    assert_eq!(ids(doc! { "tags": { "$all": ["appliance", "school", "book"] } }, &docs), vec![1, 2, 3]);
    assert_eq!(ids(doc! { "tags": { "$all": ["appliance"] } }, &docs), vec![1, 2, 3, 4], "non-array field");
    let elem = doc! { "qty": { "$all": [
        { "$elemMatch": { "size": "M", "num": { "$gt": 50 } } },
        { "$elemMatch": { "num": 100, "color": "green" } },
    ] } };
    assert_eq!(ids(elem, &docs), vec![3]);
    assert_eq!(ids(doc! { "qty.num": { "$all": [50] } }, &docs), vec![2]);
    assert_eq!(ids(doc! { "tags": { "$all": [] } }, &docs), Vec::<i32>::new());
    assert_eq!(ids(doc! { "tags": { "$all": [regex("^head", "")] } }, &docs), vec![2]);
    assert!(matches(doc! { "a": { "$all": [[1, 2]] } }, doc! { "a": [1, 2] }));
    assert!(matches(doc! { "a": { "$all": [[1, 2]] } }, doc! { "a": [[1, 2], 3] }));
    assert!(matches!(error(doc! { "a": { "$all": 1 } }), DbError::BadValue(m) if m == "$all needs an array"));
    let e = error(doc! { "a": { "$all": [{ "$elemMatch": { "b": 1 } }, 5] } });
    assert_eq!(e.to_string(), "$all/$elemMatch has to be consistent");
    assert_eq!(error(doc! { "a": { "$all": [{ "$gt": 1 }] } }).to_string(), "no $ expressions in $all");
}

#[test]
fn elem_match_value_and_document_forms() {
    let scores = vec![
        doc! { "_id": 1, "results": [82, 85, 88] },
        doc! { "_id": 2, "results": [75, 88, 89] },
        doc! { "_id": 3, "results": 83 },
    ];
    assert_eq!(ids(doc! { "results": { "$elemMatch": { "$gte": 80, "$lt": 85 } } }, &scores), vec![1]);
    let survey = vec![
        doc! { "_id": 1, "results": [{ "product": "abc", "score": 10 }, { "product": "xyz", "score": 5 }] },
        doc! { "_id": 2, "results": [{ "product": "abc", "score": 8 }, { "product": "xyz", "score": 7 }] },
        doc! { "_id": 3, "results": [{ "product": "abc", "score": 7 }, { "product": "xyz", "score": 8 }] },
        doc! { "_id": 4, "results": [{ "product": "abc", "score": 7 }, { "product": "def", "score": 8 }] },
    ];
    let f = doc! { "results": { "$elemMatch": { "product": "xyz", "score": { "$gte": 8 } } } };
    assert_eq!(ids(f, &survey), vec![3]);
    let f = doc! { "results": { "$elemMatch": { "product": { "$ne": "xyz" } } } };
    assert_eq!(ids(f, &survey), vec![1, 2, 3, 4]);
    // Without $elemMatch the two conditions may hold on different elements.
    assert_eq!(ids(doc! { "results.product": "xyz", "results.score": { "$gte": 8 } }, &survey), vec![1, 2, 3]);
    let f = doc! { "results": { "$elemMatch": { "$or": [{ "score": 10 }, { "product": "def" }] } } };
    assert_eq!(ids(f, &survey), vec![1, 4]);
    // Nested: arrays of arrays, and the value form with $not.
    assert!(matches(doc! { "a": { "$elemMatch": { "$elemMatch": { "$eq": 2 } } } }, doc! { "a": [[1, 2]] }));
    assert!(matches(doc! { "a": { "$elemMatch": { "0": 1 } } }, doc! { "a": [[1, 2]] }));
    assert!(matches(doc! { "a": { "$elemMatch": { "$not": { "$gt": 5 } } } }, doc! { "a": [9, 3] }));
    assert!(!matches(doc! { "a": { "$elemMatch": {} } }, doc! { "a": [1, 2] }));
    assert!(matches(doc! { "a": { "$elemMatch": {} } }, doc! { "a": [1, {}] }));
    assert!(!matches(doc! { "a": { "$elemMatch": { "$gt": 0 } } }, doc! { "a": 5 }), "only arrays");
    assert!(matches(doc! { "a.b": { "$elemMatch": { "$gt": 0 } } }, doc! { "a": [{ "b": [0] }, { "b": [1] }] }));
    assert!(
        matches!(error(doc! { "a": { "$elemMatch": 1 } }), DbError::BadValue(m) if m == "$elemMatch needs an Object")
    );
}

#[test]
fn size_operator() {
    let docs = vec![
        doc! { "_id": 1, "f": ["red", "blue"] },
        doc! { "_id": 2, "f": ["apple", "lime", "x"] },
        doc! { "_id": 3, "f": "x" },
        doc! { "_id": 4, "f": [[1, 2]] },
        doc! { "_id": 5, "f": [] },
    ];
    assert_eq!(ids(doc! { "f": { "$size": 2 } }, &docs), vec![1]);
    assert_eq!(ids(doc! { "f": { "$size": 1 } }, &docs), vec![4]);
    assert_eq!(ids(doc! { "f": { "$size": 0 } }, &docs), vec![5]);
    assert_eq!(ids(doc! { "f": { "$size": 3.0 } }, &docs), vec![2]);
    assert_eq!(ids(doc! { "f.0": { "$size": 2 } }, &docs), vec![4]);
    assert!(matches(doc! { "a.b": { "$size": 1 } }, doc! { "a": [{ "b": [1, 2] }, { "b": [3] }] }));
    assert_eq!(error(doc! { "f": { "$size": "2" } }).to_string(), "$size needs a number");
    assert_eq!(error(doc! { "f": { "$size": 1.5 } }).to_string(), "$size must be a whole number");
    assert_eq!(error(doc! { "f": { "$size": -1 } }).to_string(), "$size may not be negative");
}

#[test]
fn mod_operator() {
    let docs = vec![
        doc! { "_id": 1, "qty": 0 },
        doc! { "_id": 2, "qty": 5 },
        doc! { "_id": 3, "qty": 12 },
        doc! { "_id": 4, "qty": 12.9 },
        doc! { "_id": 5, "qty": -8 },
        doc! { "_id": 6, "qty": f64::NAN },
        doc! { "_id": 7, "qty": "12" },
    ];
    assert_eq!(ids(doc! { "qty": { "$mod": [4, 0] } }, &docs), vec![1, 3, 4, 5]);
    assert_eq!(ids(doc! { "qty": { "$mod": [4.5, 0] } }, &docs), vec![1, 3, 4, 5], "divisor truncated");
    assert_eq!(ids(doc! { "qty": { "$mod": [-4, 1] } }, &docs), vec![2]);
    assert_eq!(ids(doc! { "qty": { "$mod": [3, -2] } }, &docs), vec![5]);
    assert_eq!(error(doc! { "q": { "$mod": 4 } }).to_string(), "malformed mod, needs to be an array");
    assert_eq!(error(doc! { "q": { "$mod": [4] } }).to_string(), "malformed mod, not enough elements");
    assert_eq!(error(doc! { "q": { "$mod": [] } }).to_string(), "malformed mod, not enough elements");
    assert_eq!(error(doc! { "q": { "$mod": [4, 1, 2] } }).to_string(), "malformed mod, too many elements");
    assert_eq!(error(doc! { "q": { "$mod": ["a", 1] } }).to_string(), "malformed mod, divisor not a number");
    assert_eq!(error(doc! { "q": { "$mod": [4, "a"] } }).to_string(), "malformed mod, remainder not a number");
    assert_eq!(error(doc! { "q": { "$mod": [0, 1] } }).to_string(), "divisor cannot be 0");
}

#[test]
fn bit_operators() {
    let bin = |bytes: Vec<u8>| Bson::Binary(Binary { subtype: BinarySubtype::Generic, bytes });
    let docs = vec![
        doc! { "_id": 1, "a": 54 },
        doc! { "_id": 2, "a": 20 },
        doc! { "_id": 3, "a": 20.0 },
        doc! { "_id": 4, "a": bin(vec![0x36]) },
        doc! { "_id": 5, "a": -5 },
    ];
    // -5 is ...11111011 in two's complement: every bit but 2 is set.
    assert_eq!(ids(doc! { "a": { "$bitsAllSet": [1, 5] } }, &docs), vec![1, 4, 5]);
    assert_eq!(ids(doc! { "a": { "$bitsAllSet": 50 } }, &docs), vec![1, 4, 5]);
    assert_eq!(ids(doc! { "a": { "$bitsAllSet": bin(vec![0x30]) } }, &docs), vec![1, 4, 5]);
    assert_eq!(ids(doc! { "a": { "$bitsAnySet": [1, 5] } }, &docs), vec![1, 4, 5]);
    assert_eq!(ids(doc! { "a": { "$bitsAllClear": [1, 5] } }, &docs), vec![2, 3]);
    assert_eq!(ids(doc! { "a": { "$bitsAnyClear": [1, 5] } }, &docs), vec![2, 3]);
    assert_eq!(ids(doc! { "a": { "$bitsAnyClear": [2] } }, &docs), vec![5]);
    assert_eq!(ids(doc! { "a": { "$bitsAllSet": [63, 200] } }, &docs), vec![5], "negatives sign-extend");
    assert!(error(doc! { "a": { "$bitsAllSet": [-1] } }).to_string().contains("bit positions must be >= 0"));
    assert!(error(doc! { "a": { "$bitsAllSet": "x" } }).to_string().contains("takes an Array, a number, or a BinData"));
}

#[test]
fn dotted_paths_through_arrays_of_documents() {
    let docs = vec![
        doc! { "_id": 1, "instock": [{ "warehouse": "A", "qty": 5 }, { "warehouse": "C", "qty": 15 }] },
        doc! { "_id": 2, "instock": [{ "warehouse": "C", "qty": 5 }] },
        doc! { "_id": 3, "instock": [{ "warehouse": "A", "qty": 60 }, { "warehouse": "B", "qty": 15 }] },
        doc! { "_id": 4, "instock": [{ "warehouse": "A", "qty": 40 }, { "warehouse": "B", "qty": 5 }] },
    ];
    assert_eq!(ids(doc! { "instock.qty": { "$lte": 20 } }, &docs), vec![1, 2, 3, 4]);
    assert_eq!(ids(doc! { "instock.0.qty": { "$lte": 20 } }, &docs), vec![1, 2]);
    assert_eq!(ids(doc! { "instock": { "warehouse": "A", "qty": 5 } }, &docs), vec![1]);
    assert_eq!(ids(doc! { "instock": { "qty": 5, "warehouse": "A" } }, &docs), Vec::<i32>::new());
    assert_eq!(ids(doc! { "instock.qty": 5, "instock.warehouse": "A" }, &docs), vec![1, 4]);
    let f = doc! { "instock": { "$elemMatch": { "qty": 5, "warehouse": "A" } } };
    assert_eq!(ids(f, &docs), vec![1]);
    assert!(matches(doc! { "a.b.c": 1 }, doc! { "a": [{ "b": [{ "c": [0, 1] }] }] }));
}

#[test]
fn dbref_documents_compare_as_values() {
    let dbref = doc! { "$ref": "users", "$id": 5 };
    assert!(matches(doc! { "owner": dbref.clone() }, doc! { "owner": dbref.clone() }));
    assert!(matches(doc! { "owner": { "$in": [dbref.clone()] } }, doc! { "owner": dbref }));
}

#[test]
fn unknown_and_unsupported_operators_fail_naming_them() {
    assert!(matches!(error(doc! { "a": { "$foo": 1 } }), DbError::UnknownOperator(m) if m == "unknown operator: $foo"));
    assert!(
        matches!(error(doc! { "a": { "$gt": 1, "b": 1 } }), DbError::UnknownOperator(m) if m == "unknown operator: b")
    );
    assert!(
        matches!(error(doc! { "$foo": 1 }), DbError::UnknownOperator(m) if m == "unknown top level operator: $foo")
    );
    for op in ["$where", "$expr", "$text", "$jsonSchema"] {
        let e = error(doc! { op: {} });
        assert!(e.to_string().contains(op), "{e}");
    }
    for op in ["$geoWithin", "$near", "$nearSphere", "$geoIntersects"] {
        let e = error(doc! { "loc": { op: {} } });
        assert!(e.to_string().contains(op), "{e}");
    }
    assert_eq!(error(doc! { "a": { "$where": "1" } }).to_string(), "$where cannot be applied to a field");
    // A document whose first key is not an operator is a value to compare, whatever follows.
    assert!(matches(doc! { "a": { "b": 1, "$x": 2 } }, doc! { "a": { "b": 1, "$x": 2 } }));
}

#[test]
fn deep_nesting_fails_cleanly() {
    let mut f = doc! { "a": 1 };
    for _ in 0..150 {
        f = doc! { "$and": [f] };
    }
    assert!(error(f).to_string().contains("maximum query tree depth"));
    let mut not = doc! { "$eq": 1 };
    for _ in 0..150 {
        not = doc! { "$not": not };
    }
    assert!(error(doc! { "a": not }).to_string().contains("maximum query tree depth"));
    let mut elem = doc! { "$eq": 1 };
    for _ in 0..150 {
        elem = doc! { "$elemMatch": elem };
    }
    assert!(error(doc! { "a": elem }).to_string().contains("maximum query tree depth"));
}

#[test]
fn field_bounds_report_seekable_conditions() {
    let f = filter(doc! {
        "a": 1,
        "b": { "$gt": 2, "$lte": 9 },
        "$and": [{ "c": { "$in": [1, "x"] } }, { "d": { "$eq": "s" } }],
        "e": null,
        "f": { "$in": [1, null] },
        "g": [1, 2],
        "h": regex("x", ""),
        "$or": [{ "i": 1 }, { "j": 2 }],
        "k": { "$ne": 1 },
    });
    assert_eq!(
        f.field_bounds(),
        vec![
            ("a".to_string(), Bound::Eq(bson!(1))),
            ("b".to_string(), Bound::Range { lower: Some((bson!(2), false)), upper: None }),
            ("b".to_string(), Bound::Range { lower: None, upper: Some((bson!(9), true)) }),
            ("c".to_string(), Bound::In(vec![bson!(1), bson!("x")])),
            ("d".to_string(), Bound::Eq(bson!("s"))),
        ]
    );
}

#[test]
fn equality_fields_seed_upserts() {
    let f = filter(doc! {
        "a": 1,
        "b.c": { "$eq": { "x": 1 } },
        "$and": [{ "d": null }, { "e": { "$in": [7] } }],
        "$or": [{ "f": "only" }],
        "g": { "$gt": 1 },
        "h": regex("x", ""),
        "i": { "$in": [1, 2] },
    });
    assert_eq!(
        f.equality_fields(),
        vec![
            ("a".to_string(), bson!(1)),
            ("b.c".to_string(), bson!({ "x": 1 })),
            ("d".to_string(), Bson::Null),
            ("e".to_string(), bson!(7)),
            ("f".to_string(), bson!("only")),
        ]
    );
    assert!(filter(doc! {}).is_empty());
    assert!(filter(doc! { "$comment": "x" }).is_empty());
    assert!(!filter(doc! { "a": 1 }).is_empty());
}

#[test]
fn compiled_engine_types_are_shareable_across_threads() {
    fn shareable<T: Send + Sync + Clone + 'static>() {}
    shareable::<Filter>();
    shareable::<crate::bindings::database::engine::sort::SortSpec>();
    shareable::<crate::bindings::database::engine::projection::Projection>();
}

#[test]
fn filter_is_reusable_across_documents() {
    // Parsed once (regexes compiled once), matched many times.
    let f = filter(doc! { "name": { "$regex": "^a", "$options": "i" }, "n": { "$in": [1, 2, 3] } });
    let hits =
        (0..100).filter(|i| f.matches(&doc! { "name": if i % 2 == 0 { "Ann" } else { "Bob" }, "n": i % 4 })).count();
    assert_eq!(hits, 25);
}
