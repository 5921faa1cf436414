//! Two apps of one provider: neither can read, change or drop the other's data, whatever names
//! they use.

use laf_host::bindings::database::{FindOptions, IndexOptions, UpdateOptions, doc};

use crate::support::*;

pub async fn apps_cannot_see_each_others_documents(a: Db, b: Db) {
    seed(&a, "items", vec![doc! { "_id": 1, "owner": "a" }]).await;
    assert!(b.find("items", doc! {}, FindOptions::default()).await.expect("find").is_empty());
    assert_eq!(b.count("items", doc! {}).await.expect("count"), 0);
    assert!(b.distinct("items", "owner", doc! {}).await.expect("distinct").is_empty());
    assert!(b.aggregate("items", vec![doc! { "$match": {} }]).await.expect("aggregate").is_empty());
    assert!(!b.list_collections().await.expect("list").contains(&"items".to_string()));
    assert!(b.list_indexes("items").await.map(|i| i.is_empty()).unwrap_or(true), "b sees a's indexes");
    // The same _id in the same collection name is a different document.
    b.insert_one("items", doc! { "_id": 1, "owner": "b" }).await.expect("b's own document");
    assert_eq!(get(&a, "items", 1).await.get_str("owner").expect("owner"), "a");
    assert_eq!(get(&b, "items", 1).await.get_str("owner").expect("owner"), "b");
}

pub async fn apps_cannot_modify_each_others_documents(a: Db, b: Db) {
    seed(&a, "items", vec![doc! { "_id": 1, "owner": "a" }, doc! { "_id": 2, "owner": "a" }]).await;
    let multi = UpdateOptions { multi: true, upsert: false };
    let r = b.update("items", doc! {}, doc! { "$set": { "owner": "b" } }, multi).await.expect("update");
    assert_eq!((r.matched, r.modified), (0, 0));
    let r = b.replace_one("items", doc! { "_id": 1 }, doc! { "owner": "b" }, false).await.expect("replace");
    assert_eq!(r.matched, 0);
    let fam = b.find_one_and_update("items", doc! { "_id": 1 }, doc! { "$set": { "owner": "b" } }, Default::default());
    assert_eq!(fam.await.expect("find_one_and_update"), None);
    assert_eq!(b.delete("items", doc! {}, true).await.expect("delete"), 0);
    assert!(!b.drop_collection("items").await.expect("drop"), "b has no items collection to drop");
    assert_eq!(a.count("items", doc! { "owner": "a" }).await.expect("count"), 2);
    assert!(a.list_collections().await.expect("list").contains(&"items".to_string()));
}

pub async fn lookup_cannot_reach_another_app(a: Db, b: Db) {
    seed(&a, "secrets", vec![doc! { "_id": 1, "k": 1, "secret": "s" }]).await;
    seed(&b, "mine", vec![doc! { "_id": 1, "k": 1 }]).await;
    let pipeline =
        vec![doc! { "$lookup": { "from": "secrets", "localField": "k", "foreignField": "k", "as": "joined" } }];
    let out = b.aggregate("mine", pipeline).await.expect("aggregate");
    assert_eq!(out.len(), 1);
    assert!(out[0].get_array("joined").expect("joined").is_empty(), "b joined a's collection: {out:?}");
}

pub async fn indexes_are_per_app(a: Db, b: Db) {
    let unique = IndexOptions { name: None, unique: true };
    a.create_index("users", doc! { "email": 1 }, unique).await.expect("a's unique index");
    b.insert_one("users", doc! { "_id": 1, "email": "x" }).await.expect("insert");
    b.insert_one("users", doc! { "_id": 2, "email": "x" }).await.expect("a's unique index does not bind b");
    let names: Vec<String> = b
        .list_indexes("users")
        .await
        .expect("list")
        .iter()
        .map(|i| i.get_str("name").expect("name").to_string())
        .collect();
    assert_eq!(names, vec!["_id_".to_string()]);
    a.insert_one("users", doc! { "_id": 1, "email": "x" }).await.expect("insert");
    assert!(a.insert_one("users", doc! { "_id": 2, "email": "x" }).await.is_err(), "a's unique index binds a");
}
