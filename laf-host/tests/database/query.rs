//! Query operators, dotted paths, arrays, null and missing, and comparison across types: the
//! examples of MongoDB's "Query Documents" pages and operator references.

use laf_host::bindings::database::bson::DateTime;
use laf_host::bindings::database::{Document, ObjectId, doc};

use crate::support::*;

/// The `inventory` collection of "Query on Embedded/Nested Documents".
fn nested_inventory() -> Vec<Document> {
    vec![
        doc! { "_id": 1, "item": "journal", "qty": 25, "size": { "h": 14, "w": 21, "uom": "cm" }, "status": "A" },
        doc! { "_id": 2, "item": "notebook", "qty": 50, "size": { "h": 8.5, "w": 11, "uom": "in" }, "status": "A" },
        doc! { "_id": 3, "item": "paper", "qty": 100, "size": { "h": 8.5, "w": 11, "uom": "in" }, "status": "D" },
        doc! { "_id": 4, "item": "planner", "qty": 75, "size": { "h": 22.85, "w": 30, "uom": "cm" }, "status": "D" },
        doc! { "_id": 5, "item": "postcard", "qty": 45, "size": { "h": 10, "w": 15.25, "uom": "cm" }, "status": "A" },
    ]
}

pub async fn eq_implicit_and_explicit(db: Db) {
    seed(&db, "c", nested_inventory()).await;
    assert_eq!(ids(&db, "c", doc! { "status": "D" }).await, vec![3, 4]);
    assert_eq!(ids(&db, "c", doc! { "status": { "$eq": "D" } }).await, vec![3, 4]);
    assert_eq!(ids(&db, "c", doc! { "status": "A", "qty": 50 }).await, vec![2]);
    assert_eq!(ids(&db, "c", doc! {}).await, vec![1, 2, 3, 4, 5]);
}

/// Numbers compare by value whatever their BSON type; a numeric string is not a number.
pub async fn eq_across_numeric_types(db: Db) {
    let docs = vec![
        doc! { "_id": 1, "v": 1_i32 },
        doc! { "_id": 2, "v": 1_i64 },
        doc! { "_id": 3, "v": 1.0 },
        doc! { "_id": 4, "v": "1" },
        doc! { "_id": 5, "v": 1.5 },
    ];
    seed(&db, "c", docs).await;
    assert_eq!(ids(&db, "c", doc! { "v": 1 }).await, vec![1, 2, 3]);
    assert_eq!(ids(&db, "c", doc! { "v": 1.0 }).await, vec![1, 2, 3]);
    assert_eq!(ids(&db, "c", doc! { "v": 1_i64 }).await, vec![1, 2, 3]);
    assert_eq!(ids(&db, "c", doc! { "v": "1" }).await, vec![4]);
}

pub async fn ne_includes_missing(db: Db) {
    let docs = vec![
        doc! { "_id": 1, "qty": 20, "tags": ["a", "b"] },
        doc! { "_id": 2, "qty": 25, "tags": ["b"] },
        doc! { "_id": 3 },
        doc! { "_id": 4, "qty": null },
    ];
    seed(&db, "c", docs).await;
    assert_eq!(ids(&db, "c", doc! { "qty": { "$ne": 20 } }).await, vec![2, 3, 4]);
    // `$ne` on an array: no element may equal the value.
    assert_eq!(ids(&db, "c", doc! { "tags": { "$ne": "a" } }).await, vec![2, 3, 4]);
    assert_eq!(ids(&db, "c", doc! { "qty": { "$ne": null } }).await, vec![1, 2]);
}

pub async fn comparison_operators(db: Db) {
    let docs = vec![
        doc! { "_id": 1, "qty": 5 },
        doc! { "_id": 2, "qty": 15 },
        doc! { "_id": 3, "qty": 25 },
        doc! { "_id": 4, "qty": "30" },
        doc! { "_id": 5 },
        doc! { "_id": 6, "qty": 20.5 },
        doc! { "_id": 7, "qty": 30_i64 },
    ];
    seed(&db, "c", docs).await;
    assert_eq!(ids(&db, "c", doc! { "qty": { "$gt": 10 } }).await, vec![2, 3, 6, 7]);
    assert_eq!(ids(&db, "c", doc! { "qty": { "$gte": 15 } }).await, vec![2, 3, 6, 7]);
    assert_eq!(ids(&db, "c", doc! { "qty": { "$lt": 25 } }).await, vec![1, 2, 6]);
    assert_eq!(ids(&db, "c", doc! { "qty": { "$lte": 25 } }).await, vec![1, 2, 3, 6]);
    assert_eq!(ids(&db, "c", doc! { "qty": { "$gt": 10, "$lt": 25 } }).await, vec![2, 6]);
    assert_eq!(ids(&db, "c", doc! { "qty": { "$gt": 20.5 } }).await, vec![3, 7]);
}

/// Comparison operators only match values of the same type class ("type bracketing").
pub async fn comparison_stays_within_type(db: Db) {
    let docs = vec![
        doc! { "_id": 1, "v": 1 },
        doc! { "_id": 2, "v": "a" },
        doc! { "_id": 3, "v": true },
        doc! { "_id": 4, "v": null },
        doc! { "_id": 5 },
        doc! { "_id": 6, "v": { "x": 1 } },
        doc! { "_id": 7, "v": [2] },
        doc! { "_id": 8, "v": false },
    ];
    seed(&db, "c", docs).await;
    assert_eq!(ids(&db, "c", doc! { "v": { "$gt": 0 } }).await, vec![1, 7]);
    assert_eq!(ids(&db, "c", doc! { "v": { "$lt": "z" } }).await, vec![2]);
    assert_eq!(ids(&db, "c", doc! { "v": { "$gt": false } }).await, vec![3]);
    assert_eq!(ids(&db, "c", doc! { "v": { "$gte": { "x": 0 } } }).await, vec![6]);
}

pub async fn comparison_on_dates_and_object_ids(db: Db) {
    let day = 86_400_000_i64;
    let (o1, o2) = (ObjectId::parse_str("5f0000000000000000000001"), ObjectId::parse_str("5f0000000000000000000002"));
    let (o1, o2) = (o1.expect("oid"), o2.expect("oid"));
    let docs = vec![
        doc! { "_id": 1, "d": DateTime::from_millis(1_600_000_000_000), "o": o1 },
        doc! { "_id": 2, "d": DateTime::from_millis(1_600_000_000_000 + day), "o": o2 },
        doc! { "_id": 3, "d": "2020-09-14" },
    ];
    seed(&db, "c", docs).await;
    let cut = DateTime::from_millis(1_600_000_000_000 + 1);
    assert_eq!(ids(&db, "c", doc! { "d": { "$gt": cut } }).await, vec![2]);
    assert_eq!(ids(&db, "c", doc! { "d": { "$lt": cut } }).await, vec![1]);
    assert_eq!(ids(&db, "c", doc! { "o": { "$gt": o1 } }).await, vec![2]);
    assert_eq!(ids(&db, "c", doc! { "o": o1 }).await, vec![1]);
}

pub async fn in_and_nin(db: Db) {
    let docs = vec![
        doc! { "_id": 1, "qty": 5, "tags": ["school", "home"] },
        doc! { "_id": 2, "qty": 15, "tags": ["appliance"] },
        doc! { "_id": 3, "tags": ["appliance", "school"] },
        doc! { "_id": 4, "qty": null },
    ];
    seed(&db, "c", docs).await;
    assert_eq!(ids(&db, "c", doc! { "qty": { "$in": [5, 15] } }).await, vec![1, 2]);
    assert_eq!(ids(&db, "c", doc! { "tags": { "$in": ["home", "nothing"] } }).await, vec![1]);
    assert_eq!(ids(&db, "c", doc! { "tags": { "$in": [re("^app", "")] } }).await, vec![2, 3]);
    assert_eq!(ids(&db, "c", doc! { "qty": { "$in": [null] } }).await, vec![3, 4]);
    assert_eq!(ids(&db, "c", doc! { "qty": { "$nin": [5, 15] } }).await, vec![3, 4]);
    assert_eq!(ids(&db, "c", doc! { "tags": { "$nin": ["school"] } }).await, vec![2, 4]);
    assert!(db.find("c", doc! { "qty": { "$in": 5 } }, Default::default()).await.is_err(), "$in needs an array");
}

/// The `$nor` example of the manual, plus `$and` and `$or`.
pub async fn and_or_nor(db: Db) {
    let docs = vec![
        doc! { "_id": 1, "price": 1.99, "sale": true, "qty": 10 },
        doc! { "_id": 2, "price": 1.99, "sale": false, "qty": 30 },
        doc! { "_id": 3, "price": 2.5, "sale": true, "qty": 50 },
        doc! { "_id": 4, "price": 2.5, "sale": false, "qty": 70 },
        doc! { "_id": 5, "price": 3 },
        doc! { "_id": 6, "sale": false },
        doc! { "_id": 7 },
    ];
    seed(&db, "c", docs).await;
    assert_eq!(ids(&db, "c", doc! { "$nor": [{ "price": 1.99 }, { "sale": true }] }).await, vec![4, 5, 6, 7]);
    assert_eq!(ids(&db, "c", doc! { "$or": [{ "qty": { "$lt": 20 } }, { "price": 3 }] }).await, vec![1, 5]);
    let and = doc! { "$and": [{ "qty": { "$gt": 20 } }, { "qty": { "$lt": 60 } }] };
    assert_eq!(ids(&db, "c", and).await, vec![2, 3]);
    let nested = doc! { "$and": [{ "$or": [{ "price": 1.99 }, { "price": 3 }] }, { "$or": [{ "sale": false }, { "sale": { "$exists": false } }] }] };
    assert_eq!(ids(&db, "c", nested).await, vec![2, 5]);
}

pub async fn not_operator(db: Db) {
    let docs = vec![
        doc! { "_id": 1, "price": 1.99, "item": "pear" },
        doc! { "_id": 2, "price": 2.5, "item": "apple" },
        doc! { "_id": 3, "item": "plum" },
        doc! { "_id": 4, "price": 1.5 },
    ];
    seed(&db, "c", docs).await;
    // Matches price <= 1.99 and documents without a price.
    assert_eq!(ids(&db, "c", doc! { "price": { "$not": { "$gt": 1.99 } } }).await, vec![1, 3, 4]);
    assert_eq!(ids(&db, "c", doc! { "item": { "$not": re("^p.*", "") } }).await, vec![2, 4]);
    assert_eq!(ids(&db, "c", doc! { "item": { "$not": { "$regex": "^p" } } }).await, vec![2, 4]);
}

pub async fn logical_operators_reject_bad_arguments(db: Db) {
    seed(&db, "c", vec![doc! { "_id": 1 }]).await;
    for filter in [doc! { "$or": [] }, doc! { "$and": 1 }, doc! { "$nor": [1] }, doc! { "a": { "$not": 5 } }] {
        assert!(db.find("c", filter.clone(), Default::default()).await.is_err(), "{filter} should be rejected");
    }
}

/// The `$exists` example of the manual.
pub async fn exists_operator(db: Db) {
    let docs = vec![
        doc! { "_id": 1, "a": 5, "b": 5, "c": null },
        doc! { "_id": 2, "a": 3, "b": null, "c": 8 },
        doc! { "_id": 3, "a": null, "b": 3, "c": 9 },
        doc! { "_id": 4, "a": 1, "b": 2, "c": 3 },
        doc! { "_id": 5, "a": 2, "c": 5 },
        doc! { "_id": 6, "a": 3, "b": 2 },
        doc! { "_id": 7, "a": 4 },
        doc! { "_id": 8, "b": 2, "c": 4 },
        doc! { "_id": 9, "b": 2 },
        doc! { "_id": 10, "c": 6 },
    ];
    seed(&db, "records", docs).await;
    assert_eq!(ids(&db, "records", doc! { "a": { "$exists": false } }).await, vec![8, 9, 10]);
    assert_eq!(ids(&db, "records", doc! { "c": { "$exists": true } }).await, vec![1, 2, 3, 4, 5, 8, 10]);
    assert_eq!(ids(&db, "records", doc! { "b": null }).await, vec![2, 5, 7, 10]);
    assert_eq!(ids(&db, "records", doc! { "a": { "$exists": true, "$nin": [5, 3, null] } }).await, vec![4, 5, 7]);
}

/// "Query for Null or Missing Fields": `null` matches null and missing; `$type: 10` only null.
pub async fn null_matches_missing(db: Db) {
    let docs = vec![
        doc! { "_id": 1, "item": null },
        doc! { "_id": 2 },
        doc! { "_id": 3, "item": [1, null] },
        doc! { "_id": 4, "item": 0 },
    ];
    seed(&db, "c", docs).await;
    assert_eq!(ids(&db, "c", doc! { "item": null }).await, vec![1, 2, 3]);
    assert_eq!(ids(&db, "c", doc! { "item": { "$eq": null } }).await, vec![1, 2, 3]);
    assert_eq!(ids(&db, "c", doc! { "item": { "$type": 10 } }).await, vec![1, 3]);
    assert_eq!(ids(&db, "c", doc! { "item": { "$type": "null" } }).await, vec![1, 3]);
    assert_eq!(ids(&db, "c", doc! { "item": { "$exists": false } }).await, vec![2]);
}

/// `$type` by alias and number, `"number"`, several types, and arrays (matched by element type).
pub async fn type_operator(db: Db) {
    let docs = vec![
        doc! { "_id": 1, "zip": "10012" },
        doc! { "_id": 2, "zip": 10012_i32 },
        doc! { "_id": 3, "zip": 10012_i64 },
        doc! { "_id": 4, "zip": 2.5 },
        doc! { "_id": 5, "zip": ["10012", 5_i32] },
        doc! { "_id": 6 },
        doc! { "_id": 7, "zip": { "code": 1 } },
        doc! { "_id": 8, "zip": true },
    ];
    seed(&db, "c", docs).await;
    assert_eq!(ids(&db, "c", doc! { "zip": { "$type": "string" } }).await, vec![1, 5]);
    assert_eq!(ids(&db, "c", doc! { "zip": { "$type": 2 } }).await, vec![1, 5]);
    assert_eq!(ids(&db, "c", doc! { "zip": { "$type": "number" } }).await, vec![2, 3, 4, 5]);
    assert_eq!(ids(&db, "c", doc! { "zip": { "$type": "int" } }).await, vec![2, 5]);
    assert_eq!(ids(&db, "c", doc! { "zip": { "$type": "long" } }).await, vec![3]);
    assert_eq!(ids(&db, "c", doc! { "zip": { "$type": "double" } }).await, vec![4]);
    assert_eq!(ids(&db, "c", doc! { "zip": { "$type": "array" } }).await, vec![5]);
    assert_eq!(ids(&db, "c", doc! { "zip": { "$type": "object" } }).await, vec![7]);
    assert_eq!(ids(&db, "c", doc! { "zip": { "$type": "bool" } }).await, vec![8]);
    assert_eq!(ids(&db, "c", doc! { "zip": { "$type": ["string", "double"] } }).await, vec![1, 4, 5]);
}

/// The `$regex` examples of the manual.
pub async fn regex_operator(db: Db) {
    let docs = vec![
        doc! { "_id": 100, "sku": "abc123", "description": "Single line description." },
        doc! { "_id": 101, "sku": "abc789", "description": "First line\nSecond line" },
        doc! { "_id": 102, "sku": "xyz456", "description": "Many spaces before     line" },
        doc! { "_id": 103, "sku": "xyz789", "description": "Multiple\nline description" },
        doc! { "_id": 104, "sku": "Abc789", "description": "SKU is uppercase" },
        doc! { "_id": 105, "sku": 789 },
        doc! { "_id": 106, "tags": ["zz", "apple"] },
    ];
    seed(&db, "products", docs).await;
    assert_eq!(ids(&db, "products", doc! { "sku": { "$regex": re("789$", "") } }).await, vec![101, 103, 104]);
    assert_eq!(ids(&db, "products", doc! { "sku": { "$regex": "789$" } }).await, vec![101, 103, 104]);
    assert_eq!(ids(&db, "products", doc! { "sku": { "$regex": "^ABC", "$options": "i" } }).await, vec![100, 101, 104]);
    assert_eq!(ids(&db, "products", doc! { "sku": re("^ABC", "i") }).await, vec![100, 101, 104]);
    assert_eq!(ids(&db, "products", doc! { "sku": re("^abc", "") }).await, vec![100, 101]);
    assert_eq!(
        ids(&db, "products", doc! { "description": { "$regex": "^S", "$options": "m" } }).await,
        vec![100, 101, 104]
    );
    assert_eq!(ids(&db, "products", doc! { "description": { "$regex": "^S" } }).await, vec![100, 104]);
    assert_eq!(
        ids(&db, "products", doc! { "description": { "$regex": "m.*line", "$options": "si" } }).await,
        vec![102, 103]
    );
    assert_eq!(ids(&db, "products", doc! { "tags": re("^a", "") }).await, vec![106]);
    let not = ids(&db, "products", doc! { "sku": { "$not": re("^abc", "") } }).await;
    assert_eq!(not, vec![102, 103, 104, 105, 106]);
}

/// The `$all` examples; an empty `$all` matches nothing.
pub async fn all_operator(db: Db) {
    let docs = vec![
        doc! { "_id": 1, "tags": ["appliance", "school", "book"] },
        doc! { "_id": 2, "tags": ["school", "book"] },
        doc! { "_id": 3, "tags": "school" },
        doc! { "_id": 4, "tags": ["appliance"] },
    ];
    seed(&db, "c", docs).await;
    assert_eq!(ids(&db, "c", doc! { "tags": { "$all": ["book", "school"] } }).await, vec![1, 2]);
    assert_eq!(ids(&db, "c", doc! { "tags": { "$all": ["school"] } }).await, vec![1, 2, 3]);
    assert_eq!(ids(&db, "c", doc! { "tags": { "$all": [] } }).await, Vec::<i64>::new());
}

/// The `$elemMatch` examples, against the same conditions without it.
pub async fn elem_match_operator(db: Db) {
    seed(&db, "scores", vec![doc! { "_id": 1, "results": [82, 85, 88] }, doc! { "_id": 2, "results": [75, 88, 89] }])
        .await;
    assert_eq!(ids(&db, "scores", doc! { "results": { "$elemMatch": { "$gte": 80, "$lt": 85 } } }).await, vec![1]);
    let docs = vec![
        doc! { "_id": 1, "results": [{ "product": "abc", "score": 10 }, { "product": "xyz", "score": 5 }] },
        doc! { "_id": 2, "results": [{ "product": "abc", "score": 8 }, { "product": "xyz", "score": 7 }] },
        doc! { "_id": 3, "results": [{ "product": "abc", "score": 7 }, { "product": "xyz", "score": 8 }] },
        doc! { "_id": 4, "results": [{ "product": "abc", "score": 7 }, { "product": "def", "score": 8 }] },
    ];
    seed(&db, "survey", docs).await;
    let elem = doc! { "results": { "$elemMatch": { "product": "xyz", "score": { "$gte": 8 } } } };
    assert_eq!(ids(&db, "survey", elem).await, vec![3]);
    let loose = doc! { "results.product": "xyz", "results.score": { "$gte": 8 } };
    assert_eq!(ids(&db, "survey", loose).await, vec![1, 2, 3]);
}

pub async fn size_operator(db: Db) {
    let docs = vec![
        doc! { "_id": 1, "tags": ["a", "b"] },
        doc! { "_id": 2, "tags": ["a"] },
        doc! { "_id": 3, "tags": [] },
        doc! { "_id": 4, "tags": "ab" },
        doc! { "_id": 5 },
    ];
    seed(&db, "c", docs).await;
    assert_eq!(ids(&db, "c", doc! { "tags": { "$size": 2 } }).await, vec![1]);
    assert_eq!(ids(&db, "c", doc! { "tags": { "$size": 1 } }).await, vec![2]);
    assert_eq!(ids(&db, "c", doc! { "tags": { "$size": 0 } }).await, vec![3]);
}

/// The `$mod` example; a divisor without a remainder is an error.
pub async fn mod_operator(db: Db) {
    let docs = vec![
        doc! { "_id": 1, "item": "abc123", "qty": 0 },
        doc! { "_id": 2, "item": "xyz123", "qty": 5 },
        doc! { "_id": 3, "item": "ijk123", "qty": 12 },
        doc! { "_id": 4, "item": "str", "qty": "12" },
    ];
    seed(&db, "inventory", docs).await;
    assert_eq!(ids(&db, "inventory", doc! { "qty": { "$mod": [4, 0] } }).await, vec![1, 3]);
    assert_eq!(ids(&db, "inventory", doc! { "qty": { "$mod": [4, 1] } }).await, vec![2]);
    let err = db.find("inventory", doc! { "qty": { "$mod": [4] } }, Default::default()).await;
    assert!(err.is_err(), "$mod with one element must fail");
}

/// "Query on Embedded/Nested Documents": whole-document equality is exact and ordered.
pub async fn dotted_paths_into_documents(db: Db) {
    seed(&db, "inventory", nested_inventory()).await;
    assert_eq!(ids(&db, "inventory", doc! { "size": { "h": 14, "w": 21, "uom": "cm" } }).await, vec![1]);
    assert_eq!(ids(&db, "inventory", doc! { "size": { "w": 21, "h": 14, "uom": "cm" } }).await, Vec::<i64>::new());
    assert_eq!(ids(&db, "inventory", doc! { "size.uom": "in" }).await, vec![2, 3]);
    assert_eq!(ids(&db, "inventory", doc! { "size.h": { "$lt": 15 } }).await, vec![1, 2, 3, 5]);
    let and = doc! { "size.h": { "$lt": 15 }, "size.uom": "in", "status": "D" };
    assert_eq!(ids(&db, "inventory", and).await, vec![3]);
    assert_eq!(ids(&db, "inventory", doc! { "size.nothing.deeper": null }).await, vec![1, 2, 3, 4, 5]);
}

/// "Query an Array of Embedded Documents".
pub async fn dotted_paths_into_arrays_of_documents(db: Db) {
    let docs = vec![
        doc! { "_id": 1, "item": "journal", "instock": [{ "warehouse": "A", "qty": 5 }, { "warehouse": "C", "qty": 15 }] },
        doc! { "_id": 2, "item": "notebook", "instock": [{ "warehouse": "C", "qty": 5 }] },
        doc! { "_id": 3, "item": "paper", "instock": [{ "warehouse": "A", "qty": 60 }, { "warehouse": "B", "qty": 15 }] },
        doc! { "_id": 4, "item": "planner", "instock": [{ "warehouse": "A", "qty": 40 }, { "warehouse": "B", "qty": 5 }] },
        doc! { "_id": 5, "item": "postcard", "instock": [{ "warehouse": "B", "qty": 15 }, { "warehouse": "C", "qty": 35 }] },
    ];
    seed(&db, "inventory", docs).await;
    let q = |f: Document| ids(&db, "inventory", f);
    assert_eq!(q(doc! { "instock": { "warehouse": "A", "qty": 5 } }).await, vec![1]);
    assert_eq!(q(doc! { "instock": { "qty": 5, "warehouse": "A" } }).await, Vec::<i64>::new());
    assert_eq!(q(doc! { "instock.0.qty": { "$lte": 20 } }).await, vec![1, 2, 5]);
    assert_eq!(q(doc! { "instock.qty": { "$lte": 20 } }).await, vec![1, 2, 3, 4, 5]);
    assert_eq!(q(doc! { "instock": { "$elemMatch": { "qty": 5, "warehouse": "A" } } }).await, vec![1]);
    assert_eq!(q(doc! { "instock": { "$elemMatch": { "qty": { "$gt": 10, "$lte": 20 } } } }).await, vec![1, 3, 5]);
    assert_eq!(q(doc! { "instock.qty": { "$gt": 10, "$lte": 20 } }).await, vec![1, 3, 4, 5]);
    assert_eq!(q(doc! { "instock.qty": 5, "instock.warehouse": "A" }).await, vec![1, 4]);
}

/// "Query an Array".
pub async fn array_field_matching(db: Db) {
    let docs = vec![
        doc! { "_id": 1, "item": "journal", "qty": 25, "tags": ["blank", "red"], "dim_cm": [14, 21] },
        doc! { "_id": 2, "item": "notebook", "qty": 50, "tags": ["red", "blank"], "dim_cm": [14, 21] },
        doc! { "_id": 3, "item": "paper", "qty": 100, "tags": ["red", "blank", "plain"], "dim_cm": [14, 21] },
        doc! { "_id": 4, "item": "planner", "qty": 75, "tags": ["blank", "red"], "dim_cm": [22.85, 30] },
        doc! { "_id": 5, "item": "postcard", "qty": 45, "tags": ["blue"], "dim_cm": [10, 15.25] },
    ];
    seed(&db, "inventory", docs).await;
    let q = |f: Document| ids(&db, "inventory", f);
    assert_eq!(q(doc! { "tags": ["red", "blank"] }).await, vec![2]);
    assert_eq!(q(doc! { "tags": { "$all": ["red", "blank"] } }).await, vec![1, 2, 3, 4]);
    assert_eq!(q(doc! { "tags": "red" }).await, vec![1, 2, 3, 4]);
    assert_eq!(q(doc! { "dim_cm": { "$gt": 25 } }).await, vec![4]);
    assert_eq!(q(doc! { "dim_cm": { "$gt": 15, "$lt": 20 } }).await, vec![1, 2, 3, 5]);
    assert_eq!(q(doc! { "dim_cm": { "$elemMatch": { "$gt": 22, "$lt": 30 } } }).await, vec![4]);
    assert_eq!(q(doc! { "dim_cm.1": { "$gt": 25 } }).await, vec![4]);
    assert_eq!(q(doc! { "tags": { "$size": 3 } }).await, vec![3]);
    assert_eq!(q(doc! { "tags.1": "blank" }).await, vec![2, 3]);
    assert_eq!(q(doc! { "tags": { "$in": ["blue", "plain"] } }).await, vec![3, 5]);
}

pub async fn unknown_query_operator_is_named(db: Db) {
    seed(&db, "c", vec![doc! { "_id": 1, "a": 1 }]).await;
    assert_unknown_operator(db.find("c", doc! { "a": { "$foo": 1 } }, Default::default()).await, "$foo");
    assert_unknown_operator(db.find("c", doc! { "$bar": [{ "a": 1 }] }, Default::default()).await, "$bar");
    assert_unknown_operator(db.count("c", doc! { "a": { "$baz": 1 } }).await, "$baz");
    let update = doc! { "$set": { "b": 1 } };
    assert_unknown_operator(db.update("c", doc! { "a": { "$qux": 1 } }, update, Default::default()).await, "$qux");
}
