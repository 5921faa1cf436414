//! Arithmetic, comparison and the expression forms of `$sum`, `$avg`, `$min`, `$max`.

use std::cmp::Ordering;

use bson::Bson;

use super::{compare_values, nullish, truthy, type_of};
use crate::bindings::database::DbError;
use crate::bindings::database::engine::compare::{as_f64, compare, is_number};

type Out = Result<Option<Option<Bson>>, DbError>;

fn done(value: Bson) -> Out {
    Ok(Some(Some(value)))
}

fn decimal_unsupported(op: &str) -> DbError {
    DbError::Unsupported(format!("{op} on decimal values is not supported by the embedded database"))
}

/// A number as an integer when it is one exactly (integral doubles included).
pub(super) fn integral(value: &Bson) -> Option<i64> {
    match value {
        Bson::Int32(n) => Some(i64::from(*n)),
        Bson::Int64(n) => Some(*n),
        Bson::Double(d) if d.fract() == 0.0 && d.abs() < 9.2e18 => Some(*d as i64),
        _ => None,
    }
}

#[derive(Clone, Copy)]
enum Arith {
    Add,
    Sub,
    Mul,
}

/// Two numbers combined with MongoDB's widening: int32 → int64 on overflow → double, and any
/// double makes the result double.
fn arith(a: &Bson, b: &Bson, op: Arith, name: &str) -> Result<Bson, DbError> {
    let ints = |x: i64, y: i64| match op {
        Arith::Add => x.checked_add(y),
        Arith::Sub => x.checked_sub(y),
        Arith::Mul => x.checked_mul(y),
    };
    let floats = |x: f64, y: f64| match op {
        Arith::Add => x + y,
        Arith::Sub => x - y,
        Arith::Mul => x * y,
    };
    Ok(match (a, b) {
        (Bson::Decimal128(_), _) | (_, Bson::Decimal128(_)) => return Err(decimal_unsupported(name)),
        (Bson::Int32(x), Bson::Int32(y)) => {
            let wide = ints(i64::from(*x), i64::from(*y)).unwrap_or(0);
            i32::try_from(wide).map_or(Bson::Int64(wide), Bson::Int32)
        }
        (Bson::Int32(_) | Bson::Int64(_), Bson::Int32(_) | Bson::Int64(_)) => {
            let (x, y) = (integral(a).unwrap_or(0), integral(b).unwrap_or(0));
            match ints(x, y) {
                Some(n) => Bson::Int64(n),
                None => Bson::Double(floats(x as f64, y as f64)),
            }
        }
        _ => Bson::Double(floats(as_f64(a).unwrap_or(f64::NAN), as_f64(b).unwrap_or(f64::NAN))),
    })
}

/// `a + b` for two numbers with MongoDB's type widening, as `$sum` accumulates.
pub(crate) fn add_numbers(a: &Bson, b: &Bson) -> Result<Bson, DbError> {
    arith(a, b, Arith::Add, "$sum")
}

/// The values `$sum`/`$avg`/`$min`/`$max` range over: one array argument's elements, or the arguments.
fn operands(args: &[Option<Bson>]) -> Vec<Option<Bson>> {
    match args {
        [Some(Bson::Array(items))] => items.iter().cloned().map(Some).collect(),
        _ => args.to_vec(),
    }
}

fn compare_op(op: &str, ord: Ordering) -> bool {
    match op {
        "$eq" => ord == Ordering::Equal,
        "$ne" => ord != Ordering::Equal,
        "$gt" => ord == Ordering::Greater,
        "$gte" => ord != Ordering::Less,
        "$lt" => ord == Ordering::Less,
        _ => ord != Ordering::Greater,
    }
}

fn unary_numeric(op: &str, arg: &Option<Bson>, f: impl Fn(f64) -> f64) -> Out {
    match arg {
        v if nullish(v) => done(Bson::Null),
        Some(Bson::Double(d)) => done(Bson::Double(f(*d))),
        Some(n @ (Bson::Int32(_) | Bson::Int64(_))) => done(n.clone()),
        Some(Bson::Decimal128(_)) => Err(decimal_unsupported(op)),
        v => Err(DbError::bad(format!("{op} only supports numeric types, not {}", type_of(v)))),
    }
}

/// `$round`/`$trunc` to `place` decimal places (negative places round to tens, hundreds, ...);
/// `$round` rounds half to even as MongoDB does.
fn round(op: &str, args: &[Option<Bson>]) -> Out {
    let value = &args[0];
    let place = match args.get(1) {
        None => 0,
        Some(p) if nullish(p) => return done(Bson::Null),
        Some(Some(p)) => match integral(p) {
            Some(n) if (-20..=100).contains(&n) => n,
            _ => {
                return Err(DbError::bad(format!(
                    "{op} requires \"place\" argument to be an integer between -20 and 100"
                )));
            }
        },
        Some(None) => 0,
    };
    let apply = |x: f64| {
        let scale = 10f64.powi(i32::try_from(place).unwrap_or(0));
        let scaled = x * scale;
        let r = if op == "$round" { scaled.round_ties_even() } else { scaled.trunc() };
        r / scale
    };
    match value {
        v if nullish(v) => done(Bson::Null),
        Some(Bson::Double(d)) => done(Bson::Double(if d.is_finite() { apply(*d) } else { *d })),
        Some(Bson::Int32(n)) if place < 0 => done(Bson::Int32(apply(f64::from(*n)) as i32)),
        Some(Bson::Int64(n)) if place < 0 => done(Bson::Int64(apply(*n as f64) as i64)),
        Some(n @ (Bson::Int32(_) | Bson::Int64(_))) => done(n.clone()),
        Some(Bson::Decimal128(_)) => Err(decimal_unsupported(op)),
        v => Err(DbError::bad(format!("{op} only supports numeric types, not {}", type_of(v)))),
    }
}

/// Applies `op` when it is one of this module's; `None` when it is not.
pub(super) fn call(op: &str, args: &[Option<Bson>]) -> Out {
    match op {
        "$add" => {
            let mut total = Bson::Int32(0);
            let mut date: Option<i64> = None;
            for arg in args {
                match arg {
                    v if nullish(v) => return done(Bson::Null),
                    Some(Bson::DateTime(d)) => {
                        if date.is_some() {
                            return Err(DbError::bad("only one date allowed in an $add expression"));
                        }
                        date = Some(d.timestamp_millis());
                    }
                    Some(n) if is_number(n) => total = arith(&total, n, Arith::Add, op)?,
                    v => {
                        return Err(DbError::bad(format!(
                            "$add only supports numeric or date types, not {}",
                            type_of(v)
                        )));
                    }
                }
            }
            match date {
                Some(ms) => {
                    let offset = as_f64(&total).unwrap_or(0.0).round() as i64;
                    done(Bson::DateTime(bson::DateTime::from_millis(ms.saturating_add(offset))))
                }
                None => done(total),
            }
        }
        "$subtract" => match (&args[0], &args[1]) {
            (a, b) if nullish(a) || nullish(b) => done(Bson::Null),
            (Some(Bson::DateTime(x)), Some(Bson::DateTime(y))) => {
                done(Bson::Int64(x.timestamp_millis().saturating_sub(y.timestamp_millis())))
            }
            (Some(Bson::DateTime(x)), Some(n)) if is_number(n) => {
                let offset = as_f64(n).unwrap_or(0.0).round() as i64;
                done(Bson::DateTime(bson::DateTime::from_millis(x.timestamp_millis().saturating_sub(offset))))
            }
            (Some(a), Some(b)) if is_number(a) && is_number(b) => done(arith(a, b, Arith::Sub, op)?),
            (a, b) => Err(DbError::bad(format!("can't $subtract {} from {}", type_of(b), type_of(a)))),
        },
        "$multiply" => {
            let mut total = Bson::Int32(1);
            for arg in args {
                match arg {
                    v if nullish(v) => return done(Bson::Null),
                    Some(n) if is_number(n) => total = arith(&total, n, Arith::Mul, op)?,
                    v => {
                        return Err(DbError::bad(format!("$multiply only supports numeric types, not {}", type_of(v))));
                    }
                }
            }
            done(total)
        }
        "$divide" | "$mod" | "$pow" => {
            let (a, b) = (&args[0], &args[1]);
            if nullish(a) || nullish(b) {
                return done(Bson::Null);
            }
            let (Some(x), Some(y)) = (a, b) else { return done(Bson::Null) };
            if !is_number(x) || !is_number(y) {
                return Err(DbError::bad(format!(
                    "{op} only supports numeric types, not {} and {}",
                    type_of(a),
                    type_of(b)
                )));
            }
            if matches!(x, Bson::Decimal128(_)) || matches!(y, Bson::Decimal128(_)) {
                return Err(decimal_unsupported(op));
            }
            let (fx, fy) = (as_f64(x).unwrap_or(f64::NAN), as_f64(y).unwrap_or(f64::NAN));
            match op {
                "$divide" if fy == 0.0 => Err(DbError::bad("can't $divide by zero")),
                "$divide" => done(Bson::Double(fx / fy)),
                "$pow" => match (integral(x), integral(y), x, y) {
                    (Some(base), Some(exp), Bson::Int32(_) | Bson::Int64(_), Bson::Int32(_) | Bson::Int64(_))
                        if exp >= 0 =>
                    {
                        let exact = u32::try_from(exp).ok().and_then(|e| base.checked_pow(e));
                        let both_int32 = matches!((x, y), (Bson::Int32(_), Bson::Int32(_)));
                        done(match exact {
                            Some(n) if both_int32 => i32::try_from(n).map_or(Bson::Int64(n), Bson::Int32),
                            Some(n) => Bson::Int64(n),
                            None => Bson::Double(fx.powf(fy)),
                        })
                    }
                    _ => done(Bson::Double(fx.powf(fy))),
                },
                _ => match (x, y) {
                    _ if fy == 0.0 => Err(DbError::bad("can't $mod by zero")),
                    (Bson::Int32(p), Bson::Int32(q)) => done(Bson::Int32(p.checked_rem(*q).unwrap_or(0))),
                    (Bson::Int32(_) | Bson::Int64(_), Bson::Int32(_) | Bson::Int64(_)) => {
                        let (p, q) = (integral(x).unwrap_or(0), integral(y).unwrap_or(1));
                        done(Bson::Int64(p.checked_rem(q).unwrap_or(0)))
                    }
                    _ => done(Bson::Double(fx % fy)),
                },
            }
        }
        "$abs" => match &args[0] {
            Some(Bson::Int32(n)) => done(n.checked_abs().map_or(Bson::Int64(-i64::from(*n)), Bson::Int32)),
            Some(Bson::Int64(n)) => match n.checked_abs() {
                Some(a) => done(Bson::Int64(a)),
                None => Err(DbError::bad("can't take $abs of long long min")),
            },
            v => unary_numeric(op, v, f64::abs),
        },
        "$ceil" => unary_numeric(op, &args[0], f64::ceil),
        "$floor" => unary_numeric(op, &args[0], f64::floor),
        "$sqrt" => match &args[0] {
            v if nullish(v) => done(Bson::Null),
            Some(n) if is_number(n) => match as_f64(n) {
                Some(x) if x >= 0.0 || x.is_nan() => done(Bson::Double(x.sqrt())),
                _ => Err(DbError::bad("$sqrt's argument must be greater than or equal to 0")),
            },
            v => Err(DbError::bad(format!("$sqrt only supports numeric types, not {}", type_of(v)))),
        },
        "$round" | "$trunc" => round(op, args),
        "$eq" | "$ne" | "$gt" | "$gte" | "$lt" | "$lte" => {
            done(Bson::Boolean(compare_op(op, compare_values(&args[0], &args[1]))))
        }
        "$cmp" => done(Bson::Int32(match compare_values(&args[0], &args[1]) {
            Ordering::Less => -1,
            Ordering::Equal => 0,
            Ordering::Greater => 1,
        })),
        "$not" => done(Bson::Boolean(!truthy(&args[0]))),
        "$sum" => {
            let mut total = Bson::Int32(0);
            for value in operands(args).iter().flatten() {
                if is_number(value) {
                    total = arith(&total, value, Arith::Add, op)?;
                }
            }
            done(total)
        }
        "$avg" => {
            let (mut sum, mut count) = (0.0, 0u32);
            for value in operands(args).iter().flatten() {
                if matches!(value, Bson::Decimal128(_)) {
                    return Err(decimal_unsupported(op));
                }
                if let Some(x) = as_f64(value) {
                    sum += x;
                    count += 1;
                }
            }
            done(if count == 0 { Bson::Null } else { Bson::Double(sum / f64::from(count)) })
        }
        "$min" | "$max" => {
            let mut best: Option<Bson> = None;
            for value in operands(args).into_iter().flatten() {
                if matches!(value, Bson::Null | Bson::Undefined) {
                    continue;
                }
                let better = best.as_ref().is_none_or(|b| {
                    let ord = compare(&value, b);
                    if op == "$min" { ord == Ordering::Less } else { ord == Ordering::Greater }
                });
                if better {
                    best = Some(value);
                }
            }
            done(best.unwrap_or(Bson::Null))
        }
        _ => Ok(None),
    }
}
