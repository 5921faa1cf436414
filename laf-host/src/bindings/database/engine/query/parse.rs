//! Compiling a filter document into a [`Node`] tree, with MongoDB's argument checks and messages.

use bson::{Bson, Document};

use super::{BitOp, CmpOp, FieldCond, InList, Node, Pred, RegexPred, TypeSet};
use crate::bindings::database::DbError;
use crate::bindings::database::engine::compare::{as_f64, compare};

/// MongoDB's own cap on how deeply `$and`/`$or`/`$nor`/`$elemMatch`/`$not` may nest.
const MAX_TREE_DEPTH: usize = 100;

/// Operators that only make sense at the top of a filter (MongoDB's "pathless" operators).
const PATHLESS: &[&str] =
    &["$and", "$or", "$nor", "$comment", "$where", "$expr", "$text", "$jsonSchema", "$alwaysTrue", "$alwaysFalse"];

fn bad(message: impl Into<String>) -> DbError {
    DbError::BadValue(message.into())
}

fn unsupported(operator: &str) -> DbError {
    DbError::Unsupported(format!("{operator} is not supported by the embedded database"))
}

/// Whether `{ $ref, $id, $db }` fields make this a DBRef, which compares as a plain document.
fn is_dbref(doc: &Document, allow_incomplete: bool) -> bool {
    let has = |k: &str| doc.contains_key(k);
    if allow_incomplete { has("$ref") || has("$id") || has("$db") } else { has("$ref") && has("$id") }
}

/// Whether a field's value is an operator document (`{ $gt: 1 }`) rather than a value to equal.
fn is_operator_document(value: &Bson, allow_incomplete_dbref: bool) -> bool {
    match value {
        Bson::Document(d) => {
            d.keys().next().is_some_and(|k| k.starts_with('$')) && !is_dbref(d, allow_incomplete_dbref)
        }
        _ => false,
    }
}

pub(super) fn parse_document(filter: &Document, depth: usize) -> Result<Node, DbError> {
    if depth > MAX_TREE_DEPTH {
        return Err(bad(format!("exceeded maximum query tree depth of {MAX_TREE_DEPTH}")));
    }
    let mut nodes = Vec::new();
    for (key, value) in filter {
        if key.starts_with('$') {
            match key.as_str() {
                "$and" | "$or" | "$nor" => {
                    let children = parse_logical(key, value, depth)?;
                    nodes.push(match key.as_str() {
                        "$and" => Node::And(children),
                        "$or" => Node::Or(children),
                        _ => Node::Nor(children),
                    });
                }
                "$comment" => {}
                "$alwaysTrue" | "$alwaysFalse" => {
                    if as_f64(value) != Some(1.0) {
                        return Err(bad(format!("{key} must be an integer value of 1")));
                    }
                    nodes.push(Node::Const(key == "$alwaysTrue"));
                }
                // DBRef fields queried on their own are plain equalities.
                "$ref" | "$id" | "$db" => nodes.push(field(key, Pred::Cmp(CmpOp::Eq, value.clone()))),
                "$where" | "$expr" | "$text" | "$jsonSchema" | "$sampleRate" => return Err(unsupported(key)),
                _ => return Err(DbError::UnknownOperator(format!("unknown top level operator: {key}"))),
            }
            continue;
        }
        match value {
            Bson::Document(ops) if is_operator_document(value, false) => {
                for pred in parse_operators(key, ops, depth)? {
                    nodes.push(field(key, pred));
                }
            }
            Bson::RegularExpression(r) => {
                nodes.push(field(key, Pred::Regex(compile_regex(r.pattern.as_str(), r.options.as_str())?)));
            }
            _ => nodes.push(field(key, Pred::Cmp(CmpOp::Eq, value.clone()))),
        }
    }
    Ok(if nodes.len() == 1 { nodes.remove(0) } else { Node::And(nodes) })
}

fn field(path: &str, pred: Pred) -> Node {
    Node::Field(FieldCond { path: path.to_string(), segments: path.split('.').map(str::to_string).collect(), pred })
}

fn parse_logical(key: &str, value: &Bson, depth: usize) -> Result<Vec<Node>, DbError> {
    let Bson::Array(items) = value else {
        return Err(bad(format!("{key} must be an array")));
    };
    if items.is_empty() {
        return Err(bad("$and/$or/$nor must be a nonempty array"));
    }
    items
        .iter()
        .map(|item| match item {
            Bson::Document(d) => parse_document(d, depth + 1),
            _ => Err(bad("$or/$and/$nor entries need to be full objects")),
        })
        .collect()
}

/// Parses `{ $gt: 1, $lt: 5 }` on `path` into predicates that must all hold.
fn parse_operators(path: &str, ops: &Document, depth: usize) -> Result<Vec<Pred>, DbError> {
    if depth > MAX_TREE_DEPTH {
        return Err(bad(format!("exceeded maximum query tree depth of {MAX_TREE_DEPTH}")));
    }
    let mut preds = Vec::new();
    for (op, arg) in ops {
        match op.as_str() {
            "$eq" => preds.push(Pred::Cmp(CmpOp::Eq, arg.clone())),
            "$ne" => {
                if matches!(arg, Bson::RegularExpression(_)) {
                    return Err(bad("Can't have regex as arg to $ne."));
                }
                preds.push(Pred::Not(vec![Pred::Cmp(CmpOp::Eq, arg.clone())]));
            }
            "$gt" | "$gte" | "$lt" | "$lte" => {
                if matches!(arg, Bson::RegularExpression(_)) {
                    return Err(bad(format!("Can't have RegEx as arg to predicate over field '{path}'.")));
                }
                let cmp = match op.as_str() {
                    "$gt" => CmpOp::Gt,
                    "$gte" => CmpOp::Gte,
                    "$lt" => CmpOp::Lt,
                    _ => CmpOp::Lte,
                };
                preds.push(Pred::Cmp(cmp, arg.clone()));
            }
            "$in" => preds.push(Pred::In(parse_in(op, arg)?)),
            "$nin" => preds.push(Pred::Not(vec![Pred::In(parse_in(op, arg)?)])),
            "$exists" => preds.push(if truthy(arg) { Pred::Exists } else { Pred::Not(vec![Pred::Exists]) }),
            "$type" => preds.push(Pred::Type(parse_type(path, arg)?)),
            "$regex" => preds.push(Pred::Regex(parse_regex_operator(ops)?)),
            "$options" => {
                if !ops.contains_key("$regex") {
                    return Err(bad("$options needs a $regex"));
                }
            }
            "$size" => preds.push(Pred::Size(parse_size(arg)?)),
            "$mod" => preds.push(parse_mod(arg)?),
            "$all" => preds.extend(parse_all(arg, depth)?),
            "$elemMatch" => preds.push(parse_elem_match(arg, depth)?),
            "$not" => preds.push(parse_not(path, arg, depth)?),
            "$bitsAllSet" | "$bitsAllClear" | "$bitsAnySet" | "$bitsAnyClear" => {
                let bit_op = match op.as_str() {
                    "$bitsAllSet" => BitOp::AllSet,
                    "$bitsAllClear" => BitOp::AllClear,
                    "$bitsAnySet" => BitOp::AnySet,
                    _ => BitOp::AnyClear,
                };
                preds.push(Pred::Bits(bit_op, parse_bit_positions(op, arg)?));
            }
            "$where" => return Err(bad("$where cannot be applied to a field")),
            "$geoWithin" | "$geoIntersects" | "$near" | "$nearSphere" | "$within" | "$expr" | "$text"
            | "$jsonSchema" => return Err(unsupported(op)),
            _ => return Err(DbError::UnknownOperator(format!("unknown operator: {op}"))),
        }
    }
    Ok(preds)
}

/// MongoDB's truthiness of an operand (`$exists: 0` is false, `$exists: "x"` is true).
fn truthy(value: &Bson) -> bool {
    match value {
        Bson::Boolean(b) => *b,
        Bson::Null | Bson::Undefined => false,
        v => as_f64(v).is_none_or(|n| n != 0.0),
    }
}

fn parse_in(op: &str, arg: &Bson) -> Result<InList, DbError> {
    let Bson::Array(items) = arg else {
        return Err(bad(format!("{op} needs an array")));
    };
    let mut list = InList {
        sorted: Vec::new(),
        has_null: false,
        has_undefined: false,
        regexes: Vec::new(),
        original: items.clone(),
    };
    for item in items {
        if is_operator_document(item, false) {
            return Err(bad("cannot nest $ under $in"));
        }
        match item {
            Bson::RegularExpression(r) => list.regexes.push(compile_regex(r.pattern.as_str(), r.options.as_str())?),
            Bson::Null => list.has_null = true,
            Bson::Undefined => list.has_undefined = true,
            other => list.sorted.push(other.clone()),
        }
    }
    list.sorted.sort_by(compare);
    Ok(list)
}

/// `$type` aliases and their BSON type codes.
const TYPE_ALIASES: &[(&str, i32)] = &[
    ("double", 1),
    ("string", 2),
    ("object", 3),
    ("array", 4),
    ("binData", 5),
    ("undefined", 6),
    ("objectId", 7),
    ("bool", 8),
    ("date", 9),
    ("null", 10),
    ("regex", 11),
    ("dbPointer", 12),
    ("javascript", 13),
    ("symbol", 14),
    ("javascriptWithScope", 15),
    ("int", 16),
    ("timestamp", 17),
    ("long", 18),
    ("decimal", 19),
    ("minKey", -1),
    ("maxKey", 127),
];

fn parse_type(path: &str, arg: &Bson) -> Result<TypeSet, DbError> {
    let mut set = TypeSet { codes: Vec::new(), number: false };
    let items = match arg {
        Bson::Array(items) => items.as_slice(),
        single => std::slice::from_ref(single),
    };
    for item in items {
        match item {
            Bson::String(alias) if alias == "number" => set.number = true,
            Bson::String(alias) => match TYPE_ALIASES.iter().find(|(name, _)| name == alias) {
                Some((_, code)) => set.codes.push(*code),
                None => return Err(bad(format!("Unknown type name alias: {alias}"))),
            },
            number => {
                let Some(code) = as_f64(number) else {
                    return Err(bad("type must be represented as a number or a string"));
                };
                let valid = code.fract() == 0.0 && TYPE_ALIASES.iter().any(|(_, c)| f64::from(*c) == code);
                if !valid {
                    return Err(bad(format!("Invalid numerical type code: {code}")));
                }
                set.codes.push(code as i32);
            }
        }
    }
    if set.codes.is_empty() && !set.number {
        return Err(bad(format!("{path} must match at least one type")));
    }
    Ok(set)
}

/// Compiles a MongoDB regex with its `i m s x u` options into the `regex` crate's syntax.
pub(super) fn compile_regex(pattern: &str, options: &str) -> Result<RegexPred, DbError> {
    let mut builder = regex::RegexBuilder::new(pattern);
    for flag in options.chars() {
        match flag {
            'i' => builder.case_insensitive(true),
            'm' => builder.multi_line(true),
            's' => builder.dot_matches_new_line(true),
            'x' => builder.ignore_whitespace(true),
            'u' => &mut builder,
            other => return Err(bad(format!("invalid flag in regex options: {other}"))),
        };
    }
    // Patterns come from users: bound the compiled size instead of trusting them.
    builder.size_limit(1 << 22);
    let compiled = builder.build().map_err(|e| bad(format!("Regular expression is invalid: {e}")))?;
    Ok(RegexPred { pattern: pattern.to_string(), options: options.to_string(), compiled })
}

/// `{ $regex: "p", $options: "i" }` or `{ $regex: /p/i }`, read from the whole operator document
/// because `$options` may come before or after `$regex`.
fn parse_regex_operator(ops: &Document) -> Result<RegexPred, DbError> {
    let (pattern, mut options) = match ops.get("$regex") {
        Some(Bson::String(s)) => (s.clone(), String::new()),
        Some(Bson::RegularExpression(r)) => (r.pattern.as_str().to_string(), r.options.as_str().to_string()),
        _ => return Err(bad("$regex has to be a string")),
    };
    match ops.get("$options") {
        None => {}
        Some(Bson::String(extra)) => {
            if !options.is_empty() {
                return Err(bad("options set in both $regex and $options"));
            }
            options = extra.clone();
        }
        Some(_) => return Err(bad("$options has to be a string")),
    }
    compile_regex(&pattern, &options)
}

fn parse_size(arg: &Bson) -> Result<i64, DbError> {
    let size = match arg {
        Bson::Int32(n) => i64::from(*n),
        Bson::Int64(n) => {
            i64::from(i32::try_from(*n).map_err(|_| bad("$size must be representable as a 32-bit integer"))?)
        }
        Bson::Double(d) => {
            if d.fract() != 0.0 || !d.is_finite() || d.abs() > f64::from(i32::MAX) {
                return Err(bad("$size must be a whole number"));
            }
            *d as i64
        }
        _ => return Err(bad("$size needs a number")),
    };
    if size < 0 {
        return Err(bad("$size may not be negative"));
    }
    Ok(size)
}

fn parse_mod(arg: &Bson) -> Result<Pred, DbError> {
    let Bson::Array(items) = arg else {
        return Err(bad("malformed mod, needs to be an array"));
    };
    if items.len() < 2 {
        return Err(bad("malformed mod, not enough elements"));
    }
    if items.len() > 2 {
        return Err(bad("malformed mod, too many elements"));
    }
    let integral = |v: &Bson, what: &str| -> Result<i64, DbError> {
        match as_f64(v) {
            None => Err(bad(format!("malformed mod, {what} not a number"))),
            Some(f) if !f.is_finite() => Err(bad(format!("malformed mod, {what} value is invalid"))),
            Some(_) => Ok(match v {
                Bson::Int32(n) => i64::from(*n),
                Bson::Int64(n) => *n,
                other => as_f64(other).map_or(0, |f| f.trunc() as i64),
            }),
        }
    };
    let divisor = integral(&items[0], "divisor")?;
    let remainder = integral(&items[1], "remainder")?;
    if divisor == 0 {
        return Err(bad("divisor cannot be 0"));
    }
    Ok(Pred::Mod(divisor, remainder))
}

fn parse_all(arg: &Bson, depth: usize) -> Result<Vec<Pred>, DbError> {
    let Bson::Array(items) = arg else {
        return Err(bad("$all needs an array"));
    };
    let is_elem_match = |v: &Bson| matches!(v, Bson::Document(d) if d.keys().next().is_some_and(|k| k == "$elemMatch"));
    if items.first().is_some_and(is_elem_match) {
        return items
            .iter()
            .map(|item| match item {
                Bson::Document(d) if is_elem_match(item) => {
                    parse_elem_match(d.get("$elemMatch").unwrap_or(&Bson::Null), depth)
                }
                _ => Err(bad("$all/$elemMatch has to be consistent")),
            })
            .collect();
    }
    if items.is_empty() {
        return Ok(vec![Pred::Const(false)]);
    }
    items
        .iter()
        .map(|item| match item {
            Bson::RegularExpression(r) => Ok(Pred::Regex(compile_regex(r.pattern.as_str(), r.options.as_str())?)),
            _ if is_operator_document(item, false) => Err(bad("no $ expressions in $all")),
            other => Ok(Pred::Cmp(CmpOp::Eq, other.clone())),
        })
        .collect()
}

fn parse_elem_match(arg: &Bson, depth: usize) -> Result<Pred, DbError> {
    let Bson::Document(obj) = arg else {
        return Err(bad("$elemMatch needs an Object"));
    };
    // Operators on the element itself (`{ $gte: 80 }`) versus a query on element documents.
    let value_form =
        is_operator_document(arg, true) && obj.keys().next().is_some_and(|k| !PATHLESS.contains(&k.as_str()));
    if value_form {
        return Ok(Pred::ElemMatchValue(parse_operators("", obj, depth + 1)?));
    }
    if obj.contains_key("$where") {
        return Err(bad("$elemMatch cannot contain $where expression"));
    }
    Ok(Pred::ElemMatchObject(Box::new(parse_document(obj, depth + 1)?)))
}

fn parse_not(path: &str, arg: &Bson, depth: usize) -> Result<Pred, DbError> {
    match arg {
        Bson::RegularExpression(r) => {
            Ok(Pred::Not(vec![Pred::Regex(compile_regex(r.pattern.as_str(), r.options.as_str())?)]))
        }
        Bson::Document(d) if d.is_empty() => Err(bad("$not cannot be empty")),
        Bson::Document(d) => Ok(Pred::Not(parse_operators(path, d, depth + 1)?)),
        _ => Err(bad("$not needs a regex or a document")),
    }
}

/// Bit positions from an array of positions, a non-negative integer mask, or binary data.
fn parse_bit_positions(op: &str, arg: &Bson) -> Result<Vec<u32>, DbError> {
    match arg {
        Bson::Array(items) => items
            .iter()
            .map(|item| {
                let value =
                    as_f64(item).ok_or_else(|| bad(format!("bit positions must be an integer but got: {item}")))?;
                if value.is_nan() || value.fract() != 0.0 {
                    return Err(bad(format!("bit positions must be an integer but got: {item}")));
                }
                if value < 0.0 {
                    return Err(bad(format!("bit positions must be >= 0 but got: {item}")));
                }
                if value > f64::from(i32::MAX) {
                    return Err(bad(format!("bit positions cannot be represented as a 32-bit signed integer: {item}")));
                }
                Ok(value as u32)
            })
            .collect(),
        Bson::Binary(b) => {
            Ok((0..b.bytes.len() * 8).filter(|p| (b.bytes[p / 8] >> (p % 8)) & 1 == 1).map(|p| p as u32).collect())
        }
        number => {
            let Some(value) = as_f64(number) else {
                return Err(bad(format!("{op} takes an Array, a number, or a BinData but received: {arg}")));
            };
            if value.is_nan() || value.fract() != 0.0 || value.abs() >= 9.223_372_036_854_776e18 {
                return Err(bad(format!("Expected an integer: {op}: {arg}")));
            }
            let mask = match number {
                Bson::Int32(n) => i64::from(*n),
                Bson::Int64(n) => *n,
                _ => value as i64,
            };
            if mask < 0 {
                return Err(bad(format!("Expected a positive number in: {op}: {arg}")));
            }
            Ok((0..63).filter(|p| (mask >> p) & 1 == 1).collect())
        }
    }
}
