//! Aggregation pipelines: `$match`, `$group`, `$lookup`, ... run over documents in memory.

mod group;
mod project;
#[cfg(test)]
mod tests;

use bson::{Bson, Document};

use super::compare::type_name;
use super::expr::Expr;
use super::path;
use super::query::Filter;
use super::sort::SortSpec;
use super::update::{display, split_path};
use crate::bindings::database::DbError;
use group::Group;
use project::{AddFields, Projection};

/// Where `$lookup` reads its foreign collection from.
pub trait CollectionSource {
    /// Every document of `collection` (empty when it does not exist).
    fn documents(&self, collection: &str) -> Result<Vec<Document>, DbError>;
}

/// A parsed pipeline.
#[derive(Debug, Clone)]
pub struct Pipeline {
    stages: Vec<Stage>,
}

#[derive(Debug, Clone)]
enum Stage {
    Match(Box<Filter>),
    Project(Projection),
    AddFields(AddFields),
    Group(Group),
    Sort(SortSpec),
    Skip(u64),
    Limit(u64),
    Count(String),
    Unwind(Unwind),
    Lookup(Lookup),
    ReplaceRoot(Expr, &'static str),
    SortByCount(Group),
}

#[derive(Debug, Clone)]
struct Unwind {
    path: Vec<String>,
    index: Option<String>,
    preserve: bool,
}

#[derive(Debug, Clone)]
struct Lookup {
    from: String,
    local: String,
    foreign: String,
    as_path: Vec<String>,
}

impl Pipeline {
    /// Parses the stages; an unknown stage fails naming it
    /// (`Unrecognized pipeline stage name: '$foo'`).
    pub fn parse(stages: &[Document]) -> Result<Pipeline, DbError> {
        let stages = stages.iter().map(parse_stage).collect::<Result<_, _>>()?;
        Ok(Pipeline { stages })
    }

    /// The filter of a leading `$match`, which the storage may serve from an index.
    pub fn leading_match(&self) -> Option<&Filter> {
        match self.stages.first() {
            Some(Stage::Match(filter)) => Some(filter),
            _ => None,
        }
    }

    /// Runs the pipeline over `input` (already filtered by `leading_match` when the caller used it:
    /// pass `skip_leading_match = true` then).
    pub fn run(
        &self,
        input: Vec<Document>,
        skip_leading_match: bool,
        source: &dyn CollectionSource,
    ) -> Result<Vec<Document>, DbError> {
        let mut docs = input;
        for (i, stage) in self.stages.iter().enumerate() {
            if i == 0 && skip_leading_match && matches!(stage, Stage::Match(..)) {
                continue;
            }
            docs = run_stage(stage, docs, source)?;
            if matches!(
                stage,
                Stage::Project(_) | Stage::AddFields(_) | Stage::Group(_) | Stage::Lookup(_) | Stage::ReplaceRoot(..)
            ) {
                // Computed documents may grow stage after stage ($concatArrays of a field with
                // itself doubles it): every one must still be a valid document.
                docs.iter().try_for_each(super::check_document)?;
            }
        }
        Ok(docs)
    }
}

fn parse_stage(stage: &Document) -> Result<Stage, DbError> {
    if stage.len() != 1 {
        return Err(DbError::bad("A pipeline stage specification object must contain exactly one field."));
    }
    let Some((name, spec)) = stage.iter().next() else {
        return Err(DbError::bad("A pipeline stage specification object must contain exactly one field."));
    };
    let object = |what: &str| match spec {
        Bson::Document(d) => Ok(d),
        other => Err(DbError::bad(format!("{what}, found: {}", type_name(other)))),
    };
    Ok(match name.as_str() {
        "$match" => {
            let filter = object("the match filter must be an expression in an object")?;
            Stage::Match(Box::new(Filter::parse(filter)?))
        }
        "$project" => Stage::Project(Projection::parse(object("$project specification must be an object")?)?),
        "$addFields" | "$set" => {
            Stage::AddFields(AddFields::parse(object(&format!("{name} specification stage must be an object"))?)?)
        }
        "$unset" => Stage::Project(Projection::parse_unset(spec)?),
        "$group" => Stage::Group(Group::parse(spec)?),
        "$sort" => {
            let spec = object("the $sort key specification must be an object")?;
            if spec.is_empty() {
                return Err(DbError::bad("$sort stage must have at least one sort key"));
            }
            Stage::Sort(SortSpec::parse(spec)?)
        }
        "$skip" => Stage::Skip(count_arg(spec, "$skip", 0)?),
        "$limit" => Stage::Limit(count_arg(spec, "$limit", 1)?),
        "$count" => Stage::Count(parse_count(spec)?),
        "$unwind" => Stage::Unwind(parse_unwind(spec)?),
        "$lookup" => Stage::Lookup(parse_lookup(object("the $lookup specification must be an Object")?)?),
        "$replaceRoot" => {
            let spec = object("expected an object as specification for $replaceRoot stage")?;
            if let Some(k) = spec.keys().find(|k| *k != "newRoot") {
                return Err(DbError::bad(format!("unrecognized option to $replaceRoot stage: {k}")));
            }
            match spec.get("newRoot") {
                Some(root) => Stage::ReplaceRoot(Expr::parse(root)?, "'newRoot' expression "),
                None => return Err(DbError::bad("no newRoot specified for the $replaceRoot stage")),
            }
        }
        "$replaceWith" => Stage::ReplaceRoot(Expr::parse(spec)?, "'replacement document' "),
        "$sortByCount" => {
            let ok = matches!(spec, Bson::String(s) if s.starts_with('$') && !s.starts_with("$$"))
                || matches!(spec, Bson::Document(d) if d.len() == 1 && d.keys().all(|k| k.starts_with('$')));
            if !ok {
                return Err(DbError::bad(
                    "the sortByCount field must be defined as a $-prefixed path or an expression",
                ));
            }
            Stage::SortByCount(Group::count_by(Expr::parse(spec)?))
        }
        "$facet" | "$bucket" | "$bucketAuto" | "$graphLookup" | "$unionWith" | "$sample" | "$out" | "$merge"
        | "$geoNear" | "$densify" | "$fill" | "$setWindowFields" | "$redact" | "$documents" | "$collStats"
        | "$indexStats" => {
            return Err(DbError::Unsupported(format!(
                "The {name} aggregation stage is not supported by the embedded database"
            )));
        }
        other => return Err(DbError::UnknownOperator(format!("Unrecognized pipeline stage name: '{other}'"))),
    })
}

fn count_arg(spec: &Bson, stage: &str, min: i64) -> Result<u64, DbError> {
    let n = match spec {
        Bson::Int32(n) => Some(i64::from(*n)),
        Bson::Int64(n) => Some(*n),
        Bson::Double(d) if d.fract() == 0.0 && d.abs() < 9.0e18 => Some(*d as i64),
        _ => None,
    };
    match n {
        Some(n) if n >= min => Ok(u64::try_from(n).unwrap_or(0)),
        Some(n) if stage == "$limit" => {
            Err(DbError::bad(format!("invalid argument to $limit stage: the limit must be positive: {n}")))
        }
        Some(n) => {
            Err(DbError::bad(format!("invalid argument to $skip stage: Expected a non-negative number in: $skip: {n}")))
        }
        None => Err(DbError::bad(format!(
            "invalid argument to {stage} stage: Expected a number in: {stage}: {}",
            display(spec)
        ))),
    }
}

fn parse_count(spec: &Bson) -> Result<String, DbError> {
    let Bson::String(field) = spec else { return Err(DbError::bad("the count field must be a non-empty string")) };
    if field.is_empty() {
        return Err(DbError::bad("the count field must be a non-empty string"));
    }
    if field.starts_with('$') {
        return Err(DbError::bad("the count field cannot be a $-prefixed path"));
    }
    if field.contains('.') {
        return Err(DbError::bad("the count field cannot contain '.'"));
    }
    Ok(field.clone())
}

fn unwind_path(path: &str) -> Result<Vec<String>, DbError> {
    let Some(rest) = path.strip_prefix('$') else {
        return Err(DbError::bad(format!("path option to $unwind stage should be prefixed with a '$': {path}")));
    };
    split_path(rest).map_err(|_| DbError::bad(format!("invalid $unwind path: {path}")))
}

fn parse_unwind(spec: &Bson) -> Result<Unwind, DbError> {
    match spec {
        Bson::String(path) => Ok(Unwind { path: unwind_path(path)?, index: None, preserve: false }),
        Bson::Document(options) => {
            let mut unwind = Unwind { path: Vec::new(), index: None, preserve: false };
            for (key, value) in options {
                match (key.as_str(), value) {
                    ("path", Bson::String(p)) => unwind.path = unwind_path(p)?,
                    ("path", other) => {
                        return Err(DbError::bad(format!(
                            "expected a string as the path for $unwind stage, got {}",
                            type_name(other)
                        )));
                    }
                    ("includeArrayIndex", Bson::String(i)) if i.starts_with('$') => {
                        return Err(DbError::bad(format!(
                            "includeArrayIndex option to $unwind stage should not be prefixed with a '$': {i}"
                        )));
                    }
                    ("includeArrayIndex", Bson::String(i)) if !i.is_empty() => unwind.index = Some(i.clone()),
                    ("includeArrayIndex", other) => {
                        return Err(DbError::bad(format!(
                            "expected a non-empty string for the includeArrayIndex option to $unwind stage, got {}",
                            type_name(other)
                        )));
                    }
                    ("preserveNullAndEmptyArrays", Bson::Boolean(b)) => unwind.preserve = *b,
                    ("preserveNullAndEmptyArrays", other) => {
                        return Err(DbError::bad(format!(
                            "expected a boolean for the preserveNullAndEmptyArrays option to $unwind stage, got {}",
                            type_name(other)
                        )));
                    }
                    (other, _) => return Err(DbError::bad(format!("unrecognized option to $unwind stage: {other}"))),
                }
            }
            if unwind.path.is_empty() {
                return Err(DbError::bad("no path specified to $unwind stage"));
            }
            Ok(unwind)
        }
        other => Err(DbError::bad(format!(
            "expected either a string or an object as specification for $unwind stage, got {}",
            type_name(other)
        ))),
    }
}

fn parse_lookup(spec: &Document) -> Result<Lookup, DbError> {
    let mut fields: [Option<String>; 4] = Default::default();
    for (key, value) in spec {
        let slot = match key.as_str() {
            "from" => 0,
            "localField" => 1,
            "foreignField" => 2,
            "as" => 3,
            "pipeline" | "let" => {
                return Err(DbError::Unsupported(
                    "$lookup with 'pipeline' or 'let' is not supported by the embedded database; use localField/foreignField"
                        .into(),
                ));
            }
            other => return Err(DbError::bad(format!("unknown argument to $lookup: {other}"))),
        };
        let Bson::String(s) = value else {
            return Err(DbError::bad(format!(
                "$lookup argument '{key}: {}' must be a string, is type {}",
                display(value),
                type_name(value)
            )));
        };
        fields[slot] = Some(s.clone());
    }
    let [from, local, foreign, as_field] = fields;
    let Some(as_field) = as_field else { return Err(DbError::bad("must specify 'as' field for a $lookup")) };
    let (Some(local), Some(foreign)) = (local, foreign) else {
        return Err(DbError::bad(
            "$lookup requires either 'pipeline' or both 'localField' and 'foreignField' to be specified",
        ));
    };
    let Some(from) = from else { return Err(DbError::bad("must specify 'from' field for a $lookup")) };
    Ok(Lookup { from, local, foreign, as_path: split_path(&as_field)? })
}

/// The value at `parts` through documents only: aggregation paths do not index into arrays.
fn get_field<'a>(doc: &'a Document, parts: &[String]) -> Option<&'a Bson> {
    let (first, rest) = parts.split_first()?;
    let mut current = doc.get(first)?;
    for part in rest {
        current = match current {
            Bson::Document(d) => d.get(part)?,
            _ => return None,
        };
    }
    Some(current)
}

/// Sets `parts`, replacing anything in the way with documents, as aggregation stages write fields.
fn set_field(doc: &mut Document, parts: &[String], value: Bson) {
    let Some((first, rest)) = parts.split_first() else { return };
    if rest.is_empty() {
        doc.insert(first.clone(), value);
        return;
    }
    if !matches!(doc.get(first), Some(Bson::Document(_))) {
        doc.insert(first.clone(), Document::new());
    }
    if let Some(Bson::Document(child)) = doc.get_mut(first) {
        set_field(child, rest, value);
    }
}

fn remove_field(doc: &mut Document, parts: &[String]) {
    match parts {
        [] => {}
        [last] => {
            doc.remove(last);
        }
        [first, rest @ ..] => {
            if let Some(Bson::Document(child)) = doc.get_mut(first) {
                remove_field(child, rest);
            }
        }
    }
}

fn run_stage(stage: &Stage, docs: Vec<Document>, source: &dyn CollectionSource) -> Result<Vec<Document>, DbError> {
    Ok(match stage {
        Stage::Match(filter) => docs.into_iter().filter(|d| filter.matches(d)).collect(),
        Stage::Project(projection) => docs.iter().map(|d| projection.apply(d)).collect::<Result<_, _>>()?,
        Stage::AddFields(add) => docs.iter().map(|d| add.apply(d)).collect::<Result<_, _>>()?,
        Stage::Group(group) => group.run(docs)?,
        Stage::Sort(spec) => {
            let mut docs = docs;
            spec.sort(&mut docs);
            docs
        }
        Stage::Skip(n) => docs.into_iter().skip(usize::try_from(*n).unwrap_or(usize::MAX)).collect(),
        Stage::Limit(n) => docs.into_iter().take(usize::try_from(*n).unwrap_or(usize::MAX)).collect(),
        Stage::Count(field) => {
            if docs.is_empty() {
                Vec::new()
            } else {
                let n = docs.len();
                let mut out = Document::new();
                out.insert(field.clone(), i32::try_from(n).map_or(Bson::Int64(n as i64), Bson::Int32));
                vec![out]
            }
        }
        Stage::Unwind(unwind) => {
            let mut out = Vec::with_capacity(docs.len());
            for doc in docs {
                unwind_one(unwind, doc, &mut out);
            }
            out
        }
        Stage::Lookup(lookup) => {
            let foreign = source.documents(&lookup.from)?;
            let mut out = Vec::with_capacity(docs.len());
            for mut doc in docs {
                let matched = lookup_matches(lookup, &doc, &foreign)?;
                set_field(&mut doc, &lookup.as_path, Bson::Array(matched));
                out.push(doc);
            }
            out
        }
        Stage::ReplaceRoot(expr, what) => {
            let mut out = Vec::with_capacity(docs.len());
            for doc in docs {
                match expr.eval(&doc)? {
                    Some(Bson::Document(d)) => out.push(d),
                    other => {
                        return Err(DbError::bad(format!(
                            "{what}must evaluate to an object, but resulting value was: {}. Type of resulting value: '{}'. Input document: {}",
                            other.as_ref().map_or("MISSING".to_owned(), display),
                            other.as_ref().map_or("missing", type_name),
                            display(&Bson::Document(doc.clone()))
                        )));
                    }
                }
            }
            out
        }
        Stage::SortByCount(group) => {
            let mut grouped = group.run(docs)?;
            // Stable, so ties keep first-appearance order.
            grouped.sort_by(|a, b| {
                let count = |d: &Document| d.get("count").cloned().unwrap_or(Bson::Null);
                super::compare::compare(&count(b), &count(a))
            });
            grouped
        }
    })
}

fn unwind_one(unwind: &Unwind, doc: Document, out: &mut Vec<Document>) {
    let with_index = |mut d: Document, index: Bson| {
        if let Some(field) = &unwind.index {
            d.insert(field.clone(), index);
        }
        d
    };
    match get_field(&doc, &unwind.path).cloned() {
        Some(Bson::Array(items)) if !items.is_empty() => {
            // Each copy gets a placeholder where the array was (keeping field order), not the
            // whole array: unwinding is linear in the array's length, not quadratic.
            let mut base = doc;
            set_field(&mut base, &unwind.path, Bson::Null);
            for (i, item) in items.into_iter().enumerate() {
                let mut copy = base.clone();
                set_field(&mut copy, &unwind.path, item);
                out.push(with_index(copy, Bson::Int64(i64::try_from(i).unwrap_or(i64::MAX))));
            }
        }
        Some(Bson::Array(_)) => {
            if unwind.preserve {
                let mut copy = doc;
                remove_field(&mut copy, &unwind.path);
                out.push(with_index(copy, Bson::Null));
            }
        }
        None | Some(Bson::Null | Bson::Undefined) => {
            if unwind.preserve {
                out.push(with_index(doc, Bson::Null));
            }
        }
        // A non-array value unwinds as a one-element array.
        Some(_) => out.push(with_index(doc, Bson::Null)),
    }
}

/// Foreign documents whose `foreignField` equals the local value, or any element of a local
/// array; a missing local field matches foreign documents where the field is null or missing.
fn lookup_matches(lookup: &Lookup, doc: &Document, foreign: &[Document]) -> Result<Vec<Bson>, DbError> {
    let mut values = path::distinct_values(doc, &lookup.local);
    if values.is_empty() {
        if matches!(path::get(doc, &lookup.local), Some(Bson::Array(_))) {
            return Ok(Vec::new());
        }
        values.push(Bson::Null);
    }
    let mut condition = Document::new();
    condition.insert("$in", Bson::Array(values));
    let mut filter = Document::new();
    filter.insert(lookup.foreign.clone(), condition);
    let filter = Filter::parse(&filter)?;
    let mut budget = super::MAX_BSON_BYTES;
    let mut out = Vec::new();
    for f in foreign.iter().filter(|f| filter.matches(f)) {
        let size = f.to_vec().map_or(usize::MAX, |b| b.len());
        budget = budget
            .checked_sub(size)
            .ok_or_else(|| DbError::bad("$lookup: the joined array would make the document larger than 16MB"))?;
        out.push(Bson::Document(f.clone()));
    }
    Ok(out)
}
