//! Indexes: names, listing, dropping, unique constraints, and queries that do not change with them.

use laf_host::bindings::database::{Bson, DbError, Document, FindOptions, IndexOptions, doc};

use crate::support::*;

fn named(name: &str) -> IndexOptions {
    IndexOptions { name: Some(name.to_string()), unique: false }
}

fn unique() -> IndexOptions {
    IndexOptions { name: None, unique: true }
}

async fn index_names(db: &Db, coll: &str) -> Vec<String> {
    let mut names: Vec<String> = db
        .list_indexes(coll)
        .await
        .expect("list indexes")
        .iter()
        .map(|i| i.get_str("name").expect("index name").to_string())
        .collect();
    names.sort();
    names
}

fn key_fields(index: &Document) -> Vec<(String, Bson)> {
    let key = index.get_document("key").expect("index key");
    key.iter().map(|(k, v)| (k.clone(), norm(v))).collect()
}

#[track_caller]
fn assert_duplicate(err: DbError) {
    assert!(matches!(err, DbError::DuplicateKey(_)), "{err:?}");
    assert_eq!(err.code(), 11000);
    assert!(err.to_string().contains("E11000 duplicate key error"), "{err}");
}

pub async fn index_names_and_listing(db: Db) {
    seed(&db, "c", vec![doc! { "_id": 1, "a": 1, "b": 2 }]).await;
    assert_eq!(db.create_index("c", doc! { "a": 1 }, IndexOptions::default()).await.expect("index"), "a_1");
    assert_eq!(
        db.create_index("c", doc! { "a": 1, "b": -1 }, IndexOptions::default()).await.expect("index"),
        "a_1_b_-1"
    );
    assert_eq!(db.create_index("c", doc! { "x.y": 1 }, named("custom")).await.expect("index"), "custom");
    assert_eq!(index_names(&db, "c").await, vec!["_id_", "a_1", "a_1_b_-1", "custom"]);
    for index in db.list_indexes("c").await.expect("list") {
        assert!(index.contains_key("v"), "{index:?} lacks v");
        assert_ne!(index.get("unique"), Some(&Bson::Boolean(true)), "{index:?}");
        let expected: Vec<(String, Bson)> = match index.get_str("name").expect("name") {
            "_id_" => vec![("_id".into(), Bson::Double(1.0))],
            "a_1" => vec![("a".into(), Bson::Double(1.0))],
            "a_1_b_-1" => vec![("a".into(), Bson::Double(1.0)), ("b".into(), Bson::Double(-1.0))],
            "custom" => vec![("x.y".into(), Bson::Double(1.0))],
            other => panic!("unexpected index {other}"),
        };
        assert_eq!(key_fields(&index), expected);
    }
}

pub async fn create_same_index_twice(db: Db) {
    seed(&db, "c", vec![doc! { "_id": 1, "a": 1 }]).await;
    let first = db.create_index("c", doc! { "a": 1 }, IndexOptions::default()).await.expect("index");
    let second = db.create_index("c", doc! { "a": 1 }, IndexOptions::default()).await.expect("same index again");
    assert_eq!(first, second);
    assert_eq!(index_names(&db, "c").await, vec!["_id_", "a_1"]);
}

pub async fn drop_index(db: Db) {
    seed(&db, "c", vec![doc! { "_id": 1, "a": 1 }]).await;
    db.create_index("c", doc! { "a": 1 }, IndexOptions::default()).await.expect("index");
    db.drop_index("c", "a_1").await.expect("drop index");
    assert_eq!(index_names(&db, "c").await, vec!["_id_"]);
    assert!(db.drop_index("c", "a_1").await.is_err(), "dropping a missing index fails");
    assert_eq!(ids(&db, "c", doc! { "a": 1 }).await, vec![1]);
}

pub async fn unique_index_rejects_duplicates(db: Db) {
    seed(&db, "users", vec![doc! { "_id": 1, "email": "a@x" }, doc! { "_id": 2, "email": "b@x" }]).await;
    let name = db.create_index("users", doc! { "email": 1 }, unique()).await.expect("unique index");
    let listed = db.list_indexes("users").await.expect("list");
    let index = listed.iter().find(|i| i.get_str("name").ok() == Some(name.as_str())).expect("listed");
    assert_eq!(index.get("unique"), Some(&Bson::Boolean(true)));
    assert_duplicate(db.insert_one("users", doc! { "_id": 3, "email": "a@x" }).await.expect_err("duplicate insert"));
    let update = db.update("users", doc! { "_id": 2 }, doc! { "$set": { "email": "a@x" } }, Default::default()).await;
    assert_duplicate(update.expect_err("duplicate update"));
    let many =
        db.insert_many("users", vec![doc! { "_id": 4, "email": "c@x" }, doc! { "_id": 5, "email": "c@x" }]).await;
    assert_duplicate(many.expect_err("duplicate in insert_many"));
    assert_eq!(ids(&db, "users", doc! {}).await, vec![1, 2, 4]);
    assert_eq!(get(&db, "users", 2).await.get_str("email").expect("email"), "b@x");
}

pub async fn unique_index_creation_fails_on_duplicates(db: Db) {
    seed(&db, "users", vec![doc! { "_id": 1, "email": "a@x" }, doc! { "_id": 2, "email": "a@x" }]).await;
    let r = db.create_index("users", doc! { "email": 1 }, unique()).await;
    assert!(r.is_err(), "existing duplicates must prevent a unique index, got {r:?}");
    assert_eq!(index_names(&db, "users").await, vec!["_id_"]);
    db.insert_one("users", doc! { "_id": 3, "email": "a@x" }).await.expect("no unique index was left behind");
}

/// A unique index holds one document without the field (stored as null), not two.
pub async fn unique_index_treats_missing_as_null(db: Db) {
    db.create_index("users", doc! { "email": 1 }, unique()).await.expect("unique index");
    db.insert_one("users", doc! { "_id": 1 }).await.expect("first without email");
    assert_duplicate(db.insert_one("users", doc! { "_id": 2 }).await.expect_err("second without email"));
    assert_duplicate(db.insert_one("users", doc! { "_id": 3, "email": null }).await.expect_err("explicit null"));
}

fn varied() -> Vec<Document> {
    let values: Vec<Bson> = vec![
        Bson::Int32(1),
        Bson::Int64(2),
        Bson::Double(2.5),
        Bson::Int32(3),
        Bson::String("a".into()),
        Bson::String("b".into()),
        Bson::Null,
        Bson::Array(vec![Bson::Int32(1), Bson::Int32(7)]),
        Bson::Array(vec![]),
        Bson::Document(doc! { "k": 1 }),
        Bson::Boolean(true),
        Bson::Double(-4.0),
    ];
    let mut docs = Vec::new();
    for i in 0..30_i32 {
        let mut d = doc! { "_id": i, "s": i % 4, "b": { "c": i % 5 } };
        if i % 13 != 12 {
            d.insert("a", values[(i as usize) % values.len()].clone());
        }
        docs.push(d);
    }
    // Beyond 2^53 a long and a double differ although their f64 images are equal.
    let big = 9_007_199_254_740_993_i64;
    docs.push(doc! { "_id": 100, "a": Bson::Int64(big), "s": 0, "b": { "c": 0 } });
    docs.push(doc! { "_id": 101, "a": Bson::Double((big - 1) as f64), "s": 0, "b": { "c": 0 } });
    docs.push(doc! { "_id": 102, "a": Bson::Int64(-big), "s": 0, "b": { "c": 0 } });
    docs
}

fn probes() -> Vec<Document> {
    vec![
        doc! { "a": 1 },
        doc! { "a": 2 },
        doc! { "a": 7 },
        doc! { "a": null },
        doc! { "a": [] },
        doc! { "a": { "$gt": 1 } },
        doc! { "a": { "$gte": 1, "$lt": 3 } },
        doc! { "a": { "$lte": "a" } },
        doc! { "a": { "$in": [1, "b", null] } },
        doc! { "a": { "$ne": 1 } },
        doc! { "a": { "$nin": [1, 2.5] } },
        doc! { "a": { "$exists": false } },
        doc! { "a": { "$type": "string" } },
        doc! { "a": { "k": 1 } },
        doc! { "a": 3, "s": 3 },
        doc! { "b.c": 2 },
        doc! { "b.c": { "$gt": 2 }, "s": { "$lt": 2 } },
        doc! { "$or": [{ "a": 1 }, { "b.c": 4 }] },
        doc! { "a": 9_007_199_254_740_992.0_f64 },
        doc! { "a": 9_007_199_254_740_993_i64 },
        doc! { "a": { "$gt": 9_007_199_254_740_992.0_f64 } },
        doc! { "a": { "$lte": -9_007_199_254_740_992.0_f64 } },
    ]
}

/// Indexes are an optimisation: every query, and every sort, returns what it did without them.
pub async fn queries_agree_with_and_without_index(db: Db) {
    seed(&db, "c", varied()).await;
    let sort = FindOptions { sort: Some(doc! { "a": 1, "_id": 1 }), ..FindOptions::default() };
    let mut before = Vec::new();
    for filter in probes() {
        before.push((ids(&db, "c", filter.clone()).await, ids_in_order(&db, "c", filter, sort.clone()).await));
    }
    db.create_index("c", doc! { "a": 1 }, IndexOptions::default()).await.expect("index a");
    db.create_index("c", doc! { "b.c": 1 }, IndexOptions::default()).await.expect("index b.c");
    db.create_index("c", doc! { "a": 1, "s": -1 }, IndexOptions::default()).await.expect("index a, s");
    for (filter, (unsorted, sorted)) in probes().into_iter().zip(before) {
        assert_eq!(ids(&db, "c", filter.clone()).await, unsorted, "{filter} with indexes");
        assert_eq!(ids_in_order(&db, "c", filter.clone(), sort.clone()).await, sorted, "{filter} sorted with indexes");
    }
    assert_eq!(
        ids(&db, "c", doc! { "a": 1 }).await,
        vec![0, 7, 19, 24],
        "a: 1 matches the ints and the arrays holding 1"
    );
    assert_eq!(ids(&db, "c", doc! { "a": 9_007_199_254_740_992.0_f64 }).await, vec![101], "longs compare exactly");
    assert_eq!(ids(&db, "c", doc! { "a": { "$gt": 9_007_199_254_740_992.0_f64 } }).await, vec![100]);
}

pub async fn drop_collection_drops_its_indexes(db: Db) {
    seed(&db, "c", vec![doc! { "_id": 1, "a": 1 }]).await;
    db.create_index("c", doc! { "a": 1 }, unique()).await.expect("unique index");
    assert!(db.drop_collection("c").await.expect("drop"));
    seed(&db, "c", vec![doc! { "_id": 1, "a": 1 }, doc! { "_id": 2, "a": 1 }]).await;
    assert_eq!(index_names(&db, "c").await, vec!["_id_"]);
}
