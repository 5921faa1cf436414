//! String operators, type conversions (`$toString`, `$toInt`, ...) and `$type`.

use bson::{Bson, oid::ObjectId};

use super::{date, math::integral, nullish, type_of};
use crate::bindings::database::DbError;
use crate::bindings::database::engine::compare::{as_f64, type_name};
use crate::bindings::database::engine::update::display;

type Out = Result<Option<Option<Bson>>, DbError>;

fn done(value: Bson) -> Out {
    Ok(Some(Some(value)))
}

/// A double as MongoDB writes it in strings: integral values without a fraction.
pub(super) fn format_double(d: f64) -> String {
    if d.is_nan() {
        "NaN".to_owned()
    } else if d.is_infinite() {
        if d > 0.0 { "Infinity".to_owned() } else { "-Infinity".to_owned() }
    } else if d.fract() == 0.0 && d.abs() < 1e15 {
        format!("{}", d as i64)
    } else {
        format!("{d}")
    }
}

/// The string `$toUpper`, `$substr` and friends see: null is empty, numbers and dates are written out.
fn coerce_to_string(value: &Option<Bson>) -> Result<String, DbError> {
    Ok(match value {
        v if nullish(v) => String::new(),
        Some(Bson::String(s) | Bson::Symbol(s)) => s.clone(),
        Some(Bson::Int32(n)) => n.to_string(),
        Some(Bson::Int64(n)) => n.to_string(),
        Some(Bson::Double(d)) => format_double(*d),
        Some(Bson::DateTime(d)) => date::iso(d.timestamp_millis()),
        v => return Err(DbError::bad(format!("can't convert from BSON type {} to String", type_of(v)))),
    })
}

fn conversion_error(from: &Option<Bson>, to: &str) -> DbError {
    DbError::bad(format!("Unsupported conversion from {} to {to} in $convert with no onError value", type_of(from)))
}

fn parse_failure(s: &str) -> DbError {
    DbError::bad(format!(
        "Failed to parse number '{s}' in $convert with no onError value: Did not consume whole string."
    ))
}

fn to_integer(value: &Option<Bson>, long: bool) -> Result<Bson, DbError> {
    let target = if long { "long" } else { "int" };
    let overflow = || DbError::bad("Conversion would overflow target type in $convert with no onError value");
    let n: i64 = match value {
        Some(Bson::Int32(n)) => i64::from(*n),
        Some(Bson::Int64(n)) => *n,
        Some(Bson::Double(d)) if d.is_nan() => {
            return Err(DbError::bad("Attempt to convert NaN value to integer type in $convert with no onError value"));
        }
        Some(Bson::Double(d)) if d.trunc().abs() < 9.2e18 => d.trunc() as i64,
        Some(Bson::Double(_)) => return Err(overflow()),
        Some(Bson::Boolean(b)) => i64::from(*b),
        Some(Bson::String(s)) => s.parse::<i64>().map_err(|_| parse_failure(s))?,
        Some(Bson::DateTime(d)) if long => d.timestamp_millis(),
        v => return Err(conversion_error(v, target)),
    };
    if long { Ok(Bson::Int64(n)) } else { i32::try_from(n).map(Bson::Int32).map_err(|_| overflow()) }
}

fn to_double(value: &Option<Bson>) -> Result<Bson, DbError> {
    Ok(Bson::Double(match value {
        Some(Bson::Int32(n)) => f64::from(*n),
        Some(Bson::Int64(n)) => *n as f64,
        Some(Bson::Double(d)) => *d,
        Some(Bson::Boolean(b)) => f64::from(u8::from(*b)),
        Some(Bson::String(s)) => {
            s.trim().parse::<f64>().ok().filter(|_| s.trim() == s).ok_or_else(|| parse_failure(s))?
        }
        Some(Bson::DateTime(d)) => d.timestamp_millis() as f64,
        v => return Err(conversion_error(v, "double")),
    }))
}

fn to_string(value: &Option<Bson>) -> Result<Bson, DbError> {
    Ok(Bson::String(match value {
        Some(Bson::Boolean(b)) => b.to_string(),
        Some(Bson::ObjectId(id)) => id.to_hex(),
        Some(
            v @ (Bson::String(_)
            | Bson::Symbol(_)
            | Bson::Int32(_)
            | Bson::Int64(_)
            | Bson::Double(_)
            | Bson::DateTime(_)),
        ) => coerce_to_string(&Some(v.clone()))?,
        v => return Err(conversion_error(v, "string")),
    }))
}

fn to_date(value: &Option<Bson>) -> Result<Bson, DbError> {
    let ms = match value {
        Some(Bson::DateTime(d)) => d.timestamp_millis(),
        Some(Bson::Int64(n)) => *n,
        Some(Bson::Double(d)) if d.is_finite() => *d as i64,
        Some(Bson::ObjectId(id)) => id.timestamp().timestamp_millis(),
        Some(Bson::Timestamp(ts)) => i64::from(ts.time) * 1000,
        Some(Bson::String(s)) => bson::DateTime::parse_rfc3339_str(s)
            .map_err(|_| DbError::bad(format!("Error parsing date string '{s}'")))?
            .timestamp_millis(),
        v => return Err(conversion_error(v, "date")),
    };
    Ok(Bson::DateTime(bson::DateTime::from_millis(ms)))
}

fn substr_index(op: &str, which: &str, value: &Option<Bson>) -> Result<i64, DbError> {
    match value.as_ref().and_then(integral) {
        Some(n) => Ok(n),
        None => Err(DbError::bad(format!("{op}: {which} must be a numeric type (is BSON type {})", type_of(value)))),
    }
}

/// Applies `op` when it is one of this module's; `None` when it is not.
pub(super) fn call(op: &str, args: &[Option<Bson>]) -> Out {
    match op {
        "$concat" => {
            let mut out = String::new();
            for arg in args {
                match arg {
                    v if nullish(v) => return done(Bson::Null),
                    Some(Bson::String(s)) => out.push_str(s),
                    v => return Err(DbError::bad(format!("$concat only supports strings, not {}", type_of(v)))),
                }
            }
            done(Bson::String(out))
        }
        "$toUpper" => done(Bson::String(coerce_to_string(&args[0])?.to_ascii_uppercase())),
        "$toLower" => done(Bson::String(coerce_to_string(&args[0])?.to_ascii_lowercase())),
        "$strcasecmp" => {
            let (a, b) =
                (coerce_to_string(&args[0])?.to_ascii_lowercase(), coerce_to_string(&args[1])?.to_ascii_lowercase());
            done(Bson::Int32(a.cmp(&b) as i32))
        }
        "$substr" | "$substrBytes" => {
            let name = "$substrBytes";
            let s = coerce_to_string(&args[0])?;
            let start = substr_index(name, "starting index", &args[1])?;
            let length = substr_index(name, "length", &args[2])?;
            let Ok(start) = usize::try_from(start) else { return done(Bson::String(String::new())) };
            if start >= s.len() {
                return done(Bson::String(String::new()));
            }
            let end = usize::try_from(length).map_or(s.len(), |l| start.saturating_add(l).min(s.len()));
            if !s.is_char_boundary(start) {
                return Err(DbError::bad("$substrBytes:  Invalid range, starting index is a UTF-8 continuation byte."));
            }
            if !s.is_char_boundary(end) {
                return Err(DbError::bad(
                    "$substrBytes:  Invalid range, ending index is in the middle of a UTF-8 character.",
                ));
            }
            done(Bson::String(s[start..end].to_owned()))
        }
        "$substrCP" => {
            let s = coerce_to_string(&args[0])?;
            let start = substr_index(op, "starting index", &args[1])?;
            let length = substr_index(op, "length", &args[2])?;
            if start < 0 {
                return Err(DbError::bad(format!("$substrCP: starting index must be non-negative (got: {start})")));
            }
            if length < 0 {
                return Err(DbError::bad(format!("$substrCP: length must be a nonnegative integer (got: {length})")));
            }
            let taken: String = s
                .chars()
                .skip(usize::try_from(start).unwrap_or(usize::MAX))
                .take(usize::try_from(length).unwrap_or(usize::MAX))
                .collect();
            done(Bson::String(taken))
        }
        "$strLenCP" | "$strLenBytes" => match &args[0] {
            Some(Bson::String(s)) => {
                let n = if op == "$strLenCP" { s.chars().count() } else { s.len() };
                done(Bson::Int32(i32::try_from(n).unwrap_or(i32::MAX)))
            }
            v => Err(DbError::bad(format!("{op} requires a string argument, found: {}", type_of(v)))),
        },
        "$split" => match (&args[0], &args[1]) {
            (s, _) if nullish(s) => done(Bson::Null),
            (Some(Bson::String(s)), Some(Bson::String(sep))) => {
                if sep.is_empty() {
                    return Err(DbError::bad("$split requires a non-empty separator"));
                }
                done(Bson::Array(s.split(sep.as_str()).map(|p| Bson::String(p.to_owned())).collect()))
            }
            (Some(Bson::String(_)), d) if nullish(d) => done(Bson::Null),
            (Some(Bson::String(_)), d) => Err(DbError::bad(format!(
                "$split requires an expression that evaluates to a string as a second argument, found: {}",
                type_of(d)
            ))),
            (s, _) => Err(DbError::bad(format!(
                "$split requires an expression that evaluates to a string as a first argument, found: {}",
                type_of(s)
            ))),
        },
        "$toString" | "$toInt" | "$toLong" | "$toDouble" | "$toBool" | "$toDate" | "$toObjectId" => {
            let value = &args[0];
            if nullish(value) {
                return done(Bson::Null);
            }
            done(match op {
                "$toString" => to_string(value)?,
                "$toInt" => to_integer(value, false)?,
                "$toLong" => to_integer(value, true)?,
                "$toDouble" => to_double(value)?,
                "$toDate" => to_date(value)?,
                "$toObjectId" => match value {
                    Some(Bson::ObjectId(id)) => Bson::ObjectId(*id),
                    Some(Bson::String(s)) => Bson::ObjectId(ObjectId::parse_str(s).map_err(|_| {
                        DbError::bad(format!("Failed to parse objectId '{s}' in $convert with no onError value: Invalid string length for parsing to OID, expected 24 but found {}", s.len()))
                    })?),
                    v => return Err(conversion_error(v, "objectId")),
                },
                _ => Bson::Boolean(match value {
                    Some(Bson::Boolean(b)) => *b,
                    Some(n @ (Bson::Int32(_) | Bson::Int64(_) | Bson::Double(_))) => as_f64(n).is_some_and(|x| x != 0.0),
                    _ => true,
                }),
            })
        }
        "$type" => done(Bson::String(args[0].as_ref().map_or("missing", type_name).to_owned())),
        _ => Ok(None),
    }
}

/// Operators with named arguments: `$trim`, `$ltrim`, `$rtrim` (`[input, chars]`).
pub(super) fn named(op: &str, args: Vec<Option<Option<Bson>>>) -> Result<Option<Bson>, DbError> {
    let input = args.first().cloned().flatten().flatten();
    let chars = args.get(1).cloned().flatten();
    let s = match &input {
        v if nullish(v) => return Ok(Some(Bson::Null)),
        Some(Bson::String(s)) => s.clone(),
        Some(v) => {
            return Err(DbError::bad(format!(
                "{op} requires its input to be a string, got {} (of type {}) instead.",
                display(v),
                type_name(v)
            )));
        }
        None => return Ok(Some(Bson::Null)),
    };
    let set: Option<Vec<char>> = match chars {
        None => None,
        Some(c) if nullish(&c) => return Ok(Some(Bson::Null)),
        Some(Some(Bson::String(c))) => Some(c.chars().collect()),
        Some(c) => {
            return Err(DbError::bad(format!(
                "{op} requires 'chars' to be a string, got {} (of type {}) instead.",
                c.as_ref().map_or("missing".to_owned(), display),
                type_of(&c)
            )));
        }
    };
    let strip = |c: char| match &set {
        Some(set) => set.contains(&c),
        None => c.is_whitespace() || c == '\0',
    };
    let out = match op {
        "$ltrim" => s.trim_start_matches(strip),
        "$rtrim" => s.trim_end_matches(strip),
        _ => s.trim_matches(strip),
    };
    Ok(Some(Bson::String(out.to_owned())))
}
