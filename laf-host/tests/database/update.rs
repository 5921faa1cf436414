//! Update operators, upserts, replace and find-one-and-update: the examples of MongoDB's update
//! operator reference.

use laf_host::bindings::database::{
    Bson, DbError, Document, FindOneAndUpdateOptions, UpdateOptions, UpdateResult, doc,
};

use crate::support::*;

async fn one(db: &Db, filter: Document, update: Document) -> UpdateResult {
    match db.update("c", filter, update.clone(), UpdateOptions::default()).await {
        Ok(r) => r,
        Err(e) => panic!("update {update} failed: {e}"),
    }
}

async fn upsert(db: &Db, filter: Document, update: Document) -> UpdateResult {
    let options = UpdateOptions { multi: false, upsert: true };
    db.update("c", filter, update, options).await.expect("upsert")
}

fn counts(r: &UpdateResult) -> (u64, u64) {
    (r.matched, r.modified)
}

async fn without_id(db: &Db, id: i32) -> Document {
    let mut d = get(db, "c", id).await;
    d.remove("_id");
    d
}

/// The `$set` examples.
pub async fn set_operator(db: Db) {
    let product = doc! {
        "_id": 100, "quantity": 250, "instock": true, "reorder": false,
        "details": { "model": "14QQ", "make": "Clothes Corp" },
        "tags": ["apparel", "clothing"], "ratings": [{ "by": "Customer007", "rating": 4 }],
    };
    seed(&db, "c", vec![product]).await;
    let r = one(&db, doc! { "_id": 100 }, doc! { "$set": {
        "quantity": 500, "details": { "model": "2600", "make": "Fashionaires" }, "tags": ["coats", "outerwear", "clothing"],
    } })
    .await;
    assert_eq!(counts(&r), (1, 1));
    one(&db, doc! { "_id": 100 }, doc! { "$set": { "details.make": "Kustom Kidz" } }).await;
    one(&db, doc! { "_id": 100 }, doc! { "$set": { "tags.1": "rain gear", "ratings.0.rating": 2 } }).await;
    let expected = doc! {
        "_id": 100, "quantity": 500, "instock": true, "reorder": false,
        "details": { "model": "2600", "make": "Kustom Kidz" },
        "tags": ["coats", "rain gear", "clothing"], "ratings": [{ "by": "Customer007", "rating": 2 }],
    };
    same_docs(&[get(&db, "c", 100).await], &[expected]);
}

pub async fn set_creates_missing_paths(db: Db) {
    seed(&db, "c", vec![doc! { "_id": 1, "a": { "x": 1 } }]).await;
    one(&db, doc! { "_id": 1 }, doc! { "$set": { "b.c.d": 1, "a.y": 2 } }).await;
    same_docs(&[without_id(&db, 1).await], &[doc! { "a": { "x": 1, "y": 2 }, "b": { "c": { "d": 1 } } }]);
}

pub async fn noop_set_modifies_nothing(db: Db) {
    seed(&db, "c", vec![doc! { "_id": 1, "a": 1, "b": [1, 2] }]).await;
    assert_eq!(counts(&one(&db, doc! { "_id": 1 }, doc! { "$set": { "a": 1, "b": [1, 2] } }).await), (1, 0));
    assert_eq!(counts(&one(&db, doc! { "_id": 2 }, doc! { "$set": { "a": 1 } }).await), (0, 0));
}

/// The `$unset` examples; on an array element it leaves null in place.
pub async fn unset_operator(db: Db) {
    seed(&db, "c", vec![doc! { "_id": 1, "sku": "unknown", "quantity": 2, "instock": true, "tags": ["a", "b"] }]).await;
    let r = one(&db, doc! { "sku": "unknown" }, doc! { "$unset": { "quantity": "", "instock": "" } }).await;
    assert_eq!(counts(&r), (1, 1));
    assert_eq!(counts(&one(&db, doc! { "_id": 1 }, doc! { "$unset": { "nothing": "" } }).await), (1, 0));
    one(&db, doc! { "_id": 1 }, doc! { "$unset": { "tags.0": "" } }).await;
    same_docs(&[without_id(&db, 1).await], &[doc! { "sku": "unknown", "tags": [null, "b"] }]);
}

/// The `$inc` example; an int stays an int, a missing field is created.
pub async fn inc_operator(db: Db) {
    seed(
        &db,
        "c",
        vec![doc! { "_id": 1, "sku": "abc123", "quantity": 10, "metrics": { "orders": 2, "ratings": 3.5 } }],
    )
    .await;
    one(&db, doc! { "sku": "abc123" }, doc! { "$inc": { "quantity": -2, "metrics.orders": 1, "fresh": 5 } }).await;
    let d = get(&db, "c", 1).await;
    same_docs(
        std::slice::from_ref(&d),
        &[doc! { "_id": 1, "sku": "abc123", "quantity": 8, "metrics": { "orders": 3, "ratings": 3.5 }, "fresh": 5 }],
    );
    assert_eq!(d.get("quantity"), Some(&Bson::Int32(8)), "int + int stays an int");
    one(&db, doc! { "_id": 1 }, doc! { "$inc": { "quantity": 0.5 } }).await;
    assert_eq!(get(&db, "c", 1).await.get("quantity"), Some(&Bson::Double(8.5)));
}

/// "Cannot apply $inc to a value of non-numeric type": TypeMismatch, code 14, nothing changed.
pub async fn inc_on_string_fails(db: Db) {
    seed(&db, "c", vec![doc! { "_id": 1, "name": "x" }]).await;
    let err = db.update("c", doc! { "_id": 1 }, doc! { "$inc": { "name": 1 } }, Default::default()).await;
    let err = err.expect_err("$inc on a string");
    assert_eq!(err.code(), 14, "{err:?}");
    assert!(matches!(err, DbError::Update(_)), "{err:?}");
    assert_eq!(get(&db, "c", 1).await.get_str("name").expect("name"), "x");
}

/// The `$mul` examples; on a missing field it stores a zero of the multiplier's type.
pub async fn mul_operator(db: Db) {
    seed(
        &db,
        "c",
        vec![doc! { "_id": 1, "item": "Hats", "price": 10.50, "quantity": 2 }, doc! { "_id": 2, "item": "Unknown" }],
    )
    .await;
    one(&db, doc! { "_id": 1 }, doc! { "$mul": { "price": 1.25, "quantity": 2 } }).await;
    let d = get(&db, "c", 1).await;
    assert_eq!(d.get("price"), Some(&Bson::Double(13.125)));
    assert_eq!(d.get("quantity"), Some(&Bson::Int32(4)));
    one(&db, doc! { "_id": 2 }, doc! { "$mul": { "price": 100_i64 } }).await;
    assert_eq!(get(&db, "c", 2).await.get("price"), Some(&Bson::Int64(0)));
}

/// The `$min` and `$max` examples.
pub async fn min_and_max_operators(db: Db) {
    seed(&db, "c", vec![doc! { "_id": 1, "highScore": 800, "lowScore": 200 }]).await;
    assert_eq!(counts(&one(&db, doc! { "_id": 1 }, doc! { "$min": { "lowScore": 150 } }).await), (1, 1));
    assert_eq!(counts(&one(&db, doc! { "_id": 1 }, doc! { "$min": { "lowScore": 250 } }).await), (1, 0));
    assert_eq!(counts(&one(&db, doc! { "_id": 1 }, doc! { "$max": { "highScore": 950 } }).await), (1, 1));
    assert_eq!(counts(&one(&db, doc! { "_id": 1 }, doc! { "$max": { "highScore": 870 } }).await), (1, 0));
    one(&db, doc! { "_id": 1 }, doc! { "$max": { "absent": 3 } }).await;
    same_docs(&[without_id(&db, 1).await], &[doc! { "highScore": 950, "lowScore": 150, "absent": 3 }]);
}

/// The `$rename` examples.
pub async fn rename_operator(db: Db) {
    let person =
        doc! { "_id": 1, "alias": ["The American Cincinnatus"], "nmae": { "first": "george", "last": "washington" } };
    seed(&db, "c", vec![person]).await;
    one(&db, doc! { "_id": 1 }, doc! { "$rename": { "nmae": "name" } }).await;
    one(&db, doc! { "_id": 1 }, doc! { "$rename": { "name.first": "fname" } }).await;
    assert_eq!(counts(&one(&db, doc! { "_id": 1 }, doc! { "$rename": { "wife": "spouse" } }).await), (1, 0));
    let expected = doc! { "alias": ["The American Cincinnatus"], "name": { "last": "washington" }, "fname": "george" };
    same_docs(&[without_id(&db, 1).await], &[expected]);
}

pub async fn push_operator(db: Db) {
    seed(&db, "c", vec![doc! { "_id": 1, "scores": [44, 78, 38, 80], "name": "x" }]).await;
    one(&db, doc! { "_id": 1 }, doc! { "$push": { "scores": 89, "fresh": "a" } }).await;
    one(&db, doc! { "_id": 1 }, doc! { "$push": { "scores": [1, 2] } }).await;
    one(&db, doc! { "_id": 1 }, doc! { "$push": { "scores": { "$each": [90, 92] } } }).await;
    let expected = doc! { "scores": [44, 78, 38, 80, 89, [1, 2], 90, 92], "name": "x", "fresh": ["a"] };
    same_docs(&[without_id(&db, 1).await], &[expected]);
    let err = db.update("c", doc! { "_id": 1 }, doc! { "$push": { "name": 1 } }, Default::default()).await;
    assert!(err.is_err(), "$push on a string must fail");
}

/// The `$position`, `$slice` and `$sort` modifier examples.
pub async fn push_each_position_slice_sort(db: Db) {
    let quizzes = doc! { "_id": 5, "quizzes": [
        { "wk": 1, "score": 10 }, { "wk": 2, "score": 8 }, { "wk": 3, "score": 5 }, { "wk": 4, "score": 6 },
    ] };
    let docs = vec![
        doc! { "_id": 1, "scores": [100] },
        doc! { "_id": 2, "scores": [40, 50, 60] },
        doc! { "_id": 3, "scores": [89, 90] },
        quizzes,
    ];
    seed(&db, "c", docs).await;
    one(&db, doc! { "_id": 1 }, doc! { "$push": { "scores": { "$each": [50, 60, 70], "$position": 0 } } }).await;
    same(get(&db, "c", 1).await.get("scores").expect("scores"), &Bson::from(vec![50, 60, 70, 100]));
    one(&db, doc! { "_id": 1 }, doc! { "$push": { "scores": { "$each": [20, 30], "$position": 2 } } }).await;
    same(get(&db, "c", 1).await.get("scores").expect("scores"), &Bson::from(vec![50, 60, 20, 30, 70, 100]));
    one(&db, doc! { "_id": 1 }, doc! { "$push": { "scores": { "$each": [90, 80], "$position": -2 } } }).await;
    same(get(&db, "c", 1).await.get("scores").expect("scores"), &Bson::from(vec![50, 60, 20, 30, 90, 80, 70, 100]));
    one(&db, doc! { "_id": 2 }, doc! { "$push": { "scores": { "$each": [80, 78, 86], "$slice": -5 } } }).await;
    same(get(&db, "c", 2).await.get("scores").expect("scores"), &Bson::from(vec![50, 60, 80, 78, 86]));
    one(&db, doc! { "_id": 3 }, doc! { "$push": { "scores": { "$each": [100, 20], "$slice": 3 } } }).await;
    same(get(&db, "c", 3).await.get("scores").expect("scores"), &Bson::from(vec![89, 90, 100]));
    let each = vec![doc! { "wk": 5, "score": 8 }, doc! { "wk": 6, "score": 7 }, doc! { "wk": 7, "score": 6 }];
    one(
        &db,
        doc! { "_id": 5 },
        doc! { "$push": { "quizzes": { "$each": each, "$sort": { "score": -1 }, "$slice": 3 } } },
    )
    .await;
    let expected = doc! { "quizzes": [{ "wk": 1, "score": 10 }, { "wk": 2, "score": 8 }, { "wk": 5, "score": 8 }] };
    same_docs(&[without_id(&db, 5).await], &[expected]);
}

/// The `$addToSet` examples: an array value is added as one element; no change, no modification.
pub async fn add_to_set_operator(db: Db) {
    let docs = vec![
        doc! { "_id": 1, "letters": ["a", "b"] },
        doc! { "_id": 2, "item": "polarizing_filter", "tags": ["electronics", "camera"] },
    ];
    seed(&db, "c", docs).await;
    one(&db, doc! { "_id": 1 }, doc! { "$addToSet": { "letters": ["c", "d"] } }).await;
    same(
        get(&db, "c", 1).await.get("letters").expect("letters"),
        &Bson::from(vec![Bson::from("a"), Bson::from("b"), Bson::from(vec!["c", "d"])]),
    );
    assert_eq!(counts(&one(&db, doc! { "_id": 2 }, doc! { "$addToSet": { "tags": "camera" } }).await), (1, 0));
    one(&db, doc! { "_id": 2 }, doc! { "$addToSet": { "tags": "accessories" } }).await;
    one(
        &db,
        doc! { "_id": 2 },
        doc! { "$addToSet": { "tags": { "$each": ["camera", "electronics", "lens", "lens"] }, "fresh": 1 } },
    )
    .await;
    let expected =
        doc! { "item": "polarizing_filter", "tags": ["electronics", "camera", "accessories", "lens"], "fresh": [1] };
    same_docs(&[without_id(&db, 2).await], &[expected]);
}

pub async fn pop_operator(db: Db) {
    seed(&db, "c", vec![doc! { "_id": 1, "scores": [8, 9, 10] }]).await;
    one(&db, doc! { "_id": 1 }, doc! { "$pop": { "scores": -1 } }).await;
    same(get(&db, "c", 1).await.get("scores").expect("scores"), &Bson::from(vec![9, 10]));
    one(&db, doc! { "_id": 1 }, doc! { "$pop": { "scores": 1 } }).await;
    same(get(&db, "c", 1).await.get("scores").expect("scores"), &Bson::from(vec![9]));
}

/// The `$pull` examples: values, conditions, and documents matched as queries.
pub async fn pull_operator(db: Db) {
    let docs = vec![
        doc! { "_id": 1, "fruits": ["apples", "pears", "oranges", "grapes", "bananas"], "vegetables": ["carrots", "celery", "squash", "carrots"] },
        doc! { "_id": 2, "votes": [3, 5, 6, 7, 7, 8] },
        doc! { "_id": 3, "results": [{ "item": "A", "score": 5 }, { "item": "B", "score": 8, "extra": true }] },
    ];
    seed(&db, "c", docs).await;
    one(
        &db,
        doc! { "_id": 1 },
        doc! { "$pull": { "fruits": { "$in": ["apples", "oranges"] }, "vegetables": "carrots" } },
    )
    .await;
    let expected = doc! { "fruits": ["pears", "grapes", "bananas"], "vegetables": ["celery", "squash"] };
    same_docs(&[without_id(&db, 1).await], &[expected]);
    one(&db, doc! { "_id": 2 }, doc! { "$pull": { "votes": { "$gte": 6 } } }).await;
    same(get(&db, "c", 2).await.get("votes").expect("votes"), &Bson::from(vec![3, 5]));
    one(&db, doc! { "_id": 3 }, doc! { "$pull": { "results": { "score": 8, "item": "B" } } }).await;
    same_docs(&[without_id(&db, 3).await], &[doc! { "results": [{ "item": "A", "score": 5 }] }]);
}

pub async fn pull_all_operator(db: Db) {
    seed(&db, "c", vec![doc! { "_id": 1, "scores": [0, 2, 5, 5, 1, 0] }]).await;
    one(&db, doc! { "_id": 1 }, doc! { "$pullAll": { "scores": [0, 5] } }).await;
    same(get(&db, "c", 1).await.get("scores").expect("scores"), &Bson::from(vec![2, 1]));
}

/// `$currentDate`: a date by default, a timestamp on request.
pub async fn current_date_operator(db: Db) {
    seed(&db, "c", vec![doc! { "_id": 1, "status": "a" }]).await;
    let before = laf_host::bindings::database::bson::DateTime::now().timestamp_millis();
    one(
        &db,
        doc! { "_id": 1 },
        doc! { "$currentDate": { "lastModified": true, "cancellation.date": { "$type": "timestamp" } } },
    )
    .await;
    let d = get(&db, "c", 1).await;
    let stamped = d.get_datetime("lastModified").expect("lastModified is a date").timestamp_millis();
    assert!((stamped - before).abs() < 60_000, "lastModified {stamped} is not now ({before})");
    let cancellation = d.get_document("cancellation").expect("cancellation");
    assert!(matches!(cancellation.get("date"), Some(Bson::Timestamp(_))), "{cancellation:?}");
}

/// The `$setOnInsert` example: applied only when the upsert inserts.
pub async fn set_on_insert_operator(db: Db) {
    let update = doc! { "$set": { "item": "apple" }, "$setOnInsert": { "defaultQty": 100 } };
    let r = upsert(&db, doc! { "_id": 1 }, update.clone()).await;
    assert_eq!(r.upserted_id, Some(Bson::Int32(1)));
    same_docs(&[get(&db, "c", 1).await], &[doc! { "_id": 1, "item": "apple", "defaultQty": 100 }]);
    one(&db, doc! { "_id": 1 }, doc! { "$set": { "defaultQty": 5 } }).await;
    let r = upsert(&db, doc! { "_id": 1 }, update).await;
    assert_eq!((r.matched, r.upserted_id), (1, None));
    assert_eq!(int(get(&db, "c", 1).await.get("defaultQty").expect("qty")), 5);
}

/// An upsert that inserts starts from the filter's equality conditions (dotted ones nested), not
/// from its other conditions, and gets an ObjectId when the filter names no `_id`.
pub async fn upsert_seeds_from_filter_equalities(db: Db) {
    let filter = doc! { "name": "x", "age": { "$gt": 5 }, "a.b": 3, "$and": [{ "k": 1 }, { "l": { "$eq": 2 } }] };
    let r = upsert(&db, filter, doc! { "$set": { "c": 1 } }).await;
    assert_eq!((r.matched, r.modified), (0, 0));
    let Some(Bson::ObjectId(id)) = r.upserted_id else { panic!("upserted_id should be an ObjectId: {r:?}") };
    let found = db.find("c", doc! { "_id": id }, Default::default()).await.expect("find");
    let expected = doc! { "_id": id, "name": "x", "a": { "b": 3 }, "k": 1, "l": 2, "c": 1 };
    same_docs_any_order(&found, &[expected]);
    let multi = UpdateOptions { multi: true, upsert: true };
    let r = db.update("c", doc! { "name": "y" }, doc! { "$inc": { "n": 2 } }, multi).await.expect("upsert many");
    assert!(r.upserted_id.is_some());
    assert_eq!(db.count("c", doc! { "name": "y", "n": 2 }).await.expect("count"), 1);
}

pub async fn update_many_counts(db: Db) {
    let docs = vec![
        doc! { "_id": 1, "s": "A" },
        doc! { "_id": 2, "s": "A", "flag": true },
        doc! { "_id": 3, "s": "A" },
        doc! { "_id": 4, "s": "B" },
    ];
    seed(&db, "c", docs).await;
    let r = one(&db, doc! { "s": "A" }, doc! { "$set": { "flag": true } }).await;
    assert_eq!(r.matched, 1, "update_one matches one document");
    let flagged = db.count("c", doc! { "flag": true }).await.expect("count");
    let multi = UpdateOptions { multi: true, upsert: false };
    let r = db.update("c", doc! { "s": "A" }, doc! { "$set": { "flag": true } }, multi).await.expect("update many");
    assert_eq!((r.matched, r.modified, r.upserted_id), (3, 3 - flagged, None));
    assert_eq!(ids(&db, "c", doc! { "flag": true }).await, vec![1, 2, 3]);
}

/// `replaceOne` keeps `_id` and drops every other field; the same document modifies nothing.
pub async fn replace_one_keeps_id(db: Db) {
    seed(&db, "c", vec![doc! { "_id": 1, "a": 1, "b": 2 }]).await;
    let r = db.replace_one("c", doc! { "a": 1 }, doc! { "c": 3 }, false).await.expect("replace");
    assert_eq!(counts(&r), (1, 1));
    same_docs(&[get(&db, "c", 1).await], &[doc! { "_id": 1, "c": 3 }]);
    let r = db.replace_one("c", doc! { "_id": 1 }, doc! { "c": 3 }, false).await.expect("replace");
    assert_eq!(counts(&r), (1, 0));
    let err = db.replace_one("c", doc! { "_id": 1 }, doc! { "_id": 2, "c": 4 }, false).await;
    assert!(err.is_err(), "replacing _id must fail");
    let err = db.replace_one("c", doc! { "_id": 1 }, doc! { "$set": { "c": 4 } }, false).await;
    assert!(err.is_err(), "a replacement may not hold operators");
    same_docs(&[get(&db, "c", 1).await], &[doc! { "_id": 1, "c": 3 }]);
}

/// A replacement upsert takes `_id` from the filter but no other field.
pub async fn replace_one_upsert(db: Db) {
    let r = db.replace_one("c", doc! { "_id": 5, "name": "q" }, doc! { "x": 1 }, true).await.expect("replace upsert");
    assert_eq!((r.matched, r.modified, r.upserted_id), (0, 0, Some(Bson::Int32(5))));
    same_docs(&[get(&db, "c", 5).await], &[doc! { "_id": 5, "x": 1 }]);
}

pub async fn invalid_updates_are_rejected(db: Db) {
    seed(&db, "c", vec![doc! { "_id": 1, "a": 1 }]).await;
    for update in [
        doc! { "$set": { "a": 2 }, "$inc": { "a": 1 } },
        doc! { "$set": { "_id": 5 } },
        doc! { "a": 2 },
        doc! { "$set": { "a": 2, "a.b": 1 } },
    ] {
        let r = db.update("c", doc! { "_id": 1 }, update.clone(), Default::default()).await;
        assert!(r.is_err(), "{update} should be rejected, got {r:?}");
    }
    same_docs(&[get(&db, "c", 1).await], &[doc! { "_id": 1, "a": 1 }]);
}

pub async fn unknown_update_operator_is_named(db: Db) {
    seed(&db, "c", vec![doc! { "_id": 1, "a": 1 }]).await;
    assert_unknown_operator(db.update("c", doc! {}, doc! { "$foo": { "a": 1 } }, Default::default()).await, "$foo");
    let fam = db.find_one_and_update("c", doc! {}, doc! { "$bar": { "a": 1 } }, Default::default()).await;
    assert_unknown_operator(fam, "$bar");
}

pub async fn find_one_and_update_before_and_after(db: Db) {
    seed(&db, "c", vec![doc! { "_id": 1, "n": 1 }]).await;
    let before = db.find_one_and_update("c", doc! { "_id": 1 }, doc! { "$inc": { "n": 1 } }, Default::default()).await;
    same_docs(&[before.expect("fam").expect("a document")], &[doc! { "_id": 1, "n": 1 }]);
    let options = FindOneAndUpdateOptions { return_new: true, ..Default::default() };
    let after = db.find_one_and_update("c", doc! { "_id": 1 }, doc! { "$inc": { "n": 1 } }, options).await;
    same_docs(&[after.expect("fam").expect("a document")], &[doc! { "_id": 1, "n": 3 }]);
    let none = db.find_one_and_update("c", doc! { "_id": 9 }, doc! { "$inc": { "n": 1 } }, Default::default()).await;
    assert_eq!(none.expect("fam"), None);
}

pub async fn find_one_and_update_sort_and_projection(db: Db) {
    seed(&db, "c", vec![doc! { "_id": 1, "score": 5, "x": "a" }, doc! { "_id": 2, "score": 9, "x": "b" }]).await;
    let options = FindOneAndUpdateOptions {
        sort: Some(doc! { "score": -1 }),
        projection: Some(doc! { "score": 1, "_id": 0 }),
        return_new: true,
        upsert: false,
    };
    let got = db.find_one_and_update("c", doc! {}, doc! { "$inc": { "score": 1 } }, options).await;
    same_docs(&[got.expect("fam").expect("a document")], &[doc! { "score": 10 }]);
    assert_eq!(int(get(&db, "c", 1).await.get("score").expect("score")), 5);
}

pub async fn find_one_and_update_upsert(db: Db) {
    let options = FindOneAndUpdateOptions { upsert: true, return_new: true, ..Default::default() };
    let got = db.find_one_and_update("c", doc! { "_id": 7 }, doc! { "$set": { "a": 1 } }, options).await;
    same_docs(&[got.expect("fam").expect("the inserted document")], &[doc! { "_id": 7, "a": 1 }]);
    let options = FindOneAndUpdateOptions { upsert: true, return_new: false, ..Default::default() };
    let got = db.find_one_and_update("c", doc! { "_id": 8 }, doc! { "$set": { "a": 1 } }, options).await;
    assert_eq!(got.expect("fam"), None, "before an upsert's insert there was no document");
    assert_eq!(ids(&db, "c", doc! {}).await, vec![7, 8]);
}
