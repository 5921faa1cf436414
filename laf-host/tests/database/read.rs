//! Sort (across BSON types and over arrays), skip, limit and projection.

use laf_host::bindings::database::bson::{Binary, DateTime, Timestamp, spec::BinarySubtype};
use laf_host::bindings::database::{Bson, Document, FindOptions, ObjectId, doc};

use crate::support::*;

fn sorted(sort: Document) -> FindOptions {
    FindOptions { sort: Some(sort), ..FindOptions::default() }
}

/// MongoDB's comparison order: MinKey, null, numbers, strings, objects, arrays, binary data,
/// ObjectId, booleans, dates, timestamps, regular expressions, MaxKey.
pub async fn sort_across_types(db: Db) {
    let binary = Bson::Binary(Binary { subtype: BinarySubtype::Generic, bytes: vec![1] });
    let oid = ObjectId::parse_str("5f0000000000000000000001").expect("oid");
    let docs = vec![
        doc! { "_id": 1, "v": null },
        doc! { "_id": 2, "v": 5 },
        doc! { "_id": 3, "v": 2.5 },
        doc! { "_id": 4, "v": "b" },
        doc! { "_id": 5, "v": "a" },
        doc! { "_id": 6, "v": { "x": 1 } },
        doc! { "_id": 7, "v": oid },
        doc! { "_id": 8, "v": false },
        doc! { "_id": 9, "v": true },
        doc! { "_id": 10, "v": DateTime::from_millis(0) },
        doc! { "_id": 11, "v": 10_i64 },
        doc! { "_id": 12, "v": binary },
        doc! { "_id": 13, "v": Timestamp { time: 1, increment: 1 } },
        doc! { "_id": 14, "v": re("a", "") },
        doc! { "_id": 15, "v": Bson::MaxKey },
        doc! { "_id": 16, "v": Bson::MinKey },
    ];
    seed(&db, "c", docs).await;
    let ascending = vec![16, 1, 3, 2, 11, 5, 4, 6, 12, 7, 8, 9, 10, 13, 14, 15];
    assert_eq!(ids_in_order(&db, "c", doc! {}, sorted(doc! { "v": 1 })).await, ascending);
    let descending: Vec<i64> = ascending.iter().rev().copied().collect();
    assert_eq!(ids_in_order(&db, "c", doc! {}, sorted(doc! { "v": -1 })).await, descending);
}

/// An array sorts by its smallest element ascending and by its largest descending.
pub async fn sort_arrays_by_min_or_max_element(db: Db) {
    let docs = vec![
        doc! { "_id": 1, "a": [1, 5] },
        doc! { "_id": 2, "a": 3 },
        doc! { "_id": 3, "a": [2, 4] },
        doc! { "_id": 4, "a": [0, 3.5] },
    ];
    seed(&db, "c", docs).await;
    assert_eq!(ids_in_order(&db, "c", doc! {}, sorted(doc! { "a": 1 })).await, vec![4, 1, 3, 2]);
    assert_eq!(ids_in_order(&db, "c", doc! {}, sorted(doc! { "a": -1 })).await, vec![1, 3, 4, 2]);
}

pub async fn sort_compound_and_nested(db: Db) {
    let docs = vec![
        doc! { "_id": 1, "a": 1, "b": 1, "size": { "h": 14 } },
        doc! { "_id": 2, "a": 1, "b": 2, "size": { "h": 8.5 } },
        doc! { "_id": 3, "a": 0, "b": 5, "size": { "h": 8.5 } },
        doc! { "_id": 4, "a": 2, "b": 0, "size": { "h": 22.85 } },
        doc! { "_id": 5, "a": 2, "b": 9, "size": { "h": 10 } },
    ];
    seed(&db, "c", docs).await;
    assert_eq!(ids_in_order(&db, "c", doc! {}, sorted(doc! { "a": 1, "b": -1 })).await, vec![3, 2, 1, 5, 4]);
    assert_eq!(ids_in_order(&db, "c", doc! {}, sorted(doc! { "size.h": 1, "_id": 1 })).await, vec![2, 3, 5, 1, 4]);
    assert_eq!(ids_in_order(&db, "c", doc! {}, sorted(doc! { "size.h": -1, "_id": -1 })).await, vec![4, 1, 5, 3, 2]);
    let filtered = ids_in_order(&db, "c", doc! { "a": { "$gte": 1 } }, sorted(doc! { "b": -1 })).await;
    assert_eq!(filtered, vec![5, 2, 1, 4]);
}

pub async fn skip_and_limit(db: Db) {
    seed(&db, "c", (1..=5).map(|i| doc! { "_id": i }).collect()).await;
    let page = |skip: u64, limit: Option<u64>, dir: i32| FindOptions {
        sort: Some(doc! { "_id": dir }),
        skip,
        limit,
        ..FindOptions::default()
    };
    assert_eq!(ids_in_order(&db, "c", doc! {}, page(1, Some(2), 1)).await, vec![2, 3]);
    assert_eq!(ids_in_order(&db, "c", doc! {}, page(4, Some(10), 1)).await, vec![5]);
    assert_eq!(ids_in_order(&db, "c", doc! {}, page(10, None, 1)).await, Vec::<i64>::new());
    assert_eq!(ids_in_order(&db, "c", doc! {}, page(0, Some(3), 1)).await, vec![1, 2, 3]);
    assert_eq!(ids_in_order(&db, "c", doc! {}, page(1, Some(2), -1)).await, vec![4, 3]);
    let unsorted = FindOptions { limit: Some(2), ..FindOptions::default() };
    assert_eq!(db.find("c", doc! {}, unsorted).await.expect("find").len(), 2);
}

fn journal() -> Document {
    doc! {
        "_id": 1, "item": "journal", "status": "A",
        "size": { "h": 14, "w": 21, "uom": "cm" },
        "instock": [{ "warehouse": "A", "qty": 5 }, { "warehouse": "C", "qty": 15 }],
    }
}

async fn projected(db: &Db, projection: Document) -> Document {
    let options = FindOptions { projection: Some(projection), ..FindOptions::default() };
    db.find_one("inventory", doc! { "_id": 1 }, options).await.expect("find_one").expect("the journal")
}

/// "Project Fields to Return from Query".
pub async fn projection_inclusion(db: Db) {
    seed(&db, "inventory", vec![journal()]).await;
    let got = projected(&db, doc! { "item": 1, "status": 1 }).await;
    same_docs(&[got], &[doc! { "_id": 1, "item": "journal", "status": "A" }]);
    let got = projected(&db, doc! { "item": 1, "status": 1, "_id": 0 }).await;
    same_docs(&[got], &[doc! { "item": "journal", "status": "A" }]);
    let got = projected(&db, doc! { "nothing": 1 }).await;
    same_docs(&[got], &[doc! { "_id": 1 }]);
}

pub async fn projection_exclusion(db: Db) {
    seed(&db, "inventory", vec![journal()]).await;
    let got = projected(&db, doc! { "status": 0, "instock": 0 }).await;
    same_docs(&[got], &[doc! { "_id": 1, "item": "journal", "size": { "h": 14, "w": 21, "uom": "cm" } }]);
    let mut without_id = journal();
    without_id.remove("_id");
    let got = projected(&db, doc! { "_id": 0 }).await;
    same_docs(&[got], &[without_id]);
}

pub async fn projection_of_embedded_fields(db: Db) {
    seed(&db, "inventory", vec![journal()]).await;
    let got = projected(&db, doc! { "item": 1, "size.uom": 1 }).await;
    same_docs(&[got], &[doc! { "_id": 1, "item": "journal", "size": { "uom": "cm" } }]);
    let got = projected(&db, doc! { "size.uom": 0, "instock": 0 }).await;
    same_docs(&[got], &[doc! { "_id": 1, "item": "journal", "status": "A", "size": { "h": 14, "w": 21 } }]);
    let got = projected(&db, doc! { "item": 1, "instock.qty": 1 }).await;
    same_docs(&[got], &[doc! { "_id": 1, "item": "journal", "instock": [{ "qty": 5 }, { "qty": 15 }] }]);
}

pub async fn projection_mixed_is_rejected(db: Db) {
    seed(&db, "inventory", vec![journal()]).await;
    let options = FindOptions { projection: Some(doc! { "item": 1, "status": 0 }), ..FindOptions::default() };
    assert!(db.find("inventory", doc! {}, options).await.is_err(), "inclusion and exclusion cannot mix");
}
