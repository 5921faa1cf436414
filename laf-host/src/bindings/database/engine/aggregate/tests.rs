//! Cases from MongoDB's aggregation stage documentation.

use bson::{Bson, Document, doc};

use super::*;

struct Source(Vec<(&'static str, Vec<Document>)>);

impl CollectionSource for Source {
    fn documents(&self, collection: &str) -> Result<Vec<Document>, DbError> {
        Ok(self.0.iter().find(|(name, _)| *name == collection).map(|(_, d)| d.clone()).unwrap_or_default())
    }
}

fn run_with(input: Vec<Document>, stages: Vec<Document>, source: &Source) -> Result<Vec<Document>, DbError> {
    Pipeline::parse(&stages)?.run(input, false, source)
}

fn run(input: Vec<Document>, stages: Vec<Document>) -> Vec<Document> {
    run_with(input, stages, &Source(Vec::new())).expect("pipeline runs")
}

fn err(stages: Vec<Document>) -> String {
    match Pipeline::parse(&stages) {
        Err(e) => e.to_string(),
        Ok(p) => p.run(vec![doc! { "_id": 1 }], false, &Source(Vec::new())).expect_err("fails").to_string(),
    }
}

fn sales() -> Vec<Document> {
    vec![
        doc! { "_id": 1, "item": "abc", "price": 10, "quantity": 2, "tags": ["a", "b"] },
        doc! { "_id": 2, "item": "jkl", "price": 20, "quantity": 1, "tags": [] },
        doc! { "_id": 3, "item": "xyz", "price": 5, "quantity": 10, "tags": ["a"] },
        doc! { "_id": 4, "item": "xyz", "price": 5, "quantity": 20 },
        doc! { "_id": 5, "item": "abc", "price": 10, "quantity": 10, "tags": Bson::Null },
    ]
}

fn ids(docs: &[Document]) -> Vec<Bson> {
    docs.iter().map(|d| d.get("_id").cloned().unwrap_or(Bson::Null)).collect()
}

#[test]
fn match_sort_skip_limit_count() {
    let out = run(sales(), vec![doc! { "$match": { "item": "abc" } }]);
    assert_eq!(ids(&out), vec![Bson::Int32(1), Bson::Int32(5)]);
    let out =
        run(sales(), vec![doc! { "$sort": { "price": -1, "_id": 1 } }, doc! { "$skip": 1 }, doc! { "$limit": 2 }]);
    assert_eq!(ids(&out), vec![Bson::Int32(1), Bson::Int32(5)]);
    assert_eq!(
        run(sales(), vec![doc! { "$match": { "price": { "$gte": 10 } } }, doc! { "$count": "n" }]),
        vec![doc! { "n": 3 }]
    );
    assert!(run(sales(), vec![doc! { "$match": { "price": 99 } }, doc! { "$count": "n" }]).is_empty());
}

#[test]
fn leading_match_can_be_skipped() {
    let p = Pipeline::parse(&[doc! { "$match": { "item": "abc" } }, doc! { "$count": "n" }]).unwrap();
    let leading = p.leading_match().expect("a leading $match");
    assert!(leading.matches(&doc! { "item": "abc" }) && !leading.matches(&doc! { "item": "xyz" }));
    assert_eq!(p.run(sales(), true, &Source(Vec::new())).unwrap(), vec![doc! { "n": 5 }]);
    assert!(Pipeline::parse(&[doc! { "$limit": 1 }]).unwrap().leading_match().is_none());
}

#[test]
fn project_inclusion_exclusion_and_computed() {
    let d = vec![
        doc! { "_id": 1, "title": "abc123", "isbn": "0001122223334", "author": { "last": "zzz", "first": "aaa" }, "copies": 5 },
    ];
    assert_eq!(
        run(d.clone(), vec![doc! { "$project": { "title": 1, "author": 1 } }]),
        vec![doc! { "_id": 1, "title": "abc123", "author": { "last": "zzz", "first": "aaa" } }]
    );
    assert_eq!(
        run(d.clone(), vec![doc! { "$project": { "_id": 0, "author.last": 1 } }]),
        vec![doc! { "author": { "last": "zzz" } }]
    );
    assert_eq!(
        run(d.clone(), vec![doc! { "$project": { "author": { "first": 0 }, "copies": 0 } }]),
        vec![doc! { "_id": 1, "title": "abc123", "isbn": "0001122223334", "author": { "last": "zzz" } }]
    );
    let computed = doc! { "$project": {
        "title": 1,
        "isbn": { "prefix": { "$substr": ["$isbn", 0, 3] } },
        "lastName": "$author.last",
        "copiesSold": "$copies",
        "gone": "$$REMOVE",
    } };
    assert_eq!(
        run(d.clone(), vec![computed]),
        vec![doc! { "_id": 1, "title": "abc123", "isbn": { "prefix": "000" }, "lastName": "zzz", "copiesSold": 5 }]
    );
    assert_eq!(
        run(vec![doc! { "_id": 1, "a": [{ "b": 1, "c": 2 }, 3] }], vec![doc! { "$project": { "a.b": 1 } }]),
        vec![doc! { "_id": 1, "a": [{ "b": 1 }] }]
    );
}

#[test]
fn project_errors() {
    assert_eq!(
        err(vec![doc! { "$project": { "a": 1, "b": 0 } }]),
        "Invalid $project :: caused by :: Cannot do exclusion on field b in inclusion projection"
    );
    assert_eq!(
        err(vec![doc! { "$project": {} }]),
        "Invalid $project :: caused by :: projection specification must have at least one field"
    );
    assert!(err(vec![doc! { "$project": { "a": 1, "a.b": 1 } }]).contains("Path collision at a.b"));
}

#[test]
fn add_fields_set_and_unset() {
    let d = vec![
        doc! { "_id": 1, "student": "Maya", "homework": [10, 5, 10], "quiz": [10, 8], "extra": 0, "specs": { "doors": 4 } },
    ];
    let out = run(
        d.clone(),
        vec![
            doc! { "$addFields": { "totalHomework": { "$sum": "$homework" }, "totalQuiz": { "$sum": "$quiz" } } },
            doc! { "$set": { "total": { "$add": ["$totalHomework", "$totalQuiz", "$extra"] } } },
        ],
    );
    assert_eq!(out[0].get("total"), Some(&Bson::Int32(43)));
    let out = run(d.clone(), vec![doc! { "$addFields": { "specs.fuel_type": "unleaded", "student": "M" } }]);
    assert_eq!(out[0].get("specs"), Some(&Bson::Document(doc! { "doors": 4, "fuel_type": "unleaded" })));
    assert_eq!(out[0].get("student"), Some(&Bson::String("M".into())));
    let out = run(d.clone(), vec![doc! { "$set": { "specs": { "wheels": 4 } } }]);
    assert_eq!(out[0].get("specs"), Some(&Bson::Document(doc! { "doors": 4, "wheels": 4 })));
    let out = run(d, vec![doc! { "$unset": ["homework", "quiz", "specs.doors"] }]);
    assert_eq!(out, vec![doc! { "_id": 1, "student": "Maya", "extra": 0, "specs": {} }]);
    assert_eq!(run(vec![doc! { "_id": 1, "a": 1 }], vec![doc! { "$unset": "a" }]), vec![doc! { "_id": 1 }]);
    assert_eq!(err(vec![doc! { "$unset": 1 }]), "$unset specification must be a string or an array");
}

fn by_id(mut docs: Vec<Document>) -> Vec<Document> {
    docs.sort_by(|a, b| {
        super::super::compare::compare(
            &a.get("_id").cloned().unwrap_or(Bson::Null),
            &b.get("_id").cloned().unwrap_or(Bson::Null),
        )
    });
    docs
}

#[test]
fn group_accumulators() {
    let out = by_id(run(
        sales(),
        vec![doc! { "$group": {
            "_id": "$item",
            "total": { "$sum": { "$multiply": ["$price", "$quantity"] } },
            "avgQty": { "$avg": "$quantity" },
            "n": { "$count": {} },
            "ones": { "$sum": 1 },
            "minQ": { "$min": "$quantity" },
            "maxQ": { "$max": "$quantity" },
            "first": { "$first": "$_id" },
            "last": { "$last": "$_id" },
            "ids": { "$push": "$_id" },
            "prices": { "$addToSet": "$price" },
        } }],
    ));
    assert_eq!(
        out,
        vec![
            doc! { "_id": "abc", "total": 120, "avgQty": 6.0, "n": 2, "ones": 2, "minQ": 2, "maxQ": 10, "first": 1, "last": 5, "ids": [1, 5], "prices": [10] },
            doc! { "_id": "jkl", "total": 20, "avgQty": 1.0, "n": 1, "ones": 1, "minQ": 1, "maxQ": 1, "first": 2, "last": 2, "ids": [2], "prices": [20] },
            doc! { "_id": "xyz", "total": 150, "avgQty": 15.0, "n": 2, "ones": 2, "minQ": 10, "maxQ": 20, "first": 3, "last": 4, "ids": [3, 4], "prices": [5] },
        ]
    );
    let out = run(
        sales(),
        vec![doc! { "$group": { "_id": Bson::Null, "count": { "$sum": 1 }, "avg": { "$avg": "$nope" } } }],
    );
    assert_eq!(out, vec![doc! { "_id": Bson::Null, "count": 5, "avg": Bson::Null }]);
    let out = run(
        sales(),
        vec![
            doc! { "$group": { "_id": { "item": "$item", "price": "$price" }, "c": { "$sum": 1 } } },
            doc! { "$sort": { "c": -1, "_id.item": 1 } },
        ],
    );
    assert_eq!(out[0], doc! { "_id": { "item": "abc", "price": 10 }, "c": 2 });
    // 1 and 1.0 are one group.
    let out =
        run(vec![doc! { "k": 1 }, doc! { "k": 1.0 }], vec![doc! { "$group": { "_id": "$k", "n": { "$sum": 1 } } }]);
    assert_eq!(out, vec![doc! { "_id": 1, "n": 2 }]);
}

#[test]
fn group_errors() {
    assert_eq!(err(vec![doc! { "$group": { "total": { "$sum": 1 } } }]), "a group specification must include an _id");
    assert_eq!(err(vec![doc! { "$group": { "_id": 1, "t": { "$foo": 1 } } }]), "unknown group operator '$foo'");
    assert_eq!(err(vec![doc! { "$group": { "_id": 1, "t": 1 } }]), "The field 't' must be an accumulator object");
    assert_eq!(
        err(vec![doc! { "$group": { "_id": 1, "t": { "$sum": 1, "$avg": 1 } } }]),
        "The field 't' must specify one accumulator"
    );
    assert_eq!(
        err(vec![doc! { "$group": { "_id": 1, "t": { "$count": 1 } } }]),
        "$count takes no arguments, i.e. $count:{}"
    );
}

#[test]
fn unwind_forms() {
    let out = run(sales(), vec![doc! { "$unwind": "$tags" }]);
    assert_eq!(ids(&out), vec![Bson::Int32(1), Bson::Int32(1), Bson::Int32(3)]);
    assert_eq!(out[1].get("tags"), Some(&Bson::String("b".into())));
    let out = run(
        sales(),
        vec![doc! { "$unwind": { "path": "$tags", "includeArrayIndex": "idx", "preserveNullAndEmptyArrays": true } }],
    );
    assert_eq!(out.len(), 6);
    assert_eq!(out[1], doc! { "_id": 1, "item": "abc", "price": 10, "quantity": 2, "tags": "b", "idx": 1i64 });
    assert_eq!(out[2], doc! { "_id": 2, "item": "jkl", "price": 20, "quantity": 1, "idx": Bson::Null });
    assert_eq!(out[5].get("tags"), Some(&Bson::Null));
    let out = run(
        vec![doc! { "_id": 1, "sizes": "M" }],
        vec![doc! { "$unwind": { "path": "$sizes", "includeArrayIndex": "i" } }],
    );
    assert_eq!(out, vec![doc! { "_id": 1, "sizes": "M", "i": Bson::Null }]);
    assert_eq!(
        err(vec![doc! { "$unwind": "tags" }]),
        "path option to $unwind stage should be prefixed with a '$': tags"
    );
    assert_eq!(err(vec![doc! { "$unwind": { "path": "$a", "x": 1 } }]), "unrecognized option to $unwind stage: x");
}

#[test]
fn lookup_equality() {
    let orders = vec![
        doc! { "_id": 1, "item": "almonds", "price": 12 },
        doc! { "_id": 2, "item": "pecans", "price": 20 },
        doc! { "_id": 3 },
    ];
    let inventory = vec![
        doc! { "_id": 1, "sku": "almonds", "instock": 120 },
        doc! { "_id": 2, "sku": "bread", "instock": 80 },
        doc! { "_id": 5, "sku": Bson::Null },
        doc! { "_id": 6 },
        doc! { "_id": 7, "sku": ["pecans", "x"] },
    ];
    let source = Source(vec![("inventory", inventory)]);
    let stage = doc! { "$lookup": { "from": "inventory", "localField": "item", "foreignField": "sku", "as": "inventory_docs" } };
    let out = run_with(orders, vec![stage.clone()], &source).unwrap();
    let found = |i: usize| match out[i].get("inventory_docs") {
        Some(Bson::Array(items)) => ids(&items.iter().filter_map(|b| b.as_document().cloned()).collect::<Vec<_>>()),
        _ => Vec::new(),
    };
    assert_eq!(found(0), vec![Bson::Int32(1)]);
    assert_eq!(found(1), vec![Bson::Int32(7)]);
    assert_eq!(found(2), vec![Bson::Int32(5), Bson::Int32(6)]);
    // A local array matches any of its elements.
    let out = run_with(vec![doc! { "_id": 9, "item": ["bread", "almonds"] }], vec![stage], &source).unwrap();
    assert_eq!(out[0].get("inventory_docs").and_then(Bson::as_array).map(Vec::len), Some(2));
    assert!(matches!(
        Pipeline::parse(&[doc! { "$lookup": { "from": "x", "pipeline": [], "as": "y" } }]),
        Err(DbError::Unsupported(_))
    ));
    assert_eq!(
        err(vec![doc! { "$lookup": { "from": "x", "localField": "a", "foreignField": "b" } }]),
        "must specify 'as' field for a $lookup"
    );
}

#[test]
fn replace_root_replace_with_and_sort_by_count() {
    let d = vec![
        doc! { "_id": 1, "name": { "first": "John", "last": "Backus" } },
        doc! { "_id": 2, "name": { "first": "Ada" } },
    ];
    assert_eq!(run(d.clone(), vec![doc! { "$replaceRoot": { "newRoot": "$name" } }])[1], doc! { "first": "Ada" });
    let out = run(d.clone(), vec![doc! { "$replaceWith": { "$mergeObjects": [{ "last": "?" }, "$name"] } }]);
    assert_eq!(out[1], doc! { "last": "?", "first": "Ada" });
    let e = err(vec![doc! { "$replaceRoot": { "newRoot": "$missing" } }]);
    assert!(e.starts_with("'newRoot' expression must evaluate to an object, but resulting value was: MISSING"), "{e}");
    let out = run(
        vec![doc! { "tags": ["a", "b"] }, doc! { "tags": ["b"] }, doc! { "tags": ["b", "c"] }],
        vec![doc! { "$unwind": "$tags" }, doc! { "$sortByCount": "$tags" }],
    );
    assert_eq!(
        out,
        vec![doc! { "_id": "b", "count": 3 }, doc! { "_id": "a", "count": 1 }, doc! { "_id": "c", "count": 1 }]
    );
}

#[test]
fn stage_errors() {
    assert_eq!(err(vec![doc! { "$foo": {} }]), "Unrecognized pipeline stage name: '$foo'");
    assert_eq!(
        err(vec![doc! { "$match": {}, "$limit": 1 }]),
        "A pipeline stage specification object must contain exactly one field."
    );
    assert!(err(vec![doc! { "$limit": 0 }]).contains("the limit must be positive"));
    assert!(err(vec![doc! { "$skip": -1 }]).contains("non-negative"));
    assert_eq!(err(vec![doc! { "$count": "$x" }]), "the count field cannot be a $-prefixed path");
    assert!(matches!(Pipeline::parse(&[doc! { "$facet": {} }]), Err(DbError::Unsupported(_))));
}

#[test]
fn compiled_types_are_shareable_across_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Pipeline>();
    shareable::<crate::bindings::database::engine::expr::Expr>();
    shareable::<crate::bindings::database::engine::update::Update>();
}

#[test]
fn values_cannot_grow_without_bound() {
    // Doubling an accumulator 40 times would be 2^40 elements; MongoDB stops at its size limit.
    let ones: Vec<Bson> = (0..40).map(|_| Bson::Int32(1)).collect();
    let doubling = doc! { "$project": { "x": { "$reduce": {
    "input": ones.clone(), "initialValue": [1], "in": { "$concatArrays": ["$$value", "$$value"] } } } } };
    assert!(err(vec![doubling]).contains("16MB"), "an exponential $reduce fails at the size limit");
    // Nesting the accumulator in itself would overflow every recursive walk of it.
    let many: Vec<Bson> = (0..500).map(|_| Bson::Int32(1)).collect();
    let nesting = doc! { "$project": { "x": { "$reduce": { "input": many, "initialValue": [], "in": ["$$value"] } } } };
    assert!(err(vec![nesting]).contains("depth"), "a self-nesting $reduce fails at the depth limit");
    // Stage after stage doubling a field.
    let mut stages = vec![doc! { "$set": { "a": ["xxxxxxxxxxxxxxxx"] } }];
    stages.extend((0..30).map(|_| doc! { "$set": { "a": { "$concatArrays": ["$a", "$a"] } } }));
    assert!(err(stages).contains("16MB"), "a pipeline that doubles a field fails at the size limit");
}

#[test]
fn lookup_results_are_bounded_by_the_document_size() {
    let big = "x".repeat(1024 * 1024);
    let foreign: Vec<Document> = (0..20).map(|i| doc! { "_id": i, "k": 1, "blob": &big }).collect();
    let source = Source(vec![("other", foreign)]);
    let stage = doc! { "$lookup": { "from": "other", "localField": "k", "foreignField": "k", "as": "joined" } };
    let e = run_with(vec![doc! { "_id": 1, "k": 1 }], vec![stage], &source).expect_err("20 MB joined fails");
    assert!(e.to_string().contains("16MB"), "{e}");
}

#[test]
fn unwind_keeps_field_order_and_other_fields() {
    let out = run(vec![doc! { "a": 0, "items": [1, 2], "z": 9 }], vec![doc! { "$unwind": "$items" }]);
    assert_eq!(out, vec![doc! { "a": 0, "items": 1, "z": 9 }, doc! { "a": 0, "items": 2, "z": 9 }]);
}
