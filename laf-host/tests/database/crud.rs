//! Inserts, deletes, counts, distinct and collections.

use laf_host::bindings::database::{Bson, DbError, FindOptions, doc};

use crate::support::*;

pub async fn insert_one_generates_object_id(db: Db) {
    let id = db.insert_one("c", doc! { "a": 1 }).await.expect("insert");
    assert!(matches!(id, Bson::ObjectId(_)), "generated _id should be an ObjectId, got {id:?}");
    let found = db.find_one("c", doc! { "_id": id.clone() }, FindOptions::default()).await.expect("find").expect("doc");
    assert_eq!(found.get("_id"), Some(&id));
    same(found.get("a").expect("a"), &Bson::Int32(1));
}

pub async fn insert_one_keeps_given_id(db: Db) {
    let id = db.insert_one("c", doc! { "_id": "x", "a": 1 }).await.expect("insert");
    assert_eq!(id, Bson::String("x".into()));
    assert_eq!(db.count("c", doc! { "_id": "x" }).await.expect("count"), 1);
}

pub async fn duplicate_id_is_rejected(db: Db) {
    db.insert_one("c", doc! { "_id": 1, "v": "first" }).await.expect("insert");
    let err = db.insert_one("c", doc! { "_id": 1, "v": "second" }).await.expect_err("duplicate _id");
    assert!(matches!(err, DbError::DuplicateKey(_)), "{err:?}");
    assert_eq!(err.code(), 11000);
    assert!(err.to_string().contains("E11000 duplicate key error"), "{err}");
    assert_eq!(get(&db, "c", 1).await.get_str("v").expect("v"), "first");
}

pub async fn insert_many_returns_ids_in_order(db: Db) {
    let ids =
        db.insert_many("c", vec![doc! { "_id": 1 }, doc! { "a": 2 }, doc! { "_id": "three" }]).await.expect("insert");
    assert_eq!(ids.len(), 3);
    assert_eq!(ids[0], Bson::Int32(1));
    assert!(matches!(ids[1], Bson::ObjectId(_)), "{:?}", ids[1]);
    assert_eq!(ids[2], Bson::String("three".into()));
    assert_eq!(db.count("c", doc! {}).await.expect("count"), 3);
}

/// MongoDB's ordered insertMany: the first error stops it, the documents before it stay.
pub async fn insert_many_stops_at_first_error(db: Db) {
    let docs = vec![doc! { "_id": 1 }, doc! { "_id": 2 }, doc! { "_id": 1 }, doc! { "_id": 3 }];
    let err = db.insert_many("c", docs).await.expect_err("duplicate inside the batch");
    assert!(matches!(err, DbError::DuplicateKey(_)), "{err:?}");
    assert_eq!(ids(&db, "c", doc! {}).await, vec![1, 2]);
}

pub async fn delete_one_and_many(db: Db) {
    let docs = vec![
        doc! { "_id": 1, "k": "a" },
        doc! { "_id": 2, "k": "a" },
        doc! { "_id": 3, "k": "a" },
        doc! { "_id": 4, "k": "b" },
    ];
    seed(&db, "c", docs).await;
    assert_eq!(db.delete("c", doc! { "k": "a" }, false).await.expect("delete one"), 1);
    assert_eq!(db.count("c", doc! { "k": "a" }).await.expect("count"), 2);
    assert_eq!(db.delete("c", doc! { "k": "zzz" }, true).await.expect("delete none"), 0);
    assert_eq!(db.delete("c", doc! { "k": "a" }, true).await.expect("delete many"), 2);
    assert_eq!(ids(&db, "c", doc! {}).await, vec![4]);
    assert_eq!(db.delete("c", doc! {}, true).await.expect("delete all"), 1);
    assert_eq!(db.count("c", doc! {}).await.expect("count"), 0);
}

pub async fn count_with_filter(db: Db) {
    let docs = vec![
        doc! { "_id": 1, "qty": 5 },
        doc! { "_id": 2, "qty": 15 },
        doc! { "_id": 3, "qty": 25 },
        doc! { "_id": 4 },
    ];
    seed(&db, "c", docs).await;
    assert_eq!(db.count("c", doc! {}).await.expect("count"), 4);
    assert_eq!(db.count("c", doc! { "qty": { "$gt": 10 } }).await.expect("count"), 2);
    assert_eq!(db.count("c", doc! { "qty": { "$exists": false } }).await.expect("count"), 1);
}

/// The `distinct` examples of MongoDB's manual: array elements count one by one.
pub async fn distinct_flattens_arrays(db: Db) {
    let docs = vec![
        doc! { "_id": 1, "dept": "A", "item": { "sku": "111", "color": "red" }, "sizes": ["S", "M"] },
        doc! { "_id": 2, "dept": "A", "item": { "sku": "111", "color": "blue" }, "sizes": ["M", "L"] },
        doc! { "_id": 3, "dept": "B", "item": { "sku": "222", "color": "blue" }, "sizes": "S" },
        doc! { "_id": 4, "dept": "A", "item": { "sku": "333", "color": "black" }, "sizes": ["S"] },
    ];
    seed(&db, "inventory", docs).await;
    let s = |v: &[&str]| v.iter().map(|s| Bson::String(s.to_string())).collect::<Vec<_>>();
    let dept = db.distinct("inventory", "dept", doc! {}).await.expect("distinct");
    same_values_any_order(&dept, &s(&["A", "B"]));
    let sku = db.distinct("inventory", "item.sku", doc! {}).await.expect("distinct");
    same_values_any_order(&sku, &s(&["111", "222", "333"]));
    let sizes = db.distinct("inventory", "sizes", doc! {}).await.expect("distinct");
    same_values_any_order(&sizes, &s(&["M", "S", "L"]));
    let filtered = db.distinct("inventory", "item.sku", doc! { "dept": "A" }).await.expect("distinct");
    same_values_any_order(&filtered, &s(&["111", "333"]));
}

pub async fn find_one_takes_first_in_sort_order(db: Db) {
    let docs = vec![doc! { "_id": 1, "score": 5 }, doc! { "_id": 2, "score": 9 }, doc! { "_id": 3, "score": 7 }];
    seed(&db, "c", docs).await;
    let options = FindOptions { sort: Some(doc! { "score": -1 }), ..FindOptions::default() };
    let top = db.find_one("c", doc! {}, options).await.expect("find_one").expect("a document");
    assert_eq!(int(top.get("_id").expect("_id")), 2);
    let none = db.find_one("c", doc! { "score": 100 }, FindOptions::default()).await.expect("find_one");
    assert!(none.is_none());
}

pub async fn collection_names_are_validated(db: Db) {
    for name in ["", "a$b", "system.users"] {
        let err = db.insert_one(name, doc! { "a": 1 }).await.expect_err("bad collection name");
        assert!(matches!(err, DbError::InvalidName(_)), "{name:?}: {err:?}");
        let err = db.find(name, doc! {}, FindOptions::default()).await.expect_err("bad collection name");
        assert!(matches!(err, DbError::InvalidName(_)), "{name:?}: {err:?}");
    }
}

pub async fn list_and_drop_collections(db: Db) {
    db.insert_one("a", doc! { "x": 1 }).await.expect("insert");
    db.insert_one("b", doc! { "x": 1 }).await.expect("insert");
    let mut names = db.list_collections().await.expect("list");
    names.sort();
    assert_eq!(names, vec!["a".to_string(), "b".to_string()]);
    assert!(db.drop_collection("a").await.expect("drop"));
    assert!(!db.drop_collection("a").await.expect("drop again"));
    assert_eq!(db.list_collections().await.expect("list"), vec!["b".to_string()]);
    assert!(db.find("a", doc! {}, FindOptions::default()).await.expect("find").is_empty());
}

pub async fn missing_collection_reads_as_empty(db: Db) {
    assert!(db.find("nothing", doc! {}, FindOptions::default()).await.expect("find").is_empty());
    assert_eq!(db.count("nothing", doc! {}).await.expect("count"), 0);
    assert!(db.distinct("nothing", "a", doc! {}).await.expect("distinct").is_empty());
    assert!(db.aggregate("nothing", vec![doc! { "$match": {} }]).await.expect("aggregate").is_empty());
    assert_eq!(db.delete("nothing", doc! {}, true).await.expect("delete"), 0);
    let r = db.update("nothing", doc! {}, doc! { "$set": { "a": 1 } }, Default::default()).await.expect("update");
    assert_eq!((r.matched, r.modified, r.upserted_id), (0, 0, None));
}
