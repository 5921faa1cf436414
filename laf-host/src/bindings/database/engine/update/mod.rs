//! Update operators (`$set`, `$inc`, `$push`, ...) applied to one document.
//!
//! An update is parsed once into one operation per path, checked for conflicting paths, and
//! ordered as MongoDB 5+ applies it: by path, field names lexicographically and array indexes
//! numerically, whatever operator they came from. That order decides where new fields land.

mod apply;
mod format;
#[cfg(test)]
mod tests;

use std::cmp::Ordering;

use bson::{Bson, Document};

use super::path::parse_index;
use super::query::Filter;
use crate::bindings::database::DbError;

pub(crate) use format::{display, identical};

/// Deepest path an update may name; deeper documents are refused rather than risking the stack.
const MAX_PATH_DEPTH: usize = 100;

/// A parsed operator update.
#[derive(Debug, Clone)]
pub struct Update {
    ops: Vec<Op>,
}

/// One operator on one path.
#[derive(Debug, Clone)]
struct Op {
    /// The path as written, for messages.
    path: String,
    parts: Vec<String>,
    kind: Kind,
}

#[derive(Debug, Clone)]
enum Kind {
    Set(Bson),
    SetOnInsert(Bson),
    Unset,
    Inc(Bson),
    Mul(Bson),
    Min(Bson),
    Max(Bson),
    /// Sits at the destination path; carries the source.
    Rename {
        from: String,
        from_parts: Vec<String>,
    },
    Push(PushSpec),
    AddToSet(Vec<Bson>),
    /// `true` removes the first element (`-1`), `false` the last (`1`).
    Pop(bool),
    Pull(PullCond),
    PullAll(Vec<Bson>),
    /// `true` stores a timestamp, `false` a date.
    CurrentDate(bool),
}

#[derive(Debug, Clone)]
struct PushSpec {
    each: Vec<Bson>,
    slice: Option<i64>,
    position: Option<i64>,
    sort: Option<PushSort>,
}

#[derive(Debug, Clone)]
enum PushSort {
    /// Sort elements as whole values; `true` ascending.
    Whole(bool),
    /// Sort document elements by fields.
    Fields(Vec<(String, bool)>),
}

#[derive(Debug, Clone)]
enum PullCond {
    /// A plain value: elements equal to it go.
    Equal(Bson),
    /// An operator document (`{ $gte: 6 }`) or regex, matched as `{ v: elem }` against `{ v: cond }`.
    Wrapped(Box<Filter>),
    /// A query document, matched against document elements.
    Object(Box<Filter>),
}

/// Key under which `$pull` wraps an element to reuse the query matcher on it.
const PULL_KEY: &str = "v";

/// Whether `update` is a replacement document (no top-level `$` keys) rather than operators.
pub fn is_replacement(update: &Document) -> bool {
    !update.keys().any(|k| k.starts_with('$'))
}

impl Update {
    /// Parses an operator update; an unknown operator fails naming it (`Unknown modifier: $foo`).
    pub fn parse(update: &Document) -> Result<Update, DbError> {
        let mut ops: Vec<Op> = Vec::new();
        let mut taken: Vec<Vec<String>> = Vec::new();
        for (operator, operand) in update {
            let fields = match operand {
                Bson::Document(fields) => fields,
                other => {
                    return Err(DbError::bad(format!(
                        "Modifiers operate on fields but we found type {} instead. For example: {{$mod: {{<field>: ...}}}} not {{{operator}: {}}}",
                        super::compare::type_name(other),
                        display(other)
                    )));
                }
            };
            if !is_operator(operator) {
                return Err(DbError::UnknownOperator(format!(
                    "Unknown modifier: {operator}. Expected a valid update modifier or pipeline-style update specified as an array"
                )));
            }
            if fields.is_empty() {
                return Err(DbError::bad(format!(
                    "'{operator}' is empty. You must specify a field like so: {{{operator}: {{<field_name>: ...}}}}"
                )));
            }
            for (path, value) in fields {
                let parts = split_path(path)?;
                if operator == "$rename" {
                    // The op sits at the destination: that is where MongoDB orders it and writes.
                    let (to, to_parts) = parse_rename(path, &parts, value)?;
                    claim(&mut taken, path, &parts)?;
                    claim(&mut taken, &to, &to_parts)?;
                    let kind = Kind::Rename { from: path.clone(), from_parts: parts };
                    ops.push(Op { path: to, parts: to_parts, kind });
                    continue;
                }
                let kind = parse_kind(operator, path, value)?;
                claim(&mut taken, path, &parts)?;
                ops.push(Op { path: path.clone(), parts, kind });
            }
        }
        ops.sort_by(|a, b| compare_paths(&a.parts, &b.parts));
        Ok(Update { ops })
    }

    /// Applies the update in place; `inserting` enables `$setOnInsert`. Returns whether the
    /// document changed. On error the document may be partly updated: callers apply to a copy.
    pub fn apply(&self, doc: &mut Document, inserting: bool) -> Result<bool, DbError> {
        let id_before = doc.get("_id").cloned();
        let mut changed = false;
        apply::reset_backfill();
        for op in &self.ops {
            if matches!(op.kind, Kind::SetOnInsert(_)) && !inserting {
                continue;
            }
            changed |= apply::apply_op(op, doc, id_before.as_ref())?;
        }
        if let Some(before) = &id_before
            && !doc.get("_id").is_some_and(|now| identical(now, before))
        {
            return Err(DbError::Update(
                "Performing an update on the path '_id' would modify the immutable field '_id'".into(),
            ));
        }
        Ok(changed)
    }
}

fn is_operator(name: &str) -> bool {
    matches!(
        name,
        "$set"
            | "$setOnInsert"
            | "$unset"
            | "$inc"
            | "$mul"
            | "$min"
            | "$max"
            | "$rename"
            | "$push"
            | "$addToSet"
            | "$pop"
            | "$pull"
            | "$pullAll"
            | "$currentDate"
    )
}

/// Splits a dotted path, refusing empty components and positional operators we cannot resolve.
pub(crate) fn split_path(path: &str) -> Result<Vec<String>, DbError> {
    if path.is_empty() {
        return Err(DbError::bad("An empty update path is not valid."));
    }
    let parts: Vec<String> = path.split('.').map(str::to_owned).collect();
    if parts.iter().any(String::is_empty) {
        return Err(DbError::bad(format!(
            "The update path '{path}' contains an empty field name, which is not allowed."
        )));
    }
    if parts.len() > MAX_PATH_DEPTH {
        return Err(DbError::bad(format!("The update path '{path}' is deeper than {MAX_PATH_DEPTH} fields")));
    }
    if let Some(part) = parts.iter().find(|p| p.starts_with('$')) {
        if part == "$" || part.starts_with("$[") {
            return Err(DbError::Unsupported(format!(
                "The positional operator '{part}' in update path '{path}' is not supported by the embedded database"
            )));
        }
        return Err(DbError::bad(format!(
            "The dollar ($) prefixed field '{part}' in '{path}' is not allowed in the context of an update's replacement document. Consider using an aggregation pipeline with $replaceWith."
        )));
    }
    Ok(parts)
}

/// Records `parts` as updated, failing when it overlaps a path already recorded.
fn claim(taken: &mut Vec<Vec<String>>, path: &str, parts: &[String]) -> Result<(), DbError> {
    for other in taken.iter() {
        let shared = other.len().min(parts.len());
        if other[..shared] == parts[..shared] {
            return Err(DbError::Update(format!(
                "Updating the path '{path}' would create a conflict at '{}'",
                parts[..shared].join(".")
            )));
        }
    }
    taken.push(parts.to_vec());
    Ok(())
}

/// MongoDB's field order for applying updates: numbers numerically when both are indexes.
fn compare_paths(a: &[String], b: &[String]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let ord = match (parse_index(x), parse_index(y)) {
            (Some(i), Some(j)) => i.cmp(&j),
            _ => x.cmp(y),
        };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    a.len().cmp(&b.len())
}

/// The destination of `$rename: { path: value }`, checked as MongoDB checks it.
fn parse_rename(path: &str, parts: &[String], value: &Bson) -> Result<(String, Vec<String>), DbError> {
    let Bson::String(to) = value else {
        return Err(DbError::bad(format!("The 'to' field for $rename must be a string: {path}: {}", display(value))));
    };
    let to_parts = split_path(to)?;
    if to_parts == parts {
        return Err(DbError::bad(format!(
            "The source and target field for $rename must differ: {path}: {}",
            display(value)
        )));
    }
    let shared = to_parts.len().min(parts.len());
    if to_parts[..shared] == parts[..shared] {
        return Err(DbError::bad(format!(
            "The source and target field for $rename must not be on the same path: {path}: {}",
            display(value)
        )));
    }
    Ok((to.clone(), to_parts))
}

fn parse_kind(operator: &str, path: &str, value: &Bson) -> Result<Kind, DbError> {
    let entry = || format!("{{{path}: {}}}", display(value));
    Ok(match operator {
        "$set" => Kind::Set(value.clone()),
        "$setOnInsert" => Kind::SetOnInsert(value.clone()),
        "$unset" => Kind::Unset,
        "$inc" | "$mul" => {
            if !super::compare::is_number(value) {
                let verb = if operator == "$inc" { "increment" } else { "multiply" };
                return Err(DbError::bad(format!("Cannot {verb} with non-numeric argument: {}", entry())));
            }
            if operator == "$inc" { Kind::Inc(value.clone()) } else { Kind::Mul(value.clone()) }
        }
        "$min" => Kind::Min(value.clone()),
        "$max" => Kind::Max(value.clone()),
        "$push" => Kind::Push(parse_push(value)?),
        "$addToSet" => Kind::AddToSet(parse_add_to_set(value)?),
        "$pop" => match super::compare::as_f64(value) {
            Some(1.0) => Kind::Pop(false),
            Some(-1.0) => Kind::Pop(true),
            _ => return Err(DbError::bad(format!("$pop expects 1 or -1, found: {}", display(value)))),
        },
        "$pull" => Kind::Pull(parse_pull(value)?),
        "$pullAll" => match value {
            Bson::Array(items) => Kind::PullAll(items.clone()),
            other => {
                return Err(DbError::bad(format!(
                    "$pullAll requires an array argument but was given a {}",
                    super::compare::type_name(other)
                )));
            }
        },
        "$currentDate" => Kind::CurrentDate(parse_current_date(value)?),
        _ => return Err(DbError::UnknownOperator(format!("Unknown modifier: {operator}"))),
    })
}

fn parse_current_date(value: &Bson) -> Result<bool, DbError> {
    match value {
        Bson::Boolean(_) => Ok(false),
        Bson::Document(spec) if spec.len() == 1 => match spec.get("$type") {
            Some(Bson::String(t)) if t == "date" => Ok(false),
            Some(Bson::String(t)) if t == "timestamp" => Ok(true),
            Some(_) => Err(DbError::bad(
                "The '$type' string field is required to be 'date' or 'timestamp': {$currentDate: {field : {$type: 'date'}}}",
            )),
            None => Err(DbError::bad(format!("Unrecognized $currentDate option: {}", display(value)))),
        },
        Bson::Document(_) => Err(DbError::bad(format!("Unrecognized $currentDate option: {}", display(value)))),
        other => Err(DbError::bad(format!(
            "{} is not valid type for $currentDate. Please use a boolean ('true') or a $type expression ({{$type: 'timestamp/date'}}).",
            super::compare::type_name(other)
        ))),
    }
}

fn parse_push(value: &Bson) -> Result<PushSpec, DbError> {
    let plain = PushSpec { each: vec![value.clone()], slice: None, position: None, sort: None };
    let Bson::Document(spec) = value else { return Ok(plain) };
    if !spec.contains_key("$each") {
        // `{ $push: { a: { $slice: -5 } } }` is not a value to push: MongoDB refuses `$` field names.
        if let Some(key) = spec.keys().find(|k| k.starts_with('$')) {
            return Err(DbError::bad(format!(
                "The dollar ($) prefixed field '{key}' in '{key}' is not valid for storage: $push modifiers need $each"
            )));
        }
        return Ok(plain);
    }
    let mut push = PushSpec { each: Vec::new(), slice: None, position: None, sort: None };
    for (key, arg) in spec {
        match key.as_str() {
            "$each" => match arg {
                Bson::Array(items) => push.each = items.clone(),
                other => {
                    return Err(DbError::bad(format!(
                        "The argument to $each in $push must be an array but it was of type: {}",
                        super::compare::type_name(other)
                    )));
                }
            },
            "$slice" => push.slice = Some(integral(arg, "$slice")?),
            "$position" => push.position = Some(integral(arg, "$position")?),
            "$sort" => push.sort = Some(parse_push_sort(arg)?),
            other => return Err(DbError::bad(format!("Unrecognized clause in $push: {other}"))),
        }
    }
    Ok(push)
}

fn integral(value: &Bson, name: &str) -> Result<i64, DbError> {
    match value {
        Bson::Int32(n) => Ok(i64::from(*n)),
        Bson::Int64(n) => Ok(*n),
        Bson::Double(d) if d.fract() == 0.0 && d.abs() < 9.0e15 => Ok(*d as i64),
        other => Err(DbError::bad(format!(
            "The value for {name} must be an integral value but was given type: {}",
            super::compare::type_name(other)
        ))),
    }
}

fn sort_direction(value: &Bson) -> Option<bool> {
    match super::compare::as_f64(value) {
        Some(1.0) => Some(true),
        Some(-1.0) => Some(false),
        _ => None,
    }
}

fn parse_push_sort(value: &Bson) -> Result<PushSort, DbError> {
    let invalid = || {
        DbError::bad(
            "The $sort is invalid: use 1/-1 to sort the whole element, or {field:1/-1} to sort embedded fields",
        )
    };
    if let Some(ascending) = sort_direction(value) {
        return Ok(PushSort::Whole(ascending));
    }
    let Bson::Document(spec) = value else { return Err(invalid()) };
    if spec.is_empty() {
        return Err(invalid());
    }
    let mut fields = Vec::new();
    for (field, direction) in spec {
        split_path(field).map_err(|_| invalid())?;
        fields.push((field.clone(), sort_direction(direction).ok_or_else(invalid)?));
    }
    Ok(PushSort::Fields(fields))
}

fn parse_add_to_set(value: &Bson) -> Result<Vec<Bson>, DbError> {
    let Bson::Document(spec) = value else { return Ok(vec![value.clone()]) };
    match spec.get("$each") {
        None => Ok(vec![value.clone()]),
        Some(_) if spec.len() > 1 => {
            Err(DbError::bad(format!("Found unexpected fields after $each in $addToSet: {}", display(value))))
        }
        Some(Bson::Array(items)) => Ok(items.clone()),
        Some(other) => Err(DbError::bad(format!(
            "The argument to $each in $addToSet must be an array but it was of type {}",
            super::compare::type_name(other)
        ))),
    }
}

fn parse_pull(value: &Bson) -> Result<PullCond, DbError> {
    let wrap = |cond: Bson| -> Result<PullCond, DbError> {
        let mut filter = Document::new();
        filter.insert(PULL_KEY, cond);
        Ok(PullCond::Wrapped(Box::new(Filter::parse(&filter)?)))
    };
    match value {
        Bson::RegularExpression(_) => wrap(value.clone()),
        Bson::Document(cond) => match cond.keys().next() {
            Some(first) if first.starts_with('$') && !matches!(first.as_str(), "$and" | "$or" | "$nor" | "$expr") => {
                wrap(value.clone())
            }
            _ => Ok(PullCond::Object(Box::new(Filter::parse(cond)?))),
        },
        other => Ok(PullCond::Equal(other.clone())),
    }
}
