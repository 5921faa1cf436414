//! Applying one parsed operation to a document: path navigation and the operators' semantics.

use std::cmp::Ordering;

use bson::{Bson, Document, Timestamp};

use super::format::display_document;
use super::{Kind, Op, PULL_KEY, PullCond, PushSort, PushSpec, display, identical};
use crate::bindings::database::DbError;
use crate::bindings::database::engine::compare::{compare, equal, type_name};
use crate::bindings::database::engine::path::{self, parse_index};

/// Longest array MongoDB will pad with nulls to reach an index named by an update.
const MAX_BACKFILL: usize = 1_500_000;

/// The container that holds a path's last component.
enum Slot<'a> {
    Doc(&'a mut Document),
    Arr(&'a mut Vec<Bson>),
}

impl Slot<'_> {
    fn get(&self, key: &str) -> Option<&Bson> {
        match self {
            Slot::Doc(d) => d.get(key),
            Slot::Arr(a) => parse_index(key).and_then(|i| a.get(i)),
        }
    }

    fn get_mut(&mut self, key: &str) -> Option<&mut Bson> {
        match self {
            Slot::Doc(d) => d.get_mut(key),
            Slot::Arr(a) => parse_index(key).and_then(|i| a.get_mut(i)),
        }
    }

    /// Stores `value` at `key`; `name` and `holder` describe the container for MongoDB's message.
    fn set(&mut self, key: &str, value: Bson, name: &str) -> Result<(), DbError> {
        match self {
            Slot::Doc(d) => {
                d.insert(key, value);
                Ok(())
            }
            Slot::Arr(a) => {
                let Some(i) = parse_index(key) else {
                    return Err(cannot_create(key, name, &Bson::Array(a.to_vec())));
                };
                backfill(a, i)?;
                a[i] = value;
                Ok(())
            }
        }
    }

    /// Removes `key`; array elements become null, as `$unset` leaves them.
    fn remove(&mut self, key: &str) -> Option<Bson> {
        match self {
            Slot::Doc(d) => d.remove(key),
            Slot::Arr(a) => parse_index(key).and_then(|i| a.get_mut(i)).map(|v| std::mem::replace(v, Bson::Null)),
        }
    }
}

thread_local! {
    // Nulls padded so far by the update being applied: the limit holds per update, not per path,
    // so twenty paths cannot pad thirty million elements between them.
    static BACKFILLED: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Starts counting the padding of one update.
pub(super) fn reset_backfill() {
    BACKFILLED.with(|b| b.set(0));
}

/// Grows `a` with nulls so that index `i` exists.
fn backfill(a: &mut Vec<Bson>, i: usize) -> Result<(), DbError> {
    if i >= a.len() {
        let total = BACKFILLED.with(|b| b.get()).saturating_add(i - a.len());
        if total > MAX_BACKFILL {
            return Err(DbError::bad(format!("can't backfill more than {MAX_BACKFILL} elements")));
        }
        BACKFILLED.with(|b| b.set(total));
        a.resize(i + 1, Bson::Null);
    }
    Ok(())
}

fn cannot_create(field: &str, name: &str, holder: &Bson) -> DbError {
    let mut element = Document::new();
    element.insert(name, holder.clone());
    DbError::Update(format!("Cannot create field '{field}' in element {}", display_document(&element)))
}

/// Walks to the container of the last component. With `create`, missing documents are made and a
/// scalar in the way is an error; without, a missing or blocked path is `None`. Returns the
/// container and its field name.
fn container<'a>(
    doc: &'a mut Document,
    parts: &'a [String],
    create: bool,
) -> Result<Option<(Slot<'a>, &'a str)>, DbError> {
    let mut slot = Slot::Doc(doc);
    let mut name: &str = "";
    let Some((_, walk)) = parts.split_last() else { return Ok(None) };
    for (depth, key) in walk.iter().enumerate() {
        let child: &mut Bson = match slot {
            Slot::Doc(d) => {
                if !d.contains_key(key) {
                    if !create {
                        return Ok(None);
                    }
                    d.insert(key.clone(), Document::new());
                }
                match d.get_mut(key) {
                    Some(child) => child,
                    None => return Ok(None),
                }
            }
            Slot::Arr(a) => match parse_index(key) {
                Some(i) if i < a.len() => &mut a[i],
                Some(i) if create => {
                    backfill(a, i)?;
                    a[i] = Bson::Document(Document::new());
                    &mut a[i]
                }
                Some(_) => return Ok(None),
                None if create => return Err(cannot_create(key, name, &Bson::Array(a.to_vec()))),
                None => return Ok(None),
            },
        };
        slot = match child {
            Bson::Document(d) => Slot::Doc(d),
            Bson::Array(a) => Slot::Arr(a),
            other if create => return Err(cannot_create(&parts[depth + 1], key, other)),
            _ => return Ok(None),
        };
        name = key;
    }
    Ok(Some((slot, name)))
}

fn last(parts: &[String]) -> &str {
    parts.last().map_or("", String::as_str)
}

fn id_text(id: Option<&Bson>) -> String {
    id.map_or_else(|| "{}".to_owned(), |id| format!("{{_id: {}}}", display(id)))
}

/// Applies one operation; returns whether the document changed.
pub(super) fn apply_op(op: &Op, doc: &mut Document, id: Option<&Bson>) -> Result<bool, DbError> {
    let parts = op.parts.as_slice();
    let key = last(parts);
    match &op.kind {
        Kind::Unset => {
            let Some((mut slot, _)) = container(doc, parts, false)? else { return Ok(false) };
            // MongoDB counts an unset array element as modified even when it was null already.
            Ok(slot.remove(key).is_some())
        }
        Kind::Pop(first) => {
            let Some((mut slot, _)) = container(doc, parts, false)? else { return Ok(false) };
            match slot.get_mut(key) {
                None => Ok(false),
                Some(Bson::Array(items)) if items.is_empty() => Ok(false),
                Some(Bson::Array(items)) => {
                    if *first {
                        items.remove(0);
                    } else {
                        items.pop();
                    }
                    Ok(true)
                }
                Some(other) => Err(DbError::Update(format!(
                    "Path '{}' contains an element of non-array type '{}'",
                    op.path,
                    type_name(other)
                ))),
            }
        }
        Kind::Pull(_) | Kind::PullAll(_) => {
            let Some((mut slot, _)) = container(doc, parts, false)? else { return Ok(false) };
            match slot.get_mut(key) {
                None => Ok(false),
                Some(Bson::Array(items)) => {
                    let before = items.len();
                    let mut error = None;
                    items.retain(|item| match pulls(&op.kind, item) {
                        Ok(hit) => !hit,
                        Err(e) => {
                            error.get_or_insert(e);
                            true
                        }
                    });
                    match error {
                        Some(e) => Err(e),
                        None => Ok(items.len() != before),
                    }
                }
                Some(_) => Err(DbError::Update("Cannot apply $pull to a non-array value".into())),
            }
        }
        Kind::Rename { from, from_parts } => rename(doc, from, from_parts, op, id),
        _ => {
            let Some((mut slot, name)) = container(doc, parts, true)? else { return Ok(false) };
            let current = slot.get(key);
            let Some(new) = compute(op, current, id)? else { return Ok(false) };
            if current.is_some_and(|old| identical(old, &new)) {
                return Ok(false);
            }
            slot.set(key, new, name)?;
            Ok(true)
        }
    }
}

/// Whether `$pull`/`$pullAll` removes `item`.
fn pulls(kind: &Kind, item: &Bson) -> Result<bool, DbError> {
    Ok(match kind {
        Kind::PullAll(values) => values.iter().any(|v| equal(v, item)),
        Kind::Pull(PullCond::Equal(v)) => equal(v, item),
        Kind::Pull(PullCond::Wrapped(filter)) => {
            let mut wrapped = Document::new();
            wrapped.insert(PULL_KEY, item.clone());
            filter.matches(&wrapped)
        }
        Kind::Pull(PullCond::Object(filter)) => match item {
            Bson::Document(d) => filter.matches(d),
            _ => false,
        },
        _ => false,
    })
}

/// The new value of a writing operation given the current one; `None` leaves the field alone.
fn compute(op: &Op, current: Option<&Bson>, id: Option<&Bson>) -> Result<Option<Bson>, DbError> {
    let field = last(&op.parts);
    Ok(match (&op.kind, current) {
        (Kind::Set(v) | Kind::SetOnInsert(v), _) => Some(v.clone()),
        (Kind::Inc(by), None) => Some(by.clone()),
        (Kind::Mul(by), None) => Some(match by {
            Bson::Int32(_) => Bson::Int32(0),
            Bson::Int64(_) => Bson::Int64(0),
            _ => Bson::Double(0.0),
        }),
        (Kind::Inc(by) | Kind::Mul(by), Some(old)) => {
            let name = if matches!(op.kind, Kind::Inc(_)) { "$inc" } else { "$mul" };
            let result = arithmetic(matches!(op.kind, Kind::Inc(_)), old, by).ok_or_else(|| match old {
                Bson::Int32(_) | Bson::Int64(_) | Bson::Double(_) => DbError::Update(format!(
                    "Failed to apply {name} operations to current value ({}{}) for document {}",
                    numeric_label(old),
                    display(old),
                    id_text(id)
                )),
                Bson::Decimal128(_) => {
                    DbError::Unsupported(format!("{name} on decimal values is not supported by the embedded database"))
                }
                _ => DbError::Update(format!(
                    "Cannot apply {name} to a value of non-numeric type. {} has the field '{field}' of non-numeric type {}",
                    id_text(id),
                    type_name(old)
                )),
            })?;
            Some(result)
        }
        (Kind::Min(v) | Kind::Max(v), None) => Some(v.clone()),
        (Kind::Min(v), Some(old)) => (compare(v, old) == Ordering::Less).then(|| v.clone()),
        (Kind::Max(v), Some(old)) => (compare(v, old) == Ordering::Greater).then(|| v.clone()),
        (Kind::Push(spec), None) => Some(Bson::Array(push(Vec::new(), spec))),
        (Kind::Push(spec), Some(Bson::Array(items))) => Some(Bson::Array(push(items.clone(), spec))),
        (Kind::Push(_), Some(other)) => {
            return Err(DbError::Update(format!(
                "The field '{field}' must be an array but is of type {} in document {}",
                type_name(other),
                id_text(id)
            )));
        }
        (Kind::AddToSet(values), current) => {
            let mut items = match current {
                None => Vec::new(),
                Some(Bson::Array(items)) => items.clone(),
                Some(other) => {
                    return Err(DbError::Update(format!(
                        "Cannot apply $addToSet to non-array field. Field named '{field}' has non-array type {}",
                        type_name(other)
                    )));
                }
            };
            for value in values {
                if !items.iter().any(|item| equal(item, value)) {
                    items.push(value.clone());
                }
            }
            Some(Bson::Array(items))
        }
        (Kind::CurrentDate(timestamp), _) => Some(now(*timestamp)),
        _ => None,
    })
}

fn numeric_label(value: &Bson) -> &'static str {
    match value {
        Bson::Int32(_) => "(NumberInt)",
        Bson::Int64(_) => "(NumberLong)",
        _ => "(NumberDouble)",
    }
}

fn now(timestamp: bool) -> Bson {
    let date = bson::DateTime::now();
    if timestamp {
        let secs = u32::try_from(date.timestamp_millis().div_euclid(1000)).unwrap_or(u32::MAX);
        Bson::Timestamp(Timestamp { time: secs, increment: 1 })
    } else {
        Bson::DateTime(date)
    }
}

/// `$inc` (`add`) or `$mul` with MongoDB's type rules: int32 results that overflow widen to int64,
/// any double makes a double, int64 overflow is an error (`None`), as is a non-number.
pub(super) fn arithmetic(add: bool, old: &Bson, by: &Bson) -> Option<Bson> {
    let int = |v: &Bson| match v {
        Bson::Int32(n) => Some(i64::from(*n)),
        Bson::Int64(n) => Some(*n),
        _ => None,
    };
    let float = |v: &Bson| match v {
        Bson::Int32(n) => Some(f64::from(*n)),
        Bson::Int64(n) => Some(*n as f64),
        Bson::Double(d) => Some(*d),
        _ => None,
    };
    match (old, by) {
        (Bson::Int32(a), Bson::Int32(b)) => {
            let wide = if add { i64::from(*a) + i64::from(*b) } else { i64::from(*a) * i64::from(*b) };
            Some(i32::try_from(wide).map_or(Bson::Int64(wide), Bson::Int32))
        }
        (Bson::Double(_), _) | (_, Bson::Double(_)) => {
            let (a, b) = (float(old)?, float(by)?);
            Some(Bson::Double(if add { a + b } else { a * b }))
        }
        _ => {
            let (a, b) = (int(old)?, int(by)?);
            let result = if add { a.checked_add(b) } else { a.checked_mul(b) };
            result.map(Bson::Int64)
        }
    }
}

/// `$push` with its modifiers, applied in MongoDB's order: insert at `$position`, `$sort`, `$slice`.
fn push(mut items: Vec<Bson>, spec: &PushSpec) -> Vec<Bson> {
    let at = match spec.position {
        None => items.len(),
        Some(p) if p >= 0 => usize::try_from(p).unwrap_or(usize::MAX).min(items.len()),
        Some(p) => items.len().saturating_sub(usize::try_from(p.unsigned_abs()).unwrap_or(usize::MAX)),
    };
    items.splice(at..at, spec.each.iter().cloned());
    match &spec.sort {
        Some(PushSort::Whole(ascending)) => items.sort_by(|a, b| directed(compare(a, b), *ascending)),
        Some(PushSort::Fields(fields)) => items.sort_by(|a, b| compare_by_fields(a, b, fields)),
        None => {}
    }
    if let Some(slice) = spec.slice {
        let n = usize::try_from(slice.unsigned_abs()).unwrap_or(usize::MAX);
        if slice >= 0 {
            items.truncate(n);
        } else if n < items.len() {
            items.drain(..items.len() - n);
        }
    }
    items
}

fn directed(ord: Ordering, ascending: bool) -> Ordering {
    if ascending { ord } else { ord.reverse() }
}

fn compare_by_fields(a: &Bson, b: &Bson, fields: &[(String, bool)]) -> Ordering {
    for (field, ascending) in fields {
        let get = |v: &Bson| match v {
            Bson::Document(d) => path::get(d, field).cloned().unwrap_or(Bson::Null),
            _ => Bson::Null,
        };
        let ord = directed(compare(&get(a), &get(b)), *ascending);
        if ord != Ordering::Equal {
            return ord;
        }
    }
    Ordering::Equal
}

/// Whether a path crosses an array before its last component; returns the array's field name.
fn crosses_array<'a>(doc: &Document, parts: &'a [String]) -> Option<&'a str> {
    let (_, walk) = parts.split_last()?;
    let mut current = Some(doc);
    for key in walk {
        match current.and_then(|d| d.get(key)) {
            Some(Bson::Array(_)) => return Some(key),
            Some(Bson::Document(d)) => current = Some(d),
            _ => return None,
        }
    }
    None
}

fn rename(doc: &mut Document, from: &str, from_parts: &[String], op: &Op, id: Option<&Bson>) -> Result<bool, DbError> {
    let id_value = id.map_or_else(|| "null".to_owned(), display);
    if let Some(array) = crosses_array(doc, from_parts) {
        return Err(DbError::Update(format!(
            "The source field cannot be an array element, '{from}' in doc with _id: {id_value} has an array field called '{array}'"
        )));
    }
    if let Some(array) = crosses_array(doc, &op.parts) {
        return Err(DbError::Update(format!(
            "The destination field cannot be an array element, '{}' in doc with _id: {id_value} has an array field called '{array}'",
            op.path
        )));
    }
    let value = match container(doc, from_parts, false)? {
        Some((mut slot, _)) => slot.remove(last(from_parts)),
        None => None,
    };
    let Some(value) = value else { return Ok(false) };
    let key = last(&op.parts);
    match container(doc, &op.parts, true)? {
        Some((mut slot, name)) => slot.set(key, value, name)?,
        None => return Ok(false),
    }
    Ok(true)
}
