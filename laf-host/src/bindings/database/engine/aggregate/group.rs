//! `$group` with its accumulators, and `$sortByCount` built on it.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use bson::{Bson, Document};

use crate::bindings::database::DbError;
use crate::bindings::database::engine::compare::{as_f64, compare, equal, is_number};
use crate::bindings::database::engine::expr::{Expr, add_numbers};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Acc {
    Sum,
    Avg,
    Min,
    Max,
    First,
    Last,
    Push,
    AddToSet,
    Count,
}

/// A parsed `$group` stage.
#[derive(Debug, Clone)]
pub(super) struct Group {
    id: Expr,
    fields: Vec<(String, Acc, Expr)>,
}

/// A group key ordered by BSON's total order, so equal values (`1` and `1.0`) share a group.
struct Key(Bson);

impl PartialEq for Key {
    fn eq(&self, other: &Self) -> bool {
        equal(&self.0, &other.0)
    }
}
impl Eq for Key {}
impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Key {
    fn cmp(&self, other: &Self) -> Ordering {
        compare(&self.0, &other.0)
    }
}

/// One accumulator's running state.
enum State {
    Sum(Bson),
    Avg(f64, u64),
    Best(Option<Bson>),
    First(Option<Bson>),
    Last(Bson),
    List(Vec<Bson>),
}

impl Group {
    /// Parses `{ _id: expression, field: { $accumulator: expression }, ... }`.
    pub(super) fn parse(spec: &Bson) -> Result<Group, DbError> {
        let Bson::Document(spec) = spec else {
            return Err(DbError::bad("a group's fields must be specified in an object"));
        };
        let id = match spec.get("_id") {
            Some(id) => Expr::parse(id)?,
            None => return Err(DbError::bad("a group specification must include an _id")),
        };
        let mut fields = Vec::new();
        for (name, value) in spec.iter().filter(|(k, _)| *k != "_id") {
            if name.contains('.') {
                return Err(DbError::bad(format!("The field name '{name}' cannot contain '.'")));
            }
            if name.starts_with('$') {
                return Err(DbError::bad(format!("The field name '{name}' cannot be an operator name")));
            }
            let Bson::Document(acc) = value else {
                return Err(DbError::bad(format!("The field '{name}' must be an accumulator object")));
            };
            if acc.len() != 1 {
                return Err(DbError::bad(format!("The field '{name}' must specify one accumulator")));
            }
            let Some((op, arg)) = acc.iter().next() else { continue };
            let kind = match op.as_str() {
                "$sum" => Acc::Sum,
                "$avg" => Acc::Avg,
                "$min" => Acc::Min,
                "$max" => Acc::Max,
                "$first" => Acc::First,
                "$last" => Acc::Last,
                "$push" => Acc::Push,
                "$addToSet" => Acc::AddToSet,
                "$count" => {
                    if !matches!(arg, Bson::Document(d) if d.is_empty()) {
                        return Err(DbError::bad("$count takes no arguments, i.e. $count:{}"));
                    }
                    Acc::Count
                }
                other => return Err(DbError::UnknownOperator(format!("unknown group operator '{other}'"))),
            };
            if matches!(arg, Bson::Array(_)) && kind != Acc::Count {
                return Err(DbError::bad(format!("The {op} accumulator is a unary operator")));
            }
            let expr = if kind == Acc::Count { Expr::parse(&Bson::Int32(1))? } else { Expr::parse(arg)? };
            fields.push((name.clone(), kind, expr));
        }
        Ok(Group { id, fields })
    }

    /// A `$group` counting documents per value of `expr`, as `$sortByCount` does before sorting.
    pub(super) fn count_by(expr: Expr) -> Group {
        Group { id: expr, fields: vec![("count".to_owned(), Acc::Count, Expr::constant(Bson::Int32(1)))] }
    }

    /// Groups `docs`; groups come out in order of first appearance.
    pub(super) fn run(&self, docs: Vec<Document>) -> Result<Vec<Document>, DbError> {
        let mut index: BTreeMap<Key, usize> = BTreeMap::new();
        let mut groups: Vec<(Bson, Vec<State>)> = Vec::new();
        for doc in &docs {
            let key = self.id.eval(doc)?.unwrap_or(Bson::Null);
            let slot = match index.get(&Key(key.clone())) {
                Some(&i) => i,
                None => {
                    let states = self.fields.iter().map(|(_, acc, _)| start(*acc)).collect();
                    groups.push((key.clone(), states));
                    index.insert(Key(key), groups.len() - 1);
                    groups.len() - 1
                }
            };
            for ((_, acc, expr), state) in self.fields.iter().zip(groups[slot].1.iter_mut()) {
                let value = expr.eval(doc)?;
                accumulate(*acc, state, value)?;
            }
        }
        Ok(groups
            .into_iter()
            .map(|(key, states)| {
                let mut out = Document::new();
                out.insert("_id", key);
                for ((name, _, _), state) in self.fields.iter().zip(states) {
                    out.insert(name.clone(), finish(state));
                }
                out
            })
            .collect())
    }
}

fn start(acc: Acc) -> State {
    match acc {
        Acc::Sum | Acc::Count => State::Sum(Bson::Int32(0)),
        Acc::Avg => State::Avg(0.0, 0),
        Acc::Min | Acc::Max => State::Best(None),
        Acc::First => State::First(None),
        Acc::Last => State::Last(Bson::Null),
        Acc::Push | Acc::AddToSet => State::List(Vec::new()),
    }
}

fn accumulate(acc: Acc, state: &mut State, value: Option<Bson>) -> Result<(), DbError> {
    match (acc, state) {
        (Acc::Sum | Acc::Count, State::Sum(total)) => {
            // Non-numeric values, arrays included, are ignored by $sum in $group.
            if let Some(v) = value.filter(is_number) {
                *total = add_numbers(total, &v)?;
            }
        }
        (Acc::Avg, State::Avg(sum, count)) => {
            if let Some(x) = value.as_ref().and_then(as_f64) {
                *sum += x;
                *count += 1;
            }
        }
        (Acc::Min | Acc::Max, State::Best(best)) => {
            if let Some(v) = value.filter(|v| !matches!(v, Bson::Null | Bson::Undefined)) {
                let better = best.as_ref().is_none_or(|b| {
                    let ord = compare(&v, b);
                    if acc == Acc::Min { ord == Ordering::Less } else { ord == Ordering::Greater }
                });
                if better {
                    *best = Some(v);
                }
            }
        }
        (Acc::First, State::First(first)) if first.is_none() => *first = Some(value.unwrap_or(Bson::Null)),
        (Acc::Last, State::Last(last)) => *last = value.unwrap_or(Bson::Null),
        (Acc::Push, State::List(items)) => items.extend(value),
        (Acc::AddToSet, State::List(items)) => {
            if let Some(v) = value.filter(|v| !items.iter().any(|item| equal(item, v))) {
                items.push(v);
            }
        }
        _ => {}
    }
    Ok(())
}

fn finish(state: State) -> Bson {
    match state {
        State::Sum(total) => total,
        State::Avg(_, 0) => Bson::Null,
        State::Avg(sum, count) => Bson::Double(sum / count as f64),
        State::Best(best) => best.unwrap_or(Bson::Null),
        State::First(first) => first.unwrap_or(Bson::Null),
        State::Last(last) => last,
        State::List(items) => Bson::Array(items),
    }
}
