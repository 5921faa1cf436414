//! Array and object operators: `$size`, `$arrayElemAt`, `$in`, `$slice`, `$mergeObjects`, ...

use bson::{Bson, Document};

use super::{compare_values, math::integral, nullish, type_of};
use crate::bindings::database::DbError;
use crate::bindings::database::engine::compare::type_name;
use crate::bindings::database::engine::update::display;

fn int_arg(value: &Option<Bson>, message: impl Fn() -> String) -> Result<i64, DbError> {
    value.as_ref().and_then(integral).ok_or_else(|| DbError::bad(message()))
}

/// Applies an array or object operator to evaluated arguments.
pub(super) fn call(op: &str, mut args: Vec<Option<Bson>>) -> Result<Option<Bson>, DbError> {
    let count = args.len();
    let first = args.first_mut().and_then(Option::take);
    Ok(match op {
        "$size" => match first {
            Some(Bson::Array(items)) => Some(Bson::Int32(i32::try_from(items.len()).unwrap_or(i32::MAX))),
            v => {
                return Err(DbError::bad(format!(
                    "The argument to $size must be an array. Type of argument is: {}",
                    type_of(&v)
                )));
            }
        },
        "$isArray" => Some(Bson::Boolean(matches!(first, Some(Bson::Array(_))))),
        "$first" | "$last" => match first {
            v if nullish(&v) => Some(Bson::Null),
            Some(Bson::Array(mut items)) => {
                if op == "$first" {
                    (!items.is_empty()).then(|| items.swap_remove(0))
                } else {
                    items.pop()
                }
            }
            v => return Err(DbError::bad(format!("{op}'s argument must be an array, but is {}", type_of(&v)))),
        },
        "$reverseArray" => match first {
            v if nullish(&v) => Some(Bson::Null),
            Some(Bson::Array(mut items)) => {
                items.reverse();
                Some(Bson::Array(items))
            }
            v => {
                return Err(DbError::bad(format!(
                    "The argument to $reverseArray must be an array, but was of type: {}",
                    type_of(&v)
                )));
            }
        },
        "$arrayElemAt" => {
            let index = &args[1];
            match first {
                v if nullish(&v) || nullish(index) => Some(Bson::Null),
                Some(Bson::Array(items)) => {
                    let i = int_arg(index, || {
                        if index.as_ref().is_some_and(super::super::compare::is_number) {
                            format!(
                                "$arrayElemAt's second argument must be representable as a 32-bit integer: {}",
                                index.as_ref().map_or(String::new(), display)
                            )
                        } else {
                            format!("$arrayElemAt's second argument must be a numeric value, but is {}", type_of(index))
                        }
                    })?;
                    let at = if i < 0 { i64::try_from(items.len()).unwrap_or(i64::MAX) + i } else { i };
                    usize::try_from(at).ok().and_then(|at| items.into_iter().nth(at))
                }
                v => {
                    return Err(DbError::bad(format!(
                        "$arrayElemAt's first argument must be an array, but is {}",
                        type_of(&v)
                    )));
                }
            }
        }
        "$in" => match &args[1] {
            Some(Bson::Array(items)) => {
                Some(Bson::Boolean(items.iter().any(|item| compare_values(&first, &Some(item.clone())).is_eq())))
            }
            v => {
                return Err(DbError::bad(format!("$in requires an array as a second argument, found: {}", type_of(v))));
            }
        },
        "$concatArrays" => {
            let mut out = Vec::new();
            for arg in std::iter::once(first).chain(args.into_iter().skip(1)).take(count) {
                match arg {
                    v if nullish(&v) => return Ok(Some(Bson::Null)),
                    Some(Bson::Array(items)) => out.extend(items),
                    v => return Err(DbError::bad(format!("$concatArrays only supports arrays, not {}", type_of(&v)))),
                }
            }
            Some(Bson::Array(out))
        }
        "$slice" => slice(first, &args[1..])?,
        "$objectToArray" => match first {
            v if nullish(&v) => Some(Bson::Null),
            Some(Bson::Document(d)) => Some(Bson::Array(
                d.into_iter()
                    .map(|(k, v)| {
                        let mut pair = Document::new();
                        pair.insert("k", k);
                        pair.insert("v", v);
                        Bson::Document(pair)
                    })
                    .collect(),
            )),
            v => {
                return Err(DbError::bad(format!("$objectToArray requires a document input, found: {}", type_of(&v))));
            }
        },
        "$arrayToObject" => match first {
            v if nullish(&v) => Some(Bson::Null),
            Some(Bson::Array(items)) => Some(Bson::Document(array_to_object(items)?)),
            v => {
                return Err(DbError::bad(format!("$arrayToObject requires an array input, found: {}", type_of(&v))));
            }
        },
        "$mergeObjects" => {
            let mut out = Document::new();
            for arg in std::iter::once(first).chain(args.into_iter().skip(1)).take(count) {
                match arg {
                    v if nullish(&v) => {}
                    Some(Bson::Document(d)) => {
                        for (k, v) in d {
                            out.insert(k, v);
                        }
                    }
                    Some(v) => {
                        return Err(DbError::bad(format!(
                            "$mergeObjects requires object inputs, but input {} is of type {}",
                            display(&v),
                            type_name(&v)
                        )));
                    }
                    None => {}
                }
            }
            Some(Bson::Document(out))
        }
        other => return Err(DbError::UnknownOperator(format!("Unrecognized expression '{other}'"))),
    })
}

fn slice(array: Option<Bson>, rest: &[Option<Bson>]) -> Result<Option<Bson>, DbError> {
    if nullish(&array) || rest.iter().any(nullish) {
        return Ok(Some(Bson::Null));
    }
    let Some(Bson::Array(items)) = array else {
        return Err(DbError::bad(format!(
            "First argument to $slice must be an array, but is of type: {}",
            type_of(&array)
        )));
    };
    let len = i64::try_from(items.len()).unwrap_or(i64::MAX);
    let second = int_arg(&rest[0], || {
        format!("Second argument to $slice must be a numeric value, but is of type: {}", type_of(&rest[0]))
    })?;
    let (start, count) = match rest.get(1) {
        None if second >= 0 => (0, second),
        None => ((len + second).max(0), len),
        Some(third) => {
            let count = int_arg(third, || {
                format!("Third argument to $slice must be numeric, but is of type: {}", type_of(third))
            })?;
            if count <= 0 {
                return Err(DbError::bad(format!("Third argument to $slice must be positive: {count}")));
            }
            let start = if second < 0 { (len + second).max(0) } else { second.min(len) };
            (start, count)
        }
    };
    let start = usize::try_from(start).unwrap_or(0);
    let count = usize::try_from(count).unwrap_or(usize::MAX);
    Ok(Some(Bson::Array(items.into_iter().skip(start).take(count).collect())))
}

fn array_to_object(items: Vec<Bson>) -> Result<Document, DbError> {
    let mut out = Document::new();
    for item in items {
        let (k, v) = match item {
            Bson::Array(mut pair) if pair.len() == 2 => {
                let v = pair.pop().unwrap_or(Bson::Null);
                (pair.pop().unwrap_or(Bson::Null), v)
            }
            Bson::Array(pair) => {
                return Err(DbError::bad(format!(
                    "$arrayToObject requires an array of size 2 arrays,found array of size: {}",
                    pair.len()
                )));
            }
            Bson::Document(mut pair) if pair.len() == 2 && pair.contains_key("k") && pair.contains_key("v") => {
                (pair.remove("k").unwrap_or(Bson::Null), pair.remove("v").unwrap_or(Bson::Null))
            }
            Bson::Document(pair) => {
                return Err(DbError::bad(format!(
                    "$arrayToObject requires an object with keys 'k' and 'v'. Missing either or both keys from: {}",
                    display(&Bson::Document(pair))
                )));
            }
            other => {
                return Err(DbError::bad(format!(
                    "Unrecognised input type format for $arrayToObject: {}",
                    type_name(&other)
                )));
            }
        };
        let Bson::String(key) = k else {
            return Err(DbError::bad(format!(
                "$arrayToObject requires a string for the key, found: {}",
                type_name(&k)
            )));
        };
        out.insert(key, v);
    }
    Ok(out)
}
