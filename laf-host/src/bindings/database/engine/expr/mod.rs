//! Aggregation expressions (`"$field"`, `{ $add: [...] }`, `{ $cond: ... }`, ...), evaluated per document.
//!
//! An expression is parsed once into a tree (operator names and arities checked, variables
//! resolved) and then evaluated against each document. Evaluation yields `None` for "missing",
//! which differs from null: `$project` omits a missing field but keeps a null one.

mod array;
mod date;
mod math;
mod parse;
#[cfg(test)]
mod tests;
mod text;

use bson::{Bson, Document};

use super::compare::{compare, type_name};
use crate::bindings::database::DbError;

pub(crate) use math::add_numbers;

/// A parsed expression.
#[derive(Debug, Clone)]
pub struct Expr {
    node: Node,
}

/// A variable a path starts from.
#[derive(Debug, Clone, PartialEq)]
enum Var {
    Root,
    Current,
    Now,
    Remove,
    /// Bound by `$let`, `$map`, `$filter` or `$reduce`.
    User(String),
}

#[derive(Debug, Clone)]
enum Node {
    Const(Bson),
    /// A variable followed by a field path (empty for the variable itself).
    Path(Var, Vec<String>),
    Object(Vec<(String, Node)>),
    Array(Vec<Node>),
    /// An operator whose arguments are all evaluated first.
    Call(&'static str, Vec<Node>),
    /// `$and`, `$or`, `$ifNull` and `$cond` (normalised to three arguments): evaluated lazily.
    Lazy(&'static str, Vec<Node>),
    Switch(Vec<(Node, Node)>, Option<Box<Node>>),
    /// An operator taking named arguments, evaluated in a fixed order; absent ones are `None`.
    Named(&'static str, Vec<Option<Node>>),
    Map {
        input: Box<Node>,
        var: String,
        body: Box<Node>,
    },
    Filter {
        input: Box<Node>,
        var: String,
        cond: Box<Node>,
        limit: Option<Box<Node>>,
    },
    Let(Vec<(String, Node)>, Box<Node>),
    Reduce {
        input: Box<Node>,
        init: Box<Node>,
        body: Box<Node>,
    },
}

/// What an expression is evaluated against: the document and the variables bound so far.
struct Scope<'a> {
    root: &'a Document,
    vars: Vec<(String, Bson)>,
}

impl Expr {
    /// Parses an expression; an unknown operator fails naming it (`Unrecognized expression '$foo'`).
    pub fn parse(expr: &Bson) -> Result<Expr, DbError> {
        Ok(Expr { node: parse::Parser::default().node(expr, 0)? })
    }

    /// Evaluates against `root` (`$$ROOT` and `$$CURRENT`); a missing field evaluates to `None`.
    pub fn eval(&self, root: &Document) -> Result<Option<Bson>, DbError> {
        eval(&self.node, &mut Scope { root, vars: Vec::new() })
    }

    /// An expression that always evaluates to `value`.
    pub fn constant(value: Bson) -> Expr {
        Expr { node: Node::Const(value) }
    }

    /// The field path of a plain `"$a.b"` expression, e.g. for `$group` keys and `$unwind`.
    pub fn field_path(&self) -> Option<String> {
        match &self.node {
            Node::Path(Var::Current | Var::Root, parts) if !parts.is_empty() => Some(parts.join(".")),
            _ => None,
        }
    }
}

/// Whether a value counts as null for operators that return null on null input.
fn nullish(value: &Option<Bson>) -> bool {
    matches!(value, None | Some(Bson::Null | Bson::Undefined))
}

/// MongoDB's truthiness: false, null, missing, undefined and numeric zero are false.
pub(crate) fn truthy(value: &Option<Bson>) -> bool {
    match value {
        None | Some(Bson::Null | Bson::Undefined) => false,
        Some(Bson::Boolean(b)) => *b,
        Some(Bson::Int32(n)) => *n != 0,
        Some(Bson::Int64(n)) => *n != 0,
        Some(Bson::Double(d)) => *d != 0.0,
        Some(_) => true,
    }
}

/// A type name for messages, `missing` for an absent value.
fn type_of(value: &Option<Bson>) -> &'static str {
    value.as_ref().map_or("missing", type_name)
}

/// Compares as aggregation does: a missing value sorts below null (but equals undefined).
fn compare_values(a: &Option<Bson>, b: &Option<Bson>) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (a, b) {
        (None, None) | (None, Some(Bson::Undefined)) | (Some(Bson::Undefined), None) => Ordering::Equal,
        (None, Some(Bson::MinKey)) => Ordering::Greater,
        (Some(Bson::MinKey), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(x), Some(y)) => compare(x, y),
    }
}

/// Reads a field path from a value, fanning out over arrays as `"$a.b"` does: each document
/// element contributes its value, nested arrays keep their shape, other elements drop out.
fn walk(value: &Bson, parts: &[String]) -> Option<Bson> {
    let Some((first, rest)) = parts.split_first() else { return Some(value.clone()) };
    match value {
        Bson::Document(d) => d.get(first).and_then(|v| walk(v, rest)),
        Bson::Array(items) => Some(Bson::Array(
            items
                .iter()
                .filter_map(|item| match item {
                    Bson::Document(_) | Bson::Array(_) => walk(item, parts),
                    _ => None,
                })
                .collect(),
        )),
        _ => None,
    }
}

fn eval(node: &Node, sc: &mut Scope) -> Result<Option<Bson>, DbError> {
    Ok(match node {
        Node::Const(v) => Some(v.clone()),
        Node::Path(var, parts) => {
            let base = match var {
                Var::Root | Var::Current => {
                    let Some((first, rest)) = parts.split_first() else {
                        return Ok(Some(Bson::Document(sc.root.clone())));
                    };
                    return Ok(sc.root.get(first).and_then(|v| walk(v, rest)));
                }
                Var::Now => Bson::DateTime(bson::DateTime::now()),
                Var::Remove => return Ok(None),
                Var::User(name) => match sc.vars.iter().rev().find(|(n, _)| n == name) {
                    Some((_, v)) => v.clone(),
                    None => return Err(DbError::bad(format!("Use of undefined variable: {name}"))),
                },
            };
            walk(&base, parts)
        }
        Node::Object(fields) => {
            let mut out = Document::new();
            for (key, value) in fields {
                if let Some(v) = eval(value, sc)? {
                    out.insert(key.clone(), v);
                }
            }
            Some(Bson::Document(out))
        }
        Node::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                out.push(eval(item, sc)?.unwrap_or(Bson::Null));
            }
            Some(Bson::Array(out))
        }
        Node::Call(op, args) => {
            let mut values = Vec::with_capacity(args.len());
            for arg in args {
                values.push(eval(arg, sc)?);
            }
            call(op, values)?
        }
        Node::Lazy(op, args) => lazy(op, args, sc)?,
        Node::Switch(branches, default) => {
            for (case, then) in branches {
                if truthy(&eval(case, sc)?) {
                    return eval(then, sc);
                }
            }
            match default {
                Some(d) => eval(d, sc)?,
                None => {
                    return Err(DbError::bad(
                        "$switch could not find a matching branch for an input, and no default was specified.",
                    ));
                }
            }
        }
        Node::Named(op, args) => {
            let mut values = Vec::with_capacity(args.len());
            for arg in args {
                values.push(match arg {
                    Some(a) => Some(eval(a, sc)?),
                    None => None,
                });
            }
            if op.starts_with("$dateToString") || date::is_part(op) {
                date::named(op, values)?
            } else {
                text::named(op, values)?
            }
        }
        Node::Map { input, var, body } => {
            let Some(items) = array_input(eval(input, sc)?, "$map")? else { return Ok(Some(Bson::Null)) };
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                sc.vars.push((var.clone(), item));
                let value = eval(body, sc);
                sc.vars.pop();
                out.push(value?.unwrap_or(Bson::Null));
            }
            Some(Bson::Array(out))
        }
        Node::Filter { input, var, cond, limit } => {
            let Some(items) = array_input(eval(input, sc)?, "$filter")? else { return Ok(Some(Bson::Null)) };
            let limit = match limit {
                None => usize::MAX,
                Some(l) => match eval(l, sc)? {
                    v if nullish(&v) => usize::MAX,
                    Some(v) => match math::integral(&v) {
                        Some(n) if n > 0 => usize::try_from(n).unwrap_or(usize::MAX),
                        _ => {
                            return Err(DbError::bad(format!(
                                "$filter: limit must be represented as a positive 32-bit integral value: {}",
                                super::update::display(&v)
                            )));
                        }
                    },
                    None => usize::MAX,
                },
            };
            let mut out = Vec::new();
            for item in items {
                if out.len() >= limit {
                    break;
                }
                sc.vars.push((var.clone(), item.clone()));
                let keep = eval(cond, sc);
                sc.vars.pop();
                if truthy(&keep?) {
                    out.push(item);
                }
            }
            Some(Bson::Array(out))
        }
        Node::Let(vars, body) => {
            let mut bound = Vec::with_capacity(vars.len());
            for (name, value) in vars {
                bound.push((name.clone(), eval(value, sc)?.unwrap_or(Bson::Null)));
            }
            let depth = sc.vars.len();
            sc.vars.extend(bound);
            let value = eval(body, sc);
            sc.vars.truncate(depth);
            value?
        }
        Node::Reduce { input, init, body } => {
            let Some(items) = array_input(eval(input, sc)?, "$reduce")? else { return Ok(Some(Bson::Null)) };
            let mut acc = eval(init, sc)?.unwrap_or(Bson::Null);
            for item in items {
                sc.vars.push(("value".to_owned(), acc));
                sc.vars.push(("this".to_owned(), item));
                let value = eval(body, sc);
                sc.vars.truncate(sc.vars.len() - 2);
                acc = value?.unwrap_or(Bson::Null);
                // An accumulator can double or nest itself every step: keep it a valid value.
                super::check_value(&acc)?;
            }
            Some(acc)
        }
    })
}

/// The array a `$map`/`$filter`/`$reduce` iterates; `None` for null input.
fn array_input(value: Option<Bson>, op: &str) -> Result<Option<Vec<Bson>>, DbError> {
    match value {
        Some(Bson::Array(items)) => Ok(Some(items)),
        v if nullish(&v) => Ok(None),
        v => Err(DbError::bad(format!("input to {op} must be an array not {}", type_of(&v)))),
    }
}

fn lazy(op: &str, args: &[Node], sc: &mut Scope) -> Result<Option<Bson>, DbError> {
    Ok(match op {
        "$and" => {
            for arg in args {
                if !truthy(&eval(arg, sc)?) {
                    return Ok(Some(Bson::Boolean(false)));
                }
            }
            Some(Bson::Boolean(true))
        }
        "$or" => {
            for arg in args {
                if truthy(&eval(arg, sc)?) {
                    return Ok(Some(Bson::Boolean(true)));
                }
            }
            Some(Bson::Boolean(false))
        }
        "$cond" => match args {
            [cond, then, otherwise] => {
                if truthy(&eval(cond, sc)?) {
                    eval(then, sc)?
                } else {
                    eval(otherwise, sc)?
                }
            }
            _ => None,
        },
        // $ifNull: the first non-null argument, else the last one as it evaluates.
        _ => {
            let Some((last, firsts)) = args.split_last() else { return Ok(None) };
            for arg in firsts {
                let value = eval(arg, sc)?;
                if !nullish(&value) {
                    return Ok(value);
                }
            }
            eval(last, sc)?
        }
    })
}

/// Applies an operator whose arguments are evaluated.
fn call(op: &str, args: Vec<Option<Bson>>) -> Result<Option<Bson>, DbError> {
    if let Some(result) = math::call(op, &args)? {
        return Ok(result);
    }
    if let Some(result) = text::call(op, &args)? {
        return Ok(result);
    }
    array::call(op, args)
}
