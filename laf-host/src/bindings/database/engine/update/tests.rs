//! Cases from MongoDB's update operator documentation.

use bson::{Bson, Document, doc};

use super::*;

fn run(mut d: Document, update: Document) -> Result<(Document, bool), DbError> {
    let changed = Update::parse(&update)?.apply(&mut d, false)?;
    Ok((d, changed))
}

fn ok(d: Document, update: Document) -> Document {
    run(d, update).expect("update applies").0
}

fn err(d: Document, update: Document) -> String {
    run(d, update).expect_err("update fails").to_string()
}

#[test]
fn set_top_level_embedded_and_array_index() {
    let d = doc! { "_id": 100, "quantity": 250, "details": { "model": "14QQ", "make": "Xyz" }, "tags": ["a", "b"] };
    let out =
        ok(d, doc! { "$set": { "quantity": 500, "details.make": "Kustom", "tags.1": "z", "ratings.0.by": "xyz" } });
    assert_eq!(
        out,
        doc! { "_id": 100, "quantity": 500, "details": { "model": "14QQ", "make": "Kustom" }, "tags": ["a", "z"],
        "ratings": { "0": { "by": "xyz" } } }
    );
}

#[test]
fn set_pads_arrays_and_orders_new_fields_lexicographically() {
    assert_eq!(ok(doc! { "a": [1] }, doc! { "$set": { "a.3": 4 } }), doc! { "a": [1, Bson::Null, Bson::Null, 4] });
    assert_eq!(
        ok(doc! { "_id": 1 }, doc! { "$set": { "z": 1, "b": 2, "a.c": 3 } }),
        doc! { "_id": 1, "a": { "c": 3 }, "b": 2, "z": 1 }
    );
}

#[test]
fn set_same_value_is_not_a_modification() {
    assert!(!run(doc! { "a": 1, "b": { "c": 2 } }, doc! { "$set": { "a": 1, "b": { "c": 2 } } }).unwrap().1);
    // A different numeric type is a change, as in MongoDB.
    assert!(run(doc! { "a": 1 }, doc! { "$set": { "a": 1.0 } }).unwrap().1);
    assert!(!run(doc! { "a": 1 }, doc! { "$inc": { "a": 0 } }).unwrap().1);
    assert!(!run(doc! { "a": 1 }, doc! { "$unset": { "b": "" } }).unwrap().1);
}

#[test]
fn set_through_a_scalar_fails() {
    assert_eq!(err(doc! { "a": 1 }, doc! { "$set": { "a.b": 2 } }), "Cannot create field 'b' in element {a: 1}");
    assert_eq!(
        err(doc! { "a": [1, 2] }, doc! { "$set": { "a.x": 2 } }),
        "Cannot create field 'x' in element {a: [ 1, 2 ]}"
    );
    assert_eq!(
        err(doc! { "a": { "b": "s" } }, doc! { "$set": { "a.b.c.d": 2 } }),
        "Cannot create field 'c' in element {b: \"s\"}"
    );
}

#[test]
fn unset_fields_and_array_elements() {
    let d = doc! { "_id": 1, "item": "chisel", "sku": "C001", "quantity": 4, "instock": true, "arr": [1, 2, 3] };
    let out = ok(d, doc! { "$unset": { "quantity": "", "instock": "", "arr.1": 1, "nope.x": 1 } });
    assert_eq!(out, doc! { "_id": 1, "item": "chisel", "sku": "C001", "arr": [1, Bson::Null, 3] });
}

#[test]
fn inc_and_mul_type_rules() {
    let d = doc! { "_id": 1, "sku": "abc123", "quantity": 10, "metrics": { "orders": 2, "ratings": 3.5 } };
    let out = ok(d, doc! { "$inc": { "quantity": -2, "metrics.orders": 1, "new": 5i64 } });
    assert_eq!(
        out,
        doc! { "_id": 1, "sku": "abc123", "quantity": 8, "metrics": { "orders": 3, "ratings": 3.5 }, "new": 5i64 }
    );
    assert_eq!(ok(doc! { "a": i32::MAX }, doc! { "$inc": { "a": 1 } }), doc! { "a": i64::from(i32::MAX) + 1 });
    assert_eq!(ok(doc! { "a": 1 }, doc! { "$inc": { "a": 0.5 } }), doc! { "a": 1.5 });
    assert_eq!(ok(doc! { "a": 2i64 }, doc! { "$inc": { "a": 1 } }), doc! { "a": 3i64 });
    assert_eq!(
        ok(doc! { "price": 10.99, "qty": 25 }, doc! { "$mul": { "price": 1.25, "qty": 2 } }),
        doc! { "price": 13.7375, "qty": 50 }
    );
    assert_eq!(ok(doc! { "_id": 2 }, doc! { "$mul": { "price": 100i64 } }), doc! { "_id": 2, "price": 0i64 });
    assert_eq!(ok(doc! { "a": 3 }, doc! { "$mul": { "a": 2.0 } }), doc! { "a": 6.0 });
    assert_eq!(
        err(doc! { "_id": 1, "a": i64::MAX }, doc! { "$inc": { "a": 1 } }),
        "Failed to apply $inc operations to current value ((NumberLong)9223372036854775807) for document {_id: 1}"
    );
}

#[test]
fn inc_errors() {
    assert_eq!(
        err(doc! { "_id": 1, "a": "x" }, doc! { "$inc": { "a": 1 } }),
        "Cannot apply $inc to a value of non-numeric type. {_id: 1} has the field 'a' of non-numeric type string"
    );
    assert_eq!(
        err(doc! { "_id": 1 }, doc! { "$inc": { "a": "1" } }),
        "Cannot increment with non-numeric argument: {a: \"1\"}"
    );
    assert_eq!(
        err(doc! { "_id": 1 }, doc! { "$mul": { "a": true } }),
        "Cannot multiply with non-numeric argument: {a: true}"
    );
}

#[test]
fn min_and_max() {
    let d = doc! { "_id": 1, "highScore": 800, "lowScore": 200 };
    assert_eq!(
        ok(d.clone(), doc! { "$min": { "lowScore": 150 } }),
        doc! { "_id": 1, "highScore": 800, "lowScore": 150 }
    );
    assert!(!run(d.clone(), doc! { "$min": { "lowScore": 250 } }).unwrap().1);
    assert_eq!(
        ok(d.clone(), doc! { "$max": { "highScore": 950 } }),
        doc! { "_id": 1, "highScore": 950, "lowScore": 200 }
    );
    assert!(!run(d, doc! { "$max": { "highScore": 870.0 - 100.0 } }).unwrap().1);
    assert_eq!(ok(doc! {}, doc! { "$max": { "x": 1 } }), doc! { "x": 1 });
    // Different types compare in BSON order: a string is above any number.
    assert_eq!(ok(doc! { "x": 5 }, doc! { "$max": { "x": "a" } }), doc! { "x": "a" });
}

#[test]
fn rename_fields() {
    let d = doc! { "_id": 1, "nmae": { "first": "george", "last": "washington" }, "mobile": "555" };
    assert_eq!(
        ok(d, doc! { "$rename": { "nmae": "name", "mobile": "contact.mobile" } }),
        doc! { "_id": 1, "name": { "first": "george", "last": "washington" }, "contact": { "mobile": "555" } }
    );
    assert!(!run(doc! { "_id": 1 }, doc! { "$rename": { "wife": "spouse" } }).unwrap().1);
    assert_eq!(
        err(doc! { "_id": 1, "a": [{ "b": 1 }] }, doc! { "$rename": { "a.0.b": "c" } }),
        "The source field cannot be an array element, 'a.0.b' in doc with _id: 1 has an array field called 'a'"
    );
    assert_eq!(
        err(doc! {}, doc! { "$rename": { "a": "a" } }),
        "The source and target field for $rename must differ: a: \"a\""
    );
    assert_eq!(err(doc! {}, doc! { "$rename": { "a": 1 } }), "The 'to' field for $rename must be a string: a: 1");
}

#[test]
fn push_plain_each_and_modifiers() {
    assert_eq!(
        ok(doc! { "_id": 1, "scores": [44, 78] }, doc! { "$push": { "scores": 89 } }),
        doc! { "_id": 1, "scores": [44, 78, 89] }
    );
    assert_eq!(ok(doc! { "_id": 1 }, doc! { "$push": { "scores": [1] } }), doc! { "_id": 1, "scores": [[1]] });
    assert_eq!(ok(doc! { "s": [1] }, doc! { "$push": { "s": { "$each": [90, 92] } } }), doc! { "s": [1, 90, 92] });
    let d = doc! { "_id": 5, "quizzes": [{ "wk": 1, "score": 10 }, { "wk": 2, "score": 8 }, { "wk": 3, "score": 5 }, { "wk": 4, "score": 6 }] };
    let out = ok(
        d,
        doc! { "$push": { "quizzes": { "$each": [{ "wk": 5, "score": 8 }, { "wk": 6, "score": 7 }, { "wk": 7, "score": 6 }], "$sort": { "score": -1 }, "$slice": 3 } } },
    );
    assert_eq!(
        out,
        doc! { "_id": 5, "quizzes": [{ "wk": 1, "score": 10 }, { "wk": 2, "score": 8 }, { "wk": 5, "score": 8 }] }
    );
    assert_eq!(
        ok(doc! { "scores": [100] }, doc! { "$push": { "scores": { "$each": [50, 60, 70], "$position": 0 } } }),
        doc! { "scores": [50, 60, 70, 100] }
    );
    assert_eq!(
        ok(
            doc! { "scores": [50, 60, 70, 100] },
            doc! { "$push": { "scores": { "$each": [20, 30], "$position": -2 } } }
        ),
        doc! { "scores": [50, 60, 20, 30, 70, 100] }
    );
    assert_eq!(
        ok(doc! { "s": [40, 50, 60] }, doc! { "$push": { "s": { "$each": [80, 78, 86], "$slice": -5 } } }),
        doc! { "s": [50, 60, 80, 78, 86] }
    );
    assert_eq!(
        ok(doc! { "s": [89, 70, 89] }, doc! { "$push": { "s": { "$each": [], "$sort": 1 } } }),
        doc! { "s": [70, 89, 89] }
    );
    assert_eq!(ok(doc! { "s": [1, 2] }, doc! { "$push": { "s": { "$each": [3], "$slice": 0 } } }), doc! { "s": [] });
}

#[test]
fn push_errors() {
    assert_eq!(
        err(doc! { "_id": 1, "a": 1 }, doc! { "$push": { "a": 2 } }),
        "The field 'a' must be an array but is of type int in document {_id: 1}"
    );
    assert_eq!(
        err(doc! {}, doc! { "$push": { "a": { "$each": [1], "$foo": 1 } } }),
        "Unrecognized clause in $push: $foo"
    );
    assert_eq!(
        err(doc! {}, doc! { "$push": { "a": { "$each": 1 } } }),
        "The argument to $each in $push must be an array but it was of type: int"
    );
    assert_eq!(
        err(doc! {}, doc! { "$push": { "a": { "$each": [1], "$slice": 1.5 } } }),
        "The value for $slice must be an integral value but was given type: double"
    );
}

#[test]
fn add_to_set() {
    let d = doc! { "_id": 1, "letters": ["a", "b"] };
    assert_eq!(
        ok(d.clone(), doc! { "$addToSet": { "letters": ["c", "d"] } }),
        doc! { "_id": 1, "letters": ["a", "b", ["c", "d"]] }
    );
    assert!(!run(d, doc! { "$addToSet": { "letters": "a" } }).unwrap().1);
    let d = doc! { "_id": 2, "item": "cable", "tags": ["electronics", "supplies"] };
    assert_eq!(
        ok(d, doc! { "$addToSet": { "tags": { "$each": ["camera", "electronics", "accessories", "camera"] } } }),
        doc! { "_id": 2, "item": "cable", "tags": ["electronics", "supplies", "camera", "accessories"] }
    );
    assert_eq!(ok(doc! { "n": [1] }, doc! { "$addToSet": { "n": 1.0 } }), doc! { "n": [1] });
    assert_eq!(
        err(doc! { "_id": 1, "colors": "blue" }, doc! { "$addToSet": { "colors": "c" } }),
        "Cannot apply $addToSet to non-array field. Field named 'colors' has non-array type string"
    );
}

#[test]
fn pop() {
    assert_eq!(ok(doc! { "s": [8, 9, 10] }, doc! { "$pop": { "s": -1 } }), doc! { "s": [9, 10] });
    assert_eq!(ok(doc! { "s": [9, 10] }, doc! { "$pop": { "s": 1 } }), doc! { "s": [9] });
    assert!(!run(doc! { "s": [] }, doc! { "$pop": { "s": 1 } }).unwrap().1);
    assert_eq!(err(doc! {}, doc! { "$pop": { "s": 2 } }), "$pop expects 1 or -1, found: 2");
    assert_eq!(
        err(doc! { "s": 1 }, doc! { "$pop": { "s": 1 } }),
        "Path 's' contains an element of non-array type 'int'"
    );
}

#[test]
fn pull_values_conditions_and_documents() {
    let d = doc! { "_id": 1, "fruits": ["apples", "pears", "oranges", "grapes", "bananas"], "vegetables": ["carrots", "celery", "squash", "carrots"] };
    assert_eq!(
        ok(d, doc! { "$pull": { "fruits": { "$in": ["apples", "oranges"] }, "vegetables": "carrots" } }),
        doc! { "_id": 1, "fruits": ["pears", "grapes", "bananas"], "vegetables": ["celery", "squash"] }
    );
    assert_eq!(
        ok(doc! { "votes": [3, 5, 6, 7, 7, 8] }, doc! { "$pull": { "votes": { "$gte": 6 } } }),
        doc! { "votes": [3, 5] }
    );
    let d = doc! { "results": [{ "item": "A", "score": 5 }, { "item": "B", "score": 8 }, 3] };
    assert_eq!(
        ok(d, doc! { "$pull": { "results": { "score": 8, "item": "B" } } }),
        doc! { "results": [{ "item": "A", "score": 5 }, 3] }
    );
    let d = doc! { "results": [{ "item": "A", "answers": [{ "q": 1, "a": 4 }, { "q": 2, "a": 6 }] }, { "item": "B", "answers": [{ "q": 1, "a": 0 }] }] };
    assert_eq!(
        ok(d, doc! { "$pull": { "results": { "answers": { "$elemMatch": { "q": 2, "a": { "$gte": 8 } } } } } }),
        doc! { "results": [{ "item": "A", "answers": [{ "q": 1, "a": 4 }, { "q": 2, "a": 6 }] }, { "item": "B", "answers": [{ "q": 1, "a": 0 }] }] }
    );
    assert_eq!(err(doc! { "a": 1 }, doc! { "$pull": { "a": 1 } }), "Cannot apply $pull to a non-array value");
}

#[test]
fn pull_all() {
    assert_eq!(ok(doc! { "s": [0, 2, 5, 5, 1, 0] }, doc! { "$pullAll": { "s": [0, 5] } }), doc! { "s": [2, 1] });
    assert_eq!(
        err(doc! {}, doc! { "$pullAll": { "s": 1 } }),
        "$pullAll requires an array argument but was given a int"
    );
}

#[test]
fn current_date_and_set_on_insert() {
    let mut d = doc! { "_id": 1 };
    let update = Update::parse(
        &doc! { "$currentDate": { "d": true, "t": { "$type": "timestamp" } }, "$setOnInsert": { "x": 1 } },
    )
    .unwrap();
    assert!(update.apply(&mut d, false).unwrap());
    assert!(matches!(d.get("d"), Some(Bson::DateTime(_))));
    assert!(matches!(d.get("t"), Some(Bson::Timestamp(_))));
    assert!(d.get("x").is_none());
    assert!(update.apply(&mut d, true).unwrap());
    assert_eq!(d.get("x"), Some(&Bson::Int32(1)));
    assert!(Update::parse(&doc! { "$currentDate": { "d": { "$type": "x" } } }).is_err());
}

#[test]
fn parse_errors() {
    assert_eq!(
        err(doc! {}, doc! { "$foo": { "a": 1 } }),
        "Unknown modifier: $foo. Expected a valid update modifier or pipeline-style update specified as an array"
    );
    assert_eq!(
        err(doc! {}, doc! { "$set": {} }),
        "'$set' is empty. You must specify a field like so: {$set: {<field_name>: ...}}"
    );
    assert_eq!(
        err(doc! {}, doc! { "$set": { "a": 1, "a.b": 2 } }),
        "Updating the path 'a.b' would create a conflict at 'a'"
    );
    assert_eq!(
        err(doc! {}, doc! { "$set": { "a.b": 1 }, "$inc": { "a": 2 } }),
        "Updating the path 'a' would create a conflict at 'a'"
    );
    assert_eq!(
        err(doc! {}, doc! { "$set": { "a": 1 }, "$rename": { "b": "a" } }),
        "Updating the path 'a' would create a conflict at 'a'"
    );
    assert_eq!(
        err(doc! {}, doc! { "$set": { "a..b": 1 } }),
        "The update path 'a..b' contains an empty field name, which is not allowed."
    );
    assert_eq!(err(doc! {}, doc! { "$set": { "": 1 } }), "An empty update path is not valid.");
    assert!(matches!(Update::parse(&doc! { "$set": { "a.$.b": 1 } }), Err(DbError::Unsupported(_))));
    assert!(Update::parse(&doc! { "$set": 1 }).is_err());
}

#[test]
fn immutable_id() {
    let msg = "Performing an update on the path '_id' would modify the immutable field '_id'";
    assert_eq!(err(doc! { "_id": 1 }, doc! { "$set": { "_id": 2 } }), msg);
    assert_eq!(err(doc! { "_id": 1 }, doc! { "$unset": { "_id": 1 } }), msg);
    assert_eq!(err(doc! { "_id": { "a": 1 } }, doc! { "$set": { "_id.a": 2 } }), msg);
    assert!(!run(doc! { "_id": 1 }, doc! { "$set": { "_id": 1 } }).unwrap().1);
    // An upsert without an _id yet may set one.
    let mut d = doc! {};
    assert!(Update::parse(&doc! { "$setOnInsert": { "_id": 7 } }).unwrap().apply(&mut d, true).unwrap());
}

#[test]
fn replacement_detection() {
    assert!(is_replacement(&doc! { "a": 1 }));
    assert!(!is_replacement(&doc! { "$set": { "a": 1 } }));
}

#[test]
fn deep_paths_are_refused() {
    let path = vec!["a"; 500].join(".");
    let mut update = Document::new();
    update.insert("$set", doc! { path: 1 });
    assert!(Update::parse(&update).is_err());
}

#[test]
fn array_padding_is_limited_per_update_not_per_path() {
    let mut d = doc! {};
    let mut set = doc! {};
    for i in 0..20 {
        d.insert(format!("a{i}"), Bson::Array(Vec::new()));
        set.insert(format!("a{i}.100000"), 1);
    }
    // Each path pads 100,000 nulls, under the limit alone; together they pass 1,500,000.
    assert!(err(d.clone(), doc! { "$set": set }).contains("can't backfill more than 1500000 elements"));
    let (out, _) = run(d, doc! { "$set": { "a0.100000": 1 } }).expect("one path alone is fine");
    assert_eq!(out.get_array("a0").map(Vec::len).ok(), Some(100_001));
}

#[test]
fn push_modifiers_without_each_are_refused() {
    let e = err(doc! { "a": [1] }, doc! { "$push": { "a": { "$slice": -5 } } });
    assert!(e.contains("$slice") && e.contains("$each"), "{e}");
    assert_eq!(ok(doc! { "a": [1] }, doc! { "$push": { "a": { "b": 2 } } }), doc! { "a": [1, { "b": 2 }] });
}
