//! Cases from MongoDB's aggregation expression documentation.

use bson::{Bson, Document, bson, doc};

use super::*;

fn ev(expr: Bson, d: &Document) -> Option<Bson> {
    Expr::parse(&expr).expect("parses").eval(d).expect("evaluates")
}

fn val(expr: Bson) -> Bson {
    ev(expr, &doc! {}).expect("not missing")
}

fn err(expr: Bson, d: &Document) -> String {
    match Expr::parse(&expr) {
        Err(e) => e.to_string(),
        Ok(e) => e.eval(d).expect_err("fails").to_string(),
    }
}

fn date(ms: i64) -> Bson {
    Bson::DateTime(bson::DateTime::from_millis(ms))
}

#[test]
fn field_paths_fan_out_over_arrays() {
    let d = doc! { "a": { "b": 1 }, "arr": [{ "x": 1 }, { "y": 2 }, { "x": 3 }, 7, [{ "x": 4 }]] };
    assert_eq!(ev(bson!("$a.b"), &d), Some(bson!(1)));
    assert_eq!(ev(bson!("$arr.x"), &d), Some(bson!([1, 3, [4]])));
    assert_eq!(ev(bson!("$missing"), &d), None);
    assert_eq!(ev(bson!("$a.b.c"), &d), None);
    assert_eq!(ev(bson!("$$ROOT.a"), &d), Some(bson!({ "b": 1 })));
    assert_eq!(ev(bson!("$$CURRENT"), &d), Some(Bson::Document(d.clone())));
    assert_eq!(ev(bson!("$$REMOVE"), &d), None);
    assert_eq!(err(bson!("$"), &d), "'$' by itself is not a valid FieldPath");
    assert_eq!(err(bson!("$$foo"), &d), "Use of undefined variable: foo");
}

#[test]
fn literals_objects_and_arrays() {
    let d = doc! { "a": 1 };
    assert_eq!(ev(bson!({ "$literal": "$a" }), &d), Some(bson!("$a")));
    assert_eq!(ev(bson!({ "x": "$a", "y": { "z": "$nope" } }), &d), Some(bson!({ "x": 1, "y": {} })));
    assert_eq!(ev(bson!(["$a", "$nope", 3]), &d), Some(bson!([1, Bson::Null, 3])));
    assert_eq!(err(bson!({ "$foo": 1 }), &d), "Unrecognized expression '$foo'");
    assert!(err(bson!({ "$add": [1], "b": 1 }), &d).contains("exactly one field"));
}

#[test]
fn arithmetic() {
    let d = doc! { "price": 10, "fee": 2, "date": date(1000), "n": 2.5 };
    assert_eq!(ev(bson!({ "$add": ["$price", "$fee"] }), &d), Some(bson!(12)));
    assert_eq!(ev(bson!({ "$add": ["$date", 3 * 24 * 60 * 60000] }), &d), Some(date(1000 + 259_200_000)));
    assert_eq!(ev(bson!({ "$add": ["$price", "$missing"] }), &d), Some(Bson::Null));
    assert_eq!(val(bson!({ "$add": [i32::MAX, 1] })), bson!(i64::from(i32::MAX) + 1));
    assert_eq!(val(bson!({ "$add": [i64::MAX, 1i64] })), bson!(i64::MAX as f64 + 1.0));
    assert_eq!(val(bson!({ "$add": [1, 0.5] })), bson!(1.5));
    assert_eq!(err(bson!({ "$add": [1, "a"] }), &d), "$add only supports numeric or date types, not string");
    assert_eq!(ev(bson!({ "$subtract": ["$date", "$date"] }), &d), Some(bson!(0i64)));
    assert_eq!(ev(bson!({ "$subtract": ["$date", 1000] }), &d), Some(date(0)));
    assert_eq!(val(bson!({ "$subtract": [5, 7] })), bson!(-2));
    assert_eq!(err(bson!({ "$subtract": ["a", 1] }), &d), "can't $subtract int from string");
    assert_eq!(val(bson!({ "$multiply": [2, 3, 1.5] })), bson!(9.0));
    assert_eq!(val(bson!({ "$divide": [9, 2] })), bson!(4.5));
    assert_eq!(err(bson!({ "$divide": [1, 0] }), &d), "can't $divide by zero");
    assert_eq!(val(bson!({ "$mod": [10, 3] })), bson!(1));
    assert_eq!(val(bson!({ "$mod": [10.5, 3] })), bson!(1.5));
    assert_eq!(err(bson!({ "$mod": [1, 0] }), &d), "can't $mod by zero");
    assert_eq!(val(bson!({ "$abs": -5 })), bson!(5));
    assert_eq!(val(bson!({ "$abs": i32::MIN })), bson!(-i64::from(i32::MIN)));
    assert_eq!(val(bson!({ "$ceil": 1.2 })), bson!(2.0));
    assert_eq!(val(bson!({ "$floor": -1.2 })), bson!(-2.0));
    assert_eq!(val(bson!({ "$floor": 3 })), bson!(3));
    assert_eq!(val(bson!({ "$abs": Bson::Null })), Bson::Null);
    assert_eq!(err(bson!({ "$abs": "x" }), &d), "$abs only supports numeric types, not string");
    assert_eq!(err(bson!({ "$abs": [1, 2] }), &d), "Expression $abs takes exactly 1 arguments. 2 were passed in.");
}

#[test]
fn round_and_trunc() {
    assert_eq!(val(bson!({ "$round": [19.25, 1] })), bson!(19.2));
    assert_eq!(val(bson!({ "$round": [28.73, 0] })), bson!(29.0));
    assert_eq!(val(bson!({ "$round": [34.3, -1] })), bson!(30.0));
    assert_eq!(val(bson!({ "$round": [2.5] })), bson!(2.0));
    assert_eq!(val(bson!({ "$round": [1234, -2] })), bson!(1200));
    assert_eq!(val(bson!({ "$trunc": [19.25, 1] })), bson!(19.2));
    assert_eq!(val(bson!({ "$trunc": [-1.9] })), bson!(-1.0));
}

#[test]
fn comparisons_and_logic() {
    let d = doc! { "qty": 250, "s": "abc" };
    assert_eq!(ev(bson!({ "$cmp": ["$qty", 250] }), &d), Some(bson!(0)));
    assert_eq!(ev(bson!({ "$cmp": ["$qty", 300] }), &d), Some(bson!(-1)));
    assert_eq!(ev(bson!({ "$gt": ["$qty", 200] }), &d), Some(bson!(true)));
    assert_eq!(ev(bson!({ "$lte": ["$qty", 250.0] }), &d), Some(bson!(true)));
    assert_eq!(ev(bson!({ "$ne": ["$s", "abc"] }), &d), Some(bson!(false)));
    // Missing sorts below null in expressions.
    assert_eq!(ev(bson!({ "$eq": ["$missing", Bson::Null] }), &d), Some(bson!(false)));
    assert_eq!(ev(bson!({ "$lt": ["$missing", Bson::Null] }), &d), Some(bson!(true)));
    assert_eq!(ev(bson!({ "$and": [{ "$gt": ["$qty", 100] }, { "$lt": ["$qty", 250] }] }), &d), Some(bson!(false)));
    assert_eq!(val(bson!({ "$and": [1, "green"] })), bson!(true));
    assert_eq!(val(bson!({ "$and": [] })), bson!(true));
    assert_eq!(val(bson!({ "$and": [Bson::Null, true] })), bson!(false));
    assert_eq!(val(bson!({ "$or": [0, Bson::Null, [false]] })), bson!(true));
    assert_eq!(val(bson!({ "$not": [0] })), bson!(true));
    assert_eq!(val(bson!({ "$not": [[false]] })), bson!(false));
}

#[test]
fn conditionals() {
    let d = doc! { "qty": 300, "desc": Bson::Null };
    let cond = bson!({ "$cond": { "if": { "$gte": ["$qty", 250] }, "then": 30, "else": 20 } });
    assert_eq!(ev(cond, &d), Some(bson!(30)));
    assert_eq!(ev(bson!({ "$cond": [{ "$lt": ["$qty", 250] }, 30, 20] }), &d), Some(bson!(20)));
    assert_eq!(err(bson!({ "$cond": { "then": 1, "else": 2 } }), &d), "Missing 'if' parameter to $cond");
    assert_eq!(
        err(bson!({ "$cond": { "if": 1, "then": 1, "else": 2, "x": 1 } }), &d),
        "Unrecognized parameter to $cond: x"
    );
    assert_eq!(ev(bson!({ "$ifNull": ["$desc", "Unspecified"] }), &d), Some(bson!("Unspecified")));
    assert_eq!(ev(bson!({ "$ifNull": ["$nope", "$desc", "$qty"] }), &d), Some(bson!(300)));
    let switch = bson!({ "$switch": { "branches": [
        { "case": { "$gte": ["$qty", 500] }, "then": "big" },
        { "case": { "$gte": ["$qty", 100] }, "then": "medium" },
    ], "default": "small" } });
    assert_eq!(ev(switch, &d), Some(bson!("medium")));
    assert_eq!(
        err(bson!({ "$switch": { "branches": [{ "case": false, "then": 1 }] } }), &d),
        "$switch could not find a matching branch for an input, and no default was specified."
    );
}

#[test]
fn strings() {
    let d = doc! { "item": "ABC1", "description": "product 1", "quarter": "13Q1", "city": "Berkeley, CA" };
    assert_eq!(ev(bson!({ "$concat": ["$item", " - ", "$description"] }), &d), Some(bson!("ABC1 - product 1")));
    assert_eq!(ev(bson!({ "$concat": ["$item", "$nope"] }), &d), Some(Bson::Null));
    assert_eq!(err(bson!({ "$concat": ["a", 1] }), &d), "$concat only supports strings, not int");
    assert_eq!(ev(bson!({ "$toLower": "$item" }), &d), Some(bson!("abc1")));
    assert_eq!(ev(bson!({ "$toUpper": "$description" }), &d), Some(bson!("PRODUCT 1")));
    assert_eq!(ev(bson!({ "$toUpper": "$nope" }), &d), Some(bson!("")));
    assert_eq!(ev(bson!({ "$substr": ["$quarter", 0, 2] }), &d), Some(bson!("13")));
    assert_eq!(ev(bson!({ "$substr": ["$quarter", 2, -1] }), &d), Some(bson!("Q1")));
    assert_eq!(val(bson!({ "$substrCP": ["cafétéria", 0, 5] })), bson!("cafét"));
    assert_eq!(val(bson!({ "$strLenCP": "cafétéria" })), bson!(9));
    assert_eq!(val(bson!({ "$strLenBytes": "cafétéria" })), bson!(11));
    assert_eq!(err(bson!({ "$strLenCP": "$nope" }), &d), "$strLenCP requires a string argument, found: missing");
    assert_eq!(ev(bson!({ "$split": ["$city", ", "] }), &d), Some(bson!(["Berkeley", "CA"])));
    assert_eq!(err(bson!({ "$split": ["a", ""] }), &d), "$split requires a non-empty separator");
    assert_eq!(val(bson!({ "$trim": { "input": "  \n good  bye \t  " } })), bson!("good  bye"));
    assert_eq!(val(bson!({ "$trim": { "input": "xxhixx", "chars": "x" } })), bson!("hi"));
    assert_eq!(val(bson!({ "$ltrim": { "input": "  a " } })), bson!("a "));
    assert_eq!(err(bson!({ "$trim": { "chars": "x" } }), &d), "$trim requires an 'input' field");
}

#[test]
fn arrays() {
    let d = doc! { "favorites": ["chocolate", "cake", "butter", "apples"], "n": Bson::Null };
    assert_eq!(ev(bson!({ "$size": "$favorites" }), &d), Some(bson!(4)));
    assert_eq!(
        err(bson!({ "$size": "$nope" }), &d),
        "The argument to $size must be an array. Type of argument is: missing"
    );
    assert_eq!(ev(bson!({ "$arrayElemAt": ["$favorites", 0] }), &d), Some(bson!("chocolate")));
    assert_eq!(ev(bson!({ "$arrayElemAt": ["$favorites", -1] }), &d), Some(bson!("apples")));
    assert_eq!(ev(bson!({ "$arrayElemAt": ["$favorites", 9] }), &d), None);
    assert_eq!(ev(bson!({ "$arrayElemAt": ["$n", 0] }), &d), Some(Bson::Null));
    assert_eq!(ev(bson!({ "$in": ["cake", "$favorites"] }), &d), Some(bson!(true)));
    assert_eq!(err(bson!({ "$in": ["x", "$nope"] }), &d), "$in requires an array as a second argument, found: missing");
    assert_eq!(val(bson!({ "$concatArrays": [["a"], [1, 2], []] })), bson!(["a", 1, 2]));
    assert_eq!(ev(bson!({ "$concatArrays": [["a"], "$nope"] }), &d), Some(Bson::Null));
    assert_eq!(ev(bson!({ "$slice": ["$favorites", 2] }), &d), Some(bson!(["chocolate", "cake"])));
    assert_eq!(ev(bson!({ "$slice": ["$favorites", -2] }), &d), Some(bson!(["butter", "apples"])));
    assert_eq!(ev(bson!({ "$slice": ["$favorites", 1, 2] }), &d), Some(bson!(["cake", "butter"])));
    assert_eq!(ev(bson!({ "$slice": ["$favorites", -3, 1] }), &d), Some(bson!(["cake"])));
    assert_eq!(ev(bson!({ "$isArray": ["$favorites"] }), &d), Some(bson!(true)));
    assert_eq!(ev(bson!({ "$isArray": "$n" }), &d), Some(bson!(false)));
    assert_eq!(ev(bson!({ "$first": "$favorites" }), &d), Some(bson!("chocolate")));
    assert_eq!(ev(bson!({ "$last": "$favorites" }), &d), Some(bson!("apples")));
    assert_eq!(ev(bson!({ "$first": [[]] }), &d), None);
    assert_eq!(err(bson!({ "$first": 1 }), &d), "$first's argument must be an array, but is int");
}

#[test]
fn accumulator_expressions() {
    let d = doc! { "quizzes": [10, 6, 7], "labs": [5, 8], "final": 80, "midterm": 75 };
    assert_eq!(ev(bson!({ "$sum": "$quizzes" }), &d), Some(bson!(23)));
    assert_eq!(ev(bson!({ "$sum": ["$final", "$midterm", "x"] }), &d), Some(bson!(155)));
    assert_eq!(ev(bson!({ "$avg": "$labs" }), &d), Some(bson!(6.5)));
    assert_eq!(ev(bson!({ "$avg": ["$final", "$midterm"] }), &d), Some(bson!(77.5)));
    assert_eq!(ev(bson!({ "$max": "$quizzes" }), &d), Some(bson!(10)));
    assert_eq!(ev(bson!({ "$min": ["$final", "$midterm", Bson::Null] }), &d), Some(bson!(75)));
    assert_eq!(ev(bson!({ "$avg": "$nope" }), &d), Some(Bson::Null));
    assert_eq!(ev(bson!({ "$sum": "$nope" }), &d), Some(bson!(0)));
}

#[test]
fn conversions_and_type() {
    assert_eq!(val(bson!({ "$toString": 2.5 })), bson!("2.5"));
    assert_eq!(val(bson!({ "$toString": 3.0 })), bson!("3"));
    assert_eq!(val(bson!({ "$toString": true })), bson!("true"));
    assert_eq!(val(bson!({ "$toString": date(0) })), bson!("1970-01-01T00:00:00.000Z"));
    assert_eq!(val(bson!({ "$toInt": 5.9 })), bson!(5));
    assert_eq!(val(bson!({ "$toInt": "100" })), bson!(100));
    assert_eq!(val(bson!({ "$toInt": true })), bson!(1));
    assert_eq!(val(bson!({ "$toLong": date(5) })), bson!(5i64));
    assert_eq!(val(bson!({ "$toDouble": "2.5" })), bson!(2.5));
    assert_eq!(val(bson!({ "$toDouble": Bson::Null })), Bson::Null);
    assert_eq!(val(bson!({ "$toBool": 0 })), bson!(false));
    assert_eq!(val(bson!({ "$toBool": "" })), bson!(true));
    assert!(err(bson!({ "$toInt": "1.5" }), &doc! {}).starts_with("Failed to parse number '1.5'"));
    assert!(err(bson!({ "$toInt": 3e10 }), &doc! {}).starts_with("Conversion would overflow"));
    assert_eq!(val(bson!({ "$type": "a" })), bson!("string"));
    assert_eq!(val(bson!({ "$type": "$nope" })), bson!("missing"));
    assert_eq!(val(bson!({ "$type": [[1]] })), bson!("array"));
}

#[test]
fn dates() {
    // 2014-01-01T08:15:39.736Z, a Wednesday.
    let d = doc! { "date": date(1_388_564_139_736) };
    let part = |op: &str| ev(Bson::Document(doc! { op: "$date" }), &d).expect("value");
    assert_eq!(part("$year"), bson!(2014));
    assert_eq!(part("$month"), bson!(1));
    assert_eq!(part("$dayOfMonth"), bson!(1));
    assert_eq!(part("$hour"), bson!(8));
    assert_eq!(part("$minute"), bson!(15));
    assert_eq!(part("$second"), bson!(39));
    assert_eq!(part("$millisecond"), bson!(736));
    assert_eq!(part("$dayOfYear"), bson!(1));
    assert_eq!(part("$dayOfWeek"), bson!(4));
    assert_eq!(part("$week"), bson!(0));
    assert_eq!(part("$isoWeek"), bson!(1));
    assert_eq!(part("$isoDayOfWeek"), bson!(3));
    assert_eq!(ev(bson!({ "$hour": { "date": "$date", "timezone": "+05:30" } }), &d), Some(bson!(13)));
    assert_eq!(ev(bson!({ "$year": "$nope" }), &d), Some(Bson::Null));
    assert_eq!(err(bson!({ "$year": "x" }), &d), "can't convert from BSON type string to Date");
    let fmt = |f: &str| ev(bson!({ "$dateToString": { "format": f, "date": "$date" } }), &d).expect("value");
    assert_eq!(fmt("%Y-%m-%d"), bson!("2014-01-01"));
    assert_eq!(fmt("%H:%M:%S:%L%z"), bson!("08:15:39:736+0000"));
    assert_eq!(fmt("%w %U %j %V %G %u %%"), bson!("4 00 001 01 2014 3 %"));
    assert_eq!(ev(bson!({ "$dateToString": { "date": "$date" } }), &d), Some(bson!("2014-01-01T08:15:39.736Z")));
    assert_eq!(ev(bson!({ "$dateToString": { "date": "$nope", "onNull": "none" } }), &d), Some(bson!("none")));
    assert_eq!(
        err(bson!({ "$dateToString": { "date": "$date", "format": "%Q" } }), &d),
        "Invalid format character '%Q' in format string"
    );
    assert!(matches!(
        Expr::parse(&bson!({ "$hour": { "date": "$date", "timezone": "America/New_York" } })).unwrap().eval(&d),
        Err(DbError::Unsupported(_))
    ));
}

#[test]
fn objects() {
    let d = doc! { "dimensions": { "l": 25, "w": 10 }, "extra": Bson::Null };
    assert_eq!(
        ev(bson!({ "$objectToArray": "$dimensions" }), &d),
        Some(bson!([{ "k": "l", "v": 25 }, { "k": "w", "v": 10 }]))
    );
    assert_eq!(val(bson!({ "$arrayToObject": [[["a", 1], ["b", 2]]] })), bson!({ "a": 1, "b": 2 }));
    assert_eq!(
        ev(bson!({ "$mergeObjects": ["$dimensions", { "w": 11, "h": 3 }, "$extra"] }), &d),
        Some(bson!({ "l": 25, "w": 11, "h": 3 }))
    );
    assert_eq!(
        err(bson!({ "$mergeObjects": [1] }), &d),
        "$mergeObjects requires object inputs, but input 1 is of type int"
    );
}

#[test]
fn variables_map_filter_let_reduce() {
    let d = doc! { "items": [1, 2, 3, 4], "price": 10, "tax": 2 };
    assert_eq!(
        ev(bson!({ "$map": { "input": "$items", "as": "i", "in": { "$multiply": ["$$i", 2] } } }), &d),
        Some(bson!([2, 4, 6, 8]))
    );
    assert_eq!(
        ev(bson!({ "$filter": { "input": "$items", "cond": { "$gt": ["$$this", 2] } } }), &d),
        Some(bson!([3, 4]))
    );
    assert_eq!(
        ev(bson!({ "$filter": { "input": "$items", "cond": { "$gt": ["$$this", 1] }, "limit": 1 } }), &d),
        Some(bson!([2]))
    );
    assert_eq!(
        ev(
            bson!({ "$let": { "vars": { "total": { "$add": ["$price", "$tax"] } }, "in": { "$multiply": ["$$total", 2] } } }),
            &d
        ),
        Some(bson!(24))
    );
    assert_eq!(
        ev(bson!({ "$reduce": { "input": "$items", "initialValue": 0, "in": { "$add": ["$$value", "$$this"] } } }), &d),
        Some(bson!(10))
    );
    assert_eq!(err(bson!({ "$map": { "input": "$items", "in": "$$x" } }), &d), "Use of undefined variable: x");
}

#[test]
fn deep_nesting_is_refused() {
    let mut e = bson!(1);
    for _ in 0..400 {
        e = bson!({ "$abs": e });
    }
    assert!(Expr::parse(&e).is_err());
}
