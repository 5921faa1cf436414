//! Aggregation stages, accumulators and expressions: the examples of MongoDB's aggregation
//! reference ($group's `sales`, $unwind's `inventory`, $lookup's `orders`, ...).

use laf_host::bindings::database::bson::DateTime;
use laf_host::bindings::database::{Bson, Document, doc};

use crate::support::*;

/// `$group`'s `sales` collection (prices as doubles and ints instead of Decimal128).
fn sales() -> Vec<Document> {
    let rows: [(i32, &str, f64, i32); 8] = [
        (1, "abc", 10.0, 2),
        (2, "jkl", 20.0, 1),
        (3, "xyz", 5.0, 10),
        (4, "xyz", 5.0, 20),
        (5, "abc", 10.0, 10),
        (6, "def", 7.5, 5),
        (7, "def", 7.5, 10),
        (8, "abc", 10.0, 5),
    ];
    rows.iter()
        .map(|&(id, item, price, quantity)| {
            let date = DateTime::from_millis(1_393_660_800_000 + i64::from(id) * 86_400_000);
            doc! { "_id": id, "item": item, "price": price, "quantity": quantity, "date": date }
        })
        .collect()
}

async fn run(db: &Db, coll: &str, pipeline: Vec<Document>) -> Vec<Document> {
    match db.aggregate(coll, pipeline.clone()).await {
        Ok(docs) => docs,
        Err(e) => panic!("aggregate {pipeline:?} failed: {e}"),
    }
}

pub async fn group_accumulators(db: Db) {
    seed(&db, "sales", sales()).await;
    let pipeline = vec![
        doc! { "$group": {
            "_id": "$item",
            "totalSaleAmount": { "$sum": { "$multiply": ["$price", "$quantity"] } },
            "avgQty": { "$avg": "$quantity" },
            "count": { "$sum": 1 },
            "n": { "$count": {} },
            "minQ": { "$min": "$quantity" },
            "maxQ": { "$max": "$quantity" },
        } },
        doc! { "$match": { "totalSaleAmount": { "$gte": 100 } } },
        doc! { "$sort": { "totalSaleAmount": -1 } },
    ];
    let expected = vec![
        doc! { "_id": "abc", "totalSaleAmount": 170.0, "avgQty": 17.0 / 3.0, "count": 3, "n": 3, "minQ": 2, "maxQ": 10 },
        doc! { "_id": "xyz", "totalSaleAmount": 150.0, "avgQty": 15.0, "count": 2, "n": 2, "minQ": 10, "maxQ": 20 },
        doc! { "_id": "def", "totalSaleAmount": 112.5, "avgQty": 7.5, "count": 2, "n": 2, "minQ": 5, "maxQ": 10 },
    ];
    same_docs(&run(&db, "sales", pipeline).await, &expected);
}

/// `_id: null` groups everything; a missing group key is null too; `$sum` of nothing numeric is 0
/// and `$avg` of it null.
pub async fn group_by_null_and_missing(db: Db) {
    seed(&db, "sales", sales()).await;
    let pipeline = vec![doc! { "$group": {
        "_id": null,
        "totalSaleAmount": { "$sum": { "$multiply": ["$price", "$quantity"] } },
        "averageQuantity": { "$avg": "$quantity" },
        "count": { "$sum": 1 },
    } }];
    let expected = doc! { "_id": null, "totalSaleAmount": 452.5, "averageQuantity": 7.875, "count": 8 };
    same_docs(&run(&db, "sales", pipeline).await, &[expected]);
    let pipeline = vec![doc! { "$group": {
        "_id": "$nope", "s": { "$sum": "$nope" }, "a": { "$avg": "$nope" }, "c": { "$sum": 1 },
    } }];
    same_docs(&run(&db, "sales", pipeline).await, &[doc! { "_id": null, "s": 0, "a": null, "c": 8 }]);
}

pub async fn group_first_last_push_add_to_set(db: Db) {
    seed(&db, "sales", sales()).await;
    let pipeline = vec![
        doc! { "$sort": { "date": 1 } },
        doc! { "$group": {
            "_id": "$item",
            "first": { "$first": "$quantity" },
            "last": { "$last": "$quantity" },
            "qs": { "$push": "$quantity" },
            "prices": { "$addToSet": "$price" },
        } },
        doc! { "$sort": { "_id": 1 } },
    ];
    let expected = vec![
        doc! { "_id": "abc", "first": 2, "last": 5, "qs": [2, 10, 5], "prices": [10.0] },
        doc! { "_id": "def", "first": 5, "last": 10, "qs": [5, 10], "prices": [7.5] },
        doc! { "_id": "jkl", "first": 1, "last": 1, "qs": [1], "prices": [20.0] },
        doc! { "_id": "xyz", "first": 10, "last": 20, "qs": [10, 20], "prices": [5.0] },
    ];
    same_docs(&run(&db, "sales", pipeline).await, &expected);
}

pub async fn project_add_fields_unset(db: Db) {
    seed(&db, "sales", sales()).await;
    let project = vec![
        doc! { "$match": { "_id": 1 } },
        doc! { "$project": { "_id": 0, "item": 1, "total": { "$multiply": ["$price", "$quantity"] } } },
    ];
    same_docs(&run(&db, "sales", project).await, &[doc! { "item": "abc", "total": 20.0 }]);
    let exclude = vec![doc! { "$match": { "_id": 2 } }, doc! { "$project": { "date": 0, "price": 0 } }];
    same_docs(&run(&db, "sales", exclude).await, &[doc! { "_id": 2, "item": "jkl", "quantity": 1 }]);
    let add = vec![
        doc! { "$match": { "_id": 3 } },
        doc! { "$addFields": { "total": { "$multiply": ["$price", "$quantity"] }, "specs.fuel": "unleaded" } },
        doc! { "$unset": ["date", "price"] },
    ];
    let expected = doc! { "_id": 3, "item": "xyz", "quantity": 10, "total": 50.0, "specs": { "fuel": "unleaded" } };
    same_docs(&run(&db, "sales", add).await, &[expected]);
    let set = vec![
        doc! { "$match": { "_id": 4 } },
        doc! { "$set": { "quantity": { "$add": ["$quantity", 1] } } },
        doc! { "$unset": "date" },
    ];
    same_docs(&run(&db, "sales", set).await, &[doc! { "_id": 4, "item": "xyz", "price": 5.0, "quantity": 21 }]);
}

pub async fn expressions(db: Db) {
    let person = doc! {
        "_id": 1, "first": "ada", "last": "lovelace", "qty": 10, "price": 2.5, "nick": null,
        "tags": ["x", "y"], "inner": { "b": 3 },
    };
    seed(&db, "c", vec![person]).await;
    let pipeline = vec![doc! { "$project": {
        "_id": 0,
        "name": { "$concat": ["$first", " ", "$last"] },
        "broken": { "$concat": ["$first", "$missing"] },
        "upper": { "$toUpper": "$first" },
        "total": { "$multiply": ["$qty", "$price"] },
        "plus": { "$add": ["$qty", 5] },
        "minus": { "$subtract": ["$qty", 3] },
        "half": { "$divide": ["$qty", 4] },
        "big": { "$gt": ["$qty", 5] },
        "same": { "$eq": ["$qty", 10] },
        "label": { "$cond": { "if": { "$gte": ["$qty", 10] }, "then": "many", "else": "few" } },
        "label2": { "$cond": [{ "$lt": ["$qty", 10] }, "few", "many"] },
        "nick": { "$ifNull": ["$nick", "none"] },
        "n": { "$size": "$tags" },
        "deep": "$inner.b",
        "lit": { "$literal": "$notafield" },
    } }];
    let expected = doc! {
        "name": "ada lovelace", "broken": null, "upper": "ADA", "total": 25.0, "plus": 15, "minus": 7, "half": 2.5,
        "big": true, "same": true, "label": "many", "label2": "many", "nick": "none", "n": 2, "deep": 3,
        "lit": "$notafield",
    };
    same_docs(&run(&db, "c", pipeline).await, &[expected]);
}

pub async fn sort_skip_limit_count_stages(db: Db) {
    seed(&db, "sales", sales()).await;
    let pipeline = vec![
        doc! { "$sort": { "quantity": -1, "_id": 1 } },
        doc! { "$skip": 1 },
        doc! { "$limit": 3 },
        doc! { "$project": { "_id": 1 } },
    ];
    same_docs(&run(&db, "sales", pipeline).await, &[doc! { "_id": 3 }, doc! { "_id": 5 }, doc! { "_id": 7 }]);
    let count = vec![doc! { "$match": { "quantity": { "$gte": 10 } } }, doc! { "$count": "n" }];
    same_docs(&run(&db, "sales", count).await, &[doc! { "n": 4 }]);
}

/// `$count` and `$group` over no documents output no document.
pub async fn count_of_nothing_is_nothing(db: Db) {
    seed(&db, "sales", sales()).await;
    let count = vec![doc! { "$match": { "quantity": { "$gt": 1000 } } }, doc! { "$count": "n" }];
    assert!(run(&db, "sales", count).await.is_empty());
    let group = vec![
        doc! { "$match": { "quantity": { "$gt": 1000 } } },
        doc! { "$group": { "_id": null, "n": { "$sum": 1 } } },
    ];
    assert!(run(&db, "sales", group).await.is_empty());
}

/// The `$unwind` examples: missing, null and empty arrays drop the document unless preserved; a
/// non-array value unwinds as itself.
pub async fn unwind_stage(db: Db) {
    let docs = vec![
        doc! { "_id": 1, "item": "ABC", "sizes": ["S", "M", "L"] },
        doc! { "_id": 2, "item": "EFG", "sizes": [] },
        doc! { "_id": 3, "item": "IJK", "sizes": "M" },
        doc! { "_id": 4, "item": "LMN" },
        doc! { "_id": 5, "item": "XYZ", "sizes": null },
    ];
    seed(&db, "inventory", docs).await;
    let unwound = vec![
        doc! { "_id": 1, "item": "ABC", "sizes": "S" },
        doc! { "_id": 1, "item": "ABC", "sizes": "M" },
        doc! { "_id": 1, "item": "ABC", "sizes": "L" },
        doc! { "_id": 3, "item": "IJK", "sizes": "M" },
    ];
    same_docs_any_order(&run(&db, "inventory", vec![doc! { "$unwind": "$sizes" }]).await, &unwound);
    let mut preserved = unwound.clone();
    preserved.extend([
        doc! { "_id": 2, "item": "EFG" },
        doc! { "_id": 4, "item": "LMN" },
        doc! { "_id": 5, "item": "XYZ", "sizes": null },
    ]);
    let pipeline = vec![doc! { "$unwind": { "path": "$sizes", "preserveNullAndEmptyArrays": true } }];
    same_docs_any_order(&run(&db, "inventory", pipeline).await, &preserved);
    let pipeline = vec![doc! { "$unwind": { "path": "$sizes", "includeArrayIndex": "arrayIndex" } }];
    let indexed = vec![
        doc! { "_id": 1, "item": "ABC", "sizes": "S", "arrayIndex": 0_i64 },
        doc! { "_id": 1, "item": "ABC", "sizes": "M", "arrayIndex": 1_i64 },
        doc! { "_id": 1, "item": "ABC", "sizes": "L", "arrayIndex": 2_i64 },
        doc! { "_id": 3, "item": "IJK", "sizes": "M", "arrayIndex": null },
    ];
    same_docs_any_order(&run(&db, "inventory", pipeline).await, &indexed);
}

/// The `$lookup` example: a local field that is missing matches foreign null and missing fields.
pub async fn lookup_stage(db: Db) {
    let orders = vec![
        doc! { "_id": 1, "item": "almonds", "price": 12, "quantity": 2 },
        doc! { "_id": 2, "item": "pecans", "price": 20, "quantity": 1 },
        doc! { "_id": 3 },
    ];
    let inventory = vec![
        doc! { "_id": 1, "sku": "almonds", "description": "product 1", "instock": 120 },
        doc! { "_id": 2, "sku": "bread", "description": "product 2", "instock": 80 },
        doc! { "_id": 3, "sku": "cashews", "description": "product 3", "instock": 60 },
        doc! { "_id": 4, "sku": "pecans", "description": "product 4", "instock": 70 },
        doc! { "_id": 5, "sku": null, "description": "Incomplete" },
        doc! { "_id": 6 },
    ];
    seed(&db, "orders", orders).await;
    seed(&db, "inventory", inventory).await;
    let pipeline = vec![
        doc! { "$lookup": { "from": "inventory", "localField": "item", "foreignField": "sku", "as": "inventory_docs" } },
        doc! { "$sort": { "_id": 1 } },
    ];
    let out = run(&db, "orders", pipeline).await;
    let joined: Vec<(i64, Vec<i64>)> = out
        .iter()
        .map(|d| {
            let docs = d.get_array("inventory_docs").expect("inventory_docs");
            let mut ids: Vec<i64> =
                docs.iter().map(|j| int(j.as_document().expect("doc").get("_id").expect("_id"))).collect();
            ids.sort_unstable();
            (int(d.get("_id").expect("_id")), ids)
        })
        .collect();
    assert_eq!(joined, vec![(1, vec![1]), (2, vec![4]), (3, vec![5, 6])]);
    let first = out[0].get_array("inventory_docs").expect("array")[0].clone();
    same(&first, &Bson::Document(doc! { "_id": 1, "sku": "almonds", "description": "product 1", "instock": 120 }));
}

/// The `$replaceRoot` examples; a new root that is not a document is an error.
pub async fn replace_root_stage(db: Db) {
    let people = vec![
        doc! { "_id": 1, "name": { "first": "John", "last": "Backus" } },
        doc! { "_id": 2, "name": { "first": "John", "last": "McCarthy" } },
        doc! { "_id": 3, "name": { "first": "Grace", "last": "Hopper" } },
    ];
    seed(&db, "people", people).await;
    let pipeline = vec![doc! { "$sort": { "_id": 1 } }, doc! { "$replaceRoot": { "newRoot": "$name" } }];
    let expected = vec![
        doc! { "first": "John", "last": "Backus" },
        doc! { "first": "John", "last": "McCarthy" },
        doc! { "first": "Grace", "last": "Hopper" },
    ];
    same_docs(&run(&db, "people", pipeline).await, &expected);
    let bad = vec![doc! { "$replaceRoot": { "newRoot": "$nope" } }];
    assert!(db.aggregate("people", bad).await.is_err(), "a missing new root is an error");
    let pets = vec![
        doc! { "_id": 1, "name": "Arlene", "age": 34, "pets": { "dogs": 2, "cats": 1 } },
        doc! { "_id": 2, "name": "Sam", "age": 41, "pets": { "cats": 1, "fish": 3 } },
        doc! { "_id": 3, "name": "Maria", "age": 25 },
    ];
    seed(&db, "owners", pets).await;
    let merge = doc! { "$mergeObjects": [{ "dogs": 0, "cats": 0, "birds": 0, "fish": 0 }, "$pets"] };
    let pipeline = vec![doc! { "$sort": { "_id": 1 } }, doc! { "$replaceRoot": { "newRoot": merge } }];
    let expected = vec![
        doc! { "dogs": 2, "cats": 1, "birds": 0, "fish": 0 },
        doc! { "dogs": 0, "cats": 1, "birds": 0, "fish": 3 },
        doc! { "dogs": 0, "cats": 0, "birds": 0, "fish": 0 },
    ];
    same_docs(&run(&db, "owners", pipeline).await, &expected);
}

pub async fn sort_by_count_stage(db: Db) {
    let docs = vec![
        doc! { "_id": 1, "tags": ["a", "b"] },
        doc! { "_id": 2, "tags": ["a", "c"] },
        doc! { "_id": 3, "tags": ["a", "b"] },
        doc! { "_id": 4, "tags": ["a"] },
    ];
    seed(&db, "c", docs).await;
    let pipeline = vec![doc! { "$unwind": "$tags" }, doc! { "$sortByCount": "$tags" }];
    let expected =
        vec![doc! { "_id": "a", "count": 4 }, doc! { "_id": "b", "count": 2 }, doc! { "_id": "c", "count": 1 }];
    same_docs(&run(&db, "c", pipeline).await, &expected);
}

pub async fn unknown_stage_and_operators_are_named(db: Db) {
    seed(&db, "c", vec![doc! { "_id": 1, "a": 1 }]).await;
    assert_unknown_operator(db.aggregate("c", vec![doc! { "$foo": {} }]).await, "$foo");
    assert_unknown_operator(db.aggregate("c", vec![doc! { "$project": { "x": { "$bar": 1 } } }]).await, "$bar");
    let group = doc! { "$group": { "_id": null, "x": { "$baz": 1 } } };
    assert_unknown_operator(db.aggregate("c", vec![group]).await, "$baz");
    assert_unknown_operator(db.aggregate("c", vec![doc! { "$match": { "a": { "$qux": 1 } } }]).await, "$qux");
}
